//! Storage of campaigns, offers, representatives, sessions and disputes.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::{
    CampaignKind, Delivery, DisputeStatus, NegotiationOutcome, OfferCategory, OfferStatus,
    SessionKind,
};
use super::visibility::OfferVisible;
use crate::change::Side;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{
    bargaining_disputes, bargaining_sessions, campaigns, deadlines, offer_rules, offers,
    representatives,
};
use crate::deadlines::rules::DeadlineStatus;
use crate::{load_page, on, visible_offers};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = campaigns, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct CampaignRow {
    pub id: i64,
    pub name: String,
    pub kind: CampaignKind,
    pub region_id: i64,
    pub organizer_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub targets: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = campaigns)]
pub struct NewCampaign {
    pub name: String,
    pub kind: CampaignKind,
    pub region_id: i64,
    pub organizer_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub targets: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = offers, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct OfferRow {
    pub id: i64,
    pub campaign_id: Option<i64>,
    pub initiating_side: Side,
    pub issuing_organization_id: i64,
    pub receiving_organization_id: i64,
    pub employer_id: i64,
    pub union_id: i64,
    pub region_id: i64,
    pub category: OfferCategory,
    pub topics: String,
    pub proposed_terms: String,
    pub proposed_time: Option<NaiveDateTime>,
    pub proposed_place: String,
    pub proposed_representatives: i32,
    pub information_requested: String,
    pub status: OfferStatus,
    pub delivery: Option<Delivery>,
    pub issued_at: Option<NaiveDateTime>,
    pub received_at: Option<NaiveDateTime>,
    pub answered_at: Option<NaiveDateTime>,
    pub decline_reason: Option<String>,
    pub decline_flagged_at: Option<NaiveDateTime>,
    pub outcome: Option<NegotiationOutcome>,
    pub outcome_summary: Option<String>,
    pub suspended_until: Option<NaiveDate>,
    pub concluded_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = offers)]
pub struct NewOffer {
    pub campaign_id: Option<i64>,
    pub initiating_side: Side,
    pub issuing_organization_id: i64,
    pub receiving_organization_id: i64,
    pub employer_id: i64,
    pub union_id: i64,
    pub region_id: i64,
    pub category: OfferCategory,
    pub topics: String,
    pub proposed_terms: String,
    pub proposed_time: Option<NaiveDateTime>,
    pub proposed_place: String,
    pub proposed_representatives: i32,
    pub information_requested: String,
    pub status: OfferStatus,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of an offer; `None` leaves a column alone.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = offers)]
pub struct OfferChanges {
    pub status: Option<OfferStatus>,
    pub delivery: Option<Option<Delivery>>,
    pub issued_at: Option<Option<NaiveDateTime>>,
    pub received_at: Option<Option<NaiveDateTime>>,
    pub answered_at: Option<Option<NaiveDateTime>>,
    pub decline_reason: Option<Option<String>>,
    pub decline_flagged_at: Option<Option<NaiveDateTime>>,
    pub outcome: Option<Option<NegotiationOutcome>>,
    pub outcome_summary: Option<Option<String>>,
    pub suspended_until: Option<Option<NaiveDate>>,
    pub concluded_at: Option<Option<NaiveDateTime>>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = representatives, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct RepresentativeRow {
    pub id: i64,
    pub offer_id: i64,
    pub side: Side,
    pub name: String,
    pub position: String,
    pub is_chief: bool,
    pub is_outside_expert: bool,
    pub removed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = bargaining_sessions, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct SessionRow {
    pub id: i64,
    pub offer_id: i64,
    pub kind: SessionKind,
    pub scheduled_at: NaiveDateTime,
    pub place: String,
    pub chairing_side: Side,
    pub note_taker: String,
    pub attendance: Option<String>,
    pub minutes: Option<String>,
    pub held_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = bargaining_disputes, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct DisputeRow {
    pub id: i64,
    pub offer_id: i64,
    pub requested_by: Side,
    pub reason: String,
    pub status: DisputeStatus,
    pub extended_days: i32,
    pub resolution: Option<String>,
    pub opened_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
}

pub async fn insert_campaign(conn: &mut Conn<'_>, new: &NewCampaign) -> QueryResult<CampaignRow> {
    on!(conn, |c| {
        diesel::insert_into(campaigns::table)
            .values(new)
            .returning(CampaignRow::as_returning())
            .get_result(c)
            .await
    })
}

pub async fn campaigns_by_ids(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<CampaignRow>> {
    on!(conn, |c| {
        campaigns::table
            .filter(campaigns::id.eq_any(ids))
            .select(CampaignRow::as_select())
            .load(c)
            .await
    })
}

/// Campaigns in the given regions (`None`: all), newest last.
pub async fn campaigns_page(
    conn: &mut Conn<'_>,
    region_ids: Option<&[i64]>,
    page: &PageRequest,
) -> QueryResult<Page<CampaignRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = campaigns::table
                .select(CampaignRow::as_select())
                .into_boxed();
            if let Some(regions) = region_ids {
                query = query.filter(campaigns::region_id.eq_any(regions));
            }
            query
        };
        Ok(load_page!(c, query(), campaigns::id, page))
    })
}

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
    on!(conn, |c| {
        diesel::update(
            offers::table
                .filter(offers::id.eq(id))
                .filter(offers::version.eq(expected_version)),
        )
        .set((
            changes,
            offers::version.eq(offers::version + 1),
            offers::updated_at.eq(now),
        ))
        .returning(OfferRow::as_returning())
        .get_result(c)
        .await
        .optional()
    })
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
                .and(deadlines::kind.eq(super::rules::OFFER_REPLY.kind))
                .and(deadlines::status.eq(status)),
        )
        .select(deadlines::subject_id)
}

pub async fn offers_page(
    conn: &mut Conn<'_>,
    filter: &OfferFilter,
    visible: &OfferVisible,
    page: &PageRequest,
) -> QueryResult<Page<OfferRow>> {
    on!(conn, |c| {
        let query = || {
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
            if let Some(before) = filter.reply_due_before {
                query = query.filter(offers::id.eq_any(
                    reply_deadlines(DeadlineStatus::Open).filter(deadlines::due_at.le(before)),
                ));
            }
            query.select(OfferRow::as_select())
        };
        Ok(load_page!(c, query(), offers::id, page))
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

/// The current representatives of the given offers.
pub async fn representatives_of(
    conn: &mut Conn<'_>,
    offer_ids: &[i64],
) -> QueryResult<Vec<RepresentativeRow>> {
    on!(conn, |c| {
        representatives::table
            .filter(representatives::offer_id.eq_any(offer_ids))
            .filter(representatives::removed_at.is_null())
            .order(representatives::id)
            .select(RepresentativeRow::as_select())
            .load(c)
            .await
    })
}

pub async fn insert_representative(
    conn: &mut Conn<'_>,
    offer_id: i64,
    side: Side,
    person: &super::representatives::Representative,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(representatives::table)
            .values((
                representatives::offer_id.eq(offer_id),
                representatives::side.eq(side),
                representatives::name.eq(&person.name),
                representatives::position.eq(&person.position),
                representatives::is_chief.eq(person.is_chief),
                representatives::is_outside_expert.eq(person.is_outside_expert),
                representatives::created_at.eq(now),
            ))
            .execute(c)
            .await
            .map(drop)
    })
}

/// Marks representatives removed: these ids, or (with `None`) a whole side.
pub async fn remove_representatives(
    conn: &mut Conn<'_>,
    offer_id: i64,
    side: Side,
    ids: Option<&[i64]>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    on!(conn, |c| {
        let mut target = representatives::table
            .filter(representatives::offer_id.eq(offer_id))
            .filter(representatives::side.eq(side))
            .filter(representatives::removed_at.is_null())
            .select(representatives::id)
            .into_boxed();
        if let Some(ids) = ids {
            target = target.filter(representatives::id.eq_any(ids));
        }
        let ids: Vec<i64> = target.load(c).await?;
        diesel::update(representatives::table.filter(representatives::id.eq_any(&ids)))
            .set(representatives::removed_at.eq(now))
            .execute(c)
            .await
    })
}

pub async fn representative_by_id(
    conn: &mut Conn<'_>,
    id: i64,
) -> QueryResult<Option<RepresentativeRow>> {
    on!(conn, |c| {
        representatives::table
            .filter(representatives::id.eq(id))
            .filter(representatives::removed_at.is_null())
            .select(RepresentativeRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

pub async fn sessions_of(conn: &mut Conn<'_>, offer_ids: &[i64]) -> QueryResult<Vec<SessionRow>> {
    on!(conn, |c| {
        bargaining_sessions::table
            .filter(bargaining_sessions::offer_id.eq_any(offer_ids))
            .order(bargaining_sessions::scheduled_at)
            .select(SessionRow::as_select())
            .load(c)
            .await
    })
}

/// A session to schedule.
#[derive(Debug, Insertable)]
#[diesel(table_name = bargaining_sessions)]
pub struct NewSession {
    pub offer_id: i64,
    pub kind: SessionKind,
    pub scheduled_at: NaiveDateTime,
    pub place: String,
    pub chairing_side: Side,
    pub note_taker: String,
    pub created_at: NaiveDateTime,
}

pub async fn insert_session(conn: &mut Conn<'_>, new: &NewSession) -> QueryResult<SessionRow> {
    on!(conn, |c| {
        diesel::insert_into(bargaining_sessions::table)
            .values(new)
            .returning(SessionRow::as_returning())
            .get_result(c)
            .await
    })
}

pub async fn record_session(
    conn: &mut Conn<'_>,
    id: i64,
    attendance: &str,
    minutes: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<SessionRow>> {
    on!(conn, |c| {
        diesel::update(bargaining_sessions::table.filter(bargaining_sessions::id.eq(id)))
            .set((
                bargaining_sessions::attendance.eq(attendance),
                bargaining_sessions::minutes.eq(minutes),
                bargaining_sessions::held_at.eq(now),
            ))
            .returning(SessionRow::as_returning())
            .get_result(c)
            .await
            .optional()
    })
}

pub async fn session_by_id(conn: &mut Conn<'_>, id: i64) -> QueryResult<Option<SessionRow>> {
    on!(conn, |c| {
        bargaining_sessions::table
            .filter(bargaining_sessions::id.eq(id))
            .select(SessionRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

pub async fn disputes_of(conn: &mut Conn<'_>, offer_ids: &[i64]) -> QueryResult<Vec<DisputeRow>> {
    on!(conn, |c| {
        bargaining_disputes::table
            .filter(bargaining_disputes::offer_id.eq_any(offer_ids))
            .order(bargaining_disputes::id)
            .select(DisputeRow::as_select())
            .load(c)
            .await
    })
}

pub async fn insert_dispute(
    conn: &mut Conn<'_>,
    offer_id: i64,
    requested_by: Side,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<DisputeRow> {
    on!(conn, |c| {
        diesel::insert_into(bargaining_disputes::table)
            .values((
                bargaining_disputes::offer_id.eq(offer_id),
                bargaining_disputes::requested_by.eq(requested_by),
                bargaining_disputes::reason.eq(reason),
                bargaining_disputes::status.eq(DisputeStatus::Open),
                bargaining_disputes::extended_days.eq(0),
                bargaining_disputes::opened_at.eq(now),
            ))
            .returning(DisputeRow::as_returning())
            .get_result(c)
            .await
    })
}

pub async fn dispute_by_id(conn: &mut Conn<'_>, id: i64) -> QueryResult<Option<DisputeRow>> {
    on!(conn, |c| {
        bargaining_disputes::table
            .filter(bargaining_disputes::id.eq(id))
            .select(DisputeRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

pub async fn update_dispute(
    conn: &mut Conn<'_>,
    id: i64,
    extended_days: i32,
    resolution: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<DisputeRow> {
    on!(conn, |c| {
        let resolved = resolution.is_some();
        diesel::update(bargaining_disputes::table.filter(bargaining_disputes::id.eq(id)))
            .set((
                bargaining_disputes::extended_days.eq(extended_days),
                bargaining_disputes::resolution.eq(resolution),
                bargaining_disputes::status.eq(if resolved {
                    DisputeStatus::Resolved
                } else {
                    DisputeStatus::Open
                }),
                bargaining_disputes::resolved_at.eq(resolved.then_some(now)),
            ))
            .returning(DisputeRow::as_returning())
            .get_result(c)
            .await
    })
}

/// The local start rule of a region, if it sets one.
pub async fn start_rule(conn: &mut Conn<'_>, region_ids: &[i64]) -> QueryResult<Option<i32>> {
    let rules: Vec<Option<i32>> = on!(conn, |c| {
        offer_rules::table
            .filter(offer_rules::region_id.eq_any(region_ids))
            .select(offer_rules::start_within_working_days)
            .load(c)
            .await
    })?;
    Ok(rules.into_iter().flatten().min())
}

pub async fn set_start_rule(
    conn: &mut Conn<'_>,
    region_id: i64,
    days: Option<i32>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        let values = (
            offer_rules::start_within_working_days.eq(days),
            offer_rules::updated_at.eq(now),
        );
        diesel::insert_into(offer_rules::table)
            .values((offer_rules::region_id.eq(region_id), values))
            .on_conflict(offer_rules::region_id)
            .do_update()
            .set(values)
            .execute(c)
            .await
            .map(drop)
    })
}
