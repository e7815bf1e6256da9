//! The employers as the coverage report counts them, kept as they change:
//! each employer with a profile once in `coverage_counted` (its region,
//! section, workers and whether a contract in force binds it), and their
//! sums by region and section in `coverage_tallies`, so that a report reads
//! a few hundred tallies instead of every employer.
//!
//! Storage keeps them in the transaction of every write that may move an
//! employer: a profile written, an employer moved to another region, a
//! contract's employers bound, an agreement's status changed. Each calls
//! [`recount`] with the employers it touched, which counts them anew and
//! adds the difference ([`super::rules::coverage::moves`]) to the tallies.
//! `xieshang recount` counts every employer anew (after rows were written
//! outside the API, by SQL) and says how many tallies it corrected.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;

use super::rules::coverage::{Counted, Group, difference, moves, sums};
use crate::agreements::kinds::{AgreementKind, AgreementStatus};
use crate::db::Conn;
use crate::db::tables::{
    agreement_employers, agreements, coverage_counted, coverage_tallies, employer_profiles,
    organizations,
};
use crate::on;
use crate::organizations::kinds::{IndustrySection, OrganizationKind};

/// Employers counted anew in one go by [`recount_all`].
const CHUNK: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = coverage_counted, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct CountedRow {
    employer_id: i64,
    region_id: i64,
    industry_section: IndustrySection,
    workers: i64,
    covered: bool,
}

impl CountedRow {
    fn counted(&self) -> Counted<IndustrySection> {
        Counted {
            region_id: self.region_id,
            section: self.industry_section,
            workers: self.workers,
            covered: self.covered,
        }
    }
}

/// A tally: the employers of one region and section.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = coverage_tallies, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct TallyRow {
    region_id: i64,
    industry_section: IndustrySection,
    employers: i64,
    workers: i64,
    employers_covered: i64,
    workers_covered: i64,
}

impl TallyRow {
    fn of(group: &Group<IndustrySection>) -> TallyRow {
        TallyRow {
            region_id: group.region_id,
            industry_section: group.section,
            employers: group.employers,
            workers: group.workers,
            employers_covered: group.employers_covered,
            workers_covered: group.workers_covered,
        }
    }

    fn group(self) -> Group<IndustrySection> {
        Group {
            region_id: self.region_id,
            section: self.industry_section,
            employers: self.employers,
            workers: self.workers,
            employers_covered: self.employers_covered,
            workers_covered: self.workers_covered,
        }
    }
}

/// Every tally with employers.
pub async fn tallies(conn: &mut Conn<'_>) -> QueryResult<Vec<Group<IndustrySection>>> {
    let rows: Vec<TallyRow> = on!(conn, |c| coverage_tallies::table
        .filter(coverage_tallies::employers.gt(0))
        .select(TallyRow::as_select())
        .load(c)
        .await)?;
    Ok(rows.into_iter().map(TallyRow::group).collect())
}

/// Counts `employer_ids` anew: their rows as they are now, and the
/// difference added to the tallies; how many tallies moved. Other ids
/// (unions, offices) are harmless: they are not counted.
pub async fn recount(conn: &mut Conn<'_>, employer_ids: &[i64]) -> QueryResult<usize> {
    let mut ids = employer_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(0);
    }
    let (before, after) = count(conn, &ids).await?;
    let moved = moves(&before, &after);
    for group in &moved {
        add(conn, &TallyRow::of(group)).await?;
    }
    Ok(moved.len())
}

/// Counts every employer anew (those counted before included), a chunk at
/// a time, and sets every tally to their sums: how many tallies were
/// wrong (none when everything was kept right). Running servers forget
/// the reports they keep.
pub async fn recount_all(conn: &mut Conn<'_>) -> QueryResult<usize> {
    let mut ids: Vec<i64> = on!(conn, |c| organizations::table
        .filter(organizations::kind.eq(OrganizationKind::Employer))
        .select(organizations::id)
        .load(c)
        .await)?;
    let counted: Vec<i64> = on!(conn, |c| coverage_counted::table
        .select(coverage_counted::employer_id)
        .load(c)
        .await)?;
    ids.extend(counted);
    ids.sort_unstable();
    ids.dedup();
    let mut all = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        all.extend(count(conn, chunk).await?.1);
    }
    let kept: Vec<TallyRow> = on!(conn, |c| coverage_tallies::table
        .select(TallyRow::as_select())
        .load(c)
        .await)?;
    let kept: Vec<Group<IndustrySection>> = kept.into_iter().map(TallyRow::group).collect();
    let wrong = difference(&kept, &sums(&all));
    for group in &wrong {
        add(conn, &TallyRow::of(group)).await?;
    }
    if !wrong.is_empty() {
        crate::identity::audit::announce(conn).await?;
    }
    Ok(wrong.len())
}

/// The employers of `ids` as counted and as they are now; the rows
/// written as they are now.
async fn count(
    conn: &mut Conn<'_>,
    ids: &[i64],
) -> QueryResult<(Vec<Counted<IndustrySection>>, Vec<Counted<IndustrySection>>)> {
    let before = counted(conn, ids).await?;
    let after = now(conn, ids).await?;
    let kept: HashSet<i64> = after.iter().map(|row| row.employer_id).collect();
    let gone: Vec<i64> = before
        .iter()
        .map(|row| row.employer_id)
        .filter(|id| !kept.contains(id))
        .collect();
    if !gone.is_empty() {
        on!(conn, |c| diesel::delete(
            coverage_counted::table.filter(coverage_counted::employer_id.eq_any(&gone))
        )
        .execute(c)
        .await)?;
    }
    let unchanged: HashMap<i64, &CountedRow> =
        before.iter().map(|row| (row.employer_id, row)).collect();
    let changed: Vec<&CountedRow> = after
        .iter()
        .filter(|row| unchanged.get(&row.employer_id).copied() != Some(row))
        .collect();
    // Written anew: in one statement on PostgreSQL; SQLite has no batch
    // upsert in diesel, and needs none (no round trips).
    macro_rules! upsert {
        ($values:expr, $c:expr) => {
            diesel::insert_into(coverage_counted::table)
                .values($values)
                .on_conflict(coverage_counted::employer_id)
                .do_update()
                .set((
                    coverage_counted::region_id.eq(excluded(coverage_counted::region_id)),
                    coverage_counted::industry_section
                        .eq(excluded(coverage_counted::industry_section)),
                    coverage_counted::workers.eq(excluded(coverage_counted::workers)),
                    coverage_counted::covered.eq(excluded(coverage_counted::covered)),
                ))
                .execute($c)
                .await
        };
    }
    match conn {
        Conn::Postgres(c) if !changed.is_empty() => {
            upsert!(changed, &mut **c)?;
        }
        Conn::Postgres(_) => {}
        Conn::Sqlite(c) => {
            for row in changed {
                upsert!(row, &mut **c)?;
            }
        }
    }
    let counted = |rows: Vec<CountedRow>| rows.iter().map(CountedRow::counted).collect();
    Ok((counted(before), counted(after)))
}

/// The rows of `ids` as counted, locked until the transaction ends on
/// PostgreSQL (two changes of one employer count one after the other; on
/// SQLite the one writer is alone anyway).
async fn counted(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<CountedRow>> {
    let query = coverage_counted::table
        .filter(coverage_counted::employer_id.eq_any(ids))
        .order(coverage_counted::employer_id);
    match conn {
        Conn::Postgres(c) => {
            let locked = query.select(CountedRow::as_select()).for_update();
            locked.load(&mut **c).await
        }
        Conn::Sqlite(c) => query.select(CountedRow::as_select()).load(&mut **c).await,
    }
}

/// The employers of `ids` with a profile as they are now.
async fn now(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<CountedRow>> {
    let contracts: Vec<AgreementKind> = AgreementKind::ALL
        .iter()
        .copied()
        .filter(|k| k.is_contract())
        .collect();
    // Two plain lookups, not a join: SQLite, without statistics, would walk
    // every agreement in force and probe each for the employers (seconds).
    let bindings: Vec<(i64, i64)> = on!(conn, |c| agreement_employers::table
        .filter(agreement_employers::employer_id.eq_any(ids))
        .select((
            agreement_employers::agreement_id,
            agreement_employers::employer_id,
        ))
        .load(c)
        .await)?;
    let agreement_ids: Vec<i64> = bindings.iter().map(|(agreement, _)| *agreement).collect();
    let in_force: HashSet<i64> = on!(conn, |c| agreements::table
        .filter(agreements::id.eq_any(&agreement_ids))
        .filter(agreements::status.eq(AgreementStatus::Effective))
        .filter(agreements::kind.eq_any(&contracts))
        .select(agreements::id)
        .load::<i64>(c)
        .await)?
    .into_iter()
    .collect();
    let bound: HashSet<i64> = bindings
        .into_iter()
        .filter(|(agreement, _)| in_force.contains(agreement))
        .map(|(_, employer)| employer)
        .collect();
    let employers: Vec<(i64, i64, IndustrySection, i32)> = on!(conn, |c| organizations::table
        .inner_join(
            employer_profiles::table.on(employer_profiles::organization_id.eq(organizations::id)),
        )
        .filter(organizations::id.eq_any(ids))
        .filter(organizations::kind.eq(OrganizationKind::Employer))
        .order(organizations::id)
        .select((
            organizations::id,
            organizations::region_id,
            employer_profiles::industry_section,
            employer_profiles::headcount,
        ))
        .load(c)
        .await)?;
    Ok(employers
        .into_iter()
        .map(
            |(employer_id, region_id, industry_section, headcount)| CountedRow {
                employer_id,
                region_id,
                industry_section,
                workers: i64::from(headcount),
                covered: bound.contains(&employer_id),
            },
        )
        .collect())
}

/// Adds `moved` to its tally, made empty first when missing (an insert
/// of the difference itself could not be: its values are checked before
/// any conflict, and a difference may be negative where a tally may not).
async fn add(conn: &mut Conn<'_>, moved: &TallyRow) -> QueryResult<()> {
    use coverage_tallies::dsl::{
        employers, employers_covered, industry_section, region_id, workers, workers_covered,
    };
    let target = coverage_tallies::table
        .filter(region_id.eq(moved.region_id))
        .filter(industry_section.eq(moved.industry_section));
    let update = diesel::update(target).set((
        employers.eq(employers + moved.employers),
        workers.eq(workers + moved.workers),
        employers_covered.eq(employers_covered + moved.employers_covered),
        workers_covered.eq(workers_covered + moved.workers_covered),
    ));
    if on!(conn, |c| update.clone().execute(c).await)? == 0 {
        let empty = TallyRow {
            employers: 0,
            workers: 0,
            employers_covered: 0,
            workers_covered: 0,
            ..moved.clone()
        };
        on!(conn, |c| diesel::insert_into(coverage_tallies::table)
            .values(&empty)
            .on_conflict_do_nothing()
            .execute(c)
            .await)?;
        on!(conn, |c| update.clone().execute(c).await)?;
    }
    Ok(())
}
