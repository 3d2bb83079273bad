//! The shipped dataset is built into the binary (issue 16): run from a folder with no
//! `facts/` and no `--facts`, `diligence` reads it and prints exactly what it prints for
//! `--facts facts` (the conclusions, and proofs citing the same `FILE:LINE`).

mod common;

use std::path::Path;
use std::process::Command;

use pretty_assertions::assert_eq;

/// Runs the binary with `args` in the folder `dir`.
fn diligence_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_diligence"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run diligence")
}

#[test]
fn run_without_a_facts_folder_prints_the_shipped_conclusions() {
    let empty = tempfile::tempdir().unwrap();
    let facts = common::shipped_dir();
    for args in [
        vec!["run"],
        vec!["run", "all", "--format", "json"],
        vec!["explain", "negligent(RU, colonial-2021)"],
    ] {
        let embedded = diligence_in(empty.path(), &args);
        let mut with = args.clone();
        with.extend(["--facts", facts.as_str()]);
        let folder = diligence_in(empty.path(), &with);
        assert_eq!(
            embedded.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&embedded.stderr)
        );
        assert_eq!(folder.status.code(), Some(0), "{with:?}");
        let out = String::from_utf8(embedded.stdout).unwrap();
        assert!(!out.trim().is_empty(), "{args:?} printed nothing");
        assert_eq!(out, String::from_utf8(folder.stdout).unwrap(), "{args:?}");
    }
}

#[test]
fn proofs_from_the_built_in_dataset_cite_its_files_and_lines() {
    let empty = tempfile::tempdir().unwrap();
    let out = diligence_in(empty.path(), &["explain", "negligent(RU, colonial-2021)"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(incidents.csv:18)"), "{text}");
    assert!(text.contains("(origins.csv:18)"), "{text}");
}

#[test]
fn check_names_the_built_in_dataset_and_a_facts_folder_in_the_current_folder_wins() {
    let empty = tempfile::tempdir().unwrap();
    let out = diligence_in(empty.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("facts (shipped, built into diligence): valid"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A `facts/` folder in the current folder is read instead: here an invalid one.
    std::fs::create_dir(empty.path().join("facts")).unwrap();
    std::fs::write(
        empty.path().join("facts/states.csv"),
        "id,name,capacity\nXX,,huge\n",
    )
    .unwrap();
    let out = diligence_in(empty.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("facts/states.csv:2:3"), "{err}");
}

#[test]
fn retract_explains_a_line_of_the_built_in_dataset() {
    let empty = tempfile::tempdir().unwrap();
    let out = diligence_in(empty.path(), &["run", "--retract", "incidents.csv:1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 1 is the header, not a data row"),
        "{err}"
    );
}
