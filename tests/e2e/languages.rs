//! Messages and enum labels in the caller's language: Chinese by default,
//! English for a user who chose it, and `Accept-Language` for anyone not
//! signed in. Codes and fields never change.

use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    messages_speak_the_callers_language,
    every_enum_value_has_labels_in_both_languages,
);

const UPDATE_PROFILE: &str = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { language } userErrors { field code message } } }";

/// POSTs `query` with `token` and an `Accept-Language` header.
async fn post(
    app: &TestApp,
    token: Option<&str>,
    accept: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    app.graphql_in(accept, token, query, variables).await
}

async fn messages_speak_the_callers_language(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let token = app.token.clone();
    let blank = json!({ "input": { "displayName": " " } });
    // The administrator has not chosen: Chinese, whatever the browser says.
    let chinese = post(
        &app,
        Some(&token),
        Some("en-US,en;q=0.9"),
        UPDATE_PROFILE,
        blank.clone(),
    )
    .await;
    assert_eq!(
        chinese["data"]["updateProfile"]["userErrors"],
        json!([{ "field": ["displayName"], "code": "REQUIRED", "message": "不得为空" }])
    );
    // Top-level errors too; anyone not signed in is answered by Accept-Language.
    let anonymous = post(&app, None, None, UPDATE_PROFILE, blank.clone()).await;
    assert_eq!(anonymous["errors"][0]["message"], "需要先登录");
    assert_eq!(
        anonymous["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
    let english = post(
        &app,
        None,
        Some("en-GB,en;q=0.9,zh-CN;q=0.8"),
        UPDATE_PROFILE,
        blank.clone(),
    )
    .await;
    assert_eq!(
        english["errors"][0]["message"],
        "Authentication is required"
    );
    assert_eq!(
        english["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
    let login = "mutation($input: LoginInput!) { login(input: $input) { token } }";
    let wrong = json!({ "input": { "loginName": "admin", "password": "not the password" } });
    let refused = post(&app, None, Some("zh-CN"), login, wrong).await;
    assert_eq!(refused["errors"][0]["message"], "登录名或密码错误");

    // Once the user chooses English, everything they are told is English.
    let chosen = post(
        &app,
        Some(&token),
        None,
        UPDATE_PROFILE,
        json!({ "input": { "language": "EN" } }),
    )
    .await;
    assert_eq!(chosen["data"]["updateProfile"]["user"]["language"], "EN");
    let english = post(
        &app,
        Some(&token),
        Some("zh-CN"),
        UPDATE_PROFILE,
        blank.clone(),
    )
    .await;
    assert_eq!(
        english["data"]["updateProfile"]["userErrors"],
        json!([{ "field": ["displayName"], "code": "REQUIRED", "message": "must not be blank" }])
    );
    // A top-level error of a signed-in user: the code alike, the words in their language.
    let offer = "mutation($input: WithdrawOfferInput!) { withdrawOffer(input: $input) { userErrors { field code message } } }";
    let missing = json!({ "input": { "id": "T2ZmZXI6OTk5OTk", "expectedVersion": 1 } });
    let english = post(&app, Some(&token), None, offer, missing.clone()).await;
    let back = post(
        &app,
        Some(&token),
        None,
        UPDATE_PROFILE,
        json!({ "input": { "language": "ZH_CN" } }),
    )
    .await;
    assert_eq!(back["data"]["updateProfile"]["user"]["language"], "ZH_CN");
    let chinese = post(&app, Some(&token), None, offer, missing).await;
    assert_eq!(
        english["errors"][0]["extensions"]["code"],
        chinese["errors"][0]["extensions"]["code"]
    );
    assert_eq!(english["errors"][0]["message"], "Not found");
    assert_eq!(chinese["errors"][0]["message"], "未找到");
}

async fn every_enum_value_has_labels_in_both_languages(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let labels =
        "query($enums: [String!]) { enumLabels(enums: $enums) { enum value label zhCn en } }";
    let status = app
        .data(labels, json!({ "enums": ["AgreementStatus"] }))
        .await;
    let effective = status["enumLabels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["value"] == "EFFECTIVE")
        .unwrap()
        .clone();
    assert_eq!(
        effective,
        json!({ "enum": "AgreementStatus", "value": "EFFECTIVE", "label": "已生效", "zhCn": "已生效", "en": "In force" })
    );
    let english = post(
        &app,
        None,
        Some("en"),
        labels,
        json!({ "enums": ["AgreementKind"] }),
    )
    .await;
    assert_eq!(
        english["data"]["enumLabels"][0]["label"],
        "Collective contract"
    );
    assert_eq!(english["data"]["enumLabels"][0]["zhCn"], "集体合同");

    // Every value of every enum the schema declares, labelled in both.
    let every = app.data(labels, json!({})).await;
    let every: Vec<(String, String)> = every["enumLabels"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|l| {
            assert!(l["zhCn"].as_str().is_some_and(|s| !s.is_ascii()), "{l}");
            assert!(
                l["en"]
                    .as_str()
                    .is_some_and(|s| !s.is_empty() && s != l["value"]),
                "{l}"
            );
        })
        .map(|l| {
            (
                l["enum"].as_str().unwrap().to_owned(),
                l["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let schema = app
        .data(
            "{ __schema { types { kind name enumValues { name } } } }",
            json!({}),
        )
        .await;
    let declared: Vec<(String, String)> = schema["__schema"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "ENUM" && !t["name"].as_str().unwrap().starts_with("__"))
        .flat_map(|t| {
            let name = t["name"].as_str().unwrap().to_owned();
            t["enumValues"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |v| (name.clone(), v["name"].as_str().unwrap().to_owned()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(declared.len() > 300);
    assert_eq!(every, declared);
}
