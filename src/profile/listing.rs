//! `diligence profiles`: the shipped profiles (or the ones named), each position with its
//! value, the profile that set it and the source it rests on (book chapter or finding,
//! Tallinn Manual 2.0 rule, a state's published position).

use std::io::{self, Write};

use crate::output::Format;
use crate::profile::Profile;

/// The rows printed: `profile, position, value, set_by, inherited, source`.
fn rows(p: &Profile) -> Vec<[String; 6]> {
    p.positions
        .iter()
        .map(|pos| {
            [
                p.name.clone(),
                pos.key.to_string(),
                pos.value.clone(),
                pos.origin.profile().to_string(),
                pos.origin.is_inherited().to_string(),
                pos.source.clone(),
            ]
        })
        .collect()
}

/// Writes the profiles in `format`.
pub fn write(profiles: &[Profile], format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => {
            for (k, p) in profiles.iter().enumerate() {
                if k > 0 {
                    writeln!(out)?;
                }
                let inherits = p
                    .inherits
                    .as_ref()
                    .map_or(String::new(), |i| format!(" (inherits {i})"));
                writeln!(out, "{}{inherits}", p.name)?;
                if !p.description.is_empty() {
                    writeln!(out, "  {}", p.description)?;
                }
                let header: Vec<String> = ["position", "value", "set by", "source"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                let cells: Vec<Vec<String>> = rows(p)
                    .into_iter()
                    .map(|[_, key, value, by, inherited, source]| {
                        let by = if inherited == "true" {
                            format!("{by} (inherited)")
                        } else {
                            by
                        };
                        vec![key, value, by, source]
                    })
                    .collect();
                crate::analysis::compare::write_cells(&header, &cells, out)?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "profile",
                "position",
                "value",
                "set_by",
                "inherited",
                "source",
            ])?;
            for p in profiles {
                for row in rows(p) {
                    w.write_record(&row)?;
                }
            }
            w.flush()
        }
        Format::Json => {
            use serde_json::json;
            let list: Vec<_> = profiles
                .iter()
                .map(|p| {
                    let positions: Vec<_> = p
                        .positions
                        .iter()
                        .map(|pos| {
                            json!({
                                "position": pos.key, "value": pos.value, "source": pos.source,
                                "set_by": pos.origin.profile(), "inherited": pos.origin.is_inherited(),
                            })
                        })
                        .collect();
                    json!({
                        "name": p.name, "description": p.description, "inherits": p.inherits,
                        "positions": positions,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &json!({ "profiles": list }))?;
            writeln!(out)
        }
    }
}
