//! Subscriptions over websocket on `/graphql`, speaking
//! `graphql-transport-ws` and the older `graphql-ws`.
//!
//! The session token travels as `authorization` in the `connection_init`
//! payload. We read that first message ourselves: a missing or bad token
//! closes the socket with 4403 Forbidden (async-graphql would answer 1002),
//! and a good one is replayed to async-graphql with the viewer attached.
//! The session is checked again every second: when it ends (logout,
//! expiry, password change, disabled user) the socket is closed with 4401.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::parser::types::OperationType;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::extract::{FromRequestParts, WebSocketUpgrade};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::Mutex;
use xieshang_schema::identity::viewer::session_alive;
use xieshang_schema::identity::{ClientAddress, Viewer};

use super::AppState;
use super::media::refusal;
use super::rate::{Payer, whole_seconds};
use super::sockets::{Running, Verdict};

/// How long a client has to send `connection_init`.
const INIT_TIMEOUT: Duration = Duration::from_secs(10);
/// The close code of graphql-transport-ws for an unauthorised connection.
const FORBIDDEN: u16 = 4403;
/// The close code for a socket whose session ended.
const SESSION_ENDED: u16 = 4401;
/// How often an open socket's session is checked.
const SESSION_CHECK: Duration = Duration::from_secs(1);
/// Close code for a user over its socket cap.
const TOO_MANY: u16 = 4429;

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
    // The protocol async-graphql chose: the first one of the client's list it speaks.
    let legacy = parts
        .headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(',')
                .map(str::trim)
                .find(|p| ["graphql-transport-ws", "graphql-ws"].contains(p))
        })
        == Some("graphql-ws");
    let address = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| {
            let forwarded = super::graphql::forwarded_for(&parts.headers);
            ClientAddress(state.proxies.client(c.0.ip(), forwarded).to_string())
        });
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| serve(state, socket, protocol, legacy, address))
        .into_response()
}

async fn serve(
    state: AppState,
    socket: WebSocket,
    protocol: GraphQLProtocol,
    legacy: bool,
    address: Option<ClientAddress>,
) {
    let (mut sink, mut stream) = socket.split();
    let Ok(Some(Ok(first))) = tokio::time::timeout(INIT_TIMEOUT, stream.next()).await else {
        let _ = sink
            .send(close(4408, "Connection initialisation timeout"))
            .await;
        return;
    };
    let token = authorization(&first);
    let viewer = match &token {
        Some(token) => state
            .bus
            .viewers
            .of_request(&state.db, &state.clock, Some(token))
            .await
            .unwrap_or_default(),
        None => Viewer::Anonymous,
    };
    let Viewer::User(user) = &viewer else {
        if legacy {
            let error = serde_json::json!({ "type": "connection_error", "payload": { "message": "Forbidden" } });
            let _ = sink.send(Message::text(error.to_string())).await;
        }
        let _ = sink.send(close(FORBIDDEN, "Forbidden")).await;
        return;
    };
    let Some(_slot) = state
        .sockets
        .claim(user.user_id, state.socket_caps.per_user)
    else {
        let _ = sink
            .send(close(TOO_MANY, "Too many sockets for this user"))
            .await;
        return;
    };
    // The protocol and the session watch share the socket's sending half.
    let sink = Arc::new(Mutex::new(sink));
    let shared = Box::pin(futures_util::sink::unfold(
        sink.clone(),
        |sink, message: Message| async move {
            sink.lock().await.send(message).await?;
            Ok::<_, axum::Error>(sink)
        },
    ));
    let replayed = futures_util::stream::once(async move { Ok(first) }).chain(stream);
    let cap = state.socket_caps.subscriptions;
    let mut running = Running::default();
    let refusals = sink.clone();
    let limiter = state.limiter.clone();
    let payer = Payer::User(user.user_id);
    let api = state.api.clone();
    let pay = move |payload: &serde_json::Value| {
        let query = payload["query"].as_str().unwrap_or_default();
        let mut request = async_graphql::Request::new(query);
        request.operation_name = payload["operationName"].as_str().map(str::to_owned);
        let mutation = api.operation_type(&mut request) == Some(OperationType::Mutation);
        limiter.charge(payer.clone(), usize::from(!mutation), usize::from(mutation))
    };
    let replayed = replayed.filter_map(move |message| {
        let verdict = match &message {
            Ok(Message::Text(text)) => serde_json::from_str(text)
                .map(|value| running.follow(&value, cap, &pay))
                .unwrap_or(Verdict::Pass),
            _ => Verdict::Pass,
        };
        let refusals = refusals.clone();
        async move {
            let error = match verdict {
                Verdict::Pass => return Some(message),
                Verdict::Refuse(id) => {
                    let message = format!("A socket runs at most {cap} subscriptions at once");
                    refused(&id, &message, "TOO_MANY_SUBSCRIPTIONS", legacy)
                }
                Verdict::Limited(id, wait) => {
                    let seconds = whole_seconds(wait);
                    let message = format!("Too many requests; try again in {seconds} s");
                    refused(&id, &message, "RATE_LIMITED", legacy)
                }
            };
            let _ = refusals
                .lock()
                .await
                .send(Message::text(error.to_string()))
                .await;
            None
        }
    });
    let protocol = GraphQLWebSocket::new_with_pair(shared, replayed, state.api.clone(), protocol)
        .on_connection_init(move |_| async move {
            let mut data = Data::default();
            data.insert(xieshang_schema::i18n::choose(&viewer, None));
            data.insert(viewer);
            if let Some(address) = address {
                data.insert(address);
            }
            Ok(data)
        })
        .serve();
    tokio::select! {
        () = protocol => {}
        () = session_ends(&state, token.as_deref()) => {
            let _ = sink.lock().await.send(close(SESSION_ENDED, "Session ended")).await;
        }
        () = pings(&sink, state.socket_caps.ping_every) => {}
    }
}

/// Pings the client every `every`, so that a quiet subscription is not
/// taken for an idle connection; resolves when the socket is gone.
async fn pings<S>(sink: &Mutex<S>, every: Duration)
where
    S: futures_util::Sink<Message> + Unpin,
{
    loop {
        tokio::time::sleep(every).await;
        if sink
            .lock()
            .await
            .send(Message::Ping(Default::default()))
            .await
            .is_err()
        {
            return;
        }
    }
}

/// The error message answering operation `id`, which does not run.
fn refused(id: &str, message: &str, code: &str, legacy: bool) -> serde_json::Value {
    let error = serde_json::json!({ "message": message, "extensions": { "code": code } });
    let payload = if legacy {
        error
    } else {
        serde_json::json!([error])
    };
    serde_json::json!({ "id": id, "type": "error", "payload": payload })
}

/// Resolves when the session behind `token` is no longer valid. Only the
/// session row is read: the viewer's memberships are refreshed by the
/// subscription itself when they change.
async fn session_ends(state: &AppState, token: Option<&str>) {
    loop {
        tokio::time::sleep(SESSION_CHECK).await;
        // A database that does not answer ends no session.
        if let Ok(false) = session_alive(&state.db, &state.clock, token).await {
            return;
        }
    }
}

/// The token of a `connection_init` message, from `payload.authorization`.
fn authorization(message: &Message) -> Option<String> {
    let Message::Text(text) = message else {
        return None;
    };
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    if value.get("type")?.as_str()? != "connection_init" {
        return None;
    }
    let payload = value.get("payload")?;
    let token = payload
        .get("authorization")
        .or_else(|| payload.get("Authorization"))?
        .as_str()?;
    Some(xieshang_schema::identity::viewer::bearer(token).to_owned())
}

fn close(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}
