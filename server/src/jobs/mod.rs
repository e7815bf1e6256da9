//! Background jobs: the email outbox worker and the deadline scheduler.

pub mod mail;
pub mod scheduler;
