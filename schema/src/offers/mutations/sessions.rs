//! Bargaining sessions: scheduling them, and recording that they were held.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};

use super::offer_payload;
use crate::change::{Act, Actor, Change, Ruling, run};
use crate::db::stored;
use crate::graphql::errors::{ApiResult, UserErrors};
use crate::graphql::text;
use crate::offers::facts::SessionsHeld;
use crate::offers::kinds::SessionKind;
use crate::offers::objects::Offer;
use crate::offers::rules::sessions::{self, SessionPlan};
use crate::offers::storage::{OfferRow, SessionRow};

offer_payload!(
    /// Result of `scheduleSession`.
    ScheduleSessionPayload,
    /// Result of `recordSession`.
    RecordSessionPayload,
);

/// Input of `scheduleSession`.
#[derive(InputObject)]
pub struct ScheduleSessionInput {
    /// The offer under negotiation.
    pub offer_id: ID,
    /// Meeting or consultation talk.
    pub kind: SessionKind,
    /// When.
    pub scheduled_at: DateTime<Utc>,
    /// Where.
    pub place: String,
    /// The neutral note-taker (记录员).
    pub note_taker: String,
}

/// Input of `recordSession`.
#[derive(InputObject)]
pub struct RecordSessionInput {
    /// The session.
    pub session_id: ID,
    /// Who attended.
    pub attendance: String,
    /// The minutes.
    pub minutes: String,
}

crate::input!(ScheduleSessionInput => OfferRow {
    id: offer_id,
    who: |_, _| Actor::EitherParty
});

impl Change<OfferRow> for ScheduleSessionInput {
    type Facts = SessionsHeld;
    fn decide(&self, offer: &OfferRow, held: &SessionsHeld, act: &Act) -> Ruling<OfferRow> {
        let mut errors = UserErrors::default();
        let place = errors.keep(text::required(&["place"], &self.place, 200));
        let note_taker = errors.keep(text::optional(&["noteTaker"], Some(&self.note_taker), 100));
        let (Some(place), Some(note_taker)) = (place, note_taker) else {
            return Err(errors.into_vec());
        };
        let plan = SessionPlan {
            kind: self.kind,
            scheduled_at: stored(self.scheduled_at),
            place,
            note_taker,
        };
        sessions::schedule_session(offer, plan, held.0, act.now)
    }
}

crate::input!(RecordSessionInput => (SessionRow, OfferRow) {
    id: session_id,
    who: |_, _| Actor::EitherParty
});

impl Change<(SessionRow, OfferRow)> for RecordSessionInput {
    type Facts = ();
    fn decide(
        &self,
        (session, _): &(SessionRow, OfferRow),
        _: &(),
        act: &Act,
    ) -> Ruling<(SessionRow, OfferRow)> {
        let mut errors = UserErrors::default();
        let attendance = errors.keep(text::optional(
            &["attendance"],
            Some(&self.attendance),
            2_000,
        ));
        let minutes = errors.keep(text::required(&["minutes"], &self.minutes, 20_000));
        let (Some(attendance), Some(minutes)) = (attendance, minutes) else {
            return Err(errors.into_vec());
        };
        let attendance = attendance.unwrap_or_default();
        Ok(sessions::record_session(session, attendance, minutes, act.now)?.into_part())
    }
}

/// Mutations of bargaining sessions.
#[derive(Default)]
pub struct SessionMutation;

#[Object]
impl SessionMutation {
    /// Schedules a session of a negotiation under way. The chiefs chair in
    /// turn, the offering side first (CCP Art. 33).
    async fn schedule_session(
        &self,
        ctx: &Context<'_>,
        input: ScheduleSessionInput,
    ) -> ApiResult<ScheduleSessionPayload> {
        ScheduleSessionPayload::from_outcome(run(ctx, input).await)
    }

    /// Records that a session was held: attendance and minutes.
    async fn record_session(
        &self,
        ctx: &Context<'_>,
        input: RecordSessionInput,
    ) -> ApiResult<RecordSessionPayload> {
        let outcome = run(ctx, input).await;
        RecordSessionPayload::from_outcome(outcome.map(|o| o.map(|(_, offer)| offer)))
    }
}
