//! GraphQL objects of the vote, the signatures and the filings with their reviews.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::*;
use crate::agreements::kinds::{ReviewOutcome, VotingBody};
use crate::agreements::loaders::clock;
use crate::agreements::storage::{ReviewRow, VoteRow};
use crate::context::{load_one, services};
use crate::deadlines::kinds::DeadlineKind;
use crate::graphql::errors::ApiResult;
use crate::graphql::ids::{NodeType, encode};
use crate::offers::objects::organization;
use crate::organizations::objects::Organization;

/// A side's signature (CCP Art. 37).
#[derive(SimpleObject)]
pub struct Signature {
    /// Who signed: the chief representative, or the person the side's
    /// written delegation names.
    pub name: String,
    /// When they signed.
    pub signed_at: DateTime<Utc>,
    /// The written delegation (书面委托) they signed under; null for the
    /// chief representative named in the negotiation.
    pub delegation: Option<String>,
}

impl Signature {
    pub(super) fn of(
        name: &Option<String>,
        at: Option<chrono::NaiveDateTime>,
        delegation: &Option<String>,
    ) -> Option<Signature> {
        Some(Signature {
            name: name.clone()?,
            signed_at: at?.and_utc(),
            delegation: delegation.clone(),
        })
    }
}

/// A vote on a draft.
pub struct WorkersCongressVote(pub VoteRow);

/// A vote of the workers' congress or of all workers on a draft (CCP Art. 36).
#[Object]
impl WorkersCongressVote {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeType::WorkersCongressVote, self.0.id)
    }

    /// The version voted on.
    async fn text_version(&self) -> i32 {
        self.0.text_version
    }

    /// Who voted.
    async fn body(&self) -> VotingBody {
        self.0.body
    }

    /// All members of the body: the denominator of both thresholds.
    async fn total_members(&self) -> i32 {
        self.0.total_members
    }

    /// Members present.
    async fn present(&self) -> i32 {
        self.0.present
    }

    /// Members in favour.
    async fn in_favour(&self) -> i32 {
        self.0.in_favour
    }

    /// The day of the vote.
    async fn held_on(&self) -> Date {
        Date(self.0.held_on)
    }

    /// Whether two thirds attended and more than half of all members approved.
    async fn valid(&self) -> bool {
        self.0.valid
    }

    /// Why it is valid or not, in numbers.
    async fn reason(&self) -> &str {
        &self.0.reason
    }
}

/// A filing and its review.
pub struct AgreementReview(pub ReviewRow);

/// A filing with the labour administration and how its review ended (CCP Arts. 42–47).
#[Object]
impl AgreementReview {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeType::AgreementReview, self.0.id)
    }

    /// The agreement filed.
    async fn agreement(&self, ctx: &Context<'_>) -> ApiResult<Option<Agreement>> {
        Ok(Agreement::visible(ctx, &[self.0.agreement_id])
            .await?
            .pop()
            .map(Agreement))
    }

    /// The labour administration reviewing it.
    async fn reviewer(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        organization(ctx, self.0.reviewer_id).await
    }

    /// When it was filed; the 15 days run from here.
    async fn filed_at(&self) -> DateTime<Utc> {
        self.0.filed_at.and_utc()
    }

    /// The receipt number.
    async fn receipt_number(&self) -> &str {
        &self.0.receipt_number
    }

    /// Whether it was filed after the filing deadline.
    async fn filed_late(&self) -> bool {
        self.0.filed_late
    }

    /// The parties' explanation of a late filing.
    async fn late_explanation(&self) -> Option<&str> {
        self.0.late_explanation.as_deref()
    }

    /// How the review ended; `PENDING` while under review.
    async fn outcome(&self) -> ReviewOutcome {
        self.0.outcome
    }

    /// The text of the 审查意见书, when the administration objected.
    async fn opinion(&self) -> Option<&str> {
        self.0.opinion.as_deref()
    }

    /// When the review ended.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at.map(|t| t.and_utc())
    }

    /// Whole days left before the agreement takes effect without objection; null once decided.
    async fn days_left(&self, ctx: &Context<'_>) -> ApiResult<Option<i64>> {
        if self.0.outcome != ReviewOutcome::Pending {
            return Ok(None);
        }
        let due = load_one(
            ctx,
            clock(self.0.agreement_id, DeadlineKind::AgreementReview),
        )
        .await?
        .flatten()
        .map(|d| d.due_at);
        let now = services(ctx).clock.now().naive_utc();
        Ok(due.map(|due| (due - now).num_days().max(0)))
    }
}
