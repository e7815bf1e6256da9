//! A load generator against a running demo server (`xieshang serve --demo`):
//! renames one employer N times as the city office and measures, for each
//! change, the time from sending the mutation to the employer's subscriber
//! receiving the event; then, when given the mail directory, how fast the
//! mail worker writes the resulting emails (three per change) to it.
//!
//!     cargo run --release --example event_bench -- http://127.0.0.1:8080 200 ./data/mail

mod common;

use std::time::{Duration, Instant, SystemTime};

use common::{graphql, login, percentile};

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let server = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let changes: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(200);
    let mail_dir = args.get(3).cloned();
    let client = reqwest::Client::new();
    let office = login(&client, &server, "office-220100-admin").await;
    let employer_token = login(&client, &server, "employer-21-admin").await;
    let find =
        "{ employers(filter: { nameContains: \"清源水务\" }) { edges { node { id version } } } }";
    let node = graphql(&client, &server, Some(&office), find, json!({})).await["data"]["employers"]
        ["edges"][0]["node"]
        .clone();
    let id = node["id"].clone();
    let mut version = node["version"].as_i64().unwrap();

    let ws_url = server.replacen("http", "ws", 1) + "/graphql";
    let mut request = ws_url.into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("websocket");
    let init = json!({ "type": "connection_init", "payload": { "authorization": employer_token } });
    socket.send(Message::text(init.to_string())).await.unwrap();
    socket.next().await.unwrap().unwrap();
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { events(filter: { kinds: [ORGANIZATION_UPDATED] }) { subjectId } }" } });
    socket
        .send(Message::text(subscribe.to_string()))
        .await
        .unwrap();

    let update = "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { version } } }";
    let started = SystemTime::now();
    let mut latencies = Vec::with_capacity(changes);
    for i in 0..changes {
        let name = if i % 2 == 0 {
            "长春清源水务集团有限公司"
        } else {
            "长春清源水务有限公司"
        };
        let sent = Instant::now();
        let body = graphql(
            &client,
            &server,
            Some(&office),
            update,
            json!({ "input": { "id": id, "expectedVersion": version, "name": name } }),
        )
        .await;
        version = body["data"]["updateOrganization"]["organization"]["version"]
            .as_i64()
            .expect("updated");
        loop {
            let message = socket.next().await.unwrap().unwrap();
            if message.to_text().unwrap_or("").contains("\"next\"") {
                break;
            }
        }
        latencies.push(sent.elapsed());
    }
    latencies.sort();
    println!(
        "{changes} changes: mutation sent to event received: median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.9).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );

    let Some(dir) = mail_dir else { return };
    let expected = changes * 3;
    let written = |dir: &str| -> Vec<SystemTime> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| e.metadata().ok()?.modified().ok())
                    .filter(|t| *t >= started)
                    .collect()
            })
            .unwrap_or_default()
    };
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut times = written(&dir);
    while times.len() < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        times = written(&dir);
    }
    times.sort();
    let (first, last) = (times[0], times[times.len() - 1]);
    let span = last.duration_since(first).unwrap_or_default().as_secs_f64();
    println!(
        "{} emails written to {dir} in {span:.2} s from the first to the last: {:.0} emails/s",
        times.len(),
        times.len() as f64 / span.max(1e-9)
    );
}
