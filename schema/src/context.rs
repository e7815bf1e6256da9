//! What every resolver can reach: the database, the clock and the loaders.

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, HashMapCache};

use std::sync::Arc;

use crate::clock::Clock;
use crate::db::Database;
use crate::deadlines::rules::ReminderOffsets;
use crate::events::bus::EventBus;
use crate::identity::viewers::KeptRead;
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
    /// The employers every coverage report counts, kept until anything changes.
    pub census: KeptRead<crate::evaluation::coverage::Census>,
    /// The Api that runs the schema, once it exists.
    pub api: crate::graphql::api::ApiSlot,
}

impl Services {
    pub fn new(db: Database, clock: Clock, bus: Arc<EventBus>) -> Services {
        let loader = DataLoader::new(Store(db.clone(), bus.clone()), tokio::spawn);
        Services {
            db,
            clock,
            session_ttl: chrono::Duration::hours(12),
            loader,
            bus,
            reminders: ReminderOffsets::default(),
            census: KeptRead::default(),
            api: Default::default(),
        }
    }
}

pub fn services<'a>(ctx: &'a Context<'_>) -> &'a Services {
    ctx.data_unchecked::<Services>()
}

/// A loader that lives for one HTTP request and caches what it loaded, so
/// that a list resolver can load the related objects of a whole page at once.
pub struct RequestLoader(
    DataLoader<Store, HashMapCache>,
    std::sync::OnceLock<Arc<crate::organizations::visibility::OrgVisible>>,
);

impl RequestLoader {
    pub fn new(db: Database, bus: Arc<EventBus>) -> RequestLoader {
        RequestLoader(
            DataLoader::with_cache(Store(db, bus), tokio::spawn, HashMapCache::default()),
            std::sync::OnceLock::new(),
        )
    }
}

/// The organizations the viewer may see, worked out once per HTTP request.
pub fn visible_organizations(
    ctx: &Context<'_>,
) -> Arc<crate::organizations::visibility::OrgVisible> {
    let work = || {
        Arc::new(crate::organizations::visibility::organizations(
            crate::identity::viewer(ctx),
        ))
    };
    match ctx.data_opt::<RequestLoader>() {
        Some(request) => request.1.get_or_init(work).clone(),
        None => work(),
    }
}

/// A region, from the table kept in memory: read directly, not through the
/// loader, whose batching waits a timer tick before it reads anything.
pub async fn region(
    ctx: &Context<'_>,
    id: i64,
) -> Result<Option<crate::organizations::storage::RegionRow>, crate::graphql::errors::ApiError> {
    Ok(regions(ctx).await?.get(&id).cloned())
}

/// Every region by id, from the table kept in memory.
pub async fn regions(
    ctx: &Context<'_>,
) -> Result<crate::identity::viewers::Regions, crate::graphql::errors::ApiError> {
    let services = services(ctx);
    services.bus.viewers.regions(&services.db).await
}

/// Loads one related object: through the request's cache when there is one
/// (HTTP), or the shared loader (long-lived websockets, which must not cache).
pub async fn load_one<K>(
    ctx: &Context<'_>,
    key: K,
) -> Result<
    Option<<Store as async_graphql::dataloader::Loader<K>>::Value>,
    crate::graphql::errors::ApiError,
>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    Store: async_graphql::dataloader::Loader<K, Error = crate::graphql::errors::ApiError>,
{
    match ctx.data_opt::<RequestLoader>() {
        Some(request) => request.0.load_one(key).await,
        None => services(ctx).loader.load_one(key).await,
    }
}

/// Loads many related objects, as [`load_one`]; on HTTP they stay cached
/// for the rest of the request.
pub async fn load_many<K>(
    ctx: &Context<'_>,
    keys: impl IntoIterator<Item = K>,
) -> Result<
    std::collections::HashMap<K, <Store as async_graphql::dataloader::Loader<K>>::Value>,
    crate::graphql::errors::ApiError,
>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    Store: async_graphql::dataloader::Loader<K, Error = crate::graphql::errors::ApiError>,
{
    match ctx.data_opt::<RequestLoader>() {
        Some(request) => request.0.load_many(keys).await,
        None => services(ctx).loader.load_many(keys).await,
    }
}

/// Loads `keys` into the request's cache at once, for a list resolver that
/// knows every key its page's items will ask for: one batch now, without the
/// loader's wait for more keys, and the items then read from the cache.
/// Without a request cache (websockets) it loads nothing, and the items
/// batch their own lookups.
pub async fn preload<K>(
    ctx: &Context<'_>,
    keys: impl IntoIterator<Item = K>,
) -> Result<(), crate::graphql::errors::ApiError>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    Store: async_graphql::dataloader::Loader<K, Error = crate::graphql::errors::ApiError>,
{
    use async_graphql::dataloader::Loader;
    let Some(request) = ctx.data_opt::<RequestLoader>() else {
        return Ok(());
    };
    let keys: Vec<K> = keys
        .into_iter()
        .collect::<std::collections::HashSet<K>>()
        .into_iter()
        .collect();
    if !keys.is_empty() {
        let found = request.0.loader().load(&keys).await?;
        request.0.feed_many(found).await;
    }
    Ok(())
}

/// The objects of `keys` that were found, in the keys' order (as
/// [`load_many`]; a key the loader gives no answer, such as a record the
/// viewer may not see, is left out).
pub async fn load_in_order<K>(
    ctx: &Context<'_>,
    keys: Vec<K>,
) -> Result<
    Vec<<Store as async_graphql::dataloader::Loader<K>>::Value>,
    crate::graphql::errors::ApiError,
>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    Store: async_graphql::dataloader::Loader<K, Error = crate::graphql::errors::ApiError>,
{
    let mut found = load_many(ctx, keys.clone()).await?;
    Ok(keys.iter().filter_map(|key| found.remove(key)).collect())
}
