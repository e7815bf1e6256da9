//! Health checks and the four lists of rectification items.

use async_graphql::{Context, ID, InputObject, Object};

use super::objects::{HealthCheck, RectificationItem};
use super::storage::{self, RectificationFilter, RectificationRow};
use crate::context::{preload, services};
use crate::db::stored;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::loaders::ClockKey;
use crate::graphql::connection::{ConnectionOf, connection, connection_by_time, page_request};
use crate::graphql::errors::ApiResult;
use crate::graphql::ids::{NodeType, filter_id as id_of};
use crate::identity::authorization::signed_in;
use crate::identity::viewer;
use crate::organizations::objects::preload_named;
use crate::organizations::places::region_subtree;
use crate::risk::kinds::RectificationStatus;
use crate::risk::visibility;

/// Filter of health checks.
#[derive(InputObject, Default)]
pub struct HealthCheckFilterInput {
    /// Only this employer's.
    pub employer: Option<ID>,
    /// Only those of employers in this region or below it.
    pub region: Option<ID>,
}

/// Filter of the four lists.
#[derive(InputObject, Default)]
pub struct RectificationFilterInput {
    /// Only items in these states.
    pub statuses: Option<Vec<RectificationStatus>>,
    /// Only items of this employer.
    pub employer: Option<ID>,
    /// Only items of employers in this region or below it.
    pub region: Option<ID>,
    /// Only items this organization is responsible for.
    pub responsible_organization: Option<ID>,
    /// Only items of this case.
    pub risk_case: Option<ID>,
    /// Only items of this health check.
    pub health_check: Option<ID>,
    /// Only open items whose time limit has passed.
    pub overdue: Option<bool>,
}

/// The subtree of a filter's region, as the viewer sees regions.
async fn subtree(ctx: &Context<'_>, region: Option<&ID>) -> ApiResult<Option<Vec<i64>>> {
    match id_of(region, NodeType::Region, "region")? {
        Some(root) => {
            let mut pooled = services(ctx).db.get().await?;
            Ok(Some(
                region_subtree(&mut pooled.conn(), viewer(ctx), root).await?,
            ))
        }
        None => Ok(None),
    }
}

/// Queries of health checks and rectification items.
#[derive(Default)]
pub struct CheckQuery;

#[Object]
impl CheckQuery {
    /// Health checks (法治体检) the viewer may see, oldest first: an
    /// employer's own and its union's, and those of the employers under the
    /// offices, administrations and federations the viewer belongs to.
    async fn health_checks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which checks to list.")] filter: Option<HealthCheckFilterInput>,
        #[graphql(desc = "Returns the first n checks (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the checks after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n checks (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the checks before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<HealthCheck>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let filter = filter.unwrap_or_default();
        let employer = id_of(filter.employer.as_ref(), NodeType::Organization, "employer")?;
        let regions = subtree(ctx, filter.region.as_ref()).await?;
        let visible = visibility::risk(viewer);
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::checks_page(
            &mut pooled.conn(),
            employer,
            regions.as_deref(),
            &visible,
            &page,
        )
        .await?;
        drop(pooled);
        Ok(connection(rows, |row| row.id, HealthCheck))
    }

    /// The four lists (整改清单、工作措施清单、责任部门清单、整改时限清单) as
    /// one list of rectification items, the one due first at the top: each
    /// item is a line of all four. Seen as health checks are.
    async fn rectification_items(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list.")] filter: Option<RectificationFilterInput>,
        #[graphql(desc = "Returns the first n items (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n items (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the items before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<RectificationItem>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let input = filter.unwrap_or_default();
        let now = stored(services(ctx).clock.now());
        let filter = RectificationFilter {
            statuses: input.statuses.unwrap_or_default(),
            employer: id_of(input.employer.as_ref(), NodeType::Organization, "employer")?,
            region_ids: subtree(ctx, input.region.as_ref()).await?,
            responsible: id_of(
                input.responsible_organization.as_ref(),
                NodeType::Organization,
                "responsibleOrganization",
            )?,
            case: id_of(input.risk_case.as_ref(), NodeType::RiskCase, "riskCase")?,
            check: id_of(
                input.health_check.as_ref(),
                NodeType::HealthCheck,
                "healthCheck",
            )?,
            overdue_at: input.overdue.filter(|o| *o).map(|_| now),
        };
        let visible = visibility::risk(viewer);
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::items_page(&mut pooled.conn(), &filter, &visible, &page).await?;
        drop(pooled);
        prefetch(ctx, &rows.rows).await?;
        Ok(connection_by_time(
            rows,
            |row| (row.id, row.due_at),
            RectificationItem,
        ))
    }
}

/// Loads what a page of items asks for in one batch per kind.
async fn prefetch(ctx: &Context<'_>, items: &[RectificationRow]) -> ApiResult<()> {
    let node = ctx.look_ahead().field("edges").field("node");
    if node.field("employer").exists() || node.field("responsibleOrganization").exists() {
        let ids: Vec<i64> = items
            .iter()
            .flat_map(|i| [Some(i.employer_id), i.responsible_organization_id])
            .flatten()
            .collect();
        preload_named(ctx, &ids).await?;
    }
    if node.field("deadline").exists() {
        let keys = items.iter().map(|i| ClockKey {
            subject: NodeType::RectificationItem,
            kind: DeadlineKind::Rectification,
            id: i.id,
        });
        preload(ctx, keys).await?;
    }
    Ok(())
}
