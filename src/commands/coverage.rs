//! `diligence coverage`: per incident and conclusion, whether the dataset holds what the
//! rules need, and if not the first missing kind of fact; with totals.

use std::io::{self, Write};

use diligence::analysis::coverage;
use diligence::cli::CoverageArgs;
use diligence::output::Format;

use super::{evaluate, progress, Outcome};

/// Runs the command.
pub fn run(args: CoverageArgs) -> Outcome {
    let pb = progress();
    let ev = evaluate(&args.data, &pb)?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let cov = coverage::coverage(&ev);
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        Format::Table if args.totals => out.write_all(coverage::totals_table(&cov).as_bytes())?,
        Format::Table => out.write_all(coverage::table(&cov).as_bytes())?,
        Format::Csv => out.write_all(coverage::csv(&cov).as_bytes())?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &coverage::to_json(&cov))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
