//! `diligence`: a Datalog reasoner for the harm prevention rule in cyberspace.
#![allow(missing_docs)] // lifted module by module

pub mod eval;
pub mod facts;
pub mod generate;
pub mod output;
pub mod profile;
pub mod rules;

pub use eval::{evaluate, EvalOptions, Evaluation};
pub mod amend;
pub mod cli;
pub mod compare;
pub mod profiles_cmd;
pub mod provenance;
pub mod query;
pub mod report;
pub mod sensitivity;
pub mod sentences;
pub mod whatif;
pub mod whynot;

/// The proofs (of least height) of every derived row matching `atom` (`relation(arg, …)`,
/// ids or state names, `_` for any value), in output order: typed trees of catalogue rules
/// down to input rows. Unknown relations, wrong arity and unknown ids are errors; an atom
/// that matches no row gives an empty list (ask [`why_not`]).
pub fn explain(ev: &Evaluation, atom: &str) -> Result<Vec<std::rc::Rc<provenance::Proof>>, String> {
    let pattern = provenance::parse_atom(atom)?;
    let rows = provenance::find(ev, &pattern)?;
    let mut prover = provenance::Prover::new(&ev.model);
    Ok(rows.iter().filter_map(|f| prover.prove(f)).collect())
}

/// Why no row matches `atom`, as a typed tree ([`whynot::WhyNot`]), explaining missing
/// derived premises `depth` levels deep; an error if a row matches (then [`explain`] it) or
/// the atom is malformed.
pub fn why_not(ev: &Evaluation, atom: &str, depth: usize) -> Result<whynot::WhyNot, String> {
    let (rel, pattern) = whynot::parse_pattern(ev, atom)?;
    whynot::why_not(ev, rel, &pattern, depth)
}
