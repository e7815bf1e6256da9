//! The risk ledger (台账), its totals, and the warnings.

use std::collections::{BTreeMap, HashMap};

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::kinds::{MonitoredItem, ReportingFault, RiskStatus, WarningLevel, WarningStatus};
use super::loaders::{FormsOf, ItemsOf, RemindersOf, UpwardOf, case_clock};
use super::objects::{CreditReminder, HeadcountReturn, RiskCase, Warning};
use super::storage::{self, RiskCaseFilter, RiskCaseRow};
use super::visibility;
use crate::context::{preload, services};
use crate::db::stored;
use crate::deadlines::kinds::DeadlineKind;
use crate::graphql::connection::{ConnectionOf, connection, connection_by_time, page_request};
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, filter_id as id_of};
use crate::identity::authorization::signed_in;
use crate::identity::viewer;
use crate::organizations::kinds::IndustrySection;
use crate::organizations::objects::{Region, preload_named};
use crate::organizations::places::region_subtree;
use crate::organizations::storage::RegionRow;

/// Filter of the risk ledger.
#[derive(InputObject, Default)]
pub struct RiskCaseFilterInput {
    /// Only cases with one of these items.
    pub items: Option<Vec<MonitoredItem>>,
    /// Only cases at one of these levels.
    pub levels: Option<Vec<WarningLevel>>,
    /// Only cases in these states.
    pub statuses: Option<Vec<RiskStatus>>,
    /// Only cases of employers in this region or below it.
    pub region: Option<ID>,
    /// Only cases of employers of this industry section.
    pub industry: Option<IndustrySection>,
    /// Only cases of this employer.
    pub employer: Option<ID>,
    /// Only cases this person tracks.
    pub tracker: Option<String>,
    /// Only major cases (true), or the others (false).
    pub major: Option<bool>,
    /// Only urgent cases (true), or the others (false).
    pub urgent: Option<bool>,
    /// Only cases whose form or urgent report is overdue.
    pub overdue: Option<bool>,
    /// Only cases received at or after this instant.
    pub received_from: Option<DateTime<Utc>>,
    /// Only cases received before this instant.
    pub received_before: Option<DateTime<Utc>>,
}

/// How many cases of the ledger have a value.
#[derive(SimpleObject)]
pub struct ItemCount {
    /// The monitored item.
    pub item: MonitoredItem,
    /// Cases with it.
    pub cases: i32,
}

/// How many cases are at a level.
#[derive(SimpleObject)]
pub struct LevelCount {
    /// The level; null for cases without one.
    pub level: Option<WarningLevel>,
    /// Cases at it.
    pub cases: i32,
}

/// How many cases a district has.
#[derive(SimpleObject)]
pub struct DistrictCount {
    /// The district (a region just below the city), or the city itself.
    pub region: Region,
    /// Its cases, its subtree's included.
    pub cases: i32,
}

/// The totals of the ledger, under the same filter.
#[derive(SimpleObject)]
pub struct RiskTotals {
    /// Cases.
    pub cases: i32,
    /// By monitored item; a case with two items counts under both.
    pub by_item: Vec<ItemCount>,
    /// By level.
    pub by_level: Vec<LevelCount>,
    /// By district.
    pub by_district: Vec<DistrictCount>,
}

/// An employer's record of failures to report (seed 004 §十).
#[derive(SimpleObject)]
pub struct EmployerRiskRecord {
    /// Missed reports (漏报) it was reminded of.
    pub missed: i32,
    /// Late reports (迟报).
    pub late: i32,
    /// Concealed or false reports (瞒报).
    pub concealed: i32,
    /// Integrity interviews held.
    pub interviews: i32,
    /// The reminders, oldest first.
    pub reminders: Vec<CreditReminder>,
}

/// Queries of risk monitoring.
#[derive(Default)]
pub struct RiskQuery;

impl RiskQuery {
    async fn filter(ctx: &Context<'_>, input: RiskCaseFilterInput) -> ApiResult<RiskCaseFilter> {
        let viewer = viewer(ctx);
        let services = services(ctx);
        let region_ids = match id_of(input.region.as_ref(), NodeType::Region, "region")? {
            Some(root) => {
                let mut pooled = services.db.get().await?;
                Some(region_subtree(&mut pooled.conn(), viewer, root).await?)
            }
            None => None,
        };
        let now = stored(services.clock.now());
        Ok(RiskCaseFilter {
            items: input.items.unwrap_or_default(),
            levels: input.levels.unwrap_or_default(),
            statuses: input.statuses.unwrap_or_default(),
            region_ids,
            industry: input.industry.map(|i| i.as_str().to_owned()),
            employer: id_of(input.employer.as_ref(), NodeType::Organization, "employer")?,
            tracker: input.tracker,
            major: input.major,
            urgent: input.urgent,
            overdue_at: input.overdue.filter(|o| *o).map(|_| now),
            received_from: input.received_from.map(stored),
            received_before: input.received_before.map(stored),
        })
    }
}

#[Object]
impl RiskQuery {
    /// The risk ledger (台账): the cases the viewer may see, the one the
    /// office must act on first at the top (its form or urgent report due,
    /// then its next follow-up); closed cases last.
    async fn risk_cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which cases to list.")] filter: Option<RiskCaseFilterInput>,
        #[graphql(desc = "Returns the first n cases (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the cases after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n cases (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the cases before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<RiskCase>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let filter = Self::filter(ctx, filter.unwrap_or_default()).await?;
        let visible = visibility::risk(viewer);
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::cases_page(&mut pooled.conn(), &filter, &visible, &page).await?;
        drop(pooled);
        prefetch(ctx, &rows.rows).await?;
        Ok(connection_by_time(
            rows,
            |row| (row.id, row.attention_at),
            RiskCase,
        ))
    }

    /// The ledger's totals by item, level and district, under the same filter.
    async fn risk_totals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which cases to count.")] filter: Option<RiskCaseFilterInput>,
    ) -> ApiResult<RiskTotals> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let filter = Self::filter(ctx, filter.unwrap_or_default()).await?;
        let visible = visibility::risk(viewer);
        let mut pooled = services(ctx).db.get().await?;
        let (cases, items) = storage::totals(&mut pooled.conn(), &filter, &visible).await?;
        drop(pooled);
        let regions = crate::context::regions(ctx).await?;
        let mut by_item: BTreeMap<MonitoredItem, i32> = BTreeMap::new();
        for item in items {
            *by_item.entry(item).or_default() += 1;
        }
        let mut by_level: BTreeMap<Option<WarningLevel>, i32> = BTreeMap::new();
        let mut by_district: BTreeMap<i64, i32> = BTreeMap::new();
        for (region, level) in &cases {
            *by_level.entry(*level).or_default() += 1;
            *by_district
                .entry(district_of(&regions, *region))
                .or_default() += 1;
        }
        let mut districts = Vec::new();
        for (id, count) in by_district {
            if let Some(row) = crate::context::region(ctx, id).await? {
                districts.push(DistrictCount {
                    region: Region(row),
                    cases: count,
                });
            }
        }
        Ok(RiskTotals {
            cases: cases.len() as i32,
            by_item: by_item
                .into_iter()
                .map(|(item, cases)| ItemCount { item, cases })
                .collect(),
            by_level: by_level
                .into_iter()
                .map(|(level, cases)| LevelCount { level, cases })
                .collect(),
            by_district: districts,
        })
    }

    /// An employer's monthly headcount returns, the latest month first: for
    /// the employer, and the offices, administrations and federations over it.
    async fn headcount_returns(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The employer.")] employer: ID,
    ) -> ApiResult<Vec<HeadcountReturn>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let id = crate::graphql::ids::row_id(&employer, NodeType::Organization)?;
        let Some(row) = crate::organizations::objects::named_one(ctx, Some(id)).await? else {
            return Err(ApiError::NotFound);
        };
        let region_id = row.0.region_id;
        if !visibility::risk(viewer).conduct(id, region_id) {
            return Err(ApiError::NotFound);
        }
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::returns_of(&mut pooled.conn(), &[id]).await?;
        Ok(rows.into_iter().map(HeadcountReturn).collect())
    }

    /// An employer's record of failures to report: its credit reminders by
    /// fault and its integrity interviews. For the employer, its union, and
    /// the offices, administrations and federations over it.
    async fn employer_risk_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The employer.")] employer: ID,
    ) -> ApiResult<EmployerRiskRecord> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let id = crate::graphql::ids::row_id(&employer, NodeType::Organization)?;
        let Some(row) = crate::organizations::objects::named_one(ctx, Some(id)).await? else {
            return Err(ApiError::NotFound);
        };
        if !visibility::risk(viewer).conduct(id, row.0.region_id) {
            return Err(ApiError::NotFound);
        }
        let mut pooled = services(ctx).db.get().await?;
        let reminders = storage::reminders_of_employer(&mut pooled.conn(), id).await?;
        let count = |fault| reminders.iter().filter(|r| r.fault == fault).count() as i32;
        Ok(EmployerRiskRecord {
            missed: count(ReportingFault::Missed),
            late: count(ReportingFault::Late),
            concealed: count(ReportingFault::Concealed),
            interviews: reminders
                .iter()
                .filter(|r| r.interviewed_at.is_some())
                .count() as i32,
            reminders: reminders.into_iter().map(CreditReminder).collect(),
        })
    }

    /// Warnings over the regions the viewer oversees, oldest first.
    async fn warnings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only warnings in these states.")] statuses: Option<Vec<WarningStatus>>,
        #[graphql(desc = "Returns the first n warnings (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the warnings after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n warnings (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the warnings before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Warning>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let visible = visibility::risk(viewer);
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::warnings_page(
            &mut pooled.conn(),
            &statuses.unwrap_or_default(),
            visible.warning_regions(),
            &page,
        )
        .await?;
        Ok(connection(rows, |row| row.id, Warning))
    }
}

/// The district a region is in: the region just below the city on its
/// path (the city itself for the city's own cases).
fn district_of(regions: &HashMap<i64, RegionRow>, region: i64) -> i64 {
    let mut id = region;
    while let Some(parent) = regions.get(&id).and_then(|r| r.parent_id) {
        if regions.get(&parent).is_none_or(|p| p.parent_id.is_none()) {
            return id;
        }
        id = parent;
    }
    id
}

/// Loads, one batch per kind, what the page's cases show, so that a page
/// of 100 costs the statements of a page of 10.
async fn prefetch(ctx: &Context<'_>, cases: &[RiskCaseRow]) -> ApiResult<()> {
    let node = ctx.look_ahead().field("edges").field("node");
    if node.field("employer").exists() || node.field("office").exists() {
        let ids: Vec<i64> = cases
            .iter()
            .flat_map(|c| [c.employer_id, c.office_id])
            .collect();
        preload_named(ctx, &ids).await?;
    }
    if node.field("items").exists() {
        preload(ctx, cases.iter().map(|c| ItemsOf(c.id))).await?;
    }
    if node.field("creditReminders").exists() {
        preload(ctx, cases.iter().map(|c| RemindersOf(c.id))).await?;
    }
    if node.field("forms").exists() {
        preload(ctx, cases.iter().map(|c| FormsOf(c.id))).await?;
    }
    if node.field("upwardReports").exists() {
        preload(ctx, cases.iter().map(|c| UpwardOf(c.id))).await?;
    }
    if node.field("formDeadline").exists() {
        preload(
            ctx,
            cases
                .iter()
                .map(|c| case_clock(c.id, DeadlineKind::RiskForm)),
        )
        .await?;
    }
    if node.field("urgentDeadline").exists() {
        let keys = cases
            .iter()
            .map(|c| case_clock(c.id, DeadlineKind::RiskUrgentReport));
        preload(ctx, keys).await?;
    }
    Ok(())
}
