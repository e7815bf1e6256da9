//! Queries of evaluation: the guide editions, the evaluations the viewer
//! may see, an employer's titles, and the coverage report.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::Datelike;

use super::coverage::{self, CoverageReport};
use super::kinds::EvaluationStatus;
use super::objects::{BargainingEvaluation, EvaluationGuide, HarmonyTitle};
use super::storage::{self, EvaluationFilter};
use super::visibility;
use crate::context::services;
use crate::deadlines::counting::local_date;
use crate::graphql::connection::{ConnectionOf, connection, page_request};
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, filter_id as id_of, row_id};
use crate::identity::Viewer;
use crate::identity::authorization::signed_in;
use crate::identity::viewer;
use crate::organizations::kinds::{IndustrySection, OrganizationKind};
use crate::organizations::places::region_subtree;

/// Filter of evaluations.
#[derive(InputObject, Default)]
pub struct EvaluationFilterInput {
    /// Only evaluations in these states.
    pub statuses: Option<Vec<EvaluationStatus>>,
    /// Only this employer's.
    pub employer: Option<ID>,
    /// Only of this year.
    pub year: Option<i32>,
    /// Only those of employers in this region or below it.
    pub region: Option<ID>,
    /// Only those named typical or model units (true), or not (false).
    pub nominated: Option<bool>,
}

/// The tripartite office region the viewer reports on: `asked`, if one of
/// its offices' subtrees holds it; else its (first) office's own.
fn report_region(viewer: &Viewer, asked: Option<i64>) -> Result<i64, ApiError> {
    let user = signed_in(viewer)?;
    let offices: Vec<_> = user
        .memberships
        .iter()
        .filter(|m| m.kind == OrganizationKind::TripartiteOffice)
        .collect();
    match asked {
        Some(region) if offices.iter().any(|m| m.region_subtree.contains(&region)) => Ok(region),
        Some(_) => Err(ApiError::Forbidden),
        None => offices
            .first()
            .map(|m| m.region_id)
            .ok_or(ApiError::Forbidden),
    }
}

/// Queries of evaluation.
#[derive(Default)]
pub struct EvaluationQuery;

#[Object]
impl EvaluationQuery {
    /// The editions of the evaluation guides, by scheme and edition; drafts
    /// for the city office only. `code` narrows to one scheme.
    async fn evaluation_guides(
        &self,
        ctx: &Context<'_>,
        code: Option<String>,
    ) -> ApiResult<Vec<EvaluationGuide>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let drafts = visibility::sees_draft_guides(viewer);
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::guides(&mut pooled.conn(), code.as_deref(), drafts).await?;
        Ok(rows.into_iter().map(EvaluationGuide::new).collect())
    }

    /// Evaluations the viewer may see, oldest first: an employer's own and
    /// its union's (drafts too); once submitted, those of the members of
    /// the viewer's associations (status and grade only), and those of
    /// employers under the offices, administrations and federations the
    /// viewer belongs to.
    async fn evaluations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which evaluations to list.")] filter: Option<EvaluationFilterInput>,
        #[graphql(desc = "Returns the first n evaluations (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the evaluations after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n evaluations (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the evaluations before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<BargainingEvaluation>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let input = filter.unwrap_or_default();
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let region_ids = match id_of(input.region.as_ref(), NodeType::Region, "region")? {
            Some(root) => Some(region_subtree(conn, viewer, root).await?),
            None => None,
        };
        let filter = EvaluationFilter {
            statuses: input.statuses.unwrap_or_default(),
            employer: id_of(input.employer.as_ref(), NodeType::Organization, "employer")?,
            year: input.year,
            region_ids,
            nominated: input.nominated,
        };
        let visible = visibility::evaluations(viewer);
        let rows = storage::evaluations_page(conn, &filter, &visible, &page).await?;
        drop(pooled);
        Ok(connection(rows, |row| row.id, BargainingEvaluation))
    }

    /// The harmonious-labour-relations titles an employer holds and held,
    /// oldest first. Titles are public.
    async fn harmony_titles(
        &self,
        ctx: &Context<'_>,
        employer: ID,
    ) -> ApiResult<Vec<HarmonyTitle>> {
        signed_in(viewer(ctx))?;
        let id = row_id(&employer, NodeType::Organization)?;
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::titles_of(&mut pooled.conn(), &[id]).await?;
        Ok(rows.into_iter().map(HarmonyTitle).collect())
    }

    /// Model-unit coverage (of the employers holding a title at city level
    /// or above, those with a filed evaluation of the year or the year
    /// before, and those also bound by a contract in force), the ILO's
    /// collective-bargaining coverage, and the counts of evaluations, for a
    /// region (the viewer's office's when left out) by region and industry
    /// section, with the list of titled employers not yet covered. For the
    /// city office and the district offices, over their own regions.
    async fn coverage_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The region; the viewer's office's when left out.")] region: Option<ID>,
        #[graphql(desc = "The year; this year when left out.")] year: Option<i32>,
        #[graphql(desc = "Only employers of this industry section.")] industry_section: Option<
            IndustrySection,
        >,
    ) -> ApiResult<CoverageReport> {
        let viewer = viewer(ctx);
        let asked = region
            .as_ref()
            .map(|id| row_id(id, NodeType::Region))
            .transpose()?;
        let region_id = report_region(viewer, asked)?;
        let today = local_date(services(ctx).clock.now());
        let year = year.unwrap_or(today.year());
        if !(2000..=today.year()).contains(&year) {
            return Err(ApiError::BadUserInput(format!(
                "`year` is 2000 to {}",
                today.year()
            )));
        }
        let regions = crate::context::regions(ctx).await?;
        let root = regions.get(&region_id).cloned().ok_or(ApiError::NotFound)?;
        let census = services(ctx)
            .bus
            .viewers
            .keep(&services(ctx).census, || async {
                let mut pooled = services(ctx).db.get().await?;
                Ok(coverage::Census::read(&mut pooled.conn()).await?)
            })
            .await?;
        Ok(coverage::report(
            &census,
            &regions,
            root,
            year,
            today,
            industry_section,
        ))
    }
}
