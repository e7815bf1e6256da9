//! Where an organization sits: its parents, its ancestors, and the city office at the root.

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::tables::{organizations, regions};
use crate::on;
use crate::organizations::kinds::OrganizationKind;

/// The parents of the given organizations, as `(id, parent_id)`.
pub async fn parents_of(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<(i64, Option<i64>)>> {
    on!(conn, |c| {
        organizations::table
            .filter(organizations::id.eq_any(ids))
            .select((organizations::id, organizations::parent_id))
            .load(c)
            .await
    })
}

/// The organizations above `parent` (itself first), nearest first.
pub async fn ancestors(conn: &mut Conn<'_>, parent: Option<i64>) -> QueryResult<Vec<i64>> {
    let mut chain = Vec::new();
    let mut next = parent;
    // The trees are a few levels deep; the bound guards against bad data.
    while let Some(id) = next.filter(|id| !chain.contains(id) && chain.len() < 16) {
        chain.push(id);
        next = parents_of(conn, &[id])
            .await?
            .into_iter()
            .next()
            .and_then(|(_, parent)| parent);
    }
    Ok(chain)
}

/// The city tripartite office: the organization designated as such.
pub async fn root_office(conn: &mut Conn<'_>) -> QueryResult<Option<OrganizationRow>> {
    on!(conn, |c| {
        organizations::table
            .filter(organizations::city_office.eq(true))
            .select(OrganizationRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

/// Designates the city tripartite office; done once, at the first start.
pub async fn designate_city_office(conn: &mut Conn<'_>, id: i64) -> QueryResult<OrganizationRow> {
    on!(conn, |c| {
        diesel::update(organizations::table.find(id))
            .set(organizations::city_office.eq(true))
            .returning(OrganizationRow::as_returning())
            .get_result(c)
            .await
    })
}

/// Locks an organization's row until the transaction ends, so that work
/// done once for it (the yearly holiday-notice request) is not done twice
/// by two instances; false when another transaction holds it (PostgreSQL;
/// on SQLite the one writer is alone anyway).
pub async fn claim(conn: &mut Conn<'_>, id: i64) -> QueryResult<bool> {
    let ids = crate::locked_ids!(
        conn,
        organizations::table
            .filter(organizations::id.eq(id))
            .select(organizations::id)
    )?;
    Ok(!ids.is_empty())
}

/// The grassroots unions of an employer.
pub async fn unions_of(conn: &mut Conn<'_>, employer_id: i64) -> QueryResult<Vec<OrganizationRow>> {
    on!(conn, |c| {
        organizations::table
            .filter(organizations::employer_id.eq(employer_id))
            .filter(organizations::kind.eq(OrganizationKind::Union))
            .order(organizations::id)
            .select(OrganizationRow::as_select())
            .load(c)
            .await
    })
}

/// The union federations (unions of no employer), as `(id, region path)`.
pub async fn federations(conn: &mut Conn<'_>) -> QueryResult<Vec<(i64, String)>> {
    on!(conn, |c| {
        organizations::table
            .inner_join(regions::table)
            .filter(organizations::kind.eq(OrganizationKind::Union))
            .filter(organizations::employer_id.is_null())
            .order(organizations::id)
            .select((organizations::id, regions::path))
            .load(c)
            .await
    })
}

/// The tripartite offices, labour administrations and union federations
/// of the given regions.
pub async fn public_bodies_in(conn: &mut Conn<'_>, region_ids: &[i64]) -> QueryResult<Vec<i64>> {
    on!(conn, |c| {
        organizations::table
            .filter(organizations::region_id.eq_any(region_ids))
            .filter(
                organizations::kind
                    .eq_any([
                        OrganizationKind::TripartiteOffice,
                        OrganizationKind::LabourAdministration,
                    ])
                    .or(organizations::kind
                        .eq(OrganizationKind::Union)
                        .and(organizations::employer_id.is_null())),
            )
            .order(organizations::id)
            .select(organizations::id)
            .load(c)
            .await
    })
}

/// Moves an organization to a region and a parent (a grassroots union
/// following its employer).
pub async fn place(
    conn: &mut Conn<'_>,
    id: i64,
    region_id: i64,
    parent_id: Option<i64>,
    now: chrono::NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::update(organizations::table.filter(organizations::id.eq(id)))
            .set((
                organizations::region_id.eq(region_id),
                organizations::parent_id.eq(parent_id),
                organizations::version.eq(organizations::version + 1),
                organizations::updated_at.eq(now),
            ))
            .execute(c)
            .await
    })?;
    Ok(())
}
