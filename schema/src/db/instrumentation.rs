//! Counts the SQL statements every connection runs (the tests compare counts
//! to prove that lists are batched), and logs slow ones.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::{Instrumentation, InstrumentationEvent};

static STATEMENTS: AtomicU64 = AtomicU64::new(0);
static SLOW_MILLIS: AtomicU64 = AtomicU64::new(200);
static RECORDING: AtomicBool = AtomicBool::new(false);
static RECENT: Mutex<VecDeque<String>> = Mutex::new(VecDeque::new());
/// Statement texts kept while recording; older ones are dropped.
const RECENT_CAP: usize = 1000;

/// The pool's liveness pings and each new connection's settings: they depend
/// on which connection a request happens to get, not on what it asks.
fn is_housekeeping(sql: &str) -> bool {
    let sql = sql.trim_start().to_ascii_uppercase();
    let ping = sql.starts_with("SELECT") && !sql.contains(" FROM ") && sql.len() < 48;
    ping || sql.starts_with("PRAGMA") || sql.starts_with("SET ")
}

/// Query statements run by every connection of this process so far, not
/// counting the pool's pings and connection settings.
pub fn statements() -> u64 {
    STATEMENTS.load(Ordering::Relaxed)
}

/// The texts of the statements run since the last call (at most the last
/// 1,000, with their binds after ` -- binds:`), and from now on records
/// them: for the tests that check the plans of what the server runs. Off
/// until first asked for, so a server that nobody asks pays nothing.
pub fn recent_statements() -> Vec<String> {
    RECORDING.store(true, Ordering::Relaxed);
    RECENT
        .lock()
        .map(|mut recent| recent.drain(..).collect())
        .unwrap_or_default()
}

#[derive(Default)]
struct Watch {
    started: Option<Instant>,
}

impl Instrumentation for Watch {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { query, .. } => {
                let sql = query.to_string();
                if !is_housekeeping(&sql) {
                    STATEMENTS.fetch_add(1, Ordering::Relaxed);
                    tracing::trace!(%sql, "statement");
                    if RECORDING.load(Ordering::Relaxed)
                        && let Ok(mut recent) = RECENT.lock()
                    {
                        if recent.len() == RECENT_CAP {
                            recent.pop_front();
                        }
                        recent.push_back(sql);
                    }
                }
                self.started = Some(Instant::now());
            }
            InstrumentationEvent::FinishQuery { query, .. } => {
                let elapsed = self.started.take().map(|t| t.elapsed()).unwrap_or_default();
                if elapsed >= Duration::from_millis(SLOW_MILLIS.load(Ordering::Relaxed)) {
                    tracing::warn!(elapsed_ms = elapsed.as_millis() as u64, %query, "slow query");
                }
            }
            _ => {}
        }
    }
}

/// Watches every connection opened from now on; queries slower than `slow` are logged.
pub fn install(slow: Duration) {
    SLOW_MILLIS.store(slow.as_millis() as u64, Ordering::Relaxed);
    if let Err(error) =
        diesel::connection::set_default_instrumentation(|| Some(Box::new(Watch::default())))
    {
        tracing::warn!(%error, "cannot watch database statements");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_table_is_counted() {
        let declared = include_str!("tables.rs");
        let names: Vec<&str> = declared
            .split("diesel::table! {")
            .skip(1)
            .filter_map(|block| block.split_whitespace().next())
            .collect();
        assert!(names.len() > 40, "{names:?}");
        let missing: Vec<&&str> = names
            .iter()
            .filter(|n| !super::TABLES.contains(n))
            .collect();
        assert!(missing.is_empty(), "not counted: {missing:?}");
    }

    #[test]
    fn pings_and_settings_are_housekeeping() {
        assert!(super::is_housekeeping("SELECT 1"));
        assert!(super::is_housekeeping("SELECT ? -- binds: [I32(1)]"));
        assert!(super::is_housekeeping("SELECT $1 -- binds: [1]"));
        assert!(super::is_housekeeping("PRAGMA busy_timeout = 30000"));
        assert!(super::is_housekeeping("SET statement_timeout = 30000"));
        assert!(!super::is_housekeeping(
            "SELECT \"offers\".\"id\" FROM \"offers\""
        ));
    }
}

/// The tables whose rows [`row_counts`] counts: every table of the schema.
const TABLES: &[&str] = &[
    "regions",
    "organizations",
    "employer_profiles",
    "association_members",
    "seed_runs",
    "installation",
    "users",
    "sessions",
    "exports",
    "text_confirmations",
    "memberships",
    "invitations",
    "audit_entries",
    "login_throttles",
    "events",
    "event_organizations",
    "notifications",
    "notification_preferences",
    "deadlines",
    "deadline_organizations",
    "calendar_days",
    "holiday_notices",
    "campaigns",
    "offers",
    "representatives",
    "bargaining_sessions",
    "bargaining_disputes",
    "offer_rules",
    "agreements",
    "agreement_employers",
    "agreement_versions",
    "agreement_comments",
    "workers_congress_votes",
    "agreement_reviews",
    "agreement_rules",
    "risk_cases",
    "risk_case_items",
    "risk_reports",
    "risk_forms",
    "risk_follow_ups",
    "risk_case_links",
    "warnings",
    "warning_regions",
    "warning_employers",
    "warning_cases",
    "risk_upward_reports",
    "risk_rules",
    "headcount_returns",
    "credit_reminders",
    "health_checks",
    "health_check_visitors",
    "health_check_findings",
    "rectification_items",
    "risk_bulletins",
    "bulletin_authorizations",
    "risk_signals",
    "risk_rule_sets",
    "risk_grades",
    "wage_rates",
    "layoff_rules",
    "layoff_plans",
    "layoff_plan_revisions",
    "layoff_workers",
    "layoff_posts",
    "layoff_terminations",
    "layoff_services",
    "layoff_hirings",
    "layoff_rehire_notices",
    "evaluation_guides",
    "bargaining_evaluations",
    "evaluation_scores",
    "evaluation_surveys",
    "evaluation_links",
    "harmony_titles",
    "coverage_counted",
    "coverage_tallies",
    "campaign_summaries",
];

/// The tables whose versions [`row_counts`] sums.
const VERSIONED: &[&str] = &[
    "organizations",
    "offers",
    "agreements",
    "risk_cases",
    "warnings",
    "health_checks",
    "rectification_items",
    "risk_bulletins",
    "layoff_plans",
    "evaluation_guides",
    "bargaining_evaluations",
    "harmony_titles",
    "campaign_summaries",
];

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// How many rows each table holds, with the highest version of the
/// versioned ones: tests compare two of these to show a refused call
/// changed nothing.
pub async fn row_counts(
    conn: &mut super::Conn<'_>,
) -> diesel::QueryResult<std::collections::BTreeMap<String, i64>> {
    use diesel_async::RunQueryDsl;
    let mut counts = std::collections::BTreeMap::new();
    for table in TABLES {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        let count: Count = crate::on!(conn, |c| diesel::sql_query(&sql).get_result(c).await)?;
        counts.insert((*table).to_owned(), count.n);
    }
    for table in VERSIONED {
        let sql = format!("SELECT COALESCE(SUM(version), 0) AS n FROM {table}");
        let count: Count = crate::on!(conn, |c| diesel::sql_query(&sql).get_result(c).await)?;
        counts.insert(format!("{table}.versions"), count.n);
    }
    Ok(counts)
}
