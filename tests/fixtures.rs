//! Runs every fixture scenario under `tests/fixtures/FAMILY/SCENARIO/` and compares each
//! relation with the expected CSV beside it.
//!
//! A scenario folder holds a dataset (the input CSV files), an optional `scenario.toml`
//! (`profile = "NAME"` or the file name of a user profile beside it, `as_of = "TIME"`;
//! defaults: `kreuzer-2024`, the dataset's latest time) and `expected/RELATION.csv` for each relation whose exact content is asserted.
//! `DILIGENCE_BLESS=1 cargo test --test fixtures` rewrites the expected files; review every
//! change for legal sense before committing it.

use std::path::{Path, PathBuf};

use diligence::facts::Time;
use diligence::{evaluate, output, EvalOptions};
use pretty_assertions::assert_eq;

fn scenarios() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for family in std::fs::read_dir(&root).unwrap().flatten() {
        if !family.path().is_dir() {
            continue;
        }
        for sc in std::fs::read_dir(family.path()).unwrap().flatten() {
            if sc.path().join("expected").is_dir() {
                out.push(sc.path());
            }
        }
    }
    out.sort();
    out
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Settings {
    profile: Option<String>,
    as_of: Option<String>,
}

fn run(dir: &Path) -> Vec<(PathBuf, String, String)> {
    let settings: Settings = std::fs::read_to_string(dir.join("scenario.toml"))
        .map(|t| toml::from_str(&t).unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .unwrap_or_default();
    // The dataset is the folder itself minus scenario.toml and expected/: copy the CSVs.
    let data = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(dir).unwrap().flatten() {
        if f.path().extension().is_some_and(|e| e == "csv") {
            std::fs::copy(f.path(), data.path().join(f.file_name())).unwrap();
        }
    }
    let ds =
        diligence::facts::load(data.path()).unwrap_or_else(|e| panic!("{}:\n{e}", dir.display()));
    // A profile file beside the scenario (`profile = "user.toml"`) is read from there.
    let name = settings.profile.as_deref().unwrap_or("kreuzer-2024");
    let beside = dir.join(name);
    let spec = if name.ends_with(".toml") && beside.is_file() {
        beside.to_string_lossy().into_owned()
    } else {
        name.to_string()
    };
    let prof = diligence::profile::load_profile(&spec).unwrap();
    let as_of = settings.as_of.as_deref().map(|t| Time::parse(t).unwrap());
    let ev = evaluate(
        ds,
        prof,
        &EvalOptions {
            as_of,
            threads: Some(1),
            ..Default::default()
        },
    );
    let mut results = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir.join("expected"))
        .unwrap()
        .flatten()
        .map(|f| f.path())
        .collect();
    files.sort();
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let rel = output::relation(&name)
            .unwrap_or_else(|| panic!("{}: no relation {name}", path.display()));
        let mut buf = Vec::new();
        output::write_csv(&ev, rel, &mut buf).unwrap();
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        results.push((path, expected, String::from_utf8(buf).unwrap()));
    }
    results
}

#[test]
fn every_fixture_scenario_gives_its_expected_relations() {
    let bless = std::env::var_os("DILIGENCE_BLESS").is_some();
    let all = scenarios();
    assert!(!all.is_empty(), "no fixture scenarios found");
    for dir in all {
        for (path, expected, actual) in run(&dir) {
            if bless {
                std::fs::write(&path, &actual).unwrap();
            } else {
                assert_eq!(expected, actual, "{}", path.display());
            }
        }
    }
}
