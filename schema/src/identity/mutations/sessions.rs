//! Sessions and passwords: `login`, `logout`, `changePassword`.

use async_graphql::Context;
use serde_json::json;

use crate::context::services;
use crate::db::stored;
use crate::graphql::errors::{ApiError, ApiResult, Outcome, TxError, UserErrorCode, UserErrors};
use crate::graphql::ids::NodeType;
use crate::identity::authorization::{Acting, act_as_self, signed_in};
use crate::identity::input::{ChangePasswordInput, LoginInput, LogoutInput, parse_password};
use crate::identity::objects::User;
use crate::identity::secrets::{
    hash_password, new_token, token_hash, verify_nothing, verify_password,
};
use crate::identity::storage::{self, Sessions, UserChanges, UserRow};
use crate::identity::{ClientAddress, audit, throttle, viewer};
use crate::transaction;

use super::*;

enum LoginOutcome {
    Throttled(chrono::NaiveDateTime),
    Refused,
    Done {
        token: String,
        expires_at: chrono::NaiveDateTime,
        user: UserRow,
    },
}

/// Signs in, throttled per account, per account and address, and per
/// address (see [`throttle`]).
pub async fn login(ctx: &Context<'_>, input: LoginInput) -> ApiResult<LoginPayload> {
    let services = services(ctx);
    let address = ctx.data_opt::<ClientAddress>().map(|a| a.0.as_str());
    let keys = throttle::keys(&input.login_name, address);
    let login_name = input.login_name.trim().to_lowercase();
    let now = stored(services.clock.now());
    let (locked, user) = {
        let mut pooled = services.db.get().await?;
        let conn = &mut pooled.conn();
        let states = storage::throttles(conn, &keys).await?;
        let locked = throttle::locked_until(states.iter().map(|(_, s)| s), now);
        (locked, storage::user_by_login(conn, &login_name).await?)
    };
    if let Some(until) = locked {
        return Err(ApiError::RateLimited { until });
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
        if let Some(until) = throttle::locked_until(states.iter().map(|(_, s)| s), now) {
            return Ok::<_, TxError>(LoginOutcome::Throttled(until));
        }
        let Some(user) = user.filter(|_| verified) else {
            for key in &keys {
                let previous = states
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, s)| s.clone());
                let state = throttle::after_failure(key, previous, now);
                storage::save_throttle(conn, key, &state).await?;
            }
            return Ok(LoginOutcome::Refused);
        };
        let cleared: Vec<String> = keys
            .iter()
            .filter(|k| !k.starts_with("address:"))
            .cloned()
            .collect();
        storage::clear_throttles(conn, &cleared, None).await?;
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
        Outcome::Done(LoginOutcome::Throttled(until)) => Err(ApiError::RateLimited { until }),
        Outcome::Done(LoginOutcome::Refused) | Outcome::Rejected(_) => {
            Err(ApiError::WrongCredentials)
        }
    }
}

/// Ends this session, or with `everywhere` every session of the user.
pub async fn logout(ctx: &Context<'_>, input: Option<LogoutInput>) -> ApiResult<LogoutPayload> {
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
pub async fn change_password(
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
