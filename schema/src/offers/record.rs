//! An offer as the change pipeline sees it: loaded through its visibility,
//! its parties and region, what its changes write, and the payload every
//! event about it carries. Representatives, sessions and disputes are parts
//! of their offer.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::representatives::Representative;
use super::storage::{
    self, DisputeRow, NewSession, OfferChanges, OfferRow, RepresentativeRow, SessionRow,
};
use super::visibility;
use crate::change::{Part, Record, Side};
use crate::db::Conn;
use crate::digests::storage::NewConfirmation;
use crate::graphql::errors::{ApiError, TxError};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::Viewer;
use crate::organizations::places::{labour_administrations_above, organization};

/// What an offer's change writes besides the offer's columns.
#[derive(Debug)]
pub enum OfferWrite {
    /// A side's whole list of representatives, replacing the current one.
    Representatives(Side, Vec<Representative>),
    RemoveRepresentative(RepresentativeRow),
    Session(NewSession),
    SessionHeld {
        session: i64,
        attendance: String,
        minutes: String,
    },
    Dispute {
        dispute: i64,
        extended_days: i32,
        resolution: Option<String>,
    },
    /// A side's confirmation of the letter's or the response's digest.
    Confirmation(NewConfirmation),
}

impl Record for OfferRow {
    const NODE: NodeType = NodeType::Offer;
    type Changes = OfferChanges;
    type Write = OfferWrite;

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let visible = visibility::offers(viewer);
        Ok(storage::offers_by_ids(conn, &[id], &visible).await?.pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::Offer, self.id)
    }

    fn party(&self, side: Side) -> i64 {
        match side {
            Side::Workers => self.union_id,
            Side::Employer => self.employer_id,
        }
    }

    fn region_id(&self) -> i64 {
        self.region_id
    }

    async fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &OfferChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(storage::update_offer(conn, self.id, self.version, changes, now).await?)
    }

    async fn write(
        &mut self,
        conn: &mut Conn<'_>,
        write: OfferWrite,
        now: NaiveDateTime,
    ) -> Result<(), TxError> {
        match write {
            OfferWrite::Representatives(side, list) => {
                storage::remove_representatives(conn, self.id, side, None, now).await?;
                storage::insert_representatives(conn, self.id, side, &list, now).await?;
            }
            OfferWrite::RemoveRepresentative(person) => {
                let ids = [person.id];
                storage::remove_representatives(conn, self.id, person.side, Some(&ids), now)
                    .await?;
            }
            OfferWrite::Session(new) => {
                storage::insert_session(conn, &new).await?;
            }
            OfferWrite::SessionHeld {
                session,
                attendance,
                minutes,
            } => {
                storage::record_session(conn, session, &attendance, &minutes, now).await?;
            }
            OfferWrite::Dispute {
                dispute,
                extended_days,
                resolution,
            } => {
                let resolution = resolution.as_deref();
                storage::update_dispute(conn, dispute, extended_days, resolution, now).await?;
            }
            OfferWrite::Confirmation(new) => {
                crate::digests::storage::insert_confirmation(conn, &new).await?;
            }
        }
        Ok(())
    }

    /// Names both parties, the category and the status.
    async fn payload(&self, conn: &mut Conn<'_>) -> Result<Value, TxError> {
        let issuer = organization(conn, self.issuing_organization_id).await?;
        let receiver = organization(conn, self.receiving_organization_id).await?;
        Ok(json!({
            "offer": encode(NodeType::Offer, self.id),
            "issuer": issuer.name,
            "receiver": receiver.name,
            "category": self.category.as_str(),
            "status": self.status.as_str(),
        }))
    }

    /// The labour administrations whose region holds the employer's.
    async fn overseers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        let rows = labour_administrations_above(conn, self.region_id).await?;
        Ok(rows.into_iter().map(|o| o.id).collect())
    }
}

/// Whether `viewer` may see an offer, or a dispute through its offer.
pub async fn sees(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    subject: (NodeType, i64),
) -> Result<bool, ApiError> {
    match subject.0 {
        NodeType::BargainingDispute => {
            crate::change::seen::<(DisputeRow, OfferRow)>(conn, viewer, subject.1).await
        }
        _ => crate::change::seen::<OfferRow>(conn, viewer, subject.1).await,
    }
}

impl Part for RepresentativeRow {
    type Of = OfferRow;
    const NODE: NodeType = NodeType::Representative;

    async fn load(conn: &mut Conn<'_>, id: i64) -> Result<Option<Self>, TxError> {
        Ok(storage::representative_by_id(conn, id).await?)
    }

    fn id(&self) -> i64 {
        self.id
    }

    fn record_id(&self) -> i64 {
        self.offer_id
    }
}

impl Part for SessionRow {
    type Of = OfferRow;
    const NODE: NodeType = NodeType::BargainingSession;

    async fn load(conn: &mut Conn<'_>, id: i64) -> Result<Option<Self>, TxError> {
        Ok(storage::session_by_id(conn, id).await?)
    }

    fn id(&self) -> i64 {
        self.id
    }

    fn record_id(&self) -> i64 {
        self.offer_id
    }
}

/// A dispute's clock runs on the dispute.
impl Part for DisputeRow {
    type Of = OfferRow;
    const NODE: NodeType = NodeType::BargainingDispute;

    async fn load(conn: &mut Conn<'_>, id: i64) -> Result<Option<Self>, TxError> {
        Ok(storage::dispute_by_id(conn, id).await?)
    }

    fn id(&self) -> i64 {
        self.id
    }

    fn record_id(&self) -> i64 {
        self.offer_id
    }

    fn clock_subject(&self) -> Option<(NodeType, i64)> {
        Some((NodeType::BargainingDispute, self.id))
    }
}
