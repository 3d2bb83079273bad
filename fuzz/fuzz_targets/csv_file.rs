//! One CSV file of any input kind: the first byte picks the kind, the rest is the file.
//! A small valid `states.csv`, `incidents.csv` and `actors.csv` stand beside it (unless the
//! fuzzed file is one of them), so references can resolve. What loads is evaluated.
#![no_main]

use diligence_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let file = kind(selector);
    let mut files = vec![
        (diligence::facts::InputFile::States, STATES),
        (diligence::facts::InputFile::Incidents, INCIDENTS),
        (diligence::facts::InputFile::Actors, ACTORS),
    ];
    files.push((file, bytes));
    if let Ok(ds) = load_checked(&files) {
        evaluate_and_render(ds);
    }
});
