//! The rules of a layoff under LCL Art. 41 and 《企业经济性裁减人员规定》,
//! as pure functions: when the procedure applies, the 30 days from the
//! explanation, who is protected (`protection`), the retirement age that
//! decides it (`retirement`), and severance (`severance`).

#[cfg(test)]
mod fixtures;
pub mod implementation;
pub mod plan;
pub mod protection;
pub mod retirement;
pub mod severance;

use chrono::{DateTime, Utc};

use crate::deadlines::calendar::Calendar;
use crate::deadlines::counting::{Period, last_day};

/// Cutting this many workers or more needs the procedure whatever the
/// workforce (LCL Art. 41: 裁减人员二十人以上).
pub const ART_41_COUNT: i32 = 20;

/// Whether cutting `cut` of a workforce of `workforce` needs the Art. 41
/// procedure: 20 or more, or fewer but at least a tenth of the workforce
/// (百分之十以上 includes the bound).
pub fn needs_procedure(workforce: i32, cut: i32) -> bool {
    cut > 0 && (cut >= ART_41_COUNT || i64::from(cut) * 10 >= i64::from(workforce.max(0)))
}

/// Why the procedure applies to cutting `cut` of `workforce`, or not.
pub fn threshold(workforce: i32, cut: i32) -> &'static str {
    match (cut >= ART_41_COUNT, needs_procedure(workforce, cut)) {
        (true, _) => "applies: 20 or more are cut (LCL Art. 41: 裁减人员二十人以上)",
        (false, true) => {
            "applies: fewer than 20 but at least 10% of the workforce are cut (LCL Art. 41: 不足二十人但占企业职工总数百分之十以上)"
        }
        (false, false) => {
            "does not apply: fewer than 20 and under 10% of the workforce are cut; the plan is recorded without the Art. 41 procedure"
        }
    }
}

/// The explanation to the union or all workers comes 30 days ahead
/// (提前三十日, LCL Art. 41; 《企业经济性裁减人员规定》 Art. 4).
pub const NOTICE: Period = Period::Days(30);

/// The rule of the notice, in words.
pub const NOTICE_RULE: &str = "《劳动合同法》第四十一条、《企业经济性裁减人员规定》第四条：提前三十日向工会或者全体职工说明情况";

/// The earliest day a termination may take effect after an explanation
/// given at `explained_at`: the last day of the 30 days, counted as the
/// Civil Code counts (the day of the explanation not counted; a last day
/// that is a rest day or holiday moves to the next working day).
pub fn earliest_termination(explained_at: DateTime<Utc>, calendar: &Calendar) -> chrono::NaiveDate {
    last_day(explained_at, NOTICE, calendar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    #[test]
    fn the_threshold_of_article_41() {
        let cases = [
            (150, 15, true, "exactly 10%"),
            (150, 14, false, "under 10% and under 20"),
            (150, 20, true, "20"),
            (30, 3, true, "10% of a small workforce"),
            (199, 19, false, "under 20 and under 10%"),
            (199, 20, true, "20"),
            (190, 19, true, "exactly 10%"),
            (1000, 0, false, "nobody"),
        ];
        for (workforce, cut, applies, why) in cases {
            assert_eq!(
                needs_procedure(workforce, cut),
                applies,
                "{workforce}/{cut}: {why}"
            );
        }
    }

    #[test]
    fn the_30_days_run_from_the_day_after_the_explanation() {
        // Explained on Wednesday 2027-06-02 (Beijing): day 30 is Friday
        // 2027-07-02, a working day.
        let explained = chrono_tz::Asia::Shanghai
            .with_ymd_and_hms(2027, 6, 2, 15, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let calendar = Calendar::new([], [2027]);
        assert_eq!(
            earliest_termination(explained, &calendar),
            NaiveDate::from_ymd_opt(2027, 7, 2).unwrap()
        );
        // Explained on Thursday 2027-06-03: day 30 is Saturday 2027-07-03,
        // so the 30 days end on Monday 2027-07-05.
        let explained = explained + chrono::Duration::days(1);
        assert_eq!(
            earliest_termination(explained, &calendar),
            NaiveDate::from_ymd_opt(2027, 7, 5).unwrap()
        );
    }
}
