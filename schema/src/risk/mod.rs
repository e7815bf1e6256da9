//! Risk monitoring and early warning in labour relations (seed 004,
//! 劳动关系领域风险监测预警工作实施方案): the monitored items, the reports
//! and cases, the information form's clocks and the warning levels.

pub mod kinds;
pub mod rules;
