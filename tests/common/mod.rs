//! Test scaffolding shared by the integration tests: a scenario is a small dataset written
//! as real CSV files into a temporary folder, loaded by the real loader and evaluated
//! under a named profile, so every test goes through the same path as `diligence run`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use diligence::facts::{InputFile, Time};
use diligence::output;
use diligence::{evaluate, EvalOptions, Evaluation};
use std::process::{Command, Output};

/// A dataset under construction: file name → rows (header added on write).
#[derive(Clone)]
pub struct Scenario {
    files: BTreeMap<&'static str, Vec<String>>,
    /// Headers set with [`Scenario::header`]; other files get [`header`].
    headers: BTreeMap<&'static str, String>,
    profile: String,
    as_of: Option<String>,
}

/// Columns the catalogue's amendments added to the data model (`institutions.csv`
/// `status`, `incidents.csv` `outcome`): optional, so left out of the default header; a
/// scenario that sets them names its columns with [`Scenario::header`].
pub const AMENDED_COLUMNS: &[&str] = &["status", "outcome"];

/// The default header of an input file: required then optional columns, as the loader knows
/// them, without [`AMENDED_COLUMNS`].
pub fn header(file: &str) -> String {
    let f = InputFile::ALL
        .iter()
        .find(|f| f.file_name() == file)
        .unwrap_or_else(|| panic!("no input file {file}"));
    f.required_columns()
        .iter()
        .chain(f.optional_columns())
        .copied()
        .filter(|c| !AMENDED_COLUMNS.contains(c))
        .collect::<Vec<_>>()
        .join(",")
}

impl Scenario {
    /// An empty dataset (states.csv and incidents.csv with headers only).
    pub fn empty() -> Self {
        let mut files = BTreeMap::new();
        files.insert("states.csv", Vec::new());
        files.insert("incidents.csv", Vec::new());
        Scenario {
            files,
            headers: BTreeMap::new(),
            profile: "kreuzer-2024".into(),
            as_of: Some("2024-06-01".into()),
        }
    }

    /// The base scenario of the catalogue's examples: ransomware (`hosp`) against Avalon's
    /// hospitals, run from Borduria's territory, ongoing since 2024-03-01; Avalon notified
    /// Borduria on 2024-03-02T08:00Z. Evaluated as of 2024-06-01.
    ///
    /// Columns — incidents: id,title,start,vector,effect,severity,end,scale,casualties,loss_usd,campaign,source;
    /// events: time,kind,incident,by,to,detail.
    pub fn base() -> Self {
        Scenario::empty()
            .rows("states.csv", &["AV,Avalon,high", "BB,Borduria,medium", "CC,Carpania,low"])
            .rows("incidents.csv", &["hosp,Hospital ransomware,2024-03-01,ransomware,functionality,high,,targeted,0,0,,test"])
            .rows("targets.csv", &["hosp,AV,health"])
            .rows("origins.csv", &["hosp,BB,territory"])
            .rows("events.csv", &["2024-03-02T08:00Z,notification,hosp,AV,BB,"])
    }

    /// Adds rows (CSV lines in the header's column order) to a file.
    pub fn rows(mut self, file: &'static str, rows: &[&str]) -> Self {
        self.files
            .entry(file)
            .or_default()
            .extend(rows.iter().map(|r| r.to_string()));
        self
    }

    /// Sets the header of a file (its rows follow this column order), e.g. to add `outcome`.
    pub fn header(mut self, file: &'static str, columns: &str) -> Self {
        self.headers.insert(file, columns.to_string());
        self
    }

    /// Replaces every row of a file.
    pub fn replace(mut self, file: &'static str, rows: &[&str]) -> Self {
        self.files
            .insert(file, rows.iter().map(|r| r.to_string()).collect());
        self
    }

    /// Evaluates under this shipped profile name or profile file.
    pub fn profile(mut self, p: &str) -> Self {
        self.profile = p.into();
        self
    }

    /// Sets `as_of` (`None`: the dataset's latest time).
    #[allow(clippy::wrong_self_convention)] // a builder step named after the CLI option
    pub fn as_of(mut self, t: Option<&str>) -> Self {
        self.as_of = t.map(Into::into);
        self
    }

    /// Writes the files into `dir`.
    pub fn write(&self, dir: &Path) {
        for (file, rows) in &self.files {
            let mut text = match self.headers.get(file) {
                Some(h) => h.clone(),
                None => header(file),
            };
            text.push('\n');
            for r in rows {
                text.push_str(r);
                text.push('\n');
            }
            std::fs::write(dir.join(file), text).unwrap();
        }
    }

    /// Loads and evaluates; panics with the loader's messages if the dataset is invalid.
    pub fn eval(&self) -> Eval {
        let dir = tempfile::tempdir().unwrap();
        self.write(dir.path());
        let ds =
            diligence::facts::load(dir.path()).unwrap_or_else(|e| panic!("invalid scenario:\n{e}"));
        let prof =
            diligence::profile::load_profile(&self.profile).unwrap_or_else(|e| panic!("{e}"));
        let as_of = self.as_of.as_deref().map(|t| Time::parse(t).unwrap());
        Eval(evaluate(
            ds,
            prof,
            &EvalOptions {
                as_of,
                threads: Some(1),
                ..Default::default()
            },
        ))
    }
}

/// An evaluation with helpers to read relations as `a,b,c` strings.
pub struct Eval(pub Evaluation);

impl Eval {
    /// The rows of a relation as comma-joined strings, sorted.
    pub fn rows(&self, rel: &str) -> Vec<String> {
        let r = output::relation(rel).unwrap_or_else(|| panic!("no relation {rel}"));
        output::rows(&self.0, r)
            .into_iter()
            .map(|row| row.join(","))
            .collect()
    }

    /// True if the relation has this row.
    pub fn has(&self, rel: &str, row: &str) -> bool {
        self.rows(rel).iter().any(|r| r == row)
    }

    /// Rows of a relation that start with `prefix`.
    pub fn with_prefix(&self, rel: &str, prefix: &str) -> Vec<String> {
        self.rows(rel)
            .into_iter()
            .filter(|r| r.starts_with(prefix))
            .collect()
    }
}

/// Asserts that `rel` contains `row`, showing the relation on failure.
#[track_caller]
pub fn assert_has(ev: &Eval, rel: &str, row: &str) {
    let rows = ev.rows(rel);
    assert!(
        rows.iter().any(|r| r == row),
        "{rel} lacks `{row}`; it has:\n{}",
        rows.join("\n")
    );
}

/// Asserts that `rel` does not contain `row`.
#[track_caller]
pub fn assert_lacks(ev: &Eval, rel: &str, row: &str) {
    let rows = ev.rows(rel);
    assert!(
        !rows.iter().any(|r| r == row),
        "{rel} has `{row}` but must not; it has:\n{}",
        rows.join("\n")
    );
}

/// Runs the `diligence` binary of this build with `args`.
pub fn diligence(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_diligence"))
        .args(args)
        .output()
        .expect("run diligence")
}

/// The shipped dataset's folder (`facts/`).
pub fn shipped_dir() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("facts")
        .display()
        .to_string()
}

/// A generated dataset of `incidents` incidents (seed `seed`) in a temporary folder.
pub fn generated(incidents: u64, seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    diligence::generate::generate(
        &diligence::generate::GenConfig { incidents, seed },
        dir.path(),
    )
    .unwrap();
    dir
}

/// The dataset in `dir` evaluated under `kreuzer-2024` in partitions of `partition_size`
/// incidents (`None`: the default) on two threads.
pub fn evaluate_dir(dir: &Path, partition_size: Option<usize>) -> Evaluation {
    let ds = diligence::facts::load(dir).unwrap();
    let prof = diligence::profile::load_profile("kreuzer-2024").unwrap();
    let opts = EvalOptions {
        partition_size,
        threads: Some(2),
        ..Default::default()
    };
    evaluate(ds, prof, &opts)
}

/// The code a person must never read in an argument, a memo or a page (issue 12): field
/// access on the profile, paths, operators, method names, `Some(`, bindings.
pub fn code_in(text: &str) -> Option<&'static str> {
    let word_start = |at: usize| {
        at == 0
            || !text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    for m in ["p.", "let "] {
        if text.match_indices(m).any(|(at, _)| word_start(at)) {
            return Some(m);
        }
    }
    [
        "::",
        "&&",
        "||",
        "plus_hours",
        "Some(",
        "Degree::",
        "is_cyber",
        "<=",
        ">=",
        "!=",
    ]
    .into_iter()
    .find(|m| text.contains(m))
}

/// Every fixture scenario folder (`tests/fixtures/FAMILY/SCENARIO`), sorted.
pub fn fixture_dirs() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for family in std::fs::read_dir(&root).unwrap().flatten() {
        for sc in std::fs::read_dir(family.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if sc.path().is_dir() {
                out.push(sc.path());
            }
        }
    }
    out.sort();
    out
}
