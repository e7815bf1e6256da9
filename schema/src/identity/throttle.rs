//! Login throttling, per key: an account from one address (`pair:`), an
//! account from anywhere (`account:`), and an address whatever the account
//! (`address:`). Each key has its own bar of failures within 15 minutes,
//! low for a pair and high for a bare address, so that one address guessing
//! at one account does not lock everyone else behind it out; reaching the
//! bar refuses that key for 15 minutes. A successful login clears its
//! account's count and its own pair; `xieshang user unlock` clears the
//! account from every address.

use chrono::{Duration, NaiveDateTime};

/// Failures of one account from one address before it is locked.
pub const PAIR_FAILURES: i32 = 5;
/// Failures of one account from any addresses (a distributed guess).
pub const ACCOUNT_FAILURES: i32 = 20;
/// Failures from one address over any accounts (many accounts tried).
pub const ADDRESS_FAILURES: i32 = 100;

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

/// Until when attempts under these keys are refused at `now`, if they are:
/// the latest end among the keys locked.
pub fn locked_until<'a>(
    states: impl IntoIterator<Item = &'a Failures>,
    now: NaiveDateTime,
) -> Option<NaiveDateTime> {
    states
        .into_iter()
        .filter_map(|s| s.locked_until)
        .filter(|until| *until > now)
        .max()
}

/// How many failures within the window lock `key`.
pub fn bar(key: &str) -> i32 {
    match key.split_once(':').map(|(kind, _)| kind) {
        Some("pair") => PAIR_FAILURES,
        Some("account") => ACCOUNT_FAILURES,
        _ => ADDRESS_FAILURES,
    }
}

/// The state of `key` after one more failure at `now`.
pub fn after_failure(key: &str, state: Option<Failures>, now: NaiveDateTime) -> Failures {
    let current = state.filter(|s| {
        let lock_over = s.locked_until.is_some_and(|until| until <= now);
        now - s.window_started_at < window() && !lock_over
    });
    let (failures, window_started_at) = match current {
        None => (1, now),
        Some(s) => (s.failures + 1, s.window_started_at),
    };
    Failures {
        failures,
        window_started_at,
        locked_until: (failures >= bar(key)).then(|| now + lockout()),
    }
}

fn login(login_name: &str) -> String {
    login_name.trim().to_lowercase()
}

/// The throttle keys of one attempt.
pub fn keys(login_name: &str, address: Option<&str>) -> Vec<String> {
    let login = login(login_name);
    let mut keys = Vec::with_capacity(3);
    if let Some(address) = address {
        keys.push(format!("pair:{login} {address}"));
    }
    keys.push(format!("account:{login}"));
    keys.extend(address.map(|a| format!("address:{a}")));
    keys
}

/// An account's key, and the prefix of its keys from every address: what
/// an operator's unlock clears. An address's own count is never cleared,
/// so that one good password does not reset a guess at many accounts.
pub fn account_keys(login_name: &str) -> (String, String) {
    let login = login(login_name);
    (format!("account:{login}"), format!("pair:{login} "))
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

    fn fail(key: &str, times: i64, from: i64) -> Option<Failures> {
        (0..times).fold(None, |state, i| {
            Some(after_failure(key, state, at(from + i)))
        })
    }

    const PAIR: &str = "pair:admin 10.0.0.1";

    #[test]
    fn the_fifth_failure_of_a_pair_within_fifteen_minutes_locks_it_for_fifteen() {
        let four = fail(PAIR, 4, 0);
        assert_eq!(locked_until(four.as_ref(), at(4)), None);
        let five = fail(PAIR, 5, 0);
        assert_eq!(five.as_ref().unwrap().locked_until, Some(at(4 + 15)));
        assert_eq!(locked_until(five.as_ref(), at(18)), Some(at(19)));
        assert_eq!(locked_until(five.as_ref(), at(19)), None);
    }

    #[test]
    fn an_account_and_a_bare_address_take_many_more_failures() {
        let within = |key: &str, times: usize| {
            (0..times).fold(None, |s, _| Some(after_failure(key, s, at(1))))
        };
        assert_eq!(
            locked_until(within("account:admin", 19).as_ref(), at(1)),
            None
        );
        let account = within("account:admin", 20);
        assert_eq!(locked_until(account.as_ref(), at(1)), Some(at(16)));
        let address = (0..99).fold(None, |s, _| {
            Some(after_failure("address:10.0.0.1", s, at(1)))
        });
        assert_eq!(locked_until(address.as_ref(), at(1)), None);
        let address = after_failure("address:10.0.0.1", address, at(1));
        assert_eq!(address.locked_until, Some(at(16)));
    }

    #[test]
    fn failures_spread_over_more_than_the_window_do_not_lock() {
        let state = fail(PAIR, 4, 0);
        let state = after_failure(PAIR, state, at(16));
        assert_eq!(state.failures, 1);
        assert_eq!(locked_until(Some(&state), at(16)), None);
    }

    #[test]
    fn after_a_lockout_counting_starts_afresh() {
        let locked = fail(PAIR, 5, 0);
        let next = after_failure(PAIR, locked, at(30));
        assert_eq!((next.failures, next.locked_until), (1, None));
    }

    #[test]
    fn keys_name_the_pair_the_account_and_the_address() {
        assert_eq!(
            keys(" Admin ", Some("127.0.0.1")),
            ["pair:admin 127.0.0.1", "account:admin", "address:127.0.0.1"]
        );
        assert_eq!(keys("admin", None), ["account:admin"]);
        let (account, pairs) = account_keys("Admin");
        assert_eq!(account, "account:admin");
        assert!(keys("admin", Some("::1"))[0].starts_with(&pairs));
    }

    #[test]
    fn the_latest_lock_is_the_one_that_counts() {
        let a = Failures {
            failures: 5,
            window_started_at: at(0),
            locked_until: Some(at(10)),
        };
        let b = Failures {
            locked_until: Some(at(20)),
            ..a.clone()
        };
        assert_eq!(locked_until([&a, &b], at(5)), Some(at(20)));
    }
}
