//! Risk monitoring (issue 15): the quick report, the 24-hour information
//! form, urgent cases, warnings, who sees what, and the ledger's cost.

use chrono::{DateTime, Datelike, Duration, Utc};
use serde_json::{Value, json};

use crate::events::{next_event, subscribe};
use crate::offers::{employer, server_now, statements_for, token};
use crate::on_both_backends;
use crate::smtp::SmtpServer;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(
    a_phoned_report_gets_its_form_within_24_hours_and_a_late_one_reaches_the_city,
    an_urgent_case_reaches_the_city_office_at_once,
    only_the_city_office_sets_a_warning,
    departures_of_fifty_or_of_a_tenth_open_a_case,
    a_missed_report_earns_a_credit_reminder_and_an_interview,
    bad_input_names_its_field_and_stores_nothing,
    each_party_sees_its_own_part_of_a_case,
    the_ledger_reads_as_much_for_a_hundred_cases_as_for_ten,
);

const CASE: &str = "id status urgent level items receivedAt attentionDue
    employer { name } office { name }
    reports { employerName legalRepresentative headcount reporter channel notifiedAt arrearsAmount arrearsMonths }
    forms { number title level }
    formDeadline { dueAt status }";

const SUBMIT: &str = "mutation($input: SubmitQuickReportInput!) { submitQuickReport(input: $input) {
    riskCase { id status urgent level items receivedAt attentionDue
      employer { name } office { name }
      reports { employerName legalRepresentative headcount reporter channel notifiedAt arrearsAmount arrearsMonths }
      forms { number title level }
      formDeadline { dueAt status } }
    userErrors { field code message } } }";

const FORM: &str = "mutation($input: FileRiskFormInput!) { fileRiskForm(input: $input) {
    riskCase { id status level forms { number title level } formDeadline { dueAt status } }
    userErrors { field code message } } }";

fn instant(value: &Value) -> DateTime<Utc> {
    value
        .as_str()
        .unwrap_or_else(|| panic!("an instant: {value}"))
        .parse()
        .unwrap()
}

async fn submit(app: &TestApp, token: &str, input: Value) -> Value {
    let body = app
        .data_as(Some(token), SUBMIT, json!({ "input": input }))
        .await;
    let payload = &body["submitQuickReport"];
    assert_eq!(payload["userErrors"], json!([]), "{body}");
    payload["riskCase"].clone()
}

fn report(employer: &Value, items: &[&str], notified: Option<DateTime<Utc>>) -> Value {
    json!({
        "employerId": employer,
        "items": items,
        "details": "本月工资未能按时足额发放，涉及职工120人。",
        "measures": "已筹措资金，拟分两次补发。",
        "reporter": "李娜",
        "reporterPhone": "0431-85550101",
        "notifiedAt": notified.map(|t| t.to_rfc3339()),
        "channel": notified.map(|_| "PHONE"),
        "workersAffected": 120,
    })
}

fn form(case: &Value) -> Value {
    json!({
        "riskCaseId": case["id"],
        "title": "长春清源水务有限公司拖欠工资",
        "level": "LEVEL_1",
        "situation": "11月工资未发放，职工到公司反映。",
        "cause": "回款延迟，资金周转困难。",
        "trend": "若月底前不能补发，可能引发集体维权。",
        "measures": "约谈企业负责人，指导制定补发计划。",
        "nextSteps": "跟踪补发进度。",
        "responsibleHead": "王强",
        "filledBy": "赵敏",
        "phone": "0431-88880000",
    })
}

async fn region(app: &TestApp, name: &str) -> Value {
    let query = "query($name: String) { regions(filter: { nameContains: $name }) { edges { node { id } } } }";
    app.data(query, json!({ "name": name })).await["regions"]["edges"][0]["node"]["id"].clone()
}

async fn node(app: &TestApp, token: &str, id: &Value) -> Value {
    let query = format!("query($id: ID!) {{ node(id: $id) {{ ... on RiskCase {{ {CASE} }} }} }}");
    app.graphql_as(Some(token), &query, json!({ "id": id }))
        .await
}

async fn a_phoned_report_gets_its_form_within_24_hours_and_a_late_one_reaches_the_city(
    backend: Backend,
) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let water = employer(&app, "清源水务").await;
    // The employer phones at T, and submits the quick report an hour later.
    let phoned = server_now(&app).await;
    app.advance(Duration::hours(1)).await;
    let management = token(&app, "employer-21-officer").await;
    let mut input = report(&water, &["WAGE_ARREARS"], Some(phoned));
    input["wageArrears"] = json!({ "amount": "356000.5", "months": 2 });
    let case = submit(&app, &management, input).await;
    assert_eq!(case["status"], "REPORTED");
    assert_eq!(case["urgent"], false);
    assert_eq!(case["office"]["name"], "南关区协调劳动关系三方委员会办公室");
    let filed = &case["reports"][0];
    assert_eq!(filed["legalRepresentative"], "许文斌", "from the profile");
    assert_eq!(filed["headcount"], 680);
    assert_eq!(filed["channel"], "PHONE");
    assert_eq!(filed["arrearsAmount"], "356000.50");
    assert_eq!(filed["arrearsMonths"], 2);
    assert!((instant(&case["receivedAt"]) - phoned).num_seconds().abs() < 1);
    assert_eq!(case["forms"], Value::Null, "the employer sees no analysis");
    assert_eq!(case["formDeadline"], Value::Null);

    // The district office sees the clock: 24 hours from the call.
    let district = token(&app, "office-220102-officer").await;
    let seen = node(&app, &district, &case["id"]).await;
    let clock = &seen["data"]["node"]["formDeadline"];
    assert_eq!(clock["status"], "OPEN");
    let due = instant(&clock["dueAt"]);
    assert!(
        (due - (phoned + Duration::hours(24))).num_seconds().abs() < 1,
        "{due}"
    );
    assert_eq!(instant(&seen["data"]["node"]["attentionDue"]), due);

    let subject = "【协商平台】劳动关系风险报告：长春清源水务有限公司";
    // Everyone concerned but the officer who submitted it.
    for recipient in [
        "office-220102-officer",
        "employer-21-admin",
        "association-2-officer",
    ] {
        smtp.wait_for_where(
            recipient,
            |m| m.subject() == subject && m.to[0].starts_with(recipient),
            1,
        )
        .await;
    }
    let to: Vec<String> = smtp
        .received()
        .iter()
        .filter(|m| m.subject() == subject)
        .flat_map(|m| m.to.clone())
        .collect();
    assert!(
        !to.iter()
            .any(|r| r.starts_with("office-220100-") || r.starts_with("office-220103-")),
        "neither the city nor another district hears of a calm case: {to:?}"
    );

    // A form at T+23h59m meets the clock.
    app.advance(due - server_now(&app).await - Duration::minutes(1))
        .await;
    let district = token(&app, "office-220102-officer").await;
    let body = app
        .data_as(Some(&district), FORM, json!({ "input": form(&case) }))
        .await;
    let assessed = &body["fileRiskForm"]["riskCase"];
    assert_eq!(assessed["status"], "ASSESSED", "{body}");
    assert_eq!(assessed["level"], "LEVEL_1");
    assert_eq!(assessed["formDeadline"]["status"], "MET");
    assert_eq!(assessed["forms"][0]["number"], 1);

    // A second case, on another item, whose form comes too late.
    let management = token(&app, "employer-21-officer").await;
    let second = submit(&app, &management, report(&water, &["LAYOFF"], None)).await;
    assert_ne!(second["id"], case["id"], "another item is another case");
    app.advance(Duration::hours(24) + Duration::minutes(1))
        .await;
    // The district office and, the clock escalating, the city office are told.
    for recipient in ["office-220102-officer", "office-220100-officer"] {
        smtp.wait_for_where(
            recipient,
            |m| {
                m.subject().contains("已逾期")
                    && m.subject().contains("风险监测预警信息情况表")
                    && m.to[0].starts_with(recipient)
            },
            1,
        )
        .await;
    }
    let district = token(&app, "office-220102-officer").await;
    let late = app
        .data_as(Some(&district), FORM, json!({ "input": form(&second) }))
        .await;
    let late = &late["fileRiskForm"]["riskCase"];
    assert_eq!(late["status"], "ASSESSED");
    assert_eq!(late["formDeadline"]["status"], "MISSED");
    let overdue = app
        .data_as(
            Some(&district),
            "{ riskCases(filter: { overdue: true }) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let ids: Vec<&Value> = overdue["riskCases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"]["id"])
        .collect();
    assert_eq!(ids, [&second["id"]], "only the late form is overdue");
}

async fn an_urgent_case_reaches_the_city_office_at_once(backend: Backend) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let water = employer(&app, "清源水务").await;
    // The city office gives 南关区 one hour to report an urgent case up.
    let nanguan = region(&app, "南关").await;
    let rules = "mutation($input: SetRiskRulesInput!) { setRiskRules(input: $input) { urgentHours returnDay userErrors { field } } }";
    let input = json!({ "input": { "regionId": nanguan, "urgentHours": 1 } });
    let district = token(&app, "office-220102-officer").await;
    let refused = app.graphql_as(Some(&district), rules, input.clone()).await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let city = token(&app, "office-220100-officer").await;
    let set = app.data_as(Some(&city), rules, input).await;
    assert_eq!(
        set["setRiskRules"],
        json!({ "urgentHours": 1, "returnDay": null, "userErrors": [] })
    );
    let union = token(&app, "union-21-officer").await;
    // Workers blocking the gate (item 九) are urgent whatever the report says.
    let case = submit(&app, &union, report(&water, &["COLLECTIVE_ACTION"], None)).await;
    assert_eq!(case["urgent"], true);
    let subject = "【协商平台】【紧急】劳动关系风险报告：长春清源水务有限公司";
    let mails = smtp
        .wait_for_where(
            "to the city office",
            |m| m.subject() == subject && m.to[0].starts_with("office-220100-"),
            1,
        )
        .await;
    assert!(
        mails[0]
            .body()
            .contains("立即向市协调劳动关系三方委员会办公室报告")
    );
    // An hour to report it up; the report to the city office meets it.
    let query = "query($id: ID!) { node(id: $id) { ... on RiskCase { attentionDue urgentDeadline { dueAt status } } } }";
    let seen = app
        .data_as(Some(&district), query, json!({ "id": case["id"] }))
        .await;
    let due = instant(&seen["node"]["urgentDeadline"]["dueAt"]);
    assert!(
        (due - instant(&case["receivedAt"]) - Duration::hours(1))
            .num_seconds()
            .abs()
            < 1
    );
    assert_eq!(
        instant(&seen["node"]["attentionDue"]),
        due,
        "the sooner clock leads"
    );
    let reported = app
        .data_as(
            Some(&district),
            "mutation($input: ReportRiskCaseUpwardInput!) { reportRiskCaseUpward(input: $input) {
                riskCase { urgentDeadline { status } upwardReports { recipient note } } userErrors { field } } }",
            json!({ "input": { "riskCaseId": case["id"], "recipient": "CITY_OFFICE", "note": "电话报告市三方办" } }),
        )
        .await;
    let reported = &reported["reportRiskCaseUpward"]["riskCase"];
    assert_eq!(reported["urgentDeadline"]["status"], "MET");
    assert_eq!(reported["upwardReports"][0]["recipient"], "CITY_OFFICE");
}

const ISSUE: &str = "mutation($input: IssueWarningInput!) { issueWarning(input: $input) {
    warning { id level status decidedBy regions { code } } userErrors { field code } } }";

async fn only_the_city_office_sets_a_warning(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let nanguan = region(&app, "南关").await;
    let level1 = json!({ "level": "LEVEL_1", "title": "南关区供水行业欠薪风险", "details": "多家企业欠薪。",
                         "regionIds": [nanguan], "industries": ["D"], "workers": 300 });
    let district = token(&app, "office-220102-officer").await;
    let refused = app
        .graphql_as(Some(&district), ISSUE, json!({ "input": level1 }))
        .await;
    assert_eq!(
        error_code(&refused),
        "FORBIDDEN",
        "a district office proposes, it does not issue"
    );
    let city = token(&app, "office-220100-officer").await;
    let issued = app
        .data_as(Some(&city), ISSUE, json!({ "input": level1 }))
        .await;
    let warning = &issued["issueWarning"]["warning"];
    assert_eq!(warning["status"], "ISSUED", "{issued}");
    assert_eq!(warning["regions"][0]["code"], "220102");

    let mut level2 = level1.clone();
    level2["level"] = json!("LEVEL_2");
    let undecided = app
        .data_as(Some(&city), ISSUE, json!({ "input": level2 }))
        .await;
    let fields: Vec<&Value> = undecided["issueWarning"]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["field"][0])
        .collect();
    assert_eq!(fields, ["decidedBy", "documentNumber"]);
    level2["decidedBy"] = json!("吉林省协调劳动关系三方委员会");
    level2["documentNumber"] = json!("吉劳关〔2027〕1号");
    let recorded = app
        .data_as(Some(&city), ISSUE, json!({ "input": level2 }))
        .await;
    assert_eq!(
        recorded["issueWarning"]["warning"]["decidedBy"],
        "吉林省协调劳动关系三方委员会"
    );

    // Seen by the offices over the regions covered, and by no one else.
    let sees = |token: String, id: Value| {
        let app = &app;
        async move {
            let query = "query($id: ID!) { node(id: $id) { ... on Warning { title } } }";
            let body = app
                .graphql_as(Some(&token), query, json!({ "id": id }))
                .await;
            body["data"]["node"]["title"].is_string()
        }
    };
    let recorded_id = recorded["issueWarning"]["warning"]["id"].clone();
    for id in [&warning["id"], &recorded_id] {
        assert!(
            sees(district.clone(), id.clone()).await,
            "the district covered"
        );
        let other = token(&app, "office-220103-officer").await;
        assert!(!sees(other, id.clone()).await, "another district");
        let employer = token(&app, "employer-21-officer").await;
        assert!(!sees(employer, id.clone()).await, "an employer");
    }
    let listed = app
        .data_as(
            Some(&district),
            "{ warnings { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let ids: Vec<&Value> = listed["warnings"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"]["id"])
        .collect();
    assert!(
        ids.contains(&&warning["id"]) && ids.contains(&&recorded_id),
        "{listed}"
    );

    let lifted = app
        .data_as(
            Some(&city),
            "mutation($input: LiftWarningInput!) { liftWarning(input: $input) { warning { status liftReason } } }",
            json!({ "input": { "warningId": warning["id"], "reason": "工资已补发" } }),
        )
        .await;
    assert_eq!(lifted["liftWarning"]["warning"]["status"], "LIFTED");
    let not_yours = app
        .graphql_as(
            Some(&district),
            "mutation($input: LiftWarningInput!) { liftWarning(input: $input) { warning { status } } }",
            json!({ "input": { "warningId": warning["id"], "reason": "x" } }),
        )
        .await;
    assert_eq!(error_code(&not_yours), "FORBIDDEN");
}

async fn each_party_sees_its_own_part_of_a_case(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let water = employer(&app, "清源水务").await;
    let district = token(&app, "office-220102-officer").await;
    // The office records a call on the employer's behalf, and files its form.
    let case = submit(&app, &district, report(&water, &["RELOCATION"], None)).await;
    let management = token(&app, "employer-21-officer").await;
    let mut socket = subscribe(
        &app,
        &management,
        "(filter: { kinds: [RISK_FORM_FILED, RISK_CASE_CLOSED] }) { kind subjectId }",
    )
    .await;
    let filed = app
        .data_as(Some(&district), FORM, json!({ "input": form(&case) }))
        .await;
    assert_eq!(filed["fileRiskForm"]["riskCase"]["status"], "ASSESSED");

    let own = node(&app, &management, &case["id"]).await;
    assert_eq!(own["data"]["node"]["status"], "ASSESSED");
    assert_eq!(own["data"]["node"]["level"], "LEVEL_1");
    assert_eq!(
        own["data"]["node"]["forms"],
        Value::Null,
        "not the office's form"
    );
    assert_eq!(own["data"]["node"]["reports"][0]["reporter"], "李娜");

    for stranger in [
        "office-220103-officer",
        "employer-22-officer",
        "association-3-officer",
    ] {
        let seen = node(&app, &token(&app, stranger).await, &case["id"]).await;
        assert_eq!(error_code(&seen), "NOT_FOUND", "{stranger}: {seen}");
    }
    let association = token(&app, "association-2-officer").await;
    let listed = app
        .data_as(
            Some(&association),
            "{ riskCases { edges { node { id status employer { name } forms { number } } } } }",
            json!({}),
        )
        .await;
    let edges = listed["riskCases"]["edges"].as_array().unwrap();
    let ours = edges
        .iter()
        .find(|e| e["node"]["id"] == case["id"])
        .unwrap_or_else(|| panic!("the member's case is listed: {listed}"));
    assert_eq!(ours["node"]["employer"]["name"], "长春清源水务有限公司");
    assert!(
        edges.iter().all(|e| e["node"]["forms"].is_null()),
        "no office's form in an association's list: {listed}"
    );
    let city = token(&app, "office-220100-officer").await;
    let seen = node(&app, &city, &case["id"]).await;
    assert_eq!(
        seen["data"]["node"]["forms"][0]["title"],
        "长春清源水务有限公司拖欠工资"
    );

    // Only an office files the form; the employer may not.
    let refused = app
        .graphql_as(Some(&management), FORM, json!({ "input": form(&case) }))
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");

    // The employer's subscription hears of the closing, not of the form.
    let closed = app
        .data_as(
            Some(&district),
            "mutation($input: CloseRiskCaseInput!) { closeRiskCase(input: $input) { riskCase { status outcome attentionDue } } }",
            json!({ "input": { "riskCaseId": case["id"], "outcome": "RESOLVED", "summary": "已协商确定搬迁补偿方案" } }),
        )
        .await;
    let closed = &closed["closeRiskCase"]["riskCase"];
    assert_eq!(closed["status"], "CLOSED");
    assert_eq!(closed["attentionDue"], Value::Null);
    assert_eq!(
        next_event(&mut socket).await,
        json!({ "kind": "RISK_CASE_CLOSED", "subjectId": case["id"] })
    );
}

async fn the_ledger_reads_as_much_for_a_hundred_cases_as_for_ten(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let city = token(&app, "office-220100-officer").await;
    let employers = app
        .data(
            "{ employers(first: 50) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let open = "mutation($input: OpenRiskCaseInput!) { openRiskCase(input: $input) { riskCase { id } userErrors { field message } } }";
    let mut opened = 0;
    for edge in employers["employers"]["edges"].as_array().unwrap() {
        for item in ["STOPPAGE", "RULE_CHANGE"] {
            let input = json!({ "employerId": edge["node"]["id"], "items": [item],
                                "source": "OFFICE_VISIT", "summary": "走访发现" });
            let body = app
                .data_as(Some(&city), open, json!({ "input": input }))
                .await;
            assert!(body["openRiskCase"]["riskCase"]["id"].is_string(), "{body}");
            opened += 1;
        }
    }
    assert!(opened >= 100, "{opened} cases");
    let ledger = |n: usize| {
        format!(
            "{{ riskCases(first: {n}) {{ edges {{ node {{ id items employer {{ name }} region {{ name }} office {{ name }} tracker formDeadline {{ dueAt }} upwardReports {{ recipient }} }} }} }} }}"
        )
    };
    // The mail of 100 new cases goes out in the background meanwhile: the
    // fewest statements over enough runs are the ledger's own.
    let (mut ten, mut hundred) = (u64::MAX, u64::MAX);
    for _ in 0..60 {
        tokio::time::sleep(std::time::Duration::from_millis(60)).await;
        ten = ten.min(statements_for(&app, Some(&city), &ledger(10)).await);
        tokio::time::sleep(std::time::Duration::from_millis(60)).await;
        hundred = hundred.min(statements_for(&app, Some(&city), &ledger(100)).await);
        if ten == hundred && hundred <= 6 {
            break;
        }
    }
    eprintln!("statements: 10 cases {ten}, 100 cases {hundred}");
    assert_eq!(ten, hundred, "the related objects are batched");
    assert!(hundred <= 6, "{hundred}");
}

async fn departures_of_fifty_or_of_a_tenth_open_a_case(backend: Backend) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let water = employer(&app, "清源水务").await;
    let management = token(&app, "employer-21-officer").await;
    let today = server_now(&app)
        .await
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    let month = |back: u32| {
        today
            .with_day(1)
            .unwrap()
            .checked_sub_months(chrono::Months::new(back))
            .unwrap()
    };
    let file = "mutation($input: FileHeadcountReturnInput!) { fileHeadcountReturn(input: $input) {
        headcountReturn { month departures } riskCase { id items source status } userErrors { field code } } }";
    let input = |back: u32, start: i32, departures: i32| {
        json!({ "input": { "employerId": water, "month": month(back).to_string(),
                           "headcountStart": start, "headcountEnd": start - departures,
                           "departures": departures } })
    };
    let filed = |back: u32, start: i32, departures: i32| {
        let (app, management) = (&app, &management);
        let input = input(back, start, departures);
        async move { app.data_as(Some(management), file, input).await["fileHeadcountReturn"].clone() }
    };
    // 49 of 600 (8.2%) and 29 of 300 (9.7%) are below both bounds.
    assert_eq!(filed(6, 600, 49).await["riskCase"], Value::Null);
    assert_eq!(filed(5, 300, 29).await["riskCase"], Value::Null);
    // 50 of 2,000 opens a case on item 七, and asks for the quick report.
    let fifty = filed(4, 2000, 50).await;
    assert_eq!(fifty["headcountReturn"]["departures"], 50);
    let case = &fifty["riskCase"];
    assert_eq!(case["items"], json!(["MASS_DEPARTURE"]));
    assert_eq!(case["source"], "AUTOMATIC_DETECTION");
    assert_eq!(case["status"], "REPORTED");
    let subject = "【协商平台】请报送劳动关系风险速报表：长春清源水务有限公司";
    let asked = smtp
        .wait_for_where(
            "to the employer",
            |m| m.subject() == subject && m.to[0].starts_with("employer-21-admin"),
            1,
        )
        .await;
    assert!(
        asked[0].body().contains("当月离职人数达到监测事项第七项"),
        "{}",
        asked[0].body()
    );
    // 30 of 300 (10%) makes the item too: it joins the case still open.
    let thirty = filed(3, 300, 30).await;
    assert_eq!(thirty["riskCase"]["id"], case["id"]);
    // Once a month, and only a month that has ended.
    let again = filed(3, 300, 1).await;
    assert_eq!(again["userErrors"][0]["code"], "TAKEN");
    let current = filed(0, 300, 1).await;
    assert_eq!(current["userErrors"][0]["field"], json!(["month"]));
    // Returns of older months leave the current return's clock (the demo
    // filed last month's) alone: due by the 10th of next month.
    let due = app
        .data_as(
            Some(&management),
            "{ deadlines(filter: { kinds: [HEADCOUNT_RETURN], statuses: [OPEN] }) { edges { node { dueAt } } } }",
            json!({}),
        )
        .await;
    let dues: Vec<DateTime<Utc>> = due["deadlines"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| instant(&e["node"]["dueAt"]))
        .collect();
    let tenth = month(0)
        .checked_add_months(chrono::Months::new(1))
        .unwrap()
        .with_day(10)
        .unwrap();
    let end_of_tenth = (tenth + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_local_timezone(chrono_tz::Asia::Shanghai)
        .unwrap()
        .with_timezone(&Utc);
    if tenth >= today + Duration::days(15) {
        assert_eq!(dues, [end_of_tenth], "{due}");
    }
    // Another employer's officer may not file it; the district office may.
    let stranger = token(&app, "employer-22-officer").await;
    let refused = app.graphql_as(Some(&stranger), file, input(2, 1, 0)).await;
    assert_eq!(
        refused["data"]["fileHeadcountReturn"]["userErrors"][0]["code"], "NOT_FOUND",
        "{refused}"
    );
    let district = token(&app, "office-220102-officer").await;
    let on_behalf = app.data_as(Some(&district), file, input(2, 1, 0)).await;
    assert_eq!(on_behalf["fileHeadcountReturn"]["userErrors"], json!([]));
}

async fn a_missed_report_earns_a_credit_reminder_and_an_interview(backend: Backend) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let water = employer(&app, "清源水务").await;
    let district = token(&app, "office-220102-officer").await;
    // The office learns of arrears from the media; the employer never reported.
    let open = "mutation($input: OpenRiskCaseInput!) { openRiskCase(input: $input) { riskCase { id } userErrors { field } } }";
    let opened = app
        .data_as(
            Some(&district),
            open,
            json!({ "input": { "employerId": water, "items": ["WAGE_ARREARS"], "source": "MEDIA", "summary": "网络反映欠薪" } }),
        )
        .await;
    let case = opened["openRiskCase"]["riskCase"]["id"].clone();
    let remind =
        "mutation($input: IssueCreditReminderInput!) { issueCreditReminder(input: $input) {
        riskCase { creditReminders { id fault interviewAt } } userErrors { field code } } }";
    let input = |fault: &str| {
        json!({ "input": { "riskCaseId": case, "fault": fault, "note": "未按规定报告欠薪事项",
                           "interviewAt": (Utc::now() + Duration::days(3)).to_rfc3339() } })
    };
    let late = app.data_as(Some(&district), remind, input("LATE")).await;
    assert_eq!(
        late["issueCreditReminder"]["userErrors"][0]["field"],
        json!(["fault"]),
        "nothing was reported, so nothing came late: {late}"
    );
    let management = token(&app, "employer-21-officer").await;
    let refused = app
        .graphql_as(Some(&management), remind, input("MISSED"))
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let missed = app.data_as(Some(&district), remind, input("MISSED")).await;
    let reminders = &missed["issueCreditReminder"]["riskCase"]["creditReminders"];
    assert_eq!(reminders[0]["fault"], "MISSED", "{missed}");
    let again = app.data_as(Some(&district), remind, input("MISSED")).await;
    assert_eq!(
        again["issueCreditReminder"]["userErrors"][0]["code"],
        "TAKEN"
    );
    let subject = "【协商平台】信用提醒：长春清源水务有限公司";
    let told = smtp
        .wait_for_where(
            "the employer",
            |m| m.subject() == subject && m.to[0].starts_with("employer-21-admin"),
            1,
        )
        .await;
    assert!(told[0].body().contains("漏报"), "{}", told[0].body());
    assert!(
        told[0].body().contains("诚信约谈定于"),
        "{}",
        told[0].body()
    );

    // The employer sees its reminders and record; its association does not.
    let record = "query($e: ID!) { employerRiskRecord(employer: $e) { missed late interviews } }";
    let own = app
        .data_as(Some(&management), record, json!({ "e": water }))
        .await;
    assert_eq!(
        own["employerRiskRecord"],
        json!({ "missed": 1, "late": 0, "interviews": 0 })
    );
    let association = token(&app, "association-2-officer").await;
    let hidden = app
        .graphql_as(Some(&association), record, json!({ "e": water }))
        .await;
    assert_eq!(error_code(&hidden), "NOT_FOUND");
    let seen = app
        .data_as(
            Some(&association),
            "query($id: ID!) { node(id: $id) { ... on RiskCase { status creditReminders { fault } } } }",
            json!({ "id": case }),
        )
        .await;
    assert_eq!(seen["node"]["status"], "REPORTED");
    assert_eq!(seen["node"]["creditReminders"], Value::Null);

    // The interview is recorded once.
    let interview = "mutation($input: RecordIntegrityInterviewInput!) { recordIntegrityInterview(input: $input) {
        riskCase { creditReminders { attendees outcome interviewedAt } } userErrors { field code } } }";
    let held = json!({ "input": { "creditReminderId": reminders[0]["id"], "attendees": "区三方办 王强；企业 许文斌",
                                  "outcome": "企业承诺今后按规定及时报告" } });
    let done = app.data_as(Some(&district), interview, held.clone()).await;
    let recorded = &done["recordIntegrityInterview"]["riskCase"]["creditReminders"][0];
    assert_eq!(recorded["outcome"], "企业承诺今后按规定及时报告", "{done}");
    assert!(recorded["interviewedAt"].is_string());
    let twice = app.data_as(Some(&district), interview, held).await;
    assert_eq!(
        twice["recordIntegrityInterview"]["userErrors"][0]["code"],
        "RULE_VIOLATED"
    );
    let own = app
        .data_as(Some(&management), record, json!({ "e": water }))
        .await;
    assert_eq!(own["employerRiskRecord"]["interviews"], 1);
}

async fn bad_input_names_its_field_and_stores_nothing(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let water = employer(&app, "清源水务").await;
    let district = token(&app, "office-220102-officer").await;
    let city = token(&app, "office-220100-officer").await;
    let case = submit(&app, &district, report(&water, &["RELOCATION"], None)).await;
    let nanguan = region(&app, "南关").await;
    let future = (Utc::now() + Duration::days(2)).to_rfc3339();
    let mut no_items = report(&water, &[], None);
    no_items["notifiedAt"] = json!(future);
    no_items["wageArrears"] = json!({ "amount": "12.345", "months": 0 });
    let mut blank_title = form(&case);
    blank_title["title"] = json!("  ");
    let warnings = app
        .data_as(
            Some(&city),
            "{ warnings(statuses: [ISSUED]) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let warning = warnings["warnings"]["edges"][0]["node"]["id"].clone();
    let field = |name: &str, input: &str, picked: &str| {
        format!(
            "mutation($input: {input}!) {{ {name}(input: $input) {{ {picked} userErrors {{ field code }} }} }}"
        )
    };
    let open = field("openRiskCase", "OpenRiskCaseInput", "riskCase { id }");
    let flag = field("flagRiskCase", "FlagRiskCaseInput", "riskCase { id }");
    let upward = field(
        "reportRiskCaseUpward",
        "ReportRiskCaseUpwardInput",
        "riskCase { id }",
    );
    let close = field("closeRiskCase", "CloseRiskCaseInput", "riskCase { id }");
    let remind = field(
        "issueCreditReminder",
        "IssueCreditReminderInput",
        "riskCase { id }",
    );
    let lift = field("liftWarning", "LiftWarningInput", "warning { id }");
    let cases: Vec<(&str, &str, Value, &[&str])> = vec![
        (
            &district,
            &open,
            json!({ "input": { "employerId": water, "items": [], "source": "OFFICE_VISIT", "summary": " ", "receivedAt": future } }),
            &["items", "summary", "receivedAt"],
        ),
        (
            &district,
            &flag,
            json!({ "input": { "riskCaseId": case["id"], "major": true } }),
            &["tracker"],
        ),
        (
            &district,
            &upward,
            json!({ "input": { "riskCaseId": case["id"], "recipient": "CITY_OFFICE", "note": "" } }),
            &["note"],
        ),
        (
            &district,
            &close,
            json!({ "input": { "riskCaseId": case["id"], "outcome": "RESOLVED", "summary": "  " } }),
            &["summary"],
        ),
        (
            &district,
            &remind,
            json!({ "input": { "riskCaseId": case["id"], "fault": "LATE", "note": "" } }),
            &["note"],
        ),
        (
            &city,
            &lift,
            json!({ "input": { "warningId": warning, "reason": " " } }),
            &["reason"],
        ),
        (
            &district,
            SUBMIT,
            json!({ "input": no_items }),
            &["items", "notifiedAt", "wageArrears"],
        ),
        (&district, FORM, json!({ "input": blank_title }), &["title"]),
        (
            &city,
            "mutation($input: SetRiskRulesInput!) { setRiskRules(input: $input) { userErrors { field code } } }",
            json!({ "input": { "regionId": nanguan, "urgentHours": 25, "returnDay": 31 } }),
            &["urgentHours", "returnDay"],
        ),
        (
            &city,
            ISSUE,
            json!({ "input": { "level": "LEVEL_1", "title": "", "details": "注意", "regionIds": [] } }),
            &["title", "regionIds"],
        ),
        (
            &district,
            "mutation($input: AddRiskFollowUpInput!) { addRiskFollowUp(input: $input) { userErrors { field code } } }",
            json!({ "input": { "riskCaseId": case["id"], "done": " ", "nextStep": "复查" } }),
            &["done"],
        ),
        (
            &district,
            "mutation($input: MergeRiskCasesInput!) { mergeRiskCases(input: $input) { userErrors { field code } } }",
            json!({ "input": { "riskCaseId": case["id"], "intoRiskCaseId": "bm90IGFuIGlk", "reason": " " } }),
            &["reason"],
        ),
        (
            &district,
            "mutation($input: LinkRiskCaseInput!) { linkRiskCase(input: $input) { userErrors { field code } } }",
            json!({ "input": { "riskCaseId": case["id"], "subjectId": "bm90IGFuIGlk" } }),
            &["subjectId"],
        ),
        (
            &district,
            "mutation($input: UnlinkRiskCaseInput!) { unlinkRiskCase(input: $input) { userErrors { field code } } }",
            json!({ "input": { "riskCaseId": case["id"], "subjectId": water } }),
            &["subjectId"],
        ),
    ];
    for (token, query, variables, fields) in cases {
        let before = app.rows(&["notifications"]).await;
        let body = app.data_as(Some(token), query, variables).await;
        let payload = body.as_object().and_then(|d| d.values().next()).unwrap();
        let named: Vec<&str> = payload["userErrors"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["field"][0].as_str())
            .collect();
        for field in fields {
            assert!(named.contains(field), "{field} named: {body}");
        }
        assert_eq!(
            app.rows(&["notifications"]).await,
            before,
            "nothing stored: {body}"
        );
    }
}
