//! GraphQL plumbing shared by every area: ids, connections, errors, limits
//! and the `Node` interface.

pub mod api;
pub mod bounds;
pub mod connection;
pub mod errors;
pub mod ids;
pub mod limits;
pub mod node;
pub mod payload;
pub mod text;
