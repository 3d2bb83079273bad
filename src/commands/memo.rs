//! `diligence memo`: a legal memorandum on one incident, as Markdown or HTML.

use std::io::{self, Write};

use diligence::cli::{MemoArgs, MemoFormat};
use diligence::explain::memo::{self, MemoError};
use diligence::profile;

use super::{evaluate, load_profile, progress, Failure, Outcome};

/// Runs the command.
pub fn run(args: MemoArgs) -> Outcome {
    let MemoArgs {
        incident,
        data,
        format,
        out,
    } = args;
    let mut shipped = Vec::new();
    for name in profile::shipped() {
        shipped.push(load_profile(name)?);
    }
    let pb = progress();
    let ev = evaluate(&data, &pb)?;
    if let Some(pb) = &pb {
        pb.set_message(format!("writing the memo on {incident}"));
    }
    let m = memo::build(&ev, &incident, &shipped);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let m = m.map_err(|e| match e {
        MemoError::UnknownIncident { .. } => Failure::Usage(e.to_string()),
        MemoError::Sensitivity(_) => Failure::Input(format!("diligence: error: {e}")),
    })?;
    let text = match format {
        MemoFormat::Markdown => m.to_markdown(),
        MemoFormat::Html => m.to_html(),
    };
    match out {
        Some(path) => std::fs::write(&path, text).map_err(|e| {
            Failure::Input(format!(
                "diligence: error: cannot write {}: {e}",
                path.display()
            ))
        })?,
        None => {
            let mut w = io::BufWriter::new(io::stdout().lock());
            w.write_all(text.as_bytes())?;
            w.flush()?;
        }
    }
    Ok(())
}
