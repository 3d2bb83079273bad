//! `diligence explain`: the proof of a derived row, down to the input rows.

use std::io::{self, Write};

use diligence::cli::{ExplainArgs, ProofFormat};
use diligence::explain::argument::Argument;
use diligence::explain::provenance;

use super::{evaluate, progress, Failure, Outcome};

/// Runs the command.
pub fn run(args: ExplainArgs) -> Outcome {
    let ExplainArgs {
        atom,
        data,
        format,
        depth,
        all,
    } = args;
    let pattern = provenance::parse_atom(&atom).map_err(Failure::Usage)?;
    let pb = progress();
    let ev = evaluate(&data, &pb)?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let facts = provenance::find(&ev, &pattern).map_err(Failure::Usage)?;
    if facts.is_empty() {
        return Err(Failure::Usage(format!(
            "`{atom}` was not derived (no matching row)"
        )));
    }
    let mut prover = provenance::Prover::new(&ev.model);
    let proofs: Vec<_> = facts
        .iter()
        .flat_map(|f| {
            if all {
                prover.prove_all(f)
            } else {
                prover.prove(f).into_iter().collect()
            }
        })
        .collect();
    if proofs.is_empty() && prover.too_deep() {
        return Err(Failure::Input(format!(
            "diligence: error: every proof of `{atom}` is deeper than {} steps; not shown",
            provenance::MAX_PROOF_DEPTH
        )));
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        ProofFormat::Trace => {
            for (k, p) in proofs.iter().enumerate() {
                if k > 0 {
                    writeln!(out)?;
                }
                write!(out, "{}", provenance::render_text(p, &ev, depth))?;
            }
        }
        ProofFormat::Text | ProofFormat::Markdown | ProofFormat::Html => {
            for (k, p) in proofs.iter().enumerate() {
                if k > 0 {
                    writeln!(out)?;
                }
                let a = Argument::explain(&ev, p);
                match format {
                    ProofFormat::Markdown => write!(out, "{}", a.to_markdown())?,
                    ProofFormat::Html => write!(out, "{}", a.to_html(&format!("p{}-", k + 1)))?,
                    _ => write!(out, "{}", a.to_text())?,
                }
            }
        }
        ProofFormat::Json => {
            let list: Vec<_> = proofs
                .iter()
                .map(|p| provenance::to_json_argued(p, &ev))
                .collect();
            serde_json::to_writer_pretty(&mut out, &list).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ProofFormat::Jsonl => {
            for p in &proofs {
                serde_json::to_writer(&mut out, &provenance::to_json_argued(p, &ev))
                    .map_err(io::Error::from)?;
                writeln!(out)?;
            }
        }
        ProofFormat::Dot => write!(out, "{}", provenance::to_dot(&proofs, &ev))?,
    }
    out.flush()?;
    Ok(())
}
