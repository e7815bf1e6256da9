//! Deadline status, stored periods, and when reminders are due: pure rules.

use std::ops::RangeInclusive;

use chrono::{Datelike, Duration, NaiveDateTime};

use super::counting::{Period, local_date};

crate::text_enum! {
    /// Where a statutory clock stands.
    pub enum DeadlineStatus {
        /// Running.
        Open = "OPEN",
        /// What it asked for was done in time (or its automatic step ran).
        Met = "MET",
        /// It passed without being met.
        Missed = "MISSED",
        /// It no longer applies.
        Cancelled = "CANCELLED",
    }
}

impl Period {
    /// The period `days` longer, in its own unit (a day is 24 hours; an
    /// agreed last day moves that many days).
    pub fn lengthened(self, days: u32) -> Period {
        match self {
            Period::Days(n) => Period::Days(n.saturating_add(days)),
            Period::WorkingDays(n) => Period::WorkingDays(n.saturating_add(days)),
            Period::Hours(n) => Period::Hours(n.saturating_add(days.saturating_mul(24))),
            Period::Until(day) => Period::Until(
                day.checked_add_days(chrono::Days::new(u64::from(days)))
                    .unwrap_or(day),
            ),
        }
    }

    /// The stored form: `DAYS:20`, `WORKING_DAYS:10`, `HOURS:24`.
    pub fn encode(self) -> String {
        match self {
            Period::Days(n) => format!("DAYS:{n}"),
            Period::WorkingDays(n) => format!("WORKING_DAYS:{n}"),
            Period::Hours(n) => format!("HOURS:{n}"),
            Period::Until(day) => format!("UNTIL:{day}"),
        }
    }

    pub fn parse(text: &str) -> Option<Period> {
        let (unit, n) = text.split_once(':')?;
        if unit == "UNTIL" {
            return n.parse().ok().map(Period::Until);
        }
        let n = n.parse().ok()?;
        match unit {
            "DAYS" => Some(Period::Days(n)),
            "WORKING_DAYS" => Some(Period::WorkingDays(n)),
            "HOURS" => Some(Period::Hours(n)),
            _ => None,
        }
    }
}

/// The years whose calendar decides a clock that started at `start` and
/// is due at `due`: for calendar days, from the period's nominal last day
/// to the last day it moved to (Civil Code Art. 203: only the last day
/// moves off rest days); for working days, every day counted; none for a
/// period in hours or to an agreed day.
pub fn deciding_years(
    period: Period,
    start: NaiveDateTime,
    due: NaiveDateTime,
) -> Option<RangeInclusive<i32>> {
    let start = local_date(start.and_utc());
    let first = match period {
        Period::Days(n) => start
            .checked_add_days(chrono::Days::new(u64::from(n)))
            .unwrap_or(start),
        Period::WorkingDays(_) => start,
        Period::Hours(_) | Period::Until(_) => return None,
    };
    let last = local_date(due.and_utc() - Duration::seconds(1));
    Some(first.year()..=last.year().max(first.year()))
}

/// When reminders go out: offsets before the due instant (0 is the due instant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderOffsets(pub Vec<Duration>);

impl Default for ReminderOffsets {
    /// 7, 3 and 1 days before, and at the due instant.
    fn default() -> ReminderOffsets {
        ReminderOffsets(vec![
            Duration::days(7),
            Duration::days(3),
            Duration::days(1),
            Duration::zero(),
        ])
    }
}

impl ReminderOffsets {
    /// Parses `7d,3d,1d,0` (days `d` or hours `h`; a bare number is hours).
    pub fn parse(text: &str) -> Result<ReminderOffsets, String> {
        let offsets = text
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                let (number, unit) = match part.strip_suffix('d') {
                    Some(days) => (days, 24),
                    None => (part.strip_suffix('h').unwrap_or(part), 1),
                };
                number
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .map(|n| Duration::hours(n * unit))
                    .ok_or_else(|| format!("`{part}` is not an offset like 7d or 12h"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ReminderOffsets(offsets))
    }

    /// The offsets in whole hours, the form kept in `reminders_sent`.
    fn hours(&self) -> impl Iterator<Item = i64> + '_ {
        self.0.iter().map(|d| d.num_hours())
    }

    /// The next reminder after `now` that has not gone out.
    pub fn next_after(
        &self,
        due: NaiveDateTime,
        sent: &[i64],
        now: NaiveDateTime,
    ) -> Option<NaiveDateTime> {
        self.hours()
            .filter(|h| !sent.contains(h))
            .map(|h| due - Duration::hours(h))
            .filter(|t| *t > now)
            .min()
    }

    /// The reminder to send at `now`: the most recent one whose time has
    /// come and that has not gone out. Older ones missed while the server
    /// was down are not sent late.
    pub fn due_now(&self, due: NaiveDateTime, sent: &[i64], now: NaiveDateTime) -> Option<i64> {
        self.hours()
            .filter(|h| !sent.contains(h) && due - Duration::hours(*h) <= now)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_is_decided_by_the_years_of_its_last_days() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        // Received 12 December 2026 (Beijing): day 20 is 1 January 2027, due 4 January.
        let (start, due) = (at("2026-12-12 02:00"), at("2027-01-04 16:00"));
        assert_eq!(
            deciding_years(Period::Days(20), start, due),
            Some(2027..=2027)
        );
        assert_eq!(
            deciding_years(Period::WorkingDays(15), start, due),
            Some(2026..=2027)
        );
        assert_eq!(deciding_years(Period::Hours(24), start, due), None);
        // Day 10 after 1 December 2026 is in 2026 and is a working day.
        let (start, due) = (at("2026-12-01 02:00"), at("2026-12-11 16:00"));
        assert_eq!(
            deciding_years(Period::Days(10), start, due),
            Some(2026..=2026)
        );
    }

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    #[test]
    fn reminders_go_out_seven_three_and_one_day_before_and_at_the_due_instant() {
        let offsets = ReminderOffsets::default();
        let due = at(24, 0);
        assert_eq!(offsets.next_after(due, &[], at(1, 0)), Some(at(17, 0)));
        assert_eq!(offsets.due_now(due, &[], at(17, 0)), Some(168));
        assert_eq!(offsets.next_after(due, &[168], at(17, 0)), Some(at(21, 0)));
        assert_eq!(
            offsets.next_after(due, &[168, 72, 24], at(23, 0)),
            Some(due)
        );
        assert_eq!(offsets.due_now(due, &[168, 72, 24], due), Some(0));
        assert_eq!(offsets.next_after(due, &[168, 72, 24, 0], due), None);
    }

    #[test]
    fn reminders_missed_during_downtime_are_not_sent_late() {
        let offsets = ReminderOffsets::default();
        // Down from the 7-day reminder until after the 1-day one: only the latest goes out.
        assert_eq!(offsets.due_now(at(24, 0), &[], at(23, 6)), Some(24));
    }

    #[test]
    fn a_short_period_skips_the_reminders_already_past() {
        let offsets = ReminderOffsets::default();
        assert_eq!(
            offsets.next_after(at(24, 0), &[], at(22, 9)),
            Some(at(23, 0))
        );
    }

    #[test]
    fn offsets_parse_from_days_and_hours() {
        assert_eq!(
            ReminderOffsets::parse("7d, 3d,1d,0").unwrap(),
            ReminderOffsets::default()
        );
        assert_eq!(
            ReminderOffsets::parse("12h").unwrap().0,
            vec![Duration::hours(12)]
        );
        assert!(ReminderOffsets::parse("soon").is_err());
        assert!(ReminderOffsets::parse("-1d").is_err());
    }

    #[test]
    fn periods_round_trip_through_their_stored_form() {
        let day = chrono::NaiveDate::from_ymd_opt(2027, 12, 31).unwrap();
        for period in [
            Period::Days(20),
            Period::WorkingDays(10),
            Period::Hours(24),
            Period::Until(day),
        ] {
            assert_eq!(Period::parse(&period.encode()), Some(period));
        }
        assert_eq!(Period::parse("WEEKS:2"), None);
    }
}
