//! Risk monitoring and early warning in labour relations (seed 004,
//! 劳动关系领域风险监测预警工作实施方案): the monitored items, the reports
//! and cases, the information form's clocks and the warning levels.

pub mod bulletins;
pub mod checks;
pub mod demo;
pub mod facts;
pub mod grades;
pub mod kinds;
pub mod loaders;
pub mod mutations;
pub mod objects;
pub mod queries;
pub mod record;
pub mod rules;
pub mod storage;
pub mod templates;
pub mod visibility;

use crate::areas::Area;
use crate::events::kinds::EventCategory;
use crate::graphql::ids::NodeType;

/// What the risk area offers the rest of the system.
pub const AREA: Area = Area {
    name: "risk",
    demo: Some(("risk", |conn, now, batch| {
        Box::pin(demo::load(conn, now, batch))
    })),
    transitions: None,
    templates: Some((EventCategory::Risk, templates::text)),
    subjects: Some((SUBJECTS, |conn, viewer, subject, kind| {
        Box::pin(record::sees(conn, viewer, subject, kind))
    })),
};

/// The node types the risk area's events are about.
const SUBJECTS: &[NodeType] = &[
    NodeType::RiskCase,
    NodeType::Warning,
    NodeType::HealthCheck,
    NodeType::RectificationItem,
    NodeType::RiskBulletin,
    NodeType::RiskGrade,
];
