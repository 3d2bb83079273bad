//! Rule tests for the DUTY, INST, CAP and BREACH families of the catalogue
//! (`docs/catalogue.md`), the STATUS rule (best of several proofs, one obligation row
//! per state, duty and incident) and the `no-due-diligence` profile.
//!
//! Every rule id has at least one test where it fires and one where it must not, named
//! after the rule id; each asserts exact rows of `obligation`, `breach`, `concern`,
//! `recommendation`, `negligent` or `knows`, and sits on the boundary the rule draws (the
//! window's last minute, knowledge at the operation's end, an institution in force only
//! after `as_of`), so that deleting a clause, inverting a guard or moving a window by one
//! minute fails a test.
//!
//! The scenarios start from `Scenario::base()`: ransomware `hosp` on Avalon's (AV, high)
//! hospitals from Borduria (BB, medium), ongoing since 2024-03-01, Avalon notified
//! Borduria on 2024-03-02T08:00Z (so the response window ends 2024-03-05T08:00Z); Carpania
//! (CC) has low capacity; evaluated as of 2024-06-01. Incident-level tests give every
//! state every institution (`equipped`) so that no INST-* row clutters them.
//!
//! Column orders (required then optional): incidents
//! `id,title,start,vector,effect,severity,end,scale,casualties,loss_usd,campaign,source`;
//! events `time,kind,incident,by,to,detail`; institutions `state,institution,since`;
//! vulnerabilities `id,product,known_by,since,disclosed`.

mod common;

use common::{assert_has, assert_lacks, Eval, Scenario};
use diligence::rules::program::CLAUSES;
use diligence::rules::RuleId;
use pretty_assertions::assert_eq;

// ------------------------------------------------------------------------------ helpers

const STATES: [&str; 3] = ["AV", "BB", "CC"];
/// Every institution of the data model that an INST-* duty or recommendation asks for.
const INSTITUTIONS: [&str; 7] = [
    "cert",
    "point_of_contact",
    "cybercrime_law",
    "procedural_law",
    "hr_safeguards",
    "monitoring",
    "ci_protection",
];

/// Gives every state every institution (in force always).
fn equipped(s: Scenario) -> Scenario {
    let rows: Vec<String> = STATES
        .iter()
        .flat_map(|s| INSTITUTIONS.iter().map(move |i| format!("{s},{i},")))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    s.rows("institutions.csv", &rows)
}

/// The base scenario with every institution in place.
fn base() -> Scenario {
    equipped(Scenario::base())
}

/// The base scenario's `hosp` incident with another start and end.
fn hosp(start: &str, end: &str) -> String {
    format!(
        "hosp,Hospital ransomware,{start},ransomware,functionality,high,{end},targeted,0,0,,test"
    )
}

/// The base scenario, but Borduria learns of `hosp` by its own detection at
/// 2024-03-02T08:00Z and Avalon tells it nothing (so DUTY-NOTIFY is owed).
fn detected() -> Scenario {
    base().replace("events.csv", &["2024-03-02T08:00Z,detection,hosp,BB,,"])
}

/// The rows of `rel` whose duty column (the second) starts with `prefix`.
fn of(ev: &Eval, rel: &str, prefix: &str) -> Vec<String> {
    ev.rows(rel)
        .into_iter()
        .filter(|r| r.split(',').nth(1).is_some_and(|d| d.starts_with(prefix)))
        .collect()
}

fn v(rows: &[&str]) -> Vec<String> {
    rows.iter().map(|r| r.to_string()).collect()
}

const NONE: &[&str] = &[];

/// A user profile file in a temporary folder (kept alive by the returned guard).
fn user_profile(toml: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.toml");
    std::fs::write(&path, toml).unwrap();
    let p = path.to_string_lossy().into_owned();
    (dir, p)
}

const NOTIFY_BINDING: &str = "[positions]\nnotify = \"lex_lata\"\n";

// ------------------------------------------------------------------------------ DUTY-ACTION

/// DUTY-ACTION fires for an operation ongoing when its origin state first knows of it, from
/// that first knowledge (KNOW-DETECT before the notification), not from a later one.
#[test]
fn duty_action_fires_for_ongoing_operation_from_first_knowledge() {
    let ev = base()
        .rows(
            "events.csv",
            &[
                "2024-03-01T12:00Z,detection,hosp,BB,,",
                "2024-03-04,detection,hosp,BB,,",
            ],
        )
        .eval();
    assert_eq!(
        ev.rows("knows"),
        v(&[
            "BB,hosp,2024-03-01T12:00Z,detection",
            "BB,hosp,2024-03-02T08:00Z,notice"
        ])
    );
    // Avalon's notice came within the window from 2024-03-01T12:00Z: no DUTY-NOTIFY.
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["BB,DUTY-ACTION,hosp,2024-03-01T12:00Z,lex_lata"])
    );
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-ACTION,hosp"]));
    assert_eq!(ev.rows("negligent"), v(&["BB,hosp"]));
    assert_eq!(ev.rows("concern"), v(NONE));
}

/// DUTY-ACTION must not fire when the origin state first knows of the operation only at or
/// after its end ("ongoing at t" is start ≤ t < end); one minute before the end it fires.
#[test]
fn duty_action_not_triggered_by_knowledge_only_after_the_end() {
    for end in ["2024-03-02", "2024-03-02T08:00Z"] {
        let ev = base()
            .replace("incidents.csv", &[&hosp("2024-03-01", end)])
            .eval();
        assert_eq!(
            ev.rows("knows"),
            v(&["BB,hosp,2024-03-02T08:00Z,notice"]),
            "end {end}"
        );
        assert_eq!(of(&ev, "obligation", "DUTY-"), v(NONE), "end {end}");
        assert_eq!(ev.rows("breach"), v(NONE), "end {end}");
        assert_eq!(ev.rows("negligent"), v(NONE), "end {end}");
    }
    let ev = base()
        .replace("incidents.csv", &[&hosp("2024-03-01", "2024-03-02T08:01Z")])
        .eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata"])
    );
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-ACTION,hosp"]));
}

/// DUTY-ACTION must not fire for a state the operation does not emanate from (Carpania is
/// told too), nor for an operation without significance (ransomware against a private
/// company without losses).
#[test]
fn duty_action_not_owed_without_emanation_or_significance() {
    let ev = base()
        .rows(
            "events.csv",
            &["2024-03-02T09:00Z,notification,hosp,AV,CC,"],
        )
        .eval();
    assert_eq!(
        ev.rows("knows"),
        v(&[
            "BB,hosp,2024-03-02T08:00Z,notice",
            "CC,hosp,2024-03-02T09:00Z,notice"
        ])
    );
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata"])
    );
    assert_eq!(ev.rows("negligent"), v(&["BB,hosp"]));

    let ev = base().replace("targets.csv", &["hosp,AV,private"]).eval();
    assert_eq!(ev.rows("significant"), v(NONE));
    assert_eq!(ev.rows("knows"), v(&["BB,hosp,2024-03-02T08:00Z,notice"]));
    assert_eq!(of(&ev, "obligation", "DUTY-"), v(NONE));
    assert_eq!(ev.rows("breach"), v(NONE));
}

/// DUTY-ACTION with SIG-RISK: an operation known while imminent triggers the duty from the
/// first knowledge (kreuzer-2024), also when it starts only after `as_of`.
#[test]
fn duty_action_imminent_operation_with_sig_risk_from_first_knowledge() {
    for start in ["2024-03-10", "2024-07-01"] {
        let ev = base().replace("incidents.csv", &[&hosp(start, "")]).eval();
        assert_eq!(
            ev.rows("significant"),
            v(&["hosp,SIG-CI,lex_lata", "hosp,SIG-RISK,lex_lata"]),
            "start {start}"
        );
        assert_eq!(
            of(&ev, "obligation", "DUTY-"),
            v(&["BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata"]),
            "start {start}"
        );
        assert_eq!(
            ev.rows("breach"),
            v(&["BB,DUTY-ACTION,hosp"]),
            "start {start}"
        );
    }
}

/// DUTY-ACTION under `tallinn-2` (no preventive duties): an operation known in advance
/// triggers the duty when it starts, from its start — a measure two days after the start
/// is in time there, but late under kreuzer-2024, whose window runs from the knowledge.
#[test]
fn duty_action_tallinn_2_known_in_advance_runs_from_start() {
    let sc = base()
        .replace("incidents.csv", &[&hosp("2024-03-10", "")])
        .rows("events.csv", &["2024-03-12,measure,hosp,BB,,investigate"]);
    let ev = sc.clone().profile("tallinn-2").eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["BB,DUTY-ACTION,hosp,2024-03-10T00:00Z,lex_lata"])
    );
    assert!(!ev
        .rows("significant")
        .iter()
        .any(|r| r.contains("SIG-RISK")));
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("negligent"), v(NONE));

    let ev = sc.eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata"])
    );
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-ACTION,hosp"]));
}

/// DUTY-ACTION must not fire under `tallinn-2` for an operation known in advance that has
/// not started by `as_of`.
#[test]
fn duty_action_tallinn_2_not_before_the_start() {
    let ev = base()
        .replace("incidents.csv", &[&hosp("2024-07-01", "")])
        .profile("tallinn-2")
        .eval();
    assert_eq!(ev.rows("knows"), v(&["BB,hosp,2024-03-02T08:00Z,notice"]));
    assert_eq!(of(&ev, "obligation", "DUTY-"), v(NONE));
    assert_eq!(ev.rows("breach"), v(NONE));
    // Starting exactly at as_of it is triggered (start ≤ as_of).
    let ev = base()
        .replace("incidents.csv", &[&hosp("2024-06-01", "")])
        .profile("tallinn-2")
        .eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["BB,DUTY-ACTION,hosp,2024-06-01T00:00Z,lex_lata"])
    );
    // ... and its window has not passed: no breach yet.
    assert_eq!(ev.rows("breach"), v(NONE));
}

/// Actors of the own-operation tests: Borduria's and Carpania's intelligence services
/// (state organs), a proxy directed by Borduria's and a gang Borduria merely supports.
fn with_actors(sc: Scenario, perpetrator: &str) -> Scenario {
    let row = format!("hosp,{perpetrator}");
    sc.rows(
        "actors.csv",
        &[
            "bb-intel,Borduria intelligence,state_organ,BB",
            "cc-intel,Carpania intelligence,state_organ,CC",
            "proxy,Borduria proxy,proxy,BB",
            "gang,Ransom gang,criminal_group,BB",
        ],
    )
    .rows(
        "control.csv",
        &["bb-intel,proxy,direction", "bb-intel,gang,support"],
    )
    .rows("perpetrators.csv", &[row.as_str()])
}

/// Own operations (amended): no DUTY-ACTION or DUTY-NOTIFY, and so no negligence, for a
/// state about an operation attributed to it, by its organ (ATTR-ORGAN) or a proxy it
/// directs (ATTR-CONTROL): it answers for its conduct (NEG-1: violation, wrongful act),
/// not for failing to prevent it. DUTY-MLA is unaffected (Avalon's unanswered request),
/// under `kreuzer-2024` and `tallinn-2`.
#[test]
fn duty_action_and_notify_not_for_an_operation_attributed_to_the_state() {
    for profile in ["kreuzer-2024", "tallinn-2"] {
        for perpetrator in ["bb-intel", "proxy"] {
            let sc = with_actors(detected(), perpetrator).profile(profile);
            let ev = sc.eval();
            let at = format!("{profile}, {perpetrator}");
            assert_eq!(ev.rows("attributed"), v(&["hosp,BB"]), "{at}");
            assert_eq!(of(&ev, "obligation", "DUTY-"), v(NONE), "{at}");
            assert_eq!(ev.rows("breach"), v(NONE), "{at}");
            assert_eq!(ev.rows("concern"), v(NONE), "{at}");
            assert_eq!(ev.rows("negligent"), v(NONE), "{at}");
            assert_has(&ev, "violation", "BB,hosp,SIG-CI");
            assert_eq!(ev.rows("wrongful"), v(&["BB,AV,hosp,conduct"]), "{at}");
            // DUTY-MLA is unaffected: an unanswered request is a breach (and negligence).
            let ev = sc
                .rows("events.csv", &["2024-03-10,mla_request,hosp,AV,BB,"])
                .eval();
            assert_eq!(
                of(&ev, "obligation", "DUTY-"),
                v(&["BB,DUTY-MLA,hosp,2024-03-10T00:00Z,lex_lata"]),
                "{at}"
            );
            assert_eq!(ev.rows("breach"), v(&["BB,DUTY-MLA,hosp"]), "{at}");
        }
    }
}

/// Own operations must not excuse a state the operation is not attributed to: an operation
/// by Carpania's organ run from Borduria's territory, or by a gang Borduria merely
/// supports (no attribution), leaves Borduria's DUTY-ACTION and DUTY-NOTIFY, its breach
/// and its negligence.
#[test]
fn duty_action_stands_for_an_operation_attributed_to_another_state_or_to_no_one() {
    for profile in ["kreuzer-2024", "tallinn-2"] {
        for (perpetrator, attributed) in [("cc-intel", &["hosp,CC"][..]), ("gang", NONE)] {
            let ev = with_actors(detected(), perpetrator).profile(profile).eval();
            let at = format!("{profile}, {perpetrator}");
            assert_eq!(ev.rows("attributed"), v(attributed), "{at}");
            assert_eq!(
                of(&ev, "obligation", "DUTY-"),
                v(&[
                    "BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata",
                    "BB,DUTY-NOTIFY,hosp,2024-03-02T08:00Z,emerging"
                ]),
                "{at}"
            );
            assert_eq!(ev.rows("negligent"), v(&["BB,hosp"]), "{at}");
        }
    }
}

/// Own operations: the why-not of the missing DUTY-ACTION says the operation is attributed
/// to the state, showing the blocking `attributed` row with its proof down to the rows of
/// perpetrators.csv and actors.csv (ATTR-ORGAN).
#[test]
fn own_operation_why_not_names_the_attribution_with_its_rows() {
    let ev = with_actors(detected(), "bb-intel").eval();
    let (rel, pattern) =
        diligence::explain::whynot::parse_pattern(&ev.0, "obligation(BB, DUTY-ACTION, hosp, _, _)")
            .unwrap();
    let w = diligence::explain::whynot::why_not(&ev.0, rel, &pattern, 4).unwrap();
    let text = diligence::explain::whynot::render_text(&w, &ev.0);
    assert!(text.contains("blocked by attributed(hosp, BB)"), "{text}");
    assert!(text.contains("ATTR-ORGAN"), "{text}");
    assert!(text.contains("perpetrators.csv:2"), "{text}");
    assert!(text.contains("actors.csv:2"), "{text}");
}

/// Espionage against Avalon's ministries from Borduria: significant only on SIG-ESPIONAGE.
fn espionage() -> Scenario {
    base()
        .replace(
            "incidents.csv",
            &["spy,Ministry espionage,2024-03-01,intrusion,confidentiality,high,,targeted,0,0,,test"],
        )
        .replace("targets.csv", &["spy,AV,government"])
        .replace("origins.csv", &["spy,BB,territory"])
        .replace("events.csv", &["2024-03-02T08:00Z,notification,spy,AV,BB,"])
}

/// DUTY-ACTION's status is that of its significance (STATUS): triggered only by the
/// emerging SIG-ESPIONAGE it is `emerging`, and failing it is a concern, not a breach.
#[test]
fn duty_action_status_emerging_when_only_sig_espionage() {
    let ev = espionage().eval();
    assert_eq!(ev.rows("significant"), v(&["spy,SIG-ESPIONAGE,emerging"]));
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["BB,DUTY-ACTION,spy,2024-03-02T08:00Z,emerging"])
    );
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("concern"), v(&["BB,DUTY-ACTION,spy"]));
    assert_eq!(ev.rows("negligent"), v(NONE));
}

// ------------------------------------------------------------------------------ STATUS

/// STATUS, best of several proofs: the same espionage also hits Avalon's public core
/// (SIG-PUBLIC-CORE, lex lata): the obligation is lex lata and its failure a breach, with
/// no concern beside it.
#[test]
fn status_best_of_several_proofs_makes_duty_action_lex_lata() {
    let ev = espionage()
        .rows("targets.csv", &["spy,AV,public_core"])
        .eval();
    assert_eq!(
        ev.rows("significant"),
        v(&["spy,SIG-ESPIONAGE,emerging", "spy,SIG-PUBLIC-CORE,lex_lata"])
    );
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["BB,DUTY-ACTION,spy,2024-03-02T08:00Z,lex_lata"])
    );
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-ACTION,spy"]));
    assert_eq!(ev.rows("concern"), v(NONE));
    assert_eq!(ev.rows("negligent"), v(&["BB,spy"]));
}

/// STATUS, one obligation row per (state, duty, incident) with the earliest `since`: two
/// MLA requests to Carpania give one DUTY-MLA row from the earlier one.
#[test]
fn status_one_obligation_row_with_earliest_since() {
    let ev = base()
        .rows(
            "events.csv",
            &[
                "2024-03-10,mla_request,hosp,AV,CC,",
                "2024-03-08,mla_request,hosp,BB,CC,",
                "2024-03-03,measure,hosp,BB,,investigate",
            ],
        )
        .eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&[
            "BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata",
            "CC,DUTY-MLA,hosp,2024-03-08T00:00Z,lex_lata",
        ])
    );
}

/// An intrusion from Borduria that Borduria detects itself, significant towards Avalon
/// only on SIG-ESPIONAGE (emerging) and towards Carpania on SIG-PUBLIC-CORE (lex lata);
/// DUTY-NOTIFY binding. Borduria takes a measure in time.
fn two_victims() -> Scenario {
    base()
        .replace(
            "incidents.csv",
            &["spy,Ministry and DNS intrusion,2024-03-01,intrusion,confidentiality,high,,targeted,0,0,,test"],
        )
        .replace("targets.csv", &["spy,AV,government", "spy,CC,public_core"])
        .replace("origins.csv", &["spy,BB,territory"])
        .replace(
            "events.csv",
            &["2024-03-02T08:00Z,detection,spy,BB,,", "2024-03-03,measure,spy,BB,,investigate"],
        )
}

/// STATUS for DUTY-NOTIFY owed to two victims: one obligation row with the best status
/// (lex lata towards Carpania); the failure towards Carpania is a breach and the concern
/// about Avalon is not reported beside it; warning Carpania alone leaves a concern.
#[test]
fn status_duty_notify_two_victims_best_status_and_breach_over_concern() {
    let (_dir, prof) = user_profile(NOTIFY_BINDING);
    let ev = two_victims().profile(&prof).eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&[
            "BB,DUTY-ACTION,spy,2024-03-02T08:00Z,lex_lata",
            "BB,DUTY-NOTIFY,spy,2024-03-02T08:00Z,lex_lata",
        ])
    );
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-NOTIFY,spy"]));
    assert_eq!(ev.rows("concern"), v(NONE));
    assert_eq!(ev.rows("negligent"), v(&["BB,spy"]));

    let ev = two_victims()
        .rows("events.csv", &["2024-03-04,warning,spy,BB,CC,"])
        .profile(&prof)
        .eval();
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("concern"), v(&["BB,DUTY-NOTIFY,spy"]));
    assert_eq!(ev.rows("negligent"), v(NONE));
}

// ------------------------------------------------------------------------------ DUTY-NOTIFY

/// DUTY-NOTIFY fires when the victim did not tell the origin state; it is emerging by
/// default, so failing it is a concern (no breach, not negligent).
#[test]
fn duty_notify_fires_emerging_and_failure_is_a_concern() {
    let ev = detected()
        .rows("events.csv", &["2024-03-03,measure,hosp,BB,,block"])
        .eval();
    assert_eq!(
        ev.rows("knows"),
        v(&["BB,hosp,2024-03-02T08:00Z,detection"])
    );
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&[
            "BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata",
            "BB,DUTY-NOTIFY,hosp,2024-03-02T08:00Z,emerging",
        ])
    );
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("concern"), v(&["BB,DUTY-NOTIFY,hosp"]));
    assert_eq!(ev.rows("negligent"), v(NONE));
}

/// DUTY-NOTIFY's exception: the victim told the state (notification or assistance request)
/// no later than the end of the state's window (2024-03-05T08:00Z): no obligation. One
/// minute later, or told by a state that is not a victim, the duty stands.
#[test]
fn duty_notify_exception_victim_told_no_later_than_window_end() {
    for told in [
        "2024-03-02T08:00Z,notification,hosp,AV,BB,",
        "2024-03-05T08:00Z,notification,hosp,AV,BB,",
        "2024-03-05T08:00Z,assistance_request,hosp,AV,BB,",
    ] {
        let ev = detected().rows("events.csv", &[told]).eval();
        assert_eq!(of(&ev, "obligation", "DUTY-NOTIFY"), v(NONE), "{told}");
        assert_eq!(ev.rows("concern"), v(NONE), "{told}");
    }
    for told in [
        "2024-03-05T08:01Z,notification,hosp,AV,BB,",
        "2024-03-05T08:01Z,assistance_request,hosp,AV,BB,",
        "2024-03-03,notification,hosp,CC,BB,",
    ] {
        let ev = detected().rows("events.csv", &[told]).eval();
        assert_eq!(
            of(&ev, "obligation", "DUTY-NOTIFY"),
            v(&["BB,DUTY-NOTIFY,hosp,2024-03-02T08:00Z,emerging"]),
            "{told}"
        );
        assert_eq!(ev.rows("concern"), v(&["BB,DUTY-NOTIFY,hosp"]), "{told}");
    }
}

/// DUTY-NOTIFY's exception (amended): the victim already knew by the end of the state's
/// window (2024-03-05T08:00Z) because it detected the operation itself, the operation was
/// publicly reported, or (decision) it told the state by a protest, an MLA request, a
/// countermeasure notice or a warning: no obligation (a warning informs a state of a
/// danger it cannot otherwise know), under `kreuzer-2024` and `tallinn-2`.
#[test]
fn duty_notify_exception_victim_detected_or_public_report_by_window_end() {
    for profile in ["kreuzer-2024", "tallinn-2"] {
        for knew in [
            "2024-03-05T08:00Z,detection,hosp,AV,,",
            "2024-03-05T08:00Z,public_report,hosp,,,news",
            "2024-03-03,public_report,hosp,CC,,CC's CERT advisory",
            // Decision: any event by which the victim gives notice (KNOW-NOTICE, amended).
            "2024-03-05T08:00Z,concern,hosp,AV,BB,protest",
            "2024-03-04,mla_request,hosp,AV,BB,",
            "2024-03-04,cm_notice,hosp,AV,BB,",
            "2024-03-04,warning,hosp,AV,BB,",
        ] {
            let ev = detected()
                .rows("events.csv", &[knew])
                .profile(profile)
                .eval();
            assert_eq!(
                of(&ev, "obligation", "DUTY-NOTIFY"),
                v(NONE),
                "{profile}: {knew}"
            );
            assert_eq!(ev.rows("concern"), v(NONE), "{profile}: {knew}");
        }
    }
}

/// DUTY-NOTIFY's exception (amended) must not apply to a detection, a public report or a
/// protest to the state one minute after the window, nor to a detection by a state that is
/// not a victim, nor to a protest the victim addressed to a third state.
#[test]
fn duty_notify_exception_not_for_late_knowledge_or_a_third_state_detection() {
    for profile in ["kreuzer-2024", "tallinn-2"] {
        for late in [
            "2024-03-05T08:01Z,detection,hosp,AV,,",
            "2024-03-05T08:01Z,public_report,hosp,,,news",
            "2024-03-03,detection,hosp,CC,,",
            "2024-03-05T08:01Z,concern,hosp,AV,BB,protest",
            "2024-03-03,concern,hosp,AV,CC,protest to a third state",
        ] {
            let ev = detected()
                .rows("events.csv", &[late])
                .profile(profile)
                .eval();
            assert_eq!(
                of(&ev, "obligation", "DUTY-NOTIFY"),
                v(&["BB,DUTY-NOTIFY,hosp,2024-03-02T08:00Z,emerging"]),
                "{profile}: {late}"
            );
            assert_eq!(
                ev.rows("concern"),
                v(&["BB,DUTY-NOTIFY,hosp"]),
                "{profile}: {late}"
            );
        }
    }
}

/// DUTY-NOTIFY met: a warning to the victim up to the end of the window; a late warning, or
/// one to another state, leaves the concern.
#[test]
fn duty_notify_warning_in_time_meets_it() {
    let ev = detected()
        .rows("events.csv", &["2024-03-05T08:00Z,warning,hosp,BB,AV,"])
        .eval();
    assert_eq!(ev.rows("concern"), v(NONE));
    for late in [
        "2024-03-05T08:01Z,warning,hosp,BB,AV,",
        "2024-03-03,warning,hosp,BB,CC,",
    ] {
        let ev = detected().rows("events.csv", &[late]).eval();
        assert_eq!(ev.rows("concern"), v(&["BB,DUTY-NOTIFY,hosp"]), "{late}");
    }
}

// ------------------------------------------------------------------------------ BREACH-NOTIFY

/// BREACH-NOTIFY fires only where a profile makes DUTY-NOTIFY binding: then the obligation
/// is lex lata, no warning within the window is a breach, and the state is negligent.
#[test]
fn breach_notify_fires_when_profile_makes_notify_binding() {
    let (_dir, prof) = user_profile(NOTIFY_BINDING);
    let sc = detected().rows("events.csv", &["2024-03-03,measure,hosp,BB,,block"]);
    let ev = sc.clone().profile(&prof).eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&[
            "BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata",
            "BB,DUTY-NOTIFY,hosp,2024-03-02T08:00Z,lex_lata",
        ])
    );
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-NOTIFY,hosp"]));
    assert_eq!(ev.rows("concern"), v(NONE));
    assert_eq!(ev.rows("negligent"), v(&["BB,hosp"]));
    // A warning one minute late does not help.
    let ev = sc
        .clone()
        .rows("events.csv", &["2024-03-05T08:01Z,warning,hosp,BB,AV,"])
        .profile(&prof)
        .eval();
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-NOTIFY,hosp"]));
}

/// BREACH-NOTIFY must not fire: under the default profile (a concern instead), with a
/// warning at the window's last minute, before the window has passed at `as_of`, or when
/// the victim's significance is only emerging (the duty's status is the weaker of both).
#[test]
fn breach_notify_not_without_binding_profile_or_with_warning_or_before_window_end() {
    let (_dir, prof) = user_profile(NOTIFY_BINDING);
    let sc = detected().rows("events.csv", &["2024-03-03,measure,hosp,BB,,block"]);
    let ev = sc.clone().eval();
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("concern"), v(&["BB,DUTY-NOTIFY,hosp"]));

    let ev = sc
        .clone()
        .rows("events.csv", &["2024-03-05T08:00Z,warning,hosp,BB,AV,"])
        .profile(&prof)
        .eval();
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("concern"), v(NONE));

    let ev = sc
        .clone()
        .profile(&prof)
        .as_of(Some("2024-03-05T07:59Z"))
        .eval();
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("concern"), v(NONE));
    let ev = sc.profile(&prof).as_of(Some("2024-03-05T08:00Z")).eval();
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-NOTIFY,hosp"]));

    let ev = espionage()
        .replace(
            "events.csv",
            &[
                "2024-03-02T08:00Z,detection,spy,BB,,",
                "2024-03-03,measure,spy,BB,,block",
            ],
        )
        .profile(&prof)
        .eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&[
            "BB,DUTY-ACTION,spy,2024-03-02T08:00Z,emerging",
            "BB,DUTY-NOTIFY,spy,2024-03-02T08:00Z,emerging",
        ])
    );
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("concern"), v(&["BB,DUTY-NOTIFY,spy"]));
}

// ------------------------------------------------------------------------------ DUTY-MLA

/// An intrusion into a private company's systems: cyber harm but no significance (under
/// `tallinn-2` too: no disruption, no governmental function). Avalon asks Carpania (not an
/// origin state) for legal assistance on 2024-03-10: the MLA answer window
/// of `kreuzer-2024` and `tallinn-2` (720 h) ends 2024-04-09T00:00Z; that of a user profile
/// with `mla_window_hours = 72` ends 2024-03-13T00:00Z.
fn mla() -> Scenario {
    base()
        .replace(
            "incidents.csv",
            &["hosp,Company intrusion,2024-03-01,intrusion,confidentiality,high,,targeted,0,0,,test"],
        )
        .replace("targets.csv", &["hosp,AV,private"])
        .rows("events.csv", &["2024-03-10,mla_request,hosp,AV,CC,"])
}

/// A user profile inheriting `kreuzer-2024` with a 72-hour MLA answer window.
const MLA_72: &str = "[positions]\nmla_window_hours = 72\n";

/// The profiles the BREACH-MLA tests run under, each with the end of the window of the
/// request of 2024-03-10 and the minute after it: `(profile, window end, one minute late)`.
fn mla_profiles() -> (tempfile::TempDir, Vec<(String, &'static str, &'static str)>) {
    let (dir, user) = user_profile(MLA_72);
    let long = ("2024-04-09T00:00Z", "2024-04-09T00:01Z");
    let list = vec![
        ("kreuzer-2024".to_string(), long.0, long.1),
        ("tallinn-2".to_string(), long.0, long.1),
        (user, "2024-03-13T00:00Z", "2024-03-13T00:01Z"),
    ];
    (dir, list)
}

/// DUTY-MLA fires for any requested state about an incident with cyber harm, significant
/// or not; unanswered, it is a breach (BREACH-MLA) and the state is negligent.
#[test]
fn duty_mla_fires_for_any_requested_state_with_cyber_harm() {
    let ev = mla().eval();
    assert_eq!(ev.rows("significant"), v(NONE));
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["CC,DUTY-MLA,hosp,2024-03-10T00:00Z,lex_lata"])
    );
    assert_eq!(ev.rows("breach"), v(&["CC,DUTY-MLA,hosp"]));
    assert_eq!(ev.rows("negligent"), v(&["CC,hosp"]));
}

/// DUTY-MLA must not fire without cyber harm (HARM-2: a social-engineering fraud).
#[test]
fn duty_mla_not_without_cyber_harm() {
    let ev = mla()
        .replace(
            "incidents.csv",
            &["hosp,CEO fraud,2024-03-01,social_engineering,functionality,high,,targeted,0,0,,test"],
        )
        .eval();
    assert_eq!(ev.rows("cyber_harm"), v(NONE));
    assert_eq!(of(&ev, "obligation", "DUTY-"), v(NONE));
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("negligent"), v(NONE));
}

// ------------------------------------------------------------------------------ BREACH-MLA

/// BREACH-MLA must not fire, nor a concern, for a compliant answer to the requester within
/// the MLA answer window: `granted` at the window's last minute, or `refused_with_reasons`;
/// under `kreuzer-2024`, `tallinn-2` and a user profile with `mla_window_hours = 72`.
#[test]
fn breach_mla_not_for_compliant_answer_in_time() {
    let (_dir, profiles) = mla_profiles();
    for (profile, end, _) in &profiles {
        for answer in [
            format!("{end},mla_response,hosp,CC,AV,granted"),
            "2024-03-11,mla_response,hosp,CC,AV,refused_with_reasons".to_string(),
        ] {
            let ev = mla().rows("events.csv", &[&answer]).profile(profile).eval();
            assert_eq!(
                of(&ev, "obligation", "DUTY-"),
                v(&["CC,DUTY-MLA,hosp,2024-03-10T00:00Z,lex_lata"]),
                "{profile}: {answer}"
            );
            assert_eq!(ev.rows("breach"), v(NONE), "{profile}: {answer}");
            assert_eq!(ev.rows("concern"), v(NONE), "{profile}: {answer}");
            assert_eq!(ev.rows("negligent"), v(NONE), "{profile}: {answer}");
        }
    }
}

/// BREACH-MLA fires for a bare refusal, an answer to another state than the requester,
/// and silence: no compliant answer within the window nor by `as_of` (each profile).
#[test]
fn breach_mla_fires_for_refusal_misdirected_answer_or_silence() {
    let (_dir, profiles) = mla_profiles();
    for (profile, _, _) in &profiles {
        for answer in [
            Some("2024-03-11,mla_response,hosp,CC,AV,refused"),
            Some("2024-03-11,mla_response,hosp,CC,BB,granted"),
            None,
        ] {
            let ev = mla()
                .rows("events.csv", answer.as_slice())
                .profile(profile)
                .eval();
            assert_eq!(
                ev.rows("breach"),
                v(&["CC,DUTY-MLA,hosp"]),
                "{profile}: {answer:?}"
            );
            assert_eq!(ev.rows("concern"), v(NONE), "{profile}: {answer:?}");
            assert_eq!(
                ev.rows("negligent"),
                v(&["CC,hosp"]),
                "{profile}: {answer:?}"
            );
        }
    }
    // Two requests, only the later answered: the earlier one is breached.
    let ev = mla()
        .rows(
            "events.csv",
            &[
                "2024-03-01,mla_request,hosp,BB,CC,",
                "2024-03-11,mla_response,hosp,CC,AV,granted",
            ],
        )
        .eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["CC,DUTY-MLA,hosp,2024-03-01T00:00Z,lex_lata"])
    );
    assert_eq!(ev.rows("breach"), v(&["CC,DUTY-MLA,hosp"]));
}

/// BREACH-MLA (amended): a compliant answer one minute after the MLA answer window is late:
/// a concern (promptness is an emerging standard), not a breach, and the state is not
/// negligent (each profile). An answer on 2024-03-20 is in time under the 720-hour window
/// and late under the 72-hour one.
#[test]
fn breach_mla_late_compliant_answer_is_a_concern_not_a_breach() {
    let (_dir, profiles) = mla_profiles();
    for (profile, _, late) in &profiles {
        let answer = format!("{late},mla_response,hosp,CC,AV,refused_with_reasons");
        let ev = mla().rows("events.csv", &[&answer]).profile(profile).eval();
        assert_eq!(ev.rows("breach"), v(NONE), "{profile}");
        assert_eq!(ev.rows("concern"), v(&["CC,DUTY-MLA,hosp"]), "{profile}");
        assert_eq!(ev.rows("negligent"), v(NONE), "{profile}");
    }
    let mid = ["2024-03-20,mla_response,hosp,CC,AV,granted"];
    assert_eq!(
        mla().rows("events.csv", &mid).eval().rows("concern"),
        v(NONE)
    );
    let (_d, user) = user_profile(MLA_72);
    let ev = mla().rows("events.csv", &mid).profile(&user).eval();
    assert_eq!(ev.rows("concern"), v(&["CC,DUTY-MLA,hosp"]));
    assert_eq!(ev.rows("breach"), v(NONE));
}

/// BREACH-MLA (amended): a late answer that comes only after `as_of` does not count: as of
/// 2024-04-15 the request of 2024-03-10 is breached; as of 2024-04-20, when the answer
/// came, it is late (a concern). A breach and a late answer about the same incident leave
/// the breach alone (one row per state, duty and incident, the strongest).
#[test]
fn breach_mla_late_answer_only_once_given_by_as_of() {
    let late = ["2024-04-20,mla_response,hosp,CC,AV,granted"];
    let ev = mla()
        .rows("events.csv", &late)
        .as_of(Some("2024-04-15"))
        .eval();
    assert_eq!(ev.rows("breach"), v(&["CC,DUTY-MLA,hosp"]));
    assert_eq!(ev.rows("concern"), v(NONE));
    let ev = mla()
        .rows("events.csv", &late)
        .as_of(Some("2024-04-20"))
        .eval();
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("concern"), v(&["CC,DUTY-MLA,hosp"]));
    let ev = mla()
        .rows(
            "events.csv",
            &[late[0], "2024-03-01,mla_request,hosp,BB,CC,"],
        )
        .as_of(Some("2024-04-20"))
        .eval();
    assert_eq!(ev.rows("breach"), v(&["CC,DUTY-MLA,hosp"]));
    assert_eq!(ev.rows("concern"), v(NONE));
}

/// BREACH-MLA only once the MLA answer window has passed at `as_of`: the 720-hour window
/// of `kreuzer-2024` (and the 72-hour one of a user profile, three days after the request).
#[test]
fn breach_mla_not_before_window_end() {
    let ev = mla().as_of(Some("2024-04-08T23:59Z")).eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["CC,DUTY-MLA,hosp,2024-03-10T00:00Z,lex_lata"])
    );
    assert_eq!(ev.rows("breach"), v(NONE));
    let ev = mla().as_of(Some("2024-04-09T00:00Z")).eval();
    assert_eq!(ev.rows("breach"), v(&["CC,DUTY-MLA,hosp"]));
    let (_d, user) = user_profile(MLA_72);
    let ev = mla().profile(&user).as_of(Some("2024-03-12T23:59Z")).eval();
    assert_eq!(ev.rows("breach"), v(NONE));
    let ev = mla().profile(&user).as_of(Some("2024-03-13T00:00Z")).eval();
    assert_eq!(ev.rows("breach"), v(&["CC,DUTY-MLA,hosp"]));
}

// ------------------------------------------------------------------------------ DUTY-VULN

/// DUTY-VULN fires for a vulnerability a state knows and has not disclosed: lex ferenda, so
/// only a recommendation (no breach, no concern); the earliest known one dates the row.
#[test]
fn duty_vuln_fires_as_recommendation() {
    let ev = base()
        .rows(
            "vulnerabilities.csv",
            &[
                "v1,Router firmware,BB,2024-01-10,",
                "v2,Mail server,BB,2023-12-01,2024-07-01",
            ],
        )
        .eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-VULN"),
        v(&["BB,DUTY-VULN,,2023-12-01T00:00Z,lex_ferenda"])
    );
    assert_eq!(ev.rows("recommendation"), v(&["BB,DUTY-VULN"]));
    assert_eq!(of(&ev, "breach", "DUTY-VULN"), v(NONE));
    assert_eq!(ev.rows("concern"), v(NONE));
}

/// DUTY-VULN yields nothing for a vulnerability disclosed by `as_of`, and no obligation for
/// one known only after `as_of`.
#[test]
fn duty_vuln_not_when_disclosed_or_known_after_as_of() {
    for disclosed in ["2024-02-01", "2024-06-01"] {
        let ev = base()
            .rows(
                "vulnerabilities.csv",
                &[&format!("v1,Router firmware,BB,2024-01-10,{disclosed}")],
            )
            .eval();
        assert_eq!(ev.rows("recommendation"), v(NONE), "disclosed {disclosed}");
        assert_eq!(ev.rows("concern"), v(NONE), "disclosed {disclosed}");
    }
    let ev = base()
        .rows(
            "vulnerabilities.csv",
            &["v1,Router firmware,BB,2024-07-01,"],
        )
        .eval();
    assert_eq!(of(&ev, "obligation", "DUTY-VULN"), v(NONE));
    assert_eq!(ev.rows("recommendation"), v(NONE));
}

/// DUTY-VULN's status is the profile's `vuln` position: emerging gives a concern, binding a
/// breach without incident (and no negligence, which is about incidents).
#[test]
fn duty_vuln_status_follows_profile() {
    let sc = base()
        .rows(
            "vulnerabilities.csv",
            &["v1,Router firmware,BB,2024-01-10,"],
        )
        .rows("events.csv", &["2024-03-03,measure,hosp,BB,,block"]);
    let (_d1, emerging) = user_profile("[positions]\nvuln = \"emerging\"\n");
    let ev = sc.clone().profile(&emerging).eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-VULN"),
        v(&["BB,DUTY-VULN,,2024-01-10T00:00Z,emerging"])
    );
    assert_eq!(ev.rows("concern"), v(&["BB,DUTY-VULN,"]));
    assert_eq!(ev.rows("recommendation"), v(NONE));
    let (_d2, binding) = user_profile("[positions]\nvuln = \"lex_lata\"\n");
    let ev = sc.profile(&binding).eval();
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-VULN,"]));
    assert_eq!(ev.rows("negligent"), v(NONE));
}

// ------------------------------------------------------------------------------ DUTY-COOPERATE-GENERAL

/// DUTY-COOPERATE-GENERAL is in the catalogue (so why-not explanations can cite it) but no
/// clause of the program is tagged with it or derives a row naming it.
#[test]
fn duty_cooperate_general_no_clause_derives_it() {
    let r = RuleId::from_code("DUTY-COOPERATE-GENERAL").expect("catalogue entry");
    assert_eq!(r.family(), "DUTY");
    assert!(
        r.meaning().contains("never yields a breach"),
        "{}",
        r.meaning()
    );
    for c in CLAUSES.iter() {
        assert_ne!(c.rule, RuleId::DUTY_COOPERATE_GENERAL, "{}", c.text);
        assert!(!c.text.contains("DUTY_COOPERATE_GENERAL"), "{}", c.text);
    }
}

/// DUTY-COOPERATE-GENERAL never yields a breach, concern, obligation or recommendation: not
/// in a scenario where every other duty fails, under any shipped or binding profile.
#[test]
fn duty_cooperate_general_never_in_breach_or_concern() {
    let (_d, binding) = user_profile("[positions]\nnotify = \"lex_lata\"\nvuln = \"lex_lata\"\n");
    let sc = everything_fails();
    for prof in [
        "kreuzer-2024",
        "tallinn-2",
        "pure-sovereignty",
        "no-due-diligence",
        "collective-cm",
        binding.as_str(),
    ] {
        let ev = sc.clone().profile(prof).eval();
        for rel in ["obligation", "breach", "concern", "recommendation"] {
            for row in ev.rows(rel) {
                assert!(
                    !row.contains("DUTY-COOPERATE-GENERAL"),
                    "{prof}: {rel} {row}"
                );
            }
        }
        if prof != "no-due-diligence" {
            assert!(
                !ev.rows("breach").is_empty(),
                "{prof}: the scenario must fail duties"
            );
        }
    }
}

/// Every institution documented as absent for every state; ongoing ransomware detected by
/// Borduria (nobody tells it), an espionage incident known in advance, an unanswered MLA
/// request, an undisclosed vulnerability.
fn everything_fails() -> Scenario {
    absent_everywhere(Scenario::base())
        .rows(
            "incidents.csv",
            &["spy,Ministry espionage,2024-03-20,intrusion,confidentiality,high,,targeted,0,0,,test"],
        )
        .rows("targets.csv", &["spy,AV,government"])
        .rows("origins.csv", &["spy,BB,territory"])
        .replace(
            "events.csv",
            &[
                "2024-03-02T08:00Z,detection,hosp,BB,,",
                "2024-03-10,detection,spy,BB,,",
                "2024-03-10,mla_request,hosp,AV,CC,",
            ],
        )
        .rows("vulnerabilities.csv", &["v1,Router firmware,BB,2024-01-10,"])
}

// ------------------------------------------------------------------------------ INST and CAP-2

/// `institutions.csv` with its `status` column (`state,institution,since,status`), every
/// institution of [`INSTITUTIONS`] documented as absent (always) for every state.
fn absent_everywhere(sc: Scenario) -> Scenario {
    let rows: Vec<String> = STATES
        .iter()
        .flat_map(|s| INSTITUTIONS.iter().map(move |i| format!("{s},{i},,absent")))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    sc.header("institutions.csv", "state,institution,since,status")
        .rows("institutions.csv", &rows)
}

/// Three states (AV high, BB medium, CC low), no incident, and these `institutions.csv`
/// rows (`state,institution,since,status`).
fn states(institutions: &[&str]) -> Scenario {
    Scenario::empty()
        .rows(
            "states.csv",
            &["AV,Avalon,high", "BB,Borduria,medium", "CC,Carpania,low"],
        )
        .header("institutions.csv", "state,institution,since,status")
        .rows("institutions.csv", institutions)
}

/// The INST-* duties each state owes by its capacity (CAP-2), as `breach` rows.
fn inst_breaches_by_capacity() -> Vec<String> {
    let all = [
        "INST-CI",
        "INST-CRIMINALIZE",
        "INST-KNOWLEDGE",
        "INST-POC",
        "INST-PROCEDURE",
    ];
    let mut out = Vec::new();
    for (s, duties) in [
        ("AV", &all[..]),
        ("BB", &all[..]),
        (
            "CC",
            &["INST-CRIMINALIZE", "INST-POC", "INST-PROCEDURE"][..],
        ),
    ] {
        for d in duties {
            out.push(format!("{s},{d},"));
        }
    }
    out
}

/// INST-* and CAP-2: every state owes INST-CRIMINALIZE, INST-PROCEDURE and INST-POC, only
/// the medium and high capacity states INST-KNOWLEDGE and INST-CI. BREACH-INST (amended):
/// where the dataset is silent (no row at all) no duty is assessed: no breach, and no
/// hr_safeguards recommendation either (ICJ Pulp Mills, para. 162).
#[test]
fn inst_duties_bind_by_capacity_and_are_not_assessed_without_rows() {
    let ev = states(&[]).eval();
    let obligations: Vec<String> = inst_breaches_by_capacity()
        .iter()
        .map(|b| format!("{b},,lex_lata"))
        .collect();
    assert_eq!(ev.rows("obligation"), obligations);
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("recommendation"), v(NONE));
    assert_eq!(ev.rows("concern"), v(NONE));
    assert_eq!(ev.rows("negligent"), v(NONE));
}

/// BREACH-INST (amended) fires where the absence of every institution that would meet the
/// duty is documented: every institution documented absent gives every owed duty's breach
/// and, for everyone, the hr_safeguards recommendation.
#[test]
fn inst_duties_breached_where_every_absence_is_documented() {
    let ev = absent_everywhere(Scenario::empty().rows(
        "states.csv",
        &["AV,Avalon,high", "BB,Borduria,medium", "CC,Carpania,low"],
    ))
    .eval();
    assert_eq!(ev.rows("breach"), inst_breaches_by_capacity());
    assert_eq!(
        ev.rows("recommendation"),
        v(&[
            "AV,INST-PROCEDURE",
            "BB,INST-PROCEDURE",
            "CC,INST-PROCEDURE"
        ])
    );
    assert_eq!(ev.rows("negligent"), v(NONE));
}

/// INST-CRIMINALIZE and LATEST (`docs/decisions.md`, Institutions): the latest row dated no later than
/// `as_of` (2024-06-01) decides. Avalon's law, in force since 2020, is documented absent
/// from exactly `as_of`: breach. Borduria's, in force from 2019, lapsed in 2021 and is to
/// be re-enacted only after `as_of`: breach (the first row no longer speaks for 2024).
/// Carpania, documented absent always, enacts one only after `as_of`: breach.
#[test]
fn inst_criminalize_breached_on_the_latest_row_absent_at_as_of() {
    let ev = states(&[
        "AV,cybercrime_law,2020-01-01,in_force",
        "AV,cybercrime_law,2024-06-01,absent",
        "BB,cybercrime_law,2019-01-01,in_force",
        "BB,cybercrime_law,2021-01-01,absent",
        "BB,cybercrime_law,2024-07-01,in_force",
        "CC,cybercrime_law,,absent",
        "CC,cybercrime_law,2024-06-02,in_force",
    ])
    .eval();
    assert_eq!(
        of(&ev, "breach", "INST-CRIMINALIZE"),
        v(&[
            "AV,INST-CRIMINALIZE,",
            "BB,INST-CRIMINALIZE,",
            "CC,INST-CRIMINALIZE,"
        ])
    );
    // The duty itself stays owed by everyone.
    assert_eq!(
        of(&ev, "obligation", "INST-CRIMINALIZE"),
        v(&[
            "AV,INST-CRIMINALIZE,,,lex_lata",
            "BB,INST-CRIMINALIZE,,,lex_lata",
            "CC,INST-CRIMINALIZE,,,lex_lata"
        ])
    );
}

/// INST-CRIMINALIZE must not be breached where the latest row at `as_of` says in force
/// (Borduria: absent in 2020, enacted 2023; Avalon: an in-force row without a date), nor
/// where the absence is documented only from after `as_of` (Carpania: not assessed), nor
/// where rows of the same date contradict each other (decision: in force).
#[test]
fn inst_criminalize_not_breached_when_in_force_or_not_yet_documented_absent() {
    let ev = states(&[
        "BB,cybercrime_law,2020-01-01,absent",
        "BB,cybercrime_law,2023-01-01,in_force",
        "AV,cybercrime_law,,",
        "CC,cybercrime_law,2024-06-02,absent",
    ])
    .eval();
    assert_eq!(of(&ev, "breach", "INST-CRIMINALIZE"), v(NONE));
    let ev = states(&[
        "BB,cybercrime_law,2022-01-01,absent",
        "BB,cybercrime_law,2022-01-01,in_force",
    ])
    .eval();
    assert_eq!(of(&ev, "breach", "INST-CRIMINALIZE"), v(NONE));
}

/// INST-PROCEDURE: a procedural law documented absent is a breach (not met by
/// hr_safeguards); the hr_safeguards recommendation (amended) needs a documented absence at
/// `as_of` (Borduria, which has safeguards only after `as_of`), not silence (Carpania) nor
/// safeguards in force (Avalon).
#[test]
fn inst_procedure_breach_and_hr_safeguards_recommendation_need_documented_absence() {
    let ev = states(&[
        "AV,procedural_law,,absent",
        "AV,hr_safeguards,2020-01-01,in_force",
        "BB,hr_safeguards,,absent",
        "BB,hr_safeguards,2024-06-02,in_force",
    ])
    .eval();
    assert_eq!(
        of(&ev, "breach", "INST-PROCEDURE"),
        v(&["AV,INST-PROCEDURE,"])
    );
    assert_eq!(ev.rows("recommendation"), v(&["BB,INST-PROCEDURE"]));
}

/// INST-KNOWLEDGE (amended): a cert or monitoring would meet it, so only both documented
/// absent are a breach (Borduria); monitoring documented absent while nothing is known of a
/// cert (Avalon) is not assessed; a cert in force meets it (Carpania is low capacity and
/// owes none).
#[test]
fn inst_knowledge_breached_only_when_cert_and_monitoring_are_documented_absent() {
    let ev = states(&[
        "AV,monitoring,,absent",
        "AV,ci_protection,,absent",
        "BB,monitoring,,absent",
        "BB,cert,2019-01-01,absent",
        "CC,monitoring,,absent",
        "CC,cert,,absent",
    ])
    .eval();
    assert_eq!(
        of(&ev, "breach", "INST-KNOWLEDGE"),
        v(&["BB,INST-KNOWLEDGE,"])
    );
    let ev = states(&["BB,monitoring,,absent", "BB,cert,2024-01-01,in_force"]).eval();
    assert_eq!(of(&ev, "breach", "INST-KNOWLEDGE"), v(NONE));
}

/// INST-CI: breached when ci_protection is documented absent; absent certs and monitoring
/// do not serve (nor hurt) it.
#[test]
fn inst_ci_breached_only_by_documented_absence_of_ci_protection() {
    let ev = states(&[
        "AV,ci_protection,,absent",
        "BB,cert,,absent",
        "BB,monitoring,,absent",
    ])
    .eval();
    assert_eq!(of(&ev, "breach", "INST-CI"), v(&["AV,INST-CI,"]));
    assert_lacks(&ev, "breach", "BB,INST-CI,");
}

/// INST-POC: a point of contact or a cert (which usually serves as one) would meet it:
/// both documented absent is a breach (Carpania, low capacity: INST-POC binds every
/// state); a point of contact documented absent while nothing is known of a cert (Avalon)
/// is not assessed; a cert in force meets it (Borduria).
#[test]
fn inst_poc_breached_only_when_point_of_contact_and_cert_are_documented_absent() {
    let ev = states(&[
        "AV,point_of_contact,,absent",
        "BB,point_of_contact,,absent",
        "BB,cert,,in_force",
        "CC,point_of_contact,,absent",
        "CC,cert,,absent",
    ])
    .eval();
    assert_eq!(of(&ev, "breach", "INST-POC"), v(&["CC,INST-POC,"]));
}

/// CAP-2: the low-capacity state owes no INST-KNOWLEDGE or INST-CI (so no breach for
/// lacking them, even documented), while the medium state does; INST-POC binds the low
/// state too.
#[test]
fn cap_2_low_capacity_state_owes_no_inst_knowledge_or_ci() {
    let ev = absent_everywhere(Scenario::empty().rows(
        "states.csv",
        &["AV,Avalon,high", "BB,Borduria,medium", "CC,Carpania,low"],
    ))
    .eval();
    for d in ["INST-KNOWLEDGE", "INST-CI"] {
        assert_eq!(
            of(&ev, "obligation", d),
            vec![format!("AV,{d},,,lex_lata"), format!("BB,{d},,,lex_lata")],
            "{d}"
        );
        assert_lacks(&ev, "breach", &format!("CC,{d},"));
        assert_has(&ev, "breach", &format!("BB,{d},"));
    }
    assert_has(&ev, "breach", "CC,INST-POC,");
}

// ------------------------------------------------------------------------------ BREACH-INST and BREACH-NEGLIGENT

/// BREACH-INST fires for a documented absence and not for an institution in place: a fully
/// equipped state (rows without a status: in force) has no INST breach.
#[test]
fn breach_inst_only_for_documented_absence() {
    let mut rows: Vec<String> = INSTITUTIONS.iter().map(|i| format!("BB,{i},,")).collect();
    rows.extend(INSTITUTIONS.iter().map(|i| format!("AV,{i},,absent")));
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let ev = states(&rows).eval();
    assert_eq!(ev.with_prefix("breach", "BB,"), v(NONE));
    assert_eq!(
        ev.with_prefix("breach", "AV,"),
        v(&[
            "AV,INST-CI,",
            "AV,INST-CRIMINALIZE,",
            "AV,INST-KNOWLEDGE,",
            "AV,INST-POC,",
            "AV,INST-PROCEDURE,"
        ])
    );
}

/// BREACH-NEGLIGENT: negligence only from incident-level breaches. Borduria is documented
/// as lacking every institution but acted in time: INST breaches, no `negligent`; without
/// the measure it is negligent about `hosp`.
#[test]
fn breach_negligent_only_from_incident_level_breaches() {
    let sc = absent_everywhere(Scenario::base());
    let ev = sc
        .clone()
        .rows("events.csv", &["2024-03-03,measure,hosp,BB,,block"])
        .eval();
    assert!(!of(&ev, "breach", "INST-").is_empty());
    assert_eq!(of(&ev, "breach", "DUTY-"), v(NONE));
    assert_eq!(ev.rows("negligent"), v(NONE));
    let ev = sc.eval();
    assert_eq!(of(&ev, "breach", "DUTY-"), v(&["BB,DUTY-ACTION,hosp"]));
    assert_eq!(ev.rows("negligent"), v(&["BB,hosp"]));
}

// ------------------------------------------------------------------------------ BREACH-ACTION

/// BREACH-ACTION must not fire when a measure is taken within the window, before `since`
/// (a state that acted before being told was diligent), or exactly at since + 72 h.
#[test]
fn breach_action_not_with_measure_in_time() {
    for m in [
        "2024-03-03,measure,hosp,BB,,takedown",
        "2024-03-01T12:00Z,measure,hosp,BB,,investigate",
        "2024-03-05T08:00Z,measure,hosp,BB,,respond",
    ] {
        let ev = base().rows("events.csv", &[m]).eval();
        assert_eq!(
            of(&ev, "obligation", "DUTY-"),
            v(&["BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata"]),
            "{m}"
        );
        assert_eq!(ev.rows("breach"), v(NONE), "{m}");
        assert_eq!(ev.rows("negligent"), v(NONE), "{m}");
    }
}

/// BREACH-ACTION fires with a measure one minute late, a measure by another state, or a
/// measure about another incident.
#[test]
fn breach_action_fires_with_late_or_foreign_measure() {
    for m in [
        "2024-03-05T08:01Z,measure,hosp,BB,,takedown",
        "2024-03-03,measure,hosp,AV,,takedown",
    ] {
        let ev = base().rows("events.csv", &[m]).eval();
        assert_eq!(ev.rows("breach"), v(&["BB,DUTY-ACTION,hosp"]), "{m}");
        assert_eq!(ev.rows("negligent"), v(&["BB,hosp"]), "{m}");
    }
    let ev = base()
        .rows(
            "incidents.csv",
            &["other,Other ransomware,2024-03-01,ransomware,functionality,high,,targeted,0,0,,test"],
        )
        .rows("targets.csv", &["other,AV,private"])
        .rows("events.csv", &["2024-03-03,measure,other,BB,,takedown"])
        .eval();
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-ACTION,hosp"]));
}

/// BREACH-ACTION only once the window has passed at `as_of` (2024-03-05T08:00Z).
#[test]
fn breach_action_not_before_window_end() {
    let ev = base().as_of(Some("2024-03-05T07:59Z")).eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata"])
    );
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("negligent"), v(NONE));
    let ev = base().as_of(Some("2024-03-05T08:00Z")).eval();
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-ACTION,hosp"]));
}

// ------------------------------------------------------------------------------ CAP-1

const ALL_HIGH: &str = "[positions.feasibility]
takedown = \"high\"
block = \"high\"
investigate = \"high\"
arrest = \"high\"
prosecute = \"high\"
respond = \"high\"
";

/// CAP-1: a profile requiring high capacity for every measure leaves the medium state
/// without any feasible measure: still obliged, but not in breach nor negligent.
#[test]
fn cap_1_no_feasible_measure_not_negligent() {
    let (_d, prof) = user_profile(ALL_HIGH);
    let ev = base().profile(&prof).eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&["BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata"])
    );
    assert_eq!(ev.rows("breach"), v(NONE));
    assert_eq!(ev.rows("concern"), v(NONE));
    assert_eq!(ev.rows("negligent"), v(NONE));
}

/// CAP-1 must not excuse a state that can act: the same profile with a high-capacity
/// origin state, and the default table (every state, even a low one, can investigate).
#[test]
fn cap_1_feasible_measure_means_breach() {
    let (_d, prof) = user_profile(ALL_HIGH);
    let ev = base()
        .replace(
            "states.csv",
            &["AV,Avalon,high", "BB,Borduria,high", "CC,Carpania,low"],
        )
        .profile(&prof)
        .eval();
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-ACTION,hosp"]));
    assert_eq!(ev.rows("negligent"), v(&["BB,hosp"]));
    let ev = base()
        .replace("origins.csv", &["hosp,CC,territory"])
        .replace(
            "events.csv",
            &["2024-03-02T08:00Z,notification,hosp,AV,CC,"],
        )
        .eval();
    assert_eq!(ev.rows("breach"), v(&["CC,DUTY-ACTION,hosp"]));
}

// ------------------------------------------------------------------------------ CAP-3

/// The base scenario run from low-capacity Carpania, which Avalon notifies.
fn from_carpania() -> Scenario {
    base()
        .replace("origins.csv", &["hosp,CC,territory"])
        .replace(
            "events.csv",
            &["2024-03-02T08:00Z,notification,hosp,AV,CC,"],
        )
}

/// CAP-3: a low-capacity state that requests assistance within the window (also at its
/// last minute, or before `since`) has discharged DUTY-ACTION.
#[test]
fn cap_3_low_capacity_assistance_request_discharges_duty_action() {
    for req in [
        "2024-03-04,assistance_request,hosp,CC,AV,",
        "2024-03-05T08:00Z,assistance_request,hosp,CC,BB,",
        "2024-03-02T07:00Z,assistance_request,hosp,CC,AV,",
    ] {
        let ev = from_carpania().rows("events.csv", &[req]).eval();
        assert_eq!(
            of(&ev, "obligation", "DUTY-"),
            v(&["CC,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata"]),
            "{req}"
        );
        assert_eq!(ev.rows("breach"), v(NONE), "{req}");
        assert_eq!(ev.rows("negligent"), v(NONE), "{req}");
    }
}

/// CAP-3 must not fire for a request one minute late, for a request addressed to the
/// low-capacity state instead of made by it, nor for a medium-capacity state's request.
#[test]
fn cap_3_not_for_late_request_or_medium_state() {
    let ev = from_carpania()
        .rows(
            "events.csv",
            &["2024-03-05T08:01Z,assistance_request,hosp,CC,AV,"],
        )
        .eval();
    assert_eq!(ev.rows("breach"), v(&["CC,DUTY-ACTION,hosp"]));
    assert_eq!(ev.rows("negligent"), v(&["CC,hosp"]));
    // A request by the victim to Carpania is not Carpania's own request.
    let ev = from_carpania()
        .rows("events.csv", &["2024-03-03,assistance_request,hosp,AV,CC,"])
        .eval();
    assert_eq!(ev.rows("breach"), v(&["CC,DUTY-ACTION,hosp"]));
    let ev = base()
        .rows("events.csv", &["2024-03-04,assistance_request,hosp,BB,AV,"])
        .eval();
    assert_eq!(
        ev.rows("knows"),
        v(&[
            "AV,hosp,2024-03-04T00:00Z,notice",
            "BB,hosp,2024-03-02T08:00Z,notice"
        ])
    );
    assert_eq!(ev.rows("breach"), v(&["BB,DUTY-ACTION,hosp"]));
    assert_eq!(ev.rows("negligent"), v(&["BB,hosp"]));
}

// ------------------------------------------------------------------------------ no-due-diligence

/// `no-due-diligence`: no DUTY-* or INST-* obligation, breach, concern or recommendation,
/// no negligence and no SIG-RISK; significance and knowledge remain. Under kreuzer-2024
/// the same dataset yields each of them.
#[test]
fn no_due_diligence_profile_yields_no_duties() {
    let sc = everything_fails();
    let ev = sc.clone().profile("no-due-diligence").eval();
    for rel in [
        "obligation",
        "breach",
        "concern",
        "recommendation",
        "negligent",
    ] {
        assert_eq!(ev.rows(rel), v(NONE), "{rel}");
    }
    assert_eq!(
        ev.rows("knows"),
        v(&[
            "BB,hosp,2024-03-02T08:00Z,detection",
            "BB,spy,2024-03-10T00:00Z,detection",
            "CC,hosp,2024-03-10T00:00Z,notice"
        ])
    );
    assert_eq!(
        ev.rows("significant"),
        v(&["hosp,SIG-CI,lex_lata", "spy,SIG-ESPIONAGE,emerging"])
    );

    let ev = sc.eval();
    assert_eq!(
        of(&ev, "obligation", "DUTY-"),
        v(&[
            "BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata",
            "BB,DUTY-ACTION,spy,2024-03-10T00:00Z,emerging",
            "BB,DUTY-NOTIFY,hosp,2024-03-02T08:00Z,emerging",
            "BB,DUTY-NOTIFY,spy,2024-03-10T00:00Z,emerging",
            "BB,DUTY-VULN,,2024-01-10T00:00Z,lex_ferenda",
            "CC,DUTY-MLA,hosp,2024-03-10T00:00Z,lex_lata",
        ])
    );
    assert_has(&ev, "significant", "spy,SIG-RISK,emerging");
    assert_eq!(
        of(&ev, "breach", "DUTY-"),
        v(&["BB,DUTY-ACTION,hosp", "CC,DUTY-MLA,hosp"])
    );
    assert_eq!(
        ev.rows("concern"),
        v(&[
            "BB,DUTY-ACTION,spy",
            "BB,DUTY-NOTIFY,hosp",
            "BB,DUTY-NOTIFY,spy"
        ])
    );
    assert_has(&ev, "recommendation", "BB,DUTY-VULN");
    assert_has(&ev, "recommendation", "BB,INST-PROCEDURE");
    assert_eq!(ev.rows("negligent"), v(&["BB,hosp", "CC,hosp"]));
}
