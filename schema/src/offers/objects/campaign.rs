//! GraphQL objects of campaigns and their progress.

use crate::graphql::date::Date;
use std::collections::HashSet;

use async_graphql::{Context, ID, Object, SimpleObject};

use super::*;
use crate::context::services;
use crate::graphql::errors::ApiResult;
use crate::graphql::ids::{NodeType, encode};
use crate::identity::viewer;
use crate::offers::kinds::{CampaignKind, OfferCategory};
use crate::offers::progress::{ProgressCounts, progress};
use crate::offers::storage::{self, CampaignRow};
use crate::offers::visibility;
use crate::organizations::objects::{Organization, Region};

/// A campaign.
#[derive(Clone)]
pub struct Campaign(pub CampaignRow);

/// Target offers of one category.
#[derive(SimpleObject, serde::Serialize, serde::Deserialize, Clone, Copy)]
pub struct CampaignTarget {
    /// The category.
    pub category: OfferCategory,
    /// How many offers the campaign aims for.
    pub offers: i32,
}

/// Progress of one category.
#[derive(SimpleObject, serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct CategoryProgress {
    /// The category.
    pub category: OfferCategory,
    /// Its counts.
    pub counts: ProgressCounts,
}

/// Progress in one district.
#[derive(SimpleObject)]
pub struct RegionProgress {
    /// The district, county or zone.
    pub region: Region,
    /// Its counts.
    pub counts: ProgressCounts,
}

/// A campaign's progress over the offers the viewer may see.
#[derive(SimpleObject)]
pub struct CampaignProgress {
    /// All of them.
    pub total: ProgressCounts,
    /// By category.
    pub by_category: Vec<CategoryProgress>,
    /// By district.
    pub by_district: Vec<RegionProgress>,
}

/// A campaign of the tripartite office, such as the spring concentrated offer (春季集中要约).
#[Object]
impl Campaign {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Campaign, self.0.id)
    }

    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Kind.
    async fn kind(&self) -> CampaignKind {
        self.0.kind
    }

    /// The region it covers.
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        Ok(crate::context::region(ctx, self.0.region_id)
            .await?
            .map(Region))
    }

    /// The office that runs it.
    async fn organizer(&self, ctx: &Context<'_>) -> ApiResult<Organization> {
        organization(ctx, self.0.organizer_id).await
    }

    /// First day.
    async fn starts_on(&self) -> Date {
        Date(self.0.starts_on)
    }

    /// Last day.
    async fn ends_on(&self) -> Date {
        Date(self.0.ends_on)
    }

    /// Target numbers of offers per category.
    async fn targets(&self) -> Vec<CampaignTarget> {
        serde_json::from_str(&self.0.targets).unwrap_or_default()
    }

    /// The district offices' summaries of the campaign the viewer may see
    /// (its own office's, or all under an office above), by office.
    async fn summaries(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::summaries::objects::CampaignSummary>> {
        crate::summaries::objects::summaries(ctx, self.0.id).await
    }

    /// The figures of the campaign's whole region over its period, counted
    /// now as each summary counts its district's (the city total). Null
    /// unless the viewer is of a tripartite office over the whole region.
    async fn summary_total(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Option<crate::summaries::figures::SummaryFigures>> {
        crate::summaries::objects::total(ctx, &self.0).await
    }

    /// Offers issued, answered, accepted, declined, overdue and concluded, by
    /// category and by district, over the offers the viewer may see.
    async fn progress(&self, ctx: &Context<'_>) -> ApiResult<CampaignProgress> {
        let services = services(ctx);
        let visible = visibility::offers(viewer(ctx));
        let (offers, overdue) = {
            let mut pooled = services.db.get().await?;
            let conn = &mut pooled.conn();
            let offers = storage::campaign_offers(conn, self.0.id, &visible).await?;
            let ids: Vec<i64> = offers.iter().map(|o| o.id).collect();
            let overdue: HashSet<i64> = storage::overdue_among(conn, &ids)
                .await?
                .into_iter()
                .collect();
            (offers, overdue)
        };
        let counted = progress(&offers, &overdue);
        let regions = crate::context::regions(ctx).await?;
        Ok(CampaignProgress {
            total: counted.total,
            by_category: counted
                .by_category
                .into_iter()
                .map(|(category, counts)| CategoryProgress { category, counts })
                .collect(),
            by_district: counted
                .by_region
                .into_iter()
                .filter_map(|(id, counts)| {
                    Some(RegionProgress {
                        region: Region(regions.get(&id)?.clone()),
                        counts,
                    })
                })
                .collect(),
        })
    }
}
