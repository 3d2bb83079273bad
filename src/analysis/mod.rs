//! Doctrinal analyses: how the conclusions depend on the doctrine and on the facts.
//!
//! - [`compare`]: the rows two profiles disagree on, each attributed to the smallest sets of
//!   profile positions that make the difference.
//! - [`sensitivity`]: for every conclusion, whether it holds under every shipped profile, and
//!   which positions it stands or falls with.
//! - [`whatif`]: counterfactuals: the smallest sets of events (a timely measure, a warning, an
//!   answer, compensation) that would have made a conclusion disappear.
//!
//! Each answer is found by evaluating the dataset again, never by reasoning about the rules.

pub mod compare;
pub mod sensitivity;
pub mod whatif;
