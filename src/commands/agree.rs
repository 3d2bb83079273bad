//! tmp
use diligence::cli::AgreeArgs;
pub fn run(_: AgreeArgs) -> super::Outcome {
    Ok(())
}
