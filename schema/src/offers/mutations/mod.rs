//! Mutations of campaigns, offers, negotiations and disputes. Each change
//! to an offer is a [`Change`](crate::change::Change) run by the pipeline;
//! its rule lives in `offers::rules`.

pub mod answering;
pub mod bargaining;
pub mod campaigns;
pub mod disputes;
pub mod drafting;
pub mod sessions;

/// Every mutation of the offers area.
#[derive(async_graphql::MergedObject, Default)]
pub struct OfferMutations(
    campaigns::CampaignMutation,
    drafting::DraftingMutation,
    answering::AnsweringMutation,
    bargaining::BargainingMutation,
    sessions::SessionMutation,
    disputes::DisputeMutation,
);

/// Declares the payloads of offer mutations.
macro_rules! offer_payload {
    ($($(#[$meta:meta])* $name:ident),* $(,)?) => {
        $crate::payloads!(
            offer: Offer($crate::offers::storage::OfferRow),
            "The offer as it is now; null when the input was refused.";
            $($(#[$meta])* $name),*
        );
    };
}
pub(crate) use offer_payload;
