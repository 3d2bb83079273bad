//! Why-not: why a row was *not* derived. For each clause that could derive the atom, the
//! generated matcher is run top-down with the atom's given columns; the deepest point each
//! clause reached is reported with the premise that failed there: a missing input row, a
//! derived premise that does not hold (explained in turn, to a depth limit), a guard that
//! did not hold (with its values and profile positions, e.g. a missed window), or a negated
//! premise blocked by an existing row (with that row's proof).

use std::rc::Rc;

use crate::explain::provenance::{Proof, Prover};
use crate::facts::Src;
use crate::rules::catalogue::RuleId;
use crate::rules::engine::{FactLike, Failure, Step, Value, Visitor};
use crate::rules::program::{Fact, Rel, CLAUSES};
use crate::Evaluation;

/// At most this many failures are kept per clause (at its deepest step); the others are
/// counted ([`ClauseFailure::more`]).
const MAX_FAILURES: usize = 12;
/// At most this many other derivations of a blocking row are shown.
const MAX_ALTERNATIVES: usize = 8;

/// Why an atom does not hold.
#[derive(Clone, Debug)]
pub struct WhyNot {
    /// The relation.
    pub rel: &'static str,
    /// The atom's columns (`None`: any value).
    pub pattern: Vec<Option<Value>>,
    /// One entry per clause that could derive it.
    pub clauses: Vec<ClauseFailure>,
    /// A catalogue rule that must be cited when this relation is missing.
    pub note: Option<RuleId>,
}

/// How far one clause got.
#[derive(Clone, Debug)]
pub struct ClauseFailure {
    /// The clause (index into `CLAUSES`).
    pub clause: usize,
    /// Its catalogue rule.
    pub rule: RuleId,
    /// The failures at the deepest body step reached (empty: the clause derives only other
    /// rows).
    pub failures: Vec<FailureNode>,
    /// How many more failures at that step were found but not kept.
    pub more: usize,
}

/// One failed attempt: the steps that held, and the one that failed.
#[derive(Clone, Debug)]
pub struct FailureNode {
    /// Body steps that held before the failure.
    pub held: Vec<Step<Fact>>,
    /// 0-based body position of the failed step.
    pub step: usize,
    /// What failed.
    pub kind: FailureKind,
}

/// What failed.
#[derive(Clone, Debug)]
pub enum FailureKind {
    /// No row matches: an input row that is not there, or a derived row (explained below
    /// unless the depth is spent or the same atom is explained elsewhere in this why-not).
    Missing {
        /// The relation's name.
        rel: &'static str,
        /// The bound columns (`None`: any value).
        pattern: Vec<Option<Value>>,
        /// True for an input relation (a row missing from the dataset).
        input: bool,
        /// Why the derived row does not hold, one level deeper.
        why: Option<Box<WhyNot>>,
        /// True when `why` is `None` because this atom is explained at another place of the
        /// same why-not (each missing atom is explained once).
        repeated: bool,
    },
    /// A negated premise is blocked by an existing row, with its proof of least height and
    /// its other derivations (so that every reason is named, e.g. each failed CM condition
    /// behind `cm_fails`).
    Blocked {
        /// The row that blocks it.
        fact: Fact,
        /// The input row it was read from, for an input relation.
        src: Option<Src>,
        /// Its proof of least height, for a derived row.
        proof: Option<Rc<Proof>>,
        /// Its other derivations (at most a few).
        others: Vec<Rc<Proof>>,
    },
    /// A guard or binding did not hold.
    Guard {
        /// The guard as written in the rule program (for audit formats).
        code: &'static str,
        /// The values of the variables it reads.
        values: Vec<(&'static str, Value)>,
        /// The profile positions it reads.
        positions: &'static [&'static str],
    },
}

struct Record {
    matched: bool,
    deepest: Option<usize>,
    failures: Vec<(Vec<Step<Fact>>, usize, Failure<Fact>)>,
    more: usize,
}

impl Visitor<Fact> for Record {
    fn matched(&mut self, _: &[Step<Fact>]) -> bool {
        self.matched = true;
        false
    }
    fn failed(&mut self, steps: &[Step<Fact>], step: usize, failure: Failure<Fact>) -> bool {
        match self.deepest {
            Some(d) if step < d => return true,
            Some(d) if step > d => {
                self.failures.clear();
                self.more = 0;
            }
            _ => {}
        }
        self.deepest = Some(step);
        if self.failures.len() < MAX_FAILURES {
            self.failures.push((steps.to_vec(), step, failure));
        } else {
            self.more += 1;
        }
        true
    }
}

/// The relation of an atom and its columns typed (`_` → `None`); errors name unknown
/// relations, wrong arity and unknown ids.
pub fn parse_pattern(ev: &Evaluation, text: &str) -> Result<(Rel, Vec<Option<Value>>), String> {
    let atom = crate::explain::provenance::parse_atom(text)?;
    let rel = crate::explain::provenance::relation_of(&atom)?;
    let meta = rel.name();
    let pattern = atom
        .args
        .iter()
        .enumerate()
        .map(|(k, a)| match a {
            None => Ok(None),
            Some(t) => rel
                .parse_value(k, t, &ev.dataset)
                .map(Some)
                .map_err(|e| format!("`{}` column `{}`: {e}", meta.name, meta.columns[k])),
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((rel, pattern))
}

/// The default `--depth` of `why-not`: levels of legal findings explained (method steps,
/// rows that only restate a premise and steps of the same rule are not counted; see
/// [`counts_as_level`]). Enough for every data-model relation of the shipped dataset and
/// the fixtures to reach the input rows or a blocking row (`tests/arguments.rs`).
pub const DEFAULT_DEPTH: usize = 8;

/// True for a relation that is a method step, not a legal finding of its own: every
/// clause deriving it is a STATUS or EARLIEST clause, or its one clause only restates one
/// derived premise (`CmHasWrong(r) <- CmWrong(r, _, _)`). Explanations fold it into the
/// finding that uses it.
pub fn folds(rel: &str) -> bool {
    use crate::rules::engine::BodyMeta;
    let mut clauses = CLAUSES.iter().filter(|c| c.head.name == rel).peekable();
    if clauses.peek().is_none() {
        return false;
    }
    let all: Vec<_> = clauses.collect();
    if all.iter().all(|c| is_method(c.rule)) {
        return true;
    }
    matches!(all.as_slice(), [c] if matches!(c.body, [BodyMeta::Premise { rel, .. }] if !rel.input))
}

/// True for the catalogue's method rules (STATUS, EARLIEST): how conclusions are formed,
/// not rules of law.
pub fn is_method(rule: RuleId) -> bool {
    rule.status() == crate::rules::catalogue::RuleStatus::Method
}

/// Whether explaining why `rel` is missing, asked by a clause of rule `by`, takes one level
/// of the depth: not for a relation that [`folds`], nor for one every clause of which is of
/// rule `by` itself (a duty's row restating the duty: `Obligation <- ActionDuty`).
pub fn counts_as_level(rel: &str, by: RuleId) -> bool {
    !folds(rel)
        && !CLAUSES
            .iter()
            .filter(|c| c.head.name == rel)
            .all(|c| c.rule == by)
}

/// Why no row of `rel` matches `pattern`; `Err` if one does (then `explain` it).
pub fn why_not(
    ev: &Evaluation,
    rel: Rel,
    pattern: &[Option<Value>],
    depth: usize,
) -> Result<WhyNot, String> {
    let sym = &ev.dataset.symbols;
    let holds = ev.model.facts(rel).iter().any(|f| {
        f.values()
            .iter()
            .zip(pattern)
            .all(|(v, w)| w.is_none_or(|w| *v == w))
    });
    if holds {
        let shown: Vec<String> = pattern
            .iter()
            .map(|v| v.map_or("_".into(), |v| v.render(sym)))
            .collect();
        return Err(format!(
            "{}({}) holds; use `diligence explain` to see why",
            rel.name().name,
            shown.join(", ")
        ));
    }
    let mut prover = Prover::new(&ev.model);
    Ok(explain_absence(ev, &mut prover, rel, pattern, depth))
}

/// Why no row of `rel` matches `pattern`, without checking that none does (the caller
/// knows: a premise checked absent in a proof). `depth` counts legal levels as in
/// [`why_not`].
pub fn absence(
    ev: &Evaluation,
    prover: &mut Prover,
    rel: Rel,
    pattern: &[Option<Value>],
    depth: usize,
) -> WhyNot {
    explain_absence(ev, prover, rel, pattern, depth)
}

fn note_for(rel: &str) -> Option<RuleId> {
    match rel {
        "knows" | "knows_at" | "first_knows" => Some(RuleId::KNOW_NO_PRESUMPTION),
        "breach" | "breach_about" | "negligent" | "failed_about" | "failed_state"
        | "obligation" => Some(RuleId::DUTY_COOPERATE_GENERAL),
        _ => None,
    }
}

fn explain_absence(
    ev: &Evaluation,
    prover: &mut Prover,
    rel: Rel,
    pattern: &[Option<Value>],
    depth: usize,
) -> WhyNot {
    let mut seen = std::collections::HashSet::new();
    explain_in(ev, prover, rel, pattern, depth, &mut seen)
}

type Seen = std::collections::HashSet<(&'static str, Vec<Option<Value>>)>;

fn explain_in(
    ev: &Evaluation,
    prover: &mut Prover,
    rel: Rel,
    pattern: &[Option<Value>],
    depth: usize,
    seen: &mut Seen,
) -> WhyNot {
    let meta = rel.name();
    seen.insert((meta.name, pattern.to_vec()));
    let mut clauses = Vec::new();
    for (k, c) in CLAUSES.iter().enumerate() {
        if c.head.name != meta.name {
            continue;
        }
        let mut rec = Record {
            matched: false,
            deepest: None,
            failures: Vec::new(),
            more: 0,
        };
        ev.model.match_clause_partial(k, pattern, &mut rec);
        let failures = rec
            .failures
            .into_iter()
            .map(|(held, step, f)| FailureNode {
                held,
                step,
                kind: failure_kind(ev, prover, f, depth, c.rule, seen),
            })
            .collect();
        clauses.push(ClauseFailure {
            clause: k,
            rule: c.rule,
            failures,
            more: rec.more,
        });
    }
    WhyNot {
        rel: meta.name,
        pattern: pattern.to_vec(),
        clauses,
        note: note_for(meta.name),
    }
}

fn failure_kind(
    ev: &Evaluation,
    prover: &mut Prover,
    f: Failure<Fact>,
    depth: usize,
    by: RuleId,
    seen: &mut Seen,
) -> FailureKind {
    match f {
        Failure::NoMatch { rel, pattern } => {
            let repeated = !rel.input && seen.contains(&(rel.name, pattern.clone()));
            let level = counts_as_level(rel.name, by);
            let why = (!rel.input && !repeated && (!level || depth > 0))
                .then(|| crate::output::relation(rel.name))
                .flatten()
                .map(|r| {
                    let d = if level { depth - 1 } else { depth };
                    Box::new(explain_in(ev, prover, r, &pattern, d, seen))
                });
            FailureKind::Missing {
                rel: rel.name,
                pattern,
                input: rel.input,
                why,
                repeated,
            }
        }
        Failure::Blocked { fact, src } => {
            let proof = prover.prove(&fact);
            let others = if fact.rel().input {
                Vec::new()
            } else {
                let mut all = prover.prove_all(&fact);
                all.retain(|p| proof.as_ref().is_none_or(|q| **p != **q));
                all.truncate(MAX_ALTERNATIVES);
                all
            };
            FailureKind::Blocked {
                fact,
                src,
                proof,
                others,
            }
        }
        Failure::Guard {
            code,
            values,
            positions,
        } => FailureKind::Guard {
            code,
            values,
            positions,
        },
    }
}

fn pattern_text(rel: &str, pattern: &[Option<Value>], ev: &Evaluation) -> String {
    let vals: Vec<String> = pattern
        .iter()
        .map(|v| v.map_or("_".to_string(), |v| v.render(&ev.dataset.symbols)))
        .collect();
    format!("{rel}({})", vals.join(", "))
}

/// Renders a why-not as an indented text tree.
pub fn render_text(w: &WhyNot, ev: &Evaluation) -> String {
    let mut out = String::new();
    render(w, ev, 0, &mut out);
    out
}

fn render(w: &WhyNot, ev: &Evaluation, level: usize, out: &mut String) {
    use std::fmt::Write as _;
    let pad = "  ".repeat(level);
    let sym = &ev.dataset.symbols;
    let _ = writeln!(out, "{pad}why not {}?", pattern_text(w.rel, &w.pattern, ev));
    if let Some(n) = w.note {
        let _ = writeln!(out, "{pad}  note {}: {}", n.code(), n.meaning());
    }
    if w.clauses.is_empty() {
        let _ = writeln!(out, "{pad}  no rule derives `{}`", w.rel);
    }
    for c in &w.clauses {
        let meta = &CLAUSES[c.clause];
        let _ = writeln!(
            out,
            "{pad}  by {} ({}; {}): {}",
            c.rule,
            c.rule.status().as_str(),
            c.rule.source(),
            meta.text
        );
        if c.failures.is_empty() {
            let _ = writeln!(out, "{pad}    does not apply (derives other rows)");
        }
        for f in &c.failures {
            for s in &f.held {
                match s {
                    Step::Premise { fact, .. } if fact.rel().name == "profile" => {
                        let _ = writeln!(
                            out,
                            "{pad}    ✓ profile `{}` (as_of {})",
                            ev.profile.name, ev.params.as_of
                        );
                    }
                    Step::Premise { fact, src } => {
                        let at = src
                            .map(|s| format!("  [input {}]", ev.dataset.symbols.src_text(s)))
                            .unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "{pad}    ✓ {}{at}",
                            crate::explain::provenance::atom_text(fact, sym)
                        );
                    }
                    Step::Absent { rel, pattern } => {
                        let _ =
                            writeln!(out, "{pad}    ✓ no {}", pattern_text(rel.name, pattern, ev));
                    }
                    Step::Guard { code, .. } => {
                        let _ = writeln!(
                            out,
                            "{pad}    ✓ {}",
                            code.split_whitespace().collect::<Vec<_>>().join(" ")
                        );
                    }
                }
            }
            match &f.kind {
                FailureKind::Missing {
                    rel,
                    pattern,
                    input,
                    why,
                    ..
                } => {
                    let what = if *input { "no input row" } else { "no row" };
                    let _ = writeln!(out, "{pad}    ✗ {what} {}", pattern_text(rel, pattern, ev));
                    if let Some(w) = why {
                        render(w, ev, level + 3, out);
                    }
                }
                FailureKind::Blocked {
                    fact,
                    src,
                    proof,
                    others,
                } => {
                    let at = src
                        .map(|s| format!(" [input {}]", ev.dataset.symbols.src_text(s)))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "{pad}    ✗ blocked by {}{at}",
                        crate::explain::provenance::atom_text(fact, sym)
                    );
                    if let Some(p) = proof {
                        for line in crate::explain::provenance::render_text(p, ev, Some(3)).lines()
                        {
                            let _ = writeln!(out, "{pad}        {line}");
                        }
                    }
                    for p in others {
                        let _ = writeln!(out, "{pad}        also derived:");
                        for line in crate::explain::provenance::render_text(p, ev, Some(3)).lines()
                        {
                            let _ = writeln!(out, "{pad}        {line}");
                        }
                    }
                }
                FailureKind::Guard {
                    code,
                    values,
                    positions,
                } => {
                    let mut facts = crate::explain::provenance::guard_facts(values, positions, ev);
                    if let Some((end, hours)) = window_miss(code, values, ev) {
                        facts.push_str(&format!("; the window ended {end}: missed by {hours} h"));
                    }
                    let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
                    let _ = writeln!(out, "{pad}    ✗ does not hold: {code}  [{facts}]");
                }
            }
        }
    }
}

/// For a failed window guard `(t <= since.plus_hours(p.window_hours))` (or the MLA answer
/// window `p.mla_window_hours`, or `end <= t` forms), the window's end and by how many hours
/// it was missed: `(end, hours)`.
pub(crate) fn window_miss(
    code: &str,
    values: &[(&'static str, Value)],
    ev: &Evaluation,
) -> Option<(crate::facts::Time, f64)> {
    let code: String = code.split_whitespace().collect();
    let code = code
        .strip_prefix('(')
        .and_then(|c| c.strip_suffix(')'))
        .unwrap_or(&code);
    let (lhs, rhs) = code.split_once("<=")?;
    // The response window, or (DUTY-MLA) the MLA answer window.
    let (start, hours) = match rhs.split_once(".plus_hours(p.window_hours)") {
        Some((start, _)) => (start, ev.params.window_hours),
        None => (
            rhs.split_once(".plus_hours(p.mla_window_hours)")?.0,
            ev.params.mla_window_hours,
        ),
    };
    let time_of = |name: &str| {
        values.iter().find_map(|(n, v)| match v {
            Value::Time(t) if *n == name => Some(*t),
            _ => None,
        })
    };
    let (t, since) = (time_of(lhs)?, time_of(start)?);
    let end = since.plus_hours(hours);
    (t > end).then(|| (end, (t.0 - end.0) as f64 / 3600.0))
}

/// A why-not as JSON (schema in the README, "JSON formats"): `{ "why_not", "relation",
/// "pattern": {column: value or null}, "note": {rule, meaning} or null, "clauses": [ {
/// "rule", "status", "source", "clause", "applies", "attempts": [ { "held": [STEP],
/// "failed_step", "failure": FAILURE } ] } ] }`. A STEP is `{ "premise": ATOM, "input":
/// "FILE:LINE" }`, `{ "absent": ATOM }` or `{ "guard": CODE }`; a FAILURE is `{ "missing":
/// ATOM, "input": bool, "why_not": WHY_NOT or null }`, `{ "blocked_by": ATOM, "input":
/// "FILE:LINE" or null, "proof": PROOF or null }` or `{ "guard": CODE, "values": {..},
/// "positions": [..], "window_end"?, "missed_by_hours"? }`.
pub fn to_json(w: &WhyNot, ev: &Evaluation) -> serde_json::Value {
    to_json_with(w, ev, None)
}

/// [`to_json`] with the legal argument: the root gains `"argument"` (the argument as
/// `why-not` prints it); the root and every nested why-not gain `"finding"` (the number of
/// the finding that states it, 0 for the claim) and `"text"` (that finding's line, `""`
/// where a method step is folded into the finding that uses it); every attempt gains
/// `"finding"` and `"text"` (the ground that states its failure); proofs of blocking rows
/// are annotated as in [`crate::explain::provenance::to_json_argued`].
pub fn to_json_argued(w: &WhyNot, ev: &Evaluation) -> serde_json::Value {
    let a = crate::explain::argument::Argument::why_not(ev, w);
    let mut j = to_json_with(w, ev, Some(&a));
    j["argument"] = serde_json::Value::String(a.to_text());
    j
}

fn to_json_with(
    w: &WhyNot,
    ev: &Evaluation,
    a: Option<&crate::explain::argument::Argument>,
) -> serde_json::Value {
    use serde_json::{json, Map, Value as J};
    let sym = &ev.dataset.symbols;
    let mark = |m, j: &mut J| crate::explain::argument::json_mark(a.is_some(), m, j);
    let cols = Rel::ALL
        .iter()
        .find(|r| r.name().name == w.rel)
        .map_or(&[][..], |r| r.name().columns);
    let pattern: Map<String, J> = cols
        .iter()
        .zip(&w.pattern)
        .map(|(c, v)| {
            (
                c.to_string(),
                v.map_or(J::Null, |v| J::String(v.render(sym))),
            )
        })
        .collect();
    let step = |s: &Step<Fact>| match s {
        Step::Premise { fact, src } => json!({
            "premise": crate::explain::provenance::atom_text(fact, sym),
            "input": src.map(|s| sym.src_text(s)),
        }),
        Step::Absent { rel, pattern } => json!({ "absent": pattern_text(rel.name, pattern, ev) }),
        Step::Guard { code, .. } => json!({ "guard": code }),
    };
    let clauses: Vec<J> = w
        .clauses
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let attempts: Vec<J> = c
                .failures
                .iter()
                .enumerate()
                .map(|(ai, f)| {
                    let failure = match &f.kind {
                        FailureKind::Missing {
                            rel,
                            pattern,
                            input,
                            why,
                            ..
                        } => json!({
                            "missing": pattern_text(rel, pattern, ev), "input": input,
                            "why_not": why.as_ref().map(|w| to_json_with(w, ev, a)),
                        }),
                        FailureKind::Blocked {
                            fact,
                            src,
                            proof,
                            others,
                        } => json!({
                            "blocked_by": crate::explain::provenance::atom_text(fact, sym),
                            "input": src.map(|s| sym.src_text(s)),
                            "proof": proof.as_ref().map(|p| crate::explain::provenance::to_json_with(p, &ev.dataset, a)),
                            "other_proofs": others.iter().map(|p| crate::explain::provenance::to_json_with(p, &ev.dataset, a)).collect::<Vec<_>>(),
                        }),
                        FailureKind::Guard {
                            code,
                            values,
                            positions,
                        } => {
                            let vals: Map<String, J> = values
                                .iter()
                                .filter(|(_, v)| *v != Value::Profile)
                                .map(|(n, v)| (n.to_string(), J::String(v.render(sym))))
                                .collect();
                            let mut g = json!({ "guard": code, "values": vals, "positions": positions });
                            if let Some((end, hours)) = window_miss(code, values, ev) {
                                g["window_end"] = J::String(end.to_string());
                                g["missed_by_hours"] = json!(hours);
                            }
                            g
                        }
                    };
                    let mut j = json!({
                        "held": f.held.iter().map(step).collect::<Vec<_>>(),
                        "failed_step": f.step + 1,
                        "failure": failure,
                    });
                    mark(a.and_then(|a| a.mark_attempt(w.rel, &w.pattern, ci, ai)), &mut j);
                    j
                })
                .collect();
            json!({
                "rule": c.rule.code(), "status": c.rule.status().as_str(), "source": c.rule.source(),
                "clause": CLAUSES[c.clause].text, "applies": !c.failures.is_empty(),
                "attempts": attempts,
            })
        })
        .collect();
    let mut out = json!({
        "why_not": pattern_text(w.rel, &w.pattern, ev),
        "relation": w.rel,
        "pattern": pattern,
        "note": w.note.map(|n| json!({ "rule": n.code(), "meaning": n.meaning() })),
        "clauses": clauses,
    });
    mark(a.and_then(|a| a.mark_missing(w.rel, &w.pattern)), &mut out);
    out
}

/// A why-not as a Graphviz DOT digraph: the missing atom (dashed), one node per rule that
/// could derive it, and under each its failed step: a missing row (dashed, explained in
/// turn), a blocking row (with the rule that derived it) or a guard that did not hold.
pub fn to_dot(w: &WhyNot, ev: &Evaluation) -> String {
    use std::fmt::Write as _;
    fn esc(s: &str) -> String {
        s.replace('\\', "\\\\").replace('"', "\\\"")
    }
    fn walk(w: &WhyNot, ev: &Evaluation, n: &mut usize, out: &mut String) -> usize {
        let sym = &ev.dataset.symbols;
        let me = *n;
        *n += 1;
        let note = w
            .note
            .map(|r| format!("\\nnote {}", r.code()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  n{me} [shape=box, style=\"rounded,dashed\", color=red, label=\"not {}{note}\"];",
            esc(&pattern_text(w.rel, &w.pattern, ev))
        );
        for c in &w.clauses {
            let cid = *n;
            *n += 1;
            let applies = if c.failures.is_empty() {
                "\\n(derives other rows)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  n{cid} [shape=ellipse, label=\"{} · {}{applies}\"];\n  n{me} -> n{cid};",
                c.rule.code(),
                c.rule.status().as_str()
            );
            for f in &c.failures {
                let fid = *n;
                *n += 1;
                match &f.kind {
                    FailureKind::Missing {
                        why: Some(inner), ..
                    } => {
                        *n -= 1;
                        let sub = walk(inner, ev, n, out);
                        let _ =
                            writeln!(out, "  n{cid} -> n{sub} [label=\"step {}\"];", f.step + 1);
                    }
                    FailureKind::Missing {
                        rel,
                        pattern,
                        input,
                        ..
                    } => {
                        let what = if *input { "no input row" } else { "no row" };
                        let _ = writeln!(
                            out,
                            "  n{fid} [shape=note, style=dashed, color=red, label=\"{what}\\n{}\"];\n  n{cid} -> n{fid} [label=\"step {}\"];",
                            esc(&pattern_text(rel, pattern, ev)),
                            f.step + 1
                        );
                    }
                    FailureKind::Blocked {
                        fact,
                        src,
                        proof,
                        others,
                    } => {
                        // The rules of each derivation and of its derived premises: for
                        // `cm_fails`, the CM condition that failed.
                        let mut rules: Vec<&str> = Vec::new();
                        for p in proof.iter().chain(others) {
                            if let crate::explain::provenance::Node::Derived {
                                rule, steps, ..
                            } = &p.node
                            {
                                rules.push(rule.code());
                                for s in steps {
                                    if let crate::explain::provenance::ProofStep::Premise(q) = s {
                                        if let crate::explain::provenance::Node::Derived {
                                            rule,
                                            ..
                                        } = &q.node
                                        {
                                            rules.push(rule.code());
                                        }
                                    }
                                }
                            }
                        }
                        rules.dedup();
                        let by = if rules.is_empty() {
                            src.map(|s| format!("\\n{}", ev.dataset.symbols.src_text(s)))
                                .unwrap_or_default()
                        } else {
                            format!("\\n[{}]", rules.join(", "))
                        };
                        let _ = writeln!(
                            out,
                            "  n{fid} [shape=box, color=red, label=\"blocked by\\n{}{by}\"];\n  n{cid} -> n{fid} [label=\"step {}\"];",
                            esc(&crate::explain::provenance::atom_text(fact, sym)),
                            f.step + 1
                        );
                    }
                    FailureKind::Guard { values, .. } => {
                        let said = crate::explain::argument::build::failed_guard_sentence(
                            ev, c.clause, &w.pattern, &f.held, f.step, values,
                        )
                        .unwrap_or_else(|| format!("a condition of {} is not met", c.rule.code()));
                        let _ = writeln!(
                            out,
                            "  n{fid} [shape=box, color=red, label=\"does not hold\\n{}\"];\n  n{cid} -> n{fid} [label=\"step {}\"];",
                            esc(&said),
                            f.step + 1
                        );
                    }
                }
            }
        }
        me
    }
    let mut out = String::from(
        "digraph why_not {\n  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=10];\n",
    );
    let mut n = 0;
    walk(w, ev, &mut n, &mut out);
    out.push_str("}\n");
    out
}
