//! Credit reminders and integrity interviews (seed 004 §十: 对漏报、迟报、瞒报的，
//! 将依法实行信用提醒和诚信约谈).

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};

use super::risk_case_payload;
use crate::change::{Act, Actor, Change, Ruling, run};
use crate::graphql::errors::ApiResult;
use crate::graphql::text;
use crate::organizations::kinds::OrganizationKind;
use crate::risk::kinds::ReportingFault;
use crate::risk::objects::RiskCase;
use crate::risk::rules::cases::{self as rules, ReminderFacts};
use crate::risk::storage::{CreditReminderRow, RiskCaseRow};

risk_case_payload!(
    /// Result of `issueCreditReminder`.
    IssueCreditReminderPayload,
    /// Result of `recordIntegrityInterview`.
    RecordIntegrityInterviewPayload,
);

const OFFICE: &[OrganizationKind] = &[OrganizationKind::TripartiteOffice];

/// Input of `issueCreditReminder`.
#[derive(InputObject)]
pub struct IssueCreditReminderInput {
    /// The case the employer failed to report, or reported late or falsely.
    pub risk_case_id: ID,
    /// What it failed in.
    pub fault: ReportingFault,
    /// What the reminder says.
    pub note: String,
    /// When the integrity interview (诚信约谈) is to be held, if one is.
    pub interview_at: Option<DateTime<Utc>>,
}

crate::input!(IssueCreditReminderInput => RiskCaseRow {
    id: risk_case_id,
    who: |_, _| Actor::PublicBody(OFFICE)
});

impl Change<RiskCaseRow> for IssueCreditReminderInput {
    type Facts = ReminderFacts;

    fn decide(&self, case: &RiskCaseRow, facts: &ReminderFacts, act: &Act) -> Ruling<RiskCaseRow> {
        let note = text::required(&["note"], &self.note, 2_000).map_err(|e| vec![e])?;
        let reminder = CreditReminderRow {
            id: 0,
            case_id: case.id,
            employer_id: case.employer_id,
            fault: self.fault,
            note,
            issued_at: act.now,
            issued_by_id: act.acting.organization_id.unwrap_or(case.office_id),
            interview_at: self.interview_at.map(crate::db::stored),
            attendees: None,
            outcome: None,
            interviewed_at: None,
        };
        rules::credit_reminder(facts, reminder, act.now)
    }
}

/// Input of `recordIntegrityInterview`.
#[derive(InputObject)]
pub struct RecordIntegrityInterviewInput {
    /// The credit reminder.
    pub credit_reminder_id: ID,
    /// Who attended, for the office and for the employer.
    pub attendees: String,
    /// What was agreed.
    pub outcome: String,
}

crate::input!(RecordIntegrityInterviewInput => (CreditReminderRow, RiskCaseRow) {
    id: credit_reminder_id,
    who: |_, _| Actor::PublicBody(OFFICE)
});

impl Change<(CreditReminderRow, RiskCaseRow)> for RecordIntegrityInterviewInput {
    type Facts = ();

    fn decide(
        &self,
        (reminder, _): &(CreditReminderRow, RiskCaseRow),
        _: &(),
        _: &Act,
    ) -> Ruling<(CreditReminderRow, RiskCaseRow)> {
        let attendees =
            text::required(&["attendees"], &self.attendees, 1_000).map_err(|e| vec![e])?;
        let outcome = text::required(&["outcome"], &self.outcome, 5_000).map_err(|e| vec![e])?;
        Ok(rules::interview(reminder, attendees, outcome)?.into_part())
    }
}

/// Mutations of credit reminders.
#[derive(Default)]
pub struct ReminderMutation;

#[Object]
impl ReminderMutation {
    /// Issues a credit reminder (信用提醒) to the employer of a case for a
    /// missed, late or concealed report, scheduling an integrity interview
    /// if one is to be held. For a tripartite office over the employer.
    async fn issue_credit_reminder(
        &self,
        ctx: &Context<'_>,
        input: IssueCreditReminderInput,
    ) -> ApiResult<IssueCreditReminderPayload> {
        IssueCreditReminderPayload::from_outcome(run(ctx, input).await)
    }

    /// Records the integrity interview (诚信约谈) of a credit reminder. For a
    /// tripartite office over the employer.
    async fn record_integrity_interview(
        &self,
        ctx: &Context<'_>,
        input: RecordIntegrityInterviewInput,
    ) -> ApiResult<RecordIntegrityInterviewPayload> {
        let outcome = run(ctx, input).await;
        RecordIntegrityInterviewPayload::from_outcome(outcome.map(|o| o.map(|(_, case)| case)))
    }
}
