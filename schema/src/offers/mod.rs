//! Bargaining offers (要约, CCP Art. 32), the negotiations that follow them
//! (Arts. 19–35), campaigns, and disputes during bargaining (Arts. 49–53).

pub mod demo;
pub mod facts;
pub mod kinds;
pub mod loaders;
pub mod mutations;
pub mod objects;
pub mod progress;
pub mod queries;
pub mod record;
pub mod representatives;
pub mod rules;
pub mod storage;
pub mod templates;
pub mod visibility;

use crate::areas::Area;
use crate::events::kinds::EventCategory;
use crate::graphql::ids::NodeType;

/// What the offers area offers the rest of the system.
pub const AREA: Area = Area {
    name: "offers",
    demo: Some(("offers", |conn, now, batch| {
        Box::pin(demo::load(conn, now, batch))
    })),
    transitions: None,
    templates: Some((EventCategory::Bargaining, templates::text)),
    subjects: Some((SUBJECTS, |conn, viewer, subject, _| {
        Box::pin(record::sees(conn, viewer, subject))
    })),
};

/// The node types the offers area's events are about.
const SUBJECTS: &[NodeType] = &[NodeType::Offer, NodeType::BargainingDispute];
