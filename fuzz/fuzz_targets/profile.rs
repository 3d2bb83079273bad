//! The profile parser (`parse_profile`) on any text; a profile that parses is used to
//! evaluate the shipped dataset (its positions must never make evaluation panic).
#![no_main]

use diligence::{evaluate, profile, EvalOptions};
use diligence_fuzz::shipped_dataset;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A folder that does not exist: relative `inherits` paths resolve to nothing.
    match profile::parse_profile(text, "/nonexistent-fuzz-dir/fuzz.toml") {
        Ok(prof) => {
            let opts = EvalOptions {
                threads: Some(1),
                ..Default::default()
            };
            let _ = evaluate(shipped_dataset().clone(), prof, &opts);
        }
        Err(e) => {
            let text = e.to_string();
            assert!(!text.is_empty(), "an empty profile error");
        }
    }
});
