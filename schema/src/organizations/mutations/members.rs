//! `addAssociationMember` and `removeAssociationMember`: an association (or
//! whoever acts for it) keeps its list of member employers. An employer the
//! caller cannot see answers as a missing one.

use async_graphql::ID;
use serde_json::json;

use crate::change::{Act, Actor, Audience, Change, Decision, Facts, Input, Ruling};
use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{TxError, UserError, UserErrorCode, UserErrors};
use crate::graphql::ids::{NodeType, encode};
use crate::organizations::input::{AssociationMemberInput, parse_id};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::record::OrganizationWrite;
use crate::organizations::storage::{self, OrganizationChanges, OrganizationRow};
use crate::organizations::visibility::OrgVisible;

/// A change of an association's members, its input parsed.
pub struct Membership {
    association: ID,
    employer_id: i64,
    expected_version: Option<i32>,
    add: bool,
    visible: OrgVisible,
}

impl Membership {
    pub fn parse(
        input: AssociationMemberInput,
        add: bool,
        visible: OrgVisible,
    ) -> Result<Membership, Vec<UserError>> {
        let mut errors = UserErrors::default();
        let employer_id = parse_id(
            &mut errors,
            "employerId",
            &input.employer_id,
            NodeType::Organization,
        );
        let Some(employer_id) = employer_id else {
            return Err(errors.into_vec());
        };
        Ok(Membership {
            association: input.association_id,
            employer_id,
            expected_version: input.expected_version,
            add,
            visible,
        })
    }
}

impl Input<OrganizationRow> for Membership {
    fn id(&self) -> &ID {
        &self.association
    }

    fn who(&self, _: &OrganizationRow) -> Actor {
        Actor::Steward
    }

    fn expected_version(&self) -> Option<i32> {
        self.expected_version
    }
}

/// The employer, when the caller may see it, and whether it is a member.
pub struct Member {
    employer: Option<OrganizationRow>,
    is_member: bool,
}

impl Facts<OrganizationRow, Membership> for Member {
    async fn load(
        conn: &mut Conn<'_>,
        association: &OrganizationRow,
        change: &Membership,
        _: &Act,
    ) -> Result<Member, TxError> {
        let employer = storage::organizations_by_ids(conn, &[change.employer_id], &change.visible)
            .await?
            .pop();
        let is_member = storage::is_member(conn, association.id, change.employer_id).await?;
        Ok(Member {
            employer,
            is_member,
        })
    }
}

impl Change<OrganizationRow> for Membership {
    type Facts = Member;

    fn decide(
        &self,
        association: &OrganizationRow,
        facts: &Member,
        _: &Act,
    ) -> Ruling<OrganizationRow> {
        let mut errors = UserErrors::default();
        if association.kind != OrganizationKind::EmployerAssociation {
            errors.push(
                &["associationId"],
                UserErrorCode::RuleViolated,
                "must be an employer association",
            );
        }
        match &facts.employer {
            None => errors.push(
                &["employerId"],
                UserErrorCode::NotFound,
                "no such organization",
            ),
            Some(e) if e.kind != OrganizationKind::Employer => errors.push(
                &["employerId"],
                UserErrorCode::RuleViolated,
                "must be an employer",
            ),
            Some(_) if self.add && facts.is_member => {
                errors.push(&["employerId"], UserErrorCode::Taken, "is already a member")
            }
            Some(_) if !self.add && !facts.is_member => {
                errors.push(&["employerId"], UserErrorCode::NotFound, "is not a member")
            }
            Some(_) => {}
        }
        let Some(employer) = facts.employer.as_ref().filter(|_| errors.is_empty()) else {
            return Err(errors.into_vec());
        };
        let (kind, write) = if self.add {
            (
                EventKind::AssociationMemberAdded,
                OrganizationWrite::AddMember(employer.id),
            )
        } else {
            (
                EventKind::AssociationMemberRemoved,
                OrganizationWrite::RemoveMember(employer.id),
            )
        };
        let audience = Audience::Organizations(vec![association.id, employer.id]);
        let named =
            json!({ "id": encode(NodeType::Organization, employer.id), "name": employer.name });
        Ok(Decision::new(kind, [audience])
            .change(OrganizationChanges::default())
            .write(write)
            .details(json!({ "changes": { "employer": named } })))
    }
}
