//! `diligence completions SHELL` and `diligence man`: a shell completion script and the
//! manual page, both generated from the command-line definitions (`src/cli.rs`) by
//! `clap_complete` and `clap_mangen`, so they always match the binary.

use std::io::{self, Write};

use clap::CommandFactory;
use diligence::cli::{Cli, CompletionsArgs, Shell};

use super::Outcome;

/// The name the binary is installed under.
const BIN: &str = "diligence";

/// Prints the completion script for the shell asked for.
pub fn completions(args: CompletionsArgs) -> Outcome {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut out);
    io::stdout().lock().write_all(&out)?;
    Ok(())
}

/// Prints the manual page: the command, its options, its commands with what each does,
/// and the version (`diligence help COMMAND` gives a command's options).
pub fn man() -> Outcome {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    io::stdout().lock().write_all(&out)?;
    Ok(())
}
