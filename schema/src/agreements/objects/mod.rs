//! GraphQL objects of agreements: the agreement, its versions and their
//! diff, comments, votes, filings and the association's totals.

mod review;
mod text;
mod totals;

pub use review::*;
pub use text::*;
pub use totals::*;

use crate::digests::ConfirmedText;
use crate::digests::objects::TextDigest;
use crate::digests::storage::Of;
use crate::graphql::date::Date;
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use crate::agreements::clauses::{self};
use crate::agreements::kinds::{AgreementKind, AgreementStatus, SpecialSubject, TerminationGround};
use crate::agreements::loaders::{BoundEmployersKey, LatestReviewKey, VersionKey, clock};
use crate::agreements::storage::{self, AgreementRow, VersionRow};
use crate::agreements::visibility;
use crate::context::{load_many, load_one, services};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::objects::Deadline;
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::objects::visible_users_by_id;
use crate::identity::viewer;
use crate::offers::objects::{Offer, organization};
use crate::organizations::objects::named;
use crate::organizations::objects::{Organization, Region};

/// A collective contract, special contract, agreement, memorandum or minutes.
#[derive(Clone)]
pub struct Agreement(pub AgreementRow);

impl Agreement {
    /// The agreement's latest clock of `kind`.
    async fn clock(&self, ctx: &Context<'_>, kind: DeadlineKind) -> ApiResult<Option<Deadline>> {
        let row = load_one(ctx, clock(self.0.id, kind)).await?.flatten();
        Ok(row.map(|row| Deadline {
            row,
            organizations: vec![self.0.workers_party_id, self.0.employer_party_id],
        }))
    }

    /// Visible agreements by id, in the order of `ids`.
    async fn visible(ctx: &Context<'_>, ids: &[i64]) -> ApiResult<Vec<AgreementRow>> {
        let visible = visibility::agreements(viewer(ctx));
        let mut pooled = services(ctx).db.get().await?;
        Ok(storage::agreements_by_ids(&mut pooled.conn(), ids, &visible).await?)
    }
}

/// A collective contract (集体合同), special contract (专项集体合同),
/// sector or regional contract, or a lighter agreement, memorandum or minutes.
#[Object]
impl Agreement {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Agreement, self.0.id)
    }

    /// Kind of agreement.
    async fn kind(&self) -> AgreementKind {
        self.0.kind
    }

    /// The subject of a special contract.
    async fn special_subject(&self) -> Option<SpecialSubject> {
        self.0.special_subject
    }

    /// Title, e.g. `2027年度工资专项集体合同`.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Where it stands.
    async fn status(&self) -> AgreementStatus {
        self.0.status
    }

    /// The offer and negotiation it came from; sector and regional contracts may have none.
    async fn offer(&self, ctx: &Context<'_>) -> ApiResult<Option<Offer>> {
        let Some(id) = self.0.offer_id else {
            return Ok(None);
        };
        let visible = crate::offers::visibility::offers(viewer(ctx));
        let mut pooled = services(ctx).db.get().await?;
        let rows =
            crate::offers::storage::offers_by_ids(&mut pooled.conn(), &[id], &visible).await?;
        Ok(rows.into_iter().next().map(Offer))
    }

    /// The workers' side: a grassroots union, or a federation for sector and regional contracts.
    async fn workers_party(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        organization(ctx, self.0.workers_party_id).await
    }

    /// The employer's side: the employer, or an association for sector and regional contracts.
    async fn employer_party(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        organization(ctx, self.0.employer_party_id).await
    }

    /// The employers it binds.
    async fn employers(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        let ids = load_one(ctx, BoundEmployersKey(self.0.id))
            .await?
            .unwrap_or_default();
        named(ctx, &ids).await
    }

    /// The region it applies in.
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        Ok(crate::context::region(ctx, self.0.region_id)
            .await?
            .map(Region))
    }

    /// How many workers it covers.
    async fn workers_covered(&self) -> Option<i32> {
        self.0.workers_covered
    }

    /// First day of the term.
    async fn term_starts_on(&self) -> Option<Date> {
        self.0.term_starts_on.map(Date)
    }

    /// Last day of the term.
    async fn term_ends_on(&self) -> Option<Date> {
        self.0.term_ends_on.map(Date)
    }

    /// Why the term is outside 1 to 3 years, when it is.
    async fn term_override_reason(&self) -> Option<&str> {
        self.0.term_override_reason.as_deref()
    }

    /// The number of the current version of the text.
    async fn text_version(&self) -> i32 {
        self.0.text_version
    }

    /// The current text, clause by clause.
    async fn clauses(&self, ctx: &Context<'_>) -> ApiResult<Vec<AgreementClause>> {
        let version = load_one(ctx, VersionKey(self.0.id, self.0.text_version)).await?;
        Ok(version
            .map(|v| v.clauses().into_iter().map(AgreementClause).collect())
            .unwrap_or_default())
    }

    /// The digest of the text as it reads now, and the chiefs' signatures
    /// of it; a signature of an earlier text no longer matches.
    async fn text_digest(&self, ctx: &Context<'_>) -> ApiResult<TextDigest> {
        let version = load_one(ctx, VersionKey(self.0.id, self.0.text_version)).await?;
        let clauses = version.map(|v| v.clauses()).unwrap_or_default();
        Ok(TextDigest {
            text: ConfirmedText::AgreementText,
            of: Of::Agreement(self.0.id),
            digest: crate::agreements::rules::signing::text_digest(&self.0, &clauses),
        })
    }

    /// Every version of the text, oldest first.
    async fn versions(&self, ctx: &Context<'_>) -> ApiResult<Vec<AgreementVersion>> {
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let rows = storage::versions_of(conn, &[self.0.id], None).await?;
        let authors =
            visible_users_by_id(ctx, conn, rows.iter().filter_map(|r| r.author_user_id)).await?;
        Ok(rows
            .into_iter()
            .map(|row| AgreementVersion {
                author: row.author_user_id.and_then(|a| authors.get(&a).cloned()),
                row,
            })
            .collect())
    }

    /// The clauses added, removed and changed from one version to another.
    async fn diff(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The earlier version number.")] from_version: i32,
        #[graphql(desc = "The later version number.")] to_version: i32,
    ) -> ApiResult<Vec<ClauseChange>> {
        let keys = [
            VersionKey(self.0.id, from_version),
            VersionKey(self.0.id, to_version),
        ];
        let versions = load_many(ctx, keys).await?;
        let text = |key: &VersionKey, name: &str| {
            versions.get(key).map(VersionRow::clauses).ok_or_else(|| {
                ApiError::BadUserInput(format!("`{name}`: this agreement has no such version"))
            })
        };
        let from = text(&keys[0], "fromVersion")?;
        let to = text(&keys[1], "toVersion")?;
        Ok(clauses::diff(&from, &to)
            .into_iter()
            .map(ClauseChange)
            .collect())
    }

    /// Comments on clauses, oldest first.
    async fn comments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the unresolved ones.")] unresolved_only: Option<bool>,
    ) -> ApiResult<Vec<AgreementComment>> {
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::comments_of(&mut pooled.conn(), &[self.0.id]).await?;
        Ok(rows
            .into_iter()
            .filter(|c| !unresolved_only.unwrap_or(false) || c.resolved_at.is_none())
            .map(AgreementComment)
            .collect())
    }

    /// Votes of the workers' congress or of all workers, oldest first.
    async fn votes(&self, ctx: &Context<'_>) -> ApiResult<Vec<WorkersCongressVote>> {
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::votes_of(&mut pooled.conn(), &[self.0.id]).await?;
        Ok(rows.into_iter().map(WorkersCongressVote).collect())
    }

    /// Who signed for the workers, when, and under which delegation.
    async fn workers_signature(&self) -> Option<Signature> {
        let row = &self.0;
        Signature::of(
            &row.workers_signed_by,
            row.workers_signed_at,
            &row.workers_signed_delegation,
        )
    }

    /// Who signed for the employer, when, and under which delegation.
    async fn employer_signature(&self) -> Option<Signature> {
        let row = &self.0;
        Signature::of(
            &row.employer_signed_by,
            row.employer_signed_at,
            &row.employer_signed_delegation,
        )
    }

    /// When the second chief signed: the day the filing period runs from.
    async fn signed_at(&self) -> Option<DateTime<Utc>> {
        self.0.signed_at().map(|t| t.and_utc())
    }

    /// Every filing with the labour administration and its review, oldest first.
    async fn filings(&self, ctx: &Context<'_>) -> ApiResult<Vec<AgreementReview>> {
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::reviews_of(&mut pooled.conn(), &[self.0.id]).await?;
        Ok(rows.into_iter().map(AgreementReview).collect())
    }

    /// The latest filing and its review.
    async fn latest_filing(&self, ctx: &Context<'_>) -> ApiResult<Option<AgreementReview>> {
        Ok(load_one(ctx, LatestReviewKey(self.0.id))
            .await?
            .map(AgreementReview))
    }

    /// The filing deadline, from the signatures (or from an objection, to refile).
    async fn filing_deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        self.clock(ctx, DeadlineKind::AgreementFiling).await
    }

    /// The 15-day review deadline, from the filing.
    async fn review_deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        self.clock(ctx, DeadlineKind::AgreementReview).await
    }

    /// The deadline to publish it to the workers, from its effect.
    async fn publication_deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        self.clock(ctx, DeadlineKind::AgreementPublication).await
    }

    /// The end of the term.
    async fn term_deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        self.clock(ctx, DeadlineKind::AgreementTerm).await
    }

    /// The day renewal may be proposed from: three months before the end.
    async fn renewal_deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        self.clock(ctx, DeadlineKind::AgreementRenewal).await
    }

    /// When it took effect.
    async fn effective_at(&self) -> Option<DateTime<Utc>> {
        self.0.effective_at.map(|t| t.and_utc())
    }

    /// When it was published to the workers.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at.map(|t| t.and_utc())
    }

    /// How it was published, e.g. `公告栏张贴并印发全体职工`.
    async fn publication_method(&self) -> Option<&str> {
        self.0.publication_method.as_deref()
    }

    /// When it ended: expired, renewed or terminated.
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.0.ended_at.map(|t| t.and_utc())
    }

    /// The Art. 39–40 ground of an early end.
    async fn termination_ground(&self) -> Option<TerminationGround> {
        self.0.termination_ground
    }

    /// What was said about the early end.
    async fn termination_note(&self) -> Option<&str> {
        self.0.termination_note.as_deref()
    }

    /// The agreement this one renews.
    async fn predecessor(&self, ctx: &Context<'_>) -> ApiResult<Option<Agreement>> {
        let Some(id) = self.0.predecessor_id else {
            return Ok(None);
        };
        Ok(Self::visible(ctx, &[id]).await?.pop().map(Agreement))
    }

    /// The agreement that renews this one, once drafted.
    async fn successor(&self, ctx: &Context<'_>) -> ApiResult<Option<Agreement>> {
        let mut pooled = services(ctx).db.get().await?;
        let ids: Vec<i64> = storage::successors_of(&mut pooled.conn(), &[self.0.id])
            .await?
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        drop(pooled);
        Ok(Self::visible(ctx, &ids).await?.pop().map(Agreement))
    }

    /// Bumped by every change; pass it as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// When it was drafted.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }

    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at.and_utc()
    }
}
