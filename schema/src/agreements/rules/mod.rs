//! The rules of agreements: which step may follow which, the workers'
//! congress vote (CCP Art. 36) and the term (Art. 38). The clocks are in
//! `clocks`; the modules below decide each step of an agreement's life.

pub mod clocks;
pub mod drafting;
pub mod ending;
pub mod filing;
pub mod parties;
pub mod regional;
pub mod signing;

pub use clocks::{
    DEFAULT_FILING_DAYS, DEFAULT_PUBLICATION_DAYS, Periods, REVIEW, filing, periods_for,
    publication, renewal, renewal_opens, term,
};

use chrono::NaiveDate;

use super::kinds::{AgreementKind, AgreementStatus};
use crate::deadlines::counting::last_day_of_months;
use crate::graphql::errors::{UserError, UserErrorCode, refused};

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
        // Refiling after an objection follows a renegotiated text, voted on
        // and signed again (CCP Art. 46): the revision reopens the draft.
        Step::File => contract && status == Signed,
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
    } else if count.total_members > crate::graphql::bounds::MAX_PEOPLE {
        Err(("totalMembers", "must be at most 1000000"))
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

/// CCP Art. 38: a term of one to three years, first and last day included,
/// its years counted as the Civil Code counts them (Art. 202).
pub fn check_term(starts_on: NaiveDate, ends_on: NaiveDate) -> Result<(), String> {
    let shortest = last_day_of_months(starts_on, 12);
    let longest = last_day_of_months(starts_on, 36);
    let (Some(shortest), Some(longest)) = (shortest, longest) else {
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
    use crate::agreements::kinds::SpecialSubject;
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
            workers_signed_delegation: None,
            employer_signed_delegation: None,
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
    fn a_term_from_the_leap_day_ends_on_the_last_day_of_february() {
        let leap = day(2028, 2, 29);
        assert!(check_term(leap, day(2031, 2, 28)).is_ok());
        assert!(check_term(leap, day(2029, 2, 28)).is_ok());
        let short = check_term(leap, day(2029, 2, 27)).unwrap_err();
        assert!(short.contains("2029-02-28 at the earliest"), "{short}");
        let long = check_term(leap, day(2031, 3, 1)).unwrap_err();
        assert!(long.contains("2031-02-28 at the latest"), "{long}");
        // The day after a leap day has its corresponding day every year.
        let long = check_term(day(2028, 3, 1), day(2031, 3, 1)).unwrap_err();
        assert!(long.contains("2031-02-28 at the latest"), "{long}");
        // A term that ends on a leap day, and one from the last day of February.
        assert!(check_term(day(2025, 3, 1), day(2028, 2, 29)).is_ok());
        let long = check_term(day(2027, 2, 28), day(2030, 2, 28)).unwrap_err();
        assert!(long.contains("2030-02-27 at the latest"), "{long}");
    }

    #[test]
    fn contracts_are_voted_signed_filed_and_reviewed() {
        use AgreementStatus::*;
        let kind = AgreementKind::CollectiveContract;
        assert!(allowed(kind, Drafting, Step::Vote).is_ok());
        assert!(allowed(kind, Drafting, Step::Sign).is_err());
        assert!(allowed(kind, Approved, Step::Sign).is_ok());
        assert!(allowed(kind, Signed, Step::File).is_ok());
        assert!(
            allowed(kind, Objected, Step::File).is_err(),
            "refiled only once renegotiated, voted on and signed again"
        );
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
}
