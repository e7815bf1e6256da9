//! The workers' congress vote and the signatures.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, InputObject, Object};

use super::agreement_payload;
use crate::agreements::facts::Signing;
use crate::agreements::kinds::VotingBody;
use crate::agreements::objects::Agreement;
use crate::agreements::rules::VoteCount;
use crate::agreements::rules::signing::{self as rules, Ballot};
use crate::agreements::storage::AgreementRow;
use crate::change::{Act, Actor, Change, Ruling, Side, run};
use crate::deadlines::counting::local_date;
use crate::digests;
use crate::graphql::errors::{ApiResult, UserErrors};
use crate::graphql::text;

agreement_payload!(
    /// Result of `recordWorkersCongressVote`.
    RecordVotePayload,
    /// Result of `signAgreement`.
    SignAgreementPayload,
);

/// Input of `recordWorkersCongressVote`.
#[derive(InputObject)]
pub struct RecordVoteInput {
    /// The agreement.
    pub id: ID,
    /// The version the vote is based on.
    pub expected_version: i32,
    /// Who voted.
    pub body: VotingBody,
    /// All members of the body (the denominator of both thresholds).
    pub total_members: i32,
    /// Members present.
    pub present: i32,
    /// Members in favour.
    pub in_favour: i32,
    /// The day of the vote; not in the future.
    pub held_on: Date,
}

/// Input of `signAgreement`.
#[derive(InputObject)]
pub struct SignAgreementInput {
    /// The agreement.
    pub id: ID,
    /// The version the signature is based on.
    pub expected_version: i32,
    /// The side signing.
    pub side: Side,
    /// Who signs: for an agreement from a negotiation with named
    /// representatives, the side's chief representative; otherwise the
    /// person the side's written delegation names.
    pub chief: String,
    /// The written delegation (书面委托) the signer signs under, e.g.
    /// `法定代表人授权委托书（2026年第3号）`; required unless the signer is the
    /// chief representative named in the negotiation.
    pub delegation: Option<String>,
    /// The digest of the text the chief signs (`textDigest.digest`, or as
    /// printed on the text); refused when the text now reads otherwise.
    /// Each signature records the digest of the text it signed, given or not.
    pub text_digest: Option<String>,
}

crate::input!(RecordVoteInput => AgreementRow {
    id: id, version: expected_version,
    who: |_, _| Actor::Side(Side::Workers)
});

impl Change<AgreementRow> for RecordVoteInput {
    type Facts = ();
    fn decide(&self, agreement: &AgreementRow, _: &(), act: &Act) -> Ruling<AgreementRow> {
        let ballot = Ballot {
            body: self.body,
            count: VoteCount {
                total_members: self.total_members,
                present: self.present,
                in_favour: self.in_favour,
            },
            held_on: *self.held_on,
        };
        rules::vote(
            agreement,
            ballot,
            act.acting.user_id,
            act.now,
            local_date(act.now.and_utc()),
        )
    }
}

crate::input!(SignAgreementInput => AgreementRow {
    id: id, version: expected_version,
    who: |input, _| Actor::Side(input.side)
});

impl Change<AgreementRow> for SignAgreementInput {
    type Facts = Signing;
    fn decide(&self, agreement: &AgreementRow, facts: &Signing, act: &Act) -> Ruling<AgreementRow> {
        let mut errors = UserErrors::default();
        let chief = errors.keep(text::required(&["chief"], &self.chief, 100));
        let delegation = errors.keep(text::optional(
            &["delegation"],
            self.delegation.as_deref(),
            500,
        ));
        let (Some(chief), Some(delegation)) = (chief, delegation) else {
            return Err(errors.into_vec());
        };
        let digest = rules::text_digest(agreement, &facts.clauses);
        if let Some(given) = &self.text_digest {
            digests::check("textDigest", given, &digest)?;
        }
        let signer = rules::signer(facts.chief(self.side), chief, delegation)?;
        let signed = rules::signed_text(
            agreement,
            self.side,
            &signer.0,
            digest,
            act.acting.user_id,
            act.now,
        );
        Ok(rules::sign(agreement, self.side, signer, facts.periods, act.now)?.write(signed))
    }
}

/// Mutations of the vote and the signatures.
#[derive(Default)]
pub struct SigningMutation;

#[Object]
impl SigningMutation {
    /// Records the vote of the workers' congress or of all workers on the
    /// current draft (CCP Art. 36). Valid with two thirds of all members
    /// present and more than half of all members in favour; a valid vote
    /// approves the draft, a failed one leaves it in drafting. For the workers' side.
    async fn record_workers_congress_vote(
        &self,
        ctx: &Context<'_>,
        input: RecordVoteInput,
    ) -> ApiResult<RecordVotePayload> {
        RecordVotePayload::from_outcome(run(ctx, input).await)
    }

    /// Signs for one side (CCP Art. 37). A contract is signed once approved
    /// and with its term set; when both chiefs have signed, the filing clock starts.
    /// An agreement, memorandum or minutes is signed straight from drafting.
    async fn sign_agreement(
        &self,
        ctx: &Context<'_>,
        input: SignAgreementInput,
    ) -> ApiResult<SignAgreementPayload> {
        SignAgreementPayload::from_outcome(run(ctx, input).await)
    }
}
