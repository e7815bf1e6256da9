//! The working-day calendar the city office maintains. Weekends are rest
//! days by default; a date may be marked a statutory holiday, or a make-up
//! working day (调休) that falls on a weekend. A year is confirmed once the
//! city office loads its State Council notice; until then its statutory
//! holidays ([`holidays::statutory`]) count as days off provisionally.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate, Weekday};

use super::holidays;

crate::text_enum! {
    /// How a date departs from the default week.
    pub enum CalendarDayKind {
        /// A statutory holiday or a day of rest moved into a holiday (放假).
        Holiday = "HOLIDAY",
        /// A weekend day worked to make up for a holiday (调休上班).
        MakeupWorkday = "MAKEUP_WORKDAY",
    }
}

/// The marked dates and the confirmed years; every other date follows the
/// default week, less the statutory holidays of unconfirmed years.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    marked: HashMap<NaiveDate, CalendarDayKind>,
    confirmed: BTreeSet<i32>,
}

impl Calendar {
    pub fn new(
        marked: impl IntoIterator<Item = (NaiveDate, CalendarDayKind)>,
        confirmed: impl IntoIterator<Item = i32>,
    ) -> Calendar {
        Calendar {
            marked: marked.into_iter().collect(),
            confirmed: confirmed.into_iter().collect(),
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.marked.get(&date) {
            Some(CalendarDayKind::Holiday) => false,
            Some(CalendarDayKind::MakeupWorkday) => true,
            None if provisional(date, &self.confirmed) => false,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// `date` itself when it is a working day, or the next one that is.
    pub fn this_or_next_working_day(&self, date: NaiveDate) -> NaiveDate {
        // A year cannot hold more than a few weeks of consecutive rest days.
        date.iter_days()
            .take(366)
            .find(|d| self.is_working_day(*d))
            .unwrap_or(date)
    }
}

/// Whether `date` is a statutory holiday of a year whose notice is not loaded.
fn provisional(date: NaiveDate, confirmed: &BTreeSet<i32>) -> bool {
    !confirmed.contains(&date.year()) && holidays::statutory_name(date).is_some()
}

/// A date that departs from the default week, as the calendar lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Departure {
    pub date: NaiveDate,
    pub kind: CalendarDayKind,
    pub name: String,
    /// A statutory holiday of a year whose notice is not loaded.
    pub provisional: bool,
}

/// The departures from `from` to `to`: the marked days, and the statutory
/// holidays of unconfirmed years that are not marked, in date order.
pub fn departures(
    marked: Vec<(NaiveDate, CalendarDayKind, String)>,
    confirmed: &BTreeSet<i32>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Departure> {
    let mut days: Vec<Departure> = (from.year()..=to.year())
        .filter(|year| !confirmed.contains(year))
        .flat_map(holidays::statutory)
        .filter(|(date, _)| (from..=to).contains(date))
        .filter(|(date, _)| !marked.iter().any(|(d, _, _)| d == date))
        .map(|(date, name)| Departure {
            date: *date,
            kind: CalendarDayKind::Holiday,
            name: name.clone(),
            provisional: true,
        })
        .collect();
    days.extend(marked.into_iter().map(|(date, kind, name)| Departure {
        date,
        kind,
        name,
        provisional: false,
    }));
    days.sort_by_key(|d| d.date);
    days
}

/// The title of the 2026 notice.
pub const NOTICE_2026: &str = "国务院办公厅关于2026年部分节假日安排的通知";

/// The 2026 holidays and make-up working days (国务院办公厅关于2026年部分节假日安排的通知).
pub const HOLIDAYS_2026: &[(&str, &str, &[&str], &[&str])] = &[
    (
        "元旦",
        "New Year's Day",
        &["2026-01-01", "2026-01-02", "2026-01-03"],
        &["2026-01-04"],
    ),
    (
        "春节",
        "Spring Festival",
        &[
            "2026-02-15",
            "2026-02-16",
            "2026-02-17",
            "2026-02-18",
            "2026-02-19",
            "2026-02-20",
            "2026-02-21",
            "2026-02-22",
            "2026-02-23",
        ],
        &["2026-02-14", "2026-02-28"],
    ),
    (
        "清明节",
        "Qingming Festival",
        &["2026-04-04", "2026-04-05", "2026-04-06"],
        &[],
    ),
    (
        "劳动节",
        "Labour Day",
        &[
            "2026-05-01",
            "2026-05-02",
            "2026-05-03",
            "2026-05-04",
            "2026-05-05",
        ],
        &["2026-05-09"],
    ),
    (
        "端午节",
        "Dragon Boat Festival",
        &["2026-06-19", "2026-06-20", "2026-06-21"],
        &[],
    ),
    (
        "中秋节",
        "Mid-Autumn Festival",
        &["2026-09-25", "2026-09-26", "2026-09-27"],
        &[],
    ),
    (
        "国庆节",
        "National Day",
        &[
            "2026-10-01",
            "2026-10-02",
            "2026-10-03",
            "2026-10-04",
            "2026-10-05",
            "2026-10-06",
            "2026-10-07",
        ],
        &["2026-09-20", "2026-10-10"],
    ),
];

/// The 2026 calendar as marked dates with their names.
pub fn marked_2026() -> Vec<(NaiveDate, CalendarDayKind, String)> {
    let mut days = Vec::new();
    for (name, _, holidays, makeups) in HOLIDAYS_2026 {
        let parse = |d: &&str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
        days.extend(
            holidays
                .iter()
                .filter_map(parse)
                .map(|d| (d, CalendarDayKind::Holiday, (*name).to_owned())),
        );
        days.extend(
            makeups
                .iter()
                .filter_map(parse)
                .map(|d| (d, CalendarDayKind::MakeupWorkday, format!("{name}调休上班"))),
        );
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weekends_rest_and_marked_days_override_them() {
        let calendar = Calendar::new(marked_2026().into_iter().map(|(d, k, _)| (d, k)), [2026]);
        assert!(!calendar.is_working_day(date("2026-11-21")), "a Saturday");
        assert!(calendar.is_working_day(date("2026-11-23")), "a Monday");
        assert!(
            !calendar.is_working_day(date("2026-10-05")),
            "National Day, a Monday"
        );
        assert!(
            calendar.is_working_day(date("2026-10-10")),
            "a make-up Saturday"
        );
    }

    #[test]
    fn the_2026_calendar_has_every_published_day() {
        let days = marked_2026();
        assert_eq!(
            days.iter()
                .filter(|d| d.1 == CalendarDayKind::Holiday)
                .count(),
            33
        );
        assert_eq!(
            days.iter()
                .filter(|d| d.1 == CalendarDayKind::MakeupWorkday)
                .count(),
            6
        );
    }
}
