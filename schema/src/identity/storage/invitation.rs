//! Storage of invitations to join an organization.

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::tables::invitations;
use crate::on;

pub async fn insert_invitation(
    conn: &mut Conn<'_>,
    new: &NewInvitation,
) -> QueryResult<InvitationRow> {
    on!(conn, |c| {
        diesel::insert_into(invitations::table)
            .values(new)
            .returning(InvitationRow::as_returning())
            .get_result(c)
            .await
    })
}

/// The invitation of `login_name` to `organization_id`, if one waits.
pub async fn invitation_to(
    conn: &mut Conn<'_>,
    organization_id: i64,
    login_name: &str,
) -> QueryResult<Option<InvitationRow>> {
    on!(conn, |c| {
        invitations::table
            .filter(invitations::organization_id.eq(organization_id))
            .filter(invitations::login_name.eq(login_name))
            .select(InvitationRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

/// The invitations waiting for `login_name`, oldest first.
pub async fn invitations_of(
    conn: &mut Conn<'_>,
    login_name: &str,
) -> QueryResult<Vec<InvitationRow>> {
    on!(conn, |c| {
        invitations::table
            .filter(invitations::login_name.eq(login_name))
            .order(invitations::id)
            .select(InvitationRow::as_select())
            .load(c)
            .await
    })
}

/// An invitation by id, only if it is addressed to `login_name`.
pub async fn invitation_for(
    conn: &mut Conn<'_>,
    id: i64,
    login_name: &str,
) -> QueryResult<Option<InvitationRow>> {
    on!(conn, |c| {
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::login_name.eq(login_name))
            .select(InvitationRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

pub async fn delete_invitation(conn: &mut Conn<'_>, id: i64) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(invitations::table.find(id))
            .execute(c)
            .await
            .map(drop)
    })
}
