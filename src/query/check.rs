//! Checking a parsed query file against the relations it names, before any data is read:
//! names (with the nearest name suggested), arity and column names, the types of
//! variables and constants, safety (every variable of the head, of a negated atom and of a
//! comparison must occur in a positive atom), aggregates, and the order in which named
//! queries that read each other are answered (no recursion).
//!
//! The result is a [`Program`]: the queries in an order where each comes after the
//! queries it reads, their rules with variables numbered and constants typed.

use std::collections::HashMap;

use super::parse::{
    AggFn, Arg, Atom, Clause, Const, HeadArg, Literal, Op, Pos, QueryError, QueryFile, Term,
};
use super::schema::{self, Ty};

/// A typed constant.
#[derive(Clone, Debug, PartialEq)]
pub enum CConst {
    /// The absent value (`""`).
    Absent,
    /// Text, as written in input and output files.
    Text(String),
    /// An integer.
    Int(i64),
    /// A time, in seconds since the epoch.
    Time(i64),
}

/// A relation an atom reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelRef {
    /// A relation of [`schema::relations`], by index.
    Builtin(usize),
    /// Another query of the program, by index in [`Program::queries`].
    Query(usize),
}

/// An argument of a checked atom.
#[derive(Clone, Debug, PartialEq)]
pub enum CArg {
    /// `_` (or a column not named).
    Any,
    /// Variable number `k` of the rule.
    Var(usize),
    /// A constant.
    Const(CConst),
}

/// A checked atom: one argument per column of its relation.
#[derive(Clone, Debug, PartialEq)]
pub struct CAtom {
    /// The relation.
    pub rel: RelRef,
    /// Its name.
    pub name: String,
    /// One argument per column.
    pub args: Vec<CArg>,
    /// Where the atom is.
    pub pos: Pos,
}

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// A variable.
    Var(usize),
    /// A constant.
    Const(CConst),
}

/// A checked comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct CCmp {
    /// The left side.
    pub left: Operand,
    /// The operator.
    pub op: Op,
    /// The right side.
    pub right: Operand,
    /// The comparison as written, for explanations.
    pub text: String,
}

/// A column of a checked head.
#[derive(Clone, Debug, PartialEq)]
pub enum CHead {
    /// Variable number `k` of the rule.
    Var(usize),
    /// A constant.
    Const(CConst),
    /// An aggregate function over variable number `k`.
    Agg(AggFn, usize),
}

/// A checked rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Where the clause starts.
    pub pos: Pos,
    /// Variable names, by number.
    pub vars: Vec<String>,
    /// Positive atoms.
    pub atoms: Vec<CAtom>,
    /// Negated atoms.
    pub negs: Vec<CAtom>,
    /// Comparisons.
    pub cmps: Vec<CCmp>,
    /// The head's columns.
    pub head: Vec<CHead>,
}

/// A checked named query: the union of its rules.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// Its name (`query` for a head-less clause).
    pub name: String,
    /// Where it is first defined.
    pub pos: Pos,
    /// Column names.
    pub columns: Vec<String>,
    /// Column types (`None`: only absent values).
    pub types: Vec<Option<Ty>>,
    /// Its rules.
    pub rules: Vec<Rule>,
    /// True if its head aggregates.
    pub aggregate: bool,
}

/// A checked query file.
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    /// The queries, each after the queries it reads.
    pub queries: Vec<Query>,
    /// Indexes into `queries` in the order the file defines them (the output order).
    pub output_order: Vec<usize>,
}

impl Program {
    /// The query of this name.
    pub fn query(&self, name: &str) -> Option<usize> {
        self.queries.iter().position(|q| q.name == name)
    }
}

fn nearest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // Jaro-Winkler favours a shared beginning: `loss` suggests `loss_usd`, not `id`.
    candidates
        .map(|c| (strsim::jaro_winkler(c, name), std::cmp::Reverse(c.len()), c))
        .max_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal))
        .map(|(_, _, c)| c)
}

fn atoms_of(c: &Clause) -> impl Iterator<Item = &Atom> {
    c.body.iter().filter_map(|l| match l {
        Literal::Atom(a) | Literal::Not(a) => Some(a),
        Literal::Cmp { .. } => None,
    })
}

/// Checks a parsed file; every problem is reported, sorted by position.
pub fn check(file: &QueryFile) -> Result<Program, Vec<QueryError>> {
    let mut errors = Vec::new();
    if file.clauses.is_empty() {
        return Err(vec![QueryError::new(
            Pos { line: 1, column: 1 },
            "the query holds no clause (write e.g. `q(S) :- negligent(S, _).`)",
        )]);
    }
    // Group clauses by the query they define, in order of first definition.
    let mut names: Vec<String> = Vec::new();
    let mut groups: Vec<Vec<&Clause>> = Vec::new();
    for c in &file.clauses {
        let name = c.head.as_ref().map_or("query", |h| h.name.as_str());
        match names.iter().position(|n| n == name) {
            Some(k) => groups[k].push(c),
            None => {
                names.push(name.to_string());
                groups.push(vec![c]);
            }
        }
    }
    for (k, name) in names.iter().enumerate() {
        if schema::lookup(name).is_some() {
            let pos = groups[k][0]
                .head
                .as_ref()
                .map_or(groups[k][0].pos, |h| h.pos);
            errors.push(QueryError::new(
                pos,
                format!("`{name}` is a relation of the model; give the query another name"),
            ));
        }
    }
    // Dependencies between queries, and an order where each comes after what it reads.
    let deps: Vec<Vec<(usize, Pos)>> = groups
        .iter()
        .map(|g| {
            g.iter()
                .flat_map(|c| atoms_of(c))
                .filter_map(|a| names.iter().position(|n| *n == a.name).map(|k| (k, a.pos)))
                .collect()
        })
        .collect();
    let mut order = Vec::new();
    let mut state = vec![0u8; names.len()]; // 0 new, 1 open, 2 done
    fn visit(
        k: usize,
        deps: &[Vec<(usize, Pos)>],
        names: &[String],
        state: &mut [u8],
        order: &mut Vec<usize>,
        errors: &mut Vec<QueryError>,
    ) {
        state[k] = 1;
        for &(d, pos) in &deps[k] {
            match state[d] {
                0 => visit(d, deps, names, state, order, errors),
                1 => errors.push(QueryError::new(
                    pos,
                    if d == k {
                        format!("recursive queries are not supported: `{}` reads itself", names[k])
                    } else {
                        format!(
                            "recursive queries are not supported: `{}` reads `{}`, which depends on `{}`",
                            names[k], names[d], names[k]
                        )
                    },
                )),
                _ => {}
            }
        }
        state[k] = 2;
        order.push(k);
    }
    for k in 0..names.len() {
        if state[k] == 0 {
            visit(k, &deps, &names, &mut state, &mut order, &mut errors);
        }
    }
    // Position in `order` of each group.
    let mut slot = vec![0usize; names.len()];
    for (i, &k) in order.iter().enumerate() {
        slot[k] = i;
    }
    let mut queries: Vec<Option<Query>> = vec![None; names.len()];
    for &k in &order {
        let mut q: Option<Query> = None;
        for c in &groups[k] {
            let mut ck = RuleChecker {
                vars: Vec::new(),
                var_ty: Vec::new(),
                var_pos: Vec::new(),
                positive: Vec::new(),
                errors: &mut errors,
                names: &names,
                slot: &slot,
                queries: &queries,
            };
            let Some((rule, columns, types, aggregate)) = ck.rule(c) else {
                continue;
            };
            match &mut q {
                None => {
                    q = Some(Query {
                        name: names[k].clone(),
                        pos: c.head.as_ref().map_or(c.pos, |h| h.pos),
                        columns,
                        types,
                        rules: vec![rule],
                        aggregate,
                    })
                }
                Some(q) => {
                    let pos = c.head.as_ref().map_or(c.pos, |h| h.pos);
                    if q.columns.len() != columns.len() {
                        errors.push(QueryError::new(
                            pos,
                            format!(
                                "`{}` has {} column{} (first defined at {}), this rule gives {}",
                                q.name,
                                q.columns.len(),
                                if q.columns.len() == 1 { "" } else { "s" },
                                q.pos,
                                columns.len()
                            ),
                        ));
                        continue;
                    }
                    if q.aggregate || aggregate {
                        errors.push(QueryError::new(
                            pos,
                            format!(
                                "`{}` aggregates in its head, so it must be defined by one rule; unite the rules in a helper query first",
                                q.name
                            ),
                        ));
                        continue;
                    }
                    for (j, t) in types.iter().enumerate() {
                        match (q.types[j], t) {
                            (None, _) => q.types[j] = *t,
                            (Some(a), Some(b)) if a != *b => errors.push(QueryError::new(
                                pos,
                                format!(
                                    "column `{}` of `{}` is {} in the first rule but {} here",
                                    q.columns[j],
                                    q.name,
                                    a.as_str(),
                                    b.as_str()
                                ),
                            )),
                            _ => {}
                        }
                    }
                    q.rules.push(rule);
                }
            }
        }
        queries[slot[k]] = q;
    }
    errors.sort();
    errors.dedup();
    if !errors.is_empty() {
        return Err(errors);
    }
    let queries: Vec<Query> = queries.into_iter().flatten().collect();
    let output_order = names
        .iter()
        .filter_map(|n| queries.iter().position(|q| q.name == *n))
        .collect();
    Ok(Program {
        queries,
        output_order,
    })
}

struct RuleChecker<'a> {
    vars: Vec<String>,
    var_ty: Vec<Option<(Ty, String, Pos)>>,
    var_pos: Vec<Pos>,
    /// True once the variable occurs in a positive atom.
    positive: Vec<bool>,
    errors: &'a mut Vec<QueryError>,
    names: &'a [String],
    slot: &'a [usize],
    queries: &'a [Option<Query>],
}

/// A relation's columns and types as an atom sees them.
struct Cols {
    rel: RelRef,
    columns: Vec<String>,
    types: Vec<Option<Ty>>,
}

impl RuleChecker<'_> {
    fn var(&mut self, name: &str, pos: Pos) -> usize {
        match self.vars.iter().position(|v| v == name) {
            Some(k) => k,
            None => {
                self.vars.push(name.to_string());
                self.var_ty.push(None);
                self.var_pos.push(pos);
                self.positive.push(false);
                self.vars.len() - 1
            }
        }
    }

    fn relation(&mut self, atom: &Atom) -> Option<Cols> {
        if let Some((k, r)) = schema::lookup(&atom.name) {
            return Some(Cols {
                rel: RelRef::Builtin(k),
                columns: r.columns.iter().map(|c| c.to_string()).collect(),
                types: r.types.iter().map(|t| Some(*t)).collect(),
            });
        }
        if let Some(k) = self.names.iter().position(|n| *n == atom.name) {
            let q = self.queries[self.slot[k]].as_ref()?; // errors reported there
            return Some(Cols {
                rel: RelRef::Query(self.slot[k]),
                columns: q.columns.clone(),
                types: q.types.clone(),
            });
        }
        let all = schema::relations()
            .iter()
            .map(|r| r.name)
            .chain(self.names.iter().map(String::as_str));
        let near = nearest(&atom.name, all).unwrap_or("");
        self.errors.push(QueryError::new(
            atom.pos,
            format!("unknown relation `{}`; did you mean `{near}`?", atom.name),
        ));
        None
    }

    /// The terms of an atom in column order (`None`: not named, any value).
    fn columns<'t>(&mut self, atom: &'t Atom, cols: &Cols) -> Option<Vec<Option<&'t Term>>> {
        let named = atom.args.iter().filter(|a| a.column.is_some()).count();
        if named == 0 {
            if atom.args.len() != cols.columns.len() {
                self.errors.push(QueryError::new(
                    atom.pos,
                    format!(
                        "`{}` has {} column{} ({}), the atom gives {}",
                        atom.name,
                        cols.columns.len(),
                        if cols.columns.len() == 1 { "" } else { "s" },
                        cols.columns.join(", "),
                        atom.args.len()
                    ),
                ));
                return None;
            }
            return Some(atom.args.iter().map(|a| Some(&a.term)).collect());
        }
        if named != atom.args.len() {
            let a = atom
                .args
                .iter()
                .find(|a| a.column.is_none())
                .map_or(atom.pos, |a| a.term.pos());
            self.errors.push(QueryError::new(
                a,
                format!(
                    "`{}(…)`: name every argument (`column: term`) or none",
                    atom.name
                ),
            ));
            return None;
        }
        let mut out: Vec<Option<&Term>> = vec![None; cols.columns.len()];
        let mut ok = true;
        for Arg { column, term } in &atom.args {
            let Some((c, cpos)) = column else { continue };
            match cols.columns.iter().position(|x| x == c) {
                Some(k) if out[k].is_some() => {
                    self.errors.push(QueryError::new(
                        *cpos,
                        format!("column `{c}` is given twice"),
                    ));
                    ok = false;
                }
                Some(k) => out[k] = Some(term),
                None => {
                    let near = nearest(c, cols.columns.iter().map(String::as_str)).unwrap_or("");
                    self.errors.push(QueryError::new(
                        *cpos,
                        format!(
                            "`{}` has no column `{c}`; did you mean `{near}`? (columns: {})",
                            atom.name,
                            cols.columns.join(", ")
                        ),
                    ));
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn constant(&mut self, c: &Const, ty: Option<Ty>, pos: Pos, what: &str) -> Option<CConst> {
        let bad = |this: &mut Self, expected: &str| {
            this.errors.push(QueryError::new(
                pos,
                format!("{what} is {expected}; the constant {c} is not"),
            ));
            None
        };
        match (c, ty) {
            (Const::Str(s), _) if s.is_empty() => Some(CConst::Absent),
            (Const::Str(s), Some(Ty::Text) | None) => Some(CConst::Text(s.clone())),
            (Const::Num(n), Some(Ty::Text) | None) => Some(CConst::Text(n.to_string())),
            (Const::Time(t, _), None) => Some(CConst::Time(*t)),
            (Const::Time(_, _), Some(Ty::Text)) => bad(self, "text"),
            (Const::Num(n), Some(Ty::Int)) => Some(CConst::Int(*n)),
            (Const::Str(s), Some(Ty::Int)) => match s.trim().parse() {
                Ok(n) => Some(CConst::Int(n)),
                Err(_) => bad(self, "a number"),
            },
            (Const::Time(..), Some(Ty::Int)) => bad(self, "a number"),
            (Const::Time(t, _), Some(Ty::Time)) => Some(CConst::Time(*t)),
            (Const::Str(s), Some(Ty::Time)) => match crate::facts::Time::parse(s) {
                Ok(t) => Some(CConst::Time(t.0)),
                Err(e) => {
                    self.errors
                        .push(QueryError::new(pos, format!("{what} is a time: {e}")));
                    None
                }
            },
            (Const::Num(_), Some(Ty::Time)) => bad(self, "a time (ISO 8601, e.g. 2024-03-01)"),
        }
    }

    fn set_type(&mut self, v: usize, ty: Option<Ty>, what: &str, pos: Pos) {
        let Some(ty) = ty else { return };
        match &self.var_ty[v] {
            None => self.var_ty[v] = Some((ty, what.to_string(), pos)),
            Some((t, w, p)) if *t != ty => {
                let msg = format!(
                    "variable `{}` is {} here ({what}) but {} at {p} ({w})",
                    self.vars[v],
                    ty.as_str(),
                    t.as_str()
                );
                self.errors.push(QueryError::new(pos, msg));
            }
            _ => {}
        }
    }

    fn atom(&mut self, atom: &Atom, negated: bool) -> Option<CAtom> {
        let resolved = self
            .relation(atom)
            .and_then(|cols| Some((self.columns(atom, &cols)?, cols)));
        let Some((terms, cols)) = resolved else {
            // Count the atom's variables as bound, so one bad atom gives one error.
            for a in &atom.args {
                if let Term::Var(name, pos) = &a.term {
                    let v = self.var(name, *pos);
                    self.positive[v] |= !negated;
                }
            }
            return None;
        };
        let mut args = Vec::with_capacity(terms.len());
        for (k, t) in terms.iter().enumerate() {
            let what = format!("`{}.{}`", atom.name, cols.columns[k]);
            args.push(match t {
                None | Some(Term::Anon(_)) => CArg::Any,
                Some(Term::Var(name, pos)) => {
                    let v = self.var(name, *pos);
                    if !negated {
                        self.positive[v] = true;
                        self.set_type(v, cols.types[k], &what, *pos);
                    }
                    CArg::Var(v)
                }
                Some(Term::Const(c, pos)) => match self.constant(c, cols.types[k], *pos, &what) {
                    Some(c) => CArg::Const(c),
                    None => CArg::Any,
                },
            });
        }
        Some(CAtom {
            rel: cols.rel,
            name: atom.name.clone(),
            args,
            pos: atom.pos,
        })
    }

    fn unsafe_var(&mut self, name: &str, pos: Pos, where_: &str) {
        self.errors.push(QueryError::new(
            pos,
            format!(
                "unsafe query: variable `{name}` occurs only {where_}; bind it in a positive atom of the body{}",
                if where_.contains("negat") { " or write `_`" } else { "" }
            ),
        ));
    }

    #[allow(clippy::type_complexity)]
    fn rule(&mut self, c: &Clause) -> Option<(Rule, Vec<String>, Vec<Option<Ty>>, bool)> {
        let before = self.errors.len();
        let mut atoms = Vec::new();
        // Positive atoms first: they bind and type the variables.
        for l in &c.body {
            if let Literal::Atom(a) = l {
                if let Some(a) = self.atom(a, false) {
                    atoms.push(a);
                }
            }
        }
        let mut negs = Vec::new();
        for l in &c.body {
            if let Literal::Not(a) = l {
                let n_before = self.vars.len();
                let Some(ca) = self.atom(a, true) else {
                    continue;
                };
                // Every named variable of a negated atom must be bound positively.
                let cols = match ca.rel {
                    RelRef::Builtin(k) => schema::relations()[k]
                        .types
                        .iter()
                        .map(|t| Some(*t))
                        .collect(),
                    RelRef::Query(k) => self.queries[k]
                        .as_ref()
                        .map(|q| q.types.clone())
                        .unwrap_or_default(),
                };
                let terms: Vec<&Term> = a.args.iter().map(|x| &x.term).collect();
                for (k, arg) in ca.args.iter().enumerate() {
                    if let CArg::Var(v) = arg {
                        if !self.positive[*v] {
                            let pos = terms
                                .iter()
                                .find_map(|t| match t {
                                    Term::Var(n, p) if *n == self.vars[*v] => Some(*p),
                                    _ => None,
                                })
                                .unwrap_or(a.pos);
                            let name = self.vars[*v].clone();
                            self.unsafe_var(&name, pos, "under negation");
                        } else {
                            let ty: Option<Ty> = cols.get(k).copied().flatten();
                            let what = format!("`{}` column {}", ca.name, k + 1);
                            self.set_type(*v, ty, &what, a.pos);
                        }
                    }
                }
                let _ = n_before;
                negs.push(ca);
            }
        }
        let mut cmps = Vec::new();
        for l in &c.body {
            if let Literal::Cmp {
                left,
                op,
                right,
                pos,
            } = l
            {
                if let Some(cmp) = self.cmp(left, *op, right, *pos) {
                    cmps.push(cmp);
                }
            }
        }
        // The head.
        let mut head = Vec::new();
        let mut columns = Vec::new();
        let mut types = Vec::new();
        let mut aggregate = false;
        match &c.head {
            None => {
                for (v, name) in self.vars.clone().iter().enumerate() {
                    if self.positive[v] {
                        head.push(CHead::Var(v));
                        columns.push(name.clone());
                        types.push(self.var_ty[v].as_ref().map(|t| t.0));
                    }
                }
                if head.is_empty() {
                    self.errors.push(QueryError::new(
                        c.pos,
                        "the query binds no variable; name the columns it should answer with (e.g. `negligent(S, I)`)",
                    ));
                }
            }
            Some(h) => {
                for arg in &h.args {
                    match arg {
                        HeadArg::Term { label, term } => match term {
                            Term::Var(name, pos) => {
                                let v = self.bound(name, *pos, "in the head");
                                if let Some(v) = v {
                                    head.push(CHead::Var(v));
                                    types.push(self.var_ty[v].as_ref().map(|t| t.0));
                                }
                                columns.push(label.clone().unwrap_or(name.clone()));
                            }
                            Term::Anon(pos) => self.errors.push(QueryError::new(
                                *pos,
                                "`_` cannot be a column of the head; name a variable of the body",
                            )),
                            Term::Const(k, pos) => {
                                if let Some(cc) = self.constant(k, None, *pos, "a head column") {
                                    types.push(match &cc {
                                        CConst::Absent => None,
                                        CConst::Text(_) => Some(Ty::Text),
                                        CConst::Int(_) => Some(Ty::Int),
                                        CConst::Time(_) => Some(Ty::Time),
                                    });
                                    head.push(CHead::Const(cc));
                                }
                                columns.push(
                                    label
                                        .clone()
                                        .unwrap_or(format!("column{}", columns.len() + 1)),
                                );
                            }
                        },
                        HeadArg::Agg {
                            label,
                            func,
                            var,
                            var_pos,
                            ..
                        } => {
                            aggregate = true;
                            columns.push(label.clone().unwrap_or(func.as_str().to_string()));
                            let Some(v) =
                                self.bound(var, *var_pos, &format!("in `{}(…)`", func.as_str()))
                            else {
                                continue;
                            };
                            let ty = self.var_ty[v].as_ref().map(|t| t.0);
                            types.push(match func {
                                AggFn::Count | AggFn::Sum => Some(Ty::Int),
                                AggFn::Min | AggFn::Max => ty,
                            });
                            if *func == AggFn::Sum && ty.is_some_and(|t| t != Ty::Int) {
                                self.errors.push(QueryError::new(
                                    *var_pos,
                                    format!(
                                        "`sum` adds numbers; `{var}` is {}",
                                        ty.map_or("absent", |t| t.as_str())
                                    ),
                                ));
                            }
                            head.push(CHead::Agg(*func, v));
                        }
                    }
                }
            }
        }
        // Unique column names.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for c in columns.iter_mut() {
            let n = seen.entry(c.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                *c = format!("{c}_{n}");
            }
        }
        if self.errors.len() > before {
            return None;
        }
        Some((
            Rule {
                pos: c.pos,
                vars: self.vars.clone(),
                atoms,
                negs,
                cmps,
                head,
            },
            columns,
            types,
            aggregate,
        ))
    }

    /// The variable `name` if a positive atom binds it; else an "unsafe" error.
    fn bound(&mut self, name: &str, pos: Pos, where_: &str) -> Option<usize> {
        match self.vars.iter().position(|v| v == name) {
            Some(v) if self.positive[v] => Some(v),
            Some(_) => {
                self.unsafe_var(
                    name,
                    pos,
                    &format!("{where_} and under negation or in comparisons"),
                );
                None
            }
            None => {
                self.errors.push(QueryError::new(
                    pos,
                    format!("unsafe query: variable `{name}` {where_} does not occur in the body; bind it in a positive atom"),
                ));
                None
            }
        }
    }

    fn cmp(&mut self, left: &Term, op: Op, right: &Term, pos: Pos) -> Option<CCmp> {
        let text = format!("{} {} {}", term_text(left), op.as_str(), term_text(right));
        let mut ty: Option<Ty> = None;
        let mut ok = true;
        for t in [left, right] {
            match t {
                Term::Var(name, p) => match self.vars.iter().position(|v| v == name) {
                    Some(v) if self.positive[v] => {
                        let vt = self.var_ty[v].as_ref().map(|t| t.0);
                        match (ty, vt) {
                            (Some(a), Some(b)) if a != b => {
                                self.errors.push(QueryError::new(
                                    pos,
                                    format!("`{text}` compares {} with {}", a.as_str(), b.as_str()),
                                ));
                                ok = false;
                            }
                            (None, b) => ty = b,
                            _ => {}
                        }
                    }
                    _ => {
                        self.unsafe_var(name, *p, "in a comparison");
                        ok = false;
                    }
                },
                Term::Anon(p) => {
                    self.errors.push(QueryError::new(
                        *p,
                        "`_` cannot be compared; name a variable",
                    ));
                    ok = false;
                }
                Term::Const(..) => {}
            }
        }
        if !ok {
            return None;
        }
        if ty.is_none() {
            ty = [left, right].iter().find_map(|t| match t {
                Term::Const(Const::Num(_), _) => Some(Ty::Int),
                Term::Const(Const::Time(..), _) => Some(Ty::Time),
                Term::Const(Const::Str(s), _) if !s.is_empty() => Some(Ty::Text),
                _ => None,
            });
        }
        if op.is_order() && ty == Some(Ty::Text) {
            self.errors.push(QueryError::new(
                pos,
                format!(
                    "`{}` compares numbers or times; `{text}` compares text",
                    op.as_str()
                ),
            ));
            return None;
        }
        let what = format!("in `{text}`, the other side");
        let operand = |this: &mut Self, t: &Term| -> Option<Operand> {
            match t {
                Term::Var(name, _) => Some(Operand::Var(this.vars.iter().position(|v| v == name)?)),
                Term::Const(c, p) => {
                    let c = this.constant(c, ty, *p, &what)?;
                    if op.is_order() && matches!(c, CConst::Text(_)) {
                        this.errors.push(QueryError::new(
                            *p,
                            format!(
                                "`{}` compares numbers or times; {} is text",
                                op.as_str(),
                                term_text(t)
                            ),
                        ));
                        return None;
                    }
                    Some(Operand::Const(c))
                }
                Term::Anon(_) => None,
            }
        };
        let l = operand(self, left)?;
        let r = operand(self, right)?;
        Some(CCmp {
            left: l,
            op,
            right: r,
            text,
        })
    }
}

fn term_text(t: &Term) -> String {
    match t {
        Term::Var(v, _) => v.clone(),
        Term::Anon(_) => "_".into(),
        Term::Const(c, _) => c.to_string(),
    }
}
