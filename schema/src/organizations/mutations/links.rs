//! The checks of an organization's links (region, parent, employer) and
//! of its credit code, shared by its creation and its changes. Whatever the
//! caller cannot see answers as a missing id.

use crate::db::Conn;
use crate::graphql::errors::{TxError, UserError, UserErrorCode, UserErrors};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::rules::{Placed, check_placement};
use crate::organizations::storage::{self, OrganizationRow};
use crate::organizations::visibility::{OrgVisible, Visible};

/// The links of an organization to check before it is stored.
pub struct Links {
    pub own_id: Option<i64>,
    pub kind: OrganizationKind,
    pub region_id: i64,
    pub parent_id: Option<i64>,
    pub employer_id: Option<i64>,
}

/// Checks that the linked region, parent and employer exist and fit the rules.
pub async fn check_links(
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
pub async fn check_credit_code(
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
