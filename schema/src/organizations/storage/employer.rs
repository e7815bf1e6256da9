//! Storage of employers' profiles and their grassroots unions.

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::tables::{employer_profiles, organizations};
use crate::on;
use crate::organizations::kinds::OrganizationKind;

pub async fn profiles_by_ids(
    conn: &mut Conn<'_>,
    organization_ids: &[i64],
) -> QueryResult<Vec<EmployerProfileRow>> {
    on!(conn, |c| {
        employer_profiles::table
            .filter(employer_profiles::organization_id.eq_any(organization_ids))
            .select(EmployerProfileRow::as_select())
            .load(c)
            .await
    })
}

/// Writes an employer's profile, which counts it (anew) for coverage.
pub async fn upsert_profile(conn: &mut Conn<'_>, profile: &EmployerProfileRow) -> QueryResult<()> {
    write_profile(conn, profile).await?;
    crate::evaluation::tally::recount(conn, &[profile.organization_id]).await?;
    Ok(())
}

/// Writes an employer's profile without counting it: the caller counts it
/// with `tally::recount` before its transaction ends.
pub async fn write_profile(conn: &mut Conn<'_>, profile: &EmployerProfileRow) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(employer_profiles::table)
            .values(profile)
            .on_conflict(employer_profiles::organization_id)
            .do_update()
            .set(profile)
            .execute(c)
            .await
            .map(drop)
    })
}

/// Whether another employer than `except` already holds `credit_code`.
pub async fn credit_code_taken(
    conn: &mut Conn<'_>,
    credit_code: &str,
    except: Option<i64>,
) -> QueryResult<bool> {
    on!(conn, |c| {
        diesel::select(diesel::dsl::exists(
            employer_profiles::table
                .filter(employer_profiles::credit_code.eq(credit_code))
                .filter(employer_profiles::organization_id.ne(except.unwrap_or(0))),
        ))
        .get_result(c)
        .await
    })
}

/// The grassroots unions of the given employers.
pub async fn unions_of_employers(
    conn: &mut Conn<'_>,
    employer_ids: &[i64],
) -> QueryResult<Vec<OrganizationRow>> {
    on!(conn, |c| {
        organizations::table
            .filter(organizations::kind.eq(OrganizationKind::Union))
            .filter(organizations::employer_id.eq_any(employer_ids))
            .select(OrganizationRow::as_select())
            .load(c)
            .await
    })
}
