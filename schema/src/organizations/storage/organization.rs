//! Storage of organizations: writes at a version, lookups through visibility, the list and its filters.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest, SortKey, Sorted, coalesce};
use crate::db::tables::{association_members, employer_profiles, organizations, regions};
use crate::organizations::visibility::OrgVisible;
use crate::{load_page, load_page_sorted, on, visible_organizations};

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

/// The boxed query of the organizations `$filter` keeps of those `$visible`.
macro_rules! filtered_organizations {
    ($filter:expr, $visible:expr) => {{
        let (filter, visible): (&OrganizationFilter, &OrgVisible) = ($filter, $visible);
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
                profiles =
                    profiles.filter(employer_profiles::industry_section.eq_any(&employer.sections));
            }
            if !employer.divisions.is_empty() {
                profiles = profiles
                    .filter(employer_profiles::industry_division.eq_any(&employer.divisions));
            }
            if !employer.statuses.is_empty() {
                profiles =
                    profiles.filter(employer_profiles::operating_status.eq_any(&employer.statuses));
            }
            if let Some(platform) = employer.is_platform {
                profiles = profiles.filter(employer_profiles::is_platform.eq(platform));
            }
            query = query.filter(organizations::id.eq_any(profiles));
        }
        query
    }};
}

pub async fn organizations_page(
    conn: &mut Conn<'_>,
    filter: &OrganizationFilter,
    visible: &OrgVisible,
    page: &PageRequest,
) -> QueryResult<Page<OrganizationRow>> {
    on!(conn, |c| {
        Ok(load_page!(
            c,
            filtered_organizations!(filter, visible),
            organizations::id,
            page
        ))
    })
}

/// How the employer list may be sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmployerSort {
    /// By name.
    Name,
    /// By headcount; employers without a profile count as none.
    Headcount,
}

/// One page of the employers `filter` keeps, sorted by `order`, each with
/// its sort value. A cursor of another order is `None` here.
pub async fn employers_sorted(
    conn: &mut Conn<'_>,
    filter: &OrganizationFilter,
    visible: &OrgVisible,
    page: &PageRequest,
    order: Sorted<EmployerSort>,
) -> QueryResult<Option<Page<(OrganizationRow, SortKey)>>> {
    let headcount = || {
        coalesce(
            employer_profiles::table
                .filter(employer_profiles::organization_id.eq(organizations::id))
                .select(employer_profiles::headcount)
                .single_value(),
            -1,
        )
    };
    on!(conn, |c| {
        Ok(match order.field {
            EmployerSort::Name => {
                let Ok((after, before)) = page.keys(SortKey::text) else {
                    return Ok(None);
                };
                let page: Page<(OrganizationRow, String)> = load_page_sorted!(
                    c,
                    filtered_organizations!(filter, visible),
                    OrganizationRow::as_select(),
                    organizations::name,
                    organizations::id,
                    page,
                    order.descending,
                    after,
                    before
                );
                Some(page.map(|(row, name)| (row, SortKey::Text(name))))
            }
            EmployerSort::Headcount => {
                let Ok((after, before)) =
                    page.keys(|k| k.number().and_then(|n| i32::try_from(n).ok()))
                else {
                    return Ok(None);
                };
                let page: Page<(OrganizationRow, i32)> = load_page_sorted!(
                    c,
                    filtered_organizations!(filter, visible),
                    OrganizationRow::as_select(),
                    headcount(),
                    organizations::id,
                    page,
                    order.descending,
                    after,
                    before
                );
                Some(page.map(|(row, n)| (row, SortKey::Number(i64::from(n)))))
            }
        })
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
/// version; `None` when the version moved on (or the row is gone). An
/// employer moved to another region is counted there.
pub async fn update_organization(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &OrganizationChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<OrganizationRow>> {
    let updated = crate::update_at_version!(
        conn,
        organizations,
        OrganizationRow,
        id,
        expected_version,
        changes,
        now
    )?;
    if changes.region_id.is_some() && updated.is_some() {
        crate::evaluation::tally::recount(conn, &[id]).await?;
    }
    Ok(updated)
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

/// Which of `ids` the filter lets through. For a few ids, each way of
/// seeing one is checked on the ids alone (an association's members are
/// looked up among them, not all listed), where the list's filter would
/// gather every visible id first.
pub async fn visible_among(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &OrgVisible,
) -> QueryResult<std::collections::HashSet<i64>> {
    let found: Vec<i64> = match visible {
        OrgVisible::Everything => on!(conn, |c| {
            organizations::table
                .filter(organizations::id.eq_any(ids))
                .select(organizations::id)
                .load(c)
                .await
        })?,
        OrgVisible::Scoped(scope) => on!(conn, |c| {
            let members = association_members::table
                .filter(association_members::association_id.eq_any(&scope.members_of))
                .filter(association_members::employer_id.eq_any(ids))
                .select(association_members::employer_id);
            let associations = association_members::table
                .filter(association_members::employer_id.eq_any(&scope.associations_of_employers))
                .filter(association_members::association_id.eq_any(ids))
                .select(association_members::association_id);
            let union_of_employer = organizations::employer_id
                .assume_not_null()
                .eq_any(&scope.unions_of_employers)
                .and(organizations::kind.eq(OrganizationKind::Union));
            organizations::table
                .filter(organizations::id.eq_any(ids))
                .filter(
                    organizations::region_id
                        .eq_any(&scope.region_ids)
                        .or(organizations::id.eq_any(&scope.ids))
                        .or(union_of_employer)
                        .or(organizations::id.eq_any(members))
                        .or(organizations::id.eq_any(associations)),
                )
                .select(organizations::id)
                .load(c)
                .await
        })?,
    };
    Ok(found.into_iter().collect())
}
