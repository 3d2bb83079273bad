//! `diligence check`: validate a dataset only.

use std::io::{self, Write};

use diligence::cli::CheckArgs;

use super::{facts_dir, load, Outcome};

/// Runs the command.
pub fn run(args: CheckArgs) -> Outcome {
    let from = facts_dir(args.facts.as_deref());
    let ds = load(&from, &None)?;
    writeln!(
        io::stdout().lock(),
        "{}: valid ({} rows, {} incidents, {} states)",
        from.label(),
        ds.row_count(),
        ds.incidents.len(),
        ds.states.len()
    )?;
    Ok(())
}
