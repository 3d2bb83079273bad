//! Legal arguments (issue 12): on the shipped dataset and every fixture, the argument of
//! every derived row and the why-not argument of absent rows of every data-model relation
//! hold no code, every why-not reaches the input rows or a blocking row at the default
//! depth, and the audit trail (`--format trace`) still re-checks against the rules.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{code_in, diligence, shipped_dir};
use diligence::explain::argument::Argument;
use diligence::explain::provenance::{self, Prover};
use diligence::explain::whynot::{self, FailureKind, WhyNot, DEFAULT_DEPTH};
use diligence::facts::Time;
use diligence::rules::engine::{FactLike, Value};
use diligence::rules::program::{Fact, Rel};
use diligence::{evaluate, output, EvalOptions, Evaluation};

/// The shipped dataset and every fixture scenario (with its profile and `as_of`), evaluated.
fn datasets() -> Vec<(String, Evaluation)> {
    let mut out = vec![("facts".to_string(), {
        let ds = diligence::facts::load(Path::new(&shipped_dir())).unwrap();
        let prof = diligence::profile::load_profile("kreuzer-2024").unwrap();
        evaluate(ds, prof, &EvalOptions::default())
    })];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for dir in common::fixture_dirs() {
        let settings: toml::Table = std::fs::read_to_string(dir.join("scenario.toml"))
            .map(|t| toml::from_str(&t).unwrap())
            .unwrap_or_default();
        let data = tempfile::tempdir().unwrap();
        for f in std::fs::read_dir(&dir).unwrap().flatten() {
            if f.path().extension().is_some_and(|e| e == "csv") {
                std::fs::copy(f.path(), data.path().join(f.file_name())).unwrap();
            }
        }
        let ds = diligence::facts::load(data.path()).unwrap();
        let profile = settings
            .get("profile")
            .and_then(|v| v.as_str())
            .unwrap_or("kreuzer-2024");
        // A profile file beside the scenario (`profile = "user.toml"`) is read from there.
        let beside = dir.join(profile);
        let spec = if profile.ends_with(".toml") && beside.is_file() {
            beside.to_string_lossy().into_owned()
        } else {
            profile.to_string()
        };
        let prof = diligence::profile::load_profile(&spec).unwrap();
        let as_of = settings
            .get("as_of")
            .and_then(|v| v.as_str())
            .map(|t| Time::parse(t).unwrap());
        let name = dir.strip_prefix(&root).unwrap().display().to_string();
        out.push((
            name,
            evaluate(
                ds,
                prof,
                &EvalOptions {
                    as_of,
                    threads: Some(1),
                    ..Default::default()
                },
            ),
        ));
    }
    out
}

#[track_caller]
fn assert_no_code(what: &str, text: &str) {
    if let Some(m) = code_in(text) {
        panic!("{what} holds code (`{m}`):\n{text}");
    }
}

/// Every derived row of every relation of the program.
fn derived_rows(ev: &Evaluation) -> Vec<Fact> {
    Rel::ALL
        .iter()
        .filter(|r| !r.name().input)
        .flat_map(|r| ev.model.facts(*r))
        .collect()
}

#[test]
fn the_argument_of_every_derived_row_holds_no_code_and_its_trace_still_checks() {
    let mut rows = 0;
    for (name, ev) in datasets() {
        let mut prover = Prover::new(&ev.model);
        for fact in derived_rows(&ev) {
            let atom = provenance::atom_text(&fact, &ev.dataset.symbols);
            let proof = prover
                .prove(&fact)
                .unwrap_or_else(|| panic!("{name}: no proof of {atom}"));
            provenance::check(&proof, &ev).unwrap_or_else(|e| panic!("{name}: {e}"));
            let a = Argument::explain(&ev, &proof);
            let text = a.to_text();
            assert_no_code(&format!("{name}: explain {atom}"), &text);
            assert_no_code(&format!("{name}: markdown of {atom}"), &a.to_markdown());
            // JSON: every node and step is placed in the argument, and no text holds code.
            let json = provenance::to_json_argued(&proof, &ev);
            check_json_texts(&name, &atom, &json);
            rows += 1;
        }
    }
    assert!(rows > 1000, "only {rows} derived rows");
}

/// Every `text` of an annotated proof is free of code, and every node has a `finding`.
fn check_json_texts(name: &str, atom: &str, j: &serde_json::Value) {
    match j {
        serde_json::Value::Object(m) => {
            if m.contains_key("atom") || m.contains_key("guard") || m.contains_key("absent") {
                assert!(
                    m.get("finding").is_some_and(|f| f.is_u64()),
                    "{name}: {atom}: a node without its finding: {j}"
                );
            }
            if let Some(serde_json::Value::String(t)) = m.get("text") {
                assert_no_code(&format!("{name}: JSON text in {atom}"), t);
            }
            m.values().for_each(|v| check_json_texts(name, atom, v));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| check_json_texts(name, atom, v)),
        _ => {}
    }
}

/// Absent atoms of every data-model relation: each row with one id column replaced by
/// another id of that column or of the dataset, then with the columns after it left open;
/// every (state, incident) pair of an incident's origins and targets for the relations
/// that start with state and incident; every response for `admissible`; and the relation
/// with every column open when it has no row.
fn absent_atoms(ev: &Evaluation) -> Vec<(Rel, Vec<Option<Value>>)> {
    let mut out: BTreeSet<(String, Vec<Option<Value>>)> = BTreeSet::new();
    let holds = |rel: Rel, p: &[Option<Value>]| {
        ev.model.facts(rel).iter().any(|f| {
            f.values()
                .iter()
                .zip(p)
                .all(|(v, w)| w.is_none_or(|w| *v == w))
        })
    };
    let states: Vec<Value> = ev
        .dataset
        .states
        .iter()
        .map(|s| Value::State(s.data.id))
        .collect();
    let incidents: Vec<Value> = ev
        .dataset
        .incidents
        .iter()
        .map(|s| Value::Incident(s.data.id))
        .collect();
    let responses: Vec<Value> = ev
        .dataset
        .responses
        .iter()
        .map(|s| Value::Response(s.data.id))
        .collect();
    for name in output::OUTPUT_RELATIONS {
        let rel = output::relation(name).unwrap();
        let arity = rel.name().columns.len();
        let facts = ev.model.facts(rel);
        if facts.is_empty() {
            out.insert((name.to_string(), vec![None; arity]));
        }
        for f in facts.iter().take(25) {
            let values = f.values();
            for k in 0..arity {
                let others: Vec<Value> = match values[k] {
                    Value::State(_) => states.iter().take(6).copied().collect(),
                    Value::Incident(_) => incidents.iter().take(6).copied().collect(),
                    Value::Response(_) => responses.iter().take(6).copied().collect(),
                    _ => continue,
                };
                for o in others {
                    let mut p: Vec<Option<Value>> = values.iter().copied().map(Some).collect();
                    p[k] = Some(o);
                    if !holds(rel, &p) {
                        out.insert((name.to_string(), p.clone()));
                    }
                    for q in p.iter_mut().skip(k + 1) {
                        *q = None;
                    }
                    if !holds(rel, &p) {
                        out.insert((name.to_string(), p));
                    }
                }
            }
        }
        let cols = rel.name().columns;
        if cols.len() >= 2 && cols[0] == "state" && cols[1] == "incident" {
            for inc in &ev.dataset.incidents {
                let i = inc.data.id;
                let linked = ev.dataset.origin_and_target_states(i);
                for s in linked {
                    let mut p = vec![None; arity];
                    p[0] = Some(Value::State(s));
                    p[1] = Some(Value::Incident(i));
                    if !holds(rel, &p) {
                        out.insert((name.to_string(), p));
                    }
                }
            }
        }
        if *name == "admissible" {
            for r in &responses {
                if !holds(rel, &[Some(*r)]) {
                    out.insert((name.to_string(), vec![Some(*r)]));
                }
            }
        }
    }
    out.into_iter()
        .map(|(n, p)| (output::relation(&n).unwrap(), p))
        .collect()
}

/// Every missing derived premise of a why-not is explained (or explained at another place
/// of it): the why-not reaches the input rows, a condition or a blocking row.
fn reaches_bottom(w: &WhyNot) -> Result<(), String> {
    for c in &w.clauses {
        for f in &c.failures {
            if let FailureKind::Missing {
                rel,
                input: false,
                why,
                repeated,
                ..
            } = &f.kind
            {
                match why {
                    Some(inner) => reaches_bottom(inner)?,
                    None if *repeated => {}
                    None => return Err(format!("`{rel}` not explained (under `{}`)", w.rel)),
                }
            }
        }
    }
    Ok(())
}

#[test]
fn every_why_not_of_every_data_model_relation_reaches_the_input_at_the_default_depth() {
    let mut n = 0;
    for (name, ev) in datasets() {
        for (rel, pattern) in absent_atoms(&ev) {
            let w = whynot::why_not(&ev, rel, &pattern, DEFAULT_DEPTH).unwrap();
            let atom = w_atom(&w, &ev);
            reaches_bottom(&w).unwrap_or_else(|e| panic!("{name}: why-not {atom}: {e}"));
            let a = Argument::why_not(&ev, &w);
            let text = a.to_text();
            assert_no_code(&format!("{name}: why-not {atom}"), &text);
            assert!(
                !text.contains("not examined further"),
                "{name}: why-not {atom} stops early:\n{text}"
            );
            assert_no_code(
                &format!("{name}: why-not JSON {atom}"),
                &json_texts(&whynot::to_json_argued(&w, &ev)),
            );
            n += 1;
        }
    }
    assert!(n > 500, "only {n} absent rows tried");
}

fn w_atom(w: &WhyNot, ev: &Evaluation) -> String {
    let vals: Vec<String> = w
        .pattern
        .iter()
        .map(|v| v.map_or("_".into(), |v| v.render(&ev.dataset.symbols)))
        .collect();
    format!("{}({})", w.rel, vals.join(", "))
}

/// Every `text` and `argument` field of a JSON value, one per line.
fn json_texts(j: &serde_json::Value) -> String {
    let mut out = String::new();
    fn walk(j: &serde_json::Value, out: &mut String) {
        match j {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("text" | "argument", serde_json::Value::String(s)) => {
                            out.push_str(s);
                            out.push('\n');
                        }
                        _ => walk(v, out),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    walk(j, &mut out);
    out
}

#[test]
fn trace_prints_the_former_tree_and_text_the_argument() {
    let ev = {
        let ds = diligence::facts::load(Path::new(&shipped_dir())).unwrap();
        let prof = diligence::profile::load_profile("kreuzer-2024").unwrap();
        evaluate(ds, prof, &EvalOptions::default())
    };
    let proofs = diligence::explain(&ev, "negligent(RU, colonial-2021)").unwrap();
    let run = |format: &str| {
        let out = diligence(&[
            "explain",
            "negligent(RU, colonial-2021)",
            "--facts",
            &shipped_dir(),
            "--format",
            format,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(run("trace"), provenance::render_text(&proofs[0], &ev, None));
    let text = run("text");
    assert_eq!(text, Argument::explain(&ev, &proofs[0]).to_text());
    let default = diligence(&[
        "explain",
        "negligent(RU, colonial-2021)",
        "--facts",
        &shipped_dir(),
    ]);
    assert_eq!(String::from_utf8(default.stdout).unwrap(), text);
}

#[test]
fn every_guard_of_the_rule_program_has_its_sentences() {
    use diligence::rules::engine::BodyMeta;
    use diligence::rules::program::CLAUSES;
    let mut missing = Vec::new();
    for c in CLAUSES.iter() {
        for b in c.body {
            let BodyMeta::Guard {
                text,
                holds,
                fails,
                reads,
                refutable,
            } = b
            else {
                continue;
            };
            let at = format!("{} `{}`: guard `{text}`", c.rule, c.text);
            if holds.is_empty() {
                missing.push(format!("{at} has no sentence (#[guard(\"…\", \"…\")])"));
            } else if *refutable && fails.is_empty() {
                // One sentence serves both ways only when it chooses by a profile position.
                if !reads.is_empty() || !holds.contains("{p.") || !holds.contains('?') {
                    missing.push(format!("{at} has no sentence for when it fails"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "guards without their sentences:\n{}",
        missing.join("\n")
    );
}

/// The `text` block that follows the first line of the README starting with `intro`.
fn readme_block(intro: &str) -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let at = readme
        .find(intro)
        .unwrap_or_else(|| panic!("README: no `{intro}`"));
    let rest = &readme[at..];
    let open = rest.find("```text\n").unwrap() + "```text\n".len();
    let close = open + rest[open..].find("```").unwrap();
    rest[open..close].to_string()
}

/// The README's worked example as files (its `facts/` tables).
fn readme_example(events: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("states.csv", "id,name,capacity\nAV,Avalon,high\nBB,Borduria,medium\n"),
        (
            "incidents.csv",
            "id,title,start,vector,effect,severity\nhosp,Hospital ransomware,2024-03-01,ransomware,functionality,high\n",
        ),
        ("targets.csv", "incident,state,sector\nhosp,AV,health\n"),
        ("origins.csv", "incident,state,link\nhosp,BB,territory\n"),
        ("events.csv", events),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn the_readme_worked_example_is_what_explain_prints_and_fits_in_twenty_lines() {
    use pretty_assertions::assert_eq;
    let dir =
        readme_example("time,kind,by,to,incident\n2024-03-02T08:00Z,notification,AV,BB,hosp\n");
    let d = dir.path().to_str().unwrap();
    let out = diligence(&[
        "explain",
        "negligent(Borduria, hosp)",
        "--facts",
        d,
        "--as-of",
        "2024-06-01",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        readme_block("Why? `diligence explain 'negligent(Borduria, hosp)'`"),
        text
    );
    assert!(text.lines().count() <= 20, "{} lines", text.lines().count());
    // Had Borduria acted late: the why-not of the README.
    let late = readme_example(
        "time,kind,by,to,incident,detail\n2024-03-02T08:00Z,notification,AV,BB,hosp,\n2024-03-10T08:00Z,measure,BB,,hosp,investigate\n",
    );
    let out = diligence(&[
        "why-not",
        "action_discharged(BB, hosp)",
        "--facts",
        late.path().to_str().unwrap(),
        "--as-of",
        "2024-06-01",
    ]);
    assert_eq!(
        readme_block("And why not, had Borduria acted late?"),
        String::from_utf8(out.stdout).unwrap()
    );
}
