//! Reading one profile file: TOML syntax (with spans), then every key checked by hand so
//! that all problems of the file are reported together, each at its line and column.

use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::{
    capacity_names, nearest, notify_names, severity_names, sovereignty_names, vuln_names,
    Diagnostic, Sovereignty, FEASIBILITY_AT, POSITION_KEYS,
};
use crate::facts::{Capacity, Severity, Status};

/// A parsed position value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Val {
    /// `sovereignty`.
    Sovereignty(Sovereignty),
    /// `notify`, `vuln`.
    Status(Status),
    /// `preventive`, `due_diligence`, `collective_cm`.
    Bool(bool),
    /// The numeric positions (range-checked for their field).
    Int(u64),
    /// `feasibility.*`.
    Capacity(Capacity),
    /// `ci_min_severity`.
    Severity(Severity),
}

impl fmt::Display for Val {
    /// The canonical spelling, as in profile files.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Sovereignty(s) => write!(f, "{s}"),
            Val::Status(s) => write!(f, "{s}"),
            Val::Bool(b) => write!(f, "{b}"),
            Val::Int(n) => write!(f, "{n}"),
            Val::Capacity(c) => write!(f, "{c}"),
            Val::Severity(s) => write!(f, "{s}"),
        }
    }
}

/// One position a file sets.
pub(super) struct Setting {
    /// Index into [`POSITION_KEYS`].
    pub index: usize,
    /// The value.
    pub value: Val,
    /// Its source (empty if none given).
    pub source: String,
}

/// What one file says, plus the problems found in it.
pub(super) struct Document {
    /// `name` and the byte offset of its value.
    pub name: Option<(String, usize)>,
    /// `description`.
    pub description: Option<String>,
    /// `inherits` and the byte offset of its value.
    pub inherits: Option<(String, usize)>,
    /// The positions set, in file order of keys.
    pub settings: Vec<Setting>,
    /// Problems of content (unknown keys, wrong types, invalid values).
    pub errors: Vec<Diagnostic>,
}

/// The value kind a position key expects.
enum Kind {
    Sovereignty,
    Status(&'static [(&'static str, Status)]),
    Bool,
    Int { min: u64, max: u64 },
    Capacity,
    Severity,
}

/// The value kind of position `index`.
fn kind(index: usize) -> Kind {
    match POSITION_KEYS[index] {
        "sovereignty" => Kind::Sovereignty,
        "notify" => Kind::Status(notify_names()),
        "vuln" => Kind::Status(vuln_names()),
        "preventive" | "due_diligence" | "collective_cm" => Kind::Bool,
        "ci_min_severity" => Kind::Severity,
        "window_hours" | "mla_window_hours" => Kind::Int {
            min: 1,
            max: u64::from(u32::MAX),
        },
        "cumulative_incidents" => Kind::Int {
            min: 2,
            max: u64::from(u32::MAX),
        },
        "economic_threshold_usd" | "cumulative_loss_usd" => Kind::Int {
            min: 0,
            max: u64::MAX,
        },
        _ => Kind::Capacity,
    }
}

/// The keys allowed directly under `[positions]`.
fn position_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = POSITION_KEYS[..FEASIBILITY_AT].to_vec();
    names.push("feasibility");
    names
}

/// The measure kinds of the feasibility table, in `MeasureKind` order.
fn measure_names() -> Vec<&'static str> {
    POSITION_KEYS[FEASIBILITY_AT..]
        .iter()
        .map(|k| k.trim_start_matches("feasibility."))
        .collect()
}

/// Parses `text` (the contents of `file`). `Err` holds the TOML syntax errors; problems of
/// content are in [`Document::errors`].
pub(super) fn parse_document(text: &str, file: &str) -> Result<Document, Vec<Diagnostic>> {
    let (root, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        let mut errors: Vec<Diagnostic> = syntax
            .iter()
            .map(|e| {
                let message = e.message().trim().to_string();
                match e.span() {
                    Some(span) => Diagnostic::at(file, text, span.start, message),
                    None => Diagnostic::file(file, message),
                }
            })
            .collect();
        super::sort(&mut errors);
        errors.dedup();
        return Err(errors);
    }
    let mut p = Parser {
        file,
        text,
        errors: Vec::new(),
    };
    let mut doc = Document {
        name: None,
        description: None,
        inherits: None,
        settings: Vec::new(),
        errors: Vec::new(),
    };
    for (key, value) in root.get_ref() {
        match key.get_ref().as_ref() {
            "name" => {
                if let Some(s) = p.string(value, "`name`") {
                    if s.trim().is_empty() {
                        p.error(value.span(), "`name` must not be empty".to_string());
                    } else {
                        doc.name = Some((s, value.span().start));
                    }
                }
            }
            "description" => doc.description = p.string(value, "`description`"),
            "inherits" => {
                if let Some(s) = p.string(value, "`inherits`") {
                    if s.trim().is_empty() {
                        p.error(value.span(), "`inherits` must not be empty".to_string());
                    } else {
                        doc.inherits = Some((s, value.span().start));
                    }
                }
            }
            "positions" => match value.get_ref() {
                DeValue::Table(table) => p.positions(table, &mut doc.settings),
                other => p.error(
                    value.span(),
                    format!("`positions` must be a table, found {}", other.type_str()),
                ),
            },
            other => p.error(
                key.span(),
                format!(
                    "unknown key `{other}`; expected `name`, `description`, `inherits` or `positions`"
                ),
            ),
        }
    }
    doc.settings.sort_by_key(|s| s.index);
    p.errors.sort_by_key(|d| d.line_col);
    doc.errors = p.errors;
    Ok(doc)
}

/// The state of reading one file.
struct Parser<'a> {
    file: &'a str,
    text: &'a str,
    errors: Vec<Diagnostic>,
}

impl Parser<'_> {
    /// Records a problem at the start of `span`.
    fn error(&mut self, span: Range<usize>, message: String) {
        self.errors
            .push(Diagnostic::at(self.file, self.text, span.start, message));
    }

    /// The source text of `span`, for "found …" in messages.
    fn snippet(&self, span: Range<usize>) -> &str {
        self.text.get(span).unwrap_or("").trim()
    }

    /// A string value, or an error naming `what`.
    fn string(&mut self, value: &Spanned<DeValue<'_>>, what: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.error(
                    value.span(),
                    format!("{what} must be a string, found {}", other.type_str()),
                );
                None
            }
        }
    }

    /// The `[positions]` table.
    fn positions(&mut self, table: &DeTable<'_>, out: &mut Vec<Setting>) {
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            if name == "feasibility" {
                self.feasibility(value, out);
                continue;
            }
            let Some(index) = POSITION_KEYS[..FEASIBILITY_AT]
                .iter()
                .position(|k| *k == name)
            else {
                let names = position_names();
                let message = match nearest(name, &names) {
                    Some(near) => format!("unknown position `{name}`; did you mean `{near}`?"),
                    None => format!(
                        "unknown position `{name}`; expected one of: {}",
                        names.join(", ")
                    ),
                };
                self.error(key.span(), message);
                continue;
            };
            if let Some((value, source)) = self.entry(index, name, key, value) {
                out.push(Setting {
                    index,
                    value,
                    source: source.unwrap_or_default(),
                });
            }
        }
    }

    /// One position entry: a bare value, or a table `{ value, source }`. Returns the value
    /// and the source, if given.
    fn entry(
        &mut self,
        index: usize,
        what: &str,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<(Val, Option<String>)> {
        let DeValue::Table(table) = value.get_ref() else {
            return self.value(index, what, value).map(|v| (v, None));
        };
        let mut val = None;
        let mut source = None;
        let mut seen_value = false;
        for (k, v) in table {
            match k.get_ref().as_ref() {
                "value" => {
                    seen_value = true;
                    val = self.value(index, what, v);
                }
                "source" => source = self.string(v, &format!("`source` of `{what}`")),
                other => self.error(
                    k.span(),
                    format!(
                        "unknown key `{other}` in position `{what}`; expected `value` or `source`"
                    ),
                ),
            }
        }
        if !seen_value {
            self.error(key.span(), format!("position `{what}` has no `value`"));
        }
        val.map(|v| (v, source))
    }

    /// The value of position `index` (named `what` in messages).
    fn value(&mut self, index: usize, what: &str, value: &Spanned<DeValue<'_>>) -> Option<Val> {
        let span = value.span();
        match (kind(index), value.get_ref()) {
            (Kind::Bool, DeValue::Boolean(b)) => Some(Val::Bool(*b)),
            (Kind::Bool, other) => {
                self.error(
                    span,
                    format!("`{what}` must be a boolean, found {}", other.type_str()),
                );
                None
            }
            (Kind::Int { min, max }, DeValue::Integer(int)) => {
                let digits = int.as_str();
                let n = if digits.starts_with('-') {
                    None
                } else {
                    u64::from_str_radix(digits.trim_start_matches('+'), int.radix()).ok()
                };
                match n {
                    Some(n) if (min..=max).contains(&n) => Some(Val::Int(n)),
                    _ => {
                        let found = self.snippet(span.clone()).to_string();
                        self.error(
                            span,
                            format!(
                                "`{what}` must be an integer from {min} to {max}, found {found}"
                            ),
                        );
                        None
                    }
                }
            }
            (Kind::Int { .. }, other) => {
                self.error(
                    span,
                    format!("`{what}` must be an integer, found {}", other.type_str()),
                );
                None
            }
            (kind, DeValue::String(s)) => {
                let found = s.as_ref();
                let hit = match kind {
                    Kind::Sovereignty => lookup(sovereignty_names(), found).map(Val::Sovereignty),
                    Kind::Status(names) => lookup(names, found).map(Val::Status),
                    Kind::Capacity => lookup(capacity_names(), found).map(Val::Capacity),
                    Kind::Severity => lookup(severity_names(), found).map(Val::Severity),
                    Kind::Bool | Kind::Int { .. } => None,
                };
                if hit.is_none() {
                    let names: Vec<String> = match kind {
                        Kind::Sovereignty => quoted(sovereignty_names()),
                        Kind::Status(names) => quoted(names),
                        Kind::Severity => quoted(severity_names()),
                        _ => quoted(capacity_names()),
                    };
                    self.error(
                        span,
                        format!(
                            "invalid value `{found}` for `{what}`; expected one of {}",
                            names.join(", ")
                        ),
                    );
                }
                hit
            }
            (_, other) => {
                self.error(
                    span,
                    format!("`{what}` must be a string, found {}", other.type_str()),
                );
                None
            }
        }
    }

    /// The `[positions.feasibility]` table: measure kinds → capacity, and a `source`.
    fn feasibility(&mut self, value: &Spanned<DeValue<'_>>, out: &mut Vec<Setting>) {
        let kinds = measure_names();
        let DeValue::Table(table) = value.get_ref() else {
            self.error(
                value.span(),
                format!(
                    "`feasibility` must be a table of measure kinds ({}), found {}",
                    kinds.join(", "),
                    value.get_ref().type_str()
                ),
            );
            return;
        };
        let mut common_source = String::new();
        let mut set = Vec::new();
        for (key, v) in table {
            let name = key.get_ref().as_ref();
            if name == "source" {
                if let Some(s) = self.string(v, "`source` of `feasibility`") {
                    common_source = s;
                }
                continue;
            }
            let Some(i) = kinds.iter().position(|k| *k == name) else {
                let mut allowed = kinds.clone();
                allowed.push("source");
                let message = match nearest(name, &allowed) {
                    Some(near) => format!(
                        "unknown measure kind `{name}` in `feasibility`; did you mean `{near}`?"
                    ),
                    None => format!(
                        "unknown measure kind `{name}` in `feasibility`; expected one of: {}",
                        allowed.join(", ")
                    ),
                };
                self.error(key.span(), message);
                continue;
            };
            let index = FEASIBILITY_AT + i;
            if let Some((val, source)) = self.entry(index, POSITION_KEYS[index], key, v) {
                set.push((index, val, source));
            }
        }
        for (index, value, source) in set {
            out.push(Setting {
                index,
                value,
                source: source.unwrap_or_else(|| common_source.clone()),
            });
        }
    }
}

/// The value spelled `name`, if any.
fn lookup<T: Copy>(names: &[(&str, T)], name: &str) -> Option<T> {
    names.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// The spellings, each in backquotes.
fn quoted<T>(names: &[(&str, T)]) -> Vec<String> {
    names.iter().map(|(n, _)| format!("`{n}`")).collect()
}
