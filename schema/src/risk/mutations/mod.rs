//! Mutations of risk monitoring. Each change to a case or warning is a
//! [`Change`](crate::change::Change) run by the pipeline; its rule lives in
//! `risk::rules`.

pub mod cases;
pub mod related;
pub mod reminders;
pub mod reporting;
pub mod returns;
pub mod rules;
pub mod warnings;

/// Every mutation of the risk area.
#[derive(async_graphql::MergedObject, Default)]
pub struct RiskMutations(
    reporting::ReportingMutation,
    cases::CaseMutation,
    warnings::WarningMutation,
    rules::RiskRuleMutation,
    returns::ReturnMutation,
    reminders::ReminderMutation,
    related::RelatedMutation,
    crate::risk::checks::mutations::CheckMutation,
    crate::risk::bulletins::BulletinMutation,
    crate::risk::grades::GradeMutation,
);

/// Declares the payloads of case mutations.
macro_rules! risk_case_payload {
    ($($(#[$meta:meta])* $name:ident),* $(,)?) => {
        $crate::payloads!(
            risk_case: RiskCase($crate::risk::storage::RiskCaseRow),
            "The case as it is now; null when the input was refused.";
            $($(#[$meta])* $name),*
        );
    };
}
pub(crate) use risk_case_payload;
