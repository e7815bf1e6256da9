//! Quality evaluation of bargaining (issue 17): guide editions loaded,
//! refused with their mistakes named, published and superseded; an
//! evaluation scored at the grade boundaries, returned, confirmed with an
//! adjustment, filed and named a model unit by the city office only; who
//! sees it; titles; and the coverage report on a small world.

use serde_json::{Value, json};

use crate::events::{next_event, subscribe};
use crate::fixtures::{HUAWEI, TENCENT, employer_input, organization};
use crate::offers::token;
use crate::on_both_backends;
use crate::smtp::SmtpServer;
use crate::support::{Backend, DEMO_PASSWORD, TestApp, error_code};

on_both_backends!(
    an_evaluation_is_graded_confirmed_filed_and_named_by_the_city_office,
    a_guide_with_mistakes_is_refused_and_a_new_edition_leaves_old_evaluations_on_theirs,
    coverage_counts_a_small_world_exactly,
    the_demo_has_titles_and_evaluations_in_every_state,
    bad_input_is_named_and_the_parties_hear_of_every_step,
);

const EVALUATION_FIELDS: &str = "id status year selfTotal selfGrade confirmedTotal confirmedGrade
    total grade receiptNumber nomination returnReason version guide { code edition }
    confirmedBy { name } filedWith { name } employer { id name }
    scores { code score note adjustedScore adjustmentReason }
    surveys { rate sample positive percent }";

fn mutation(name: &str, input: &str) -> String {
    format!(
        "mutation($input: {input}!) {{ {name}(input: $input) {{ evaluation {{ {EVALUATION_FIELDS} }} userErrors {{ field code message }} }} }}"
    )
}

/// Runs an evaluation mutation as `token`; its payload.
async fn step(app: &TestApp, token: &str, name: &str, input: Value) -> Value {
    let input_type = format!("{}Input", capitalised(name));
    let body = app
        .graphql_as(
            Some(token),
            &mutation(name, &input_type),
            json!({ "input": input }),
        )
        .await;
    match body.get("errors") {
        Some(errors) if !errors.is_null() => {
            json!({ "error": error_code(&body), "errors": errors })
        }
        _ => body["data"][name].clone(),
    }
}

fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The published five-dimension sample: its id and its scoring points (code, max).
async fn five_dimensions(app: &TestApp, token: &str) -> (Value, Vec<(String, f64)>) {
    let query =
        "{ evaluationGuides(code: \"SAMPLE-5D-100\") { id edition status maxPoints pointCount
        indicators { code isPoint maxPoints } } }";
    let data = app.data_as(Some(token), query, json!({})).await;
    let guide = data["evaluationGuides"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["status"] == "PUBLISHED")
        .expect("a published edition")
        .clone();
    assert_eq!(guide["maxPoints"], 100.0);
    assert_eq!(guide["pointCount"], 27);
    let points: Vec<(String, f64)> = guide["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|node| node["isPoint"] == true)
        .map(|point| {
            (
                point["code"].as_str().unwrap().to_owned(),
                point["maxPoints"].as_f64().unwrap(),
            )
        })
        .collect();
    (guide["id"].clone(), points)
}

/// Scores totalling `total`: every point at its maximum, points taken off
/// from the first on.
fn totalling(points: &[(String, f64)], total: f64) -> Vec<Value> {
    let mut over = ((100.0 - total) * 10.0).round() as i64;
    points
        .iter()
        .map(|(code, max)| {
            let max = (max * 10.0).round() as i64;
            let cut = over.min(max);
            over -= cut;
            json!({ "code": code, "score": (max - cut) as f64 / 10.0, "note": "职代会决议及会议记录" })
        })
        .collect()
}

fn surveys(satisfied: i64) -> Value {
    json!([
        { "rate": "PARTICIPATION", "sample": 120, "positive": 110 },
        { "rate": "AWARENESS", "sample": 120, "positive": 115 },
        { "rate": "SATISFACTION", "sample": 100, "positive": satisfied },
        { "rate": "ENDORSEMENT", "sample": 10, "positive": 10 },
    ])
}

/// The first organization `login` acts for, with its region's code.
async fn acting_for(app: &TestApp, login: &str) -> (String, Value) {
    let token = token(app, login).await;
    let data = app
        .data_as(
            Some(&token),
            "{ viewer { actingOrganizations { id name region { id code } associations { id }
               employerProfile { industrySection headcount } } } }",
            json!({}),
        )
        .await;
    (token, data["viewer"]["actingOrganizations"][0].clone())
}

/// The evaluation `id` as `token` sees it; null when hidden.
async fn node(app: &TestApp, token: &str, id: &Value) -> Value {
    let query = format!(
        "query($id: ID!) {{ node(id: $id) {{ ... on BargainingEvaluation {{ {EVALUATION_FIELDS} }} }} }}"
    );
    let body = app
        .graphql_as(Some(token), &query, json!({ "id": id }))
        .await;
    if body.get("errors").is_some_and(|e| !e.is_null()) {
        assert_eq!(error_code(&body), "NOT_FOUND", "{body:#}");
        return Value::Null;
    }
    body["data"]["node"].clone()
}

async fn an_evaluation_is_graded_confirmed_filed_and_named_by_the_city_office(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let (employer_token, employer) = acting_for(&app, "employer-05-officer").await;
    let district = employer["region"]["code"].as_str().unwrap().to_owned();
    let office = token(&app, &format!("office-{district}-officer")).await;
    let city = token(&app, "office-220100-officer").await;
    let (guide, points) = five_dimensions(&app, &employer_token).await;

    // 79.5 points: 合格; the draft is the employer's and its union's alone.
    let drafted = step(&app, &employer_token, "draftEvaluation", json!({
        "employerId": employer["id"], "year": 2026, "guideId": guide,
        "scores": totalling(&points, 79.5), "surveys": surveys(90), "summary": "年度工资集体协商已完成",
    })).await;
    assert_eq!(drafted["userErrors"], json!([]), "{drafted:#}");
    let evaluation = drafted["evaluation"].clone();
    assert_eq!(evaluation["status"], "DRAFT");
    assert_eq!(evaluation["selfTotal"], 79.5);
    assert_eq!(evaluation["selfGrade"], "合格");
    assert_eq!(
        evaluation["guide"],
        json!({ "code": "SAMPLE-5D-100", "edition": 1 })
    );
    let id = evaluation["id"].clone();
    assert!(
        node(&app, &office, &id).await.is_null(),
        "a draft is not the office's"
    );
    let union = token(&app, "union-05-officer").await;
    assert_eq!(node(&app, &union, &id).await["status"], "DRAFT");

    // Exactly 80: 良好; exactly 90 with 85% satisfied: 优秀.
    let revised = step(&app, &union, "reviseEvaluation", json!({
        "evaluationId": id, "expectedVersion": 1, "scores": totalling(&points, 80.0), "surveys": surveys(90),
    })).await;
    assert_eq!(revised["evaluation"]["selfTotal"], 80.0, "{revised:#}");
    assert_eq!(revised["evaluation"]["selfGrade"], "良好");
    let revised = step(&app, &employer_token, "reviseEvaluation", json!({
        "evaluationId": id, "expectedVersion": 2, "scores": totalling(&points, 90.0), "surveys": surveys(84),
    })).await;
    assert_eq!(
        revised["evaluation"]["selfGrade"], "良好",
        "优秀 needs 85% satisfied"
    );
    let revised = step(&app, &employer_token, "reviseEvaluation", json!({
        "evaluationId": id, "expectedVersion": 3, "scores": totalling(&points, 90.0), "surveys": surveys(85),
    })).await;
    assert_eq!(revised["evaluation"]["selfTotal"], 90.0);
    assert_eq!(revised["evaluation"]["selfGrade"], "优秀");

    // A score above its point's maximum is named.
    let mut over = totalling(&points, 90.0);
    over[26]["score"] = json!(points[26].1 + 0.5);
    let refused = step(
        &app,
        &employer_token,
        "reviseEvaluation",
        json!({
            "evaluationId": id, "expectedVersion": 4, "scores": over, "surveys": surveys(85),
        }),
    )
    .await;
    assert_eq!(
        refused["userErrors"][0]["field"],
        json!(["scores", "26", "score"]),
        "{refused:#}"
    );

    // Submitted; returned with the reasons; submitted again.
    let submitted = step(
        &app,
        &employer_token,
        "submitEvaluation",
        json!({ "evaluationId": id, "expectedVersion": 4 }),
    )
    .await;
    assert_eq!(
        submitted["evaluation"]["status"], "SUBMITTED",
        "{submitted:#}"
    );
    let other_office = token(
        &app,
        if district == "220102" {
            "office-220103-officer"
        } else {
            "office-220102-officer"
        },
    )
    .await;
    assert!(
        node(&app, &other_office, &id).await.is_null(),
        "another district does not see it"
    );
    let returned = step(
        &app,
        &office,
        "returnEvaluation",
        json!({ "evaluationId": id, "reason": "缺少职代会决议材料" }),
    )
    .await;
    assert_eq!(returned["evaluation"]["status"], "RETURNED", "{returned:#}");
    assert_eq!(returned["evaluation"]["returnReason"], "缺少职代会决议材料");
    let version = returned["evaluation"]["version"].clone();
    let submitted = step(
        &app,
        &employer_token,
        "submitEvaluation",
        json!({ "evaluationId": id, "expectedVersion": version }),
    )
    .await;
    assert_eq!(
        submitted["evaluation"]["status"], "SUBMITTED",
        "{submitted:#}"
    );

    // The employer may not confirm its own; the office adjusts one point by half a point.
    let version = submitted["evaluation"]["version"].clone();
    let own = step(
        &app,
        &employer_token,
        "confirmEvaluation",
        json!({ "evaluationId": id, "expectedVersion": version }),
    )
    .await;
    assert_eq!(own["error"], "FORBIDDEN", "{own:#}");
    let last = &points[26];
    let confirmed = step(
        &app,
        &office,
        "confirmEvaluation",
        json!({
            "evaluationId": id, "expectedVersion": version,
            "adjustments": [{ "code": last.0, "score": last.1 - 0.5, "reason": "推选记录不完整" }],
            "note": "经核查材料",
        }),
    )
    .await;
    let confirmed = &confirmed["evaluation"];
    assert_eq!(confirmed["status"], "CONFIRMED", "{confirmed:#}");
    assert_eq!(confirmed["selfTotal"], 90.0);
    assert_eq!(confirmed["confirmedTotal"], 89.5);
    assert_eq!(confirmed["confirmedGrade"], "良好");
    assert_eq!(confirmed["grade"], "良好");
    assert_eq!(
        confirmed["scores"][26]["score"], last.1,
        "the employer's score is kept"
    );
    assert_eq!(confirmed["scores"][26]["adjustedScore"], last.1 - 0.5);
    assert_eq!(
        confirmed["scores"][26]["adjustmentReason"],
        "推选记录不完整"
    );
    assert!(confirmed["scores"][0]["adjustedScore"].is_null());

    // Not named before it is filed; filed with a receipt; named by the city office only.
    let early = step(
        &app,
        &city,
        "nominateEvaluation",
        json!({ "evaluationId": id, "nomination": "MODEL" }),
    )
    .await;
    assert_eq!(early["userErrors"][0]["code"], "RULE_VIOLATED", "{early:#}");
    let filed = step(
        &app,
        &employer_token,
        "fileEvaluation",
        json!({ "evaluationId": id }),
    )
    .await;
    let filed = &filed["evaluation"];
    assert_eq!(filed["status"], "FILED", "{filed:#}");
    let receipt = filed["receiptNumber"].as_str().unwrap();
    assert!(
        receipt.starts_with(&format!("评{district}-")) && receipt.ends_with("-0001"),
        "{receipt}"
    );
    let district_named = step(
        &app,
        &office,
        "nominateEvaluation",
        json!({ "evaluationId": id, "nomination": "MODEL" }),
    )
    .await;
    assert_eq!(district_named["error"], "FORBIDDEN", "{district_named:#}");
    let named = step(
        &app,
        &city,
        "nominateEvaluation",
        json!({ "evaluationId": id, "nomination": "MODEL", "note": "长三方发〔2026〕9号" }),
    )
    .await;
    assert_eq!(named["evaluation"]["nomination"], "MODEL", "{named:#}");

    // Another employer sees nothing of it; its association sees the grade, not the scores.
    let (stranger, _) = acting_for(&app, "employer-06-officer").await;
    assert!(node(&app, &stranger, &id).await.is_null());
    let listed = app
        .data_as(
            Some(&stranger),
            "{ evaluations(first: 50) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert!(
        !listed["evaluations"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["node"]["id"] == id)
    );
    let associations: Vec<Value> = employer["associations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    let mut seen_by_association = false;
    for n in 1..=3 {
        let (association, organization) =
            acting_for(&app, &format!("association-{n}-officer")).await;
        let seen = node(&app, &association, &id).await;
        if associations.contains(&organization["id"]) {
            assert_eq!(seen["grade"], "良好", "{seen:#}");
            assert_eq!(seen["total"], 89.5);
            assert!(
                seen["scores"].is_null() && seen["surveys"].is_null(),
                "{seen:#}"
            );
            seen_by_association = true;
        } else {
            assert!(seen.is_null(), "association {n} is not the employer's");
        }
    }
    assert!(seen_by_association, "employer 05 belongs to an association");
}

const LOAD: &str =
    "mutation($input: LoadEvaluationGuideInput!) { loadEvaluationGuide(input: $input) {
    evaluationGuide { id code edition status version } userErrors { field code message } } }";

fn small_guide(code: &str, point_max: f64) -> Value {
    json!({
        "code": code, "title": "测试评价表", "levels": ["维度", "评分要点"],
        "indicators": [
            { "code": "1", "name": "协商程序", "max": 10, "children": [
                { "code": "1.1", "name": "要约及时回应", "max": point_max, "evidence": "回应书", "scoring": "及时得分" },
                { "code": "1.2", "name": "职代会审议", "max": 10.0 - point_max, "evidence": "决议", "scoring": "通过得分" },
            ] },
        ],
        "grades": [ { "name": "良好", "min": 8 }, { "name": "合格", "min": 6 } ],
    })
}

async fn a_guide_with_mistakes_is_refused_and_a_new_edition_leaves_old_evaluations_on_theirs(
    backend: Backend,
) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let city = token(&app, "office-220100-officer").await;
    let district = token(&app, "office-220102-officer").await;

    // A point worth more than its item, a duplicate code, overlapping bands: each named.
    let mut bad = small_guide("TEST-1", 6.0);
    bad["indicators"][0]["children"][0]["max"] = json!(12);
    bad["indicators"][0]["children"][1]["code"] = json!("1");
    bad["grades"][1]["min"] = json!(8);
    let body = bad.to_string();
    let refused = app
        .data_as(Some(&city), LOAD, json!({ "input": { "body": body } }))
        .await;
    let fields: Vec<String> = refused["loadEvaluationGuide"]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"][1].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        fields
            .iter()
            .any(|f| f.starts_with("indicators[0]") && f.contains("max")),
        "{refused:#}"
    );
    assert!(
        fields.iter().any(|f| f == "indicators[0].children[1].code"),
        "{refused:#}"
    );
    assert!(
        fields.iter().any(|f| f.starts_with("grades[1]")),
        "{refused:#}"
    );
    let broken = app
        .data_as(
            Some(&city),
            LOAD,
            json!({ "input": { "body": "{\n  \"code\": " } }),
        )
        .await;
    let at = broken["loadEvaluationGuide"]["userErrors"][0]["field"][1]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(at.starts_with("line 2"), "{at}");

    // The same from the command line: every mistake printed, nothing stored.
    let file = std::env::temp_dir().join(format!("guide-{}.json", std::process::id()));
    std::fs::write(&file, &body).unwrap();
    let output = app.cli(&["guide", "load", file.to_str().unwrap()], &[]);
    let printed = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        printed.contains("indicators[0].children[1].code: "),
        "{printed}"
    );
    std::fs::remove_file(&file).ok();

    // A district office may not load a guide.
    let good = small_guide("TEST-1", 6.0).to_string();
    let forbidden = app
        .graphql_as(Some(&district), LOAD, json!({ "input": { "body": good } }))
        .await;
    assert_eq!(error_code(&forbidden), "FORBIDDEN");

    // An evaluation on edition 1 of the sample; then edition 2 is loaded, revised and published.
    let (employer_token, employer) = acting_for(&app, "employer-07-officer").await;
    let (guide, points) = five_dimensions(&app, &employer_token).await;
    let drafted = step(&app, &employer_token, "draftEvaluation", json!({
        "employerId": employer["id"], "year": 2025, "guideId": guide, "scores": totalling(&points, 70.0),
    })).await;
    assert_eq!(drafted["userErrors"], json!([]), "{drafted:#}");
    let sample = include_str!("../../schema/guides/sample-five-dimension.json");
    let loaded = app
        .data_as(Some(&city), LOAD, json!({ "input": { "body": sample } }))
        .await;
    let edition = loaded["loadEvaluationGuide"]["evaluationGuide"].clone();
    assert_eq!(edition["edition"], 2, "{loaded:#}");
    assert_eq!(edition["status"], "DRAFT");
    let again = app
        .data_as(Some(&city), LOAD, json!({ "input": { "body": sample } }))
        .await;
    assert_eq!(
        again["loadEvaluationGuide"]["userErrors"][0]["code"],
        "RULE_VIOLATED"
    );
    let revise =
        "mutation($input: ReviseEvaluationGuideInput!) { reviseEvaluationGuide(input: $input) {
        evaluationGuide { title version status } userErrors { field code message } } }";
    let retitled = sample.replace("五维度百分制示例方案", "五维度百分制示例方案，第二版");
    let revised = app
        .data_as(
            Some(&city),
            revise,
            json!({ "input": {
        "guideId": edition["id"], "expectedVersion": 1, "body": retitled } }),
        )
        .await;
    assert!(
        revised["reviseEvaluationGuide"]["evaluationGuide"]["title"]
            .as_str()
            .unwrap()
            .ends_with("第二版）"),
        "{revised:#}"
    );
    let publish =
        "mutation($input: PublishEvaluationGuideInput!) { publishEvaluationGuide(input: $input) {
        evaluationGuide { status edition } userErrors { field code message } } }";
    let published = app
        .data_as(
            Some(&city),
            publish,
            json!({ "input": { "guideId": edition["id"], "expectedVersion": 2 } }),
        )
        .await;
    assert_eq!(
        published["publishEvaluationGuide"]["evaluationGuide"]["status"], "PUBLISHED",
        "{published:#}"
    );

    // A published edition never changes; the old one is superseded, and the evaluation stays on it.
    let edit = app
        .data_as(
            Some(&city),
            revise,
            json!({ "input": {
        "guideId": edition["id"], "expectedVersion": 3, "body": sample } }),
        )
        .await;
    assert_eq!(
        edit["reviseEvaluationGuide"]["userErrors"][0]["code"], "RULE_VIOLATED",
        "{edit:#}"
    );
    let editions = app
        .data_as(
            Some(&employer_token),
            "{ evaluationGuides(code: \"SAMPLE-5D-100\") { edition status } }",
            json!({}),
        )
        .await;
    assert_eq!(
        editions["evaluationGuides"],
        json!([
        { "edition": 1, "status": "SUPERSEDED" }, { "edition": 2, "status": "PUBLISHED" } ])
    );
    let id = drafted["evaluation"]["id"].clone();
    assert_eq!(
        node(&app, &employer_token, &id).await["guide"],
        json!({ "code": "SAMPLE-5D-100", "edition": 1 })
    );
    let late = step(
        &app,
        &employer_token,
        "draftEvaluation",
        json!({
            "employerId": employer["id"], "year": 2026, "guideId": guide, "scores": [],
        }),
    )
    .await;
    assert_eq!(
        late["userErrors"][0]["field"],
        json!(["guideId"]),
        "{late:#}"
    );
}

const REPORT: &str = "query($region: ID) { coverageReport(region: $region, year: 2026) {
    total { titledEmployers evaluated evaluatedWithContract modelCoverage fullCoverage
            employers employersCovered workers workersCovered workerCoverage }
    byRegion { region { code } titledEmployers evaluated evaluatedWithContract workers workersCovered }
    byIndustry { industrySection titledEmployers evaluated employers workers }
    notCovered { employer { name } evaluated contractInForce } notCoveredCount
    evaluations { byStatus { status count } byGrade { grade count } typical model } } }";

/// Files an evaluation of `year` of the employer `login` acts for, at 85 points.
async fn filed(app: &TestApp, login: &str, year: i32, office: &str) {
    let (employer_token, employer) = acting_for(app, login).await;
    let (guide, points) = five_dimensions(app, &employer_token).await;
    let drafted = step(
        app,
        &employer_token,
        "draftEvaluation",
        json!({
            "employerId": employer["id"], "year": year, "guideId": guide,
            "scores": totalling(&points, 85.0), "surveys": surveys(90),
        }),
    )
    .await;
    let id = drafted["evaluation"]["id"].clone();
    assert!(!id.is_null(), "{drafted:#}");
    let submitted = step(
        app,
        &employer_token,
        "submitEvaluation",
        json!({ "evaluationId": id, "expectedVersion": 1 }),
    )
    .await;
    let confirmed = step(
        app,
        office,
        "confirmEvaluation",
        json!({ "evaluationId": id, "expectedVersion": submitted["evaluation"]["version"] }),
    )
    .await;
    assert_eq!(
        confirmed["evaluation"]["status"], "CONFIRMED",
        "{confirmed:#}"
    );
    let done = step(
        app,
        &employer_token,
        "fileEvaluation",
        json!({ "evaluationId": id }),
    )
    .await;
    assert_eq!(done["evaluation"]["status"], "FILED", "{done:#}");
}

async fn coverage_counts_a_small_world_exactly(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let admin = token(&app, "office-220100-admin").await;
    let city = token(&app, "office-220100-officer").await;
    let cities = app
        .data_as(
            Some(&city),
            "{ regions(filter: { kinds: [CITY] }) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let city_region = cities["regions"]["edges"][0]["node"]["id"].clone();

    // Two new districts, each with a demo employer bound by a contract in
    // force moved into it and a new employer bound by none.
    let mut bound = Vec::new();
    for n in 1..=60 {
        let login = format!("employer-{n:02}-officer");
        let (employer_token, employer) = acting_for(&app, &login).await;
        let query = "query($id: ID!) { agreements(first: 20, filter: { employer: $id, statuses: [EFFECTIVE],
            kinds: [COLLECTIVE_CONTRACT, SPECIAL_CONTRACT, SECTOR_CONTRACT, REGIONAL_CONTRACT] }) { edges { node { id version } } } }";
        let agreements = app
            .data_as(
                Some(&employer_token),
                query,
                json!({ "id": employer["id"] }),
            )
            .await;
        let contracts: Vec<Value> = agreements["agreements"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|edge| edge["node"].clone())
            .collect();
        if !contracts.is_empty() {
            bound.push((login, employer, contracts));
        }
        if bound.len() == 2 {
            break;
        }
    }
    assert_eq!(bound.len(), 2, "the demo has employers bound by contracts");
    let mut districts = Vec::new();
    for (code, name) in [("220191", "测试一区"), ("220192", "测试二区")] {
        let made = app
            .data_as(
                Some(&admin),
                crate::fixtures::CREATE_REGION,
                json!({ "input": {
            "code": code, "name": name, "kind": "DISTRICT", "parentId": city_region } }),
            )
            .await;
        districts.push(
            made["createRegion"]["region"]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let update = "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { region { code } } userErrors { field code message } } }";
    for ((_, employer, _), district) in bound.iter().zip(&districts) {
        let version = app
            .data_as(
                Some(&admin),
                "query($id: ID!) { node(id: $id) { ... on Organization { version } } }",
                json!({ "id": employer["id"] }),
            )
            .await;
        let moved = app.data_as(Some(&admin), update, json!({ "input": {
            "id": employer["id"], "expectedVersion": version["node"]["version"], "regionId": district } })).await;
        assert_eq!(
            moved["updateOrganization"]["userErrors"],
            json!([]),
            "{moved:#}"
        );
    }
    let mut unbound = Vec::new();
    for (i, (district, code, section, division)) in [
        (&districts[0], HUAWEI, "C", "39"),
        (&districts[1], TENCENT, "I", "64"),
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("测试新建企业{i}");
        let mut input = employer_input(&name, district, code, section, division);
        input["employerProfile"]["headcount"] = json!(100 + i * 50);
        organization(&app, input).await;
        let login = format!("tester-{i}");
        let added = app.cli(
            &[
                "user",
                "add",
                "--login",
                &login,
                "--name",
                "测试员",
                "--email",
                &format!("{login}@example.cn"),
                "--organization",
                &name,
                "--role",
                "officer",
            ],
            &[("XIESHANG_USER_PASSWORD", DEMO_PASSWORD)],
        );
        assert!(
            added.status.success(),
            "{}",
            String::from_utf8_lossy(&added.stderr)
        );
        let (_, employer) = acting_for(&app, &login).await;
        unbound.push((login, employer));
    }

    // Titles: the bound employer of 一区 (city) and of 二区 (province), the
    // unbound one of 一区 (city); the unbound one of 二区 holds a district
    // title only, and a revoked city title.
    let record = "mutation($input: RecordHarmonyTitleInput!) { recordHarmonyTitle(input: $input) { harmonyTitle { id version } userErrors { field code message } } }";
    let title = |employer: &Value, level: &str| {
        json!({ "input": {
        "employerId": employer["id"], "title": "劳动关系和谐企业", "level": level, "year": 2025,
        "namedBy": "长春市协调劳动关系三方委员会", "document": "长三方发〔2025〕3号" } })
    };
    for (employer, level) in [
        (&bound[0].1, "CITY"),
        (&bound[1].1, "PROVINCE"),
        (&unbound[0].1, "CITY"),
        (&unbound[1].1, "DISTRICT"),
        (&unbound[1].1, "CITY"),
    ] {
        let recorded = app
            .data_as(Some(&city), record, title(employer, level))
            .await;
        assert_eq!(
            recorded["recordHarmonyTitle"]["userErrors"],
            json!([]),
            "{recorded:#}"
        );
        if employer == &unbound[1].1 && level == "CITY" {
            let revoke = "mutation($input: RevokeHarmonyTitleInput!) { revokeHarmonyTitle(input: $input) { harmonyTitle { revokedAt } userErrors { field code } } }";
            let revoked = app.data_as(Some(&city), revoke, json!({ "input": {
                "titleId": recorded["recordHarmonyTitle"]["harmonyTitle"]["id"], "expectedVersion": 1, "reason": "发生重大劳动争议" } })).await;
            assert!(
                !revoked["revokeHarmonyTitle"]["harmonyTitle"]["revokedAt"].is_null(),
                "{revoked:#}"
            );
        }
    }
    let district_office = token(&app, "office-220102-officer").await;
    let outside = app
        .data_as(Some(&district_office), record, title(&bound[0].1, "CITY"))
        .await;
    assert_eq!(
        outside["recordHarmonyTitle"]["userErrors"][0]["code"], "NOT_FOUND",
        "a district office records titles in its own district only: {outside:#}"
    );

    // Filed evaluations: the bound employer of 一区 this year, the unbound one last year.
    filed(&app, &bound[0].0, 2026, &city).await;
    filed(&app, &unbound[0].0, 2025, &city).await;

    let headcount = |e: &Value| e["employerProfile"]["headcount"].as_i64().unwrap();
    let first = app
        .data_as(Some(&city), REPORT, json!({ "region": districts[0] }))
        .await;
    let report = &first["coverageReport"];
    let workers = headcount(&bound[0].1) + headcount(&unbound[0].1);
    assert_eq!(
        report["total"],
        json!({
            "titledEmployers": 2, "evaluated": 2, "evaluatedWithContract": 1,
            "modelCoverage": 1.0, "fullCoverage": 0.5,
            "employers": 2, "employersCovered": 1, "workers": workers, "workersCovered": headcount(&bound[0].1),
            "workerCoverage": headcount(&bound[0].1) as f64 / workers as f64,
        }),
        "{report:#}"
    );
    assert_eq!(
        report["notCovered"],
        json!([{ "employer": { "name": unbound[0].1["name"] }, "evaluated": true, "contractInForce": false }])
    );
    assert_eq!(
        report["evaluations"]["byStatus"],
        json!([
        { "status": "SUBMITTED", "count": 0 }, { "status": "RETURNED", "count": 0 },
        { "status": "CONFIRMED", "count": 0 }, { "status": "FILED", "count": 1 } ])
    );
    assert_eq!(
        report["evaluations"]["byGrade"],
        json!([{ "grade": "良好", "count": 1 }])
    );
    let sections: Vec<&Value> = report["byIndustry"].as_array().unwrap().iter().collect();
    let employers_by_section: i64 = sections
        .iter()
        .map(|s| s["employers"].as_i64().unwrap())
        .sum();
    assert_eq!(employers_by_section, 2);

    let second = app
        .data_as(Some(&city), REPORT, json!({ "region": districts[1] }))
        .await;
    let report = &second["coverageReport"];
    assert_eq!(
        report["total"]["titledEmployers"], 1,
        "a district title and a revoked one do not count"
    );
    assert_eq!(report["total"]["evaluated"], 0);
    assert_eq!(report["total"]["modelCoverage"], 0.0);
    assert_eq!(report["notCoveredCount"], 1);
    assert_eq!(
        report["notCovered"][0]["employer"]["name"],
        bound[1].1["name"]
    );

    // The city's report has a line for each new district.
    let whole = app.data_as(Some(&city), REPORT, json!({})).await;
    let lines = whole["coverageReport"]["byRegion"].as_array().unwrap();
    let line = |code: &str| {
        lines
            .iter()
            .find(|l| l["region"]["code"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(line("220191")["titledEmployers"], 2);
    assert_eq!(line("220191")["evaluatedWithContract"], 1);
    assert_eq!(
        line("220192")["workers"],
        headcount(&bound[1].1) + headcount(&unbound[1].1)
    );

    // A district office reports on its own district only; an employer not at all.
    let denied = app
        .graphql_as(
            Some(&district_office),
            REPORT,
            json!({ "region": districts[0] }),
        )
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");
    let (employer_token, _) = acting_for(&app, &bound[0].0).await;
    let denied = app
        .graphql_as(Some(&employer_token), REPORT, json!({}))
        .await;
    assert_eq!(error_code(&denied), "FORBIDDEN");

    // Every change so far (the demo, the moves, the new employers) kept the
    // tallies right: counting every employer anew corrects none.
    let recount = || {
        let output = app.cli(&["recount"], &[]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(recount().contains("tallies corrected: 0"), "{}", recount());

    // The contracts of 一区's bound employer end, and its new employer
    // grows by 30 workers: the next report counts both.
    let terminate = "mutation($input: TerminateAgreementInput!) { terminateAgreement(input: $input) { agreement { status } userErrors { field code message } } }";
    for contract in &bound[0].2 {
        let ended = app
            .data_as(
                Some(&employer_token),
                terminate,
                json!({ "input": {
            "id": contract["id"], "expectedVersion": contract["version"],
            "ground": "BY_AGREEMENT", "note": "双方协商一致解除。" } }),
            )
            .await;
        assert_eq!(
            ended["terminateAgreement"]["agreement"]["status"], "TERMINATED",
            "{ended:#}"
        );
    }
    let version = app
        .data_as(
            Some(&admin),
            "query($id: ID!) { node(id: $id) { ... on Organization { version } } }",
            json!({ "id": unbound[0].1["id"] }),
        )
        .await;
    let grown = headcount(&unbound[0].1) + 30;
    let update = "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { userErrors { field code message } } }";
    let updated = app
        .data_as(
            Some(&admin),
            update,
            json!({ "input": {
        "id": unbound[0].1["id"], "expectedVersion": version["node"]["version"],
        "employerProfile": { "headcount": grown } } }),
        )
        .await;
    assert_eq!(
        updated["updateOrganization"]["userErrors"],
        json!([]),
        "{updated:#}"
    );
    let report = |body: Value| body["coverageReport"]["total"].clone();
    let after = report(
        app.data_as(Some(&city), REPORT, json!({ "region": districts[0] }))
            .await,
    );
    assert_eq!(
        after,
        json!({
            "titledEmployers": 2, "evaluated": 2, "evaluatedWithContract": 0,
            "modelCoverage": 1.0, "fullCoverage": 0.0,
            "employers": 2, "employersCovered": 0, "workers": headcount(&bound[0].1) + grown,
            "workersCovered": 0, "workerCoverage": 0.0,
        }),
        "{after:#}"
    );

    // Rows changed behind the API's back (a tally off by 7, an employer
    // not counted) are set right by `recount`, and the report follows.
    app.execute(
        "UPDATE coverage_tallies SET employers = employers + 7
           WHERE region_id = (SELECT id FROM regions WHERE code = '220191');
         DELETE FROM coverage_counted
           WHERE employer_id = (SELECT id FROM organizations WHERE name = '测试新建企业1');",
    )
    .await;
    assert!(recount().contains("tallies corrected: 1"), "{}", recount());
    assert!(recount().contains("tallies corrected: 0"));
    let set_right = report(
        app.data_as(Some(&city), REPORT, json!({ "region": districts[0] }))
            .await,
    );
    assert_eq!(set_right, after);
}

async fn the_demo_has_titles_and_evaluations_in_every_state(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let city = token(&app, "office-220100-officer").await;
    let query =
        "{ coverageReport { total { titledEmployers evaluated evaluatedWithContract modelCoverage }
        notCoveredCount evaluations { byStatus { status count } typical model } } }";
    let report = app.data_as(Some(&city), query, json!({})).await["coverageReport"].clone();
    // Fifteen titled employers, one revoked and two at district level: twelve count.
    assert_eq!(report["total"]["titledEmployers"], 12, "{report:#}");
    let evaluated = report["total"]["evaluated"].as_i64().unwrap();
    assert!(
        (1..12).contains(&evaluated),
        "coverage is partial: {report:#}"
    );
    assert!(report["notCoveredCount"].as_i64().unwrap() > 0);
    let count = |status: &str| {
        report["evaluations"]["byStatus"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["status"] == status)
            .map(|s| s["count"].as_i64().unwrap())
            .unwrap()
    };
    assert!(
        ["SUBMITTED", "RETURNED", "CONFIRMED", "FILED"]
            .iter()
            .all(|s| count(s) > 0),
        "{report:#}"
    );
    assert_eq!(
        (
            report["evaluations"]["typical"].clone(),
            report["evaluations"]["model"].clone()
        ),
        (json!(1), json!(1))
    );
    let drafts = app
        .data_as(
            Some(&city),
            "{ evaluations(first: 50, filter: { statuses: [DRAFT] }) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        drafts["evaluations"]["edges"],
        json!([]),
        "the office sees no draft"
    );
}

/// The first id of `list` (`agreements` or `offers`) concerning `employer`, as `token` sees it.
async fn first_of(app: &TestApp, token: &str, list: &str, employer: &Value) -> Value {
    let query = format!(
        "query($id: ID!) {{ {list}(first: 1, filter: {{ employer: $id }}) {{ edges {{ node {{ id }} }} }} }}"
    );
    let data = app
        .data_as(Some(token), &query, json!({ "id": employer }))
        .await;
    let id = data[list]["edges"][0]["node"]["id"].clone();
    assert!(!id.is_null(), "the demo employer has {list}: {data:#}");
    id
}

/// The field paths and codes of a payload's user errors.
fn refusals(payload: &Value) -> Vec<(String, String)> {
    payload["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("{payload:#}"))
        .iter()
        .map(|e| {
            let field: Vec<&str> = e["field"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap())
                .collect();
            (field.join("."), e["code"].as_str().unwrap().to_owned())
        })
        .collect()
}

async fn bad_input_is_named_and_the_parties_hear_of_every_step(backend: Backend) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let (employer_token, employer) = acting_for(&app, "employer-21-officer").await;
    assert_eq!(employer["region"]["code"], "220102");
    let union = token(&app, "union-21-officer").await;
    let office = token(&app, "office-220102-officer").await;
    let city = token(&app, "office-220100-officer").await;
    let (_, stranger) = acting_for(&app, "employer-05-officer").await;
    let (guide, points) = five_dimensions(&app, &employer_token).await;
    let own_agreement = first_of(&app, &employer_token, "agreements", &employer["id"]).await;
    let own_offer = first_of(&app, &employer_token, "offers", &employer["id"]).await;
    let foreign_agreement = first_of(&app, &city, "agreements", &stranger["id"]).await;
    let mut socket = subscribe(
        &app,
        &union,
        "(filter: { kinds: [EVALUATION_SUBMITTED, EVALUATION_RETURNED, EVALUATION_CONFIRMED] }) { kind payload }",
    )
    .await;
    let before = app.rows(&["notifications"]).await;

    // Another employer's agreement is named, and nothing is stored.
    let draft = |agreement: &Value, scores: Vec<Value>| {
        json!({
            "employerId": employer["id"], "year": 2026, "guideId": guide, "scores": scores,
            "surveys": surveys(90), "agreementIds": [agreement], "negotiationIds": [own_offer],
        })
    };
    let refused = step(
        &app,
        &employer_token,
        "draftEvaluation",
        draft(&foreign_agreement, totalling(&points, 85.0)),
    )
    .await;
    assert_eq!(
        refusals(&refused),
        [("agreementIds.0".to_owned(), "NOT_FOUND".to_owned())],
        "{refused:#}"
    );
    assert_eq!(app.rows(&["notifications"]).await, before, "nothing stored");

    // A draft may leave points out; it is not submitted until every one is scored.
    let partial: Vec<Value> = totalling(&points, 85.0).into_iter().skip(1).collect();
    let drafted = step(
        &app,
        &employer_token,
        "draftEvaluation",
        draft(&own_agreement, partial),
    )
    .await;
    assert_eq!(drafted["userErrors"], json!([]), "{drafted:#}");
    let id = drafted["evaluation"]["id"].clone();
    let linked = app
        .data_as(
            Some(&union),
            "query($id: ID!) { node(id: $id) { ... on BargainingEvaluation { agreements { id } negotiations { id } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        linked["node"],
        json!({ "agreements": [{ "id": own_agreement }], "negotiations": [{ "id": own_offer }] })
    );
    let stored = app.rows(&["notifications"]).await;
    let early = step(
        &app,
        &employer_token,
        "submitEvaluation",
        json!({ "evaluationId": id, "expectedVersion": 1 }),
    )
    .await;
    let named = refusals(&early);
    assert!(
        named.iter().all(|(field, _)| field == "scores")
            && named[0].1 == "REQUIRED"
            && early["userErrors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(&points[0].0),
        "the unscored point is named: {early:#}"
    );
    assert_eq!(app.rows(&["notifications"]).await, stored, "nothing stored");
    let revised = step(&app, &employer_token, "reviseEvaluation", json!({
        "evaluationId": id, "expectedVersion": 1, "scores": totalling(&points, 85.0), "surveys": surveys(90),
        "agreementIds": [own_agreement],
    })).await;
    assert_eq!(revised["evaluation"]["selfTotal"], 85.0, "{revised:#}");
    let submitted = step(
        &app,
        &employer_token,
        "submitEvaluation",
        json!({ "evaluationId": id, "expectedVersion": 2 }),
    )
    .await;
    assert_eq!(
        submitted["evaluation"]["status"], "SUBMITTED",
        "{submitted:#}"
    );
    let event = next_event(&mut socket).await;
    assert_eq!(event["kind"], "EVALUATION_SUBMITTED", "{event:#}");

    // A blank reason, an unknown point, a score over its maximum: named, nothing stored.
    let stored = app.rows(&["notifications"]).await;
    let blank = step(
        &app,
        &office,
        "returnEvaluation",
        json!({ "evaluationId": id, "reason": "  " }),
    )
    .await;
    assert_eq!(
        refusals(&blank),
        [("reason".to_owned(), "REQUIRED".to_owned())],
        "{blank:#}"
    );
    let last = &points[26];
    for (adjustment, expected) in [
        (
            json!({ "code": last.0, "score": 0.25, "reason": " " }),
            vec![
                ("adjustments.0.reason", "REQUIRED"),
                ("adjustments.0.score", "INVALID"),
            ],
        ),
        (
            json!({ "code": "9.9.9", "score": 1.0, "reason": "材料不全" }),
            vec![("adjustments.0.code", "NOT_FOUND")],
        ),
        (
            json!({ "code": last.0, "score": last.1 + 1.0, "reason": "材料不全" }),
            vec![("adjustments.0.score", "OUT_OF_RANGE")],
        ),
    ] {
        let wrong = step(
            &app,
            &office,
            "confirmEvaluation",
            json!({ "evaluationId": id, "expectedVersion": 3, "adjustments": [adjustment] }),
        )
        .await;
        let mut named = refusals(&wrong);
        named.sort();
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(f, c)| (f.to_owned(), c.to_owned()))
            .collect();
        assert_eq!(named, expected, "{wrong:#}");
    }
    assert_eq!(app.rows(&["notifications"]).await, stored, "nothing stored");

    // Returned: the union hears it on its socket, the employer, the union and
    // the office by email with the reason.
    let returned = step(
        &app,
        &office,
        "returnEvaluation",
        json!({ "evaluationId": id, "reason": "缺少职工满意度调查原始问卷" }),
    )
    .await;
    assert_eq!(returned["evaluation"]["status"], "RETURNED", "{returned:#}");
    let event = next_event(&mut socket).await;
    assert_eq!(event["kind"], "EVALUATION_RETURNED", "{event:#}");
    let subject = "【协商平台】集体协商质效评价被退回：长春清源水务有限公司（2026年度）";
    for recipient in ["employer-21", "union-21", "office-220102"] {
        let mails = smtp
            .wait_for_where(
                recipient,
                |m| m.subject() == subject && m.to[0].starts_with(recipient),
                1,
            )
            .await;
        assert!(
            mails[0].body().contains("缺少职工满意度调查原始问卷"),
            "{}",
            mails[0].body()
        );
    }
    for mail in smtp.received() {
        assert!(
            !mail.subject().contains("清源水务")
                || !(mail.to[0].starts_with("employer-05")
                    || mail.to[0].starts_with("office-220103")),
            "no other party hears of it: {:?} {}",
            mail.to,
            mail.subject()
        );
    }

    // Titles: a year to come, a last day before the year named, a blank reason.
    let record = "mutation($input: RecordHarmonyTitleInput!) { recordHarmonyTitle(input: $input) { harmonyTitle { id version } userErrors { field code message } } }";
    let title = |year: i32, until: &str| {
        json!({ "input": {
            "employerId": employer["id"], "title": "劳动关系和谐企业", "level": "CITY", "year": year,
            "namedBy": "长春市协调劳动关系三方委员会", "document": "长劳三方〔2026〕3号", "validUntil": until,
        } })
    };
    let stored = app.rows(&["notifications"]).await;
    for (input, field, code) in [
        (title(2099, "2100-12-31"), "year", "OUT_OF_RANGE"),
        (title(2025, "2024-12-31"), "validUntil", "RULE_VIOLATED"),
    ] {
        let refused = app.data_as(Some(&office), record, input).await;
        assert_eq!(
            refusals(&refused["recordHarmonyTitle"]),
            [(field.to_owned(), code.to_owned())],
            "{refused:#}"
        );
    }
    assert_eq!(app.rows(&["notifications"]).await, stored, "nothing stored");
    let recorded = app
        .data_as(Some(&office), record, title(2025, "2028-12-31"))
        .await;
    let held = &recorded["recordHarmonyTitle"]["harmonyTitle"];
    assert_eq!(held["version"], 1, "{recorded:#}");
    let revoke = "mutation($input: RevokeHarmonyTitleInput!) { revokeHarmonyTitle(input: $input) { harmonyTitle { revokedAt } userErrors { field code } } }";
    let stored = app.rows(&["notifications"]).await;
    let blank = app
        .data_as(
            Some(&office),
            revoke,
            json!({ "input": { "titleId": held["id"], "expectedVersion": 1, "reason": "" } }),
        )
        .await;
    assert_eq!(
        refusals(&blank["revokeHarmonyTitle"]),
        [("reason".to_owned(), "REQUIRED".to_owned())]
    );
    assert_eq!(app.rows(&["notifications"]).await, stored, "nothing stored");
    let subject = "【协商平台】劳动关系和谐企业称号已登记：长春清源水务有限公司";
    smtp.wait_for_where(
        "the employer",
        |m| m.subject() == subject && m.to[0].starts_with("employer-21"),
        1,
    )
    .await;
}
