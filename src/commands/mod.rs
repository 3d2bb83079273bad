//! One module per command of the binary, each with a `run` function taking the command's
//! checked arguments; and what they share: the failure type with its exit code, finding
//! and loading the dataset and the profile, evaluation, and the progress spinner.

pub mod agree;
pub mod check;
pub mod compare;
pub mod coverage;
pub mod docs;
pub mod explain;
pub mod generate;
pub mod import;
pub mod install;
pub mod memo;
pub mod profiles;
pub mod query;
pub mod report;
pub mod rules;
pub mod run;
pub mod sensitivity;
pub mod serve;
pub mod what_if;
pub mod why_not;

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};

use diligence::cli::DataArgs;
use diligence::output;
use diligence::rules::program::Rel;
use diligence::{facts, profile, EvalOptions};

/// A failure with its exit code.
pub enum Failure {
    /// Invalid input (dataset, profile): exit 1.
    Input(String),
    /// Bad usage (unknown relation, …): exit 2.
    Usage(String),
    /// The reader of standard output went away (`diligence run | head`): stop quietly,
    /// exit 0, as the reader asked for no more.
    Closed,
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::BrokenPipe => Failure::Closed,
            _ => Failure::Input(e.to_string()),
        }
    }
}

/// What a command returns.
pub type Outcome = Result<(), Failure>;

/// Where the dataset comes from.
pub enum Facts {
    /// A dataset folder.
    Folder(PathBuf),
    /// The shipped dataset built into the binary ([`facts::shipped`]).
    Shipped,
}

impl Facts {
    /// How the dataset is named for people: its folder, or the shipped one.
    pub fn label(&self) -> String {
        match self {
            Facts::Folder(dir) => dir.display().to_string(),
            Facts::Shipped => format!("{} (shipped, built into diligence)", facts::shipped::DIR),
        }
    }
}

/// The dataset: the folder given with `--facts`, else `./facts` when the current folder
/// has one, else the shipped dataset built into the binary.
pub fn facts_dir(given: Option<&Path>) -> Facts {
    match given {
        Some(p) => Facts::Folder(p.to_path_buf()),
        None if Path::new(facts::shipped::DIR).is_dir() => {
            Facts::Folder(PathBuf::from(facts::shipped::DIR))
        }
        None => Facts::Shipped,
    }
}

/// A spinner on stderr when it is a terminal; nothing in pipes and CI.
pub fn progress() -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(pb)
}

/// Loads and validates the dataset; every problem is an input failure.
pub fn load(from: &Facts, pb: &Option<ProgressBar>) -> Result<facts::Dataset, Failure> {
    let dir = match from {
        Facts::Folder(dir) => dir,
        Facts::Shipped => {
            return facts::shipped::load().map_err(|errs| {
                Failure::Input(format!(
                "{errs}\ndiligence: error: the shipped dataset is invalid; nothing was evaluated"
            ))
            })
        }
    };
    let result = match pb {
        Some(pb) => {
            pb.set_message(format!("loading {}", dir.display()));
            let rows = std::sync::atomic::AtomicUsize::new(0);
            let on_rows = |n: usize| {
                let total = rows.fetch_add(n, std::sync::atomic::Ordering::Relaxed) + n;
                pb.set_message(format!("loading {}: {total} rows", dir.display()));
            };
            facts::load::load_with_progress(dir, &on_rows)
        }
        None => facts::load(dir),
    };
    result.map_err(|errs| {
        if let Some(pb) = pb {
            pb.finish_and_clear();
        }
        let n = errs.0.len();
        Failure::Input(format!(
            "{errs}\ndiligence: error: {n} problem{} in dataset {}; nothing was evaluated",
            if n == 1 { "" } else { "s" },
            dir.display()
        ))
    })
}

/// A shipped profile by name, or a profile file.
pub fn load_profile(spec: &str) -> Result<profile::Profile, Failure> {
    profile::load_profile(spec)
        .map_err(|e| Failure::Input(format!("{e}\ndiligence: error: invalid profile `{spec}`")))
}

/// Loads the dataset and applies `--retract` and `--assume`.
pub fn load_amended(data: &DataArgs, pb: &Option<ProgressBar>) -> Result<facts::Dataset, Failure> {
    let dir = facts_dir(data.facts.as_deref());
    let mut ds = load(&dir, pb)?;
    facts::amend::apply(&mut ds, &data.assume, &data.retract).map_err(|errs| {
        let n = errs.0.len();
        Failure::Input(format!(
            "{errs}\ndiligence: error: {n} problem{} in --assume/--retract; nothing was evaluated",
            if n == 1 { "" } else { "s" },
        ))
    })?;
    Ok(ds)
}

/// Loads the profile and the (amended) dataset, and evaluates.
pub fn evaluate(
    data: &DataArgs,
    pb: &Option<ProgressBar>,
) -> Result<diligence::Evaluation, Failure> {
    let prof = load_profile(&data.profile)?;
    let t0 = std::time::Instant::now();
    let ds = load_amended(data, pb)?;
    if let Some(pb) = pb {
        pb.set_message(format!(
            "evaluating {} rows under {}",
            ds.row_count(),
            prof.name
        ));
    }
    let t1 = std::time::Instant::now();
    let opts = EvalOptions {
        as_of: data.as_of,
        ..Default::default()
    };
    let ev = diligence::evaluate(ds, prof, &opts);
    // Phase times for benchmarks (not shown otherwise).
    if std::env::var_os("DILIGENCE_TIMINGS").is_some() {
        eprintln!(
            "timings: load {:.2?}, evaluate {:.2?} (CPU so far {:.2?})",
            t1 - t0,
            t1.elapsed(),
            diligence::eval::process_cpu()
        );
    }
    Ok(ev)
}

/// The output relations named on the command line (none: the conclusions; `all`: every
/// one); an unknown name is a usage error with the nearest name.
pub fn relations(names: &[String]) -> Result<Vec<Rel>, Failure> {
    let names: Vec<&str> = if names.is_empty() {
        output::DEFAULT_RELATIONS.to_vec()
    } else if names.len() == 1 && names[0] == "all" {
        output::OUTPUT_RELATIONS.to_vec()
    } else {
        names.iter().map(String::as_str).collect()
    };
    names
        .iter()
        .map(|n| {
            output::relation(n).ok_or_else(|| {
                let near = output::OUTPUT_RELATIONS
                    .iter()
                    .min_by_key(|c| strsim::levenshtein(c, n))
                    .copied()
                    .unwrap_or("");
                Failure::Usage(format!(
                    "unknown relation `{n}`; did you mean `{near}`? (output relations: {})",
                    output::OUTPUT_RELATIONS.join(", ")
                ))
            })
        })
        .collect()
}
