//! The demo city, loaded once into an empty database by `serve --demo`.
//! Each area adds its part through `areas::AREAS`; a part that was loaded before is skipped,
//! so loading again is a no-op.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::areas::AREAS;
use crate::clock::Clock;
use crate::db::tables::seed_runs;
use crate::db::{Conn, Database, stored};
use crate::graphql::errors::{ApiError, ApiResult};
use crate::{on, transaction};

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

/// Loads every part of the demo city not loaded yet, each in its own
/// transaction; returns the parts loaded now.
pub async fn load(db: &Database, clock: &Clock) -> ApiResult<Vec<&'static str>> {
    let now = stored(clock.now());
    let mut loaded = Vec::new();
    for (name, part) in AREAS.iter().filter_map(|area| area.demo) {
        let fresh = transaction!(db, |conn| {
            if already_loaded(conn, name).await? {
                return Ok::<bool, ApiError>(false);
            }
            part(conn, now).await?;
            mark_loaded(conn, name, now).await?;
            Ok(true)
        })?;
        if fresh {
            loaded.push(name);
        }
    }
    Ok(loaded)
}
