//! Building an [`Argument`] from a proof or a why-not.
//!
//! The builder first writes *drafts*: one per finding, with references between drafts by
//! temporary ids, in whatever order the proof is walked. A layout pass then numbers the
//! findings in reading order (a finding, then the sub-findings it cites first, depth
//! first), cites each rule in full the first time it is read and by id after, cites each
//! input row once (a ground that only states an already cited row is left out), shows each
//! decision and catalogue note once, and resolves where every proof node is stated (for
//! JSON).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::{Argument, Cite, Claim, Finding, Ground, Mark, MarkKey, Marks, Says, Span, Text};
use crate::explain::provenance::{atom_text, Node, Proof, ProofStep, Prover};
use crate::explain::sentences::{say, say_absent, split_else};
use crate::explain::whynot::{
    self, counts_as_level, folds, is_method, ClauseFailure, FailureKind, WhyNot,
};
use crate::explain::words;
use crate::facts::Src;
use crate::rules::catalogue::RuleId;
use crate::rules::engine::{BodyMeta, ClauseMeta, FactLike, RelMeta, Step, Value};
use crate::rules::program::{Fact, Rel, CLAUSES};
use crate::Evaluation;

/// Levels of legal findings explained for a premise a proof checked absent (its why-not):
/// as many as `why-not` explains by default.
pub const ABSENCE_DEPTH: usize = whynot::DEFAULT_DEPTH;

type Id = usize;

/// A note shown beside a finding, once per argument.
#[derive(Clone, Debug)]
enum Note {
    /// The decision written beside a clause.
    Clause(&'static str),
    /// A catalogue rule that must be cited (KNOW-NO-PRESUMPTION, DUTY-COOPERATE-GENERAL).
    Catalogue(RuleId),
}

#[derive(Clone, Debug, Default)]
struct Draft {
    holds: bool,
    atom: Option<String>,
    statement: Text,
    grounds: Vec<Ground>,
    cites: Vec<RuleId>,
    notes: Vec<Note>,
    /// Drafts to place under this one before those its grounds cite (the claim's findings).
    children: Vec<Id>,
}

#[derive(Clone, Debug)]
enum DraftSays {
    Finding,
    Ground(usize),
    Nothing,
}

/// Builds arguments over one evaluation; each argument is built by a fresh builder.
pub struct Builder<'e> {
    ev: &'e Evaluation,
    prover: Prover<'e>,
    drafts: Vec<Draft>,
    by_fact: HashMap<Fact, Id>,
    by_missing: HashMap<(&'static str, Vec<Option<Value>>), Id>,
    /// The reasons of missing atoms folded into the finding that needed them, to repeat
    /// where the same atom is missing again.
    spliced: HashMap<(&'static str, Vec<Option<Value>>), Vec<Text>>,
    /// Missing atoms whose why-not is one reason, stated where they are needed instead of
    /// as a finding of their own.
    inlined: HashMap<(&'static str, Vec<Option<Value>>), Text>,
    marks: HashMap<MarkKey, (Id, DraftSays)>,
    next_uid: usize,
}

impl<'e> Builder<'e> {
    /// A builder over `ev`.
    pub fn new(ev: &'e Evaluation) -> Self {
        Builder {
            ev,
            prover: Prover::new(&ev.model),
            drafts: vec![Draft::default()],
            by_fact: HashMap::new(),
            by_missing: HashMap::new(),
            spliced: HashMap::new(),
            inlined: HashMap::new(),
            marks: HashMap::new(),
            next_uid: 0,
        }
    }

    /// The argument that `proof`'s row holds.
    pub fn explain(mut self, proof: &Proof) -> Argument {
        let fact = proof.fact;
        let atom = atom_text(&fact, &self.ev.dataset.symbols);
        self.mark(MarkKey::Node(fact), 0, DraftSays::Finding);
        match &proof.node {
            Node::Input { src } => {
                let mut claim = Draft {
                    holds: true,
                    atom: Some(atom),
                    statement: Text::from_marked(&say(&fact, &self.ev.dataset)),
                    ..Draft::default()
                };
                if let Some(src) = src {
                    let mut t = Text::default();
                    cite_rows(&mut t, self.ev, &[*src]);
                    claim.statement.append(&t);
                }
                self.drafts[0] = claim;
            }
            Node::Derived { .. } => {
                self.by_fact.insert(fact, 0);
                let (node, rule, clauses) = self.chain(proof);
                fix_marks(&mut self.marks, 0);
                let grounds = self.grounds_of(node, 0);
                let mut claim = Draft {
                    holds: true,
                    atom: Some(atom),
                    statement: Text::from_marked(&say(&fact, &self.ev.dataset)),
                    cites: vec![rule],
                    notes: clauses
                        .iter()
                        .map(|c| Note::Clause(CLAUSES[*c].note))
                        .collect(),
                    ..Draft::default()
                };
                self.split_claim(&mut claim, grounds);
                self.drafts[0] = claim;
            }
        }
        self.finish()
    }

    /// The argument that no row matches `w`'s atom.
    pub fn why_not(mut self, w: &WhyNot) -> Argument {
        let meta = rel_meta(w.rel);
        let key = (w.rel, w.pattern.clone());
        self.by_missing.insert(key.clone(), 0);
        self.mark(MarkKey::Missing(key.0, key.1), 0, DraftSays::Finding);
        let (grounds, rules, _, notes) = self.reasons(w, 0);
        let mut claim = Draft {
            holds: false,
            atom: Some(pattern_atom(w.rel, &w.pattern, self.ev)),
            statement: Text::from_marked(&say_absent(meta, &w.pattern, &self.ev.dataset)),
            cites: rules,
            notes,
            ..Draft::default()
        };
        if let Some(n) = w.note {
            claim.notes.push(Note::Catalogue(n));
        }
        let facts_before = claim.children.len();
        if w.clauses.iter().all(|c| c.failures.is_empty()) {
            let g = self.ground(
                Text::from_marked(if w.clauses.is_empty() {
                    "no rule of the catalogue derives such a row"
                } else {
                    "no rule of the catalogue derives a row with these values"
                }),
                None,
                None,
            );
            claim.grounds.push(g);
        } else {
            let pure = grounds
                .iter()
                .filter(|g| g.finding.is_some() && is_pure_ref(g))
                .count();
            self.split_claim(&mut claim, grounds);
            // The notes bear on the findings that state the reasons: the decisions of the
            // clauses on the gathered reasons, the catalogue's note on the first finding.
            let gathered = claim.children.len() > facts_before + pure;
            let notes = std::mem::take(&mut claim.notes);
            for n in notes {
                let to = match n {
                    Note::Clause(_) if gathered => claim.children.last(),
                    _ => claim.children.first(),
                };
                match to {
                    Some(&id) => self.drafts[id].notes.push(n),
                    None => claim.notes.push(n),
                }
            }
        }
        self.drafts[0] = claim;
        self.finish()
    }

    /// The claim's grounds: those that are a sub-finding become its findings; the others
    /// are gathered into one finding after them.
    fn split_claim(&mut self, claim: &mut Draft, grounds: Vec<Ground>) {
        let mut rest = Vec::new();
        for g in grounds {
            match g.finding {
                Some(id) if is_pure_ref(&g) => claim.children.push(id),
                _ => rest.push(g),
            }
        }
        if !rest.is_empty() {
            let id = self.new_draft();
            // Marks of the gathered grounds move to their new finding.
            let uids: HashSet<usize> = rest.iter().map(|g| g.uid).collect();
            for (d, says) in self.marks.values_mut() {
                if *d == 0 && matches!(says, DraftSays::Ground(u) if uids.contains(u)) {
                    *d = id;
                }
            }
            self.drafts[id] = Draft {
                holds: claim.holds,
                grounds: rest,
                ..Draft::default()
            };
            claim.children.push(id);
        }
    }

    fn new_draft(&mut self) -> Id {
        self.drafts.push(Draft::default());
        self.drafts.len() - 1
    }

    fn mark(&mut self, key: MarkKey, draft: Id, says: DraftSays) {
        self.marks.entry(key).or_insert((draft, says));
    }

    fn ground(&mut self, text: Text, finding: Option<Id>, row: Option<Src>) -> Ground {
        self.next_uid += 1;
        Ground {
            text,
            finding,
            uid: self.next_uid,
            row,
        }
    }

    /// The node whose steps are the grounds of `proof`'s finding, the rule it cites and the
    /// clauses whose decisions it shows: a method step with one derived premise, and a step
    /// that only restates a premise of its own rule, are merged into that premise.
    fn chain<'p>(&mut self, proof: &'p Proof) -> (&'p Proof, RuleId, Vec<usize>) {
        let mut node = proof;
        let mut clauses = Vec::new();
        let mut rule = None;
        let mut last = RuleId::STATUS;
        while let Node::Derived {
            clause,
            rule: r,
            steps,
        } = &node.node
        {
            clauses.push(*clause);
            last = *r;
            if rule.is_none() && !is_method(*r) {
                rule = Some(*r);
            }
            let mut derived = Vec::new();
            let mut inputs = 0;
            let mut others = 0;
            for s in steps {
                match s {
                    ProofStep::Premise(p) if p.fact.rel().name == "profile" => {}
                    ProofStep::Premise(p) if matches!(p.node, Node::Derived { .. }) => {
                        derived.push(p)
                    }
                    ProofStep::Premise(_) => inputs += 1,
                    _ => others += 1,
                }
            }
            let next = match derived.as_slice() {
                [d] => match &d.node {
                    Node::Derived { rule: dr, .. }
                        if (is_method(*r) && inputs == 0)
                            || (*dr == *r && inputs == 0 && others == 0) =>
                    {
                        Some(d)
                    }
                    _ => None,
                },
                _ => None,
            };
            match next {
                Some(d) => {
                    if !std::ptr::eq(node, proof) {
                        self.mark(MarkKey::Node(node.fact), usize::MAX, DraftSays::Nothing);
                    }
                    // The merged step's own guards and absences say nothing of their own.
                    for (k, s) in steps.iter().enumerate() {
                        match s {
                            // The profile a merged step reads is the finding's too.
                            ProofStep::Premise(p) if p.fact.rel().name == "profile" => {
                                self.mark(MarkKey::Node(p.fact), usize::MAX, DraftSays::Nothing)
                            }
                            ProofStep::Premise(_) => {}
                            _ => self.mark(
                                MarkKey::Step(node.fact, k),
                                usize::MAX,
                                DraftSays::Nothing,
                            ),
                        }
                    }
                    node = d;
                }
                None => break,
            }
        }
        if !std::ptr::eq(node, proof) {
            self.mark(MarkKey::Node(node.fact), usize::MAX, DraftSays::Nothing);
        }
        (node, rule.unwrap_or(last), clauses)
    }

    /// The finding of a derived row (its number if it has one already).
    fn finding_for(&mut self, proofs: &[&Rc<Proof>]) -> Id {
        let fact = proofs[0].fact;
        if let Some(&id) = self.by_fact.get(&fact) {
            return id;
        }
        let id = self.new_draft();
        self.by_fact.insert(fact, id);
        self.mark(MarkKey::Node(fact), id, DraftSays::Finding);
        let mut grounds: Vec<Ground> = Vec::new();
        let mut cites = Vec::new();
        let mut notes = Vec::new();
        for p in proofs {
            let (node, rule, clauses) = self.chain(p);
            fix_marks(&mut self.marks, id);
            if !cites.contains(&rule) {
                cites.push(rule);
            }
            notes.extend(clauses.iter().map(|c| Note::Clause(CLAUSES[*c].note)));
            for g in self.grounds_of(node, id) {
                if !grounds.iter().any(|h| h.text == g.text) {
                    grounds.push(g);
                }
            }
        }
        self.drafts[id] = Draft {
            holds: true,
            atom: Some(atom_text(&fact, &self.ev.dataset.symbols)),
            statement: Text::from_marked(&say(&fact, &self.ev.dataset)),
            grounds,
            cites,
            notes,
            children: Vec::new(),
        };
        id
    }

    /// The grounds of a derivation step: its premises (sub-findings; input rows; method
    /// steps folded in), its checked absences (findings of fact) and its guards (sentences).
    fn grounds_of(&mut self, node: &Proof, host: Id) -> Vec<Ground> {
        let Node::Derived { clause, steps, .. } = &node.node else {
            return Vec::new();
        };
        let meta = &CLAUSES[*clause];
        let method = is_method(meta.rule);
        let env = env_of_proof(meta, &node.fact, steps);
        let facts: Vec<Option<(Fact, bool)>> = steps
            .iter()
            .map(|s| match s {
                ProofStep::Premise(p) if p.fact.rel().name != "profile" => {
                    Some((p.fact, matches!(p.node, Node::Input { .. })))
                }
                _ => None,
            })
            .collect();
        let consumed = if method {
            HashMap::new()
        } else {
            consumed_rows(meta, &facts)
        };
        // Rows cited on a guard's sentence, by the guard's step.
        let mut on_guard: HashMap<usize, Vec<(Fact, Src)>> = HashMap::new();
        let mut out = Vec::new();
        for (k, step) in steps.iter().enumerate() {
            match step {
                ProofStep::Premise(p) if p.fact.rel().name == "profile" => {
                    self.mark(MarkKey::Node(p.fact), host, DraftSays::Nothing);
                }
                ProofStep::Premise(p) => match &p.node {
                    Node::Input { src } => {
                        if let (Some(&g), Some(src)) = (consumed.get(&k), src) {
                            on_guard.entry(g).or_default().push((p.fact, *src));
                            continue;
                        }
                        let mut t = Text::from_marked(&say(&p.fact, &self.ev.dataset));
                        cite_rows(&mut t, self.ev, src.as_slice());
                        let g = self.ground(t, None, *src);
                        self.mark(MarkKey::Node(p.fact), host, DraftSays::Ground(g.uid));
                        out.push(g);
                    }
                    Node::Derived { clause: pc, .. } if is_method(CLAUSES[*pc].rule) => {
                        if !self.by_fact.contains_key(&p.fact) {
                            self.mark(MarkKey::Node(p.fact), host, DraftSays::Nothing);
                        }
                        out.extend(self.grounds_of(p, host));
                    }
                    Node::Derived { .. } => {
                        let id = self.finding_for(&[p]);
                        let mut t = Text::from_marked(&say(&p.fact, &self.ev.dataset));
                        t.push(" (");
                        t.span(Span::Ref { number: id });
                        t.push(")");
                        out.push(self.ground(t, Some(id), None));
                    }
                },
                ProofStep::Absent { rel, pattern } => {
                    if method {
                        self.mark(MarkKey::Step(node.fact, k), host, DraftSays::Nothing);
                        continue;
                    }
                    let g = self.absence_ground(rel, pattern, host);
                    self.mark(MarkKey::Step(node.fact, k), host, DraftSays::Ground(g.uid));
                    out.push(g);
                }
                ProofStep::Guard { .. } => {
                    let BodyMeta::Guard { holds, .. } = meta.body[k] else {
                        continue;
                    };
                    let said = (!method)
                        .then(|| say_guard(holds, &env, self.ev))
                        .flatten()
                        .filter(|s| !s.is_empty());
                    let rows = on_guard.remove(&k).unwrap_or_default();
                    match said {
                        Some(s) => {
                            let mut t = Text::from_marked(&s);
                            let srcs: Vec<Src> = rows.iter().map(|(_, s)| *s).collect();
                            cite_rows(&mut t, self.ev, &srcs);
                            let g = self.ground(t, None, None);
                            self.mark(MarkKey::Step(node.fact, k), host, DraftSays::Ground(g.uid));
                            for (f, _) in &rows {
                                self.mark(MarkKey::Node(*f), host, DraftSays::Ground(g.uid));
                            }
                            out.push(g);
                        }
                        None => self.mark(MarkKey::Step(node.fact, k), host, DraftSays::Nothing),
                    }
                }
            }
        }
        out
    }

    /// A premise checked absent, as a finding of fact: for an input relation the missing
    /// row and its file; for a derived one the finding of its why-not.
    fn absence_ground(&mut self, rel: &'static str, pattern: &[Option<Value>], host: Id) -> Ground {
        let meta = rel_meta(rel);
        let mut t = Text::from_marked(&say_absent(meta, pattern, &self.ev.dataset));
        if meta.input {
            if let Some(file) = input_file(meta) {
                t.push(" (");
                t.span(Span::File { name: file });
                t.push(")");
            }
            return self.ground(t, None, None);
        }
        let key = (rel, pattern.to_vec());
        if let Some(t) = self.inlined.get(&key).cloned() {
            return self.ground(t, None, None);
        }
        let id = match self.by_missing.get(&key) {
            Some(&id) => id,
            None => {
                let r = relation(rel);
                let w = whynot::absence(self.ev, &mut self.prover, r, pattern, ABSENCE_DEPTH);
                let inner = restated(&w);
                let id = self.why_not_finding(inner);
                if !std::ptr::eq(inner, &w) {
                    // The row checked absent only restates the one below it ("fails no
                    // countermeasure condition": no condition is failed): that finding is its.
                    self.mark(
                        MarkKey::Missing(w.rel, w.pattern.clone()),
                        id,
                        DraftSays::Finding,
                    );
                }
                id
            }
        };
        if let Some((t, uid)) = self.try_inline(id, key, host) {
            return Ground {
                text: t,
                finding: None,
                uid,
                row: None,
            };
        }
        t.push(" (");
        t.span(Span::Ref { number: id });
        t.push(")");
        self.ground(t, Some(id), None)
    }

    /// A why-not finding that is one reason without sub-findings or notes is stated where it
    /// is needed (its reason and rule), not as a finding of its own: "no compensation by
    /// Russian Federation to Denmark for `notpetya-2017` is recorded (events.csv)
    /// [RESP-COMPENSATION]". Returns that text and the uid of its ground.
    fn try_inline(
        &mut self,
        id: Id,
        key: (&'static str, Vec<Option<Value>>),
        host: Id,
    ) -> Option<(Text, usize)> {
        let d = &self.drafts[id];
        let [g] = d.grounds.as_slice() else {
            return None;
        };
        if id == 0
            || d.holds
            || !d.notes.is_empty()
            || g.finding.is_some()
            || g.text.0.iter().any(|s| matches!(s, Span::Ref { .. }))
        {
            return None;
        }
        // The statement, unless the reason says it already ("no compensation … is recorded").
        let mut t = if g.text.plain().starts_with(&d.statement.plain()) {
            Text::default()
        } else {
            let mut t = d.statement.clone();
            t.push(": ");
            t
        };
        t.append(&g.text);
        for r in &d.cites {
            t.push(" ");
            t.span(Span::Cite {
                cite: Cite {
                    rule: *r,
                    full: false,
                },
            });
        }
        let uid = g.uid;
        self.inlined.insert(key, t.clone());
        // What the finding would have stated is stated by the ground that inlines it.
        for (d, says) in self.marks.values_mut() {
            if *d == id {
                *d = host;
                if matches!(says, DraftSays::Finding) {
                    *says = DraftSays::Ground(uid);
                }
            }
        }
        Some((t, uid))
    }

    /// The finding that `w`'s atom does not hold (its number if it has one already).
    fn why_not_finding(&mut self, w: &WhyNot) -> Id {
        let key = (w.rel, w.pattern.clone());
        if let Some(&id) = self.by_missing.get(&key) {
            return id;
        }
        let id = self.new_draft();
        self.by_missing.insert(key.clone(), id);
        self.mark(MarkKey::Missing(key.0, key.1), id, DraftSays::Finding);
        let statement =
            Text::from_marked(&say_absent(rel_meta(w.rel), &w.pattern, &self.ev.dataset));
        // Known while the reasons are written (a reason that only restates it is folded).
        self.drafts[id].statement = statement.clone();
        let (grounds, rules, inline, mut notes) = self.reasons(w, id);
        let rules = if inline { Vec::new() } else { rules };
        if let Some(n) = w.note {
            notes.push(Note::Catalogue(n));
        }
        let grounds = if grounds.is_empty() {
            vec![self.ground(
                Text::from_marked("no rule of the catalogue derives a row with these values"),
                None,
                None,
            )]
        } else {
            grounds
        };
        self.drafts[id] = Draft {
            holds: false,
            atom: Some(pattern_atom(w.rel, &w.pattern, self.ev)),
            statement,
            grounds,
            cites: rules,
            notes,
            children: Vec::new(),
        };
        id
    }

    /// Why each way of deriving `w`'s atom fails: one ground per clause that applies (per
    /// group of attempts failing at the same condition), with the rules to cite (once for
    /// the finding when all ways are of one rule; else each ground cites its rule) and the
    /// decisions of the clauses whose failed condition they decide. `claim`: the rules of
    /// the claim are cited on the claim's line.
    fn reasons(&mut self, w: &WhyNot, host: Id) -> (Vec<Ground>, Vec<RuleId>, bool, Vec<Note>) {
        let mut rules: Vec<RuleId> = Vec::new();
        for c in w.clauses.iter().filter(|c| !c.failures.is_empty()) {
            if !is_method(c.rule) && !rules.contains(&c.rule) {
                rules.push(c.rule);
            }
        }
        let inline = rules.len() > 1;
        let mut out: Vec<Ground> = Vec::new();
        let mut notes = Vec::new();
        for (ci, c) in w.clauses.iter().enumerate() {
            if c.failures.is_empty() {
                continue;
            }
            for group in self.groups(w, c) {
                let (grounds, decided) = self.reason(w, c, &group, host, inline);
                if decided && !CLAUSES[c.clause].note.is_empty() {
                    notes.push(Note::Clause(CLAUSES[c.clause].note));
                }
                let mut first = None;
                for g in grounds {
                    let uid = match out.iter().find(|h| h.text == g.text) {
                        Some(h) => h.uid,
                        None => {
                            let uid = g.uid;
                            out.push(g);
                            uid
                        }
                    };
                    first.get_or_insert(uid);
                }
                for &a in &group {
                    let says = first.map_or(DraftSays::Nothing, DraftSays::Ground);
                    self.mark(
                        MarkKey::Attempt(w.rel, w.pattern.clone(), ci, a),
                        host,
                        says,
                    );
                }
            }
        }
        (out, rules, inline, notes)
    }

    /// The attempts of a clause grouped by the condition they fail at: same step, same
    /// missing atom, blocking row or sentence; a group of several attempts must differ only
    /// in one input row, which its ground lists.
    fn groups(&mut self, w: &WhyNot, c: &ClauseFailure) -> Vec<Vec<usize>> {
        let meta = &CLAUSES[c.clause];
        let mut keyed: Vec<(String, Vec<usize>)> = Vec::new();
        for (a, f) in c.failures.iter().enumerate() {
            let key = match &f.kind {
                FailureKind::Missing { rel, pattern, .. } => format!("m{}{pattern:?}", rel),
                FailureKind::Blocked { fact, .. } => format!("b{fact:?}"),
                FailureKind::Guard { values, .. } => {
                    let env = env_of_attempt(meta, &w.pattern, &f.held, values);
                    let fails = fails_of(meta, f.step);
                    format!("g{}", say_guard(fails, &env, self.ev).unwrap_or_default())
                }
            };
            let key = format!("{}:{key}", f.step);
            match keyed.iter_mut().find(|(k, _)| *k == key) {
                Some((_, g)) => g.push(a),
                None => keyed.push((key, vec![a])),
            }
        }
        let mut out = Vec::new();
        for (_, g) in keyed {
            if g.len() > 1 && listed_row(c, &g).is_none() {
                out.extend(g.into_iter().map(|a| vec![a]));
            } else {
                out.push(g);
            }
        }
        out
    }

    /// One reason: the conditions that held (rows and derived rows, non-profile guards),
    /// then what failed. Returns the grounds (several when the failure is a method step
    /// folded in) and whether the clause's decision bears on it (a failed guard, a blocked
    /// negation).
    fn reason(
        &mut self,
        w: &WhyNot,
        c: &ClauseFailure,
        group: &[usize],
        host: Id,
        inline: bool,
    ) -> (Vec<Ground>, bool) {
        let meta = &CLAUSES[c.clause];
        let f0 = &c.failures[group[0]];
        let varying = listed_row(c, group);
        // The conditions that held, common to every attempt of the group; rows whose values
        // a guard states are cited on that guard's sentence.
        let facts: Vec<Option<(Fact, bool)>> = f0
            .held
            .iter()
            .enumerate()
            .map(|(j, s)| match s {
                Step::Premise { fact, src }
                    if fact.rel().name != "profile" && Some(j) != varying =>
                {
                    Some((*fact, src.is_some()))
                }
                _ => None,
            })
            .collect();
        let mut consumed = consumed_rows(meta, &facts);
        consumed.retain(|_, g| *g <= f0.step);
        let mut on_guard: HashMap<usize, Vec<Src>> = HashMap::new();
        for (j, g) in &consumed {
            if let Some(Step::Premise { src: Some(src), .. }) = f0.held.get(*j) {
                on_guard.entry(*g).or_default().push(*src);
            }
        }
        for v in on_guard.values_mut() {
            v.sort_by_key(|s| (s.file.file_name(), s.line));
        }
        let mut ctx: Vec<Text> = Vec::new();
        let mut env: HashMap<&'static str, Value> = HashMap::new();
        for (j, s) in f0.held.iter().enumerate() {
            if Some(j) == varying || consumed.contains_key(&j) {
                continue;
            }
            match s {
                Step::Premise { fact, .. } if fact.rel().name == "profile" => {}
                Step::Premise {
                    fact,
                    src: Some(src),
                } => {
                    let mut t = Text::from_marked(&say(fact, &self.ev.dataset));
                    cite_rows(&mut t, self.ev, &[*src]);
                    ctx.push(t);
                }
                Step::Premise { fact, src: None } => {
                    // A derived row already found in this argument needs no repeating.
                    if self.by_fact.contains_key(fact) {
                        continue;
                    }
                    let mut t = Text::from_marked(&say(fact, &self.ev.dataset));
                    // Where a method step fails at its condition ("the duty is emerging, not
                    // lex lata, so its failure is no breach"), the reason is in the row it
                    // held: cite its finding (why the duty's failure is only emerging).
                    if is_method(meta.rule) && matches!(f0.kind, FailureKind::Guard { .. }) {
                        if let Some(proof) = self.prover.prove(fact) {
                            let id = self.finding_for(&[&proof]);
                            t.push(" (");
                            t.span(Span::Ref { number: id });
                            t.push(")");
                        }
                    }
                    ctx.push(t);
                }
                Step::Guard { .. } => {
                    if let Some(BodyMeta::Guard { holds, reads, .. }) = meta.body.get(j) {
                        if !reads.is_empty() && !is_method(meta.rule) {
                            let e = env_of_attempt(meta, &w.pattern, &f0.held[..=j], &[]);
                            if let Some(s) = say_guard(holds, &e, self.ev).filter(|s| !s.is_empty())
                            {
                                let mut t = Text::from_marked(&s);
                                cite_rows(&mut t, self.ev, on_guard.get(&j).map_or(&[][..], |v| v));
                                ctx.push(t);
                            }
                        }
                    }
                }
                Step::Absent { .. } => {}
            }
        }
        let mut decided = false;
        let failure: Text = match &f0.kind {
            FailureKind::Missing {
                rel,
                pattern,
                input: true,
                ..
            } => {
                let m = rel_meta(rel);
                let mut t = Text::from_marked(&say_absent(m, pattern, &self.ev.dataset));
                if let Some(file) = input_file(m) {
                    t.push(" (");
                    t.span(Span::File { name: file });
                    t.push(")");
                }
                t
            }
            FailureKind::Missing {
                rel, pattern, why, ..
            } => {
                let m = rel_meta(rel);
                let mut t = Text::from_marked(&say_absent(m, pattern, &self.ev.dataset));
                // A row that says what the finding says ("`x` is not significant" under
                // `significant`, the strongest ground, every ground) is no finding of its own.
                let same = t.plain() == self.drafts[host].statement.plain();
                match why {
                    Some(w2)
                        if ctx.is_empty()
                            && (same || folds(w2.rel) || !counts_as_level(w2.rel, c.rule)) =>
                    {
                        // A method step, a restatement of the same rule or of the finding:
                        // its reasons are this reason.
                        self.mark(
                            MarkKey::Missing(w2.rel, w2.pattern.clone()),
                            host,
                            DraftSays::Nothing,
                        );
                        let key = (w2.rel, w2.pattern.clone());
                        self.by_missing.entry(key).or_insert(host);
                        let (mut grounds, rules2, inline2, notes) = self.reasons(w2, host);
                        // The rules the folded finding would have cited, on its grounds.
                        if !inline2 {
                            for g in grounds.iter_mut().filter(|g| g.finding.is_none()) {
                                if !g.text.0.iter().any(|s| matches!(s, Span::Cite { .. })) {
                                    for r in rules2.iter().filter(|r| !is_method(**r)) {
                                        g.text.push(" ");
                                        g.text.span(Span::Cite {
                                            cite: Cite {
                                                rule: *r,
                                                full: false,
                                            },
                                        });
                                    }
                                }
                            }
                        }
                        if inline && !is_method(c.rule) {
                            for g in &mut grounds {
                                if !g.text.0.iter().any(|s| matches!(s, Span::Cite { .. })) {
                                    g.text.push(" ");
                                    g.text.span(Span::Cite {
                                        cite: Cite {
                                            rule: c.rule,
                                            full: false,
                                        },
                                    });
                                }
                            }
                        }
                        self.spliced.insert(
                            (w2.rel, w2.pattern.clone()),
                            grounds.iter().map(|g| g.text.clone()).collect(),
                        );
                        if !notes.is_empty() {
                            self.drafts[host].notes.extend(notes);
                        }
                        if let Some(n) = w2.note {
                            self.drafts[host].notes.push(Note::Catalogue(n));
                        }
                        return (grounds, false);
                    }
                    Some(w2) => {
                        let key = (w2.rel, w2.pattern.clone());
                        let inline = match self.inlined.get(&key).cloned() {
                            Some(t) => Some(t),
                            None => {
                                let id = self.why_not_finding(w2);
                                match self.try_inline(id, key, host) {
                                    Some((t, _)) => Some(t),
                                    None => {
                                        t.push(" (");
                                        t.span(Span::Ref { number: id });
                                        t.push(")");
                                        None
                                    }
                                }
                            }
                        };
                        if let Some(i) = inline {
                            t = i;
                        }
                    }
                    None if self.inlined.contains_key(&(*rel, pattern.clone())) => {
                        t = self.inlined[&(*rel, pattern.clone())].clone();
                    }
                    None if ctx.is_empty()
                        && self.spliced.contains_key(&(*rel, pattern.clone())) =>
                    {
                        let texts = self.spliced[&(*rel, pattern.clone())].clone();
                        let grounds = texts
                            .into_iter()
                            .map(|t| {
                                let finding = t.0.iter().find_map(|s| match s {
                                    Span::Ref { number } => Some(*number),
                                    _ => None,
                                });
                                self.ground(t, finding, None)
                            })
                            .collect();
                        return (grounds, false);
                    }
                    None => match self.by_missing.get(&(*rel, pattern.clone())) {
                        Some(&id) if id != host => {
                            t.push(" (");
                            t.span(Span::Ref { number: id });
                            t.push(")");
                        }
                        Some(_) => {}
                        None => t.push(" (not examined further at this depth)"),
                    },
                }
                t
            }
            FailureKind::Blocked {
                fact,
                src,
                proof,
                others,
            } => {
                decided = true;
                let mut t = Text::from_marked(&say(fact, &self.ev.dataset));
                match (src, proof) {
                    (Some(src), _) => cite_rows(&mut t, self.ev, &[*src]),
                    (None, Some(p)) => {
                        let all: Vec<&Rc<Proof>> = std::iter::once(p).chain(others).collect();
                        let id = self.finding_for(&all);
                        t.push(" (");
                        t.span(Span::Ref { number: id });
                        t.push(")");
                    }
                    (None, None) => {}
                }
                t
            }
            FailureKind::Guard { values, .. } => {
                decided = true;
                let fails = fails_of(meta, f0.step);
                let e = env_of_attempt(meta, &w.pattern, &f0.held, values);
                env.extend(e.iter().map(|(k, v)| (*k, *v)));
                let said = say_guard(fails, &e, self.ev)
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| format!("a condition of {} is not met", c.rule.code()));
                let mut t = Text::from_marked(&said);
                cite_rows(
                    &mut t,
                    self.ev,
                    on_guard.get(&f0.step).map_or(&[][..], |v| v),
                );
                if let Some(j) = varying {
                    t.append(&self.listing(c, group, j));
                }
                t
            }
        };
        let mut text = Text::default();
        if !ctx.is_empty() {
            for (k, piece) in ctx.iter().enumerate() {
                if k > 0 {
                    text.push(if k + 1 == ctx.len() { " and " } else { ", " });
                }
                text.append(piece);
            }
            text.push(", but ");
        }
        text.append(&failure);
        if inline && !is_method(c.rule) {
            text.push(" ");
            text.span(Span::Cite {
                cite: Cite {
                    rule: c.rule,
                    full: false,
                },
            });
        }
        let finding = text.0.iter().find_map(|s| match s {
            Span::Ref { number } => Some(*number),
            _ => None,
        });
        (vec![self.ground(text, finding, None)], decided)
    }

    /// `: FILE lists A (line 36), B (37) and C (38)`: the rows that differ between the
    /// attempts of a group, by the values the failed condition reads.
    fn listing(&self, c: &ClauseFailure, group: &[usize], j: usize) -> Text {
        let meta = &CLAUSES[c.clause];
        let f0 = &c.failures[group[0]];
        let reads: &[&str] = match meta.body.get(f0.step) {
            Some(BodyMeta::Guard { reads, .. }) => reads,
            _ => &[],
        };
        let vars: &[Option<&str>] = match meta.body.get(j) {
            Some(BodyMeta::Premise { vars, .. }) => vars,
            _ => &[],
        };
        let mut t = Text::default();
        let mut file = String::new();
        let mut items: Vec<(Text, Src)> = Vec::new();
        for &a in group {
            if let Some(Step::Premise {
                fact,
                src: Some(src),
            }) = c.failures[a].held.get(j)
            {
                file = src.file.file_name().to_string();
                let values = fact.values();
                let mut label: Vec<String> = Vec::new();
                for (k, v) in vars.iter().enumerate() {
                    if let Some(n) = v {
                        if reads.contains(n) {
                            if let Some(w) = words::value(&values[k], &self.ev.dataset) {
                                label.push(match values[k] {
                                    Value::Time(_) => format!("since {w}"),
                                    _ => w,
                                });
                            }
                        }
                    }
                }
                let label = if label.is_empty() {
                    say(fact, &self.ev.dataset)
                } else {
                    label.join(" ")
                };
                items.push((Text::from_marked(&label), *src));
            }
        }
        t.push(": ");
        t.span(Span::File { name: file });
        t.push(" lists ");
        for (k, (label, src)) in items.iter().enumerate() {
            if k > 0 {
                t.push(if k + 1 == items.len() && c.more == 0 {
                    " and "
                } else {
                    ", "
                });
            }
            t.append(label);
            t.push(" (");
            t.span(Span::Row {
                at: self.ev.dataset.symbols.src_text(*src),
                label: if k == 0 {
                    format!("line {}", src.line)
                } else {
                    src.line.to_string()
                },
            });
            t.push(")");
        }
        if c.more > 0 {
            t.push(&format!(" and {} more", c.more));
        }
        t
    }

    /// Numbers the findings in reading order, cites each rule in full once and each input
    /// row once, shows each note once, and resolves the marks.
    fn finish(self) -> Argument {
        // 1. Numbers: preorder from the claim, children in the order their grounds cite them.
        let mut number: HashMap<Id, usize> = HashMap::new();
        let mut order: Vec<(Id, usize, Option<usize>)> = Vec::new();
        number.insert(0, 0);
        let mut stack: Vec<(Id, usize, Option<usize>)> = Vec::new();
        let top: Vec<Id> = self.drafts[0]
            .children
            .iter()
            .copied()
            .chain(refs(&self.drafts[0]))
            .collect();
        for &c in top.iter().rev() {
            stack.push((c, 1, None));
        }
        while let Some((id, depth, parent)) = stack.pop() {
            if number.contains_key(&id) {
                continue;
            }
            let n = order.len() + 1;
            number.insert(id, n);
            order.push((id, depth, parent));
            let d = &self.drafts[id];
            let kids: Vec<Id> = d.children.iter().copied().chain(refs(d)).collect();
            for &c in kids.iter().rev() {
                if !number.contains_key(&c) {
                    stack.push((c, depth + 1, Some(n)));
                }
            }
        }
        // 2. Text in reading order.
        let mut lay = Layout {
            ev: self.ev,
            number: &number,
            rows: HashSet::new(),
            rules: HashSet::new(),
            notes: HashSet::new(),
            kept: HashMap::new(),
        };
        let d0 = &self.drafts[0];
        let (statement, grounds, cites, notes) = lay.draft(d0);
        let claim = Claim {
            holds: d0.holds,
            atom: d0.atom.clone().unwrap_or_default(),
            statement,
            cites,
            grounds,
            notes,
        };
        let mut findings = Vec::new();
        for &(id, depth, parent) in &order {
            let d = &self.drafts[id];
            let (statement, grounds, cites, notes) = lay.draft(d);
            findings.push(Finding {
                number: findings.len() + 1,
                depth,
                parent,
                holds: d.holds,
                atom: d.atom.clone(),
                statement,
                grounds,
                cites,
                notes,
            });
        }
        let kept = lay.kept;
        // 3. Marks.
        let mut marks = Marks::default();
        for (key, (draft, says)) in self.marks {
            let Some(&n) = number.get(&draft) else {
                continue;
            };
            let says = match says {
                DraftSays::Finding => Says::Finding,
                DraftSays::Nothing => Says::Nothing,
                DraftSays::Ground(uid) => match kept.get(&uid) {
                    Some(t) => Says::Ground(t.clone()),
                    None => Says::Nothing,
                },
            };
            marks.0.insert(key, Mark { finding: n, says });
        }
        Argument {
            claim,
            findings,
            marks,
        }
    }
}

/// The layout pass over drafts in reading order.
struct Layout<'a> {
    ev: &'a Evaluation,
    number: &'a HashMap<Id, usize>,
    /// Rows cited so far (`FILE:LINE`).
    rows: HashSet<String>,
    /// Rules cited so far (in full).
    rules: HashSet<RuleId>,
    /// Notes shown so far.
    notes: HashSet<String>,
    /// The final text of every ground kept, by its uid.
    kept: HashMap<usize, Text>,
}

impl Layout<'_> {
    /// Numbers for references, full or short citations, row citations once.
    fn text(&mut self, t: &Text) -> Text {
        let mut out = Text::default();
        let mut drop_close = false;
        for s in &t.0 {
            match s {
                Span::Rows { rows } => {
                    drop_close = false;
                    let fresh: Vec<String> = rows
                        .iter()
                        .filter(|r| self.rows.insert((*r).clone()))
                        .cloned()
                        .collect();
                    if fresh.is_empty() {
                        // Cited already: leave out the citation and the space before it.
                        if let Some(Span::Plain { text }) = out.0.last_mut() {
                            if text.ends_with(' ') {
                                text.pop();
                            }
                        }
                    } else {
                        out.span(Span::Rows { rows: fresh });
                    }
                }
                Span::Plain { text } if drop_close => {
                    drop_close = false;
                    out.push(text.strip_prefix(')').unwrap_or(text));
                }
                Span::Ref { number: id } => {
                    drop_close = false;
                    out.span(Span::Ref {
                        number: self.number.get(id).copied().unwrap_or(0),
                    })
                }
                Span::Cite { cite } => {
                    drop_close = false;
                    out.span(Span::Cite {
                        cite: Cite {
                            rule: cite.rule,
                            full: self.rules.insert(cite.rule),
                        },
                    })
                }
                s => {
                    drop_close = false;
                    out.span(s.clone())
                }
            }
        }
        out
    }

    fn draft(&mut self, d: &Draft) -> (Text, Vec<Ground>, Vec<Cite>, Vec<Text>) {
        let statement = self.text(&d.statement);
        let mut grounds = Vec::new();
        for (g, also) in merge_grounds(&d.statement, &d.grounds, &d.cites) {
            if let Some(src) = g.row {
                if self.rows.contains(&self.ev.dataset.symbols.src_text(src)) {
                    continue;
                }
            }
            let text = self.text(&g.text);
            for uid in std::iter::once(g.uid).chain(also) {
                self.kept.insert(uid, text.clone());
            }
            grounds.push(Ground {
                text,
                finding: g.finding.and_then(|id| self.number.get(&id).copied()),
                uid: g.uid,
                row: g.row,
            });
        }
        let cites = d
            .cites
            .iter()
            .map(|r| Cite {
                rule: *r,
                full: self.rules.insert(*r),
            })
            .collect();
        let mut notes = Vec::new();
        for n in &d.notes {
            match n {
                Note::Clause(text) if !text.is_empty() => {
                    if self.notes.insert(text.to_string()) {
                        notes.push(Text::from_marked(text));
                    }
                }
                Note::Catalogue(r) => {
                    if self.notes.insert(r.code().to_string()) {
                        let mut t = Text::from_marked(r.meaning().trim_end_matches('.'));
                        t.push(" ");
                        t.span(Span::Cite {
                            cite: Cite {
                                rule: *r,
                                full: self.rules.insert(*r),
                            },
                        });
                        notes.push(t);
                    }
                }
                Note::Clause(_) => {}
            }
        }
        (statement, grounds, cites, notes)
    }
}

/// The grounds of a finding as they are read: a ground's closing citation of a rule the
/// finding cites itself is left out (the finding's citation covers it: not "[CM-PURPOSE]
/// [CM-PURPOSE]"), and grounds that say the same thing under different rules are one ground
/// citing each rule ("no perpetrator of `georgia-2008` is recorded (perpetrators.csv)
/// [ATTR-ORGAN] [ATTR-CONTROL]", not the sentence twice). Each ground comes with the uids of
/// the grounds merged into it. A ground that only restates the finding itself ("`revil` is
/// not under the control of any actor: no control over `revil` is recorded (control.csv);
/// and `revil` is not under the control of any actor") is left out, unless it is the only
/// one.
fn merge_grounds(
    statement: &Text,
    grounds: &[Ground],
    own: &[RuleId],
) -> Vec<(Ground, Vec<usize>)> {
    let mut out: Vec<(Ground, Text, Vec<usize>)> = Vec::new();
    for g in grounds {
        let (body, rules) = trailing_cites(&g.text);
        let rules: Vec<RuleId> = rules.into_iter().filter(|r| !own.contains(r)).collect();
        let restates =
            grounds.len() > 1 && g.finding.is_none() && g.row.is_none() && body == *statement;
        let same = out
            .iter()
            .position(|(p, b, _)| *b == body && p.finding == g.finding && p.row == g.row);
        let into = match (restates, same) {
            (_, Some(k)) => Some(k),
            (true, None) => out.len().checked_sub(1),
            (false, None) => None,
        };
        if let Some((prev, _, also)) = into.and_then(|k| out.get_mut(k)) {
            let (_, known) = trailing_cites(&prev.text);
            for r in rules.into_iter().filter(|r| !known.contains(r)) {
                prev.text.push(" ");
                prev.text.span(Span::Cite {
                    cite: Cite {
                        rule: r,
                        full: false,
                    },
                });
            }
            also.push(g.uid);
            continue;
        }
        let mut text = body.clone();
        for r in rules {
            text.push(" ");
            text.span(Span::Cite {
                cite: Cite {
                    rule: r,
                    full: false,
                },
            });
        }
        out.push((Ground { text, ..g.clone() }, body, Vec::new()));
    }
    out.into_iter().map(|(g, _, also)| (g, also)).collect()
}

/// A text without its closing rule citations (and the space before them), and those rules.
fn trailing_cites(t: &Text) -> (Text, Vec<RuleId>) {
    let mut spans = t.0.clone();
    let mut rules = Vec::new();
    loop {
        match spans.last_mut() {
            Some(Span::Cite { cite }) => {
                rules.push(cite.rule);
                spans.pop();
            }
            Some(Span::Plain { text }) if text.trim_end().len() < text.len() => {
                let kept = text.trim_end().len();
                text.truncate(kept);
                if text.is_empty() {
                    spans.pop();
                }
            }
            _ => break,
        }
    }
    rules.reverse();
    (Text(spans), rules)
}

/// The why-not a why-not only restates: for a relation that [`folds`] (one clause whose
/// only premise is a derived row, such as `cm_fails` over `inadmissible`), the why-not of
/// that premise, so that "fails no countermeasure condition" is not a finding citing "does
/// not fail any countermeasure condition".
fn restated(w: &WhyNot) -> &WhyNot {
    let mut w = w;
    while folds(w.rel) {
        let [c] = w.clauses.as_slice() else { break };
        let [f] = c.failures.as_slice() else { break };
        match &f.kind {
            FailureKind::Missing {
                input: false,
                why: Some(inner),
                ..
            } if f.held.is_empty() && c.more == 0 => w = inner,
            _ => break,
        }
    }
    w
}

/// Marks of merged chain nodes are written with a placeholder draft; give them `id`.
fn fix_marks(marks: &mut HashMap<MarkKey, (Id, DraftSays)>, id: Id) {
    for (d, _) in marks.values_mut() {
        if *d == usize::MAX {
            *d = id;
        }
    }
}

/// The drafts a draft's grounds cite, in order.
fn refs(d: &Draft) -> Vec<Id> {
    let mut out = Vec::new();
    for g in &d.grounds {
        for s in &g.text.0 {
            if let Span::Ref { number } = s {
                out.push(*number);
            }
        }
    }
    out
}

/// True when a ground is only a sub-finding's statement and reference (no other condition).
fn is_pure_ref(g: &Ground) -> bool {
    g.text
        .0
        .iter()
        .filter(|s| matches!(s, Span::Ref { .. } | Span::Row { .. } | Span::File { .. }))
        .count()
        == 1
        && !g.text.0.iter().any(|s| matches!(s, Span::Cite { .. }))
        && !g.text.plain().contains(", but ")
}

/// The held step in which the attempts of a group differ, if it is one input row (listed
/// by the reason) and they agree on every other step.
fn listed_row(c: &ClauseFailure, group: &[usize]) -> Option<usize> {
    if group.len() < 2 {
        return None;
    }
    let f0 = &c.failures[group[0]];
    let mut differ = Vec::new();
    for j in 0..f0.held.len() {
        if group
            .iter()
            .any(|&a| c.failures[a].held.get(j) != f0.held.get(j))
        {
            differ.push(j);
        }
    }
    // The steps after the row (guards reading it) may differ with it.
    let first = *differ.first()?;
    let is_row = |a: usize| {
        matches!(
            c.failures[a].held.get(first),
            Some(Step::Premise { src: Some(_), .. })
        )
    };
    let rest_are_guards = differ[1..].iter().all(|&j| {
        group
            .iter()
            .all(|&a| matches!(c.failures[a].held.get(j), Some(Step::Guard { .. })))
    });
    (group.iter().all(|&a| is_row(a)) && rest_are_guards).then_some(first)
}

/// Appends ` (FILE:LINE; …)`: the citation of input rows.
fn cite_rows(t: &mut Text, ev: &Evaluation, srcs: &[Src]) {
    if srcs.is_empty() {
        return;
    }
    t.push(" ");
    t.span(Span::Rows {
        rows: srcs
            .iter()
            .map(|s| ev.dataset.symbols.src_text(*s))
            .collect(),
    });
}

/// What a guard says when it fails: its `fails` sentence, or for a guard that reads only
/// profile positions (whose one sentence chooses by the position's value) its `holds`.
fn fails_of(meta: &ClauseMeta, step: usize) -> &'static str {
    match meta.body.get(step) {
        Some(BodyMeta::Guard { fails, .. }) if !fails.is_empty() => fails,
        Some(BodyMeta::Guard {
            holds, reads: [], ..
        }) => holds,
        _ => "",
    }
}

/// The sentence of guard step `step` of a proof node, as the argument states it (for DOT
/// labels and other outputs that show one step).
pub fn guard_sentence(ev: &Evaluation, node: &Proof, step: usize) -> Option<String> {
    let Node::Derived { clause, steps, .. } = &node.node else {
        return None;
    };
    let meta = &CLAUSES[*clause];
    let Some(BodyMeta::Guard { holds, .. }) = meta.body.get(step) else {
        return None;
    };
    say_guard(holds, &env_of_proof(meta, &node.fact, steps), ev).filter(|s| !s.is_empty())
}

/// The sentence of a failed guard of a why-not attempt: clause `clause` with the atom's
/// `pattern`, the steps that held and the failed guard's values.
pub fn failed_guard_sentence(
    ev: &Evaluation,
    clause: usize,
    pattern: &[Option<Value>],
    held: &[Step<Fact>],
    step: usize,
    values: &[(&'static str, Value)],
) -> Option<String> {
    let meta = &CLAUSES[clause];
    say_guard(
        fails_of(meta, step),
        &env_of_attempt(meta, pattern, held, values),
        ev,
    )
    .filter(|s| !s.is_empty())
}

/// True for a value that names something (a state, an incident, …) rather than describing
/// it (a time, a number, a closed value).
fn is_name(v: &Value) -> bool {
    matches!(
        v,
        Value::State(_)
            | Value::Incident(_)
            | Value::Actor(_)
            | Value::Response(_)
            | Value::Vuln(_)
            | Value::Campaign(_)
            | Value::Rule(_)
            | Value::Profile
    )
}

/// The input premises of a clause whose describing values a later guard reads (the guard's
/// sentence states them): premise step → that guard's step. Such a row is cited on the
/// guard's sentence instead of being stated on its own.
fn consumed_rows(meta: &ClauseMeta, facts: &[Option<(Fact, bool)>]) -> HashMap<usize, usize> {
    let mut out = HashMap::new();
    for (k, f) in facts.iter().enumerate() {
        let Some((fact, true)) = f else { continue };
        let Some(BodyMeta::Premise { vars, .. }) = meta.body.get(k) else {
            continue;
        };
        let values = fact.values();
        let described: Vec<&str> = vars
            .iter()
            .zip(&values)
            .filter_map(|(n, v)| n.filter(|_| !is_name(v)))
            .collect();
        for (g, b) in meta.body.iter().enumerate().skip(k + 1) {
            if let BodyMeta::Guard {
                reads,
                holds,
                fails,
                ..
            } = b
            {
                if (!holds.is_empty() || !fails.is_empty())
                    && reads.iter().any(|r| described.contains(r))
                {
                    out.insert(k, g);
                    break;
                }
            }
        }
    }
    out
}

/// The relation of a name.
fn relation(name: &str) -> Rel {
    *Rel::ALL
        .iter()
        .find(|r| r.name().name == name)
        .expect("a relation of the program")
}

fn rel_meta(name: &str) -> &'static RelMeta {
    relation(name).name()
}

/// The input file of an input relation, from its documentation (`` `events.csv` kind … ``).
pub fn input_file(rel: &RelMeta) -> Option<String> {
    let doc = rel.doc;
    let start = doc.find('`')? + 1;
    let end = start + doc[start..].find('`')?;
    let name = &doc[start..end];
    name.ends_with(".csv").then(|| name.to_string())
}

/// `rel(a, _, b)` with values as written in the input.
fn pattern_atom(rel: &str, pattern: &[Option<Value>], ev: &Evaluation) -> String {
    let vals: Vec<String> = pattern
        .iter()
        .map(|v| v.map_or("_".to_string(), |v| v.render(&ev.dataset.symbols)))
        .collect();
    format!("{rel}({})", vals.join(", "))
}

/// The values of a derivation's variables: the head's, each premise's columns, and every
/// guard's.
fn env_of_proof(
    meta: &ClauseMeta,
    head: &Fact,
    steps: &[ProofStep],
) -> HashMap<&'static str, Value> {
    let mut env = HashMap::new();
    for (v, x) in meta.head_vars.iter().zip(head.values()) {
        if let Some(n) = v {
            env.insert(*n, x);
        }
    }
    for (s, b) in steps.iter().zip(meta.body) {
        match (s, b) {
            (ProofStep::Premise(p), BodyMeta::Premise { vars, .. }) => {
                for (v, x) in vars.iter().zip(p.fact.values()) {
                    if let Some(n) = v {
                        env.insert(*n, x);
                    }
                }
            }
            (ProofStep::Guard { values, .. }, _) => {
                env.extend(values.iter().map(|(n, v)| (*n, *v)));
            }
            _ => {}
        }
    }
    env
}

/// The values known at a failed step of a why-not: the atom's given columns, the held
/// premises' columns, the held guards' and the failed guard's values.
fn env_of_attempt(
    meta: &ClauseMeta,
    pattern: &[Option<Value>],
    held: &[Step<Fact>],
    failed: &[(&'static str, Value)],
) -> HashMap<&'static str, Value> {
    let mut env = HashMap::new();
    for (v, x) in meta.head_vars.iter().zip(pattern) {
        if let (Some(n), Some(x)) = (v, x) {
            env.insert(*n, *x);
        }
    }
    for (s, b) in held.iter().zip(meta.body) {
        match (s, b) {
            (Step::Premise { fact, .. }, BodyMeta::Premise { vars, .. }) => {
                for (v, x) in vars.iter().zip(fact.values()) {
                    if let Some(n) = v {
                        env.insert(*n, x);
                    }
                }
            }
            (Step::Guard { values, .. }, _) => {
                env.extend(values.iter().map(|(n, v)| (*n, *v)));
            }
            _ => {}
        }
    }
    env.extend(failed.iter().map(|(n, v)| (*n, *v)));
    env
}

/// A guard's sentence filled in: `{x}` by the value of variable `x` in words, `{p.KEY}` by
/// the profile position's value and the profile it comes from (`72 hours (profile
/// kreuzer-2024)`; `{p.as_of}`: the evaluation time), `{x?then|else}` by `then` when `x`
/// is given and not false (for a position: followed by its profile). `None` when a
/// variable is not known (the sentence cannot be said).
pub fn say_guard(
    template: &str,
    env: &HashMap<&'static str, Value>,
    ev: &Evaluation,
) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let mut depth = 1;
        let close = after.char_indices().find_map(|(i, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(i)
        })?;
        let inner = &after[..close];
        let (name, cond) = match inner.split_once('?') {
            Some((n, c)) => (n, Some(c)),
            None => (inner, None),
        };
        if let Some((var, key)) = name.split_once("+p.") {
            // A time plus a number of hours (a window's end).
            let Some(Value::Time(t)) = env.get(var) else {
                return None;
            };
            let hours = ev
                .profile
                .get(key)
                .and_then(|p| p.value.parse::<u32>().ok())
                .or_else(|| (key == "window_hours").then_some(ev.params.window_hours))?;
            out.push_str(&words::date(t.plus_hours(hours)));
            rest = &after[close + 1..];
            continue;
        }
        let position = name.strip_prefix("p.");
        match (position, cond) {
            (Some(key), None) => {
                let (value, _) = words::position(ev, key)?;
                out.push_str(&value);
                if let Some(o) = words::position_origin(ev, key) {
                    out.push_str(&format!(" ({o})"));
                }
            }
            (Some(key), Some(cond)) => {
                let (_, truth) = words::position(ev, key)?;
                let (then, other) = split_else(cond);
                let said = say_guard(if truth { then } else { other }, env, ev)?;
                if !said.is_empty() {
                    out.push_str(&said);
                    if let Some(o) = words::position_origin(ev, key) {
                        out.push_str(&format!(" ({o})"));
                    }
                }
            }
            (None, None) => {
                let v = env.get(name)?;
                out.push_str(&words::value(v, &ev.dataset).unwrap_or_default());
            }
            (None, Some(cond)) => {
                let truth = env.get(name).is_some_and(words::truthy);
                let (then, other) = split_else(cond);
                out.push_str(&say_guard(if truth { then } else { other }, env, ev)?);
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Some(crate::explain::sentences::possessive(&out))
}
