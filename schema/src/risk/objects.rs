//! GraphQL objects of risk monitoring: cases, quick reports, information
//! forms, follow-ups, reports upward and warnings.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, Object, Union};
use chrono::{DateTime, Utc};

use super::kinds::{
    LinkKind, MonitoredItem, NoticeChannel, Referral, ReportingFault, RiskOutcome, RiskSource,
    RiskStatus, UpwardRecipient, WarningLevel, WarningStatus,
};
use super::loaders::{
    FollowUpsOf, FormsOf, ItemsOf, LinksOf, MergedInto, RemindersOf, ReportsOf, UpwardOf,
    case_clock,
};
use super::rules::{never, yuan};
use super::storage::{
    self, CreditReminderRow, FollowUpRow, HeadcountReturnRow, LinkRow, QuickReportRow, RiskCaseRow,
    RiskFormRow, UpwardReportRow, WarningRow,
};
use super::visibility;
use crate::agreements::objects::Agreement;
use crate::context::{load_one, services};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::objects::Deadline;
use crate::graphql::errors::ApiResult;
use crate::graphql::ids::{NodeType, encode};
use crate::identity::viewer;
use crate::layoffs::objects::LayoffPlan;
use crate::offers::objects::Offer;
use crate::organizations::objects::{Organization, Region, named, named_one};

/// A risk case: one matter of one employer.
#[derive(Clone)]
pub struct RiskCase(pub RiskCaseRow);

impl RiskCase {
    /// Whether the viewer sees the office's analysis of this case.
    fn analysis(&self, ctx: &Context<'_>) -> bool {
        visibility::risk(viewer(ctx)).analysis(self.0.region_id)
    }
}

/// A labour-relations risk case (劳动关系风险): reported by the employer or
/// found otherwise, assessed by the district tripartite office, followed up
/// and closed. The employer, its union and associations see the reports,
/// status and level; the office's analysis (forms, follow-ups, reports
/// upward, clocks) is for the offices, administrations and federations
/// over the employer's region.
#[Object]
impl RiskCase {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::RiskCase, self.0.id)
    }

    /// The employer concerned.
    async fn employer(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.employer_id)).await
    }

    /// The employer's region when the case opened.
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        Ok(crate::context::region(ctx, self.0.region_id)
            .await?
            .map(Region))
    }

    /// The district tripartite office that received it (属地三方办).
    async fn office(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.office_id)).await
    }

    /// The monitored items (seed 004 §六).
    async fn items(&self, ctx: &Context<'_>) -> ApiResult<Vec<MonitoredItem>> {
        Ok(load_one(ctx, ItemsOf(self.0.id)).await?.unwrap_or_default())
    }

    /// Where it came from.
    async fn source(&self) -> RiskSource {
        self.0.source
    }

    /// Where it stands.
    async fn status(&self) -> RiskStatus {
        self.0.status
    }

    /// One line on what happened.
    async fn summary(&self) -> &str {
        &self.0.summary
    }

    /// An urgent matter (紧急重大事项), reported to the city office at once.
    async fn urgent(&self) -> bool {
        self.0.urgent
    }

    /// A major matter that may draw the media or spread: it has a named tracker.
    async fn major(&self) -> bool {
        self.0.major
    }

    /// The person tracking it (专人跟踪).
    async fn tracker(&self) -> Option<&str> {
        self.0.tracker.as_deref()
    }

    /// The tracker's phone.
    async fn tracker_phone(&self, ctx: &Context<'_>) -> Option<&str> {
        self.analysis(ctx)
            .then_some(self.0.tracker_phone.as_deref())
            .flatten()
    }

    /// The warning level of the latest information form.
    async fn level(&self) -> Option<WarningLevel> {
        self.0.level
    }

    /// How it was closed.
    async fn outcome(&self) -> Option<RiskOutcome> {
        self.0.outcome
    }

    /// What was done, in words, when it closed.
    async fn outcome_summary(&self) -> Option<&str> {
        self.0.outcome_summary.as_deref()
    }

    /// The case it was merged into.
    async fn merged_into(&self, ctx: &Context<'_>) -> ApiResult<Option<RiskCase>> {
        let Some(id) = self.0.merged_into_id else {
            return Ok(None);
        };
        let visible = visibility::risk(viewer(ctx));
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::cases_by_ids(&mut pooled.conn(), &[id], &visible).await?;
        Ok(rows.into_iter().next().map(RiskCase))
    }

    /// The cases merged into this one, oldest first.
    async fn merged_cases(&self, ctx: &Context<'_>) -> ApiResult<Vec<RiskCase>> {
        let rows = load_one(ctx, MergedInto(self.0.id)).await?;
        Ok(rows.unwrap_or_default().into_iter().map(RiskCase).collect())
    }

    /// The offers and agreements of the employer the case is linked to,
    /// as the office linked them; those the viewer may not see are left out.
    async fn links(&self, ctx: &Context<'_>) -> ApiResult<Vec<RiskCaseLink>> {
        let rows = load_one(ctx, LinksOf(self.0.id)).await?.unwrap_or_default();
        linked(ctx, rows).await
    }

    /// When the office was first told; the form's 24 hours run from here.
    async fn received_at(&self) -> DateTime<Utc> {
        self.0.received_at.and_utc()
    }

    /// When the office must next act on it (the ledger's order); null once closed.
    async fn attention_due(&self) -> Option<DateTime<Utc>> {
        (self.0.attention_at < never()).then(|| self.0.attention_at.and_utc())
    }

    /// When it closed.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at.map(|t| t.and_utc())
    }

    /// Bumped by every change; pass it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// The quick reports (附件3), oldest first.
    async fn reports(&self, ctx: &Context<'_>) -> ApiResult<Vec<QuickReport>> {
        let rows = load_one(ctx, ReportsOf(self.0.id)).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(QuickReport)
            .collect())
    }

    /// The office's information forms (附件4), first to last; null for a
    /// viewer who does not see the office's analysis.
    async fn forms(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<RiskInformationForm>>> {
        if !self.analysis(ctx) {
            return Ok(None);
        }
        let rows = load_one(ctx, FormsOf(self.0.id)).await?;
        Ok(Some(
            rows.unwrap_or_default()
                .into_iter()
                .map(RiskInformationForm)
                .collect(),
        ))
    }

    /// Follow-ups and referrals, oldest first; null as for `forms`.
    async fn follow_ups(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<RiskFollowUp>>> {
        if !self.analysis(ctx) {
            return Ok(None);
        }
        let rows = load_one(ctx, FollowUpsOf(self.0.id)).await?;
        Ok(Some(
            rows.unwrap_or_default()
                .into_iter()
                .map(RiskFollowUp)
                .collect(),
        ))
    }

    /// Reports upward, oldest first; null as for `forms`.
    async fn upward_reports(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<UpwardReport>>> {
        if !self.analysis(ctx) {
            return Ok(None);
        }
        let rows = load_one(ctx, UpwardOf(self.0.id)).await?;
        Ok(Some(
            rows.unwrap_or_default()
                .into_iter()
                .map(UpwardReport)
                .collect(),
        ))
    }

    /// The credit reminders issued on it (信用提醒); null for a viewer other
    /// than the employer, its union and the bodies over it.
    async fn credit_reminders(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<CreditReminder>>> {
        if !visibility::risk(viewer(ctx)).conduct(self.0.employer_id, self.0.region_id) {
            return Ok(None);
        }
        let rows = load_one(ctx, RemindersOf(self.0.id)).await?;
        Ok(Some(
            rows.unwrap_or_default()
                .into_iter()
                .map(CreditReminder)
                .collect(),
        ))
    }

    /// Its rectification items, by time limit; null as for `creditReminders`.
    async fn rectification_items(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Option<Vec<crate::risk::checks::objects::RectificationItem>>> {
        use crate::risk::checks::objects::{RectificationOf, rectification_items};
        if !visibility::risk(viewer(ctx)).conduct(self.0.employer_id, self.0.region_id) {
            return Ok(None);
        }
        let items = rectification_items(ctx, RectificationOf::Case(self.0.id)).await?;
        Ok(Some(items))
    }

    /// The 24-hour clock of the first information form; null as for `forms`.
    async fn form_deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        self.clock(ctx, DeadlineKind::RiskForm).await
    }

    /// The clock of reporting an urgent case to the city office; null as for `forms`.
    async fn urgent_deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        self.clock(ctx, DeadlineKind::RiskUrgentReport).await
    }
}

impl RiskCase {
    async fn clock(&self, ctx: &Context<'_>, kind: DeadlineKind) -> ApiResult<Option<Deadline>> {
        if !self.analysis(ctx) {
            return Ok(None);
        }
        let row = load_one(ctx, case_clock(self.0.id, kind)).await?.flatten();
        Ok(row.map(|row| Deadline {
            row,
            organizations: vec![self.0.office_id],
        }))
    }
}

/// An employer's quick report (附件3 劳动关系风险监测预警用人单位速报表).
#[derive(Clone)]
pub struct QuickReport(pub QuickReportRow);

/// The employer's quick report on a monitored matter (附件3), as submitted.
#[Object]
impl QuickReport {
    /// The employer's name (用人单位名称).
    async fn employer_name(&self) -> &str {
        &self.0.employer_name
    }
    /// Its legal representative (法定代表人).
    async fn legal_representative(&self) -> &str {
        &self.0.legal_representative
    }
    /// Its operating status (经营状况).
    async fn operating_status(&self) -> &str {
        &self.0.operating_status
    }
    /// Its headcount (用工人数).
    async fn headcount(&self) -> i32 {
        self.0.headcount
    }
    /// Its address (用人单位地址).
    async fn address(&self) -> &str {
        &self.0.address
    }
    /// Who reported (报告人).
    async fn reporter(&self) -> &str {
        &self.0.reporter
    }
    /// The reporter's phone.
    async fn reporter_phone(&self) -> &str {
        &self.0.reporter_phone
    }
    /// The receiving office (接报部门名称).
    async fn office_name(&self) -> &str {
        &self.0.office_name
    }
    /// The receiving office's phone.
    async fn office_phone(&self) -> &str {
        &self.0.office_phone
    }
    /// The items reported.
    async fn items(&self) -> Vec<MonitoredItem> {
        self.0.items()
    }
    /// The details of the matter (监测事项详情).
    async fn details(&self) -> &str {
        &self.0.details
    }
    /// The measures taken (具体应对措施).
    async fn measures(&self) -> &str {
        &self.0.measures
    }
    /// The date on the form (报送时间).
    async fn report_date(&self) -> Date {
        Date(self.0.report_date)
    }
    /// When the office was first told, by phone, WeChat or otherwise.
    async fn notified_at(&self) -> DateTime<Utc> {
        self.0.notified_at.and_utc()
    }
    /// How the office was first told.
    async fn channel(&self) -> NoticeChannel {
        self.0.channel
    }
    /// Workers affected.
    async fn workers_affected(&self) -> Option<i32> {
        self.0.workers_affected
    }
    /// For wage arrears: the amount owed, in yuan with two decimals.
    async fn arrears_amount(&self) -> Option<String> {
        self.0.arrears_fen.map(yuan)
    }
    /// For wage arrears: the months owed.
    async fn arrears_months(&self) -> Option<i32> {
        self.0.arrears_months
    }
    /// The organization that submitted it (the employer, its union, or the office on its behalf).
    async fn submitted_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.submitted_by_id)).await
    }
    /// When the platform received it.
    async fn received_at(&self) -> DateTime<Utc> {
        self.0.received_at.and_utc()
    }
}

/// An information form of the office (附件4).
#[derive(Clone)]
pub struct RiskInformationForm(pub RiskFormRow);

/// The district office's information form on a case (附件4 风险监测预警信息情况表):
/// the first within 24 hours of receipt, then follow-up forms.
#[Object]
impl RiskInformationForm {
    /// 1 for the first form, then 2, 3…
    async fn number(&self) -> i32 {
        self.0.number
    }
    /// The office that filed it (报告单位).
    async fn office(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.office_id)).await
    }
    /// 信息名称.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// 预警级别: the level the office proposes.
    async fn level(&self) -> Option<WarningLevel> {
        self.0.level
    }
    /// 基本情况: time, place, course and impact.
    async fn situation(&self) -> &str {
        &self.0.situation
    }
    /// 原因分析.
    async fn cause(&self) -> &str {
        &self.0.cause
    }
    /// 发展趋势.
    async fn trend(&self) -> &str {
        &self.0.trend
    }
    /// 已采取的措施及效果.
    async fn measures(&self) -> &str {
        &self.0.measures
    }
    /// 下一步工作.
    async fn next_steps(&self) -> &str {
        &self.0.next_steps
    }
    /// 备注.
    async fn remarks(&self) -> &str {
        &self.0.remarks
    }
    /// 负责人.
    async fn responsible_head(&self) -> &str {
        &self.0.responsible_head
    }
    /// 填报人.
    async fn filled_by(&self) -> &str {
        &self.0.filled_by
    }
    /// 联系电话.
    async fn phone(&self) -> &str {
        &self.0.phone
    }
    /// 填报时间, the date on the form.
    async fn form_date(&self) -> Date {
        Date(self.0.form_date)
    }
    /// When it was filed on the platform.
    async fn filed_at(&self) -> DateTime<Utc> {
        self.0.filed_at.and_utc()
    }
}

/// A follow-up entry of a case.
#[derive(Clone)]
pub struct RiskFollowUp(pub FollowUpRow);

/// A follow-up of a case (跟踪指导): what was done and what comes next, or a
/// referral to labour inspection or arbitration and its answer.
#[Object]
impl RiskFollowUp {
    /// Global id; names a referral to answer.
    async fn id(&self) -> ID {
        encode(NodeType::RiskFollowUp, self.0.id)
    }
    /// When it happened.
    async fn happened_at(&self) -> DateTime<Utc> {
        self.0.happened_at.and_utc()
    }
    /// What was done.
    async fn done(&self) -> &str {
        &self.0.done
    }
    /// The next step.
    async fn next_step(&self) -> &str {
        &self.0.next_step
    }
    /// When the case is looked at next.
    async fn next_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_at.map(|t| t.and_utc())
    }
    /// Where the case was referred.
    async fn referred_to(&self) -> Option<Referral> {
        self.0.referred_to
    }
    /// What labour inspection or arbitration answered.
    async fn answer(&self) -> Option<&str> {
        self.0.answer.as_deref()
    }
    /// When the answer came.
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at.map(|t| t.and_utc())
    }
}

/// What a case is linked to.
#[derive(Union)]
pub enum LinkedRecord {
    Offer(Offer),
    Agreement(Agreement),
    LayoffPlan(LayoffPlan),
}

/// A case's link to an offer, agreement or layoff plan of its employer.
pub struct RiskCaseLink {
    row: LinkRow,
    subject: LinkedRecord,
}

/// A case's link to an offer, agreement or layoff plan of the same
/// employer (for wage arrears, say, the wage agreement), set by the office;
/// an Art. 41 layoff plan links itself when explained. The linked layoff
/// plan carries its clocks: the 30-day notice, the written answer, the
/// rehiring priority.
#[Object]
impl RiskCaseLink {
    /// What it links to.
    async fn kind(&self) -> LinkKind {
        self.row.kind
    }
    /// The offer, agreement or layoff plan.
    async fn subject(&self) -> &LinkedRecord {
        &self.subject
    }
    /// The office or administration that linked it.
    async fn linked_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.row.linked_by_id)).await
    }
    /// When.
    async fn linked_at(&self) -> DateTime<Utc> {
        self.row.linked_at.and_utc()
    }
}

/// The links whose offer, agreement or layoff plan the viewer sees, with it.
async fn linked(ctx: &Context<'_>, rows: Vec<LinkRow>) -> ApiResult<Vec<RiskCaseLink>> {
    let ids = |kind| -> Vec<i64> {
        rows.iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.subject_id)
            .collect()
    };
    let (offer_ids, agreement_ids, plan_ids) = (
        ids(LinkKind::Offer),
        ids(LinkKind::Agreement),
        ids(LinkKind::LayoffPlan),
    );
    let mut pooled = services(ctx).db.get().await?;
    let conn = &mut pooled.conn();
    let mut offers = Vec::new();
    if !offer_ids.is_empty() {
        let visible = crate::offers::visibility::offers(viewer(ctx));
        offers = crate::offers::storage::offers_by_ids(conn, &offer_ids, &visible).await?;
    }
    let mut agreements = Vec::new();
    if !agreement_ids.is_empty() {
        let visible = crate::agreements::visibility::agreements(viewer(ctx));
        agreements =
            crate::agreements::storage::agreements_by_ids(conn, &agreement_ids, &visible).await?;
    }
    let mut plans = Vec::new();
    if !plan_ids.is_empty() {
        let visible = crate::layoffs::visibility::layoffs(viewer(ctx));
        plans = crate::layoffs::storage::plans_by_ids(conn, &plan_ids, &visible).await?;
    }
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let subject = match row.kind {
                LinkKind::Offer => offers
                    .iter()
                    .find(|o| o.id == row.subject_id)
                    .map(|o| LinkedRecord::Offer(Offer(o.clone()))),
                LinkKind::Agreement => agreements
                    .iter()
                    .find(|a| a.id == row.subject_id)
                    .map(|a| LinkedRecord::Agreement(Agreement(a.clone()))),
                LinkKind::LayoffPlan => plans
                    .iter()
                    .find(|p| p.id == row.subject_id)
                    .map(|p| LinkedRecord::LayoffPlan(LayoffPlan(p.clone()))),
            }?;
            Some(RiskCaseLink { row, subject })
        })
        .collect())
}

/// A report upward of a case or warning.
#[derive(Clone)]
pub struct UpwardReport(pub UpwardReportRow);

/// A report upward (向市、省、国家报告): to whom, when and by whom.
#[Object]
impl UpwardReport {
    /// To whom.
    async fn recipient(&self) -> UpwardRecipient {
        self.0.recipient
    }
    /// When.
    async fn reported_at(&self) -> DateTime<Utc> {
        self.0.reported_at.and_utc()
    }
    /// The office that reported.
    async fn reported_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.reported_by_id)).await
    }
    /// What was reported, in words.
    async fn note(&self) -> &str {
        &self.0.note
    }
}

/// A credit reminder.
#[derive(Clone)]
pub struct CreditReminder(pub CreditReminderRow);

/// A credit reminder (信用提醒) for a missed, late or concealed report, and
/// its integrity interview (诚信约谈).
#[Object]
impl CreditReminder {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeType::CreditReminder, self.0.id)
    }
    /// The case it concerns.
    async fn risk_case_id(&self) -> ID {
        encode(NodeType::RiskCase, self.0.case_id)
    }
    /// What the employer failed in.
    async fn fault(&self) -> ReportingFault {
        self.0.fault
    }
    /// What the reminder says.
    async fn note(&self) -> &str {
        &self.0.note
    }
    /// When it was issued.
    async fn issued_at(&self) -> DateTime<Utc> {
        self.0.issued_at.and_utc()
    }
    /// The office that issued it.
    async fn issued_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.issued_by_id)).await
    }
    /// When the integrity interview is to be held.
    async fn interview_at(&self) -> Option<DateTime<Utc>> {
        self.0.interview_at.map(|t| t.and_utc())
    }
    /// Who attended the interview.
    async fn attendees(&self) -> Option<&str> {
        self.0.attendees.as_deref()
    }
    /// What the interview agreed.
    async fn outcome(&self) -> Option<&str> {
        self.0.outcome.as_deref()
    }
    /// When the interview was recorded.
    async fn interviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.interviewed_at.map(|t| t.and_utc())
    }
}

/// A monthly headcount return.
#[derive(Clone)]
pub struct HeadcountReturn(pub HeadcountReturnRow);

/// An employer's monthly headcount return: from it the platform detects
/// monitored item 七 (mass departures).
#[Object]
impl HeadcountReturn {
    /// The month returned (its first day).
    async fn month(&self) -> Date {
        Date(self.0.month)
    }
    /// Workers at the start of the month.
    async fn headcount_start(&self) -> i32 {
        self.0.headcount_start
    }
    /// Workers at the end of the month.
    async fn headcount_end(&self) -> i32 {
        self.0.headcount_end
    }
    /// Workers who left during the month.
    async fn departures(&self) -> i32 {
        self.0.departures
    }
    /// When it was filed.
    async fn filed_at(&self) -> DateTime<Utc> {
        self.0.filed_at.and_utc()
    }
    /// The case it opened on item 七, as the viewer may see it.
    async fn risk_case(&self, ctx: &Context<'_>) -> ApiResult<Option<RiskCase>> {
        let Some(id) = self.0.case_id else {
            return Ok(None);
        };
        let visible = visibility::risk(viewer(ctx));
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::cases_by_ids(&mut pooled.conn(), &[id], &visible).await?;
        Ok(rows.into_iter().next().map(RiskCase))
    }
}

/// A warning.
#[derive(Clone)]
pub struct Warning(pub WarningRow);

/// A labour-relations risk warning (预警, seed 004 §三): level 1 issued by
/// the city tripartite office, levels 2 and 3 decided by the province and
/// the nation and recorded by the city office.
#[Object]
impl Warning {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Warning, self.0.id)
    }
    /// The level.
    async fn level(&self) -> WarningLevel {
        self.0.level
    }
    /// Its title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// What it says.
    async fn details(&self) -> &str {
        &self.0.details
    }
    /// The industry sections (GB/T 4754 letters) it concerns.
    async fn industries(&self) -> Vec<String> {
        serde_json::from_str(&self.0.industries).unwrap_or_default()
    }
    /// The workers involved.
    async fn workers(&self) -> Option<i32> {
        self.0.workers
    }
    /// Whether it is in force.
    async fn status(&self) -> WarningStatus {
        self.0.status
    }
    /// The body that decided a level 2 or 3 warning.
    async fn decided_by(&self) -> Option<&str> {
        self.0.decided_by.as_deref()
    }
    /// The number of its decision.
    async fn document_number(&self) -> Option<&str> {
        self.0.document_number.as_deref()
    }
    /// The date of its decision.
    async fn decided_on(&self) -> Option<Date> {
        self.0.decided_on.map(Date)
    }
    /// When it was issued or recorded.
    async fn issued_at(&self) -> DateTime<Utc> {
        self.0.issued_at.and_utc()
    }
    /// When it was lifted.
    async fn lifted_at(&self) -> Option<DateTime<Utc>> {
        self.0.lifted_at.map(|t| t.and_utc())
    }
    /// Why it was lifted.
    async fn lift_reason(&self) -> Option<&str> {
        self.0.lift_reason.as_deref()
    }
    /// Bumped by every change; pass it back as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The regions it covers, each with the regions below it.
    async fn regions(&self, ctx: &Context<'_>) -> ApiResult<Vec<Region>> {
        let (regions, _, _) = self.scope(ctx).await?;
        let mut found = Vec::new();
        for id in regions {
            if let Some(row) = crate::context::region(ctx, id).await? {
                found.push(Region(row));
            }
        }
        Ok(found)
    }
    /// The employers it names, as the viewer may see them.
    async fn employers(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        let (_, employers, _) = self.scope(ctx).await?;
        named(ctx, &employers).await
    }
    /// The cases it names, as the viewer may see them.
    async fn cases(&self, ctx: &Context<'_>) -> ApiResult<Vec<RiskCase>> {
        let (_, _, cases) = self.scope(ctx).await?;
        let visible = visibility::risk(viewer(ctx));
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::cases_by_ids(&mut pooled.conn(), &cases, &visible).await?;
        Ok(rows.into_iter().map(RiskCase).collect())
    }
}

impl Warning {
    async fn scope(&self, ctx: &Context<'_>) -> ApiResult<(Vec<i64>, Vec<i64>, Vec<i64>)> {
        let mut pooled = services(ctx).db.get().await?;
        let (regions, employers, cases) =
            storage::warning_scope(&mut pooled.conn(), &[self.0.id]).await?;
        let ids = |rows: Vec<(i64, i64)>| rows.into_iter().map(|(_, id)| id).collect();
        Ok((ids(regions), ids(employers), ids(cases)))
    }
}
