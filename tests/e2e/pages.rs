//! The office's pages (issue 20) in a real headless Chromium: the login
//! form, then the dashboard of the viewer's office, whose figures must be
//! the API's answers for the same viewer; nothing is loaded from another
//! host.

use serde_json::{Value, json};

use crate::browser::{self, Browser};
use crate::offers::token;
use crate::smtp::SmtpServer;
use crate::summaries::region;
use crate::support::{ADMIN_PASSWORD, Backend, DEMO_PASSWORD, TestApp};

/// The dashboard's figures, asked of the API directly, with the first ten
/// rows of the lists the dashboard shows.
const FIGURES: &str = "query($r: ID!, $from: DateTime!, $until: DateTime!) {
  offers: offers(filter: { region: $r, statuses: [ISSUED, ACCEPTED, DECLINED, IN_NEGOTIATION, CONCLUDED, SUSPENDED, WITHDRAWN] }, first: 1) { totalCount }
  openRiskCases: riskCases(filter: { region: $r, statuses: [REPORTED, ASSESSED, RESOLVING] }, first: 1) { totalCount }
  dueThisWeek: deadlines(filter: { region: $r, statuses: [OPEN], dueFrom: $from, dueUntil: $until }, first: 10) { totalCount edges { node { id } } }
  missedDeadlines: deadlines(filter: { region: $r, statuses: [MISSED] }, first: 10) { totalCount edges { node { id } } }
  expiringAgreements: agreements(filter: { region: $r, expiringWithinDays: 90 }, first: 10) { totalCount edges { node { id } } }
  layoffsUnderWay: layoffPlans(filter: { region: $r, statuses: [EXPLAINED, OPINION_GIVEN, ANSWERED, REPORTED, IMPLEMENTING] }, first: 10) { totalCount edges { node { id } } }
  coverage: coverageReport(region: $r) { byRegion { region { id } titledEmployers } }
}";

/// The risk and campaign breakdowns, asked of the API directly.
const BREAKDOWN: &str = "query($r: ID!, $c: ID!) {
  LEVEL_1: riskCases(filter: { region: $r, statuses: [REPORTED, ASSESSED, RESOLVING], levels: [LEVEL_1] }, first: 1) { totalCount }
  LEVEL_2: riskCases(filter: { region: $r, statuses: [REPORTED, ASSESSED, RESOLVING], levels: [LEVEL_2] }, first: 1) { totalCount }
  LEVEL_3: riskCases(filter: { region: $r, statuses: [REPORTED, ASSESSED, RESOLVING], levels: [LEVEL_3] }, first: 1) { totalCount }
  overdueForms: deadlines(filter: { region: $r, kinds: [RISK_FORM], statuses: [MISSED] }, first: 1) { totalCount }
  campaign: node(id: $c) { ... on Campaign { progress {
    byCategory { category counts { issued answered accepted overdue concluded } }
    byDistrict { region { id } counts { issued answered accepted overdue concluded } } } } }
}";

/// The ids of a connection's edges.
fn ids(connection: &Value) -> Value {
    connection["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].clone())
        .collect()
}

/// The row ids of the page's table `name`.
async fn row_ids(browser: &mut Browser, name: &str) -> Value {
    browser
        .evaluate(&format!(
            "[...document.querySelectorAll('table[data-table={name}] tr[data-id]')].map(r => r.dataset.id)"
        ))
        .await
}

/// The rows of the page's table `name`: each row's key and its numbers.
async fn table(browser: &mut Browser, name: &str) -> Value {
    browser
        .evaluate(&format!(
            "[...document.querySelectorAll('table[data-table={name}] tr[data-key]')].map(r =>
                [r.dataset.key, ...[...r.cells].slice(1).map(c => Number(c.textContent))])"
        ))
        .await
}

/// The API's progress lines as the page's rows: key, then the counts.
fn progress_rows(lines: &Value, key: impl Fn(&Value) -> Value) -> Value {
    let counts = ["issued", "answered", "accepted", "overdue", "concluded"];
    Value::Array(
        lines
            .as_array()
            .unwrap()
            .iter()
            .map(|line| {
                let mut row = vec![key(line)];
                row.extend(counts.iter().map(|c| line["counts"][c].clone()));
                Value::Array(row)
            })
            .collect(),
    )
}

/// Signs in through the page's form as `login`, and waits for the dashboard.
async fn sign_in(browser: &mut Browser, app: &TestApp, login: &str) {
    sign_in_at(browser, app, login, "/").await;
}

/// Opens `path` (a tab not signed in shows the form there), signs in as
/// `login`, and waits for the page.
async fn sign_in_at(browser: &mut Browser, app: &TestApp, login: &str, path: &str) {
    browser.navigate(&app.url(path)).await;
    browser
        .wait_for("document.querySelector('#login-form') !== null")
        .await;
    let fill = format!(
        "document.querySelector('#login-name').value = {login:?};
         document.querySelector('#login-password').value = {DEMO_PASSWORD:?};
         document.querySelector('#login-form').requestSubmit(); true"
    );
    browser.evaluate(&fill).await;
    browser
        .wait_for("document.querySelector('main[data-ready]') !== null")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_shows_each_office_the_apis_figures_over_its_region() {
    let Some(binary) = browser::binary() else {
        return;
    };
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--demo"]).await;
    // The page forbids any other origin's scripts, and serves only its files.
    let page = app.client.get(app.url("/")).send().await.unwrap();
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"),
        "{html}"
    );
    // ECharts, named by its version, is kept; the page's own files are not.
    let charts = app
        .client
        .get(app.url("/pages/echarts-6.1.0.min.js"))
        .send()
        .await
        .unwrap();
    let cache = charts.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(cache, "public, max-age=31536000, immutable");
    let size = charts.bytes().await.unwrap().len();
    // Gzipped for a browser that accepts it: a third of the size.
    let zipped = app
        .client
        .get(app.url("/pages/echarts-6.1.0.min.js"))
        .header("accept-encoding", "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let zipped = zipped.bytes().await.unwrap().len();
    assert!(zipped * 2 < size, "{zipped} of {size}");
    let script = app
        .client
        .get(app.url("/pages/app.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(script.headers()["cache-control"], "no-cache");
    // Checking again costs nothing while the binary's file is unchanged.
    let again = app
        .client
        .get(app.url("/pages/app.js"))
        .header("if-none-match", script.headers()["etag"].clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
    let missing = app
        .client
        .get(app.url("/pages/nothing.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);
    let mut shown = Vec::new();
    for (login, code) in [
        ("office-220100-officer", "220100"),
        ("office-220102-officer", "220102"),
    ] {
        let mut browser = Browser::launch(&binary).await;
        sign_in(&mut browser, &app, login).await;
        let main = browser
            .evaluate("({ ...document.querySelector('main').dataset })")
            .await;
        assert_eq!(main["ready"], "true", "{login}: {main}");
        assert_eq!(
            main["region"],
            region(&app, code).await,
            "{login}: its own region"
        );
        let figures = browser.figures().await;
        let caller = token(&app, login).await;
        let answer = app
            .data_as(
                Some(&caller),
                FIGURES,
                json!({ "r": main["region"], "from": main["from"], "until": main["until"] }),
            )
            .await;
        for name in [
            "offers",
            "openRiskCases",
            "dueThisWeek",
            "missedDeadlines",
            "expiringAgreements",
            "layoffsUnderWay",
        ] {
            assert_eq!(
                json!(figures[name]),
                answer[name]["totalCount"],
                "{login}: {name}"
            );
        }
        assert!(figures["offers"] > 0, "{figures:?}");
        // The coverage tiles' table: the report's lines, as the viewer gets them.
        let rows = browser
            .evaluate(
                "[...document.querySelectorAll('table.coverage tr[data-region]')].map(r =>
                    [r.dataset.region, Number(r.querySelector('[data-field=titledEmployers]').textContent)])",
            )
            .await;
        let lines: Vec<Value> = answer["coverage"]["byRegion"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| json!([l["region"]["id"], l["titledEmployers"]]))
            .collect();
        assert_eq!(rows, json!(lines), "{login}");
        // The deadlines due this week and missed, the agreements expiring
        // and the layoffs under way: their first ten rows and their totals.
        let short = &answer;
        for name in [
            "dueThisWeek",
            "missedDeadlines",
            "expiringAgreements",
            "layoffsUnderWay",
        ] {
            let total = browser
                .evaluate(&format!(
                    "Number(document.querySelector('section[data-list={name}]').dataset.total)"
                ))
                .await;
            assert_eq!(total, short[name]["totalCount"], "{login}: {name}");
            assert_eq!(
                row_ids(&mut browser, name).await,
                ids(&short[name]),
                "{login}: {name}"
            );
        }
        assert!(
            short["missedDeadlines"]["totalCount"].as_i64() > Some(0),
            "{login}: {short}"
        );
        // Open risk cases by level, the overdue 24-hour forms, and the
        // campaign's progress by category and by district.
        let campaign = browser
            .evaluate("document.querySelector('[data-campaign]').dataset.campaign")
            .await;
        let broken = app
            .data_as(
                Some(&caller),
                BREAKDOWN,
                json!({ "r": main["region"], "c": campaign }),
            )
            .await;
        let mut levels: Vec<Value> = ["LEVEL_1", "LEVEL_2", "LEVEL_3"]
            .iter()
            .map(|l| json!([l, broken[l]["totalCount"]]))
            .collect();
        let assessed: i64 = levels.iter().map(|l| l[1].as_i64().unwrap()).sum();
        levels.push(json!(["UNASSESSED", figures["openRiskCases"] - assessed]));
        assert_eq!(
            table(&mut browser, "riskLevels").await,
            json!(levels),
            "{login}"
        );
        assert_eq!(
            json!(figures["overdueForms"]),
            broken["overdueForms"]["totalCount"]
        );
        let progress = &broken["campaign"]["progress"];
        assert_eq!(
            table(&mut browser, "campaignCategories").await,
            progress_rows(&progress["byCategory"], |l| l["category"].clone()),
            "{login}"
        );
        let districts = progress_rows(&progress["byDistrict"], |l| l["region"]["id"].clone());
        assert!(
            !districts.as_array().unwrap().is_empty(),
            "{login}: {progress}"
        );
        assert_eq!(
            table(&mut browser, "campaignDistricts").await,
            districts,
            "{login}"
        );
        let charts = browser
            .evaluate("document.querySelectorAll('.chart svg').length")
            .await;
        assert_eq!(
            charts, 5,
            "{login}: the tile maps and the bar charts are drawn"
        );
        browser.keep_screenshot(&format!("dashboard-{code}")).await;
        // Nothing but this server was asked for anything.
        let outside = browser.outside(&app.url("/"));
        assert!(outside.is_empty(), "{login}: {outside:?}");
        assert!(
            browser
                .requests
                .iter()
                .any(|u| u.ends_with("/pages/echarts-6.1.0.min.js")),
            "{:?}",
            browser.requests
        );
        if code == "220100" {
            page_through_the_offers(&mut browser, &app, &caller, &main, figures["offers"]).await;
            browser.evaluate("window.location.hash = '#/'; true").await;
            browser
                .wait_for("document.querySelector('[data-figure=openRiskCases]') !== null")
                .await;
            follow_a_figure_to_its_list_and_export(
                &mut browser,
                &app,
                &caller,
                &main,
                figures["openRiskCases"],
            )
            .await;
        }
        shown.push(figures);
    }
    assert!(
        shown[1]["offers"] < shown[0]["offers"],
        "the district office sees its subtree only: {shown:?}"
    );
}

/// The offers figure opens its list a hundred rows at a time: each page's
/// rows are the API's page after the last cursor.
async fn page_through_the_offers(
    browser: &mut Browser,
    app: &TestApp,
    caller: &str,
    main: &Value,
    total: i64,
) {
    assert!(total > 100, "two pages of offers: {total}");
    browser
        .evaluate("document.querySelector('[data-figure=offers]').click(); true")
        .await;
    browser
        .wait_for("document.querySelector('main[data-page=\"1\"]') !== null")
        .await;
    let query = "query($r: ID, $a: String) { offers(filter: { region: $r, statuses: [ISSUED, ACCEPTED, DECLINED, IN_NEGOTIATION, CONCLUDED, SUSPENDED, WITHDRAWN] }, first: 100, after: $a) {
        pageInfo { endCursor } edges { node { id } } } }";
    let first = app
        .data_as(
            Some(caller),
            query,
            json!({ "r": main["region"], "a": null }),
        )
        .await;
    assert_eq!(row_ids(browser, "list").await, ids(&first["offers"]));
    let second = app
        .data_as(
            Some(caller),
            query,
            json!({ "r": main["region"], "a": first["offers"]["pageInfo"]["endCursor"] }),
        )
        .await;
    browser
        .evaluate("document.querySelector('#next-page').click(); true")
        .await;
    browser
        .wait_for("document.querySelector('main[data-page=\"2\"]') !== null")
        .await;
    let shown = row_ids(browser, "list").await;
    assert_eq!(shown, ids(&second["offers"]));
    assert_eq!(shown.as_array().unwrap().len() as i64, total - 100);
    let links = browser
        .evaluate(
            "[!!document.querySelector('#first-page'), !!document.querySelector('#next-page')]",
        )
        .await;
    assert_eq!(links, json!([true, false]), "the last page leads back only");
}

/// The open-risk figure links to its list: the list's rows as the API gives
/// them to the viewer, and its spreadsheet downloaded from the page.
async fn follow_a_figure_to_its_list_and_export(
    browser: &mut Browser,
    app: &TestApp,
    caller: &str,
    main: &Value,
    total: i64,
) {
    browser
        .evaluate("document.querySelector('[data-figure=openRiskCases]').click(); true")
        .await;
    browser
        .wait_for("document.querySelector('main[data-total]') !== null")
        .await;
    let shown = browser
        .evaluate("({ total: Number(document.querySelector('main').dataset.total),
            ids: [...document.querySelectorAll('table[data-table=list] tr[data-id]')].map(r => r.dataset.id) })")
        .await;
    assert_eq!(shown["total"], total);
    let listed = app
        .data_as(
            Some(caller),
            "query($r: ID) { riskCases(filter: { region: $r, statuses: [REPORTED, ASSESSED, RESOLVING] }, first: 100) { edges { node { id } } } }",
            json!({ "r": main["region"] }),
        )
        .await;
    assert_eq!(shown["ids"], ids(&listed["riskCases"]));
    let downloads = tempfile::tempdir().unwrap();
    browser.allow_downloads(downloads.path()).await;
    let file = download(
        browser,
        "#export",
        downloads.path(),
        "风险监测预警台账",
        "xlsx",
    )
    .await;
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let sheet = book.worksheet_range("风险监测预警台账").unwrap();
    assert_eq!(
        sheet.height() as i64 - 1,
        total,
        "a row per case under the header"
    );
}

/// Clicks `button` and waits for the file it downloads into `dir`, named
/// `<title>-<day>.<extension>`.
async fn download(
    browser: &mut Browser,
    button: &str,
    dir: &std::path::Path,
    title: &str,
    extension: &str,
) -> std::path::PathBuf {
    browser
        .evaluate(&format!("document.querySelector({button:?}).click(); true"))
        .await;
    for _ in 0..100 {
        let found = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| {
                let name = path.file_name().unwrap().to_string_lossy();
                name.starts_with(&format!("{title}-")) && name.ends_with(&format!(".{extension}"))
            });
        if let Some(file) = found {
            return file;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let status = browser.evaluate("document.body.innerText").await;
    panic!("{button} downloads no {title}…{extension}: {status}");
}

/// An email's link opens the record's page: its fields and its history as
/// the API gives them to the addressee; another district's office gets
/// "not found", and the page loads nothing from outside.
#[tokio::test(flavor = "multi_thread")]
async fn an_emails_link_opens_the_records_page_for_its_addressee_only() {
    let Some(binary) = browser::binary() else {
        return;
    };
    let smtp = SmtpServer::start().await;
    let app = TestApp::launch_with_env(
        &Backend::Sqlite,
        &["--demo"],
        &[
            ("XIESHANG_SMTP_URL", &smtp.url()),
            ("XIESHANG_PUBLIC_URL", "https://xieshang.example.cn/"),
        ],
        Some(ADMIN_PASSWORD),
    )
    .await;
    let city = token(&app, "office-220100-officer").await;
    let campaigns = app
        .data_as(
            Some(&city),
            "{ campaigns(first: 1) { edges { node { id name } } } }",
            json!({}),
        )
        .await;
    let campaign = &campaigns["campaigns"]["edges"][0]["node"];
    let due = (crate::offers::server_now(&app).await + chrono::Duration::days(7))
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive()
        .to_string();
    let asked = app
        .data_as(
            Some(&city),
            "mutation($input: RequestCampaignSummariesInput!) { requestCampaignSummaries(input: $input) { userErrors { field } } }",
            json!({ "input": { "campaignId": campaign["id"], "dueOn": due } }),
        )
        .await;
    assert_eq!(asked["requestCampaignSummaries"]["userErrors"], json!([]));
    let mails = smtp
        .wait_for_where(
            "the district office's request",
            |m| {
                m.subject().contains("请报送工作总结")
                    && m.to[0].starts_with("office-220102-officer")
            },
            1,
        )
        .await;
    let body = mails[0].body();
    let link = body
        .split_whitespace()
        .find_map(|word| word.split("https://xieshang.example.cn/").nth(1))
        .unwrap_or_else(|| panic!("a link in {body}"))
        .trim_end_matches(['。', '）', ')'])
        .to_owned();
    assert!(link.starts_with("campaign-summaries/"), "{link}");
    let id = link.trim_start_matches("campaign-summaries/");

    // The office writes a section first: its own change is in the history it sees.
    let district = token(&app, "office-220102-officer").await;
    let version = app
        .data_as(
            Some(&district),
            "query($id: ID!) { node(id: $id) { ... on CampaignSummary { version } } }",
            json!({ "id": id }),
        )
        .await["node"]["version"]
        .clone();
    let revised = app
        .data_as(
            Some(&district),
            "mutation($input: ReviseCampaignSummaryInput!) { reviseCampaignSummary(input: $input) { userErrors { field } } }",
            json!({ "input": { "summaryId": id, "expectedVersion": version, "workDone": "走访企业" } }),
        )
        .await;
    assert_eq!(revised["reviseCampaignSummary"]["userErrors"], json!([]));

    let mut browser = Browser::launch(&binary).await;
    // A new tab: the link shows the form, then the record once signed in.
    sign_in_at(
        &mut browser,
        &app,
        "office-220102-officer",
        &format!("/{link}"),
    )
    .await;
    assert_eq!(
        browser.evaluate("location.pathname").await,
        format!("/{link}")
    );
    let shown = browser
        .evaluate("Object.fromEntries([...document.querySelectorAll('table[data-table=record] tr')].map(r => [r.dataset.field, r.cells[1].textContent]))")
        .await;
    assert_eq!(shown["行动"], campaign["name"], "{shown}");
    assert_eq!(shown["状态"], "起草中");
    assert_eq!(shown["报送期限"], due.as_str());
    let history = app
        .data_as(
            Some(&district),
            "query($id: ID) { auditEntries(filter: { subject: $id }) { totalCount } }",
            json!({ "id": id }),
        )
        .await;
    let rows = browser
        .evaluate("Number(document.querySelector('table[data-table=history]').dataset.total)")
        .await;
    assert_eq!(rows, history["auditEntries"]["totalCount"]);
    assert!(
        rows.as_i64().unwrap() >= 1,
        "its revision is in its history"
    );
    let outside = browser.outside(&app.url("/"));
    assert!(outside.is_empty(), "{outside:?}");

    // Another district's office is told the record is not there.
    let mut other = Browser::launch(&binary).await;
    sign_in(&mut other, &app, "office-220103-officer").await;
    other.navigate(&app.url(&format!("/{link}"))).await;
    other
        .wait_for("document.querySelector('main[data-ready=error]') !== null")
        .await;
    let text = other
        .evaluate("document.querySelector('main').textContent")
        .await;
    assert_eq!(text, "找不到该记录，或您无权查看。");
    // A collection without pages is not found.
    let missing = app.client.get(app.url("/users/abc")).send().await.unwrap();
    assert_eq!(missing.status().as_u16(), 404);
}

/// A union and an association land on their records: the offers and the
/// agreements the API gives them (an association's: its members'), each
/// opening its page.
#[tokio::test(flavor = "multi_thread")]
async fn a_union_and_an_association_land_on_the_records_they_may_see() {
    let Some(binary) = browser::binary() else {
        return;
    };
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--demo"]).await;
    for login in ["union-21-officer", "association-2-officer"] {
        let mut browser = Browser::launch(&binary).await;
        sign_in(&mut browser, &app, login).await;
        let figures = browser.figures().await;
        let caller = token(&app, login).await;
        let own = app
            .data_as(
                Some(&caller),
                "{ viewer { memberships { organization { id kind } } } }",
                json!({}),
            )
            .await;
        let association = own["viewer"]["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| &m["organization"])
            .find(|o| o["kind"] == "EMPLOYER_ASSOCIATION")
            .map(|o| o["id"].clone())
            .unwrap_or(Value::Null);
        let answer = app
            .data_as(
                Some(&caller),
                "query($a: ID) { offers(first: 50) { totalCount edges { node { id } } }
                   agreements(filter: { association: $a }, first: 50) { totalCount edges { node { id } } } }",
                json!({ "a": association }),
            )
            .await;
        assert_eq!(
            json!(figures["myOffers"]),
            answer["offers"]["totalCount"],
            "{login}"
        );
        assert_eq!(
            json!(figures["myAgreements"]),
            answer["agreements"]["totalCount"],
            "{login}"
        );
        assert!(figures["myAgreements"] > 0, "{login}: {figures:?}");
        assert_eq!(
            row_ids(&mut browser, "myOffers").await,
            ids(&answer["offers"]),
            "{login}"
        );
        assert_eq!(
            row_ids(&mut browser, "myAgreements").await,
            ids(&answer["agreements"]),
            "{login}"
        );
        // The first agreement opens its page.
        browser
            .evaluate("document.querySelector('table[data-table=myAgreements] a').click(); true")
            .await;
        browser
            .wait_for("document.querySelector('main[data-record]') !== null")
            .await;
        let opened = browser
            .evaluate("document.querySelector('main').dataset.record")
            .await;
        assert_eq!(
            opened, answer["agreements"]["edges"][0]["node"]["id"],
            "{login}"
        );
    }
}

/// The city office's journey as a client example: the dashboard's figures,
/// fetched through the API, are the API's answers for the same viewer.
#[tokio::test(flavor = "multi_thread")]
async fn the_client_example_prints_the_city_dashboards_figures() {
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--demo"]).await;
    let Some(stdout) = crate::cli::run_example(&app, "city_dashboard.py", &[]) else {
        return;
    };
    assert!(
        stdout.starts_with("1. 长春市协调劳动关系三方委员会办公室, over 长春市"),
        "{stdout}"
    );
    let city = token(&app, "office-220100-officer").await;
    let now = crate::offers::server_now(&app).await;
    let answer = app
        .data_as(
            Some(&city),
            FIGURES,
            json!({ "r": region(&app, "220100").await, "from": now.to_rfc3339(),
                    "until": (now + chrono::Duration::days(7)).to_rfc3339() }),
        )
        .await;
    for (key, label) in [
        ("offers", "已发出要约"),
        ("openRiskCases", "未结风险事项"),
        ("dueThisWeek", "本周到期期限"),
        ("missedDeadlines", "已逾期期限"),
        ("expiringAgreements", "90日内到期合同"),
        ("layoffsUnderWay", "进行中的裁员方案"),
    ] {
        let line = format!("   {label}: {}\n", answer[key]["totalCount"]);
        assert!(stdout.contains(&line), "{line:?} in {stdout}");
    }
    assert!(stdout.contains("3. Coverage by district"), "{stdout}");
    let lines = app
        .data_as(
            Some(&city),
            "{ coverageReport { byRegion { region { name } modelCoverage } } }",
            json!({}),
        )
        .await;
    for line in lines["coverageReport"]["byRegion"].as_array().unwrap() {
        let shown = match line["modelCoverage"].as_f64() {
            Some(share) => format!("{:.1}%", share * 100.0),
            None => "—".into(),
        };
        let name = line["region"]["name"].as_str().unwrap();
        assert!(
            stdout.contains(&format!("   {name}: {shown}, ")),
            "{name} in {stdout}"
        );
    }
    assert!(stdout.contains("4. 2026年春季集中要约行动"), "{stdout}");
}

/// One record of each kind an email may be about (`organizations` is also
/// where a risk grade links), as the city office lists them.
const ONE_OF_EACH: &str = "{
  offers(first: 100) { edges { node { id sessions { kind } disputes { status } } } }
  agreements(first: 100) { edges { node { id clauses { key } versions { number } filings { filedAt }
    filingDeadline { id } reviewDeadline { id } publicationDeadline { id } termDeadline { id } renewalDeadline { id } } } }
  riskCases(first: 1) { edges { node { id } } }
  layoffPlans(first: 1) { edges { node { id } } }
  evaluations(first: 1) { edges { node { id } } }
  rectificationItems(first: 1) { edges { node { id } } }
  warnings(first: 1) { edges { node { id } } }
  healthChecks(first: 1) { edges { node { id } } }
  riskBulletins(first: 1) { edges { node { id } } }
  campaigns(first: 1) { edges { node { id summaries { id } } } }
  deadlines(first: 1, filter: { statuses: [MISSED] }) { edges { node { id subjectId } } }
  riskGrades(first: 1) { edges { node { employer { id } } } }
  evaluationGuides { id }
  employers(first: 100) { edges { node { id } } }
}";

/// Every kind of record an email links to has its page: the page shows the
/// record the API gives the viewer, with its lists (an offer's sessions, an
/// agreement's clauses, versions, filings and clocks, a campaign's
/// summaries, an employer's risk grades), and its links lead on.
#[tokio::test(flavor = "multi_thread")]
async fn every_record_an_email_names_opens_its_page() {
    let Some(binary) = browser::binary() else {
        return;
    };
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--demo"]).await;
    let city = token(&app, "office-220100-officer").await;
    let campaign = app
        .data_as(
            Some(&city),
            "{ campaigns(first: 1) { edges { node { id } } } }",
            json!({}),
        )
        .await["campaigns"]["edges"][0]["node"]["id"]
        .clone();
    let asked = app
        .data_as(
            Some(&city),
            "mutation($input: RequestCampaignSummariesInput!) { requestCampaignSummaries(input: $input) { userErrors { field } } }",
            json!({ "input": { "campaignId": campaign } }),
        )
        .await;
    assert_eq!(asked["requestCampaignSummaries"]["userErrors"], json!([]));
    let all = app.data_as(Some(&city), ONE_OF_EACH, json!({})).await;
    let first = |list: &str| all[list]["edges"][0]["node"].clone();
    // The offer with the most sessions, the agreement with a filing.
    let offers = all["offers"]["edges"].as_array().unwrap();
    let offer = offers
        .iter()
        .map(|e| &e["node"])
        .max_by_key(|n| n["sessions"].as_array().unwrap().len())
        .unwrap()
        .clone();
    let agreement = all["agreements"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|n| !n["filings"].as_array().unwrap().is_empty())
        .expect("an agreement filed")
        .clone();
    // An employer with a harmony title.
    let employers: Vec<Value> = ids(&all["employers"]).as_array().unwrap().clone();
    let titles_query = format!(
        "{{ {} }}",
        employers
            .iter()
            .enumerate()
            .map(|(at, id)| format!("t{at}: harmonyTitles(employer: {id}) {{ id }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let titles = app.data_as(Some(&city), &titles_query, json!({})).await;
    let title = titles
        .as_object()
        .unwrap()
        .values()
        .find_map(|list| list.as_array().unwrap().first().cloned())
        .expect("a titled employer");
    let graded = first("riskGrades")["employer"]["id"].clone();
    let grades = app
        .data_as(
            Some(&city),
            "query($e: ID) { riskGrades(filter: { employer: $e }, first: 12) { edges { node { month } } } }",
            json!({ "e": graded }),
        )
        .await;
    let deadline = first("deadlines");
    let pages = [
        ("offers", offer["id"].clone()),
        ("agreements", agreement["id"].clone()),
        ("risk-cases", first("riskCases")["id"].clone()),
        ("layoff-plans", first("layoffPlans")["id"].clone()),
        ("evaluations", first("evaluations")["id"].clone()),
        (
            "campaign-summaries",
            first("campaigns")["summaries"][0]["id"].clone(),
        ),
        (
            "rectification-items",
            first("rectificationItems")["id"].clone(),
        ),
        ("warnings", first("warnings")["id"].clone()),
        ("health-checks", first("healthChecks")["id"].clone()),
        ("risk-bulletins", first("riskBulletins")["id"].clone()),
        ("campaigns", campaign.clone()),
        ("organizations", graded.clone()),
        ("deadlines", deadline["id"].clone()),
        ("harmony-titles", title["id"].clone()),
        (
            "evaluation-guides",
            all["evaluationGuides"][0]["id"].clone(),
        ),
    ];
    let mut browser = Browser::launch(&binary).await;
    sign_in(&mut browser, &app, "office-220100-officer").await;
    // The coverage report as a workbook, from the dashboard.
    let downloads = tempfile::tempdir().unwrap();
    browser.allow_downloads(downloads.path()).await;
    let coverage = download(
        &mut browser,
        "#export-coverage",
        downloads.path(),
        "示范单位覆盖情况",
        "xlsx",
    )
    .await;
    {
        use calamine::Reader;
        let book: calamine::Xlsx<_> = calamine::open_workbook(&coverage).unwrap();
        assert!(
            book.sheet_names().contains(&"按区域".to_owned()),
            "{:?}",
            book.sheet_names()
        );
    }
    for (collection, id) in &pages {
        let id = id
            .as_str()
            .unwrap_or_else(|| panic!("an id for {collection}: {all}"));
        let path = format!("/{collection}/{id}");
        browser.navigate(&app.url(&path)).await;
        browser
            .wait_for(&format!(
                "location.pathname === {path:?} && document.querySelector('main[data-ready]') !== null"
            ))
            .await;
        let main = browser
            .evaluate("({ ...document.querySelector('main').dataset, text: document.querySelector('main').innerText.slice(0, 200) })")
            .await;
        assert_eq!(main["ready"], "true", "{path}: {main}");
        assert_eq!(main["record"], id, "{path}");
        let rows = |table: &str| {
            format!(
                "Number(document.querySelector('table[data-table={table}]')?.dataset.rows ?? 0)"
            )
        };
        let count = |value: &Value| json!(value.as_array().unwrap().len());
        match *collection {
            "offers" => {
                assert!(count(&offer["sessions"]) != json!(0), "{offer}");
                assert_eq!(
                    browser.evaluate(&rows("sessions")).await,
                    count(&offer["sessions"])
                );
                assert_eq!(
                    browser.evaluate(&rows("disputes")).await,
                    count(&offer["disputes"])
                );
            }
            "agreements" => {
                for list in ["clauses", "versions", "filings"] {
                    assert_eq!(
                        browser.evaluate(&rows(list)).await,
                        count(&agreement[list]),
                        "{list}"
                    );
                }
                // Its clocks: those the API gives, each linking to the clock's page.
                let clocks: Vec<Value> = [
                    "filingDeadline",
                    "reviewDeadline",
                    "publicationDeadline",
                    "termDeadline",
                    "renewalDeadline",
                ]
                .iter()
                .filter_map(|c| agreement[*c]["id"].as_str().map(|id| json!(id)))
                .collect();
                assert!(!clocks.is_empty(), "{agreement}");
                let shown = browser
                    .evaluate("[...document.querySelectorAll('table[data-table=clocks] a[data-link]')].map(a => a.dataset.link)")
                    .await;
                assert_eq!(shown, json!(clocks));
            }
            "campaigns" => {
                assert_eq!(browser.evaluate(&rows("summaries")).await, json!(15));
                // The campaign's summaries as a workbook and as a document.
                let book = download(
                    &mut browser,
                    "[data-ledger=campaignSummaries]",
                    downloads.path(),
                    "专项行动工作总结汇总",
                    "xlsx",
                )
                .await;
                use calamine::Reader;
                let mut book: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
                let sent = book.worksheet_range("报送情况").unwrap();
                assert_eq!(sent.height(), 1 + 15, "a row per district office");
                download(
                    &mut browser,
                    "[data-document=CAMPAIGN_SUMMARIES]",
                    downloads.path(),
                    "专项行动工作总结汇总",
                    "docx",
                )
                .await;
            }
            "organizations" => {
                assert_eq!(
                    browser.evaluate(&rows("grades")).await,
                    count(&grades["riskGrades"]["edges"])
                );
                assert!(count(&grades["riskGrades"]["edges"]) != json!(0));
            }
            "deadlines" => {
                // The clock's page leads to the record it runs for.
                let subject = browser
                    .evaluate("document.querySelector('tr[data-field=事项] a').dataset.link")
                    .await;
                assert_eq!(subject, deadline["subjectId"]);
            }
            _ => {}
        }
        browser
            .keep_screenshot(&format!("record-{collection}"))
            .await;
    }
    let outside = browser.outside(&app.url("/"));
    assert!(outside.is_empty(), "{outside:?}");

    // A union's officer opening the pages of records it may not see (by
    // the API's answer to it) is told they are not there.
    let union = token(&app, "union-21-officer").await;
    let mut outsider = Browser::launch(&binary).await;
    sign_in(&mut outsider, &app, "union-21-officer").await;
    let mut refused = Vec::new();
    for (collection, id) in &pages {
        let answer = app
            .graphql_as(
                Some(&union),
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": id }),
            )
            .await;
        if answer["data"]["node"].is_null() {
            let path = format!("/{collection}/{}", id.as_str().unwrap());
            outsider.navigate(&app.url(&path)).await;
            outsider
                .wait_for(&format!(
                    "location.pathname === {path:?} && document.querySelector('main[data-ready]') !== null"
                ))
                .await;
            let text = outsider
                .evaluate("document.querySelector('main[data-ready=error]')?.textContent")
                .await;
            assert_eq!(text, "找不到该记录，或您无权查看。", "{path}");
            refused.push(*collection);
        }
    }
    assert!(refused.len() >= 5, "{refused:?}");
}
