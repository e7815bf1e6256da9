//! GraphQL objects of the text: clauses, versions, the changes between them, comments.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use crate::agreements::clauses::{self, Clause};
use crate::agreements::kinds::ClauseChangeKind;
use crate::agreements::storage::{CommentRow, VersionRow};
use crate::graphql::errors::ApiResult;
use crate::graphql::ids::{NodeType, encode};
use crate::identity::objects::User;
use crate::identity::storage::UserRow;
use crate::offers::kinds::OfferTopic;
use crate::offers::objects::organization;
use crate::organizations::objects::Organization;

/// One clause of a text.
pub struct AgreementClause(pub Clause);

/// A clause, tagged with the CCP Art. 8 topic it settles.
#[Object]
impl AgreementClause {
    /// Stable within the agreement: a revised clause keeps its key.
    async fn key(&self) -> i32 {
        self.0.key
    }

    /// The Art. 8 topic.
    async fn topic(&self) -> OfferTopic {
        self.0.topic
    }

    /// Heading, e.g. `第三条 工资调整`.
    async fn heading(&self) -> &str {
        &self.0.heading
    }

    /// The text.
    async fn text(&self) -> &str {
        &self.0.text
    }
}

/// A numbered version of a text.
pub struct AgreementVersion {
    pub row: VersionRow,
    pub author: Option<UserRow>,
}

/// A version of the text, as one side proposed it.
#[Object]
impl AgreementVersion {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeType::AgreementVersion, self.row.id)
    }

    /// 1 for the first draft, then one more per revision.
    async fn number(&self) -> i32 {
        self.row.number
    }

    /// Who proposed it, when the viewer may see them.
    async fn author(&self) -> Option<User> {
        self.author.clone().map(User)
    }

    /// The side's organization that proposed it.
    async fn author_organization(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        organization(ctx, self.row.author_organization_id).await
    }

    /// What the revision changes, in the author's words.
    async fn note(&self) -> &str {
        &self.row.note
    }

    /// The clauses.
    async fn clauses(&self) -> Vec<AgreementClause> {
        self.row
            .clauses()
            .into_iter()
            .map(AgreementClause)
            .collect()
    }

    /// When it was proposed.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at.and_utc()
    }
}

/// How a clause differs between two versions.
pub struct ClauseChange(pub clauses::ClauseChange);

/// A clause added, removed or changed between two versions.
#[Object]
impl ClauseChange {
    /// Added, removed or changed.
    async fn kind(&self) -> ClauseChangeKind {
        self.0.kind
    }

    /// The clause's key.
    async fn key(&self) -> i32 {
        self.0.key
    }

    /// The clause in the earlier version; null when added.
    async fn before(&self) -> Option<AgreementClause> {
        self.0.before.clone().map(AgreementClause)
    }

    /// The clause in the later version; null when removed.
    async fn after(&self) -> Option<AgreementClause> {
        self.0.after.clone().map(AgreementClause)
    }
}

/// A comment on a clause.
pub struct AgreementComment(pub CommentRow);

/// A comment attached to a clause of a version.
#[Object]
impl AgreementComment {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeType::AgreementComment, self.0.id)
    }

    /// The key of the clause it is on.
    async fn clause_key(&self) -> i32 {
        self.0.clause_key
    }

    /// The version it was written on.
    async fn text_version(&self) -> i32 {
        self.0.text_version
    }

    /// The side's organization that wrote it.
    async fn author_organization(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        organization(ctx, self.0.author_organization_id).await
    }

    /// The comment.
    async fn body(&self) -> &str {
        &self.0.body
    }

    /// When it was written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }

    /// When it was resolved; null while open.
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at.map(|t| t.and_utc())
    }
}
