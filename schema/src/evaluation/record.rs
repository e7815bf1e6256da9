//! Evaluations, guide editions and titles as the change pipeline sees them.
//!
//! An evaluation's employer is one side, its union (or, without one, the
//! employer again) the other; its overseers, who confirm it, are the
//! tripartite office and the union federation nearest over the employer.
//! A guide edition has no parties: the city office changes it. A title's
//! employer is both its parties; the tripartite offices over the employer
//! record and revoke it.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::guide::Score;
use super::kinds::GuideStatus;
use super::rules::steps::EvaluationWrite;
use super::storage::{
    self, EvaluationChanges, EvaluationRow, GuideChanges, GuideRow, TitleChanges, TitleRow,
};
use super::visibility;
use crate::change::{Record, Side, seen};
use crate::db::Conn;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiError, TxError};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::Viewer;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::{organization, public_bodies_above};

/// The tripartite office and the union federation nearest over `region_id`:
/// those who confirm an evaluation there.
pub async fn confirmers(conn: &mut Conn<'_>, region_id: i64) -> Result<Vec<i64>, TxError> {
    let mut ids = Vec::new();
    let offices = public_bodies_above(conn, region_id, OrganizationKind::TripartiteOffice).await?;
    ids.extend(offices.last().map(|o| o.id));
    let unions = public_bodies_above(conn, region_id, OrganizationKind::Union).await?;
    ids.extend(
        unions
            .iter()
            .rev()
            .find(|o| o.employer_id.is_none())
            .map(|o| o.id),
    );
    Ok(ids)
}

impl Record for EvaluationRow {
    const NODE: NodeType = NodeType::BargainingEvaluation;
    type Changes = EvaluationChanges;
    type Write = EvaluationWrite;

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let visible = visibility::evaluations(viewer);
        Ok(storage::evaluations_by_ids(conn, &[id], &visible)
            .await?
            .pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::BargainingEvaluation, self.id)
    }

    fn party(&self, side: Side) -> i64 {
        match side {
            Side::Employer => self.employer_id,
            Side::Workers => self.union_id.unwrap_or(self.employer_id),
        }
    }

    fn region_id(&self) -> i64 {
        self.region_id
    }

    async fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &EvaluationChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(storage::update_evaluation(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(
        &mut self,
        conn: &mut Conn<'_>,
        write: EvaluationWrite,
        _: NaiveDateTime,
    ) -> Result<(), TxError> {
        match write {
            EvaluationWrite::Sheet(sheet) => {
                Ok(storage::replace_sheet(conn, self.id, &sheet).await?)
            }
            EvaluationWrite::Adjustments(adjustments) => {
                for (code, score, reason) in adjustments {
                    storage::adjust_score(conn, self.id, &code, score.0, &reason).await?;
                }
                Ok(())
            }
        }
    }

    /// The employer, the year, the status and the grade: no scores or notes.
    async fn payload(&self, conn: &mut Conn<'_>) -> Result<Value, TxError> {
        let employer = organization(conn, self.employer_id).await?;
        Ok(json!({
            "evaluation": encode(NodeType::BargainingEvaluation, self.id),
            "employer": employer.name,
            "year": self.year,
            "status": self.status.as_str(),
            "total": Score(self.confirmed_total.unwrap_or(self.total)).points(),
            "grade": self.confirmed_grade.clone().or_else(|| self.grade.clone()),
        }))
    }

    async fn overseers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        confirmers(conn, self.region_id).await
    }
}

impl Record for GuideRow {
    const NODE: NodeType = NodeType::EvaluationGuide;
    type Changes = GuideChanges;
    type Write = ();

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let drafts = visibility::sees_draft_guides(viewer);
        Ok(storage::guides_by_ids(conn, &[id], drafts).await?.pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::EvaluationGuide, self.id)
    }

    /// A guide has no parties; the office that loaded it stands for both.
    fn party(&self, _: Side) -> i64 {
        self.loaded_by_id.unwrap_or_default()
    }

    /// Guides are the city's: changed by the city office only
    /// ([`crate::change::Actor::CityOffice`]), so no region is asked for.
    fn region_id(&self) -> i64 {
        0
    }

    async fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &GuideChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        // Publishing supersedes the scheme's published edition first: one
        // edition of a scheme is published at a time.
        if changes.status == Some(GuideStatus::Published) {
            storage::supersede(conn, &self.code, self.id, now).await?;
        }
        Ok(storage::update_guide(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(&mut self, _: &mut Conn<'_>, _: (), _: NaiveDateTime) -> Result<(), TxError> {
        Ok(())
    }

    async fn payload(&self, _: &mut Conn<'_>) -> Result<Value, TxError> {
        Ok(json!({
            "guide": encode(NodeType::EvaluationGuide, self.id),
            "code": self.code,
            "edition": self.edition,
            "title": self.title,
        }))
    }
}

impl Record for TitleRow {
    const NODE: NodeType = NodeType::HarmonyTitle;
    type Changes = TitleChanges;
    type Write = ();

    /// Titles are public: every signed-in user sees them.
    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        if matches!(viewer, Viewer::Anonymous) {
            return Ok(None);
        }
        Ok(storage::titles_by_ids(conn, &[id]).await?.pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::HarmonyTitle, self.id)
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
        changes: &TitleChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(storage::update_title(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(&mut self, _: &mut Conn<'_>, _: (), _: NaiveDateTime) -> Result<(), TxError> {
        Ok(())
    }

    async fn payload(&self, conn: &mut Conn<'_>) -> Result<Value, TxError> {
        let employer = organization(conn, self.employer_id).await?;
        Ok(json!({
            "harmonyTitle": encode(NodeType::HarmonyTitle, self.id),
            "employer": employer.name,
            "title": self.title,
            "level": self.level.as_str(),
            "year": self.year,
        }))
    }
}

/// Whether `viewer` may see an event about an evaluation, a guide or a
/// title: whoever sees the record.
pub async fn sees(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    subject: (NodeType, i64),
    _: EventKind,
) -> Result<bool, ApiError> {
    match subject.0 {
        NodeType::BargainingEvaluation => seen::<EvaluationRow>(conn, viewer, subject.1).await,
        NodeType::EvaluationGuide => seen::<GuideRow>(conn, viewer, subject.1).await,
        NodeType::HarmonyTitle => seen::<TitleRow>(conn, viewer, subject.1).await,
        _ => Ok(false),
    }
}
