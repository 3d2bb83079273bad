//! Checks the doctrinal profiles: the five shipped profiles load with exactly the values of
//! the catalogue's table P (and say which positions they set and which they inherit), user
//! profile files inherit what they leave unset, and bad files fail with exact
//! `FILE:LINE:COLUMN: message` errors, all of a file's problems together.

use std::path::{Path, PathBuf};

use diligence::facts::{Capacity, MeasureKind, Status};
use diligence::profile::{
    load_profile, parse_profile, shipped, shipped_toml, Origin, Params, Profile, Sovereignty,
    POSITION_KEYS,
};
use pretty_assertions::assert_eq;

/// One row of table P for one profile: key, value, and `None` if the profile sets it or
/// `Some(profile)` if it inherits it from that profile.
type Row = (&'static str, &'static str, Option<&'static str>);

const K: Option<&str> = Some("kreuzer-2024");
const SET: Option<&str> = None;

/// The feasibility rows (never set by a shipped profile other than `kreuzer-2024`).
fn feasibility(origin: Option<&'static str>) -> Vec<Row> {
    vec![
        ("feasibility.takedown", "medium", origin),
        ("feasibility.block", "medium", origin),
        ("feasibility.investigate", "low", origin),
        ("feasibility.arrest", "low", origin),
        ("feasibility.prosecute", "low", origin),
        ("feasibility.respond", "low", origin),
    ]
}

/// Table P of `shared/spec/doctrine.md`, column by column ("as kreuzer" = inherited).
fn table_p(profile: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = match profile {
        "kreuzer-2024" => vec![
            ("sovereignty", "none", SET),
            ("notify", "emerging", SET),
            ("vuln", "lex_ferenda", SET),
            ("preventive", "true", SET),
            ("due_diligence", "true", SET),
            ("collective_cm", "false", SET),
            ("window_hours", "72", SET),
            ("mla_window_hours", "720", SET),
            ("ci_min_severity", "moderate", SET),
            ("economic_threshold_usd", "10000000", SET),
            ("cumulative_incidents", "3", SET),
            ("cumulative_loss_usd", "10000000", SET),
        ],
        "tallinn-2" => vec![
            ("sovereignty", "territorial", SET),
            ("notify", "emerging", SET),
            ("vuln", "lex_ferenda", SET),
            ("preventive", "false", SET),
            ("due_diligence", "true", SET),
            ("collective_cm", "false", SET),
            ("window_hours", "72", SET),
            ("mla_window_hours", "720", SET),
            ("ci_min_severity", "moderate", SET),
            ("economic_threshold_usd", "10000000", SET),
            ("cumulative_incidents", "3", K),
            ("cumulative_loss_usd", "10000000", K),
        ],
        "pure-sovereignty" => vec![
            ("sovereignty", "pure", SET),
            ("notify", "emerging", K),
            ("vuln", "lex_ferenda", K),
            ("preventive", "true", K),
            ("due_diligence", "true", SET),
            ("collective_cm", "false", SET),
            ("window_hours", "72", SET),
            ("mla_window_hours", "720", K),
            ("ci_min_severity", "moderate", K),
            ("economic_threshold_usd", "10000000", K),
            ("cumulative_incidents", "3", K),
            ("cumulative_loss_usd", "10000000", K),
        ],
        // DUTY-NOTIFY, DUTY-VULN and preventive duties are "n/a": left inherited.
        "no-due-diligence" => vec![
            ("sovereignty", "none", SET),
            ("notify", "emerging", K),
            ("vuln", "lex_ferenda", K),
            ("preventive", "true", K),
            ("due_diligence", "false", SET),
            ("collective_cm", "false", SET),
            ("window_hours", "72", SET),
            ("mla_window_hours", "720", K),
            ("ci_min_severity", "moderate", K),
            ("economic_threshold_usd", "10000000", K),
            ("cumulative_incidents", "3", K),
            ("cumulative_loss_usd", "10000000", K),
        ],
        "collective-cm" => vec![
            ("sovereignty", "none", K),
            ("notify", "emerging", K),
            ("vuln", "lex_ferenda", K),
            ("preventive", "true", K),
            ("due_diligence", "true", SET),
            ("collective_cm", "true", SET),
            ("window_hours", "72", SET),
            ("mla_window_hours", "720", K),
            ("ci_min_severity", "moderate", K),
            ("economic_threshold_usd", "10000000", K),
            ("cumulative_incidents", "3", K),
            ("cumulative_loss_usd", "10000000", K),
        ],
        other => panic!("no table P column for {other}"),
    };
    let feas = if profile == "kreuzer-2024" { SET } else { K };
    rows.extend(feasibility(feas));
    rows
}

/// The expected origin of a row of `profile`.
fn origin(profile: &str, inherited: Option<&str>) -> Origin {
    match inherited {
        None => Origin::Set {
            profile: profile.to_string(),
        },
        Some(from) => Origin::Inherited {
            from: from.to_string(),
        },
    }
}

fn load(spec: &str) -> Profile {
    match load_profile(spec) {
        Ok(p) => p,
        Err(e) => panic!("profile {spec} does not load:\n{e}"),
    }
}

/// The error text of loading `spec`.
fn error(spec: &Path) -> String {
    match load_profile(&spec.display().to_string()) {
        Ok(p) => panic!("{} loaded, but should fail: {p:?}", spec.display()),
        Err(e) => e.to_string(),
    }
}

/// Writes `text` to `name` in `dir` and returns its path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp profile");
    path
}

#[test]
fn shipped_names() {
    assert_eq!(
        shipped(),
        vec![
            "kreuzer-2024",
            "tallinn-2",
            "pure-sovereignty",
            "no-due-diligence",
            "collective-cm"
        ]
    );
    for name in shipped() {
        assert!(shipped_toml(name).is_some());
    }
    assert_eq!(shipped_toml("nope"), None);
}

#[test]
fn every_shipped_profile_has_the_values_of_table_p() {
    for name in shipped() {
        let p = load(name);
        assert_eq!(p.name, name);
        assert!(!p.description.is_empty(), "{name} has no description");
        assert_eq!(
            p.inherits.as_deref(),
            if name == "kreuzer-2024" {
                None
            } else {
                Some("kreuzer-2024")
            }
        );
        let keys: Vec<&str> = p.positions.iter().map(|pos| pos.key).collect();
        assert_eq!(
            keys,
            POSITION_KEYS.to_vec(),
            "{name}: positions in key order"
        );
        let rows = table_p(name);
        assert_eq!(rows.len(), POSITION_KEYS.len());
        for (key, value, inherited) in rows {
            let pos = p.position(key);
            assert_eq!(pos.value, value, "{name}: {key}");
            assert_eq!(
                pos.origin,
                origin(name, inherited),
                "{name}: origin of {key}"
            );
            assert!(!pos.source.trim().is_empty(), "{name}: {key} has no source");
        }
        assert_eq!(p.params.as_of, diligence::facts::Time::NEVER);
    }
}

#[test]
fn shipped_params_match_table_p() {
    use Capacity::*;
    let kreuzer = load("kreuzer-2024").params;
    assert_eq!(
        kreuzer,
        Params::default(),
        "kreuzer-2024.toml and Params::default agree"
    );
    assert_eq!(kreuzer.feasibility, [Medium, Medium, Low, Low, Low, Low]);
    assert_eq!(kreuzer.required_capacity(MeasureKind::Takedown), Medium);

    let tallinn = load("tallinn-2").params;
    assert_eq!(
        tallinn,
        Params {
            sovereignty: Sovereignty::Territorial,
            preventive: false,
            ..Params::default()
        }
    );
    let pure = load("pure-sovereignty").params;
    assert_eq!(
        pure,
        Params {
            sovereignty: Sovereignty::Pure,
            ..Params::default()
        }
    );
    let no_dd = load("no-due-diligence").params;
    assert_eq!(
        no_dd,
        Params {
            due_diligence: false,
            ..Params::default()
        }
    );
    let collective = load("collective-cm").params;
    assert_eq!(
        collective,
        Params {
            collective_cm: true,
            ..Params::default()
        }
    );
}

#[test]
fn shipped_sources_name_their_authorities() {
    let tallinn = load("tallinn-2");
    assert!(tallinn
        .position("sovereignty")
        .source
        .starts_with("Tallinn Manual 2.0, Rule 4"));
    assert!(tallinn
        .position("due_diligence")
        .source
        .starts_with("Tallinn Manual 2.0, Rules 6-7"));
    assert!(tallinn
        .position("collective_cm")
        .source
        .starts_with("Tallinn Manual 2.0, Rule 24"));
    assert!(load("pure-sovereignty")
        .position("sovereignty")
        .source
        .starts_with("France"));
    assert!(load("collective-cm")
        .position("collective_cm")
        .source
        .starts_with("Estonia"));
    assert!(load("kreuzer-2024")
        .position("sovereignty")
        .source
        .contains("F7"));
    // Inherited positions keep the source of the profile that set them.
    assert_eq!(
        tallinn.position("cumulative_incidents").source,
        load("kreuzer-2024").position("cumulative_incidents").source
    );
}

#[test]
fn positions_display_value_and_origin() {
    let pure = load("pure-sovereignty");
    assert_eq!(
        pure.position("sovereignty").to_string(),
        "sovereignty rule: pure, profile `pure-sovereignty`"
    );
    assert_eq!(
        pure.position("economic_threshold_usd").to_string(),
        "economic threshold (SIG-ECONOMIC): 10,000,000 USD, inherited from `kreuzer-2024`"
    );
    assert_eq!(
        pure.feasibility(MeasureKind::Block).to_string(),
        "capacity required for `block` (CAP-1): medium, inherited from `kreuzer-2024`"
    );
    let collective = load("collective-cm");
    assert_eq!(
        collective.position("collective_cm").to_string(),
        "collective countermeasures (CM-COLLECTIVE): yes, profile `collective-cm`"
    );
    assert_eq!(collective.get("no_such_key"), None);
}

#[test]
fn user_profile_inherits_what_it_leaves_unset() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "short-window.toml",
        "[positions]\nwindow_hours = 48\n",
    );
    let p = load(&path.display().to_string());
    assert_eq!(p.name, "short-window", "name defaults to the file stem");
    assert_eq!(p.inherits.as_deref(), Some("kreuzer-2024"));
    assert_eq!(
        p.params,
        Params {
            window_hours: 48,
            ..Params::default()
        }
    );
    let window = p.position("window_hours");
    assert_eq!(window.value, "48");
    assert_eq!(window.source, "");
    assert_eq!(
        window.origin,
        Origin::Set {
            profile: "short-window".into()
        }
    );
    assert_eq!(
        window.to_string(),
        "response window: 48 h, profile `short-window`"
    );
    for pos in p.positions.iter().filter(|pos| pos.key != "window_hours") {
        assert_eq!(
            pos.origin,
            Origin::Inherited {
                from: "kreuzer-2024".into()
            },
            "{}",
            pos.key
        );
    }
    let kreuzer = load("kreuzer-2024");
    assert_eq!(
        p.position("sovereignty").source,
        kreuzer.position("sovereignty").source
    );
}

#[test]
fn user_profile_tables_sources_and_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"
name = "strict"
description = "Binding notification, demanding capacities."
inherits = "tallinn-2"

[positions.notify]
value = "binding"
source = "hypothetical treaty"

[positions.window_hours]
value = 24
source = "national CERT practice"

[positions.feasibility]
source = "capacity survey"
takedown = "high"
respond = { value = "medium", source = "own assessment" }
"#;
    let path = write(dir.path(), "strict.toml", text);
    let p = load(&path.display().to_string());
    assert_eq!(p.name, "strict");
    assert_eq!(p.description, "Binding notification, demanding capacities.");
    assert_eq!(p.inherits.as_deref(), Some("tallinn-2"));
    assert_eq!(p.params.notify, Status::LexLata);
    assert_eq!(p.position("notify").value, "lex_lata");
    assert_eq!(p.position("notify").source, "hypothetical treaty");
    assert_eq!(p.params.window_hours, 24);
    assert_eq!(
        p.params.required_capacity(MeasureKind::Takedown),
        Capacity::High
    );
    assert_eq!(
        p.params.required_capacity(MeasureKind::Respond),
        Capacity::Medium
    );
    assert_eq!(
        p.params.required_capacity(MeasureKind::Block),
        Capacity::Medium
    );
    assert_eq!(
        p.feasibility(MeasureKind::Takedown).source,
        "capacity survey"
    );
    assert_eq!(p.feasibility(MeasureKind::Respond).source, "own assessment");
    let strict = Origin::Set {
        profile: "strict".into(),
    };
    assert_eq!(p.feasibility(MeasureKind::Takedown).origin, strict);
    assert_eq!(
        p.feasibility(MeasureKind::Block).origin,
        Origin::Inherited {
            from: "kreuzer-2024".into()
        }
    );
    // Through the chain: set by tallinn-2, or by kreuzer-2024 for what tallinn-2 inherits.
    assert_eq!(p.params.sovereignty, Sovereignty::Territorial);
    assert_eq!(
        p.position("sovereignty").origin,
        Origin::Inherited {
            from: "tallinn-2".into()
        }
    );
    assert_eq!(
        p.position("cumulative_incidents").origin,
        Origin::Inherited {
            from: "kreuzer-2024".into()
        }
    );
    assert_eq!(
        p.position("preventive").to_string(),
        "preventive duties incl. abstract risk (SIG-RISK): no, inherited from `tallinn-2`"
    );

    // A user profile inheriting from another user file, by a path relative to its folder.
    let child = write(
        dir.path(),
        "child.toml",
        "inherits = \"strict.toml\"\n[positions]\nvuln = \"emerging\"\n",
    );
    let c = load(&child.display().to_string());
    assert_eq!(c.inherits.as_deref(), Some("strict"));
    assert_eq!(c.params.vuln, Status::Emerging);
    assert_eq!(c.params.window_hours, 24);
    assert_eq!(
        c.position("window_hours").origin,
        Origin::Inherited {
            from: "strict".into()
        }
    );
    assert_eq!(
        c.position("vuln").origin,
        Origin::Set {
            profile: "child".into()
        }
    );
}

#[test]
fn empty_user_profile_is_kreuzer() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "empty.toml", "");
    let p = load(&path.display().to_string());
    assert_eq!(p.params, Params::default());
    assert!(p.positions.iter().all(|pos| pos.origin.is_inherited()));
}

#[test]
fn parse_profile_from_text() {
    let p = parse_profile("[positions]\nsovereignty = \"pure\"\n", "inline.toml").unwrap();
    assert_eq!(p.name, "inline");
    assert_eq!(p.params.sovereignty, Sovereignty::Pure);
    let e = parse_profile("[positions]\nsovereignty = 1\n", "inline.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "inline.toml:2:15: `sovereignty` must be a string, found integer"
    );
}

#[test]
fn unknown_key_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "p.toml",
        "colour = \"red\"\n[positions]\nwindow_hour = 48\n",
    );
    let f = path.display();
    assert_eq!(
        error(&path),
        format!(
            "{f}:1:1: unknown key `colour`; expected `name`, `description`, `inherits` or `positions`\n\
             {f}:3:1: unknown position `window_hour`; did you mean `window_hours`?"
        )
    );
    let path = write(
        dir.path(),
        "q.toml",
        "[positions.sovereignty]\nvalue = \"none\"\nsorce = \"x\"\n\n[positions.feasibility]\ntakedwn = \"low\"\nfrobnicate = \"low\"\n",
    );
    let f = path.display();
    assert_eq!(
        error(&path),
        format!(
            "{f}:3:1: unknown key `sorce` in position `sovereignty`; expected `value` or `source`\n\
             {f}:6:1: unknown measure kind `takedwn` in `feasibility`; did you mean `takedown`?\n\
             {f}:7:1: unknown measure kind `frobnicate` in `feasibility`; expected one of: takedown, block, investigate, arrest, prosecute, respond, source"
        )
    );
}

#[test]
fn wrong_type_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "p.toml",
        "name = 7\n[positions.window_hours]\nvalue = \"48\"\nsource = 3\n[positions.preventive]\nvalue = \"yes\"\n[positions.feasibility]\nblock = 2\n",
    );
    let f = path.display();
    assert_eq!(
        error(&path),
        format!(
            "{f}:1:8: `name` must be a string, found integer\n\
             {f}:3:9: `window_hours` must be an integer, found string\n\
             {f}:4:10: `source` of `window_hours` must be a string, found integer\n\
             {f}:6:9: `preventive` must be a boolean, found string\n\
             {f}:8:9: `feasibility.block` must be a string, found integer"
        )
    );
    let path = write(
        dir.path(),
        "q.toml",
        "[positions.collective_cm]\nsource = \"x\"\n\n[positions]\nfeasibility = \"high\"\n",
    );
    let f = path.display();
    assert_eq!(
        error(&path),
        format!(
            "{f}:1:12: position `collective_cm` has no `value`\n\
             {f}:5:15: `feasibility` must be a table of measure kinds (takedown, block, investigate, arrest, prosecute, respond), found string"
        )
    );
}

#[test]
fn bad_value_errors() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[positions]\n\
                sovereignty = \"absolute\"\n\
                notify = \"lex_ferenda\"\n\
                window_hours = 0\n\
                cumulative_incidents = 1\n\
                economic_threshold_usd = -5\n\
                \n\
                [positions.feasibility]\n\
                arrest = \"huge\"\n";
    let path = write(dir.path(), "p.toml", text);
    let f = path.display();
    assert_eq!(
        error(&path),
        format!(
            "{f}:2:15: invalid value `absolute` for `sovereignty`; expected one of `none`, `territorial`, `pure`\n\
             {f}:3:10: invalid value `lex_ferenda` for `notify`; expected one of `emerging`, `lex_lata`, `binding`\n\
             {f}:4:16: `window_hours` must be an integer from 1 to 4294967295, found 0\n\
             {f}:5:24: `cumulative_incidents` must be an integer from 2 to 4294967295, found 1\n\
             {f}:6:26: `economic_threshold_usd` must be an integer from 0 to 18446744073709551615, found -5\n\
             {f}:9:10: invalid value `huge` for `feasibility.arrest`; expected one of `low`, `medium`, `high`"
        )
    );
}

/// The amended positions: `mla_window_hours` (an integer from 1) and `ci_min_severity` (a
/// severity) are checked like the others, every problem at its line and column.
#[test]
fn amended_position_errors() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[positions]\n\
                mla_window_hours = 0\n\
                ci_min_severity = \"extreme\"\n\
                [positions.mla_window_hour]\n\
                value = 3\n";
    let path = write(dir.path(), "p.toml", text);
    let f = path.display();
    assert_eq!(
        error(&path),
        format!(
            "{f}:2:20: `mla_window_hours` must be an integer from 1 to 4294967295, found 0\n\
             {f}:3:19: invalid value `extreme` for `ci_min_severity`; expected one of `low`, `moderate`, `high`, `severe`\n\
             {f}:4:12: unknown position `mla_window_hour`; did you mean `mla_window_hours`?"
        )
    );
    let path = write(
        dir.path(),
        "q.toml",
        "[positions]\nmla_window_hours = \"30 days\"\nci_min_severity = 2\n",
    );
    let f = path.display();
    assert_eq!(
        error(&path),
        format!(
            "{f}:2:20: `mla_window_hours` must be an integer, found string\n\
             {f}:3:19: `ci_min_severity` must be a string, found integer"
        )
    );
}

/// A user profile sets the amended positions and inherits the rest, here from `tallinn-2`;
/// explanations read them with their units and origin.
#[test]
fn user_profile_sets_mla_window_and_ci_min_severity() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "strict.toml",
        "inherits = \"tallinn-2\"\n[positions]\nmla_window_hours = 72\n\n[positions.ci_min_severity]\nvalue = \"high\"\nsource = \"test\"\n",
    );
    let p = load(&path.display().to_string());
    let tallinn = load("tallinn-2");
    assert_eq!(
        p.params,
        Params {
            mla_window_hours: 72,
            ci_min_severity: diligence::facts::Severity::High,
            ..tallinn.params
        }
    );
    assert_eq!(
        p.position("mla_window_hours").to_string(),
        "MLA answer window (BREACH-MLA): 72 h, profile `strict`"
    );
    assert_eq!(
        p.position("ci_min_severity").to_string(),
        "least severity for SIG-CI: high, profile `strict`"
    );
    assert_eq!(p.position("ci_min_severity").source, "test");
    assert_eq!(
        load("pure-sovereignty")
            .position("mla_window_hours")
            .to_string(),
        "MLA answer window (BREACH-MLA): 720 h, inherited from `kreuzer-2024`"
    );
    assert_eq!(
        diligence::profile::closed_values("ci_min_severity"),
        ["low", "moderate", "high", "severe"]
    );
    assert!(diligence::profile::closed_values("mla_window_hours").is_empty());
}

#[test]
fn unknown_profile_name_errors() {
    let shipped_list = "(shipped profiles: kreuzer-2024, tallinn-2, pure-sovereignty, no-due-diligence, collective-cm; or give the path of a TOML file)";
    assert_eq!(
        load_profile("talinn-2").unwrap_err().to_string(),
        format!("unknown profile `talinn-2`; did you mean `tallinn-2`? {shipped_list}")
    );
    assert_eq!(
        load_profile("xyz").unwrap_err().to_string(),
        format!("unknown profile `xyz` {shipped_list}")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "p.toml",
        "name = \"mine\"\ninherits = \"pure-sovereinty\"\n",
    );
    assert_eq!(
        error(&path),
        format!(
            "{}:2:12: unknown profile `pure-sovereinty`; did you mean `pure-sovereignty`? {shipped_list}",
            path.display()
        )
    );
    let path = write(dir.path(), "q.toml", "inherits = \"gone.toml\"\n");
    assert_eq!(
        error(&path),
        format!(
            "{}:1:12: profile file `{}` does not exist",
            path.display(),
            dir.path().join("gone.toml").display()
        )
    );
    let path = write(dir.path(), "r.toml", "inherits = \"\"\n");
    assert_eq!(
        error(&path),
        format!("{}:1:12: `inherits` must not be empty", path.display())
    );
    let missing = dir.path().join("missing.toml");
    assert!(error(&missing).starts_with(&format!("{}: cannot read profile: ", missing.display())));
}

#[test]
fn shipped_names_are_reserved() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "p.toml", "name = \"tallinn-2\"\n");
    assert_eq!(
        error(&path),
        format!(
            "{}:1:8: name `tallinn-2` belongs to a shipped profile; give this profile another name",
            path.display()
        )
    );
}

#[test]
fn syntax_errors_have_a_location() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "p.toml", "[positions]\nwindow_hours = = 3\n");
    let e = error(&path);
    assert!(e.starts_with(&format!("{}:2:", path.display())), "{e}");
}

#[test]
fn inheritance_cycle_errors() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.toml", "inherits = \"b.toml\"\n");
    let b = write(dir.path(), "b.toml", "inherits = \"a.toml\"\n");
    assert_eq!(
        error(&a),
        format!(
            "{b}:1:12: inheritance cycle: {a} -> {b} -> {a}",
            a = a.display(),
            b = b.display()
        )
    );
    let own = write(
        dir.path(),
        "own.toml",
        "# itself\ninherits = \"own.toml\"\n",
    );
    assert_eq!(
        error(&own),
        format!("{o}:2:12: inheritance cycle: {o} -> {o}", o = own.display())
    );
}

#[test]
fn errors_of_an_inherited_file_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(
        dir.path(),
        "base.toml",
        "[positions]\nwindow_hours = \"long\"\n",
    );
    let child = write(
        dir.path(),
        "child.toml",
        "inherits = \"base.toml\"\nbogus = 1\n",
    );
    assert_eq!(
        error(&child),
        format!(
            "{c}:2:1: unknown key `bogus`; expected `name`, `description`, `inherits` or `positions`\n\
             {b}:2:16: `window_hours` must be an integer, found string",
            c = child.display(),
            b = base.display()
        )
    );
}
