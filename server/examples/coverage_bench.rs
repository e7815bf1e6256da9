//! The coverage report over a large city: loads the demo into the database
//! (through `xieshang demo`), adds N generated employers (100,000 by
//! default) with profiles, titles at every level (some revoked or
//! expired), evaluations in every state and contracts in force or expired,
//! by bulk SQL, and counts them (`xieshang recount`, as rows written
//! outside the API must be); then starts `xieshang serve` on it and times,
//! from this client over HTTP, the city office's whole report (right after
//! a change, when the census is read anew, and between changes), one
//! industry section of it, and a district office's report, printing the
//! percentiles and what the report counted.
//!
//!     cargo build --release --bin xieshang --example coverage_bench
//!     ./target/release/examples/coverage_bench sqlite:///tmp/coverage.sqlite3 [employers=100000] [rounds=50]
//!     ./target/release/examples/coverage_bench postgres://user@host/db
//!
//! The database should be empty or one this benchmark filled before (the
//! generated employers are added once; a second run only times).

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use xieshang_schema::db::diesel_async::SimpleAsyncConnection;
use xieshang_schema::db::{Conn, Database, DbSettings};

use common::{graphql, login, percentile};

/// Every field of the report, as an office's page would ask for it.
const REPORT: &str = "query($region: ID, $section: IndustrySection) {
  coverageReport(region: $region, year: 2026, industrySection: $section) {
    year asOf
    total { ...line }
    byRegion { region { code name } ...line }
    byIndustry { industrySection ...line }
    notCoveredCount
    notCovered { employer { id name } industrySection evaluated contractInForce }
    evaluations { byStatus { status count } byGrade { grade count } typical model }
  }
}
fragment line on CoverageLine {
  titledEmployers evaluated evaluatedWithContract modelCoverage fullCoverage
  employers employersCovered workers workersCovered workerCoverage employerCoverage
}";

/// The generated employers are named with this, so that a second run finds them.
const PREFIX: &str = "基准企业";

/// The SQL adding `employers` generated employers under the demo city's
/// districts: profiles, titles (about 3%), evaluations (about two thirds of
/// the titled and 2% of the rest) and contracts (about 40%; a quarter of
/// them expired). PostgreSQL's literals of dates and times are typed.
fn generation(employers: u32, postgres: bool) -> String {
    let (at, day) = if postgres {
        ("TIMESTAMP '2026-01-15 09:00:00'", "DATE ")
    } else {
        ("'2026-01-15 09:00:00'", "")
    };
    let ours = format!("o.kind = 'EMPLOYER' AND o.name LIKE '{PREFIX}%'");
    format!(
        "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {employers}),
districts AS (
  SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM regions
  WHERE parent_id = (SELECT id FROM regions WHERE code = '220100')
)
INSERT INTO organizations (kind, name, region_id, version, created_at, updated_at)
SELECT 'EMPLOYER', '{PREFIX}' || n.i, d.id, 1, {at}, {at}
FROM n JOIN districts d ON d.k = n.i % (SELECT COUNT(*) FROM districts);

INSERT INTO employer_profiles (organization_id, credit_code, legal_representative,
  industry_section, industry_division, headcount, address, operating_status)
SELECT o.id, '91' || (1000000000000000 + o.id), '王某',
  substr('ABCDEFGHIJKLMNOPQRST', CAST(o.id % 20 AS INTEGER) + 1, 1), '13',
  CAST(5 + (o.id * 37) % 800 AS INTEGER), '长春市某街道', 'OPERATING'
FROM organizations o WHERE {ours};

INSERT INTO harmony_titles (employer_id, region_id, title, level, year, named_by, document,
  valid_until, revoked_at, revocation_reason, version, created_at, updated_at)
SELECT o.id, o.region_id, '劳动关系和谐企业',
  CASE (o.id / 33) % 4 WHEN 0 THEN 'DISTRICT' WHEN 1 THEN 'CITY' WHEN 2 THEN 'PROVINCE' ELSE 'NATIONAL' END,
  2024, '长春市协调劳动关系三方委员会', '长劳三方〔2024〕1号',
  CASE WHEN o.id % 7 = 0 THEN {day}'2025-12-31' ELSE {day}'2027-12-31' END,
  CASE WHEN o.id % 10 = 0 THEN {at} END, CASE WHEN o.id % 10 = 0 THEN '复查不合格' END,
  1, {at}, {at}
FROM organizations o WHERE {ours} AND o.id % 33 = 0;

INSERT INTO bargaining_evaluations (employer_id, region_id, year, guide_id, status, total,
  grade, submitted_at, returned_at, return_reason, confirmed_at, confirmed_by_id,
  confirmed_total, confirmed_grade, filed_at, filed_with_id, receipt_number,
  nomination, nominated_at, version, created_at, updated_at)
SELECT o.id, o.region_id, 2024 + CAST((o.id / 7) % 3 AS INTEGER),
  (SELECT MIN(id) FROM evaluation_guides WHERE status = 'PUBLISHED'),
  CASE o.id % 5 WHEN 0 THEN 'DRAFT' WHEN 1 THEN 'SUBMITTED' WHEN 2 THEN 'RETURNED'
    WHEN 3 THEN 'CONFIRMED' ELSE 'FILED' END,
  CAST(600 + o.id % 400 AS INTEGER), '良好',
  CASE WHEN o.id % 5 <> 0 THEN {at} END,
  CASE WHEN o.id % 5 = 2 THEN {at} END, CASE WHEN o.id % 5 = 2 THEN '佐证材料不全' END,
  CASE WHEN o.id % 5 >= 3 THEN {at} END,
  CASE WHEN o.id % 5 >= 3 THEN (SELECT MIN(id) FROM organizations WHERE kind = 'TRIPARTITE_OFFICE') END,
  CASE WHEN o.id % 5 >= 3 THEN CAST(600 + o.id % 400 AS INTEGER) END,
  CASE WHEN o.id % 5 >= 3 THEN CASE WHEN o.id % 400 >= 300 THEN '优秀' ELSE '良好' END END,
  CASE WHEN o.id % 5 = 4 THEN {at} END,
  CASE WHEN o.id % 5 = 4 THEN (SELECT MIN(id) FROM organizations WHERE kind = 'TRIPARTITE_OFFICE') END,
  CASE WHEN o.id % 5 = 4 THEN '评基准-' || o.id END,
  CASE WHEN o.id % 5 = 4 AND o.id % 4 = 0 THEN 'TYPICAL' WHEN o.id % 5 = 4 AND o.id % 4 = 1 THEN 'MODEL' END,
  CASE WHEN o.id % 5 = 4 AND o.id % 4 IN (0, 1) THEN {at} END,
  1, {at}, {at}
FROM organizations o
WHERE {ours} AND ((o.id % 33 = 0 AND (o.id / 33) % 3 <> 0) OR o.id % 50 = 7);

INSERT INTO agreements (kind, title, workers_party_id, employer_party_id, region_id,
  workers_covered, term_starts_on, term_ends_on, status, text_version, next_clause_key,
  effective_at, version, created_at, updated_at)
SELECT 'COLLECTIVE_CONTRACT', '{PREFIX}集体合同',
  (SELECT MIN(id) FROM organizations WHERE kind = 'UNION'), o.id, o.region_id,
  NULL, {day}'2025-01-01', {day}'2027-12-31',
  CASE WHEN o.id % 4 = 0 THEN 'EXPIRED' ELSE 'EFFECTIVE' END, 1, 1, {at}, 1, {at}, {at}
FROM organizations o WHERE {ours} AND (o.id / 7) % 5 IN (0, 1);

INSERT INTO agreement_employers (agreement_id, employer_id)
SELECT id, employer_party_id FROM agreements WHERE title = '{PREFIX}集体合同';

INSERT INTO seed_runs (name, loaded_at) VALUES ('coverage-bench', {at});
"
    )
}

fn xieshang(database_url: &str) -> Command {
    let me = std::env::current_exe().expect("the benchmark's path");
    let binary = me
        .parent()
        .and_then(|examples| examples.parent())
        .map(|dir| dir.join("xieshang"))
        .expect("target directory");
    assert!(
        binary.exists(),
        "{} is missing: cargo build --release --bin xieshang first",
        binary.display()
    );
    let mut command = Command::new(binary);
    command
        .env("DATABASE_URL", database_url)
        .env("XIESHANG_RATE_PER_SECOND", "100000")
        .env("XIESHANG_RATE_BURST", "100000")
        .env("XIESHANG_LOG_FORMAT", "json")
        .env("RUST_LOG", "warn");
    command
}

/// Whether the generated employers are there; adds them when not.
async fn fill(database_url: &str, employers: u32) {
    let status = xieshang(database_url)
        .arg("demo")
        .stdout(Stdio::null())
        .status()
        .expect("xieshang demo");
    assert!(status.success(), "xieshang demo failed");
    let db = Database::open(&DbSettings {
        url: database_url.to_owned(),
        max_connections: 1,
        statement_timeout: Duration::from_secs(600),
    })
    .await
    .expect("the database");
    let mut pooled = db.get().await.expect("a connection");
    let started = Instant::now();
    let outcome = match pooled.conn() {
        Conn::Postgres(c) => {
            let sql = format!("BEGIN; {} COMMIT; ANALYZE;", generation(employers, true));
            c.batch_execute(&sql).await
        }
        Conn::Sqlite(c) => {
            let sql = format!("BEGIN; {} COMMIT;", generation(employers, false));
            c.batch_execute(&sql).await
        }
    };
    match outcome {
        Ok(()) => {
            println!(
                "generated {employers} employers in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            // Rows written by SQL, outside the API: counted by `recount`.
            let status = xieshang(database_url)
                .arg("recount")
                .status()
                .expect("xieshang recount");
            assert!(status.success(), "xieshang recount failed");
        }
        // The seed run's key is taken: generated by an earlier run.
        Err(e) if e.to_string().contains("seed_runs") || e.to_string().contains("UNIQUE") => {
            println!("the generated employers are there from an earlier run")
        }
        Err(e) => panic!("generating: {e}"),
    }
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let database_url = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "sqlite:///tmp/xieshang-coverage-bench.sqlite3".to_owned());
    let employers: u32 = args
        .get(2)
        .map_or(100_000, |n| n.parse().expect("employers"));
    let rounds: usize = args.get(3).map_or(50, |n| n.parse().expect("rounds"));
    fill(&database_url, employers).await;

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let server = format!("http://127.0.0.1:{port}");
    let _running = Server(
        xieshang(&database_url)
            .arg("serve")
            .env("XIESHANG_BIND", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .spawn()
            .expect("xieshang serve"),
    );
    let client = reqwest::Client::new();
    let ready = Instant::now();
    while client.get(format!("{server}/health")).send().await.is_err() {
        assert!(
            ready.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let city = login(&client, &server, "office-220100-viewer").await;
    let district = login(&client, &server, "office-220102-viewer").await;
    // After a change, the census (tallies, titled employers, evaluations)
    // is read anew; between changes, a report is made from the kept one.
    let change = "mutation { markNotificationsRead(input: { all: true }) { userErrors { code } } }";
    let cases = [
        ("city, whole, after a change", &city, json!({}), true),
        ("city, whole", &city, json!({}), false),
        ("city, section C", &city, json!({ "section": "C" }), false),
        ("district 220102", &district, json!({}), false),
    ];
    println!("{database_url}: {rounds} rounds each, after 5 unmeasured");
    println!("| report | employers | titled | not covered | p50 ms | p95 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, token, variables, after_change) in cases {
        let mut last = Value::Null;
        for _ in 0..5 {
            last = graphql(&client, &server, Some(token), REPORT, variables.clone()).await;
        }
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            if after_change {
                graphql(&client, &server, Some(token), change, json!({})).await;
            }
            let sent = Instant::now();
            last = graphql(&client, &server, Some(token), REPORT, variables.clone()).await;
            times.push(sent.elapsed());
        }
        times.sort();
        assert!(last.get("errors").is_none(), "{last:#}");
        let report = &last["data"]["coverageReport"];
        println!(
            "| {name} | {} | {} | {} | {:.1} | {:.1} | {:.1} |",
            report["total"]["employers"],
            report["total"]["titledEmployers"],
            report["notCoveredCount"],
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(times[times.len() - 1]),
        );
    }
}
