//! Who sees an offer and everything under it: its two parties; the offices,
//! labour administrations and union federations whose region subtree holds
//! the employer (a federation's unions are in its region).

use crate::identity::Viewer;
use crate::identity::viewer::overseen_regions;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferVisible {
    Everything,
    Scoped {
        /// Offers these organizations are party to.
        parties: Vec<i64>,
        /// Offers with an employer in these regions.
        region_ids: Vec<i64>,
    },
}

pub fn offers(viewer: &Viewer) -> OfferVisible {
    let user = match viewer {
        Viewer::System => return OfferVisible::Everything,
        Viewer::Anonymous => {
            return OfferVisible::Scoped {
                parties: vec![],
                region_ids: vec![],
            };
        }
        Viewer::User(user) => user,
    };
    OfferVisible::Scoped {
        parties: user.memberships.iter().map(|m| m.organization_id).collect(),
        region_ids: overseen_regions(&user.memberships),
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
            } => query.filter(
                offers::issuing_organization_id
                    .eq_any(parties)
                    .or(offers::receiving_organization_id.eq_any(parties))
                    .or(offers::region_id.eq_any(region_ids)),
            ),
        }
    }};
}
