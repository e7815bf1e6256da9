//! Login throttling: after 5 failed logins for one key (an account or a
//! client address) within 15 minutes, that key is refused for 15 minutes.
//! A successful login clears its keys.

use chrono::{Duration, NaiveDateTime};

pub const MAX_FAILURES: i32 = 5;

pub fn window() -> Duration {
    Duration::minutes(15)
}

pub fn lockout() -> Duration {
    Duration::minutes(15)
}

/// The stored failures of one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failures {
    pub failures: i32,
    pub window_started_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
}

/// Whether attempts for the key are refused at `now`.
pub fn is_locked(state: Option<&Failures>, now: NaiveDateTime) -> bool {
    state
        .and_then(|s| s.locked_until)
        .is_some_and(|until| until > now)
}

/// The state after one more failure at `now`.
pub fn after_failure(state: Option<Failures>, now: NaiveDateTime) -> Failures {
    let current = state.filter(|s| {
        let lock_over = s.locked_until.is_some_and(|until| until <= now);
        now - s.window_started_at < window() && !lock_over
    });
    match current {
        None => Failures {
            failures: 1,
            window_started_at: now,
            locked_until: None,
        },
        Some(s) => {
            let failures = s.failures + 1;
            let locked_until = (failures >= MAX_FAILURES).then(|| now + lockout());
            Failures {
                failures,
                window_started_at: s.window_started_at,
                locked_until,
            }
        }
    }
}

/// The throttle keys of one attempt.
pub fn keys(login_name: &str, address: Option<&str>) -> Vec<String> {
    let mut keys = vec![format!("account:{}", login_name.trim().to_lowercase())];
    keys.extend(address.map(|a| format!("address:{a}")));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_790_000_000, 0)
            .unwrap()
            .naive_utc()
            + Duration::minutes(minutes)
    }

    fn fail(times: i64, from: i64) -> Option<Failures> {
        (0..times).fold(None, |state, i| Some(after_failure(state, at(from + i))))
    }

    #[test]
    fn the_fifth_failure_within_fifteen_minutes_locks_for_fifteen_minutes() {
        let four = fail(4, 0);
        assert!(!is_locked(four.as_ref(), at(4)));
        let five = fail(5, 0);
        assert_eq!(five.as_ref().unwrap().locked_until, Some(at(4 + 15)));
        assert!(is_locked(five.as_ref(), at(18)));
        assert!(!is_locked(five.as_ref(), at(19)));
    }

    #[test]
    fn failures_spread_over_more_than_the_window_do_not_lock() {
        let state = fail(4, 0);
        let state = after_failure(state, at(16));
        assert_eq!(state.failures, 1);
        assert!(!is_locked(Some(&state), at(16)));
    }

    #[test]
    fn after_a_lockout_counting_starts_afresh() {
        let locked = fail(5, 0);
        let next = after_failure(locked, at(30));
        assert_eq!((next.failures, next.locked_until), (1, None));
    }

    #[test]
    fn keys_name_the_account_and_the_address() {
        assert_eq!(
            keys(" Admin ", Some("127.0.0.1")),
            ["account:admin", "address:127.0.0.1"]
        );
    }
}
