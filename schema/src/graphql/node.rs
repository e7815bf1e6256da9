//! The Relay `Node` interface: `node(id:)` and `nodes(ids:)` over every
//! entity, each read through its area's visibility filter.

use std::collections::HashMap;

use async_graphql::{Context, ID, Interface, Object};

use super::errors::{ApiError, ApiResult};
use super::ids::{NodeType, decode};
use crate::agreements::objects::Agreement;
use crate::context::services;
use crate::deadlines::objects::Deadline;
use crate::evaluation::objects::{BargainingEvaluation, EvaluationGuide, HarmonyTitle};
use crate::identity::audit;
use crate::identity::authorization::signed_in;
use crate::identity::objects::{AuditEntry, User, visible_users_by_id};
use crate::identity::viewer;
use crate::layoffs::objects::LayoffPlan;
use crate::offers::objects::{Campaign, Offer};
use crate::organizations::objects::{Organization, Region};
use crate::organizations::{storage, visibility};
use crate::risk::bulletins::RiskBulletin;
use crate::risk::checks::objects::{HealthCheck, RectificationItem};
use crate::risk::objects::{RiskCase, Warning};
use crate::summaries::objects::CampaignSummary;

/// An object with a global id.
#[derive(Interface, Clone)]
#[graphql(field(name = "id", ty = "ID", desc = "Global id, opaque to clients."))]
pub enum Node {
    Region(Region),
    Organization(Organization),
    User(User),
    AuditEntry(AuditEntry),
    Deadline(Deadline),
    Offer(Offer),
    Campaign(Campaign),
    Agreement(Agreement),
    RiskCase(RiskCase),
    Warning(Warning),
    HealthCheck(HealthCheck),
    RectificationItem(RectificationItem),
    RiskBulletin(RiskBulletin),
    LayoffPlan(LayoffPlan),
    EvaluationGuide(EvaluationGuide),
    BargainingEvaluation(BargainingEvaluation),
    HarmonyTitle(HarmonyTitle),
    CampaignSummary(CampaignSummary),
}

/// Most ids one `nodes` call takes.
const MAX_NODES: usize = 100;

/// Loads the visible objects behind `ids`, in order; `None` for an id that
/// is malformed, unknown or hidden. Only the types asked for are read.
async fn load(ctx: &Context<'_>, ids: &[ID]) -> ApiResult<Vec<Option<Node>>> {
    let decoded: Vec<Option<(NodeType, i64)>> = ids.iter().map(|id| decode(id)).collect();
    let viewer = viewer(ctx);
    signed_in(viewer)?;
    let mut wanted: HashMap<NodeType, Vec<i64>> = HashMap::new();
    for (kind, id) in decoded.iter().flatten() {
        wanted.entry(*kind).or_default().push(*id);
    }
    let mut found: HashMap<(NodeType, i64), Node> = HashMap::new();
    if let Some(ids) = wanted.remove(&NodeType::Deadline) {
        for deadline in crate::deadlines::objects::load(ctx, &ids).await? {
            found.insert(
                (NodeType::Deadline, deadline.row.id),
                Node::Deadline(deadline),
            );
        }
    }
    if let Some(ids) = wanted.remove(&NodeType::Organization) {
        let store = services(ctx).loader.loader();
        let rows = store.organizations(&ids).await?;
        let seen = store
            .seen(&rows, &visibility::organizations(viewer))
            .await?;
        for row in rows.into_iter().filter(|row| seen.contains(&row.id)) {
            let key = (NodeType::Organization, row.id);
            found.insert(key, Node::Organization(Organization::full(row)));
        }
    }
    // Events are reached through subscriptions and notifications only;
    // invitations through the viewer they are addressed to; the parts of an
    // offer or agreement through it.
    wanted.retain(|kind, _| {
        matches!(
            kind,
            NodeType::Region
                | NodeType::Organization
                | NodeType::User
                | NodeType::AuditEntry
                | NodeType::Offer
                | NodeType::Campaign
                | NodeType::Agreement
                | NodeType::RiskCase
                | NodeType::Warning
                | NodeType::HealthCheck
                | NodeType::RectificationItem
                | NodeType::RiskBulletin
                | NodeType::LayoffPlan
                | NodeType::EvaluationGuide
                | NodeType::BargainingEvaluation
                | NodeType::HarmonyTitle
                | NodeType::CampaignSummary
        )
    });
    if !wanted.is_empty() {
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        for (kind, ids) in wanted {
            let mut keep = |id: i64, node: Node| found.insert((kind, id), node);
            match kind {
                NodeType::Region => {
                    let visible = visibility::regions(viewer);
                    for row in storage::regions_by_ids(conn, &ids, &visible).await? {
                        keep(row.id, Node::Region(Region(row)));
                    }
                }
                NodeType::User => {
                    for (id, row) in visible_users_by_id(ctx, conn, ids).await? {
                        keep(id, Node::User(User(row)));
                    }
                }
                NodeType::AuditEntry => {
                    let entries =
                        audit::entries_by_ids(conn, &ids, &audit::visible(viewer)).await?;
                    let actor_ids = entries.iter().filter_map(|e| e.actor_user_id);
                    let actors = visible_users_by_id(ctx, conn, actor_ids).await?;
                    for row in entries {
                        let actor = row.actor_user_id.and_then(|a| actors.get(&a).cloned());
                        keep(row.id, Node::AuditEntry(AuditEntry { row, actor }));
                    }
                }
                NodeType::Offer => {
                    let visible = crate::offers::visibility::offers(viewer);
                    let rows = crate::offers::storage::offers_by_ids(conn, &ids, &visible).await?;
                    for row in rows {
                        keep(row.id, Node::Offer(Offer(row)));
                    }
                }
                NodeType::Campaign => {
                    for row in crate::offers::storage::campaigns_by_ids(conn, &ids).await? {
                        keep(row.id, Node::Campaign(Campaign(row)));
                    }
                }
                NodeType::Agreement => {
                    let visible = crate::agreements::visibility::agreements(viewer);
                    let rows =
                        crate::agreements::storage::agreements_by_ids(conn, &ids, &visible).await?;
                    for row in rows {
                        keep(row.id, Node::Agreement(Agreement(row)));
                    }
                }
                NodeType::RiskCase => {
                    let visible = crate::risk::visibility::risk(viewer);
                    let rows = crate::risk::storage::cases_by_ids(conn, &ids, &visible).await?;
                    for row in rows {
                        keep(row.id, Node::RiskCase(RiskCase(row)));
                    }
                }
                NodeType::Warning => {
                    let visible = crate::risk::visibility::risk(viewer);
                    let regions = visible.warning_regions();
                    for row in crate::risk::storage::warnings_by_ids(conn, &ids, regions).await? {
                        keep(row.id, Node::Warning(Warning(row)));
                    }
                }
                NodeType::HealthCheck => {
                    let visible = crate::risk::visibility::risk(viewer);
                    let checks = &crate::risk::checks::storage::checks_by_ids;
                    for row in checks(conn, &ids, &visible).await? {
                        keep(row.id, Node::HealthCheck(HealthCheck(row)));
                    }
                }
                NodeType::RectificationItem => {
                    let visible = crate::risk::visibility::risk(viewer);
                    let items = crate::risk::checks::storage::items_by_ids;
                    for row in items(conn, &ids, &visible).await? {
                        keep(row.id, Node::RectificationItem(RectificationItem(row)));
                    }
                }
                NodeType::RiskBulletin => {
                    for row in crate::risk::bulletins::bulletins_by_ids(conn, &ids).await? {
                        keep(row.id, Node::RiskBulletin(RiskBulletin(row)));
                    }
                }
                NodeType::LayoffPlan => {
                    let visible = crate::layoffs::visibility::layoffs(viewer);
                    let plans = crate::layoffs::storage::plans_by_ids;
                    for row in plans(conn, &ids, &visible).await? {
                        keep(row.id, Node::LayoffPlan(LayoffPlan(row)));
                    }
                }
                NodeType::EvaluationGuide => {
                    let drafts = crate::evaluation::visibility::sees_draft_guides(viewer);
                    let guides = crate::evaluation::storage::guides_by_ids;
                    for row in guides(conn, &ids, drafts).await? {
                        keep(row.id, Node::EvaluationGuide(EvaluationGuide::new(row)));
                    }
                }
                NodeType::BargainingEvaluation => {
                    let visible = crate::evaluation::visibility::evaluations(viewer);
                    let evaluations = crate::evaluation::storage::evaluations_by_ids;
                    for row in evaluations(conn, &ids, &visible).await? {
                        keep(
                            row.id,
                            Node::BargainingEvaluation(BargainingEvaluation(row)),
                        );
                    }
                }
                NodeType::HarmonyTitle => {
                    for row in crate::evaluation::storage::titles_by_ids(conn, &ids).await? {
                        keep(row.id, Node::HarmonyTitle(HarmonyTitle(row)));
                    }
                }
                NodeType::CampaignSummary => {
                    let visible = crate::summaries::visibility::summaries(viewer);
                    let summaries = crate::summaries::storage::summaries_by_ids;
                    for row in summaries(conn, &ids, &visible).await? {
                        keep(row.id, Node::CampaignSummary(CampaignSummary(row)));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(decoded
        .into_iter()
        .map(|key| found.get(&key?).cloned())
        .collect())
}

/// The `node` and `nodes` queries.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Fetches any object by its global id. An unknown id, or one the viewer
    /// may not see, fails with `NOT_FOUND`.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id.")] id: ID,
    ) -> ApiResult<Node> {
        load(ctx, std::slice::from_ref(&id))
            .await?
            .pop()
            .flatten()
            .ok_or(ApiError::NotFound)
    }

    /// Fetches objects by their global ids, in the same order; null for an
    /// unknown or hidden id. At most 100 ids.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, at most 100.")] ids: Vec<ID>,
    ) -> ApiResult<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(ApiError::BadUserInput(format!(
                "`ids` takes at most {MAX_NODES} ids"
            )));
        }
        load(ctx, &ids).await
    }
}
