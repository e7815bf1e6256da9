//! GraphQL objects of evaluation: the guide editions with their indicator
//! tree, the evaluations with their scores and surveys, and the titles.

use crate::graphql::date::Date;
use std::sync::{Arc, OnceLock};

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

use super::guide::{self, Indicator};
use super::kinds::{
    EvaluationLinkKind, EvaluationStatus, GuideStatus, Nomination, SurveyRate, TitleLevel,
};
use super::storage::{self, EvaluationRow, GuideRow, LinkRow, ScoreRow, SurveyRow, TitleRow};
use super::visibility;
use crate::agreements::loaders::SeenAgreement;
use crate::agreements::objects::Agreement;
use crate::context::{load_in_order, load_one, services};
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::viewer;
use crate::offers::loaders::SeenOffer;
use crate::offers::objects::Offer;
use crate::organizations::objects::{Organization, named_one};

crate::rows_of!(
    /// A guide edition by id (evaluations name published and superseded editions only).
    GuideById,
    GuideRow.id,
    storage::editions_by_ids
);
crate::rows_of!(
    /// The scores of an evaluation.
    ScoresOf,
    ScoreRow.evaluation_id,
    storage::scores_of
);
crate::rows_of!(
    /// The surveys of an evaluation.
    SurveysOf,
    SurveyRow.evaluation_id,
    storage::surveys_of
);
crate::rows_of!(
    /// The links of an evaluation.
    LinksOf,
    LinkRow.evaluation_id,
    storage::links_of
);
crate::rows_of!(
    /// The titles of an employer.
    TitlesOf,
    TitleRow.employer_id,
    storage::titles_of
);

/// Points as GraphQL gives them: tenths as a decimal number.
fn points(tenths: i32) -> f64 {
    f64::from(tenths) / 10.0
}

/// An edition of an evaluation guide (质效评价指引): its indicator tree,
/// the surveys it asks for and its grade bands. A published edition never
/// changes; every evaluation names the edition it used.
#[derive(Clone)]
pub struct EvaluationGuide(pub GuideRow, OnceLock<Option<guide::Guide>>);

impl EvaluationGuide {
    pub fn new(row: GuideRow) -> EvaluationGuide {
        EvaluationGuide(row, OnceLock::new())
    }

    /// The guide, parsed once for all the fields that ask.
    fn parsed(&self) -> ApiResult<&guide::Guide> {
        self.1
            .get_or_init(|| guide::parse(&self.0.body).ok())
            .as_ref()
            .ok_or_else(|| ApiError::internal(format!("guide {} is not valid", self.0.id)))
    }
}

/// A node of a guide's indicator tree: a dimension, an item, a clause, or
/// (at the bottom) a scoring point. The tree is given flat, in order, each
/// node naming its parent.
#[derive(SimpleObject)]
pub struct GuideIndicator {
    pub code: String,
    /// The parent node's code; null for a dimension.
    pub parent_code: Option<String>,
    /// The depth in the tree, from 1 (see `levels` for what each is called).
    pub level: i32,
    pub name: String,
    /// The most points it gives.
    pub max_points: f64,
    /// A scoring point (a leaf), scored in an evaluation.
    pub is_point: bool,
    /// For a scoring point: the evidence it expects.
    pub evidence: Option<String>,
    /// For a scoring point: how it is scored.
    pub scoring: Option<String>,
}

/// The nodes of `nodes` and below, in order.
fn flatten(nodes: &[Indicator], parent: Option<&str>, level: i32, out: &mut Vec<GuideIndicator>) {
    for node in nodes {
        out.push(GuideIndicator {
            code: node.code.clone(),
            parent_code: parent.map(str::to_owned),
            level,
            name: node.name.clone(),
            max_points: points(node.max.0),
            is_point: node.children.is_empty(),
            evidence: node.evidence.clone(),
            scoring: node.scoring.clone(),
        });
        flatten(&node.children, Some(&node.code), level + 1, out);
    }
}

/// A survey rate a guide asks for, with its target.
#[derive(SimpleObject)]
pub struct GuideSurvey {
    pub rate: SurveyRate,
    pub name: String,
    /// In percent.
    pub target: i32,
}

/// A survey rate a grade needs at least.
#[derive(SimpleObject)]
#[graphql(name = "EvaluationGradeCondition")]
pub struct GradeCondition {
    pub rate: SurveyRate,
    /// In percent.
    pub at_least: i32,
}

/// A grade band: reached from `minPoints` when its conditions hold.
#[derive(SimpleObject)]
#[graphql(name = "EvaluationGradeBand")]
pub struct GradeBand {
    pub name: String,
    pub min_points: f64,
    pub conditions: Vec<GradeCondition>,
}

#[Object]
impl EvaluationGuide {
    pub async fn id(&self) -> ID {
        encode(NodeType::EvaluationGuide, self.0.id)
    }
    /// The scheme's code, the same across its editions.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// The edition's number, from 1.
    async fn edition(&self) -> i32 {
        self.0.edition
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// A sample scheme, until the city loads the real guide.
    async fn sample(&self) -> bool {
        self.0.sample
    }
    async fn status(&self) -> GuideStatus {
        self.0.status
    }
    /// The most points the guide gives.
    async fn max_points(&self) -> f64 {
        points(self.0.max_points)
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at.map(|t| t.and_utc())
    }
    async fn superseded_at(&self) -> Option<DateTime<Utc>> {
        self.0.superseded_at.map(|t| t.and_utc())
    }
    /// What each level of the tree is called (维度、项目、评分要点).
    async fn levels(&self) -> ApiResult<Vec<String>> {
        Ok(self.parsed()?.levels.clone())
    }
    /// The indicator tree, flat and in order: each node after its parent.
    async fn indicators(&self) -> ApiResult<Vec<GuideIndicator>> {
        let mut nodes = Vec::new();
        flatten(&self.parsed()?.indicators, None, 1, &mut nodes);
        Ok(nodes)
    }
    /// How many scoring points (the leaves) the guide has.
    async fn point_count(&self) -> ApiResult<i32> {
        Ok(i32::try_from(self.parsed()?.points().len()).unwrap_or(i32::MAX))
    }
    async fn surveys(&self) -> ApiResult<Vec<GuideSurvey>> {
        Ok(self
            .parsed()?
            .surveys
            .iter()
            .map(|s| GuideSurvey {
                rate: s.rate,
                name: s.name.clone(),
                target: i32::from(s.target),
            })
            .collect())
    }
    /// The grade bands, best first.
    async fn grades(&self) -> ApiResult<Vec<GradeBand>> {
        Ok(self
            .parsed()?
            .grades
            .iter()
            .map(|g| GradeBand {
                name: g.name.clone(),
                min_points: points(g.min.0),
                conditions: g
                    .conditions
                    .iter()
                    .map(|c| GradeCondition {
                        rate: c.rate,
                        at_least: i32::from(c.at_least),
                    })
                    .collect(),
            })
            .collect())
    }
    /// The edition as loaded (JSON), to download and load again.
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A scoring point's score in an evaluation: the employer's with its
/// evidence note, and the confirming body's adjustment with its reason.
pub struct EvaluationScore(ScoreRow);

#[Object]
impl EvaluationScore {
    /// The scoring point's code in the guide.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// The employer's and its union's score.
    async fn score(&self) -> f64 {
        points(self.0.score)
    }
    /// The evidence the employer points to.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// The confirming body's score, where it adjusted the point.
    async fn adjusted_score(&self) -> Option<f64> {
        self.0.adjusted.map(points)
    }
    async fn adjustment_reason(&self) -> Option<&str> {
        self.0.adjustment_reason.as_deref()
    }
}

/// A survey of an evaluation.
pub struct EvaluationSurvey(SurveyRow);

#[Object]
impl EvaluationSurvey {
    async fn rate(&self) -> SurveyRate {
        self.0.rate
    }
    /// How many answered.
    async fn sample(&self) -> i32 {
        self.0.sample
    }
    /// How many answered yes.
    async fn positive(&self) -> i32 {
        self.0.positive
    }
    /// The rate in percent, to one decimal.
    async fn percent(&self) -> f64 {
        (f64::from(self.0.positive) * 1000.0 / f64::from(self.0.sample.max(1))).round() / 10.0
    }
}

/// An employer's evaluation of its bargaining for a year, made with its
/// union against one guide edition: self-evaluated, submitted, confirmed
/// (or returned) by the district office or a union federation, filed with
/// the tripartite office, possibly named a typical or model unit. The
/// employer's associations see its status, totals and grades; the scores,
/// notes and surveys only the employer, its union and the bodies over it.
#[derive(Clone)]
pub struct BargainingEvaluation(pub EvaluationRow);

impl BargainingEvaluation {
    fn details(&self, ctx: &Context<'_>) -> bool {
        visibility::evaluations(viewer(ctx)).details(self.0.employer_id, self.0.region_id)
    }
}

#[Object]
impl BargainingEvaluation {
    pub async fn id(&self) -> ID {
        encode(NodeType::BargainingEvaluation, self.0.id)
    }
    async fn employer(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.employer_id)).await
    }
    /// The employer's grassroots union, which evaluates with it.
    async fn union(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, self.0.union_id).await
    }
    /// The year evaluated.
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// The guide edition it is scored against.
    async fn guide(&self, ctx: &Context<'_>) -> ApiResult<Option<EvaluationGuide>> {
        let rows = load_one(ctx, GuideById(self.0.guide_id)).await?;
        Ok(rows.into_iter().flatten().next().map(EvaluationGuide::new))
    }
    async fn status(&self) -> EvaluationStatus {
        self.0.status
    }
    /// What the employer and its union say of their bargaining that year.
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }
    /// The employer's total.
    async fn self_total(&self) -> f64 {
        points(self.0.total)
    }
    /// The grade the employer's total reaches; null below the last band.
    async fn self_grade(&self) -> Option<&str> {
        self.0.grade.as_deref()
    }
    /// The total after the confirming body's adjustments; null until confirmed.
    async fn confirmed_total(&self) -> Option<f64> {
        self.0.confirmed_total.map(points)
    }
    async fn confirmed_grade(&self) -> Option<&str> {
        self.0.confirmed_grade.as_deref()
    }
    /// The total that counts: the confirmed one once confirmed, else the employer's.
    async fn total(&self) -> f64 {
        points(self.0.confirmed_total.unwrap_or(self.0.total))
    }
    /// The grade that counts.
    async fn grade(&self) -> Option<&str> {
        match self.0.confirmed_at {
            Some(_) => self.0.confirmed_grade.as_deref(),
            None => self.0.grade.as_deref(),
        }
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at.map(|t| t.and_utc())
    }
    /// When it was last returned, and why.
    async fn returned_at(&self) -> Option<DateTime<Utc>> {
        self.0.returned_at.map(|t| t.and_utc())
    }
    async fn return_reason(&self) -> Option<&str> {
        self.0.return_reason.as_deref()
    }
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.confirmed_at.map(|t| t.and_utc())
    }
    /// The district office or federation that confirmed it.
    async fn confirmed_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, self.0.confirmed_by_id).await
    }
    async fn confirmation_note(&self) -> Option<&str> {
        self.0.confirmation_note.as_deref()
    }
    async fn filed_at(&self) -> Option<DateTime<Utc>> {
        self.0.filed_at.map(|t| t.and_utc())
    }
    /// The tripartite office it is filed with.
    async fn filed_with(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, self.0.filed_with_id).await
    }
    /// The filing receipt's number.
    async fn receipt_number(&self) -> Option<&str> {
        self.0.receipt_number.as_deref()
    }
    /// A typical or model unit, as the city office named it.
    async fn nomination(&self) -> Option<Nomination> {
        self.0.nomination
    }
    async fn nominated_at(&self) -> Option<DateTime<Utc>> {
        self.0.nominated_at.map(|t| t.and_utc())
    }
    async fn nomination_note(&self) -> Option<&str> {
        self.0.nomination_note.as_deref()
    }
    /// The scores point by point; null for an association.
    async fn scores(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<EvaluationScore>>> {
        if !self.details(ctx) {
            return Ok(None);
        }
        let rows = load_one(ctx, ScoresOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(Some(rows.into_iter().map(EvaluationScore).collect()))
    }
    /// The survey results; null for an association.
    async fn surveys(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<EvaluationSurvey>>> {
        if !self.details(ctx) {
            return Ok(None);
        }
        let rows = load_one(ctx, SurveysOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(Some(rows.into_iter().map(EvaluationSurvey).collect()))
    }
    /// The agreements it rests on, as the viewer may see agreements.
    async fn agreements(&self, ctx: &Context<'_>) -> ApiResult<Vec<Agreement>> {
        let ids = self.linked(ctx, EvaluationLinkKind::Agreement).await?;
        let visible = Arc::new(crate::agreements::visibility::agreements(viewer(ctx)));
        let keys = ids.into_iter().map(|id| SeenAgreement(id, visible.clone()));
        let rows = load_in_order(ctx, keys.collect()).await?;
        Ok(rows.into_iter().map(Agreement).collect())
    }
    /// The negotiations (offers) it rests on, as the viewer may see offers.
    async fn negotiations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Offer>> {
        let ids = self.linked(ctx, EvaluationLinkKind::Negotiation).await?;
        let visible = Arc::new(crate::offers::visibility::offers(viewer(ctx)));
        let keys = ids.into_iter().map(|id| SeenOffer(id, visible.clone()));
        let rows = load_in_order(ctx, keys.collect()).await?;
        Ok(rows.into_iter().map(Offer).collect())
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
}

impl BargainingEvaluation {
    async fn linked(&self, ctx: &Context<'_>, kind: EvaluationLinkKind) -> ApiResult<Vec<i64>> {
        let rows = load_one(ctx, LinksOf(self.0.id)).await?.unwrap_or_default();
        Ok(rows
            .into_iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.subject_id)
            .collect())
    }
}

/// A harmonious-labour-relations title (劳动关系和谐企业, 和谐劳动关系创建示范企业 …)
/// an employer holds: its level, the year named, by whom and in which
/// document, until when; revoked with a reason. Public.
#[derive(Clone)]
pub struct HarmonyTitle(pub TitleRow);

#[Object]
impl HarmonyTitle {
    pub async fn id(&self) -> ID {
        encode(NodeType::HarmonyTitle, self.0.id)
    }
    async fn employer(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.employer_id)).await
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn level(&self) -> TitleLevel {
        self.0.level
    }
    /// The year it was named.
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// The naming body.
    async fn named_by(&self) -> &str {
        &self.0.named_by
    }
    /// The naming document (文号).
    async fn document(&self) -> &str {
        &self.0.document
    }
    /// The last day it is held; null when open-ended.
    async fn valid_until(&self) -> Option<Date> {
        self.0.valid_until.map(Date)
    }
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at.map(|t| t.and_utc())
    }
    async fn revocation_reason(&self) -> Option<&str> {
        self.0.revocation_reason.as_deref()
    }
    /// Held on `on` (today when left out): not revoked, not past its last day.
    async fn held(&self, ctx: &Context<'_>, on: Option<Date>) -> bool {
        let on = on
            .map(NaiveDate::from)
            .unwrap_or_else(|| crate::deadlines::counting::local_date(services(ctx).clock.now()));
        super::rules::coverage::held(&self.0, on)
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
}
