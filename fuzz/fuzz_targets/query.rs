//! The query language (`query::compile`: parser and checker) on any text; a program that
//! compiles is answered over the shipped dataset and its answers written as CSV. Errors
//! must be positioned, one line each.
#![no_main]

use std::sync::OnceLock;

use diligence::{output, query, Evaluation};
use diligence_fuzz::*;
use libfuzzer_sys::fuzz_target;

fn shipped() -> &'static Evaluation {
    static EV: OnceLock<Evaluation> = OnceLock::new();
    EV.get_or_init(|| evaluate_and_render(shipped_dataset().clone()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match query::compile(text) {
        Err(errors) => {
            assert!(!errors.is_empty(), "a failed compilation without errors");
            let rendered = query::render_errors(&errors, Some("q.dl"));
            assert_eq!(rendered.lines().count(), errors.len(), "{rendered}");
        }
        Ok(prog) => {
            let engine = query::answer(shipped(), &prog, false);
            let which: Vec<usize> = (0..prog.queries.len()).collect();
            let mut out = Vec::new();
            let _ = query::write(&engine, &which, output::Format::Csv, &mut out);
        }
    }
});
