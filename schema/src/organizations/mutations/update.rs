//! `updateOrganization`: its own officers (and whoever acts for it) change
//! its descriptive fields; where it sits (region, parent) is changed only by
//! the body above it ([`Actor::Above`]).

use async_graphql::{ID, MaybeUndefined};
use serde_json::json;

use super::links::{Links, check_credit_code, check_links};
use crate::change::{Act, Actor, Audience, Change, Decision, Facts, Input, Ruling};
use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiError, TxError, UserError, UserErrorCode, UserErrors};
use crate::graphql::ids::NodeType;
use crate::organizations::input::{
    EmployerProfilePatch, NAME_MAX, UpdateOrganizationInput, parse_id, parse_name, parse_profile,
};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::record::OrganizationWrite;
use crate::organizations::rules::union_parent_after_move;
use crate::organizations::storage::{
    self, EmployerProfileRow, OrganizationChanges, OrganizationRow,
};
use crate::organizations::summary;
use crate::organizations::visibility::OrgVisible;

/// `updateOrganization`, its input parsed, with what the caller may see.
pub struct Update {
    id: ID,
    expected_version: i32,
    name: Option<String>,
    region_id: Option<i64>,
    parent_id: Option<Option<i64>>,
    patch: Option<EmployerProfilePatch>,
    visible: OrgVisible,
}

impl Update {
    /// Parses the input; user errors name the fields that do not parse.
    pub fn parse(
        input: UpdateOrganizationInput,
        visible: OrgVisible,
    ) -> Result<Update, Vec<UserError>> {
        let mut errors = UserErrors::default();
        let name = input
            .name
            .as_deref()
            .and_then(|n| parse_name(&mut errors, &["name"], n, NAME_MAX));
        let region_id = input
            .region_id
            .as_ref()
            .and_then(|r| parse_id(&mut errors, "regionId", r, NodeType::Region));
        let parent_id = match &input.parent_id {
            MaybeUndefined::Value(p) => {
                Some(parse_id(&mut errors, "parentId", p, NodeType::Organization))
            }
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Undefined => None,
        };
        if !errors.is_empty() {
            return Err(errors.into_vec());
        }
        Ok(Update {
            id: input.id,
            expected_version: input.expected_version,
            name,
            region_id,
            parent_id,
            patch: input.employer_profile,
            visible,
        })
    }

    fn changes(&self) -> OrganizationChanges {
        OrganizationChanges {
            name: self.name.clone(),
            region_id: self.region_id,
            parent_id: self.parent_id,
        }
    }
}

impl Input<OrganizationRow> for Update {
    fn id(&self) -> &ID {
        &self.id
    }

    /// A change of where it sits needs the body above it; anything else,
    /// the organization or whoever acts for it.
    fn who(&self, organization: &OrganizationRow) -> Actor {
        let to_region = self.region_id.unwrap_or(organization.region_id);
        let moves = to_region != organization.region_id
            || self.parent_id.is_some_and(|p| p != organization.parent_id);
        if moves {
            Actor::Above { to_region }
        } else {
            Actor::Steward
        }
    }

    fn expected_version(&self) -> Option<i32> {
        Some(self.expected_version)
    }
}

/// The links checked, the employer profile before and after the patch,
/// and where a moving employer's grassroots unions go with it.
pub struct Checked {
    profile: Option<(EmployerProfileRow, EmployerProfileRow)>,
    unions: Vec<OrganizationWrite>,
}

/// Where the grassroots unions of an employer moving to `to_region` go:
/// to that region, under a federation holding it.
async fn following_unions(
    conn: &mut Conn<'_>,
    employer: &OrganizationRow,
    to_region: i64,
) -> Result<Vec<OrganizationWrite>, TxError> {
    if employer.kind != OrganizationKind::Employer || to_region == employer.region_id {
        return Ok(Vec::new());
    }
    let unions = storage::unions_of(conn, employer.id).await?;
    if unions.is_empty() {
        return Ok(Vec::new());
    }
    let Some(region) = crate::organizations::places::region(conn, to_region).await? else {
        return Ok(Vec::new());
    };
    let federations = storage::federations(conn).await?;
    Ok(unions
        .iter()
        .map(|union| OrganizationWrite::UnionFollows {
            union: union.id,
            region_id: to_region,
            parent_id: union_parent_after_move(union.parent_id, &federations, &region.path),
        })
        .collect())
}

impl Facts<OrganizationRow, Update> for Checked {
    async fn load(
        conn: &mut Conn<'_>,
        organization: &OrganizationRow,
        update: &Update,
        _: &Act,
    ) -> Result<Checked, TxError> {
        let id = organization.id;
        let links = Links {
            own_id: Some(id),
            kind: organization.kind,
            region_id: update.region_id.unwrap_or(organization.region_id),
            parent_id: update.parent_id.unwrap_or(organization.parent_id),
            employer_id: organization.employer_id,
        };
        check_links(conn, &update.visible, &links).await?;
        let unions = following_unions(conn, organization, links.region_id).await?;
        let Some(patch) = &update.patch else {
            return Ok(Checked {
                profile: None,
                unions,
            });
        };
        if organization.kind != OrganizationKind::Employer {
            let error = UserError::new(
                &["employerProfile"],
                UserErrorCode::Invalid,
                "only an employer has a profile",
            );
            return Err(TxError::Rejected(vec![error]));
        }
        let before = storage::profiles_by_ids(conn, &[id])
            .await?
            .pop()
            .ok_or(ApiError::internal("employer without profile"))?;
        let mut errors = UserErrors::default();
        let after = parse_profile(&mut errors, &patch.applied_to(&before));
        let Some(after) = after.filter(|_| errors.is_empty()) else {
            return Err(TxError::Rejected(errors.into_vec()));
        };
        check_credit_code(conn, &after.credit_code, Some(id)).await?;
        let after = EmployerProfileRow {
            organization_id: id,
            ..after
        };
        Ok(Checked {
            profile: Some((before, after)),
            unions,
        })
    }
}

impl Change<OrganizationRow> for Update {
    type Facts = Checked;

    /// Tells the organization what changed, naming only the changed fields.
    fn decide(
        &self,
        organization: &OrganizationRow,
        facts: &Checked,
        _: &Act,
    ) -> Ruling<OrganizationRow> {
        let changes = self.changes();
        let (before, after) = match &facts.profile {
            Some((before, after)) => (Some(before), Some(after)),
            None => (None, None),
        };
        let summary = summary::updated(&changes, before, after);
        // A moving employer's unions move with it and are told too.
        let mut told = vec![organization.id];
        told.extend(facts.unions.iter().filter_map(|write| match write {
            OrganizationWrite::UnionFollows { union, .. } => Some(*union),
            _ => None,
        }));
        let audience = Audience::Organizations(told);
        let mut decision = Decision::new(EventKind::OrganizationUpdated, [audience])
            .change(changes)
            .details(json!({ "changes": summary }));
        if let Some(after) = after {
            decision = decision.write(OrganizationWrite::Profile(after.clone()));
        }
        for write in &facts.unions {
            decision = decision.write(write.clone());
        }
        Ok(decision)
    }
}
