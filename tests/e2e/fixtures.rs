//! Builders for the objects tests need, created through the public API.

use serde_json::{Value, json};

use crate::support::TestApp;

pub const CREATE_REGION: &str = "mutation($input: CreateRegionInput!) {
  createRegion(input: $input) { region { id code } userErrors { field message code } }
}";

pub const CREATE_ORGANIZATION: &str = "mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    organization { id name kind version region { code } employerProfile { creditCode } }
    userErrors { field message code }
  }
}";

/// Creates a region and returns its id.
pub async fn region(
    app: &TestApp,
    code: &str,
    name: &str,
    kind: &str,
    parent: Option<&str>,
) -> String {
    let input = json!({ "code": code, "name": name, "kind": kind, "parentId": parent });
    let data = app.data(CREATE_REGION, json!({ "input": input })).await;
    assert_eq!(data["createRegion"]["userErrors"], json!([]), "{data:#}");
    data["createRegion"]["region"]["id"]
        .as_str()
        .expect("region id")
        .to_owned()
}

/// The city 长春 (created by the first start) with two districts: (city, 南关区, 宽城区).
pub async fn city(app: &TestApp) -> (String, String, String) {
    let data = app
        .data(
            "{ regions(filter: { kinds: [CITY] }) { edges { node { id code } } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["regions"]["edges"][0]["node"]["code"], "220100");
    let city = data["regions"]["edges"][0]["node"]["id"]
        .as_str()
        .expect("city id")
        .to_owned();
    let nanguan = region(app, "220102", "南关区", "DISTRICT", Some(&city)).await;
    let kuancheng = region(app, "220103", "宽城区", "DISTRICT", Some(&city)).await;
    (city, nanguan, kuancheng)
}

/// Runs `createOrganization` and returns its payload.
pub async fn create_organization(app: &TestApp, input: Value) -> Value {
    let data = app
        .data(CREATE_ORGANIZATION, json!({ "input": input }))
        .await;
    data["createOrganization"].clone()
}

/// Creates an organization that must be accepted, returning it.
pub async fn organization(app: &TestApp, input: Value) -> Value {
    let payload = create_organization(app, input).await;
    assert_eq!(payload["userErrors"], json!([]), "{payload:#}");
    payload["organization"].clone()
}

/// Input for an employer with a valid profile.
pub fn employer_input(
    name: &str,
    region: &str,
    credit_code: &str,
    section: &str,
    division: &str,
) -> Value {
    json!({
        "kind": "EMPLOYER",
        "name": name,
        "regionId": region,
        "employerProfile": {
            "creditCode": credit_code,
            "legalRepresentative": "王建国",
            "industrySection": section,
            "industryDivision": division,
            "headcount": 320,
            "address": "吉林省长春市人民大街100号"
        }
    })
}

/// Real, published unified social credit codes with valid check characters.
pub const HUAWEI: &str = "914403001922038216";
pub const TENCENT: &str = "91440300708461136T";
pub const ALIBABA: &str = "91330100799655058B";
