//! Batched lookups for agreement lists: the employers each binds, its
//! current text, its latest review and its clocks, whatever the page size.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::storage::{self, ReviewRow, VersionRow};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::loaders::ClockKey;
use crate::graphql::errors::ApiError;
use crate::graphql::ids::NodeType;
use crate::organizations::loaders::Store;

/// The employers an agreement binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BoundEmployersKey(pub i64);

/// A version of an agreement's text: (agreement, number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VersionKey(pub i64, pub i32);

/// The latest filing (and its review) of an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LatestReviewKey(pub i64);

/// The latest clock of `kind` of an agreement.
pub fn clock(agreement_id: i64, kind: DeadlineKind) -> ClockKey {
    ClockKey {
        subject: NodeType::Agreement,
        kind,
        id: agreement_id,
    }
}

impl Loader<BoundEmployersKey> for Store {
    type Value = Vec<i64>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[BoundEmployersKey],
    ) -> Result<HashMap<BoundEmployersKey, Vec<i64>>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let mut found: HashMap<BoundEmployersKey, Vec<i64>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for (agreement, employer) in
            storage::bound_employers(&mut self.0.get().await?.conn(), &ids).await?
        {
            found
                .entry(BoundEmployersKey(agreement))
                .or_default()
                .push(employer);
        }
        Ok(found)
    }
}

impl Loader<VersionKey> for Store {
    type Value = VersionRow;
    type Error = ApiError;

    async fn load(&self, keys: &[VersionKey]) -> Result<HashMap<VersionKey, VersionRow>, ApiError> {
        let wanted: Vec<(i64, i32)> = keys.iter().map(|k| (k.0, k.1)).collect();
        let rows = storage::current_versions(&mut self.0.get().await?.conn(), &wanted).await?;
        Ok(rows
            .into_iter()
            .map(|row| (VersionKey(row.agreement_id, row.number), row))
            .collect())
    }
}

impl Loader<LatestReviewKey> for Store {
    type Value = ReviewRow;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[LatestReviewKey],
    ) -> Result<HashMap<LatestReviewKey, ReviewRow>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let rows = storage::reviews_of(&mut self.0.get().await?.conn(), &ids).await?;
        // Ordered by id: the last one of each agreement wins.
        Ok(rows
            .into_iter()
            .map(|row| (LatestReviewKey(row.agreement_id), row))
            .collect())
    }
}

crate::seen_by_id!(
    /// An agreement by id, if the viewer may see it.
    SeenAgreement,
    super::storage::AgreementRow,
    super::visibility::AgreementVisible,
    storage::agreements_by_ids
);
