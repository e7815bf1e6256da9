//! The rules of risk monitoring (seed 004), as pure functions: when
//! departures make a monitored item, the clocks of the information form,
//! how a case moves, and who sets which warning level.

use super::kinds::{RiskStatus, WarningLevel};
use crate::deadlines::counting::Period;

/// Departures of a month in which an employer must report item (七):
/// 50 or more, or fewer but at least 10% of its workforce (seed 004 §六.(七)).
pub const MASS_DEPARTURES: i32 = 50;

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

/// Checks who sets a warning of `level`: only the city office, which issues
/// level 1 itself and records levels 2 and 3 with the deciding body and
/// its document. Returns `(field, message)` for what is missing.
pub fn check_warning(
    level: WarningLevel,
    by_city_office: bool,
    decided: Decided<'_>,
) -> Result<(), Vec<(&'static str, String)>> {
    if !by_city_office {
        return Err(vec![(
            "level",
            "only the city tripartite office sets a warning; a district office proposes one".into(),
        )]);
    }
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
        assert!(check_warning(WarningLevel::Level1, true, none).is_ok());
        let district = check_warning(WarningLevel::Level1, false, none).unwrap_err();
        assert_eq!(district[0].0, "level");
        let undecided = check_warning(WarningLevel::Level2, true, none).unwrap_err();
        let fields: Vec<&str> = undecided.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["decidedBy", "documentNumber"]);
        let decided = Decided {
            body: Some("吉林省协调劳动关系三方委员会"),
            document: Some("吉劳关〔2027〕1号"),
        };
        assert!(check_warning(WarningLevel::Level3, true, decided).is_ok());
    }
}
