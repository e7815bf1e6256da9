//! The command line: the published SDL, migrations, the demo loader, and
//! the runnable client examples.

use std::process::Command;

use serde_json::{Value, json};

use crate::support::{Backend, TestApp};
use crate::{authorization, on_both_backends};

fn xieshang() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xieshang"))
}

#[test]
fn the_published_sdl_matches_the_code() {
    let output = xieshang()
        .arg("schema")
        .output()
        .expect("run xieshang schema");
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    let published = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../schema/schema.graphql"
    ))
    .expect("schema/schema.graphql");
    assert!(
        printed == published,
        "schema/schema.graphql is stale: run `cargo run -- schema > schema/schema.graphql`"
    );
}

/// `xieshang` on a fresh data directory, without a database URL from the
/// environment, and what it printed.
fn run_in(
    data_dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (bool, String, String) {
    let output = xieshang()
        .args(args)
        .env("XIESHANG_DATA_DIR", data_dir)
        .env_remove("DATABASE_URL")
        .env_remove("XIESHANG_USER_PASSWORD")
        .env_remove("XIESHANG_ADMIN_PASSWORD")
        .env_remove("RUST_BACKTRACE")
        .envs(env.iter().copied())
        .output()
        .expect("run xieshang");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn migrate_prepares_the_database_for_the_first_operator() {
    let data_dir = tempfile::tempdir().unwrap();
    let (ok, stdout, stderr) = run_in(data_dir.path(), &["migrate"], &[]);
    assert!(ok, "{stderr}");
    assert!(data_dir.path().join("xieshang.sqlite").is_file());
    assert!(
        stdout.contains("the city office's administrator is `admin`"),
        "{stdout}"
    );
    // Logs to a pipe carry no colour codes.
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
    // The README's first command after `migrate` alone.
    let add = [
        "user",
        "add",
        "--login",
        "zhang.wei",
        "--name",
        "张伟",
        "--email",
        "zhang.wei@example.cn",
        "--organization",
        "长春市协调劳动关系三方委员会办公室",
    ];
    let (ok, stdout, stderr) = run_in(data_dir.path(), &add, &[]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("added zhang.wei"), "{stdout}");
    assert!(stdout.contains("password of zhang.wei: "), "{stdout}");
    assert!(
        !stdout.contains("administrator"),
        "the first start ran once: {stdout}"
    );
}

#[test]
fn the_command_line_says_what_went_wrong_in_a_sentence() {
    let data_dir = tempfile::tempdir().unwrap();
    // A bad email: refused before any password is made or printed.
    let bad = [
        "user",
        "add",
        "--login",
        "li.na",
        "--name",
        "李娜",
        "--email",
        "not an email",
    ];
    let (ok, stdout, stderr) = run_in(data_dir.path(), &bad, &[]);
    assert!(!ok);
    assert!(!stdout.contains("password of"), "{stdout}");
    assert!(stderr.starts_with("xieshang: email: "), "{stderr}");
    assert!(!stderr.contains("BadUserInput"), "{stderr}");
    let (ok, _, stderr) = run_in(
        data_dir.path(),
        &["user", "set-password", "--login", "nobody"],
        &[],
    );
    assert!(!ok);
    assert_eq!(stderr.trim(), "xieshang: no user has the login name nobody");
    // A database that refuses the connection: where, and why.
    let (ok, _, stderr) = run_in(
        data_dir.path(),
        &[
            "--database-url",
            "postgres://xieshang@127.0.0.1:1/xieshang",
            "migrate",
        ],
        &[],
    );
    assert!(!ok);
    assert!(
        stderr.contains("cannot connect to PostgreSQL at 127.0.0.1:1: ")
            && stderr.contains("Connection refused"),
        "{stderr}"
    );
    assert!(!stderr.contains("stack backtrace"), "{stderr}");
}

#[test]
fn on_a_busy_port_the_server_creates_nothing() {
    let data_dir = tempfile::tempdir().unwrap();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = busy.local_addr().unwrap().to_string();
    let (ok, _, stderr) = run_in(data_dir.path(), &["serve", "--bind", &address], &[]);
    assert!(!ok);
    assert!(
        stderr.contains(&format!("listening on {address}")),
        "{stderr}"
    );
    assert!(!data_dir.path().join("xieshang.sqlite").exists());
}

#[test]
fn only_serve_lists_the_servers_flags() {
    let data_dir = tempfile::tempdir().unwrap();
    let (ok, user_help, _) = run_in(data_dir.path(), &["user", "--help"], &[]);
    assert!(ok);
    assert!(user_help.contains("--data-dir"), "{user_help}");
    assert!(
        !user_help.contains("--bind") && !user_help.contains("--smtp-url"),
        "{user_help}"
    );
    let (ok, serve_help, _) = run_in(data_dir.path(), &["serve", "--help"], &[]);
    assert!(ok);
    assert!(
        serve_help.contains("--bind") && serve_help.contains("--smtp-url"),
        "{serve_help}"
    );
}

on_both_backends!(
    the_demo_city_is_loaded,
    the_demo_city_scales_through_the_demo_parts
);

async fn the_demo_city_is_loaded(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let query = "{ regions(first: 100) { totalCount } employers { totalCount }
                   associations: organizations(filter: { kinds: [EMPLOYER_ASSOCIATION] }) { totalCount }
                   offices: organizations(filter: { kinds: [TRIPARTITE_OFFICE] }) { totalCount } }";
    let data = app.data(query, json!({})).await;
    assert_eq!(data["regions"]["totalCount"], 16);
    assert_eq!(data["employers"]["totalCount"], 60);
    assert_eq!(data["associations"]["totalCount"], 3);
    assert_eq!(data["offices"]["totalCount"], 16);
    let district = app.data("{ regions(filter: { nameContains: \"南关\" }) { edges { node { code kind parent { code } } } } }", json!({})).await;
    assert_eq!(
        district["regions"]["edges"][0]["node"],
        json!({ "code": "220102", "kind": "DISTRICT", "parent": { "code": "220100" } })
    );
    demo_histories_agree_with_their_dates(&app).await;
}

/// Every demo contract that came into force did so before its term began,
/// after signing; a renewal begins the day after its predecessor ended;
/// every one in force has its renewal clock, met once renewal could be
/// proposed.
async fn demo_histories_agree_with_their_dates(app: &TestApp) {
    let query = "query($statuses: [AgreementStatus!]) {
        agreements(first: 100, filter: { kinds: [COLLECTIVE_CONTRACT, SPECIAL_CONTRACT], statuses: $statuses }) {
        totalCount nodes { title status termStartsOn termEndsOn signedAt effectiveAt endedAt
                renewalDeadline { status dueOn } predecessor { termEndsOn } } } }";
    let mut nodes = Vec::new();
    for statuses in [json!(["EFFECTIVE"]), json!(["EXPIRED", "RENEWED"])] {
        let data = app.data(query, json!({ "statuses": statuses })).await;
        let page = data["agreements"]["nodes"].as_array().unwrap();
        assert_eq!(data["agreements"]["totalCount"], page.len(), "one page");
        nodes.extend(page.iter().cloned());
    }
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    let day =
        |v: &Value| chrono::NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap();
    let instant = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let mut expiring_soon = 0;
    for node in &nodes {
        let (starts, ends) = (day(&node["termStartsOn"]), day(&node["termEndsOn"]));
        let (signed, effective) = (instant(&node["signedAt"]), instant(&node["effectiveAt"]));
        assert!(signed < effective, "{node}");
        assert!(
            effective.date_naive() <= starts,
            "in force before the term: {node}"
        );
        if let Some(previous) = node["predecessor"].get("termEndsOn") {
            assert_eq!(day(previous).succ_opt().unwrap(), starts, "{node}");
        }
        if node["status"] == "EFFECTIVE" {
            let renewal = &node["renewalDeadline"];
            assert!(renewal.is_object(), "{node}");
            if ends <= today + chrono::Duration::days(90) {
                expiring_soon += 1;
                assert_eq!(renewal["status"], "MET", "{node}");
            }
        } else {
            let ended = instant(&node["endedAt"]).with_timezone(&chrono_tz::Asia::Shanghai);
            assert_eq!(
                ended.date_naive(),
                ends.succ_opt().unwrap(),
                "ends with its term: {node}"
            );
        }
    }
    assert!(
        expiring_soon >= 10,
        "{expiring_soon} expiring within 90 days"
    );
}

/// What the city office, a district office, an association and an employer
/// each see of the main lists.
async fn counts(app: &TestApp) -> Value {
    let lists = "{ employers { totalCount } offers { totalCount } agreements { totalCount } }";
    let mut seen = json!({ "office": app.data(lists, json!({})).await });
    for login in [
        "office-220174-viewer",
        "association-3-viewer",
        "employer-01-viewer",
    ] {
        let token = authorization::token(app, login).await;
        seen[login] = app.data_as(Some(&token), lists, json!({})).await;
    }
    seen
}

async fn the_demo_city_scales_through_the_demo_parts(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let once = counts(&app).await;
    let output = app.cli(&["demo", "--scale", "3"], &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("at 3× (2 copies made now)"), "{stdout}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("3/3"));

    // Every viewer scoped by region or membership sees three times as much,
    // but a copied employer sees only its own.
    let thrice = counts(&app).await;
    assert_eq!(once["office"]["employers"]["totalCount"], 60);
    for (viewer, lists) in once.as_object().unwrap() {
        for (list, seen) in lists.as_object().unwrap() {
            let count = seen["totalCount"].as_i64().unwrap();
            let expected = if viewer.starts_with("employer") {
                count
            } else {
                count * 3
            };
            // Associations follow agreements, not offers.
            let follows = !(viewer.starts_with("association") && list == "offers");
            assert_eq!(count > 0, follows, "{viewer}: {list}");
            assert_eq!(
                thrice[viewer][list]["totalCount"], expected,
                "{viewer}: {list}"
            );
        }
    }

    // The 121st employer is the first employer's second copy, with its own
    // accounts, union, credit code and memberships.
    let token = authorization::token(&app, "employer-121-officer").await;
    let copy = authorization::own_organization(&app, &token).await;
    let query = "query($id: ID!) { node(id: $id) { ... on Organization { name
        region { code } grassrootsUnion { name } employerProfile { creditCode }
        associations { name } } } }";
    let original = app
        .data(
            "{ employers(first: 1) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let original_id = original["employers"]["edges"][0]["node"]["id"].clone();
    let original = app.data(query, json!({ "id": original_id })).await["node"].clone();
    let copy = app.data(query, json!({ "id": copy["id"] })).await["node"].clone();
    assert_eq!(original["name"], "长春华宇汽车零部件有限公司");
    assert_eq!(copy["name"], "长春华宇汽车零部件有限公司（3）");
    assert_eq!(
        copy["grassrootsUnion"]["name"],
        "长春华宇汽车零部件有限公司（3）工会委员会"
    );
    assert_eq!(copy["region"], original["region"]);
    assert_eq!(copy["associations"], original["associations"]);
    assert_ne!(
        copy["employerProfile"]["creditCode"],
        original["employerProfile"]["creditCode"]
    );
    assert!(authorization::token(&app, "union-180-viewer").await.len() > 10);

    // The copies counted their employers for coverage once per copy, as
    // every write of a mutation would have: counting all anew corrects none.
    let recount = app.cli(&["recount"], &[]);
    let said = String::from_utf8_lossy(&recount.stdout);
    assert!(said.contains("tallies corrected: 0"), "{said}");

    // Asking again for what is there makes nothing.
    let again = app.cli(&["demo", "--scale", "2"], &[]);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("(0 copies made now)"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert_eq!(counts(&app).await, thrice);
}

/// Runs a client example against `app`, returning what it printed; `None`
/// when this machine has no Python 3 (CI always has it).
pub fn run_example(app: &TestApp, script: &str, args: &[&str]) -> Option<String> {
    if Command::new("python3").arg("--version").output().is_err() {
        assert!(
            std::env::var("CI").is_err(),
            "CI needs python3 for the client examples"
        );
        eprintln!("python3 is not installed: skipping the client example");
        return None;
    }
    let script = format!("{}/../client-examples/{script}", env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("python3")
        .arg(script)
        .args(["--server", &app.address])
        .args(args)
        .output()
        .expect("run python3");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(stdout)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_client_example_lists_the_employers_of_a_district() {
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--demo"]).await;
    let Some(stdout) = run_example(
        &app,
        "list_district_employers.py",
        &["--district", "220174"],
    ) else {
        return;
    };
    assert!(stdout.contains("长春汽车经济技术开发区"), "{stdout}");
    assert!(stdout.contains("长春华宇汽车零部件有限公司"), "{stdout}");
    assert!(
        !stdout.contains("长春顺达物流有限公司"),
        "an employer of another district: {stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_client_example_walks_an_offer_to_a_memorandum() {
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--demo"]).await;
    let employers = app
        .data(
            "{ employers(filter: { nameContains: \"清源水务\" }) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let memoranda = || async {
        let query = "query($e: ID) { offers(filter: { employer: $e, statuses: [CONCLUDED] }) { edges { node { outcome } } } }";
        let employer = &employers["employers"]["edges"][0]["node"]["id"];
        let offers = app.data(query, json!({ "e": employer })).await;
        offers["offers"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["node"]["outcome"] == "MEMORANDUM")
            .count()
    };
    let before = memoranda().await;
    let Some(stdout) = run_example(&app, "union_offer_journey.py", &[]) else {
        return;
    };
    assert!(
        stdout.contains("1. offer to 长春清源水务有限公司: ISSUED"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2. employer-21-officer answers: ACCEPTED, reply deadline MET"),
        "{stdout}"
    );
    assert!(
        stdout.contains("chaired by WORKERS") && stdout.contains("chaired by EMPLOYER"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("5. CONCLUDED with a MEMORANDUM\n"),
        "{stdout}"
    );
    assert_eq!(
        memoranda().await,
        before + 1,
        "the server holds the new memorandum"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_client_example_tracks_an_associations_agreements() {
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--demo"]).await;
    let Some(stdout) = run_example(&app, "association_tracking.py", &["--days", "90"]) else {
        return;
    };
    let association = "association-1-officer";
    let token = app
        .login(association, crate::support::DEMO_PASSWORD)
        .await
        .unwrap();
    let id = app
        .data_as(
            Some(&token),
            "{ viewer { actingOrganizations { id } } }",
            json!({}),
        )
        .await["viewer"]["actingOrganizations"][0]["id"]
        .clone();
    let query = "query($id: ID!) { associationAgreementTotals(association: $id) { effective expiringWithin90Days } }";
    let totals = app.data_as(Some(&token), query, json!({ "id": id })).await;
    let totals = &totals["associationAgreementTotals"];
    assert!(
        stdout.contains(&format!(
            "1. 30 members: {} agreements in force, {} expiring within 90 days",
            totals["effective"], totals["expiringWithin90Days"]
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "2. {} agreements in force expire within 90 days:",
            totals["expiringWithin90Days"]
        )),
        "{stdout}"
    );
    // The review's 15 days end on a working day, so the days left follow the calendar.
    let filed = app
        .data_as(
            Some(&token),
            "query($id: ID!) { agreements(filter: { association: $id, statuses: [FILED] }, first: 1) { edges { node { title latestFiling { daysLeft } } } } }",
            json!({ "id": id }),
        )
        .await;
    let filed = &filed["agreements"]["edges"][0]["node"];
    let days_left = filed["latestFiling"]["daysLeft"].as_i64().unwrap();
    assert!((15..=22).contains(&days_left), "{filed}");
    let line = format!("   {}: under review by ", filed["title"].as_str().unwrap());
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with(&line) && l.ends_with(&format!(", {days_left} days left"))),
        "{stdout}"
    );
    assert!(stdout.contains("objected by "), "{stdout}");
    // Another kind of organization's login gets a sentence, not a traceback.
    let script = format!(
        "{}/../client-examples/association_tracking.py",
        env!("CARGO_MANIFEST_DIR")
    );
    let refused = Command::new("python3")
        .arg(script)
        .args(["--server", &app.address, "--login", "union-21-officer"])
        .output()
        .expect("run python3");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        stderr.contains("union-21-officer does not act for an employer association")
            && !stderr.contains("Traceback"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_client_example_prints_the_city_offices_risk_ledger() {
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--demo"]).await;
    let Some(stdout) = run_example(&app, "city_risk_ledger.py", &[]) else {
        return;
    };
    let token = app
        .login("office-220100-officer", crate::support::DEMO_PASSWORD)
        .await
        .unwrap();
    let open = "{ riskTotals(filter: { statuses: [REPORTED, ASSESSED, RESOLVING] }) { cases } }";
    let cases = app.data_as(Some(&token), open, json!({})).await["riskTotals"]["cases"].clone();
    assert!(
        cases.as_i64().unwrap() >= 9,
        "the demo's open cases: {cases}"
    );
    assert!(
        stdout.contains(&format!("1. {cases} open cases")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "2. The ledger, first to act on at the top ({cases}):"
        )),
        "{stdout}"
    );
    // The demo's reported case, whose form is late, is overdue; and it
    // heads the ledger, its form having been due two days ago.
    let overdue = "{ riskTotals(filter: { statuses: [REPORTED, ASSESSED, RESOLVING], overdue: true }) { cases } }";
    let overdue =
        app.data_as(Some(&token), overdue, json!({})).await["riskTotals"]["cases"].clone();
    assert!(overdue.as_i64().unwrap() >= 1, "{overdue}");
    let heading = format!("3. {overdue} cases with an overdue form or urgent report:");
    assert!(stdout.contains(&heading), "{stdout}");
    assert!(
        stdout.contains("STOPPAGE REPORTED level -, tracker -; form MISSED"),
        "{stdout}"
    );
    let ledger = stdout.split("2. The ledger").nth(1).unwrap();
    assert!(
        ledger.lines().nth(1).unwrap().contains("STOPPAGE REPORTED"),
        "{stdout}"
    );
    // The rectification list: the demo's open and reported lines, the
    // reported one with its met clock.
    let listed = "{ rectificationItems(filter: { statuses: [OPEN, DONE] }) { totalCount } }";
    let listed =
        app.data_as(Some(&token), listed, json!({})).await["rectificationItems"]["totalCount"]
            .clone();
    assert!(listed.as_i64().unwrap() >= 4, "{listed}");
    assert!(
        stdout.contains(&format!(
            "5. The rectification list: {listed} items not yet verified:"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "一线月加班超过36小时 → 调整排班，增加一班次人员 (生产管理部) DONE, clock MET"
        ),
        "{stdout}"
    );
    // The demo's late report has its credit reminder and interview date.
    let reminders = "{ riskCases(filter: { statuses: [REPORTED] }) { edges { node { creditReminders { fault interviewAt } } } } }";
    let reported = app.data_as(Some(&token), reminders, json!({})).await;
    let faults: Vec<&Value> = reported["riskCases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["node"]["creditReminders"].as_array().unwrap())
        .collect();
    assert_eq!(faults.len(), 1, "{reported}");
    assert_eq!(faults[0]["fault"], "LATE");
    assert!(faults[0]["interviewAt"].is_string());
    // The level 1 warning is in force; the lifted level 2 one is not listed.
    assert!(stdout.contains("4. 1 warnings in force:"), "{stdout}");
    assert!(stdout.contains("LEVEL_1 "), "{stdout}");
    assert!(!stdout.contains("全市建筑业欠薪风险预警"), "{stdout}");
}
