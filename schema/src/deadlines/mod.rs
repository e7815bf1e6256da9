//! Statutory clocks: the working-day calendar, day counting, and the one
//! table of deadlines with their reminders and automatic transitions.

pub mod calendar;
pub mod counting;
pub mod holidays;
pub mod kinds;
pub mod loaders;
pub mod objects;
pub mod rules;
pub mod scheduler;
pub mod storage;

use crate::areas::Area;

/// What the deadlines area offers the rest of the system.
pub const AREA: Area = Area {
    name: "deadlines",
    demo: Some(("calendar-2026", |conn, now, batch| {
        Box::pin(async move {
            match batch.is_city() {
                true => storage::load_calendar_2026(conn, now).await,
                false => Ok(()),
            }
        })
    })),
    transitions: None,
    templates: None,
    subjects: None,
};
