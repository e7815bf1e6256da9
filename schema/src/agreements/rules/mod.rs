//! The rules of agreements: which step may follow which, the workers'
//! congress vote (CCP Art. 36), the term (Art. 38), and the clocks of
//! filing (Art. 42), review (Arts. 44–47, LCL Art. 54), publication
//! (Art. 48) and renewal (Art. 38). Filing and publication periods differ
//! between provinces: regions may set their own, over these defaults.

pub mod drafting;
pub mod ending;
pub mod filing;
pub mod regional;
pub mod signing;

use chrono::{Months, NaiveDate};

use super::kinds::{AgreementKind, AgreementStatus, SpecialSubject};
use super::storage::RuleRow;
use crate::deadlines::counting::Period;
use crate::deadlines::kinds::{DeadlineKind, StatutoryClock};
use crate::graphql::errors::{UserError, UserErrorCode, refused};

/// CCP Art. 42: filed within 10 days of the signatures, unless a region says otherwise.
pub const DEFAULT_FILING_DAYS: u32 = 10;

/// CCP Art. 48 asks for prompt publication; local rules give 10 days (wages: 5).
pub const DEFAULT_PUBLICATION_DAYS: u32 = 10;

/// CCP Arts. 44 and 47: with no objection within 15 days of receipt, the
/// contract takes effect by itself.
pub const REVIEW: StatutoryClock = StatutoryClock::fixed(
    DeadlineKind::AgreementReview,
    Period::Days(15),
    "审查集体合同（《集体合同规定》第四十四条、第四十七条，收到文本之日起15日内；未提出异议的，集体合同即行生效）",
);

/// How long before expiry renewal may be proposed.
pub const RENEWAL_WINDOW: Months = Months::new(3);

/// CCP Art. 42: filing with the labour administration within `days` of the signatures.
pub fn filing(days: u32) -> StatutoryClock {
    StatutoryClock::set(
        DeadlineKind::AgreementFiling,
        Period::Days(days),
        format!(
            "报送劳动保障行政部门审查（《集体合同规定》第四十二条，双方首席代表签字之日起{days}日内）"
        ),
    )
}

/// CCP Art. 48: publication to all workers within `days` of the effect.
pub fn publication(days: u32) -> StatutoryClock {
    StatutoryClock::set(
        DeadlineKind::AgreementPublication,
        Period::Days(days),
        format!("向全体职工公布（《集体合同规定》第四十八条，生效之日起{days}日内）"),
    )
}

/// CCP Art. 38: the term ends on its last day.
pub fn term(ends_on: NaiveDate) -> StatutoryClock {
    StatutoryClock::fixed(
        DeadlineKind::AgreementTerm,
        Period::Until(ends_on),
        "集体合同期限届满（《集体合同规定》第三十八条）",
    )
}

/// CCP Art. 38: renewal may be proposed in the last three months.
pub fn renewal(ends_on: NaiveDate) -> StatutoryClock {
    let opens = renewal_opens(ends_on).pred_opt().unwrap_or(ends_on);
    StatutoryClock::fixed(
        DeadlineKind::AgreementRenewal,
        Period::Until(opens),
        "可提出续订要求（《集体合同规定》第三十八条，期满前3个月内）",
    )
}

/// A region's filing and publication periods, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    pub filing_days: u32,
    pub publication_days: u32,
}

impl Default for Periods {
    fn default() -> Periods {
        Periods {
            filing_days: DEFAULT_FILING_DAYS,
            publication_days: DEFAULT_PUBLICATION_DAYS,
        }
    }
}

/// The periods for an agreement in the last region of `chain` (the city
/// first): the nearest region's rule for its special subject, else for its
/// kind, else the national defaults.
pub fn periods_for(chain: &[i64], rules: &[RuleRow], subject: Option<SpecialSubject>) -> Periods {
    let subject = subject.map_or("", |s| s.as_str());
    let found = chain.iter().rev().find_map(|region| {
        let of_region = |s: &str| {
            rules
                .iter()
                .find(|r| r.region_id == *region && r.special_subject == s)
        };
        of_region(subject).or_else(|| of_region(""))
    });
    match found {
        Some(rule) => Periods {
            filing_days: u32::try_from(rule.filing_days).unwrap_or(DEFAULT_FILING_DAYS),
            publication_days: u32::try_from(rule.publication_days)
                .unwrap_or(DEFAULT_PUBLICATION_DAYS),
        },
        None => Periods::default(),
    }
}

/// The day from which renewal may be proposed: three months before the last day.
pub fn renewal_opens(ends_on: NaiveDate) -> NaiveDate {
    ends_on
        .checked_sub_months(RENEWAL_WINDOW)
        .unwrap_or(ends_on)
}

/// A step in an agreement's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Revise,
    Vote,
    Sign,
    File,
    Review,
    Publish,
    Expire,
    Renew,
    Terminate,
}

/// A user error on `id` when `step` cannot be taken now.
pub fn check_step(
    kind: AgreementKind,
    status: AgreementStatus,
    step: Step,
) -> Result<(), Vec<UserError>> {
    allowed(kind, status, step)
        .map_err(|message| refused("id", UserErrorCode::RuleViolated, message))
}

/// Whether `step` may be taken now; the status after it is set by the
/// step's own outcome (a vote may fail, a review may object).
pub fn allowed(kind: AgreementKind, status: AgreementStatus, step: Step) -> Result<(), String> {
    use AgreementStatus::*;
    let contract = kind.is_contract();
    let ok = match step {
        Step::Revise => matches!(status, Drafting | Objected),
        Step::Vote => contract && status == Drafting,
        Step::Sign => (contract && status == Approved) || (!contract && status == Drafting),
        Step::File => contract && matches!(status, Signed | Objected),
        Step::Review => status == Filed,
        Step::Publish | Step::Terminate => status == Effective,
        Step::Expire => status == Effective,
        Step::Renew => contract && matches!(status, Effective | Expired),
    };
    if ok {
        Ok(())
    } else if !contract && matches!(step, Step::Vote | Step::File | Step::Renew) {
        Err(format!(
            "a {} is signed only: it is not voted on, filed or renewed",
            kind.as_str()
        ))
    } else {
        Err(format!(
            "an agreement that is {} cannot be {}",
            status.as_str(),
            verb(step)
        ))
    }
}

fn verb(step: Step) -> &'static str {
    match step {
        Step::Revise => "revised",
        Step::Vote => "voted on",
        Step::Sign => "signed",
        Step::File => "filed",
        Step::Review => "reviewed",
        Step::Publish => "published",
        Step::Expire => "expired",
        Step::Renew => "renewed",
        Step::Terminate => "terminated",
    }
}

/// The counts of a vote, checked for consistency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteCount {
    pub total_members: i32,
    pub present: i32,
    pub in_favour: i32,
}

/// Which count is impossible, and why.
pub fn check_count(count: VoteCount) -> Result<(), (&'static str, &'static str)> {
    if count.total_members < 1 {
        Err(("totalMembers", "must be at least 1"))
    } else if count.present < 0 || count.present > count.total_members {
        Err(("present", "must be between 0 and totalMembers"))
    } else if count.in_favour < 0 || count.in_favour > count.present {
        Err(("inFavour", "must be between 0 and present"))
    } else {
        Ok(())
    }
}

/// CCP Art. 36: valid with at least two thirds of all members present and
/// more than half of ALL members (not of those present) in favour.
/// Returns validity and the reason in words.
pub fn vote_result(count: VoteCount) -> (bool, String) {
    let VoteCount {
        total_members: total,
        present,
        in_favour,
    } = count;
    let (total64, present64, favour64) =
        (i64::from(total), i64::from(present), i64::from(in_favour));
    let quorum = (2 * total64 + 2) / 3;
    let majority = total64 / 2 + 1;
    if present64 * 3 < total64 * 2 {
        (
            false,
            format!(
                "{present} of {total} members present: at least two thirds ({quorum}) must attend"
            ),
        )
    } else if favour64 * 2 <= total64 {
        (
            false,
            format!(
                "{in_favour} of {total} members in favour: more than half of all members ({majority}) must approve"
            ),
        )
    } else {
        (
            true,
            format!(
                "{present} of {total} members present (at least {quorum}), {in_favour} in favour (at least {majority} of all members)"
            ),
        )
    }
}

/// CCP Art. 38: a term of one to three years, first and last day included.
pub fn check_term(starts_on: NaiveDate, ends_on: NaiveDate) -> Result<(), String> {
    let last_day_after = |months: u32| {
        starts_on
            .checked_add_months(Months::new(months))
            .and_then(|d| d.pred_opt())
    };
    let (Some(shortest), Some(longest)) = (last_day_after(12), last_day_after(36)) else {
        return Err("the term is out of range".into());
    };
    if ends_on < starts_on {
        Err("the term must not end before it starts".into())
    } else if ends_on < shortest {
        Err(format!(
            "a term is 1 to 3 years (CCP Art. 38): from {starts_on} it ends on {shortest} at the earliest; give termOverrideReason to depart from it"
        ))
    } else if ends_on > longest {
        Err(format!(
            "a term is 1 to 3 years (CCP Art. 38): from {starts_on} it ends on {longest} at the latest; give termOverrideReason to depart from it"
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::agreements::storage::AgreementRow;

    /// An instant in UTC, from `2026-03-02T02:00:00`.
    pub(crate) fn at(text: &str) -> chrono::NaiveDateTime {
        text.parse().unwrap()
    }

    /// Union 3 and employer 2's agreement of `kind` in region 5, at `status`.
    pub(crate) fn agreement(kind: AgreementKind, status: AgreementStatus) -> AgreementRow {
        let created = at("2026-03-01T02:00:00");
        AgreementRow {
            id: 1,
            kind,
            special_subject: (kind == AgreementKind::SpecialContract)
                .then_some(SpecialSubject::Wage),
            title: "2027年度工资专项集体合同".into(),
            offer_id: None,
            predecessor_id: None,
            workers_party_id: 3,
            employer_party_id: 2,
            region_id: 5,
            workers_covered: Some(120),
            term_starts_on: None,
            term_ends_on: None,
            term_override_reason: None,
            status,
            text_version: 1,
            next_clause_key: 2,
            workers_signed_by: None,
            workers_signed_at: None,
            employer_signed_by: None,
            employer_signed_at: None,
            effective_at: None,
            published_at: None,
            publication_method: None,
            ended_at: None,
            termination_ground: None,
            termination_note: None,
            version: 1,
            created_at: created,
            updated_at: created,
        }
    }

    fn count(total_members: i32, present: i32, in_favour: i32) -> VoteCount {
        VoteCount {
            total_members,
            present,
            in_favour,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn exactly_two_thirds_present_is_a_quorum() {
        let (valid, reason) = vote_result(count(60, 40, 31));
        assert!(valid, "{reason}");
        let (valid, reason) = vote_result(count(60, 39, 31));
        assert!(!valid);
        assert_eq!(
            reason,
            "39 of 60 members present: at least two thirds (40) must attend"
        );
        // 2/3 of 100 is 66.67: 67 must attend.
        assert!(!vote_result(count(100, 66, 60)).0);
        assert!(vote_result(count(100, 67, 60)).0);
    }

    #[test]
    fn exactly_half_of_all_members_in_favour_fails() {
        let (valid, reason) = vote_result(count(60, 60, 30));
        assert!(!valid);
        assert_eq!(
            reason,
            "30 of 60 members in favour: more than half of all members (31) must approve"
        );
        assert!(vote_result(count(60, 60, 31)).0);
        assert!(!vote_result(count(61, 61, 30)).0);
        assert!(vote_result(count(61, 61, 31)).0);
    }

    #[test]
    fn the_majority_counts_all_members_not_those_present() {
        // 40 present, 25 in favour: most of those present, but not half of all 60.
        let (valid, reason) = vote_result(count(60, 40, 25));
        assert!(!valid, "{reason}");
        assert!(reason.contains("more than half of all members (31)"));
    }

    #[test]
    fn impossible_counts_name_their_field() {
        assert_eq!(check_count(count(0, 0, 0)).unwrap_err().0, "totalMembers");
        assert_eq!(check_count(count(60, 61, 0)).unwrap_err().0, "present");
        assert_eq!(check_count(count(60, 40, 41)).unwrap_err().0, "inFavour");
        assert!(check_count(count(60, 40, 40)).is_ok());
    }

    #[test]
    fn a_term_runs_one_to_three_years() {
        let start = day(2027, 1, 1);
        assert!(check_term(start, day(2027, 12, 31)).is_ok());
        assert!(check_term(start, day(2029, 12, 31)).is_ok());
        let short = check_term(start, day(2027, 12, 30)).unwrap_err();
        assert!(short.contains("2027-12-31 at the earliest"), "{short}");
        let long = check_term(start, day(2030, 1, 1)).unwrap_err();
        assert!(long.contains("2029-12-31 at the latest"), "{long}");
        assert!(check_term(start, day(2026, 12, 31)).is_err());
    }

    #[test]
    fn renewal_may_be_proposed_three_months_before_expiry() {
        assert_eq!(renewal_opens(day(2027, 12, 31)), day(2027, 9, 30));
        assert_eq!(renewal_opens(day(2027, 5, 31)), day(2027, 2, 28));
    }

    #[test]
    fn contracts_are_voted_signed_filed_and_reviewed() {
        use AgreementStatus::*;
        let kind = AgreementKind::CollectiveContract;
        assert!(allowed(kind, Drafting, Step::Vote).is_ok());
        assert!(allowed(kind, Drafting, Step::Sign).is_err());
        assert!(allowed(kind, Approved, Step::Sign).is_ok());
        assert!(allowed(kind, Signed, Step::File).is_ok());
        assert!(allowed(kind, Objected, Step::File).is_ok(), "refiling");
        assert!(
            allowed(kind, Objected, Step::Revise).is_ok(),
            "renegotiating"
        );
        assert!(allowed(kind, Filed, Step::Review).is_ok());
        assert_eq!(
            allowed(kind, Effective, Step::Vote),
            Err("an agreement that is EFFECTIVE cannot be voted on".into())
        );
    }

    #[test]
    fn memoranda_are_only_signed() {
        use AgreementStatus::*;
        let kind = AgreementKind::Memorandum;
        assert!(allowed(kind, Drafting, Step::Sign).is_ok());
        assert_eq!(
            allowed(kind, Drafting, Step::Vote),
            Err("a MEMORANDUM is signed only: it is not voted on, filed or renewed".into())
        );
        assert!(allowed(kind, Signed, Step::File).is_err());
    }

    #[test]
    fn the_default_periods_are_ten_and_fifteen_days() {
        assert_eq!(filing(DEFAULT_FILING_DAYS).period, Period::Days(10));
        assert_eq!(REVIEW.period, Period::Days(15));
        assert!(filing(7).rule.contains("7日内"));
    }

    fn rule(region_id: i64, subject: &str, filing_days: i32) -> RuleRow {
        RuleRow {
            region_id,
            kind: AgreementKind::SpecialContract,
            special_subject: subject.into(),
            filing_days,
            publication_days: 5,
            updated_at: chrono::NaiveDateTime::default(),
        }
    }

    #[test]
    fn the_nearest_region_and_the_subject_set_the_periods() {
        const CITY: i64 = 1;
        const DISTRICT: i64 = 2;
        let chain = [CITY, DISTRICT];
        let wage = Some(SpecialSubject::Wage);
        assert_eq!(periods_for(&chain, &[], wage), Periods::default());
        let city_any = rule(CITY, "", 7);
        assert_eq!(
            periods_for(&chain, std::slice::from_ref(&city_any), wage).filing_days,
            7
        );
        let city_wage = rule(CITY, "WAGE", 5);
        let both = [city_any.clone(), city_wage];
        assert_eq!(periods_for(&chain, &both, wage).filing_days, 5);
        assert_eq!(periods_for(&chain, &both, None).filing_days, 7);
        let district_any = rule(DISTRICT, "", 12);
        let all = [city_any, rule(CITY, "WAGE", 5), district_any];
        assert_eq!(periods_for(&chain, &all, wage).filing_days, 12);
    }

    #[test]
    fn renewal_opens_the_day_before_the_last_three_months() {
        let clock = renewal(day(2027, 12, 31));
        assert_eq!(clock.period, Period::Until(day(2027, 9, 29)));
        assert_eq!(term(day(2027, 12, 31)).kind, DeadlineKind::AgreementTerm);
    }
}
