//! Regions and organizations: the city's administrative tree, and the
//! unions, employers, associations, offices and administrations in it.

pub mod demo;
pub mod input;
pub mod kinds;
pub mod loaders;
pub mod mutations;
pub mod objects;
pub mod places;
pub mod queries;
pub mod record;
pub mod rules;
pub mod storage;
pub mod summary;
pub mod visibility;

use crate::areas::Area;
use crate::graphql::ids::NodeType;

/// What the organizations area offers the rest of the system.
pub const AREA: Area = Area {
    name: "organizations",
    demo: Some(("organizations", |conn, now, batch| {
        Box::pin(demo::load(conn, now, batch))
    })),
    transitions: None,
    templates: None,
    subjects: Some((&[NodeType::Organization], |conn, viewer, (_, id), _| {
        Box::pin(async move {
            let visible = visibility::organizations(viewer);
            Ok(!storage::organizations_by_ids(conn, &[id], &visible)
                .await?
                .is_empty())
        })
    })),
};
