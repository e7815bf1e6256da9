//! Who sees a risk case and a warning. A case: its employer and the
//! employer's grassroots union; the associations the employer belongs to;
//! and the tripartite offices, labour administrations and union federations
//! whose region subtree holds the employer. Only the last see the office's
//! analysis (the information forms, follow-ups, referrals and reports
//! upward); the others see the reports, the status and the level. A
//! warning: the offices, administrations and federations over a region it
//! covers.

use crate::identity::Viewer;
use crate::identity::viewer::{
    associations_of, employers_of, overseen_regions, oversees_whole_city,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RiskVisible {
    Everything,
    Scoped {
        /// Cases of these employers: the viewer's own, or its union's.
        employers: Vec<i64>,
        /// Cases of the members of these associations.
        associations: Vec<i64>,
        /// Cases of employers in these regions, with the office's analysis.
        region_ids: Vec<i64>,
    },
}

impl RiskVisible {
    /// Whether the viewer sees the office's analysis of a case whose
    /// employer is in `region_id`.
    pub fn analysis(&self, region_id: i64) -> bool {
        match self {
            RiskVisible::Everything => true,
            RiskVisible::Scoped { region_ids, .. } => region_ids.contains(&region_id),
        }
    }

    /// Whether the viewer sees what concerns the conduct of the employer
    /// `employer_id` in `region_id` (its credit reminders, its returns): the
    /// employer and its union, and the bodies over it; not its associations.
    pub fn conduct(&self, employer_id: i64, region_id: i64) -> bool {
        match self {
            RiskVisible::Everything => true,
            RiskVisible::Scoped {
                employers,
                region_ids,
                ..
            } => employers.contains(&employer_id) || region_ids.contains(&region_id),
        }
    }

    /// The regions whose warnings the viewer sees; `None` for all.
    pub fn warning_regions(&self) -> Option<&[i64]> {
        match self {
            RiskVisible::Everything => None,
            RiskVisible::Scoped { region_ids, .. } => Some(region_ids),
        }
    }
}

pub fn risk(viewer: &Viewer) -> RiskVisible {
    let user = match viewer {
        Viewer::System => return RiskVisible::Everything,
        Viewer::Anonymous => {
            return RiskVisible::Scoped {
                employers: vec![],
                associations: vec![],
                region_ids: vec![],
            };
        }
        Viewer::User(user) => user,
    };
    let memberships = &user.memberships;
    if oversees_whole_city(memberships) {
        return RiskVisible::Everything;
    }
    let employers = employers_of(memberships);
    let associations = associations_of(memberships);
    RiskVisible::Scoped {
        employers,
        associations,
        region_ids: overseen_regions(memberships),
    }
}

/// Narrows a boxed query on `risk_cases` to what `$visible` allows.
#[macro_export]
macro_rules! visible_risk_cases {
    ($query:expr, $visible:expr) => {{
        use $crate::db::tables::{association_members, risk_cases};
        let query = $query;
        match $visible {
            $crate::risk::visibility::RiskVisible::Everything => query,
            $crate::risk::visibility::RiskVisible::Scoped {
                employers,
                associations,
                region_ids,
            } => {
                let members = association_members::table
                    .filter(association_members::association_id.eq_any(associations))
                    .select(association_members::employer_id);
                query.filter(
                    risk_cases::employer_id
                        .eq_any(employers)
                        .or(risk_cases::region_id.eq_any(region_ids))
                        .or(risk_cases::employer_id.eq_any(members)),
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

    fn viewer(kind: OrganizationKind, employer_id: Option<i64>, whole_city: bool) -> Viewer {
        Viewer::User(Box::new(SignedIn {
            user_id: 7,
            login_name: "u".into(),
            session: String::new(),
            language: crate::identity::kinds::Language::ZhCn,
            memberships: vec![MemberOf {
                organization_id: 10,
                role: Role::Officer,
                kind,
                region_id: 2,
                region_subtree: vec![2, 3],
                ancestors: vec![],
                employer_id,
                city_office: false,
                whole_city,
            }],
        }))
    }

    #[test]
    fn an_employer_and_its_union_see_its_cases_without_the_analysis() {
        for (kind, employer) in [(Employer, None), (Union, Some(10))] {
            let visible = risk(&viewer(kind, employer, false));
            let RiskVisible::Scoped {
                employers,
                region_ids,
                ..
            } = &visible
            else {
                panic!("scoped");
            };
            assert_eq!(employers, &[10]);
            assert!(region_ids.is_empty(), "{kind:?} oversees no region");
            assert!(!visible.analysis(2));
        }
    }

    #[test]
    fn a_district_office_sees_the_analysis_of_its_regions_only() {
        let district = risk(&viewer(TripartiteOffice, None, false));
        assert!(district.analysis(3));
        assert!(!district.analysis(4));
        assert_eq!(district.warning_regions(), Some(&[2, 3][..]));
        let federation = risk(&viewer(Union, None, false));
        assert!(federation.analysis(2), "a federation takes part");
        assert_eq!(
            risk(&viewer(TripartiteOffice, None, true)),
            RiskVisible::Everything
        );
        let association = risk(&viewer(EmployerAssociation, None, true));
        assert!(!association.analysis(2), "an association is no overseer");
        let RiskVisible::Scoped { associations, .. } = association else {
            panic!("scoped");
        };
        assert_eq!(associations, [10]);
    }
}
