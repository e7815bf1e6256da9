//! The HTTP surface: GraphQL at `/graphql` (POST, GET, GraphiQL and
//! websocket), exports at `/exports/{token}`, and `/healthz` and `/readyz`.

pub mod address;
pub mod cors;
mod embedded;
mod exports;
mod graphiql;
mod graphql;
mod health;
pub mod listener;
mod media;
mod pages;
pub mod rate;
pub mod sockets;
mod test_clock;
mod ws;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use xieshang_schema::clock::Clock;
use xieshang_schema::db::Database;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub api: xieshang_schema::graphql::api::Api,
    pub db: Database,
    /// Events and the viewers kept for sessions.
    pub bus: Arc<xieshang_schema::events::bus::EventBus>,
    pub clock: Clock,
    pub database_url: Arc<str>,
    pub body_limit: usize,
    /// Largest response body, in bytes.
    pub response_limit: usize,
    pub request_timeout: Duration,
    /// Longest a client may take to send a request's body.
    pub read_timeout: Duration,
    pub max_batch: usize,
    pub graphiql: bool,
    /// Serve `POST /_test/clock` (tests only).
    pub test_clock: bool,
    /// Run after the test clock moves, so that tests see its effects at once.
    pub scheduler: crate::jobs::scheduler::Scheduler,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub proxies: Arc<address::Proxies>,
    /// Every caller's request budget.
    pub limiter: Arc<rate::Limiter>,
    /// The sockets each user holds open.
    pub sockets: Arc<sockets::Slots>,
    pub socket_caps: SocketCaps,
    /// Other origins whose browser apps may call the API.
    pub cors: cors::Origins,
}

/// How many sockets a user may hold, and subscriptions a socket may run.
#[derive(Debug, Clone, Copy)]
pub struct SocketCaps {
    pub per_user: usize,
    pub subscriptions: usize,
    /// How often an open socket is pinged: well within the idle timeout.
    pub ping_every: Duration,
}

pub fn router(state: AppState) -> Router {
    let request_id = axum::http::HeaderName::from_static("x-request-id");
    let trace = TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
        let id = request
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        // A download's path is its token: kept out of the log.
        let path = match request.uri().path() {
            path if path.starts_with("/exports/") => "/exports/…",
            path => path,
        };
        tracing::info_span!("request", request_id = %id, method = %request.method(), path = %path)
    });
    let mut router = Router::new()
        .route("/", get(pages::page))
        .route("/pages/{name}", get(pages::asset))
        .route("/{collection}/{id}", get(pages::record))
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/exports/{token}", get(exports::fetch))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz));
    if state.graphiql {
        router = router.route("/graphiql/{name}", get(graphiql::asset));
    }
    if state.test_clock {
        router = router
            .route("/_test/clock", axum::routing::post(test_clock::advance))
            .route("/_test/statements", get(test_clock::statements))
            .route(
                "/_test/statements/recent",
                get(test_clock::recent_statements),
            )
            .route("/_test/rows", get(test_clock::rows))
            .route("/_test/subscribers", get(test_clock::subscribers));
    }
    let cors = cors::layer(&state.cors);
    let mut router = router.with_state(state);
    if let Some(cors) = cors {
        router = router.layer(cors);
    }
    router
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(trace)
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}
