//! Loading and validating a dataset folder into a typed [`Dataset`].
//!
//! A dataset is a folder with one CSV file per input relation. [`InputFile`] (the
//! `input_files!` table of `dataset.rs`) names the files and their columns; this module reads
//! the header of each file once, maps the known columns to field positions, and then types
//! every record against that map. Every problem is collected as a positioned [`InputError`]
//! (`FILE:LINE:COLUMN: message`), all problems of a run are returned together and sorted,
//! and a dataset with any problem is never returned. No input makes the loader panic.
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
//! - `states.csv` and `incidents.csv` must exist and have a header; every other input file
//!   may be absent or empty (an empty relation). Any other `*.csv` file in the folder is an
//!   error; files with other extensions are ignored.
//! - Ids are interned per kind where they are defined (`id` of `states.csv`,
//!   `incidents.csv`, `actors.csv`, `vulnerabilities.csv`, `responses.csv`); every other
//!   state, incident or actor id must refer to a defined one. Campaign ids are interned
//!   where they are used. Ids are case-sensitive and may not contain commas.
//!
//! # Defaults
//! Values that may be left empty, or whose column may be left out of the header:
//!
//! | file | column | default |
//! | --- | --- | --- |
//! | `institutions.csv` | `since` | always (`None`) |
//! | `incidents.csv` | `end` | still ongoing (`None`) |
//! | `incidents.csv` | `scale` | `targeted` |
//! | `incidents.csv` | `casualties`, `loss_usd` | `0` |
//! | `incidents.csv` | `campaign` | none |
//! | `incidents.csv` | `source` | `""` |
//! | `actors.csv` | `state` | none; required when `kind` is `state_organ` |
//! | `events.csv` | `by`, `to` | none; required or forbidden per `kind` (below) |
//! | `events.csv` | `detail` | [`Detail::None`]; required for `measure` and `mla_response` |
//! | `vulnerabilities.csv` | `disclosed` | not disclosed (`None`) |
//! | `responses.csv` | `uses_force`, `urgent` | `false` |
//! | `responses.csv` | `reversible` | `true` |
//! | `responses.csv` | `on_behalf_of` | none |
//!
//! In `events.csv`, `by` and `to` follow the kind, as in the data model's table (a `—` there
//! means the value must be empty): `by` and `to` are required for `notification`,
//! `assistance_request`, `warning`, `mla_request`, `mla_response`, `cm_notice` and
//! `compensation`; `detection` and `measure` require `by` and have no `to`; `public_report`
//! may have a `by` and has no `to`; `concern` requires `by` and may have a `to`. `detail` is
//! a `MeasureKind` for `measure` and an `MlaOutcome` for `mla_response` (required for both),
//! free text otherwise.
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
#![deny(missing_docs)]

use std::fs::{self, File};
use std::io::{self, Read};
use std::num::IntErrorKind;
use std::path::Path;
use std::str::FromStr;

use csv::ByteRecord;

use super::dataset::{Dataset, InputError, InputErrors, InputFile, Interner, Row, Src, Symbols};
use super::schema::*;

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
/// since its previous call (every 65 536 rows of a file and at the end of each file),
/// possibly from several threads at once; the sum of all calls is the number of records read.
pub fn load_with_progress(
    dir: &Path,
    on_rows: &(dyn Fn(usize) + Sync),
) -> Result<Dataset, InputErrors> {
    let mut main = Sink::default();
    if !check_folder(dir, &mut main) {
        return Err(finish(main.errors));
    }
    let opened = FILES.map(|file| Opened::open(dir, file, &mut main));
    let ds = Dataset {
        dir: dir.to_path_buf(),
        ..Dataset::default()
    };
    load_opened(ds, opened, main, on_rows)
}

/// Every input file, in the order [`load_opened`] takes them.
const FILES: [InputFile; 11] = [
    InputFile::States,
    InputFile::Institutions,
    InputFile::Incidents,
    InputFile::Targets,
    InputFile::Origins,
    InputFile::Actors,
    InputFile::Perpetrators,
    InputFile::Control,
    InputFile::Events,
    InputFile::Vulnerabilities,
    InputFile::Responses,
];
// Adding a file to `input_files!` must add it to `FILES` too.
const _: () = assert!(InputFile::ALL.len() == FILES.len());

/// Loads and validates a dataset given in memory: each input file with its bytes, exactly
/// as they would be in a dataset folder. A file left out of `files` is absent (an error for
/// `states.csv` and `incidents.csv`); when a file is given twice, the last one counts.
/// Errors name the files by their bare file names (`states.csv:3:2: …`), and the
/// dataset's `dir` is empty. Behaves as [`load`] does on a folder holding those files (the
/// folder check for stray CSV files aside); used by fuzzing and tests.
pub fn load_files(files: &[(InputFile, &[u8])]) -> Result<Dataset, InputErrors> {
    let mut main = Sink::default();
    let opened = FILES.map(|file| {
        let bytes = files
            .iter()
            .rev()
            .find(|(f, _)| *f == file)
            .map(|(_, b)| *b);
        let source = match bytes {
            Some(b) => Ok((b.len() as u64, skip_bom(io::Cursor::new(b.to_vec())))),
            None => Err(io::Error::from(io::ErrorKind::NotFound)),
        };
        let source = source.and_then(|(n, s)| Ok((n, s?)));
        let name = file.file_name().to_owned();
        Opened::from_source(name, file, file.is_mandatory(), 0, source, &mut main)
    });
    load_opened(Dataset::default(), opened, main, &|_| {})
}

/// Reads the opened files (in the order of [`FILES`]) into `ds`, adding their problems to
/// those already in `main`.
fn load_opened(
    mut ds: Dataset,
    opened: [Opened; 11],
    mut main: Sink,
    on_rows: &(dyn Fn(usize) + Sync),
) -> Result<Dataset, InputErrors> {
    let [states, institutions, incidents, targets, origins, actors, perpetrators, control, events, vulns, responses] =
        opened;
    let (states_ok, incidents_ok, actors_ok) =
        (states.complete(), incidents.complete(), actors.complete());

    // The files whose ids others refer to, in an order where each refers only to ids
    // defined before it.
    ds.states = load_states(states, &mut ds.symbols.states, &mut main, on_rows);
    ds.incidents = load_incidents(incidents, &mut ds.symbols, &mut main, on_rows);
    {
        let states = Known::new(InputFile::States, "state", &ds.symbols.states, states_ok);
        ds.actors = load_actors(actors, &mut ds.symbols.actors, states, &mut main, on_rows);
    }

    // The rest only look ids up (and define ids nobody refers to): read them in parallel.
    let Symbols {
        states: s,
        incidents: i,
        actors: a,
        responses: r,
        vulns: v,
        ..
    } = &mut ds.symbols;
    let refs = Refs {
        states: Known::new(InputFile::States, "state", s, states_ok),
        incidents: Known::new(InputFile::Incidents, "incident", i, incidents_ok),
        actors: Known::new(InputFile::Actors, "actor", a, actors_ok),
    };
    let mut sinks: [Sink; 8] = Default::default();
    {
        let [s0, s1, s2, s3, s4, s5, s6, s7] = &mut sinks;
        let out = (
            &mut ds.institutions,
            &mut ds.targets,
            &mut ds.origins,
            &mut ds.perpetrators,
            &mut ds.control,
            &mut ds.events,
            &mut ds.vulnerabilities,
            &mut ds.responses,
        );
        rayon::scope(|scope| {
            scope.spawn(move |_| *out.0 = load_institutions(institutions, refs, s0, on_rows));
            scope.spawn(move |_| *out.1 = load_targets(targets, refs, s1, on_rows));
            scope.spawn(move |_| *out.2 = load_origins(origins, refs, s2, on_rows));
            scope.spawn(move |_| *out.3 = load_perpetrators(perpetrators, refs, s3, on_rows));
            scope.spawn(move |_| *out.4 = load_control(control, refs, s4, on_rows));
            scope.spawn(move |_| *out.5 = load_events(events, refs, s5, on_rows));
            scope.spawn(move |_| *out.6 = load_vulns(vulns, v, refs, s6, on_rows));
            scope.spawn(move |_| *out.7 = load_responses(responses, r, refs, s7, on_rows));
        });
    }
    for sink in sinks {
        main.errors.extend(sink.errors);
    }
    if main.errors.is_empty() {
        Ok(ds)
    } else {
        Err(finish(main.errors))
    }
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
    let none = &|_: usize| {};
    let mut scratch = ds.clone();
    {
        let d = &mut scratch;
        match file {
            InputFile::States => {
                let rows = load_states(t, &mut d.symbols.states, &mut sink, none);
                d.states.extend(rows);
            }
            InputFile::Incidents => {
                let rows = load_incidents(t, &mut d.symbols, &mut sink, none);
                d.incidents.extend(rows);
            }
            InputFile::Actors => {
                let states = Known::new(InputFile::States, "state", &d.symbols.states, true);
                let rows = load_actors(t, &mut d.symbols.actors, states, &mut sink, none);
                d.actors.extend(rows);
            }
            _ => {
                let Symbols {
                    states: s,
                    incidents: i,
                    actors: a,
                    responses: r,
                    vulns: v,
                    ..
                } = &mut d.symbols;
                let refs = Refs {
                    states: Known::new(InputFile::States, "state", s, true),
                    incidents: Known::new(InputFile::Incidents, "incident", i, true),
                    actors: Known::new(InputFile::Actors, "actor", a, true),
                };
                let sink = &mut sink;
                match file {
                    InputFile::Institutions => d
                        .institutions
                        .extend(load_institutions(t, refs, sink, none)),
                    InputFile::Targets => d.targets.extend(load_targets(t, refs, sink, none)),
                    InputFile::Origins => d.origins.extend(load_origins(t, refs, sink, none)),
                    InputFile::Perpetrators => d
                        .perpetrators
                        .extend(load_perpetrators(t, refs, sink, none)),
                    InputFile::Control => d.control.extend(load_control(t, refs, sink, none)),
                    InputFile::Events => d.events.extend(load_events(t, refs, sink, none)),
                    InputFile::Vulnerabilities => {
                        d.vulnerabilities.extend(load_vulns(t, v, refs, sink, none))
                    }
                    InputFile::Responses => {
                        d.responses.extend(load_responses(t, r, refs, sink, none))
                    }
                    InputFile::States | InputFile::Incidents | InputFile::Actors => {}
                }
            }
        }
    }
    if sink.errors.is_empty() {
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

/// The reader of one input file: the file minus any byte order mark, plus [`TAIL`] (so that
/// every record ends with a line break; see [`next_record`]).
type Source = io::Chain<io::Chain<io::Cursor<Vec<u8>>, Box<dyn Read + Send>>, &'static [u8]>;

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
        let source = File::open(path).and_then(|f| Ok((f.metadata()?.len(), skip_bom(f)?)));
        let display = path.display().to_string();
        Opened::from_source(display, file, mandatory, assumed, source, sink)
    }

    /// Checks the header of `file`, read from `source` (its size and reader, or the error
    /// opening it), reporting problems under the name `display` into `sink`; `mandatory`
    /// and `assumed` as in [`Opened::open_path`].
    fn from_source(
        display: String,
        file: InputFile,
        mandatory: bool,
        assumed: u8,
        source: io::Result<(u64, Source)>,
        sink: &mut Sink,
    ) -> Opened {
        let mut at = |line, column, message: String| sink.push(&display, line, column, message);
        let (size, source) = match source {
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
        let mut reader = csv_reader(source);
        let mut header = ByteRecord::new();
        let schema: Vec<&'static str> = file
            .required_columns()
            .iter()
            .chain(file.optional_columns())
            .copied()
            .collect();
        let line = match next_record(&mut reader, &mut header) {
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
        Opened::Ready(Box::new(Table {
            file,
            path: display,
            size,
            reader,
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

/// Reads a file past a UTF-8 byte order mark, if it starts with one.
fn skip_bom(mut file: impl Read + Send + 'static) -> io::Result<Source> {
    let mut head = Vec::with_capacity(3);
    (&mut file).take(3).read_to_end(&mut head)?;
    if head == b"\xEF\xBB\xBF" {
        head.clear();
    }
    let rest: Box<dyn Read + Send> = Box::new(file);
    Ok(io::Cursor::new(head).chain(rest).chain(TAIL))
}

/// What the reader of every file adds after its last byte: a line break that ends the last
/// record, then `"` and a line break. In a well-formed file the `"` opens a quoted field
/// holding only a line break, read as a blank line and skipped. After a quoted field left
/// open (an unterminated `"`), which would swallow the rest of the file without ending its
/// record, the `"` closes it and the last line break ends the record: every record then ends
/// with a `\n`, and its start line stays right.
const TAIL: &[u8] = b"\n\"\n";

/// A CSV reader for `source`: `\n` is the only record terminator (a `\r` before it stays in
/// the last field, and values are trimmed), fields may be ragged.
fn csv_reader(source: Source) -> csv::Reader<Source> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(1 << 16)
        .from_reader(source)
}

/// Reads the next record that is not a blank line into `rec`, returning the line it starts on.
///
/// The position csv gives a record is taken before the blank lines (and, with CRLF, the
/// `\n`) that precede it, so the start line is computed from the position after the record
/// instead: every record ends with a `\n` (the source adds a final one, [`TAIL`]), and any
/// other `\n` it spans is inside a quoted field.
fn next_record(reader: &mut csv::Reader<Source>, rec: &mut ByteRecord) -> csv::Result<Option<u64>> {
    loop {
        if !reader.read_byte_record(rec)? {
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
    /// The file's size in bytes, to estimate its number of records.
    size: u64,
    reader: csv::Reader<Source>,
    /// Number of fields in the header: every record must have as many.
    width: usize,
    /// The file's columns, required ones first (as in [`InputFile`]).
    schema: Vec<&'static str>,
    /// For each column of `schema`, its field position in the records, if in the header.
    fields: Vec<Option<usize>>,
    /// [`Src::assumed`] of the rows read (0: the dataset folder).
    assumed: u8,
}

/// One column of a file, resolved against the header once for all rows.
#[derive(Clone, Copy)]
struct Col {
    name: &'static str,
    /// Field position in each record; `None` when the (optional) column is not in the header.
    field: Option<usize>,
    /// Whether the column is required (then an empty value is an error).
    required: bool,
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

    /// Reads every record, typing it with `parse`; rows with any problem are left out (and
    /// their problems reported into `sink`).
    fn rows<T>(
        mut self,
        sink: &mut Sink,
        progress: Progress,
        mut parse: impl FnMut(&mut RowCx<'_>) -> Option<T>,
    ) -> Vec<Row<T>> {
        let mut out = Vec::new();
        let mut rec = ByteRecord::new();
        let (mut pending, mut records) = (0, 0);
        loop {
            let line = match next_record(&mut self.reader, &mut rec) {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(e) => {
                    let line = self.reader.position().line();
                    sink.push(&self.path, line, 0, format!("cannot read file: {e}"));
                    break;
                }
            };
            pending += 1;
            if pending == PROGRESS_EVERY {
                progress(pending);
                pending = 0;
            }
            records += 1;
            if records == ESTIMATE_AFTER {
                // Reserving the estimated number of rows once spares the copies (and fresh
                // pages) of repeated doubling, which dominate with millions of rows.
                // Every record takes at least `width` bytes; a failed reservation only costs
                // the doubling.
                let read = self.reader.position().byte().max(1);
                let rest = self.size.saturating_sub(read);
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
        progress(pending);
        out
    }
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
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            errors: Vec::new(),
            budget: SUGGESTION_BUDGET,
            last: Default::default(),
            last_unknown: Default::default(),
        }
    }
}

impl Sink {
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
    file: InputFile,
    /// The kind of id, for messages: "state".
    what: &'static str,
    names: &'a Interner,
    /// False when the defining file could not be read: then unknown ids are not reported
    /// (the file's own error explains them).
    complete: bool,
}

impl<'a> Known<'a> {
    fn new(file: InputFile, what: &'static str, names: &'a Interner, complete: bool) -> Self {
        Known {
            file,
            what,
            names,
            complete,
        }
    }
}

/// Every kind of id that other files refer to.
#[derive(Clone, Copy)]
struct Refs<'a> {
    states: Known<'a>,
    incidents: Known<'a>,
    actors: Known<'a>,
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
    sink: &'r mut Sink,
    /// False once any problem was found in this row.
    ok: bool,
}

impl<'r> RowCx<'r> {
    /// Reports `column `NAME`: message` at column `c`.
    fn error(&mut self, c: Col, message: impl std::fmt::Display) {
        self.ok = false;
        let column = c.field.map_or(0, |f| f as u64 + 1);
        self.sink.push(
            self.path,
            self.line,
            column,
            format!("column `{}`: {message}", c.name),
        );
    }

    /// The trimmed value of `c`, checked to be UTF-8.
    fn raw(&mut self, c: Col) -> Raw<'r> {
        let rec: &'r ByteRecord = self.rec;
        let Some(bytes) = c.field.and_then(|f| rec.get(f)) else {
            return Raw::Absent;
        };
        match std::str::from_utf8(bytes) {
            Ok(s) => match s.trim() {
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
    fn text(&mut self, c: Col) -> Option<&'r str> {
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
    fn parse_as<T>(
        &mut self,
        c: Col,
        s: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        parse(s).map_err(|message| self.error(c, message)).ok()
    }

    /// The value of `c` parsed by `parse` (`None` when not given).
    fn parse<T>(&mut self, c: Col, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let s = self.text(c)?;
        self.parse_as(c, s, parse)
    }

    /// A value of a closed set; `expected` lists the allowed values for the message.
    fn choice<T: FromStr>(&mut self, c: Col, expected: fn() -> String) -> Option<T> {
        self.parse(c, |s| parse_choice(s, expected))
    }

    /// A time.
    fn time(&mut self, c: Col) -> Option<Time> {
        self.parse(c, Time::parse)
    }

    /// An integer ≥ 0, 0 when not given.
    fn count(&mut self, c: Col) -> u64 {
        self.parse(c, parse_count).unwrap_or(0)
    }

    /// A boolean, `default` when not given.
    fn flag(&mut self, c: Col, default: bool) -> bool {
        self.parse(c, parse_flag).unwrap_or(default)
    }

    /// An id that may not contain a comma.
    fn id(&mut self, c: Col) -> Option<&'r str> {
        let s = self.text(c)?;
        if s.contains(',') {
            self.error(c, format!("id `{s}` contains a comma"));
            return None;
        }
        Some(s)
    }

    /// Defines the id in `c`: interns it into `names`, reporting a second definition.
    /// `first` holds the line of each id's definition. The id is interned even when the
    /// rest of the row is bad, so that references to it are not reported as unknown.
    fn define(
        &mut self,
        c: Col,
        names: &mut Interner,
        first: &mut Vec<u64>,
        what: &str,
    ) -> Option<u32> {
        let s = self.id(c)?;
        let (index, new) = names.intern(s);
        if new {
            first.push(self.line);
            return Some(index);
        }
        let line = first[index as usize];
        let message = match line {
            0 => format!("duplicate {what} id `{s}` (already defined in the dataset)"),
            _ => format!("duplicate {what} id `{s}` (first defined on line {line})"),
        };
        self.error(c, message);
        None
    }

    /// Looks up the id `s` of column `c` among `known`, reporting it when unknown.
    fn lookup(&mut self, c: Col, s: &str, known: Known) -> Option<u32> {
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
        self.suggest(&mut message, s, &[known]);
        self.error(c, message);
        None
    }

    /// Appends "; did you mean `X`?" to `message` when an id of `among` is close to `s`.
    fn suggest(&mut self, message: &mut String, s: &str, among: &[Known]) {
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

    /// A reference to an id of `known` (`None` when not given).
    fn reference(&mut self, c: Col, known: Known) -> Option<u32> {
        let s = self.text(c)?;
        self.lookup(c, s, known)
    }
}

/// Parses a value of a closed set.
fn parse_choice<T: FromStr>(s: &str, expected: fn() -> String) -> Result<T, String> {
    s.parse()
        .map_err(|_| format!("unknown value `{s}`; expected one of: {}", expected()))
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

fn load_states(
    t: Opened,
    ids: &mut Interner,
    sink: &mut Sink,
    progress: Progress,
) -> Vec<Row<StateRow>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let (id, name, capacity) = (t.col("id"), t.col("name"), t.col("capacity"));
    // Ids defined before this file (by the dataset, when this is an assumed file): line 0.
    let mut first = vec![0; ids.len()];
    t.rows(sink, progress, |cx| {
        let id = cx.define(id, ids, &mut first, "state");
        let name = cx.text(name);
        let capacity = cx.choice(capacity, Capacity::expected);
        Some(StateRow {
            id: StateId(id?),
            name: name?.to_owned(),
            capacity: capacity?,
        })
    })
}

fn load_incidents(
    t: Opened,
    symbols: &mut Symbols,
    sink: &mut Sink,
    progress: Progress,
) -> Vec<Row<IncidentRow>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let c_id = t.col("id");
    let c_title = t.col("title");
    let c_start = t.col("start");
    let c_end = t.col("end");
    let c_vector = t.col("vector");
    let c_effect = t.col("effect");
    let c_severity = t.col("severity");
    let c_scale = t.col("scale");
    let c_casualties = t.col("casualties");
    let c_loss = t.col("loss_usd");
    let c_campaign = t.col("campaign");
    let c_source = t.col("source");
    // Ids defined before this file (by the dataset, when this is an assumed file): line 0.
    let mut first = vec![0; symbols.incidents.len()];
    t.rows(sink, progress, |cx| {
        let id = cx.define(c_id, &mut symbols.incidents, &mut first, "incident");
        let title = cx.text(c_title);
        let start = cx.time(c_start);
        let end = cx.time(c_end);
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                let message = format!("`{}` is before `start` (`{}`)", e, s);
                cx.error(c_end, message);
            }
        }
        let vector = cx.choice(c_vector, Vector::expected);
        let effect = cx.choice(c_effect, Effect::expected);
        let severity = cx.choice(c_severity, Severity::expected);
        let scale = cx
            .choice(c_scale, Scale::expected)
            .unwrap_or(Scale::Targeted);
        let casualties = cx.count(c_casualties);
        let loss_usd = cx.count(c_loss);
        let campaign = cx
            .id(c_campaign)
            .map(|s| CampaignId(symbols.campaigns.intern(s).0));
        let source = cx.text(c_source).unwrap_or("").to_owned();
        Some(IncidentRow {
            id: IncidentId(id?),
            title: title?.to_owned(),
            start: start?,
            end,
            vector: vector?,
            effect: effect?,
            severity: severity?,
            scale,
            casualties,
            loss_usd,
            campaign,
            source,
        })
    })
}

fn load_actors(
    t: Opened,
    ids: &mut Interner,
    states: Known,
    sink: &mut Sink,
    progress: Progress,
) -> Vec<Row<ActorRow>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let (c_id, c_name, c_kind, c_state) =
        (t.col("id"), t.col("name"), t.col("kind"), t.col("state"));
    // Ids defined before this file (by the dataset, when this is an assumed file): line 0.
    let mut first = vec![0; ids.len()];
    t.rows(sink, progress, |cx| {
        let id = cx.define(c_id, ids, &mut first, "actor");
        let name = cx.text(c_name);
        let kind = cx.choice(c_kind, ActorKind::expected);
        let state = match cx.raw(c_state) {
            Raw::Text(s) => cx.lookup(c_state, s, states).map(StateId),
            Raw::Absent if kind == Some(ActorKind::StateOrgan) => {
                cx.error(c_state, "required for kind `state_organ`");
                None
            }
            Raw::Absent | Raw::Bad => None,
        };
        Some(ActorRow {
            id: ActorId(id?),
            name: name?.to_owned(),
            kind: kind?,
            state,
        })
    })
}

fn load_institutions(
    t: Opened,
    refs: Refs,
    sink: &mut Sink,
    progress: Progress,
) -> Vec<Row<InstitutionRow>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let (c_state, c_institution, c_since) = (t.col("state"), t.col("institution"), t.col("since"));
    t.rows(sink, progress, |cx| {
        let state = cx.reference(c_state, refs.states);
        let institution = cx.choice(c_institution, Institution::expected);
        let since = cx.time(c_since);
        Some(InstitutionRow {
            state: StateId(state?),
            institution: institution?,
            since,
        })
    })
}

fn load_targets(t: Opened, refs: Refs, sink: &mut Sink, progress: Progress) -> Vec<Row<TargetRow>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let (c_incident, c_state, c_sector) = (t.col("incident"), t.col("state"), t.col("sector"));
    t.rows(sink, progress, |cx| {
        let incident = cx.reference(c_incident, refs.incidents);
        let state = cx.reference(c_state, refs.states);
        let sector = cx.choice(c_sector, Sector::expected);
        Some(TargetRow {
            incident: IncidentId(incident?),
            state: StateId(state?),
            sector: sector?,
        })
    })
}

fn load_origins(t: Opened, refs: Refs, sink: &mut Sink, progress: Progress) -> Vec<Row<OriginRow>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let (c_incident, c_state, c_link) = (t.col("incident"), t.col("state"), t.col("link"));
    t.rows(sink, progress, |cx| {
        let incident = cx.reference(c_incident, refs.incidents);
        let state = cx.reference(c_state, refs.states);
        let link = cx.choice(c_link, Link::expected);
        Some(OriginRow {
            incident: IncidentId(incident?),
            state: StateId(state?),
            link: link?,
        })
    })
}

fn load_perpetrators(
    t: Opened,
    refs: Refs,
    sink: &mut Sink,
    progress: Progress,
) -> Vec<Row<PerpetratorRow>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let (c_incident, c_actor) = (t.col("incident"), t.col("actor"));
    t.rows(sink, progress, |cx| {
        let incident = cx.reference(c_incident, refs.incidents);
        let actor = cx.reference(c_actor, refs.actors);
        Some(PerpetratorRow {
            incident: IncidentId(incident?),
            actor: ActorId(actor?),
        })
    })
}

fn load_control(
    t: Opened,
    refs: Refs,
    sink: &mut Sink,
    progress: Progress,
) -> Vec<Row<ControlRow>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let (c_controller, c_controlled, c_kind) =
        (t.col("controller"), t.col("controlled"), t.col("kind"));
    t.rows(sink, progress, |cx| {
        let controller = cx.reference(c_controller, refs.actors);
        let controlled = cx.reference(c_controlled, refs.actors);
        let kind = cx.choice(c_kind, ControlKind::expected);
        Some(ControlRow {
            controller: ActorId(controller?),
            controlled: ActorId(controlled?),
            kind: kind?,
        })
    })
}

/// Whether an event kind needs a state in `by` or `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Need {
    Required,
    Optional,
    /// The kind has no such party: the value must be empty.
    Forbidden,
}

/// The parties of each event kind, `(by, to)`, as in the `events.csv` table of the data
/// model (`—` is [`Need::Forbidden`]).
fn event_roles(kind: EventKind) -> (Need, Need) {
    use EventKind::*;
    use Need::*;
    match kind {
        Notification | AssistanceRequest | Warning | MlaRequest | MlaResponse | CmNotice
        | Compensation => (Required, Required),
        Detection | Measure => (Required, Forbidden),
        PublicReport => (Optional, Forbidden),
        Concern => (Required, Optional),
    }
}

fn load_events(t: Opened, refs: Refs, sink: &mut Sink, progress: Progress) -> Vec<Row<EventRow>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let c_time = t.col("time");
    let c_kind = t.col("kind");
    let c_by = t.col("by");
    let c_to = t.col("to");
    let c_incident = t.col("incident");
    let c_detail = t.col("detail");
    t.rows(sink, progress, |cx| {
        let time = cx.time(c_time);
        let kind = cx.choice::<EventKind>(c_kind, EventKind::expected);
        // An unknown kind is reported already; its parties are still checked as states.
        let (need_by, need_to) = kind.map_or((Need::Optional, Need::Optional), event_roles);
        let mut party = |c: Col, need: Need| match (cx.raw(c), need) {
            (Raw::Text(s), Need::Forbidden) => {
                cx.error(
                    c,
                    format!(
                        "must be empty for kind `{}` (found `{s}`)",
                        kind.map_or("", EventKind::as_str)
                    ),
                );
                None
            }
            (Raw::Text(s), _) => cx.lookup(c, s, refs.states).map(StateId),
            (Raw::Absent, Need::Required) => {
                cx.error(
                    c,
                    format!("required for kind `{}`", kind.map_or("", EventKind::as_str)),
                );
                None
            }
            (Raw::Absent | Raw::Bad, _) => None,
        };
        let by = party(c_by, need_by);
        let to = party(c_to, need_to);
        let incident = cx.reference(c_incident, refs.incidents);
        let detail = match (kind, cx.raw(c_detail)) {
            (Some(EventKind::Measure), Raw::Text(s)) => cx
                .parse_as(c_detail, s, |s| parse_choice(s, MeasureKind::expected))
                .map(Detail::Measure),
            (Some(EventKind::MlaResponse), Raw::Text(s)) => cx
                .parse_as(c_detail, s, |s| parse_choice(s, MlaOutcome::expected))
                .map(Detail::Mla),
            (Some(k @ EventKind::Measure), Raw::Absent) => {
                cx.error(
                    c_detail,
                    format!(
                        "required for kind `{k}`; expected one of: {}",
                        MeasureKind::expected()
                    ),
                );
                None
            }
            (Some(k @ EventKind::MlaResponse), Raw::Absent) => {
                cx.error(
                    c_detail,
                    format!(
                        "required for kind `{k}`; expected one of: {}",
                        MlaOutcome::expected()
                    ),
                );
                None
            }
            (_, Raw::Text(s)) => Some(Detail::Text(s.to_owned())),
            (_, Raw::Absent | Raw::Bad) => Some(Detail::None),
        };
        Some(EventRow {
            time: time?,
            kind: kind?,
            by,
            to,
            incident: IncidentId(incident?),
            detail: detail?,
        })
    })
}

fn load_vulns(
    t: Opened,
    ids: &mut Interner,
    refs: Refs,
    sink: &mut Sink,
    progress: Progress,
) -> Vec<Row<VulnRow>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let c_id = t.col("id");
    let c_product = t.col("product");
    let c_known_by = t.col("known_by");
    let c_since = t.col("since");
    let c_disclosed = t.col("disclosed");
    // Ids defined before this file (by the dataset, when this is an assumed file): line 0.
    let mut first = vec![0; ids.len()];
    t.rows(sink, progress, |cx| {
        let id = cx.define(c_id, ids, &mut first, "vulnerability");
        let product = cx.text(c_product);
        let known_by = cx.reference(c_known_by, refs.states);
        let since = cx.time(c_since);
        let disclosed = cx.time(c_disclosed);
        Some(VulnRow {
            id: VulnId(id?),
            product: product?.to_owned(),
            known_by: StateId(known_by?),
            since: since?,
            disclosed,
        })
    })
}

fn load_responses(
    t: Opened,
    ids: &mut Interner,
    refs: Refs,
    sink: &mut Sink,
    progress: Progress,
) -> Vec<Row<ResponseRow>> {
    let Opened::Ready(t) = t else {
        return Vec::new();
    };
    let c_id = t.col("id");
    let c_time = t.col("time");
    let c_by = t.col("by");
    let c_against = t.col("against");
    let c_incident = t.col("incident");
    let c_means = t.col("means");
    let c_severity = t.col("severity");
    let c_uses_force = t.col("uses_force");
    let c_reversible = t.col("reversible");
    let c_urgent = t.col("urgent");
    let c_on_behalf_of = t.col("on_behalf_of");
    // Ids defined before this file (by the dataset, when this is an assumed file): line 0.
    let mut first = vec![0; ids.len()];
    t.rows(sink, progress, |cx| {
        let id = cx.define(c_id, ids, &mut first, "response");
        let time = cx.time(c_time);
        let by = cx.reference(c_by, refs.states);
        let against = cx
            .text(c_against)
            .and_then(|s| against(cx, c_against, s, refs));
        let incident = cx.reference(c_incident, refs.incidents);
        let means = cx.choice(c_means, Means::expected);
        let severity = cx.choice(c_severity, Severity::expected);
        let uses_force = cx.flag(c_uses_force, false);
        let reversible = cx.flag(c_reversible, true);
        let urgent = cx.flag(c_urgent, false);
        let on_behalf_of = cx.reference(c_on_behalf_of, refs.states).map(StateId);
        Some(ResponseRow {
            id: ResponseId(id?),
            time: time?,
            by: StateId(by?),
            against: against?,
            incident: IncidentId(incident?),
            means: means?,
            severity: severity?,
            uses_force,
            reversible,
            urgent,
            on_behalf_of,
        })
    })
}

/// Resolves `responses.csv` `against`: a state id or an actor id, never both.
fn against(cx: &mut RowCx, c: Col, s: &str, refs: Refs) -> Option<Against> {
    match (refs.states.names.get(s), refs.actors.names.get(s)) {
        (Some(_), Some(_)) => {
            cx.error(
                c,
                format!("`{s}` is both a state id and an actor id; rename one of them"),
            );
            None
        }
        (Some(state), None) => Some(Against::State(StateId(state))),
        (None, Some(actor)) => Some(Against::Actor(ActorId(actor))),
        (None, None) if refs.states.complete && refs.actors.complete => {
            let mut message = format!(
                "unknown state or actor id `{s}` (defined in neither states.csv nor actors.csv)"
            );
            cx.suggest(&mut message, s, &[refs.states, refs.actors]);
            cx.error(c, message);
            None
        }
        (None, None) => {
            cx.ok = false;
            None
        }
    }
}
