//! Mutations of an offer's life up to its answer, and of campaigns. Each is
//! one transaction: NOT_FOUND for what the viewer cannot see, FORBIDDEN for
//! what it may not do, CONFLICT for a stale version, then the rules.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::changes::{
    act_for_a_party, act_for_side, apply, check_version, next_status, organization, place_of,
    record, refuse, region_chain, visible_offer,
};
use super::kinds::{CampaignKind, Delivery, OfferCategory, OfferStatus, OfferTopic, Side};
use super::objects::{Campaign, CampaignTarget, Offer};
use super::rules::{NEGOTIATION_START_KIND, OFFER_REPLY, Step, negotiation_start};
use super::storage::{self, NewCampaign, NewOffer, OfferChanges, OfferRow};
use crate::context::services;
use crate::db::{Conn, stored};
use crate::deadlines::rules::DeadlineStatus;
use crate::deadlines::storage::{self as deadlines, NewDeadline};
use crate::events::kinds::EventKind;
use crate::graphql::errors::{
    ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors,
};
use crate::graphql::ids::{NodeType, decode_as, encode};
use crate::identity::authorization::{act_as_party, act_as_public_body, signed_in};
use crate::identity::{audit, viewer};
use crate::organizations::input::{parse_id, parse_name};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::storage as organization_storage;
use crate::transaction;

/// Declares the payloads of offer mutations.
macro_rules! offer_payload {
    ($($(#[$meta:meta])* $name:ident),* $(,)?) => {
        $crate::payloads!(
            offer: Offer($crate::offers::storage::OfferRow),
            "The offer as it is now; null when the input was refused.";
            $($(#[$meta])* $name),*
        );
    };
}
pub(crate) use offer_payload;

offer_payload!(
    /// Result of `draftOffer`.
    DraftOfferPayload,
    /// Result of `issueOffer`.
    IssueOfferPayload,
    /// Result of `recordOfferReceipt`.
    RecordOfferReceiptPayload,
    /// Result of `answerOffer`.
    AnswerOfferPayload,
    /// Result of `flagDeclineWithoutValidReason`.
    FlagDeclinePayload,
    /// Result of `withdrawOffer`.
    WithdrawOfferPayload,
);

/// The row id behind an input id, or NOT_FOUND (a malformed id names nothing).
pub fn row_id(id: &ID, node_type: NodeType) -> Result<i64, ApiError> {
    decode_as(id, node_type).ok_or(ApiError::NotFound)
}

/// Opens an offer's reply deadline at its receipt.
async fn open_reply_deadline(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    offer: &OfferRow,
    received: chrono::NaiveDateTime,
) -> Result<DateTime<Utc>, TxError> {
    let (kind, period, rule) = OFFER_REPLY;
    let new = NewDeadline {
        kind: kind.into(),
        rule: rule.into(),
        period,
        subject: (NodeType::Offer, offer.id),
        start: received,
        organizations: vec![
            offer.issuing_organization_id,
            offer.receiving_organization_id,
        ],
    };
    let now = stored(services(ctx).clock.now());
    Ok(deadlines::open(conn, new, &services(ctx).reminders, now)
        .await?
        .due_at
        .and_utc())
}

/// Closes an offer's open clock of `kind`, if one runs.
pub async fn close_clock(
    conn: &mut Conn<'_>,
    offer: &OfferRow,
    kind: &str,
    status: DeadlineStatus,
    now: chrono::NaiveDateTime,
) -> Result<(), TxError> {
    deadlines::close_open(conn, (NodeType::Offer, offer.id), kind, status, now).await?;
    Ok(())
}

/// Input of `createCampaign`.
#[derive(InputObject)]
pub struct CreateCampaignInput {
    /// Name, e.g. `2026年春季集中要约行动`.
    pub name: String,
    /// Kind of campaign.
    pub kind: CampaignKind,
    /// The region it covers; the office must act there.
    pub region_id: ID,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Target numbers of offers per category.
    pub targets: Option<Vec<CampaignTargetInput>>,
}

/// A target number of offers for one category.
#[derive(InputObject)]
pub struct CampaignTargetInput {
    /// The category.
    pub category: OfferCategory,
    /// How many offers.
    pub offers: i32,
}

/// Result of `createCampaign`.
#[derive(SimpleObject)]
pub struct CreateCampaignPayload {
    /// The new campaign; null when the input was refused.
    pub campaign: Option<Campaign>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

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

/// Input of `issueOffer`.
#[derive(InputObject)]
pub struct IssueOfferInput {
    /// The offer.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// `PLATFORM`: received at once; `PAPER`: received when the receipt is recorded.
    pub delivery: Delivery,
}

/// Input of `recordOfferReceipt`.
#[derive(InputObject)]
pub struct RecordOfferReceiptInput {
    /// The offer.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// When the paper offer was received; not before it was issued, not in the future.
    pub received_at: DateTime<Utc>,
}

/// Input of `answerOffer`.
#[derive(InputObject)]
pub struct AnswerOfferInput {
    /// The offer.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// Whether the receiving side agrees to bargain.
    pub accept: bool,
    /// The reason for a refusal (required when refusing).
    pub reason: Option<String>,
}

/// Input of `flagDeclineWithoutValidReason`.
#[derive(InputObject)]
pub struct FlagDeclineInput {
    /// A declined offer.
    pub id: ID,
}

/// Input of `withdrawOffer`.
#[derive(InputObject)]
pub struct WithdrawOfferInput {
    /// The offer.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
}

/// Input of `setNegotiationStartRule`.
#[derive(InputObject)]
pub struct SetNegotiationStartRuleInput {
    /// The region the rule applies to (and the regions below it).
    pub region_id: ID,
    /// Bargaining starts within this many working days of accepting (1 to 60); null switches the rule off.
    pub working_days: Option<i32>,
}

/// Result of `setNegotiationStartRule`.
#[derive(SimpleObject)]
pub struct SetNegotiationStartRulePayload {
    /// The rule in force now for the region; null when off.
    pub working_days: Option<i32>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Mutations of campaigns and of offers up to their answer.
#[derive(Default)]
pub struct OfferMutation;

#[Object]
impl OfferMutation {
    /// Launches a campaign. For a tripartite office acting in the region.
    async fn create_campaign(
        &self,
        ctx: &Context<'_>,
        input: CreateCampaignInput,
    ) -> ApiResult<CreateCampaignPayload> {
        let services = services(ctx);
        signed_in(viewer(ctx))?;
        let mut errors = UserErrors::default();
        let name = parse_name(&mut errors, &["name"], &input.name, 200);
        let region_id = parse_id(&mut errors, "regionId", &input.region_id, NodeType::Region);
        if input.ends_on < input.starts_on {
            errors.push(
                &["endsOn"],
                UserErrorCode::OutOfRange,
                "must not be before startsOn",
            );
        }
        let targets: Vec<CampaignTarget> = input
            .targets
            .unwrap_or_default()
            .into_iter()
            .map(|t| CampaignTarget {
                category: t.category,
                offers: t.offers,
            })
            .collect();
        if targets.iter().any(|t| t.offers < 0) {
            errors.push(
                &["targets"],
                UserErrorCode::OutOfRange,
                "target numbers must not be negative",
            );
        }
        let (Some(name), Some(region_id), true) = (name, region_id, errors.is_empty()) else {
            return Ok(CreateCampaignPayload {
                campaign: None,
                user_errors: errors.into_vec(),
            });
        };
        let acting = act_as_public_body(
            viewer(ctx),
            region_id,
            &[OrganizationKind::TripartiteOffice],
        )?;
        let now = stored(services.clock.now());
        let row = transaction!(services.db, |conn| {
            let new = NewCampaign {
                name,
                kind: input.kind,
                region_id,
                organizer_id: acting.organization_id.unwrap_or_default(),
                starts_on: input.starts_on,
                ends_on: input.ends_on,
                targets: serde_json::to_string(&targets).unwrap_or_else(|_| "[]".into()),
                version: 1,
                created_at: now,
            };
            let row = storage::insert_campaign(conn, &new).await?;
            let organizer = organization(conn, row.organizer_id).await?;
            let payload = json!({ "campaign": row.name, "organizer": organizer.name,
                                  "starts": row.starts_on.to_string(), "ends": row.ends_on.to_string() });
            audit::record(
                conn,
                now,
                acting,
                "createCampaign",
                (NodeType::Campaign, row.id),
                payload.clone(),
            )
            .await?;
            crate::events::storage::emit(
                conn,
                now,
                acting.user_id,
                EventKind::CampaignCreated,
                (NodeType::Campaign, row.id),
                vec![row.organizer_id],
                payload,
            )
            .await?;
            Ok::<_, TxError>(row)
        });
        Ok(match Outcome::of(row)? {
            Outcome::Done(row) => CreateCampaignPayload {
                campaign: Some(Campaign(row)),
                user_errors: vec![],
            },
            Outcome::Rejected(user_errors) => CreateCampaignPayload {
                campaign: None,
                user_errors,
            },
        })
    }

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
        if input.topics.is_empty() {
            errors.push(
                &["topics"],
                UserErrorCode::Required,
                "name at least one topic",
            );
        }
        if input.proposed_representatives < 3 {
            errors.push(
                &["proposedRepresentatives"],
                UserErrorCode::OutOfRange,
                "each side has at least 3 representatives (CCP Art. 19)",
            );
        }
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
        let now = stored(services.clock.now());
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
            let Some(union) = organization_storage::unions_of_employers(conn, &[employer.id])
                .await?
                .pop()
            else {
                return Err(refuse(
                    "employerId",
                    UserErrorCode::RuleViolated,
                    "the employer has no grassroots union to bargain with",
                ));
            };
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
                proposed_time: input.proposed_time.map(stored),
                proposed_place: place,
                proposed_representatives: input.proposed_representatives,
                information_requested: input.information_requested.trim().to_owned(),
                status: OfferStatus::Draft,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            let offer = storage::insert_offer(conn, &new).await?;
            let summary = json!({ "initiatingSide": offer.initiating_side.as_str(), "category": offer.category.as_str() });
            audit::record(
                conn,
                now,
                acting,
                "draftOffer",
                (NodeType::Offer, offer.id),
                summary,
            )
            .await?;
            Ok(offer)
        });
        DraftOfferPayload::from_outcome(Outcome::of(result))
    }

    /// Issues a drafted offer to the other side. Through the platform it is
    /// received at once and the 20-day reply period starts; on paper, when the
    /// receipt is recorded.
    async fn issue_offer(
        &self,
        ctx: &Context<'_>,
        input: IssueOfferInput,
    ) -> ApiResult<IssueOfferPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Offer)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let offer = visible_offer(ctx, conn, id).await?;
            let acting = act_as_party(
                viewer(ctx),
                &place_of(conn, offer.issuing_organization_id).await?,
            )?;
            check_version(&offer, input.expected_version)?;
            let status = next_status(&offer, Step::Issue)?;
            let received = (input.delivery == Delivery::Platform).then_some(now);
            let changes = OfferChanges {
                status: Some(status),
                delivery: Some(Some(input.delivery)),
                issued_at: Some(Some(now)),
                received_at: Some(received),
                ..OfferChanges::default()
            };
            let offer = apply(conn, &offer, &changes, now).await?;
            let due = match received {
                Some(received) => Some(open_reply_deadline(ctx, conn, &offer, received).await?),
                None => None,
            };
            let extra =
                json!({ "due": due.map(|d| d.to_rfc3339()), "delivery": input.delivery.as_str() });
            record(
                conn,
                now,
                acting,
                "issueOffer",
                EventKind::OfferIssued,
                &offer,
                vec![offer.receiving_organization_id],
                extra,
            )
            .await?;
            Ok(offer)
        });
        IssueOfferPayload::from_outcome(Outcome::of(result))
    }

    /// Records when a paper offer was received; the 20-day reply period runs from that day.
    async fn record_offer_receipt(
        &self,
        ctx: &Context<'_>,
        input: RecordOfferReceiptInput,
    ) -> ApiResult<RecordOfferReceiptPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Offer)?;
        let now = stored(services.clock.now());
        let received = stored(input.received_at);
        let result = transaction!(services.db, |conn| {
            let offer = visible_offer(ctx, conn, id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &offer).await?;
            check_version(&offer, input.expected_version)?;
            if offer.status != OfferStatus::Issued
                || offer.delivery != Some(Delivery::Paper)
                || offer.received_at.is_some()
            {
                return Err(refuse(
                    "id",
                    UserErrorCode::RuleViolated,
                    "only an issued paper offer awaits its receipt",
                ));
            }
            if received > now || offer.issued_at.is_some_and(|issued| received < issued) {
                return Err(refuse(
                    "receivedAt",
                    UserErrorCode::OutOfRange,
                    "must fall between the issue and now",
                ));
            }
            let changes = OfferChanges {
                received_at: Some(Some(received)),
                ..OfferChanges::default()
            };
            let offer = apply(conn, &offer, &changes, now).await?;
            let due = open_reply_deadline(ctx, conn, &offer, received).await?;
            let concerned = vec![
                offer.issuing_organization_id,
                offer.receiving_organization_id,
            ];
            record(
                conn,
                now,
                acting,
                "recordOfferReceipt",
                EventKind::OfferReceived,
                &offer,
                concerned,
                json!({ "due": due.to_rfc3339() }),
            )
            .await?;
            Ok(offer)
        });
        RecordOfferReceiptPayload::from_outcome(Outcome::of(result))
    }

    /// Answers an offer in writing: agree to bargain, or refuse with a reason.
    /// For the receiving side. A region's local rule may then start a clock
    /// for bargaining to begin.
    async fn answer_offer(
        &self,
        ctx: &Context<'_>,
        input: AnswerOfferInput,
    ) -> ApiResult<AnswerOfferPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Offer)?;
        let now = stored(services.clock.now());
        let reason = input
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        let result = transaction!(services.db, |conn| {
            let offer = visible_offer(ctx, conn, id).await?;
            let acting = act_as_party(
                viewer(ctx),
                &place_of(conn, offer.receiving_organization_id).await?,
            )?;
            check_version(&offer, input.expected_version)?;
            let status = next_status(
                &offer,
                if input.accept {
                    Step::Accept
                } else {
                    Step::Decline
                },
            )?;
            if !input.accept && reason.is_none() {
                return Err(refuse(
                    "reason",
                    UserErrorCode::Required,
                    "a refusal needs its reason (CCP Art. 32)",
                ));
            }
            if offer.received_at.is_none() {
                return Err(refuse(
                    "id",
                    UserErrorCode::RuleViolated,
                    "record the paper offer's receipt first",
                ));
            }
            let changes = OfferChanges {
                status: Some(status),
                answered_at: Some(Some(now)),
                decline_reason: Some(if input.accept { None } else { reason.clone() }),
                ..OfferChanges::default()
            };
            let offer = apply(conn, &offer, &changes, now).await?;
            close_clock(conn, &offer, OFFER_REPLY.0, DeadlineStatus::Met, now).await?;
            if input.accept {
                start_rule_clock(ctx, conn, &offer, now).await?;
            }
            let (operation, kind) = if input.accept {
                ("acceptOffer", EventKind::OfferAccepted)
            } else {
                ("declineOffer", EventKind::OfferDeclined)
            };
            record(
                conn,
                now,
                acting,
                operation,
                kind,
                &offer,
                vec![offer.issuing_organization_id],
                json!({ "reason": reason }),
            )
            .await?;
            Ok(offer)
        });
        AnswerOfferPayload::from_outcome(Outcome::of(result))
    }

    /// Marks a refusal as without valid reason, telling the issuing union's
    /// federation. For an office or labour administration acting in the employer's region.
    async fn flag_decline_without_valid_reason(
        &self,
        ctx: &Context<'_>,
        input: FlagDeclineInput,
    ) -> ApiResult<FlagDeclinePayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Offer)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let offer = visible_offer(ctx, conn, id).await?;
            let kinds = [
                OrganizationKind::TripartiteOffice,
                OrganizationKind::LabourAdministration,
            ];
            let acting = act_as_public_body(viewer(ctx), offer.region_id, &kinds)?;
            if offer.status != OfferStatus::Declined || offer.decline_flagged_at.is_some() {
                return Err(refuse(
                    "id",
                    UserErrorCode::RuleViolated,
                    "only a refusal not yet flagged can be flagged",
                ));
            }
            let changes = OfferChanges {
                decline_flagged_at: Some(Some(now)),
                ..OfferChanges::default()
            };
            let offer = apply(conn, &offer, &changes, now).await?;
            let union = organization(conn, offer.union_id).await?;
            let flagger = organization(conn, acting.organization_id.unwrap_or_default()).await?;
            let concerned: Vec<i64> = union
                .parent_id
                .into_iter()
                .chain([offer.union_id])
                .collect();
            let extra = json!({ "flagger": flagger.name });
            record(
                conn,
                now,
                acting,
                "flagDeclineWithoutValidReason",
                EventKind::OfferDeclineFlagged,
                &offer,
                concerned,
                extra,
            )
            .await?;
            Ok(offer)
        });
        FlagDeclinePayload::from_outcome(Outcome::of(result))
    }

    /// Withdraws a draft or an unanswered offer. For the issuing side.
    async fn withdraw_offer(
        &self,
        ctx: &Context<'_>,
        input: WithdrawOfferInput,
    ) -> ApiResult<WithdrawOfferPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Offer)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let offer = visible_offer(ctx, conn, id).await?;
            let acting = act_for_side(ctx, conn, &offer, offer.initiating_side).await?;
            check_version(&offer, input.expected_version)?;
            let status = next_status(&offer, Step::Withdraw)?;
            let was_issued = offer.status == OfferStatus::Issued;
            let offer = apply(
                conn,
                &offer,
                &OfferChanges {
                    status: Some(status),
                    ..OfferChanges::default()
                },
                now,
            )
            .await?;
            close_clock(conn, &offer, OFFER_REPLY.0, DeadlineStatus::Cancelled, now).await?;
            let concerned = if was_issued {
                vec![offer.receiving_organization_id]
            } else {
                vec![]
            };
            record(
                conn,
                now,
                acting,
                "withdrawOffer",
                EventKind::OfferWithdrawn,
                &offer,
                concerned,
                json!({}),
            )
            .await?;
            Ok(offer)
        });
        WithdrawOfferPayload::from_outcome(Outcome::of(result))
    }

    /// Sets a region's local rule that bargaining starts within N working days
    /// of accepting an offer, or switches it off. For a tripartite office acting there.
    async fn set_negotiation_start_rule(
        &self,
        ctx: &Context<'_>,
        input: SetNegotiationStartRuleInput,
    ) -> ApiResult<SetNegotiationStartRulePayload> {
        let services = services(ctx);
        let region_id = row_id(&input.region_id, NodeType::Region)?;
        if input.working_days.is_some_and(|d| !(1..=60).contains(&d)) {
            let error = UserError::new(
                &["workingDays"],
                UserErrorCode::OutOfRange,
                "must be from 1 to 60",
            );
            return Ok(SetNegotiationStartRulePayload {
                working_days: None,
                user_errors: vec![error],
            });
        }
        let acting = act_as_public_body(
            viewer(ctx),
            region_id,
            &[OrganizationKind::TripartiteOffice],
        )?;
        let now = stored(services.clock.now());
        transaction!(services.db, |conn| {
            storage::set_start_rule(conn, region_id, input.working_days, now).await?;
            let summary = json!({ "regionId": encode(NodeType::Region, region_id), "workingDays": input.working_days });
            audit::record(
                conn,
                now,
                acting,
                "setNegotiationStartRule",
                (NodeType::Region, region_id),
                summary,
            )
            .await?;
            Ok::<_, ApiError>(())
        })?;
        Ok(SetNegotiationStartRulePayload {
            working_days: input.working_days,
            user_errors: vec![],
        })
    }
}

/// Starts the local clock for bargaining to begin, when the employer's region
/// or a region above it sets one.
async fn start_rule_clock(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    offer: &OfferRow,
    now: chrono::NaiveDateTime,
) -> Result<(), TxError> {
    let ids = region_chain(conn, offer.region_id).await?;
    let Some(days) = storage::start_rule(conn, &ids).await? else {
        return Ok(());
    };
    let (period, rule) = negotiation_start(u32::try_from(days).unwrap_or(10));
    let new = NewDeadline {
        kind: NEGOTIATION_START_KIND.into(),
        rule,
        period,
        subject: (NodeType::Offer, offer.id),
        start: now,
        organizations: vec![
            offer.issuing_organization_id,
            offer.receiving_organization_id,
        ],
    };
    deadlines::open(conn, new, &services(ctx).reminders, now).await?;
    Ok(())
}
