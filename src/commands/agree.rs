//! `diligence agree --coding eurepoc GLOBAL.csv`: the conclusions on an imported EuRepoC
//! dataset against EuRepoC's legal coding, per item and profile.

use std::io::{self, Write};

use diligence::analysis::agree;
use diligence::cli::AgreeArgs;
use diligence::output::Format;
use diligence::profile;
use diligence::EvalOptions;

use super::{facts_dir, load, load_profile, Failure, Outcome};

/// Runs the command.
pub fn run(args: AgreeArgs) -> Outcome {
    let names: Vec<String> = if args.all_profiles {
        profile::shipped().into_iter().map(str::to_string).collect()
    } else if args.profiles.is_empty() {
        vec!["kreuzer-2024".to_string()]
    } else {
        args.profiles.clone()
    };
    let profiles = names
        .iter()
        .map(|n| load_profile(n))
        .collect::<Result<Vec<_>, _>>()?;
    let codings = agree::read_coding(&args.file).map_err(|errs| {
        let n = errs.0.len();
        Failure::Input(format!(
            "{errs}\ndiligence: error: {n} problem{} in the coding file; nothing was compared",
            if n == 1 { "" } else { "s" }
        ))
    })?;
    let dir = facts_dir(args.facts.as_deref());
    let ds = load(&dir, &None)?;
    let opts = EvalOptions {
        as_of: args.as_of,
        ..Default::default()
    };
    let a =
        diligence::analysis::compare::with_pool(|| agree::agree(&ds, &codings, &profiles, &opts));
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        Format::Table => out.write_all(agree::table(&a).as_bytes())?,
        Format::Csv => out.write_all(agree::csv(&a).as_bytes())?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &agree::to_json(&a)).map_err(io::Error::from)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
