//! The example programs are real programs: each is compiled into this test and run on the
//! shipped dataset, and its output is checked.

#[allow(dead_code)]
#[path = "../examples/evaluate.rs"]
mod evaluate_example;
#[allow(dead_code)]
#[path = "../examples/explain.rs"]
mod explain_example;

fn shipped() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("facts")
        .display()
        .to_string()
}

#[test]
fn evaluate_example_prints_a_relation_under_a_profile() {
    let mut out = Vec::new();
    let args = [shipped(), "tallinn-2".into(), "violation".into()];
    evaluate_example::run(&args, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("violation ("), "{text}");
    assert!(
        text.contains("SIG-SOVEREIGNTY"),
        "tallinn-2 adopts the territorial sovereignty rule:\n{text}"
    );
}

#[test]
fn explain_example_prints_a_proof_with_rule_ids_and_input_rows() {
    let mut out = Vec::new();
    explain_example::run(&[shipped(), "negligent(RU, kaseya-2021)".into()], &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("negligent(RU, kaseya-2021)  [BREACH-NEGLIGENT"),
        "{text}"
    );
    assert!(
        text.contains("DUTY-ACTION") && text.contains("[input "),
        "{text}"
    );
}

#[test]
fn examples_report_errors_instead_of_panicking() {
    let mut out = Vec::new();
    assert!(evaluate_example::run(&["/nonexistent".into()], &mut out).is_err());
    assert!(explain_example::run(&[shipped(), "negligent(RU".into()], &mut out).is_err());
}
