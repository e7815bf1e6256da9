//! Who sees a campaign summary: the members of the tripartite offices
//! whose region subtree holds the district it reports on, that is, the
//! district office itself and the offices above it (the city office that
//! runs the campaign). Parties, associations, administrations and
//! federations do not: a summary is the offices' report to one another.

use crate::identity::Viewer;
use crate::organizations::kinds::OrganizationKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryVisible {
    Everything,
    /// Summaries of districts in these regions.
    Regions(Vec<i64>),
}

pub fn summaries(viewer: &Viewer) -> SummaryVisible {
    let user = match viewer {
        Viewer::System => return SummaryVisible::Everything,
        Viewer::Anonymous => return SummaryVisible::Regions(vec![]),
        Viewer::User(user) => user,
    };
    let mut regions: Vec<i64> = user
        .memberships
        .iter()
        .filter(|m| m.kind == OrganizationKind::TripartiteOffice)
        .flat_map(|m| m.region_subtree.iter().copied())
        .collect();
    regions.sort_unstable();
    regions.dedup();
    SummaryVisible::Regions(regions)
}

impl SummaryVisible {
    /// Whether a summary of `region_id` is seen.
    pub fn sees(&self, region_id: i64) -> bool {
        match self {
            SummaryVisible::Everything => true,
            SummaryVisible::Regions(regions) => regions.contains(&region_id),
        }
    }
}
