//! `diligence docs`: writes `catalogue.md` and `data-model.md` from the tables the program
//! reads (see [`diligence::docs`]).

use diligence::cli::DocsArgs;

use super::Outcome;

/// Runs the command.
pub fn run(args: DocsArgs) -> Outcome {
    for path in diligence::docs::write(&args.out)? {
        println!("wrote {}", path.display());
    }
    Ok(())
}
