//! Storage of users, sessions, memberships and login throttles.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::{Language, Role};
use super::throttle::Failures;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{login_throttles, memberships, organizations, sessions, users};
use crate::organizations::kinds::OrganizationKind;
use crate::{load_page, on};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct UserRow {
    pub id: i64,
    pub login_name: String,
    pub display_name: String,
    pub email: String,
    pub phone: String,
    pub language: Language,
    pub password_hash: String,
    pub disabled: bool,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser {
    pub login_name: String,
    pub display_name: String,
    pub email: String,
    pub phone: String,
    pub language: Language,
    pub password_hash: String,
    pub disabled: bool,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl NewUser {
    /// A new, enabled account at version 1.
    pub fn new(
        login_name: String,
        display_name: String,
        email: String,
        password_hash: String,
        now: NaiveDateTime,
    ) -> NewUser {
        NewUser {
            login_name,
            display_name,
            email,
            phone: String::new(),
            language: Language::ZhCn,
            password_hash,
            disabled: false,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = memberships, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct MembershipRow {
    pub user_id: i64,
    pub organization_id: i64,
    pub role: Role,
    pub created_at: NaiveDateTime,
}

/// A membership with the facts of its organization that rules need.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct MembershipPlace {
    pub organization_id: i64,
    pub role: Role,
    pub kind: OrganizationKind,
    pub region_id: i64,
    pub parent_id: Option<i64>,
    pub employer_id: Option<i64>,
}

pub async fn user_by_login(conn: &mut Conn<'_>, login_name: &str) -> QueryResult<Option<UserRow>> {
    on!(conn, |c| {
        users::table
            .filter(users::login_name.eq(login_name))
            .select(UserRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

pub async fn users_by_ids(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<UserRow>> {
    on!(conn, |c| {
        users::table
            .filter(users::id.eq_any(ids))
            .select(UserRow::as_select())
            .load(c)
            .await
    })
}

pub async fn count_users(conn: &mut Conn<'_>) -> QueryResult<i64> {
    on!(conn, |c| users::table.count().get_result(c).await)
}

pub async fn insert_user(conn: &mut Conn<'_>, new: &NewUser) -> QueryResult<UserRow> {
    on!(conn, |c| {
        diesel::insert_into(users::table)
            .values(new)
            .returning(UserRow::as_returning())
            .get_result(c)
            .await
    })
}

/// Changed columns of a user; `None` leaves a column alone.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub password_hash: Option<String>,
    pub disabled: Option<bool>,
}

/// Applies `changes` to a user, bumping the version.
pub async fn update_user(
    conn: &mut Conn<'_>,
    user_id: i64,
    changes: &UserChanges,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::update(users::table.filter(users::id.eq(user_id)))
            .set((
                changes,
                users::version.eq(users::version + 1),
                users::updated_at.eq(now),
            ))
            .execute(c)
            .await
            .map(drop)
    })
}

pub async fn insert_session(
    conn: &mut Conn<'_>,
    user_id: i64,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(sessions::table)
            .values((
                sessions::user_id.eq(user_id),
                sessions::token_hash.eq(token_hash),
                sessions::created_at.eq(now),
                sessions::expires_at.eq(expires_at),
            ))
            .execute(c)
            .await
            .map(drop)
    })
}

/// The user of a live session: not revoked, not expired, not disabled.
pub async fn user_of_session(
    conn: &mut Conn<'_>,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<UserRow>> {
    on!(conn, |c| {
        sessions::table
            .inner_join(users::table)
            .filter(sessions::token_hash.eq(token_hash))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::expires_at.gt(now))
            .filter(users::disabled.eq(false))
            .select(UserRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

/// Which of a user's live sessions to end.
#[derive(Debug, Clone, Copy)]
pub enum Sessions<'a> {
    /// The session with this token hash.
    Only(&'a str),
    /// Every session but the one with this token hash.
    AllBut(&'a str),
    All,
}

/// Ends sessions of a user; returns how many.
pub async fn revoke_sessions(
    conn: &mut Conn<'_>,
    user_id: i64,
    which: Sessions<'_>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    on!(conn, |c| {
        let mut target = sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null())
            .into_boxed();
        match which {
            Sessions::Only(hash) => target = target.filter(sessions::token_hash.eq(hash)),
            Sessions::AllBut(hash) => target = target.filter(sessions::token_hash.ne(hash)),
            Sessions::All => {}
        }
        let ids: Vec<i64> = target.select(sessions::id).load(c).await?;
        diesel::update(sessions::table.filter(sessions::id.eq_any(&ids)))
            .set(sessions::revoked_at.eq(now))
            .execute(c)
            .await
    })
}

/// A user's memberships with their organizations' places.
pub async fn membership_places(
    conn: &mut Conn<'_>,
    user_id: i64,
) -> QueryResult<Vec<MembershipPlace>> {
    on!(conn, |c| {
        memberships::table
            .inner_join(organizations::table)
            .filter(memberships::user_id.eq(user_id))
            .order(memberships::organization_id)
            .select((
                memberships::organization_id,
                memberships::role,
                organizations::kind,
                organizations::region_id,
                organizations::parent_id,
                organizations::employer_id,
            ))
            .load(c)
            .await
    })
}

pub async fn membership(
    conn: &mut Conn<'_>,
    user_id: i64,
    organization_id: i64,
) -> QueryResult<Option<MembershipRow>> {
    on!(conn, |c| {
        memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::organization_id.eq(organization_id))
            .select(MembershipRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

pub async fn memberships_of_users(
    conn: &mut Conn<'_>,
    user_ids: &[i64],
) -> QueryResult<Vec<MembershipRow>> {
    on!(conn, |c| {
        memberships::table
            .filter(memberships::user_id.eq_any(user_ids))
            .order((memberships::user_id, memberships::organization_id))
            .select(MembershipRow::as_select())
            .load(c)
            .await
    })
}

/// One page of an organization's memberships, keyed by user id.
pub async fn memberships_page(
    conn: &mut Conn<'_>,
    organization_id: i64,
    page: &PageRequest,
) -> QueryResult<Page<MembershipRow>> {
    on!(conn, |c| {
        let query = || {
            memberships::table
                .filter(memberships::organization_id.eq(organization_id))
                .select(MembershipRow::as_select())
                .into_boxed()
        };
        Ok(load_page!(c, query(), memberships::user_id, page))
    })
}

/// Inserts a user and, when given, their first membership.
pub async fn insert_member(
    conn: &mut Conn<'_>,
    new: &NewUser,
    membership: Option<(i64, Role)>,
) -> QueryResult<UserRow> {
    let user = insert_user(conn, new).await?;
    if let Some((organization_id, role)) = membership {
        let row = MembershipRow {
            user_id: user.id,
            organization_id,
            role,
            created_at: new.created_at,
        };
        insert_membership(conn, &row).await?;
    }
    Ok(user)
}

pub async fn insert_membership(conn: &mut Conn<'_>, row: &MembershipRow) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(memberships::table)
            .values(row)
            .execute(c)
            .await
            .map(drop)
    })
}

pub async fn set_role(
    conn: &mut Conn<'_>,
    user_id: i64,
    organization_id: i64,
    role: Role,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::update(
            memberships::table
                .filter(memberships::user_id.eq(user_id))
                .filter(memberships::organization_id.eq(organization_id)),
        )
        .set(memberships::role.eq(role))
        .execute(c)
        .await
        .map(drop)
    })
}

pub async fn delete_membership(
    conn: &mut Conn<'_>,
    user_id: i64,
    organization_id: i64,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(
            memberships::table
                .filter(memberships::user_id.eq(user_id))
                .filter(memberships::organization_id.eq(organization_id)),
        )
        .execute(c)
        .await
        .map(drop)
    })
}

pub async fn throttles(
    conn: &mut Conn<'_>,
    keys: &[String],
) -> QueryResult<Vec<(String, Failures)>> {
    let rows: Vec<(String, i32, NaiveDateTime, Option<NaiveDateTime>)> = on!(conn, |c| {
        login_throttles::table
            .filter(login_throttles::throttle_key.eq_any(keys))
            .select((
                login_throttles::throttle_key,
                login_throttles::failures,
                login_throttles::window_started_at,
                login_throttles::locked_until,
            ))
            .load(c)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(key, failures, window_started_at, locked_until)| {
            (
                key,
                Failures {
                    failures,
                    window_started_at,
                    locked_until,
                },
            )
        })
        .collect())
}

pub async fn save_throttle(conn: &mut Conn<'_>, key: &str, state: &Failures) -> QueryResult<()> {
    on!(conn, |c| {
        let values = (
            login_throttles::failures.eq(state.failures),
            login_throttles::window_started_at.eq(state.window_started_at),
            login_throttles::locked_until.eq(state.locked_until),
        );
        diesel::insert_into(login_throttles::table)
            .values((login_throttles::throttle_key.eq(key), values))
            .on_conflict(login_throttles::throttle_key)
            .do_update()
            .set(values)
            .execute(c)
            .await
            .map(drop)
    })
}

pub async fn clear_throttles(conn: &mut Conn<'_>, keys: &[String]) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(login_throttles::table.filter(login_throttles::throttle_key.eq_any(keys)))
            .execute(c)
            .await
            .map(drop)
    })
}

/// The users a viewer may see: themselves, the members of organizations
/// they belong to, and everyone for the city office's admins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserScope {
    pub everyone: bool,
    pub own_id: Option<i64>,
    pub organization_ids: Vec<i64>,
}

pub async fn visible_users(
    conn: &mut Conn<'_>,
    ids: &[i64],
    scope: &UserScope,
) -> QueryResult<Vec<UserRow>> {
    on!(conn, |c| {
        let mut query = users::table.filter(users::id.eq_any(ids)).into_boxed();
        if !scope.everyone {
            let co_members = memberships::table
                .filter(memberships::organization_id.eq_any(&scope.organization_ids))
                .select(memberships::user_id);
            query = query.filter(
                users::id
                    .nullable()
                    .eq(scope.own_id)
                    .or(users::id.eq_any(co_members)),
            );
        }
        query.select(UserRow::as_select()).load(c).await
    })
}

pub async fn admin_count(conn: &mut Conn<'_>, organization_id: i64) -> QueryResult<i64> {
    on!(conn, |c| {
        memberships::table
            .filter(memberships::organization_id.eq(organization_id))
            .filter(memberships::role.eq(Role::Admin))
            .count()
            .get_result(c)
            .await
    })
}
