//! The coverage report of the city office and the district offices: model
//! units (titled employers) evaluated and bound by contracts, the ILO's
//! collective-bargaining coverage, and the counts of evaluations. Storage
//! counts in grouped queries (one scan of the employers in scope for all,
//! one for those bound by a contract in force, and a few over the titled
//! employers only); [`super::rules::coverage`] tallies the lines.

use std::collections::{BTreeMap, HashMap};

use async_graphql::SimpleObject;
use chrono::NaiveDate;
use diesel::dsl::{count_star, sum};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::{EvaluationStatus, Nomination, TitleLevel};
use super::rules::coverage::{Group, Line, Titled, covering_years, tally};
use crate::agreements::kinds::{AgreementKind, AgreementStatus};
use crate::db::Conn;
use crate::db::tables::{
    agreement_employers, agreements, bargaining_evaluations, employer_profiles, harmony_titles,
    organizations, regions,
};
use crate::on;
use crate::organizations::kinds::{IndustrySection, OrganizationKind};
use crate::organizations::objects::{Organization, Region};
use crate::organizations::storage::RegionRow;

/// The contracts that cover their employers' workers (not the lighter
/// agreements, memoranda and minutes).
fn contract_kinds() -> Vec<AgreementKind> {
    AgreementKind::ALL
        .iter()
        .copied()
        .filter(|k| k.is_contract())
        .collect()
}

/// The employers of `region_ids` (in `sections`), grouped by region and
/// section: how many, how many workers; only those bound by a contract in
/// force with `covered`.
async fn groups(
    conn: &mut Conn<'_>,
    region_ids: &[i64],
    sections: &[IndustrySection],
    covered: bool,
) -> QueryResult<Vec<Group<IndustrySection>>> {
    let bound = agreement_employers::table
        .inner_join(agreements::table)
        .filter(agreements::status.eq(AgreementStatus::Effective))
        .filter(agreements::kind.eq_any(contract_kinds()))
        .select(agreement_employers::employer_id);
    let rows: Vec<(i64, IndustrySection, i64, Option<i64>)> = on!(conn, |c| {
        let query = organizations::table
            .inner_join(
                employer_profiles::table
                    .on(employer_profiles::organization_id.eq(organizations::id)),
            )
            .filter(organizations::kind.eq(OrganizationKind::Employer))
            .filter(organizations::region_id.eq_any(region_ids))
            .filter(employer_profiles::industry_section.eq_any(sections))
            .group_by((
                organizations::region_id,
                employer_profiles::industry_section,
            ))
            .select((
                organizations::region_id,
                employer_profiles::industry_section,
                count_star(),
                sum(employer_profiles::headcount),
            ));
        if covered {
            query.filter(organizations::id.eq_any(bound)).load(c).await
        } else {
            query.load(c).await
        }
    })?;
    Ok(rows
        .into_iter()
        .map(|(region_id, section, employers, workers)| Group {
            region_id,
            section,
            employers,
            workers: workers.unwrap_or(0),
        })
        .collect())
}

/// The employers of `region_ids` (in `sections`) holding a title at city
/// level or above on `on`, with whether a filed evaluation of `year` or the
/// year before covers them and whether a contract in force binds them.
async fn titled(
    conn: &mut Conn<'_>,
    region_ids: &[i64],
    sections: &[IndustrySection],
    on: NaiveDate,
    year: i32,
) -> QueryResult<Vec<Titled<IndustrySection>>> {
    let holders = || {
        harmony_titles::table
            .filter(harmony_titles::level.eq_any(TitleLevel::CITY_OR_ABOVE))
            .filter(harmony_titles::revoked_at.is_null())
            .filter(
                harmony_titles::valid_until
                    .is_null()
                    .or(harmony_titles::valid_until.ge(on)),
            )
            .select(harmony_titles::employer_id)
    };
    let units: Vec<(i64, i64, IndustrySection)> = on!(conn, |c| organizations::table
        .inner_join(
            employer_profiles::table.on(employer_profiles::organization_id.eq(organizations::id)),
        )
        .filter(organizations::id.eq_any(holders()))
        .filter(organizations::region_id.eq_any(region_ids))
        .filter(employer_profiles::industry_section.eq_any(sections))
        .select((
            organizations::id,
            organizations::region_id,
            employer_profiles::industry_section,
        ))
        .load(c)
        .await)?;
    let evaluated: Vec<i64> = on!(conn, |c| bargaining_evaluations::table
        .filter(bargaining_evaluations::status.eq(EvaluationStatus::Filed))
        .filter(bargaining_evaluations::year.eq_any(covering_years(year)))
        .filter(bargaining_evaluations::employer_id.eq_any(holders()))
        .select(bargaining_evaluations::employer_id)
        .load(c)
        .await)?;
    let bound: Vec<i64> = on!(conn, |c| agreement_employers::table
        .inner_join(agreements::table)
        .filter(agreements::status.eq(AgreementStatus::Effective))
        .filter(agreements::kind.eq_any(contract_kinds()))
        .filter(agreement_employers::employer_id.eq_any(holders()))
        .select(agreement_employers::employer_id)
        .load(c)
        .await)?;
    Ok(units
        .into_iter()
        .map(|(employer_id, region_id, section)| Titled {
            employer_id,
            region_id,
            section,
            evaluated: evaluated.contains(&employer_id),
            contract: bound.contains(&employer_id),
        })
        .collect())
}

/// The regions within `root` (its path), with their paths.
async fn regions_within(conn: &mut Conn<'_>, root: &RegionRow) -> QueryResult<Vec<(i64, String)>> {
    on!(conn, |c| regions::table
        .filter(regions::path.like(format!("{}%", root.path)))
        .select((regions::id, regions::path))
        .load(c)
        .await)
}

/// Counts of the submitted evaluations of `year` in `region_ids`.
async fn evaluation_counts(
    conn: &mut Conn<'_>,
    region_ids: &[i64],
    year: i32,
) -> QueryResult<EvaluationCounts> {
    let scope = || {
        bargaining_evaluations::table
            .filter(bargaining_evaluations::region_id.eq_any(region_ids))
            .filter(bargaining_evaluations::year.eq(year))
    };
    let statuses: Vec<(EvaluationStatus, i64)> = on!(conn, |c| scope()
        .filter(bargaining_evaluations::status.ne(EvaluationStatus::Draft))
        .group_by(bargaining_evaluations::status)
        .select((bargaining_evaluations::status, count_star()))
        .load(c)
        .await)?;
    let grades: Vec<(Option<String>, i64)> = on!(conn, |c| scope()
        .filter(
            bargaining_evaluations::status
                .eq_any([EvaluationStatus::Confirmed, EvaluationStatus::Filed]),
        )
        .group_by(bargaining_evaluations::confirmed_grade)
        .select((bargaining_evaluations::confirmed_grade, count_star()))
        .load(c)
        .await)?;
    let named: Vec<(Option<Nomination>, i64)> = on!(conn, |c| scope()
        .filter(bargaining_evaluations::nomination.is_not_null())
        .group_by(bargaining_evaluations::nomination)
        .select((bargaining_evaluations::nomination, count_star()))
        .load(c)
        .await)?;
    let named = |which| {
        named
            .iter()
            .filter(|(n, _)| *n == Some(which))
            .map(|(_, count)| *count)
            .sum::<i64>()
    };
    Ok(EvaluationCounts {
        by_status: EvaluationStatus::ALL
            .iter()
            .filter(|s| **s != EvaluationStatus::Draft)
            .map(|status| StatusCount {
                status: *status,
                count: statuses
                    .iter()
                    .filter(|(s, _)| s == status)
                    .map(|(_, n)| *n)
                    .sum(),
            })
            .collect(),
        by_grade: grades
            .into_iter()
            .map(|(grade, count)| GradeCount { grade, count })
            .collect(),
        typical: named(Nomination::Typical),
        model: named(Nomination::Model),
    })
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
    pub as_of: NaiveDate,
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

/// The report of `root` for `year`, titles and contracts counted on `on`,
/// optionally of one industry section.
pub async fn report(
    conn: &mut Conn<'_>,
    root: RegionRow,
    year: i32,
    on: NaiveDate,
    section: Option<IndustrySection>,
) -> QueryResult<CoverageReport> {
    let within = regions_within(conn, &root).await?;
    let region_ids: Vec<i64> = within.iter().map(|(id, _)| *id).collect();
    let sections: Vec<IndustrySection> = match section {
        Some(one) => vec![one],
        None => IndustrySection::ALL.to_vec(),
    };
    let all = groups(conn, &region_ids, &sections, false).await?;
    let covered = groups(conn, &region_ids, &sections, true).await?;
    let titled = titled(conn, &region_ids, &sections, on, year).await?;
    // Each region to the region directly below the root that holds it.
    let by_path: HashMap<&str, i64> = within.iter().map(|(id, p)| (p.as_str(), *id)).collect();
    let under: HashMap<i64, i64> = within
        .iter()
        .map(|(id, path)| {
            let rest = &path[root.path.len()..];
            let top = match rest.split_once('/') {
                Some((code, _)) => by_path
                    .get(format!("{}{code}/", root.path).as_str())
                    .copied()
                    .unwrap_or(root.id),
                None => root.id,
            };
            (*id, top)
        })
        .collect();
    let whole = tally(&all, &covered, &titled, |_, _| Some(()));
    let regional = tally(&all, &covered, &titled, |r, _| under.get(&r).copied());
    let industrial = tally(&all, &covered, &titled, |_, s| Some(s));
    let rows = crate::organizations::storage::regions_by_ids(
        conn,
        &regional.keys().copied().collect::<Vec<_>>(),
        &crate::organizations::visibility::Visible::Everything,
    )
    .await?;
    let mut by_region: Vec<(String, CoverageLine)> = rows
        .into_iter()
        .filter_map(|row| {
            let line = regional.get(&row.id)?;
            Some((
                row.code.clone(),
                CoverageLine::of(line, Some(Region(row)), None),
            ))
        })
        .collect();
    by_region.sort_by(|a, b| a.0.cmp(&b.0));
    let mut uncovered: Vec<&Titled<IndustrySection>> = titled
        .iter()
        .filter(|t| !(t.evaluated && t.contract))
        .collect();
    let names: BTreeMap<i64, crate::organizations::storage::OrganizationRow> =
        crate::organizations::storage::organizations_by_ids(
            conn,
            &uncovered.iter().map(|t| t.employer_id).collect::<Vec<_>>(),
            &crate::organizations::visibility::OrgVisible::Everything,
        )
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    uncovered.sort_by(|a, b| {
        let name = |t: &Titled<IndustrySection>| names.get(&t.employer_id).map(|o| o.name.clone());
        name(a).cmp(&name(b))
    });
    let not_covered_count = i64::try_from(uncovered.len()).unwrap_or(i64::MAX);
    let not_covered = uncovered
        .into_iter()
        .take(MOST_LISTED)
        .filter_map(|t| {
            Some(UncoveredUnit {
                employer: Organization::full(names.get(&t.employer_id)?.clone()),
                industry_section: t.section,
                evaluated: t.evaluated,
                contract_in_force: t.contract,
            })
        })
        .collect();
    Ok(CoverageReport {
        total: CoverageLine::of(&whole.get(&()).copied().unwrap_or_default(), None, None),
        region: Region(root),
        year,
        as_of: on,
        by_region: by_region.into_iter().map(|(_, line)| line).collect(),
        by_industry: industrial
            .iter()
            .map(|(section, line)| CoverageLine::of(line, None, Some(*section)))
            .collect(),
        not_covered,
        not_covered_count,
        evaluations: evaluation_counts(conn, &region_ids, year).await?,
    })
}
