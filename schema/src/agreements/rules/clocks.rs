//! The clocks of an agreement: filing (CCP Art. 42), review (Arts. 44,
//! 47), publication (Art. 48), the term and the renewal notice (Art. 38).
//! Filing and publication periods differ between provinces: regions may set
//! their own, over these defaults.

use chrono::{Months, NaiveDate};

use crate::agreements::kinds::SpecialSubject;
use crate::agreements::storage::RuleRow;
use crate::deadlines::counting::Period;
use crate::deadlines::kinds::{DeadlineKind, StatutoryClock};

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
/// first), each on its own: the nearest region's rule that sets it, for the
/// agreement's special subject before its kind, else the national default.
pub fn periods_for(chain: &[i64], rules: &[RuleRow], subject: Option<SpecialSubject>) -> Periods {
    let subject = subject.map_or("", |s| s.as_str());
    let nearest = |period: fn(&RuleRow) -> Option<i32>| {
        chain.iter().rev().find_map(|region| {
            let of_region = |s: &str| {
                rules
                    .iter()
                    .find(|r| r.region_id == *region && r.special_subject == s)
                    .and_then(period)
            };
            of_region(subject).or_else(|| of_region(""))
        })
    };
    let days =
        |found: Option<i32>, default| found.and_then(|d| u32::try_from(d).ok()).unwrap_or(default);
    Periods {
        filing_days: days(nearest(|r| r.filing_days), DEFAULT_FILING_DAYS),
        publication_days: days(nearest(|r| r.publication_days), DEFAULT_PUBLICATION_DAYS),
    }
}

/// The day from which renewal may be proposed: three months before the last day.
pub fn renewal_opens(ends_on: NaiveDate) -> NaiveDate {
    ends_on
        .checked_sub_months(RENEWAL_WINDOW)
        .unwrap_or(ends_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreements::kinds::AgreementKind;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn rule(region_id: i64, subject: &str, filing_days: i32) -> RuleRow {
        RuleRow {
            region_id,
            kind: AgreementKind::SpecialContract,
            special_subject: subject.into(),
            filing_days: Some(filing_days),
            publication_days: Some(5),
            updated_at: chrono::NaiveDateTime::default(),
        }
    }

    #[test]
    fn the_default_periods_are_ten_and_fifteen_days() {
        assert_eq!(filing(DEFAULT_FILING_DAYS).period, Period::Days(10));
        assert_eq!(REVIEW.period, Period::Days(15));
        assert!(filing(7).rule.contains("7日内"));
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
    fn a_region_may_set_one_period_and_inherit_the_other() {
        const CITY: i64 = 1;
        const DISTRICT: i64 = 2;
        let chain = [CITY, DISTRICT];
        let wage = Some(SpecialSubject::Wage);
        let only = |region, subject: &str, filing: Option<i32>, publication: Option<i32>| RuleRow {
            filing_days: filing,
            publication_days: publication,
            ..rule(region, subject, 0)
        };
        // The district sets filing alone: publication is the national default.
        let district = only(DISTRICT, "", Some(20), None);
        let periods = periods_for(&chain, std::slice::from_ref(&district), wage);
        assert_eq!(
            periods,
            Periods {
                filing_days: 20,
                publication_days: DEFAULT_PUBLICATION_DAYS
            }
        );
        // With the city's publication period, that one comes from the city.
        let city = only(CITY, "", Some(7), Some(30));
        let periods = periods_for(&chain, &[city.clone(), district.clone()], wage);
        assert_eq!(
            periods,
            Periods {
                filing_days: 20,
                publication_days: 30
            }
        );
        // The district's wage rule sets publication alone; filing falls back
        // to the district's rule for any subject, not the city's.
        let wage_rule = only(DISTRICT, "WAGE", None, Some(3));
        let periods = periods_for(&chain, &[city, district, wage_rule], wage);
        assert_eq!(
            periods,
            Periods {
                filing_days: 20,
                publication_days: 3
            }
        );
    }

    #[test]
    fn renewal_opens_the_day_before_the_last_three_months() {
        let clock = renewal(day(2027, 12, 31));
        assert_eq!(clock.period, Period::Until(day(2027, 9, 29)));
        assert_eq!(term(day(2027, 12, 31)).kind, DeadlineKind::AgreementTerm);
    }

    #[test]
    fn renewal_may_be_proposed_three_months_before_expiry() {
        assert_eq!(renewal_opens(day(2027, 12, 31)), day(2027, 9, 30));
        assert_eq!(renewal_opens(day(2027, 5, 31)), day(2027, 2, 28));
    }
}
