//! `diligence run`: evaluate a dataset and print or write relations (and their proofs).

use std::io::{self, Write};

use diligence::cli::RunArgs;
use diligence::explain::provenance;
use diligence::output;

use super::{evaluate, progress, relations, Outcome};

/// Runs the command.
pub fn run(args: RunArgs) -> Outcome {
    let RunArgs {
        data,
        format,
        out,
        relations: names,
        explain,
    } = args;
    let stdout = io::stdout();
    let rels = relations(&names)?;
    let pb = progress();
    let ev = evaluate(&data, &pb)?;
    if let Some(pb) = &pb {
        pb.set_message("writing");
    }
    let t_write = std::time::Instant::now();
    let cpu_write = diligence::eval::process_cpu();
    let res = match &out {
        Some(dir) => output::write_dir(&ev, &rels, dir).and_then(|_| {
            if !explain {
                return Ok(());
            }
            for rel in &rels {
                let path = dir.join(format!("{}.proofs.jsonl", rel.name().name));
                let mut w = io::BufWriter::new(std::fs::File::create(&path)?);
                write_proofs_jsonl(&ev, &ev.model.facts(*rel), &mut w)?;
                w.flush()?;
            }
            Ok(())
        }),
        None if explain => {
            let mut lock = io::BufWriter::new(stdout.lock());
            let mut res = Ok(());
            for rel in &rels {
                res = res.and_then(|_| write_proofs_jsonl(&ev, &ev.model.facts(*rel), &mut lock));
            }
            res.and_then(|_| lock.flush())
        }
        None => {
            let mut lock = io::BufWriter::new(stdout.lock());
            output::write(&ev, &rels, format, &mut lock).and_then(|_| lock.flush())
        }
    };
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    if std::env::var_os("DILIGENCE_TIMINGS").is_some() {
        eprintln!(
            "timings: written {:.2?} (CPU {:.2?}; whole run CPU {:.2?})",
            t_write.elapsed(),
            diligence::eval::process_cpu().saturating_sub(cpu_write),
            diligence::eval::process_cpu()
        );
    }
    // The process ends here: freeing a model of millions of rows one allocation at a time
    // would only delay the exit.
    std::mem::forget(ev);
    res?;
    Ok(())
}

/// The proof of each row as one JSON line, rows in the order `run` prints them.
fn write_proofs_jsonl(
    ev: &diligence::Evaluation,
    facts: &[diligence::rules::program::Fact],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut prover = provenance::Prover::new(&ev.model);
    let facts = provenance::sorted_as_output(facts.to_vec(), &ev.dataset.symbols);
    for f in &facts {
        // Every row of the model has a proof; one without would be an engine bug, and is
        // written as a JSON line saying so rather than dropped.
        let line = match prover.prove(f) {
            Some(p) => provenance::to_json_argued(&p, ev),
            None => serde_json::json!({
                "atom": provenance::atom_text(f, &ev.dataset.symbols),
                "error": "no proof found",
            }),
        };
        serde_json::to_writer(&mut *out, &line).map_err(io::Error::from)?;
        writeln!(out)?;
    }
    Ok(())
}
