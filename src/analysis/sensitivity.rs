//! `diligence sensitivity`: for every conclusion, whether it holds under every shipped
//! profile (robust), and which profile positions it stands or falls with.
//!
//! The dataset is evaluated under each shipped profile, under the base profile
//! (`--profile`, default `kreuzer-2024`), and under every *variant* of the base with one
//! position switched: to each other value of a closed position (`sovereignty`, `notify`,
//! `vuln`, the booleans, the feasibility table) and to each value another shipped profile
//! gives a numeric position (plus `--vary KEY=V,…`). Every row derived under any of these
//! is listed with
//! - its standing: **robust** (holds under every shipped profile), **contested** (under some),
//!   or **hypothetical** (under no shipped profile, only under a variant or the base);
//! - whether it holds under the base, and the shipped profiles it holds under;
//! - the variants that change its verdict against the base (`sovereignty=pure`): the
//!   positions it depends on, one at a time;
//! - for a contested row that no single switch changes, the shipped profiles that disagree
//!   with the base and the positions they differ in (only a combination decides it).

use std::collections::BTreeSet;

use crate::analysis::compare::{atom, evaluate_rows, write_cells};
use crate::facts::{Dataset, Time};
use crate::profile::{closed_values, Profile};
use crate::rules::program::Rel;
use crate::EvalOptions;

/// The conclusions `sensitivity` examines when no relation is named.
pub const CONCLUSIONS: &[&str] = &[
    "negligent",
    "violation",
    "wrongful",
    "consequence",
    "admissible",
];

/// One position of the base switched to another value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flip {
    /// The profile position switched (`sovereignty`, `window_hours`, …).
    pub key: &'static str,
    /// The base's value.
    pub from: String,
    /// The value switched to.
    pub to: String,
}

impl Flip {
    /// `sovereignty=pure`.
    pub fn text(&self) -> String {
        format!("{}={}", self.key, self.to)
    }
}

/// How a row stands across the shipped profiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Holds under every shipped profile.
    Robust,
    /// Holds under some shipped profiles, not all.
    Contested,
    /// Holds under no shipped profile (only under the base or a one-position variant).
    Hypothetical,
}

impl Standing {
    /// The standing as printed (`robust`, `contested`, `hypothetical`).
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Robust => "robust",
            Standing::Contested => "contested",
            Standing::Hypothetical => "hypothetical",
        }
    }
}

/// One row of a conclusion.
#[derive(Clone, Debug)]
pub struct SensRow {
    /// The relation.
    pub rel: Rel,
    /// The row's values, as written in the input.
    pub values: Vec<String>,
    /// How it stands across the shipped profiles.
    pub standing: Standing,
    /// Holds under the base profile.
    pub under_base: bool,
    /// The shipped profiles it holds under, in shipped order.
    pub holds_under: Vec<String>,
    /// Indices into [`Sensitivity::flips`] of the variants whose verdict differs from the base's.
    pub changed_by: Vec<usize>,
    /// For a contested row no single switch changes: the disagreeing shipped profiles and
    /// the positions they differ from the base in.
    pub note: String,
}

/// The result of [`sensitivity`].
#[derive(Clone, Debug)]
pub struct Sensitivity {
    /// The base profile's name.
    pub base: String,
    /// The evaluation time used for every profile.
    pub as_of: Time,
    /// The shipped profiles' names.
    pub shipped: Vec<String>,
    /// The one-position variants of the base that were evaluated.
    pub flips: Vec<Flip>,
    /// The conclusions examined, in output order.
    pub rels: Vec<Rel>,
    /// Sorted by relation (in `rels` order), then values.
    pub rows: Vec<SensRow>,
    /// Number of evaluations made.
    pub evaluations: usize,
}

/// The one-position variants of `base`: other values of closed positions, values other
/// profiles of `others` give, and the `extra` values (`(key, value)`, e.g. from `--vary`).
pub fn flips(base: &Profile, others: &[Profile], extra: &[(String, String)]) -> Vec<Flip> {
    let mut out = Vec::new();
    for (k, pos) in base.positions.iter().enumerate() {
        let mut values: Vec<String> = closed_values(pos.key)
            .into_iter()
            .map(str::to_string)
            .collect();
        let mut open: BTreeSet<String> = others
            .iter()
            .filter_map(|p| p.positions.get(k))
            .map(|q| q.value.clone())
            .collect();
        open.extend(
            extra
                .iter()
                .filter(|(key, _)| key == pos.key)
                .map(|(_, v)| v.clone()),
        );
        for v in open {
            if !values.contains(&v) {
                values.push(v);
            }
        }
        for v in values {
            if v != pos.value {
                out.push(Flip {
                    key: pos.key,
                    from: pos.value.clone(),
                    to: v,
                });
            }
        }
    }
    out
}

/// Examines the conclusions `rels` of `ds` (see the module documentation).
/// `extra`: additional values to switch to, `(key, value)`; invalid ones are an error.
pub fn sensitivity(
    ds: &Dataset,
    base: &Profile,
    shipped: &[Profile],
    rels: &[Rel],
    extra: &[(String, String)],
    opts: &EvalOptions,
) -> Result<Sensitivity, String> {
    let as_of = opts
        .as_of
        .or_else(|| ds.latest_time())
        .unwrap_or(Time::NEVER);
    let opts = EvalOptions {
        as_of: Some(as_of),
        ..opts.clone()
    };
    let flips = flips(base, shipped, extra);
    let mut variants = Vec::with_capacity(flips.len());
    for f in &flips {
        let mut p = base.with_position(
            f.key,
            &f.to,
            "switched by `diligence sensitivity`",
            &format!("{} with {}", base.name, f.text()),
        )?;
        p.name = format!("{} with {}", base.name, f.text());
        variants.push(p);
    }
    // Shipped profiles, then the base, then the variants; all evaluated in parallel.
    let mut all: Vec<Profile> = shipped.to_vec();
    all.push(base.clone());
    all.extend(variants);
    let results = evaluate_rows(ds, &all, rels, &opts);
    let (under_shipped, rest) = results.split_at(shipped.len());
    let (under_base, under_flips) = rest.split_at(1);
    let under_base = &under_base[0];

    let mut rows = Vec::new();
    for (k, &rel) in rels.iter().enumerate() {
        let mut universe: BTreeSet<&Vec<String>> = BTreeSet::new();
        for r in results.iter() {
            universe.extend(r[k].iter());
        }
        for values in universe {
            let holds_under: Vec<String> = shipped
                .iter()
                .zip(under_shipped)
                .filter(|(_, r)| r[k].contains(values))
                .map(|(p, _)| p.name.clone())
                .collect();
            let standing = if holds_under.len() == shipped.len() {
                Standing::Robust
            } else if holds_under.is_empty() {
                Standing::Hypothetical
            } else {
                Standing::Contested
            };
            let in_base = under_base[k].contains(values);
            let changed_by: Vec<usize> = under_flips
                .iter()
                .enumerate()
                .filter(|(_, r)| r[k].contains(values) != in_base)
                .map(|(i, _)| i)
                .collect();
            let mut note = String::new();
            if standing == Standing::Contested && changed_by.is_empty() {
                let parts: Vec<String> = shipped
                    .iter()
                    .zip(under_shipped)
                    .filter(|(_, r)| r[k].contains(values) != in_base)
                    .map(|(p, _)| {
                        let keys: Vec<&str> = base
                            .positions
                            .iter()
                            .zip(&p.positions)
                            .filter(|(x, y)| x.value != y.value)
                            .map(|(x, _)| x.key)
                            .collect();
                        format!("{}: {}", p.name, keys.join("+"))
                    })
                    .collect();
                note = format!("no single switch; only together ({})", parts.join("; "));
            }
            rows.push(SensRow {
                rel,
                values: values.clone(),
                standing,
                under_base: in_base,
                holds_under,
                changed_by,
                note,
            });
        }
    }
    Ok(Sensitivity {
        base: base.name.clone(),
        as_of,
        shipped: shipped.iter().map(|p| p.name.clone()).collect(),
        flips,
        rels: rels.to_vec(),
        rows,
        evaluations: all.len(),
    })
}

/// Counts per relation: `[rows, robust, robust but changed by a switch, contested,
/// contested by a combination only, hypothetical]`.
pub fn counts(s: &Sensitivity, rel: Rel) -> [usize; 6] {
    let mut c = [0; 6];
    for r in s.rows.iter().filter(|r| r.rel == rel) {
        c[0] += 1;
        match r.standing {
            Standing::Robust => {
                c[1] += 1;
                if !r.changed_by.is_empty() {
                    c[2] += 1;
                }
            }
            Standing::Contested => {
                c[3] += 1;
                if r.changed_by.is_empty() {
                    c[4] += 1;
                }
            }
            Standing::Hypothetical => c[5] += 1,
        }
    }
    c
}

const COUNT_NAMES: [&str; 6] = [
    "rows",
    "robust",
    "robust_but_switchable",
    "contested",
    "contested_combination_only",
    "hypothetical",
];

fn changed_text(s: &Sensitivity, r: &SensRow) -> String {
    r.changed_by
        .iter()
        .map(|&i| s.flips[i].text())
        .collect::<Vec<_>>()
        .join(" ")
}

fn holds_text(s: &Sensitivity, r: &SensRow) -> String {
    if r.holds_under.len() == s.shipped.len() {
        "all".into()
    } else if r.holds_under.is_empty() {
        "none".into()
    } else {
        r.holds_under.join(" ")
    }
}

/// Prints the summary and the rows as tables.
pub fn write_table(s: &Sensitivity, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(
        out,
        "sensitivity under the {} shipped profiles ({}), as_of {}",
        s.shipped.len(),
        s.shipped.join(", "),
        s.as_of
    )?;
    writeln!(
        out,
        "one position of {} switched at a time ({} variants):",
        s.base,
        s.flips.len()
    )?;
    let mut k = 0;
    while k < s.flips.len() {
        let key = s.flips[k].key;
        let tos: Vec<&str> = s.flips[k..]
            .iter()
            .take_while(|f| f.key == key)
            .map(|f| f.to.as_str())
            .collect();
        writeln!(out, "  {key}: {} -> {}", s.flips[k].from, tos.join(" | "))?;
        k += tos.len();
    }
    writeln!(out, "({} evaluations)", s.evaluations)?;
    writeln!(out)?;
    writeln!(out, "summary")?;
    let header: Vec<String> = std::iter::once("relation".to_string())
        .chain(COUNT_NAMES.iter().map(|c| c.replace('_', " ")))
        .collect();
    let cells: Vec<Vec<String>> = s
        .rels
        .iter()
        .map(|&rel| {
            std::iter::once(rel.name().name.to_string())
                .chain(counts(s, rel).iter().map(|n| n.to_string()))
                .collect()
        })
        .collect();
    write_cells(&header, &cells, out)?;
    for &rel in &s.rels {
        let meta = rel.name();
        let rows: Vec<&SensRow> = s.rows.iter().filter(|r| r.rel == rel).collect();
        writeln!(out)?;
        writeln!(
            out,
            "{} ({} row{})",
            meta.name,
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        )?;
        if rows.is_empty() {
            writeln!(out, "  (none)")?;
            continue;
        }
        let mut header: Vec<String> = vec!["standing".into()];
        header.extend(meta.columns.iter().map(|c| c.to_string()));
        header.push(s.base.clone());
        header.push("holds under".into());
        header.push("changed by".into());
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let mut line = vec![r.standing.as_str().to_string()];
                line.extend(r.values.iter().cloned());
                line.push(if r.under_base { "yes" } else { "no" }.into());
                line.push(holds_text(s, r));
                let mut changed = changed_text(s, r);
                if !r.note.is_empty() {
                    changed = r.note.clone();
                }
                line.push(changed);
                line
            })
            .collect();
        write_cells(&header, &cells, out)?;
    }
    Ok(())
}

/// CSV: `relation,atom,standing,base,holds_under,changed_by,note` (lists space-separated).
pub fn write_csv(s: &Sensitivity, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "relation",
        "atom",
        "standing",
        "under_base",
        "holds_under",
        "changed_by",
        "note",
    ])?;
    for r in &s.rows {
        w.write_record([
            r.rel.name().name,
            &atom(r.rel, &r.values),
            r.standing.as_str(),
            if r.under_base { "true" } else { "false" },
            &r.holds_under.join(" "),
            &changed_text(s, r),
            &r.note,
        ])?;
    }
    w.flush()
}

/// JSON: `{ "base", "as_of", "profiles", "flips": [{position, from, to}], "evaluations",
/// "summary": { REL: {rows, robust, …} }, "rows": [ { "relation", "row": {col: value},
/// "atom", "standing", "under_base", "holds_under", "changed_by", "note" } ] }`.
pub fn to_json(s: &Sensitivity) -> serde_json::Value {
    use serde_json::{json, Map, Value as J};
    let mut summary = Map::new();
    for &rel in &s.rels {
        let c = counts(s, rel);
        let obj: Map<String, J> = COUNT_NAMES
            .iter()
            .zip(c)
            .map(|(n, v)| (n.to_string(), json!(v)))
            .collect();
        summary.insert(rel.name().name.to_string(), J::Object(obj));
    }
    let rows: Vec<J> = s
        .rows
        .iter()
        .map(|r| {
            let obj: Map<String, J> = r
                .rel
                .name()
                .columns
                .iter()
                .zip(&r.values)
                .map(|(c, v)| (c.to_string(), J::String(v.clone())))
                .collect();
            let changed: Vec<String> = r.changed_by.iter().map(|&i| s.flips[i].text()).collect();
            json!({
                "relation": r.rel.name().name, "row": obj, "atom": atom(r.rel, &r.values),
                "standing": r.standing.as_str(), "under_base": r.under_base,
                "holds_under": r.holds_under, "changed_by": changed, "note": r.note,
            })
        })
        .collect();
    let flips: Vec<J> = s
        .flips
        .iter()
        .map(|f| json!({ "position": f.key, "from": f.from, "to": f.to }))
        .collect();
    json!({
        "base": s.base, "as_of": s.as_of.to_string(), "profiles": s.shipped, "flips": flips,
        "evaluations": s.evaluations, "summary": J::Object(summary), "rows": rows,
    })
}
