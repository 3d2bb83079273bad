//! Shared by the benchmarks: CPU-time helpers and running the `diligence` binary with its
//! resource usage (wall time, CPU time, peak memory) read back through `wait4`.
#![allow(dead_code)]

use std::process::Command;
use std::time::{Duration, Instant};

pub fn thread_cpu() -> Duration {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `u` is a valid out-pointer.
    unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut u) };
    tv(u.ru_utime) + tv(u.ru_stime)
}

pub fn tv(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

/// Runs the binary, returning wall time, the child's CPU time and its peak resident memory
/// in bytes.
#[allow(clippy::zombie_processes)] // reaped by `wait4` below, which also reports its usage
pub fn run_binary(args: &[&str]) -> (Duration, Duration, u64) {
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
        "diligence failed: {status}"
    );
    (
        wall,
        tv(usage.ru_utime) + tv(usage.ru_stime),
        usage.ru_maxrss as u64 * 1024,
    )
}

/// The median of some timings.
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The dataset of a benchmark: the folder `DILIGENCE_BENCH_DATA` names, else
/// `DILIGENCE_BENCH_INCIDENTS` (default `default_n`) generated incidents, generated once into
/// `target/bench-data/gen-N` (seed 42).
pub fn bench_dataset(default_n: u64) -> std::path::PathBuf {
    if let Some(d) = std::env::var_os("DILIGENCE_BENCH_DATA") {
        return d.into();
    }
    let n: u64 = std::env::var("DILIGENCE_BENCH_INCIDENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default_n);
    let d =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-data/gen-{n}"));
    if !d.join("incidents.csv").exists() {
        eprintln!("generating {n} incidents into {}", d.display());
        diligence::generate::generate(
            &diligence::generate::GenConfig {
                incidents: n,
                seed: 42,
            },
            &d,
        )
        .expect("generate");
    }
    d
}

/// The dataset of a benchmark ([`bench_dataset`]) loaded and evaluated under kreuzer-2024,
/// with a line saying how long that took (not part of what the benchmark measures).
pub fn evaluated_bench_dataset(default_n: u64) -> diligence::Evaluation {
    let dir = bench_dataset(default_n);
    let t0 = Instant::now();
    let ds = diligence::facts::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let prof = diligence::profile::load_profile("kreuzer-2024").unwrap();
    let ev = diligence::evaluate(ds, prof, &diligence::EvalOptions::default());
    println!(
        "dataset {} ({} incidents): loaded and evaluated in {:.2?}",
        dir.display(),
        ev.dataset.incidents.len(),
        t0.elapsed()
    );
    ev
}
