//! End-to-end benchmark (not a test): for generated datasets of 10^4, 10^5 and 10^6
//! incidents, the time to merely parse the CSV files (the floor), and the wall time, CPU
//! time (user + system, all threads) and peak memory of `diligence run --out DIR all` on
//! them (whole process, median of runs). CPU time is reported beside wall time because
//! the machines here are shared: on a loaded machine wall time measures the neighbours.
//!
//! ```text
//! cargo bench --bench end_to_end                 # 10^4, 10^5, 10^6
//! DILIGENCE_BENCH_SIZES=10000,100000 cargo bench --bench end_to_end
//! ```
//! Datasets are generated once into `target/bench-data/` (seed 42).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diligence::generate::{generate, GenConfig};

mod support;
use support::{run_binary, thread_cpu};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Parses every CSV file of `dir` with the csv crate, touching every field: the floor
/// (wall time, CPU time, fields).
fn parse_floor(dir: &Path) -> (Duration, Duration, u64) {
    let start = Instant::now();
    let cpu = thread_cpu();
    let mut fields = 0u64;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
    {
        let mut rdr = csv::ReaderBuilder::new().from_path(f).unwrap();
        let mut rec = csv::ByteRecord::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            fields += rec.len() as u64;
        }
    }
    (start.elapsed(), thread_cpu() - cpu, fields)
}

fn main() {
    let sizes: Vec<u64> = std::env::var("DILIGENCE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    println!("| incidents | input | parse floor (wall / CPU) | `run` end to end (wall / CPU) | × floor (wall / CPU) | peak memory |");
    println!("| --- | --- | --- | --- | --- | --- |");
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
        let reps = if n >= 1_000_000 { 3 } else { 5 };
        let (mut floors, mut floor_cpus) = (Vec::new(), Vec::new());
        let mut rows = 0;
        for _ in 0..reps {
            let (t, c, f) = parse_floor(&dir);
            floors.push(t);
            floor_cpus.push(c);
            rows = f;
        }
        let out = tempfile::tempdir().unwrap();
        let (mut walls, mut cpus) = (Vec::new(), Vec::new());
        let mut peak = 0;
        for _ in 0..reps {
            let (t, c, m) = run_binary(&[
                "run",
                "--facts",
                dir.to_str().unwrap(),
                "--out",
                out.path().to_str().unwrap(),
                "all",
            ]);
            walls.push(t);
            cpus.push(c);
            peak = peak.max(m);
        }
        let (floor, wall) = (median(floors).as_secs_f64(), median(walls).as_secs_f64());
        let (floor_cpu, cpu) = (median(floor_cpus).as_secs_f64(), median(cpus).as_secs_f64());
        println!(
            "| {n} | {rows} fields | {floor:.3} s / {floor_cpu:.3} s | {wall:.2} s / {cpu:.2} s | {:.1} / {:.1} | {:.0} MiB |",
            wall / floor,
            cpu / floor_cpu,
            peak as f64 / (1024.0 * 1024.0)
        );
    }
}
