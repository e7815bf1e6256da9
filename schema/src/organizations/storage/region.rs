//! Storage of regions: the tree, its paths and codes.

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::regions;
use crate::organizations::visibility::Visible;
use crate::{load_page, on};

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

/// Every region.
pub async fn all_regions(conn: &mut Conn<'_>) -> QueryResult<Vec<RegionRow>> {
    on!(conn, |c| regions::table
        .select(RegionRow::as_select())
        .load(c)
        .await)
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

/// Every region's id and parent: the tree is small enough to hold whole.
pub async fn region_links(conn: &mut Conn<'_>) -> QueryResult<Vec<(i64, Option<i64>)>> {
    on!(conn, |c| regions::table
        .select((regions::id, regions::parent_id))
        .load(c)
        .await)
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
