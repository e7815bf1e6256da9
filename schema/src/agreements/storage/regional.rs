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

/// A region's own rule for a kind and subject ('' for any), if it has one.
pub async fn rule_of(
    conn: &mut Conn<'_>,
    region_id: i64,
    kind: AgreementKind,
    subject: &str,
) -> QueryResult<Option<RuleRow>> {
    on!(conn, |c| {
        agreement_rules::table
            .filter(agreement_rules::region_id.eq(region_id))
            .filter(agreement_rules::kind.eq(kind))
            .filter(agreement_rules::special_subject.eq(subject))
            .select(RuleRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

/// Sets a region's filing and publication periods for a kind and subject,
/// either of them `None` to leave it to the regions above; the rule is
/// removed when neither is set.
pub async fn set_rule(
    conn: &mut Conn<'_>,
    region_id: i64,
    kind: AgreementKind,
    subject: &str,
    (filing, publication): (Option<i32>, Option<i32>),
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
    if filing.is_some() || publication.is_some() {
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
