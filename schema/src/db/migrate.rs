//! Migrations, embedded per backend and run at start-up or by `xieshang migrate`.

use diesel::Connection;
use diesel::SqliteConnection;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{Backend, OpenError, sqlite_path};

const SQLITE: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Applies every pending migration and returns how many ran.
pub async fn run_migrations(url: &str) -> Result<usize, OpenError> {
    let embedded = migrations(url);
    with_harness(url, move |harness| {
        harness
            .run_pending_migrations(embedded)
            .map(|done| done.len())
    })
    .await
}

/// How many embedded migrations the database has not applied yet.
pub async fn pending_migrations(url: &str) -> Result<usize, OpenError> {
    let embedded = migrations(url);
    with_harness(url, move |harness| {
        harness
            .pending_migrations(embedded)
            .map(|pending| pending.len())
    })
    .await
}

fn migrations(url: &str) -> EmbeddedMigrations {
    match Backend::of(url) {
        Some(Backend::Postgres) => POSTGRES,
        _ => SQLITE,
    }
}

type HarnessResult<T> = diesel::migration::Result<T>;

/// Runs `f` on a blocking thread with a synchronous connection for the URL.
async fn with_harness<T, F>(url: &str, f: F) -> Result<T, OpenError>
where
    T: Send + 'static,
    F: FnOnce(&mut dyn HarnessOf) -> HarnessResult<T> + Send + 'static,
{
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || match Backend::of(&url) {
        Some(Backend::Postgres) => {
            let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(&url)?;
            f(&mut PgHarness(&mut conn)).map_err(|e| OpenError::Migrations(e.to_string()))
        }
        Some(Backend::Sqlite) => {
            let mut conn = SqliteConnection::establish(sqlite_path(&url))?;
            f(&mut SqliteHarness(&mut conn)).map_err(|e| OpenError::Migrations(e.to_string()))
        }
        None => Err(OpenError::UnsupportedUrl),
    })
    .await
    .map_err(|e| OpenError::Migrations(e.to_string()))?
}

/// The two operations we need from diesel's harness, object-safe so that one
/// closure serves both backends.
pub trait HarnessOf {
    fn run_pending_migrations(
        &mut self,
        m: EmbeddedMigrations,
    ) -> HarnessResult<Vec<diesel::migration::MigrationVersion<'static>>>;
    fn pending_migrations(&mut self, m: EmbeddedMigrations) -> HarnessResult<Vec<String>>;
}

struct PgHarness<'a>(&'a mut AsyncConnectionWrapper<AsyncPgConnection>);
struct SqliteHarness<'a>(&'a mut SqliteConnection);

macro_rules! harness {
    ($ty:ident) => {
        impl HarnessOf for $ty<'_> {
            fn run_pending_migrations(
                &mut self,
                m: EmbeddedMigrations,
            ) -> HarnessResult<Vec<diesel::migration::MigrationVersion<'static>>> {
                MigrationHarness::run_pending_migrations(self.0, m)
                    .map(|done| done.into_iter().map(|v| v.as_owned()).collect())
            }

            fn pending_migrations(&mut self, m: EmbeddedMigrations) -> HarnessResult<Vec<String>> {
                MigrationHarness::pending_migrations(self.0, m)
                    .map(|pending| pending.iter().map(|p| p.name().to_string()).collect())
            }
        }
    };
}

harness!(PgHarness);
harness!(SqliteHarness);
