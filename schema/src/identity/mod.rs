//! Identity: users, sessions, memberships and roles; who may see and do
//! what; and the audit trail.

pub mod audit;
pub mod authorization;
pub mod demo;
pub mod input;
pub mod kinds;
pub mod mutations;
pub mod objects;
pub mod operators;
pub mod queries;
pub mod rules;
pub mod secrets;
pub mod storage;
pub mod throttle;
pub mod viewer;
pub mod viewers;

pub use viewer::Viewer;

/// The client's network address, put into each request's data by the
/// server; login throttling counts failures per address.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

/// The viewer of the request in `ctx` (anonymous when none was set).
pub fn viewer<'a>(ctx: &'a async_graphql::Context<'_>) -> &'a Viewer {
    static ANONYMOUS: Viewer = Viewer::Anonymous;
    ctx.data_opt::<Viewer>().unwrap_or(&ANONYMOUS)
}

use crate::areas::Area;

/// What the identity area offers the rest of the system.
pub const AREA: Area = Area {
    name: "identity",
    demo: Some(("users", |conn, now, batch| {
        Box::pin(demo::load(conn, now, batch))
    })),
    transitions: None,
    templates: None,
    subjects: None,
};
