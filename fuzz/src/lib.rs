//! Shared helpers of the fuzz targets: the in-memory dataset format of the `dataset`
//! target, the invariants every load result must satisfy, and evaluating what loaded.
//!
//! A crash is a panic, an abort, or a broken invariant (checked with `assert!`).

use std::path::Path;
use std::sync::OnceLock;

use diligence::facts::{load_files, Dataset, InputErrors, InputFile};
use diligence::{evaluate, output, profile, EvalOptions, Evaluation};

/// A small valid `states.csv` and `incidents.csv`, so that a fuzzed file of another kind
/// has ids to refer to (`AV`, `BB`, `hosp`, `a1`).
pub const STATES: &[u8] = b"id,name,capacity\nAV,Avalon,advanced\nBB,Borduria,moderate\n";
pub const INCIDENTS: &[u8] = b"id,title,start,vector,effect,severity\nhosp,Hospital ransomware,2020-09-09,ransomware,disruption,serious\n";
pub const ACTORS: &[u8] = b"id,name,kind\na1,Group One,non_state\n";

/// The input file a selector byte picks (every byte picks one).
pub fn kind(selector: u8) -> InputFile {
    InputFile::ALL[selector as usize % InputFile::ALL.len()]
}

/// Splits the `dataset` target's input into files: a line `@@ NAME` starts the file
/// `NAME` (one of the input file names; a section under any other name is dropped), and
/// the lines up to the next such line are its bytes. Bytes before the first `@@` line are
/// dropped.
pub fn split_dataset(data: &[u8]) -> Vec<(InputFile, &[u8])> {
    let mut out = Vec::new();
    let mut current: Option<(Option<InputFile>, usize)> = None;
    let mut pos = 0;
    while pos <= data.len() {
        let end = data[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |k| pos + k);
        let line = &data[pos..end];
        if let Some(name) = line.strip_prefix(b"@@ ") {
            if let Some((Some(f), start)) = current {
                out.push((f, &data[start..pos]));
            }
            let name = String::from_utf8_lossy(name);
            let file = InputFile::ALL
                .iter()
                .copied()
                .find(|f| f.file_name() == name.trim());
            current = Some((file, (end + 1).min(data.len())));
        }
        pos = end + 1;
    }
    if let Some((Some(f), start)) = current {
        out.push((f, &data[start..]));
    }
    out
}

/// Loads `files`, checks the invariants of the result, and returns it.
///
/// Errors: at least one; sorted and without duplicates; each names a given or mandatory
/// input file, one line of message, and a line inside the file. Datasets: every row of a
/// file is on a line after the header, inside the file, and rows are in file order.
pub fn load_checked(files: &[(InputFile, &[u8])]) -> Result<Dataset, InputErrors> {
    let result = load_files(files);
    let lines = |f: InputFile| -> u64 {
        files
            .iter()
            .rev()
            .find(|(g, _)| *g == f)
            .map_or(0, |(_, b)| b.iter().filter(|&&c| c == b'\n').count() as u64 + 1)
    };
    match &result {
        Err(errors) => {
            assert!(!errors.0.is_empty(), "an error result without errors");
            assert!(errors.0.windows(2).all(|w| w[0] < w[1]), "errors not sorted");
            for e in &errors.0 {
                let file = InputFile::ALL.iter().find(|f| f.file_name() == e.file);
                let file = file.unwrap_or_else(|| panic!("error names no input file: {e}"));
                assert!(!e.message.is_empty() && !e.message.contains('\n'), "{e}");
                assert!(e.line <= lines(*file), "error past the end of the file: {e}");
            }
        }
        Ok(ds) => {
            macro_rules! rows_in_order {
                ($($field:ident),*) => {$(
                    let mut last = 1;
                    for r in &ds.$field {
                        assert!(r.src.line > last, "row out of order or on the header: {}", r.src);
                        assert!(u64::from(r.src.line) <= lines(r.src.file), "row past the end: {}", r.src);
                        last = r.src.line;
                    }
                )*};
            }
            rows_in_order!(
                states,
                institutions,
                incidents,
                targets,
                origins,
                actors,
                perpetrators,
                control,
                events,
                vulnerabilities,
                responses
            );
        }
    }
    result
}

/// Evaluates a dataset under the default profile and renders every output relation.
pub fn evaluate_and_render(ds: Dataset) -> Evaluation {
    let prof = profile::load_profile("kreuzer-2024").expect("shipped profile");
    let opts = EvalOptions {
        threads: Some(1),
        ..Default::default()
    };
    let ev = evaluate(ds, prof, &opts);
    for name in output::OUTPUT_RELATIONS {
        let rel = output::relation(name).expect("output relation");
        let _ = output::rows(&ev, rel);
    }
    ev
}

/// The shipped dataset (`facts/`), loaded once.
pub fn shipped_dataset() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../facts");
        diligence::facts::load(&dir).expect("shipped dataset loads")
    })
}
