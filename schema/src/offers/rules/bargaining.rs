//! A negotiation under way (CCP Arts. 19–35): each side names its
//! representatives, bargaining starts when both lists keep every rule,
//! sessions are chaired by the chiefs in turn, and the negotiation is
//! suspended to an agreed date or concluded with its outcome.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use super::{Step, next, representative_refill, under_way};
use crate::change::{Audience, Decision, Ruling, Side};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::DeadlineStatus;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserError, UserErrorCode, refused};
use crate::offers::kinds::{NegotiationOutcome, OfferStatus, SessionKind};
use crate::offers::record::OfferWrite;
use crate::offers::representatives::{Representative, RepresentativeRule, check_both, check_side};
use crate::offers::storage::{NewSession, OfferChanges, OfferRow, RepresentativeRow, SessionRow};

/// The current representatives of one side, as the rules see them.
pub fn people(rows: &[RepresentativeRow], side: Side) -> Vec<Representative> {
    rows.iter()
        .filter(|r| r.side == side)
        .map(|r| Representative {
            name: r.name.clone(),
            position: r.position.clone(),
            is_chief: r.is_chief,
            is_outside_expert: r.is_outside_expert,
        })
        .collect()
}

/// The broken representative rules, as user errors naming each rule.
fn broken(rules: &[RepresentativeRule]) -> Vec<UserError> {
    rules
        .iter()
        .map(|rule| {
            UserError::new(
                &["representatives"],
                UserErrorCode::RuleViolated,
                format!("{}: {}", rule.code(), rule.message()),
            )
        })
        .collect()
}

/// Replaces a side's list. Once bargaining is under way a new list must
/// also keep the sides equal; a list that fills a vacancy meets its clock.
pub fn set_representatives(
    offer: &OfferRow,
    side: Side,
    list: Vec<Representative>,
    current: &[RepresentativeRow],
    side_name: &str,
) -> Ruling<OfferRow> {
    if list.iter().any(|r| r.name.is_empty()) {
        return Err(refused(
            "representatives",
            UserErrorCode::Required,
            "every representative needs a name",
        ));
    }
    if !under_way(offer) {
        return Err(refused(
            "offerId",
            UserErrorCode::RuleViolated,
            "representatives are named once the offer is accepted",
        ));
    }
    let other = people(current, side.other());
    let rules = if other.is_empty() || offer.status == OfferStatus::Accepted {
        check_side(&list, (!other.is_empty()).then_some(other.as_slice()))
    } else {
        match side {
            Side::Workers => check_both(&list, &other),
            Side::Employer => check_both(&other, &list),
        }
    };
    if !rules.is_empty() {
        return Err(broken(&rules));
    }
    let count = list.len();
    Ok(
        Decision::new(EventKind::RepresentativesNamed, [Audience::Parties])
            .write(OfferWrite::Representatives(side, list))
            .close(DeadlineKind::refill(side), DeadlineStatus::Met)
            .details(json!({ "sideOrganization": side_name, "count": count })),
    )
}

/// Removes a representative; the side fills the place within 15 days
/// (CCP Art. 31), on the clock already running if there is one.
pub fn remove_representative(
    person: &RepresentativeRow,
    refill_running: bool,
    side_name: &str,
    now: NaiveDateTime,
) -> Ruling<OfferRow> {
    let refill = DeadlineKind::refill(person.side);
    let mut decision = Decision::new(EventKind::RepresentativeRemoved, [Audience::Parties])
        .write(OfferWrite::RemoveRepresentative(person.clone()))
        .announce(refill)
        .details(json!({ "sideOrganization": side_name, "representative": person.name }));
    if !refill_running {
        decision = decision.open(representative_refill(person.side), now, [Audience::Parties]);
    }
    Ok(decision)
}

/// Starts bargaining: both lists keep every rule, equal numbers included.
pub fn start(offer: &OfferRow, current: &[RepresentativeRow]) -> Ruling<OfferRow> {
    let status = next(offer.status, Step::Start)?;
    let rules = check_both(
        &people(current, Side::Workers),
        &people(current, Side::Employer),
    );
    if !rules.is_empty() {
        return Err(broken(&rules));
    }
    Ok(
        Decision::new(EventKind::NegotiationStarted, [Audience::Parties])
            .change(OfferChanges {
                status: Some(status),
                ..OfferChanges::default()
            })
            .close(DeadlineKind::NegotiationStart, DeadlineStatus::Met),
    )
}

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
    pub note_taker: String,
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
    if plan.place.is_empty() {
        return Err(refused(
            "place",
            UserErrorCode::Required,
            "must not be blank",
        ));
    }
    if plan.note_taker.is_empty() {
        return Err(refused(
            "noteTaker",
            UserErrorCode::Required,
            "a neutral note-taker keeps the minutes (CCP Art. 33)",
        ));
    }
    let chair = chair_of_next_session(offer.initiating_side, sessions_held);
    let details = json!({ "sessionAt": plan.scheduled_at.and_utc().to_rfc3339(), "place": plan.place,
                          "chair": chair.as_str(), "noteTaker": plan.note_taker });
    let session = NewSession {
        offer_id: offer.id,
        kind: plan.kind,
        scheduled_at: plan.scheduled_at,
        place: plan.place,
        chairing_side: chair,
        note_taker: plan.note_taker,
        created_at: now,
    };
    Ok(
        Decision::new(EventKind::SessionScheduled, [Audience::Parties])
            .write(OfferWrite::Session(session))
            .details(details),
    )
}

/// Records that a session was held: who attended, and the minutes.
pub fn record_session(
    session: &SessionRow,
    attendance: String,
    minutes: String,
) -> Ruling<OfferRow> {
    if minutes.is_empty() {
        return Err(refused(
            "minutes",
            UserErrorCode::Required,
            "must not be blank",
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

/// Suspends bargaining by agreement to a date after today (CCP Art. 35).
pub fn suspend(offer: &OfferRow, resume_on: NaiveDate, today: NaiveDate) -> Ruling<OfferRow> {
    if resume_on <= today {
        return Err(refused(
            "resumeOn",
            UserErrorCode::OutOfRange,
            "must be after today",
        ));
    }
    let status = next(offer.status, Step::Suspend)?;
    Ok(
        Decision::new(EventKind::NegotiationSuspended, [Audience::Parties])
            .change(OfferChanges {
                status: Some(status),
                suspended_until: Some(Some(resume_on)),
                ..OfferChanges::default()
            })
            .details(json!({ "until": resume_on.to_string() })),
    )
}

/// Resumes suspended bargaining.
pub fn resume(offer: &OfferRow) -> Ruling<OfferRow> {
    let status = next(offer.status, Step::Resume)?;
    Ok(
        Decision::new(EventKind::NegotiationResumed, [Audience::Parties]).change(OfferChanges {
            status: Some(status),
            suspended_until: Some(None),
            ..OfferChanges::default()
        }),
    )
}

/// Concludes bargaining with its outcome.
pub fn conclude(
    offer: &OfferRow,
    outcome: NegotiationOutcome,
    summary: Option<String>,
    now: NaiveDateTime,
) -> Ruling<OfferRow> {
    let status = next(offer.status, Step::Conclude)?;
    let details =
        json!({ "outcome": outcome.as_str(), "summary": summary.clone().unwrap_or_default() });
    Ok(
        Decision::new(EventKind::NegotiationConcluded, [Audience::Parties])
            .change(OfferChanges {
                status: Some(status),
                outcome: Some(Some(outcome)),
                outcome_summary: Some(summary),
                concluded_at: Some(Some(now)),
                suspended_until: Some(None),
                ..OfferChanges::default()
            })
            .details(details),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, offer};
    use super::*;
    use crate::change::ClockChange;

    fn person(id: i64, side: Side, name: &str, is_chief: bool) -> RepresentativeRow {
        RepresentativeRow {
            id,
            offer_id: 1,
            side,
            name: name.into(),
            position: "职工".into(),
            is_chief,
            is_outside_expert: false,
            removed_at: None,
            created_at: at("2026-03-01T02:00:00"),
        }
    }

    fn three(side: Side, first: i64) -> Vec<RepresentativeRow> {
        (0..3)
            .map(|i| person(first + i, side, &format!("{}{i}", side.as_str()), i == 0))
            .collect()
    }

    #[test]
    fn the_chiefs_chair_in_turn_the_offering_side_first() {
        assert_eq!(chair_of_next_session(Side::Workers, 0), Side::Workers);
        assert_eq!(chair_of_next_session(Side::Workers, 1), Side::Employer);
        assert_eq!(chair_of_next_session(Side::Workers, 2), Side::Workers);
        assert_eq!(chair_of_next_session(Side::Employer, 0), Side::Employer);
    }

    #[test]
    fn bargaining_starts_only_when_both_lists_keep_every_rule() {
        let accepted = offer(OfferStatus::Accepted);
        let workers_only = three(Side::Workers, 1);
        let errors = start(&accepted, &workers_only).err().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e.message.starts_with("AT_LEAST_THREE"))
        );
        let mut both = three(Side::Workers, 1);
        both.extend(three(Side::Employer, 10));
        let started = start(&accepted, &both).unwrap();
        assert_eq!(
            started.changes.unwrap().status,
            Some(OfferStatus::InNegotiation)
        );
    }

    #[test]
    fn representatives_are_named_once_the_offer_is_accepted() {
        let list = people(&three(Side::Workers, 1), Side::Workers);
        let early = set_representatives(
            &offer(OfferStatus::Issued),
            Side::Workers,
            list,
            &[],
            "工会",
        );
        assert_eq!(early.err().unwrap()[0].field, vec!["offerId"]);
    }

    #[test]
    fn under_way_a_new_list_keeps_the_sides_equal() {
        let mut current = three(Side::Workers, 1);
        current.extend(three(Side::Employer, 10));
        let four: Vec<Representative> = people(&three(Side::Employer, 20), Side::Employer)
            .into_iter()
            .chain([Representative {
                name: "第四人".into(),
                position: "职员".into(),
                is_chief: false,
                is_outside_expert: false,
            }])
            .collect();
        let negotiating = offer(OfferStatus::InNegotiation);
        let unequal = set_representatives(&negotiating, Side::Employer, four, &current, "企业");
        assert!(
            unequal.err().unwrap()[0]
                .message
                .starts_with("EQUAL_NUMBERS")
        );
    }

    #[test]
    fn a_blank_name_is_refused() {
        let mut list = people(&three(Side::Workers, 1), Side::Workers);
        list[1].name.clear();
        let refused = set_representatives(
            &offer(OfferStatus::Accepted),
            Side::Workers,
            list,
            &[],
            "工会",
        );
        assert_eq!(refused.err().unwrap()[0].code, UserErrorCode::Required);
    }

    #[test]
    fn a_removal_opens_the_refill_clock_unless_one_runs() {
        let gone = person(2, Side::Employer, "李四", false);
        let now = at("2026-04-01T02:00:00");
        let first = remove_representative(&gone, false, "企业", now).unwrap();
        let [ClockChange::Open(opening)] = first.clocks.as_slice() else {
            panic!("the refill clock opens");
        };
        assert_eq!(
            opening.clock.kind,
            DeadlineKind::RepresentativeRefillEmployer
        );
        let second = remove_representative(&gone, true, "企业", now).unwrap();
        assert!(second.clocks.is_empty());
        assert_eq!(
            second.announce,
            Some(DeadlineKind::RepresentativeRefillEmployer)
        );
    }

    #[test]
    fn a_session_needs_a_place_and_a_neutral_note_taker() {
        let plan = |place: &str, note_taker: &str| SessionPlan {
            kind: SessionKind::Meeting,
            scheduled_at: at("2026-04-10T01:00:00"),
            place: place.into(),
            note_taker: note_taker.into(),
        };
        let negotiating = offer(OfferStatus::InNegotiation);
        let now = at("2026-04-01T02:00:00");
        let no_taker = schedule_session(&negotiating, plan("会议室", ""), 0, now);
        assert_eq!(no_taker.err().unwrap()[0].field, vec!["noteTaker"]);
        let suspended = schedule_session(
            &offer(OfferStatus::Suspended),
            plan("会议室", "王五"),
            0,
            now,
        );
        assert!(suspended.is_err());
        let second = schedule_session(&negotiating, plan("会议室", "王五"), 1, now).unwrap();
        assert_eq!(second.details["chair"], "EMPLOYER");
    }

    #[test]
    fn a_suspension_names_a_day_after_today() {
        let negotiating = offer(OfferStatus::InNegotiation);
        let today = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        let same_day = suspend(&negotiating, today, today);
        assert_eq!(same_day.err().unwrap()[0].field, vec!["resumeOn"]);
        let tomorrow = today.succ_opt().unwrap();
        let suspended = suspend(&negotiating, tomorrow, today).unwrap();
        assert_eq!(
            suspended.changes.unwrap().suspended_until,
            Some(Some(tomorrow))
        );
    }

    #[test]
    fn a_concluded_negotiation_is_no_longer_suspended() {
        let suspended = offer(OfferStatus::Suspended);
        let now = at("2026-04-01T02:00:00");
        let concluded = conclude(&suspended, NegotiationOutcome::Memorandum, None, now).unwrap();
        let changes = concluded.changes.unwrap();
        assert_eq!(changes.status, Some(OfferStatus::Concluded));
        assert_eq!(changes.suspended_until, Some(None));
        assert!(
            conclude(
                &offer(OfferStatus::Accepted),
                NegotiationOutcome::Minutes,
                None,
                now
            )
            .is_err()
        );
    }
}
