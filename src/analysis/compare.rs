//! `diligence compare --profile A --profile B`: the rows each profile derives that the
//! other does not, per relation, and for each such row the profile positions that make
//! the difference, found by evaluation.
//!
//! Attribution: let D be the positions on which A and B differ. For every set S ⊆ D,
//! taken by increasing size, A is evaluated with the positions of S switched to B's
//! values (`A[S]`). A row only under A is attributed to S when it is absent from `A[S]`;
//! a row only under B, when it is present in `A[S]`. Each row gets every *smallest* S
//! that reproduces B's verdict on it (several when several sets of the same size do): a
//! single position when one switch alone decides it, a combination when only switching
//! positions together does. `A[D]` is B itself, so every row gets an answer. At most
//! [`MAX_EVALUATIONS`] sets are tried; rows not decided by then are attributed to the
//! whole of D and marked not minimal.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::facts::{Dataset, Time};
use crate::output;
use crate::profile::Profile;
use crate::rules::program::Rel;
use crate::{evaluate, EvalOptions};

/// At most this many switched profiles are evaluated to attribute differences.
pub const MAX_EVALUATIONS: usize = 128;

/// The rows of some relations: one sorted set of rendered rows per relation.
pub type RowSets = Vec<BTreeSet<Vec<String>>>;

/// Stack size of the threads that run several evaluations at once: an evaluation's
/// strata need deep stacks (the main thread has 8 MiB; rayon's workers only 2 MiB).
const STACK_SIZE: usize = 64 << 20;

/// Runs `f` on a thread pool whose threads have stacks large enough for evaluations.
pub fn with_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new()
        .stack_size(STACK_SIZE)
        .build()
    {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// Evaluates `ds` under each profile (in parallel) and returns, per profile, the rows of
/// each relation of `rels`.
pub fn evaluate_rows(
    ds: &Dataset,
    profiles: &[Profile],
    rels: &[Rel],
    opts: &EvalOptions,
) -> Vec<RowSets> {
    with_pool(|| {
        profiles
            .par_iter()
            .map(|p| {
                let ev = evaluate(ds.clone(), p.clone(), opts);
                rels.iter()
                    .map(|&r| output::rows(&ev, r).into_iter().collect())
                    .collect()
            })
            .collect()
    })
}

/// Rendered rows of one relation.
type Rows = Vec<Vec<String>>;

/// `relation(v1, v2, …)` of a rendered row.
pub fn atom(rel: Rel, row: &[String]) -> String {
    format!("{}({})", rel.name().name, row.join(", "))
}

/// A position on which the two profiles differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PositionDiff {
    /// The position key (`sovereignty`, `feasibility.block`, …).
    pub key: &'static str,
    /// A's value.
    pub a: String,
    /// B's value.
    pub b: String,
}

/// A row derived under one profile only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffRow {
    /// The rendered values, in the relation's column order.
    pub values: Vec<String>,
    /// The smallest sets of differing positions (keys) whose switch from A's to B's value
    /// reproduces B's verdict on the row.
    pub because: Vec<Vec<&'static str>>,
    /// False when the search budget ran out and `because` is the whole set of differences.
    pub minimal: bool,
}

/// The differences in one relation.
#[derive(Clone, Debug)]
pub struct RelDiff {
    /// The relation.
    pub rel: Rel,
    /// Rows only under A.
    pub only_a: Vec<DiffRow>,
    /// Rows only under B.
    pub only_b: Vec<DiffRow>,
}

/// The result of [`compare`].
#[derive(Clone, Debug)]
pub struct Comparison {
    /// Profile A's name.
    pub a: String,
    /// Profile B's name.
    pub b: String,
    /// The evaluation time used for both.
    pub as_of: Time,
    /// The positions on which they differ, in profile order.
    pub differing: Vec<PositionDiff>,
    /// The output relations whose rows differ, in output order.
    pub relations: Vec<RelDiff>,
    /// Number of evaluations of switched profiles made to attribute the differences.
    pub evaluations: usize,
}

/// All `k`-subsets of `0..n`, in lexicographic order.
pub fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    if k > n {
        return out;
    }
    let mut idx: Vec<usize> = (0..k).collect();
    loop {
        out.push(idx.clone());
        let mut i = k;
        loop {
            if i == 0 {
                return out;
            }
            i -= 1;
            if idx[i] < n - k + i {
                idx[i] += 1;
                for j in i + 1..k {
                    idx[j] = idx[j - 1] + 1;
                }
                break;
            }
        }
    }
}

/// `n` choose `k`, saturating.
fn choose(n: usize, k: usize) -> usize {
    let mut c: usize = 1;
    for i in 0..k {
        c = c.saturating_mul(n - i) / (i + 1);
    }
    c
}

/// A with the positions `keys` switched to B's values.
fn switched(a: &Profile, b: &Profile, keys: &[&'static str]) -> Profile {
    let mut p = a.clone();
    for k in keys {
        let pos = b.position(k);
        // B's value is valid for the key: it was parsed from B's profile file.
        if let Ok(q) = p.with_position(k, &pos.value, &pos.source, &b.name) {
            p = q;
        }
    }
    p.name = format!("{} with {} as in {}", a.name, keys.join("+"), b.name);
    p
}

/// Compares `ds` under profiles `a` and `b` in the relations `rels`.
pub fn compare(
    ds: &Dataset,
    a: &Profile,
    b: &Profile,
    rels: &[Rel],
    opts: &EvalOptions,
) -> Comparison {
    let as_of = opts
        .as_of
        .or_else(|| ds.latest_time())
        .unwrap_or(Time::NEVER);
    let opts = EvalOptions {
        as_of: Some(as_of),
        ..opts.clone()
    };
    let differing: Vec<PositionDiff> = a
        .positions
        .iter()
        .zip(&b.positions)
        .filter(|(x, y)| x.value != y.value)
        .map(|(x, y)| PositionDiff {
            key: x.key,
            a: x.value.clone(),
            b: y.value.clone(),
        })
        .collect();
    let base = evaluate_rows(ds, &[a.clone(), b.clone()], rels, &opts);
    let (ra, rb) = (&base[0], &base[1]);
    // Per relation: rows only under A, only under B (sorted).
    let mut only: Vec<(Rows, Rows)> = rels
        .iter()
        .enumerate()
        .map(|(k, _)| {
            (
                ra[k].difference(&rb[k]).cloned().collect(),
                rb[k].difference(&ra[k]).cloned().collect(),
            )
        })
        .collect();
    // Attribution: (relation, side, row) -> sets found; side 0 = only A, 1 = only B.
    let mut because: Vec<[Vec<Vec<Vec<&'static str>>>; 2]> = only
        .iter()
        .map(|(oa, ob)| [vec![Vec::new(); oa.len()], vec![Vec::new(); ob.len()]])
        .collect();
    let mut minimal = true;
    let mut evaluations = 0;
    let n = differing.len();
    let keys: Vec<&'static str> = differing.iter().map(|d| d.key).collect();
    let pending = |because: &[[Vec<Vec<Vec<&str>>>; 2]]| {
        because
            .iter()
            .any(|sides| sides.iter().any(|rows| rows.iter().any(Vec::is_empty)))
    };
    for size in 1..=n {
        if !pending(&because) {
            break;
        }
        if size == n {
            // A with every difference switched is B: every row left is decided by all of D.
            for sides in because.iter_mut() {
                for rows in sides.iter_mut() {
                    for sets in rows.iter_mut().filter(|s| s.is_empty()) {
                        sets.push(keys.clone());
                    }
                }
            }
            break;
        }
        if evaluations + choose(n, size) > MAX_EVALUATIONS {
            minimal = false;
            for sides in because.iter_mut() {
                for rows in sides.iter_mut() {
                    for sets in rows.iter_mut().filter(|s| s.is_empty()) {
                        sets.push(keys.clone());
                    }
                }
            }
            break;
        }
        let sets: Vec<Vec<&'static str>> = subsets(n, size)
            .into_iter()
            .map(|s| s.into_iter().map(|i| keys[i]).collect())
            .collect();
        let profiles: Vec<Profile> = sets.iter().map(|s| switched(a, b, s)).collect();
        let results = evaluate_rows(ds, &profiles, rels, &opts);
        evaluations += profiles.len();
        let mut found: Vec<(usize, usize, usize, Vec<&'static str>)> = Vec::new();
        for (set, rows) in sets.iter().zip(&results) {
            for (k, (oa, ob)) in only.iter().enumerate() {
                for (j, row) in oa.iter().enumerate() {
                    if because[k][0][j].is_empty() && !rows[k].contains(row) {
                        found.push((k, 0, j, set.clone()));
                    }
                }
                for (j, row) in ob.iter().enumerate() {
                    if because[k][1][j].is_empty() && rows[k].contains(row) {
                        found.push((k, 1, j, set.clone()));
                    }
                }
            }
        }
        for (k, side, j, set) in found {
            because[k][side][j].push(set);
        }
    }
    let relations = rels
        .iter()
        .zip(only.iter_mut())
        .zip(because)
        .map(|((&rel, (oa, ob)), [ba, bb])| {
            let full = |sets: &Vec<Vec<&str>>| !minimal && sets.len() == 1 && sets[0].len() == n;
            let mk = |rows: &mut Vec<Vec<String>>, sets: Vec<Vec<Vec<&'static str>>>| {
                std::mem::take(rows)
                    .into_iter()
                    .zip(sets)
                    .map(|(values, because)| DiffRow {
                        minimal: !full(&because),
                        values,
                        because,
                    })
                    .collect()
            };
            RelDiff {
                rel,
                only_a: mk(oa, ba),
                only_b: mk(ob, bb),
            }
        })
        .collect();
    Comparison {
        a: a.name.clone(),
        b: b.name.clone(),
        as_of,
        differing,
        relations,
        evaluations,
    }
}

/// `sovereignty` or `sovereignty+preventive`; several smallest sets joined by `; `.
pub(crate) fn because_text(row: &DiffRow) -> String {
    let sets: Vec<String> = row.because.iter().map(|s| s.join("+")).collect();
    let text = sets.join("; ");
    if row.minimal {
        text
    } else {
        format!("all of {text} (search budget exhausted)")
    }
}

/// Prints a comparison as a table for people.
pub fn write_table(c: &Comparison, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(
        out,
        "compare {} (A) with {} (B), as_of {}",
        c.a, c.b, c.as_of
    )?;
    if c.differing.is_empty() {
        writeln!(out, "the profiles take the same value on every position")?;
    } else {
        writeln!(out, "positions that differ:")?;
        for d in &c.differing {
            writeln!(out, "  {:<24} A: {:<12} B: {}", d.key, d.a, d.b)?;
        }
        writeln!(
            out,
            "\"because of\": the smallest sets of these positions that, switched alone from A's value to B's, give B's result ({} evaluations)",
            c.evaluations
        )?;
    }
    for r in &c.relations {
        let meta = r.rel.name();
        writeln!(out)?;
        writeln!(
            out,
            "{}: {} row{} only under {}, {} only under {}",
            meta.name,
            r.only_a.len(),
            if r.only_a.len() == 1 { "" } else { "s" },
            c.a,
            r.only_b.len(),
            c.b
        )?;
        if r.only_a.is_empty() && r.only_b.is_empty() {
            continue;
        }
        let mut header: Vec<String> = vec!["only under".into()];
        header.extend(meta.columns.iter().map(|c| c.to_string()));
        header.push("because of".into());
        let mut cells = Vec::new();
        for (name, rows) in [(&c.a, &r.only_a), (&c.b, &r.only_b)] {
            for row in rows {
                let mut line = vec![name.clone()];
                line.extend(row.values.iter().cloned());
                line.push(because_text(row));
                cells.push(line);
            }
        }
        write_cells(&header, &cells, out)?;
    }
    Ok(())
}

/// Aligned columns with a header and a rule, indented by two spaces.
pub fn write_cells(
    header: &[String],
    cells: &[Vec<String>],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut width: Vec<usize> = header.iter().map(|c| c.chars().count()).collect();
    for row in cells {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |vals: &[String]| -> String {
        let mut s = String::from(" ");
        for (v, w) in vals.iter().zip(&width) {
            s.push_str(&format!(" {v:<w$} "));
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(header))?;
    let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "  {}", rule.join("  "))?;
    for row in cells {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// CSV: `relation,only_under,atom,because` (one line per differing row, sorted by
/// relation in the order asked, then A's rows, then B's, each sorted).
pub fn write_csv(c: &Comparison, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["relation", "only_under", "atom", "because"])?;
    for r in &c.relations {
        for (name, rows) in [(&c.a, &r.only_a), (&c.b, &r.only_b)] {
            for row in rows {
                w.write_record([
                    r.rel.name().name,
                    name.as_str(),
                    &atom(r.rel, &row.values),
                    &because_text(row),
                ])?;
            }
        }
    }
    w.flush()
}

/// JSON: `{ "a", "b", "as_of", "differing": [{position, a, b}], "evaluations",
/// "relations": { REL: { "only_a": [{ "row": {col: value}, "because": [[key]], "minimal" }],
/// "only_b": [...] } } }`.
pub fn to_json(c: &Comparison) -> serde_json::Value {
    use serde_json::{json, Map, Value as J};
    let mut rels = Map::new();
    for r in &c.relations {
        let cols = r.rel.name().columns;
        let side = |rows: &[DiffRow]| -> J {
            J::Array(
                rows.iter()
                    .map(|row| {
                        let obj: Map<String, J> = cols
                            .iter()
                            .zip(&row.values)
                            .map(|(c, v)| (c.to_string(), J::String(v.clone())))
                            .collect();
                        json!({ "row": obj, "because": row.because, "minimal": row.minimal })
                    })
                    .collect(),
            )
        };
        rels.insert(
            r.rel.name().name.to_string(),
            json!({ "only_a": side(&r.only_a), "only_b": side(&r.only_b) }),
        );
    }
    let differing: Vec<J> = c
        .differing
        .iter()
        .map(|d| json!({ "position": d.key, "a": d.a, "b": d.b }))
        .collect();
    json!({
        "a": c.a, "b": c.b, "as_of": c.as_of.to_string(), "differing": differing,
        "evaluations": c.evaluations, "relations": J::Object(rels),
    })
}
