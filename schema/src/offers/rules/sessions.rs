//! Bargaining sessions (CCP Arts. 33–34): held while bargaining is under
//! way, chaired by the chiefs in turn, the offering side first, with a
//! neutral note-taker who keeps the minutes.

use chrono::NaiveDateTime;
use serde_json::json;

use crate::change::{Audience, Decision, Ruling, Side};
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserErrorCode, refused};
use crate::offers::kinds::{OfferStatus, SessionKind};
use crate::offers::record::OfferWrite;
use crate::offers::storage::{NewSession, OfferRow, SessionRow};

/// CCP Art. 33: the chiefs chair in turn, the offering side first.
pub fn chair_of_next_session(initiating_side: Side, sessions_held: usize) -> Side {
    if sessions_held.is_multiple_of(2) {
        initiating_side
    } else {
        initiating_side.other()
    }
}

/// A session to schedule, as the input gives it.
pub struct SessionPlan {
    pub kind: SessionKind,
    pub scheduled_at: NaiveDateTime,
    pub place: String,
    /// The neutral note-taker; `None` when the input names nobody.
    pub note_taker: Option<String>,
}

/// Schedules a session while bargaining is under way, with a neutral
/// note-taker and the chair whose turn it is (CCP Art. 33).
pub fn schedule_session(
    offer: &OfferRow,
    plan: SessionPlan,
    sessions_held: usize,
    now: NaiveDateTime,
) -> Ruling<OfferRow> {
    if offer.status != OfferStatus::InNegotiation {
        return Err(refused(
            "offerId",
            UserErrorCode::RuleViolated,
            "sessions are scheduled while bargaining is under way",
        ));
    }
    let latest = now + chrono::Duration::days(366);
    if plan.scheduled_at > latest || offer.issued_at.is_some_and(|i| plan.scheduled_at < i) {
        return Err(refused(
            "scheduledAt",
            UserErrorCode::OutOfRange,
            "must be after the offer was issued and at most a year ahead",
        ));
    }
    let Some(note_taker) = plan.note_taker else {
        return Err(refused(
            "noteTaker",
            UserErrorCode::Required,
            "a neutral note-taker keeps the minutes (CCP Art. 33)",
        ));
    };
    let chair = chair_of_next_session(offer.initiating_side, sessions_held);
    let details = json!({ "sessionAt": plan.scheduled_at.and_utc().to_rfc3339(), "place": plan.place,
                          "chair": chair.as_str(), "noteTaker": note_taker });
    let session = NewSession {
        offer_id: offer.id,
        kind: plan.kind,
        scheduled_at: plan.scheduled_at,
        place: plan.place,
        chairing_side: chair,
        note_taker,
        created_at: now,
    };
    Ok(
        Decision::new(EventKind::SessionScheduled, [Audience::Parties])
            .write(OfferWrite::Session(session))
            .details(details),
    )
}

/// Records that a session was held: who attended, and the minutes; not
/// before the time it was scheduled for.
pub fn record_session(
    session: &SessionRow,
    attendance: String,
    minutes: String,
    now: NaiveDateTime,
) -> Ruling<OfferRow> {
    if session.scheduled_at > now {
        let at = session.scheduled_at.and_utc().to_rfc3339();
        return Err(refused(
            "sessionId",
            UserErrorCode::RuleViolated,
            format!("the session has not been held: it is scheduled for {at}"),
        ));
    }
    let details = json!({ "sessionAt": session.scheduled_at.and_utc().to_rfc3339() });
    Ok(
        Decision::new(EventKind::SessionRecorded, [Audience::Parties])
            .write(OfferWrite::SessionHeld {
                session: session.id,
                attendance,
                minutes,
            })
            .details(details),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, offer};
    use super::*;

    #[test]
    fn the_chiefs_chair_in_turn_the_offering_side_first() {
        assert_eq!(chair_of_next_session(Side::Workers, 0), Side::Workers);
        assert_eq!(chair_of_next_session(Side::Workers, 1), Side::Employer);
        assert_eq!(chair_of_next_session(Side::Workers, 2), Side::Workers);
        assert_eq!(chair_of_next_session(Side::Employer, 0), Side::Employer);
    }

    #[test]
    fn a_session_needs_a_place_and_a_neutral_note_taker() {
        let plan = |place: &str, note_taker: Option<&str>| SessionPlan {
            kind: SessionKind::Meeting,
            scheduled_at: at("2026-04-10T01:00:00"),
            place: place.into(),
            note_taker: note_taker.map(str::to_owned),
        };
        let negotiating = offer(OfferStatus::InNegotiation);
        let now = at("2026-04-01T02:00:00");
        let no_taker = schedule_session(&negotiating, plan("会议室", None), 0, now);
        assert_eq!(no_taker.err().unwrap()[0].field, vec!["noteTaker"]);
        let suspended = schedule_session(
            &offer(OfferStatus::Suspended),
            plan("会议室", Some("王五")),
            0,
            now,
        );
        assert!(suspended.is_err());
        let second = schedule_session(&negotiating, plan("会议室", Some("王五")), 1, now).unwrap();
        assert_eq!(second.details["chair"], "EMPLOYER");
    }

    #[test]
    fn minutes_are_recorded_once_the_session_has_begun() {
        let session = SessionRow {
            id: 7,
            offer_id: 1,
            kind: SessionKind::Meeting,
            scheduled_at: at("2026-04-10T01:00:00"),
            place: "会议室".into(),
            chairing_side: Side::Workers,
            note_taker: "王五".into(),
            attendance: None,
            minutes: None,
            held_at: None,
            created_at: at("2026-04-01T01:00:00"),
        };
        let record =
            |now: &str| record_session(&session, "全体出席".into(), "纪要".into(), at(now));
        let early = record("2026-04-10T00:59:59").err().unwrap();
        assert_eq!(early[0].field, vec!["sessionId"]);
        assert_eq!(early[0].code, UserErrorCode::RuleViolated);
        assert!(
            early[0].message.contains("2026-04-10T01:00:00"),
            "{}",
            early[0].message
        );
        assert!(record("2026-04-10T01:00:00").is_ok());
        assert!(record("2026-05-01T00:00:00").is_ok());
    }

    #[test]
    fn a_session_falls_after_the_offer_was_issued_and_within_a_year() {
        let mut negotiating = offer(OfferStatus::InNegotiation);
        negotiating.issued_at = Some(at("2026-03-02T02:00:00"));
        let now = at("2026-04-01T02:00:00");
        let on = |when: &str| SessionPlan {
            kind: SessionKind::Meeting,
            scheduled_at: at(when),
            place: "会议室".into(),
            note_taker: Some("王五".into()),
        };
        for when in [
            "2026-03-01T02:00:00",
            "2027-04-03T02:00:00",
            "9999-01-01T00:00:00",
        ] {
            let refused = schedule_session(&negotiating, on(when), 0, now)
                .err()
                .unwrap();
            assert_eq!(refused[0].field, vec!["scheduledAt"], "{when}");
        }
        for when in ["2026-03-30T02:00:00", "2027-04-01T02:00:00"] {
            assert!(
                schedule_session(&negotiating, on(when), 0, now).is_ok(),
                "{when}"
            );
        }
    }
}
