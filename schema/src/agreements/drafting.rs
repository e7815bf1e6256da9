//! Drafting together: the first draft, its particulars, revisions as
//! numbered versions, and comments on clauses. Each mutation is one
//! transaction: NOT_FOUND for what the viewer cannot see, FORBIDDEN for
//! what it may not do, CONFLICT for a stale version, then the rules.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::NaiveDate;
use serde_json::json;

use super::changes::{act_for_a_party, apply, check_step, concerned, record, visible_agreement};
use super::clauses::{self, ClauseDraft, ClauseProblem};
use super::kinds::{AgreementKind, AgreementStatus, SpecialSubject};
use super::objects::{Agreement, AgreementComment};
use super::rules::{Step, check_term};
use super::storage::{self, AgreementChanges, AgreementRow, NewAgreement, NewComment, NewVersion};
use crate::context::services;
use crate::db::{Conn, stored};
use crate::events::kinds::EventKind;
use crate::graphql::errors::{
    self, ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors, refuse,
};
use crate::graphql::ids::NodeType;
use crate::identity::authorization::{Acting, act_as_party};
use crate::identity::viewer;
use crate::offers::kinds::{OfferStatus, OfferTopic};
use crate::offers::mutations::row_id;
use crate::offers::storage::offers_by_ids;
use crate::organizations::input::parse_name;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::{organization, place_of, region};
use crate::organizations::storage::OrganizationRow;
use crate::transaction;

crate::payloads!(
    agreement: Agreement(AgreementRow),
    "The agreement as it is now; null when the input was refused.";
    /// Result of `draftAgreement`.
    DraftAgreementPayload,
    /// Result of `updateAgreement`.
    UpdateAgreementPayload,
    /// Result of `proposeAgreementRevision`.
    ProposeAgreementRevisionPayload,
);

crate::payloads!(
    comment: AgreementComment(storage::CommentRow),
    "The comment; null when the input was refused.";
    /// Result of `commentOnClause`.
    CommentOnClausePayload,
    /// Result of `resolveAgreementComment`.
    ResolveAgreementCommentPayload,
);

/// A clause of a proposed text.
#[derive(InputObject)]
pub struct ClauseInput {
    /// The key of the clause this revises; null for a new clause.
    pub key: Option<i32>,
    /// The CCP Art. 8 topic it settles.
    pub topic: OfferTopic,
    /// Heading, e.g. `第三条 工资调整`.
    pub heading: String,
    /// The text.
    pub text: String,
}

/// The term of an agreement.
#[derive(InputObject)]
pub struct TermInput {
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day: 1 to 3 years after the first (CCP Art. 38).
    pub ends_on: NaiveDate,
    /// Why a term outside 1 to 3 years is agreed; required then.
    pub override_reason: Option<String>,
}

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

/// Input of `updateAgreement`.
#[derive(InputObject)]
pub struct UpdateAgreementInput {
    /// The agreement.
    pub id: ID,
    /// The version the change is based on.
    pub expected_version: i32,
    /// A new title.
    pub title: Option<String>,
    /// How many workers it covers.
    pub workers_covered: Option<i32>,
    /// The term.
    pub term: Option<TermInput>,
}

/// Input of `proposeAgreementRevision`.
#[derive(InputObject)]
pub struct ProposeAgreementRevisionInput {
    /// The agreement.
    pub id: ID,
    /// The version the revision is based on; a stale one gives CONFLICT.
    pub expected_version: i32,
    /// The whole revised text, in order: keep a clause's key to revise it, omit it to remove it.
    pub clauses: Vec<ClauseInput>,
    /// What the revision changes.
    pub note: Option<String>,
}

/// Input of `commentOnClause`.
#[derive(InputObject)]
pub struct CommentOnClauseInput {
    /// The agreement.
    pub id: ID,
    /// The key of a clause of the current version.
    pub clause_key: i32,
    /// The comment.
    pub body: String,
}

/// Input of `resolveAgreementComment`.
#[derive(InputObject)]
pub struct ResolveAgreementCommentInput {
    /// The comment.
    pub id: ID,
}

const MAX_NOTE: usize = 2_000;

/// The drafts of `clauses`, with their user errors at `clauses.N.field`.
fn parse_clauses(
    current: &[clauses::Clause],
    input: Vec<ClauseInput>,
    next_key: i32,
) -> Result<(Vec<clauses::Clause>, i32), Vec<UserError>> {
    let drafts = input
        .into_iter()
        .map(|c| ClauseDraft {
            key: c.key,
            topic: c.topic,
            heading: c.heading,
            text: c.text,
        })
        .collect();
    clauses::revise(current, drafts, next_key).map_err(|problems| {
        problems
            .into_iter()
            .map(|ClauseProblem { path, message }| {
                let path: Vec<&str> = path.iter().map(String::as_str).collect();
                UserError::new(&path, UserErrorCode::Invalid, message)
            })
            .collect()
    })
}

fn parse_note(errors: &mut UserErrors, note: Option<String>) -> String {
    let note = note.unwrap_or_default().trim().to_owned();
    if note.chars().count() > MAX_NOTE {
        errors.push(
            &["note"],
            UserErrorCode::OutOfRange,
            "at most 2000 characters",
        );
    }
    note
}

/// Checks a term: 1 to 3 years, or a reason to depart from it.
fn parse_term(
    errors: &mut UserErrors,
    term: Option<TermInput>,
) -> Option<(NaiveDate, NaiveDate, Option<String>)> {
    let term = term?;
    let reason = term
        .override_reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    match check_term(term.starts_on, term.ends_on) {
        Err(message) if term.ends_on < term.starts_on || reason.is_none() => {
            errors.push(&["term", "endsOn"], UserErrorCode::OutOfRange, message);
            None
        }
        Ok(()) => Some((term.starts_on, term.ends_on, None)),
        Err(_) => Some((term.starts_on, term.ends_on, reason)),
    }
}

fn check_covered(errors: &mut UserErrors, workers_covered: Option<i32>) {
    if workers_covered.is_some_and(|n| n < 0) {
        errors.push(
            &["workersCovered"],
            UserErrorCode::OutOfRange,
            "must not be negative",
        );
    }
}

/// The organization behind an input id, of one of `kinds`, or a user error on `field`.
async fn party_of(
    conn: &mut Conn<'_>,
    field: &str,
    id: Option<&ID>,
    kinds: &[OrganizationKind],
) -> Result<OrganizationRow, TxError> {
    let Some(id) = id else {
        return Err(errors::refuse(
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
        Some(_) => Err(errors::refuse(
            field,
            UserErrorCode::Invalid,
            "is not an organization of the right kind for this side",
        )),
        None => Err(errors::refuse(
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
            .ok_or_else(|| errors::refuse("offerId", UserErrorCode::NotFound, "no such offer"))?;
        if !matches!(
            offer.status,
            OfferStatus::InNegotiation | OfferStatus::Suspended | OfferStatus::Concluded
        ) {
            return Err(errors::refuse(
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
            return Err(errors::refuse(
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
            .map_err(|_| errors::refuse("regionId", UserErrorCode::Invalid, "is not a valid id"))?,
        None => workers.region_id,
    };
    let path = region(conn, region_id)
        .await?
        .map(|r| r.path)
        .ok_or_else(|| errors::refuse("regionId", UserErrorCode::NotFound, "no such region"))?;
    let within = crate::organizations::storage::region_ids_within(conn, &path).await?;
    let ids = input.employer_ids.as_deref().unwrap_or_default();
    if ids.is_empty() {
        return Err(errors::refuse(
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

/// Mutations of drafting.
#[derive(Default)]
pub struct DraftingMutation;

#[Object]
impl DraftingMutation {
    /// Drafts an agreement: from an offer's negotiation, for one employer
    /// and its union, or a sector or regional contract for many employers.
    /// For either party.
    async fn draft_agreement(
        &self,
        ctx: &Context<'_>,
        mut input: DraftAgreementInput,
    ) -> ApiResult<DraftAgreementPayload> {
        let services = services(ctx);
        crate::identity::authorization::signed_in(viewer(ctx))?;
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
        let note = parse_note(&mut errors, input.note.take());
        let term = parse_term(&mut errors, input.term.take());
        let text = parse_clauses(&[], std::mem::take(&mut input.clauses), 1);
        let (clauses, next_key) = match text {
            Ok(text) => text,
            Err(problems) => {
                problems.into_iter().for_each(|e| {
                    let path: Vec<&str> = e.field.iter().map(String::as_str).collect();
                    errors.push(&path, e.code, e.message.clone());
                });
                (Vec::new(), 1)
            }
        };
        let (Some(title), true) = (title, errors.is_empty()) else {
            return Ok(DraftAgreementPayload {
                agreement: None,
                user_errors: errors.into_vec(),
            });
        };
        let now = stored(services.clock.now());
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
            save_version(conn, &agreement, acting, &clauses, note.clone(), now).await?;
            let concerned = concerned(conn, &agreement, false).await?;
            let side = organization(conn, acting.organization_id.unwrap_or_default()).await?;
            let extra = json!({ "author": side.name, "clauses": clauses.len() });
            record(
                conn,
                now,
                acting,
                "draftAgreement",
                EventKind::AgreementDrafted,
                &agreement,
                concerned,
                extra,
            )
            .await?;
            Ok::<_, TxError>(agreement)
        });
        DraftAgreementPayload::from_outcome(Outcome::of(result))
    }

    /// Changes the title, the workers covered or the term of a draft. For either party.
    async fn update_agreement(
        &self,
        ctx: &Context<'_>,
        input: UpdateAgreementInput,
    ) -> ApiResult<UpdateAgreementPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Agreement)?;
        let mut errors = UserErrors::default();
        let title = match &input.title {
            Some(title) => parse_name(&mut errors, &["title"], title, 200),
            None => None,
        };
        check_covered(&mut errors, input.workers_covered);
        let term = parse_term(&mut errors, input.term);
        if !errors.is_empty() {
            return Ok(UpdateAgreementPayload {
                agreement: None,
                user_errors: errors.into_vec(),
            });
        }
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let agreement = visible_agreement(ctx, conn, id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &agreement).await?;
            errors::check_version(agreement.version, input.expected_version)?;
            check_step(&agreement, Step::Revise)?;
            let changes = AgreementChanges {
                title: title.clone(),
                workers_covered: input.workers_covered.map(Some),
                term_starts_on: term.as_ref().map(|t| Some(t.0)),
                term_ends_on: term.as_ref().map(|t| Some(t.1)),
                term_override_reason: term.as_ref().map(|t| t.2.clone()),
                ..AgreementChanges::default()
            };
            let agreement = apply(conn, &agreement, &changes, now).await?;
            let concerned = concerned(conn, &agreement, false).await?;
            record(
                conn,
                now,
                acting,
                "updateAgreement",
                EventKind::AgreementUpdated,
                &agreement,
                concerned,
                json!({ "termStartsOn": agreement.term_starts_on, "termEnd": agreement.term_ends_on }),
            )
            .await?;
            Ok::<_, TxError>(agreement)
        });
        UpdateAgreementPayload::from_outcome(Outcome::of(result))
    }

    /// Proposes a revised text, which becomes the next numbered version.
    /// For either party; a stale `expectedVersion` gives CONFLICT.
    async fn propose_agreement_revision(
        &self,
        ctx: &Context<'_>,
        input: ProposeAgreementRevisionInput,
    ) -> ApiResult<ProposeAgreementRevisionPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Agreement)?;
        let mut errors = UserErrors::default();
        let note = parse_note(&mut errors, input.note);
        if !errors.is_empty() {
            return Ok(ProposeAgreementRevisionPayload {
                agreement: None,
                user_errors: errors.into_vec(),
            });
        }
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let agreement = visible_agreement(ctx, conn, id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &agreement).await?;
            errors::check_version(agreement.version, input.expected_version)?;
            check_step(&agreement, Step::Revise)?;
            let current = current_clauses(conn, &agreement).await?;
            let (clauses, next_key) =
                parse_clauses(&current, input.clauses, agreement.next_clause_key)
                    .map_err(TxError::from)?;
            let changes = AgreementChanges {
                text_version: Some(agreement.text_version + 1),
                next_clause_key: Some(next_key),
                ..AgreementChanges::default()
            };
            let agreement = apply(conn, &agreement, &changes, now).await?;
            save_version(conn, &agreement, acting, &clauses, note.clone(), now).await?;
            let diff = clauses::diff(&current, &clauses);
            let concerned = concerned(conn, &agreement, false).await?;
            let side = organization(conn, acting.organization_id.unwrap_or_default()).await?;
            let extra = json!({ "author": side.name, "changes": diff.len(), "note": note });
            record(
                conn,
                now,
                acting,
                "proposeAgreementRevision",
                EventKind::AgreementRevised,
                &agreement,
                concerned,
                extra,
            )
            .await?;
            Ok::<_, TxError>(agreement)
        });
        ProposeAgreementRevisionPayload::from_outcome(Outcome::of(result))
    }

    /// Comments on a clause of the current version. For either party.
    async fn comment_on_clause(
        &self,
        ctx: &Context<'_>,
        input: CommentOnClauseInput,
    ) -> ApiResult<CommentOnClausePayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::Agreement)?;
        let mut errors = UserErrors::default();
        let body = parse_name(&mut errors, &["body"], &input.body, MAX_NOTE);
        let (Some(body), true) = (body, errors.is_empty()) else {
            return Ok(CommentOnClausePayload {
                comment: None,
                user_errors: errors.into_vec(),
            });
        };
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let agreement = visible_agreement(ctx, conn, id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &agreement).await?;
            check_step(&agreement, Step::Revise)?;
            let current = current_clauses(conn, &agreement).await?;
            let Some(clause) = current.iter().find(|c| c.key == input.clause_key) else {
                return Err(refuse(
                    "clauseKey",
                    UserErrorCode::NotFound,
                    "no clause of the current version has this key",
                ));
            };
            let new = NewComment {
                agreement_id: agreement.id,
                clause_key: clause.key,
                text_version: agreement.text_version,
                author_user_id: acting.user_id,
                author_organization_id: acting.organization_id.unwrap_or_default(),
                body: body.clone(),
                created_at: now,
            };
            let comment = storage::insert_comment(conn, &new).await?;
            let side = organization(conn, new.author_organization_id).await?;
            let extra = json!({ "author": side.name, "clause": clause.key,
                                "heading": clause.heading, "body": body });
            let concerned = vec![agreement.workers_party_id, agreement.employer_party_id];
            record(
                conn,
                now,
                acting,
                "commentOnClause",
                EventKind::AgreementCommented,
                &agreement,
                concerned,
                extra,
            )
            .await?;
            Ok::<_, TxError>(comment)
        });
        CommentOnClausePayload::from_outcome(Outcome::of(result))
    }

    /// Marks a comment resolved. For either party.
    async fn resolve_agreement_comment(
        &self,
        ctx: &Context<'_>,
        input: ResolveAgreementCommentInput,
    ) -> ApiResult<ResolveAgreementCommentPayload> {
        let services = services(ctx);
        let id = row_id(&input.id, NodeType::AgreementComment)?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let comment = storage::comment_by_id(conn, id)
                .await?
                .ok_or(ApiError::NotFound)?;
            let agreement = visible_agreement(ctx, conn, comment.agreement_id).await?;
            let (acting, _) = act_for_a_party(ctx, conn, &agreement).await?;
            let Some(comment) = storage::resolve_comment(conn, id, acting.user_id, now).await?
            else {
                return Err(refuse(
                    "id",
                    UserErrorCode::RuleViolated,
                    "the comment is resolved already",
                ));
            };
            let concerned = vec![agreement.workers_party_id, agreement.employer_party_id];
            record(
                conn,
                now,
                acting,
                "resolveAgreementComment",
                EventKind::AgreementCommentResolved,
                &agreement,
                concerned,
                json!({ "clause": comment.clause_key, "body": comment.body }),
            )
            .await?;
            Ok::<_, TxError>(comment)
        });
        ResolveAgreementCommentPayload::from_outcome(Outcome::of(result))
    }
}

/// The clauses of the agreement's current version.
pub async fn current_clauses(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
) -> Result<Vec<clauses::Clause>, TxError> {
    Ok(
        storage::versions_of(conn, &[agreement.id], Some(agreement.text_version))
            .await?
            .pop()
            .map(|v| v.clauses())
            .unwrap_or_default(),
    )
}

/// Stores the agreement's current version with `clauses`; a number taken
/// meanwhile (a concurrent revision) is a CONFLICT.
pub async fn save_version(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
    acting: Acting,
    clauses: &[clauses::Clause],
    note: String,
    now: chrono::NaiveDateTime,
) -> Result<(), TxError> {
    let new = NewVersion {
        agreement_id: agreement.id,
        number: agreement.text_version,
        author_user_id: acting.user_id,
        author_organization_id: acting.organization_id.unwrap_or_default(),
        note,
        clauses: serde_json::to_string(clauses).map_err(ApiError::internal)?,
        created_at: now,
    };
    storage::insert_version(conn, &new)
        .await
        .map_err(|error| match error {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => ApiError::Conflict {
                current_version: agreement.version,
            },
            other => other.into(),
        })?;
    Ok(())
}
