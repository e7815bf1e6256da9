//! The rules of offers and negotiations: which step may follow which, and
//! the statutory clocks. This is where the 20-day reply comes from. The
//! modules below decide each step of the offer's life as a pure function.

pub mod answering;
pub mod bargaining;
pub mod confirming;
pub mod disputes;
pub mod drafting;
pub mod sessions;

use super::kinds::OfferStatus;
use crate::change::Side;
use crate::deadlines::counting::Period;
use crate::deadlines::kinds::{DeadlineKind, StatutoryClock};
use crate::graphql::errors::{UserError, UserErrorCode, refused};

/// CCP Art. 32: the receiving side answers in writing within 20 days of receipt.
pub const OFFER_REPLY: StatutoryClock = StatutoryClock::fixed(
    DeadlineKind::OfferReply,
    Period::Days(20),
    "书面回应要约（《集体合同规定》第三十二条，收到要约之日起20日内）",
);

/// CCP Art. 31: a vacant representative's place is filled within 15 days.
pub fn representative_refill(side: Side) -> StatutoryClock {
    StatutoryClock::fixed(
        DeadlineKind::refill(side),
        Period::Days(15),
        "补足协商代表（《集体合同规定》第三十一条，15日内）",
    )
}

/// CCP Art. 52: the labour administration coordinates within 30 days of
/// accepting the request, extendable by at most 15 days in total.
pub const DISPUTE_COORDINATION: StatutoryClock = StatutoryClock::fixed(
    DeadlineKind::DisputeCoordination,
    Period::Days(30),
    "协调处理集体协商争议（《集体合同规定》第五十二条，30日内）",
);

/// The most a coordination may be extended by, in days, in total (CCP Art. 52).
pub const DISPUTE_EXTENSION_MAX: i32 = 15;

/// A local rule, off unless a region sets it: bargaining starts within N
/// working days of accepting an offer.
pub fn negotiation_start(working_days: u32) -> StatutoryClock {
    StatutoryClock::set(
        DeadlineKind::NegotiationStart,
        Period::WorkingDays(working_days),
        format!("开始集体协商（地方规定：同意协商后{working_days}个工作日内）"),
    )
}

/// A region's start rule: 1 to 60 working days, or none.
pub fn check_start_rule(working_days: Option<i32>) -> Result<(), Vec<UserError>> {
    match working_days {
        Some(days) if !(1..=60).contains(&days) => Err(refused(
            "workingDays",
            UserErrorCode::OutOfRange,
            "must be from 1 to 60",
        )),
        _ => Ok(()),
    }
}

/// Accepted, in negotiation or suspended: bargaining is under way.
pub fn under_way(offer: &super::storage::OfferRow) -> bool {
    matches!(
        offer.status,
        OfferStatus::Accepted | OfferStatus::InNegotiation | OfferStatus::Suspended
    )
}

/// The status after `step`, or a user error on `id` saying why not.
pub fn next(status: OfferStatus, step: Step) -> Result<OfferStatus, Vec<UserError>> {
    after(status, step).map_err(|message| refused("id", UserErrorCode::RuleViolated, message))
}

/// A step in an offer's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Issue,
    Accept,
    Decline,
    Start,
    Suspend,
    Resume,
    Conclude,
    Withdraw,
}

/// The status after `step`, or why it cannot be taken now.
pub fn after(status: OfferStatus, step: Step) -> Result<OfferStatus, String> {
    use OfferStatus::*;
    let next = match (status, step) {
        (Draft, Step::Issue) => Issued,
        (Issued, Step::Accept) => Accepted,
        (Issued, Step::Decline) => Declined,
        (Accepted, Step::Start) => InNegotiation,
        (InNegotiation, Step::Suspend) => Suspended,
        (Suspended, Step::Resume) => InNegotiation,
        (InNegotiation | Suspended, Step::Conclude) => Concluded,
        (Draft | Issued, Step::Withdraw) => Withdrawn,
        _ => {
            return Err(format!(
                "an offer that is {} cannot be {}",
                status.as_str(),
                verb(step)
            ));
        }
    };
    Ok(next)
}

fn verb(step: Step) -> &'static str {
    match step {
        Step::Issue => "issued",
        Step::Accept => "accepted",
        Step::Decline => "declined",
        Step::Start => "taken into negotiation",
        Step::Suspend => "suspended",
        Step::Resume => "resumed",
        Step::Conclude => "concluded",
        Step::Withdraw => "withdrawn",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::offers::kinds::OfferCategory;
    use crate::offers::storage::OfferRow;
    use OfferStatus::*;

    /// An instant in UTC, from `2026-03-02T02:00:00`.
    pub(crate) fn at(text: &str) -> chrono::NaiveDateTime {
        text.parse().unwrap()
    }

    /// A union's offer to employer 2 in region 5, at `status`.
    pub(crate) fn offer(status: OfferStatus) -> OfferRow {
        let created = at("2026-03-01T02:00:00");
        OfferRow {
            id: 1,
            campaign_id: None,
            initiating_side: Side::Workers,
            issuing_organization_id: 3,
            receiving_organization_id: 2,
            employer_id: 2,
            union_id: 3,
            region_id: 5,
            category: OfferCategory::Wage,
            topics: "[]".into(),
            proposed_terms: "工资增长5%".into(),
            proposed_time: None,
            proposed_place: "会议室".into(),
            proposed_representatives: 3,
            information_requested: String::new(),
            status,
            delivery: None,
            issued_at: None,
            received_at: None,
            answered_at: None,
            decline_reason: None,
            decline_flagged_at: None,
            outcome: None,
            outcome_summary: None,
            suspended_until: None,
            concluded_at: None,
            version: 1,
            created_at: created,
            updated_at: created,
        }
    }

    #[test]
    fn an_offer_goes_from_draft_to_conclusion() {
        let mut status = Draft;
        for step in [
            Step::Issue,
            Step::Accept,
            Step::Start,
            Step::Suspend,
            Step::Resume,
            Step::Conclude,
        ] {
            status = after(status, step).unwrap();
        }
        assert_eq!(status, Concluded);
    }

    #[test]
    fn steps_out_of_order_are_refused_with_a_reason() {
        assert_eq!(
            after(Draft, Step::Accept),
            Err("an offer that is DRAFT cannot be accepted".into())
        );
        assert!(after(Declined, Step::Start).is_err());
        assert!(
            after(Accepted, Step::Withdraw).is_err(),
            "once accepted, the offer stands"
        );
        assert_eq!(after(Issued, Step::Withdraw), Ok(Withdrawn));
    }

    #[test]
    fn a_start_rule_is_one_to_sixty_working_days_or_none() {
        assert!(check_start_rule(None).is_ok());
        assert!(check_start_rule(Some(10)).is_ok());
        assert_eq!(
            check_start_rule(Some(0)).unwrap_err()[0].field,
            vec!["workingDays"]
        );
        assert!(check_start_rule(Some(61)).is_err());
    }

    #[test]
    fn the_reply_period_is_twenty_days() {
        assert_eq!(OFFER_REPLY.period, Period::Days(20));
        assert_eq!(OFFER_REPLY.kind, DeadlineKind::OfferReply);
    }

    #[test]
    fn each_side_refills_its_own_vacancy_within_fifteen_days() {
        let workers = representative_refill(Side::Workers);
        assert_eq!(workers.kind, DeadlineKind::RepresentativeRefillWorkers);
        assert_eq!(workers.period, Period::Days(15));
        assert_eq!(
            representative_refill(Side::Employer).kind,
            DeadlineKind::RepresentativeRefillEmployer
        );
    }
}
