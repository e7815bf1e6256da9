//! Storage of deadlines and of the calendar. The scheduler finds due rows
//! through the (status, due_at) and (status, next_reminder_at) indexes.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::calendar::{Calendar, CalendarDayKind};
use super::counting::{Period, due_at};
use super::kinds::{DeadlineKind, StatutoryClock};
use super::rules::{DeadlineStatus, ReminderOffsets};
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{calendar_days, deadline_organizations, deadlines, organizations};
use crate::db::{Conn, stored};
use crate::graphql::ids::NodeType;
use crate::organizations::visibility::OrgVisible;
use crate::{load_page_by_time, locked_ids, on, visible_organizations};

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

/// Starts a clock: computes its due instant on the calendar and its first reminder.
pub async fn open(
    conn: &mut Conn<'_>,
    new: NewDeadline,
    offsets: &ReminderOffsets,
    now: NaiveDateTime,
) -> QueryResult<DeadlineRow> {
    let calendar = load_calendar(conn).await?;
    let due = stored(due_at(new.start.and_utc(), new.clock.period, &calendar));
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
    for organization in organizations {
        on!(conn, |c| {
            diesel::insert_into(deadline_organizations::table)
                .values((
                    deadline_organizations::deadline_id.eq(row.id),
                    deadline_organizations::organization_id.eq(organization),
                ))
                .execute(c)
                .await
        })?;
    }
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

/// Filters of the deadline ledger.
#[derive(Debug, Default)]
pub struct DeadlineFilter {
    pub ids: Option<Vec<i64>>,
    pub kinds: Vec<DeadlineKind>,
    pub statuses: Vec<DeadlineStatus>,
    pub due_from: Option<NaiveDateTime>,
    pub due_until: Option<NaiveDateTime>,
    /// Only clocks concerning organizations in these regions.
    pub region_ids: Option<Vec<i64>>,
    pub organization: Option<i64>,
}

/// One page of the ledger, ordered by due instant: clocks concerning an
/// organization the viewer may see.
pub async fn ledger_page(
    conn: &mut Conn<'_>,
    filter: &DeadlineFilter,
    visible: &OrgVisible,
    page: &PageRequest,
) -> QueryResult<Page<DeadlineRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = deadlines::table
                .select(DeadlineRow::as_select())
                .into_boxed();
            if *visible != OrgVisible::Everything {
                let seen = visible_organizations!(organizations::table.into_boxed(), visible)
                    .select(organizations::id);
                query = query.filter(
                    deadlines::id.eq_any(
                        deadline_organizations::table
                            .filter(deadline_organizations::organization_id.eq_any(seen))
                            .select(deadline_organizations::deadline_id),
                    ),
                );
            }
            if let Some(ids) = &filter.ids {
                query = query.filter(deadlines::id.eq_any(ids));
            }
            if !filter.kinds.is_empty() {
                query = query.filter(deadlines::kind.eq_any(&filter.kinds));
            }
            if !filter.statuses.is_empty() {
                query = query.filter(deadlines::status.eq_any(&filter.statuses));
            }
            if let Some(from) = filter.due_from {
                query = query.filter(deadlines::due_at.ge(from));
            }
            if let Some(until) = filter.due_until {
                query = query.filter(deadlines::due_at.lt(until));
            }
            if let Some(regions) = &filter.region_ids {
                let in_regions = organizations::table
                    .filter(organizations::region_id.eq_any(regions))
                    .select(organizations::id);
                query = query.filter(
                    deadlines::id.eq_any(
                        deadline_organizations::table
                            .filter(deadline_organizations::organization_id.eq_any(in_regions))
                            .select(deadline_organizations::deadline_id),
                    ),
                );
            }
            if let Some(organization) = filter.organization {
                query = query.filter(
                    deadlines::id.eq_any(
                        deadline_organizations::table
                            .filter(deadline_organizations::organization_id.eq(organization))
                            .select(deadline_organizations::deadline_id),
                    ),
                );
            }
            query
        };
        Ok(load_page_by_time!(
            c,
            query(),
            deadlines::due_at,
            deadlines::id,
            page
        ))
    })
}

/// The calendar's marked days.
pub async fn load_calendar(conn: &mut Conn<'_>) -> QueryResult<Calendar> {
    let days: Vec<(NaiveDate, CalendarDayKind)> = on!(conn, |c| calendar_days::table
        .select((calendar_days::day, calendar_days::kind))
        .load(c)
        .await)?;
    Ok(Calendar::new(days))
}

/// Marked days from `from` to `to`, inclusive.
pub async fn calendar_days(
    conn: &mut Conn<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(NaiveDate, CalendarDayKind, String)>> {
    on!(conn, |c| {
        calendar_days::table
            .filter(calendar_days::day.between(from, to))
            .order(calendar_days::day)
            .select((calendar_days::day, calendar_days::kind, calendar_days::name))
            .load(c)
            .await
    })
}

/// Marks a day, or (with `None`) returns it to the default week.
pub async fn set_calendar_day(
    conn: &mut Conn<'_>,
    day: NaiveDate,
    mark: Option<(CalendarDayKind, &str)>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        match mark {
            Some((kind, name)) => {
                let values = (
                    calendar_days::kind.eq(kind),
                    calendar_days::name.eq(name),
                    calendar_days::updated_at.eq(now),
                );
                diesel::insert_into(calendar_days::table)
                    .values((calendar_days::day.eq(day), values))
                    .on_conflict(calendar_days::day)
                    .do_update()
                    .set(values)
                    .execute(c)
                    .await
            }
            None => {
                diesel::delete(calendar_days::table.filter(calendar_days::day.eq(day)))
                    .execute(c)
                    .await
            }
        }
        .map(drop)
    })
}

/// Recomputes the due instants of open clocks counted in days that end on
/// or after `from`, after the calendar changed. Returns how many moved.
pub async fn recompute_open(
    conn: &mut Conn<'_>,
    from: NaiveDateTime,
    offsets: &ReminderOffsets,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let calendar = load_calendar(conn).await?;
    let open: Vec<DeadlineRow> = on!(conn, |c| {
        deadlines::table
            .filter(deadlines::status.eq(DeadlineStatus::Open))
            .filter(deadlines::due_at.ge(from))
            .select(DeadlineRow::as_select())
            .load(c)
            .await
    })?;
    let mut moved = 0;
    for row in open {
        let counted = |p: &Period| matches!(p, Period::Days(_) | Period::WorkingDays(_));
        let Some(period) = Period::parse(&row.period).filter(counted) else {
            continue;
        };
        let due = stored(due_at(row.start_at.and_utc(), period, &calendar));
        if due == row.due_at {
            continue;
        }
        let next = offsets.next_after(due, &row.sent(), now);
        on!(conn, |c| {
            diesel::update(deadlines::table.filter(deadlines::id.eq(row.id)))
                .set((
                    deadlines::due_at.eq(due),
                    deadlines::next_reminder_at.eq(next),
                    deadlines::version.eq(deadlines::version + 1),
                ))
                .execute(c)
                .await
        })?;
        moved += 1;
    }
    Ok(moved)
}

/// Loads the 2026 holidays and make-up working days (the demo).
pub async fn load_calendar_2026(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
) -> Result<(), crate::graphql::errors::ApiError> {
    for (day, kind, name) in super::calendar::marked_2026() {
        set_calendar_day(conn, day, Some((kind, &name)), now).await?;
    }
    Ok(())
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

/// Moves an open clock's due instant (an extension), with its next reminder.
pub async fn move_due(
    conn: &mut Conn<'_>,
    row: &DeadlineRow,
    due: NaiveDateTime,
    offsets: &ReminderOffsets,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let next = offsets.next_after(due, &row.sent(), now);
    on!(conn, |c| {
        diesel::update(deadlines::table.filter(deadlines::id.eq(row.id)))
            .set((
                deadlines::due_at.eq(due),
                deadlines::next_reminder_at.eq(next),
                deadlines::version.eq(deadlines::version + 1),
            ))
            .execute(c)
            .await
            .map(drop)
    })
}
