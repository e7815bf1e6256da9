//! Storage of campaign summaries, and the selections their figures count.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::SummaryStatus;
use super::visibility::SummaryVisible;
use crate::db::Conn;
use crate::db::tables::{
    campaign_summaries, health_checks, layoff_plans, offers, organizations, rectification_items,
    risk_cases,
};
use crate::layoffs::kinds::LayoffStatus;
use crate::offers::kinds::{NegotiationOutcome, OfferStatus};
use crate::offers::storage::OfferRow;
use crate::organizations::kinds::OrganizationKind;
use crate::risk::kinds::{RectificationStatus, RiskOutcome, RiskStatus, WarningLevel};
use crate::summaries::figures::Period;
use crate::{on, update_at_version};

/// A district office's summary of a campaign.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = campaign_summaries, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct SummaryRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub campaign_id: i64,
    pub office_id: i64,
    pub region_id: i64,
    pub status: SummaryStatus,
    pub due_on: NaiveDate,
    pub work_done: String,
    pub experience: String,
    pub typical_cases: String,
    pub problems: String,
    pub causes: String,
    pub next_steps: String,
    pub figures: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub submitted_by: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of a summary.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = campaign_summaries)]
pub struct SummaryChanges {
    pub status: Option<SummaryStatus>,
    pub due_on: Option<NaiveDate>,
    pub work_done: Option<String>,
    pub experience: Option<String>,
    pub typical_cases: Option<String>,
    pub problems: Option<String>,
    pub causes: Option<String>,
    pub next_steps: Option<String>,
    pub figures: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub submitted_by: Option<String>,
}

/// Inserts the summary of its campaign and office, or, when a request
/// running at the same time inserted it first, reads that one.
pub async fn insert_summary(conn: &mut Conn<'_>, row: &SummaryRow) -> QueryResult<SummaryRow> {
    let inserted = on!(conn, |c| diesel::insert_into(campaign_summaries::table)
        .values(row)
        .on_conflict((
            campaign_summaries::campaign_id,
            campaign_summaries::office_id
        ))
        .do_nothing()
        .returning(SummaryRow::as_returning())
        .get_result(c)
        .await
        .optional())?;
    match inserted {
        Some(row) => Ok(row),
        None => on!(conn, |c| campaign_summaries::table
            .filter(campaign_summaries::campaign_id.eq(row.campaign_id))
            .filter(campaign_summaries::office_id.eq(row.office_id))
            .select(SummaryRow::as_select())
            .get_result(c)
            .await),
    }
}

pub async fn update_summary(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &SummaryChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<SummaryRow>> {
    update_at_version!(
        conn,
        campaign_summaries,
        SummaryRow,
        id,
        expected_version,
        changes,
        now
    )
}

/// The summaries with these ids that `visible` allows.
pub async fn summaries_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &SummaryVisible,
) -> QueryResult<Vec<SummaryRow>> {
    on!(conn, |c| {
        let mut query = campaign_summaries::table
            .filter(campaign_summaries::id.eq_any(ids))
            .select(SummaryRow::as_select())
            .into_boxed();
        if let SummaryVisible::Regions(regions) = visible {
            query = query.filter(campaign_summaries::region_id.eq_any(regions));
        }
        query.load(c).await
    })
}

/// A campaign's summaries that `visible` allows, by office.
pub async fn summaries_of(
    conn: &mut Conn<'_>,
    campaign_id: i64,
    visible: &SummaryVisible,
) -> QueryResult<Vec<SummaryRow>> {
    on!(conn, |c| {
        let mut query = campaign_summaries::table
            .filter(campaign_summaries::campaign_id.eq(campaign_id))
            .order(campaign_summaries::office_id)
            .select(SummaryRow::as_select())
            .into_boxed();
        if let SummaryVisible::Regions(regions) = visible {
            query = query.filter(campaign_summaries::region_id.eq_any(regions));
        }
        query.load(c).await
    })
}

/// The tripartite offices of these regions, by id.
pub async fn offices_in(conn: &mut Conn<'_>, region_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    on!(conn, |c| organizations::table
        .filter(organizations::kind.eq(OrganizationKind::TripartiteOffice))
        .filter(organizations::region_id.eq_any(region_ids))
        .order(organizations::id)
        .select((organizations::id, organizations::region_id))
        .load(c)
        .await)
}

/// Offers of employers in `regions` issued in `period`.
pub async fn offers_issued(
    conn: &mut Conn<'_>,
    regions: &[i64],
    period: &Period,
) -> QueryResult<Vec<OfferRow>> {
    on!(conn, |c| offers::table
        .filter(offers::region_id.eq_any(regions))
        .filter(offers::status.ne(OfferStatus::Draft))
        .filter(offers::issued_at.ge(period.from))
        .filter(offers::issued_at.lt(period.until))
        .select(OfferRow::as_select())
        .load(c)
        .await)
}

/// The outcomes of the negotiations of employers in `regions` concluded in `period`.
pub async fn negotiations_concluded(
    conn: &mut Conn<'_>,
    regions: &[i64],
    period: &Period,
) -> QueryResult<Vec<Option<NegotiationOutcome>>> {
    on!(conn, |c| offers::table
        .filter(offers::region_id.eq_any(regions))
        .filter(offers::status.eq(OfferStatus::Concluded))
        .filter(offers::concluded_at.ge(period.from))
        .filter(offers::concluded_at.lt(period.until))
        .select(offers::outcome)
        .load(c)
        .await)
}

type CaseColumns = (i64, Option<WarningLevel>, Option<RiskOutcome>, RiskStatus);

/// Cases of employers in `regions` received in `period`, merged ones left out.
pub async fn cases_received(
    conn: &mut Conn<'_>,
    regions: &[i64],
    period: &Period,
) -> QueryResult<Vec<CaseColumns>> {
    on!(conn, |c| risk_cases::table
        .filter(risk_cases::region_id.eq_any(regions))
        .filter(risk_cases::status.ne(RiskStatus::Merged))
        .filter(risk_cases::received_at.ge(period.from))
        .filter(risk_cases::received_at.lt(period.until))
        .select((
            risk_cases::id,
            risk_cases::level,
            risk_cases::outcome,
            risk_cases::status
        ))
        .load(c)
        .await)
}

/// How many health checks of employers in `regions` were made on the period's days.
pub async fn health_checks_made(
    conn: &mut Conn<'_>,
    regions: &[i64],
    days: (NaiveDate, NaiveDate),
) -> QueryResult<i64> {
    on!(conn, |c| health_checks::table
        .filter(health_checks::region_id.eq_any(regions))
        .filter(health_checks::visited_on.ge(days.0))
        .filter(health_checks::visited_on.le(days.1))
        .count()
        .get_result(c)
        .await)
}

/// Rectification items of employers in `regions` added in `period`.
pub async fn items_added(
    conn: &mut Conn<'_>,
    regions: &[i64],
    period: &Period,
) -> QueryResult<Vec<(RectificationStatus, NaiveDateTime)>> {
    on!(conn, |c| rectification_items::table
        .filter(rectification_items::region_id.eq_any(regions))
        .filter(rectification_items::created_at.ge(period.from))
        .filter(rectification_items::created_at.lt(period.until))
        .select((rectification_items::status, rectification_items::due_at))
        .load(c)
        .await)
}

/// Layoff plans of employers in `regions` made in `period`: status and cut.
pub async fn layoff_plans_made(
    conn: &mut Conn<'_>,
    regions: &[i64],
    period: &Period,
) -> QueryResult<Vec<(LayoffStatus, i32)>> {
    on!(conn, |c| layoff_plans::table
        .filter(layoff_plans::region_id.eq_any(regions))
        .filter(layoff_plans::created_at.ge(period.from))
        .filter(layoff_plans::created_at.lt(period.until))
        .select((layoff_plans::status, layoff_plans::cut))
        .load(c)
        .await)
}
