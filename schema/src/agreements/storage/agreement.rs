//! Storage of agreements: writes at a version, the employers they bind, renewals, lookups through visibility and the list.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::agreements::kinds::{AgreementKind, AgreementStatus};
use crate::agreements::visibility::AgreementVisible;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest, SortKey, Sorted, coalesce, never, no_day};
use crate::db::tables::{
    agreement_employers, agreement_reviews, agreements, association_members, employer_profiles,
    organizations,
};
use crate::organizations::kinds::IndustrySection;
use crate::organizations::storage::EmployerSearch;
use crate::{insert_all, load_page, load_page_sorted, on, searched_employers, visible_agreements};

pub async fn insert_agreement(
    conn: &mut Conn<'_>,
    new: &NewAgreement,
) -> QueryResult<AgreementRow> {
    on!(conn, |c| {
        diesel::insert_into(agreements::table)
            .values(new)
            .returning(AgreementRow::as_returning())
            .get_result(c)
            .await
    })
}

/// Records the employers an agreement binds, and counts them anew.
pub async fn bind_employers(
    conn: &mut Conn<'_>,
    agreement_id: i64,
    employer_ids: &[i64],
) -> QueryResult<()> {
    let pairs: Vec<(i64, i64)> = employer_ids.iter().map(|e| (agreement_id, *e)).collect();
    insert_bindings(conn, &pairs).await?;
    crate::evaluation::tally::recount(conn, employer_ids).await?;
    Ok(())
}

/// Records `(agreement, employer)` bindings without counting the
/// employers: the caller counts them with `tally::recount` before its
/// transaction ends.
pub async fn insert_bindings(conn: &mut Conn<'_>, pairs: &[(i64, i64)]) -> QueryResult<()> {
    let rows: Vec<_> = pairs
        .iter()
        .map(|(agreement, employer)| {
            (
                agreement_employers::agreement_id.eq(*agreement),
                agreement_employers::employer_id.eq(*employer),
            )
        })
        .collect();
    insert_all!(conn, agreement_employers::table, rows)
}

/// `(agreement, employer)` pairs of the given agreements.
pub async fn bound_employers(
    conn: &mut Conn<'_>,
    agreement_ids: &[i64],
) -> QueryResult<Vec<(i64, i64)>> {
    on!(conn, |c| {
        agreement_employers::table
            .filter(agreement_employers::agreement_id.eq_any(agreement_ids))
            .order((
                agreement_employers::agreement_id,
                agreement_employers::employer_id,
            ))
            .select((
                agreement_employers::agreement_id,
                agreement_employers::employer_id,
            ))
            .load(c)
            .await
    })
}

/// Applies `changes` if the agreement is still at `expected_version`,
/// bumping it; `None` when someone changed it first. A change of status
/// (a contract taking effect or ending) counts its employers anew.
pub async fn update_agreement(
    conn: &mut Conn<'_>,
    id: i64,
    expected_version: i32,
    changes: &AgreementChanges,
    now: NaiveDateTime,
) -> QueryResult<Option<AgreementRow>> {
    let updated = crate::update_at_version!(
        conn,
        agreements,
        AgreementRow,
        id,
        expected_version,
        changes,
        now
    )?;
    if changes.status.is_some() && updated.is_some() {
        let bound: Vec<i64> = bound_employers(conn, &[id])
            .await?
            .into_iter()
            .map(|(_, employer)| employer)
            .collect();
        crate::evaluation::tally::recount(conn, &bound).await?;
    }
    Ok(updated)
}

pub async fn agreements_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    visible: &AgreementVisible,
) -> QueryResult<Vec<AgreementRow>> {
    on!(conn, |c| {
        let query = agreements::table
            .filter(agreements::id.eq_any(ids))
            .into_boxed();
        visible_agreements!(query, visible)
            .select(AgreementRow::as_select())
            .load(c)
            .await
    })
}

/// Filters of the agreement list.
#[derive(Debug, Default)]
pub struct AgreementFilter {
    pub kinds: Vec<AgreementKind>,
    pub statuses: Vec<AgreementStatus>,
    /// Agreements of these regions, or binding an employer in them.
    pub region_ids: Option<Vec<i64>>,
    /// Agreements binding this employer.
    pub employer: Option<i64>,
    /// Agreements binding a member of this association.
    pub association: Option<i64>,
    /// Agreements binding an employer of these industry sections.
    pub industry_sections: Vec<IndustrySection>,
    /// Effective agreements whose term ends on or before this day.
    pub expiring_by: Option<NaiveDate>,
    /// Only agreements binding an employer this finds.
    pub employer_search: EmployerSearch,
}

/// The boxed query of the agreements `$filter` keeps of those `$visible`.
macro_rules! filtered_agreements {
    ($filter:expr, $visible:expr) => {{
        let (filter, visible): (&AgreementFilter, &AgreementVisible) = ($filter, $visible);
        let mut query = visible_agreements!(agreements::table.into_boxed(), visible);
        if !filter.kinds.is_empty() {
            query = query.filter(agreements::kind.eq_any(&filter.kinds));
        }
        if !filter.statuses.is_empty() {
            query = query.filter(agreements::status.eq_any(&filter.statuses));
        }
        if let Some(regions) = &filter.region_ids {
            let in_regions = organizations::table
                .filter(organizations::region_id.eq_any(regions))
                .select(organizations::id);
            let binding = agreement_employers::table
                .filter(agreement_employers::employer_id.eq_any(in_regions))
                .select(agreement_employers::agreement_id);
            query = query.filter(
                agreements::region_id
                    .eq_any(regions)
                    .or(agreements::id.eq_any(binding)),
            );
        }
        if let Some(employer) = filter.employer {
            query = query.filter(
                agreements::id.eq_any(
                    agreement_employers::table
                        .filter(agreement_employers::employer_id.eq(employer))
                        .select(agreement_employers::agreement_id),
                ),
            );
        }
        if let Some(association) = filter.association {
            let members = association_members::table
                .filter(association_members::association_id.eq(association))
                .select(association_members::employer_id);
            query = query.filter(
                agreements::id.eq_any(
                    agreement_employers::table
                        .filter(agreement_employers::employer_id.eq_any(members))
                        .select(agreement_employers::agreement_id),
                ),
            );
        }
        if !filter.industry_sections.is_empty() {
            let in_sections = employer_profiles::table
                .filter(employer_profiles::industry_section.eq_any(&filter.industry_sections))
                .select(employer_profiles::organization_id);
            query = query.filter(
                agreements::id.eq_any(
                    agreement_employers::table
                        .filter(agreement_employers::employer_id.eq_any(in_sections))
                        .select(agreement_employers::agreement_id),
                ),
            );
        }
        searched_employers!(query, &filter.employer_search, |ids| agreements::id.eq_any(
            agreement_employers::table
                .filter(agreement_employers::employer_id.eq_any(ids))
                .select(agreement_employers::agreement_id),
        ));
        if let Some(day) = filter.expiring_by {
            query = query
                .filter(agreements::status.eq(AgreementStatus::Effective))
                .filter(agreements::term_ends_on.le(day));
        }
        query
    }};
}

pub async fn agreements_page(
    conn: &mut Conn<'_>,
    filter: &AgreementFilter,
    visible: &AgreementVisible,
    page: &PageRequest,
) -> QueryResult<Page<AgreementRow>> {
    on!(conn, |c| {
        Ok(load_page!(
            c,
            filtered_agreements!(filter, visible).select(AgreementRow::as_select()),
            agreements::id,
            page
        ))
    })
}

/// Every agreement `filter` keeps of those `visible`, unpaged: for counts
/// over a region (a campaign summary's figures).
pub async fn agreements_filtered(
    conn: &mut Conn<'_>,
    filter: &AgreementFilter,
    visible: &AgreementVisible,
) -> QueryResult<Vec<AgreementRow>> {
    on!(conn, |c| {
        filtered_agreements!(filter, visible)
            .select(AgreementRow::as_select())
            .load(c)
            .await
    })
}

/// How the agreement list may be sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementSort {
    /// By the last day of the term; agreements without a term last.
    TermEnd,
    /// By when it was last filed for review; unfiled agreements last.
    Filed,
}

/// One page of the agreements `filter` keeps, sorted by `order`, each with
/// its sort value; `None` for a cursor of another order.
pub async fn agreements_sorted(
    conn: &mut Conn<'_>,
    filter: &AgreementFilter,
    visible: &AgreementVisible,
    page: &PageRequest,
    order: Sorted<AgreementSort>,
) -> QueryResult<Option<Page<(AgreementRow, SortKey)>>> {
    let term_end = || coalesce(agreements::term_ends_on, no_day());
    let filed = || {
        coalesce(
            agreement_reviews::table
                .filter(agreement_reviews::agreement_id.eq(agreements::id))
                .select(diesel::dsl::max(agreement_reviews::filed_at))
                .single_value(),
            never(),
        )
    };
    on!(conn, |c| {
        Ok(match order.field {
            AgreementSort::TermEnd => {
                let Ok((after, before)) = page.keys(|k| {
                    k.number()
                        .and_then(|days| i32::try_from(days).ok())
                        .and_then(NaiveDate::from_num_days_from_ce_opt)
                }) else {
                    return Ok(None);
                };
                let page: Page<(AgreementRow, NaiveDate)> = load_page_sorted!(
                    c,
                    filtered_agreements!(filter, visible),
                    AgreementRow::as_select(),
                    term_end(),
                    agreements::id,
                    page,
                    order.descending,
                    after,
                    before
                );
                Some(
                    page.map(|(row, day)| {
                        (row, SortKey::Number(i64::from(day.num_days_from_ce())))
                    }),
                )
            }
            AgreementSort::Filed => {
                let Ok((after, before)) = page.keys(SortKey::time) else {
                    return Ok(None);
                };
                let page: Page<(AgreementRow, NaiveDateTime)> = load_page_sorted!(
                    c,
                    filtered_agreements!(filter, visible),
                    AgreementRow::as_select(),
                    filed(),
                    agreements::id,
                    page,
                    order.descending,
                    after,
                    before
                );
                Some(page.map(|(row, at)| (row, SortKey::Time(at))))
            }
        })
    })
}

/// Records that `successor` renews `predecessor` (demo history).
pub async fn set_predecessor(
    conn: &mut Conn<'_>,
    successor: i64,
    predecessor: i64,
) -> QueryResult<usize> {
    on!(conn, |c| {
        diesel::update(agreements::table.filter(agreements::id.eq(successor)))
            .set(agreements::predecessor_id.eq(predecessor))
            .execute(c)
            .await
    })
}

/// The agreements that renewed the given ones.
pub async fn successors_of(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    let rows: Vec<(Option<i64>, i64)> = on!(conn, |c| {
        agreements::table
            .filter(agreements::predecessor_id.eq_any(ids))
            .select((agreements::predecessor_id, agreements::id))
            .load(c)
            .await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|(p, id)| p.map(|p| (p, id)))
        .collect())
}
