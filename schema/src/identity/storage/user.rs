//! Storage of users, and who may see them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::tables::{memberships, users};
use crate::identity::kinds::{Language, Role};
use crate::on;

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

/// Every user by login name, or only the members of one organization.
pub async fn users_in(
    conn: &mut Conn<'_>,
    organization_id: Option<i64>,
) -> QueryResult<Vec<UserRow>> {
    on!(conn, |c| {
        let mut query = users::table.order(users::login_name).into_boxed();
        if let Some(organization_id) = organization_id {
            let members = memberships::table
                .filter(memberships::organization_id.eq(organization_id))
                .select(memberships::user_id);
            query = query.filter(users::id.eq_any(members));
        }
        query.select(UserRow::as_select()).load(c).await
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
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub language: Option<Language>,
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
