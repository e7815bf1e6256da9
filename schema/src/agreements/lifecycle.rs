//! From draft to end: the workers' congress vote, signing, filing, review,
//! effect, publication, renewal and termination, with their clocks, and the
//! steps the scheduler takes by itself when a clock runs out.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::json;

use super::changes::{
    act_for_a_party, act_for_side, apply, check_step, close_clock, concerned, open_clock, periods,
    record, reviewer_of, visible_agreement,
};
use super::drafting::{DraftAgreementPayload, current_clauses, save_version};
use super::kinds::{AgreementStatus, ReviewOutcome, SpecialSubject, TerminationGround, VotingBody};
use super::objects::Agreement;
use super::rules::{
    FILING_KIND, PUBLICATION_KIND, RENEWAL_KIND, REVIEW, Step, TERM_KIND, VoteCount, check_count,
    filing, publication, renewal_opens, renewal_rule, term_rule, vote_result,
};
use super::storage::{self, AgreementChanges, AgreementRow, NewAgreement, ReviewRow, VoteRow};
use crate::context::services;
use crate::db::{Conn, stored};
use crate::deadlines::counting::{Period, local_date};
use crate::deadlines::rules::{DeadlineStatus, ReminderOffsets};
use crate::deadlines::scheduler::{Transition, Transitions};
use crate::deadlines::storage::{DeadlineRow, latest_for_subjects};
use crate::events::kinds::EventKind;
use crate::graphql::errors::{
    self, ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode, refuse,
};
use crate::graphql::ids::NodeType;
use crate::identity::authorization::{Acting, act_as_party, act_as_public_body};
use crate::identity::{Viewer, viewer};
use crate::offers::kinds::Side;
use crate::offers::mutations::row_id;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::{organization, place_of, region};
use crate::transaction;

crate::payloads!(
    agreement: Agreement(AgreementRow),
    "The agreement as it is now; null when the input was refused.";
    /// Result of `recordWorkersCongressVote`.
    RecordVotePayload,
    /// Result of `signAgreement`.
    SignAgreementPayload,
    /// Result of `fileAgreement`.
    FileAgreementPayload,
    /// Result of `reviewAgreement`.
    ReviewAgreementPayload,
    /// Result of `recordAgreementPublication`.
    RecordPublicationPayload,
    /// Result of `terminateAgreement`.
    TerminateAgreementPayload,
);

/// Input of `recordWorkersCongressVote`.
#[derive(InputObject)]
pub struct RecordVoteInput {
    /// The agreement.
    pub id: ID,
    /// The version the vote is based on.
    pub expected_version: i32,
    /// Who voted.
    pub body: VotingBody,
    /// All members of the body (the denominator of both thresholds).
    pub total_members: i32,
    /// Members present.
    pub present: i32,
    /// Members in favour.
    pub in_favour: i32,
    /// The day of the vote; not in the future.
    pub held_on: NaiveDate,
}

/// Input of `signAgreement`.
#[derive(InputObject)]
pub struct SignAgreementInput {
    /// The agreement.
    pub id: ID,
    /// The version the signature is based on.
    pub expected_version: i32,
    /// The side signing.
    pub side: Side,
    /// The chief representative who signs.
    pub chief: String,
}

/// Input of `fileAgreement`.
#[derive(InputObject)]
pub struct FileAgreementInput {
    /// The agreement.
    pub id: ID,
    /// The version the filing is based on.
    pub expected_version: i32,
    /// Why it is filed after the filing deadline; required then.
    pub late_explanation: Option<String>,
}

/// The labour administration's decision.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ReviewDecision {
    /// No objection: it takes effect now.
    Approve,
    /// An objection (审查意见书): the parties renegotiate and refile.
    Object,
}

/// Input of `reviewAgreement`.
#[derive(InputObject)]
pub struct ReviewAgreementInput {
    /// The agreement.
    pub id: ID,
    /// The version the decision is based on.
    pub expected_version: i32,
    /// Approve or object.
    pub decision: ReviewDecision,
    /// The text of the 审查意见书; required to object.
    pub opinion: Option<String>,
}

/// Input of `recordAgreementPublication`.
#[derive(InputObject)]
pub struct RecordPublicationInput {
    /// The agreement.
    pub id: ID,
    /// The version the record is based on.
    pub expected_version: i32,
    /// When it was published; not before it took effect, not in the future.
    pub published_at: DateTime<Utc>,
    /// How, e.g. `公告栏张贴并印发全体职工`.
    pub method: String,
}

/// Input of `renewAgreement`.
#[derive(InputObject)]
pub struct RenewAgreementInput {
    /// The agreement to renew: in force or expired.
    pub id: ID,
    /// The title of the renewal.
    pub title: String,
}

/// Input of `terminateAgreement`.
#[derive(InputObject)]
pub struct TerminateAgreementInput {
    /// The agreement.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// The ground (CCP Arts. 39–40).
    pub ground: TerminationGround,
    /// What happened.
    pub note: String,
}

/// Input of `setAgreementRule`.
#[derive(InputObject)]
pub struct SetAgreementRuleInput {
    /// The region it applies to, and the regions below it.
    pub region_id: ID,
    /// The kind of agreement.
    pub kind: super::kinds::AgreementKind,
    /// Special contracts: only those of this subject; null for any.
    pub special_subject: Option<SpecialSubject>,
    /// Days to file after the signatures (1 to 60); null with `publicationDays` null removes the rule.
    pub filing_days: Option<i32>,
    /// Days to publish after the effect (1 to 60).
    pub publication_days: Option<i32>,
}

/// Result of `setAgreementRule`.
#[derive(SimpleObject)]
pub struct SetAgreementRulePayload {
    /// The filing days now set for the region, kind and subject; null when removed.
    pub filing_days: Option<i32>,
    /// The publication days now set; null when removed.
    pub publication_days: Option<i32>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// A trimmed text of at most `max` characters, or a user error on `field`.
fn required_text(field: &str, text: Option<&str>, max: usize) -> Result<String, TxError> {
    let text = text.unwrap_or_default().trim();
    if text.is_empty() {
        Err(refuse(field, UserErrorCode::Required, "must not be blank"))
    } else if text.chars().count() > max {
        Err(refuse(
            field,
            UserErrorCode::OutOfRange,
            &format!("at most {max} characters"),
        ))
    } else {
        Ok(text.to_owned())
    }
}

fn timestamp(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

/// Opens the filing clock (10 days by default) from `start`, telling the parties.
async fn open_filing_clock(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
    start: NaiveDateTime,
    offsets: &ReminderOffsets,
    now: NaiveDateTime,
) -> Result<DeadlineRow, ApiError> {
    let (filing_days, _) = periods(conn, agreement).await?;
    let (period, rule) = filing(filing_days);
    let parties = vec![agreement.workers_party_id, agreement.employer_party_id];
    open_clock(
        conn,
        agreement,
        FILING_KIND,
        period,
        rule,
        start,
        parties,
        offsets,
        now,
    )
    .await
}

/// Puts a reviewed contract in force at `at`: opens the publication, term
/// and renewal clocks, and retires the agreement it renews.
async fn take_effect(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
    review: ReviewOutcome,
    acting: Acting,
    at: NaiveDateTime,
    offsets: &ReminderOffsets,
    now: NaiveDateTime,
) -> Result<AgreementRow, ApiError> {
    let changes = AgreementChanges {
        status: Some(AgreementStatus::Effective),
        effective_at: Some(Some(at)),
        ..AgreementChanges::default()
    };
    let agreement = storage::update_agreement(conn, agreement.id, agreement.version, &changes, now)
        .await?
        .ok_or(ApiError::Conflict {
            current_version: agreement.version + 1,
        })?;
    let parties = vec![agreement.workers_party_id, agreement.employer_party_id];
    let (_, publication_days) = periods(conn, &agreement).await?;
    let (period, rule) = publication(publication_days);
    let due = open_clock(
        conn,
        &agreement,
        PUBLICATION_KIND,
        period,
        rule,
        at,
        parties.clone(),
        offsets,
        now,
    )
    .await?
    .due_at;
    if let Some(end) = agreement.term_ends_on {
        let clocks = [
            (TERM_KIND, end, term_rule()),
            (
                RENEWAL_KIND,
                renewal_opens(end).pred_opt().unwrap_or(end),
                renewal_rule(),
            ),
        ];
        for (kind, day, rule) in clocks {
            let period = Period::Until(day);
            open_clock(
                conn,
                &agreement,
                kind,
                period,
                rule,
                at,
                parties.clone(),
                offsets,
                now,
            )
            .await?;
        }
    }
    let concerned = concerned(conn, &agreement, true).await?;
    let extra = json!({ "review": review.as_str(), "effectiveOn": local_date(at.and_utc()),
                        "due": timestamp(due), "termEnd": agreement.term_ends_on });
    record(
        conn,
        now,
        acting,
        "takeEffect",
        EventKind::AgreementEffective,
        &agreement,
        concerned,
        extra,
    )
    .await?;
    if let Some(predecessor) = agreement.predecessor_id {
        retire(conn, predecessor, &agreement, acting, now).await?;
    }
    Ok(agreement)
}

/// Marks the agreement a renewal replaces as renewed, and stops its clocks.
async fn retire(
    conn: &mut Conn<'_>,
    predecessor: i64,
    successor: &AgreementRow,
    acting: Acting,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    let visible = super::visibility::agreements(&Viewer::System);
    let Some(old) = storage::agreements_by_ids(conn, &[predecessor], &visible)
        .await?
        .pop()
    else {
        return Ok(());
    };
    if !matches!(
        old.status,
        AgreementStatus::Effective | AgreementStatus::Expired
    ) {
        return Ok(());
    }
    let changes = AgreementChanges {
        status: Some(AgreementStatus::Renewed),
        ended_at: Some(Some(now)),
        ..AgreementChanges::default()
    };
    let old = storage::update_agreement(conn, old.id, old.version, &changes, now)
        .await?
        .ok_or(ApiError::Conflict {
            current_version: old.version + 1,
        })?;
    stop_clocks(conn, &old, now).await?;
    let concerned = concerned(conn, &old, false).await?;
    record(
        conn,
        now,
        acting,
        "renewAgreement",
        EventKind::AgreementRenewed,
        &old,
        concerned,
        json!({ "successor": successor.title }),
    )
    .await
}

/// Cancels the clocks of an agreement that ended.
async fn stop_clocks(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    for kind in [TERM_KIND, RENEWAL_KIND, PUBLICATION_KIND] {
        close_clock(conn, agreement, kind, DeadlineStatus::Cancelled, now).await?;
    }
    Ok(())
}

/// Mutations from the vote to the end.
#[derive(Default)]
pub struct LifecycleMutation;

#[Object]
impl LifecycleMutation {
    /// Records the vote of the workers' congress or of all workers on the
    /// current draft (CCP Art. 36). Valid with two thirds of all members
    /// present and more than half of all members in favour; a valid vote
    /// approves the draft, a failed one leaves it in drafting. For the workers' side.
    async fn record_workers_congress_vote(
        &self,
        ctx: &Context<'_>,
        input: RecordVoteInput,
    ) -> ApiResult<RecordVotePayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Agreement)?;
        let now = stored(services.clock.now());
        let today = local_date(services.clock.now());
        let count = VoteCount {
            total_members: input.total_members,
            present: input.present,
            in_favour: input.in_favour,
        };
        let result = transaction!(services.db, |conn| {
            let agreement = visible_agreement(ctx, conn, id).await?;
            let acting = act_for_side(ctx, conn, &agreement, Side::Workers).await?;
            errors::check_version(agreement.version, input.expected_version)?;
            check_step(&agreement, Step::Vote)?;
            check_count(count)
                .map_err(|(field, message)| refuse(field, UserErrorCode::OutOfRange, message))?;
            if input.held_on > today {
                return Err(refuse(
                    "heldOn",
                    UserErrorCode::OutOfRange,
                    "must not be in the future",
                ));
            }
            let (valid, reason) = vote_result(count);
            let vote = VoteRow {
                id: 0,
                agreement_id: agreement.id,
                text_version: agreement.text_version,
                body: input.body,
                total_members: count.total_members,
                present: count.present,
                in_favour: count.in_favour,
                held_on: input.held_on,
                valid,
                reason: reason.clone(),
                recorded_by_user_id: acting.user_id,
                created_at: now,
            };
            storage::insert_vote(conn, &vote).await?;
            let changes = AgreementChanges {
                status: valid.then_some(AgreementStatus::Approved),
                ..AgreementChanges::default()
            };
            let agreement = apply(conn, &agreement, &changes, now).await?;
            let concerned = concerned(conn, &agreement, false).await?;
            let extra = json!({ "body": input.body.as_str(), "valid": valid, "reason": reason,
                                "heldOn": input.held_on, "totalMembers": count.total_members,
                                "present": count.present, "inFavour": count.in_favour });
            record(
                conn,
                now,
                acting,
                "recordWorkersCongressVote",
                EventKind::AgreementVoted,
                &agreement,
                concerned,
                extra,
            )
            .await?;
            Ok::<_, TxError>(agreement)
        });
        RecordVotePayload::from_outcome(Outcome::of(result))
    }

    /// Signs for one side (CCP Art. 37). A contract is signed once approved
    /// and with its term set; when both chiefs have signed, the filing clock starts.
    /// An agreement, memorandum or minutes is signed straight from drafting.
    async fn sign_agreement(
        &self,
        ctx: &Context<'_>,
        input: SignAgreementInput,
    ) -> ApiResult<SignAgreementPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Agreement)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let agreement = visible_agreement(ctx, conn, id).await?;
            let acting = act_for_side(ctx, conn, &agreement, input.side).await?;
            errors::check_version(agreement.version, input.expected_version)?;
            check_step(&agreement, Step::Sign)?;
            let chief = required_text("chief", Some(&input.chief), 100)?;
            let signed = match input.side {
                Side::Workers => agreement.workers_signed_at,
                Side::Employer => agreement.employer_signed_at,
            };
            if signed.is_some() {
                return Err(refuse(
                    "side",
                    UserErrorCode::RuleViolated,
                    "this side has signed already",
                ));
            }
            let contract = agreement.kind.is_contract();
            if contract && agreement.term_ends_on.is_none() {
                return Err(refuse(
                    "id",
                    UserErrorCode::RuleViolated,
                    "set the term (updateAgreement) before signing a contract",
                ));
            }
            let complete = match input.side {
                Side::Workers => agreement.employer_signed_at.is_some(),
                Side::Employer => agreement.workers_signed_at.is_some(),
            };
            let mut changes = AgreementChanges {
                status: complete.then_some(AgreementStatus::Signed),
                ..AgreementChanges::default()
            };
            match input.side {
                Side::Workers => {
                    changes.workers_signed_by = Some(Some(chief.clone()));
                    changes.workers_signed_at = Some(Some(now));
                }
                Side::Employer => {
                    changes.employer_signed_by = Some(Some(chief.clone()));
                    changes.employer_signed_at = Some(Some(now));
                }
            }
            let agreement = apply(conn, &agreement, &changes, now).await?;
            let due = match complete && contract {
                true => {
                    let offsets = &services.reminders;
                    Some(open_filing_clock(conn, &agreement, now, offsets, now).await?)
                }
                false => None,
            };
            let concerned = concerned(conn, &agreement, false).await?;
            let extra = json!({ "side": input.side.as_str(), "chief": chief, "complete": complete,
                                "contract": contract, "due": due.map(|d| timestamp(d.due_at)) });
            record(
                conn,
                now,
                acting,
                "signAgreement",
                EventKind::AgreementSigned,
                &agreement,
                concerned,
                extra,
            )
            .await?;
            Ok::<_, TxError>(agreement)
        });
        SignAgreementPayload::from_outcome(Outcome::of(result))
    }

    /// Files a signed contract with the reviewing labour administration
    /// (CCP Art. 42), or refiles it after an objection; the 15-day review
    /// starts. For the employer's side. A late filing needs `lateExplanation`.
    async fn file_agreement(
        &self,
        ctx: &Context<'_>,
        input: FileAgreementInput,
    ) -> ApiResult<FileAgreementPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Agreement)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let agreement = visible_agreement(ctx, conn, id).await?;
            let acting = act_for_side(ctx, conn, &agreement, Side::Employer).await?;
            errors::check_version(agreement.version, input.expected_version)?;
            check_step(&agreement, Step::File)?;
            let clock = latest_for_subjects(conn, NodeType::Agreement, FILING_KIND, &[id])
                .await?
                .pop();
            let late = clock.as_ref().is_some_and(|c| {
                c.status == DeadlineStatus::Missed
                    || (c.status == DeadlineStatus::Open && c.due_at < now)
            });
            let explanation = match late {
                true => Some(required_text(
                    "lateExplanation",
                    input.late_explanation.as_deref(),
                    2_000,
                )?),
                false => None,
            };
            let status = match late {
                true => DeadlineStatus::Missed,
                false => DeadlineStatus::Met,
            };
            close_clock(conn, &agreement, FILING_KIND, status, now).await?;
            let reviewer = reviewer_of(conn, &agreement).await?.ok_or_else(|| {
                refuse(
                    "id",
                    UserErrorCode::RuleViolated,
                    "no labour administration oversees the agreement's region",
                )
            })?;
            let filings = storage::reviews_of(conn, &[agreement.id]).await?.len() + 1;
            let region = region(conn, agreement.region_id)
                .await?
                .map(|r| r.code)
                .unwrap_or_default();
            let receipt = format!(
                "{region}-{}-{}-{filings}",
                local_date(now.and_utc()).format("%Y%m%d"),
                agreement.id
            );
            let review = ReviewRow {
                id: 0,
                agreement_id: agreement.id,
                reviewer_id: reviewer,
                filed_at: now,
                receipt_number: receipt.clone(),
                filed_late: late,
                late_explanation: explanation.clone(),
                outcome: ReviewOutcome::Pending,
                opinion: None,
                decided_at: None,
            };
            storage::insert_review(conn, &review).await?;
            let changes = AgreementChanges {
                status: Some(AgreementStatus::Filed),
                ..AgreementChanges::default()
            };
            let agreement = apply(conn, &agreement, &changes, now).await?;
            let (kind, period, rule) = REVIEW;
            let organizations = vec![
                reviewer,
                agreement.workers_party_id,
                agreement.employer_party_id,
            ];
            let due = open_clock(
                conn,
                &agreement,
                kind,
                period,
                rule.into(),
                now,
                organizations,
                &services.reminders,
                now,
            )
            .await?
            .due_at;
            let reviewer_name = organization(conn, reviewer).await?.name;
            let concerned = concerned(conn, &agreement, true).await?;
            let extra = json!({ "receipt": receipt, "late": late, "lateExplanation": explanation,
                                "reviewer": reviewer_name, "due": timestamp(due) });
            record(
                conn,
                now,
                acting,
                "fileAgreement",
                EventKind::AgreementFiled,
                &agreement,
                concerned,
                extra,
            )
            .await?;
            Ok::<_, TxError>(agreement)
        });
        FileAgreementPayload::from_outcome(Outcome::of(result))
    }

    /// Ends the review of a filed contract: approve, and it takes effect; or
    /// object with the 审查意见书, and the parties renegotiate and refile
    /// within the filing period. For the reviewing labour administration.
    async fn review_agreement(
        &self,
        ctx: &Context<'_>,
        input: ReviewAgreementInput,
    ) -> ApiResult<ReviewAgreementPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Agreement)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let agreement = visible_agreement(ctx, conn, id).await?;
            let pending = storage::reviews_of(conn, &[agreement.id])
                .await?
                .into_iter()
                .find(|r| r.outcome == ReviewOutcome::Pending);
            let reviewer = match &pending {
                Some(review) => review.reviewer_id,
                None => reviewer_of(conn, &agreement).await?.unwrap_or_default(),
            };
            let acting = act_as_party(viewer(ctx), &place_of(conn, reviewer).await?)?;
            errors::check_version(agreement.version, input.expected_version)?;
            check_step(&agreement, Step::Review)?;
            let (outcome, opinion) = match input.decision {
                ReviewDecision::Approve => (ReviewOutcome::Approved, None),
                ReviewDecision::Object => (
                    ReviewOutcome::Objected,
                    Some(required_text("opinion", input.opinion.as_deref(), 20_000)?),
                ),
            };
            storage::decide_review(conn, agreement.id, outcome, opinion.clone(), now).await?;
            close_clock(conn, &agreement, REVIEW.0, DeadlineStatus::Met, now).await?;
            let offsets = &services.reminders;
            if outcome == ReviewOutcome::Approved {
                return Ok(
                    take_effect(conn, &agreement, outcome, acting, now, offsets, now).await?,
                );
            }
            let changes = AgreementChanges {
                status: Some(AgreementStatus::Objected),
                ..AgreementChanges::default()
            };
            let agreement = apply(conn, &agreement, &changes, now).await?;
            let due = open_filing_clock(conn, &agreement, now, offsets, now).await?;
            let reviewer_name = organization(conn, reviewer).await?.name;
            let concerned = concerned(conn, &agreement, true).await?;
            let extra = json!({ "reviewer": reviewer_name, "opinion": opinion,
                                "due": timestamp(due.due_at) });
            record(
                conn,
                now,
                acting,
                "reviewAgreement",
                EventKind::AgreementObjected,
                &agreement,
                concerned,
                extra,
            )
            .await?;
            Ok::<_, TxError>(agreement)
        });
        ReviewAgreementPayload::from_outcome(Outcome::of(result))
    }

    /// Records that a contract in force was published to the workers (CCP Art. 48). For either party.
    async fn record_agreement_publication(
        &self,
        ctx: &Context<'_>,
        input: RecordPublicationInput,
    ) -> ApiResult<RecordPublicationPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Agreement)?;
        let now = stored(services.clock.now());
        let published = stored(input.published_at);
        let result = transaction!(services.db, |conn| {
            let agreement = visible_agreement(ctx, conn, id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &agreement).await?;
            errors::check_version(agreement.version, input.expected_version)?;
            check_step(&agreement, Step::Publish)?;
            if agreement.published_at.is_some() {
                return Err(refuse(
                    "id",
                    UserErrorCode::RuleViolated,
                    "its publication is recorded already",
                ));
            }
            let method = required_text("method", Some(&input.method), 200)?;
            if published > now || agreement.effective_at.is_some_and(|e| published < e) {
                return Err(refuse(
                    "publishedAt",
                    UserErrorCode::OutOfRange,
                    "must fall between its effect and now",
                ));
            }
            let changes = AgreementChanges {
                published_at: Some(Some(published)),
                publication_method: Some(Some(method.clone())),
                ..AgreementChanges::default()
            };
            let agreement = apply(conn, &agreement, &changes, now).await?;
            close_clock(conn, &agreement, PUBLICATION_KIND, DeadlineStatus::Met, now).await?;
            let concerned = concerned(conn, &agreement, false).await?;
            let extra = json!({ "publishedOn": local_date(published.and_utc()), "method": method });
            record(
                conn,
                now,
                acting,
                "recordAgreementPublication",
                EventKind::AgreementPublished,
                &agreement,
                concerned,
                extra,
            )
            .await?;
            Ok::<_, TxError>(agreement)
        });
        RecordPublicationPayload::from_outcome(Outcome::of(result))
    }

    /// Drafts the renewal of a contract in force or expired (CCP Art. 38):
    /// a new draft with the same parties, employers and text. When it takes
    /// effect the old one becomes `RENEWED`. For either party.
    async fn renew_agreement(
        &self,
        ctx: &Context<'_>,
        input: RenewAgreementInput,
    ) -> ApiResult<DraftAgreementPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Agreement)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let old = visible_agreement(ctx, conn, id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &old).await?;
            check_step(&old, Step::Renew)?;
            let title = required_text("title", Some(&input.title), 200)?;
            if !storage::successors_of(conn, &[old.id]).await?.is_empty() {
                return Err(refuse(
                    "id",
                    UserErrorCode::RuleViolated,
                    "its renewal is drafted already",
                ));
            }
            let new = NewAgreement {
                kind: old.kind,
                special_subject: old.special_subject,
                title,
                offer_id: None,
                predecessor_id: Some(old.id),
                workers_party_id: old.workers_party_id,
                employer_party_id: old.employer_party_id,
                region_id: old.region_id,
                workers_covered: old.workers_covered,
                term_starts_on: None,
                term_ends_on: None,
                term_override_reason: None,
                status: AgreementStatus::Drafting,
                text_version: 1,
                next_clause_key: old.next_clause_key,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            let agreement = storage::insert_agreement(conn, &new).await?;
            let employers: Vec<i64> = storage::bound_employers(conn, &[old.id])
                .await?
                .into_iter()
                .map(|(_, e)| e)
                .collect();
            storage::bind_employers(conn, agreement.id, &employers).await?;
            let clauses = current_clauses(conn, &old).await?;
            let note = format!("续订《{}》", old.title);
            save_version(conn, &agreement, acting, &clauses, note, now).await?;
            let concerned = concerned(conn, &agreement, false).await?;
            let side = organization(conn, acting.organization_id.unwrap_or_default()).await?;
            record(
                conn,
                now,
                acting,
                "renewAgreement",
                EventKind::AgreementDrafted,
                &agreement,
                concerned,
                json!({ "author": side.name, "predecessor": old.title }),
            )
            .await?;
            Ok::<_, TxError>(agreement)
        });
        DraftAgreementPayload::from_outcome(Outcome::of(result))
    }

    /// Ends a contract in force early, on a ground of CCP Arts. 39–40. For either party.
    async fn terminate_agreement(
        &self,
        ctx: &Context<'_>,
        input: TerminateAgreementInput,
    ) -> ApiResult<TerminateAgreementPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Agreement)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let agreement = visible_agreement(ctx, conn, id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &agreement).await?;
            errors::check_version(agreement.version, input.expected_version)?;
            check_step(&agreement, Step::Terminate)?;
            let note = required_text("note", Some(&input.note), 2_000)?;
            let changes = AgreementChanges {
                status: Some(AgreementStatus::Terminated),
                ended_at: Some(Some(now)),
                termination_ground: Some(Some(input.ground)),
                termination_note: Some(Some(note.clone())),
                ..AgreementChanges::default()
            };
            let agreement = apply(conn, &agreement, &changes, now).await?;
            stop_clocks(conn, &agreement, now).await?;
            let concerned = concerned(conn, &agreement, true).await?;
            record(
                conn,
                now,
                acting,
                "terminateAgreement",
                EventKind::AgreementTerminated,
                &agreement,
                concerned,
                json!({ "ground": input.ground.as_str(), "note": note }),
            )
            .await?;
            Ok::<_, TxError>(agreement)
        });
        TerminateAgreementPayload::from_outcome(Outcome::of(result))
    }

    /// Sets a region's filing and publication periods for a kind (and a
    /// special contract's subject), over the national defaults of 10 days;
    /// clocks started later use the nearest region's rule. For a tripartite
    /// office or labour administration of the region.
    async fn set_agreement_rule(
        &self,
        ctx: &Context<'_>,
        input: SetAgreementRuleInput,
    ) -> ApiResult<SetAgreementRulePayload> {
        let services = services(ctx);
        let region_id = row_id(&input.region_id, NodeType::Region)?;
        let acting = act_as_public_body(
            viewer(ctx),
            region_id,
            &[
                OrganizationKind::TripartiteOffice,
                OrganizationKind::LabourAdministration,
            ],
        )?;
        let refused = |field: &str, message: &str| SetAgreementRulePayload {
            filing_days: None,
            publication_days: None,
            user_errors: vec![UserError::new(&[field], UserErrorCode::OutOfRange, message)],
        };
        let days = match (input.filing_days, input.publication_days) {
            (None, None) => None,
            (Some(f), Some(p)) => Some((f, p)),
            (None, Some(_)) => return Ok(refused("filingDays", "give both periods, or neither")),
            (Some(_), None) => {
                return Ok(refused("publicationDays", "give both periods, or neither"));
            }
        };
        for (field, value) in [
            ("filingDays", input.filing_days),
            ("publicationDays", input.publication_days),
        ] {
            if value.is_some_and(|d| !(1..=60).contains(&d)) {
                return Ok(refused(field, "must be 1 to 60 days"));
            }
        }
        if input.special_subject.is_some()
            && input.kind != super::kinds::AgreementKind::SpecialContract
        {
            return Ok(SetAgreementRulePayload {
                filing_days: None,
                publication_days: None,
                user_errors: vec![UserError::new(
                    &["specialSubject"],
                    UserErrorCode::Invalid,
                    "only a special contract has a subject",
                )],
            });
        }
        let subject = input.special_subject.map_or("", |s| s.as_str());
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            storage::set_rule(conn, region_id, input.kind, subject, days, now).await?;
            let payload = json!({ "region": region_id, "kind": input.kind.as_str(),
                                  "specialSubject": subject, "filingDays": input.filing_days,
                                  "publicationDays": input.publication_days });
            crate::identity::audit::record(
                conn,
                now,
                acting,
                "setAgreementRule",
                (NodeType::Region, region_id),
                payload,
            )
            .await?;
            Ok::<_, TxError>(())
        });
        Outcome::of(result)?;
        Ok(SetAgreementRulePayload {
            filing_days: input.filing_days,
            publication_days: input.publication_days,
            user_errors: vec![],
        })
    }
}

/// The steps the scheduler takes when an agreement's clock runs out.
struct OnDue {
    kind: &'static str,
    offsets: ReminderOffsets,
}

#[async_graphql::async_trait::async_trait]
impl Transition for OnDue {
    async fn on_due(
        &self,
        conn: &mut Conn<'_>,
        deadline: &DeadlineRow,
        now: NaiveDateTime,
    ) -> Result<(), ApiError> {
        let visible = super::visibility::agreements(&Viewer::System);
        let Some(agreement) = storage::agreements_by_ids(conn, &[deadline.subject_id], &visible)
            .await?
            .pop()
        else {
            return Ok(());
        };
        let acting = Acting::SYSTEM;
        match self.kind {
            kind if kind == REVIEW.0 && agreement.status == AgreementStatus::Filed => {
                storage::decide_review(conn, agreement.id, ReviewOutcome::NoObjection, None, now)
                    .await?;
                let outcome = ReviewOutcome::NoObjection;
                let at = deadline.due_at;
                take_effect(conn, &agreement, outcome, acting, at, &self.offsets, now).await?;
            }
            TERM_KIND if agreement.status == AgreementStatus::Effective => {
                let changes = AgreementChanges {
                    status: Some(AgreementStatus::Expired),
                    ended_at: Some(Some(deadline.due_at)),
                    ..AgreementChanges::default()
                };
                let agreement = apply(conn, &agreement, &changes, now).await?;
                close_clock(conn, &agreement, RENEWAL_KIND, DeadlineStatus::Met, now).await?;
                let concerned = concerned(conn, &agreement, false).await?;
                let extra = json!({ "termEnd": agreement.term_ends_on });
                let kind = EventKind::AgreementExpired;
                record(
                    conn, now, acting, "expire", kind, &agreement, concerned, extra,
                )
                .await?;
            }
            RENEWAL_KIND if agreement.status == AgreementStatus::Effective => {
                let concerned = concerned(conn, &agreement, false).await?;
                let extra = json!({ "termEnd": agreement.term_ends_on });
                let kind = EventKind::AgreementRenewalDue;
                record(
                    conn,
                    now,
                    acting,
                    "renewalDue",
                    kind,
                    &agreement,
                    concerned,
                    extra,
                )
                .await?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// The scheduler's transitions of agreements: effect without objection
/// after 15 days of review, expiry at the end of the term, and the renewal
/// notice three months before it.
pub fn transitions(transitions: Transitions, offsets: &ReminderOffsets) -> Transitions {
    [REVIEW.0, TERM_KIND, RENEWAL_KIND]
        .into_iter()
        .fold(transitions, |all, kind| {
            all.with(
                kind,
                OnDue {
                    kind,
                    offsets: offsets.clone(),
                },
            )
        })
}
