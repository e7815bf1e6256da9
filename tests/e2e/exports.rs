//! Ledgers as spreadsheets (issue 19, item 1–2): `exportLedger` and its
//! one-time download, read back with a real xlsx reader, row for row
//! against the GraphQL list of the same caller and filter; and
//! `xieshang export` for operators. Documents (item 3): `exportDocument`,
//! unzipped, its XML carrying the record's fields; `xieshang document`.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{Data, Range, Reader, Xlsx};
use serde_json::{Value, json};

use crate::offers::token;
use crate::on_both_backends;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(
    every_ledger_holds_the_rows_of_its_list_for_the_caller,
    a_download_serves_once_within_minutes_while_its_session_lives,
    every_document_carries_its_record_as_the_caller_sees_it,
    the_coverage_report_exports_as_the_report_answers_its_caller,
);

const EXPORT: &str = "mutation($input: ExportLedgerInput!) { exportLedger(input: $input) {
    download { url fileName expiresAt rows } userErrors { field message code } } }";

/// The ledgers, by their input field: the list and its sheet's title.
const LEDGERS: &[(&str, &str)] = &[
    ("offers", "要约台账"),
    ("agreements", "集体合同登记台账"),
    ("deadlines", "期限台账"),
    ("riskCases", "风险监测预警台账"),
    ("rectificationItems", "整改清单"),
    ("layoffPlans", "经济性裁员台账"),
    ("evaluations", "集体协商质效评估台账"),
];

/// Asks for `ledger` with `filter` as `token`; the download's fields.
pub(crate) async fn export(app: &TestApp, token: &str, ledger: &str, filter: Value) -> Value {
    let body = app
        .data_as(Some(token), EXPORT, json!({ "input": { ledger: filter } }))
        .await;
    let payload = &body["exportLedger"];
    assert_eq!(payload["userErrors"], json!([]), "{ledger}: {body}");
    payload["download"].clone()
}

/// GETs a download: its status, and its workbook when it is one.
pub(crate) async fn fetch(app: &TestApp, url: &str) -> (u16, Option<Xlsx<Cursor<Vec<u8>>>>, Value) {
    let response = app.client.get(app.url(url)).send().await.unwrap();
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.bytes().await.unwrap().to_vec();
    if kind.contains("spreadsheetml") {
        let book = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
        (status, Some(book), Value::Null)
    } else {
        (
            status,
            None,
            serde_json::from_slice(&bytes).unwrap_or_default(),
        )
    }
}

/// The ids of the whole list, page by page, as `token` with `filter`.
async fn list_ids(app: &TestApp, token: &str, list: &str, filter: &Value) -> Vec<String> {
    let filter_type = ledger_filter_type(list);
    let query = format!(
        "query($filter: {filter_type}, $after: String) {{ {list}(filter: $filter, first: 100, after: $after) {{
            pageInfo {{ hasNextPage endCursor }} edges {{ node {{ id }} }} }} }}"
    );
    let mut ids = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app
            .data_as(
                Some(token),
                &query,
                json!({ "filter": filter, "after": after }),
            )
            .await;
        let page = &data[list];
        for edge in page["edges"].as_array().unwrap() {
            ids.push(edge["node"]["id"].as_str().unwrap().to_owned());
        }
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            return ids;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

fn ledger_filter_type(list: &str) -> &'static str {
    match list {
        "offers" => "OfferFilterInput",
        "agreements" => "AgreementFilterInput",
        "deadlines" => "DeadlineFilterInput",
        "riskCases" => "RiskCaseFilterInput",
        "rectificationItems" => "RectificationFilterInput",
        "layoffPlans" => "LayoffPlanFilterInput",
        "evaluations" => "EvaluationFilterInput",
        other => panic!("no ledger {other}"),
    }
}

/// The sheet's rows below its header, each by its header's names.
pub(crate) fn sheet_rows(range: &Range<Data>) -> Vec<HashMap<String, Data>> {
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    rows.map(|row| header.iter().cloned().zip(row.iter().cloned()).collect())
        .collect()
}

/// Exports `ledger` as `token` and reads back its rows.
async fn exported(
    app: &TestApp,
    token: &str,
    ledger: &str,
    title: &str,
    filter: Value,
) -> Vec<HashMap<String, Data>> {
    let download = export(app, token, ledger, filter).await;
    let url = download["url"].as_str().unwrap();
    let (status, book, body) = fetch(app, url).await;
    assert_eq!(status, 200, "{ledger}: {body}");
    let mut book = book.unwrap();
    assert_eq!(book.sheet_names(), vec![title, "合计"]);
    let rows = sheet_rows(&book.worksheet_range(title).unwrap());
    let totals = book.worksheet_range("合计").unwrap();
    assert_eq!(
        totals.get((0, 1)),
        Some(&Data::Float(rows.len() as f64)),
        "{ledger}: the row count on the sheet of totals"
    );
    assert_eq!(download["rows"], json!(rows.len()), "{ledger}");
    rows
}

fn ids_of(rows: &[HashMap<String, Data>]) -> Vec<String> {
    rows.iter().map(|row| row["系统编号"].to_string()).collect()
}

async fn every_ledger_holds_the_rows_of_its_list_for_the_caller(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let city = token(&app, "office-220100-viewer").await;
    let district = token(&app, "office-220102-officer").await;
    let employer = token(&app, "employer-01-officer").await;
    for (ledger, title) in LEDGERS {
        let mut seen = HashMap::new();
        for (who, caller) in [
            ("city", &city),
            ("district", &district),
            ("employer", &employer),
        ] {
            let rows = exported(&app, caller, ledger, title, json!({})).await;
            let ids = list_ids(&app, caller, ledger, &json!({})).await;
            assert_eq!(
                ids_of(&rows),
                ids,
                "{ledger} as the {who}: the list's rows in its order"
            );
            seen.insert(who, ids);
        }
        // The city office sees every row the others see, and they see fewer.
        for who in ["district", "employer"] {
            assert!(
                seen[who].iter().all(|id| seen["city"].contains(id)),
                "{ledger}: the {who}'s rows are the city's"
            );
        }
        assert!(!seen["city"].is_empty(), "{ledger}: the demo has rows");
        assert!(
            seen["employer"].len() < seen["city"].len(),
            "{ledger}: an employer sees fewer rows than the city office"
        );
    }

    // A filter is the list's: issued wage offers only, labelled in Chinese,
    // issued at the instant the list gives, in Beijing time.
    let filter = json!({ "statuses": ["ISSUED"], "categories": ["WAGE"] });
    let rows = exported(&app, &city, "offers", "要约台账", filter.clone()).await;
    assert_eq!(
        ids_of(&rows),
        list_ids(&app, &city, "offers", &filter).await
    );
    assert!(!rows.is_empty(), "the demo has issued wage offers");
    let first = &rows[0];
    assert_eq!(first["状态"], Data::String("已发出".into()));
    let id = first["系统编号"].to_string();
    let offer = app
        .data_as(
            Some(&city),
            "query($id: ID!) { node(id: $id) { ... on Offer { issuedAt employer { name } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        first["企业"].to_string(),
        offer["node"]["employer"]["name"].as_str().unwrap()
    );
    let issued = chrono::DateTime::parse_from_rfc3339(offer["node"]["issuedAt"].as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .naive_local();
    let Data::DateTime(cell) = &first["发出时间"] else {
        panic!("发出时间 is a date and time: {:?}", first["发出时间"]);
    };
    let written = cell.as_datetime().unwrap();
    assert!(
        (written - issued).num_milliseconds().abs() < 1_000,
        "{written} against {issued}"
    );
}

async fn a_download_serves_once_within_minutes_while_its_session_lives(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let city = token(&app, "office-220100-viewer").await;

    // Once: the second GET finds nothing.
    let download = export(&app, &city, "offers", json!({})).await;
    let url = download["url"].as_str().unwrap();
    assert!(url.starts_with("/exports/"), "{download}");
    assert!(
        download["fileName"]
            .as_str()
            .unwrap()
            .starts_with("要约台账-"),
        "{download}"
    );
    assert_eq!(fetch(&app, url).await.0, 200);
    let (status, _, body) = fetch(&app, url).await;
    assert_eq!((status, error_code(&body)), (404, "NOT_FOUND"));

    // Within ten minutes.
    let download = export(&app, &city, "deadlines", json!({})).await;
    app.advance(chrono::Duration::minutes(11)).await;
    assert_eq!(fetch(&app, download["url"].as_str().unwrap()).await.0, 404);

    // Not after the session that asked has ended.
    let download = export(&app, &city, "offers", json!({})).await;
    app.data_as(
        Some(&city),
        "mutation { logout { revokedSessions } }",
        json!({}),
    )
    .await;
    let (status, _, body) = fetch(&app, download["url"].as_str().unwrap()).await;
    assert_eq!((status, error_code(&body)), (401, "UNAUTHENTICATED"));

    // A made-up token finds nothing.
    assert_eq!(fetch(&app, "/exports/not-a-token").await.0, 404);

    // Only for a signed-in caller, and a bad filter is a user error naming it.
    let anonymous = app
        .graphql_as(None, EXPORT, json!({ "input": { "offers": {} } }))
        .await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
    let other = token(&app, "union-01-officer").await;
    let before = app.rows(&["sessions"]).await;
    let body = app
        .data_as(
            Some(&other),
            EXPORT,
            json!({ "input": { "offers": { "region": "not-an-id" } } }),
        )
        .await;
    let payload = &body["exportLedger"];
    assert_eq!(payload["download"], Value::Null);
    assert_eq!(
        app.rows(&["sessions"]).await,
        before,
        "a refused filter stores nothing"
    );
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["offers", "region"]),
        "{body}"
    );
    assert_eq!(payload["userErrors"][0]["code"], "INVALID");
    // Two ledgers at once are refused before anything runs.
    let both = app
        .graphql_as(
            Some(&other),
            EXPORT,
            json!({ "input": { "offers": {}, "agreements": {} } }),
        )
        .await;
    assert!(both["errors"].is_array(), "{both}");

    // Each export is in the audit trail, with its filter.
    let audit = app
        .data(
            "{ auditEntries(last: 20) { edges { node { operation summary } } } }",
            json!({}),
        )
        .await;
    let exports: Vec<&Value> = audit["auditEntries"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["operation"] == "exportLedger")
        .collect();
    assert_eq!(exports.len(), 3, "{audit}");
    let summary: Value =
        serde_json::from_str(exports[1]["node"]["summary"].as_str().unwrap()).unwrap();
    assert_eq!(summary["ledger"], "DEADLINES", "{summary}");
    assert_eq!(summary["filter"], json!({}), "{summary}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operator_exports_a_ledger_as_a_user_sees_it() {
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--demo"]).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("offers.xlsx");
    let out = file.to_str().unwrap();
    let filter = r#"{"statuses":["ISSUED"]}"#;
    let ran = app.cli(
        &[
            "export",
            "offers",
            "--as",
            "office-220102-officer",
            "--filter",
            filter,
            "--out",
            out,
        ],
        &[],
    );
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let printed = String::from_utf8_lossy(&ran.stdout);
    let district = token(&app, "office-220102-officer").await;
    let ids = list_ids(
        &app,
        &district,
        "offers",
        &json!({ "statuses": ["ISSUED"] }),
    )
    .await;
    assert!(
        printed.contains(&format!("({} rows)", ids.len())),
        "{printed}"
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let rows = sheet_rows(&book.worksheet_range("要约台账").unwrap());
    assert_eq!(ids_of(&rows), ids);

    let ran = app.cli(&["export", "offers", "--as", "nobody", "--out", out], &[]);
    assert!(!ran.status.success());
    assert!(
        String::from_utf8_lossy(&ran.stderr).contains("no enabled user has the login name nobody")
    );
    let ran = app.cli(&["export", "payrolls", "--as", "admin", "--out", out], &[]);
    assert!(!ran.status.success());

    // A report is exported the same way, with its arguments.
    let report = dir.path().join("coverage.xlsx");
    let ran = app.cli(
        &[
            "export",
            "coverage",
            "--as",
            "office-220100-admin",
            "--out",
            report.to_str().unwrap(),
        ],
        &[],
    );
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let book: Xlsx<_> = calamine::open_workbook(&report).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["按区域", "按行业", "未覆盖的命名单位"]
    );
}

const EXPORT_DOCUMENT: &str =
    "mutation($input: ExportDocumentInput!) { exportDocument(input: $input) {
    download { url fileName expiresAt rows } userErrors { field message code } } }";

/// Asks for `document` of `id` as `token`: the payload.
async fn ask_document(app: &TestApp, token: &str, document: &str, id: &Value) -> Value {
    let body = app
        .data_as(
            Some(token),
            EXPORT_DOCUMENT,
            json!({ "input": { "document": document, "id": id } }),
        )
        .await;
    body["exportDocument"].clone()
}

/// The text of `word/document.xml` of a docx.
fn document_xml(bytes: Vec<u8>) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a docx is a zip");
    for part in ["[Content_Types].xml", "word/styles.xml", "_rels/.rels"] {
        assert!(zip.by_name(part).is_ok(), "{part} is in the package");
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// Exports `document` of `id` as `token` and fetches it: the file's name
/// and its document XML.
pub(crate) async fn document(
    app: &TestApp,
    token: &str,
    document: &str,
    id: &Value,
) -> (String, String) {
    let payload = ask_document(app, token, document, id).await;
    assert_eq!(payload["userErrors"], json!([]), "{document}: {payload}");
    let download = &payload["download"];
    assert_eq!(download["rows"], Value::Null);
    let response = app
        .client
        .get(app.url(download["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{document}");
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    let bytes = response.bytes().await.unwrap().to_vec();
    let name = download["fileName"].as_str().unwrap().to_owned();
    assert!(name.ends_with(".docx"), "{name}");
    (name, document_xml(bytes))
}

/// `wanted` is in `xml`, as the text of a run (no character escaped in it).
pub(crate) fn shows(xml: &str, document: &str, wanted: &str) {
    assert!(
        xml.contains(wanted),
        "{document}: {wanted:?} is missing from {xml}"
    );
}

/// An instant of the API as a document prints its day, in Beijing.
fn beijing_day(instant: &Value) -> String {
    chrono::DateTime::parse_from_rfc3339(instant.as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y年%-m月%-d日")
        .to_string()
}

async fn every_document_carries_its_record_as_the_caller_sees_it(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let city = token(&app, "office-220100-viewer").await;

    // An answered offer: its letter and its response.
    let offers = app
        .data_as(
            Some(&city),
            "{ offers(first: 100, filter: { statuses: [ACCEPTED, DECLINED, IN_NEGOTIATION, CONCLUDED] }) { nodes {
                id status proposedPlace proposedTerms issuedAt answeredAt declineReason
                letterDigest { digest }
                issuingOrganization { name } receivingOrganization { name } } } }",
            json!({}),
        )
        .await;
    let offers = offers["offers"]["nodes"].as_array().unwrap().clone();
    let offer = offers
        .iter()
        .find(|o| o["status"] != "DECLINED" && o["proposedPlace"] != "")
        .expect("the demo has an accepted offer");
    let (name, xml) = document(&app, &city, "OFFER_LETTER", &offer["id"]).await;
    assert!(name.starts_with("集体协商要约书-"), "{name}");
    for wanted in [
        "集体协商要约书".to_owned(),
        format!(
            "{}：",
            offer["receivingOrganization"]["name"].as_str().unwrap()
        ),
        format!(
            "{}（盖章）",
            offer["issuingOrganization"]["name"].as_str().unwrap()
        ),
        offer["proposedPlace"].as_str().unwrap().to_owned(),
        beijing_day(&offer["issuedAt"]),
        format!("系统编号：{}", offer["id"].as_str().unwrap()),
        format!(
            "文本摘要（SHA-256）：{}",
            offer["letterDigest"]["digest"].as_str().unwrap()
        ),
    ] {
        shows(&xml, "OFFER_LETTER", &wanted);
    }
    let (_, xml) = document(&app, &city, "OFFER_RESPONSE", &offer["id"]).await;
    for wanted in [
        "集体协商回应书".to_owned(),
        "本方同意".to_owned(),
        format!(
            "{}：",
            offer["issuingOrganization"]["name"].as_str().unwrap()
        ),
        format!(
            "{}（盖章）",
            offer["receivingOrganization"]["name"].as_str().unwrap()
        ),
        beijing_day(&offer["answeredAt"]),
    ] {
        shows(&xml, "OFFER_RESPONSE", &wanted);
    }
    if let Some(declined) = offers.iter().find(|o| o["status"] == "DECLINED") {
        let (_, xml) = document(&app, &city, "OFFER_RESPONSE", &declined["id"]).await;
        shows(&xml, "OFFER_RESPONSE", "本方不同意进行集体协商。");
        shows(
            &xml,
            "OFFER_RESPONSE",
            declined["declineReason"].as_str().unwrap(),
        );
    }

    // A risk case with a quick report (附件3) and an information form (附件4).
    let cases = app
        .data_as(
            Some(&city),
            "{ riskCases(first: 100) { nodes { id reports { employerName reporter reporterPhone details reportDate }
                forms { title situation filledBy formDate } } } }",
            json!({}),
        )
        .await;
    let cases = cases["riskCases"]["nodes"].as_array().unwrap().clone();
    let case = cases
        .iter()
        .find(|c| {
            !c["reports"].as_array().unwrap().is_empty()
                && !c["forms"].as_array().unwrap().is_empty()
        })
        .expect("the demo has a reported case with its form");
    let report = &case["reports"][0];
    let (_, xml) = document(&app, &city, "QUICK_REPORT", &case["id"]).await;
    for wanted in [
        "劳动关系风险监测预警用人单位速报表",
        "用人单位名称",
        "接报部门名称",
        "（公章）",
        report["employerName"].as_str().unwrap(),
        report["reporter"].as_str().unwrap(),
        report["reporterPhone"].as_str().unwrap(),
    ] {
        shows(&xml, "QUICK_REPORT", wanted);
    }
    let form = &case["forms"][0];
    let (_, xml) = document(&app, &city, "RISK_INFORMATION_FORM", &case["id"]).await;
    for wanted in [
        "长春市劳动关系风险监测预警信息情况表",
        "已采取措施及成效",
        form["title"].as_str().unwrap(),
        form["filledBy"].as_str().unwrap(),
    ] {
        shows(&xml, "RISK_INFORMATION_FORM", wanted);
    }

    // An agreement objected to: its receipt, the opinion and its text.
    let agreements = app
        .data_as(
            Some(&city),
            "{ agreements(first: 100) { nodes { id title clauses { heading }
                filings { receiptNumber outcome opinion reviewer { name } } } } }",
            json!({}),
        )
        .await;
    let agreements = agreements["agreements"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    let objected = agreements
        .iter()
        .find(|a| {
            a["filings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["outcome"] == "OBJECTED")
        })
        .expect("the demo has an agreement objected to");
    let filing = objected["filings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["outcome"] == "OBJECTED")
        .unwrap();
    let (_, xml) = document(&app, &city, "REVIEW_OPINION", &objected["id"]).await;
    for wanted in [
        "集体合同审查意见书".to_owned(),
        format!("受理编号：{}", filing["receiptNumber"].as_str().unwrap()),
        format!("《{}》", objected["title"].as_str().unwrap()),
        filing["opinion"].as_str().unwrap().to_owned(),
        format!("{}（盖章）", filing["reviewer"]["name"].as_str().unwrap()),
    ] {
        shows(&xml, "REVIEW_OPINION", &wanted);
    }
    let (_, xml) = document(&app, &city, "FILING_RECEIPT", &objected["id"]).await;
    shows(&xml, "FILING_RECEIPT", "集体合同受理回执");
    shows(&xml, "FILING_RECEIPT", "予以受理");
    let (_, xml) = document(&app, &city, "AGREEMENT_TEXT", &objected["id"]).await;
    shows(&xml, "AGREEMENT_TEXT", objected["title"].as_str().unwrap());
    let clauses = objected["clauses"].as_array().unwrap();
    assert!(!clauses.is_empty(), "{objected}");
    for clause in clauses {
        shows(&xml, "AGREEMENT_TEXT", clause["heading"].as_str().unwrap());
    }
    shows(&xml, "AGREEMENT_TEXT", "第一条");

    // What a record lacks is refused under `document`; an id of another
    // type, or of a record the caller may not see, under `id`.
    let issued = app
        .data_as(
            Some(&city),
            "{ offers(first: 1, filter: { statuses: [ISSUED] }) { nodes { id } } }",
            json!({}),
        )
        .await;
    let issued = &issued["offers"]["nodes"][0]["id"];
    let payload = ask_document(&app, &city, "OFFER_RESPONSE", issued).await;
    assert_eq!(payload["download"], Value::Null);
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["document"]),
        "{payload}"
    );
    assert_eq!(payload["userErrors"][0]["code"], "INVALID");
    let payload = ask_document(&app, &city, "OFFER_LETTER", &objected["id"]).await;
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["id"]),
        "{payload}"
    );
    assert_eq!(payload["userErrors"][0]["code"], "NOT_FOUND");
    let payload = ask_document(&app, &city, "OFFER_LETTER", &json!("not-an-id")).await;
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["id"]),
        "{payload}"
    );

    // An employer sees its own case's quick report but not the office's
    // forms, and nothing of a record it may not see.
    let employer = token(&app, "employer-01-officer").await;
    let own = app
        .data_as(
            Some(&employer),
            "{ riskCases(first: 100) { nodes { id reports { employerName } } } }",
            json!({}),
        )
        .await;
    let own: Vec<Value> = own["riskCases"]["nodes"].as_array().unwrap().clone();
    if let Some(mine) = own
        .iter()
        .find(|c| !c["reports"].as_array().unwrap().is_empty())
    {
        document(&app, &employer, "QUICK_REPORT", &mine["id"]).await;
        let payload = ask_document(&app, &employer, "RISK_INFORMATION_FORM", &mine["id"]).await;
        assert_eq!(
            payload["userErrors"][0]["field"],
            json!(["document"]),
            "{payload}"
        );
    }
    let hidden = cases
        .iter()
        .find(|c| !own.iter().any(|o| o["id"] == c["id"]))
        .expect("a case the employer does not see");
    let before = app.rows(&["sessions"]).await;
    let payload = ask_document(&app, &employer, "QUICK_REPORT", &hidden["id"]).await;
    assert_eq!(payload["download"], Value::Null);
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["id"]),
        "{payload}"
    );
    assert_eq!(payload["userErrors"][0]["code"], "NOT_FOUND");
    assert_eq!(
        app.rows(&["sessions"]).await,
        before,
        "a refusal stores nothing"
    );
    let anonymous = app
        .graphql_as(
            None,
            EXPORT_DOCUMENT,
            json!({ "input": { "document": "QUICK_REPORT", "id": case["id"] } }),
        )
        .await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");

    // Each document asked for is in the audit trail, with its record.
    let audit = app
        .data(
            "{ auditEntries(last: 50) { edges { node { operation summary } } } }",
            json!({}),
        )
        .await;
    let asked: Vec<Value> = audit["auditEntries"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["operation"] == "exportDocument")
        .map(|e| serde_json::from_str(e["node"]["summary"].as_str().unwrap()).unwrap())
        .collect();
    assert!(
        asked
            .iter()
            .any(|s| s["document"] == "REVIEW_OPINION" && s["id"] == objected["id"]),
        "{asked:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operator_writes_a_document_as_a_user_sees_it() {
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--demo"]).await;
    let admin = token(&app, "office-220100-admin").await;
    let employer = token(&app, "employer-01-officer").await;
    let query = "{ agreements(first: 100) { nodes { id title } } }";
    let all = app.data_as(Some(&admin), query, json!({})).await;
    let seen = app.data_as(Some(&employer), query, json!({})).await;
    let seen = seen["agreements"]["nodes"].as_array().unwrap();
    let agreement = all["agreements"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| !seen.contains(a))
        .expect("an agreement the employer does not see");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("text.docx");
    let out = file.to_str().unwrap();
    let id = agreement["id"].as_str().unwrap();
    let ran = app.cli(
        &[
            "document",
            "agreement-text",
            id,
            "--as",
            "office-220100-admin",
            "--out",
            out,
        ],
        &[],
    );
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    assert!(String::from_utf8_lossy(&ran.stdout).contains("合同文本 written to"));
    let xml = document_xml(std::fs::read(&file).unwrap());
    shows(&xml, "AGREEMENT_TEXT", agreement["title"].as_str().unwrap());
    shows(&xml, "AGREEMENT_TEXT", &format!("系统编号：{id}"));

    // A user who may not see the record gets no file.
    let ran = app.cli(
        &[
            "document",
            "agreement-text",
            id,
            "--as",
            "employer-01-officer",
            "--out",
            out,
        ],
        &[],
    );
    assert!(!ran.status.success());
    let said = String::from_utf8_lossy(&ran.stderr);
    assert!(said.contains("no such record"), "{said}");
}

const COVERAGE: &str = "{ coverageReport { total { workers titledEmployers modelCoverage }
    byRegion { region { name } titledEmployers evaluated modelCoverage workers workersCovered }
    byIndustry { industrySection titledEmployers }
    notCovered { employer { id name } } } }";

/// A number cell's value.
pub(crate) fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(n) => *n,
        Data::Int(n) => *n as f64,
        other => panic!("a number: {other:?}"),
    }
}

async fn the_coverage_report_exports_as_the_report_answers_its_caller(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    for login in ["office-220100-viewer", "office-220102-officer"] {
        let caller = token(&app, login).await;
        let report =
            app.data_as(Some(&caller), COVERAGE, json!({})).await["coverageReport"].clone();
        let download = export(&app, &caller, "coverage", json!({})).await;
        assert_eq!(download["rows"], Value::Null, "{download}");
        assert!(
            download["fileName"]
                .as_str()
                .unwrap()
                .starts_with("示范单位覆盖情况-"),
            "{download}"
        );
        let (status, book, body) = fetch(&app, download["url"].as_str().unwrap()).await;
        assert_eq!(status, 200, "{body}");
        let mut book = book.unwrap();
        assert_eq!(
            book.sheet_names(),
            vec!["按区域", "按行业", "未覆盖的命名单位"]
        );

        // A row for each region of the report, in its order, then the total.
        let by_region = sheet_rows(&book.worksheet_range("按区域").unwrap());
        let lines = report["byRegion"].as_array().unwrap();
        assert_eq!(by_region.len(), lines.len() + 1, "{login}");
        for (row, line) in by_region.iter().zip(lines) {
            assert_eq!(
                row["区域"].to_string(),
                line["region"]["name"].as_str().unwrap()
            );
            assert_eq!(
                number(&row["命名单位数"]),
                line["titledEmployers"].as_f64().unwrap()
            );
            assert_eq!(number(&row["职工人数"]), line["workers"].as_f64().unwrap());
            if let Some(share) = line["modelCoverage"].as_f64() {
                assert!((number(&row["示范单位覆盖率"]) - share).abs() < 1e-9);
            }
        }
        let total = by_region.last().unwrap();
        assert_eq!(total["区域"].to_string(), "合计");
        assert_eq!(
            number(&total["职工人数"]),
            report["total"]["workers"].as_f64().unwrap()
        );
        assert_eq!(
            number(&total["命名单位数"]),
            report["total"]["titledEmployers"].as_f64().unwrap()
        );

        let by_industry = sheet_rows(&book.worksheet_range("按行业").unwrap());
        assert_eq!(
            by_industry.len(),
            report["byIndustry"].as_array().unwrap().len() + 1
        );
        let uncovered = sheet_rows(&book.worksheet_range("未覆盖的命名单位").unwrap());
        let ids: Vec<String> = report["notCovered"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["employer"]["id"].as_str().unwrap().to_owned())
            .collect();
        let written: Vec<String> = uncovered
            .iter()
            .map(|r| r["系统编号"].to_string())
            .collect();
        assert_eq!(written, ids, "{login}");
    }

    // The report is the offices'; an employer is refused, and a bad
    // region is a user error under the report's field.
    let employer = token(&app, "employer-01-officer").await;
    let refused = app
        .graphql_as(
            Some(&employer),
            EXPORT,
            json!({ "input": { "coverage": {} } }),
        )
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    let city = token(&app, "office-220100-viewer").await;
    let bad = app
        .data_as(
            Some(&city),
            EXPORT,
            json!({ "input": { "coverage": { "region": "not-an-id" } } }),
        )
        .await;
    assert_eq!(bad["exportLedger"]["download"], Value::Null);
    assert_eq!(
        bad["exportLedger"]["userErrors"][0]["field"][0], "coverage",
        "{bad}"
    );
}
