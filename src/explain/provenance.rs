//! Proofs: why a row was derived, as a tree of catalogue rules down to input rows.
//!
//! Nothing is recorded during evaluation. A proof is rebuilt afterwards by running the
//! matchers that the rule macro generated from the very clauses crepe evaluated: for a
//! derived row, every clause with that head is matched top-down over the final model,
//! each complete match is a derivation, and its derived premises are explained in turn.
//! Of several derivations the one of least height is kept (ties: the first in clause
//! order, then in sorted model order), so proofs are deterministic. Heights are searched
//! with a doubling bound (see [`Prover`]), so proofs are finite and of least height also
//! inside cyclic control graphs (ATTR-CONTROL's chain, the only recursive rule).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

use crate::facts::{Src, Symbols};
use crate::rules::catalogue::RuleId;
use crate::rules::engine::{FactLike, Step, Value, Visitor};
use crate::rules::program::{Fact, Model, Rel, CLAUSES};

/// At most this many derivations of one row are considered per clause.
const MAX_MATCHES: usize = 64;

/// A proof of one row.
#[derive(Clone, Debug, PartialEq)]
pub struct Proof {
    /// The row proved.
    pub fact: Fact,
    /// How it holds.
    pub node: Node,
    /// Height: 0 for an input row.
    pub height: u32,
}

/// How a row holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// An input row, at a file and line.
    Input {
        /// The file and line (`None` for the profile tuple, which has no row).
        src: Option<Src>,
    },
    /// Derived by a clause of a catalogue rule from these steps.
    Derived {
        /// The clause, an index into the program's clause table
        /// ([`crate::rules::program::CLAUSES`]).
        clause: usize,
        /// The clause's catalogue rule.
        rule: RuleId,
        /// Its body steps, in the order written.
        steps: Vec<ProofStep>,
    },
}

/// One step of a derivation.
#[derive(Clone, Debug, PartialEq)]
pub enum ProofStep {
    /// A premise, with its own proof.
    Premise(Rc<Proof>),
    /// A negated premise, checked absent: relation and bound columns.
    Absent {
        /// The relation's name.
        rel: &'static str,
        /// The bound columns (`None`: any value).
        pattern: Vec<Option<Value>>,
    },
    /// A guard or binding that held, with its variables' values and the profile positions it reads.
    Guard {
        /// The guard as written in the rule program (for audit formats).
        code: &'static str,
        /// The values of the variables it reads.
        values: Vec<(&'static str, Value)>,
        /// The profile positions it reads (`window_hours`, …).
        positions: &'static [&'static str],
    },
}

struct Collect(Vec<Vec<Step<Fact>>>);
impl Visitor<Fact> for Collect {
    fn matched(&mut self, steps: &[Step<Fact>]) -> bool {
        self.0.push(steps.to_vec());
        self.0.len() < MAX_MATCHES
    }
}

/// Builds proofs over one model, remembering what it proved.
///
/// Proofs are of least height, also inside cyclic control graphs: a row is proved with a
/// height bound (8, 16, 32, …); under bound `b` a derived row takes, over its derivations,
/// the least height of `1 + max(premise heights)` with premises proved under `b - 1`.
/// A proof found under some bound is of least height overall (every proof of height `≤ b`
/// was considered), so it is remembered as such; a failure is remembered with its bound.
/// The bound also makes every search finite without tracking the rows being proved.
pub struct Prover<'m> {
    model: &'m Model,
    memo: HashMap<Fact, Memo>,
    /// Whether some proof asked for was deeper than [`MAX_PROOF_DEPTH`].
    too_deep: bool,
}

#[derive(Clone)]
enum Memo {
    /// The least-height proof.
    Proved(Rc<Proof>),
    /// No proof of height at most this.
    NoneUpTo(u32),
}

/// Height bounds stop doubling here: the deepest proof built ([`MAX_PROOF_DEPTH`]).
const MAX_BOUND: u32 = 1 << 18;

/// How many derived rows one proof may nest (a chain of 10^5 control links, ATTR-CONTROL,
/// nests 10^5): 262 144. The prover recurses once per level, so its caller must give it a
/// stack of about [`PROOF_STACK_PER_LEVEL`] bytes per level (the `diligence` binary runs on
/// a thread with [`PROOF_STACK`] bytes). A row whose every proof is deeper is not proved
/// ([`Prover::too_deep`] then tells).
pub const MAX_PROOF_DEPTH: usize = MAX_BOUND as usize;

/// Stack bytes one level of proof takes at most (proving, rendering, dropping): about 2 KiB
/// measured unoptimised, doubled for margin.
pub const PROOF_STACK_PER_LEVEL: usize = 4096;

/// The stack size that proving, rendering and dropping proofs of [`MAX_PROOF_DEPTH`] levels
/// needs (reserved, not used, unless a proof is that deep).
pub const PROOF_STACK: usize = MAX_PROOF_DEPTH * PROOF_STACK_PER_LEVEL + (64 << 20);

impl<'m> Prover<'m> {
    /// A prover over `model`.
    pub fn new(model: &'m Model) -> Self {
        Prover {
            model,
            memo: HashMap::new(),
            too_deep: false,
        }
    }

    /// True when some row asked for holds in the model but has no proof of at most
    /// [`MAX_PROOF_DEPTH`] levels (so none was returned).
    pub fn too_deep(&self) -> bool {
        self.too_deep
    }

    /// Every derivation of `fact` (one step deep): clause index and steps, in clause order.
    pub fn derivations(&self, fact: &Fact) -> Vec<(usize, Vec<Step<Fact>>)> {
        let name = fact.rel().name;
        let mut out = Vec::new();
        for (k, c) in CLAUSES.iter().enumerate() {
            if c.head.name != name {
                continue;
            }
            let mut col = Collect(Vec::new());
            self.model.match_clause(k, fact, &mut col);
            out.extend(col.0.into_iter().map(|steps| (k, steps)));
        }
        out
    }

    /// A proof of least height of `fact`, or `None` if it does not hold in the model.
    pub fn prove(&mut self, fact: &Fact) -> Option<Rc<Proof>> {
        if !self.model.contains(fact) {
            return None;
        }
        let mut bound = 8;
        loop {
            if let Some(p) = self.bounded(fact, bound) {
                return Some(p);
            }
            if bound >= MAX_BOUND {
                self.too_deep = true;
                return None;
            }
            bound *= 2;
        }
    }

    /// A least-height proof of `fact` of height at most `bound`.
    fn bounded(&mut self, fact: &Fact, bound: u32) -> Option<Rc<Proof>> {
        match self.memo.get(fact) {
            Some(Memo::Proved(p)) => return (p.height <= bound).then(|| p.clone()),
            Some(Memo::NoneUpTo(b)) if *b >= bound => return None,
            _ => {}
        }
        let found = if fact.rel().input {
            self.model.contains(fact).then(|| {
                Rc::new(Proof {
                    fact: *fact,
                    node: Node::Input {
                        src: self.model.source_of(fact),
                    },
                    height: 0,
                })
            })
        } else if bound == 0 {
            None
        } else {
            let mut best: Option<Rc<Proof>> = None;
            for (clause, steps) in self.derivations(fact) {
                if let Some(p) = self.build(fact, clause, steps, bound - 1) {
                    if best.as_ref().is_none_or(|b| p.height < b.height) {
                        best = Some(Rc::new(p));
                    }
                }
            }
            best
        };
        let memo = match &found {
            Some(p) => Memo::Proved(p.clone()),
            None if fact.rel().input => Memo::NoneUpTo(u32::MAX),
            None => Memo::NoneUpTo(bound),
        };
        self.memo.insert(*fact, memo);
        found
    }

    /// Every derivation of `fact` with proofs of least height of its premises (`--all`),
    /// least height first.
    pub fn prove_all(&mut self, fact: &Fact) -> Vec<Rc<Proof>> {
        if fact.rel().input {
            return self.prove(fact).into_iter().collect();
        }
        let Some(least) = self.prove(fact) else {
            return Vec::new();
        };
        let mut all = Vec::new();
        for (clause, steps) in self.derivations(fact) {
            if let Some(p) = self.build(fact, clause, steps, MAX_BOUND) {
                all.push(Rc::new(p));
            }
        }
        // The least-height proof first, then the others by height (stable: clause order).
        all.retain(|p| **p != *least);
        all.sort_by_key(|p| p.height);
        all.insert(0, least);
        all
    }

    fn build(
        &mut self,
        fact: &Fact,
        clause: usize,
        steps: Vec<Step<Fact>>,
        bound: u32,
    ) -> Option<Proof> {
        let mut out = Vec::with_capacity(steps.len());
        let mut height = 0;
        for s in steps {
            out.push(match s {
                Step::Premise { fact: f, src } => {
                    let p = match src {
                        Some(src) => Rc::new(Proof {
                            fact: f,
                            node: Node::Input { src: Some(src) },
                            height: 0,
                        }),
                        None if bound == MAX_BOUND => self.prove(&f)?,
                        None => self.bounded(&f, bound)?,
                    };
                    height = height.max(p.height);
                    ProofStep::Premise(p)
                }
                Step::Absent { rel, pattern } => ProofStep::Absent {
                    rel: rel.name,
                    pattern,
                },
                Step::Guard {
                    code,
                    values,
                    positions,
                } => ProofStep::Guard {
                    code,
                    values,
                    positions,
                },
            });
        }
        Some(Proof {
            fact: *fact,
            node: Node::Derived {
                clause,
                rule: CLAUSES[clause].rule,
                steps: out,
            },
            height: height + 1,
        })
    }
}

/// `relation(v1, v2, …)` with the values rendered.
pub fn atom_text(fact: &Fact, sym: &Symbols) -> String {
    let vals: Vec<String> = fact.values().iter().map(|v| v.render(sym)).collect();
    format!("{}({})", fact.rel().name, vals.join(", "))
}

fn pattern_text(rel: &str, pattern: &[Option<Value>], sym: &Symbols) -> String {
    let vals: Vec<String> = pattern
        .iter()
        .map(|v| v.map_or("_".to_string(), |v| v.render(sym)))
        .collect();
    format!("{rel}({})", vals.join(", "))
}

/// The profile positions a step reads, with their values and where they come from:
/// `window_hours = 72 h (profile `kreuzer-2024`)`.
pub(crate) fn positions_text(ev: &crate::Evaluation, positions: &[&str]) -> String {
    positions
        .iter()
        .map(|key| match *key {
            "as_of" => format!("as_of = {}", ev.params.as_of),
            "any_feasible()" => "feasibility table (CAP-1)".to_string(),
            k => match ev.profile.get(k) {
                Some(p) => format!("{k} = {} ({})", p.display_value(), p.origin),
                None => k.to_string(),
            },
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A guard's variables with their values and the profile positions it reads, as shown in
/// explanations: `since = 2024-03-02T08:00Z, t = …; window_hours = 72 h (profile `…`)`.
pub fn guard_facts(
    values: &[(&'static str, Value)],
    positions: &[&str],
    ev: &crate::Evaluation,
) -> String {
    let sym = &ev.dataset.symbols;
    let vals: Vec<String> = values
        .iter()
        .filter(|(_, v)| *v != Value::Profile)
        .map(|(n, v)| match v {
            Value::Absent => format!("{n} = none (open)"),
            v => format!("{n} = {}", v.render(sym)),
        })
        .collect();
    let mut facts = vals.join(", ");
    if !positions.is_empty() {
        if !facts.is_empty() {
            facts.push_str("; ");
        }
        facts.push_str(&positions_text(ev, positions));
    }
    facts
}

/// Renders a proof as an indented tree, cut at `depth` levels (`None`: whole tree).
pub fn render_text(proof: &Proof, ev: &crate::Evaluation, depth: Option<usize>) -> String {
    let mut out = String::new();
    render_node(proof, ev, depth, 0, &mut out);
    out
}

fn render_node(
    proof: &Proof,
    ev: &crate::Evaluation,
    depth: Option<usize>,
    level: usize,
    out: &mut String,
) {
    let sym = &ev.dataset.symbols;
    let pad = "  ".repeat(level);
    match &proof.node {
        Node::Input { .. } if proof.fact.rel().name == "profile" => {
            let _ = writeln!(
                out,
                "{pad}profile `{}`  [doctrinal profile, as_of {}]",
                ev.profile.name, ev.params.as_of
            );
        }
        Node::Input { src } => {
            let at = src.map(|s| sym.src_text(s)).unwrap_or_default();
            let say =
                crate::explain::sentences::sentence(&proof.fact, &ev.dataset).unwrap_or_default();
            let _ = writeln!(
                out,
                "{pad}{}  [input {at}]: {say}",
                atom_text(&proof.fact, sym)
            );
        }
        Node::Derived {
            clause,
            rule,
            steps,
        } => {
            let _ = writeln!(
                out,
                "{pad}{}  [{rule}, {}; {}]",
                atom_text(&proof.fact, sym),
                rule.status().as_str(),
                rule.source()
            );
            if let Some(say) = crate::explain::sentences::sentence(&proof.fact, &ev.dataset) {
                let _ = writeln!(out, "{pad}  = {say}");
            }
            let note = CLAUSES[*clause].note;
            if !note.is_empty() {
                let _ = writeln!(out, "{pad}  > {note}");
            }
            if depth.is_some_and(|d| level + 1 >= d) {
                let _ = writeln!(
                    out,
                    "{pad}  … (cut at depth {}; {} more step(s))",
                    depth.unwrap_or(0),
                    steps.len()
                );
                return;
            }
            for s in steps {
                match s {
                    ProofStep::Premise(p) => render_node(p, ev, depth, level + 1, out),
                    ProofStep::Absent { rel, pattern } => {
                        let _ = writeln!(
                            out,
                            "{pad}  no {}  [checked absent]",
                            pattern_text(rel, pattern, sym)
                        );
                    }
                    ProofStep::Guard {
                        code,
                        values,
                        positions,
                    } => {
                        let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
                        let facts = guard_facts(values, positions, ev);
                        let _ = writeln!(out, "{pad}  holds: {code}  [{facts}]");
                    }
                }
            }
        }
    }
}

/// A parsed atom: relation name and arguments (`None` for `_`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AtomPattern {
    /// The relation's name.
    pub rel: String,
    /// The arguments; `None` matches any value.
    pub args: Vec<Option<String>>,
}

/// Parses `relation(arg, arg, _)`; arguments may be quoted (`"…"`).
pub fn parse_atom(text: &str) -> Result<AtomPattern, String> {
    let text = text.trim();
    let open = text
        .find('(')
        .ok_or_else(|| format!("expected `relation(arg, …)`, found `{text}`"))?;
    if !text.ends_with(')') {
        return Err(format!("`{text}`: missing closing `)`"));
    }
    let rel = text[..open].trim().to_string();
    if rel.is_empty() || !rel.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("`{text}`: expected a relation name before `(`"));
    }
    let inner = &text[open + 1..text.len() - 1];
    let args = if inner.trim().is_empty() {
        Vec::new()
    } else {
        inner
            .split(',')
            .map(|a| {
                let a = a.trim().trim_matches('"').trim_matches('\'').trim();
                (a != "_").then(|| a.to_string())
            })
            .collect()
    };
    Ok(AtomPattern { rel, args })
}

/// The relation an atom names, checked for arity; unknown names suggest the nearest.
pub fn relation_of(atom: &AtomPattern) -> Result<crate::rules::program::Rel, String> {
    let rel = crate::output::relation(&atom.rel).ok_or_else(|| {
        let near = crate::output::OUTPUT_RELATIONS
            .iter()
            .min_by_key(|c| strsim::levenshtein(c, &atom.rel))
            .copied()
            .unwrap_or("");
        format!("unknown relation `{}`; did you mean `{near}`?", atom.rel)
    })?;
    let meta = rel.name();
    if meta.columns.len() != atom.args.len() {
        return Err(format!(
            "`{}` has {} columns ({}), the atom gives {}",
            meta.name,
            meta.columns.len(),
            meta.columns.join(", "),
            atom.args.len()
        ));
    }
    Ok(rel)
}

/// The rows of the model that match an atom. Arguments are ids as written in the input,
/// or state names (`Borduria` for `BB`); `_` matches anything. Unknown relations, wrong
/// arity and unknown ids are errors, not empty answers.
pub fn find(ev: &crate::Evaluation, atom: &AtomPattern) -> Result<Vec<Fact>, String> {
    let rel = relation_of(atom)?;
    let meta = rel.name();
    let sym = &ev.dataset.symbols;
    let wanted: Vec<Option<String>> = atom
        .args
        .iter()
        .map(|a| {
            a.as_ref().map(|v| {
                ev.dataset
                    .states
                    .iter()
                    .find(|s| s.data.name.eq_ignore_ascii_case(v))
                    .map_or(v.clone(), |s| sym.state(s.data.id).to_string())
            })
        })
        .collect();
    for (col, w) in meta.columns.iter().zip(&wanted) {
        if let Some(w) = w {
            let known = match *col {
                "state" | "injured" | "victim" | "by" | "requester" | "to" => {
                    sym.states.get(w).is_some()
                }
                "incident" => sym.incidents.get(w).is_some(),
                "response" => sym.responses.get(w).is_some(),
                "actor" => sym.actors.get(w).is_some(),
                _ => true,
            };
            if !known {
                return Err(format!("unknown {col} `{w}` in `{}`", meta.name));
            }
        }
    }
    let found = ev
        .model
        .facts(rel)
        .into_iter()
        .filter(|f| {
            f.values()
                .iter()
                .zip(&wanted)
                .all(|(v, w)| w.as_ref().is_none_or(|w| v.render(sym) == *w))
        })
        .collect();
    Ok(sorted_as_output(found, sym))
}

/// Rows in the order `run` prints them: sorted by their rendered values.
pub fn sorted_as_output(facts: Vec<Fact>, sym: &Symbols) -> Vec<Fact> {
    let mut keyed: Vec<(Vec<String>, Fact)> = facts
        .into_iter()
        .map(|f| (f.values().iter().map(|v| v.render(sym)).collect(), f))
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, f)| f).collect()
}

/// A proof as JSON (schema in the README, "JSON formats"): `{ "atom", "relation", "values",
/// "sentence", "rule", "status", "source", "note", "height", "steps": [ … ] }` for derived
/// rows; `{ "atom", "relation", "values", "sentence", "input": "FILE:LINE" }` for input rows. Steps are `{ "premise": PROOF }`, `{ "absent": ATOM }` or
/// `{ "guard": CODE, "values": {var: value}, "positions": [..] }`.
pub fn to_json(proof: &Proof, ds: &crate::facts::Dataset) -> serde_json::Value {
    to_json_with(proof, ds, None)
}

/// [`to_json`] with the legal argument of the proof: the root gains `"argument"` (the
/// argument as `explain` prints it), and every node and every guard or absence step gains
/// `"finding"` (the number of the finding that states it, 0 for the claim; `null` if the
/// argument does not mention it) and `"text"` (what the argument prints for it: the
/// finding's line for a node that is a finding, the ground's text for a row, guard or
/// absence it cites, `""` for a method step folded into the finding that uses it or a row
/// cited elsewhere).
pub fn to_json_argued(proof: &Proof, ev: &crate::Evaluation) -> serde_json::Value {
    let a = crate::explain::argument::Argument::explain(ev, proof);
    let mut j = to_json_with(proof, &ev.dataset, Some(&a));
    j["argument"] = serde_json::Value::String(a.to_text());
    j
}

/// [`to_json`], with the argument's `finding` and `text` on every node and step when `a` is given.
pub fn to_json_with(
    proof: &Proof,
    ds: &crate::facts::Dataset,
    a: Option<&crate::explain::argument::Argument>,
) -> serde_json::Value {
    use serde_json::{json, Map, Value as J};
    let mark = |m, j: &mut J| crate::explain::argument::json_mark(a.is_some(), m, j);
    let sym = &ds.symbols;
    let meta = proof.fact.rel();
    let sentence = crate::explain::sentences::sentence(&proof.fact, ds).unwrap_or_default();
    let values: Map<String, J> = meta
        .columns
        .iter()
        .zip(proof.fact.values())
        .map(|(c, v)| (c.to_string(), J::String(v.render(sym))))
        .collect();
    let mut out = match &proof.node {
        Node::Input { src } => json!({
            "atom": atom_text(&proof.fact, sym), "relation": meta.name, "values": values,
            "sentence": sentence, "input": src.map(|s| sym.src_text(s)).unwrap_or_default(),
        }),
        Node::Derived {
            clause,
            rule,
            steps,
        } => {
            let steps: Vec<J> = steps
                .iter()
                .enumerate()
                .map(|(k, s)| match s {
                    ProofStep::Premise(p) => json!({ "premise": to_json_with(p, ds, a) }),
                    ProofStep::Absent { rel, pattern } => {
                        let mut j = json!({ "absent": pattern_text(rel, pattern, sym) });
                        mark(a.and_then(|a| a.mark_step(&proof.fact, k)), &mut j);
                        j
                    }
                    ProofStep::Guard {
                        code,
                        values,
                        positions,
                    } => {
                        let vals: Map<String, J> = values
                            .iter()
                            .filter(|(_, v)| *v != Value::Profile)
                            .map(|(n, v)| (n.to_string(), J::String(v.render(sym))))
                            .collect();
                        let mut j =
                            json!({ "guard": code, "values": vals, "positions": positions });
                        mark(a.and_then(|a| a.mark_step(&proof.fact, k)), &mut j);
                        j
                    }
                })
                .collect();
            json!({
                "atom": atom_text(&proof.fact, sym), "relation": meta.name, "values": values,
                "sentence": sentence, "rule": rule.code(), "status": rule.status().as_str(), "source": rule.source(),
                "note": CLAUSES[*clause].note, "height": proof.height, "steps": steps,
            })
        }
    };
    mark(a.and_then(|a| a.mark_node(&proof.fact)), &mut out);
    out
}

/// A proof as a Graphviz DOT digraph: one box per row (rule id and status on derived
/// rows, `FILE:LINE` on input rows), edges from a conclusion to its premises; checked
/// absences and guards (as the sentences the argument states) are listed inside the
/// conclusion's box.
pub fn to_dot(proofs: &[Rc<Proof>], ev: &crate::Evaluation) -> String {
    fn esc(s: &str) -> String {
        s.replace('\\', "\\\\").replace('"', "\\\"")
    }
    fn node(
        p: &Proof,
        ev: &crate::Evaluation,
        ids: &mut HashMap<Fact, usize>,
        out: &mut String,
    ) -> usize {
        let sym = &ev.dataset.symbols;
        if let Some(&id) = ids.get(&p.fact) {
            return id;
        }
        let id = ids.len();
        ids.insert(p.fact, id);
        match &p.node {
            Node::Input { src } => {
                let at = src.map(|s| sym.src_text(s)).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  n{id} [shape=note, label=\"{}\\n{}\"];",
                    esc(&atom_text(&p.fact, sym)),
                    esc(&at)
                );
            }
            Node::Derived { rule, steps, .. } => {
                let mut extra = String::new();
                for (k, s) in steps.iter().enumerate() {
                    match s {
                        ProofStep::Absent { rel, pattern } => extra
                            .push_str(&format!("\\nno {}", esc(&pattern_text(rel, pattern, sym)))),
                        ProofStep::Guard { .. } => {
                            if let Some(said) =
                                crate::explain::argument::build::guard_sentence(ev, p, k)
                            {
                                extra.push_str(&format!("\\n{}", esc(&said)));
                            }
                        }
                        ProofStep::Premise(_) => {}
                    }
                }
                let _ = writeln!(
                    out,
                    "  n{id} [shape=box, style=rounded, label=\"{}\\n[{} · {}]{extra}\"];",
                    esc(&atom_text(&p.fact, sym)),
                    rule.code(),
                    rule.status().as_str()
                );
                for s in steps {
                    if let ProofStep::Premise(c) = s {
                        let cid = node(c, ev, ids, out);
                        let _ = writeln!(out, "  n{id} -> n{cid};");
                    }
                }
            }
        }
        id
    }
    let mut out = String::from(
        "digraph proof {\n  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=10];\n",
    );
    let mut ids = HashMap::new();
    for p in proofs {
        node(p, ev, &mut ids, &mut out);
    }
    out.push_str("}\n");
    out
}

/// Re-checks a proof step by step against the rules it cites, independently of how it was
/// found: every derived node must cite the clause's catalogue rule and head relation, have
/// one step per body step of that clause (premise, checked absence, guard, in order), and
/// pass the clause's bottom-up checker (`Model::verify_clause`: the premises bind the
/// clause's variables consistently, are in the model, negated atoms are absent, guards are
/// true and the head follows); every leaf must be an input row at the file and line it
/// cites; heights must add up. The first problem found is returned with the path to it.
pub fn check(proof: &Proof, ev: &crate::Evaluation) -> Result<(), String> {
    check_at(proof, ev, &mut Vec::new())
}

fn check_at(proof: &Proof, ev: &crate::Evaluation, path: &mut Vec<String>) -> Result<(), String> {
    use crate::rules::engine::BodyMeta;
    let sym = &ev.dataset.symbols;
    path.push(atom_text(&proof.fact, sym));
    let fail = |path: &[String], msg: String| Err(format!("{}: {msg}", path.join(" ← ")));
    match &proof.node {
        Node::Input { src } => {
            if !proof.fact.rel().input {
                return fail(path, "a derived row cited as an input row".into());
            }
            if proof.height != 0 {
                return fail(path, format!("an input row of height {}", proof.height));
            }
            let Some(src) = src else {
                return fail(path, "an input row without file and line".into());
            };
            if !ev.model.input_at(&proof.fact, *src) {
                return fail(path, format!("not an input row at {src}"));
            }
        }
        Node::Derived {
            clause,
            rule,
            steps,
        } => {
            let Some(meta) = CLAUSES.get(*clause) else {
                return fail(path, format!("no clause {clause}"));
            };
            if meta.rule != *rule {
                return fail(
                    path,
                    format!("cites {rule} but clause {clause} is {}", meta.rule),
                );
            }
            if meta.head.name != proof.fact.rel().name {
                return fail(
                    path,
                    format!("clause {clause} derives `{}`", meta.head.name),
                );
            }
            if !ev.model.contains(&proof.fact) {
                return fail(path, "the row is not in the model".into());
            }
            if steps.len() != meta.body.len() {
                return fail(
                    path,
                    format!("{} step(s) for a body of {}", steps.len(), meta.body.len()),
                );
            }
            let mut premises = Vec::new();
            let mut height = 0;
            for (k, (step, body)) in steps.iter().zip(meta.body).enumerate() {
                match (step, body) {
                    (ProofStep::Premise(p), BodyMeta::Premise { rel, .. })
                        if p.fact.rel() == *rel =>
                    {
                        premises.push(p.fact);
                        height = height.max(p.height);
                    }
                    (ProofStep::Absent { rel, pattern }, BodyMeta::Absent { rel: want, .. })
                        if *rel == want.name =>
                    {
                        let Some(r) = Rel::ALL.iter().find(|r| r.name().name == *rel) else {
                            return fail(path, format!("step {}: no relation `{rel}`", k + 1));
                        };
                        let present = ev.model.facts(*r).iter().any(|f| {
                            f.values()
                                .iter()
                                .zip(pattern)
                                .all(|(v, p)| p.is_none_or(|p| *v == p))
                        });
                        if present {
                            return fail(path, format!("step {}: `{rel}` is not absent", k + 1));
                        }
                    }
                    (ProofStep::Guard { code, .. }, BodyMeta::Guard { text, .. })
                        if code == text => {}
                    _ => {
                        return fail(
                            path,
                            format!("step {} does not match the clause's body", k + 1),
                        )
                    }
                }
            }
            if let Err(e) = ev.model.verify_clause(*clause, &proof.fact, &premises) {
                return fail(path, format!("{rule}: {e}"));
            }
            if proof.height != height + 1 {
                return fail(
                    path,
                    format!("height {} for premises of height {height}", proof.height),
                );
            }
            for s in steps {
                if let ProofStep::Premise(p) = s {
                    check_at(p, ev, path)?;
                }
            }
        }
    }
    path.pop();
    Ok(())
}
