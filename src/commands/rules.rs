//! `diligence rules`: the rule catalogue with status, sources and meaning.

use std::io::{self, Write};

use diligence::cli::RulesArgs;
use diligence::output::Format;
use diligence::rules::RuleId;

use super::Outcome;

/// Runs the command.
pub fn run(args: RulesArgs) -> Outcome {
    write_rules(args.format, &mut io::stdout().lock())?;
    Ok(())
}

fn write_rules(format: Format, out: &mut dyn Write) -> io::Result<()> {
    let clauses = &diligence::rules::program::CLAUSES;
    let rows: Vec<[String; 6]> = RuleId::ALL
        .iter()
        .map(|r| {
            let n = clauses.iter().filter(|c| c.rule == *r).count();
            [
                r.code().into(),
                r.family().into(),
                r.status().as_str().into(),
                r.source().into(),
                n.to_string(),
                r.meaning().into(),
            ]
        })
        .collect();
    let cols = ["id", "family", "status", "source", "clauses", "meaning"];
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|row| {
                    serde_json::Value::Object(
                        cols.iter()
                            .zip(row)
                            .map(|(c, v)| (c.to_string(), v.clone().into()))
                            .collect(),
                    )
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "rules": list }))?;
            writeln!(out)
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(cols)?;
            for row in &rows {
                w.write_record(row)?;
            }
            w.flush()
        }
        Format::Table => {
            for row in &rows {
                writeln!(
                    out,
                    "{:<24} {:<12} {:<30} {}",
                    row[0], row[2], row[3], row[5]
                )?;
            }
            Ok(())
        }
    }
}
