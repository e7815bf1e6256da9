//! A risk case and a warning as the change pipeline sees them. A case has
//! one party, its employer: both sides name it. Its overseer is the
//! district office that received it; its followers are the employer's
//! grassroots unions and associations.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::checks::storage::{HealthCheckRow, RectificationRow};
use super::kinds::MonitoredItem;
use super::storage::{
    self, CreditReminderRow, FollowUpRow, LinkRow, QuickReportRow, RiskCaseChanges, RiskCaseRow,
    RiskFormRow, UpwardReportRow, WarningChanges, WarningRow,
};
use super::visibility;
use crate::change::{Part, Record, Side};
use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiError, TxError};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::Viewer;
use crate::organizations::places::organization;
use crate::organizations::storage as organizations;

/// What a case's change writes besides the case's columns.
#[derive(Debug)]
pub enum RiskWrite {
    Items(Vec<MonitoredItem>),
    Report(Box<QuickReportRow>),
    Form(Box<RiskFormRow>),
    FollowUp(FollowUpRow),
    Upward(UpwardReportRow),
    Reminder(CreditReminderRow),
    Interview {
        reminder: i64,
        attendees: String,
        outcome: String,
    },
    /// The case joins `into`, which takes its items.
    Join {
        into: i64,
        items: Vec<MonitoredItem>,
    },
    Answer {
        follow_up: i64,
        answer: String,
        answered_at: NaiveDateTime,
    },
    Link(LinkRow),
    Unlink(LinkRow),
}

impl Record for RiskCaseRow {
    const NODE: NodeType = NodeType::RiskCase;
    type Changes = RiskCaseChanges;
    type Write = RiskWrite;

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let visible = visibility::risk(viewer);
        Ok(storage::cases_by_ids(conn, &[id], &visible).await?.pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::RiskCase, self.id)
    }

    fn party(&self, _: Side) -> i64 {
        self.employer_id
    }

    fn region_id(&self) -> i64 {
        self.region_id
    }

    async fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &RiskCaseChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(storage::update_case(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(
        &mut self,
        conn: &mut Conn<'_>,
        write: RiskWrite,
        now: NaiveDateTime,
    ) -> Result<(), TxError> {
        match write {
            RiskWrite::Items(items) => storage::add_items(conn, self.id, &items).await?,
            RiskWrite::Report(report) => storage::insert_report(conn, &report).await?,
            RiskWrite::Form(form) => storage::insert_form(conn, &form).await?,
            RiskWrite::FollowUp(entry) => storage::insert_follow_up(conn, &entry).await?,
            RiskWrite::Upward(report) => storage::insert_upward(conn, &report).await?,
            RiskWrite::Reminder(reminder) => storage::insert_reminder(conn, &reminder).await?,
            RiskWrite::Interview {
                reminder,
                attendees,
                outcome,
            } => storage::record_interview(conn, reminder, &attendees, &outcome, now).await?,
            RiskWrite::Join { into, items } => storage::add_items(conn, into, &items).await?,
            RiskWrite::Answer {
                follow_up,
                answer,
                answered_at,
            } => storage::answer_referral(conn, follow_up, &answer, answered_at).await?,
            RiskWrite::Link(link) => storage::insert_link(conn, &link).await?,
            RiskWrite::Unlink(link) => storage::delete_link(conn, &link).await?,
        }
        Ok(())
    }

    /// What the employer, its union and associations may see too: the
    /// employer, the receiving office, the items, status and level; never
    /// the office's analysis.
    async fn payload(&self, conn: &mut Conn<'_>) -> Result<Value, TxError> {
        let employer = organization(conn, self.employer_id).await?;
        let office = organization(conn, self.office_id).await?;
        let items: Vec<&str> = storage::items_of(conn, &[self.id])
            .await?
            .into_iter()
            .map(|(_, item)| item.as_str())
            .collect();
        Ok(json!({
            "riskCase": encode(NodeType::RiskCase, self.id),
            "employer": employer.name,
            "office": office.name,
            "items": items,
            "status": self.status.as_str(),
            "level": self.level.map(|l| l.as_str()),
            "urgent": self.urgent,
            "major": self.major,
        }))
    }

    /// The employer's grassroots unions and associations.
    async fn followers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        let unions = organizations::unions_of(conn, self.employer_id).await?;
        let associations =
            organizations::associations_of_employers(conn, &[self.employer_id]).await?;
        Ok(unions
            .into_iter()
            .map(|u| u.id)
            .chain(associations.into_iter().map(|(_, a)| a))
            .collect())
    }

    /// The district office that received it.
    async fn overseers(&self, _: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        Ok(vec![self.office_id])
    }
}

impl Record for WarningRow {
    const NODE: NodeType = NodeType::Warning;
    type Changes = WarningChanges;
    type Write = UpwardReportRow;

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let visible = visibility::risk(viewer);
        Ok(
            storage::warnings_by_ids(conn, &[id], visible.warning_regions())
                .await?
                .pop(),
        )
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::Warning, self.id)
    }

    fn party(&self, _: Side) -> i64 {
        self.issued_by_id
    }

    /// Warnings are the city office's: it acts on them wherever they apply.
    fn region_id(&self) -> i64 {
        0
    }

    async fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &WarningChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(storage::update_warning(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(
        &mut self,
        conn: &mut Conn<'_>,
        report: UpwardReportRow,
        _: NaiveDateTime,
    ) -> Result<(), TxError> {
        Ok(storage::insert_upward(conn, &report).await?)
    }

    async fn payload(&self, _: &mut Conn<'_>) -> Result<Value, TxError> {
        Ok(json!({
            "warning": encode(NodeType::Warning, self.id),
            "title": self.title,
            "level": self.level.as_str(),
            "status": self.status.as_str(),
            "decidedBy": self.decided_by,
            "documentNumber": self.document_number,
        }))
    }

    /// The offices, administrations and federations over the regions it covers.
    async fn followers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        let (regions, _, _) = storage::warning_scope(conn, &[self.id]).await?;
        let regions: Vec<i64> = regions.into_iter().map(|(_, r)| r).collect();
        Ok(organizations::public_bodies_in(conn, &regions).await?)
    }
}

/// Events about a case that tell of the office's analysis: its forms,
/// follow-ups, flags, reports upward and clocks.
pub fn tells_analysis(kind: EventKind) -> bool {
    use EventKind::*;
    matches!(
        kind,
        RiskFormFiled
            | RiskFollowedUp
            | RiskCaseFlagged
            | RiskReportedUpward
            | DeadlineReminder
            | DeadlineMissed
    )
}

/// Whether `viewer` may see an event of `kind` about a case or a warning:
/// one about the office's analysis only if it sees that analysis, one about
/// the employer's conduct (a credit reminder) only if it sees that.
pub async fn sees(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    subject: (NodeType, i64),
    kind: EventKind,
) -> Result<bool, ApiError> {
    let found = match subject.0 {
        NodeType::Warning => WarningRow::load(conn, viewer, subject.1)
            .await
            .map(|found| found.is_some()),
        NodeType::RiskGrade => {
            return crate::risk::grades::sees(conn, viewer, subject.1)
                .await
                .map_err(TxError::into_api);
        }
        NodeType::RiskBulletin => {
            crate::risk::bulletins::BulletinRow::load(conn, viewer, subject.1)
                .await
                .map(|found| found.is_some())
        }
        NodeType::HealthCheck => HealthCheckRow::load(conn, viewer, subject.1)
            .await
            .map(|found| found.is_some()),
        NodeType::RectificationItem => RectificationRow::load(conn, viewer, subject.1)
            .await
            .map(|found| found.is_some()),
        _ => RiskCaseRow::load(conn, viewer, subject.1)
            .await
            .map(|found| {
                found.is_some_and(|case| {
                    let visible = visibility::risk(viewer);
                    let conduct = matches!(
                        kind,
                        EventKind::CreditReminderIssued | EventKind::IntegrityInterviewHeld
                    );
                    (!tells_analysis(kind) || visible.analysis(case.region_id))
                        && (!conduct || visible.conduct(case.employer_id, case.region_id))
                })
            }),
    };
    found.map_err(TxError::into_api)
}

/// A follow-up (a referral and its answer) is acted on as its case is.
impl Part for FollowUpRow {
    type Of = RiskCaseRow;
    const NODE: NodeType = NodeType::RiskFollowUp;

    async fn load(conn: &mut Conn<'_>, id: i64) -> Result<Option<Self>, TxError> {
        Ok(storage::follow_up_by_id(conn, id).await?)
    }

    fn id(&self) -> i64 {
        self.id
    }

    fn record_id(&self) -> i64 {
        self.case_id
    }
}

/// A credit reminder is told and acted on as its case is.
impl Part for CreditReminderRow {
    type Of = RiskCaseRow;
    const NODE: NodeType = NodeType::CreditReminder;

    async fn load(conn: &mut Conn<'_>, id: i64) -> Result<Option<Self>, TxError> {
        Ok(storage::reminder_by_id(conn, id).await?)
    }

    fn id(&self) -> i64 {
        self.id
    }

    fn record_id(&self) -> i64 {
        self.case_id
    }
}
