//! A negotiation: representatives, the start, suspension and conclusion.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, InputObject, Object};

use super::offer_payload;
use crate::change::{Act, Actor, Change, Ruling, Side, run};
use crate::deadlines::counting::local_date;
use crate::graphql::errors::ApiResult;
use crate::offers::facts::{Lists, Named, Vacancy};
use crate::offers::kinds::NegotiationOutcome;
use crate::offers::objects::Offer;
use crate::offers::representatives::Representative;
use crate::offers::rules::bargaining as rules;
use crate::offers::storage::{OfferRow, RepresentativeRow};

offer_payload!(
    /// Result of `setRepresentatives`.
    SetRepresentativesPayload,
    /// Result of `removeRepresentative`.
    RemoveRepresentativePayload,
    /// Result of `startNegotiation`.
    StartNegotiationPayload,

    /// Result of `suspendNegotiation`.
    SuspendNegotiationPayload,
    /// Result of `resumeNegotiation`.
    ResumeNegotiationPayload,
    /// Result of `concludeNegotiation`.
    ConcludeNegotiationPayload,
);

/// A representative to name.
#[derive(InputObject)]
pub struct RepresentativeInput {
    /// Name.
    pub name: String,
    /// Position held.
    pub position: String,
    /// The side's chief representative (首席代表); exactly one per side.
    pub is_chief: bool,
    /// An outside expert (外部专家); at most a third of a side.
    pub is_outside_expert: bool,
}

/// Input of `setRepresentatives`.
#[derive(InputObject)]
pub struct SetRepresentativesInput {
    /// The offer.
    pub offer_id: ID,
    /// The side whose list this is.
    pub side: Side,
    /// The whole list of the side's representatives.
    pub representatives: Vec<RepresentativeInput>,
}

/// Input of `removeRepresentative`.
#[derive(InputObject)]
pub struct RemoveRepresentativeInput {
    /// The representative.
    pub id: ID,
}

/// Input of the negotiation steps that take only the offer.
#[derive(InputObject)]
pub struct NegotiationStepInput {
    /// The offer.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
}

/// Input of `suspendNegotiation`.
#[derive(InputObject)]
pub struct SuspendNegotiationInput {
    /// The offer under negotiation.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// The agreed date to resume (CCP Art. 35); after today.
    pub resume_on: Date,
}

/// Input of `concludeNegotiation`.
#[derive(InputObject)]
pub struct ConcludeNegotiationInput {
    /// The offer under negotiation.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// How it ended.
    pub outcome: NegotiationOutcome,
    /// A summary of the outcome.
    pub summary: Option<String>,
}

/// `setRepresentatives`, its list trimmed.
pub struct SetRepresentatives {
    pub id: ID,
    pub side: Side,
    pub list: Vec<Representative>,
}

crate::input!(SetRepresentatives => OfferRow {
    id: id,
    who: |input, _| Actor::Side(input.side)
});

impl Change<OfferRow> for SetRepresentatives {
    type Facts = Lists;
    fn decide(&self, offer: &OfferRow, lists: &Lists, _: &Act) -> Ruling<OfferRow> {
        rules::set_representatives(
            offer,
            self.side,
            self.list.clone(),
            &lists.current,
            &lists.side_name,
        )
    }
}

crate::input!(RemoveRepresentativeInput => (RepresentativeRow, OfferRow) {
    id: id,
    who: |_, (person, _)| Actor::Side(person.side)
});

impl Change<(RepresentativeRow, OfferRow)> for RemoveRepresentativeInput {
    type Facts = Vacancy;
    fn decide(
        &self,
        (person, _): &(RepresentativeRow, OfferRow),
        vacancy: &Vacancy,
        act: &Act,
    ) -> Ruling<(RepresentativeRow, OfferRow)> {
        let decision = rules::remove_representative(
            person,
            vacancy.refill_running,
            &vacancy.side_name,
            act.now,
        )?;
        Ok(decision.into_part())
    }
}

/// `startNegotiation`.
pub struct StartNegotiation {
    step: NegotiationStepInput,
}

crate::input!(StartNegotiation => OfferRow {
    id: step.id, version: step.expected_version,
    who: |_, _| Actor::EitherParty
});

impl Change<OfferRow> for StartNegotiation {
    type Facts = Named;
    fn decide(&self, offer: &OfferRow, named: &Named, _: &Act) -> Ruling<OfferRow> {
        rules::start(offer, &named.0)
    }
}

crate::input!(SuspendNegotiationInput => OfferRow {
    id: id, version: expected_version,
    who: |_, _| Actor::EitherParty
});

impl Change<OfferRow> for SuspendNegotiationInput {
    type Facts = ();
    fn decide(&self, offer: &OfferRow, _: &(), act: &Act) -> Ruling<OfferRow> {
        rules::suspend(offer, *self.resume_on, local_date(act.now.and_utc()))
    }
}

/// `resumeNegotiation`.
pub struct ResumeNegotiation {
    step: NegotiationStepInput,
}

crate::input!(ResumeNegotiation => OfferRow {
    id: step.id, version: step.expected_version,
    who: |_, _| Actor::EitherParty
});

impl Change<OfferRow> for ResumeNegotiation {
    type Facts = ();
    fn decide(&self, offer: &OfferRow, _: &(), _: &Act) -> Ruling<OfferRow> {
        rules::resume(offer)
    }
}

crate::input!(ConcludeNegotiationInput => OfferRow {
    id: id, version: expected_version,
    who: |_, _| Actor::EitherParty
});

impl Change<OfferRow> for ConcludeNegotiationInput {
    type Facts = ();
    fn decide(&self, offer: &OfferRow, _: &(), act: &Act) -> Ruling<OfferRow> {
        let summary = self
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        rules::conclude(offer, self.outcome, summary.map(str::to_owned), act.now)
    }
}

/// Mutations of negotiations.
#[derive(Default)]
pub struct BargainingMutation;

#[Object]
impl BargainingMutation {
    /// Names a side's representatives, replacing its list. The side's list
    /// must keep the rules of CCP Arts. 19–24; each broken rule is a user
    /// error naming it. A list that fills a vacancy meets its refill clock.
    async fn set_representatives(
        &self,
        ctx: &Context<'_>,
        input: SetRepresentativesInput,
    ) -> ApiResult<SetRepresentativesPayload> {
        let list = input
            .representatives
            .iter()
            .map(|r| Representative {
                name: r.name.trim().to_owned(),
                position: r.position.trim().to_owned(),
                is_chief: r.is_chief,
                is_outside_expert: r.is_outside_expert,
            })
            .collect();
        let change = SetRepresentatives {
            id: input.offer_id,
            side: input.side,
            list,
        };
        SetRepresentativesPayload::from_outcome(run(ctx, change).await)
    }

    /// Removes a representative; the side must fill the place within 15 days (CCP Art. 31).
    async fn remove_representative(
        &self,
        ctx: &Context<'_>,
        input: RemoveRepresentativeInput,
    ) -> ApiResult<RemoveRepresentativePayload> {
        let outcome = run(ctx, input).await;
        RemoveRepresentativePayload::from_outcome(outcome.map(|o| o.map(|(_, offer)| offer)))
    }

    /// Starts bargaining on an accepted offer. Both sides' lists must keep
    /// every rule, equal numbers included.
    async fn start_negotiation(
        &self,
        ctx: &Context<'_>,
        input: NegotiationStepInput,
    ) -> ApiResult<StartNegotiationPayload> {
        StartNegotiationPayload::from_outcome(run(ctx, StartNegotiation { step: input }).await)
    }

    /// Suspends bargaining by agreement, fixing the date to resume (CCP Art. 35).
    async fn suspend_negotiation(
        &self,
        ctx: &Context<'_>,
        input: SuspendNegotiationInput,
    ) -> ApiResult<SuspendNegotiationPayload> {
        SuspendNegotiationPayload::from_outcome(run(ctx, input).await)
    }

    /// Resumes suspended bargaining.
    async fn resume_negotiation(
        &self,
        ctx: &Context<'_>,
        input: NegotiationStepInput,
    ) -> ApiResult<ResumeNegotiationPayload> {
        ResumeNegotiationPayload::from_outcome(run(ctx, ResumeNegotiation { step: input }).await)
    }

    /// Concludes bargaining with its outcome. A draft agreement goes on to the
    /// workers' approval; a memorandum or minutes end the matter.
    async fn conclude_negotiation(
        &self,
        ctx: &Context<'_>,
        input: ConcludeNegotiationInput,
    ) -> ApiResult<ConcludeNegotiationPayload> {
        ConcludeNegotiationPayload::from_outcome(run(ctx, input).await)
    }
}
