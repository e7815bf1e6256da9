//! Who sees an evaluation, a guide and a title.
//!
//! An evaluation: its employer and the employer's grassroots union, drafts
//! too; once submitted, also the associations the employer belongs to and
//! the offices, administrations and federations whose region subtree holds
//! it. The associations see its status, total and grade; the scores,
//! evidence notes and surveys are the employer's, its union's and the
//! bodies' over it. A guide: its published and superseded editions, every
//! signed-in user; its drafts, the city office. A title: every signed-in
//! user (titles are named in public documents).

use crate::identity::Viewer;
use crate::identity::viewer::{
    associations_of, employers_of, overseen_regions, oversees_whole_city,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvaluationVisible {
    /// The system (the scheduler, the demo): every evaluation, drafts too.
    Everything,
    Scoped {
        /// Evaluations of these employers, drafts too: the viewer's own, or its union's.
        employers: Vec<i64>,
        /// Submitted evaluations of the members of these associations.
        associations: Vec<i64>,
        /// Submitted evaluations of employers in these regions.
        region_ids: Vec<i64>,
        /// Every submitted evaluation (a body over the whole city).
        whole_city: bool,
    },
}

impl EvaluationVisible {
    /// Whether the viewer sees the scores, notes and surveys of an
    /// evaluation of `employer_id` in `region_id`: not an association.
    pub fn details(&self, employer_id: i64, region_id: i64) -> bool {
        match self {
            EvaluationVisible::Everything => true,
            EvaluationVisible::Scoped {
                employers,
                region_ids,
                whole_city,
                ..
            } => *whole_city || employers.contains(&employer_id) || region_ids.contains(&region_id),
        }
    }
}

pub fn evaluations(viewer: &Viewer) -> EvaluationVisible {
    let memberships = match viewer {
        Viewer::System => return EvaluationVisible::Everything,
        Viewer::Anonymous => &[][..],
        Viewer::User(user) => &user.memberships[..],
    };
    EvaluationVisible::Scoped {
        employers: employers_of(memberships),
        associations: associations_of(memberships),
        region_ids: overseen_regions(memberships),
        whole_city: oversees_whole_city(memberships),
    }
}

/// Whether `viewer` sees draft editions of guides: the city office.
pub fn sees_draft_guides(viewer: &Viewer) -> bool {
    match viewer {
        Viewer::System => true,
        Viewer::Anonymous => false,
        Viewer::User(user) => user.memberships.iter().any(|m| m.is_city_office()),
    }
}

/// Narrows a boxed query on `bargaining_evaluations` to what `$visible` allows.
#[macro_export]
macro_rules! visible_evaluations {
    ($query:expr, $visible:expr) => {{
        use $crate::db::tables::{association_members, bargaining_evaluations as e};
        use $crate::evaluation::kinds::EvaluationStatus;
        use $crate::evaluation::visibility::EvaluationVisible;
        let query = $query;
        match $visible {
            EvaluationVisible::Everything => query,
            EvaluationVisible::Scoped {
                employers,
                associations,
                region_ids,
                whole_city,
            } => {
                let members = association_members::table
                    .filter(association_members::association_id.eq_any(associations))
                    .select(association_members::employer_id);
                let submitted = e::status.ne(EvaluationStatus::Draft);
                if *whole_city {
                    query.filter(e::employer_id.eq_any(employers).or(submitted))
                } else {
                    query.filter(
                        e::employer_id.eq_any(employers).or(submitted.and(
                            e::region_id
                                .eq_any(region_ids)
                                .or(e::employer_id.eq_any(members)),
                        )),
                    )
                }
            }
        }
    }};
}
