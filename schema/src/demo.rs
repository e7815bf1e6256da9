//! The demo city, loaded once into an empty database by `serve --demo`.
//! Each area adds its part here; a part that was loaded before is skipped,
//! so loading again is a no-op.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::clock::Clock;
use crate::db::tables::seed_runs;
use crate::db::{Conn, Database, stored};
use crate::graphql::errors::{ApiError, ApiResult};
use crate::{agreements, deadlines, identity, offers, on, organizations, transaction};

async fn already_loaded(conn: &mut Conn<'_>, part: &str) -> QueryResult<bool> {
    on!(conn, |c| {
        diesel::select(diesel::dsl::exists(
            seed_runs::table.filter(seed_runs::name.eq(part)),
        ))
        .get_result(c)
        .await
    })
}

async fn mark_loaded(conn: &mut Conn<'_>, part: &str, now: NaiveDateTime) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(seed_runs::table)
            .values((seed_runs::name.eq(part), seed_runs::loaded_at.eq(now)))
            .execute(c)
            .await
            .map(drop)
    })
}

/// Runs one part of the demo in its own transaction unless it was loaded before.
macro_rules! part {
    ($db:expr, $now:expr, $name:literal, $load:path) => {{
        let now: NaiveDateTime = $now;
        transaction!($db, |conn| {
            if already_loaded(conn, $name).await? {
                return Ok::<bool, ApiError>(false);
            }
            $load(conn, now).await?;
            mark_loaded(conn, $name, now).await?;
            Ok(true)
        })?
    }};
}

/// Loads every part of the demo city not loaded yet; returns the parts loaded now.
pub async fn load(db: &Database, clock: &Clock) -> ApiResult<Vec<&'static str>> {
    let now = stored(clock.now());
    let mut loaded = Vec::new();
    if part!(db, now, "organizations", organizations::demo::load) {
        loaded.push("organizations");
    }
    if part!(db, now, "users", identity::demo::load) {
        loaded.push("users");
    }
    if part!(
        db,
        now,
        "calendar-2026",
        deadlines::storage::load_calendar_2026
    ) {
        loaded.push("calendar-2026");
    }
    if part!(db, now, "offers", offers::demo::load) {
        loaded.push("offers");
    }
    if part!(db, now, "agreements", agreements::demo::load) {
        loaded.push("agreements");
    }
    Ok(loaded)
}
