//! Risk grading from shared data (issue 15, item 9): signals imported by
//! the API and by the CLI, grades with their reasons, the versioned rule
//! set, and who sees what.

use serde_json::{Value, json};

use crate::offers::{employer, server_today, token};
use crate::on_both_backends;
use crate::smtp::SmtpServer;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(
    signals_grade_an_employer_and_a_new_rule_set_regrades,
    bad_signals_and_rule_sets_name_their_fields_and_store_nothing,
    the_cli_imports_a_signals_file_with_progress_all_or_nothing,
);

const IMPORT: &str =
    "mutation($input: ImportRiskSignalsInput!) { importRiskSignals(input: $input) {
    imported regraded rose ruleSet { version } userErrors { field code message } } }";

const RULES: &str = "mutation($input: SetRiskRuleSetInput!) { setRiskRuleSet(input: $input) {
    regraded rose ruleSet { version note indicators { signal threshold points } bands { minPoints grade } }
    userErrors { field code message } } }";

const GRADE: &str = "query($e: ID) { riskGrades(filter: { employer: $e }) { edges { node {
    grade points month ruleVersion employer { name } reasons { signal value threshold points } } } } }";

fn severe(employer: &Value, month: &str) -> Value {
    json!({ "signals": [
        { "employerId": employer, "month": month, "kind": "SOCIAL_INSURANCE_ARREARS", "value": 150000 },
        { "employerId": employer, "month": month, "kind": "LABOUR_DISPUTES", "value": 4 },
        { "employerId": employer, "month": month, "kind": "COMPLAINTS", "value": 6 },
        { "employerId": employer, "month": month, "kind": "TAX_ARREARS", "value": 300000 },
    ] })
}

async fn grade_of(app: &TestApp, token: &str, employer: &Value) -> Value {
    let body = app
        .data_as(Some(token), GRADE, json!({ "e": employer }))
        .await;
    body["riskGrades"]["edges"]
        .get(0)
        .map(|e| e["node"].clone())
        .unwrap_or(Value::Null)
}

/// The first rule set with the complaints indicator raised to 10 complaints.
fn stricter() -> Value {
    json!({
        "note": "投诉件数阈值调整为10件",
        "indicators": [
            { "signal": "SOCIAL_INSURANCE_ARREARS", "threshold": 100000, "points": 30 },
            { "signal": "TAX_ARREARS", "threshold": 200000, "points": 20 },
            { "signal": "LABOUR_DISPUTES", "threshold": 3, "points": 25 },
            { "signal": "COMPLAINTS", "threshold": 10, "points": 20 },
        ],
        "bands": [
            { "minPoints": 0, "grade": "LOW" },
            { "minPoints": 20, "grade": "WATCH" },
            { "minPoints": 45, "grade": "HIGH" },
            { "minPoints": 80, "grade": "SEVERE" },
        ],
    })
}

async fn signals_grade_an_employer_and_a_new_rule_set_regrades(backend: Backend) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let water = employer(&app, "清源水务").await;
    let today = server_today(&app).await;
    let city = token(&app, "office-220100-officer").await;
    let district = token(&app, "office-220102-officer").await;
    let demo = grade_of(&app, &district, &water).await;
    assert_ne!(
        demo["grade"], "SEVERE",
        "the demo grades none severe: {demo}"
    );
    assert!(demo["ruleVersion"] == 1, "{demo}");

    // Only the city office imports.
    let refused = app
        .graphql_as(
            Some(&district),
            IMPORT,
            json!({ "input": severe(&water, &today) }),
        )
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let body = app
        .data_as(
            Some(&city),
            IMPORT,
            json!({ "input": severe(&water, &today) }),
        )
        .await;
    let done = &body["importRiskSignals"];
    assert_eq!(done["userErrors"], json!([]), "{body}");
    assert_eq!(done["imported"], 4);
    assert_eq!(done["regraded"], 1);
    assert_eq!(done["rose"], 1);

    // The district office sees the grade and its reasons.
    let graded = grade_of(&app, &district, &water).await;
    assert_eq!(graded["grade"], "SEVERE");
    assert_eq!(graded["points"], 95);
    assert_eq!(graded["month"], format!("{}-01", &today[..7]));
    let signals: Vec<&Value> = graded["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["signal"])
        .collect();
    assert_eq!(
        signals,
        [
            "SOCIAL_INSURANCE_ARREARS",
            "TAX_ARREARS",
            "LABOUR_DISPUTES",
            "COMPLAINTS"
        ]
    );
    assert_eq!(graded["reasons"][0]["threshold"], 100000.0);

    // The employer sees its grade, not the reasons or the rules; an
    // association and another district see nothing.
    let management = token(&app, "employer-21-officer").await;
    let own = grade_of(&app, &management, &water).await;
    assert_eq!(own["grade"], "SEVERE");
    assert_eq!(own["reasons"], Value::Null);
    let rules = app
        .graphql_as(Some(&management), "{ riskRuleSet { version } }", json!({}))
        .await;
    assert_eq!(error_code(&rules), "FORBIDDEN");
    for stranger in ["association-2-officer", "office-220103-officer"] {
        let seen = grade_of(&app, &token(&app, stranger).await, &water).await;
        assert_eq!(seen, Value::Null, "{stranger}");
    }

    // The district office is told of the rise; not another district.
    let subject = "【协商平台】劳动关系风险等级上升：长春清源水务有限公司";
    let mail = smtp
        .wait_for_where(
            "office-220102-officer",
            |m| m.subject() == subject && m.to[0].starts_with("office-220102-officer"),
            1,
        )
        .await;
    assert!(mail[0].body().contains("高（95分"), "{}", mail[0].body());
    let to: Vec<String> = smtp
        .received()
        .iter()
        .filter(|m| m.subject() == subject)
        .flat_map(|m| m.to.clone())
        .collect();
    assert!(to.iter().all(|r| r.starts_with("office-220102-")), "{to:?}");

    // A new rule set is version 2 and regrades every employer with signals.
    assert_eq!(
        error_code(
            &app.graphql_as(Some(&district), RULES, json!({ "input": stricter() }))
                .await
        ),
        "FORBIDDEN"
    );
    let body = app
        .data_as(Some(&city), RULES, json!({ "input": stricter() }))
        .await;
    let set = &body["setRiskRuleSet"];
    assert_eq!(set["userErrors"], json!([]), "{body}");
    assert_eq!(set["ruleSet"]["version"], 2);
    assert_eq!(set["ruleSet"]["note"], "投诉件数阈值调整为10件");
    let employers = app
        .data("{ employers(first: 1) { totalCount } }", json!({}))
        .await["employers"]["totalCount"]
        .clone();
    assert_eq!(
        set["regraded"], employers,
        "every demo employer has signals"
    );
    let regraded = grade_of(&app, &district, &water).await;
    assert_eq!(regraded["ruleVersion"], 2);
    assert_eq!(regraded["points"], 75, "complaints no longer count");
    assert_eq!(regraded["grade"], "HIGH");
    let rules = app
        .data_as(
            Some(&district),
            "{ riskRuleSet { version indicators { signal } } }",
            json!({}),
        )
        .await;
    assert_eq!(rules["riskRuleSet"]["version"], 2);
    assert_eq!(
        rules["riskRuleSet"]["indicators"].as_array().unwrap().len(),
        4
    );
}

async fn bad_signals_and_rule_sets_name_their_fields_and_store_nothing(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let water = employer(&app, "清源水务").await;
    let today = server_today(&app).await;
    let city = token(&app, "office-220100-officer").await;
    let office = app.data("{ organizations(filter: { kinds: [TRIPARTITE_OFFICE], nameContains: \"南关区\" }) { edges { node { id } } } }", json!({})).await
        ["organizations"]["edges"][0]["node"]["id"].clone();
    let before = app.rows(&[]).await;
    let next_year = format!("{}-01-01", today[..4].parse::<i32>().unwrap() + 1);
    let body = app
        .data_as(
            Some(&city),
            IMPORT,
            json!({ "input": { "signals": [
        { "employerId": water, "month": today, "kind": "COMPLAINTS", "value": -1 },
        { "employerId": "bm90LWFuLWlk", "month": today, "kind": "COMPLAINTS", "value": 1 },
        { "employerId": water, "month": next_year, "kind": "COMPLAINTS", "value": 1 },
    ] } }),
        )
        .await;
    let fields: Vec<&Value> = body["importRiskSignals"]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["field"])
        .collect();
    assert_eq!(
        fields,
        [
            &json!(["signals", "0", "value"]),
            &json!(["signals", "1", "employerId"]),
            &json!(["signals", "2", "month"])
        ],
        "{body}"
    );
    // An office is not an employer: the whole batch is refused.
    let body = app
        .data_as(
            Some(&city),
            IMPORT,
            json!({ "input": { "signals": [
        { "employerId": water, "month": today, "kind": "COMPLAINTS", "value": 1 },
        { "employerId": office, "month": today, "kind": "COMPLAINTS", "value": 1 },
    ] } }),
        )
        .await;
    let error = &body["importRiskSignals"]["userErrors"][0];
    assert_eq!(
        error["field"],
        json!(["signals", "1", "employerId"]),
        "{body}"
    );
    assert_eq!(error["code"], "NOT_FOUND");
    let mut rules = stricter();
    rules["bands"][0]["minPoints"] = json!(5);
    rules["indicators"][1]["points"] = json!(0);
    rules["indicators"][2]["threshold"] = json!(-3);
    let body = app
        .data_as(Some(&city), RULES, json!({ "input": rules }))
        .await;
    let fields: Vec<&Value> = body["setRiskRuleSet"]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["field"])
        .collect();
    assert_eq!(
        fields,
        [
            &json!(["indicators", "1", "points"]),
            &json!(["indicators", "2", "threshold"]),
            &json!(["bands"])
        ],
        "{body}"
    );
    assert_eq!(app.rows(&[]).await, before, "nothing stored");
}

async fn the_cli_imports_a_signals_file_with_progress_all_or_nothing(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let query = "query($n: String) { employers(filter: { nameContains: $n }) { edges { node { id employerProfile { creditCode } } } } }";
    let water =
        app.data(query, json!({ "n": "清源水务" })).await["employers"]["edges"][0]["node"].clone();
    let code = water["employerProfile"]["creditCode"]
        .as_str()
        .unwrap()
        .to_owned();
    let today = server_today(&app).await;
    let month = &today[..7];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("signals.csv");

    // A bad line refuses the whole file.
    std::fs::write(&file, format!("credit_code,month,kind,value\n{code},{month},COMPLAINTS,6\n91220000NOSUCHCODE,{month},COMPLAINTS,1\n")).unwrap();
    // The demo's first events are mailed in the background.
    let before = app.rows(&["notifications"]).await;
    let output = app.cli(&["import", "signals", file.to_str().unwrap()], &[]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("nothing imported: 1 bad line(s)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 3: no employer has the credit code 91220000NOSUCHCODE"),
        "{stderr}"
    );
    assert_eq!(app.rows(&["notifications"]).await, before, "nothing stored");

    std::fs::write(&file, format!("credit_code,month,kind,value\n{code},{month},SOCIAL_INSURANCE_ARREARS,150000\n{code},{month},LABOUR_DISPUTES,4\n")).unwrap();
    let output = app.cli(&["import", "signals", file.to_str().unwrap()], &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("imported 2 signals; regraded 1 employers"),
        "{stdout}"
    );
    assert!(
        stderr.contains("grading [##############################] 100% 1/1"),
        "{stderr}"
    );
    let district = token(&app, "office-220102-officer").await;
    let graded = grade_of(&app, &district, &water["id"]).await;
    assert_eq!(graded["grade"], "HIGH");
    assert_eq!(graded["points"], 55);
}
