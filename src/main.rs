//! The `diligence` binary: parse arguments, check them into a configuration, run, and
//! return a documented exit code (0 ok, 1 invalid input, 2 usage).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use diligence::cli::{Cli, Command, DataArgs, ProofFormat, WhatIfFormat};
use diligence::output::{self, Format};
use diligence::rules::program::Rel;
use diligence::rules::RuleId;
use diligence::{facts, profile, provenance, EvalOptions};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A failure with its exit code.
enum Failure {
    /// Invalid input (dataset, profile): exit 1.
    Input(String),
    /// Bad usage (unknown relation, …): exit 2.
    Usage(String),
    /// The reader of standard output went away (`diligence run | head`): stop quietly,
    /// exit 0, as the reader asked for no more.
    Closed,
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::BrokenPipe => Failure::Closed,
            _ => Failure::Input(e.to_string()),
        }
    }
}

/// mimalloc v2's `mi_option_purge_delay`.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Keep freed memory for reuse: partitions allocate and free the same sizes in turn,
    // and returning pages to the OS made the kernel zero them again (a third of the run).
    // SAFETY: setting an allocator option before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    if std::env::var_os("DILIGENCE_THP").is_none() {
        // SAFETY: a process-wide flag, no pointers involved.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
    let cli = Cli::parse();
    // Proofs recurse once per level: run on a thread with room for the deepest one
    // (`provenance::MAX_PROOF_DEPTH`); the stack is reserved, not used, unless needed.
    let worker = std::thread::Builder::new()
        .name("diligence".into())
        .stack_size(provenance::PROOF_STACK)
        .spawn(move || run(cli));
    let result = match worker {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        // No room for such a stack (a small machine): run here, with the usual stack.
        Err(_) => run(Cli::parse()),
    };
    match result {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(Failure::Input(msg)) => {
            eprintln!("{msg}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("diligence: error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The dataset folder: as given, else `./facts`, else the dataset shipped with the sources.
fn facts_dir(given: Option<&Path>) -> PathBuf {
    match given {
        Some(p) => p.to_path_buf(),
        None if Path::new("facts").is_dir() => PathBuf::from("facts"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("facts"),
    }
}

/// A spinner on stderr when it is a terminal; nothing in pipes and CI.
fn progress() -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(pb)
}

fn load(dir: &Path, pb: &Option<ProgressBar>) -> Result<facts::Dataset, Failure> {
    let result = match pb {
        Some(pb) => {
            pb.set_message(format!("loading {}", dir.display()));
            let rows = std::sync::atomic::AtomicUsize::new(0);
            let on_rows = |n: usize| {
                let total = rows.fetch_add(n, std::sync::atomic::Ordering::Relaxed) + n;
                pb.set_message(format!("loading {}: {total} rows", dir.display()));
            };
            facts::load::load_with_progress(dir, &on_rows)
        }
        None => facts::load(dir),
    };
    result.map_err(|errs| {
        if let Some(pb) = pb {
            pb.finish_and_clear();
        }
        let n = errs.0.len();
        Failure::Input(format!(
            "{errs}\ndiligence: error: {n} problem{} in dataset {}; nothing was evaluated",
            if n == 1 { "" } else { "s" },
            dir.display()
        ))
    })
}

fn load_profile(spec: &str) -> Result<profile::Profile, Failure> {
    profile::load_profile(spec)
        .map_err(|e| Failure::Input(format!("{e}\ndiligence: error: invalid profile `{spec}`")))
}

/// Loads the dataset and applies `--retract` and `--assume`.
fn load_amended(data: &DataArgs, pb: &Option<ProgressBar>) -> Result<facts::Dataset, Failure> {
    let dir = facts_dir(data.facts.as_deref());
    let mut ds = load(&dir, pb)?;
    diligence::amend::apply(&mut ds, &data.assume, &data.retract).map_err(|errs| {
        let n = errs.0.len();
        Failure::Input(format!(
            "{errs}\ndiligence: error: {n} problem{} in --assume/--retract; nothing was evaluated",
            if n == 1 { "" } else { "s" },
        ))
    })?;
    Ok(ds)
}

fn evaluate(data: &DataArgs, pb: &Option<ProgressBar>) -> Result<diligence::Evaluation, Failure> {
    let prof = load_profile(&data.profile)?;
    let t0 = std::time::Instant::now();
    let ds = load_amended(data, pb)?;
    if let Some(pb) = pb {
        pb.set_message(format!(
            "evaluating {} rows under {}",
            ds.row_count(),
            prof.name
        ));
    }
    let t1 = std::time::Instant::now();
    let opts = EvalOptions {
        as_of: data.as_of,
        ..Default::default()
    };
    let ev = diligence::evaluate(ds, prof, &opts);
    // Phase times for benchmarks (not shown otherwise).
    if std::env::var_os("DILIGENCE_TIMINGS").is_some() {
        eprintln!(
            "timings: load {:.2?}, evaluate {:.2?} (CPU so far {:.2?})",
            t1 - t0,
            t1.elapsed(),
            diligence::eval::process_cpu()
        );
    }
    Ok(ev)
}

fn relations(names: &[String]) -> Result<Vec<Rel>, Failure> {
    let names: Vec<&str> = if names.is_empty() {
        output::DEFAULT_RELATIONS.to_vec()
    } else if names.len() == 1 && names[0] == "all" {
        output::OUTPUT_RELATIONS.to_vec()
    } else {
        names.iter().map(String::as_str).collect()
    };
    names
        .iter()
        .map(|n| {
            output::relation(n).ok_or_else(|| {
                let near = output::OUTPUT_RELATIONS
                    .iter()
                    .min_by_key(|c| strsim::levenshtein(c, n))
                    .copied()
                    .unwrap_or("");
                Failure::Usage(format!(
                    "unknown relation `{n}`; did you mean `{near}`? (output relations: {})",
                    output::OUTPUT_RELATIONS.join(", ")
                ))
            })
        })
        .collect()
}

fn run(cli: Cli) -> Result<(), Failure> {
    let stdout = io::stdout();
    match cli.command {
        Command::Run {
            data,
            format,
            out,
            relations: names,
            explain,
        } => {
            let rels = relations(&names)?;
            let pb = progress();
            let ev = evaluate(&data, &pb)?;
            if let Some(pb) = &pb {
                pb.set_message("writing");
            }
            let t_write = std::time::Instant::now();
            let cpu_write = diligence::eval::process_cpu();
            let res = match &out {
                Some(dir) => output::write_dir(&ev, &rels, dir).and_then(|_| {
                    if !explain {
                        return Ok(());
                    }
                    for rel in &rels {
                        let path = dir.join(format!("{}.proofs.jsonl", rel.name().name));
                        let mut w = io::BufWriter::new(std::fs::File::create(&path)?);
                        write_proofs_jsonl(&ev, &ev.model.facts(*rel), &mut w)?;
                        w.flush()?;
                    }
                    Ok(())
                }),
                None if explain => {
                    let mut lock = io::BufWriter::new(stdout.lock());
                    let mut res = Ok(());
                    for rel in &rels {
                        res = res.and_then(|_| {
                            write_proofs_jsonl(&ev, &ev.model.facts(*rel), &mut lock)
                        });
                    }
                    res.and_then(|_| lock.flush())
                }
                None => {
                    let mut lock = io::BufWriter::new(stdout.lock());
                    output::write(&ev, &rels, format, &mut lock).and_then(|_| lock.flush())
                }
            };
            if let Some(pb) = pb {
                pb.finish_and_clear();
            }
            if std::env::var_os("DILIGENCE_TIMINGS").is_some() {
                eprintln!(
                    "timings: written {:.2?} (CPU {:.2?}; whole run CPU {:.2?})",
                    t_write.elapsed(),
                    diligence::eval::process_cpu().saturating_sub(cpu_write),
                    diligence::eval::process_cpu()
                );
            }
            // The process ends here: freeing a model of millions of rows one allocation
            // at a time would only delay the exit.
            std::mem::forget(ev);
            res?;
        }
        Command::Check { facts } => {
            let dir = facts_dir(facts.as_deref());
            let ds = load(&dir, &None)?;
            writeln!(
                stdout.lock(),
                "{}: valid ({} rows, {} incidents, {} states)",
                dir.display(),
                ds.row_count(),
                ds.incidents.len(),
                ds.states.len()
            )?;
        }
        Command::Rules { format } => write_rules(format, &mut stdout.lock())?,
        Command::Explain {
            atom,
            data,
            format,
            depth,
            all,
        } => {
            let pattern = provenance::parse_atom(&atom).map_err(Failure::Usage)?;
            let pb = progress();
            let ev = evaluate(&data, &pb)?;
            if let Some(pb) = pb {
                pb.finish_and_clear();
            }
            let facts = provenance::find(&ev, &pattern).map_err(Failure::Usage)?;
            if facts.is_empty() {
                return Err(Failure::Usage(format!(
                    "`{atom}` was not derived (no matching row)"
                )));
            }
            let sym = &ev.dataset.symbols;
            let mut prover = provenance::Prover::new(&ev.model);
            let proofs: Vec<_> = facts
                .iter()
                .flat_map(|f| {
                    if all {
                        prover.prove_all(f)
                    } else {
                        prover.prove(f).into_iter().collect()
                    }
                })
                .collect();
            if proofs.is_empty() && prover.too_deep() {
                return Err(Failure::Input(format!(
                    "diligence: error: every proof of `{atom}` is deeper than {} steps; not shown",
                    provenance::MAX_PROOF_DEPTH
                )));
            }
            let mut out = io::BufWriter::new(stdout.lock());
            match format {
                ProofFormat::Text => {
                    for (k, p) in proofs.iter().enumerate() {
                        if k > 0 {
                            writeln!(out)?;
                        }
                        write!(out, "{}", provenance::render_text(p, &ev, depth))?;
                    }
                }
                ProofFormat::Json => {
                    let list: Vec<_> = proofs
                        .iter()
                        .map(|p| provenance::to_json(p, &ev.dataset))
                        .collect();
                    serde_json::to_writer_pretty(&mut out, &list).map_err(io::Error::from)?;
                    writeln!(out)?;
                }
                ProofFormat::Jsonl => {
                    for p in &proofs {
                        serde_json::to_writer(&mut out, &provenance::to_json(p, &ev.dataset))
                            .map_err(io::Error::from)?;
                        writeln!(out)?;
                    }
                }
                ProofFormat::Dot => write!(out, "{}", provenance::to_dot(&proofs, sym))?,
            }
            out.flush()?;
        }
        Command::WhyNot {
            atom,
            data,
            depth,
            format,
        } => {
            let pb = progress();
            let ev = evaluate(&data, &pb)?;
            if let Some(pb) = pb {
                pb.finish_and_clear();
            }
            let (rel, pattern) =
                diligence::whynot::parse_pattern(&ev, &atom).map_err(Failure::Usage)?;
            let w =
                diligence::whynot::why_not(&ev, rel, &pattern, depth).map_err(Failure::Usage)?;
            let mut out = io::BufWriter::new(stdout.lock());
            match format {
                ProofFormat::Text => write!(out, "{}", diligence::whynot::render_text(&w, &ev))?,
                ProofFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &diligence::whynot::to_json(&w, &ev))
                        .map_err(io::Error::from)?;
                    writeln!(out)?;
                }
                ProofFormat::Jsonl => {
                    serde_json::to_writer(&mut out, &diligence::whynot::to_json(&w, &ev))
                        .map_err(io::Error::from)?;
                    writeln!(out)?;
                }
                ProofFormat::Dot => write!(out, "{}", diligence::whynot::to_dot(&w, &ev))?,
            }
            out.flush()?;
        }
        Command::Compare {
            profiles,
            facts,
            as_of,
            assume,
            retract,
            format,
            relations: names,
        } => {
            let [a, b] = profiles.as_slice() else {
                return Err(Failure::Usage(format!(
                    "compare needs exactly two profiles (`--profile A --profile B`), got {}",
                    profiles.len()
                )));
            };
            let rels = relations(&names)?;
            let (pa, pb_) = (load_profile(a)?, load_profile(b)?);
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
            let c = diligence::compare::compare(&ds, &pa, &pb_, &rels, &opts);
            let mut out = io::BufWriter::new(stdout.lock());
            match format {
                Format::Table => diligence::compare::write_table(&c, &mut out)?,
                Format::Csv => diligence::compare::write_csv(&c, &mut out)?,
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &diligence::compare::to_json(&c))
                        .map_err(io::Error::from)?;
                    writeln!(out)?;
                }
            }
            out.flush()?;
        }
        Command::Sensitivity {
            data,
            vary,
            format,
            relations: names,
        } => {
            let names = if names.is_empty() {
                diligence::sensitivity::CONCLUSIONS
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
            let s = diligence::sensitivity::sensitivity(&ds, &base, &shipped, &rels, &extra, &opts)
                .map_err(|e| Failure::Usage(format!("--vary: {e}")))?;
            let mut out = io::BufWriter::new(stdout.lock());
            match format {
                Format::Table => diligence::sensitivity::write_table(&s, &mut out)?,
                Format::Csv => diligence::sensitivity::write_csv(&s, &mut out)?,
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &diligence::sensitivity::to_json(&s))
                        .map_err(io::Error::from)?;
                    writeln!(out)?;
                }
            }
            out.flush()?;
        }
        Command::WhatIf {
            atom,
            data,
            max_size,
            format,
        } => {
            provenance::parse_atom(&atom).map_err(Failure::Usage)?;
            let ev = evaluate(&data, &None)?;
            let w = diligence::whatif::what_if(&ev, &atom, max_size).map_err(Failure::Usage)?;
            let mut out = io::BufWriter::new(stdout.lock());
            match format {
                WhatIfFormat::Text => write!(out, "{}", diligence::whatif::render_text(&w, &ev))?,
                WhatIfFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &diligence::whatif::to_json(&w, &ev))
                        .map_err(io::Error::from)?;
                    writeln!(out)?;
                }
            }
            out.flush()?;
        }
        Command::Profiles { names, format } => {
            let names: Vec<String> = if names.is_empty() {
                profile::shipped().iter().map(|s| s.to_string()).collect()
            } else {
                names
            };
            let mut list = Vec::new();
            for n in &names {
                list.push(load_profile(n)?);
            }
            let mut out = io::BufWriter::new(stdout.lock());
            diligence::profiles_cmd::write(&list, format, &mut out)?;
            out.flush()?;
        }
        Command::Query {
            query,
            data,
            format,
            names,
            explain,
        } => run_query(&query, &data, format, &names, explain)?,
        Command::Report {
            data,
            html,
            svg_dir,
            compare,
            inline_proofs,
            inline_timelines,
        } => {
            let opts = diligence::report::ReportOptions {
                dataset_label: facts_dir(data.facts.as_deref()).display().to_string(),
                inline_rows: inline_proofs,
                inline_incidents: inline_timelines,
                ..Default::default()
            };
            report(&data, html, svg_dir, compare, opts)?
        }
        Command::Generate {
            incidents,
            seed,
            out,
        } => {
            let stats = diligence::generate::generate(
                &diligence::generate::GenConfig { incidents, seed },
                &out,
            )?;
            eprintln!("wrote {} ({stats:?})", out.display());
        }
    }
    Ok(())
}

/// The proof of each row as one JSON line, rows in the order `run` prints them.
fn write_proofs_jsonl(
    ev: &diligence::Evaluation,
    facts: &[diligence::rules::program::Fact],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut prover = provenance::Prover::new(&ev.model);
    let facts = provenance::sorted_as_output(facts.to_vec(), &ev.dataset.symbols);
    for f in &facts {
        // Every row of the model has a proof; one without would be an engine bug, and is
        // written as a JSON line saying so rather than dropped.
        let line = match prover.prove(f) {
            Some(p) => provenance::to_json(&p, &ev.dataset),
            None => serde_json::json!({
                "atom": provenance::atom_text(f, &ev.dataset.symbols),
                "error": "no proof found",
            }),
        };
        serde_json::to_writer(&mut *out, &line).map_err(io::Error::from)?;
        writeln!(out)?;
    }
    Ok(())
}

/// `diligence query`: the query is checked before the dataset is loaded, so a malformed
/// query fails fast with every error positioned (FILE:LINE:COLUMN, or LINE:COLUMN for text).
fn run_query(
    query: &str,
    data: &DataArgs,
    format: Format,
    names: &[String],
    explain: bool,
) -> Result<(), Failure> {
    let path = Path::new(query);
    let (text, prefix) = if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Input(format!("diligence: error: {}: {e}", path.display())))?;
        (text, Some(path.display().to_string()))
    } else {
        (query.to_string(), None)
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
    let ev = evaluate(data, &pb)?;
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

/// `diligence report`: evaluate (and the compared profile), then write the HTML and/or SVGs.
fn report(
    data: &DataArgs,
    html: Option<PathBuf>,
    svg_dir: Option<PathBuf>,
    compare: Option<String>,
    opts: diligence::report::ReportOptions,
) -> Result<(), Failure> {
    if html.is_none() && svg_dir.is_none() {
        return Err(Failure::Usage(
            "report: give --html FILE and/or --svg-dir DIR".into(),
        ));
    }
    let pb = progress();
    let ev = evaluate(data, &pb)?;
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
    let rep = diligence::report::Report::build(&ev, opts, other.as_ref());
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
