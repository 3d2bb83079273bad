//! Query benchmark (not a test): a generated dataset is loaded and evaluated once, then
//! research queries are answered over the evaluation, each timed from the query text to
//! the sorted answer (parse, check, tables, indexes, join) in a fresh engine, median of
//! three runs. The figure that matters is the three-atom join with a negation (`join3neg`),
//! which must answer in under one second at 10^6 incidents.
//!
//! ```text
//! cargo bench --bench query                                   # 10^6 incidents
//! DILIGENCE_BENCH_DATA=/path/to/dataset cargo bench --bench query
//! DILIGENCE_BENCH_INCIDENTS=10000 cargo bench --bench query   # generate a smaller one
//! ```
//! The dataset is the folder `DILIGENCE_BENCH_DATA` names, else it is generated (once) into
//! `target/bench-data/gen-N` (seed 42).

mod support;
use std::path::PathBuf;
use std::time::Instant;
use support::{bench_dataset, median};

use diligence::{evaluate, query, EvalOptions};

const QUERIES: &[(&str, &str)] = &[
    (
        "join3neg",
        "q(S, V, L) :- negligent(S, I), targets(I, V, _), incidents(id: I, loss_usd: L), !attributed(I, _).",
    ),
    (
        "aggregate",
        "q(S, N = count(I), Loss = sum(L)) :- negligent(S, I), incidents(id: I, loss_usd: L).",
    ),
    (
        "events_time",
        "q(S, I, T) :- events(T, \"mla_request\", _, S, I, _), breach(S, \"DUTY-MLA\", I), T >= 2020-01-01.",
    ),
];

fn main() {
    let dir = bench_dataset(1_000_000);
    let t0 = Instant::now();
    let ds = diligence::facts::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let t1 = Instant::now();
    let prof = diligence::profile::load_profile("kreuzer-2024").unwrap();
    let ev = evaluate(ds, prof, &EvalOptions::default());
    let t2 = Instant::now();
    println!(
        "dataset {} ({} incidents): load {:.2?}, evaluate {:.2?}",
        dir.display(),
        ev.dataset.incidents.len(),
        t1 - t0,
        t2 - t1
    );
    let mut queries: Vec<(String, String)> = QUERIES
        .iter()
        .map(|(n, q)| (n.to_string(), q.to_string()))
        .collect();
    // The saved research queries too.
    let lib = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&lib)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for f in files {
        if let (Some(stem), Ok(text)) = (f.file_stem(), std::fs::read_to_string(&f)) {
            queries.push((format!("queries/{}", stem.to_string_lossy()), text));
        }
    }
    println!("{:<48} {:>10} {:>12}", "query", "rows", "median time");
    // rows: of the largest answer of the query text (a file may hold helper queries).
    for (name, text) in &queries {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..3 {
            let start = Instant::now();
            let prog = query::compile(text)
                .unwrap_or_else(|e| panic!("{name}: {}", query::render_errors(&e, None)));
            let engine = query::answer(&ev, &prog, false);
            times.push(start.elapsed());
            rows = engine
                .answers
                .iter()
                .map(|a| a.rows.len())
                .max()
                .unwrap_or(0);
        }
        println!("{name:<48} {rows:>10} {:>12.3?}", median(times));
    }
}
