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

pub async fn clear_throttles(conn: &mut Conn<'_>, keys: &[String]) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(login_throttles::table.filter(login_throttles::throttle_key.eq_any(keys)))
            .execute(c)
            .await
            .map(drop)
    })
}
