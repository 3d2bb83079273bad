//! Amending a loaded dataset for one evaluation: `--assume FILE` adds the rows of a CSV
//! file (laid out as one of the input files, checked by the same loader) and
//! `--retract FILE:LINE` removes one input row of the dataset folder.
//!
//! Retractions apply first (they name rows of the dataset folder), then assumptions, in
//! the order given. Assumed rows keep their own file and line ([`Src::assumed`]), so proofs
//! cite them as `what-if/events.csv:2 (assumed)`. Every problem is reported as a
//! positioned [`InputError`], all together, and nothing is evaluated.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::facts::load::load_into;
use crate::facts::{Dataset, InputError, InputErrors, InputFile, Src};

/// The input file a `--assume` file is laid out as: by its name if it is the name of an
/// input file (`events.csv`, `some/dir/responses.csv`), otherwise by its header (the one
/// input file whose required columns it has and whose columns it uses only).
pub fn layout_of(path: &Path) -> Result<InputFile, InputError> {
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
pub fn parse_retraction(spec: &str) -> Result<Retraction, InputError> {
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
        errors.extend(dangling(ds, &gone));
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
fn dangling(ds: &Dataset, gone: &HashSet<Src>) -> Vec<InputError> {
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
        if set.contains(&id) {
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

/// Applies `--retract` then `--assume` to `ds`.
pub fn apply(
    ds: &mut Dataset,
    assumed: &[PathBuf],
    retractions: &[String],
) -> Result<(), InputErrors> {
    if !retractions.is_empty() {
        retract(ds, retractions)?;
    }
    let mut errors = Vec::new();
    for path in assumed {
        if let Err(e) = assume(ds, path) {
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
