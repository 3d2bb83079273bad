//! `diligence report`: the conclusions and their reasons as one self-contained HTML file
//! (no network, no external scripts or fonts), and one SVG proof graph per conclusion.
//!
//! What goes into a report is gathered here, once, from the typed APIs: the rows of the
//! conclusion relations (`output::DEFAULT_RELATIONS`), a proof of each row
//! ([`Prover`], catalogue rule ids at every step, input rows with file and line at the
//! leaves), for `inadmissible` rows the unmet conditions ([`why_not`] on every premise a
//! CM-* rule found absent), per incident the timeline of its events and duty windows, the
//! profile's positions, and optionally the rows that differ under a second profile.
//! [`html`] and [`svg`] only render it.
//!
//! Proofs are kept as a graph of distinct rows ([`ProofGraph`]): conclusions share most of
//! their sub-proofs (a `consequence` rests on a `wrongful`, which rests on a `negligent`),
//! so a 10^4-incident report stores each derived row's proof once. Everything is sorted
//! (rows by their rendered values, nodes in the order a depth-first walk of the sorted
//! rows first meets them), so the same input gives the same bytes.

pub mod html;
pub mod sentence;
pub mod svg;

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::Path;

use crate::explain::argument::Argument;
use crate::explain::provenance::{Node, Proof, ProofStep, Prover};
use crate::explain::whynot::why_not;
use crate::facts::{Detail, EventKind, IncidentId, Src, StateId, Time};
use crate::output;
use crate::rules::catalogue::RuleId;
use crate::rules::engine::{FactLike, RelMeta, Value};
use crate::rules::program::{Fact, Rel, CLAUSES};
use crate::Evaluation;

/// The relations a report shows as tables: the conclusions of `diligence run`.
pub const CONCLUSIONS: &[&str] = output::DEFAULT_RELATIONS;

/// How a report is built.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// What the report calls the dataset (its folder as given).
    pub dataset_label: String,
    /// Rows per relation whose proofs are also written as nested `<details>` (readable
    /// without JavaScript); the others are rendered from the embedded JSON on expand.
    pub inline_rows: usize,
    /// Incidents whose timelines are written inline; the others are drawn on expand.
    pub inline_incidents: usize,
    /// The depth of why-not explanations of `inadmissible` rows.
    pub whynot_depth: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            dataset_label: "facts".into(),
            inline_rows: 200,
            inline_incidents: 300,
            whynot_depth: 2,
        }
    }
}

/// One node of the proof graph: a row, and how it holds.
#[derive(Clone, Debug)]
pub struct PNode {
    /// The row.
    pub fact: Fact,
    /// Its values rendered (ids as in the input, times ISO 8601).
    pub values: Vec<String>,
    /// How it holds.
    pub kind: PKind,
    /// The steps of its derivation, in clause order.
    pub steps: Vec<PStep>,
}

/// How a proof-graph row holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PKind {
    /// An input row at a file and line.
    Input(Option<Src>),
    /// The active profile (its positions are listed in the report).
    Profile,
    /// Derived by this clause (index into `CLAUSES`).
    Derived(usize),
}

/// One step of a derivation in the proof graph.
#[derive(Clone, Debug, PartialEq)]
pub enum PStep {
    /// A premise: another node.
    Node(usize),
    /// A checked absence or a guard that held, as text.
    Line(String),
}

/// The distinct rows of every proof in a report, each with one proof.
#[derive(Debug, Default)]
pub struct ProofGraph {
    /// The nodes, in the order a depth-first walk first met them.
    pub nodes: Vec<PNode>,
    index: HashMap<Fact, usize>,
}

impl ProofGraph {
    /// Adds a proof (and its sub-proofs not yet present); returns its node.
    pub fn add(&mut self, proof: &Proof, ev: &Evaluation) -> usize {
        if let Some(&id) = self.index.get(&proof.fact) {
            return id;
        }
        let sym = &ev.dataset.symbols;
        let id = self.nodes.len();
        self.index.insert(proof.fact, id);
        let values = proof.fact.values().iter().map(|v| v.render(sym)).collect();
        let kind = match &proof.node {
            Node::Input { .. } if proof.fact.rel().name == "profile" => PKind::Profile,
            Node::Input { src } => PKind::Input(*src),
            Node::Derived { clause, .. } => PKind::Derived(*clause),
        };
        self.nodes.push(PNode {
            fact: proof.fact,
            values,
            kind,
            steps: Vec::new(),
        });
        let mut steps = Vec::new();
        if let Node::Derived { steps: s, .. } = &proof.node {
            for step in s {
                steps.push(match step {
                    ProofStep::Premise(p) => PStep::Node(self.add(p, ev)),
                    other => PStep::Line(step_text(other, ev)),
                });
            }
        }
        self.nodes[id].steps = steps;
        id
    }

    /// The node of a row, if it is in the graph.
    pub fn get(&self, fact: &Fact) -> Option<usize> {
        self.index.get(fact).copied()
    }
}

/// A checked absence or a guard as one line, as `diligence explain` prints it.
pub fn step_text(step: &ProofStep, ev: &Evaluation) -> String {
    let sym = &ev.dataset.symbols;
    match step {
        ProofStep::Premise(p) => crate::explain::provenance::atom_text(&p.fact, sym),
        ProofStep::Absent { rel, pattern } => {
            let vals: Vec<String> = pattern
                .iter()
                .map(|v| v.map_or("_".to_string(), |v| v.render(sym)))
                .collect();
            format!("no {rel}({})  [checked absent]", vals.join(", "))
        }
        ProofStep::Guard {
            code,
            values,
            positions,
        } => {
            let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
            let facts = crate::explain::provenance::guard_facts(values, positions, ev);
            format!("holds: {code}  [{facts}]")
        }
    }
}

/// An unmet condition of an `inadmissible` row: a premise its CM-* rule found absent,
/// with why that premise does not hold.
#[derive(Clone, Debug)]
pub struct Unmet {
    /// The condition, e.g. `no cm_has_wrong(r-1)`.
    pub condition: String,
    /// Why not, as HTML: the legal argument of `diligence why-not`, or the CM rule's meaning
    /// for a condition that held against the response.
    pub why: String,
}

/// One row of a conclusion table.
#[derive(Clone, Debug)]
pub struct ReportRow {
    /// The row's values, in the relation's column order.
    pub values: Vec<String>,
    /// The state the row is about (for `admissible`/`inadmissible`: the responding state).
    pub state: String,
    /// The incident it is about.
    pub incident: String,
    /// Its proof's node in the graph.
    pub proof: Option<usize>,
    /// Its legal argument (what `explain` prints) as HTML, for the rows shown with their
    /// explanation in the page (the first [`ReportOptions::inline_rows`] of a table).
    pub argument: Option<String>,
    /// For `inadmissible`: the CM condition(s) not met.
    pub unmet: Vec<Unmet>,
}

/// A conclusion relation's table.
#[derive(Clone, Debug)]
pub struct Table {
    /// The relation.
    pub rel: &'static RelMeta,
    /// Its rows, sorted by value.
    pub rows: Vec<ReportRow>,
}

/// A mark on an incident's timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// When.
    pub time: Time,
    /// What: the event kind (`notification`, `measure`, …), or `knowledge`.
    pub kind: String,
    /// A short label (`AV→BB`, `investigate`, `notice`).
    pub label: String,
    /// Where it comes from (`events.csv:7`), if an input row.
    pub src: Option<Src>,
}

/// One duty of one state about an incident, with its window.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// The duty-bearing state.
    pub state: String,
    /// The duty (`DUTY-ACTION`, …).
    pub duty: RuleId,
    /// The duty's status.
    pub status: String,
    /// The window `[since, since + window_hours]` (DUTY-MLA: `mla_window_hours`).
    pub since: Time,
    /// The end of the window.
    pub end: Time,
    /// What discharges it, by that state (measures, warnings, answers) and its knowledge.
    pub marks: Vec<Mark>,
    /// `breach`, `concern`, `met`, `open` (window not over at as_of) or `excused`.
    pub outcome: &'static str,
}

/// An incident's timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// The incident's id.
    pub incident: String,
    /// Its title.
    pub title: String,
    /// Start and end (None: ongoing).
    pub start: Time,
    /// End, if over.
    pub end: Option<Time>,
    /// Its events (every kind), in time order.
    pub events: Vec<Mark>,
    /// One lane per duty-bearing state and duty.
    pub lanes: Vec<Lane>,
    /// The evaluation time.
    pub as_of: Time,
    /// The response window of the profile (hours).
    pub window_hours: u32,
    /// The MLA answer window of the profile (hours; the window of DUTY-MLA lanes).
    pub mla_window_hours: u32,
}

/// A row that differs between the active profile and the compared one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowDiff {
    /// The relation.
    pub rel: &'static str,
    /// The row's values.
    pub values: Vec<String>,
    /// True: only under the active profile; false: only under the compared one.
    pub only_active: bool,
}

/// Everything a report shows.
pub struct Report<'e> {
    /// The evaluation reported.
    pub ev: &'e Evaluation,
    /// Its options.
    pub opts: ReportOptions,
    /// The conclusion tables, in `CONCLUSIONS` order.
    pub tables: Vec<Table>,
    /// Every proof of every row.
    pub graph: ProofGraph,
    /// Per incident, in dataset id order.
    pub timelines: Vec<Timeline>,
    /// The compared profile's name and the rows that differ.
    pub compare: Option<(String, Vec<RowDiff>)>,
}

/// The rows that differ between two evaluations in the conclusion relations, sorted by
/// relation (in `CONCLUSIONS` order) and values.
pub fn diff(active: &Evaluation, other: &Evaluation) -> Vec<RowDiff> {
    let rels: Vec<Rel> = CONCLUSIONS
        .iter()
        .filter_map(|n| output::relation(n))
        .collect();
    diff_in(active, other, &rels)
}

/// The rows of `rels` that differ between two evaluations, sorted by relation (in the
/// order given) and values.
pub fn diff_in(active: &Evaluation, other: &Evaluation, rels: &[Rel]) -> Vec<RowDiff> {
    let mut out = Vec::new();
    for &rel in rels {
        let a = output::rows(active, rel);
        let b = output::rows(other, rel);
        let bs: std::collections::BTreeSet<&Vec<String>> = b.iter().collect();
        let as_: std::collections::BTreeSet<&Vec<String>> = a.iter().collect();
        let mut rows: Vec<RowDiff> = a
            .iter()
            .filter(|r| !bs.contains(r))
            .map(|r| RowDiff {
                rel: rel.name().name,
                values: r.clone(),
                only_active: true,
            })
            .chain(b.iter().filter(|r| !as_.contains(r)).map(|r| RowDiff {
                rel: rel.name().name,
                values: r.clone(),
                only_active: false,
            }))
            .collect();
        rows.sort_by(|x, y| {
            x.values
                .cmp(&y.values)
                .then(y.only_active.cmp(&x.only_active))
        });
        out.extend(rows);
    }
    out
}

/// The state and incident a conclusion row is about.
fn row_subject(ev: &Evaluation, fact: &Fact, values: &[String]) -> (String, String) {
    let cols = fact.rel().columns;
    let col = |name: &str| {
        cols.iter()
            .position(|c| *c == name)
            .map(|k| values[k].clone())
    };
    if let (Some(s), Some(i)) = (col("state"), col("incident")) {
        return (s, i);
    }
    // admissible / inadmissible: the response's acting state and incident.
    if let Some(Value::Response(r)) = fact.values().first() {
        if let Some(row) = ev.dataset.responses.iter().find(|x| x.data.id == *r) {
            let sym = &ev.dataset.symbols;
            return (
                sym.state(row.data.by).to_string(),
                sym.incident(row.data.incident).to_string(),
            );
        }
    }
    (
        col("state").unwrap_or_default(),
        col("incident").unwrap_or_default(),
    )
}

/// The unmet conditions of an `inadmissible` row: every premise its clause checked absent
/// (CM-WRONGFUL: no wrongful act; CM-PURPOSE: no inducement; CM-NOTICE: no notice) with
/// the why-not of that premise, and every guard that made it fail (CM-PROPORTION,
/// CM-NO-FORCE, CM-REVERSIBLE, CM-COLLECTIVE, CM-STATE-TARGET's non-state target) with
/// the values it held for.
fn unmet(ev: &Evaluation, proof: &Proof, depth: usize) -> Vec<Unmet> {
    let Node::Derived { steps, rule, .. } = &proof.node else {
        return Vec::new();
    };
    let esc = |s: &str| html_escape::encode_text(s).into_owned();
    let mut out = Vec::new();
    for (k, s) in steps.iter().enumerate() {
        match s {
            ProofStep::Absent { rel, pattern } => {
                let meta = Rel::ALL
                    .iter()
                    .find(|r| r.name().name == *rel)
                    .map(|r| r.name());
                let condition = match meta {
                    Some(m) => crate::explain::sentences::say_absent(m, pattern, &ev.dataset)
                        .replace('`', ""),
                    None => step_text(s, ev),
                };
                let why = match output::relation(rel) {
                    Some(r) if !r.name().input => match why_not(ev, r, pattern, depth) {
                        Ok(w) => Argument::why_not(ev, &w)
                            .to_html(&format!("u-{}-{k}-", anchor_key(&proof.fact))),
                        Err(e) => format!("<p>{}</p>", esc(&e)),
                    },
                    _ => format!(
                        "<p>{}</p>",
                        esc(&format!("{}: {}", rule.code(), rule.meaning()))
                    ),
                };
                out.push(Unmet { condition, why });
            }
            // Every guard but the scope gate "not a retorsion" (CM-RETORSION decides those).
            ProofStep::Guard { code, .. }
                if code.split_whitespace().collect::<String>() != "(m!=Means::Retorsion)" =>
            {
                let condition = crate::explain::argument::build::guard_sentence(ev, proof, k)
                    .map(|t| t.replace('`', ""))
                    .unwrap_or_else(|| rule.meaning().to_string());
                out.push(Unmet {
                    condition,
                    why: format!(
                        "<p>{}</p>",
                        esc(&format!(
                            "{} [{}; {}; {}]",
                            rule.meaning(),
                            rule.code(),
                            rule.status().as_str(),
                            rule.source()
                        ))
                    ),
                });
            }
            _ => {}
        }
    }
    out
}

/// A key for the ids of one row's arguments, unique in the report.
fn anchor_key(f: &Fact) -> String {
    format!("{f:?}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

impl<'e> Report<'e> {
    /// Gathers a report of `ev` (and the rows that differ under `compare`).
    pub fn build(ev: &'e Evaluation, opts: ReportOptions, compare: Option<&Evaluation>) -> Self {
        let sym = &ev.dataset.symbols;
        let mut prover = Prover::new(&ev.model);
        let mut graph = ProofGraph::default();
        let mut tables = Vec::new();
        for name in CONCLUSIONS {
            let Some(rel) = output::relation(name) else {
                continue;
            };
            let mut facts: Vec<(Vec<String>, Fact)> = ev
                .model
                .facts(rel)
                .into_iter()
                .map(|f| (f.values().iter().map(|v| v.render(sym)).collect(), f))
                .collect();
            facts.sort_by(|a, b| a.0.cmp(&b.0));
            facts.dedup_by(|a, b| a.0 == b.0);
            let rows = facts
                .into_iter()
                .enumerate()
                .map(|(k, (values, fact))| {
                    let (state, incident) = row_subject(ev, &fact, &values);
                    let proof = prover.prove(&fact);
                    let argument = proof.as_ref().filter(|_| k < opts.inline_rows).map(|p| {
                        Argument::explain(ev, p).to_html(&format!("a-{}-", anchor_key(&fact)))
                    });
                    let unmet = match (&proof, *name) {
                        (Some(p), "inadmissible") => unmet(ev, p, opts.whynot_depth),
                        _ => Vec::new(),
                    };
                    ReportRow {
                        values,
                        state,
                        incident,
                        proof: proof.map(|p| graph.add(&p, ev)),
                        argument,
                        unmet,
                    }
                })
                .collect();
            tables.push(Table {
                rel: rel.name(),
                rows,
            });
        }
        let timelines = timelines(ev);
        let compare = compare.map(|c| (c.profile.name.clone(), diff(ev, c)));
        Report {
            ev,
            opts,
            tables,
            graph,
            timelines,
            compare,
        }
    }

    /// The state's name, if the dataset gives one.
    pub fn state_name(&self, id: &str) -> Option<&str> {
        let k = self.ev.dataset.symbols.states.get(id)?;
        self.ev
            .dataset
            .states
            .iter()
            .find(|r| r.data.id.0 == k)
            .map(|r| r.data.name.as_str())
    }

    /// Per state, the number of rows in each conclusion table (states sorted by id).
    pub fn counts(&self) -> BTreeMap<String, Vec<usize>> {
        let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (k, t) in self.tables.iter().enumerate() {
            for r in &t.rows {
                out.entry(r.state.clone())
                    .or_insert_with(|| vec![0; self.tables.len()])[k] += 1;
            }
        }
        out
    }

    /// Writes the report as one HTML file.
    pub fn write_html(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(html::render(self).as_bytes())
    }

    /// Writes one SVG proof graph per conclusion row into `dir` (created if needed),
    /// `RELATION/NNNN.svg`, and `index.csv` (file, relation, atom). Returns the count.
    pub fn write_svg_dir(&self, dir: &Path) -> io::Result<usize> {
        std::fs::create_dir_all(dir)?;
        let mut index = csv::Writer::from_path(dir.join("index.csv"))?;
        index.write_record(["file", "relation", "atom"])?;
        let mut n = 0;
        for t in &self.tables {
            if t.rows.is_empty() {
                continue;
            }
            let sub = dir.join(t.rel.name);
            std::fs::create_dir_all(&sub)?;
            for (k, r) in t.rows.iter().enumerate() {
                let Some(p) = r.proof else { continue };
                let file = format!("{}/{:05}.svg", t.rel.name, k + 1);
                std::fs::write(dir.join(&file), svg::proof_graph(self, p))?;
                let atom = format!("{}({})", t.rel.name, r.values.join(", "));
                index.write_record([file.as_str(), t.rel.name, atom.as_str()])?;
                n += 1;
            }
        }
        index.flush()?;
        Ok(n)
    }
}

/// The timelines of every incident: its events, and per duty-bearing state and duty
/// (DUTY-ACTION, DUTY-NOTIFY, DUTY-MLA) the window and what was done in it.
pub fn timelines(ev: &Evaluation) -> Vec<Timeline> {
    let sym = &ev.dataset.symbols;
    let as_of = ev.params.as_of;
    let w = ev.params.window_hours;
    let mw = ev.params.mla_window_hours;
    let mut events: HashMap<IncidentId, Vec<Mark>> = HashMap::new();
    let mut by_state: HashMap<(IncidentId, StateId), Vec<(EventKind, Mark)>> = HashMap::new();
    for r in &ev.dataset.events {
        let e = &r.data;
        let who = match (e.by, e.to) {
            (Some(b), Some(t)) => format!("{}→{}", sym.state(b), sym.state(t)),
            (Some(b), None) => sym.state(b).to_string(),
            (None, Some(t)) => format!("→{}", sym.state(t)),
            (None, None) => String::new(),
        };
        let detail = match &e.detail {
            Detail::Measure(m) => m.as_str().to_string(),
            Detail::Mla(o) => o.as_str().to_string(),
            _ => String::new(),
        };
        let label = [who, detail]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let mark = Mark {
            time: e.time,
            kind: e.kind.as_str().to_string(),
            label,
            src: Some(r.src),
        };
        if let Some(b) = e.by {
            by_state
                .entry((e.incident, b))
                .or_default()
                .push((e.kind, mark.clone()));
        }
        events.entry(e.incident).or_default().push(mark);
    }
    // Knowledge (the earliest per basis) and outcomes from the model.
    let rel = |n: &str| output::relation(n).expect("relation of the rule program");
    let mut knows: HashMap<(IncidentId, StateId), Vec<Mark>> = HashMap::new();
    for f in ev.model.facts(rel("knows")) {
        if let [Value::State(s), Value::Incident(i), Value::Time(t), b] = f.values()[..] {
            knows.entry((i, s)).or_default().push(Mark {
                time: t,
                kind: "knowledge".into(),
                label: format!("knows ({})", b.render(sym)),
                src: None,
            });
        }
    }
    let mut outcome: HashMap<(StateId, RuleId, IncidentId), &'static str> = HashMap::new();
    for (name, what) in [("concern", "concern"), ("breach", "breach")] {
        for f in ev.model.facts(rel(name)) {
            if let [Value::State(s), Value::Rule(d), Value::Incident(i)] = f.values()[..] {
                outcome.insert((s, d, i), what);
            }
        }
    }
    let mut lanes: HashMap<IncidentId, Vec<Lane>> = HashMap::new();
    for f in ev.model.facts(rel("obligation")) {
        let [Value::State(s), Value::Rule(d), Value::Incident(i), Value::Time(since), st] =
            f.values()[..]
        else {
            continue;
        };
        let discharge: &[EventKind] = match d {
            RuleId::DUTY_ACTION => &[EventKind::Measure, EventKind::AssistanceRequest],
            RuleId::DUTY_NOTIFY => &[EventKind::Warning],
            RuleId::DUTY_MLA => &[EventKind::MlaResponse],
            _ => continue,
        };
        // Readings settled: DUTY-MLA's window is the MLA answer window.
        let end = since.plus_hours(if d == RuleId::DUTY_MLA { mw } else { w });
        let mut marks: Vec<Mark> = knows.get(&(i, s)).cloned().unwrap_or_default();
        marks.extend(
            by_state
                .get(&(i, s))
                .into_iter()
                .flatten()
                .filter(|(k, _)| discharge.contains(k))
                .map(|(_, m)| m.clone()),
        );
        marks.sort_by(|a, b| (a.time, &a.kind, &a.label).cmp(&(b.time, &b.kind, &b.label)));
        let outcome = match outcome.get(&(s, d, i)) {
            Some(o) => *o,
            None if end > as_of => "open",
            None => {
                let met = marks.iter().any(|m| m.kind != "knowledge" && m.time <= end);
                if met {
                    "met"
                } else {
                    "excused"
                }
            }
        };
        lanes.entry(i).or_default().push(Lane {
            state: sym.state(s).to_string(),
            duty: d,
            status: st.render(sym),
            since,
            end,
            marks,
            outcome,
        });
    }
    let mut out: Vec<Timeline> = ev
        .dataset
        .incidents
        .iter()
        .map(|r| {
            let d = &r.data;
            let mut evs = events.remove(&d.id).unwrap_or_default();
            evs.sort_by(|a, b| (a.time, &a.kind, &a.label).cmp(&(b.time, &b.kind, &b.label)));
            let mut ls = lanes.remove(&d.id).unwrap_or_default();
            ls.sort_by(|a, b| (&a.state, a.duty.code()).cmp(&(&b.state, b.duty.code())));
            Timeline {
                incident: sym.incident(d.id).to_string(),
                title: d.title.clone(),
                start: d.start,
                end: d.end,
                events: evs,
                lanes: ls,
                as_of,
                window_hours: w,
                mla_window_hours: mw,
            }
        })
        .collect();
    out.sort_by(|a, b| a.incident.cmp(&b.incident));
    out
}

/// The catalogue rule a derived node's clause implements.
pub fn clause_rule(clause: usize) -> RuleId {
    CLAUSES[clause].rule
}

/// The position of a relation in `Rel::ALL` (for compact references in the JSON).
pub fn rel_index(meta: &RelMeta) -> usize {
    Rel::ALL
        .iter()
        .position(|r| r.name().name == meta.name)
        .unwrap_or(0)
}
