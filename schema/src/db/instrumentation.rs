//! Counts the SQL statements every connection runs (the tests compare counts
//! to prove that lists are batched), and logs slow ones.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::{Instrumentation, InstrumentationEvent};

static STATEMENTS: AtomicU64 = AtomicU64::new(0);
static SLOW_MILLIS: AtomicU64 = AtomicU64::new(200);

/// The pool's liveness pings and each new connection's settings: they depend
/// on which connection a request happens to get, not on what it asks.
fn is_housekeeping(sql: &str) -> bool {
    let sql = sql.trim_start().to_ascii_uppercase();
    let ping = sql.starts_with("SELECT") && !sql.contains(" FROM ") && sql.len() < 48;
    ping || sql.starts_with("PRAGMA") || sql.starts_with("SET ")
}

/// Query statements run by every connection of this process so far, not
/// counting the pool's pings and connection settings.
pub fn statements() -> u64 {
    STATEMENTS.load(Ordering::Relaxed)
}

#[derive(Default)]
struct Watch {
    started: Option<Instant>,
}

impl Instrumentation for Watch {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { query, .. } => {
                let sql = query.to_string();
                if !is_housekeeping(&sql) {
                    STATEMENTS.fetch_add(1, Ordering::Relaxed);
                    tracing::trace!(%sql, "statement");
                }
                self.started = Some(Instant::now());
            }
            InstrumentationEvent::FinishQuery { query, .. } => {
                let elapsed = self.started.take().map(|t| t.elapsed()).unwrap_or_default();
                if elapsed >= Duration::from_millis(SLOW_MILLIS.load(Ordering::Relaxed)) {
                    tracing::warn!(elapsed_ms = elapsed.as_millis() as u64, %query, "slow query");
                }
            }
            _ => {}
        }
    }
}

/// Watches every connection opened from now on; queries slower than `slow` are logged.
pub fn install(slow: Duration) {
    SLOW_MILLIS.store(slow.as_millis() as u64, Ordering::Relaxed);
    if let Err(error) =
        diesel::connection::set_default_instrumentation(|| Some(Box::new(Watch::default())))
    {
        tracing::warn!(%error, "cannot watch database statements");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pings_and_settings_are_housekeeping() {
        assert!(super::is_housekeeping("SELECT 1"));
        assert!(super::is_housekeeping("SELECT ? -- binds: [I32(1)]"));
        assert!(super::is_housekeeping("SELECT $1 -- binds: [1]"));
        assert!(super::is_housekeeping("PRAGMA busy_timeout = 30000"));
        assert!(super::is_housekeeping("SET statement_timeout = 30000"));
        assert!(!super::is_housekeeping(
            "SELECT \"offers\".\"id\" FROM \"offers\""
        ));
    }
}
