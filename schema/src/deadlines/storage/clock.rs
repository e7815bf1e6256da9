//! Storage of statutory clocks: opening, closing, moving, and what the scheduler claims.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::tables::{deadline_organizations, deadlines};
use crate::db::{Conn, stored};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::counting::{Period, due_at};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::{DeadlineStatus, ReminderOffsets};
use crate::graphql::ids::NodeType;
use crate::{insert_all, locked_ids, on};

/// Starts a clock: computes its due instant on the calendar and its first reminder.
pub async fn open(
    conn: &mut Conn<'_>,
    new: NewDeadline,
    offsets: &ReminderOffsets,
    now: NaiveDateTime,
) -> QueryResult<DeadlineRow> {
    let calendar = load_calendar(conn).await?;
    open_on(conn, new, &calendar, offsets, now).await
}

/// [`open`] on a calendar the caller has read (the demo opens hundreds of
/// clocks on one).
pub async fn open_on(
    conn: &mut Conn<'_>,
    new: NewDeadline,
    calendar: &Calendar,
    offsets: &ReminderOffsets,
    now: NaiveDateTime,
) -> QueryResult<DeadlineRow> {
    let due = stored(due_at(new.start.and_utc(), new.clock.period, calendar));
    let row: DeadlineRow = on!(conn, |c| {
        diesel::insert_into(deadlines::table)
            .values((
                deadlines::kind.eq(new.clock.kind),
                deadlines::rule.eq(new.clock.rule.as_ref()),
                deadlines::period.eq(new.clock.period.encode()),
                deadlines::subject_type.eq(new.subject.0.prefix()),
                deadlines::subject_id.eq(new.subject.1),
                deadlines::start_at.eq(new.start),
                deadlines::due_at.eq(due),
                deadlines::status.eq(DeadlineStatus::Open),
                deadlines::next_reminder_at.eq(offsets.next_after(due, &[], now)),
                deadlines::reminders_sent.eq("[]"),
                deadlines::created_at.eq(now),
                deadlines::version.eq(1),
            ))
            .returning(DeadlineRow::as_returning())
            .get_result(c)
            .await
    })?;
    let mut organizations = new.organizations;
    organizations.sort_unstable();
    organizations.dedup();
    let parties: Vec<_> = organizations
        .into_iter()
        .map(|organization| {
            (
                deadline_organizations::deadline_id.eq(row.id),
                deadline_organizations::organization_id.eq(organization),
            )
        })
        .collect();
    insert_all!(conn, deadline_organizations::table, parties)?;
    Ok(row)
}

/// Ends an open clock as met or cancelled (or missed, by the scheduler).
pub async fn close(
    conn: &mut Conn<'_>,
    id: i64,
    status: DeadlineStatus,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::update(
            deadlines::table
                .filter(deadlines::id.eq(id))
                .filter(deadlines::status.eq(DeadlineStatus::Open)),
        )
        .set((
            deadlines::status.eq(status),
            deadlines::closed_at.eq(now),
            deadlines::next_reminder_at.eq(None::<NaiveDateTime>),
            deadlines::version.eq(deadlines::version + 1),
        ))
        .execute(c)
        .await
        .map(drop)
    })
}

/// Open clocks whose next reminder is due, locked on PostgreSQL against other schedulers.
pub async fn claim_due_reminders(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<DeadlineRow>> {
    let ids = locked_ids!(
        &mut *conn,
        deadlines::table
            .filter(deadlines::status.eq(DeadlineStatus::Open))
            .filter(deadlines::next_reminder_at.le(now))
            .order(deadlines::next_reminder_at)
            .limit(limit)
            .select(deadlines::id)
    )?;
    by_ids(conn, &ids).await
}

/// Open clocks that have run out, locked on PostgreSQL against other schedulers.
pub async fn claim_due(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<DeadlineRow>> {
    let ids = locked_ids!(
        &mut *conn,
        deadlines::table
            .filter(deadlines::status.eq(DeadlineStatus::Open))
            .filter(deadlines::due_at.le(now))
            .order(deadlines::due_at)
            .limit(limit)
            .select(deadlines::id)
    )?;
    by_ids(conn, &ids).await
}

async fn by_ids(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<DeadlineRow>> {
    on!(conn, |c| {
        deadlines::table
            .filter(deadlines::id.eq_any(ids))
            .order(deadlines::due_at)
            .select(DeadlineRow::as_select())
            .load(c)
            .await
    })
}

pub async fn set_reminders(
    conn: &mut Conn<'_>,
    id: i64,
    sent: &[i64],
    next: Option<NaiveDateTime>,
) -> QueryResult<()> {
    let sent = serde_json::to_string(sent).unwrap_or_else(|_| "[]".into());
    on!(conn, |c| {
        diesel::update(deadlines::table.filter(deadlines::id.eq(id)))
            .set((
                deadlines::reminders_sent.eq(sent),
                deadlines::next_reminder_at.eq(next),
            ))
            .execute(c)
            .await
            .map(drop)
    })
}

/// `(deadline, organization)` pairs of the given deadlines.
pub async fn organizations_of(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    on!(conn, |c| {
        deadline_organizations::table
            .filter(deadline_organizations::deadline_id.eq_any(ids))
            .select((
                deadline_organizations::deadline_id,
                deadline_organizations::organization_id,
            ))
            .load(c)
            .await
    })
}

/// The latest clock of `kind` for each of the given subjects.
pub async fn latest_for_subjects(
    conn: &mut Conn<'_>,
    subject_type: NodeType,
    kind: DeadlineKind,
    subject_ids: &[i64],
) -> QueryResult<Vec<DeadlineRow>> {
    let rows: Vec<DeadlineRow> = on!(conn, |c| {
        deadlines::table
            .filter(deadlines::subject_type.eq(subject_type.prefix()))
            .filter(deadlines::kind.eq(kind))
            .filter(deadlines::subject_id.eq_any(subject_ids))
            .order(deadlines::id.desc())
            .select(DeadlineRow::as_select())
            .load(c)
            .await
    })?;
    let mut latest: Vec<DeadlineRow> = Vec::new();
    for row in rows {
        if !latest.iter().any(|l| l.subject_id == row.subject_id) {
            latest.push(row);
        }
    }
    Ok(latest)
}

/// The open clock of `kind` for a subject, if one runs.
pub async fn open_for_subject(
    conn: &mut Conn<'_>,
    subject: (NodeType, i64),
    kind: DeadlineKind,
) -> QueryResult<Option<DeadlineRow>> {
    let rows = latest_for_subjects(conn, subject.0, kind, &[subject.1]).await?;
    Ok(rows.into_iter().find(|d| d.status == DeadlineStatus::Open))
}

/// Closes a subject's open clock of `kind`, if one runs, returning it.
pub async fn close_open(
    conn: &mut Conn<'_>,
    subject: (NodeType, i64),
    kind: DeadlineKind,
    status: DeadlineStatus,
    now: NaiveDateTime,
) -> QueryResult<Option<DeadlineRow>> {
    let open = open_for_subject(conn, subject, kind).await?;
    if let Some(deadline) = &open {
        close(conn, deadline.id, status, now).await?;
    }
    Ok(open)
}

/// Lengthens an open clock's period by `days` of its unit (an extension):
/// the due instant is counted again from its start on the calendar, so the
/// period it shows is the one it now has and a later change of the
/// calendar keeps the extension. Returns the clock as it now stands.
pub async fn lengthen(
    conn: &mut Conn<'_>,
    row: &DeadlineRow,
    days: u32,
    offsets: &ReminderOffsets,
    now: NaiveDateTime,
) -> QueryResult<DeadlineRow> {
    let calendar = load_calendar(conn).await?;
    let period = Period::parse(&row.period)
        .ok_or_else(|| {
            diesel::result::Error::DeserializationError(
                format!("a clock's period {:?}", row.period).into(),
            )
        })?
        .lengthened(days);
    let due = stored(due_at(row.start_at.and_utc(), period, &calendar));
    let next = offsets.next_after(due, &row.sent(), now);
    on!(conn, |c| {
        diesel::update(deadlines::table.filter(deadlines::id.eq(row.id)))
            .set((
                deadlines::period.eq(period.encode()),
                deadlines::due_at.eq(due),
                deadlines::next_reminder_at.eq(next),
                deadlines::version.eq(deadlines::version + 1),
            ))
            .returning(DeadlineRow::as_returning())
            .get_result(c)
            .await
    })
}
