//! Storage of what a negotiation adds to its offer: representatives, sessions and disputes.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::change::Side;
use crate::db::Conn;
use crate::db::tables::{bargaining_disputes, bargaining_sessions, representatives};
use crate::offers::kinds::{DisputeStatus, SessionKind};
use crate::{insert_all, on};

/// The current representatives of the given offers.
pub async fn representatives_of(
    conn: &mut Conn<'_>,
    offer_ids: &[i64],
) -> QueryResult<Vec<RepresentativeRow>> {
    on!(conn, |c| {
        representatives::table
            .filter(representatives::offer_id.eq_any(offer_ids))
            .filter(representatives::removed_at.is_null())
            .order(representatives::id)
            .select(RepresentativeRow::as_select())
            .load(c)
            .await
    })
}

/// Names representatives of one side of an offer, in one statement.
pub async fn insert_representatives(
    conn: &mut Conn<'_>,
    offer_id: i64,
    side: Side,
    people: &[crate::offers::representatives::Representative],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let rows: Vec<_> = people
        .iter()
        .map(|person| {
            (
                representatives::offer_id.eq(offer_id),
                representatives::side.eq(side),
                representatives::name.eq(&person.name),
                representatives::position.eq(&person.position),
                representatives::is_chief.eq(person.is_chief),
                representatives::is_outside_expert.eq(person.is_outside_expert),
                representatives::created_at.eq(now),
            )
        })
        .collect();
    insert_all!(conn, representatives::table, rows)
}

/// Marks representatives removed: these ids, or (with `None`) a whole side.
pub async fn remove_representatives(
    conn: &mut Conn<'_>,
    offer_id: i64,
    side: Side,
    ids: Option<&[i64]>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    on!(conn, |c| {
        let mut target = representatives::table
            .filter(representatives::offer_id.eq(offer_id))
            .filter(representatives::side.eq(side))
            .filter(representatives::removed_at.is_null())
            .select(representatives::id)
            .into_boxed();
        if let Some(ids) = ids {
            target = target.filter(representatives::id.eq_any(ids));
        }
        let ids: Vec<i64> = target.load(c).await?;
        diesel::update(representatives::table.filter(representatives::id.eq_any(&ids)))
            .set(representatives::removed_at.eq(now))
            .execute(c)
            .await
    })
}

pub async fn representative_by_id(
    conn: &mut Conn<'_>,
    id: i64,
) -> QueryResult<Option<RepresentativeRow>> {
    on!(conn, |c| {
        representatives::table
            .filter(representatives::id.eq(id))
            .filter(representatives::removed_at.is_null())
            .select(RepresentativeRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

pub async fn sessions_of(conn: &mut Conn<'_>, offer_ids: &[i64]) -> QueryResult<Vec<SessionRow>> {
    on!(conn, |c| {
        bargaining_sessions::table
            .filter(bargaining_sessions::offer_id.eq_any(offer_ids))
            .order(bargaining_sessions::scheduled_at)
            .select(SessionRow::as_select())
            .load(c)
            .await
    })
}

/// A session to schedule.
#[derive(Debug, Insertable)]
#[diesel(table_name = bargaining_sessions)]
pub struct NewSession {
    pub offer_id: i64,
    pub kind: SessionKind,
    pub scheduled_at: NaiveDateTime,
    pub place: String,
    pub chairing_side: Side,
    pub note_taker: String,
    pub created_at: NaiveDateTime,
}

pub async fn insert_session(conn: &mut Conn<'_>, new: &NewSession) -> QueryResult<SessionRow> {
    on!(conn, |c| {
        diesel::insert_into(bargaining_sessions::table)
            .values(new)
            .returning(SessionRow::as_returning())
            .get_result(c)
            .await
    })
}

pub async fn record_session(
    conn: &mut Conn<'_>,
    id: i64,
    attendance: &str,
    minutes: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<SessionRow>> {
    on!(conn, |c| {
        diesel::update(bargaining_sessions::table.filter(bargaining_sessions::id.eq(id)))
            .set((
                bargaining_sessions::attendance.eq(attendance),
                bargaining_sessions::minutes.eq(minutes),
                bargaining_sessions::held_at.eq(now),
            ))
            .returning(SessionRow::as_returning())
            .get_result(c)
            .await
            .optional()
    })
}

pub async fn session_by_id(conn: &mut Conn<'_>, id: i64) -> QueryResult<Option<SessionRow>> {
    on!(conn, |c| {
        bargaining_sessions::table
            .filter(bargaining_sessions::id.eq(id))
            .select(SessionRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

pub async fn disputes_of(conn: &mut Conn<'_>, offer_ids: &[i64]) -> QueryResult<Vec<DisputeRow>> {
    on!(conn, |c| {
        bargaining_disputes::table
            .filter(bargaining_disputes::offer_id.eq_any(offer_ids))
            .order(bargaining_disputes::id)
            .select(DisputeRow::as_select())
            .load(c)
            .await
    })
}

pub async fn insert_dispute(
    conn: &mut Conn<'_>,
    offer_id: i64,
    requested_by: Side,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<DisputeRow> {
    on!(conn, |c| {
        diesel::insert_into(bargaining_disputes::table)
            .values((
                bargaining_disputes::offer_id.eq(offer_id),
                bargaining_disputes::requested_by.eq(requested_by),
                bargaining_disputes::reason.eq(reason),
                bargaining_disputes::status.eq(DisputeStatus::Open),
                bargaining_disputes::extended_days.eq(0),
                bargaining_disputes::opened_at.eq(now),
            ))
            .returning(DisputeRow::as_returning())
            .get_result(c)
            .await
    })
}

pub async fn dispute_by_id(conn: &mut Conn<'_>, id: i64) -> QueryResult<Option<DisputeRow>> {
    on!(conn, |c| {
        bargaining_disputes::table
            .filter(bargaining_disputes::id.eq(id))
            .select(DisputeRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

pub async fn update_dispute(
    conn: &mut Conn<'_>,
    id: i64,
    extended_days: i32,
    resolution: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<DisputeRow> {
    on!(conn, |c| {
        let resolved = resolution.is_some();
        diesel::update(bargaining_disputes::table.filter(bargaining_disputes::id.eq(id)))
            .set((
                bargaining_disputes::extended_days.eq(extended_days),
                bargaining_disputes::resolution.eq(resolution),
                bargaining_disputes::status.eq(if resolved {
                    DisputeStatus::Resolved
                } else {
                    DisputeStatus::Open
                }),
                bargaining_disputes::resolved_at.eq(resolved.then_some(now)),
            ))
            .returning(DisputeRow::as_returning())
            .get_result(c)
            .await
    })
}
