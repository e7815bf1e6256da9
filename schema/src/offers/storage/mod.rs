//! Storage of campaigns, offers, representatives, sessions and disputes.

mod campaign;
mod negotiation;
mod offer;

pub use campaign::*;
pub use negotiation::*;
pub use offer::*;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::change::Side;
use crate::db::tables::{
    bargaining_disputes, bargaining_sessions, campaigns, offers, representatives,
};
use crate::offers::kinds::{
    CampaignKind, Delivery, DisputeStatus, NegotiationOutcome, OfferCategory, OfferStatus,
    SessionKind,
};

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
