//! Storage of failed logins, per account and per address.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use crate::db::Conn;
use crate::db::tables::login_throttles;
use crate::identity::throttle::Failures;
use crate::on;

pub async fn throttles(
    conn: &mut Conn<'_>,
    keys: &[String],
) -> QueryResult<Vec<(String, Failures)>> {
    let rows: Vec<(String, i32, NaiveDateTime, Option<NaiveDateTime>)> = on!(conn, |c| {
        login_throttles::table
            .filter(login_throttles::throttle_key.eq_any(keys))
            .select((
                login_throttles::throttle_key,
                login_throttles::failures,
                login_throttles::window_started_at,
                login_throttles::locked_until,
            ))
            .load(c)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(key, failures, window_started_at, locked_until)| {
            (
                key,
                Failures {
                    failures,
                    window_started_at,
                    locked_until,
                },
            )
        })
        .collect())
}

pub async fn save_throttle(conn: &mut Conn<'_>, key: &str, state: &Failures) -> QueryResult<()> {
    on!(conn, |c| {
        let values = (
            login_throttles::failures.eq(state.failures),
            login_throttles::window_started_at.eq(state.window_started_at),
            login_throttles::locked_until.eq(state.locked_until),
        );
        diesel::insert_into(login_throttles::table)
            .values((login_throttles::throttle_key.eq(key), values))
            .on_conflict(login_throttles::throttle_key)
            .do_update()
            .set(values)
            .execute(c)
            .await
            .map(drop)
    })
}

/// Clears the keys `exact`, and every key starting with `prefix`; how
/// many there were.
pub async fn clear_throttles(
    conn: &mut Conn<'_>,
    exact: &[String],
    prefix: Option<&str>,
) -> QueryResult<usize> {
    // Nothing but the exact keys when there is no prefix: `%` alone matches all.
    let pattern = prefix.filter(|p| !p.is_empty()).map(|prefix| {
        let escaped = prefix
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("{escaped}%")
    });
    on!(conn, |c| {
        let matching =
            login_throttles::throttle_key
                .eq_any(exact)
                .or(login_throttles::throttle_key
                    .like(pattern.clone().unwrap_or_default())
                    .escape('\\')
                    .and(pattern.is_some().into_sql::<diesel::sql_types::Bool>()));
        diesel::delete(login_throttles::table.filter(matching))
            .execute(c)
            .await
    })
}
