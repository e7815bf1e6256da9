//! Storage of the regions' filing and publication periods.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::agreements::kinds::AgreementKind;
use crate::db::Conn;
use crate::db::tables::agreement_rules;
use crate::on;

/// The rules of the given regions for a kind.
pub async fn rules_for(
    conn: &mut Conn<'_>,
    region_ids: &[i64],
    kind: AgreementKind,
) -> QueryResult<Vec<RuleRow>> {
    on!(conn, |c| {
        agreement_rules::table
            .filter(agreement_rules::region_id.eq_any(region_ids))
            .filter(agreement_rules::kind.eq(kind))
            .select(RuleRow::as_select())
            .load(c)
            .await
    })
}

/// Sets (or, with `None`, removes) a region's rule for a kind and subject.
pub async fn set_rule(
    conn: &mut Conn<'_>,
    region_id: i64,
    kind: AgreementKind,
    subject: &str,
    days: Option<(i32, i32)>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(
            agreement_rules::table
                .filter(agreement_rules::region_id.eq(region_id))
                .filter(agreement_rules::kind.eq(kind))
                .filter(agreement_rules::special_subject.eq(subject)),
        )
        .execute(c)
        .await
    })?;
    if let Some((filing, publication)) = days {
        on!(conn, |c| {
            diesel::insert_into(agreement_rules::table)
                .values((
                    agreement_rules::region_id.eq(region_id),
                    agreement_rules::kind.eq(kind),
                    agreement_rules::special_subject.eq(subject),
                    agreement_rules::filing_days.eq(filing),
                    agreement_rules::publication_days.eq(publication),
                    agreement_rules::updated_at.eq(now),
                ))
                .execute(c)
                .await
        })?;
    }
    Ok(())
}
