//! The scheduler: sends reminders before each deadline, marks deadlines
//! missed when they pass and tells the parties, and performs registered
//! automatic transitions (for example, an agreement taking effect 15 days
//! after filing without objection). Due rows are found by index and claimed
//! with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances share the work.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use serde_json::json;

use super::counting::local_date;
use super::holidays;
use super::kinds::DeadlineKind;
use super::rules::{DeadlineStatus, ReminderOffsets};
use super::storage::{self, DeadlineRow, NewDeadline};
use crate::clock::Clock;
use crate::db::{Conn, Database, stored};
use crate::events::kinds::EventKind;
use crate::events::storage as events;
use crate::graphql::errors::ApiError;
use crate::graphql::ids::{NodeType, encode};
use crate::identity::audit;
use crate::transaction;

/// Rows handled per transaction.
const BATCH: i64 = 100;

/// The step a clock of some kind takes by itself when it runs out; the
/// clock then counts as met, not missed.
#[async_graphql::async_trait::async_trait]
pub trait Transition: Send + Sync {
    async fn on_due(
        &self,
        conn: &mut Conn<'_>,
        deadline: &DeadlineRow,
        now: NaiveDateTime,
    ) -> Result<(), ApiError>;
}

/// The registered transitions, by deadline kind.
#[derive(Clone, Default)]
pub struct Transitions(HashMap<DeadlineKind, Arc<dyn Transition>>);

impl Transitions {
    pub fn with(
        mut self,
        kind: DeadlineKind,
        transition: impl Transition + 'static,
    ) -> Transitions {
        self.0.insert(kind, Arc::new(transition));
        self
    }
}

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Run {
    /// Whether the city office was asked for next year's holiday notice.
    pub notice_asked: bool,
    pub reminders: usize,
    pub missed: usize,
    pub transitions: usize,
}

/// The payload every deadline event carries.
fn payload(deadline: &DeadlineRow, status: DeadlineStatus) -> serde_json::Value {
    json!({
        "deadline": {
            "id": encode(NodeType::Deadline, deadline.id),
            "kind": deadline.kind.as_str(),
            "rule": deadline.rule,
            "dueAt": deadline.due_at.and_utc().to_rfc3339(),
            "status": status.as_str(),
        }
    })
}

/// Records an event about a deadline, for the organizations it concerns.
async fn announce(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    deadline: &DeadlineRow,
    kind: EventKind,
    payload: serde_json::Value,
) -> Result<(), ApiError> {
    let mut organizations: Vec<i64> = storage::organizations_of(conn, &[deadline.id])
        .await?
        .into_iter()
        .map(|(_, o)| o)
        .collect();
    // A missed clock that escalates reaches the city office too.
    if payload.get("escalated").is_some()
        && let Some(office) = crate::organizations::storage::root_office(conn).await?
        && !organizations.contains(&office.id)
    {
        organizations.push(office.id);
    }
    let subject = match NodeType::of_prefix(&deadline.subject_type) {
        Some(node_type) => (node_type, deadline.subject_id),
        None => (NodeType::Deadline, deadline.id),
    };
    events::emit(conn, now, None, kind, subject, organizations, payload).await?;
    Ok(())
}

/// From 1 November, asks the city office once for the next year's holiday
/// notice unless it is loaded: a clock due at the end of the year, and an
/// event telling the office what counts until it is loaded.
async fn ask_for_notice(
    conn: &mut Conn<'_>,
    year: i32,
    offsets: &ReminderOffsets,
    now: NaiveDateTime,
) -> Result<bool, ApiError> {
    if storage::confirmed_years(conn).await?.contains(&year) {
        return Ok(false);
    }
    let Some(office) = crate::organizations::storage::root_office(conn).await? else {
        return Ok(false);
    };
    // Asked already (every tick of November and December but the first),
    // or another instance holding the office's row is asking now; the
    // question is put again under the lock.
    if storage::notice_asked(conn, office.id, year)
        .await?
        .is_some()
        || !crate::organizations::storage::claim(conn, office.id).await?
        || storage::notice_asked(conn, office.id, year)
            .await?
            .is_some()
    {
        return Ok(false);
    }
    let new = NewDeadline {
        clock: holidays::notice_clock(year),
        subject: (NodeType::Organization, office.id),
        start: now,
        organizations: vec![office.id],
    };
    let deadline = storage::open(conn, new, offsets, now).await?;
    let mut payload = payload(&deadline, DeadlineStatus::Open);
    payload["year"] = json!(year);
    announce(conn, now, &deadline, EventKind::CalendarNoticeDue, payload).await?;
    Ok(true)
}

/// Runs the scheduler once at the clock's current instant.
pub async fn run_once(
    db: &Database,
    clock: &Clock,
    offsets: &ReminderOffsets,
    transitions: &Transitions,
) -> Result<Run, ApiError> {
    let now = stored(clock.now());
    let mut run = Run::default();
    if let Some(year) = holidays::notice_wanted(local_date(now.and_utc())) {
        run.notice_asked = transaction!(db, |conn| {
            let asked = ask_for_notice(conn, year, offsets, now).await?;
            if asked {
                audit::announce(conn).await?;
            }
            Ok::<_, ApiError>(asked)
        })?;
    }
    loop {
        let reminded = transaction!(db, |conn| {
            let due = storage::claim_due_reminders(conn, now, BATCH).await?;
            for deadline in &due {
                let mut sent = deadline.sent();
                if let Some(offset) = offsets.due_now(deadline.due_at, &sent, now) {
                    let mut payload = payload(deadline, DeadlineStatus::Open);
                    payload["offsetHours"] = json!(offset);
                    announce(conn, now, deadline, EventKind::DeadlineReminder, payload).await?;
                    sent.push(offset);
                }
                let next = offsets.next_after(deadline.due_at, &sent, now);
                storage::set_reminders(conn, deadline.id, &sent, next).await?;
            }
            Ok::<_, ApiError>(due.len())
        })?;
        run.reminders += reminded;
        if reminded < BATCH as usize {
            break;
        }
    }
    loop {
        let (missed, transitioned) = transaction!(db, |conn| {
            let due = storage::claim_due(conn, now, BATCH).await?;
            if !due.is_empty() {
                // Lists and their counts kept on every instance are stale.
                audit::announce(conn).await?;
            }
            let (mut missed, mut transitioned) = (0, 0);
            for deadline in &due {
                match transitions.0.get(&deadline.kind) {
                    Some(transition) => {
                        transition.on_due(conn, deadline, now).await?;
                        storage::close(conn, deadline.id, DeadlineStatus::Met, now).await?;
                        transitioned += 1;
                    }
                    None => {
                        storage::close(conn, deadline.id, DeadlineStatus::Missed, now).await?;
                        let mut payload = payload(deadline, DeadlineStatus::Missed);
                        if deadline.kind.escalates() {
                            payload["escalated"] = json!(true);
                        }
                        announce(conn, now, deadline, EventKind::DeadlineMissed, payload).await?;
                        missed += 1;
                    }
                }
            }
            Ok::<_, ApiError>((missed, transitioned))
        })?;
        run.missed += missed;
        run.transitions += transitioned;
        if missed + transitioned < BATCH as usize {
            return Ok(run);
        }
    }
}
