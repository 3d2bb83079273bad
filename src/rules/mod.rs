//! The rules: the catalogue table, the vocabulary the guards use, the rule program
//! (written once, through the rule macro) and the engine types its matchers report with.

pub mod catalogue;
pub mod engine;
pub mod program;
pub mod vocab;

pub use catalogue::{RuleId, RuleStatus};
