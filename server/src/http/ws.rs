//! Subscriptions over websocket on `/graphql`, speaking
//! `graphql-transport-ws` and the older `graphql-ws`.

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{FromRequestParts, WebSocketUpgrade};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use xieshang_schema::identity::Viewer;

use super::AppState;
use super::media::refusal;

pub fn is_upgrade(headers: &HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

pub async fn upgrade(state: AppState, parts: &mut Parts) -> Response {
    let Ok(protocol) = GraphQLProtocol::from_request_parts(parts, &()).await else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "Use graphql-transport-ws or graphql-ws",
        );
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            let mut data = async_graphql::Data::default();
            data.insert(Viewer::Anonymous);
            GraphQLWebSocket::new(stream, state.schema.clone(), protocol)
                .with_data(data)
                .serve()
        })
        .into_response()
}
