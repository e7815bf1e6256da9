//! The websocket transport on `/graphql`: `graphql-transport-ws`, and the
//! older `graphql-ws`.

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::on_both_backends;
use crate::support::{ADMIN_PASSWORD, Backend, TestApp};

on_both_backends!(
    graphql_transport_ws_acks_pongs_and_runs_an_operation,
    the_older_graphql_ws_protocol_is_accepted,
    a_socket_without_a_valid_token_is_closed_with_4403,
    a_socket_is_closed_with_4401_when_its_session_ends,
    sockets_per_user_and_subscriptions_per_socket_are_capped,
    operations_over_a_socket_are_charged_to_the_users_budget,
);

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub async fn connect(app: &TestApp, protocol: &str) -> Socket {
    let url = app.url("/graphql").replacen("http://", "ws://", 1);
    let mut request = url.into_client_request().unwrap();
    request
        .headers_mut()
        .insert("sec-websocket-protocol", protocol.parse().unwrap());
    let (socket, response) = tokio_tungstenite::connect_async(request)
        .await
        .expect("websocket upgrade");
    assert_eq!(response.headers()["sec-websocket-protocol"], protocol);
    socket
}

pub async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::text(message.to_string()))
        .await
        .unwrap();
}

/// The next JSON text message, skipping the server's keep-alives.
pub async fn receive(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(std::time::Duration::from_secs(10), socket.next())
            .await
            .expect("a message within 10 s")
            .expect("an open socket")
            .unwrap();
        if let Message::Close(frame) = &message {
            panic!("the server closed the socket: {frame:?}");
        }
        if let Message::Text(text) = message {
            let value: Value = serde_json::from_str(&text).unwrap();
            if value["type"] != "ka" {
                return value;
            }
        }
    }
}

async fn graphql_transport_ws_acks_pongs_and_runs_an_operation(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let mut socket = connect(&app, "graphql-transport-ws").await;
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {}", app.token) } }),
    )
    .await;
    assert_eq!(receive(&mut socket).await["type"], "connection_ack");
    send(&mut socket, json!({ "type": "ping" })).await;
    assert_eq!(receive(&mut socket).await["type"], "pong");
    let query = "{ viewer { user { loginName } } }";
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": query } });
    send(&mut socket, subscribe).await;
    let data = json!({ "viewer": { "user": { "loginName": "admin" } } });
    assert_eq!(
        receive(&mut socket).await,
        json!({ "id": "1", "type": "next", "payload": { "data": data } })
    );
    assert_eq!(
        receive(&mut socket).await,
        json!({ "id": "1", "type": "complete" })
    );
}

async fn the_older_graphql_ws_protocol_is_accepted(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let mut socket = connect(&app, "graphql-ws").await;
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "authorization": app.token } }),
    )
    .await;
    assert_eq!(receive(&mut socket).await["type"], "connection_ack");
    send(
        &mut socket,
        json!({ "id": "7", "type": "start", "payload": { "query": "{ __typename }" } }),
    )
    .await;
    assert_eq!(
        receive(&mut socket).await,
        json!({ "id": "7", "type": "data", "payload": { "data": { "__typename": "Query" } } })
    );
    assert_eq!(
        receive(&mut socket).await,
        json!({ "id": "7", "type": "complete" })
    );
}

async fn a_socket_without_a_valid_token_is_closed_with_4403(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    for payload in [json!({}), json!({ "authorization": "Bearer not-a-token" })] {
        let mut socket = connect(&app, "graphql-transport-ws").await;
        send(
            &mut socket,
            json!({ "type": "connection_init", "payload": payload }),
        )
        .await;
        let message = tokio::time::timeout(std::time::Duration::from_secs(10), socket.next())
            .await
            .expect("an answer within 10 s")
            .expect("a message")
            .unwrap();
        let Message::Close(Some(frame)) = message else {
            panic!("expected a close frame, got {message:?}")
        };
        assert_eq!(u16::from(frame.code), 4403);
    }
}

/// The close code of the next close frame, skipping other messages, within 5 s.
async fn closed_with(socket: &mut Socket) -> u16 {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .expect("closed within 5 s")
            .expect("a message")
            .unwrap();
        if let Message::Close(Some(frame)) = message {
            return u16::from(frame.code);
        }
    }
}

/// A subscription of `token` to every event it may see.
async fn subscribed(app: &TestApp, token: &str) -> Socket {
    crate::events::subscribe(app, token, "{ kind }").await
}

async fn a_socket_is_closed_with_4401_when_its_session_ends(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let token = app.login("admin", ADMIN_PASSWORD).await.unwrap();
    let mut socket = subscribed(&app, &token).await;
    let logout = "mutation { logout { __typename } }";
    app.data_as(Some(&token), logout, json!({})).await;
    assert_eq!(closed_with(&mut socket).await, 4401, "after logout");

    let token = app.login("admin", ADMIN_PASSWORD).await.unwrap();
    let mut socket = subscribed(&app, &token).await;
    // A session lasts 12 hours.
    app.advance(chrono::Duration::hours(13)).await;
    assert_eq!(closed_with(&mut socket).await, 4401, "after expiry");
}

/// Issue 12, item 4: a user holds at most the cap of sockets (one more is
/// closed with 4429), and a socket runs at most the cap of subscriptions.
async fn sockets_per_user_and_subscriptions_per_socket_are_capped(backend: Backend) {
    let app = TestApp::launch_with_env(
        &backend,
        &[],
        &[
            ("XIESHANG_MAX_SOCKETS_PER_USER", "2"),
            ("XIESHANG_MAX_SUBSCRIPTIONS_PER_SOCKET", "1"),
        ],
        Some(ADMIN_PASSWORD),
    )
    .await;
    let open = || async {
        let mut socket = connect(&app, "graphql-transport-ws").await;
        send(
            &mut socket,
            json!({ "type": "connection_init", "payload": { "authorization": app.token } }),
        )
        .await;
        socket
    };
    let mut first = open().await;
    assert_eq!(receive(&mut first).await["type"], "connection_ack");
    let mut second = open().await;
    assert_eq!(receive(&mut second).await["type"], "connection_ack");
    let mut third = open().await;
    assert_eq!(closed_with(&mut third).await, 4429);
    drop(second);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mut again = open().await;
    assert_eq!(
        receive(&mut again).await["type"],
        "connection_ack",
        "a closed socket frees its slot"
    );

    let subscribe = |id: &str| json!({ "id": id, "type": "subscribe", "payload": { "query": "subscription { events { kind } }" } });
    send(&mut first, subscribe("a")).await;
    send(&mut first, subscribe("b")).await;
    let refused = receive(&mut first).await;
    assert_eq!(refused["id"], "b", "{refused}");
    assert_eq!(refused["type"], "error");
    assert_eq!(
        refused["payload"][0]["extensions"]["code"],
        "TOO_MANY_SUBSCRIPTIONS"
    );
    send(&mut first, json!({ "id": "a", "type": "complete" })).await;
    send(&mut first, subscribe("c")).await;
    send(&mut first, json!({ "id": "p", "type": "ping" })).await;
    loop {
        let message = receive(&mut first).await;
        assert_ne!(
            message["type"], "error",
            "c was taken, not refused: {message}"
        );
        if message["type"] == "pong" {
            break;
        }
    }
}

/// Issue 12, item 1: a socket is no way around the request budget; every
/// operation sent over it is charged as over HTTP, a mutation at its cost.
async fn operations_over_a_socket_are_charged_to_the_users_budget(backend: Backend) {
    let app = TestApp::launch_with_env(
        &backend,
        &[],
        &[
            ("XIESHANG_RATE_PER_SECOND", "0.01"),
            ("XIESHANG_RATE_BURST", "6"),
            ("XIESHANG_RATE_MUTATION_COST", "5"),
        ],
        Some(ADMIN_PASSWORD),
    )
    .await;
    let mut socket = connect(&app, "graphql-transport-ws").await;
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "authorization": app.token } }),
    )
    .await;
    assert_eq!(receive(&mut socket).await["type"], "connection_ack");
    let operation = |id: &str, query: &str| json!({ "id": id, "type": "subscribe", "payload": { "query": query } });
    let mutation =
        "mutation { markNotificationsRead(input: { all: true }) { userErrors { code } } }";
    let query = "{ viewer { user { loginName } } }";
    // Six tokens: one mutation (5), then one query (1); then nothing.
    let mut answers = std::collections::BTreeMap::new();
    for (id, document) in [
        ("m1", mutation),
        ("m2", mutation),
        ("q1", query),
        ("q2", query),
    ] {
        send(&mut socket, operation(id, document)).await;
        loop {
            let message = receive(&mut socket).await;
            if message["type"] == "next" || message["type"] == "error" {
                let code = message["payload"][0]["extensions"]["code"].clone();
                answers.insert(id, (message["type"].clone(), code));
                break;
            }
        }
    }
    assert_eq!(answers["m1"].0, "next", "{answers:?}");
    assert_eq!(answers["m2"], (json!("error"), json!("RATE_LIMITED")));
    assert_eq!(answers["q1"].0, "next", "{answers:?}");
    assert_eq!(answers["q2"], (json!("error"), json!("RATE_LIMITED")));
    // Over HTTP the same user is out of tokens too.
    let body = app.graphql(query, json!({})).await;
    assert_eq!(crate::support::error_code(&body), "RATE_LIMITED", "{body}");
}
