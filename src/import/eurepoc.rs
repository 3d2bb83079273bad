//! EuRepoC Global Database 1.1 (`EuRepoC_Global_Database_1.1.csv`, one row per incident,
//! 81 columns), with its long-format companions `EuRepoC_Attribution_dataset_1.1.csv` (one
//! row per attribution and initiator; `--attribution`) and
//! `EuRepoC_Receiver_dataset_1.1.csv` (one row per receiver and category; `--receiver`).
//!
//! How the cells are written, and read here:
//! - multi-valued cells are Python list literals (`['Russia', 'China']`, nested per receiver
//!   country for categories, with `None` and `'Not available'` inside), read with
//!   [`super::pylist`], never split on commas;
//! - the attribution, political and legal response columns are `"; "`-joined lists aligned
//!   by position (an empty column means "not recorded" at every position); lists of
//!   different lengths are not guessed at (`*-UNALIGNED`);
//! - dates are `YYYY-MM-DD` or `YYYY-MM-DD 00:00:00`, `NaT` for none.
//!
//! The mapping, rule by rule with its reason, is `docs/importers.md`; the rule ids used here
//! are those of [`super::RULES`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use crate::facts::{InputError, InputErrors, InputFile};

use super::enrich::{Enrichment, Resolved, States};
use super::pylist::{parse_list, PyValue};
use super::source::{Rec, Source};
use super::writer::{Builder, Prov};
use super::{next_day, parse_date, Date, Summary};

/// The files to import.
#[derive(Clone, Debug)]
pub struct Options {
    /// `EuRepoC_Global_Database_1.1.csv`.
    pub global: PathBuf,
    /// `EuRepoC_Attribution_dataset_1.1.csv` (else the Global Database's attribution columns).
    pub attribution: Option<PathBuf>,
    /// `EuRepoC_Receiver_dataset_1.1.csv` (else the Global Database's receiver columns).
    pub receiver: Option<PathBuf>,
}

/// The Global Database columns the mapping reads.
pub const GLOBAL_COLUMNS: &[&str] = &[
    "ID",
    "name",
    "start_date",
    "end_date",
    "incident_type",
    "receiver_country",
    "receiver_category",
    "receiver_category_subcode",
    "initiator_name",
    "initiator_country",
    "initiator_category",
    "initiator_category_subcode",
    "attribution_date",
    "attribution_type",
    "attribution_basis",
    "attributing_actor",
    "attributing_country",
    "political_response_date",
    "political_response_type",
    "political_response_type_subcode",
    "political_response_country",
    "political_response_actor",
    "zero_days",
    "MITRE_initial_access",
    "MITRE_impact",
    "has_disruption",
    "data_theft",
    "disruption",
    "hijacking",
    "physical_effects_spatial",
    "physical_effects_temporal",
    "impact_indicator",
    "economic_impact_exact_value",
    "economic_impact_currency",
    "legal_response_date",
    "legal_response_type",
    "legal_response_type_subcode",
    "legal_response_country",
    "legal_response_actor",
    "casualties",
];

/// The legal coding columns (read by `diligence agree`, not by the import).
pub const CODING_COLUMNS: &[&str] = &[
    "ID",
    "state_responsibility_indicator",
    "IL_breach_indicator",
    "IL_breach_indicator_subcode",
    "legal_response_indicator",
];

/// The Attribution dataset columns read.
pub const ATTRIBUTION_COLUMNS: &[&str] = &[
    "incident_ID",
    "attribution_ID",
    "attribution_date",
    "attribution_type",
    "attribution_basis",
    "attributing_actor",
    "attributing_country",
];

/// The Receiver dataset columns read.
pub const RECEIVER_COLUMNS: &[&str] = &[
    "ID",
    "receiver_country",
    "receiver_category",
    "receiver_category_subcode",
];

/// The incident id written for EuRepoC id `n`.
pub(crate) fn incident_id(n: &str) -> String {
    format!("eurepoc-{n}")
}

/// The `source` written for EuRepoC id `n`; `diligence agree` matches incidents by it.
pub fn source_text(n: &str) -> String {
    format!("EuRepoC 1.1 #{n}")
}

/// The EuRepoC id of an incident's `source`, if it is one of ours.
pub fn id_of_source(source: &str) -> Option<&str> {
    source.strip_prefix("EuRepoC 1.1 #")
}

/// Imports the files; every problem of every file is returned together.
pub fn import(opts: &Options, enrichment: &Enrichment) -> Result<(Builder, Summary), InputErrors> {
    let mut errors = Vec::new();
    let global = Source::read(&opts.global, GLOBAL_COLUMNS, &mut errors);
    let attribution = opts
        .attribution
        .as_ref()
        .and_then(|p| Source::read(p, ATTRIBUTION_COLUMNS, &mut errors));
    let receiver = opts
        .receiver
        .as_ref()
        .and_then(|p| Source::read(p, RECEIVER_COLUMNS, &mut errors));
    let Some(global) = global else {
        return Err(finish_errors(errors));
    };
    let rows: Vec<Row> = global
        .rows()
        .filter_map(|r| Row::parse(r, &mut errors))
        .collect();
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for (r, rec) in rows.iter().zip(global.rows()) {
        if let Some(first) = seen.insert(r.id.as_str(), rec.line) {
            errors.push(rec.error(
                "ID",
                format!("duplicate incident id `{}` (first on line {first})", r.id),
            ));
        }
    }
    let attributions = attribution
        .as_ref()
        .map(|s| group(s, "incident_ID", &mut errors));
    let receivers = receiver.as_ref().map(|s| group(s, "ID", &mut errors));
    // Receiver categories are validated before anything is written.
    if let Some(src) = &receiver {
        for r in src.rows() {
            if let Err(m) = sector(
                r.get("receiver_category"),
                r.get("receiver_category_subcode"),
            ) {
                errors.push(r.error("receiver_category", m));
            }
        }
    }
    if !errors.is_empty() {
        return Err(finish_errors(errors));
    }

    let mut b = Builder::default();
    b.table(
        InputFile::Incidents,
        &[
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
            "source",
        ],
    );
    b.table(InputFile::Targets, &["incident", "state", "sector"]);
    b.table(InputFile::Origins, &["incident", "state", "link"]);
    b.table(InputFile::Actors, &["id", "name", "kind", "state"]);
    b.table(InputFile::Perpetrators, &["incident", "actor"]);
    b.table(
        InputFile::Events,
        &["time", "kind", "by", "to", "incident", "detail"],
    );
    b.table(
        InputFile::Responses,
        &[
            "id", "time", "by", "against", "incident", "means", "severity",
        ],
    );
    let mut m = Mapper {
        b,
        states: States::default(),
        actors: Actors::default(),
    };
    let ids: BTreeSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    if let (Some(src), Some(groups)) = (&attribution, &attributions) {
        unmatched(
            &mut m.b,
            src,
            groups,
            &ids,
            "incident_ID",
            "ATTRIBUTION-UNMATCHED",
        );
    }
    if let (Some(src), Some(groups)) = (&receiver, &receivers) {
        unmatched(&mut m.b, src, groups, &ids, "ID", "RECEIVER-UNMATCHED");
    }
    let mut written = 0;
    for (row, rec) in rows.iter().zip(global.rows()) {
        let atts = match (&attribution, &attributions) {
            (Some(src), Some(g)) => Some(rows_of(src, g, &row.id)),
            _ => None,
        };
        let recvs = match (&receiver, &receivers) {
            (Some(src), Some(g)) => Some(rows_of(src, g, &row.id)),
            _ => None,
        };
        if m.incident(row, rec, atts, recvs) {
            written += 1;
        }
    }
    let (with_capacity, with_institutions) = m.states.finish(&mut m.b, enrichment);
    let mut sources = vec![format!("{} ({} incidents)", global.name, rows.len())];
    let mut unread = vec![(
        global.name.clone(),
        global.unread(&[GLOBAL_COLUMNS, CODING_COLUMNS].concat()),
    )];
    for s in [&attribution, &receiver].into_iter().flatten() {
        sources.push(format!("{} ({} rows)", s.name, s.records.len()));
        let cols = if s.header.iter().any(|h| h == "incident_ID") {
            ATTRIBUTION_COLUMNS
        } else {
            RECEIVER_COLUMNS
        };
        unread.push((s.name.clone(), s.unread(cols)));
    }
    let summary = Summary {
        sources,
        read: rows.len(),
        written,
        unread,
        states: m.states.len(),
        with_capacity,
        with_institutions,
    };
    Ok((m.b, summary))
}

fn finish_errors(mut errors: Vec<InputError>) -> InputErrors {
    errors.sort();
    errors.dedup();
    InputErrors(errors)
}

/// Record indices of a long-format file grouped by its incident id column.
fn group(src: &Source, col: &str, errors: &mut Vec<InputError>) -> BTreeMap<String, Vec<usize>> {
    let mut g: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (k, r) in src.rows().enumerate() {
        let id = r.get(col);
        if id.is_empty() || !id.bytes().all(|c| c.is_ascii_digit()) {
            errors.push(r.error(col, format!("`{id}` is not an incident id (digits)")));
            continue;
        }
        g.entry(id.to_string()).or_default().push(k);
    }
    g
}

fn rows_of<'a>(src: &'a Source, g: &BTreeMap<String, Vec<usize>>, id: &str) -> Vec<Rec<'a>> {
    let all: Vec<Rec<'a>> = src.rows().collect();
    g.get(id)
        .map(|ks| ks.iter().map(|&k| all[k]).collect())
        .unwrap_or_default()
}

fn unmatched(
    b: &mut Builder,
    src: &Source,
    g: &BTreeMap<String, Vec<usize>>,
    ids: &BTreeSet<&str>,
    col: &str,
    rule: &'static str,
) {
    let all: Vec<Rec> = src.rows().collect();
    for (id, ks) in g {
        if !ids.contains(id.as_str()) {
            for &k in ks {
                b.note(
                    &all[k].at(),
                    col,
                    rule,
                    format!("incident {id} is not in the Global Database"),
                );
            }
        }
    }
}

// ------------------------------------------------------------------ parsing one row

/// A Global Database row, parsed and checked (no mapping yet).
struct Row {
    id: String,
    name: String,
    start: Option<(Date, bool)>,
    end: Option<(Date, bool)>,
    receiver_country: Vec<Option<String>>,
    receiver_category: Vec<Vec<Option<String>>>,
    receiver_subcode: Vec<Vec<Option<String>>>,
    initiator_name: Vec<Option<String>>,
    initiator_country: Vec<Option<String>>,
    initiator_category: Vec<Option<String>>,
    initiator_subcode: Vec<Option<String>>,
    vector: (&'static str, &'static str),
    effect: (&'static str, &'static str),
    severity: &'static str,
    physical_widespread: bool,
    loss: Option<(u64, &'static str)>,
    casualties: u64,
}

/// Parses a Python list cell: strings and `None` (empty cell: no list).
fn flat(r: &Rec, col: &str, errors: &mut Vec<InputError>) -> Vec<Option<String>> {
    let v = r.get(col);
    if v.is_empty() {
        return Vec::new();
    }
    match parse_list(v) {
        Ok(items) => items
            .into_iter()
            .map(|i| match i {
                PyValue::Str(s) => Some(s),
                PyValue::None => None,
                PyValue::List(_) => {
                    errors.push(r.error(col, "a list inside the list; expected strings".into()));
                    None
                }
            })
            .collect(),
        Err(m) => {
            errors.push(r.error(col, format!("not a Python list literal: {m}")));
            Vec::new()
        }
    }
}

/// Parses a nested Python list cell (`[['a', 'b'], ['c']]`).
fn nested(r: &Rec, col: &str, errors: &mut Vec<InputError>) -> Vec<Vec<Option<String>>> {
    let v = r.get(col);
    if v.is_empty() {
        return Vec::new();
    }
    match parse_list(v) {
        Ok(items) => items
            .into_iter()
            .map(|i| match i {
                PyValue::List(inner) => inner
                    .into_iter()
                    .map(|x| x.as_str().map(str::to_string))
                    .collect(),
                PyValue::Str(s) => vec![Some(s)],
                PyValue::None => vec![None],
            })
            .collect(),
        Err(m) => {
            errors.push(r.error(col, format!("not a Python list literal: {m}")));
            Vec::new()
        }
    }
}

/// The error for a value of column `col` outside the mapping's list `known` of `what`s.
fn unknown(r: &Rec, col: &str, what: &str, value: &str, known: &[&str]) -> InputError {
    r.error(
        col,
        format!(
            "unknown {what} `{value}`; the mapping knows: {}",
            known.join(", ")
        ),
    )
}

/// A value of a closed set: its index in `known`, or an error listing them.
fn closed(r: &Rec, col: &str, known: &[&str], errors: &mut Vec<InputError>) -> Option<usize> {
    let v = r.get(col);
    match known.iter().position(|k| *k == v) {
        Some(i) => Some(i),
        None => {
            errors.push(r.error(
                col,
                format!(
                        "unknown value `{v}`; the mapping knows: {}",
                        known
                            .iter()
                            .map(|k| if k.is_empty() {
                                "(empty)".to_string()
                            } else {
                                format!("`{k}`")
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
            ));
            None
        }
    }
}

/// Whether a coded value starts with one of `prefixes` (the codes carry a long explanation
/// after their name); `none`, `Not available` and empty are "not recorded".
fn coded(r: &Rec, col: &str, prefixes: &[&str], errors: &mut Vec<InputError>) -> Option<usize> {
    let v = r.get(col);
    if matches!(v, "" | "none" | "Not available") {
        return None;
    }
    match prefixes.iter().position(|p| v.starts_with(p)) {
        Some(i) => Some(i),
        None => {
            errors.push(r.error(
                col,
                format!(
                    "unknown value `{v}`; the mapping knows values starting with {}, `none`, \
                     `Not available` and (empty)",
                    prefixes.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                ),
            ));
            None
        }
    }
}

const INCIDENT_TYPES: &[&str] = &[
    "Disruption",
    "Data theft",
    "Hijacking with Misuse",
    "Data theft & Doxing",
    "Hijacking without Misuse",
    "Ransomware",
];

const INITIATOR_CATEGORIES: &[&str] = &[
    "State",
    "Non-state actor, state-affiliation suggested",
    "Non-state-group",
    "Individual hacker(s)",
    "Unknown - not attributed",
    "Not available",
];

impl Row {
    fn parse(r: Rec, errors: &mut Vec<InputError>) -> Option<Row> {
        let before = errors.len();
        let id = r.get("ID").to_string();
        if id.is_empty() || !id.bytes().all(|c| c.is_ascii_digit()) {
            errors.push(r.error("ID", format!("`{id}` is not an incident id (digits)")));
        }
        let date = |col: &str, errors: &mut Vec<InputError>| {
            let v = r.get(col);
            if v.is_empty() {
                return None;
            }
            match parse_date(v) {
                Ok(d) => Some(d),
                Err(m) => {
                    errors.push(r.error(col, m));
                    None
                }
            }
        };
        let start = date("start_date", errors);
        let end = date("end_date", errors);
        let incident_type: Vec<String> = r
            .get("incident_type")
            .split("; ")
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        for t in &incident_type {
            if !INCIDENT_TYPES.contains(&t.as_str()) {
                errors.push(unknown(
                    &r,
                    "incident_type",
                    "incident type",
                    t,
                    INCIDENT_TYPES,
                ));
            }
        }
        let initiator_category = flat(&r, "initiator_category", errors);
        for c in initiator_category.iter().flatten() {
            if !INITIATOR_CATEGORIES.contains(&c.as_str()) {
                errors.push(unknown(
                    &r,
                    "initiator_category",
                    "initiator category",
                    c,
                    INITIATOR_CATEGORIES,
                ));
            }
        }
        let receiver_category = nested(&r, "receiver_category", errors);
        let receiver_subcode = nested(&r, "receiver_category_subcode", errors);
        for (k, cats) in receiver_category.iter().enumerate() {
            for (j, c) in cats.iter().enumerate() {
                let sub = receiver_subcode
                    .get(k)
                    .and_then(|s| s.get(j))
                    .cloned()
                    .flatten()
                    .unwrap_or_default();
                if let Err(m) = sector(c.as_deref().unwrap_or(""), &sub) {
                    errors.push(r.error("receiver_category", m));
                }
            }
        }

        // Vector, effect, severity (docs/importers.md, "Incidents").
        let initial = r.get("MITRE_initial_access");
        let impact = r.get("MITRE_impact");
        let zero_day = closed(
            &r,
            "zero_days",
            &["Yes", "No", "Not available", "Unknown", ""],
            errors,
        ) == Some(0);
        let has = |t: &str| incident_type.iter().any(|x| x == t);
        let vector = if initial.split("; ").any(|x| x == "Supply Chain Compromise") {
            ("supply_chain", "VECTOR-SUPPLY-CHAIN")
        } else if has("Ransomware") || impact.split("; ").any(|x| x == "Data Encrypted for Impact")
        {
            ("ransomware", "VECTOR-RANSOMWARE")
        } else if impact
            .split("; ")
            .any(|x| x == "Network Denial of Service" || x == "Endpoint Denial of Service")
        {
            ("ddos", "VECTOR-DDOS")
        } else if zero_day
            || initial
                .split("; ")
                .any(|x| x == "Exploit Public-Facing Application" || x == "Drive-By Compromise")
        {
            ("exploit", "VECTOR-EXPLOIT")
        } else if impact.split("; ").any(|x| {
            matches!(
                x,
                "Disk Wipe"
                    | "Data Destruction"
                    | "Firmware Corruption"
                    | "Inhibit System Recovery"
            )
        }) {
            ("malware", "VECTOR-MALWARE")
        } else {
            ("intrusion", "VECTOR-INTRUSION")
        };
        let spatial = coded(
            &r,
            "physical_effects_spatial",
            &["Local effects", "Widespread effects"],
            errors,
        );
        let temporal = coded(
            &r,
            "physical_effects_temporal",
            &["Short duration", "Long lasting effects"],
            errors,
        );
        let disruption = coded(
            &r,
            "disruption",
            &["Short-term disruption", "Long-term disruption"],
            errors,
        );
        let theft = coded(
            &r,
            "data_theft",
            &[
                "For private / commercial targets: non-sensitive",
                "For private / commercial targets: sensitive",
            ],
            errors,
        );
        let hijacking = coded(
            &r,
            "hijacking",
            &["Hijacking, not used", "Hijacking, system misuse"],
            errors,
        );
        let has_disruption =
            closed(&r, "has_disruption", &["True", "False", ""], errors) == Some(0);
        let impact_level = closed(
            &r,
            "impact_indicator",
            &[
                "",
                "Not available",
                "Minor",
                "Low",
                "Medium",
                "High",
                "Very high",
            ],
            errors,
        );
        let physical = spatial.is_some() || temporal.is_some();
        let effect = if physical {
            ("physical", "EFFECT-PHYSICAL")
        } else if disruption.is_some() || has_disruption || has("Disruption") || has("Ransomware") {
            ("functionality", "EFFECT-FUNCTIONALITY")
        } else {
            ("confidentiality", "EFFECT-CONFIDENTIALITY")
        };
        // The highest level any recorded intensity reaches (docs/importers.md, SEVERITY).
        let mut level = 0; // low
        if spatial == Some(1) || temporal == Some(1) {
            level = level.max(2); // high
        } else if physical {
            level = level.max(1); // moderate
        }
        if disruption == Some(1) {
            level = level.max(1);
        }
        if theft == Some(1) {
            level = level.max(1);
        }
        let _ = hijacking;
        match impact_level {
            Some(4) => level = level.max(1),
            Some(5) => level = level.max(2),
            Some(6) => level = level.max(3),
            _ => {}
        }
        let severity = ["low", "moderate", "high", "severe"][level];

        let value = r.get("economic_impact_exact_value");
        let currency = r.get("economic_impact_currency");
        let loss = if value.is_empty() {
            None
        } else {
            match value.parse::<f64>() {
                Ok(x) if x >= 0.0 && x.fract() == 0.0 && x < 1e18 => {
                    let x = x as u64;
                    match (x, currency) {
                        (0, _) => None,
                        (x, "dollar") => Some((x, "LOSS-USD")),
                        (x, "euro") => Some((x, "LOSS-NOT-USD")),
                        (_, c) => {
                            errors.push(r.error(
                                "economic_impact_currency",
                                format!(
                                    "unknown currency `{c}`; the mapping knows `dollar`, `euro`"
                                ),
                            ));
                            None
                        }
                    }
                }
                _ => {
                    errors.push(r.error(
                        "economic_impact_exact_value",
                        format!("`{value}` is not a whole amount ≥ 0"),
                    ));
                    None
                }
            }
        };
        let cas = r.get("casualties");
        let casualties = if cas.is_empty() {
            0
        } else {
            match cas.parse::<f64>() {
                Ok(x) if x >= 0.0 && x.fract() == 0.0 && x < 1e9 => x as u64,
                _ => {
                    errors
                        .push(r.error("casualties", format!("`{cas}` is not a whole number ≥ 0")));
                    0
                }
            }
        };
        let row = Row {
            id,
            name: r.get("name").to_string(),
            start,
            end,
            receiver_country: flat(&r, "receiver_country", errors),
            receiver_category,
            receiver_subcode,
            initiator_name: flat(&r, "initiator_name", errors),
            initiator_country: flat(&r, "initiator_country", errors),
            initiator_category,
            initiator_subcode: flat(&r, "initiator_category_subcode", errors),
            vector,
            effect,
            severity,
            physical_widespread: spatial == Some(1),
            loss,
            casualties,
        };
        // Check the "; "-joined columns' dates and legal response types up front.
        for col in [
            "attribution_date",
            "political_response_date",
            "legal_response_date",
        ] {
            for d in split(r.get(col)) {
                if !d.is_empty() && d != "NaT" {
                    if let Err(m) = parse_date(d) {
                        errors.push(r.error(col, m));
                    }
                }
            }
        }
        for t in split(r.get("legal_response_type")) {
            if legal_kind(t).is_none() {
                errors.push(unknown(
                    &r,
                    "legal_response_type",
                    "legal response type",
                    t,
                    LEGAL_TYPES,
                ));
            }
        }
        (errors.len() == before).then_some(row)
    }
}

/// Splits a `"; "`-joined cell (empty: no items).
fn split(v: &str) -> Vec<&str> {
    if v.is_empty() {
        Vec::new()
    } else {
        v.split(';').map(str::trim).collect()
    }
}

/// Aligns `"; "`-joined columns by position: every non-empty column must have as many items
/// as the longest; an empty column is "not recorded" at every position. `None` if unaligned.
fn align<'a>(r: &Rec<'a>, cols: &[&str]) -> Option<Vec<Vec<&'a str>>> {
    let lists: Vec<Vec<&'a str>> = cols.iter().map(|c| split(r.get(c))).collect();
    let n = lists.iter().map(Vec::len).max().unwrap_or(0);
    if lists.iter().any(|l| !l.is_empty() && l.len() != n) {
        return None;
    }
    Some(
        (0..n)
            .map(|k| {
                lists
                    .iter()
                    .map(|l| l.get(k).copied().unwrap_or(""))
                    .collect()
            })
            .collect(),
    )
}

// ------------------------------------------------------------------ sectors

/// The receiver categories and their sub-codes, mapped to sectors (`None`: no sector of the
/// data model; TARGET-NO-SECTOR). An unknown category or sub-code is an error.
pub fn sector(category: &str, subcode: &str) -> Result<Option<&'static str>, String> {
    const STATE: &str = "State institutions / political system";
    const CI: &str = "Critical infrastructure";
    let s = match (category, subcode) {
        (STATE, "" | "Government / ministries" | "Civil service / administration") => Some("government"),
        (STATE, "Intelligence agencies" | "Judiciary" | "Other (e.g., embassies)") => Some("government"),
        (STATE, "Election infrastructure / related systems" | "Political parties") => Some("elections"),
        (STATE, "Legislative") => Some("parliament"),
        (STATE, "Police") => Some("law_enforcement"),
        (STATE, "Military") => Some("military"),
        (CI, "Energy") => Some("energy"),
        (CI, "Water") => Some("water"),
        (CI, "Health") => Some("health"),
        (CI, "Finance") => Some("finance"),
        (CI, "Telecommunications") => Some("telecom"),
        (CI, "Transportation") => Some("transport"),
        (CI, "Food") => Some("food"),
        (CI, "Chemicals" | "Critical Manufacturing" | "Defence industry") => Some("industry"),
        (CI, "" | "Space") => None,
        ("International / supranational organization", "") => Some("international_org"),
        (c, "") if c.starts_with("Corporate Targets") => Some("private"),
        ("Media" | "Science" | "End user(s) / specially protected groups", "") => Some("private"),
        ("Social groups", _) => Some("private"),
        ("Other" | "Unknown" | "Not available" | "", "") => None,
        (c, "") => return Err(format!("unknown receiver category `{c}`; the sector table in docs/importers.md does not list it")),
        (c, s) => {
            return Err(format!(
                "unknown receiver category `{c}` with sub-code `{s}`; the sector table in docs/importers.md does not list it"
            ))
        }
    };
    Ok(s)
}

// ------------------------------------------------------------------ legal responses

const LEGAL_TYPES: &[&str] = &[
    "Peaceful means: Retorsion (International Law)",
    "Other legal measures on national level (e.g. law enforcement investigations, arrests)",
    "Proclamation of public emergency (national level)",
    "No justification under IL",
    "Not available",
    "(empty)",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Legal {
    Retorsion,
    National,
    Emergency,
    None,
}

fn legal_kind(t: &str) -> Option<Legal> {
    Some(match t {
        "Peaceful means: Retorsion (International Law)" => Legal::Retorsion,
        "Other legal measures on national level (e.g. law enforcement investigations, arrests)" => {
            Legal::National
        }
        "Proclamation of public emergency (national level)" => Legal::Emergency,
        "No justification under IL" | "Not available" | "" => Legal::None,
        _ => return None,
    })
}

// ------------------------------------------------------------------ actors

/// Actor ids, keyed by the coding (normalised name, kind, state) so that one group coded
/// as a state organ in one incident and as a proxy in another stays two actors, and the
/// same coding in two incidents is one actor.
#[derive(Default)]
struct Actors {
    ids: HashMap<(String, &'static str, String), String>,
    taken: BTreeSet<String>,
}

/// A slug of the first alias of a name: `Fancy Bear/APT28/…` → `fancy-bear`.
pub fn slug(name: &str) -> String {
    let first = name.split('/').next().unwrap_or(name);
    let mut s = String::new();
    for c in first.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-');
    let s: String = s.chars().take(40).collect();
    if s.is_empty() {
        "actor".into()
    } else {
        s.trim_end_matches('-').to_string()
    }
}

impl Actors {
    /// The id of an actor coding; new ids are `SLUG-STATE-KIND` (`-2`, `-3` on a clash).
    fn id(&mut self, name: &str, kind: &'static str, state: &str) -> (String, bool) {
        let key = (
            super::writer::clean(name).to_lowercase(),
            kind,
            state.to_string(),
        );
        if let Some(id) = self.ids.get(&key) {
            return (id.clone(), false);
        }
        let short = match kind {
            "state_organ" => "organ",
            "criminal_group" => "group",
            other => other,
        };
        let base = if state.is_empty() {
            format!("{}-{short}", slug(name))
        } else {
            format!("{}-{}-{short}", slug(name), state.to_lowercase())
        };
        let mut id = base.clone();
        let mut k = 2;
        while !self.taken.insert(id.clone()) {
            id = format!("{base}-{k}");
            k += 1;
        }
        self.ids.insert(key, id.clone());
        (id, true)
    }
}

// ------------------------------------------------------------------ mapping

struct Mapper {
    b: Builder,
    states: States,
    actors: Actors,
}

/// `None`, empty and the placeholders EuRepoC writes for a missing value.
fn missing(v: &Option<String>) -> bool {
    match v.as_deref() {
        None => true,
        Some(s) => matches!(s.trim(), "" | "Not available" | "Unknown" | "None" | "nan"),
    }
}

impl Mapper {
    /// Maps one incident; false if it was skipped.
    fn incident(
        &mut self,
        row: &Row,
        rec: Rec,
        atts: Option<Vec<Rec>>,
        recvs: Option<Vec<Rec>>,
    ) -> bool {
        let at = rec.at();
        let id = incident_id(&row.id);
        let Some((start, start_zero)) = row.start else {
            self.b.note(
                &at,
                "start_date",
                "SKIP-NO-START",
                format!("incident {} has no start date: not written", row.id),
            );
            return false;
        };
        let mut prov = Prov::new(&at, "ID, name, start_date, end_date", "EU-INCIDENT");
        if start_zero || row.end.is_some_and(|e| e.1) {
            self.b.count("DATE-TIME-ZERO");
            prov = prov.with("DATE-TIME-ZERO");
        }
        if start.month() == 1 && start.day() == 1 {
            self.b.count("START-JANUARY-1");
            prov = prov.with("START-JANUARY-1");
        }
        let end = match row.end {
            None => {
                self.b.note(
                    &at,
                    "end_date",
                    "END-MISSING",
                    format!(
                        "no end date: end set to {} (the start day only)",
                        next_day(start)
                    ),
                );
                prov = prov.with("END-MISSING");
                next_day(start)
            }
            Some((e, _)) if e == start => {
                self.b.count("END-SAME-DAY");
                prov = prov.with("END-SAME-DAY");
                next_day(start)
            }
            Some((e, _)) if e < start => {
                self.b.note(
                    &at,
                    "end_date",
                    "END-BEFORE-START",
                    format!(
                        "end date {e} is before the start {start}: read as unknown, end set to {}",
                        next_day(start)
                    ),
                );
                prov = prov.with("END-BEFORE-START");
                next_day(start)
            }
            Some((e, _)) => {
                self.b.count("END-INCLUSIVE");
                prov = prov.with("END-INCLUSIVE");
                next_day(e)
            }
        };
        prov.columns.push_str(", incident_type, MITRE_initial_access, MITRE_impact, zero_days, has_disruption, data_theft, disruption, hijacking, physical_effects_spatial, physical_effects_temporal, impact_indicator");
        let (vector, vrule) = row.vector;
        let (effect, erule) = row.effect;
        self.b.count(vrule);
        self.b.count(erule);
        self.b.count("SEVERITY");
        prov = prov.with(vrule).with(erule).with("SEVERITY");
        let loss = match row.loss {
            Some((x, "LOSS-USD")) => {
                self.b.count("LOSS-USD");
                prov = prov.with("LOSS-USD");
                prov.columns
                    .push_str(", economic_impact_exact_value, economic_impact_currency");
                x
            }
            Some((x, _)) => {
                self.b.note(
                    &at,
                    "economic_impact_exact_value, economic_impact_currency",
                    "LOSS-NOT-USD",
                    format!("economic impact {x} in euro: not converted, loss_usd left at 0"),
                );
                0
            }
            None => 0,
        };
        let title = if row.name.trim().is_empty() {
            format!("EuRepoC incident {}", row.id)
        } else {
            row.name.clone()
        };

        // Targets first: the scale depends on how many states were hit.
        // A companion file that does not list the incident leaves the Global Database's own
        // columns as the source (RECEIVER-NOT-LISTED): nothing the user gave is dropped.
        let target_states = match recvs {
            Some(rs) if !rs.is_empty() => self.targets_from_receiver(&id, &rs),
            Some(_) => {
                self.b.note(
                    &at,
                    "receiver_country",
                    "RECEIVER-NOT-LISTED",
                    format!("the receiver file lists no receiver of incident {}: the Global Database's receiver columns are read", row.id),
                );
                self.targets_from_global(&id, row, &at)
            }
            None => self.targets_from_global(&id, row, &at),
        };
        let scale = if target_states > 1 || row.physical_widespread {
            "broad"
        } else {
            "targeted"
        };
        self.b.count("SCALE");
        prov = prov.with("SCALE");
        self.b.count("EU-INCIDENT");
        self.b.row(
            InputFile::Incidents,
            vec![
                id.clone(),
                title,
                start.to_string(),
                end.to_string(),
                vector.into(),
                effect.into(),
                row.severity.into(),
                scale.into(),
                row.casualties.to_string(),
                loss.to_string(),
                source_text(&row.id),
            ],
            prov,
        );
        let origins = self.origins(&id, row, &at);
        self.perpetrators(&id, row, &at);
        match atts {
            Some(rs) if !rs.is_empty() => self.reports_from_attribution(&id, start, &rs),
            Some(_) => {
                self.b.note(
                    &at,
                    "attribution_date",
                    "ATTRIBUTION-NOT-LISTED",
                    format!("the attribution file lists no attribution of incident {}: the Global Database's attribution columns are read", row.id),
                );
                self.reports_from_global(&id, start, &rec)
            }
            None => self.reports_from_global(&id, start, &rec),
        }
        self.political(&id, &origins, &rec);
        self.legal(&id, row.severity, &origins, &rec);
        true
    }

    fn target(
        &mut self,
        incident: &str,
        country: &str,
        category: &str,
        subcode: &str,
        at: &str,
        cols: String,
    ) -> Option<String> {
        let sector = sector(category, subcode).ok().flatten();
        let state = match self.states.resolve(&mut self.b, country, at, &cols) {
            Resolved::State(s) => s,
            Resolved::NotAState(what) => {
                self.b.note(
                    at,
                    cols,
                    "TARGET-NOT-A-STATE",
                    format!("receiver `{country}` is {what}: no targets row"),
                );
                return None;
            }
            Resolved::Unmapped => return None,
        };
        let Some(sector) = sector else {
            let cat = if subcode.is_empty() {
                category.to_string()
            } else {
                format!("{category} / {subcode}")
            };
            self.b.note(at, cols, "TARGET-NO-SECTOR", format!("receiver category `{cat}` of {country} has no sector of the data model: no targets row"));
            return Some(state);
        };
        self.b.count("TARGET");
        self.b.row(
            InputFile::Targets,
            vec![incident.into(), state.clone(), sector.into()],
            Prov::new(at, cols, "TARGET"),
        );
        Some(state)
    }

    /// Targets from the Global Database's receiver lists; returns the number of target states.
    fn targets_from_global(&mut self, incident: &str, row: &Row, at: &str) -> usize {
        let countries = &row.receiver_country;
        let cats = &row.receiver_category;
        let subs = &row.receiver_subcode;
        let text = |v: Option<&Option<String>>| v.cloned().flatten().unwrap_or_default();
        let item = |k: usize, j: usize| {
            (
                text(cats.get(k).and_then(|c| c.get(j))),
                text(subs.get(k).and_then(|c| c.get(j))),
            )
        };
        // (country, category, sub-code, columns) for every receiver.
        let mut receivers: Vec<(String, String, String, String)> = Vec::new();
        let distinct: BTreeSet<&str> = countries.iter().flatten().map(String::as_str).collect();
        if countries.len() == cats.len() {
            for (k, c) in countries.iter().enumerate() {
                for j in 0..cats[k].len() {
                    let (cat, sub) = item(k, j);
                    receivers.push((
                        text(Some(c)),
                        cat,
                        sub,
                        format!("receiver_country[{k}] receiver_category[{k}][{j}] receiver_category_subcode[{k}][{j}]"),
                    ));
                }
                if cats[k].is_empty() {
                    receivers.push((
                        text(Some(c)),
                        String::new(),
                        String::new(),
                        format!("receiver_country[{k}] receiver_category[{k}]"),
                    ));
                }
            }
        } else if cats.is_empty() {
            for (k, c) in countries.iter().enumerate() {
                receivers.push((
                    text(Some(c)),
                    String::new(),
                    String::new(),
                    format!("receiver_country[{k}] receiver_category"),
                ));
            }
        } else if distinct.len() == 1 {
            let country = distinct.iter().next().copied().unwrap_or("").to_string();
            self.b.note(
                at,
                "receiver_country, receiver_category",
                "TARGET-ONE-COUNTRY",
                format!("{} countries against {} category lists, all naming {country}: every category belongs to it", countries.len(), cats.len()),
            );
            for (k, c) in cats.iter().enumerate() {
                for j in 0..c.len() {
                    let (cat, sub) = item(k, j);
                    receivers.push((
                        country.clone(),
                        cat,
                        sub,
                        format!("receiver_country receiver_category[{k}][{j}] receiver_category_subcode[{k}][{j}]"),
                    ));
                }
            }
        } else {
            self.b.note(
                at,
                "receiver_country, receiver_category",
                "TARGET-UNALIGNED",
                format!("{} receiver countries against {} category lists: which category belongs to which country is not recorded; no targets row", countries.len(), cats.len()),
            );
        }
        let mut states = BTreeSet::new();
        for (country, cat, sub, cols) in receivers {
            let country = if country.is_empty() {
                "None".to_string()
            } else {
                country
            };
            if let Some(s) = self.target(incident, &country, &cat, &sub, at, cols) {
                states.insert(s);
            }
        }
        states.len()
    }

    /// Targets from the Receiver dataset's rows.
    fn targets_from_receiver(&mut self, incident: &str, rows: &[Rec]) -> usize {
        let mut states = BTreeSet::new();
        for r in rows {
            let at = r.at();
            if let Some(s) = self.target(
                incident,
                r.get("receiver_country"),
                r.get("receiver_category"),
                r.get("receiver_category_subcode"),
                &at,
                "receiver_country, receiver_category, receiver_category_subcode".into(),
            ) {
                states.insert(s);
            }
        }
        states.len()
    }

    /// Origins from the initiator countries; returns the origin states.
    fn origins(&mut self, incident: &str, row: &Row, at: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (k, c) in row.initiator_country.iter().enumerate() {
            let cols = format!("initiator_country[{k}]");
            let name = c.clone().unwrap_or_else(|| "None".into());
            match self.states.resolve(&mut self.b, &name, at, &cols) {
                Resolved::State(s) => {
                    if out.insert(s.clone()) {
                        self.b.count("ORIGIN");
                        self.b.row(
                            InputFile::Origins,
                            vec![incident.into(), s, "jurisdiction".into()],
                            Prov::new(at, cols, "ORIGIN"),
                        );
                    }
                }
                Resolved::NotAState(what) => self.b.note(
                    at,
                    cols,
                    "ORIGIN-NOT-A-STATE",
                    format!("initiator country `{name}` is {what}: no origins row"),
                ),
                Resolved::Unmapped => {}
            }
        }
        out
    }

    /// Actors and perpetrators from the aligned initiator lists.
    fn perpetrators(&mut self, incident: &str, row: &Row, at: &str) {
        let (names, countries, cats) = (
            &row.initiator_name,
            &row.initiator_country,
            &row.initiator_category,
        );
        let n = names.len().max(countries.len()).max(cats.len());
        let fits = |l: usize| l == n || l == 0;
        if !(fits(names.len()) && fits(countries.len()) && fits(cats.len())) {
            self.b.note(
                at,
                "initiator_name, initiator_country, initiator_category",
                "INITIATOR-UNALIGNED",
                format!(
                    "{} initiator names, {} countries and {} categories: which belongs to which is not recorded; no perpetrators",
                    names.len(), countries.len(), cats.len()
                ),
            );
            return;
        }
        for k in 0..n {
            let cols = format!("initiator_name[{k}] initiator_country[{k}] initiator_category[{k}] initiator_category_subcode[{k}]");
            let name = names.get(k).cloned().flatten();
            let country = countries.get(k).cloned().flatten();
            let category = cats.get(k).cloned().flatten().unwrap_or_default();
            let subcode = row
                .initiator_subcode
                .get(k)
                .cloned()
                .flatten()
                .unwrap_or_default();
            let (kind, rule) = match category.as_str() {
                "State" => ("state_organ", "ACTOR-STATE-ORGAN"),
                "Non-state actor, state-affiliation suggested" => ("proxy", "ACTOR-PROXY"),
                "Non-state-group" if subcode.starts_with("Private technology companies") => {
                    ("company", "ACTOR-GROUP")
                }
                "Non-state-group" => ("criminal_group", "ACTOR-GROUP"),
                "Individual hacker(s)" => ("individual", "ACTOR-INDIVIDUAL"),
                other => {
                    let what = if other.is_empty() {
                        "empty".to_string()
                    } else {
                        format!("`{other}`")
                    };
                    self.b.note(
                        at,
                        cols,
                        "ACTOR-NOT-ATTRIBUTED",
                        format!("initiator category {what}: no perpetrator"),
                    );
                    continue;
                }
            };
            // The initiator's state (home state; required for a state organ).
            let state = match &country {
                Some(c) if !missing(&country) => match self.states.resolve(
                    &mut self.b,
                    c,
                    at,
                    &format!("initiator_country[{k}]"),
                ) {
                    Resolved::State(s) => Some(s),
                    _ => None,
                },
                _ => None,
            };
            let named = !missing(&name);
            let (display, state) = match (kind, named, state) {
                ("state_organ", _, None) => {
                    self.b.note(at, cols, "ACTOR-STATE-WITHOUT-COUNTRY", format!(
                        "a `State` initiator{} whose country `{}` is not a state: no perpetrator",
                        name.as_deref().filter(|_| named).map(|n| format!(" ({n})")).unwrap_or_default(),
                        country.as_deref().unwrap_or("None")
                    ));
                    continue;
                }
                ("state_organ", false, Some(s)) => {
                    let n = super::countries::lookup(country.as_deref().unwrap_or(""))
                        .and_then(|e| e.place.state().map(|(_, n)| n.to_string()))
                        .unwrap_or_else(|| s.clone());
                    (format!("unnamed organ of {n}"), Some(s))
                }
                (_, false, _) => {
                    self.b.note(
                        at,
                        cols,
                        "ACTOR-NOT-ATTRIBUTED",
                        format!("a {kind} initiator without a name: no perpetrator"),
                    );
                    continue;
                }
                (_, true, s) => (super::writer::clean(name.as_deref().unwrap_or("")), s),
            };
            let state_id = state.clone().unwrap_or_default();
            let (actor, new) = self.actors.id(&display, kind, &state_id);
            if new {
                self.b.row(
                    InputFile::Actors,
                    vec![
                        actor.clone(),
                        display.clone(),
                        kind.into(),
                        state_id.clone(),
                    ],
                    Prov::new(at, cols.clone(), "ACTOR").with(rule),
                );
            }
            self.b.count(rule);
            self.b.row(
                InputFile::Perpetrators,
                vec![incident.into(), actor],
                Prov::new(at, cols, "ACTOR").with(rule),
            );
        }
    }

    /// A dated attribution → a public report; `None` if there is none to write (noted).
    fn report_date(
        &mut self,
        start: Date,
        date: &str,
        at: &str,
        cols: &str,
    ) -> Option<(Date, bool)> {
        if date.is_empty() || date == "NaT" {
            self.b.note(
                at,
                cols,
                "REPORT-NO-DATE",
                "an attribution without a date: no public_report event".into(),
            );
            return None;
        }
        let (mut d, _) = parse_date(date).ok()?;
        let mut year_only = false;
        if d.month() == 1 && d.day() == 1 {
            year_only = true;
            d = Date::new(d.year(), 12, 31).unwrap_or(d);
        }
        if d < start {
            self.b.note(at, cols, "REPORT-BEFORE-START", format!(
                "an attribution dated {date}{} is before the incident's start {start}: no public_report event",
                if year_only { format!(" (read as {d})") } else { String::new() }
            ));
            return None;
        }
        Some((d, year_only))
    }

    fn report(&mut self, incident: &str, by_date: BTreeMap<Date, (Vec<String>, bool, Prov)>) {
        for (d, (who, year_only, prov)) in by_date {
            let mut who: Vec<String> = who.into_iter().filter(|w| !w.is_empty()).collect();
            who.dedup();
            let detail = if who.is_empty() {
                "EuRepoC attribution".to_string()
            } else {
                format!("EuRepoC attribution: {}", who.join(" ; "))
            };
            self.b.count("REPORT");
            if year_only {
                self.b.count("REPORT-YEAR-ONLY");
            }
            self.b.row(
                InputFile::Events,
                vec![
                    d.to_string(),
                    "public_report".into(),
                    String::new(),
                    String::new(),
                    incident.into(),
                    detail,
                ],
                prov,
            );
        }
    }

    fn attribution_text(basis: &str, actor: &str, country: &str) -> String {
        let mut s = basis.to_string();
        if !actor.is_empty() && actor != "Not available" {
            s.push_str(&format!(" by {actor}"));
        }
        if !matches!(country, "" | "Not available" | "nan" | "Unknown") {
            s.push_str(&format!(" ({country})"));
        }
        s
    }

    fn reports_from_global(&mut self, incident: &str, start: Date, rec: &Rec) {
        let at = rec.at();
        let cols = [
            "attribution_date",
            "attribution_basis",
            "attributing_actor",
            "attributing_country",
        ];
        let dates = split(rec.get("attribution_date"));
        let aligned = align(rec, &cols);
        let mut by_date: BTreeMap<Date, (Vec<String>, bool, Prov)> = BTreeMap::new();
        for (k, d) in dates.iter().enumerate() {
            let c = format!("attribution_date[{k}]");
            let Some((date, year_only)) = self.report_date(start, d, &at, &c) else {
                continue;
            };
            let text = match &aligned {
                Some(rows) => Self::attribution_text(rows[k][1], rows[k][2], rows[k][3]),
                None => String::new(),
            };
            let e = by_date
                .entry(date)
                .or_insert_with(|| (Vec::new(), false, Prov::new(&at, c.clone(), "REPORT")));
            e.0.push(text);
            e.1 |= year_only;
            if year_only {
                e.2 = e.2.clone().with("REPORT-YEAR-ONLY");
            }
            if !e.2.columns.split(' ').any(|x| x == c) {
                e.2.columns.push(' ');
                e.2.columns.push_str(&c);
            }
        }
        self.report(incident, by_date);
    }

    fn reports_from_attribution(&mut self, incident: &str, start: Date, rows: &[Rec]) {
        let mut by_date: BTreeMap<Date, (Vec<String>, bool, Prov)> = BTreeMap::new();
        for r in rows {
            let at = r.at();
            let Some((date, year_only)) =
                self.report_date(start, r.get("attribution_date"), &at, "attribution_date")
            else {
                continue;
            };
            let text = Self::attribution_text(
                r.get("attribution_basis"),
                r.get("attributing_actor"),
                r.get("attributing_country"),
            );
            let e = by_date.entry(date).or_insert_with(|| {
                (Vec::new(), false, Prov::new(&at, "attribution_date, attribution_basis, attributing_actor, attributing_country", "REPORT"))
            });
            e.0.push(text);
            e.1 |= year_only;
            if year_only {
                e.2 = e.2.clone().with("REPORT-YEAR-ONLY");
            }
        }
        self.report(incident, by_date);
    }

    /// Concern events from political responses.
    fn political(&mut self, incident: &str, origins: &BTreeSet<String>, rec: &Rec) {
        let at = rec.at();
        let cols = [
            "political_response_date",
            "political_response_type",
            "political_response_type_subcode",
            "political_response_country",
        ];
        if cols.iter().all(|c| rec.get(c).is_empty()) {
            return;
        }
        let Some(items) = align(rec, &cols) else {
            self.b.note(&at, cols.join(", "), "POLITICAL-UNALIGNED", "political response lists of different lengths: which date, type and country belong together is not recorded; no events".into());
            return;
        };
        let actors = split(rec.get("political_response_actor"));
        let actors_fit = actors.len() == items.len();
        for (k, it) in items.iter().enumerate() {
            let c = format!("political_response_date[{k}] political_response_type[{k}] political_response_type_subcode[{k}] political_response_country[{k}]");
            let (date, ty, sub, country) = (it[0], it[1], it[2], it[3]);
            let kind = ty.split_once(": ").map(|(_, k)| k);
            let Ok((d, _)) = parse_date(date) else {
                self.b.note(
                    &at,
                    c,
                    "POLITICAL-NO-DATE",
                    format!(
                        "political response `{ty}` without a readable date (`{date}`): no event"
                    ),
                );
                continue;
            };
            let Some(kind) = kind else {
                self.b.note(
                    &at,
                    c,
                    "POLITICAL-NO-DATE",
                    format!("political response type `{ty}` cannot be read: no event"),
                );
                continue;
            };
            if kind != "Stabilizing measures" && sub != "Diplomatic protest notes" {
                self.b.note(
                    &at,
                    c,
                    "POLITICAL-NOT-A-CONCERN",
                    format!(
                        "`{ty}` ({}) is not a statement or protest: no event",
                        if sub.is_empty() { "no sub-code" } else { sub }
                    ),
                );
                continue;
            }
            let state = match self.states.resolve(
                &mut self.b,
                if country.is_empty() { "None" } else { country },
                &at,
                &c,
            ) {
                Resolved::State(s) => s,
                Resolved::NotAState(what) => {
                    self.b.note(
                        &at,
                        c,
                        "POLITICAL-NOT-A-STATE",
                        format!("political response by `{country}` ({what}): no concern event"),
                    );
                    continue;
                }
                Resolved::Unmapped => continue,
            };
            if origins.contains(&state) {
                self.b.note(
                    &at,
                    c,
                    "POLITICAL-BY-ORIGIN",
                    format!("political response by {state}, an origin state: no concern event"),
                );
                continue;
            }
            let who = if actors_fit && !actors[k].is_empty() {
                format!(" by {}", actors[k])
            } else {
                String::new()
            };
            let detail = if sub.is_empty() {
                format!("{ty}{who}")
            } else {
                format!("{sub}{who}")
            };
            self.b.count("CONCERN");
            self.b.row(
                InputFile::Events,
                vec![
                    d.to_string(),
                    "concern".into(),
                    state,
                    String::new(),
                    incident.into(),
                    detail,
                ],
                Prov::new(&at, c, "CONCERN"),
            );
        }
    }

    /// Retorsions (responses.csv) and measures by origin states from legal responses.
    fn legal(&mut self, incident: &str, severity: &str, origins: &BTreeSet<String>, rec: &Rec) {
        let at = rec.at();
        let cols = [
            "legal_response_date",
            "legal_response_type",
            "legal_response_type_subcode",
            "legal_response_country",
        ];
        if cols.iter().all(|c| rec.get(c).is_empty()) {
            return;
        }
        let Some(items) = align(rec, &cols) else {
            self.b.note(
                &at,
                cols.join(", "),
                "LEGAL-UNALIGNED",
                "legal response lists of different lengths: no rows".into(),
            );
            return;
        };
        for (k, it) in items.iter().enumerate() {
            let c = format!("legal_response_date[{k}] legal_response_type[{k}] legal_response_type_subcode[{k}] legal_response_country[{k}]");
            let (date, ty, sub, country) = (it[0], it[1], it[2], it[3]);
            let kind = legal_kind(ty).unwrap_or(Legal::None);
            if kind == Legal::None {
                self.b.note(
                    &at,
                    c,
                    "LEGAL-NOT-A-RESPONSE",
                    format!("legal response type `{ty}`: no row"),
                );
                continue;
            }
            let Ok((d, _)) = parse_date(date) else {
                self.b.note(
                    &at,
                    c,
                    "LEGAL-NOT-A-RESPONSE",
                    format!("legal response `{ty}` without a readable date (`{date}`): no row"),
                );
                continue;
            };
            let by = match self.states.resolve(
                &mut self.b,
                if country.is_empty() { "None" } else { country },
                &at,
                &c,
            ) {
                Resolved::State(s) => s,
                Resolved::NotAState(what) => {
                    let rule = if kind == Legal::Retorsion {
                        "RESPONSE-TARGET-UNKNOWN"
                    } else {
                        "LEGAL-DOMESTIC"
                    };
                    self.b.note(
                        &at,
                        c,
                        rule,
                        format!("legal response by `{country}` ({what}), not a state: no row"),
                    );
                    continue;
                }
                Resolved::Unmapped => continue,
            };
            match kind {
                Legal::Retorsion => {
                    let against: Vec<&String> = origins.iter().filter(|o| **o != by).collect();
                    if origins.len() != 1 || against.len() != 1 {
                        self.b.note(&at, c, "RESPONSE-TARGET-UNKNOWN", format!(
                            "retorsion by {by}: the initiator states are {}; against whom is not recorded: no responses row",
                            if origins.is_empty() { "none".to_string() } else { origins.iter().cloned().collect::<Vec<_>>().join(", ") }
                        ));
                        continue;
                    }
                    self.b.count("RESPONSE-RETORSION");
                    self.b.count("RESPONSE-SEVERITY");
                    let _ = sub;
                    self.b.row(
                        InputFile::Responses,
                        vec![format!("{incident}-r{}", k + 1), d.to_string(), by, against[0].clone(), incident.into(), "retorsion".into(), severity.into()],
                        Prov::new(&at, format!("{c}; initiator_country"), "RESPONSE-RETORSION").with("RESPONSE-SEVERITY"),
                    );
                }
                Legal::National if origins.contains(&by) => {
                    self.b.count("MEASURE-BY-ORIGIN");
                    self.b.row(
                        InputFile::Events,
                        vec![d.to_string(), "measure".into(), by, String::new(), incident.into(), "investigate".into()],
                        Prov::new(&at, c, "MEASURE-BY-ORIGIN"),
                    );
                }
                _ => self.b.note(&at, c, "LEGAL-DOMESTIC", format!("`{ty}` by {by}, not an origin state: a domestic measure, not a response to a state; no row")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn slugs_take_the_first_alias() {
        assert_eq!(slug("Fancy Bear/APT28/Sofacy"), "fancy-bear");
        assert_eq!(slug("APT41/BARIUM <\u{a0}Winnti"), "apt41");
        assert_eq!(slug("Gaza Cybergang 1 /Hamas"), "gaza-cybergang-1");
        assert_eq!(slug("///"), "actor");
    }

    #[test]
    fn every_receiver_category_of_eurepoc_has_a_decision() {
        assert_eq!(
            sector("State institutions / political system", "Police"),
            Ok(Some("law_enforcement"))
        );
        assert_eq!(sector("Critical infrastructure", ""), Ok(None));
        assert_eq!(sector("Media", ""), Ok(Some("private")));
        assert!(sector("Critical infrastructure", "Quantum").is_err());
        assert!(sector("Outer space", "").is_err());
    }
}
