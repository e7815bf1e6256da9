//! Drafting an offer: a new record, so written by hand, and recorded
//! through the one audit-and-event entry. Only the issuing side sees a
//! draft until it is issued, so no one else is told.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::offer_payload;
use crate::change::Side;
use crate::change::entry::{self, Entry};
use crate::context::services;
use crate::db::stored;
use crate::graphql::errors::{ApiResult, Outcome, UserErrorCode, UserErrors, refuse};
use crate::graphql::ids::NodeType;
use crate::identity::authorization::{act_as_party, signed_in};
use crate::identity::viewer;
use crate::offers::kinds::{OfferCategory, OfferStatus, OfferTopic};
use crate::offers::objects::Offer;
use crate::offers::rules::drafting::{check_proposal, union_to_bargain_with};
use crate::offers::storage::{self, NewOffer};
use crate::organizations::input::{parse_id, parse_name};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::place_of;
use crate::organizations::storage as organization_storage;
use crate::transaction;

offer_payload!(
    /// Result of `draftOffer`.
    DraftOfferPayload,
);

/// Input of `draftOffer`.
#[derive(InputObject)]
pub struct DraftOfferInput {
    /// The side making the offer: its grassroots union (`WORKERS`), or the employer.
    pub initiating_side: Side,
    /// The employer concerned; it must have a grassroots union.
    pub employer_id: ID,
    /// The campaign the offer belongs to.
    pub campaign_id: Option<ID>,
    /// Category of offer.
    pub category: OfferCategory,
    /// Topics to bargain on; at least one.
    pub topics: Vec<OfferTopic>,
    /// The terms proposed.
    pub proposed_terms: String,
    /// The proposed time of the first session.
    pub proposed_time: Option<DateTime<Utc>>,
    /// The proposed place.
    pub proposed_place: String,
    /// The proposed number of representatives per side: at least 3.
    pub proposed_representatives: i32,
    /// What the other side is asked to provide, e.g. last year's business and wage data.
    pub information_requested: String,
}

/// Drafting offers.
#[derive(Default)]
pub struct DraftingMutation;

#[Object]
impl DraftingMutation {
    /// Drafts an offer. The workers' side offers through the employer's
    /// grassroots union (or a federation acting for it); the employer through
    /// its officers. Only the issuing side can see a draft until it is issued.
    async fn draft_offer(
        &self,
        ctx: &Context<'_>,
        input: DraftOfferInput,
    ) -> ApiResult<DraftOfferPayload> {
        let services = services(ctx);
        signed_in(viewer(ctx))?;
        let mut errors = UserErrors::default();
        let employer_id = parse_id(
            &mut errors,
            "employerId",
            &input.employer_id,
            NodeType::Organization,
        );
        let campaign_id = input
            .campaign_id
            .as_ref()
            .and_then(|id| parse_id(&mut errors, "campaignId", id, NodeType::Campaign));
        let now = stored(services.clock.now());
        let proposed_time = input.proposed_time.map(stored);
        check_proposal(
            &mut errors,
            &input.topics,
            input.proposed_representatives,
            proposed_time,
            now,
        );
        let terms = parse_name(
            &mut errors,
            &["proposedTerms"],
            &input.proposed_terms,
            10_000,
        );
        let place = parse_name(&mut errors, &["proposedPlace"], &input.proposed_place, 200);
        let (Some(employer_id), Some(terms), Some(place), true) =
            (employer_id, terms, place, errors.is_empty())
        else {
            return DraftOfferPayload::from_outcome(Ok(Outcome::Rejected(errors.into_vec())));
        };
        let visible = crate::organizations::visibility::organizations(viewer(ctx));
        let result = transaction!(services.db, |conn| {
            let employer =
                organization_storage::organizations_by_ids(conn, &[employer_id], &visible)
                    .await?
                    .pop();
            let Some(employer) = employer.filter(|e| e.kind == OrganizationKind::Employer) else {
                return Err(refuse(
                    "employerId",
                    UserErrorCode::NotFound,
                    "no such employer",
                ));
            };
            let unions = organization_storage::unions_of_employers(conn, &[employer.id]).await?;
            let union = union_to_bargain_with(unions.into_iter().next())?;
            let (issuing, receiving) = match input.initiating_side {
                Side::Workers => (union.id, employer.id),
                Side::Employer => (employer.id, union.id),
            };
            let acting = act_as_party(viewer(ctx), &place_of(conn, issuing).await?)?;
            if let Some(campaign) = campaign_id
                && storage::campaigns_by_ids(conn, &[campaign])
                    .await?
                    .is_empty()
            {
                return Err(refuse(
                    "campaignId",
                    UserErrorCode::NotFound,
                    "no such campaign",
                ));
            }
            let new = NewOffer {
                campaign_id,
                initiating_side: input.initiating_side,
                issuing_organization_id: issuing,
                receiving_organization_id: receiving,
                employer_id: employer.id,
                union_id: union.id,
                region_id: employer.region_id,
                category: input.category,
                topics: serde_json::to_string(&input.topics).unwrap_or_else(|_| "[]".into()),
                proposed_terms: terms,
                proposed_time,
                proposed_place: place,
                proposed_representatives: input.proposed_representatives,
                information_requested: input.information_requested.trim().to_owned(),
                status: OfferStatus::Draft,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            let offer = storage::insert_offer(conn, &new).await?;
            let payload = json!({ "initiatingSide": offer.initiating_side.as_str(),
                                 "category": offer.category.as_str() });
            let entry = Entry::audited(
                acting,
                ctx.field().name(),
                (NodeType::Offer, offer.id),
                payload,
            );
            entry::record(conn, now, entry).await?;
            Ok(offer)
        });
        DraftOfferPayload::from_outcome(Outcome::of(result))
    }
}
