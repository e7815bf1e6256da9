//! `POST /_test/clock {"advanceSeconds": n}`: moves the server's injected
//! clock forward, so end-to-end tests can let statutory periods pass without
//! sleeping, and runs the deadline scheduler once at the new instant. Only
//! routed when the server runs with `--test-clock`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use super::AppState;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Advance {
    advance_seconds: i64,
}

pub async fn advance(
    State(state): State<AppState>,
    Json(body): Json<Advance>,
) -> Json<serde_json::Value> {
    if body.advance_seconds > 0 {
        state
            .clock
            .advance(chrono::Duration::seconds(body.advance_seconds));
    }
    // Deadlines that ran out are processed before the answer.
    if let Err(error) = state.scheduler.tick().await {
        tracing::warn!(?error, "the scheduler failed after the test clock moved");
    }
    Json(serde_json::json!({ "now": state.clock.now() }))
}

/// `GET /_test/rows`: how many rows each table holds (and the sum of the
/// versions of versioned ones), so that a test can show a refused call
/// changed nothing.
pub async fn rows(State(state): State<AppState>) -> Result<Json<serde_json::Value>, StatusCode> {
    let mut pooled = state
        .db
        .get()
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    let counts = xieshang_schema::db::instrumentation::row_counts(&mut pooled.conn())
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Json(serde_json::json!(counts)))
}

/// `GET /_test/statements/recent`: the texts of the statements run since the
/// last such call (recording starts with the first).
pub async fn recent_statements() -> Json<serde_json::Value> {
    let recent = xieshang_schema::db::instrumentation::recent_statements();
    Json(serde_json::json!({ "statements": recent }))
}

/// `GET /_test/statements`: how many SQL statements this process has run.
pub async fn statements() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "count": xieshang_schema::db::instrumentation::statements() }))
}

/// `GET /_test/subscribers`: how many receivers the event bus has ever
/// made, so that a test can wait until its subscription listens before it
/// changes anything (the protocol does not acknowledge a subscription).
pub async fn subscribers(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "count": state.bus.subscribed() }))
}
