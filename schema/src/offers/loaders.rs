//! Batched lookups for offer lists: the campaign, the reply deadline, the
//! representatives, sessions and disputes of each offer, whatever the page
//! size.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::rules::OFFER_REPLY;
use super::storage::{self, CampaignRow, DisputeRow, RepresentativeRow, SessionRow};
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
        let read = |ids: Vec<i64>| async move {
            Ok(storage::campaigns_by_ids(&mut self.0.get().await?.conn(), &ids).await?)
        };
        let viewers = &self.1.viewers;
        let rows = viewers
            .by_id(&viewers.campaigns, &ids, |row| row.id, read)
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| (CampaignKey(row.id), row))
            .collect())
    }
}

crate::rows_of!(
    /// The representatives both sides named for an offer.
    RepresentativesOf,
    RepresentativeRow.offer_id,
    storage::representatives_of
);
crate::rows_of!(
    /// The sessions of an offer's negotiation.
    SessionsOf,
    SessionRow.offer_id,
    storage::sessions_of
);
crate::rows_of!(
    /// The coordination requests of an offer's negotiation.
    DisputesOf,
    DisputeRow.offer_id,
    storage::disputes_of
);

crate::seen_by_id!(
    /// An offer by id, if the viewer may see it.
    SeenOffer,
    super::storage::OfferRow,
    super::visibility::OfferVisible,
    storage::offers_by_ids
);
