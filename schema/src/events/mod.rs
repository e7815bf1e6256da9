//! Events: every state change writes one in its transaction; after commit it
//! reaches subscribers (in this instance and, on PostgreSQL, every other),
//! and a worker turns it into notifications and email.

pub mod bus;
pub mod inbox;
pub mod kinds;
pub mod mail;
pub mod notifications;
pub mod objects;
pub mod storage;
pub mod templates;
