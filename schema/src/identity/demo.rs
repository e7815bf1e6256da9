//! Demo accounts: an admin, an officer and a viewer for every demo
//! organization, all with the one demo password. Demo mode only.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDateTime;

use super::kinds::Role;
use super::secrets::hash_password;
use super::storage::{self, NewUser};
use crate::db::Conn;
use crate::demo::Batch;
use crate::graphql::errors::ApiResult;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::storage::{OrganizationRow, all_with_region_codes, unions_of_employers};

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

/// The login stems of a copy's employers and their grassroots unions,
/// numbered after those of the city and the copies before it.
async fn copy_stems(
    conn: &mut Conn<'_>,
    batch: &mut Batch,
) -> ApiResult<Vec<(i64, String, String)>> {
    let employers = batch.employers(conn).await?;
    let ids: Vec<i64> = employers.iter().map(|e| e.id).collect();
    let unions = unions_of_employers(conn, &ids).await?;
    let first = batch.copy * employers.len();
    let mut stems = Vec::new();
    for (i, employer) in employers.iter().enumerate() {
        let number = first + i + 1;
        stems.push((
            employer.id,
            format!("employer-{number:02}"),
            employer.name.clone(),
        ));
        let union = unions.iter().find(|u| u.employer_id == Some(employer.id));
        if let Some(union) = union {
            stems.push((union.id, format!("union-{number:02}"), union.name.clone()));
        }
    }
    Ok(stems)
}

/// Creates the demo accounts of a batch and their memberships.
pub async fn load(conn: &mut Conn<'_>, now: NaiveDateTime, batch: &mut Batch) -> ApiResult<()> {
    let stems = match batch.is_city() {
        true => login_stems(&all_with_region_codes(conn).await?),
        false => copy_stems(conn, batch).await?,
    };
    // One hash serves every demo account: it is the same password.
    static HASH: OnceLock<String> = OnceLock::new();
    let password_hash = HASH.get_or_init(|| hash_password(DEMO_PASSWORD));
    let mut members = Vec::new();
    for (organization_id, stem, name) in stems {
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
            members.push((new, organization_id, role));
        }
    }
    storage::insert_members(conn, members).await?;
    Ok(())
}
