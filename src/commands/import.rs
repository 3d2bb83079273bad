//! `diligence import eurepoc|cfr`: write an incident dataset researchers hold as a dataset
//! of our schema, with its provenance, and print what was read, written, skipped and
//! repaired.

use std::io::{self, Write};

use diligence::cli::{ImportArgs, ImportOut, ImportSource};
use diligence::facts::InputErrors;
use diligence::import::{self, cfr, enrich, eurepoc, Builder, Summary};

use super::{Failure, Outcome};

fn input(errs: InputErrors, what: &str) -> Failure {
    let n = errs.0.len();
    Failure::Input(format!(
        "{errs}\ndiligence: error: {n} problem{} in {what}; nothing was written",
        if n == 1 { "" } else { "s" }
    ))
}

/// Runs the command.
pub fn run(args: ImportArgs) -> Outcome {
    let out: &ImportOut = match &args.source {
        ImportSource::Eurepoc(a) => &a.out,
        ImportSource::Cfr(a) => &a.out,
    };
    let sources = enrich::Sources {
        states: out.states.as_deref(),
        institutions: out.institutions.as_deref(),
        with: out.with.as_deref(),
    };
    let enrichment = enrich::load(&sources).map_err(|e| input(e, "the enrichment"))?;
    let (title, result): (&str, Result<(Builder, Summary), InputErrors>) = match &args.source {
        ImportSource::Eurepoc(a) => (
            "EuRepoC Global Database 1.1",
            eurepoc::import(
                &eurepoc::Options {
                    global: a.global.clone(),
                    attribution: a.attribution.clone(),
                    receiver: a.receiver.clone(),
                },
                &enrichment,
            ),
        ),
        ImportSource::Cfr(a) => (
            "CFR Cyber Operations Tracker",
            cfr::import(&a.file, &enrichment),
        ),
    };
    let (b, summary) = result.map_err(|e| input(e, "the source files"))?;
    import::writer::write(&b, &out.out, out.force).map_err(|m| {
        if m.contains("--force") || m.contains("choose another") {
            Failure::Usage(m)
        } else {
            Failure::Input(format!("diligence: error: {m}"))
        }
    })?;
    let text = import::summary_text(title, &summary, &b, &out.out);
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
