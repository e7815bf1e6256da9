//! The areas of the domain, in one list: what each offers the rest of the
//! system besides its GraphQL fields (which `lib.rs` merges). Adding an
//! area adds one entry here and touches nothing else central: the demo
//! city loads its part, the scheduler runs its transitions, and the mailer
//! renders its events.
//!
//! Node types stay in `graphql::node`: async-graphql's `Node` interface is
//! a static enum of every object type, and `node(id:)` must query only the
//! types its ids name.

use chrono::NaiveDateTime;
use futures_util::future::BoxFuture;
use serde_json::Value;

use crate::db::Conn;
use crate::deadlines::rules::ReminderOffsets;
use crate::deadlines::scheduler::Transitions;
use crate::demo::Batch;
use crate::events::kinds::{EventCategory, EventKind};
use crate::graphql::errors::ApiError;
use crate::graphql::ids::NodeType;
use crate::identity::Viewer;
use crate::identity::kinds::Language;

/// Loads an area's part of a batch of the demo city (the city itself or
/// a copy of its employers), in the caller's transaction.
pub type DemoPart = for<'c, 'd> fn(
    &'c mut Conn<'d>,
    NaiveDateTime,
    &'c mut Batch,
) -> BoxFuture<'c, Result<(), ApiError>>;

/// Registers the steps an area's clocks take by themselves when they run out.
pub type Registrar = fn(Transitions, &ReminderOffsets) -> Transitions;

/// Whether a viewer may see an event of a kind about a subject of one of
/// the area's node types (some events tell of what only some of those who
/// see the subject may see: an office's analysis of a risk case).
pub type SubjectCheck = for<'c, 'd> fn(
    &'c mut Conn<'d>,
    &'c Viewer,
    (NodeType, i64),
    EventKind,
) -> BoxFuture<'c, Result<bool, ApiError>>;

/// The subject, what happened and what to do, of an event's email.
pub type Template = fn(EventKind, &Value, Language) -> (String, String, String);

/// What one area offers.
pub struct Area {
    pub name: &'static str,
    /// Its part of the demo city, by the name recorded once it is loaded;
    /// parts load in this list's order.
    pub demo: Option<(&'static str, DemoPart)>,
    pub transitions: Option<Registrar>,
    /// The email texts of its category of events.
    pub templates: Option<(EventCategory, Template)>,
    /// The node types its events are about, and who may see one of them.
    pub subjects: Option<(&'static [NodeType], SubjectCheck)>,
}

/// Every area, in the order their demo parts load.
pub const AREAS: &[Area] = &[
    crate::organizations::AREA,
    crate::identity::AREA,
    crate::deadlines::AREA,
    crate::offers::AREA,
    crate::agreements::AREA,
    crate::risk::AREA,
    crate::layoffs::AREA,
    crate::evaluation::AREA,
    crate::summaries::AREA,
];

/// The scheduler's transitions of every area.
pub fn transitions(reminders: &ReminderOffsets) -> Transitions {
    AREAS
        .iter()
        .filter_map(|area| area.transitions)
        .fold(Transitions::default(), |all, register| {
            register(all, reminders)
        })
}

/// Whether `viewer` may see an event of `kind` about `subject`, through the
/// filter of the area that owns its type; a type no area claims is left to
/// the event's organizations.
pub async fn sees_subject(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    subject: (NodeType, i64),
    kind: EventKind,
) -> Result<bool, ApiError> {
    let owner = AREAS
        .iter()
        .filter_map(|area| area.subjects)
        .find(|(types, _)| types.contains(&subject.0));
    match owner {
        Some((_, sees)) => sees(conn, viewer, subject, kind).await,
        None => Ok(true),
    }
}

/// The area that words the emails of `category`, if one does.
pub fn template(category: EventCategory) -> Option<Template> {
    AREAS
        .iter()
        .filter_map(|area| area.templates)
        .find(|(c, _)| *c == category)
        .map(|(_, template)| template)
}
