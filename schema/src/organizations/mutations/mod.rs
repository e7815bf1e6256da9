//! Mutations of the organizations area. Changes of an existing organization
//! go through the change pipeline (the organization is a [`Record`]);
//! creations check their links and who places them, then store their
//! decision the same way.
//!
//! [`Record`]: crate::change::Record

mod create;
mod links;
mod members;
mod regions;
mod update;

use async_graphql::{Context, Object, SimpleObject};

use super::input::{
    AssociationMemberInput, CreateOrganizationInput, CreateRegionInput, UpdateOrganizationInput,
};
use super::objects::{Organization, Region};
use super::visibility;
use crate::change::run;
use crate::graphql::errors::{ApiResult, Outcome};
use crate::identity::authorization::signed_in;
use crate::identity::viewer;

/// Result of `createRegion`.
#[derive(SimpleObject)]
pub struct CreateRegionPayload {
    /// The new region; null when the input was refused.
    pub region: Option<Region>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<crate::graphql::errors::UserError>,
}

crate::payloads!(
    organization: Organization(super::storage::OrganizationRow) = Organization::full,
    "The organization as it is now; null when the input was refused.";
    /// Result of `createOrganization`.
    CreateOrganizationPayload,
    /// Result of `updateOrganization`.
    UpdateOrganizationPayload,
);

crate::payloads!(
    association: Organization(super::storage::OrganizationRow) = Organization::full,
    "The association, with its version bumped; null when the input was refused.";
    /// Result of `addAssociationMember` and `removeAssociationMember`.
    AssociationMembershipPayload,
);

/// Mutations of the organizations area.
#[derive(Default)]
pub struct OrganizationMutation;

#[Object]
impl OrganizationMutation {
    /// Records an administrative region under an existing one (or a root). For the city office.
    async fn create_region(
        &self,
        ctx: &Context<'_>,
        input: CreateRegionInput,
    ) -> ApiResult<CreateRegionPayload> {
        regions::create_region(ctx, input).await
    }

    /// Records an organization: a union, employer (with its profile),
    /// association, tripartite office or labour administration. Offices,
    /// administrations, federations and associations are recorded by the
    /// city office; employers and grassroots unions also by the office or
    /// administration of their region, and a union by the federation above it.
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganizationInput,
    ) -> ApiResult<CreateOrganizationPayload> {
        create::create_organization(ctx, input).await
    }

    /// Changes an organization. Pass the `version` you read as
    /// `expectedVersion`; if someone changed it since, this fails with
    /// `CONFLICT`. Its own officers (and whoever acts for it) change its
    /// name and profile; its region and parent are changed only by the body
    /// above it: the city office for offices, administrations, federations
    /// and associations, an office overseeing both regions for an employer
    /// or a grassroots union.
    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        input: UpdateOrganizationInput,
    ) -> ApiResult<UpdateOrganizationPayload> {
        signed_in(viewer(ctx))?;
        let visible = visibility::organizations(viewer(ctx));
        match update::Update::parse(input, visible) {
            Ok(update) => UpdateOrganizationPayload::from_outcome(run(ctx, update).await),
            Err(errors) => UpdateOrganizationPayload::from_outcome(Ok(Outcome::Rejected(errors))),
        }
    }

    /// Adds an employer to an employer association's members.
    async fn add_association_member(
        &self,
        ctx: &Context<'_>,
        input: AssociationMemberInput,
    ) -> ApiResult<AssociationMembershipPayload> {
        change_members(ctx, input, true).await
    }

    /// Removes an employer from an employer association's members.
    async fn remove_association_member(
        &self,
        ctx: &Context<'_>,
        input: AssociationMemberInput,
    ) -> ApiResult<AssociationMembershipPayload> {
        change_members(ctx, input, false).await
    }
}

async fn change_members(
    ctx: &Context<'_>,
    input: AssociationMemberInput,
    add: bool,
) -> ApiResult<AssociationMembershipPayload> {
    signed_in(viewer(ctx))?;
    let visible = visibility::organizations(viewer(ctx));
    let outcome = match members::Membership::parse(input, add, visible) {
        Ok(change) => run(ctx, change).await,
        Err(errors) => Ok(Outcome::Rejected(errors)),
    };
    AssociationMembershipPayload::from_outcome(outcome)
}
