//! A campaign summary as the change pipeline sees it. Its one party is the
//! district office that writes it, on either side; the office running the
//! campaign hears of its submission. Every event about it names the
//! campaign, the district office and the due day.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::storage::{self, SummaryChanges, SummaryRow};
use super::visibility;
use crate::change::{Record, Side};
use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiError, TxError};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::Viewer;
use crate::offers::storage::campaigns_by_ids;
use crate::organizations::places::organization;

impl Record for SummaryRow {
    const NODE: NodeType = NodeType::CampaignSummary;
    type Changes = SummaryChanges;
    type Write = ();

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let visible = visibility::summaries(viewer);
        Ok(storage::summaries_by_ids(conn, &[id], &visible)
            .await?
            .pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::CampaignSummary, self.id)
    }

    fn party(&self, _: Side) -> i64 {
        self.office_id
    }

    fn region_id(&self) -> i64 {
        self.region_id
    }

    async fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &SummaryChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(storage::update_summary(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(&mut self, _: &mut Conn<'_>, _: (), _: NaiveDateTime) -> Result<(), TxError> {
        Ok(())
    }

    async fn payload(&self, conn: &mut Conn<'_>) -> Result<Value, TxError> {
        let office = organization(conn, self.office_id).await?;
        let campaign = campaigns_by_ids(conn, &[self.campaign_id])
            .await?
            .pop()
            .ok_or(ApiError::NotFound)?;
        Ok(json!({
            "campaignSummary": encode(NodeType::CampaignSummary, self.id),
            "campaign": campaign.name,
            "office": office.name,
            "dueOn": self.due_on.format("%Y年%-m月%-d日").to_string(),
            "dueDay": self.due_on.to_string(),
            "status": self.status.as_str(),
        }))
    }
}

/// Whether `viewer` may see an event about a summary: whoever sees it.
pub async fn sees(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    subject: (NodeType, i64),
    _: EventKind,
) -> Result<bool, ApiError> {
    crate::change::seen::<SummaryRow>(conn, viewer, subject.1).await
}
