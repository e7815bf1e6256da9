//! Wage rates and the severance calculator (issue 16, item 6): the labour
//! administration sets the region's minimum and average wages, the nearest
//! region up the chain decides, and severance follows them.

use serde_json::{Value, json};

use crate::offers::token;
use crate::on_both_backends;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(the_labour_administration_sets_the_rates_and_severance_follows_them);

const SET: &str = "mutation($input: SetWageRatesInput!) { setWageRates(input: $input) {
    wageRates { year minimumWage minimumWageSetIn { name } averageWage averageWageSetIn { name } }
    userErrors { field code } } }";

const RATES: &str = "query($r: ID!, $y: Int!) { wageRates(region: $r, year: $y) {
    minimumWage minimumWageSetIn { name } averageWage averageWageSetIn { name } } }";

const ESTIMATE: &str = "query($input: SeveranceEstimateInput!) { severanceEstimate(input: $input) {
    ratesNotSet averageWage wage floored capped total
    segments { firstDay lastDay years months days monthsOfPay wage amount rule } } }";

async fn region(app: &TestApp, name: &str) -> Value {
    let query = "query($name: String) { regions(filter: { nameContains: $name }) { edges { node { id name } } } }";
    let body = app.data(query, json!({ "name": name })).await;
    let node = &body["regions"]["edges"][0]["node"];
    assert_eq!(node["name"], name, "{body}");
    node["id"].clone()
}

fn estimate(region: &Value, wage: &str) -> Value {
    json!({ "input": { "regionId": region, "firstDay": "2020-03-01", "lastDay": "2026-08-31",
                       "monthlyWages": vec![wage; 12] } })
}

async fn the_labour_administration_sets_the_rates_and_severance_follows_them(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let city = region(&app, "长春市").await;
    let nanguan = region(&app, "南关区").await;
    let management = token(&app, "employer-21-officer").await;

    // Nothing set: the calculator says so instead of guessing.
    let none = app
        .data_as(Some(&management), ESTIMATE, estimate(&nanguan, "6000"))
        .await;
    assert_eq!(
        none["severanceEstimate"]["ratesNotSet"],
        json!(["MINIMUM_WAGE", "AVERAGE_WAGE"])
    );
    assert_eq!(none["severanceEstimate"]["total"], Value::Null);

    // Only a labour administration over the region sets them.
    let input = |region: &Value, year: i32, field: &str, value: Value| json!({ "input": { "regionId": region, "year": year, field: value } });
    for (login, code) in [
        ("office-220100-officer", "FORBIDDEN"),
        ("employer-21-officer", "FORBIDDEN"),
        ("labour-220103-officer", "FORBIDDEN"),
    ] {
        let caller = token(&app, login).await;
        let body = app
            .graphql_as(
                Some(&caller),
                SET,
                input(&nanguan, 2026, "minimumWage", json!("2200")),
            )
            .await;
        assert_eq!(error_code(&body), code, "{login}: {body}");
    }
    let anonymous = app
        .graphql_as(None, SET, input(&city, 2026, "minimumWage", json!("2090")))
        .await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");

    // Bad input names its fields and stores nothing.
    let city_labour = token(&app, "labour-220100-officer").await;
    let before = app.rows(&[]).await;
    let bad = json!({ "input": { "regionId": city, "year": 1990, "minimumWage": "2千", "averageWage": "0" } });
    let body = app.data_as(Some(&city_labour), SET, bad).await;
    let fields: Vec<&Value> = body["setWageRates"]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["field"][0])
        .collect();
    assert_eq!(
        fields,
        [&json!("year"), &json!("minimumWage"), &json!("averageWage")],
        "{body}"
    );
    assert_eq!(app.rows(&[]).await, before, "nothing stored");

    // The city sets both; the district sets its own minimum wage.
    let body = app
        .data_as(
            Some(&city_labour),
            SET,
            input(&city, 2026, "minimumWage", json!("2090")),
        )
        .await;
    let rates = &body["setWageRates"]["wageRates"];
    assert_eq!(rates["minimumWage"], "2090.00", "{body}");
    assert_eq!(rates["minimumWageSetIn"]["name"], "长春市");
    app.data_as(
        Some(&city_labour),
        SET,
        input(&city, 2025, "averageWage", json!("8000")),
    )
    .await;
    let district_labour = token(&app, "labour-220102-officer").await;
    app.data_as(
        Some(&district_labour),
        SET,
        input(&nanguan, 2026, "minimumWage", json!("2200")),
    )
    .await;
    let seen = app
        .data_as(Some(&management), RATES, json!({ "r": nanguan, "y": 2026 }))
        .await;
    assert_eq!(
        seen["wageRates"],
        json!({ "minimumWage": "2200.00", "minimumWageSetIn": { "name": "南关区" },
                "averageWage": null, "averageWageSetIn": null })
    );
    let seen = app
        .data_as(Some(&management), RATES, json!({ "r": nanguan, "y": 2025 }))
        .await;
    assert_eq!(seen["wageRates"]["averageWage"], "8000.00");
    assert_eq!(seen["wageRates"]["averageWageSetIn"]["name"], "长春市");

    // 6 years 6 months of service: 7 months' wage.
    let body = app
        .data_as(Some(&management), ESTIMATE, estimate(&nanguan, "6000"))
        .await;
    let found = &body["severanceEstimate"];
    assert_eq!(found["ratesNotSet"], json!([]), "{body}");
    assert_eq!(found["total"], "42000.00");
    assert_eq!(found["segments"][0]["years"], 6);
    assert_eq!(found["segments"][0]["months"], 6);
    assert_eq!(found["segments"][0]["monthsOfPay"], "7");
    assert!(
        found["segments"][0]["rule"]
            .as_str()
            .unwrap()
            .contains("第四十七条")
    );
    // Below the district's minimum wage: the floor.
    let body = app
        .data_as(Some(&management), ESTIMATE, estimate(&nanguan, "1800"))
        .await;
    assert_eq!(body["severanceEstimate"]["wage"], "2200.00");
    assert_eq!(body["severanceEstimate"]["floored"], true);
    assert_eq!(body["severanceEstimate"]["total"], "15400.00");
    // Above three times last year's average: capped at 24000 a month.
    let body = app
        .data_as(Some(&management), ESTIMATE, estimate(&nanguan, "30000"))
        .await;
    assert_eq!(body["severanceEstimate"]["capped"], true);
    assert_eq!(body["severanceEstimate"]["total"], "168000.00");
    let bad = app
        .graphql_as(Some(&management), ESTIMATE, estimate(&nanguan, "六千"))
        .await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    let mut ancient = estimate(&nanguan, "6000");
    ancient["input"]["firstDay"] = json!("1900-01-01");
    let bad = app.graphql_as(Some(&management), ESTIMATE, ancient).await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT", "{bad}");

    // Removing the district's rate falls back to the city's.
    app.data_as(
        Some(&district_labour),
        SET,
        input(&nanguan, 2026, "minimumWage", Value::Null),
    )
    .await;
    let seen = app
        .data_as(Some(&management), RATES, json!({ "r": nanguan, "y": 2026 }))
        .await;
    assert_eq!(seen["wageRates"]["minimumWage"], "2090.00");
    assert_eq!(seen["wageRates"]["minimumWageSetIn"]["name"], "长春市");
}
