//! The demo city, loaded once into an empty database by `serve --demo`,
//! and as many copies of its employers as asked by `demo --scale N`.
//! Each area adds its part through `areas::AREAS`; a part or copy that was
//! loaded before is skipped, so loading again is a no-op.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::areas::AREAS;
use crate::clock::Clock;
use crate::db::tables::seed_runs;
use crate::db::{Conn, Database, stored};
use crate::graphql::errors::{ApiError, ApiResult};
use crate::organizations::storage::OrganizationRow;
use crate::{on, transaction};

/// What one load of the demo parts makes: the city itself (copy 0: its
/// regions, offices, calendar, campaign and sixty employers with
/// everything of theirs), or a later copy of the city's employers, each
/// with its grassroots union, association memberships, accounts, offers and
/// agreements, in the city's regions, federations, associations and
/// campaign. Every part loads its share of the batch in turn.
#[derive(Debug, Default)]
pub struct Batch {
    /// 0 for the city itself, n for its n-th copy.
    pub copy: usize,
    /// The employers of this batch, in the order of the demo's list.
    employers: Vec<OrganizationRow>,
}

impl Batch {
    pub fn copy(copy: usize) -> Self {
        Self {
            copy,
            employers: Vec::new(),
        }
    }

    /// Whether this batch is the city itself rather than a copy.
    pub fn is_city(&self) -> bool {
        self.copy == 0
    }

    /// Records the employers the organizations part made.
    pub fn made_employers(&mut self, employers: Vec<OrganizationRow>) {
        self.employers = employers;
    }

    /// The employers of this batch; for the city loaded in an earlier run,
    /// its first employers.
    pub async fn employers(&mut self, conn: &mut Conn<'_>) -> ApiResult<Vec<OrganizationRow>> {
        if self.employers.is_empty() && self.is_city() {
            self.employers = crate::organizations::demo::city_employers(conn).await?;
        }
        Ok(self.employers.clone())
    }
}

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
    let mut batch = Batch::copy(0);
    for (name, part) in AREAS.iter().filter_map(|area| area.demo) {
        let fresh = transaction!(db, |conn| {
            if already_loaded(conn, name).await? {
                return Ok::<bool, ApiError>(false);
            }
            part(conn, now, &mut batch).await?;
            mark_loaded(conn, name, now).await?;
            Ok(true)
        })?;
        if fresh {
            loaded.push(name);
        }
    }
    Ok(loaded)
}

/// Loads the demo city and copies of its employers until there are
/// `scale` times as many, each copy in one transaction with every area's
/// part of it; `progress` hears of each copy (made or found) as
/// `(copies done, copies wanted)`. Returns how many copies were made now.
pub async fn scale(
    db: &Database,
    clock: &Clock,
    scale: usize,
    mut progress: impl FnMut(usize, usize),
) -> ApiResult<usize> {
    load(db, clock).await?;
    let now = stored(clock.now());
    let wanted = scale.max(1);
    progress(1, wanted);
    let mut made = 0;
    for copy in 1..wanted {
        let name = format!("copy-{copy}");
        let fresh = transaction!(db, |conn| {
            if already_loaded(conn, &name).await? {
                return Ok::<bool, ApiError>(false);
            }
            let mut batch = Batch::copy(copy);
            for (_, part) in AREAS.iter().filter_map(|area| area.demo) {
                part(conn, now, &mut batch).await?;
            }
            mark_loaded(conn, &name, now).await?;
            Ok(true)
        })?;
        made += usize::from(fresh);
        progress(copy + 1, wanted);
    }
    Ok(made)
}
