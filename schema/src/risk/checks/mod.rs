//! Health checks (法治体检) and prescriptions (用工处方), and the
//! rectification items of a check or a case (the four lists: 整改清单、
//! 工作措施清单、责任部门清单、整改时限清单; seed 000 §二.1). What concerns
//! an employer's conduct is seen by the employer and its union and by the
//! offices, administrations and federations over it, not by associations.

pub mod mutations;
pub mod objects;
pub mod queries;
pub mod record;
pub mod storage;
