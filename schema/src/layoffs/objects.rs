//! GraphQL objects of layoff plans: the plan, its versions with the diff of
//! their lists, and the workers on a list, whose personal data only the
//! employer, its union and the receiving labour administration see.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::kinds::{
    ContractKind, ExplainedTo, JobCategory, LayoffGround, LayoffStatus, ServiceKind, Sex,
};
use super::rules::plan::{self as rules, workers_side};
use super::rules::threshold;
use super::storage::{
    self, HiringRow, NoticeRow, PlanRow, PostRow, RevisionRow, ServiceRow, TerminationRow,
    WorkerRow,
};
use super::visibility::{self, ListAccess, mask_id_number};
use crate::agreements::kinds::{AgreementKind, AgreementStatus};
use crate::agreements::objects::Agreement;
use crate::agreements::storage::{AgreementFilter, agreements_page};
use crate::context::{load_one, services};
use crate::db::page::PageRequest;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::loaders::ClockKey;
use crate::deadlines::objects::Deadline;
use crate::graphql::errors::ApiResult;
use crate::graphql::ids::{NodeType, encode};
use crate::identity::viewer;
use crate::organizations::objects::{Organization, named_one};
use crate::risk::rules::yuan;

crate::rows_of!(
    /// The versions of a plan.
    RevisionsOf,
    RevisionRow.plan_id,
    storage::revisions_of
);
crate::rows_of!(
    /// The lists of every version of a plan.
    WorkersOf,
    WorkerRow.plan_id,
    storage::workers_of
);
crate::rows_of!(
    /// The posts of every version of a plan.
    PostsOf,
    PostRow.plan_id,
    storage::posts_of
);

crate::rows_of!(
    /// The terminations under a plan.
    TerminationsOf,
    TerminationRow.plan_id,
    storage::terminations_of
);
crate::rows_of!(
    /// The re-employment services of a plan.
    ServicesOf,
    ServiceRow.plan_id,
    storage::services_of
);
crate::rows_of!(
    /// The hirings within six months of a plan's terminations.
    HiringsOf,
    HiringRow.plan_id,
    storage::hirings_of
);
crate::rows_of!(
    /// The notices of those hirings.
    NoticesOf,
    NoticeRow.plan_id,
    storage::notices_of
);

/// A worker's termination under a plan: personal data (the wage, the
/// severance), seen as the list is.
pub struct LayoffTermination {
    row: TerminationRow,
    name: String,
}

/// A worker's termination under a layoff plan.
#[Object]
impl LayoffTermination {
    /// The worker's row on the list, from 1.
    async fn row(&self) -> i32 {
        self.row.position + 1
    }
    async fn name(&self) -> &str {
        &self.name
    }
    /// The last day of work.
    async fn last_day(&self) -> Date {
        Date(self.row.last_day)
    }
    /// The severance the calculator gives, in yuan; null where the region's
    /// wage rates are not set.
    async fn severance_due(&self) -> Option<String> {
        self.row.severance_due.map(yuan)
    }
    /// The severance paid, in yuan.
    async fn severance_paid(&self) -> String {
        yuan(self.row.severance_paid)
    }
    /// Why the amount paid differs from the calculator's.
    async fn override_reason(&self) -> Option<&str> {
        self.row.override_reason.as_deref()
    }
    /// The day the termination certificate was issued.
    async fn certificate_issued_on(&self) -> Date {
        Date(self.row.certificate_issued_on)
    }
    /// The last day the worker is told of new hiring first (six months).
    async fn rehire_until(&self) -> Date {
        Date(self.row.rehire_until)
    }
}

/// A re-employment service for those laid off.
#[derive(SimpleObject)]
pub struct ReemploymentService {
    pub kind: ServiceKind,
    pub provider: String,
    pub held_on: Date,
    /// How many of those laid off took part.
    pub participants: i32,
    pub outcome: String,
}

/// A laid-off worker told of new hiring first.
#[derive(SimpleObject)]
pub struct RehireNotice {
    /// The worker's row on the list, from 1.
    pub row: i32,
    pub name: String,
    pub notified_on: Date,
}

/// New hiring within six months of the plan's terminations.
pub struct LayoffHiring {
    row: HiringRow,
    /// Those told first, when the viewer sees the list.
    notified: Option<Vec<RehireNotice>>,
    told: usize,
}

/// New hiring by the employer within six months of a layoff, and who of
/// those laid off was told first (LCL Art. 41 ¶3).
#[Object]
impl LayoffHiring {
    async fn hired_on(&self) -> Date {
        Date(self.row.hired_on)
    }
    async fn posts(&self) -> &str {
        &self.row.posts
    }
    async fn openings(&self) -> i32 {
        self.row.openings
    }
    /// How many of those laid off were told first.
    async fn notified_count(&self) -> i32 {
        i32::try_from(self.told).unwrap_or(i32::MAX)
    }
    /// Who was told first, and when; null for those who may not see the list.
    async fn notified(&self) -> Option<&[RehireNotice]> {
        self.notified.as_deref()
    }
}

/// A layoff plan.
#[derive(Clone)]
pub struct LayoffPlan(pub PlanRow);

/// A worker on a list of names.
pub struct LayoffWorker {
    row: WorkerRow,
    /// Whether the identity number is shown whole (to the employer).
    whole: bool,
}

/// A worker on a layoff plan's list of names: personal data, seen by the
/// employer, its union and the labour administration the plan is
/// reported to. The identity number is masked but to the employer.
#[Object]
impl LayoffWorker {
    /// The row on the list, from 1.
    async fn row(&self) -> i32 {
        self.row.position + 1
    }
    async fn name(&self) -> &str {
        &self.row.name
    }
    /// The identity number, masked (220102********123X) but to the employer.
    async fn id_number(&self) -> String {
        match self.whole {
            true => self.row.id_number.clone(),
            false => mask_id_number(&self.row.id_number),
        }
    }
    async fn post(&self) -> &str {
        &self.row.post
    }
    async fn sex(&self) -> Sex {
        self.row.sex
    }
    async fn job_category(&self) -> JobCategory {
        self.row.job_category
    }
    async fn birth_date(&self) -> Date {
        Date(self.row.birth_date)
    }
    /// The first day of continuous service at this employer.
    async fn service_start(&self) -> Date {
        Date(self.row.service_start)
    }
    async fn contract(&self) -> ContractKind {
        self.row.contract
    }
    /// A longer fixed-term contract (Art. 41 ¶2 (一)).
    async fn long_fixed_term(&self) -> bool {
        self.row.long_fixed_term
    }
    /// The family's only earner with elderly people or minors (Art. 41 ¶2 (三)).
    async fn sole_earner(&self) -> bool {
        self.row.sole_earner
    }
    /// Whether Art. 41 ¶2 gives the worker a priority to be kept.
    async fn kept_first(&self) -> bool {
        rules::priority(&self.row).any()
    }
    async fn hazard_unchecked(&self) -> bool {
        self.row.hazard_unchecked
    }
    async fn disease_or_injury(&self) -> bool {
        self.row.disease_or_injury
    }
    async fn medical_treatment(&self) -> bool {
        self.row.medical_treatment
    }
    async fn maternity(&self) -> bool {
        self.row.maternity
    }
    async fn other_by_law(&self) -> Option<&str> {
        self.row.other_by_law.as_deref()
    }
    /// The average monthly wage of the last 12 months, in yuan.
    async fn monthly_wage(&self) -> String {
        yuan(self.row.monthly_wage)
    }
}

/// A worker kept first under Art. 41 ¶2 who is on the list while the
/// post keeps workers without a priority: a warning, not a refusal.
#[derive(SimpleObject)]
pub struct PriorityWarning {
    /// The row on the list, from 1.
    pub row: i32,
    pub post: String,
    /// What gives the priority.
    pub reasons: Vec<String>,
}

/// How a version's list differs from the version before.
#[derive(SimpleObject)]
pub struct LayoffListChanges {
    /// Workers not on the version before.
    pub added: Vec<LayoffWorker>,
    /// Workers of the version before no longer listed.
    pub removed: Vec<LayoffWorker>,
    /// Workers whose facts changed.
    pub changed: Vec<LayoffWorker>,
}

/// A version of a layoff plan.
pub struct LayoffPlanRevision {
    row: RevisionRow,
    /// The lists of this version and the one before, when the viewer sees lists.
    lists: Option<(Vec<WorkerRow>, Vec<WorkerRow>, bool)>,
}

/// A version of a layoff plan: its terms as they stood, why it was made,
/// and how its list differs from the one before.
#[Object]
impl LayoffPlanRevision {
    /// Its number, from 1.
    async fn revision(&self) -> i32 {
        self.row.revision
    }
    /// Why it was made; null for the first.
    async fn reason(&self) -> Option<&str> {
        self.row.reason.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at.and_utc()
    }
    async fn workforce(&self) -> i32 {
        self.row.workforce
    }
    async fn cut(&self) -> i32 {
        self.row.cut
    }
    async fn first_termination(&self) -> Date {
        Date(self.row.first_termination)
    }
    async fn last_termination(&self) -> Date {
        Date(self.row.last_termination)
    }
    async fn steps(&self) -> &str {
        &self.row.steps
    }
    async fn compensation(&self) -> &str {
        &self.row.compensation
    }
    async fn criteria(&self) -> &str {
        &self.row.criteria
    }
    /// The changes of the list from the version before; null for the first
    /// version and for those who may not see the list.
    async fn list_changes(&self) -> Option<LayoffListChanges> {
        let (before, after, whole) = self.lists.as_ref()?;
        if self.row.revision == 1 {
            return None;
        }
        let diff = rules::diff(before, after);
        let pick = |rows: &[WorkerRow], at: &[usize]| {
            at.iter()
                .map(|i| LayoffWorker {
                    row: rows[*i].clone(),
                    whole: *whole,
                })
                .collect()
        };
        Some(LayoffListChanges {
            added: pick(after, &diff.added),
            removed: pick(before, &diff.removed),
            changed: pick(after, &diff.changed),
        })
    }
}

/// The name of the worker with `id_number` on any version of the list.
fn name_of(workers: &[WorkerRow], id_number: &str) -> String {
    workers
        .iter()
        .rev()
        .find(|w| w.id_number == id_number)
        .map(|w| w.name.clone())
        .unwrap_or_default()
}

impl LayoffPlan {
    fn access(&self, ctx: &Context<'_>) -> ListAccess {
        visibility::layoffs(viewer(ctx)).list(
            self.0.employer_id,
            self.0.status,
            self.0.reported_to_id,
        )
    }

    /// The lists of every version, when the viewer may see them.
    async fn lists(&self, ctx: &Context<'_>) -> ApiResult<Option<(Vec<WorkerRow>, bool)>> {
        let access = self.access(ctx);
        if access == ListAccess::Hidden {
            return Ok(None);
        }
        let rows = load_one(ctx, WorkersOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(Some((rows, access == ListAccess::Full)))
    }

    async fn current(&self, ctx: &Context<'_>) -> ApiResult<Option<RevisionRow>> {
        let rows = load_one(ctx, RevisionsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().find(|r| r.revision == self.0.revision))
    }

    async fn clock(&self, ctx: &Context<'_>, kind: DeadlineKind) -> ApiResult<Option<Deadline>> {
        let key = ClockKey {
            subject: NodeType::LayoffPlan,
            kind,
            id: self.0.id,
        };
        let row = load_one(ctx, key).await?.flatten();
        Ok(row.map(|row| Deadline {
            row,
            organizations: vec![self.0.employer_id, workers_side(&self.0)],
        }))
    }
}

/// An employer's plan to cut workers (裁减人员方案, LCL Art. 41) and its
/// procedure: the explanation 30 days ahead, the union's opinion and the
/// employer's written answer, the report to the labour administration.
/// A draft is the employer's alone; then the plan is seen by the employer,
/// its union, and the offices, administrations and federations over it,
/// but its list of names only by the employer, its union and the labour
/// administration it is reported to.
#[Object]
impl LayoffPlan {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::LayoffPlan, self.0.id)
    }
    async fn employer(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.employer_id)).await
    }
    /// The employer's union, which gives the opinion; null without one (the
    /// employer then records what the workers said).
    async fn union(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, self.0.union_id).await
    }
    async fn status(&self) -> LayoffStatus {
        self.0.status
    }
    /// The ground of Art. 41 ¶1.
    async fn ground(&self) -> LayoffGround {
        self.0.ground
    }
    /// The number of the current version.
    async fn revision(&self) -> i32 {
        self.0.revision
    }
    /// The workforce at the time.
    async fn workforce(&self) -> i32 {
        self.0.workforce
    }
    /// The number to be cut.
    async fn cut(&self) -> i32 {
        self.0.cut
    }
    /// Whether the Art. 41 procedure applies: 20 or more cut, or fewer but
    /// at least 10% of the workforce.
    async fn procedure_required(&self) -> bool {
        self.0.procedure_required
    }
    /// Why the procedure applies or not, in words.
    async fn threshold(&self) -> &'static str {
        threshold(self.0.workforce, self.0.cut)
    }
    async fn first_termination(&self) -> Date {
        Date(self.0.first_termination)
    }
    async fn last_termination(&self) -> Date {
        Date(self.0.last_termination)
    }
    /// The timing and steps of the current version.
    async fn steps(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        Ok(self.current(ctx).await?.map(|r| r.steps))
    }
    /// The compensation method of the current version.
    async fn compensation(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        Ok(self.current(ctx).await?.map(|r| r.compensation))
    }
    /// The selection criteria of the current version.
    async fn criteria(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        Ok(self.current(ctx).await?.map(|r| r.criteria))
    }
    /// The current list of names; null for those who may not see it.
    async fn workers(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<LayoffWorker>>> {
        let Some((rows, whole)) = self.lists(ctx).await? else {
            return Ok(None);
        };
        Ok(Some(
            rows.into_iter()
                .filter(|w| w.revision == self.0.revision)
                .map(|row| LayoffWorker { row, whole })
                .collect(),
        ))
    }
    /// Workers kept first under Art. 41 ¶2 who are on the current list
    /// while their post keeps workers without a priority; null for those
    /// who may not see the list.
    async fn priority_warnings(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Option<Vec<PriorityWarning>>> {
        let Some((rows, _)) = self.lists(ctx).await? else {
            return Ok(None);
        };
        let current: Vec<WorkerRow> = rows
            .into_iter()
            .filter(|w| w.revision == self.0.revision)
            .collect();
        let posts: Vec<PostRow> = load_one(ctx, PostsOf(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.revision == self.0.revision)
            .collect();
        Ok(Some(
            rules::warned_rows(&current, &posts)
                .into_iter()
                .map(|i| {
                    let worker = &current[i];
                    PriorityWarning {
                        row: worker.position + 1,
                        post: worker.post.clone(),
                        reasons: rules::priority(worker)
                            .reasons()
                            .into_iter()
                            .map(str::to_owned)
                            .collect(),
                    }
                })
                .collect(),
        ))
    }
    /// Every version, the first first.
    async fn revisions(&self, ctx: &Context<'_>) -> ApiResult<Vec<LayoffPlanRevision>> {
        let rows = load_one(ctx, RevisionsOf(self.0.id))
            .await?
            .unwrap_or_default();
        let lists = self.lists(ctx).await?;
        let list_of = |revision: i32, all: &[WorkerRow]| -> Vec<WorkerRow> {
            all.iter()
                .filter(|w| w.revision == revision)
                .cloned()
                .collect()
        };
        Ok(rows
            .into_iter()
            .map(|row| {
                let lists = lists.as_ref().map(|(all, whole)| {
                    (
                        list_of(row.revision - 1, all),
                        list_of(row.revision, all),
                        *whole,
                    )
                });
                LayoffPlanRevision { row, lists }
            })
            .collect())
    }
    /// On the ground of bankruptcy reorganisation or another major change
    /// (a merger among them), the employer's collective and special
    /// contracts in force, which the parties may need to change or end
    /// (seed 000 §二.3(三)); empty on the other grounds. Each as the viewer
    /// may see agreements.
    async fn contracts_in_force(&self, ctx: &Context<'_>) -> ApiResult<Vec<Agreement>> {
        if !self.0.ground.touches_collective_contract() {
            return Ok(Vec::new());
        }
        let filter = AgreementFilter {
            kinds: AgreementKind::ALL
                .iter()
                .copied()
                .filter(|k| k.is_contract())
                .collect(),
            statuses: vec![AgreementStatus::Effective],
            employer: Some(self.0.employer_id),
            ..AgreementFilter::default()
        };
        let page = PageRequest {
            size: 100,
            ..PageRequest::default()
        };
        let visible = crate::agreements::visibility::agreements(viewer(ctx));
        let mut pooled = services(ctx).db.get().await?;
        let rows = agreements_page(&mut pooled.conn(), &filter, &visible, &page).await?;
        Ok(rows.rows.into_iter().map(Agreement).collect())
    }
    /// How many workers' terminations are recorded.
    async fn terminated_count(&self, ctx: &Context<'_>) -> ApiResult<i32> {
        let rows = load_one(ctx, TerminationsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(i32::try_from(rows.len()).unwrap_or(i32::MAX))
    }
    /// The terminations, by last day; null for those who may not see the list.
    async fn terminations(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<LayoffTermination>>> {
        let Some((workers, _)) = self.lists(ctx).await? else {
            return Ok(None);
        };
        let rows = load_one(ctx, TerminationsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(Some(
            rows.into_iter()
                .map(|row| LayoffTermination {
                    name: name_of(&workers, &row.id_number),
                    row,
                })
                .collect(),
        ))
    }
    /// The re-employment services offered to those laid off.
    async fn reemployment_services(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<ReemploymentService>> {
        let rows = load_one(ctx, ServicesOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|r| ReemploymentService {
                kind: r.kind,
                provider: r.provider,
                held_on: Date(r.held_on),
                participants: r.participants,
                outcome: r.outcome,
            })
            .collect())
    }
    /// New hiring within six months of the terminations, with who was told first.
    async fn hirings(&self, ctx: &Context<'_>) -> ApiResult<Vec<LayoffHiring>> {
        let rows = load_one(ctx, HiringsOf(self.0.id))
            .await?
            .unwrap_or_default();
        let notices = load_one(ctx, NoticesOf(self.0.id))
            .await?
            .unwrap_or_default();
        let done = load_one(ctx, TerminationsOf(self.0.id))
            .await?
            .unwrap_or_default();
        let lists = self.lists(ctx).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let told: Vec<&NoticeRow> =
                    notices.iter().filter(|n| n.hiring_id == row.id).collect();
                let notified = lists.as_ref().map(|(workers, _)| {
                    told.iter()
                        .map(|n| RehireNotice {
                            row: done
                                .iter()
                                .find(|t| t.id_number == n.id_number)
                                .map_or(0, |t| t.position + 1),
                            name: name_of(workers, &n.id_number),
                            notified_on: Date(n.notified_on),
                        })
                        .collect()
                });
                LayoffHiring {
                    told: told.len(),
                    notified,
                    row,
                }
            })
            .collect())
    }
    /// The clock of the six months of priority, to the last termination's.
    async fn rehiring_deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        self.clock(ctx, DeadlineKind::LayoffRehiring).await
    }
    /// When the situation was explained to the union or all workers.
    async fn explained_at(&self) -> Option<DateTime<Utc>> {
        self.0.explained_at.map(|t| t.and_utc())
    }
    async fn explained_to(&self) -> Option<ExplainedTo> {
        self.0.explained_to
    }
    /// What was shown.
    async fn explanation(&self) -> Option<&str> {
        self.0.explanation.as_deref()
    }
    /// The earliest day a termination may take effect: the last of the 30
    /// days from the explanation.
    async fn earliest_termination(&self) -> Option<Date> {
        self.0.earliest_termination.map(Date)
    }
    /// The clock of the 30 days.
    async fn notice_deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        self.clock(ctx, DeadlineKind::LayoffNotice).await
    }
    /// The union's opinion (or what the workers said).
    async fn opinion(&self) -> Option<&str> {
        self.0.opinion.as_deref()
    }
    async fn opinion_at(&self) -> Option<DateTime<Utc>> {
        self.0.opinion_at.map(|t| t.and_utc())
    }
    /// The employer's written answer to the opinion.
    async fn answer(&self) -> Option<&str> {
        self.0.answer.as_deref()
    }
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at.map(|t| t.and_utc())
    }
    /// The clock of the written answer.
    async fn answer_deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        self.clock(ctx, DeadlineKind::LayoffAnswer).await
    }
    async fn reported_at(&self) -> Option<DateTime<Utc>> {
        self.0.reported_at.map(|t| t.and_utc())
    }
    /// The labour administration the plan was reported to.
    async fn reported_to(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, self.0.reported_to_id).await
    }
    /// When the administration acknowledged receipt.
    async fn acknowledged_at(&self) -> Option<DateTime<Utc>> {
        self.0.acknowledged_at.map(|t| t.and_utc())
    }
    /// The administration's opinion, if it gave one.
    async fn administration_opinion(&self) -> Option<&str> {
        self.0.administration_opinion.as_deref()
    }
    async fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.0.withdrawn_at.map(|t| t.and_utc())
    }
    async fn withdrawal_reason(&self) -> Option<&str> {
        self.0.withdrawal_reason.as_deref()
    }
    /// The version to give as `expectedVersion` when revising.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at.and_utc()
    }
}
