//! What a viewer may see of regions and organizations: one filter per
//! entity, applied by every read (lists, counts, `node`, `nodes`).
//!
//! For now everything is visible; the identity area narrows this.

use crate::identity::Viewer;

/// The rows a viewer may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visible {
    Everything,
    /// Only these row ids.
    Only(Vec<i64>),
}

/// Regions are public reference data.
pub fn regions(_viewer: &Viewer) -> Visible {
    Visible::Everything
}

pub fn organizations(viewer: &Viewer) -> Visible {
    match viewer {
        Viewer::Anonymous => Visible::Everything,
    }
}
