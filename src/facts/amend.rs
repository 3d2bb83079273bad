//! Amending a loaded dataset for one evaluation: `--assume FILE` adds the rows of a CSV
//! file (laid out as one of the input files, checked by the same loader) and
//! `--retract FILE:LINE` removes one input row of the dataset folder.
//!
//! Retractions apply first (they name rows of the dataset folder), then assumptions, in
//! the order given. Retracting the row that defines an id (a state, incident, actor,
//! response or vulnerability) and assuming a row of the same file with the same id
//! replaces the definition: the rows that refer to the id refer to the assumed row (an
//! edit, e.g. `--retract states.csv:17 --assume edit/states.csv` with Russia's capacity
//! changed). Retracting a definition that remaining rows refer to is otherwise an error. Assumed rows keep their own file and line ([`Src::assumed`]), so proofs
//! cite them as `what-if/events.csv:2 (assumed)`. Every problem is reported as a
//! positioned [`InputError`], all together, and nothing is evaluated.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::facts::dataset::Interner;
use crate::facts::load::load_into;
use crate::facts::{Dataset, InputError, InputErrors, InputFile, Src};

/// The input file a `--assume` file is laid out as: by its name if it is the name of an
/// input file (`events.csv`, `some/dir/responses.csv`), otherwise by its header (the one
/// input file whose required columns it has and whose columns it uses only).
pub(crate) fn layout_of(path: &Path) -> Result<InputFile, InputError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    if let Some(f) = InputFile::ALL
        .iter()
        .find(|f| Some(f.file_name()) == name.as_deref())
    {
        return Ok(*f);
    }
    let at = |line, message: String| InputError {
        file: path.display().to_string(),
        line,
        column: 0,
        message,
    };
    let text = std::fs::read(path).map_err(|e| at(0, cannot_read(&e)))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text));
    let header: Vec<String> = match reader.records().next() {
        Some(Ok(rec)) => rec.iter().map(|c| c.trim().to_string()).collect(),
        _ => return Err(at(0, "file is empty (expected a header row)".into())),
    };
    let fits: Vec<InputFile> = InputFile::ALL
        .iter()
        .copied()
        .filter(|f| {
            f.required_columns()
                .iter()
                .all(|c| header.iter().any(|h| h == c))
                && header.iter().all(|h| {
                    f.required_columns().contains(&h.as_str())
                        || f.optional_columns().contains(&h.as_str())
                })
        })
        .collect();
    match fits.as_slice() {
        [f] => Ok(*f),
        _ => Err(at(
            1,
            format!(
                "cannot tell which input file this adds to: name it as one ({}) or give one's header",
                InputFile::ALL
                    .iter()
                    .map(|f| f.file_name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

fn cannot_read(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        "file does not exist".into()
    } else {
        format!("cannot read file: {e}")
    }
}

/// Adds the rows of `path` to `ds` (see the module documentation).
pub fn assume(ds: &mut Dataset, path: &Path) -> Result<(), InputErrors> {
    let file = layout_of(path).map_err(|e| InputErrors(vec![e]))?;
    if !path.is_file() {
        return Err(InputErrors(vec![InputError {
            file: path.display().to_string(),
            line: 0,
            column: 0,
            message: "file does not exist".into(),
        }]));
    }
    let k = ds.symbols.assumed.len() + 1;
    let k = u8::try_from(k).map_err(|_| {
        InputErrors(vec![InputError {
            file: path.display().to_string(),
            line: 0,
            column: 0,
            message: "at most 255 files can be assumed".into(),
        }])
    })?;
    load_into(ds, path, file, k)?;
    ds.symbols.assumed.push(path.display().to_string());
    Ok(())
}

/// A parsed `--retract FILE:LINE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retraction {
    /// FILE as given.
    pub given: String,
    /// The input file it names.
    pub file: InputFile,
    /// The line.
    pub line: u32,
}

/// Parses `FILE:LINE`: FILE is an input file name, optionally with a folder
/// (`events.csv`, `facts/events.csv`), LINE a data row's line (the header is line 1).
pub(crate) fn parse_retraction(spec: &str) -> Result<Retraction, InputError> {
    let err = |file: &str, line: u64, message: String| InputError {
        file: file.to_string(),
        line,
        column: 0,
        message,
    };
    let Some((file, line)) = spec.rsplit_once(':') else {
        return Err(err(
            spec,
            0,
            "--retract: expected FILE:LINE, e.g. `events.csv:12`".into(),
        ));
    };
    let line: u32 = line.trim().parse().map_err(|_| {
        err(
            file,
            0,
            format!("--retract: `{line}` is not a line number; expected FILE:LINE, e.g. `events.csv:12`"),
        )
    })?;
    let name = Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(f) = InputFile::ALL.iter().find(|f| f.file_name() == name) else {
        return Err(err(
            file,
            u64::from(line),
            format!(
                "--retract: not an input file; expected one of: {}",
                InputFile::ALL
                    .iter()
                    .map(|f| f.file_name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    Ok(Retraction {
        given: file.to_string(),
        file: *f,
        line,
    })
}

/// Calls `$m!` with every row table of a `Dataset` (one list for the helpers below).
macro_rules! dataset_tables {
    ($m:ident) => {
        $m!(
            states,
            institutions,
            incidents,
            targets,
            origins,
            actors,
            perpetrators,
            control,
            events,
            vulnerabilities,
            responses
        )
    };
}

/// Calls `f` with the source of every row of the dataset.
fn each_src(ds: &Dataset, mut f: impl FnMut(Src)) {
    macro_rules! each {
        ($($v:ident),*) => {$( for r in &ds.$v { f(r.src); } )*};
    }
    dataset_tables!(each);
}

/// Keeps the rows whose source satisfies `keep`.
fn retain(ds: &mut Dataset, keep: impl Fn(Src) -> bool) {
    macro_rules! each {
        ($($v:ident),*) => {$( ds.$v.retain(|r| keep(r.src)); )*};
    }
    dataset_tables!(each);
}

/// Removes the rows named by `specs` (`FILE:LINE`) from `ds`. A spec that names no data
/// row of the dataset folder is an error, and so is retracting the definition of a state,
/// incident or actor that remaining rows still refer to.
pub fn retract(ds: &mut Dataset, specs: &[String]) -> Result<(), InputErrors> {
    retract_replacing(ds, specs, &Replaced::default())
}

/// The ids whose definition is replaced: retracted and defined again by an assumed file,
/// per defining file (`states.csv`, `incidents.csv`, `actors.csv`, `responses.csv`,
/// `vulnerabilities.csv`).
#[derive(Clone, Debug, Default)]
pub struct Replaced(pub std::collections::HashMap<InputFile, HashSet<String>>);

impl Replaced {
    fn contains(&self, file: InputFile, id: &str) -> bool {
        self.0.get(&file).is_some_and(|s| s.contains(id))
    }
}

/// The files whose `id` column defines ids, with the interner of those ids.
const DEFINING: [InputFile; 5] = [
    InputFile::States,
    InputFile::Incidents,
    InputFile::Actors,
    InputFile::Responses,
    InputFile::Vulnerabilities,
];

/// The interner of the ids a defining file defines.
fn interner(sym: &mut crate::facts::Symbols, file: InputFile) -> Option<&mut Interner> {
    Some(match file {
        InputFile::States => &mut sym.states,
        InputFile::Incidents => &mut sym.incidents,
        InputFile::Actors => &mut sym.actors,
        InputFile::Responses => &mut sym.responses,
        InputFile::Vulnerabilities => &mut sym.vulns,
        _ => return None,
    })
}

/// The values of the `id` column of a CSV file (trimmed), or none if it cannot be read.
fn ids_in(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read(path) else {
        return Vec::new();
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text));
    let mut records = reader.records().filter_map(Result::ok);
    let Some(header) = records.next() else {
        return Vec::new();
    };
    let Some(k) = header.iter().position(|h| h.trim() == "id") else {
        return Vec::new();
    };
    records
        .filter_map(|r| r.get(k).map(|v| v.trim().to_string()))
        .filter(|v| !v.is_empty())
        .collect()
}

/// [`retract`], where the ids of `replaced` may lose their defining row (an assumed file
/// defines them again).
pub(crate) fn retract_replacing(
    ds: &mut Dataset,
    specs: &[String],
    replaced: &Replaced,
) -> Result<(), InputErrors> {
    let mut errors = Vec::new();
    let mut gone: HashSet<Src> = HashSet::new();
    let mut present: HashSet<Src> = HashSet::new();
    each_src(ds, |s| {
        if s.assumed == 0 {
            present.insert(s);
        }
    });
    for spec in specs {
        let r = match parse_retraction(spec) {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let src = Src::new(r.file, r.line);
        if present.contains(&src) {
            gone.insert(src);
            continue;
        }
        let message = why_no_row(ds, r.file, r.line);
        errors.push(InputError {
            file: r.given.clone(),
            line: u64::from(r.line),
            column: 0,
            message: format!("--retract: {message}"),
        });
    }
    if errors.is_empty() {
        errors.extend(dangling(ds, &gone, replaced));
    }
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(InputErrors(errors));
    }
    retain(ds, |s| !gone.contains(&s));
    Ok(())
}

/// Why line `line` of `file` in the dataset (its folder, or the shipped dataset) is not a
/// data row.
fn why_no_row(ds: &Dataset, file: InputFile, line: u32) -> String {
    let dir = &ds.dir;
    let bytes = match ds.shipped {
        true => Ok(super::shipped::file(file).to_vec()),
        false => std::fs::read(dir.join(file.file_name())),
    };
    match bytes {
        Err(_) => format!("`{}` is not in the dataset {}", file, dir.display()),
        Ok(_) if line <= 1 => format!("line {line} is the header, not a data row"),
        Ok(bytes) => {
            let lines = bytes.split(|&b| b == b'\n').count() - usize::from(bytes.ends_with(b"\n"));
            if line as usize > lines {
                format!("`{file}` has only {lines} lines")
            } else {
                format!("line {line} of `{file}` is not the start of a data row (blank, or inside a quoted value)")
            }
        }
    }
}

/// Errors for rows that refer to a state, incident or actor whose defining row is retracted.
fn dangling(ds: &Dataset, gone: &HashSet<Src>, replaced: &Replaced) -> Vec<InputError> {
    let removed = |file: InputFile| -> HashSet<u32> {
        gone.iter()
            .filter(|s| s.file == file)
            .map(|s| s.line)
            .collect()
    };
    let (gs, gi, ga) = (
        removed(InputFile::States),
        removed(InputFile::Incidents),
        removed(InputFile::Actors),
    );
    // The ids whose definition goes.
    let states: HashSet<u32> = ds
        .states
        .iter()
        .filter(|r| r.src.assumed == 0 && gs.contains(&r.src.line))
        .map(|r| r.data.id.0)
        .collect();
    let incidents: HashSet<u32> = ds
        .incidents
        .iter()
        .filter(|r| r.src.assumed == 0 && gi.contains(&r.src.line))
        .map(|r| r.data.id.0)
        .collect();
    let actors: HashSet<u32> = ds
        .actors
        .iter()
        .filter(|r| r.src.assumed == 0 && ga.contains(&r.src.line))
        .map(|r| r.data.id.0)
        .collect();
    if states.is_empty() && incidents.is_empty() && actors.is_empty() {
        return Vec::new();
    }
    let sym = &ds.symbols;
    let def_src = |file: InputFile, id: u32| -> Option<Src> {
        match file {
            InputFile::States => ds.states.iter().find(|r| r.data.id.0 == id).map(|r| r.src),
            InputFile::Incidents => ds
                .incidents
                .iter()
                .find(|r| r.data.id.0 == id)
                .map(|r| r.src),
            _ => ds.actors.iter().find(|r| r.data.id.0 == id).map(|r| r.src),
        }
    };
    let mut out = Vec::new();
    let mut check = |user: Src, file: InputFile, id: u32| {
        if gone.contains(&user) {
            return;
        }
        let (set, what, name) = match file {
            InputFile::States => (&states, "state", sym.states.name(id)),
            InputFile::Incidents => (&incidents, "incident", sym.incidents.name(id)),
            _ => (&actors, "actor", sym.actors.name(id)),
        };
        if set.contains(&id) && !replaced.contains(file, name) {
            if let Some(def) = def_src(file, id) {
                out.push(InputError {
                    file: def.file.file_name().to_string(),
                    line: u64::from(def.line),
                    column: 0,
                    message: format!(
                        "--retract: {what} `{name}` is still referred to by {} (retract that row too)",
                        sym.src_text(user)
                    ),
                });
            }
        }
    };
    use InputFile as F;
    for r in &ds.institutions {
        check(r.src, F::States, r.data.state.0);
    }
    for r in &ds.targets {
        check(r.src, F::Incidents, r.data.incident.0);
        check(r.src, F::States, r.data.state.0);
    }
    for r in &ds.origins {
        check(r.src, F::Incidents, r.data.incident.0);
        check(r.src, F::States, r.data.state.0);
    }
    for r in &ds.actors {
        if let Some(s) = r.data.state {
            check(r.src, F::States, s.0);
        }
    }
    for r in &ds.perpetrators {
        check(r.src, F::Incidents, r.data.incident.0);
        check(r.src, F::Actors, r.data.actor.0);
    }
    for r in &ds.control {
        check(r.src, F::Actors, r.data.controller.0);
        check(r.src, F::Actors, r.data.controlled.0);
    }
    for r in &ds.events {
        check(r.src, F::Incidents, r.data.incident.0);
        for s in [r.data.by, r.data.to].into_iter().flatten() {
            check(r.src, F::States, s.0);
        }
    }
    for r in &ds.vulnerabilities {
        check(r.src, F::States, r.data.known_by.0);
    }
    for r in &ds.responses {
        check(r.src, F::Incidents, r.data.incident.0);
        check(r.src, F::States, r.data.by.0);
        if let Some(s) = r.data.on_behalf_of {
            check(r.src, F::States, s.0);
        }
        match r.data.against {
            crate::facts::Against::State(s) => check(r.src, F::States, s.0),
            crate::facts::Against::Actor(a) => check(r.src, F::Actors, a.0),
        }
    }
    out
}

/// The ids whose defining row `retractions` retract and an `assumed` file defines again.
pub(crate) fn replaced_ids(ds: &Dataset, assumed: &[PathBuf], retractions: &[String]) -> Replaced {
    let sym = &ds.symbols;
    let mut retracted: std::collections::HashMap<InputFile, HashSet<String>> =
        std::collections::HashMap::new();
    for spec in retractions {
        let Ok(r) = parse_retraction(spec) else {
            continue;
        };
        let src = Src::new(r.file, r.line);
        let name = match r.file {
            InputFile::States => ds
                .states
                .iter()
                .find(|x| x.src == src)
                .map(|x| sym.state(x.data.id)),
            InputFile::Incidents => ds
                .incidents
                .iter()
                .find(|x| x.src == src)
                .map(|x| sym.incident(x.data.id)),
            InputFile::Actors => ds
                .actors
                .iter()
                .find(|x| x.src == src)
                .map(|x| sym.actor(x.data.id)),
            InputFile::Responses => ds
                .responses
                .iter()
                .find(|x| x.src == src)
                .map(|x| sym.response(x.data.id)),
            InputFile::Vulnerabilities => ds
                .vulnerabilities
                .iter()
                .find(|x| x.src == src)
                .map(|x| sym.vuln(x.data.id)),
            _ => None,
        };
        if let Some(n) = name {
            retracted.entry(r.file).or_default().insert(n.to_string());
        }
    }
    let mut out = Replaced::default();
    for path in assumed {
        let Ok(file) = layout_of(path) else { continue };
        let Some(gone) = retracted.get(&file) else {
            continue;
        };
        for id in ids_in(path) {
            if gone.contains(&id) {
                out.0.entry(file).or_default().insert(id);
            }
        }
    }
    out
}

/// [`assume`], where the ids of `replaced` that `path` defines replace their retracted
/// definitions: the file defines them afresh, and its rows take the ids' indices, so that
/// every row referring to them refers to the new rows.
fn assume_replacing(ds: &mut Dataset, path: &Path, replaced: &Replaced) -> Result<(), InputErrors> {
    let Ok(file) = layout_of(path) else {
        return assume(ds, path);
    };
    let names: HashSet<String> = match replaced.0.get(&file) {
        Some(n) if DEFINING.contains(&file) && !n.is_empty() => n.clone(),
        _ => return assume(ds, path),
    };
    let Some(ids) = interner(&mut ds.symbols, file) else {
        return assume(ds, path);
    };
    // Hide the replaced names behind names no input can have, so that the file defines them.
    let orig: Vec<String> = ids.names().to_vec();
    let mut hidden = Interner::default();
    for n in &orig {
        if names.contains(n) {
            hidden.intern_owned(format!("\u{0}replaced\u{0}{n}"));
        } else {
            hidden.intern(n);
        }
    }
    *ids = hidden;
    let result = assume(ds, path);
    // Restore the names; the replaced ids defined afresh take their old indices back.
    let Some(ids) = interner(&mut ds.symbols, file) else {
        return result;
    };
    let now: Vec<String> = ids.names().to_vec();
    let mut restored = Interner::default();
    for n in &orig {
        restored.intern(n);
    }
    let mut map: Vec<u32> = (0..now.len() as u32).collect();
    for (j, n) in now.iter().enumerate().skip(orig.len()) {
        map[j] = match restored.get(n) {
            Some(k) if names.contains(n) => k,
            _ => restored.intern(n).0,
        };
    }
    *ids = restored;
    if result.is_ok() {
        let k = u8::try_from(ds.symbols.assumed.len()).unwrap_or(0);
        let m = |x: u32| map.get(x as usize).copied().unwrap_or(x);
        match file {
            InputFile::States => {
                for r in ds.states.iter_mut().filter(|r| r.src.assumed == k) {
                    r.data.id.0 = m(r.data.id.0);
                }
            }
            InputFile::Incidents => {
                for r in ds.incidents.iter_mut().filter(|r| r.src.assumed == k) {
                    r.data.id.0 = m(r.data.id.0);
                }
            }
            InputFile::Actors => {
                for r in ds.actors.iter_mut().filter(|r| r.src.assumed == k) {
                    r.data.id.0 = m(r.data.id.0);
                }
            }
            InputFile::Responses => {
                for r in ds.responses.iter_mut().filter(|r| r.src.assumed == k) {
                    r.data.id.0 = m(r.data.id.0);
                }
            }
            InputFile::Vulnerabilities => {
                for r in ds.vulnerabilities.iter_mut().filter(|r| r.src.assumed == k) {
                    r.data.id.0 = m(r.data.id.0);
                }
            }
            _ => {}
        }
    }
    result
}

/// Applies `--retract` then `--assume` to `ds`. A retracted definition that an assumed
/// file of the same layout defines again is replaced (see the module documentation).
pub fn apply(
    ds: &mut Dataset,
    assumed: &[PathBuf],
    retractions: &[String],
) -> Result<(), InputErrors> {
    let replaced = replaced_ids(ds, assumed, retractions);
    if !retractions.is_empty() {
        retract_replacing(ds, retractions, &replaced)?;
    }
    let mut errors = Vec::new();
    for path in assumed {
        if let Err(e) = assume_replacing(ds, path, &replaced) {
            errors.extend(e.0);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        errors.sort();
        errors.dedup();
        Err(InputErrors(errors))
    }
}
