//! The Relay `Node` interface: `node(id:)` and `nodes(ids:)` over every
//! entity, each read through its area's visibility filter.

use async_graphql::{Context, ID, Interface, Object};

use super::errors::{ApiError, ApiResult};
use super::ids::{NodeType, decode};
use crate::agreements::objects::Agreement;
use crate::context::services;
use crate::deadlines::objects::Deadline;
use crate::identity::audit;
use crate::identity::authorization::signed_in;
use crate::identity::objects::{AuditEntry, User, visible_users_by_id};
use crate::identity::viewer;
use crate::offers::objects::{Campaign, Offer};
use crate::organizations::objects::{Organization, Region};
use crate::organizations::{storage, visibility};

/// An object with a global id.
#[derive(Interface)]
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
}

/// Most ids one `nodes` call takes.
const MAX_NODES: usize = 100;

/// Loads the visible objects behind `ids`, in order; `None` for an id that
/// is malformed, unknown or hidden.
async fn load(ctx: &Context<'_>, ids: &[ID]) -> ApiResult<Vec<Option<Node>>> {
    let decoded: Vec<Option<(NodeType, i64)>> = ids.iter().map(|id| decode(id)).collect();
    let of_type = |wanted: NodeType| -> Vec<i64> {
        decoded
            .iter()
            .flatten()
            .filter(|(t, _)| *t == wanted)
            .map(|(_, id)| *id)
            .collect()
    };
    let viewer = viewer(ctx);
    signed_in(viewer)?;
    let mut pooled = services(ctx).db.get().await?;
    let conn = &mut pooled.conn();
    let regions = storage::regions_by_ids(
        conn,
        &of_type(NodeType::Region),
        &visibility::regions(viewer),
    )
    .await?;
    let organizations = storage::organizations_by_ids(
        conn,
        &of_type(NodeType::Organization),
        &visibility::organizations(viewer),
    )
    .await?;
    let users = visible_users_by_id(ctx, conn, of_type(NodeType::User)).await?;
    let entries = audit::entries_by_ids(
        conn,
        &of_type(NodeType::AuditEntry),
        &audit::visible(viewer),
    )
    .await?;
    let actors =
        visible_users_by_id(ctx, conn, entries.iter().filter_map(|e| e.actor_user_id)).await?;
    let offers = crate::offers::storage::offers_by_ids(
        conn,
        &of_type(NodeType::Offer),
        &crate::offers::visibility::offers(viewer),
    )
    .await?;
    let campaigns =
        crate::offers::storage::campaigns_by_ids(conn, &of_type(NodeType::Campaign)).await?;
    let agreements = crate::agreements::storage::agreements_by_ids(
        conn,
        &of_type(NodeType::Agreement),
        &crate::agreements::visibility::agreements(viewer),
    )
    .await?;
    drop(pooled);
    let mut deadlines = crate::deadlines::objects::load(ctx, &of_type(NodeType::Deadline)).await?;
    Ok(decoded
        .into_iter()
        .map(|id| match id? {
            (NodeType::Region, id) => regions
                .iter()
                .find(|r| r.id == id)
                .cloned()
                .map(|r| Node::Region(Region(r))),
            (NodeType::Organization, id) => organizations
                .iter()
                .find(|o| o.id == id)
                .cloned()
                .map(|o| Node::Organization(Organization::full(o))),
            (NodeType::User, id) => users.get(&id).cloned().map(|u| Node::User(User(u))),
            (NodeType::AuditEntry, id) => entries.iter().find(|e| e.id == id).cloned().map(|row| {
                let actor = row.actor_user_id.and_then(|a| actors.get(&a).cloned());
                Node::AuditEntry(AuditEntry { row, actor })
            }),
            // Events are reached through subscriptions and notifications
            // only; invitations through the viewer they are addressed to.
            (NodeType::Deadline, id) => {
                let index = deadlines.iter().position(|d| d.row.id == id)?;
                Some(Node::Deadline(deadlines.swap_remove(index)))
            }
            (NodeType::Event | NodeType::Notification | NodeType::Invitation, _) => None,
            (NodeType::Offer, id) => offers
                .iter()
                .find(|o| o.id == id)
                .cloned()
                .map(|o| Node::Offer(Offer(o))),
            (NodeType::Campaign, id) => campaigns
                .iter()
                .find(|c| c.id == id)
                .cloned()
                .map(|c| Node::Campaign(Campaign(c))),
            (NodeType::Agreement, id) => agreements
                .iter()
                .find(|a| a.id == id)
                .cloned()
                .map(|a| Node::Agreement(Agreement(a))),
            (
                NodeType::Representative
                | NodeType::BargainingSession
                | NodeType::BargainingDispute
                | NodeType::AgreementVersion
                | NodeType::AgreementComment
                | NodeType::WorkersCongressVote
                | NodeType::AgreementReview,
                _,
            ) => None,
        })
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
