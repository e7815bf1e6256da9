//! A campaign's progress: offers issued, answered, accepted, declined,
//! overdue and concluded, by category and by district.

use std::collections::{BTreeMap, HashSet};

use super::kinds::{OfferCategory, OfferStatus};
use super::storage::OfferRow;

/// The counts of one group of offers.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    async_graphql::SimpleObject,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct ProgressCounts {
    /// Offers sent to the other side.
    pub issued: i64,
    /// Offers answered in writing, either way.
    pub answered: i64,
    /// Offers the other side agreed to bargain on.
    pub accepted: i64,
    /// Offers the other side refused.
    pub declined: i64,
    /// Offers whose 20-day reply period ran out unanswered.
    pub overdue: i64,
    /// Negotiations that ended with an outcome.
    pub concluded: i64,
}

impl ProgressCounts {
    fn add(&mut self, offer: &OfferRow, overdue: bool) {
        let issued = offer.issued_at.is_some();
        self.issued += i64::from(issued);
        self.answered += i64::from(offer.answered_at.is_some());
        self.accepted +=
            i64::from(offer.answered_at.is_some() && offer.status != OfferStatus::Declined);
        self.declined += i64::from(offer.status == OfferStatus::Declined);
        self.overdue += i64::from(overdue);
        self.concluded += i64::from(offer.status == OfferStatus::Concluded);
    }
}

/// The counts of a campaign's offers: in all, by category, by region.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub total: ProgressCounts,
    pub by_category: BTreeMap<OfferCategory, ProgressCounts>,
    pub by_region: BTreeMap<i64, ProgressCounts>,
}

pub fn progress(offers: &[OfferRow], overdue: &HashSet<i64>) -> Progress {
    let mut progress = Progress::default();
    for offer in offers {
        let late = overdue.contains(&offer.id);
        progress.total.add(offer, late);
        progress
            .by_category
            .entry(offer.category)
            .or_default()
            .add(offer, late);
        progress
            .by_region
            .entry(offer.region_id)
            .or_default()
            .add(offer, late);
    }
    progress
}
