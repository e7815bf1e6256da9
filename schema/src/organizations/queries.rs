//! Lists of regions, organizations and employers.

use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::kinds::{IndustrySection, OperatingStatus, OrganizationKind, RegionKind};
use super::objects::{Organization, Region};
use super::storage::{self, EmployerFilter, EmployerSort, OrganizationFilter, RegionFilter};
use super::visibility;
use crate::context::services;
use crate::db::Conn;
use crate::db::page::Sorted;
use crate::graphql::connection::{
    ConnectionOf, OrderDirection, connection, connection_sorted, foreign_cursor, page_request,
};
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, decode_as};
use crate::identity::authorization::signed_in;
use crate::identity::{Viewer, viewer};

/// Filter of the `regions` list.
#[derive(InputObject, Default)]
pub struct RegionFilterInput {
    /// Only the direct children of this region.
    pub parent: Option<ID>,
    /// Only this region and the regions below it.
    pub within: Option<ID>,
    /// Only regions of these kinds.
    pub kinds: Option<Vec<RegionKind>>,
    /// Only regions whose name contains this text.
    pub name_contains: Option<String>,
}

/// Filter of the `organizations` list.
#[derive(InputObject, Default)]
pub struct OrganizationFilterInput {
    /// Only organizations of these kinds.
    pub kinds: Option<Vec<OrganizationKind>>,
    /// Only organizations in this region or the regions below it.
    pub region: Option<ID>,
    /// Only the direct children of this organization.
    pub parent: Option<ID>,
    /// Only organizations whose name contains this text.
    pub name_contains: Option<String>,
}

/// The order of the `employers` list; ties go by id.
#[derive(InputObject)]
pub struct EmployerOrder {
    pub field: EmployerOrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// What the employer list may be sorted by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmployerOrderField {
    /// The employer's name.
    Name,
    /// The headcount of its profile (none counts as the fewest).
    Headcount,
}

/// Filter of the `employers` list.
#[derive(InputObject, Default)]
pub struct EmployerFilterInput {
    /// Only employers in this region or the regions below it.
    pub region: Option<ID>,
    /// Only employers in these GB/T 4754 sections.
    pub industry_sections: Option<Vec<IndustrySection>>,
    /// Only employers in these two-digit GB/T 4754 divisions.
    pub industry_divisions: Option<Vec<String>>,
    /// Only employers with these operating statuses.
    pub operating_statuses: Option<Vec<OperatingStatus>>,
    /// Only platform employers (true) or only the others (false).
    pub is_platform: Option<bool>,
    /// Only member employers of this association.
    pub association: Option<ID>,
    /// Only employers whose name contains this text.
    pub name_contains: Option<String>,
}

/// Decodes an optional filter id of the given type.
fn filter_id(id: Option<&ID>, node_type: NodeType, name: &str) -> ApiResult<Option<i64>> {
    id.map(|id| {
        decode_as(id, node_type)
            .ok_or_else(|| ApiError::BadUserInput(format!("`filter.{name}` is not a valid id")))
    })
    .transpose()
}

/// The regions of the subtree rooted at a visible region; empty when the
/// region is unknown or hidden.
async fn subtree(conn: &mut Conn<'_>, viewer: &Viewer, root: i64) -> ApiResult<Vec<i64>> {
    let visible = visibility::regions(viewer);
    match storage::regions_by_ids(conn, &[root], &visible)
        .await?
        .pop()
    {
        Some(region) => Ok(storage::region_ids_within(conn, &region.path).await?),
        None => Ok(Vec::new()),
    }
}

/// Queries of the organizations area.
#[derive(Default)]
pub struct OrganizationQuery;

// A list field takes its filter, its order and the four paging arguments.
#[allow(clippy::too_many_arguments)]
#[Object]
impl OrganizationQuery {
    /// Administrative regions: the city and its districts, counties and development zones.
    async fn regions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which regions to list.")] filter: Option<RegionFilterInput>,
        #[graphql(desc = "Returns the first n regions (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the regions after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n regions (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the regions before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Region>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let input = filter.unwrap_or_default();
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let within_path = match filter_id(input.within.as_ref(), NodeType::Region, "within")? {
            Some(root) => {
                let found =
                    storage::regions_by_ids(conn, &[root], &visibility::regions(viewer)).await?;
                // An unknown root matches nothing.
                Some(
                    found
                        .first()
                        .map_or_else(|| "-".to_owned(), |r| r.path.clone()),
                )
            }
            None => None,
        };
        let filter = RegionFilter {
            parent_id: filter_id(input.parent.as_ref(), NodeType::Region, "parent")?,
            within_path,
            kinds: input.kinds.unwrap_or_default(),
            name_contains: input.name_contains,
        };
        let rows =
            storage::regions_page(conn, &filter, &visibility::regions(viewer), &page).await?;
        Ok(connection(rows, |row| row.id, Region))
    }

    /// Organizations of every kind, ordered by when they were recorded.
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which organizations to list.")] filter: Option<OrganizationFilterInput>,
        #[graphql(desc = "Returns the first n organizations (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the organizations after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n organizations (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the organizations before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Organization>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let input = filter.unwrap_or_default();
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let region_ids = match filter_id(input.region.as_ref(), NodeType::Region, "region")? {
            Some(root) => Some(subtree(conn, viewer, root).await?),
            None => None,
        };
        let filter = OrganizationFilter {
            kinds: input.kinds.unwrap_or_default(),
            region_ids,
            parent_id: filter_id(input.parent.as_ref(), NodeType::Organization, "parent")?,
            name_contains: input.name_contains,
            ..OrganizationFilter::default()
        };
        let visible = visibility::organizations(viewer);
        let rows = storage::organizations_page(conn, &filter, &visible, &page).await?;
        Ok(connection(rows, |row| row.id, Organization::full))
    }

    /// Employers (用人单位), with filters on region, industry and status.
    async fn employers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which employers to list.")] filter: Option<EmployerFilterInput>,
        #[graphql(desc = "How to sort them; by id (the order of recording) when omitted.")]
        order_by: Option<EmployerOrder>,
        #[graphql(desc = "Returns the first n employers (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the employers after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n employers (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the employers before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Organization>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let input = filter.unwrap_or_default();
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let region_ids = match filter_id(input.region.as_ref(), NodeType::Region, "region")? {
            Some(root) => Some(subtree(conn, viewer, root).await?),
            None => None,
        };
        let filter = OrganizationFilter {
            kinds: vec![OrganizationKind::Employer],
            region_ids,
            name_contains: input.name_contains,
            member_of: filter_id(
                input.association.as_ref(),
                NodeType::Organization,
                "association",
            )?,
            employer: Some(EmployerFilter {
                sections: input.industry_sections.unwrap_or_default(),
                divisions: input.industry_divisions.unwrap_or_default(),
                statuses: input.operating_statuses.unwrap_or_default(),
                is_platform: input.is_platform,
            }),
            ..OrganizationFilter::default()
        };
        let visible = visibility::organizations(viewer);
        let Some(order) = order_by else {
            let rows = storage::organizations_page(conn, &filter, &visible, &page).await?;
            return Ok(connection(rows, |row| row.id, Organization::full));
        };
        let order = Sorted {
            field: match order.field {
                EmployerOrderField::Name => EmployerSort::Name,
                EmployerOrderField::Headcount => EmployerSort::Headcount,
            },
            descending: order.direction == OrderDirection::Desc,
        };
        let rows = storage::employers_sorted(conn, &filter, &visible, &page, order)
            .await?
            .ok_or_else(foreign_cursor)?;
        Ok(connection_sorted(rows, |row| row.id, Organization::full))
    }
}
