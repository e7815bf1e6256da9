//! The database: SQLite (embedded default) or PostgreSQL, chosen at run time
//! by the URL. The same diesel code is expanded once per backend by the
//! [`on!`](crate::on) and [`transaction!`](crate::transaction) macros.

#[cfg(test)]
mod dialect;
pub mod instrumentation;
mod migrate;
pub mod tables;
mod text_enum;

use std::time::Duration;

use diesel::SqliteConnection;
use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{AsyncConnection, SimpleAsyncConnection};
use futures_util::FutureExt;

pub use diesel_async;
pub use migrate::{pending_migrations, run_migrations};

pub mod page;

/// The async SQLite connection: diesel's synchronous connection run on
/// tokio's blocking threads.
pub type SqliteConn = SyncConnectionWrapper<SqliteConnection>;

/// A stored enum value that no variant matches.
#[derive(Debug, thiserror::Error)]
#[error("unknown enum value {0:?}")]
pub struct UnknownEnumValue(pub String);

/// Which backend a URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Option<Backend> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else if url.starts_with("sqlite://") {
            Some(Backend::Sqlite)
        } else {
            None
        }
    }
}

/// Settings for opening the database.
#[derive(Debug, Clone)]
pub struct DbSettings {
    pub url: String,
    pub max_connections: usize,
    /// PostgreSQL `statement_timeout`, and SQLite's `busy_timeout`.
    pub statement_timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("DATABASE_URL must start with sqlite:// or postgres://")]
    UnsupportedUrl,
    #[error("cannot build the connection pool: {0}")]
    Pool(String),
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("cannot prepare the database: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("cannot run the migrations: {0}")]
    Migrations(String),
}

/// A pool of connections to one database. Cloning is cheap.
#[derive(Clone)]
pub enum Database {
    Postgres(Pool<AsyncPgConnection>),
    Sqlite(Pool<SqliteConn>),
}

/// A connection checked out of the pool.
#[expect(clippy::large_enum_variant, reason = "short-lived, one per request")]
pub enum Pooled {
    Postgres(Object<AsyncPgConnection>),
    Sqlite(Object<SqliteConn>),
}

/// A borrowed connection of either backend, as storage functions take it.
pub enum Conn<'a> {
    Postgres(&'a mut AsyncPgConnection),
    Sqlite(&'a mut SqliteConn),
}

/// Why a connection could not be had.
#[derive(Debug, thiserror::Error)]
#[error("database unavailable: {0}")]
pub struct CheckoutError(String);

impl Database {
    /// Opens the pool. For SQLite the file's directory must exist; WAL mode
    /// is set once here, and every pooled connection gets its pragmas.
    pub async fn open(settings: &DbSettings) -> Result<Database, OpenError> {
        let backend = Backend::of(&settings.url).ok_or(OpenError::UnsupportedUrl)?;
        let timeout_ms = settings.statement_timeout.as_millis();
        match backend {
            Backend::Postgres => {
                let mut config = ManagerConfig::<AsyncPgConnection>::default();
                // No `SELECT 1` per checkout: a connection whose socket
                // closed or whose transaction broke is still dropped.
                config.recycling_method = RecyclingMethod::Fast;
                config.custom_setup = Box::new(move |url| {
                    let url = url.to_owned();
                    async move {
                        let mut conn = AsyncPgConnection::establish(&url).await?;
                        conn.batch_execute(&format!("SET statement_timeout = {timeout_ms}"))
                            .await
                            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                        Ok(conn)
                    }
                    .boxed()
                });
                let manager =
                    AsyncDieselConnectionManager::new_with_config(settings.url.clone(), config);
                let pool = Pool::builder(manager)
                    .max_size(settings.max_connections)
                    .build()
                    .map_err(|e| OpenError::Pool(e.to_string()))?;
                Ok(Database::Postgres(pool))
            }
            Backend::Sqlite => {
                let path = sqlite_path(&settings.url).to_owned();
                let mut first = SqliteConn::establish(&path).await?;
                first.batch_execute("PRAGMA journal_mode = WAL").await?;
                let mut config = ManagerConfig::<SqliteConn>::default();
                config.recycling_method = RecyclingMethod::Fast;
                config.custom_setup = Box::new(move |url| {
                    let url = url.to_owned();
                    async move {
                        let mut conn = SqliteConn::establish(&url).await?;
                        conn.batch_execute(&format!(
                            "PRAGMA busy_timeout = {timeout_ms}; \
                             PRAGMA foreign_keys = ON; \
                             PRAGMA synchronous = NORMAL;"
                        ))
                        .await
                        .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                        Ok(conn)
                    }
                    .boxed()
                });
                let manager = AsyncDieselConnectionManager::new_with_config(path, config);
                let pool = Pool::builder(manager)
                    .max_size(settings.max_connections)
                    .build()
                    .map_err(|e| OpenError::Pool(e.to_string()))?;
                Ok(Database::Sqlite(pool))
            }
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Database::Postgres(_) => Backend::Postgres,
            Database::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Answers when the database takes a trivial query.
    pub async fn ping(&self) -> Result<(), CheckoutError> {
        use diesel_async::RunQueryDsl;
        let mut pooled = self.get().await?;
        let result = crate::on!(&mut pooled.conn(), |c| diesel::sql_query("SELECT 1")
            .execute(c)
            .await);
        result.map(drop).map_err(|e| CheckoutError(e.to_string()))
    }

    /// Checks a connection out of the pool.
    pub async fn get(&self) -> Result<Pooled, CheckoutError> {
        match self {
            Database::Postgres(pool) => pool.get().await.map(Pooled::Postgres),
            Database::Sqlite(pool) => pool.get().await.map(Pooled::Sqlite),
        }
        .map_err(|e| CheckoutError(e.to_string()))
    }
}

impl Pooled {
    pub fn conn(&mut self) -> Conn<'_> {
        match self {
            Pooled::Postgres(c) => Conn::Postgres(c),
            Pooled::Sqlite(c) => Conn::Sqlite(c),
        }
    }
}

/// SQLite's settings for the whole process, made before any connection is
/// opened: no memory statistics (they take a global mutex at every
/// allocation SQLite makes) and no mutex per connection (diesel uses a
/// connection from one thread at a time, which its type guarantees). A call
/// after SQLite started changes nothing.
pub fn configure_sqlite() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use libsqlite3_sys::{SQLITE_CONFIG_MEMSTATUS, SQLITE_CONFIG_MULTITHREAD, sqlite3_config};
        // SAFETY: `sqlite3_config` must run before SQLite initialises and
        // while no other thread uses SQLite: this runs first thing in `main`,
        // once. Called later, it answers SQLITE_MISUSE and changes nothing.
        unsafe {
            sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int);
            sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        }
    });
}

/// The file path in a `sqlite://` URL.
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

/// The current instant as stored: UTC, truncated to microseconds.
pub fn stored(instant: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    instant.naive_utc().trunc_subsecs(6)
}

/// Runs `$body` with `$c` bound to the concrete connection of either
/// backend, so that one piece of diesel code serves both.
#[macro_export]
macro_rules! on {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::Conn::Postgres(conn) => {
                let $c = &mut **conn;
                $body
            }
            $crate::db::Conn::Sqlite(conn) => {
                let $c = &mut **conn;
                $body
            }
        }
    };
}

/// Inserts every row of `$rows` (a `Vec` of insertable values) into
/// `$table`, evaluating to a `QueryResult<()>`: in one statement on
/// PostgreSQL; a row at a time on SQLite, where diesel-async's wrapper has
/// no batch insert and a statement costs no round trip.
#[macro_export]
macro_rules! insert_all {
    ($conn:expr, $table:path, $rows:expr) => {{
        let rows = $rows;
        match $conn {
            $crate::db::Conn::Postgres(c) if !rows.is_empty() => diesel::insert_into($table)
                .values(&rows)
                .execute(&mut **c)
                .await
                .map(drop),
            $crate::db::Conn::Postgres(_) => Ok(()),
            $crate::db::Conn::Sqlite(c) => {
                let mut done = Ok(());
                for row in &rows {
                    done = diesel::insert_into($table)
                        .values(row)
                        .execute(&mut **c)
                        .await
                        .map(drop);
                    if done.is_err() {
                        break;
                    }
                }
                done
            }
        }
    }};
}

/// Applies a changeset to the row `$id` of `$table` if it is still at
/// `$version`, bumping the version and `updated_at`: the row as it is now,
/// or `None` when someone changed it first (or it is gone).
#[macro_export]
macro_rules! update_at_version {
    ($conn:expr, $table:ident, $row:ty, $id:expr, $version:expr, $changes:expr, $now:expr) => {{
        use diesel::prelude::*;
        use $crate::db::tables::$table;
        $crate::on!($conn, |c| {
            let target = $table::table
                .filter($table::id.eq($id))
                .filter($table::version.eq($version));
            let bump = (
                $table::version.eq($table::version + 1),
                $table::updated_at.eq($now),
            );
            $crate::db::diesel_async::RunQueryDsl::get_result(
                diesel::update(target)
                    .set(($changes, bump))
                    .returning(<$row>::as_returning()),
                c,
            )
            .await
            .optional()
        })
    }};
}

/// Loads the ids an id query selects, locking their rows with
/// `FOR UPDATE SKIP LOCKED` on PostgreSQL, so that workers of several
/// instances never claim the same rows. (SQLite serialises writers.)
#[macro_export]
macro_rules! locked_ids {
    ($conn:expr, $query:expr) => {{
        use diesel::prelude::*;
        match $conn {
            $crate::db::Conn::Postgres(c) => {
                $crate::db::diesel_async::RunQueryDsl::load::<i64>(
                    $query.for_update().skip_locked(),
                    &mut **c,
                )
                .await
            }
            $crate::db::Conn::Sqlite(c) => {
                $crate::db::diesel_async::RunQueryDsl::load::<i64>($query, &mut **c).await
            }
        }
    }};
}

/// Runs `$body` in one transaction (`BEGIN IMMEDIATE` on SQLite), with
/// `$conn` bound to a `&mut Conn`. The body evaluates to a `Result` whose
/// error converts from diesel's; an error rolls everything back.
#[macro_export]
macro_rules! transaction {
    ($db:expr, |$conn:ident| $body:expr) => {
        match $db.get().await? {
            $crate::db::Pooled::Postgres(mut pooled) => {
                $crate::db::diesel_async::AsyncConnection::transaction(&mut *pooled, async |c| {
                    let $conn = &mut $crate::db::Conn::Postgres(c);
                    $body
                })
                .await
            }
            $crate::db::Pooled::Sqlite(mut pooled) => {
                pooled
                    .immediate_transaction(async |c| {
                        let $conn = &mut $crate::db::Conn::Sqlite(c);
                        $body
                    })
                    .await
            }
        }
    };
}
