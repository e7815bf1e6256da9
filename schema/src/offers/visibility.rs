//! Who sees an offer and everything under it: its two parties; the offices,
//! labour administrations and union federations whose region subtree holds
//! the employer (a federation's unions are in its region). A draft is the
//! issuing side's alone until it is issued: its issuer, and for a union's
//! draft the federations above it, which may draft and issue in its name.

use crate::identity::Viewer;
use crate::identity::viewer::{overseen_regions, oversees_whole_city};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OfferVisible {
    Everything,
    Scoped {
        /// Offers these organizations are party to.
        parties: Vec<i64>,
        /// Offers with an employer in these regions, once issued.
        region_ids: Vec<i64>,
        /// Every offer once issued: the regions are the whole city.
        whole_city: bool,
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
                whole_city: false,
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
        whole_city: oversees_whole_city(&user.memberships),
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
                whole_city,
                federation_region_ids,
            } => {
                use $crate::offers::kinds::OfferStatus::Draft;
                let federations_draft = offers::status
                    .eq(Draft)
                    .and(offers::initiating_side.eq($crate::change::Side::Workers))
                    .and(offers::region_id.eq_any(federation_region_ids));
                let own = offers::issuing_organization_id.eq_any(parties);
                match whole_city {
                    // The whole city's overseer sees every issued offer: a
                    // filter with no region list to test each row against,
                    // and none decided by a parameter, which a generic plan
                    // could not fold away.
                    true => query.filter(own.or(offers::status.ne(Draft)).or(federations_draft)),
                    false => {
                        let issued = offers::status.ne(Draft).and(
                            offers::receiving_organization_id
                                .eq_any(parties)
                                .or(offers::region_id.eq_any(region_ids)),
                        );
                        query.filter(own.or(issued).or(federations_draft))
                    }
                }
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
            language: crate::identity::kinds::Language::ZhCn,
            memberships: vec![MemberOf {
                organization_id: 10,
                role: Role::Viewer,
                kind,
                region_id: region_subtree[0],
                region_subtree,
                ancestors: vec![],
                employer_id: None,
                city_office: false,
                whole_city: false,
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

    #[test]
    fn only_the_whole_citys_overseer_sees_every_issued_offer() {
        let whole_city = |kind| match offers(&viewer(kind, vec![1, 2])) {
            OfferVisible::Scoped { whole_city, .. } => whole_city,
            OfferVisible::Everything => panic!("scoped"),
        };
        assert!(!whole_city(TripartiteOffice), "a district office");
        let Viewer::User(mut user) = viewer(TripartiteOffice, vec![1, 2]) else {
            panic!("user");
        };
        user.memberships[0].whole_city = true;
        let OfferVisible::Scoped { whole_city, .. } = offers(&Viewer::User(user.clone())) else {
            panic!("scoped");
        };
        assert!(whole_city, "the city office");
        user.memberships[0].kind = Employer;
        let OfferVisible::Scoped { whole_city, .. } = offers(&Viewer::User(user)) else {
            panic!("scoped");
        };
        assert!(!whole_city, "an employer oversees no region");
    }
}
