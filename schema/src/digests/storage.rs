//! Storage of the confirmations of texts' digests.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::ConfirmedText;
use crate::change::Side;
use crate::db::Conn;
use crate::db::tables::text_confirmations;
use crate::on;

/// A digest a side confirmed, or signed with.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = text_confirmations)]
pub struct ConfirmationRow {
    pub id: i64,
    pub offer_id: Option<i64>,
    pub agreement_id: Option<i64>,
    pub text: ConfirmedText,
    pub side: Side,
    pub digest: String,
    pub signer: Option<String>,
    pub confirmed_by_user_id: Option<i64>,
    pub confirmed_at: NaiveDateTime,
}

/// A confirmation to store.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = text_confirmations)]
pub struct NewConfirmation {
    pub offer_id: Option<i64>,
    pub agreement_id: Option<i64>,
    pub text: ConfirmedText,
    pub side: Side,
    pub digest: String,
    pub signer: Option<String>,
    pub confirmed_by_user_id: Option<i64>,
    pub confirmed_at: NaiveDateTime,
}

pub async fn insert_confirmation(conn: &mut Conn<'_>, new: &NewConfirmation) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(text_confirmations::table)
            .values(new)
            .execute(c)
            .await?;
        Ok(())
    })
}

/// Whose confirmations: an offer's or an agreement's.
#[derive(Debug, Clone, Copy)]
pub enum Of {
    Offer(i64),
    Agreement(i64),
}

/// The confirmations of `text` of a record, oldest first.
pub async fn confirmations(
    conn: &mut Conn<'_>,
    of: Of,
    text: ConfirmedText,
) -> QueryResult<Vec<ConfirmationRow>> {
    on!(conn, |c| {
        let query = text_confirmations::table
            .filter(text_confirmations::text.eq(text))
            .into_boxed();
        let query = match of {
            Of::Offer(id) => query.filter(text_confirmations::offer_id.eq(id)),
            Of::Agreement(id) => query.filter(text_confirmations::agreement_id.eq(id)),
        };
        query
            .order(text_confirmations::id)
            .select(ConfirmationRow::as_select())
            .load(c)
            .await
    })
}
