//! Storage of deadlines and of the calendar. The scheduler finds due rows
//! through the (status, due_at) and (status, next_reminder_at) indexes.

mod calendar;
mod clock;
mod ledger;

pub use calendar::*;
pub use clock::*;
pub use ledger::*;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::tables::deadlines;
use crate::deadlines::kinds::{DeadlineKind, StatutoryClock};
use crate::deadlines::rules::DeadlineStatus;
use crate::graphql::ids::NodeType;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = deadlines, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct DeadlineRow {
    pub id: i64,
    pub kind: DeadlineKind,
    pub rule: String,
    pub period: String,
    pub subject_type: String,
    pub subject_id: i64,
    pub start_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub status: DeadlineStatus,
    pub next_reminder_at: Option<NaiveDateTime>,
    pub reminders_sent: String,
    pub closed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub version: i32,
}

impl DeadlineRow {
    /// The offsets (hours before due) whose reminders went out.
    pub fn sent(&self) -> Vec<i64> {
        serde_json::from_str(&self.reminders_sent).unwrap_or_default()
    }
}

/// A statutory clock to start.
#[derive(Debug, Clone)]
pub struct NewDeadline {
    pub clock: StatutoryClock,
    pub subject: (NodeType, i64),
    /// The event that starts the clock (its day is not counted).
    pub start: NaiveDateTime,
    /// The organizations it concerns: who sees it and who is reminded.
    pub organizations: Vec<i64>,
}
