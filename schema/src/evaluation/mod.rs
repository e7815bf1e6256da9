//! Quality evaluation of collective bargaining (issue 17, seed 000
//! §二.2(四)): the evaluation guide as versioned data, employers'
//! evaluations against it, and the coverage of model units.

pub mod guide;
pub mod kinds;
pub mod rules;
