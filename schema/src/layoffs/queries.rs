//! The list of layoff plans: an employer's own, its union's, the district
//! office's, and the labour administration's queue of reports.

use async_graphql::{Context, ID, InputObject, Object};

use super::kinds::LayoffStatus;
use super::objects::LayoffPlan;
use super::storage::{self, PlanFilter};
use super::visibility;
use crate::context::services;
use crate::graphql::connection::{ConnectionOf, connection, page_request};
use crate::graphql::errors::ApiResult;
use crate::graphql::ids::{NodeType, filter_id as id_of};
use crate::identity::authorization::signed_in;
use crate::identity::viewer;
use crate::organizations::places::region_subtree;

/// Filter of layoff plans.
#[derive(InputObject, Default)]
pub struct LayoffPlanFilterInput {
    /// Only plans in these states.
    pub statuses: Option<Vec<LayoffStatus>>,
    /// Only this employer's.
    pub employer: Option<ID>,
    /// Only those of employers in this region or below it.
    pub region: Option<ID>,
    /// Only plans reported to this labour administration (its queue).
    pub reported_to: Option<ID>,
    /// Only reported plans whose receipt is acknowledged (true) or not yet (false).
    pub acknowledged: Option<bool>,
}

/// Queries of layoff plans.
#[derive(Default)]
pub struct LayoffQuery;

#[Object]
impl LayoffQuery {
    /// Layoff plans the viewer may see, oldest first: an employer's own
    /// (drafts too), its union's once explained, and those of employers
    /// under the offices, administrations and federations the viewer
    /// belongs to. A labour administration's queue of reports is
    /// `reportedTo` itself with `acknowledged: false`.
    async fn layoff_plans(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which plans to list.")] filter: Option<LayoffPlanFilterInput>,
        #[graphql(desc = "Returns the first n plans (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the plans after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n plans (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the plans before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<LayoffPlan>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let input = filter.unwrap_or_default();
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let region_ids = match id_of(input.region.as_ref(), NodeType::Region, "region")? {
            Some(root) => Some(region_subtree(conn, viewer, root).await?),
            None => None,
        };
        let filter = PlanFilter {
            statuses: input.statuses.unwrap_or_default(),
            employer: id_of(input.employer.as_ref(), NodeType::Organization, "employer")?,
            region_ids,
            reported_to: id_of(
                input.reported_to.as_ref(),
                NodeType::Organization,
                "reportedTo",
            )?,
            acknowledged: input.acknowledged,
        };
        let visible = visibility::layoffs(viewer);
        let rows = storage::plans_page(conn, &filter, &visible, &page).await?;
        drop(pooled);
        Ok(connection(rows, |row| row.id, LayoffPlan))
    }
}
