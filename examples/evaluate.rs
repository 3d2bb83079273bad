//! Load a dataset, evaluate it under a doctrinal profile and print one relation.
//!
//! ```text
//! cargo run --example evaluate -- [FACTS_DIR] [PROFILE] [RELATION]
//! cargo run --example evaluate -- facts tallinn-2 negligent
//! ```

use std::error::Error;
use std::io::Write;
use std::path::Path;

use diligence::output::{self, Format};
use diligence::{evaluate, facts, profile, EvalOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&args, &mut std::io::stdout()) {
        eprintln!("evaluate: {e}");
        std::process::exit(1);
    }
}

/// Evaluates `args[0]` (default `facts`) under `args[1]` (default `kreuzer-2024`) and
/// writes relation `args[2]` (default `negligent`) as a table to `out`.
pub fn run(args: &[String], out: &mut dyn Write) -> Result<(), Box<dyn Error>> {
    let dir = args.first().map_or("facts", String::as_str);
    let profile_name = args.get(1).map_or("kreuzer-2024", String::as_str);
    let relation = args.get(2).map_or("negligent", String::as_str);

    // 1. Load and validate: every problem of the dataset comes back at once.
    let dataset = facts::load(Path::new(dir))?;
    // 2. A shipped profile by name (or a profile file by path).
    let profile = profile::load_profile(profile_name)?;
    // 3. Evaluate; as_of defaults to the latest time in the dataset.
    let evaluation = evaluate(dataset, profile, &EvalOptions::default());
    // 4. Print one relation.
    let rel = output::relation(relation).ok_or_else(|| format!("unknown relation `{relation}`"))?;
    output::write(&evaluation, &[rel], Format::Table, out)?;
    Ok(())
}
