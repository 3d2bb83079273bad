//! `diligence report`: the self-contained HTML report and/or SVG proof graphs.

use std::io::{self, Write};

use diligence::cli::{DataArgs, ReportArgs};
use diligence::report::{Report, ReportOptions};

use super::{evaluate, facts_dir, progress, Failure, Outcome};

/// Runs the command: evaluate (and the compared profile), then write the HTML and/or SVGs.
pub fn run(args: ReportArgs) -> Outcome {
    let ReportArgs {
        data,
        html,
        svg_dir,
        compare,
        inline_proofs,
        inline_timelines,
    } = args;
    let opts = ReportOptions {
        dataset_label: facts_dir(data.facts.as_deref()).label(),
        inline_rows: inline_proofs,
        inline_incidents: inline_timelines,
        ..Default::default()
    };
    if html.is_none() && svg_dir.is_none() {
        return Err(Failure::Usage(
            "report: give --html FILE and/or --svg-dir DIR".into(),
        ));
    }
    let pb = progress();
    let ev = evaluate(&data, &pb)?;
    let other = match &compare {
        Some(name) => {
            let d = DataArgs {
                profile: name.clone(),
                ..data.clone()
            };
            Some(evaluate(&d, &pb)?)
        }
        None => None,
    };
    if let Some(pb) = &pb {
        pb.set_message("writing the report");
    }
    let rep = Report::build(&ev, opts, other.as_ref());
    let res = (|| -> io::Result<()> {
        if let Some(path) = &html {
            let mut f = io::BufWriter::new(std::fs::File::create(path)?);
            rep.write_html(&mut f)?;
            f.flush()?;
        }
        if let Some(dir) = &svg_dir {
            let n = rep.write_svg_dir(dir)?;
            eprintln!("wrote {n} proof graphs to {}", dir.display());
        }
        Ok(())
    })();
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    res.map_err(|e| Failure::Input(format!("diligence: error: report: {e}")))
}
