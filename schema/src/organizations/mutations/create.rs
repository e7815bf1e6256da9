//! `createOrganization`: a body is placed by the body above it (see
//! [`act_above`]); employers and grassroots unions also by whoever acts on
//! their region (an office, a labour administration) or, for a union, by
//! the federation above it.

use async_graphql::Context;
use serde_json::json;

use super::CreateOrganizationPayload;
use super::links::{Links, check_credit_code, check_links};
use crate::change::{Audience, Decision, Env, store};
use crate::context::services;
use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiResult, Outcome, TxError, UserErrorCode, UserErrors};
use crate::graphql::ids::NodeType;
use crate::identity::authorization::{Acting, Place, act_above, act_for, signed_in};
use crate::identity::viewer;
use crate::organizations::input::{
    CreateOrganizationInput, NAME_MAX, parse_id, parse_name, parse_profile,
};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::objects::Organization;
use crate::organizations::storage::{self, NewOrganization};
use crate::organizations::{summary, visibility};
use crate::transaction;

/// Records an organization: a union, employer (with its profile),
/// association, tripartite office or labour administration.
pub async fn create_organization(
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
    let env = Env::of(ctx);
    let now = env.now;
    let links = Links {
        own_id: None,
        kind: input.kind,
        region_id,
        parent_id,
        employer_id,
    };
    let result = transaction!(services.db, |conn| {
        check_links(conn, &visible, &links).await?;
        let acting = who_creates(conn, viewer(ctx), &links).await?;
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
        let concerned = [row.id].into_iter().chain(parent_id).chain(employer_id);
        let audience = Audience::Organizations(concerned.collect());
        let decision = Decision::new(EventKind::OrganizationCreated, [audience])
            .details(json!({ "changes": summary }));
        store(conn, row, decision, acting, &env).await
    });
    match Outcome::of(result)? {
        Outcome::Done(row) => Ok(CreateOrganizationPayload {
            organization: Some(Organization::full(row)),
            user_errors: vec![],
        }),
        Outcome::Rejected(user_errors) => rejected(user_errors),
    }
}

/// Who may create an organization placed by `links`: the body above a
/// body; for an employer or a grassroots union, also whoever acts on its
/// region or, for a union, the federation above it.
async fn who_creates(
    conn: &mut Conn<'_>,
    viewer: &crate::identity::Viewer,
    links: &Links,
) -> Result<Acting, TxError> {
    let place = Place {
        id: None,
        region_id: links.region_id,
        ancestors: storage::ancestors(conn, links.parent_id).await?,
    };
    let local = links.kind == OrganizationKind::Employer || links.employer_id.is_some();
    Ok(if local {
        act_for(viewer, &place)?
    } else {
        act_above(viewer, &place, false, links.region_id)?
    })
}
