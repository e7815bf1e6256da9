//! Disputes in bargaining (CCP Arts. 49–53): either side may ask the labour
//! administration to coordinate (Art. 50); it has 30 days, extendable by at
//! most 15 in total (Art. 52), and ends the coordination with the agreed
//! handling (Art. 53).

use serde_json::json;

use super::{DISPUTE_EXTENSION_MAX, under_way};
use crate::change::{Audience, Decision, Ruling};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::DeadlineStatus;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserError, UserErrorCode, refused};
use crate::offers::kinds::{DisputeStatus, OfferStatus};
use crate::offers::record::OfferWrite;
use crate::offers::storage::{DisputeRow, OfferRow};

/// Whether a coordination may be asked for now: for an offer answered and
/// not yet concluded, with no coordination under way.
pub fn may_request_coordination(
    offer: &OfferRow,
    disputes: &[DisputeRow],
) -> Result<(), Vec<UserError>> {
    if !under_way(offer) && offer.status != OfferStatus::Declined {
        return Err(refused(
            "offerId",
            UserErrorCode::RuleViolated,
            "coordination is for offers answered and not yet concluded",
        ));
    }
    if disputes.iter().any(|d| d.status == DisputeStatus::Open) {
        return Err(refused(
            "offerId",
            UserErrorCode::Taken,
            "a coordination is already under way",
        ));
    }
    Ok(())
}

/// Extends an open coordination by `days`, in one step or several, as long
/// as the extensions total at most 15 days (CCP Art. 52).
pub fn extend(dispute: &DisputeRow, days: i32) -> Ruling<OfferRow> {
    if dispute.status != DisputeStatus::Open {
        return Err(refused(
            "disputeId",
            UserErrorCode::RuleViolated,
            "only a coordination under way is extended",
        ));
    }
    let left = DISPUTE_EXTENSION_MAX - dispute.extended_days;
    if days < 1 || days > left {
        let message = match left {
            0 => "the coordination was extended by the 15 days it may be (CCP Art. 52)".to_owned(),
            _ => {
                format!("extensions total at most 15 days (CCP Art. 52): 1 to {left} days are left")
            }
        };
        return Err(refused("days", UserErrorCode::OutOfRange, message));
    }
    let kind = DeadlineKind::DisputeCoordination;
    Ok(
        Decision::new(EventKind::CoordinationExtended, [Audience::Clock(kind)])
            .write(OfferWrite::Dispute {
                dispute: dispute.id,
                extended_days: dispute.extended_days + days,
                resolution: None,
            })
            .extend(kind, days.unsigned_abs())
            .announce(kind)
            .details(json!({ "days": days })),
    )
}

/// Ends an open coordination with the agreed handling (协调处理协议书).
pub fn resolve(dispute: &DisputeRow, resolution: String) -> Ruling<OfferRow> {
    if dispute.status != DisputeStatus::Open {
        return Err(refused(
            "disputeId",
            UserErrorCode::RuleViolated,
            "the coordination is over",
        ));
    }
    let kind = DeadlineKind::DisputeCoordination;
    let details = json!({ "resolution": resolution });
    Ok(Decision::new(
        EventKind::CoordinationResolved,
        [Audience::Parties, Audience::Clock(kind)],
    )
    .write(OfferWrite::Dispute {
        dispute: dispute.id,
        extended_days: dispute.extended_days,
        resolution: Some(resolution),
    })
    .close(kind, DeadlineStatus::Met)
    .details(details))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, offer};
    use super::*;
    use crate::change::{ClockChange, Side};

    fn dispute(status: DisputeStatus, extended_days: i32) -> DisputeRow {
        DisputeRow {
            id: 4,
            offer_id: 1,
            requested_by: Side::Workers,
            reason: "工资增幅分歧".into(),
            status,
            extended_days,
            resolution: None,
            opened_at: at("2026-04-01T02:00:00"),
            resolved_at: None,
        }
    }

    fn extended_by(ruling: Ruling<OfferRow>) -> (i32, Vec<ClockChange>) {
        let decision = ruling.unwrap();
        let total = match decision.writes.as_slice() {
            [OfferWrite::Dispute { extended_days, .. }] => *extended_days,
            _ => panic!("one write of the dispute"),
        };
        (total, decision.clocks)
    }

    #[test]
    fn extensions_total_at_most_fifteen_days_in_one_step_or_several() {
        let open = dispute(DisputeStatus::Open, 0);
        assert_eq!(extend(&open, 16).err().unwrap()[0].field, vec!["days"]);
        assert_eq!(
            extend(&open, 0).err().unwrap()[0].code,
            UserErrorCode::OutOfRange
        );
        let (total, clocks) = extended_by(extend(&open, 15));
        assert_eq!(total, 15);
        assert!(matches!(
            clocks.as_slice(),
            [ClockChange::Extend(DeadlineKind::DisputeCoordination, 15)]
        ));
        // Ten days first, then the five that are left, and no more.
        let extended = dispute(DisputeStatus::Open, 10);
        let (total, clocks) = extended_by(extend(&extended, 5));
        assert_eq!(total, 15);
        assert!(matches!(clocks.as_slice(), [ClockChange::Extend(_, 5)]));
        let over = extend(&extended, 6).err().unwrap();
        assert_eq!(over[0].field, vec!["days"]);
        assert!(
            over[0].message.contains("1 to 5 days are left"),
            "{}",
            over[0].message
        );
        let spent = extend(&dispute(DisputeStatus::Open, 15), 1).err().unwrap();
        assert!(spent[0].message.contains("Art. 52"), "{}", spent[0].message);
        let resolved = extend(&dispute(DisputeStatus::Resolved, 0), 5)
            .err()
            .unwrap();
        assert_eq!(resolved[0].field, vec!["disputeId"]);
    }

    #[test]
    fn only_one_coordination_runs_at_a_time() {
        let negotiating = offer(OfferStatus::InNegotiation);
        assert!(may_request_coordination(&negotiating, &[]).is_ok());
        let running = [dispute(DisputeStatus::Open, 0)];
        let taken = may_request_coordination(&negotiating, &running)
            .err()
            .unwrap();
        assert_eq!(taken[0].code, UserErrorCode::Taken);
        let resolved = [dispute(DisputeStatus::Resolved, 0)];
        assert!(may_request_coordination(&offer(OfferStatus::Declined), &resolved).is_ok());
        assert!(may_request_coordination(&offer(OfferStatus::Draft), &[]).is_err());
    }

    #[test]
    fn a_resolved_coordination_stays_resolved() {
        let over = resolve(&dispute(DisputeStatus::Resolved, 0), "协议".into());
        assert_eq!(over.err().unwrap()[0].message, "the coordination is over");
        let resolved = resolve(&dispute(DisputeStatus::Open, 3), "协议".into()).unwrap();
        assert!(matches!(
            resolved.writes.as_slice(),
            [OfferWrite::Dispute {
                extended_days: 3,
                resolution: Some(_),
                ..
            }]
        ));
    }
}
