//! Runs the deadline scheduler every second.

use std::sync::Arc;
use std::time::Duration;

use xieshang_schema::clock::Clock;
use xieshang_schema::db::Database;
use xieshang_schema::deadlines::rules::ReminderOffsets;
use xieshang_schema::deadlines::scheduler::{Transitions, run_once};
use xieshang_schema::events::bus::EventBus;
use xieshang_schema::graphql::errors::ApiError;

/// What the scheduler needs; cloned into the job and the test clock.
#[derive(Clone)]
pub struct Scheduler {
    pub db: Database,
    pub clock: Clock,
    pub bus: Arc<EventBus>,
    pub offsets: ReminderOffsets,
    pub transitions: Transitions,
}

impl Scheduler {
    /// One round at the clock's current instant; the relay is woken for the
    /// events it recorded.
    pub async fn tick(&self) -> Result<(), ApiError> {
        let run = run_once(&self.db, &self.clock, &self.offsets, &self.transitions).await?;
        if run != Default::default() {
            tracing::info!(
                notice_asked = run.notice_asked,
                reminders = run.reminders,
                missed = run.missed,
                transitions = run.transitions,
                "deadlines processed"
            );
            // What the round changed: nothing read before it stays kept.
            self.bus.viewers.changed();
            self.bus.committed();
        }
        Ok(())
    }

    pub async fn run(self) {
        loop {
            if let Err(error) = self.tick().await {
                tracing::warn!(?error, "the deadline scheduler's round failed");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}
