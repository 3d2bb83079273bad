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
use std::process::Command;
use std::time::{Duration, Instant};

use diligence::generate::{generate, GenConfig};

/// The size bound of the HTML report of 10^4 incidents.
const MAX_BYTES_10K: u64 = 50 * 1024 * 1024;

/// Runs the binary, returning wall time and the child's peak resident memory in bytes.
#[allow(clippy::zombie_processes)] // reaped by wait4, which also gives its peak memory
fn run_binary(args: &[&str]) -> (Duration, u64) {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_diligence"))
        .args(args)
        .spawn()
        .expect("spawn diligence");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child; `usage` is a valid out-pointer.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(r, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "diligence {args:?} failed"
    );
    (wall, usage.ru_maxrss as u64 * 1024)
}

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
            let (t, m) = run_binary(&[
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
