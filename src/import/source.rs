//! Reading a source file (EuRepoC, CFR, an enrichment file): its header checked against
//! the columns a mapping reads, every record with the line it starts on, and every problem
//! as a positioned [`InputError`] (`FILE:LINE:COLUMN`), all of them together.

use std::collections::HashMap;
use std::path::Path;

use crate::facts::InputError;

/// A source file read whole and checked.
pub struct Source {
    /// The path as the user gave it (for error messages).
    pub path: String,
    /// The file name alone (for provenance: the same bytes wherever the file lies).
    pub name: String,
    /// Column name → 0-based field index.
    columns: HashMap<String, usize>,
    /// The header as written.
    pub header: Vec<String>,
    /// Every record with the line it starts on (the header is line 1).
    pub records: Vec<(u64, csv::StringRecord)>,
}

/// One record of a source, with its line, for reading columns by name.
#[derive(Clone, Copy)]
pub struct Rec<'a> {
    src: &'a Source,
    /// The line the record starts on.
    pub line: u64,
    rec: &'a csv::StringRecord,
}

impl Source {
    /// Reads `path`, requiring the columns `required` in its header (any order; other
    /// columns are allowed and listed by [`Source::unread`]). Ragged rows, invalid UTF-8, a
    /// missing file and a wrong header are errors; returns `None` if the file or its header
    /// cannot be read (the rows of a file with ragged rows are still returned, to be checked).
    pub fn read(path: &Path, required: &[&str], errors: &mut Vec<InputError>) -> Option<Source> {
        let shown = path.display().to_string();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone());
        let err = |errors: &mut Vec<InputError>, line: u64, column: u64, message: String| {
            errors.push(InputError {
                file: shown.clone(),
                line,
                column,
                message,
            })
        };
        let data = match std::fs::read(path) {
            Ok(d) => d,
            Err(e) => {
                err(errors, 0, 0, format!("cannot read file: {e}"));
                return None;
            }
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .has_headers(false)
            .from_reader(data.as_slice());
        let mut header: Option<Vec<String>> = None;
        let mut records = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line());
                    if header.is_none() {
                        header = Some(
                            record
                                .iter()
                                .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
                                .collect(),
                        );
                    } else if record.iter().all(|f| f.trim().is_empty()) {
                        // A blank line at the end of a file.
                    } else {
                        records.push((line, record.clone()));
                    }
                }
                Err(e) => match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        pos,
                        expected_len,
                        len,
                    } => err(
                        errors,
                        pos.as_ref().map_or(0, |p| p.line()),
                        0,
                        format!("expected {expected_len} fields as in the header, found {len}"),
                    ),
                    csv::ErrorKind::Utf8 { pos, err: u } => err(
                        errors,
                        pos.as_ref().map_or(0, |p| p.line()),
                        u.field() as u64 + 1,
                        "invalid UTF-8".to_string(),
                    ),
                    _ => {
                        err(errors, 0, 0, format!("cannot read file: {e}"));
                        break;
                    }
                },
            }
        }
        let Some(header) = header else {
            err(
                errors,
                0,
                0,
                format!(
                    "the file is empty (expected a header with the columns {})",
                    required.join(", ")
                ),
            );
            return None;
        };
        // Ragged rows and invalid UTF-8 are reported, and the other rows are still read,
        // so that every problem of the file is reported at once.
        let before = errors.len();
        let mut columns = HashMap::new();
        for (k, h) in header.iter().enumerate() {
            if let Some(first) = columns.insert(h.clone(), k) {
                err(
                    errors,
                    1,
                    k as u64 + 1,
                    format!("duplicate column `{h}` (also column {})", first + 1),
                );
            }
        }
        for r in required {
            if !columns.contains_key(*r) {
                err(errors, 1, 0, format!("missing column `{r}`"));
            }
        }
        (errors.len() == before).then_some(Source {
            path: shown,
            name,
            columns,
            header,
            records,
        })
    }

    /// The records, in file order.
    pub fn rows(&self) -> impl Iterator<Item = Rec<'_>> {
        self.records.iter().map(move |(line, rec)| Rec {
            src: self,
            line: *line,
            rec,
        })
    }

    /// The 1-based column number of a column name (0 if absent).
    pub fn column(&self, name: &str) -> u64 {
        self.columns.get(name).map_or(0, |&k| k as u64 + 1)
    }

    /// The header's columns that are not in `read`, in header order.
    pub fn unread(&self, read: &[&str]) -> Vec<String> {
        self.header
            .iter()
            .filter(|h| !read.contains(&h.as_str()))
            .cloned()
            .collect()
    }

    /// A positioned error about column `col` of the record on `line`.
    pub fn error(&self, line: u64, col: &str, message: String) -> InputError {
        InputError {
            file: self.path.clone(),
            line,
            column: self.column(col),
            message: format!("column `{col}`: {message}"),
        }
    }
}

impl<'a> Rec<'a> {
    /// The trimmed value of a column (empty if the column is absent).
    pub fn get(&self, col: &str) -> &'a str {
        self.src
            .columns
            .get(col)
            .and_then(|&k| self.rec.get(k))
            .map_or("", str::trim)
    }

    /// `FILE:LINE` of this record, with the file's name only.
    pub fn at(&self) -> String {
        format!("{}:{}", self.src.name, self.line)
    }

    /// A positioned error about one of this record's columns.
    pub fn error(&self, col: &str, message: String) -> InputError {
        self.src.error(self.line, col, message)
    }
}
