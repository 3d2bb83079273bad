//! The command line, as clap definitions only: doc comments are the help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::facts::Time;
use crate::output::Format;

/// Applies the harm prevention rule in cyberspace (Kreuzer 2024) to incident data and
/// explains every conclusion.
///
/// Exit codes: 0 success, 1 invalid input (every problem listed as FILE:LINE:COLUMN),
/// 2 usage error.
#[derive(Debug, Parser)]
#[command(name = "diligence", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where the facts come from and under which doctrine they are judged.
#[derive(Debug, Args, Clone)]
pub struct DataArgs {
    /// The dataset folder (default: `facts` in the current folder, else the shipped dataset).
    #[arg(long, value_name = "DIR")]
    pub facts: Option<PathBuf>,
    /// A shipped profile name (kreuzer-2024, tallinn-2, pure-sovereignty, no-due-diligence,
    /// collective-cm) or a profile file.
    #[arg(long, value_name = "NAME|FILE", default_value = "kreuzer-2024")]
    pub profile: String,
    /// The evaluation time (ISO 8601); default: the latest time in the dataset.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub as_of: Option<Time>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate a dataset and print relations (default: the conclusions).
    Run {
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write one CSV file per relation into this folder instead of printing.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Relations to print (e.g. negligent obligation knows), or `all` for every output relation.
        #[arg(value_name = "RELATION")]
        relations: Vec<String>,
        /// Write the proof of every row of these relations as JSON Lines (one proof per
        /// line, the schema of `explain --format json`): to stdout instead of the rows, or
        /// with `--out DIR` into `DIR/RELATION.proofs.jsonl` beside each `RELATION.csv`.
        #[arg(long)]
        explain: bool,
    },
    /// Validate a dataset only; exit 1 with every problem.
    Check {
        /// The dataset folder (default: `facts`).
        #[arg(long, value_name = "DIR")]
        facts: Option<PathBuf>,
    },
    /// Print the rule catalogue: ids, status, sources and meaning.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Explain derived rows: the proof tree down to the input rows (file and line).
    ///
    /// ATOM is `relation(arg, …)` with ids or state names; `_` matches any value, and every
    /// matching row is explained, e.g. `'negligent(BB, _)'`.
    Explain {
        /// The atom, e.g. `'negligent(BB, hosp)'`.
        atom: String,
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ProofFormat::Text)]
        format: ProofFormat,
        /// Cut the tree after N levels.
        #[arg(long, value_name = "N")]
        depth: Option<usize>,
        /// List every derivation of the row, not only one of least height.
        #[arg(long)]
        all: bool,
    },
    /// Explain why a row was not derived: for each rule that could derive it, the premises
    /// that hold and the one that fails, recursively down to the missing input.
    #[command(name = "why-not")]
    WhyNot {
        /// The atom, e.g. `'admissible(r-3)'` or `'negligent(BB, hosp)'` (`_` for any value).
        atom: String,
        #[command(flatten)]
        data: DataArgs,
        /// How many levels of missing derived premises to explain.
        #[arg(long, value_name = "N", default_value_t = 4)]
        depth: usize,
        /// Output format (`jsonl`: the JSON on one line).
        #[arg(long, value_enum, default_value_t = ProofFormat::Text)]
        format: ProofFormat,
    },
    /// Write a synthetic dataset of N incidents (deterministic for a seed).
    Generate {
        /// Number of incidents.
        #[arg(long, value_name = "N")]
        incidents: u64,
        /// Random seed.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// The folder to write (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// How proofs are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ProofFormat {
    /// An indented tree.
    Text,
    /// JSON (one proof per matching row, in an array).
    Json,
    /// JSON Lines: one proof per line, for batch use (`'negligent(_, _)'` explains every row).
    Jsonl,
    /// Graphviz DOT.
    Dot,
}

fn parse_time(s: &str) -> Result<Time, String> {
    Time::parse(s)
}
