//! The relations a query can read: the data model's input files by their file names
//! (`incidents`, `events`, … with every column of `docs/data-model.md`), and
//! every relation of the rule program (the output relations of the data model, the
//! intermediate ones, and the program's typed views of the input such as `notified`),
//! by their names and columns.

use std::sync::OnceLock;

use crate::facts::InputFile;
use crate::rules::program::Rel;

/// The type of a column, for checking queries before any data is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    /// Ids, names, closed values, rule ids, booleans, free text: compared as written.
    Text,
    /// An integer (`loss_usd`, `casualties`, counts).
    Int,
    /// A point in time, compared as a time.
    Time,
}

impl Ty {
    /// The type's name in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Ty::Text => "text",
            Ty::Int => "a number",
            Ty::Time => "a time",
        }
    }
}

/// Where a relation's rows come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// An input file, row by row (every row of the file, as loaded).
    File(InputFile),
    /// A relation of the evaluated model.
    Rel(Rel),
}

/// A relation a query can name.
#[derive(Debug)]
pub struct RelSchema {
    /// Its name in queries.
    pub name: &'static str,
    /// Its columns, in order.
    pub columns: Vec<&'static str>,
    /// The columns' types.
    pub types: Vec<Ty>,
    /// Where its rows come from.
    pub source: Source,
}

/// The type of a column of the rule program, by its name: the program names every time
/// column `since`, `until`, `time`, `start`, `end`, `complete` or `disclosed`, and every number
/// `count`, `loss_usd` or `casualties` (checked by a test against evaluated values).
pub fn column_type(column: &str) -> Ty {
    match column {
        "since" | "until" | "time" | "start" | "end" | "complete" | "disclosed" => Ty::Time,
        "count" | "loss_usd" | "casualties" => Ty::Int,
        _ => Ty::Text,
    }
}

/// The columns of an input file as the data model lists them.
pub(crate) fn file_columns(file: InputFile) -> &'static [&'static str] {
    match file {
        InputFile::States => &["id", "name", "capacity"],
        InputFile::Institutions => &["state", "institution", "since", "status"],
        InputFile::Incidents => &[
            "id",
            "title",
            "start",
            "end",
            "vector",
            "effect",
            "severity",
            "scale",
            "casualties",
            "loss_usd",
            "campaign",
            "source",
            "outcome",
        ],
        InputFile::Targets => &["incident", "state", "sector"],
        InputFile::Origins => &["incident", "state", "link"],
        InputFile::Actors => &["id", "name", "kind", "state"],
        InputFile::Perpetrators => &["incident", "actor"],
        InputFile::Control => &["controller", "controlled", "kind"],
        InputFile::Events => &["time", "kind", "by", "to", "incident", "detail"],
        InputFile::Vulnerabilities => &["id", "product", "known_by", "since", "disclosed"],
        InputFile::Responses => &[
            "id",
            "time",
            "by",
            "against",
            "incident",
            "means",
            "severity",
            "uses_force",
            "reversible",
            "urgent",
            "on_behalf_of",
        ],
    }
}

/// Every relation a query can name: input files first, then the program's relations
/// (except `profile`, which holds no rows of the data, and program inputs whose name is
/// already an input file's, such as `control`).
pub fn relations() -> &'static [RelSchema] {
    static ALL: OnceLock<Vec<RelSchema>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut out: Vec<RelSchema> = InputFile::ALL
            .iter()
            .map(|&f| {
                let name = f.file_name().trim_end_matches(".csv");
                let columns = file_columns(f).to_vec();
                RelSchema {
                    name,
                    types: columns.iter().map(|c| column_type(c)).collect(),
                    columns,
                    source: Source::File(f),
                }
            })
            .collect();
        for &rel in Rel::ALL {
            let meta = rel.name();
            if meta.name == "profile" || out.iter().any(|r| r.name == meta.name) {
                continue;
            }
            let columns = meta.columns.to_vec();
            out.push(RelSchema {
                name: meta.name,
                types: columns.iter().map(|c| column_type(c)).collect(),
                columns,
                source: Source::Rel(rel),
            });
        }
        out
    })
}

/// The relation of this name.
pub fn lookup(name: &str) -> Option<(usize, &'static RelSchema)> {
    relations().iter().enumerate().find(|(_, r)| r.name == name)
}
