//! The statutory retirement age under the gradual raise (渐进式延迟法定退休
//! 年龄), which decides Art. 42 class 5 of the Labour Contract Law.
//!
//! 《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》
//! (adopted 2024-09-13, in force 2025-01-01) and its 《国务院关于渐进式延迟
//! 法定退休年龄的办法》 Art. 1: from 2025-01-01 the age of men and of women
//! whose original age was 55 rises by one month every four months, to 63
//! and 58; that of women whose original age was 50 by one month every two
//! months, to 55. The annex tables (附件1–3) list it by birth month: a man
//! born in January–April 1965 retires at 60 and 1 month, May–August 1965 at
//! 60 and 2 months, and so on to 63 for those born from September 1976; a
//! woman worker born in January–February 1975 at 50 and 1 month, March–April
//! 1975 at 50 and 2 months, to 55 from November 1984. The tests below pin
//! the rows of the annex published with the decision (and the worked
//! examples of the Ministry's answers: retirements due in January–April
//! 2025 move to February–May).

use chrono::{Datelike, Months, NaiveDate};

/// Whose retirement age: men, women whose original age was 55 (cadres,
/// 管理和专业技术岗位), or women whose original age was 50 (workers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetirementGroup {
    Man,
    WomanCadre,
    WomanWorker,
}

impl RetirementGroup {
    /// (original age in years, first birth month of the raise, months of
    /// birth per month of delay, the most months of delay).
    fn schedule(self) -> (u32, (i32, u32), u32, u32) {
        match self {
            RetirementGroup::Man => (60, (1965, 1), 4, 36),
            RetirementGroup::WomanCadre => (55, (1970, 1), 4, 36),
            RetirementGroup::WomanWorker => (50, (1975, 1), 2, 60),
        }
    }
}

/// The months by which the raise delays the retirement of someone born on
/// `birth`.
pub fn delay_months(birth: NaiveDate, group: RetirementGroup) -> u32 {
    let (_, (year, month), step, most) = group.schedule();
    let since = (birth.year() - year) * 12 + birth.month() as i32 - month as i32;
    match u32::try_from(since) {
        Ok(since) => (since / step + 1).min(most),
        Err(_) => 0,
    }
}

/// The statutory retirement age in months.
pub fn retirement_age_months(birth: NaiveDate, group: RetirementGroup) -> u32 {
    let (years, ..) = group.schedule();
    years * 12 + delay_months(birth, group)
}

/// The day someone born on `birth` reaches the statutory retirement age.
pub fn retirement_date(birth: NaiveDate, group: RetirementGroup) -> NaiveDate {
    birth
        .checked_add_months(Months::new(retirement_age_months(birth, group)))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// (born, group, age in years and months, retirement month) as the
    /// annex tables and the Ministry's worked examples give them.
    #[test]
    fn the_raise_follows_the_annex_tables() {
        use RetirementGroup::*;
        let rows = [
            (day(1964, 12, 15), Man, (60, 0), (2024, 12)),
            (day(1965, 1, 15), Man, (60, 1), (2025, 2)),
            (day(1965, 4, 15), Man, (60, 1), (2025, 5)),
            (day(1965, 5, 15), Man, (60, 2), (2025, 7)),
            (day(1966, 1, 15), Man, (60, 4), (2026, 5)),
            (day(1975, 6, 15), Man, (62, 8), (2038, 2)),
            (day(1976, 8, 15), Man, (62, 11), (2039, 7)),
            (day(1976, 9, 15), Man, (63, 0), (2039, 9)),
            (day(1990, 1, 15), Man, (63, 0), (2053, 1)),
            (day(1969, 12, 15), WomanCadre, (55, 0), (2024, 12)),
            (day(1970, 1, 15), WomanCadre, (55, 1), (2025, 2)),
            (day(1970, 6, 15), WomanCadre, (55, 2), (2025, 8)),
            (day(1971, 6, 15), WomanCadre, (55, 5), (2026, 11)),
            (day(1981, 9, 15), WomanCadre, (58, 0), (2039, 9)),
            (day(1974, 12, 15), WomanWorker, (50, 0), (2024, 12)),
            (day(1975, 1, 15), WomanWorker, (50, 1), (2025, 2)),
            (day(1975, 3, 15), WomanWorker, (50, 2), (2025, 5)),
            (day(1975, 6, 15), WomanWorker, (50, 3), (2025, 9)),
            (day(1976, 6, 15), WomanWorker, (50, 9), (2027, 3)),
            (day(1977, 1, 15), WomanWorker, (51, 1), (2028, 2)),
            (day(1984, 10, 15), WomanWorker, (54, 11), (2039, 9)),
            (day(1984, 11, 15), WomanWorker, (55, 0), (2039, 11)),
        ];
        for (born, group, (years, months), (year, month)) in rows {
            let age = retirement_age_months(born, group);
            assert_eq!((age / 12, age % 12), (years, months), "{born} {group:?}");
            let date = retirement_date(born, group);
            assert_eq!(
                (date.year(), date.month()),
                (year, month),
                "{born} {group:?}"
            );
        }
    }

    #[test]
    fn a_birthday_on_the_29th_of_february_retires_at_the_months_end() {
        let date = retirement_date(day(1980, 2, 29), RetirementGroup::Man);
        // 63 years: February 2043 has no 29th.
        assert_eq!(date, day(2043, 2, 28));
        let date = retirement_date(day(1964, 2, 29), RetirementGroup::Man);
        assert_eq!(date, day(2024, 2, 29));
        let date = retirement_date(day(1972, 2, 29), RetirementGroup::WomanCadre);
        // 55 years and 7 months: September 2027.
        assert_eq!(date, day(2027, 9, 29));
    }
}
