//! Pathological control chains (ATTR-CONTROL recursion): a cycle and a chain of 10^5
//! links evaluate quickly and correctly, and `explain` proves an attribution over the whole
//! chain without overflowing the stack. Peak memory at 10^4 to 10^6 incidents is measured
//! by `benches/end_to_end.rs` (figures in README.md).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A dataset whose incident `hosp` (against AV, from BB's territory) is run by actor `x0`,
/// with `control` links given as (controller, controlled) pairs over actors `x1..=xN`
/// (non-state) and `org` (a state organ of BB).
fn chain_dataset(dir: &Path, actors: usize, links: &[(String, String)]) {
    fs::write(
        dir.join("states.csv"),
        "id,name,capacity\nAV,Avalon,high\nBB,Borduria,medium\n",
    )
    .unwrap();
    fs::write(
        dir.join("incidents.csv"),
        "id,title,start,vector,effect,severity\nhosp,Hospital ransomware,2024-03-01,ransomware,functionality,high\n",
    )
    .unwrap();
    fs::write(
        dir.join("targets.csv"),
        "incident,state,sector\nhosp,AV,health\n",
    )
    .unwrap();
    fs::write(
        dir.join("origins.csv"),
        "incident,state,link\nhosp,BB,territory\n",
    )
    .unwrap();
    let mut a = String::from("id,name,kind,state\norg,Borduria intelligence,state_organ,BB\n");
    for k in 0..=actors {
        writeln!(a, "x{k},Proxy {k},proxy,").unwrap();
    }
    fs::write(dir.join("actors.csv"), a).unwrap();
    fs::write(dir.join("perpetrators.csv"), "incident,actor\nhosp,x0\n").unwrap();
    let mut c = String::from("controller,controlled,kind\n");
    for (from, to) in links {
        writeln!(c, "{from},{to},instruction").unwrap();
    }
    fs::write(dir.join("control.csv"), c).unwrap();
}

fn diligence(args: &[&str]) -> (i32, String, String, Duration) {
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_diligence"))
        .args(args)
        .output()
        .expect("run diligence");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        t.elapsed(),
    )
}

/// `x{k+1}` controls `x{k}` for k < n, and `org` controls `x{n}`.
fn chain(n: usize) -> Vec<(String, String)> {
    let mut links: Vec<_> = (0..n)
        .map(|k| (format!("x{}", k + 1), format!("x{k}")))
        .collect();
    links.push(("org".into(), format!("x{n}")));
    links
}

#[test]
fn a_control_cycle_terminates_and_attributes_only_through_an_organ() {
    let tmp = tempfile::tempdir().unwrap();
    let facts = tmp.path().display().to_string();
    // x0 → x1 → x2 → x0: a cycle with no state organ: nothing is attributed.
    let mut links = vec![
        ("x1".to_string(), "x0".to_string()),
        ("x2".into(), "x1".into()),
        ("x0".into(), "x2".into()),
    ];
    chain_dataset(tmp.path(), 2, &links);
    let (code, out, err, _) =
        diligence(&["run", "--facts", &facts, "--format", "csv", "attributed"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "incident,state", "{out}");

    // The organ controls one member of the cycle: attributed (ATTR-CONTROL), and the proof
    // terminates.
    links.push(("org".into(), "x2".into()));
    chain_dataset(tmp.path(), 2, &links);
    let (code, out, err, _) =
        diligence(&["run", "--facts", &facts, "--format", "csv", "attributed"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "incident,state\nhosp,BB", "{out}");
    let (code, out, err, _) = diligence(&["explain", "attributed(hosp, BB)", "--facts", &facts]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ATTR-CONTROL") && out.contains("control.csv:"),
        "{out}"
    );
}

#[test]
fn a_chain_of_100000_links_evaluates_quickly() {
    const N: usize = 100_000;
    let tmp = tempfile::tempdir().unwrap();
    let facts = tmp.path().display().to_string();
    chain_dataset(tmp.path(), N, &chain(N));
    let (code, out, err, took) =
        diligence(&["run", "--facts", &facts, "--format", "csv", "attributed"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "incident,state\nhosp,BB", "{out}");
    eprintln!("run over a chain of {N} control links: {took:?}");
    assert!(took < Duration::from_secs(60), "run took {took:?}");
}

/// The proof of least height goes through every link, one level per link, and `explain`
/// runs on a thread with stack room for `provenance::MAX_PROOF_DEPTH` levels (about 2 KiB
/// per level unoptimised; the 8 MiB main stack overflowed at about 4·10^3 levels). Known
/// limit: the top-down matcher of ATTR-CONTROL looks up `ControlledBy(a, _)` before
/// `Control(c, b, _)`, so each level scans the chain, and the prover's iterative deepening
/// repeats that per height bound: quadratic, 100 s at 5·10^3 links in the test profile.
/// Hence 1.5·10^3 links here; the deep case is the ignored test below.
fn explain_over_a_chain(n: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let facts = tmp.path().display().to_string();
    chain_dataset(tmp.path(), n, &chain(n));
    let (code, out, err, took) = diligence(&[
        "explain",
        "attributed(hosp, BB)",
        "--facts",
        &facts,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    eprintln!("explain over a chain of {n} control links: {took:?}");
    // The first height in the output is the whole proof's (nested deeper than JSON
    // parsers' recursion limits).
    let at = out.find("\"height\": ").expect("a height") + 10;
    let height: u64 = out[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(height > n as u64, "height {height}");
}

#[test]
fn explain_proves_an_attribution_over_a_long_chain() {
    explain_over_a_chain(1_500);
}

#[test]
#[ignore = "quadratic matcher: about 100 s; run with --ignored"]
fn explain_proves_an_attribution_deeper_than_the_main_stack() {
    explain_over_a_chain(5_000);
}
