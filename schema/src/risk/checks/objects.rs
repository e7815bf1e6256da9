//! GraphQL objects of health checks and rectification items, and the
//! batched lookups of their rows.

use crate::graphql::date::Date;
use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::storage::{self, FindingRow, HealthCheckRow, RectificationRow, VisitorRow};
use crate::context::load_one;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::loaders::ClockKey;
use crate::deadlines::objects::Deadline;
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, encode};
use crate::organizations::loaders::Store;
use crate::organizations::objects::{Organization, named_one};
use crate::risk::kinds::{HealthCheckArea, RectificationStatus, VisitorRole};

crate::rows_of!(
    /// The visitors of a health check.
    VisitorsOf,
    VisitorRow.health_check_id,
    storage::visitors_of
);
crate::rows_of!(
    /// The findings of a health check.
    FindingsOf,
    FindingRow.health_check_id,
    storage::findings_of
);

/// The rectification items of a case or of a health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RectificationOf {
    Case(i64),
    Check(i64),
}

impl Loader<RectificationOf> for Store {
    type Value = Vec<RectificationRow>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[RectificationOf],
    ) -> Result<HashMap<RectificationOf, Vec<RectificationRow>>, ApiError> {
        let (mut cases, mut checks) = (Vec::new(), Vec::new());
        for key in keys {
            match key {
                RectificationOf::Case(id) => cases.push(*id),
                RectificationOf::Check(id) => checks.push(*id),
            }
        }
        let rows = storage::items_of(&mut self.0.get().await?.conn(), &cases, &checks).await?;
        let mut found: HashMap<RectificationOf, Vec<RectificationRow>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for row in rows {
            let key = match (row.case_id, row.health_check_id) {
                (Some(case), _) => RectificationOf::Case(case),
                (None, Some(check)) => RectificationOf::Check(check),
                (None, None) => continue,
            };
            found.entry(key).or_default().push(row);
        }
        Ok(found)
    }
}

/// The rectification items of `of`, by time limit.
pub async fn rectification_items(
    ctx: &Context<'_>,
    of: RectificationOf,
) -> ApiResult<Vec<RectificationItem>> {
    let rows = load_one(ctx, of).await?.unwrap_or_default();
    Ok(rows.into_iter().map(RectificationItem).collect())
}

/// Someone who made a health check visit.
#[derive(SimpleObject)]
pub struct HealthCheckVisitor {
    /// Their name.
    pub name: String,
    /// In what capacity.
    pub role: VisitorRole,
}

/// What a health check found in one area.
#[derive(SimpleObject)]
pub struct HealthCheckFinding {
    /// The area.
    pub area: HealthCheckArea,
    /// Whether the employer complies in it.
    pub compliant: bool,
    /// What was found.
    pub finding: String,
}

/// A health check.
#[derive(Clone)]
pub struct HealthCheck(pub HealthCheckRow);

/// A health check (法治体检) of an employer by labour-relations
/// coordinators, union legal supervisors or bargaining instructors: its
/// findings by area, a diagnosis, and the prescription (用工处方) the
/// employer acknowledges. Seen by the employer and its union, and by the
/// offices, administrations and federations over it; not by associations.
#[Object]
impl HealthCheck {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::HealthCheck, self.0.id)
    }
    /// The employer visited.
    async fn employer(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.employer_id)).await
    }
    /// The office, administration or federation that recorded it.
    async fn recorded_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.recorded_by_id)).await
    }
    /// The day of the visit.
    async fn visited_on(&self) -> Date {
        Date(self.0.visited_on)
    }
    /// Who made the visit.
    async fn visitors(&self, ctx: &Context<'_>) -> ApiResult<Vec<HealthCheckVisitor>> {
        let rows = load_one(ctx, VisitorsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|r| HealthCheckVisitor {
                name: r.name,
                role: r.role,
            })
            .collect())
    }
    /// What it found, by area.
    async fn findings(&self, ctx: &Context<'_>) -> ApiResult<Vec<HealthCheckFinding>> {
        let rows = load_one(ctx, FindingsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|r| HealthCheckFinding {
                area: r.area,
                compliant: r.compliant,
                finding: r.finding,
            })
            .collect())
    }
    /// The diagnosis.
    async fn diagnosis(&self) -> &str {
        &self.0.diagnosis
    }
    /// The prescription (用工处方).
    async fn prescription(&self) -> &str {
        &self.0.prescription
    }
    /// When the employer acknowledged the prescription; null until then.
    async fn acknowledged_at(&self) -> Option<DateTime<Utc>> {
        self.0.acknowledged_at.map(|t| t.and_utc())
    }
    /// Who acknowledged it for the employer.
    async fn acknowledged_by(&self) -> Option<&str> {
        self.0.acknowledged_by.as_deref()
    }
    /// What the employer said in acknowledging it.
    async fn acknowledgement(&self) -> Option<&str> {
        self.0.acknowledgement.as_deref()
    }
    /// Its rectification items, by time limit.
    async fn rectification_items(&self, ctx: &Context<'_>) -> ApiResult<Vec<RectificationItem>> {
        rectification_items(ctx, RectificationOf::Check(self.0.id)).await
    }
    /// Bumped by every change.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A rectification item.
#[derive(Clone)]
pub struct RectificationItem(pub RectificationRow);

/// A rectification item of a health check or a risk case: one line of the
/// four lists at once: the problem (整改清单), the measure (工作措施清单), the
/// responsible department (责任部门清单) and the time limit (整改时限清单).
/// The employer reports it done with evidence; the office verifies it.
#[Object]
impl RectificationItem {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::RectificationItem, self.0.id)
    }
    /// The employer that is to rectify.
    async fn employer(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.employer_id)).await
    }
    /// The case it comes from, if any.
    async fn risk_case_id(&self) -> Option<ID> {
        self.0.case_id.map(|id| encode(NodeType::RiskCase, id))
    }
    /// The health check it comes from, if any.
    async fn health_check_id(&self) -> Option<ID> {
        self.0
            .health_check_id
            .map(|id| encode(NodeType::HealthCheck, id))
    }
    /// The problem to rectify.
    async fn problem(&self) -> &str {
        &self.0.problem
    }
    /// The measure to take.
    async fn measure(&self) -> &str {
        &self.0.measure
    }
    /// The responsible organization, when one is named.
    async fn responsible_organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, self.0.responsible_organization_id).await
    }
    /// The responsible department, when named in words.
    async fn responsible_department(&self) -> Option<&str> {
        self.0.responsible_department.as_deref()
    }
    /// The last day of the time limit.
    async fn due_on(&self) -> Date {
        Date(self.0.due_on)
    }
    /// The time limit's clock (the latest, after a rejection).
    async fn deadline(&self, ctx: &Context<'_>) -> ApiResult<Option<Deadline>> {
        let key = ClockKey {
            subject: NodeType::RectificationItem,
            kind: DeadlineKind::Rectification,
            id: self.0.id,
        };
        let row = load_one(ctx, key).await?.flatten();
        Ok(row.map(|row| Deadline {
            row,
            organizations: [self.0.employer_id]
                .into_iter()
                .chain(self.0.responsible_organization_id)
                .collect(),
        }))
    }
    /// Where it stands.
    async fn status(&self) -> RectificationStatus {
        self.0.status
    }
    /// The evidence of completion the employer gave.
    async fn evidence(&self) -> Option<&str> {
        self.0.evidence.as_deref()
    }
    /// When the employer reported it done.
    async fn done_at(&self) -> Option<DateTime<Utc>> {
        self.0.done_at.map(|t| t.and_utc())
    }
    /// When the office verified it.
    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.verified_at.map(|t| t.and_utc())
    }
    /// The office that verified it.
    async fn verified_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, self.0.verified_by_id).await
    }
    /// What the office said on verifying it, or on finding it not done.
    async fn verification_note(&self) -> Option<&str> {
        self.0.verification_note.as_deref()
    }
    /// The body that set it.
    async fn added_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.added_by_id)).await
    }
    /// Bumped by every change.
    async fn version(&self) -> i32 {
        self.0.version
    }
}
