//! Mutations of the identity area: sessions, passwords, users and memberships.
//! Still one file: the membership mutations move onto the change pipeline
//! (and into smaller files) with the fix of who may grant a role.

use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::authorization::{Acting, act_as_self, administer, signed_in};
use super::input::{
    AddMembershipInput, ChangeMembershipRoleInput, ChangePasswordInput, CreateUserInput,
    LoginInput, LogoutInput, RemoveMembershipInput, check_email, check_login_name, parse_password,
};
use super::kinds::{Language, Role};
use super::objects::{Membership, User};
use super::secrets::{hash_password, new_token, token_hash, verify_nothing, verify_password};
use super::storage::{self, MembershipRow, NewUser, Sessions, UserChanges, UserRow};
use super::{ClientAddress, audit, throttle, viewer};
use crate::context::services;
use crate::db::{Conn, stored};
use crate::events::kinds::EventKind;
use crate::events::storage as events;
use crate::graphql::errors::{
    ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors,
};
use crate::graphql::ids::{NodeType, encode};
use crate::organizations::input::{parse_id, parse_name};
use crate::organizations::objects::Organization;
use crate::organizations::storage::{OrganizationRow, organizations_by_ids};
use crate::organizations::visibility;
use crate::transaction;

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

/// Result of `addMembership` and `changeMembershipRole`.
#[derive(SimpleObject)]
pub struct MembershipPayload {
    /// The membership; null when the input was refused.
    pub membership: Option<Membership>,
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

enum LoginOutcome {
    Throttled,
    Refused,
    Done {
        token: String,
        expires_at: chrono::NaiveDateTime,
        user: UserRow,
    },
}

/// Loads an organization the viewer may see and checks they may manage its members.
async fn managed_organization(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    organization_id: i64,
) -> Result<(OrganizationRow, Acting), TxError> {
    let visible = visibility::organizations(viewer(ctx));
    let organization = organizations_by_ids(conn, &[organization_id], &visible)
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    let acting = administer(viewer(ctx), organization_id)?;
    Ok((organization, acting))
}

/// Refuses to leave an organization without an admin.
async fn keep_an_admin(
    conn: &mut Conn<'_>,
    current: &MembershipRow,
    new_role: Option<Role>,
) -> Result<(), TxError> {
    let demoted = current.role == Role::Admin && new_role != Some(Role::Admin);
    if demoted && storage::admin_count(conn, current.organization_id).await? <= 1 {
        let error = UserError::new(
            &["userId"],
            UserErrorCode::RuleViolated,
            "an organization keeps at least one admin",
        );
        return Err(vec![error].into());
    }
    Ok(())
}

/// The membership of `user_id` in `organization_id`, or a user error.
async fn existing_membership(
    conn: &mut Conn<'_>,
    user_id: i64,
    organization_id: i64,
) -> Result<MembershipRow, TxError> {
    storage::membership(conn, user_id, organization_id)
        .await?
        .ok_or_else(|| {
            vec![UserError::new(
                &["userId"],
                UserErrorCode::NotFound,
                "is not a member of this organization",
            )]
            .into()
        })
}

/// Mutations of the identity area.
#[derive(Default)]
pub struct IdentityMutation;

#[Object]
impl IdentityMutation {
    /// Signs in and returns a session token. After 5 failed attempts for an
    /// account (or from an address) within 15 minutes, further attempts are
    /// refused with `RATE_LIMITED` for 15 minutes.
    async fn login(&self, ctx: &Context<'_>, input: LoginInput) -> ApiResult<LoginPayload> {
        let services = services(ctx);
        let address = ctx.data_opt::<ClientAddress>().map(|a| a.0.as_str());
        let keys = throttle::keys(&input.login_name, address);
        let login_name = input.login_name.trim().to_lowercase();
        let now = stored(services.clock.now());
        let (locked, user) = {
            let mut pooled = services.db.get().await?;
            let conn = &mut pooled.conn();
            let states = storage::throttles(conn, &keys).await?;
            let locked = states
                .iter()
                .any(|(_, s)| throttle::is_locked(Some(s), now));
            (locked, storage::user_by_login(conn, &login_name).await?)
        };
        if locked {
            return Err(ApiError::RateLimited);
        }
        let password = input.password;
        let stored_hash = user
            .as_ref()
            .filter(|u| !u.disabled)
            .map(|u| u.password_hash.clone());
        let verified = blocking(move || match stored_hash {
            Some(hash) => verify_password(&password, &hash),
            None => {
                verify_nothing(&password);
                false
            }
        })
        .await?;
        let ttl = services.session_ttl;
        let result = transaction!(services.db, |conn| {
            let states = storage::throttles(conn, &keys).await?;
            if states
                .iter()
                .any(|(_, s)| throttle::is_locked(Some(s), now))
            {
                return Ok::<_, TxError>(LoginOutcome::Throttled);
            }
            let Some(user) = user.filter(|_| verified) else {
                for key in &keys {
                    let previous = states
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, s)| s.clone());
                    storage::save_throttle(conn, key, &throttle::after_failure(previous, now))
                        .await?;
                }
                return Ok(LoginOutcome::Refused);
            };
            storage::clear_throttles(conn, &keys).await?;
            let token = new_token();
            let expires_at = now + ttl;
            storage::insert_session(conn, user.id, &token_hash(&token), now, expires_at).await?;
            let acting = Acting {
                user_id: Some(user.id),
                organization_id: None,
            };
            audit::record(
                conn,
                now,
                acting,
                "login",
                (NodeType::User, user.id),
                json!({}),
            )
            .await?;
            Ok(LoginOutcome::Done {
                token,
                expires_at,
                user,
            })
        });
        match Outcome::of(result)? {
            Outcome::Done(LoginOutcome::Done {
                token,
                expires_at,
                user,
            }) => Ok(LoginPayload {
                token,
                expires_at: expires_at.and_utc(),
                user: User(user),
            }),
            Outcome::Done(LoginOutcome::Throttled) => Err(ApiError::RateLimited),
            Outcome::Done(LoginOutcome::Refused) | Outcome::Rejected(_) => {
                Err(ApiError::WrongCredentials)
            }
        }
    }

    /// Ends this session, or with `everywhere` every session of the user.
    async fn logout(
        &self,
        ctx: &Context<'_>,
        input: Option<LogoutInput>,
    ) -> ApiResult<LogoutPayload> {
        let services = services(ctx);
        let user = signed_in(viewer(ctx))?;
        let everywhere = input.unwrap_or_default().everywhere.unwrap_or(false);
        let which = if everywhere {
            Sessions::All
        } else {
            Sessions::Only(&user.session)
        };
        let now = stored(services.clock.now());
        let acting = act_as_self(viewer(ctx))?;
        let revoked = transaction!(services.db, |conn| {
            let revoked = storage::revoke_sessions(conn, user.user_id, which, now).await?;
            let summary = json!({ "everywhere": everywhere, "revokedSessions": revoked });
            audit::record(
                conn,
                now,
                acting,
                "logout",
                (NodeType::User, user.user_id),
                summary,
            )
            .await?;
            Ok::<_, ApiError>(revoked)
        })?;
        Ok(LogoutPayload {
            revoked_sessions: i32::try_from(revoked).unwrap_or(i32::MAX),
        })
    }

    /// Changes the signed-in user's password and ends their other sessions.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        input: ChangePasswordInput,
    ) -> ApiResult<UserPayload> {
        let services = services(ctx);
        let user = signed_in(viewer(ctx))?;
        let acting = act_as_self(viewer(ctx))?;
        let rejected = |user_errors| {
            Ok(UserPayload {
                user: None,
                user_errors,
            })
        };
        let current = {
            let mut pooled = services.db.get().await?;
            storage::users_by_ids(&mut pooled.conn(), &[user.user_id])
                .await?
                .pop()
                .ok_or(ApiError::Unauthenticated)?
        };
        let mut errors = UserErrors::default();
        let new_password = parse_password(&mut errors, "newPassword", &input.new_password);
        let (given, hash) = (input.current_password, current.password_hash.clone());
        if !blocking(move || verify_password(&given, &hash)).await? {
            errors.push(
                &["currentPassword"],
                UserErrorCode::Invalid,
                "is not the current password",
            );
        }
        let (Some(new_password), true) = (new_password, errors.is_empty()) else {
            return rejected(errors.into_vec());
        };
        let new_hash = blocking(move || hash_password(&new_password)).await?;
        let now = stored(services.clock.now());
        let row = transaction!(services.db, |conn| {
            let changes = UserChanges {
                password_hash: Some(new_hash),
                ..UserChanges::default()
            };
            storage::update_user(conn, user.user_id, &changes, now).await?;
            let others =
                storage::revoke_sessions(conn, user.user_id, Sessions::AllBut(&user.session), now)
                    .await?;
            let summary = json!({ "password": "changed", "otherSessionsEnded": others });
            audit::record(
                conn,
                now,
                acting,
                "changePassword",
                (NodeType::User, user.user_id),
                summary,
            )
            .await?;
            Ok::<_, ApiError>(storage::users_by_ids(conn, &[user.user_id]).await?.pop())
        })?;
        Ok(UserPayload {
            user: row.map(User),
            user_errors: vec![],
        })
    }

    /// Creates an account with its first membership. Needs `ADMIN` in that
    /// organization, or in the city tripartite office.
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        input: CreateUserInput,
    ) -> ApiResult<UserPayload> {
        let services = services(ctx);
        signed_in(viewer(ctx))?;
        let rejected = |user_errors| {
            Ok(UserPayload {
                user: None,
                user_errors,
            })
        };
        let mut errors = UserErrors::default();
        let login_name = errors.check(
            &["loginName"],
            UserErrorCode::Invalid,
            check_login_name(&input.login_name),
        );
        let display_name = parse_name(&mut errors, &["displayName"], &input.display_name, 50);
        let email = errors.check(
            &["email"],
            UserErrorCode::Invalid,
            check_email(&input.email),
        );
        let password = parse_password(&mut errors, "password", &input.password);
        let organization_id = parse_id(
            &mut errors,
            "organizationId",
            &input.organization_id,
            NodeType::Organization,
        );
        let (
            Some(login_name),
            Some(display_name),
            Some(email),
            Some(password),
            Some(organization_id),
            true,
        ) = (
            login_name,
            display_name,
            email,
            password,
            organization_id,
            errors.is_empty(),
        )
        else {
            return rejected(errors.into_vec());
        };
        let password_hash = blocking(move || hash_password(&password)).await?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let (organization, acting) = managed_organization(ctx, conn, organization_id).await?;
            if storage::user_by_login(conn, &login_name).await?.is_some() {
                return Err(vec![UserError::new(
                    &["loginName"],
                    UserErrorCode::Taken,
                    "is taken",
                )]
                .into());
            }
            let new = NewUser {
                phone: input.phone.as_deref().unwrap_or("").trim().to_owned(),
                language: input.language.unwrap_or(Language::ZhCn),
                ..NewUser::new(login_name, display_name, email, password_hash, now)
            };
            let user =
                storage::insert_member(conn, &new, Some((organization_id, input.role))).await?;
            let summary = json!({ "loginName": user.login_name, "displayName": user.display_name,
                                  "email": user.email, "role": input.role.as_str() });
            audit::record(
                conn,
                now,
                acting,
                "createUser",
                (NodeType::User, user.id),
                summary,
            )
            .await?;
            member_event(
                conn,
                now,
                acting,
                EventKind::MembershipAdded,
                &organization,
                &user,
                input.role,
            )
            .await?;
            Ok::<_, TxError>(user)
        });
        match Outcome::of(result)? {
            Outcome::Done(user) => Ok(UserPayload {
                user: Some(User(user)),
                user_errors: vec![],
            }),
            Outcome::Rejected(user_errors) => rejected(user_errors),
        }
    }

    /// Adds an existing user to an organization. Needs `ADMIN` there, or in
    /// the city tripartite office.
    async fn add_membership(
        &self,
        ctx: &Context<'_>,
        input: AddMembershipInput,
    ) -> ApiResult<MembershipPayload> {
        let services = services(ctx);
        signed_in(viewer(ctx))?;
        let rejected = |user_errors| {
            Ok(MembershipPayload {
                membership: None,
                user_errors,
            })
        };
        let mut errors = UserErrors::default();
        let organization_id = parse_id(
            &mut errors,
            "organizationId",
            &input.organization_id,
            NodeType::Organization,
        );
        let Some(organization_id) = organization_id else {
            return rejected(errors.into_vec());
        };
        let login_name = input.login_name.trim().to_lowercase();
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let (organization, acting) = managed_organization(ctx, conn, organization_id).await?;
            let Some(user) = storage::user_by_login(conn, &login_name).await? else {
                return Err(vec![UserError::new(
                    &["loginName"],
                    UserErrorCode::NotFound,
                    "no such user",
                )]
                .into());
            };
            if storage::membership(conn, user.id, organization_id)
                .await?
                .is_some()
            {
                return Err(vec![UserError::new(
                    &["loginName"],
                    UserErrorCode::Taken,
                    "is already a member",
                )]
                .into());
            }
            let row = MembershipRow {
                user_id: user.id,
                organization_id,
                role: input.role,
                created_at: now,
            };
            storage::insert_membership(conn, &row).await?;
            let summary = json!({ "organizationId": encode(NodeType::Organization, organization_id), "role": input.role.as_str() });
            audit::record(
                conn,
                now,
                acting,
                "addMembership",
                (NodeType::User, user.id),
                summary,
            )
            .await?;
            member_event(
                conn,
                now,
                acting,
                EventKind::MembershipAdded,
                &organization,
                &user,
                input.role,
            )
            .await?;
            Ok::<_, TxError>(Membership {
                row,
                user: Some(user),
            })
        });
        match Outcome::of(result)? {
            Outcome::Done(membership) => Ok(MembershipPayload {
                membership: Some(membership),
                user_errors: vec![],
            }),
            Outcome::Rejected(user_errors) => rejected(user_errors),
        }
    }

    /// Changes a member's role. An organization keeps at least one admin.
    async fn change_membership_role(
        &self,
        ctx: &Context<'_>,
        input: ChangeMembershipRoleInput,
    ) -> ApiResult<MembershipPayload> {
        let change = MemberChange::Role(input.role);
        Ok(
            match change_member(ctx, &input.organization_id, &input.user_id, change).await? {
                Outcome::Done((_, row, user)) => MembershipPayload {
                    membership: Some(Membership { row, user }),
                    user_errors: vec![],
                },
                Outcome::Rejected(user_errors) => MembershipPayload {
                    membership: None,
                    user_errors,
                },
            },
        )
    }

    /// Removes a member from an organization. The user and their audit
    /// history remain, even when this was their last membership.
    async fn remove_membership(
        &self,
        ctx: &Context<'_>,
        input: RemoveMembershipInput,
    ) -> ApiResult<RemoveMembershipPayload> {
        Ok(
            match change_member(
                ctx,
                &input.organization_id,
                &input.user_id,
                MemberChange::Remove,
            )
            .await?
            {
                Outcome::Done((organization, _, _)) => RemoveMembershipPayload {
                    organization: Some(Organization::full(organization)),
                    user_errors: vec![],
                },
                Outcome::Rejected(user_errors) => RemoveMembershipPayload {
                    organization: None,
                    user_errors,
                },
            },
        )
    }
}

/// A change to an existing membership.
#[derive(Clone, Copy)]
enum MemberChange {
    Role(Role),
    Remove,
}

/// Changes or removes a membership, keeping an admin in the organization.
/// Returns the organization, the membership as it is now, and the user.
async fn change_member(
    ctx: &Context<'_>,
    organization_id: &async_graphql::ID,
    user_id: &async_graphql::ID,
    change: MemberChange,
) -> ApiResult<Outcome<(OrganizationRow, MembershipRow, Option<UserRow>)>> {
    let services = services(ctx);
    signed_in(viewer(ctx))?;
    let mut errors = UserErrors::default();
    let organization_id = parse_id(
        &mut errors,
        "organizationId",
        organization_id,
        NodeType::Organization,
    );
    let user_id = parse_id(&mut errors, "userId", user_id, NodeType::User);
    let (Some(organization_id), Some(user_id)) = (organization_id, user_id) else {
        return Ok(Outcome::Rejected(errors.into_vec()));
    };
    let now = stored(services.clock.now());
    let result = transaction!(services.db, |conn| {
        let (organization, acting) = managed_organization(ctx, conn, organization_id).await?;
        let current = existing_membership(conn, user_id, organization_id).await?;
        let (operation, row) = match change {
            MemberChange::Role(role) => {
                keep_an_admin(conn, &current, Some(role)).await?;
                storage::set_role(conn, user_id, organization_id, role).await?;
                ("changeMembershipRole", MembershipRow { role, ..current })
            }
            MemberChange::Remove => {
                keep_an_admin(conn, &current, None).await?;
                storage::delete_membership(conn, user_id, organization_id).await?;
                ("removeMembership", current)
            }
        };
        let summary = json!({ "organizationId": encode(NodeType::Organization, organization_id), "role": row.role.as_str() });
        audit::record(
            conn,
            now,
            acting,
            operation,
            (NodeType::User, user_id),
            summary,
        )
        .await?;
        let user = storage::users_by_ids(conn, &[user_id]).await?.pop();
        if let Some(user) = &user {
            let kind = match change {
                MemberChange::Role(_) => EventKind::MembershipChanged,
                MemberChange::Remove => EventKind::MembershipRemoved,
            };
            member_event(conn, now, acting, kind, &organization, user, row.role).await?;
        }
        Ok::<_, TxError>((organization, row, user))
    });
    Outcome::of(result)
}

/// Tells an organization's members that someone joined, changed role or left.
async fn member_event(
    conn: &mut Conn<'_>,
    now: chrono::NaiveDateTime,
    acting: Acting,
    kind: EventKind,
    organization: &OrganizationRow,
    user: &UserRow,
    role: Role,
) -> Result<(), TxError> {
    let payload = json!({
        "organization": { "id": encode(NodeType::Organization, organization.id), "name": organization.name },
        "user": { "displayName": user.display_name, "loginName": user.login_name },
        "role": role.as_str(),
    });
    let subject = (NodeType::User, user.id);
    events::emit(
        conn,
        now,
        acting.user_id,
        kind,
        subject,
        vec![organization.id],
        payload,
    )
    .await?;
    Ok(())
}
