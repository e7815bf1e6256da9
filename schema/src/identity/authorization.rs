//! Who may write what. Writing for an organization needs `OFFICER` or
//! `ADMIN` in it; offices and the labour administration act on their region
//! subtree; a union federation acts for the unions below it. Members are
//! managed by the organization's admins, or by the city office's admins.
//!
//! Callers load the target through the visibility filter first, so that a
//! hidden target answers NOT_FOUND before these rules answer FORBIDDEN.

use super::kinds::Role;
use super::viewer::{MemberOf, SignedIn, Viewer};
use crate::graphql::errors::ApiError;
use crate::organizations::kinds::OrganizationKind;

/// An organization as the acting rules see it.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// `None` for an organization about to be created.
    pub id: Option<i64>,
    pub region_id: i64,
    /// The organizations above it, nearest first.
    pub ancestors: Vec<i64>,
}

/// Who performs a change, as the audit trail records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acting {
    pub user_id: Option<i64>,
    pub organization_id: Option<i64>,
}

impl Acting {
    /// The server itself, for operator commands.
    pub const SYSTEM: Acting = Acting {
        user_id: None,
        organization_id: None,
    };
}

/// The signed-in user, or UNAUTHENTICATED.
pub fn signed_in(viewer: &Viewer) -> Result<&SignedIn, ApiError> {
    viewer.signed_in().ok_or(ApiError::Unauthenticated)
}

fn acting(user: &SignedIn, membership: Option<&MemberOf>) -> Result<Acting, ApiError> {
    membership
        .map(|m| Acting {
            user_id: Some(user.user_id),
            organization_id: Some(m.organization_id),
        })
        .ok_or(ApiError::Forbidden)
}

/// Whether `membership` lets its holder act for `target`.
pub fn acts_for(membership: &MemberOf, target: &Place) -> bool {
    membership.role.may_act()
        && (target.id == Some(membership.organization_id)
            || (membership.is_public_body()
                && membership.region_subtree.contains(&target.region_id))
            || (membership.is_federation()
                && target.ancestors.contains(&membership.organization_id)))
}

/// Through which organization the viewer may act for `target`.
pub fn act_for(viewer: &Viewer, target: &Place) -> Result<Acting, ApiError> {
    let user = signed_in(viewer)?;
    acting(user, user.memberships.iter().find(|m| acts_for(m, target)))
}

/// Through which organization the viewer may set where an organization sits
/// (its parent and region, or create it): the body above it, never the
/// organization itself. Employers and grassroots unions (`local`) are placed
/// by a tripartite office whose region subtree holds both where they are and
/// `to_region`; every other body (offices, administrations, federations,
/// associations) by the city office.
pub fn act_above(
    viewer: &Viewer,
    target: &Place,
    local: bool,
    to_region: i64,
) -> Result<Acting, ApiError> {
    let user = signed_in(viewer)?;
    let above = user.memberships.iter().find(|m| {
        let oversees = |region| m.region_subtree.contains(region);
        m.role.may_act()
            && target.id != Some(m.organization_id)
            && m.kind == OrganizationKind::TripartiteOffice
            && if local {
                oversees(&target.region_id) && oversees(&to_region)
            } else {
                m.is_city_office()
            }
    });
    acting(user, above)
}

/// Through which organization the viewer may act as a party to bargaining
/// for `target`: as its own officer, or for a union through a federation
/// above it. Offices and administrations supervise bargaining; they do not
/// make or answer offers in a party's name (CCP Art. 32).
pub fn act_as_party(viewer: &Viewer, target: &Place) -> Result<Acting, ApiError> {
    let user = signed_in(viewer)?;
    let party = user.memberships.iter().find(|m| {
        m.role.may_act()
            && (target.id == Some(m.organization_id)
                || (m.is_federation() && target.ancestors.contains(&m.organization_id)))
    });
    acting(user, party)
}

/// Through which organization the viewer may manage the members of `organization_id`.
pub fn administer(viewer: &Viewer, organization_id: i64) -> Result<Acting, ApiError> {
    let user = signed_in(viewer)?;
    let own = user
        .memberships
        .iter()
        .find(|m| m.organization_id == organization_id && m.role == Role::Admin);
    let city = || {
        user.memberships
            .iter()
            .find(|m| m.is_city_office() && m.role == Role::Admin)
    };
    acting(user, own.or_else(city))
}

/// Acting as the city tripartite office (for city-wide reference data).
pub fn act_as_city_office(viewer: &Viewer) -> Result<Acting, ApiError> {
    let user = signed_in(viewer)?;
    acting(
        user,
        user.memberships
            .iter()
            .find(|m| m.is_city_office() && m.role.may_act()),
    )
}

/// Acting as an office or administration of `kinds` whose region subtree
/// holds `region_id`: supervision, not party action.
pub fn act_as_public_body(
    viewer: &Viewer,
    region_id: i64,
    kinds: &[crate::organizations::kinds::OrganizationKind],
) -> Result<Acting, ApiError> {
    let user = signed_in(viewer)?;
    let body = user.memberships.iter().find(|m| {
        m.role.may_act() && kinds.contains(&m.kind) && m.region_subtree.contains(&region_id)
    });
    acting(user, body)
}

/// Acting as an office or administration whose region subtree holds
/// `region_id`, or as a union federation over it: those that oversee
/// labour relations there (health checks, rectification).
pub fn act_as_overseer(viewer: &Viewer, region_id: i64) -> Result<Acting, ApiError> {
    let user = signed_in(viewer)?;
    let body = user.memberships.iter().find(|m| {
        m.role.may_act()
            && (m.is_public_body() || m.is_federation())
            && m.region_subtree.contains(&region_id)
    });
    acting(user, body)
}

/// Acting as oneself, through no organization (login, own password).
pub fn act_as_self(viewer: &Viewer) -> Result<Acting, ApiError> {
    let user = signed_in(viewer)?;
    Ok(Acting {
        user_id: Some(user.user_id),
        organization_id: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organizations::kinds::OrganizationKind::{self, *};

    const CITY: i64 = 1;
    const NANGUAN: i64 = 2;
    const KUANCHENG: i64 = 3;

    fn member(
        id: i64,
        role: Role,
        kind: OrganizationKind,
        region: i64,
        ancestors: &[i64],
    ) -> MemberOf {
        let region_subtree = if region == CITY {
            vec![CITY, NANGUAN, KUANCHENG]
        } else {
            vec![region]
        };
        MemberOf {
            organization_id: id,
            role,
            kind,
            region_id: region,
            region_subtree,
            ancestors: ancestors.to_vec(),
            employer_id: None,
            city_office: kind == TripartiteOffice && region == CITY,
            whole_city: region == CITY,
        }
    }

    fn viewer(memberships: Vec<MemberOf>) -> Viewer {
        Viewer::User(Box::new(SignedIn {
            user_id: 7,
            login_name: "u".into(),
            session: String::new(),
            language: crate::identity::kinds::Language::ZhCn,
            memberships,
        }))
    }

    fn employer_in(region: i64) -> Place {
        Place {
            id: Some(100),
            region_id: region,
            ancestors: vec![],
        }
    }

    #[test]
    fn a_district_office_acts_on_its_district_only() {
        let office = viewer(vec![member(
            10,
            Role::Officer,
            TripartiteOffice,
            NANGUAN,
            &[9],
        )]);
        assert_eq!(
            act_for(&office, &employer_in(NANGUAN))
                .unwrap()
                .organization_id,
            Some(10)
        );
        assert!(matches!(
            act_for(&office, &employer_in(KUANCHENG)),
            Err(ApiError::Forbidden)
        ));
    }

    #[test]
    fn a_viewer_role_never_acts() {
        let office = viewer(vec![member(10, Role::Viewer, TripartiteOffice, CITY, &[])]);
        assert!(matches!(
            act_for(&office, &employer_in(NANGUAN)),
            Err(ApiError::Forbidden)
        ));
    }

    #[test]
    fn a_federation_acts_for_the_unions_below_it_but_not_for_employers() {
        let federation = viewer(vec![member(20, Role::Officer, Union, NANGUAN, &[19])]);
        let union_below = Place {
            id: Some(21),
            region_id: NANGUAN,
            ancestors: vec![20, 19],
        };
        assert!(act_for(&federation, &union_below).is_ok());
        assert!(act_for(&federation, &employer_in(NANGUAN)).is_err());
    }

    #[test]
    fn an_organization_acts_for_itself() {
        let employer = viewer(vec![member(100, Role::Officer, Employer, NANGUAN, &[])]);
        assert!(act_for(&employer, &employer_in(NANGUAN)).is_ok());
        let other = Place {
            id: Some(101),
            region_id: NANGUAN,
            ancestors: vec![],
        };
        assert!(act_for(&employer, &other).is_err());
    }

    #[test]
    fn an_office_supervises_but_is_no_party_to_bargaining() {
        let office = viewer(vec![member(10, Role::Admin, TripartiteOffice, CITY, &[])]);
        assert!(act_for(&office, &employer_in(NANGUAN)).is_ok());
        assert!(matches!(
            act_as_party(&office, &employer_in(NANGUAN)),
            Err(ApiError::Forbidden)
        ));
        let federation = viewer(vec![member(20, Role::Officer, Union, NANGUAN, &[19])]);
        let union_below = Place {
            id: Some(21),
            region_id: NANGUAN,
            ancestors: vec![20, 19],
        };
        assert!(act_as_party(&federation, &union_below).is_ok());
    }

    #[test]
    fn only_the_body_above_sets_where_an_organization_sits() {
        let city = viewer(vec![member(1, Role::Officer, TripartiteOffice, CITY, &[])]);
        let nanguan = viewer(vec![member(
            10,
            Role::Officer,
            TripartiteOffice,
            NANGUAN,
            &[1],
        )]);
        let itself = |id| Place {
            id: Some(id),
            region_id: NANGUAN,
            ancestors: vec![1],
        };
        // A district office may not promote or move itself; the city office may.
        assert!(act_above(&nanguan, &itself(10), false, CITY).is_err());
        assert!(act_above(&nanguan, &itself(10), false, NANGUAN).is_err());
        assert_eq!(
            act_above(&city, &itself(10), false, CITY)
                .unwrap()
                .organization_id,
            Some(1)
        );
        // The city office itself is placed by no one.
        let city_office = Place {
            id: Some(1),
            region_id: CITY,
            ancestors: vec![],
        };
        assert!(act_above(&city, &city_office, false, CITY).is_err());
        // An employer is placed by the office of its district, and moved
        // only by an office that oversees both districts.
        let employer = viewer(vec![member(100, Role::Admin, Employer, NANGUAN, &[])]);
        assert!(act_above(&employer, &employer_in(NANGUAN), true, KUANCHENG).is_err());
        assert!(act_above(&nanguan, &employer_in(NANGUAN), true, NANGUAN).is_ok());
        assert!(act_above(&nanguan, &employer_in(NANGUAN), true, KUANCHENG).is_err());
        assert!(act_above(&city, &employer_in(NANGUAN), true, KUANCHENG).is_ok());
        // A federation or a labour bureau places no one.
        let federation = viewer(vec![member(20, Role::Officer, Union, CITY, &[])]);
        let labour = viewer(vec![member(
            30,
            Role::Officer,
            LabourAdministration,
            CITY,
            &[],
        )]);
        assert!(act_above(&federation, &employer_in(NANGUAN), true, NANGUAN).is_err());
        assert!(act_above(&labour, &itself(10), false, NANGUAN).is_err());
    }

    #[test]
    fn members_are_managed_by_admins_and_by_city_office_admins() {
        let admin = viewer(vec![member(100, Role::Admin, Employer, NANGUAN, &[])]);
        let officer = viewer(vec![member(100, Role::Officer, Employer, NANGUAN, &[])]);
        let city_admin = viewer(vec![member(1, Role::Admin, TripartiteOffice, CITY, &[])]);
        let district_admin = viewer(vec![member(
            10,
            Role::Admin,
            TripartiteOffice,
            NANGUAN,
            &[1],
        )]);
        assert!(administer(&admin, 100).is_ok());
        assert!(administer(&officer, 100).is_err());
        assert_eq!(
            administer(&city_admin, 100).unwrap().organization_id,
            Some(1)
        );
        assert!(administer(&district_admin, 100).is_err());
        assert!(matches!(
            administer(&Viewer::Anonymous, 100),
            Err(ApiError::Unauthenticated)
        ));
    }
}
