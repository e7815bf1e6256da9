//! A layoff plan as the change pipeline sees it. Its employer is one side;
//! the other is its union, or without one the employer again (which then
//! records what the workers said). Its overseers are the district office
//! and the labour administration nearest over the employer. Every event
//! about it names the plan, never the people on its list.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::rules::plan::workers_side;
use super::storage::{
    self, HiringRow, NoticeRow, PlanChanges, PlanRow, PostRow, RevisionRow, ServiceRow,
    TerminationRow, WorkerRow,
};
use super::visibility;
use crate::change::{Record, Side};
use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiError, TxError};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::Viewer;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::{organization, public_bodies_above};

/// What a decision on a plan writes besides its row: a new version, a
/// termination, a re-employment service, a hiring with its notices.
pub enum PlanWrite {
    Revision {
        revision: RevisionRow,
        workers: Vec<WorkerRow>,
        posts: Vec<PostRow>,
    },
    Termination(TerminationRow),
    Service(ServiceRow),
    Hiring(HiringRow, Vec<NoticeRow>),
}

/// The district office and the labour administration nearest over `region_id`.
pub async fn overseers_of(conn: &mut Conn<'_>, region_id: i64) -> Result<Vec<i64>, TxError> {
    let mut ids = Vec::new();
    for kind in [
        OrganizationKind::TripartiteOffice,
        OrganizationKind::LabourAdministration,
    ] {
        ids.extend(
            public_bodies_above(conn, region_id, kind)
                .await?
                .pop()
                .map(|o| o.id),
        );
    }
    Ok(ids)
}

impl Record for PlanRow {
    const NODE: NodeType = NodeType::LayoffPlan;
    type Changes = PlanChanges;
    type Write = PlanWrite;

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let visible = visibility::layoffs(viewer);
        Ok(storage::plans_by_ids(conn, &[id], &visible).await?.pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::LayoffPlan, self.id)
    }

    fn party(&self, side: Side) -> i64 {
        match side {
            Side::Employer => self.employer_id,
            Side::Workers => workers_side(self),
        }
    }

    fn region_id(&self) -> i64 {
        self.region_id
    }

    async fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &PlanChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(storage::update_plan(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(
        &mut self,
        conn: &mut Conn<'_>,
        write: PlanWrite,
        _: NaiveDateTime,
    ) -> Result<(), TxError> {
        match write {
            PlanWrite::Revision {
                revision,
                workers,
                posts,
            } => Ok(storage::insert_revision(conn, &revision, &workers, &posts).await?),
            PlanWrite::Termination(row) => Ok(storage::insert_termination(conn, &row).await?),
            PlanWrite::Service(row) => Ok(storage::insert_service(conn, &row).await?),
            PlanWrite::Hiring(row, notices) => {
                Ok(storage::insert_hiring(conn, &row, &notices).await?)
            }
        }
    }

    /// The plan's employer, numbers and dates: no names.
    async fn payload(&self, conn: &mut Conn<'_>) -> Result<Value, TxError> {
        let employer = organization(conn, self.employer_id).await?;
        Ok(json!({
            "layoffPlan": encode(NodeType::LayoffPlan, self.id),
            "employer": employer.name,
            "status": self.status.as_str(),
            "cut": self.cut,
            "workforce": self.workforce,
            "firstTermination": self.first_termination,
        }))
    }

    async fn overseers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        overseers_of(conn, self.region_id).await
    }
}

/// Whether `viewer` may see an event about a plan: whoever sees the plan.
pub async fn sees(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    subject: (NodeType, i64),
    _: EventKind,
) -> Result<bool, ApiError> {
    crate::change::seen::<PlanRow>(conn, viewer, subject.1).await
}
