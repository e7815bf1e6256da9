//! Storage of the votes, and of the filings with their reviews.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::agreements::kinds::ReviewOutcome;
use crate::agreements::visibility::AgreementVisible;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{agreement_reviews, agreements, workers_congress_votes};
use crate::{insert_all, load_page_by_time, on, visible_agreements};

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

/// Stores many filings in one statement (the demo's).
pub async fn insert_reviews(conn: &mut Conn<'_>, new: Vec<ReviewRow>) -> QueryResult<()> {
    insert_all!(conn, agreement_reviews::table, new)
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

/// How many receipts start with `prefix`: those a region issued in a year.
pub async fn receipts_issued(conn: &mut Conn<'_>, prefix: &str) -> QueryResult<i64> {
    let pattern = format!("{prefix}%");
    on!(conn, |c| {
        agreement_reviews::table
            .filter(agreement_reviews::receipt_number.like(pattern))
            .count()
            .get_result(c)
            .await
    })
}
