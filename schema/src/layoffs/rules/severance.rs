//! Severance (经济补偿) of a worker laid off under LCL Art. 41, as a pure
//! function of the service, the wages and the region's rates. Amounts are
//! in fen.
//!
//! - **Service from 2008-01-01** (LCL Art. 47): one month's wage per full
//!   year; six months or more of a part year count as a year, less than six
//!   months as half a month. Where the monthly wage exceeds three times the
//!   local average monthly wage of the previous year, the wage is capped at
//!   three times and the years at twelve.
//! - **Service before 2008-01-01** (LCL Art. 97 ¶3: the rules then in
//!   force): 《违反和解除劳动合同的经济补偿办法》(劳部发〔1994〕481号)
//!   Art. 9, one month's wage per full year of service for a layoff, with a
//!   part year counted as a year (Art. 5 of the same measures, as applied
//!   to the whole of them); neither cap of Art. 47 applies to it. It is
//!   its own segment.
//! - **The monthly wage** (Art. 47 ¶3, 实施条例 Art. 27): the average of the
//!   last twelve months, of the months worked when fewer, never below the
//!   local minimum wage.
//!
//! Service counts from the first day worked to the last, both included.
//! The region's rates are configuration; when one is not set the
//! calculator says so rather than guess.

use chrono::NaiveDate;

use crate::deadlines::counting::last_day_of_months;

/// The day the Labour Contract Law came into force.
pub fn contract_law_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2008, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The rule applied to service from 2008-01-01.
pub const RULE_ART_47: &str = "《劳动合同法》第四十七条";
/// The rule applied to service before 2008-01-01.
pub const RULE_481: &str = "《劳动合同法》第九十七条第三款；《违反和解除劳动合同的经济补偿办法》（劳部发〔1994〕481号）第九条、第五条";

/// The region's rates for the year of the termination.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rates {
    /// The monthly minimum wage (最低工资标准).
    pub minimum_wage: Option<i64>,
    /// The average monthly wage of the previous year (上年度职工月平均工资).
    pub average_wage: Option<i64>,
}

/// Why severance cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeveranceError {
    /// The region has not set the minimum wage, the average wage or both.
    RatesNotSet { minimum: bool, average: bool },
    /// No monthly wages, more than twelve, or one below zero.
    Wages,
    /// The termination is before the service started.
    Service,
}

/// Service as whole years, months and the days left over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    pub years: u32,
    pub months: u32,
    pub days: u32,
}

/// Service from `first` to `last`, both included: the whole months whose
/// terms (counted as Civil Code Art. 202 counts them: a month from 31
/// January ends on the last day of February) end by `last`, and the days
/// after.
pub fn service(first: NaiveDate, last: NaiveDate) -> Service {
    let term_end = |months: u32| last_day_of_months(first, months);
    let mut months = 0;
    while term_end(months + 1).is_some_and(|day| day <= last) {
        months += 1;
    }
    let counted = match months {
        0 => first.pred_opt().unwrap_or(first),
        _ => term_end(months).unwrap_or(first),
    };
    Service {
        years: months / 12,
        months: months % 12,
        days: u32::try_from((last - counted).num_days()).unwrap_or(0),
    }
}

/// One stretch of service and what it earns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub service: Service,
    /// Months of wage earned, in halves.
    pub half_months: u32,
    /// The monthly wage applied.
    pub wage: i64,
    pub amount: i64,
    pub rule: &'static str,
}

/// A worker's severance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Severance {
    /// The average monthly wage of the months given.
    pub average: i64,
    /// The monthly wage after the minimum-wage floor.
    pub wage: i64,
    /// Whether the floor raised it.
    pub floored: bool,
    /// Whether the 3× cap (and the 12-year cap) applied.
    pub capped: bool,
    /// Before 2008, then from 2008; only those with service.
    pub segments: Vec<Segment>,
    pub total: i64,
}

/// `wage` × `half_months` / 2, to the nearest fen (saturating: no real
/// wage comes near).
fn pay(wage: i64, half_months: u32) -> i64 {
    let fen = (i128::from(wage) * i128::from(half_months) + 1) / 2;
    i64::try_from(fen).unwrap_or(i64::MAX)
}

/// Half-months earned by service from 2008 (Art. 47): six months or more
/// of a part year make a year, less make half a month.
fn half_months_from_2008(service: Service) -> u32 {
    let part = match (service.months, service.days) {
        (0, 0) => 0,
        (months, _) if months >= 6 => 2,
        _ => 1,
    };
    service.years * 2 + part
}

/// Half-months earned by service before 2008 (481号): a part year makes a year.
fn half_months_before_2008(service: Service) -> u32 {
    let part = match (service.months, service.days) {
        (0, 0) => 0,
        _ => 2,
    };
    service.years * 2 + part
}

/// The severance of a worker who served from `first` and whose last day is
/// `last`, with the monthly wages of up to the twelve months before.
pub fn severance(
    first: NaiveDate,
    last: NaiveDate,
    wages: &[i64],
    rates: Rates,
) -> Result<Severance, SeveranceError> {
    if wages.is_empty() || wages.len() > 12 || wages.iter().any(|w| *w < 0) {
        return Err(SeveranceError::Wages);
    }
    if last < first {
        return Err(SeveranceError::Service);
    }
    let (Some(minimum), Some(average_wage)) = (rates.minimum_wage, rates.average_wage) else {
        return Err(SeveranceError::RatesNotSet {
            minimum: rates.minimum_wage.is_none(),
            average: rates.average_wage.is_none(),
        });
    };
    let count = wages.len() as i128;
    let sum: i128 = wages.iter().map(|w| i128::from(*w)).sum();
    let average = i64::try_from((sum * 2 + count) / (count * 2)).unwrap_or(i64::MAX);
    let wage = average.max(minimum);
    let cap = average_wage.saturating_mul(3);
    let capped = wage > cap;
    let law_day = contract_law_day();
    let mut segments = Vec::new();
    if first < law_day {
        let end = last.min(law_day.pred_opt().unwrap_or(law_day));
        let service = service(first, end);
        let half_months = half_months_before_2008(service);
        segments.push(Segment {
            first,
            last: end,
            service,
            half_months,
            wage,
            amount: pay(wage, half_months),
            rule: RULE_481,
        });
    }
    if last >= law_day {
        let start = first.max(law_day);
        let service = service(start, last);
        let mut half_months = half_months_from_2008(service);
        let applied = match capped {
            true => {
                half_months = half_months.min(24);
                cap
            }
            false => wage,
        };
        segments.push(Segment {
            first: start,
            last,
            service,
            half_months,
            wage: applied,
            amount: pay(applied, half_months),
            rule: RULE_ART_47,
        });
    }
    Ok(Severance {
        average,
        wage,
        floored: wage > average,
        capped,
        total: segments
            .iter()
            .fold(0, |sum, s| sum.saturating_add(s.amount)),
        segments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Yuan in fen.
    const fn yuan(yuan: i64) -> i64 {
        yuan * 100
    }

    const RATES: Rates = Rates {
        minimum_wage: Some(yuan(2_090)),
        average_wage: Some(yuan(8_000)),
    };

    /// (case, first day, last day, monthly wage, half-months, total).
    #[test]
    fn the_table_of_cases() {
        #[rustfmt::skip]
        let cases: [(&str, NaiveDate, NaiveDate, i64, u32, i64); 15] = [
            ("three full years", day(2020, 3, 1), day(2023, 2, 28), yuan(6_000), 6, yuan(18_000)),
            ("five months over: half a month", day(2020, 3, 1), day(2023, 7, 31), yuan(6_000), 7, yuan(21_000)),
            ("five months 30 days: still half", day(2020, 3, 1), day(2023, 8, 30), yuan(6_000), 7, yuan(21_000)),
            ("six months over: a year", day(2020, 3, 1), day(2023, 8, 31), yuan(6_000), 8, yuan(24_000)),
            ("eleven months: a year", day(2020, 3, 1), day(2024, 1, 31), yuan(6_000), 8, yuan(24_000)),
            ("one day: half a month", day(2024, 5, 10), day(2024, 5, 10), yuan(6_000), 1, yuan(3_000)),
            ("under six months only", day(2024, 1, 1), day(2024, 6, 29), yuan(6_000), 1, yuan(3_000)),
            ("exactly six months only", day(2024, 1, 1), day(2024, 6, 30), yuan(6_000), 2, yuan(6_000)),
            ("floor: wage below the minimum", day(2022, 1, 1), day(2024, 12, 31), yuan(1_800), 6, yuan(6_270)),
            ("at the cap: not capped", day(2010, 1, 1), day(2024, 12, 31), yuan(24_000), 30, yuan(360_000)),
            ("over the cap: 3x and 12 years", day(2010, 1, 1), day(2024, 12, 31), yuan(30_000), 24, yuan(288_000)),
            ("over the cap, under 12 years", day(2020, 1, 1), day(2024, 12, 31), yuan(30_000), 10, yuan(120_000)),
            ("before 2008 only", day(2005, 3, 1), day(2007, 12, 31), yuan(5_000), 6, yuan(15_000)),
            ("across 2008: two segments", day(2005, 3, 1), day(2024, 12, 31), yuan(5_000), 40, yuan(100_000)),
            ("across 2008, capped: old part uncapped", day(2005, 3, 1), day(2024, 12, 31), yuan(30_000), 30, yuan(378_000)),
        ];
        for (name, first, last, wage, half_months, total) in cases {
            let got = severance(first, last, &[wage; 12], RATES).unwrap();
            let earned: u32 = got.segments.iter().map(|s| s.half_months).sum();
            assert_eq!(earned, half_months, "{name}: {got:?}");
            assert_eq!(got.total, total, "{name}: {got:?}");
        }
    }

    #[test]
    fn service_before_2008_is_its_own_segment_and_a_part_year_counts_whole() {
        let got = severance(
            day(2005, 3, 1),
            day(2024, 12, 31),
            &[yuan(5_000); 12],
            RATES,
        )
        .unwrap();
        let [old, new] = &got.segments[..] else {
            panic!("two segments: {got:?}");
        };
        assert_eq!((old.first, old.last), (day(2005, 3, 1), day(2007, 12, 31)));
        assert_eq!(
            old.service,
            Service {
                years: 2,
                months: 10,
                days: 0
            }
        );
        assert_eq!(old.half_months, 6, "2 years 10 months count as 3 years");
        assert_eq!(old.rule, RULE_481);
        assert_eq!((new.first, new.half_months), (day(2008, 1, 1), 34));
        assert_eq!(new.rule, RULE_ART_47);
        // Capped: the old part keeps the real wage and its years.
        let high = severance(
            day(2005, 3, 1),
            day(2024, 12, 31),
            &[yuan(30_000); 12],
            RATES,
        )
        .unwrap();
        assert!(high.capped);
        assert_eq!(high.segments[0].amount, yuan(90_000));
        assert_eq!(high.segments[1].wage, yuan(24_000));
        assert_eq!(high.segments[1].half_months, 24);
    }

    #[test]
    fn the_wage_is_the_average_of_the_months_worked_and_never_below_the_minimum() {
        let got = severance(
            day(2024, 6, 1),
            day(2024, 12, 31),
            &[yuan(5_000), yuan(6_000), yuan(7_000) + 1],
            RATES,
        )
        .unwrap();
        assert_eq!(got.average, yuan(6_000), "rounded to the nearest fen");
        assert!(!got.floored);
        let low = severance(
            day(2024, 6, 1),
            day(2024, 12, 31),
            &[yuan(1_000), yuan(2_000)],
            RATES,
        )
        .unwrap();
        assert_eq!(
            (low.average, low.wage, low.floored),
            (yuan(1_500), yuan(2_090), true)
        );
        assert_eq!(
            severance(day(2024, 6, 1), day(2024, 12, 31), &[], RATES),
            Err(SeveranceError::Wages)
        );
        assert_eq!(
            severance(day(2024, 6, 1), day(2024, 12, 31), &[1; 13], RATES),
            Err(SeveranceError::Wages)
        );
        assert_eq!(
            severance(day(2024, 6, 1), day(2024, 5, 31), &[1], RATES),
            Err(SeveranceError::Service)
        );
    }

    #[test]
    fn rates_not_set_are_reported_not_guessed() {
        let none = Rates::default();
        assert_eq!(
            severance(day(2020, 1, 1), day(2024, 12, 31), &[yuan(6_000)], none),
            Err(SeveranceError::RatesNotSet {
                minimum: true,
                average: true
            })
        );
        let half = Rates {
            minimum_wage: Some(yuan(2_090)),
            average_wage: None,
        };
        assert_eq!(
            severance(day(2020, 1, 1), day(2024, 12, 31), &[yuan(6_000)], half),
            Err(SeveranceError::RatesNotSet {
                minimum: false,
                average: true
            })
        );
    }

    #[test]
    fn huge_amounts_saturate_rather_than_overflow() {
        let got = severance(day(1950, 1, 1), day(2099, 12, 31), &[i64::MAX; 12], RATES).unwrap();
        assert!(got.capped);
        assert_eq!(got.segments[0].amount, i64::MAX);
        assert_eq!(got.total, i64::MAX);
    }

    #[test]
    fn service_counts_both_ends() {
        assert_eq!(
            service(day(2020, 3, 1), day(2023, 2, 28)),
            Service {
                years: 3,
                months: 0,
                days: 0
            }
        );
        assert_eq!(
            service(day(2020, 3, 1), day(2023, 3, 1)),
            Service {
                years: 3,
                months: 0,
                days: 1
            }
        );
        assert_eq!(
            service(day(2024, 1, 31), day(2024, 2, 29)),
            Service {
                years: 0,
                months: 1,
                days: 0
            }
        );
    }
}
