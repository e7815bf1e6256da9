//! Who sees an agreement and everything under it: its two parties; the
//! employers it binds and their grassroots unions; the associations those
//! employers belong to; and the offices, labour administrations and union
//! federations whose region subtree holds the agreement or an employer it
//! binds.

use crate::agreements::storage::AgreementFilter;
use crate::identity::Viewer;
use crate::identity::viewer::{
    associations_of, employers_of, overseen_regions, oversees_whole_city,
};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    if oversees_whole_city(memberships) {
        return AgreementVisible::Everything;
    }
    let parties = memberships.iter().map(|m| m.organization_id).collect();
    let employers = employers_of(memberships);
    let associations = associations_of(memberships);
    AgreementVisible::Scoped {
        parties,
        employers,
        associations,
        region_ids: overseen_regions(memberships),
    }
}

impl AgreementVisible {
    /// What is left to check once `filter` applies: nothing when every
    /// agreement the filter keeps is visible anyway (an association's own
    /// members' agreements, an employer's own, a region the viewer
    /// oversees), so that the list is one indexed lookup, not the filter
    /// and every visibility arm.
    pub fn within(self, filter: &AgreementFilter) -> AgreementVisible {
        let AgreementVisible::Scoped {
            employers,
            associations,
            region_ids,
            ..
        } = &self
        else {
            return self;
        };
        let implied = filter
            .association
            .is_some_and(|a| associations.contains(&a))
            || filter.employer.is_some_and(|e| employers.contains(&e))
            || filter
                .region_ids
                .as_ref()
                .is_some_and(|ids| !ids.is_empty() && ids.iter().all(|r| region_ids.contains(r)));
        if implied {
            AgreementVisible::Everything
        } else {
            self
        }
    }
}

/// Narrows a boxed query on `agreements` to what `$visible` allows: the ids
/// of the visible agreements, as a UNION ALL of one indexed lookup per way
/// of seeing them, so that a viewer's list and count read what it sees
/// rather than test every agreement of the city against an OR of subqueries.
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
                // The subqueries read agreements under another name: diesel
                // refuses a table inside a filter on itself.
                let seen = diesel::alias!(agreements as seen_agreements);
                let visible = seen
                    .filter(seen.field(agreements::workers_party_id).eq_any(parties))
                    .select(seen.field(agreements::id))
                    .union_all(
                        seen.filter(seen.field(agreements::employer_party_id).eq_any(parties))
                            .select(seen.field(agreements::id)),
                    )
                    .union_all(
                        seen.filter(seen.field(agreements::region_id).eq_any(region_ids))
                            .select(seen.field(agreements::id)),
                    )
                    .union_all(
                        agreement_employers::table
                            .filter(agreement_employers::employer_id.eq_any(employers))
                            .select(agreement_employers::agreement_id),
                    )
                    .union_all(
                        agreement_employers::table
                            .filter(
                                agreement_employers::employer_id.eq_any(
                                    association_members::table
                                        .filter(
                                            association_members::association_id
                                                .eq_any(associations),
                                        )
                                        .select(association_members::employer_id),
                                ),
                            )
                            .select(agreement_employers::agreement_id),
                    )
                    .union_all(
                        agreement_employers::table
                            .filter(
                                agreement_employers::employer_id.eq_any(
                                    organizations::table
                                        .filter(organizations::region_id.eq_any(region_ids))
                                        .select(organizations::id),
                                ),
                            )
                            .select(agreement_employers::agreement_id),
                    );
                query.filter(agreements::id.eq_any(visible))
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

    fn viewer(kind: OrganizationKind, whole_city: bool) -> Viewer {
        Viewer::User(Box::new(SignedIn {
            user_id: 7,
            login_name: "u".into(),
            session: String::new(),
            language: crate::identity::kinds::Language::ZhCn,
            memberships: vec![MemberOf {
                organization_id: 10,
                role: Role::Viewer,
                kind,
                region_id: 2,
                region_subtree: vec![2, 3],
                ancestors: vec![],
                employer_id: None,
                city_office: false,
                whole_city,
            }],
        }))
    }

    #[test]
    fn the_whole_citys_overseer_sees_every_agreement_a_district_its_own() {
        assert_eq!(
            agreements(&viewer(TripartiteOffice, true)),
            AgreementVisible::Everything
        );
        let AgreementVisible::Scoped { region_ids, .. } =
            agreements(&viewer(TripartiteOffice, false))
        else {
            panic!("a district office is scoped");
        };
        assert_eq!(region_ids, [2, 3]);
        assert_ne!(
            agreements(&viewer(EmployerAssociation, true)),
            AgreementVisible::Everything,
            "an association oversees no region"
        );
    }

    #[test]
    fn a_filter_inside_what_the_viewer_sees_needs_no_other_check() {
        let association = agreements(&viewer(EmployerAssociation, false));
        let own = AgreementFilter {
            association: Some(10),
            ..AgreementFilter::default()
        };
        assert_eq!(
            association.clone().within(&own),
            AgreementVisible::Everything
        );
        let other = AgreementFilter {
            association: Some(11),
            ..AgreementFilter::default()
        };
        assert_eq!(association.clone().within(&other), association);

        let district = agreements(&viewer(TripartiteOffice, false));
        let inside = AgreementFilter {
            region_ids: Some(vec![3]),
            ..AgreementFilter::default()
        };
        assert_eq!(
            district.clone().within(&inside),
            AgreementVisible::Everything
        );
        let beyond = AgreementFilter {
            region_ids: Some(vec![3, 4]),
            ..AgreementFilter::default()
        };
        assert_eq!(district.clone().within(&beyond), district);
        let nowhere = AgreementFilter {
            region_ids: Some(vec![]),
            ..AgreementFilter::default()
        };
        assert_eq!(district.clone().within(&nowhere), district);

        let employer = agreements(&viewer(Employer, false));
        let its_own = AgreementFilter {
            employer: Some(10),
            ..AgreementFilter::default()
        };
        assert_eq!(employer.within(&its_own), AgreementVisible::Everything);
    }
}
