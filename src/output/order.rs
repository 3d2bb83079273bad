//! The printed order of a relation's rows, computed without printing every value.
//!
//! Output rows are sorted by their printed values (see the module docs of `output`). Printing
//! every value of a million-row relation into its own `String` and sorting vectors of strings
//! costs more than deriving the relation, so each value becomes instead a `u64` *key* whose
//! order is the order of its printed text, and from which the text is recovered when the row
//! is written:
//! - an id column (every value of one kind: states, incidents, …) keys on the id's rank
//!   among the ids of its kind sorted by name (ranked once per kind and output);
//! - a time column keys on [`Time::print_order`] (times print with a four-digit year);
//! - any other column (closed values, rule ids, numbers, mixed kinds, and id columns of
//!   small relations) keys on the rank of the value's printed text among the column's
//!   distinct printed texts.
//!
//! An absent value prints as `""`, before every other text: key 0 in id and time columns.
//! Two values have the same key exactly when they print the same, so sorting keys and
//! dropping equal neighbours gives the rows and the order that sorting the printed rows gives
//! (`tests/output_order.rs` checks this against printing everything).

use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::facts::dataset::Interner;
use crate::facts::{Symbols, Time};
use crate::rules::engine::Value;
use crate::rules::program::{Model, Rel};

/// The kinds of interned ids, in the order of [`Printer`]'s rank tables.
const ID_KINDS: usize = 6;

fn id_of(v: &Value) -> Option<(usize, u32)> {
    Some(match *v {
        Value::State(s) => (0, s.0),
        Value::Incident(i) => (1, i.0),
        Value::Actor(a) => (2, a.0),
        Value::Response(r) => (3, r.0),
        Value::Vuln(x) => (4, x.0),
        Value::Campaign(c) => (5, c.0),
        _ => return None,
    })
}

/// The ids of one kind ranked by name.
struct IdRanks {
    /// Rank of each id (by index).
    rank: Vec<u32>,
    /// The names one after the other in rank order, and where each ends: rows in printed
    /// order read them nearly in sequence (from the interner, each name would be two
    /// scattered reads, which dominated printing large relations).
    names: String,
    ends: Vec<usize>,
}

impl IdRanks {
    fn name(&self, rank: usize) -> &str {
        let start = rank.checked_sub(1).map_or(0, |r| self.ends[r]);
        &self.names[start..self.ends[rank]]
    }
}

/// Ranks ids by name and prints keyed values; shared by every relation of one output.
pub struct Printer<'a> {
    sym: &'a Symbols,
    ranks: [OnceLock<IdRanks>; ID_KINDS],
    /// Whether id columns may be keyed by id rank (else by printed text, as small
    /// relations are).
    id_ranks: bool,
}

impl<'a> Printer<'a> {
    /// A printer for the ids of `sym`.
    pub fn new(sym: &'a Symbols) -> Printer<'a> {
        Printer {
            sym,
            ranks: Default::default(),
            id_ranks: true,
        }
    }

    /// A printer that keys every column by printed text (slower on large relations; the
    /// tests compare both ways of keying).
    pub fn texts_only(sym: &'a Symbols) -> Printer<'a> {
        Printer {
            id_ranks: false,
            ..Printer::new(sym)
        }
    }

    fn interner(&self, kind: usize) -> &'a Interner {
        let s = self.sym;
        [
            &s.states,
            &s.incidents,
            &s.actors,
            &s.responses,
            &s.vulns,
            &s.campaigns,
        ][kind]
    }

    fn ranks(&self, kind: usize) -> &IdRanks {
        self.ranks[kind].get_or_init(|| {
            let names = self.interner(kind).names();
            let mut by_rank: Vec<u32> = (0..names.len() as u32).collect();
            by_rank.par_sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
            let mut rank = vec![0; names.len()];
            let mut text = String::with_capacity(names.iter().map(String::len).sum());
            let mut ends = Vec::with_capacity(names.len());
            for (r, &id) in by_rank.iter().enumerate() {
                rank[id as usize] = r as u32;
                text.push_str(&names[id as usize]);
                ends.push(text.len());
            }
            IdRanks {
                rank,
                names: text,
                ends,
            }
        })
    }

    /// The rows of `rel` in `model`, keyed, sorted and without repeats.
    pub fn sorted(&self, model: &Model, rel: Rel) -> Sorted<'_, 'a> {
        let n = model.len(rel);
        let width = rel.name().columns.len();
        let mut cols = self.columns(model, rel, width, n);
        self.rank_texts(model, rel, &mut cols);
        let keys = match width {
            1 => keyed::<1>(self, model, rel, &cols),
            2 => keyed::<2>(self, model, rel, &cols),
            3 => keyed::<3>(self, model, rel, &cols),
            4 => keyed::<4>(self, model, rel, &cols),
            5 => keyed::<5>(self, model, rel, &cols),
            6 => keyed::<6>(self, model, rel, &cols),
            7 => keyed::<7>(self, model, rel, &cols),
            8 => keyed::<8>(self, model, rel, &cols),
            9 => keyed::<9>(self, model, rel, &cols),
            10 => keyed::<10>(self, model, rel, &cols),
            11 => keyed::<11>(self, model, rel, &cols),
            12 => keyed::<12>(self, model, rel, &cols),
            _ => keyed_wide(self, model, rel, &cols),
        };
        Sorted {
            printer: self,
            width,
            cols,
            keys,
        }
    }

    /// How each column is keyed: ids of one kind and times where every value allows it
    /// (ids only where the relation is not much smaller than the kind's id table, which
    /// is ranked whole), printed texts otherwise.
    fn columns(&self, model: &Model, rel: Rel, width: usize, n: usize) -> Vec<Column> {
        #[derive(Clone, Copy, PartialEq)]
        enum Seen {
            Nothing,
            Id(usize),
            Time,
            Text,
        }
        let mut seen = vec![Seen::Nothing; width];
        model.for_each_values(rel, &mut |vals| {
            for (s, v) in seen.iter_mut().zip(vals) {
                *s = match (*s, v, id_of(v)) {
                    (Seen::Text, _, _) | (_, Value::Absent, _) => *s,
                    (Seen::Nothing | Seen::Time, Value::Time(t), _)
                        if t.print_order().is_some() =>
                    {
                        Seen::Time
                    }
                    (Seen::Nothing, _, Some((k, _))) => Seen::Id(k),
                    (Seen::Id(a), _, Some((k, _))) if a == k => *s,
                    _ => Seen::Text,
                };
            }
        });
        seen.into_iter()
            .map(|s| match s {
                Seen::Id(k) if self.id_ranks && self.interner(k).len() <= 4 * n + 1024 => {
                    Column::Id(k)
                }
                Seen::Time if self.id_ranks => Column::Time,
                _ => Column::Text(Vec::new(), FxHashMap::default()),
            })
            .collect()
    }

    /// Ranks the distinct printed texts of the text columns.
    fn rank_texts(&self, model: &Model, rel: Rel, cols: &mut [Column]) {
        if !cols.iter().any(|c| matches!(c, Column::Text(..))) {
            return;
        }
        model.for_each_values(rel, &mut |vals| {
            for (c, v) in cols.iter_mut().zip(vals) {
                if let Column::Text(_, rank) = c {
                    rank.entry(*v).or_insert(0);
                }
            }
        });
        for c in cols.iter_mut() {
            if let Column::Text(texts, rank) = c {
                let mut printed: Vec<(String, Value)> =
                    rank.keys().map(|v| (v.render(self.sym), *v)).collect();
                printed.sort_unstable();
                for (text, v) in printed {
                    if texts.last() != Some(&text) {
                        texts.push(text);
                    }
                    rank.insert(v, texts.len() as u64 - 1);
                }
            }
        }
    }

    fn key(&self, col: &Column, v: &Value) -> u64 {
        match (col, v) {
            (Column::Id(_) | Column::Time, Value::Absent) => 0,
            (Column::Id(k), v) => match id_of(v) {
                Some((_, id)) => u64::from(self.ranks(*k).rank[id as usize]) + 1,
                None => unreachable!("an id column holds ids only"),
            },
            (Column::Time, Value::Time(t)) => t.print_order().map_or(0, |k| k + 1),
            (Column::Text(_, rank), v) => rank[v],
            (Column::Time, _) => unreachable!("a time column holds times only"),
        }
    }
}

/// How a column's values are keyed (see the module docs).
enum Column {
    /// Ids of one kind (index into [`Printer`]'s tables): 0 absent, else rank + 1.
    Id(usize),
    /// Times: 0 absent, else [`Time::print_order`] + 1.
    Time,
    /// The distinct printed texts in order, and each value's rank among them.
    Text(Vec<String>, FxHashMap<Value, u64>),
}

fn keyed<const W: usize>(p: &Printer, model: &Model, rel: Rel, cols: &[Column]) -> Vec<u64> {
    let mut rows: Vec<[u64; W]> = Vec::with_capacity(model.len(rel));
    model.for_each_values(rel, &mut |vals| {
        let mut row = [0; W];
        for ((k, c), v) in row.iter_mut().zip(cols).zip(vals) {
            *k = p.key(c, v);
        }
        rows.push(row);
    });
    rows.par_sort_unstable();
    rows.dedup();
    rows.into_flattened()
}

/// [`keyed`] for relations wider than the fixed sizes (none today).
fn keyed_wide(p: &Printer, model: &Model, rel: Rel, cols: &[Column]) -> Vec<u64> {
    let mut rows: Vec<Vec<u64>> = Vec::with_capacity(model.len(rel));
    model.for_each_values(rel, &mut |vals| {
        rows.push(cols.iter().zip(vals).map(|(c, v)| p.key(c, v)).collect());
    });
    rows.par_sort_unstable();
    rows.dedup();
    rows.concat()
}

/// The keyed rows of one relation in printed order.
pub struct Sorted<'p, 'a> {
    printer: &'p Printer<'a>,
    width: usize,
    cols: Vec<Column>,
    keys: Vec<u64>,
}

impl Sorted<'_, '_> {
    /// The number of (distinct) rows.
    pub fn len(&self) -> usize {
        self.keys.len().checked_div(self.width).unwrap_or(0)
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Appends the printed value of column `col` of row `row` to `out`.
    pub fn print(&self, row: usize, col: usize, out: &mut String) {
        use std::fmt::Write as _;
        let key = self.keys[row * self.width + col];
        match &self.cols[col] {
            Column::Id(_) | Column::Time if key == 0 => {}
            Column::Id(k) => out.push_str(self.printer.ranks(*k).name(key as usize - 1)),
            Column::Time => {
                let _ = write!(out, "{}", Time::from_print_order(key - 1));
            }
            Column::Text(texts, _) => out.push_str(&texts[key as usize]),
        }
    }

    /// Row `row`, printed.
    pub fn row(&self, row: usize) -> Vec<String> {
        (0..self.width)
            .map(|c| {
                let mut s = String::new();
                self.print(row, c, &mut s);
                s
            })
            .collect()
    }
}
