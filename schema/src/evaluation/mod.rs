//! Quality evaluation of collective bargaining (issue 17, seed 000
//! §二.2(四)): the evaluation guide as versioned data, employers'
//! evaluations against it, harmonious-enterprise titles, and the coverage
//! of model units.

pub mod coverage;
pub mod demo;
pub mod guide;
pub mod kinds;
pub mod mutations;
pub mod objects;
pub mod queries;
pub mod record;
pub mod rules;
pub mod storage;
pub mod tally;
pub mod templates;
pub mod visibility;

use crate::areas::Area;
use crate::events::kinds::EventCategory;
use crate::graphql::ids::NodeType;

/// What the evaluation area offers the rest of the system.
pub const AREA: Area = Area {
    name: "evaluation",
    demo: Some(("evaluation", |conn, now, batch| {
        Box::pin(demo::load(conn, now, batch))
    })),
    transitions: None,
    templates: Some((EventCategory::Evaluation, templates::text)),
    subjects: Some((
        &[
            NodeType::BargainingEvaluation,
            NodeType::EvaluationGuide,
            NodeType::HarmonyTitle,
        ],
        |conn, viewer, subject, kind| Box::pin(record::sees(conn, viewer, subject, kind)),
    )),
};
