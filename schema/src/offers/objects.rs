//! GraphQL objects of offers, negotiations and campaigns.

use std::collections::HashSet;

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

use super::kinds::{
    CampaignKind, Delivery, DisputeStatus, NegotiationOutcome, OfferCategory, OfferStatus,
    OfferTopic, SessionKind,
};
use super::loaders::{CampaignKey, reply_deadline};
use super::progress::{ProgressCounts, progress};
use super::storage::{self, CampaignRow, DisputeRow, OfferRow, RepresentativeRow, SessionRow};
use super::visibility;
use crate::change::Side;
use crate::context::services;
use crate::deadlines::objects::Deadline;
use crate::deadlines::rules::DeadlineStatus;
use crate::events::objects::VisibleSet;
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::viewer;
use crate::organizations::loaders::{OrganizationKey, RegionKey};
use crate::organizations::objects::{Organization, Region};

pub(crate) async fn organization(ctx: &Context<'_>, id: i64) -> ApiResult<Organization> {
    let row = crate::context::load_one(ctx, OrganizationKey(id)).await?;
    row.map(Organization)
        .ok_or_else(|| ApiError::internal("offer party missing"))
}

/// A bargaining offer and everything that followed it.
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
        Ok(crate::context::load_one(ctx, RegionKey(self.0.region_id))
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
    async fn suspended_until(&self) -> Option<NaiveDate> {
        self.0.suspended_until
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
            visible: VisibleSet::default(),
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
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::representatives_of(&mut pooled.conn(), &[self.0.id]).await?;
        Ok(rows
            .into_iter()
            .filter(|r| side.is_none_or(|s| r.side == s))
            .map(Representative)
            .collect())
    }

    /// The sessions, by time.
    async fn sessions(&self, ctx: &Context<'_>) -> ApiResult<Vec<Session>> {
        let mut pooled = services(ctx).db.get().await?;
        Ok(storage::sessions_of(&mut pooled.conn(), &[self.0.id])
            .await?
            .into_iter()
            .map(Session)
            .collect())
    }

    /// Requests for the labour administration to coordinate.
    async fn disputes(&self, ctx: &Context<'_>) -> ApiResult<Vec<Dispute>> {
        let mut pooled = services(ctx).db.get().await?;
        Ok(storage::disputes_of(&mut pooled.conn(), &[self.0.id])
            .await?
            .into_iter()
            .map(Dispute)
            .collect())
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

/// A representative of one side.
pub struct Representative(pub RepresentativeRow);

/// A bargaining representative (协商代表, CCP Arts. 19–24).
#[Object]
impl Representative {
    /// Opaque id, for `removeRepresentative`.
    async fn id(&self) -> ID {
        encode(NodeType::Representative, self.0.id)
    }

    /// The side represented.
    async fn side(&self) -> Side {
        self.0.side
    }

    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Position held.
    async fn position(&self) -> &str {
        &self.0.position
    }

    /// Whether this is the side's chief representative (首席代表).
    async fn is_chief(&self) -> bool {
        self.0.is_chief
    }

    /// Whether this is an outside expert (外部专家).
    async fn is_outside_expert(&self) -> bool {
        self.0.is_outside_expert
    }
}

/// A session of a negotiation.
pub struct Session(pub SessionRow);

/// A bargaining session (CCP Arts. 33–35): the chiefs chair in turn and a
/// neutral note-taker keeps the minutes.
#[Object(name = "BargainingSession")]
impl Session {
    /// Opaque id, for `recordSession`.
    async fn id(&self) -> ID {
        encode(NodeType::BargainingSession, self.0.id)
    }

    /// Meeting or consultation talk.
    async fn kind(&self) -> SessionKind {
        self.0.kind
    }

    /// When.
    async fn scheduled_at(&self) -> DateTime<Utc> {
        self.0.scheduled_at.and_utc()
    }

    /// Where.
    async fn place(&self) -> &str {
        &self.0.place
    }

    /// Whose chief chairs it.
    async fn chairing_side(&self) -> Side {
        self.0.chairing_side
    }

    /// The note-taker (记录员).
    async fn note_taker(&self) -> &str {
        &self.0.note_taker
    }

    /// Who attended.
    async fn attendance(&self) -> Option<&str> {
        self.0.attendance.as_deref()
    }

    /// The minutes.
    async fn minutes(&self) -> Option<&str> {
        self.0.minutes.as_deref()
    }

    /// When it was held and recorded.
    async fn held_at(&self) -> Option<DateTime<Utc>> {
        self.0.held_at.map(|t| t.and_utc())
    }
}

/// A request for coordination.
pub struct Dispute(pub DisputeRow);

/// A dispute during bargaining that the labour administration coordinates
/// (CCP Arts. 49–53): 30 days, extendable once by up to 15.
#[Object(name = "BargainingDispute")]
impl Dispute {
    /// Opaque id, for `extendCoordination` and `resolveDispute`.
    async fn id(&self) -> ID {
        encode(NodeType::BargainingDispute, self.0.id)
    }

    /// The side that asked.
    async fn requested_by(&self) -> Side {
        self.0.requested_by
    }

    /// Why.
    async fn reason(&self) -> &str {
        &self.0.reason
    }

    /// Where it stands.
    async fn status(&self) -> DisputeStatus {
        self.0.status
    }

    /// Days the coordination was extended by.
    async fn extended_days(&self) -> i32 {
        self.0.extended_days
    }

    /// The agreed handling (协调处理协议书).
    async fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }

    /// When it was requested.
    async fn opened_at(&self) -> DateTime<Utc> {
        self.0.opened_at.and_utc()
    }

    /// When it was resolved.
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at.map(|t| t.and_utc())
    }
}

/// A campaign.
pub struct Campaign(pub CampaignRow);

/// Target offers of one category.
#[derive(SimpleObject, serde::Serialize, serde::Deserialize, Clone, Copy)]
pub struct CampaignTarget {
    /// The category.
    pub category: OfferCategory,
    /// How many offers the campaign aims for.
    pub offers: i32,
}

/// Progress of one category.
#[derive(SimpleObject)]
pub struct CategoryProgress {
    /// The category.
    pub category: OfferCategory,
    /// Its counts.
    pub counts: ProgressCounts,
}

/// Progress in one district.
#[derive(SimpleObject)]
pub struct RegionProgress {
    /// The district, county or zone.
    pub region: Region,
    /// Its counts.
    pub counts: ProgressCounts,
}

/// A campaign's progress over the offers the viewer may see.
#[derive(SimpleObject)]
pub struct CampaignProgress {
    /// All of them.
    pub total: ProgressCounts,
    /// By category.
    pub by_category: Vec<CategoryProgress>,
    /// By district.
    pub by_district: Vec<RegionProgress>,
}

/// A campaign of the tripartite office, such as the spring concentrated offer (春季集中要约).
#[Object]
impl Campaign {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Campaign, self.0.id)
    }

    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Kind.
    async fn kind(&self) -> CampaignKind {
        self.0.kind
    }

    /// The region it covers.
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        Ok(crate::context::load_one(ctx, RegionKey(self.0.region_id))
            .await?
            .map(Region))
    }

    /// The office that runs it.
    async fn organizer(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        organization(ctx, self.0.organizer_id).await
    }

    /// First day.
    async fn starts_on(&self) -> NaiveDate {
        self.0.starts_on
    }

    /// Last day.
    async fn ends_on(&self) -> NaiveDate {
        self.0.ends_on
    }

    /// Target numbers of offers per category.
    async fn targets(&self) -> Vec<CampaignTarget> {
        serde_json::from_str(&self.0.targets).unwrap_or_default()
    }

    /// Offers issued, answered, accepted, declined, overdue and concluded, by
    /// category and by district, over the offers the viewer may see.
    async fn progress(&self, ctx: &Context<'_>) -> ApiResult<CampaignProgress> {
        let services = services(ctx);
        let visible = visibility::offers(viewer(ctx));
        let (offers, overdue) = {
            let mut pooled = services.db.get().await?;
            let conn = &mut pooled.conn();
            let offers = storage::campaign_offers(conn, self.0.id, &visible).await?;
            let ids: Vec<i64> = offers.iter().map(|o| o.id).collect();
            let overdue: HashSet<i64> = storage::overdue_among(conn, &ids)
                .await?
                .into_iter()
                .collect();
            (offers, overdue)
        };
        let counted = progress(&offers, &overdue);
        let regions =
            crate::context::load_many(ctx, counted.by_region.keys().map(|id| RegionKey(*id)))
                .await?;
        Ok(CampaignProgress {
            total: counted.total,
            by_category: counted
                .by_category
                .into_iter()
                .map(|(category, counts)| CategoryProgress { category, counts })
                .collect(),
            by_district: counted
                .by_region
                .into_iter()
                .filter_map(|(id, counts)| {
                    Some(RegionProgress {
                        region: Region(regions.get(&RegionKey(id))?.clone()),
                        counts,
                    })
                })
                .collect(),
        })
    }
}
