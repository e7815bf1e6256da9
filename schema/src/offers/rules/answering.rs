//! An offer from issue to answer (CCP Art. 32): issued through the platform
//! it is received at once, on paper when its receipt is recorded; the other
//! side answers in writing within 20 days, a refusal with its reason; a
//! public body may mark a refusal as without valid reason.

use chrono::NaiveDateTime;
use serde_json::json;

use super::{OFFER_REPLY, Step, negotiation_start, next};
use crate::change::{Audience, Decision, Ruling};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::DeadlineStatus;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserErrorCode, refused};
use crate::offers::kinds::{Delivery, OfferStatus};
use crate::offers::storage::{OfferChanges, OfferRow};

/// Issues a draft. Through the platform the reply clock starts at once.
pub fn issue(offer: &OfferRow, delivery: Delivery, now: NaiveDateTime) -> Ruling<OfferRow> {
    let status = next(offer.status, Step::Issue)?;
    let received = (delivery == Delivery::Platform).then_some(now);
    let mut decision = Decision::new(
        EventKind::OfferIssued,
        [Audience::Side(offer.initiating_side.other())],
    )
    .change(OfferChanges {
        status: Some(status),
        delivery: Some(Some(delivery)),
        issued_at: Some(Some(now)),
        received_at: Some(received),
        ..OfferChanges::default()
    })
    .announce(DeadlineKind::OfferReply)
    .details(json!({ "delivery": delivery.as_str() }));
    if let Some(received) = received {
        decision = decision.open(OFFER_REPLY, received, [Audience::Parties]);
    }
    Ok(decision)
}

/// Records when a paper offer was received; the reply clock runs from then.
pub fn record_receipt(
    offer: &OfferRow,
    received: NaiveDateTime,
    now: NaiveDateTime,
) -> Ruling<OfferRow> {
    if offer.status != OfferStatus::Issued
        || offer.delivery != Some(Delivery::Paper)
        || offer.received_at.is_some()
    {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "only an issued paper offer awaits its receipt",
        ));
    }
    if received > now || offer.issued_at.is_some_and(|issued| received < issued) {
        return Err(refused(
            "receivedAt",
            UserErrorCode::OutOfRange,
            "must fall between the issue and now",
        ));
    }
    Ok(Decision::new(EventKind::OfferReceived, [Audience::Parties])
        .change(OfferChanges {
            received_at: Some(Some(received)),
            ..OfferChanges::default()
        })
        .open(OFFER_REPLY, received, [Audience::Parties])
        .announce(DeadlineKind::OfferReply))
}

/// The written answer. A refusal needs its reason; an acceptance starts the
/// region's clock for bargaining to begin, when the region sets one.
pub fn answer(
    offer: &OfferRow,
    accept: bool,
    reason: Option<String>,
    start_within_working_days: Option<u32>,
    now: NaiveDateTime,
) -> Ruling<OfferRow> {
    let status = next(
        offer.status,
        if accept { Step::Accept } else { Step::Decline },
    )?;
    if !accept && reason.is_none() {
        return Err(refused(
            "reason",
            UserErrorCode::Required,
            "a refusal needs its reason (CCP Art. 32)",
        ));
    }
    if offer.received_at.is_none() {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "record the paper offer's receipt first",
        ));
    }
    let event = if accept {
        EventKind::OfferAccepted
    } else {
        EventKind::OfferDeclined
    };
    let reason = if accept { None } else { reason };
    let mut decision = Decision::new(event, [Audience::Side(offer.initiating_side)])
        .change(OfferChanges {
            status: Some(status),
            answered_at: Some(Some(now)),
            decline_reason: Some(reason.clone()),
            ..OfferChanges::default()
        })
        .close(DeadlineKind::OfferReply, DeadlineStatus::Met)
        .details(json!({ "reason": reason }));
    if let (true, Some(days)) = (accept, start_within_working_days) {
        decision = decision.open(negotiation_start(days), now, [Audience::Parties]);
    }
    Ok(decision)
}

/// Marks a refusal as without valid reason, telling the union and its
/// federation (seed 000 §二.2: the federation follows such refusals up).
pub fn flag_decline(
    offer: &OfferRow,
    union_and_federation: Vec<i64>,
    flagger: &str,
    now: NaiveDateTime,
) -> Ruling<OfferRow> {
    if offer.status != OfferStatus::Declined || offer.decline_flagged_at.is_some() {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "only a refusal not yet flagged can be flagged",
        ));
    }
    Ok(Decision::new(
        EventKind::OfferDeclineFlagged,
        [Audience::Organizations(union_and_federation)],
    )
    .change(OfferChanges {
        decline_flagged_at: Some(Some(now)),
        ..OfferChanges::default()
    })
    .details(json!({ "flagger": flagger })))
}

/// Withdraws a draft or an unanswered offer; the other side hears of it
/// only if it was issued.
pub fn withdraw(offer: &OfferRow) -> Ruling<OfferRow> {
    let status = next(offer.status, Step::Withdraw)?;
    let audience = match offer.status {
        OfferStatus::Issued => vec![Audience::Side(offer.initiating_side.other())],
        _ => vec![],
    };
    Ok(Decision::new(EventKind::OfferWithdrawn, audience)
        .change(OfferChanges {
            status: Some(status),
            ..OfferChanges::default()
        })
        .close(DeadlineKind::OfferReply, DeadlineStatus::Cancelled))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, offer};
    use super::*;
    use crate::change::ClockChange;

    #[test]
    fn an_offer_issued_through_the_platform_is_received_at_once_and_starts_the_reply_clock() {
        let now = at("2026-03-02T02:00:00");
        let decision = issue(&offer(OfferStatus::Draft), Delivery::Platform, now).unwrap();
        let changes = decision.changes.as_ref().unwrap();
        assert_eq!(changes.status, Some(OfferStatus::Issued));
        assert_eq!(changes.received_at, Some(Some(now)));
        let [ClockChange::Open(opening)] = decision.clocks.as_slice() else {
            panic!("one clock opens: {:?}", decision.clocks);
        };
        assert_eq!(opening.clock.kind, DeadlineKind::OfferReply);
        assert_eq!(opening.start, now);
    }

    #[test]
    fn a_paper_offer_waits_for_its_receipt_before_the_clock_starts() {
        let decision = issue(
            &offer(OfferStatus::Draft),
            Delivery::Paper,
            at("2026-03-02T02:00:00"),
        );
        let decision = decision.unwrap();
        assert!(decision.clocks.is_empty());
        assert_eq!(decision.changes.unwrap().received_at, Some(None));
    }

    #[test]
    fn a_receipt_falls_between_the_issue_and_now() {
        let mut paper = offer(OfferStatus::Issued);
        paper.delivery = Some(Delivery::Paper);
        paper.issued_at = Some(at("2026-03-02T02:00:00"));
        let now = at("2026-03-05T02:00:00");
        let before_issue = record_receipt(&paper, at("2026-03-01T02:00:00"), now);
        assert_eq!(before_issue.err().unwrap()[0].field, vec!["receivedAt"]);
        let future = record_receipt(&paper, at("2026-03-06T02:00:00"), now);
        assert_eq!(future.err().unwrap()[0].code, UserErrorCode::OutOfRange);
        assert!(record_receipt(&paper, at("2026-03-03T02:00:00"), now).is_ok());
        paper.received_at = Some(at("2026-03-03T02:00:00"));
        let twice = record_receipt(&paper, at("2026-03-03T02:00:00"), now);
        assert_eq!(twice.err().unwrap()[0].code, UserErrorCode::RuleViolated);
    }

    #[test]
    fn a_refusal_needs_its_reason() {
        let mut issued = offer(OfferStatus::Issued);
        issued.received_at = Some(at("2026-03-02T02:00:00"));
        let now = at("2026-03-03T02:00:00");
        let refused = answer(&issued, false, None, None, now).err().unwrap();
        assert_eq!(refused[0].field, vec!["reason"]);
        assert_eq!(refused[0].code, UserErrorCode::Required);
        let declined = answer(&issued, false, Some("经营困难".into()), None, now).unwrap();
        assert_eq!(declined.event, EventKind::OfferDeclined);
        assert_eq!(
            declined.changes.unwrap().decline_reason,
            Some(Some("经营困难".into()))
        );
    }

    #[test]
    fn a_paper_offer_is_answered_only_after_its_receipt() {
        let issued = offer(OfferStatus::Issued);
        let early = answer(&issued, true, None, None, at("2026-03-03T02:00:00"));
        assert_eq!(
            early.err().unwrap()[0].message,
            "record the paper offer's receipt first"
        );
    }

    #[test]
    fn acceptance_meets_the_reply_clock_and_starts_the_local_start_clock() {
        let mut issued = offer(OfferStatus::Issued);
        issued.received_at = Some(at("2026-03-02T02:00:00"));
        let accepted = answer(
            &issued,
            true,
            Some("ignored".into()),
            Some(10),
            issued.received_at.unwrap(),
        );
        let accepted = accepted.unwrap();
        assert_eq!(
            accepted.changes.as_ref().unwrap().decline_reason,
            Some(None)
        );
        let kinds: Vec<_> = accepted
            .clocks
            .iter()
            .map(|c| match c {
                ClockChange::Open(o) => (o.clock.kind, None),
                ClockChange::Close(kind, status) => (*kind, Some(*status)),
                ClockChange::Extend(kind, _) => (*kind, None),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                (DeadlineKind::OfferReply, Some(DeadlineStatus::Met)),
                (DeadlineKind::NegotiationStart, None)
            ]
        );
        let without_rule = answer(&issued, true, None, None, issued.received_at.unwrap());
        assert_eq!(without_rule.unwrap().clocks.len(), 1);
    }

    #[test]
    fn a_refusal_is_flagged_once() {
        let mut declined = offer(OfferStatus::Declined);
        let now = at("2026-03-03T02:00:00");
        let flagged = flag_decline(
            &declined,
            vec![7, 8],
            "南关区协调劳动关系三方委员会办公室",
            now,
        );
        assert_eq!(
            flagged.unwrap().audience,
            vec![Audience::Organizations(vec![7, 8])]
        );
        declined.decline_flagged_at = Some(now);
        assert!(flag_decline(&declined, vec![7], "x", now).is_err());
        assert!(flag_decline(&offer(OfferStatus::Accepted), vec![7], "x", now).is_err());
    }

    #[test]
    fn only_an_issued_offer_tells_the_other_side_of_its_withdrawal() {
        assert!(
            withdraw(&offer(OfferStatus::Draft))
                .unwrap()
                .audience
                .is_empty()
        );
        let issued = withdraw(&offer(OfferStatus::Issued)).unwrap();
        assert_eq!(issued.audience.len(), 1);
        assert!(withdraw(&offer(OfferStatus::Accepted)).is_err());
    }
}
