//! The statutory holidays (全体公民放假的节日) of 《全国年节及纪念日放假办法》
//! in any year, as the version in force that year sets them, and the check
//! of a year's State Council notice (国务院办公厅关于部分节假日安排的通知)
//! before the city office loads it. Pure rules.
//!
//! Lunar dates (the Spring Festival, the Dragon Boat and Mid-Autumn
//! festivals) and the day of the solar term 清明 come from `tyme4rs`, a
//! port of the tyme calendar library whose solar terms follow 寿星天文历.
//! The tests hold its dates against the days off of every published notice
//! from 2002 to 2026, which the same crate carries, and against the 2026
//! notice the demo loads.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use tyme4rs::tyme::Tyme;
use tyme4rs::tyme::lunar::LunarDay;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

use super::calendar::CalendarDayKind;
use super::counting::Period;
use super::kinds::{DeadlineKind, StatutoryClock};
use crate::graphql::bounds::YEARS;
use crate::graphql::errors::{UserError, UserErrorCode};

/// The festivals with days off for all citizens (放假办法 Art. 2).
const NEW_YEAR: &str = "元旦";
const SPRING: &str = "春节";
const QINGMING: &str = "清明节";
const LABOUR: &str = "劳动节";
const DRAGON_BOAT: &str = "端午节";
const MID_AUTUMN: &str = "中秋节";
const NATIONAL: &str = "国庆节";

/// How the version of the 放假办法 in force in a year sets the days that
/// move with the calendar: the Spring Festival's days as offsets from
/// 正月初一 (-1 is 除夕), Labour Day's days in May, and whether Qingming,
/// the Dragon Boat and the Mid-Autumn festivals are holidays.
struct Version {
    spring: &'static [i32],
    labour: &'static [u32],
    lunar_festivals: bool,
}

/// The version in force in `year`: the 2024 amendment (国务院令第795号,
/// from 2025), the 2013 one (第644号, from 2014), the 2007 one (第513号,
/// from 2008), and the 1999 one before.
fn version(year: i32) -> Version {
    match year {
        2025.. => Version {
            spring: &[-1, 0, 1, 2],
            labour: &[1, 2],
            lunar_festivals: true,
        },
        2014..=2024 => Version {
            spring: &[0, 1, 2],
            labour: &[1],
            lunar_festivals: true,
        },
        2008..=2013 => Version {
            spring: &[-1, 0, 1],
            labour: &[1],
            lunar_festivals: true,
        },
        _ => Version {
            spring: &[0, 1, 2],
            labour: &[1, 2, 3],
            lunar_festivals: false,
        },
    }
}

fn date_of(day: SolarDay) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::try_from(day.get_year()).ok()?,
        u32::try_from(day.get_month()).ok()?,
        u32::try_from(day.get_day()).ok()?,
    )
}

/// The solar date of a day of lunar `year`'s `month` (not a leap month).
fn lunar(year: i32, month: isize, day: usize) -> SolarDay {
    LunarDay::from_ymd(year as isize, month, day).get_solar_day()
}

/// The statutory holidays of `year`, by date; a day two festivals share
/// (国庆节 and 中秋节 on 3 October 2028) is named for both.
fn compute(year: i32) -> Vec<(NaiveDate, String)> {
    let version = version(year);
    let fixed = |month, day| NaiveDate::from_ymd_opt(year, month, day);
    let mut days: Vec<(Option<NaiveDate>, &str)> = vec![(fixed(1, 1), NEW_YEAR)];
    let first_month = lunar(year, 1, 1);
    days.extend(
        version
            .spring
            .iter()
            .map(|offset| (date_of(first_month.next(*offset as isize)), SPRING)),
    );
    days.extend(version.labour.iter().map(|day| (fixed(5, *day), LABOUR)));
    days.extend((1..=3).map(|day| (fixed(10, day), NATIONAL)));
    if version.lunar_festivals {
        let qingming = SolarTerm::from_name(year as isize, "清明")
            .get_julian_day()
            .get_solar_day();
        days.push((date_of(qingming), QINGMING));
        days.push((date_of(lunar(year, 5, 5)), DRAGON_BOAT));
        days.push((date_of(lunar(year, 8, 15)), MID_AUTUMN));
    }
    let mut named: BTreeMap<NaiveDate, String> = BTreeMap::new();
    for (date, name) in days {
        let Some(date) = date else { continue };
        named
            .entry(date)
            .and_modify(|names| {
                names.push('、');
                names.push_str(name);
            })
            .or_insert_with(|| name.to_owned());
    }
    named.into_iter().collect()
}

/// The statutory holidays of `year` in date order; none outside the years
/// the platform keeps ([`YEARS`]).
pub fn statutory(year: i32) -> &'static [(NaiveDate, String)] {
    const SPAN: usize = (*YEARS.end() - *YEARS.start() + 1) as usize;
    static TABLE: [OnceLock<Vec<(NaiveDate, String)>>; SPAN] = [const { OnceLock::new() }; SPAN];
    match usize::try_from(year - YEARS.start())
        .ok()
        .and_then(|i| TABLE.get(i))
    {
        Some(cell) if YEARS.contains(&year) => cell.get_or_init(|| compute(year)),
        _ => &[],
    }
}

/// The festival `date` is a statutory holiday of, if it is one.
pub fn statutory_name(date: NaiveDate) -> Option<&'static str> {
    let days = statutory(date.year());
    days.binary_search_by_key(&date, |(d, _)| *d)
        .ok()
        .map(|i| days[i].1.as_str())
}

/// Checks a year's notice, its days in the order given: each in `year`,
/// each date once, make-up working days on weekends, and every statutory
/// holiday of the year a day off.
pub fn check_notice(year: i32, days: &[(NaiveDate, CalendarDayKind)]) -> Vec<UserError> {
    if !YEARS.contains(&year) {
        let message = format!("must be in the years {} to {}", YEARS.start(), YEARS.end());
        return vec![UserError::new(
            &["year"],
            UserErrorCode::OutOfRange,
            message,
        )];
    }
    let mut errors = Vec::new();
    let mut seen: BTreeMap<NaiveDate, CalendarDayKind> = BTreeMap::new();
    for (i, (date, kind)) in days.iter().enumerate() {
        let index = i.to_string();
        let at = |name: &'static str| ["days", index.as_str(), name];
        if date.year() != year {
            let message = format!("{date} is not in {year}");
            errors.push(UserError::new(&at("date"), UserErrorCode::Invalid, message));
        } else if seen.insert(*date, *kind).is_some() {
            let message = format!("{date} is listed more than once");
            errors.push(UserError::new(&at("date"), UserErrorCode::Invalid, message));
        } else if *kind == CalendarDayKind::MakeupWorkday
            && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
        {
            let message =
                format!("{date} is a weekday: a make-up working day (调休上班) falls on a weekend");
            errors.push(UserError::new(
                &at("kind"),
                UserErrorCode::RuleViolated,
                message,
            ));
        }
    }
    if !errors.is_empty() {
        return errors;
    }
    let missing: Vec<String> = statutory(year)
        .iter()
        .filter(|(date, _)| seen.get(date) != Some(&CalendarDayKind::Holiday))
        .map(|(date, name)| format!("{date} {name}"))
        .collect();
    if !missing.is_empty() {
        let message = format!(
            "every statutory holiday of 《全国年节及纪念日放假办法》 is a day off; the notice lacks {}",
            missing.join(", ")
        );
        errors.push(UserError::new(
            &["days"],
            UserErrorCode::RuleViolated,
            message,
        ));
    }
    errors
}

/// The year whose notice the city office is asked for on `today` (Beijing
/// time): the next one, from 1 November.
pub fn notice_wanted(today: NaiveDate) -> Option<i32> {
    (today.month() >= 11).then(|| today.year() + 1)
}

/// The clock of loading `year`'s notice: by the end of the year before.
pub fn notice_clock(year: i32) -> StatutoryClock {
    let last_day = NaiveDate::from_ymd_opt(year - 1, 12, 31).unwrap_or_default();
    StatutoryClock::set(
        DeadlineKind::HolidayNotice,
        Period::Until(last_day),
        format!(
            "《全国年节及纪念日放假办法》：载入{year}年部分节假日安排（国务院办公厅通知），{}年12月31日前",
            year - 1
        ),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::deadlines::calendar::marked_2026;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn listed(year: i32) -> Vec<String> {
        statutory(year)
            .iter()
            .map(|(d, n)| format!("{} {n}", d.format("%m-%d")))
            .collect()
    }

    /// The days of the notices `tyme4rs` carries (2001-12-29 to 2026):
    /// date → whether it is a day off (else a make-up working day).
    fn published() -> HashMap<NaiveDate, bool> {
        let data = tyme4rs::tyme::holiday::LEGAL_HOLIDAY_DATA;
        data.as_bytes()
            .chunks(13)
            .map(|record| {
                let text = std::str::from_utf8(record).unwrap();
                let day = NaiveDate::parse_from_str(&text[..8], "%Y%m%d").unwrap();
                (day, &text[8..9] == "1")
            })
            .collect()
    }

    #[test]
    fn the_2027_holidays_under_the_2024_amendment() {
        // 正月初一 2027 is 6 February; 清明 5 April; 五月初五 9 June; 八月十五 15 September.
        assert_eq!(
            listed(2027),
            [
                "01-01 元旦",
                "02-05 春节",
                "02-06 春节",
                "02-07 春节",
                "02-08 春节",
                "04-05 清明节",
                "05-01 劳动节",
                "05-02 劳动节",
                "06-09 端午节",
                "09-15 中秋节",
                "10-01 国庆节",
                "10-02 国庆节",
                "10-03 国庆节",
            ]
        );
        assert_eq!(statutory_name(date("2027-02-05")), Some("春节"));
        assert_eq!(statutory_name(date("2027-02-09")), None);
    }

    #[test]
    fn a_day_two_festivals_share_is_one_holiday_named_for_both() {
        // 八月十五 of 2028 is 3 October: the year has 12 statutory days, not 13.
        assert_eq!(statutory(2028).len(), 12);
        assert_eq!(statutory_name(date("2028-10-03")), Some("国庆节、中秋节"));
        assert_eq!(statutory_name(date("2028-01-25")), Some("春节"), "除夕");
    }

    #[test]
    fn each_year_follows_the_version_then_in_force() {
        // 2024 (the 2013 version): 初一 to 初三, one day in May.
        assert_eq!(statutory(2024).len(), 11);
        assert_eq!(statutory_name(date("2024-02-09")), None, "除夕 2024");
        assert_eq!(statutory_name(date("2024-02-10")), Some("春节"));
        assert_eq!(statutory_name(date("2024-05-02")), None);
        // 2010 (the 2007 version): 除夕 to 初二.
        assert_eq!(
            statutory_name(date("2010-02-13")),
            Some("春节"),
            "除夕 2010"
        );
        assert_eq!(statutory_name(date("2010-02-16")), None, "初三 2010");
        // 2005 (the 1999 version): three days in May, no lunar festivals but the Spring Festival.
        assert_eq!(statutory_name(date("2005-05-03")), Some("劳动节"));
        assert_eq!(statutory(2005).len(), 10);
        assert!(statutory(1999).is_empty() && statutory(2100).is_empty());
    }

    #[test]
    fn every_statutory_holiday_was_a_day_off_in_every_published_notice() {
        let published = published();
        for year in 2002..=2026 {
            for (day, name) in statutory(year) {
                assert_eq!(published.get(day), Some(&true), "{day} {name}");
            }
        }
    }

    #[test]
    fn the_crates_2026_notice_is_the_one_the_demo_loads() {
        let from_crate: Vec<(NaiveDate, bool)> = {
            let mut days: Vec<_> = published()
                .into_iter()
                .filter(|(d, _)| d.year() == 2026)
                .collect();
            days.sort();
            days
        };
        let mut loaded: Vec<(NaiveDate, bool)> = marked_2026()
            .into_iter()
            .map(|(d, k, _)| (d, k == CalendarDayKind::Holiday))
            .collect();
        loaded.sort();
        assert_eq!(loaded, from_crate);
    }

    #[test]
    fn the_next_years_notice_is_asked_for_from_the_first_of_november() {
        assert_eq!(notice_wanted(date("2026-10-31")), None);
        assert_eq!(notice_wanted(date("2026-11-01")), Some(2027));
        assert_eq!(notice_wanted(date("2026-12-31")), Some(2027));
        assert_eq!(notice_wanted(date("2027-01-01")), None);
        let clock = notice_clock(2027);
        assert_eq!(clock.period, Period::Until(date("2026-12-31")));
        assert_eq!(clock.kind, DeadlineKind::HolidayNotice);
    }

    #[test]
    fn a_notice_is_checked_day_by_day_and_for_every_statutory_holiday() {
        let mut days: Vec<(NaiveDate, CalendarDayKind)> = statutory(2027)
            .iter()
            .map(|(d, _)| (*d, CalendarDayKind::Holiday))
            .collect();
        assert_eq!(check_notice(2027, &days), vec![]);
        days.push((date("2027-02-20"), CalendarDayKind::MakeupWorkday));
        assert_eq!(check_notice(2027, &days), vec![], "a Saturday");

        let fields = |days: &[(NaiveDate, CalendarDayKind)]| -> Vec<(Vec<String>, UserErrorCode)> {
            check_notice(2027, days)
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect()
        };
        let field = |path: &[&str]| path.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let mut wrong = days.clone();
        wrong.push((date("2028-01-01"), CalendarDayKind::Holiday));
        wrong.push((date("2027-02-22"), CalendarDayKind::MakeupWorkday));
        wrong.push((date("2027-01-01"), CalendarDayKind::Holiday));
        assert_eq!(
            fields(&wrong),
            [
                (field(&["days", "14", "date"]), UserErrorCode::Invalid),
                (field(&["days", "15", "kind"]), UserErrorCode::RuleViolated),
                (field(&["days", "16", "date"]), UserErrorCode::Invalid),
            ]
        );
        let mut lacking = days.clone();
        lacking.remove(5);
        lacking.remove(0);
        let errors = check_notice(2027, &lacking);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, ["days"]);
        assert!(
            errors[0]
                .message
                .ends_with("lacks 2027-01-01 元旦, 2027-04-05 清明节"),
            "{}",
            errors[0].message
        );
        assert_eq!(fields(&[])[0].0, ["days"]);
        assert_eq!(check_notice(2100, &days)[0].field, ["year"]);
    }
}
