//! Who sees a layoff plan, and who sees its list of names.
//!
//! A draft is the employer's alone. From the explanation on, the plan is
//! seen by the employer, its union (and the workers' side acting for it),
//! and the tripartite offices, labour administrations and union
//! federations whose region holds the employer; never by associations or
//! other districts. The list of names (personal data: identity numbers,
//! wages, health facts) is seen by the employer, by its union, and by the
//! labour administration the plan is reported to; identity numbers are
//! shown whole to the employer only.

use crate::identity::Viewer;
use crate::identity::viewer::overseen_regions;
use crate::layoffs::kinds::LayoffStatus;
use crate::organizations::kinds::OrganizationKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoffVisible {
    /// The system (the scheduler): every plan.
    Everything,
    Scoped {
        /// The employers the viewer is an officer of: their plans, drafts too.
        own: Vec<i64>,
        /// The employers whose union the viewer belongs to.
        unions: Vec<i64>,
        /// Plans of employers in these regions (offices, administrations, federations).
        region_ids: Vec<i64>,
        /// The organizations the viewer belongs to (a receiving administration).
        organizations: Vec<i64>,
    },
}

/// How much of the list of names a viewer sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAccess {
    /// Everything, identity numbers whole: the employer.
    Full,
    /// Everything but the identity numbers, which are masked.
    Masked,
    /// Nothing of the list: counts only.
    Hidden,
}

impl LayoffVisible {
    /// What the viewer sees of the list of the plan of `employer_id` in
    /// `status`, reported to `reported_to` if it was.
    pub fn list(
        &self,
        employer_id: i64,
        status: LayoffStatus,
        reported_to: Option<i64>,
    ) -> ListAccess {
        match self {
            LayoffVisible::Everything => ListAccess::Full,
            LayoffVisible::Scoped {
                own,
                unions,
                organizations,
                ..
            } => {
                if own.contains(&employer_id) {
                    ListAccess::Full
                } else if status != LayoffStatus::Draft && unions.contains(&employer_id)
                    || reported_to.is_some_and(|to| organizations.contains(&to))
                {
                    ListAccess::Masked
                } else {
                    ListAccess::Hidden
                }
            }
        }
    }
}

pub fn layoffs(viewer: &Viewer) -> LayoffVisible {
    let user = match viewer {
        Viewer::System => return LayoffVisible::Everything,
        Viewer::Anonymous => {
            return LayoffVisible::Scoped {
                own: vec![],
                unions: vec![],
                region_ids: vec![],
                organizations: vec![],
            };
        }
        Viewer::User(user) => user,
    };
    let memberships = &user.memberships;
    let own = memberships
        .iter()
        .filter(|m| m.kind == OrganizationKind::Employer)
        .map(|m| m.organization_id)
        .collect();
    let unions = memberships
        .iter()
        .filter(|m| m.kind == OrganizationKind::Union)
        .filter_map(|m| m.employer_id)
        .collect();
    LayoffVisible::Scoped {
        own,
        unions,
        region_ids: overseen_regions(memberships),
        organizations: memberships.iter().map(|m| m.organization_id).collect(),
    }
}

/// Masks an identity number but for its first 6 and last 4 characters
/// (the region of issue and the check digits), as 220102********123X.
pub fn mask_id_number(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    let (head, rest) = chars.split_at(6);
    let (middle, tail) = rest.split_at(rest.len() - 4);
    head.iter()
        .chain(std::iter::repeat_n(&'*', middle.len()))
        .chain(tail)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::kinds::Role;
    use crate::identity::viewer::{MemberOf, SignedIn};

    fn viewer(organization_id: i64, kind: OrganizationKind, employer_id: Option<i64>) -> Viewer {
        Viewer::User(Box::new(SignedIn {
            user_id: 7,
            login_name: "u".into(),
            session: String::new(),
            language: crate::identity::kinds::Language::ZhCn,
            memberships: vec![MemberOf {
                organization_id,
                role: Role::Officer,
                kind,
                region_id: 2,
                region_subtree: vec![2, 3],
                ancestors: vec![],
                employer_id,
                city_office: false,
                whole_city: false,
            }],
        }))
    }

    #[test]
    fn the_list_is_the_employers_its_unions_and_the_receiving_administrations() {
        use LayoffStatus::*;
        let employer = layoffs(&viewer(10, OrganizationKind::Employer, None));
        assert_eq!(employer.list(10, Draft, None), ListAccess::Full);
        assert_eq!(employer.list(11, Reported, Some(30)), ListAccess::Hidden);
        let union = layoffs(&viewer(20, OrganizationKind::Union, Some(10)));
        assert_eq!(union.list(10, Draft, None), ListAccess::Hidden);
        assert_eq!(union.list(10, Explained, None), ListAccess::Masked);
        let administration = layoffs(&viewer(30, OrganizationKind::LabourAdministration, None));
        assert_eq!(administration.list(10, Answered, None), ListAccess::Hidden);
        assert_eq!(
            administration.list(10, Reported, Some(30)),
            ListAccess::Masked
        );
        assert_eq!(
            administration.list(10, Reported, Some(31)),
            ListAccess::Hidden
        );
        let office = layoffs(&viewer(40, OrganizationKind::TripartiteOffice, None));
        assert_eq!(office.list(10, Reported, Some(30)), ListAccess::Hidden);
        let federation = layoffs(&viewer(50, OrganizationKind::Union, None));
        assert_eq!(federation.list(10, Reported, Some(30)), ListAccess::Hidden);
    }

    #[test]
    fn an_identity_number_is_masked_but_for_its_region_and_check_digits() {
        assert_eq!(mask_id_number("22010219800101123X"), "220102********123X");
        assert_eq!(mask_id_number("123"), "***");
    }
}
