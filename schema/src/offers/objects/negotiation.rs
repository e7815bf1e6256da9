//! GraphQL objects of a negotiation: representatives, sessions and disputes.

use async_graphql::{ID, Object};
use chrono::{DateTime, Utc};

use crate::change::Side;
use crate::graphql::ids::{NodeType, encode};
use crate::offers::kinds::{DisputeStatus, SessionKind};
use crate::offers::storage::{DisputeRow, RepresentativeRow, SessionRow};

/// A representative of one side.
pub struct Representative(pub RepresentativeRow);

/// A bargaining representative (协商代表, CCP Arts. 19–24).
#[Object]
impl Representative {
    /// Opaque id, for `removeRepresentative`.
    async fn id(&self) -> ID {
        encode(NodeType::Representative, self.0.id)
    }

    /// The side represented.
    async fn side(&self) -> Side {
        self.0.side
    }

    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Position held.
    async fn position(&self) -> &str {
        &self.0.position
    }

    /// Whether this is the side's chief representative (首席代表).
    async fn is_chief(&self) -> bool {
        self.0.is_chief
    }

    /// Whether this is an outside expert (外部专家).
    async fn is_outside_expert(&self) -> bool {
        self.0.is_outside_expert
    }
}

/// A session of a negotiation.
pub struct Session(pub SessionRow);

/// A bargaining session (CCP Arts. 33–35): the chiefs chair in turn and a
/// neutral note-taker keeps the minutes.
#[Object(name = "BargainingSession")]
impl Session {
    /// Opaque id, for `recordSession`.
    async fn id(&self) -> ID {
        encode(NodeType::BargainingSession, self.0.id)
    }

    /// Meeting or consultation talk.
    async fn kind(&self) -> SessionKind {
        self.0.kind
    }

    /// When.
    async fn scheduled_at(&self) -> DateTime<Utc> {
        self.0.scheduled_at.and_utc()
    }

    /// Where.
    async fn place(&self) -> &str {
        &self.0.place
    }

    /// Whose chief chairs it.
    async fn chairing_side(&self) -> Side {
        self.0.chairing_side
    }

    /// The note-taker (记录员).
    async fn note_taker(&self) -> &str {
        &self.0.note_taker
    }

    /// Who attended.
    async fn attendance(&self) -> Option<&str> {
        self.0.attendance.as_deref()
    }

    /// The minutes.
    async fn minutes(&self) -> Option<&str> {
        self.0.minutes.as_deref()
    }

    /// When it was held and recorded.
    async fn held_at(&self) -> Option<DateTime<Utc>> {
        self.0.held_at.map(|t| t.and_utc())
    }
}

/// A request for coordination.
pub struct Dispute(pub DisputeRow);

/// A dispute during bargaining that the labour administration coordinates
/// (CCP Arts. 49–53): 30 days, extendable once by up to 15.
#[Object(name = "BargainingDispute")]
impl Dispute {
    /// Opaque id, for `extendCoordination` and `resolveDispute`.
    async fn id(&self) -> ID {
        encode(NodeType::BargainingDispute, self.0.id)
    }

    /// The side that asked.
    async fn requested_by(&self) -> Side {
        self.0.requested_by
    }

    /// Why.
    async fn reason(&self) -> &str {
        &self.0.reason
    }

    /// Where it stands.
    async fn status(&self) -> DisputeStatus {
        self.0.status
    }

    /// Days the coordination was extended by.
    async fn extended_days(&self) -> i32 {
        self.0.extended_days
    }

    /// The agreed handling (协调处理协议书).
    async fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }

    /// When it was requested.
    async fn opened_at(&self) -> DateTime<Utc> {
        self.0.opened_at.and_utc()
    }

    /// When it was resolved.
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at.map(|t| t.and_utc())
    }
}
