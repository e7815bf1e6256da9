//! Bounds on websockets: how many one user holds open, and how many
//! subscriptions one socket runs at once.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The sockets each user holds open.
#[derive(Default)]
pub struct Slots {
    open: Mutex<HashMap<i64, usize>>,
}

/// One open socket of a user; dropping it frees the slot.
pub struct Slot {
    slots: Arc<Slots>,
    user: i64,
}

impl Slots {
    /// A slot for one more socket of `user`, unless it holds `cap` already.
    pub fn claim(self: &Arc<Slots>, user: i64, cap: usize) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(user).or_default();
        if *count >= cap {
            return None;
        }
        *count += 1;
        Some(Slot {
            slots: self.clone(),
            user,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.user) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.user);
            }
        }
    }
}

/// What a client message does to the socket's running subscriptions.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    /// A subscription over the cap: answer this id with an error, drop the message.
    Refuse(String),
    /// An operation its user's budget cannot pay for yet: answer this id
    /// with `RATE_LIMITED`, drop the message.
    Limited(String, Duration),
}

/// The subscriptions one socket runs, by the ids its client gave them.
#[derive(Default)]
pub struct Running(HashSet<String>);

impl Running {
    /// Follows one client message: `subscribe`/`start` adds its id (or is
    /// refused over `cap`, or when `pay` cannot pay for its payload: every
    /// operation sent over a socket, a query, mutation or subscription, is
    /// charged as it would be over HTTP), `complete`/`stop` removes it.
    pub fn follow(
        &mut self,
        message: &serde_json::Value,
        cap: usize,
        pay: impl FnOnce(&serde_json::Value) -> Result<(), Duration>,
    ) -> Verdict {
        let id = message
            .get("id")
            .and_then(|i| i.as_str())
            .unwrap_or_default();
        match message.get("type").and_then(|t| t.as_str()) {
            Some("subscribe" | "start") if !self.0.contains(id) => {
                if self.0.len() >= cap {
                    return Verdict::Refuse(id.to_owned());
                }
                let payload = message.get("payload").unwrap_or(&serde_json::Value::Null);
                if let Err(wait) = pay(payload) {
                    return Verdict::Limited(id.to_owned(), wait);
                }
                self.0.insert(id.to_owned());
            }
            Some("complete" | "stop") => {
                self.0.remove(id);
            }
            _ => {}
        }
        Verdict::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_user_holds_at_most_the_cap_and_a_closed_socket_frees_its_slot() {
        let slots = Arc::new(Slots::default());
        let first = slots.claim(1, 2).unwrap();
        let _second = slots.claim(1, 2).unwrap();
        assert!(slots.claim(1, 2).is_none());
        assert!(slots.claim(2, 2).is_some(), "another user");
        drop(first);
        assert!(slots.claim(1, 2).is_some());
    }

    fn paid(_: &serde_json::Value) -> Result<(), Duration> {
        Ok(())
    }

    #[test]
    fn subscriptions_over_the_cap_are_refused_until_one_completes() {
        let mut running = Running::default();
        let subscribe = |id: &str| json!({ "id": id, "type": "subscribe", "payload": {} });
        assert_eq!(running.follow(&subscribe("a"), 2, paid), Verdict::Pass);
        assert_eq!(running.follow(&subscribe("b"), 2, paid), Verdict::Pass);
        assert_eq!(
            running.follow(&subscribe("c"), 2, paid),
            Verdict::Refuse("c".into())
        );
        assert_eq!(
            running.follow(&json!({ "id": "a", "type": "complete" }), 2, paid),
            Verdict::Pass
        );
        assert_eq!(running.follow(&subscribe("c"), 2, paid), Verdict::Pass);
    }

    #[test]
    fn an_operation_the_budget_cannot_pay_is_refused_and_holds_no_place() {
        let mut running = Running::default();
        let message =
            json!({ "id": "m", "type": "subscribe", "payload": { "query": "mutation { x }" } });
        let wait = Duration::from_millis(300);
        let refused = running.follow(&message, 2, |payload| {
            assert_eq!(payload["query"], "mutation { x }");
            Err(wait)
        });
        assert_eq!(refused, Verdict::Limited("m".into(), wait));
        // Not running: the same id may be sent again once paid for.
        assert_eq!(running.follow(&message, 1, paid), Verdict::Pass);
        assert_eq!(
            running.follow(&json!({ "id": "n", "type": "subscribe" }), 1, paid),
            Verdict::Refuse("n".into())
        );
    }
}
