//! The fact-atom parsers of `explain` (`provenance::parse_atom`, `find`, the prover and its
//! renderings, and the proof checker `provenance::check`) and `why-not` (`whynot::parse_pattern`, `why_not`, its rendering), on any
//! text, against the shipped dataset evaluated once.
#![no_main]

use std::sync::OnceLock;

use diligence::explain::{provenance, whynot};
use diligence::Evaluation;
use diligence_fuzz::*;
use libfuzzer_sys::fuzz_target;

fn shipped() -> &'static Evaluation {
    static EV: OnceLock<Evaluation> = OnceLock::new();
    EV.get_or_init(|| evaluate_and_render(shipped_dataset().clone()))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ev = shipped();
    if let Ok(atom) = provenance::parse_atom(&text) {
        if let Ok(facts) = provenance::find(ev, &atom) {
            let mut prover = provenance::Prover::new(&ev.model);
            for f in facts.iter().take(2) {
                let proof = prover.prove(f).expect("a row of the model has a proof");
                let _ = provenance::render_text(&proof, ev, Some(4));
                let _ = provenance::to_json(&proof, &ev.dataset);
                provenance::check(&proof, ev).expect("a proof the prover built checks");
            }
        }
    }
    if let Ok((rel, pattern)) = whynot::parse_pattern(ev, &text) {
        if let Ok(w) = whynot::why_not(ev, rel, &pattern, 2) {
            let _ = whynot::render_text(&w, ev);
            let _ = whynot::to_json(&w, ev);
        }
    }
});
