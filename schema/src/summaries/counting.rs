//! Counts a summary's figures: the records of a region subtree selected by
//! the campaign's period, tallied by the pure rules of [`super::figures`].
//! Every record of the subtree counts, whoever asks: only the offices of
//! the district and above may read a summary, and they see all of it.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDateTime};

use super::figures::SummaryFigures;
use super::figures::{self, AgreementFacts, CaseFacts, EvaluationFigures, ItemFacts, Period};
use super::storage;
use crate::agreements::storage::{self as agreements, AgreementFilter};
use crate::agreements::visibility::AgreementVisible;
use crate::db::Conn;
use crate::deadlines::counting::local_date;
use crate::evaluation::coverage::{self, Census};
use crate::evaluation::kinds::EvaluationStatus;
use crate::graphql::errors::TxError;
use crate::offers::storage as offers;
use crate::organizations::storage::{RegionRow, all_regions};

/// Every region, by id, as [`figures`] takes them.
pub async fn regions(conn: &mut Conn<'_>) -> Result<HashMap<i64, RegionRow>, TxError> {
    Ok(all_regions(conn)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect())
}
use crate::risk::kinds::RiskStatus;

/// The figures of the region `root_id` and its subtree over `period`,
/// with the coverage of `census` (`regions`: every region, by id).
pub async fn figures(
    conn: &mut Conn<'_>,
    census: &Census,
    regions: &HashMap<i64, RegionRow>,
    root_id: i64,
    period: Period,
    now: NaiveDateTime,
) -> Result<SummaryFigures, TxError> {
    let root = regions
        .get(&root_id)
        .cloned()
        .ok_or(crate::graphql::errors::ApiError::NotFound)?;
    let subtree: Vec<i64> = regions
        .values()
        .filter(|r| r.path.starts_with(&root.path))
        .map(|r| r.id)
        .collect();

    let issued = storage::offers_issued(conn, &subtree, &period).await?;
    let ids: Vec<i64> = issued.iter().map(|o| o.id).collect();
    let overdue: HashSet<i64> = offers::overdue_among(conn, &ids)
        .await?
        .into_iter()
        .collect();
    let outcomes = storage::negotiations_concluded(conn, &subtree, &period).await?;

    let filter = AgreementFilter {
        region_ids: Some(subtree.clone()),
        ..AgreementFilter::default()
    };
    let rows =
        agreements::agreements_filtered(conn, &filter, &AgreementVisible::Everything).await?;
    let ids: Vec<i64> = rows.iter().map(|a| a.id).collect();
    let mut filings: HashMap<i64, Vec<NaiveDateTime>> = HashMap::new();
    for review in agreements::reviews_of(conn, &ids).await? {
        filings
            .entry(review.agreement_id)
            .or_default()
            .push(review.filed_at);
    }
    let facts: Vec<AgreementFacts> = rows
        .into_iter()
        .map(|a| AgreementFacts {
            kind: a.kind,
            workers_signed_at: a.workers_signed_at,
            employer_signed_at: a.employer_signed_at,
            filed_at: filings.remove(&a.id).unwrap_or_default(),
            effective_at: a.effective_at,
            ended_at: a.ended_at,
            workers_covered: a.workers_covered,
        })
        .collect();

    let received = storage::cases_received(conn, &subtree, &period).await?;
    let ids: Vec<i64> = received.iter().map(|(id, ..)| *id).collect();
    let mut items: HashMap<i64, Vec<_>> = HashMap::new();
    for (case, item) in crate::risk::storage::items_of(conn, &ids).await? {
        items.entry(case).or_default().push(item);
    }
    let cases: Vec<CaseFacts> = received
        .into_iter()
        .map(|(id, level, outcome, status)| CaseFacts {
            items: items.remove(&id).unwrap_or_default(),
            level,
            outcome,
            closed: status == RiskStatus::Closed,
        })
        .collect();
    let last = local_date((period.until - Duration::seconds(1)).and_utc());
    let first = local_date(period.from.and_utc());
    let checks = storage::health_checks_made(conn, &subtree, (first, last)).await?;
    let added: Vec<ItemFacts> = storage::items_added(conn, &subtree, &period)
        .await?
        .into_iter()
        .map(|(status, due_at)| ItemFacts { status, due_at })
        .collect();
    let plans = storage::layoff_plans_made(conn, &subtree, &period).await?;

    let report = coverage::report(census, regions, root, last.year(), last, None);
    let filed = |s: &&coverage::StatusCount| s.status == EvaluationStatus::Filed;
    let line = report.total;
    Ok(SummaryFigures {
        offers: figures::offers(&issued, &overdue),
        negotiations: figures::negotiations(&outcomes),
        agreements: figures::agreements(&facts, &period),
        risk: figures::risk(
            &cases,
            usize::try_from(checks).unwrap_or_default(),
            &added,
            now,
        ),
        layoffs: figures::layoffs(&plans),
        evaluation: EvaluationFigures {
            year: report.year,
            evaluations: report.evaluations.by_status.iter().map(|s| s.count).sum(),
            filed: report
                .evaluations
                .by_status
                .iter()
                .filter(filed)
                .map(|s| s.count)
                .sum(),
            typical_units: report.evaluations.typical,
            model_units: report.evaluations.model,
            titled_employers: line.titled_employers,
            evaluated: line.evaluated,
            evaluated_with_contract: line.evaluated_with_contract,
            employers: line.employers,
            employers_covered: line.employers_covered,
            workers: line.workers,
            workers_covered: line.workers_covered,
        },
    })
}
