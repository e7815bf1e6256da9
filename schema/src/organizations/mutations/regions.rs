//! `createRegion`: the city office records the administrative tree.

use async_graphql::Context;
use serde_json::json;

use super::CreateRegionPayload;
use crate::context::services;
use crate::db::stored;
use crate::graphql::errors::{ApiResult, Outcome, TxError, UserErrorCode, UserErrors};
use crate::graphql::ids::NodeType;
use crate::identity::authorization::act_as_city_office;
use crate::identity::{audit, viewer};
use crate::organizations::input::{CreateRegionInput, parse_id, parse_name};
use crate::organizations::objects::Region;
use crate::organizations::rules::{check_region_code, region_parent_allowed, region_path};
use crate::organizations::storage::{self, NewRegion};
use crate::organizations::visibility::Visible;
use crate::transaction;

/// Records an administrative region under an existing one (or a root).
pub async fn create_region(
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
