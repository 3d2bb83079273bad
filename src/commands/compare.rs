//! `diligence compare`: the rows two profiles disagree on, with the positions that decide.

use std::io::{self, Write};

use diligence::analysis::compare;
use diligence::cli::{CompareArgs, DataArgs};
use diligence::output::Format;
use diligence::EvalOptions;

use super::{load_amended, load_profile, relations, Failure, Outcome};

/// Runs the command.
pub fn run(args: CompareArgs) -> Outcome {
    let CompareArgs {
        profiles,
        facts,
        as_of,
        assume,
        retract,
        format,
        relations: names,
    } = args;
    let [a, b] = profiles.as_slice() else {
        return Err(Failure::Usage(format!(
            "compare needs exactly two profiles (`--profile A --profile B`), got {}",
            profiles.len()
        )));
    };
    let rels = relations(&names)?;
    let (pa, pb) = (load_profile(a)?, load_profile(b)?);
    let data = DataArgs {
        facts,
        profile: a.clone(),
        as_of,
        assume,
        retract,
    };
    let ds = load_amended(&data, &None)?;
    let opts = EvalOptions {
        as_of,
        ..Default::default()
    };
    let c = compare::compare(&ds, &pa, &pb, &rels, &opts);
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        Format::Table => compare::write_table(&c, &mut out)?,
        Format::Csv => compare::write_csv(&c, &mut out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &compare::to_json(&c))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
