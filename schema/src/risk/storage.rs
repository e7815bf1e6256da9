//! Storage of risk cases, their reports, forms, follow-ups and reports
//! upward, of warnings, and of the regions' urgent-report rule.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::{
    LinkKind, MonitoredItem, NoticeChannel, Referral, ReportingFault, RiskOutcome, RiskSource,
    RiskStatus, UpwardRecipient, WarningLevel, WarningStatus,
};
use super::visibility::RiskVisible;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{
    credit_reminders, deadlines, employer_profiles, headcount_returns, risk_case_items,
    risk_case_links, risk_cases, risk_follow_ups, risk_forms, risk_reports, risk_rules,
    risk_upward_reports, warning_cases, warning_employers, warning_regions, warnings,
};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::DeadlineStatus;
use crate::{load_page_by_time, on, visible_risk_cases};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = risk_cases, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct RiskCaseRow {
    pub id: i64,
    pub employer_id: i64,
    pub region_id: i64,
    pub office_id: i64,
    pub source: RiskSource,
    pub status: RiskStatus,
    pub summary: String,
    pub urgent: bool,
    pub major: bool,
    pub tracker: Option<String>,
    pub tracker_phone: Option<String>,
    pub level: Option<WarningLevel>,
    pub outcome: Option<RiskOutcome>,
    pub outcome_summary: Option<String>,
    pub merged_into_id: Option<i64>,
    pub received_at: NaiveDateTime,
    pub attention_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = risk_cases)]
pub struct NewRiskCase {
    pub employer_id: i64,
    pub region_id: i64,
    pub office_id: i64,
    pub source: RiskSource,
    pub status: RiskStatus,
    pub summary: String,
    pub urgent: bool,
    pub major: bool,
    pub received_at: NaiveDateTime,
    pub attention_at: NaiveDateTime,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of a case; `None` leaves a column alone.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = risk_cases)]
pub struct RiskCaseChanges {
    pub status: Option<RiskStatus>,
    pub urgent: Option<bool>,
    pub major: Option<bool>,
    pub tracker: Option<Option<String>>,
    pub tracker_phone: Option<Option<String>>,
    pub level: Option<Option<WarningLevel>>,
    pub outcome: Option<Option<RiskOutcome>>,
    pub outcome_summary: Option<Option<String>>,
    pub merged_into_id: Option<Option<i64>>,
    pub attention_at: Option<NaiveDateTime>,
    pub closed_at: Option<Option<NaiveDateTime>>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = risk_reports, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct QuickReportRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub case_id: i64,
    pub submitted_by_id: i64,
    pub employer_name: String,
    pub legal_representative: String,
    pub operating_status: String,
    pub headcount: i32,
    pub address: String,
    pub reporter: String,
    pub reporter_phone: String,
    pub office_name: String,
    pub office_phone: String,
    /// The items reported, as a JSON list.
    pub items: String,
    pub details: String,
    pub measures: String,
    pub report_date: NaiveDate,
    pub notified_at: NaiveDateTime,
    pub channel: NoticeChannel,
    pub workers_affected: Option<i32>,
    pub arrears_fen: Option<i64>,
    pub arrears_months: Option<i32>,
    pub received_at: NaiveDateTime,
}

impl QuickReportRow {
    pub fn items(&self) -> Vec<MonitoredItem> {
        serde_json::from_str(&self.items).unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = risk_forms, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct RiskFormRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub case_id: i64,
    pub number: i32,
    pub office_id: i64,
    pub title: String,
    pub level: Option<WarningLevel>,
    pub situation: String,
    pub cause: String,
    pub trend: String,
    pub measures: String,
    pub next_steps: String,
    pub remarks: String,
    pub responsible_head: String,
    pub filled_by: String,
    pub phone: String,
    pub form_date: NaiveDate,
    pub filed_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = risk_follow_ups, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct FollowUpRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub case_id: i64,
    pub happened_at: NaiveDateTime,
    pub done: String,
    pub next_step: String,
    pub next_at: Option<NaiveDateTime>,
    pub referred_to: Option<Referral>,
    pub answer: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A case's link to an offer or agreement of the same employer.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = risk_case_links, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct LinkRow {
    pub case_id: i64,
    pub kind: LinkKind,
    pub subject_id: i64,
    pub linked_by_id: i64,
    pub linked_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = risk_upward_reports, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct UpwardReportRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub case_id: Option<i64>,
    pub warning_id: Option<i64>,
    pub recipient: UpwardRecipient,
    pub reported_at: NaiveDateTime,
    pub reported_by_id: i64,
    pub reported_by_user_id: Option<i64>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = warnings, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct WarningRow {
    pub id: i64,
    pub level: WarningLevel,
    pub title: String,
    pub details: String,
    /// The industry sections (GB/T 4754 letters) it concerns, as a JSON list.
    pub industries: String,
    pub workers: Option<i32>,
    pub status: WarningStatus,
    pub decided_by: Option<String>,
    pub document_number: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub issued_by_id: i64,
    pub issued_at: NaiveDateTime,
    pub lifted_at: Option<NaiveDateTime>,
    pub lift_reason: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = warnings)]
pub struct NewWarning {
    pub level: WarningLevel,
    pub title: String,
    pub details: String,
    pub industries: String,
    pub workers: Option<i32>,
    pub status: WarningStatus,
    pub decided_by: Option<String>,
    pub document_number: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub issued_by_id: i64,
    pub issued_at: NaiveDateTime,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of a warning.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = warnings)]
pub struct WarningChanges {
    pub status: Option<WarningStatus>,
    pub lifted_at: Option<Option<NaiveDateTime>>,
    pub lift_reason: Option<Option<String>>,
}

/// Inserts a case with its items.
pub async fn insert_case(
    conn: &mut Conn<'_>,
    new: &NewRiskCase,
    items: &[MonitoredItem],
) -> QueryResult<RiskCaseRow> {
    let row = on!(conn, |c| {
        diesel::insert_into(risk_cases::table)
            .values(new)
            .returning(RiskCaseRow::as_returning())
            .get_result(c)
            .await
    })?;
    add_items(conn, row.id, items).await?;
    Ok(row)
}

/// Adds the items a case does not have yet.
pub async fn add_items(
    conn: &mut Conn<'_>,
    case_id: i64,
    items: &[MonitoredItem],
) -> QueryResult<()> {
    let have: Vec<MonitoredItem> = items_of(conn, &[case_id])
        .await?
        .into_iter()
        .map(|(_, item)| item)
        .collect();
    for item in items.iter().filter(|item| !have.contains(item)) {
        on!(conn, |c| diesel::insert_into(risk_case_items::table)
            .values((
                risk_case_items::case_id.eq(case_id),
                risk_case_items::item.eq(*item),
            ))
            .execute(c)
            .await)?;
    }
    Ok(())
}

/// The items of the given cases, as (case, item).
pub async fn items_of(
    conn: &mut Conn<'_>,
    case_ids: &[i64],
) -> QueryResult<Vec<(i64, MonitoredItem)>> {
    on!(conn, |c| risk_case_items::table
        .filter(risk_case_items::case_id.eq_any(case_ids))
        .order((risk_case_items::case_id, risk_case_items::item))
        .select((risk_case_items::case_id, risk_case_items::item))
        .load(c)
        .await)
}

pub async fn cases_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &RiskVisible,
) -> QueryResult<Vec<RiskCaseRow>> {
    on!(conn, |c| {
        let query = risk_cases::table
            .filter(risk_cases::id.eq_any(ids))
            .into_boxed();
        visible_risk_cases!(query, visible)
            .select(RiskCaseRow::as_select())
            .load(c)
            .await
    })
}

/// The open case of an employer that has one of `items`, the oldest first.
pub async fn open_case_with(
    conn: &mut Conn<'_>,
    employer_id: i64,
    items: &[MonitoredItem],
) -> QueryResult<Option<RiskCaseRow>> {
    on!(conn, |c| risk_cases::table
        .filter(risk_cases::employer_id.eq(employer_id))
        .filter(risk_cases::status.ne_all([RiskStatus::Closed, RiskStatus::Merged]))
        .filter(
            risk_cases::id.eq_any(
                risk_case_items::table
                    .filter(risk_case_items::item.eq_any(items))
                    .select(risk_case_items::case_id)
            )
        )
        .order(risk_cases::id)
        .select(RiskCaseRow::as_select())
        .first(c)
        .await
        .optional())
}

/// Applies `changes` if the case is still at `expected_version`.
pub async fn update_case(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &RiskCaseChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<RiskCaseRow>> {
    crate::update_at_version!(
        conn,
        risk_cases,
        RiskCaseRow,
        id,
        expected_version,
        changes,
        now
    )
}

/// Declares how the rows of a case are stored: inserted one at a time, and
/// read for many cases at once in `$order`.
macro_rules! case_rows {
    ($insert:ident, $of:ident, $table:ident, $row:ty, $order:expr) => {
        pub async fn $insert(conn: &mut Conn<'_>, row: &$row) -> QueryResult<()> {
            on!(conn, |c| diesel::insert_into($table::table)
                .values(row)
                .execute(c)
                .await
                .map(drop))
        }

        pub async fn $of(conn: &mut Conn<'_>, case_ids: &[i64]) -> QueryResult<Vec<$row>> {
            on!(conn, |c| $table::table
                .filter($table::case_id.eq_any(case_ids))
                .order($order)
                .select(<$row>::as_select())
                .load(c)
                .await)
        }
    };
}

case_rows!(
    insert_report,
    reports_of,
    risk_reports,
    QuickReportRow,
    risk_reports::id
);
case_rows!(
    insert_form,
    forms_of,
    risk_forms,
    RiskFormRow,
    (risk_forms::case_id, risk_forms::number)
);
case_rows!(
    insert_follow_up,
    follow_ups_of,
    risk_follow_ups,
    FollowUpRow,
    risk_follow_ups::id
);
case_rows!(
    insert_upward,
    upward_of_cases,
    risk_upward_reports,
    UpwardReportRow,
    risk_upward_reports::id
);

case_rows!(
    insert_link,
    links_of,
    risk_case_links,
    LinkRow,
    (risk_case_links::linked_at, risk_case_links::subject_id)
);

/// Removes a case's link.
pub async fn delete_link(conn: &mut Conn<'_>, link: &LinkRow) -> QueryResult<()> {
    on!(conn, |c| diesel::delete(
        risk_case_links::table
            .filter(risk_case_links::case_id.eq(link.case_id))
            .filter(risk_case_links::kind.eq(link.kind))
            .filter(risk_case_links::subject_id.eq(link.subject_id))
    )
    .execute(c)
    .await
    .map(drop))
}

/// A follow-up entry by its id.
pub async fn follow_up_by_id(conn: &mut Conn<'_>, id: i64) -> QueryResult<Option<FollowUpRow>> {
    on!(conn, |c| risk_follow_ups::table
        .filter(risk_follow_ups::id.eq(id))
        .select(FollowUpRow::as_select())
        .first(c)
        .await
        .optional())
}

/// Records the answer to a referral.
pub async fn answer_referral(
    conn: &mut Conn<'_>,
    id: i64,
    answer: &str,
    answered_at: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| diesel::update(
        risk_follow_ups::table.filter(risk_follow_ups::id.eq(id))
    )
    .set((
        risk_follow_ups::answer.eq(answer),
        risk_follow_ups::answered_at.eq(answered_at),
    ))
    .execute(c)
    .await
    .map(drop))
}

/// The cases merged into the given cases, oldest first.
pub async fn merged_into(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<RiskCaseRow>> {
    on!(conn, |c| risk_cases::table
        .filter(risk_cases::merged_into_id.eq_any(ids))
        .order(risk_cases::id)
        .select(RiskCaseRow::as_select())
        .load(c)
        .await)
}

/// The reports upward of the given warnings.
pub async fn upward_of_warnings(
    conn: &mut Conn<'_>,
    warning_ids: &[i64],
) -> QueryResult<Vec<UpwardReportRow>> {
    on!(conn, |c| risk_upward_reports::table
        .filter(risk_upward_reports::warning_id.eq_any(warning_ids))
        .order(risk_upward_reports::id)
        .select(UpwardReportRow::as_select())
        .load(c)
        .await)
}

/// Filters of the risk ledger.
#[derive(Debug, Default)]
pub struct RiskCaseFilter {
    pub items: Vec<MonitoredItem>,
    pub levels: Vec<WarningLevel>,
    pub statuses: Vec<RiskStatus>,
    pub region_ids: Option<Vec<i64>>,
    /// An industry section (GB/T 4754 letter) of the employer.
    pub industry: Option<String>,
    pub employer: Option<i64>,
    pub tracker: Option<String>,
    pub major: Option<bool>,
    pub urgent: Option<bool>,
    /// Cases with a missed clock, or an open one past due at this instant.
    pub overdue_at: Option<NaiveDateTime>,
    pub received_from: Option<NaiveDateTime>,
    pub received_before: Option<NaiveDateTime>,
}

/// The kinds of clock that run on a case.
const CASE_CLOCKS: [DeadlineKind; 2] = [DeadlineKind::RiskForm, DeadlineKind::RiskUrgentReport];

macro_rules! filtered_cases {
    ($filter:expr, $visible:expr) => {{
        let filter: &RiskCaseFilter = $filter;
        let mut query = visible_risk_cases!(risk_cases::table.into_boxed(), $visible);
        if !filter.items.is_empty() {
            query = query.filter(
                risk_cases::id.eq_any(
                    risk_case_items::table
                        .filter(risk_case_items::item.eq_any(&filter.items))
                        .select(risk_case_items::case_id),
                ),
            );
        }
        if !filter.levels.is_empty() {
            query = query.filter(risk_cases::level.eq_any(&filter.levels));
        }
        if !filter.statuses.is_empty() {
            query = query.filter(risk_cases::status.eq_any(&filter.statuses));
        }
        if let Some(regions) = &filter.region_ids {
            query = query.filter(risk_cases::region_id.eq_any(regions));
        }
        if let Some(industry) = &filter.industry {
            query = query.filter(
                risk_cases::employer_id.eq_any(
                    employer_profiles::table
                        .filter(employer_profiles::industry_section.eq(industry))
                        .select(employer_profiles::organization_id),
                ),
            );
        }
        if let Some(employer) = filter.employer {
            query = query.filter(risk_cases::employer_id.eq(employer));
        }
        if let Some(tracker) = &filter.tracker {
            query = query.filter(risk_cases::tracker.eq(tracker));
        }
        if let Some(major) = filter.major {
            query = query.filter(risk_cases::major.eq(major));
        }
        if let Some(urgent) = filter.urgent {
            query = query.filter(risk_cases::urgent.eq(urgent));
        }
        if let Some(now) = filter.overdue_at {
            let late = deadlines::table
                .filter(deadlines::subject_type.eq("RiskCase"))
                .filter(deadlines::kind.eq_any(CASE_CLOCKS))
                .filter(
                    deadlines::status
                        .eq(DeadlineStatus::Missed)
                        .or(deadlines::status
                            .eq(DeadlineStatus::Open)
                            .and(deadlines::due_at.le(now))),
                )
                .select(deadlines::subject_id);
            query = query.filter(risk_cases::id.eq_any(late));
        }
        if let Some(from) = filter.received_from {
            query = query.filter(risk_cases::received_at.ge(from));
        }
        if let Some(before) = filter.received_before {
            query = query.filter(risk_cases::received_at.lt(before));
        }
        query
    }};
}

/// A page of the ledger, the case due first at the top.
pub async fn cases_page(
    conn: &mut Conn<'_>,
    filter: &RiskCaseFilter,
    visible: &RiskVisible,
    page: &PageRequest,
) -> QueryResult<Page<RiskCaseRow>> {
    on!(conn, |c| {
        let query = || filtered_cases!(filter, visible).select(RiskCaseRow::as_select());
        Ok(load_page_by_time!(
            c,
            query(),
            risk_cases::attention_at,
            risk_cases::id,
            page
        ))
    })
}

/// The (region, level) of every case the filter keeps, and the items of
/// those cases: what the ledger's totals count.
pub async fn totals(
    conn: &mut Conn<'_>,
    filter: &RiskCaseFilter,
    visible: &RiskVisible,
) -> QueryResult<(Vec<(i64, Option<WarningLevel>)>, Vec<MonitoredItem>)> {
    on!(conn, |c| {
        let cases = filtered_cases!(filter, visible)
            .select((risk_cases::region_id, risk_cases::level))
            .load(c)
            .await?;
        let ids = filtered_cases!(filter, visible).select(risk_cases::id);
        let items = risk_case_items::table
            .filter(risk_case_items::case_id.eq_any(ids))
            .select(risk_case_items::item)
            .load(c)
            .await?;
        Ok((cases, items))
    })
}

/// A region's risk rules: (region, urgent hours, return day).
pub type RegionRules = (i64, Option<i32>, Option<i32>);

/// The rules set for the given regions.
pub async fn region_rules(
    conn: &mut Conn<'_>,
    region_ids: &[i64],
) -> QueryResult<Vec<RegionRules>> {
    on!(conn, |c| risk_rules::table
        .filter(risk_rules::region_id.eq_any(region_ids))
        .select((
            risk_rules::region_id,
            risk_rules::urgent_hours,
            risk_rules::return_day
        ))
        .load(c)
        .await)
}

/// Sets a region's rules; a row with neither is removed.
pub async fn set_region_rules(
    conn: &mut Conn<'_>,
    region_id: i64,
    urgent_hours: Option<i32>,
    return_day: Option<i32>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(risk_rules::table.filter(risk_rules::region_id.eq(region_id)))
            .execute(c)
            .await?;
        if urgent_hours.is_some() || return_day.is_some() {
            diesel::insert_into(risk_rules::table)
                .values((
                    risk_rules::region_id.eq(region_id),
                    risk_rules::urgent_hours.eq(urgent_hours),
                    risk_rules::return_day.eq(return_day),
                    risk_rules::updated_at.eq(now),
                ))
                .execute(c)
                .await?;
        }
        Ok(())
    })
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = headcount_returns, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct HeadcountReturnRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub employer_id: i64,
    /// The first day of the month returned.
    pub month: NaiveDate,
    pub headcount_start: i32,
    pub headcount_end: i32,
    pub departures: i32,
    pub filed_at: NaiveDateTime,
    pub filed_by_id: i64,
    pub case_id: Option<i64>,
}

/// Inserts a return; `None` when the employer already filed that month.
pub async fn insert_return(
    conn: &mut Conn<'_>,
    row: &HeadcountReturnRow,
) -> QueryResult<Option<HeadcountReturnRow>> {
    on!(conn, |c| {
        let taken: i64 = headcount_returns::table
            .filter(headcount_returns::employer_id.eq(row.employer_id))
            .filter(headcount_returns::month.eq(row.month))
            .count()
            .get_result(c)
            .await?;
        if taken > 0 {
            return Ok(None);
        }
        diesel::insert_into(headcount_returns::table)
            .values(row)
            .returning(HeadcountReturnRow::as_returning())
            .get_result(c)
            .await
            .map(Some)
    })
}

/// Records the case a return opened.
pub async fn link_return(
    conn: &mut Conn<'_>,
    id: i64,
    case_id: i64,
) -> QueryResult<HeadcountReturnRow> {
    on!(conn, |c| diesel::update(
        headcount_returns::table.filter(headcount_returns::id.eq(id))
    )
    .set(headcount_returns::case_id.eq(case_id))
    .returning(HeadcountReturnRow::as_returning())
    .get_result(c)
    .await)
}

/// The returns of the given employers, newest month first.
pub async fn returns_of(
    conn: &mut Conn<'_>,
    employer_ids: &[i64],
) -> QueryResult<Vec<HeadcountReturnRow>> {
    on!(conn, |c| headcount_returns::table
        .filter(headcount_returns::employer_id.eq_any(employer_ids))
        .order((headcount_returns::month.desc(), headcount_returns::id))
        .select(HeadcountReturnRow::as_select())
        .load(c)
        .await)
}

/// Inserts a warning with the regions it covers and the employers and
/// cases it names.
pub async fn insert_warning(
    conn: &mut Conn<'_>,
    new: &NewWarning,
    region_ids: &[i64],
    employer_ids: &[i64],
    case_ids: &[i64],
) -> QueryResult<WarningRow> {
    on!(conn, |c| {
        let row = diesel::insert_into(warnings::table)
            .values(new)
            .returning(WarningRow::as_returning())
            .get_result(c)
            .await?;
        // One row per region, employer and case the warning names.
        macro_rules! name_all {
            ($table:ident, $column:ident, $values:expr) => {
                for value in $values {
                    diesel::insert_into($table::table)
                        .values(($table::warning_id.eq(row.id), $table::$column.eq(*value)))
                        .execute(c)
                        .await?;
                }
            };
        }
        name_all!(warning_regions, region_id, region_ids);
        name_all!(warning_employers, employer_id, employer_ids);
        name_all!(warning_cases, case_id, case_ids);
        Ok(row)
    })
}

/// The warnings among `ids` that cover one of `regions` (`None`: any).
pub async fn warnings_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    regions: Option<&[i64]>,
) -> QueryResult<Vec<WarningRow>> {
    on!(conn, |c| {
        let mut query = warnings::table
            .filter(warnings::id.eq_any(ids))
            .into_boxed();
        if let Some(regions) = regions {
            query = query.filter(
                warnings::id.eq_any(
                    warning_regions::table
                        .filter(warning_regions::region_id.eq_any(regions))
                        .select(warning_regions::warning_id),
                ),
            );
        }
        query.select(WarningRow::as_select()).load(c).await
    })
}

/// A page of the warnings that cover one of `regions` (`None`: any).
pub async fn warnings_page(
    conn: &mut Conn<'_>,
    statuses: &[WarningStatus],
    regions: Option<&[i64]>,
    page: &PageRequest,
) -> QueryResult<Page<WarningRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = warnings::table.into_boxed();
            if let Some(regions) = regions {
                query = query.filter(
                    warnings::id.eq_any(
                        warning_regions::table
                            .filter(warning_regions::region_id.eq_any(regions))
                            .select(warning_regions::warning_id),
                    ),
                );
            }
            if !statuses.is_empty() {
                query = query.filter(warnings::status.eq_any(statuses));
            }
            query.select(WarningRow::as_select())
        };
        Ok(crate::load_page!(c, query(), warnings::id, page))
    })
}

pub async fn update_warning(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &WarningChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<WarningRow>> {
    crate::update_at_version!(
        conn,
        warnings,
        WarningRow,
        id,
        expected_version,
        changes,
        now
    )
}

/// The regions, employers and cases of the given warnings.
pub async fn warning_scope(
    conn: &mut Conn<'_>,
    warning_ids: &[i64],
) -> QueryResult<(Vec<(i64, i64)>, Vec<(i64, i64)>, Vec<(i64, i64)>)> {
    on!(conn, |c| {
        let regions = warning_regions::table
            .filter(warning_regions::warning_id.eq_any(warning_ids))
            .select((warning_regions::warning_id, warning_regions::region_id))
            .load(c)
            .await?;
        let employers = warning_employers::table
            .filter(warning_employers::warning_id.eq_any(warning_ids))
            .select((
                warning_employers::warning_id,
                warning_employers::employer_id,
            ))
            .load(c)
            .await?;
        let cases = warning_cases::table
            .filter(warning_cases::warning_id.eq_any(warning_ids))
            .select((warning_cases::warning_id, warning_cases::case_id))
            .load(c)
            .await?;
        Ok((regions, employers, cases))
    })
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = credit_reminders, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct CreditReminderRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub case_id: i64,
    pub employer_id: i64,
    pub fault: ReportingFault,
    pub note: String,
    pub issued_at: NaiveDateTime,
    pub issued_by_id: i64,
    pub interview_at: Option<NaiveDateTime>,
    pub attendees: Option<String>,
    pub outcome: Option<String>,
    pub interviewed_at: Option<NaiveDateTime>,
}

case_rows!(
    insert_reminder,
    reminders_of,
    credit_reminders,
    CreditReminderRow,
    credit_reminders::id
);

pub async fn reminder_by_id(
    conn: &mut Conn<'_>,
    id: i64,
) -> QueryResult<Option<CreditReminderRow>> {
    on!(conn, |c| credit_reminders::table
        .filter(credit_reminders::id.eq(id))
        .select(CreditReminderRow::as_select())
        .first(c)
        .await
        .optional())
}

/// Records the integrity interview of a reminder.
pub async fn record_interview(
    conn: &mut Conn<'_>,
    id: i64,
    attendees: &str,
    outcome: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| diesel::update(
        credit_reminders::table.filter(credit_reminders::id.eq(id))
    )
    .set((
        credit_reminders::attendees.eq(attendees),
        credit_reminders::outcome.eq(outcome),
        credit_reminders::interviewed_at.eq(now),
    ))
    .execute(c)
    .await
    .map(drop))
}

/// The reminders of an employer, over all its cases.
pub async fn reminders_of_employer(
    conn: &mut Conn<'_>,
    employer_id: i64,
) -> QueryResult<Vec<CreditReminderRow>> {
    on!(conn, |c| credit_reminders::table
        .filter(credit_reminders::employer_id.eq(employer_id))
        .order(credit_reminders::id)
        .select(CreditReminderRow::as_select())
        .load(c)
        .await)
}
