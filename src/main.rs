//! The `diligence` binary: parse the arguments, dispatch to the command's module, and map
//! its failure to a documented exit code (0 ok, 1 invalid input, 2 usage).

mod commands;

use std::process::ExitCode;

use clap::Parser;

use commands::{Failure, Outcome};
use diligence::cli::{Cli, Command, EXIT_INPUT, EXIT_SUCCESS, EXIT_USAGE};
use diligence::explain::provenance;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v2's `mi_option_purge_delay`.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Keep freed memory for reuse: partitions allocate and free the same sizes in turn,
    // and returning pages to the OS made the kernel zero them again (a third of the run).
    // SAFETY: setting an allocator option before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    if std::env::var_os("DILIGENCE_THP").is_none() {
        // SAFETY: a process-wide flag, no pointers involved.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
    let cli = Cli::parse();
    // Proofs recurse once per level: run on a thread with room for the deepest one
    // (`provenance::MAX_PROOF_DEPTH`); the stack is reserved, not used, unless needed.
    let worker = std::thread::Builder::new()
        .name("diligence".into())
        .stack_size(provenance::PROOF_STACK)
        .spawn(move || dispatch(cli));
    let result = match worker {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        // No room for such a stack (a small machine): run here, with the usual stack.
        Err(_) => dispatch(Cli::parse()),
    };
    match result {
        Ok(()) | Err(Failure::Closed) => ExitCode::from(EXIT_SUCCESS),
        Err(Failure::Input(msg)) => {
            eprintln!("{msg}");
            ExitCode::from(EXIT_INPUT)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("diligence: error: {msg}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Runs the command the arguments name.
fn dispatch(cli: Cli) -> Outcome {
    match cli.command {
        Command::Run(args) => commands::run::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Rules(args) => commands::rules::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::WhyNot(args) => commands::why_not::run(args),
        Command::Memo(args) => commands::memo::run(args),
        Command::Compare(args) => commands::compare::run(args),
        Command::Sensitivity(args) => commands::sensitivity::run(args),
        Command::WhatIf(args) => commands::what_if::run(args),
        Command::Profiles(args) => commands::profiles::run(args),
        Command::Query(args) => commands::query::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Generate(args) => commands::generate::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Coverage(args) => commands::coverage::run(args),
        Command::Agree(args) => commands::agree::run(args),
        Command::Completions(args) => commands::install::completions(args),
        Command::Man => commands::install::man(),
        Command::Docs(args) => commands::docs::run(args),
    }
}
