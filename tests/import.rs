//! The importers, `coverage` and `agree` as a user meets them: synthetic EuRepoC and CFR
//! files with the real headers and spellings (`tests/import-fixtures/`) map to exact rows,
//! the import log points at the right source rows, a rerun gives the same bytes, malformed
//! files give `FILE:LINE:COLUMN` errors with exit 1 and nothing written, enrichment brings
//! capacity and institutions by state id, and `agree` counts what it should.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{diligence, shipped_dir};
use pretty_assertions::assert_eq;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import-fixtures")
}

fn text(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn run_ok(args: &[&str]) -> String {
    let out = diligence(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every file of `expected` (but the summary) equals the written one, and nothing else was
/// written.
fn assert_same_files(expected: &Path, written: &Path) {
    let mut files = Vec::new();
    for sub in ["", "import"] {
        for e in fs::read_dir(written.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                files.push(Path::new(sub).join(p.file_name().unwrap()));
            }
        }
    }
    files.sort();
    for f in &files {
        assert_eq!(
            text(&written.join(f)),
            text(&expected.join(f)),
            "{}",
            f.display()
        );
    }
    let mut want: Vec<PathBuf> = Vec::new();
    for sub in ["", "import"] {
        for e in fs::read_dir(expected.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() && p.extension().is_some_and(|x| x == "csv") {
                want.push(Path::new(sub).join(p.file_name().unwrap()));
            }
        }
    }
    want.sort();
    assert_eq!(files, want);
}

fn import_eurepoc(out: &Path) -> String {
    let global = fixtures().join("eurepoc/EuRepoC_Global_Database_1.1.csv");
    run_ok(&[
        "import",
        "eurepoc",
        global.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

#[test]
fn eurepoc_rows_map_to_the_expected_dataset_and_log() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eu");
    let summary = import_eurepoc(&out);
    let expected = fixtures().join("eurepoc/expected");
    assert_same_files(&expected, &out);
    assert_eq!(
        summary.replace(out.to_str().unwrap(), "OUT"),
        text(&expected.join("summary.txt"))
    );
    // The written dataset passes the loader's checks.
    let check = run_ok(&["check", "--facts", out.to_str().unwrap()]);
    assert!(
        check.contains("valid (31 rows, 4 incidents, 7 states)"),
        "{check}"
    );
}

#[test]
fn the_import_log_points_at_the_source_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eu");
    import_eurepoc(&out);
    let log = text(&out.join("import/import-log.csv"));
    // The retorsion of incident 101 (line 2) against the single initiator state.
    assert!(log.contains(
        "responses.csv:2,EuRepoC_Global_Database_1.1.csv:2,legal_response_date[0] legal_response_type[0] \
         legal_response_type_subcode[0] legal_response_country[0]; initiator_country,RESPONSE-RETORSION RESPONSE-SEVERITY"
    ));
    // Incident 105 is on line 6 (line 5, incident 104, has no start and is skipped).
    assert!(
        log.contains("incidents.csv:5,EuRepoC_Global_Database_1.1.csv:6,"),
        "{log}"
    );
    let incidents = text(&out.join("incidents.csv"));
    assert!(incidents
        .lines()
        .nth(4)
        .unwrap()
        .starts_with("eurepoc-105,"));
}

#[test]
fn an_import_is_deterministic_and_replaces_only_its_own_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eu");
    import_eurepoc(&out);
    let first = text(&out.join("import/import-log.csv")) + &text(&out.join("events.csv"));
    let global = fixtures().join("eurepoc/EuRepoC_Global_Database_1.1.csv");
    // An earlier import is replaced only with --force.
    let again = diligence(&[
        "import",
        "eurepoc",
        global.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("give --force to replace it"));
    run_ok(&[
        "import",
        "eurepoc",
        global.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(
        text(&out.join("import/import-log.csv")) + &text(&out.join("events.csv")),
        first
    );
    // A folder that is not an import is never replaced.
    let other = tmp.path().join("mine");
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("notes.txt"), "mine").unwrap();
    let refused = diligence(&[
        "import",
        "eurepoc",
        global.to_str().unwrap(),
        "--out",
        other.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(text(&other.join("notes.txt")), "mine");
}

#[test]
fn malformed_files_give_positioned_errors_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("bad");
    let bad = fixtures().join("eurepoc/malformed.csv");
    let r = diligence(&[
        "import",
        "eurepoc",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(1));
    let shown = bad.display().to_string();
    assert_eq!(
        String::from_utf8_lossy(&r.stderr),
        format!(
            "{shown}:2:4: column `start_date`: `2021-02-30` is not a date (expected YYYY-MM-DD or YYYY-MM-DD 00:00:00)\n\
             {shown}:3:11: column `receiver_country`: not a Python list literal: expected `,` or `]` at character 10 (end of the cell)\n\
             {shown}:4:0: expected 81 fields as in the header, found 2\n\
             diligence: error: 3 problems in the source files; nothing was written\n"
        )
    );
    assert!(!out.exists());
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "no temporary folder is left"
    );
}

#[test]
fn a_file_with_the_wrong_header_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("bad");
    let cfr = fixtures().join("cfr/cyber-operations-incidents.csv");
    let r = diligence(&[
        "import",
        "eurepoc",
        cfr.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains(&format!("{}:1:0: missing column `ID`", cfr.display())),
        "{err}"
    );
    assert!(err.contains("missing column `start_date`"), "{err}");
    assert!(!out.exists());
}

#[test]
fn cfr_rows_map_to_the_expected_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cfr");
    let file = fixtures().join("cfr/cyber-operations-incidents.csv");
    let summary = run_ok(&[
        "import",
        "cfr",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let expected = fixtures().join("cfr/expected");
    assert_same_files(&expected, &out);
    assert_eq!(
        summary.replace(out.to_str().unwrap(), "OUT"),
        text(&expected.join("summary.txt"))
    );
}

#[test]
fn companion_files_give_targets_and_reports_with_their_own_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eu");
    let dir = fixtures().join("eurepoc");
    let p = |f: &str| dir.join(f).display().to_string();
    run_ok(&[
        "import",
        "eurepoc",
        &p("EuRepoC_Global_Database_1.1.csv"),
        "--attribution",
        &p("EuRepoC_Attribution_dataset_1.1.csv"),
        "--receiver",
        &p("EuRepoC_Receiver_dataset_1.1.csv"),
        "--out",
        out.to_str().unwrap(),
    ]);
    // Targets come from the Receiver dataset: incident 101's three rows; the incidents it
    // does not list keep the Global Database's receivers (RECEIVER-NOT-LISTED).
    assert_eq!(
        text(&out.join("targets.csv")),
        "incident,state,sector\neurepoc-101,KR,government\neurepoc-101,KR,finance\neurepoc-101,JP,private\n\
         eurepoc-102,IR,energy\neurepoc-103,CN,health\neurepoc-105,UA,energy\n"
    );
    // Reports come from the Attribution dataset: one dated row for 101; 102's is undated.
    let events = text(&out.join("events.csv"));
    assert!(events.contains(
        "2015-03-20,public_report,,,eurepoc-101,\"EuRepoC attribution: Attribution by receiver government / state entity by Ministry of Foreign Affairs (Korea, Republic of)\""
    ), "{events}");
    assert!(!events.contains("public_report,,,eurepoc-102"), "{events}");
    let notes = text(&out.join("import/import-notes.csv"));
    for line in [
        "EuRepoC_Global_Database_1.1.csv:3,receiver_country,RECEIVER-NOT-LISTED,the receiver file lists no receiver of incident 102: the Global Database's receiver columns are read",
        "EuRepoC_Global_Database_1.1.csv:6,attribution_date,ATTRIBUTION-NOT-LISTED,the attribution file lists no attribution of incident 105: the Global Database's attribution columns are read",
    ] {
        assert!(notes.lines().any(|l| l == line), "missing `{line}` in\n{notes}");
    }
    assert!(!notes.contains("incident 101: the Global"), "{notes}");
    let log = text(&out.join("import/import-log.csv"));
    assert!(
        log.contains("targets.csv:4,EuRepoC_Receiver_dataset_1.1.csv:4,"),
        "{log}"
    );
    assert!(notes.contains("EuRepoC_Attribution_dataset_1.1.csv:4,incident_ID,ATTRIBUTION-UNMATCHED,incident 999 is not in the Global Database"), "{notes}");
    assert!(
        notes.contains("EuRepoC_Attribution_dataset_1.1.csv:3,attribution_date,REPORT-NO-DATE"),
        "{notes}"
    );
}

#[test]
fn enrichment_brings_capacity_and_institutions_by_state_id() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eu");
    let global = fixtures().join("eurepoc/EuRepoC_Global_Database_1.1.csv");
    let states = tmp.path().join("caps.csv");
    fs::write(
        &states,
        "id,name,capacity\nUA,Ukraine,medium\nZZ,Nowhere,low\n",
    )
    .unwrap();
    let summary = run_ok(&[
        "import",
        "eurepoc",
        global.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--with",
        &shipped_dir(),
        "--states",
        states.to_str().unwrap(),
    ]);
    let written = text(&out.join("states.csv"));
    // RU, CN, IR, KP, UA from the shipped dataset; UA overridden by --states; KR and US from
    // facts/ where they are recorded, else empty.
    assert!(written.contains("RU,Russia,high\n"), "{written}");
    assert!(written.contains("UA,Ukraine,medium\n"), "{written}");
    assert!(
        !written.contains("ZZ"),
        "states the import does not name are not added"
    );
    assert!(text(&out.join("institutions.csv")).contains("RU,monitoring,2013-01-15,in_force"));
    assert!(summary.contains("ENRICH"), "{summary}");
    // A bad enrichment file is an error with its position; nothing is written.
    let bad = tmp.path().join("bad.csv");
    fs::write(&bad, "id,capacity\nRU,huge\n").unwrap();
    let out2 = tmp.path().join("eu2");
    let r = diligence(&[
        "import",
        "eurepoc",
        global.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
        "--states",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains(&format!(
        "{}:2:2: column `capacity`: unknown value `huge`; expected one of: low, medium, high",
        bad.display()
    )));
    assert!(!out2.exists());
}

#[test]
fn coverage_names_the_first_missing_kind_of_fact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eu");
    import_eurepoc(&out);
    let csv = run_ok(&[
        "coverage",
        "--facts",
        out.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    for line in [
        "eurepoc-101,significance,yes,",
        "eurepoc-101,knowledge,missing,no institution recorded for RU",
        "eurepoc-102,attribution,missing,no control recorded for proxy `charming-kitten-ir-proxy`",
        "eurepoc-102,significance,no,",
        "eurepoc-105,DUTY-ACTION,missing,no knowledge event and no public report during the operation",
        "eurepoc-105,attribution,missing,no perpetrator recorded",
        "eurepoc-101,countermeasures,missing,no response recorded other than retorsions",
    ] {
        assert!(csv.lines().any(|l| l == line), "missing `{line}` in\n{csv}");
    }
    let json: serde_json::Value = serde_json::from_str(&run_ok(&[
        "coverage",
        "--facts",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    // eurepoc-101 and eurepoc-105; the ransomware against hospitals (eurepoc-103) is of
    // severity low, below the default ci_min_severity moderate (SIG-CI, amended).
    assert_eq!(json["totals"]["significance"]["yes"], 2);
    assert_eq!(json["totals"]["knowledge"]["missing"], 4);
    // Under no-due-diligence the duties are not applicable.
    let nd = run_ok(&[
        "coverage",
        "--facts",
        out.to_str().unwrap(),
        "--format",
        "csv",
        "--profile",
        "no-due-diligence",
    ]);
    assert!(nd.lines().any(|l| l == "eurepoc-101,breach,n/a,"), "{nd}");
}

#[test]
fn agree_counts_coded_decidable_and_not_applicable_items() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("eu");
    import_eurepoc(&out);
    let global = fixtures().join("eurepoc/EuRepoC_Global_Database_1.1.csv");
    let json: serde_json::Value = serde_json::from_str(&run_ok(&[
        "agree",
        "--coding",
        "eurepoc",
        global.to_str().unwrap(),
        "--facts",
        out.to_str().unwrap(),
        "--profile",
        "kreuzer-2024",
        "--profile",
        "pure-sovereignty",
        "--format",
        "json",
    ]))
    .unwrap();
    // 104 is coded but was not imported (no start date).
    assert_eq!(json["coded_incidents"], 4);
    assert_eq!(json["in_dataset"], 3);
    let item = |p: usize, name: &str| {
        json["profiles"][p]["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"] == name)
            .unwrap()
            .clone()
    };
    // Responsibility: 101 Direct (attributed: yes/yes); 102 Indirect, a proxy without a
    // recorded control (undecidable); 105 None/Negligent, no perpetrator (undecidable).
    let r = item(0, "responsibility");
    assert_eq!(
        (
            r["coded"].clone(),
            r["undecidable"].clone(),
            r["not_in_dataset"].clone()
        ),
        (3.into(), 2.into(), 1.into())
    );
    assert_eq!(
        r["table"],
        serde_json::json!({"yes_yes": 1, "yes_no": 0, "no_yes": 0, "no_no": 0})
    );
    assert_eq!(r["raw"], 1.0);
    assert_eq!(
        r["kappa"],
        serde_json::Value::Null,
        "κ is undefined when p_e = 1"
    );
    assert_eq!(r["ac1"], 1.0);
    // Sovereignty is not applicable under kreuzer-2024, and decided under pure-sovereignty:
    // 101 and 105 coded Sovereignty (yes/yes), 102 not (no/no: domestic, not significant).
    assert_eq!(item(0, "sovereignty")["applicable"], false);
    assert_eq!(
        item(1, "sovereignty")["table"],
        serde_json::json!({"yes_yes": 2, "yes_no": 0, "no_yes": 0, "no_no": 1})
    );
    // Espionage: 102 coded Cyber espionage, ours no: a disagreement with its reason.
    let dis = json["profiles"][0]["disagreements"].as_array().unwrap();
    assert_eq!(dis.len(), 1);
    assert_eq!(dis[0]["incident"], "eurepoc-102");
    assert_eq!(dis[0]["item"], "espionage");
    // The reason is the why-not's legal argument: Iran is both the origin and the target.
    let reason = dis[0]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with(
            "SIG-ESPIONAGE: no target state suffered cyber harm from `eurepoc-102` from abroad"
        ),
        "{reason}"
    );
    assert!(
        reason.contains("the target Iran is the origin state itself"),
        "{reason}"
    );
}
