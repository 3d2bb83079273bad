//! Printing relations: a human table, CSV, and the JSON envelope of the data model.
//!
//! Every format prints rows sorted by their rendered values (ids as written in the input,
//! times as ISO 8601 UTC, absent values as `""`), so the output does not depend on the
//! order of rows in the input files: same input, same bytes.
//!
//! JSON: one object `{ "relation": [ {"column": "value", …}, … ], … }`; relations in the
//! order requested, columns in the data model's order, every value a string.
//! CSV to a folder (`--out DIR`): one `RELATION.csv` per relation with a header row.
//! CSV to standard output: one relation is plain CSV; several are blocks, each opened by a
//! line `# RELATION` and separated by a blank line.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use crate::eval::Evaluation;
use crate::rules::program::Rel;

mod order;
pub use order::{Printer, Sorted};

/// The relations `run` prints when none are named (the conclusions).
pub const DEFAULT_RELATIONS: &[&str] = &[
    "negligent",
    "violation",
    "wrongful",
    "consequence",
    "admissible",
    "inadmissible",
];

/// The output relations of the data model, in its order.
pub const OUTPUT_RELATIONS: &[&str] = &[
    "cyber_harm",
    "significant",
    "emanates",
    "attributed",
    "knows",
    "obligation",
    "breach",
    "negligent",
    "violation",
    "wrongful",
    "consequence",
    "admissible",
    "inadmissible",
    "concern",
    "recommendation",
];

/// An output format of `run`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people (state names added).
    Table,
    /// Comma-separated values.
    Csv,
    /// `{ "relation": [ {column: value} ] }`.
    Json,
}

/// The relation of the rule program with this name (output, intermediate or input).
pub fn relation(name: &str) -> Option<Rel> {
    Rel::ALL.iter().copied().find(|r| r.name().name == name)
}

/// The rows of a relation, rendered and sorted.
pub fn rows(ev: &Evaluation, rel: Rel) -> Vec<Vec<String>> {
    let printer = Printer::new(&ev.dataset.symbols);
    let sorted = printer.sorted(&ev.model, rel);
    (0..sorted.len()).map(|k| sorted.row(k)).collect()
}

/// Writes `rels` in `format` to `out`.
pub fn write(ev: &Evaluation, rels: &[Rel], format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => write_table(ev, rels, out),
        Format::Csv => {
            for (k, &rel) in rels.iter().enumerate() {
                if rels.len() > 1 {
                    if k > 0 {
                        writeln!(out)?;
                    }
                    writeln!(out, "# {}", rel.name().name)?;
                }
                write_csv(ev, rel, out)?;
            }
            Ok(())
        }
        Format::Json => {
            let mut top = serde_json::Map::new();
            for &rel in rels {
                let cols = rel.name().columns;
                let list = rows(ev, rel)
                    .into_iter()
                    .map(|row| {
                        let obj: serde_json::Map<String, serde_json::Value> = cols
                            .iter()
                            .zip(row)
                            .map(|(c, v)| (c.to_string(), serde_json::Value::String(v)))
                            .collect();
                        serde_json::Value::Object(obj)
                    })
                    .collect();
                top.insert(rel.name().name.to_string(), serde_json::Value::Array(list));
            }
            serde_json::to_writer_pretty(&mut *out, &serde_json::Value::Object(top))?;
            writeln!(out)
        }
    }
}

/// Writes one relation as CSV (header + sorted rows).
pub fn write_csv(ev: &Evaluation, rel: Rel, out: &mut dyn Write) -> io::Result<()> {
    write_csv_with(&Printer::new(&ev.dataset.symbols), ev, rel, out)
}

fn write_csv_with(p: &Printer, ev: &Evaluation, rel: Rel, out: &mut dyn Write) -> io::Result<()> {
    use rayon::prelude::*;
    /// Rows printed per task; a few tasks' worth are in memory at a time.
    const CHUNK: usize = 1 << 15;
    let width = rel.name().columns.len();
    let mut w = csv::Writer::from_writer(&mut *out);
    w.write_record(rel.name().columns)?;
    w.flush()?;
    drop(w);
    let sorted = p.sorted(&ev.model, rel);
    let print = |chunk: usize| -> io::Result<Vec<u8>> {
        let rows = chunk * CHUNK..sorted.len().min((chunk + 1) * CHUNK);
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::with_capacity(rows.len() * (width * 12 + 8)));
        let mut fields = vec![String::new(); width];
        for row in rows {
            for (col, f) in fields.iter_mut().enumerate() {
                f.clear();
                sorted.print(row, col, f);
            }
            w.write_record(&fields)?;
        }
        w.into_inner().map_err(|e| e.into_error())
    };
    // Large relations are printed in chunks on every core and written in order.
    let chunks: Vec<usize> = (0..sorted.len().div_ceil(CHUNK)).collect();
    for batch in chunks.chunks(8) {
        let printed: Vec<io::Result<Vec<u8>>> = batch.par_iter().map(|&c| print(c)).collect();
        for bytes in printed {
            out.write_all(&bytes?)?;
        }
    }
    Ok(())
}

/// Writes one `RELATION.csv` per relation into `dir` (created if needed).
pub fn write_dir(ev: &Evaluation, rels: &[Rel], dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    std::fs::create_dir_all(dir)?;
    let printer = Printer::new(&ev.dataset.symbols);
    // Files are independent: render and write them on every core.
    rels.par_iter().try_for_each(|&rel| {
        let path = dir.join(format!("{}.csv", rel.name().name));
        let mut file = io::BufWriter::with_capacity(1 << 18, std::fs::File::create(&path)?);
        write_csv_with(&printer, ev, rel, &mut file)?;
        file.flush()
    })
}

fn write_table(ev: &Evaluation, rels: &[Rel], out: &mut dyn Write) -> io::Result<()> {
    let sym = &ev.dataset.symbols;
    let state_name = |id: &str| -> Option<String> {
        let k = sym.states.get(id)?;
        ev.dataset
            .states
            .iter()
            .find(|r| r.data.id.0 == k)
            .map(|r| r.data.name.clone())
    };
    for (k, &rel) in rels.iter().enumerate() {
        if k > 0 {
            writeln!(out)?;
        }
        let meta = rel.name();
        let rows = rows(ev, rel);
        let state_cols: Vec<bool> = meta
            .columns
            .iter()
            .map(|c| matches!(*c, "state" | "injured" | "victim" | "by" | "requester"))
            .collect();
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&state_cols)
                    .map(|(v, &is_state)| match (is_state, state_name(v)) {
                        (true, Some(name)) if name != *v => format!("{v} ({name})"),
                        _ => v.clone(),
                    })
                    .collect()
            })
            .collect();
        writeln!(
            out,
            "{} ({} row{})",
            meta.name,
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        )?;
        if cells.is_empty() {
            writeln!(out, "  (none)")?;
            continue;
        }
        let mut width: Vec<usize> = meta.columns.iter().map(|c| c.chars().count()).collect();
        for row in &cells {
            for (w, c) in width.iter_mut().zip(row) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |vals: &[String]| -> String {
            let mut s = String::from(" ");
            for (v, w) in vals.iter().zip(&width) {
                let _ = write!(s, " {v:<w$} ");
            }
            s.trim_end().to_string()
        };
        let header: Vec<String> = meta.columns.iter().map(|c| c.to_string()).collect();
        writeln!(out, "{}", line(&header))?;
        writeln!(
            out,
            "  {}",
            width
                .iter()
                .map(|w| "-".repeat(*w))
                .collect::<Vec<_>>()
                .join("  ")
        )?;
        for row in &cells {
            writeln!(out, "{}", line(row))?;
        }
    }
    Ok(())
}
