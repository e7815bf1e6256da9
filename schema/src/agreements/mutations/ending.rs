//! A contract in force: its publication and its early end.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};

use super::agreement_payload;
use crate::agreements::kinds::TerminationGround;
use crate::agreements::objects::Agreement;
use crate::agreements::rules::ending as rules;
use crate::agreements::storage::AgreementRow;
use crate::change::{Act, Actor, Change, Ruling, run};
use crate::db::stored;
use crate::graphql::errors::ApiResult;
use crate::graphql::text;

agreement_payload!(
    /// Result of `recordAgreementPublication`.
    RecordPublicationPayload,
    /// Result of `terminateAgreement`.
    TerminateAgreementPayload,
);

/// Input of `recordAgreementPublication`.
#[derive(InputObject)]
pub struct RecordPublicationInput {
    /// The agreement.
    pub id: ID,
    /// The version the record is based on.
    pub expected_version: i32,
    /// When it was published; not before it took effect, not in the future.
    pub published_at: DateTime<Utc>,
    /// How, e.g. `公告栏张贴并印发全体职工`.
    pub method: String,
}

/// Input of `terminateAgreement`.
#[derive(InputObject)]
pub struct TerminateAgreementInput {
    /// The agreement.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// The ground (CCP Arts. 39–40).
    pub ground: TerminationGround,
    /// What happened.
    pub note: String,
}

crate::input!(RecordPublicationInput => AgreementRow {
    id: id, version: expected_version,
    who: |_, _| Actor::EitherParty
});

impl Change<AgreementRow> for RecordPublicationInput {
    type Facts = ();
    fn decide(&self, agreement: &AgreementRow, _: &(), act: &Act) -> Ruling<AgreementRow> {
        let method = text::required(&["method"], &self.method, 200).map_err(|e| vec![e])?;
        rules::publish(agreement, stored(self.published_at), method, act.now)
    }
}

crate::input!(TerminateAgreementInput => AgreementRow {
    id: id, version: expected_version,
    who: |_, _| Actor::EitherParty
});

impl Change<AgreementRow> for TerminateAgreementInput {
    type Facts = ();
    fn decide(&self, agreement: &AgreementRow, _: &(), act: &Act) -> Ruling<AgreementRow> {
        let note = text::required(&["note"], &self.note, 2_000).map_err(|e| vec![e])?;
        rules::terminate(agreement, self.ground, note, act.now)
    }
}

/// Mutations of a contract in force.
#[derive(Default)]
pub struct EndingMutation;

#[Object]
impl EndingMutation {
    /// Records that a contract in force was published to the workers (CCP Art. 48). For either party.
    async fn record_agreement_publication(
        &self,
        ctx: &Context<'_>,
        input: RecordPublicationInput,
    ) -> ApiResult<RecordPublicationPayload> {
        RecordPublicationPayload::from_outcome(run(ctx, input).await)
    }

    /// Ends a contract in force early, on a ground of CCP Arts. 39–40. For either party.
    async fn terminate_agreement(
        &self,
        ctx: &Context<'_>,
        input: TerminateAgreementInput,
    ) -> ApiResult<TerminateAgreementPayload> {
        TerminateAgreementPayload::from_outcome(run(ctx, input).await)
    }
}
