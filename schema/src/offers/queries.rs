//! The offer list and the campaigns.

use async_graphql::{Context, Enum, ID, InputObject, Object};

use super::kinds::{OfferCategory, OfferStatus};
use super::loaders::{CampaignKey, DisputesOf, RepresentativesOf, SessionsOf, reply_deadline};
use super::objects::{Campaign, Offer};
use super::storage::{self, OfferFilter, OfferRow};
use super::visibility;
use crate::context::{preload, services};
use crate::db::stored;
use crate::graphql::connection::{
    ConnectionOf, OrderDirection, connection, connection_sorted, foreign_cursor, page_request,
};
use crate::graphql::errors::ApiResult;
use crate::graphql::ids::{NodeType, filter_id as id_of};
use crate::identity::authorization::signed_in;
use crate::identity::viewer;
use crate::organizations::objects::preload_named;
use crate::organizations::places::region_subtree;
use crate::organizations::storage::EmployerSearch;

/// Filter of the offer list.
#[derive(InputObject, Default)]
pub struct OfferFilterInput {
    /// Only offers in these states.
    pub statuses: Option<Vec<OfferStatus>>,
    /// Only offers of these categories.
    pub categories: Option<Vec<OfferCategory>>,
    /// Only offers of this campaign.
    pub campaign: Option<ID>,
    /// Only offers with an employer in this region or below it.
    pub region: Option<ID>,
    /// Only offers concerning this employer.
    pub employer: Option<ID>,
    /// Only offers whose reply period ran out unanswered (true), or the others (false).
    pub overdue: Option<bool>,
    /// Only offers whose reply is due within this many days.
    pub reply_due_within_days: Option<i32>,
    /// Only offers concerning an employer whose name contains this text.
    pub employer_name_contains: Option<String>,
    /// Only offers concerning the employer of this unified social credit code.
    pub employer_credit_code: Option<String>,
}

/// The order of the `offers` list; ties go by id.
#[derive(InputObject)]
pub struct OfferOrder {
    pub field: OfferOrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// What the offer list may be sorted by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferOrderField {
    /// When the reply is due; offers without a reply deadline (drafts) as
    /// due after all others.
    ReplyDue,
}

/// Queries of offers and campaigns.
#[derive(Default)]
pub struct OfferQuery;

// A list field takes its filter, its order and the four paging arguments.
#[allow(clippy::too_many_arguments)]
#[Object]
impl OfferQuery {
    /// Bargaining offers the viewer may see: those its organizations are party
    /// to, and, for offices, labour administrations and union federations, those
    /// of employers in their region.
    async fn offers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which offers to list.")] filter: Option<OfferFilterInput>,
        #[graphql(desc = "How to sort them; by id (the order of recording) when omitted.")]
        order_by: Option<OfferOrder>,
        #[graphql(desc = "Returns the first n offers (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the offers after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n offers (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the offers before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Offer>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let input = filter.unwrap_or_default();
        let services = services(ctx);
        let mut pooled = services.db.get().await?;
        let conn = &mut pooled.conn();
        let region_ids = match id_of(input.region.as_ref(), NodeType::Region, "region")? {
            Some(root) => Some(region_subtree(conn, viewer, root).await?),
            None => None,
        };
        let within = input.reply_due_within_days.map(|days| {
            stored(services.clock.now() + chrono::Duration::days(i64::from(days.clamp(0, 3650))))
        });
        let filter = OfferFilter {
            statuses: input.statuses.unwrap_or_default(),
            categories: input.categories.unwrap_or_default(),
            campaign: id_of(input.campaign.as_ref(), NodeType::Campaign, "campaign")?,
            region_ids,
            employer: id_of(input.employer.as_ref(), NodeType::Organization, "employer")?,
            overdue: input.overdue,
            reply_due_before: within,
            employer_search: EmployerSearch::new(
                input.employer_name_contains.as_deref(),
                input.employer_credit_code.as_deref(),
            ),
        };
        let visible = visibility::offers(viewer);
        let Some(order) = order_by else {
            let rows = storage::offers_page(conn, &filter, &visible, &page).await?;
            drop(pooled);
            prefetch(ctx, &rows.rows.iter().collect::<Vec<_>>()).await?;
            return Ok(connection(rows, |row| row.id, Offer));
        };
        let OfferOrderField::ReplyDue = order.field;
        let descending = order.direction == OrderDirection::Desc;
        let rows = storage::offers_by_reply_due(conn, &filter, &visible, &page, descending)
            .await?
            .ok_or_else(foreign_cursor)?;
        drop(pooled);
        let offers: Vec<&OfferRow> = rows.rows.iter().map(|(row, _)| row).collect();
        prefetch(ctx, &offers).await?;
        Ok(connection_sorted(rows, |row| row.id, Offer))
    }

    /// Campaigns, newest last; every signed-in user may see them.
    async fn campaigns(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only campaigns of this region.")] region: Option<ID>,
        #[graphql(desc = "Returns the first n campaigns (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the campaigns after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n campaigns (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the campaigns before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Campaign>> {
        signed_in(viewer(ctx))?;
        let page = page_request(ctx, first, after, last, before)?;
        let region = id_of(region.as_ref(), NodeType::Region, "region")?;
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::campaigns_page(
            &mut pooled.conn(),
            region.as_ref().map(std::slice::from_ref),
            &page,
        )
        .await?;
        Ok(connection(rows, |row| row.id, Campaign))
    }
}

/// Loads, one batch per kind, the related objects the query selects for a
/// page of offers, so that the items read them from the request's cache and
/// a page of 100 costs the same statements as a page of 10.
async fn prefetch(ctx: &Context<'_>, offers: &[&OfferRow]) -> ApiResult<()> {
    let node = ctx.look_ahead().field("edges").field("node");
    let parties = [
        "issuingOrganization",
        "receivingOrganization",
        "employer",
        "union",
    ];
    if parties.iter().any(|f| node.field(f).exists()) {
        let ids: Vec<i64> = offers
            .iter()
            .flat_map(|o| {
                [
                    o.issuing_organization_id,
                    o.receiving_organization_id,
                    o.employer_id,
                    o.union_id,
                ]
            })
            .collect();
        preload_named(ctx, &ids).await?;
    }
    if node.field("campaign").exists() {
        preload(
            ctx,
            offers.iter().filter_map(|o| o.campaign_id).map(CampaignKey),
        )
        .await?;
    }
    if node.field("replyDeadline").exists() || node.field("overdue").exists() {
        preload(ctx, offers.iter().map(|o| reply_deadline(o.id))).await?;
    }
    if node.field("representatives").exists() || node.field("representativesBalanced").exists() {
        preload(ctx, offers.iter().map(|o| RepresentativesOf(o.id))).await?;
    }
    if node.field("sessions").exists() {
        preload(ctx, offers.iter().map(|o| SessionsOf(o.id))).await?;
    }
    if node.field("disputes").exists() {
        preload(ctx, offers.iter().map(|o| DisputesOf(o.id))).await?;
    }
    Ok(())
}
