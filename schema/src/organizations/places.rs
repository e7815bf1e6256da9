//! Looking organizations and regions up inside a mutation's transaction:
//! where an organization sits (for the acting rules) and the regions above
//! a region (for rules that regions set).

use super::kinds::OrganizationKind;
use super::storage::{self, OrganizationFilter, OrganizationRow};
use super::visibility::{OrgVisible, Visible};
use crate::db::Conn;
use crate::db::page::PageRequest;
use crate::graphql::errors::{ApiError, TxError};
use crate::identity::authorization::Place;

/// An organization the mutation already knows exists.
pub async fn organization(conn: &mut Conn<'_>, id: i64) -> Result<OrganizationRow, TxError> {
    let row = storage::organizations_by_ids(conn, &[id], &OrgVisible::Everything)
        .await?
        .pop();
    Ok(row.ok_or(ApiError::internal("missing organization"))?)
}

/// Where an organization is, for the acting rules.
pub async fn place_of(conn: &mut Conn<'_>, organization_id: i64) -> Result<Place, TxError> {
    let row = organization(conn, organization_id).await?;
    Ok(Place {
        id: Some(row.id),
        region_id: row.region_id,
        ancestors: storage::ancestors(conn, row.parent_id).await?,
    })
}

/// A region, whoever may see it; `None` when there is no such region.
pub async fn region(
    conn: &mut Conn<'_>,
    region_id: i64,
) -> Result<Option<storage::RegionRow>, TxError> {
    Ok(
        storage::regions_by_ids(conn, &[region_id], &Visible::Everything)
            .await?
            .pop(),
    )
}

/// A region and every region above it, the city first.
pub async fn region_chain(conn: &mut Conn<'_>, region_id: i64) -> Result<Vec<i64>, TxError> {
    let region = region(conn, region_id).await?;
    let region = region.ok_or(ApiError::internal("missing region"))?;
    let mut ids = Vec::new();
    for code in region.path.split('/').filter(|c| !c.is_empty()) {
        if let Some(r) = storage::region_by_code(conn, code).await? {
            ids.push(r.id);
        }
    }
    Ok(ids)
}

/// What the nearest region of `chain` (the city first, as
/// [`region_chain`] gives it) sets, with that region: `set` reads a
/// region's own value, if it sets one.
pub fn nearest<T>(chain: &[i64], set: impl Fn(i64) -> Option<T>) -> Option<(T, i64)> {
    chain
        .iter()
        .rev()
        .find_map(|region| set(*region).map(|value| (value, *region)))
}

/// The labour administrations of a region and of the regions above it,
/// the nearest last.
pub async fn labour_administrations_above(
    conn: &mut Conn<'_>,
    region_id: i64,
) -> Result<Vec<OrganizationRow>, TxError> {
    public_bodies_above(conn, region_id, OrganizationKind::LabourAdministration).await
}

/// The organizations of `kind` in a region and in the regions above it,
/// the nearest last.
pub async fn public_bodies_above(
    conn: &mut Conn<'_>,
    region_id: i64,
    kind: OrganizationKind,
) -> Result<Vec<OrganizationRow>, TxError> {
    let chain = region_chain(conn, region_id).await?;
    let filter = OrganizationFilter {
        kinds: vec![kind],
        region_ids: Some(chain.clone()),
        ..OrganizationFilter::default()
    };
    let page = PageRequest {
        size: 100,
        ..PageRequest::default()
    };
    let mut rows = storage::organizations_page(conn, &filter, &OrgVisible::Everything, &page)
        .await?
        .rows;
    rows.sort_by_key(|o| chain.iter().position(|r| *r == o.region_id));
    Ok(rows)
}

/// The regions of the subtree at `root`, as the viewer sees regions; empty when hidden.
pub async fn region_subtree(
    conn: &mut Conn<'_>,
    viewer: &crate::identity::Viewer,
    root: i64,
) -> Result<Vec<i64>, ApiError> {
    let visible = super::visibility::regions(viewer);
    match storage::regions_by_ids(conn, &[root], &visible)
        .await?
        .pop()
    {
        Some(region) => Ok(storage::region_ids_within(conn, &region.path).await?),
        None => Ok(Vec::new()),
    }
}
