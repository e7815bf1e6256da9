//! Viewers resolved once and kept: a session token's viewer (its user,
//! memberships and the regions they oversee) is read from the database the
//! first time and then answered from memory, until anything changes. The
//! region table, reference data that most lists show, and the lists'
//! `totalCount`s ([`Counter`]) are kept the same way.
//!
//! "Anything changes" is deliberately coarse, since changes are rare next to
//! reads: every mutation run by this instance, and every round of the
//! deadline scheduler or the event fan-out that wrote anything, forgets every
//! viewer once it has committed; on PostgreSQL every audited change (every
//! mutation and every `xieshang user` command, on any instance) and every
//! such round announces itself with NOTIFY, which the relay's listener turns
//! into the same forgetting, and while that listener is not connected nothing
//! is kept; on SQLite a commit by any process (the CLI included) moves the
//! write-ahead log's modification time, which each lookup compares (only
//! once that time is 50 ms old, as file times move in coarse ticks). A kept
//! viewer is also dropped when its session expires. An entry is stamped with
//! the state read *before* the database was asked, so a lookup that races a
//! change keeps nothing stale.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use chrono::NaiveDateTime;

use super::secrets::token_hash;
use super::viewer::{Viewer, bearer, resolve};
use crate::clock::Clock;
use crate::db::{Database, stored};
use crate::graphql::errors::ApiError;
use crate::offers::storage::CampaignRow;
use crate::organizations::storage::{OrganizationRow, RegionRow, all_regions};

/// The PostgreSQL channel on which every audited change is announced.
pub const CHANNEL: &str = "xieshang_viewers";

/// How old the write-ahead log's modification time must be to be trusted.
const SETTLED: std::time::Duration = std::time::Duration::from_millis(50);

/// Viewers kept before all are forgotten at once.
const KEPT: usize = 10_000;

/// Rows of one kind kept by id before all are forgotten at once.
const ROWS: usize = 100_000;

/// Counts kept before all are forgotten at once.
const COUNTS: usize = 1_024;

/// Every region, by id.
pub type Regions = Arc<HashMap<i64, RegionRow>>;

/// The viewers of live sessions, by token hash.
pub struct Viewers {
    kept: Mutex<HashMap<String, Kept>>,
    /// Every region by id (reference data, small, read by most lists),
    /// with the state it was read in.
    regions: KeptRead<HashMap<i64, RegionRow>>,
    /// Organizations by id, as read (visibility is the reader's to check).
    pub organizations: KeptById<OrganizationRow>,
    /// Campaigns by id.
    pub campaigns: KeptById<CampaignRow>,
    /// Lists' `totalCount`s, by the counting statement with its values.
    counts: Arc<Mutex<HashMap<String, (Stamp, i64)>>>,
    epoch: AtomicU64,
    /// Whether changes elsewhere reach this instance (PostgreSQL: the
    /// listener is connected). Nothing is kept while they do not.
    hearing: AtomicBool,
    /// SQLite's write-ahead log, whose modification time moves at every commit.
    wal: Option<PathBuf>,
}

struct Kept {
    viewer: Viewer,
    expires_at: NaiveDateTime,
    stamp: Stamp,
}

/// The state a kept viewer was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    epoch: u64,
    wal: Option<SystemTime>,
}

impl Default for Viewers {
    /// Keeps viewers, hearing of this instance's own changes only.
    fn default() -> Viewers {
        Viewers::new(true, None)
    }
}

impl Viewers {
    /// For SQLite, the database file's path (its `-wal` file is watched);
    /// for PostgreSQL, none, and nothing is kept until [`Viewers::hearing`].
    pub fn for_database(sqlite_file: Option<&str>) -> Viewers {
        match sqlite_file {
            Some(file) => Viewers::new(true, Some(PathBuf::from(format!("{file}-wal")))),
            None => Viewers::new(false, None),
        }
    }

    fn new(hearing: bool, wal: Option<PathBuf>) -> Viewers {
        Viewers {
            kept: Mutex::new(HashMap::new()),
            regions: KeptRead::default(),
            organizations: KeptById::default(),
            campaigns: KeptById::default(),
            counts: Arc::default(),
            epoch: AtomicU64::new(0),
            hearing: AtomicBool::new(hearing),
            wal,
        }
    }

    /// Forgets every viewer: something they depend on may have changed.
    pub fn changed(&self) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        self.lock().clear();
    }

    /// Whether changes made elsewhere are heard; while not, nothing is kept.
    pub fn hearing(&self, hearing: bool) {
        self.hearing.store(hearing, Ordering::SeqCst);
        self.changed();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Kept>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The state now, or `None` when nothing may be kept.
    fn stamp(&self) -> Option<Stamp> {
        if !self.hearing.load(Ordering::SeqCst) {
            return None;
        }
        let wal = match &self.wal {
            // No log to look at (not yet made, or gone): keep nothing.
            Some(path) => {
                let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
                // File times move in coarse ticks: a commit in the same tick
                // as the last one would leave the time as it is. Trust only a
                // time a few ticks old, which any later commit must move.
                let age = SystemTime::now().duration_since(modified).ok()?;
                if age < SETTLED {
                    return None;
                }
                Some(modified)
            }
            None => None,
        };
        Some(Stamp {
            epoch: self.epoch.load(Ordering::SeqCst),
            wal,
        })
    }

    /// The viewer of a request's `Authorization` value.
    pub async fn of_request(
        &self,
        db: &Database,
        clock: &Clock,
        authorization: Option<&str>,
    ) -> Result<Viewer, ApiError> {
        let Some(token) = authorization.map(bearer).filter(|t| !t.is_empty()) else {
            return Ok(Viewer::Anonymous);
        };
        let hash = token_hash(token);
        let now = stored(clock.now());
        let stamp = self.stamp();
        if let Some(stamp) = stamp
            && let Some(kept) = self.lock().get(&hash)
            && kept.stamp == stamp
            && now < kept.expires_at
        {
            return Ok(kept.viewer.clone());
        }
        let mut pooled = db.get().await?;
        let (viewer, expires_at) = resolve(&mut pooled.conn(), &hash, now).await?;
        if let (Some(stamp), Some(expires_at)) = (stamp, expires_at) {
            let mut kept = self.lock();
            if kept.len() >= KEPT {
                kept.clear();
            }
            kept.insert(
                hash,
                Kept {
                    viewer: viewer.clone(),
                    expires_at,
                    stamp,
                },
            );
        }
        Ok(viewer)
    }

    /// Keeps the counts of lists, like the viewers, for a request that
    /// begins now: the state is read before anything is counted.
    pub fn counter(&self) -> Counter {
        Counter {
            stamp: self.stamp(),
            kept: Arc::clone(&self.counts),
        }
    }

    /// Every region by id: kept like the viewers, read again after a change.
    pub async fn regions(&self, db: &Database) -> Result<Regions, ApiError> {
        self.keep(&self.regions, || async {
            let mut pooled = db.get().await?;
            let rows = all_regions(&mut pooled.conn()).await?;
            Ok(rows.into_iter().map(|row| (row.id, row)).collect())
        })
        .await
    }

    /// What `slot` keeps, or what `read` reads (then kept, stamped with
    /// the state before reading) when anything changed since.
    pub async fn keep<T, Read>(
        &self,
        slot: &KeptRead<T>,
        read: impl FnOnce() -> Read,
    ) -> Result<Arc<T>, ApiError>
    where
        Read: std::future::Future<Output = Result<T, ApiError>>,
    {
        let stamp = self.stamp();
        let lock = || slot.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(stamp) = stamp
            && let Some((kept, value)) = lock().as_ref()
            && *kept == stamp
        {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(read().await?);
        *lock() = stamp.map(|stamp| (stamp, Arc::clone(&value)));
        Ok(value)
    }

    /// The rows of `ids` that exist: those `slot` keeps, and the others as
    /// `read` reads them (then kept, stamped with the state before reading).
    pub async fn by_id<T, Read>(
        &self,
        slot: &KeptById<T>,
        ids: &[i64],
        id: impl Fn(&T) -> i64,
        read: impl FnOnce(Vec<i64>) -> Read,
    ) -> Result<Vec<T>, ApiError>
    where
        T: Clone,
        Read: std::future::Future<Output = Result<Vec<T>, ApiError>>,
    {
        let stamp = self.stamp();
        let lock = || slot.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut found = Vec::with_capacity(ids.len());
        let mut missing = Vec::new();
        match (stamp, lock().as_ref()) {
            (Some(stamp), Some((kept, rows))) if *kept == stamp => {
                for id in ids {
                    match rows.get(id) {
                        Some(row) => found.push(row.clone()),
                        None => missing.push(*id),
                    }
                }
            }
            _ => missing.extend_from_slice(ids),
        }
        if missing.is_empty() {
            return Ok(found);
        }
        let read = read(missing).await?;
        if let Some(stamp) = stamp {
            let mut kept = lock();
            let current = kept
                .as_ref()
                .is_some_and(|(kept, rows)| *kept == stamp && rows.len() < ROWS);
            if !current {
                *kept = Some((stamp, HashMap::new()));
            }
            if let Some((_, rows)) = kept.as_mut() {
                rows.extend(read.iter().map(|row| (id(row), row.clone())));
            }
        }
        found.extend(read);
        Ok(found)
    }
}

/// The rows a list's filter keeps are counted once and the count kept until
/// anything changes, like a viewer: a ledger asked for again and again
/// counts its thousands of rows once. Keyed by the counting statement with
/// its values, so that two viewers who see the same rows share the count.
#[derive(Clone)]
pub struct Counter {
    stamp: Option<Stamp>,
    kept: Arc<Mutex<HashMap<String, (Stamp, i64)>>>,
}

impl Counter {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Stamp, i64)>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The count kept for `statement`, when nothing changed since.
    pub fn get(&self, statement: &str) -> Option<i64> {
        let stamp = self.stamp?;
        match self.lock().get(statement) {
            Some((kept, count)) if *kept == stamp => Some(*count),
            _ => None,
        }
    }

    /// Keeps `count`, counted after this counter's state was read.
    pub fn keep(&self, statement: String, count: i64) {
        let Some(stamp) = self.stamp else { return };
        let mut kept = self.lock();
        if kept.len() >= COUNTS {
            kept.clear();
        }
        kept.insert(statement, (stamp, count));
    }
}

impl std::fmt::Debug for Counter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Counter")
            .field("stamp", &self.stamp)
            .finish()
    }
}

/// Counters compare equal: what a page asks for does not depend on them.
impl PartialEq for Counter {
    fn eq(&self, _: &Counter) -> bool {
        true
    }
}

impl Eq for Counter {}

/// A value read from the database and kept until anything changes (see
/// [`Viewers::keep`]).
pub struct KeptRead<T>(Mutex<Option<(Stamp, Arc<T>)>>);

impl<T> Default for KeptRead<T> {
    fn default() -> KeptRead<T> {
        KeptRead(Mutex::new(None))
    }
}

/// Rows read from the database by id and kept until anything changes (see
/// [`Viewers::by_id`]).
pub struct KeptById<T>(Mutex<Option<(Stamp, HashMap<i64, T>)>>);

impl<T> Default for KeptById<T> {
    fn default() -> KeptById<T> {
        KeptById(Mutex::new(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_or_deafness_invalidates_every_stamp() {
        let viewers = Viewers::default();
        let before = viewers.stamp().unwrap();
        viewers.changed();
        assert_ne!(viewers.stamp().unwrap(), before);
        viewers.hearing(false);
        assert_eq!(viewers.stamp(), None, "nothing is kept while deaf");
        viewers.hearing(true);
        assert!(viewers.stamp().is_some());
    }

    type Asked = Mutex<Vec<Vec<i64>>>;

    /// Reads `ids` through `slot` (all but 9, which does not exist), noting
    /// what the database was asked, and telling of a change meanwhile when
    /// `racing`.
    async fn by_id(
        viewers: &Viewers,
        slot: &KeptById<i64>,
        asked: &Asked,
        ids: &[i64],
        racing: bool,
    ) -> Vec<i64> {
        let read = |ids: Vec<i64>| {
            asked.lock().unwrap().push(ids.clone());
            if racing {
                viewers.changed();
            }
            std::future::ready(Ok(ids.into_iter().filter(|id| *id != 9).collect()))
        };
        viewers.by_id(slot, ids, |row| *row, read).await.unwrap()
    }

    #[tokio::test]
    async fn rows_are_kept_by_id_until_anything_changes() {
        let (viewers, slot, asked) = (Viewers::default(), KeptById::default(), Asked::default());
        assert_eq!(
            by_id(&viewers, &slot, &asked, &[1, 2, 9], false).await,
            [1, 2]
        );
        assert_eq!(by_id(&viewers, &slot, &asked, &[2, 1], false).await, [2, 1]);
        assert_eq!(by_id(&viewers, &slot, &asked, &[1, 3], false).await, [1, 3]);
        assert_eq!(*asked.lock().unwrap(), [vec![1, 2, 9], vec![3]]);
        asked.lock().unwrap().clear();

        viewers.changed();
        by_id(&viewers, &slot, &asked, &[1], false).await;
        // Read while something changed: answered once, never kept.
        by_id(&viewers, &slot, &asked, &[4], true).await;
        by_id(&viewers, &slot, &asked, &[1, 4], false).await;
        viewers.hearing(false);
        by_id(&viewers, &slot, &asked, &[1], false).await;
        by_id(&viewers, &slot, &asked, &[1], false).await;
        let asked = asked.lock().unwrap().clone();
        assert_eq!(asked, [vec![1], vec![4], vec![1, 4], vec![1], vec![1]]);
    }

    #[test]
    fn a_count_is_kept_until_anything_changes() {
        let viewers = Viewers::default();
        let counter = viewers.counter();
        assert_eq!(counter.get("SELECT COUNT(*)"), None);
        counter.keep("SELECT COUNT(*)".into(), 7);
        assert_eq!(viewers.counter().get("SELECT COUNT(*)"), Some(7));
        assert_eq!(viewers.counter().get("SELECT COUNT(*) -- other"), None);
        // Counted by a request that began before the change: never kept as current.
        let before = viewers.counter();
        viewers.changed();
        before.keep("SELECT COUNT(*)".into(), 8);
        assert_eq!(viewers.counter().get("SELECT COUNT(*)"), None);
        viewers.hearing(false);
        let deaf = viewers.counter();
        deaf.keep("SELECT COUNT(*)".into(), 9);
        assert_eq!(
            deaf.get("SELECT COUNT(*)"),
            None,
            "nothing is kept while deaf"
        );
    }

    #[test]
    fn a_missing_write_ahead_log_keeps_nothing() {
        let viewers = Viewers::for_database(Some("/nonexistent/xieshang.sqlite"));
        assert_eq!(viewers.stamp(), None);
        let deaf = Viewers::for_database(None);
        assert_eq!(
            deaf.stamp(),
            None,
            "PostgreSQL keeps nothing until the listener hears"
        );
    }
}
