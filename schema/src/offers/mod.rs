//! Bargaining offers (要约, CCP Art. 32), the negotiations that follow them
//! (Arts. 19–35), campaigns, and disputes during bargaining (Arts. 49–53).

pub mod changes;
pub mod demo;
pub mod kinds;
pub mod loaders;
pub mod mutations;
pub mod negotiation;
pub mod objects;
pub mod progress;
pub mod queries;
pub mod representatives;
pub mod rules;
pub mod storage;
pub mod templates;
pub mod visibility;
