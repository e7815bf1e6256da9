//! Bad input is refused with a code naming what is wrong, before the
//! database sees it (issue 12, items 5 and 6): NUL bytes (which PostgreSQL
//! refuses in text), control and bidirectional characters, unbounded lists
//! and numbers, dates far out, a rule the schema's CHECK would refuse, and
//! variable values that do not coerce.

use reqwest::StatusCode;
use reqwest::header::ACCEPT;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp, error_code};

on_both_backends!(
    bad_text_never_reaches_the_database,
    numbers_lists_dates_and_rules_have_domains,
    values_that_do_not_coerce_are_bad_user_input,
    lists_counts_and_dates_are_bounded_everywhere,
);

async fn audit_count(app: &TestApp) -> Value {
    app.data("{ auditEntries { totalCount } }", json!({})).await["auditEntries"]["totalCount"]
        .clone()
}

async fn employer(app: &TestApp) -> Value {
    app.data(
        "{ employers(first: 1) { edges { node { id version } } } }",
        json!({}),
    )
    .await["employers"]["edges"][0]["node"]
        .clone()
}

const UPDATE: &str = "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { name } userErrors { field code message } } }";

async fn bad_text_never_reaches_the_database(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let target = employer(&app).await;
    let before = audit_count(&app).await;
    // A NUL anywhere, through a variable or a literal, in any field.
    let nul = app
        .graphql(UPDATE, json!({ "input": { "id": target["id"], "expectedVersion": target["version"], "name": "华宇\u{0}NUL" } }))
        .await;
    assert_eq!(error_code(&nul), "BAD_USER_INPUT", "{nul}");
    assert!(nul.to_string().contains("$input"), "{nul}");
    let literal = app
        .graphql(
            "mutation { addMembership(input: { organizationId: \"x\", loginName: \"a\\u0000b\", role: VIEWER }) { userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&literal), "BAD_USER_INPUT", "{literal}");
    // Control characters and direction overrides in a name are user errors on the field.
    for name in ["华宇\u{7}铃", "华宇\u{1b}[31m", "\u{202E}gnp.exe"] {
        let refused = app
            .data(UPDATE, json!({ "input": { "id": target["id"], "expectedVersion": target["version"], "name": name } }))
            .await;
        assert_eq!(
            refused["updateOrganization"]["userErrors"][0]["field"],
            json!(["name"]),
            "{name:?}: {refused}"
        );
        assert_eq!(
            refused["updateOrganization"]["userErrors"][0]["code"],
            "INVALID"
        );
    }
    assert_eq!(audit_count(&app).await, before, "nothing was stored");
}

async fn numbers_lists_dates_and_rules_have_domains(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let union = app.login("union-01-officer", DEMO_PASSWORD).await.unwrap();
    let employer = app
        .data_as(
            Some(&union),
            "{ viewer { actingOrganizations { employer { id } } } }",
            json!({}),
        )
        .await["viewer"]["actingOrganizations"][0]["employer"]["id"]
        .clone();
    let before = audit_count(&app).await;
    let topics: Vec<&str> = std::iter::repeat_n("PAY", 1_000).collect();
    let drafted = app
        .data_as(
            Some(&union),
            "mutation($input: DraftOfferInput!) { draftOffer(input: $input) { offer { id } userErrors { field code } } }",
            json!({ "input": { "initiatingSide": "WORKERS", "employerId": employer, "category": "WAGE", "topics": topics,
                "proposedTerms": "工资增长", "proposedPlace": "会议室", "proposedRepresentatives": 2_147_483_647,
                "proposedTime": "9999-01-01T00:00:00Z", "informationRequested": "" } }),
        )
        .await;
    let fields: Vec<Value> = drafted["draftOffer"]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(
        fields,
        [
            json!(["topics", "1"]),
            json!(["proposedRepresentatives"]),
            json!(["proposedTime"])
        ]
    );
    let rule = app
        .data(
            "mutation { setAgreementRule(input: { regionId: \"UmVnaW9uOjE\", kind: MEMORANDUM, filingDays: 30, publicationDays: 33 }) { userErrors { field code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        rule["setAgreementRule"]["userErrors"],
        json!([{ "field": ["kind"], "code": "INVALID" }])
    );
    let day = app
        .data(
            "mutation { setCalendarDay(input: { date: \"9999-12-31\", kind: HOLIDAY, name: \"测试\" }) { userErrors { field code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        day["setCalendarDay"]["userErrors"],
        json!([{ "field": ["date"], "code": "OUT_OF_RANGE" }])
    );
    assert_eq!(audit_count(&app).await, before, "nothing was stored");
}

async fn values_that_do_not_coerce_are_bad_user_input(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let cases = [
        (
            "mutation($v: Int!) { withdrawOffer(input: { id: \"T2ZmZXI6MQ\", expectedVersion: $v }) { userErrors { code } } }",
            json!({ "v": 2_147_483_648_i64 }),
        ),
        (
            "query($d: Date!) { calendarDays(from: $d, to: $d) { date } }",
            json!({ "d": "2026-02-30" }),
        ),
    ];
    for (query, variables) in cases {
        for (accept, status) in [
            ("application/graphql-response+json", StatusCode::BAD_REQUEST),
            ("application/json", StatusCode::OK),
        ] {
            let response = app
                .client
                .post(app.url("/graphql"))
                .header(ACCEPT, accept)
                .bearer_auth(&app.token)
                .json(&json!({ "query": query, "variables": variables }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), status, "{query} as {accept}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        }
    }
}

/// Every list input is bounded (1,000 items: beyond, the database's limit
/// of bound parameters was an INTERNAL_SERVER_ERROR), counts of people and
/// campaign targets have ranges, dates fall in 2000–2099, and a category
/// is targeted once.
async fn lists_counts_and_dates_are_bounded_everywhere(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let before = audit_count(&app).await;
    let ids: Vec<&str> = std::iter::repeat_n("Tm90aWZpY2F0aW9uOjE", 1_001).collect();
    let marked = app
        .graphql(
            "mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { userErrors { code } } }",
            json!({ "input": { "ids": ids } }),
        )
        .await;
    assert_eq!(error_code(&marked), "BAD_USER_INPUT", "{marked}");
    let message = marked["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("$input.ids：列表有 1001 项"),
        "{message}"
    );
    let divisions: Vec<String> = (0..1_001).map(|i| format!("{i:02}")).collect();
    let filtered = app
        .graphql(
            "query($d: [String!]) { employers(filter: { industryDivisions: $d }) { totalCount } }",
            json!({ "d": divisions }),
        )
        .await;
    assert_eq!(error_code(&filtered), "BAD_USER_INPUT", "{filtered}");
    // A thousand is accepted.
    let fine = app
        .data(
            "query($d: [String!]) { employers(filter: { industryDivisions: $d }) { totalCount } }",
            json!({ "d": divisions[..1_000] }),
        )
        .await;
    assert!(fine["employers"]["totalCount"].is_number(), "{fine}");

    let campaign = app
        .data(
            "mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } userErrors { field code } } }",
            json!({ "input": { "name": "春季要约行动", "kind": "SPRING_CONCENTRATED_OFFER", "regionId": "UmVnaW9uOjE",
                "startsOn": "1900-01-01", "endsOn": "2026-12-31",
                "targets": [{ "category": "WAGE", "offers": 2_147_483_647 }, { "category": "WAGE", "offers": 5 }] } }),
        )
        .await;
    assert_eq!(
        campaign["createCampaign"]["userErrors"],
        json!([
            { "field": ["startsOn"], "code": "OUT_OF_RANGE" },
            { "field": ["targets", "0", "offers"], "code": "OUT_OF_RANGE" },
            { "field": ["targets", "1", "category"], "code": "INVALID" },
        ]),
        "{campaign}"
    );
    let target = employer(&app).await;
    let headcount = app
        .data(
            "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { userErrors { field code message } } }",
            json!({ "input": { "id": target["id"], "expectedVersion": target["version"],
                "employerProfile": { "headcount": 2_147_483_647 } } }),
        )
        .await;
    assert_eq!(
        headcount["updateOrganization"]["userErrors"],
        json!([{ "field": ["employerProfile", "headcount"], "code": "OUT_OF_RANGE", "message": "不得超过 1000000" }])
    );
    assert_eq!(audit_count(&app).await, before, "nothing was stored");
}
