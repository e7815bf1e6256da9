//! A risk case and what it relates to (issue 15, item 3): a second case of
//! the same matter merged into the first, links to the employer's offers
//! and agreements, and the answer to a referral.

use serde_json::{Value, json};

use crate::offers::{employer, token};
use crate::on_both_backends;
use crate::smtp::SmtpServer;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(
    a_second_case_of_the_same_matter_is_merged_into_the_first,
    a_case_links_to_its_employers_agreement_and_a_referral_gets_its_answer,
);

const OPEN: &str = "mutation($input: OpenRiskCaseInput!) { openRiskCase(input: $input) {
    riskCase { id } userErrors { field code } } }";

const MERGE: &str = "mutation($input: MergeRiskCasesInput!) { mergeRiskCases(input: $input) {
    riskCase { id status closedAt attentionDue mergedInto { id items } formDeadline { status } }
    userErrors { field code message } } }";

async fn open(app: &TestApp, token: &str, employer: &Value, items: &[&str], urgent: bool) -> Value {
    let input = json!({ "input": { "employerId": employer, "items": items, "source": "MEDIA",
                                   "summary": "网络反映欠薪", "urgent": urgent } });
    let body = app.data_as(Some(token), OPEN, input).await;
    assert_eq!(body["openRiskCase"]["userErrors"], json!([]), "{body}");
    body["openRiskCase"]["riskCase"]["id"].clone()
}

fn merge(case: &Value, into: &Value) -> Value {
    json!({ "input": { "riskCaseId": case, "intoRiskCaseId": into, "reason": "同一欠薪事项的重复报告" } })
}

async fn a_second_case_of_the_same_matter_is_merged_into_the_first(backend: Backend) {
    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    let water = employer(&app, "清源水务").await;
    let district = token(&app, "office-220102-officer").await;
    let first = open(&app, &district, &water, &["WAGE_ARREARS"], false).await;
    let second = open(
        &app,
        &district,
        &water,
        &["WAGE_ARREARS", "STOPPAGE"],
        false,
    )
    .await;

    // Only the office over the employer merges; the employer cannot.
    let management = token(&app, "employer-21-officer").await;
    let refused = app
        .graphql_as(Some(&management), MERGE, merge(&second, &first))
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let elsewhere = token(&app, "office-220103-officer").await;
    let hidden = app
        .graphql_as(Some(&elsewhere), MERGE, merge(&second, &first))
        .await;
    assert_eq!(error_code(&hidden), "NOT_FOUND");

    // Not into a case of another employer, nor into itself.
    let city = token(&app, "office-220100-officer").await;
    let shop = employer(&app, "万家福").await;
    let stranger = open(&app, &city, &shop, &["WAGE_ARREARS"], false).await;
    let body = app
        .data_as(Some(&district), MERGE, merge(&second, &stranger))
        .await;
    let errors = &body["mergeRiskCases"]["userErrors"];
    assert_eq!(errors[0]["field"], json!(["intoRiskCaseId"]), "{body}");
    assert_eq!(errors[0]["code"], "NOT_FOUND");
    let body = app
        .data_as(Some(&district), MERGE, merge(&second, &second))
        .await;
    assert_eq!(
        body["mergeRiskCases"]["userErrors"][0]["code"],
        "RULE_VIOLATED"
    );

    // An urgent case joins only an urgent one.
    let urgent = open(&app, &district, &water, &["WAGE_ARREARS"], true).await;
    let body = app
        .data_as(Some(&district), MERGE, merge(&urgent, &first))
        .await;
    let message = body["mergeRiskCases"]["userErrors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(message.contains("紧急"), "{body}");

    // The duplicate joins the first: merged, its clock cancelled, its items moved.
    let body = app
        .data_as(Some(&district), MERGE, merge(&second, &first))
        .await;
    let merged = &body["mergeRiskCases"]["riskCase"];
    assert_eq!(body["mergeRiskCases"]["userErrors"], json!([]), "{body}");
    assert_eq!(merged["status"], "MERGED");
    assert!(merged["closedAt"].is_string());
    assert_eq!(merged["attentionDue"], Value::Null);
    assert_eq!(merged["formDeadline"]["status"], "CANCELLED");
    assert_eq!(merged["mergedInto"]["id"], first);
    let items: Vec<&str> = merged["mergedInto"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        items.contains(&"STOPPAGE") && items.contains(&"WAGE_ARREARS"),
        "{items:?}"
    );
    let again = app
        .data_as(Some(&district), MERGE, merge(&second, &first))
        .await;
    assert_eq!(
        again["mergeRiskCases"]["userErrors"][0]["field"],
        json!(["riskCaseId"])
    );

    // The employer sees the first case gather the second, and is told.
    let kept = app
        .data_as(
            Some(&management),
            "query($id: ID!) { node(id: $id) { ... on RiskCase { status mergedCases { id status } } } }",
            json!({ "id": first }),
        )
        .await;
    assert_eq!(
        kept["node"]["mergedCases"],
        json!([{ "id": second, "status": "MERGED" }])
    );
    let subject = "【协商平台】风险事项已合并办理：长春清源水务有限公司";
    let told = smtp
        .wait_for_where(
            "the employer",
            |m| m.subject() == subject && m.to[0].starts_with("employer-21-admin"),
            1,
        )
        .await;
    assert!(
        told[0].body().contains("同一欠薪事项的重复报告"),
        "{}",
        told[0].body()
    );
}

const LINK: &str = "mutation($input: LinkRiskCaseInput!) { linkRiskCase(input: $input) {
    riskCase { links { kind linkedBy { name } subject { __typename ... on Agreement { id title } ... on Offer { id } } } }
    userErrors { field code } } }";

const UNLINK: &str = "mutation($input: UnlinkRiskCaseInput!) { unlinkRiskCase(input: $input) {
    riskCase { links { kind } } userErrors { field code } } }";

async fn first_agreement(app: &TestApp, token: &str, employer: &Value) -> Value {
    let query = "query($e: ID) { agreements(filter: { employer: $e }, first: 1) { edges { node { id title } } } }";
    let body = app
        .data_as(Some(token), query, json!({ "e": employer }))
        .await;
    let node = body["agreements"]["edges"][0]["node"].clone();
    assert!(node["id"].is_string(), "an agreement: {body}");
    node
}

async fn a_case_links_to_its_employers_agreement_and_a_referral_gets_its_answer(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let water = employer(&app, "清源水务").await;
    let district = token(&app, "office-220102-officer").await;
    let city = token(&app, "office-220100-officer").await;
    let case = open(&app, &district, &water, &["WAGE_ARREARS"], false).await;
    let own = first_agreement(&app, &city, &water).await;
    let other = first_agreement(&app, &city, &employer(&app, "万家福").await).await;
    let link = |subject: &Value| json!({ "input": { "riskCaseId": case, "subjectId": subject } });

    // Not another employer's agreement, nor something that is not one.
    let body = app.data_as(Some(&district), LINK, link(&other["id"])).await;
    assert_eq!(
        body["linkRiskCase"]["userErrors"],
        json!([{ "field": ["subjectId"], "code": "NOT_FOUND" }])
    );
    let body = app.data_as(Some(&district), LINK, link(&case)).await;
    assert_eq!(body["linkRiskCase"]["userErrors"][0]["code"], "NOT_FOUND");
    let management = token(&app, "employer-21-officer").await;
    let refused = app
        .graphql_as(Some(&management), LINK, link(&own["id"]))
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");

    // The labour administration links the employer's own agreement, once.
    let labour = token(&app, "labour-220102-officer").await;
    let body = app.data_as(Some(&labour), LINK, link(&own["id"])).await;
    let links = &body["linkRiskCase"]["riskCase"]["links"];
    assert_eq!(body["linkRiskCase"]["userErrors"], json!([]), "{body}");
    assert_eq!(links[0]["kind"], "AGREEMENT");
    assert_eq!(links[0]["subject"]["__typename"], "Agreement");
    assert_eq!(links[0]["subject"]["id"], own["id"]);
    let twice = app.data_as(Some(&labour), LINK, link(&own["id"])).await;
    assert_eq!(twice["linkRiskCase"]["userErrors"][0]["code"], "TAKEN");

    // The employer sees the link to its agreement.
    let seen = app
        .data_as(
            Some(&management),
            "query($id: ID!) { node(id: $id) { ... on RiskCase { links { subject { ... on Agreement { title } } } } } }",
            json!({ "id": case }),
        )
        .await;
    assert_eq!(
        seen["node"]["links"],
        json!([{ "subject": { "title": own["title"] } }])
    );

    // Unlinking removes it; a second time there is nothing to remove.
    let body = app.data_as(Some(&district), UNLINK, link(&own["id"])).await;
    assert_eq!(body["unlinkRiskCase"]["riskCase"]["links"], json!([]));
    let body = app.data_as(Some(&district), UNLINK, link(&own["id"])).await;
    assert_eq!(
        body["unlinkRiskCase"]["userErrors"][0]["code"],
        "RULE_VIOLATED"
    );

    // A referral to labour inspection, and its answer recorded once.
    let form = "mutation($input: FileRiskFormInput!) { fileRiskForm(input: $input) { userErrors { field } } }";
    let filed = app
        .data_as(
            Some(&district),
            form,
            json!({ "input": { "riskCaseId": case, "title": "欠薪", "situation": "未发工资", "cause": "资金困难",
                               "trend": "可能扩大", "measures": "约谈", "nextSteps": "跟踪", "responsibleHead": "王强",
                               "filledBy": "赵敏", "phone": "0431-88880000" } }),
        )
        .await;
    assert_eq!(filed["fileRiskForm"]["userErrors"], json!([]), "{filed}");
    let refer = "mutation($input: AddRiskFollowUpInput!) { addRiskFollowUp(input: $input) {
        riskCase { followUps { id referredTo answer } } userErrors { field } } }";
    let body = app
        .data_as(
            Some(&district),
            refer,
            json!({ "input": { "riskCaseId": case, "done": "移送劳动保障监察", "nextStep": "等待监察答复",
                               "referredTo": "LABOUR_INSPECTION" } }),
        )
        .await;
    let entry = body["addRiskFollowUp"]["riskCase"]["followUps"][0].clone();
    assert_eq!(entry["answer"], Value::Null, "{body}");
    let answer = "mutation($input: AnswerRiskReferralInput!) { answerRiskReferral(input: $input) {
        riskCase { followUps { answer answeredAt } } userErrors { field code } } }";
    let input = json!({ "input": { "followUpId": entry["id"], "answer": "已立案，责令限期支付" } });
    let refused = app
        .graphql_as(Some(&management), answer, input.clone())
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let before = app.rows(&["notifications"]).await;
    let future = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    for (bad, field) in [
        (
            json!({ "followUpId": entry["id"], "answer": " " }),
            "answer",
        ),
        (
            json!({ "followUpId": entry["id"], "answer": "已立案", "answeredAt": future }),
            "answeredAt",
        ),
    ] {
        let body = app
            .data_as(Some(&labour), answer, json!({ "input": bad }))
            .await;
        assert_eq!(
            body["answerRiskReferral"]["userErrors"][0]["field"],
            json!([field]),
            "{body}"
        );
    }
    assert_eq!(app.rows(&["notifications"]).await, before, "nothing stored");
    let body = app.data_as(Some(&labour), answer, input.clone()).await;
    let answered = &body["answerRiskReferral"]["riskCase"]["followUps"][0];
    assert_eq!(answered["answer"], "已立案，责令限期支付", "{body}");
    assert!(answered["answeredAt"].is_string());
    let twice = app.data_as(Some(&labour), answer, input).await;
    assert_eq!(
        twice["answerRiskReferral"]["userErrors"],
        json!([{ "field": ["followUpId"], "code": "RULE_VIOLATED" }])
    );
}
