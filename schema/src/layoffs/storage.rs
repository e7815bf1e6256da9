//! Storage of layoff plans, their versions and lists of names, and the
//! regions' layoff rules.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::{
    ContractKind, ExplainedTo, JobCategory, LayoffGround, LayoffStatus, ServiceKind, Sex,
};
use super::visibility::LayoffVisible;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{
    layoff_hirings, layoff_plan_revisions, layoff_plans, layoff_posts, layoff_rehire_notices,
    layoff_rules, layoff_services, layoff_terminations, layoff_workers,
};
use crate::{load_page, on};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = layoff_plans, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PlanRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub employer_id: i64,
    pub region_id: i64,
    pub union_id: Option<i64>,
    pub status: LayoffStatus,
    pub ground: LayoffGround,
    pub revision: i32,
    pub workforce: i32,
    pub cut: i32,
    pub procedure_required: bool,
    pub first_termination: NaiveDate,
    pub last_termination: NaiveDate,
    pub explained_at: Option<NaiveDateTime>,
    pub explained_to: Option<ExplainedTo>,
    pub explanation: Option<String>,
    pub earliest_termination: Option<NaiveDate>,
    pub opinion: Option<String>,
    pub opinion_at: Option<NaiveDateTime>,
    pub answer: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub reported_at: Option<NaiveDateTime>,
    pub reported_to_id: Option<i64>,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub administration_opinion: Option<String>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawal_reason: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of a plan.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = layoff_plans)]
pub struct PlanChanges {
    pub status: Option<LayoffStatus>,
    pub revision: Option<i32>,
    pub workforce: Option<i32>,
    pub cut: Option<i32>,
    pub procedure_required: Option<bool>,
    pub first_termination: Option<NaiveDate>,
    pub last_termination: Option<NaiveDate>,
    pub explained_at: Option<NaiveDateTime>,
    pub explained_to: Option<ExplainedTo>,
    pub explanation: Option<String>,
    pub earliest_termination: Option<NaiveDate>,
    pub opinion: Option<String>,
    pub opinion_at: Option<NaiveDateTime>,
    pub answer: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub reported_at: Option<NaiveDateTime>,
    pub reported_to_id: Option<i64>,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub administration_opinion: Option<Option<String>>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawal_reason: Option<String>,
}

/// A version of a plan: its terms as they stood.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = layoff_plan_revisions, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct RevisionRow {
    pub plan_id: i64,
    pub revision: i32,
    pub workforce: i32,
    pub cut: i32,
    pub first_termination: NaiveDate,
    pub last_termination: NaiveDate,
    pub steps: String,
    pub compensation: String,
    pub criteria: String,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A worker on a version's list of names.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = layoff_workers, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct WorkerRow {
    pub plan_id: i64,
    pub revision: i32,
    pub position: i32,
    pub name: String,
    pub id_number: String,
    pub post: String,
    pub sex: Sex,
    pub job_category: JobCategory,
    pub birth_date: NaiveDate,
    pub service_start: NaiveDate,
    pub contract: ContractKind,
    pub long_fixed_term: bool,
    pub sole_earner: bool,
    pub hazard_unchecked: bool,
    pub disease_or_injury: bool,
    pub medical_treatment: bool,
    pub maternity: bool,
    pub other_by_law: Option<String>,
    pub monthly_wage: i64,
}

/// A post of a version that keeps workers without a priority.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = layoff_posts, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PostRow {
    pub plan_id: i64,
    pub revision: i32,
    pub post: String,
    pub kept_without_priority: i32,
}

/// A worker's termination as carried out.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = layoff_terminations, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct TerminationRow {
    pub plan_id: i64,
    pub id_number: String,
    pub revision: i32,
    pub position: i32,
    pub last_day: NaiveDate,
    pub severance_due: Option<i64>,
    pub severance_paid: i64,
    pub override_reason: Option<String>,
    pub certificate_issued_on: NaiveDate,
    pub rehire_until: NaiveDate,
    pub recorded_at: NaiveDateTime,
}

/// A re-employment service.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = layoff_services, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ServiceRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub plan_id: i64,
    pub kind: ServiceKind,
    pub provider: String,
    pub held_on: NaiveDate,
    pub participants: i32,
    pub outcome: String,
    pub recorded_by_id: i64,
    pub recorded_at: NaiveDateTime,
}

/// New hiring within the six months.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = layoff_hirings, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct HiringRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub plan_id: i64,
    pub hired_on: NaiveDate,
    pub posts: String,
    pub openings: i32,
    pub recorded_at: NaiveDateTime,
}

/// A laid-off worker told of new hiring first.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = layoff_rehire_notices, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct NoticeRow {
    pub hiring_id: i64,
    pub plan_id: i64,
    pub id_number: String,
    pub notified_on: NaiveDate,
}

/// Narrows a boxed query on `layoff_plans` to what `$visible` allows.
macro_rules! visible_plans {
    ($query:expr, $visible:expr) => {{
        let query = $query;
        match $visible {
            LayoffVisible::Everything => query,
            LayoffVisible::Scoped {
                own,
                unions,
                region_ids,
                ..
            } => query.filter(
                layoff_plans::employer_id
                    .eq_any(own)
                    .or(layoff_plans::status.ne(LayoffStatus::Draft).and(
                        layoff_plans::employer_id
                            .eq_any(unions)
                            .or(layoff_plans::region_id.eq_any(region_ids)),
                    )),
            ),
        }
    }};
}

/// Stores a new plan with its first version and list.
pub async fn insert_plan(
    conn: &mut Conn<'_>,
    plan: &PlanRow,
    revision: &RevisionRow,
    workers: &[WorkerRow],
    posts: &[PostRow],
) -> QueryResult<PlanRow> {
    let row = on!(conn, |c| diesel::insert_into(layoff_plans::table)
        .values(plan)
        .returning(PlanRow::as_returning())
        .get_result(c)
        .await)?;
    let revision = RevisionRow {
        plan_id: row.id,
        ..revision.clone()
    };
    let workers: Vec<WorkerRow> = workers
        .iter()
        .map(|w| WorkerRow {
            plan_id: row.id,
            ..w.clone()
        })
        .collect();
    let posts: Vec<PostRow> = posts
        .iter()
        .map(|p| PostRow {
            plan_id: row.id,
            ..p.clone()
        })
        .collect();
    insert_revision(conn, &revision, &workers, &posts).await?;
    Ok(row)
}

/// Stores a version and its list.
pub async fn insert_revision(
    conn: &mut Conn<'_>,
    revision: &RevisionRow,
    workers: &[WorkerRow],
    posts: &[PostRow],
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(layoff_plan_revisions::table)
            .values(revision)
            .execute(c)
            .await?;
        // One statement per worker keeps within SQLite's bound parameters
        // whatever the list's length.
        for worker in workers {
            diesel::insert_into(layoff_workers::table)
                .values(worker)
                .execute(c)
                .await?;
        }
        for post in posts {
            diesel::insert_into(layoff_posts::table)
                .values(post)
                .execute(c)
                .await?;
        }
        Ok(())
    })
}

pub async fn plans_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &LayoffVisible,
) -> QueryResult<Vec<PlanRow>> {
    on!(conn, |c| {
        let query = layoff_plans::table
            .filter(layoff_plans::id.eq_any(ids))
            .into_boxed();
        visible_plans!(query, visible)
            .select(PlanRow::as_select())
            .load(c)
            .await
    })
}

/// Which plans to list.
#[derive(Debug, Clone, Default)]
pub struct PlanFilter {
    pub statuses: Vec<LayoffStatus>,
    pub employer: Option<i64>,
    pub region_ids: Option<Vec<i64>>,
    /// Only plans reported to this organization.
    pub reported_to: Option<i64>,
    /// Only reported plans whose receipt is (or is not) acknowledged.
    pub acknowledged: Option<bool>,
}

/// A page of plans, oldest first.
pub async fn plans_page(
    conn: &mut Conn<'_>,
    filter: &PlanFilter,
    visible: &LayoffVisible,
    page: &PageRequest,
) -> QueryResult<Page<PlanRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = visible_plans!(layoff_plans::table.into_boxed(), visible);
            if !filter.statuses.is_empty() {
                query = query.filter(layoff_plans::status.eq_any(&filter.statuses));
            }
            if let Some(employer) = filter.employer {
                query = query.filter(layoff_plans::employer_id.eq(employer));
            }
            if let Some(regions) = &filter.region_ids {
                query = query.filter(layoff_plans::region_id.eq_any(regions));
            }
            if let Some(to) = filter.reported_to {
                query = query.filter(layoff_plans::reported_to_id.eq(to));
            }
            match filter.acknowledged {
                Some(true) => query = query.filter(layoff_plans::acknowledged_at.is_not_null()),
                Some(false) => {
                    query = query
                        .filter(layoff_plans::reported_at.is_not_null())
                        .filter(layoff_plans::acknowledged_at.is_null())
                }
                None => {}
            }
            query.select(PlanRow::as_select())
        };
        Ok(load_page!(c, query(), layoff_plans::id, page))
    })
}

pub async fn update_plan(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &PlanChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<PlanRow>> {
    crate::update_at_version!(
        conn,
        layoff_plans,
        PlanRow,
        id,
        expected_version,
        changes,
        now
    )
}

/// The versions of the plans, oldest first.
pub async fn revisions_of(conn: &mut Conn<'_>, plan_ids: &[i64]) -> QueryResult<Vec<RevisionRow>> {
    on!(conn, |c| layoff_plan_revisions::table
        .filter(layoff_plan_revisions::plan_id.eq_any(plan_ids))
        .order((
            layoff_plan_revisions::plan_id,
            layoff_plan_revisions::revision,
        ))
        .select(RevisionRow::as_select())
        .load(c)
        .await)
}

/// The lists of every version of the plans, in order.
pub async fn workers_of(conn: &mut Conn<'_>, plan_ids: &[i64]) -> QueryResult<Vec<WorkerRow>> {
    on!(conn, |c| layoff_workers::table
        .filter(layoff_workers::plan_id.eq_any(plan_ids))
        .order((
            layoff_workers::plan_id,
            layoff_workers::revision,
            layoff_workers::position,
        ))
        .select(WorkerRow::as_select())
        .load(c)
        .await)
}

/// The posts of every version of the plans.
pub async fn posts_of(conn: &mut Conn<'_>, plan_ids: &[i64]) -> QueryResult<Vec<PostRow>> {
    on!(conn, |c| layoff_posts::table
        .filter(layoff_posts::plan_id.eq_any(plan_ids))
        .order((
            layoff_posts::plan_id,
            layoff_posts::revision,
            layoff_posts::post
        ))
        .select(PostRow::as_select())
        .load(c)
        .await)
}

/// The answer days the regions set, by region.
pub async fn answer_days(conn: &mut Conn<'_>, region_ids: &[i64]) -> QueryResult<Vec<(i64, i32)>> {
    on!(conn, |c| layoff_rules::table
        .filter(layoff_rules::region_id.eq_any(region_ids))
        .select((layoff_rules::region_id, layoff_rules::answer_days))
        .load(c)
        .await)
}

/// Sets (or with `None` removes) a region's answer days.
pub async fn set_answer_days(
    conn: &mut Conn<'_>,
    region_id: i64,
    days: Option<i32>,
    set_by: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(layoff_rules::table.filter(layoff_rules::region_id.eq(region_id)))
            .execute(c)
            .await?;
        if let Some(days) = days {
            diesel::insert_into(layoff_rules::table)
                .values((
                    layoff_rules::region_id.eq(region_id),
                    layoff_rules::answer_days.eq(days),
                    layoff_rules::set_by_id.eq(set_by),
                    layoff_rules::updated_at.eq(now),
                ))
                .execute(c)
                .await?;
        }
        Ok(())
    })
}

pub async fn insert_termination(conn: &mut Conn<'_>, row: &TerminationRow) -> QueryResult<()> {
    on!(conn, |c| diesel::insert_into(layoff_terminations::table)
        .values(row)
        .execute(c)
        .await
        .map(drop))
}

pub async fn insert_service(conn: &mut Conn<'_>, row: &ServiceRow) -> QueryResult<()> {
    on!(conn, |c| diesel::insert_into(layoff_services::table)
        .values(row)
        .execute(c)
        .await
        .map(drop))
}

/// Stores a hiring and the notices of it.
pub async fn insert_hiring(
    conn: &mut Conn<'_>,
    hiring: &HiringRow,
    notices: &[NoticeRow],
) -> QueryResult<()> {
    on!(conn, |c| {
        let id: i64 = diesel::insert_into(layoff_hirings::table)
            .values(hiring)
            .returning(layoff_hirings::id)
            .get_result(c)
            .await?;
        for notice in notices {
            let notice = NoticeRow {
                hiring_id: id,
                ..notice.clone()
            };
            diesel::insert_into(layoff_rehire_notices::table)
                .values(&notice)
                .execute(c)
                .await?;
        }
        Ok(())
    })
}

/// The terminations of the plans, by last day.
pub async fn terminations_of(
    conn: &mut Conn<'_>,
    plan_ids: &[i64],
) -> QueryResult<Vec<TerminationRow>> {
    on!(conn, |c| layoff_terminations::table
        .filter(layoff_terminations::plan_id.eq_any(plan_ids))
        .order((
            layoff_terminations::plan_id,
            layoff_terminations::last_day,
            layoff_terminations::position,
        ))
        .select(TerminationRow::as_select())
        .load(c)
        .await)
}

pub async fn services_of(conn: &mut Conn<'_>, plan_ids: &[i64]) -> QueryResult<Vec<ServiceRow>> {
    on!(conn, |c| layoff_services::table
        .filter(layoff_services::plan_id.eq_any(plan_ids))
        .order(layoff_services::id)
        .select(ServiceRow::as_select())
        .load(c)
        .await)
}

pub async fn hirings_of(conn: &mut Conn<'_>, plan_ids: &[i64]) -> QueryResult<Vec<HiringRow>> {
    on!(conn, |c| layoff_hirings::table
        .filter(layoff_hirings::plan_id.eq_any(plan_ids))
        .order(layoff_hirings::id)
        .select(HiringRow::as_select())
        .load(c)
        .await)
}

pub async fn notices_of(conn: &mut Conn<'_>, plan_ids: &[i64]) -> QueryResult<Vec<NoticeRow>> {
    on!(conn, |c| layoff_rehire_notices::table
        .filter(layoff_rehire_notices::plan_id.eq_any(plan_ids))
        .order((
            layoff_rehire_notices::hiring_id,
            layoff_rehire_notices::id_number,
        ))
        .select(NoticeRow::as_select())
        .load(c)
        .await)
}
