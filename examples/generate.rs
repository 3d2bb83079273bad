//! Writes a synthetic dataset: `cargo run --release --example generate -- --incidents N --seed S --out DIR`.
//!
//! Defaults: 1000 incidents, seed 0, folder `generated`. Prints the rows written per file,
//! the total size and the elapsed time.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use diligence::generate::{generate, GenConfig};

fn usage(msg: &str) -> ExitCode {
    eprintln!("error: {msg}\nusage: generate [--incidents N] [--seed S] [--out DIR]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut cfg = GenConfig::default();
    let mut out = PathBuf::from("generated");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            return usage(&format!("`{flag}` needs a value"));
        };
        match flag.as_str() {
            "--incidents" | "-n" => match value.parse() {
                Ok(n) => cfg.incidents = n,
                Err(_) => return usage(&format!("`{value}` is not a number of incidents")),
            },
            "--seed" | "-s" => match value.parse() {
                Ok(s) => cfg.seed = s,
                Err(_) => return usage(&format!("`{value}` is not a seed (u64)")),
            },
            "--out" | "-o" => out = PathBuf::from(value),
            _ => return usage(&format!("unknown option `{flag}`")),
        }
    }
    let t0 = Instant::now();
    match generate(&cfg, &out) {
        Ok(stats) => {
            let secs = t0.elapsed().as_secs_f64();
            println!("{stats}");
            println!(
                "{} incidents, seed {} -> {} in {secs:.2} s ({:.1} MB)",
                cfg.incidents,
                cfg.seed,
                out.display(),
                stats.bytes as f64 / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
