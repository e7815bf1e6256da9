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

/// Employers of one region and industry section, as storage tallies
/// them: how many and their workers, all and those bound by a contract in
/// force. Also what a change adds to a tally (then negative where it takes
/// away).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group<S> {
    pub region_id: i64,
    pub section: S,
    pub employers: i64,
    pub workers: i64,
    pub employers_covered: i64,
    pub workers_covered: i64,
}

/// One employer as the tallies count it: its region, section and workers,
/// and whether a contract in force binds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted<S> {
    pub region_id: i64,
    pub section: S,
    pub workers: i64,
    pub covered: bool,
}

impl<S: Copy> Counted<S> {
    /// The employer alone in its group.
    fn group(&self) -> Group<S> {
        Group {
            region_id: self.region_id,
            section: self.section,
            employers: 1,
            workers: self.workers,
            employers_covered: i64::from(self.covered),
            workers_covered: if self.covered { self.workers } else { 0 },
        }
    }
}

/// The sums of `counted` by region and section.
pub fn sums<S: Copy + Ord>(counted: &[Counted<S>]) -> Vec<Group<S>> {
    let groups: Vec<Group<S>> = counted.iter().map(Counted::group).collect();
    difference(&[], &groups)
}

/// What turns the tallies `from` into `to`: per region and section, `to`
/// less `from`, where they differ.
pub fn difference<S: Copy + Ord>(from: &[Group<S>], to: &[Group<S>]) -> Vec<Group<S>> {
    let mut groups: BTreeMap<(i64, S), Group<S>> = BTreeMap::new();
    let signed = from
        .iter()
        .map(|g| (g, -1))
        .chain(to.iter().map(|g| (g, 1)));
    for (group, sign) in signed {
        let sum = groups
            .entry((group.region_id, group.section))
            .or_insert(Group {
                employers: 0,
                workers: 0,
                employers_covered: 0,
                workers_covered: 0,
                ..*group
            });
        sum.employers += sign * group.employers;
        sum.workers += sign * group.workers;
        sum.employers_covered += sign * group.employers_covered;
        sum.workers_covered += sign * group.workers_covered;
    }
    groups
        .into_values()
        .filter(|g| {
            (
                g.employers,
                g.workers,
                g.employers_covered,
                g.workers_covered,
            ) != (0, 0, 0, 0)
        })
        .collect()
}

/// What counting employers as `after` instead of `before` adds to each
/// tally (an employer missing from one side is not counted there).
pub fn moves<S: Copy + Ord>(before: &[Counted<S>], after: &[Counted<S>]) -> Vec<Group<S>> {
    difference(&sums(before), &sums(after))
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

/// Tallies the groups of employers and the titled employers into lines
/// keyed by `key` (a district, an industry section, or one key for the
/// whole); a group `key` maps to `None` is left out.
pub fn tally<S: Copy, K: Ord>(
    groups: &[Group<S>],
    titled: &[Titled<S>],
    key: impl Fn(i64, S) -> Option<K>,
) -> BTreeMap<K, Line> {
    let mut lines: BTreeMap<K, Line> = BTreeMap::new();
    for group in groups {
        if let Some(k) = key(group.region_id, group.section) {
            let line = lines.entry(k).or_default();
            line.employers += group.employers;
            line.workers += group.workers;
            line.employers_covered += group.employers_covered;
            line.workers_covered += group.workers_covered;
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
        let group = |region_id, section, employers, workers, covered: (i64, i64)| Group {
            region_id,
            section,
            employers,
            workers,
            employers_covered: covered.0,
            workers_covered: covered.1,
        };
        let groups = [
            group(1, 'C', 3, 600, (1, 300)),
            group(2, 'C', 1, 200, (0, 0)),
            group(2, 'F', 4, 200, (2, 50)),
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
        let whole = tally(&groups, &titled, |_, _| Some(()));
        let line = whole[&()];
        assert_eq!(
            (line.titled, line.evaluated, line.evaluated_with_contract),
            (3, 2, 1)
        );
        assert_eq!(line.model_coverage(), Some(2.0 / 3.0));
        assert_eq!(line.full_coverage(), Some(1.0 / 3.0));
        assert_eq!(line.worker_coverage(), Some(350.0 / 1000.0));
        assert_eq!(line.employer_coverage(), Some(3.0 / 8.0));
        let sections = tally(&groups, &titled, |_, s| Some(s));
        assert_eq!(sections[&'F'].workers, 200);
        assert_eq!(sections[&'F'].model_coverage(), Some(0.0));
        let left_out = tally(&groups, &titled, |r, _| (r == 1).then_some(r));
        assert_eq!(left_out.len(), 1);
        assert_eq!(Line::default().model_coverage(), None);
    }

    #[test]
    fn moves_are_the_differences_by_group() {
        let counted = |region_id, section, workers, covered| Counted {
            region_id,
            section,
            workers,
            covered,
        };
        let group = |region_id, section, employers, workers, covered: (i64, i64)| Group {
            region_id,
            section,
            employers,
            workers,
            employers_covered: covered.0,
            workers_covered: covered.1,
        };
        // A new employer, 120 workers, not bound.
        assert_eq!(
            moves(&[], &[counted(1, 'C', 120, false)]),
            [group(1, 'C', 1, 120, (0, 0))]
        );
        // A contract takes effect for it: only the covered counts move.
        assert_eq!(
            moves(
                &[counted(1, 'C', 120, false)],
                &[counted(1, 'C', 120, true)]
            ),
            [group(1, 'C', 0, 0, (1, 120))]
        );
        // It moves district and section, bound, and grows to 150 workers.
        assert_eq!(
            moves(&[counted(1, 'C', 120, true)], &[counted(2, 'F', 150, true)]),
            [
                group(1, 'C', -1, -120, (-1, -120)),
                group(2, 'F', 1, 150, (1, 150))
            ]
        );
        // Two employers of one group, one losing its contract, one unchanged.
        let before = [counted(1, 'C', 120, true), counted(1, 'C', 30, true)];
        let after = [counted(1, 'C', 120, false), counted(1, 'C', 30, true)];
        assert_eq!(moves(&before, &after), [group(1, 'C', 0, 0, (-1, -120))]);
        // Nothing moves when nothing changed; a profile removed takes all away.
        assert_eq!(moves(&after, &after), []);
        assert_eq!(
            moves(&[counted(1, 'C', 30, true)], &[]),
            [group(1, 'C', -1, -30, (-1, -30))]
        );
    }

    #[test]
    fn sums_and_the_difference_that_sets_a_tally_right() {
        let counted = |covered| Counted {
            region_id: 1,
            section: 'C',
            workers: 40,
            covered,
        };
        let truth = sums(&[counted(true), counted(false), counted(true)]);
        let right = Group {
            region_id: 1,
            section: 'C',
            employers: 3,
            workers: 120,
            employers_covered: 2,
            workers_covered: 80,
        };
        assert_eq!(truth, [right]);
        let wrong = Group {
            employers: 4,
            ..right
        };
        let stale = Group {
            region_id: 2,
            ..right
        };
        assert_eq!(
            difference(&[wrong, stale], &truth),
            [
                Group {
                    employers: -1,
                    workers: 0,
                    employers_covered: 0,
                    workers_covered: 0,
                    ..right
                },
                Group {
                    employers: -3,
                    workers: -120,
                    employers_covered: -2,
                    workers_covered: -80,
                    ..stale
                },
            ]
        );
        assert_eq!(difference(&truth, &truth), []);
    }
}
