//! The per-caller request budget: a token bucket per signed-in user (per
//! address for anonymous callers) that refills at a steady rate up to a
//! burst; a query costs one token, a mutation more. A request the bucket
//! cannot pay for is answered `429 RATE_LIMITED` with `Retry-After`. The
//! buckets live in this process: behind several instances, each counts
//! its own share.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Who a budget belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Payer {
    User(i64),
    Address(String),
}

/// The budget every caller gets.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Tokens added per second.
    pub per_second: f64,
    /// Most tokens a bucket holds: the burst a caller may send at once.
    pub burst: f64,
    /// What a mutation costs; a query costs one.
    pub mutation_cost: f64,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    /// The bucket refilled to `now`.
    fn refilled(self, budget: &Budget, now: Instant) -> Bucket {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        Bucket {
            tokens: (self.tokens + elapsed * budget.per_second).min(budget.burst),
            at: now,
        }
    }
}

/// Takes `cost` from a bucket, or says how long until it could.
fn take(
    bucket: Bucket,
    budget: &Budget,
    cost: f64,
    now: Instant,
) -> (Bucket, Result<(), Duration>) {
    let bucket = bucket.refilled(budget, now);
    if bucket.tokens >= cost {
        let paid = Bucket {
            tokens: bucket.tokens - cost,
            ..bucket
        };
        (paid, Ok(()))
    } else {
        let wait = (cost - bucket.tokens) / budget.per_second.max(f64::MIN_POSITIVE);
        (bucket, Err(Duration::from_secs_f64(wait.min(3_600.0))))
    }
}

/// Every caller's bucket.
pub struct Limiter {
    budget: Budget,
    buckets: Mutex<HashMap<Payer, Bucket>>,
}

/// Buckets kept before full ones are forgotten.
const KEPT: usize = 10_000;

impl Limiter {
    pub fn new(budget: Budget) -> Limiter {
        Limiter {
            budget,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Charges `payer` for `queries` and `mutations`; how long to wait when it cannot pay.
    pub fn charge(&self, payer: Payer, queries: usize, mutations: usize) -> Result<(), Duration> {
        let cost = queries as f64 + mutations as f64 * self.budget.mutation_cost;
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > KEPT {
            let budget = self.budget;
            buckets.retain(|_, b| b.refilled(&budget, now).tokens < budget.burst);
        }
        let full = Bucket {
            tokens: self.budget.burst,
            at: now,
        };
        let bucket = buckets.get(&payer).copied().unwrap_or(full);
        let (bucket, paid) = take(bucket, &self.budget, cost, now);
        buckets.insert(payer, bucket);
        paid
    }
}

/// A wait in whole seconds, rounded up: what `Retry-After` says.
pub fn whole_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUDGET: Budget = Budget {
        per_second: 10.0,
        burst: 20.0,
        mutation_cost: 5.0,
    };

    #[test]
    fn a_burst_is_paid_then_the_rate_refills() {
        let start = Instant::now();
        let mut bucket = Bucket {
            tokens: BUDGET.burst,
            at: start,
        };
        for _ in 0..20 {
            let (next, paid) = take(bucket, &BUDGET, 1.0, start);
            assert!(paid.is_ok());
            bucket = next;
        }
        let (bucket, refused) = take(bucket, &BUDGET, 1.0, start);
        assert_eq!(refused, Err(Duration::from_millis(100)));
        let (_, later) = take(bucket, &BUDGET, 1.0, start + Duration::from_millis(100));
        assert!(later.is_ok());
    }

    #[test]
    fn a_mutation_costs_more_than_a_query() {
        let limiter = Limiter::new(BUDGET);
        let user = || Payer::User(7);
        for _ in 0..4 {
            assert!(limiter.charge(user(), 0, 1).is_ok());
        }
        // 20 tokens: four mutations spent them all.
        assert!(limiter.charge(user(), 0, 1).is_err());
        assert!(limiter.charge(user(), 1, 0).is_err());
        // Another caller has its own bucket.
        assert!(
            limiter
                .charge(Payer::Address("10.0.0.1".into()), 1, 0)
                .is_ok()
        );
    }
}
