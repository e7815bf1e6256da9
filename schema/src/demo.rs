//! The demo city, loaded once into an empty database by `serve --demo`,
//! and as many copies of its employers as asked by `demo --scale N`.
//! Each area adds its part through `areas::AREAS`; a part or copy that was
//! loaded before is skipped, so loading again is a no-op.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use futures_util::StreamExt;
use tokio::sync::Mutex;

use crate::agreements::storage::ReviewRow;
use crate::areas::AREAS;
use crate::clock::Clock;
use crate::db::tables::seed_runs;
use crate::db::{Backend, Conn, Database, stored};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::storage::load_calendar;
use crate::graphql::errors::{ApiError, ApiResult};
use crate::organizations::storage::OrganizationRow;
use crate::{on, transaction};

/// What one load of the demo parts makes: the city itself (copy 0: its
/// regions, offices, calendar, campaign and sixty employers with
/// everything of theirs), or a later copy of the city's employers, each
/// with its grassroots union, association memberships, accounts, offers and
/// agreements, in the city's regions, federations, associations and
/// campaign. Every part loads its share of the batch in turn.
///
/// A batch also spares its parts the round trips a mutation would make
/// once per row: it reads the calendar and the employers' unions once, and
/// after each part ([`Batch::finish`]) stores the filings and counts the
/// employers for coverage once, instead of at every filing, profile and
/// binding.
#[derive(Debug, Default)]
pub struct Batch {
    /// 0 for the city itself, n for its n-th copy.
    pub copy: usize,
    /// The employers of this batch, in the order of the demo's list.
    employers: Vec<OrganizationRow>,
    /// The grassroots union of each employer, by employer, once read.
    unions: Option<HashMap<i64, OrganizationRow>>,
    /// The working calendar, once read.
    calendar: Option<Calendar>,
    /// Employers written but not yet counted for coverage.
    uncounted: Vec<i64>,
    /// Filings not yet numbered and stored, with their region's code.
    filings: Vec<(ReviewRow, String)>,
}

impl Batch {
    pub fn copy(copy: usize) -> Self {
        Self {
            copy,
            ..Self::default()
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

    /// The grassroots union of `employer`, if it has one.
    pub async fn union_of(
        &mut self,
        conn: &mut Conn<'_>,
        employer: i64,
    ) -> ApiResult<Option<OrganizationRow>> {
        if self.unions.is_none() {
            let ids: Vec<i64> = self.employers(conn).await?.iter().map(|e| e.id).collect();
            let unions = crate::organizations::storage::unions_of_employers(conn, &ids).await?;
            let by_employer = unions
                .into_iter()
                .filter_map(|union| Some((union.employer_id?, union)))
                .collect();
            self.unions = Some(by_employer);
        }
        Ok(self.unions.as_ref().and_then(|u| u.get(&employer)).cloned())
    }

    /// The working calendar the batch's clocks count on.
    pub async fn calendar(&mut self, conn: &mut Conn<'_>) -> ApiResult<&Calendar> {
        let calendar = match self.calendar.take() {
            Some(calendar) => calendar,
            None => load_calendar(conn).await?,
        };
        Ok(self.calendar.insert(calendar))
    }

    /// Notes employers whose profile or bindings were written without
    /// counting them; [`Batch::finish`] counts them.
    pub fn count_later(&mut self, employers: impl IntoIterator<Item = i64>) {
        self.uncounted.extend(employers);
    }

    /// Notes filings to number and store in [`Batch::finish`].
    pub fn file_later(&mut self, filings: Vec<(ReviewRow, String)>) {
        self.filings.extend(filings);
    }

    /// Writes what every batch shares: the filings, numbered on from the
    /// receipts of their region and year, and the coverage tallies, with
    /// the employers noted since the last finish counted in one go.
    pub async fn finish(&mut self, conn: &mut Conn<'_>) -> ApiResult<()> {
        crate::agreements::demo::file(conn, std::mem::take(&mut self.filings)).await?;
        let ids = std::mem::take(&mut self.uncounted);
        crate::evaluation::tally::recount(conn, &ids).await?;
        Ok(())
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
            batch.finish(conn).await?;
            mark_loaded(conn, name, now).await?;
            Ok(true)
        })?;
        if fresh {
            loaded.push(name);
        }
    }
    Ok(loaded)
}

/// Copies loaded side by side on PostgreSQL, each on its own connection:
/// the server works on one while the loader sends the next. (SQLite has one
/// writer.)
const SIDE_BY_SIDE: usize = 2;

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
    let side_by_side = match db.backend() {
        Backend::Postgres => SIDE_BY_SIDE,
        Backend::Sqlite => 1,
    };
    // What the copies share (receipts, tallies) is written in turns, each
    // turn held until its copy commits.
    let turns = Mutex::new(());
    let mut copies = futures_util::stream::iter(1..wanted)
        .map(|copy| load_copy(db, now, copy, &turns))
        .buffer_unordered(side_by_side);
    let (mut done, mut made) = (1, 0);
    while let Some(fresh) = copies.next().await {
        made += usize::from(fresh?);
        done += 1;
        progress(done, wanted);
    }
    Ok(made)
}

/// Loads copy `copy` in one transaction, unless it was loaded before;
/// whether it was made now.
async fn load_copy(
    db: &Database,
    now: NaiveDateTime,
    copy: usize,
    turns: &Mutex<()>,
) -> ApiResult<bool> {
    let name = format!("copy-{copy}");
    let (fresh, _turn) = transaction!(db, |conn| {
        if already_loaded(conn, &name).await? {
            return Ok::<_, ApiError>((false, None));
        }
        let mut batch = Batch::copy(copy);
        for (_, part) in AREAS.iter().filter_map(|area| area.demo) {
            part(conn, now, &mut batch).await?;
        }
        let turn = turns.lock().await;
        batch.finish(conn).await?;
        mark_loaded(conn, &name, now).await?;
        Ok((true, Some(turn)))
    })?;
    Ok(fresh)
}
