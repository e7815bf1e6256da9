//! Storage of agreements, the employers they bind, their text versions,
//! comments, votes, reviews, and the regions' filing rules.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::{
    AgreementKind, AgreementStatus, ReviewOutcome, SpecialSubject, TerminationGround, VotingBody,
};
use super::visibility::AgreementVisible;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{
    agreement_comments, agreement_employers, agreement_reviews, agreement_rules,
    agreement_versions, agreements, association_members, employer_profiles, organizations,
    workers_congress_votes,
};
use crate::organizations::kinds::IndustrySection;
use crate::{load_page, load_page_by_time, on, visible_agreements};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = agreements, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct AgreementRow {
    pub id: i64,
    pub kind: AgreementKind,
    pub special_subject: Option<SpecialSubject>,
    pub title: String,
    pub offer_id: Option<i64>,
    pub predecessor_id: Option<i64>,
    pub workers_party_id: i64,
    pub employer_party_id: i64,
    pub region_id: i64,
    pub workers_covered: Option<i32>,
    pub term_starts_on: Option<NaiveDate>,
    pub term_ends_on: Option<NaiveDate>,
    pub term_override_reason: Option<String>,
    pub status: AgreementStatus,
    pub text_version: i32,
    pub next_clause_key: i32,
    pub workers_signed_by: Option<String>,
    pub workers_signed_at: Option<NaiveDateTime>,
    pub employer_signed_by: Option<String>,
    pub employer_signed_at: Option<NaiveDateTime>,
    pub effective_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    pub publication_method: Option<String>,
    pub ended_at: Option<NaiveDateTime>,
    pub termination_ground: Option<TerminationGround>,
    pub termination_note: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl AgreementRow {
    /// When the second chief signed: the agreement's signing.
    pub fn signed_at(&self) -> Option<NaiveDateTime> {
        self.workers_signed_at
            .max(self.employer_signed_at)
            .filter(|_| self.workers_signed_at.is_some() && self.employer_signed_at.is_some())
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = agreements)]
pub struct NewAgreement {
    pub kind: AgreementKind,
    pub special_subject: Option<SpecialSubject>,
    pub title: String,
    pub offer_id: Option<i64>,
    pub predecessor_id: Option<i64>,
    pub workers_party_id: i64,
    pub employer_party_id: i64,
    pub region_id: i64,
    pub workers_covered: Option<i32>,
    pub term_starts_on: Option<NaiveDate>,
    pub term_ends_on: Option<NaiveDate>,
    pub term_override_reason: Option<String>,
    pub status: AgreementStatus,
    pub text_version: i32,
    pub next_clause_key: i32,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of an agreement; `None` leaves a column alone.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = agreements)]
pub struct AgreementChanges {
    pub title: Option<String>,
    pub workers_covered: Option<Option<i32>>,
    pub term_starts_on: Option<Option<NaiveDate>>,
    pub term_ends_on: Option<Option<NaiveDate>>,
    pub term_override_reason: Option<Option<String>>,
    pub status: Option<AgreementStatus>,
    pub text_version: Option<i32>,
    pub next_clause_key: Option<i32>,
    pub workers_signed_by: Option<Option<String>>,
    pub workers_signed_at: Option<Option<NaiveDateTime>>,
    pub employer_signed_by: Option<Option<String>>,
    pub employer_signed_at: Option<Option<NaiveDateTime>>,
    pub effective_at: Option<Option<NaiveDateTime>>,
    pub published_at: Option<Option<NaiveDateTime>>,
    pub publication_method: Option<Option<String>>,
    pub ended_at: Option<Option<NaiveDateTime>>,
    pub termination_ground: Option<Option<TerminationGround>>,
    pub termination_note: Option<Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = agreement_versions, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct VersionRow {
    pub id: i64,
    pub agreement_id: i64,
    pub number: i32,
    pub author_user_id: Option<i64>,
    pub author_organization_id: i64,
    pub note: String,
    pub clauses: String,
    pub created_at: NaiveDateTime,
}

impl VersionRow {
    pub fn clauses(&self) -> Vec<super::clauses::Clause> {
        serde_json::from_str(&self.clauses).unwrap_or_default()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = agreement_versions)]
pub struct NewVersion {
    pub agreement_id: i64,
    pub number: i32,
    pub author_user_id: Option<i64>,
    pub author_organization_id: i64,
    pub note: String,
    pub clauses: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = agreement_comments, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct CommentRow {
    pub id: i64,
    pub agreement_id: i64,
    pub clause_key: i32,
    pub text_version: i32,
    pub author_user_id: Option<i64>,
    pub author_organization_id: i64,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by_user_id: Option<i64>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = agreement_comments)]
pub struct NewComment {
    pub agreement_id: i64,
    pub clause_key: i32,
    pub text_version: i32,
    pub author_user_id: Option<i64>,
    pub author_organization_id: i64,
    pub body: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = workers_congress_votes, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct VoteRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub agreement_id: i64,
    pub text_version: i32,
    pub body: VotingBody,
    pub total_members: i32,
    pub present: i32,
    pub in_favour: i32,
    pub held_on: NaiveDate,
    pub valid: bool,
    pub reason: String,
    pub recorded_by_user_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreement_reviews, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ReviewRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub agreement_id: i64,
    pub reviewer_id: i64,
    pub filed_at: NaiveDateTime,
    pub receipt_number: String,
    pub filed_late: bool,
    pub late_explanation: Option<String>,
    pub outcome: ReviewOutcome,
    pub opinion: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
}

/// A region's filing and publication periods for a kind ('' subject: any).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = agreement_rules, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct RuleRow {
    pub region_id: i64,
    pub kind: AgreementKind,
    pub special_subject: String,
    pub filing_days: i32,
    pub publication_days: i32,
    pub updated_at: NaiveDateTime,
}

pub async fn insert_agreement(
    conn: &mut Conn<'_>,
    new: &NewAgreement,
) -> QueryResult<AgreementRow> {
    on!(conn, |c| {
        diesel::insert_into(agreements::table)
            .values(new)
            .returning(AgreementRow::as_returning())
            .get_result(c)
            .await
    })
}

/// Records the employers an agreement binds.
pub async fn bind_employers(
    conn: &mut Conn<'_>,
    agreement_id: i64,
    employer_ids: &[i64],
) -> QueryResult<()> {
    for employer in employer_ids {
        on!(conn, |c| {
            diesel::insert_into(agreement_employers::table)
                .values((
                    agreement_employers::agreement_id.eq(agreement_id),
                    agreement_employers::employer_id.eq(employer),
                ))
                .execute(c)
                .await
        })?;
    }
    Ok(())
}

/// `(agreement, employer)` pairs of the given agreements.
pub async fn bound_employers(
    conn: &mut Conn<'_>,
    agreement_ids: &[i64],
) -> QueryResult<Vec<(i64, i64)>> {
    on!(conn, |c| {
        agreement_employers::table
            .filter(agreement_employers::agreement_id.eq_any(agreement_ids))
            .order((
                agreement_employers::agreement_id,
                agreement_employers::employer_id,
            ))
            .select((
                agreement_employers::agreement_id,
                agreement_employers::employer_id,
            ))
            .load(c)
            .await
    })
}

/// Applies `changes` if the agreement is still at `expected_version`,
/// bumping it; `None` when someone changed it first.
pub async fn update_agreement(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &AgreementChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<AgreementRow>> {
    on!(conn, |c| {
        diesel::update(
            agreements::table
                .filter(agreements::id.eq(id))
                .filter(agreements::version.eq(expected_version)),
        )
        .set((
            changes,
            agreements::version.eq(agreements::version + 1),
            agreements::updated_at.eq(now),
        ))
        .returning(AgreementRow::as_returning())
        .get_result(c)
        .await
        .optional()
    })
}

pub async fn agreements_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &AgreementVisible,
) -> QueryResult<Vec<AgreementRow>> {
    on!(conn, |c| {
        let query = agreements::table
            .filter(agreements::id.eq_any(ids))
            .into_boxed();
        visible_agreements!(query, visible)
            .select(AgreementRow::as_select())
            .load(c)
            .await
    })
}

/// Filters of the agreement list.
#[derive(Debug, Default)]
pub struct AgreementFilter {
    pub kinds: Vec<AgreementKind>,
    pub statuses: Vec<AgreementStatus>,
    /// Agreements of these regions, or binding an employer in them.
    pub region_ids: Option<Vec<i64>>,
    /// Agreements binding this employer.
    pub employer: Option<i64>,
    /// Agreements binding a member of this association.
    pub association: Option<i64>,
    /// Agreements binding an employer of these industry sections.
    pub industry_sections: Vec<IndustrySection>,
    /// Effective agreements whose term ends on or before this day.
    pub expiring_by: Option<NaiveDate>,
}

pub async fn agreements_page(
    conn: &mut Conn<'_>,
    filter: &AgreementFilter,
    visible: &AgreementVisible,
    page: &PageRequest,
) -> QueryResult<Page<AgreementRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = visible_agreements!(agreements::table.into_boxed(), visible);
            if !filter.kinds.is_empty() {
                query = query.filter(agreements::kind.eq_any(&filter.kinds));
            }
            if !filter.statuses.is_empty() {
                query = query.filter(agreements::status.eq_any(&filter.statuses));
            }
            if let Some(regions) = &filter.region_ids {
                let in_regions = organizations::table
                    .filter(organizations::region_id.eq_any(regions))
                    .select(organizations::id);
                let binding = agreement_employers::table
                    .filter(agreement_employers::employer_id.eq_any(in_regions))
                    .select(agreement_employers::agreement_id);
                query = query.filter(
                    agreements::region_id
                        .eq_any(regions)
                        .or(agreements::id.eq_any(binding)),
                );
            }
            if let Some(employer) = filter.employer {
                query = query.filter(
                    agreements::id.eq_any(
                        agreement_employers::table
                            .filter(agreement_employers::employer_id.eq(employer))
                            .select(agreement_employers::agreement_id),
                    ),
                );
            }
            if let Some(association) = filter.association {
                let members = association_members::table
                    .filter(association_members::association_id.eq(association))
                    .select(association_members::employer_id);
                query = query.filter(
                    agreements::id.eq_any(
                        agreement_employers::table
                            .filter(agreement_employers::employer_id.eq_any(members))
                            .select(agreement_employers::agreement_id),
                    ),
                );
            }
            if !filter.industry_sections.is_empty() {
                let in_sections = employer_profiles::table
                    .filter(employer_profiles::industry_section.eq_any(&filter.industry_sections))
                    .select(employer_profiles::organization_id);
                query = query.filter(
                    agreements::id.eq_any(
                        agreement_employers::table
                            .filter(agreement_employers::employer_id.eq_any(in_sections))
                            .select(agreement_employers::agreement_id),
                    ),
                );
            }
            if let Some(day) = filter.expiring_by {
                query = query
                    .filter(agreements::status.eq(AgreementStatus::Effective))
                    .filter(agreements::term_ends_on.le(day));
            }
            query.select(AgreementRow::as_select())
        };
        Ok(load_page!(c, query(), agreements::id, page))
    })
}

/// Records that `successor` renews `predecessor` (demo history).
pub async fn set_predecessor(
    conn: &mut Conn<'_>,
    successor: i64,
    predecessor: i64,
) -> QueryResult<usize> {
    on!(conn, |c| {
        diesel::update(agreements::table.filter(agreements::id.eq(successor)))
            .set(agreements::predecessor_id.eq(predecessor))
            .execute(c)
            .await
    })
}

/// The agreements that renewed the given ones.
pub async fn successors_of(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    let rows: Vec<(Option<i64>, i64)> = on!(conn, |c| {
        agreements::table
            .filter(agreements::predecessor_id.eq_any(ids))
            .select((agreements::predecessor_id, agreements::id))
            .load(c)
            .await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|(p, id)| p.map(|p| (p, id)))
        .collect())
}

pub async fn insert_version(conn: &mut Conn<'_>, new: &NewVersion) -> QueryResult<VersionRow> {
    on!(conn, |c| {
        diesel::insert_into(agreement_versions::table)
            .values(new)
            .returning(VersionRow::as_returning())
            .get_result(c)
            .await
    })
}

/// The versions of the given agreements; `number`: only that one of each.
pub async fn versions_of(
    conn: &mut Conn<'_>,
    agreement_ids: &[i64],
    number: Option<i32>,
) -> QueryResult<Vec<VersionRow>> {
    on!(conn, |c| {
        let mut query = agreement_versions::table
            .filter(agreement_versions::agreement_id.eq_any(agreement_ids))
            .into_boxed();
        if let Some(number) = number {
            query = query.filter(agreement_versions::number.eq(number));
        }
        query
            .order((agreement_versions::agreement_id, agreement_versions::number))
            .select(VersionRow::as_select())
            .load(c)
            .await
    })
}

/// The current versions of the given agreements.
pub async fn current_versions(
    conn: &mut Conn<'_>,
    agreements_and_numbers: &[(i64, i32)],
) -> QueryResult<Vec<VersionRow>> {
    let ids: Vec<i64> = agreements_and_numbers.iter().map(|(id, _)| *id).collect();
    let numbers: Vec<i32> = agreements_and_numbers.iter().map(|(_, n)| *n).collect();
    let rows: Vec<VersionRow> = on!(conn, |c| {
        agreement_versions::table
            .filter(agreement_versions::agreement_id.eq_any(&ids))
            .filter(agreement_versions::number.eq_any(&numbers))
            .select(VersionRow::as_select())
            .load(c)
            .await
    })?;
    Ok(rows
        .into_iter()
        .filter(|v| agreements_and_numbers.contains(&(v.agreement_id, v.number)))
        .collect())
}

pub async fn insert_comment(conn: &mut Conn<'_>, new: &NewComment) -> QueryResult<CommentRow> {
    on!(conn, |c| {
        diesel::insert_into(agreement_comments::table)
            .values(new)
            .returning(CommentRow::as_returning())
            .get_result(c)
            .await
    })
}

pub async fn comments_of(
    conn: &mut Conn<'_>,
    agreement_ids: &[i64],
) -> QueryResult<Vec<CommentRow>> {
    on!(conn, |c| {
        agreement_comments::table
            .filter(agreement_comments::agreement_id.eq_any(agreement_ids))
            .order(agreement_comments::id)
            .select(CommentRow::as_select())
            .load(c)
            .await
    })
}

pub async fn comment_by_id(conn: &mut Conn<'_>, id: i64) -> QueryResult<Option<CommentRow>> {
    on!(conn, |c| {
        agreement_comments::table
            .find(id)
            .select(CommentRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

/// Marks an open comment resolved; `None` when it already was.
pub async fn resolve_comment(
    conn: &mut Conn<'_>,
    id: i64,
    user_id: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<Option<CommentRow>> {
    on!(conn, |c| {
        diesel::update(
            agreement_comments::table
                .filter(agreement_comments::id.eq(id))
                .filter(agreement_comments::resolved_at.is_null()),
        )
        .set((
            agreement_comments::resolved_at.eq(now),
            agreement_comments::resolved_by_user_id.eq(user_id),
        ))
        .returning(CommentRow::as_returning())
        .get_result(c)
        .await
        .optional()
    })
}

pub async fn insert_vote(conn: &mut Conn<'_>, new: &VoteRow) -> QueryResult<VoteRow> {
    on!(conn, |c| {
        diesel::insert_into(workers_congress_votes::table)
            .values(new)
            .returning(VoteRow::as_returning())
            .get_result(c)
            .await
    })
}

pub async fn votes_of(conn: &mut Conn<'_>, agreement_ids: &[i64]) -> QueryResult<Vec<VoteRow>> {
    on!(conn, |c| {
        workers_congress_votes::table
            .filter(workers_congress_votes::agreement_id.eq_any(agreement_ids))
            .order(workers_congress_votes::id)
            .select(VoteRow::as_select())
            .load(c)
            .await
    })
}

pub async fn insert_review(conn: &mut Conn<'_>, new: &ReviewRow) -> QueryResult<ReviewRow> {
    on!(conn, |c| {
        diesel::insert_into(agreement_reviews::table)
            .values(new)
            .returning(ReviewRow::as_returning())
            .get_result(c)
            .await
    })
}

pub async fn reviews_of(conn: &mut Conn<'_>, agreement_ids: &[i64]) -> QueryResult<Vec<ReviewRow>> {
    on!(conn, |c| {
        agreement_reviews::table
            .filter(agreement_reviews::agreement_id.eq_any(agreement_ids))
            .order(agreement_reviews::id)
            .select(ReviewRow::as_select())
            .load(c)
            .await
    })
}

/// Ends the pending review of an agreement; `None` when none is pending.
pub async fn decide_review(
    conn: &mut Conn<'_>,
    agreement_id: i64,
    outcome: ReviewOutcome,
    opinion: Option<String>,
    now: NaiveDateTime,
) -> QueryResult<Option<ReviewRow>> {
    on!(conn, |c| {
        diesel::update(
            agreement_reviews::table
                .filter(agreement_reviews::agreement_id.eq(agreement_id))
                .filter(agreement_reviews::outcome.eq(ReviewOutcome::Pending)),
        )
        .set((
            agreement_reviews::outcome.eq(outcome),
            agreement_reviews::opinion.eq(opinion),
            agreement_reviews::decided_at.eq(now),
        ))
        .returning(ReviewRow::as_returning())
        .get_result(c)
        .await
        .optional()
    })
}

/// Pending reviews of visible agreements, oldest filing first.
pub async fn review_queue_page(
    conn: &mut Conn<'_>,
    reviewers: Option<&[i64]>,
    visible: &AgreementVisible,
    page: &PageRequest,
) -> QueryResult<Page<ReviewRow>> {
    on!(conn, |c| {
        let query = || {
            let seen =
                visible_agreements!(agreements::table.into_boxed(), visible).select(agreements::id);
            let mut query = agreement_reviews::table
                .filter(agreement_reviews::outcome.eq(ReviewOutcome::Pending))
                .filter(agreement_reviews::agreement_id.eq_any(seen))
                .select(ReviewRow::as_select())
                .into_boxed();
            if let Some(reviewers) = reviewers {
                query = query.filter(agreement_reviews::reviewer_id.eq_any(reviewers));
            }
            query
        };
        Ok(load_page_by_time!(
            c,
            query(),
            agreement_reviews::filed_at,
            agreement_reviews::id,
            page
        ))
    })
}

/// The rules of the given regions for a kind.
pub async fn rules_for(
    conn: &mut Conn<'_>,
    region_ids: &[i64],
    kind: AgreementKind,
) -> QueryResult<Vec<RuleRow>> {
    on!(conn, |c| {
        agreement_rules::table
            .filter(agreement_rules::region_id.eq_any(region_ids))
            .filter(agreement_rules::kind.eq(kind))
            .select(RuleRow::as_select())
            .load(c)
            .await
    })
}

/// Sets (or, with `None`, removes) a region's rule for a kind and subject.
pub async fn set_rule(
    conn: &mut Conn<'_>,
    region_id: i64,
    kind: AgreementKind,
    subject: &str,
    days: Option<(i32, i32)>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(
            agreement_rules::table
                .filter(agreement_rules::region_id.eq(region_id))
                .filter(agreement_rules::kind.eq(kind))
                .filter(agreement_rules::special_subject.eq(subject)),
        )
        .execute(c)
        .await
    })?;
    if let Some((filing, publication)) = days {
        on!(conn, |c| {
            diesel::insert_into(agreement_rules::table)
                .values((
                    agreement_rules::region_id.eq(region_id),
                    agreement_rules::kind.eq(kind),
                    agreement_rules::special_subject.eq(subject),
                    agreement_rules::filing_days.eq(filing),
                    agreement_rules::publication_days.eq(publication),
                    agreement_rules::updated_at.eq(now),
                ))
                .execute(c)
                .await
        })?;
    }
    Ok(())
}

/// Member employers of an association, with the workers they employ.
pub async fn members_with_headcount(
    conn: &mut Conn<'_>,
    association_id: i64,
) -> QueryResult<Vec<(i64, i32)>> {
    on!(conn, |c| {
        association_members::table
            .inner_join(
                employer_profiles::table
                    .on(employer_profiles::organization_id.eq(association_members::employer_id)),
            )
            .filter(association_members::association_id.eq(association_id))
            .order(association_members::employer_id)
            .select((
                association_members::employer_id,
                employer_profiles::headcount,
            ))
            .load(c)
            .await
    })
}

/// Every agreement binding one of `employer_ids`, with the employer.
pub async fn agreements_binding(
    conn: &mut Conn<'_>,
    employer_ids: &[i64],
) -> QueryResult<Vec<(i64, AgreementRow)>> {
    on!(conn, |c| {
        agreement_employers::table
            .inner_join(agreements::table)
            .filter(agreement_employers::employer_id.eq_any(employer_ids))
            .select((agreement_employers::employer_id, AgreementRow::as_select()))
            .load(c)
            .await
    })
}
