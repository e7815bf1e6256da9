//! The one way a change is recorded: its audit row, and its event (the
//! outbox row) for the organizations concerned, in the change's transaction.

use chrono::NaiveDateTime;
use serde_json::Value;

use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::events::storage as events;
use crate::graphql::errors::TxError;
use crate::graphql::ids::NodeType;
use crate::identity::audit;
use crate::identity::authorization::Acting;

/// A change as the audit trail and the outbox record it.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub acting: Acting,
    /// The mutation (or scheduler step) that made it.
    pub operation: &'a str,
    /// The event to tell; `None` for changes only audited (a draft no one else sees).
    pub event: Option<EventKind>,
    pub subject: (NodeType, i64),
    /// The organizations the event concerns.
    pub audience: Vec<i64>,
    /// The audit summary, and the event's payload.
    pub payload: Value,
}

impl<'a> Entry<'a> {
    /// An entry only audited: a change no one else is told of (a draft only
    /// its author sees, a region's configuration).
    pub fn audited(
        acting: Acting,
        operation: &'a str,
        subject: (NodeType, i64),
        payload: Value,
    ) -> Entry<'a> {
        Entry {
            acting,
            operation,
            event: None,
            subject,
            audience: Vec::new(),
            payload,
        }
    }
}

/// The name of the organization a change is made for, as events name it.
pub async fn acting_name(conn: &mut Conn<'_>, acting: Acting) -> Result<String, TxError> {
    let id = acting.organization_id.unwrap_or_default();
    Ok(crate::organizations::places::organization(conn, id)
        .await?
        .name)
}

/// Records the audit row and the event of a change.
pub async fn record(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    entry: Entry<'_>,
) -> Result<(), TxError> {
    let Entry {
        acting,
        operation,
        event,
        subject,
        audience,
        payload,
    } = entry;
    audit::record(conn, now, acting, operation, subject, payload.clone()).await?;
    if let Some(kind) = event {
        events::emit(conn, now, acting.user_id, kind, subject, audience, payload).await?;
    }
    Ok(())
}
