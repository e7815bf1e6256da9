//! Storage of the working-day calendar, and the recompute of open clocks when it changes.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::tables::{calendar_days, deadlines, holiday_notices};
use crate::db::{Conn, stored};
use crate::deadlines::calendar::{Calendar, CalendarDayKind};
use crate::deadlines::counting::{Period, due_at};
use crate::deadlines::rules::{DeadlineStatus, ReminderOffsets, deciding_years};
use crate::on;

/// The calendar's marked days and confirmed years.
pub async fn load_calendar(conn: &mut Conn<'_>) -> QueryResult<Calendar> {
    let days: Vec<(NaiveDate, CalendarDayKind)> = on!(conn, |c| calendar_days::table
        .select((calendar_days::day, calendar_days::kind))
        .load(c)
        .await)?;
    Ok(Calendar::new(days, confirmed_years(conn).await?))
}

/// The years whose State Council notice is loaded.
pub async fn confirmed_years(conn: &mut Conn<'_>) -> QueryResult<BTreeSet<i32>> {
    let years: Vec<i32> = on!(conn, |c| holiday_notices::table
        .select(holiday_notices::year)
        .load(c)
        .await)?;
    Ok(years.into_iter().collect())
}

/// Whether the calendar that decided a clock is confirmed: every year
/// [`deciding_years`] names has its notice loaded.
pub async fn on_confirmed_calendar(conn: &mut Conn<'_>, row: &DeadlineRow) -> QueryResult<bool> {
    let Some(years) = Period::parse(&row.period)
        .and_then(|period| deciding_years(period, row.start_at, row.due_at))
    else {
        return Ok(true);
    };
    let confirmed = confirmed_years(conn).await?;
    Ok(years.into_iter().all(|year| confirmed.contains(&year)))
}

/// The loaded notices, by year: (year, title, loaded at).
pub async fn holiday_notices(
    conn: &mut Conn<'_>,
) -> QueryResult<Vec<(i32, String, NaiveDateTime)>> {
    on!(conn, |c| holiday_notices::table
        .order(holiday_notices::year)
        .select((
            holiday_notices::year,
            holiday_notices::title,
            holiday_notices::loaded_at
        ))
        .load(c)
        .await)
}

/// Loads a year's notice: its days replace the year's marked days, and the
/// year counts as confirmed.
pub async fn load_notice(
    conn: &mut Conn<'_>,
    year: i32,
    title: &str,
    days: &[(NaiveDate, CalendarDayKind, String)],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let (first, last) = (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
    );
    on!(conn, |c| {
        diesel::delete(calendar_days::table.filter(calendar_days::day.between(first, last)))
            .execute(c)
            .await
    })?;
    for (day, kind, name) in days {
        set_calendar_day(conn, *day, Some((*kind, name)), now).await?;
    }
    let values = (
        holiday_notices::title.eq(title),
        holiday_notices::loaded_at.eq(now),
    );
    on!(conn, |c| {
        diesel::insert_into(holiday_notices::table)
            .values((holiday_notices::year.eq(year), values))
            .on_conflict(holiday_notices::year)
            .do_update()
            .set(values)
            .execute(c)
            .await
    })?;
    Ok(())
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

/// The clock asking the city office `office` for `year`'s notice, if it was asked.
pub async fn notice_asked(
    conn: &mut Conn<'_>,
    office: i64,
    year: i32,
) -> QueryResult<Option<DeadlineRow>> {
    let clock = crate::deadlines::holidays::notice_clock(year);
    let asked = latest_for_subjects(
        conn,
        crate::graphql::ids::NodeType::Organization,
        clock.kind,
        &[office],
    )
    .await?;
    Ok(asked
        .into_iter()
        .find(|d| d.period == clock.period.encode()))
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

/// Loads the 2026 notice (the demo).
pub async fn load_calendar_2026(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
) -> Result<(), crate::graphql::errors::ApiError> {
    let days = crate::deadlines::calendar::marked_2026();
    load_notice(
        conn,
        2026,
        crate::deadlines::calendar::NOTICE_2026,
        &days,
        now,
    )
    .await?;
    Ok(())
}
