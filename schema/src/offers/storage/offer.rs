//! Storage of offers: writes at a version, lookups through visibility, the list and its filters.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest, SortKey, coalesce, never};
use crate::db::tables::{deadlines, offers};
use crate::deadlines::rules::DeadlineStatus;
use crate::offers::kinds::{OfferCategory, OfferStatus};
use crate::offers::visibility::OfferVisible;
use crate::organizations::storage::EmployerSearch;
use crate::{load_page, load_page_sorted, on, searched_employers, visible_offers};

pub async fn insert_offer(conn: &mut Conn<'_>, new: &NewOffer) -> QueryResult<OfferRow> {
    on!(conn, |c| {
        diesel::insert_into(offers::table)
            .values(new)
            .returning(OfferRow::as_returning())
            .get_result(c)
            .await
    })
}

/// Applies `changes` if the offer is still at `expected_version`, bumping it;
/// `None` when someone changed it first.
pub async fn update_offer(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &OfferChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<OfferRow>> {
    crate::update_at_version!(conn, offers, OfferRow, id, expected_version, changes, now)
}

pub async fn offers_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &OfferVisible,
) -> QueryResult<Vec<OfferRow>> {
    on!(conn, |c| {
        let query = offers::table.filter(offers::id.eq_any(ids)).into_boxed();
        visible_offers!(query, visible)
            .select(OfferRow::as_select())
            .load(c)
            .await
    })
}

/// Filters of the offer list.
#[derive(Debug, Default)]
pub struct OfferFilter {
    pub statuses: Vec<OfferStatus>,
    pub categories: Vec<OfferCategory>,
    pub campaign: Option<i64>,
    pub region_ids: Option<Vec<i64>>,
    pub employer: Option<i64>,
    /// Only offers whose reply deadline was missed (true) or not (false).
    pub overdue: Option<bool>,
    /// Only offers whose open reply deadline falls before this instant.
    pub reply_due_before: Option<NaiveDateTime>,
    /// Only offers concerning the employers this finds.
    pub employer_search: EmployerSearch,
}

/// The query of the ids of offers whose reply deadline has a status.
type ReplyDeadlineIds = diesel::dsl::Select<
    diesel::dsl::Filter<
        deadlines::table,
        diesel::dsl::And<
            diesel::dsl::And<
                diesel::dsl::Eq<deadlines::subject_type, &'static str>,
                diesel::dsl::Eq<deadlines::kind, crate::deadlines::kinds::DeadlineKind>,
            >,
            diesel::dsl::Eq<deadlines::status, DeadlineStatus>,
        >,
    >,
    deadlines::subject_id,
>;

/// The ids of offers whose reply deadline has the given status.
fn reply_deadlines(status: DeadlineStatus) -> ReplyDeadlineIds {
    deadlines::table
        .filter(
            deadlines::subject_type
                .eq("Offer")
                .and(deadlines::kind.eq(crate::offers::rules::OFFER_REPLY.kind))
                .and(deadlines::status.eq(status)),
        )
        .select(deadlines::subject_id)
}

/// The boxed query of the offers `$filter` keeps of those `$visible`.
macro_rules! filtered_offers {
    ($filter:expr, $visible:expr) => {{
        let (filter, visible): (&OfferFilter, &OfferVisible) = ($filter, $visible);
        let mut query = visible_offers!(offers::table.into_boxed(), visible);
        if !filter.statuses.is_empty() {
            query = query.filter(offers::status.eq_any(&filter.statuses));
        }
        if !filter.categories.is_empty() {
            query = query.filter(offers::category.eq_any(&filter.categories));
        }
        if let Some(campaign) = filter.campaign {
            query = query.filter(offers::campaign_id.eq(campaign));
        }
        if let Some(regions) = &filter.region_ids {
            query = query.filter(offers::region_id.eq_any(regions));
        }
        if let Some(employer) = filter.employer {
            query = query.filter(offers::employer_id.eq(employer));
        }
        match filter.overdue {
            Some(true) => {
                query = query.filter(offers::id.eq_any(reply_deadlines(DeadlineStatus::Missed)))
            }
            Some(false) => {
                query = query.filter(offers::id.ne_all(reply_deadlines(DeadlineStatus::Missed)))
            }
            None => {}
        }
        searched_employers!(query, &filter.employer_search, |ids| offers::employer_id
            .eq_any(ids));
        if let Some(before) = filter.reply_due_before {
            query = query.filter(offers::id.eq_any(
                reply_deadlines(DeadlineStatus::Open).filter(deadlines::due_at.le(before)),
            ));
        }
        query
    }};
}

pub async fn offers_page(
    conn: &mut Conn<'_>,
    filter: &OfferFilter,
    visible: &OfferVisible,
    page: &PageRequest,
) -> QueryResult<Page<OfferRow>> {
    on!(conn, |c| {
        Ok(load_page!(
            c,
            filtered_offers!(filter, visible).select(OfferRow::as_select()),
            offers::id,
            page
        ))
    })
}

/// One page of the offers `filter` keeps, by when their reply is due (those
/// without a reply deadline, drafts, as due last), each with that instant;
/// `None` for a cursor of another order.
pub async fn offers_by_reply_due(
    conn: &mut Conn<'_>,
    filter: &OfferFilter,
    visible: &OfferVisible,
    page: &PageRequest,
    descending: bool,
) -> QueryResult<Option<Page<(OfferRow, SortKey)>>> {
    let Ok((after, before)) = page.keys(SortKey::time) else {
        return Ok(None);
    };
    let due = || {
        coalesce(
            deadlines::table
                .filter(deadlines::subject_type.eq("Offer"))
                .filter(deadlines::kind.eq(crate::offers::rules::OFFER_REPLY.kind))
                .filter(deadlines::subject_id.eq(offers::id))
                .select(diesel::dsl::max(deadlines::due_at))
                .single_value(),
            never(),
        )
    };
    on!(conn, |c| {
        let page: Page<(OfferRow, NaiveDateTime)> = load_page_sorted!(
            c,
            filtered_offers!(filter, visible),
            OfferRow::as_select(),
            due(),
            offers::id,
            page,
            descending,
            after,
            before
        );
        Ok(Some(page.map(|(row, at)| (row, SortKey::Time(at)))))
    })
}

/// Every visible offer of a campaign, for its progress.
pub async fn campaign_offers(
    conn: &mut Conn<'_>,
    campaign: i64,
    visible: &OfferVisible,
) -> QueryResult<Vec<OfferRow>> {
    on!(conn, |c| {
        let query = offers::table
            .filter(offers::campaign_id.eq(campaign))
            .into_boxed();
        visible_offers!(query, visible)
            .select(OfferRow::as_select())
            .load(c)
            .await
    })
}

/// Which of the given offers missed their reply deadline.
pub async fn overdue_among(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<i64>> {
    on!(conn, |c| reply_deadlines(DeadlineStatus::Missed)
        .filter(deadlines::subject_id.eq_any(ids))
        .load(c)
        .await)
}
