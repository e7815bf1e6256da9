//! Model-unit coverage (seed 000 §二.2(四): evaluation to reach every
//! harmonious-labour-relations enterprise at city level or above) and the
//! ILO's collective-bargaining coverage, tallied from what storage counts.
//!
//! A titled employer holds a title at city level or above, not revoked and
//! not past its last day. It is covered when it has a filed evaluation of
//! the report's year or the year before, and fully covered when it is also
//! bound by a contract in force. ILO coverage is the workers of the
//! employers bound by a contract in force over all workers of the
//! employers in scope (headcounts from the employers' profiles, so a
//! worker bound by two contracts counts once).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::evaluation::kinds::TitleLevel;
use crate::evaluation::storage::TitleRow;

/// Whether `title` counts on `on`: at city level or above, not revoked, not
/// past its last day.
pub fn counts(title: &TitleRow, on: NaiveDate) -> bool {
    TitleLevel::CITY_OR_ABOVE.contains(&title.level) && held(title, on)
}

/// Whether `title` is held on `on`: not revoked, not past its last day.
pub fn held(title: &TitleRow, on: NaiveDate) -> bool {
    title.revoked_at.is_none() && title.valid_until.is_none_or(|last| last >= on)
}

/// The years whose filed evaluations cover an employer in a report of `year`.
pub fn covering_years(year: i32) -> [i32; 2] {
    [year - 1, year]
}

/// Employers of one region and industry section, as storage counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<S> {
    pub region_id: i64,
    pub section: S,
    pub employers: i64,
    pub workers: i64,
}

/// A titled employer and what covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Titled<S> {
    pub employer_id: i64,
    pub region_id: i64,
    pub section: S,
    pub evaluated: bool,
    pub contract: bool,
}

/// The counts of one line of a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Line {
    pub titled: i64,
    pub evaluated: i64,
    pub evaluated_with_contract: i64,
    pub employers: i64,
    pub employers_covered: i64,
    pub workers: i64,
    pub workers_covered: i64,
}

impl Line {
    /// Titled employers with a filed evaluation, of all titled; none without any.
    pub fn model_coverage(&self) -> Option<f64> {
        share(self.evaluated, self.titled)
    }

    /// Titled employers evaluated and bound by a contract in force, of all titled.
    pub fn full_coverage(&self) -> Option<f64> {
        share(self.evaluated_with_contract, self.titled)
    }

    /// Workers bound by a contract in force, of all workers (the ILO rate).
    pub fn worker_coverage(&self) -> Option<f64> {
        share(self.workers_covered, self.workers)
    }

    /// Employers bound by a contract in force, of all employers.
    pub fn employer_coverage(&self) -> Option<f64> {
        share(self.employers_covered, self.employers)
    }
}

/// `part` of `whole` as a fraction; none of nothing.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Tallies the groups of all employers, of the covered ones, and the titled
/// employers into lines keyed by `key` (a district, an industry section, or
/// one key for the whole); a group `key` maps to `None` is left out.
pub fn tally<S: Copy, K: Ord>(
    all: &[Group<S>],
    covered: &[Group<S>],
    titled: &[Titled<S>],
    key: impl Fn(i64, S) -> Option<K>,
) -> BTreeMap<K, Line> {
    let mut lines: BTreeMap<K, Line> = BTreeMap::new();
    for group in all {
        if let Some(k) = key(group.region_id, group.section) {
            let line = lines.entry(k).or_default();
            line.employers += group.employers;
            line.workers += group.workers;
        }
    }
    for group in covered {
        if let Some(k) = key(group.region_id, group.section) {
            let line = lines.entry(k).or_default();
            line.employers_covered += group.employers;
            line.workers_covered += group.workers;
        }
    }
    for unit in titled {
        if let Some(k) = key(unit.region_id, unit.section) {
            let line = lines.entry(k).or_default();
            line.titled += 1;
            line.evaluated += i64::from(unit.evaluated);
            line.evaluated_with_contract += i64::from(unit.evaluated && unit.contract);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(level: TitleLevel, valid_until: Option<NaiveDate>, revoked: bool) -> TitleRow {
        let at = NaiveDate::from_ymd_opt(2025, 3, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        TitleRow {
            id: 1,
            employer_id: 1,
            region_id: 1,
            title: "劳动关系和谐企业".into(),
            level,
            year: 2025,
            named_by: "长春市协调劳动关系三方委员会".into(),
            document: "长三方发〔2025〕3号".into(),
            valid_until,
            revoked_at: revoked.then_some(at),
            revocation_reason: revoked.then(|| "发生重大劳动争议".into()),
            recorded_by_id: None,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_title_counts_at_city_level_or_above_while_held() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert!(counts(&title(TitleLevel::City, None, false), day(2)));
        assert!(counts(
            &title(TitleLevel::National, Some(day(2)), false),
            day(2)
        ));
        assert!(!counts(
            &title(TitleLevel::Province, Some(day(1)), false),
            day(2)
        ));
        assert!(!counts(&title(TitleLevel::District, None, false), day(2)));
        assert!(!counts(&title(TitleLevel::City, None, true), day(2)));
        assert_eq!(covering_years(2026), [2025, 2026]);
    }

    #[test]
    fn lines_add_up_by_key_and_rates_divide_exactly() {
        let all = [
            Group {
                region_id: 1,
                section: 'C',
                employers: 3,
                workers: 600,
            },
            Group {
                region_id: 2,
                section: 'C',
                employers: 1,
                workers: 200,
            },
            Group {
                region_id: 2,
                section: 'F',
                employers: 4,
                workers: 200,
            },
        ];
        let covered = [
            Group {
                region_id: 1,
                section: 'C',
                employers: 1,
                workers: 300,
            },
            Group {
                region_id: 2,
                section: 'F',
                employers: 2,
                workers: 50,
            },
        ];
        let titled = [
            Titled {
                employer_id: 1,
                region_id: 1,
                section: 'C',
                evaluated: true,
                contract: true,
            },
            Titled {
                employer_id: 2,
                region_id: 1,
                section: 'C',
                evaluated: true,
                contract: false,
            },
            Titled {
                employer_id: 3,
                region_id: 2,
                section: 'F',
                evaluated: false,
                contract: true,
            },
        ];
        let whole = tally(&all, &covered, &titled, |_, _| Some(()));
        let line = whole[&()];
        assert_eq!(
            (line.titled, line.evaluated, line.evaluated_with_contract),
            (3, 2, 1)
        );
        assert_eq!(line.model_coverage(), Some(2.0 / 3.0));
        assert_eq!(line.full_coverage(), Some(1.0 / 3.0));
        assert_eq!(line.worker_coverage(), Some(350.0 / 1000.0));
        assert_eq!(line.employer_coverage(), Some(3.0 / 8.0));
        let sections = tally(&all, &covered, &titled, |_, s| Some(s));
        assert_eq!(sections[&'F'].workers, 200);
        assert_eq!(sections[&'F'].model_coverage(), Some(0.0));
        let left_out = tally(&all, &covered, &titled, |r, _| (r == 1).then_some(r));
        assert_eq!(left_out.len(), 1);
        assert_eq!(Line::default().model_coverage(), None);
    }
}
