//! The command line as a user meets it: exit codes (0, 1, 2), the JSON envelope, the
//! shipped dataset, `explain`, and determinism (same input → same bytes, whatever the row
//! order or the partitioning).

mod common;

use common::{diligence, shipped_dir};

use std::path::Path;

use diligence::output;
use pretty_assertions::assert_eq;

#[test]
fn run_on_the_shipped_dataset_prints_the_conclusions() {
    let out = diligence(&["run", "--facts", &shipped_dir()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for rel in output::DEFAULT_RELATIONS {
        assert!(
            text.contains(&format!("{rel} (")),
            "missing table {rel}:\n{text}"
        );
    }
    // The Estonian MLA request of 2007 went unanswered within the window (BREACH-MLA).
    assert!(text.contains("estonia-2007"), "{text}");
    assert!(
        out.stderr.is_empty(),
        "stderr must be silent in a pipe: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn json_is_the_documented_envelope_with_sorted_rows() {
    let out = diligence(&[
        "run",
        "--facts",
        &shipped_dir(),
        "--format",
        "json",
        "negligent",
        "breach",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let obj = v.as_object().unwrap();
    assert_eq!(obj.keys().collect::<Vec<_>>(), vec!["negligent", "breach"]);
    let rows = obj["negligent"].as_array().unwrap();
    assert!(!rows.is_empty());
    let keys: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let o = r.as_object().unwrap();
            assert_eq!(o.keys().collect::<Vec<_>>(), vec!["state", "incident"]);
            o.values()
                .map(|x| x.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn out_dir_writes_one_csv_per_relation() {
    let dir = tempfile::tempdir().unwrap();
    let out = diligence(&[
        "run",
        "--facts",
        &shipped_dir(),
        "--out",
        dir.path().to_str().unwrap(),
        "all",
    ]);
    assert_eq!(out.status.code(), Some(0));
    for rel in output::OUTPUT_RELATIONS {
        let text = std::fs::read_to_string(dir.path().join(format!("{rel}.csv"))).unwrap();
        let header = output::relation(rel).unwrap().name().columns.join(",");
        assert_eq!(text.lines().next(), Some(header.as_str()));
    }
}

#[test]
fn invalid_input_exits_1_with_every_problem_positioned() {
    let dir = tempfile::tempdir().unwrap();
    common::Scenario::base()
        .rows("targets.csv", &["hosp,XX,health"])
        .rows("events.csv", &["2024-13-01,notification,hosp,AV,BB,"])
        .write(dir.path());
    let out = diligence(&["run", "--facts", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing may be evaluated or printed");
    let err = String::from_utf8(out.stderr).unwrap();
    let d = dir.path().display();
    assert!(
        err.contains(&format!(
            "{d}/targets.csv:3:2: column `state`: unknown state id `XX`"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{d}/events.csv:3:1: column `time`: invalid")),
        "{err}"
    );
    assert!(err.contains("2 problems"), "{err}");
    let check = diligence(&["check", "--facts", dir.path().to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        diligence(&["run", "--facts", &shipped_dir(), "negligence"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        diligence(&["run", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(diligence(&["frobnicate"]).status.code(), Some(2));
    let unknown = diligence(&[
        "explain",
        "--facts",
        &shipped_dir(),
        "negligent(ZZ, estonia-2007)",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown state `ZZ`"));
}

#[test]
fn bad_profile_exits_1_and_names_the_position() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    std::fs::write(&p, "[positions]\nwindow_hour = 48\n").unwrap();
    let out = diligence(&[
        "run",
        "--facts",
        &shipped_dir(),
        "--profile",
        p.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("window_hours"));
}

#[test]
fn explain_prints_a_proof_down_to_input_rows() {
    let out = diligence(&[
        "explain",
        "--facts",
        &shipped_dir(),
        "--format",
        "trace",
        "negligent(Russian Federation, estonia-2007)",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("negligent(RU, estonia-2007)  [BREACH-NEGLIGENT"),
        "{text}"
    );
    assert!(text.contains("[input events.csv:"), "{text}");
    // By default, the legal argument: the conclusion, then findings citing their rows.
    let out = diligence(&[
        "explain",
        "--facts",
        &shipped_dir(),
        "negligent(Russian Federation, estonia-2007)",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "Russian Federation was negligent about `estonia-2007` [BREACH-NEGLIGENT; lex_lata; Ch. 5.A; F14], because:\n1. "
        ),
        "{text}"
    );
    assert!(text.contains("(events.csv:"), "{text}");
    let dot = diligence(&[
        "explain",
        "--facts",
        &shipped_dir(),
        "--format",
        "dot",
        "negligent(RU, estonia-2007)",
    ]);
    assert!(String::from_utf8_lossy(&dot.stdout).starts_with("digraph proof {"));
    let json = diligence(&[
        "explain",
        "--facts",
        &shipped_dir(),
        "--format",
        "json",
        "negligent(RU, estonia-2007)",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v[0]["rule"], "BREACH-NEGLIGENT");
}

#[test]
fn same_input_same_bytes() {
    let a = diligence(&["run", "--facts", &shipped_dir(), "--format", "json", "all"]);
    let b = diligence(&["run", "--facts", &shipped_dir(), "--format", "json", "all"]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
}

/// Reverses the data rows of every CSV file (header stays first).
fn reversed_copy(from: &Path, to: &Path) {
    for f in std::fs::read_dir(from).unwrap().flatten() {
        if f.path().extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let text = std::fs::read_to_string(f.path()).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        let header = lines.remove(0);
        lines.reverse();
        std::fs::write(
            to.join(f.file_name()),
            format!("{header}\n{}\n", lines.join("\n")),
        )
        .unwrap();
    }
}

#[test]
fn row_order_does_not_change_the_output() {
    let dir = tempfile::tempdir().unwrap();
    reversed_copy(Path::new(&shipped_dir()), dir.path());
    let a = diligence(&["run", "--facts", &shipped_dir(), "--format", "json", "all"]);
    let b = diligence(&[
        "run",
        "--facts",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
        "all",
    ]);
    assert_eq!(
        String::from_utf8(a.stdout).unwrap(),
        String::from_utf8(b.stdout).unwrap()
    );
}

#[test]
fn partitioning_does_not_change_the_conclusions() {
    let dir = common::generated(600, 7);
    let render = |size: usize| -> String {
        let ev = common::evaluate_dir(dir.path(), Some(size));
        let rels: Vec<_> = diligence::rules::program::Rel::ALL
            .iter()
            .copied()
            .filter(|r| !r.name().input)
            .collect();
        let mut buf = Vec::new();
        output::write(&ev, &rels, output::Format::Csv, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    };
    let whole = render(1_000_000);
    assert!(
        whole.lines().count() > 1000,
        "the generated dataset must derive something"
    );
    assert_eq!(whole, render(1));
    assert_eq!(whole, render(37));
}

#[test]
fn why_not_names_the_failed_premise_down_to_missing_input() {
    let dir = tempfile::tempdir().unwrap();
    // Borduria took a measure in time: BREACH-ACTION must not fire, and why-not says so.
    common::Scenario::base()
        .rows(
            "events.csv",
            &["2024-03-03T08:00Z,measure,hosp,BB,,investigate"],
        )
        .write(dir.path());
    let d = dir.path().to_str().unwrap();
    let out = diligence(&[
        "why-not",
        "--facts",
        d,
        "--as-of",
        "2024-06-01",
        "--format",
        "trace",
        "negligent(Borduria, hosp)",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("why not negligent(BB, hosp)?"), "{text}");
    assert!(text.contains("by BREACH-ACTION"), "{text}");
    assert!(
        text.contains("blocked by action_discharged(BB, hosp)"),
        "{text}"
    );
    assert!(
        text.contains("measure_taken(2024-03-03T08:00Z, BB, hosp, investigate)"),
        "{text}"
    );
    // By default, the legal argument names the blocking finding and the row it rests on.
    let out = diligence(&[
        "why-not",
        "--facts",
        d,
        "--as-of",
        "2024-06-01",
        "negligent(Borduria, hosp)",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Borduria was not negligent about `hosp` [BREACH-NEGLIGENT;"),
        "{text}"
    );
    assert!(
        text.contains(
            "but Borduria discharged DUTY-ACTION about `hosp` in time (2) [BREACH-ACTION"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Borduria's measure of 3 March 2024 08:00 UTC came within the response window of 72 hours (profile kreuzer-2024) from 2 March 2024 08:00 UTC (events.csv:3)"
        ),
        "{text}"
    );
    // Avalon is no origin: no knowledge-based duty; KNOW-NO-PRESUMPTION is cited for knowledge.
    let out = diligence(&[
        "why-not",
        "--facts",
        d,
        "--as-of",
        "2024-06-01",
        "knows(Carpania, hosp, _, _)",
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("KNOW-NO-PRESUMPTION"));
    // A row that holds is no why-not question; an unknown id is an error, not an empty answer.
    let holds = diligence(&[
        "why-not",
        "--facts",
        d,
        "--as-of",
        "2024-06-01",
        "cyber_harm(hosp, disruptive)",
    ]);
    assert_eq!(holds.status.code(), Some(2));
    let unknown = diligence(&["why-not", "--facts", d, "negligent(BB, hospital)"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr)
        .contains("unknown incident `hospital`; did you mean `hosp`?"));
}
