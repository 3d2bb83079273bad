//! Research queries: a small Datalog over every input and derived relation of an
//! evaluation, answered at run time (`diligence query`).
//!
//! - [`parse`](mod@parse): text → clauses (pure; every syntax error, positioned);
//! - [`check`](mod@check): names, arity, columns, types, safety, aggregates, query order
//!   (pure; every error, positioned, with the nearest name suggested);
//! - [`eval`]: the answers over an [`Evaluation`], joined through hash indexes;
//! - here: printing answers (table, CSV, JSON) and explaining their rows with the proofs
//!   of the derived atoms each row used ([`crate::explain::provenance`]).
//!
//! The language is documented in README.md ("Queries"); the saved research queries are in
//! `queries/`.

pub mod check;
pub mod eval;
pub mod parse;
pub mod schema;

use std::fmt::Write as _;
use std::io::{self, Write};

pub use check::{check, Program};
pub use eval::{Answer, Engine, Val};
pub use parse::{parse, Pos, QueryError, QueryFile};

use crate::explain::provenance::{render_text, Prover};
use crate::output::Format;
use crate::Evaluation;
use check::{CArg, Operand, RelRef};
use schema::Source;

/// Parses and checks a query text: the program, or every error found (syntax errors
/// first; the checks run only on a text that parses).
///
/// ```rust
/// use diligence::{evaluate, facts, profile, query, EvalOptions};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ev = evaluate(
///     facts::shipped::load()?,
///     profile::load_profile("kreuzer-2024")?,
///     &EvalOptions::default(),
/// );
/// // Negligent states with the loss of the incident, of at least a million USD.
/// let program = query::compile(
///     "costly(S, I, L) :- negligent(S, I), incidents(id: I, loss_usd: L), L >= 1000000.",
/// )
/// .map_err(|e| query::render_errors(&e, None))?;
/// let engine = query::answer(&ev, &program, false);
/// let rows = query::rendered(&engine, &engine.answers[0]);
/// assert!(rows.contains(&vec!["RU".into(), "colonial-2021".into(), "4400000".into()]));
/// // Every error is positioned: `LINE:COLUMN: message`.
/// let errors = query::compile("q(S) :- neglignet(S, _).").unwrap_err();
/// assert!(query::render_errors(&errors, None).starts_with("1:9:"));
/// # Ok(())
/// # }
/// ```
pub fn compile(text: &str) -> Result<Program, Vec<QueryError>> {
    check(&parse(text)?)
}

/// Errors as `PREFIX:LINE:COLUMN: message` lines (`LINE:COLUMN: message` without prefix).
pub fn render_errors(errors: &[QueryError], prefix: Option<&str>) -> String {
    errors
        .iter()
        .map(|e| match prefix {
            Some(p) => format!("{p}:{e}"),
            None => e.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Answers every query of `prog` over `ev`.
pub fn answer<'e>(ev: &'e Evaluation, prog: &Program, explain: bool) -> Engine<'e> {
    Engine::run(ev, prog, explain)
}

/// The rows of an answer, rendered as `diligence run` prints values.
pub fn rendered(engine: &Engine, a: &Answer) -> Vec<Vec<String>> {
    a.rows
        .iter()
        .map(|r| r.iter().map(|v| engine.strs.render(*v)).collect())
        .collect()
}

/// Writes the answers of the queries `which` (indexes into the program's queries) in
/// `format`: a table per query; CSV (one query: plain CSV, several: blocks opened by
/// `# NAME`, separated by a blank line); JSON `{ "name": [ {column: value} ] }` with every
/// value a string, as `run` prints relations.
pub fn write(
    engine: &Engine,
    which: &[usize],
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => {
            for (k, &q) in which.iter().enumerate() {
                if k > 0 {
                    writeln!(out)?;
                }
                let a = &engine.answers[q];
                let rows = rendered(engine, a);
                writeln!(
                    out,
                    "{} ({} row{})",
                    a.name,
                    rows.len(),
                    if rows.len() == 1 { "" } else { "s" }
                )?;
                if rows.is_empty() {
                    writeln!(out, "  (none)")?;
                    continue;
                }
                let mut width: Vec<usize> = a.columns.iter().map(|c| c.chars().count()).collect();
                for r in &rows {
                    for (w, c) in width.iter_mut().zip(r) {
                        *w = (*w).max(c.chars().count());
                    }
                }
                let line = |vals: &[String]| {
                    let mut s = String::from(" ");
                    for (v, w) in vals.iter().zip(&width) {
                        let _ = write!(s, " {v:<w$} ");
                    }
                    s.trim_end().to_string()
                };
                writeln!(out, "{}", line(&a.columns))?;
                let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
                writeln!(out, "  {}", rule.join("  "))?;
                for r in &rows {
                    writeln!(out, "{}", line(r))?;
                }
            }
            Ok(())
        }
        Format::Csv => {
            for (k, &q) in which.iter().enumerate() {
                let a = &engine.answers[q];
                if which.len() > 1 {
                    if k > 0 {
                        writeln!(out)?;
                    }
                    writeln!(out, "# {}", a.name)?;
                }
                let mut w = csv::Writer::from_writer(&mut *out);
                w.write_record(&a.columns)?;
                for r in rendered(engine, a) {
                    w.write_record(&r)?;
                }
                w.flush()?;
            }
            Ok(())
        }
        Format::Json => {
            let mut top = serde_json::Map::new();
            for &q in which {
                let a = &engine.answers[q];
                let list = rendered(engine, a)
                    .into_iter()
                    .map(|r| {
                        serde_json::Value::Object(
                            a.columns
                                .iter()
                                .zip(r)
                                .map(|(c, v)| (c.clone(), serde_json::Value::String(v)))
                                .collect(),
                        )
                    })
                    .collect();
                top.insert(a.name.clone(), serde_json::Value::Array(list));
            }
            serde_json::to_writer_pretty(&mut *out, &serde_json::Value::Object(top))?;
            writeln!(out)
        }
    }
}

/// For each row of the queries `which`: the row, the rule and binding that gave it, and
/// for each atom it used the proof of that atom (derived rows: the proof tree of
/// `diligence explain`; input rows: file and line; rows of another query: that row's own
/// explanation), then the negated atoms checked absent and the comparisons that held.
pub fn explain(engine: &mut Engine, prog: &Program, which: &[usize]) -> String {
    let ev = engine.ev;
    let mut prover = Prover::new(&ev.model);
    let mut out = String::new();
    for (k, &q) in which.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let n = engine.answers[q].rows.len();
        let _ = writeln!(
            out,
            "{} ({} row{})",
            prog.queries[q].name,
            n,
            if n == 1 { "" } else { "s" }
        );
        for row in 0..n {
            explain_row(engine, prog, &mut prover, q, row, 1, &mut out);
        }
    }
    out
}

fn explain_row(
    engine: &mut Engine,
    prog: &Program,
    prover: &mut Prover,
    q: usize,
    row: usize,
    level: usize,
    out: &mut String,
) {
    let pad = "  ".repeat(level);
    let query = &prog.queries[q];
    let values: Vec<String> = engine.answers[q].rows[row]
        .iter()
        .map(|v| engine.strs.render(*v))
        .collect();
    let _ = writeln!(out, "{pad}{}({})", query.name, values.join(", "));
    let (witnesses, total) = engine.answers[q]
        .witnesses
        .get(row)
        .cloned()
        .unwrap_or_default();
    if query.aggregate {
        let _ = writeln!(
            out,
            "{pad}  aggregated over {total} binding{}{}",
            if total == 1 { "" } else { "s" },
            if total > witnesses.len() {
                format!("; the first {} follow", witnesses.len())
            } else {
                String::new()
            }
        );
    }
    for w in witnesses {
        let rule = &query.rules[w.rule];
        let bind: Vec<String> = rule
            .vars
            .iter()
            .zip(&w.binding)
            .map(|(n, v)| format!("{n} = {}", engine.strs.render(*v)))
            .collect();
        let _ = writeln!(
            out,
            "{pad}  by the rule at {} with {}",
            rule.pos,
            bind.join(", ")
        );
        for (a, atom) in rule.atoms.iter().enumerate() {
            let r = w.rows[a];
            match atom.rel {
                RelRef::Builtin(b) => match schema::relations()[b].source {
                    Source::Rel(_) => {
                        let Some(fact) = engine.fact(b, r) else {
                            continue;
                        };
                        match prover.prove(&fact) {
                            Some(p) => {
                                for line in render_text(&p, ev_of(engine), None).lines() {
                                    let _ = writeln!(out, "{pad}    {line}");
                                }
                            }
                            None => {
                                let _ = writeln!(
                                    out,
                                    "{pad}    {}  [no proof found]",
                                    crate::explain::provenance::atom_text(
                                        &fact,
                                        &ev_of(engine).dataset.symbols
                                    )
                                );
                            }
                        }
                    }
                    Source::File(f) => {
                        let vals = engine.row_text(atom.rel, r);
                        let at = engine
                            .file_src(f, r)
                            .map(|s| s.to_string())
                            .unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "{pad}    {}({})  [input {at}]",
                            atom.name,
                            vals.join(", ")
                        );
                    }
                },
                RelRef::Query(q2) => {
                    explain_row(engine, prog, prover, q2, r as usize, level + 2, out);
                }
            }
        }
        for n in &rule.negs {
            let args: Vec<String> = n
                .args
                .iter()
                .map(|a| match a {
                    CArg::Any => "_".to_string(),
                    CArg::Var(v) => engine.strs.render(w.binding[*v]),
                    CArg::Const(c) => const_text(c),
                })
                .collect();
            let _ = writeln!(
                out,
                "{pad}    no {}({})  [checked absent]",
                n.name,
                args.join(", ")
            );
        }
        for c in &rule.cmps {
            let vals: Vec<String> = [&c.left, &c.right]
                .iter()
                .filter_map(|o| match o {
                    Operand::Var(v) => Some(format!(
                        "{} = {}",
                        rule.vars[*v],
                        engine.strs.render(w.binding[*v])
                    )),
                    Operand::Const(_) => None,
                })
                .collect();
            let _ = writeln!(out, "{pad}    holds: {}  [{}]", c.text, vals.join(", "));
        }
    }
}

fn ev_of<'e>(engine: &Engine<'e>) -> &'e Evaluation {
    engine.ev
}

fn const_text(c: &check::CConst) -> String {
    match c {
        check::CConst::Absent => String::new(),
        check::CConst::Text(s) => s.clone(),
        check::CConst::Int(n) => n.to_string(),
        check::CConst::Time(t) => crate::facts::Time(*t).to_string(),
    }
}
