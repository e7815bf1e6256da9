//! Counts the SQL statements every connection runs (the tests compare counts
//! to prove that lists are batched), and logs slow ones.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::{Instrumentation, InstrumentationEvent};

static STATEMENTS: AtomicU64 = AtomicU64::new(0);
static SLOW_MILLIS: AtomicU64 = AtomicU64::new(200);

/// Statements run by every connection of this process so far.
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
            InstrumentationEvent::StartQuery { .. } => {
                STATEMENTS.fetch_add(1, Ordering::Relaxed);
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
