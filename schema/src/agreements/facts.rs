//! What the rules of agreements need beyond the agreement, loaded inside
//! the change's transaction after the checks: the region's periods, the
//! filing clock and count, the reviewer, the current text, the names told of.

use super::mutations::filing::{FileAgreementInput, ReviewAgreementInput};
use super::mutations::signing::SignAgreementInput;
use super::mutations::text::ProposeAgreementRevisionInput;
use super::record::current_clauses;
use super::rules::filing::{Filing, receipt_prefix};
use super::rules::{Periods, periods_for};
use super::storage::{self, AgreementRow};
use crate::agreements::clauses::Clause;
use crate::agreements::storage::versions_of;
use crate::change::entry::acting_name;
use crate::change::{Act, Facts, Record, Side};
use crate::db::Conn;
use crate::deadlines::counting::local_date;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::storage::latest_for_subjects;
use crate::graphql::errors::TxError;
use crate::graphql::ids::NodeType;
use crate::offers::storage::representatives_of;
use crate::organizations::places::{organization, region, region_chain};
use chrono::Datelike;

/// The filing and publication periods of the agreement's region.
pub async fn periods(conn: &mut Conn<'_>, agreement: &AgreementRow) -> Result<Periods, TxError> {
    let chain = region_chain(conn, agreement.region_id).await?;
    let rules = storage::rules_for(conn, &chain, agreement.kind).await?;
    Ok(periods_for(&chain, &rules, agreement.special_subject))
}

impl<C: Sync + ?Sized> Facts<AgreementRow, C> for Periods {
    async fn load(
        conn: &mut Conn<'_>,
        agreement: &AgreementRow,
        _: &C,
        _: &Act,
    ) -> Result<Self, TxError> {
        periods(conn, agreement).await
    }
}

/// What a signature needs: the region's periods, and the chief
/// representatives named in the negotiation the agreement came from.
pub struct Signing {
    pub periods: Periods,
    chiefs: Vec<(Side, String)>,
    /// The text as it reads now.
    pub clauses: Vec<Clause>,
}

impl Signing {
    /// The chief representative `side` named in the negotiation, if any.
    pub fn chief(&self, side: Side) -> Option<&str> {
        self.chiefs
            .iter()
            .find(|(s, _)| *s == side)
            .map(|(_, name)| name.as_str())
    }
}

impl Facts<AgreementRow, SignAgreementInput> for Signing {
    async fn load(
        conn: &mut Conn<'_>,
        agreement: &AgreementRow,
        _: &SignAgreementInput,
        _: &Act,
    ) -> Result<Self, TxError> {
        let periods = periods(conn, agreement).await?;
        let chiefs = match agreement.offer_id {
            Some(offer) => representatives_of(conn, &[offer])
                .await?
                .into_iter()
                .filter(|r| r.is_chief)
                .map(|r| (r.side, r.name))
                .collect(),
            None => Vec::new(),
        };
        let clauses = versions_of(conn, &[agreement.id], Some(agreement.text_version))
            .await?
            .pop()
            .map(|version| version.clauses())
            .unwrap_or_default();
        Ok(Signing {
            periods,
            chiefs,
            clauses,
        })
    }
}

impl Facts<AgreementRow, FileAgreementInput> for Filing {
    async fn load(
        conn: &mut Conn<'_>,
        agreement: &AgreementRow,
        _: &FileAgreementInput,
        act: &Act,
    ) -> Result<Self, TxError> {
        let kind = DeadlineKind::AgreementFiling;
        let clock = latest_for_subjects(conn, NodeType::Agreement, kind, &[agreement.id]).await?;
        let region_code = region(conn, agreement.region_id)
            .await?
            .map(|r| r.code)
            .unwrap_or_default();
        let year = local_date(act.now.and_utc()).year();
        let prefix = receipt_prefix(&region_code, year);
        let receipts_this_year = storage::receipts_issued(conn, &prefix).await?;
        let reviewer = match agreement.overseers(conn).await?.pop() {
            Some(id) => Some((id, organization(conn, id).await?.name)),
            None => None,
        };
        Ok(Filing {
            clock: clock.into_iter().next(),
            region_code,
            receipts_this_year,
            reviewer,
        })
    }
}

/// The reviewer's name, and the periods for what follows the decision.
pub struct Reviewing {
    pub reviewer_name: String,
    pub periods: Periods,
}

impl Facts<AgreementRow, ReviewAgreementInput> for Reviewing {
    async fn load(
        conn: &mut Conn<'_>,
        agreement: &AgreementRow,
        _: &ReviewAgreementInput,
        act: &Act,
    ) -> Result<Self, TxError> {
        let reviewer_name = acting_name(conn, act.acting).await?;
        Ok(Reviewing {
            reviewer_name,
            periods: periods(conn, agreement).await?,
        })
    }
}

/// The text revised, and the name of the side revising it.
pub struct Drafting {
    pub current: Vec<Clause>,
    pub author_name: String,
}

impl Facts<AgreementRow, ProposeAgreementRevisionInput> for Drafting {
    async fn load(
        conn: &mut Conn<'_>,
        agreement: &AgreementRow,
        _: &ProposeAgreementRevisionInput,
        act: &Act,
    ) -> Result<Self, TxError> {
        let author_name = acting_name(conn, act.acting).await?;
        Ok(Drafting {
            current: current_clauses(conn, agreement).await?,
            author_name,
        })
    }
}
