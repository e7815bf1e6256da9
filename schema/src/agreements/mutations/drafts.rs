//! Drafting a new agreement, or the renewal of one in force: new records,
//! written by hand; each then stores its first text and its event through
//! the pipeline's [`store`].

use async_graphql::{Context, ID, InputObject, Object};
use serde_json::json;

use super::agreement_payload;
use crate::agreements::input::{
    ClauseInput, TermInput, check_covered, parse_clauses, parse_note, parse_term,
};
use crate::agreements::kinds::{AgreementKind, AgreementStatus, SpecialSubject};
use crate::agreements::objects::Agreement;
use crate::agreements::record::{AgreementWrite, current_clauses};
use crate::agreements::rules::ending::may_renew;
use crate::agreements::storage::{self, AgreementRow, NewAgreement};
use crate::change::{Actor, Audience, Decision, Env, Record, act, store};
use crate::context::services;
use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{
    ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors, refuse,
};
use crate::graphql::ids::{NodeType, row_id};
use crate::graphql::text;
use crate::identity::authorization::{Acting, act_as_party, signed_in};
use crate::identity::{Viewer, viewer};
use crate::offers::kinds::OfferStatus;
use crate::offers::storage::offers_by_ids;
use crate::organizations::input::parse_name;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::{organization, place_of, region};
use crate::organizations::storage::OrganizationRow;
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

/// The organization behind an input id, of one of `kinds`, or a user error on `field`.
async fn party_of(
    conn: &mut Conn<'_>,
    field: &str,
    id: Option<&ID>,
    kinds: &[OrganizationKind],
) -> Result<OrganizationRow, TxError> {
    let Some(id) = id else {
        return Err(refuse(
            field,
            UserErrorCode::Required,
            "required without an offer",
        ));
    };
    let found = match crate::graphql::ids::decode_as(id, NodeType::Organization) {
        Some(id) => organization(conn, id).await.ok(),
        None => None,
    };
    match found {
        Some(row) if kinds.contains(&row.kind) => Ok(row),
        Some(_) => Err(refuse(
            field,
            UserErrorCode::Invalid,
            "is not an organization of the right kind for this side",
        )),
        None => Err(refuse(
            field,
            UserErrorCode::NotFound,
            "no such organization",
        )),
    }
}

/// The parties, region and bound employers of a new agreement.
struct Sides {
    offer_id: Option<i64>,
    workers: i64,
    employer: i64,
    region_id: i64,
    employers: Vec<i64>,
}

async fn sides(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    input: &DraftAgreementInput,
) -> Result<Sides, TxError> {
    use OrganizationKind::*;
    if let Some(offer_id) = &input.offer_id {
        let id = row_id(offer_id, NodeType::Offer)?;
        let visible = crate::offers::visibility::offers(viewer(ctx));
        let offer = offers_by_ids(conn, &[id], &visible)
            .await?
            .pop()
            .ok_or_else(|| refuse("offerId", UserErrorCode::NotFound, "no such offer"))?;
        if !matches!(
            offer.status,
            OfferStatus::InNegotiation | OfferStatus::Suspended | OfferStatus::Concluded
        ) {
            return Err(refuse(
                "offerId",
                UserErrorCode::RuleViolated,
                "an agreement comes from an offer under negotiation or concluded",
            ));
        }
        return Ok(Sides {
            offer_id: Some(offer.id),
            workers: offer.union_id,
            employer: offer.employer_id,
            region_id: offer.region_id,
            employers: vec![offer.employer_id],
        });
    }
    if !input.kind.covers_many() {
        let employer = party_of(
            conn,
            "employerPartyId",
            input.employer_party_id.as_ref(),
            &[Employer],
        )
        .await?;
        let workers = party_of(
            conn,
            "workersPartyId",
            input.workers_party_id.as_ref(),
            &[Union],
        )
        .await?;
        if workers.employer_id != Some(employer.id) {
            return Err(refuse(
                "workersPartyId",
                UserErrorCode::RuleViolated,
                "the workers' side of a single employer's agreement is its grassroots union",
            ));
        }
        return Ok(Sides {
            offer_id: None,
            workers: workers.id,
            employer: employer.id,
            region_id: employer.region_id,
            employers: vec![employer.id],
        });
    }
    let workers = party_of(
        conn,
        "workersPartyId",
        input.workers_party_id.as_ref(),
        &[Union],
    )
    .await?;
    let employer = party_of(
        conn,
        "employerPartyId",
        input.employer_party_id.as_ref(),
        &[EmployerAssociation, Employer],
    )
    .await?;
    let region_id = match &input.region_id {
        Some(id) => row_id(id, NodeType::Region)
            .map_err(|_| refuse("regionId", UserErrorCode::Invalid, "is not a valid id"))?,
        None => workers.region_id,
    };
    let path = region(conn, region_id)
        .await?
        .map(|r| r.path)
        .ok_or_else(|| refuse("regionId", UserErrorCode::NotFound, "no such region"))?;
    let within = crate::organizations::storage::region_ids_within(conn, &path).await?;
    let ids = input.employer_ids.as_deref().unwrap_or_default();
    if ids.is_empty() {
        return Err(refuse(
            "employerIds",
            UserErrorCode::Required,
            "a sector or regional contract binds at least one employer",
        ));
    }
    let mut employers = Vec::with_capacity(ids.len());
    for (index, id) in ids.iter().enumerate() {
        let index = index.to_string();
        let found = match crate::graphql::ids::decode_as(id, NodeType::Organization) {
            Some(id) => organization(conn, id).await.ok(),
            None => None,
        };
        match found {
            Some(row) if row.kind == Employer && within.contains(&row.region_id) => {
                if !employers.contains(&row.id) {
                    employers.push(row.id);
                }
            }
            _ => {
                return Err(vec![UserError::new(
                    &["employerIds", &index],
                    UserErrorCode::Invalid,
                    "is not an employer in the contract's region",
                )]
                .into());
            }
        }
    }
    Ok(Sides {
        offer_id: None,
        workers: workers.id,
        employer: employer.id,
        region_id,
        employers,
    })
}

/// Acting for either side of a draft about to be created.
async fn act_for_new(
    ctx: &Context<'_>,
    conn: &mut Conn<'_>,
    sides: &Sides,
) -> Result<Acting, TxError> {
    for party in [sides.workers, sides.employer] {
        if let Ok(acting) = act_as_party(viewer(ctx), &place_of(conn, party).await?) {
            return Ok(acting);
        }
    }
    Err(ApiError::Forbidden.into())
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
    let acting = act(conn, viewer, &old, Actor::EitherParty).await?.acting;
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
    let author = organization(conn, acting.organization_id.unwrap_or_default()).await?;
    let decision = Decision::new(
        EventKind::AgreementDrafted,
        [Audience::Parties, Audience::Followers],
    )
    .write(AgreementWrite::Text {
        author: acting,
        clauses,
        note: format!("续订《{}》", old.title),
    })
    .details(json!({ "author": author.name, "predecessor": old.title }));
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
        match (input.kind, input.special_subject) {
            (AgreementKind::SpecialContract, None) => errors.push(
                &["specialSubject"],
                UserErrorCode::Required,
                "a special contract has a subject",
            ),
            (AgreementKind::SpecialContract, Some(_)) | (_, None) => {}
            (_, Some(_)) => errors.push(
                &["specialSubject"],
                UserErrorCode::Invalid,
                "only a special contract has a subject",
            ),
        }
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
            let sides = sides(ctx, conn, &input).await?;
            let acting = act_for_new(ctx, conn, &sides).await?;
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
            let author = organization(conn, acting.organization_id.unwrap_or_default()).await?;
            let decision = Decision::new(
                EventKind::AgreementDrafted,
                [Audience::Parties, Audience::Followers],
            )
            .write(AgreementWrite::Text {
                author: acting,
                clauses: clauses.clone(),
                note: note.clone(),
            })
            .details(json!({ "author": author.name, "clauses": clauses.len() }));
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
