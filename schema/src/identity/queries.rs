//! Queries of the identity area: the viewer and the audit trail.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};

use super::audit::{self, AuditFilter};
use super::authorization::signed_in;
use super::objects::{AuditEntry, SignedInViewer, visible_users_by_id};
use super::storage;
use super::viewer;
use crate::context::services;
use crate::db::stored;
use crate::graphql::connection::{ConnectionOf, connection, page_request};
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, decode, decode_as};

/// Filter of the audit trail.
#[derive(InputObject, Default)]
pub struct AuditEntryFilterInput {
    /// Only changes by this user.
    pub actor: Option<ID>,
    /// Only changes made acting for this organization.
    pub organization: Option<ID>,
    /// Only changes to this object.
    pub subject: Option<ID>,
    /// Only changes at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Only changes before this instant.
    pub until: Option<DateTime<Utc>>,
}

fn bad_filter(name: &str) -> ApiError {
    ApiError::BadUserInput(format!("`filter.{name}` is not a valid id"))
}

/// Queries of the identity area.
#[derive(Default)]
pub struct IdentityQuery;

#[Object]
impl IdentityQuery {
    /// The signed-in user. Fails with `UNAUTHENTICATED` without a valid session.
    async fn viewer(&self, ctx: &Context<'_>) -> ApiResult<SignedInViewer> {
        let user = signed_in(viewer(ctx))?;
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let row = storage::users_by_ids(conn, &[user.user_id])
            .await?
            .pop()
            .ok_or(ApiError::Unauthenticated)?;
        let memberships = storage::memberships_of_users(conn, &[user.user_id]).await?;
        Ok(SignedInViewer {
            user: row,
            memberships,
        })
    }

    /// The audit trail, newest last. The city office sees every entry; other
    /// offices and administrations those of organizations in their region;
    /// everyone their own organizations' entries and their own.
    async fn audit_entries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which entries to list.")] filter: Option<AuditEntryFilterInput>,
        #[graphql(desc = "Returns the first n entries (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the entries after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n entries (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the entries before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<AuditEntry>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let input = filter.unwrap_or_default();
        let filter = AuditFilter {
            ids: None,
            actor: input
                .actor
                .map(|id| decode_as(&id, NodeType::User).ok_or_else(|| bad_filter("actor")))
                .transpose()?,
            organization: input
                .organization
                .map(|id| {
                    decode_as(&id, NodeType::Organization).ok_or_else(|| bad_filter("organization"))
                })
                .transpose()?,
            subject: input
                .subject
                .map(|id| decode(&id).ok_or_else(|| bad_filter("subject")))
                .transpose()?,
            from: input.from.map(stored),
            until: input.until.map(stored),
        };
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let rows = audit::entries_page(conn, &filter, &audit::visible(viewer), &page).await?;
        let actors =
            visible_users_by_id(ctx, conn, rows.rows.iter().filter_map(|r| r.actor_user_id))
                .await?;
        Ok(connection(
            rows,
            |row| row.id,
            |row| {
                let actor = row.actor_user_id.and_then(|id| actors.get(&id).cloned());
                AuditEntry { row, actor }
            },
        ))
    }
}
