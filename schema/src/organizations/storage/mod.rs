//! Storage of regions, organizations, employer profiles and association
//! memberships. It does no deciding: callers check the rules first.

mod association;
mod employer;
mod organization;
mod region;
mod tree;

pub use association::*;
pub use employer::*;
pub use organization::*;
pub use region::*;
pub use tree::*;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::tables::{employer_profiles, organizations, regions};
use crate::organizations::kinds::{IndustrySection, OperatingStatus, OrganizationKind, RegionKind};

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
    /// The city tripartite office: designated once, at the first start.
    pub city_office: bool,
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

/// Employers named in a list's filter by a part of their name, their
/// unified social credit code, or both.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EmployerSearch {
    pub name_contains: Option<String>,
    pub credit_code: Option<String>,
}

impl EmployerSearch {
    /// The search of a filter's fields: blank is none; a code is compared
    /// in capitals, as codes are stored.
    pub fn new(name_contains: Option<&str>, credit_code: Option<&str>) -> EmployerSearch {
        fn given(text: Option<&str>) -> Option<&str> {
            text.map(str::trim).filter(|t| !t.is_empty())
        }
        EmployerSearch {
            name_contains: given(name_contains).map(str::to_owned),
            credit_code: given(credit_code).map(str::to_uppercase),
        }
    }
}

/// Narrows the boxed query `$query` to rows of the employers `$search`
/// finds: `|$ids| $keep` is the filter, given a subquery of employer ids.
#[macro_export]
macro_rules! searched_employers {
    ($query:ident, $search:expr, |$ids:ident| $keep:expr) => {{
        use $crate::db::tables::{employer_profiles, organizations};
        let search: &$crate::organizations::storage::EmployerSearch = $search;
        if let Some(needle) = &search.name_contains {
            let $ids = organizations::table
                .filter(
                    organizations::name
                        .like($crate::organizations::storage::contains_pattern(needle))
                        .escape('\\'),
                )
                .select(organizations::id);
            $query = $query.filter($keep);
        }
        if let Some(code) = &search.credit_code {
            let $ids = employer_profiles::table
                .filter(employer_profiles::credit_code.eq(code))
                .select(employer_profiles::organization_id);
            $query = $query.filter($keep);
        }
    }};
}

/// A LIKE pattern matching `needle` anywhere, with wildcards escaped.
pub fn contains_pattern(needle: &str) -> String {
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
