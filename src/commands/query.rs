//! `diligence query`: research queries over every input and derived relation.
//!
//! The query is checked before the dataset is loaded, so a malformed query fails fast with
//! every error positioned (FILE:LINE:COLUMN, or LINE:COLUMN for text).

use std::io::{self, Write};
use std::path::Path;

use diligence::cli::QueryArgs;

use super::{evaluate, progress, Failure, Outcome};

/// Runs the command.
pub fn run(args: QueryArgs) -> Outcome {
    let QueryArgs {
        query,
        data,
        format,
        names,
        explain,
    } = args;
    let path = Path::new(&query);
    let (text, prefix) = if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Input(format!("diligence: error: {}: {e}", path.display())))?;
        (text, Some(path.display().to_string()))
    } else {
        (query.clone(), None)
    };
    let prog = diligence::query::compile(&text).map_err(|errs| {
        let n = errs.len();
        Failure::Input(format!(
            "{}\ndiligence: error: {n} problem{} in the query; nothing was evaluated",
            diligence::query::render_errors(&errs, prefix.as_deref()),
            if n == 1 { "" } else { "s" }
        ))
    })?;
    let which: Vec<usize> = if names.is_empty() {
        prog.output_order.clone()
    } else {
        names
            .iter()
            .map(|n| {
                prog.query(n).ok_or_else(|| {
                    let all: Vec<&str> = prog.queries.iter().map(|q| q.name.as_str()).collect();
                    Failure::Usage(format!(
                        "no query named `{n}` (the file defines: {})",
                        all.join(", ")
                    ))
                })
            })
            .collect::<Result<_, _>>()?
    };
    let pb = progress();
    let ev = evaluate(&data, &pb)?;
    if let Some(pb) = &pb {
        pb.set_message("answering");
    }
    let t0 = std::time::Instant::now();
    let mut engine = diligence::query::answer(&ev, &prog, explain);
    if std::env::var_os("DILIGENCE_TIMINGS").is_some() {
        eprintln!("timings: query {:.2?}", t0.elapsed());
    }
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    if explain {
        let text = diligence::query::explain(&mut engine, &prog, &which);
        out.write_all(text.as_bytes())?;
    } else {
        diligence::query::write(&engine, &which, format, &mut out)?;
    }
    out.flush()?;
    Ok(())
}
