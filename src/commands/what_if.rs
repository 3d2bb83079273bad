//! `diligence what-if`: the smallest sets of events that would make a conclusion disappear.

use std::io::{self, Write};

use diligence::analysis::whatif;
use diligence::cli::{WhatIfArgs, WhatIfFormat};
use diligence::explain::provenance;

use super::{evaluate, Failure, Outcome};

/// Runs the command.
pub fn run(args: WhatIfArgs) -> Outcome {
    let WhatIfArgs {
        atom,
        data,
        max_size,
        format,
    } = args;
    provenance::parse_atom(&atom).map_err(Failure::Usage)?;
    let ev = evaluate(&data, &None)?;
    let w = whatif::what_if(&ev, &atom, max_size).map_err(Failure::Usage)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        WhatIfFormat::Text => write!(out, "{}", whatif::render_text(&w, &ev))?,
        WhatIfFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &whatif::to_json(&w, &ev))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
