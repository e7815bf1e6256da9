//! Disputes in bargaining, coordinated by the labour administration
//! (CCP Arts. 49–53).

use async_graphql::{Context, ID, InputObject, Object};
use serde_json::json;

use super::offer_payload;
use crate::change::{
    Act, Actor, Audience, Change, Decision, Env, Record, Ruling, Side, act, run, store,
};
use crate::context::services;
use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiError, ApiResult, Outcome, TxError};
use crate::graphql::ids::{NodeType, row_id};
use crate::graphql::text;
use crate::identity::Viewer;
use crate::identity::authorization::signed_in;
use crate::identity::viewer;
use crate::offers::objects::Offer;
use crate::offers::rules::DISPUTE_COORDINATION;
use crate::offers::rules::disputes as rules;
use crate::offers::storage::{self, DisputeRow, OfferRow};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::organization;
use crate::transaction;

offer_payload!(
    /// Result of `requestCoordination`.
    RequestCoordinationPayload,
    /// Result of `extendCoordination`.
    ExtendCoordinationPayload,
    /// Result of `resolveDispute`.
    ResolveDisputePayload,
);

/// Input of `requestCoordination`.
#[derive(InputObject)]
pub struct RequestCoordinationInput {
    /// The offer.
    pub offer_id: ID,
    /// What the dispute is about.
    pub reason: String,
}

/// Input of `extendCoordination`.
#[derive(InputObject)]
pub struct ExtendCoordinationInput {
    /// The dispute.
    pub dispute_id: ID,
    /// Days to add: 1 to the 15 an extension may total, less those added before.
    pub days: i32,
}

/// Input of `resolveDispute`.
#[derive(InputObject)]
pub struct ResolveDisputeInput {
    /// The dispute.
    pub dispute_id: ID,
    /// The agreed handling (协调处理协议书).
    pub resolution: String,
}

/// Only the labour administration coordinates.
const COORDINATOR: &[OrganizationKind] = &[OrganizationKind::LabourAdministration];

crate::input!(ExtendCoordinationInput => (DisputeRow, OfferRow) {
    id: dispute_id,
    who: |_, _| Actor::PublicBody(COORDINATOR)
});

impl Change<(DisputeRow, OfferRow)> for ExtendCoordinationInput {
    type Facts = ();
    fn decide(
        &self,
        (dispute, _): &(DisputeRow, OfferRow),
        _: &(),
        _: &Act,
    ) -> Ruling<(DisputeRow, OfferRow)> {
        Ok(rules::extend(dispute, self.days)?.into_part())
    }
}

crate::input!(ResolveDisputeInput => (DisputeRow, OfferRow) {
    id: dispute_id,
    who: |_, _| Actor::PublicBody(COORDINATOR)
});

impl Change<(DisputeRow, OfferRow)> for ResolveDisputeInput {
    type Facts = ();
    fn decide(
        &self,
        (dispute, _): &(DisputeRow, OfferRow),
        _: &(),
        _: &Act,
    ) -> Ruling<(DisputeRow, OfferRow)> {
        let resolution =
            text::required(&["resolution"], &self.resolution, 20_000).map_err(|e| vec![e])?;
        Ok(rules::resolve(dispute, resolution)?.into_part())
    }
}

/// Opens a dispute on an offer: a new record, so written by hand; its
/// clock runs on the dispute.
async fn open_dispute(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    id: i64,
    reason: &str,
    env: &Env<'_>,
) -> Result<OfferRow, TxError> {
    let offer = OfferRow::load(conn, viewer, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let act = act(conn, viewer, &offer, Actor::EitherParty, env.now).await?;
    let side = act.side.unwrap_or(Side::Workers);
    let reason = text::required(&["reason"], reason, 2_000).map_err(|e| vec![e])?;
    rules::may_request_coordination(&offer, &storage::disputes_of(conn, &[offer.id]).await?)?;
    let dispute = storage::insert_dispute(conn, offer.id, side, &reason, env.now).await?;
    let requester = organization(conn, offer.party(side)).await?.name;
    let other = organization(conn, offer.party(side.other())).await?.name;
    let kind = DISPUTE_COORDINATION.kind;
    let decision = Decision::new(
        EventKind::CoordinationRequested,
        [Audience::Parties, Audience::Overseers],
    )
    .open(
        DISPUTE_COORDINATION,
        env.now,
        [Audience::Parties, Audience::Overseers],
    )
    .announce(kind)
    .details(json!({ "requester": requester, "other": other, "reason": reason }));
    let (_, offer) = store(conn, (dispute, offer), decision, act.acting, env).await?;
    Ok(offer)
}

/// Mutations of disputes.
#[derive(Default)]
pub struct DisputeMutation;

#[Object]
impl DisputeMutation {
    /// Asks the labour administration to coordinate a dispute in bargaining
    /// (CCP Art. 49); it has 30 days, extendable by up to 15 in total (Art. 52). For either side.
    async fn request_coordination(
        &self,
        ctx: &Context<'_>,
        input: RequestCoordinationInput,
    ) -> ApiResult<RequestCoordinationPayload> {
        signed_in(viewer(ctx))?;
        let id = row_id(&input.offer_id, NodeType::Offer)?;
        let env = Env::of(ctx);
        let result = transaction!(services(ctx).db, |conn| {
            open_dispute(conn, viewer(ctx), id, &input.reason, &env).await
        });
        RequestCoordinationPayload::from_outcome(Outcome::of(result))
    }

    /// Extends a coordination by some days, at once or in steps, up to 15 days in
    /// total (CCP Art. 52); its clock then shows the longer period. For the
    /// labour administration.
    async fn extend_coordination(
        &self,
        ctx: &Context<'_>,
        input: ExtendCoordinationInput,
    ) -> ApiResult<ExtendCoordinationPayload> {
        let outcome = run(ctx, input).await;
        ExtendCoordinationPayload::from_outcome(outcome.map(|o| o.map(|(_, offer)| offer)))
    }

    /// Ends a coordination with the agreed handling. For the labour administration.
    async fn resolve_dispute(
        &self,
        ctx: &Context<'_>,
        input: ResolveDisputeInput,
    ) -> ApiResult<ResolveDisputePayload> {
        let outcome = run(ctx, input).await;
        ResolveDisputePayload::from_outcome(outcome.map(|o| o.map(|(_, offer)| offer)))
    }
}
