//! Time is read through this injected clock everywhere, so that tests move
//! time forward instead of sleeping.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, Utc};

/// The source of the current instant. Cloning shares the same clock.
#[derive(Clone)]
pub struct Clock {
    /// Added to the system time; tests move it forward.
    offset: Arc<RwLock<Duration>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock {
            offset: Arc::new(RwLock::new(Duration::zero())),
        }
    }

    /// A clock that reads `instant` now and moves on from there.
    pub fn starting_at(instant: DateTime<Utc>) -> Clock {
        Clock {
            offset: Arc::new(RwLock::new(instant - Utc::now())),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + *self.offset.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves this clock (and every clone of it) forward by `by`.
    pub fn advance(&self, by: Duration) {
        *self.offset.write().unwrap_or_else(|e| e.into_inner()) += by;
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::system()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_a_clock_moves_every_clone() {
        let clock = Clock::system();
        let shared = clock.clone();
        let before = shared.now();
        clock.advance(Duration::days(21));
        assert!(shared.now() - before >= Duration::days(21));
    }
}
