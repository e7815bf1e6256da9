//! Layoffs under LCL Art. 41 (issue 16): the plan, the 30-day explanation,
//! the union's opinion and the employer's answer, the report to the labour
//! administration, protected workers, severance and re-employment.

pub mod demo;
pub mod kinds;
pub mod mutations;
pub mod objects;
pub mod queries;
pub mod rates;
pub mod record;
pub mod rules;
pub mod storage;
pub mod templates;
pub mod transitions;
pub mod visibility;

use crate::areas::Area;
use crate::events::kinds::EventCategory;
use crate::graphql::ids::NodeType;

/// What the layoffs area offers the rest of the system.
pub const AREA: Area = Area {
    name: "layoffs",
    demo: Some(("layoffs", |conn, now, batch| {
        Box::pin(demo::load(conn, now, batch))
    })),
    transitions: Some(transitions::transitions),
    templates: Some((EventCategory::Layoffs, templates::text)),
    subjects: Some((&[NodeType::LayoffPlan], |conn, viewer, subject, kind| {
        Box::pin(record::sees(conn, viewer, subject, kind))
    })),
};
