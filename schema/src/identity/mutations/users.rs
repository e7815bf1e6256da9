//! `createUser`: an account with its first membership.

use async_graphql::Context;
use serde_json::json;

use crate::context::services;
use crate::db::{Conn, stored};
use crate::events::kinds::EventKind;
use crate::events::storage as events;
use crate::graphql::errors::{
    ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors,
};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::authorization::{Acting, act_as_self, administer, signed_in};
use crate::identity::input::{
    CreateUserInput, UpdateProfileInput, check_email, check_login_name, parse_password, parse_phone,
};
use crate::identity::kinds::{Language, Role};
use crate::identity::objects::User;
use crate::identity::secrets::hash_password;
use crate::identity::storage::{self, NewUser, UserChanges, UserRow};
use crate::identity::{audit, viewer};
use crate::organizations::input::{parse_id, parse_name};
use crate::organizations::storage::{OrganizationRow, organizations_by_ids};
use crate::organizations::visibility;
use crate::transaction;

use super::*;

/// Creates an account with its first membership, for the organization's
/// admins or the city office's.
pub async fn create_user(ctx: &Context<'_>, input: CreateUserInput) -> ApiResult<UserPayload> {
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
    let phone = parse_phone(&mut errors, input.phone.as_deref());
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
        Some(phone),
        Some(password),
        Some(organization_id),
        true,
    ) = (
        login_name,
        display_name,
        email,
        phone,
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
            phone,
            language: input.language.unwrap_or(Language::ZhCn),
            ..NewUser::new(login_name, display_name, email, password_hash, now)
        };
        let user = storage::insert_member(conn, &new, Some((organization_id, input.role))).await?;
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

/// Changes the signed-in user's own name, email, phone or language.
pub async fn update_profile(
    ctx: &Context<'_>,
    input: UpdateProfileInput,
) -> ApiResult<UserPayload> {
    let services = services(ctx);
    let user = signed_in(viewer(ctx))?;
    let acting = act_as_self(viewer(ctx))?;
    let mut errors = UserErrors::default();
    let changes = UserChanges {
        display_name: input
            .display_name
            .as_deref()
            .and_then(|name| parse_name(&mut errors, &["displayName"], name, 50)),
        email: input
            .email
            .as_deref()
            .and_then(|email| errors.check(&["email"], UserErrorCode::Invalid, check_email(email))),
        phone: input
            .phone
            .as_deref()
            .and_then(|phone| parse_phone(&mut errors, Some(phone))),
        language: input.language,
        ..UserChanges::default()
    };
    if !errors.is_empty() {
        return Ok(UserPayload {
            user: None,
            user_errors: errors.into_vec(),
        });
    }
    // What changed, for the audit trail.
    let mut summary = json!({
        "displayName": changes.display_name,
        "email": changes.email,
        "phone": changes.phone,
        "language": changes.language.map(Language::as_str),
    });
    if let Some(fields) = summary.as_object_mut() {
        fields.retain(|_, value| !value.is_null());
    }
    let now = stored(services.clock.now());
    let row = transaction!(services.db, |conn| {
        if summary.as_object().is_some_and(|fields| !fields.is_empty()) {
            storage::update_user(conn, user.user_id, &changes, now).await?;
            audit::record(
                conn,
                now,
                acting,
                "updateProfile",
                (NodeType::User, user.user_id),
                summary.clone(),
            )
            .await?;
        }
        Ok::<_, ApiError>(storage::users_by_ids(conn, &[user.user_id]).await?.pop())
    })?;
    Ok(UserPayload {
        user: row.map(User),
        user_errors: vec![],
    })
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

/// Tells an organization's members that a new user joined it.
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
        "user": { "id": encode(NodeType::User, user.id), "displayName": user.display_name, "loginName": user.login_name },
        "role": role.as_str(),
    });
    let subject = (NodeType::Organization, organization.id);
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
