//! Demo accounts: an admin, an officer and a viewer for every demo
//! organization, all with the one demo password. Demo mode only.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::kinds::Role;
use super::secrets::hash_password;
use super::storage::{self, NewUser};
use crate::db::Conn;
use crate::graphql::errors::ApiError;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::storage::{OrganizationRow, all_with_region_codes};

/// The password of every demo account, shown in the README.
pub const DEMO_PASSWORD: &str = "xieshang-demo";

const ROLES: [(Role, &str, &str); 3] = [
    (Role::Admin, "admin", "管理员"),
    (Role::Officer, "officer", "经办人"),
    (Role::Viewer, "viewer", "查看人"),
];

/// The stem of the demo login names of each organization:
/// `office-220102`, `labour-220102`, `federation-220102`, `employer-07`,
/// `union-07` (the grassroots union of employer 07) and `association-2`.
pub fn login_stems(organizations: &[(OrganizationRow, String)]) -> Vec<(i64, String, String)> {
    let employer_numbers: HashMap<i64, usize> = organizations
        .iter()
        .filter(|(o, _)| o.kind == OrganizationKind::Employer)
        .enumerate()
        .map(|(i, (o, _))| (o.id, i + 1))
        .collect();
    let mut associations = 0;
    organizations
        .iter()
        .filter_map(|(o, code)| {
            let stem = match o.kind {
                OrganizationKind::TripartiteOffice => format!("office-{code}"),
                OrganizationKind::LabourAdministration => format!("labour-{code}"),
                OrganizationKind::Union => match o.employer_id {
                    Some(employer) => format!("union-{:02}", employer_numbers.get(&employer)?),
                    None => format!("federation-{code}"),
                },
                OrganizationKind::Employer => {
                    format!("employer-{:02}", employer_numbers.get(&o.id)?)
                }
                OrganizationKind::EmployerAssociation => {
                    associations += 1;
                    format!("association-{associations}")
                }
            };
            Some((o.id, stem, o.name.clone()))
        })
        .collect()
}

/// Creates the demo accounts and their memberships.
pub async fn load(conn: &mut Conn<'_>, now: NaiveDateTime) -> Result<(), ApiError> {
    let organizations = all_with_region_codes(conn).await?;
    // One hash serves every demo account: it is the same password.
    let password_hash = hash_password(DEMO_PASSWORD);
    for (organization_id, stem, name) in login_stems(&organizations) {
        for (role, suffix, title) in ROLES {
            let login_name = format!("{stem}-{suffix}");
            let display: String = name.chars().take(44).collect();
            let email = format!("{login_name}@demo.xieshang.test");
            let new = NewUser::new(
                login_name,
                format!("{display}{title}"),
                email,
                password_hash.clone(),
                now,
            );
            storage::insert_member(conn, &new, Some((organization_id, role))).await?;
        }
    }
    Ok(())
}
