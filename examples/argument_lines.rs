//! How long explanations are: for every row of the conclusion relations of a dataset, the
//! lines of the proof tree (`explain --format trace`) against the lines of the legal
//! argument (`explain`, the default), median and largest per relation and overall.
//!
//! ```text
//! cargo run --example argument_lines -- [FACTS_DIR]
//! ```

use std::error::Error;
use std::io::Write;
use std::path::Path;

use diligence::explain::argument::Argument;
use diligence::explain::provenance::{self, Prover};
use diligence::{evaluate, facts, output, profile, EvalOptions};

/// The conclusion relations (what `diligence run` prints by default) and the other
/// relations of the data model.
const RELATIONS: &[&str] = &[
    "negligent",
    "violation",
    "wrongful",
    "consequence",
    "admissible",
    "inadmissible",
    "cyber_harm",
    "significant",
    "emanates",
    "attributed",
    "knows",
    "obligation",
    "breach",
    "concern",
    "recommendation",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&args, &mut std::io::stdout()) {
        eprintln!("argument_lines: {e}");
        std::process::exit(1);
    }
}

fn stats(v: &mut [usize]) -> (usize, usize) {
    v.sort_unstable();
    (
        v.get(v.len() / 2).copied().unwrap_or(0),
        v.last().copied().unwrap_or(0),
    )
}

/// Writes one line per relation and a total: rows, then median and largest line count of
/// the trace and of the argument.
pub fn run(args: &[String], out: &mut dyn Write) -> Result<(), Box<dyn Error>> {
    let dir = args.first().map_or("facts", String::as_str);
    let ev = evaluate(
        facts::load(Path::new(dir))?,
        profile::load_profile("kreuzer-2024")?,
        &EvalOptions::default(),
    );
    writeln!(
        out,
        "{:<16} {:>5}  {:>12} {:>12}  {:>14} {:>14}",
        "relation", "rows", "trace median", "trace max", "argument median", "argument max"
    )?;
    let (mut all_trace, mut all_arg) = (Vec::new(), Vec::new());
    let mut prover = Prover::new(&ev.model);
    for name in RELATIONS {
        let rel = output::relation(name).ok_or("no relation")?;
        let (mut trace, mut arg) = (Vec::new(), Vec::new());
        for fact in ev.model.facts(rel) {
            let proof = prover.prove(&fact).ok_or("a row without proof")?;
            trace.push(provenance::render_text(&proof, &ev, None).lines().count());
            arg.push(Argument::explain(&ev, &proof).to_text().lines().count());
        }
        all_trace.extend(&trace);
        all_arg.extend(&arg);
        let (tm, tx) = stats(&mut trace);
        let (am, ax) = stats(&mut arg);
        writeln!(
            out,
            "{name:<16} {:>5}  {tm:>12} {tx:>12}  {am:>14} {ax:>14}",
            trace.len()
        )?;
    }
    let n = all_trace.len();
    let (tm, tx) = stats(&mut all_trace);
    let (am, ax) = stats(&mut all_arg);
    writeln!(
        out,
        "{:<16} {n:>5}  {tm:>12} {tx:>12}  {am:>14} {ax:>14}",
        "all"
    )?;
    Ok(())
}
