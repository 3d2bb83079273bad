//! `diligence`: a Datalog reasoner for the harm prevention rule in cyberspace.
#![allow(missing_docs)] // lifted module by module

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
pub fn why_not(
    ev: &Evaluation,
    atom: &str,
    depth: usize,
) -> Result<explain::whynot::WhyNot, String> {
    let (rel, pattern) = explain::whynot::parse_pattern(ev, atom)?;
    explain::whynot::why_not(ev, rel, &pattern, depth)
}
