//! Mutations of the organizations area. Each runs in one transaction: input
//! is parsed first, references and rules are checked inside, and any user
//! error rolls everything back. Still one file: these mutations share their
//! link checks, and move onto the change pipeline (and into smaller files)
//! with the fix of who may change an organization's structure.

use async_graphql::{Context, MaybeUndefined, Object, SimpleObject};
use serde_json::json;

use super::input::{
    AssociationMemberInput, CreateOrganizationInput, CreateRegionInput, NAME_MAX,
    UpdateOrganizationInput, parse_id, parse_name, parse_profile,
};
use super::kinds::OrganizationKind;
use super::objects::{Organization, Region};
use super::rules::{
    Placed, check_placement, check_region_code, region_parent_allowed, region_path,
};
use super::storage::{self, NewOrganization, NewRegion, OrganizationChanges, OrganizationRow};
use super::summary;
use super::visibility::{self, OrgVisible, Visible};
use crate::context::services;
use crate::db::{Conn, stored};
use crate::events::kinds::EventKind;
use crate::events::storage as events;
use crate::graphql::errors::{
    ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors,
};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::authorization::{Acting, Place, act_as_city_office, act_for, signed_in};
use crate::identity::{audit, viewer};
use crate::transaction;

/// Result of `createRegion`.
#[derive(SimpleObject)]
pub struct CreateRegionPayload {
    /// The new region; null when the input was refused.
    pub region: Option<Region>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Result of `createOrganization`.
#[derive(SimpleObject)]
pub struct CreateOrganizationPayload {
    /// The new organization; null when the input was refused.
    pub organization: Option<Organization>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Result of `updateOrganization`.
#[derive(SimpleObject)]
pub struct UpdateOrganizationPayload {
    /// The changed organization; null when the input was refused.
    pub organization: Option<Organization>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Result of `addAssociationMember` and `removeAssociationMember`.
#[derive(SimpleObject)]
pub struct AssociationMembershipPayload {
    /// The association, with its version bumped; null when the input was refused.
    pub association: Option<Organization>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The links of an organization to check before it is stored.
struct Links {
    own_id: Option<i64>,
    kind: OrganizationKind,
    region_id: i64,
    parent_id: Option<i64>,
    employer_id: Option<i64>,
}

/// Checks that the linked region, parent and employer exist and fit the rules.
async fn check_links(
    conn: &mut Conn<'_>,
    visible: &OrgVisible,
    links: &Links,
) -> Result<(), TxError> {
    let mut errors = UserErrors::default();
    let linked: Vec<i64> = links
        .parent_id
        .into_iter()
        .chain(links.employer_id)
        .collect();
    let orgs = storage::organizations_by_ids(conn, &linked, visible).await?;
    let find = |id: Option<i64>| id.and_then(|id| orgs.iter().find(|o| o.id == id));
    let (parent, employer) = (find(links.parent_id), find(links.employer_id));
    let region_ids: Vec<i64> = std::iter::once(links.region_id)
        .chain(orgs.iter().map(|o| o.region_id))
        .collect();
    let regions = storage::regions_by_ids(conn, &region_ids, &Visible::Everything).await?;
    let path = |region_id: i64| {
        regions
            .iter()
            .find(|r| r.id == region_id)
            .map(|r| r.path.as_str())
    };
    let placed = |org: &OrganizationRow| Placed {
        kind: org.kind,
        region_path: path(org.region_id).unwrap_or(""),
    };

    let Some(own_path) = path(links.region_id) else {
        errors.push(&["regionId"], UserErrorCode::NotFound, "no such region");
        return Err(errors.into_vec().into());
    };
    if links.parent_id.is_some() && parent.is_none() {
        errors.push(
            &["parentId"],
            UserErrorCode::NotFound,
            "no such organization",
        );
    }
    if links.employer_id.is_some() && employer.is_none() {
        errors.push(
            &["employerId"],
            UserErrorCode::NotFound,
            "no such organization",
        );
    }
    let own = Placed {
        kind: links.kind,
        region_path: own_path,
    };
    for (field, message) in check_placement(own, parent.map(placed), employer.map(placed)) {
        errors.push(&[field], UserErrorCode::RuleViolated, message);
    }
    if let (Some(own_id), Some(parent)) = (links.own_id, parent)
        && is_ancestor_or_self(conn, own_id, parent).await?
    {
        errors.push(
            &["parentId"],
            UserErrorCode::RuleViolated,
            "would make a cycle",
        );
    }
    if let (OrganizationKind::Union, Some(employer)) = (links.kind, employer) {
        let existing = storage::unions_of_employers(conn, &[employer.id]).await?;
        if existing.iter().any(|union| Some(union.id) != links.own_id) {
            errors.push(
                &["employerId"],
                UserErrorCode::Taken,
                "this employer already has a grassroots union",
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.into_vec().into())
    }
}

/// Whether `id` is `start` or one of its ancestors.
async fn is_ancestor_or_self(
    conn: &mut Conn<'_>,
    id: i64,
    start: &OrganizationRow,
) -> Result<bool, TxError> {
    let mut current = Some(start.clone());
    // The hierarchy is a few levels deep; the bound guards against bad data.
    for _ in 0..16 {
        let Some(org) = current else { return Ok(false) };
        if org.id == id {
            return Ok(true);
        }
        let Some(parent) = org.parent_id else {
            return Ok(false);
        };
        current = storage::organizations_by_ids(conn, &[parent], &OrgVisible::Everything)
            .await?
            .pop();
    }
    Ok(true)
}

/// Rejects a credit code that another employer holds.
async fn check_credit_code(
    conn: &mut Conn<'_>,
    code: &str,
    own_id: Option<i64>,
) -> Result<(), TxError> {
    if storage::credit_code_taken(conn, code, own_id).await? {
        let error = UserError::new(
            &["employerProfile", "creditCode"],
            UserErrorCode::Taken,
            "another employer has this unified social credit code",
        );
        return Err(vec![error].into());
    }
    Ok(())
}

/// Where an organization is, or would be, for the acting rules.
async fn place(
    conn: &mut Conn<'_>,
    id: Option<i64>,
    region_id: i64,
    parent_id: Option<i64>,
) -> Result<Place, TxError> {
    Ok(Place {
        id,
        region_id,
        ancestors: storage::ancestors(conn, parent_id).await?,
    })
}

/// Loads an organization for a change, in this order: NOT_FOUND when it
/// is missing or hidden, FORBIDDEN when the viewer may not act for it, and
/// CONFLICT when `expected_version` is stale. Returns it with who acts.
async fn current_for_change(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    visible: &OrgVisible,
    id: i64,
    expected_version: Option<i32>,
) -> Result<(OrganizationRow, Acting), TxError> {
    let current = storage::organizations_by_ids(conn, &[id], visible)
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    let acting = act_for(
        viewer(ctx),
        &place(conn, Some(id), current.region_id, current.parent_id).await?,
    )?;
    match expected_version {
        Some(expected) if expected != current.version => Err(ApiError::Conflict {
            current_version: current.version,
        }
        .into()),
        _ => Ok((current, acting)),
    }
}

/// Mutations of the organizations area.
#[derive(Default)]
pub struct OrganizationMutation;

#[Object]
impl OrganizationMutation {
    /// Records an administrative region under an existing one (or a root).
    async fn create_region(
        &self,
        ctx: &Context<'_>,
        input: CreateRegionInput,
    ) -> ApiResult<CreateRegionPayload> {
        let services = services(ctx);
        let acting = act_as_city_office(viewer(ctx))?;
        let mut errors = UserErrors::default();
        let code = errors.check(
            &["code"],
            UserErrorCode::Invalid,
            check_region_code(&input.code),
        );
        let name = parse_name(&mut errors, &["name"], &input.name, 100);
        let parent_id = input
            .parent_id
            .as_ref()
            .and_then(|id| parse_id(&mut errors, "parentId", id, NodeType::Region));
        let (Some(code), Some(name), true) = (code, name, errors.is_empty()) else {
            return Ok(CreateRegionPayload {
                region: None,
                user_errors: errors.into_vec(),
            });
        };
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let mut errors = UserErrors::default();
            let parent = match parent_id {
                Some(id) => storage::regions_by_ids(conn, &[id], &Visible::Everything)
                    .await?
                    .pop(),
                None => None,
            };
            if parent_id.is_some() && parent.is_none() {
                errors.push(&["parentId"], UserErrorCode::NotFound, "no such region");
            } else if !region_parent_allowed(input.kind, parent.as_ref().map(|p| p.kind)) {
                errors.push(
                    &["kind"],
                    UserErrorCode::RuleViolated,
                    "this kind of region cannot sit there",
                );
            }
            if storage::region_code_taken(conn, &code).await? {
                errors.push(
                    &["code"],
                    UserErrorCode::Taken,
                    "another region has this code",
                );
            }
            if !errors.is_empty() {
                return Err(TxError::Rejected(errors.into_vec()));
            }
            let path = region_path(parent.as_ref().map(|p| p.path.as_str()), &code);
            let new = NewRegion {
                code,
                name,
                kind: input.kind,
                parent_id,
                path,
                created_at: now,
            };
            let region = storage::insert_region(conn, &new).await?;
            let summary =
                json!({ "code": region.code, "name": region.name, "kind": region.kind.as_str() });
            audit::record(
                conn,
                now,
                acting,
                "createRegion",
                (NodeType::Region, region.id),
                summary,
            )
            .await?;
            Ok(region)
        });
        Ok(match Outcome::of(result)? {
            Outcome::Done(row) => CreateRegionPayload {
                region: Some(Region(row)),
                user_errors: vec![],
            },
            Outcome::Rejected(user_errors) => CreateRegionPayload {
                region: None,
                user_errors,
            },
        })
    }

    /// Records an organization: a union, employer (with its profile),
    /// association, tripartite office or labour administration.
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganizationInput,
    ) -> ApiResult<CreateOrganizationPayload> {
        let services = services(ctx);
        signed_in(viewer(ctx))?;
        let rejected = |user_errors| {
            Ok(CreateOrganizationPayload {
                organization: None,
                user_errors,
            })
        };
        let mut errors = UserErrors::default();
        let name = parse_name(&mut errors, &["name"], &input.name, NAME_MAX);
        let region_id = parse_id(&mut errors, "regionId", &input.region_id, NodeType::Region);
        let parent_id = input
            .parent_id
            .as_ref()
            .and_then(|id| parse_id(&mut errors, "parentId", id, NodeType::Organization));
        let employer_id = input
            .employer_id
            .as_ref()
            .and_then(|id| parse_id(&mut errors, "employerId", id, NodeType::Organization));
        let profile = match (input.kind, &input.employer_profile) {
            (OrganizationKind::Employer, Some(profile)) => parse_profile(&mut errors, profile),
            (OrganizationKind::Employer, None) => {
                errors.push(
                    &["employerProfile"],
                    UserErrorCode::Required,
                    "an employer needs its profile",
                );
                None
            }
            (_, Some(_)) => {
                errors.push(
                    &["employerProfile"],
                    UserErrorCode::Invalid,
                    "only an employer has a profile",
                );
                None
            }
            (_, None) => None,
        };
        let (Some(name), Some(region_id), true) = (name, region_id, errors.is_empty()) else {
            return rejected(errors.into_vec());
        };
        let visible = visibility::organizations(viewer(ctx));
        let now = stored(services.clock.now());
        let links = Links {
            own_id: None,
            kind: input.kind,
            region_id,
            parent_id,
            employer_id,
        };
        let result = transaction!(services.db, |conn| {
            check_links(conn, &visible, &links).await?;
            let acting = act_for(viewer(ctx), &place(conn, None, region_id, parent_id).await?)?;
            if let Some(profile) = &profile {
                check_credit_code(conn, &profile.credit_code, None).await?;
            }
            let new = NewOrganization {
                kind: input.kind,
                name,
                region_id,
                parent_id,
                employer_id,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            let row = storage::insert_organization(conn, &new).await?;
            let summary = summary::created(&row, profile.as_ref());
            if let Some(profile) = profile {
                let profile = storage::EmployerProfileRow {
                    organization_id: row.id,
                    ..profile
                };
                storage::upsert_profile(conn, &profile).await?;
            }
            let concerned = [row.id]
                .into_iter()
                .chain(parent_id)
                .chain(employer_id)
                .collect();
            record_change(
                conn,
                now,
                acting,
                "createOrganization",
                EventKind::OrganizationCreated,
                &row,
                concerned,
                summary,
            )
            .await?;
            Ok(row)
        });
        match Outcome::of(result)? {
            Outcome::Done(row) => Ok(CreateOrganizationPayload {
                organization: Some(Organization(row)),
                user_errors: vec![],
            }),
            Outcome::Rejected(user_errors) => rejected(user_errors),
        }
    }

    /// Changes an organization. Pass the `version` you read as
    /// `expectedVersion`; if someone changed it since, this fails with `CONFLICT`.
    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        input: UpdateOrganizationInput,
    ) -> ApiResult<UpdateOrganizationPayload> {
        let services = services(ctx);
        signed_in(viewer(ctx))?;
        let rejected = |user_errors| {
            Ok(UpdateOrganizationPayload {
                organization: None,
                user_errors,
            })
        };
        let mut errors = UserErrors::default();
        let id = parse_id(&mut errors, "id", &input.id, NodeType::Organization);
        let name = input
            .name
            .as_deref()
            .map(|n| parse_name(&mut errors, &["name"], n, NAME_MAX));
        let region_id = input
            .region_id
            .as_ref()
            .map(|r| parse_id(&mut errors, "regionId", r, NodeType::Region));
        let parent_id = match &input.parent_id {
            MaybeUndefined::Value(p) => {
                Some(parse_id(&mut errors, "parentId", p, NodeType::Organization))
            }
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Undefined => None,
        };
        let (Some(id), true) = (id, errors.is_empty()) else {
            return rejected(errors.into_vec());
        };
        let visible = visibility::organizations(viewer(ctx));
        let now = stored(services.clock.now());
        let changes = OrganizationChanges {
            name: name.flatten(),
            region_id: region_id.flatten(),
            parent_id,
        };
        let patch = input.employer_profile;
        let expected = input.expected_version;
        let result = transaction!(services.db, |conn| {
            let (current, acting) =
                current_for_change(ctx, conn, &visible, id, Some(expected)).await?;
            let links = Links {
                own_id: Some(id),
                kind: current.kind,
                region_id: changes.region_id.unwrap_or(current.region_id),
                parent_id: changes.parent_id.unwrap_or(current.parent_id),
                employer_id: current.employer_id,
            };
            check_links(conn, &visible, &links).await?;
            // Moving an organization needs authority where it goes, too.
            act_for(
                viewer(ctx),
                &place(conn, Some(id), links.region_id, links.parent_id).await?,
            )?;
            let (before, profile) = match (current.kind, patch) {
                (OrganizationKind::Employer, Some(patch)) => {
                    let existing = storage::profiles_by_ids(conn, &[id])
                        .await?
                        .pop()
                        .ok_or(ApiError::internal("employer without profile"))?;
                    let mut errors = UserErrors::default();
                    let profile = parse_profile(&mut errors, &patch.applied_to(&existing));
                    let Some(profile) = profile.filter(|_| errors.is_empty()) else {
                        return Err(TxError::Rejected(errors.into_vec()));
                    };
                    check_credit_code(conn, &profile.credit_code, Some(id)).await?;
                    let profile = storage::EmployerProfileRow {
                        organization_id: id,
                        ..profile
                    };
                    (Some(existing), Some(profile))
                }
                (_, Some(_)) => {
                    let error = UserError::new(
                        &["employerProfile"],
                        UserErrorCode::Invalid,
                        "only an employer has a profile",
                    );
                    return Err(TxError::Rejected(vec![error]));
                }
                (_, None) => (None, None),
            };
            let updated = storage::update_organization(conn, id, expected, &changes, now).await?;
            let updated = updated.ok_or(ApiError::Conflict {
                current_version: current.version + 1,
            })?;
            let summary = summary::updated(&changes, before.as_ref(), profile.as_ref());
            if let Some(profile) = profile {
                storage::upsert_profile(conn, &profile).await?;
            }
            record_change(
                conn,
                now,
                acting,
                "updateOrganization",
                EventKind::OrganizationUpdated,
                &updated,
                vec![id],
                summary,
            )
            .await?;
            Ok(updated)
        });
        match Outcome::of(result)? {
            Outcome::Done(row) => Ok(UpdateOrganizationPayload {
                organization: Some(Organization(row)),
                user_errors: vec![],
            }),
            Outcome::Rejected(user_errors) => rejected(user_errors),
        }
    }

    /// Adds an employer to an employer association's members.
    async fn add_association_member(
        &self,
        ctx: &Context<'_>,
        input: AssociationMemberInput,
    ) -> ApiResult<AssociationMembershipPayload> {
        change_membership(ctx, input, true).await
    }

    /// Removes an employer from an employer association's members.
    async fn remove_association_member(
        &self,
        ctx: &Context<'_>,
        input: AssociationMemberInput,
    ) -> ApiResult<AssociationMembershipPayload> {
        change_membership(ctx, input, false).await
    }
}

async fn change_membership(
    ctx: &Context<'_>,
    input: AssociationMemberInput,
    add: bool,
) -> ApiResult<AssociationMembershipPayload> {
    let services = services(ctx);
    let rejected = |user_errors| {
        Ok(AssociationMembershipPayload {
            association: None,
            user_errors,
        })
    };
    signed_in(viewer(ctx))?;
    let mut errors = UserErrors::default();
    let association_id = parse_id(
        &mut errors,
        "associationId",
        &input.association_id,
        NodeType::Organization,
    );
    let employer_id = parse_id(
        &mut errors,
        "employerId",
        &input.employer_id,
        NodeType::Organization,
    );
    let (Some(association_id), Some(employer_id)) = (association_id, employer_id) else {
        return rejected(errors.into_vec());
    };
    let visible = visibility::organizations(viewer(ctx));
    let now = stored(services.clock.now());
    let result = transaction!(services.db, |conn| {
        let (association, acting) =
            current_for_change(ctx, conn, &visible, association_id, input.expected_version).await?;
        let employer = storage::organizations_by_ids(conn, &[employer_id], &visible)
            .await?
            .pop();
        let mut errors = UserErrors::default();
        if association.kind != OrganizationKind::EmployerAssociation {
            errors.push(
                &["associationId"],
                UserErrorCode::RuleViolated,
                "must be an employer association",
            );
        }
        match &employer {
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
            Some(_) => match (
                add,
                storage::is_member(conn, association_id, employer_id).await?,
            ) {
                (true, true) => {
                    errors.push(&["employerId"], UserErrorCode::Taken, "is already a member")
                }
                (false, false) => {
                    errors.push(&["employerId"], UserErrorCode::NotFound, "is not a member")
                }
                _ => {}
            },
        }
        if !errors.is_empty() {
            return Err(TxError::Rejected(errors.into_vec()));
        }
        if add {
            storage::add_member(conn, association_id, employer_id, now).await?;
        } else {
            storage::remove_member(conn, association_id, employer_id).await?;
        }
        let no_changes = OrganizationChanges::default();
        let updated = storage::update_organization(
            conn,
            association_id,
            association.version,
            &no_changes,
            now,
        )
        .await?;
        let updated = updated.ok_or(ApiError::Conflict {
            current_version: association.version + 1,
        })?;
        let (operation, kind) = if add {
            ("addAssociationMember", EventKind::AssociationMemberAdded)
        } else {
            (
                "removeAssociationMember",
                EventKind::AssociationMemberRemoved,
            )
        };
        let employer_name = employer
            .as_ref()
            .map(|e| e.name.clone())
            .unwrap_or_default();
        let summary = json!({ "employer": { "id": encode(NodeType::Organization, employer_id), "name": employer_name } });
        let concerned = vec![association_id, employer_id];
        record_change(
            conn, now, acting, operation, kind, &updated, concerned, summary,
        )
        .await?;
        Ok(updated)
    });
    match Outcome::of(result)? {
        Outcome::Done(row) => Ok(AssociationMembershipPayload {
            association: Some(Organization(row)),
            user_errors: vec![],
        }),
        Outcome::Rejected(user_errors) => rejected(user_errors),
    }
}

/// Records the audit entry and the event of a change to `organization`.
#[allow(clippy::too_many_arguments)]
async fn record_change(
    conn: &mut Conn<'_>,
    now: chrono::NaiveDateTime,
    acting: Acting,
    operation: &str,
    kind: EventKind,
    organization: &OrganizationRow,
    concerned: Vec<i64>,
    summary: serde_json::Value,
) -> Result<(), TxError> {
    let subject = (NodeType::Organization, organization.id);
    let payload = json!({
        "organization": { "id": encode(NodeType::Organization, organization.id), "name": organization.name },
        "changes": summary,
    });
    audit::record(conn, now, acting, operation, subject, summary).await?;
    events::emit(conn, now, acting.user_id, kind, subject, concerned, payload).await?;
    Ok(())
}
