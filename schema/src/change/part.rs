//! Rows that belong to a record (a representative or a session of an
//! offer, a comment on an agreement): the pair `(part, record)` is a record
//! of its own, named by the part's id, seen, acted on and told of as its
//! record is.

use std::future::Future;

use chrono::NaiveDateTime;
use serde_json::Value;

use super::{Record, Side};
use crate::db::Conn;
use crate::graphql::errors::TxError;
use crate::graphql::ids::NodeType;
use crate::identity::Viewer;

/// A row that belongs to a record of type `Of`.
pub trait Part: Clone + Send + Sync + Sized {
    type Of: Record;
    /// The type of the ids that name it.
    const NODE: NodeType;

    /// The part by id, whoever may see it: its record's visibility decides.
    fn load(
        conn: &mut Conn<'_>,
        id: i64,
    ) -> impl Future<Output = Result<Option<Self>, TxError>> + Send;

    fn id(&self) -> i64;

    /// The id of the record it belongs to.
    fn record_id(&self) -> i64;

    /// What clocks of the part run on, when they run on the part itself.
    fn clock_subject(&self) -> Option<(NodeType, i64)> {
        None
    }
}

impl<P: Part> Record for (P, P::Of) {
    const NODE: NodeType = P::NODE;
    type Changes = <P::Of as Record>::Changes;
    type Write = <P::Of as Record>::Write;

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        let Some(part) = P::load(conn, id).await? else {
            return Ok(None);
        };
        let record = <P::Of as Record>::load(conn, viewer, part.record_id()).await?;
        Ok(record.map(|record| (part, record)))
    }

    fn version(&self) -> i32 {
        self.1.version()
    }

    fn subject(&self) -> (NodeType, i64) {
        self.1.subject()
    }

    fn clock_subject(&self) -> (NodeType, i64) {
        self.0
            .clock_subject()
            .unwrap_or_else(|| self.1.clock_subject())
    }

    fn party(&self, side: Side) -> i64 {
        self.1.party(side)
    }

    fn region_id(&self) -> i64 {
        self.1.region_id()
    }

    fn organization(&self) -> Option<i64> {
        self.1.organization()
    }

    async fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &Self::Changes,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        let record = self.1.store(conn, changes, now).await?;
        Ok(record.map(|record| (self.0.clone(), record)))
    }

    /// Writes, then reads the part again as it is now.
    async fn write(
        &mut self,
        conn: &mut Conn<'_>,
        write: Self::Write,
        now: NaiveDateTime,
    ) -> Result<(), TxError> {
        self.1.write(conn, write, now).await?;
        if let Some(part) = P::load(conn, self.0.id()).await? {
            self.0 = part;
        }
        Ok(())
    }

    async fn payload(&self, conn: &mut Conn<'_>) -> Result<Value, TxError> {
        self.1.payload(conn).await
    }

    async fn followers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        self.1.followers(conn).await
    }

    async fn overseers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        self.1.overseers(conn).await
    }
}
