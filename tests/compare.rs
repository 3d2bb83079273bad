//! `compare`, `sensitivity` and `profiles`: the differences they report are checked row
//! for row against separate evaluations under each profile, and every attribution to
//! profile positions is checked by evaluating the switched profile.

mod common;

use common::{diligence, shipped_dir};

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use common::Scenario;
use diligence::analysis::compare::{self, Comparison};
use diligence::analysis::sensitivity::{self, Standing};
use diligence::facts::{Dataset, Time};
use diligence::profile::{self, Profile};
use diligence::rules::program::Rel;
use diligence::{evaluate, output, EvalOptions};

fn load(dir: &str) -> Dataset {
    diligence::facts::load(Path::new(dir)).unwrap_or_else(|e| panic!("{e}"))
}

fn rels(names: &[&str]) -> Vec<Rel> {
    names.iter().map(|n| output::relation(n).unwrap()).collect()
}

fn opts(as_of: Option<&str>) -> EvalOptions {
    EvalOptions {
        as_of: as_of.map(|t| Time::parse(t).unwrap()),
        ..Default::default()
    }
}

/// A separate run: the rows of each relation.
fn run(ds: &Dataset, p: &Profile, rels: &[Rel], o: &EvalOptions) -> Vec<BTreeSet<Vec<String>>> {
    let ev = evaluate(ds.clone(), p.clone(), o);
    rels.iter()
        .map(|&r| output::rows(&ev, r).into_iter().collect())
        .collect()
}

/// A with `keys` switched to B's values.
fn switched(a: &Profile, b: &Profile, keys: &[&str]) -> Profile {
    let mut p = a.clone();
    for k in keys {
        let v = &b.position(k).value;
        p = p.with_position(k, v, "test", "test").unwrap();
    }
    p
}

/// Checks a comparison against separate runs, and every attribution by evaluation.
fn check(ds: &Dataset, a: &Profile, b: &Profile, rels: &[Rel], o: &EvalOptions) -> Comparison {
    let c = compare::compare(ds, a, b, rels, o);
    let (ra, rb) = (run(ds, a, rels, o), run(ds, b, rels, o));
    let mut cache: HashMap<Vec<String>, Vec<BTreeSet<Vec<String>>>> = HashMap::new();
    let mut under = |keys: &[&str]| {
        let key: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        cache
            .entry(key)
            .or_insert_with(|| run(ds, &switched(a, b, keys), rels, o))
            .clone()
    };
    for (k, r) in c.relations.iter().enumerate() {
        let only_a: Vec<Vec<String>> = ra[k].difference(&rb[k]).cloned().collect();
        let only_b: Vec<Vec<String>> = rb[k].difference(&ra[k]).cloned().collect();
        let got_a: Vec<Vec<String>> = r.only_a.iter().map(|d| d.values.clone()).collect();
        let got_b: Vec<Vec<String>> = r.only_b.iter().map(|d| d.values.clone()).collect();
        assert_eq!(got_a, only_a, "{} only under {}", r.rel.name().name, a.name);
        assert_eq!(got_b, only_b, "{} only under {}", r.rel.name().name, b.name);
        for (rows, in_b) in [(&r.only_a, false), (&r.only_b, true)] {
            for d in rows {
                assert!(!d.because.is_empty(), "{:?} has no attribution", d.values);
                assert!(d.minimal);
                for set in &d.because {
                    let with = under(set)[k].contains(&d.values);
                    assert_eq!(
                        with, in_b,
                        "{:?}: switching {set:?} must give B's verdict",
                        d.values
                    );
                    // Minimal: no smaller set of the differing positions gives B's verdict.
                    let keys: Vec<&str> = c.differing.iter().map(|x| x.key).collect();
                    for size in 1..set.len() {
                        for sub in compare::subsets(keys.len(), size) {
                            let sub: Vec<&str> = sub.iter().map(|&i| keys[i]).collect();
                            let with = under(&sub)[k].contains(&d.values);
                            assert_ne!(with, in_b, "{:?}: {sub:?} already decides it", d.values);
                        }
                    }
                }
            }
        }
    }
    c
}

#[test]
fn compare_matches_separate_runs_for_every_pair_of_shipped_profiles() {
    let ds = load(&shipped_dir());
    let all = rels(output::OUTPUT_RELATIONS);
    let o = opts(None);
    let names = profile::shipped();
    let mut differences = 0;
    for a in &names {
        for b in &names {
            if a == b {
                continue;
            }
            let (pa, pb) = (
                profile::load_profile(a).unwrap(),
                profile::load_profile(b).unwrap(),
            );
            let c = check(&ds, &pa, &pb, &all, &o);
            differences += c
                .relations
                .iter()
                .map(|r| r.only_a.len() + r.only_b.len())
                .sum::<usize>();
        }
    }
    assert!(
        differences > 0,
        "the shipped profiles must disagree somewhere"
    );
}

/// Espionage against Avalon's ministry from Borduria, detected by Borduria itself, which
/// acted in time but warned no one. Significant on lex lata grounds only under a
/// territorial sovereignty rule (SIG-SOVEREIGNTY); the warning binding only where DUTY-NOTIFY
/// is lex lata: negligence needs both positions together.
fn espionage() -> Scenario {
    Scenario::empty()
        .rows("states.csv", &["AV,Avalon,high", "BB,Borduria,medium"])
        .rows(
            "incidents.csv",
            &["spy,Ministry espionage,2024-03-01,intrusion,confidentiality,high,,targeted,0,0,,test"],
        )
        .rows("targets.csv", &["spy,AV,government"])
        .rows("origins.csv", &["spy,BB,territory"])
        .rows(
            "events.csv",
            &[
                "2024-03-02T00:00Z,detection,spy,BB,,",
                "2024-03-03T00:00Z,measure,spy,BB,,investigate",
            ],
        )
}

fn both_profile(dir: &Path) -> String {
    let p = dir.join("strict.toml");
    std::fs::write(
        &p,
        "name = \"strict\"\n[positions]\nsovereignty = \"territorial\"\nnotify = \"lex_lata\"\nwindow_hours = 48\n",
    )
    .unwrap();
    p.display().to_string()
}

#[test]
fn a_difference_that_needs_two_positions_is_attributed_to_the_pair() {
    let dir = tempfile::tempdir().unwrap();
    espionage().write(dir.path());
    let prof = both_profile(dir.path());
    let ds = load(&dir.path().display().to_string());
    let a = profile::load_profile("kreuzer-2024").unwrap();
    let b = profile::load_profile(&prof).unwrap();
    let o = opts(Some("2024-06-01"));
    let c = check(&ds, &a, &b, &rels(output::OUTPUT_RELATIONS), &o);
    let keys: Vec<&str> = c.differing.iter().map(|d| d.key).collect();
    assert_eq!(keys, ["sovereignty", "notify", "window_hours"]);
    let neg = c
        .relations
        .iter()
        .find(|r| r.rel.name().name == "negligent")
        .unwrap();
    assert!(neg.only_a.is_empty());
    assert_eq!(neg.only_b.len(), 1);
    assert_eq!(neg.only_b[0].values, ["BB", "spy"]);
    // BREACH-NOTIFY needs DUTY-NOTIFY lex lata and lex lata significance (SIG-SOVEREIGNTY).
    assert_eq!(neg.only_b[0].because, vec![vec!["sovereignty", "notify"]]);

    // The command line prints the same, in every format.
    let d = dir.path().display().to_string();
    let args = [
        "compare",
        "--profile",
        "kreuzer-2024",
        "--profile",
        &prof,
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
    ];
    let out = diligence(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("sovereignty+notify"), "{text}");
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv", "negligent"]);
    let out = diligence(&csv_args);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "relation,only_under,atom,because\nnegligent,strict,\"negligent(BB, spy)\",sovereignty+notify\n"
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json", "negligent"]);
    let out = diligence(&json_args);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["relations"]["negligent"]["only_b"][0]["because"],
        serde_json::json!([["sovereignty", "notify"]])
    );
    assert_eq!(
        v["relations"]["negligent"]["only_b"][0]["row"]["incident"],
        "spy"
    );
}

/// The amended positions: Carpania answered Avalon's MLA request with reasons after ten
/// days (in time under a 720-hour window, late under a 72-hour one); Borduria detected a
/// few hours' DDoS on Avalon's airport websites (severity low: significant under SIG-CI
/// only where `ci_min_severity` is `low`) and did nothing.
fn amended_positions() -> Scenario {
    Scenario::empty()
        .rows(
            "states.csv",
            &["AV,Avalon,high", "BB,Borduria,medium", "CC,Carpania,low"],
        )
        .rows(
            "incidents.csv",
            &[
                "site,Airport websites DDoS,2024-03-01,ddos,functionality,low,2024-03-01T06:00Z,broad,0,0,,test",
                "shop,Web shop intrusion,2024-03-01,intrusion,confidentiality,high,,targeted,0,0,,test",
            ],
        )
        .rows("targets.csv", &["site,AV,transport", "shop,AV,private"])
        .rows("origins.csv", &["site,BB,territory", "shop,BB,territory"])
        .rows(
            "events.csv",
            &[
                "2024-03-01T01:00Z,detection,site,BB,,",
                "2024-03-10,mla_request,shop,AV,CC,",
                "2024-03-20,mla_response,shop,CC,AV,refused_with_reasons",
            ],
        )
}

/// `compare` attributes differences to the amended positions: the late answer (a concern)
/// to `mla_window_hours`, the significance of the low-severity disruption and Borduria's
/// breach to `ci_min_severity`; each attribution checked by evaluating the switch.
#[test]
fn compare_attributes_differences_to_mla_window_and_ci_min_severity() {
    let dir = tempfile::tempdir().unwrap();
    amended_positions().write(dir.path());
    let prof = dir.path().join("amended.toml");
    std::fs::write(
        &prof,
        "name = \"amended\"\n[positions]\nmla_window_hours = 72\nci_min_severity = \"low\"\n",
    )
    .unwrap();
    let ds = load(&dir.path().display().to_string());
    let a = profile::load_profile("kreuzer-2024").unwrap();
    let b = profile::load_profile(&prof.display().to_string()).unwrap();
    let o = opts(Some("2024-06-01"));
    let c = check(&ds, &a, &b, &rels(output::OUTPUT_RELATIONS), &o);
    let keys: Vec<&str> = c.differing.iter().map(|d| d.key).collect();
    assert_eq!(keys, ["mla_window_hours", "ci_min_severity"]);
    let only_b = |rel: &str| -> Vec<(Vec<String>, Vec<Vec<&str>>)> {
        c.relations
            .iter()
            .find(|r| r.rel.name().name == rel)
            .unwrap()
            .only_b
            .iter()
            .map(|d| (d.values.clone(), d.because.clone()))
            .collect()
    };
    assert_eq!(
        only_b("concern"),
        vec![
            (
                vec!["BB".to_string(), "DUTY-NOTIFY".into(), "site".into()],
                vec![vec!["ci_min_severity"]]
            ),
            (
                vec!["CC".to_string(), "DUTY-MLA".into(), "shop".into()],
                vec![vec!["mla_window_hours"]]
            )
        ]
    );
    assert_eq!(
        only_b("breach"),
        vec![(
            vec!["BB".to_string(), "DUTY-ACTION".into(), "site".into()],
            vec![vec!["ci_min_severity"]]
        )]
    );
}

/// `sensitivity --vary mla_window_hours=72` switches the MLA answer window like
/// `window_hours`: the late answer's concern holds only under that variant.
#[test]
fn sensitivity_varies_the_mla_window() {
    let dir = tempfile::tempdir().unwrap();
    amended_positions().write(dir.path());
    let d = dir.path().display().to_string();
    let out = diligence(&[
        "sensitivity",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
        "--vary",
        "mla_window_hours=72",
        "--format",
        "csv",
        "concern",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\"concern(CC, DUTY-MLA, shop)\",hypothetical,false,,mla_window_hours=72"),
        "{text}"
    );
    let out = diligence(&["sensitivity", "--facts", &d, "--vary", "mla_window_hours=0"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "mla_window_hours must be at least 1"
    );
}

#[test]
fn compare_usage_errors() {
    let out = diligence(&["compare", "--profile", "kreuzer-2024"]);
    assert_eq!(out.status.code(), Some(2));
    let out = diligence(&[
        "compare",
        "--profile",
        "kreuzer-2024",
        "--profile",
        "talinn-2",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `tallinn-2`"));
    let out = diligence(&[
        "compare",
        "--profile",
        "kreuzer-2024",
        "--profile",
        "tallinn-2",
        "negligant",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sensitivity_matches_separate_runs_and_single_switches() {
    let ds = load(&shipped_dir());
    let names: Vec<&str> = sensitivity::CONCLUSIONS.to_vec();
    let rs = rels(&names);
    let o = opts(None);
    let shipped: Vec<Profile> = profile::shipped()
        .iter()
        .map(|n| profile::load_profile(n).unwrap())
        .collect();
    let base = profile::load_profile("kreuzer-2024").unwrap();
    let s = sensitivity::sensitivity(&ds, &base, &shipped, &rs, &[], &o).unwrap();
    let runs: Vec<_> = shipped.iter().map(|p| run(&ds, p, &rs, &o)).collect();
    let flips: Vec<_> = s
        .flips
        .iter()
        .map(|f| {
            run(
                &ds,
                &base.with_position(f.key, &f.to, "t", "t").unwrap(),
                &rs,
                &o,
            )
        })
        .collect();
    let under_base = run(&ds, &base, &rs, &o);
    for (k, rel) in rs.iter().enumerate() {
        let rows: Vec<_> = s.rows.iter().filter(|r| r.rel == *rel).collect();
        // Every row of every shipped profile and of every switch is listed, once.
        let mut universe: BTreeSet<Vec<String>> = BTreeSet::new();
        for r in runs.iter().chain(&flips) {
            universe.extend(r[k].iter().cloned());
        }
        let listed: BTreeSet<Vec<String>> = rows.iter().map(|r| r.values.clone()).collect();
        assert_eq!(listed, universe);
        assert_eq!(listed.len(), rows.len());
        for r in rows {
            let holds: Vec<String> = shipped
                .iter()
                .zip(&runs)
                .filter(|(_, run)| run[k].contains(&r.values))
                .map(|(p, _)| p.name.clone())
                .collect();
            assert_eq!(r.holds_under, holds, "{:?}", r.values);
            let expected = match holds.len() {
                n if n == shipped.len() => Standing::Robust,
                0 => Standing::Hypothetical,
                _ => Standing::Contested,
            };
            assert_eq!(r.standing, expected);
            assert_eq!(r.under_base, under_base[k].contains(&r.values));
            let changed: Vec<usize> = flips
                .iter()
                .enumerate()
                .filter(|(_, f)| f[k].contains(&r.values) != r.under_base)
                .map(|(i, _)| i)
                .collect();
            assert_eq!(r.changed_by, changed, "{:?}", r.values);
        }
        let c = sensitivity::counts(&s, *rel);
        assert_eq!(c[0], c[1] + c[3] + c[5]);
    }
    // The shipped dataset has robust and contested conclusions; negligence hangs on due diligence.
    assert!(s.rows.iter().any(|r| r.standing == Standing::Robust));
    let changed_by = |incident: &str| {
        let neg = s
            .rows
            .iter()
            .find(|r| r.rel.name().name == "negligent" && r.values == ["RU", incident])
            .unwrap();
        assert_eq!(neg.standing, Standing::Contested);
        neg.changed_by
            .iter()
            .map(|&i| s.flips[i].text())
            .collect::<Vec<String>>()
    };
    assert_eq!(changed_by("estonia-2007"), ["due_diligence=false"]);
    // ci_min_severity is varied as a closed position: raised to severe, the high-severity
    // disruption of Colonial Pipeline is no longer significant (SIG-CI).
    assert_eq!(
        changed_by("colonial-2021"),
        ["due_diligence=false", "ci_min_severity=severe"]
    );
}

#[test]
fn sensitivity_flips_cover_closed_positions_and_vary() {
    let base = profile::load_profile("kreuzer-2024").unwrap();
    let shipped: Vec<Profile> = profile::shipped()
        .iter()
        .map(|n| profile::load_profile(n).unwrap())
        .collect();
    let f = sensitivity::flips(&base, &shipped, &[("window_hours".into(), "24".into())]);
    let texts: Vec<String> = f.iter().map(|f| f.text()).collect();
    for t in [
        "sovereignty=territorial",
        "sovereignty=pure",
        "notify=lex_lata",
        "preventive=false",
        "due_diligence=false",
        "collective_cm=true",
        "window_hours=24",
        "ci_min_severity=low",
        "ci_min_severity=severe",
        "feasibility.block=high",
    ] {
        assert!(texts.contains(&t.to_string()), "{t} missing from {texts:?}");
    }
    assert!(
        !texts.iter().any(|t| t == "sovereignty=none"),
        "no switch to the base's own value"
    );
}

#[test]
fn sensitivity_command_prints_summary_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    espionage().write(dir.path());
    let d = dir.path().display().to_string();
    let out = diligence(&[
        "sensitivity",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // negligent(BB, spy) holds under no shipped profile and under no single switch.
    assert_eq!(v["summary"]["negligent"]["rows"], 0);
    let out = diligence(&[
        "sensitivity",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
        "concern",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("relation,atom,standing,under_base,holds_under,changed_by,note\n"),
        "{text}"
    );
    // The concern about the warning (DUTY-NOTIFY emerging) holds under every profile with due diligence.
    assert!(text.contains("\"concern(BB, DUTY-NOTIFY, spy)\",contested,true,kreuzer-2024 tallinn-2 pure-sovereignty collective-cm"), "{text}");
    let out = diligence(&["sensitivity", "--facts", &d, "--vary", "window_hours"]);
    assert_eq!(out.status.code(), Some(2));
    let out = diligence(&["sensitivity", "--facts", &d, "--vary", "window_hours=0"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "window_hours must be at least 1"
    );
    let out = diligence(&["sensitivity", "--facts", &d]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("summary"), "{text}");
}

#[test]
fn profiles_lists_every_position_with_value_and_source() {
    let out = diligence(&["profiles", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v["profiles"].as_array().unwrap();
    let names: Vec<&str> = list.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, profile::shipped());
    for p in list {
        let positions = p["positions"].as_array().unwrap();
        assert_eq!(positions.len(), profile::POSITION_KEYS.len());
        for pos in positions {
            assert!(!pos["source"].as_str().unwrap().is_empty(), "{pos}");
        }
    }
    let tallinn = &list[1]["positions"];
    let sov = tallinn
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["position"] == "sovereignty")
        .unwrap();
    assert_eq!(sov["value"], "territorial");
    assert!(sov["source"]
        .as_str()
        .unwrap()
        .contains("Tallinn Manual 2.0, Rule 4"));
    let out = diligence(&["profiles"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("kreuzer-2024 (inherited)"), "{text}");
    let out = diligence(&["profiles", "--format", "csv", "collective-cm"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("profile,position,value,set_by,inherited,source\n"));
    assert!(
        text.contains("collective-cm,collective_cm,true,collective-cm,false,"),
        "{text}"
    );
    let out = diligence(&["profiles", "nonesuch"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn explanations_name_the_positions_a_step_rests_on() {
    let dir = tempfile::tempdir().unwrap();
    Scenario::base().write(dir.path());
    let d = dir.path().display().to_string();
    let out = diligence(&[
        "explain",
        "negligent(BB, hosp)",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("window_hours = 72 h (profile `kreuzer-2024`)"),
        "{text}"
    );
    let out = diligence(&[
        "explain",
        "negligent(BB, hosp)",
        "--facts",
        &d,
        "--as-of",
        "2024-06-01",
        "--profile",
        "tallinn-2",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("window_hours = 72 h (profile `tallinn-2`)"),
        "{text}"
    );
    assert!(
        text.contains("due_diligence = yes (profile `tallinn-2`)"),
        "{text}"
    );
    let out = diligence(&[
        "why-not",
        "negligent(BB, hosp)",
        "--facts",
        &d,
        "--profile",
        "no-due-diligence",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("due_diligence = no (profile `no-due-diligence`)"),
        "{text}"
    );
}

#[test]
fn one_position_switched_keeps_every_other_and_says_who_set_it() {
    let base = profile::load_profile("kreuzer-2024").unwrap();
    let p = base
        .with_position("feasibility.block", "high", "my reading", "mine")
        .unwrap();
    assert_eq!(p.position("feasibility.block").value, "high");
    assert_eq!(p.position("feasibility.block").source, "my reading");
    assert_eq!(p.position("feasibility.block").origin.profile(), "mine");
    assert_eq!(
        p.params
            .required_capacity(diligence::facts::MeasureKind::Block),
        diligence::facts::Capacity::High
    );
    for (a, b) in base.positions.iter().zip(&p.positions) {
        if a.key != "feasibility.block" {
            assert_eq!(a, b);
        }
    }
    let q = base.with_position("notify", "binding", "", "x").unwrap();
    assert_eq!(q.position("notify").value, "lex_lata");
    assert!(base
        .with_position("sovereignty", "absolute", "", "x")
        .is_err());
    assert!(base.with_position("window_hours", "0", "", "x").is_err());
    assert!(base.with_position("windows", "1", "", "x").is_err());
    assert_eq!(compare::subsets(4, 2).len(), 6);
    assert_eq!(compare::subsets(3, 3), vec![vec![0, 1, 2]]);
    assert!(compare::subsets(2, 3).is_empty());
}
