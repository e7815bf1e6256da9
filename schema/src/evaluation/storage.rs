//! Storage of guides, evaluations with their scores, surveys and links,
//! and harmony titles.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::{
    EvaluationLinkKind, EvaluationStatus, GuideStatus, Nomination, SurveyRate, TitleLevel,
};
use super::visibility::EvaluationVisible;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{
    bargaining_evaluations, evaluation_guides, evaluation_links, evaluation_scores,
    evaluation_surveys, harmony_titles,
};
use crate::{load_page, on, visible_evaluations};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = evaluation_guides, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct GuideRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub code: String,
    pub edition: i32,
    pub title: String,
    pub sample: bool,
    pub status: GuideStatus,
    pub body: String,
    pub max_points: i32,
    pub loaded_by_id: Option<i64>,
    pub published_at: Option<NaiveDateTime>,
    pub superseded_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of a guide edition.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = evaluation_guides)]
pub struct GuideChanges {
    pub title: Option<String>,
    pub sample: Option<bool>,
    pub status: Option<GuideStatus>,
    pub body: Option<String>,
    pub max_points: Option<i32>,
    pub published_at: Option<NaiveDateTime>,
    pub superseded_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = bargaining_evaluations, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct EvaluationRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub employer_id: i64,
    pub region_id: i64,
    pub union_id: Option<i64>,
    pub year: i32,
    pub guide_id: i64,
    pub status: EvaluationStatus,
    pub summary: Option<String>,
    pub total: i32,
    pub grade: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub returned_at: Option<NaiveDateTime>,
    pub return_reason: Option<String>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub confirmed_by_id: Option<i64>,
    pub confirmation_note: Option<String>,
    pub confirmed_total: Option<i32>,
    pub confirmed_grade: Option<String>,
    pub filed_at: Option<NaiveDateTime>,
    pub filed_with_id: Option<i64>,
    pub receipt_number: Option<String>,
    pub nomination: Option<Nomination>,
    pub nominated_at: Option<NaiveDateTime>,
    pub nomination_note: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of an evaluation.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = bargaining_evaluations)]
pub struct EvaluationChanges {
    pub status: Option<EvaluationStatus>,
    pub summary: Option<Option<String>>,
    pub total: Option<i32>,
    pub grade: Option<Option<String>>,
    pub submitted_at: Option<NaiveDateTime>,
    pub returned_at: Option<NaiveDateTime>,
    pub return_reason: Option<String>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub confirmed_by_id: Option<i64>,
    pub confirmation_note: Option<Option<String>>,
    pub confirmed_total: Option<i32>,
    pub confirmed_grade: Option<Option<String>>,
    pub filed_at: Option<NaiveDateTime>,
    pub filed_with_id: Option<i64>,
    pub receipt_number: Option<String>,
    pub nomination: Option<Nomination>,
    pub nominated_at: Option<NaiveDateTime>,
    pub nomination_note: Option<Option<String>>,
}

/// A scoring point's score in an evaluation.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = evaluation_scores, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ScoreRow {
    pub evaluation_id: i64,
    pub position: i32,
    pub code: String,
    pub score: i32,
    pub note: Option<String>,
    pub adjusted: Option<i32>,
    pub adjustment_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = evaluation_surveys, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct SurveyRow {
    pub evaluation_id: i64,
    pub rate: SurveyRate,
    pub sample: i32,
    pub positive: i32,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = evaluation_links, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct LinkRow {
    pub evaluation_id: i64,
    pub kind: EvaluationLinkKind,
    pub subject_id: i64,
}

/// An evaluation's sheet: its scores, surveys and links, written whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub scores: Vec<ScoreRow>,
    pub surveys: Vec<SurveyRow>,
    pub links: Vec<LinkRow>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = harmony_titles, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct TitleRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub employer_id: i64,
    pub region_id: i64,
    pub title: String,
    pub level: TitleLevel,
    pub year: i32,
    pub named_by: String,
    pub document: String,
    pub valid_until: Option<NaiveDate>,
    pub revoked_at: Option<NaiveDateTime>,
    pub revocation_reason: Option<String>,
    pub recorded_by_id: Option<i64>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of a title.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = harmony_titles)]
pub struct TitleChanges {
    pub revoked_at: Option<NaiveDateTime>,
    pub revocation_reason: Option<String>,
}

pub async fn insert_guide(conn: &mut Conn<'_>, row: &GuideRow) -> QueryResult<GuideRow> {
    on!(conn, |c| diesel::insert_into(evaluation_guides::table)
        .values(row)
        .returning(GuideRow::as_returning())
        .get_result(c)
        .await)
}

/// Guide editions by id, drafts too (for the editions evaluations name).
pub async fn editions_by_ids(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<GuideRow>> {
    guides_by_ids(conn, ids, true).await
}

/// Guide editions by id, drafts only when `drafts`.
pub async fn guides_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    drafts: bool,
) -> QueryResult<Vec<GuideRow>> {
    on!(conn, |c| {
        let mut query = evaluation_guides::table
            .filter(evaluation_guides::id.eq_any(ids))
            .into_boxed();
        if !drafts {
            query = query.filter(evaluation_guides::status.ne(GuideStatus::Draft));
        }
        query.select(GuideRow::as_select()).load(c).await
    })
}

/// Every edition of every scheme (or of `code`), by code and edition;
/// drafts only when `drafts`.
pub async fn guides(
    conn: &mut Conn<'_>,
    code: Option<&str>,
    drafts: bool,
) -> QueryResult<Vec<GuideRow>> {
    on!(conn, |c| {
        let mut query = evaluation_guides::table.into_boxed();
        if let Some(code) = code {
            query = query.filter(evaluation_guides::code.eq(code));
        }
        if !drafts {
            query = query.filter(evaluation_guides::status.ne(GuideStatus::Draft));
        }
        query
            .order((evaluation_guides::code, evaluation_guides::edition))
            .select(GuideRow::as_select())
            .load(c)
            .await
    })
}

/// The highest edition number of `code` so far, 0 for none.
pub async fn last_edition(conn: &mut Conn<'_>, code: &str) -> QueryResult<i32> {
    let last: Option<i32> = on!(conn, |c| evaluation_guides::table
        .filter(evaluation_guides::code.eq(code))
        .select(diesel::dsl::max(evaluation_guides::edition))
        .get_result(c)
        .await)?;
    Ok(last.unwrap_or(0))
}

pub async fn update_guide(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &GuideChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<GuideRow>> {
    crate::update_at_version!(
        conn,
        evaluation_guides,
        GuideRow,
        id,
        expected_version,
        changes,
        now
    )
}

/// Marks the published edition of `code` other than `except` superseded.
pub async fn supersede(
    conn: &mut Conn<'_>,
    code: &str,
    except: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    on!(conn, |c| diesel::update(
        evaluation_guides::table
            .filter(evaluation_guides::code.eq(code))
            .filter(evaluation_guides::status.eq(GuideStatus::Published))
            .filter(evaluation_guides::id.ne(except))
    )
    .set((
        evaluation_guides::status.eq(GuideStatus::Superseded),
        evaluation_guides::superseded_at.eq(now),
        evaluation_guides::version.eq(evaluation_guides::version + 1),
        evaluation_guides::updated_at.eq(now),
    ))
    .execute(c)
    .await)
}

/// Stores a new evaluation with its sheet.
pub async fn insert_evaluation(
    conn: &mut Conn<'_>,
    row: &EvaluationRow,
    sheet: &Sheet,
) -> QueryResult<EvaluationRow> {
    let row = on!(conn, |c| diesel::insert_into(bargaining_evaluations::table)
        .values(row)
        .returning(EvaluationRow::as_returning())
        .get_result(c)
        .await)?;
    replace_sheet(conn, row.id, sheet).await?;
    Ok(row)
}

/// Replaces the sheet of evaluation `id` by `sheet`.
pub async fn replace_sheet(conn: &mut Conn<'_>, id: i64, sheet: &Sheet) -> QueryResult<()> {
    let scores: Vec<ScoreRow> = sheet
        .scores
        .iter()
        .map(|s| ScoreRow {
            evaluation_id: id,
            ..s.clone()
        })
        .collect();
    let surveys: Vec<SurveyRow> = sheet
        .surveys
        .iter()
        .map(|s| SurveyRow {
            evaluation_id: id,
            ..s.clone()
        })
        .collect();
    let links: Vec<LinkRow> = sheet
        .links
        .iter()
        .map(|l| LinkRow {
            evaluation_id: id,
            ..l.clone()
        })
        .collect();
    on!(conn, |c| {
        diesel::delete(evaluation_scores::table.filter(evaluation_scores::evaluation_id.eq(id)))
            .execute(c)
            .await?;
        diesel::delete(evaluation_surveys::table.filter(evaluation_surveys::evaluation_id.eq(id)))
            .execute(c)
            .await?;
        diesel::delete(evaluation_links::table.filter(evaluation_links::evaluation_id.eq(id)))
            .execute(c)
            .await?;
        for row in &scores {
            diesel::insert_into(evaluation_scores::table)
                .values(row)
                .execute(c)
                .await?;
        }
        for row in &surveys {
            diesel::insert_into(evaluation_surveys::table)
                .values(row)
                .execute(c)
                .await?;
        }
        for row in &links {
            diesel::insert_into(evaluation_links::table)
                .values(row)
                .execute(c)
                .await?;
        }
        Ok(())
    })
}

/// Records the confirming office's adjustment of one point.
pub async fn adjust_score(
    conn: &mut Conn<'_>,
    id: i64,
    code: &str,
    adjusted: i32,
    reason: &str,
) -> QueryResult<()> {
    on!(conn, |c| diesel::update(
        evaluation_scores::table
            .filter(evaluation_scores::evaluation_id.eq(id))
            .filter(evaluation_scores::code.eq(code))
    )
    .set((
        evaluation_scores::adjusted.eq(adjusted),
        evaluation_scores::adjustment_reason.eq(reason),
    ))
    .execute(c)
    .await)?;
    Ok(())
}

pub async fn evaluations_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &EvaluationVisible,
) -> QueryResult<Vec<EvaluationRow>> {
    on!(conn, |c| {
        let query = bargaining_evaluations::table
            .filter(bargaining_evaluations::id.eq_any(ids))
            .into_boxed();
        visible_evaluations!(query, visible)
            .select(EvaluationRow::as_select())
            .load(c)
            .await
    })
}

/// Which evaluations to list.
#[derive(Debug, Clone, Default)]
pub struct EvaluationFilter {
    pub statuses: Vec<EvaluationStatus>,
    pub employer: Option<i64>,
    pub year: Option<i32>,
    pub region_ids: Option<Vec<i64>>,
    pub nominated: Option<bool>,
}

/// A page of evaluations, oldest first.
pub async fn evaluations_page(
    conn: &mut Conn<'_>,
    filter: &EvaluationFilter,
    visible: &EvaluationVisible,
    page: &PageRequest,
) -> QueryResult<Page<EvaluationRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query =
                visible_evaluations!(bargaining_evaluations::table.into_boxed(), visible);
            if !filter.statuses.is_empty() {
                query = query.filter(bargaining_evaluations::status.eq_any(&filter.statuses));
            }
            if let Some(employer) = filter.employer {
                query = query.filter(bargaining_evaluations::employer_id.eq(employer));
            }
            if let Some(year) = filter.year {
                query = query.filter(bargaining_evaluations::year.eq(year));
            }
            if let Some(regions) = &filter.region_ids {
                query = query.filter(bargaining_evaluations::region_id.eq_any(regions));
            }
            match filter.nominated {
                Some(true) => {
                    query = query.filter(bargaining_evaluations::nomination.is_not_null())
                }
                Some(false) => query = query.filter(bargaining_evaluations::nomination.is_null()),
                None => {}
            }
            query.select(EvaluationRow::as_select())
        };
        Ok(load_page!(c, query(), bargaining_evaluations::id, page))
    })
}

/// The evaluation of `employer` for `year`, whoever sees it.
pub async fn evaluation_of(
    conn: &mut Conn<'_>,
    employer: i64,
    year: i32,
) -> QueryResult<Option<EvaluationRow>> {
    on!(conn, |c| bargaining_evaluations::table
        .filter(bargaining_evaluations::employer_id.eq(employer))
        .filter(bargaining_evaluations::year.eq(year))
        .select(EvaluationRow::as_select())
        .first(c)
        .await
        .optional())
}

/// How many evaluations `office` has filed in `year` so far.
pub async fn filed_count(conn: &mut Conn<'_>, office: i64, year: i32) -> QueryResult<i64> {
    let prefix_year = year;
    on!(conn, |c| bargaining_evaluations::table
        .filter(bargaining_evaluations::filed_with_id.eq(office))
        .filter(bargaining_evaluations::receipt_number.is_not_null())
        .filter(bargaining_evaluations::receipt_number.like(format!("%-{prefix_year}-%")))
        .count()
        .get_result(c)
        .await)
}

pub async fn update_evaluation(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &EvaluationChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<EvaluationRow>> {
    crate::update_at_version!(
        conn,
        bargaining_evaluations,
        EvaluationRow,
        id,
        expected_version,
        changes,
        now
    )
}

pub async fn scores_of(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<ScoreRow>> {
    on!(conn, |c| evaluation_scores::table
        .filter(evaluation_scores::evaluation_id.eq_any(ids))
        .order((
            evaluation_scores::evaluation_id,
            evaluation_scores::position
        ))
        .select(ScoreRow::as_select())
        .load(c)
        .await)
}

pub async fn surveys_of(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<SurveyRow>> {
    on!(conn, |c| evaluation_surveys::table
        .filter(evaluation_surveys::evaluation_id.eq_any(ids))
        .order((evaluation_surveys::evaluation_id, evaluation_surveys::rate))
        .select(SurveyRow::as_select())
        .load(c)
        .await)
}

pub async fn links_of(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<LinkRow>> {
    on!(conn, |c| evaluation_links::table
        .filter(evaluation_links::evaluation_id.eq_any(ids))
        .order((
            evaluation_links::evaluation_id,
            evaluation_links::kind,
            evaluation_links::subject_id,
        ))
        .select(LinkRow::as_select())
        .load(c)
        .await)
}

/// The sheet of evaluation `id`.
pub async fn sheet_of(conn: &mut Conn<'_>, id: i64) -> QueryResult<Sheet> {
    Ok(Sheet {
        scores: scores_of(conn, &[id]).await?,
        surveys: surveys_of(conn, &[id]).await?,
        links: links_of(conn, &[id]).await?,
    })
}

pub async fn insert_title(conn: &mut Conn<'_>, row: &TitleRow) -> QueryResult<TitleRow> {
    on!(conn, |c| diesel::insert_into(harmony_titles::table)
        .values(row)
        .returning(TitleRow::as_returning())
        .get_result(c)
        .await)
}

pub async fn titles_by_ids(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<TitleRow>> {
    on!(conn, |c| harmony_titles::table
        .filter(harmony_titles::id.eq_any(ids))
        .select(TitleRow::as_select())
        .load(c)
        .await)
}

/// The titles of these employers, oldest first.
pub async fn titles_of(conn: &mut Conn<'_>, employers: &[i64]) -> QueryResult<Vec<TitleRow>> {
    on!(conn, |c| harmony_titles::table
        .filter(harmony_titles::employer_id.eq_any(employers))
        .order((harmony_titles::employer_id, harmony_titles::id))
        .select(TitleRow::as_select())
        .load(c)
        .await)
}

pub async fn update_title(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &TitleChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<TitleRow>> {
    crate::update_at_version!(
        conn,
        harmony_titles,
        TitleRow,
        id,
        expected_version,
        changes,
        now
    )
}
