//! Drafting a new agreement, or the renewal of one in force: new records,
//! written by hand; each then stores its first text and its event through
//! the pipeline's [`store`].

use async_graphql::{Context, ID, InputObject, Object};
use serde_json::json;

use super::agreement_payload;
use super::sides::{act_for_new, sides};
use crate::agreements::input::{
    ClauseInput, TermInput, check_covered, parse_clauses, parse_note, parse_term,
};
use crate::agreements::kinds::{AgreementKind, AgreementStatus, SpecialSubject};
use crate::agreements::objects::Agreement;
use crate::agreements::record::current_clauses;
use crate::agreements::rules::drafting::{check_subject, drafted};
use crate::agreements::rules::ending::may_renew;
use crate::agreements::storage::{self, AgreementRow, NewAgreement};
use crate::change::entry::acting_name;
use crate::change::{Actor, Env, Record, act, store};
use crate::context::services;
use crate::db::Conn;
use crate::graphql::errors::{ApiError, ApiResult, Outcome, TxError, UserErrors};
use crate::graphql::ids::{NodeType, row_id};
use crate::graphql::text;
use crate::identity::authorization::signed_in;
use crate::identity::{Viewer, viewer};
use crate::organizations::input::parse_name;
use crate::transaction;

agreement_payload!(
    /// Result of `draftAgreement`.
    DraftAgreementPayload,
);

/// Input of `draftAgreement`.
#[derive(InputObject)]
pub struct DraftAgreementInput {
    /// Kind of agreement.
    pub kind: AgreementKind,
    /// The subject of a special contract; only for `SPECIAL_CONTRACT`.
    pub special_subject: Option<SpecialSubject>,
    /// Title, e.g. `2027年度工资专项集体合同`.
    pub title: String,
    /// The offer whose negotiation produced it; its union and employer are then the parties.
    pub offer_id: Option<ID>,
    /// The workers' side: the employer's grassroots union, or for sector and
    /// regional contracts a union federation. Required without an offer.
    pub workers_party_id: Option<ID>,
    /// The employer's side: the employer, or for sector and regional
    /// contracts an association or an employer. Required without an offer.
    pub employer_party_id: Option<ID>,
    /// Sector and regional contracts: the employers they bind, in the region.
    pub employer_ids: Option<Vec<ID>>,
    /// Sector and regional contracts: the region they apply in.
    pub region_id: Option<ID>,
    /// How many workers it covers.
    pub workers_covered: Option<i32>,
    /// The term, if agreed already.
    pub term: Option<TermInput>,
    /// The first draft of the text.
    pub clauses: Vec<ClauseInput>,
    /// A note on the draft.
    pub note: Option<String>,
}

/// Input of `renewAgreement`.
#[derive(InputObject)]
pub struct RenewAgreementInput {
    /// The agreement to renew: in force or expired.
    pub id: ID,
    /// The title of the renewal.
    pub title: String,
}

/// Drafts the renewal of `id`: the same parties, employers and text.
async fn renewal(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    id: i64,
    title: &str,
    env: &Env<'_>,
) -> Result<AgreementRow, TxError> {
    let old = AgreementRow::load(conn, viewer, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let acting = act(conn, viewer, &old, Actor::EitherParty, env.now)
        .await?
        .acting;
    let title = text::required(&["title"], title, 200).map_err(|e| vec![e])?;
    may_renew(
        &old,
        !storage::successors_of(conn, &[old.id]).await?.is_empty(),
    )?;
    let new = NewAgreement {
        kind: old.kind,
        special_subject: old.special_subject,
        title,
        offer_id: None,
        predecessor_id: Some(old.id),
        workers_party_id: old.workers_party_id,
        employer_party_id: old.employer_party_id,
        region_id: old.region_id,
        workers_covered: old.workers_covered,
        term_starts_on: None,
        term_ends_on: None,
        term_override_reason: None,
        status: AgreementStatus::Drafting,
        text_version: 1,
        next_clause_key: old.next_clause_key,
        version: 1,
        created_at: env.now,
        updated_at: env.now,
    };
    let agreement = storage::insert_agreement(conn, &new).await?;
    let employers: Vec<i64> = storage::bound_employers(conn, &[old.id])
        .await?
        .into_iter()
        .map(|(_, e)| e)
        .collect();
    storage::bind_employers(conn, agreement.id, &employers).await?;
    let clauses = current_clauses(conn, &old).await?;
    let author = acting_name(conn, acting).await?;
    let note = format!("续订《{}》", old.title);
    let decision = drafted(acting, clauses, note)
        .details(json!({ "author": author, "predecessor": old.title }));
    store(conn, agreement, decision, acting, env).await
}

/// Drafting new agreements.
#[derive(Default)]
pub struct DraftsMutation;

#[Object]
impl DraftsMutation {
    /// Drafts an agreement: from an offer's negotiation, for one employer
    /// and its union, or a sector or regional contract for many employers.
    /// For either party.
    async fn draft_agreement(
        &self,
        ctx: &Context<'_>,
        input: DraftAgreementInput,
    ) -> ApiResult<DraftAgreementPayload> {
        let services = services(ctx);
        signed_in(viewer(ctx))?;
        let mut errors = UserErrors::default();
        let title = parse_name(&mut errors, &["title"], &input.title, 200);
        check_subject(&mut errors, input.kind, input.special_subject);
        check_covered(&mut errors, input.workers_covered);
        let note = parse_note(&mut errors, input.note.as_deref());
        let term = parse_term(&mut errors, input.term.as_ref());
        let (clauses, next_key) = errors
            .keep_all(parse_clauses(&[], &input.clauses, 1))
            .unwrap_or((Vec::new(), 1));
        let (Some(title), true) = (title, errors.is_empty()) else {
            return Ok(DraftAgreementPayload {
                agreement: None,
                user_errors: errors.into_vec(),
            });
        };
        let env = Env::of(ctx);
        let now = env.now;
        let result = transaction!(services.db, |conn| {
            let sides = sides(conn, viewer(ctx), &input).await?;
            let acting = act_for_new(conn, viewer(ctx), &sides).await?;
            let (term_starts_on, term_ends_on, term_override_reason) = match &term {
                Some((s, e, r)) => (Some(*s), Some(*e), r.clone()),
                None => (None, None, None),
            };
            let new = NewAgreement {
                kind: input.kind,
                special_subject: input.special_subject,
                title: title.clone(),
                offer_id: sides.offer_id,
                predecessor_id: None,
                workers_party_id: sides.workers,
                employer_party_id: sides.employer,
                region_id: sides.region_id,
                workers_covered: input.workers_covered,
                term_starts_on,
                term_ends_on,
                term_override_reason,
                status: AgreementStatus::Drafting,
                text_version: 1,
                next_clause_key: next_key,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            let agreement = storage::insert_agreement(conn, &new).await?;
            storage::bind_employers(conn, agreement.id, &sides.employers).await?;
            let author = acting_name(conn, acting).await?;
            let details = json!({ "author": author, "clauses": clauses.len() });
            let decision = drafted(acting, clauses.clone(), note.clone()).details(details);
            let agreement = store(conn, agreement, decision, acting, &env).await?;
            Ok::<_, TxError>(agreement)
        });
        DraftAgreementPayload::from_outcome(Outcome::of(result))
    }

    /// Drafts the renewal of a contract in force or expired (CCP Art. 38):
    /// a new draft with the same parties, employers and text. When it takes
    /// effect the old one becomes `RENEWED`. For either party.
    async fn renew_agreement(
        &self,
        ctx: &Context<'_>,
        input: RenewAgreementInput,
    ) -> ApiResult<DraftAgreementPayload> {
        signed_in(viewer(ctx))?;
        let id = row_id(&input.id, NodeType::Agreement)?;
        let env = Env::of(ctx);
        let result = transaction!(services(ctx).db, |conn| {
            renewal(conn, viewer(ctx), id, &input.title, &env).await
        });
        DraftAgreementPayload::from_outcome(Outcome::of(result))
    }
}
