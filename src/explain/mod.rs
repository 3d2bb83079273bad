//! Explanations: why a conclusion holds, and why one does not.
//!
//! - [`provenance`]: proof trees of least height, rebuilt after evaluation by the matchers the
//!   rule macro generates from the clauses, down to the input rows (`FILE:LINE`); their
//!   renderings (text, JSON, DOT) and the checker that re-verifies a proof against the rules.
//! - [`whynot`]: why a row was *not* derived: for each clause that could derive it, the premise
//!   or condition that fails, down to the missing input.
//! - [`sentences`]: the plain-language sentence of a row of every relation, which every
//!   rendering prints beside the rule it rests on.

pub mod argument;
pub mod provenance;
pub mod sentences;
pub mod whynot;
pub mod words;
