//! Storage of users, sessions, memberships and login throttles.

mod invitation;
mod membership;
mod session;
mod throttle;
mod user;

pub use invitation::*;
pub use membership::*;
pub use session::*;
pub use throttle::*;
pub use user::*;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::tables::{invitations, memberships, users};
use crate::identity::kinds::{Language, Role};
use crate::organizations::kinds::OrganizationKind;

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

/// An invitation to join an organization, addressed to a login name.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = invitations, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct InvitationRow {
    pub id: i64,
    pub organization_id: i64,
    pub login_name: String,
    pub role: Role,
    pub invited_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = invitations)]
pub struct NewInvitation {
    pub organization_id: i64,
    pub login_name: String,
    pub role: Role,
    pub invited_by: Option<i64>,
    pub created_at: NaiveDateTime,
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
    pub city_office: bool,
}
