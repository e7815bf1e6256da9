//! Batched lookups for offer lists: the campaign and the reply deadline of
//! each offer, whatever the page size.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::rules::OFFER_REPLY;
use super::storage::{self, CampaignRow};
use crate::deadlines::loaders::ClockKey;
use crate::graphql::errors::ApiError;
use crate::graphql::ids::NodeType;
use crate::organizations::loaders::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CampaignKey(pub i64);

/// The reply deadline of an offer.
pub fn reply_deadline(offer_id: i64) -> ClockKey {
    ClockKey {
        subject: NodeType::Offer,
        kind: OFFER_REPLY.kind,
        id: offer_id,
    }
}

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
