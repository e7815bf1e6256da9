//! The `Date` scalar: a calendar day, written `YYYY-MM-DD` (ISO 8601).
//!
//! async-graphql names chrono's day `NaiveDate`, a Rust name; clients see
//! `Date` instead. Rules and storage keep `chrono::NaiveDate`; this type
//! lives only at the GraphQL boundary.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

/// A calendar day at the boundary of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// A calendar day, `YYYY-MM-DD` (ISO 8601), in Beijing time where it
/// stands for a deadline.
#[Scalar(
    name = "Date",
    specified_by_url = "https://www.iso.org/iso-8601-date-and-time-format.html"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| {
                    InputValueError::custom(format!("`{text}` is not a date (YYYY-MM-DD)"))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

impl From<NaiveDate> for Date {
    fn from(day: NaiveDate) -> Date {
        Date(day)
    }
}

impl From<Date> for NaiveDate {
    fn from(day: Date) -> NaiveDate {
        day.0
    }
}

impl std::ops::Deref for Date {
    type Target = NaiveDate;

    fn deref(&self) -> &NaiveDate {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_read_and_written_as_iso_8601() {
        let day = Date::parse(Value::String("2026-12-21".into())).unwrap();
        assert_eq!(day.0, NaiveDate::from_ymd_opt(2026, 12, 21).unwrap());
        assert_eq!(day.to_value(), Value::String("2026-12-21".into()));
        assert!(Date::parse(Value::String("2026-13-01".into())).is_err());
        assert!(Date::parse(Value::String("21/12/2026".into())).is_err());
        assert!(Date::parse(Value::Number(20261221.into())).is_err());
    }
}
