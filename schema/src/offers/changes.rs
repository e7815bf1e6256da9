//! What every offer mutation shares: loading the offer as the viewer sees
//! it, deciding who acts for which party, checking versions and steps, and
//! recording the audit entry and the event of each change.

use async_graphql::Context;
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::kinds::Side;
use super::rules::{Step, after};
use super::storage::{self, OfferChanges, OfferRow};
use super::visibility;
use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::events::storage as events;
pub use crate::graphql::errors::refuse;
use crate::graphql::errors::{self, ApiError, TxError, UserErrorCode};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::authorization::{Acting, act_as_party};
use crate::identity::{audit, viewer};
pub use crate::organizations::places::{organization, place_of, region_chain};

/// An offer as the viewer sees it: NOT_FOUND when missing or hidden.
pub async fn visible_offer(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    id: i64,
) -> Result<OfferRow, TxError> {
    let visible = visibility::offers(viewer(ctx));
    Ok(storage::offers_by_ids(conn, &[id], &visible)
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?)
}

/// CONFLICT when the offer moved on from `expected`.
pub fn check_version(offer: &OfferRow, expected: i32) -> Result<(), TxError> {
    Ok(errors::check_version(offer.version, expected)?)
}

/// Something with a workers' side and an employer's side.
pub trait TwoSided {
    /// The organization of `side`.
    fn party(&self, side: Side) -> i64;
}

impl TwoSided for OfferRow {
    fn party(&self, side: Side) -> i64 {
        match side {
            Side::Workers => self.union_id,
            Side::Employer => self.employer_id,
        }
    }
}

/// Acting for the given side: FORBIDDEN when the viewer may not.
pub async fn act_for_side(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    subject: &impl TwoSided,
    side: Side,
) -> Result<Acting, TxError> {
    let place = place_of(conn, subject.party(side)).await?;
    Ok(act_as_party(viewer(ctx), &place)?)
}

/// Acting for either party; returns the side acted for.
pub async fn act_for_a_party(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    subject: &impl TwoSided,
) -> Result<(Acting, Side), TxError> {
    for side in [Side::Workers, Side::Employer] {
        if let Ok(acting) = act_for_side(ctx, conn, subject, side).await {
            return Ok((acting, side));
        }
    }
    Err(ApiError::Forbidden.into())
}

/// The status after `step`, or a user error saying why not.
pub fn next_status(offer: &OfferRow, step: Step) -> Result<super::kinds::OfferStatus, TxError> {
    after(offer.status, step).map_err(|message| refuse("id", UserErrorCode::RuleViolated, &message))
}

/// Applies changes to an offer at its current version.
pub async fn apply(
    conn: &mut Conn<'_>,
    offer: &OfferRow,
    changes: &OfferChanges,
    now: NaiveDateTime,
) -> Result<OfferRow, TxError> {
    let updated = storage::update_offer(conn, offer.id, offer.version, changes, now).await?;
    Ok(updated.ok_or(ApiError::Conflict {
        current_version: offer.version + 1,
    })?)
}

/// Records the audit entry and the event of a change, telling `concerned`.
/// The payload names both parties; `extra` adds what the template needs.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    acting: Acting,
    operation: &str,
    kind: EventKind,
    offer: &OfferRow,
    concerned: Vec<i64>,
    extra: Value,
) -> Result<(), TxError> {
    let issuer = organization(conn, offer.issuing_organization_id).await?;
    let receiver = organization(conn, offer.receiving_organization_id).await?;
    let mut payload = json!({
        "offer": encode(NodeType::Offer, offer.id),
        "issuer": issuer.name,
        "receiver": receiver.name,
        "category": offer.category.as_str(),
        "status": offer.status.as_str(),
    });
    if let (Some(target), Value::Object(extra)) = (payload.as_object_mut(), extra) {
        target.extend(extra);
    }
    let subject = (NodeType::Offer, offer.id);
    audit::record(conn, now, acting, operation, subject, payload.clone()).await?;
    events::emit(conn, now, acting.user_id, kind, subject, concerned, payload).await?;
    Ok(())
}
