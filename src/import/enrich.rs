//! What the incident datasets do not hold: each state's capacity and its institutions.
//! A user who has researched them gives them in our schema (`--states FILE`,
//! `--institutions FILE`) or as another dataset (`--with DIR`, e.g. the shipped `facts/`);
//! they are merged by state id into the imported dataset, for the states the import names.
//! Without them capacity is left undocumented and no institution is written: nothing is
//! invented.
//!
//! [`States`] collects the states an importer names (with the country table's line as
//! provenance) and writes `states.csv` and `institutions.csv` at the end.

use std::collections::BTreeMap;
use std::path::Path;

use crate::facts::{
    Capacity, InputError, InputErrors, InputFile, Institution, InstitutionStatus, Time,
};

use super::countries::{self, Place};
use super::source::Source;
use super::writer::{Builder, Prov};

/// Capacity and institutions from the user, by state id.
#[derive(Clone, Debug, Default)]
pub struct Enrichment {
    /// State id → (capacity as written, `FILE:LINE`).
    pub capacity: BTreeMap<String, (String, String)>,
    /// State id → institutions rows (`institution, since, status` as written, `FILE:LINE`).
    pub institutions: BTreeMap<String, Vec<([String; 3], String)>>,
}

/// Where the enrichment comes from.
#[derive(Clone, Debug, Default)]
pub struct Sources<'a> {
    /// `--states FILE`.
    pub states: Option<&'a Path>,
    /// `--institutions FILE`.
    pub institutions: Option<&'a Path>,
    /// `--with DIR`.
    pub with: Option<&'a Path>,
}

/// A short name for provenance: the last folder and the file name (`facts/states.csv`).
fn short(path: &Path) -> String {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    match path
        .parent()
        .and_then(|p| p.file_name())
        .map(|d| d.to_string_lossy().into_owned())
    {
        Some(dir) => format!("{dir}/{file}"),
        None => file,
    }
}

/// Reads the enrichment; every problem positioned, all of them together.
pub fn load(src: &Sources) -> Result<Enrichment, InputErrors> {
    let mut e = Enrichment::default();
    let mut errors: Vec<InputError> = Vec::new();
    if let Some(dir) = src.with {
        match crate::facts::load(dir) {
            Ok(ds) => {
                let sym = &ds.symbols;
                let states_file = short(&dir.join("states.csv"));
                for r in &ds.states {
                    if r.data.capacity != Capacity::Undocumented {
                        e.capacity.insert(
                            sym.state(r.data.id).to_string(),
                            (
                                r.data.capacity.as_str().to_string(),
                                format!("{states_file}:{}", r.src.line),
                            ),
                        );
                    }
                }
                let inst_file = short(&dir.join("institutions.csv"));
                for r in &ds.institutions {
                    e.institutions
                        .entry(sym.state(r.data.state).to_string())
                        .or_default()
                        .push((
                            [
                                r.data.institution.as_str().to_string(),
                                r.data.since.map(date_text).unwrap_or_default(),
                                r.data.status.as_str().to_string(),
                            ],
                            format!("{inst_file}:{}", r.src.line),
                        ));
                }
            }
            Err(errs) => errors.extend(errs.0),
        }
    }
    if let Some(path) = src.states {
        if let Some(s) = Source::read(path, &["id", "capacity"], &mut errors) {
            let name = short(path);
            for r in s.rows() {
                let (id, cap) = (r.get("id"), r.get("capacity"));
                if id.is_empty() {
                    errors.push(r.error("id", "required value is empty".into()));
                    continue;
                }
                if cap.is_empty() {
                    continue;
                }
                match cap.parse::<Capacity>() {
                    Ok(c) => {
                        e.capacity.insert(
                            id.to_string(),
                            (c.as_str().to_string(), format!("{name}:{}", r.line)),
                        );
                    }
                    Err(_) => errors.push(r.error(
                        "capacity",
                        format!(
                            "unknown value `{cap}`; expected one of: {}",
                            Capacity::expected()
                        ),
                    )),
                }
            }
        }
    }
    if let Some(path) = src.institutions {
        if let Some(s) = Source::read(path, &["state", "institution"], &mut errors) {
            let name = short(path);
            for r in s.rows() {
                let state = r.get("state");
                if state.is_empty() {
                    errors.push(r.error("state", "required value is empty".into()));
                }
                let inst = r.get("institution");
                if inst.parse::<Institution>().is_err() {
                    errors.push(r.error(
                        "institution",
                        format!(
                            "unknown value `{inst}`; expected one of: {}",
                            Institution::expected()
                        ),
                    ));
                }
                let since = r.get("since");
                if !since.is_empty() {
                    if let Err(m) = Time::parse(since) {
                        errors.push(r.error("since", m));
                    }
                }
                let status = r.get("status");
                if !status.is_empty() && status.parse::<InstitutionStatus>().is_err() {
                    errors.push(r.error(
                        "status",
                        format!(
                            "unknown value `{status}`; expected one of: {}",
                            InstitutionStatus::expected()
                        ),
                    ));
                }
                if !state.is_empty() {
                    e.institutions.entry(state.to_string()).or_default().push((
                        [inst.to_string(), since.to_string(), status.to_string()],
                        format!("{name}:{}", r.line),
                    ));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(e)
    } else {
        errors.sort();
        errors.dedup();
        Err(InputErrors(errors))
    }
}

/// A time as a date when it is midnight UTC, else in full.
fn date_text(t: Time) -> String {
    let s = t.to_string();
    match s.strip_suffix("T00:00Z") {
        Some(d) => d.to_string(),
        None => s,
    }
}

/// The states an import names, each with the country table's line it was defined on.
#[derive(Clone, Debug, Default)]
pub struct States {
    /// id → (name, line of `countries.csv`).
    used: BTreeMap<String, (String, usize)>,
}

/// What a name turned out to be, for the caller's rules.
pub enum Resolved {
    /// A state id.
    State(String),
    /// A region, an organisation or an unknown (the caller counts it under its rule).
    NotAState(&'static str),
    /// Not in the table (reported already).
    Unmapped,
}

impl States {
    /// Resolves a place name of the source row `at` (column `col`); records the state, and
    /// notes a territory (COUNTRY-TERRITORY) or a name the table lacks (COUNTRY-UNMAPPED).
    pub fn resolve(&mut self, b: &mut Builder, name: &str, at: &str, col: &str) -> Resolved {
        if name.trim().is_empty() {
            return Resolved::NotAState("empty");
        }
        let Some(entry) = countries::lookup(name) else {
            b.unmapped(at, col, name);
            return Resolved::Unmapped;
        };
        match &entry.place {
            Place::State { id, name: n } => {
                self.add(id, n);
                Resolved::State(id.clone())
            }
            Place::Territory { id, name: n } => {
                b.note(
                    at,
                    col,
                    "COUNTRY-TERRITORY",
                    format!("`{name}` is a dependent territory: written as {n} ({id})"),
                );
                self.add(id, n);
                Resolved::State(id.clone())
            }
            Place::Region => Resolved::NotAState("a region"),
            Place::Organisation => Resolved::NotAState("an organisation"),
            Place::Unknown => Resolved::NotAState("unknown"),
        }
    }

    fn add(&mut self, id: &str, name: &str) {
        self.used
            .entry(id.to_string())
            .or_insert_with(|| (name.to_string(), countries::state_line(id).unwrap_or(0)));
    }

    /// Number of states named so far.
    pub fn len(&self) -> usize {
        self.used.len()
    }

    /// True when no state was named.
    pub fn is_empty(&self) -> bool {
        self.used.is_empty()
    }

    /// Writes `states.csv` (sorted by id) and `institutions.csv` (by state, in the order
    /// given) with the enrichment for the states named; returns (states with a capacity,
    /// states with institutions).
    pub fn finish(&self, b: &mut Builder, e: &Enrichment) -> (usize, usize) {
        b.table(InputFile::States, &["id", "name", "capacity"]);
        b.table(
            InputFile::Institutions,
            &["state", "institution", "since", "status"],
        );
        let (mut caps, mut insts) = (0, 0);
        for (id, (name, line)) in &self.used {
            let mut prov = Prov::new(
                &format!("countries.csv:{line}"),
                "spelling, id, name",
                "COUNTRY",
            );
            let capacity = match e.capacity.get(id) {
                Some((c, at)) => {
                    caps += 1;
                    b.count("ENRICH-CAPACITY");
                    prov.columns = format!("spelling, id, name; capacity from {at}");
                    prov = prov.with("ENRICH-CAPACITY");
                    c.clone()
                }
                None => String::new(),
            };
            b.row(
                InputFile::States,
                vec![id.clone(), name.clone(), capacity],
                prov,
            );
        }
        for id in self.used.keys() {
            if let Some(rows) = e.institutions.get(id) {
                insts += 1;
                for ([inst, since, status], at) in rows {
                    b.count("ENRICH-INSTITUTION");
                    b.row(
                        InputFile::Institutions,
                        vec![id.clone(), inst.clone(), since.clone(), status.clone()],
                        Prov::new(
                            at,
                            "state, institution, since, status",
                            "ENRICH-INSTITUTION",
                        ),
                    );
                }
            }
        }
        (caps, insts)
    }
}
