//! A bounded soak against a running demo server: mixed journeys of the
//! three user groups (a union officer, an employer officer, the city
//! office) at a fixed rate for a set time, printing every minute the
//! requests answered, their p50 and p99, errors, and the server's resident
//! memory (read from `/proc/<pid>/status`).
//!
//!     XIESHANG_RATE_PER_SECOND=100000 XIESHANG_RATE_BURST=100000 ./target/release/xieshang serve --demo &
//!     ./target/release/examples/soak http://127.0.0.1:8080 $! [rate=200] [minutes=30]
//!
//! The server's per-user budget must be raised as above: three users at
//! 200 requests a second are far over the default of 20 each.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::Mutex;

/// What each user group does, in turn.
const JOURNEYS: &[(&str, &[&str])] = &[
    (
        "union-21-officer",
        &[
            "{ offers(first: 20) { edges { node { id status employer { name } replyDeadline { dueAt } } } } }",
            "{ viewer { notifications(first: 20) { edges { node { id read } } } } }",
            "mutation { markNotificationsRead(input: { all: true }) { userErrors { code } } }",
        ],
    ),
    (
        "employer-21-officer",
        &[
            "{ agreements(first: 20) { edges { node { id title status workersParty { name } } } } }",
            "{ viewer { user { displayName } actingOrganizations { name } } }",
        ],
    ),
    (
        "office-220100-officer",
        &[
            "{ deadlines(first: 50) { totalCount edges { node { kind dueAt status } } } }",
            "{ offers(first: 50, filter: { statuses: [ISSUED] }) { totalCount edges { node { id issuingOrganization { name } } } } }",
            "{ employers(first: 50) { totalCount edges { node { name employerProfile { headcount } } } } }",
        ],
    ),
];

async fn post(
    client: &reqwest::Client,
    server: &str,
    token: Option<&str>,
    query: &str,
) -> Result<Value, String> {
    let mut request = client
        .post(format!("{server}/graphql"))
        .json(&json!({ "query": query }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let body: Value = response.json().await.map_err(|e| e.to_string())?;
    if !status.is_success() || body.get("errors").is_some() {
        return Err(format!("{status}: {body}"));
    }
    Ok(body)
}

fn rss_kib(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let server = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let pid = args.get(2).cloned().unwrap_or_default();
    let rate: u64 = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(200);
    let minutes: u64 = args.get(4).and_then(|m| m.parse().ok()).unwrap_or(30);
    let client = reqwest::Client::new();
    let mut tokens = Vec::new();
    for (login, _) in JOURNEYS {
        let login_query = format!(
            "mutation {{ login(input: {{ loginName: \"{login}\", password: \"xieshang-demo\" }}) {{ token }} }}"
        );
        let body = post(&client, &server, None, &login_query)
            .await
            .expect("demo login");
        tokens.push(body["data"]["login"]["token"].as_str().unwrap().to_owned());
    }
    let samples: Arc<Mutex<(Vec<Duration>, u64)>> = Arc::default();
    let mut ticker = tokio::time::interval(Duration::from_nanos(1_000_000_000 / rate.max(1)));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let start = Instant::now();
    let mut minute_start = Instant::now();
    let mut sent: u64 = 0;
    println!("minute  answered/s  p50_ms  p99_ms  errors  rss_mib");
    while start.elapsed() < Duration::from_secs(minutes * 60) {
        ticker.tick().await;
        let group = (sent as usize) % JOURNEYS.len();
        let steps = JOURNEYS[group].1;
        let query = steps[(sent as usize / JOURNEYS.len()) % steps.len()];
        let (client, server, token, shared) = (
            client.clone(),
            server.clone(),
            tokens[group].clone(),
            samples.clone(),
        );
        tokio::spawn(async move {
            let began = Instant::now();
            let result = post(&client, &server, Some(&token), query).await;
            let mut samples = shared.lock().await;
            match result {
                Ok(_) => samples.0.push(began.elapsed()),
                Err(error) => {
                    samples.1 += 1;
                    if samples.1 <= 3 {
                        eprintln!("error: {error}");
                    }
                }
            }
        });
        sent += 1;
        if minute_start.elapsed() >= Duration::from_secs(60) {
            report(&samples, start.elapsed().as_secs() / 60, minute_start, &pid).await;
            minute_start = Instant::now();
        }
    }
    // The last minute, which the loop's end cut short of its report.
    tokio::time::sleep(Duration::from_secs(1)).await;
    report(&samples, minutes, minute_start, &pid).await;
}

/// Prints one minute's line: answers per second, p50, p99, errors, RSS.
async fn report(
    samples: &Mutex<(Vec<Duration>, u64)>,
    minute: u64,
    minute_start: Instant,
    pid: &str,
) {
    let (mut latencies, errors) = std::mem::take(&mut *samples.lock().await);
    latencies.sort_unstable();
    let seconds = minute_start.elapsed().as_secs_f64();
    println!(
        "{:>6}  {:>10.1}  {:>6.1}  {:>6.1}  {:>6}  {:>7.1}",
        minute,
        latencies.len() as f64 / seconds,
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        errors,
        rss_kib(pid) as f64 / 1024.0,
    );
}
