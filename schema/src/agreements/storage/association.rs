//! What an association's totals read: its members and the agreements binding them.

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::tables::{agreement_employers, agreements, association_members, employer_profiles};
use crate::on;

/// Member employers of an association, with the workers they employ.
pub async fn members_with_headcount(
    conn: &mut Conn<'_>,
    association_id: i64,
) -> QueryResult<Vec<(i64, i32)>> {
    on!(conn, |c| {
        association_members::table
            .inner_join(
                employer_profiles::table
                    .on(employer_profiles::organization_id.eq(association_members::employer_id)),
            )
            .filter(association_members::association_id.eq(association_id))
            .order(association_members::employer_id)
            .select((
                association_members::employer_id,
                employer_profiles::headcount,
            ))
            .load(c)
            .await
    })
}

/// Every agreement binding one of `employer_ids`, with the employer.
pub async fn agreements_binding(
    conn: &mut Conn<'_>,
    employer_ids: &[i64],
) -> QueryResult<Vec<(i64, AgreementRow)>> {
    on!(conn, |c| {
        agreement_employers::table
            .inner_join(agreements::table)
            .filter(agreement_employers::employer_id.eq_any(employer_ids))
            .select((agreement_employers::employer_id, AgreementRow::as_select()))
            .load(c)
            .await
    })
}
