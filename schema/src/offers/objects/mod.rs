//! GraphQL objects of offers, negotiations and campaigns.

mod campaign;
mod negotiation;

pub use campaign::*;
pub use negotiation::*;

use crate::digests::ConfirmedText;
use crate::digests::objects::TextDigest;
use crate::digests::storage::Of;
use crate::graphql::date::Date;
use crate::offers::rules::confirming;
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use crate::change::Side;
use crate::deadlines::objects::Deadline;
use crate::deadlines::rules::DeadlineStatus;
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, encode};
use crate::offers::kinds::{Delivery, NegotiationOutcome, OfferCategory, OfferStatus, OfferTopic};
use crate::offers::loaders::{
    CampaignKey, DisputesOf, RepresentativesOf, SessionsOf, reply_deadline,
};
use crate::offers::representatives::balanced;
use crate::offers::storage::OfferRow;
use crate::organizations::objects::named_one;
use crate::organizations::objects::{Organization, Region};

pub(crate) async fn organization(ctx: &Context<'_>, id: i64) -> ApiResult<Organization> {
    named_one(ctx, Some(id))
        .await?
        .ok_or_else(|| ApiError::internal("offer party missing"))
}

/// A bargaining offer and everything that followed it.
#[derive(Clone)]
pub struct Offer(pub OfferRow);

/// A written offer to bargain (要约, CCP Art. 32), and the negotiation that followed.
#[Object]
impl Offer {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Offer, self.0.id)
    }

    /// The side that made the offer.
    async fn initiating_side(&self) -> Side {
        self.0.initiating_side
    }

    /// The organization that made the offer: the grassroots union, or the employer.
    async fn issuing_organization(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        organization(ctx, self.0.issuing_organization_id).await
    }

    /// The organization that must answer it.
    async fn receiving_organization(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        organization(ctx, self.0.receiving_organization_id).await
    }

    /// The employer concerned.
    async fn employer(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        organization(ctx, self.0.employer_id).await
    }

    /// The employer's grassroots union, the workers' side.
    async fn union(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        organization(ctx, self.0.union_id).await
    }

    /// The employer's region.
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        Ok(crate::context::region(ctx, self.0.region_id)
            .await?
            .map(Region))
    }

    /// The campaign the offer belongs to, if any.
    async fn campaign(&self, ctx: &Context<'_>) -> ApiResult<Option<Campaign>> {
        let Some(id) = self.0.campaign_id else {
            return Ok(None);
        };
        Ok(crate::context::load_one(ctx, CampaignKey(id))
            .await?
            .map(Campaign))
    }

    /// Category of offer.
    async fn category(&self) -> OfferCategory {
        self.0.category
    }

    /// Topics to bargain on.
    async fn topics(&self) -> Vec<OfferTopic> {
        serde_json::from_str(&self.0.topics).unwrap_or_default()
    }

    /// The terms proposed.
    async fn proposed_terms(&self) -> &str {
        &self.0.proposed_terms
    }

    /// The proposed time of the first session.
    async fn proposed_time(&self) -> Option<DateTime<Utc>> {
        self.0.proposed_time.map(|t| t.and_utc())
    }

    /// The proposed place.
    async fn proposed_place(&self) -> &str {
        &self.0.proposed_place
    }

    /// The proposed number of representatives per side.
    async fn proposed_representatives(&self) -> i32 {
        self.0.proposed_representatives
    }

    /// What the other side is asked to provide (e.g. last year's business and wage data).
    async fn information_requested(&self) -> &str {
        &self.0.information_requested
    }

    /// Where the offer stands.
    async fn status(&self) -> OfferStatus {
        self.0.status
    }

    /// How it was delivered.
    async fn delivery(&self) -> Option<Delivery> {
        self.0.delivery
    }

    /// When it was issued.
    async fn issued_at(&self) -> Option<DateTime<Utc>> {
        self.0.issued_at.map(|t| t.and_utc())
    }

    /// When the other side received it; the reply period runs from this day.
    async fn received_at(&self) -> Option<DateTime<Utc>> {
        self.0.received_at.map(|t| t.and_utc())
    }

    /// When it was answered.
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at.map(|t| t.and_utc())
    }

    /// The reason given for a refusal.
    async fn decline_reason(&self) -> Option<&str> {
        self.0.decline_reason.as_deref()
    }

    /// Whether an office or the labour administration found the refusal without valid reason.
    async fn declined_without_valid_reason(&self) -> bool {
        self.0.decline_flagged_at.is_some()
    }

    /// How the negotiation ended.
    async fn outcome(&self) -> Option<NegotiationOutcome> {
        self.0.outcome
    }

    /// A summary of the outcome.
    async fn outcome_summary(&self) -> Option<&str> {
        self.0.outcome_summary.as_deref()
    }

    /// While suspended: the agreed date to resume.
    async fn suspended_until(&self) -> Option<Date> {
        self.0.suspended_until.map(Date)
    }

    /// When the negotiation concluded.
    async fn concluded_at(&self) -> Option<DateTime<Utc>> {
        self.0.concluded_at.map(|t| t.and_utc())
    }

    /// The 20-day reply deadline, once the offer is received.
    async fn reply_deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        let row = crate::context::load_one(ctx, reply_deadline(self.0.id))
            .await?
            .flatten();
        Ok(row.map(|row| Deadline {
            row,
            organizations: vec![
                self.0.issuing_organization_id,
                self.0.receiving_organization_id,
            ],
        }))
    }

    /// Whether the reply period ran out unanswered.
    async fn overdue(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let row = crate::context::load_one(ctx, reply_deadline(self.0.id))
            .await?
            .flatten();
        Ok(row.is_some_and(|d| d.status == DeadlineStatus::Missed))
    }

    /// The current representatives, of one side or both.
    async fn representatives(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this side.")] side: Option<Side>,
    ) -> ApiResult<Vec<Representative>> {
        let rows = crate::context::load_one(ctx, RepresentativesOf(self.0.id)).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .filter(|r| side.is_none_or(|s| r.side == s))
            .map(Representative)
            .collect())
    }

    /// Whether both sides have named as many representatives (CCP Art. 19,
    /// checked again when bargaining starts); null until both have named.
    async fn representatives_balanced(&self, ctx: &Context<'_>) -> ApiResult<Option<bool>> {
        let rows = crate::context::load_one(ctx, RepresentativesOf(self.0.id))
            .await?
            .unwrap_or_default();
        let count = |side| rows.iter().filter(|r| r.side == side).count();
        Ok(balanced(count(Side::Workers), count(Side::Employer)))
    }

    /// The sessions, by time.
    async fn sessions(&self, ctx: &Context<'_>) -> ApiResult<Vec<Session>> {
        Ok(crate::context::load_one(ctx, SessionsOf(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Session)
            .collect())
    }

    /// Requests for the labour administration to coordinate.
    async fn disputes(&self, ctx: &Context<'_>) -> ApiResult<Vec<Dispute>> {
        Ok(crate::context::load_one(ctx, DisputesOf(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Dispute)
            .collect())
    }

    /// The digest of the offer letter as issued, and the receiving side's
    /// confirmations of it; null before the offer is issued.
    async fn letter_digest(&self) -> Option<TextDigest> {
        confirming::letter_digest(&self.0).map(|digest| TextDigest {
            text: ConfirmedText::OfferLetter,
            of: Of::Offer(self.0.id),
            digest,
        })
    }

    /// The digest of the written response, and the confirmations of it by
    /// the side that made the offer; null until the offer is answered.
    async fn response_digest(&self) -> Option<TextDigest> {
        confirming::response_digest(&self.0).map(|digest| TextDigest {
            text: ConfirmedText::OfferResponse,
            of: Of::Offer(self.0.id),
            digest,
        })
    }

    /// Version for optimistic concurrency; pass it as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// When the offer was drafted.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}
