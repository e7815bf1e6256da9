//! The in-process event bus, and the relay that feeds it with committed
//! events. On SQLite the relay reads new rows after each commit (writes are
//! serialised, so ids commit in order). On PostgreSQL it listens for the ids
//! that every instance announces with NOTIFY at commit, so events committed
//! by one instance reach the subscribers of all of them.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{Notify, broadcast};

use super::storage::{self, CHANNEL, Event};
use crate::db::Database;
use crate::identity::viewers::{self, Viewers};

/// How many events a subscriber may fall behind before it skips some.
const CAPACITY: usize = 1024;

/// Committed events, fanned out to every subscriber of this instance.
pub struct EventBus {
    sender: broadcast::Sender<Arc<Event>>,
    wake: Notify,
    /// How many receivers were ever made.
    subscribed: AtomicU64,
    /// The viewers kept for sessions, which changes (heard here, or through
    /// the listener from other instances) make forget.
    pub viewers: Viewers,
}

impl Default for EventBus {
    fn default() -> EventBus {
        EventBus::new(Viewers::default())
    }
}

impl EventBus {
    pub fn new(viewers: Viewers) -> EventBus {
        EventBus {
            sender: broadcast::channel(CAPACITY).0,
            wake: Notify::new(),
            subscribed: AtomicU64::new(0),
            viewers,
        }
    }

    /// A receiver of every event published from now on. A slow receiver
    /// loses the oldest events (and is told how many); it never holds back others.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.subscribed.fetch_add(1, Ordering::Relaxed);
        self.sender.subscribe()
    }

    /// How many receivers were ever made (subscriptions, and the server's
    /// own listeners), so that a test can tell when its subscription listens.
    pub fn subscribed(&self) -> u64 {
        self.subscribed.load(Ordering::Relaxed)
    }

    /// Tells the relay that a transaction has committed events.
    pub fn committed(&self) {
        self.wake.notify_one();
    }

    fn publish(&self, event: Event) {
        // No subscribers is fine: the event is in the table for email and inboxes.
        let _ = self.sender.send(Arc::new(event));
    }
}

/// Runs the relay for this instance until the process ends.
pub async fn relay(db: Database, database_url: String, bus: Arc<EventBus>) {
    match db {
        Database::Sqlite(_) => poll(db, bus).await,
        Database::Postgres(_) => loop {
            if let Err(error) = listen(&db, &database_url, &bus).await {
                tracing::warn!(%error, "event listener lost its connection; reconnecting");
            }
            // Changes elsewhere go unheard until it is back: keep no viewers.
            bus.viewers.hearing(false);
            tokio::time::sleep(Duration::from_secs(1)).await;
        },
    }
}

/// SQLite: read rows above the last id whenever woken, or every second.
async fn poll(db: Database, bus: Arc<EventBus>) {
    let mut last = loop {
        match db.get().await {
            Ok(mut pooled) => match storage::last_event_id(&mut pooled.conn()).await {
                Ok(id) => break id,
                Err(error) => tracing::warn!(%error, "cannot read the last event id"),
            },
            Err(error) => tracing::warn!(%error, "cannot reach the database"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    };
    loop {
        let _ = tokio::time::timeout(Duration::from_secs(1), bus.wake.notified()).await;
        let Ok(mut pooled) = db.get().await else {
            continue;
        };
        match storage::events_after(&mut pooled.conn(), last, 500).await {
            Ok(events) => {
                for event in events {
                    last = event.row.id;
                    bus.publish(event);
                }
            }
            Err(error) => tracing::warn!(%error, "cannot read new events"),
        }
    }
}

/// PostgreSQL: LISTEN on a dedicated connection and load each announced
/// event; an announced change of anything (see [`Viewers`]) makes this
/// instance forget the viewers it keeps.
async fn listen(db: &Database, url: &str, bus: &EventBus) -> Result<(), String> {
    use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
    let mut conn = AsyncPgConnection::establish(url)
        .await
        .map_err(|e| e.to_string())?;
    conn.batch_execute(&format!("LISTEN {CHANNEL}; LISTEN {}", viewers::CHANNEL))
        .await
        .map_err(|e| e.to_string())?;
    bus.viewers.hearing(true);
    let mut notifications = std::pin::pin!(conn.notifications_stream());
    while let Some(notification) = notifications.next().await {
        let notification = notification.map_err(|e| e.to_string())?;
        if notification.channel == viewers::CHANNEL {
            bus.viewers.changed();
            continue;
        }
        let Ok(id) = notification.payload.parse::<i64>() else {
            continue;
        };
        let mut pooled = db.get().await.map_err(|e| e.to_string())?;
        for event in storage::events_by_ids(&mut pooled.conn(), &[id])
            .await
            .map_err(|e| e.to_string())?
        {
            bus.publish(event);
        }
    }
    Err("the notification stream ended".into())
}
