//! What operators do from the command line, and the first start: creating
//! the city tripartite office's administrator on an empty database.

use serde_json::json;

use super::audit;
use super::authorization::Acting;
use super::kinds::Role;
use super::secrets::{hash_password, new_password};
use super::storage::{self, NewUser, Sessions, UserChanges};
use crate::clock::Clock;
use crate::db::{Conn, Database, stored};
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::NodeType;
use crate::organizations::kinds::{OrganizationKind, RegionKind};
use crate::organizations::rules::region_path;
use crate::organizations::storage::{
    self as organization_storage, NewOrganization, NewRegion, OrganizationRow,
};
use crate::transaction;

/// The city the first start sets up when the database is empty.
#[derive(Debug, Clone)]
pub struct City {
    pub code: String,
    pub name: String,
}

/// What the first start did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstStart {
    /// Users existed already.
    NothingToDo,
    /// The administrator was created with the configured password.
    AdminCreated,
    /// The administrator was created with this generated password, to be shown once.
    AdminCreatedWithPassword(String),
}

/// The city tripartite office, creating the city and the office when missing.
pub async fn city_office(
    conn: &mut Conn<'_>,
    city: &City,
    now: chrono::NaiveDateTime,
) -> ApiResult<OrganizationRow> {
    if let Some(office) = organization_storage::root_office(conn).await? {
        return Ok(office);
    }
    let region = match organization_storage::region_by_code(conn, &city.code).await? {
        Some(region) => region,
        None => {
            let new = NewRegion {
                code: city.code.clone(),
                name: city.name.clone(),
                kind: RegionKind::City,
                parent_id: None,
                path: region_path(None, &city.code),
                created_at: now,
            };
            organization_storage::insert_region(conn, &new).await?
        }
    };
    let office = NewOrganization {
        kind: OrganizationKind::TripartiteOffice,
        name: format!("{}协调劳动关系三方委员会办公室", region.name),
        region_id: region.id,
        parent_id: None,
        employer_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let office = organization_storage::insert_organization(conn, &office).await?;
    Ok(organization_storage::designate_city_office(conn, office.id).await?)
}

/// On an empty database, creates the city office's administrator `admin`
/// with `password`, or a generated one.
pub async fn first_start(
    db: &Database,
    clock: &Clock,
    city: &City,
    password: Option<&str>,
) -> ApiResult<FirstStart> {
    {
        let mut pooled = db.get().await?;
        if storage::count_users(&mut pooled.conn()).await? > 0 {
            return Ok(FirstStart::NothingToDo);
        }
    }
    let generated = password.is_none().then(new_password);
    let chosen = password
        .map(str::to_owned)
        .or_else(|| generated.clone())
        .unwrap_or_default();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&chosen))
        .await
        .map_err(ApiError::internal)?;
    let now = stored(clock.now());
    transaction!(db, |conn| {
        if storage::count_users(conn).await? > 0 {
            return Ok::<_, ApiError>(());
        }
        let office = city_office(conn, city, now).await?;
        let new = NewUser::new(
            "admin".into(),
            "系统管理员".into(),
            "admin@localhost.invalid".into(),
            password_hash,
            now,
        );
        let user = storage::insert_member(conn, &new, Some((office.id, Role::Admin))).await?;
        let summary = json!({ "loginName": "admin", "role": "ADMIN",
                              "organizationId": crate::graphql::ids::encode(NodeType::Organization, office.id) });
        audit::record(
            conn,
            now,
            Acting::SYSTEM,
            "firstStart",
            (NodeType::User, user.id),
            summary,
        )
        .await?;
        Ok(())
    })?;
    Ok(match generated {
        Some(password) => FirstStart::AdminCreatedWithPassword(password),
        None => FirstStart::AdminCreated,
    })
}

/// A user added by an operator.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub login_name: String,
    pub display_name: String,
    pub email: String,
    /// The organization (by exact name) and role, if any.
    pub membership: Option<(String, Role)>,
}

/// Adds a user from the command line.
pub async fn add_user(
    db: &Database,
    clock: &Clock,
    account: NewAccount,
    password: &str,
) -> ApiResult<()> {
    let (login, display, email) = (
        super::input::check_login_name(&account.login_name)
            .map_err(|e| ApiError::BadUserInput(format!("login: {e}")))?,
        crate::graphql::text::check(&account.display_name, 50)
            .map_err(|(_, e)| ApiError::BadUserInput(format!("name: {e}")))?,
        super::input::check_email(&account.email)
            .map_err(|e| ApiError::BadUserInput(format!("email: {e}")))?,
    );
    super::secrets::check_password(password)
        .map_err(|e| ApiError::BadUserInput(format!("password: {e}")))?;
    let password = password.to_owned();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(ApiError::internal)?;
    let now = stored(clock.now());
    transaction!(db, |conn| {
        if storage::user_by_login(conn, &login).await?.is_some() {
            return Err(ApiError::BadUserInput(format!(
                "the login name {login} is taken"
            )));
        }
        let membership = match &account.membership {
            Some((name, role)) => {
                let organization = organization_storage::organization_by_name(conn, name)
                    .await?
                    .ok_or_else(|| {
                        ApiError::BadUserInput(format!("no organization is named {name}"))
                    })?;
                Some((organization.id, *role))
            }
            None => None,
        };
        let new = NewUser::new(
            login.clone(),
            display.clone(),
            email.clone(),
            password_hash,
            now,
        );
        let user = storage::insert_member(conn, &new, membership).await?;
        let summary = json!({ "loginName": login, "displayName": display, "email": email });
        audit::record(
            conn,
            now,
            Acting::SYSTEM,
            "cli:user add",
            (NodeType::User, user.id),
            summary,
        )
        .await?;
        Ok(())
    })
}

/// A user as `xieshang user list` shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedUser {
    pub login_name: String,
    pub display_name: String,
    pub email: String,
    pub disabled: bool,
    /// The organizations' names and the user's roles there.
    pub memberships: Vec<(String, Role)>,
}

/// Every user by login name, or with `organization` (an exact name) only
/// its members.
pub async fn list_users(db: &Database, organization: Option<&str>) -> ApiResult<Vec<ListedUser>> {
    let mut pooled = db.get().await?;
    let conn = &mut pooled.conn();
    let only = match organization {
        Some(name) => Some(
            organization_storage::organization_by_name(conn, name)
                .await?
                .ok_or_else(|| ApiError::BadUserInput(format!("no organization is named {name}")))?
                .id,
        ),
        None => None,
    };
    let users = storage::users_in(conn, only).await?;
    let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    let memberships = storage::memberships_of_users(conn, &ids).await?;
    let mut organization_ids: Vec<i64> = memberships.iter().map(|m| m.organization_id).collect();
    organization_ids.sort_unstable();
    organization_ids.dedup();
    let names: std::collections::HashMap<i64, String> = organization_storage::organizations_by_ids(
        conn,
        &organization_ids,
        &crate::organizations::visibility::OrgVisible::Everything,
    )
    .await?
    .into_iter()
    .map(|o| (o.id, o.name))
    .collect();
    Ok(users
        .into_iter()
        .map(|user| ListedUser {
            memberships: memberships
                .iter()
                .filter(|m| m.user_id == user.id)
                .map(|m| {
                    (
                        names.get(&m.organization_id).cloned().unwrap_or_default(),
                        m.role,
                    )
                })
                .collect(),
            login_name: user.login_name,
            display_name: user.display_name,
            email: user.email,
            disabled: user.disabled,
        })
        .collect())
}

/// Sets a user's password from the command line and ends their sessions.
pub async fn set_password(
    db: &Database,
    clock: &Clock,
    login_name: &str,
    password: &str,
) -> ApiResult<()> {
    super::secrets::check_password(password)
        .map_err(|e| ApiError::BadUserInput(format!("password: {e}")))?;
    let password = password.to_owned();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(ApiError::internal)?;
    let now = stored(clock.now());
    let login = login_name.trim().to_lowercase();
    transaction!(db, |conn| {
        let user = storage::user_by_login(conn, &login)
            .await?
            .ok_or(ApiError::NotFound)?;
        let changes = UserChanges {
            password_hash: Some(password_hash),
            ..UserChanges::default()
        };
        storage::update_user(conn, user.id, &changes, now).await?;
        let ended = storage::revoke_sessions(conn, user.id, Sessions::All, now).await?;
        let summary = json!({ "password": "changed", "sessionsEnded": ended });
        audit::record(
            conn,
            now,
            Acting::SYSTEM,
            "cli:user set-password",
            (NodeType::User, user.id),
            summary,
        )
        .await?;
        Ok(())
    })
}

/// Disables a user from the command line and ends their sessions.
pub async fn disable(db: &Database, clock: &Clock, login_name: &str) -> ApiResult<()> {
    let now = stored(clock.now());
    let login = login_name.trim().to_lowercase();
    transaction!(db, |conn| {
        let user = storage::user_by_login(conn, &login)
            .await?
            .ok_or(ApiError::NotFound)?;
        storage::update_user(
            conn,
            user.id,
            &UserChanges {
                disabled: Some(true),
                ..UserChanges::default()
            },
            now,
        )
        .await?;
        let ended = storage::revoke_sessions(conn, user.id, Sessions::All, now).await?;
        let summary = json!({ "disabled": true, "sessionsEnded": ended });
        audit::record(
            conn,
            now,
            Acting::SYSTEM,
            "cli:user disable",
            (NodeType::User, user.id),
            summary,
        )
        .await?;
        Ok(())
    })
}

/// The viewer an operator exports a ledger as (`xieshang export --as`): an
/// enabled user, as their memberships let them see. The export is audited.
pub async fn exporting_as(
    db: &Database,
    clock: &Clock,
    login_name: &str,
    summary: serde_json::Value,
) -> ApiResult<crate::identity::Viewer> {
    let now = stored(clock.now());
    let login = login_name.trim().to_lowercase();
    transaction!(db, |conn| {
        let user = storage::user_by_login(conn, &login)
            .await?
            .filter(|user| !user.disabled)
            .ok_or(ApiError::NotFound)?;
        let subject = (NodeType::User, user.id);
        audit::record(conn, now, Acting::SYSTEM, "cli:export", subject, summary).await?;
        Ok(super::viewer::of_user(conn, user.id, user.login_name).await?)
    })
}

/// Lifts the login throttle of an account, from every address; how many
/// locks or counts were cleared. A bare address's count is left alone.
pub async fn unlock(db: &Database, clock: &Clock, login_name: &str) -> ApiResult<usize> {
    let now = stored(clock.now());
    let (account, pairs) = super::throttle::account_keys(login_name);
    transaction!(db, |conn| {
        let cleared =
            storage::clear_throttles(conn, std::slice::from_ref(&account), Some(&pairs)).await?;
        let login = login_name.trim().to_lowercase();
        if let Some(user) = storage::user_by_login(conn, &login).await? {
            let summary = json!({ "throttlesCleared": cleared });
            let subject = (NodeType::User, user.id);
            audit::record(
                conn,
                now,
                Acting::SYSTEM,
                "cli:user unlock",
                subject,
                summary,
            )
            .await?;
        }
        Ok(cleared)
    })
}
