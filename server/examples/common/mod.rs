//! What the benchmarks share: a GraphQL request, a demo login, a percentile.

use std::time::Duration;

use serde_json::{Value, json};

/// The answer to `query` with `variables`, as `token` (or anonymous).
pub async fn graphql(
    client: &reqwest::Client,
    server: &str,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    let mut request = client
        .post(format!("{server}/graphql"))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("JSON")
}

pub async fn login(client: &reqwest::Client, server: &str, login: &str) -> String {
    let query = "mutation($input: LoginInput!) { login(input: $input) { token } }";
    let body = graphql(
        client,
        server,
        None,
        query,
        json!({ "input": { "loginName": login, "password": "xieshang-demo" } }),
    )
    .await;
    body["data"]["login"]["token"]
        .as_str()
        .expect("demo login")
        .to_owned()
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}
