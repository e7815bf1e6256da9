//! `POST /_test/clock {"advanceSeconds": n}`: moves the server's injected
//! clock forward, so end-to-end tests can let statutory periods pass without
//! sleeping. Only routed when the server runs with `--test-clock`.

use axum::Json;
use axum::extract::State;
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
    Json(serde_json::json!({ "now": state.clock.now() }))
}
