//! What every agreement change shares: loading the agreement as the viewer
//! sees it, deciding who acts for which side, checking versions and steps,
//! the clocks, and the audit entry and event of each change.

use async_graphql::Context;
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::rules::{DEFAULT_FILING_DAYS, DEFAULT_PUBLICATION_DAYS, Step, allowed};
use super::storage::{self, AgreementChanges, AgreementRow};
use super::visibility;
use crate::db::Conn;
use crate::deadlines::counting::Period;
use crate::deadlines::rules::{DeadlineStatus, ReminderOffsets};
use crate::deadlines::storage::{self as deadlines, DeadlineRow, NewDeadline};
use crate::events::kinds::EventKind;
use crate::events::storage as events;
use crate::graphql::errors::{ApiError, TxError, UserErrorCode, refuse};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::authorization::Acting;
use crate::identity::{audit, viewer};
use crate::offers::changes::TwoSided;
pub use crate::offers::changes::{act_for_a_party, act_for_side};
use crate::offers::kinds::Side;
use crate::organizations::places::{organization, region_chain};
use crate::organizations::storage as organization_storage;

/// An agreement as the viewer sees it: NOT_FOUND when missing or hidden.
pub async fn visible_agreement(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    id: i64,
) -> Result<AgreementRow, TxError> {
    crate::identity::authorization::signed_in(viewer(ctx))?;
    let visible = visibility::agreements(viewer(ctx));
    Ok(storage::agreements_by_ids(conn, &[id], &visible)
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?)
}

impl TwoSided for AgreementRow {
    /// The union (or federation) for the workers, the employer (or
    /// association) for the employer.
    fn party(&self, side: Side) -> i64 {
        match side {
            Side::Workers => self.workers_party_id,
            Side::Employer => self.employer_party_id,
        }
    }
}

/// A user error on `id` when `step` cannot be taken now.
pub fn check_step(agreement: &AgreementRow, step: Step) -> Result<(), TxError> {
    allowed(agreement.kind, agreement.status, step)
        .map_err(|message| refuse("id", UserErrorCode::RuleViolated, &message))
}

/// Applies changes to an agreement at its current version.
pub async fn apply(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
    changes: &AgreementChanges,
    now: NaiveDateTime,
) -> Result<AgreementRow, ApiError> {
    let updated =
        storage::update_agreement(conn, agreement.id, agreement.version, changes, now).await?;
    updated.ok_or(ApiError::Conflict {
        current_version: agreement.version + 1,
    })
}

/// Who hears of a step: both parties, and the associations of the bound
/// employers; with `reviewer`, the labour administration that reviews it.
pub async fn concerned(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
    reviewer: bool,
) -> Result<Vec<i64>, ApiError> {
    let mut ids = vec![agreement.workers_party_id, agreement.employer_party_id];
    let employers: Vec<i64> = storage::bound_employers(conn, &[agreement.id])
        .await?
        .into_iter()
        .map(|(_, e)| e)
        .collect();
    let associations = organization_storage::associations_of_employers(conn, &employers).await?;
    ids.extend(associations.into_iter().map(|(_, a)| a));
    if reviewer && let Some(reviewer) = reviewer_of(conn, agreement).await? {
        ids.push(reviewer);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The labour administration that reviews the agreement: the nearest one
/// whose region holds the agreement's.
pub async fn reviewer_of(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
) -> Result<Option<i64>, ApiError> {
    let administrations =
        crate::organizations::places::labour_administrations_above(conn, agreement.region_id)
            .await
            .map_err(into_api)?;
    Ok(administrations.last().map(|o| o.id))
}

/// A transaction error outside a mutation (the scheduler's transitions).
pub fn into_api(error: TxError) -> ApiError {
    match error {
        TxError::Api(error) => error,
        TxError::Rejected(errors) => ApiError::internal(errors),
    }
}

/// Records the audit entry and the event of a change. The payload names
/// the agreement and both parties; `extra` adds what the template needs.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    acting: Acting,
    operation: &str,
    kind: EventKind,
    agreement: &AgreementRow,
    concerned: Vec<i64>,
    extra: Value,
) -> Result<(), ApiError> {
    let workers = organization(conn, agreement.workers_party_id)
        .await
        .map_err(into_api)?;
    let employer = organization(conn, agreement.employer_party_id)
        .await
        .map_err(into_api)?;
    let mut payload = json!({
        "agreement": encode(NodeType::Agreement, agreement.id),
        "title": agreement.title,
        "kind": agreement.kind.as_str(),
        "specialSubject": agreement.special_subject.map(|s| s.as_str()),
        "workersParty": workers.name,
        "employerParty": employer.name,
        "status": agreement.status.as_str(),
        "textVersion": agreement.text_version,
    });
    if let (Some(target), Value::Object(extra)) = (payload.as_object_mut(), extra) {
        target.extend(extra);
    }
    let subject = (NodeType::Agreement, agreement.id);
    audit::record(conn, now, acting, operation, subject, payload.clone()).await?;
    events::emit(conn, now, acting.user_id, kind, subject, concerned, payload).await?;
    Ok(())
}

/// The filing and publication periods in days for an agreement: the
/// nearest region's rule for its kind and subject, else for its kind, else
/// the national defaults.
pub async fn periods(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
) -> Result<(u32, u32), ApiError> {
    let chain = region_chain(conn, agreement.region_id)
        .await
        .map_err(into_api)?;
    let rules = storage::rules_for(conn, &chain, agreement.kind).await?;
    let subject = agreement.special_subject.map_or("", |s| s.as_str());
    let found = chain.iter().rev().find_map(|region| {
        let of_region = |s: &str| {
            rules
                .iter()
                .find(|r| r.region_id == *region && r.special_subject == s)
        };
        of_region(subject).or_else(|| of_region(""))
    });
    Ok(match found {
        Some(rule) => (
            u32::try_from(rule.filing_days).unwrap_or(DEFAULT_FILING_DAYS),
            u32::try_from(rule.publication_days).unwrap_or(DEFAULT_PUBLICATION_DAYS),
        ),
        None => (DEFAULT_FILING_DAYS, DEFAULT_PUBLICATION_DAYS),
    })
}

/// Starts a clock of the agreement.
#[allow(clippy::too_many_arguments)]
pub async fn open_clock(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
    kind: &str,
    period: Period,
    rule: String,
    start: NaiveDateTime,
    organizations: Vec<i64>,
    offsets: &ReminderOffsets,
    now: NaiveDateTime,
) -> Result<DeadlineRow, ApiError> {
    let new = NewDeadline {
        kind: kind.into(),
        rule,
        period,
        subject: (NodeType::Agreement, agreement.id),
        start,
        organizations,
    };
    Ok(deadlines::open(conn, new, offsets, now).await?)
}

/// Closes the agreement's open clock of `kind`, if one runs.
pub async fn close_clock(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
    kind: &str,
    status: DeadlineStatus,
    now: NaiveDateTime,
) -> Result<Option<DeadlineRow>, ApiError> {
    let subject = (NodeType::Agreement, agreement.id);
    Ok(deadlines::close_open(conn, subject, kind, status, now).await?)
}
