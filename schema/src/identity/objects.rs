//! GraphQL objects of the identity area.

use std::collections::HashMap;

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::audit::AuditEntryRow;
use super::kinds::{Language, Role};
use super::storage::{self, InvitationRow, MembershipRow, UserRow};
use crate::context::services;
use crate::db::Conn;
use crate::events::inbox::{self, Notification, NotificationPreference};
use crate::graphql::connection::ConnectionOf;
use crate::graphql::errors::ApiResult;
use crate::graphql::ids::{NodeType, encode};
use crate::identity::viewer;
use crate::organizations::loaders::OrganizationKey;
use crate::organizations::objects::Organization;
use crate::organizations::objects::named_one;
use crate::organizations::{storage as organization_storage, visibility};

/// A person who signs in. Passwords and session tokens never appear here.
#[derive(Clone)]
pub struct User(pub UserRow);

/// A person who signs in to the platform.
#[Object]
impl User {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::User, self.0.id)
    }

    /// Login name, unique.
    async fn login_name(&self) -> &str {
        &self.0.login_name
    }

    /// Name shown to others.
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    /// Email address for notifications.
    async fn email(&self) -> &str {
        &self.0.email
    }

    /// Phone number.
    async fn phone(&self) -> &str {
        &self.0.phone
    }

    /// Language of emails and messages.
    async fn language(&self) -> Language {
        self.0.language
    }

    /// Whether the account is disabled (cannot sign in).
    async fn disabled(&self) -> bool {
        self.0.disabled
    }

    /// The user's memberships in organizations the viewer may see.
    async fn memberships(&self, ctx: &Context<'_>) -> ApiResult<Vec<Membership>> {
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let rows = storage::memberships_of_users(conn, &[self.0.id]).await?;
        let org_ids: Vec<i64> = rows.iter().map(|m| m.organization_id).collect();
        let visible = visibility::organizations(viewer(ctx));
        let seen = organization_storage::organizations_by_ids(conn, &org_ids, &visible).await?;
        Ok(rows
            .into_iter()
            .filter(|m| seen.iter().any(|o| o.id == m.organization_id))
            .map(|row| Membership {
                row,
                user: Some(self.0.clone()),
            })
            .collect())
    }

    /// When the account was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

/// A user's role in an organization, with the user when the viewer may see them.
pub struct Membership {
    pub row: MembershipRow,
    pub user: Option<UserRow>,
}

/// A user's role in an organization.
#[Object]
impl Membership {
    /// The member.
    async fn user(&self) -> Option<User> {
        self.user.clone().map(User)
    }

    /// The organization.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.row.organization_id)).await
    }

    /// The member's role.
    async fn role(&self) -> Role {
        self.row.role
    }

    /// When the membership began.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at.and_utc()
    }
}

/// Loads the visible users of `ids` at once, keyed by id.
pub async fn visible_users_by_id(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    ids: impl IntoIterator<Item = i64>,
) -> ApiResult<HashMap<i64, UserRow>> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let rows = storage::visible_users(conn, &ids, &viewer(ctx).user_scope()).await?;
    Ok(rows.into_iter().map(|row| (row.id, row)).collect())
}

/// The GraphQL object of a stored row.
pub struct Invitation(pub InvitationRow);

/// An invitation to join an organization, waiting for its user to accept.
#[Object]
impl Invitation {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeType::Invitation, self.0.id)
    }

    /// The organization; a card until the user joins it.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.organization_id)).await
    }

    /// The login name invited.
    async fn login_name(&self) -> &str {
        &self.0.login_name
    }

    /// The role the user gets by accepting.
    async fn role(&self) -> Role {
        self.0.role
    }

    /// When the invitation was made.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

/// The signed-in user and what they may act for.
pub struct SignedInViewer {
    pub user: UserRow,
    pub memberships: Vec<MembershipRow>,
}

/// The signed-in user, their memberships and the organizations they act for.
#[Object(name = "Viewer")]
impl SignedInViewer {
    /// The signed-in user.
    async fn user(&self) -> User {
        User(self.user.clone())
    }

    /// Invitations to join organizations, addressed to the user's login
    /// name, oldest first; accept or decline them.
    async fn invitations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Invitation>> {
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::invitations_of(&mut pooled.conn(), &self.user.login_name).await?;
        Ok(rows.into_iter().map(Invitation).collect())
    }

    /// Every membership of the user.
    async fn memberships(&self) -> Vec<Membership> {
        self.memberships
            .iter()
            .map(|row| Membership {
                row: row.clone(),
                user: Some(self.user.clone()),
            })
            .collect()
    }

    /// The user's notifications, oldest first; `unreadOnly` keeps the unread ones.
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only unread notifications.")] unread_only: Option<bool>,
        #[graphql(desc = "Returns the first n notifications (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the notifications after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n notifications (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the notifications before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Notification>> {
        inbox::inbox(
            ctx,
            unread_only.unwrap_or(false),
            first,
            after,
            last,
            before,
        )
        .await
    }

    /// How many of the user's notifications are unread.
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        inbox::unread_count(ctx).await
    }

    /// Email on or off, per category of notifications.
    async fn notification_preferences(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<NotificationPreference>> {
        inbox::preferences(ctx).await
    }

    /// The organizations the user holds `OFFICER` or `ADMIN` in. Offices and
    /// the labour administration also act on their region subtree, and union
    /// federations for the unions below them.
    async fn acting_organizations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        let ids = self
            .memberships
            .iter()
            .filter(|m| m.role.may_act())
            .map(|m| OrganizationKey(m.organization_id));
        let rows = crate::context::load_many(ctx, ids).await?;
        let mut organizations: Vec<Organization> =
            rows.into_values().map(Organization::full).collect();
        organizations.sort_by_key(|o| o.0.id);
        Ok(organizations)
    }
}

/// One entry of the audit trail.
#[derive(Clone)]
pub struct AuditEntry {
    pub row: AuditEntryRow,
    pub actor: Option<UserRow>,
}

/// One change in the audit trail: who did what to which object, and when.
#[Object]
impl AuditEntry {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::AuditEntry, self.row.id)
    }

    /// When the change was committed.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.row.occurred_at.and_utc()
    }

    /// Who made the change; null for the server itself, or a user the viewer may not see.
    async fn actor(&self) -> Option<User> {
        self.actor.clone().map(User)
    }

    /// The organization the actor acted for; null when acting for themselves.
    async fn acting_organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, self.row.acting_organization_id).await
    }

    /// The mutation, e.g. `updateOrganization`.
    async fn operation(&self) -> &str {
        &self.row.operation
    }

    /// Global id of the changed object.
    async fn subject_id(&self) -> Option<ID> {
        NodeType::of_prefix(&self.row.subject_type).map(|t| encode(t, self.row.subject_id))
    }

    /// The changed fields and their new values, as a JSON object.
    async fn summary(&self) -> &str {
        &self.row.summary
    }
}
