//! Rule tests for the families NEG, DUTY-SUPPLY-CHAIN, RESP and CM of the catalogue
//! (`shared/spec/doctrine.md`, with its "Readings settled"): for every rule id a scenario
//! where it fires and one where it must not, each built with `common::Scenario` (real CSV
//! files through the real loader and the real evaluation) and asserting exact rows of
//! `violation`, `concern`, `wrongful`, `consequence`, `admissible` and `inadmissible`.
//!
//! Most scenarios start from `Scenario::base()`: ransomware `hosp` on Avalon's (AV)
//! hospitals, run from Borduria's (BB) territory since 2024-03-01 and still ongoing; Avalon
//! notified Borduria on 2024-03-02T08:00Z, so Borduria's 72-hour window for DUTY-ACTION ends
//! 2024-03-05T08:00Z; evaluated as of 2024-06-01. Carpania (CC) is a third state.

mod common;

use common::{assert_has, assert_lacks, Eval, Scenario};
use pretty_assertions::assert_eq;

// ------------------------------------------------------------------------ helpers

/// The base incident row with another start, end, effect or loss
/// (columns id,title,start,vector,effect,severity,end,scale,casualties,loss_usd,campaign,source).
fn hosp(start: &str, end: &str, effect: &str, loss: u64) -> String {
    format!(
        "hosp,Hospital ransomware,{start},ransomware,{effect},high,{end},targeted,0,{loss},,test"
    )
}

/// The base scenario with the `hosp` row replaced.
fn base_with(start: &str, end: &str, effect: &str, loss: u64) -> Scenario {
    Scenario::base().replace("incidents.csv", &[hosp(start, end, effect, loss).as_str()])
}

/// Two actors: Borduria's intelligence service (a state organ) and a criminal gang based
/// in Borduria (no state organ).
fn actors(sc: Scenario) -> Scenario {
    sc.rows(
        "actors.csv",
        &[
            "bb-intel,Borduria intelligence,state_organ,BB",
            "gang,Ransom gang,criminal_group,BB",
        ],
    )
}

/// The incident was run by Borduria's intelligence service (ATTR-ORGAN: attributed to BB).
fn by_organ(sc: Scenario, incident: &str) -> Scenario {
    let row = format!("{incident},bb-intel");
    actors(sc).rows("perpetrators.csv", &[row.as_str()])
}

/// The incident was run by the criminal gang (not attributed to any state).
fn by_gang(sc: Scenario, incident: &str) -> Scenario {
    let row = format!("{incident},gang");
    actors(sc).rows("perpetrators.csv", &[row.as_str()])
}

/// A supply-chain compromise `upd` (confidentiality, low severity: no significance ground)
/// started 2024-03-01 from Borduria's territory, against the given targets (`STATE,SECTOR`).
fn supply_chain(start: &str, vector: &str, targets: &[&str]) -> Scenario {
    let inc =
        format!("upd,Update compromise,{start},{vector},confidentiality,low,,targeted,0,0,,test");
    let targets: Vec<String> = targets.iter().map(|t| format!("upd,{t}")).collect();
    let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
    Scenario::base()
        .replace("incidents.csv", &[inc.as_str()])
        .replace("targets.csv", &targets)
        .replace("origins.csv", &["upd,BB,territory"])
        .replace("events.csv", &[])
}

/// A user profile file inheriting `kreuzer-2024` with `positions` (TOML lines) set.
fn user_profile(dir: &tempfile::TempDir, positions: &str) -> String {
    let path = dir.path().join("test-profile.toml");
    std::fs::write(
        &path,
        format!("inherits = \"kreuzer-2024\"\n\n[positions]\n{positions}\n"),
    )
    .unwrap();
    path.to_string_lossy().into_owned()
}

/// Sorted owned rows, to compare with `Eval::rows` (which sorts).
fn rows(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// The rows of a relation whose column `col` (0-based) is `value`.
fn where_col(ev: &Eval, rel: &str, col: usize, value: &str) -> Vec<String> {
    ev.rows(rel)
        .into_iter()
        .filter(|r| r.split(',').nth(col) == Some(value))
        .collect()
}

/// One candidate response (`responses.csv`: id,time,by,against,incident,means,severity,
/// uses_force,reversible,urgent,on_behalf_of). Defaults: Avalon against Borduria about
/// `hosp` on 2024-04-01, cyber means, moderate, no force, reversible, not urgent, own name.
#[derive(Clone)]
struct Resp {
    id: &'static str,
    time: &'static str,
    by: &'static str,
    against: &'static str,
    incident: &'static str,
    means: &'static str,
    severity: &'static str,
    force: bool,
    reversible: bool,
    urgent: bool,
    obo: &'static str,
}

impl Resp {
    fn new(id: &'static str) -> Self {
        Resp {
            id,
            time: "2024-04-01",
            by: "AV",
            against: "BB",
            incident: "hosp",
            means: "cyber",
            severity: "moderate",
            force: false,
            reversible: true,
            urgent: false,
            obo: "",
        }
    }
    fn time(mut self, t: &'static str) -> Self {
        self.time = t;
        self
    }
    fn by(mut self, s: &'static str) -> Self {
        self.by = s;
        self
    }
    fn against(mut self, s: &'static str) -> Self {
        self.against = s;
        self
    }
    fn means(mut self, m: &'static str) -> Self {
        self.means = m;
        self
    }
    fn severity(mut self, s: &'static str) -> Self {
        self.severity = s;
        self
    }
    fn force(mut self) -> Self {
        self.force = true;
        self
    }
    fn irreversible(mut self) -> Self {
        self.reversible = false;
        self
    }
    fn urgent(mut self) -> Self {
        self.urgent = true;
        self
    }
    fn on_behalf_of(mut self, s: &'static str) -> Self {
        self.obo = s;
        self
    }
    fn row(&self) -> String {
        let r = self;
        format!(
            "{},{},{},{},{},{},{},{},{},{},{}",
            r.id,
            r.time,
            r.by,
            r.against,
            r.incident,
            r.means,
            r.severity,
            r.force,
            r.reversible,
            r.urgent,
            r.obo
        )
    }
}

/// Adds responses to a scenario.
fn respond(sc: Scenario, rs: &[Resp]) -> Scenario {
    let rows: Vec<String> = rs.iter().map(Resp::row).collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    sc.rows("responses.csv", &rows)
}

/// The base scenario (Borduria in breach of DUTY-ACTION towards Avalon since the window
/// ended 2024-03-05T08:00Z) with Avalon's countermeasure notice to Borduria on 2024-03-20.
fn cm_base() -> Scenario {
    Scenario::base().rows("events.csv", &["2024-03-20,cm_notice,hosp,AV,BB,"])
}

/// `admissible` and `inadmissible` rows of a scenario.
fn verdict(sc: &Scenario) -> (Vec<String>, Vec<String>) {
    let ev = sc.eval();
    (ev.rows("admissible"), ev.rows("inadmissible"))
}

// ------------------------------------------------------------------------ NEG-1

/// NEG-1: an operation of a state organ (attributed), transboundary and significant on a
/// lex lata ground is a violation by that state, naming the ground.
#[test]
fn neg_1_fires_for_state_organ_with_lex_lata_ground() {
    let ev = by_organ(Scenario::base(), "hosp").eval();
    assert_eq!(ev.rows("violation"), rows(&["BB,hosp,SIG-CI"]));
    assert_lacks(&ev, "concern", "BB,NEG-1,hosp");
}

/// NEG-1: one violation row per lex lata ground (here SIG-CI and SIG-INTERVENTION against a
/// bank); an emerging ground of the same incident (SIG-ECONOMIC) is neither a violation nor
/// turns the violation into a concern.
#[test]
fn neg_1_names_every_lex_lata_ground_and_no_emerging_one() {
    let sc = by_organ(
        base_with("2024-03-01", "", "functionality", 20_000_000),
        "hosp",
    )
    .replace("targets.csv", &["hosp,AV,finance"]);
    let ev = sc.eval();
    assert_has(&ev, "significant", "hosp,SIG-ECONOMIC,emerging");
    assert_eq!(
        ev.rows("violation"),
        rows(&["BB,hosp,SIG-CI", "BB,hosp,SIG-INTERVENTION"])
    );
    assert_lacks(&ev, "concern", "BB,NEG-1,hosp");
}

/// NEG-1 must not fire without attribution: the same operation run by a criminal gang based
/// in Borduria (the rule is an accountability mechanism when attribution fails, F2).
#[test]
fn neg_1_not_without_attribution() {
    let ev = by_gang(Scenario::base(), "hosp").eval();
    assert_eq!(ev.rows("attributed"), rows(&[]));
    assert_eq!(ev.rows("violation"), rows(&[]));
    assert_eq!(where_col(&ev, "concern", 1, "NEG-1"), rows(&[]));
    assert_eq!(
        ev.rows("wrongful"),
        rows(&["BB,AV,hosp,negligence"]),
        "only negligence remains"
    );
}

/// NEG-1 (Readings settled): an attributed operation significant only on emerging grounds
/// (espionage against Avalon's government, SIG-ESPIONAGE) is `concern(S, NEG-1, I)`, not a
/// violation, and no wrongful act.
#[test]
fn neg_1_emerging_ground_only_is_a_concern() {
    let sc = by_organ(base_with("2024-03-01", "", "confidentiality", 0), "hosp")
        .replace("targets.csv", &["hosp,AV,government"])
        .replace("events.csv", &[]);
    let ev = sc.eval();
    assert_eq!(
        ev.rows("significant"),
        rows(&["hosp,SIG-ESPIONAGE,emerging"])
    );
    assert_eq!(ev.rows("violation"), rows(&[]));
    assert_eq!(ev.rows("concern"), rows(&["BB,NEG-1,hosp"]));
    assert_eq!(ev.rows("wrongful"), rows(&[]));
}

/// NEG-1's concern must not fire without attribution either.
#[test]
fn neg_1_no_concern_without_attribution() {
    let sc = by_gang(base_with("2024-03-01", "", "confidentiality", 0), "hosp")
        .replace("targets.csv", &["hosp,AV,government"])
        .replace("events.csv", &[]);
    let ev = sc.eval();
    assert_eq!(
        ev.rows("significant"),
        rows(&["hosp,SIG-ESPIONAGE,emerging"])
    );
    assert_eq!(ev.rows("concern"), rows(&[]));
}

/// NEG-1 (Readings settled): the incident must have started by as_of; an operation that
/// starts after as_of yields no violation and no concern. Starting exactly at as_of counts.
#[test]
fn neg_1_not_before_the_operation_starts() {
    for (effect, sector) in [
        ("functionality", "health"),
        ("confidentiality", "government"),
    ] {
        let target = format!("hosp,AV,{sector}");
        let late = by_organ(base_with("2024-06-02", "", effect, 0), "hosp")
            .replace("targets.csv", &[target.as_str()])
            .replace("events.csv", &[]);
        let ev = late.eval();
        assert_eq!(ev.rows("violation"), rows(&[]), "{effect}");
        assert_eq!(ev.rows("concern"), rows(&[]), "{effect}");
        assert_eq!(ev.rows("wrongful"), rows(&[]), "{effect}");
    }
    let at_as_of = by_organ(base_with("2024-06-01", "", "functionality", 0), "hosp")
        .replace("events.csv", &[])
        .eval();
    assert_eq!(at_as_of.rows("violation"), rows(&["BB,hosp,SIG-CI"]));
    let spy_at_as_of = by_organ(base_with("2024-06-01", "", "confidentiality", 0), "hosp")
        .replace("targets.csv", &["hosp,AV,government"])
        .replace("events.csv", &[])
        .eval();
    assert_eq!(spy_at_as_of.rows("concern"), rows(&["BB,NEG-1,hosp"]));
}

/// NEG-1 (Readings settled): a state that runs an operation through a third country's
/// servers still conducts it: Borduria's organ, origin Carpania only.
#[test]
fn neg_1_fires_for_attributed_state_that_is_not_an_origin() {
    let sc = by_organ(Scenario::base(), "hosp")
        .replace("origins.csv", &["hosp,CC,territory"])
        .replace("events.csv", &[]);
    let ev = sc.eval();
    assert_eq!(ev.rows("emanates"), rows(&["hosp,CC,territory"]));
    assert_eq!(ev.rows("violation"), rows(&["BB,hosp,SIG-CI"]));
    assert_eq!(ev.rows("wrongful"), rows(&["BB,AV,hosp,conduct"]));
}

/// NEG-1 must not fire towards the attributed state itself: an operation by Borduria's organ
/// through Carpania's servers against Borduria's own hospitals (and Avalon's private sector,
/// where no ground holds) is not transboundary conduct.
#[test]
fn neg_1_not_when_the_only_significant_target_is_the_attributed_state() {
    let sc = by_organ(Scenario::base(), "hosp")
        .replace("origins.csv", &["hosp,CC,territory"])
        .replace("targets.csv", &["hosp,BB,health", "hosp,AV,private"])
        .replace("events.csv", &[]);
    let ev = sc.eval();
    assert_eq!(ev.rows("significant"), rows(&["hosp,SIG-CI,lex_lata"]));
    assert_eq!(ev.rows("violation"), rows(&[]));
    assert_eq!(ev.rows("concern"), rows(&[]));
    assert_eq!(ev.rows("wrongful"), rows(&[]));
}

// ------------------------------------------------------------------------ DUTY-SUPPLY-CHAIN

/// DUTY-SUPPLY-CHAIN: a started, transboundary supply-chain operation attributed to S is a
/// violation; it needs no significance (here none holds).
#[test]
fn duty_supply_chain_fires_without_significance() {
    let ev = by_organ(
        supply_chain("2024-03-01", "supply_chain", &["AV,private"]),
        "upd",
    )
    .eval();
    assert_eq!(ev.rows("significant"), rows(&[]));
    assert_eq!(ev.rows("violation"), rows(&["BB,upd,DUTY-SUPPLY-CHAIN"]));
    assert_eq!(ev.rows("concern"), rows(&[]));
}

/// DUTY-SUPPLY-CHAIN is kept under every profile, `no-due-diligence` included.
#[test]
fn duty_supply_chain_kept_under_no_due_diligence() {
    for profile in [
        "kreuzer-2024",
        "tallinn-2",
        "pure-sovereignty",
        "no-due-diligence",
        "collective-cm",
    ] {
        let ev = by_organ(
            supply_chain("2024-03-01", "supply_chain", &["AV,private"]),
            "upd",
        )
        .profile(profile)
        .eval();
        assert_has(&ev, "violation", "BB,upd,DUTY-SUPPLY-CHAIN");
    }
}

/// DUTY-SUPPLY-CHAIN must not fire when the operation is not attributed (a gang, even one
/// Borduria's organ merely supports).
#[test]
fn duty_supply_chain_not_when_not_attributed() {
    let sc = by_gang(
        supply_chain("2024-03-01", "supply_chain", &["AV,private"]),
        "upd",
    );
    assert_eq!(sc.eval().rows("violation"), rows(&[]));
    let supported = sc.rows("control.csv", &["bb-intel,gang,support"]);
    assert_eq!(supported.eval().rows("violation"), rows(&[]));
}

/// DUTY-SUPPLY-CHAIN must not fire before the operation starts (as_of 2024-06-01).
#[test]
fn duty_supply_chain_not_before_start() {
    let late = by_organ(
        supply_chain("2024-06-02", "supply_chain", &["AV,private"]),
        "upd",
    );
    assert_eq!(late.eval().rows("violation"), rows(&[]));
    let at = by_organ(
        supply_chain("2024-06-01", "supply_chain", &["AV,private"]),
        "upd",
    );
    assert_eq!(
        at.eval().rows("violation"),
        rows(&["BB,upd,DUTY-SUPPLY-CHAIN"])
    );
}

/// DUTY-SUPPLY-CHAIN must not fire for another vector, nor when the only target is the
/// attributed state itself (not transboundary).
#[test]
fn duty_supply_chain_not_for_other_vectors_or_own_territory() {
    let malware = by_organ(
        supply_chain("2024-03-01", "malware", &["AV,private"]),
        "upd",
    );
    assert_eq!(malware.eval().rows("violation"), rows(&[]));
    let own = by_organ(
        supply_chain("2024-03-01", "supply_chain", &["BB,private"]),
        "upd",
    );
    assert_eq!(own.eval().rows("violation"), rows(&[]));
}

// ------------------------------------------------------------------------ RESP-1

/// RESP-1 (negligence): negligence about I injures every target state of I other than S,
/// whether or not the harm to it is significant (Carpania's private sector here).
#[test]
fn resp_1_negligence_injures_every_target_other_than_s() {
    let sc = Scenario::base().replace(
        "targets.csv",
        &["hosp,AV,health", "hosp,CC,private", "hosp,BB,health"],
    );
    let ev = sc.eval();
    assert_eq!(ev.rows("negligent"), rows(&["BB,hosp"]));
    assert_eq!(
        ev.rows("wrongful"),
        rows(&["BB,AV,hosp,negligence", "BB,CC,hosp,negligence"])
    );
}

/// RESP-1 (negligence) from a breach of DUTY-MLA by a state that is not an origin: Carpania
/// never answered Avalon's request.
#[test]
fn resp_1_negligence_from_an_mla_breach() {
    let sc = Scenario::base().rows("events.csv", &["2024-03-10,mla_request,hosp,AV,CC,"]);
    let ev = sc.eval();
    assert_has(&ev, "breach", "CC,DUTY-MLA,hosp");
    assert_has(&ev, "wrongful", "CC,AV,hosp,negligence");
}

/// RESP-1 must not fire without a breach or a violation: Borduria took a measure in time.
#[test]
fn resp_1_not_without_breach_or_violation() {
    let sc = Scenario::base().rows("events.csv", &["2024-03-03,measure,hosp,BB,,investigate"]);
    let ev = sc.eval();
    assert_eq!(ev.rows("negligent"), rows(&[]));
    assert_eq!(ev.rows("wrongful"), rows(&[]));
    assert_eq!(ev.rows("consequence"), rows(&[]));
}

/// RESP-1 must not turn an institutional breach (BREACH-INST, not about an incident; here
/// Borduria's documented lack of a cybercrime law) into a wrongful act towards anyone.
#[test]
fn resp_1_not_for_institutional_breaches() {
    let ev = Scenario::base()
        .replace("events.csv", &[])
        .header("institutions.csv", "state,institution,since,status")
        .rows("institutions.csv", &["BB,cybercrime_law,,absent"])
        .eval();
    assert_has(&ev, "breach", "BB,INST-CRIMINALIZE,");
    assert_eq!(ev.rows("wrongful"), rows(&[]));
}

/// RESP-1 (conduct): NEG-1 conduct injures the targets towards which a lex lata ground
/// holds — Avalon (SIG-CI), not Carpania (only SIG-ECONOMIC, emerging, on its private sector).
#[test]
fn resp_1_conduct_injures_targets_with_a_lex_lata_ground() {
    let sc = by_organ(
        base_with("2024-03-01", "", "functionality", 20_000_000),
        "hosp",
    )
    .replace("targets.csv", &["hosp,AV,health", "hosp,CC,private"])
    .replace("events.csv", &[]);
    let ev = sc.eval();
    assert_eq!(
        ev.rows("significant"),
        rows(&["hosp,SIG-CI,lex_lata", "hosp,SIG-ECONOMIC,emerging"])
    );
    assert_eq!(ev.rows("wrongful"), rows(&["BB,AV,hosp,conduct"]));
}

/// RESP-1 (conduct): DUTY-SUPPLY-CHAIN conduct injures every target state other than S.
#[test]
fn resp_1_supply_chain_conduct_injures_every_other_target() {
    let sc = by_organ(
        supply_chain(
            "2024-03-01",
            "supply_chain",
            &["AV,private", "CC,private", "BB,private"],
        ),
        "upd",
    );
    let ev = sc.eval();
    assert_eq!(
        ev.rows("wrongful"),
        rows(&["BB,AV,upd,conduct", "BB,CC,upd,conduct"])
    );
}

/// RESP-1 (conduct) must not fire for an attributed operation with no violation: espionage
/// significant only on an emerging ground.
#[test]
fn resp_1_no_conduct_without_violation() {
    let sc = by_organ(base_with("2024-03-01", "", "confidentiality", 0), "hosp")
        .replace("targets.csv", &["hosp,AV,government"])
        .replace("events.csv", &[]);
    assert_eq!(sc.eval().rows("wrongful"), rows(&[]));
}

// ------------------------------------------------------------------------ RESP-CESSATION

/// RESP-CESSATION (BREACH-ACTION): the incident is ongoing at as_of and no measure came
/// later, so Borduria must cease; the disruptive harm also calls for compensation.
#[test]
fn resp_cessation_fires_for_ongoing_breach_of_action() {
    let ev = Scenario::base().eval();
    assert_eq!(
        ev.rows("consequence"),
        rows(&["BB,AV,hosp,cessation", "BB,AV,hosp,compensation"])
    );
}

/// RESP-CESSATION (BREACH-ACTION) must not fire once a later measure came (after the window:
/// the breach stays, the wrongful act no longer continues).
#[test]
fn resp_cessation_ended_by_a_later_measure() {
    let sc = Scenario::base().rows("events.csv", &["2024-04-01,measure,hosp,BB,,takedown"]);
    let ev = sc.eval();
    assert_has(&ev, "breach", "BB,DUTY-ACTION,hosp");
    assert_eq!(ev.rows("wrongful"), rows(&["BB,AV,hosp,negligence"]));
    assert_eq!(ev.rows("consequence"), rows(&["BB,AV,hosp,compensation"]));
}

/// RESP-CESSATION (BREACH-ACTION) must not fire when the incident has ended by as_of (an
/// incident is ongoing at t when start <= t < end: ending exactly at as_of is ended).
#[test]
fn resp_cessation_not_for_an_ended_incident() {
    for end in ["2024-04-01", "2024-06-01"] {
        let ev = base_with("2024-03-01", end, "functionality", 0).eval();
        assert_has(&ev, "breach", "BB,DUTY-ACTION,hosp");
        assert_eq!(
            ev.rows("consequence"),
            rows(&["BB,AV,hosp,compensation"]),
            "{end}"
        );
    }
    let ev = base_with("2024-03-01", "2024-06-02", "functionality", 0).eval();
    assert_has(&ev, "consequence", "BB,AV,hosp,cessation");
}

/// The MLA scenario: the incident ended 2024-03-10 and Borduria was never told (no duty to
/// act); Avalon asked Carpania for legal assistance on 2024-03-15: the MLA answer window
/// ends 2024-04-14 under `kreuzer-2024` and `tallinn-2` (720 h), 2024-03-18 under a user
/// profile with `mla_window_hours = 72`.
fn mla_case(answer: &[&str]) -> Scenario {
    base_with("2024-03-01", "2024-03-10", "functionality", 0)
        .replace("events.csv", &["2024-03-15,mla_request,hosp,AV,CC,"])
        .rows("events.csv", answer)
}

/// The profiles of the MLA tests with a time after the request's MLA answer window, and a
/// temporary folder holding the user profile: `(profile, after the window)`.
fn mla_profiles() -> (tempfile::TempDir, Vec<(String, &'static str)>) {
    let dir = tempfile::tempdir().unwrap();
    let user = user_profile(&dir, "mla_window_hours = 72");
    let list = vec![
        ("kreuzer-2024".to_string(), "2024-04-20"),
        ("tallinn-2".to_string(), "2024-04-20"),
        (user, "2024-04-01"),
    ];
    (dir, list)
}

/// RESP-CESSATION (BREACH-MLA): no compliant answer ever came (silence, or a bare
/// `refused`), so Carpania must cease. RESP-COMPENSATION (amended) does not arise: the
/// operation had ended (2024-03-10) before the failure was complete, so the failure could
/// not have caused its harm; satisfaction is owed instead (RESP-SATISFACTION).
#[test]
fn resp_cessation_fires_for_unanswered_mla_request() {
    let (_dir, profiles) = mla_profiles();
    for (profile, _) in &profiles {
        for answer in [&[][..], &["2024-04-01,mla_response,hosp,CC,AV,refused"][..]] {
            let ev = mla_case(answer).profile(profile).eval();
            assert_eq!(ev.rows("wrongful"), rows(&["CC,AV,hosp,negligence"]));
            assert_eq!(
                ev.rows("consequence"),
                rows(&["CC,AV,hosp,cessation", "CC,AV,hosp,satisfaction"]),
                "{profile}: {answer:?}"
            );
        }
    }
}

/// RESP-CESSATION (BREACH-MLA, amended) must not fire for a compliant answer after the
/// window (granted, or refused with reasons): it is late, a concern, not a breach, so there
/// is no wrongful act at all.
#[test]
fn resp_cessation_not_after_a_late_compliant_mla_answer() {
    let (_dir, profiles) = mla_profiles();
    for (profile, after) in &profiles {
        for outcome in ["granted", "refused_with_reasons"] {
            let answer = format!("{after},mla_response,hosp,CC,AV,{outcome}");
            let ev = mla_case(&[answer.as_str()]).profile(profile).eval();
            assert_eq!(ev.rows("breach"), rows(&[]), "{profile}: {outcome}");
            assert_eq!(ev.rows("concern"), rows(&["CC,DUTY-MLA,hosp"]));
            assert_eq!(ev.rows("wrongful"), rows(&[]));
            assert_eq!(ev.rows("consequence"), rows(&[]), "{profile}: {outcome}");
        }
    }
}

/// RESP-CESSATION (BREACH-MLA): a second request still inside its window (2024-05-31) is
/// not a breach, so beside a first request answered late it leaves no wrongful act.
#[test]
fn resp_cessation_mla_not_continued_by_a_pending_request() {
    let (_dir, profiles) = mla_profiles();
    for (profile, after) in &profiles {
        let answer = format!("{after},mla_response,hosp,CC,AV,granted");
        let ev = mla_case(&[answer.as_str(), "2024-05-31,mla_request,hosp,AV,CC,"])
            .profile(profile)
            .eval();
        assert_eq!(ev.rows("breach"), rows(&[]), "{profile}");
        assert_eq!(ev.rows("consequence"), rows(&[]), "{profile}");
    }
}

/// RESP-CESSATION (BREACH-NOTIFY, under a profile that makes DUTY-NOTIFY binding): Borduria
/// detected the operation itself and acted in time, but never warned Avalon: it must cease
/// until a warning comes; a later warning ends it.
#[test]
fn resp_cessation_breach_notify_until_a_later_warning() {
    let dir = tempfile::tempdir().unwrap();
    let profile = user_profile(&dir, "notify = \"binding\"");
    let sc = Scenario::base()
        .replace(
            "events.csv",
            &[
                "2024-03-02T08:00Z,detection,hosp,BB,,",
                "2024-03-03,measure,hosp,BB,,investigate",
            ],
        )
        .profile(&profile);
    let ev = sc.eval();
    assert_eq!(
        ev.rows("breach")
            .iter()
            .filter(|r| r.contains("hosp"))
            .count(),
        1
    );
    assert_has(&ev, "breach", "BB,DUTY-NOTIFY,hosp");
    assert_eq!(
        ev.rows("consequence"),
        rows(&["BB,AV,hosp,cessation", "BB,AV,hosp,compensation"])
    );
    let warned = sc
        .rows("events.csv", &["2024-04-01,warning,hosp,BB,AV,"])
        .eval();
    assert_has(&warned, "breach", "BB,DUTY-NOTIFY,hosp");
    assert_eq!(
        warned.rows("consequence"),
        rows(&["BB,AV,hosp,compensation"])
    );
}

/// RESP-CESSATION (conduct): NEG-1 conduct continues while the incident is ongoing at as_of.
#[test]
fn resp_cessation_fires_for_ongoing_conduct() {
    let ev = by_organ(Scenario::base().replace("events.csv", &[]), "hosp").eval();
    assert_eq!(ev.rows("wrongful"), rows(&["BB,AV,hosp,conduct"]));
    assert_eq!(
        ev.rows("consequence"),
        rows(&["BB,AV,hosp,cessation", "BB,AV,hosp,compensation"])
    );
}

/// RESP-CESSATION (conduct) must not fire once the operation has ended.
#[test]
fn resp_cessation_not_for_ended_conduct() {
    let sc = by_organ(
        base_with("2024-03-01", "2024-04-01", "functionality", 0).replace("events.csv", &[]),
        "hosp",
    );
    let ev = sc.eval();
    assert_eq!(ev.rows("wrongful"), rows(&["BB,AV,hosp,conduct"]));
    assert_eq!(ev.rows("consequence"), rows(&["BB,AV,hosp,compensation"]));
}

/// RESP-CESSATION (DUTY-SUPPLY-CHAIN conduct): ongoing, so cessation; an intrusive
/// compromise without loss owes no compensation (RESP-COMPENSATION must not fire), but
/// satisfaction (RESP-SATISFACTION).
#[test]
fn resp_cessation_for_supply_chain_conduct_without_compensation() {
    let ev = by_organ(
        supply_chain("2024-03-01", "supply_chain", &["AV,private"]),
        "upd",
    )
    .eval();
    assert_eq!(
        ev.rows("consequence"),
        rows(&["BB,AV,upd,cessation", "BB,AV,upd,satisfaction"])
    );
}

// ------------------------------------------------------------------------ RESP-COMPENSATION

/// RESP-COMPENSATION: disruptive harm occurred, no compensation paid.
#[test]
fn resp_compensation_fires_for_disruptive_harm() {
    let ev = base_with("2024-03-01", "2024-04-01", "functionality", 0).eval();
    assert_eq!(ev.rows("consequence"), rows(&["BB,AV,hosp,compensation"]));
}

/// RESP-COMPENSATION: intrusive harm (to the public core: SIG-PUBLIC-CORE) counts as harm
/// when it caused a loss; without a loss it owes no compensation, but satisfaction.
#[test]
fn resp_compensation_for_intrusive_harm_only_with_loss() {
    let dns = |loss: u64| {
        base_with("2024-03-01", "", "confidentiality", loss)
            .replace("targets.csv", &["hosp,AV,public_core"])
            .eval()
    };
    let with_loss = dns(5_000);
    assert_eq!(with_loss.rows("wrongful"), rows(&["BB,AV,hosp,negligence"]));
    assert_eq!(
        with_loss.rows("consequence"),
        rows(&["BB,AV,hosp,cessation", "BB,AV,hosp,compensation"])
    );
    let without = dns(0);
    assert_eq!(without.rows("wrongful"), rows(&["BB,AV,hosp,negligence"]));
    assert_eq!(
        without.rows("consequence"),
        rows(&["BB,AV,hosp,cessation", "BB,AV,hosp,satisfaction"])
    );
}

/// RESP-COMPENSATION must not fire once S paid V (the payment to another injured state does
/// not discharge what is owed to Avalon).
#[test]
fn resp_compensation_ended_by_payment_to_that_state() {
    let paid = Scenario::base().rows("events.csv", &["2024-05-01,compensation,hosp,BB,AV,"]);
    assert_eq!(
        paid.eval().rows("consequence"),
        rows(&["BB,AV,hosp,cessation"])
    );
    let paid_cc = Scenario::base()
        .replace("targets.csv", &["hosp,AV,health", "hosp,CC,health"])
        .rows("events.csv", &["2024-05-01,compensation,hosp,BB,CC,"]);
    assert_eq!(
        paid_cc.eval().rows("consequence"),
        rows(&[
            "BB,AV,hosp,cessation",
            "BB,AV,hosp,compensation",
            "BB,CC,hosp,cessation"
        ])
    );
}

/// RESP-COMPENSATION: a payment after as_of is ignored (Readings settled, Time).
#[test]
fn resp_compensation_payment_after_as_of_ignored() {
    let sc = Scenario::base().rows("events.csv", &["2024-06-02,compensation,hosp,BB,AV,"]);
    assert_has(&sc.eval(), "consequence", "BB,AV,hosp,compensation");
}

/// RESP-COMPENSATION must not fire when no harm occurred: Borduria knew of an imminent
/// operation (SIG-RISK) and failed to act, but the operation has not started by as_of.
/// Not ongoing either, so no cessation; the wrongful act is owed satisfaction.
#[test]
fn resp_compensation_not_before_harm_occurred() {
    let ev = base_with("2024-06-15", "", "functionality", 0).eval();
    assert_has(&ev, "significant", "hosp,SIG-RISK,lex_lata");
    assert_eq!(ev.rows("wrongful"), rows(&["BB,AV,hosp,negligence"]));
    assert_eq!(ev.rows("consequence"), rows(&["BB,AV,hosp,satisfaction"]));
}

/// RESP-COMPENSATION (amended, causal nexus): for negligence only where the operation was
/// still ongoing when the failure became complete. Borduria's window closed
/// 2024-03-05T08:00Z: an operation ending one minute later is owed compensation (under
/// `kreuzer-2024` and `tallinn-2`); one that ended exactly then, or the day before, is
/// owed satisfaction instead (its harm came before the duty was breached).
#[test]
fn resp_compensation_for_negligence_only_with_the_causal_nexus() {
    for profile in ["kreuzer-2024", "tallinn-2"] {
        let ev = base_with("2024-03-01", "2024-03-05T08:01Z", "functionality", 0)
            .profile(profile)
            .eval();
        assert_eq!(
            ev.rows("consequence"),
            rows(&["BB,AV,hosp,compensation"]),
            "{profile}"
        );
        for end in ["2024-03-05T08:00Z", "2024-03-04"] {
            let ev = base_with("2024-03-01", end, "functionality", 0)
                .profile(profile)
                .eval();
            assert_eq!(ev.rows("wrongful"), rows(&["BB,AV,hosp,negligence"]));
            assert_eq!(
                ev.rows("consequence"),
                rows(&["BB,AV,hosp,satisfaction"]),
                "{profile}: {end}"
            );
        }
    }
}

/// RESP-COMPENSATION (amended), decision: a failure to prevent an imminent operation has the
/// causal nexus: the window (from Avalon's notice of 2024-03-02T08:00Z) closed before the
/// operation started on 2024-04-01, so all its harm came after the failure.
#[test]
fn resp_compensation_for_an_imminent_operation_that_then_started() {
    let ev = base_with("2024-04-01", "2024-04-10", "functionality", 0).eval();
    assert_has(&ev, "significant", "hosp,SIG-RISK,lex_lata");
    assert_eq!(ev.rows("consequence"), rows(&["BB,AV,hosp,compensation"]));
}

/// RESP-COMPENSATION (amended): the why-not of the missing compensation says why the
/// causal nexus fails: the operation ended on 2024-03-04, before the window closed on
/// 2024-03-05T08:00Z (the guard's values, with the decision written beside the clause).
#[test]
fn resp_compensation_why_not_names_the_end_and_the_window_close() {
    let ev = base_with("2024-03-01", "2024-03-04", "functionality", 0).eval();
    let (rel, pattern) =
        diligence::explain::whynot::parse_pattern(&ev.0, "consequence(BB, AV, hosp, compensation)")
            .unwrap();
    let w = diligence::explain::whynot::why_not(&ev.0, rel, &pattern, 4).unwrap();
    let text = diligence::explain::whynot::render_text(&w, &ev.0);
    assert!(text.contains("why not causal_nexus(BB, hosp)"), "{text}");
    assert!(text.contains("window_closed = 2024-03-05T08:00Z"), "{text}");
    assert!(text.contains("ended = 2024-03-04T00:00Z"), "{text}");
}

// ------------------------------------------------------------------------ RESP-SATISFACTION

/// RESP-SATISFACTION: a wrongful act without a compensation claim (conduct without harm:
/// an intrusive supply-chain compromise) is owed satisfaction until Borduria gives it to
/// Avalon; satisfaction to another state, by another state, or after `as_of` does not count.
#[test]
fn resp_satisfaction_owed_without_harm_until_given() {
    let sc = by_organ(
        supply_chain("2024-03-01", "supply_chain", &["AV,private", "CC,private"]),
        "upd",
    );
    let given = sc
        .clone()
        .rows("events.csv", &["2024-05-01,satisfaction,upd,BB,AV,regret"])
        .eval();
    assert_eq!(
        where_col(&given, "consequence", 1, "AV"),
        rows(&["BB,AV,upd,cessation"])
    );
    assert_has(&given, "consequence", "BB,CC,upd,satisfaction");
    for other in [
        "2024-05-01,satisfaction,upd,CC,AV,",
        "2024-06-02,satisfaction,upd,BB,AV,",
    ] {
        let ev = sc.clone().rows("events.csv", &[other]).eval();
        assert_has(&ev, "consequence", "BB,AV,upd,satisfaction");
    }
}

/// RESP-SATISFACTION must not fire where the wrongful act gives a compensation claim
/// (disruptive harm with the causal nexus), whether or not compensation was paid.
#[test]
fn resp_satisfaction_not_where_compensation_is_owed() {
    let ev = Scenario::base().eval();
    assert_eq!(
        ev.rows("consequence"),
        rows(&["BB,AV,hosp,cessation", "BB,AV,hosp,compensation"])
    );
    let paid = Scenario::base()
        .rows("events.csv", &["2024-05-01,compensation,hosp,BB,AV,"])
        .eval();
    assert_eq!(paid.rows("consequence"), rows(&["BB,AV,hosp,cessation"]));
}

// ------------------------------------------------------------------------ HARM-FOILED

/// `incidents.csv` columns with the amended `outcome`.
const INCIDENT_COLS: &str =
    "id,title,start,vector,effect,severity,end,scale,casualties,loss_usd,campaign,source,outcome";

/// The base scenario with `hosp` given an end and an `outcome` (`foiled`, `occurred`).
fn with_outcome(start: &str, end: &str, outcome: &str) -> Scenario {
    let row = format!("{},{outcome}", hosp(start, end, "functionality", 0));
    Scenario::base()
        .header("incidents.csv", INCIDENT_COLS)
        .replace("incidents.csv", &[row.as_str()])
}

/// HARM-FOILED: a foiled operation is judged on its intended effect (the disruption of
/// Avalon's hospitals: SIG-CI) and NEG-1 (an attempt that started, by Borduria's organ), but
/// no harm occurred: no compensation, satisfaction instead (RESP-SATISFACTION), under
/// `kreuzer-2024` and `tallinn-2`.
#[test]
fn harm_foiled_judged_on_intended_effect_but_owes_satisfaction_not_compensation() {
    for profile in ["kreuzer-2024", "tallinn-2"] {
        let sc = by_organ(with_outcome("2024-03-01", "2024-03-02", "foiled"), "hosp")
            .replace("events.csv", &[])
            .profile(profile);
        let ev = sc.eval();
        assert_has(&ev, "significant", "hosp,SIG-CI,lex_lata");
        assert_has(&ev, "violation", "BB,hosp,SIG-CI");
        assert_eq!(
            ev.rows("wrongful"),
            rows(&["BB,AV,hosp,conduct"]),
            "{profile}"
        );
        assert_eq!(
            ev.rows("consequence"),
            rows(&["BB,AV,hosp,satisfaction"]),
            "{profile}"
        );
    }
    // Negligence about a foiled operation (ongoing when Borduria was told, foiled only on
    // 2024-04-01, after the window): the causal nexus holds, but no harm occurred.
    let ev = with_outcome("2024-03-01", "2024-04-01", "foiled").eval();
    assert_eq!(ev.rows("negligent"), rows(&["BB,hosp"]));
    assert_eq!(ev.rows("consequence"), rows(&["BB,AV,hosp,satisfaction"]));
}

/// HARM-FOILED must not fire for an operation that took effect (`outcome = occurred`, as
/// when the column is empty): compensation; nor does a foiled attempt that had not started
/// by `as_of` violate NEG-1.
#[test]
fn harm_foiled_not_for_occurred_or_unstarted_operations() {
    let sc = by_organ(with_outcome("2024-03-01", "2024-03-02", "occurred"), "hosp")
        .replace("events.csv", &[]);
    assert_eq!(
        sc.eval().rows("consequence"),
        rows(&["BB,AV,hosp,compensation"])
    );
    let sc = by_organ(with_outcome("2024-06-15", "", "foiled"), "hosp").replace("events.csv", &[]);
    let ev = sc.eval();
    assert_eq!(ev.rows("violation"), rows(&[]));
    assert_eq!(ev.rows("wrongful"), rows(&[]));
}

// ------------------------------------------------------------------------ CM-ADMISSIBLE

/// CM-ADMISSIBLE: Avalon's countermeasure against Borduria after the window passed, notified
/// in advance, proportionate, without force, reversible: admissible, nothing inadmissible.
#[test]
fn cm_admissible_fires_when_every_condition_is_met() {
    let (adm, inadm) = verdict(&respond(cm_base(), &[Resp::new("r1")]));
    assert_eq!(adm, rows(&["r1"]));
    assert_eq!(inadm, rows(&[]));
}

/// CM-ADMISSIBLE must not fire when conditions fail, and `inadmissible` lists every failed
/// condition, one row each: r1 fails all conditions judged without a wrongful act; r2 has a
/// wrongful act but fails CM-PURPOSE and the rest.
#[test]
fn cm_admissible_not_when_conditions_fail_and_all_are_listed() {
    let sc = base_with("2024-03-01", "2024-04-01", "functionality", 0)
        .rows("events.csv", &["2024-04-15,compensation,hosp,BB,AV,"]);
    let r1 = Resp::new("r1")
        .by("CC")
        .time("2024-03-04")
        .severity("severe")
        .force()
        .irreversible();
    let r2 = Resp::new("r2")
        .time("2024-05-01")
        .severity("severe")
        .force()
        .irreversible();
    let (adm, inadm) = verdict(&respond(sc, &[r1, r2]));
    assert_eq!(adm, rows(&[]));
    assert_eq!(
        inadm,
        rows(&[
            "r1,CM-COLLECTIVE",
            "r1,CM-NO-FORCE",
            "r1,CM-NOTICE",
            "r1,CM-PROPORTION",
            "r1,CM-REVERSIBLE",
            "r1,CM-WRONGFUL",
            "r2,CM-NO-FORCE",
            "r2,CM-NOTICE",
            "r2,CM-PROPORTION",
            "r2,CM-PURPOSE",
            "r2,CM-REVERSIBLE",
        ])
    );
}

// ------------------------------------------------------------------------ CM-WRONGFUL

/// CM-WRONGFUL: the wrongful act must be complete by the response's time; Borduria's window
/// ends 2024-03-05T08:00Z, so a response one minute earlier answers no wrongful act yet,
/// and one exactly at the end does.
#[test]
fn cm_wrongful_fires_before_the_window_passed() {
    let sc = Scenario::base().rows("events.csv", &["2024-03-03,cm_notice,hosp,AV,BB,"]);
    let early = respond(sc.clone(), &[Resp::new("r1").time("2024-03-05T07:59Z")]);
    assert_eq!(verdict(&early), (rows(&[]), rows(&["r1,CM-WRONGFUL"])));
    let at_end = respond(sc, &[Resp::new("r1").time("2024-03-05T08:00Z")]);
    assert_eq!(verdict(&at_end), (rows(&["r1"]), rows(&[])));
}

/// CM-WRONGFUL: no wrongful act of the target state against the acting state — Carpania did
/// Avalon no wrong; and (under `collective-cm`, so CM-COLLECTIVE is met) Carpania, not
/// injured and acting for no one, has no wrongful act to answer.
#[test]
fn cm_wrongful_fires_without_a_wrongful_act_against_the_acting_state() {
    let wrong_target = respond(cm_base(), &[Resp::new("r1").against("CC").urgent()]);
    assert_eq!(
        verdict(&wrong_target),
        (rows(&[]), rows(&["r1,CM-WRONGFUL"]))
    );
    let bystander =
        respond(cm_base(), &[Resp::new("r2").by("CC").urgent()]).profile("collective-cm");
    assert_eq!(verdict(&bystander), (rows(&[]), rows(&["r2,CM-WRONGFUL"])));
}

/// CM-WRONGFUL is met by conduct (NEG-1) complete at the operation's start, also under
/// `no-due-diligence` (countermeasures against conduct remain); it fails for a response
/// before the start.
#[test]
fn cm_wrongful_met_by_conduct() {
    let sc = by_organ(
        Scenario::base().replace("events.csv", &["2024-02-20,cm_notice,hosp,AV,BB,"]),
        "hosp",
    );
    for profile in ["kreuzer-2024", "no-due-diligence"] {
        let ok = respond(sc.clone(), &[Resp::new("r1").time("2024-03-01")]).profile(profile);
        assert_eq!(verdict(&ok), (rows(&["r1"]), rows(&[])), "{profile}");
        let early = respond(sc.clone(), &[Resp::new("r1").time("2024-02-28")]).profile(profile);
        assert_eq!(
            verdict(&early),
            (rows(&[]), rows(&["r1,CM-WRONGFUL"])),
            "{profile}"
        );
    }
}

/// CM-WRONGFUL: Borduria's inaction is a wrongful act (negligence) under `kreuzer-2024`, but
/// none under `no-due-diligence`, where the same response has no wrongful act to answer.
#[test]
fn cm_wrongful_fires_for_negligence_under_no_due_diligence() {
    let sc = respond(cm_base(), &[Resp::new("r1")]);
    assert_eq!(verdict(&sc.clone()), (rows(&["r1"]), rows(&[])));
    let none = sc.profile("no-due-diligence");
    assert_eq!(verdict(&none), (rows(&[]), rows(&["r1,CM-WRONGFUL"])));
}

// ------------------------------------------------------------------------ CM-STATE-TARGET

/// CM-STATE-TARGET: countermeasures are taken against states only, never against an actor.
#[test]
fn cm_state_target_fires_against_a_non_state_actor() {
    let sc = respond(
        actors(cm_base()),
        &[Resp::new("r1").against("gang").urgent()],
    );
    assert_eq!(verdict(&sc), (rows(&[]), rows(&["r1,CM-STATE-TARGET"])));
}

/// CM-STATE-TARGET must not fire against a state.
#[test]
fn cm_state_target_not_against_a_state() {
    let sc = respond(actors(cm_base()), &[Resp::new("r1").urgent()]);
    let ev = sc.eval();
    assert_lacks(&ev, "inadmissible", "r1,CM-STATE-TARGET");
    assert_eq!(ev.rows("admissible"), rows(&["r1"]));
}

// ------------------------------------------------------------------------ CM-PURPOSE

/// CM-PURPOSE: the operation ended (not continuing) and Borduria compensated Avalon before
/// the response: nothing left to induce.
#[test]
fn cm_purpose_fires_when_ended_and_compensated_before() {
    let sc = base_with("2024-03-01", "2024-04-01", "functionality", 0).rows(
        "events.csv",
        &[
            "2024-03-20,cm_notice,hosp,AV,BB,",
            "2024-04-15,compensation,hosp,BB,AV,",
        ],
    );
    let sc = respond(sc, &[Resp::new("r1").time("2024-05-01")]);
    assert_eq!(verdict(&sc), (rows(&[]), rows(&["r1,CM-PURPOSE"])));
}

/// CM-PURPOSE must not fire while reparation is outstanding: the compensation came only
/// after the response (ended operation), or no compensation at all.
#[test]
fn cm_purpose_met_while_reparation_outstanding() {
    for payment in [&["2024-05-15,compensation,hosp,BB,AV,"][..], &[][..]] {
        let sc = base_with("2024-03-01", "2024-04-01", "functionality", 0)
            .rows("events.csv", &["2024-03-20,cm_notice,hosp,AV,BB,"])
            .rows("events.csv", payment);
        let sc = respond(sc, &[Resp::new("r1").time("2024-05-01")]);
        assert_eq!(verdict(&sc), (rows(&["r1"]), rows(&[])), "{payment:?}");
    }
}

/// CM-PURPOSE must not fire while the wrongful act continues (ongoing operation, no measure
/// before the response), even when compensation was paid; a measure before the response
/// ends the continuing act and the purpose fails.
#[test]
fn cm_purpose_continuing_until_a_measure() {
    let paid = cm_base().rows("events.csv", &["2024-03-25,compensation,hosp,BB,AV,"]);
    let continuing = respond(paid.clone(), &[Resp::new("r1")]);
    assert_eq!(verdict(&continuing), (rows(&["r1"]), rows(&[])));
    let remedied = respond(
        paid.rows("events.csv", &["2024-03-28,measure,hosp,BB,,takedown"]),
        &[Resp::new("r1")],
    );
    assert_eq!(verdict(&remedied), (rows(&[]), rows(&["r1,CM-PURPOSE"])));
}

/// CM-PURPOSE for conduct: continuing while the operation is ongoing at the response's time;
/// once ended and compensated, the purpose fails.
#[test]
fn cm_purpose_for_conduct() {
    let sc = |end: &str| {
        by_organ(
            base_with("2024-03-01", end, "functionality", 0).replace(
                "events.csv",
                &[
                    "2024-03-20,cm_notice,hosp,AV,BB,",
                    "2024-03-25,compensation,hosp,BB,AV,",
                ],
            ),
            "hosp",
        )
    };
    let ongoing = respond(sc(""), &[Resp::new("r1")]);
    assert_eq!(verdict(&ongoing), (rows(&["r1"]), rows(&[])));
    let ended = respond(sc("2024-03-30"), &[Resp::new("r1")]);
    assert_eq!(verdict(&ended), (rows(&[]), rows(&["r1,CM-PURPOSE"])));
}

/// CM-PURPOSE for BREACH-MLA: the breach continues while no compliant answer came (silence
/// or a bare refusal); Carpania gave Avalon satisfaction before the response (the operation
/// ended before the window closed: no compensation claim), so only the continuing breach
/// can carry the purpose. Each profile, the response after its MLA answer window.
#[test]
fn cm_purpose_mla_continuing_while_unanswered() {
    let (_dir, profiles) = mla_profiles();
    for (profile, after) in &profiles {
        let sc = |answer: &[&str]| {
            let sc = mla_case(answer).rows(
                "events.csv",
                &[
                    "2024-03-20,cm_notice,hosp,AV,CC,",
                    "2024-03-25,satisfaction,hosp,CC,AV,",
                ],
            );
            respond(sc, &[Resp::new("r1").against("CC").time(after)]).profile(profile)
        };
        assert_eq!(verdict(&sc(&[])), (rows(&["r1"]), rows(&[])), "{profile}");
        assert_eq!(
            verdict(&sc(&["2024-03-28,mla_response,hosp,CC,AV,refused"])),
            (rows(&["r1"]), rows(&[])),
            "{profile}"
        );
    }
}

/// CM-PURPOSE for BREACH-MLA (amended): a compliant answer after the MLA answer window but
/// before the response leaves no breach at all (a late answer is a concern), so the
/// countermeasure answers no wrongful act (CM-WRONGFUL, not CM-PURPOSE).
#[test]
fn cm_purpose_mla_not_judged_after_a_late_answer() {
    let (_dir, profiles) = mla_profiles();
    for (profile, after) in &profiles {
        let answer = format!("{after},mla_response,hosp,CC,AV,granted");
        let sc =
            mla_case(&[answer.as_str()]).rows("events.csv", &["2024-03-20,cm_notice,hosp,AV,CC,"]);
        let sc = respond(sc, &[Resp::new("r1").against("CC").time("2024-05-01")]).profile(profile);
        assert_eq!(
            verdict(&sc),
            (rows(&[]), rows(&["r1,CM-WRONGFUL"])),
            "{profile}"
        );
    }
}

/// CM-PURPOSE for BREACH-MLA: a compliant answer to an earlier request, or to another
/// requester, does not remedy the breached request.
#[test]
fn cm_purpose_mla_not_remedied_by_an_answer_to_another_request() {
    let (_dir, profiles) = mla_profiles();
    for (profile, after) in &profiles {
        let sc = |extra: &[&str]| {
            let sc = mla_case(&[])
                .rows(
                    "events.csv",
                    &[
                        "2024-03-20,cm_notice,hosp,AV,CC,",
                        "2024-03-25,satisfaction,hosp,CC,AV,",
                    ],
                )
                .rows("events.csv", extra);
            respond(sc, &[Resp::new("r1").against("CC").time(after)]).profile(profile)
        };
        // An earlier request of Avalon's, answered at once (before the breached one was made).
        let earlier = sc(&[
            "2024-03-11,mla_request,hosp,AV,CC,",
            "2024-03-12,mla_response,hosp,CC,AV,granted",
        ]);
        assert_eq!(verdict(&earlier), (rows(&["r1"]), rows(&[])), "{profile}");
        // Borduria's request, answered; Avalon's still unanswered.
        let other = sc(&[
            "2024-03-16,mla_request,hosp,BB,CC,",
            "2024-03-17,mla_response,hosp,CC,BB,granted",
        ]);
        assert_eq!(verdict(&other), (rows(&["r1"]), rows(&[])), "{profile}");
    }
}

/// CM-PURPOSE (amended): reparation outstanding includes satisfaction. Borduria's organ
/// intruded into Avalon's public core (SIG-PUBLIC-CORE, no loss: no harm, no compensation
/// claim) until 2024-03-10; Avalon responds on 2024-04-01 after notice. Satisfaction owed
/// and not given: admissible (under `kreuzer-2024` and `tallinn-2`); satisfaction given
/// after the response changes nothing.
#[test]
fn cm_purpose_met_while_satisfaction_outstanding() {
    for profile in ["kreuzer-2024", "tallinn-2"] {
        for later in [&[][..], &["2024-04-02,satisfaction,hosp,BB,AV,"][..]] {
            let sc = by_organ(
                base_with("2024-03-01", "2024-03-10", "confidentiality", 0)
                    .replace("targets.csv", &["hosp,AV,public_core"])
                    .replace("events.csv", &["2024-03-20,cm_notice,hosp,AV,BB,"])
                    .rows("events.csv", later),
                "hosp",
            );
            let sc = respond(sc, &[Resp::new("r1").severity("low")]).profile(profile);
            assert_eq!(
                verdict(&sc),
                (rows(&["r1"]), rows(&[])),
                "{profile}: {later:?}"
            );
        }
    }
}

/// CM-PURPOSE (amended) fires once satisfaction was given before the response (the wrong
/// ended, no compensation claim): by conduct without harm, by negligence without the causal
/// nexus (the operation ended 2024-03-04, before Borduria's window closed; a compensation
/// paid anyway changes nothing), and for a foiled operation (HARM-FOILED).
#[test]
fn cm_purpose_fires_once_satisfaction_was_given() {
    let satisfied = ["2024-03-25,satisfaction,hosp,BB,AV,"];
    let conduct = by_organ(
        base_with("2024-03-01", "2024-03-10", "confidentiality", 0)
            .replace("targets.csv", &["hosp,AV,public_core"])
            .replace("events.csv", &["2024-03-20,cm_notice,hosp,AV,BB,"]),
        "hosp",
    );
    let negligence = base_with("2024-03-01", "2024-03-04", "functionality", 0).rows(
        "events.csv",
        &[
            "2024-03-20,cm_notice,hosp,AV,BB,",
            "2024-03-22,compensation,hosp,BB,AV,",
        ],
    );
    let foiled = by_organ(with_outcome("2024-03-01", "2024-03-02", "foiled"), "hosp")
        .replace("events.csv", &["2024-03-20,cm_notice,hosp,AV,BB,"]);
    for (name, sc) in [
        ("conduct", conduct),
        ("negligence", negligence),
        ("foiled", foiled),
    ] {
        let open = respond(sc.clone(), &[Resp::new("r1").severity("low")]);
        assert_eq!(verdict(&open), (rows(&["r1"]), rows(&[])), "{name}");
        let given = respond(
            sc.rows("events.csv", &satisfied),
            &[Resp::new("r1").severity("low")],
        );
        assert_eq!(
            verdict(&given),
            (rows(&[]), rows(&["r1,CM-PURPOSE"])),
            "{name}"
        );
    }
}

/// Readings settled (amended): against a non-state actor only CM-STATE-TARGET and the
/// conditions about the response itself (CM-PROPORTION, CM-NO-FORCE, CM-REVERSIBLE) are
/// judged: no CM-WRONGFUL, CM-PURPOSE, CM-NOTICE or CM-COLLECTIVE, even for a response by a
/// state that is not injured, without notice, after the operation ended and was repaired.
#[test]
fn cm_purpose_not_judged_against_a_non_state_actor() {
    let sc = actors(
        base_with("2024-03-01", "2024-03-10", "functionality", 0)
            .rows("events.csv", &["2024-03-25,compensation,hosp,BB,AV,"]),
    );
    let r = Resp::new("r1")
        .by("CC")
        .against("gang")
        .severity("severe")
        .force()
        .irreversible();
    assert_eq!(
        verdict(&respond(sc, &[r])),
        (
            rows(&[]),
            rows(&[
                "r1,CM-NO-FORCE",
                "r1,CM-PROPORTION",
                "r1,CM-REVERSIBLE",
                "r1,CM-STATE-TARGET"
            ])
        )
    );
}

/// CM-PURPOSE for BREACH-NOTIFY (DUTY-NOTIFY made binding by a user profile): Borduria
/// detected the operation, acted in time, but did not warn Avalon in time (Carpania had told
/// Borduria itself, so it was owed no warning). Both were compensated before responding.
/// The wrongful act continues until Avalon is warned, for every injured state: a late
/// warning to Avalon ends it also for Carpania's response; a warning to Carpania ends it for
/// no one.
#[test]
fn cm_purpose_notify_continuing_until_the_owed_warning() {
    let dir = tempfile::tempdir().unwrap();
    let profile = user_profile(&dir, "notify = \"binding\"");
    let sc = |warning: &str| {
        let sc = Scenario::base()
            .replace("targets.csv", &["hosp,AV,health", "hosp,CC,health"])
            .replace(
                "events.csv",
                &[
                    "2024-03-02T08:00Z,detection,hosp,BB,,",
                    "2024-03-03,notification,hosp,CC,BB,",
                    "2024-03-03,measure,hosp,BB,,investigate",
                    "2024-04-05,compensation,hosp,BB,AV,",
                    "2024-04-05,compensation,hosp,BB,CC,",
                    "2024-04-10,cm_notice,hosp,AV,BB,",
                    "2024-04-10,cm_notice,hosp,CC,BB,",
                    warning,
                ],
            )
            .profile(&profile);
        respond(
            sc,
            &[
                Resp::new("ra").time("2024-04-15"),
                Resp::new("rc").by("CC").time("2024-04-15"),
            ],
        )
    };
    let warned_av = sc("2024-04-01,warning,hosp,BB,AV,").eval();
    assert_eq!(
        where_col(&warned_av, "breach", 2, "hosp"),
        rows(&["BB,DUTY-NOTIFY,hosp"])
    );
    assert_eq!(
        warned_av.rows("wrongful"),
        rows(&["BB,AV,hosp,negligence", "BB,CC,hosp,negligence"])
    );
    assert_eq!(warned_av.rows("consequence"), rows(&[]));
    assert_eq!(warned_av.rows("admissible"), rows(&[]));
    assert_eq!(
        warned_av.rows("inadmissible"),
        rows(&["ra,CM-PURPOSE", "rc,CM-PURPOSE"])
    );
    let warned_cc = sc("2024-04-01,warning,hosp,BB,CC,").eval();
    assert_eq!(
        warned_cc.rows("consequence"),
        rows(&["BB,AV,hosp,cessation", "BB,CC,hosp,cessation"])
    );
    assert_eq!(warned_cc.rows("admissible"), rows(&["ra", "rc"]));
    assert_eq!(warned_cc.rows("inadmissible"), rows(&[]));
}

// ------------------------------------------------------------------------ CM-NOTICE

/// CM-NOTICE: no `cm_notice` before a non-urgent response; a notice at the very time of the
/// response is not "before"; a notice by a third state, or addressed to another state, does
/// not count.
#[test]
fn cm_notice_fires_without_prior_notice() {
    for notice in [
        &[][..],
        &["2024-04-01,cm_notice,hosp,AV,BB,"][..],
        &["2024-03-20,cm_notice,hosp,CC,BB,"][..],
        &["2024-03-20,cm_notice,hosp,AV,CC,"][..],
    ] {
        let sc = respond(
            Scenario::base().rows("events.csv", notice),
            &[Resp::new("r1")],
        );
        assert_eq!(
            verdict(&sc),
            (rows(&[]), rows(&["r1,CM-NOTICE"])),
            "{notice:?}"
        );
    }
}

/// CM-NOTICE must not fire for an urgent response (ARSIWA Art. 52(2)), nor when notice came
/// strictly before from the acting state.
#[test]
fn cm_notice_not_when_urgent_or_notified() {
    let urgent = respond(Scenario::base(), &[Resp::new("r1").urgent()]);
    assert_eq!(verdict(&urgent), (rows(&["r1"]), rows(&[])));
    let notified =
        Scenario::base().rows("events.csv", &["2024-03-31T23:59Z,cm_notice,hosp,AV,BB,"]);
    assert_eq!(
        verdict(&respond(notified, &[Resp::new("r1")])),
        (rows(&["r1"]), rows(&[]))
    );
}

/// CM-NOTICE must not fire when the notice came from the injured state on whose behalf the
/// acting state responds (collective countermeasures permitted).
#[test]
fn cm_notice_by_the_state_acted_for() {
    let sc =
        respond(cm_base(), &[Resp::new("r1").by("CC").on_behalf_of("AV")]).profile("collective-cm");
    assert_eq!(verdict(&sc), (rows(&["r1"]), rows(&[])));
}

// ------------------------------------------------------------------------ CM-PROPORTION

/// CM-PROPORTION: a response more severe than the injury (severe > high) is inadmissible.
#[test]
fn cm_proportion_fires_when_more_severe_than_the_injury() {
    let sc = respond(cm_base(), &[Resp::new("r1").severity("severe")]);
    assert_eq!(verdict(&sc), (rows(&[]), rows(&["r1,CM-PROPORTION"])));
}

/// CM-PROPORTION must not fire at the injury's own severity.
#[test]
fn cm_proportion_not_at_equal_severity() {
    let sc = respond(cm_base(), &[Resp::new("r1").severity("high")]);
    assert_eq!(verdict(&sc), (rows(&["r1"]), rows(&[])));
}

// ------------------------------------------------------------------------ CM-NO-FORCE

/// CM-NO-FORCE: a response amounting to a use of force is inadmissible.
#[test]
fn cm_no_force_fires_for_use_of_force() {
    let sc = respond(cm_base(), &[Resp::new("r1").force()]);
    assert_eq!(verdict(&sc), (rows(&[]), rows(&["r1,CM-NO-FORCE"])));
}

/// CM-NO-FORCE must not fire without force, also when the optional column `uses_force` is
/// left out of the header (default `false`).
#[test]
fn cm_no_force_not_without_force() {
    let sc = respond(cm_base(), &[Resp::new("r1")]);
    assert_lacks(&sc.eval(), "inadmissible", "r1,CM-NO-FORCE");
    let dir = tempfile::tempdir().unwrap();
    cm_base().write(dir.path());
    std::fs::write(
        dir.path().join("responses.csv"),
        "id,time,by,against,incident,means,severity\nr1,2024-04-01,AV,BB,hosp,cyber,moderate\n",
    )
    .unwrap();
    let ds = diligence::facts::load(dir.path()).unwrap();
    let prof = diligence::profile::load_profile("kreuzer-2024").unwrap();
    let opts = diligence::EvalOptions {
        as_of: Some(diligence::facts::Time::parse("2024-06-01").unwrap()),
        threads: Some(1),
        ..Default::default()
    };
    let ev = Eval(diligence::evaluate(ds, prof, &opts));
    assert_eq!(ev.rows("admissible"), rows(&["r1"]));
    assert_eq!(ev.rows("inadmissible"), rows(&[]));
}

// ------------------------------------------------------------------------ CM-REVERSIBLE

/// CM-REVERSIBLE: an irreversible response is inadmissible (ARSIWA Art. 49(3)).
#[test]
fn cm_reversible_fires_for_irreversible_response() {
    let sc = respond(cm_base(), &[Resp::new("r1").irreversible()]);
    assert_eq!(verdict(&sc), (rows(&[]), rows(&["r1,CM-REVERSIBLE"])));
}

/// CM-REVERSIBLE must not fire for a reversible response.
#[test]
fn cm_reversible_not_for_reversible_response() {
    let sc = respond(cm_base(), &[Resp::new("r1")]);
    assert_lacks(&sc.eval(), "inadmissible", "r1,CM-REVERSIBLE");
}

// ------------------------------------------------------------------------ CM-COLLECTIVE

/// CM-COLLECTIVE: Carpania, not a target of `hosp`, acts on behalf of Avalon (injured);
/// under `kreuzer-2024` (and every profile but `collective-cm`) that is inadmissible — only
/// on this ground, as the wrongful act against Avalon and Avalon's notice are there.
#[test]
fn cm_collective_fires_unless_the_profile_permits_it() {
    let sc = respond(cm_base(), &[Resp::new("r1").by("CC").on_behalf_of("AV")]);
    for profile in ["kreuzer-2024", "tallinn-2", "pure-sovereignty"] {
        assert_eq!(
            verdict(&sc.clone().profile(profile)),
            (rows(&[]), rows(&["r1,CM-COLLECTIVE"])),
            "{profile}"
        );
    }
}

/// CM-COLLECTIVE must not fire under `collective-cm`, nor for a target of the incident.
#[test]
fn cm_collective_not_when_permitted_or_injured() {
    let sc =
        respond(cm_base(), &[Resp::new("r1").by("CC").on_behalf_of("AV")]).profile("collective-cm");
    assert_eq!(verdict(&sc), (rows(&["r1"]), rows(&[])));
    let injured = respond(cm_base(), &[Resp::new("r2")]);
    assert_lacks(&injured.eval(), "inadmissible", "r2,CM-COLLECTIVE");
}

// ------------------------------------------------------------------------ CM-RETORSION

/// CM-RETORSION: a retorsion is admissible and needs none of the conditions: here by a
/// bystander, against an actor, before any wrongful act, without notice, severe, with
/// "force" and irreversible.
#[test]
fn cm_retorsion_always_admissible() {
    let r = Resp::new("r1")
        .means("retorsion")
        .by("CC")
        .against("gang")
        .time("2024-03-02")
        .severity("severe")
        .force()
        .irreversible();
    let sc = respond(actors(Scenario::base()), &[r]);
    assert_eq!(verdict(&sc), (rows(&["r1"]), rows(&[])));
}

/// CM-RETORSION must not fire for other means: the same response as diplomatic means is
/// judged as a countermeasure and fails.
#[test]
fn cm_retorsion_not_for_other_means() {
    let r = Resp::new("r1")
        .means("diplomatic")
        .by("CC")
        .against("gang")
        .time("2024-03-02")
        .severity("severe")
        .force()
        .irreversible();
    let sc = respond(actors(Scenario::base()), &[r]);
    assert_eq!(
        verdict(&sc),
        (
            rows(&[]),
            rows(&[
                "r1,CM-NO-FORCE",
                "r1,CM-PROPORTION",
                "r1,CM-REVERSIBLE",
                "r1,CM-STATE-TARGET"
            ])
        )
    );
}
