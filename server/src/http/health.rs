//! Liveness and readiness.

use axum::extract::State;
use axum::http::StatusCode;

use super::AppState;

/// The process is alive.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The database answers and every migration is applied.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if let Err(error) = state.db.ping().await {
        tracing::warn!(?error, "database unreachable");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable");
    }
    match xieshang_schema::db::pending_migrations(&state.database_url).await {
        Ok(0) => (StatusCode::OK, "ready"),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
        Err(error) => {
            tracing::warn!(?error, "cannot read the migration state");
            (StatusCode::SERVICE_UNAVAILABLE, "migration state unknown")
        }
    }
}
