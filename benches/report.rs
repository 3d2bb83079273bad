//! Report benchmark (not a test): `diligence report --html` on a generated dataset of
//! 10^4 incidents (seed 42, in `target/bench-data/`): wall time, peak memory and the size
//! of the HTML file, which must stay under 50 MB (the bench fails otherwise).
//!
//! ```text
//! cargo bench --bench report
//! DILIGENCE_BENCH_SIZES=10000,100000 cargo bench --bench report
//! ```
//! Opening the file in a browser is measured by `tests/browser/report_test.mjs`.

use std::path::Path;

use diligence::generate::{generate, GenConfig};

mod support;
use support::run_binary;

/// The size bound of the HTML report of 10^4 incidents.
const MAX_BYTES_10K: u64 = 50 * 1024 * 1024;

fn main() {
    let sizes: Vec<u64> = std::env::var("DILIGENCE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    println!("| incidents | `report --html` wall | peak memory | HTML size |");
    println!("| --- | --- | --- | --- |");
    for n in sizes {
        let dir = root.join(format!("gen-{n}"));
        if !dir.join("events.csv").exists() {
            generate(
                &GenConfig {
                    incidents: n,
                    seed: 42,
                },
                &dir,
            )
            .expect("generate");
        }
        let out = tempfile::tempdir().unwrap();
        let html = out.path().join("report.html");
        let mut walls = Vec::new();
        let mut peak = 0;
        for _ in 0..3 {
            let (t, _cpu, m) = run_binary(&[
                "report",
                "--facts",
                dir.to_str().unwrap(),
                "--html",
                html.to_str().unwrap(),
            ]);
            walls.push(t);
            peak = peak.max(m);
        }
        walls.sort();
        let size = std::fs::metadata(&html).unwrap().len();
        println!(
            "| {n} | {:.2} s | {} MiB | {:.1} MB |",
            walls[1].as_secs_f64(),
            peak >> 20,
            size as f64 / 1e6
        );
        if n == 10_000 {
            assert!(
                size < MAX_BYTES_10K,
                "report of 10^4 incidents is {size} bytes"
            );
        }
    }
}
