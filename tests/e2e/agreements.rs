//! Agreements end to end: drafting together, the vote, signing, filing,
//! review and effect on the injected clock; the vote's thresholds; who sees
//! what; concurrent revisions; and the association's batched list.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Asia::Shanghai;
use serde_json::{Value, json};

use crate::offers::{next_morning, statements_for, token};
use crate::on_both_backends;
use crate::smtp::SmtpServer;
use crate::support::{ADMIN_PASSWORD, Backend, TestApp};

on_both_backends!(
    a_contract_is_drafted_voted_signed_filed_and_takes_effect_without_objection,
    an_objected_contract_is_revised_refiled_and_approved,
    a_late_filing_is_explained_then_published_and_terminated,
    the_vote_counts_all_members,
    associations_see_their_members_agreements_and_administrations_their_region,
    concurrent_revisions_from_one_version_give_one_conflict,
    listing_a_hundred_agreements_takes_as_many_statements_as_ten,
    a_hidden_party_answers_as_a_missing_one,
    a_term_from_a_leap_day_runs_to_the_last_day_of_february,
    a_region_sets_one_period_and_keeps_the_other,
    the_negotiations_chiefs_sign_and_others_under_a_delegation,
    offers_and_agreements_are_found_by_the_employers_name_or_credit_code,
    the_chiefs_sign_the_texts_digest_and_a_revision_breaks_the_match,
);

const AGREEMENT: &str = "id status version textVersion title effectiveAt
    clauses { key topic heading text }
    filingDeadline { dueAt status } reviewDeadline { dueAt status }
    publicationDeadline { dueAt status } termDeadline { dueAt status }
    latestFiling { receiptNumber outcome filedLate opinion reviewer { name } }
    workersSignature { name } employerSignature { name }";

fn mutation(name: &str, input: &str) -> String {
    format!(
        "mutation($input: {input}!) {{ {name}(input: $input) {{ agreement {{ {AGREEMENT} }} userErrors {{ field message code }} }} }}"
    )
}

/// Runs a mutation as `token`, returning its payload.
async fn run(app: &TestApp, token: &str, name: &str, input_type: &str, input: Value) -> Value {
    let data = app
        .data_as(
            Some(token),
            &mutation(name, input_type),
            json!({ "input": input }),
        )
        .await;
    data[name].clone()
}

/// Runs a mutation that must succeed, returning the agreement.
async fn step(app: &TestApp, token: &str, name: &str, input_type: &str, input: Value) -> Value {
    let payload = run(app, token, name, input_type, input).await;
    assert_eq!(payload["userErrors"], json!([]), "{name}: {payload}");
    payload["agreement"].clone()
}

fn clause(key: Option<i64>, topic: &str, heading: &str, text: &str) -> Value {
    json!({ "key": key, "topic": topic, "heading": heading, "text": text })
}

/// The draft's clauses with the wage clause (key 2) reading `text`.
fn wage_revision(agreement: &Value, note: &str, text: &str) -> Value {
    json!({
        "id": agreement["id"], "expectedVersion": agreement["version"], "note": note,
        "clauses": [
            clause(Some(1), "OTHER", "第一条 总则", "双方依法平等协商，订立本合同。"),
            clause(Some(2), "PAY", "第二条 工资调整", text),
            clause(Some(3), "WORKING_HOURS", "第三条 工作时间", "每日工作8小时。"),
        ] })
}

fn draft_input(employer: &Value, kind: &str, subject: Option<&str>) -> Value {
    let union = json!(null);
    json!({
        "kind": kind, "specialSubject": subject, "title": "2027年度集体合同",
        "employerPartyId": employer, "workersPartyId": union, "workersCovered": 320,
        "term": { "startsOn": "2027-01-01", "endsOn": "2029-12-31" },
        "clauses": [
            clause(None, "OTHER", "第一条 总则", "双方依法平等协商，订立本合同。"),
            clause(None, "PAY", "第二条 工资调整", "2027年度职工工资平均增长5%。"),
            clause(None, "WORKING_HOURS", "第三条 工作时间", "每日工作8小时。"),
        ],
    })
}

/// The grassroots union of an employer, as the union's officer sees it.
async fn union_of(app: &TestApp, token: &str) -> Value {
    let data = app
        .data_as(
            Some(token),
            "{ viewer { actingOrganizations { id } } }",
            json!({}),
        )
        .await;
    data["viewer"]["actingOrganizations"][0]["id"].clone()
}

/// Drafts an agreement between the union's employer and the union.
async fn draft(
    app: &TestApp,
    union: &str,
    employer_name: &str,
    kind: &str,
    subject: Option<&str>,
) -> Value {
    let query = "query($name: String) { employers(filter: { nameContains: $name }) { edges { node { id } } } }";
    let found = app
        .data_as(Some(union), query, json!({ "name": employer_name }))
        .await;
    let employer_id = found["employers"]["edges"][0]["node"]["id"].clone();
    let mut input = draft_input(&employer_id, kind, subject);
    input["workersPartyId"] = union_of(app, union).await;
    step(app, union, "draftAgreement", "DraftAgreementInput", input).await
}

async fn vote(app: &TestApp, union: &str, agreement: &Value, counts: [i64; 3]) -> Value {
    let [total, present, favour] = counts;
    let input = json!({ "id": agreement["id"], "expectedVersion": agreement["version"], "body": "WORKERS_CONGRESS",
                        "totalMembers": total, "present": present, "inFavour": favour,
                        "heldOn": crate::offers::server_today(app).await });
    run(
        app,
        union,
        "recordWorkersCongressVote",
        "RecordVoteInput",
        input,
    )
    .await
}

/// Votes, then both chiefs sign; returns the signed agreement.
async fn approve_and_sign(
    app: &TestApp,
    union: &str,
    management: &str,
    agreement: &Value,
) -> Value {
    let voted = vote(app, union, agreement, [60, 45, 40]).await;
    let agreement = &voted["agreement"];
    assert_eq!(agreement["status"], "APPROVED", "{voted}");
    let sign = |side: &str, version: &Value| json!({ "id": agreement["id"], "expectedVersion": version, "side": side, "chief": "王建华", "delegation": "授权委托书" });
    let once = step(
        app,
        union,
        "signAgreement",
        "SignAgreementInput",
        sign("WORKERS", &agreement["version"]),
    )
    .await;
    assert_eq!(once["status"], "APPROVED");
    let both = step(
        app,
        management,
        "signAgreement",
        "SignAgreementInput",
        sign("EMPLOYER", &once["version"]),
    )
    .await;
    assert_eq!(both["status"], "SIGNED");
    both
}

fn instant(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

/// 24:00 on the last day of a period of `days` calendar days from `from`,
/// moved off rest days and holidays as the server's calendar has them
/// (Civil Code Art. 203).
pub async fn due_after(app: &TestApp, from: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    let reader = token(app, "office-220100-viewer").await;
    let day = from.with_timezone(&Shanghai).date_naive() + Duration::days(days);
    let last = crate::offers::this_or_next_working_day(app, &reader, day).await;
    end_of_day_after(
        Shanghai
            .from_local_datetime(&last.and_time(NaiveTime::MIN))
            .unwrap()
            .with_timezone(&Utc),
        0,
    )
}

/// 24:00 at the end of the `days`th day after `from`, unmoved (an agreed day).
fn end_of_day_after(from: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    let day = from.with_timezone(&Shanghai).date_naive() + Duration::days(days + 1);
    Shanghai
        .from_local_datetime(&day.and_time(NaiveTime::MIN))
        .unwrap()
        .with_timezone(&Utc)
}

async fn node(app: &TestApp, token: &str, id: &Value) -> Value {
    let query =
        format!("query($id: ID!) {{ node(id: $id) {{ ... on Agreement {{ {AGREEMENT} }} }} }}");
    app.data_as(Some(token), &query, json!({ "id": id })).await["node"].clone()
}

async fn a_contract_is_drafted_voted_signed_filed_and_takes_effect_without_objection(
    backend: Backend,
) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let monday = next_morning(&app, Weekday::Mon).await;
    let union = token(&app, "union-21-officer").await;
    let management = token(&app, "employer-21-officer").await;

    let drafted = draft(&app, &union, "清源水务", "COLLECTIVE_CONTRACT", None).await;
    assert_eq!(drafted["status"], "DRAFTING");
    assert_eq!(drafted["textVersion"], 1);
    let keys: Vec<i64> = drafted["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_i64().unwrap())
        .collect();
    assert_eq!(keys, [1, 2, 3]);

    // The employer revises clause 2, drops clause 3 and adds a clause.
    let revise = |agreement: &Value, clauses: Vec<Value>, note: &str| json!({ "id": agreement["id"], "expectedVersion": agreement["version"], "clauses": clauses, "note": note });
    let second = step(
        &app,
        &management,
        "proposeAgreementRevision",
        "ProposeAgreementRevisionInput",
        revise(
            &drafted,
            vec![
                clause(
                    Some(1),
                    "OTHER",
                    "第一条 总则",
                    "双方依法平等协商，订立本合同。",
                ),
                clause(
                    Some(2),
                    "PAY",
                    "第二条 工资调整",
                    "2027年度职工工资平均增长4%。",
                ),
                clause(
                    None,
                    "SAFETY_AND_HEALTH",
                    "第三条 劳动安全卫生",
                    "每年组织职业健康检查一次。",
                ),
            ],
            "企业方修改稿",
        ),
    )
    .await;
    assert_eq!(second["textVersion"], 2);
    assert_eq!(
        second["clauses"][2]["key"], 4,
        "a new clause gets a new key"
    );
    // The union meets it halfway.
    let third = step(
        &app,
        &union,
        "proposeAgreementRevision",
        "ProposeAgreementRevisionInput",
        revise(
            &second,
            vec![
                clause(
                    Some(1),
                    "OTHER",
                    "第一条 总则",
                    "双方依法平等协商，订立本合同。",
                ),
                clause(
                    Some(2),
                    "PAY",
                    "第二条 工资调整",
                    "2027年度职工工资平均增长4.5%。",
                ),
                clause(
                    Some(4),
                    "SAFETY_AND_HEALTH",
                    "第三条 劳动安全卫生",
                    "每年组织职业健康检查一次。",
                ),
            ],
            "职工方修改稿",
        ),
    )
    .await;
    assert_eq!(third["textVersion"], 3);

    let comment = app.data_as(Some(&management),
        "mutation($input: CommentOnClauseInput!) { commentOnClause(input: $input) { comment { id clauseKey textVersion body resolvedAt } userErrors { field } } }",
        json!({ "input": { "id": third["id"], "clauseKey": 2, "body": "4.5%需经董事会确认。" } })).await;
    let comment = &comment["commentOnClause"]["comment"];
    assert_eq!(comment["clauseKey"], 2);
    assert_eq!(comment["textVersion"], 3);
    let missing = app.data_as(Some(&management),
        "mutation($input: CommentOnClauseInput!) { commentOnClause(input: $input) { comment { id } userErrors { field code } } }",
        json!({ "input": { "id": third["id"], "clauseKey": 3, "body": "已删除的条款" } })).await;
    assert_eq!(
        missing["commentOnClause"]["userErrors"],
        json!([{ "field": ["clauseKey"], "code": "NOT_FOUND" }])
    );
    let resolved = app.data_as(Some(&union),
        "mutation($input: ResolveAgreementCommentInput!) { resolveAgreementComment(input: $input) { comment { resolvedAt } } }",
        json!({ "input": { "id": comment["id"] } })).await;
    assert!(resolved["resolveAgreementComment"]["comment"]["resolvedAt"].is_string());

    let diff = app.data_as(Some(&union),
        "query($id: ID!) { node(id: $id) { ... on Agreement { diff(fromVersion: 1, toVersion: 3) { kind key before { text } after { text } } versions { number note authorOrganization { name } } comments(unresolvedOnly: true) { id } } } }",
        json!({ "id": third["id"] })).await;
    let node_value = &diff["node"];
    assert_eq!(
        node_value["diff"],
        json!([
            { "kind": "CHANGED", "key": 2, "before": { "text": "2027年度职工工资平均增长5%。" }, "after": { "text": "2027年度职工工资平均增长4.5%。" } },
            { "kind": "ADDED", "key": 4, "before": null, "after": { "text": "每年组织职业健康检查一次。" } },
            { "kind": "REMOVED", "key": 3, "before": { "text": "每日工作8小时。" }, "after": null },
        ])
    );
    let versions: Vec<(i64, String)> = node_value["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["number"].as_i64().unwrap(),
                v["authorOrganization"]["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            (1, "长春清源水务有限公司工会委员会".to_owned()),
            (2, "长春清源水务有限公司".to_owned()),
            (3, "长春清源水务有限公司工会委员会".to_owned())
        ]
    );
    assert_eq!(node_value["comments"], json!([]));

    // The employer may not record the workers' vote.
    let input = json!({ "input": { "id": third["id"], "expectedVersion": third["version"], "body": "WORKERS_CONGRESS",
                                   "totalMembers": 60, "present": 45, "inFavour": 40, "heldOn": "2026-01-05" } });
    let foreign = app
        .graphql_as(
            Some(&management),
            &mutation("recordWorkersCongressVote", "RecordVoteInput"),
            input,
        )
        .await;
    assert_eq!(crate::support::error_code(&foreign), "FORBIDDEN");
    let signed = approve_and_sign(&app, &union, &management, &third).await;
    assert_eq!(signed["workersSignature"]["name"], "王建华");
    assert_eq!(
        instant(&signed["filingDeadline"]["dueAt"]),
        due_after(&app, monday, 10).await
    );

    let file = json!({ "id": signed["id"], "expectedVersion": signed["version"] });
    let by_union = app
        .graphql_as(
            Some(&union),
            &mutation("fileAgreement", "FileAgreementInput"),
            json!({ "input": file.clone() }),
        )
        .await;
    assert_eq!(
        crate::support::error_code(&by_union),
        "FORBIDDEN",
        "the employer's side files (Art. 42)"
    );
    let filed = step(
        &app,
        &management,
        "fileAgreement",
        "FileAgreementInput",
        file,
    )
    .await;
    assert_eq!(filed["status"], "FILED");
    assert_eq!(filed["filingDeadline"]["status"], "MET");
    // The region's code, the year in Beijing and the region's sequence: no row id.
    let receipt = filed["latestFiling"]["receiptNumber"].as_str().unwrap();
    let prefix = format!("220102-{}-", monday.with_timezone(&Shanghai).format("%Y"));
    let sequence = receipt
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{receipt}"));
    assert!(
        sequence.len() == 4 && sequence.chars().all(|c| c.is_ascii_digit()),
        "{receipt}"
    );
    assert_eq!(
        filed["latestFiling"]["reviewer"]["name"],
        "南关区人力资源和社会保障局"
    );
    let review_due = instant(&filed["reviewDeadline"]["dueAt"]);
    assert_eq!(review_due, due_after(&app, monday, 15).await);

    // The reviewer and the associations of the employer are told.
    let mails = smtp.wait_for(1).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let filed_to = loop {
        let to: Vec<String> = smtp
            .received()
            .iter()
            .filter(|m| m.subject().contains("集体合同报送审查"))
            .flat_map(|m| m.to.clone())
            .collect();
        if to.iter().any(|t| t.starts_with("labour-220102-officer"))
            && to.iter().any(|t| t.starts_with("association-1-officer"))
            || std::time::Instant::now() > deadline
        {
            break to;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    drop(mails);
    assert!(
        filed_to.contains(&"labour-220102-officer@demo.xieshang.test".to_owned()),
        "{filed_to:?}"
    );
    assert!(
        filed_to.contains(&"association-1-officer@demo.xieshang.test".to_owned()),
        "{filed_to:?}"
    );
    assert!(
        !filed_to
            .iter()
            .any(|t| t.starts_with("employer-21-officer")),
        "not the actor: {filed_to:?}"
    );
    assert!(
        !filed_to.iter().any(|t| t.starts_with("labour-220103")),
        "not another district: {filed_to:?}"
    );

    let labour = token(&app, "labour-220102-officer").await;
    let queue = app
        .data_as(
            Some(&labour),
            "{ agreementReviewQueue(first: 100) { edges { node { daysLeft agreement { id } } } } }",
            json!({}),
        )
        .await;
    let entry = queue["agreementReviewQueue"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["agreement"]["id"] == signed["id"])
        .cloned()
        .expect("in the queue");
    assert_eq!(entry["node"]["daysLeft"], 15);

    // Day 15 at 23:00: still under review. Day 16: in force without objection.
    app.advance(review_due - Duration::hours(1) - monday).await;
    let union = token(&app, "union-21-officer").await;
    assert_eq!(node(&app, &union, &signed["id"]).await["status"], "FILED");
    app.advance(Duration::hours(2)).await;
    let union = token(&app, "union-21-officer").await;
    let effective = node(&app, &union, &signed["id"]).await;
    assert_eq!(effective["status"], "EFFECTIVE");
    assert_eq!(effective["latestFiling"]["outcome"], "NO_OBJECTION");
    assert_eq!(effective["reviewDeadline"]["status"], "MET");
    assert_eq!(effective["publicationDeadline"]["status"], "OPEN");
    assert_eq!(
        instant(&effective["termDeadline"]["dueAt"]),
        end_of_day_after(
            Shanghai
                .with_ymd_and_hms(2029, 12, 31, 12, 0, 0)
                .unwrap()
                .with_timezone(&Utc),
            0
        )
    );
}

async fn an_objected_contract_is_revised_refiled_and_approved(backend: Backend) {
    let app = TestApp::launch(&backend, &["--demo"], Some(ADMIN_PASSWORD)).await;
    let monday = next_morning(&app, Weekday::Mon).await;
    let office = token(&app, "office-220100-officer").await;
    let city = app
        .data_as(
            Some(&office),
            "{ regions(filter: { kinds: [CITY] }) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let city = city["regions"]["edges"][0]["node"]["id"].clone();
    // A wage contract's filing period is 7 days in this city.
    let rule = app.data_as(Some(&office),
        "mutation($input: SetAgreementRuleInput!) { setAgreementRule(input: $input) { filingDays publicationDays userErrors { field code } } }",
        json!({ "input": { "regionId": city, "kind": "SPECIAL_CONTRACT", "specialSubject": "WAGE", "filingDays": 7, "publicationDays": 5 } })).await;
    assert_eq!(
        rule["setAgreementRule"],
        json!({ "filingDays": 7, "publicationDays": 5, "userErrors": [] })
    );
    let union = token(&app, "union-25-officer").await;
    let management = token(&app, "employer-25-officer").await;
    let drafted = draft(&app, &union, "万家福", "SPECIAL_CONTRACT", Some("WAGE")).await;
    let signed = approve_and_sign(&app, &union, &management, &drafted).await;
    assert_eq!(
        instant(&signed["filingDeadline"]["dueAt"]),
        due_after(&app, monday, 7).await
    );
    let filed = step(
        &app,
        &management,
        "fileAgreement",
        "FileAgreementInput",
        json!({ "id": signed["id"], "expectedVersion": signed["version"] }),
    )
    .await;

    let labour = token(&app, "labour-220102-officer").await;
    let other_district = token(&app, "labour-220103-officer").await;
    let review = |decision: &str, opinion: Option<&str>, version: &Value| json!({ "id": filed["id"], "expectedVersion": version, "decision": decision, "opinion": opinion });
    let hidden = app
        .graphql_as(
            Some(&other_district),
            &mutation("reviewAgreement", "ReviewAgreementInput"),
            json!({ "input": review("APPROVE", None, &filed["version"]) }),
        )
        .await;
    assert_eq!(crate::support::error_code(&hidden), "NOT_FOUND");
    let without_opinion = run(
        &app,
        &labour,
        "reviewAgreement",
        "ReviewAgreementInput",
        review("OBJECT", None, &filed["version"]),
    )
    .await;
    assert_eq!(
        without_opinion["userErrors"][0]["field"],
        json!(["opinion"])
    );
    let opinion = "第二条工资调整幅度低于本市工资指导线基准线，请重新协商。";
    let objected = step(
        &app,
        &labour,
        "reviewAgreement",
        "ReviewAgreementInput",
        review("OBJECT", Some(opinion), &filed["version"]),
    )
    .await;
    assert_eq!(objected["status"], "OBJECTED");
    assert_eq!(objected["latestFiling"]["outcome"], "OBJECTED");
    assert_eq!(objected["latestFiling"]["opinion"], opinion);
    assert_eq!(objected["reviewDeadline"]["status"], "MET");
    assert_eq!(objected["filingDeadline"]["status"], "OPEN");
    assert_eq!(
        instant(&objected["filingDeadline"]["dueAt"]),
        due_after(&app, monday, 7).await
    );

    // Renegotiated, voted on, signed and refiled two days later (CCP Art.
    // 46); the clocks restart. The unchanged text is not refiled.
    app.advance(Duration::days(2)).await;
    let union = token(&app, "union-25-officer").await;
    let management = token(&app, "employer-25-officer").await;
    let file = |agreement: &Value| json!({ "id": agreement["id"], "expectedVersion": agreement["version"] });
    let unchanged = run(
        &app,
        &management,
        "fileAgreement",
        "FileAgreementInput",
        file(&objected),
    )
    .await;
    assert_eq!(
        unchanged["userErrors"][0]["field"],
        json!(["id"]),
        "{unchanged}"
    );
    let revision = |text: &str| wage_revision(&objected, "按审查意见修改", text);
    let same = run(
        &app,
        &union,
        "proposeAgreementRevision",
        "ProposeAgreementRevisionInput",
        revision("2027年度职工工资平均增长5%。"),
    )
    .await;
    assert_eq!(same["userErrors"][0]["field"], json!(["clauses"]), "{same}");
    let revised = step(
        &app,
        &union,
        "proposeAgreementRevision",
        "ProposeAgreementRevisionInput",
        revision("2027年度职工工资平均增长7%。"),
    )
    .await;
    assert_eq!(revised["status"], "DRAFTING");
    assert_eq!(revised["workersSignature"], Value::Null);
    assert_eq!(revised["employerSignature"], Value::Null);
    let unsigned = run(
        &app,
        &management,
        "fileAgreement",
        "FileAgreementInput",
        file(&revised),
    )
    .await;
    assert_eq!(
        unsigned["userErrors"][0]["field"],
        json!(["id"]),
        "{unsigned}"
    );
    let signed_again = approve_and_sign(&app, &union, &management, &revised).await;
    let refiled = step(
        &app,
        &management,
        "fileAgreement",
        "FileAgreementInput",
        file(&signed_again),
    )
    .await;
    assert_eq!(refiled["status"], "FILED");
    // A refiling takes the region's next receipt of the year.
    let sequence = |filing: &Value| -> (String, u32) {
        let receipt = filing["latestFiling"]["receiptNumber"].as_str().unwrap();
        let (prefix, number) = receipt.rsplit_once('-').unwrap();
        (prefix.to_owned(), number.parse().unwrap())
    };
    let (first_prefix, first) = sequence(&filed);
    let (prefix, again) = sequence(&refiled);
    assert_eq!(prefix, first_prefix);
    assert!(again > first, "{again} after {first}");
    assert_eq!(
        instant(&refiled["reviewDeadline"]["dueAt"]),
        due_after(&app, monday + Duration::days(2), 15).await
    );
    let labour = token(&app, "labour-220102-officer").await;
    let approved = step(&app, &labour, "reviewAgreement", "ReviewAgreementInput", json!({ "id": refiled["id"], "expectedVersion": refiled["version"], "decision": "APPROVE" })).await;
    assert_eq!(approved["status"], "EFFECTIVE");
    assert_eq!(approved["latestFiling"]["outcome"], "APPROVED");
    // Publication within the city's 5 days for wage contracts.
    assert_eq!(
        instant(&approved["publicationDeadline"]["dueAt"]),
        due_after(&app, monday + Duration::days(2), 5).await
    );
}

async fn the_vote_counts_all_members(backend: Backend) {
    let app = TestApp::launch(&backend, &["--demo"], Some(ADMIN_PASSWORD)).await;
    let union = token(&app, "union-21-officer").await;
    let drafted = draft(&app, &union, "清源水务", "COLLECTIVE_CONTRACT", None).await;
    let mut current = drafted.clone();
    // (total, present, in favour) → valid?, and the reason's start.
    let cases = [
        (
            [60, 39, 39],
            false,
            "39 of 60 members present: at least two thirds (40) must attend",
        ),
        (
            [60, 40, 30],
            false,
            "30 of 60 members in favour: more than half of all members (31) must approve",
        ),
        // Most of those present, but not more than half of all members.
        (
            [60, 40, 25],
            false,
            "25 of 60 members in favour: more than half of all members (31) must approve",
        ),
        (
            [60, 40, 31],
            true,
            "40 of 60 members present (at least 40), 31 in favour (at least 31 of all members)",
        ),
    ];
    for (counts, valid, reason) in cases {
        let voted = vote(&app, &union, &current, counts).await;
        assert_eq!(voted["userErrors"], json!([]), "{voted}");
        current = voted["agreement"].clone();
        let expected = if valid { "APPROVED" } else { "DRAFTING" };
        assert_eq!(current["status"], expected, "{counts:?}");
        let votes = app.data_as(Some(&union), "query($id: ID!) { node(id: $id) { ... on Agreement { votes { valid reason totalMembers present inFavour } } } }", json!({ "id": current["id"] })).await;
        let last = votes["node"]["votes"]
            .as_array()
            .unwrap()
            .last()
            .cloned()
            .unwrap();
        assert_eq!(last["valid"], valid);
        assert_eq!(last["reason"], reason);
    }
    // Impossible counts are named user errors and store nothing.
    let drafted = draft(&app, &union, "清源水务", "COLLECTIVE_CONTRACT", None).await;
    for (counts, field) in [
        ([0, 0, 0], "totalMembers"),
        ([60, 61, 0], "present"),
        ([60, 40, 41], "inFavour"),
    ] {
        let voted = vote(&app, &union, &drafted, counts).await;
        assert_eq!(
            voted["userErrors"][0]["field"],
            json!([field]),
            "{counts:?}"
        );
    }
    let votes = app
        .data_as(
            Some(&union),
            "query($id: ID!) { node(id: $id) { ... on Agreement { status votes { id } } } }",
            json!({ "id": drafted["id"] }),
        )
        .await;
    assert_eq!(votes["node"], json!({ "status": "DRAFTING", "votes": [] }));
}

/// One round trip finds an employer's offers and agreements by a part of
/// its name or by its credit code, within what the viewer may see.
async fn offers_and_agreements_are_found_by_the_employers_name_or_credit_code(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let first = app
        .data(
            "{ agreements(first: 1, filter: { statuses: [EFFECTIVE] }) { nodes { employers { id name employerProfile { creditCode } } } } }",
            json!({}),
        )
        .await;
    let employer = &first["agreements"]["nodes"][0]["employers"][0];
    let (id, name) = (employer["id"].clone(), employer["name"].as_str().unwrap());
    let code = employer["employerProfile"]["creditCode"].as_str().unwrap();
    let part: String = name.chars().skip(2).take(4).collect();
    let ids = |body: &Value, list: &str| -> Vec<Value> {
        body[list]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].clone())
            .collect()
    };
    for (list, by_id) in [
        (
            "offers",
            "{ offers(first: 100, filter: { employer: $id }) { nodes { id } } }",
        ),
        (
            "agreements",
            "{ agreements(first: 100, filter: { employer: $id }) { nodes { id } } }",
        ),
    ] {
        let expected = ids(
            &app.data(&format!("query($id: ID) {by_id}"), json!({ "id": id }))
                .await,
            list,
        );
        assert!(!expected.is_empty(), "{list} of {name}");
        let by_code = format!(
            "query($code: String) {{ {list}(first: 100, filter: {{ employerCreditCode: $code }}) {{ nodes {{ id }} }} }}"
        );
        let found = app
            .data(&by_code, json!({ "code": code.to_lowercase() }))
            .await;
        assert_eq!(ids(&found, list), expected, "{list} by credit code {code}");
        // A part of the name finds at least these, and only employers so named.
        let by_name = format!(
            "query($part: String) {{ {list}(first: 100, filter: {{ employerNameContains: $part }}) {{ nodes {{ id }} }} }}"
        );
        let found = ids(&app.data(&by_name, json!({ "part": part })).await, list);
        assert!(
            expected.iter().all(|id| found.contains(id)),
            "{list} by {part}"
        );
        let both = format!(
            "query($part: String, $code: String) {{ {list}(first: 100, filter: {{ employerNameContains: $part, employerCreditCode: $code }}) {{ nodes {{ id }} }} }}"
        );
        let found = app.data(&both, json!({ "part": part, "code": code })).await;
        assert_eq!(ids(&found, list), expected);
        // LIKE's wildcards are plain text.
        let found = app.data(&by_name, json!({ "part": "%" })).await;
        assert_eq!(ids(&found, list), Vec::<Value>::new());
    }
    // A union sees only its own offers, whatever the search.
    let union = token(&app, "union-01-officer").await;
    let mine = app
        .data_as(
            Some(&union),
            "{ offers(first: 100) { nodes { id } } }",
            json!({}),
        )
        .await;
    let searched = app
        .data_as(
            Some(&union),
            "{ offers(first: 100, filter: { employerNameContains: \"公司\" }) { nodes { id } } }",
            json!({}),
        )
        .await;
    let mine = ids(&mine, "offers");
    assert!(ids(&searched, "offers").iter().all(|id| mine.contains(id)));
}

async fn associations_see_their_members_agreements_and_administrations_their_region(
    backend: Backend,
) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let list = "{ agreements(first: 100) { totalCount edges { node { id employers { id name region { code } } } } } }";
    // association-3 has members of its own; association-1 has employers 1 to 30.
    let association = token(&app, "association-1-officer").await;
    let members = app
        .data_as(
            Some(&association),
            "{ viewer { actingOrganizations { members(first: 100) { edges { node { id } } } } } }",
            json!({}),
        )
        .await;
    let members: Vec<Value> = members["viewer"]["actingOrganizations"][0]["members"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].clone())
        .collect();
    assert_eq!(members.len(), 30);
    let seen = app.data_as(Some(&association), list, json!({})).await;
    let edges = seen["agreements"]["edges"].as_array().unwrap().clone();
    assert_eq!(seen["agreements"]["totalCount"], 120);
    for edge in &edges {
        let employers = edge["node"]["employers"].as_array().unwrap();
        assert!(
            employers.iter().any(|e| members.contains(&e["id"])),
            "{edge}"
        );
    }
    // A clock's organizations are those the reader sees: the association
    // does not see its members' unions, so their clocks leave them out.
    let clocks = app
        .data_as(
            Some(&association),
            "{ agreements(first: 100) { edges { node { workersParty { id } employerParty { id } termDeadline { organizations { id } } } } } }",
            json!({}),
        )
        .await;
    let mut hidden_parties = 0;
    for edge in clocks["agreements"]["edges"].as_array().unwrap() {
        let node = &edge["node"];
        let Some(organizations) = node["termDeadline"]["organizations"].as_array() else {
            continue;
        };
        let listed: Vec<&Value> = organizations.iter().map(|o| &o["id"]).collect();
        let union = &node["workersParty"]["id"];
        let found = app
            .graphql_as(
                Some(&association),
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": union }),
            )
            .await;
        if crate::support::error_code(&found) == "NOT_FOUND" {
            hidden_parties += 1;
            assert!(!listed.contains(&union), "a hidden union listed: {edge}");
        }
        assert!(listed.contains(&&node["employerParty"]["id"]), "{edge}");
    }
    assert!(
        hidden_parties > 0,
        "the association sees no union: {clocks}"
    );

    // An agreement of a non-member is hidden, by id too.
    let office = token(&app, "office-220100-officer").await;
    let all = app
        .data_as(
            Some(&office),
            &list.replace("first: 100", "last: 100"),
            json!({}),
        )
        .await;
    assert_eq!(all["agreements"]["totalCount"], 240);
    let outsider = all["agreements"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            !e["node"]["employers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| members.contains(&x["id"]))
        })
        .cloned()
        .expect("some agreement binds a non-member");
    let hidden = app
        .graphql_as(
            Some(&association),
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": outsider["node"]["id"] }),
        )
        .await;
    assert_eq!(crate::support::error_code(&hidden), "NOT_FOUND");

    // The district administration sees its district only.
    let labour = token(&app, "labour-220102-officer").await;
    let district = app.data_as(Some(&labour), list, json!({})).await;
    let edges = district["agreements"]["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for edge in edges {
        for employer in edge["node"]["employers"].as_array().unwrap() {
            assert_eq!(employer["region"]["code"], "220102", "{edge}");
        }
    }
    let totals = app.data_as(Some(&association), "query($id: ID!) { associationAgreementTotals(association: $id) { members effective expiringWithin90Days expiredWithoutRenewal } }",
        json!({ "id": app.data_as(Some(&association), "{ viewer { actingOrganizations { id } } }", json!({})).await["viewer"]["actingOrganizations"][0]["id"] })).await;
    let totals = &totals["associationAgreementTotals"];
    assert_eq!(totals["members"], 30);
    assert!(
        totals["effective"].as_i64().unwrap() > totals["expiringWithin90Days"].as_i64().unwrap()
    );
    assert!(totals["expiringWithin90Days"].as_i64().unwrap() > 0);
    assert!(totals["expiredWithoutRenewal"].as_i64().unwrap() > 0);
    let hidden = app
        .graphql_as(
            Some(&labour),
            "query($id: ID!) { associationAgreementTotals(association: $id) { members } }",
            json!({ "id": outsider["node"]["id"] }),
        )
        .await;
    assert_eq!(crate::support::error_code(&hidden), "NOT_FOUND");
}

async fn concurrent_revisions_from_one_version_give_one_conflict(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let union = token(&app, "union-21-officer").await;
    let management = token(&app, "employer-21-officer").await;
    let drafted = draft(&app, &union, "清源水务", "COLLECTIVE_CONTRACT", None).await;
    let revision = |text: &str| {
        json!({ "input": { "id": drafted["id"], "expectedVersion": drafted["version"], "note": text, "clauses": [
            clause(Some(1), "OTHER", "第一条 总则", text),
        ] } })
    };
    let query = mutation("proposeAgreementRevision", "ProposeAgreementRevisionInput");
    let (a, b) = tokio::join!(
        app.graphql_as(Some(&union), &query, revision("职工方文本")),
        app.graphql_as(Some(&management), &query, revision("企业方文本")),
    );
    let codes = [
        crate::support::error_code(&a),
        crate::support::error_code(&b),
    ];
    let won = match codes {
        ["", "CONFLICT"] => &a,
        ["CONFLICT", ""] => &b,
        other => panic!("one success and one CONFLICT, got {other:?}: {a} {b}"),
    };
    let loser = if codes[0] == "CONFLICT" { &a } else { &b };
    assert_eq!(
        loser["errors"][0]["extensions"]["currentVersion"], 2,
        "{loser}"
    );
    let text = won["data"]["proposeAgreementRevision"]["agreement"]["clauses"][0]["text"].clone();
    let stored = node(&app, &union, &drafted["id"]).await;
    assert_eq!(stored["textVersion"], 2);
    assert_eq!(
        stored["clauses"][0]["text"], text,
        "the winner's text is the current one"
    );
    let versions = app
        .data_as(
            Some(&union),
            "query($id: ID!) { node(id: $id) { ... on Agreement { versions { number } } } }",
            json!({ "id": drafted["id"] }),
        )
        .await;
    assert_eq!(
        versions["node"]["versions"],
        json!([{ "number": 1 }, { "number": 2 }])
    );
}

async fn listing_a_hundred_agreements_takes_as_many_statements_as_ten(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let association = token(&app, "association-1-officer").await;
    let list = |n: usize| {
        format!(
            "{{ agreements(first: {n}) {{ totalCount edges {{ node {{ id status title workersParty {{ name }} employerParty {{ name }} employers {{ name }} termDeadline {{ dueAt }} filingDeadline {{ dueAt status }} reviewDeadline {{ dueAt }} }} }} }} }}"
        )
    };
    let (mut ten, mut hundred) = (u64::MAX, u64::MAX);
    for _ in 0..5 {
        ten = ten.min(statements_for(&app, Some(&association), &list(10)).await);
        hundred = hundred.min(statements_for(&app, Some(&association), &list(100)).await);
    }
    eprintln!("statements: 10 agreements {ten}, 100 agreements {hundred}");
    assert_eq!(ten, hundred, "the related objects are batched");
    assert!(
        hundred <= 12,
        "a small, fixed number of statements: {hundred}"
    );
}

async fn a_late_filing_is_explained_then_published_and_terminated(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let monday = next_morning(&app, Weekday::Mon).await;
    let union = token(&app, "union-05-officer").await;
    let management = token(&app, "employer-05-officer").await;
    let drafted = draft(&app, &union, "瑞丰轨道", "COLLECTIVE_CONTRACT", None).await;
    let signed = approve_and_sign(&app, &union, &management, &drafted).await;
    // Day 11: the filing period has run out.
    app.advance(Duration::days(11)).await;
    let union = token(&app, "union-05-officer").await;
    let management = token(&app, "employer-05-officer").await;
    let missed = node(&app, &management, &signed["id"]).await;
    assert_eq!(missed["filingDeadline"]["status"], "MISSED");
    let file = json!({ "id": signed["id"], "expectedVersion": signed["version"] });
    let unexplained = run(
        &app,
        &management,
        "fileAgreement",
        "FileAgreementInput",
        file.clone(),
    )
    .await;
    assert_eq!(
        unexplained["userErrors"],
        json!([{ "field": ["lateExplanation"], "message": "不得为空", "code": "REQUIRED" }])
    );
    assert_eq!(
        node(&app, &management, &signed["id"]).await["status"],
        "SIGNED",
        "nothing stored"
    );
    let mut explained = file;
    explained["lateExplanation"] = json!("首席代表出差，未能按时报送。");
    let filed = step(
        &app,
        &management,
        "fileAgreement",
        "FileAgreementInput",
        explained,
    )
    .await;
    assert_eq!(filed["latestFiling"]["filedLate"], true);
    assert_eq!(
        filed["latestFiling"]["reviewer"]["name"],
        "宽城区人力资源和社会保障局"
    );

    let labour = token(&app, "labour-220103-officer").await;
    let effective = step(
        &app,
        &labour,
        "reviewAgreement",
        "ReviewAgreementInput",
        json!({ "id": filed["id"], "expectedVersion": filed["version"], "decision": "APPROVE" }),
    )
    .await;
    assert_eq!(effective["status"], "EFFECTIVE");
    let now = monday + Duration::days(11);
    assert_eq!(
        instant(&effective["publicationDeadline"]["dueAt"]),
        due_after(&app, now, 10).await
    );
    let published = step(&app, &union, "recordAgreementPublication", "RecordPublicationInput",
        json!({ "id": effective["id"], "expectedVersion": effective["version"], "publishedAt": effective["effectiveAt"], "method": "公告栏张贴" })).await;
    assert_eq!(published["publicationDeadline"]["status"], "MET");
    let terminated = step(&app, &management, "terminateAgreement", "TerminateAgreementInput",
        json!({ "id": published["id"], "expectedVersion": published["version"], "ground": "BY_AGREEMENT", "note": "双方协商一致解除。" })).await;
    assert_eq!(terminated["status"], "TERMINATED");
    assert_eq!(terminated["termDeadline"]["status"], "CANCELLED");
    let again = run(&app, &management, "terminateAgreement", "TerminateAgreementInput",
        json!({ "id": terminated["id"], "expectedVersion": terminated["version"], "ground": "BY_AGREEMENT", "note": "再次解除" })).await;
    assert_eq!(again["userErrors"][0]["field"], json!(["id"]));
}

/// Drafting with a party the caller cannot see answers exactly as with an
/// id that names nothing: no oracle of which organizations exist.
async fn a_hidden_party_answers_as_a_missing_one(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let management = token(&app, "employer-01-officer").await;
    let own = app
        .data_as(
            Some(&management),
            "{ viewer { actingOrganizations { id } } }",
            json!({}),
        )
        .await["viewer"]["actingOrganizations"][0]["id"]
        .clone();
    let employers = app
        .data(
            "{ employers(first: 5) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let hidden = employers["employers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].clone())
        .find(|id| *id != own)
        .unwrap();
    let seen = app
        .graphql_as(
            Some(&management),
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": hidden }),
        )
        .await;
    assert_eq!(
        crate::support::error_code(&seen),
        "NOT_FOUND",
        "the employer is hidden: {seen}"
    );
    let input = |party: &Value| {
        json!({ "kind": "AGREEMENT", "title": "工资协议", "employerPartyId": party, "workersPartyId": party,
                "clauses": [{ "topic": "PAY", "heading": "第一条", "text": "工资每年增长5%" }] })
    };
    let for_hidden = run(
        &app,
        &management,
        "draftAgreement",
        "DraftAgreementInput",
        input(&hidden),
    )
    .await;
    let missing = json!("T3JnYW5pemF0aW9uOjk5OTk5OQ");
    let for_missing = run(
        &app,
        &management,
        "draftAgreement",
        "DraftAgreementInput",
        input(&missing),
    )
    .await;
    assert_eq!(
        for_hidden["userErrors"],
        json!([{ "field": ["employerPartyId"], "message": "没有这个组织", "code": "NOT_FOUND" }])
    );
    assert_eq!(for_hidden, for_missing);
}

/// Civil Code Art. 202: three years from 29 February 2028 end on
/// 28 February 2031, the month having no 29th.
async fn a_term_from_a_leap_day_runs_to_the_last_day_of_february(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let union = token(&app, "union-05-officer").await;
    let query = "query($name: String) { employers(filter: { nameContains: $name }) { edges { node { id } } } }";
    let found = app
        .data_as(Some(&union), query, json!({ "name": "瑞丰轨道" }))
        .await;
    let mut input = draft_input(
        &found["employers"]["edges"][0]["node"]["id"],
        "COLLECTIVE_CONTRACT",
        None,
    );
    input["workersPartyId"] = union_of(&app, &union).await;
    let terms = "mutation($input: DraftAgreementInput!) { draftAgreement(input: $input) {
        agreement { termStartsOn termEndsOn termOverrideReason } userErrors { field message } } }";
    let draft_with = |starts: &str, ends: &str| {
        let mut input = input.clone();
        input["term"] = json!({ "startsOn": starts, "endsOn": ends });
        let (app, union) = (&app, &union);
        async move {
            app.data_as(Some(union), terms, json!({ "input": input }))
                .await
        }
    };
    let three_years = draft_with("2028-02-29", "2031-02-28").await;
    assert_eq!(
        three_years["draftAgreement"],
        json!({ "agreement": { "termStartsOn": "2028-02-29", "termEndsOn": "2031-02-28", "termOverrideReason": null }, "userErrors": [] })
    );
    let one_year = draft_with("2028-02-29", "2029-02-28").await;
    assert_eq!(one_year["draftAgreement"]["userErrors"], json!([]));
    let too_long = draft_with("2028-02-29", "2031-03-01").await;
    let errors = &too_long["draftAgreement"]["userErrors"];
    assert_eq!(errors[0]["field"], json!(["term", "endsOn"]));
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("最晚于 2031-02-28 届满"),
        "{errors}"
    );
}

/// `setAgreementRule` with one period: the other stays as the region had
/// it; null clears one; the filing clock follows what is set.
async fn a_region_sets_one_period_and_keeps_the_other(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let monday = next_morning(&app, Weekday::Mon).await;
    let office = token(&app, "office-220100-officer").await;
    let city = app
        .data_as(
            Some(&office),
            "{ regions(filter: { kinds: [CITY] }) { edges { node { id } } } }",
            json!({}),
        )
        .await["regions"]["edges"][0]["node"]["id"]
        .clone();
    let set = |periods: Value| {
        let mut input = json!({ "regionId": city, "kind": "COLLECTIVE_CONTRACT" });
        input
            .as_object_mut()
            .unwrap()
            .extend(periods.as_object().unwrap().clone());
        json!({ "input": input })
    };
    let rule = "mutation($input: SetAgreementRuleInput!) { setAgreementRule(input: $input) { filingDays publicationDays userErrors { field code } } }";
    let publication = app
        .data_as(Some(&office), rule, set(json!({ "publicationDays": 20 })))
        .await;
    assert_eq!(
        publication["setAgreementRule"],
        json!({ "filingDays": null, "publicationDays": 20, "userErrors": [] })
    );
    let filing = app
        .data_as(Some(&office), rule, set(json!({ "filingDays": 7 })))
        .await;
    assert_eq!(
        filing["setAgreementRule"],
        json!({ "filingDays": 7, "publicationDays": 20, "userErrors": [] })
    );
    let out_of_range = app
        .data_as(Some(&office), rule, set(json!({ "publicationDays": 61 })))
        .await;
    assert_eq!(
        out_of_range["setAgreementRule"]["userErrors"],
        json!([{ "field": ["publicationDays"], "code": "OUT_OF_RANGE" }])
    );

    // A contract of the city signed now is due for filing in 7 days.
    let union = token(&app, "union-05-officer").await;
    let management = token(&app, "employer-05-officer").await;
    let drafted = draft(&app, &union, "瑞丰轨道", "COLLECTIVE_CONTRACT", None).await;
    let signed = approve_and_sign(&app, &union, &management, &drafted).await;
    assert_eq!(
        instant(&signed["filingDeadline"]["dueAt"]),
        due_after(&app, monday, 7).await
    );

    // Cleared, the filing period is the national 10 days again.
    let cleared = app
        .data_as(Some(&office), rule, set(json!({ "filingDays": null })))
        .await;
    assert_eq!(
        cleared["setAgreementRule"],
        json!({ "filingDays": null, "publicationDays": 20, "userErrors": [] })
    );
    let both = app
        .data_as(
            Some(&office),
            rule,
            set(json!({ "filingDays": null, "publicationDays": null })),
        )
        .await;
    assert_eq!(
        both["setAgreementRule"],
        json!({ "filingDays": null, "publicationDays": null, "userErrors": [] })
    );
}

/// CCP Art. 37: an agreement from a negotiation is signed by each side's
/// chief representative named in it; one without, by a signer the side's
/// written delegation names, which the signature records.
async fn the_negotiations_chiefs_sign_and_others_under_a_delegation(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let union = token(&app, "union-02-officer").await;
    let management = token(&app, "employer-02-officer").await;
    let offers = app
        .data_as(
            Some(&union),
            "{ offers(filter: { statuses: [IN_NEGOTIATION] }) { edges { node { id representatives { side name isChief } } } } }",
            json!({}),
        )
        .await;
    let offer = &offers["offers"]["edges"][0]["node"];
    let chief = |side: &str| {
        offer["representatives"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["side"] == side && r["isChief"] == true)
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let memorandum = json!({ "kind": "MEMORANDUM", "title": "协商备忘录", "offerId": offer["id"],
        "clauses": [clause(None, "PAY", "第一条 共识", "双方同意继续协商工资调整幅度。")] });
    let drafted = step(
        &app,
        &union,
        "draftAgreement",
        "DraftAgreementInput",
        memorandum,
    )
    .await;
    let sign = |agreement: &Value, side: &str, name: &str, delegation: Option<&str>| {
        json!({ "id": agreement["id"], "expectedVersion": agreement["version"], "side": side,
                "chief": name, "delegation": delegation })
    };
    let stranger = run(
        &app,
        &union,
        "signAgreement",
        "SignAgreementInput",
        sign(&drafted, "WORKERS", "路人甲", Some("委托书")),
    )
    .await;
    assert_eq!(
        stranger["userErrors"][0]["field"],
        json!(["chief"]),
        "{stranger}"
    );
    assert!(
        stranger["userErrors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&chief("WORKERS"))
    );
    let workers = step(
        &app,
        &union,
        "signAgreement",
        "SignAgreementInput",
        sign(&drafted, "WORKERS", &chief("WORKERS"), None),
    )
    .await;
    assert_eq!(workers["workersSignature"]["name"], json!(chief("WORKERS")));
    let both = step(
        &app,
        &management,
        "signAgreement",
        "SignAgreementInput",
        sign(&workers, "EMPLOYER", &chief("EMPLOYER"), None),
    )
    .await;
    assert_eq!(both["status"], "SIGNED");

    // Without a negotiation the signer names the side's written delegation.
    let direct = draft(&app, &union, "北方精密", "MEMORANDUM", None).await;
    let bare = run(
        &app,
        &union,
        "signAgreement",
        "SignAgreementInput",
        sign(&direct, "WORKERS", "王建华", None),
    )
    .await;
    assert_eq!(
        bare["userErrors"],
        json!([{ "field": ["delegation"], "code": "REQUIRED", "message": bare["userErrors"][0]["message"] }])
    );
    let delegated = step(
        &app,
        &union,
        "signAgreement",
        "SignAgreementInput",
        sign(
            &direct,
            "WORKERS",
            "王建华",
            Some("工会委员会书面委托（2026年第1号）"),
        ),
    )
    .await;
    let signature = app
        .data_as(
            Some(&union),
            "query($id: ID!) { node(id: $id) { ... on Agreement { workersSignature { name delegation } } } }",
            json!({ "id": delegated["id"] }),
        )
        .await;
    assert_eq!(
        signature["node"]["workersSignature"],
        json!({ "name": "王建华", "delegation": "工会委员会书面委托（2026年第1号）" })
    );
}

const TEXT_DIGEST: &str = "query($id: ID!) { node(id: $id) { ... on Agreement { version
    textDigest { digest confirmations { side digest matches signer } } } } }";

async fn text_digest(app: &TestApp, token: &str, id: &Value) -> Value {
    app.data_as(Some(token), TEXT_DIGEST, json!({ "id": id }))
        .await["node"]
        .clone()
}

async fn the_chiefs_sign_the_texts_digest_and_a_revision_breaks_the_match(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let union = token(&app, "union-25-officer").await;
    let management = token(&app, "employer-25-officer").await;
    let drafted = draft(&app, &union, "万家福", "SPECIAL_CONTRACT", Some("WAGE")).await;
    let first = text_digest(&app, &union, &drafted["id"]).await["textDigest"]["digest"]
        .as_str()
        .unwrap()
        .to_owned();
    let revision = |agreement: &Value, text: &str| wage_revision(agreement, "修改工资条款", text);
    let revised = step(
        &app,
        &union,
        "proposeAgreementRevision",
        "ProposeAgreementRevisionInput",
        revision(&drafted, "2027年度职工工资平均增长6%。"),
    )
    .await;
    let second = text_digest(&app, &management, &revised["id"]).await;
    let second = second["textDigest"]["digest"].as_str().unwrap().to_owned();
    assert_ne!(first, second, "a revised text has another digest");

    // A chief who read the earlier text is refused; the current one signs.
    let voted = vote(&app, &union, &revised, [60, 45, 40]).await;
    let approved = &voted["agreement"];
    let sign = |side: &str, version: &Value, digest: Option<&str>| json!({ "id": approved["id"], "expectedVersion": version, "side": side, "chief": "王建华", "delegation": "授权委托书", "textDigest": digest });
    // Emails of earlier events are still being made: notifications aside.
    let before = app.rows(&["sessions", "notifications"]).await;
    let stale = run(
        &app,
        &union,
        "signAgreement",
        "SignAgreementInput",
        sign("WORKERS", &approved["version"], Some(&first)),
    )
    .await;
    assert_eq!(
        app.rows(&["sessions", "notifications"]).await,
        before,
        "a refused signature stores nothing"
    );
    assert_eq!(
        stale["userErrors"][0]["field"],
        json!(["textDigest"]),
        "{stale}"
    );
    assert_eq!(stale["userErrors"][0]["code"], "RULE_VIOLATED");
    let once = step(
        &app,
        &union,
        "signAgreement",
        "SignAgreementInput",
        sign("WORKERS", &approved["version"], Some(&second)),
    )
    .await;
    // A signature without a digest records the text it signed all the same.
    let both = step(
        &app,
        &management,
        "signAgreement",
        "SignAgreementInput",
        sign("EMPLOYER", &once["version"], None),
    )
    .await;
    assert_eq!(both["status"], "SIGNED");
    let signed = text_digest(&app, &union, &both["id"]).await;
    assert_eq!(
        signed["textDigest"]["confirmations"],
        json!([
            { "side": "WORKERS", "digest": second, "matches": true, "signer": "王建华" },
            { "side": "EMPLOYER", "digest": second, "matches": true, "signer": "王建华" },
        ])
    );

    // Objected to and revised: the signatures no longer match the text.
    let filed = step(
        &app,
        &management,
        "fileAgreement",
        "FileAgreementInput",
        json!({ "id": both["id"], "expectedVersion": both["version"] }),
    )
    .await;
    let labour = token(&app, "labour-220102-officer").await;
    let objected = step(
        &app,
        &labour,
        "reviewAgreement",
        "ReviewAgreementInput",
        json!({ "id": filed["id"], "expectedVersion": filed["version"], "decision": "OBJECT",
                "opinion": "工资调整幅度低于本市工资指导线基准线。" }),
    )
    .await;
    let renegotiated = step(
        &app,
        &union,
        "proposeAgreementRevision",
        "ProposeAgreementRevisionInput",
        revision(&objected, "2027年度职工工资平均增长7%。"),
    )
    .await;
    let now = text_digest(&app, &management, &renegotiated["id"]).await;
    let third = now["textDigest"]["digest"].as_str().unwrap();
    assert_ne!(third, second);
    let confirmations = now["textDigest"]["confirmations"].as_array().unwrap();
    assert_eq!(confirmations.len(), 2);
    assert!(
        confirmations
            .iter()
            .all(|c| c["matches"] == false && c["digest"] == second.as_str()),
        "{now}"
    );
}
