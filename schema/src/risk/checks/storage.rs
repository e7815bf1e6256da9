//! Storage of health checks, their visitors and findings, and of
//! rectification items.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{
    health_check_findings, health_check_visitors, health_checks, rectification_items,
};
use crate::risk::kinds::{HealthCheckArea, RectificationStatus, VisitorRole};
use crate::risk::visibility::RiskVisible;
use crate::{load_page, load_page_by_time, on};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = health_checks, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct HealthCheckRow {
    pub id: i64,
    pub employer_id: i64,
    pub region_id: i64,
    pub recorded_by_id: i64,
    pub visited_on: NaiveDate,
    pub diagnosis: String,
    pub prescription: String,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub acknowledged_by: Option<String>,
    pub acknowledgement: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = health_checks)]
pub struct NewHealthCheck {
    pub employer_id: i64,
    pub region_id: i64,
    pub recorded_by_id: i64,
    pub visited_on: NaiveDate,
    pub diagnosis: String,
    pub prescription: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of a health check: the employer's acknowledgement.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = health_checks)]
pub struct HealthCheckChanges {
    pub acknowledged_at: Option<NaiveDateTime>,
    pub acknowledged_by: Option<String>,
    pub acknowledgement: Option<Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = health_check_visitors, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct VisitorRow {
    pub health_check_id: i64,
    pub position: i32,
    pub name: String,
    pub role: VisitorRole,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = health_check_findings, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct FindingRow {
    pub health_check_id: i64,
    pub area: HealthCheckArea,
    pub compliant: bool,
    pub finding: String,
}

/// Narrows a boxed query on `$table` (with `employer_id` and `region_id`)
/// to what concerns the employer's conduct that `$visible` lets one see:
/// the employer and its union, and the bodies over its region.
macro_rules! visible_conduct {
    ($query:expr, $table:ident, $visible:expr) => {{
        let query = $query;
        match $visible {
            RiskVisible::Everything => query,
            RiskVisible::Scoped {
                employers,
                region_ids,
                ..
            } => query.filter(
                $table::employer_id
                    .eq_any(employers)
                    .or($table::region_id.eq_any(region_ids)),
            ),
        }
    }};
}

/// Stores a new health check with its visitors and findings.
pub async fn insert_check(
    conn: &mut Conn<'_>,
    new: &NewHealthCheck,
    visitors: &[(String, VisitorRole)],
    findings: &[(HealthCheckArea, bool, String)],
) -> QueryResult<HealthCheckRow> {
    on!(conn, |c| {
        let row = diesel::insert_into(health_checks::table)
            .values(new)
            .returning(HealthCheckRow::as_returning())
            .get_result(c)
            .await?;
        for (position, (name, role)) in visitors.iter().enumerate() {
            let visitor = VisitorRow {
                health_check_id: row.id,
                position: position as i32,
                name: name.clone(),
                role: *role,
            };
            diesel::insert_into(health_check_visitors::table)
                .values(&visitor)
                .execute(c)
                .await?;
        }
        for (area, compliant, finding) in findings {
            let finding = FindingRow {
                health_check_id: row.id,
                area: *area,
                compliant: *compliant,
                finding: finding.clone(),
            };
            diesel::insert_into(health_check_findings::table)
                .values(&finding)
                .execute(c)
                .await?;
        }
        Ok(row)
    })
}

pub async fn checks_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &RiskVisible,
) -> QueryResult<Vec<HealthCheckRow>> {
    on!(conn, |c| {
        let query = health_checks::table
            .filter(health_checks::id.eq_any(ids))
            .into_boxed();
        visible_conduct!(query, health_checks, visible)
            .select(HealthCheckRow::as_select())
            .load(c)
            .await
    })
}

/// A page of health checks, of an employer or of employers in regions.
pub async fn checks_page(
    conn: &mut Conn<'_>,
    employer: Option<i64>,
    region_ids: Option<&[i64]>,
    visible: &RiskVisible,
    page: &PageRequest,
) -> QueryResult<Page<HealthCheckRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query =
                visible_conduct!(health_checks::table.into_boxed(), health_checks, visible);
            if let Some(employer) = employer {
                query = query.filter(health_checks::employer_id.eq(employer));
            }
            if let Some(regions) = region_ids {
                query = query.filter(health_checks::region_id.eq_any(regions));
            }
            query.select(HealthCheckRow::as_select())
        };
        Ok(load_page!(c, query(), health_checks::id, page))
    })
}

pub async fn update_check(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &HealthCheckChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<HealthCheckRow>> {
    crate::update_at_version!(
        conn,
        health_checks,
        HealthCheckRow,
        id,
        expected_version,
        changes,
        now
    )
}

pub async fn visitors_of(conn: &mut Conn<'_>, check_ids: &[i64]) -> QueryResult<Vec<VisitorRow>> {
    on!(conn, |c| health_check_visitors::table
        .filter(health_check_visitors::health_check_id.eq_any(check_ids))
        .order((
            health_check_visitors::health_check_id,
            health_check_visitors::position,
        ))
        .select(VisitorRow::as_select())
        .load(c)
        .await)
}

pub async fn findings_of(conn: &mut Conn<'_>, check_ids: &[i64]) -> QueryResult<Vec<FindingRow>> {
    on!(conn, |c| health_check_findings::table
        .filter(health_check_findings::health_check_id.eq_any(check_ids))
        .order((
            health_check_findings::health_check_id,
            health_check_findings::area,
        ))
        .select(FindingRow::as_select())
        .load(c)
        .await)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = rectification_items, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct RectificationRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub employer_id: i64,
    pub region_id: i64,
    pub case_id: Option<i64>,
    pub health_check_id: Option<i64>,
    pub problem: String,
    pub measure: String,
    pub responsible_organization_id: Option<i64>,
    pub responsible_department: Option<String>,
    pub due_on: NaiveDate,
    pub due_at: NaiveDateTime,
    pub status: RectificationStatus,
    pub evidence: Option<String>,
    pub done_at: Option<NaiveDateTime>,
    pub verified_at: Option<NaiveDateTime>,
    pub verified_by_id: Option<i64>,
    pub verification_note: Option<String>,
    pub added_by_id: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of a rectification item; `None` leaves a column alone.
#[derive(Debug, Default, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = rectification_items)]
pub struct RectificationChanges {
    pub status: Option<RectificationStatus>,
    pub evidence: Option<String>,
    pub done_at: Option<NaiveDateTime>,
    pub verified_at: Option<NaiveDateTime>,
    pub verified_by_id: Option<i64>,
    pub verification_note: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub due_at: Option<NaiveDateTime>,
}

pub async fn insert_item(
    conn: &mut Conn<'_>,
    row: &RectificationRow,
) -> QueryResult<RectificationRow> {
    on!(conn, |c| diesel::insert_into(rectification_items::table)
        .values(row)
        .returning(RectificationRow::as_returning())
        .get_result(c)
        .await)
}

pub async fn items_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &RiskVisible,
) -> QueryResult<Vec<RectificationRow>> {
    on!(conn, |c| {
        let query = rectification_items::table
            .filter(rectification_items::id.eq_any(ids))
            .into_boxed();
        visible_conduct!(query, rectification_items, visible)
            .select(RectificationRow::as_select())
            .load(c)
            .await
    })
}

pub async fn update_item(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &RectificationChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<RectificationRow>> {
    crate::update_at_version!(
        conn,
        rectification_items,
        RectificationRow,
        id,
        expected_version,
        changes,
        now
    )
}

/// The items of the given cases and health checks, by time limit.
pub async fn items_of(
    conn: &mut Conn<'_>,
    case_ids: &[i64],
    check_ids: &[i64],
) -> QueryResult<Vec<RectificationRow>> {
    on!(conn, |c| rectification_items::table
        .filter(
            rectification_items::case_id
                .eq_any(case_ids)
                .or(rectification_items::health_check_id.eq_any(check_ids))
        )
        .order((rectification_items::due_at, rectification_items::id))
        .select(RectificationRow::as_select())
        .load(c)
        .await)
}

/// What the four lists keep.
#[derive(Debug, Default)]
pub struct RectificationFilter {
    pub statuses: Vec<RectificationStatus>,
    pub employer: Option<i64>,
    pub region_ids: Option<Vec<i64>>,
    pub responsible: Option<i64>,
    pub case: Option<i64>,
    pub check: Option<i64>,
    /// Open items whose time limit passed by this instant.
    pub overdue_at: Option<NaiveDateTime>,
}

/// A page of the four lists, the item due first at the top.
pub async fn items_page(
    conn: &mut Conn<'_>,
    filter: &RectificationFilter,
    visible: &RiskVisible,
    page: &PageRequest,
) -> QueryResult<Page<RectificationRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = visible_conduct!(
                rectification_items::table.into_boxed(),
                rectification_items,
                visible
            );
            if !filter.statuses.is_empty() {
                query = query.filter(rectification_items::status.eq_any(&filter.statuses));
            }
            if let Some(employer) = filter.employer {
                query = query.filter(rectification_items::employer_id.eq(employer));
            }
            if let Some(regions) = &filter.region_ids {
                query = query.filter(rectification_items::region_id.eq_any(regions));
            }
            if let Some(responsible) = filter.responsible {
                query =
                    query.filter(rectification_items::responsible_organization_id.eq(responsible));
            }
            if let Some(case) = filter.case {
                query = query.filter(rectification_items::case_id.eq(case));
            }
            if let Some(check) = filter.check {
                query = query.filter(rectification_items::health_check_id.eq(check));
            }
            if let Some(now) = filter.overdue_at {
                query = query
                    .filter(rectification_items::status.eq(RectificationStatus::Open))
                    .filter(rectification_items::due_at.le(now));
            }
            query.select(RectificationRow::as_select())
        };
        Ok(load_page_by_time!(
            c,
            query(),
            rectification_items::due_at,
            rectification_items::id,
            page
        ))
    })
}
