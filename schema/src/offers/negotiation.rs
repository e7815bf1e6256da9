//! Mutations of a negotiation: representatives, sessions, suspension and
//! conclusion, and disputes coordinated by the labour administration.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::changes::{
    TwoSided, act_for_a_party, act_for_side, apply, check_version, next_status, organization,
    record, refuse, visible_offer,
};
use super::kinds::{DisputeStatus, NegotiationOutcome, OfferStatus, SessionKind, Side};
use super::mutations::{close_clock, offer_payload, row_id};
use super::objects::Offer;
use super::representatives::{Representative, check_both, check_side};
use super::rules::{
    DISPUTE_COORDINATION, DISPUTE_EXTENSION_MAX, NEGOTIATION_START_KIND, REPRESENTATIVE_REFILL,
    Step,
};
use super::storage::{self, NewSession, OfferChanges, OfferRow, RepresentativeRow};
use crate::context::services;
use crate::db::{Conn, stored};
use crate::deadlines::counting::local_date;
use crate::deadlines::rules::DeadlineStatus;
use crate::deadlines::storage::{self as deadlines, NewDeadline};
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode};
use crate::graphql::ids::NodeType;
use crate::identity::authorization::act_as_public_body;
use crate::identity::viewer;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::labour_administrations_above;
use crate::transaction;

offer_payload!(
    /// Result of `setRepresentatives`.
    SetRepresentativesPayload,
    /// Result of `removeRepresentative`.
    RemoveRepresentativePayload,
    /// Result of `startNegotiation`.
    StartNegotiationPayload,
    /// Result of `scheduleSession`.
    ScheduleSessionPayload,
    /// Result of `recordSession`.
    RecordSessionPayload,
    /// Result of `suspendNegotiation`.
    SuspendNegotiationPayload,
    /// Result of `resumeNegotiation`.
    ResumeNegotiationPayload,
    /// Result of `concludeNegotiation`.
    ConcludeNegotiationPayload,
    /// Result of `requestCoordination`.
    RequestCoordinationPayload,
    /// Result of `extendCoordination`.
    ExtendCoordinationPayload,
    /// Result of `resolveDispute`.
    ResolveDisputePayload,
);

/// A representative to name.
#[derive(InputObject)]
pub struct RepresentativeInput {
    /// Name.
    pub name: String,
    /// Position held.
    pub position: String,
    /// The side's chief representative (首席代表); exactly one per side.
    pub is_chief: bool,
    /// An outside expert (外部专家); at most a third of a side.
    pub is_outside_expert: bool,
}

/// Input of `setRepresentatives`.
#[derive(InputObject)]
pub struct SetRepresentativesInput {
    /// The offer.
    pub offer_id: ID,
    /// The side whose list this is.
    pub side: Side,
    /// The whole list of the side's representatives.
    pub representatives: Vec<RepresentativeInput>,
}

/// Input of `removeRepresentative`.
#[derive(InputObject)]
pub struct RemoveRepresentativeInput {
    /// The representative.
    pub id: ID,
}

/// Input of the negotiation steps that take only the offer.
#[derive(InputObject)]
pub struct NegotiationStepInput {
    /// The offer.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
}

/// Input of `scheduleSession`.
#[derive(InputObject)]
pub struct ScheduleSessionInput {
    /// The offer under negotiation.
    pub offer_id: ID,
    /// Meeting or consultation talk.
    pub kind: SessionKind,
    /// When.
    pub scheduled_at: DateTime<Utc>,
    /// Where.
    pub place: String,
    /// The neutral note-taker (记录员).
    pub note_taker: String,
}

/// Input of `recordSession`.
#[derive(InputObject)]
pub struct RecordSessionInput {
    /// The session.
    pub session_id: ID,
    /// Who attended.
    pub attendance: String,
    /// The minutes.
    pub minutes: String,
}

/// Input of `suspendNegotiation`.
#[derive(InputObject)]
pub struct SuspendNegotiationInput {
    /// The offer under negotiation.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// The agreed date to resume (CCP Art. 35); after today.
    pub resume_on: NaiveDate,
}

/// Input of `concludeNegotiation`.
#[derive(InputObject)]
pub struct ConcludeNegotiationInput {
    /// The offer under negotiation.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// How it ended.
    pub outcome: NegotiationOutcome,
    /// A summary of the outcome.
    pub summary: Option<String>,
}

/// Input of `requestCoordination`.
#[derive(InputObject)]
pub struct RequestCoordinationInput {
    /// The offer.
    pub offer_id: ID,
    /// What the dispute is about.
    pub reason: String,
}

/// Input of `extendCoordination`.
#[derive(InputObject)]
pub struct ExtendCoordinationInput {
    /// The dispute.
    pub dispute_id: ID,
    /// Days to add: 1 to 15, once.
    pub days: i32,
}

/// Input of `resolveDispute`.
#[derive(InputObject)]
pub struct ResolveDisputeInput {
    /// The dispute.
    pub dispute_id: ID,
    /// The agreed handling (协调处理协议书).
    pub resolution: String,
}

fn refill_kind(side: Side) -> String {
    format!("{}_{}", REPRESENTATIVE_REFILL.0, side.as_str())
}

fn people(rows: &[RepresentativeRow], side: Side) -> Vec<Representative> {
    rows.iter()
        .filter(|r| r.side == side)
        .map(|r| Representative {
            name: r.name.clone(),
            position: r.position.clone(),
            is_chief: r.is_chief,
            is_outside_expert: r.is_outside_expert,
        })
        .collect()
}

/// The broken representative rules, as user errors naming each rule.
fn rule_errors(rules: &[super::representatives::RepresentativeRule]) -> TxError {
    let errors = rules
        .iter()
        .map(|rule| {
            UserError::new(
                &["representatives"],
                UserErrorCode::RuleViolated,
                format!("{}: {}", rule.code(), rule.message()),
            )
        })
        .collect::<Vec<_>>();
    errors.into()
}

fn under_way(offer: &OfferRow) -> bool {
    matches!(
        offer.status,
        OfferStatus::Accepted | OfferStatus::InNegotiation | OfferStatus::Suspended
    )
}

/// Both parties, for events that tell both.
fn both(offer: &OfferRow) -> Vec<i64> {
    vec![
        offer.issuing_organization_id,
        offer.receiving_organization_id,
    ]
}

/// Runs one negotiation step that changes only the status.
async fn step(
    ctx: &Context<'_>,
    input: &NegotiationStepInput,
    step: Step,
    changes: impl Fn(&OfferRow) -> OfferChanges + Send + Sync,
    operation: &str,
    kind: EventKind,
) -> ApiResult<Outcome<OfferRow>> {
    let services = services(ctx);
    let id = row_id(&input.id, NodeType::Offer)?;
    let now = stored(services.clock.now());
    let result = transaction!(services.db, |conn| {
        let offer = visible_offer(ctx, conn, id).await?;
        let (acting, _) = act_for_a_party(ctx, conn, &offer).await?;
        check_version(&offer, input.expected_version)?;
        let status = next_status(&offer, step)?;
        let offer = apply(
            conn,
            &offer,
            &OfferChanges {
                status: Some(status),
                ..changes(&offer)
            },
            now,
        )
        .await?;
        record(
            conn,
            now,
            acting,
            operation,
            kind,
            &offer,
            both(&offer),
            json!({}),
        )
        .await?;
        Ok(offer)
    });
    Outcome::of(result)
}

/// The labour administrations whose region holds the employer's.
async fn labour_administrations(
    conn: &mut Conn<'_>,
    offer: &OfferRow,
) -> Result<Vec<i64>, TxError> {
    let rows = labour_administrations_above(conn, offer.region_id).await?;
    Ok(rows.into_iter().map(|o| o.id).collect())
}

/// Loads a dispute with its offer, as the viewer sees the offer.
async fn dispute_and_offer(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    dispute_id: i64,
) -> Result<(storage::DisputeRow, OfferRow), TxError> {
    let dispute = storage::dispute_by_id(conn, dispute_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let offer = visible_offer(ctx, conn, dispute.offer_id).await?;
    Ok((dispute, offer))
}

/// Mutations of negotiations and disputes.
#[derive(Default)]
pub struct NegotiationMutation;

#[Object]
impl NegotiationMutation {
    /// Names a side's representatives, replacing its list. The side's list
    /// must keep the rules of CCP Arts. 19–24; each broken rule is a user
    /// error naming it. A list that fills a vacancy meets its refill clock.
    async fn set_representatives(
        &self,
        ctx: &Context<'_>,
        input: SetRepresentativesInput,
    ) -> ApiResult<SetRepresentativesPayload> {
        let services = services(ctx);
        let id = row_id(&input.offer_id, NodeType::Offer)?;
        let now = stored(services.clock.now());
        let list: Vec<Representative> = input
            .representatives
            .iter()
            .map(|r| Representative {
                name: r.name.trim().to_owned(),
                position: r.position.trim().to_owned(),
                is_chief: r.is_chief,
                is_outside_expert: r.is_outside_expert,
            })
            .collect();
        if list.iter().any(|r| r.name.is_empty()) {
            let error = UserError::new(
                &["representatives"],
                UserErrorCode::Required,
                "every representative needs a name",
            );
            return SetRepresentativesPayload::from_outcome(Ok(Outcome::Rejected(vec![error])));
        }
        let result = transaction!(services.db, |conn| {
            let offer = visible_offer(ctx, conn, id).await?;
            let acting = act_for_side(ctx, conn, &offer, input.side).await?;
            if !under_way(&offer) {
                return Err(refuse(
                    "offerId",
                    UserErrorCode::RuleViolated,
                    "representatives are named once the offer is accepted",
                ));
            }
            let current = storage::representatives_of(conn, &[offer.id]).await?;
            let other = people(&current, input.side.other());
            let broken = if other.is_empty() || offer.status == OfferStatus::Accepted {
                check_side(&list, (!other.is_empty()).then_some(other.as_slice()))
            } else {
                // Under way: a new list must also keep the sides equal.
                match input.side {
                    Side::Workers => check_both(&list, &other),
                    Side::Employer => check_both(&other, &list),
                }
            };
            if !broken.is_empty() {
                return Err(rule_errors(&broken));
            }
            storage::remove_representatives(conn, offer.id, input.side, None, now).await?;
            for person in &list {
                storage::insert_representative(conn, offer.id, input.side, person, now).await?;
            }
            close_clock(
                conn,
                &offer,
                &refill_kind(input.side),
                DeadlineStatus::Met,
                now,
            )
            .await?;
            let side_organization = organization(conn, offer.party(input.side)).await?;
            let extra = json!({ "sideOrganization": side_organization.name, "count": list.len() });
            record(
                conn,
                now,
                acting,
                "setRepresentatives",
                EventKind::RepresentativesNamed,
                &offer,
                both(&offer),
                extra,
            )
            .await?;
            Ok(offer)
        });
        SetRepresentativesPayload::from_outcome(Outcome::of(result))
    }

    /// Removes a representative; the side must fill the place within 15 days (CCP Art. 31).
    async fn remove_representative(
        &self,
        ctx: &Context<'_>,
        input: RemoveRepresentativeInput,
    ) -> ApiResult<RemoveRepresentativePayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Representative)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let person = storage::representative_by_id(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            let offer = visible_offer(ctx, conn, person.offer_id).await?;
            let acting = act_for_side(ctx, conn, &offer, person.side).await?;
            storage::remove_representatives(conn, offer.id, person.side, Some(&[person.id]), now)
                .await?;
            let kind = refill_kind(person.side);
            let due = match deadlines::open_for_subject(conn, (NodeType::Offer, offer.id), &kind)
                .await?
            {
                Some(open) => open.due_at,
                None => {
                    let new = NewDeadline {
                        kind,
                        rule: REPRESENTATIVE_REFILL.2.into(),
                        period: REPRESENTATIVE_REFILL.1,
                        subject: (NodeType::Offer, offer.id),
                        start: now,
                        organizations: both(&offer),
                    };
                    deadlines::open(conn, new, &services.reminders, now)
                        .await?
                        .due_at
                }
            };
            let side_organization = organization(conn, offer.party(person.side)).await?;
            let extra = json!({ "sideOrganization": side_organization.name, "representative": person.name,
                                "due": due.and_utc().to_rfc3339() });
            record(
                conn,
                now,
                acting,
                "removeRepresentative",
                EventKind::RepresentativeRemoved,
                &offer,
                both(&offer),
                extra,
            )
            .await?;
            Ok(offer)
        });
        RemoveRepresentativePayload::from_outcome(Outcome::of(result))
    }

    /// Starts bargaining on an accepted offer. Both sides' lists must keep
    /// every rule, equal numbers included.
    async fn start_negotiation(
        &self,
        ctx: &Context<'_>,
        input: NegotiationStepInput,
    ) -> ApiResult<StartNegotiationPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Offer)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let offer = visible_offer(ctx, conn, id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &offer).await?;
            check_version(&offer, input.expected_version)?;
            let status = next_status(&offer, Step::Start)?;
            let current = storage::representatives_of(conn, &[offer.id]).await?;
            let broken = check_both(
                &people(&current, Side::Workers),
                &people(&current, Side::Employer),
            );
            if !broken.is_empty() {
                return Err(rule_errors(&broken));
            }
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
            close_clock(
                conn,
                &offer,
                NEGOTIATION_START_KIND,
                DeadlineStatus::Met,
                now,
            )
            .await?;
            record(
                conn,
                now,
                acting,
                "startNegotiation",
                EventKind::NegotiationStarted,
                &offer,
                both(&offer),
                json!({}),
            )
            .await?;
            Ok(offer)
        });
        StartNegotiationPayload::from_outcome(Outcome::of(result))
    }

    /// Schedules a session of a negotiation under way. The chiefs chair in
    /// turn, the offering side first (CCP Art. 33).
    async fn schedule_session(
        &self,
        ctx: &Context<'_>,
        input: ScheduleSessionInput,
    ) -> ApiResult<ScheduleSessionPayload> {
        let services = services(ctx);
        let id = row_id(&input.offer_id, NodeType::Offer)?;
        let now = stored(services.clock.now());
        let (place, note_taker) = (
            input.place.trim().to_owned(),
            input.note_taker.trim().to_owned(),
        );
        let result = transaction!(services.db, |conn| {
            let offer = visible_offer(ctx, conn, id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &offer).await?;
            if offer.status != OfferStatus::InNegotiation {
                return Err(refuse(
                    "offerId",
                    UserErrorCode::RuleViolated,
                    "sessions are scheduled while bargaining is under way",
                ));
            }
            if place.is_empty() {
                return Err(refuse(
                    "place",
                    UserErrorCode::Required,
                    "must not be blank",
                ));
            }
            if note_taker.is_empty() {
                return Err(refuse(
                    "noteTaker",
                    UserErrorCode::Required,
                    "a neutral note-taker keeps the minutes (CCP Art. 33)",
                ));
            }
            let held = storage::sessions_of(conn, &[offer.id]).await?.len();
            let chair = if held % 2 == 0 {
                offer.initiating_side
            } else {
                offer.initiating_side.other()
            };
            let new = NewSession {
                offer_id: offer.id,
                kind: input.kind,
                scheduled_at: stored(input.scheduled_at),
                place,
                chairing_side: chair,
                note_taker,
                created_at: now,
            };
            let session = storage::insert_session(conn, &new).await?;
            let extra = json!({ "sessionAt": input.scheduled_at.to_rfc3339(), "place": session.place,
                                "chair": chair.as_str(), "noteTaker": session.note_taker });
            record(
                conn,
                now,
                acting,
                "scheduleSession",
                EventKind::SessionScheduled,
                &offer,
                both(&offer),
                extra,
            )
            .await?;
            Ok(offer)
        });
        ScheduleSessionPayload::from_outcome(Outcome::of(result))
    }

    /// Records that a session was held: attendance and minutes.
    async fn record_session(
        &self,
        ctx: &Context<'_>,
        input: RecordSessionInput,
    ) -> ApiResult<RecordSessionPayload> {
        let services = services(ctx);
        let id = row_id(&input.session_id, NodeType::BargainingSession)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let session = storage::session_by_id(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            let offer = visible_offer(ctx, conn, session.offer_id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &offer).await?;
            if input.minutes.trim().is_empty() {
                return Err(refuse(
                    "minutes",
                    UserErrorCode::Required,
                    "must not be blank",
                ));
            }
            storage::record_session(
                conn,
                session.id,
                input.attendance.trim(),
                input.minutes.trim(),
                now,
            )
            .await?;
            let extra = json!({ "sessionAt": session.scheduled_at.and_utc().to_rfc3339() });
            record(
                conn,
                now,
                acting,
                "recordSession",
                EventKind::SessionRecorded,
                &offer,
                both(&offer),
                extra,
            )
            .await?;
            Ok(offer)
        });
        RecordSessionPayload::from_outcome(Outcome::of(result))
    }

    /// Suspends bargaining by agreement, fixing the date to resume (CCP Art. 35).
    async fn suspend_negotiation(
        &self,
        ctx: &Context<'_>,
        input: SuspendNegotiationInput,
    ) -> ApiResult<SuspendNegotiationPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Offer)?;
        let now = stored(services.clock.now());
        if input.resume_on <= local_date(services.clock.now()) {
            let error = UserError::new(
                &["resumeOn"],
                UserErrorCode::OutOfRange,
                "must be after today",
            );
            return SuspendNegotiationPayload::from_outcome(Ok(Outcome::Rejected(vec![error])));
        }
        let result = transaction!(services.db, |conn| {
            let offer = visible_offer(ctx, conn, id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &offer).await?;
            check_version(&offer, input.expected_version)?;
            let status = next_status(&offer, Step::Suspend)?;
            let changes = OfferChanges {
                status: Some(status),
                suspended_until: Some(Some(input.resume_on)),
                ..OfferChanges::default()
            };
            let offer = apply(conn, &offer, &changes, now).await?;
            let extra = json!({ "until": input.resume_on.to_string() });
            record(
                conn,
                now,
                acting,
                "suspendNegotiation",
                EventKind::NegotiationSuspended,
                &offer,
                both(&offer),
                extra,
            )
            .await?;
            Ok(offer)
        });
        SuspendNegotiationPayload::from_outcome(Outcome::of(result))
    }

    /// Resumes suspended bargaining.
    async fn resume_negotiation(
        &self,
        ctx: &Context<'_>,
        input: NegotiationStepInput,
    ) -> ApiResult<ResumeNegotiationPayload> {
        let cleared = |_: &OfferRow| OfferChanges {
            suspended_until: Some(None),
            ..OfferChanges::default()
        };
        ResumeNegotiationPayload::from_outcome(
            step(
                ctx,
                &input,
                Step::Resume,
                cleared,
                "resumeNegotiation",
                EventKind::NegotiationResumed,
            )
            .await,
        )
    }

    /// Concludes bargaining with its outcome. A draft agreement goes on to the
    /// workers' approval; a memorandum or minutes end the matter.
    async fn conclude_negotiation(
        &self,
        ctx: &Context<'_>,
        input: ConcludeNegotiationInput,
    ) -> ApiResult<ConcludeNegotiationPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Offer)?;
        let now = stored(services.clock.now());
        let summary = input
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let result = transaction!(services.db, |conn| {
            let offer = visible_offer(ctx, conn, id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &offer).await?;
            check_version(&offer, input.expected_version)?;
            let status = next_status(&offer, Step::Conclude)?;
            let changes = OfferChanges {
                status: Some(status),
                outcome: Some(Some(input.outcome)),
                outcome_summary: Some(summary.clone()),
                concluded_at: Some(Some(now)),
                suspended_until: Some(None),
                ..OfferChanges::default()
            };
            let offer = apply(conn, &offer, &changes, now).await?;
            let extra = json!({ "outcome": input.outcome.as_str(), "summary": summary.unwrap_or_default() });
            record(
                conn,
                now,
                acting,
                "concludeNegotiation",
                EventKind::NegotiationConcluded,
                &offer,
                both(&offer),
                extra,
            )
            .await?;
            Ok(offer)
        });
        ConcludeNegotiationPayload::from_outcome(Outcome::of(result))
    }

    /// Asks the labour administration to coordinate a dispute in bargaining
    /// (CCP Art. 49); it has 30 days, extendable once by up to 15. For either side.
    async fn request_coordination(
        &self,
        ctx: &Context<'_>,
        input: RequestCoordinationInput,
    ) -> ApiResult<RequestCoordinationPayload> {
        let services = services(ctx);
        let id = row_id(&input.offer_id, NodeType::Offer)?;
        let now = stored(services.clock.now());
        let reason = input.reason.trim().to_owned();
        let result = transaction!(services.db, |conn| {
            let offer = visible_offer(ctx, conn, id).await?;
            let (acting, side) = act_for_a_party(ctx, conn, &offer).await?;
            if reason.is_empty() {
                return Err(refuse(
                    "reason",
                    UserErrorCode::Required,
                    "say what the dispute is about",
                ));
            }
            if !under_way(&offer) && offer.status != OfferStatus::Declined {
                return Err(refuse(
                    "offerId",
                    UserErrorCode::RuleViolated,
                    "coordination is for offers answered and not yet concluded",
                ));
            }
            if storage::disputes_of(conn, &[offer.id])
                .await?
                .iter()
                .any(|d| d.status == DisputeStatus::Open)
            {
                return Err(refuse(
                    "offerId",
                    UserErrorCode::Taken,
                    "a coordination is already under way",
                ));
            }
            let dispute = storage::insert_dispute(conn, offer.id, side, &reason, now).await?;
            let administrations = labour_administrations(conn, &offer).await?;
            let concerned: Vec<i64> = both(&offer).into_iter().chain(administrations).collect();
            let new = NewDeadline {
                kind: DISPUTE_COORDINATION.0.into(),
                rule: DISPUTE_COORDINATION.2.into(),
                period: DISPUTE_COORDINATION.1,
                subject: (NodeType::BargainingDispute, dispute.id),
                start: now,
                organizations: concerned.clone(),
            };
            let due = deadlines::open(conn, new, &services.reminders, now)
                .await?
                .due_at;
            let requester = organization(conn, offer.party(side)).await?;
            let other = organization(conn, offer.party(side.other())).await?;
            let extra = json!({ "requester": requester.name, "other": other.name, "reason": reason,
                                "due": due.and_utc().to_rfc3339() });
            record(
                conn,
                now,
                acting,
                "requestCoordination",
                EventKind::CoordinationRequested,
                &offer,
                concerned,
                extra,
            )
            .await?;
            Ok(offer)
        });
        RequestCoordinationPayload::from_outcome(Outcome::of(result))
    }

    /// Extends a coordination once, by up to 15 days. For the labour administration.
    async fn extend_coordination(
        &self,
        ctx: &Context<'_>,
        input: ExtendCoordinationInput,
    ) -> ApiResult<ExtendCoordinationPayload> {
        let services = services(ctx);
        let id = row_id(&input.dispute_id, NodeType::BargainingDispute)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let (dispute, offer) = dispute_and_offer(ctx, conn, id).await?;
            let acting = act_as_public_body(
                viewer(ctx),
                offer.region_id,
                &[OrganizationKind::LabourAdministration],
            )?;
            if !(1..=DISPUTE_EXTENSION_MAX as i32).contains(&input.days) {
                return Err(refuse(
                    "days",
                    UserErrorCode::OutOfRange,
                    "an extension is 1 to 15 days (CCP Art. 50)",
                ));
            }
            if dispute.status != DisputeStatus::Open || dispute.extended_days > 0 {
                return Err(refuse(
                    "disputeId",
                    UserErrorCode::RuleViolated,
                    "a coordination is extended once, while open",
                ));
            }
            let clock = deadlines::open_for_subject(
                conn,
                (NodeType::BargainingDispute, dispute.id),
                DISPUTE_COORDINATION.0,
            )
            .await?
            .ok_or(ApiError::internal("coordination without its clock"))?;
            let due = clock.due_at + chrono::Duration::days(i64::from(input.days));
            deadlines::move_due(conn, &clock, due, &services.reminders, now).await?;
            storage::update_dispute(conn, dispute.id, input.days, None, now).await?;
            let concerned = deadlines::organizations_of(conn, &[clock.id])
                .await?
                .into_iter()
                .map(|(_, o)| o)
                .collect();
            let extra = json!({ "days": input.days, "due": due.and_utc().to_rfc3339() });
            record(
                conn,
                now,
                acting,
                "extendCoordination",
                EventKind::CoordinationExtended,
                &offer,
                concerned,
                extra,
            )
            .await?;
            Ok(offer)
        });
        ExtendCoordinationPayload::from_outcome(Outcome::of(result))
    }

    /// Ends a coordination with the agreed handling. For the labour administration.
    async fn resolve_dispute(
        &self,
        ctx: &Context<'_>,
        input: ResolveDisputeInput,
    ) -> ApiResult<ResolveDisputePayload> {
        let services = services(ctx);
        let id = row_id(&input.dispute_id, NodeType::BargainingDispute)?;
        let now = stored(services.clock.now());
        let resolution = input.resolution.trim().to_owned();
        let result = transaction!(services.db, |conn| {
            let (dispute, offer) = dispute_and_offer(ctx, conn, id).await?;
            let acting = act_as_public_body(
                viewer(ctx),
                offer.region_id,
                &[OrganizationKind::LabourAdministration],
            )?;
            if resolution.is_empty() {
                return Err(refuse(
                    "resolution",
                    UserErrorCode::Required,
                    "record the agreed handling",
                ));
            }
            if dispute.status != DisputeStatus::Open {
                return Err(refuse(
                    "disputeId",
                    UserErrorCode::RuleViolated,
                    "the coordination is over",
                ));
            }
            storage::update_dispute(
                conn,
                dispute.id,
                dispute.extended_days,
                Some(&resolution),
                now,
            )
            .await?;
            let clock = deadlines::open_for_subject(
                conn,
                (NodeType::BargainingDispute, dispute.id),
                DISPUTE_COORDINATION.0,
            )
            .await?;
            let mut concerned = both(&offer);
            if let Some(clock) = clock {
                deadlines::close(conn, clock.id, DeadlineStatus::Met, now).await?;
                concerned = deadlines::organizations_of(conn, &[clock.id])
                    .await?
                    .into_iter()
                    .map(|(_, o)| o)
                    .collect();
            }
            record(
                conn,
                now,
                acting,
                "resolveDispute",
                EventKind::CoordinationResolved,
                &offer,
                concerned,
                json!({ "resolution": resolution }),
            )
            .await?;
            Ok(offer)
        });
        ResolveDisputePayload::from_outcome(Outcome::of(result))
    }
}
