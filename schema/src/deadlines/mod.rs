//! Statutory clocks: the working-day calendar, day counting, and the one
//! table of deadlines with their reminders and automatic transitions.

pub mod calendar;
pub mod counting;
pub mod loaders;
pub mod objects;
pub mod rules;
pub mod scheduler;
pub mod storage;
