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
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Exit code: success.
pub const EXIT_SUCCESS: u8 = 0;
/// Exit code: invalid input.
pub const EXIT_INPUT: u8 = 1;
/// Exit code: usage error (clap's own for arguments it rejects).
pub const EXIT_USAGE: u8 = 2;

/// Every exit code with its meaning (the binary's `main` returns these; `docs/data-model.md`
/// lists them).
pub const EXIT_CODES: [(u8, &str); 3] = [
    (
        EXIT_SUCCESS,
        "success (also when the reader of the output stops early, as `diligence run | head` does)",
    ),
    (
        EXIT_INPUT,
        "invalid input: the dataset, a profile, a query or an assumed file has problems, each \
         printed as `FILE:LINE:COLUMN: message`; nothing was evaluated",
    ),
    (
        EXIT_USAGE,
        "usage error: an unknown command, option, relation or atom, or a value of the wrong form",
    ),
];

/// Where the facts come from and under which doctrine they are judged.
#[derive(Debug, Args, Clone)]
pub struct DataArgs {
    /// The dataset folder (default: `facts` in the current folder, else the shipped dataset
    /// built into the binary).
    #[arg(long, value_name = "DIR")]
    pub facts: Option<PathBuf>,
    /// A shipped profile name (kreuzer-2024, tallinn-2, pure-sovereignty, no-due-diligence,
    /// collective-cm) or a profile file.
    #[arg(long, value_name = "NAME|FILE", default_value = "kreuzer-2024")]
    pub profile: String,
    /// The evaluation time (ISO 8601); default: the latest time in the dataset.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub as_of: Option<Time>,
    /// Add the rows of this CSV file (laid out as an input file, named like one, e.g.
    /// `what-if/events.csv`, or with one's header) for this evaluation. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub assume: Vec<PathBuf>,
    /// Remove the input row starting on this line of a dataset file, e.g. `events.csv:12`,
    /// for this evaluation. Repeatable.
    #[arg(long, value_name = "FILE:LINE")]
    pub retract: Vec<String>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate a dataset and print relations (default: the conclusions).
    Run(RunArgs),
    /// Validate a dataset only; exit 1 with every problem.
    Check(CheckArgs),
    /// Print the rule catalogue: ids, status, sources and meaning.
    Rules(RulesArgs),
    /// Explain derived rows: the proof tree down to the input rows (file and line).
    ///
    /// ATOM is `relation(arg, …)` with ids or state names; `_` matches any value, and every
    /// matching row is explained, e.g. `'negligent(BB, _)'`.
    Explain(ExplainArgs),
    /// Explain why a row was not derived: for each rule that could derive it, the premises
    /// that hold and the one that fails, recursively down to the missing input.
    #[command(name = "why-not")]
    WhyNot(WhyNotArgs),
    /// Write a legal memorandum on one incident: the facts with their rows (FILE:LINE), the
    /// questions in order (harm and significance, link, attribution, knowledge,
    /// obligations, breach, responsibility, countermeasures), each answered with its legal
    /// argument, whether each answer is robust across the shipped profiles, and for each
    /// breach the smallest change of facts that would have avoided it.
    Memo(MemoArgs),
    /// Compare two profiles: per relation, the rows only one of them derives, each with the
    /// profile positions that make the difference (found by evaluation).
    Compare(CompareArgs),
    /// For every conclusion: robust under all shipped profiles, or which positions it
    /// depends on (one position of the base profile switched at a time).
    Sensitivity(SensitivityArgs),
    /// Counterfactuals: the smallest sets of events (a timely measure, a warning, an MLA
    /// answer, an assistance request, compensation) that would make a conclusion disappear.
    #[command(name = "what-if")]
    WhatIf(WhatIfArgs),
    /// List profiles (default: the shipped ones): each position's value, who set it, its source.
    Profiles(ProfilesArgs),
    /// Answer research queries over every input and derived relation (see README, "Queries").
    ///
    /// QUERY is a query file (e.g. `queries/negligent-without-attribution.dl`) or query text,
    /// e.g. `'q(S, V) :- negligent(S, I), targets(I, V, _).'`.
    Query(QueryArgs),
    /// Write an explainable report of the conclusions: one self-contained HTML file
    /// (summary, sortable tables, proofs, incident timelines, profile), and/or one SVG
    /// proof graph per conclusion row.
    Report(ReportArgs),
    /// Write a synthetic dataset of N incidents (deterministic for a seed).
    Generate(GenerateArgs),
    /// Start the playground: a local web application to change a fact or a doctrinal
    /// position and see the conclusions and their arguments change (see README,
    /// "Playground"). Ctrl-C stops it.
    Serve(ServeArgs),
    /// Import an incident dataset researchers hold (EuRepoC, the CFR tracker) as a dataset
    /// of our schema, with a provenance log (see README, "Importing EuRepoC and CFR").
    Import(ImportArgs),
    /// For each incident and conclusion, whether the dataset holds what the rules need to
    /// decide it, and if not, the first missing kind of fact; with totals.
    Coverage(CoverageArgs),
    /// Compare the conclusions on an imported EuRepoC dataset with EuRepoC's own legal
    /// coding: 2×2 tables, raw agreement, Cohen's κ, Gwet's AC1 and the share decidable,
    /// per item and profile, and every disagreement with its reason.
    Agree(AgreeArgs),
    /// Print a shell completion script (bash, zsh or fish) for diligence on standard output.
    Completions(CompletionsArgs),
    /// Print the manual page of diligence (roff, for `man`) on standard output.
    Man,
    /// Write `catalogue.md` and `data-model.md` from the tables the program reads (for
    /// developers: the repository's `docs/` folder is written this way).
    #[command(hide = true)]
    Docs(DocsArgs),
}

/// The arguments of `diligence run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The dataset, profile and evaluation time.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write one CSV file per relation into this folder instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Relations to print (e.g. negligent obligation knows), or `all` for every output relation.
    #[arg(value_name = "RELATION")]
    pub relations: Vec<String>,
    /// Write the proof of every row of these relations as JSON Lines (one proof per
    /// line, the schema of `explain --format json`): to stdout instead of the rows, or
    /// with `--out DIR` into `DIR/RELATION.proofs.jsonl` beside each `RELATION.csv`.
    #[arg(long)]
    pub explain: bool,
}

/// The arguments of `diligence check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The dataset folder (default: `facts` in the current folder, else the shipped dataset
    /// built into the binary).
    #[arg(long, value_name = "DIR")]
    pub facts: Option<PathBuf>,
}

/// The arguments of `diligence rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The arguments of `diligence explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The atom, e.g. `'negligent(BB, hosp)'`.
    pub atom: String,
    /// The dataset, profile and evaluation time.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ProofFormat::Text)]
    pub format: ProofFormat,
    /// Cut the tree after N levels (`--format trace`).
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// List every derivation of the row, not only one of least height.
    #[arg(long)]
    pub all: bool,
}

/// The arguments of `diligence why-not`.
#[derive(Debug, Args)]
pub struct WhyNotArgs {
    /// The atom, e.g. `'admissible(r-3)'` or `'negligent(BB, hosp)'` (`_` for any value).
    pub atom: String,
    /// The dataset, profile and evaluation time.
    #[command(flatten)]
    pub data: DataArgs,
    /// How many levels of missing legal findings to explain (method steps and rows that
    /// only restate a premise are not counted).
    #[arg(long, value_name = "N", default_value_t = crate::explain::whynot::DEFAULT_DEPTH)]
    pub depth: usize,
    /// Output format (`jsonl`: the JSON on one line).
    #[arg(long, value_enum, default_value_t = ProofFormat::Text)]
    pub format: ProofFormat,
}

/// The arguments of `diligence memo`.
#[derive(Debug, Args)]
pub struct MemoArgs {
    /// The incident's id, e.g. `estonia-2007`.
    #[arg(value_name = "INCIDENT")]
    pub incident: String,
    /// The dataset, profile and evaluation time.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MemoFormat::Markdown)]
    pub format: MemoFormat,
    /// Write the memo into this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// How the memo is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MemoFormat {
    /// The memo as Markdown, for pasting into a brief.
    Markdown,
    /// The memo as one self-contained HTML page (inline style, nothing fetched), ready to
    /// print.
    Html,
}

/// The arguments of `diligence compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The two profiles (shipped names or files): `--profile A --profile B`.
    #[arg(
        long = "profile",
        value_name = "NAME|FILE",
        num_args = 1,
        required = true
    )]
    pub profiles: Vec<String>,
    /// The dataset folder (default: `facts` in the current folder, else the shipped dataset
    /// built into the binary).
    #[arg(long, value_name = "DIR")]
    pub facts: Option<PathBuf>,
    /// The evaluation time (ISO 8601); default: the latest time in the dataset.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub as_of: Option<Time>,
    /// Add the rows of this CSV file for the comparison (see `run --assume`).
    #[arg(long, value_name = "FILE")]
    pub assume: Vec<PathBuf>,
    /// Remove this input row for the comparison (see `run --retract`).
    #[arg(long, value_name = "FILE:LINE")]
    pub retract: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Relations to compare (default: the conclusions), or `all`.
    #[arg(value_name = "RELATION")]
    pub relations: Vec<String>,
}

/// The arguments of `diligence sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The dataset, profile and evaluation time.
    #[command(flatten)]
    pub data: DataArgs,
    /// Also switch a numeric position to these values, e.g. `window_hours=24,168`. Repeatable.
    #[arg(long, value_name = "KEY=V,…")]
    pub vary: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Relations to examine (default: negligent violation wrongful consequence admissible).
    #[arg(value_name = "RELATION")]
    pub relations: Vec<String>,
}

/// The arguments of `diligence what-if`.
#[derive(Debug, Args)]
pub struct WhatIfArgs {
    /// The conclusion, e.g. `'negligent(BB, hosp)'` (`_` for any value: every matching row must go).
    pub atom: String,
    /// The dataset, profile and evaluation time.
    #[command(flatten)]
    pub data: DataArgs,
    /// The largest set of events to try.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_size: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = WhatIfFormat::Text)]
    pub format: WhatIfFormat,
}

/// The arguments of `diligence profiles`.
#[derive(Debug, Args)]
pub struct ProfilesArgs {
    /// Profiles to list (shipped names or files); default: every shipped profile.
    #[arg(value_name = "NAME|FILE")]
    pub names: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The arguments of `diligence query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// A query file, or the query text itself.
    #[arg(value_name = "FILE|TEXT")]
    pub query: String,
    /// The dataset, profile and evaluation time.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Print only the queries of these names (default: every query of the file).
    #[arg(long = "name", value_name = "NAME")]
    pub names: Vec<String>,
    /// For each row, print the rule and binding that gave it and the proof of every
    /// derived atom it used (text).
    #[arg(long)]
    pub explain: bool,
}

/// The arguments of `diligence report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The dataset, profile and evaluation time.
    #[command(flatten)]
    pub data: DataArgs,
    /// Write the report as one self-contained HTML file.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write one SVG proof graph per conclusion row into this folder (with index.csv).
    #[arg(long, value_name = "DIR")]
    pub svg_dir: Option<PathBuf>,
    /// Also evaluate under this profile and list the conclusion rows that differ.
    #[arg(long, value_name = "NAME|FILE")]
    pub compare: Option<String>,
    /// Rows per table whose legal arguments and proofs are written into the HTML itself
    /// (readable without JavaScript); the others' proofs are drawn from embedded data when
    /// expanded.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub inline_proofs: usize,
    /// Incidents whose timelines are written into the HTML itself; the others are
    /// drawn from embedded data when expanded.
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub inline_timelines: usize,
}

/// The arguments of `diligence generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of incidents.
    #[arg(long, value_name = "N")]
    pub incidents: u64,
    /// Random seed.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// The folder to write (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// The arguments of `diligence serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The dataset folder (default: `facts` in the current folder, else the shipped dataset).
    /// It is only read, never written.
    #[arg(long, value_name = "DIR")]
    pub facts: Option<PathBuf>,
    /// The profile to start with (a shipped name or a profile file).
    #[arg(long, value_name = "NAME|FILE", default_value = "kreuzer-2024")]
    pub profile: String,
    /// The port on 127.0.0.1 (0: any free port; the address is printed). Default 8080.
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Listen on this address instead of 127.0.0.1 (e.g. `0.0.0.0:8080`, to be reached
    /// from other machines: anyone who can reach it can use it).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<std::net::SocketAddr>,
    /// Open the playground in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// The arguments of `diligence import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The source imported from.
    #[command(subcommand)]
    pub source: ImportSource,
}

/// The datasets `import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// EuRepoC Global Database 1.1 (`EuRepoC_Global_Database_1.1.csv`).
    Eurepoc(EurepocImportArgs),
    /// The CFR Cyber Operations Tracker (`cyber-operations-incidents.csv`).
    Cfr(CfrImportArgs),
}

/// The arguments of `diligence import eurepoc`.
#[derive(Debug, Args)]
pub struct EurepocImportArgs {
    /// The Global Database file.
    #[arg(value_name = "GLOBAL.csv")]
    pub global: PathBuf,
    /// `EuRepoC_Attribution_dataset_1.1.csv`: dated attributions (public reports) from it
    /// instead of the Global Database's `"; "`-joined attribution columns.
    #[arg(long, value_name = "FILE")]
    pub attribution: Option<PathBuf>,
    /// `EuRepoC_Receiver_dataset_1.1.csv`: targets from it instead of the Global Database's
    /// receiver lists.
    #[arg(long, value_name = "FILE")]
    pub receiver: Option<PathBuf>,
    /// Where the dataset is written, and what it is enriched with.
    #[command(flatten)]
    pub out: ImportOut,
}

/// The arguments of `diligence import cfr`.
#[derive(Debug, Args)]
pub struct CfrImportArgs {
    /// The tracker file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where the dataset is written, and what it is enriched with.
    #[command(flatten)]
    pub out: ImportOut,
}

/// Where an import goes, and what it is enriched with.
#[derive(Debug, Args)]
pub struct ImportOut {
    /// The dataset folder to write (must not exist, or be empty; see --force).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Capacity of states, in the schema of `states.csv` (`id, capacity`), merged by state id.
    #[arg(long, value_name = "FILE")]
    pub states: Option<PathBuf>,
    /// Institutions, in the schema of `institutions.csv`, merged by state id.
    #[arg(long, value_name = "FILE")]
    pub institutions: Option<PathBuf>,
    /// Take capacity and institutions from another dataset (e.g. the shipped `facts`),
    /// matched by state id.
    #[arg(long = "with", value_name = "DIR")]
    pub with: Option<PathBuf>,
    /// Replace DIR if it holds an earlier import.
    #[arg(long)]
    pub force: bool,
}

/// The arguments of `diligence coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// The dataset, profile and evaluation time.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format (CSV: one row per incident and conclusion; JSON: see README).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Print the totals only (table format).
    #[arg(long)]
    pub totals: bool,
}

/// Whose legal coding `agree` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Coding {
    /// EuRepoC Global Database 1.1: `state_responsibility_indicator`, `IL_breach_indicator`
    /// (+ `_subcode`), `legal_response_indicator`.
    Eurepoc,
}

/// The arguments of `diligence agree`.
#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// Whose coding the file holds.
    #[arg(long, value_enum, value_name = "CODING")]
    pub coding: Coding,
    /// The coded file (EuRepoC's Global Database).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The imported dataset (default: `facts` in the current folder, else the shipped dataset
    /// built into the binary).
    #[arg(long, value_name = "DIR")]
    pub facts: Option<PathBuf>,
    /// Profiles to compare (shipped names or files); repeatable. Default: kreuzer-2024.
    #[arg(long = "profile", value_name = "NAME|FILE")]
    pub profiles: Vec<String>,
    /// Every shipped profile.
    #[arg(long, conflicts_with = "profiles")]
    pub all_profiles: bool,
    /// The evaluation time (ISO 8601); default: the latest time in the dataset.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub as_of: Option<Time>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The arguments of `diligence completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The shells `diligence completions` writes scripts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// Bash: load with `source <(diligence completions bash)`.
    Bash,
    /// Zsh: write into a folder of `$fpath` as `_diligence`.
    Zsh,
    /// Fish: write into `~/.config/fish/completions/diligence.fish`.
    Fish,
}

/// The arguments of `diligence docs`.
#[derive(Debug, Args)]
pub struct DocsArgs {
    /// The folder to write into (created if needed).
    #[arg(long, value_name = "DIR", default_value = "docs")]
    pub out: PathBuf,
}

/// How proofs are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ProofFormat {
    /// The legal argument: the conclusion, then numbered findings with their rules,
    /// sources and input rows (`FILE:LINE`).
    Text,
    /// The full proof tree as the rules derived it, guards as code: the audit trail.
    Trace,
    /// The legal argument as Markdown, for pasting into a brief.
    Markdown,
    /// The legal argument as an HTML fragment.
    Html,
    /// JSON (one proof per matching row, in an array).
    Json,
    /// JSON Lines: one proof per line, for batch use (`'negligent(_, _)'` explains every row).
    Jsonl,
    /// Graphviz DOT.
    Dot,
}

/// How what-if answers are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WhatIfFormat {
    /// Sentences and `events.csv` rows.
    Text,
    /// JSON.
    Json,
}

fn parse_time(s: &str) -> Result<Time, String> {
    Time::parse(s)
}
