//! Batched lookups for the risk ledger: the items, reports, forms and
//! follow-ups of each case, and its clocks, whatever the page size.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::kinds::MonitoredItem;
use super::storage::{
    self, CreditReminderRow, FollowUpRow, LinkRow, QuickReportRow, RiskCaseRow, RiskFormRow,
    UpwardReportRow,
};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::loaders::ClockKey;
use crate::graphql::errors::ApiError;
use crate::graphql::ids::NodeType;
use crate::organizations::loaders::Store;

/// A clock of a case.
pub fn case_clock(case_id: i64, kind: DeadlineKind) -> ClockKey {
    ClockKey {
        subject: NodeType::RiskCase,
        kind,
        id: case_id,
    }
}

/// The monitored items of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemsOf(pub i64);

impl Loader<ItemsOf> for Store {
    type Value = Vec<MonitoredItem>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[ItemsOf],
    ) -> Result<HashMap<ItemsOf, Vec<MonitoredItem>>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let rows = storage::items_of(&mut self.0.get().await?.conn(), &ids).await?;
        let mut found: HashMap<ItemsOf, Vec<MonitoredItem>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for (case, item) in rows {
            found.entry(ItemsOf(case)).or_default().push(item);
        }
        Ok(found)
    }
}

crate::rows_of!(
    /// The quick reports of a case.
    ReportsOf,
    QuickReportRow.case_id,
    storage::reports_of
);
crate::rows_of!(
    /// The information forms of a case.
    FormsOf,
    RiskFormRow.case_id,
    storage::forms_of
);
crate::rows_of!(
    /// The credit reminders of a case.
    RemindersOf,
    CreditReminderRow.case_id,
    storage::reminders_of
);
crate::rows_of!(
    /// The follow-ups and referrals of a case.
    FollowUpsOf,
    FollowUpRow.case_id,
    storage::follow_ups_of
);

crate::rows_of!(
    /// The reports upward of a case.
    UpwardOf,
    UpwardReportRow.case_id?,
    storage::upward_of_cases
);
crate::rows_of!(
    /// A case's links to offers and agreements.
    LinksOf,
    LinkRow.case_id,
    storage::links_of
);
crate::rows_of!(
    /// The cases merged into a case.
    MergedInto,
    RiskCaseRow.merged_into_id?,
    storage::merged_into
);
