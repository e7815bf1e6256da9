//! The kinds of statutory clock, and a clock as a rule states it: its kind,
//! its period and the rule in words with its article. Each area defines its
//! clocks beside its rules; this list names them all, so that a filter
//! with a typo is a validation error rather than an empty list.

use std::borrow::Cow;

use super::counting::Period;
use crate::change::Side;

crate::text_enum! {
    /// What a statutory clock is for.
    pub enum DeadlineKind {
        /// The written answer to an offer (CCP Art. 32: 20 days).
        OfferReply = "OFFER_REPLY",
        /// A region's local rule: bargaining starts within N working days of acceptance.
        NegotiationStart = "NEGOTIATION_START",
        /// Filling the workers' vacant representative place (CCP Art. 31: 15 days).
        RepresentativeRefillWorkers = "REPRESENTATIVE_REFILL_WORKERS",
        /// Filling the employer's vacant representative place (CCP Art. 31: 15 days).
        RepresentativeRefillEmployer = "REPRESENTATIVE_REFILL_EMPLOYER",
        /// The labour administration's coordination of a dispute (CCP Art. 52: 30 days, extendable by 15).
        DisputeCoordination = "DISPUTE_COORDINATION",
        /// Filing a signed contract (CCP Art. 42: 10 days unless a region says otherwise).
        AgreementFiling = "AGREEMENT_FILING",
        /// The review of a filed contract (CCP Arts. 44, 47: 15 days, then in force).
        AgreementReview = "AGREEMENT_REVIEW",
        /// Publishing a contract in force to the workers (CCP Art. 48).
        AgreementPublication = "AGREEMENT_PUBLICATION",
        /// The end of a contract's term (CCP Art. 38).
        AgreementTerm = "AGREEMENT_TERM",
        /// Three months before the end of the term, when renewal may be proposed (CCP Art. 38).
        AgreementRenewal = "AGREEMENT_RENEWAL",
        /// The city office loading the next year's State Council holiday notice (asked from 1 November, by 31 December).
        HolidayNotice = "HOLIDAY_NOTICE",
        /// The district office's information form on a risk case (seed 004 §八: 24 hours from receipt).
        RiskForm = "RISK_FORM",
        /// Reporting an urgent risk case to the city office (seed 004 §八: at once; 2 hours unless a region says otherwise).
        RiskUrgentReport = "RISK_URGENT_REPORT",
        /// An employer's monthly headcount return (by the 10th of the next month unless a region says otherwise).
        HeadcountReturn = "HEADCOUNT_RETURN",
        /// A rectification item's time limit (整改时限清单), set by the office.
        Rectification = "RECTIFICATION",
        /// The 30 days from a layoff's explanation to its earliest termination (LCL Art. 41).
        LayoffNotice = "LAYOFF_NOTICE",
        /// The employer's written answer to the union's opinion on a layoff (LCL Art. 43; 7 days unless a region says otherwise).
        LayoffAnswer = "LAYOFF_ANSWER",
        /// Six months from a layoff's termination, when those laid off are offered new jobs first (LCL Art. 41 ¶3).
        LayoffRehiring = "LAYOFF_REHIRING",
        /// A district office's summary of a campaign to the office that runs it (seed 000 §二.(三): by 15 December unless the organizer sets another day).
        CampaignSummary = "CAMPAIGN_SUMMARY",
    }
}

impl DeadlineKind {
    /// Whether a miss is told to the city office as well as to those the
    /// clock concerns: the district offices' risk clocks.
    pub fn escalates(self) -> bool {
        matches!(
            self,
            DeadlineKind::RiskForm | DeadlineKind::RiskUrgentReport
        )
    }

    /// The refill clock of a side's representatives.
    pub fn refill(side: Side) -> DeadlineKind {
        match side {
            Side::Workers => DeadlineKind::RepresentativeRefillWorkers,
            Side::Employer => DeadlineKind::RepresentativeRefillEmployer,
        }
    }
}

/// A statutory clock: what it is for, how long it runs, and the rule in
/// words, with its article, as the ledger and the emails show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatutoryClock {
    pub kind: DeadlineKind,
    pub period: Period,
    pub rule: Cow<'static, str>,
}

impl StatutoryClock {
    /// A clock whose rule never changes.
    pub const fn fixed(kind: DeadlineKind, period: Period, rule: &'static str) -> StatutoryClock {
        StatutoryClock {
            kind,
            period,
            rule: Cow::Borrowed(rule),
        }
    }

    /// A clock whose period a region sets, with the rule worded for it.
    pub fn set(kind: DeadlineKind, period: Period, rule: String) -> StatutoryClock {
        StatutoryClock {
            kind,
            period,
            rule: Cow::Owned(rule),
        }
    }
}
