//! Doctrinal profiles (catalogue section P): which contested or emerging positions and which
//! numeric thresholds the rules apply, each with its source and where it was set.
//!
//! A profile is a TOML file. Five are shipped inside the binary (see [`shipped`]); a user
//! may write their own, which sets only some positions and inherits the others from the
//! profile it names in `inherits` (default `kreuzer-2024`, the book's positions):
//!
//! ```toml
//! name = "my-profile"                  # optional in user files: default the file stem
//! description = "…"                    # optional in user files
//! inherits = "tallinn-2"               # optional: a shipped name or a path (relative to this file)
//!
//! [positions.sovereignty]              # a position: a value and the source it rests on
//! value = "territorial"
//! source = "Tallinn Manual 2.0, Rule 4 (sovereignty)"
//!
//! [positions]                          # or, shorter, a bare value without source
//! window_hours = 48
//!
//! [positions.feasibility]              # the capacity each measure requires (CAP-1)
//! source = "…"                         # applies to the kinds set in this table
//! takedown = "high"
//! block = { value = "high", source = "…" }
//! ```
//!
//! [`load_profile`] resolves the chain into one [`Profile`]: its [`Params`] (what the rules
//! read) and a [`Position`] per key saying the value, the source and its [`Origin`] (set by
//! this profile or inherited from which one), for explanations. Every problem of a file is
//! reported together, each as `FILE:LINE:COLUMN: message` ([`ProfileError`]).

pub mod listing;
pub mod params;
mod parse;

use std::fmt;
use std::path::{Path, PathBuf};

pub use params::{Params, Sovereignty};

use crate::facts::{Capacity, MeasureKind, Severity, Status};
use parse::{Setting, Val};

/// The default profile: the book's own positions, root of every inheritance chain.
pub const DEFAULT_PROFILE: &str = "kreuzer-2024";

/// The shipped profiles: name and TOML text, compiled into the binary.
const SHIPPED: [(&str, &str); 5] = [
    (
        "kreuzer-2024",
        include_str!("../../profiles/kreuzer-2024.toml"),
    ),
    ("tallinn-2", include_str!("../../profiles/tallinn-2.toml")),
    (
        "pure-sovereignty",
        include_str!("../../profiles/pure-sovereignty.toml"),
    ),
    (
        "no-due-diligence",
        include_str!("../../profiles/no-due-diligence.toml"),
    ),
    (
        "collective-cm",
        include_str!("../../profiles/collective-cm.toml"),
    ),
];

/// Every position key, in the order of [`Profile::positions`]: the [`Params`] field names,
/// the feasibility table as one key per measure kind (`feasibility.takedown`, …).
pub const POSITION_KEYS: [&str; 18] = [
    "sovereignty",
    "notify",
    "vuln",
    "preventive",
    "due_diligence",
    "collective_cm",
    "window_hours",
    "mla_window_hours",
    "ci_min_severity",
    "economic_threshold_usd",
    "cumulative_incidents",
    "cumulative_loss_usd",
    "feasibility.takedown",
    "feasibility.block",
    "feasibility.investigate",
    "feasibility.arrest",
    "feasibility.prosecute",
    "feasibility.respond",
];

/// Index of the first `feasibility.*` key in [`POSITION_KEYS`]; the kinds follow in
/// `MeasureKind` order.
const FEASIBILITY_AT: usize = 12;

/// The names of the shipped profiles, the default first.
pub fn shipped() -> Vec<&'static str> {
    SHIPPED.iter().map(|(name, _)| *name).collect()
}

/// The TOML text of a shipped profile, as compiled into the binary.
pub fn shipped_toml(name: &str) -> Option<&'static str> {
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// Where the value of a position comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Set by the profile itself.
    Set {
        /// The profile's name.
        profile: String,
    },
    /// Left unset by the profile and inherited.
    Inherited {
        /// The profile up the chain that set the value.
        from: String,
    },
}

impl Origin {
    /// The name of the profile that set the value.
    pub fn profile(&self) -> &str {
        match self {
            Origin::Set { profile } => profile,
            Origin::Inherited { from } => from,
        }
    }

    /// True if the value was inherited.
    pub fn is_inherited(&self) -> bool {
        matches!(self, Origin::Inherited { .. })
    }
}

impl fmt::Display for Origin {
    /// `profile `NAME`` or `inherited from `NAME``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Set { profile } => write!(f, "profile `{profile}`"),
            Origin::Inherited { from } => write!(f, "inherited from `{from}`"),
        }
    }
}

/// One resolved position of a profile.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Position {
    /// The key: a [`Params`] field name, or `feasibility.KIND` (see [`POSITION_KEYS`]).
    pub key: &'static str,
    /// The value as written in profile files: `pure`, `lex_lata`, `true`, `72`, `medium`, …
    pub value: String,
    /// The source the value rests on (book chapter or finding, Tallinn Manual rule, state
    /// position); empty if the profile file that set it gives none.
    pub source: String,
    /// Which profile set the value.
    pub origin: Origin,
}

impl Position {
    /// A human label for the key, e.g. `sovereignty rule`, `response window`.
    pub fn label(&self) -> String {
        label(self.key)
    }

    /// The value with its unit for reading: `72 h`, `10,000,000 USD`, `yes`, `pure`.
    pub fn display_value(&self) -> String {
        match self.key {
            "window_hours" | "mla_window_hours" => format!("{} h", self.value),
            "economic_threshold_usd" | "cumulative_loss_usd" => {
                format!("{} USD", thousands(&self.value))
            }
            "cumulative_incidents" => format!("{} incidents", self.value),
            _ => match self.value.as_str() {
                "true" => "yes".to_string(),
                "false" => "no".to_string(),
                v => v.to_string(),
            },
        }
    }
}

impl fmt::Display for Position {
    /// `sovereignty rule: pure, profile `pure-sovereignty``, or
    /// `response window: 72 h, inherited from `kreuzer-2024``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}, {}",
            self.label(),
            self.display_value(),
            self.origin
        )
    }
}

/// A resolved doctrinal profile: every position fixed, with its source and origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The profile's name (`kreuzer-2024`, …, or a user file's `name`).
    pub name: String,
    /// What the profile stands for.
    pub description: String,
    /// The profile it inherits from (`None` only for `kreuzer-2024`).
    pub inherits: Option<String>,
    /// The positions as the rules read them; `as_of` is left at `Time::NEVER`.
    pub params: Params,
    /// One entry per key of [`POSITION_KEYS`], in that order.
    pub positions: Vec<Position>,
}

impl Profile {
    /// The position with this key (see [`POSITION_KEYS`]).
    ///
    /// # Panics
    /// If `key` is not one of [`POSITION_KEYS`]: a programming error, not a data error.
    /// Use [`Profile::get`] for keys that come from input.
    pub fn position(&self, key: &str) -> &Position {
        match self.get(key) {
            Some(p) => p,
            None => panic!(
                "no profile position `{key}`; known: {}",
                POSITION_KEYS.join(", ")
            ),
        }
    }

    /// The position with this key, if it is one of [`POSITION_KEYS`].
    pub fn get(&self, key: &str) -> Option<&Position> {
        self.positions.iter().find(|p| p.key == key)
    }

    /// The feasibility position of a measure kind (CAP-1).
    pub fn feasibility(&self, m: MeasureKind) -> &Position {
        &self.positions[FEASIBILITY_AT + m as usize]
    }
}

impl Profile {
    /// A copy of this profile with position `key` set to `value` (spelled as in profile
    /// files: `pure`, `lex_lata`, `true`, `48`, `high`), resting on `source` and marked as
    /// set by a profile named `by`. The name, description and every other position stay.
    /// Used by `compare`, `sensitivity` and `what-if` to switch one position at a time.
    pub fn with_position(
        &self,
        key: &str,
        value: &str,
        source: &str,
        by: &str,
    ) -> Result<Profile, String> {
        let index = POSITION_KEYS
            .iter()
            .position(|k| *k == key)
            .ok_or_else(|| {
                format!(
                    "unknown position `{key}`; known: {}",
                    POSITION_KEYS.join(", ")
                )
            })?;
        let bare = value == "true"
            || value == "false"
            || value.bytes().all(|b| b.is_ascii_digit() || b == b'_');
        let literal = if bare && !value.is_empty() {
            value.to_string()
        } else {
            format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
        };
        let text = match key.strip_prefix("feasibility.") {
            Some(kind) => format!("[positions.feasibility]\n{kind} = {literal}\n"),
            None => format!("[positions]\n{key} = {literal}\n"),
        };
        let doc = parse::parse_document(&text, "position").map_err(|d| render(&d))?;
        if !doc.errors.is_empty() {
            return Err(render(&doc.errors));
        }
        let mut out = self.clone();
        for Setting {
            index: i, value, ..
        } in doc.settings
        {
            debug_assert_eq!(i, index);
            apply(&mut out.params, i, value);
            out.positions[i] = Position {
                key: POSITION_KEYS[i],
                value: value.to_string(),
                source: source.to_string(),
                origin: Origin::Set {
                    profile: by.to_string(),
                },
            };
        }
        Ok(out)
    }
}

/// The messages of diagnostics, without their (synthetic) file positions.
fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The values a position can take when it is a closed set (`sovereignty`, `notify`, `vuln`,
/// the booleans, `ci_min_severity` and the feasibility table), in canonical spelling; empty
/// for the numeric positions, whose alternatives are open.
pub fn closed_values(key: &str) -> Vec<&'static str> {
    fn names<T>(list: &'static [(&'static str, T)]) -> Vec<&'static str> {
        list.iter()
            .map(|(n, _)| *n)
            .filter(|n| *n != "binding")
            .collect()
    }
    match key {
        "sovereignty" => names(sovereignty_names()),
        "notify" => names(notify_names()),
        "vuln" => names(vuln_names()),
        "preventive" | "due_diligence" | "collective_cm" => vec!["true", "false"],
        "ci_min_severity" => names(severity_names()),
        k if k.starts_with("feasibility.") => names(capacity_names()),
        _ => Vec::new(),
    }
}

/// One problem found while loading a profile.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The file it is in (`profiles/NAME.toml` for a shipped profile), if any.
    pub file: Option<String>,
    /// 1-based line and column (in characters) in `file`, if known.
    pub line_col: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at byte `offset` of `text`, the contents of `file`.
    fn at(file: &str, text: &str, offset: usize, message: String) -> Diagnostic {
        Diagnostic {
            file: Some(file.to_string()),
            line_col: Some(line_col(text, offset)),
            message,
        }
    }

    /// A diagnostic about a whole file.
    fn file(file: &str, message: String) -> Diagnostic {
        Diagnostic {
            file: Some(file.to_string()),
            line_col: None,
            message,
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `FILE:LINE:COLUMN: message`, `FILE: message` or just `message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let Some((line, col)) = self.line_col {
                write!(f, ":{line}:{col}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Why a profile could not be loaded: every problem found, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    /// The problems, at least one.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for ProfileError {
    /// One diagnostic per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ProfileError {}

/// Loads a profile: `spec` is a shipped name (see [`shipped`]) or the path of a TOML file.
///
/// A shipped name wins over a file of the same name in the current folder. A user file
/// inherits every position it leaves unset from its `inherits` profile (default
/// `kreuzer-2024`); a relative `inherits` path is read relative to the file's folder.
pub fn load_profile(spec: &str) -> Result<Profile, ProfileError> {
    let unit = locate(spec, None).map_err(|message| ProfileError {
        diagnostics: vec![Diagnostic {
            file: None,
            line_col: None,
            message,
        }],
    })?;
    let mut stack = Vec::new();
    resolve(unit, &mut stack).map_err(|diagnostics| ProfileError { diagnostics })
}

/// Loads a profile from TOML `text`, reported as `file` in errors; `inherits` paths are
/// read relative to `file`'s folder.
pub fn parse_profile(text: &str, file: &str) -> Result<Profile, ProfileError> {
    let unit = Unit::Text {
        file: PathBuf::from(file),
        text: text.to_string(),
    };
    let mut stack = Vec::new();
    resolve(unit, &mut stack).map_err(|diagnostics| ProfileError { diagnostics })
}

/// A profile file to resolve.
enum Unit {
    /// A shipped profile.
    Shipped(&'static str, &'static str),
    /// A file on disk.
    Path(PathBuf),
    /// Text given directly ([`parse_profile`]).
    Text { file: PathBuf, text: String },
}

impl Unit {
    /// The identity used to detect cycles.
    fn identity(&self) -> String {
        match self {
            Unit::Shipped(name, _) => format!("shipped:{name}"),
            Unit::Path(p) | Unit::Text { file: p, .. } => {
                let canonical = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                format!("file:{}", canonical.display())
            }
        }
    }

    /// How errors and cycle messages name the file.
    fn label(&self) -> String {
        match self {
            Unit::Shipped(name, _) => format!("profiles/{name}.toml"),
            Unit::Path(p) | Unit::Text { file: p, .. } => p.display().to_string(),
        }
    }
}

/// Finds what `spec` names: a shipped profile, or a file (relative to `base` if given).
fn locate(spec: &str, base: Option<&Path>) -> Result<Unit, String> {
    if let Some((name, text)) = SHIPPED.iter().find(|(n, _)| *n == spec) {
        return Ok(Unit::Shipped(name, text));
    }
    let path = match base {
        Some(dir) if Path::new(spec).is_relative() => dir.join(spec),
        _ => PathBuf::from(spec),
    };
    let looks_like_path = spec.contains('/') || spec.contains('\\') || spec.ends_with(".toml");
    if path.exists() || looks_like_path {
        return Ok(Unit::Path(path));
    }
    let names = shipped();
    let mut message = format!("unknown profile `{spec}`");
    if let Some(near) = nearest(spec, &names) {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    message.push_str(&format!(
        " (shipped profiles: {}; or give the path of a TOML file)",
        names.join(", ")
    ));
    Err(message)
}

/// Loads `unit` and everything it inherits from; `stack` holds the (identity, label) of
/// the files that inherit from it, to detect cycles.
fn resolve(unit: Unit, stack: &mut Vec<(String, String)>) -> Result<Profile, Vec<Diagnostic>> {
    let label = unit.label();
    let owned_text;
    let (text, shipped_name, base_dir): (&str, Option<&str>, Option<PathBuf>) = match &unit {
        Unit::Shipped(name, text) => (text, Some(*name), None),
        Unit::Path(p) => {
            owned_text = std::fs::read_to_string(p).map_err(|e| {
                vec![Diagnostic::file(
                    &label,
                    format!("cannot read profile: {e}"),
                )]
            })?;
            (owned_text.as_str(), None, p.parent().map(Path::to_path_buf))
        }
        Unit::Text { file, text } => (text.as_str(), None, file.parent().map(Path::to_path_buf)),
    };
    let doc = parse::parse_document(text, &label)?;
    let mut errors = doc.errors;

    let name = match (&doc.name, shipped_name) {
        (Some((n, at)), None) => {
            if shipped_toml(n).is_some() {
                errors.push(Diagnostic::at(
                    &label,
                    text,
                    *at,
                    format!(
                        "name `{n}` belongs to a shipped profile; give this profile another name"
                    ),
                ));
            }
            n.clone()
        }
        (Some((n, _)), Some(_)) => n.clone(),
        (None, Some(s)) => s.to_string(),
        (None, None) => match &unit {
            Unit::Path(p) | Unit::Text { file: p, .. } => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| label.clone()),
            Unit::Shipped(n, _) => n.to_string(),
        },
    };

    // The parent: none for the root profile, else `inherits` or the default.
    let is_root = shipped_name == Some(DEFAULT_PROFILE);
    let parent_spec = match (&doc.inherits, is_root) {
        (Some((spec, at)), _) => Some((spec.clone(), Some(*at))),
        (None, false) => Some((DEFAULT_PROFILE.to_string(), None)),
        (None, true) => None,
    };
    let here = |at: Option<usize>, message: String| match at {
        Some(at) => Diagnostic::at(&label, text, at, message),
        None => Diagnostic::file(&label, message),
    };
    let mut parent = None;
    if let Some((spec, at)) = parent_spec {
        match locate(&spec, base_dir.as_deref()) {
            Err(message) => errors.push(here(at, message)),
            Ok(Unit::Path(p)) if !p.is_file() => {
                let why = if p.exists() {
                    "is not a file"
                } else {
                    "does not exist"
                };
                errors.push(here(at, format!("profile file `{}` {why}", p.display())));
            }
            Ok(parent_unit) => {
                let id = parent_unit.identity();
                let mine = unit.identity();
                if id == mine || stack.iter().any(|(i, _)| *i == id) {
                    let mut chain: Vec<(&str, &str)> = stack
                        .iter()
                        .map(|(i, l)| (i.as_str(), l.as_str()))
                        .collect();
                    chain.push((&mine, &label));
                    let start = chain.iter().position(|(i, _)| *i == id).unwrap_or(0);
                    let labels: Vec<&str> = chain[start..].iter().map(|(_, l)| *l).collect();
                    let cycle = format!("{} -> {}", labels.join(" -> "), parent_unit.label());
                    errors.push(here(at, format!("inheritance cycle: {cycle}")));
                } else {
                    stack.push((mine, label.clone()));
                    let result = resolve(parent_unit, stack);
                    stack.pop();
                    match result {
                        Ok(p) => parent = Some(p),
                        Err(mut errs) => {
                            sort(&mut errors);
                            errors.append(&mut errs);
                            return Err(errors);
                        }
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        sort(&mut errors);
        return Err(errors);
    }

    // Start from the parent's positions, every one inherited, then apply the settings.
    let (mut params, mut slots): (Params, Vec<Option<Position>>) = match &parent {
        Some(p) => (
            p.params,
            p.positions
                .iter()
                .map(|pos| {
                    Some(Position {
                        origin: Origin::Inherited {
                            from: pos.origin.profile().to_string(),
                        },
                        ..pos.clone()
                    })
                })
                .collect(),
        ),
        None => (Params::default(), vec![None; POSITION_KEYS.len()]),
    };
    for Setting {
        index,
        value,
        source,
    } in doc.settings
    {
        apply(&mut params, index, value);
        slots[index] = Some(Position {
            key: POSITION_KEYS[index],
            value: value.to_string(),
            source,
            origin: Origin::Set {
                profile: name.clone(),
            },
        });
    }
    let mut positions = Vec::with_capacity(POSITION_KEYS.len());
    for (i, slot) in slots.into_iter().enumerate() {
        match slot {
            Some(p) => positions.push(p),
            None => errors.push(Diagnostic::file(
                &label,
                format!(
                    "position `{}` is not set and there is no profile to inherit it from",
                    POSITION_KEYS[i]
                ),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Profile {
        name,
        description: doc.description.unwrap_or_default(),
        inherits: parent.map(|p| p.name),
        params,
        positions,
    })
}

/// Sorts diagnostics by position in their file (those without one first).
fn sort(errors: &mut [Diagnostic]) {
    errors.sort_by_key(|d| d.line_col);
}

/// Writes a parsed value into the [`Params`] field of position `index`.
fn apply(params: &mut Params, index: usize, value: Val) {
    match (POSITION_KEYS[index], value) {
        ("sovereignty", Val::Sovereignty(s)) => params.sovereignty = s,
        ("notify", Val::Status(s)) => params.notify = s,
        ("vuln", Val::Status(s)) => params.vuln = s,
        ("preventive", Val::Bool(b)) => params.preventive = b,
        ("due_diligence", Val::Bool(b)) => params.due_diligence = b,
        ("collective_cm", Val::Bool(b)) => params.collective_cm = b,
        ("window_hours", Val::Int(n)) => params.window_hours = u32::try_from(n).unwrap_or(u32::MAX),
        ("mla_window_hours", Val::Int(n)) => {
            params.mla_window_hours = u32::try_from(n).unwrap_or(u32::MAX)
        }
        ("ci_min_severity", Val::Severity(s)) => params.ci_min_severity = s,
        ("economic_threshold_usd", Val::Int(n)) => params.economic_threshold_usd = n,
        ("cumulative_incidents", Val::Int(n)) => {
            params.cumulative_incidents = u32::try_from(n).unwrap_or(u32::MAX)
        }
        ("cumulative_loss_usd", Val::Int(n)) => params.cumulative_loss_usd = n,
        (_, Val::Capacity(c)) if index >= FEASIBILITY_AT => {
            params.feasibility[index - FEASIBILITY_AT] = c
        }
        // The parser produces only the kinds above for each key.
        _ => {}
    }
}

/// The human label of a position key.
fn label(key: &str) -> String {
    match key {
        "sovereignty" => "sovereignty rule".into(),
        "notify" => "duty to notify (DUTY-NOTIFY)".into(),
        "vuln" => "vulnerability disclosure (DUTY-VULN)".into(),
        "preventive" => "preventive duties incl. abstract risk (SIG-RISK)".into(),
        "due_diligence" => "due diligence binding".into(),
        "collective_cm" => "collective countermeasures (CM-COLLECTIVE)".into(),
        "window_hours" => "response window".into(),
        "mla_window_hours" => "MLA answer window (BREACH-MLA)".into(),
        "ci_min_severity" => "least severity for SIG-CI".into(),
        "economic_threshold_usd" => "economic threshold (SIG-ECONOMIC)".into(),
        "cumulative_incidents" => "cumulative threshold, incidents (SIG-CUMULATIVE)".into(),
        "cumulative_loss_usd" => "cumulative threshold, loss (SIG-CUMULATIVE)".into(),
        k => match k.strip_prefix("feasibility.") {
            Some(kind) => format!("capacity required for `{kind}` (CAP-1)"),
            None => k.to_string(),
        },
    }
}

/// `10000000` → `10,000,000` (other text unchanged).
fn thousands(digits: &str) -> String {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.to_string();
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .min_by_key(|(d, _)| *d)
        .filter(|(d, _)| *d <= (word.chars().count() / 3).max(1))
        .map(|(_, c)| c)
}

/// Edit distance between two strings (characters).
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Values each key accepts, for messages and parsing: kept here beside [`POSITION_KEYS`].
fn capacity_names() -> &'static [(&'static str, Capacity)] {
    &[
        ("low", Capacity::Low),
        ("medium", Capacity::Medium),
        ("high", Capacity::High),
    ]
}

/// Accepted spellings of a status for `notify` (`binding` = `lex_lata`).
fn notify_names() -> &'static [(&'static str, Status)] {
    &[
        ("emerging", Status::Emerging),
        ("lex_lata", Status::LexLata),
        ("binding", Status::LexLata),
    ]
}

/// Accepted spellings of a status for `vuln` (`binding` = `lex_lata`).
fn vuln_names() -> &'static [(&'static str, Status)] {
    &[
        ("lex_ferenda", Status::LexFerenda),
        ("emerging", Status::Emerging),
        ("lex_lata", Status::LexLata),
        ("binding", Status::LexLata),
    ]
}

/// Accepted severities for `ci_min_severity` (SIG-CI).
fn severity_names() -> &'static [(&'static str, Severity)] {
    &[
        ("low", Severity::Low),
        ("moderate", Severity::Moderate),
        ("high", Severity::High),
        ("severe", Severity::Severe),
    ]
}

/// Accepted sovereignty variants.
fn sovereignty_names() -> &'static [(&'static str, Sovereignty)] {
    &[
        ("none", Sovereignty::None),
        ("territorial", Sovereignty::Territorial),
        ("pure", Sovereignty::Pure),
    ]
}
