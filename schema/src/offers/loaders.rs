//! Batched lookups for offer lists: the campaign and the reply deadline of
//! each offer, whatever the page size.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::rules::OFFER_REPLY;
use super::storage::{self, CampaignRow};
use crate::deadlines::storage::{DeadlineRow, latest_for_subjects};
use crate::graphql::errors::ApiError;
use crate::graphql::ids::NodeType;
use crate::organizations::loaders::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CampaignKey(pub i64);

/// The latest reply deadline of an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReplyDeadlineKey(pub i64);

impl Loader<CampaignKey> for Store {
    type Value = CampaignRow;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[CampaignKey],
    ) -> Result<HashMap<CampaignKey, CampaignRow>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let rows = storage::campaigns_by_ids(&mut self.0.get().await?.conn(), &ids).await?;
        Ok(rows
            .into_iter()
            .map(|row| (CampaignKey(row.id), row))
            .collect())
    }
}

/// Every key gets an answer, `None` for an offer without a reply clock
/// (a draft), so that a cached page never goes back for the missing ones.
impl Loader<ReplyDeadlineKey> for Store {
    type Value = Option<DeadlineRow>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[ReplyDeadlineKey],
    ) -> Result<HashMap<ReplyDeadlineKey, Option<DeadlineRow>>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let mut pooled = self.0.get().await?;
        let rows =
            latest_for_subjects(&mut pooled.conn(), NodeType::Offer, OFFER_REPLY.0, &ids).await?;
        let mut found: HashMap<ReplyDeadlineKey, Option<DeadlineRow>> =
            keys.iter().map(|k| (*k, None)).collect();
        for row in rows {
            found.insert(ReplyDeadlineKey(row.subject_id), Some(row));
        }
        Ok(found)
    }
}
