//! An organization as the change pipeline sees it: loaded through its
//! visibility, acted on by itself and the bodies above it, its profile and
//! association members as the writes of its changes.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::storage::{self, EmployerProfileRow, OrganizationChanges, OrganizationRow};
use super::visibility;
use crate::change::{Record, Side};
use crate::db::Conn;
use crate::graphql::errors::TxError;
use crate::graphql::ids::{NodeType, encode};
use crate::identity::Viewer;
use crate::identity::kinds::Role;
use crate::identity::storage::{self as identity, MembershipRow, NewInvitation};

/// What an organization's change writes besides its own columns.
#[derive(Debug, Clone)]
pub enum OrganizationWrite {
    Profile(EmployerProfileRow),
    /// A district office is authorized by the city office (`Some`) to
    /// publish risk bulletins, or no longer (`None`).
    Bulletins(Option<i64>),
    AddMember(i64),
    RemoveMember(i64),
    /// A user joins it.
    Join(MembershipRow),
    /// A login name is invited to join it.
    Invite(NewInvitation),
    /// A member's role changes.
    SetRole {
        user_id: i64,
        role: Role,
    },
    /// A member leaves it.
    Leave {
        user_id: i64,
    },
    /// Its grassroots union moves with it, to its region and under a federation there.
    UnionFollows {
        union: i64,
        region_id: i64,
        parent_id: Option<i64>,
    },
}

impl Record for OrganizationRow {
    const NODE: NodeType = NodeType::Organization;
    type Changes = OrganizationChanges;
    type Write = OrganizationWrite;

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let visible = visibility::organizations(viewer);
        Ok(storage::organizations_by_ids(conn, &[id], &visible)
            .await?
            .pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::Organization, self.id)
    }

    /// An organization is its own party.
    fn party(&self, _side: Side) -> i64 {
        self.id
    }

    fn region_id(&self) -> i64 {
        self.region_id
    }

    fn organization(&self) -> Option<i64> {
        Some(self.id)
    }

    async fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &OrganizationChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(storage::update_organization(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(
        &mut self,
        conn: &mut Conn<'_>,
        write: OrganizationWrite,
        now: NaiveDateTime,
    ) -> Result<(), TxError> {
        match write {
            OrganizationWrite::Profile(profile) => storage::upsert_profile(conn, &profile).await?,
            OrganizationWrite::Bulletins(by) => {
                crate::risk::bulletins::authorize(conn, self.id, by, now).await?
            }
            OrganizationWrite::AddMember(employer) => {
                storage::add_member(conn, self.id, employer, now).await?
            }
            OrganizationWrite::RemoveMember(employer) => {
                storage::remove_member(conn, self.id, employer).await?
            }
            OrganizationWrite::Join(membership) => {
                identity::insert_membership(conn, &membership).await?
            }
            OrganizationWrite::Invite(invitation) => {
                identity::insert_invitation(conn, &invitation).await?;
            }
            OrganizationWrite::SetRole { user_id, role } => {
                identity::set_role(conn, user_id, self.id, role).await?
            }
            OrganizationWrite::Leave { user_id } => {
                identity::delete_membership(conn, user_id, self.id).await?
            }
            OrganizationWrite::UnionFollows {
                union,
                region_id,
                parent_id,
            } => storage::place(conn, union, region_id, parent_id, now).await?,
        }
        Ok(())
    }

    /// Names the organization.
    async fn payload(&self, _conn: &mut Conn<'_>) -> Result<Value, TxError> {
        Ok(json!({
            "organization": { "id": encode(NodeType::Organization, self.id), "name": self.name },
        }))
    }
}
