//! An agreement as the change pipeline sees it: loaded through its
//! visibility, its parties and region, what its changes write, the payload
//! of its events, its followers (the associations of the employers it
//! binds) and the labour administration that reviews it. Comments are
//! parts of their agreement.

use crate::digests::storage::NewConfirmation;
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::clauses::Clause;
use super::kinds::ReviewOutcome;
use super::storage::{
    self, AgreementChanges, AgreementRow, CommentRow, NewVersion, ReviewRow, VoteRow,
};
use super::visibility;
use crate::change::{Part, Record, Side};
use crate::db::Conn;
use crate::graphql::errors::{ApiError, TxError};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::Viewer;
use crate::identity::authorization::Acting;
use crate::organizations::places::{labour_administrations_above, organization};
use crate::organizations::storage as organization_storage;

/// What an agreement's change writes besides the agreement's columns.
#[derive(Debug)]
pub enum AgreementWrite {
    Vote(VoteRow),
    Filing(ReviewRow),
    Review {
        outcome: ReviewOutcome,
        opinion: Option<String>,
    },
    /// The text at the agreement's (new) text version.
    Text {
        author: Acting,
        clauses: Vec<Clause>,
        note: String,
    },
    ResolveComment {
        comment: i64,
        by: Option<i64>,
    },
    /// A chief's signature of the text's digest.
    Confirmation(NewConfirmation),
}

impl Record for AgreementRow {
    const NODE: NodeType = NodeType::Agreement;
    type Changes = AgreementChanges;
    type Write = AgreementWrite;

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let visible = visibility::agreements(viewer);
        Ok(storage::agreements_by_ids(conn, &[id], &visible)
            .await?
            .pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::Agreement, self.id)
    }

    /// The union (or federation) for the workers, the employer (or
    /// association) for the employer.
    fn party(&self, side: Side) -> i64 {
        match side {
            Side::Workers => self.workers_party_id,
            Side::Employer => self.employer_party_id,
        }
    }

    fn region_id(&self) -> i64 {
        self.region_id
    }

    async fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &AgreementChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(storage::update_agreement(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(
        &mut self,
        conn: &mut Conn<'_>,
        write: AgreementWrite,
        now: NaiveDateTime,
    ) -> Result<(), TxError> {
        match write {
            AgreementWrite::Vote(vote) => {
                storage::insert_vote(conn, &vote).await?;
            }
            AgreementWrite::Confirmation(new) => {
                crate::digests::storage::insert_confirmation(conn, &new).await?;
            }
            // Two filings in one region at once may both count the same
            // receipts; the second is a CONFLICT, to be sent again.
            AgreementWrite::Filing(review) => {
                let inserted = storage::insert_review(conn, &review).await;
                inserted.map_err(|error| conflict_on_duplicate(error, self.version))?;
            }
            AgreementWrite::Review { outcome, opinion } => {
                storage::decide_review(conn, self.id, outcome, opinion, now).await?;
            }
            AgreementWrite::Text {
                author,
                clauses,
                note,
            } => save_text(conn, self, author, &clauses, note, now).await?,
            AgreementWrite::ResolveComment { comment, by } => {
                storage::resolve_comment(conn, comment, by, now).await?;
            }
        }
        Ok(())
    }

    /// Names the agreement, its kind and both parties.
    async fn payload(&self, conn: &mut Conn<'_>) -> Result<Value, TxError> {
        let workers = organization(conn, self.workers_party_id).await?;
        let employer = organization(conn, self.employer_party_id).await?;
        Ok(json!({
            "agreement": encode(NodeType::Agreement, self.id),
            "title": self.title,
            "kind": self.kind.as_str(),
            "specialSubject": self.special_subject.map(|s| s.as_str()),
            "workersParty": workers.name,
            "employerParty": employer.name,
            "status": self.status.as_str(),
            "textVersion": self.text_version,
        }))
    }

    /// The associations of the employers it binds.
    async fn followers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        let employers: Vec<i64> = storage::bound_employers(conn, &[self.id])
            .await?
            .into_iter()
            .map(|(_, e)| e)
            .collect();
        let associations =
            organization_storage::associations_of_employers(conn, &employers).await?;
        Ok(associations.into_iter().map(|(_, a)| a).collect())
    }

    /// The labour administration reviewing it: the one its pending filing
    /// went to, else the nearest one whose region holds the agreement's.
    async fn overseers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        let pending = storage::reviews_of(conn, &[self.id])
            .await?
            .into_iter()
            .find(|r| r.outcome == ReviewOutcome::Pending);
        if let Some(review) = pending {
            return Ok(vec![review.reviewer_id]);
        }
        let administrations = labour_administrations_above(conn, self.region_id).await?;
        Ok(administrations.last().map(|o| o.id).into_iter().collect())
    }
}

/// Stores the agreement's text at its current version; a number taken
/// meanwhile (a concurrent revision) is a CONFLICT.
pub async fn save_text(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
    author: Acting,
    clauses: &[Clause],
    note: String,
    now: NaiveDateTime,
) -> Result<(), TxError> {
    let new = NewVersion {
        agreement_id: agreement.id,
        number: agreement.text_version,
        author_user_id: author.user_id,
        author_organization_id: author.organization_id.unwrap_or_default(),
        note,
        clauses: serde_json::to_string(clauses).map_err(ApiError::internal)?,
        created_at: now,
    };
    storage::insert_version(conn, &new)
        .await
        .map_err(|error| conflict_on_duplicate(error, agreement.version))?;
    Ok(())
}

/// A unique key taken by a concurrent change is a CONFLICT; anything else
/// stays an internal error.
fn conflict_on_duplicate(error: diesel::result::Error, version: i32) -> ApiError {
    match error {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => ApiError::Conflict {
            current_version: version,
        },
        other => other.into(),
    }
}

/// The clauses of the agreement's current version.
pub async fn current_clauses(
    conn: &mut Conn<'_>,
    agreement: &AgreementRow,
) -> Result<Vec<Clause>, TxError> {
    Ok(
        storage::versions_of(conn, &[agreement.id], Some(agreement.text_version))
            .await?
            .pop()
            .map(|v| v.clauses())
            .unwrap_or_default(),
    )
}

impl Part for CommentRow {
    type Of = AgreementRow;
    const NODE: NodeType = NodeType::AgreementComment;

    async fn load(conn: &mut Conn<'_>, id: i64) -> Result<Option<Self>, TxError> {
        Ok(storage::comment_by_id(conn, id).await?)
    }

    fn id(&self) -> i64 {
        self.id
    }

    fn record_id(&self) -> i64 {
        self.agreement_id
    }
}
