//! Storage of the text: numbered versions and the comments on their clauses.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::tables::{agreement_comments, agreement_versions};
use crate::{insert_all, on};

pub async fn insert_version(conn: &mut Conn<'_>, new: &NewVersion) -> QueryResult<VersionRow> {
    on!(conn, |c| {
        diesel::insert_into(agreement_versions::table)
            .values(new)
            .returning(VersionRow::as_returning())
            .get_result(c)
            .await
    })
}

/// Stores many versions in one statement (the demo's first drafts).
pub async fn insert_versions(conn: &mut Conn<'_>, new: Vec<NewVersion>) -> QueryResult<()> {
    insert_all!(conn, agreement_versions::table, new)
}

/// The versions of the given agreements; `number`: only that one of each.
pub async fn versions_of(
    conn: &mut Conn<'_>,
    agreement_ids: &[i64],
    number: Option<i32>,
) -> QueryResult<Vec<VersionRow>> {
    on!(conn, |c| {
        let mut query = agreement_versions::table
            .filter(agreement_versions::agreement_id.eq_any(agreement_ids))
            .into_boxed();
        if let Some(number) = number {
            query = query.filter(agreement_versions::number.eq(number));
        }
        query
            .order((agreement_versions::agreement_id, agreement_versions::number))
            .select(VersionRow::as_select())
            .load(c)
            .await
    })
}

/// The current versions of the given agreements.
pub async fn current_versions(
    conn: &mut Conn<'_>,
    agreements_and_numbers: &[(i64, i32)],
) -> QueryResult<Vec<VersionRow>> {
    let ids: Vec<i64> = agreements_and_numbers.iter().map(|(id, _)| *id).collect();
    let numbers: Vec<i32> = agreements_and_numbers.iter().map(|(_, n)| *n).collect();
    let rows: Vec<VersionRow> = on!(conn, |c| {
        agreement_versions::table
            .filter(agreement_versions::agreement_id.eq_any(&ids))
            .filter(agreement_versions::number.eq_any(&numbers))
            .select(VersionRow::as_select())
            .load(c)
            .await
    })?;
    Ok(rows
        .into_iter()
        .filter(|v| agreements_and_numbers.contains(&(v.agreement_id, v.number)))
        .collect())
}

pub async fn insert_comment(conn: &mut Conn<'_>, new: &NewComment) -> QueryResult<CommentRow> {
    on!(conn, |c| {
        diesel::insert_into(agreement_comments::table)
            .values(new)
            .returning(CommentRow::as_returning())
            .get_result(c)
            .await
    })
}

pub async fn comments_of(
    conn: &mut Conn<'_>,
    agreement_ids: &[i64],
) -> QueryResult<Vec<CommentRow>> {
    on!(conn, |c| {
        agreement_comments::table
            .filter(agreement_comments::agreement_id.eq_any(agreement_ids))
            .order(agreement_comments::id)
            .select(CommentRow::as_select())
            .load(c)
            .await
    })
}

pub async fn comment_by_id(conn: &mut Conn<'_>, id: i64) -> QueryResult<Option<CommentRow>> {
    on!(conn, |c| {
        agreement_comments::table
            .find(id)
            .select(CommentRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

/// Marks an open comment resolved; `None` when it already was.
pub async fn resolve_comment(
    conn: &mut Conn<'_>,
    id: i64,
    user_id: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<Option<CommentRow>> {
    on!(conn, |c| {
        diesel::update(
            agreement_comments::table
                .filter(agreement_comments::id.eq(id))
                .filter(agreement_comments::resolved_at.is_null()),
        )
        .set((
            agreement_comments::resolved_at.eq(now),
            agreement_comments::resolved_by_user_id.eq(user_id),
        ))
        .returning(CommentRow::as_returning())
        .get_result(c)
        .await
        .optional()
    })
}
