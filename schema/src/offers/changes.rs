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
use crate::graphql::errors::{ApiError, TxError, UserError, UserErrorCode};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::authorization::{Acting, Place, act_as_party};
use crate::identity::{audit, viewer};
use crate::organizations::storage::{self as organization_storage, OrganizationRow};
use crate::organizations::visibility::OrgVisible;

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

/// Where an organization is, for the acting rules.
pub async fn place_of(conn: &mut Conn<'_>, organization_id: i64) -> Result<Place, TxError> {
    let row = organization(conn, organization_id).await?;
    Ok(Place {
        id: Some(row.id),
        region_id: row.region_id,
        ancestors: organization_storage::ancestors(conn, row.parent_id).await?,
    })
}

pub async fn organization(conn: &mut Conn<'_>, id: i64) -> Result<OrganizationRow, TxError> {
    let row = organization_storage::organizations_by_ids(conn, &[id], &OrgVisible::Everything)
        .await?
        .pop();
    Ok(row.ok_or(ApiError::internal("missing organization"))?)
}

/// The organization of a side of the offer.
pub fn party(offer: &OfferRow, side: Side) -> i64 {
    match side {
        Side::Workers => offer.union_id,
        Side::Employer => offer.employer_id,
    }
}

/// Acting for the given side: FORBIDDEN when the viewer may not.
pub async fn act_for_side(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    offer: &OfferRow,
    side: Side,
) -> Result<Acting, TxError> {
    let place = place_of(conn, party(offer, side)).await?;
    Ok(act_as_party(viewer(ctx), &place)?)
}

/// Acting for either party; returns the side acted for.
pub async fn act_for_a_party(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    offer: &OfferRow,
) -> Result<(Acting, Side), TxError> {
    for side in [Side::Workers, Side::Employer] {
        let place = place_of(conn, party(offer, side)).await?;
        if let Ok(acting) = act_as_party(viewer(ctx), &place) {
            return Ok((acting, side));
        }
    }
    Err(ApiError::Forbidden.into())
}

/// CONFLICT when the offer moved on from `expected`.
pub fn check_version(offer: &OfferRow, expected: i32) -> Result<(), TxError> {
    if offer.version == expected {
        Ok(())
    } else {
        Err(ApiError::Conflict {
            current_version: offer.version,
        }
        .into())
    }
}

/// The status after `step`, or a user error saying why not.
pub fn next_status(offer: &OfferRow, step: Step) -> Result<super::kinds::OfferStatus, TxError> {
    after(offer.status, step).map_err(|message| {
        vec![UserError::new(
            &["id"],
            UserErrorCode::RuleViolated,
            message,
        )]
        .into()
    })
}

/// A user error on one field.
pub fn refuse(field: &str, code: UserErrorCode, message: &str) -> TxError {
    vec![UserError::new(&[field], code, message)].into()
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

/// A region and every region above it.
pub async fn region_chain(conn: &mut Conn<'_>, region_id: i64) -> Result<Vec<i64>, TxError> {
    let everything = crate::organizations::visibility::Visible::Everything;
    let region = organization_storage::regions_by_ids(conn, &[region_id], &everything)
        .await?
        .pop();
    let region = region.ok_or(ApiError::internal("missing region"))?;
    let mut ids = Vec::new();
    for code in region.path.split('/').filter(|c| !c.is_empty()) {
        if let Some(r) = organization_storage::region_by_code(conn, code).await? {
            ids.push(r.id);
        }
    }
    Ok(ids)
}
