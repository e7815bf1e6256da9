//! How many SQL statements a request takes (issue 13): a point lookup reads
//! only the type its id names, regions, organizations and a session's viewer
//! come from memory, and `{ __typename }` reads nothing.

use serde_json::json;

use crate::offers::{employer, issue, server_now, statements_for};
use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp};

on_both_backends!(
    a_point_lookup_reads_only_the_type_asked,
    a_kept_organization_shows_only_to_whom_may_see_it_and_follows_a_change,
    typename_alone_reads_nothing,
    a_kept_viewer_reads_nothing_until_something_changes,
    the_kept_region_table_follows_a_new_region,
    the_deadline_ledger_reads_as_much_for_a_hundred_clocks_as_for_ten,
    a_kept_count_is_counted_again_after_any_change,
);

/// The fewest statements over a few runs: the mail worker, the event relay
/// and the scheduler read and write the database in the background now and
/// then, and on SQLite a viewer is read again while the last commit is less
/// than 50 ms old; each run waits out that window first.
async fn fewest(app: &TestApp, token: Option<&str>, query: &str) -> u64 {
    let mut fewest = u64::MAX;
    for _ in 0..5 {
        tokio::time::sleep(std::time::Duration::from_millis(60)).await;
        fewest = fewest.min(statements_for(app, token, query).await);
    }
    fewest
}

async fn a_point_lookup_reads_only_the_type_asked(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let viewer = app
        .login("office-220100-viewer", DEMO_PASSWORD)
        .await
        .unwrap();
    let id = app
        .data(
            "{ employers(first: 1) { edges { node { id } } } }",
            json!({}),
        )
        .await["employers"]["edges"][0]["node"]["id"]
        .clone();
    let query =
        format!("{{ node(id: {id}) {{ ... on Organization {{ name region {{ name }} }} }} }}");
    let with_region = fewest(&app, Some(&viewer), &query).await;
    let bare = fewest(&app, Some(&viewer), "{ __typename }").await;
    eprintln!("statements: viewer alone {bare}, node with its region {with_region}");
    assert_eq!(bare, 0, "the viewer is kept");
    // The organization and the region table are kept in memory.
    assert_eq!(with_region, 0, "node read {with_region} statements");
}

const NAMED: &str = "query($id: ID!) { node(id: $id) { ... on Organization { id name } } }";

/// An organization kept in memory after the office read it is still hidden
/// from a union that may not see it, and a rename shows at once.
async fn a_kept_organization_shows_only_to_whom_may_see_it_and_follows_a_change(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let office = app
        .login("office-220100-viewer", DEMO_PASSWORD)
        .await
        .unwrap();
    let acting = "{ viewer { memberships { organization { id name version } } } }";
    let employer_officer = app
        .login("employer-02-officer", DEMO_PASSWORD)
        .await
        .unwrap();
    let employer = app
        .data_as(Some(&employer_officer), acting, json!({}))
        .await["viewer"]["memberships"][0]["organization"]
        .clone();
    let id = employer["id"].clone();
    let seen = app.data_as(Some(&office), NAMED, json!({ "id": id })).await;
    assert_eq!(seen["node"]["name"], employer["name"]);
    let point = format!("{{ node(id: {id}) {{ ... on Organization {{ name }} }} }}");
    assert_eq!(fewest(&app, Some(&office), &point).await, 0, "kept");

    // Union 01 belongs to employer 01: employer 02 is not its to see.
    let union = app.login("union-01-viewer", DEMO_PASSWORD).await.unwrap();
    let hidden = app
        .graphql_as(Some(&union), NAMED, json!({ "id": id }))
        .await;
    assert_eq!(hidden["data"]["node"], serde_json::Value::Null, "{hidden}");
    let own = app.data_as(Some(&union), acting, json!({})).await["viewer"]["memberships"]
        [0]["organization"]["id"]
        .clone();
    let mine = app.data_as(Some(&union), NAMED, json!({ "id": own })).await;
    assert_eq!(mine["node"]["id"], own);

    let renamed = app
        .data_as(
            Some(&employer_officer),
            "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { userErrors { code } } }",
            json!({ "input": { "id": id, "expectedVersion": employer["version"], "name": "长春改名后的有限公司" } }),
        )
        .await;
    assert_eq!(renamed["updateOrganization"]["userErrors"], json!([]));
    let after = app.data_as(Some(&office), NAMED, json!({ "id": id })).await;
    assert_eq!(after["node"]["name"], "长春改名后的有限公司");
}

async fn typename_alone_reads_nothing(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    assert_eq!(fewest(&app, None, "{ __typename }").await, 0);
}

/// The viewer of a session is read once (3 statements: the session, the
/// memberships, the regions), then kept; any mutation makes every instance
/// read it again.
async fn a_kept_viewer_reads_nothing_until_something_changes(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let viewer = app
        .login("office-220100-viewer", DEMO_PASSWORD)
        .await
        .unwrap();
    let first = statements_for(&app, Some(&viewer), "{ __typename }").await;
    assert!(first >= 3, "read once: {first}");
    assert_eq!(fewest(&app, Some(&viewer), "{ __typename }").await, 0);
    // Someone else's mutation: the next request reads the viewer again.
    app.data(
        "mutation { markNotificationsRead(input: { all: true }) { userErrors { code } } }",
        json!({}),
    )
    .await;
    let again = statements_for(&app, Some(&viewer), "{ __typename }").await;
    assert!(again >= 3, "read again after a change: {again}");
    assert_eq!(fewest(&app, Some(&viewer), "{ __typename }").await, 0);
}

/// The region table is kept in memory, and a new region is in it at once.
async fn the_kept_region_table_follows_a_new_region(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let employer = "{ employers(first: 1) { edges { node { region { code } } } } }";
    // Read through the kept table once.
    let before = app.data(employer, json!({})).await;
    assert!(before["employers"]["edges"][0]["node"]["region"]["code"].is_string());
    let city = app
        .data(
            "{ regions(filter: { kinds: [CITY] }) { edges { node { id } } } }",
            json!({}),
        )
        .await["regions"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let zone =
        crate::fixtures::region(&app, "220199", "新区", "DEVELOPMENT_ZONE", Some(&city)).await;
    let office = crate::fixtures::organization(
        &app,
        json!({ "kind": "TRIPARTITE_OFFICE", "name": "新区协调劳动关系三方委员会办公室", "regionId": zone }),
    )
    .await;
    let found = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on Organization { region { code name } } } }",
            json!({ "id": office["id"] }),
        )
        .await;
    assert_eq!(
        found["node"]["region"],
        json!({ "code": "220199", "name": "新区" })
    );
}

async fn the_deadline_ledger_reads_as_much_for_a_hundred_clocks_as_for_ten(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let office = app
        .login("office-220100-officer", DEMO_PASSWORD)
        .await
        .unwrap();
    let ledger = |n: usize| {
        format!(
            "{{ deadlines(first: {n}) {{ edges {{ node {{ id kind dueAt calendarConfirmed organizations {{ name }} }} }} }} }}"
        )
    };
    let total = app
        .data_as(Some(&office), "{ deadlines { totalCount } }", json!({}))
        .await["deadlines"]["totalCount"]
        .as_i64()
        .unwrap();
    assert!(total >= 100, "the demo has {total} clocks");
    let ten = fewest(&app, Some(&office), &ledger(10)).await;
    let hundred = fewest(&app, Some(&office), &ledger(100)).await;
    assert_eq!(ten, hundred, "the related objects are batched");
    // The page, its organizations, which of them the reader sees in full,
    // and the confirmed years.
    assert!(hundred <= 5, "{hundred}");
}

/// A list's `totalCount` is counted once and kept: asked again, the list
/// reads its page alone. A mutation, and a round of the scheduler that
/// marks a clock missed, have the next request count again.
async fn a_kept_count_is_counted_again_after_any_change(backend: Backend) {
    // Sessions outlive the month the clock is moved by.
    let app = TestApp::spawn_with(&backend, &["--demo", "--session-hours", "2000"]).await;
    let office = app
        .login("office-220100-viewer", DEMO_PASSWORD)
        .await
        .unwrap();
    let union = app.login("union-21-officer", DEMO_PASSWORD).await.unwrap();
    let all = "{ offers { totalCount } }";
    let overdue = "{ offers(filter: { overdue: true }) { totalCount } }";
    let total = |query: &'static str| {
        let (app, office) = (&app, &office);
        async move {
            app.data_as(Some(office), query, json!({})).await["offers"]["totalCount"]
                .as_i64()
                .unwrap()
        }
    };
    let before = total(all).await;
    // The page alone: the count and the viewer are kept.
    assert_eq!(fewest(&app, Some(&office), all).await, 1);

    // A union issues an offer: the office counts it at once.
    let employer_id = employer(&app, "清源水务").await;
    issue(&app, &union, &employer_id, None).await;
    assert_eq!(total(all).await, before + 1);

    // The scheduler marks the first open reply clocks missed.
    let missed_before = total(overdue).await;
    assert_eq!(fewest(&app, Some(&office), overdue).await, 1);
    let first_due = "{ offers(first: 1, orderBy: { field: REPLY_DUE }, filter: { statuses: [ISSUED] }) { edges { node { replyDeadline { dueAt } } } } }";
    let due: chrono::DateTime<chrono::Utc> = app.data_as(Some(&office), first_due, json!({})).await
        ["offers"]["edges"][0]["node"]["replyDeadline"]["dueAt"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    app.advance(due - server_now(&app).await + chrono::Duration::seconds(1))
        .await;
    let missed_after = total(overdue).await;
    assert!(
        missed_after > missed_before,
        "overdue offers {missed_before}, then {missed_after}"
    );
}
