//! The steps a layoff plan's clocks take by themselves: when the 30 days
//! from the explanation run out, the parties and overseers are told that
//! terminations may take effect; when the six months of priority end, the
//! clock is simply met.

use chrono::NaiveDateTime;

use super::rules::plan::notice_elapsed;
use super::storage::PlanRow;
use crate::change::{Act, Change, Env, Record, Ruling, settle};
use crate::db::Conn;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::ReminderOffsets;
use crate::deadlines::scheduler::{Transition, Transitions};
use crate::deadlines::storage::DeadlineRow;
use crate::graphql::errors::{ApiError, TxError};
use crate::identity::Viewer;
use crate::identity::authorization::Acting;

/// The 30 days ran out.
pub(super) struct Elapsed;

impl Change<PlanRow> for Elapsed {
    type Facts = ();
    fn decide(&self, plan: &PlanRow, _: &(), _: &Act) -> Ruling<PlanRow> {
        notice_elapsed(plan)
    }
}

/// The scheduler's step for the notice clock.
struct OnNotice {
    reminders: ReminderOffsets,
}

#[async_graphql::async_trait::async_trait]
impl Transition for OnNotice {
    async fn on_due(
        &self,
        conn: &mut Conn<'_>,
        deadline: &DeadlineRow,
        now: NaiveDateTime,
    ) -> Result<(), ApiError> {
        let Some(plan) = PlanRow::load(conn, &Viewer::System, deadline.subject_id)
            .await
            .map_err(TxError::into_api)?
        else {
            return Ok(());
        };
        let env = Env::at(now, &self.reminders, "layoffNoticeElapsed");
        match settle(conn, plan, &Elapsed, Acting::SYSTEM, &env).await {
            Ok(_) | Err(TxError::Rejected(_)) => Ok(()),
            Err(other) => Err(other.into_api()),
        }
    }
}

/// The six months of priority end: nothing is due of anyone, so the clock
/// is met, not missed.
struct OnRehiringEnd;

#[async_graphql::async_trait::async_trait]
impl Transition for OnRehiringEnd {
    async fn on_due(
        &self,
        _: &mut Conn<'_>,
        _: &DeadlineRow,
        _: NaiveDateTime,
    ) -> Result<(), ApiError> {
        Ok(())
    }
}

/// The scheduler's transitions of layoff plans.
pub fn transitions(transitions: Transitions, reminders: &ReminderOffsets) -> Transitions {
    transitions
        .with(
            DeadlineKind::LayoffNotice,
            OnNotice {
                reminders: reminders.clone(),
            },
        )
        .with(DeadlineKind::LayoffRehiring, OnRehiringEnd)
}
