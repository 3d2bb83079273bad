//! `diligence coverage`: for each incident and each conclusion, whether the dataset holds
//! what the rules need to decide it. A count of "0 negligent" is only worth something
//! where the facts could have given a "yes"; this says where they could not, and why.
//!
//! Each (incident, conclusion) cell is one of
//! - `yes`: the conclusion is derived;
//! - `no`: it is not, and the facts the rules need are there (the rules decided it);
//! - `missing`: it is not, and the first kind of fact the rules would need is absent from
//!   the dataset (`no origin state`, `no knowledge event and no public report during the
//!   operation`, `no institution recorded for RU`, `no capacity recorded for RU`);
//! - `n/a`: the profile cannot produce it (no due-diligence duties under `no-due-diligence`).
//!
//! The conclusions, and what each one needs (checked in this order; the first gap is
//! reported):
//! - **significance** (`significant(I, _)`): an origin state (LINK-1), a target state
//!   (LINK-2). A vector that is no cyber harm (HARM-2) decides "no".
//! - **attribution** (`attributed(I, _)`): a perpetrator (ATTR-ORGAN), and for a proxy the
//!   control relation that would make its conduct the state's (ATTR-CONTROL).
//! - **knowledge** (`knows(S, I, …)` for an origin state S): an event that tells S or is
//!   S's own (KNOW-NOTICE, KNOW-DETECT), or a public report together with an institution
//!   that gives S means of knowledge (KNOW-CONSTRUCTIVE).
//! - **DUTY-ACTION** (`obligation(S, DUTY-ACTION, I, …)`): significance, and knowledge while
//!   the operation is ongoing or imminent (the same sources of knowledge, dated before the
//!   operation's end). An operation attributed to every origin state decides "no" (own
//!   operations: conduct, not prevention).
//! - **breach** (`negligent(_, I)`): DUTY-ACTION, and the capacity of the state that owes
//!   it (CAP-1: without it no measure can be shown feasible).
//! - **wrongful** (`wrongful(_, _, I, _)`): significance; attribution (conduct, NEG-1) or a
//!   breach (negligence).
//! - **countermeasures** (`admissible(R)` for a response R about I that is not a
//!   retorsion): a response recorded, and a wrongful act it answers.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::facts::{ActorKind, Capacity, EventKind, IncidentId, Institution, Means, StateId, Time};
use crate::rules::catalogue::RuleId;
use crate::Evaluation;

/// The conclusions covered, in output order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Conclusion {
    /// `significant(I, _)`: needs an origin (LINK-1) and a target state (LINK-2).
    Significance,
    /// `attributed(I, _)`: needs a perpetrator (ATTR-ORGAN) or control of a proxy (ATTR-CONTROL).
    Attribution,
    /// `knows(S, I, …)` for an origin state: needs an event or a public report with an
    /// institution (KNOW-NOTICE, KNOW-DETECT, KNOW-CONSTRUCTIVE).
    Knowledge,
    /// `obligation(S, DUTY-ACTION, I, …)`: significance and knowledge in time.
    DutyAction,
    /// `negligent(_, I)`: DUTY-ACTION and the capacity of the state that owes it (CAP-1).
    Breach,
    /// `wrongful(_, _, I, _)`: significance, and attribution (NEG-1) or a breach.
    Wrongful,
    /// `admissible(R)` for a response about the incident: a response and a wrongful act it answers.
    Countermeasures,
}

impl Conclusion {
    /// Every conclusion, in output order.
    pub const ALL: [Conclusion; 7] = [
        Conclusion::Significance,
        Conclusion::Attribution,
        Conclusion::Knowledge,
        Conclusion::DutyAction,
        Conclusion::Breach,
        Conclusion::Wrongful,
        Conclusion::Countermeasures,
    ];

    /// The name printed (column header, CSV value, JSON key).
    pub fn name(self) -> &'static str {
        match self {
            Conclusion::Significance => "significance",
            Conclusion::Attribution => "attribution",
            Conclusion::Knowledge => "knowledge",
            Conclusion::DutyAction => "DUTY-ACTION",
            Conclusion::Breach => "breach",
            Conclusion::Wrongful => "wrongful",
            Conclusion::Countermeasures => "countermeasures",
        }
    }
}

/// One cell: what the dataset says about one conclusion for one incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Derived.
    Yes,
    /// Not derived, with the facts the rules need present.
    No,
    /// Not derived: the first missing kind of fact (`kind`, for totals) and its text.
    Missing {
        /// The kind of fact, for totals (`no origin state`).
        kind: &'static str,
        /// What is missing, for a person (`no institution recorded for RU`).
        text: String,
    },
    /// The profile cannot produce it.
    NotApplicable,
}

impl Cell {
    fn missing(kind: &'static str, text: impl Into<String>) -> Cell {
        Cell::Missing {
            kind,
            text: text.into(),
        }
    }

    /// `yes`, `no`, `missing` or `n/a`.
    pub fn status(&self) -> &'static str {
        match self {
            Cell::Yes => "yes",
            Cell::No => "no",
            Cell::Missing { .. } => "missing",
            Cell::NotApplicable => "n/a",
        }
    }

    /// The missing fact's text (empty unless missing).
    pub fn reason(&self) -> &str {
        match self {
            Cell::Missing { text, .. } => text,
            _ => "",
        }
    }

    /// True when the facts decide the conclusion (yes or no).
    pub fn decided(&self) -> bool {
        matches!(self, Cell::Yes | Cell::No)
    }
}

/// The coverage of a dataset under a profile.
#[derive(Clone, Debug)]
pub struct Coverage {
    /// The profile's name.
    pub profile: String,
    /// The evaluation time.
    pub as_of: Time,
    /// One row per incident, in incident-id order: the id and one cell per conclusion.
    pub rows: Vec<(String, IncidentId, Vec<Cell>)>,
}

/// Facts about one incident, gathered once.
#[derive(Default)]
struct Facts {
    origins: BTreeSet<StateId>,
    targets: BTreeSet<StateId>,
    perpetrators: Vec<crate::facts::ActorId>,
    /// (time, kind, by, to)
    events: Vec<(Time, EventKind, Option<StateId>, Option<StateId>)>,
    /// (response, means)
    responses: Vec<(crate::facts::ResponseId, Means)>,
}

/// Computes the coverage of an evaluation.
pub fn coverage(ev: &Evaluation) -> Coverage {
    let ds = &ev.dataset;
    let sym = &ds.symbols;
    let mut facts: BTreeMap<IncidentId, Facts> = BTreeMap::new();
    for r in &ds.incidents {
        facts.entry(r.data.id).or_default();
    }
    for r in &ds.origins {
        facts
            .entry(r.data.incident)
            .or_default()
            .origins
            .insert(r.data.state);
    }
    for r in &ds.targets {
        facts
            .entry(r.data.incident)
            .or_default()
            .targets
            .insert(r.data.state);
    }
    for r in &ds.perpetrators {
        facts
            .entry(r.data.incident)
            .or_default()
            .perpetrators
            .push(r.data.actor);
    }
    for r in &ds.events {
        let e = &r.data;
        if e.time <= ev.params.as_of {
            facts
                .entry(e.incident)
                .or_default()
                .events
                .push((e.time, e.kind, e.by, e.to));
        }
    }
    for r in &ds.responses {
        facts
            .entry(r.data.incident)
            .or_default()
            .responses
            .push((r.data.id, r.data.means));
    }
    let kind: BTreeMap<_, _> = ds.actors.iter().map(|r| (r.data.id, r.data.kind)).collect();
    let controlled: BTreeSet<_> = ds.control.iter().map(|r| r.data.controlled).collect();
    let capacity: BTreeMap<_, _> = ds
        .states
        .iter()
        .map(|r| (r.data.id, r.data.capacity))
        .collect();
    let means_of_knowledge: BTreeSet<StateId> = ds
        .institutions
        .iter()
        .filter(|r| {
            matches!(
                r.data.institution,
                Institution::Monitoring | Institution::Cert
            )
        })
        .map(|r| r.data.state)
        .collect();
    let m = &ev.model;
    let mut significant = BTreeSet::new();
    for t in m.significant.iter() {
        significant.insert(t.0);
    }
    let attributed: BTreeSet<(IncidentId, StateId)> =
        m.attributed.iter().map(|t| (t.0, t.1)).collect();
    let mut knows: BTreeMap<(IncidentId, StateId), Vec<Time>> = BTreeMap::new();
    for t in m.knows.iter() {
        knows.entry((t.1, t.0)).or_default().push(t.2);
    }
    let mut action: BTreeSet<(IncidentId, StateId)> = BTreeSet::new();
    for t in m.obligation.iter() {
        if let (true, Some(i)) = (t.1 == RuleId::DUTY_ACTION, t.2) {
            action.insert((i, t.0));
        }
    }
    let negligent: BTreeSet<IncidentId> = m.negligent.iter().map(|t| t.1).collect();
    let wrongful: BTreeSet<IncidentId> = m.wrongful.iter().map(|t| t.2).collect();
    let admissible: BTreeSet<_> = m.admissible.iter().map(|t| t.0).collect();
    let dd = ev.params.due_diligence;

    let mut rows = Vec::new();
    for inc in &ds.incidents {
        let i = inc.data.id;
        let f = &facts[&i];
        let (start, end) = (inc.data.start, inc.data.end.unwrap_or(Time::NEVER));
        let first =
            |set: &BTreeSet<StateId>| set.iter().map(|s| sym.state(*s)).min().map(str::to_string);

        // significance
        let sig = if significant.contains(&i) {
            Cell::Yes
        } else if !inc.data.vector.is_cyber() {
            Cell::No
        } else if f.origins.is_empty() {
            Cell::missing("no origin state", "no origin state")
        } else if f.targets.is_empty() {
            Cell::missing("no target state", "no target state")
        } else {
            Cell::No
        };

        // attribution
        let attr = if attributed.iter().any(|(j, _)| *j == i) {
            Cell::Yes
        } else if f.perpetrators.is_empty() {
            Cell::missing("no perpetrator recorded", "no perpetrator recorded")
        } else if let Some(a) = f
            .perpetrators
            .iter()
            .find(|a| kind.get(a) == Some(&ActorKind::Proxy) && !controlled.contains(a))
        {
            Cell::missing(
                "no control recorded for a proxy",
                format!("no control recorded for proxy `{}`", sym.actor(*a)),
            )
        } else {
            Cell::No
        };

        // knowledge, and its sources before a time
        let sources_before = |limit: Time| {
            let told = f.events.iter().any(|&(t, k, by, to)| {
                t < limit
                    && match k {
                        EventKind::Detection => by.is_some_and(|b| f.origins.contains(&b)),
                        EventKind::Notification
                        | EventKind::AssistanceRequest
                        | EventKind::Concern
                        | EventKind::Warning
                        | EventKind::MlaRequest
                        | EventKind::CmNotice => to.is_some_and(|s| f.origins.contains(&s)),
                        _ => false,
                    }
            });
            let reported = f
                .events
                .iter()
                .any(|&(t, k, _, _)| t < limit && k == EventKind::PublicReport);
            (told, reported)
        };
        let no_means: BTreeSet<StateId> = f
            .origins
            .iter()
            .filter(|s| !means_of_knowledge.contains(s))
            .copied()
            .collect();
        let know = if f.origins.iter().any(|s| knows.contains_key(&(i, *s))) {
            Cell::Yes
        } else if f.origins.is_empty() {
            Cell::missing("no origin state", "no origin state")
        } else {
            match sources_before(Time::NEVER) {
                (false, false) => Cell::missing(
                    "no knowledge event and no public report",
                    "no knowledge event and no public report",
                ),
                (false, true) if no_means.len() == f.origins.len() => Cell::missing(
                    "no institution recorded",
                    format!(
                        "no institution recorded for {}",
                        first(&no_means).unwrap_or_default()
                    ),
                ),
                _ => Cell::No,
            }
        };

        // DUTY-ACTION
        let own = !f.origins.is_empty() && f.origins.iter().all(|s| attributed.contains(&(i, *s)));
        let duty = if !dd {
            Cell::NotApplicable
        } else if f.origins.iter().any(|s| action.contains(&(i, *s))) {
            Cell::Yes
        } else if let Cell::Missing { .. } = sig {
            sig.clone()
        } else if sig == Cell::No || own {
            Cell::No
        } else {
            let in_time = f.origins.iter().any(|s| {
                knows
                    .get(&(i, *s))
                    .is_some_and(|ts| ts.iter().any(|&t| t < end))
            });
            if in_time {
                Cell::No
            } else {
                match sources_before(end) {
                    (false, false) => Cell::missing(
                        "no knowledge event and no public report during the operation",
                        "no knowledge event and no public report during the operation",
                    ),
                    (false, true) if no_means.len() == f.origins.len() => Cell::missing(
                        "no institution recorded",
                        format!(
                            "no institution recorded for {}",
                            first(&no_means).unwrap_or_default()
                        ),
                    ),
                    _ => Cell::No,
                }
            }
        };
        let _ = start;

        // breach
        let breach = if !dd {
            Cell::NotApplicable
        } else if negligent.contains(&i) {
            Cell::Yes
        } else if let Cell::Missing { .. } = duty {
            duty.clone()
        } else if duty == Cell::Yes {
            let owing: BTreeSet<StateId> = f
                .origins
                .iter()
                .filter(|s| action.contains(&(i, **s)))
                .copied()
                .collect();
            let undocumented: BTreeSet<StateId> = owing
                .iter()
                .filter(|s| capacity.get(s).is_none_or(|c| *c == Capacity::Undocumented))
                .copied()
                .collect();
            if !undocumented.is_empty() && undocumented.len() == owing.len() {
                Cell::missing(
                    "no capacity recorded",
                    format!(
                        "no capacity recorded for {}",
                        first(&undocumented).unwrap_or_default()
                    ),
                )
            } else {
                Cell::No
            }
        } else {
            Cell::No
        };

        // wrongful
        let wrong = if wrongful.contains(&i) {
            Cell::Yes
        } else if let Cell::Missing { .. } = sig {
            sig.clone()
        } else if matches!(attr, Cell::Missing { .. }) && breach != Cell::Yes {
            attr.clone()
        } else if let Cell::Missing { .. } = breach {
            breach.clone()
        } else {
            Cell::No
        };

        // countermeasures
        let cms: Vec<_> = f
            .responses
            .iter()
            .filter(|(_, m)| *m != Means::Retorsion)
            .collect();
        let cm = if cms.iter().any(|(r, _)| admissible.contains(r)) {
            Cell::Yes
        } else if cms.is_empty() {
            if f.responses.is_empty() {
                Cell::missing("no response recorded", "no response recorded")
            } else {
                Cell::missing(
                    "no response recorded",
                    "no response recorded other than retorsions",
                )
            }
        } else if let Cell::Missing { .. } = wrong {
            wrong.clone()
        } else {
            Cell::No
        };
        rows.push((
            sym.incident(i).to_string(),
            i,
            vec![sig, attr, know, duty, breach, wrong, cm],
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Coverage {
        profile: ev.profile.name.clone(),
        as_of: ev.params.as_of,
        rows,
    }
}

/// Totals of one conclusion.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Incidents where the conclusion is derived.
    pub yes: usize,
    /// Incidents where the rules decided "no".
    pub no: usize,
    /// Incidents where the profile cannot produce it.
    pub not_applicable: usize,
    /// Missing, by kind of fact (most frequent first when printed).
    pub missing: BTreeMap<&'static str, usize>,
}

impl Totals {
    /// Number of missing cells.
    pub(crate) fn missing_total(&self) -> usize {
        self.missing.values().sum()
    }
    fn missing_sorted(&self) -> Vec<(&'static str, usize)> {
        let mut v: Vec<_> = self.missing.iter().map(|(k, n)| (*k, *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }
}

impl Coverage {
    /// The totals per conclusion, in [`Conclusion::ALL`] order.
    pub fn totals(&self) -> Vec<(Conclusion, Totals)> {
        Conclusion::ALL
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let mut t = Totals::default();
                for (_, _, cells) in &self.rows {
                    match &cells[k] {
                        Cell::Yes => t.yes += 1,
                        Cell::No => t.no += 1,
                        Cell::NotApplicable => t.not_applicable += 1,
                        Cell::Missing { kind, .. } => *t.missing.entry(kind).or_default() += 1,
                    }
                }
                (*c, t)
            })
            .collect()
    }

    /// The cell of an incident and conclusion.
    pub fn cell(&self, incident: IncidentId, c: Conclusion) -> Option<&Cell> {
        let k = Conclusion::ALL.iter().position(|x| *x == c)?;
        self.rows.iter().find(|r| r.1 == incident).map(|r| &r.2[k])
    }
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Missing { text, .. } => format!("missing: {text}"),
        other => other.status().to_string(),
    }
}

/// The totals as a table.
pub fn totals_table(cov: &Coverage) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "coverage totals ({} incidents; profile {}, as of {})",
        cov.rows.len(),
        cov.profile,
        cov.as_of
    );
    let _ = writeln!(
        out,
        "  {:<16} {:>6} {:>6} {:>6} {:>8}  first missing kind of fact",
        "conclusion", "yes", "no", "n/a", "missing"
    );
    for (c, t) in cov.totals() {
        let kinds: Vec<String> = t
            .missing_sorted()
            .iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect();
        let _ = writeln!(
            out,
            "  {:<16} {:>6} {:>6} {:>6} {:>8}  {}",
            c.name(),
            t.yes,
            t.no,
            t.not_applicable,
            t.missing_total(),
            kinds.join("; ")
        )
        .map(|_| ());
    }
    out
}

/// Every incident as a table, then the totals.
pub fn table(cov: &Coverage) -> String {
    let mut header = vec!["incident".to_string()];
    header.extend(Conclusion::ALL.iter().map(|c| c.name().to_string()));
    let rows: Vec<Vec<String>> = cov
        .rows
        .iter()
        .map(|(id, _, cells)| {
            std::iter::once(id.clone())
                .chain(cells.iter().map(cell_text))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|k| {
            rows.iter()
                .map(|r| r[k].chars().count())
                .chain(std::iter::once(header[k].len()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let line = |out: &mut String, r: &[String]| {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}", w = *w))
            .collect();
        let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
    };
    let _ = writeln!(out, "coverage ({} incidents)", cov.rows.len());
    line(&mut out, &header);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&mut out, &rule);
    for r in &rows {
        line(&mut out, r);
    }
    out.push('\n');
    out.push_str(&totals_table(cov));
    out
}

/// CSV: `incident,conclusion,status,missing`, one row per incident and conclusion.
pub fn csv(cov: &Coverage) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record(["incident", "conclusion", "status", "missing"]);
    for (id, _, cells) in &cov.rows {
        for (c, cell) in Conclusion::ALL.iter().zip(cells) {
            let _ = w.write_record([id.as_str(), c.name(), cell.status(), cell.reason()]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// JSON: `{ "profile", "as_of", "incidents": [ { "incident", CONCLUSION: { "status",
/// "missing"? } } ], "totals": { CONCLUSION: { "yes", "no", "n/a", "missing",
/// "missing_by_kind": { KIND: n } } } }`.
pub fn to_json(cov: &Coverage) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let incidents: Vec<Value> = cov
        .rows
        .iter()
        .map(|(id, _, cells)| {
            let mut o = Map::new();
            o.insert("incident".into(), json!(id));
            for (c, cell) in Conclusion::ALL.iter().zip(cells) {
                let v = match cell {
                    Cell::Missing { text, .. } => json!({"status": "missing", "missing": text}),
                    other => json!({"status": other.status()}),
                };
                o.insert(c.name().into(), v);
            }
            Value::Object(o)
        })
        .collect();
    let mut totals = Map::new();
    for (c, t) in cov.totals() {
        let mut by = Map::new();
        for (k, n) in t.missing_sorted() {
            by.insert(k.into(), json!(n));
        }
        totals.insert(
            c.name().into(),
            json!({"yes": t.yes, "no": t.no, "n/a": t.not_applicable, "missing": t.missing_total(), "missing_by_kind": by}),
        );
    }
    json!({
        "profile": cov.profile,
        "as_of": cov.as_of.to_string(),
        "incidents": incidents,
        "totals": totals,
    })
}
