//! A health check and a rectification item as the change pipeline sees
//! them. Both have one party, the employer. A check's overseers are the
//! body that recorded it and the district office; an item's, the body that
//! set it and the district office, and its followers include the
//! responsible organization.

use std::convert::Infallible;

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::storage::{
    self, HealthCheckChanges, HealthCheckRow, RectificationChanges, RectificationRow,
};
use crate::change::{Record, Side};
use crate::db::Conn;
use crate::graphql::errors::TxError;
use crate::graphql::ids::{NodeType, encode};
use crate::identity::Viewer;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::{organization, public_bodies_above};
use crate::organizations::storage as organizations;
use crate::risk::visibility;

/// The employer's grassroots unions.
async fn unions(conn: &mut Conn<'_>, employer_id: i64) -> Result<Vec<i64>, TxError> {
    let unions = organizations::unions_of(conn, employer_id).await?;
    Ok(unions.into_iter().map(|u| u.id).collect())
}

/// `body`, and the district office where the employer is.
async fn with_district_office(
    conn: &mut Conn<'_>,
    body: i64,
    region_id: i64,
) -> Result<Vec<i64>, TxError> {
    let office = public_bodies_above(conn, region_id, OrganizationKind::TripartiteOffice)
        .await?
        .pop();
    Ok([body].into_iter().chain(office.map(|o| o.id)).collect())
}

impl Record for HealthCheckRow {
    const NODE: NodeType = NodeType::HealthCheck;
    type Changes = HealthCheckChanges;
    type Write = Infallible;

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let visible = visibility::risk(viewer);
        Ok(storage::checks_by_ids(conn, &[id], &visible).await?.pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::HealthCheck, self.id)
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
        changes: &HealthCheckChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(storage::update_check(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(
        &mut self,
        _: &mut Conn<'_>,
        write: Infallible,
        _: NaiveDateTime,
    ) -> Result<(), TxError> {
        match write {}
    }

    async fn payload(&self, conn: &mut Conn<'_>) -> Result<Value, TxError> {
        let employer = organization(conn, self.employer_id).await?;
        let recorded_by = organization(conn, self.recorded_by_id).await?;
        Ok(json!({
            "healthCheck": encode(NodeType::HealthCheck, self.id),
            "employer": employer.name,
            "office": recorded_by.name,
            "visitedOn": self.visited_on,
            "prescription": self.prescription,
            "acknowledgedBy": self.acknowledged_by,
        }))
    }

    async fn followers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        unions(conn, self.employer_id).await
    }

    async fn overseers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        with_district_office(conn, self.recorded_by_id, self.region_id).await
    }
}

impl Record for RectificationRow {
    const NODE: NodeType = NodeType::RectificationItem;
    type Changes = RectificationChanges;
    type Write = Infallible;

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let visible = visibility::risk(viewer);
        Ok(storage::items_by_ids(conn, &[id], &visible).await?.pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::RectificationItem, self.id)
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
        changes: &RectificationChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(storage::update_item(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(
        &mut self,
        _: &mut Conn<'_>,
        write: Infallible,
        _: NaiveDateTime,
    ) -> Result<(), TxError> {
        match write {}
    }

    async fn payload(&self, conn: &mut Conn<'_>) -> Result<Value, TxError> {
        let employer = organization(conn, self.employer_id).await?;
        let responsible = match self.responsible_organization_id {
            Some(id) => Some(organization(conn, id).await?.name),
            None => self.responsible_department.clone(),
        };
        Ok(json!({
            "rectificationItem": encode(NodeType::RectificationItem, self.id),
            "employer": employer.name,
            "problem": self.problem,
            "measure": self.measure,
            "responsible": responsible,
            "dueOn": self.due_on,
            "status": self.status.as_str(),
            "note": self.verification_note,
        }))
    }

    /// The employer's unions and the responsible organization.
    async fn followers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        let mut ids = unions(conn, self.employer_id).await?;
        ids.extend(self.responsible_organization_id);
        Ok(ids)
    }

    async fn overseers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        with_district_office(conn, self.added_by_id, self.region_id).await
    }
}
