//! Loading and validating a dataset folder into a typed [`Dataset`].
//!
//! A dataset is a folder with one CSV file per input relation. Each file is described once,
//! in [`files`](super::files): its columns, their types and closed value sets, the ids they
//! define or refer to, what an empty value means, the parties of each kind of event, and
//! the checks that read two columns. This module interprets those descriptions: it reads
//! the header of each file once, resolves the description against it, and then types every
//! record column by column as the description says. Every problem is collected as a
//! positioned [`InputError`] (`FILE:LINE:COLUMN: message`), all problems of a run are
//! returned together and sorted, and a dataset with any problem is never returned. No input
//! makes the loader panic.
//!
//! # Reading
//! - Every file starts with a header naming its columns in any order; LINE counts the header
//!   as 1 and is the line where a record starts (a quoted field may span lines). COLUMN is
//!   the 1-based position of the field in the record, 0 when the problem concerns a whole
//!   line (or a column missing from the header), and LINE is 0 too when it concerns a whole
//!   file.
//! - A UTF-8 byte order mark, CRLF line ends and quoted fields (with commas, quotes and line
//!   breaks inside) are accepted. Blank lines are skipped. Column names and values are
//!   trimmed; an empty value means "not given".
//! - Mandatory files (`states.csv`, `incidents.csv`) must exist and have a header; every
//!   other input file may be absent or empty (an empty relation). Any other `*.csv` file in
//!   the folder is an error; files with other extensions are ignored.
//! - Ids are interned per kind where they are defined ([`Type::Defines`]); every reference
//!   ([`Type::Refers`]) must name a defined one. Campaign ids are interned where they are
//!   used ([`Type::Names`]). Ids are case-sensitive and may not contain commas.
//!
//! # Defaults and parties
//! An optional column may be left out of the header or empty; its description says what that
//! means ([`Absent`]): a default value, read as if it had been written, or no value. A
//! column may be required on some rows only: `actors.csv` `state` for a `state_organ`
//! ([`Presence::RequiredWhen`]), and the parties and detail of an event
//! ([`Presence::PerKind`]), which follow its kind as the data model's table says (a `—`
//! there means the value must be empty: [`Need::Forbidden`]). `docs/data-model.md`, written
//! from the descriptions, lists them all.
//!
//! Booleans are `true` or `false` in any letter case; integers are decimal and `≥ 0`; times
//! are read by [`Time::parse`]; closed value sets are the schema enums, spelled in
//! `snake_case`.
//!
//! # Messages
//! | problem | `FILE:LINE:COLUMN` | message |
//! | --- | --- | --- |
//! | folder missing | `DIR:0:0` | ``dataset folder does not exist`` |
//! | mandatory file missing | `FILE:0:0` | ``required file is missing`` |
//! | mandatory file without header | `FILE:0:0` | ``required file is empty (expected a header with columns: id, name, capacity)`` |
//! | stray CSV file | `FILE:0:0` | ``not an input file; did you mean `states.csv`?`` or ``…; expected one of: states.csv, …`` |
//! | unknown column | `FILE:1:C` | ``unknown column `severty`; did you mean `severity`?`` or ``…; expected one of: id, …`` |
//! | duplicate column | `FILE:1:C` | ``duplicate column `id` (also column 1)`` |
//! | missing column | `FILE:1:0` | ``missing required column `start` `` |
//! | ragged row | `FILE:L:0` | ``expected 3 fields as in the header, found 4`` |
//! | empty required value | `FILE:L:C` | ``column `name`: required value is empty`` |
//! | bad value | `FILE:L:C` | ``column `sector`: unknown value `hospitals`; expected one of: government, …`` |
//! | unknown id | `FILE:L:C` | ``column `state`: unknown state id `XZ` (not defined in states.csv); did you mean `XA`?`` |
//! | duplicate id | `FILE:L:C` | ``column `id`: duplicate state id `XA` (first defined on line 2)`` |
//!
//! The remaining value messages (times, integers, booleans, UTF-8, event roles) follow the
//! same ``column `NAME`: …`` pattern and are spelled out in `tests/loader.rs`.
//!
//! # Speed
//! Every file is read whole into memory (in parallel; each buffer is freed once its file is
//! loaded). The files defining ids that other files refer to (`states.csv`,
//! `incidents.csv`, `actors.csv`) are loaded first, in that order; the other files are
//! then loaded in parallel. Every file is typed in parallel chunks (`Table::rows_par`),
//! which give exactly the rows, lines and problems of one reader; the ids a file defines
//! are interned afterwards, in file order. Each record is checked for UTF-8 once as a
//! whole, each field only when that fails. The interpreter costs nothing per row: the
//! loop over a file's columns is written out by the `input_files!` macro
//! (`Record::read_columns`), so that each column's description, a constant, is read when
//! compiling.

use std::fs::{self, File};
use std::io::{self, Read};
use std::num::IntErrorKind;
use std::path::Path;

use csv::ByteRecord;
use rayon::prelude::*;

use super::dataset::{Dataset, InputError, InputErrors, Interner, Row, Src};
use super::describe::{
    Absent, Cell, Check, FileSpec, IdKind, KindRoles, Need, Presence, ReadColumn, Record, Type,
    ValueSet, Visit,
};
use super::files::{InputFile, Rows};
use super::schema::Time;

/// How often (in rows of one file) the progress callback is called.
const PROGRESS_EVERY: usize = 1 << 16;

/// After how many records of a file its total number of records is estimated.
const ESTIMATE_AFTER: usize = 1024;

/// Edit-distance computations allowed per file for "did you mean" suggestions of ids, so
/// that a file full of unknown ids against a huge dataset stays fast.
const SUGGESTION_BUDGET: usize = 4_000_000;

/// Progress callback: rows read since the previous call. Called from several threads.
type Progress<'p> = &'p (dyn Fn(usize) + Sync);

/// Loads and validates the dataset in the folder `dir`.
///
/// Returns every problem found, sorted by file, line and column, if there is any.
pub fn load(dir: &Path) -> Result<Dataset, InputErrors> {
    load_with_progress(dir, &|_| {})
}

/// Like [`load`], reporting progress: `on_rows(n)` is called with the number of rows read
/// since its previous call (every 65 536 rows of a file or once per chunk of a file read in
/// chunks, and at the end of each file), possibly from several threads at once; the sum of
/// all calls is the number of records read.
pub fn load_with_progress(
    dir: &Path,
    on_rows: &(dyn Fn(usize) + Sync),
) -> Result<Dataset, InputErrors> {
    let mut main = Sink::default();
    if !check_folder(dir, &mut main) {
        return Err(finish(main.errors));
    }
    // Reading the files is mostly copying and fresh pages: do it in parallel.
    let opened: Vec<_> = InputFile::ALL
        .par_iter()
        .map(|&file| {
            let mut sink = Sink::default();
            (Opened::open(dir, file, &mut sink), sink)
        })
        .collect();
    let opened = opened
        .into_iter()
        .map(|(file, sink)| {
            main.errors.extend(sink.errors);
            file
        })
        .collect();
    let ds = Dataset {
        dir: dir.to_path_buf(),
        ..Dataset::default()
    };
    load_opened(ds, opened, main, on_rows)
}

/// Loads and validates a dataset given in memory: each input file with its bytes, exactly
/// as they would be in a dataset folder. A file left out of `files` is absent (an error for
/// `states.csv` and `incidents.csv`); when a file is given twice, the last one counts.
/// Errors name the files by their bare file names (`states.csv:3:2: …`), and the
/// dataset's `dir` is empty. Behaves as [`load`] does on a folder holding those files (the
/// folder check for stray CSV files aside); used by fuzzing and tests.
pub fn load_files(files: &[(InputFile, &[u8])]) -> Result<Dataset, InputErrors> {
    load_files_chunked(files, CHUNK_SIZE)
}

/// [`load_files`], reading large files in parallel chunks of `chunk_size` bytes (tests use
/// tiny chunks to put chunk boundaries everywhere).
fn load_files_chunked(
    files: &[(InputFile, &[u8])],
    chunk_size: usize,
) -> Result<Dataset, InputErrors> {
    let mut main = Sink::default();
    let opened = InputFile::ALL
        .iter()
        .map(|&file| {
            let bytes = files
                .iter()
                .rev()
                .find(|(f, _)| *f == file)
                .map(|(_, b)| *b);
            let source = match bytes {
                Some(b) => read_all(b, b.len() as u64),
                None => Err(io::Error::from(io::ErrorKind::NotFound)),
            };
            let name = file.file_name().to_owned();
            let mut opened =
                Opened::from_source(name, file, file.is_mandatory(), 0, source, &mut main);
            if let Opened::Ready(table) = &mut opened {
                table.chunk_size = chunk_size;
            }
            opened
        })
        .collect();
    load_opened(Dataset::default(), opened, main, &|_| {})
}

/// Reads the opened files (one per input file, in the order of [`InputFile::ALL`]) into
/// `ds`, adding their problems to those already in `main`.
///
/// The files that define ids other files refer to (`states.csv`, `incidents.csv`,
/// `actors.csv`) are read first, one after the other in that order (each refers only to
/// ids defined before it); the others only look ids up (or define ids nobody refers to)
/// and are read in parallel.
fn load_opened(
    mut ds: Dataset,
    opened: Vec<Opened>,
    mut main: Sink,
    on_rows: Progress,
) -> Result<Dataset, InputErrors> {
    // Whether every id of a kind is known: not when the file defining them is unreadable.
    let mut complete = [true; KINDS];
    for (file, t) in InputFile::ALL.iter().zip(&opened) {
        for c in file.spec().columns {
            if let Type::Defines(kind) = c.ty {
                complete[kind.index()] = t.complete();
            }
        }
    }
    let referred = |kind: IdKind| {
        InputFile::ALL.iter().any(|f| {
            f.spec().columns.iter().any(|c| match c.ty {
                Type::Refers(k) => k == kind,
                Type::RefersEither(a, b) => a == kind || b == kind,
                _ => false,
            })
        })
    };
    let (first, rest): (Vec<_>, Vec<_>) =
        InputFile::ALL
            .iter()
            .copied()
            .zip(opened)
            .partition(|(file, _)| {
                file.spec()
                    .columns
                    .iter()
                    .any(|c| matches!(c.ty, Type::Defines(k) if referred(k)))
            });
    for (file, t) in first {
        let mut slots = ds.symbols.interners_mut().map(Some);
        let own = take_own(&mut slots, file);
        let syms = Interners {
            own,
            shared: slots.map(|s| s.map(|m| &*m)),
            complete,
        };
        let rows = load_file(file, t, syms, &mut main, on_rows);
        ds.append(rows);
    }
    let mut slots = ds.symbols.interners_mut().map(Some);
    let tasks: Vec<_> = rest
        .into_iter()
        .map(|(file, t)| (file, t, take_own(&mut slots, file)))
        .collect();
    let shared = slots.map(|s| s.map(|m| &*m));
    let loaded: Vec<(Rows, Sink)> = tasks
        .into_par_iter()
        .map(|(file, t, own)| {
            let mut sink = Sink::default();
            let syms = Interners {
                own,
                shared,
                complete,
            };
            (load_file(file, t, syms, &mut sink, on_rows), sink)
        })
        .collect();
    for (rows, sink) in loaded {
        ds.append(rows);
        main.errors.extend(sink.errors);
    }
    if main.errors.is_empty() {
        Ok(ds)
    } else {
        Err(finish(main.errors))
    }
}

/// Takes out of `slots` (one per [`IdKind`]) the interners of the ids `file` interns, in
/// the order of its columns.
fn take_own<'a>(
    slots: &mut [Option<&'a mut Interner>; KINDS],
    file: InputFile,
) -> Vec<&'a mut Interner> {
    file.spec()
        .columns
        .iter()
        .filter_map(|c| c.ty.interns())
        .map(|kind| {
            slots[kind.index()]
                .take()
                .expect("each kind of id is interned by one file (files.rs tests)")
        })
        .collect()
}

/// Reads the file at `path`, laid out as the input file `file` (same columns, same
/// checks), into `ds`: its rows are appended to `ds` with [`Src::assumed`] = `assumed`,
/// ids it defines are added to `ds`'s symbols, and its references are resolved against
/// `ds` (and itself). Problems are reported against `path`, all together; on error `ds`
/// may hold part of the file's ids but none of its rows.
pub fn load_into(
    ds: &mut Dataset,
    path: &Path,
    file: InputFile,
    assumed: u8,
) -> Result<(), InputErrors> {
    let mut sink = Sink::default();
    let t = Opened::open_path(path, file, true, assumed, &mut sink);
    if !sink.errors.is_empty() {
        return Err(finish(sink.errors));
    }
    let mut scratch = ds.clone();
    let rows = {
        let mut slots = scratch.symbols.interners_mut().map(Some);
        let own = take_own(&mut slots, file);
        let syms = Interners {
            own,
            shared: slots.map(|s| s.map(|m| &*m)),
            complete: [true; KINDS],
        };
        load_file(file, t, syms, &mut sink, &|_| {})
    };
    if sink.errors.is_empty() {
        scratch.append(rows);
        *ds = scratch;
        Ok(())
    } else {
        Err(finish(sink.errors))
    }
}

/// Sorts and deduplicates the errors of a run.
fn finish(mut errors: Vec<InputError>) -> InputErrors {
    errors.sort();
    errors.dedup();
    InputErrors(errors)
}

/// Checks that `dir` is a readable folder and holds no CSV file that is not an input file.
/// Returns false when the folder cannot be read at all.
fn check_folder(dir: &Path, sink: &mut Sink) -> bool {
    let mut error =
        |path: &Path, message: String| sink.push(&path.display().to_string(), 0, 0, message);
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            error(dir, "dataset folder does not exist".into());
            return false;
        }
        Err(_) if dir.exists() && !dir.is_dir() => {
            error(dir, "dataset path is not a folder".into());
            return false;
        }
        Err(e) => {
            error(dir, format!("cannot read dataset folder: {e}"));
            return false;
        }
    };
    let known: Vec<&str> = InputFile::ALL.iter().map(|f| f.file_name()).collect();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                error(dir, format!("cannot read dataset folder: {e}"));
                continue;
            }
        };
        let path = entry.path();
        let is_csv = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("csv"));
        if !is_csv || path.is_dir() {
            continue;
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if known.contains(&name.as_ref()) {
            continue;
        }
        // Compare the names without `.csv`, which all share.
        let stem = |n: &'static str| n.strip_suffix(".csv").unwrap_or(n);
        let name_stem = name.get(..name.len().saturating_sub(4)).unwrap_or(&name);
        let near = nearest_name(name_stem, known.iter().map(|&n| stem(n)));
        let message = match near {
            Some(near) => format!("not an input file; did you mean `{near}.csv`?"),
            None => format!("not an input file; expected one of: {}", known.join(", ")),
        };
        error(&path, message);
    }
    true
}

/// The bytes of one input file, read whole: the file minus any byte order mark, plus
/// [`TAIL`] (so that every record ends with a line break; see [`next_record`]).
type Source = Vec<u8>;

/// The state of one input file after its header was read.
enum Opened {
    /// An optional file that is absent or empty: an empty relation.
    Absent,
    /// A file that cannot be read (missing mandatory file, unreadable, missing columns):
    /// its rows are not read, and ids it would define are not known.
    Broken,
    /// A file whose header is usable.
    Ready(Box<Table>),
}

impl Opened {
    /// Opens `file` in `dir` and checks its header, reporting problems into `errors`.
    fn open(dir: &Path, file: InputFile, sink: &mut Sink) -> Opened {
        Opened::open_path(
            &dir.join(file.file_name()),
            file,
            file.is_mandatory(),
            0,
            sink,
        )
    }

    /// Opens `path` as a file of `file`'s layout; `mandatory`: a missing or empty file is
    /// an error; `assumed`: the [`Src::assumed`] of its rows.
    fn open_path(
        path: &Path,
        file: InputFile,
        mandatory: bool,
        assumed: u8,
        sink: &mut Sink,
    ) -> Opened {
        let source = File::open(path).and_then(|f| {
            let size = f.metadata()?.len();
            read_all(f, size)
        });
        let display = path.display().to_string();
        Opened::from_source(display, file, mandatory, assumed, source, sink)
    }

    /// Checks the header of `file`, read from `source` (its bytes, or the error reading
    /// it), reporting problems under the name `display` into `sink`; `mandatory` and
    /// `assumed` as in [`Opened::open_path`].
    fn from_source(
        display: String,
        file: InputFile,
        mandatory: bool,
        assumed: u8,
        source: io::Result<Source>,
        sink: &mut Sink,
    ) -> Opened {
        let mut at = |line, column, message: String| sink.push(&display, line, column, message);
        let data = match source {
            Ok(opened) => opened,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if mandatory {
                    at(0, 0, "required file is missing".into());
                    return Opened::Broken;
                }
                return Opened::Absent;
            }
            Err(e) => {
                at(0, 0, format!("cannot read file: {e}"));
                return Opened::Broken;
            }
        };
        let mut reader = csv_reader(&data);
        let mut header = ByteRecord::new();
        let schema: Vec<&'static str> = file
            .required_columns()
            .iter()
            .chain(file.optional_columns())
            .copied()
            .collect();
        let line = match next_record(&mut reader, &mut header, usize::MAX) {
            Ok(Some(line)) => line,
            Ok(None) if mandatory => {
                let message = format!(
                    "required file is empty (expected a header with columns: {})",
                    schema.join(", ")
                );
                at(0, 0, message);
                return Opened::Broken;
            }
            Ok(None) => return Opened::Absent,
            Err(e) => {
                at(0, 0, format!("cannot read file: {e}"));
                return Opened::Broken;
            }
        };
        let mut fields = vec![None; schema.len()];
        for (i, raw) in header.iter().enumerate() {
            let column = i as u64 + 1;
            let Ok(name) = std::str::from_utf8(raw) else {
                at(line, column, "column name is not valid UTF-8".into());
                continue;
            };
            let name = name.trim();
            if name.is_empty() {
                at(line, column, "empty column name".into());
                continue;
            }
            match schema.iter().position(|&c| c == name) {
                Some(k) => match fields[k] {
                    Some(first) => {
                        let message =
                            format!("duplicate column `{name}` (also column {})", first + 1);
                        at(line, column, message);
                    }
                    None => fields[k] = Some(i),
                },
                None => {
                    let message = match nearest_name(name, schema.iter().copied()) {
                        Some(near) => format!("unknown column `{name}`; did you mean `{near}`?"),
                        None => format!(
                            "unknown column `{name}`; expected one of: {}",
                            schema.join(", ")
                        ),
                    };
                    at(line, column, message);
                }
            }
        }
        let mut usable = true;
        for (k, name) in file.required_columns().iter().enumerate() {
            if fields[k].is_none() {
                at(line, 0, format!("missing required column `{name}`"));
                usable = false;
            }
        }
        if !usable {
            return Opened::Broken;
        }
        let (body, body_line) = (reader.position().byte(), reader.position().line());
        Opened::Ready(Box::new(Table {
            file,
            path: display,
            body: usize::try_from(body).unwrap_or(usize::MAX),
            body_line,
            data,
            chunk_size: CHUNK_SIZE,
            width: header.len(),
            schema,
            fields,
            assumed,
        }))
    }

    /// Whether every id this file defines is known (an absent optional file defines none).
    fn complete(&self) -> bool {
        !matches!(self, Opened::Broken)
    }
}

/// Reads all of `file` (of `size` bytes, a hint) past a UTF-8 byte order mark, if it starts
/// with one, and adds [`TAIL`].
///
/// Files are read whole (one buffer, freed once the file is loaded) so that a large file
/// can be typed in parallel chunks ([`Table::rows_par`]).
fn read_all(mut file: impl Read, size: u64) -> io::Result<Source> {
    let mut data = Vec::new();
    // A failed reservation (a size that cannot be right) only costs the doubling.
    let capacity = usize::try_from(size).map_or(0, |n| n.saturating_add(TAIL.len()));
    let _ = data.try_reserve_exact(capacity);
    (&mut file).take(3).read_to_end(&mut data)?;
    if data == b"\xEF\xBB\xBF" {
        data.clear();
    }
    file.read_to_end(&mut data)?;
    data.extend_from_slice(TAIL);
    Ok(data)
}

/// What the reader of every file adds after its last byte: a line break that ends the last
/// record, then `"` and a line break. In a well-formed file the `"` opens a quoted field
/// holding only a line break, read as a blank line and skipped. After a quoted field left
/// open (an unterminated `"`), which would swallow the rest of the file without ending its
/// record, the `"` closes it and the last line break ends the record: every record then ends
/// with a `\n`, and its start line stays right.
const TAIL: &[u8] = b"\n\"\n";

/// A CSV reader for `bytes` (a [`Source`] or the rest of one from a record's start): `\n`
/// is the only record terminator (a `\r` before it stays in the last field, and values are
/// trimmed), fields may be ragged.
fn csv_reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(1 << 16)
        .from_reader(bytes)
}

/// Reads the next record that is not a blank line into `rec`, returning the line it starts on
/// as the reader counts lines (from 1 where it started). Records starting at byte `limit` of
/// the reader or later are not read (`None`, as at the end).
///
/// The position csv gives a record is taken before the blank lines (and, with CRLF, the
/// `\n`) that precede it, so the start line is computed from the position after the record
/// instead: every record ends with a `\n` (the source adds a final one, [`TAIL`]), and any
/// other `\n` it spans is inside a quoted field.
fn next_record(
    reader: &mut csv::Reader<&[u8]>,
    rec: &mut ByteRecord,
    limit: usize,
) -> csv::Result<Option<u64>> {
    loop {
        if reader.position().byte() >= limit as u64 || !reader.read_byte_record(rec)? {
            return Ok(None);
        }
        if rec.len() == 1 && rec[0].trim_ascii().is_empty() {
            continue;
        }
        let bytes = rec.as_slice();
        // `contains` is a fast memchr; quoted line breaks are rare.
        let inner = if bytes.contains(&b'\n') {
            bytes.iter().filter(|&&b| b == b'\n').count() as u64
        } else {
            0
        };
        return Ok(Some(reader.position().line().saturating_sub(1 + inner)));
    }
}

/// An input file whose header has been read and checked.
struct Table {
    file: InputFile,
    /// The path as displayed in errors.
    path: String,
    /// The whole file (a [`Source`]).
    data: Source,
    /// The byte offset of the first record after the header, and the line it is on.
    body: usize,
    body_line: u64,
    /// The size of the chunks [`Table::rows_par`] splits the records into ([`CHUNK_SIZE`];
    /// tests make it small).
    chunk_size: usize,
    /// Number of fields in the header: every record must have as many.
    width: usize,
    /// The file's columns, required ones first (as in [`InputFile`]).
    schema: Vec<&'static str>,
    /// For each column of `schema`, its field position in the records, if in the header.
    fields: Vec<Option<usize>>,
    /// [`Src::assumed`] of the rows read (0: the dataset folder).
    assumed: u8,
}

/// The size in bytes of the chunks in which [`Table::rows_par`] reads a file (a file
/// smaller than two chunks is read in one piece).
const CHUNK_SIZE: usize = 8 << 20;

/// One column of a file, resolved against the header once for all rows.
#[derive(Clone, Copy)]
struct Col {
    name: &'static str,
    /// Field position in each record; `None` when the (optional) column is not in the header.
    field: Option<usize>,
    /// Whether the column is required (then an empty value is an error).
    required: bool,
}

/// The records read from one stretch of a file ([`Table::read_region`]).
struct Region<T> {
    /// The rows typed without problems, in file order.
    rows: Vec<Row<T>>,
    /// The number of records read (for progress).
    records: usize,
    /// The byte offset just past the last record read, and the line there.
    end: usize,
    end_line: u64,
}

impl Table {
    /// The column `name` of this file's schema.
    ///
    /// Panics if `name` is not a column of the file: that is a bug in this module, never a
    /// property of the input.
    fn col(&self, name: &'static str) -> Col {
        let k = self.schema.iter().position(|&c| c == name);
        let k = k.unwrap_or_else(|| panic!("`{name}` is not a column of {}", self.file));
        Col {
            name,
            field: self.fields[k],
            required: k < self.file.required_columns().len(),
        }
    }

    /// An estimate of the number of records, from the line breaks in the first 64 KiB
    /// after the header (at most one per `width` bytes, since a record takes at least that).
    fn estimated_records(&self) -> usize {
        let body = self.data.len().saturating_sub(self.body);
        let sample = &self.data[self.body..][..body.min(1 << 16)];
        let lines = memchr::memchr_iter(b'\n', sample).count();
        let estimate = (lines as f64 * body as f64 / sample.len().max(1) as f64) as usize;
        estimate.min(body / self.width.max(2))
    }

    /// Reads every record, typing it with `parse`; rows with any problem are left out (and
    /// their problems reported into `sink`).
    fn rows<T>(
        self,
        sink: &mut Sink,
        progress: Progress,
        mut parse: impl FnMut(&mut RowCx<'_>) -> Option<T>,
    ) -> Vec<Row<T>> {
        let (start, line) = (self.body, self.body_line);
        let region = self.read_region(start, line, usize::MAX, sink, Some(progress), &mut parse);
        region.rows
    }

    /// [`Table::rows`] for a `parse` that only looks ids up (a `Fn`, not a `FnMut`): a large
    /// file is read in chunks of about [`Table::chunk_size`] bytes, in parallel.
    ///
    /// The chunks are split after a line break, found without knowing whether it is inside a
    /// quoted field, so each chunk is read speculatively from its split by a reader of its
    /// own (its line numbers offset by the line breaks before it), up to the first record
    /// that ends at or past the next split. The chunks are then taken in file order: a chunk
    /// whose split is where its predecessor's last record ended starts at a true record
    /// boundary, and its rows and problems are exactly those a single reader would give. If
    /// a record ran past the next split instead (the split was inside a quoted field), the
    /// file is read again from where that record ended up to the next split, by one reader,
    /// until the records meet a split again. Every record is thus read once as a single
    /// reader of the whole file would, whatever the quoting.
    ///
    /// The "did you mean" suggestions of unknown ids share one budget per file, spent in
    /// file order ([`RowCx::suggest`]); a chunk that made any is read again in order too,
    /// so that messages do not depend on the chunking. Progress is reported as chunks are
    /// taken.
    fn rows_par<T: Send>(
        self,
        sink: &mut Sink,
        progress: Progress,
        parse: impl Fn(&mut RowCx<'_>) -> Option<T> + Sync,
    ) -> Vec<Row<T>> {
        let splits = split_points(&self.data, self.body, self.chunk_size);
        if splits.len() <= 2 {
            return self.rows(sink, progress, parse);
        }
        // The line each split is on.
        let breaks: Vec<u64> = splits
            .par_windows(2)
            .map(|w| memchr::memchr_iter(b'\n', &self.data[w[0]..w[1]]).count() as u64)
            .collect();
        let lines: Vec<u64> = std::iter::once(self.body_line)
            .chain(breaks.iter().scan(self.body_line, |line, n| {
                *line += n;
                Some(*line)
            }))
            .collect();
        let mut chunks: Vec<Option<(Region<T>, Sink)>> = (0..splits.len() - 1)
            .into_par_iter()
            .map(|k| {
                let mut sink = Sink::default();
                let region = self.read_region(
                    splits[k],
                    lines[k],
                    splits[k + 1],
                    &mut sink,
                    None,
                    &mut |cx| parse(cx),
                );
                Some((region, sink))
            })
            .collect();
        let total = chunks.iter().flatten().map(|(r, _)| r.rows.len()).sum();
        let mut out = Vec::with_capacity(total);
        let (mut pos, mut line) = (self.body, self.body_line);
        while pos < self.data.len() {
            // The split after `pos`, and the chunk read from `pos` if it is a split.
            let next = splits.partition_point(|&s| s <= pos);
            let limit = splits.get(next).copied().unwrap_or(usize::MAX);
            let ready = match splits[next - 1] == pos {
                true => chunks[next - 1].take(),
                false => None,
            };
            let mut region = match ready {
                Some((region, chunk)) if chunk.suggested == 0 => {
                    sink.errors.extend(chunk.errors);
                    progress(region.records);
                    region
                }
                _ => self.read_region(pos, line, limit, sink, Some(progress), &mut |cx| parse(cx)),
            };
            out.append(&mut region.rows);
            (pos, line) = (region.end, region.end_line);
        }
        out
    }

    /// Reads the records that start at byte `start` (a record boundary, on line `line`) or
    /// later and before byte `limit`, typing them with `parse` and reporting problems into
    /// `sink` and progress (when given) to `progress`.
    fn read_region<T>(
        &self,
        start: usize,
        line: u64,
        limit: usize,
        sink: &mut Sink,
        progress: Option<Progress>,
        parse: &mut impl FnMut(&mut RowCx<'_>) -> Option<T>,
    ) -> Region<T> {
        let bytes = &self.data[start..];
        let mut reader = csv_reader(bytes);
        let limit = limit.saturating_sub(start);
        // The reader counts lines from 1.
        let offset = line - 1;
        let mut out = Vec::new();
        let mut rec = ByteRecord::new();
        let (mut pending, mut records) = (0, 0);
        loop {
            let line = match next_record(&mut reader, &mut rec, limit) {
                Ok(Some(local)) => local + offset,
                Ok(None) => break,
                Err(e) => {
                    let line = reader.position().line() + offset;
                    sink.push(&self.path, line, 0, format!("cannot read file: {e}"));
                    break;
                }
            };
            pending += 1;
            if pending == PROGRESS_EVERY {
                if let Some(progress) = progress {
                    progress(pending);
                    pending = 0;
                }
            }
            records += 1;
            if records == ESTIMATE_AFTER {
                // Reserving the estimated number of rows once spares the copies (and fresh
                // pages) of repeated doubling, which dominate with millions of rows.
                // Every record takes at least `width` bytes; a failed reservation only costs
                // the doubling.
                let read = reader.position().byte().max(1);
                let rest = (limit.min(bytes.len()) as u64).saturating_sub(read);
                let estimate = (rest as f64 / read as f64 * records as f64 * 1.05) as u64;
                let estimate = estimate.min(rest / self.width.max(2) as u64);
                let _ = out.try_reserve(usize::try_from(estimate).unwrap_or(0));
            }
            if rec.len() != self.width {
                let message = format!(
                    "expected {} fields as in the header, found {}",
                    self.width,
                    rec.len()
                );
                sink.push(&self.path, line, 0, message);
                continue;
            }
            let mut cx = RowCx {
                path: &self.path,
                line,
                rec: &rec,
                whole: std::str::from_utf8(rec.as_slice()).ok(),
                sink: &mut *sink,
                ok: true,
            };
            let data = parse(&mut cx);
            debug_assert!(
                !cx.ok || data.is_some(),
                "a row was dropped without an error"
            );
            if let (true, Some(data)) = (cx.ok, data) {
                // Lines beyond u32::MAX (a 4-billion-line file) saturate in provenance.
                let src = Src {
                    file: self.file,
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    assumed: self.assumed,
                };
                out.push(Row { src, data });
            }
        }
        if let Some(progress) = progress {
            progress(pending);
        }
        let position = reader.position();
        Region {
            rows: out,
            records,
            end: start + position.byte() as usize,
            end_line: position.line() + offset,
        }
    }
}

/// Where [`Table::rows_par`] splits `data`: `body` (where the records start), then about
/// every `size` bytes just after a line break that does not end a blank line, and the end.
fn split_points(data: &[u8], body: usize, size: usize) -> Vec<usize> {
    let mut splits = vec![body];
    let mut from = body.saturating_add(size.max(1));
    // The last chunk is at least `size` bytes long too.
    while from.saturating_add(size) < data.len() {
        let Some(k) = memchr::memchr(b'\n', &data[from..]) else {
            break;
        };
        let at = from + k;
        if data[at - 1] == b'\n' {
            // A blank line: the records do not meet here (csv skips it with the line
            // break before it), so a split here would always be read again.
            from = at + 1;
            continue;
        }
        if at + 1 >= data.len() {
            break;
        }
        splits.push(at + 1);
        from = at + 1 + size;
    }
    splits.push(data.len());
    splits
}

/// Where the problems of one file (or a group of files) go.
struct Sink {
    errors: Vec<InputError>,
    /// Remaining edit-distance computations for id suggestions.
    budget: usize,
    /// The id last looked up among the ids each file defines (indexed by [`InputFile`]),
    /// with its index: rows about one incident tend to come together, and a hit spares a
    /// hash-table probe that misses the cache in a table of millions of ids.
    last: [(String, u32); InputFile::ALL.len()],
    /// The unknown id last looked up, the files searched (a set of [`InputFile`] bits)
    /// and the suggestion found: a wrong id tends to repeat on consecutive rows.
    last_unknown: (String, u32, Option<String>),
    /// How many times suggestions were looked for (their outcome depends on the calls
    /// before them, through `budget` and `last_unknown`).
    suggested: usize,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            errors: Vec::new(),
            budget: SUGGESTION_BUDGET,
            last: Default::default(),
            last_unknown: Default::default(),
            suggested: 0,
        }
    }
}

impl Sink {
    /// Reports `column `NAME`: message` at `line` and the column of `c`.
    fn column_error(&mut self, path: &str, line: u64, c: &Col, message: impl std::fmt::Display) {
        let column = c.field.map_or(0, |f| f as u64 + 1);
        self.push(
            path,
            line,
            column,
            format!("column `{}`: {message}", c.name),
        );
    }

    fn push(&mut self, path: &str, line: u64, column: u64, message: String) {
        self.errors.push(InputError {
            file: path.to_owned(),
            line,
            column,
            message: one_line(message),
        });
    }
}

/// `message` with control characters (line breaks in quoted values, …) escaped as `\n`,
/// so that every error stays on one line.
///
/// A quoted value longer than [`LONG_VALUE`] characters is shortened to its start and end,
/// with its length in bytes: `` `hhhh…hhhh` (1048576 bytes) ``, so that a megabyte-long
/// field gives a short message.
fn one_line(message: String) -> String {
    let message = if message.len() > LONG_VALUE {
        shorten_values(&message)
    } else {
        message
    };
    if !message.contains(char::is_control) {
        return message;
    }
    let mut out = String::with_capacity(message.len() + 8);
    for c in message.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Values (between backticks) in messages longer than this many characters are shortened.
const LONG_VALUE: usize = 120;

/// Shortens each value between backticks in `message` that is longer than [`LONG_VALUE`]
/// characters (see [`one_line`]).
fn shorten_values(message: &str) -> String {
    let mut out = String::new();
    let mut parts = message.split('`').enumerate().peekable();
    while let Some((k, part)) = parts.next() {
        if k > 0 {
            out.push('`');
        }
        let inside = k % 2 == 1 && parts.peek().is_some();
        let chars = part.chars().count();
        if !inside || chars <= LONG_VALUE {
            out.push_str(part);
            continue;
        }
        out.extend(part.chars().take(32));
        out.push('…');
        out.extend(part.chars().skip(chars - 8));
        // The closing backtick, then the length.
        let (_, rest) = parts.next().expect("peeked");
        out.push_str(&format!("` ({} bytes)", part.len()));
        out.push_str(rest);
    }
    out
}

/// The ids of one kind that references may use.
#[derive(Clone, Copy)]
struct Known<'a> {
    kind: IdKind,
    /// The file that defines them.
    file: InputFile,
    /// The kind of id, for messages: "state".
    what: &'static str,
    names: &'a Interner,
    /// False when the defining file could not be read: then unknown ids are not reported
    /// (the file's own error explains them).
    complete: bool,
}

/// Every kind of id a file may refer to (those it does not intern itself).
struct Refs<'a>([Option<Known<'a>>; KINDS]);

impl<'a> Refs<'a> {
    fn new(syms: &Interners<'a>) -> Refs<'a> {
        Refs(IdKind::ALL.map(|kind| {
            let names = syms.shared[kind.index()]?;
            Some(Known {
                kind,
                file: kind.defined_in()?,
                what: kind.what(),
                names,
                complete: syms.complete[kind.index()],
            })
        }))
    }

    /// The ids of `kind`.
    ///
    /// Panics if the file interns ids of `kind` itself: the description's tests rule that
    /// out.
    fn of(&self, kind: IdKind) -> &Known<'a> {
        self.0[kind.index()]
            .as_ref()
            .expect("a file refers only to ids defined by another file")
    }
}

/// A field as found in a record.
enum Raw<'r> {
    /// Empty, or the column is not in the header.
    Absent,
    /// Not valid UTF-8 (already reported).
    Bad,
    /// The trimmed, non-empty value.
    Text(&'r str),
}

/// Typing one record: every problem is reported with its position and marks the row bad.
struct RowCx<'r> {
    path: &'r str,
    line: u64,
    rec: &'r ByteRecord,
    /// The whole record (its fields one after the other) when it is valid UTF-8: then a
    /// field that starts and ends on character boundaries is valid UTF-8 too, and is taken
    /// from it without checking the field again.
    whole: Option<&'r str>,
    sink: &'r mut Sink,
    /// False once any problem was found in this row.
    ok: bool,
}

impl<'r> RowCx<'r> {
    /// Reports `column `NAME`: message` at column `c`.
    fn error(&mut self, c: &Col, message: impl std::fmt::Display) {
        self.ok = false;
        self.sink.column_error(self.path, self.line, c, message);
    }

    /// The trimmed value of `c`, checked to be UTF-8.
    fn raw(&mut self, c: &Col) -> Raw<'r> {
        let rec: &'r ByteRecord = self.rec;
        let Some(field) = c.field else {
            return Raw::Absent;
        };
        let text = match self.whole.zip(rec.range(field)) {
            Some((whole, range)) => whole.get(range),
            None => None,
        };
        let Some(bytes) = rec.get(field) else {
            return Raw::Absent;
        };
        // The field alone, when the record as a whole is not valid UTF-8 or the field
        // does not start or end on a character boundary of it.
        match text.map_or_else(|| std::str::from_utf8(bytes), Ok) {
            Ok(s) => match trim(s) {
                "" => Raw::Absent,
                s => Raw::Text(s),
            },
            Err(e) => {
                self.error(
                    c,
                    format!(
                        "value is not valid UTF-8 (invalid byte at offset {})",
                        e.valid_up_to()
                    ),
                );
                Raw::Bad
            }
        }
    }

    /// The value of `c`; an empty value of a required column is reported.
    fn text(&mut self, c: &Col) -> Option<&'r str> {
        match self.raw(c) {
            Raw::Text(s) => Some(s),
            Raw::Absent if c.required => {
                self.error(c, "required value is empty");
                None
            }
            Raw::Absent | Raw::Bad => None,
        }
    }

    /// `parse`s the value `s` of `c`, reporting its error message.
    #[inline(always)]
    fn parse_as<T>(
        &mut self,
        c: &Col,
        s: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        parse(s).map_err(|message| self.error(c, message)).ok()
    }

    /// `s`, an id of column `c`, checked not to contain a comma.
    fn no_comma(&mut self, c: &Col, s: &'r str) -> Option<&'r str> {
        if s.contains(',') {
            self.error(c, format!("id `{s}` contains a comma"));
            return None;
        }
        Some(s)
    }

    /// Looks up the id `s` of column `c` among `known`, reporting it when unknown.
    fn lookup(&mut self, c: &Col, s: &str, known: &Known) -> Option<u32> {
        let last = &mut self.sink.last[known.file as usize];
        if last.0 == s {
            return Some(last.1);
        }
        let next = last.1.wrapping_add(1);
        let sequential = known
            .names
            .names()
            .get(next as usize)
            .is_some_and(|n| n == s);
        if let Some(index) = if sequential {
            Some(next)
        } else {
            known.names.get(s)
        } {
            last.0.clear();
            last.0.push_str(s);
            last.1 = index;
            return Some(index);
        }
        if !known.complete {
            self.ok = false;
            return None;
        }
        let mut message = format!(
            "unknown {} id `{s}` (not defined in {})",
            known.what, known.file
        );
        self.suggest(&mut message, s, &[*known]);
        self.error(c, message);
        None
    }

    /// Appends "; did you mean `X`?" to `message` when an id of `among` is close to `s`.
    fn suggest(&mut self, message: &mut String, s: &str, among: &[Known]) {
        self.sink.suggested += 1;
        let files = among.iter().fold(0u32, |set, k| set | 1 << k.file as u32);
        let memo = &self.sink.last_unknown;
        if memo.0 != s || memo.1 != files {
            let cost: usize = among.iter().map(|k| k.names.len()).sum();
            let near = if cost > self.sink.budget {
                None
            } else {
                let names = among
                    .iter()
                    .flat_map(|k| k.names.names().iter().map(String::as_str));
                nearest(s, names, &mut self.sink.budget).map(str::to_owned)
            };
            self.sink.last_unknown = (s.to_owned(), files, near);
        }
        if let Some(near) = &self.sink.last_unknown.2 {
            message.push_str(&format!("; did you mean `{near}`?"));
        }
    }
}

/// `s` without leading and trailing whitespace, as [`str::trim`] (Unicode whitespace);
/// checks only the two ends when they are printable ASCII, as nearly all values are.
fn trim(s: &str) -> &str {
    let plain = |b: &u8| (b'!'..=b'~').contains(b);
    let bytes = s.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if plain(first) && plain(last) => s,
        _ => s.trim(),
    }
}

/// Records the definition on `line` of an id just interned into `names` (its index, and
/// whether it is new); `first` holds the line of each id's definition. Returns the index,
/// or the message for a second definition.
fn define_id(
    names: &Interner,
    first: &mut Vec<u64>,
    (index, new): (u32, bool),
    line: u64,
    what: &str,
) -> Result<u32, String> {
    if new {
        first.push(line);
        return Ok(index);
    }
    let (line, s) = (first[index as usize], names.name(index));
    Err(match line {
        0 => format!("duplicate {what} id `{s}` (already defined in the dataset)"),
        _ => format!("duplicate {what} id `{s}` (first defined on line {line})"),
    })
}

/// Parses a value of a closed set into its position in the set.
fn parse_choice(s: &str, set: &ValueSet) -> Result<u8, String> {
    (set.parse)(s)
        .ok_or_else(|| format!("unknown value `{s}`; expected one of: {}", set.expected()))
}

/// Parses a decimal integer ≥ 0.
fn parse_count(s: &str) -> Result<u64, String> {
    s.parse::<u64>().map_err(|e| {
        let negative = s
            .strip_prefix('-')
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        if negative {
            format!("`{s}` is negative; expected an integer ≥ 0")
        } else if *e.kind() == IntErrorKind::PosOverflow {
            format!("`{s}` is too large; the maximum is {}", u64::MAX)
        } else {
            format!("`{s}` is not an integer; expected an integer ≥ 0")
        }
    })
}

/// Parses `true` or `false`, in any letter case.
fn parse_flag(s: &str) -> Result<bool, String> {
    if s.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if s.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(format!("`{s}` is not a boolean; expected true or false"))
    }
}

/// The candidate closest to `word` by edit distance (optimal string alignment, letter case
/// ignored when that makes them equal), if it is close enough to be a likely typo: at most
/// one edit per three characters of `word`, between 1 and 3. Each distance computed costs
/// one unit of `budget`; the first closest candidate wins.
fn nearest<'n>(
    word: &str,
    candidates: impl IntoIterator<Item = &'n str>,
    budget: &mut usize,
) -> Option<&'n str> {
    let len = word.chars().count();
    let limit = (len / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate.len().abs_diff(word.len()) > limit * 4
            || candidate.chars().count().abs_diff(len) > limit
        {
            continue;
        }
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let d = if candidate.eq_ignore_ascii_case(word) {
            0
        } else {
            strsim::osa_distance(word, candidate)
        };
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// [`nearest`] among a short list (file or column names): no budget.
fn nearest_name<'n>(word: &str, candidates: impl IntoIterator<Item = &'n str>) -> Option<&'n str> {
    nearest(word, candidates, &mut usize::MAX.clone())
}

/// The number of kinds of id.
const KINDS: usize = IdKind::ALL.len();

/// The most columns of one file that intern ids ([`Type::interns`]).
const MAX_INTERNED: usize = 2;

/// The interners a file is read with.
struct Interners<'a> {
    /// The interners of the ids the file interns, one per such column, in column order.
    own: Vec<&'a mut Interner>,
    /// The interners of the other kinds, to look ids up in (by [`IdKind::index`]).
    shared: [Option<&'a Interner>; KINDS],
    /// Whether every id of a kind is known ([`Known::complete`]).
    complete: [bool; KINDS],
}

/// Reads the rows of `file` (opened as `t`), typed as its description says.
fn load_file(
    file: InputFile,
    t: Opened,
    syms: Interners<'_>,
    sink: &mut Sink,
    progress: Progress,
) -> Rows {
    /// [`load_table`] for the row type of a file.
    struct LoadFile<'a, 's, 'p> {
        t: Opened,
        syms: Interners<'a>,
        sink: &'s mut Sink,
        progress: Progress<'p>,
    }
    impl Visit for LoadFile<'_, '_, '_> {
        type Out = Rows;
        fn visit<T: Record>(self) -> Rows {
            T::wrap(load_table::<T>(self.t, self.syms, self.sink, self.progress))
        }
    }
    file.visit(LoadFile {
        t,
        syms,
        sink,
        progress,
    })
}

/// Reads every record of `t` into a row of type `T`, as `T`'s description says; rows with
/// any problem are left out (and their problems reported into `sink`).
///
/// Records are typed in parallel chunks ([`Table::rows_par`]). The ids a file defines or
/// names ([`Type::interns`]) are interned after that, in file order: the same indices and
/// the same duplicate errors as one reader would give. A record with a problem still
/// defines its id (so that references to it are not reported as unknown) and names its
/// campaign.
fn load_table<T: Record>(
    t: Opened,
    syms: Interners<'_>,
    sink: &mut Sink,
    progress: Progress,
) -> Vec<Row<T>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let plan = Plan::new(&t, &T::SPEC);
    let refs = Refs::new(&syms);
    if plan.interned.is_empty() {
        return t.rows_par(sink, progress, |cx| {
            plan.read::<T>(cx, &refs, &mut Names::default())
        });
    }
    let Interners { mut own, .. } = syms;
    let estimate = t.estimated_records();
    // For each column that defines ids, the line of each id's definition; ids defined
    // before this file (by the dataset, when this is an assumed file) have line 0.
    let mut first: Vec<Vec<u64>> = Vec::with_capacity(plan.interned.len());
    for (&(_, _, defines), names) in plan.interned.iter().zip(own.iter_mut()) {
        if defines {
            names.reserve(estimate);
            first.push(vec![0; names.len()]);
        } else {
            first.push(Vec::new());
        }
    }
    let path = t.path.clone();
    let drafts = t.rows_par(sink, progress, |cx| {
        let mut names = Names::default();
        let row = plan.read::<T>(cx, &refs, &mut names);
        // Keep the record even when it has a problem, for its ids; without its row.
        let ok = std::mem::replace(&mut cx.ok, true);
        Some(Draft {
            line: cx.line,
            names,
            row: row.filter(|_| ok),
        })
    });
    let mut rows = Vec::with_capacity(drafts.len());
    for Row { src, data } in drafts {
        let Draft {
            line,
            mut names,
            row,
        } = data;
        let mut ids = [None; MAX_INTERNED];
        let mut keep = true;
        for (j, &(k, kind, defines)) in plan.interned.iter().enumerate() {
            let Some(name) = names[j].take() else {
                continue;
            };
            let interned = own[j].intern_owned(name);
            if !defines {
                ids[j] = Some(interned.0);
                continue;
            }
            match define_id(own[j], &mut first[j], interned, line, kind.what()) {
                Ok(id) => ids[j] = Some(id),
                Err(message) => {
                    sink.column_error(&path, line, &plan.cols[k].col, message);
                    keep = false;
                }
            }
        }
        if let (true, Some(mut row)) = (keep, row) {
            row.set_interned(&ids[..plan.interned.len()]);
            rows.push(Row { src, data: row });
        }
    }
    rows
}

/// The ids of a record to intern, one per interning column ([`Plan::interned`]).
type Names = [Option<String>; MAX_INTERNED];

/// A record of a file that interns ids, typed by [`load_table`] before its ids are
/// interned.
struct Draft<T> {
    line: u64,
    /// The ids to intern, when given and valid.
    names: Names,
    /// The row (with placeholder ids), when the record has no problem (so far: its id may
    /// be a duplicate).
    row: Option<T>,
}

/// A file's description resolved against its header, once for all rows.
struct Plan {
    /// Its columns, in the description's order.
    cols: Vec<Resolved>,
    /// The position of the column holding a row's kind ([`FileSpec::kind_column`]), if any.
    kind: Option<usize>,
    /// Its name.
    kind_name: &'static str,
    /// The roles of each kind, by the position of the kind in its set.
    roles: Vec<KindRoles>,
    /// The [`Check::NotBefore`] checks: the positions of `column` and `other`, and the
    /// name of `other`.
    not_before: Vec<(usize, usize, &'static str)>,
    /// The columns that intern ids: position, kind, and whether they define the id (else
    /// they name it).
    interned: Vec<(usize, IdKind, bool)>,
}

/// One column of a file, resolved against its header.
struct Resolved {
    col: Col,
    /// The value an empty optional column is read as ([`Absent::Default`]), else
    /// [`Cell::Absent`].
    default: Cell<'static>,
    /// For [`Presence::RequiredWhen`]: the position of the column it depends on, and the
    /// position of the value that makes it required in that column's set.
    when: Option<(usize, u8)>,
    /// For a column that interns ids: its position in [`Plan::interned`].
    slot: usize,
}

impl Plan {
    /// Resolves `spec` against the header of `t`.
    ///
    /// Panics if the description is inconsistent (a default that is not a value of its
    /// column, a column depending on a column that is not a closed value set, too many
    /// interning columns): a bug of the description, which the tests of `files.rs`
    /// check, never a property of the input.
    fn new(t: &Table, spec: &'static FileSpec) -> Plan {
        let bug = |what: &str| -> ! { panic!("{}: inconsistent description: {what}", spec.name) };
        let set_of = |k: usize| match spec.columns[k].ty {
            Type::Choice(set) => set,
            _ => bug("a column depends on a column that is not a closed value set"),
        };
        let kind = spec.position(spec.kind_column);
        let roles = match kind {
            Some(k) if !spec.roles.is_empty() => (set_of(k).values)()
                .into_iter()
                .map(|v| {
                    let roles = spec.roles.iter().find(|r| r.kind == v);
                    *roles.unwrap_or_else(|| bug(v))
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut interned = Vec::new();
        let cols = spec
            .columns
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let default = match c.presence {
                    Presence::Optional(Absent::Default(v)) => match c.ty {
                        Type::Text => Cell::Text(v),
                        Type::Count => Cell::Count(v.parse().unwrap_or_else(|_| bug(v))),
                        Type::Flag => Cell::Flag(parse_flag(v).unwrap_or_else(|_| bug(v))),
                        Type::Choice(set) => {
                            Cell::Choice(set, (set.parse)(v).unwrap_or_else(|| bug(v)))
                        }
                        _ => bug(v),
                    },
                    _ => Cell::Absent,
                };
                let when = match c.presence {
                    Presence::RequiredWhen(on, value) => {
                        let at = spec.position(on).unwrap_or_else(|| bug(on));
                        let value = (set_of(at).parse)(value).unwrap_or_else(|| bug(value));
                        Some((at, value))
                    }
                    _ => None,
                };
                let slot = interned.len();
                match c.ty {
                    Type::Defines(kind) => interned.push((k, kind, true)),
                    Type::Names(kind) => interned.push((k, kind, false)),
                    _ => {}
                }
                Resolved {
                    col: t.col(c.name),
                    default,
                    when,
                    slot,
                }
            })
            .collect();
        if interned.len() > MAX_INTERNED {
            bug("too many columns intern ids");
        }
        let not_before = spec
            .checks
            .iter()
            .map(|check| match *check {
                Check::NotBefore { column, other } => {
                    let at = |name| spec.position(name).unwrap_or_else(|| bug(name));
                    (at(column), at(other), other)
                }
            })
            .collect();
        Plan {
            cols,
            kind,
            kind_name: spec.kind_column,
            roles,
            not_before,
            interned,
        }
    }

    /// Types one record, column by column, as the description says; the row when the
    /// record has no problem (`cx.ok`). The ids to intern go into `names`; the row holds
    /// placeholders for them.
    fn read<'r, T: Record>(
        &self,
        cx: &mut RowCx<'r>,
        refs: &Refs<'_>,
        names: &mut Names,
    ) -> Option<T> {
        T::with_cells(|cells| {
            let mut reader = Reader {
                plan: self,
                cx: &mut *cx,
                refs,
                names,
            };
            T::read_columns(&mut reader, cells);
            self.finish(cx, cells)
        })
    }

    /// Checks a record typed into `cells`, and makes its row if it has no problem.
    #[inline]
    fn finish<'r, T: Record>(&self, cx: &mut RowCx<'r>, cells: &mut [Cell<'r>]) -> Option<T> {
        for &(at, other, other_name) in &self.not_before {
            if let (Cell::Time(t), Cell::Time(o)) = (cells[at], cells[other]) {
                if t < o {
                    cx.error(
                        &self.cols[at].col,
                        format!("`{t}` is before `{other_name}` (`{o}`)"),
                    );
                }
            }
        }
        if !cx.ok {
            return None;
        }
        let row = T::build(cells);
        debug_assert!(
            row.is_some(),
            "{}: the description and the row disagree",
            T::SPEC.name
        );
        row
    }
}

/// Types the columns of one record ([`Plan::read`]).
struct Reader<'p, 'c, 'r, 'f, 'n> {
    plan: &'p Plan,
    cx: &'c mut RowCx<'r>,
    refs: &'f Refs<'f>,
    names: &'n mut Names,
}

impl<'r> ReadColumn<'r> for Reader<'_, '_, 'r, '_, '_> {
    /// Types column `k` into `cells[k]`, in place, only when its value is read without a
    /// problem (it is left `Absent` otherwise): a cell returned through memory, its parts
    /// written one by one and then copied whole, stalls the processor on every column
    /// (measured: several percent of `check`). The column's description is read from
    /// `T::SPEC`, a constant, so that, inlined into [`Record::read_columns`], only the code
    /// of this column's type and presence remains.
    #[inline(always)]
    fn column<T: Record>(&mut self, k: usize, cells: &mut [Cell<'r>]) {
        let spec = &T::SPEC.columns[k];
        let (plan, cx, refs) = (self.plan, &mut *self.cx, self.refs);
        let c = &plan.cols[k];
        let col = &c.col;
        match spec.presence {
            Presence::Required | Presence::Optional(_) => match cx.text(col) {
                Some(s) => value(cx, c, spec.ty, s, refs, self.names, &mut cells[k]),
                None => cells[k] = c.default,
            },
            Presence::RequiredWhen(on, value_) => match cx.raw(col) {
                Raw::Text(s) => value(cx, c, spec.ty, s, refs, self.names, &mut cells[k]),
                Raw::Absent => {
                    if let Some((at, want)) = c.when {
                        if matches!(cells[at], Cell::Choice(_, v) if v == want) {
                            cx.error(col, format!("required for {on} `{value_}`"));
                        }
                    }
                }
                Raw::Bad => {}
            },
            Presence::PerKind(role) => {
                // An unknown kind is reported already; its values are still checked.
                let roles = match plan.kind.map(|at| &cells[at]) {
                    Some(&Cell::Choice(_, v)) => plan.roles.get(usize::from(v)),
                    _ => None,
                };
                let roles = roles.unwrap_or(&UNKNOWN_KIND);
                let on = plan.kind_name;
                let cell = &mut cells[k];
                match (cx.raw(col), roles.need(role)) {
                    (Raw::Text(s), Need::Forbidden) => {
                        let kind = roles.kind;
                        let message = format!("must be empty for {on} `{kind}` (found `{s}`)");
                        cx.error(col, message);
                    }
                    (Raw::Text(s), Need::OneOf(set)) => {
                        value(cx, c, Type::Choice(set), s, refs, self.names, cell)
                    }
                    (Raw::Text(s), _) => value(cx, c, spec.ty, s, refs, self.names, cell),
                    (Raw::Absent, Need::Required(_)) => {
                        cx.error(col, format!("required for {on} `{}`", roles.kind));
                    }
                    (Raw::Absent, Need::OneOf(set)) => {
                        let (kind, expected) = (roles.kind, set.expected());
                        let message =
                            format!("required for {on} `{kind}`; expected one of: {expected}");
                        cx.error(col, message);
                    }
                    (Raw::Absent | Raw::Bad, _) => {}
                }
            }
        }
    }
}

/// Reads the value `s` (trimmed, not empty) of column `c` as type `ty` into `cell`;
/// problems are reported, and leave `cell` as it is.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn value<'r>(
    cx: &mut RowCx<'r>,
    c: &Resolved,
    ty: Type,
    s: &'r str,
    refs: &Refs<'_>,
    names: &mut Names,
    cell: &mut Cell<'r>,
) {
    let col = &c.col;
    match ty {
        Type::Text => *cell = Cell::Text(s),
        // Values are trimmed already.
        Type::Time => {
            if let Some(t) = cx.parse_as(col, s, Time::parse_trimmed) {
                *cell = Cell::Time(t);
            }
        }
        Type::Count => {
            if let Some(n) = cx.parse_as(col, s, parse_count) {
                *cell = Cell::Count(n);
            }
        }
        Type::Flag => {
            if let Some(b) = cx.parse_as(col, s, parse_flag) {
                *cell = Cell::Flag(b);
            }
        }
        Type::Choice(set) => {
            if let Some(v) = cx.parse_as(col, s, |s| parse_choice(s, set)) {
                *cell = Cell::Choice(set, v);
            }
        }
        Type::Defines(kind) | Type::Names(kind) => {
            if let Some(s) = cx.no_comma(col, s) {
                names[c.slot] = Some(s.to_owned());
                // Set once interned.
                *cell = Cell::Id(kind, 0);
            }
        }
        Type::Refers(kind) => {
            if let Some(i) = cx.lookup(col, s, refs.of(kind)) {
                *cell = Cell::Id(kind, i);
            }
        }
        Type::RefersEither(a, b) => {
            if let Some(id) = either(cx, col, s, refs.of(a), refs.of(b)) {
                *cell = id;
            }
        }
    }
}

/// The roles of a row whose kind is not known (not given or not valid, which is reported
/// already): every value may be given, and is read as its column's type.
const UNKNOWN_KIND: KindRoles = KindRoles {
    kind: "",
    by: Need::Optional(""),
    to: Need::Optional(""),
    detail: Need::Optional(""),
};

/// Resolves an id that is either of kind `a` or of kind `b` (`responses.csv` `against`:
/// a state or an actor), never both.
fn either<'r>(cx: &mut RowCx<'r>, c: &Col, s: &str, a: &Known, b: &Known) -> Option<Cell<'r>> {
    match (a.names.get(s), b.names.get(s)) {
        (Some(_), Some(_)) => {
            cx.error(
                c,
                format!(
                    "`{s}` is both {} id and {} id; rename one of them",
                    a.kind.a_what(),
                    b.kind.a_what()
                ),
            );
            None
        }
        (Some(i), None) => Some(Cell::Id(a.kind, i)),
        (None, Some(i)) => Some(Cell::Id(b.kind, i)),
        (None, None) if a.complete && b.complete => {
            let mut message = format!(
                "unknown {} or {} id `{s}` (defined in neither {} nor {})",
                a.what, b.what, a.file, b.file
            );
            cx.suggest(&mut message, s, &[*a, *b]);
            cx.error(c, message);
            None
        }
        (None, None) => {
            cx.ok = false;
            None
        }
    }
}

#[cfg(test)]
mod tests {
    //! Reading in chunks gives exactly what one reader gives: the same rows, lines and
    //! problems, wherever the chunk boundaries fall (inside quoted fields with line breaks,
    //! in blank lines, in invalid UTF-8, …).

    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    const STATES: &[u8] = b"id,name,capacity\nXA,Xanadu,high\nXB,Borduria,medium\n";
    const INCIDENTS: &[u8] = b"id,title,start,vector,effect,severity\n\
        inc-1,One,2024-01-01,malware,functionality,high\n\
        inc-2,Two,2024-01-02,malware,functionality,high\n";

    /// The dataset (or its errors) as text, to compare whole results.
    fn outcome(files: &[(InputFile, &[u8])], chunk_size: usize) -> String {
        match load_files_chunked(files, chunk_size) {
            Ok(ds) => format!("{ds:#?}"),
            Err(e) => format!("errors:\n{e}"),
        }
    }

    /// Loads `files` in one piece and with chunks of many sizes, expecting the same result;
    /// returns it.
    fn same_in_chunks(files: &[(InputFile, &[u8])]) -> String {
        let whole = outcome(files, usize::MAX);
        for chunk_size in [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144] {
            let chunked = outcome(files, chunk_size);
            assert!(
                whole == chunked,
                "chunks of {chunk_size} bytes differ:\n{whole}\n---\n{chunked}"
            );
        }
        whole
    }

    fn with_events(events: &[u8]) -> String {
        same_in_chunks(&[
            (InputFile::States, STATES),
            (InputFile::Incidents, INCIDENTS),
            (InputFile::Events, events),
        ])
    }

    #[test]
    fn split_points_follow_line_breaks_and_skip_blank_lines() {
        let data = b"h\naaaa\n\n\nbb\ncc\n";
        assert_eq!(split_points(data, 2, 2), vec![2, 7, 12, 15]);
        assert_eq!(split_points(data, 2, 100), vec![2, 15]);
        assert_eq!(split_points(b"h\n", 2, 1), vec![2, 2]);
    }

    #[test]
    fn quoted_line_breaks_across_chunk_boundaries() {
        let mut events = b"time,kind,incident,by,to,detail\n".to_vec();
        for k in 0..40 {
            let detail = match k % 4 {
                0 => "\"a\nb\n\nc\"".to_owned(),
                1 => format!("\"{}\"", "x\n".repeat(k)),
                2 => "\"\"\"quoted\"\"\n\"".to_owned(),
                _ => "plain".to_owned(),
            };
            let line = format!(
                "2024-01-0{}T10:00Z,notification,inc-1,XA,XB,{detail}\n",
                k % 9 + 1
            );
            events.extend_from_slice(line.as_bytes());
        }
        let result = with_events(&events);
        assert!(!result.starts_with("errors"), "{result}");
    }

    #[test]
    fn a_quoted_field_holding_whole_records_is_one_value() {
        // A chunk split inside the quoted field reads `fake` rows there; they must not count.
        let inner = "2024-01-01,notification,nope,XX,XY,\n".repeat(30);
        let events = format!(
            "time,kind,incident,by,to,detail\n2024-01-01,public_report,inc-1,,,\"{inner}\"\n\
             2024-01-02,public_report,inc-2,XA,,after\n"
        );
        let result = with_events(events.as_bytes());
        assert!(result.contains("line: 33"), "{result}");
        assert!(!result.starts_with("errors"), "{result}");
    }

    #[test]
    fn errors_in_later_chunks_keep_their_lines_and_columns() {
        let mut events = b"time,kind,incident,by,to,detail\n".to_vec();
        for _ in 0..20 {
            events
                .extend_from_slice(b"2024-01-01T10:00Z,notification,inc-1,XA,XB,\"note\nmore\"\n");
        }
        // Line 42: invalid UTF-8 in `detail`, an unknown state (suggested) in `to`.
        events.extend_from_slice(b"2024-01-01T10:00Z,notification,inc-1,XA,XC,ab\xFFc\n");
        events.extend_from_slice(b"\n\r\n");
        // Line 45: ragged; line 46: an unknown incident and a bad time.
        events.extend_from_slice(b"2024-01-01,detection,inc-2,XA\n");
        events.extend_from_slice(b"2024-13-01,detection,inc-3,XA,,\n");
        let result = with_events(&events);
        assert_eq!(
            result,
            "errors:\n\
             events.csv:42:5: column `to`: unknown state id `XC` (not defined in states.csv); did you mean `XA`?\n\
             events.csv:42:6: column `detail`: value is not valid UTF-8 (invalid byte at offset 2)\n\
             events.csv:45:0: expected 6 fields as in the header, found 4\n\
             events.csv:46:1: column `time`: invalid time `2024-13-01`: expected ISO 8601 like `2021-05-07`, `2021-05-07T14:30Z` or `2021-05-07T14:30+02:00`\n\
             events.csv:46:3: column `incident`: unknown incident id `inc-3` (not defined in incidents.csv); did you mean `inc-1`?"
        );
    }

    #[test]
    fn utf8_split_by_a_field_boundary_is_still_an_error() {
        // `\xC3` ends one field and `\xA9` starts the next: together they would be `é`.
        let events = b"time,kind,incident,by,to,detail\n2024-01-01,public_report,inc-1,,,a\xC3\n\
            2024-01-01,public_report,inc-1,,\xC3,\xA9\n2024-01-01,public_report,inc-1,,,\xC3\xA9\n";
        let result = with_events(events);
        assert!(
            result.contains("events.csv:2:6: column `detail`: value is not valid UTF-8 (invalid byte at offset 1)"),
            "{result}"
        );
        assert!(
            result.contains(
                "events.csv:3:5: column `to`: value is not valid UTF-8 (invalid byte at offset 0)"
            ),
            "{result}"
        );
        assert!(result.contains("events.csv:3:6: column `detail`: value is not valid UTF-8 (invalid byte at offset 0)"), "{result}");
        assert!(!result.contains("events.csv:4:"), "{result}");
    }

    #[test]
    fn an_unterminated_quote_swallows_the_rest_in_chunks_too() {
        let mut events = b"time,kind,incident,by,to,detail\n".to_vec();
        events.extend_from_slice(b"2024-01-01,public_report,inc-1,,,\"open\n");
        for _ in 0..20 {
            events.extend_from_slice(b"2024-01-01,public_report,inc-1,,,x\n");
        }
        with_events(&events);
    }

    #[test]
    fn incidents_define_ids_and_campaigns_in_file_order() {
        let mut incidents = b"id,title,start,vector,effect,severity,campaign\n".to_vec();
        for k in 0..30 {
            // Every third record repeats an earlier id; every fifth has a bad vector (its id
            // is still defined); campaigns come back in turn.
            let id = if k % 3 == 2 { k / 2 } else { k };
            let vector = if k % 5 == 4 { "laser" } else { "malware" };
            let line = format!(
                "inc-{id},\"Title\n{k}\",2024-01-01,{vector},functionality,high,c{}\n",
                k % 4
            );
            incidents.extend_from_slice(line.as_bytes());
        }
        incidents
            .extend_from_slice(b"inc,x,y\nbad,id,2024-01-01,malware,functionality,high,\"c,1\"\n");
        let events = b"time,kind,incident,by,to,detail\n2024-01-02,public_report,inc-4,,,\n\
            2024-01-02,public_report,inc-99,,,\n";
        let result = same_in_chunks(&[
            (InputFile::States, STATES),
            (InputFile::Incidents, &incidents),
            (InputFile::Events, events),
        ]);
        assert!(
            result.contains("incidents.csv:6:1: column `id`: duplicate incident id `inc-1` (first defined on line 4)"),
            "{result}"
        );
        assert!(
            result.contains("incidents.csv:10:4: column `vector`: unknown value `laser`"),
            "{result}"
        );
        assert!(!result.contains("inc-4` (not defined"), "{result}");
        assert!(
            result.contains("events.csv:3:3: column `incident`: unknown incident id `inc-99`"),
            "{result}"
        );

        // Without errors: the interned ids and campaigns, and the rows, as one reader gives.
        let mut incidents = b"id,title,start,vector,effect,severity,campaign\n".to_vec();
        for k in 0..30 {
            let line = format!(
                "i{k},\"T\n\",2024-01-01,malware,functionality,high,c{}\n",
                (k * 7) % 5
            );
            incidents.extend_from_slice(line.as_bytes());
        }
        let result = same_in_chunks(&[
            (InputFile::States, STATES),
            (InputFile::Incidents, &incidents),
        ]);
        assert!(!result.starts_with("errors"), "{result}");
    }

    #[test]
    fn suggestions_share_one_budget_in_file_order() {
        // 2 100 states and as many distinct unknown states, each 2 100 edit distances away
        // from a suggestion: the budget runs out near the end of the file, wherever the
        // chunks are.
        let mut states = b"id,name,capacity\n".to_vec();
        for k in 0..2100 {
            states.extend_from_slice(format!("S{k:04},State {k},low\n").as_bytes());
        }
        let mut events = b"time,kind,incident,by,to,detail\n".to_vec();
        for k in 0..2100 {
            let line = format!("2024-01-01,public_report,inc-1,U{k:04},,\n");
            events.extend_from_slice(line.as_bytes());
        }
        let files = [
            (InputFile::States, &states[..]),
            (InputFile::Incidents, INCIDENTS),
            (InputFile::Events, &events[..]),
        ];
        let whole = outcome(&files, usize::MAX);
        assert!(whole.contains(":2:4: column `by`: unknown state id `U0000` (not defined in states.csv); did you mean `S0000`?"), "{whole}");
        assert!(
            whole.ends_with(
                ":2101:4: column `by`: unknown state id `U2099` (not defined in states.csv)"
            ),
            "{whole}"
        );
        assert!(
            whole == outcome(&files, 4096),
            "chunks spent the budget differently"
        );
    }

    #[test]
    fn random_files_read_the_same_in_chunks() {
        // Random records from pieces that stress the reader: quotes, line breaks inside and
        // outside quotes, blank lines, CR, invalid UTF-8, unknown and misspelt ids.
        const PIECES: &[&[u8]] = &[
            b"2024-01-01",
            b"2024-01-01T10:00Z",
            b"notification",
            b"public_report",
            b"measure",
            b"block",
            b"inc-1",
            b"inc-2",
            b"inc-3",
            b"XA",
            b"XB",
            b"XC",
            b"",
            b",",
            b"\"",
            b"\"\"",
            b"\n",
            b"\r\n",
            b"\n\n",
            b" ",
            b"\xFF",
            b"\xC3\xA9",
            b"\xC3",
            b"a,b",
            b"\"q\nq\"",
        ];
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..300 {
            let mut events = b"time,kind,incident,by,to,detail\n".to_vec();
            for _ in 0..rng.random_range(0..12) {
                let fields: Vec<&[u8]> = (0..6)
                    .map(|_| PIECES[rng.random_range(0..PIECES.len())])
                    .collect();
                events.extend_from_slice(&fields.join(&b","[..]));
                events.push(b'\n');
            }
            let targets = {
                let mut t = b"incident,state,sector\n".to_vec();
                for _ in 0..rng.random_range(0..8) {
                    let k = rng.random_range(0..PIECES.len());
                    t.extend_from_slice(b"inc-1,XA,health\n");
                    t.extend_from_slice(PIECES[k]);
                    t.extend_from_slice(b",XB,energy\n");
                }
                t
            };
            same_in_chunks(&[
                (InputFile::States, STATES),
                (InputFile::Incidents, INCIDENTS),
                (InputFile::Events, &events),
                (InputFile::Targets, &targets),
            ]);
        }
    }
}
