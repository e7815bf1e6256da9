//! Who may act on organizations, tried as a hostile but signed-in user of
//! the demo city would (issue findings 1, 2, 5, 6, 7). Refused calls must
//! leave the organization as it was.

use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp, error_code};

on_both_backends!(only_the_body_above_sets_where_an_organization_sits);

const UPDATE: &str = "mutation($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) { organization { id version name parent { id } region { id } } userErrors { field code } } }";

/// A demo user's session token.
pub async fn token(app: &TestApp, login: &str) -> String {
    app.login(login, DEMO_PASSWORD)
        .await
        .unwrap_or_else(|e| panic!("{login}: {e}"))
}

/// The organization a demo user belongs to, with its version.
pub async fn own_organization(app: &TestApp, token: &str) -> Value {
    let data = app
        .data_as(
            Some(token),
            "{ viewer { memberships { organization { id version region { id code } parent { id } } } } }",
            json!({}),
        )
        .await;
    data["viewer"]["memberships"][0]["organization"].clone()
}

/// The id of the region with this division code.
pub async fn region(app: &TestApp, code: &str) -> Value {
    let data = app
        .data(
            "{ regions(first: 100) { edges { node { id code } } } }",
            json!({}),
        )
        .await;
    data["regions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["code"] == code)
        .map(|e| e["node"]["id"].clone())
        .unwrap_or_else(|| panic!("region {code}"))
}

async fn update(app: &TestApp, token: &str, input: Value) -> Value {
    app.graphql_as(Some(token), UPDATE, json!({ "input": input }))
        .await
}

async fn only_the_body_above_sets_where_an_organization_sits(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let city = region(&app, "220100").await;
    let kuancheng = region(&app, "220103").await;
    let nanguan_officer = token(&app, "office-220102-officer").await;
    let nanguan = own_organization(&app, &nanguan_officer).await;
    let version = &nanguan["version"];

    // An office may neither drop its parent nor move itself to the city.
    for change in [json!({ "parentId": null }), json!({ "regionId": city })] {
        let mut input = json!({ "id": nanguan["id"], "expectedVersion": version });
        input
            .as_object_mut()
            .unwrap()
            .extend(change.as_object().unwrap().clone());
        let refused = update(&app, &nanguan_officer, input).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    }
    // Resending its own place unchanged is no move.
    let same = update(
        &app,
        &nanguan_officer,
        json!({ "id": nanguan["id"], "expectedVersion": version, "name": "南关区协调劳动关系三方委员会办公室",
                "regionId": nanguan["region"]["id"], "parentId": nanguan["parent"]["id"] }),
    )
    .await;
    assert_eq!(
        same["data"]["updateOrganization"]["userErrors"],
        json!([]),
        "{same}"
    );
    let nanguan = own_organization(&app, &nanguan_officer).await;

    // A federation may not promote itself either.
    let federation_officer = token(&app, "federation-220102-officer").await;
    let federation = own_organization(&app, &federation_officer).await;
    let refused = update(
        &app,
        &federation_officer,
        json!({ "id": federation["id"], "expectedVersion": federation["version"], "parentId": null }),
    )
    .await;
    assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");

    // An employer edits its own address, but may not move to another district.
    let employer_officer = token(&app, "employer-01-officer").await;
    let employer = own_organization(&app, &employer_officer).await;
    let code = employer["region"]["code"].as_str().unwrap().to_owned();
    let elsewhere = if code == "220103" {
        region(&app, "220102").await
    } else {
        kuancheng.clone()
    };
    let moved = update(
        &app,
        &employer_officer,
        json!({ "id": employer["id"], "expectedVersion": employer["version"], "regionId": elsewhere }),
    )
    .await;
    assert_eq!(error_code(&moved), "FORBIDDEN", "{moved}");
    let edited = update(
        &app,
        &employer_officer,
        json!({ "id": employer["id"], "expectedVersion": employer["version"],
                "employerProfile": { "address": "南关区人民大街1号" } }),
    )
    .await;
    assert_eq!(
        edited["data"]["updateOrganization"]["userErrors"],
        json!([]),
        "{edited}"
    );
    let employer = own_organization(&app, &employer_officer).await;

    // The district office places the employers of its district, but moves
    // one to a district it does not oversee only with the city office.
    let district_officer = token(&app, &format!("office-{code}-officer")).await;
    let by_district = update(
        &app,
        &district_officer,
        json!({ "id": employer["id"], "expectedVersion": employer["version"], "regionId": elsewhere }),
    )
    .await;
    assert_eq!(error_code(&by_district), "FORBIDDEN", "{by_district}");
    let city_officer = token(&app, "office-220100-officer").await;
    let by_city = update(
        &app,
        &city_officer,
        json!({ "id": employer["id"], "expectedVersion": employer["version"], "regionId": elsewhere }),
    )
    .await;
    assert_eq!(
        by_city["data"]["updateOrganization"]["organization"]["region"]["id"], elsewhere,
        "{by_city}"
    );

    // Even placed at the top by the city office, a district office does
    // not become the city office: the designation is stored.
    let promoted = update(
        &app,
        &city_officer,
        json!({ "id": nanguan["id"], "expectedVersion": nanguan["version"], "parentId": null }),
    )
    .await;
    assert_eq!(
        promoted["data"]["updateOrganization"]["userErrors"],
        json!([]),
        "{promoted}"
    );
    let holiday = app
        .graphql_as(
            Some(&nanguan_officer),
            "mutation { setCalendarDay(input: { date: \"2026-12-31\", kind: HOLIDAY, name: \"测试\" }) { movedDeadlines } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&holiday), "FORBIDDEN", "{holiday}");

    // The refused calls changed nothing: one update each succeeded.
    let after = own_organization(&app, &nanguan_officer).await;
    assert_eq!(after["version"], json!(version.as_i64().unwrap() + 2));
}
