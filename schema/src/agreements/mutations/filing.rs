//! Filing with the labour administration and its review.

use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::agreement_payload;
use crate::agreements::facts::Reviewing;
use crate::agreements::objects::Agreement;
use crate::agreements::rules::filing::{self as rules, Filing, Verdict};
use crate::agreements::storage::AgreementRow;
use crate::change::{Act, Actor, Change, Env, Ruling, Side, run};
use crate::graphql::errors::{ApiResult, TxError};
use crate::graphql::text;

agreement_payload!(
    /// Result of `fileAgreement`.
    FileAgreementPayload,
    /// Result of `reviewAgreement`.
    ReviewAgreementPayload,
);

/// Input of `fileAgreement`.
#[derive(InputObject)]
pub struct FileAgreementInput {
    /// The agreement.
    pub id: ID,
    /// The version the filing is based on.
    pub expected_version: i32,
    /// Why it is filed after the filing deadline; required then.
    pub late_explanation: Option<String>,
}

/// The labour administration's decision.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ReviewDecision {
    /// No objection: it takes effect now.
    Approve,
    /// An objection (审查意见书): the parties renegotiate and refile.
    Object,
}

/// Input of `reviewAgreement`.
#[derive(InputObject)]
pub struct ReviewAgreementInput {
    /// The agreement.
    pub id: ID,
    /// The version the decision is based on.
    pub expected_version: i32,
    /// Approve or object.
    pub decision: ReviewDecision,
    /// The text of the 审查意见书; required to object.
    pub opinion: Option<String>,
}

crate::input!(FileAgreementInput => AgreementRow {
    id: id, version: expected_version,
    who: |_, _| Actor::Side(Side::Employer)
});

impl Change<AgreementRow> for FileAgreementInput {
    type Facts = Filing;
    fn decide(&self, agreement: &AgreementRow, filing: &Filing, act: &Act) -> Ruling<AgreementRow> {
        rules::file(agreement, filing, self.late_explanation.as_deref(), act.now)
    }
}

crate::input!(ReviewAgreementInput => AgreementRow {
    id: id, version: expected_version,
    who: |_, _| Actor::Overseer
});

impl Change<AgreementRow> for ReviewAgreementInput {
    type Facts = Reviewing;
    fn decide(
        &self,
        agreement: &AgreementRow,
        facts: &Reviewing,
        act: &Act,
    ) -> Ruling<AgreementRow> {
        let verdict = match self.decision {
            ReviewDecision::Approve => Verdict::Approve,
            ReviewDecision::Object => Verdict::Object(
                text::required(
                    &["opinion"],
                    self.opinion.as_deref().unwrap_or_default(),
                    20_000,
                )
                .map_err(|e| vec![e])?,
            ),
        };
        rules::review(
            agreement,
            verdict,
            &facts.reviewer_name,
            facts.periods,
            act.now,
        )
    }

    /// A renewal that takes effect retires its predecessor.
    async fn then(
        &self,
        conn: &mut crate::db::Conn<'_>,
        agreement: &AgreementRow,
        act: &Act,
        env: &Env<'_>,
    ) -> Result<(), TxError> {
        crate::agreements::transitions::retire_predecessor(conn, agreement, act.acting, env).await
    }
}

/// Mutations of filing and review.
#[derive(Default)]
pub struct FilingMutation;

#[Object]
impl FilingMutation {
    /// Files a signed contract with the reviewing labour administration
    /// (CCP Art. 42), or refiles it once renegotiated, voted on and signed
    /// again after an objection (Art. 46); the 15-day review starts. For the
    /// employer's side. A late filing needs `lateExplanation`.
    async fn file_agreement(
        &self,
        ctx: &Context<'_>,
        input: FileAgreementInput,
    ) -> ApiResult<FileAgreementPayload> {
        FileAgreementPayload::from_outcome(run(ctx, input).await)
    }

    /// Ends the review of a filed contract: approve, and it takes effect; or
    /// object with the 审查意见书, and the parties renegotiate (a revised
    /// text, voted on and signed again) and refile. For the reviewing labour
    /// administration.
    async fn review_agreement(
        &self,
        ctx: &Context<'_>,
        input: ReviewAgreementInput,
    ) -> ApiResult<ReviewAgreementPayload> {
        ReviewAgreementPayload::from_outcome(run(ctx, input).await)
    }
}
