//! Storage of agreements, the employers they bind, their text versions,
//! comments, votes, reviews, and the regions' filing rules.

mod agreement;
mod association;
mod regional;
mod review;
mod text;

pub use agreement::*;
pub use association::*;
pub use regional::*;
pub use review::*;
pub use text::*;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::agreements::kinds::{
    AgreementKind, AgreementStatus, ReviewOutcome, SpecialSubject, TerminationGround, VotingBody,
};
use crate::db::tables::{
    agreement_comments, agreement_reviews, agreement_rules, agreement_versions, agreements,
    workers_congress_votes,
};

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
    pub workers_signed_delegation: Option<String>,
    pub employer_signed_delegation: Option<String>,
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
    pub workers_signed_delegation: Option<Option<String>>,
    pub employer_signed_delegation: Option<Option<String>>,
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
    pub fn clauses(&self) -> Vec<crate::agreements::clauses::Clause> {
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
    pub filing_days: Option<i32>,
    pub publication_days: Option<i32>,
    pub updated_at: NaiveDateTime,
}
