//! The coverage report of the city office and the district offices: model
//! units (titled employers) evaluated and bound by contracts, the ILO's
//! collective-bargaining coverage, and the counts of evaluations. The
//! employers are read as their tallies by region and section (kept by
//! every change, [`super::tally`]), the titled employers and evaluations
//! one by one; [`super::rules::coverage`] tallies the lines in memory.

use crate::graphql::date::Date;
use std::collections::{BTreeMap, HashMap, HashSet};

use async_graphql::SimpleObject;
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::{EvaluationStatus, Nomination, TitleLevel};
use super::rules::coverage::{Group, Line, Titled, covering_years, tally};
use super::tally::tallies;
use crate::db::Conn;
use crate::db::tables::{bargaining_evaluations, coverage_counted, harmony_titles, organizations};
use crate::on;
use crate::organizations::kinds::IndustrySection;
use crate::organizations::objects::{Organization, Region};
use crate::organizations::storage::{OrganizationRow, RegionRow};

/// What every coverage report counts, for the whole city: the tallies of
/// the employers by region and industry section (kept by every change,
/// see [`super::tally`]), the titled employers, the filed evaluations and
/// the tallies of evaluations. The census is read once and kept until
/// anything changes (see [`crate::identity::viewers::Viewers::keep`]); a
/// report takes its regions, sections, year and day from it.
pub struct Census {
    groups: Vec<Group<IndustrySection>>,
    /// Employers holding a title at city level or above, not revoked (one
    /// per title).
    titles: Vec<TitledEmployer>,
    /// Filed evaluations: (employer, year).
    filed: HashSet<(i64, i32)>,
    /// Evaluations counted by region, year, state, confirmed grade and nomination.
    evaluations: Vec<EvaluationTally>,
}

/// An employer holding a title at city level or above, as counted.
struct TitledEmployer {
    /// The organization, as listed when not covered.
    row: OrganizationRow,
    region_id: i64,
    section: IndustrySection,
    /// Whether a contract in force binds it.
    covered: bool,
    /// The title's last day.
    last: Option<NaiveDate>,
}

type EvaluationTally = (
    i64,
    i32,
    EvaluationStatus,
    Option<String>,
    Option<Nomination>,
    i64,
);

impl Census {
    pub async fn read(conn: &mut Conn<'_>) -> QueryResult<Census> {
        // Three plain reads, not a join: joined, PostgreSQL scans every
        // counted employer and organization to hash them.
        let held: Vec<(i64, Option<NaiveDate>)> = on!(conn, |c| harmony_titles::table
            .filter(harmony_titles::level.eq_any(TitleLevel::CITY_OR_ABOVE))
            .filter(harmony_titles::revoked_at.is_null())
            .select((harmony_titles::employer_id, harmony_titles::valid_until))
            .load(c)
            .await)?;
        let ids: Vec<i64> = held.iter().map(|(id, _)| *id).collect();
        let counted: HashMap<i64, (i64, IndustrySection, bool)> = on!(conn, |c| {
            coverage_counted::table
                .filter(coverage_counted::employer_id.eq_any(&ids))
                .select((
                    coverage_counted::employer_id,
                    coverage_counted::region_id,
                    coverage_counted::industry_section,
                    coverage_counted::covered,
                ))
                .load::<(i64, i64, IndustrySection, bool)>(c)
                .await
        })?
        .into_iter()
        .map(|(id, region, section, covered)| (id, (region, section, covered)))
        .collect();
        let rows: HashMap<i64, OrganizationRow> = on!(conn, |c| organizations::table
            .filter(organizations::id.eq_any(&ids))
            .select(OrganizationRow::as_select())
            .load::<OrganizationRow>(c)
            .await)?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
        // An employer without a profile is not counted, titled or not.
        let titles = held
            .into_iter()
            .filter_map(|(id, last)| {
                let (region_id, section, covered) = *counted.get(&id)?;
                Some(TitledEmployer {
                    row: rows.get(&id)?.clone(),
                    region_id,
                    section,
                    covered,
                    last,
                })
            })
            .collect();
        let filed: Vec<(i64, i32)> = on!(conn, |c| bargaining_evaluations::table
            .filter(bargaining_evaluations::status.eq(EvaluationStatus::Filed))
            .select((
                bargaining_evaluations::employer_id,
                bargaining_evaluations::year,
            ))
            .load(c)
            .await)?;
        let evaluations: Vec<EvaluationTally> = on!(conn, |c| bargaining_evaluations::table
            .group_by((
                bargaining_evaluations::region_id,
                bargaining_evaluations::year,
                bargaining_evaluations::status,
                bargaining_evaluations::confirmed_grade,
                bargaining_evaluations::nomination,
            ))
            .select((
                bargaining_evaluations::region_id,
                bargaining_evaluations::year,
                bargaining_evaluations::status,
                bargaining_evaluations::confirmed_grade,
                bargaining_evaluations::nomination,
                count_star(),
            ))
            .load(c)
            .await)?;
        Ok(Census {
            groups: tallies(conn).await?,
            titles,
            filed: filed.into_iter().collect(),
            evaluations,
        })
    }
}

/// The groups of `groups` in `region_ids` and `sections`.
fn in_scope(
    groups: &[Group<IndustrySection>],
    region_ids: &HashSet<i64>,
    sections: &[IndustrySection],
) -> Vec<Group<IndustrySection>> {
    groups
        .iter()
        .filter(|g| region_ids.contains(&g.region_id) && sections.contains(&g.section))
        .cloned()
        .collect()
}

/// The employers of `scope` (in `sections`) holding a title at city level
/// or above on `on`, with whether a filed evaluation of `year` or the year
/// before covers them and whether a contract in force binds them; by id.
fn titled<'c>(
    census: &'c Census,
    scope: &HashSet<i64>,
    sections: &[IndustrySection],
    on: NaiveDate,
    year: i32,
) -> BTreeMap<i64, (&'c TitledEmployer, Titled<IndustrySection>)> {
    census
        .titles
        .iter()
        .filter(|employer| {
            scope.contains(&employer.region_id)
                && sections.contains(&employer.section)
                && employer.last.is_none_or(|last| last >= on)
        })
        .map(|employer| {
            let unit = Titled {
                employer_id: employer.row.id,
                region_id: employer.region_id,
                section: employer.section,
                evaluated: covering_years(year)
                    .iter()
                    .any(|y| census.filed.contains(&(employer.row.id, *y))),
                contract: employer.covered,
            };
            (employer.row.id, (employer, unit))
        })
        .collect()
}

/// Counts of the submitted evaluations of `year` in `scope`.
fn evaluation_counts(census: &Census, scope: &HashSet<i64>, year: i32) -> EvaluationCounts {
    let of_year: Vec<&EvaluationTally> = census
        .evaluations
        .iter()
        .filter(|(region_id, y, ..)| scope.contains(region_id) && *y == year)
        .collect();
    let mut grades: BTreeMap<Option<String>, i64> = BTreeMap::new();
    for (_, _, status, grade, _, count) in &of_year {
        if matches!(
            status,
            EvaluationStatus::Confirmed | EvaluationStatus::Filed
        ) {
            *grades.entry(grade.clone()).or_default() += count;
        }
    }
    let named = |which| {
        of_year
            .iter()
            .filter(|(.., n, _)| *n == Some(which))
            .map(|(.., count)| *count)
            .sum::<i64>()
    };
    EvaluationCounts {
        by_status: EvaluationStatus::ALL
            .iter()
            .filter(|s| **s != EvaluationStatus::Draft)
            .map(|status| StatusCount {
                status: *status,
                count: of_year
                    .iter()
                    .filter(|(_, _, s, ..)| s == status)
                    .map(|(.., n)| *n)
                    .sum(),
            })
            .collect(),
        by_grade: grades
            .into_iter()
            .map(|(grade, count)| GradeCount { grade, count })
            .collect(),
        typical: named(Nomination::Typical),
        model: named(Nomination::Model),
    }
}

/// How many evaluations are in a state.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
#[graphql(name = "EvaluationStatusCount")]
pub struct StatusCount {
    pub status: EvaluationStatus,
    pub count: i64,
}

/// How many confirmed or filed evaluations reached a grade (null: below every band).
#[derive(SimpleObject, Clone, Debug, PartialEq)]
#[graphql(name = "EvaluationGradeCount")]
pub struct GradeCount {
    pub grade: Option<String>,
    pub count: i64,
}

/// The submitted evaluations of the report's year.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct EvaluationCounts {
    /// Every state but the draft (drafts are the employers' own).
    pub by_status: Vec<StatusCount>,
    /// By the confirmed grade, of those confirmed or filed.
    pub by_grade: Vec<GradeCount>,
    /// Employers named typical units.
    pub typical: i64,
    /// Employers named city-level model bargaining units.
    pub model: i64,
}

/// One line of the report: the whole, a region, or an industry section.
#[derive(SimpleObject, Clone)]
pub struct CoverageLine {
    /// The region of the line (a region directly below the report's, or the
    /// report's own for employers placed in it); null on other lines.
    pub region: Option<Region>,
    /// The industry section of the line; null on other lines.
    pub industry_section: Option<IndustrySection>,
    /// Employers holding a title at city level or above.
    pub titled_employers: i64,
    /// Of them, those with a filed evaluation of the year or the year before.
    pub evaluated: i64,
    /// Of them, those also bound by a contract in force.
    pub evaluated_with_contract: i64,
    /// `evaluated` of `titledEmployers`, 0 to 1; null without titled employers.
    pub model_coverage: Option<f64>,
    /// `evaluatedWithContract` of `titledEmployers`, 0 to 1.
    pub full_coverage: Option<f64>,
    /// Employers in scope (with a profile).
    pub employers: i64,
    /// Of them, those bound by a contract in force.
    pub employers_covered: i64,
    /// Their workers (the profiles' headcounts).
    pub workers: i64,
    /// The workers of the employers bound by a contract in force.
    pub workers_covered: i64,
    /// The ILO's collective-bargaining coverage: `workersCovered` of `workers`.
    pub worker_coverage: Option<f64>,
    /// `employersCovered` of `employers`.
    pub employer_coverage: Option<f64>,
}

impl CoverageLine {
    fn of(line: &Line, region: Option<Region>, industry_section: Option<IndustrySection>) -> Self {
        CoverageLine {
            region,
            industry_section,
            titled_employers: line.titled,
            evaluated: line.evaluated,
            evaluated_with_contract: line.evaluated_with_contract,
            model_coverage: line.model_coverage(),
            full_coverage: line.full_coverage(),
            employers: line.employers,
            employers_covered: line.employers_covered,
            workers: line.workers,
            workers_covered: line.workers_covered,
            worker_coverage: line.worker_coverage(),
            employer_coverage: line.employer_coverage(),
        }
    }
}

/// A titled employer not yet covered: the office's to-do list for the
/// seed's "全覆盖".
#[derive(SimpleObject, Clone)]
pub struct UncoveredUnit {
    pub employer: Organization,
    pub industry_section: IndustrySection,
    /// Whether a filed evaluation covers it (then it lacks only a contract).
    pub evaluated: bool,
    /// Whether a contract in force binds it.
    pub contract_in_force: bool,
}

/// Model-unit and collective-bargaining coverage of a region for a year.
#[derive(SimpleObject, Clone)]
pub struct CoverageReport {
    pub region: Region,
    pub year: i32,
    /// The day titles and contracts are counted on.
    pub as_of: Date,
    /// The whole region.
    pub total: CoverageLine,
    /// Each region directly below the report's (and the report's own, for
    /// employers placed in it), by code.
    pub by_region: Vec<CoverageLine>,
    /// Each industry section with employers.
    pub by_industry: Vec<CoverageLine>,
    /// Titled employers not covered (no filed evaluation, or no contract in
    /// force), by name; at most 500.
    pub not_covered: Vec<UncoveredUnit>,
    /// How many titled employers are not covered.
    pub not_covered_count: i64,
    pub evaluations: EvaluationCounts,
}

/// Most uncovered employers a report lists.
const MOST_LISTED: usize = 500;

/// The report of `root` for `year` over `regions` (every region, by id),
/// titles and contracts counted on `on`, optionally of one industry section.
/// Everything it lists is in `root`'s subtree, which only an office of it
/// or above may ask for (the caller checks).
pub fn report(
    census: &Census,
    regions: &HashMap<i64, RegionRow>,
    root: RegionRow,
    year: i32,
    on: NaiveDate,
    section: Option<IndustrySection>,
) -> CoverageReport {
    let within: Vec<&RegionRow> = regions
        .values()
        .filter(|region| region.path.starts_with(&root.path))
        .collect();
    let sections: Vec<IndustrySection> = match section {
        Some(one) => vec![one],
        None => IndustrySection::ALL.to_vec(),
    };
    let scope: HashSet<i64> = within.iter().map(|region| region.id).collect();
    let groups = in_scope(&census.groups, &scope, &sections);
    let units = titled(census, &scope, &sections, on, year);
    let titled: Vec<Titled<IndustrySection>> =
        units.values().map(|(_, unit)| unit.clone()).collect();
    // Each region to the region directly below the root that holds it.
    let by_path: HashMap<&str, i64> = within
        .iter()
        .map(|region| (region.path.as_str(), region.id))
        .collect();
    let under: HashMap<i64, i64> = within
        .iter()
        .map(|region| {
            let rest = &region.path[root.path.len()..];
            let top = match rest.split_once('/') {
                Some((code, _)) => by_path
                    .get(format!("{}{code}/", root.path).as_str())
                    .copied()
                    .unwrap_or(root.id),
                None => root.id,
            };
            (region.id, top)
        })
        .collect();
    let whole = tally(&groups, &titled, |_, _| Some(()));
    let regional = tally(&groups, &titled, |r, _| under.get(&r).copied());
    let industrial = tally(&groups, &titled, |_, s| Some(s));
    let mut by_region: Vec<(&str, CoverageLine)> = regional
        .iter()
        .filter_map(|(id, line)| {
            let row = regions.get(id)?;
            Some((
                row.code.as_str(),
                CoverageLine::of(line, Some(Region(row.clone())), None),
            ))
        })
        .collect();
    by_region.sort_by(|a, b| a.0.cmp(b.0));
    let mut uncovered: Vec<&(&TitledEmployer, Titled<IndustrySection>)> = units
        .values()
        .filter(|(_, t)| !(t.evaluated && t.contract))
        .collect();
    uncovered.sort_by(|a, b| (&a.0.row.name, a.0.row.id).cmp(&(&b.0.row.name, b.0.row.id)));
    let not_covered_count = i64::try_from(uncovered.len()).unwrap_or(i64::MAX);
    let not_covered = uncovered
        .into_iter()
        .take(MOST_LISTED)
        .map(|(employer, t)| UncoveredUnit {
            employer: Organization::full(employer.row.clone()),
            industry_section: t.section,
            evaluated: t.evaluated,
            contract_in_force: t.contract,
        })
        .collect();
    CoverageReport {
        total: CoverageLine::of(&whole.get(&()).copied().unwrap_or_default(), None, None),
        region: Region(root),
        year,
        as_of: Date(on),
        by_region: by_region.into_iter().map(|(_, line)| line).collect(),
        by_industry: industrial
            .iter()
            .map(|(section, line)| CoverageLine::of(line, None, Some(*section)))
            .collect(),
        not_covered,
        not_covered_count,
        evaluations: evaluation_counts(census, &scope, year),
    }
}
