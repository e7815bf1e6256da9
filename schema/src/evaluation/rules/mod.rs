//! The rules of evaluation: what scores come to, and each step of an
//! evaluation and of a guide edition.

pub mod coverage;
pub mod scoring;
pub mod steps;

pub use scoring::*;
