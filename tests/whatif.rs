//! `what-if` (every answer re-checked by evaluating the dataset with its events added,
//! through the loader) and `--assume` / `--retract` (rows added and removed for one
//! evaluation, cited in proofs, errors positioned).

mod common;

use common::{diligence, shipped_dir};

use std::path::Path;
use std::process::Output;

use common::Scenario;
use diligence::analysis::whatif;
use diligence::explain::provenance;
use diligence::facts::Time;
use diligence::{evaluate, EvalOptions};

fn stdout(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Evaluates `dir` with the `events.csv` lines added (written to a file and loaded with
/// `--assume`'s loader) and says whether `atom` still matches a row.
fn holds_with(dir: &str, profile: &str, as_of: Option<Time>, lines: &[String], atom: &str) -> bool {
    let tmp = tempfile::tempdir().unwrap();
    let extra = tmp.path().join("events.csv");
    let mut text = whatif::CSV_HEADER.to_string() + "\n";
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    std::fs::write(&extra, text).unwrap();
    let mut ds = diligence::facts::load(Path::new(dir)).unwrap();
    diligence::facts::amend::apply(&mut ds, &[extra], &[]).unwrap_or_else(|e| panic!("{e}"));
    let prof = diligence::profile::load_profile(profile).unwrap();
    let ev = evaluate(
        ds,
        prof,
        &EvalOptions {
            as_of,
            ..Default::default()
        },
    );
    let pattern = provenance::parse_atom(atom).unwrap();
    !provenance::find(&ev, &pattern).unwrap().is_empty()
}

/// Runs what-if on `atom` and re-checks every answer (and that no smaller set works).
fn check(dir: &str, profile: &str, as_of: Option<&str>, atom: &str) -> whatif::WhatIf {
    let as_of = as_of.map(|t| Time::parse(t).unwrap());
    let ds = diligence::facts::load(Path::new(dir)).unwrap();
    let prof = diligence::profile::load_profile(profile).unwrap();
    let ev = evaluate(
        ds,
        prof,
        &EvalOptions {
            as_of,
            ..Default::default()
        },
    );
    let w = whatif::what_if(&ev, atom, 3).unwrap();
    let sym = &ev.dataset.symbols;
    assert!(holds_with(dir, profile, as_of, &[], atom));
    for set in &w.answers {
        let lines: Vec<String> = set
            .iter()
            .map(|&k| whatif::csv_line(&w.menu[k].event, sym))
            .collect();
        assert!(
            !holds_with(dir, profile, as_of, &lines, atom),
            "{atom}: {lines:?} must remove it"
        );
        // Smallest: no single event of a larger set suffices alone.
        if set.len() > 1 {
            for &k in set {
                let one = vec![whatif::csv_line(&w.menu[k].event, sym)];
                assert!(holds_with(dir, profile, as_of, &one, atom));
            }
        }
    }
    w
}

#[test]
fn a_timely_measure_would_have_avoided_negligence() {
    let dir = tempfile::tempdir().unwrap();
    Scenario::base().write(dir.path());
    let d = dir.path().display().to_string();
    let w = check(
        &d,
        "kreuzer-2024",
        Some("2024-06-01"),
        "negligent(BB, hosp)",
    );
    assert_eq!(w.answers.len(), 1);
    assert_eq!(w.answers[0].len(), 1);
    let out = diligence(&[
        "what-if",
        "negligent(Borduria, hosp)",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("Borduria would not have been negligent about `hosp` had it taken any measure against `hosp` by 2024-03-05T08:00Z."),
        "{text}"
    );
    assert!(
        text.contains("    2024-03-05T08:00Z,measure,BB,,hosp,investigate\n"),
        "{text}"
    );
    // One second later is too late (BREACH-ACTION's window), and the CLI agrees.
    let late = ["2024-03-05T08:01Z,measure,BB,,hosp,investigate".to_string()];
    assert!(holds_with(
        &d,
        "kreuzer-2024",
        Time::parse("2024-06-01").ok(),
        &late,
        "negligent(BB, hosp)"
    ));
    let json = stdout(&diligence(&[
        "what-if",
        "negligent(BB, hosp)",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["answers"][0]["events"][0],
        "2024-03-05T08:00Z,measure,BB,,hosp,investigate"
    );
}

#[test]
fn a_low_capacity_state_may_ask_for_help_instead() {
    // Carpania (low capacity, CAP-3) hosts the operation; asking Avalon for help discharges the duty.
    let dir = tempfile::tempdir().unwrap();
    Scenario::base()
        .replace("origins.csv", &["hosp,CC,territory"])
        .replace(
            "events.csv",
            &["2024-03-02T08:00Z,notification,hosp,AV,CC,"],
        )
        .write(dir.path());
    let d = dir.path().display().to_string();
    let w = check(
        &d,
        "kreuzer-2024",
        Some("2024-06-01"),
        "negligent(CC, hosp)",
    );
    let kinds: Vec<&str> = w
        .answers
        .iter()
        .map(|s| w.menu[s[0]].event.kind.as_str())
        .collect();
    assert_eq!(kinds, ["measure", "assistance_request"]);
}

#[test]
fn a_binding_warning_needs_the_warning() {
    // Under a profile with DUTY-NOTIFY lex lata, the state that acted but never warned is
    // negligent (BREACH-NOTIFY); a warning by the end of the window removes it.
    let dir = tempfile::tempdir().unwrap();
    Scenario::base()
        .replace(
            "events.csv",
            &[
                "2024-03-02T00:00Z,detection,hosp,BB,,",
                "2024-03-03T00:00Z,measure,hosp,BB,,block",
            ],
        )
        .write(dir.path());
    let prof = dir.path().join("binding.toml");
    std::fs::write(&prof, "[positions]\nnotify = \"lex_lata\"\n").unwrap();
    let d = dir.path().display().to_string();
    let p = prof.display().to_string();
    let w = check(&d, &p, Some("2024-06-01"), "negligent(BB, hosp)");
    assert_eq!(w.answers.len(), 1);
    let e = &w.menu[w.answers[0][0]].event;
    assert_eq!(e.kind.as_str(), "warning");
    assert_eq!(e.time.to_string(), "2024-03-05T00:00Z");
}

/// What-if for BREACH-MLA (amended): the menu's answer to an unanswered request comes at
/// the end of the request's MLA answer window: 720 hours after 2024-03-10 under
/// `kreuzer-2024`, 72 hours under a user profile with `mla_window_hours = 72`.
#[test]
fn an_mla_answer_at_the_end_of_the_mla_window() {
    let dir = tempfile::tempdir().unwrap();
    Scenario::base()
        .replace("targets.csv", &["hosp,AV,private"])
        .replace("events.csv", &["2024-03-10,mla_request,hosp,AV,CC,"])
        .write(dir.path());
    let prof = dir.path().join("mla-72.toml");
    std::fs::write(&prof, "[positions]\nmla_window_hours = 72\n").unwrap();
    let d = dir.path().display().to_string();
    for (profile, end) in [
        ("kreuzer-2024".to_string(), "2024-04-09T00:00Z"),
        (prof.display().to_string(), "2024-03-13T00:00Z"),
    ] {
        let w = check(&d, &profile, Some("2024-06-01"), "negligent(CC, hosp)");
        assert_eq!(w.answers.len(), 1, "{profile}");
        let e = &w.menu[w.answers[0][0]].event;
        assert_eq!(e.kind.as_str(), "mla_response", "{profile}");
        assert_eq!(e.time.to_string(), end, "{profile}");
        assert!(w.menu[w.answers[0][0]].reason.contains("MLA answer window"));
    }
}

/// What-if for RESP-SATISFACTION: Borduria's organ's supply-chain compromise caused no harm
/// (intrusive, no loss), so Avalon is owed satisfaction, not compensation; the menu offers a
/// satisfaction (no compensation), and it removes the consequence.
#[test]
fn satisfaction_would_have_ended_the_consequence() {
    let dir = tempfile::tempdir().unwrap();
    Scenario::base()
        .replace(
            "incidents.csv",
            &["upd,Update compromise,2024-03-01,supply_chain,confidentiality,low,2024-03-05,targeted,0,0,,test"],
        )
        .replace("targets.csv", &["upd,AV,private"])
        .replace("origins.csv", &["upd,BB,territory"])
        .replace("events.csv", &[])
        .rows("actors.csv", &["bb-intel,Borduria intelligence,state_organ,BB"])
        .rows("perpetrators.csv", &["upd,bb-intel"])
        .write(dir.path());
    let d = dir.path().display().to_string();
    let atom = "consequence(BB, AV, upd, satisfaction)";
    let w = check(&d, "kreuzer-2024", Some("2024-06-01"), atom);
    let kinds: Vec<&str> = w.menu.iter().map(|c| c.event.kind.as_str()).collect();
    assert_eq!(kinds, ["satisfaction"]);
    assert_eq!(w.answers, vec![vec![0]]);
    let text = stdout(&diligence(&[
        "what-if",
        atom,
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
    ]));
    assert!(
        text.contains("Borduria would not owe satisfaction to Avalon for `upd` had it given satisfaction to Avalon for `upd`"),
        "{text}"
    );
    assert!(
        text.contains("    2024-06-01T00:00Z,satisfaction,BB,AV,upd,\n"),
        "{text}"
    );
}

#[test]
fn every_negligence_of_the_shipped_dataset_has_a_checked_counterfactual() {
    let d = shipped_dir();
    let ds = diligence::facts::load(Path::new(&d)).unwrap();
    let prof = diligence::profile::load_profile("kreuzer-2024").unwrap();
    let ev = evaluate(ds, prof, &EvalOptions::default());
    let rows = diligence::output::rows(&ev, diligence::output::relation("negligent").unwrap());
    assert!(!rows.is_empty());
    for row in rows {
        let atom = format!("negligent({}, {})", row[0], row[1]);
        let w = check(&d, "kreuzer-2024", None, &atom);
        assert!(!w.answers.is_empty(), "{atom}: no counterfactual found");
    }
}

#[test]
fn what_if_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    Scenario::base().write(dir.path());
    let d = dir.path().display().to_string();
    let out = diligence(&["what-if", "negligent(AV, hosp)", "--facts", &d]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not derived"));
    let out = diligence(&["what-if", "negligent(BB", "--facts", &d]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn assume_adds_rows_that_proofs_cite() {
    let dir = tempfile::tempdir().unwrap();
    Scenario::base().write(dir.path().join("ds").as_path().parent().unwrap());
    let d = dir.path().display().to_string();
    let extra_dir = tempfile::tempdir().unwrap();
    let extra = extra_dir.path().join("events.csv");
    std::fs::write(
        &extra,
        "time,kind,by,to,incident,detail\n2024-03-04T00:00Z,measure,BB,,hosp,investigate\n",
    )
    .unwrap();
    let e = extra.display().to_string();
    let before = stdout(&diligence(&[
        "run",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
        "negligent",
    ]));
    assert_eq!(before, "state,incident\nBB,hosp\n");
    let after = stdout(&diligence(&[
        "run",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
        "--assume",
        &e,
        "negligent",
    ]));
    assert_eq!(after, "state,incident\n");
    // A file named otherwise is recognised by its header; a proof cites it.
    let other = extra_dir.path().join("extra-notice.csv");
    std::fs::write(
        &other,
        "time,kind,incident,by,to\n2024-03-01T12:00Z,notification,hosp,AV,BB\n",
    )
    .unwrap();
    let o = other.display().to_string();
    let text = stdout(&diligence(&[
        "explain",
        "knows(BB, hosp, _, _)",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
        "--assume",
        &o,
    ]));
    assert!(text.contains(&format!("[input {o}:2 (assumed)]")), "{text}");
    // why-not too.
    let text = stdout(&diligence(&[
        "why-not",
        "negligent(BB, hosp)",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
        "--assume",
        &e,
    ]));
    assert!(text.contains("(assumed)"), "{text}");
}

#[test]
fn assumed_rows_are_validated_with_positions_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    Scenario::base().write(dir.path());
    let d = dir.path().display().to_string();
    let extra_dir = tempfile::tempdir().unwrap();
    let extra = extra_dir.path().join("events.csv");
    std::fs::write(
        &extra,
        "time,kind,by,to,incident,detail\n2024-03-04T00:00Z,measure,BR,,hosp,investigate\n2024-03-04,mesure,BB,,hosp,\n",
    )
    .unwrap();
    let e = extra.display().to_string();
    let out = diligence(&["run", "--facts", &d, "--assume", &e]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{e}:2:3: column `by`: unknown state id `BR`")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{e}:3:2: column `kind`: unknown value `mesure`")),
        "{err}"
    );
    assert!(err.contains("2 problems in --assume/--retract"), "{err}");
    // A state already defined in the dataset cannot be defined again.
    let states = extra_dir.path().join("states.csv");
    std::fs::write(
        &states,
        "id,name,capacity\nBB,Borduria,high\nDD,Dalmatia,low\n",
    )
    .unwrap();
    let s = states.display().to_string();
    let out = diligence(&["run", "--facts", &d, "--assume", &s]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{s}:2:1: column `id`: duplicate state id `BB` (already defined in the dataset)"
        )),
        "{err}"
    );
    // An unrecognisable file, and a missing one.
    let odd = extra_dir.path().join("odd.csv");
    std::fs::write(&odd, "a,b\n1,2\n").unwrap();
    let out = diligence(&["run", "--facts", &d, "--assume", &odd.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell which input file"));
    let out = diligence(&["run", "--facts", &d, "--assume", "/nonexistent/events.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("/nonexistent/events.csv:0:0: file does not exist"));
}

#[test]
fn retract_removes_one_row_and_refuses_what_is_not_a_data_row() {
    let dir = tempfile::tempdir().unwrap();
    Scenario::base().write(dir.path());
    let d = dir.path().display().to_string();
    // Without Avalon's notification (events.csv line 2) Borduria never knew: no duty.
    let text = stdout(&diligence(&[
        "run",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
        "--retract",
        "events.csv:2",
        "negligent",
    ]));
    assert_eq!(text, "state,incident\n");
    let with_dir = format!("{d}/events.csv:2");
    let text = stdout(&diligence(&[
        "run",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
        "--retract",
        &with_dir,
        "knows",
    ]));
    assert_eq!(text, "state,incident,since,basis\n");
    for (spec, message) in [
        (
            "events.csv:1",
            "events.csv:1:0: --retract: line 1 is the header, not a data row",
        ),
        (
            "events.csv:9",
            "events.csv:9:0: --retract: `events.csv` has only 2 lines",
        ),
        (
            "responses.csv:2",
            "responses.csv:2:0: --retract: `responses.csv` is not in the dataset",
        ),
        ("event.csv:2", "event.csv:2:0: --retract: not an input file"),
        ("events.csv", "--retract: expected FILE:LINE"),
        ("events.csv:x", "--retract: `x` is not a line number"),
        // Borduria's row (states.csv:3) is still referred to by origins.csv.
        (
            "states.csv:3",
            "states.csv:3:0: --retract: state `BB` is still referred to by origins.csv:2",
        ),
    ] {
        let out = diligence(&["run", "--facts", &d, "--retract", spec]);
        assert_eq!(out.status.code(), Some(1), "{spec}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{spec}: {err}");
    }
    // Retracting the incident with every row about it is fine.
    let text = stdout(&diligence(&[
        "run",
        "--facts",
        &d,
        "--format",
        "csv",
        "--retract",
        "incidents.csv:2",
        "--retract",
        "targets.csv:2",
        "--retract",
        "origins.csv:2",
        "--retract",
        "events.csv:2",
        "cyber_harm",
    ]));
    assert_eq!(text, "incident,degree\n");
}
