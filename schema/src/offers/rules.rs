//! The rules of offers and negotiations: which step may follow which, and
//! the statutory periods. This is where the 20-day reply comes from.

use super::kinds::OfferStatus;
use crate::deadlines::counting::Period;

/// CCP Art. 32: the receiving side answers in writing within 20 days of receipt.
pub const OFFER_REPLY: (&str, Period, &str) = (
    "OFFER_REPLY",
    Period::Days(20),
    "书面回应要约（《集体合同规定》第三十二条，收到要约之日起20日内）",
);

/// CCP Art. 31: a vacant representative's place is filled within 15 days.
pub const REPRESENTATIVE_REFILL: (&str, Period, &str) = (
    "REPRESENTATIVE_REFILL",
    Period::Days(15),
    "补足协商代表（《集体合同规定》第三十一条，15日内）",
);

/// CCP Art. 50: the labour administration coordinates within 30 days, extendable by 15.
pub const DISPUTE_COORDINATION: (&str, Period, &str) = (
    "DISPUTE_COORDINATION",
    Period::Days(30),
    "协调处理集体协商争议（《集体合同规定》第五十条，30日内）",
);

/// The longest extension of a coordination, in days.
pub const DISPUTE_EXTENSION_MAX: u32 = 15;

/// A local rule, off unless a region sets it: bargaining starts within N
/// working days of accepting an offer.
pub const NEGOTIATION_START_KIND: &str = "NEGOTIATION_START";

pub fn negotiation_start(working_days: u32) -> (Period, String) {
    (
        Period::WorkingDays(working_days),
        format!("开始集体协商（地方规定：同意协商后{working_days}个工作日内）"),
    )
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
mod tests {
    use super::*;
    use OfferStatus::*;

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
    fn the_reply_period_is_twenty_days() {
        assert_eq!(OFFER_REPLY.1, Period::Days(20));
    }
}
