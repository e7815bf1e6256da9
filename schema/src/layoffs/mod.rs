//! Layoffs under LCL Art. 41 (issue 16): the plan, the 30-day explanation,
//! the union's opinion and the employer's answer, the report to the labour
//! administration, protected workers, severance and re-employment. The
//! rules come first, as pure functions.

pub mod rates;
pub mod rules;
