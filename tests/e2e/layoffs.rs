//! Layoff plans (issue 16): drawn up with the list of names, explained 30
//! days ahead, answered after the union's opinion, reported to the labour
//! administration's queue; the list seen by the employer, its union and
//! the receiving administration only, and no email or event naming anyone.

use serde_json::{Value, json};

use crate::cli::run_example;
use crate::events::{next_event, subscribe};
use crate::offers::{employer, token};
use crate::on_both_backends;
use crate::smtp::SmtpServer;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(
    a_layoff_goes_from_its_explanation_to_the_labour_administrations_queue,
    below_the_threshold_a_plan_needs_no_procedure,
    bad_input_to_each_step_names_its_field_and_stores_nothing,
    an_explained_plan_is_followed_on_a_risk_case,
    the_demo_has_a_plan_in_every_state,
);

const PLAN_FIELDS: &str = "id status revision cut workforce procedureRequired threshold
    firstTermination earliestTermination version
    noticeDeadline { status dueAt rule } answerDeadline { status dueAt }
    workers { row name idNumber post monthlyWage keptFirst }
    priorityWarnings { row post reasons }
    revisions { revision reason cut listChanges { added { name } removed { name } changed { name } } }
    opinion answer reportedTo { name } acknowledgedAt administrationOpinion
    contractsInForce { id kind status }";

fn mutation(name: &str, input: &str) -> String {
    format!(
        "mutation($input: {input}!) {{ {name}(input: $input) {{ layoffPlan {{ {PLAN_FIELDS} }} userErrors {{ field code message }} }} }}"
    )
}

/// An identity number with its check character (GB 11643).
fn id_number(seventeen: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = seventeen
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{seventeen}{check}")
}

fn worker(name: &str, serial: u32, post: &str) -> Value {
    json!({ "name": name, "idNumber": id_number(&format!("220102198501{serial:05}")),
            "post": post, "sex": "MALE", "jobCategory": "WORKER", "birthDate": "1985-01-15",
            "serviceStart": "2012-03-01", "contract": "FIXED_TERM", "monthlyWage": "5200.00" })
}

fn terms(workforce: i32, workers: &[Value], first: &str) -> Value {
    json!({ "workforce": workforce, "cut": workers.len(), "firstTermination": first,
            "lastTermination": "2027-06-30", "steps": "分两批解除劳动合同",
            "compensation": "按《劳动合同法》第四十七条支付经济补偿",
            "criteria": "按岗位撤并情况确定", "workers": workers })
}

fn crew(count: u32) -> Vec<Value> {
    (0..count)
        .map(|i| worker(&format!("职工{i:02}"), i, "抄表员"))
        .collect()
}

/// Draws up a plan of 清源水务 as its officer with `terms` on `ground`,
/// returning the payload of `draftLayoffPlan`.
async fn draft(app: &TestApp, token: &str, mut terms: Value, ground: &str) -> Value {
    terms["employerId"] = employer(app, "清源水务").await;
    terms["ground"] = json!(ground);
    let query = mutation("draftLayoffPlan", "DraftLayoffPlanInput");
    let body = app
        .data_as(Some(token), &query, json!({ "input": terms }))
        .await;
    body["draftLayoffPlan"].clone()
}

async fn plan_as(app: &TestApp, token: &str, id: &Value) -> Value {
    let query =
        format!("query($id: ID!) {{ node(id: $id) {{ ... on LayoffPlan {{ {PLAN_FIELDS} }} }} }}");
    app.graphql_as(Some(token), &query, json!({ "id": id }))
        .await
}

async fn a_layoff_goes_from_its_explanation_to_the_labour_administrations_queue(backend: Backend) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let water = employer(&app, "清源水务").await;
    let management = token(&app, "employer-21-officer").await;
    let union = token(&app, "union-21-officer").await;
    let draft = mutation("draftLayoffPlan", "DraftLayoffPlanInput");

    // A woman on maternity leave on the list is refused, naming her row and class.
    let mut workers = crew(24);
    workers[3] = json!({ "name": "孕期职工", "idNumber": id_number("22010219900305002"),
        "post": "抄表员", "sex": "FEMALE", "jobCategory": "WORKER", "birthDate": "1990-03-05",
        "serviceStart": "2015-07-01", "contract": "FIXED_TERM", "maternity": true,
        "monthlyWage": "4800.00" });
    let input = |workers: &[Value]| {
        let mut input = terms(300, workers, "2027-03-01");
        input["employerId"] = water.clone();
        input["ground"] = json!("SERIOUS_DIFFICULTY");
        json!({ "input": input })
    };
    let before = app.rows(&[]).await;
    let body = app
        .data_as(Some(&management), &draft, input(&workers))
        .await;
    let errors = &body["draftLayoffPlan"]["userErrors"];
    assert_eq!(errors[0]["field"], json!(["workers", "3"]), "{body}");
    assert_eq!(errors[0]["code"], "RULE_VIOLATED");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("第 4 行（孕期职工）不得裁减")
            && message.contains("第四十二条第（四）项"),
        "{message}"
    );
    assert_eq!(app.rows(&[]).await, before, "nothing stored");

    // Without her: 24 of 300 is over 20, so the procedure applies.
    workers[3] = worker("替换职工", 99, "抄表员");
    workers[5]["contract"] = json!("OPEN_ENDED");
    let mut listed = input(&workers);
    listed["input"]["posts"] = json!([{ "post": "抄表员", "keptWithoutPriority": 6 }]);
    let body = app.data_as(Some(&management), &draft, listed).await;
    let plan = body["draftLayoffPlan"]["layoffPlan"].clone();
    assert_eq!(body["draftLayoffPlan"]["userErrors"], json!([]), "{body}");
    assert_eq!(plan["status"], "DRAFT");
    assert_eq!(plan["procedureRequired"], true);
    assert_eq!(plan["contractsInForce"], json!([]), "not on this ground");
    assert!(
        plan["threshold"]
            .as_str()
            .unwrap()
            .starts_with("applies: 20 or more")
    );
    assert_eq!(
        plan["workers"][0]["idNumber"], workers[0]["idNumber"],
        "whole to the employer"
    );
    assert_eq!(
        plan["priorityWarnings"],
        json!([{ "row": 6, "post": "抄表员",
                 "reasons": ["《劳动合同法》第四十一条第二款第（二）项：与本单位订立无固定期限劳动合同"] }])
    );
    let id = plan["id"].clone();

    // A draft is the employer's alone.
    assert_eq!(error_code(&plan_as(&app, &union, &id).await), "NOT_FOUND");
    let district = token(&app, "office-220102-officer").await;
    assert_eq!(
        error_code(&plan_as(&app, &district, &id).await),
        "NOT_FOUND"
    );

    // The explanation: not in the future; then the 30 days run from it.
    let explain = mutation("explainLayoffPlan", "ExplainLayoffPlanInput");
    let at = |days: i64| (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339();
    let explanation = |when: String| {
        json!({ "input": { "planId": id, "explainedAt": when,
        "explainedTo": "UNION", "explanation": "2026年前三季度营业收入下降38%，抄表业务改为远程自动抄表" } })
    };
    let body = app
        .data_as(Some(&management), &explain, explanation(at(2)))
        .await;
    assert_eq!(
        body["explainLayoffPlan"]["userErrors"][0]["field"],
        json!(["explainedAt"])
    );
    let refused = app
        .graphql_as(Some(&union), &explain, explanation(at(0)))
        .await;
    assert_eq!(
        error_code(&refused),
        "NOT_FOUND",
        "the union does not see a draft"
    );
    let body = app
        .data_as(Some(&management), &explain, explanation(at(-1)))
        .await;
    let explained = &body["explainLayoffPlan"]["layoffPlan"];
    assert_eq!(body["explainLayoffPlan"]["userErrors"], json!([]), "{body}");
    assert_eq!(explained["status"], "EXPLAINED");
    let earliest = explained["earliestTermination"]
        .as_str()
        .unwrap()
        .to_owned();
    let earliest_day: chrono::NaiveDate = earliest.parse().unwrap();
    let explained_on =
        (chrono::Utc::now() - chrono::Duration::days(1) + chrono::Duration::hours(8)).date_naive();
    assert!(
        (earliest_day - explained_on).num_days() >= 30,
        "30 days from {explained_on}: {earliest}"
    );
    assert_eq!(explained["noticeDeadline"]["status"], "OPEN");
    assert!(
        explained["noticeDeadline"]["rule"]
            .as_str()
            .unwrap()
            .contains("提前三十日"),
        "{explained}"
    );

    // The union sees the list, identity numbers masked; the district office
    // sees the plan but not the list; others do not see it at all.
    let seen = plan_as(&app, &union, &id).await;
    let first = &seen["data"]["node"]["workers"][0];
    assert_eq!(first["name"], "职工00", "{seen}");
    let masked = first["idNumber"].as_str().unwrap();
    assert!(
        masked.starts_with("220102") && masked.contains("********"),
        "{masked}"
    );
    let office = plan_as(&app, &district, &id).await;
    assert_eq!(office["data"]["node"]["status"], "EXPLAINED", "{office}");
    assert_eq!(office["data"]["node"]["workers"], Value::Null);
    assert_eq!(office["data"]["node"]["priorityWarnings"], Value::Null);
    for stranger in [
        "office-220103-officer",
        "association-2-officer",
        "employer-22-officer",
        "labour-220103-officer",
    ] {
        let body = plan_as(&app, &token(&app, stranger).await, &id).await;
        assert_eq!(error_code(&body), "NOT_FOUND", "{stranger}: {body}");
        let listed = app
            .data_as(
                Some(&token(&app, stranger).await),
                "{ layoffPlans(first: 100) { nodes { id } } }",
                json!({}),
            )
            .await;
        assert!(
            !listed["layoffPlans"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["id"] == id),
            "{stranger}: {listed}"
        );
    }

    // No report before the union's opinion and the written answer.
    let report = mutation("reportLayoffPlan", "ReportLayoffPlanInput");
    let body = app
        .data_as(
            Some(&management),
            &report,
            json!({ "input": { "planId": id } }),
        )
        .await;
    assert_eq!(
        body["reportLayoffPlan"]["userErrors"][0]["code"],
        "RULE_VIOLATED"
    );

    // The union gives its opinion; the employer's answer is due in 7 days.
    let mut socket = subscribe(
        &app,
        &union,
        "(filter: { kinds: [LAYOFF_OPINION_GIVEN, LAYOFF_PLAN_REVISED] }) { kind payload }",
    )
    .await;
    let opinion = mutation("giveLayoffOpinion", "GiveLayoffOpinionInput");
    let by_employer = app
        .graphql_as(
            Some(&management),
            &opinion,
            json!({ "input": { "planId": id, "opinion": "x" } }),
        )
        .await;
    assert_eq!(error_code(&by_employer), "FORBIDDEN", "the union gives it");
    let given_at = crate::offers::server_now(&app).await;
    let body = app
        .data_as(
            Some(&union),
            &opinion,
            json!({ "input": { "planId": id, "opinion": "职工05签有无固定期限劳动合同，应予优先留用" } }),
        )
        .await;
    let given = &body["giveLayoffOpinion"]["layoffPlan"];
    assert_eq!(given["answerDeadline"]["status"], "OPEN", "{body}");
    let due: chrono::DateTime<chrono::Utc> = given["answerDeadline"]["dueAt"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    // Seven days, the last moved off a rest day (Civil Code Art. 203).
    assert_eq!(due, crate::agreements::due_after(&app, given_at, 7).await);
    let event = next_event(&mut socket).await;
    assert_eq!(event["kind"], "LAYOFF_OPINION_GIVEN");
    let body = app
        .data_as(
            Some(&management),
            &report,
            json!({ "input": { "planId": id } }),
        )
        .await;
    assert_eq!(
        body["reportLayoffPlan"]["userErrors"][0]["code"], "RULE_VIOLATED",
        "no report before the answer"
    );

    // The revision after the opinion: no termination before the earliest day.
    let revise = mutation("reviseLayoffPlan", "ReviseLayoffPlanInput");
    let mut kept = workers.clone();
    kept.remove(5);
    let day_before = (earliest_day - chrono::Duration::days(1)).to_string();
    let revision = |first: &str| {
        let mut input = terms(300, &kept, first);
        input["planId"] = id.clone();
        input["expectedVersion"] = json!(3);
        input["reason"] = json!("采纳工会意见，保留签有无固定期限劳动合同的职工");
        json!({ "input": input })
    };
    let body = app
        .data_as(Some(&management), &revise, revision(&day_before))
        .await;
    let errors = &body["reviseLayoffPlan"]["userErrors"];
    assert_eq!(errors[0]["field"], json!(["firstTermination"]), "{body}");
    assert!(errors[0]["message"].as_str().unwrap().contains(&earliest));
    let body = app
        .data_as(Some(&management), &revise, revision(&earliest))
        .await;
    let revised = &body["reviseLayoffPlan"]["layoffPlan"];
    assert_eq!(body["reviseLayoffPlan"]["userErrors"], json!([]), "{body}");
    assert_eq!(revised["revision"], 2);
    assert_eq!(revised["cut"], 23);
    assert_eq!(revised["priorityWarnings"], json!([]));
    assert_eq!(
        revised["revisions"][1]["listChanges"],
        json!({ "added": [], "removed": [{ "name": "职工05" }], "changed": [] })
    );
    let event = next_event(&mut socket).await;
    assert_eq!(event["kind"], "LAYOFF_PLAN_REVISED");
    let payload = event["payload"].to_string();
    assert!(
        !payload.contains("职工") && !payload.contains("220102198501"),
        "no names in an event: {payload}"
    );

    // The written answer, then the report joins the district labour bureau's queue.
    let answer = mutation("answerLayoffOpinion", "AnswerLayoffOpinionInput");
    let body = app
        .data_as(
            Some(&management),
            &answer,
            json!({ "input": { "planId": id, "answer": "已采纳，职工05不再列入名单" } }),
        )
        .await;
    let answered = &body["answerLayoffOpinion"]["layoffPlan"];
    assert_eq!(answered["status"], "ANSWERED", "{body}");
    assert_eq!(answered["answerDeadline"]["status"], "MET");
    let body = app
        .data_as(
            Some(&management),
            &report,
            json!({ "input": { "planId": id } }),
        )
        .await;
    let reported = &body["reportLayoffPlan"]["layoffPlan"];
    assert_eq!(reported["status"], "REPORTED", "{body}");
    assert_eq!(reported["reportedTo"]["name"], "南关区人力资源和社会保障局");
    let labour = token(&app, "labour-220102-officer").await;
    let queue = app
        .data_as(
            Some(&labour),
            "{ layoffPlans(filter: { acknowledged: false }) {
                edges { node { id workers { name idNumber } } } } }",
            json!({}),
        )
        .await;
    let queued = &queue["layoffPlans"]["edges"][0]["node"];
    assert_eq!(queued["id"], id, "{queue}");
    assert_eq!(queued["workers"].as_array().unwrap().len(), 23);
    assert!(
        queued["workers"][0]["idNumber"]
            .as_str()
            .unwrap()
            .contains('*')
    );
    let city_labour = token(&app, "labour-220100-officer").await;
    let above = plan_as(&app, &city_labour, &id).await;
    assert_eq!(
        above["data"]["node"]["workers"],
        Value::Null,
        "only the receiving administration sees the list: {above}"
    );

    // It acknowledges receipt with an opinion; a report is not an approval.
    let acknowledge = mutation("acknowledgeLayoffReport", "AcknowledgeLayoffReportInput");
    let input = json!({ "input": { "planId": id, "opinion": "请依法足额支付经济补偿" } });
    let refused = app
        .graphql_as(Some(&management), &acknowledge, input.clone())
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let body = app
        .data_as(Some(&labour), &acknowledge, input.clone())
        .await;
    let acknowledged = &body["acknowledgeLayoffReport"]["layoffPlan"];
    assert!(acknowledged["acknowledgedAt"].is_string(), "{body}");
    assert_eq!(
        acknowledged["administrationOpinion"],
        "请依法足额支付经济补偿"
    );
    let twice = app.data_as(Some(&labour), &acknowledge, input).await;
    assert_eq!(
        twice["acknowledgeLayoffReport"]["userErrors"][0]["code"],
        "RULE_VIOLATED"
    );

    // The 30 days run out (past the notice's due instant, which a holiday
    // at its end moves): the clock is met and the parties are told.
    let union = token(&app, "union-21-officer").await;
    let before = plan_as(&app, &union, &id).await;
    let due: chrono::DateTime<chrono::Utc> = before["data"]["node"]["noticeDeadline"]["dueAt"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let advanced =
        (due - chrono::Utc::now()).max(chrono::Duration::days(32)) + chrono::Duration::hours(1);
    app.advance(advanced).await;
    let union = token(&app, "union-21-officer").await;
    let after = plan_as(&app, &union, &id).await;
    assert_eq!(
        after["data"]["node"]["noticeDeadline"]["status"], "MET",
        "{after}"
    );
    let subject = "【协商平台】裁减人员提前三十日期满：长春清源水务有限公司";
    smtp.wait_for_where(
        "the union",
        |m| m.subject() == subject && m.to[0].starts_with("union-21"),
        1,
    )
    .await;

    // Terminations: the first where the region sets no wage rates, so the
    // calculator gives nothing and any amount stands.
    let terminate = mutation("recordLayoffTermination", "RecordLayoffTerminationInput");
    let termination = |row: i32, paid: &str, reason: Option<&str>| {
        json!({ "input": { "planId": id, "row": row, "lastDay": earliest, "severancePaid": paid,
                           "overrideReason": reason, "certificateIssuedOn": earliest } })
    };
    let management = token(&app, "employer-21-officer").await;
    let body = app
        .data_as(Some(&management), &terminate, termination(1, "20000", None))
        .await;
    let done = &body["recordLayoffTermination"]["layoffPlan"];
    assert_eq!(
        body["recordLayoffTermination"]["userErrors"],
        json!([]),
        "{body}"
    );
    assert_eq!(done["status"], "IMPLEMENTING");
    let year: i32 = earliest[..4].parse().unwrap();
    let rates = "mutation($input: SetWageRatesInput!) { setWageRates(input: $input) { userErrors { field } } }";
    let bureau = token(&app, "labour-220100-officer").await;
    let city_region = app
        .data_as(
            Some(&bureau),
            "{ regions(filter: { nameContains: \"长春市\" }) { edges { node { id } } } }",
            json!({}),
        )
        .await["regions"]["edges"][0]["node"]["id"]
        .clone();
    for (year, key, amount) in [
        (year, "minimumWage", "2000"),
        (year - 1, "averageWage", "8000"),
    ] {
        let input = json!({ "input": { "regionId": city_region, "year": year, key: amount } });
        let body = app.data_as(Some(&bureau), rates, input).await;
        assert_eq!(body["setWageRates"]["userErrors"], json!([]), "{body}");
    }
    // Service from 2012-03-01: 14 full years and 6 months or more, 15 months at 5200.
    let body = app
        .data_as(Some(&management), &terminate, termination(2, "70000", None))
        .await;
    let error = &body["recordLayoffTermination"]["userErrors"][0];
    assert_eq!(error["field"], json!(["overrideReason"]), "{body}");
    assert!(
        error["message"].as_str().unwrap().contains("78000.00"),
        "{error}"
    );
    let body = app
        .data_as(Some(&management), &terminate, termination(2, "78000", None))
        .await;
    assert_eq!(
        body["recordLayoffTermination"]["userErrors"],
        json!([]),
        "{body}"
    );
    let twice = app
        .data_as(Some(&management), &terminate, termination(2, "78000", None))
        .await;
    assert_eq!(
        twice["recordLayoffTermination"]["userErrors"][0]["field"],
        json!(["row"])
    );

    // A service for those laid off, recorded by the union.
    let service = mutation(
        "recordReemploymentService",
        "RecordReemploymentServiceInput",
    );
    let today = (chrono::Utc::now() + advanced + chrono::Duration::hours(8))
        .date_naive()
        .to_string();
    let body = app
        .data_as(
            Some(&union),
            &service,
            json!({ "input": { "planId": id, "kind": "SKILLS_TRAINING", "provider": "南关区职业技能培训中心",
                               "heldOn": today, "participants": 2, "outcome": "2人取得电工证" } }),
        )
        .await;
    assert_eq!(
        body["recordReemploymentService"]["userErrors"],
        json!([]),
        "{body}"
    );

    // Hiring within six months: both laid off must be told first.
    let hire = mutation("recordLayoffHiring", "RecordLayoffHiringInput");
    let hiring = |notified: Value| {
        json!({ "input": { "planId": id, "hiredOn": today, "posts": "管网巡检员", "openings": 3,
                           "notified": notified } })
    };
    let body = app
        .data_as(
            Some(&management),
            &hire,
            hiring(json!([{ "row": 1, "notifiedOn": earliest }])),
        )
        .await;
    let error = &body["recordLayoffHiring"]["userErrors"][0];
    assert_eq!(error["field"], json!(["notified"]), "{body}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("第 2 行（职工01）"),
        "{error}"
    );
    let both = json!([{ "row": 1, "notifiedOn": earliest }, { "row": 2, "notifiedOn": today }]);
    let body = app.data_as(Some(&management), &hire, hiring(both)).await;
    assert_eq!(
        body["recordLayoffHiring"]["userErrors"],
        json!([]),
        "{body}"
    );
    let carried = "query($id: ID!) { node(id: $id) { ... on LayoffPlan { status terminatedCount
        terminations { row name severanceDue severancePaid rehireUntil }
        reemploymentServices { kind participants }
        hirings { openings notifiedCount notified { row name } }
        rehiringDeadline { status dueAt } } } }";
    let seen = app
        .data_as(Some(&union), carried, json!({ "id": id }))
        .await;
    let node = &seen["node"];
    assert_eq!(node["terminatedCount"], 2, "{seen}");
    assert_eq!(node["terminations"][0]["severanceDue"], Value::Null);
    assert_eq!(node["terminations"][1]["severanceDue"], "78000.00");
    assert_eq!(node["terminations"][1]["name"], "职工01");
    let until = earliest_day
        .checked_add_months(chrono::Months::new(6))
        .unwrap()
        .to_string();
    assert_eq!(node["terminations"][0]["rehireUntil"], until);
    assert_eq!(node["rehiringDeadline"]["status"], "OPEN");
    assert_eq!(node["hirings"][0]["notified"][1]["name"], "职工01");
    let district = token(&app, "office-220102-officer").await;
    let office = app
        .data_as(Some(&district), carried, json!({ "id": id }))
        .await;
    assert_eq!(office["node"]["terminatedCount"], 2, "{office}");
    assert_eq!(office["node"]["terminations"], Value::Null);
    assert_eq!(office["node"]["hirings"][0]["notifiedCount"], 2);
    assert_eq!(office["node"]["hirings"][0]["notified"], Value::Null);

    // Every layoff email went to the parties and overseers, naming no worker;
    // an association hears of the risk case the plan opened, not of the plan.
    let explained = "【协商平台】裁减人员情况说明：长春清源水务有限公司";
    for recipient in ["union-21", "office-220102", "labour-220102"] {
        smtp.wait_for_where(
            recipient,
            |m| m.subject() == explained && m.to[0].starts_with(recipient),
            1,
        )
        .await;
    }
    for mail in smtp.received() {
        let text = format!("{}{}", mail.subject(), mail.body());
        assert!(
            !text.contains("职工0") && !text.contains("替换职工") && !text.contains("220102198501"),
            "no worker in an email: {text}"
        );
        assert!(
            !mail.to[0].starts_with("association") || !mail.subject().contains("裁减"),
            "no layoff email to an association: {text}"
        );
    }
}

async fn below_the_threshold_a_plan_needs_no_procedure(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let management = token(&app, "employer-21-officer").await;
    // 19 of 199 is under 20 and under 10%.
    let drafted = draft(
        &app,
        &management,
        terms(199, &crew(19), "2027-03-01"),
        "BUSINESS_CHANGE",
    )
    .await;
    let plan = &drafted["layoffPlan"];
    assert_eq!(plan["procedureRequired"], false, "{drafted}");
    assert_eq!(plan["contractsInForce"], json!([]), "not on this ground");
    assert!(
        plan["threshold"]
            .as_str()
            .unwrap()
            .starts_with("does not apply")
    );
    let body = app
        .data_as(
            Some(&management),
            &mutation("explainLayoffPlan", "ExplainLayoffPlanInput"),
            json!({ "input": { "planId": plan["id"], "explainedAt": chrono::Utc::now().to_rfc3339(),
                               "explainedTo": "ALL_WORKERS", "explanation": "情况说明" } }),
        )
        .await;
    let error = &body["explainLayoffPlan"]["userErrors"][0];
    assert_eq!(error["code"], "RULE_VIOLATED", "{body}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("不适用第四十一条程序")
    );

    // Its terminations are recorded at once, unexplained and unreported.
    let today = (chrono::Utc::now() + chrono::Duration::hours(8))
        .date_naive()
        .to_string();
    let body = app
        .data_as(
            Some(&management),
            &mutation("recordLayoffTermination", "RecordLayoffTerminationInput"),
            json!({ "input": { "planId": plan["id"], "row": 1, "lastDay": today,
                               "severancePaid": "36400.00", "certificateIssuedOn": today } }),
        )
        .await;
    let recorded = &body["recordLayoffTermination"];
    assert_eq!(recorded["userErrors"], json!([]), "{body}");
    assert_eq!(recorded["layoffPlan"]["status"], "IMPLEMENTING");

    // On the ground of bankruptcy reorganisation the plan shows the
    // employer's contracts in force.
    let drafted = draft(
        &app,
        &management,
        terms(199, &crew(2), "2027-03-01"),
        "BANKRUPTCY_REORGANISATION",
    )
    .await;
    let contracts = drafted["layoffPlan"]["contractsInForce"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!contracts.is_empty(), "{drafted}");
    assert!(
        contracts.iter().all(|c| c["status"] == "EFFECTIVE"),
        "{contracts:?}"
    );

    // A list longer or shorter than the number cut is refused.
    let mut short = terms(199, &crew(3), "2027-03-01");
    short["cut"] = json!(4);
    let drafted = draft(&app, &management, short, "BUSINESS_CHANGE").await;
    assert_eq!(
        drafted["userErrors"][0]["field"],
        json!(["workers"]),
        "{drafted}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_client_example_gives_the_unions_opinion_and_follows_the_answer() {
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--demo"]).await;
    let management = token(&app, "employer-21-officer").await;
    let drafted = draft(
        &app,
        &management,
        terms(300, &crew(20), "2027-06-01"),
        "SERIOUS_DIFFICULTY",
    )
    .await;
    let id = drafted["layoffPlan"]["id"].clone();
    let step = |name: &'static str, input_type: &'static str, input: Value| {
        let app = &app;
        let management = &management;
        async move {
            let body = app
                .data_as(
                    Some(management),
                    &mutation(name, input_type),
                    json!({ "input": input }),
                )
                .await;
            assert_eq!(body[name]["userErrors"], json!([]), "{body}");
        }
    };
    step(
        "explainLayoffPlan",
        "ExplainLayoffPlanInput",
        json!({ "planId": id, "explainedAt": chrono::Utc::now().to_rfc3339(),
                "explainedTo": "UNION", "explanation": "抄表业务改为远程自动抄表" }),
    )
    .await;

    let Some(stdout) = run_example(
        &app,
        "union_layoff_opinion.py",
        &["--opinion", "请优先安排转岗培训"],
    ) else {
        return;
    };
    assert!(
        stdout.contains("长春清源水务有限公司: cut 20 of 300 (EXPLAINED)"),
        "{stdout}"
    );
    assert!(stdout.contains("applies: 20 or more"), "{stdout}");
    assert!(
        stdout.contains("row 1: 职工00 220102********"),
        "the list, masked: {stdout}"
    );
    assert!(stdout.contains("opinion given: OPINION_GIVEN"), "{stdout}");

    step(
        "answerLayoffOpinion",
        "AnswerLayoffOpinionInput",
        json!({ "planId": id, "answer": "同意安排转岗培训" }),
    )
    .await;
    step(
        "reportLayoffPlan",
        "ReportLayoffPlanInput",
        json!({ "planId": id }),
    )
    .await;
    let Some(stdout) = run_example(&app, "union_layoff_opinion.py", &[]) else {
        return;
    };
    assert!(
        stdout.contains("our opinion: 请优先安排转岗培训"),
        "{stdout}"
    );
    assert!(
        stdout.contains("employer's answer: 同意安排转岗培训"),
        "{stdout}"
    );
    assert!(
        stdout.contains("reported to 南关区人力资源和社会保障局")
            && stdout.contains("not yet acknowledged"),
        "{stdout}"
    );
}

async fn bad_input_to_each_step_names_its_field_and_stores_nothing(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let management = token(&app, "employer-21-officer").await;
    let union = token(&app, "union-21-officer").await;
    let labour = token(&app, "labour-220102-officer").await;
    let drafted = draft(
        &app,
        &management,
        terms(300, &crew(20), "2027-06-01"),
        "SERIOUS_DIFFICULTY",
    )
    .await;
    let id = drafted["layoffPlan"]["id"].clone();
    let explained = app
        .data_as(
            Some(&management),
            &mutation("explainLayoffPlan", "ExplainLayoffPlanInput"),
            json!({ "input": { "planId": id, "explainedAt": chrono::Utc::now().to_rfc3339(),
                               "explainedTo": "UNION", "explanation": "订单下降" } }),
        )
        .await;
    assert_eq!(
        explained["explainLayoffPlan"]["userErrors"],
        json!([]),
        "{explained}"
    );
    let region = app
        .data_as(
            Some(&labour),
            "{ regions(filter: { nameContains: \"南关区\" }) { edges { node { id } } } }",
            json!({}),
        )
        .await["regions"]["edges"][0]["node"]["id"]
        .clone();
    let cases: [(&str, &str, &str, Value, &str); 6] = [
        (
            "giveLayoffOpinion",
            "GiveLayoffOpinionInput",
            &union,
            json!({ "planId": id, "opinion": "  " }),
            "opinion",
        ),
        (
            "answerLayoffOpinion",
            "AnswerLayoffOpinionInput",
            &management,
            json!({ "planId": id, "answer": "" }),
            "answer",
        ),
        (
            "withdrawLayoffPlan",
            "WithdrawLayoffPlanInput",
            &management,
            json!({ "planId": id, "reason": " " }),
            "reason",
        ),
        (
            "recordReemploymentService",
            "RecordReemploymentServiceInput",
            &union,
            json!({ "planId": id, "kind": "SKILLS_TRAINING", "provider": "", "heldOn": "2026-12-01",
                 "participants": 1, "outcome": "x" }),
            "provider",
        ),
        (
            "recordLayoffHiring",
            "RecordLayoffHiringInput",
            &management,
            json!({ "planId": id, "hiredOn": "2026-12-01", "posts": "", "openings": 1, "notified": [] }),
            "posts",
        ),
        (
            "recordLayoffTermination",
            "RecordLayoffTerminationInput",
            &management,
            json!({ "planId": id, "row": 1, "lastDay": "2026-12-01", "severancePaid": "-5",
                 "certificateIssuedOn": "2026-12-01" }),
            "severancePaid",
        ),
    ];
    // Emails of the explanation are made in the background meanwhile.
    for (name, input_type, token, input, field) in cases {
        let before = app.rows(&["notifications"]).await;
        let body = app
            .data_as(
                Some(token),
                &mutation(name, input_type),
                json!({ "input": input }),
            )
            .await;
        assert_eq!(body[name]["layoffPlan"], Value::Null, "{name}: {body}");
        assert_eq!(
            body[name]["userErrors"][0]["field"],
            json!([field]),
            "{name}: {body}"
        );
        assert_eq!(
            app.rows(&["notifications"]).await,
            before,
            "{name} stored nothing"
        );
    }
    let rules = "mutation($input: SetLayoffRulesInput!) { setLayoffRules(input: $input) {
        answerDays userErrors { field code } } }";
    let before = app.rows(&["notifications"]).await;
    let body = app
        .data_as(
            Some(&labour),
            rules,
            json!({ "input": { "regionId": region, "answerDays": 31 } }),
        )
        .await;
    assert_eq!(
        body["setLayoffRules"]["userErrors"],
        json!([{ "field": ["answerDays"], "code": "OUT_OF_RANGE" }])
    );
    assert_eq!(
        app.rows(&["notifications"]).await,
        before,
        "setLayoffRules stored nothing"
    );
    let body = app
        .data_as(
            Some(&labour),
            rules,
            json!({ "input": { "regionId": region, "answerDays": 10 } }),
        )
        .await;
    assert_eq!(body["setLayoffRules"]["answerDays"], 10, "{body}");
}

const LAYOFF_CASES: &str = "query($employer: ID!) {
    riskCases(filter: { employer: $employer, items: [LAYOFF] }) { totalCount nodes {
        id status source summary items office { name }
        links { kind linkedBy { name } subject { ... on LayoffPlan { id noticeDeadline { dueAt } } } } } } }";

async fn layoff_cases(app: &TestApp, token: &str, employer: &Value) -> Value {
    let body = app
        .data_as(Some(token), LAYOFF_CASES, json!({ "employer": employer }))
        .await;
    body["riskCases"].clone()
}

/// Drafts a plan of 清源水务 cutting `cut` of 300 and explains it to the
/// union yesterday, returning the explained plan.
async fn explained_plan(app: &TestApp, token: &str, cut: u32) -> Value {
    let drafted = draft(
        app,
        token,
        terms(300, &crew(cut), "2027-06-01"),
        "SERIOUS_DIFFICULTY",
    )
    .await;
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339();
    let body = app
        .data_as(
            Some(token),
            &mutation("explainLayoffPlan", "ExplainLayoffPlanInput"),
            json!({ "input": { "planId": drafted["layoffPlan"]["id"], "explainedAt": yesterday,
                               "explainedTo": "UNION", "explanation": "营业收入下降" } }),
        )
        .await;
    assert_eq!(body["explainLayoffPlan"]["userErrors"], json!([]), "{body}");
    body["explainLayoffPlan"]["layoffPlan"].clone()
}

/// An explained Art. 41 plan is monitored item 6: it opens a case of the
/// district office linked to it, whose clocks the case shows through the
/// link; a second plan joins the open case; the link shows the plan only
/// to those who see the plan.
async fn an_explained_plan_is_followed_on_a_risk_case(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let management = token(&app, "employer-21-officer").await;
    let district = token(&app, "office-220102-officer").await;
    let water = employer(&app, "清源水务").await;
    assert_eq!(layoff_cases(&app, &district, &water).await["totalCount"], 0);

    // A draft opens nothing; the explanation opens the case.
    let plan = explained_plan(&app, &management, 24).await;
    let cases = layoff_cases(&app, &district, &water).await;
    assert_eq!(cases["totalCount"], 1, "{cases}");
    let case = &cases["nodes"][0];
    assert_eq!(case["status"], "REPORTED");
    assert_eq!(case["source"], "EMPLOYER_REPORT");
    assert_eq!(case["items"], json!(["LAYOFF"]));
    assert_eq!(
        case["summary"],
        "经济性裁员方案：拟裁减24人（职工300人），已向工会说明情况"
    );
    assert_eq!(
        case["office"]["name"], "南关区协调劳动关系三方委员会办公室",
        "{case}"
    );
    assert_eq!(
        case["links"],
        json!([{ "kind": "LAYOFF_PLAN", "linkedBy": { "name": "长春清源水务有限公司" },
                 "subject": { "id": plan["id"], "noticeDeadline": { "dueAt": plan["noticeDeadline"]["dueAt"] } } }])
    );
    let case_id = case["id"].clone();

    // The employer's association sees the case, not the plan behind it;
    // another employer sees neither.
    let association = layoff_cases(&app, &token(&app, "association-1-officer").await, &water).await;
    assert_eq!(association["totalCount"], 1, "{association}");
    assert_eq!(association["nodes"][0]["links"], json!([]));
    let other = layoff_cases(&app, &token(&app, "employer-22-officer").await, &water).await;
    assert_eq!(other["totalCount"], 0);

    // A second plan joins the open case.
    let second = explained_plan(&app, &management, 20).await;
    let cases = layoff_cases(&app, &district, &water).await;
    assert_eq!(cases["totalCount"], 1, "{cases}");
    let linked: Vec<&Value> = cases["nodes"][0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["subject"]["id"])
        .collect();
    assert_eq!(linked, [&plan["id"], &second["id"]]);

    // The office links and unlinks a plan by hand as it does an offer.
    let relink = |name: &str| {
        format!(
            "mutation($input: {}RiskCaseInput!) {{ {}RiskCase(input: $input) {{ userErrors {{ field code }} }} }}",
            if name == "link" { "Link" } else { "Unlink" },
            name
        )
    };
    let input = json!({ "input": { "riskCaseId": case_id, "subjectId": second["id"] } });
    let body = app
        .data_as(Some(&district), &relink("link"), input.clone())
        .await;
    assert_eq!(
        body["linkRiskCase"]["userErrors"][0]["code"], "TAKEN",
        "{body}"
    );
    let body = app
        .data_as(Some(&district), &relink("unlink"), input.clone())
        .await;
    assert_eq!(body["unlinkRiskCase"]["userErrors"], json!([]), "{body}");
    let cases = layoff_cases(&app, &district, &water).await;
    assert_eq!(cases["nodes"][0]["links"].as_array().unwrap().len(), 1);
    let body = app.data_as(Some(&district), &relink("link"), input).await;
    assert_eq!(body["linkRiskCase"]["userErrors"], json!([]), "{body}");
}

/// The demo city's plans: one in every state, one below the threshold, one
/// whose union had a nursing mother taken off the list, one being carried
/// out with its rehiring notices, each explained one on a risk case.
async fn the_demo_has_a_plan_in_every_state(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let city = token(&app, "office-220100-officer").await;
    let query = "{ layoffPlans(first: 20) { nodes { status procedureRequired cut
        employer { name } noticeDeadline { status } answerDeadline { status }
        rehiringDeadline { status } terminatedCount
        revisions { reason listChanges { removed { name } } }
        hirings { notifiedCount } reemploymentServices { kind } } } }";
    let body = app.data_as(Some(&city), query, json!({})).await;
    let plans = body["layoffPlans"]["nodes"].as_array().unwrap().clone();
    let of =
        |status: &str| -> Vec<&Value> { plans.iter().filter(|p| p["status"] == status).collect() };
    for status in [
        "EXPLAINED",
        "OPINION_GIVEN",
        "ANSWERED",
        "REPORTED",
        "IMPLEMENTING",
        "WITHDRAWN",
    ] {
        assert_eq!(of(status).len(), 1, "{status}: {body}");
    }
    assert_eq!(of("DRAFT").len(), 0, "a draft is its employer's alone");
    assert_eq!(of("OPINION_GIVEN")[0]["answerDeadline"]["status"], "OPEN");
    assert_eq!(of("WITHDRAWN")[0]["noticeDeadline"]["status"], "CANCELLED");

    // The list's changes are the employer's, its union's and the receiving
    // administration's to see.
    let answered = of("ANSWERED")[0];
    assert_eq!(answered["revisions"][1]["listChanges"], Value::Null);
    let union = token(&app, "union-12-officer").await;
    let seen = app.data_as(Some(&union), query, json!({})).await;
    assert_eq!(
        seen["layoffPlans"]["nodes"][0]["revisions"][1]["listChanges"]["removed"],
        json!([{ "name": "孙丽娜" }]),
        "{seen}"
    );
    assert!(
        answered["revisions"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("第四十二条第（四）项")
    );

    let implementing = of("IMPLEMENTING")[0];
    assert_eq!(implementing["terminatedCount"], 12);
    assert_eq!(implementing["noticeDeadline"]["status"], "MET");
    assert_eq!(implementing["rehiringDeadline"]["status"], "OPEN");
    assert_eq!(implementing["hirings"], json!([{ "notifiedCount": 12 }]));
    assert_eq!(
        implementing["reemploymentServices"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let completed = of("COMPLETED");
    assert_eq!(completed.len(), 2, "{body}");
    let below: Vec<&&Value> = completed
        .iter()
        .filter(|p| p["procedureRequired"] == false)
        .collect();
    assert_eq!(below.len(), 1, "one below the threshold: {body}");
    assert_eq!(below[0]["noticeDeadline"], Value::Null);
    assert_eq!(below[0]["terminatedCount"], below[0]["cut"]);

    // The draft is seen by its employer.
    let food = token(&app, "employer-06-officer").await;
    let own = app
        .data_as(
            Some(&food),
            "{ layoffPlans { nodes { status } } }",
            json!({}),
        )
        .await;
    assert_eq!(own["layoffPlans"]["nodes"], json!([{ "status": "DRAFT" }]));

    // Each explained plan is on a risk case on item 6.
    let cases = app
        .data_as(
            Some(&city),
            "{ riskCases(first: 50, filter: { items: [LAYOFF] }) { nodes { status links { kind } } } }",
            json!({}),
        )
        .await;
    let linked = cases["riskCases"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["links"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["kind"] == "LAYOFF_PLAN")
        })
        .count();
    assert_eq!(linked, 7, "{cases}");
}
