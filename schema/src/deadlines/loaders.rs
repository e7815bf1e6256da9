//! Batched lookups of the clocks of listed objects: one statement per kind
//! of clock, whatever the page size.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::kinds::DeadlineKind;
use super::storage::{DeadlineRow, confirmed_years, latest_for_subjects};
use crate::graphql::errors::ApiError;
use crate::graphql::ids::NodeType;
use crate::organizations::loaders::Store;

/// The latest clock of `kind` running for a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClockKey {
    pub subject: NodeType,
    pub kind: DeadlineKind,
    pub id: i64,
}

/// Every key gets an answer, `None` for a subject without such a clock, so
/// that a cached page never goes back for the missing ones.
impl Loader<ClockKey> for Store {
    type Value = Option<DeadlineRow>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[ClockKey],
    ) -> Result<HashMap<ClockKey, Option<DeadlineRow>>, ApiError> {
        let mut found: HashMap<ClockKey, Option<DeadlineRow>> =
            keys.iter().map(|k| (*k, None)).collect();
        let mut groups: Vec<(NodeType, DeadlineKind)> =
            keys.iter().map(|k| (k.subject, k.kind)).collect();
        groups.sort_by_key(|(subject, kind)| (subject.prefix(), *kind));
        groups.dedup();
        let mut pooled = self.0.get().await?;
        for (subject, kind) in groups {
            let ids: Vec<i64> = keys
                .iter()
                .filter(|k| k.subject == subject && k.kind == kind)
                .map(|k| k.id)
                .collect();
            for row in latest_for_subjects(&mut pooled.conn(), subject, kind, &ids).await? {
                let key = ClockKey {
                    subject,
                    kind,
                    id: row.subject_id,
                };
                found.insert(key, Some(row));
            }
        }
        Ok(found)
    }
}

/// A year, asking whether its State Council holiday notice is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NoticeYear(pub i32);

impl Loader<NoticeYear> for Store {
    type Value = bool;
    type Error = ApiError;

    async fn load(&self, keys: &[NoticeYear]) -> Result<HashMap<NoticeYear, bool>, ApiError> {
        let mut pooled = self.0.get().await?;
        let confirmed = confirmed_years(&mut pooled.conn()).await?;
        Ok(keys
            .iter()
            .map(|k| (*k, confirmed.contains(&k.0)))
            .collect())
    }
}
