//! Storage of regions, organizations, employer profiles and association
//! memberships. It does no deciding: callers check the rules first.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::{IndustrySection, OperatingStatus, OrganizationKind, RegionKind};
use super::visibility::{OrgVisible, Visible};
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{association_members, employer_profiles, organizations, regions};
use crate::{load_page, on, visible_organizations};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = regions, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct RegionRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: RegionKind,
    pub parent_id: Option<i64>,
    pub path: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = regions)]
pub struct NewRegion {
    pub code: String,
    pub name: String,
    pub kind: RegionKind,
    pub parent_id: Option<i64>,
    pub path: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = organizations, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct OrganizationRow {
    pub id: i64,
    pub kind: OrganizationKind,
    pub name: String,
    pub region_id: i64,
    pub parent_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = organizations)]
pub struct NewOrganization {
    pub kind: OrganizationKind,
    pub name: String,
    pub region_id: i64,
    pub parent_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of an organization; `None` leaves a column alone.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = organizations)]
pub struct OrganizationChanges {
    pub name: Option<String>,
    pub region_id: Option<i64>,
    pub parent_id: Option<Option<i64>>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = employer_profiles, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct EmployerProfileRow {
    pub organization_id: i64,
    pub credit_code: String,
    pub legal_representative: String,
    pub industry_section: IndustrySection,
    pub industry_division: String,
    pub headcount: i32,
    pub address: String,
    pub operating_status: OperatingStatus,
    pub is_platform: bool,
}

/// Filters of the region list.
#[derive(Debug, Default)]
pub struct RegionFilter {
    pub parent_id: Option<i64>,
    /// The materialised path of a region whose subtree (itself included) is wanted.
    pub within_path: Option<String>,
    pub kinds: Vec<RegionKind>,
    pub name_contains: Option<String>,
}

/// Filters of the organization and employer lists.
#[derive(Debug, Default)]
pub struct OrganizationFilter {
    pub kinds: Vec<OrganizationKind>,
    /// Regions to keep (a subtree, resolved beforehand).
    pub region_ids: Option<Vec<i64>>,
    pub parent_id: Option<i64>,
    pub name_contains: Option<String>,
    /// Keep only member employers of this association.
    pub member_of: Option<i64>,
    pub employer: Option<EmployerFilter>,
}

/// Filters on the employer profile.
#[derive(Debug, Default)]
pub struct EmployerFilter {
    pub sections: Vec<IndustrySection>,
    pub divisions: Vec<String>,
    pub statuses: Vec<OperatingStatus>,
    pub is_platform: Option<bool>,
}

/// A LIKE pattern matching `needle` anywhere, with wildcards escaped.
fn contains_pattern(needle: &str) -> String {
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

pub async fn regions_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &Visible,
) -> QueryResult<Vec<RegionRow>> {
    on!(conn, |c| {
        let mut query = regions::table.filter(regions::id.eq_any(ids)).into_boxed();
        if let Visible::Only(allowed) = visible {
            query = query.filter(regions::id.eq_any(allowed));
        }
        query.select(RegionRow::as_select()).load(c).await
    })
}

pub async fn regions_page(
    conn: &mut Conn<'_>,
    filter: &RegionFilter,
    visible: &Visible,
    page: &PageRequest,
) -> QueryResult<Page<RegionRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = regions::table.into_boxed();
            if let Visible::Only(allowed) = visible {
                query = query.filter(regions::id.eq_any(allowed));
            }
            if let Some(parent) = filter.parent_id {
                query = query.filter(regions::parent_id.eq(parent));
            }
            if let Some(path) = &filter.within_path {
                query = query.filter(regions::path.like(format!("{path}%")));
            }
            if !filter.kinds.is_empty() {
                query = query.filter(regions::kind.eq_any(&filter.kinds));
            }
            if let Some(needle) = &filter.name_contains {
                query = query.filter(regions::name.like(contains_pattern(needle)).escape('\\'));
            }
            query
        };
        Ok(load_page!(c, query(), regions::id, page))
    })
}

/// Ids of the regions in the subtree at `path`, the root included.
pub async fn region_ids_within(conn: &mut Conn<'_>, path: &str) -> QueryResult<Vec<i64>> {
    on!(conn, |c| {
        regions::table
            .filter(regions::path.like(format!("{path}%")))
            .select(regions::id)
            .load(c)
            .await
    })
}

pub async fn region_code_taken(conn: &mut Conn<'_>, code: &str) -> QueryResult<bool> {
    on!(conn, |c| {
        diesel::select(diesel::dsl::exists(
            regions::table.filter(regions::code.eq(code)),
        ))
        .get_result(c)
        .await
    })
}

pub async fn insert_region(conn: &mut Conn<'_>, new: &NewRegion) -> QueryResult<RegionRow> {
    on!(conn, |c| {
        diesel::insert_into(regions::table)
            .values(new)
            .returning(RegionRow::as_returning())
            .get_result(c)
            .await
    })
}

pub async fn organizations_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &OrgVisible,
) -> QueryResult<Vec<OrganizationRow>> {
    on!(conn, |c| {
        let query = organizations::table
            .filter(organizations::id.eq_any(ids))
            .into_boxed();
        visible_organizations!(query, visible)
            .select(OrganizationRow::as_select())
            .load(c)
            .await
    })
}

pub async fn organizations_page(
    conn: &mut Conn<'_>,
    filter: &OrganizationFilter,
    visible: &OrgVisible,
    page: &PageRequest,
) -> QueryResult<Page<OrganizationRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = visible_organizations!(organizations::table.into_boxed(), visible);
            if !filter.kinds.is_empty() {
                query = query.filter(organizations::kind.eq_any(&filter.kinds));
            }
            if let Some(region_ids) = &filter.region_ids {
                query = query.filter(organizations::region_id.eq_any(region_ids));
            }
            if let Some(parent) = filter.parent_id {
                query = query.filter(organizations::parent_id.eq(parent));
            }
            if let Some(needle) = &filter.name_contains {
                query = query.filter(
                    organizations::name
                        .like(contains_pattern(needle))
                        .escape('\\'),
                );
            }
            if let Some(association) = filter.member_of {
                query = query.filter(
                    organizations::id.eq_any(
                        association_members::table
                            .filter(association_members::association_id.eq(association))
                            .select(association_members::employer_id),
                    ),
                );
            }
            if let Some(employer) = &filter.employer {
                let mut profiles = employer_profiles::table
                    .select(employer_profiles::organization_id)
                    .into_boxed();
                if !employer.sections.is_empty() {
                    profiles = profiles
                        .filter(employer_profiles::industry_section.eq_any(&employer.sections));
                }
                if !employer.divisions.is_empty() {
                    profiles = profiles
                        .filter(employer_profiles::industry_division.eq_any(&employer.divisions));
                }
                if !employer.statuses.is_empty() {
                    profiles = profiles
                        .filter(employer_profiles::operating_status.eq_any(&employer.statuses));
                }
                if let Some(platform) = employer.is_platform {
                    profiles = profiles.filter(employer_profiles::is_platform.eq(platform));
                }
                query = query.filter(organizations::id.eq_any(profiles));
            }
            query
        };
        Ok(load_page!(c, query(), organizations::id, page))
    })
}

pub async fn insert_organization(
    conn: &mut Conn<'_>,
    new: &NewOrganization,
) -> QueryResult<OrganizationRow> {
    on!(conn, |c| {
        diesel::insert_into(organizations::table)
            .values(new)
            .returning(OrganizationRow::as_returning())
            .get_result(c)
            .await
    })
}

/// Applies `changes` if the row is still at `expected_version`, bumping the
/// version; `None` when the version moved on (or the row is gone).
pub async fn update_organization(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &OrganizationChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<OrganizationRow>> {
    on!(conn, |c| {
        let target = organizations::table
            .filter(organizations::id.eq(id))
            .filter(organizations::version.eq(expected_version));
        let bump = (
            organizations::version.eq(organizations::version + 1),
            organizations::updated_at.eq(now),
        );
        diesel::update(target)
            .set((changes, bump))
            .returning(OrganizationRow::as_returning())
            .get_result(c)
            .await
            .optional()
    })
}

pub async fn profiles_by_ids(
    conn: &mut Conn<'_>,
    organization_ids: &[i64],
) -> QueryResult<Vec<EmployerProfileRow>> {
    on!(conn, |c| {
        employer_profiles::table
            .filter(employer_profiles::organization_id.eq_any(organization_ids))
            .select(EmployerProfileRow::as_select())
            .load(c)
            .await
    })
}

pub async fn upsert_profile(conn: &mut Conn<'_>, profile: &EmployerProfileRow) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(employer_profiles::table)
            .values(profile)
            .on_conflict(employer_profiles::organization_id)
            .do_update()
            .set(profile)
            .execute(c)
            .await
            .map(drop)
    })
}

/// Whether another employer than `except` already holds `credit_code`.
pub async fn credit_code_taken(
    conn: &mut Conn<'_>,
    credit_code: &str,
    except: Option<i64>,
) -> QueryResult<bool> {
    on!(conn, |c| {
        diesel::select(diesel::dsl::exists(
            employer_profiles::table
                .filter(employer_profiles::credit_code.eq(credit_code))
                .filter(employer_profiles::organization_id.ne(except.unwrap_or(0))),
        ))
        .get_result(c)
        .await
    })
}

/// The grassroots unions of the given employers.
pub async fn unions_of_employers(
    conn: &mut Conn<'_>,
    employer_ids: &[i64],
) -> QueryResult<Vec<OrganizationRow>> {
    on!(conn, |c| {
        organizations::table
            .filter(organizations::kind.eq(OrganizationKind::Union))
            .filter(organizations::employer_id.eq_any(employer_ids))
            .select(OrganizationRow::as_select())
            .load(c)
            .await
    })
}

/// `(employer, association)` pairs for the given employers.
pub async fn associations_of_employers(
    conn: &mut Conn<'_>,
    employer_ids: &[i64],
) -> QueryResult<Vec<(i64, i64)>> {
    on!(conn, |c| {
        association_members::table
            .filter(association_members::employer_id.eq_any(employer_ids))
            .select((
                association_members::employer_id,
                association_members::association_id,
            ))
            .order(association_members::association_id)
            .load(c)
            .await
    })
}

pub async fn is_member(
    conn: &mut Conn<'_>,
    association_id: i64,
    employer_id: i64,
) -> QueryResult<bool> {
    on!(conn, |c| {
        diesel::select(diesel::dsl::exists(
            association_members::table
                .filter(association_members::association_id.eq(association_id))
                .filter(association_members::employer_id.eq(employer_id)),
        ))
        .get_result(c)
        .await
    })
}

pub async fn add_member(
    conn: &mut Conn<'_>,
    association_id: i64,
    employer_id: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(association_members::table)
            .values((
                association_members::association_id.eq(association_id),
                association_members::employer_id.eq(employer_id),
                association_members::created_at.eq(now),
            ))
            .execute(c)
            .await
            .map(drop)
    })
}

pub async fn remove_member(
    conn: &mut Conn<'_>,
    association_id: i64,
    employer_id: i64,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(
            association_members::table
                .filter(association_members::association_id.eq(association_id))
                .filter(association_members::employer_id.eq(employer_id)),
        )
        .execute(c)
        .await
        .map(drop)
    })
}

/// Every region's id and parent: the tree is small enough to hold whole.
pub async fn region_links(conn: &mut Conn<'_>) -> QueryResult<Vec<(i64, Option<i64>)>> {
    on!(conn, |c| regions::table
        .select((regions::id, regions::parent_id))
        .load(c)
        .await)
}

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

/// The city tripartite office: a tripartite office with no parent.
pub async fn root_office(conn: &mut Conn<'_>) -> QueryResult<Option<OrganizationRow>> {
    on!(conn, |c| {
        organizations::table
            .filter(organizations::kind.eq(OrganizationKind::TripartiteOffice))
            .filter(organizations::parent_id.is_null())
            .order(organizations::id)
            .select(OrganizationRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

pub async fn region_by_code(conn: &mut Conn<'_>, code: &str) -> QueryResult<Option<RegionRow>> {
    on!(conn, |c| {
        regions::table
            .filter(regions::code.eq(code))
            .select(RegionRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

pub async fn organization_by_name(
    conn: &mut Conn<'_>,
    name: &str,
) -> QueryResult<Option<OrganizationRow>> {
    on!(conn, |c| {
        organizations::table
            .filter(organizations::name.eq(name))
            .order(organizations::id)
            .select(OrganizationRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

/// Every organization with its region's code, in id order (the demo).
pub async fn all_with_region_codes(
    conn: &mut Conn<'_>,
) -> QueryResult<Vec<(OrganizationRow, String)>> {
    on!(conn, |c| {
        organizations::table
            .inner_join(regions::table)
            .order(organizations::id)
            .select((OrganizationRow::as_select(), regions::code))
            .load(c)
            .await
    })
}

/// The ids of every organization `visible` allows; `None` for everything.
pub async fn visible_ids(
    conn: &mut Conn<'_>,
    visible: &OrgVisible,
) -> QueryResult<Option<Vec<i64>>> {
    if *visible == OrgVisible::Everything {
        return Ok(None);
    }
    on!(conn, |c| {
        let query = visible_organizations!(organizations::table.into_boxed(), visible);
        query.select(organizations::id).load(c).await.map(Some)
    })
}
