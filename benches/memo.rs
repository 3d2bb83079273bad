//! Memo benchmark (not a test): a generated dataset is loaded and evaluated once, then the
//! memo of one incident (the incident of the middle `negligent` row: every question
//! argued, robustness across the shipped profiles and one-position variants, the what-if
//! search of each breach, Markdown) is written 5 times; the figure is the median, which
//! must stay under 2 s at 10^5 incidents. Robustness and what-if evaluate the dataset
//! reduced to the incident (see `diligence::explain::memo`), so the figure does not grow
//! with the dataset beyond the scans for the incident's rows.
//!
//! ```text
//! cargo bench --bench memo                                 # 10^5 incidents
//! DILIGENCE_BENCH_DATA=/path/to/dataset cargo bench --bench memo
//! DILIGENCE_BENCH_INCIDENTS=10000 cargo bench --bench memo
//! ```
//! The dataset is the folder `DILIGENCE_BENCH_DATA` names, else it is generated (once) into
//! `target/bench-data/gen-N` (seed 42).

mod support;
use std::time::Instant;
use support::{evaluated_bench_dataset, median};

use diligence::explain::memo;
use diligence::rules::engine::{FactLike, Value};
use diligence::{output, profile};

fn main() {
    let ev = evaluated_bench_dataset(100_000);
    let shipped: Vec<_> = profile::shipped()
        .into_iter()
        .map(|n| profile::load_profile(n).unwrap())
        .collect();

    // The incident of the middle row of `negligent`: one with a breach to search.
    let negligent = output::relation("negligent").unwrap();
    let rows = ev.model.facts(negligent);
    let Value::Incident(i) = rows[rows.len() / 2].values()[1] else {
        unreachable!()
    };
    let id = ev.dataset.symbols.incident(i).to_string();
    let mut lines = 0;
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let m = memo::build(&ev, &id, &shipped).expect("a memo");
        let text = m.to_markdown();
        times.push(start.elapsed());
        lines = text.lines().count();
    }
    println!("memo {id}: median {:.2?} ({lines} lines)", median(times));
}
