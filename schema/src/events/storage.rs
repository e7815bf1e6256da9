//! Storage of events (the outbox) and the organizations they concern.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::EventKind;
use crate::db::Conn;
use crate::db::tables::{event_organizations, events};
use crate::graphql::ids::NodeType;
use crate::on;

/// The channel on which PostgreSQL announces committed events to every instance.
pub const CHANNEL: &str = "xieshang_events";

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = events, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct EventRow {
    pub id: i64,
    pub kind: EventKind,
    pub subject_type: String,
    pub subject_id: i64,
    pub actor_user_id: Option<i64>,
    pub occurred_at: NaiveDateTime,
    pub payload: String,
    pub fanned_out: bool,
}

/// An event with the organizations it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub row: EventRow,
    pub organizations: Vec<i64>,
}

/// An event about to be recorded.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub kind: EventKind,
    pub subject: (NodeType, i64),
    pub actor_user_id: Option<i64>,
    pub organizations: Vec<i64>,
    pub payload: serde_json::Value,
}

/// Records an event in the caller's transaction. On PostgreSQL the event's
/// id is announced with NOTIFY, which is delivered only if the transaction commits.
pub async fn record(conn: &mut Conn<'_>, now: NaiveDateTime, event: NewEvent) -> QueryResult<i64> {
    let mut organizations = event.organizations;
    organizations.sort_unstable();
    organizations.dedup();
    let id: i64 = on!(conn, |c| {
        diesel::insert_into(events::table)
            .values((
                events::kind.eq(event.kind),
                events::subject_type.eq(event.subject.0.prefix()),
                events::subject_id.eq(event.subject.1),
                events::actor_user_id.eq(event.actor_user_id),
                events::occurred_at.eq(now),
                events::payload.eq(event.payload.to_string()),
                events::fanned_out.eq(false),
            ))
            .returning(events::id)
            .get_result(c)
            .await
    })?;
    let links: Vec<_> = organizations
        .iter()
        .map(|o| {
            (
                event_organizations::event_id.eq(id),
                event_organizations::organization_id.eq(*o),
            )
        })
        .collect();
    match conn {
        Conn::Postgres(c) => {
            diesel::insert_into(event_organizations::table)
                .values(&links)
                .execute(&mut **c)
                .await?;
            diesel::sql_query("SELECT pg_notify($1, $2)")
                .bind::<diesel::sql_types::Text, _>(CHANNEL)
                .bind::<diesel::sql_types::Text, _>(id.to_string())
                .execute(&mut **c)
                .await?;
        }
        Conn::Sqlite(c) => {
            // A multi-row insert needs the blocking connection on SQLite; one row at a time is enough here.
            for link in links {
                diesel::insert_into(event_organizations::table)
                    .values(link)
                    .execute(&mut **c)
                    .await?;
            }
        }
    }
    Ok(id)
}

async fn with_organizations(conn: &mut Conn<'_>, rows: Vec<EventRow>) -> QueryResult<Vec<Event>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let links: Vec<(i64, i64)> = on!(conn, |c| {
        event_organizations::table
            .filter(event_organizations::event_id.eq_any(&ids))
            .select((
                event_organizations::event_id,
                event_organizations::organization_id,
            ))
            .load(c)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let organizations = links
                .iter()
                .filter(|(e, _)| *e == row.id)
                .map(|(_, o)| *o)
                .collect();
            Event { row, organizations }
        })
        .collect())
}

/// Events with ids above `after`, oldest first.
pub async fn events_after(conn: &mut Conn<'_>, after: i64, limit: i64) -> QueryResult<Vec<Event>> {
    let rows = on!(conn, |c| {
        events::table
            .filter(events::id.gt(after))
            .order(events::id)
            .limit(limit)
            .select(EventRow::as_select())
            .load(c)
            .await
    })?;
    with_organizations(conn, rows).await
}

pub async fn events_by_ids(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<Event>> {
    let rows = on!(conn, |c| {
        events::table
            .filter(events::id.eq_any(ids))
            .order(events::id)
            .select(EventRow::as_select())
            .load(c)
            .await
    })?;
    with_organizations(conn, rows).await
}

pub async fn last_event_id(conn: &mut Conn<'_>) -> QueryResult<i64> {
    let max: Option<i64> = on!(conn, |c| events::table
        .select(diesel::dsl::max(events::id))
        .first(c)
        .await)?;
    Ok(max.unwrap_or(0))
}

/// Records an event by the actor of a change.
pub async fn emit(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    actor_user_id: Option<i64>,
    kind: EventKind,
    subject: (NodeType, i64),
    organizations: Vec<i64>,
    payload: serde_json::Value,
) -> QueryResult<i64> {
    record(
        conn,
        now,
        NewEvent {
            kind,
            subject,
            actor_user_id,
            organizations,
            payload,
        },
    )
    .await
}
