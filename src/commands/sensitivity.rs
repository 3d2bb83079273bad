//! `diligence sensitivity`: for every conclusion, robust or which positions it depends on.

use std::io::{self, Write};

use diligence::analysis::sensitivity;
use diligence::cli::SensitivityArgs;
use diligence::output::Format;
use diligence::{profile, EvalOptions};

use super::{load_amended, load_profile, relations, Failure, Outcome};

/// Runs the command.
pub fn run(args: SensitivityArgs) -> Outcome {
    let SensitivityArgs {
        data,
        vary,
        format,
        relations: names,
    } = args;
    let names = if names.is_empty() {
        sensitivity::CONCLUSIONS
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        names
    };
    let rels = relations(&names)?;
    let mut extra = Vec::new();
    for v in &vary {
        let (key, values) = v.split_once('=').ok_or_else(|| {
            Failure::Usage(format!(
                "--vary `{v}`: expected KEY=V1,V2 (e.g. window_hours=24,168)"
            ))
        })?;
        for value in values.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            extra.push((key.trim().to_string(), value.to_string()));
        }
    }
    let base = load_profile(&data.profile)?;
    let mut shipped = Vec::new();
    for name in profile::shipped() {
        shipped.push(load_profile(name)?);
    }
    let ds = load_amended(&data, &None)?;
    let opts = EvalOptions {
        as_of: data.as_of,
        ..Default::default()
    };
    let s = sensitivity::sensitivity(&ds, &base, &shipped, &rels, &extra, &opts)
        .map_err(|e| Failure::Usage(format!("--vary: {e}")))?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        Format::Table => sensitivity::write_table(&s, &mut out)?,
        Format::Csv => sensitivity::write_csv(&s, &mut out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &sensitivity::to_json(&s))
                .map_err(io::Error::from)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
