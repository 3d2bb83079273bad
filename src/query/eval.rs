//! Answering a checked [`Program`] over an [`Evaluation`]: relations become column
//! tables (only the columns a query uses are built), each rule's positive atoms are joined
//! in an order that binds columns early, every atom after the first is probed through a
//! hash index on its bound columns (built once per table and column set), negated atoms
//! and comparisons are checked as soon as their variables are bound, and answers are
//! deduplicated and sorted.
//!
//! Values are compared as `diligence run` prints them: every id, name, closed value, rule
//! id and text is interned into one table in which equal spellings get equal numbers
//! (ids of different kinds with the same spelling too), so a join or `=` on text is an
//! integer comparison; times and numbers are compared as times and numbers.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::check::{CArg, CAtom, CConst, CHead, Operand, Program, RelRef, Rule};
use super::parse::{AggFn, Op};
use super::schema::{self, Source};
use crate::eval::Evaluation;
use crate::facts::*;
use crate::rules::engine::{FactLike, Value};
use crate::rules::program::Fact;

/// At most this many contributing bindings are kept per aggregated row for `--explain`.
pub const MAX_AGG_WITNESSES: usize = 8;

/// A value of a query: absent, text (interned), integer or time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Val {
    /// Not given (printed `""`).
    Absent,
    /// Text, by its number in [`Strs`].
    Str(u32),
    /// An integer.
    Int(i64),
    /// A time in seconds since the epoch.
    Time(i64),
}

/// The interned text of one evaluation: incidents keep their own numbers, every other
/// spelling gets the next free number, and a spelling that is already an incident id (or
/// was seen before) gets the same number again.
pub struct Strs<'a> {
    sym: &'a Symbols,
    n_inc: u32,
    by_str: FxHashMap<String, u32>,
    names: Vec<String>,
    statics: FxHashMap<&'static str, Val>,
    kinds: [Option<Vec<Val>>; 5],
}

const K_STATE: usize = 0;
const K_ACTOR: usize = 1;
const K_RESPONSE: usize = 2;
const K_VULN: usize = 3;
const K_CAMPAIGN: usize = 4;

impl<'a> Strs<'a> {
    fn new(sym: &'a Symbols) -> Self {
        Strs {
            sym,
            n_inc: sym.incidents.len() as u32,
            by_str: FxHashMap::default(),
            names: Vec::new(),
            statics: FxHashMap::default(),
            kinds: Default::default(),
        }
    }

    /// The value of a spelling (`""` is absent).
    pub fn intern(&mut self, s: &str) -> Val {
        if s.is_empty() {
            return Val::Absent;
        }
        if let Some(i) = self.sym.incidents.get(s) {
            return Val::Str(i);
        }
        if let Some(&k) = self.by_str.get(s) {
            return Val::Str(k);
        }
        let k = self.n_inc + self.names.len() as u32;
        self.names.push(s.to_string());
        self.by_str.insert(s.to_string(), k);
        Val::Str(k)
    }

    fn intern_static(&mut self, s: &'static str) -> Val {
        if let Some(&v) = self.statics.get(s) {
            return v;
        }
        let v = self.intern(s);
        self.statics.insert(s, v);
        v
    }

    fn kind(&mut self, k: usize, local: u32) -> Val {
        if self.kinds[k].is_none() {
            let interner = match k {
                K_STATE => &self.sym.states,
                K_ACTOR => &self.sym.actors,
                K_RESPONSE => &self.sym.responses,
                K_VULN => &self.sym.vulns,
                _ => &self.sym.campaigns,
            };
            let names: Vec<String> = interner.names().to_vec();
            let table = names.iter().map(|n| self.intern(n)).collect();
            self.kinds[k] = Some(table);
        }
        self.kinds[k]
            .as_ref()
            .map_or(Val::Absent, |t| t[local as usize])
    }

    fn state(&mut self, s: StateId) -> Val {
        self.kind(K_STATE, s.0)
    }
    fn actor(&mut self, a: ActorId) -> Val {
        self.kind(K_ACTOR, a.0)
    }

    fn value_of(&mut self, v: Value) -> Val {
        match v {
            Value::Absent | Value::Profile => Val::Absent,
            Value::State(s) => self.state(s),
            Value::Incident(i) => Val::Str(i.0),
            Value::Actor(a) => self.actor(a),
            Value::Response(r) => self.kind(K_RESPONSE, r.0),
            Value::Vuln(x) => self.kind(K_VULN, x.0),
            Value::Campaign(c) => self.kind(K_CAMPAIGN, c.0),
            Value::Time(t) => Val::Time(t.0),
            Value::Int(n) => Val::Int(n.min(i64::MAX as u64) as i64),
            Value::Bool(b) => self.intern_static(if b { "true" } else { "false" }),
            Value::Rule(r) => self.intern_static(r.code()),
            Value::Sym(s) => self.intern_static(s),
        }
    }

    fn time(t: Option<Time>) -> Val {
        match t {
            Some(t) if !t.is_sentinel() => Val::Time(t.0),
            _ => Val::Absent,
        }
    }

    /// The spelling of text number `k`.
    pub fn text(&self, k: u32) -> &str {
        if k < self.n_inc {
            self.sym.incidents.name(k)
        } else {
            &self.names[(k - self.n_inc) as usize]
        }
    }

    /// A value as `diligence run` prints it.
    pub fn render(&self, v: Val) -> String {
        match v {
            Val::Absent => String::new(),
            Val::Str(k) => self.text(k).to_string(),
            Val::Int(n) => n.to_string(),
            Val::Time(t) => Time(t).to_string(),
        }
    }

    /// The order of answers: absent first, then numbers, times, and text by spelling.
    pub fn order(&self, a: Val, b: Val) -> Ordering {
        let rank = |v: Val| match v {
            Val::Absent => 0,
            Val::Int(_) => 1,
            Val::Time(_) => 2,
            Val::Str(_) => 3,
        };
        match (a, b) {
            (Val::Int(x), Val::Int(y)) | (Val::Time(x), Val::Time(y)) => x.cmp(&y),
            (Val::Str(x), Val::Str(y)) if x == y => Ordering::Equal,
            (Val::Str(x), Val::Str(y)) => self.text(x).cmp(self.text(y)),
            _ => rank(a).cmp(&rank(b)),
        }
    }
}

/// How an atom reaches the rows it may match: the rows whose constant columns hold the
/// atom's constants (found by one sequential scan), indexed on the columns bound by earlier
/// atoms. Built once per table, constants and columns.
enum Index {
    /// No bound column: the rows matching the constants.
    List(Vec<u32>),
    /// One bound column holding dense text numbers (ids): `offsets[k - base]..` by counting sort.
    Dense {
        base: u32,
        offsets: Vec<u32>,
        rows: Vec<u32>,
    },
    /// A hash of the bound columns' values → rows; rows whose key only collides in the hash
    /// are filtered out by the caller.
    Hash {
        slots: FxHashMap<u64, u32>,
        offsets: Vec<u32>,
        rows: Vec<u32>,
    },
}

/// The key of an [`Index`] of a table: constant columns with their values, bound columns.
type AccessKey = (Vec<(usize, Val)>, Vec<usize>);

impl Index {
    fn build(t: &Table, consts: &[(usize, Val)], cols: &[usize]) -> Index {
        let subset: Vec<u32> = if consts.is_empty() {
            (0..t.len as u32).collect()
        } else {
            let cc: Vec<(&[Val], Val)> = consts.iter().map(|&(c, v)| (t.col(c), v)).collect();
            (0..t.len)
                .filter(|&r| cc.iter().all(|(col, v)| col[r] == *v))
                .map(|r| r as u32)
                .collect()
        };
        if cols.is_empty() {
            return Index::List(subset);
        }
        let keys: Vec<&[Val]> = cols.iter().map(|&c| t.col(c)).collect();
        if let [col] = keys[..] {
            // Dense text numbers: a counting sort, no hashing.
            let (mut lo, mut hi, mut dense) = (u32::MAX, 0u32, true);
            for &r in &subset {
                match col[r as usize] {
                    Val::Str(k) => {
                        lo = lo.min(k);
                        hi = hi.max(k);
                    }
                    _ => {
                        dense = false;
                        break;
                    }
                }
            }
            if dense && !subset.is_empty() && ((hi - lo) as usize) < 2 * subset.len() + 1024 {
                let mut offsets = vec![0u32; (hi - lo) as usize + 2];
                for &r in &subset {
                    if let Val::Str(k) = col[r as usize] {
                        offsets[(k - lo) as usize + 1] += 1;
                    }
                }
                for i in 1..offsets.len() {
                    offsets[i] += offsets[i - 1];
                }
                let mut next = offsets.clone();
                let mut rows = vec![0u32; subset.len()];
                for &r in &subset {
                    if let Val::Str(k) = col[r as usize] {
                        let slot = &mut next[(k - lo) as usize];
                        rows[*slot as usize] = r;
                        *slot += 1;
                    }
                }
                return Index::Dense {
                    base: lo,
                    offsets,
                    rows,
                };
            }
        }
        let mut slots: FxHashMap<u64, u32> = FxHashMap::default();
        slots.reserve(subset.len().min(1 << 20));
        let mut counts: Vec<u32> = Vec::new();
        let mut group = Vec::with_capacity(subset.len());
        for &r in &subset {
            let h = hash_key(keys.iter().map(|c| c[r as usize]));
            let g = *slots.entry(h).or_insert_with(|| {
                counts.push(0);
                (counts.len() - 1) as u32
            });
            counts[g as usize] += 1;
            group.push(g);
        }
        let mut offsets = Vec::with_capacity(counts.len() + 1);
        let mut acc = 0u32;
        offsets.push(0);
        for c in &counts {
            acc += c;
            offsets.push(acc);
        }
        let mut next: Vec<u32> = offsets[..counts.len()].to_vec();
        let mut rows = vec![0u32; subset.len()];
        for (&r, g) in subset.iter().zip(group) {
            rows[next[g as usize] as usize] = r;
            next[g as usize] += 1;
        }
        Index::Hash {
            slots,
            offsets,
            rows,
        }
    }

    /// The candidate rows for the bound columns' values.
    fn get(&self, key: impl Iterator<Item = Val> + Clone) -> &[u32] {
        match self {
            Index::List(rows) => rows,
            Index::Dense {
                base,
                offsets,
                rows,
            } => match key.clone().next() {
                Some(Val::Str(k)) if k >= *base && ((k - base) as usize) + 1 < offsets.len() => {
                    let i = (k - base) as usize;
                    &rows[offsets[i] as usize..offsets[i + 1] as usize]
                }
                _ => &[],
            },
            Index::Hash {
                slots,
                offsets,
                rows,
            } => match slots.get(&hash_key(key)) {
                Some(&g) => &rows[offsets[g as usize] as usize..offsets[g as usize + 1] as usize],
                None => &[],
            },
        }
    }
}

fn hash_key(vals: impl Iterator<Item = Val>) -> u64 {
    let mut h = FxHasher::default();
    for v in vals {
        v.hash(&mut h);
    }
    h.finish()
}

/// A relation as columns of values, built column by column as queries need them.
#[derive(Default)]
struct Table {
    len: usize,
    cols: Vec<Option<Vec<Val>>>,
    indexes: FxHashMap<AccessKey, Index>,
    /// The model's tuples, in row order (relations of the rule program).
    facts: Option<Vec<Fact>>,
}

impl Table {
    fn col(&self, c: usize) -> &[Val] {
        self.cols[c].as_deref().unwrap_or(&[])
    }
}

/// One binding of a rule that gave a row of an answer: the rule, its variables' values,
/// and the row each positive atom matched.
#[derive(Clone, Debug)]
pub struct Witness {
    /// The rule (index in the query's rules).
    pub rule: usize,
    /// Each variable's value.
    pub binding: Vec<Val>,
    /// The row of its table each positive atom matched.
    pub rows: Vec<u32>,
}

/// The answer of one query: sorted, distinct rows.
pub struct Answer {
    /// The query's name.
    pub name: String,
    /// Its column names.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Val>>,
    /// For `--explain`: per row, the bindings that gave it (one for a plain row, up to
    /// [`MAX_AGG_WITNESSES`] for an aggregated one), and how many there were in all.
    pub witnesses: Vec<(Vec<Witness>, usize)>,
}

/// The answers of a program over one evaluation.
pub struct Engine<'e> {
    /// The evaluation queried.
    pub ev: &'e Evaluation,
    /// The interned text.
    pub strs: Strs<'e>,
    builtin: Vec<Option<Table>>,
    queries: Vec<Option<Table>>,
    /// One answer per query of the program, in the program's order.
    pub answers: Vec<Answer>,
}

#[derive(Clone, Copy, Debug)]
enum Opnd {
    Var(usize),
    Val(Val),
}

enum Filter {
    Cmp(Opnd, Op, Opnd),
    /// A negated atom: no row with the constants and the bound variables' values.
    Not {
        table: RelRef,
        access: AccessKey,
        vars: Vec<usize>,
    },
}

struct Step {
    atom: usize,
    table: RelRef,
    /// Constant columns and bound columns: the index used.
    access: AccessKey,
    /// The variables whose values are looked up in the bound columns.
    key: Vec<usize>,
    binds: Vec<(usize, usize)>,
    eqs: Vec<(usize, usize)>,
    filters: Vec<Filter>,
}

impl<'e> Engine<'e> {
    /// Answers every query of `prog`, keeping witnesses if `explain`.
    pub fn run(ev: &'e Evaluation, prog: &Program, explain: bool) -> Engine<'e> {
        let mut e = Engine {
            ev,
            strs: Strs::new(&ev.dataset.symbols),
            builtin: (0..schema::relations().len()).map(|_| None).collect(),
            queries: (0..prog.queries.len()).map(|_| None).collect(),
            answers: Vec::new(),
        };
        let timings = std::env::var_os("DILIGENCE_TIMINGS").is_some();
        for (qi, q) in prog.queries.iter().enumerate() {
            let mut rows: Vec<Vec<Val>> = Vec::new();
            let mut witnesses: Vec<(Vec<Witness>, usize)> = Vec::new();
            if q.aggregate {
                e.aggregate(&q.rules[0], explain, &mut rows, &mut witnesses);
            } else {
                let mut seen: FxHashMap<Vec<Val>, u32> = FxHashMap::default();
                for (ri, rule) in q.rules.iter().enumerate() {
                    let t0 = std::time::Instant::now();
                    let plan = e.plan(rule);
                    let t1 = std::time::Instant::now();
                    let mut buf = Vec::with_capacity(rule.head.len());
                    let consts: Vec<Option<Val>> = rule
                        .head
                        .iter()
                        .map(|h| match h {
                            CHead::Const(c) => Some(e.constant(c)),
                            _ => None,
                        })
                        .collect();
                    e.execute(rule, &plan, &mut |binding, matched| {
                        buf.clear();
                        for (h, c) in rule.head.iter().zip(&consts) {
                            buf.push(match (h, c) {
                                (_, Some(v)) => *v,
                                (CHead::Var(v), None) => binding[*v],
                                _ => Val::Absent,
                            });
                        }
                        if seen.contains_key(buf.as_slice()) {
                            return;
                        }
                        seen.insert(buf.clone(), seen.len() as u32);
                        if explain {
                            witnesses.push((
                                vec![Witness {
                                    rule: ri,
                                    binding: binding.to_vec(),
                                    rows: matched.to_vec(),
                                }],
                                1,
                            ));
                        }
                    });
                    if timings {
                        eprintln!(
                            "  query {} rule {}: tables and indexes {:.2?}, join {:.2?}",
                            q.name,
                            ri + 1,
                            t1 - t0,
                            t1.elapsed()
                        );
                    }
                }
                rows = vec![Vec::new(); seen.len()];
                for (row, k) in seen {
                    rows[k as usize] = row;
                }
            }
            // Sort, carrying the witnesses along: text by spelling, through the rank of
            // each distinct text value (one string comparison per pair of distinct values).
            let t_sort = std::time::Instant::now();
            let mut texts: Vec<u32> = rows
                .iter()
                .flatten()
                .filter_map(|v| match v {
                    Val::Str(k) => Some(*k),
                    _ => None,
                })
                .collect();
            texts.sort_unstable();
            texts.dedup();
            let strs = &e.strs;
            texts.sort_by(|a, b| strs.text(*a).cmp(strs.text(*b)));
            let mut rank: FxHashMap<u32, u32> = FxHashMap::default();
            rank.reserve(texts.len());
            for (i, k) in texts.iter().enumerate() {
                rank.insert(*k, i as u32);
            }
            let key = |v: &Val| -> (u8, i64) {
                match v {
                    Val::Absent => (0, 0),
                    Val::Int(n) => (1, *n),
                    Val::Time(t) => (2, *t),
                    Val::Str(k) => (3, i64::from(rank[k])),
                }
            };
            let keys: Vec<Vec<(u8, i64)>> =
                rows.iter().map(|r| r.iter().map(key).collect()).collect();
            let mut perm: Vec<usize> = (0..rows.len()).collect();
            perm.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]));
            drop(keys);
            if timings {
                eprintln!(
                    "  query {}: {} rows sorted in {:.2?}",
                    q.name,
                    rows.len(),
                    t_sort.elapsed()
                );
            }
            let sorted_rows: Vec<Vec<Val>> =
                perm.iter().map(|&k| std::mem::take(&mut rows[k])).collect();
            let sorted_w = if explain {
                perm.iter()
                    .map(|&k| std::mem::take(&mut witnesses[k]))
                    .collect()
            } else {
                Vec::new()
            };
            let ncols = q.columns.len();
            let mut cols: Vec<Vec<Val>> = vec![Vec::with_capacity(sorted_rows.len()); ncols];
            for r in &sorted_rows {
                for (c, v) in r.iter().enumerate() {
                    cols[c].push(*v);
                }
            }
            e.queries[qi] = Some(Table {
                len: sorted_rows.len(),
                cols: cols.into_iter().map(Some).collect(),
                indexes: FxHashMap::default(),
                facts: None,
            });
            e.answers.push(Answer {
                name: q.name.clone(),
                columns: q.columns.clone(),
                rows: sorted_rows,
                witnesses: sorted_w,
            });
        }
        e
    }

    fn constant(&mut self, c: &CConst) -> Val {
        match c {
            CConst::Absent => Val::Absent,
            CConst::Text(s) => self.strs.intern(s),
            CConst::Int(n) => Val::Int(*n),
            CConst::Time(t) => Val::Time(*t),
        }
    }

    fn operand(&mut self, o: &Operand) -> Opnd {
        match o {
            Operand::Var(v) => Opnd::Var(*v),
            Operand::Const(c) => Opnd::Val(self.constant(c)),
        }
    }

    fn table(&self, r: RelRef) -> &Table {
        static EMPTY: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
        let t = match r {
            RelRef::Builtin(b) => self.builtin[b].as_ref(),
            RelRef::Query(q) => self.queries[q].as_ref(),
        };
        t.unwrap_or_else(|| EMPTY.get_or_init(Table::default))
    }

    fn len(&mut self, r: RelRef) -> usize {
        match r {
            RelRef::Builtin(b) => {
                self.ensure(b, &[]);
                self.table(r).len
            }
            RelRef::Query(_) => self.table(r).len,
        }
    }

    /// Makes sure the columns `cols` of built-in relation `b` are built.
    fn ensure(&mut self, b: usize, cols: &[usize]) {
        let rs = &schema::relations()[b];
        let ev = self.ev;
        if self.builtin[b].is_none() {
            let (len, facts) = match rs.source {
                Source::File(f) => (file_len(&ev.dataset, f), None),
                Source::Rel(rel) => {
                    let facts = ev.model.facts(rel);
                    (facts.len(), Some(facts))
                }
            };
            self.builtin[b] = Some(Table {
                len,
                cols: vec![None; rs.columns.len()],
                indexes: FxHashMap::default(),
                facts,
            });
        }
        let table = self.builtin[b].as_mut().expect("table just made");
        let missing: Vec<usize> = cols
            .iter()
            .copied()
            .filter(|&c| table.cols[c].is_none())
            .collect();
        if missing.is_empty() {
            return;
        }
        match rs.source {
            Source::File(f) => {
                for c in missing {
                    table.cols[c] =
                        Some(file_column(&ev.dataset, f, rs.columns[c], &mut self.strs));
                }
            }
            Source::Rel(_) => {
                let facts = table.facts.as_deref().unwrap_or(&[]);
                let mut out: Vec<Vec<Val>> = vec![Vec::with_capacity(facts.len()); missing.len()];
                for f in facts {
                    let vals = f.values();
                    for (k, &c) in missing.iter().enumerate() {
                        out[k].push(self.strs.value_of(vals[c]));
                    }
                }
                for (c, col) in missing.into_iter().zip(out) {
                    table.cols[c] = Some(col);
                }
            }
        }
    }

    fn ensure_index(&mut self, r: RelRef, key: &AccessKey) {
        if let RelRef::Builtin(b) = r {
            let cols: Vec<usize> = key
                .0
                .iter()
                .map(|(c, _)| *c)
                .chain(key.1.iter().copied())
                .collect();
            self.ensure(b, &cols);
        }
        let t = match r {
            RelRef::Builtin(b) => self.builtin[b].as_mut(),
            RelRef::Query(q) => self.queries[q].as_mut(),
        };
        let Some(t) = t else { return };
        if (key.0.is_empty() && key.1.is_empty()) || t.indexes.contains_key(key) {
            return;
        }
        let idx = Index::build(t, &key.0, &key.1);
        t.indexes.insert(key.clone(), idx);
    }

    /// Orders the positive atoms greedily (most bound columns first, then the smaller
    /// relation), and places each comparison and negation right after the atom that binds
    /// its last variable.
    fn plan(&mut self, rule: &Rule) -> (Vec<Filter>, Vec<Step>) {
        let mut bound = vec![false; rule.vars.len()];
        let mut left: Vec<usize> = (0..rule.atoms.len()).collect();
        let sizes: Vec<usize> = rule.atoms.iter().map(|a| self.len(a.rel)).collect();
        let mut steps = Vec::new();
        while !left.is_empty() {
            let score = |a: &CAtom| {
                a.args
                    .iter()
                    .filter(|x| match x {
                        CArg::Const(_) => true,
                        CArg::Var(v) => bound[*v],
                        CArg::Any => false,
                    })
                    .count()
            };
            let (pick, _) = left
                .iter()
                .enumerate()
                .min_by_key(|(_, &k)| (std::cmp::Reverse(score(&rule.atoms[k])), sizes[k], k))
                .expect("atoms left");
            let k = left.remove(pick);
            let atom = &rule.atoms[k];
            let mut step = Step {
                atom: k,
                table: atom.rel,
                access: (Vec::new(), Vec::new()),
                key: Vec::new(),
                binds: Vec::new(),
                eqs: Vec::new(),
                filters: Vec::new(),
            };
            for (c, arg) in atom.args.iter().enumerate() {
                match arg {
                    CArg::Any => {}
                    CArg::Const(cc) => {
                        let v = self.constant(cc);
                        step.access.0.push((c, v));
                    }
                    CArg::Var(v) if bound[*v] => {
                        if step.binds.iter().any(|(_, b)| b == v) {
                            step.eqs.push((c, *v));
                        } else {
                            step.access.1.push(c);
                            step.key.push(*v);
                        }
                    }
                    CArg::Var(v) => {
                        bound[*v] = true;
                        step.binds.push((c, *v));
                    }
                }
            }
            let used: Vec<usize> = atom
                .args
                .iter()
                .enumerate()
                .filter(|(_, a)| !matches!(a, CArg::Any))
                .map(|(c, _)| c)
                .collect();
            if let RelRef::Builtin(b) = atom.rel {
                self.ensure(b, &used);
            }
            self.ensure_index(atom.rel, &step.access);
            steps.push(step);
        }
        // Filters: after the step that binds their last variable, or before everything.
        let mut pre = Vec::new();
        let bound_after = |steps: &[Step], vars: &[usize]| -> Option<usize> {
            let mut last = None;
            for v in vars {
                let k = steps
                    .iter()
                    .position(|s| s.binds.iter().any(|(_, b)| b == v))?;
                last = Some(last.map_or(k, |l: usize| l.max(k)));
            }
            last
        };
        let mut placed: Vec<(Option<usize>, Filter)> = Vec::new();
        for c in &rule.cmps {
            let vars: Vec<usize> = [&c.left, &c.right]
                .iter()
                .filter_map(|o| match o {
                    Operand::Var(v) => Some(*v),
                    Operand::Const(_) => None,
                })
                .collect();
            let at = bound_after(&steps, &vars);
            let (l, r) = (self.operand(&c.left), self.operand(&c.right));
            placed.push((at, Filter::Cmp(l, c.op, r)));
        }
        for n in &rule.negs {
            let mut access: AccessKey = (Vec::new(), Vec::new());
            let mut vars = Vec::new();
            for (c, arg) in n.args.iter().enumerate() {
                match arg {
                    CArg::Any => {}
                    CArg::Const(cc) => {
                        let v = self.constant(cc);
                        access.0.push((c, v));
                    }
                    CArg::Var(v) => {
                        vars.push(*v);
                        access.1.push(c);
                    }
                }
            }
            if let RelRef::Builtin(b) = n.rel {
                self.ensure(b, &[]);
            }
            self.ensure_index(n.rel, &access);
            let at = bound_after(&steps, &vars);
            placed.push((
                at,
                Filter::Not {
                    table: n.rel,
                    access,
                    vars,
                },
            ));
        }
        for (at, f) in placed {
            match at {
                Some(k) => steps[k].filters.push(f),
                None => pre.push(f),
            }
        }
        (pre, steps)
    }

    fn filter_holds(&self, f: &Filter, binding: &[Val]) -> bool {
        let val = |o: &Opnd| match o {
            Opnd::Var(v) => binding[*v],
            Opnd::Val(x) => *x,
        };
        match f {
            Filter::Cmp(l, op, r) => compare(val(l), *op, val(r)),
            Filter::Not {
                table,
                access,
                vars,
            } => {
                let t = self.table(*table);
                if access.0.is_empty() && access.1.is_empty() {
                    return t.len == 0;
                }
                let Some(idx) = t.indexes.get(access) else {
                    return true;
                };
                !idx.get(vars.iter().map(|v| binding[*v])).iter().any(|&r| {
                    access
                        .1
                        .iter()
                        .zip(vars)
                        .all(|(c, v)| t.col(*c)[r as usize] == binding[*v])
                })
            }
        }
    }

    /// Runs a planned rule, calling `sink` with each binding and the rows it matched.
    fn execute(
        &self,
        rule: &Rule,
        plan: &(Vec<Filter>, Vec<Step>),
        sink: &mut dyn FnMut(&[Val], &[u32]),
    ) {
        let (pre, steps) = plan;
        let mut binding = vec![Val::Absent; rule.vars.len()];
        if !pre.iter().all(|f| self.filter_holds(f, &binding)) {
            return;
        }
        let mut matched = vec![0u32; rule.atoms.len()];
        self.dfs(steps, 0, &mut binding, &mut matched, sink);
    }

    fn dfs(
        &self,
        steps: &[Step],
        k: usize,
        binding: &mut Vec<Val>,
        matched: &mut Vec<u32>,
        sink: &mut dyn FnMut(&[Val], &[u32]),
    ) {
        let Some(step) = steps.get(k) else {
            sink(binding, matched);
            return;
        };
        let t = self.table(step.table);
        let scan = step.access.0.is_empty() && step.access.1.is_empty();
        let keyed: &[u32] = if scan {
            &[]
        } else {
            match t.indexes.get(&step.access) {
                Some(idx) => idx.get(step.key.iter().map(|v| binding[*v])),
                None => &[],
            }
        };
        let n = if scan { t.len } else { keyed.len() };
        // One loop body for a scan and for index candidates (no boxed iterator per step).
        #[allow(clippy::needless_range_loop)]
        'rows: for j in 0..n {
            let r = if scan { j as u32 } else { keyed[j] };
            let r_us = r as usize;
            for (c, v) in step.access.1.iter().zip(&step.key) {
                if t.col(*c)[r_us] != binding[*v] {
                    continue 'rows;
                }
            }
            for &(c, v) in &step.binds {
                binding[v] = t.col(c)[r_us];
            }
            for &(c, v) in &step.eqs {
                if t.col(c)[r_us] != binding[v] {
                    continue 'rows;
                }
            }
            if !step.filters.iter().all(|f| self.filter_holds(f, binding)) {
                continue;
            }
            matched[step.atom] = r;
            self.dfs(steps, k + 1, binding, matched, sink);
        }
    }

    /// An aggregating rule: over the distinct bindings of the body's variables, grouped by
    /// the head's other columns.
    fn aggregate(
        &mut self,
        rule: &Rule,
        explain: bool,
        rows: &mut Vec<Vec<Val>>,
        witnesses: &mut Vec<(Vec<Witness>, usize)>,
    ) {
        #[derive(Clone)]
        enum Acc {
            Count(i64),
            Sum(i128),
            Min(Option<Val>),
            Max(Option<Val>),
        }
        let plan = self.plan(rule);
        let consts: Vec<Option<Val>> = rule
            .head
            .iter()
            .map(|h| match h {
                CHead::Const(c) => Some(self.constant(c)),
                _ => None,
            })
            .collect();
        let init: Vec<Acc> = rule
            .head
            .iter()
            .filter_map(|h| match h {
                CHead::Agg(AggFn::Count, _) => Some(Acc::Count(0)),
                CHead::Agg(AggFn::Sum, _) => Some(Acc::Sum(0)),
                CHead::Agg(AggFn::Min, _) => Some(Acc::Min(None)),
                CHead::Agg(AggFn::Max, _) => Some(Acc::Max(None)),
                _ => None,
            })
            .collect();
        let mut seen: FxHashSet<Vec<Val>> = FxHashSet::default();
        let mut groups: FxHashMap<Vec<Val>, (Vec<Acc>, Vec<Witness>, usize)> = FxHashMap::default();
        let mut order: Vec<Vec<Val>> = Vec::new();
        let strs = &self.strs;
        let mut key = Vec::new();
        self.execute(rule, &plan, &mut |binding, matched| {
            if seen.contains(binding) {
                return;
            }
            seen.insert(binding.to_vec());
            key.clear();
            for (h, c) in rule.head.iter().zip(&consts) {
                match (h, c) {
                    (_, Some(v)) => key.push(*v),
                    (CHead::Var(v), None) => key.push(binding[*v]),
                    _ => {}
                }
            }
            if !groups.contains_key(key.as_slice()) {
                groups.insert(key.clone(), (init.clone(), Vec::new(), 0));
                order.push(key.clone());
            }
            let g = groups.get_mut(key.as_slice()).expect("group just made");
            let mut a = 0;
            for h in &rule.head {
                let CHead::Agg(_, v) = h else { continue };
                let x = binding[*v];
                match &mut g.0[a] {
                    Acc::Count(n) => *n += 1,
                    Acc::Sum(s) => {
                        if let Val::Int(n) = x {
                            *s += i128::from(n);
                        }
                    }
                    Acc::Min(m) => {
                        if x != Val::Absent && m.is_none_or(|m| strs.order(x, m).is_lt()) {
                            *m = Some(x);
                        }
                    }
                    Acc::Max(m) => {
                        if x != Val::Absent && m.is_none_or(|m| strs.order(x, m).is_gt()) {
                            *m = Some(x);
                        }
                    }
                }
                a += 1;
            }
            g.2 += 1;
            if explain && g.1.len() < MAX_AGG_WITNESSES {
                g.1.push(Witness {
                    rule: 0,
                    binding: binding.to_vec(),
                    rows: matched.to_vec(),
                });
            }
        });
        for key in order {
            let (accs, ws, n) = groups.remove(&key).expect("group");
            let mut row = Vec::with_capacity(rule.head.len());
            let (mut k, mut a) = (0, 0);
            for h in &rule.head {
                if let CHead::Agg(..) = h {
                    row.push(match accs[a] {
                        Acc::Count(n) => Val::Int(n),
                        Acc::Sum(s) => Val::Int(s.clamp(i64::MIN as i128, i64::MAX as i128) as i64),
                        Acc::Min(m) | Acc::Max(m) => m.unwrap_or(Val::Absent),
                    });
                    a += 1;
                } else {
                    row.push(key[k]);
                    k += 1;
                }
            }
            rows.push(row);
            if explain {
                witnesses.push((ws, n));
            }
        }
    }

    /// The model's tuple at row `row` of a relation of the rule program.
    pub fn fact(&self, b: usize, row: u32) -> Option<Fact> {
        self.builtin[b]
            .as_ref()?
            .facts
            .as_ref()?
            .get(row as usize)
            .copied()
    }

    /// The input row of an input file's relation at row `row`.
    pub fn file_src(&self, file: InputFile, row: u32) -> Option<Src> {
        let ds = &self.ev.dataset;
        let r = row as usize;
        match file {
            InputFile::States => ds.states.get(r).map(|x| x.src),
            InputFile::Institutions => ds.institutions.get(r).map(|x| x.src),
            InputFile::Incidents => ds.incidents.get(r).map(|x| x.src),
            InputFile::Targets => ds.targets.get(r).map(|x| x.src),
            InputFile::Origins => ds.origins.get(r).map(|x| x.src),
            InputFile::Actors => ds.actors.get(r).map(|x| x.src),
            InputFile::Perpetrators => ds.perpetrators.get(r).map(|x| x.src),
            InputFile::Control => ds.control.get(r).map(|x| x.src),
            InputFile::Events => ds.events.get(r).map(|x| x.src),
            InputFile::Vulnerabilities => ds.vulnerabilities.get(r).map(|x| x.src),
            InputFile::Responses => ds.responses.get(r).map(|x| x.src),
        }
    }

    /// A row of a table rendered, for an atom of a witness: every column of the table.
    pub fn row_text(&mut self, rel: RelRef, row: u32) -> Vec<String> {
        let ncols = match rel {
            RelRef::Builtin(b) => schema::relations()[b].columns.len(),
            RelRef::Query(q) => self.answers.get(q).map_or(0, |a| a.columns.len()),
        };
        if let RelRef::Builtin(b) = rel {
            let all: Vec<usize> = (0..ncols).collect();
            self.ensure(b, &all);
        }
        let t = self.table(rel);
        (0..ncols)
            .map(|c| {
                self.strs
                    .render(t.col(c).get(row as usize).copied().unwrap_or(Val::Absent))
            })
            .collect()
    }
}

fn compare(a: Val, op: Op, b: Val) -> bool {
    match op {
        Op::Eq => a == b,
        Op::Ne => a != b,
        _ => {
            let o = match (a, b) {
                (Val::Int(x), Val::Int(y)) | (Val::Time(x), Val::Time(y)) => x.cmp(&y),
                _ => return false,
            };
            match op {
                Op::Lt => o.is_lt(),
                Op::Le => o.is_le(),
                Op::Gt => o.is_gt(),
                _ => o.is_ge(),
            }
        }
    }
}

fn file_len(ds: &Dataset, f: InputFile) -> usize {
    match f {
        InputFile::States => ds.states.len(),
        InputFile::Institutions => ds.institutions.len(),
        InputFile::Incidents => ds.incidents.len(),
        InputFile::Targets => ds.targets.len(),
        InputFile::Origins => ds.origins.len(),
        InputFile::Actors => ds.actors.len(),
        InputFile::Perpetrators => ds.perpetrators.len(),
        InputFile::Control => ds.control.len(),
        InputFile::Events => ds.events.len(),
        InputFile::Vulnerabilities => ds.vulnerabilities.len(),
        InputFile::Responses => ds.responses.len(),
    }
}

/// One column of an input file's rows, as values.
fn file_column(ds: &Dataset, f: InputFile, col: &str, s: &mut Strs) -> Vec<Val> {
    macro_rules! map {
        ($rows:expr, |$d:ident| $e:expr) => {
            $rows
                .iter()
                .map(|r| {
                    let $d = &r.data;
                    $e
                })
                .collect()
        };
    }
    let opt_state = |s: &mut Strs, x: Option<StateId>| x.map_or(Val::Absent, |x| s.state(x));
    match (f, col) {
        (InputFile::States, "id") => map!(ds.states, |d| s.state(d.id)),
        (InputFile::States, "name") => map!(ds.states, |d| s.intern(&d.name)),
        (InputFile::States, "capacity") => {
            map!(ds.states, |d| s.intern_static(d.capacity.as_str()))
        }
        (InputFile::Institutions, "state") => map!(ds.institutions, |d| s.state(d.state)),
        (InputFile::Institutions, "institution") => {
            map!(ds.institutions, |d| s.intern_static(d.institution.as_str()))
        }
        (InputFile::Institutions, "since") => map!(ds.institutions, |d| Strs::time(d.since)),
        (InputFile::Institutions, "status") => {
            map!(ds.institutions, |d| s.intern_static(d.status.as_str()))
        }
        (InputFile::Incidents, "id") => map!(ds.incidents, |d| Val::Str(d.id.0)),
        (InputFile::Incidents, "title") => map!(ds.incidents, |d| s.intern(&d.title)),
        (InputFile::Incidents, "start") => map!(ds.incidents, |d| Strs::time(Some(d.start))),
        (InputFile::Incidents, "end") => map!(ds.incidents, |d| Strs::time(d.end)),
        (InputFile::Incidents, "vector") => {
            map!(ds.incidents, |d| s.intern_static(d.vector.as_str()))
        }
        (InputFile::Incidents, "effect") => {
            map!(ds.incidents, |d| s.intern_static(d.effect.as_str()))
        }
        (InputFile::Incidents, "severity") => {
            map!(ds.incidents, |d| s.intern_static(d.severity.as_str()))
        }
        (InputFile::Incidents, "scale") => {
            map!(ds.incidents, |d| s.intern_static(d.scale.as_str()))
        }
        (InputFile::Incidents, "casualties") => {
            map!(ds.incidents, |d| Val::Int(d.casualties as i64))
        }
        (InputFile::Incidents, "loss_usd") => map!(ds.incidents, |d| Val::Int(d.loss_usd as i64)),
        (InputFile::Incidents, "campaign") => map!(ds.incidents, |d| d
            .campaign
            .map_or(Val::Absent, |c| s.kind(K_CAMPAIGN, c.0))),
        (InputFile::Incidents, "source") => map!(ds.incidents, |d| s.intern(&d.source)),
        (InputFile::Incidents, "outcome") => {
            map!(ds.incidents, |d| s.intern_static(d.outcome.as_str()))
        }
        (InputFile::Targets, "incident") => map!(ds.targets, |d| Val::Str(d.incident.0)),
        (InputFile::Targets, "state") => map!(ds.targets, |d| s.state(d.state)),
        (InputFile::Targets, "sector") => map!(ds.targets, |d| s.intern_static(d.sector.as_str())),
        (InputFile::Origins, "incident") => map!(ds.origins, |d| Val::Str(d.incident.0)),
        (InputFile::Origins, "state") => map!(ds.origins, |d| s.state(d.state)),
        (InputFile::Origins, "link") => map!(ds.origins, |d| s.intern_static(d.link.as_str())),
        (InputFile::Actors, "id") => map!(ds.actors, |d| s.actor(d.id)),
        (InputFile::Actors, "name") => map!(ds.actors, |d| s.intern(&d.name)),
        (InputFile::Actors, "kind") => map!(ds.actors, |d| s.intern_static(d.kind.as_str())),
        (InputFile::Actors, "state") => map!(ds.actors, |d| opt_state(s, d.state)),
        (InputFile::Perpetrators, "incident") => map!(ds.perpetrators, |d| Val::Str(d.incident.0)),
        (InputFile::Perpetrators, "actor") => map!(ds.perpetrators, |d| s.actor(d.actor)),
        (InputFile::Control, "controller") => map!(ds.control, |d| s.actor(d.controller)),
        (InputFile::Control, "controlled") => map!(ds.control, |d| s.actor(d.controlled)),
        (InputFile::Control, "kind") => map!(ds.control, |d| s.intern_static(d.kind.as_str())),
        (InputFile::Events, "time") => map!(ds.events, |d| Val::Time(d.time.0)),
        (InputFile::Events, "kind") => map!(ds.events, |d| s.intern_static(d.kind.as_str())),
        (InputFile::Events, "by") => map!(ds.events, |d| opt_state(s, d.by)),
        (InputFile::Events, "to") => map!(ds.events, |d| opt_state(s, d.to)),
        (InputFile::Events, "incident") => map!(ds.events, |d| Val::Str(d.incident.0)),
        (InputFile::Events, "detail") => map!(ds.events, |d| match &d.detail {
            Detail::None => Val::Absent,
            Detail::Text(t) => s.intern(t),
            Detail::Measure(m) => s.intern_static(m.as_str()),
            Detail::Mla(o) => s.intern_static(o.as_str()),
        }),
        (InputFile::Vulnerabilities, "id") => map!(ds.vulnerabilities, |d| s.kind(K_VULN, d.id.0)),
        (InputFile::Vulnerabilities, "product") => {
            map!(ds.vulnerabilities, |d| s.intern(&d.product))
        }
        (InputFile::Vulnerabilities, "known_by") => {
            map!(ds.vulnerabilities, |d| s.state(d.known_by))
        }
        (InputFile::Vulnerabilities, "since") => map!(ds.vulnerabilities, |d| Val::Time(d.since.0)),
        (InputFile::Vulnerabilities, "disclosed") => {
            map!(ds.vulnerabilities, |d| Strs::time(d.disclosed))
        }
        (InputFile::Responses, "id") => map!(ds.responses, |d| s.kind(K_RESPONSE, d.id.0)),
        (InputFile::Responses, "time") => map!(ds.responses, |d| Val::Time(d.time.0)),
        (InputFile::Responses, "by") => map!(ds.responses, |d| s.state(d.by)),
        (InputFile::Responses, "against") => map!(ds.responses, |d| match d.against {
            Against::State(x) => s.state(x),
            Against::Actor(x) => s.actor(x),
        }),
        (InputFile::Responses, "incident") => map!(ds.responses, |d| Val::Str(d.incident.0)),
        (InputFile::Responses, "means") => {
            map!(ds.responses, |d| s.intern_static(d.means.as_str()))
        }
        (InputFile::Responses, "severity") => {
            map!(ds.responses, |d| s.intern_static(d.severity.as_str()))
        }
        (InputFile::Responses, "uses_force") => map!(ds.responses, |d| s
            .intern_static(if d.uses_force { "true" } else { "false" })),
        (InputFile::Responses, "reversible") => map!(ds.responses, |d| s
            .intern_static(if d.reversible { "true" } else { "false" })),
        (InputFile::Responses, "urgent") => map!(ds.responses, |d| s.intern_static(if d.urgent {
            "true"
        } else {
            "false"
        })),
        (InputFile::Responses, "on_behalf_of") => {
            map!(ds.responses, |d| opt_state(s, d.on_behalf_of))
        }
        _ => vec![Val::Absent; file_len(ds, f)],
    }
}
