//! What the playground keeps: the dataset as loaded once from its folder (never written
//! to), and per session the list of changes a visitor made, from which everything else
//! follows.
//!
//! A session's changes are held in the very form a user replays them with the command
//! line ([`Amendment`]): the profile (a shipped one, or a profile file that `inherits` it
//! and sets the changed positions), the rows of the dataset to retract (`--retract
//! FILE:LINE`) and the rows to add, one `--assume` file per input file
//! (`playground/events.csv`, …). Every state of a session is evaluated exactly as
//! `diligence run --profile … --retract … --assume …` evaluates it: the assumed files are
//! written into the session's own temporary folder and applied with
//! [`crate::facts::amend::apply`], so every row goes through the same
//! loader as `check`, and the proofs cite added rows as `playground/events.csv:2 (assumed)`
//! as the replay does.
//!
//! Undo and redo move changes between two stacks; the amendment is recomputed from the
//! applied changes, so nothing a visitor did is lost until the server stops.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::eval::{evaluate, EvalOptions, Evaluation};
use crate::facts::{self, Dataset, InputError, InputFile};
use crate::profile::{self, Profile, POSITION_KEYS};
use crate::report::RowDiff;

/// The folder name of the `--assume` files, in downloads, citations and the replay command.
pub const PLAYGROUND_DIR: &str = "playground";

/// The file name of the changed profile, in downloads and the replay command.
pub const PROFILE_FILE: &str = "playground/profile.toml";

/// The relations the playground shows and compares: the conclusions of `diligence run`,
/// with the breaches and concerns they rest on.
pub const SHOWN: &[&str] = &[
    "breach",
    "concern",
    "negligent",
    "violation",
    "wrongful",
    "consequence",
    "admissible",
    "inadmissible",
];

/// Sessions kept at most; past it, the least recently used session without changes goes.
pub const MAX_SESSIONS: usize = 1000;

/// Sessions whose evaluation is kept in memory at most; the others are evaluated again
/// from their changes when next visited.
pub const MAX_EVALUATED: usize = 8;

/// The columns of an input file in the order the playground writes them: required, then
/// optional (the header of every `--assume` file it writes).
pub fn columns(file: InputFile) -> Vec<&'static str> {
    file.required_columns()
        .iter()
        .chain(file.optional_columns())
        .copied()
        .collect()
}

/// The input file named `name` (`events.csv`).
pub fn input_file(name: &str) -> Option<InputFile> {
    InputFile::ALL
        .iter()
        .copied()
        .find(|f| f.file_name() == name)
}

/// One record of a dataset file as written: the line it starts on and its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRecord {
    /// The line the record starts on (the header is line 1), as the loader counts.
    pub line: u32,
    /// The fields, as written (not trimmed).
    pub fields: Vec<String>,
}

/// A dataset file as written on disk, read once at start.
#[derive(Clone, Debug)]
pub struct RawFile {
    /// Which input file.
    pub file: InputFile,
    /// Its bytes, as read (to save an edited copy, and to check nothing changed).
    pub bytes: Vec<u8>,
    /// The header's column names (trimmed).
    pub header: Vec<String>,
    /// Its records, in file order.
    pub records: Vec<RawRecord>,
}

impl RawFile {
    /// Reads the records of `bytes` (a loaded, hence valid, input file).
    pub fn parse(file: InputFile, bytes: Vec<u8>) -> RawFile {
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut header = Vec::new();
        let mut records = Vec::new();
        for (k, rec) in reader.records().enumerate() {
            let Ok(rec) = rec else { continue };
            let fields: Vec<String> = rec.iter().map(str::to_string).collect();
            if k == 0 {
                header = fields.iter().map(|f| f.trim().to_string()).collect();
                continue;
            }
            let line = rec.position().map_or(0, |p| p.line()) as u32;
            records.push(RawRecord { line, fields });
        }
        RawFile {
            file,
            bytes,
            header,
            records,
        }
    }

    /// The record starting on `line`.
    pub fn record(&self, line: u32) -> Option<&RawRecord> {
        self.records
            .binary_search_by_key(&line, |r| r.line)
            .ok()
            .map(|k| &self.records[k])
    }

    /// The record's fields in [`columns`] order (empty where the file has no such column).
    pub fn in_columns(&self, rec: &RawRecord) -> Vec<String> {
        columns(self.file)
            .iter()
            .map(|c| {
                self.header
                    .iter()
                    .position(|h| h == c)
                    .and_then(|k| rec.fields.get(k))
                    .map(|v| v.trim().to_string())
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// What the server serves: the dataset folder as loaded at start, and the profile.
pub struct Base {
    /// The dataset folder.
    pub dir: PathBuf,
    /// The dataset's files as written, per input file present.
    pub raw: BTreeMap<InputFile, RawFile>,
    /// The dataset as loaded.
    pub dataset: Dataset,
    /// The profile given at start (a shipped name or a file).
    pub profile: String,
    /// The evaluation of the dataset under that profile.
    pub evaluation: Arc<Evaluation>,
    /// Whether the server listens on loopback only (saving to a folder is offered then).
    pub loopback: bool,
    /// Where sessions write their `--assume` files (removed when the server stops).
    pub scratch: tempfile::TempDir,
}

impl Base {
    /// Loads the dataset in `dir` and evaluates it under `profile`: every problem is
    /// reported as `check` and `run` report it.
    pub fn load(dir: &Path, profile: &str, loopback: bool) -> Result<Base, String> {
        let dataset = facts::load(dir).map_err(|errs| {
            let n = errs.0.len();
            format!(
                "{errs}\ndiligence: error: {n} problem{} in dataset {}; nothing was served",
                if n == 1 { "" } else { "s" },
                dir.display()
            )
        })?;
        let prof = profile::load_profile(profile)
            .map_err(|e| format!("{e}\ndiligence: error: invalid profile `{profile}`"))?;
        let mut raw = BTreeMap::new();
        for &file in InputFile::ALL {
            let path = dir.join(file.file_name());
            if let Ok(bytes) = std::fs::read(&path) {
                raw.insert(file, RawFile::parse(file, bytes));
            }
        }
        let evaluation = Arc::new(evaluate(dataset.clone(), prof, &EvalOptions::default()));
        let scratch = tempfile::Builder::new()
            .prefix("diligence-serve-")
            .tempdir()
            .map_err(|e| format!("diligence: error: cannot create a temporary folder: {e}"))?;
        Ok(Base {
            dir: dir.to_path_buf(),
            raw,
            dataset,
            profile: profile.to_string(),
            evaluation,
            loopback,
            scratch,
        })
    }

    /// The profiles a visitor can switch to: the shipped ones, and the one given at start.
    pub fn profiles(&self) -> Vec<String> {
        let mut out: Vec<String> = profile::shipped().iter().map(|s| s.to_string()).collect();
        if !out.contains(&self.profile) {
            out.push(self.profile.clone());
        }
        out
    }

    /// The record of a dataset file at `line`.
    pub fn record(&self, file: InputFile, line: u32) -> Option<&RawRecord> {
        self.raw.get(&file)?.record(line)
    }
}

/// A row of an input file: one of the dataset folder's, or one added in the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowRef {
    /// The record starting on this line of the dataset's file.
    Dataset(InputFile, u32),
    /// The k-th row (0-based) added to this file in the session (`playground/FILE`, line
    /// `k + 2`).
    Added(InputFile, usize),
}

impl RowRef {
    /// The input file.
    pub fn file(self) -> InputFile {
        match self {
            RowRef::Dataset(f, _) | RowRef::Added(f, _) => f,
        }
    }

    /// Where the row is, as proofs cite it: `events.csv:12` or `playground/events.csv:2`.
    pub fn cite(self) -> String {
        match self {
            RowRef::Dataset(f, l) => format!("{f}:{l}"),
            RowRef::Added(f, k) => format!("{PLAYGROUND_DIR}/{f}:{}", k + 2),
        }
    }
}

/// One change a visitor made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Switch to another profile (the positions changed before are dropped).
    Profile(String),
    /// Set a position of the profile (spelled as in profile files).
    Position {
        /// The key (one of [`POSITION_KEYS`]).
        key: &'static str,
        /// The value.
        value: String,
    },
    /// Add rows to an input file (fields in [`columns`] order).
    Add {
        /// The file.
        file: InputFile,
        /// The rows.
        rows: Vec<Vec<String>>,
    },
    /// Replace a row by another (a dataset row is retracted and the new one added).
    Edit {
        /// The row replaced.
        row: RowRef,
        /// The new row's fields, in [`columns`] order.
        fields: Vec<String>,
    },
    /// Remove a row (a dataset row is retracted).
    Remove(RowRef),
}

/// A session's changes in the form the command line replays: the profile, the rows
/// retracted from the dataset and the rows assumed per input file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Amendment {
    /// The profile the changed positions start from (a shipped name or a file).
    pub profile: String,
    /// The positions changed: index into [`POSITION_KEYS`] → value.
    pub positions: BTreeMap<usize, String>,
    /// Dataset rows retracted (`--retract FILE:LINE`).
    pub retracted: BTreeSet<(InputFile, u32)>,
    /// Rows added, per input file (`--assume playground/FILE`), fields in [`columns`] order.
    pub added: BTreeMap<InputFile, Vec<Vec<String>>>,
}

impl Amendment {
    /// No change, under `profile`.
    pub fn new(profile: &str) -> Amendment {
        Amendment {
            profile: profile.to_string(),
            ..Default::default()
        }
    }

    /// True when rows are retracted or added.
    pub fn changes_rows(&self) -> bool {
        !self.retracted.is_empty() || self.added.values().any(|r| !r.is_empty())
    }

    /// Applies a change; an error (a row that is not there) leaves `self` unchanged.
    pub fn apply(&mut self, change: &Change) -> Result<(), String> {
        match change {
            Change::Profile(p) => {
                self.profile = p.clone();
                self.positions.clear();
            }
            Change::Position { key, value } => {
                let k = POSITION_KEYS
                    .iter()
                    .position(|x| x == key)
                    .ok_or_else(|| format!("unknown position `{key}`"))?;
                self.positions.insert(k, value.clone());
            }
            Change::Add { file, rows } => {
                self.added.entry(*file).or_default().extend(rows.clone());
            }
            Change::Edit {
                row: RowRef::Added(f, k),
                fields,
            } => {
                let slot = self
                    .added
                    .get_mut(f)
                    .and_then(|rows| rows.get_mut(*k))
                    .ok_or_else(|| format!("{} is not a row", RowRef::Added(*f, *k).cite()))?;
                *slot = fields.clone();
            }
            Change::Edit { row, fields } => {
                self.remove(*row)?;
                self.added
                    .entry(row.file())
                    .or_default()
                    .push(fields.clone());
            }
            Change::Remove(row) => self.remove(*row)?,
        }
        Ok(())
    }

    fn remove(&mut self, row: RowRef) -> Result<(), String> {
        match row {
            RowRef::Dataset(f, l) => {
                if !self.retracted.insert((f, l)) {
                    return Err(format!("{f}:{l} is already removed"));
                }
            }
            RowRef::Added(f, k) => {
                let rows = self.added.entry(f).or_default();
                if k >= rows.len() {
                    return Err(format!("{} is not a row", row.cite()));
                }
                rows.remove(k);
            }
        }
        Ok(())
    }

    /// The `--retract` arguments, in file and line order.
    pub fn retractions(&self) -> Vec<String> {
        self.retracted
            .iter()
            .map(|(f, l)| format!("{f}:{l}"))
            .collect()
    }

    /// The `--assume` files: path (`playground/events.csv`) and contents, in the order the
    /// loader needs them (ids are defined before they are referred to).
    pub fn assumed_files(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for &file in InputFile::ALL {
            let Some(rows) = self.added.get(&file).filter(|r| !r.is_empty()) else {
                continue;
            };
            let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
            let _ = w.write_record(columns(file));
            for r in rows {
                let _ = w.write_record(r);
            }
            let bytes = w.into_inner().unwrap_or_default();
            out.push((
                format!("{PLAYGROUND_DIR}/{}", file.file_name()),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
        out
    }

    /// The profile file of the changed positions (`None` when no position changed): it
    /// inherits the profile and sets each changed position, resting on the playground.
    pub fn profile_toml(&self) -> Option<String> {
        if self.positions.is_empty() {
            return None;
        }
        let base = &self.profile;
        // A shipped profile by name; a file by its absolute path, so the file works from
        // wherever it is saved.
        let inherits = if profile::shipped_toml(base).is_some() {
            base.clone()
        } else {
            std::fs::canonicalize(base)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| base.clone())
        };
        let stem = Path::new(base)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| base.clone());
        let changed: Vec<String> = self
            .positions
            .iter()
            .map(|(k, v)| format!("{} = {v}", POSITION_KEYS[*k]))
            .collect();
        let mut t = String::new();
        t.push_str("# Written by `diligence serve`: the positions changed in the playground.\n");
        t.push_str(&format!(
            "name = {}\n",
            toml_string(&format!("{stem}-playground"))
        ));
        t.push_str(&format!(
            "description = {}\n",
            toml_string(&format!(
                "{base} with positions changed in the playground: {}",
                changed.join(", ")
            ))
        ));
        t.push_str(&format!("inherits = {}\n", toml_string(&inherits)));
        for (k, v) in &self.positions {
            let key = POSITION_KEYS[*k];
            let value = if v == "true"
                || v == "false"
                || (!v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
            {
                v.clone()
            } else {
                toml_string(v)
            };
            let source = toml_string("changed in the diligence playground (diligence serve)");
            match key.strip_prefix("feasibility.") {
                Some(kind) => t.push_str(&format!(
                    "\n[positions.feasibility.{kind}]\nvalue = {value}\nsource = {source}\n"
                )),
                None => t.push_str(&format!(
                    "\n[positions.{key}]\nvalue = {value}\nsource = {source}\n"
                )),
            }
        }
        Some(t)
    }

    /// The command line that replays these changes (`FACTS` the dataset folder as given).
    pub fn replay_command(&self, facts: &str) -> String {
        let mut args = vec![
            "diligence".to_string(),
            "run".into(),
            "--facts".into(),
            shell_word(facts),
        ];
        let profile = if self.positions.is_empty() {
            self.profile.clone()
        } else {
            PROFILE_FILE.to_string()
        };
        args.push("--profile".into());
        args.push(shell_word(&profile));
        for r in self.retractions() {
            args.push("--retract".into());
            args.push(r);
        }
        for (path, _) in self.assumed_files() {
            args.push("--assume".into());
            args.push(path);
        }
        args.join(" ")
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A word for a POSIX shell: as it is when it is plain, else single-quoted.
pub fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+=:,@".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Why a change was refused: every problem, each a positioned message where it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused(pub Vec<String>);

/// Evaluates the dataset with `amend` applied, exactly as the replay command does;
/// `scratch` is the session's folder for the `--assume` files.
pub fn evaluate_amended(
    base: &Base,
    amend: &Amendment,
    scratch: &Path,
) -> Result<Arc<Evaluation>, Refused> {
    if amend.profile == base.profile && amend.positions.is_empty() && !amend.changes_rows() {
        // Nothing changed: the evaluation made at start.
        return Ok(base.evaluation.clone());
    }
    let prof = profile_of(amend)?;
    let mut ds = base.dataset.clone();
    if amend.changes_rows() {
        let dir = scratch.join(PLAYGROUND_DIR);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| Refused(vec![format!("cannot write {}: {e}", dir.display())]))?;
        let mut paths = Vec::new();
        for (name, text) in amend.assumed_files() {
            let path = scratch.join(&name);
            std::fs::write(&path, text)
                .map_err(|e| Refused(vec![format!("cannot write {}: {e}", path.display())]))?;
            paths.push(path);
        }
        let prefix = format!("{}/", scratch.display());
        facts::amend::apply(&mut ds, &paths, &amend.retractions())
            .map_err(|errs| Refused(errs.0.iter().map(|e| relabel(e, &prefix)).collect()))?;
        // Cite the assumed files as the replay does: `playground/events.csv:2 (assumed)`.
        for a in &mut ds.symbols.assumed {
            if let Some(rest) = a.strip_prefix(&prefix) {
                *a = rest.to_string();
            }
        }
    }
    Ok(Arc::new(evaluate(ds, prof, &EvalOptions::default())))
}

/// An input error with the scratch folder taken off its file name.
fn relabel(e: &InputError, prefix: &str) -> String {
    let mut e = e.clone();
    if let Some(rest) = e.file.strip_prefix(prefix) {
        e.file = rest.to_string();
    }
    e.to_string()
}

/// The profile of an amendment: the base profile, or the changed positions' profile file
/// read by the profile parser, as the replay reads it.
pub fn profile_of(amend: &Amendment) -> Result<Profile, Refused> {
    let result = match amend.profile_toml() {
        None => profile::load_profile(&amend.profile),
        Some(text) => profile::parse_profile(&text, PROFILE_FILE),
    };
    result.map_err(|e| Refused(e.diagnostics.iter().map(|d| d.to_string()).collect()))
}

/// One applied change, described for people.
#[derive(Clone, Debug)]
pub struct Applied {
    /// The change.
    pub change: Change,
    /// What it did, in a sentence.
    pub text: String,
}

/// What the last change, undo or redo did to the conclusions.
#[derive(Clone, Debug)]
pub struct LastChange {
    /// What was done (`Added …`, `Undid: …`).
    pub what: String,
    /// Conclusion rows that appeared (`only_active`) or disappeared.
    pub diff: Vec<RowDiff>,
    /// For a change of profile or position: the positions that differ (label, before,
    /// after).
    pub positions: Vec<(String, String, String)>,
    /// The profile before the change.
    pub profile_before: String,
}

/// One visitor's session (one tab, one URL).
pub struct Session {
    /// The session id (in its URLs).
    pub id: String,
    /// The token every state-changing request of this session must carry.
    pub token: String,
    /// The changes applied, oldest first.
    pub done: Vec<Applied>,
    /// The changes undone, most recently undone last.
    pub undone: Vec<Applied>,
    /// The current amendment (a function of `done`).
    pub amend: Amendment,
    /// The current evaluation, if kept in memory.
    pub ev: Option<Arc<Evaluation>>,
    /// The effect of the last change.
    pub last: Option<LastChange>,
    /// When it was last used.
    pub used: Instant,
    /// Its folder for `--assume` files.
    pub scratch: PathBuf,
}

impl Session {
    /// The current evaluation (evaluated again if it was dropped from memory).
    pub fn evaluation(&mut self, base: &Base) -> Arc<Evaluation> {
        if let Some(ev) = &self.ev {
            return ev.clone();
        }
        let ev = if self.done.is_empty() {
            base.evaluation.clone()
        } else {
            // These changes were accepted before, so they evaluate again.
            evaluate_amended(base, &self.amend, &self.scratch)
                .unwrap_or_else(|_| base.evaluation.clone())
        };
        self.ev = Some(ev.clone());
        ev
    }

    /// The amendment of a list of applied changes.
    fn fold(base: &Base, done: &[Applied]) -> Amendment {
        let mut a = Amendment::new(&base.profile);
        for x in done {
            let _ = a.apply(&x.change);
        }
        a
    }

    /// Applies a change: checked by evaluating it (the loader checks added rows, the
    /// profile parser changed positions); on refusal nothing changes.
    pub fn change(&mut self, base: &Base, change: Change, text: String) -> Result<(), Refused> {
        let before = self.evaluation(base);
        let mut amend = self.amend.clone();
        amend.apply(&change).map_err(|e| Refused(vec![e]))?;
        let ev = evaluate_amended(base, &amend, &self.scratch)?;
        self.last = Some(last_change(&text, &before, &ev));
        self.amend = amend;
        self.ev = Some(ev);
        self.done.push(Applied { change, text });
        self.undone.clear();
        Ok(())
    }

    /// Undoes the last change (false: nothing to undo).
    pub fn undo(&mut self, base: &Base) -> bool {
        let Some(x) = self.done.pop() else {
            return false;
        };
        self.step(base, format!("Undid: {}", x.text));
        self.undone.push(x);
        true
    }

    /// Redoes the last undone change (false: nothing to redo).
    pub fn redo(&mut self, base: &Base) -> bool {
        let Some(x) = self.undone.pop() else {
            return false;
        };
        let what = format!("Redid: {}", x.text);
        self.done.push(x);
        self.step(base, what);
        true
    }

    /// Re-evaluates after `done` changed, recording what changed.
    fn step(&mut self, base: &Base, what: String) {
        let before = self.evaluation(base);
        self.amend = Session::fold(base, &self.done);
        self.ev = None;
        let after = self.evaluation(base);
        self.last = Some(last_change(&what, &before, &after));
    }
}

/// The effect of a change: the conclusion rows that differ, and the positions.
fn last_change(what: &str, before: &Evaluation, after: &Evaluation) -> LastChange {
    let rels: Vec<_> = SHOWN
        .iter()
        .filter_map(|n| crate::output::relation(n))
        .collect();
    let diff = crate::report::diff_in(after, before, &rels);
    let positions = after
        .profile
        .positions
        .iter()
        .zip(&before.profile.positions)
        .filter(|(a, b)| a.value != b.value)
        .map(|(a, b)| (a.label(), b.display_value(), a.display_value()))
        .collect();
    LastChange {
        what: what.to_string(),
        diff,
        positions,
        profile_before: before.profile.name.clone(),
    }
}

/// Every session, by id.
pub struct Sessions {
    map: Mutex<HashMap<String, Arc<Mutex<Session>>>>,
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions {
            map: Mutex::new(HashMap::new()),
        }
    }
}

/// 128 random bits as 32 hex digits (from the operating system's generator, through
/// `rand`'s thread-local cryptographic generator).
pub fn random_id() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Sessions {
    /// A new session (its own id and token); `None` when every kept session has changes
    /// and there is no room for another.
    pub fn create(&self, base: &Base) -> Option<Arc<Mutex<Session>>> {
        let id = random_id();
        let scratch = base.scratch.path().join(&id);
        let s = Arc::new(Mutex::new(Session {
            id: id.clone(),
            token: random_id(),
            done: Vec::new(),
            undone: Vec::new(),
            amend: Amendment::new(&base.profile),
            ev: Some(base.evaluation.clone()),
            last: None,
            used: Instant::now(),
            scratch,
        }));
        let mut map = self.map.lock().ok()?;
        if map.len() >= MAX_SESSIONS {
            // Room is made by dropping the least recently used session without changes.
            let victim = map
                .iter()
                .filter_map(|(k, v)| {
                    let v = v.try_lock().ok()?;
                    (v.done.is_empty() && v.undone.is_empty()).then(|| (v.used, k.clone()))
                })
                .min()
                .map(|(_, k)| k)?;
            map.remove(&victim);
        }
        map.insert(id, s.clone());
        Some(s)
    }

    /// The session with this id.
    pub fn get(&self, id: &str) -> Option<Arc<Mutex<Session>>> {
        self.map.lock().ok()?.get(id).cloned()
    }

    /// Keeps the evaluations of the [`MAX_EVALUATED`] most recently used sessions with
    /// changes in memory and drops the others' (they are evaluated again when visited).
    pub fn trim(&self) {
        let Ok(map) = self.map.lock() else { return };
        let mut held: Vec<(Instant, Arc<Mutex<Session>>)> = map
            .values()
            .filter_map(|s| {
                let g = s.try_lock().ok()?;
                (g.ev.is_some() && !g.done.is_empty()).then(|| (g.used, s.clone()))
            })
            .collect();
        if held.len() <= MAX_EVALUATED {
            return;
        }
        held.sort_by_key(|h| std::cmp::Reverse(h.0));
        for (_, s) in held.into_iter().skip(MAX_EVALUATED) {
            if let Ok(mut g) = s.try_lock() {
                g.ev = None;
            }
        }
    }

    /// The number of sessions.
    pub fn len(&self) -> usize {
        self.map.lock().map(|m| m.len()).unwrap_or(0)
    }

    /// True when there is no session.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What [`save`] wrote.
#[derive(Clone, Debug)]
pub struct Saved {
    /// The folder.
    pub dir: PathBuf,
    /// The files written, by name.
    pub files: Vec<String>,
    /// The command that evaluates the saved folder as the session does.
    pub command: String,
}

/// The bytes of input file `file` with the session's changes: the dataset's records as
/// written, less the retracted ones, then the added rows (the header gains the columns
/// only added rows use). `None` when the file is neither in the dataset nor added to.
pub fn edited_file(base: &Base, amend: &Amendment, file: InputFile) -> Option<Vec<u8>> {
    let added: &[Vec<String>] = amend.added.get(&file).map_or(&[], Vec::as_slice);
    let retracted = amend.retracted.iter().any(|(f, _)| *f == file);
    let cols = columns(file);
    let Some(raw) = base.raw.get(&file) else {
        if added.is_empty() {
            return None;
        }
        return amend
            .assumed_files()
            .into_iter()
            .find(|(p, _)| p.ends_with(&format!("/{}", file.file_name())))
            .map(|(_, t)| t.into_bytes());
    };
    if added.is_empty() && !retracted {
        return Some(raw.bytes.clone());
    }
    let mut header = raw.header.clone();
    for (k, c) in cols.iter().enumerate() {
        if !header.iter().any(|h| h == c) && added.iter().any(|r| !r[k].is_empty()) {
            header.push(c.to_string());
        }
    }
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let _ = w.write_record(&header);
    for rec in &raw.records {
        if amend.retracted.contains(&(file, rec.line)) {
            continue;
        }
        let mut fields = rec.fields.clone();
        fields.resize(header.len(), String::new());
        let _ = w.write_record(&fields);
    }
    for row in added {
        let fields: Vec<&str> = header
            .iter()
            .map(|h| {
                cols.iter()
                    .position(|c| c == h)
                    .map_or("", |k| row[k].as_str())
            })
            .collect();
        let _ = w.write_record(&fields);
    }
    w.into_inner().ok()
}

/// Writes the edited dataset into `dir`: a new (or empty) folder, or, with `overwrite`,
/// an existing one (its files of the same names are replaced); never the dataset's own
/// folder. The folder written is then loaded and evaluated, and must give the session's
/// conclusions.
pub fn save(
    base: &Base,
    amend: &Amendment,
    ev: &Evaluation,
    dir: &Path,
    overwrite: bool,
) -> Result<Saved, Vec<String>> {
    if dir.as_os_str().is_empty() {
        return Err(vec!["Give the folder to save into.".into()]);
    }
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if dir.exists() {
        if canon(dir).is_some() && canon(dir) == canon(&base.dir) {
            return Err(vec![format!(
                "`{}` is the dataset's own folder, which the playground never writes to; choose another folder.",
                dir.display()
            )]);
        }
        if !dir.is_dir() {
            return Err(vec![format!(
                "`{}` exists and is not a folder.",
                dir.display()
            )]);
        }
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !overwrite {
            return Err(vec![format!(
                "`{}` exists and is not empty. Nothing was written. To write into it anyway (its files of the same names are replaced), confirm below.",
                dir.display()
            )]);
        }
    }
    let err = |e: std::io::Error| vec![format!("cannot write `{}`: {e}", dir.display())];
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut files = Vec::new();
    for &file in InputFile::ALL {
        if let Some(bytes) = edited_file(base, amend, file) {
            std::fs::write(dir.join(file.file_name()), bytes).map_err(err)?;
            files.push(file.file_name().to_string());
        }
    }
    let profile_arg = match amend.profile_toml() {
        Some(text) => {
            std::fs::write(dir.join("profile.toml"), text).map_err(err)?;
            files.push("profile.toml".into());
            dir.join("profile.toml").display().to_string()
        }
        None => amend.profile.clone(),
    };
    // The check: the saved folder, as `run` reads it, gives the session's conclusions.
    let ds = facts::load(dir).map_err(|e| e.0.iter().map(|x| x.to_string()).collect::<Vec<_>>())?;
    let prof = profile::load_profile(&profile_arg).map_err(|e| {
        e.diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    })?;
    let saved = evaluate(ds, prof, &EvalOptions::default());
    let rels: Vec<_> = SHOWN
        .iter()
        .filter_map(|n| crate::output::relation(n))
        .collect();
    let diff = crate::report::diff_in(&saved, ev, &rels);
    if !diff.is_empty() {
        return Err(vec![format!(
            "the saved folder `{}` gives {} conclusion rows that differ from the session's; please report this",
            dir.display(),
            diff.len()
        )]);
    }
    Ok(Saved {
        dir: dir.to_path_buf(),
        files,
        command: format!(
            "diligence run --facts {} --profile {}",
            shell_word(&dir.display().to_string()),
            shell_word(&profile_arg)
        ),
    })
}
