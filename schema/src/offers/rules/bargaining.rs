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
use crate::offers::kinds::{NegotiationOutcome, OfferStatus};
use crate::offers::record::OfferWrite;
use crate::offers::representatives::{
    Representative, RepresentativeRule, balanced, check_both, check_side,
};
use crate::offers::storage::{OfferChanges, OfferRow, RepresentativeRow};

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

/// A broken representative rule as a user error naming the rule, and the
/// row of the input's list that breaks it where one person does.
fn broken(rule: RepresentativeRule, row: Option<usize>) -> UserError {
    let row = row.map(|r| r.to_string());
    let field: Vec<&str> = std::iter::once("representatives")
        .chain(row.as_deref())
        .collect();
    UserError::new(
        &field,
        UserErrorCode::RuleViolated,
        format!("{}: {}", rule.code(), rule.message()),
    )
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
    // The list on its own and against the other side's; once bargaining is
    // under way, also in size. The other side's list kept the rules when named.
    let other = people(current, side.other());
    let mut errors: Vec<UserError> =
        check_side(&list, (!other.is_empty()).then_some(other.as_slice()))
            .into_iter()
            .map(|b| broken(b.rule, b.row))
            .collect();
    let negotiating = offer.status != OfferStatus::Accepted;
    if negotiating && balanced(list.len(), other.len()) == Some(false) {
        errors.push(broken(RepresentativeRule::EqualNumbers, None));
    }
    if !errors.is_empty() {
        return Err(errors);
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
        return Err(rules.into_iter().map(|rule| broken(rule, None)).collect());
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
