//! Disputes in bargaining (CCP Arts. 49–53): either side may ask the labour
//! administration to coordinate; it has 30 days, extendable once by up to
//! 15, and ends the coordination with the agreed handling.

use chrono::Duration;
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

/// Extends an open coordination once, by 1 to 15 days (CCP Art. 50).
pub fn extend(dispute: &DisputeRow, days: i32) -> Ruling<OfferRow> {
    if !(1..=DISPUTE_EXTENSION_MAX).contains(&days) {
        return Err(refused(
            "days",
            UserErrorCode::OutOfRange,
            "an extension is 1 to 15 days (CCP Art. 50)",
        ));
    }
    if dispute.status != DisputeStatus::Open || dispute.extended_days > 0 {
        return Err(refused(
            "disputeId",
            UserErrorCode::RuleViolated,
            "a coordination is extended once, while open",
        ));
    }
    let kind = DeadlineKind::DisputeCoordination;
    Ok(
        Decision::new(EventKind::CoordinationExtended, [Audience::Clock(kind)])
            .write(OfferWrite::Dispute {
                dispute: dispute.id,
                extended_days: days,
                resolution: None,
            })
            .extend(kind, Duration::days(i64::from(days)))
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
    use crate::change::Side;

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

    #[test]
    fn a_coordination_is_extended_once_by_at_most_fifteen_days() {
        let open = dispute(DisputeStatus::Open, 0);
        assert_eq!(extend(&open, 16).err().unwrap()[0].field, vec!["days"]);
        assert_eq!(
            extend(&open, 0).err().unwrap()[0].code,
            UserErrorCode::OutOfRange
        );
        assert!(extend(&open, 15).is_ok());
        let extended = dispute(DisputeStatus::Open, 10);
        assert_eq!(
            extend(&extended, 5).err().unwrap()[0].field,
            vec!["disputeId"]
        );
        assert!(extend(&dispute(DisputeStatus::Resolved, 0), 5).is_err());
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
