//! Health checks, prescriptions and the four lists of rectification items,
//! and risk bulletins (issue 15, items 7, 8 and 12).

use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};

use crate::events::{next_event, subscribe};
use crate::offers::{employer, server_now, server_today, token};
use crate::on_both_backends;
use crate::smtp::SmtpServer;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(
    a_prescription_is_acknowledged_and_its_rectification_verified,
    a_rectification_item_that_runs_late_is_missed_and_listed_overdue,
    bad_checks_and_items_name_their_fields_and_store_nothing,
    bulletins_come_from_the_city_or_a_district_it_authorized,
);

const CHECK: &str = "mutation($input: RecordHealthCheckInput!) { recordHealthCheck(input: $input) {
    healthCheck { id visitedOn diagnosis prescription acknowledgedAt acknowledgedBy
      employer { name } recordedBy { name } visitors { name role } findings { area compliant finding } }
    userErrors { field code message } } }";

const ITEM_FIELDS: &str =
    "id status problem measure responsibleDepartment dueOn evidence verificationNote
    responsibleOrganization { name } verifiedBy { name } deadline { dueAt status kind }";

fn item_mutation(name: &str, input: &str) -> String {
    format!(
        "mutation($input: {input}!) {{ {name}(input: $input) {{ rectificationItem {{ {ITEM_FIELDS} }} userErrors {{ field code message }} }} }}"
    )
}

fn visit(employer: &Value, today: &str) -> Value {
    json!({
        "employerId": employer,
        "visitedOn": today,
        "visitors": [
            { "name": "周明", "role": "UNION_LEGAL_SUPERVISOR" },
            { "name": "吴芳", "role": "COORDINATOR" },
        ],
        "findings": [
            { "area": "CONTRACTS", "compliant": false, "finding": "12名职工未签订书面劳动合同" },
            { "area": "WAGES", "compliant": true, "finding": "工资按月足额支付" },
        ],
        "diagnosis": "劳动合同管理不规范",
        "prescription": "一个月内与未签合同职工补签书面劳动合同，建立合同台账。",
    })
}

fn day(today: &str, days: i64) -> String {
    (NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap() + Duration::days(days)).to_string()
}

async fn data_ok(app: &TestApp, token: &str, query: &str, input: Value, field: &str) -> Value {
    let body = app
        .data_as(Some(token), query, json!({ "input": input }))
        .await;
    assert_eq!(body[field]["userErrors"], json!([]), "{body}");
    body[field].clone()
}

async fn node(app: &TestApp, token: &str, id: &Value) -> Value {
    let query = format!(
        "query($id: ID!) {{ node(id: $id) {{ ... on RectificationItem {{ {ITEM_FIELDS} }} ... on HealthCheck {{ id prescription }} }} }}"
    );
    app.graphql_as(Some(token), &query, json!({ "id": id }))
        .await
}

async fn a_prescription_is_acknowledged_and_its_rectification_verified(backend: Backend) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let water = employer(&app, "清源水务").await;
    let today = server_today(&app).await;
    let federation = token(&app, "federation-220102-officer").await;
    let checked = data_ok(
        &app,
        &federation,
        CHECK,
        visit(&water, &today),
        "recordHealthCheck",
    )
    .await;
    let check = &checked["healthCheck"];
    assert_eq!(check["recordedBy"]["name"], "南关区总工会");
    assert_eq!(check["employer"]["name"], "长春清源水务有限公司");
    assert_eq!(
        check["visitors"][0],
        json!({ "name": "周明", "role": "UNION_LEGAL_SUPERVISOR" })
    );
    assert_eq!(check["findings"][0]["area"], "CONTRACTS");
    assert_eq!(check["findings"][0]["compliant"], false);
    assert_eq!(check["acknowledgedAt"], Value::Null);
    smtp.wait_for_where(
        "employer-21-officer",
        |m| {
            m.subject() == "【协商平台】法治体检结果及用工处方：长春清源水务有限公司"
                && m.to[0].starts_with("employer-21-officer")
        },
        1,
    )
    .await;

    // The employer acknowledges the prescription, once.
    let management = token(&app, "employer-21-officer").await;
    let acknowledge =
        "mutation($input: AcknowledgePrescriptionInput!) { acknowledgePrescription(input: $input) {
        healthCheck { acknowledgedAt acknowledgedBy } userErrors { field code } } }";
    let input =
        json!({ "healthCheckId": check["id"], "acknowledgedBy": "赵经理", "note": "将按期整改" });
    let done = data_ok(
        &app,
        &management,
        acknowledge,
        input.clone(),
        "acknowledgePrescription",
    )
    .await;
    assert_eq!(done["healthCheck"]["acknowledgedBy"], "赵经理");
    assert!(done["healthCheck"]["acknowledgedAt"].is_string());
    let again = app
        .data_as(Some(&management), acknowledge, json!({ "input": input }))
        .await;
    assert_eq!(
        again["acknowledgePrescription"]["userErrors"][0]["code"],
        "RULE_VIOLATED"
    );

    // The district office sets an item: a clock to the end of its last day.
    let district = token(&app, "office-220102-officer").await;
    let due_on = day(&today, 10);
    let add = item_mutation("addRectificationItem", "AddRectificationItemInput");
    let added = data_ok(&app, &district, &add, json!({
        "healthCheckId": check["id"], "problem": "12名职工未签订书面劳动合同",
        "measure": "补签书面劳动合同并建立台账", "responsibleDepartment": "人力资源部", "dueOn": due_on,
    }), "addRectificationItem").await;
    let item = added["rectificationItem"].clone();
    assert_eq!(item["status"], "OPEN");
    assert_eq!(item["dueOn"], due_on.as_str());
    assert_eq!(item["deadline"]["kind"], "RECTIFICATION");
    assert_eq!(item["deadline"]["status"], "OPEN");
    let due_at: chrono::DateTime<chrono::Utc> =
        item["deadline"]["dueAt"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        due_at
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .to_rfc3339(),
        format!("{}T00:00:00+08:00", day(&today, 11)),
        "24:00 of the last day, Beijing time"
    );
    smtp.wait_for_where(
        "employer-21-officer",
        |m| {
            m.subject() == "【协商平台】整改事项：长春清源水务有限公司"
                && m.body().contains("人力资源部")
        },
        1,
    )
    .await;

    // The employer sees it; a stranger, another district and an association do not.
    let seen = node(&app, &management, &item["id"]).await;
    assert_eq!(
        seen["data"]["node"]["problem"],
        "12名职工未签订书面劳动合同"
    );
    for stranger in [
        "office-220103-officer",
        "employer-22-officer",
        "association-2-officer",
    ] {
        let hidden = node(&app, &token(&app, stranger).await, &item["id"]).await;
        assert_eq!(error_code(&hidden), "NOT_FOUND", "{stranger}: {hidden}");
        let hidden = node(&app, &token(&app, stranger).await, &check["id"]).await;
        assert_eq!(error_code(&hidden), "NOT_FOUND", "{stranger}: {hidden}");
    }
    let association = token(&app, "association-2-officer").await;
    let listed = app
        .data_as(Some(&association), "{ rectificationItems { edges { node { id } } } healthChecks { edges { node { id } } } }", json!({}))
        .await;
    assert_eq!(listed["rectificationItems"]["edges"], json!([]));
    assert_eq!(listed["healthChecks"]["edges"], json!([]));

    // The employer hears of the office's verdict over its subscription.
    let mut socket = subscribe(
        &app,
        &management,
        "(filter: { kinds: [RECTIFICATION_REOPENED, RECTIFICATION_VERIFIED] }) { kind subjectId }",
    )
    .await;

    // Reported done in time: the clock is met.
    let report = item_mutation("reportRectificationDone", "ReportRectificationDoneInput");
    let reported = data_ok(
        &app,
        &management,
        &report,
        json!({ "rectificationItemId": item["id"], "evidence": "已补签合同12份，台账附后" }),
        "reportRectificationDone",
    )
    .await;
    assert_eq!(reported["rectificationItem"]["status"], "DONE");
    assert_eq!(reported["rectificationItem"]["deadline"]["status"], "MET");

    // Only an office verifies; it finds it not done and sets a new limit.
    let verify = item_mutation("verifyRectificationItem", "VerifyRectificationItemInput");
    let refused = app
        .graphql_as(
            Some(&management),
            &verify,
            json!({ "input": { "rectificationItemId": item["id"], "accepted": true } }),
        )
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let refused = app
        .graphql_as(
            Some(&federation),
            &verify,
            json!({ "input": { "rectificationItemId": item["id"], "accepted": true } }),
        )
        .await;
    assert_eq!(
        error_code(&refused),
        "FORBIDDEN",
        "a federation sets items but does not verify"
    );
    let bare = app
        .data_as(
            Some(&district),
            &verify,
            json!({ "input": { "rectificationItemId": item["id"], "accepted": false } }),
        )
        .await;
    let fields: Vec<&Value> = bare["verifyRectificationItem"]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["field"])
        .collect();
    assert_eq!(fields, [&json!(["newDueOn"]), &json!(["note"])]);
    let new_due = day(&today, 20);
    let reopened = data_ok(&app, &district, &verify, json!({
        "rectificationItemId": item["id"], "accepted": false, "note": "缺少职工签收记录", "newDueOn": new_due,
    }), "verifyRectificationItem").await;
    let reopened = &reopened["rectificationItem"];
    assert_eq!(reopened["status"], "OPEN");
    assert_eq!(reopened["dueOn"], new_due.as_str());
    assert_eq!(reopened["deadline"]["status"], "OPEN");
    assert_eq!(reopened["verificationNote"], "缺少职工签收记录");
    assert_eq!(
        next_event(&mut socket).await,
        json!({ "kind": "RECTIFICATION_REOPENED", "subjectId": item["id"] })
    );

    data_ok(
        &app,
        &management,
        &report,
        json!({ "rectificationItemId": item["id"], "evidence": "补充签收记录" }),
        "reportRectificationDone",
    )
    .await;
    let verified = data_ok(
        &app,
        &district,
        &verify,
        json!({ "rectificationItemId": item["id"], "accepted": true }),
        "verifyRectificationItem",
    )
    .await;
    assert_eq!(verified["rectificationItem"]["status"], "VERIFIED");
    assert_eq!(
        verified["rectificationItem"]["verifiedBy"]["name"],
        "南关区协调劳动关系三方委员会办公室"
    );
    assert_eq!(
        next_event(&mut socket).await,
        json!({ "kind": "RECTIFICATION_VERIFIED", "subjectId": item["id"] })
    );
    let list = app
        .data_as(Some(&management), "query($c: ID) { healthChecks(filter: { employer: $c }) { edges { node { id rectificationItems { id status } } } } }", json!({ "c": water }))
        .await;
    let ours = list["healthChecks"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["id"] == check["id"])
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(
        ours["node"]["rectificationItems"],
        json!([{ "id": item["id"], "status": "VERIFIED" }])
    );
}

async fn a_rectification_item_that_runs_late_is_missed_and_listed_overdue(backend: Backend) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let water = employer(&app, "清源水务").await;
    let today = server_today(&app).await;
    let district = token(&app, "office-220102-officer").await;
    // An item of a case, with the employer's union responsible.
    let case = data_ok(&app, &district,
        "mutation($input: OpenRiskCaseInput!) { openRiskCase(input: $input) { riskCase { id } userErrors { field code } } }",
        json!({ "employerId": water, "items": ["RULE_CHANGE"], "source": "OFFICE_VISIT", "summary": "考勤制度未经民主程序" }),
        "openRiskCase").await;
    let case_id = case["riskCase"]["id"].clone();
    let union = token(&app, "union-21-officer").await;
    let union_id = app
        .data_as(
            Some(&union),
            "{ viewer { actingOrganizations { id } } }",
            json!({}),
        )
        .await["viewer"]["actingOrganizations"][0]["id"]
        .clone();
    let add = item_mutation("addRectificationItem", "AddRectificationItemInput");
    let added = data_ok(&app, &district, &add, json!({
        "riskCaseId": case_id, "problem": "考勤制度未经职工代表大会讨论", "measure": "提交职代会审议并公示",
        "responsibleOrganizationId": union_id, "dueOn": day(&today, 3),
    }), "addRectificationItem").await;
    let item = added["rectificationItem"].clone();
    assert_eq!(
        item["responsibleOrganization"]["name"],
        "长春清源水务有限公司工会委员会"
    );

    // Past the last day the clock is missed, the employer and union are told,
    // and the list shows it overdue.
    app.advance(Duration::days(4)).await;
    for recipient in ["employer-21-officer", "union-21-officer"] {
        smtp.wait_for_where(
            recipient,
            |m| {
                m.subject().contains("已逾期")
                    && m.subject().contains("整改")
                    && m.to[0].starts_with(recipient)
            },
            1,
        )
        .await;
    }
    let district = token(&app, "office-220102-officer").await;
    let overdue = app
        .data_as(Some(&district), "{ rectificationItems(filter: { overdue: true }) { edges { node { id deadline { status } } } } }", json!({}))
        .await;
    let edges = overdue["rectificationItems"]["edges"].as_array().unwrap();
    let ours = edges
        .iter()
        .find(|e| e["node"]["id"] == item["id"])
        .unwrap_or_else(|| panic!("{overdue}"));
    assert_eq!(ours["node"]["deadline"]["status"], "MISSED");

    // Reported late, it stays missed and leaves the overdue list.
    let management = token(&app, "employer-21-officer").await;
    let report = item_mutation("reportRectificationDone", "ReportRectificationDoneInput");
    let reported = data_ok(
        &app,
        &management,
        &report,
        json!({ "rectificationItemId": item["id"], "evidence": "职代会已审议通过" }),
        "reportRectificationDone",
    )
    .await;
    assert_eq!(reported["rectificationItem"]["status"], "DONE");
    assert_eq!(
        reported["rectificationItem"]["deadline"]["status"],
        "MISSED"
    );
    let overdue = app
        .data_as(
            Some(&district),
            "{ rectificationItems(filter: { overdue: true }) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert!(
        !overdue.to_string().contains(item["id"].as_str().unwrap()),
        "{overdue}"
    );

    // The case lists the item for the employer, not for an association.
    let case_read = "query($id: ID!) { node(id: $id) { ... on RiskCase { rectificationItems { id status } } } }";
    let own = app
        .data_as(Some(&management), case_read, json!({ "id": case_id }))
        .await;
    assert_eq!(
        own["node"]["rectificationItems"],
        json!([{ "id": item["id"], "status": "DONE" }])
    );
    let association = token(&app, "association-2-officer").await;
    let theirs = app
        .data_as(Some(&association), case_read, json!({ "id": case_id }))
        .await;
    assert_eq!(theirs["node"]["rectificationItems"], Value::Null);
    let _ = server_now(&app).await;
}

async fn bad_checks_and_items_name_their_fields_and_store_nothing(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let water = employer(&app, "清源水务").await;
    let today = server_today(&app).await;
    let district = token(&app, "office-220102-officer").await;
    let association = token(&app, "association-2-officer").await;
    let management = token(&app, "employer-21-officer").await;
    let other = token(&app, "office-220103-officer").await;
    let before = app.rows(&[]).await;
    let mut input = visit(&water, &day(&today, 1));
    input["visitors"] = json!([]);
    input["findings"] = json!([
        { "area": "WAGES", "compliant": true, "finding": "x" },
        { "area": "WAGES", "compliant": false, "finding": " " },
    ]);
    input["prescription"] = json!("");
    let body = app
        .data_as(Some(&district), CHECK, json!({ "input": input }))
        .await;
    let errors: Vec<(String, String)> = body["recordHealthCheck"]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("."),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("findings.1.finding".to_owned(), "REQUIRED".to_owned()),
            ("visitors".to_owned(), "REQUIRED".to_owned()),
            ("findings.1.area".to_owned(), "INVALID".to_owned()),
            ("visitedOn".to_owned(), "OUT_OF_RANGE".to_owned()),
            ("prescription".to_owned(), "REQUIRED".to_owned()),
        ],
        "{body}"
    );

    // An association and the employer may not record one.
    for caller in [&association, &management] {
        let refused = app
            .graphql_as(
                Some(caller),
                CHECK,
                json!({ "input": visit(&water, &today) }),
            )
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    }
    // Another district does not see the employer at all.
    let hidden = app
        .data_as(
            Some(&other),
            CHECK,
            json!({ "input": visit(&water, &today) }),
        )
        .await;
    assert_eq!(
        hidden["recordHealthCheck"]["userErrors"][0]["code"],
        "NOT_FOUND"
    );
    assert_eq!(app.rows(&[]).await, before, "nothing stored");

    let checked = data_ok(
        &app,
        &district,
        CHECK,
        visit(&water, &today),
        "recordHealthCheck",
    )
    .await;
    let check = checked["healthCheck"]["id"].clone();
    // The check's emails are made in the background.
    let before = app.rows(&["notifications"]).await;
    let add = item_mutation("addRectificationItem", "AddRectificationItemInput");
    let other_office = app.data("{ organizations(filter: { kinds: [TRIPARTITE_OFFICE], nameContains: \"宽城区\" }) { edges { node { id } } } }", json!({})).await
        ["organizations"]["edges"][0]["node"]["id"].clone();
    for (input, field, code) in [
        (
            json!({ "problem": "p", "measure": "m", "responsibleDepartment": "d", "dueOn": day(&today, 5) }),
            "healthCheckId",
            "INVALID",
        ),
        (
            json!({ "healthCheckId": check, "problem": "p", "measure": "m", "dueOn": day(&today, 5) }),
            "responsibleDepartment",
            "REQUIRED",
        ),
        (
            json!({ "healthCheckId": check, "problem": "p", "measure": "m", "responsibleDepartment": "d", "dueOn": today }),
            "dueOn",
            "OUT_OF_RANGE",
        ),
        (
            json!({ "healthCheckId": check, "problem": "p", "measure": "m", "responsibleDepartment": "d", "dueOn": day(&today, 400) }),
            "dueOn",
            "OUT_OF_RANGE",
        ),
        (
            json!({ "healthCheckId": check, "problem": "", "measure": "m", "responsibleDepartment": "d", "dueOn": day(&today, 5) }),
            "problem",
            "REQUIRED",
        ),
        (
            json!({ "healthCheckId": check, "problem": "p", "measure": "m", "responsibleOrganizationId": other_office, "dueOn": day(&today, 5) }),
            "responsibleOrganizationId",
            "RULE_VIOLATED",
        ),
        (
            json!({ "healthCheckId": "bm90LWFuLWlk", "problem": "p", "measure": "m", "responsibleDepartment": "d", "dueOn": day(&today, 5) }),
            "healthCheckId",
            "INVALID",
        ),
    ] {
        let body = app
            .data_as(Some(&district), &add, json!({ "input": input }))
            .await;
        let error = &body["addRectificationItem"]["userErrors"][0];
        assert_eq!(error["field"], json!([field]), "{body}");
        assert_eq!(error["code"], code, "{body}");
    }
    let refused = app.graphql_as(Some(&management), &add, json!({ "input": {
        "healthCheckId": check, "problem": "p", "measure": "m", "responsibleDepartment": "d", "dueOn": day(&today, 5) } })).await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let hidden = app.data_as(Some(&other), &add, json!({ "input": {
        "healthCheckId": check, "problem": "p", "measure": "m", "responsibleDepartment": "d", "dueOn": day(&today, 5) } })).await;
    assert_eq!(
        hidden["addRectificationItem"]["userErrors"][0]["code"],
        "NOT_FOUND"
    );
    assert_eq!(app.rows(&["notifications"]).await, before, "nothing stored");

    // Blank text in the other mutations of checks, items and bulletins.
    let added = data_ok(
        &app,
        &district,
        &add,
        json!({ "healthCheckId": check, "problem": "p", "measure": "m",
        "responsibleDepartment": "d", "dueOn": day(&today, 5) }),
        "addRectificationItem",
    )
    .await;
    let item = added["rectificationItem"]["id"].clone();
    let city = token(&app, "office-220100-officer").await;
    let bulletins = app
        .data_as(
            Some(&city),
            "{ riskBulletins { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let bulletin = bulletins["riskBulletins"]["edges"][0]["node"]["id"].clone();
    let before = app.rows(&["notifications"]).await;
    let blank: [(&str, String, Value, &str); 4] = [
        (&management, "mutation($input: AcknowledgePrescriptionInput!) { acknowledgePrescription(input: $input) { userErrors { field code } } }".into(),
            json!({ "healthCheckId": check, "acknowledgedBy": " " }), "acknowledgedBy"),
        (&management, item_mutation("reportRectificationDone", "ReportRectificationDoneInput"),
            json!({ "rectificationItemId": item, "evidence": "" }), "evidence"),
        (&city, "mutation($input: PublishRiskBulletinInput!) { publishRiskBulletin(input: $input) { userErrors { field code } } }".into(),
            json!({ "title": " ", "body": "正文" }), "title"),
        (&city, "mutation($input: WithdrawRiskBulletinInput!) { withdrawRiskBulletin(input: $input) { userErrors { field code } } }".into(),
            json!({ "riskBulletinId": bulletin, "reason": "" }), "reason"),
    ];
    for (caller, query, input, field) in blank {
        let body = app
            .data_as(Some(caller), &query, json!({ "input": input }))
            .await;
        let payload = body.as_object().and_then(|d| d.values().next()).unwrap();
        assert_eq!(payload["userErrors"][0]["field"], json!([field]), "{body}");
        assert_eq!(payload["userErrors"][0]["code"], "REQUIRED", "{body}");
    }
    assert_eq!(app.rows(&["notifications"]).await, before, "nothing stored");
}

async fn bulletins_come_from_the_city_or_a_district_it_authorized(backend: Backend) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let publish =
        "mutation($input: PublishRiskBulletinInput!) { publishRiskBulletin(input: $input) {
        bulletin { id title publishedBy { name } withdrawnAt } userErrors { field code } } }";
    let input = json!({ "input": { "title": "南关区岁末欠薪风险提示", "body": "请辖区企业按时足额支付工资。" } });
    let district = token(&app, "office-220102-officer").await;
    assert_eq!(
        error_code(
            &app.graphql_as(Some(&district), publish, input.clone())
                .await
        ),
        "FORBIDDEN"
    );

    let city = token(&app, "office-220100-officer").await;
    let office = app.data("{ organizations(filter: { kinds: [TRIPARTITE_OFFICE], nameContains: \"南关区\" }) { edges { node { id } } } }", json!({})).await
        ["organizations"]["edges"][0]["node"]["id"].clone();
    let authorize = "mutation($input: AuthorizeRiskBulletinsInput!) { authorizeRiskBulletins(input: $input) { office { name } userErrors { field code } } }";
    assert_eq!(
        error_code(
            &app.graphql_as(
                Some(&district),
                authorize,
                json!({ "input": { "officeId": office, "authorized": true } })
            )
            .await
        ),
        "FORBIDDEN"
    );
    data_ok(
        &app,
        &city,
        authorize,
        json!({ "officeId": office, "authorized": true }),
        "authorizeRiskBulletins",
    )
    .await;
    let publishers = app
        .data_as(
            Some(&district),
            "{ riskBulletinPublishers { name } }",
            json!({}),
        )
        .await;
    assert_eq!(
        publishers["riskBulletinPublishers"],
        json!([{ "name": "南关区协调劳动关系三方委员会办公室" }])
    );

    let published = data_ok(
        &app,
        &district,
        publish,
        input["input"].clone(),
        "publishRiskBulletin",
    )
    .await;
    let bulletin = published["bulletin"].clone();
    assert_eq!(
        bulletin["publishedBy"]["name"],
        "南关区协调劳动关系三方委员会办公室"
    );
    // Every signed-in user reads it; the district's bodies are told, not another district's.
    let reader = token(&app, "employer-22-officer").await;
    let list = app
        .data_as(
            Some(&reader),
            "{ riskBulletins { edges { node { id title } } } }",
            json!({}),
        )
        .await;
    assert!(
        list["riskBulletins"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["node"]["id"] == bulletin["id"]),
        "{list}"
    );
    let subject = "【协商平台】劳动关系风险信息发布：南关区岁末欠薪风险提示";
    smtp.wait_for_where(
        "federation-220102",
        |m| m.subject() == subject && m.to[0].starts_with("federation-220102"),
        1,
    )
    .await;
    let to: Vec<String> = smtp
        .received()
        .iter()
        .filter(|m| m.subject() == subject)
        .flat_map(|m| m.to.clone())
        .collect();
    assert!(
        !to.iter().any(|r| r.starts_with("office-220103-")),
        "{to:?}"
    );

    // Only the city office withdraws; the list then leaves it out.
    let withdraw = "mutation($input: WithdrawRiskBulletinInput!) { withdrawRiskBulletin(input: $input) { bulletin { withdrawnAt withdrawReason } userErrors { field code } } }";
    let reason = json!({ "input": { "riskBulletinId": bulletin["id"], "reason": "数据有误" } });
    assert_eq!(
        error_code(
            &app.graphql_as(Some(&district), withdraw, reason.clone())
                .await
        ),
        "FORBIDDEN"
    );
    let withdrawn = data_ok(
        &app,
        &city,
        withdraw,
        reason["input"].clone(),
        "withdrawRiskBulletin",
    )
    .await;
    assert_eq!(withdrawn["bulletin"]["withdrawReason"], "数据有误");
    let again = app.data_as(Some(&city), withdraw, reason.clone()).await;
    assert_eq!(
        again["withdrawRiskBulletin"]["userErrors"][0]["code"],
        "RULE_VIOLATED"
    );
    let list = app.data_as(Some(&reader), "{ riskBulletins { edges { node { id } } } all: riskBulletins(withdrawn: true) { edges { node { id } } } }", json!({})).await;
    assert!(
        !list["riskBulletins"]
            .to_string()
            .contains(bulletin["id"].as_str().unwrap())
    );
    assert!(
        list["all"]
            .to_string()
            .contains(bulletin["id"].as_str().unwrap())
    );

    // The authorization ends: the district may publish no more.
    data_ok(
        &app,
        &city,
        authorize,
        json!({ "officeId": office, "authorized": false }),
        "authorizeRiskBulletins",
    )
    .await;
    assert_eq!(
        error_code(&app.graphql_as(Some(&district), publish, input).await),
        "FORBIDDEN"
    );
    let not_district = app.data_as(Some(&city), authorize, json!({ "input": { "officeId": app.data("{ employers(filter: { nameContains: \"清源水务\" }) { edges { node { id } } } }", json!({})).await["employers"]["edges"][0]["node"]["id"], "authorized": true } })).await;
    assert_eq!(
        not_district["authorizeRiskBulletins"]["userErrors"][0]["field"],
        json!(["officeId"])
    );
}
