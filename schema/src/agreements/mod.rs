//! Agreements (CCP ch. 5–6, LCL Arts. 51–56): collective and special
//! contracts, sector and regional contracts, and the lighter agreements,
//! memoranda and minutes; drafted together, voted on, signed, filed,
//! reviewed, in force, renewed or ended.

pub mod clauses;
pub mod demo;
pub mod facts;
pub mod input;
pub mod kinds;
pub mod loaders;
pub mod mutations;
pub mod objects;
pub mod queries;
pub mod record;
pub mod rules;
pub mod storage;
pub mod templates;
pub mod transitions;
pub mod visibility;

use crate::areas::Area;
use crate::change::Record;
use crate::events::kinds::EventCategory;
use crate::graphql::errors::TxError;
use crate::graphql::ids::NodeType;
use storage::AgreementRow;

/// What the agreements area offers the rest of the system.
pub const AREA: Area = Area {
    name: "agreements",
    demo: Some(("agreements", |conn, now, batch| {
        Box::pin(demo::load(conn, now, batch))
    })),
    transitions: Some(transitions::transitions),
    templates: Some((EventCategory::Agreements, templates::text)),
    subjects: Some((&[NodeType::Agreement], |conn, viewer, (_, id), _| {
        Box::pin(async move {
            Ok(AgreementRow::load(conn, viewer, id)
                .await
                .map_err(TxError::into_api)?
                .is_some())
        })
    })),
};
