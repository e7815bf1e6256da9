//! The annual summary of a campaign (issue 19, item 5; seed 000 §二.(三)):
//! the office running a special action asks every district office for its
//! summary by a due day; each district's figures equal the counts of the
//! lists its office reads; a summary sent after the due day leaves its
//! clock missed; the city office reads every summary, the city total, and
//! the workbook and documents of them.

use std::collections::HashMap;

use calamine::{Data, Reader};
use serde_json::{Value, json};

use crate::exports::{document, export, fetch, number, sheet_rows, shows};
use crate::offers::{server_today, token};
use crate::on_both_backends;
use crate::smtp::SmtpServer;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(districts_summarise_the_campaign_with_the_figures_of_their_lists);

const FIGURES: &str = "{
    offers { total { issued answered accepted declined overdue concluded }
             byCategory { category counts { issued accepted declined overdue concluded } } }
    negotiations { concluded byOutcome { key count } }
    agreements { total { signed filed inForce workersCovered }
                 byKind { kind signed filed inForce workersCovered } }
    risk { cases open byItem { key count } byLevel { key count } byOutcome { key count }
           healthChecks rectifications { added done verified overdue } }
    layoffs { plans workers completed withdrawn }
    evaluation { year evaluations filed typicalUnits modelUnits titledEmployers evaluated
                 evaluatedWithContract employers employersCovered workers workersCovered } }";

fn summary_fields() -> String {
    format!(
        "id version status dueOn late submittedAt submittedBy office {{ id name }} region {{ id name }}
         deadline {{ kind status dueAt }} workDone nextSteps figures {FIGURES}"
    )
}

const OFFER_STATES: &[&str] = &[
    "ISSUED",
    "ACCEPTED",
    "DECLINED",
    "IN_NEGOTIATION",
    "CONCLUDED",
    "SUSPENDED",
    "WITHDRAWN",
];
const CASE_STATES: &[&str] = &["REPORTED", "ASSESSED", "RESOLVING", "CLOSED"];
const PLAN_STATES: &[&str] = &[
    "EXPLAINED",
    "OPINION_GIVEN",
    "ANSWERED",
    "REPORTED",
    "IMPLEMENTING",
    "COMPLETED",
    "WITHDRAWN",
];

/// The `totalCount` of `list` with `filter`, as `caller`.
async fn count(app: &TestApp, caller: &str, list: &str, filter_type: &str, filter: Value) -> i64 {
    let query =
        format!("query($f: {filter_type}) {{ {list}(filter: $f, first: 1) {{ totalCount }} }}");
    let data = app
        .data_as(Some(caller), &query, json!({ "f": filter }))
        .await;
    data[list]["totalCount"]
        .as_i64()
        .unwrap_or_else(|| panic!("{list}: {data}"))
}

/// Every agreement of `region` as `caller`: when both signed, its filings, its status.
async fn agreements(app: &TestApp, caller: &str, region: &Value) -> Vec<Value> {
    let query = "query($f: AgreementFilterInput, $a: String) { agreements(filter: $f, first: 100, after: $a) {
        pageInfo { hasNextPage endCursor } edges { node { kind status signedAt filings { filedAt } } } } }";
    let mut all = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app
            .data_as(
                Some(caller),
                query,
                json!({ "f": { "region": region }, "a": after }),
            )
            .await;
        let page = &data["agreements"];
        all.extend(
            page["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"].clone()),
        );
        if page["pageInfo"]["hasNextPage"] != true {
            return all;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

/// The `count` of the `{ key count }` of `key` in `tallies` (0 when absent).
fn tallied(tallies: &Value, key: &str) -> i64 {
    tallies
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == key)
        .map_or(0, |t| t["count"].as_i64().unwrap())
}

/// The figures of `region` equal the counts of the lists `caller` reads:
/// every record is within the campaign's period.
async fn figures_equal_the_lists(app: &TestApp, caller: &str, region: &Value, figures: &Value) {
    let offers = |filter: Value| count(app, caller, "offers", "OfferFilterInput", filter);
    let issued = json!({ "region": region, "statuses": OFFER_STATES });
    let total = &figures["offers"]["total"];
    assert!(
        total["issued"].as_i64().unwrap() > 0,
        "the demo district has offers"
    );
    assert_eq!(
        total["issued"],
        offers(issued.clone()).await,
        "offers issued"
    );
    for (state, field) in [("DECLINED", "declined"), ("CONCLUDED", "concluded")] {
        let filter = json!({ "region": region, "statuses": [state] });
        assert_eq!(total[field], offers(filter).await, "offers {state}");
    }
    let overdue = json!({ "region": region, "overdue": true });
    assert_eq!(total["overdue"], offers(overdue).await, "offers overdue");
    assert_eq!(
        figures["negotiations"]["concluded"], total["concluded"],
        "every conclusion is in the period"
    );
    for line in figures["offers"]["byCategory"].as_array().unwrap() {
        let mut filter = issued.clone();
        filter["categories"] = json!([line["category"]]);
        assert_eq!(line["counts"]["issued"], offers(filter).await, "{line}");
    }
    let by_category: i64 = figures["offers"]["byCategory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["counts"]["issued"].as_i64().unwrap())
        .sum();
    assert_eq!(json!(by_category), total["issued"]);

    let listed = agreements(app, caller, region).await;
    let in_force = |kind: Option<&Value>| {
        listed
            .iter()
            .filter(|a| a["status"] == "EFFECTIVE" && kind.is_none_or(|k| a["kind"] == *k))
            .count() as i64
    };
    let signed = listed.iter().filter(|a| !a["signedAt"].is_null()).count() as i64;
    let filed = listed
        .iter()
        .filter(|a| !a["filings"].as_array().unwrap().is_empty())
        .count() as i64;
    let agreements = &figures["agreements"];
    assert!(
        agreements["total"]["inForce"].as_i64().unwrap() > 0,
        "{agreements}"
    );
    assert_eq!(agreements["total"]["inForce"], in_force(None), "in force");
    assert_eq!(agreements["total"]["signed"], signed, "signed");
    assert_eq!(agreements["total"]["filed"], filed, "filed");
    for line in agreements["byKind"].as_array().unwrap() {
        assert_eq!(line["inForce"], in_force(Some(&line["kind"])), "{line}");
    }

    let cases = |filter: Value| count(app, caller, "riskCases", "RiskCaseFilterInput", filter);
    let risk = &figures["risk"];
    assert!(risk["cases"].as_i64().unwrap() > 0, "{risk}");
    assert_eq!(
        risk["cases"],
        cases(json!({ "region": region, "statuses": CASE_STATES })).await
    );
    let open = json!({ "region": region, "statuses": ["REPORTED", "ASSESSED", "RESOLVING"] });
    assert_eq!(risk["open"], cases(open).await);
    for item in risk["byItem"].as_array().unwrap() {
        let filter = json!({ "region": region, "statuses": CASE_STATES, "items": [item["key"]] });
        assert_eq!(item["count"], cases(filter).await, "{item}");
    }
    for level in ["LEVEL_1", "LEVEL_2", "LEVEL_3"] {
        let filter = json!({ "region": region, "statuses": CASE_STATES, "levels": [level] });
        assert_eq!(
            json!(tallied(&risk["byLevel"], level)),
            cases(filter).await,
            "{level}"
        );
    }
    let checks = count(
        app,
        caller,
        "healthChecks",
        "HealthCheckFilterInput",
        json!({ "region": region }),
    )
    .await;
    assert_eq!(risk["healthChecks"], checks);
    let items = |filter: Value| {
        count(
            app,
            caller,
            "rectificationItems",
            "RectificationFilterInput",
            filter,
        )
    };
    let rectifications = &risk["rectifications"];
    assert_eq!(
        rectifications["added"],
        items(json!({ "region": region })).await
    );
    let done = json!({ "region": region, "statuses": ["DONE", "VERIFIED"] });
    assert_eq!(rectifications["done"], items(done).await);
    assert_eq!(
        rectifications["overdue"],
        items(json!({ "region": region, "overdue": true })).await
    );

    let plans = |filter: Value| count(app, caller, "layoffPlans", "LayoffPlanFilterInput", filter);
    let layoffs = &figures["layoffs"];
    assert_eq!(
        layoffs["plans"],
        plans(json!({ "region": region, "statuses": PLAN_STATES })).await
    );
    let completed = json!({ "region": region, "statuses": ["COMPLETED"] });
    assert_eq!(layoffs["completed"], plans(completed).await);

    let evaluation = &figures["evaluation"];
    let report = app
        .data_as(
            Some(caller),
            "query($r: ID, $y: Int) { coverageReport(region: $r, year: $y) {
                total { titledEmployers evaluated employersCovered workersCovered }
                evaluations { typical model byStatus { status count } } } }",
            json!({ "r": region, "y": evaluation["year"] }),
        )
        .await["coverageReport"]
        .clone();
    for (ours, theirs) in [
        ("titledEmployers", "titledEmployers"),
        ("evaluated", "evaluated"),
        ("employersCovered", "employersCovered"),
        ("workersCovered", "workersCovered"),
    ] {
        assert_eq!(evaluation[ours], report["total"][theirs], "{ours}");
    }
    assert_eq!(evaluation["typicalUnits"], report["evaluations"]["typical"]);
    assert_eq!(evaluation["modelUnits"], report["evaluations"]["model"]);
    let submitted: i64 = report["evaluations"]["byStatus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_i64().unwrap())
        .sum();
    assert_eq!(evaluation["evaluations"], submitted);
}

/// The region of `code`.
pub(crate) async fn region(app: &TestApp, code: &str) -> Value {
    let regions = app
        .data(
            "{ regions(first: 100) { edges { node { id code } } } }",
            json!({}),
        )
        .await;
    regions["regions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["code"] == code)
        .map(|e| e["node"]["id"].clone())
        .unwrap()
}

/// Runs `field` with `input` as `caller`; its payload.
async fn call(app: &TestApp, caller: &str, field: &str, input: Value, returns: &str) -> Value {
    let kind = format!("{}{}Input", field[..1].to_uppercase(), &field[1..]);
    let query = format!(
        "mutation($input: {kind}!) {{ {field}(input: $input) {{ {returns} userErrors {{ field code message }} }} }}"
    );
    app.data_as(Some(caller), &query, json!({ "input": input }))
        .await[field]
        .clone()
}

fn narrative() -> Value {
    json!({
        "workDone": "全区开展春季要约行动，走访企业120家。\n召开恳谈会8场。",
        "experience": "以行业协商带动小微企业。",
        "typicalCases": "某物流企业通过恳谈会化解欠薪风险。",
        "problems": "新就业形态企业协商意愿不强。",
        "causes": "平台企业用工关系复杂。",
        "nextSteps": "完善突发性问题应急预案。",
    })
}

async fn districts_summarise_the_campaign_with_the_figures_of_their_lists(backend: Backend) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let city = token(&app, "office-220100-officer").await;
    let district = token(&app, "office-220102-officer").await;
    let other = token(&app, "office-220103-officer").await;
    let employer = token(&app, "employer-21-officer").await;
    let today = server_today(&app).await;
    let year: i32 = today[..4].parse().unwrap();
    let (city_region, district_a) = (region(&app, "220100").await, region(&app, "220102").await);

    // The city office's special action, over every record of the demo.
    let name = format!("{year}年劳动关系领域专项行动");
    let created = call(
        &app,
        &city,
        "createCampaign",
        json!({ "name": name, "kind": "SPECIAL_ACTION", "regionId": city_region,
                "startsOn": "2000-01-01", "endsOn": format!("{}-12-31", year + 1) }),
        "campaign { id }",
    )
    .await;
    let campaign = created["campaign"]["id"].clone();
    let request = |input: Value, caller: &str| {
        let caller = caller.to_owned();
        let app = &app;
        async move {
            call(app, &caller, "requestCampaignSummaries", input,
                 "campaignSummaries { id dueOn status office { id } deadline { kind status dueAt } }").await
        }
    };

    // Only the office running it asks; a past day is refused by name.
    // Neither stores anything (emails of earlier events still go out).
    let unchanged = || app.rows(&["notifications", "sessions"]);
    let before = unchanged().await;
    let refused = app
        .graphql_as(Some(&district), "mutation($input: RequestCampaignSummariesInput!) { requestCampaignSummaries(input: $input) { userErrors { code } } }",
            json!({ "input": { "campaignId": campaign } }))
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    let past = request(
        json!({ "campaignId": campaign, "dueOn": "2001-01-01" }),
        &city,
    )
    .await;
    assert_eq!(past["userErrors"][0]["field"], json!(["dueOn"]), "{past}");
    assert_eq!(past["campaignSummaries"], json!([]));
    assert_eq!(
        unchanged().await,
        before,
        "a refused request stores nothing"
    );

    // By default due on 15 December of the campaign's last year, one per district office.
    let asked = request(json!({ "campaignId": campaign }), &city).await;
    assert_eq!(asked["userErrors"], json!([]), "{asked}");
    let offices = app
        .data_as(Some(&city), "query($r: ID) { organizations(filter: { kinds: [TRIPARTITE_OFFICE], region: $r }, first: 100) { edges { node { id region { id } } } } }",
            json!({ "r": city_region }))
        .await;
    let mut districts: Vec<Value> = offices["organizations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["region"]["id"] != city_region)
        .map(|e| e["node"]["id"].clone())
        .collect();
    let mut summaries: Vec<Value> = asked["campaignSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["office"]["id"].clone())
        .collect();
    districts.sort_by_key(Value::to_string);
    summaries.sort_by_key(Value::to_string);
    assert!(districts.len() >= 2, "{offices}");
    assert_eq!(summaries, districts, "a summary for every district office");
    for summary in asked["campaignSummaries"].as_array().unwrap() {
        assert_eq!(summary["dueOn"], format!("{}-12-15", year + 1));
        assert_eq!(summary["status"], "DRAFT");
        assert_eq!(summary["deadline"]["kind"], "CAMPAIGN_SUMMARY");
        assert_eq!(summary["deadline"]["status"], "OPEN");
    }

    // Asked again for today: the due day and the clock move.
    let asked = request(json!({ "campaignId": campaign, "dueOn": today }), &city).await;
    for summary in asked["campaignSummaries"].as_array().unwrap() {
        assert_eq!(summary["dueOn"], today.as_str());
        assert_eq!(summary["deadline"]["status"], "OPEN");
        let due: chrono::DateTime<chrono::FixedOffset> = summary["deadline"]["dueAt"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let beijing = due.with_timezone(&chrono_tz::Asia::Shanghai);
        assert_eq!(
            (beijing - chrono::Duration::seconds(1))
                .date_naive()
                .to_string(),
            today,
            "due at 24:00 of the day"
        );
    }
    let subject = format!("【协商平台】请报送工作总结：{name}");
    let (y, m, d) = (
        &today[..4],
        today[5..7].trim_start_matches('0'),
        today[8..].trim_start_matches('0'),
    );
    let moved = format!("于{y}年{m}月{d}日前报送");
    for office in ["office-220102", "office-220103"] {
        smtp.wait_for_where(
            office,
            |m| m.subject() == subject && m.to[0].starts_with(office) && m.body().contains(&moved),
            1,
        )
        .await;
    }
    assert!(
        smtp.received()
            .iter()
            .all(|m| m.subject() != subject || m.to[0].starts_with("office-")),
        "only the offices are asked"
    );

    // District A's figures are its lists' counts.
    let read = format!(
        "query($c: ID!) {{ node(id: $c) {{ ... on Campaign {{ summaries {{ {} }} summaryTotal {FIGURES} }} }} }}",
        summary_fields()
    );
    let mine = app
        .data_as(Some(&district), &read, json!({ "c": campaign }))
        .await;
    let own = mine["node"]["summaries"].as_array().unwrap();
    assert_eq!(
        own.len(),
        1,
        "a district office sees its own summary: {mine}"
    );
    assert_eq!(
        mine["node"]["summaryTotal"],
        Value::Null,
        "not the city total"
    );
    let summary_a = own[0].clone();
    assert_eq!(summary_a["region"]["id"], district_a);
    figures_equal_the_lists(&app, &district, &district_a, &summary_a["figures"]).await;

    // The city office sees every summary and the city total, as its lists count.
    let all = app
        .data_as(Some(&city), &read, json!({ "c": campaign }))
        .await;
    assert_eq!(
        all["node"]["summaries"].as_array().unwrap().len(),
        districts.len()
    );
    let total = all["node"]["summaryTotal"].clone();
    figures_equal_the_lists(&app, &city, &city_region, &total).await;
    // Nobody else: another district, a party.
    let id_a = summary_a["id"].clone();
    let hidden = app
        .graphql_as(
            Some(&other),
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": id_a }),
        )
        .await;
    assert_eq!(error_code(&hidden), "NOT_FOUND", "{hidden}");
    let theirs = app
        .data_as(Some(&other), &read, json!({ "c": campaign }))
        .await;
    assert_eq!(theirs["node"]["summaries"].as_array().unwrap().len(), 1);
    assert_ne!(theirs["node"]["summaries"][0]["id"], id_a);
    let party = app
        .data_as(Some(&employer), &read, json!({ "c": campaign }))
        .await;
    assert_eq!(party["node"]["summaries"], json!([]));
    assert_eq!(party["node"]["summaryTotal"], Value::Null);
    let forbidden = app
        .graphql_as(Some(&city), "mutation($input: ReviseCampaignSummaryInput!) { reviseCampaignSummary(input: $input) { userErrors { code } } }",
            json!({ "input": { "summaryId": id_a, "expectedVersion": summary_a["version"], "workDone": "代写" } }))
        .await;
    assert_eq!(
        error_code(&forbidden),
        "FORBIDDEN",
        "the city office does not write a district's summary"
    );

    // A blank section holds the submission back; then it goes in time.
    let submit = |caller: String, id: Value, version: Value| {
        let app = &app;
        async move {
            call(
                app,
                &caller,
                "submitCampaignSummary",
                json!({ "summaryId": id, "expectedVersion": version }),
                &format!("campaignSummary {{ {} }}", summary_fields()),
            )
            .await
        }
    };
    let before = unchanged().await;
    let blank = submit(district.clone(), id_a.clone(), summary_a["version"].clone()).await;
    let fields: Vec<&Value> = blank["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["field"])
        .collect();
    assert_eq!(fields.len(), 6, "{blank}");
    assert_eq!(blank["userErrors"][5]["code"], "REQUIRED");
    let too_long = call(
        &app,
        &district,
        "reviseCampaignSummary",
        json!({ "summaryId": id_a, "expectedVersion": summary_a["version"], "workDone": "走访",
                "nextSteps": "x".repeat(20_001) }),
        "campaignSummary { id }",
    )
    .await;
    assert_eq!(
        too_long["userErrors"][0]["field"],
        json!(["nextSteps"]),
        "{too_long}"
    );
    assert_eq!(too_long["userErrors"][0]["code"], "OUT_OF_RANGE");
    assert_eq!(
        unchanged().await,
        before,
        "a refused submission or revision stores nothing, the valid section neither"
    );
    let mut input = narrative();
    input["summaryId"] = id_a.clone();
    input["expectedVersion"] = summary_a["version"].clone();
    let revised = call(
        &app,
        &district,
        "reviseCampaignSummary",
        input,
        "campaignSummary { version workDone }",
    )
    .await;
    assert_eq!(revised["userErrors"], json!([]), "{revised}");
    let sent = submit(
        district.clone(),
        id_a.clone(),
        revised["campaignSummary"]["version"].clone(),
    )
    .await;
    assert_eq!(sent["userErrors"], json!([]), "{sent}");
    let sent = &sent["campaignSummary"];
    assert_eq!(sent["status"], "SUBMITTED");
    assert_eq!(sent["late"], false);
    assert_eq!(sent["deadline"]["status"], "MET");
    assert!(!sent["submittedBy"].as_str().unwrap().is_empty());
    assert_eq!(
        sent["figures"], summary_a["figures"],
        "the figures as counted"
    );
    let subject = format!("【协商平台】工作总结已报送：{name}（");
    smtp.wait_for_where(
        "the city office",
        |m| m.subject().starts_with(&subject) && m.to[0].starts_with("office-220100"),
        1,
    )
    .await;
    let mut again = narrative();
    again["summaryId"] = id_a.clone();
    again["expectedVersion"] = sent["version"].clone();
    let before = unchanged().await;
    let kept = call(
        &app,
        &district,
        "reviseCampaignSummary",
        again,
        "campaignSummary { id }",
    )
    .await;
    assert_eq!(kept["userErrors"][0]["code"], "RULE_VIOLATED", "{kept}");
    assert_eq!(kept["userErrors"][0]["field"], json!(["summaryId"]));
    assert_eq!(
        unchanged().await,
        before,
        "a submitted summary stays as sent"
    );

    // District B writes after its day: the summary is late, its clock missed.
    app.advance(chrono::Duration::days(2)).await;
    let other = token(&app, "office-220103-officer").await;
    let mut theirs = app
        .data_as(Some(&other), &read, json!({ "c": campaign }))
        .await["node"]["summaries"][0]
        .clone();
    for _ in 0..50 {
        if theirs["deadline"]["status"] == "MISSED" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        theirs = app
            .data_as(Some(&other), &read, json!({ "c": campaign }))
            .await["node"]["summaries"][0]
            .clone();
    }
    assert_eq!(theirs["deadline"]["status"], "MISSED", "{theirs}");
    let mut input = narrative();
    input["summaryId"] = theirs["id"].clone();
    input["expectedVersion"] = theirs["version"].clone();
    let revised = call(
        &app,
        &other,
        "reviseCampaignSummary",
        input,
        "campaignSummary { version }",
    )
    .await;
    let late = submit(
        other.clone(),
        theirs["id"].clone(),
        revised["campaignSummary"]["version"].clone(),
    )
    .await;
    let late = &late["campaignSummary"];
    assert_eq!(late["status"], "SUBMITTED", "{late}");
    assert_eq!(late["late"], true);
    assert_eq!(
        late["deadline"]["status"], "MISSED",
        "a late summary is a missed deadline"
    );

    // The workbook: who sent what when, each district's figures and the city total.
    let city = token(&app, "office-220100-officer").await;
    let district = token(&app, "office-220102-officer").await;
    let employer = token(&app, "employer-21-officer").await;
    let download = export(
        &app,
        &city,
        "campaignSummaries",
        json!({ "campaign": campaign }),
    )
    .await;
    assert!(
        download["fileName"]
            .as_str()
            .unwrap()
            .starts_with("专项行动工作总结汇总-"),
        "{download}"
    );
    let (status, book, body) = fetch(&app, download["url"].as_str().unwrap()).await;
    assert_eq!(status, 200, "{body}");
    let mut book = book.unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "报送情况",
            "要约与协商",
            "集体合同",
            "风险监测",
            "质效评价与覆盖"
        ]
    );
    let sent_rows = sheet_rows(&book.worksheet_range("报送情况").unwrap());
    assert_eq!(sent_rows.len(), districts.len());
    let by_office: HashMap<String, &HashMap<String, Data>> = sent_rows
        .iter()
        .map(|r| (r["区县三方办"].to_string(), r))
        .collect();
    let office_a = summary_a["office"]["name"].as_str().unwrap();
    assert_eq!(by_office[office_a]["状态"], Data::String("已报送".into()));
    assert_eq!(by_office[office_a]["逾期报送"], Data::String("否".into()));
    let office_b = theirs["office"]["name"].as_str().unwrap();
    assert_eq!(by_office[office_b]["逾期报送"], Data::String("是".into()));
    let offer_rows = sheet_rows(&book.worksheet_range("要约与协商").unwrap());
    assert_eq!(
        offer_rows.len(),
        districts.len() + 1,
        "each district, then the total"
    );
    let row_a = offer_rows
        .iter()
        .find(|r| r["区域"] == summary_a["region"]["name"].as_str().unwrap())
        .unwrap();
    let issued_a = summary_a["figures"]["offers"]["total"]["issued"]
        .as_f64()
        .unwrap();
    assert_eq!(number(&row_a["发出要约"]), issued_a);
    let last = offer_rows.last().unwrap();
    assert_eq!(last["区域"].to_string(), "合计");
    assert_eq!(
        number(&last["发出要约"]),
        total["offers"]["total"]["issued"].as_f64().unwrap()
    );
    let agreement_rows = sheet_rows(&book.worksheet_range("集体合同").unwrap());
    assert_eq!(
        number(&agreement_rows.last().unwrap()["有效"]),
        total["agreements"]["total"]["inForce"].as_f64().unwrap()
    );
    // District A's workbook has its own row and no city total.
    let download = export(
        &app,
        &district,
        "campaignSummaries",
        json!({ "campaign": campaign }),
    )
    .await;
    let (_, book, _) = fetch(&app, download["url"].as_str().unwrap()).await;
    let rows = sheet_rows(&book.unwrap().worksheet_range("要约与协商").unwrap());
    assert_eq!(rows.len(), 1, "{rows:?}");

    // The document: the narrative, the figures, the office's seal line.
    let (file, xml) = document(&app, &city, "CAMPAIGN_SUMMARY", &id_a).await;
    assert!(file.starts_with("专项行动工作总结"), "{file}");
    let doc = "CAMPAIGN_SUMMARY";
    let district_name = summary_a["region"]["name"].as_str().unwrap();
    shows(&xml, doc, &format!("{district_name}{name}工作总结"));
    shows(&xml, doc, "全区开展春季要约行动，走访企业120家。");
    shows(&xml, doc, "召开恳谈会8场。");
    shows(&xml, doc, "完善突发性问题应急预案。");
    shows(&xml, doc, "发出要约（份）");
    shows(&xml, doc, &format!("{}（盖章）", office_a));
    shows(
        &xml,
        doc,
        &format!("<w:t xml:space=\"preserve\">{issued_a}</w:t>"),
    );
    // The city office's account of them all: who sent when, the city's figures.
    let (_, xml) = document(&app, &city, "CAMPAIGN_SUMMARIES", &campaign).await;
    let doc = "CAMPAIGN_SUMMARIES";
    shows(&xml, doc, &format!("{name}工作总结汇总"));
    shows(
        &xml,
        doc,
        &format!(
            "共{}个区县（开发区）三方办公室应报送工作总结，已报送2个，其中逾期1个。",
            districts.len()
        ),
    );
    shows(&xml, doc, theirs["region"]["name"].as_str().unwrap());
    shows(&xml, doc, "（逾期）");
    let city_issued = total["offers"]["total"]["issued"].as_i64().unwrap();
    shows(
        &xml,
        doc,
        &format!("<w:t xml:space=\"preserve\">{city_issued}</w:t>"),
    );
    let refused = app
        .data_as(Some(&district), "mutation($input: ExportDocumentInput!) { exportDocument(input: $input) { userErrors { field code } } }",
            json!({ "input": { "document": "CAMPAIGN_SUMMARIES", "id": campaign } }))
        .await;
    assert_eq!(
        refused["exportDocument"]["userErrors"][0]["field"],
        json!(["document"]),
        "{refused}"
    );
    let refused = app
        .data_as(Some(&employer), "mutation($input: ExportDocumentInput!) { exportDocument(input: $input) { userErrors { field code } } }",
            json!({ "input": { "document": "CAMPAIGN_SUMMARY", "id": id_a } }))
        .await;
    assert_eq!(
        refused["exportDocument"]["userErrors"][0]["code"], "NOT_FOUND",
        "{refused}"
    );
}
