//! `diligence profiles`: each profile's positions, who set them, and their sources.

use std::io::{self, Write};

use diligence::cli::ProfilesArgs;
use diligence::profile;

use super::{load_profile, Outcome};

/// Runs the command.
pub fn run(args: ProfilesArgs) -> Outcome {
    let ProfilesArgs { names, format } = args;
    let names: Vec<String> = if names.is_empty() {
        profile::shipped().iter().map(|s| s.to_string()).collect()
    } else {
        names
    };
    let mut list = Vec::new();
    for n in &names {
        list.push(load_profile(n)?);
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    profile::listing::write(&list, format, &mut out)?;
    out.flush()?;
    Ok(())
}
