//! `diligence generate`: a synthetic dataset, deterministic for a seed.

use diligence::cli::GenerateArgs;
use diligence::generate::{generate, GenConfig};

use super::Outcome;

/// Runs the command.
pub fn run(args: GenerateArgs) -> Outcome {
    let GenerateArgs {
        incidents,
        seed,
        out,
    } = args;
    let stats = generate(&GenConfig { incidents, seed }, &out)?;
    eprintln!("wrote {} ({stats:?})", out.display());
    Ok(())
}
