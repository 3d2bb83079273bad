//! `diligence why-not`: why a row was not derived, down to the missing input.

use std::io::{self, Write};

use diligence::cli::{ProofFormat, WhyNotArgs};
use diligence::explain::whynot;

use super::{evaluate, progress, Failure, Outcome};

/// Runs the command.
pub fn run(args: WhyNotArgs) -> Outcome {
    let WhyNotArgs {
        atom,
        data,
        depth,
        format,
    } = args;
    let pb = progress();
    let ev = evaluate(&data, &pb)?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let (rel, pattern) = whynot::parse_pattern(&ev, &atom).map_err(Failure::Usage)?;
    let w = whynot::why_not(&ev, rel, &pattern, depth).map_err(Failure::Usage)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        ProofFormat::Text => write!(out, "{}", whynot::render_text(&w, &ev))?,
        ProofFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &whynot::to_json(&w, &ev))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ProofFormat::Jsonl => {
            serde_json::to_writer(&mut out, &whynot::to_json(&w, &ev)).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ProofFormat::Dot => write!(out, "{}", whynot::to_dot(&w, &ev))?,
    }
    out.flush()?;
    Ok(())
}
