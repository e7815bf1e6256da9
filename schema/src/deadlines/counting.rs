//! Counting statutory periods (民法典 Arts. 201–203):
//! - the day of the event is not counted; a period of N days ends at 24:00
//!   Asia/Shanghai on the Nth day after it;
//! - a period in months or years ends on the corresponding day, or on the
//!   month's last day where that month has none;
//! - a last day that is a rest day or holiday moves to the next working day;
//! - a period in hours runs from the exact instant.

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;

use super::calendar::Calendar;

/// A statutory period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Calendar days; the last day moves off rest days and holidays.
    Days(u32),
    /// Working days, counted on the calendar.
    WorkingDays(u32),
    /// Exact hours from the instant.
    Hours(u32),
    /// Until 24:00 of an agreed day, such as the last day of a contract's
    /// term; an agreed day does not move off rest days.
    Until(NaiveDate),
}

/// The last day of a term of `months` whole months whose first day is
/// `first_day` (Civil Code Art. 202): the day before the corresponding day
/// of the last month, or that month's last day where it has no
/// corresponding day (a term from 29 February ends on 28 February).
pub fn last_day_of_months(first_day: NaiveDate, months: u32) -> Option<NaiveDate> {
    let corresponding = first_day.checked_add_months(chrono::Months::new(months))?;
    match corresponding.day() == first_day.day() {
        true => corresponding.pred_opt(),
        // chrono kept to the month's end: there is no corresponding day.
        false => Some(corresponding),
    }
}

/// The local date of an instant in Asia/Shanghai.
pub fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&Shanghai).date_naive()
}

/// The last local day on which something due at `due` may still be done:
/// the day before for a clock running out at 24:00 (00:00 of the next
/// day), else the day of the due hour.
pub fn due_on(due: DateTime<Utc>) -> NaiveDate {
    local_date(due - chrono::Duration::seconds(1))
}

/// 24:00 Asia/Shanghai at the end of `date`, as an instant.
pub fn end_of_local_day(date: NaiveDate) -> DateTime<Utc> {
    let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
    let midnight = next.and_hms_opt(0, 0, 0).unwrap_or_default();
    // Asia/Shanghai has no daylight saving: local midnight is unambiguous.
    Shanghai
        .from_local_datetime(&midnight)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| midnight.and_utc())
}

/// The last day of a period that starts on the day of `start`.
pub fn last_day(start: DateTime<Utc>, period: Period, calendar: &Calendar) -> NaiveDate {
    let event_day = local_date(start);
    match period {
        Period::Days(n) => {
            let nominal = event_day
                .checked_add_days(Days::new(u64::from(n)))
                .unwrap_or(event_day);
            calendar.this_or_next_working_day(nominal)
        }
        Period::WorkingDays(n) => {
            let mut day = event_day;
            for _ in 0..n {
                day = calendar.this_or_next_working_day(day.succ_opt().unwrap_or(day));
            }
            day
        }
        Period::Hours(_) => local_date(due_at(start, period, calendar)),
        Period::Until(day) => day,
    }
}

/// The instant a period that starts at `start` ends: the deadline.
pub fn due_at(start: DateTime<Utc>, period: Period, calendar: &Calendar) -> DateTime<Utc> {
    match period {
        Period::Hours(h) => start + Duration::hours(i64::from(h)),
        Period::Days(_) | Period::WorkingDays(_) | Period::Until(_) => {
            end_of_local_day(last_day(start, period, calendar))
        }
    }
}

/// Whether a deadline due at `due` has passed at `now`: the due instant
/// itself (24:00, i.e. 00:00 the next day) is already late.
pub fn is_past(due: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= due
}

#[cfg(test)]
mod tests {
    use super::super::calendar::{CalendarDayKind, marked_2026};
    use super::*;

    fn at(local: &str) -> DateTime<Utc> {
        let naive = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S").unwrap();
        Shanghai
            .from_local_datetime(&naive)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_clock_due_at_24_00_is_due_on_that_day() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(due_on(end_of_local_day(day(21))), day(21));
        assert_eq!(due_on(at("2026-12-22 15:30:00")), day(22));
        assert_eq!(due_on(at("2026-12-22 00:00:01")), day(22));
    }

    fn calendar() -> Calendar {
        Calendar::new(marked_2026().into_iter().map(|(d, k, _)| (d, k)), [2026])
    }

    #[test]
    fn statutory_holidays_count_in_years_without_a_notice() {
        // Offer received 12 December 2026: day 20 is Friday 1 January 2027, New Year's Day;
        // 2–3 January are a weekend, so the reply is due at 24:00 on Monday 4 January.
        let reply = due_at(at("2026-12-12 10:00:00"), Period::Days(20), &calendar());
        assert_eq!(reply, at("2027-01-05 00:00:00"));
        // Signed 22 December 2026: the 10 days of filing end on 1 January 2027, too.
        let filing = due_at(at("2026-12-22 16:00:00"), Period::Days(10), &calendar());
        assert_eq!(filing, at("2027-01-05 00:00:00"));
        // Received 12 December 2028: day 20 is Monday 1 January 2029; due Tuesday 2 January.
        let later = due_at(at("2028-12-12 10:00:00"), Period::Days(20), &calendar());
        assert_eq!(later, at("2029-01-03 00:00:00"));
        // Once 2029's notice is loaded, only its own days count.
        let loaded = Calendar::new([], [2029]);
        let confirmed = due_at(at("2028-12-12 10:00:00"), Period::Days(20), &loaded);
        assert_eq!(
            confirmed,
            at("2029-01-02 00:00:00"),
            "1 January 2029 as marked: not at all"
        );
    }

    #[test]
    fn the_event_day_is_not_counted() {
        // Received on Monday 2 November 2026: day 1 is Tuesday 3 November.
        let due = due_at(at("2026-11-02 09:30:00"), Period::Days(10), &calendar());
        assert_eq!(
            due,
            at("2026-11-13 00:00:00"),
            "day 10 is Thursday 12 November; it ends at 24:00"
        );
    }

    #[test]
    fn a_last_day_on_a_weekend_moves_to_monday() {
        // Day 20 after Monday 2 November 2026 is Sunday 22 November.
        let due = due_at(at("2026-11-02 15:00:00"), Period::Days(20), &calendar());
        assert_eq!(
            due,
            at("2026-11-24 00:00:00"),
            "the period ends at 24:00 on Monday 23 November"
        );
        let saturday = due_at(at("2026-11-06 15:00:00"), Period::Days(15), &calendar());
        assert_eq!(
            saturday,
            at("2026-11-24 00:00:00"),
            "Saturday 21 November moves to Monday 23 November"
        );
    }

    #[test]
    fn a_last_day_inside_a_holiday_moves_to_the_first_day_after_it() {
        // Day 20 after 13 September 2026 is 3 October, inside National Day (1–7 October).
        let due = due_at(at("2026-09-13 10:00:00"), Period::Days(20), &calendar());
        assert_eq!(
            due,
            at("2026-10-09 00:00:00"),
            "the first working day after the holiday is Thursday 8 October"
        );
    }

    #[test]
    fn a_make_up_saturday_counts_as_a_working_day() {
        // Day 20 after 20 September 2026 is Saturday 10 October, a make-up working day.
        let due = due_at(at("2026-09-20 10:00:00"), Period::Days(20), &calendar());
        assert_eq!(due, at("2026-10-11 00:00:00"));
        // Without the 2026 notice, the same Saturday would move to Monday 12 October.
        let plain = due_at(
            at("2026-09-20 10:00:00"),
            Period::Days(20),
            &Calendar::default(),
        );
        assert_eq!(plain, at("2026-10-13 00:00:00"));
    }

    #[test]
    fn an_hours_based_period_ends_at_the_exact_instant() {
        let received = at("2026-11-20 17:42:13");
        assert_eq!(
            due_at(received, Period::Hours(24), &calendar()),
            at("2026-11-21 17:42:13")
        );
    }

    #[test]
    fn the_boundary_instant_is_late_and_the_second_before_is_not() {
        let due = due_at(at("2026-11-02 15:00:00"), Period::Days(10), &calendar());
        assert!(!is_past(due, at("2026-11-12 23:59:59")));
        assert!(is_past(due, at("2026-11-13 00:00:00")));
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        // 10 working days after Friday 25 September 2026 (Mid-Autumn holiday 25–27, National Day 1–7):
        // 28, 29, 30 September, 8, 9, 10 (make-up Saturday), 12, 13, 14, 15 October.
        assert_eq!(
            last_day(
                at("2026-09-25 10:00:00"),
                Period::WorkingDays(10),
                &calendar()
            ),
            NaiveDate::from_ymd_opt(2026, 10, 15).unwrap()
        );
    }

    #[test]
    fn an_event_late_in_the_evening_counts_from_its_local_day() {
        // 23:30 in Changchun is 15:30 UTC the same day; 00:30 local is the previous UTC day.
        let late = due_at(
            at("2026-11-02 23:30:00"),
            Period::Days(1),
            &Calendar::new([], []),
        );
        assert_eq!(late, at("2026-11-04 00:00:00"));
        let early = due_at(
            at("2026-11-03 00:30:00"),
            Period::Days(1),
            &Calendar::new(
                [(
                    NaiveDate::from_ymd_opt(2026, 11, 4).unwrap(),
                    CalendarDayKind::Holiday,
                )],
                [],
            ),
        );
        assert_eq!(
            early,
            at("2026-11-06 00:00:00"),
            "4 November marked as a holiday moves day 1 to 5 November"
        );
    }
}
