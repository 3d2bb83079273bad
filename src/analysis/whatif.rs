//! `diligence what-if ATOM`: counterfactual explanations. Which smallest sets of events,
//! from a documented menu built from the dataset, would have made a derived conclusion
//! disappear? Every answer is checked by evaluating the dataset with the events added.
//!
//! # The menu
//! For each state and incident the conclusion is about (its `state` and `incident`
//! columns; for a response, the state it targets and its incident) the candidates are:
//! - a **measure** by the state about the incident at the end of the response window of
//!   its DUTY-ACTION (`since + window_hours`): it discharges the duty (BREACH-ACTION) and
//!   ends the continuing breach (RESP-CESSATION). The kind is `investigate`, or the first
//!   kind the state's capacity makes feasible (CAP-1);
//! - for a low-capacity state, an **assistance_request** to a victim by the same time (CAP-3);
//! - a **warning** by the state to each victim it owes one (DUTY-NOTIFY), by the end of
//!   that window (BREACH-NOTIFY);
//! - an **mla_response** (`granted`) by the state to each request for mutual legal
//!   assistance it owes an answer (DUTY-MLA), at the end of that request's MLA answer window
//!   (`since + mla_window_hours`; BREACH-MLA);
//! - a **compensation** by the state, at the evaluation time, to each state it wronged about
//!   the incident that has a claim to compensation (RESP-COMPENSATION), and a
//!   **satisfaction** (an acknowledgement, an expression of regret) to each state it wronged
//!   that has none (RESP-SATISFACTION).
//!
//! Times never pass the evaluation time (`as_of`), which stays fixed.
//!
//! # The search
//! Sets of 1, 2, … up to `max_size` candidates are tried in order of size (sets of one
//! size in parallel), and the search stops at the first size where some set makes every
//! row matching the atom disappear: those sets are the answers (each minimal in size, and
//! none contains another). Only the incidents concerned (with their campaigns), their
//! actors, and the states with the institutions their rows name are evaluated ([`narrow`]):
//! every rule is anchored at one incident or campaign (see `eval`), so the atom's rows are
//! the same as in the whole dataset.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::analysis::compare::subsets;
use crate::eval::{evaluate, EvalOptions, Evaluation};
use crate::explain::provenance::{self, AtomPattern};
use crate::facts::*;
use crate::rules::engine::{FactLike, Value};

/// At most this many candidate sets are evaluated.
pub const MAX_EVALUATIONS: usize = 2048;

/// One candidate event of the menu.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The event, as it would stand in `events.csv`.
    pub event: EventRow,
    /// Which rule it answers, for people: `DUTY-ACTION since 2024-03-02T08:00Z (BREACH-ACTION)`.
    pub reason: String,
}

/// The result of [`what_if`].
#[derive(Clone, Debug)]
pub struct WhatIf {
    /// The atom as given.
    pub atom: String,
    /// The matching rows, as atoms.
    pub rows: Vec<String>,
    /// The profile's name.
    pub profile: String,
    /// The evaluation time (fixed: no candidate event is later).
    pub as_of: Time,
    /// The candidate events, in menu order (see the module documentation).
    pub menu: Vec<Candidate>,
    /// The smallest sets (indices into `menu`) whose events make every matching row disappear.
    pub answers: Vec<Vec<usize>>,
    /// The largest set size tried.
    pub max_size: usize,
    /// Number of evaluations made.
    pub evaluations: usize,
    /// True when the evaluation budget stopped the search before `max_size`.
    pub truncated: bool,
}

/// The state a row is about: its `state` column, or the target of a response.
fn subjects(ev: &Evaluation, facts: &[crate::rules::program::Fact]) -> Vec<(StateId, IncidentId)> {
    let mut out = Vec::new();
    for f in facts {
        let meta = f.rel();
        let vals = f.values();
        let col = |name: &str| {
            meta.columns
                .iter()
                .position(|c| *c == name)
                .map(|k| vals[k])
        };
        match (col("state"), col("incident"), col("response")) {
            (Some(Value::State(s)), Some(Value::Incident(i)), _) => out.push((s, i)),
            (_, _, Some(Value::Response(r))) => {
                for x in &ev.model.response {
                    if x.0 == r {
                        if let Against::State(s) = x.3 {
                            out.push((s, x.4));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The menu of candidate events for the states and incidents of `facts`.
pub fn menu(ev: &Evaluation, facts: &[crate::rules::program::Fact]) -> Vec<Candidate> {
    let p = &ev.params;
    let as_of = p.as_of;
    let w = p.window_hours;
    let mw = p.mla_window_hours;
    let sym = &ev.dataset.symbols;
    let cap = |s: StateId| {
        ev.dataset
            .states
            .iter()
            .find(|r| r.data.id == s)
            .map(|r| r.data.capacity)
    };
    let mut out: Vec<Candidate> = Vec::new();
    let mut push = |c: Candidate| {
        if !out.iter().any(|x| x.event == c.event) {
            out.push(c);
        }
    };
    let event = |time: Time, kind, by, to, incident, detail| EventRow {
        time: time.min(as_of),
        kind,
        by: Some(by),
        to,
        incident,
        detail,
    };
    for (s, i) in subjects(ev, facts) {
        // DUTY-ACTION: one measure at the end of the earliest window.
        if let Some(since) = ev
            .model
            .action_duty
            .iter()
            .filter(|d| d.0 == s && d.1 == i)
            .map(|d| d.2)
            .min()
        {
            let deadline = since.plus_hours(w);
            let capacity = cap(s).unwrap_or(Capacity::High);
            let kinds = [
                MeasureKind::Investigate,
                MeasureKind::Respond,
                MeasureKind::Block,
                MeasureKind::Takedown,
                MeasureKind::Arrest,
                MeasureKind::Prosecute,
            ];
            let kind = kinds
                .into_iter()
                .find(|&m| capacity >= p.required_capacity(m))
                .unwrap_or(MeasureKind::Investigate);
            push(Candidate {
                event: event(
                    deadline,
                    EventKind::Measure,
                    s,
                    None,
                    i,
                    Detail::Measure(kind),
                ),
                reason: format!(
                    "DUTY-ACTION since {since}, window {w} h (BREACH-ACTION, RESP-CESSATION)"
                ),
            });
            if capacity == Capacity::Low {
                let victims: Vec<StateId> = ev
                    .model
                    .target
                    .iter()
                    .filter(|t| t.0 == i && t.1 != s)
                    .map(|t| t.1)
                    .collect();
                for v in victims {
                    push(Candidate {
                        event: event(deadline, EventKind::AssistanceRequest, s, Some(v), i, Detail::None),
                        reason: format!(
                            "DUTY-ACTION since {since}: a low-capacity state discharges it by asking for help (CAP-3)"
                        ),
                    });
                }
            }
        }
        // DUTY-NOTIFY: a warning to each victim owed one.
        let mut owed: Vec<(StateId, Time)> = ev
            .model
            .notify_owed
            .iter()
            .filter(|d| d.0 == s && d.1 == i)
            .map(|d| (d.2, d.3))
            .collect();
        owed.sort();
        for (v, since) in owed {
            push(Candidate {
                event: event(
                    since.plus_hours(w),
                    EventKind::Warning,
                    s,
                    Some(v),
                    i,
                    Detail::None,
                ),
                reason: format!(
                    "DUTY-NOTIFY towards {} since {since}, window {w} h (BREACH-NOTIFY)",
                    sym.state(v)
                ),
            });
        }
        // DUTY-MLA: a compliant answer to each request.
        let mut requests: Vec<(StateId, Time)> = ev
            .model
            .mla_owed
            .iter()
            .filter(|d| d.0 == s && d.1 == i)
            .map(|d| (d.2, d.3))
            .collect();
        requests.sort();
        for (r, t) in requests {
            push(Candidate {
                event: event(
                    t.plus_hours(mw),
                    EventKind::MlaResponse,
                    s,
                    Some(r),
                    i,
                    Detail::Mla(MlaOutcome::Granted),
                ),
                reason: format!(
                    "DUTY-MLA: request by {} of {t}, MLA answer window {mw} h (BREACH-MLA)",
                    sym.state(r)
                ),
            });
        }
        // RESP-COMPENSATION and RESP-SATISFACTION: reparation to each injured state,
        // compensation where it has a claim to it, satisfaction where it has none.
        let mut injured: Vec<StateId> = ev
            .model
            .wrongful
            .iter()
            .filter(|x| x.0 == s && x.2 == i)
            .map(|x| x.1)
            .collect();
        injured.sort();
        injured.dedup();
        for v in injured {
            let claim = ev
                .model
                .compensation_owed
                .iter()
                .any(|x| x.0 == s && x.1 == v && x.2 == i);
            push(if claim {
                Candidate {
                    event: event(as_of, EventKind::Compensation, s, Some(v), i, Detail::None),
                    reason: "wrongful act that caused harm: reparation (RESP-COMPENSATION)".into(),
                }
            } else {
                Candidate {
                    event: event(as_of, EventKind::Satisfaction, s, Some(v), i, Detail::None),
                    reason:
                        "wrongful act without a compensation claim: satisfaction (RESP-SATISFACTION)"
                            .into(),
                }
            });
        }
    }
    out
}

/// The dataset reduced to the incidents `keep` (with every incident of their campaigns)
/// and the state-level rows.
pub(crate) fn restrict(ds: &Dataset, incidents: &HashSet<IncidentId>) -> Dataset {
    let campaigns: HashSet<CampaignId> = ds
        .incidents
        .iter()
        .filter(|r| incidents.contains(&r.data.id))
        .filter_map(|r| r.data.campaign)
        .collect();
    let keep: HashSet<IncidentId> = ds
        .incidents
        .iter()
        .filter(|r| {
            incidents.contains(&r.data.id)
                || r.data.campaign.is_some_and(|c| campaigns.contains(&c))
        })
        .map(|r| r.data.id)
        .collect();
    Dataset {
        dir: ds.dir.clone(),
        shipped: ds.shipped,
        symbols: ds.symbols.clone(),
        states: ds.states.clone(),
        institutions: ds.institutions.clone(),
        incidents: ds
            .incidents
            .iter()
            .filter(|r| keep.contains(&r.data.id))
            .cloned()
            .collect(),
        targets: ds
            .targets
            .iter()
            .filter(|r| keep.contains(&r.data.incident))
            .cloned()
            .collect(),
        origins: ds
            .origins
            .iter()
            .filter(|r| keep.contains(&r.data.incident))
            .cloned()
            .collect(),
        actors: ds.actors.clone(),
        perpetrators: ds
            .perpetrators
            .iter()
            .filter(|r| keep.contains(&r.data.incident))
            .cloned()
            .collect(),
        control: ds.control.clone(),
        events: ds
            .events
            .iter()
            .filter(|r| keep.contains(&r.data.incident))
            .cloned()
            .collect(),
        vulnerabilities: ds.vulnerabilities.clone(),
        responses: ds
            .responses
            .iter()
            .filter(|r| keep.contains(&r.data.incident))
            .cloned()
            .collect(),
    }
}

/// The dataset reduced to what the rows about the incidents `keep` can read: `restrict`,
/// then only the actors that carried them out or that responses target (with their
/// controllers, up the chain) and the control links among them, the institutions of the
/// states their rows name, and no vulnerabilities (DUTY-VULN gives state-level rows only).
/// Every state stays. Rows about the incidents are the same as in `ds` when every rule
/// about an incident reads only rows about it and its states and actors, as the
/// partitioning of `evaluate` assumes; callers that depend on it check the rows they
/// need and fall back to `restrict`.
pub fn narrow(ds: &Dataset, incidents: &HashSet<IncidentId>) -> Dataset {
    let mut d = restrict(ds, incidents);
    let mut states: HashSet<StateId> = HashSet::new();
    let mut actors: HashSet<ActorId> = HashSet::new();
    states.extend(d.targets.iter().map(|r| r.data.state));
    states.extend(d.origins.iter().map(|r| r.data.state));
    for r in &d.events {
        states.extend(r.data.by.iter().chain(r.data.to.iter()).copied());
    }
    for r in &d.responses {
        states.insert(r.data.by);
        states.extend(r.data.on_behalf_of);
        match r.data.against {
            Against::State(s) => {
                states.insert(s);
            }
            Against::Actor(a) => {
                actors.insert(a);
            }
        }
    }
    actors.extend(d.perpetrators.iter().map(|r| r.data.actor));
    // Controllers up the chain.
    let mut frontier: Vec<ActorId> = actors.iter().copied().collect();
    while let Some(a) = frontier.pop() {
        for r in &d.control {
            if r.data.controlled == a && actors.insert(r.data.controller) {
                frontier.push(r.data.controller);
            }
        }
    }
    d.control
        .retain(|r| actors.contains(&r.data.controlled) && actors.contains(&r.data.controller));
    d.actors.retain(|r| actors.contains(&r.data.id));
    states.extend(d.actors.iter().filter_map(|r| r.data.state));
    d.institutions.retain(|r| states.contains(&r.data.state));
    d.vulnerabilities.clear();
    d
}

/// Whether some row matching `pattern` is derived from `ds` with `events` added.
fn holds_with(ds: &Dataset, ev: &Evaluation, pattern: &AtomPattern, events: &[&EventRow]) -> bool {
    let mut d = ds.clone();
    d.events.extend(events.iter().map(|e| Row {
        src: Src::new(InputFile::Events, 0),
        data: (*e).clone(),
    }));
    let opts = EvalOptions {
        as_of: Some(ev.params.as_of),
        threads: Some(1),
        ..Default::default()
    };
    let e = evaluate(d, ev.profile.clone(), &opts);
    provenance::find(&e, pattern)
        .map(|f| !f.is_empty())
        .unwrap_or(false)
}

/// Searches the smallest sets of menu events that make every row matching `atom` disappear.
pub fn what_if(ev: &Evaluation, atom: &str, max_size: usize) -> Result<WhatIf, String> {
    let pattern = provenance::parse_atom(atom)?;
    let facts = provenance::find(ev, &pattern)?;
    if facts.is_empty() {
        return Err(format!(
            "`{atom}` is not derived (no matching row): there is nothing to make disappear"
        ));
    }
    let sym = &ev.dataset.symbols;
    let rows: Vec<String> = facts
        .iter()
        .map(|f| provenance::atom_text(f, sym))
        .collect();
    let menu = menu(ev, &facts);
    let incidents: HashSet<IncidentId> = subjects(ev, &facts).into_iter().map(|(_, i)| i).collect();
    let reduced = narrow(&ev.dataset, &incidents);
    // The narrowed dataset must give the same verdict (it does, by partitioning); fall back
    // to the whole dataset if it ever did not.
    let ds = if !incidents.is_empty() && holds_with(&reduced, ev, &pattern, &[]) {
        reduced
    } else {
        ev.dataset.clone()
    };
    let mut answers: Vec<Vec<usize>> = Vec::new();
    let mut evaluations = 0;
    let mut truncated = false;
    for size in 1..=max_size.min(menu.len()) {
        let sets = subsets(menu.len(), size);
        if evaluations + sets.len() > MAX_EVALUATIONS {
            truncated = true;
            break;
        }
        evaluations += sets.len();
        let found: Vec<Vec<usize>> = crate::analysis::compare::with_pool(|| {
            sets.into_par_iter()
                .filter(|set| {
                    let events: Vec<&EventRow> = set.iter().map(|&k| &menu[k].event).collect();
                    !holds_with(&ds, ev, &pattern, &events)
                })
                .collect()
        });
        if !found.is_empty() {
            answers = found;
            break;
        }
    }
    Ok(WhatIf {
        atom: atom.to_string(),
        rows,
        profile: ev.profile.name.clone(),
        as_of: ev.params.as_of,
        menu,
        answers,
        max_size,
        evaluations,
        truncated,
    })
}

/// The `events.csv` line of an event (columns `time,kind,by,to,incident,detail`).
pub fn csv_line(e: &EventRow, sym: &Symbols) -> String {
    let detail = match &e.detail {
        Detail::None => String::new(),
        Detail::Text(t) => t.clone(),
        Detail::Measure(m) => m.as_str().to_string(),
        Detail::Mla(o) => o.as_str().to_string(),
    };
    format!(
        "{},{},{},{},{},{}",
        e.time,
        e.kind.as_str(),
        e.by.map_or("", |s| sym.state(s)),
        e.to.map_or("", |s| sym.state(s)),
        sym.incident(e.incident),
        detail
    )
}

/// The header of [`csv_line`].
pub const CSV_HEADER: &str = "time,kind,by,to,incident,detail";

fn state_name(ev: &Evaluation, s: StateId) -> String {
    ev.dataset
        .states
        .iter()
        .find(|r| r.data.id == s)
        .map_or_else(
            || ev.dataset.symbols.state(s).to_string(),
            |r| r.data.name.clone(),
        )
}

/// What the event's author would have done, after "had it": `taken any measure against hosp by T`
/// (`date` writes the time).
fn deed(ev: &Evaluation, e: &EventRow, date: fn(Time) -> String) -> String {
    let sym = &ev.dataset.symbols;
    let to = e.to.map(|s| state_name(ev, s)).unwrap_or_default();
    let i = sym.incident(e.incident);
    let t = date(e.time);
    match e.kind {
        EventKind::Measure => format!("taken any measure against `{i}` by {t}"),
        EventKind::Warning => format!("warned {to} of `{i}` by {t}"),
        EventKind::MlaResponse => format!(
            "answered {to}'s request for legal assistance about `{i}` (granted, or refused with reasons) by {t}"
        ),
        EventKind::AssistanceRequest => {
            format!("asked {to} for assistance against `{i}` by {t}")
        }
        EventKind::Compensation => format!("paid compensation to {to} for `{i}`"),
        EventKind::Satisfaction => format!(
            "given satisfaction to {to} for `{i}` (acknowledged the breach, expressed regret)"
        ),
        k => format!("made a `{}` about `{i}` at {t}", k.as_str()),
    }
}

/// The counterfactual sentence of one answer, times as written in the input (`2024-03-05T08:00Z`).
pub fn sentence(w: &WhatIf, ev: &Evaluation, set: &[usize]) -> String {
    sentence_with(w, ev, set, |t| t.to_string())
}

/// The counterfactual sentence of one answer, with `date` writing the times (the memo
/// passes [`crate::explain::words::date`]: `5 March 2024 08:00 UTC`).
pub fn sentence_with(
    w: &WhatIf,
    ev: &Evaluation,
    set: &[usize],
    date: fn(Time) -> String,
) -> String {
    let pattern = provenance::parse_atom(&w.atom).ok();
    let facts = pattern
        .and_then(|p| provenance::find(ev, &p).ok())
        .unwrap_or_default();
    let subject = subjects(ev, &facts).first().map(|(s, _)| *s);
    let mut named = false;
    let claim = match (facts.first(), subject) {
        (Some(f), Some(s)) => {
            let name = state_name(ev, s);
            let vals: Vec<String> = f
                .values()
                .iter()
                .map(|v| v.render(&ev.dataset.symbols))
                .collect();
            let all_same = facts.len() == 1;
            match (f.rel().name, all_same) {
                ("negligent", true) => {
                    format!("{name} would not have been negligent about `{}`", vals[1])
                }
                ("breach", true) => format!(
                    "{name} would not have breached {} about `{}`",
                    vals[1], vals[2]
                ),
                ("wrongful", true) => format!(
                    "{name} would not have committed a wrongful act ({}) against {} about `{}`",
                    vals[3],
                    state_name_of(ev, &vals[1]),
                    vals[2]
                ),
                ("consequence", true) => format!(
                    "{name} would not owe {} to {} for `{}`",
                    vals[3],
                    state_name_of(ev, &vals[1]),
                    vals[2]
                ),
                _ => format!("`{}` would not hold", w.atom),
            }
        }
        _ => format!("`{}` would not hold", w.atom),
    };
    // "had it …" only where the claim names the state.
    let generic = claim.starts_with('`');
    let mut text = claim;
    let mut last: Option<StateId> = None;
    for (n, &k) in set.iter().enumerate() {
        let e = &w.menu[k].event;
        let who = match (e.by, subject) {
            (Some(b), Some(s)) if b == s && (!generic || named) => "it".to_string(),
            (Some(b), _) => state_name(ev, b),
            _ => "it".to_string(),
        };
        let d = deed(ev, e, date);
        if n == 0 {
            text.push_str(&format!(" had {who} {d}"));
        } else if last == e.by {
            text.push_str(&format!(" and {d}"));
        } else {
            text.push_str(&format!(", and had {who} {d}"));
        }
        last = e.by;
        named = true;
    }
    text.push('.');
    text
}

fn state_name_of(ev: &Evaluation, id: &str) -> String {
    match ev.dataset.symbols.states.get(id) {
        Some(k) => state_name(ev, StateId(k)),
        None => id.to_string(),
    }
}

/// The answer as text for people.
pub fn render_text(w: &WhatIf, ev: &Evaluation) -> String {
    let sym = &ev.dataset.symbols;
    let mut out = String::new();
    out.push_str(&format!(
        "what-if `{}` under {} (as_of {}): holds for {}\n",
        w.atom,
        w.profile,
        w.as_of,
        w.rows.join(", ")
    ));
    out.push_str(&format!("menu ({} candidate events):\n", w.menu.len()));
    for (k, c) in w.menu.iter().enumerate() {
        out.push_str(&format!(
            "  {}. {}  [{}]\n",
            k + 1,
            csv_line(&c.event, sym),
            c.reason
        ));
    }
    if w.answers.is_empty() {
        out.push_str(&format!(
            "no set of up to {} menu events makes it disappear{} ({} evaluations)\n",
            w.max_size,
            if w.truncated {
                " within the evaluation budget"
            } else {
                ""
            },
            w.evaluations
        ));
        return out;
    }
    let size = w.answers[0].len();
    out.push_str(&format!(
        "{} smallest set{} ({} event{} each; {} evaluations), each checked by re-evaluation:\n",
        w.answers.len(),
        if w.answers.len() == 1 { "" } else { "s" },
        size,
        if size == 1 { "" } else { "s" },
        w.evaluations
    ));
    for set in &w.answers {
        out.push('\n');
        out.push_str(&format!("  {}\n", sentence(w, ev, set)));
        out.push_str(&format!("    {CSV_HEADER}\n"));
        for &k in set {
            out.push_str(&format!("    {}\n", csv_line(&w.menu[k].event, sym)));
        }
    }
    out
}

/// The answer as JSON: `{ "atom", "rows", "profile", "as_of", "menu": [{"event", "reason"}],
/// "answers": [{"sentence", "events": [CSV line]}], "max_size", "evaluations", "truncated" }`.
pub fn to_json(w: &WhatIf, ev: &Evaluation) -> serde_json::Value {
    use serde_json::json;
    let sym = &ev.dataset.symbols;
    let menu: Vec<_> = w
        .menu
        .iter()
        .map(|c| json!({ "event": csv_line(&c.event, sym), "reason": c.reason }))
        .collect();
    let answers: Vec<_> = w
        .answers
        .iter()
        .map(|set| {
            let events: Vec<String> = set
                .iter()
                .map(|&k| csv_line(&w.menu[k].event, sym))
                .collect();
            json!({ "sentence": sentence(w, ev, set), "events": events })
        })
        .collect();
    json!({
        "atom": w.atom, "rows": w.rows, "profile": w.profile, "as_of": w.as_of.to_string(),
        "menu": menu, "answers": answers, "max_size": w.max_size,
        "evaluations": w.evaluations, "truncated": w.truncated,
    })
}
