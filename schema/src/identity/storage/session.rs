//! Storage of sessions: only the hash of a token is kept.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::tables::{sessions, users};
use crate::on;

pub async fn insert_session(
    conn: &mut Conn<'_>,
    user_id: i64,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(sessions::table)
            .values((
                sessions::user_id.eq(user_id),
                sessions::token_hash.eq(token_hash),
                sessions::created_at.eq(now),
                sessions::expires_at.eq(expires_at),
            ))
            .execute(c)
            .await
            .map(drop)
    })
}

/// The user of a live session (not revoked, not expired, not disabled),
/// with the instant the session expires.
pub async fn user_of_session(
    conn: &mut Conn<'_>,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(UserRow, NaiveDateTime)>> {
    on!(conn, |c| {
        sessions::table
            .inner_join(users::table)
            .filter(sessions::token_hash.eq(token_hash))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::expires_at.gt(now))
            .filter(users::disabled.eq(false))
            .select((UserRow::as_select(), sessions::expires_at))
            .first(c)
            .await
            .optional()
    })
}

/// Which of a user's live sessions to end.
#[derive(Debug, Clone, Copy)]
pub enum Sessions<'a> {
    /// The session with this token hash.
    Only(&'a str),
    /// Every session but the one with this token hash.
    AllBut(&'a str),
    All,
}

/// Ends sessions of a user; returns how many.
pub async fn revoke_sessions(
    conn: &mut Conn<'_>,
    user_id: i64,
    which: Sessions<'_>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    on!(conn, |c| {
        let mut target = sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null())
            .into_boxed();
        match which {
            Sessions::Only(hash) => target = target.filter(sessions::token_hash.eq(hash)),
            Sessions::AllBut(hash) => target = target.filter(sessions::token_hash.ne(hash)),
            Sessions::All => {}
        }
        let ids: Vec<i64> = target.select(sessions::id).load(c).await?;
        diesel::update(sessions::table.filter(sessions::id.eq_any(&ids)))
            .set(sessions::revoked_at.eq(now))
            .execute(c)
            .await
    })
}
