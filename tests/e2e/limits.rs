//! Limits that hold under abuse (issue 12): one caller's request budget.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{ADMIN_PASSWORD, Backend, DEMO_PASSWORD, TestApp};

on_both_backends!(
    a_caller_over_its_budget_waits_others_do_not,
    a_document_that_multiplies_lists_is_refused_with_its_cost,
    a_response_over_the_cap_is_refused,
    connections_beyond_the_cap_are_answered_busy_at_once,
    a_silent_connection_is_closed_and_a_quiet_socket_is_kept,
    a_client_trickling_its_head_or_body_is_cut_off,
);

async fn post(app: &TestApp, token: Option<&str>, query: &str) -> (StatusCode, Option<u64>, Value) {
    let mut request = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": query }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let retry = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (status, retry, response.json().await.unwrap())
}

/// Item 1: a burst of 10 then 5 per second; a mutation costs 5.
async fn a_caller_over_its_budget_waits_others_do_not(backend: Backend) {
    let app = TestApp::launch_with_env(
        &backend,
        &["--demo"],
        &[
            ("XIESHANG_RATE_PER_SECOND", "5"),
            ("XIESHANG_RATE_BURST", "10"),
            ("XIESHANG_RATE_MUTATION_COST", "5"),
        ],
        Some(ADMIN_PASSWORD),
    )
    .await;
    // The admin's login above was paid by its address; the session is the user's.
    let query = "{ viewer { user { id } } }";
    for i in 0..10 {
        let (status, _, body) = post(&app, Some(&app.token), query).await;
        assert_eq!(status, StatusCode::OK, "request {i}: {body}");
    }
    let (status, retry, body) = post(&app, Some(&app.token), query).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    assert_eq!(retry, Some(1), "one token comes back in 0.2 s");
    // Another user has a budget of its own.
    let other = app
        .login("office-220100-viewer", DEMO_PASSWORD)
        .await
        .unwrap();
    let (status, _, _) = post(&app, Some(&other), query).await;
    assert_eq!(status, StatusCode::OK);
    // Two seconds refill ten tokens: two mutations spend them.
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    let mutation =
        "mutation { markNotificationsRead(input: { all: true }) { userErrors { code } } }";
    for _ in 0..2 {
        let (status, _, body) = post(&app, Some(&app.token), mutation).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, retry, _) = post(&app, Some(&app.token), mutation).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry, Some(1));
}

/// `employers → associations → members(first: 100) → associations →
/// members(first: 100)`, `aliases` times: 3.3 KB at 20 aliases.
pub fn nested_lists(aliases: usize) -> String {
    let one = "employers { edges { node { associations { members(first: 100) { edges { node { associations { members(first: 100) { edges { node { id name } } } } } } } } } } }";
    let fields: Vec<String> = (0..aliases).map(|i| format!("a{i}: {one}")).collect();
    format!("{{ {} }}", fields.join(" "))
}

/// Item 2: the cost of a document multiplies page sizes; the nested-list
/// document is refused before it runs, with its cost.
async fn a_document_that_multiplies_lists_is_refused_with_its_cost(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let document = nested_lists(20);
    assert!(document.len() > 2_500, "{}", document.len());
    let (status, _, body) = post(&app, Some(&app.token), &document).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX",
        "{body}"
    );
    let cost = body["errors"][0]["extensions"]["cost"].as_u64().unwrap();
    assert!(cost > 1_000_000_000, "{cost}");
    assert!(body.get("data").is_none() || body["data"].is_null());
    // A page of 100 offers with their parties is well within the limit.
    let (_, _, listed) = post(
        &app,
        Some(&app.token),
        "{ offers(first: 100) { edges { node { id issuingOrganization { name } employer { name region { name } } } } } }",
    )
    .await;
    assert!(listed.get("errors").is_none(), "{listed}");
}

/// Item 2: the size of a response is capped too.
async fn a_response_over_the_cap_is_refused(backend: Backend) {
    let app = TestApp::launch_with_env(
        &backend,
        &["--demo"],
        &[("XIESHANG_RESPONSE_LIMIT", "4000")],
        Some(ADMIN_PASSWORD),
    )
    .await;
    let (status, _, body) = post(
        &app,
        Some(&app.token),
        "{ offers(first: 100) { edges { node { id status } } } }",
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "RESPONSE_TOO_LARGE"
    );
    let (status, _, small) = post(
        &app,
        Some(&app.token),
        "{ offers(first: 5) { edges { node { id } } } }",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{small}");
}

/// Item 3: idle connections hold the server's connection cap; one more is
/// answered 503 at once, not left hanging, and when they go the server
/// answers again.
async fn connections_beyond_the_cap_are_answered_busy_at_once(backend: Backend) {
    let app =
        TestApp::launch_with_env(&backend, &[], &[("XIESHANG_MAX_CONNECTIONS", "4")], None).await;
    let address = app
        .url("/")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(tokio::net::TcpStream::connect(&address).await.unwrap());
    }
    let health = || async {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(5))
            .build()
            .unwrap();
        client.get(app.url("/healthz")).send().await.unwrap()
    };
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let busy = health().await;
    assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = busy.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "BUSY");
    drop(idle);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(health().await.status(), StatusCode::OK);
}

/// Item 3: a connection that sends nothing, or half a request, is closed
/// after the idle timeout; a subscription socket is pinged and stays.
async fn a_silent_connection_is_closed_and_a_quiet_socket_is_kept(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::launch_with_env(
        &backend,
        &[],
        &[("XIESHANG_IDLE_TIMEOUT", "1")],
        Some(ADMIN_PASSWORD),
    )
    .await;
    let address = app
        .url("/")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut silent = tokio::net::TcpStream::connect(&address).await.unwrap();
    let mut half = tokio::net::TcpStream::connect(&address).await.unwrap();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    for stream in [&mut silent, &mut half] {
        let mut buffer = [0u8; 64];
        let closed =
            tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut buffer)).await;
        assert!(
            matches!(closed, Ok(Ok(0)) | Ok(Err(_))),
            "closed within 5 s: {closed:?}"
        );
    }
    // A subscription that receives nothing for 3 s stays open: the server
    // pings it and the client's pongs count.
    let mut socket = crate::events::subscribe(&app, &app.token, "{ kind }").await;
    let quiet = tokio::time::timeout(std::time::Duration::from_secs(3), async {
        loop {
            use futures_util::StreamExt;
            match socket.next().await {
                Some(Ok(tokio_tungstenite::tungstenite::Message::Close(frame))) => {
                    return format!("closed: {frame:?}");
                }
                Some(Ok(_)) => continue,
                other => return format!("ended: {other:?}"),
            }
        }
    })
    .await;
    assert!(quiet.is_err(), "the socket stayed open: {quiet:?}");
}

/// Item 3: a client that sends a byte now and then is never idle, yet it
/// gets only the read timeout for a request's head (the connection is
/// closed) and again for its body (`408 REQUEST_TIMEOUT`).
async fn a_client_trickling_its_head_or_body_is_cut_off(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app =
        TestApp::launch_with_env(&backend, &[], &[("XIESHANG_READ_TIMEOUT", "1")], None).await;
    let address = app
        .url("/")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let trickle = |head: &'static [u8], drip: &'static [u8]| {
        let address = address.clone();
        async move {
            let stream = tokio::net::TcpStream::connect(&address).await.unwrap();
            let (mut reader, mut writer) = stream.into_split();
            writer.write_all(head).await.unwrap();
            let dripping = tokio::spawn(async move {
                for _ in 0..50 {
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    if writer.write_all(drip).await.is_err() {
                        return;
                    }
                }
            });
            let started = std::time::Instant::now();
            let mut answer = Vec::new();
            let read = tokio::time::timeout(
                std::time::Duration::from_secs(5),
                reader.read_to_end(&mut answer),
            )
            .await;
            dripping.abort();
            assert!(read.is_ok(), "the server let the trickle run past 5 s");
            (
                started.elapsed(),
                String::from_utf8_lossy(&answer).into_owned(),
            )
        }
    };
    let (took, answer) = trickle(b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"X-Drip: 1\r\n").await;
    assert!(
        took < std::time::Duration::from_secs(3),
        "head cut off after {took:?}"
    );
    assert!(!answer.contains("200 OK"), "{answer}");
    let (took, answer) = trickle(
        b"POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n{",
        b" ",
    )
    .await;
    assert!(
        took < std::time::Duration::from_secs(3),
        "body cut off after {took:?}"
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("REQUEST_TIMEOUT"), "{answer}");
    // Meanwhile the server answers others.
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}
