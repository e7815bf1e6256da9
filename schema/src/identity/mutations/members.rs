//! Memberships, through the change pipeline with the organization as the
//! record: its admins (or the city office's) invite users and change or
//! end their roles ([`Actor::Administrator`]); the city office adds users
//! at once. An invited user joins by accepting.

use async_graphql::{Context, ID};
use serde_json::{Value, json};

use super::{MembershipPayload, RemoveMembershipPayload};
use crate::change::{
    Act, Actor, Audience, Change, Decision, Env, Facts, Input, Ruling, run, store,
};
use crate::context::services;
use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiError, ApiResult, Outcome, TxError, UserError};
use crate::graphql::ids::{NodeType, encode, row_id};
use crate::identity::authorization::{act_as_self, signed_in};
use crate::identity::input::{
    AddMembershipInput, ChangeMembershipRoleInput, InvitationInput, RemoveMembershipInput,
};
use crate::identity::kinds::Role;
use crate::identity::objects::{Invitation, Membership};
use crate::identity::rules::{self, Invitee, Joining};
use crate::identity::storage::{self, MembershipRow, NewInvitation, UserRow};
use crate::identity::viewer;
use crate::organizations::objects::Organization;
use crate::organizations::places::organization as organization_row;
use crate::organizations::record::OrganizationWrite;
use crate::organizations::storage::OrganizationRow;
use crate::transaction;

/// Who a membership event names.
fn member(user: &UserRow, role: Role) -> Value {
    json!({
        "user": { "id": encode(NodeType::User, user.id), "displayName": user.display_name, "loginName": user.login_name },
        "role": role.as_str(),
    })
}

impl Input<OrganizationRow> for AddMembershipInput {
    fn id(&self) -> &ID {
        &self.organization_id
    }

    fn who(&self, _: &OrganizationRow) -> Actor {
        Actor::Administrator
    }
}

/// The login name an admin names, and whether the city office acts.
pub struct Named {
    login_name: String,
    user: Option<UserRow>,
    invitee: Invitee,
    by_city_office: bool,
}

impl Facts<OrganizationRow, AddMembershipInput> for Named {
    async fn load(
        conn: &mut Conn<'_>,
        organization: &OrganizationRow,
        input: &AddMembershipInput,
        act: &Act,
    ) -> Result<Named, TxError> {
        let login_name = input.login_name.trim().to_lowercase();
        let user = storage::user_by_login(conn, &login_name).await?;
        let member = match &user {
            Some(user) => storage::membership(conn, user.id, organization.id)
                .await?
                .is_some(),
            None => false,
        };
        let invited = storage::invitation_to(conn, organization.id, &login_name)
            .await?
            .is_some();
        let acting = act.acting.organization_id.unwrap_or_default();
        let by_city_office = organization_row(conn, acting).await?.city_office;
        Ok(Named {
            login_name,
            invitee: Invitee {
                user_id: user.as_ref().map(|u| u.id),
                member,
                invited,
            },
            user,
            by_city_office,
        })
    }
}

impl Change<OrganizationRow> for AddMembershipInput {
    type Facts = Named;

    fn decide(
        &self,
        organization: &OrganizationRow,
        named: &Named,
        act: &Act,
    ) -> Ruling<OrganizationRow> {
        let audience = Audience::Organizations(vec![organization.id]);
        match rules::join(named.by_city_office, named.invitee)? {
            Joining::Added(user_id) => {
                let membership = MembershipRow {
                    user_id,
                    organization_id: organization.id,
                    role: self.role,
                    created_at: act.now,
                };
                let user = named.user.as_ref().ok_or_else(|| internal("no user"))?;
                Ok(Decision::new(EventKind::MembershipAdded, [audience])
                    .write(OrganizationWrite::Join(membership))
                    .details(member(user, self.role)))
            }
            Joining::Invited => {
                let invitation = NewInvitation {
                    organization_id: organization.id,
                    login_name: named.login_name.clone(),
                    role: self.role,
                    invited_by: act.acting.user_id,
                    created_at: act.now,
                };
                let details = json!({ "invited": named.login_name, "role": self.role.as_str() });
                Ok(Decision::new(EventKind::MembershipAdded, [audience])
                    .quietly()
                    .write(OrganizationWrite::Invite(invitation))
                    .details(details))
            }
        }
    }
}

fn internal(what: &str) -> Vec<UserError> {
    tracing::error!(what, "membership rule without its facts");
    vec![UserError::new(
        &["loginName"],
        crate::graphql::errors::UserErrorCode::NotFound,
        "no such user",
    )]
}

/// A change of an existing membership: its role, or its end.
pub struct MemberChange {
    organization: ID,
    user_id: i64,
    role: Option<Role>,
}

impl Input<OrganizationRow> for MemberChange {
    fn id(&self) -> &ID {
        &self.organization
    }

    fn who(&self, _: &OrganizationRow) -> Actor {
        Actor::Administrator
    }
}

/// The membership changed, its user and how many admins the organization has.
pub struct Current {
    membership: Option<(MembershipRow, UserRow)>,
    admins: i64,
}

impl Facts<OrganizationRow, MemberChange> for Current {
    async fn load(
        conn: &mut Conn<'_>,
        organization: &OrganizationRow,
        change: &MemberChange,
        _: &Act,
    ) -> Result<Current, TxError> {
        let membership = storage::membership(conn, change.user_id, organization.id).await?;
        let user = storage::users_by_ids(conn, &[change.user_id]).await?.pop();
        Ok(Current {
            membership: membership.zip(user),
            admins: storage::admin_count(conn, organization.id).await?,
        })
    }
}

impl Change<OrganizationRow> for MemberChange {
    type Facts = Current;

    fn decide(
        &self,
        organization: &OrganizationRow,
        current: &Current,
        _: &Act,
    ) -> Ruling<OrganizationRow> {
        let Some((membership, user)) = &current.membership else {
            return Err(crate::graphql::errors::refused(
                "userId",
                crate::graphql::errors::UserErrorCode::NotFound,
                "is not a member of this organization",
            ));
        };
        rules::keeps_an_admin(membership.role, self.role, current.admins)?;
        let audience = Audience::Organizations(vec![organization.id]);
        let user_id = user.id;
        Ok(match self.role {
            Some(role) => Decision::new(EventKind::MembershipChanged, [audience])
                .write(OrganizationWrite::SetRole { user_id, role })
                .details(member(user, role)),
            None => Decision::new(EventKind::MembershipRemoved, [audience])
                .write(OrganizationWrite::Leave { user_id })
                .details(member(user, membership.role)),
        })
    }
}

fn refused_payload(user_errors: Vec<UserError>) -> MembershipPayload {
    MembershipPayload {
        membership: None,
        invitation: None,
        user_errors,
    }
}

/// The membership of `user_id` (or the invitation of `login_name`) as it is now.
async fn outcome_payload(
    ctx: &Context<'_>,
    outcome: Outcome<OrganizationRow>,
    user_id: Option<i64>,
    login_name: Option<&str>,
) -> ApiResult<MembershipPayload> {
    let organization = match outcome {
        Outcome::Done(organization) => organization,
        Outcome::Rejected(user_errors) => return Ok(refused_payload(user_errors)),
    };
    let mut pooled = services(ctx).db.get().await?;
    let conn = &mut pooled.conn();
    let user = match (user_id, login_name) {
        (Some(id), _) => storage::users_by_ids(conn, &[id]).await?.pop(),
        (None, Some(login)) => storage::user_by_login(conn, login).await?,
        _ => None,
    };
    let membership = match &user {
        Some(user) => storage::membership(conn, user.id, organization.id).await?,
        None => None,
    };
    let invitation = match (&membership, login_name) {
        (None, Some(login)) => storage::invitation_to(conn, organization.id, login).await?,
        _ => None,
    };
    Ok(MembershipPayload {
        membership: membership.map(|row| Membership { row, user }),
        invitation: invitation.map(Invitation),
        user_errors: vec![],
    })
}

pub async fn add_membership(
    ctx: &Context<'_>,
    input: AddMembershipInput,
) -> ApiResult<MembershipPayload> {
    let login_name = input.login_name.trim().to_lowercase();
    let outcome = run(ctx, input).await?;
    outcome_payload(ctx, outcome, None, Some(&login_name)).await
}

fn parse_change(
    organization: ID,
    user_id: &ID,
    role: Option<Role>,
) -> Result<MemberChange, Vec<UserError>> {
    match row_id(user_id, NodeType::User) {
        Ok(user_id) => Ok(MemberChange {
            organization,
            user_id,
            role,
        }),
        Err(_) => Err(crate::graphql::errors::refused(
            "userId",
            crate::graphql::errors::UserErrorCode::Invalid,
            "is not a valid id",
        )),
    }
}

pub async fn change_membership_role(
    ctx: &Context<'_>,
    input: ChangeMembershipRoleInput,
) -> ApiResult<MembershipPayload> {
    signed_in(viewer(ctx))?;
    let change = match parse_change(input.organization_id, &input.user_id, Some(input.role)) {
        Ok(change) => change,
        Err(errors) => return Ok(refused_payload(errors)),
    };
    let user_id = change.user_id;
    let outcome = run(ctx, change).await?;
    outcome_payload(ctx, outcome, Some(user_id), None).await
}

pub async fn remove_membership(
    ctx: &Context<'_>,
    input: RemoveMembershipInput,
) -> ApiResult<RemoveMembershipPayload> {
    signed_in(viewer(ctx))?;
    let outcome = match parse_change(input.organization_id, &input.user_id, None) {
        Ok(change) => run(ctx, change).await?,
        Err(errors) => Outcome::Rejected(errors),
    };
    Ok(match outcome {
        Outcome::Done(organization) => RemoveMembershipPayload {
            organization: Some(Organization::full(organization)),
            user_errors: vec![],
        },
        Outcome::Rejected(user_errors) => RemoveMembershipPayload {
            organization: None,
            user_errors,
        },
    })
}

/// Accepts an invitation addressed to the signed-in user: they join with
/// its role. Anyone else's invitation answers as a missing one.
pub async fn accept_invitation(
    ctx: &Context<'_>,
    input: InvitationInput,
) -> ApiResult<MembershipPayload> {
    answer_invitation(ctx, input, true).await
}

/// Declines an invitation addressed to the signed-in user.
pub async fn decline_invitation(
    ctx: &Context<'_>,
    input: InvitationInput,
) -> ApiResult<MembershipPayload> {
    answer_invitation(ctx, input, false).await
}

async fn answer_invitation(
    ctx: &Context<'_>,
    input: InvitationInput,
    accept: bool,
) -> ApiResult<MembershipPayload> {
    let user = signed_in(viewer(ctx))?;
    let acting = act_as_self(viewer(ctx))?;
    let id = row_id(&input.id, NodeType::Invitation)?;
    let env = Env::of(ctx);
    let (user_id, login_name) = (user.user_id, user.login_name.clone());
    let result = transaction!(services(ctx).db, |conn| {
        let invitation = storage::invitation_for(conn, id, &login_name)
            .await?
            .ok_or(ApiError::NotFound)?;
        storage::delete_invitation(conn, invitation.id).await?;
        let organization = organization_row(conn, invitation.organization_id).await?;
        let already = storage::membership(conn, user_id, organization.id).await?;
        let user = storage::users_by_ids(conn, &[user_id])
            .await?
            .pop()
            .ok_or(ApiError::NotFound)?;
        let audience = Audience::Organizations(vec![organization.id]);
        let decision = if accept && already.is_none() {
            let membership = MembershipRow {
                user_id,
                organization_id: organization.id,
                role: invitation.role,
                created_at: env.now,
            };
            Decision::new(EventKind::MembershipAdded, [audience])
                .write(OrganizationWrite::Join(membership))
                .details(member(&user, invitation.role))
        } else {
            Decision::new(EventKind::MembershipAdded, [audience])
                .quietly()
                .details(json!({ "declined": login_name, "role": invitation.role.as_str() }))
        };
        store(conn, organization, decision, acting, &env).await
    });
    let outcome = Outcome::of(result)?;
    outcome_payload(ctx, outcome, Some(user_id), None).await
}
