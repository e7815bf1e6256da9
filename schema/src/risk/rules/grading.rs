//! Risk grading from shared data (seed 000 §二.1: 依托大数据对用人单位进行
//! 风险分级): the signals of an employer's month (social insurance, tax,
//! loans, utilities, disputes, complaints, unemployment registrations,
//! logistics), a rule set the city office keeps as versioned data
//! (indicators with thresholds and points, grade bands), and the grade it
//! gives, with its reasons, as a pure function.

use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// A signal in shared data about an employer's month.
    pub enum SignalKind {
        /// Social insurance contributions owed, in yuan.
        SocialInsuranceArrears = "SOCIAL_INSURANCE_ARREARS",
        /// Taxes owed, in yuan.
        TaxArrears = "TAX_ARREARS",
        /// Overdue loans, in yuan.
        OverdueLoans = "OVERDUE_LOANS",
        /// Water, power or gas bills owed, in yuan.
        UtilityArrears = "UTILITY_ARREARS",
        /// Labour dispute cases filed against it.
        LabourDisputes = "LABOUR_DISPUTES",
        /// Complaints to labour inspection.
        Complaints = "COMPLAINTS",
        /// Unemployment registrations of its former workers.
        UnemploymentRegistrations = "UNEMPLOYMENT_REGISTRATIONS",
        /// The fall of its logistics volume on the month before, in percent.
        LogisticsDrop = "LOGISTICS_DROP",
    }
}

crate::text_enum! {
    /// An employer's risk grade, from low to severe.
    pub enum RiskGrade {
        /// No indicator of concern.
        Low = "LOW",
        /// Worth watching.
        Watch = "WATCH",
        /// High: the district office visits.
        High = "HIGH",
        /// Severe: the district office acts at once.
        Severe = "SEVERE",
    }
}

/// An indicator: a signal at or above a threshold scores points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub signal: SignalKind,
    pub threshold: f64,
    pub points: u32,
}

/// A grade band: from `min_points` up, the grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub min_points: u32,
    pub grade: RiskGrade,
}

/// A version of the rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    pub version: i32,
    pub indicators: Vec<Indicator>,
    pub bands: Vec<Band>,
}

/// Why an employer scored: an indicator its signal reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub signal: SignalKind,
    pub value: f64,
    pub threshold: f64,
    pub points: u32,
}

/// A grade with its points and reasons, under a rule set's version.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    pub grade: RiskGrade,
    pub points: u32,
    pub reasons: Vec<Reason>,
    pub version: i32,
}

/// The platform's first rule set, for the city office to replace with its
/// own: the thresholds are a starting point, not a published standard.
pub fn first_rule_set() -> RuleSet {
    use SignalKind::*;
    let indicator = |signal, threshold, points| Indicator {
        signal,
        threshold,
        points,
    };
    RuleSet {
        version: 1,
        indicators: vec![
            indicator(SocialInsuranceArrears, 100_000.0, 30),
            indicator(TaxArrears, 200_000.0, 20),
            indicator(OverdueLoans, 1_000_000.0, 20),
            indicator(UtilityArrears, 50_000.0, 15),
            indicator(LabourDisputes, 3.0, 25),
            indicator(Complaints, 5.0, 20),
            indicator(UnemploymentRegistrations, 20.0, 15),
            indicator(LogisticsDrop, 30.0, 15),
        ],
        bands: vec![
            Band {
                min_points: 0,
                grade: RiskGrade::Low,
            },
            Band {
                min_points: 20,
                grade: RiskGrade::Watch,
            },
            Band {
                min_points: 45,
                grade: RiskGrade::High,
            },
            Band {
                min_points: 70,
                grade: RiskGrade::Severe,
            },
        ],
    }
}

/// Checks a rule set the city office submits: thresholds finite and not
/// negative, 1 to 100 points, bands from 0 rising in points and grade.
/// Returns `(field, message)` for each problem.
pub fn check_rule_set(rules: &RuleSet) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for (i, indicator) in rules.indicators.iter().enumerate() {
        if !indicator.threshold.is_finite() || indicator.threshold < 0.0 {
            let field = format!("indicators.{i}.threshold");
            problems.push((field, "is a number of 0 or more".into()));
        }
        if !(1..=100).contains(&indicator.points) {
            let field = format!("indicators.{i}.points");
            problems.push((field, "is from 1 to 100".into()));
        }
    }
    if rules.bands.first().map(|b| b.min_points) != Some(0) {
        problems.push(("bands".into(), "the first band starts at 0 points".into()));
    }
    let rising = rules
        .bands
        .windows(2)
        .all(|pair| pair[0].min_points < pair[1].min_points && pair[0].grade < pair[1].grade);
    if !rising {
        let message = "bands rise in points and in grade";
        problems.push(("bands".into(), message.into()));
    }
    problems
}

/// The grade of an employer's signals under `rules`: every indicator whose
/// signal reached its threshold scores its points (the largest value of a
/// signal counts), and the points fall in a band.
pub fn grade(rules: &RuleSet, signals: &[(SignalKind, f64)]) -> Graded {
    let reasons: Vec<Reason> = rules
        .indicators
        .iter()
        .filter_map(|indicator| {
            let value = signals
                .iter()
                .filter(|(kind, _)| *kind == indicator.signal)
                .map(|(_, value)| *value)
                .fold(None, |max: Option<f64>, v| {
                    Some(max.map_or(v, |m| m.max(v)))
                })?;
            (value >= indicator.threshold).then_some(Reason {
                signal: indicator.signal,
                value,
                threshold: indicator.threshold,
                points: indicator.points,
            })
        })
        .collect();
    let points = reasons.iter().map(|r| r.points).sum();
    let grade = rules
        .bands
        .iter()
        .rev()
        .find(|band| points >= band.min_points)
        .map_or(RiskGrade::Low, |band| band.grade);
    Graded {
        grade,
        points,
        reasons,
        version: rules.version,
    }
}

/// An employer's signals of its latest month: `(month, kind, value)` in,
/// that month and its `(kind, value)` out; `None` without signals.
pub fn latest_month(
    signals: &[(chrono::NaiveDate, SignalKind, f64)],
) -> Option<(chrono::NaiveDate, Vec<(SignalKind, f64)>)> {
    let month = signals.iter().map(|(month, _, _)| *month).max()?;
    let values = signals
        .iter()
        .filter(|(m, _, _)| *m == month)
        .map(|(_, kind, value)| (*kind, *value))
        .collect();
    Some((month, values))
}

/// Whether a new grade is worse than the one before: the district office is told.
pub fn rose(before: Option<RiskGrade>, after: RiskGrade) -> bool {
    before.is_none_or(|before| after > before) && after > RiskGrade::Low
}

#[cfg(test)]
mod tests {
    use super::*;
    use SignalKind::*;

    #[test]
    fn only_the_latest_month_counts() {
        let month = |m| chrono::NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
        let signals = [
            (month(10), Complaints, 9.0),
            (month(11), Complaints, 1.0),
            (month(11), TaxArrears, 300_000.0),
        ];
        let (latest, values) = latest_month(&signals).unwrap();
        assert_eq!(latest, month(11));
        assert_eq!(values, [(Complaints, 1.0), (TaxArrears, 300_000.0)]);
        assert_eq!(latest_month(&[]), None);
    }

    /// Grading 100,000 generated employers with the first rule set: run with
    /// `cargo test -p xieshang-schema --release -- --ignored grading_a_city`
    /// to print the time.
    #[test]
    #[ignore]
    fn grading_a_city_of_a_hundred_thousand_employers() {
        let rules = first_rule_set();
        let kinds = SignalKind::ALL;
        let employers: Vec<Vec<(SignalKind, f64)>> = (0..100_000u64)
            .map(|i| {
                (0..4)
                    .map(|j| {
                        let kind = kinds[((i * 7 + j * 3) % kinds.len() as u64) as usize];
                        let value = ((i * 2_654_435_761 + j * 97) % 400_000) as f64;
                        (kind, value)
                    })
                    .collect()
            })
            .collect();
        let started = std::time::Instant::now();
        let graded: Vec<Graded> = employers.iter().map(|s| grade(&rules, s)).collect();
        let took = started.elapsed();
        let severe = graded
            .iter()
            .filter(|g| g.grade == RiskGrade::Severe)
            .count();
        println!(
            "graded {} employers in {took:?} ({severe} severe)",
            graded.len()
        );
        assert_eq!(graded.len(), 100_000);
    }

    #[test]
    fn signals_at_their_thresholds_score_and_fall_in_a_band() {
        let rules = first_rule_set();
        assert!(check_rule_set(&rules).is_empty());
        let calm = grade(&rules, &[(Complaints, 4.0), (TaxArrears, 199_999.0)]);
        assert_eq!((calm.grade, calm.points), (RiskGrade::Low, 0));
        assert!(calm.reasons.is_empty());
        let arrears = grade(&rules, &[(SocialInsuranceArrears, 100_000.0)]);
        assert_eq!((arrears.grade, arrears.points), (RiskGrade::Watch, 30));
        assert_eq!(arrears.reasons[0].signal, SocialInsuranceArrears);
        let severe = grade(
            &rules,
            &[
                (SocialInsuranceArrears, 150_000.0),
                (LabourDisputes, 2.0),
                (LabourDisputes, 4.0),
                (Complaints, 9.0),
            ],
        );
        assert_eq!(severe.points, 75, "the larger dispute count counts");
        assert_eq!(severe.grade, RiskGrade::Severe);
        assert_eq!(severe.version, 1);
    }

    #[test]
    fn a_new_rule_set_regrades_the_same_signals() {
        let signals = [(TaxArrears, 250_000.0), (UtilityArrears, 60_000.0)];
        let before = grade(&first_rule_set(), &signals);
        assert_eq!(before.grade, RiskGrade::Watch, "35 points");
        let mut stricter = first_rule_set();
        stricter.version = 2;
        stricter.indicators[1].points = 40;
        let after = grade(&stricter, &signals);
        assert_eq!(
            (after.grade, after.points, after.version),
            (RiskGrade::High, 55, 2)
        );
        assert!(rose(Some(before.grade), after.grade));
        assert!(!rose(Some(RiskGrade::High), RiskGrade::Watch));
        assert!(!rose(None, RiskGrade::Low), "a first low grade is no news");
        assert!(rose(None, RiskGrade::Watch));
    }

    #[test]
    fn a_rule_set_with_bad_numbers_or_bands_is_refused() {
        let mut rules = first_rule_set();
        rules.indicators[0].threshold = f64::NAN;
        rules.indicators[1].points = 0;
        rules.bands.swap(1, 2);
        let fields: Vec<String> = check_rule_set(&rules).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            ["indicators.0.threshold", "indicators.1.points", "bands"]
        );
        rules.bands.remove(0);
        assert!(
            check_rule_set(&rules)
                .iter()
                .any(|(_, m)| m.contains("starts at 0"))
        );
    }
}
