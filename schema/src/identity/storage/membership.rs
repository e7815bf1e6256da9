//! Storage of memberships and their roles.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{memberships, organizations, users};
use crate::identity::kinds::Role;
use crate::{insert_all, load_page, on};

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
                organizations::city_office,
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

/// Creates accounts, each a member of one organization, in three
/// statements however many there are (the demo makes thousands).
pub async fn insert_members(
    conn: &mut Conn<'_>,
    members: Vec<(NewUser, i64, Role)>,
) -> QueryResult<()> {
    let (users, places): (Vec<NewUser>, Vec<(i64, Role)>) = members
        .into_iter()
        .map(|(user, organization_id, role)| (user, (organization_id, role)))
        .unzip();
    let names: Vec<String> = users.iter().map(|u| u.login_name.clone()).collect();
    let created: Vec<NaiveDateTime> = users.iter().map(|u| u.created_at).collect();
    insert_all!(conn, users::table, users)?;
    let ids: HashMap<String, i64> = on!(conn, |c| users::table
        .filter(users::login_name.eq_any(&names))
        .select((users::login_name, users::id))
        .load::<(String, i64)>(c)
        .await)?
    .into_iter()
    .collect();
    let rows: Vec<MembershipRow> = names
        .iter()
        .zip(places)
        .zip(created)
        .filter_map(|((name, (organization_id, role)), created_at)| {
            Some(MembershipRow {
                user_id: *ids.get(name)?,
                organization_id,
                role,
                created_at,
            })
        })
        .collect();
    insert_all!(conn, memberships::table, rows)
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
