//! The steps agreements take by themselves: a filed contract takes effect
//! when 15 days pass without objection, a contract expires at the end of
//! its term, the parties are told three months before that they may renew,
//! and a renewal in force retires its predecessor. Each is a change the
//! system makes through the pipeline; one that no longer applies (the
//! contract was terminated meanwhile) does nothing.

use chrono::NaiveDateTime;

use super::facts::periods;
use super::kinds::ReviewOutcome;
use super::record::AgreementWrite;
use super::rules::{REVIEW, ending, filing};
use super::storage::AgreementRow;
use crate::change::{Act, Change, Env, Record, Ruling, settle};
use crate::db::Conn;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::ReminderOffsets;
use crate::deadlines::scheduler::{Transition, Transitions};
use crate::deadlines::storage::DeadlineRow;
use crate::graphql::errors::{ApiError, TxError};
use crate::identity::Viewer;
use crate::identity::authorization::Acting;

/// What the system does when a clock runs out, or a renewal takes effect.
enum Step {
    /// No objection within the review: in force from the clock's due instant.
    TakeEffect(NaiveDateTime, super::rules::Periods),
    Expire(NaiveDateTime),
    RenewalDue,
    /// Retired by its renewal, named by title.
    Retire(String),
}

impl Change<AgreementRow> for Step {
    type Facts = ();
    fn decide(&self, agreement: &AgreementRow, _: &(), act: &Act) -> Ruling<AgreementRow> {
        match self {
            Step::TakeEffect(at, periods) => {
                Ok(
                    filing::take_effect(agreement, ReviewOutcome::NoObjection, *at, *periods)?
                        .write(AgreementWrite::Review {
                            outcome: ReviewOutcome::NoObjection,
                            opinion: None,
                        }),
                )
            }
            Step::Expire(at) => ending::expire(agreement, *at),
            Step::RenewalDue => ending::renewal_due(agreement),
            Step::Retire(successor) => ending::retire(agreement, successor, act.now),
        }
    }
}

/// Settles a system step; a rule that no longer applies leaves all as it was.
async fn apply(
    conn: &mut Conn<'_>,
    agreement: AgreementRow,
    step: &Step,
    acting: Acting,
    env: &Env<'_>,
) -> Result<Option<AgreementRow>, TxError> {
    match settle(conn, agreement, step, acting, env).await {
        Ok(agreement) => Ok(Some(agreement)),
        Err(TxError::Rejected(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Retires the agreement a renewal in force replaces.
pub async fn retire_predecessor(
    conn: &mut Conn<'_>,
    successor: &AgreementRow,
    acting: Acting,
    env: &Env<'_>,
) -> Result<(), TxError> {
    let Some(id) = successor
        .predecessor_id
        .filter(|_| successor.effective_at.is_some())
    else {
        return Ok(());
    };
    let Some(old) = AgreementRow::load(conn, &Viewer::System, id).await? else {
        return Ok(());
    };
    let env = Env {
        operation: "renewAgreement",
        ..*env
    };
    apply(
        conn,
        old,
        &Step::Retire(successor.title.clone()),
        acting,
        &env,
    )
    .await?;
    Ok(())
}

/// The scheduler's step for one kind of agreement clock.
struct OnDue {
    kind: DeadlineKind,
    reminders: ReminderOffsets,
}

#[async_graphql::async_trait::async_trait]
impl Transition for OnDue {
    async fn on_due(
        &self,
        conn: &mut Conn<'_>,
        deadline: &DeadlineRow,
        now: NaiveDateTime,
    ) -> Result<(), ApiError> {
        self.settle(conn, deadline, now)
            .await
            .map_err(TxError::into_api)
    }
}

impl OnDue {
    async fn settle(
        &self,
        conn: &mut Conn<'_>,
        deadline: &DeadlineRow,
        now: NaiveDateTime,
    ) -> Result<(), TxError> {
        let Some(agreement) =
            AgreementRow::load(conn, &Viewer::System, deadline.subject_id).await?
        else {
            return Ok(());
        };
        let (step, operation) = match self.kind {
            DeadlineKind::AgreementReview => {
                let periods = periods(conn, &agreement).await?;
                (Step::TakeEffect(deadline.due_at, periods), "takeEffect")
            }
            DeadlineKind::AgreementTerm => (Step::Expire(deadline.due_at), "expire"),
            _ => (Step::RenewalDue, "renewalDue"),
        };
        let env = Env::at(now, &self.reminders, operation);
        let took_effect = matches!(step, Step::TakeEffect(..));
        let agreement = apply(conn, agreement, &step, Acting::SYSTEM, &env).await?;
        if let (true, Some(agreement)) = (took_effect, agreement) {
            retire_predecessor(conn, &agreement, Acting::SYSTEM, &env).await?;
        }
        Ok(())
    }
}

/// The scheduler's transitions of agreements.
pub fn transitions(transitions: Transitions, reminders: &ReminderOffsets) -> Transitions {
    let kinds = [
        REVIEW.kind,
        DeadlineKind::AgreementTerm,
        DeadlineKind::AgreementRenewal,
    ];
    kinds.into_iter().fold(transitions, |all, kind| {
        all.with(
            kind,
            OnDue {
                kind,
                reminders: reminders.clone(),
            },
        )
    })
}
