//! What a rule decides, and how the pipeline stores it. Storage writes what
//! the decision says and decides nothing.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::audience::{self, Audience};
use super::entry::{self, Entry};
use super::{Env, Part, Record};
use crate::db::Conn;
use crate::deadlines::kinds::{DeadlineKind, StatutoryClock};
use crate::deadlines::rules::DeadlineStatus;
use crate::deadlines::storage::{self as deadlines, NewDeadline};
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiError, TxError, UserError};
use crate::identity::authorization::Acting;

/// A rule's answer: the decision, or user errors naming fields.
pub type Ruling<R> = Result<Decision<R>, Vec<UserError>>;

/// A clock to start.
#[derive(Debug, Clone)]
pub struct Opening {
    pub clock: StatutoryClock,
    /// The event that starts it (its day is not counted).
    pub start: NaiveDateTime,
    /// Who sees it in their ledger and is reminded.
    pub audience: Vec<Audience>,
}

/// What happens to the record's clocks.
#[derive(Debug, Clone)]
pub enum ClockChange {
    Open(Opening),
    /// Closes the open clock of a kind, if one runs.
    Close(DeadlineKind, DeadlineStatus),
    /// Lengthens the period of the open clock of a kind by so many days
    /// (of its unit: calendar or working days), moving its due instant.
    Extend(DeadlineKind, u32),
}

/// A change decided: what to store, which clocks to move, whom to tell.
pub struct Decision<R: Record> {
    pub event: EventKind,
    /// False for a change only audited: no event, nobody told.
    pub told: bool,
    /// `None` leaves the record (and its version) alone.
    pub changes: Option<R::Changes>,
    pub writes: Vec<R::Write>,
    pub clocks: Vec<ClockChange>,
    /// The clock whose due instant the event announces as `due`.
    pub announce: Option<DeadlineKind>,
    pub audience: Vec<Audience>,
    /// What the event's template needs besides the record's payload.
    pub details: Value,
}

impl<R: Record> Decision<R> {
    /// A decision that tells `audience` of `event` and changes nothing yet.
    pub fn new(event: EventKind, audience: impl Into<Vec<Audience>>) -> Decision<R> {
        Decision {
            event,
            told: true,
            changes: None,
            writes: Vec::new(),
            clocks: Vec::new(),
            announce: None,
            audience: audience.into(),
            details: json!({}),
        }
    }

    /// Records the change in the audit trail only: nobody is told.
    pub fn quietly(mut self) -> Decision<R> {
        self.told = false;
        self
    }

    pub fn change(mut self, changes: R::Changes) -> Decision<R> {
        self.changes = Some(changes);
        self
    }

    pub fn write(mut self, write: R::Write) -> Decision<R> {
        self.writes.push(write);
        self
    }

    /// Starts `clock` at `start` for `audience`.
    pub fn open(
        mut self,
        clock: StatutoryClock,
        start: NaiveDateTime,
        audience: impl Into<Vec<Audience>>,
    ) -> Decision<R> {
        self.clocks.push(ClockChange::Open(Opening {
            clock,
            start,
            audience: audience.into(),
        }));
        self
    }

    pub fn close(mut self, kind: DeadlineKind, status: DeadlineStatus) -> Decision<R> {
        self.clocks.push(ClockChange::Close(kind, status));
        self
    }

    pub fn extend(mut self, kind: DeadlineKind, days: u32) -> Decision<R> {
        self.clocks.push(ClockChange::Extend(kind, days));
        self
    }

    /// The event carries the due instant of the open clock of `kind` as `due`.
    pub fn announce(mut self, kind: DeadlineKind) -> Decision<R> {
        self.announce = Some(kind);
        self
    }

    /// Adds `details` (a JSON object) to the event's payload.
    pub fn details(mut self, details: Value) -> Decision<R> {
        if let (Value::Object(target), Value::Object(more)) = (&mut self.details, details) {
            target.extend(more);
        }
        self
    }
}

impl<R: Record> Decision<R> {
    /// The same decision, taken on a part of the record.
    pub fn into_part<P: Part<Of = R>>(self) -> Decision<(P, R)> {
        Decision {
            event: self.event,
            told: self.told,
            changes: self.changes,
            writes: self.writes,
            clocks: self.clocks,
            announce: self.announce,
            audience: self.audience,
            details: self.details,
        }
    }
}

/// Stores a decision: changes, writes, clocks, then the audit row and event.
pub async fn store<R: Record>(
    conn: &mut Conn<'_>,
    record: R,
    decision: Decision<R>,
    acting: Acting,
    env: &Env<'_>,
) -> Result<R, TxError> {
    let now = env.now;
    let audience = audience::resolve(conn, &record, &decision.audience).await?;
    let mut record = match &decision.changes {
        Some(changes) => {
            let version = record.version();
            record
                .store(conn, changes, now)
                .await?
                .ok_or(ApiError::Conflict {
                    current_version: version + 1,
                })?
        }
        None => record,
    };
    for write in decision.writes {
        record.write(conn, write, now).await?;
    }
    let subject = record.clock_subject();
    let mut announced = None;
    for clock in decision.clocks {
        let kind = match &clock {
            ClockChange::Open(opening) => opening.clock.kind,
            ClockChange::Close(kind, _) | ClockChange::Extend(kind, _) => *kind,
        };
        let moved = match clock {
            ClockChange::Open(Opening {
                clock,
                start,
                audience: to,
            }) => {
                let organizations = audience::resolve(conn, &record, &to).await?;
                let new = NewDeadline {
                    clock,
                    subject,
                    start,
                    organizations,
                };
                Some(deadlines::open(conn, new, env.reminders, now).await?)
            }
            ClockChange::Close(kind, status) => {
                deadlines::close_open(conn, subject, kind, status, now).await?;
                None
            }
            ClockChange::Extend(kind, days) => {
                let open = deadlines::open_for_subject(conn, subject, kind)
                    .await?
                    .ok_or_else(|| ApiError::internal(format!("no open clock {kind:?}")))?;
                Some(deadlines::lengthen(conn, &open, days, env.reminders, now).await?)
            }
        };
        if decision.announce == Some(kind) && moved.is_some() {
            announced = moved;
        }
    }
    if announced.is_none()
        && let Some(kind) = decision.announce
    {
        announced = deadlines::open_for_subject(conn, subject, kind).await?;
    }
    // A due instant counted over a year whose holiday notice is not loaded
    // may move: the email says so.
    let provisional = match &announced {
        Some(row) => !deadlines::on_confirmed_calendar(conn, row).await?,
        None => false,
    };
    let due = announced.map(|row| row.due_at);
    let mut payload = record.payload(conn).await?;
    if let (Value::Object(target), Value::Object(details)) = (&mut payload, decision.details) {
        target.extend(details);
        if decision.announce.is_some() {
            target.insert("due".into(), json!(due.map(|d| d.and_utc().to_rfc3339())));
        }
        if provisional {
            target.insert("dueProvisional".into(), json!(true));
        }
    }
    let entry = Entry {
        acting,
        operation: env.operation,
        event: (decision.told && !env.quiet).then_some(decision.event),
        subject: record.subject(),
        audience,
        payload,
    };
    entry::record(conn, now, entry).await?;
    Ok(record)
}
