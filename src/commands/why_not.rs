//! `diligence why-not`: why a row was not derived, down to the missing input.

use std::io::{self, Write};

use diligence::cli::{ProofFormat, WhyNotArgs};
use diligence::explain::argument::Argument;
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
        ProofFormat::Trace => write!(out, "{}", whynot::render_text(&w, &ev))?,
        ProofFormat::Text => write!(out, "{}", Argument::why_not(&ev, &w).to_text())?,
        ProofFormat::Markdown => write!(out, "{}", Argument::why_not(&ev, &w).to_markdown())?,
        ProofFormat::Html => write!(out, "{}", Argument::why_not(&ev, &w).to_html("w-"))?,
        ProofFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &whynot::to_json_argued(&w, &ev))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ProofFormat::Jsonl => {
            serde_json::to_writer(&mut out, &whynot::to_json_argued(&w, &ev))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ProofFormat::Dot => write!(out, "{}", whynot::to_dot(&w, &ev))?,
    }
    out.flush()?;
    Ok(())
}
