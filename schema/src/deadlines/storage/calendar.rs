//! Storage of the working-day calendar, and the recompute of open clocks when it changes.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::tables::{calendar_days, deadlines};
use crate::db::{Conn, stored};
use crate::deadlines::calendar::{Calendar, CalendarDayKind};
use crate::deadlines::counting::{Period, due_at};
use crate::deadlines::rules::{DeadlineStatus, ReminderOffsets};
use crate::on;

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
    for (day, kind, name) in crate::deadlines::calendar::marked_2026() {
        set_calendar_day(conn, day, Some((kind, &name)), now).await?;
    }
    Ok(())
}
