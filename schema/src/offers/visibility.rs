//! Who sees an offer and everything under it: its two parties; the offices,
//! labour administrations and union federations whose region subtree holds
//! the employer (a federation's unions are in its region). A draft is the
//! issuing side's alone until it is issued: its issuer, and for a union's
//! draft the federations above it, which may draft and issue in its name.

use crate::identity::Viewer;
use crate::identity::viewer::overseen_regions;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferVisible {
    Everything,
    Scoped {
        /// Offers these organizations are party to.
        parties: Vec<i64>,
        /// Offers with an employer in these regions, once issued.
        region_ids: Vec<i64>,
        /// Drafts of the unions in these regions: a federation's subtree.
        federation_region_ids: Vec<i64>,
    },
}

pub fn offers(viewer: &Viewer) -> OfferVisible {
    let user = match viewer {
        Viewer::System => return OfferVisible::Everything,
        Viewer::Anonymous => {
            return OfferVisible::Scoped {
                parties: vec![],
                region_ids: vec![],
                federation_region_ids: vec![],
            };
        }
        Viewer::User(user) => user,
    };
    let mut federation_region_ids: Vec<i64> = user
        .memberships
        .iter()
        .filter(|m| m.is_federation())
        .flat_map(|m| m.region_subtree.iter().copied())
        .collect();
    federation_region_ids.sort_unstable();
    federation_region_ids.dedup();
    OfferVisible::Scoped {
        parties: user.memberships.iter().map(|m| m.organization_id).collect(),
        region_ids: overseen_regions(&user.memberships),
        federation_region_ids,
    }
}

/// Narrows a boxed query on `offers` to what `$visible` allows.
#[macro_export]
macro_rules! visible_offers {
    ($query:expr, $visible:expr) => {{
        use $crate::db::tables::offers;
        let query = $query;
        match $visible {
            $crate::offers::visibility::OfferVisible::Everything => query,
            $crate::offers::visibility::OfferVisible::Scoped {
                parties,
                region_ids,
                federation_region_ids,
            } => {
                use $crate::offers::kinds::OfferStatus::Draft;
                let issued = offers::status.ne(Draft).and(
                    offers::receiving_organization_id
                        .eq_any(parties)
                        .or(offers::region_id.eq_any(region_ids)),
                );
                let federations_draft = offers::status
                    .eq(Draft)
                    .and(offers::initiating_side.eq($crate::change::Side::Workers))
                    .and(offers::region_id.eq_any(federation_region_ids));
                query.filter(
                    offers::issuing_organization_id
                        .eq_any(parties)
                        .or(issued)
                        .or(federations_draft),
                )
            }
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::kinds::Role;
    use crate::identity::viewer::{MemberOf, SignedIn};
    use crate::organizations::kinds::OrganizationKind::{self, *};

    fn viewer(kind: OrganizationKind, region_subtree: Vec<i64>) -> Viewer {
        Viewer::User(Box::new(SignedIn {
            user_id: 7,
            login_name: "u".into(),
            session: String::new(),
            memberships: vec![MemberOf {
                organization_id: 10,
                role: Role::Viewer,
                kind,
                region_id: region_subtree[0],
                region_subtree,
                ancestors: vec![],
                employer_id: None,
                city_office: false,
            }],
        }))
    }

    #[test]
    fn a_federation_sees_its_unions_drafts_and_an_office_sees_none() {
        let OfferVisible::Scoped {
            federation_region_ids,
            region_ids,
            ..
        } = offers(&viewer(Union, vec![1, 2]))
        else {
            panic!("scoped");
        };
        assert_eq!(federation_region_ids, vec![1, 2]);
        assert_eq!(region_ids, vec![1, 2]);
        let OfferVisible::Scoped {
            federation_region_ids,
            region_ids,
            ..
        } = offers(&viewer(TripartiteOffice, vec![1, 2]))
        else {
            panic!("scoped");
        };
        assert!(
            federation_region_ids.is_empty(),
            "an office oversees issued offers only"
        );
        assert_eq!(region_ids, vec![1, 2]);
    }
}
