//! A whole dataset in one input: sections `@@ states.csv`, `@@ incidents.csv`, … (see
//! `split_dataset`). What loads is evaluated and every output relation rendered.
#![no_main]

use diligence_fuzz::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = split_dataset(data);
    if let Ok(ds) = load_checked(&files) {
        evaluate_and_render(ds);
    }
});
