//! Mutations of the identity area: sessions and passwords, users, and
//! memberships (which go through the change pipeline, the organization
//! being the record).

mod members;
mod sessions;
mod users;

use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::graphql::errors::{ApiError, ApiResult, UserError};
use crate::identity::input::{
    AddMembershipInput, ChangeMembershipRoleInput, ChangePasswordInput, CreateUserInput,
    InvitationInput, LoginInput, LogoutInput, RemoveMembershipInput, UpdateProfileInput,
};
use crate::identity::objects::{Invitation, Membership, User};
use crate::organizations::objects::Organization;

/// Result of `login`.
#[derive(SimpleObject)]
pub struct LoginPayload {
    /// The session token: send it as `Authorization: Bearer <token>`, or as
    /// `authorization` in the websocket's `connection_init` payload.
    pub token: String,
    /// When the token stops working.
    pub expires_at: DateTime<Utc>,
    /// The signed-in user.
    pub user: User,
}

/// Result of `logout`.
#[derive(SimpleObject)]
pub struct LogoutPayload {
    /// How many sessions ended.
    pub revoked_sessions: i32,
}

/// Result of `changePassword` and `createUser`.
#[derive(SimpleObject)]
pub struct UserPayload {
    /// The user; null when the input was refused.
    pub user: Option<User>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Result of the membership mutations.
#[derive(SimpleObject)]
pub struct MembershipPayload {
    /// The membership as it is now; null when the input was refused, or
    /// when the user was invited rather than added.
    pub membership: Option<Membership>,
    /// The invitation `addMembership` made; null otherwise.
    pub invitation: Option<Invitation>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Result of `removeMembership`.
#[derive(SimpleObject)]
pub struct RemoveMembershipPayload {
    /// The organization the member left; null when the input was refused.
    pub organization: Option<Organization>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Runs CPU-heavy password work off the async threads.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> ApiResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(ApiError::internal)
}

/// Mutations of the identity area.
#[derive(Default)]
pub struct IdentityMutation;

#[Object]
impl IdentityMutation {
    /// Signs in and returns a session token. After 5 failed attempts for an
    /// account from one address within 15 minutes (20 from any addresses,
    /// or 100 for any accounts from one address), further attempts are
    /// refused with `RATE_LIMITED` for 15 minutes; the error's `retryAt`
    /// says until when.
    async fn login(&self, ctx: &Context<'_>, input: LoginInput) -> ApiResult<LoginPayload> {
        sessions::login(ctx, input).await
    }
    /// Ends this session, or with `everywhere` every session of the user.
    async fn logout(
        &self,
        ctx: &Context<'_>,
        input: Option<LogoutInput>,
    ) -> ApiResult<LogoutPayload> {
        sessions::logout(ctx, input).await
    }
    /// Changes the signed-in user's password and ends their other sessions.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        input: ChangePasswordInput,
    ) -> ApiResult<UserPayload> {
        sessions::change_password(ctx, input).await
    }
    /// Changes the signed-in user's display name, email, phone or language;
    /// an omitted field stays as it is.
    async fn update_profile(
        &self,
        ctx: &Context<'_>,
        input: UpdateProfileInput,
    ) -> ApiResult<UserPayload> {
        users::update_profile(ctx, input).await
    }
    /// Creates an account with its first membership. Needs `ADMIN` in that
    /// organization, or in the city tripartite office.
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        input: CreateUserInput,
    ) -> ApiResult<UserPayload> {
        users::create_user(ctx, input).await
    }
    /// Adds a user to an organization, for its admins or the city office's.
    /// The city office adds an existing user at once; an organization's own
    /// admins invite the login name, and the user joins by accepting (see
    /// `viewer.invitations`). The answer is the same whether or not the
    /// login name exists.
    async fn add_membership(
        &self,
        ctx: &Context<'_>,
        input: AddMembershipInput,
    ) -> ApiResult<MembershipPayload> {
        members::add_membership(ctx, input).await
    }

    /// Joins the organization of an invitation addressed to the signed-in user.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        input: InvitationInput,
    ) -> ApiResult<MembershipPayload> {
        members::accept_invitation(ctx, input).await
    }

    /// Declines an invitation addressed to the signed-in user.
    async fn decline_invitation(
        &self,
        ctx: &Context<'_>,
        input: InvitationInput,
    ) -> ApiResult<MembershipPayload> {
        members::decline_invitation(ctx, input).await
    }

    /// Changes a member's role, for its admins or the city office's. An
    /// organization keeps at least one admin.
    async fn change_membership_role(
        &self,
        ctx: &Context<'_>,
        input: ChangeMembershipRoleInput,
    ) -> ApiResult<MembershipPayload> {
        members::change_membership_role(ctx, input).await
    }

    /// Removes a member from an organization, for its admins or the city
    /// office's. The user and their audit history remain, even when this
    /// was their last membership.
    async fn remove_membership(
        &self,
        ctx: &Context<'_>,
        input: RemoveMembershipInput,
    ) -> ApiResult<RemoveMembershipPayload> {
        members::remove_membership(ctx, input).await
    }
}
