//! Relay pagination over the demo city's sixty employers.

use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(
    pages_forward_and_backward_cover_every_employer_once,
    more_than_one_hundred_is_refused
);

const PAGE: &str = "query($first: Int, $after: String, $last: Int, $before: String) {
  employers(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}";

fn ids(page: &Value) -> Vec<String> {
    page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn pages_forward_and_backward_cover_every_employer_once(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let mut forward = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let data = app.data(PAGE, json!({ "first": 25, "after": after })).await;
        let page = &data["employers"];
        assert_eq!(page["totalCount"], 60);
        assert_eq!(page["pageInfo"]["hasPreviousPage"], after.is_some());
        forward.extend(ids(page));
        pages += 1;
        if page["pageInfo"]["hasNextPage"] == false {
            assert_eq!(ids(page).len(), 10);
            break;
        }
        assert_eq!(ids(page).len(), 25);
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(pages, 3);
    assert_eq!(forward.len(), 60);

    let mut backward = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let data = app
            .data(PAGE, json!({ "last": 25, "before": before }))
            .await;
        let page = &data["employers"];
        let mut chunk = ids(page);
        chunk.extend(backward);
        backward = chunk;
        if page["pageInfo"]["hasPreviousPage"] == false {
            break;
        }
        before = page["pageInfo"]["startCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(backward, forward, "paging backward gives the same order");

    let empty = app.data(PAGE, json!({ "first": 0 })).await;
    assert_eq!(ids(&empty["employers"]).len(), 0);
    assert_eq!(empty["employers"]["pageInfo"]["hasNextPage"], true);
}

async fn more_than_one_hundred_is_refused(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    for variables in [
        json!({ "first": 101 }),
        json!({ "last": 101 }),
        json!({ "first": -1 }),
    ] {
        let body = app.graphql(PAGE, variables.clone()).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{variables}: {body:#}");
    }
    let body = app
        .graphql(PAGE, json!({ "first": 5, "after": "not-a-cursor" }))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("after")
    );
    let body = app.graphql(PAGE, json!({ "first": 100 })).await;
    assert!(body.get("errors").is_none(), "{body:#}");
}
