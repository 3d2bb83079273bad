//! `diligence`: a Datalog reasoner for the harm prevention rule in cyberspace.
//!
//! It applies the rule as Kreuzer's *The Harm Prevention Rule in Cyberspace* (Nomos 2024)
//! finds it to incident data held in CSV files: which operations are significant harm
//! (SIG-*), which states they emanate from (LINK-*) and are attributed to (ATTR-*), which
//! states knew of them (KNOW-*), what those states owed (DUTY-*, INST-*) and failed to do
//! (BREACH-*, NEG-1), what follows (RESP-*), and which responses are admissible
//! countermeasures (CM-*). Every rule has an id in the catalogue ([`rules::catalogue`],
//! printed into `docs/catalogue.md`), and every conclusion can be explained: as a proof
//! down to `FILE:LINE` rows, and as a legal argument a lawyer reads.
//!
//! The library is what the `diligence` binary runs, module by module:
//! - [`facts`]: the input schema, loading and validation (every error with file, line and
//!   column); [`facts::shipped`] is the shipped dataset, built into the binary;
//! - [`profile`]: doctrinal profiles, the contested positions and thresholds the rules read;
//! - [`rules`]: the catalogue and the rule program (crepe clauses, one per catalogue rule
//!   or branch of one);
//! - [`eval`]: a dataset under a profile becomes a model of every relation ([`evaluate`]);
//! - [`output`]: relations as tables, CSV and JSON;
//! - [`explain`](mod@explain): proofs ([`explain()`]), why-not ([`why_not`]) and the arguments built
//!   from them ([`explain::argument::Argument`]);
//! - [`query`]: research queries over every relation;
//! - [`analysis`]: profiles compared, sensitivity, coverage, agreement with EuRepoC,
//!   what-if;
//! - [`report`], [`serve`]: the HTML report and the local playground;
//! - [`import`], [`generate`], [`docs`], [`cli`]: importers, the synthetic dataset
//!   generator, the generated documentation and the command line.
//!
//! # Example
//!
//! The shipped dataset under the default profile (`kreuzer-2024`): Russia is negligent
//! about the Colonial Pipeline ransomware operation of 2021 (BREACH-ACTION: it should have
//! known of the operation while it went on, KNOW-CONSTRUCTIVE, some measure was feasible,
//! and it took none within the response window), and the United States, a target and no
//! origin state, is not.
//!
//! ```rust
//! use diligence::explain::argument::Argument;
//! use diligence::{evaluate, facts, output, profile, EvalOptions};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dataset = facts::shipped::load()?;
//! let profile = profile::load_profile("kreuzer-2024")?;
//! let ev = evaluate(dataset, profile, &EvalOptions::default());
//!
//! // A relation's rows, as `diligence run` prints them.
//! let negligent = output::rows(&ev, output::relation("negligent").unwrap());
//! assert!(negligent.contains(&vec!["RU".to_string(), "colonial-2021".to_string()]));
//!
//! // Why the row holds: its proof, and the argument built from it.
//! let proofs = diligence::explain(&ev, "negligent(RU, colonial-2021)")?;
//! let argument = Argument::explain(&ev, &proofs[0]).to_text();
//! assert!(argument.starts_with("Russian Federation was negligent about `colonial-2021`"));
//! assert!(argument.contains("[BREACH-ACTION; lex_lata; Ch. 5.A; F14]"));
//!
//! // Why another does not.
//! let why = diligence::why_not(&ev, "negligent(US, colonial-2021)", 1)?;
//! let argument = Argument::why_not(&ev, &why).to_text();
//! assert!(argument.starts_with("United States was not negligent about `colonial-2021`"));
//! assert!(argument.contains("United States owed no DUTY-ACTION about `colonial-2021`"));
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

pub mod eval;
pub mod facts;
pub mod generate;
pub mod output;
pub mod profile;
pub mod rules;

pub use eval::{evaluate, EvalOptions, Evaluation};
pub mod analysis;
pub mod cli;
pub mod docs;
pub mod explain;
pub mod import;
pub mod query;
pub mod report;
pub mod serve;

/// The proofs (of least height) of every derived row matching `atom` (`relation(arg, …)`,
/// ids or state names, `_` for any value), in output order: typed trees of catalogue rules
/// down to input rows. Unknown relations, wrong arity and unknown ids are errors; an atom
/// that matches no row gives an empty list (ask [`why_not`]).
///
/// ```rust
/// use diligence::rules::catalogue::RuleId;
/// use diligence::{evaluate, facts, profile, EvalOptions};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ev = evaluate(
///     facts::shipped::load()?,
///     profile::load_profile("kreuzer-2024")?,
///     &EvalOptions::default(),
/// );
/// let proofs = diligence::explain(&ev, "negligent(RU, colonial-2021)")?;
/// assert_eq!(proofs.len(), 1);
/// // The proof's root is derived by BREACH-NEGLIGENT, and rests on input rows.
/// let diligence::explain::provenance::Node::Derived { rule, .. } = &proofs[0].node else {
///     panic!("a derived row has a derivation");
/// };
/// assert_eq!(*rule, RuleId::BREACH_NEGLIGENT);
/// assert!(proofs[0].height > 1);
/// // No row, no proof; an unknown relation is an error.
/// assert!(diligence::explain(&ev, "negligent(US, colonial-2021)")?.is_empty());
/// assert!(diligence::explain(&ev, "neglignet(RU, _)").is_err());
/// # Ok(())
/// # }
/// ```
pub fn explain(
    ev: &Evaluation,
    atom: &str,
) -> Result<Vec<std::rc::Rc<explain::provenance::Proof>>, String> {
    let pattern = explain::provenance::parse_atom(atom)?;
    let rows = explain::provenance::find(ev, &pattern)?;
    let mut prover = explain::provenance::Prover::new(&ev.model);
    Ok(rows.iter().filter_map(|f| prover.prove(f)).collect())
}

/// Why no row matches `atom`, as a typed tree ([`explain::whynot::WhyNot`]), explaining missing
/// derived premises `depth` levels deep; an error if a row matches (then [`explain()`] it) or
/// the atom is malformed.
///
/// ```rust
/// use diligence::{evaluate, facts, profile, EvalOptions};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ev = evaluate(
///     facts::shipped::load()?,
///     profile::load_profile("kreuzer-2024")?,
///     &EvalOptions::default(),
/// );
/// // The United States is a target of the Colonial Pipeline operation, not its origin.
/// let why = diligence::why_not(&ev, "negligent(US, colonial-2021)", 2)?;
/// assert_eq!(why.rel, "negligent");
/// assert!(!why.clauses.is_empty());
/// // A row that holds has no why-not: explain it instead.
/// assert!(diligence::why_not(&ev, "negligent(RU, colonial-2021)", 2).is_err());
/// # Ok(())
/// # }
/// ```
pub fn why_not(
    ev: &Evaluation,
    atom: &str,
    depth: usize,
) -> Result<explain::whynot::WhyNot, String> {
    let (rel, pattern) = explain::whynot::parse_pattern(ev, atom)?;
    explain::whynot::why_not(ev, rel, &pattern, depth)
}
