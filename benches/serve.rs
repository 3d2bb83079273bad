//! Playground benchmark (not a test): how long a change takes to show, in process, on the
//! shipped dataset and on a generated one of 10^4 incidents (seed 42, in
//! `target/bench-data/`). A change is what a `POST` does (apply it, evaluate the whole
//! dataset again through `--assume`, compare the conclusions with those before); showing
//! it is what the `GET` that follows does (the incident page with what the change did,
//! each conclusion that appeared or disappeared with its argument). Undo is measured too.
//! Targets (issue 14): under 100 ms on the shipped dataset, under 1 s on 10^4 incidents.
//!
//! ```text
//! cargo bench --bench serve
//! DILIGENCE_BENCH_SIZES=10000,100000 cargo bench --bench serve
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diligence::facts::InputFile;
use diligence::generate::{generate, GenConfig};
use diligence::serve::pages::{self, View};
use diligence::serve::state::{columns, Base, Change, Sessions};
use diligence::serve::App;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// A measure by `state` about `incident` at `time`, as an `events.csv` row.
fn measure(time: &str, state: &str, incident: &str) -> Vec<String> {
    columns(InputFile::Events)
        .iter()
        .map(|c| match *c {
            "time" => time.to_string(),
            "kind" => "measure".into(),
            "by" => state.into(),
            "incident" => incident.into(),
            "detail" => "investigate".into(),
            _ => String::new(),
        })
        .collect()
}

/// Times `rounds` changes (each followed by its page and an undo) on `dir`.
fn bench(label: &str, dir: &Path, rounds: usize) {
    let t0 = Instant::now();
    let base = Base::load(dir, "kreuzer-2024", true).expect("dataset loads");
    let load = t0.elapsed();
    let app = App {
        base: Arc::new(base),
        sessions: Arc::new(Sessions::default()),
    };
    let base = &app.base;
    // The first negligent state and incident: the change gives it a measure in time.
    let ev = base.evaluation.clone();
    let sym = &ev.dataset.symbols;
    let rel = diligence::output::relation("negligent").unwrap();
    // The first negligent state and incident whose what-if menu has a measure: the change
    // adds it (at the end of the duty's window).
    let (state, incident, time) = ev
        .model
        .facts(rel)
        .iter()
        .find_map(|f| {
            let menu = diligence::analysis::whatif::menu(&ev, std::slice::from_ref(f));
            let m = menu
                .iter()
                .find(|c| c.event.kind == diligence::facts::EventKind::Measure)?;
            Some((
                sym.state(m.event.by?).to_string(),
                sym.incident(m.event.incident).to_string(),
                m.event.time.to_string(),
            ))
        })
        .expect("a negligent state with a measure on its menu");
    let session = app.sessions.create(base).unwrap();
    let mut s = session.lock().unwrap();
    // A first change, so that undoing the measured one evaluates again too.
    let mut report = measure(&time, &state, &incident);
    report[1] = "public_report".into();
    report[5] = String::new();
    s.change(
        base,
        Change::Add {
            file: InputFile::Events,
            rows: vec![report],
        },
        "a public report".into(),
    )
    .expect("the first change is accepted");
    let q: HashMap<String, String> = [("changed".to_string(), "1".to_string())].into();
    let (mut change, mut show, mut undo) = (Vec::new(), Vec::new(), Vec::new());
    let mut gone = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        s.change(
            base,
            Change::Add {
                file: InputFile::Events,
                rows: vec![measure(&time, &state, &incident)],
            },
            "a measure in time".into(),
        )
        .expect("the change is accepted");
        change.push(t.elapsed());
        gone = s.last.as_ref().map_or(0, |l| l.diff.len());
        let t = Instant::now();
        let view = View::of(&mut s, base);
        let page = pages::incident(&app, &view, &incident, &q).expect("the incident's page");
        let html = page.into_string();
        show.push(t.elapsed());
        assert!(html.contains("What the change did"));
        let t = Instant::now();
        s.undo(base);
        undo.push(t.elapsed());
    }
    let (c, sh, u) = (median(change), median(show), median(undo));
    println!(
        "| {label} | {} | {} | {} | {} | **{}** | {} | {gone} |",
        ev.dataset.incidents.len(),
        ms(load),
        ms(c),
        ms(sh),
        ms(c + sh),
        ms(u)
    );
}

fn main() {
    let sizes: Vec<u64> = std::env::var("DILIGENCE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("| dataset | incidents | load and evaluate at start | change (evaluate, compare) | page shown | change shown | undo | conclusions changed |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    bench("shipped `facts/`", &root.join("facts"), 11);
    for n in sizes {
        let dir: PathBuf = root.join(format!("target/bench-data/gen-{n}"));
        if !dir.join("events.csv").exists() {
            generate(
                &GenConfig {
                    incidents: n,
                    seed: 42,
                },
                &dir,
            )
            .expect("generate");
        }
        bench("generated, seed 42", &dir, 5);
    }
}
