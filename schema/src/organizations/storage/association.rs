//! Storage of associations and their member employers.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use crate::db::Conn;
use crate::db::tables::association_members;
use crate::on;

/// `(employer, association)` pairs for the given employers.
pub async fn associations_of_employers(
    conn: &mut Conn<'_>,
    employer_ids: &[i64],
) -> QueryResult<Vec<(i64, i64)>> {
    on!(conn, |c| {
        association_members::table
            .filter(association_members::employer_id.eq_any(employer_ids))
            .select((
                association_members::employer_id,
                association_members::association_id,
            ))
            .order(association_members::association_id)
            .load(c)
            .await
    })
}

pub async fn is_member(
    conn: &mut Conn<'_>,
    association_id: i64,
    employer_id: i64,
) -> QueryResult<bool> {
    on!(conn, |c| {
        diesel::select(diesel::dsl::exists(
            association_members::table
                .filter(association_members::association_id.eq(association_id))
                .filter(association_members::employer_id.eq(employer_id)),
        ))
        .get_result(c)
        .await
    })
}

pub async fn add_member(
    conn: &mut Conn<'_>,
    association_id: i64,
    employer_id: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(association_members::table)
            .values((
                association_members::association_id.eq(association_id),
                association_members::employer_id.eq(employer_id),
                association_members::created_at.eq(now),
            ))
            .execute(c)
            .await
            .map(drop)
    })
}

pub async fn remove_member(
    conn: &mut Conn<'_>,
    association_id: i64,
    employer_id: i64,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(
            association_members::table
                .filter(association_members::association_id.eq(association_id))
                .filter(association_members::employer_id.eq(employer_id)),
        )
        .execute(c)
        .await
        .map(drop)
    })
}
