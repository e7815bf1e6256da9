//! Who sees an agreement and everything under it: its two parties; the
//! employers it binds and their grassroots unions; the associations those
//! employers belong to; and the offices, labour administrations and union
//! federations whose region subtree holds the agreement or an employer it
//! binds.

use crate::identity::Viewer;
use crate::identity::viewer::overseen_regions;
use crate::organizations::kinds::OrganizationKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgreementVisible {
    Everything,
    Scoped {
        /// Agreements these organizations are party to.
        parties: Vec<i64>,
        /// Agreements binding these employers.
        employers: Vec<i64>,
        /// Agreements binding a member of these associations.
        associations: Vec<i64>,
        /// Agreements of these regions, or binding an employer in them.
        region_ids: Vec<i64>,
    },
}

pub fn agreements(viewer: &Viewer) -> AgreementVisible {
    let user = match viewer {
        Viewer::System => return AgreementVisible::Everything,
        Viewer::Anonymous => {
            return AgreementVisible::Scoped {
                parties: vec![],
                employers: vec![],
                associations: vec![],
                region_ids: vec![],
            };
        }
        Viewer::User(user) => user,
    };
    let memberships = &user.memberships;
    let parties = memberships.iter().map(|m| m.organization_id).collect();
    let employers = memberships
        .iter()
        .filter_map(|m| match m.kind {
            OrganizationKind::Employer => Some(m.organization_id),
            _ => m.employer_id,
        })
        .collect();
    let associations = memberships
        .iter()
        .filter(|m| m.kind == OrganizationKind::EmployerAssociation)
        .map(|m| m.organization_id)
        .collect();
    AgreementVisible::Scoped {
        parties,
        employers,
        associations,
        region_ids: overseen_regions(memberships),
    }
}

/// Narrows a boxed query on `agreements` to what `$visible` allows.
#[macro_export]
macro_rules! visible_agreements {
    ($query:expr, $visible:expr) => {{
        use $crate::db::tables::{
            agreement_employers, agreements, association_members, organizations,
        };
        let query = $query;
        match $visible {
            $crate::agreements::visibility::AgreementVisible::Everything => query,
            $crate::agreements::visibility::AgreementVisible::Scoped {
                parties,
                employers,
                associations,
                region_ids,
            } => {
                let members = association_members::table
                    .filter(association_members::association_id.eq_any(associations))
                    .select(association_members::employer_id);
                let in_regions = organizations::table
                    .filter(organizations::region_id.eq_any(region_ids))
                    .select(organizations::id);
                let binding = agreement_employers::table
                    .filter(
                        agreement_employers::employer_id
                            .eq_any(employers)
                            .or(agreement_employers::employer_id.eq_any(members))
                            .or(agreement_employers::employer_id.eq_any(in_regions)),
                    )
                    .select(agreement_employers::agreement_id);
                query.filter(
                    agreements::workers_party_id
                        .eq_any(parties)
                        .or(agreements::employer_party_id.eq_any(parties))
                        .or(agreements::region_id.eq_any(region_ids))
                        .or(agreements::id.eq_any(binding)),
                )
            }
        }
    }};
}
