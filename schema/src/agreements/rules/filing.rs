//! Filing and review (CCP Arts. 42–47, LCL Art. 54): the employer's side
//! files a signed contract, late only with an explanation, and gets a
//! receipt number; the reviewing labour administration approves or objects
//! within 15 days, and with no objection the contract takes effect by itself.

use chrono::{Datelike, NaiveDateTime};
use serde_json::json;

use super::{Periods, REVIEW, Step, check_step, filing, publication, renewal, term};
use crate::agreements::kinds::{AgreementStatus, ReviewOutcome};
use crate::agreements::record::AgreementWrite;
use crate::agreements::storage::{AgreementChanges, AgreementRow, ReviewRow};
use crate::change::{Audience, Decision, Ruling};
use crate::deadlines::counting::local_date;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::DeadlineStatus;
use crate::deadlines::storage::DeadlineRow;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserErrorCode, refused};
use crate::graphql::text;

/// Who follows a filed contract: the parties, the associations and the reviewer.
const EVERYONE: [Audience; 3] = [Audience::Parties, Audience::Followers, Audience::Overseers];

/// What a filing needs to know besides the agreement.
pub struct Filing {
    /// The latest filing clock, if one ran.
    pub clock: Option<DeadlineRow>,
    /// The division code of the agreement's region.
    pub region_code: String,
    /// Receipts the region issued so far in this year (Beijing time).
    pub receipts_this_year: i64,
    /// The reviewing labour administration and its name.
    pub reviewer: Option<(i64, String)>,
}

/// Filed late: the filing clock was missed, or has run out and not yet been marked.
pub fn is_late(clock: Option<&DeadlineRow>, now: NaiveDateTime) -> bool {
    clock.is_some_and(|c| {
        c.status == DeadlineStatus::Missed || (c.status == DeadlineStatus::Open && c.due_at < now)
    })
}

/// The receipt number of a filing: the region's division code, the year
/// (Beijing time) and the region's sequence in that year, e.g.
/// `220106-2026-0017`. It names no database row.
pub fn receipt_number(region_code: &str, year: i32, sequence: i64) -> String {
    format!("{region_code}-{year}-{sequence:04}")
}

/// What every receipt of a region and year starts with.
pub fn receipt_prefix(region_code: &str, year: i32) -> String {
    format!("{region_code}-{year}-")
}

/// Files a signed (or objected) contract with its reviewer; the review starts.
pub fn file(
    agreement: &AgreementRow,
    facts: &Filing,
    late_explanation: Option<&str>,
    now: NaiveDateTime,
) -> Ruling<AgreementRow> {
    check_step(agreement.kind, agreement.status, Step::File)?;
    let late = is_late(facts.clock.as_ref(), now);
    let explanation = match late {
        true => Some(
            text::required(
                &["lateExplanation"],
                late_explanation.unwrap_or_default(),
                2_000,
            )
            .map_err(|e| vec![e])?,
        ),
        false => None,
    };
    let Some((reviewer, reviewer_name)) = facts.reviewer.clone() else {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "no labour administration oversees the agreement's region",
        ));
    };
    let year = local_date(now.and_utc()).year();
    let receipt = receipt_number(&facts.region_code, year, facts.receipts_this_year + 1);
    let details = json!({ "receipt": receipt, "late": late, "lateExplanation": explanation,
                          "reviewer": reviewer_name });
    let filing_status = if late {
        DeadlineStatus::Missed
    } else {
        DeadlineStatus::Met
    };
    // The reviewer is known already: named, rather than looked up again.
    let reviewer_audience = Audience::Organizations(vec![reviewer]);
    let audience = [
        Audience::Parties,
        Audience::Followers,
        reviewer_audience.clone(),
    ];
    Ok(Decision::new(EventKind::AgreementFiled, audience)
        .change(AgreementChanges {
            status: Some(AgreementStatus::Filed),
            ..AgreementChanges::default()
        })
        .write(AgreementWrite::Filing(ReviewRow {
            id: 0,
            agreement_id: agreement.id,
            reviewer_id: reviewer,
            filed_at: now,
            receipt_number: receipt,
            filed_late: late,
            late_explanation: explanation,
            outcome: ReviewOutcome::Pending,
            opinion: None,
            decided_at: None,
        }))
        .close(DeadlineKind::AgreementFiling, filing_status)
        .open(REVIEW, now, [reviewer_audience, Audience::Parties])
        .announce(DeadlineKind::AgreementReview)
        .details(details))
}

/// The reviewer's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    /// With the text of the 审查意见书.
    Object(String),
}

/// Ends the review: approved, the contract takes effect now; objected, the
/// parties renegotiate and refile (CCP Art. 46): a filing clock runs from
/// the objection until they revise the text, which then is voted on and
/// signed again, and the new signatures start the filing clock anew.
pub fn review(
    agreement: &AgreementRow,
    verdict: Verdict,
    reviewer_name: &str,
    periods: Periods,
    now: NaiveDateTime,
) -> Ruling<AgreementRow> {
    check_step(agreement.kind, agreement.status, Step::Review)?;
    let opinion = match verdict {
        Verdict::Approve => {
            let effect = take_effect(agreement, ReviewOutcome::Approved, now, periods)?;
            return Ok(effect
                .write(AgreementWrite::Review {
                    outcome: ReviewOutcome::Approved,
                    opinion: None,
                })
                .close(DeadlineKind::AgreementReview, DeadlineStatus::Met));
        }
        Verdict::Object(opinion) => opinion,
    };
    let details = json!({ "reviewer": reviewer_name, "opinion": opinion });
    Ok(Decision::new(EventKind::AgreementObjected, EVERYONE)
        .change(AgreementChanges {
            status: Some(AgreementStatus::Objected),
            ..AgreementChanges::default()
        })
        .write(AgreementWrite::Review {
            outcome: ReviewOutcome::Objected,
            opinion: Some(opinion),
        })
        .close(DeadlineKind::AgreementReview, DeadlineStatus::Met)
        .open(filing(periods.filing_days), now, [Audience::Parties])
        .announce(DeadlineKind::AgreementFiling)
        .details(details))
}

/// A reviewed contract in force from `at`: the publication clock starts,
/// and the term's end and the renewal notice are scheduled.
pub fn take_effect(
    agreement: &AgreementRow,
    review: ReviewOutcome,
    at: NaiveDateTime,
    periods: Periods,
) -> Ruling<AgreementRow> {
    if agreement.status != AgreementStatus::Filed {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "only a filed contract takes effect",
        ));
    }
    let details = json!({ "review": review.as_str(), "effectiveOn": local_date(at.and_utc()),
                          "termEnd": agreement.term_ends_on });
    let mut decision = Decision::new(EventKind::AgreementEffective, EVERYONE)
        .change(AgreementChanges {
            status: Some(AgreementStatus::Effective),
            effective_at: Some(Some(at)),
            ..AgreementChanges::default()
        })
        .open(
            publication(periods.publication_days),
            at,
            [Audience::Parties],
        )
        .announce(DeadlineKind::AgreementPublication)
        .details(details);
    if let Some(end) = agreement.term_ends_on {
        decision = decision.open(term(end), at, [Audience::Parties]).open(
            renewal(end),
            at,
            [Audience::Parties],
        );
    }
    Ok(decision)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{agreement, at};
    use super::*;
    use crate::agreements::kinds::AgreementKind;
    use crate::change::ClockChange;
    use chrono::NaiveDate;

    fn signed() -> AgreementRow {
        agreement(AgreementKind::CollectiveContract, AgreementStatus::Signed)
    }

    fn facts(clock: Option<DeadlineRow>) -> Filing {
        Filing {
            clock,
            region_code: "220102".into(),
            receipts_this_year: 17,
            reviewer: Some((8, "南关区人力资源和社会保障局".into())),
        }
    }

    fn filing_clock(status: DeadlineStatus, due: &str) -> DeadlineRow {
        let start = at("2026-03-01T02:00:00");
        DeadlineRow {
            id: 1,
            kind: DeadlineKind::AgreementFiling,
            rule: String::new(),
            period: "DAYS:10".into(),
            subject_type: "Agreement".into(),
            subject_id: 1,
            start_at: start,
            due_at: at(due),
            status,
            next_reminder_at: None,
            reminders_sent: "[]".into(),
            closed_at: None,
            created_at: start,
            version: 1,
        }
    }

    #[test]
    fn a_filing_gets_the_next_receipt_of_its_region_and_beijing_year() {
        // 2026-12-31 17:00 UTC is already 1 January 2027 in Beijing.
        let new_year = file(&signed(), &facts(None), None, at("2026-12-31T17:00:00")).unwrap();
        assert_eq!(new_year.details["receipt"], "220102-2027-0018");
        assert_eq!(receipt_number("220102", 2026, 123), "220102-2026-0123");
        assert_eq!(receipt_prefix("220102", 2026), "220102-2026-");
    }

    #[test]
    fn a_late_filing_needs_its_explanation() {
        let overdue = filing_clock(DeadlineStatus::Open, "2026-03-11T16:00:00");
        let now = at("2026-03-12T02:00:00");
        let refused = file(&signed(), &facts(Some(overdue.clone())), None, now)
            .err()
            .unwrap();
        assert_eq!(refused[0].field, vec!["lateExplanation"]);
        assert_eq!(refused[0].message, "must not be blank");
        let explained = file(&signed(), &facts(Some(overdue)), Some("疫情停工"), now).unwrap();
        assert_eq!(explained.details["late"], true);
        let missed = filing_clock(DeadlineStatus::Missed, "2026-03-11T16:00:00");
        assert!(is_late(Some(&missed), at("2026-03-05T02:00:00")));
        let running = filing_clock(DeadlineStatus::Open, "2026-03-11T16:00:00");
        assert!(!is_late(Some(&running), at("2026-03-05T02:00:00")));
    }

    #[test]
    fn without_a_reviewer_nothing_is_filed() {
        let mut nobody = facts(None);
        nobody.reviewer = None;
        assert!(file(&signed(), &nobody, None, at("2026-03-05T02:00:00")).is_err());
    }

    #[test]
    fn an_objection_reopens_the_filing_clock_of_the_region() {
        let filed = agreement(AgreementKind::CollectiveContract, AgreementStatus::Filed);
        let periods = Periods {
            filing_days: 7,
            publication_days: 5,
        };
        let objected = review(
            &filed,
            Verdict::Object("低于最低工资".into()),
            "人社局",
            periods,
            at("2026-03-05T02:00:00"),
        );
        let objected = objected.unwrap();
        assert_eq!(
            objected.changes.as_ref().unwrap().status,
            Some(AgreementStatus::Objected)
        );
        assert!(objected.clocks.iter().any(
            |c| matches!(c, ClockChange::Open(o) if o.clock.kind == DeadlineKind::AgreementFiling)
        ));
    }

    #[test]
    fn an_approved_contract_takes_effect_with_its_term_and_renewal_clocks() {
        let mut filed = agreement(AgreementKind::CollectiveContract, AgreementStatus::Filed);
        filed.term_ends_on = NaiveDate::from_ymd_opt(2028, 12, 31);
        let now = at("2026-03-05T02:00:00");
        let approved = review(&filed, Verdict::Approve, "人社局", Periods::default(), now).unwrap();
        assert_eq!(approved.event, EventKind::AgreementEffective);
        let opened: Vec<DeadlineKind> = approved
            .clocks
            .iter()
            .filter_map(|c| match c {
                ClockChange::Open(o) => Some(o.clock.kind),
                _ => None,
            })
            .collect();
        assert_eq!(
            opened,
            vec![
                DeadlineKind::AgreementPublication,
                DeadlineKind::AgreementTerm,
                DeadlineKind::AgreementRenewal
            ]
        );
    }
}
