//! GraphQL object of an association's totals.

use async_graphql::SimpleObject;

use crate::organizations::objects::Organization;

/// The association's totals over its members' agreements.
#[derive(SimpleObject)]
pub struct AgreementTotals {
    /// Agreements in force.
    pub effective: i32,
    /// Agreements in force whose term ends within 90 days.
    pub expiring_within_90_days: i32,
    /// Agreements that expired with no renewal drafted.
    pub expired_without_renewal: i32,
    /// Workers covered by the agreements in force.
    pub workers_covered: i64,
    /// Member employers.
    pub members: i32,
    /// Member employers bound by no collective contract in force.
    pub members_without_collective_contract: Vec<Organization>,
}
