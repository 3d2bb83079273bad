//! Explanation benchmark (not a test): a generated dataset is loaded and evaluated once,
//! then the legal argument of one conclusion (`explain`: proof of least height, argument,
//! text) and of one why-not (`why-not`: why-not at the default depth, argument, text) are
//! built, each from a fresh prover, 21 times; the figure is the median, which must stay
//! under 10 ms at 10^5 incidents.
//!
//! ```text
//! cargo bench --bench explain                                 # 10^5 incidents
//! DILIGENCE_BENCH_DATA=/path/to/dataset cargo bench --bench explain
//! DILIGENCE_BENCH_INCIDENTS=10000 cargo bench --bench explain
//! ```
//! The dataset is the folder `DILIGENCE_BENCH_DATA` names, else it is generated (once) into
//! `target/bench-data/gen-N` (seed 42).

mod support;
use std::time::Instant;
use support::{evaluated_bench_dataset, median};

use diligence::explain::argument::Argument;
use diligence::explain::provenance::{self, Prover};
use diligence::explain::whynot::{self, DEFAULT_DEPTH};
use diligence::output;
use diligence::rules::engine::{FactLike, Value};

fn main() {
    let ev = evaluated_bench_dataset(100_000);

    // explain: the middle row of `negligent`.
    let negligent = output::relation("negligent").unwrap();
    let rows = ev.model.facts(negligent);
    let fact = rows[rows.len() / 2];
    let atom = provenance::atom_text(&fact, &ev.dataset.symbols);
    let mut lines = 0;
    let mut times = Vec::new();
    for _ in 0..21 {
        let start = Instant::now();
        let proof = Prover::new(&ev.model).prove(&fact).expect("a proof");
        let text = Argument::explain(&ev, &proof).to_text();
        times.push(start.elapsed());
        lines = text.lines().count();
    }
    println!(
        "explain {atom}: median {:.2?} ({lines} lines)",
        median(times)
    );

    // why-not: the same incident and an origin state of it that is not negligent about it,
    // else a target state.
    let Value::Incident(i) = fact.values()[1] else {
        unreachable!()
    };
    let candidates = ev.dataset.origin_and_target_states(i);
    let mut asked = None;
    for s in candidates {
        let pattern = vec![Some(Value::State(s)), Some(Value::Incident(i))];
        if whynot::why_not(&ev, negligent, &pattern, DEFAULT_DEPTH).is_ok() {
            asked = Some(pattern);
            break;
        }
    }
    let pattern = asked.expect("a state of the incident that is not negligent");
    let mut times = Vec::new();
    for _ in 0..21 {
        let start = Instant::now();
        let w = whynot::why_not(&ev, negligent, &pattern, DEFAULT_DEPTH).unwrap();
        let text = Argument::why_not(&ev, &w).to_text();
        times.push(start.elapsed());
        lines = text.lines().count();
    }
    let shown: Vec<String> = pattern
        .iter()
        .map(|v| v.map_or("_".into(), |v| v.render(&ev.dataset.symbols)))
        .collect();
    println!(
        "why-not negligent({}): median {:.2?} ({lines} lines)",
        shown.join(", "),
        median(times)
    );
}
