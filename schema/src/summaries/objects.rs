//! GraphQL objects of campaign summaries, and the fields they add to a campaign.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::counting;
use super::figures::{Period, SummaryFigures};
use super::kinds::SummaryStatus;
use super::rules;
use super::storage::{self, SummaryRow};
use super::visibility;
use crate::context::{load_one, services};
use crate::db::stored;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::loaders::ClockKey;
use crate::deadlines::objects::Deadline;
use crate::evaluation::coverage::Census;
use crate::graphql::date::Date;
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::viewer;
use crate::offers::loaders::CampaignKey;
use crate::offers::objects::Campaign;
use crate::offers::storage::CampaignRow;
use crate::organizations::objects::{Organization, Region, named_one};

/// A district office's summary of a campaign for the office that runs it.
#[derive(Clone)]
pub struct CampaignSummary(pub SummaryRow);

/// The figures of the region `region_id` over the campaign's period, as
/// the platform counts them now.
pub async fn counted(
    ctx: &Context<'_>,
    campaign: &CampaignRow,
    region_id: i64,
) -> ApiResult<SummaryFigures> {
    let services = services(ctx);
    let now = stored(services.clock.now());
    let period = Period::of(campaign.starts_on, campaign.ends_on, now);
    // The census and the regions as the coverage report keeps them: read
    // once for all the summaries of a page, until anything changes.
    let census = services
        .bus
        .viewers
        .keep(&services.census, || async {
            let mut pooled = services.db.get().await?;
            Ok(Census::read(&mut pooled.conn()).await?)
        })
        .await?;
    let regions = crate::context::regions(ctx).await?;
    let mut pooled = services.db.get().await?;
    counting::figures(
        &mut pooled.conn(),
        &census,
        &regions,
        region_id,
        period,
        now,
    )
    .await
    .map_err(crate::graphql::errors::TxError::into_api)
}

/// A campaign summary's figures: those kept when it was submitted, or
/// counted now for a draft.
pub async fn figures_of(ctx: &Context<'_>, summary: &SummaryRow) -> ApiResult<SummaryFigures> {
    if let Some(kept) = &summary.figures {
        return serde_json::from_str(kept)
            .map_err(|e| ApiError::internal(format!("summary figures: {e}")));
    }
    let campaign = load_one(ctx, CampaignKey(summary.campaign_id))
        .await?
        .ok_or(ApiError::NotFound)?;
    counted(ctx, &campaign, summary.region_id).await
}

/// The annual summary (工作总结) a district tripartite office sends the
/// office running a campaign (seed 000 §二.(三)): the platform's figures of
/// its districts over the campaign's period, and its own account of what
/// was done, the experience, typical cases, problems and their causes, and
/// the next steps. Seen by the district office and the offices above it.
#[Object]
impl CampaignSummary {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::CampaignSummary, self.0.id)
    }

    async fn campaign(&self, ctx: &Context<'_>) -> ApiResult<Campaign> {
        load_one(ctx, CampaignKey(self.0.campaign_id))
            .await?
            .map(Campaign)
            .ok_or(ApiError::NotFound)
    }

    /// The district office that writes it.
    async fn office(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.office_id)).await
    }

    /// The district it reports on, with the regions below it.
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        Ok(crate::context::region(ctx, self.0.region_id)
            .await?
            .map(Region))
    }

    async fn status(&self) -> SummaryStatus {
        self.0.status
    }

    /// The last day to submit it.
    async fn due_on(&self) -> Date {
        Date(self.0.due_on)
    }

    /// Its clock: open while a draft runs, met when submitted in time,
    /// missed when the due day passed first.
    async fn deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        let key = ClockKey {
            subject: NodeType::CampaignSummary,
            kind: DeadlineKind::CampaignSummary,
            id: self.0.id,
        };
        let row = load_one(ctx, key).await?.flatten();
        Ok(row.map(|row| Deadline {
            row,
            organizations: vec![self.0.office_id],
        }))
    }

    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at.map(|t| t.and_utc())
    }

    /// Who submitted it.
    async fn submitted_by(&self) -> Option<&str> {
        self.0.submitted_by.as_deref()
    }

    /// Whether it was submitted after its due day.
    async fn late(&self) -> bool {
        rules::late(&self.0)
    }

    /// What was done (开展情况).
    async fn work_done(&self) -> &str {
        &self.0.work_done
    }

    /// The experience gained (经验做法).
    async fn experience(&self) -> &str {
        &self.0.experience
    }

    /// Typical cases (典型案例).
    async fn typical_cases(&self) -> &str {
        &self.0.typical_cases
    }

    /// Problems found (存在问题).
    async fn problems(&self) -> &str {
        &self.0.problems
    }

    /// Their causes (原因分析).
    async fn causes(&self) -> &str {
        &self.0.causes
    }

    /// Next steps (下一步工作).
    async fn next_steps(&self) -> &str {
        &self.0.next_steps
    }

    /// The figures of its districts over the campaign's period: as
    /// submitted, or counted now while a draft.
    async fn figures(&self, ctx: &Context<'_>) -> ApiResult<SummaryFigures> {
        figures_of(ctx, &self.0).await
    }

    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// The summaries of a campaign the viewer may see, by office.
pub async fn summaries(ctx: &Context<'_>, campaign_id: i64) -> ApiResult<Vec<CampaignSummary>> {
    let visible = visibility::summaries(viewer(ctx));
    let mut pooled = services(ctx).db.get().await?;
    let rows = storage::summaries_of(&mut pooled.conn(), campaign_id, &visible).await?;
    Ok(rows.into_iter().map(CampaignSummary).collect())
}

/// The figures of the campaign's whole region, for the offices over it
/// (the city total); `None` for any other viewer.
pub async fn total(ctx: &Context<'_>, campaign: &CampaignRow) -> ApiResult<Option<SummaryFigures>> {
    if !visibility::summaries(viewer(ctx)).sees(campaign.region_id) {
        return Ok(None);
    }
    counted(ctx, campaign, campaign.region_id).await.map(Some)
}
