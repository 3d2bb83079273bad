//! Exit codes, as README.md ("Exit codes") documents them: 0 success, 1 invalid input
//! (dataset or profile; every problem listed, positioned), 2 usage (unknown command,
//! option, relation or atom). No input ever yields 101 (a panic).

mod common;

use common::{diligence, shipped_dir};

use std::fs;

#[track_caller]
fn assert_code(args: &[&str], code: i32) -> String {
    let out = diligence(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    stderr
}

#[test]
fn zero_on_success() {
    let facts = shipped_dir();
    assert_code(&["check", "--facts", &facts], 0);
    assert_code(&["run", "--facts", &facts, "breach"], 0);
    assert_code(&["rules"], 0);
    assert_code(&["explain", "negligent(_, _)", "--facts", &facts], 0);
    assert_code(&["--help"], 0);
}

#[test]
fn one_for_invalid_input_with_every_problem_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("states.csv"), "id,name,capacity\nAV,Avalon,huge\n").unwrap();
    fs::write(
        dir.join("incidents.csv"),
        "id,title,start,vector,effect,severity\nhosp,T,2024-02-30,ransomware,functionality,high\n",
    )
    .unwrap();
    fs::write(
        dir.join("targets.csv"),
        "incident,state,sector\nhosp,ZZ,health\n",
    )
    .unwrap();
    let facts = dir.display().to_string();
    for cmd in [
        &["check", "--facts", &facts][..],
        &["run", "--facts", &facts],
        &["explain", "negligent(_, _)", "--facts", &facts],
    ] {
        let stderr = assert_code(cmd, 1);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 4, "{stderr}");
        assert!(lines[0].ends_with("incidents.csv:2:3: column `start`: invalid date `2024-02-30`: parameter 'day' with value 30 is not in the required range of 1..=29") || lines[0].contains("incidents.csv:2:3: column `start`"), "{stderr}");
        assert!(
            lines[1].contains("states.csv:2:3: column `capacity`: unknown value `huge`"),
            "{stderr}"
        );
        assert!(
            lines[2].contains("targets.csv:2:1: column `incident`")
                || lines[2].contains("targets.csv:2:2: column `state`"),
            "{stderr}"
        );
        assert!(
            lines[3].starts_with("diligence: error: 3 problems in dataset"),
            "{stderr}"
        );
    }
    // A missing folder, and an invalid profile file.
    assert_code(
        &[
            "check",
            "--facts",
            &dir.join("nowhere").display().to_string(),
        ],
        1,
    );
    let prof = dir.join("p.toml");
    fs::write(
        &prof,
        "name = \"p\"\n[positions.window_hours]\nvalue = -3\n",
    )
    .unwrap();
    let stderr = assert_code(
        &[
            "run",
            "--facts",
            &shipped_dir(),
            "--profile",
            &prof.display().to_string(),
        ],
        1,
    );
    assert!(stderr.contains("invalid profile"), "{stderr}");
    assert_code(
        &[
            "run",
            "--facts",
            &shipped_dir(),
            "--profile",
            "no-such-profile",
        ],
        1,
    );
}

#[test]
fn two_for_usage_errors() {
    let facts = shipped_dir();
    assert_code(&[], 2);
    assert_code(&["frobnicate"], 2);
    assert_code(&["run", "--no-such-option"], 2);
    assert_code(&["run", "--facts", &facts, "--format", "xml"], 2);
    assert_code(&["run", "--facts", &facts, "--as-of", "yesterday"], 2);
    let stderr = assert_code(&["run", "--facts", &facts, "breech"], 2);
    assert!(stderr.contains("did you mean `breach`"), "{stderr}");
    assert_code(&["explain", "negligent(", "--facts", &facts], 2);
    assert_code(&["explain", "nosuch(_, _)", "--facts", &facts], 2);
    assert_code(&["explain", "negligent(_)", "--facts", &facts], 2);
    assert_code(&["why-not", "negligent(XX, _)", "--facts", &facts], 2);
}

#[test]
fn never_101_on_odd_arguments() {
    let facts = shipped_dir();
    let odd: &[&[&str]] = &[
        &["explain", "", "--facts", &facts],
        &["explain", "()", "--facts", &facts],
        &["explain", "negligent(\"\u{1}\", _)", "--facts", &facts],
        &["why-not", ")(", "--facts", &facts],
        &["why-not", "breach(_, _, _)", "--facts", &facts],
        &[
            "explain",
            "negligent(_, _)",
            "--facts",
            &facts,
            "--depth",
            "0",
        ],
        &["run", "--facts", &facts, "--as-of", "-9999-01-01"],
        &["run", "--facts", &facts, "--as-of", "9999-12-30"],
        &[
            "generate",
            "--incidents",
            "0",
            "--out",
            "/proc/nonexistent/x",
        ],
    ];
    for args in odd {
        let out = diligence(args);
        let code = out.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "{args:?} exited {code:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A reader that stops early (`diligence run | head -1`) ends the run quietly with 0: no
/// "Broken pipe" message, no panic.
#[test]
fn zero_and_silence_when_the_reader_stops_early() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let tmp = common::generated(3_000, 3);
    let facts = tmp.path().to_str().unwrap();
    for args in [
        vec!["run", "--facts", facts, "--format", "csv", "knows"],
        vec!["run", "--facts", facts, "--format", "json", "all"],
        vec!["run", "--facts", facts, "--explain", "knows"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_diligence"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{args:?}: no output");
        // The pipe's reading end is closed here; the rest of the output cannot be written.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}
