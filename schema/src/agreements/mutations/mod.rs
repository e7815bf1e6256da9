//! Mutations of agreements. Each change to an agreement is a
//! [`Change`](crate::change::Change) run by the pipeline; its rule lives in
//! `agreements::rules`. Drafting a new agreement or its renewal, and a
//! comment, create records and are written by hand.

pub mod drafts;
pub mod ending;
pub mod filing;
pub mod settings;
pub mod sides;
pub mod signing;
pub mod text;

/// Every mutation of the agreements area.
#[derive(async_graphql::MergedObject, Default)]
pub struct AgreementMutations(
    drafts::DraftsMutation,
    text::TextMutation,
    signing::SigningMutation,
    filing::FilingMutation,
    ending::EndingMutation,
    settings::SettingsMutation,
);

/// Declares the payloads of agreement mutations.
macro_rules! agreement_payload {
    ($($(#[$meta:meta])* $name:ident),* $(,)?) => {
        $crate::payloads!(
            agreement: Agreement($crate::agreements::storage::AgreementRow),
            "The agreement as it is now; null when the input was refused.";
            $($(#[$meta])* $name),*
        );
    };
}
pub(crate) use agreement_payload;
