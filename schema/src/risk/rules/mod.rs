//! The rules of risk monitoring (seed 004), as pure functions: when
//! departures make a monitored item, the clocks of the information form,
//! how a case moves, and who sets which warning level. What each change
//! of a case decides is in `cases`.

pub mod cases;
pub mod checks;
pub mod grading;

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime};

use super::kinds::{MonitoredItem, RiskStatus, WarningLevel};
use crate::deadlines::counting::Period;
use crate::deadlines::kinds::{DeadlineKind, StatutoryClock};

/// Departures of a month in which an employer must report item (七):
/// 50 or more, or fewer but at least 10% of its workforce (seed 004 §六.(七)).
pub const MASS_DEPARTURES: i32 = 50;

/// The day of the next month by which an employer files its monthly
/// headcount return unless a region sets another (the platform's rule: the
/// seed asks for departures to be reported, not for a return).
pub const RETURN_DAY: u32 = 10;

/// The first day of the month of `day`.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// Checks the month of a return: one that has ended by `today`. Returns its
/// first day.
pub fn check_return_month(month: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    let month = month_of(month);
    match month < month_of(today) {
        true => Ok(month),
        false => Err("a return is for a month that has ended".into()),
    }
}

/// Whether filing the return of `month` (its first day) meets the return
/// clock that runs until `open_last_day` and starts the next month's: when
/// that clock is for `month` or an earlier one, or none runs. A late return
/// of an older month leaves the current clock alone.
pub fn moves_return_clock(open_last_day: Option<NaiveDate>, month: NaiveDate) -> bool {
    let next = month.checked_add_months(Months::new(1)).unwrap_or(month);
    open_last_day.is_none_or(|last| month_of(last) <= next)
}

/// The clock of the return for the month after `month` (its first day):
/// due at the end of day `day` of the month after that.
pub fn return_clock(month: NaiveDate, day: u32) -> StatutoryClock {
    let next = month
        .checked_add_months(Months::new(2))
        .and_then(|m| m.with_day(day))
        .unwrap_or(month);
    StatutoryClock::set(
        DeadlineKind::HeadcountReturn,
        Period::Until(next),
        format!("月度用工人数报表：次月{day}日前报送（用于监测第七项：当月离职人数）"),
    )
}

/// Whether `departures` in a month out of a workforce of `headcount` make
/// monitored item (七): 50 or more, or at least a tenth of the workforce
/// (以上 includes the bound).
pub fn mass_departure(headcount: i32, departures: i32) -> bool {
    departures > 0
        && (departures >= MASS_DEPARTURES
            || i64::from(departures) * 10 >= i64::from(headcount.max(0)))
}

/// The information form (附件4) is filed within 24 hours of the report's
/// receipt, counted from the exact instant.
pub const FORM_PERIOD: Period = Period::Hours(24);

/// The rule of the form's clock, in words.
pub const FORM_RULE: &str =
    "《劳动关系领域风险监测预警工作实施方案》第八条：接报后24小时内填写风险监测预警信息情况表";

/// The information form's clock: 24 hours from the instant the office was
/// first told (by phone, WeChat or the platform).
pub const FORM_CLOCK: StatutoryClock =
    StatutoryClock::fixed(DeadlineKind::RiskForm, FORM_PERIOD, FORM_RULE);

/// The hours within which an urgent case reaches the city office unless a
/// region sets otherwise (seed 004 §八: 紧急重大事项，应立即报告).
pub const URGENT_HOURS: u32 = 2;

/// The period and rule of reporting an urgent case upward within `hours`.
pub fn urgent_report(hours: u32) -> (Period, String) {
    (
        Period::Hours(hours),
        format!(
            "《劳动关系领域风险监测预警工作实施方案》第八条：紧急重大事项立即报告（{hours}小时内）"
        ),
    )
}

/// The clock of reporting an urgent case to the city office.
pub fn urgent_clock(hours: u32) -> StatutoryClock {
    let (period, rule) = urgent_report(hours);
    StatutoryClock::set(DeadlineKind::RiskUrgentReport, period, rule)
}

/// Whether a case is urgent (紧急重大事项): the reporter or the office says
/// so, or workers have stopped work or blocked gates or roads (item 九),
/// which is urgent whatever the report says.
pub fn is_urgent(items: &[MonitoredItem], flagged: bool) -> bool {
    flagged || items.contains(&MonitoredItem::CollectiveAction)
}

/// The instant a closed case sorts at in the ledger: after every open one.
pub fn never() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or(NaiveDateTime::MAX)
}

/// Days after a form within which an assessed case is looked at again when
/// no follow-up names a date.
pub const REVIEW_DAYS: i64 = 7;

/// When the office must next act on a case, which orders the ledger: the
/// earliest of its open clocks (the form, the urgent report) and its next
/// follow-up; once assessed without one, a week after the latest form; a
/// closed or merged case never.
pub fn attention(
    status: RiskStatus,
    open_clocks: &[NaiveDateTime],
    next_follow_up: Option<NaiveDateTime>,
    last_form: Option<NaiveDateTime>,
) -> NaiveDateTime {
    if matches!(status, RiskStatus::Closed | RiskStatus::Merged) {
        return never();
    }
    let review = next_follow_up.or_else(|| last_form.map(|at| at + Duration::days(REVIEW_DAYS)));
    open_clocks
        .iter()
        .copied()
        .chain(review)
        .min()
        .unwrap_or_else(never)
}

/// The largest amount taken: a trillion yuan.
const MAX_FEN: i64 = 100_000_000_000_000;

/// Parses an amount in yuan with at most two decimals (`12345.6`) into fen.
pub fn parse_yuan(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) || fraction.len() > 2 {
        return Err(format!(
            "`{text}` is not an amount in yuan such as 12345.67"
        ));
    }
    let fen = format!("{fraction:0<2}");
    whole
        .parse::<i64>()
        .ok()
        .and_then(|y| y.checked_mul(100))
        .and_then(|f| f.checked_add(fen.parse::<i64>().ok()?))
        .filter(|f| *f <= MAX_FEN)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// An amount in fen as yuan, with two decimals.
pub fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// A step of a risk case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskStep {
    /// The office files the information form: the first assesses the case.
    FileForm,
    /// A follow-up entry: measures are under way.
    FollowUp,
    Close,
    /// The case joins another of the same employer.
    Merge,
}

/// The status a case takes with `step`, or why it may not take it.
pub fn step(status: RiskStatus, step: RiskStep) -> Result<RiskStatus, String> {
    use RiskStatus::*;
    match (status, step) {
        (Closed | Merged, _) => Err(format!("the case is {}", status.as_str())),
        (Reported, RiskStep::FileForm) => Ok(Assessed),
        (Reported, RiskStep::FollowUp) => {
            Err("the information form comes first: the office assesses the case".into())
        }
        (status, RiskStep::FileForm) => Ok(status),
        (Assessed | Resolving, RiskStep::FollowUp) => Ok(Resolving),
        (_, RiskStep::Close) => Ok(Closed),
        (_, RiskStep::Merge) => Ok(Merged),
    }
}

/// Who decides a warning level (seed 004 §三).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deciding {
    /// The city's tripartite body: the city office issues it.
    City,
    /// The province's; the city office records it after reporting up.
    Province,
    /// The national tripartite conference's; recorded as for the province.
    Nation,
}

pub fn deciding(level: WarningLevel) -> Deciding {
    match level {
        WarningLevel::Level1 => Deciding::City,
        WarningLevel::Level2 => Deciding::Province,
        WarningLevel::Level3 => Deciding::Nation,
    }
}

/// What a warning names of the decision behind it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Decided<'a> {
    pub body: Option<&'a str>,
    pub document: Option<&'a str>,
}

/// Checks what a warning of `level` names of its decision: the city
/// office (the only body that sets warnings) issues level 1 itself and
/// records levels 2 and 3 with the deciding body and its document.
/// Returns `(field, message)` for what is missing.
pub fn check_warning(
    level: WarningLevel,
    decided: Decided<'_>,
) -> Result<(), Vec<(&'static str, String)>> {
    if deciding(level) == Deciding::City {
        return Ok(());
    }
    let missing: Vec<(&'static str, String)> = [
        ("decidedBy", decided.body),
        ("documentNumber", decided.document),
    ]
    .into_iter()
    .filter(|(_, value)| value.is_none_or(|v| v.trim().is_empty()))
    .map(|(field, _)| {
        let message = format!(
            "a {} warning is decided above the city: name the deciding body and its document",
            level.as_str()
        );
        (field, message)
    })
    .collect();
    match missing.is_empty() {
        true => Ok(()),
        false => Err(missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departures_make_item_seven_at_fifty_or_at_a_tenth_of_the_workforce() {
        assert!(mass_departure(2000, 50), "50 departures");
        assert!(!mass_departure(600, 49), "49 of 600 is 8.2%");
        assert!(mass_departure(300, 30), "30 of 300 is 10%");
        assert!(!mass_departure(300, 29), "29 of 300 is 9.7%");
        assert!(!mass_departure(0, 0));
        assert!(mass_departure(5, 1), "1 of 5 is 20%");
    }

    #[test]
    fn a_return_is_for_an_ended_month_and_the_next_is_due_the_month_after() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            check_return_month(day(2026, 11, 17), day(2026, 12, 1)),
            Ok(day(2026, 11, 1))
        );
        assert!(check_return_month(day(2026, 12, 1), day(2026, 12, 31)).is_err());
        let clock = return_clock(day(2026, 11, 1), 10);
        assert_eq!(
            clock.period,
            Period::Until(day(2027, 1, 10)),
            "December's, by 10 January"
        );
        assert_eq!(
            return_clock(day(2026, 12, 1), 28).period,
            Period::Until(day(2027, 2, 28))
        );
        // November's return meets the clock due on 10 December, not January's.
        assert!(moves_return_clock(
            Some(day(2026, 12, 10)),
            day(2026, 11, 1)
        ));
        assert!(moves_return_clock(None, day(2026, 11, 1)));
        assert!(!moves_return_clock(
            Some(day(2027, 1, 10)),
            day(2026, 10, 1)
        ));
    }

    #[test]
    fn the_form_is_due_within_24_hours_and_an_urgent_case_sooner() {
        assert_eq!(FORM_PERIOD, Period::Hours(24));
        assert_eq!(urgent_report(URGENT_HOURS).0, Period::Hours(2));
        assert!(urgent_report(1).1.contains("1小时"));
    }

    #[test]
    fn a_case_is_assessed_by_its_form_then_followed_up_and_closed() {
        use RiskStatus::*;
        assert_eq!(step(Reported, RiskStep::FileForm), Ok(Assessed));
        assert!(step(Reported, RiskStep::FollowUp).is_err());
        assert_eq!(step(Assessed, RiskStep::FollowUp), Ok(Resolving));
        assert_eq!(
            step(Resolving, RiskStep::FileForm),
            Ok(Resolving),
            "a follow-up form"
        );
        assert_eq!(step(Resolving, RiskStep::Close), Ok(Closed));
        assert_eq!(step(Reported, RiskStep::Merge), Ok(Merged));
        assert!(step(Closed, RiskStep::FollowUp).is_err());
        assert!(step(Merged, RiskStep::Close).is_err());
    }

    #[test]
    fn the_city_office_issues_level_one_and_records_the_others_with_their_decision() {
        let none = Decided::default();
        assert!(check_warning(WarningLevel::Level1, none).is_ok());
        let undecided = check_warning(WarningLevel::Level2, none).unwrap_err();
        let fields: Vec<&str> = undecided.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["decidedBy", "documentNumber"]);
        let decided = Decided {
            body: Some("吉林省协调劳动关系三方委员会"),
            document: Some("吉劳关〔2027〕1号"),
        };
        assert!(check_warning(WarningLevel::Level3, decided).is_ok());
        let blank = Decided {
            body: Some(" "),
            document: Some("吉劳关〔2027〕1号"),
        };
        assert!(check_warning(WarningLevel::Level2, blank).is_err());
    }

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 3, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .unwrap()
    }

    #[test]
    fn the_ledger_puts_first_what_is_due_first() {
        use RiskStatus::*;
        let form_due = at(2, 9);
        let urgent_due = at(1, 11);
        assert_eq!(
            attention(Reported, &[form_due, urgent_due], None, None),
            urgent_due
        );
        assert_eq!(attention(Reported, &[form_due], None, None), form_due);
        assert_eq!(
            attention(Assessed, &[], None, Some(at(2, 8))),
            at(9, 8),
            "a week after the form"
        );
        assert_eq!(
            attention(Resolving, &[], Some(at(4, 10)), Some(at(2, 8))),
            at(4, 10),
            "the next follow-up"
        );
        assert_eq!(attention(Closed, &[form_due], None, None), never());
        assert!(never() > at(31, 23));
    }

    #[test]
    fn stoppages_and_blockades_are_urgent_whatever_the_report_says() {
        assert!(is_urgent(&[MonitoredItem::CollectiveAction], false));
        assert!(!is_urgent(&[MonitoredItem::WageArrears], false));
        assert!(is_urgent(&[MonitoredItem::WageArrears], true));
    }

    #[test]
    fn amounts_in_yuan_are_kept_in_fen() {
        assert_eq!(parse_yuan("12345.67"), Ok(1_234_567));
        assert_eq!(parse_yuan(" 800 "), Ok(80_000));
        assert_eq!(parse_yuan("0.5"), Ok(50));
        assert!(parse_yuan("1.234").is_err());
        assert!(parse_yuan("-5").is_err());
        assert!(parse_yuan("1e5").is_err());
        assert!(parse_yuan("").is_err());
        assert!(parse_yuan("99999999999999999999").is_err());
        assert_eq!(yuan(1_234_567), "12345.67");
        assert_eq!(yuan(50), "0.50");
    }
}
