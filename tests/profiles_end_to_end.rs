//! End to end under every shipped profile: one dataset evaluated under `kreuzer-2024`,
//! `tallinn-2`, `pure-sovereignty`, `no-due-diligence` and `collective-cm`, asserting the
//! exact conclusions in which the profiles differ as the catalogue's table P implies:
//! the sovereignty rule (none / territorial / pure), preventive duties and SIG-RISK, due
//! diligence off altogether, and collective countermeasures.
//!
//! The dataset (as of 2024-06-01): Borduria (BB) and Avalon (AV), Carpania (CC) a bystander.
//! - `hosp`: ransomware on Avalon's hospitals by Borduria's intelligence service (a state
//!   organ), from Borduria's territory, since 2024-03-01; Avalon notified Borduria on
//!   2024-03-02T08:00Z; Borduria never acted. Its own operation: no DUTY-ACTION about it
//!   (Readings settled, own operations), only conduct (NEG-1).
//! - `leak`: the same service's intrusion into Avalon's private sector (intrusive only).
//! - `mail`: the same service's intrusion into Avalon's government mail (espionage).
//! - `grid`: a DDoS on Avalon's energy grid from Borduria's territory, by no one attributed,
//!   starting 2024-05-20; Borduria detected its preparation on 2024-05-01 and did nothing.
//! - responses to `hosp`: `r-av` by Avalon, `r-cc` by Carpania on Avalon's behalf, both
//!   notified by Avalon on 2024-03-20, proportionate, reversible, without force.
//! - institutions: Borduria is documented as lacking a cybercrime law and human-rights
//!   safeguards (BREACH-INST and a recommendation wherever due diligence binds).

mod common;

use common::{Eval, Scenario};
use pretty_assertions::assert_eq;

const PROFILES: [&str; 5] = [
    "kreuzer-2024",
    "tallinn-2",
    "pure-sovereignty",
    "no-due-diligence",
    "collective-cm",
];

fn scenario() -> Scenario {
    Scenario::empty()
        .rows(
            "states.csv",
            &["AV,Avalon,high", "BB,Borduria,medium", "CC,Carpania,low"],
        )
        .rows(
            "incidents.csv",
            &[
                "hosp,Hospital ransomware,2024-03-01,ransomware,functionality,high,,targeted,0,0,,test",
                "leak,Private intrusion,2024-03-10,intrusion,confidentiality,moderate,,targeted,0,0,,test",
                "mail,Government mail intrusion,2024-03-10,intrusion,confidentiality,moderate,,targeted,0,0,,test",
                "grid,Grid DDoS,2024-05-20,ddos,functionality,high,,targeted,0,0,,test",
            ],
        )
        .rows(
            "targets.csv",
            &[
                "hosp,AV,health",
                "leak,AV,private",
                "mail,AV,government",
                "grid,AV,energy",
            ],
        )
        .rows(
            "origins.csv",
            &[
                "hosp,BB,territory",
                "leak,BB,territory",
                "mail,BB,territory",
                "grid,BB,territory",
            ],
        )
        .rows(
            "actors.csv",
            &["bb-intel,Borduria intelligence,state_organ,BB"],
        )
        .header("institutions.csv", "state,institution,since,status")
        .rows(
            "institutions.csv",
            &["BB,cybercrime_law,,absent", "BB,hr_safeguards,2020-01-01,absent"],
        )
        .rows(
            "perpetrators.csv",
            &["hosp,bb-intel", "leak,bb-intel", "mail,bb-intel"],
        )
        .rows(
            "events.csv",
            &[
                "2024-03-02T08:00Z,notification,hosp,AV,BB,",
                "2024-03-20,cm_notice,hosp,AV,BB,",
                "2024-05-01,detection,grid,BB,,",
            ],
        )
        .rows(
            "responses.csv",
            &[
                "r-av,2024-04-01,AV,BB,hosp,cyber,moderate,false,true,false,",
                "r-cc,2024-04-01,CC,BB,hosp,cyber,moderate,false,true,false,AV",
            ],
        )
}

fn eval(profile: &str) -> Eval {
    scenario().profile(profile).eval()
}

fn rows(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// The rows of `obligation` for incident-level duties (DUTY-*).
fn duties(ev: &Eval) -> Vec<String> {
    ev.rows("obligation")
        .into_iter()
        .filter(|r| r.split(',').nth(1).is_some_and(|d| d.starts_with("DUTY-")))
        .collect()
}

/// Significance: the sovereignty rule adds SIG-SOVEREIGNTY (territorial: disruption in the
/// target or governmental functions — `hosp`, `grid`, `mail`; pure: any cyber harm, `leak`
/// included); SIG-RISK (the imminent `grid`, known in advance) only where preventive duties
/// are adopted and due diligence is binding.
#[test]
fn significance_under_each_profile() {
    let kreuzer = rows(&[
        "grid,SIG-CI,lex_lata",
        "grid,SIG-RISK,lex_lata",
        "hosp,SIG-CI,lex_lata",
        "mail,SIG-ESPIONAGE,emerging",
    ]);
    assert_eq!(eval("kreuzer-2024").rows("significant"), kreuzer);
    assert_eq!(eval("collective-cm").rows("significant"), kreuzer);
    assert_eq!(
        eval("tallinn-2").rows("significant"),
        rows(&[
            "grid,SIG-CI,lex_lata",
            "grid,SIG-SOVEREIGNTY,lex_lata",
            "hosp,SIG-CI,lex_lata",
            "hosp,SIG-SOVEREIGNTY,lex_lata",
            "mail,SIG-ESPIONAGE,emerging",
            "mail,SIG-SOVEREIGNTY,lex_lata",
        ])
    );
    assert_eq!(
        eval("pure-sovereignty").rows("significant"),
        rows(&[
            "grid,SIG-CI,lex_lata",
            "grid,SIG-RISK,lex_lata",
            "grid,SIG-SOVEREIGNTY,lex_lata",
            "hosp,SIG-CI,lex_lata",
            "hosp,SIG-SOVEREIGNTY,lex_lata",
            "leak,SIG-SOVEREIGNTY,lex_lata",
            "mail,SIG-ESPIONAGE,emerging",
            "mail,SIG-SOVEREIGNTY,lex_lata",
        ])
    );
    assert_eq!(
        eval("no-due-diligence").rows("significant"),
        rows(&[
            "grid,SIG-CI,lex_lata",
            "hosp,SIG-CI,lex_lata",
            "mail,SIG-ESPIONAGE,emerging",
        ])
    );
}

/// NEG-1 under each profile: a sovereignty ground adopted by the profile is lex lata inside
/// it, so the espionage `mail` (territorial and pure) and the intrusive `leak` (pure only)
/// become violations; elsewhere `mail` stays a concern and `leak` nothing.
#[test]
fn violations_and_neg_concerns_under_each_profile() {
    let kreuzer = rows(&["BB,hosp,SIG-CI"]);
    for p in ["kreuzer-2024", "collective-cm", "no-due-diligence"] {
        let ev = eval(p);
        assert_eq!(ev.rows("violation"), kreuzer, "{p}");
        assert!(
            ev.rows("concern").contains(&"BB,NEG-1,mail".to_string()),
            "{p}"
        );
    }
    let tallinn = eval("tallinn-2");
    assert_eq!(
        tallinn.rows("violation"),
        rows(&[
            "BB,hosp,SIG-CI",
            "BB,hosp,SIG-SOVEREIGNTY",
            "BB,mail,SIG-SOVEREIGNTY"
        ])
    );
    let pure = eval("pure-sovereignty");
    assert_eq!(
        pure.rows("violation"),
        rows(&[
            "BB,hosp,SIG-CI",
            "BB,hosp,SIG-SOVEREIGNTY",
            "BB,leak,SIG-SOVEREIGNTY",
            "BB,mail,SIG-SOVEREIGNTY",
        ])
    );
    // Concerns: NEG-1 for `mail` where it is no violation; DUTY-NOTIFY (emerging) for `grid`
    // wherever due diligence applies (Avalon did not tell Borduria of `grid`).
    let kreuzer_concern = rows(&["BB,DUTY-NOTIFY,grid", "BB,NEG-1,mail"]);
    assert_eq!(eval("kreuzer-2024").rows("concern"), kreuzer_concern);
    assert_eq!(eval("collective-cm").rows("concern"), kreuzer_concern);
    assert_eq!(tallinn.rows("concern"), rows(&["BB,DUTY-NOTIFY,grid"]));
    assert_eq!(pure.rows("concern"), rows(&["BB,DUTY-NOTIFY,grid"]));
    assert_eq!(
        eval("no-due-diligence").rows("concern"),
        rows(&["BB,NEG-1,mail"])
    );
}

/// Preventive duties: with SIG-RISK (kreuzer-2024 and those following it) Borduria's duty
/// about `grid` runs from its detection on 2024-05-01; `tallinn-2` rejects preventive
/// duties, so it runs from the start on 2024-05-20 (Readings settled); `no-due-diligence`
/// has no duties at all. About its own operation `hosp` Borduria owes no duty under any
/// profile (own operations).
#[test]
fn duties_under_each_profile() {
    let preventive = rows(&[
        "BB,DUTY-ACTION,grid,2024-05-01T00:00Z,lex_lata",
        "BB,DUTY-NOTIFY,grid,2024-05-01T00:00Z,emerging",
    ]);
    for p in ["kreuzer-2024", "pure-sovereignty", "collective-cm"] {
        assert_eq!(duties(&eval(p)), preventive, "{p}");
    }
    assert_eq!(
        duties(&eval("tallinn-2")),
        rows(&[
            "BB,DUTY-ACTION,grid,2024-05-20T00:00Z,lex_lata",
            "BB,DUTY-NOTIFY,grid,2024-05-20T00:00Z,emerging",
        ])
    );
    for p in [
        "kreuzer-2024",
        "tallinn-2",
        "pure-sovereignty",
        "collective-cm",
    ] {
        assert_eq!(eval(p).rows("negligent"), rows(&["BB,grid"]), "{p}");
    }
}

/// Due diligence off (`no-due-diligence`): no DUTY-*/INST-* obligations, breaches,
/// negligence, concerns about duties or recommendations; NEG-1 conduct and its wrongful act
/// remain.
#[test]
fn no_due_diligence_keeps_only_the_negative_dimension() {
    let ev = eval("no-due-diligence");
    for rel in ["obligation", "breach", "negligent", "recommendation"] {
        assert_eq!(ev.rows(rel), rows(&[]), "{rel}");
    }
    assert_eq!(ev.rows("wrongful"), rows(&["BB,AV,hosp,conduct"]));
    let with_dd = eval("kreuzer-2024");
    assert!(!with_dd.rows("recommendation").is_empty());
    assert!(with_dd
        .rows("breach")
        .contains(&"BB,INST-CRIMINALIZE,".to_string()));
}

/// Wrongful acts under each profile: negligence only where due diligence is binding;
/// conduct follows the violations.
#[test]
fn wrongful_acts_under_each_profile() {
    let kreuzer = rows(&["BB,AV,grid,negligence", "BB,AV,hosp,conduct"]);
    assert_eq!(eval("kreuzer-2024").rows("wrongful"), kreuzer);
    assert_eq!(eval("collective-cm").rows("wrongful"), kreuzer);
    assert_eq!(
        eval("tallinn-2").rows("wrongful"),
        rows(&[
            "BB,AV,grid,negligence",
            "BB,AV,hosp,conduct",
            "BB,AV,mail,conduct",
        ])
    );
    assert_eq!(
        eval("pure-sovereignty").rows("wrongful"),
        rows(&[
            "BB,AV,grid,negligence",
            "BB,AV,hosp,conduct",
            "BB,AV,leak,conduct",
            "BB,AV,mail,conduct",
        ])
    );
}

/// Collective countermeasures: Carpania's response on Avalon's behalf is admissible only
/// under `collective-cm`; Avalon's own response is admissible under every profile (under
/// `no-due-diligence` it answers Borduria's conduct).
#[test]
fn collective_countermeasures_under_each_profile() {
    for p in PROFILES {
        let ev = eval(p);
        if p == "collective-cm" {
            assert_eq!(ev.rows("admissible"), rows(&["r-av", "r-cc"]), "{p}");
            assert_eq!(ev.rows("inadmissible"), rows(&[]), "{p}");
        } else {
            assert_eq!(ev.rows("admissible"), rows(&["r-av"]), "{p}");
            assert_eq!(
                ev.rows("inadmissible"),
                rows(&["r-cc,CM-COLLECTIVE"]),
                "{p}"
            );
        }
    }
}
