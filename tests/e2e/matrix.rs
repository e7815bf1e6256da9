//! The authorization matrix: every caller kind against every query and
//! mutation, each cell asserting allowed, NOT_FOUND, FORBIDDEN or
//! UNAUTHENTICATED. It runs on the demo city, signed in as each kind's
//! demo admin. Later areas add columns.
//!
//! "Allowed" means the caller got past visibility and authorization: the
//! answer has data, or only a CONFLICT from a version another caller bumped.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp, error_code};

on_both_backends!(every_caller_gets_what_the_rules_give_it);

/// The rows, in the order of each column's expectation string.
const CALLERS: [(&str, Option<&str>); 11] = [
    ("city office", Some("office-220100-admin")),
    ("district office A (南关区)", Some("office-220102-admin")),
    ("district office B (宽城区)", Some("office-220103-admin")),
    ("labour administration", Some("labour-220100-admin")),
    ("city union federation", Some("federation-220100-admin")),
    (
        "district union federation A",
        Some("federation-220102-admin"),
    ),
    ("grassroots union of employer A", Some("union-21-admin")),
    ("employer A", Some("employer-21-admin")),
    ("association with employer A", Some("association-2-admin")),
    ("user without memberships", Some("lonely")),
    ("anonymous", None),
];

/// The ids the columns refer to.
struct World {
    employer_a: Value,
    employer_b: Value,
    association: Value,
    city_office: Value,
    admin_user: Value,
    member: Value,
    offer_a: Value,
}

/// One column: an operation, and per caller `A` allowed, `N` NOT_FOUND,
/// `F` FORBIDDEN or `U` UNAUTHENTICATED.
struct Column {
    name: &'static str,
    query: &'static str,
    variables: fn(&World) -> Value,
    expect: &'static str,
}

fn none(_: &World) -> Value {
    json!({})
}

const NODE: &str = "query($id: ID!) { node(id: $id) { id } }";
const UPDATE: &str = "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id } } }";
const MEMBER: &str = "mutation($input: AssociationMemberInput!) { addAssociationMember(input: $input) { association { id } } }";
const UNMEMBER: &str = "mutation($input: AssociationMemberInput!) { removeAssociationMember(input: $input) { association { id } } }";

fn columns() -> Vec<Column> {
    vec![
        Column {
            name: "viewer",
            query: "{ viewer { user { id } } }",
            variables: none,
            expect: "AAAAAAAAAAU",
        },
        Column {
            name: "regions",
            query: "{ regions { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAU",
        },
        Column {
            name: "organizations",
            query: "{ organizations { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAU",
        },
        Column {
            name: "employers",
            query: "{ employers { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAU",
        },
        Column {
            name: "auditEntries",
            query: "{ auditEntries { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAU",
        },
        Column {
            name: "offers",
            query: "{ offers { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAU",
        },
        Column {
            name: "node(offer of employer A)",
            query: NODE,
            variables: |w| json!({ "id": w.offer_a }),
            expect: "AANAAAAANNU",
        },
        Column {
            name: "draftOffer (workers' side of employer A)",
            query: "mutation($input: DraftOfferInput!) { draftOffer(input: $input) { offer { id } userErrors { field code } } }",
            variables: |w| {
                json!({ "input": { "initiatingSide": "WORKERS", "employerId": w.employer_a, "category": "WAGE", "topics": ["PAY"],
                "proposedTerms": "工资增长", "proposedPlace": "会议室", "proposedRepresentatives": 3, "informationRequested": "" } })
            },
            expect: "FFNFAAAFFNU",
        },
        Column {
            name: "deadlines",
            query: "{ deadlines { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAU",
        },
        Column {
            name: "calendarDays",
            query: "{ calendarDays(from: \"2026-01-01\", to: \"2026-12-31\") { date } }",
            variables: none,
            expect: "AAAAAAAAAAU",
        },
        Column {
            name: "setCalendarDay",
            query: "mutation($input: SetCalendarDayInput!) { setCalendarDay(input: $input) { movedDeadlines } }",
            variables: |_| json!({ "input": { "date": "2026-12-31", "kind": "HOLIDAY", "name": "测试" } }),
            expect: "AFFFFFFFFFU",
        },
        Column {
            name: "nodes",
            query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            variables: |w| json!({ "ids": [w.employer_a, w.employer_b] }),
            expect: "AAAAAAAAAAU",
        },
        Column {
            name: "node(employer A)",
            query: NODE,
            variables: |w| json!({ "id": w.employer_a }),
            expect: "AANAAAAAANU",
        },
        Column {
            name: "node(employer B)",
            query: NODE,
            variables: |w| json!({ "id": w.employer_b }),
            expect: "ANAAANNNNNU",
        },
        Column {
            name: "node(association)",
            query: NODE,
            variables: |w| json!({ "id": w.association }),
            expect: "ANNAANNAANU",
        },
        Column {
            name: "node(city office)",
            query: NODE,
            variables: |w| json!({ "id": w.city_office }),
            expect: "AAAAANNNNNU",
        },
        Column {
            name: "node(admin user)",
            query: NODE,
            variables: |w| json!({ "id": w.admin_user }),
            expect: "ANNNNNNNNNU",
        },
        Column {
            name: "employer A memberships",
            query: "query($id: ID!) { node(id: $id) { ... on Organization { memberships { totalCount } } } }",
            variables: |w| json!({ "id": w.employer_a }),
            expect: "AFNFFFFAFNU",
        },
        Column {
            name: "createRegion",
            query: "mutation($input: CreateRegionInput!) { createRegion(input: $input) { region { id } } }",
            variables: |_| json!({ "input": { "code": "220199", "name": "新区", "kind": "DISTRICT", "parentId": null } }),
            expect: "AFFFFFFFFFU",
        },
        Column {
            name: "createOrganization (employer in A)",
            query: "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }",
            variables: |_| {
                let district = "UmVnaW9uOjI"; // Region 2: 南关区, the first district the demo records.
                json!({ "input": { "kind": "EMPLOYER", "name": "矩阵测试有限公司", "regionId": district,
                    "employerProfile": { "creditCode": "914403001922038216", "legalRepresentative": "王五",
                        "industrySection": "C", "industryDivision": "36", "headcount": 10, "address": "南关区某路1号" } } })
            },
            expect: "AAFAFFFFFFU",
        },
        Column {
            name: "updateOrganization (employer A)",
            query: UPDATE,
            variables: |w| json!({ "input": { "id": w.employer_a, "expectedVersion": 1, "name": "长春清源水务有限公司" } }),
            expect: "AANAFFFAFNU",
        },
        Column {
            name: "addAssociationMember",
            query: MEMBER,
            variables: |w| json!({ "input": { "associationId": w.association, "employerId": w.employer_b } }),
            expect: "ANNAFNNFANU",
        },
        Column {
            name: "removeAssociationMember",
            query: UNMEMBER,
            variables: |w| json!({ "input": { "associationId": w.association, "employerId": w.employer_b } }),
            expect: "ANNAFNNFANU",
        },
        Column {
            name: "createUser (in employer A)",
            query: "mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }",
            variables: |w| {
                json!({ "input": { "loginName": "matrix-user", "displayName": "矩阵", "email": "m@example.cn",
                "password": "matrix password", "organizationId": w.employer_a, "role": "VIEWER" } })
            },
            expect: "AFNFFFFAFNU",
        },
        Column {
            name: "addMembership (to employer A)",
            query: "mutation($input: AddMembershipInput!) { addMembership(input: $input) { membership { role } } }",
            variables: |w| json!({ "input": { "organizationId": w.employer_a, "loginName": "employer-25-viewer", "role": "VIEWER" } }),
            expect: "AFNFFFFAFNU",
        },
        Column {
            name: "changeMembershipRole (in employer A)",
            query: "mutation($input: ChangeMembershipRoleInput!) { changeMembershipRole(input: $input) { membership { role } } }",
            variables: |w| json!({ "input": { "organizationId": w.employer_a, "userId": w.member, "role": "OFFICER" } }),
            expect: "AFNFFFFAFNU",
        },
        Column {
            name: "removeMembership (from employer A)",
            query: "mutation($input: RemoveMembershipInput!) { removeMembership(input: $input) { organization { id } } }",
            variables: |w| json!({ "input": { "organizationId": w.employer_a, "userId": w.member } }),
            expect: "AFNFFFFAFNU",
        },
        Column {
            name: "changePassword (wrong current password)",
            query: "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { code } } }",
            variables: |_| json!({ "input": { "currentPassword": "not it", "newPassword": "whatever password" } }),
            expect: "AAAAAAAAAAU",
        },
        Column {
            name: "login",
            query: "mutation($input: LoginInput!) { login(input: $input) { token } }",
            variables: |_| json!({ "input": { "loginName": "employer-01-viewer", "password": "xieshang-demo" } }),
            expect: "AAAAAAAAAAA",
        },
    ]
}

fn outcome(body: &Value) -> char {
    // A hidden object named in an input is a user error NOT_FOUND on its field.
    let user_error = body["data"]
        .as_object()
        .and_then(|d| d.values().next())
        .and_then(|p| p.pointer("/userErrors/0/code"));
    if error_code(body).is_empty() && user_error == Some(&json!("NOT_FOUND")) {
        return 'N';
    }
    match error_code(body) {
        "" | "CONFLICT" => 'A',
        "NOT_FOUND" => 'N',
        "FORBIDDEN" => 'F',
        "UNAUTHENTICATED" => 'U',
        _ => '?',
    }
}

async fn id_of(app: &TestApp, query: &str) -> Value {
    let data = app.data(query, json!({})).await;
    let found = data
        .pointer("/list/edges/0/node/id")
        .cloned()
        .expect("one match");
    assert_eq!(data.pointer("/list/totalCount"), Some(&json!(1)), "{query}");
    found
}

async fn world(app: &TestApp) -> World {
    let admin_user =
        app.data("{ viewer { user { id } } }", json!({})).await["viewer"]["user"]["id"].clone();
    let employer_25 = id_of(app, "{ list: employers(filter: { nameContains: \"万家福\" }) { totalCount edges { node { id } } } }").await;
    let members = app
        .data("query($id: ID!) { node(id: $id) { ... on Organization { memberships { edges { node { user { id loginName } } } } } } }", json!({ "id": employer_25 }))
        .await;
    let member = members["node"]["memberships"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["user"]["loginName"] == "employer-25-viewer")
        .map(|e| e["node"]["user"]["id"].clone())
        .expect("the demo's employer 25 has a viewer");
    World {
        employer_a: id_of(app, "{ list: employers(filter: { nameContains: \"清源水务\" }) { totalCount edges { node { id } } } }").await,
        employer_b: id_of(app, "{ list: employers(filter: { nameContains: \"瑞丰轨道\" }) { totalCount edges { node { id } } } }").await,
        association: id_of(app, "{ list: organizations(filter: { kinds: [EMPLOYER_ASSOCIATION], nameContains: \"工商业联合会\" }) { totalCount edges { node { id } } } }").await,
        city_office: id_of(app, "{ list: organizations(filter: { kinds: [TRIPARTITE_OFFICE], nameContains: \"长春市协调\" }) { totalCount edges { node { id } } } }").await,
        admin_user,
        member,
        offer_a: Value::Null,
    }
}

async fn every_caller_gets_what_the_rules_give_it(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let lonely = app.cli(
        &[
            "user",
            "add",
            "--login",
            "lonely",
            "--name",
            "无单位用户",
            "--email",
            "lonely@example.cn",
        ],
        &[("XIESHANG_USER_PASSWORD", DEMO_PASSWORD)],
    );
    assert!(
        lonely.status.success(),
        "{}",
        String::from_utf8_lossy(&lonely.stderr)
    );
    let mut world = world(&app).await;
    let offers = app.data("query($e: ID) { offers(filter: { employer: $e }, first: 1) { edges { node { id } } } }", json!({ "e": world.employer_a })).await;
    world.offer_a = offers["offers"]["edges"][0]["node"]["id"].clone();
    let mut tokens: HashMap<&str, String> = HashMap::new();
    for (_, login) in CALLERS {
        if let Some(login) = login {
            tokens.insert(
                login,
                app.login(login, DEMO_PASSWORD)
                    .await
                    .unwrap_or_else(|e| panic!("{login}: {e}")),
            );
        }
    }
    let mut mismatches = Vec::new();
    for column in columns() {
        assert_eq!(column.expect.len(), CALLERS.len(), "{}", column.name);
        for ((caller, login), expected) in CALLERS.iter().zip(column.expect.chars()) {
            let token = login.map(|l| tokens[l].as_str());
            let body = app
                .graphql_as(token, column.query, (column.variables)(&world))
                .await;
            let got = outcome(&body);
            if got != expected {
                mismatches.push(format!(
                    "{} × {caller}: expected {expected}, got {got}: {body}",
                    column.name
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} cells differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
