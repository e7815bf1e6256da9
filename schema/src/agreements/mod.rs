//! Agreements (CCP ch. 5–6, LCL Arts. 51–56): collective and special
//! contracts, sector and regional contracts, and the lighter agreements,
//! memoranda and minutes; drafted together, voted on, signed, filed,
//! reviewed, in force, renewed or ended.

pub mod changes;
pub mod clauses;
pub mod demo;
pub mod drafting;
pub mod kinds;
pub mod lifecycle;
pub mod loaders;
pub mod objects;
pub mod queries;
pub mod rules;
pub mod storage;
pub mod templates;
pub mod visibility;
