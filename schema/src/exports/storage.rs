//! Storage of the ledgers asked for: only the hash of a download token is
//! kept, with the session that asked.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::LedgerKind;
use crate::db::Conn;
use crate::db::tables::{exports, sessions};
use crate::on;

/// A ledger asked for.
pub struct NewExport<'a> {
    pub token_hash: &'a str,
    /// The hash of the asking session's token.
    pub session: &'a str,
    pub kind: LedgerKind,
    /// The list's filter, as the GraphQL input's JSON.
    pub filter: &'a str,
    pub now: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// Stores `export` for the session whose token hashes to `export.session`;
/// `false` when that session is not live.
pub async fn insert_export(conn: &mut Conn<'_>, export: &NewExport<'_>) -> QueryResult<bool> {
    on!(conn, |c| {
        let session: Option<i64> = sessions::table
            .filter(sessions::token_hash.eq(export.session))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::expires_at.gt(export.now))
            .select(sessions::id)
            .first(c)
            .await
            .optional()?;
        let Some(session) = session else {
            return Ok(false);
        };
        diesel::insert_into(exports::table)
            .values((
                exports::token_hash.eq(export.token_hash),
                exports::session_id.eq(session),
                exports::kind.eq(export.kind),
                exports::filter.eq(export.filter),
                exports::created_at.eq(export.now),
                exports::expires_at.eq(export.expires_at),
            ))
            .execute(c)
            .await?;
        Ok(true)
    })
}

/// An export taken for its one download.
#[derive(Debug, Clone, Queryable)]
pub struct TakenExport {
    pub kind: LedgerKind,
    pub filter: String,
    /// The hash of the token of the session that asked for it.
    pub session: String,
}

/// Takes the export whose token hashes to `token_hash`, once: `None` when
/// there is none, it expired, or it was taken before.
pub async fn take_export(
    conn: &mut Conn<'_>,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<TakenExport>> {
    on!(conn, |c| {
        let taken: Option<(LedgerKind, String, i64)> = diesel::update(exports::table)
            .filter(exports::token_hash.eq(token_hash))
            .filter(exports::fetched_at.is_null())
            .filter(exports::expires_at.gt(now))
            .set(exports::fetched_at.eq(now))
            .returning((exports::kind, exports::filter, exports::session_id))
            .get_result(c)
            .await
            .optional()?;
        let Some((kind, filter, session_id)) = taken else {
            return Ok(None);
        };
        let session = sessions::table
            .find(session_id)
            .select(sessions::token_hash)
            .first(c)
            .await?;
        Ok(Some(TakenExport {
            kind,
            filter,
            session,
        }))
    })
}
