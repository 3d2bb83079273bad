//! Explain a conclusion: evaluate a dataset and print the proof tree of every row that
//! matches an atom, down to the input rows it rests on.
//!
//! ```text
//! cargo run --example explain -- [FACTS_DIR] [ATOM]
//! cargo run --example explain -- facts 'negligent(RU, _)'
//! ```

use std::error::Error;
use std::io::Write;
use std::path::Path;

use diligence::explain::provenance::{self, Prover};
use diligence::{evaluate, facts, profile, EvalOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&args, &mut std::io::stdout()) {
        eprintln!("explain: {e}");
        std::process::exit(1);
    }
}

/// Evaluates `args[0]` (default `facts`) under `kreuzer-2024` and writes the proof of each
/// row matching `args[1]` (default `negligent(_, _)`, the first row only) to `out`.
pub fn run(args: &[String], out: &mut dyn Write) -> Result<(), Box<dyn Error>> {
    let dir = args.first().map_or("facts", String::as_str);
    let atom = args.get(1).map_or("negligent(_, _)", String::as_str);

    let dataset = facts::load(Path::new(dir))?;
    let evaluation = evaluate(
        dataset,
        profile::load_profile("kreuzer-2024")?,
        &EvalOptions::default(),
    );

    // Rows matching the atom: ids or state names, `_` for any value.
    let pattern = provenance::parse_atom(atom)?;
    let rows = provenance::find(&evaluation, &pattern)?;
    let rows = if args.get(1).is_none() {
        &rows[..rows.len().min(1)]
    } else {
        &rows[..]
    };
    if rows.is_empty() {
        writeln!(out, "{atom}: no such row was derived")?;
    }
    // A proof of least height per row, rendered as a tree of catalogue rules.
    let mut prover = Prover::new(&evaluation.model);
    for row in rows {
        let proof = prover.prove(row).ok_or("a derived row without a proof")?;
        write!(
            out,
            "{}",
            provenance::render_text(&proof, &evaluation, None)
        )?;
    }
    Ok(())
}
