//! The draft's particulars, its text and the comments on it.

use async_graphql::{Context, ID, InputObject, Object};

use super::agreement_payload;
use crate::agreements::facts::Drafting;
use crate::agreements::input::{
    ClauseInput, MAX_NOTE, TermInput, check_covered, checked, parse_clauses, parse_note, parse_term,
};
use crate::agreements::objects::{Agreement, AgreementComment};
use crate::agreements::record::current_clauses;
use crate::agreements::rules::drafting::{self as rules, Revision};
use crate::agreements::storage::{self, AgreementRow, CommentRow, NewComment};
use crate::change::{Act, Actor, Audience, Change, Decision, Env, Record, Ruling, act, run, store};
use crate::context::services;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiError, ApiResult, Outcome, TxError, UserErrors};
use crate::graphql::ids::{NodeType, row_id};
use crate::graphql::text;
use crate::identity::authorization::signed_in;
use crate::identity::viewer;
use crate::organizations::places::organization;
use crate::transaction;
use serde_json::json;

agreement_payload!(
    /// Result of `updateAgreement`.
    UpdateAgreementPayload,
    /// Result of `proposeAgreementRevision`.
    ProposeAgreementRevisionPayload,
);

crate::payloads!(
    comment: AgreementComment(CommentRow),
    "The comment; null when the input was refused.";
    /// Result of `commentOnClause`.
    CommentOnClausePayload,
    /// Result of `resolveAgreementComment`.
    ResolveAgreementCommentPayload,
);

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

crate::input!(UpdateAgreementInput => AgreementRow {
    id: id, version: expected_version,
    who: |_, _| Actor::EitherParty
});

impl Change<AgreementRow> for UpdateAgreementInput {
    type Facts = ();
    fn decide(&self, agreement: &AgreementRow, _: &(), _: &Act) -> Ruling<AgreementRow> {
        let mut errors = UserErrors::default();
        let title = match &self.title {
            Some(title) => errors.keep(text::required(&["title"], title, 200)),
            None => None,
        };
        check_covered(&mut errors, self.workers_covered);
        let term = parse_term(&mut errors, self.term.as_ref());
        checked(errors, ())?;
        rules::update(agreement, title, self.workers_covered, term)
    }
}

crate::input!(ProposeAgreementRevisionInput => AgreementRow {
    id: id, version: expected_version,
    who: |_, _| Actor::EitherParty
});

impl Change<AgreementRow> for ProposeAgreementRevisionInput {
    type Facts = Drafting;
    fn decide(
        &self,
        agreement: &AgreementRow,
        drafting: &Drafting,
        act: &Act,
    ) -> Ruling<AgreementRow> {
        let mut errors = UserErrors::default();
        let note = parse_note(&mut errors, self.note.as_deref());
        checked(errors, ())?;
        let (clauses, next_key) =
            parse_clauses(&drafting.current, &self.clauses, agreement.next_clause_key)?;
        let revision = Revision {
            clauses,
            next_key,
            note,
            author: act.acting,
            author_name: drafting.author_name.clone(),
        };
        rules::revise(agreement, &drafting.current, revision)
    }
}

crate::input!(ResolveAgreementCommentInput => (CommentRow, AgreementRow) {
    id: id,
    who: |_, _| Actor::EitherParty
});

impl Change<(CommentRow, AgreementRow)> for ResolveAgreementCommentInput {
    type Facts = ();
    fn decide(
        &self,
        (comment, _): &(CommentRow, AgreementRow),
        _: &(),
        act: &Act,
    ) -> Ruling<(CommentRow, AgreementRow)> {
        Ok(rules::resolve_comment(comment, act.acting.user_id)?.into_part())
    }
}

/// Adds a comment on a clause: a new record, so written by hand.
async fn comment(
    conn: &mut crate::db::Conn<'_>,
    viewer: &crate::identity::Viewer,
    id: i64,
    input: &CommentOnClauseInput,
    env: &Env<'_>,
) -> Result<CommentRow, TxError> {
    let agreement = AgreementRow::load(conn, viewer, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let act = act(conn, viewer, &agreement, Actor::EitherParty, env.now).await?;
    let body = text::required(&["body"], &input.body, MAX_NOTE).map_err(|e| vec![e])?;
    let current = current_clauses(conn, &agreement).await?;
    let clause = rules::commented_clause(&agreement, &current, input.clause_key)?;
    let new = NewComment {
        agreement_id: agreement.id,
        clause_key: clause.key,
        text_version: agreement.text_version,
        author_user_id: act.acting.user_id,
        author_organization_id: act.acting.organization_id.unwrap_or_default(),
        body: body.clone(),
        created_at: env.now,
    };
    let comment = storage::insert_comment(conn, &new).await?;
    let author = organization(conn, new.author_organization_id).await?;
    let decision = Decision::new(EventKind::AgreementCommented, [Audience::Parties]).details(
        json!({ "author": author.name, "clause": clause.key, "heading": clause.heading, "body": body }),
    );
    store(conn, agreement, decision, act.acting, env).await?;
    Ok(comment)
}

/// Mutations of a draft's particulars, text and comments.
#[derive(Default)]
pub struct TextMutation;

#[Object]
impl TextMutation {
    /// Changes the title, the workers covered or the term of a draft. For either party.
    async fn update_agreement(
        &self,
        ctx: &Context<'_>,
        input: UpdateAgreementInput,
    ) -> ApiResult<UpdateAgreementPayload> {
        UpdateAgreementPayload::from_outcome(run(ctx, input).await)
    }

    /// Proposes a revised text, which becomes the next numbered version.
    /// For a contract objected to, the changed text is a draft again, its
    /// signatures cleared, to be voted on and signed before refiling (CCP
    /// Art. 46). For either party; a stale `expectedVersion` gives CONFLICT.
    async fn propose_agreement_revision(
        &self,
        ctx: &Context<'_>,
        input: ProposeAgreementRevisionInput,
    ) -> ApiResult<ProposeAgreementRevisionPayload> {
        ProposeAgreementRevisionPayload::from_outcome(run(ctx, input).await)
    }

    /// Comments on a clause of the current version. For either party.
    async fn comment_on_clause(
        &self,
        ctx: &Context<'_>,
        input: CommentOnClauseInput,
    ) -> ApiResult<CommentOnClausePayload> {
        signed_in(viewer(ctx))?;
        let id = row_id(&input.id, NodeType::Agreement)?;
        let env = Env::of(ctx);
        let result = transaction!(services(ctx).db, |conn| {
            comment(conn, viewer(ctx), id, &input, &env).await
        });
        CommentOnClausePayload::from_outcome(Outcome::of(result))
    }

    /// Marks a comment resolved. For either party.
    async fn resolve_agreement_comment(
        &self,
        ctx: &Context<'_>,
        input: ResolveAgreementCommentInput,
    ) -> ApiResult<ResolveAgreementCommentPayload> {
        let outcome = run(ctx, input).await;
        ResolveAgreementCommentPayload::from_outcome(outcome.map(|o| o.map(|(comment, _)| comment)))
    }
}
