//! Exact output of the legal argument (issue 12) for five rows of the shipped dataset and
//! three why-nots, each read as a lawyer would before its text was fixed here. A change of
//! wording, numbering, citation or of the conclusion itself fails the test with a diff; the
//! expected texts are in `tests/expected/arguments/`.
//!
//! What each one was read for:
//! - `negligent(RU, georgia-2008)`: knowledge by a concern addressed to the state
//!   (KNOW-NOTICE, amended), the 72-hour window with its dates (BREACH-ACTION), the absence of
//!   a measure as a finding of fact, "not attributable" once with both rules (ATTR-ORGAN,
//!   ATTR-CONTROL).
//! - `consequence(RU, UA, industroyer2-2022, satisfaction)`: a foiled operation is still a
//!   violation (NEG-1) but causes no harm (HARM-FOILED), so satisfaction, not compensation, is
//!   owed (RESP-SATISFACTION, RESP-COMPENSATION).
//! - `concern(RU, DUTY-MLA, estonia-2007)`: a late answer to a request for legal assistance is
//!   a concern, not a breach (BREACH-MLA, amended); the concern is worded as falling short of an
//!   emerging standard, not as an emerging duty (DUTY-MLA itself is lex lata).
//! - `admissible(us-russia-debt-directive-2021)`: every countermeasure condition met, each in
//!   its own words (CM-STATE-TARGET … CM-COLLECTIVE), satisfaction outstanding (CM-PURPOSE,
//!   amended), and no finding that only restates another ("fails no condition" over "does not
//!   fail any condition").
//! - `violation(RU, industroyer2-2022, SIG-CI)`: conduct attributed to an organ (ATTR-ORGAN)
//!   over critical infrastructure above the profile's least severity (SIG-CI, amended).
//! - why not `negligent(RU, dnc-2016)`: an operation of the state's own organs owes no duty to
//!   prevent it (DUTY-ACTION, amended), and the clause for profiles without preventive duties
//!   is one line.
//! - why not `consequence(RU, AU, jbs-2021, compensation)`: no causal nexus (RESP-COMPENSATION,
//!   amended), the ground that only restated its finding left out.
//! - why not `breach(RU, DUTY-MLA, estonia-2007)`: the failure is only emerging, and the
//!   argument says why (the answer came after the MLA window), instead of stopping at the
//!   status.

mod common;

use common::{diligence, shipped_dir};
use pretty_assertions::assert_eq;

/// (expected file, command, atom).
const CASES: &[(&str, &str, &str)] = &[
    (
        "negligent-ru-georgia-2008",
        "explain",
        "negligent(RU, georgia-2008)",
    ),
    (
        "satisfaction-ru-ua-industroyer2-2022",
        "explain",
        "consequence(RU, UA, industroyer2-2022, satisfaction)",
    ),
    (
        "concern-ru-mla-estonia-2007",
        "explain",
        "concern(RU, DUTY-MLA, estonia-2007)",
    ),
    (
        "admissible-us-russia-debt-directive-2021",
        "explain",
        "admissible(us-russia-debt-directive-2021)",
    ),
    (
        "violation-ru-industroyer2-2022",
        "explain",
        "violation(RU, industroyer2-2022, SIG-CI)",
    ),
    (
        "why-not-negligent-ru-dnc-2016",
        "why-not",
        "negligent(RU, dnc-2016)",
    ),
    (
        "why-not-compensation-ru-au-jbs-2021",
        "why-not",
        "consequence(RU, AU, jbs-2021, compensation)",
    ),
    (
        "why-not-breach-ru-mla-estonia-2007",
        "why-not",
        "breach(RU, DUTY-MLA, estonia-2007)",
    ),
];

fn check(name: &str, command: &str, atom: &str) {
    let facts = shipped_dir();
    let out = diligence(&[command, atom, "--facts", &facts]);
    assert!(
        out.status.success(),
        "{command} {atom}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected/arguments")
        .join(format!("{name}.txt"));
    let expected = std::fs::read_to_string(&path).expect("the expected argument");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        expected,
        "{command} {atom}"
    );
}

#[test]
fn five_shipped_arguments_read_exactly_as_reviewed() {
    for (name, command, atom) in CASES.iter().filter(|c| c.1 == "explain") {
        check(name, command, atom);
    }
}

#[test]
fn three_why_not_arguments_read_exactly_as_reviewed() {
    for (name, command, atom) in CASES.iter().filter(|c| c.1 == "why-not") {
        check(name, command, atom);
    }
}
