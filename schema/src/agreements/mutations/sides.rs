//! Loading the parties, region and bound employers of a new agreement, for
//! the rules of `agreements::rules::parties` to check.

use async_graphql::ID;

use super::drafts::DraftAgreementInput;
use crate::agreements::rules::parties;
use crate::db::Conn;
use crate::graphql::errors::{ApiError, TxError, UserErrorCode, refuse};
use crate::graphql::ids::{NodeType, decode_as, row_id};
use crate::identity::Viewer;
use crate::identity::authorization::{Acting, act_as_party};
use crate::offers::storage::offers_by_ids;
use crate::organizations::kinds::OrganizationKind::{self, *};
use crate::organizations::places::{place_of, region};
use crate::organizations::rules::region_contains;
use crate::organizations::storage::{
    OrganizationRow, associations_of_employers, organizations_by_ids, region_ids_within,
};

/// The parties, region and bound employers of a new agreement.
pub struct Sides {
    pub offer_id: Option<i64>,
    pub workers: i64,
    pub employer: i64,
    pub region_id: i64,
    pub employers: Vec<i64>,
}

/// The organization an input id names, if the viewer may see it: a hidden
/// one answers exactly as a missing one.
async fn named(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    id: Option<&ID>,
) -> Result<Option<OrganizationRow>, TxError> {
    let Some(id) = id.and_then(|id| decode_as(id, NodeType::Organization)) else {
        return Ok(None);
    };
    let visible = crate::organizations::visibility::organizations(viewer);
    Ok(organizations_by_ids(conn, &[id], &visible).await?.pop())
}

/// The organization named for a side, checked for its kind.
async fn party(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    field: &str,
    id: Option<&ID>,
    kinds: &[OrganizationKind],
) -> Result<OrganizationRow, TxError> {
    let found = named(conn, viewer, id).await?;
    Ok(parties::party(field, id.is_some(), found.as_ref(), kinds)?.clone())
}

/// The sides of the agreement `input` drafts: from its offer, or named.
pub async fn sides(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    input: &DraftAgreementInput,
) -> Result<Sides, TxError> {
    if let Some(offer_id) = &input.offer_id {
        let id = row_id(offer_id, NodeType::Offer)?;
        let visible = crate::offers::visibility::offers(viewer);
        let offer = offers_by_ids(conn, &[id], &visible)
            .await?
            .pop()
            .ok_or_else(|| refuse("offerId", UserErrorCode::NotFound, "no such offer"))?;
        parties::from_offer(offer.status)?;
        return Ok(Sides {
            offer_id: Some(offer.id),
            workers: offer.union_id,
            employer: offer.employer_id,
            region_id: offer.region_id,
            employers: vec![offer.employer_id],
        });
    }
    if !input.kind.covers_many() {
        let employer = party(
            conn,
            viewer,
            "employerPartyId",
            input.employer_party_id.as_ref(),
            &[Employer],
        )
        .await?;
        let workers = party(
            conn,
            viewer,
            "workersPartyId",
            input.workers_party_id.as_ref(),
            &[Union],
        )
        .await?;
        parties::single_employer(&workers, &employer)?;
        return Ok(Sides {
            offer_id: None,
            workers: workers.id,
            employer: employer.id,
            region_id: employer.region_id,
            employers: vec![employer.id],
        });
    }
    let workers = party(
        conn,
        viewer,
        "workersPartyId",
        input.workers_party_id.as_ref(),
        &[Union],
    )
    .await?;
    let employer_kinds = [EmployerAssociation, Employer];
    let employer = party(
        conn,
        viewer,
        "employerPartyId",
        input.employer_party_id.as_ref(),
        &employer_kinds,
    )
    .await?;
    let region_id = match &input.region_id {
        Some(id) => row_id(id, NodeType::Region)
            .map_err(|_| refuse("regionId", UserErrorCode::Invalid, "is not a valid id"))?,
        None => workers.region_id,
    };
    let path = region(conn, region_id)
        .await?
        .map(|r| r.path)
        .ok_or_else(|| refuse("regionId", UserErrorCode::NotFound, "no such region"))?;
    let within = region_ids_within(conn, &path).await?;
    let workers_path = region(conn, workers.region_id).await?.map(|r| r.path);
    let covers = workers_path.is_some_and(|outer| region_contains(&outer, &path));
    parties::federation_over(&workers, covers)?;
    let mut found = Vec::new();
    for id in input.employer_ids.as_deref().unwrap_or_default() {
        found.push(named(conn, viewer, Some(id)).await?);
    }
    let employers = parties::bound_employers(&found, &within)?;
    let members: Vec<i64> = associations_of_employers(conn, &employers)
        .await?
        .into_iter()
        .filter(|(_, association)| *association == employer.id)
        .map(|(member, _)| member)
        .collect();
    parties::binds(&employer, &employers, &members)?;
    Ok(Sides {
        offer_id: None,
        workers: workers.id,
        employer: employer.id,
        region_id,
        employers,
    })
}

/// Acting for either side of a draft about to be created.
pub async fn act_for_new(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    sides: &Sides,
) -> Result<Acting, TxError> {
    for party in [sides.workers, sides.employer] {
        if let Ok(acting) = act_as_party(viewer, &place_of(conn, party).await?) {
            return Ok(acting);
        }
    }
    Err(ApiError::Forbidden.into())
}
