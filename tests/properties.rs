//! Property tests over generated datasets (`diligence generate`, small sizes, seeds drawn
//! by proptest): legal and logical invariants that must hold for every dataset, not only
//! for the hand-written examples.
//!
//! - adding a `measure` by S about I never creates a breach, and a timely one (at or before
//!   the end of S's window, CAP-1 feasible) removes BREACH-ACTION for (S, I);
//! - without knowledge events (KNOW-NOTICE, KNOW-DETECT, KNOW-CONSTRUCTIVE) there is no
//!   DUTY-ACTION or DUTY-NOTIFY obligation;
//! - a profile that makes DUTY-NOTIFY binding never has fewer breaches than the default
//!   (where it is emerging), and its extra breaches are all BREACH-NOTIFY;
//! - every derived row has a proof whose leaves are input rows of the dataset, and every
//!   proof step re-checks against its clause (`provenance::check`);
//! - evaluation is deterministic: the same output bytes for any row order in the CSV files,
//!   any partitioning and any number of threads; and no row is lost on loading.
//!
//! Case counts are small (each case generates, loads and evaluates a dataset) so the whole
//! file stays well under a minute in the test profile.

use std::collections::BTreeSet;
use std::path::Path;

use diligence::explain::provenance::{self, Node, Proof, ProofStep};
use diligence::facts::{load, Time};
use diligence::generate::{generate, GenConfig};
use diligence::rules::engine::FactLike;
use diligence::{evaluate, output, profile, EvalOptions, Evaluation};
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::SeedableRng;

/// Cases per property.
const CASES: u32 = 12;

/// A generated dataset in a temporary folder.
struct Generated {
    dir: tempfile::TempDir,
    rows: u64,
}

fn generated(incidents: u64, seed: u64) -> Generated {
    let dir = tempfile::tempdir().unwrap();
    let stats = generate(&GenConfig { incidents, seed }, dir.path()).unwrap();
    Generated {
        dir,
        rows: stats.total_rows(),
    }
}

/// Loads and evaluates `dir` under `prof` (a shipped name or a file) as of `as_of`.
fn eval_at(dir: &Path, prof: &str, as_of: Option<Time>, opts: EvalOptions) -> Evaluation {
    let ds = load(dir).unwrap_or_else(|e| panic!("generated dataset must load:\n{e}"));
    let prof = profile::load_profile(prof).unwrap_or_else(|e| panic!("{e}"));
    evaluate(ds, prof, &EvalOptions { as_of, ..opts })
}

fn eval(dir: &Path, prof: &str, as_of: Option<Time>) -> Evaluation {
    let opts = EvalOptions {
        threads: Some(1),
        ..Default::default()
    };
    eval_at(dir, prof, as_of, opts)
}

/// The rows of an output relation, comma-joined.
fn rows(ev: &Evaluation, rel: &str) -> BTreeSet<String> {
    let r = output::relation(rel).unwrap_or_else(|| panic!("no relation {rel}"));
    output::rows(ev, r)
        .into_iter()
        .map(|r| r.join(","))
        .collect()
}

/// The records of a CSV file: header, then rows.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let records = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, records)
}

fn write_csv(path: &Path, header: &[String], records: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(header).unwrap();
    for r in records {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

/// The position of a column in a header.
fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

/// Appends an event to `events.csv`, filling its columns by name.
fn add_event(dir: &Path, values: &[(&str, String)]) {
    let path = dir.join("events.csv");
    let (header, mut records) = read_csv(&path);
    let mut row = vec![String::new(); header.len()];
    for (name, v) in values {
        row[col(&header, name)] = v.clone();
    }
    records.push(row);
    write_csv(&path, &header, &records);
}

/// Evaluates the dataset and renders every output relation as CSV and JSON.
fn all_output(ev: &Evaluation) -> Vec<u8> {
    let rels: Vec<_> = output::OUTPUT_RELATIONS
        .iter()
        .map(|n| output::relation(n).unwrap())
        .collect();
    let mut out = Vec::new();
    output::write(ev, &rels, output::Format::Csv, &mut out).unwrap();
    output::write(ev, &rels, output::Format::Json, &mut out).unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    /// BREACH-ACTION / CAP-1: a measure only ever discharges duties. Added at a random time
    /// for a random (S, I) with a DUTY-ACTION obligation, breaches after ⊆ breaches before
    /// (as of the same time); at or before the end of S's window (`since` +
    /// `window_hours`), with a measure every state can take (`investigate`, feasible from
    /// low capacity), BREACH-ACTION for (S, I) is gone.
    #[test]
    fn a_measure_never_creates_a_breach_and_a_timely_one_removes_breach_action(
        incidents in 20u64..60,
        seed in any::<u64>(),
        pick in any::<prop::sample::Index>(),
        offset_hours in -200i64..200,
    ) {
        let g = generated(incidents, seed);
        let before = eval(g.dir.path(), "kreuzer-2024", None);
        let as_of = before.params.as_of;
        let window = before.params.window_hours;
        let obligations: Vec<Vec<String>> = rows(&before, "obligation")
            .into_iter()
            .map(|r| r.split(',').map(String::from).collect::<Vec<_>>())
            .filter(|r| r[1] == "DUTY-ACTION")
            .collect();
        prop_assume!(!obligations.is_empty());
        let o = pick.get(&obligations);
        let (s, i) = (o[0].clone(), o[2].clone());
        let since = Time::parse(&o[3]).unwrap();
        let at = Time(since.0 + offset_hours * 3600);
        add_event(g.dir.path(), &[
            ("time", at.to_string()),
            ("kind", "measure".into()),
            ("incident", i.clone()),
            ("by", s.clone()),
            ("detail", "investigate".into()),
        ]);
        let after = eval(g.dir.path(), "kreuzer-2024", Some(as_of));
        let (b0, b1) = (rows(&before, "breach"), rows(&after, "breach"));
        let created: Vec<_> = b1.difference(&b0).collect();
        prop_assert!(created.is_empty(), "a measure by {s} about {i} at {at} created breaches: {created:?}");
        if at <= since.plus_hours(window) {
            let row = format!("{s},DUTY-ACTION,{i}");
            prop_assert!(!b1.contains(&row), "timely measure at {at} (since {since}) left {row}");
        }
    }

    /// KNOW-NO-PRESUMPTION: with every knowledge event removed (notification,
    /// assistance_request and, amended, concern, warning, mla_request and cm_notice:
    /// KNOW-NOTICE; detection: KNOW-DETECT; public_report: KNOW-CONSTRUCTIVE), nobody knows
    /// anything, so no DUTY-ACTION or DUTY-NOTIFY obligation arises, and no BREACH-ACTION or
    /// BREACH-NOTIFY.
    #[test]
    fn without_knowledge_events_there_is_no_duty_action(
        incidents in 20u64..60,
        seed in any::<u64>(),
    ) {
        let g = generated(incidents, seed);
        let before = eval(g.dir.path(), "kreuzer-2024", None);
        let as_of = before.params.as_of;
        prop_assume!(rows(&before, "obligation").iter().any(|r| r.contains(",DUTY-ACTION,")));
        let path = g.dir.path().join("events.csv");
        let (header, records) = read_csv(&path);
        let kind = col(&header, "kind");
        let knowledge = [
            "notification",
            "assistance_request",
            "concern",
            "warning",
            "mla_request",
            "cm_notice",
            "detection",
            "public_report",
        ];
        let kept: Vec<_> = records
            .into_iter()
            .filter(|r| !knowledge.contains(&r[kind].as_str()))
            .collect();
        write_csv(&path, &header, &kept);
        let after = eval(g.dir.path(), "kreuzer-2024", Some(as_of));
        prop_assert!(rows(&after, "knows").is_empty(), "{:?}", rows(&after, "knows"));
        for r in rows(&after, "obligation") {
            prop_assert!(!r.contains(",DUTY-ACTION,") && !r.contains(",DUTY-NOTIFY,"), "obligation without knowledge: {r}");
        }
        for r in rows(&after, "breach") {
            prop_assert!(!r.contains(",DUTY-ACTION,") && !r.contains(",DUTY-NOTIFY,"), "breach without knowledge: {r}");
        }
    }

    /// BREACH-NOTIFY / profile section P: making DUTY-NOTIFY binding (`lex_lata`) only
    /// adds breaches, and only BREACH-NOTIFY ones.
    #[test]
    fn binding_notify_never_has_fewer_breaches(
        incidents in 20u64..60,
        seed in any::<u64>(),
    ) {
        let g = generated(incidents, seed);
        let prof = g.dir.path().join("binding.toml");
        std::fs::write(&prof, "name = \"binding-notify\"\ninherits = \"kreuzer-2024\"\n[positions.notify]\nvalue = \"lex_lata\"\nsource = \"property test\"\n").unwrap();
        let prof = prof.display().to_string();
        let emerging = eval(g.dir.path(), "kreuzer-2024", None);
        let binding = eval(g.dir.path(), &prof, None);
        let (b0, b1) = (rows(&emerging, "breach"), rows(&binding, "breach"));
        let lost: Vec<_> = b0.difference(&b1).collect();
        prop_assert!(lost.is_empty(), "binding DUTY-NOTIFY lost breaches: {lost:?}");
        for r in b1.difference(&b0) {
            prop_assert!(r.contains(",DUTY-NOTIFY,"), "binding DUTY-NOTIFY added a breach that is not BREACH-NOTIFY: {r}");
        }
    }

    /// Determinism and nothing lost: the same dataset with the rows of every file shuffled
    /// loads every row and gives the same output bytes (CSV and JSON, every output
    /// relation), also with tiny partitions on several threads.
    #[test]
    fn evaluation_is_deterministic_under_row_order_and_partitioning(
        incidents in 20u64..60,
        seed in any::<u64>(),
        shuffle in any::<u64>(),
        partition in 1usize..8,
    ) {
        let g = generated(incidents, seed);
        prop_assert_eq!(load(g.dir.path()).unwrap().row_count() as u64, g.rows);
        let reference = all_output(&eval(g.dir.path(), "kreuzer-2024", None));
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(shuffle);
        let shuffled = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(g.dir.path()).unwrap() {
            let path = entry.unwrap().path();
            let (header, mut records) = read_csv(&path);
            records.shuffle(&mut rng);
            write_csv(&shuffled.path().join(path.file_name().unwrap()), &header, &records);
        }
        prop_assert_eq!(load(shuffled.path()).unwrap().row_count() as u64, g.rows);
        let opts = EvalOptions { threads: Some(2), partition_size: Some(partition), ..Default::default() };
        let other = all_output(&eval_at(shuffled.path(), "kreuzer-2024", None, opts));
        prop_assert!(reference == other, "output differs after shuffling rows (partition size {partition})");
    }

    /// Provenance: sampled rows of every output relation have a proof; every proof step
    /// re-checks against the clause it cites (`provenance::check`), and every leaf is an
    /// input row at a line of its file.
    #[test]
    fn every_derived_row_has_a_proof_that_checks(
        incidents in 10u64..40,
        seed in any::<u64>(),
        pick in any::<prop::sample::Index>(),
    ) {
        let g = generated(incidents, seed);
        let ev = eval(g.dir.path(), "kreuzer-2024", None);
        let mut prover = provenance::Prover::new(&ev.model);
        let mut checked = 0;
        for name in output::OUTPUT_RELATIONS {
            let rel = output::relation(name).unwrap();
            let facts = ev.model.facts(rel);
            if facts.is_empty() {
                continue;
            }
            // Two rows per relation: one drawn, and the last.
            for f in [pick.get(&facts), &facts[facts.len() - 1]] {
                let proof = prover.prove(f);
                prop_assert!(proof.is_some(), "no proof of a row of {name}");
                let proof = proof.unwrap();
                if let Err(e) = provenance::check(&proof, &ev) {
                    return Err(TestCaseError::fail(format!("proof of a row of {name} does not check: {e}")));
                }
                leaves_are_input_rows(&proof, &ev)?;
                checked += 1;
            }
        }
        prop_assert!(checked > 0);
    }
}

/// Every leaf of `proof` is an input row of the dataset, at a line inside its file.
fn leaves_are_input_rows(proof: &Proof, ev: &Evaluation) -> Result<(), TestCaseError> {
    match &proof.node {
        Node::Input { src } => {
            prop_assert!(ev.model.contains(&proof.fact));
            // The profile's positions are an input row of no CSV file (`states.csv:0` or
            // no source).
            if proof.fact.rel().name.eq_ignore_ascii_case("profile") {
                return Ok(());
            }
            let src = src.ok_or_else(|| TestCaseError::fail("a leaf without a source"))?;
            let text = std::fs::read_to_string(ev.dataset.dir.join(src.file.file_name())).unwrap();
            prop_assert!(
                src.line >= 2 && (src.line as usize) <= text.lines().count(),
                "leaf {src} outside its file"
            );
        }
        Node::Derived { steps, .. } => {
            for s in steps {
                if let ProofStep::Premise(p) = s {
                    leaves_are_input_rows(p, ev)?;
                }
            }
        }
    }
    Ok(())
}
