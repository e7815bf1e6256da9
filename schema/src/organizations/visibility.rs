//! What a viewer may see of regions and organizations: one filter per
//! entity, applied by every read (lists, counts, `node`, `nodes`).
//!
//! - Regions are reference data: every signed-in user sees them all.
//! - Offices, labour administrations and union federations see the
//!   organizations of their region subtree.
//! - A grassroots union sees its employer; an employer sees its grassroots
//!   union and its associations; an association sees its member employers.
//! - Everyone sees their own organizations and those above them.

use crate::identity::Viewer;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::storage::OrganizationRow;

/// The rows of a simple entity a viewer may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visible {
    Everything,
    /// Only these row ids.
    Only(Vec<i64>),
}

/// The organizations a viewer may see.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrgVisible {
    Everything,
    Scoped(OrgScope),
}

/// Organizations matching any of these are visible.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct OrgScope {
    /// Organizations in these regions.
    pub region_ids: Vec<i64>,
    /// These organizations.
    pub ids: Vec<i64>,
    /// Member employers of these associations.
    pub members_of: Vec<i64>,
    /// The grassroots unions of these employers.
    pub unions_of_employers: Vec<i64>,
    /// The associations these employers belong to.
    pub associations_of_employers: Vec<i64>,
}

pub fn regions(viewer: &Viewer) -> Visible {
    match viewer {
        Viewer::Anonymous => Visible::Only(Vec::new()),
        Viewer::User(_) | Viewer::System => Visible::Everything,
    }
}

pub fn organizations(viewer: &Viewer) -> OrgVisible {
    let user = match viewer {
        Viewer::System => return OrgVisible::Everything,
        Viewer::Anonymous => return OrgVisible::Scoped(OrgScope::default()),
        Viewer::User(user) => user,
    };
    if crate::identity::viewer::oversees_whole_city(&user.memberships) {
        return OrgVisible::Everything;
    }
    let mut scope = OrgScope::default();
    for m in &user.memberships {
        scope.ids.push(m.organization_id);
        scope.ids.extend(&m.ancestors);
        match m.kind {
            _ if m.is_public_body() || m.is_federation() => {
                scope.region_ids.extend(&m.region_subtree)
            }
            OrganizationKind::Union => scope.ids.extend(m.employer_id),
            OrganizationKind::Employer => {
                scope.unions_of_employers.push(m.organization_id);
                scope.associations_of_employers.push(m.organization_id);
            }
            OrganizationKind::EmployerAssociation => scope.members_of.push(m.organization_id),
            OrganizationKind::TripartiteOffice | OrganizationKind::LabourAdministration => {}
        }
    }
    for list in [&mut scope.region_ids, &mut scope.ids] {
        list.sort_unstable();
        list.dedup();
    }
    OrgVisible::Scoped(scope)
}

/// Whether the row alone shows that `visible` lets it through: by its
/// region, its id, or as the grassroots union of a listed employer. `false`
/// leaves the answer to the database, which also knows the associations'
/// members.
pub fn shows(visible: &OrgVisible, row: &OrganizationRow) -> bool {
    let scope = match visible {
        OrgVisible::Everything => return true,
        OrgVisible::Scoped(scope) => scope,
    };
    scope.region_ids.binary_search(&row.region_id).is_ok()
        || scope.ids.binary_search(&row.id).is_ok()
        || (row.kind == OrganizationKind::Union
            && row
                .employer_id
                .is_some_and(|employer| scope.unions_of_employers.contains(&employer)))
}

/// Narrows a boxed query on `organizations` to what `$visible` allows: the
/// ids of the visible organizations, as a UNION ALL of one indexed lookup
/// per way of seeing them (see `visible_agreements!`). `visible_among`
/// checks the same ways on a few ids; a way added here belongs there too.
#[macro_export]
macro_rules! visible_organizations {
    ($query:expr, $visible:expr) => {{
        use $crate::db::tables::{association_members, organizations};
        let query = $query;
        match $visible {
            $crate::organizations::visibility::OrgVisible::Everything => query,
            $crate::organizations::visibility::OrgVisible::Scoped(scope) => {
                // Another name for the table inside a filter on itself.
                let seen = diesel::alias!(organizations as seen_organizations);
                let visible = seen
                    .filter(
                        seen.field(organizations::region_id)
                            .eq_any(&scope.region_ids),
                    )
                    .select(seen.field(organizations::id))
                    .union_all(
                        seen.filter(seen.field(organizations::id).eq_any(&scope.ids))
                            .select(seen.field(organizations::id)),
                    )
                    .union_all(
                        association_members::table
                            .filter(association_members::association_id.eq_any(&scope.members_of))
                            .select(association_members::employer_id),
                    )
                    .union_all(
                        seen.filter(
                            seen.field(organizations::employer_id)
                                .assume_not_null()
                                .eq_any(&scope.unions_of_employers),
                        )
                        .filter(
                            seen.field(organizations::kind)
                                .eq($crate::organizations::kinds::OrganizationKind::Union),
                        )
                        .select(seen.field(organizations::id)),
                    )
                    .union_all(
                        association_members::table
                            .filter(
                                association_members::employer_id
                                    .eq_any(&scope.associations_of_employers),
                            )
                            .select(association_members::association_id),
                    );
                query.filter(organizations::id.eq_any(visible))
            }
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::kinds::Role;
    use crate::identity::viewer::{MemberOf, SignedIn};

    fn viewer_of(kind: OrganizationKind, employer_id: Option<i64>) -> Viewer {
        let membership = MemberOf {
            organization_id: 30,
            role: Role::Viewer,
            kind,
            region_id: 2,
            region_subtree: vec![2, 5],
            ancestors: vec![20, 10],
            employer_id,
            city_office: false,
            whole_city: false,
        };
        Viewer::User(Box::new(SignedIn {
            user_id: 1,
            login_name: "u".into(),
            session: String::new(),
            language: crate::identity::kinds::Language::ZhCn,
            memberships: vec![membership],
        }))
    }

    fn scope(viewer: &Viewer) -> OrgScope {
        match organizations(viewer) {
            OrgVisible::Scoped(scope) => scope,
            OrgVisible::Everything => panic!("everything"),
        }
    }

    #[test]
    fn an_office_sees_its_region_subtree_and_its_ancestors() {
        let s = scope(&viewer_of(OrganizationKind::TripartiteOffice, None));
        assert_eq!(s.region_ids, [2, 5]);
        assert_eq!(s.ids, [10, 20, 30]);
    }

    #[test]
    fn a_grassroots_union_sees_its_employer_not_its_region() {
        let s = scope(&viewer_of(OrganizationKind::Union, Some(99)));
        assert!(s.region_ids.is_empty());
        assert_eq!(s.ids, [10, 20, 30, 99]);
    }

    #[test]
    fn an_employer_sees_its_union_and_associations() {
        let s = scope(&viewer_of(OrganizationKind::Employer, None));
        assert_eq!(
            (s.unions_of_employers, s.associations_of_employers),
            (vec![30], vec![30])
        );
    }

    fn row(
        id: i64,
        kind: OrganizationKind,
        region_id: i64,
        employer_id: Option<i64>,
    ) -> OrganizationRow {
        let at = chrono::NaiveDateTime::default();
        OrganizationRow {
            id,
            kind,
            name: String::new(),
            region_id,
            parent_id: None,
            employer_id,
            version: 1,
            created_at: at,
            updated_at: at,
            city_office: false,
        }
    }

    #[test]
    fn a_row_shows_what_its_region_id_or_employer_proves() {
        let office = organizations(&viewer_of(OrganizationKind::TripartiteOffice, None));
        assert!(shows(
            &office,
            &row(77, OrganizationKind::Employer, 5, None)
        ));
        assert!(shows(&office, &row(20, OrganizationKind::Union, 9, None)));
        assert!(!shows(
            &office,
            &row(77, OrganizationKind::Employer, 9, None)
        ));
        let employer = organizations(&viewer_of(OrganizationKind::Employer, None));
        assert!(shows(
            &employer,
            &row(41, OrganizationKind::Union, 9, Some(30))
        ));
        assert!(!shows(
            &employer,
            &row(41, OrganizationKind::Employer, 9, Some(30))
        ));
        assert!(!shows(
            &employer,
            &row(41, OrganizationKind::Union, 9, Some(31))
        ));
        // An association's membership is the database's to tell.
        assert!(!shows(
            &employer,
            &row(50, OrganizationKind::EmployerAssociation, 9, None)
        ));
        assert!(shows(
            &OrgVisible::Everything,
            &row(1, OrganizationKind::Employer, 9, None)
        ));
        let anonymous = organizations(&Viewer::Anonymous);
        assert!(!shows(
            &anonymous,
            &row(1, OrganizationKind::Employer, 2, None)
        ));
    }

    #[test]
    fn anonymous_sees_nothing() {
        assert_eq!(
            organizations(&Viewer::Anonymous),
            OrgVisible::Scoped(OrgScope::default())
        );
        assert_eq!(regions(&Viewer::Anonymous), Visible::Only(vec![]));
    }
}
