//! Relay pagination over the demo city's sixty employers.

use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(
    pages_forward_and_backward_cover_every_employer_once,
    more_than_one_hundred_is_refused,
    the_main_lists_sort_by_their_fields_across_pages,
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

/// Every page of `list` with `arguments` (its order, a filter), walked with cursors forward and
/// then backward: both walks give the order of one large page, which is
/// returned.
async fn walked(app: &TestApp, list: &str, arguments: &str, fields: &str) -> Vec<Value> {
    let query = format!(
        "query($first: Int, $after: String, $last: Int, $before: String) {{
           {list}({arguments}, first: $first, after: $after, last: $last, before: $before) {{
             edges {{ cursor node {{ {fields} }} }}
             pageInfo {{ hasNextPage hasPreviousPage endCursor startCursor }}
           }} }}"
    );
    let whole = app.data(&query, json!({ "first": 100 })).await;
    let nodes = |page: &Value| -> Vec<Value> {
        page[list]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .collect()
    };
    let all = nodes(&whole);
    assert!(all.len() > 7, "{list}: {}", all.len());
    assert_eq!(
        whole[list]["pageInfo"]["hasNextPage"], false,
        "{list}: more than 100"
    );
    let (mut forward, mut after) = (Vec::new(), Value::Null);
    loop {
        let page = app
            .data(&query, json!({ "first": 7, "after": after }))
            .await;
        forward.extend(nodes(&page));
        if !page[list]["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = page[list]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(forward, all, "{list}({arguments}), forward");
    let (mut backward, mut before) = (Vec::new(), Value::Null);
    loop {
        let page = app
            .data(&query, json!({ "last": 7, "before": before }))
            .await;
        let mut chunk = nodes(&page);
        chunk.extend(backward);
        backward = chunk;
        if !page[list]["pageInfo"]["hasPreviousPage"].as_bool().unwrap() {
            break;
        }
        before = page[list]["pageInfo"]["startCursor"].clone();
    }
    assert_eq!(backward, all, "{list}({arguments}), backward");
    all
}

/// Values of `field` in `nodes` (through a path), nulls as `None`.
fn values<'a>(nodes: &'a [Value], path: &[&str]) -> Vec<Option<&'a str>> {
    nodes
        .iter()
        .map(|node| path.iter().fold(node, |v, key| &v[*key]).as_str())
        .collect()
}

/// Whether `values` rise (or fall), with the absent ones at the end.
fn sorted_with_absent_last(values: &[Option<&str>], descending: bool) -> bool {
    let present: Vec<&str> = values.iter().map_while(|v| *v).collect();
    let rest_absent = values[present.len()..].iter().all(Option::is_none);
    let ordered = present.windows(2).all(|w| {
        if descending {
            w[0] >= w[1]
        } else {
            w[0] <= w[1]
        }
    });
    rest_absent && ordered
}

async fn the_main_lists_sort_by_their_fields_across_pages(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;

    let by_name = walked(&app, "employers", "orderBy: { field: NAME }", "id name").await;
    let names = values(&by_name, &["name"]);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let by_name_desc = walked(
        &app,
        "employers",
        "orderBy: { field: NAME, direction: DESC }",
        "id name",
    )
    .await;
    assert_eq!(
        by_name_desc,
        by_name.iter().rev().cloned().collect::<Vec<_>>()
    );

    let by_headcount = walked(
        &app,
        "employers",
        "orderBy: { field: HEADCOUNT, direction: DESC }",
        "id employerProfile { headcount }",
    )
    .await;
    let counts: Vec<i64> = by_headcount
        .iter()
        .map(|n| n["employerProfile"]["headcount"].as_i64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert!(counts.first() > counts.last(), "{counts:?}");

    // Offers by when the reply is due.
    let offers = walked(
        &app,
        "offers",
        "orderBy: { field: REPLY_DUE }, filter: { statuses: [ISSUED, ACCEPTED, DECLINED] }",
        "id replyDeadline { dueAt }",
    )
    .await;
    let due = values(&offers, &["replyDeadline", "dueAt"]);
    assert!(sorted_with_absent_last(&due, false), "{due:?}");
    assert!(due.first() < due.last(), "{due:?}");

    // Agreements by the end of their term, latest first, and by filing.
    let agreements = walked(
        &app,
        "agreements",
        "orderBy: { field: TERM_END, direction: DESC }, filter: { kinds: [COLLECTIVE_CONTRACT, MEMORANDUM] }",
        "id termEndsOn",
    ).await;
    let ends = values(&agreements, &["termEndsOn"]);
    let (absent, present): (Vec<_>, Vec<_>) = ends.iter().partition(|v| v.is_none());
    assert_eq!(
        ends[..absent.len()],
        absent[..],
        "descending puts the absent first: {ends:?}"
    );
    assert!(
        !absent.is_empty() && sorted_with_absent_last(&present, true),
        "{ends:?}"
    );
    let filed = walked(
        &app,
        "agreements",
        "orderBy: { field: FILED }, filter: { kinds: [COLLECTIVE_CONTRACT] }",
        "id latestFiling { filedAt }",
    )
    .await;
    let filed_at = values(&filed, &["latestFiling", "filedAt"]);
    assert!(sorted_with_absent_last(&filed_at, false), "{filed_at:?}");
    assert!(
        filed_at.last().unwrap().is_none(),
        "some are unfiled: {filed_at:?}"
    );

    // A cursor of one order is refused by another.
    let page = app
        .data(
            "{ employers(orderBy: { field: NAME }, first: 1) { pageInfo { endCursor } } }",
            json!({}),
        )
        .await;
    let cursor = &page["employers"]["pageInfo"]["endCursor"];
    for order in ["{ field: HEADCOUNT }", "null"] {
        let query = format!(
            "query($after: String) {{ employers(orderBy: {order}, first: 1, after: $after) {{ nodes {{ id }} }} }}"
        );
        let body = app.graphql(&query, json!({ "after": cursor })).await;
        if order == "null" {
            // The unsorted list reads only the id.
            assert!(body["errors"].is_null(), "{body}");
        } else {
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        }
    }
}
