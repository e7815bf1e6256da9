//! Storage of the ledgers and documents asked for: only the hash of a
//! download token is kept, with the session that asked.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::{DocumentKind, Exported, LedgerKind, ReportKind};
use crate::db::Conn;
use crate::db::tables::{exports, sessions};
use crate::on;

/// A ledger or document asked for.
pub struct NewExport<'a> {
    pub token_hash: &'a str,
    /// The hash of the asking session's token.
    pub session: &'a str,
    pub exported: Exported,
    /// A ledger's filter, as its list's GraphQL input in JSON; a
    /// document's record, as `{"id": …}`.
    pub request: &'a str,
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
        let (ledger, report, document) = match export.exported {
            Exported::Ledger(kind) => (Some(kind), None, None),
            Exported::Report(kind) => (None, Some(kind), None),
            Exported::Document(kind) => (None, None, Some(kind)),
        };
        diesel::insert_into(exports::table)
            .values((
                exports::token_hash.eq(export.token_hash),
                exports::session_id.eq(session),
                exports::ledger.eq(ledger),
                exports::report.eq(report),
                exports::document.eq(document),
                exports::request.eq(export.request),
                exports::created_at.eq(export.now),
                exports::expires_at.eq(export.expires_at),
            ))
            .execute(c)
            .await?;
        Ok(true)
    })
}

/// An export taken for its one download.
#[derive(Debug, Clone)]
pub struct TakenExport {
    pub exported: Exported,
    /// As [`NewExport::request`].
    pub request: String,
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
        type Taken = (
            Option<LedgerKind>,
            Option<ReportKind>,
            Option<DocumentKind>,
            String,
            i64,
        );
        let taken: Option<Taken> = diesel::update(exports::table)
            .filter(exports::token_hash.eq(token_hash))
            .filter(exports::fetched_at.is_null())
            .filter(exports::expires_at.gt(now))
            .set(exports::fetched_at.eq(now))
            .returning((
                exports::ledger,
                exports::report,
                exports::document,
                exports::request,
                exports::session_id,
            ))
            .get_result(c)
            .await
            .optional()?;
        let Some((ledger, report, document, request, session_id)) = taken else {
            return Ok(None);
        };
        // The table's CHECK keeps exactly one of the three.
        let exported = match (ledger, report, document) {
            (Some(kind), _, _) => Exported::Ledger(kind),
            (None, Some(kind), _) => Exported::Report(kind),
            (None, None, Some(kind)) => Exported::Document(kind),
            (None, None, None) => return Err(diesel::result::Error::NotFound),
        };
        let session = sessions::table
            .find(session_id)
            .select(sessions::token_hash)
            .first(c)
            .await?;
        Ok(Some(TakenExport {
            exported,
            request,
            session,
        }))
    })
}
