//! Creating, changing and reading regions and organizations over HTTP.

use serde_json::{Value, json};

use crate::fixtures::{self, ALIBABA, HUAWEI, TENCENT, employer_input};
use crate::on_both_backends;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(
    organizations_are_created_and_found_by_region_kind_and_industry,
    an_invalid_credit_code_is_a_user_error_and_stores_nothing,
    a_taken_credit_code_is_refused,
    a_stale_expected_version_is_a_conflict,
    an_unknown_id_is_not_found,
    association_members_are_added_and_listed,
    an_update_is_audited_with_its_changed_fields_only,
);

const EMPLOYERS: &str = "query($filter: EmployerFilterInput) {
  employers(filter: $filter, first: 50) { totalCount edges { node { name region { code } employerProfile { industrySection industryDivision } } } }
}";

fn names(connection: &Value) -> Vec<&str> {
    connection["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter_map(|e| e["node"]["name"].as_str())
        .collect()
}

async fn organizations_are_created_and_found_by_region_kind_and_industry(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let (city, nanguan, kuancheng) = fixtures::city(&app).await;
    let federation = fixtures::organization(
        &app,
        json!({ "kind": "UNION", "name": "长春市总工会", "regionId": city }),
    )
    .await;
    let district_federation = fixtures::organization(
        &app,
        json!({ "kind": "UNION", "name": "南关区总工会", "regionId": nanguan, "parentId": federation["id"] }),
    )
    .await;
    let maker = fixtures::organization(
        &app,
        employer_input("长春华宇汽车零部件有限公司", &nanguan, HUAWEI, "C", "36"),
    )
    .await;
    fixtures::organization(
        &app,
        employer_input("长春顺达物流有限公司", &kuancheng, TENCENT, "G", "54"),
    )
    .await;
    let union = fixtures::organization(
        &app,
        json!({ "kind": "UNION", "name": "长春华宇汽车零部件有限公司工会委员会", "regionId": nanguan,
                "parentId": district_federation["id"], "employerId": maker["id"] }),
    )
    .await;
    assert_eq!(maker["version"], 1);
    assert_eq!(maker["employerProfile"]["creditCode"], HUAWEI);

    let in_nanguan = app
        .data(EMPLOYERS, json!({ "filter": { "region": nanguan } }))
        .await;
    assert_eq!(
        names(&in_nanguan["employers"]),
        ["长春华宇汽车零部件有限公司"]
    );
    let in_city = app
        .data(EMPLOYERS, json!({ "filter": { "region": city } }))
        .await;
    assert_eq!(in_city["employers"]["totalCount"], 2);
    let transport = app
        .data(
            EMPLOYERS,
            json!({ "filter": { "industrySections": ["G"] } }),
        )
        .await;
    assert_eq!(names(&transport["employers"]), ["长春顺达物流有限公司"]);
    let by_name = app
        .data(EMPLOYERS, json!({ "filter": { "nameContains": "华宇" } }))
        .await;
    assert_eq!(by_name["employers"]["totalCount"], 1);

    let unions = app
        .data(
            "query($region: ID) { organizations(filter: { kinds: [UNION], region: $region }) { totalCount edges { node { name parent { name } employer { name } } } } }",
            json!({ "region": nanguan }),
        )
        .await;
    assert_eq!(
        names(&unions["organizations"]),
        ["南关区总工会", "长春华宇汽车零部件有限公司工会委员会"]
    );
    assert_eq!(
        unions["organizations"]["edges"][1]["node"]["parent"]["name"],
        "南关区总工会"
    );
    assert_eq!(
        unions["organizations"]["edges"][1]["node"]["employer"]["name"],
        "长春华宇汽车零部件有限公司"
    );

    let node = app
        .data(
            "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Organization { name grassrootsUnion { id } } ... on Region { code } } }",
            json!({ "ids": [maker["id"], nanguan, "bm9wZQ"] }),
        )
        .await;
    assert_eq!(node["nodes"][0]["name"], "长春华宇汽车零部件有限公司");
    assert_eq!(node["nodes"][0]["grassrootsUnion"]["id"], union["id"]);
    assert_eq!(node["nodes"][1]["code"], "220102");
    assert_eq!(node["nodes"][2], Value::Null);
}

async fn count_organizations(app: &TestApp) -> i64 {
    let data = app
        .data("{ organizations { totalCount } }", json!({}))
        .await;
    data["organizations"]["totalCount"]
        .as_i64()
        .expect("totalCount")
}

async fn an_invalid_credit_code_is_a_user_error_and_stores_nothing(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let (_, nanguan, _) = fixtures::city(&app).await;
    let before = count_organizations(&app).await;
    // The last character of Huawei's code, changed.
    let payload = fixtures::create_organization(
        &app,
        employer_input("某公司", &nanguan, "914403001922038217", "C", "36"),
    )
    .await;
    assert_eq!(payload["organization"], Value::Null);
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["employerProfile", "creditCode"])
    );
    assert_eq!(payload["userErrors"][0]["code"], "INVALID");
    assert!(
        payload["userErrors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("'6'"),
        "{payload:#}"
    );
    assert_eq!(count_organizations(&app).await, before);

    let payload =
        fixtures::create_organization(&app, employer_input("某公司", &nanguan, ALIBABA, "C", "52"))
            .await;
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["employerProfile", "industryDivision"])
    );
    let no_profile = fixtures::create_organization(
        &app,
        json!({ "kind": "EMPLOYER", "name": "某公司", "regionId": nanguan }),
    )
    .await;
    assert_eq!(
        no_profile["userErrors"][0]["field"],
        json!(["employerProfile"])
    );
    assert_eq!(no_profile["userErrors"][0]["code"], "REQUIRED");
    assert_eq!(count_organizations(&app).await, before);
}

async fn a_taken_credit_code_is_refused(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let (_, nanguan, kuancheng) = fixtures::city(&app).await;
    fixtures::organization(&app, employer_input("甲公司", &nanguan, HUAWEI, "C", "36")).await;
    let before = count_organizations(&app).await;
    let payload = fixtures::create_organization(
        &app,
        employer_input("乙公司", &kuancheng, HUAWEI, "C", "36"),
    )
    .await;
    assert_eq!(payload["userErrors"][0]["code"], "TAKEN");
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["employerProfile", "creditCode"])
    );
    assert_eq!(count_organizations(&app).await, before);
}

const UPDATE: &str = "mutation($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) { organization { name version employerProfile { headcount operatingStatus } } userErrors { field code } }
}";

async fn a_stale_expected_version_is_a_conflict(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let (_, nanguan, _) = fixtures::city(&app).await;
    let employer =
        fixtures::organization(&app, employer_input("甲公司", &nanguan, HUAWEI, "C", "36")).await;
    let input = json!({ "id": employer["id"], "expectedVersion": 1, "name": "甲股份有限公司",
                        "employerProfile": { "headcount": 280, "operatingStatus": "SUSPENDED" } });
    let changed = app.data(UPDATE, json!({ "input": input })).await;
    let organization = &changed["updateOrganization"]["organization"];
    assert_eq!(organization["version"], 2);
    assert_eq!(organization["name"], "甲股份有限公司");
    assert_eq!(
        organization["employerProfile"],
        json!({ "headcount": 280, "operatingStatus": "SUSPENDED" })
    );

    let stale = json!({ "id": employer["id"], "expectedVersion": 1, "name": "丙公司" });
    let body = app.graphql(UPDATE, json!({ "input": stale })).await;
    assert_eq!(error_code(&body), "CONFLICT", "{body:#}");
    assert_eq!(body["errors"][0]["extensions"]["currentVersion"], 2);
    let now = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on Organization { name version } } }",
            json!({ "id": employer["id"] }),
        )
        .await;
    assert_eq!(
        now["node"],
        json!({ "name": "甲股份有限公司", "version": 2 })
    );
}

async fn an_unknown_id_is_not_found(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    // Well-formed ids of rows that do not exist.
    let missing = "T3JnYW5pemF0aW9uOjk5OTk";
    let body = app
        .graphql(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": missing }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body:#}");
    assert_eq!(body["data"], Value::Null);
    let body = app
        .graphql(
            UPDATE,
            json!({ "input": { "id": missing, "expectedVersion": 1, "name": "x" } }),
        )
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND", "{body:#}");
    let body = app
        .graphql("{ node(id: \"garbage\") { id } }", json!({}))
        .await;
    assert_eq!(error_code(&body), "NOT_FOUND");
    let (_, nanguan, _) = fixtures::city(&app).await;
    let payload = fixtures::create_organization(
        &app,
        json!({ "kind": "UNION", "name": "某工会", "regionId": nanguan, "parentId": missing }),
    )
    .await;
    assert_eq!(
        payload["userErrors"][0],
        json!({ "field": ["parentId"], "message": "没有这个组织", "code": "NOT_FOUND" })
    );
}

async fn association_members_are_added_and_listed(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let (city, nanguan, _) = fixtures::city(&app).await;
    let association = fixtures::organization(
        &app,
        json!({ "kind": "EMPLOYER_ASSOCIATION", "name": "长春市企业联合会", "regionId": city }),
    )
    .await;
    let employer =
        fixtures::organization(&app, employer_input("甲公司", &nanguan, HUAWEI, "C", "36")).await;
    let add = "mutation($input: AssociationMemberInput!) { addAssociationMember(input: $input) { association { version members { totalCount edges { node { name } } } } userErrors { field code } } }";
    let input = json!({ "associationId": association["id"], "employerId": employer["id"], "expectedVersion": 1 });
    let data = app.data(add, json!({ "input": input })).await;
    let added = &data["addAssociationMember"]["association"];
    assert_eq!(added["version"], 2);
    assert_eq!(names(&added["members"]), ["甲公司"]);
    let again = app.data(add, json!({ "input": { "associationId": association["id"], "employerId": employer["id"] } })).await;
    assert_eq!(
        again["addAssociationMember"]["userErrors"],
        json!([{ "field": ["employerId"], "code": "TAKEN" }])
    );
    let members = app
        .data(
            EMPLOYERS,
            json!({ "filter": { "association": association["id"] } }),
        )
        .await;
    assert_eq!(members["employers"]["totalCount"], 1);
}

/// The audit trail says what an update changed, and names objects by
/// global id, not row id.
async fn an_update_is_audited_with_its_changed_fields_only(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let (_, nanguan, _) = fixtures::city(&app).await;
    let employer =
        fixtures::organization(&app, employer_input("甲公司", &nanguan, HUAWEI, "C", "36")).await;
    let input = json!({ "id": employer["id"], "expectedVersion": 1,
                        "employerProfile": { "address": "南关区人民大街9号" } });
    let changed = app.data(UPDATE, json!({ "input": input })).await;
    assert_eq!(changed["updateOrganization"]["userErrors"], json!([]));
    let trail = app
        .data(
            "query($id: ID) { auditEntries(filter: { subject: $id }, last: 2) { edges { node { operation summary } } } }",
            json!({ "id": employer["id"] }),
        )
        .await;
    let entries = trail["auditEntries"]["edges"].as_array().unwrap();
    let created: Value =
        serde_json::from_str(entries[0]["node"]["summary"].as_str().unwrap()).unwrap();
    let updated = &entries[1]["node"];
    assert_eq!(updated["operation"], "updateOrganization");
    let summary: Value = serde_json::from_str(updated["summary"].as_str().unwrap()).unwrap();
    assert_eq!(
        summary["changes"],
        json!({ "employerProfile": { "address": "南关区人民大街9号" } })
    );
    assert_eq!(summary["organization"]["id"], employer["id"]);
    assert_eq!(
        created["changes"]["regionId"], nanguan,
        "the region by its global id"
    );
}
