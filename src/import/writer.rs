//! The shared writer of every importer: rows of our schema with their provenance, the
//! notes (rows skipped, values repaired, names not mapped) and the counts of the summary;
//! then the dataset written into a temporary folder beside `--out`, checked with the
//! dataset loader, and only then renamed into place, so that a failed import leaves
//! nothing behind.
//!
//! Besides the dataset's CSV files, the folder gets a subfolder `import/` (the loader
//! ignores subfolders) with
//! - `import-log.csv`: for each written row (`FILE:LINE`), the source row it came from
//!   (`FILE:LINE`), the source columns and the mapping rules (ids of `docs/importers.md`);
//! - `import-notes.csv`: every source row or value that was skipped, repaired or not mapped,
//!   with its position, the rule and what happened.

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::facts::InputFile;

/// Where a written row came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prov {
    /// `FILE:LINE` of the source row (file name only).
    pub source: String,
    /// The source columns read, e.g. `receiver_country[2] receiver_category[2][1]`.
    pub columns: String,
    /// The mapping rules applied (ids of `docs/importers.md`).
    pub rules: Vec<&'static str>,
}

impl Prov {
    /// A provenance with one rule.
    pub fn new(source: &str, columns: impl Into<String>, rule: &'static str) -> Prov {
        Prov {
            source: source.to_string(),
            columns: columns.into(),
            rules: vec![rule],
        }
    }

    /// The same with one more rule.
    pub fn with(mut self, rule: &'static str) -> Prov {
        if !self.rules.contains(&rule) {
            self.rules.push(rule);
        }
        self
    }
}

/// A note about a source row or value that was skipped, repaired or not mapped.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// `FILE:LINE` of the source row.
    pub source: String,
    /// The source columns concerned.
    pub columns: String,
    /// The rule (an id of `docs/importers.md`).
    pub rule: &'static str,
    /// What happened, for a person.
    pub text: String,
}

/// One output table.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The header.
    pub columns: Vec<&'static str>,
    /// The rows, each with its provenance, in the order written.
    pub rows: Vec<(Vec<String>, Prov)>,
    keys: HashSet<Vec<String>>,
}

/// A dataset being built by an importer.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    /// The tables, keyed by input file.
    pub tables: BTreeMap<InputFile, Table>,
    /// Notes, in the order made.
    pub notes: Vec<Note>,
    /// How often each rule was applied (repairs, skips, mappings), for the summary.
    pub counts: BTreeMap<&'static str, usize>,
    /// Names the country table lacks: name → uses.
    pub unmapped: BTreeMap<String, usize>,
}

/// Values are written on one line each: line breaks and runs of white space inside a value
/// become one space (so that row `k` of a table is line `k + 2` of its file).
pub fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Builder {
    /// Declares a table and its columns (in the data model's order).
    pub fn table(&mut self, file: InputFile, columns: &[&'static str]) {
        self.tables.entry(file).or_insert_with(|| Table {
            columns: columns.to_vec(),
            ..Table::default()
        });
    }

    /// Adds a row unless an identical one (same values) was written already; true if added.
    pub fn row(&mut self, file: InputFile, values: Vec<String>, prov: Prov) -> bool {
        let t = self
            .tables
            .get_mut(&file)
            .unwrap_or_else(|| panic!("table {file} not declared"));
        debug_assert_eq!(values.len(), t.columns.len(), "{file}");
        let values: Vec<String> = values.iter().map(|v| clean(v)).collect();
        if !t.keys.insert(values.clone()) {
            return false;
        }
        t.rows.push((values, prov));
        true
    }

    /// Number of rows of a table.
    pub fn len(&self, file: InputFile) -> usize {
        self.tables.get(&file).map_or(0, |t| t.rows.len())
    }

    /// Counts one application of `rule`.
    pub fn count(&mut self, rule: &'static str) {
        *self.counts.entry(rule).or_default() += 1;
    }

    /// Records a note and counts its rule.
    pub fn note(
        &mut self,
        source: &str,
        columns: impl Into<String>,
        rule: &'static str,
        text: String,
    ) {
        self.count(rule);
        self.notes.push(Note {
            source: source.to_string(),
            columns: columns.into(),
            rule,
            text,
        });
    }

    /// Records a name the country table lacks.
    pub fn unmapped(&mut self, source: &str, column: &str, name: &str) {
        *self.unmapped.entry(name.to_string()).or_default() += 1;
        self.note(
            source,
            column,
            "COUNTRY-UNMAPPED",
            format!("`{name}` is not in the country table; nothing was written for it"),
        );
    }

    /// The CSV text of a table.
    fn csv(columns: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Writing into a Vec cannot fail.
        let _ = w.write_record(columns);
        for r in rows {
            let _ = w.write_record(&r);
        }
        w.into_inner().unwrap_or_default()
    }

    /// The files of the dataset and of `import/`: (relative path, bytes), in a fixed order.
    pub fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut log: Vec<Vec<String>> = Vec::new();
        for (file, t) in &self.tables {
            out.push((
                PathBuf::from(file.file_name()),
                Self::csv(&t.columns, t.rows.iter().map(|(v, _)| v.clone())),
            ));
            for (k, (_, p)) in t.rows.iter().enumerate() {
                log.push(vec![
                    format!("{}:{}", file.file_name(), k + 2),
                    p.source.clone(),
                    p.columns.clone(),
                    p.rules.join(" "),
                ]);
            }
        }
        out.push((
            Path::new("import").join("import-log.csv"),
            Self::csv(&["row", "source", "columns", "rules"], log.into_iter()),
        ));
        out.push((
            Path::new("import").join("import-notes.csv"),
            Self::csv(
                &["source", "columns", "rule", "note"],
                self.notes.iter().map(|n| {
                    vec![
                        n.source.clone(),
                        n.columns.clone(),
                        n.rule.to_string(),
                        n.text.clone(),
                    ]
                }),
            ),
        ));
        out
    }
}

/// Writes the dataset into `out`: into a temporary folder beside it first, checked with the
/// dataset loader, then renamed. An existing `out` is replaced only when `force` is given
/// and it holds an earlier import (`import/import-log.csv`); an empty folder is replaced.
pub fn write(b: &Builder, out: &Path, force: bool) -> Result<(), String> {
    let shown = out.display();
    if out.exists() {
        let empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        let ours = out.join("import").join("import-log.csv").is_file();
        if !(empty || force && ours) {
            return Err(if ours {
                format!("{shown} holds an earlier import; give --force to replace it")
            } else {
                format!("{shown} exists and is not an imported dataset; choose another --out")
            });
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    let base = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".into());
    let tmp = parent.join(format!(".{base}.import-{}", std::process::id()));
    let result = write_into(b, &tmp).and_then(|()| {
        crate::facts::load(&tmp).map_err(|errs| {
            format!(
                "internal error: the imported dataset does not pass the loader's checks \
                 (please report this):\n{errs}"
            )
        })?;
        if out.exists() {
            std::fs::remove_dir_all(out).map_err(|e| format!("{shown}: {e}"))?;
        }
        std::fs::rename(&tmp, out).map_err(|e| format!("{shown}: {e}"))
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

fn write_into(b: &Builder, dir: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("import")).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (rel, bytes) in b.files() {
        let path = dir.join(rel);
        let mut f = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        f.write_all(&bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
