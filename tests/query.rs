//! Research queries (`diligence query`): every syntax feature answers what it should on
//! small datasets, every class of malformed query gets its error at the exact line and
//! column, unsafe queries are rejected, answers agree with the relations `run` prints and
//! with joins computed here by hand, and each saved query of `queries/` gives its
//! hand-derived answer on the fixture `tests/query-fixtures/world`.

mod common;

use common::diligence;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::Scenario;
use diligence::facts::Time;
use diligence::output::{self, Format};
use diligence::query::{self, schema};
use diligence::rules::engine::{FactLike, Value};
use diligence::rules::program::Rel;
use diligence::{evaluate, EvalOptions, Evaluation};
use pretty_assertions::assert_eq;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn world_dir() -> PathBuf {
    root().join("tests/query-fixtures/world")
}

/// The fixture `world`, evaluated as of 2024-06-01 under kreuzer-2024.
fn world() -> Evaluation {
    let ds = diligence::facts::load(&world_dir()).unwrap_or_else(|e| panic!("{e}"));
    let prof = diligence::profile::load_profile("kreuzer-2024").unwrap();
    evaluate(
        ds,
        prof,
        &EvalOptions {
            as_of: Some(Time::parse("2024-06-01").unwrap()),
            threads: Some(1),
            ..Default::default()
        },
    )
}

fn shipped() -> Evaluation {
    let ds = diligence::facts::load(&root().join("facts")).unwrap_or_else(|e| panic!("{e}"));
    let prof = diligence::profile::load_profile("kreuzer-2024").unwrap();
    evaluate(
        ds,
        prof,
        &EvalOptions {
            threads: Some(1),
            ..Default::default()
        },
    )
}

/// The answer of query `name` of `text` as `a,b,c` lines, in answer order.
fn ask(ev: &Evaluation, text: &str, name: &str) -> Vec<String> {
    let prog =
        query::compile(text).unwrap_or_else(|e| panic!("{}", query::render_errors(&e, None)));
    let engine = query::answer(ev, &prog, false);
    let q = prog
        .query(name)
        .unwrap_or_else(|| panic!("no query {name}"));
    query::rendered(&engine, &engine.answers[q])
        .into_iter()
        .map(|r| r.join(","))
        .collect()
}

/// The errors of a query text, as `LINE:COLUMN: message` lines.
fn errors(text: &str) -> Vec<String> {
    match query::compile(text) {
        Ok(_) => panic!("`{text}` should be rejected"),
        Err(e) => e.iter().map(|e| e.to_string()).collect(),
    }
}

/// Asserts one error at `pos` whose message contains `part`.
#[track_caller]
fn assert_error(text: &str, pos: &str, part: &str) {
    let errs = errors(text);
    assert!(
        errs.iter()
            .any(|e| e.starts_with(&format!("{pos}: ")) && e.contains(part)),
        "expected an error at {pos} containing `{part}` for `{text}`; got:\n{}",
        errs.join("\n")
    );
}

// ------------------------------------------------------------------ syntax features

#[test]
fn conjunction_with_shared_variables_projects_and_names_columns() {
    let ev = Scenario::base().eval().0;
    let text = "q(State, Victim) :- negligent(State, I), targets(I, Victim, _).";
    assert_eq!(ask(&ev, text, "q"), vec!["BB,AV"]);
    let prog = query::compile(text).unwrap();
    assert_eq!(prog.queries[0].columns, vec!["State", "Victim"]);
    // Labels rename head columns; constants may be head columns.
    let prog = query::compile("q(Who = S, Kind = \"negligence\") :- negligent(S, _).").unwrap();
    assert_eq!(prog.queries[0].columns, vec!["Who", "Kind"]);
    assert_eq!(
        ask(
            &ev,
            "q(Who = S, Kind = \"negligence\") :- negligent(S, _).",
            "q"
        ),
        vec!["BB,negligence"]
    );
}

#[test]
fn joins_on_numbers_times_absent_values_and_several_columns() {
    let ev = Scenario::base()
        .replace(
            "incidents.csv",
            &[
                "a,A,2024-03-01,ransomware,functionality,high,,targeted,0,900,,t",
                "b,B,2024-03-01,ransomware,functionality,high,2024-04-01,targeted,0,900,,t",
                "c,C,2024-01-01,malware,functionality,high,,targeted,0,20,,t",
            ],
        )
        .replace(
            "targets.csv",
            &["a,AV,health", "b,AV,health", "c,AV,energy"],
        )
        .replace("origins.csv", &[])
        .replace("events.csv", &[])
        .eval()
        .0;
    // A number, a time, and the absent end (`""` equals `""`) as join columns.
    assert_eq!(
        ask(
            &ev,
            "q(I, J) :- incidents(id: I, loss_usd: L), incidents(id: J, loss_usd: L), I != J.",
            "q"
        ),
        vec!["a,b", "b,a"]
    );
    assert_eq!(
        ask(
            &ev,
            "q(I, J) :- incidents(id: I, start: T), incidents(id: J, start: T), I != J.",
            "q"
        ),
        vec!["a,b", "b,a"]
    );
    assert_eq!(
        ask(
            &ev,
            "q(I, J) :- incidents(id: I, end: E), incidents(id: J, end: E), I != J.",
            "q"
        ),
        vec!["a,c", "c,a"]
    );
    // Two bound columns at once, and a constant with a bound column.
    assert_eq!(
        ask(
            &ev,
            "q(I, J) :- targets(I, V, S), targets(J, V, S), I != J.",
            "q"
        ),
        vec!["a,b", "b,a"]
    );
    assert_eq!(
        ask(
            &ev,
            "q(I, J) :- targets(I, V, _), targets(J, V, \"energy\"), I != J.",
            "q"
        ),
        vec!["a,c", "b,c"]
    );
    // The same, negated.
    assert_eq!(
        ask(
            &ev,
            "q(I) :- targets(I, V, S), !incidents(id: I, loss_usd: 20).",
            "q"
        ),
        vec!["a", "b"]
    );
}

#[test]
fn a_headless_query_answers_with_its_named_variables() {
    let ev = Scenario::base().eval().0;
    assert_eq!(
        ask(&ev, "negligent(S, I), targets(I, V, _)", "query"),
        vec!["BB,hosp,AV"]
    );
    assert_eq!(ask(&ev, "?- negligent(S, _).", "query"), vec!["BB"]);
    let prog = query::compile("negligent(S, I), targets(I, V, _)").unwrap();
    assert_eq!(prog.queries[0].columns, vec!["S", "I", "V"]);
}

/// Two incidents with different losses and starts, for constants and comparisons.
fn two_incidents() -> Scenario {
    Scenario::base()
        .replace(
            "incidents.csv",
            &[
                "hosp,Hospital ransomware,2024-03-01,ransomware,functionality,high,,targeted,0,5000,,test",
                "grid,Grid attack,2024-04-01T12:00Z,malware,physical,severe,2024-04-02,targeted,3,100,,test",
            ],
        )
        .rows("targets.csv", &["grid,AV,energy"])
        .rows("origins.csv", &["grid,CC,territory"])
}

#[test]
fn constants_in_atoms_are_strings_numbers_and_times() {
    let ev = two_incidents().eval().0;
    assert_eq!(
        ask(&ev, "q(I) :- targets(I, \"AV\", \"energy\").", "q"),
        vec!["grid"]
    );
    assert_eq!(
        ask(&ev, "q(I) :- incidents(id: I, loss_usd: 5000).", "q"),
        vec!["hosp"]
    );
    assert_eq!(
        ask(&ev, "q(I) :- incidents(id: I, casualties: \"3\").", "q"),
        vec!["grid"]
    );
    // A time constant matches the same instant however it is written.
    assert_eq!(
        ask(&ev, "q(I) :- incidents(id: I, start: 2024-03-01).", "q"),
        vec!["hosp"]
    );
    assert_eq!(
        ask(
            &ev,
            "q(I) :- incidents(id: I, start: \"2024-04-01T14:00+02:00\").",
            "q"
        ),
        vec!["grid"]
    );
    // `""` is the absent value: hosp is still ongoing.
    assert_eq!(
        ask(&ev, "q(I) :- incidents(id: I, end: \"\").", "q"),
        vec!["hosp"]
    );
    // A constant that is in no row matches nothing (not an error).
    assert!(ask(&ev, "q(I) :- targets(I, \"ZZ\", _).", "q").is_empty());
}

#[test]
fn comparisons_on_numbers_and_times() {
    let ev = two_incidents().eval().0;
    let on_loss = |op: &str| {
        ask(
            &ev,
            &format!("q(I) :- incidents(id: I, loss_usd: L), L {op} 100."),
            "q",
        )
    };
    assert_eq!(on_loss("="), vec!["grid"]);
    assert_eq!(on_loss("!="), vec!["hosp"]);
    assert_eq!(on_loss("<"), Vec::<String>::new());
    assert_eq!(on_loss("<="), vec!["grid"]);
    assert_eq!(on_loss(">"), vec!["hosp"]);
    assert_eq!(on_loss(">="), vec!["grid", "hosp"]);
    let on_start = |op: &str| {
        ask(
            &ev,
            &format!("q(I) :- incidents(id: I, start: T), T {op} 2024-04-01T12:00Z."),
            "q",
        )
    };
    assert_eq!(on_start("<"), vec!["hosp"]);
    assert_eq!(on_start(">="), vec!["grid"]);
    assert_eq!(on_start("="), vec!["grid"]);
    // Times as quoted strings are compared as times too; two variables compare.
    assert_eq!(
        ask(
            &ev,
            "q(I) :- incidents(id: I, start: S, end: E), S < E, S > \"2024-03-15\".",
            "q"
        ),
        vec!["grid"]
    );
    // An absent value is not ordered: hosp has no end.
    assert_eq!(
        ask(
            &ev,
            "q(I) :- incidents(id: I, end: E), E > 2000-01-01.",
            "q"
        ),
        vec!["grid"]
    );
    // Text compares with = and != only.
    assert_eq!(
        ask(&ev, "q(I, S) :- targets(I, S, X), X != \"health\".", "q"),
        vec!["grid,AV"]
    );
}

#[test]
fn negation_of_an_atom_with_bound_and_anonymous_columns() {
    let ev = two_incidents()
        .rows("actors.csv", &["cc-army,Carpanian army,state_organ,CC"])
        .rows("perpetrators.csv", &["grid,cc-army"])
        .eval()
        .0;
    assert_eq!(
        ask(&ev, "q(I) :- incidents(id: I), !attributed(I, _).", "q"),
        vec!["hosp"]
    );
    assert_eq!(
        ask(
            &ev,
            "q(I) :- incidents(id: I), not attributed(I, \"CC\").",
            "q"
        ),
        vec!["hosp"]
    );
    assert_eq!(
        ask(
            &ev,
            "q(I) :- incidents(id: I), !attributed(I, \"BB\").",
            "q"
        ),
        vec!["grid", "hosp"]
    );
    assert_eq!(
        ask(&ev, "q(I, S) :- emanates(I, S, _), !attributed(I, S).", "q"),
        vec!["hosp,BB"]
    );
}

#[test]
fn aggregates_group_by_the_other_head_columns() {
    let ev = two_incidents().eval().0;
    assert_eq!(
        ask(&ev, "q(V, N = count(I), Loss = sum(L), First = min(T), Last = max(T)) :- targets(I, V, _), incidents(id: I, loss_usd: L, start: T).", "q"),
        vec!["AV,2,5100,2024-03-01T00:00Z,2024-04-01T12:00Z"]
    );
    assert_eq!(
        ask(&ev, "q(I, N = count(S)) :- emanates(I, S, _).", "q"),
        vec!["grid,1", "hosp,1"]
    );
    // Distinct bindings of the body's variables: two rows differing only under `_` count once.
    let ev = two_incidents()
        .rows("targets.csv", &["grid,AV,water"])
        .eval()
        .0;
    assert_eq!(
        ask(&ev, "q(V, N = count(I)) :- targets(I, V, _).", "q"),
        vec!["AV,2"]
    );
    // min and max of text order by spelling; an aggregate with no group column.
    assert_eq!(
        ask(&ev, "q(min(I), max(I), count(I)) :- incidents(id: I).", "q"),
        vec!["grid,hosp,2"]
    );
}

#[test]
fn several_rules_unite_and_named_queries_read_each_other() {
    let ev = two_incidents().eval().0;
    let text = "
        % Incidents and the states on either side of them.
        side(I, S) :- targets(I, S, _).
        side(I, S) :- origins(I, S, _).
        // How many states each incident involves.
        sides(I, N = count(S)) :- side(I, S).
        /* only the incidents with more than one */
        busy(I) :- sides(I, N), N > 1.
    ";
    assert_eq!(
        ask(&ev, text, "side"),
        vec!["grid,AV", "grid,CC", "hosp,AV", "hosp,BB"]
    );
    assert_eq!(ask(&ev, text, "sides"), vec!["grid,2", "hosp,2"]);
    assert_eq!(ask(&ev, text, "busy"), vec!["grid", "hosp"]);
    let prog = query::compile(text).unwrap();
    let order: Vec<&str> = prog
        .output_order
        .iter()
        .map(|&k| prog.queries[k].name.as_str())
        .collect();
    assert_eq!(order, vec!["side", "sides", "busy"]);
}

#[test]
fn a_query_may_read_a_query_defined_later_in_the_file() {
    let ev = Scenario::base().eval().0;
    let text = "a(S) :- b(S).\nb(S) :- negligent(S, _).";
    assert_eq!(ask(&ev, text, "a"), vec!["BB"]);
}

#[test]
fn answers_are_sorted_numbers_as_numbers_and_times_as_times() {
    let ev = Scenario::base()
        .replace(
            "incidents.csv",
            &[
                "a,A,2024-03-01,ransomware,functionality,high,,targeted,0,900,,t",
                "b,B,2024-02-01,ransomware,functionality,high,,targeted,0,10000,,t",
                "c,C,2024-01-01,ransomware,functionality,high,,targeted,0,20,,t",
            ],
        )
        .replace("targets.csv", &[])
        .replace("origins.csv", &[])
        .replace("events.csv", &[])
        .eval()
        .0;
    assert_eq!(
        ask(&ev, "q(L, I) :- incidents(id: I, loss_usd: L).", "q"),
        vec!["20,c", "900,a", "10000,b"]
    );
    assert_eq!(
        ask(&ev, "q(T, I) :- incidents(id: I, start: T).", "q"),
        vec![
            "2024-01-01T00:00Z,c",
            "2024-02-01T00:00Z,b",
            "2024-03-01T00:00Z,a"
        ]
    );
}

#[test]
fn comments_and_whitespace_anywhere() {
    let ev = Scenario::base().eval().0;
    let text = "% a comment\nq( S ) :- // another\n  negligent( S , /* inline */ _ ) .";
    assert_eq!(ask(&ev, text, "q"), vec!["BB"]);
}

// ------------------------------------------------------------------ every relation and column

/// Every column of every input file is reachable: `q(C1..Cn) :- file(C1..Cn).` gives the
/// file's rows (times rendered in ISO 8601 UTC, as `run` prints them).
#[test]
fn every_input_file_relation_gives_its_rows() {
    let ev = world();
    for r in schema::relations() {
        let schema::Source::File(f) = r.source else {
            continue;
        };
        let vars: Vec<String> = (0..r.columns.len()).map(|k| format!("C{k}")).collect();
        let text = format!("q({0}) :- {1}({0}).", vars.join(", "), r.name);
        let got: BTreeSet<String> = ask(&ev, &text, "q").into_iter().collect();
        // The file as written, columns in the data model's order, times normalised.
        let path = world_dir().join(f.file_name());
        let mut want = BTreeSet::new();
        if path.exists() {
            let mut rdr = csv::Reader::from_path(&path).unwrap();
            let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
            for rec in rdr.records() {
                let rec = rec.unwrap();
                let row: Vec<String> = r
                    .columns
                    .iter()
                    .zip(&r.types)
                    .map(|(c, t)| {
                        let mut v = header
                            .iter()
                            .position(|h| h == c)
                            .map_or("", |k| &rec[k])
                            .to_string();
                        // The amended columns' defaults, as loaded (data model).
                        if v.is_empty() {
                            match *c {
                                "status" => v = "in_force".into(),
                                "outcome" => v = "occurred".into(),
                                _ => {}
                            }
                        }
                        match t {
                            schema::Ty::Time if !v.is_empty() => {
                                Time::parse(&v).unwrap().to_string()
                            }
                            _ => v,
                        }
                    })
                    .collect();
                want.insert(row.join(","));
            }
        }
        assert_eq!(got, want, "relation {}", r.name);
    }
}

/// Every relation of the rule program answers exactly the rows `run` prints for it.
#[test]
fn every_model_relation_answers_what_run_prints() {
    for ev in [world(), shipped()] {
        for r in schema::relations() {
            let schema::Source::Rel(rel) = r.source else {
                continue;
            };
            let vars: Vec<String> = (0..r.columns.len()).map(|k| format!("C{k}")).collect();
            let text = format!("q({0}) :- {1}({0}).", vars.join(", "), r.name);
            let got: BTreeSet<String> = ask(&ev, &text, "q").into_iter().collect();
            let want: BTreeSet<String> = output::rows(&ev, rel)
                .into_iter()
                .map(|r| r.join(","))
                .collect();
            assert_eq!(got, want, "relation {}", r.name);
        }
    }
}

/// The column types the checker assumes hold for every value of every relation.
#[test]
fn column_types_match_the_values_of_the_model() {
    let ev = shipped();
    for &rel in Rel::ALL {
        let meta = rel.name();
        if meta.name == "profile" {
            continue;
        }
        for f in ev.model.facts(rel) {
            for (c, v) in meta.columns.iter().zip(f.values()) {
                let ok = match schema::column_type(c) {
                    schema::Ty::Time => matches!(v, Value::Time(_) | Value::Absent),
                    schema::Ty::Int => matches!(v, Value::Int(_)),
                    schema::Ty::Text => !matches!(v, Value::Time(_) | Value::Int(_)),
                };
                assert!(ok, "{}.{c} holds {v:?}", meta.name);
            }
        }
    }
}

/// A three-atom join with a negation, against the same join computed here by nested loops
/// over the rows `run` prints and the input files.
#[test]
fn a_join_with_negation_agrees_with_nested_loops() {
    for ev in [world(), shipped()] {
        let got: BTreeSet<String> = ask(
            &ev,
            "q(S, V, L) :- negligent(S, I), targets(I, V, _), incidents(id: I, loss_usd: L), !attributed(I, _).",
            "q",
        )
        .into_iter()
        .collect();
        let rows = |name: &str| output::rows(&ev, output::relation(name).unwrap());
        let sym = &ev.dataset.symbols;
        let mut want = BTreeSet::new();
        for n in rows("negligent") {
            for t in &ev.dataset.targets {
                if sym.incident(t.data.incident) != n[1] {
                    continue;
                }
                if rows("attributed").iter().any(|a| a[0] == n[1]) {
                    continue;
                }
                for i in &ev.dataset.incidents {
                    if sym.incident(i.data.id) == n[1] {
                        want.insert(format!(
                            "{},{},{}",
                            n[0],
                            sym.state(t.data.state),
                            i.data.loss_usd
                        ));
                    }
                }
            }
        }
        assert!(!want.is_empty());
        assert_eq!(got, want);
    }
}

// ------------------------------------------------------------------ errors, positioned

#[test]
fn unknown_relation_suggests_the_nearest_name() {
    assert_error(
        "q(S) :- negligant(S, _).",
        "1:9",
        "unknown relation `negligant`; did you mean `negligent`?",
    );
    assert_error(
        "q(I) :- incident(ident: I).",
        "1:18",
        "`incident` has no column `ident`; did you mean `id`?",
    );
    assert_error(
        "q(I) :- incidnts(I, _, _, _, _, _, _, _, _, _, _, _).",
        "1:9",
        "did you mean `incidents`?",
    );
    // Query names are candidates too.
    assert_error(
        "helper(S) :- negligent(S, _).\nq(S) :- helpr(S).",
        "2:9",
        "did you mean `helper`?",
    );
}

#[test]
fn wrong_arity_names_the_columns() {
    assert_error(
        "q(S) :- targets(I, S).",
        "1:9",
        "`targets` has 3 columns (incident, state, sector), the atom gives 2",
    );
    assert_error(
        "h(A, B) :- targets(A, B, _).\nq(X) :- h(X).",
        "2:9",
        "`h` has 2 columns (A, B), the atom gives 1",
    );
    assert_error(
        "q(A) :- negligent(A, _).\nq(A, B) :- negligent(A, B).",
        "2:1",
        "`q` has 1 column (first defined at 1:1), this rule gives 2",
    );
}

#[test]
fn unknown_column_name_suggests_the_nearest() {
    assert_error(
        "q(L) :- incidents(loss: L).",
        "1:19",
        "`incidents` has no column `loss`; did you mean `loss_usd`?",
    );
    assert_error(
        "q(L) :- incidents(loss_usd: L, loss_usd: L).",
        "1:32",
        "column `loss_usd` is given twice",
    );
    assert_error(
        "q(L) :- incidents(loss_usd: L, _).",
        "1:32",
        "name every argument",
    );
}

#[test]
fn syntax_errors_are_positioned() {
    assert_error(
        "q(S) :- negligent(S I).",
        "1:21",
        "expected `,` or `)` in `negligent(…)`, found variable `I`",
    );
    assert_error(
        "q(S) :- targets(I, S, health).",
        "1:23",
        "quote a constant: \"health\"",
    );
    assert_error(
        "q(S) :- targets(I, S, \"health).",
        "1:23",
        "string is not closed",
    );
    assert_error(
        "q(S) :- negligent(S, _) & x.",
        "1:25",
        "unexpected character `&`",
    );
    assert_error(
        "q(S) :- negligent(S, _), S.",
        "1:27",
        "expected a comparison",
    );
    assert_error(
        "Q(S) :- negligent(S, _).",
        "1:1",
        "a query's name starts with a lowercase letter",
    );
    assert_error(
        "q(S) :- incidents(id: S, start: 2024-13-01).",
        "1:33",
        "invalid",
    );
    assert_error("q(S) :- negligent(S, _). /* open", "1:26", "not closed");
    assert_error(
        "q(count(_)) :- negligent(S, _).",
        "1:9",
        "`count` takes one named variable",
    );
}

#[test]
fn every_error_of_a_text_is_reported_at_once() {
    let errs = errors("q(S) :- negligant(S, _).\nr(X) :- targets(X).\ns(A) :- negligent(A, _), B > 1.\nt(S) :- negligent(S _).");
    assert_eq!(
        errs.len(),
        1,
        "syntax errors stop before the checks: {errs:?}"
    );
    let errs =
        errors("q(S) :- negligant(S, _).\nr(X) :- targets(X).\ns(A) :- negligent(A, _), B > 1.");
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert!(errs[0].starts_with("1:9: "), "{errs:?}");
    assert!(errs[1].starts_with("2:9: "), "{errs:?}");
    assert!(errs[2].starts_with("3:26: "), "{errs:?}");
    // Several syntax errors in several clauses.
    let errs =
        errors("q(S) :- negligent(S I).\nr(S) :- negligent(S, _) &.\ns(S) :- negligent(S, _).");
    assert_eq!(errs.len(), 2, "{errs:?}");
}

#[test]
fn unsafe_queries_are_rejected_never_evaluated() {
    assert_error(
        "q(I) :- incidents(id: I), !attributed(I, S).",
        "1:42",
        "unsafe query: variable `S` occurs only under negation",
    );
    assert_error(
        "q(I) :- negligent(_, I), X > 3.",
        "1:26",
        "unsafe query: variable `X` occurs only in a comparison",
    );
    assert_error(
        "q(S, V) :- negligent(S, _).",
        "1:6",
        "unsafe query: variable `V` in the head does not occur in the body",
    );
    assert_error(
        "q(V) :- negligent(S, _), !targets(_, V, _).",
        "1:3",
        "unsafe query: variable `V`",
    );
    assert_error(
        "q(V) :- negligent(S, _), V = S.",
        "1:26",
        "unsafe query: variable `V` occurs only in a comparison",
    );
    assert_error(
        "q(N = count(X)) :- negligent(S, _).",
        "1:13",
        "does not occur in the body",
    );
    assert_error(
        "q(_) :- negligent(S, _).",
        "1:3",
        "`_` cannot be a column of the head",
    );
    assert_error(
        "q(S) :- negligent(S, _), _ = S.",
        "1:26",
        "`_` cannot be compared",
    );
}

#[test]
fn type_errors_are_positioned() {
    assert_error(
        "q(I) :- incidents(id: I, start: T), targets(I, T, _).",
        "1:48",
        "variable `T` is text here (`targets.state`) but a time at 1:33 (`incidents.start`)",
    );
    assert_error(
        "q(S) :- negligent(S, _), S < \"BB\".",
        "1:26",
        "compares numbers or times",
    );
    assert_error(
        "q(I) :- incidents(id: I, start: \"yesterday\").",
        "1:33",
        "invalid time `yesterday`",
    );
    assert_error(
        "q(I) :- incidents(id: I, loss_usd: \"much\").",
        "1:36",
        "is a number; the constant \"much\" is not",
    );
    assert_error("q(I) :- incidents(id: I, start: 5).", "1:33", "is a time");
    assert_error(
        "q(I) :- incidents(id: I, start: T), T > 100.",
        "1:41",
        "is a time",
    );
    assert_error(
        "q(sum(S)) :- negligent(S, _).",
        "1:7",
        "`sum` adds numbers; `S` is text",
    );
    assert_error(
        "q(X) :- incidents(id: X).\nq(X) :- incidents(loss_usd: X).",
        "2:1",
        "column `X` of `q` is text in the first rule but a number here",
    );
}

#[test]
fn query_structure_errors() {
    assert_error(
        "a(X) :- b(X).\nb(X) :- a(X).",
        "2:9",
        "recursive queries are not supported",
    );
    assert_error("a(X) :- a(X).", "1:9", "`a` reads itself");
    assert_error(
        "negligent(S) :- breach(S, _, _).",
        "1:1",
        "`negligent` is a relation of the model",
    );
    assert_error(
        "q(S, count(I)) :- negligent(S, I).\nq(S, count(I)) :- violation(S, I, _).",
        "2:1",
        "aggregates in its head, so it must be defined by one rule",
    );
    assert_error("", "1:1", "holds no clause");
    assert_error("% only a comment\n", "1:1", "holds no clause");
}

#[test]
fn parse_is_total_on_arbitrary_text() {
    for text in [
        "",
        "(",
        ")",
        ":-",
        "?-",
        ".",
        "q(",
        "q() :-",
        "\"",
        "/*",
        "q(X) :- p(X",
        "1234-",
        "--5",
        "q(X):-X<",
        "ß(é) :- ü(_).",
    ] {
        let _ = query::parse(text);
        let _ = query::compile(text);
    }
}

// ------------------------------------------------------------------ explain

#[test]
fn explain_gives_the_proof_of_each_derived_atom_a_row_used() {
    let ev = Scenario::base().eval().0;
    let text = "q(S, V) :- negligent(S, I), targets(I, V, _), !attributed(I, _), S != V.";
    let prog = query::compile(text).unwrap();
    let mut engine = query::answer(&ev, &prog, true);
    let out = query::explain(&mut engine, &prog, &prog.output_order);
    assert!(
        out.starts_with(
            "q (1 row)\n  q(BB, AV)\n    by the rule at 1:1 with S = BB, I = hosp, V = AV\n"
        ),
        "{out}"
    );
    // The derived atom's proof, down to its input rows, with rule ids.
    assert!(
        out.contains("negligent(BB, hosp)  [BREACH-NEGLIGENT, lex_lata"),
        "{out}"
    );
    assert!(out.contains("[DUTY-ACTION, lex_lata"), "{out}");
    assert!(
        out.contains("notified(2024-03-02T08:00Z, AV, BB, hosp)  [input events.csv:2]"),
        "{out}"
    );
    // Input rows of input files, the negation and the comparison.
    assert!(
        out.contains("targets(hosp, AV, health)  [input targets.csv:2]"),
        "{out}"
    );
    assert!(
        out.contains("no attributed(hosp, _)  [checked absent]"),
        "{out}"
    );
    assert!(out.contains("holds: S != V  [S = BB, V = AV]"), "{out}");
}

#[test]
fn explain_follows_rows_of_other_queries_and_aggregates() {
    let ev = Scenario::base().eval().0;
    let text = "h(S, I) :- negligent(S, I).\nq(S, N = count(I)) :- h(S, I).";
    let prog = query::compile(text).unwrap();
    let mut engine = query::answer(&ev, &prog, true);
    let q = prog.query("q").unwrap();
    let out = query::explain(&mut engine, &prog, &[q]);
    assert!(
        out.contains(
            "q(BB, 1)\n    aggregated over 1 binding\n    by the rule at 2:1 with S = BB, I = hosp"
        ),
        "{out}"
    );
    assert!(
        out.contains("      h(BB, hosp)\n        by the rule at 1:1"),
        "{out}"
    );
    assert!(
        out.contains("negligent(BB, hosp)  [BREACH-NEGLIGENT"),
        "{out}"
    );
}

// ------------------------------------------------------------------ the saved queries

/// Runs a saved query of `queries/` on the fixture `world` and compares its main query
/// (named after the file) with `expected/FILE.csv`.
fn check_saved(stem: &str) {
    let ev = world();
    let path = root().join("queries").join(format!("{stem}.dl"));
    let text = std::fs::read_to_string(&path).unwrap();
    let first = text.lines().next().unwrap_or("");
    assert!(
        first.starts_with("% Research question:"),
        "{stem}: must open with its research question"
    );
    assert!(
        text.contains("Finding"),
        "{stem}: must name the finding it relates to"
    );
    let prog = query::compile(&text)
        .unwrap_or_else(|e| panic!("{}", query::render_errors(&e, Some(stem))));
    let engine = query::answer(&ev, &prog, false);
    let q = prog
        .query(&stem.replace('-', "_"))
        .unwrap_or_else(|| panic!("{stem}: no query named after the file"));
    let mut out = Vec::new();
    query::write(&engine, &[q], Format::Csv, &mut out).unwrap();
    let want =
        std::fs::read_to_string(world_dir().join("expected").join(format!("{stem}.csv"))).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), want, "{stem}");
}

macro_rules! saved_queries {
    ($($test:ident => $stem:literal,)*) => {
        $(#[test] fn $test() { check_saved($stem); })*
        const SAVED: &[&str] = &[$($stem),*];
    };
}

saved_queries! {
    saved_negligent_without_attribution => "negligent-without-attribution",
    saved_concerns_on_emerging_significance => "concerns-on-emerging-significance",
    saved_mla_breaches_by_origin => "mla-breaches-by-origin",
    saved_take_action_discharged => "take-action-discharged",
    saved_countermeasures_notice_proportionality => "countermeasures-notice-proportionality",
    saved_losses_of_negligence => "losses-of-negligence",
    saved_negligent_on_constructive_knowledge => "negligent-on-constructive-knowledge",
    saved_institutional_gaps => "institutional-gaps",
    saved_significance_grounds => "significance-grounds",
    saved_conduct_and_negligence => "conduct-and-negligence",
    saved_low_capacity_assistance => "low-capacity-assistance",
    saved_compensation_outstanding => "compensation-outstanding",
    saved_first_knowledge_of_origin_states => "first-knowledge-of-origin-states",
}

#[test]
fn every_saved_query_has_a_test() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("queries"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".dl")
                .map(String::from)
        })
        .collect();
    files.sort();
    let mut listed: Vec<String> = SAVED.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed);
    assert!(files.len() >= 10);
}

// ------------------------------------------------------------------ the command line

#[test]
fn cli_answers_a_query_file_in_every_format() {
    let world = world_dir().display().to_string();
    let file = root()
        .join("queries/negligent-without-attribution.dl")
        .display()
        .to_string();
    let out = diligence(&[
        "query",
        &file,
        "--facts",
        &world,
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
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"negligent_without_attribution": [
            {"State": "BB", "Incident": "dns"},
            {"State": "BB", "Incident": "hosp"},
            {"State": "DD", "Incident": "leak"},
        ]})
    );
    let out = diligence(&["query", &file, "--facts", &world, "--as-of", "2024-06-01"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("negligent_without_attribution (3 rows)\n  State  Incident\n"),
        "{text}"
    );
    // Query text, CSV; several queries print as blocks; --name selects.
    let q = "a(S) :- negligent(S, _). b(I) :- attributed(I, _).";
    let out = diligence(&[
        "query",
        q,
        "--facts",
        &world,
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
    ]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "# a\nS\nBB\nDD\n\n# b\nI\nwiper\n"
    );
    let out = diligence(&[
        "query",
        q,
        "--facts",
        &world,
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
        "--name",
        "b",
    ]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "I\nwiper\n");
    let out = diligence(&["query", q, "--facts", &world, "--name", "c"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cli_reports_every_query_error_with_its_position_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.dl");
    std::fs::write(
        &file,
        "% bad\nq(S) :- negligant(S, _).\nr(V) :- negligent(S, _), !targets(_, V, _).\n",
    )
    .unwrap();
    let f = file.display().to_string();
    let out = diligence(&["query", &f, "--facts", &world_dir().display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!(
            "{f}:2:9: unknown relation `negligant`; did you mean `negligent`?"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{f}:3:3: unsafe query")), "{err}");
    assert!(
        err.contains("diligence: error: 3 problems in the query; nothing was evaluated"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // Query text: LINE:COLUMN.
    let out = diligence(&[
        "query",
        "q(S) :- targets(S).",
        "--facts",
        &world_dir().display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("1:9: `targets` has 3 columns"), "{err}");
}

#[test]
fn cli_explain_prints_proofs() {
    let world = world_dir().display().to_string();
    let out = diligence(&[
        "query",
        "q(S) :- negligent(S, \"dns\").",
        "--facts",
        &world,
        "--as-of",
        "2024-06-01",
        "--explain",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("negligent(BB, dns)  [BREACH-NEGLIGENT"),
        "{text}"
    );
    assert!(text.contains("[KNOW-CONSTRUCTIVE, lex_lata"), "{text}");
    assert!(
        text.contains("reported(2024-05-01T00:00Z, , dns)  [input events.csv:12]"),
        "{text}"
    );
}

#[test]
fn queries_dir_exists_beside_the_sources() {
    assert!(Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("queries")
        .is_dir());
}
