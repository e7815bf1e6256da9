//! From issue to answer: issuing, the paper receipt, the answer, the flag
//! on a refusal without valid reason, and withdrawal.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};

use super::offer_payload;
use crate::change::{Act, Actor, Change, Ruling, run};
use crate::db::stored;
use crate::digests::ConfirmedText;
use crate::graphql::errors::ApiResult;
use crate::offers::facts::{Flagging, StartRule};
use crate::offers::kinds::Delivery;
use crate::offers::objects::Offer;
use crate::offers::rules::answering as rules;
use crate::offers::rules::confirming;
use crate::offers::storage::OfferRow;
use crate::organizations::kinds::OrganizationKind;

offer_payload!(
    /// Result of `issueOffer`.
    IssueOfferPayload,
    /// Result of `recordOfferReceipt`.
    RecordOfferReceiptPayload,
    /// Result of `answerOffer`.
    AnswerOfferPayload,
    /// Result of `flagDeclineWithoutValidReason`.
    FlagDeclinePayload,
    /// Result of `withdrawOffer`.
    WithdrawOfferPayload,
    /// Result of `confirmOfferText`.
    ConfirmOfferTextPayload,
);

/// Input of `issueOffer`.
#[derive(InputObject)]
pub struct IssueOfferInput {
    /// The offer.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// `PLATFORM`: received at once; `PAPER`: received when the receipt is recorded.
    pub delivery: Delivery,
}

/// Input of `recordOfferReceipt`.
#[derive(InputObject)]
pub struct RecordOfferReceiptInput {
    /// The offer.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// When the paper offer was received; not before it was issued, not in the future.
    pub received_at: DateTime<Utc>,
}

/// Input of `answerOffer`.
#[derive(InputObject)]
pub struct AnswerOfferInput {
    /// The offer.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// Whether the receiving side agrees to bargain.
    pub accept: bool,
    /// The reason for a refusal (required when refusing).
    pub reason: Option<String>,
}

/// Input of `flagDeclineWithoutValidReason`.
#[derive(InputObject)]
pub struct FlagDeclineInput {
    /// A declined offer.
    pub id: ID,
}

/// Input of `withdrawOffer`.
#[derive(InputObject)]
pub struct WithdrawOfferInput {
    /// The offer.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
}

/// Input of `confirmOfferText`.
#[derive(InputObject)]
pub struct ConfirmOfferTextInput {
    /// The offer.
    pub id: ID,
    /// `OFFER_LETTER` (confirmed by the receiving side) or `OFFER_RESPONSE`
    /// (confirmed by the side that made the offer).
    pub text: ConfirmedText,
    /// The digest of the text as received (`letterDigest.digest` or
    /// `responseDigest.digest`, or printed on the document).
    pub digest: String,
}

crate::input!(ConfirmOfferTextInput => OfferRow {
    id: id,
    who: |input, offer| Actor::Side(confirming::confirming_side(offer, input.text))
});

impl Change<OfferRow> for ConfirmOfferTextInput {
    type Facts = ();
    fn decide(&self, offer: &OfferRow, _: &(), act: &Act) -> Ruling<OfferRow> {
        confirming::confirm(offer, self.text, &self.digest, act.acting.user_id, act.now)
    }
}

crate::input!(IssueOfferInput => OfferRow {
    id: id, version: expected_version,
    who: |_, offer| Actor::Side(offer.initiating_side)
});

impl Change<OfferRow> for IssueOfferInput {
    type Facts = ();
    fn decide(&self, offer: &OfferRow, _: &(), act: &Act) -> Ruling<OfferRow> {
        rules::issue(offer, self.delivery, act.now)
    }
}

crate::input!(RecordOfferReceiptInput => OfferRow {
    id: id, version: expected_version,
    who: |_, _| Actor::EitherParty
});

impl Change<OfferRow> for RecordOfferReceiptInput {
    type Facts = ();
    fn decide(&self, offer: &OfferRow, _: &(), act: &Act) -> Ruling<OfferRow> {
        rules::record_receipt(offer, stored(self.received_at), act.now)
    }
}

crate::input!(AnswerOfferInput => OfferRow {
    id: id, version: expected_version,
    who: |_, offer| Actor::Side(offer.initiating_side.other())
});

impl Change<OfferRow> for AnswerOfferInput {
    type Facts = StartRule;
    fn decide(&self, offer: &OfferRow, rule: &StartRule, act: &Act) -> Ruling<OfferRow> {
        let reason = self
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        rules::answer(
            offer,
            self.accept,
            reason.map(str::to_owned),
            rule.0,
            act.now,
        )
    }
}

/// Offices and labour administrations mark refusals.
const SUPERVISORS: &[OrganizationKind] = &[
    OrganizationKind::TripartiteOffice,
    OrganizationKind::LabourAdministration,
];

crate::input!(FlagDeclineInput => OfferRow {
    id: id,
    who: |_, _| Actor::PublicBody(SUPERVISORS)
});

impl Change<OfferRow> for FlagDeclineInput {
    type Facts = Flagging;
    fn decide(&self, offer: &OfferRow, facts: &Flagging, act: &Act) -> Ruling<OfferRow> {
        rules::flag_decline(
            offer,
            facts.union_and_federation.clone(),
            &facts.flagger,
            act.now,
        )
    }
}

crate::input!(WithdrawOfferInput => OfferRow {
    id: id, version: expected_version,
    who: |_, offer| Actor::Side(offer.initiating_side)
});

impl Change<OfferRow> for WithdrawOfferInput {
    type Facts = ();
    fn decide(&self, offer: &OfferRow, _: &(), _: &Act) -> Ruling<OfferRow> {
        rules::withdraw(offer)
    }
}

/// Mutations of an offer up to its answer.
#[derive(Default)]
pub struct AnsweringMutation;

#[Object]
impl AnsweringMutation {
    /// Issues a drafted offer to the other side. Through the platform it is
    /// received at once and the 20-day reply period starts; on paper, when the
    /// receipt is recorded.
    async fn issue_offer(
        &self,
        ctx: &Context<'_>,
        input: IssueOfferInput,
    ) -> ApiResult<IssueOfferPayload> {
        IssueOfferPayload::from_outcome(run(ctx, input).await)
    }

    /// Confirms, for the side a text was sent to, that it received exactly
    /// the text with this digest: the offer letter (the receiving side) or
    /// the written response (the side that made the offer). Refused when
    /// the text's digest is now another.
    async fn confirm_offer_text(
        &self,
        ctx: &Context<'_>,
        input: ConfirmOfferTextInput,
    ) -> ApiResult<ConfirmOfferTextPayload> {
        ConfirmOfferTextPayload::from_outcome(run(ctx, input).await)
    }

    /// Records when a paper offer was received; the 20-day reply period runs from that day.
    async fn record_offer_receipt(
        &self,
        ctx: &Context<'_>,
        input: RecordOfferReceiptInput,
    ) -> ApiResult<RecordOfferReceiptPayload> {
        RecordOfferReceiptPayload::from_outcome(run(ctx, input).await)
    }

    /// Answers an offer in writing: agree to bargain, or refuse with a reason.
    /// For the receiving side. A region's local rule may then start a clock
    /// for bargaining to begin.
    async fn answer_offer(
        &self,
        ctx: &Context<'_>,
        input: AnswerOfferInput,
    ) -> ApiResult<AnswerOfferPayload> {
        AnswerOfferPayload::from_outcome(run(ctx, input).await)
    }

    /// Marks a refusal as without valid reason, telling the issuing union's
    /// federation. For an office or labour administration acting in the employer's region.
    async fn flag_decline_without_valid_reason(
        &self,
        ctx: &Context<'_>,
        input: FlagDeclineInput,
    ) -> ApiResult<FlagDeclinePayload> {
        FlagDeclinePayload::from_outcome(run(ctx, input).await)
    }

    /// Withdraws a draft or an unanswered offer. For the issuing side.
    async fn withdraw_offer(
        &self,
        ctx: &Context<'_>,
        input: WithdrawOfferInput,
    ) -> ApiResult<WithdrawOfferPayload> {
        WithdrawOfferPayload::from_outcome(run(ctx, input).await)
    }
}
