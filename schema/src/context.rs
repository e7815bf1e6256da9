//! What every resolver can reach: the database, the clock and the loaders.

use async_graphql::Context;
use async_graphql::dataloader::DataLoader;

use std::sync::Arc;

use crate::clock::Clock;
use crate::db::Database;
use crate::deadlines::rules::ReminderOffsets;
use crate::events::bus::EventBus;
use crate::organizations::loaders::Store;

/// Shared services, put into the schema's data once.
pub struct Services {
    pub db: Database,
    pub clock: Clock,
    /// How long a session token stays valid.
    pub session_ttl: chrono::Duration,
    /// Batches lookups of related objects; it keeps no cache between calls.
    pub loader: DataLoader<Store>,
    /// Committed events, for subscriptions.
    pub bus: Arc<EventBus>,
    /// When deadline reminders go out.
    pub reminders: ReminderOffsets,
}

impl Services {
    pub fn new(db: Database, clock: Clock) -> Services {
        let loader = DataLoader::new(Store(db.clone()), tokio::spawn);
        Services {
            db,
            clock,
            session_ttl: chrono::Duration::hours(12),
            loader,
            bus: Arc::default(),
            reminders: ReminderOffsets::default(),
        }
    }
}

pub fn services<'a>(ctx: &'a Context<'_>) -> &'a Services {
    ctx.data_unchecked::<Services>()
}
