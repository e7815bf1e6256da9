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
        let rows = storage::campaigns_by_ids(&mut self.0.get().await?.conn(), &ids).await?;
        Ok(rows
            .into_iter()
            .map(|row| (CampaignKey(row.id), row))
            .collect())
    }
}

/// A loader of the rows of each offer: every key gets an answer, empty for
/// an offer without rows, in the order storage gives them.
macro_rules! rows_of_offer {
    ($(#[$doc:meta])* $key:ident, $row:ty, $load:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub i64);

        impl Loader<$key> for Store {
            type Value = Vec<$row>;
            type Error = ApiError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Vec<$row>>, ApiError> {
                let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
                let rows = $load(&mut self.0.get().await?.conn(), &ids).await?;
                let mut found: HashMap<$key, Vec<$row>> =
                    keys.iter().map(|k| (*k, Vec::new())).collect();
                for row in rows {
                    found.entry($key(row.offer_id)).or_default().push(row);
                }
                Ok(found)
            }
        }
    };
}

rows_of_offer!(
    /// The representatives both sides named for an offer.
    RepresentativesOf,
    RepresentativeRow,
    storage::representatives_of
);
rows_of_offer!(
    /// The sessions of an offer's negotiation.
    SessionsOf,
    SessionRow,
    storage::sessions_of
);
rows_of_offer!(
    /// The coordination requests of an offer's negotiation.
    DisputesOf,
    DisputeRow,
    storage::disputes_of
);
