//! The ranges every area's numbers and dates keep, so that nonsense (a
//! headcount of two billion, a contract from the year 9999) is refused with
//! a user error naming the field before anything is stored.

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};

/// The most people one count may hold: an employer's headcount, the
/// workers an agreement covers, the members of a voting body.
pub const MAX_PEOPLE: i32 = 1_000_000;

/// The years a date the platform keeps may fall in: terms, campaigns,
/// votes and the calendar. Every clock the platform runs falls well inside.
pub const YEARS: RangeInclusive<i32> = 2000..=2099;

/// A count of people: from 0 to [`MAX_PEOPLE`].
pub fn people(count: i32) -> Result<(), String> {
    if count < 0 {
        Err("must not be negative".into())
    } else if count > MAX_PEOPLE {
        Err(format!("must be at most {MAX_PEOPLE}"))
    } else {
        Ok(())
    }
}

/// A date within [`YEARS`].
pub fn date(date: NaiveDate) -> Result<(), String> {
    if YEARS.contains(&date.year()) {
        Ok(())
    } else {
        Err(format!(
            "must be in the years {} to {}",
            YEARS.start(),
            YEARS.end()
        ))
    }
}

/// The index of the first item that repeats an earlier one.
pub fn first_repeat<T: PartialEq>(items: &[T]) -> Option<usize> {
    (1..items.len()).find(|i| items[..*i].contains(&items[*i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_people_run_from_none_to_a_million() {
        assert!(people(0).is_ok());
        assert!(people(MAX_PEOPLE).is_ok());
        assert_eq!(people(-1), Err("must not be negative".into()));
        assert_eq!(
            people(MAX_PEOPLE + 1),
            Err("must be at most 1000000".into())
        );
    }

    #[test]
    fn dates_fall_in_this_century() {
        let day = |year| NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        assert!(date(day(2000)).is_ok());
        assert!(date(day(2099)).is_ok());
        assert!(date(day(1999)).is_err());
        assert!(date(day(9999)).is_err());
    }

    #[test]
    fn the_first_repeat_is_found() {
        assert_eq!(first_repeat(&[1, 2, 3]), None);
        assert_eq!(first_repeat(&[1, 2, 1, 2]), Some(2));
        assert_eq!(first_repeat::<i32>(&[]), None);
    }
}
