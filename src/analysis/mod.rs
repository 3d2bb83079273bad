//! Doctrinal analyses: how the conclusions depend on the doctrine and on the facts.
//!
//! - [`compare`]: the rows two profiles disagree on, each attributed to the smallest sets of
//!   profile positions that make the difference.
//! - [`sensitivity`]: for every conclusion, whether it holds under every shipped profile, and
//!   which positions it stands or falls with.
//! - [`whatif`]: counterfactuals: the smallest sets of events (a timely measure, a warning, an
//!   answer, compensation) that would have made a conclusion disappear.
//!
//! - [`coverage`]: per incident and conclusion, whether the dataset holds what the rules need
//!   to decide it, and if not the first missing kind of fact.
//! - [`agree`]: the conclusions on an imported EuRepoC dataset against EuRepoC's own legal
//!   coding: 2×2 tables, raw agreement, Cohen's κ, Gwet's AC1, the share decidable, and
//!   every disagreement with its reason.
//!
//! Each answer of compare, sensitivity and what-if is found by evaluating the dataset
//! again, never by reasoning about the rules.

pub mod agree;
pub mod compare;
pub mod coverage;
pub mod sensitivity;
pub mod whatif;
