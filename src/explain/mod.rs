//! Explanations: why a conclusion holds, and why one does not.
//!
//! - [`argument`]: the legal argument built from a proof or a why-not (the default output of
//!   `explain` and `why-not`, and what the report, the memo and the playground render):
//!   numbered findings with rules, sources, input rows and conditions as sentences; text,
//!   Markdown and HTML.
//! - [`memo`]: a legal memorandum on one incident (`diligence memo`): the facts with their
//!   rows, the questions in order, each answered by its arguments, with robustness across
//!   the shipped profiles and, for a breach, the smallest change of facts that avoids it.
//! - [`words`]: values as a person reads them (dates, names, closed values, positions).
//! - [`provenance`]: proof trees of least height, rebuilt after evaluation by the matchers the
//!   rule macro generates from the clauses, down to the input rows (`FILE:LINE`); their
//!   renderings (text, JSON, DOT) and the checker that re-verifies a proof against the rules.
//! - [`whynot`]: why a row was *not* derived: for each clause that could derive it, the premise
//!   or condition that fails, down to the missing input.
//! - [`sentences`]: the plain-language sentence of a row of every relation, which every
//!   rendering prints beside the rule it rests on.

pub mod argument;
pub mod memo;
pub mod provenance;
pub mod sentences;
pub mod whynot;
pub mod words;
