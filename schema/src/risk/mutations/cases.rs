//! The office's work on a case: the information form, follow-ups, flags,
//! reports upward and closing. Each is a change run by the pipeline; its
//! rule is in `risk::rules::cases`.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, NaiveDate, Utc};

use super::risk_case_payload;
use crate::change::{Act, Actor, Change, Ruling, run};
use crate::deadlines::counting::local_date;
use crate::graphql::errors::{ApiResult, UserError, UserErrors};
use crate::graphql::text;
use crate::organizations::kinds::OrganizationKind;
use crate::risk::kinds::{Referral, RiskOutcome, UpwardRecipient, WarningLevel};
use crate::risk::objects::RiskCase;
use crate::risk::rules::cases::{self as rules, CaseFacts, Flags};
use crate::risk::storage::{FollowUpRow, RiskCaseRow, RiskFormRow, UpwardReportRow};

risk_case_payload!(
    /// Result of `fileRiskForm`.
    FileRiskFormPayload,
    /// Result of `addRiskFollowUp`.
    AddRiskFollowUpPayload,
    /// Result of `flagRiskCase`.
    FlagRiskCasePayload,
    /// Result of `reportRiskCaseUpward`.
    ReportRiskCaseUpwardPayload,
    /// Result of `closeRiskCase`.
    CloseRiskCasePayload,
);

/// The district office files the forms and closes; the labour
/// administration takes part in following up.
const OFFICE: &[OrganizationKind] = &[OrganizationKind::TripartiteOffice];
const FOLLOWERS: &[OrganizationKind] = &[
    OrganizationKind::TripartiteOffice,
    OrganizationKind::LabourAdministration,
];

/// Input of `fileRiskForm`: the fields of 附件4.
#[derive(InputObject)]
pub struct FileRiskFormInput {
    /// The case.
    pub risk_case_id: ID,
    /// 信息名称.
    pub title: String,
    /// 预警级别: the level the office proposes, if any.
    pub level: Option<WarningLevel>,
    /// 基本情况: time, place, course and impact.
    pub situation: String,
    /// 原因分析.
    pub cause: String,
    /// 发展趋势.
    pub trend: String,
    /// 已采取的措施及效果.
    pub measures: String,
    /// 下一步工作.
    pub next_steps: String,
    /// 备注.
    pub remarks: Option<String>,
    /// 负责人.
    pub responsible_head: String,
    /// 填报人.
    pub filled_by: String,
    /// 联系电话.
    pub phone: String,
    /// 填报时间; today when left out.
    pub form_date: Option<Date>,
}

crate::input!(FileRiskFormInput => RiskCaseRow {
    id: risk_case_id,
    who: |_, _| Actor::PublicBody(OFFICE)
});

/// Checks texts: each `(field, value, max)` required.
fn required<const N: usize>(
    fields: [(&str, &str, usize); N],
) -> Result<[String; N], Vec<UserError>> {
    let mut errors = UserErrors::default();
    let values = fields.map(|(field, value, max)| {
        errors
            .keep(text::required(&[field], value, max))
            .unwrap_or_default()
    });
    match errors.is_empty() {
        true => Ok(values),
        false => Err(errors.into_vec()),
    }
}

impl Change<RiskCaseRow> for FileRiskFormInput {
    type Facts = CaseFacts;

    fn decide(&self, case: &RiskCaseRow, facts: &CaseFacts, act: &Act) -> Ruling<RiskCaseRow> {
        let [
            title,
            situation,
            cause,
            trend,
            measures,
            next_steps,
            head,
            filled_by,
            phone,
        ] = required([
            ("title", &self.title, 200),
            ("situation", &self.situation, 10_000),
            ("cause", &self.cause, 10_000),
            ("trend", &self.trend, 5_000),
            ("measures", &self.measures, 10_000),
            ("nextSteps", &self.next_steps, 5_000),
            ("responsibleHead", &self.responsible_head, 100),
            ("filledBy", &self.filled_by, 100),
            ("phone", &self.phone, 40),
        ])?;
        let remarks = text::optional(&["remarks"], self.remarks.as_deref(), 5_000)
            .map_err(|e| vec![e])?
            .unwrap_or_default();
        let form = RiskFormRow {
            id: 0,
            case_id: case.id,
            number: 0,
            office_id: act.acting.organization_id.unwrap_or(case.office_id),
            title,
            level: self.level,
            situation,
            cause,
            trend,
            measures,
            next_steps,
            remarks,
            responsible_head: head,
            filled_by,
            phone,
            form_date: self
                .form_date
                .map(NaiveDate::from)
                .unwrap_or_else(|| local_date(act.now.and_utc())),
            filed_at: act.now,
        };
        rules::file_form(case, facts, form, act.now)
    }
}

/// Input of `addRiskFollowUp`.
#[derive(InputObject)]
pub struct AddRiskFollowUpInput {
    /// The case.
    pub risk_case_id: ID,
    /// What was done.
    pub done: String,
    /// The next step.
    pub next_step: String,
    /// When the case is looked at next; orders the ledger.
    pub next_at: Option<DateTime<Utc>>,
    /// When it was done; now when left out.
    pub happened_at: Option<DateTime<Utc>>,
    /// A referral to labour inspection or arbitration.
    pub referred_to: Option<Referral>,
}

crate::input!(AddRiskFollowUpInput => RiskCaseRow {
    id: risk_case_id,
    who: |_, _| Actor::PublicBody(FOLLOWERS)
});

impl Change<RiskCaseRow> for AddRiskFollowUpInput {
    type Facts = CaseFacts;

    fn decide(&self, case: &RiskCaseRow, facts: &CaseFacts, act: &Act) -> Ruling<RiskCaseRow> {
        let [done, next_step] = required([
            ("done", &self.done, 5_000),
            ("nextStep", &self.next_step, 2_000),
        ])?;
        let happened_at = self.happened_at.map_or(act.now, crate::db::stored);
        if happened_at > act.now {
            return Err(crate::graphql::errors::refused(
                "happenedAt",
                crate::graphql::errors::UserErrorCode::OutOfRange,
                "is in the future",
            ));
        }
        let entry = FollowUpRow {
            id: 0,
            case_id: case.id,
            happened_at,
            done,
            next_step,
            next_at: self.next_at.map(crate::db::stored),
            referred_to: self.referred_to,
            answer: None,
            answered_at: None,
            created_at: act.now,
        };
        rules::follow_up(case, facts, entry, act.now)
    }
}

/// The person tracking a case.
#[derive(InputObject)]
pub struct TrackerInput {
    /// Name.
    pub name: String,
    /// Phone.
    pub phone: Option<String>,
}

/// Input of `flagRiskCase`.
#[derive(InputObject)]
pub struct FlagRiskCaseInput {
    /// The case.
    pub risk_case_id: ID,
    /// A major matter that may draw the media or spread: it needs a tracker.
    pub major: Option<bool>,
    /// An urgent matter: reported to the city office at once. Cannot be undone.
    pub urgent: Option<bool>,
    /// The person tracking it (专人跟踪).
    pub tracker: Option<TrackerInput>,
}

crate::input!(FlagRiskCaseInput => RiskCaseRow {
    id: risk_case_id,
    who: |_, _| Actor::PublicBody(OFFICE)
});

impl Change<RiskCaseRow> for FlagRiskCaseInput {
    type Facts = CaseFacts;

    fn decide(&self, case: &RiskCaseRow, facts: &CaseFacts, act: &Act) -> Ruling<RiskCaseRow> {
        let tracker = match &self.tracker {
            Some(t) => {
                let name =
                    text::required(&["tracker", "name"], &t.name, 100).map_err(|e| vec![e])?;
                let phone = text::optional(&["tracker", "phone"], t.phone.as_deref(), 40)
                    .map_err(|e| vec![e])?;
                Some(Some((name, phone)))
            }
            None => None,
        };
        let flags = Flags {
            major: self.major,
            urgent: self.urgent,
            tracker,
        };
        rules::flag(case, facts, flags, act.now)
    }
}

/// Input of `reportRiskCaseUpward`.
#[derive(InputObject)]
pub struct ReportRiskCaseUpwardInput {
    /// The case.
    pub risk_case_id: ID,
    /// To whom.
    pub recipient: UpwardRecipient,
    /// What was reported.
    pub note: String,
}

crate::input!(ReportRiskCaseUpwardInput => RiskCaseRow {
    id: risk_case_id,
    who: |_, _| Actor::PublicBody(OFFICE)
});

impl Change<RiskCaseRow> for ReportRiskCaseUpwardInput {
    type Facts = CaseFacts;

    fn decide(&self, case: &RiskCaseRow, facts: &CaseFacts, act: &Act) -> Ruling<RiskCaseRow> {
        let [note] = required([("note", &self.note, 5_000)])?;
        let report = UpwardReportRow {
            id: 0,
            case_id: Some(case.id),
            warning_id: None,
            recipient: self.recipient,
            reported_at: act.now,
            reported_by_id: act.acting.organization_id.unwrap_or(case.office_id),
            reported_by_user_id: act.acting.user_id,
            note,
        };
        rules::report_upward(case, facts, report, act.now)
    }
}

/// Input of `closeRiskCase`.
#[derive(InputObject)]
pub struct CloseRiskCaseInput {
    /// The case.
    pub risk_case_id: ID,
    /// How it ended.
    pub outcome: RiskOutcome,
    /// What was done, in words.
    pub summary: String,
}

crate::input!(CloseRiskCaseInput => RiskCaseRow {
    id: risk_case_id,
    who: |_, _| Actor::PublicBody(OFFICE)
});

impl Change<RiskCaseRow> for CloseRiskCaseInput {
    type Facts = ();

    fn decide(&self, case: &RiskCaseRow, _: &(), act: &Act) -> Ruling<RiskCaseRow> {
        let [summary] = required([("summary", &self.summary, 5_000)])?;
        rules::close(case, self.outcome, summary, act.now)
    }
}

/// The office's mutations of a case.
#[derive(Default)]
pub struct CaseMutation;

#[Object]
impl CaseMutation {
    /// Files the information form (附件4) on a case: the first within 24
    /// hours of receipt, then follow-up forms as the case develops. For a
    /// tripartite office over the employer's region.
    async fn file_risk_form(
        &self,
        ctx: &Context<'_>,
        input: FileRiskFormInput,
    ) -> ApiResult<FileRiskFormPayload> {
        FileRiskFormPayload::from_outcome(run(ctx, input).await)
    }

    /// Records a follow-up of a case, or its referral to labour inspection
    /// or arbitration. For a tripartite office or labour administration over
    /// the employer's region.
    async fn add_risk_follow_up(
        &self,
        ctx: &Context<'_>,
        input: AddRiskFollowUpInput,
    ) -> ApiResult<AddRiskFollowUpPayload> {
        AddRiskFollowUpPayload::from_outcome(run(ctx, input).await)
    }

    /// Marks a case major (with its tracker) or urgent. For a tripartite office.
    async fn flag_risk_case(
        &self,
        ctx: &Context<'_>,
        input: FlagRiskCaseInput,
    ) -> ApiResult<FlagRiskCasePayload> {
        FlagRiskCasePayload::from_outcome(run(ctx, input).await)
    }

    /// Records a report of a case upward; for an urgent case, the report to
    /// the city office meets its clock. For a tripartite office.
    async fn report_risk_case_upward(
        &self,
        ctx: &Context<'_>,
        input: ReportRiskCaseUpwardInput,
    ) -> ApiResult<ReportRiskCaseUpwardPayload> {
        ReportRiskCaseUpwardPayload::from_outcome(run(ctx, input).await)
    }

    /// Closes a case with its outcome. For a tripartite office.
    async fn close_risk_case(
        &self,
        ctx: &Context<'_>,
        input: CloseRiskCaseInput,
    ) -> ApiResult<CloseRiskCasePayload> {
        CloseRiskCasePayload::from_outcome(run(ctx, input).await)
    }
}
