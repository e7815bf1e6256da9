//! The plans of what the main lists run (issue 13), on PostgreSQL: every
//! statement a list, its count and its nested objects issue for each kind of
//! viewer is planned as the server's prepared statements are (a generic plan,
//! whatever the values) with sequential scans priced out. A plan that still
//! reads a table from end to end has no index to go by: that is the
//! regression this test catches, before a city ten times the demo's finds it.

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde_json::{Value, json};

use crate::support::{Backend, DEMO_PASSWORD, TestApp};

/// The tables that grow with the city.
const LARGE: &[&str] = &[
    "organizations",
    "association_members",
    "employer_profiles",
    "offers",
    "agreements",
    "agreement_employers",
    "deadlines",
    "deadline_organizations",
    "events",
    "event_organizations",
    "memberships",
];

#[derive(QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

const OFFERS: &str = "{ offers(first: 20) { totalCount edges { node { id issuingOrganization { name } employer { name } campaign { name } replyDeadline { status } } } } }";
const AGREEMENTS: &str = "{ agreements(first: 20) { totalCount edges { node { id workersParty { name } employerParty { name } employers { name } } } } }";
const EMPLOYERS: &str =
    "{ employers(first: 20) { totalCount edges { node { id name region { name } } } } }";
const ORGANIZATIONS: &str =
    "{ organizations(first: 20) { totalCount edges { node { id name parent { name } } } } }";
const DEADLINES: &str =
    "{ deadlines(first: 20) { totalCount edges { node { id dueAt organizations { name } } } } }";

#[tokio::test]
async fn the_main_lists_are_planned_on_indexes() {
    let Some((app, mut planner)) =
        demo_and_planner("SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan")
            .await
    else {
        return;
    };

    let association = app
        .login("association-1-viewer", DEMO_PASSWORD)
        .await
        .unwrap();
    let own = app
        .data_as(
            Some(&association),
            "{ viewer { memberships { organization { id } } } }",
            json!({}),
        )
        .await["viewer"]["memberships"][0]["organization"]["id"]
        .clone();
    let own_agreements = format!(
        "{{ agreements(first: 20, filter: {{ association: {own} }}) {{ totalCount edges {{ node {{ id employers {{ name }} }} }} }} }}"
    );
    let journeys: Vec<(&str, Vec<&str>)> = vec![
        (
            "office-220100-viewer",
            vec![OFFERS, AGREEMENTS, EMPLOYERS, DEADLINES],
        ),
        (
            "office-220102-viewer",
            vec![OFFERS, AGREEMENTS, EMPLOYERS, ORGANIZATIONS, DEADLINES],
        ),
        ("federation-220102-viewer", vec![OFFERS, AGREEMENTS]),
        (
            "association-1-viewer",
            vec![AGREEMENTS, &own_agreements, ORGANIZATIONS],
        ),
        (
            "employer-01-viewer",
            vec![OFFERS, AGREEMENTS, ORGANIZATIONS, DEADLINES],
        ),
        ("union-01-viewer", vec![OFFERS, AGREEMENTS]),
    ];

    let mut planned = 0;
    let mut scans = Vec::new();
    for (login, queries) in journeys {
        let token = app.login(login, DEMO_PASSWORD).await.unwrap();
        for query in queries {
            recent(&app).await;
            let body = app.graphql_as(Some(&token), query, json!({})).await;
            assert!(body.get("errors").is_none(), "{login}: {body}");
            for sql in recent(&app).await {
                if !sql.starts_with("SELECT") || sql.contains("FOR UPDATE") {
                    continue;
                }
                if !LARGE.iter().any(|t| sql.contains(&format!("FROM \"{t}\""))) {
                    continue;
                }
                let plan = generic_plan(&mut planner, &sql).await;
                planned += 1;
                for table in LARGE {
                    if plan.contains(&format!("Seq Scan on {table} ")) {
                        scans.push(format!("{login}: {table} in\n{sql}\n{plan}"));
                    }
                }
            }
        }
    }
    eprintln!("planned {planned} statements");
    assert!(planned >= 40, "only {planned} statements were planned");
    assert!(
        scans.is_empty(),
        "sequential scans:\n{}",
        scans.join("\n\n")
    );
}

/// A demo server on PostgreSQL and a connection beside it that plans with
/// `settings`; `None` (the test skipped) without PostgreSQL.
async fn demo_and_planner(settings: &str) -> Option<(TestApp, AsyncPgConnection)> {
    let Some(backend) = Backend::postgres() else {
        eprintln!("skipped: XIESHANG_TEST_POSTGRES_URL is not set");
        return None;
    };
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let url = app.database_url().expect("a PostgreSQL database");
    let mut planner = AsyncPgConnection::establish(url).await.expect("connect");
    planner.batch_execute(settings).await.unwrap();
    Some((app, planner))
}

/// The texts of the statements the server ran since the last call, without
/// their binds.
async fn recent(app: &TestApp) -> Vec<String> {
    let body = app.get_json("/_test/statements/recent").await;
    body["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .map(|sql| {
            sql.split(" -- binds:")
                .next()
                .unwrap_or(sql)
                .trim()
                .to_owned()
        })
        .collect()
}

/// The generic plan of `sql`, whose `$n` parameters take their types from
/// where they stand.
async fn generic_plan(planner: &mut AsyncPgConnection, sql: &str) -> String {
    let parameters = (1..=100)
        .take_while(|n| sql.contains(&format!("${n}")))
        .count();
    planner
        .batch_execute(&format!("DEALLOCATE ALL; PREPARE planned AS {sql}"))
        .await
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
    let nulls = vec!["NULL"; parameters].join(", ");
    let execute = if parameters == 0 {
        "EXPLAIN EXECUTE planned".to_owned()
    } else {
        format!("EXPLAIN EXECUTE planned({nulls})")
    };
    let lines: Vec<PlanLine> = diesel::sql_query(execute)
        .load(planner)
        .await
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
    lines
        .into_iter()
        .map(|l| l.line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A later page of a list ordered by time starts at its cursor in the
/// index on (time, id): the cursor's bound is an index condition, not a
/// filter on a walk from the first row (which grew with the city: 10 ms a
/// page of deadlines at 330 times the demo).
#[tokio::test]
async fn a_later_page_starts_at_its_cursor_in_the_index() {
    let Some((app, mut planner)) =
        demo_and_planner("SET plan_cache_mode = force_generic_plan").await
    else {
        return;
    };
    let token = app
        .login("office-220100-viewer", DEMO_PASSWORD)
        .await
        .unwrap();
    let first = app
        .data_as(
            Some(&token),
            "{ deadlines(first: 20) { pageInfo { endCursor } } }",
            json!({}),
        )
        .await;
    let cursor = first["deadlines"]["pageInfo"]["endCursor"].clone();
    recent(&app).await;
    app.data_as(
        Some(&token),
        "query($after: String) { deadlines(first: 20, after: $after) { edges { node { id } } } }",
        json!({ "after": cursor }),
    )
    .await;
    let page = recent(&app)
        .await
        .into_iter()
        .find(|sql| sql.contains("FROM \"deadlines\"") && sql.contains("ORDER BY"))
        .expect("the page's statement");
    let plan = generic_plan(&mut planner, &page).await;
    assert!(
        plan.contains("Index Cond: (due_at >= "),
        "the cursor bounds the index scan:\n{page}\n{plan}"
    );
}
