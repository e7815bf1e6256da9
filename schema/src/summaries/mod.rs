//! The district offices' summaries of a campaign for the office that runs
//! it (seed 000 §二.(三), issue 19 item 5): figures the platform counts
//! over each district and the campaign's period, the narrative the seed
//! asks for, a due day with its clock and reminders, and the city total.

pub mod counting;
pub mod figures;
pub mod kinds;
pub mod mutations;
pub mod objects;
pub mod record;
pub mod rules;
pub mod storage;
pub mod templates;
pub mod visibility;

use crate::areas::Area;
use crate::events::kinds::EventCategory;
use crate::graphql::ids::NodeType;

/// What the summaries area offers the rest of the system.
pub const AREA: Area = Area {
    name: "summaries",
    demo: None,
    transitions: None,
    templates: Some((EventCategory::Summaries, templates::text)),
    subjects: Some((
        &[NodeType::CampaignSummary],
        |conn, viewer, subject, kind| Box::pin(record::sees(conn, viewer, subject, kind)),
    )),
};
