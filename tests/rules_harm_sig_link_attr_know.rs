//! Rule tests for the families HARM, SIG, LINK, ATTR and KNOW of the catalogue
//! (`shared/spec/doctrine.md`): for every rule id at least one scenario where it fires and
//! one where it must not, with the boundaries (thresholds exactly at the value, times exactly
//! at the edges). Each test builds a small dataset with `common::Scenario`, runs it through
//! the real loader and the real evaluation, and asserts exact rows of the output relations
//! (`cyber_harm`, `significant`, `emanates`, `attributed`, `knows`, `obligation`) and, where
//! the catalogue names one, of an intermediate relation (`non_cyber`, `transboundary`).

mod common;

use common::{assert_has, assert_lacks, Scenario};
use pretty_assertions::assert_eq;

// ------------------------------------------------------------------------ helpers

/// One row of `incidents.csv` (columns id,title,start,vector,effect,severity,end,scale,
/// casualties,loss_usd,campaign,source).
#[derive(Clone)]
struct Inc {
    id: String,
    start: &'static str,
    vector: &'static str,
    effect: &'static str,
    severity: &'static str,
    scale: &'static str,
    casualties: u64,
    loss: u64,
    campaign: &'static str,
}

impl Inc {
    /// Started 2024-03-01, still ongoing, targeted, no casualties, no loss, no campaign.
    fn new(id: &str, vector: &'static str, effect: &'static str, severity: &'static str) -> Self {
        Inc {
            id: id.to_string(),
            start: "2024-03-01",
            vector,
            effect,
            severity,
            scale: "targeted",
            casualties: 0,
            loss: 0,
            campaign: "",
        }
    }
    fn scale(mut self, s: &'static str) -> Self {
        self.scale = s;
        self
    }
    fn casualties(mut self, n: u64) -> Self {
        self.casualties = n;
        self
    }
    fn loss(mut self, usd: u64) -> Self {
        self.loss = usd;
        self
    }
    fn campaign(mut self, c: &'static str) -> Self {
        self.campaign = c;
        self
    }
    fn row(&self) -> String {
        let Inc {
            id,
            start,
            vector,
            effect,
            severity,
            scale,
            casualties,
            loss,
            campaign,
        } = self;
        format!("{id},Test {id},{start},{vector},{effect},{severity},,{scale},{casualties},{loss},{campaign},test")
    }
}

/// Three states (Avalon high, Borduria medium, Carpania low) and no incident.
fn states() -> Scenario {
    Scenario::empty().rows(
        "states.csv",
        &["AV,Avalon,high", "BB,Borduria,medium", "CC,Carpania,low"],
    )
}

/// Adds an incident run from Borduria's territory against Avalon's `sector`.
fn add(sc: Scenario, inc: &Inc, sector: &str) -> Scenario {
    let target = format!("{},AV,{sector}", inc.id);
    let origin = format!("{},BB,territory", inc.id);
    sc.rows("incidents.csv", &[inc.row().as_str()])
        .rows("targets.csv", &[target.as_str()])
        .rows("origins.csv", &[origin.as_str()])
}

/// One incident from Borduria against Avalon's `sector`, no events.
fn against(inc: Inc, sector: &str) -> Scenario {
    add(states(), &inc, sector)
}

/// The `significant` rows of a scenario.
fn significant(sc: &Scenario) -> Vec<String> {
    sc.eval().rows("significant")
}

/// Rows of `obligation` about incident `i`.
fn obligations_about(ev: &common::Eval, i: &str) -> Vec<String> {
    ev.rows("obligation")
        .into_iter()
        .filter(|r| r.split(',').nth(2) == Some(i))
        .collect()
}

/// A user profile file inheriting `kreuzer-2024` with `positions` (TOML lines) set.
fn user_profile(dir: &tempfile::TempDir, positions: &str) -> String {
    let path = dir.path().join("test-thresholds.toml");
    std::fs::write(
        &path,
        format!("inherits = \"kreuzer-2024\"\n\n[positions]\n{positions}\n"),
    )
    .unwrap();
    path.to_string_lossy().into_owned()
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

// ------------------------------------------------------------------------ HARM

/// HARM-1: every vector that exploits code or a system is cyber harm.
#[test]
fn harm_1_fires_for_every_code_vector() {
    let mut sc = states();
    for v in [
        "exploit",
        "malware",
        "ransomware",
        "ddos",
        "supply_chain",
        "intrusion",
    ] {
        sc = add(
            sc,
            &Inc::new(&format!("v-{v}"), v, "functionality", "low"),
            "private",
        );
    }
    let ev = sc.eval();
    assert_eq!(
        ev.rows("cyber_harm"),
        strs(&[
            "v-ddos,disruptive",
            "v-exploit,disruptive",
            "v-intrusion,disruptive",
            "v-malware,disruptive",
            "v-ransomware,disruptive",
            "v-supply_chain,disruptive",
        ])
    );
}

/// HARM-1 must not fire for harm through people or information (the HARM-2 vectors), even
/// where the effect and sector would make it significant (disruption of hospitals).
#[test]
fn harm_1_not_for_people_or_information_vectors() {
    for v in ["social_engineering", "human_error", "content"] {
        let ev = against(Inc::new("x", v, "functionality", "severe"), "health").eval();
        assert_eq!(ev.rows("cyber_harm"), Vec::<String>::new(), "vector {v}");
        assert_eq!(ev.rows("significant"), Vec::<String>::new(), "vector {v}");
    }
}

/// HARM-2: social engineering, human error and content are marked as non-cyber (the
/// exclusion the explanation cites), and only the code vector of the same dataset is harm.
#[test]
fn harm_2_excludes_social_engineering_human_error_content() {
    let mut sc = states();
    for (id, v) in [
        ("se", "social_engineering"),
        ("he", "human_error"),
        ("ct", "content"),
        ("in", "intrusion"),
    ] {
        sc = add(sc, &Inc::new(id, v, "functionality", "high"), "health");
    }
    let ev = sc.eval();
    assert_eq!(
        ev.rows("non_cyber"),
        strs(&["ct,content", "he,human_error", "se,social_engineering"])
    );
    assert_eq!(ev.rows("cyber_harm"), strs(&["in,disruptive"]));
    assert_eq!(ev.rows("significant"), strs(&["in,SIG-CI,lex_lata"]));
}

/// HARM-2 must not exclude a code vector: the base ransomware stays cyber harm, and a
/// content operation known to Borduria triggers no obligation at all.
#[test]
fn harm_2_not_for_code_vectors_and_excluded_harm_triggers_nothing() {
    let ev = Scenario::base().eval();
    assert_eq!(ev.rows("non_cyber"), Vec::<String>::new());
    assert_eq!(ev.rows("cyber_harm"), strs(&["hosp,disruptive"]));
    let ev = Scenario::base()
        .replace(
            "incidents.csv",
            &["hosp,Disinformation,2024-03-01,content,functionality,high,,targeted,0,0,,test"],
        )
        .eval();
    assert_eq!(ev.rows("non_cyber"), strs(&["hosp,content"]));
    assert_eq!(ev.rows("cyber_harm"), Vec::<String>::new());
    assert_eq!(obligations_about(&ev, "hosp"), Vec::<String>::new());
}

/// HARM-3: confidentiality is intrusive, functionality disruptive, physical destructive.
#[test]
fn harm_3_degree_follows_effect() {
    let sc = states();
    let sc = add(
        sc,
        &Inc::new("conf", "intrusion", "confidentiality", "low"),
        "private",
    );
    let sc = add(
        sc,
        &Inc::new("func", "ddos", "functionality", "low"),
        "private",
    );
    let sc = add(
        sc,
        &Inc::new("phys", "malware", "physical", "low"),
        "private",
    );
    assert_eq!(
        sc.eval().rows("cyber_harm"),
        strs(&["conf,intrusive", "func,disruptive", "phys,destructive"])
    );
}

/// HARM-3 must not give a confidentiality effect a higher degree (which would make mere
/// data theft from hospitals disruptive and so significant under SIG-CI).
#[test]
fn harm_3_not_disruptive_for_confidentiality() {
    let ev = against(
        Inc::new("x", "intrusion", "confidentiality", "severe"),
        "health",
    )
    .eval();
    assert_eq!(ev.rows("cyber_harm"), strs(&["x,intrusive"]));
    assert_lacks(&ev, "cyber_harm", "x,disruptive");
    assert_lacks(&ev, "cyber_harm", "x,destructive");
    assert_eq!(ev.rows("significant"), Vec::<String>::new());
}

// ------------------------------------------------------------------------ SIG-FORCE

/// SIG-FORCE: destructive effect with casualties (the boundary: one casualty), at moderate severity.
#[test]
fn sig_force_fires_on_destruction_with_one_casualty() {
    let sc = against(
        Inc::new("x", "malware", "physical", "moderate").casualties(1),
        "private",
    );
    assert_eq!(significant(&sc), strs(&["x,SIG-FORCE,lex_lata"]));
}

/// SIG-FORCE: destructive effect of severity severe, without casualties.
#[test]
fn sig_force_fires_on_severe_destruction_without_casualties() {
    let sc = against(Inc::new("x", "malware", "physical", "severe"), "private");
    assert_eq!(significant(&sc), strs(&["x,SIG-FORCE,lex_lata"]));
}

/// SIG-FORCE must not fire for destruction below severe without casualties (high, 0).
#[test]
fn sig_force_not_below_severe_without_casualties() {
    let sc = against(
        Inc::new("x", "malware", "physical", "high").casualties(0),
        "private",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-FORCE must not fire for harm that is not destructive, whatever its casualties and severity.
#[test]
fn sig_force_not_for_disruptive_harm() {
    let sc = against(
        Inc::new("x", "ddos", "functionality", "severe").casualties(5),
        "private",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
}

// ------------------------------------------------------------------------ SIG-INTERVENTION

/// SIG-INTERVENTION: disruption of each domaine réservé sector, at any severity (low).
#[test]
fn sig_intervention_fires_on_disruption_of_domaine_reserve() {
    for sector in ["elections", "parliament", "government", "law_enforcement"] {
        let sc = against(Inc::new("x", "ddos", "functionality", "low"), sector);
        assert_eq!(
            significant(&sc),
            strs(&["x,SIG-INTERVENTION,lex_lata"]),
            "sector {sector}"
        );
    }
}

/// SIG-INTERVENTION: destruction counts as well as disruption.
#[test]
fn sig_intervention_fires_on_destruction_of_government() {
    let sc = against(Inc::new("x", "malware", "physical", "low"), "government");
    assert_eq!(significant(&sc), strs(&["x,SIG-INTERVENTION,lex_lata"]));
}

/// SIG-INTERVENTION: finance from severity high (the boundary), besides SIG-CI.
#[test]
fn sig_intervention_fires_on_finance_at_high() {
    let sc = against(Inc::new("x", "ddos", "functionality", "high"), "finance");
    assert_eq!(
        significant(&sc),
        strs(&["x,SIG-CI,lex_lata", "x,SIG-INTERVENTION,lex_lata"])
    );
    let sc = against(Inc::new("x", "ddos", "functionality", "severe"), "finance");
    assert_eq!(
        significant(&sc),
        strs(&["x,SIG-CI,lex_lata", "x,SIG-INTERVENTION,lex_lata"])
    );
}

/// SIG-INTERVENTION must not fire for finance below high (moderate): only SIG-CI.
#[test]
fn sig_intervention_not_for_finance_below_high() {
    let sc = against(
        Inc::new("x", "ddos", "functionality", "moderate"),
        "finance",
    );
    assert_eq!(significant(&sc), strs(&["x,SIG-CI,lex_lata"]));
}

/// SIG-INTERVENTION (hack-and-leak): any confidentiality effect against elections.
#[test]
fn sig_intervention_fires_on_hack_and_leak_against_elections() {
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "low"),
        "elections",
    );
    assert_eq!(significant(&sc), strs(&["x,SIG-INTERVENTION,lex_lata"]));
}

/// SIG-INTERVENTION must not fire for intrusive harm against the other domaine réservé
/// sectors (the hack-and-leak branch is for elections only): parliament gives nothing,
/// government only the emerging espionage ground.
#[test]
fn sig_intervention_not_for_intrusive_harm_outside_elections() {
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "severe"),
        "parliament",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "severe"),
        "government",
    );
    assert_eq!(significant(&sc), strs(&["x,SIG-ESPIONAGE,emerging"]));
}

/// SIG-INTERVENTION must not fire for disruption of a sector outside the domaine réservé
/// (military: neither domaine réservé nor critical infrastructure).
#[test]
fn sig_intervention_not_for_military_or_private_sector() {
    for sector in ["military", "private"] {
        let sc = against(Inc::new("x", "ddos", "functionality", "severe"), sector);
        assert_eq!(significant(&sc), Vec::<String>::new(), "sector {sector}");
    }
}

// ------------------------------------------------------------------------ SIG-SOVEREIGNTY

/// SIG-SOVEREIGNTY (territorial, `tallinn-2`): disruption inside the target state, any
/// sector; adopted by the profile, the ground counts as lex lata.
#[test]
fn sig_sovereignty_territorial_fires_on_disruption_under_tallinn_2() {
    let sc = against(Inc::new("x", "ddos", "functionality", "low"), "private").profile("tallinn-2");
    assert_eq!(significant(&sc), strs(&["x,SIG-SOVEREIGNTY,lex_lata"]));
}

/// SIG-SOVEREIGNTY (territorial): interference with an inherently governmental function,
/// intrusive included.
#[test]
fn sig_sovereignty_territorial_fires_on_intrusion_into_government_functions() {
    for sector in ["government", "parliament", "law_enforcement"] {
        let sc = against(Inc::new("x", "intrusion", "confidentiality", "low"), sector)
            .profile("tallinn-2");
        let rows = significant(&sc);
        assert!(
            rows.contains(&"x,SIG-SOVEREIGNTY,lex_lata".to_string()),
            "sector {sector}: {rows:?}"
        );
    }
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "low"),
        "government",
    )
    .profile("tallinn-2");
    assert_eq!(
        significant(&sc),
        strs(&["x,SIG-ESPIONAGE,emerging", "x,SIG-SOVEREIGNTY,lex_lata"])
    );
}

/// SIG-SOVEREIGNTY (territorial) must not fire for intrusive harm outside governmental functions.
#[test]
fn sig_sovereignty_territorial_not_for_intrusion_into_private_sector() {
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "severe"),
        "private",
    )
    .profile("tallinn-2");
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-SOVEREIGNTY (pure, `pure-sovereignty`): any cyber harm, intrusive included.
#[test]
fn sig_sovereignty_pure_fires_on_intrusion_into_private_sector() {
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "low"),
        "private",
    )
    .profile("pure-sovereignty");
    assert_eq!(significant(&sc), strs(&["x,SIG-SOVEREIGNTY,lex_lata"]));
}

/// SIG-SOVEREIGNTY (pure) still needs cyber harm: a content operation is no ground.
#[test]
fn sig_sovereignty_pure_not_without_cyber_harm() {
    let sc = against(
        Inc::new("x", "content", "confidentiality", "low"),
        "private",
    )
    .profile("pure-sovereignty");
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-SOVEREIGNTY must not fire where the profile adopts no sovereignty rule
/// (`kreuzer-2024`, the default; `no-due-diligence`).
#[test]
fn sig_sovereignty_not_under_kreuzer_2024_or_no_due_diligence() {
    for profile in ["kreuzer-2024", "no-due-diligence"] {
        let sc = against(Inc::new("x", "ddos", "functionality", "low"), "private").profile(profile);
        assert_eq!(significant(&sc), Vec::<String>::new(), "profile {profile}");
        let sc = against(
            Inc::new("x", "intrusion", "confidentiality", "low"),
            "parliament",
        )
        .profile(profile);
        assert_eq!(significant(&sc), Vec::<String>::new(), "profile {profile}");
    }
}

// ------------------------------------------------------------------------ SIG-CI

/// SIG-CI: disruption of each critical-infrastructure sector (health among them), at
/// exactly the least severity of `kreuzer-2024` (`ci_min_severity = moderate`).
#[test]
fn sig_ci_fires_on_disruption_of_health() {
    let sc = against(
        Inc::new("x", "ransomware", "functionality", "moderate"),
        "health",
    );
    assert_eq!(significant(&sc), strs(&["x,SIG-CI,lex_lata"]));
    for sector in [
        "energy",
        "water",
        "telecom",
        "transport",
        "food",
        "emergency_services",
    ] {
        let sc = against(Inc::new("x", "ddos", "functionality", "moderate"), sector);
        assert_eq!(
            significant(&sc),
            strs(&["x,SIG-CI,lex_lata"]),
            "sector {sector}"
        );
    }
}

/// SIG-CI (amended): below the profile's least severity a disruption of critical
/// infrastructure is not significant (a few hours' outage of airport websites, severity
/// low, F6, F9) under `kreuzer-2024` and `tallinn-2` (both `moderate`); a user profile that
/// lowers `ci_min_severity` to `low` makes it significant again.
#[test]
fn sig_ci_not_below_the_least_severity() {
    for profile in ["kreuzer-2024", "tallinn-2"] {
        let sc =
            against(Inc::new("x", "ddos", "functionality", "low"), "transport").profile(profile);
        let sig: Vec<String> = significant(&sc)
            .into_iter()
            .filter(|r| r.contains("SIG-CI"))
            .collect();
        assert_eq!(sig, Vec::<String>::new(), "profile {profile}");
    }
    let dir = tempfile::tempdir().unwrap();
    let low = user_profile(&dir, "ci_min_severity = \"low\"");
    let sc = against(Inc::new("x", "ddos", "functionality", "low"), "transport").profile(&low);
    assert_eq!(significant(&sc), strs(&["x,SIG-CI,lex_lata"]));
}

/// SIG-CI (amended): a user profile that raises `ci_min_severity` to `high` leaves a
/// moderate disruption out and keeps a high one in.
#[test]
fn sig_ci_follows_a_raised_least_severity() {
    let dir = tempfile::tempdir().unwrap();
    let high = user_profile(&dir, "ci_min_severity = \"high\"");
    let sc = against(Inc::new("x", "ddos", "functionality", "moderate"), "energy").profile(&high);
    assert_eq!(significant(&sc), Vec::<String>::new());
    let sc = against(Inc::new("x", "ddos", "functionality", "high"), "energy").profile(&high);
    assert_eq!(significant(&sc), strs(&["x,SIG-CI,lex_lata"]));
}

/// SIG-CI: destruction counts (with no casualties and below severe: no SIG-FORCE).
#[test]
fn sig_ci_fires_on_destruction_of_energy() {
    let sc = against(Inc::new("x", "malware", "physical", "high"), "energy");
    assert_eq!(significant(&sc), strs(&["x,SIG-CI,lex_lata"]));
}

/// SIG-CI must not fire for intrusive harm to critical infrastructure.
#[test]
fn sig_ci_not_for_intrusive_harm() {
    for sector in ["health", "energy", "water"] {
        let sc = against(
            Inc::new("x", "intrusion", "confidentiality", "severe"),
            sector,
        );
        assert_eq!(significant(&sc), Vec::<String>::new(), "sector {sector}");
    }
}

/// SIG-CI must not fire for disruption outside critical infrastructure (industry, private).
#[test]
fn sig_ci_not_for_non_critical_sectors() {
    for sector in ["industry", "private"] {
        let sc = against(Inc::new("x", "ddos", "functionality", "severe"), sector);
        assert_eq!(significant(&sc), Vec::<String>::new(), "sector {sector}");
    }
}

// ------------------------------------------------------------------------ SIG-PUBLIC-CORE

/// SIG-PUBLIC-CORE: any cyber harm to the public core, intrusive included.
#[test]
fn sig_public_core_fires_on_intrusion() {
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "low"),
        "public_core",
    );
    assert_eq!(significant(&sc), strs(&["x,SIG-PUBLIC-CORE,lex_lata"]));
    let sc = against(Inc::new("x", "ddos", "functionality", "low"), "public_core");
    assert_eq!(significant(&sc), strs(&["x,SIG-PUBLIC-CORE,lex_lata"]));
}

/// SIG-PUBLIC-CORE must not fire for other sectors (intrusion into telecom is nothing).
#[test]
fn sig_public_core_not_for_other_sectors() {
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "low"),
        "telecom",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-PUBLIC-CORE must not fire without cyber harm (content vector).
#[test]
fn sig_public_core_not_without_cyber_harm() {
    let sc = against(
        Inc::new("x", "human_error", "functionality", "low"),
        "public_core",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
}

// ------------------------------------------------------------------------ SIG-ECONOMIC

/// SIG-ECONOMIC (ransomware branch): loss exactly at the threshold (10,000,000 USD) is
/// enough; the ground is emerging.
#[test]
fn sig_economic_fires_on_ransomware_at_threshold() {
    let sc = against(
        Inc::new("x", "ransomware", "functionality", "low").loss(10_000_000),
        "private",
    );
    assert_eq!(significant(&sc), strs(&["x,SIG-ECONOMIC,emerging"]));
}

/// SIG-ECONOMIC must not fire for ransomware one dollar below the threshold.
#[test]
fn sig_economic_not_for_ransomware_below_threshold() {
    let sc = against(
        Inc::new("x", "ransomware", "functionality", "low").loss(9_999_999),
        "private",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-ECONOMIC (industry branch): theft of trade secrets at the threshold, which is also
/// economic espionage (SIG-ESPIONAGE); both emerging.
#[test]
fn sig_economic_fires_on_industry_confidentiality_at_threshold() {
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "low").loss(10_000_000),
        "industry",
    );
    assert_eq!(
        significant(&sc),
        strs(&["x,SIG-ECONOMIC,emerging", "x,SIG-ESPIONAGE,emerging"])
    );
}

/// SIG-ECONOMIC must not fire for industry below the threshold.
#[test]
fn sig_economic_not_for_industry_below_threshold() {
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "low").loss(9_999_999),
        "industry",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-ECONOMIC must not fire for large losses outside both branches: disruption of
/// industry by malware (not ransomware, not confidentiality), data theft from a private
/// company (not industry).
#[test]
fn sig_economic_not_outside_ransomware_and_industry_theft() {
    let sc = against(
        Inc::new("x", "malware", "functionality", "high").loss(50_000_000),
        "industry",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "high").loss(50_000_000),
        "private",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-ECONOMIC reads the threshold from the profile: a user profile of 5,000 USD makes a
/// 5,000 USD ransomware significant, and 4,999 not.
#[test]
fn sig_economic_threshold_from_profile() {
    let dir = tempfile::tempdir().unwrap();
    let prof = user_profile(&dir, "economic_threshold_usd = 5000");
    let sc = against(
        Inc::new("x", "ransomware", "functionality", "low").loss(5_000),
        "private",
    )
    .profile(&prof);
    assert_eq!(significant(&sc), strs(&["x,SIG-ECONOMIC,emerging"]));
    let sc = against(
        Inc::new("x", "ransomware", "functionality", "low").loss(4_999),
        "private",
    )
    .profile(&prof);
    assert_eq!(significant(&sc), Vec::<String>::new());
}

// ------------------------------------------------------------------------ SIG-ESPIONAGE

/// SIG-ESPIONAGE: confidentiality effect against government or an international organisation.
#[test]
fn sig_espionage_fires_on_government_and_international_org() {
    for sector in ["government", "international_org"] {
        let sc = against(Inc::new("x", "intrusion", "confidentiality", "low"), sector);
        assert_eq!(
            significant(&sc),
            strs(&["x,SIG-ESPIONAGE,emerging"]),
            "sector {sector}"
        );
    }
}

/// SIG-ESPIONAGE: mass surveillance (confidentiality effect, scale mass), any sector.
#[test]
fn sig_espionage_fires_on_mass_surveillance() {
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "low").scale("mass"),
        "private",
    );
    assert_eq!(significant(&sc), strs(&["x,SIG-ESPIONAGE,emerging"]));
}

/// SIG-ESPIONAGE (economic espionage) is SIG-ECONOMIC's industry branch: see
/// `sig_economic_fires_on_industry_confidentiality_at_threshold`; here with a larger loss.
#[test]
fn sig_espionage_fires_on_economic_espionage() {
    let sc = against(
        Inc::new("x", "exploit", "confidentiality", "high").loss(25_000_000),
        "industry",
    );
    assert_eq!(
        significant(&sc),
        strs(&["x,SIG-ECONOMIC,emerging", "x,SIG-ESPIONAGE,emerging"])
    );
}

/// SIG-ESPIONAGE must not fire below mass scale (broad) against a private sector.
#[test]
fn sig_espionage_not_for_broad_scale() {
    for scale in ["targeted", "broad"] {
        let sc = against(
            Inc::new("x", "intrusion", "confidentiality", "severe").scale(scale),
            "private",
        );
        assert_eq!(significant(&sc), Vec::<String>::new(), "scale {scale}");
    }
}

/// SIG-ESPIONAGE must not fire for effects other than confidentiality: disruption of
/// government is intervention, mass-scale disruption of a private sector nothing.
#[test]
fn sig_espionage_not_for_disruption() {
    let sc = against(Inc::new("x", "ddos", "functionality", "low"), "government");
    assert_eq!(significant(&sc), strs(&["x,SIG-INTERVENTION,lex_lata"]));
    let sc = against(
        Inc::new("x", "ddos", "functionality", "low").scale("mass"),
        "private",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-ESPIONAGE must not fire for industry data theft below the economic threshold.
#[test]
fn sig_espionage_not_for_industry_below_threshold() {
    let sc = against(
        Inc::new("x", "exploit", "confidentiality", "high").loss(9_999_999),
        "industry",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
}

// ------------------------------------------------------------------------ SIG-CUMULATIVE

/// A campaign member: intrusion into Avalon's private sector (no ground of its own).
fn member(id: &'static str, campaign: &'static str, loss: u64) -> Inc {
    Inc::new(id, "intrusion", "confidentiality", "low")
        .campaign(campaign)
        .loss(loss)
}

/// SIG-CUMULATIVE by count: exactly 3 incidents (the threshold) without a ground of their own.
#[test]
fn sig_cumulative_fires_on_three_incidents() {
    let mut sc = states();
    for id in ["c1", "c2", "c3"] {
        sc = add(sc, &member(id, "camp", 0), "private");
    }
    assert_eq!(
        significant(&sc),
        strs(&[
            "c1,SIG-CUMULATIVE,lex_lata",
            "c2,SIG-CUMULATIVE,lex_lata",
            "c3,SIG-CUMULATIVE,lex_lata"
        ])
    );
}

/// SIG-CUMULATIVE must not fire for 2 incidents with a summed loss below the threshold.
#[test]
fn sig_cumulative_not_below_count_and_loss() {
    let sc = add(
        add(states(), &member("c1", "camp", 4_000_000), "private"),
        &member("c2", "camp", 5_999_999),
        "private",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-CUMULATIVE by loss: 2 incidents whose losses sum to exactly 10,000,000 USD.
#[test]
fn sig_cumulative_fires_on_summed_loss_at_threshold() {
    let sc = add(
        add(states(), &member("c1", "camp", 4_000_000), "private"),
        &member("c2", "camp", 6_000_000),
        "private",
    );
    assert_eq!(
        significant(&sc),
        strs(&["c1,SIG-CUMULATIVE,lex_lata", "c2,SIG-CUMULATIVE,lex_lata"])
    );
}

/// SIG-CUMULATIVE must not pool incidents of different campaigns, nor incidents without one.
#[test]
fn sig_cumulative_not_across_campaigns() {
    let sc = states();
    let sc = add(sc, &member("c1", "camp-a", 0), "private");
    let sc = add(sc, &member("c2", "camp-a", 0), "private");
    let sc = add(sc, &member("c3", "camp-b", 0), "private");
    let sc = add(
        sc,
        &Inc::new("c4", "intrusion", "confidentiality", "low"),
        "private",
    );
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-CUMULATIVE: a member with a lex lata ground of its own (SIG-CI) is excluded from the
/// pool, so the two others stay below the count threshold.
#[test]
fn sig_cumulative_not_when_lex_lata_member_excluded_from_pool() {
    let sc = states();
    let sc = add(
        sc,
        &Inc::new("c1", "ddos", "functionality", "moderate").campaign("camp"),
        "health",
    );
    let sc = add(sc, &member("c2", "camp", 0), "private");
    let sc = add(sc, &member("c3", "camp", 0), "private");
    assert_eq!(significant(&sc), strs(&["c1,SIG-CI,lex_lata"]));
}

/// SIG-CUMULATIVE: the excluded member's loss does not count either (pool 2 incidents,
/// 9,999,999 USD; the SIG-CI member's 50,000,000 USD stays out).
#[test]
fn sig_cumulative_not_counting_loss_of_excluded_member() {
    let sc = states();
    let sc = add(
        sc,
        &Inc::new("c1", "ddos", "functionality", "moderate")
            .campaign("camp")
            .loss(50_000_000),
        "health",
    );
    let sc = add(sc, &member("c2", "camp", 5_000_000), "private");
    let sc = add(sc, &member("c3", "camp", 4_999_999), "private");
    assert_eq!(significant(&sc), strs(&["c1,SIG-CI,lex_lata"]));
}

/// SIG-CUMULATIVE: only pool members get the ground; the member with SIG-CI does not.
#[test]
fn sig_cumulative_only_pool_members_get_the_ground() {
    let sc = states();
    let sc = add(
        sc,
        &Inc::new("c0", "ddos", "functionality", "moderate").campaign("camp"),
        "health",
    );
    let sc = add(sc, &member("c1", "camp", 0), "private");
    let sc = add(sc, &member("c2", "camp", 0), "private");
    let sc = add(sc, &member("c3", "camp", 0), "private");
    assert_eq!(
        significant(&sc),
        strs(&[
            "c0,SIG-CI,lex_lata",
            "c1,SIG-CUMULATIVE,lex_lata",
            "c2,SIG-CUMULATIVE,lex_lata",
            "c3,SIG-CUMULATIVE,lex_lata",
        ])
    );
}

/// SIG-CUMULATIVE: a member significant only on an emerging ground (SIG-ESPIONAGE) stays in
/// the pool and gets the lex lata ground too.
#[test]
fn sig_cumulative_fires_with_emerging_member_in_pool() {
    let sc = states();
    let sc = add(
        sc,
        &Inc::new("c1", "intrusion", "confidentiality", "low").campaign("camp"),
        "government",
    );
    let sc = add(sc, &member("c2", "camp", 0), "private");
    let sc = add(sc, &member("c3", "camp", 0), "private");
    assert_eq!(
        significant(&sc),
        strs(&[
            "c1,SIG-CUMULATIVE,lex_lata",
            "c1,SIG-ESPIONAGE,emerging",
            "c2,SIG-CUMULATIVE,lex_lata",
            "c3,SIG-CUMULATIVE,lex_lata",
        ])
    );
}

/// SIG-CUMULATIVE: the pool holds only transboundary cyber harm: a member without an origin
/// and a content member do not count, so 2 remain (below the threshold).
#[test]
fn sig_cumulative_not_counting_non_transboundary_or_non_cyber_members() {
    let sc = states();
    let sc = add(sc, &member("c1", "camp", 0), "private");
    let sc = add(sc, &member("c2", "camp", 0), "private");
    let sc = add(
        sc,
        &Inc::new("c3", "content", "confidentiality", "low").campaign("camp"),
        "private",
    );
    let c4 = member("c4", "camp", 0);
    let sc = sc
        .rows("incidents.csv", &[c4.row().as_str()])
        .rows("targets.csv", &["c4,AV,private"]);
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-CUMULATIVE reads the count threshold from the profile (2 in a user profile).
#[test]
fn sig_cumulative_count_threshold_from_profile() {
    let dir = tempfile::tempdir().unwrap();
    let prof = user_profile(&dir, "cumulative_incidents = 2");
    let sc = add(
        add(states(), &member("c1", "camp", 0), "private"),
        &member("c2", "camp", 0),
        "private",
    )
    .profile(&prof);
    assert_eq!(
        significant(&sc),
        strs(&["c1,SIG-CUMULATIVE,lex_lata", "c2,SIG-CUMULATIVE,lex_lata"])
    );
    let sc = add(states(), &member("c1", "camp", 0), "private").profile(&prof);
    assert_eq!(significant(&sc), Vec::<String>::new());
}

// ------------------------------------------------------------------------ SIG-CONCERN

/// SIG-CONCERN: an official concern by the victim (not an origin state) about disruptive
/// harm to a sector with no other ground.
#[test]
fn sig_concern_fires_on_concern_by_victim_about_disruption() {
    let sc = against(Inc::new("x", "ddos", "functionality", "low"), "private")
        .rows("events.csv", &["2024-03-05,concern,x,AV,,"]);
    assert_eq!(significant(&sc), strs(&["x,SIG-CONCERN,lex_lata"]));
}

/// SIG-CONCERN: a concern by a third state (Carpania, addressed to Borduria) counts, and is
/// cited alongside another ground (SIG-CI).
#[test]
fn sig_concern_fires_by_third_state_alongside_other_ground() {
    let ev = Scenario::base()
        .rows("events.csv", &["2024-03-05,concern,hosp,CC,BB,"])
        .eval();
    assert_eq!(
        ev.rows("significant"),
        strs(&["hosp,SIG-CI,lex_lata", "hosp,SIG-CONCERN,lex_lata"])
    );
}

/// SIG-CONCERN: concern by an origin state does not count.
#[test]
fn sig_concern_not_by_origin_state() {
    let sc = against(Inc::new("x", "ddos", "functionality", "low"), "private")
        .rows("events.csv", &["2024-03-05,concern,x,BB,,"]);
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-CONCERN: intrusive harm does not count, even with a concern by the victim.
#[test]
fn sig_concern_not_for_intrusive_harm() {
    let sc = against(
        Inc::new("x", "intrusion", "confidentiality", "severe"),
        "private",
    )
    .rows("events.csv", &["2024-03-05,concern,x,AV,,"]);
    assert_eq!(significant(&sc), Vec::<String>::new());
}

/// SIG-CONCERN: a concern voiced after `as_of` is ignored; exactly at `as_of` it counts.
#[test]
fn sig_concern_not_after_as_of() {
    let sc = against(Inc::new("x", "ddos", "functionality", "low"), "private")
        .rows("events.csv", &["2024-06-01T00:01Z,concern,x,AV,,"])
        .as_of(Some("2024-06-01"));
    assert_eq!(significant(&sc), Vec::<String>::new());
    let sc = against(Inc::new("x", "ddos", "functionality", "low"), "private")
        .rows("events.csv", &["2024-06-01T00:00Z,concern,x,AV,,"])
        .as_of(Some("2024-06-01"));
    assert_eq!(significant(&sc), strs(&["x,SIG-CONCERN,lex_lata"]));
}

// ------------------------------------------------------------------------ SIG-RISK

/// The base ransomware, starting 2024-03-05 instead: Avalon's notification of 2024-03-02
/// comes before it (imminent).
fn imminent() -> Scenario {
    Scenario::base().replace(
        "incidents.csv",
        &["hosp,Hospital ransomware,2024-03-05,ransomware,functionality,high,,targeted,0,0,,test"],
    )
}

/// SIG-RISK: an operation known in advance that would be significant (SIG-CI) is a risk of
/// significant harm, and DUTY-ACTION runs from the first knowledge.
#[test]
fn sig_risk_fires_on_imminent_operation_known_in_advance() {
    let ev = imminent().eval();
    assert_eq!(
        ev.rows("significant"),
        strs(&["hosp,SIG-CI,lex_lata", "hosp,SIG-RISK,lex_lata"])
    );
    assert_has(
        &ev,
        "obligation",
        "BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata",
    );
}

/// SIG-RISK takes the status of the ground it rests on (only emerging: SIG-ECONOMIC).
#[test]
fn sig_risk_fires_with_emerging_status() {
    let ev = Scenario::base()
        .replace(
            "incidents.csv",
            &["hosp,Ransomware,2024-03-05,ransomware,functionality,low,,targeted,0,20000000,,test"],
        )
        .replace("targets.csv", &["hosp,AV,private"])
        .eval();
    assert_eq!(
        ev.rows("significant"),
        strs(&["hosp,SIG-ECONOMIC,emerging", "hosp,SIG-RISK,emerging"])
    );
}

/// SIG-RISK must not fire when the knowledge comes exactly at the start (ongoing, not
/// imminent); DUTY-ACTION still runs from that knowledge.
#[test]
fn sig_risk_not_when_known_exactly_at_start() {
    let ev = Scenario::base()
        .replace(
            "incidents.csv",
            &["hosp,Hospital ransomware,2024-03-02T08:00Z,ransomware,functionality,high,,targeted,0,0,,test"],
        )
        .eval();
    assert_eq!(ev.rows("significant"), strs(&["hosp,SIG-CI,lex_lata"]));
    assert_has(
        &ev,
        "obligation",
        "BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata",
    );
}

/// SIG-RISK must not fire for an imminent operation that would not be significant on any
/// other ground (intrusion into a private company).
#[test]
fn sig_risk_not_without_another_ground() {
    let ev = imminent()
        .replace(
            "incidents.csv",
            &["hosp,Intrusion,2024-03-05,intrusion,confidentiality,high,,targeted,0,0,,test"],
        )
        .replace("targets.csv", &["hosp,AV,private"])
        .eval();
    assert_eq!(ev.rows("significant"), Vec::<String>::new());
    assert_eq!(obligations_about(&ev, "hosp"), Vec::<String>::new());
}

/// SIG-RISK must not fire when only a state the operation does not emanate from knew in
/// advance (Carpania's detection); Borduria's knowledge comes after the start.
#[test]
fn sig_risk_not_when_only_non_origin_knew_in_advance() {
    let ev = imminent()
        .replace(
            "events.csv",
            &[
                "2024-03-02,detection,hosp,CC,,",
                "2024-03-06,notification,hosp,AV,BB,",
            ],
        )
        .eval();
    assert_eq!(ev.rows("significant"), strs(&["hosp,SIG-CI,lex_lata"]));
    assert_has(
        &ev,
        "obligation",
        "BB,DUTY-ACTION,hosp,2024-03-06T00:00Z,lex_lata",
    );
}

/// SIG-RISK must not fire under `tallinn-2` (no preventive duties): the duty runs from the start.
#[test]
fn sig_risk_not_under_tallinn_2() {
    let ev = imminent().profile("tallinn-2").eval();
    assert_eq!(
        ev.rows("significant"),
        strs(&["hosp,SIG-CI,lex_lata", "hosp,SIG-SOVEREIGNTY,lex_lata"])
    );
    assert_has(
        &ev,
        "obligation",
        "BB,DUTY-ACTION,hosp,2024-03-05T00:00Z,lex_lata",
    );
    assert_lacks(
        &ev,
        "obligation",
        "BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata",
    );
}

/// SIG-RISK must not fire under `no-due-diligence`; significance itself remains, and no
/// obligation arises.
#[test]
fn sig_risk_not_under_no_due_diligence() {
    let ev = imminent().profile("no-due-diligence").eval();
    assert_eq!(ev.rows("significant"), strs(&["hosp,SIG-CI,lex_lata"]));
    assert_eq!(obligations_about(&ev, "hosp"), Vec::<String>::new());
}

// ------------------------------------------------------------------------ LINK

/// LINK-1: one `emanates` row per `origins.csv` row, with its link (territory,
/// jurisdiction, control).
#[test]
fn link_1_fires_for_every_origin_row() {
    let ev = Scenario::base()
        .rows("origins.csv", &["hosp,CC,jurisdiction", "hosp,BB,control"])
        .eval();
    assert_eq!(
        ev.rows("emanates"),
        strs(&[
            "hosp,BB,control",
            "hosp,BB,territory",
            "hosp,CC,jurisdiction"
        ])
    );
}

/// LINK-1 must not fire without an `origins.csv` row: a target or a notified state is no origin.
#[test]
fn link_1_not_without_origin_row() {
    let ev = Scenario::base().replace("origins.csv", &[]).eval();
    assert_eq!(ev.rows("emanates"), Vec::<String>::new());
}

/// LINK-2: transboundary from the origin to the target; significance towards Avalon.
#[test]
fn link_2_fires_from_origin_to_other_target() {
    let ev = Scenario::base().eval();
    assert_eq!(ev.rows("transboundary"), strs(&["hosp,BB,AV"]));
    assert_eq!(ev.rows("significant"), strs(&["hosp,SIG-CI,lex_lata"]));
}

/// LINK-2: a target that is also an origin gets no significance (here the only target).
#[test]
fn link_2_not_for_target_that_is_also_origin() {
    let ev = Scenario::base()
        .rows("origins.csv", &["hosp,AV,territory"])
        .eval();
    assert_eq!(ev.rows("significant"), Vec::<String>::new());
    assert_eq!(obligations_about(&ev, "hosp"), Vec::<String>::new());
}

/// LINK-2: significance is judged per victim with its own sector: the hospitals of Avalon
/// (also an origin) do not count; Carpania's private sector gives no ground.
#[test]
fn link_2_not_for_origin_target_sector_judged_per_victim() {
    let ev = Scenario::base()
        .rows("origins.csv", &["hosp,AV,territory"])
        .rows("targets.csv", &["hosp,CC,private"])
        .eval();
    assert_eq!(
        ev.rows("transboundary"),
        strs(&["hosp,AV,CC", "hosp,BB,AV", "hosp,BB,CC"])
    );
    assert_eq!(ev.rows("significant"), Vec::<String>::new());
    // The same with Carpania's hospitals: significant towards Carpania.
    let ev = Scenario::base()
        .rows("origins.csv", &["hosp,AV,territory"])
        .rows("targets.csv", &["hosp,CC,health"])
        .eval();
    assert_eq!(ev.rows("significant"), strs(&["hosp,SIG-CI,lex_lata"]));
}

/// LINK-2 must not fire for a purely domestic operation (from Avalon against Avalon).
#[test]
fn link_2_not_for_domestic_operation() {
    let ev = Scenario::base()
        .replace("origins.csv", &["hosp,AV,territory"])
        .eval();
    assert_eq!(ev.rows("transboundary"), Vec::<String>::new());
    assert_eq!(ev.rows("significant"), Vec::<String>::new());
}

/// LINK-2: an incident without origin emanates from no state and is significant towards
/// no one, even when it would be on every ground.
#[test]
fn link_2_not_for_incident_without_origin() {
    let ev = Scenario::base()
        .replace("origins.csv", &[])
        .replace(
            "incidents.csv",
            &["hosp,Hospital sabotage,2024-03-01,malware,physical,severe,,mass,3,50000000,,test"],
        )
        .rows("events.csv", &["2024-03-05,concern,hosp,CC,,"])
        .eval();
    assert_eq!(ev.rows("cyber_harm"), strs(&["hosp,destructive"]));
    assert_eq!(ev.rows("transboundary"), Vec::<String>::new());
    assert_eq!(ev.rows("significant"), Vec::<String>::new());
    assert_eq!(obligations_about(&ev, "hosp"), Vec::<String>::new());
}

// ------------------------------------------------------------------------ ATTR

/// Base scenario with actors (columns id,name,kind,state), the perpetrator of `hosp` and
/// control links (controller,controlled,kind).
fn with_actors(actors: &[&str], perp: &str, control: &[&str]) -> Scenario {
    let p = format!("hosp,{perp}");
    Scenario::base()
        .rows("actors.csv", actors)
        .rows("perpetrators.csv", &[p.as_str()])
        .rows("control.csv", control)
}

/// ATTR-ORGAN: a state organ of Borduria as perpetrator.
#[test]
fn attr_organ_fires_for_state_organ_perpetrator() {
    let ev = with_actors(&["gru,Borduria intelligence,state_organ,BB"], "gru", &[]).eval();
    assert_eq!(ev.rows("attributed"), strs(&["hosp,BB"]));
}

/// ATTR-ORGAN: the organ's state, not the origin state (an organ of Carpania).
#[test]
fn attr_organ_fires_for_organ_of_non_origin_state() {
    let ev = with_actors(
        &["cc-mil,Carpania cyber command,state_organ,CC"],
        "cc-mil",
        &[],
    )
    .eval();
    assert_eq!(ev.rows("attributed"), strs(&["hosp,CC"]));
}

/// ATTR-ORGAN must not fire for an actor that is not a state organ, even with a home state.
#[test]
fn attr_organ_not_for_proxy_or_criminal_group() {
    for kind in ["proxy", "criminal_group", "company", "individual"] {
        let a = format!("gang,Gang,{kind},BB");
        let ev = with_actors(&[a.as_str()], "gang", &[]).eval();
        assert_eq!(ev.rows("attributed"), Vec::<String>::new(), "kind {kind}");
    }
}

/// ATTR-ORGAN must not fire for a state organ that is no perpetrator of the incident.
#[test]
fn attr_organ_not_for_organ_not_perpetrator() {
    let ev = with_actors(
        &[
            "gru,Borduria intelligence,state_organ,BB",
            "gang,Gang,criminal_group,BB",
        ],
        "gang",
        &[],
    )
    .eval();
    assert_eq!(ev.rows("attributed"), Vec::<String>::new());
}

/// ATTR-CONTROL: each kind of control by a state organ, directly.
#[test]
fn attr_control_fires_for_instruction_direction_effective_control() {
    for kind in ["instruction", "direction", "effective_control"] {
        let c = format!("gru,gang,{kind}");
        let ev = with_actors(
            &[
                "gru,Borduria intelligence,state_organ,BB",
                "gang,Gang,proxy,",
            ],
            "gang",
            &[c.as_str()],
        )
        .eval();
        assert_eq!(ev.rows("attributed"), strs(&["hosp,BB"]), "kind {kind}");
    }
}

/// ATTR-CONTROL through a chain of 3 links: organ → front → broker → perpetrator.
#[test]
fn attr_control_fires_through_chain_of_three_links() {
    let ev = with_actors(
        &[
            "gru,Borduria intelligence,state_organ,BB",
            "front,Front company,company,BB",
            "broker,Broker,individual,",
            "gang,Gang,criminal_group,",
        ],
        "gang",
        &[
            "gru,front,effective_control",
            "front,broker,direction",
            "broker,gang,instruction",
        ],
    )
    .eval();
    assert_eq!(ev.rows("attributed"), strs(&["hosp,BB"]));
}

/// ATTR-CONTROL: `support` anywhere in the chain breaks it (here the middle link).
#[test]
fn attr_control_not_through_support_link() {
    let ev = with_actors(
        &[
            "gru,Borduria intelligence,state_organ,BB",
            "front,Front company,company,BB",
            "broker,Broker,individual,",
            "gang,Gang,criminal_group,",
        ],
        "gang",
        &[
            "gru,front,effective_control",
            "front,broker,support",
            "broker,gang,instruction",
        ],
    )
    .eval();
    assert_eq!(ev.rows("attributed"), Vec::<String>::new());
}

/// ATTR-CONTROL: mere support by a state organ directly is not enough.
#[test]
fn attr_control_not_for_direct_support() {
    let ev = with_actors(
        &[
            "gru,Borduria intelligence,state_organ,BB",
            "gang,Gang,criminal_group,",
        ],
        "gang",
        &["gru,gang,support"],
    )
    .eval();
    assert_eq!(ev.rows("attributed"), Vec::<String>::new());
}

/// ATTR-CONTROL must not run against the direction of control: a perpetrator that
/// controls a state organ is not acting for that state.
#[test]
fn attr_control_not_for_reversed_control() {
    let ev = with_actors(
        &[
            "gru,Borduria intelligence,state_organ,BB",
            "gang,Gang,criminal_group,",
        ],
        "gang",
        &["gang,gru,effective_control"],
    )
    .eval();
    assert_eq!(ev.rows("attributed"), Vec::<String>::new());
}

/// ATTR-CONTROL: a control cycle terminates; without a state organ in it nothing is attributed.
#[test]
fn attr_control_cycle_terminates_without_attribution() {
    let ev = with_actors(
        &[
            "a1,A1,proxy,BB",
            "a2,A2,proxy,BB",
            "gang,Gang,criminal_group,",
        ],
        "gang",
        &[
            "a1,gang,instruction",
            "a2,a1,direction",
            "a1,a2,effective_control",
        ],
    )
    .eval();
    assert_eq!(ev.rows("attributed"), Vec::<String>::new());
}

/// ATTR-CONTROL: a control cycle terminates; with a state organ controlling one of its
/// members the perpetrator is attributed to its state (once).
#[test]
fn attr_control_cycle_terminates_with_attribution() {
    let ev = with_actors(
        &[
            "gru,Borduria intelligence,state_organ,BB",
            "a1,A1,proxy,",
            "a2,A2,proxy,",
            "gang,Gang,criminal_group,",
        ],
        "gang",
        &[
            "a1,gang,instruction",
            "a2,a1,direction",
            "a1,a2,effective_control",
            "gru,a2,instruction",
        ],
    )
    .eval();
    assert_eq!(ev.rows("attributed"), strs(&["hosp,BB"]));
}

// ------------------------------------------------------------------------ KNOW

/// KNOW-NOTICE via a notification addressed to Borduria (the base scenario).
#[test]
fn know_notice_fires_on_notification() {
    let ev = Scenario::base().eval();
    assert_eq!(
        ev.rows("knows"),
        strs(&["BB,hosp,2024-03-02T08:00Z,notice"])
    );
    assert_eq!(
        obligations_about(&ev, "hosp"),
        strs(&["BB,DUTY-ACTION,hosp,2024-03-02T08:00Z,lex_lata"])
    );
}

/// KNOW-NOTICE via an assistance request addressed to Borduria.
#[test]
fn know_notice_fires_on_assistance_request() {
    let ev = Scenario::base()
        .replace(
            "events.csv",
            &["2024-03-03T09:30Z,assistance_request,hosp,AV,BB,"],
        )
        .eval();
    assert_eq!(
        ev.rows("knows"),
        strs(&["BB,hosp,2024-03-03T09:30Z,notice"])
    );
    assert_has(
        &ev,
        "obligation",
        "BB,DUTY-ACTION,hosp,2024-03-03T09:30Z,lex_lata",
    );
}

/// KNOW-NOTICE must not give the sender knowledge: a notification from Borduria to
/// Carpania gives Carpania, not Borduria, notice.
#[test]
fn know_notice_not_for_sender() {
    let ev = Scenario::base()
        .replace(
            "events.csv",
            &[
                "2024-03-02,notification,hosp,BB,CC,",
                "2024-03-03,assistance_request,hosp,BB,AV,",
            ],
        )
        .eval();
    assert_eq!(
        ev.rows("knows"),
        strs(&[
            "AV,hosp,2024-03-03T00:00Z,notice",
            "CC,hosp,2024-03-02T00:00Z,notice"
        ])
    );
    assert_eq!(obligations_about(&ev, "hosp"), Vec::<String>::new());
}

/// KNOW-NOTICE must not count a notification after `as_of` (events after it are ignored);
/// exactly at `as_of` it counts.
#[test]
fn know_notice_not_after_as_of() {
    let ev = Scenario::base()
        .replace(
            "events.csv",
            &["2024-06-01T00:01Z,notification,hosp,AV,BB,"],
        )
        .as_of(Some("2024-06-01"))
        .eval();
    assert_eq!(ev.rows("knows"), Vec::<String>::new());
    let ev = Scenario::base()
        .replace(
            "events.csv",
            &["2024-06-01T00:00Z,notification,hosp,AV,BB,"],
        )
        .as_of(Some("2024-06-01"))
        .eval();
    assert_eq!(
        ev.rows("knows"),
        strs(&["BB,hosp,2024-06-01T00:00Z,notice"])
    );
}

/// KNOW-NOTICE (amended): knowledge may be shown by any means (ICJ Corfu Channel): a
/// concern, a warning, an MLA request or a countermeasure notice addressed to Borduria about
/// `hosp` each give it notice, and DUTY-ACTION runs from it.
#[test]
fn know_notice_fires_on_concern_warning_mla_request_and_cm_notice() {
    for event in [
        "2024-03-04T10:00Z,concern,hosp,AV,BB,protest",
        "2024-03-04T10:00Z,warning,hosp,CC,BB,",
        "2024-03-04T10:00Z,mla_request,hosp,AV,BB,",
        "2024-03-04T10:00Z,cm_notice,hosp,AV,BB,",
    ] {
        let ev = Scenario::base().replace("events.csv", &[event]).eval();
        assert_eq!(
            ev.with_prefix("knows", "BB,"),
            strs(&["BB,hosp,2024-03-04T10:00Z,notice"]),
            "{event}"
        );
        assert_has(
            &ev,
            "obligation",
            "BB,DUTY-ACTION,hosp,2024-03-04T10:00Z,lex_lata",
        );
    }
}

/// KNOW-NOTICE (amended) must not fire for events not addressed to Borduria: a concern
/// voiced to no one or to Carpania, a warning Borduria gave, an MLA request and a
/// countermeasure notice sent by Borduria. (The addressees, where there are any, know.)
#[test]
fn know_notice_not_for_events_not_addressed_to_the_state() {
    let ev = Scenario::base()
        .replace(
            "events.csv",
            &[
                "2024-03-04,concern,hosp,AV,,protest",
                "2024-03-04,concern,hosp,AV,CC,protest",
                "2024-03-04,warning,hosp,BB,AV,",
                "2024-03-04,mla_request,hosp,BB,CC,",
                "2024-03-04,cm_notice,hosp,BB,AV,",
            ],
        )
        .eval();
    assert_eq!(ev.with_prefix("knows", "BB,"), Vec::<String>::new());
    assert_eq!(
        obligations_about(&ev, "hosp"),
        strs(&["CC,DUTY-MLA,hosp,2024-03-04T00:00Z,lex_lata"])
    );
    assert_eq!(
        ev.rows("knows"),
        strs(&[
            "AV,hosp,2024-03-04T00:00Z,notice",
            "CC,hosp,2024-03-04T00:00Z,notice"
        ])
    );
}

/// KNOW-NOTICE: the earliest time counts (notifications given out of order).
#[test]
fn know_notice_earliest_time() {
    let ev = Scenario::base()
        .replace(
            "events.csv",
            &[
                "2024-03-04,notification,hosp,AV,BB,",
                "2024-03-02T08:00Z,notification,hosp,AV,BB,",
                "2024-03-03,assistance_request,hosp,CC,BB,",
            ],
        )
        .eval();
    assert_eq!(
        ev.rows("knows"),
        strs(&["BB,hosp,2024-03-02T08:00Z,notice"])
    );
}

/// KNOW-DETECT: Borduria's own detection.
#[test]
fn know_detect_fires_on_own_detection() {
    let ev = Scenario::base()
        .replace("events.csv", &["2024-03-01T10:00Z,detection,hosp,BB,,"])
        .eval();
    assert_eq!(
        ev.rows("knows"),
        strs(&["BB,hosp,2024-03-01T10:00Z,detection"])
    );
    assert_has(
        &ev,
        "obligation",
        "BB,DUTY-ACTION,hosp,2024-03-01T10:00Z,lex_lata",
    );
}

/// KNOW-DETECT must not give one state knowledge of another's detection.
#[test]
fn know_detect_not_for_other_state_detection() {
    let ev = Scenario::base()
        .replace("events.csv", &["2024-03-01T10:00Z,detection,hosp,CC,,"])
        .eval();
    assert_eq!(
        ev.rows("knows"),
        strs(&["CC,hosp,2024-03-01T10:00Z,detection"])
    );
    assert_eq!(obligations_about(&ev, "hosp"), Vec::<String>::new());
}

/// Earliest time per basis: one row per basis with its earliest time; the duty runs from
/// the earliest of all (the detection, before the notice).
#[test]
fn know_earliest_time_per_basis() {
    let ev = Scenario::base()
        .rows(
            "events.csv",
            &[
                "2024-03-04,detection,hosp,BB,,",
                "2024-03-01T12:00Z,detection,hosp,BB,,",
            ],
        )
        .eval();
    assert_eq!(
        ev.rows("knows"),
        strs(&[
            "BB,hosp,2024-03-01T12:00Z,detection",
            "BB,hosp,2024-03-02T08:00Z,notice"
        ])
    );
    assert_eq!(
        obligations_about(&ev, "hosp"),
        strs(&["BB,DUTY-ACTION,hosp,2024-03-01T12:00Z,lex_lata"])
    );
}

/// Base scenario with only a public report of `hosp` at 2024-03-03T00:00Z and the given institutions.
fn reported(institutions: &[&str]) -> Scenario {
    Scenario::base()
        .replace(
            "events.csv",
            &["2024-03-03T00:00Z,public_report,hosp,,,news"],
        )
        .rows("institutions.csv", institutions)
}

/// KNOW-CONSTRUCTIVE: the origin state has a CERT (or monitoring) in force before the
/// public report: it should have known from the report.
#[test]
fn know_constructive_fires_with_cert_or_monitoring() {
    for inst in ["BB,cert,2024-01-01", "BB,monitoring,2020-05-05", "BB,cert,"] {
        let ev = reported(&[inst]).eval();
        assert_eq!(
            ev.rows("knows"),
            strs(&["BB,hosp,2024-03-03T00:00Z,constructive"]),
            "{inst}"
        );
        assert_has(
            &ev,
            "obligation",
            "BB,DUTY-ACTION,hosp,2024-03-03T00:00Z,lex_lata",
        );
    }
}

/// KNOW-CONSTRUCTIVE: the institution in force exactly at the report's time is enough.
#[test]
fn know_constructive_fires_with_institution_since_report_time() {
    let ev = reported(&["BB,cert,2024-03-03T00:00Z"]).eval();
    assert_eq!(
        ev.rows("knows"),
        strs(&["BB,hosp,2024-03-03T00:00Z,constructive"])
    );
}

/// KNOW-CONSTRUCTIVE must not fire when the institution came after the report (one minute),
/// nor for institutions that are no means of acquiring knowledge.
#[test]
fn know_constructive_not_without_means_in_force_at_report() {
    let ev = reported(&["BB,cert,2024-03-03T00:01Z", "BB,monitoring,2024-04-01"]).eval();
    assert_eq!(ev.rows("knows"), Vec::<String>::new());
    assert_eq!(obligations_about(&ev, "hosp"), Vec::<String>::new());
    let ev = reported(&[
        "BB,point_of_contact,",
        "BB,cybercrime_law,",
        "BB,ci_protection,",
    ])
    .eval();
    assert_eq!(ev.rows("knows"), Vec::<String>::new());
}

/// KNOW-CONSTRUCTIVE must not fire without a public report (a CERT alone is no knowledge).
#[test]
fn know_constructive_not_without_public_report() {
    let ev = Scenario::base()
        .replace("events.csv", &[])
        .rows("institutions.csv", &["BB,cert,"])
        .eval();
    assert_eq!(ev.rows("knows"), Vec::<String>::new());
}

/// KNOW-CONSTRUCTIVE only for origin states: the victim's and a third state's CERTs give
/// them no constructive knowledge.
#[test]
fn know_constructive_not_for_non_origin_states() {
    let ev = reported(&["AV,cert,", "CC,monitoring,"]).eval();
    assert_eq!(ev.rows("knows"), Vec::<String>::new());
}

/// KNOW-CONSTRUCTIVE: the earliest report at which the institution was in force counts
/// (the report of 03-03 predates the CERT of 03-04; the one of 03-05 counts, not 03-07).
#[test]
fn know_constructive_earliest_report_with_institution_in_force() {
    let ev = Scenario::base()
        .replace(
            "events.csv",
            &[
                "2024-03-07,public_report,hosp,,,later",
                "2024-03-03,public_report,hosp,CC,,early",
                "2024-03-05,public_report,hosp,,,news",
            ],
        )
        .rows("institutions.csv", &["BB,cert,2024-03-04"])
        .eval();
    assert_eq!(
        ev.rows("knows"),
        strs(&["BB,hosp,2024-03-05T00:00Z,constructive"])
    );
}

/// The base scenario with only a public report of `hosp` at 2024-03-03T00:00Z and
/// institution rows with a `status` column (`state,institution,since,status`).
fn reported_with_status(institutions: &[&str]) -> Scenario {
    reported(&[])
        .header("institutions.csv", "state,institution,since,status")
        .rows("institutions.csv", institutions)
}

/// KNOW-CONSTRUCTIVE (amended, Readings settled: Institutions): the latest row dated no
/// later than the report decides. A CERT documented absent from 2023 and in force again
/// from 2024-03-02 is in force at the report of 2024-03-03; one in force from 2024-01-01
/// and documented absent only from 2024-03-04 (after the report) was still in force then.
#[test]
fn know_constructive_fires_with_the_latest_row_in_force_at_report() {
    for rows in [
        ["BB,cert,2023-01-01,absent", "BB,cert,2024-03-02,in_force"],
        ["BB,cert,2024-01-01,in_force", "BB,cert,2024-03-04,absent"],
    ] {
        let ev = reported_with_status(&rows).eval();
        assert_eq!(
            ev.rows("knows"),
            strs(&["BB,hosp,2024-03-03T00:00Z,constructive"]),
            "{rows:?}"
        );
    }
}

/// KNOW-CONSTRUCTIVE (amended) must not fire where the latest row before the report says
/// the means are absent: a CERT in force from 2024-01-01 but documented absent from
/// 2024-03-02 (also when re-established after the report), or a monitoring institution
/// documented absent only.
#[test]
fn know_constructive_not_when_the_latest_row_says_absent() {
    for rows in [
        &["BB,cert,2024-01-01,in_force", "BB,cert,2024-03-02,absent"][..],
        &["BB,monitoring,,absent"][..],
        // Re-established only after the report: the row of 2024-01-01 no longer speaks.
        &[
            "BB,cert,2024-01-01,in_force",
            "BB,cert,2024-03-02,absent",
            "BB,cert,2024-04-01,in_force",
        ][..],
    ] {
        let ev = reported_with_status(rows).eval();
        assert_eq!(ev.rows("knows"), Vec::<String>::new(), "{rows:?}");
        assert_eq!(obligations_about(&ev, "hosp"), Vec::<String>::new());
    }
}

/// KNOW-NO-PRESUMPTION: a territorial link alone gives no knowledge and no obligation
/// (also with control over the infrastructure and jurisdiction).
#[test]
fn know_no_presumption_territory_alone_gives_no_knowledge() {
    let ev = Scenario::base()
        .replace("events.csv", &[])
        .rows("origins.csv", &["hosp,BB,control", "hosp,BB,jurisdiction"])
        .eval();
    assert_eq!(ev.rows("emanates").len(), 3);
    assert_eq!(ev.rows("significant"), strs(&["hosp,SIG-CI,lex_lata"]));
    assert_eq!(ev.rows("knows"), Vec::<String>::new());
    assert_eq!(obligations_about(&ev, "hosp"), Vec::<String>::new());
    assert_eq!(ev.rows("negligent"), Vec::<String>::new());
}

/// KNOW-NO-PRESUMPTION is not a bar to knowledge that has a basis: the same territorial
/// state with a detection knows, and owes action.
#[test]
fn know_no_presumption_not_when_knowledge_has_a_basis() {
    let ev = Scenario::base()
        .replace("events.csv", &["2024-03-01T06:00Z,detection,hosp,BB,,"])
        .eval();
    assert_eq!(
        ev.rows("knows"),
        strs(&["BB,hosp,2024-03-01T06:00Z,detection"])
    );
    assert_eq!(
        obligations_about(&ev, "hosp"),
        strs(&[
            "BB,DUTY-ACTION,hosp,2024-03-01T06:00Z,lex_lata",
            "BB,DUTY-NOTIFY,hosp,2024-03-01T06:00Z,emerging"
        ])
    );
}
