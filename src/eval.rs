//! Evaluation: a validated dataset and a profile become the rule program's input tuples,
//! which are evaluated per partition of incidents on all cores and united into one
//! [`Model`] (every input and derived relation, ready to print and to explain).
//!
//! Partitioning is sound because every rule of the program is anchored at one incident
//! (campaigns: at one campaign; institutional duties: at one state): an incident, with
//! all rows about it, lives in exactly one partition (a campaign's incidents together);
//! the state-level facts (states, institutions, the profile) are in every partition, the
//! actors and control links a partition's perpetrators reach are in it, and
//! vulnerabilities (state-level only) are in the first. The union of the partitions'
//! results is what one run over everything would derive; it keeps the partitions' vectors
//! as they are (a relation is joined and sorted only when read as a slice, see
//! `rules::engine::Lazy`), since printing sorts by printed text anyway.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::facts::*;
use crate::profile::{Params, Profile};
use crate::rules::program::{self as p, Derived, Inputs, Model};

/// Incidents per partition (a campaign is never split). Small partitions keep crepe's hash
/// tables in cache: measured on generated data (10^5 incidents: 1.9 s CPU at 16384, 1.45 s
/// at 1024-2048; 10^6: 18.7 s at 16384, 15.2 s at 2048), so 2048.
pub const PARTITION_SIZE: usize = 2_048;

/// The result of evaluating a dataset under a profile.
pub struct Evaluation {
    /// The dataset (symbols for printing, rows for explanations).
    pub dataset: Dataset,
    /// The profile evaluated under.
    pub profile: Profile,
    /// The profile's positions with the `as_of` used.
    pub params: Params,
    /// Every input and derived relation.
    pub model: Model,
}

/// Options of one evaluation.
#[derive(Clone, Debug, Default)]
pub struct EvalOptions {
    /// The evaluation time; `None`: the latest time in the dataset ("Readings settled").
    pub as_of: Option<Time>,
    /// Worker threads; `None` or 0: all cores.
    pub threads: Option<usize>,
    /// Incidents per partition; `None`: [`PARTITION_SIZE`] (or `DILIGENCE_PARTITION`).
    pub partition_size: Option<usize>,
}

/// Evaluates `dataset` under `profile`.
///
/// ```rust
/// use diligence::{evaluate, facts, output, profile, EvalOptions};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ev = evaluate(
///     facts::shipped::load()?,
///     profile::load_profile("tallinn-2")?,
///     &EvalOptions::default(),
/// );
/// assert_eq!(ev.profile.name, "tallinn-2");
/// // Without `as_of` the evaluation time is the latest time in the dataset (in 2022).
/// assert!(ev.params.as_of > facts::Time::parse("2022-01-01")?);
/// assert!(ev.params.as_of < facts::Time::parse("2023-01-01")?);
/// // Every output relation of the data model can be read (`output::rows`).
/// let significant = output::rows(&ev, output::relation("significant").unwrap());
/// assert!(significant.iter().any(|r| r[0] == "colonial-2021" && r[1] == "SIG-CI"));
/// # Ok(())
/// # }
/// ```
pub fn evaluate(dataset: Dataset, profile: Profile, opts: &EvalOptions) -> Evaluation {
    let timings = std::env::var_os("DILIGENCE_TIMINGS").is_some();
    let clock = std::time::Instant::now();
    let cpu = process_cpu();
    let lap = |what: &str| {
        if timings {
            eprintln!(
                "  {what}: {:.2?} (CPU {:.2?}, peak {} MiB)",
                clock.elapsed(),
                process_cpu().saturating_sub(cpu),
                peak_mib()
            );
        }
    };
    let mut params = profile.params;
    params.as_of = opts
        .as_of
        .or_else(|| dataset.latest_time())
        .unwrap_or(Time::NEVER);
    let inputs = build_inputs(&dataset, params);
    lap("inputs");
    let size = opts
        .partition_size
        .or_else(|| std::env::var("DILIGENCE_PARTITION").ok()?.parse().ok())
        .unwrap_or(PARTITION_SIZE)
        .max(1);
    let parts = partition(&dataset, &inputs, size);
    lap("partitioned");
    // Each partition's inputs are freed as soon as it is evaluated (memory is time here:
    // every fresh page costs a fault).
    let run = |parts: Vec<Inputs>| -> Vec<Derived> {
        parts.into_par_iter().map(|part| part.evaluate()).collect()
    };
    let pool = opts
        .threads
        .filter(|&n| n > 0)
        .and_then(|n| rayon::ThreadPoolBuilder::new().num_threads(n).build().ok());
    let results = match pool {
        Some(pool) => pool.install(|| run(parts)),
        None => run(parts),
    };
    lap("rules");
    let derived = Derived::merge(results);
    lap("merged");
    let model = Model::new(inputs, derived);
    lap("model");
    if timings {
        let mut sizes: Vec<(usize, &str)> = crate::rules::program::Rel::ALL
            .iter()
            .map(|r| (model.len(*r), r.name().name))
            .collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let top: Vec<String> = sizes
            .iter()
            .take(12)
            .map(|(n, r)| format!("{r} {n}"))
            .collect();
        eprintln!("  largest relations: {}", top.join(", "));
    }
    Evaluation {
        dataset,
        profile,
        params,
        model,
    }
}

/// CPU time (user and system, all threads) of this process so far: phase times for
/// benchmarks (`DILIGENCE_TIMINGS`), where wall time alone hides how busy both cores are.
pub fn process_cpu() -> std::time::Duration {
    let u = rusage();
    let tv = |t: libc::timeval| {
        std::time::Duration::from_secs(t.tv_sec as u64)
            + std::time::Duration::from_micros(t.tv_usec as u64)
    };
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// The peak resident memory of this process so far, in MiB (for `DILIGENCE_TIMINGS`).
pub(crate) fn peak_mib() -> u64 {
    rusage().ru_maxrss as u64 / 1024
}

fn rusage() -> libc::rusage {
    // SAFETY: `getrusage` fills the zeroed struct it is given; no other memory is touched.
    // On failure the struct stays zero.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    u
}

/// The program's input tuples for a whole dataset. Events after `as_of` are left out
/// ("Readings settled": they are ignored).
pub(crate) fn build_inputs(ds: &Dataset, params: Params) -> Inputs {
    let as_of = params.as_of;
    let mut x = Inputs {
        profile: vec![(p::Profile(params), Src::new(InputFile::States, 0))],
        ..Default::default()
    };
    // The files are independent: each is turned into tuples on its own task (the events
    // into twelve relations in one pass).
    let Inputs {
        state,
        institution_in,
        incident,
        in_campaign,
        foiled,
        target,
        origin,
        actor,
        perpetrator,
        control,
        notified,
        assistance_requested,
        detected,
        reported,
        measure_taken,
        warned,
        mla_requested,
        mla_answered,
        concern_voiced,
        cm_notified,
        compensation_paid,
        satisfaction_given,
        vulnerability,
        response,
        profile: _,
    } = &mut x;
    rayon::scope(|scope| {
        scope.spawn(|_| {
            *state = ds
                .states
                .iter()
                .map(|r| (p::State(r.data.id, r.data.capacity), r.src))
                .collect();
            *institution_in = ds
                .institutions
                .iter()
                .map(|r| {
                    (
                        p::InstitutionIn(
                            r.data.state,
                            r.data.institution,
                            r.data.since.unwrap_or(Time::ALWAYS),
                            r.data.status,
                        ),
                        r.src,
                    )
                })
                .collect();
            *actor = ds
                .actors
                .iter()
                .map(|r| (p::Actor(r.data.id, r.data.kind, r.data.state), r.src))
                .collect();
            *control = ds
                .control
                .iter()
                .map(|r| {
                    (
                        p::Control(r.data.controller, r.data.controlled, r.data.kind),
                        r.src,
                    )
                })
                .collect();
            *vulnerability = ds
                .vulnerabilities
                .iter()
                .map(|r| {
                    (
                        p::Vulnerability(
                            r.data.id,
                            r.data.known_by,
                            r.data.since,
                            r.data.disclosed.unwrap_or(Time::NEVER),
                        ),
                        r.src,
                    )
                })
                .collect();
            *response = ds
                .responses
                .iter()
                .map(|r| {
                    let d = &r.data;
                    (
                        p::Response(
                            d.id,
                            d.time,
                            d.by,
                            d.against,
                            d.incident,
                            d.means,
                            d.severity,
                            d.uses_force,
                            d.reversible,
                            d.urgent,
                            d.on_behalf_of,
                        ),
                        r.src,
                    )
                })
                .collect();
        });
        scope.spawn(|_| {
            incident.reserve_exact(ds.incidents.len());
            for r in &ds.incidents {
                let d = &r.data;
                incident.push((
                    p::Incident(
                        d.id,
                        d.vector,
                        d.effect,
                        d.severity,
                        d.scale,
                        d.casualties,
                        d.loss_usd,
                        d.start,
                        d.end.unwrap_or(Time::NEVER),
                    ),
                    r.src,
                ));
                if let Some(c) = d.campaign {
                    in_campaign.push((p::InCampaign(d.id, c), r.src));
                }
                if d.outcome == Outcome::Foiled {
                    foiled.push((p::Foiled(d.id), r.src));
                }
            }
        });
        scope.spawn(|_| {
            *target = ds
                .targets
                .iter()
                .map(|r| {
                    (
                        p::Target(r.data.incident, r.data.state, r.data.sector),
                        r.src,
                    )
                })
                .collect();
            *origin = ds
                .origins
                .iter()
                .map(|r| (p::Origin(r.data.incident, r.data.state, r.data.link), r.src))
                .collect();
            *perpetrator = ds
                .perpetrators
                .iter()
                .map(|r| (p::Perpetrator(r.data.incident, r.data.actor), r.src))
                .collect();
        });
        scope.spawn(|_| {
            for r in ds.events.iter().filter(|r| r.data.time <= as_of) {
                let e = &r.data;
                let (t, i, src) = (e.time, e.incident, r.src);
                // The loader guarantees `by`/`to` where the kind requires them.
                let (by, to) = (e.by.unwrap_or_default(), e.to.unwrap_or_default());
                match e.kind {
                    EventKind::Notification => notified.push((p::Notified(t, by, to, i), src)),
                    EventKind::AssistanceRequest => {
                        assistance_requested.push((p::AssistanceRequested(t, by, to, i), src))
                    }
                    EventKind::Detection => detected.push((p::Detected(t, by, i), src)),
                    EventKind::PublicReport => reported.push((p::Reported(t, e.by, i), src)),
                    EventKind::Measure => {
                        if let Detail::Measure(m) = e.detail {
                            measure_taken.push((p::MeasureTaken(t, by, i, m), src));
                        }
                    }
                    EventKind::Warning => warned.push((p::Warned(t, by, to, i), src)),
                    EventKind::MlaRequest => {
                        mla_requested.push((p::MlaRequested(t, by, to, i), src))
                    }
                    EventKind::MlaResponse => {
                        if let Detail::Mla(o) = e.detail {
                            mla_answered.push((p::MlaAnswered(t, by, to, i, o), src));
                        }
                    }
                    EventKind::Concern => {
                        concern_voiced.push((p::ConcernVoiced(t, by, e.to, i), src))
                    }
                    EventKind::CmNotice => cm_notified.push((p::CmNotified(t, by, to, i), src)),
                    EventKind::Compensation => {
                        compensation_paid.push((p::CompensationPaid(t, by, to, i), src))
                    }
                    EventKind::Satisfaction => {
                        satisfaction_given.push((p::SatisfactionGiven(t, by, to, i), src))
                    }
                }
            }
        });
    });
    x
}

/// Splits the inputs into partitions of about [`PARTITION_SIZE`] incidents.
fn partition(ds: &Dataset, all: &Inputs, size: usize) -> Vec<Inputs> {
    let n_incidents = ds.symbols.incidents.len();
    let n_parts = n_incidents.div_ceil(size).max(1);
    // Incidents go to partitions in blocks; a campaign goes where its first incident goes.
    let mut part_of = vec![0u32; n_incidents];
    let mut campaign_part: FxHashMap<CampaignId, u32> = FxHashMap::default();
    for (k, r) in ds.incidents.iter().enumerate() {
        let block = (k / size) as u32;
        part_of[r.data.id.index()] = match r.data.campaign {
            Some(c) => *campaign_part.entry(c).or_insert(block),
            None => block,
        };
    }
    let mut parts: Vec<Inputs> = (0..n_parts).map(|_| Inputs::default()).collect();
    let of = |i: IncidentId| part_of[i.index()] as usize;
    // Every relation is split on its own task, then handed to the partitions.
    macro_rules! split {
        ($($rel:ident => |$t:ident| $key:expr),* $(,)?) => {{
            $(let mut $rel: Vec<Vec<_>> = Vec::new();)*
            rayon::scope(|scope| {$(
                let split = &mut $rel;
                scope.spawn(move |_| {
                    *split = vec![Vec::new(); n_parts];
                    for &($t, src) in &all.$rel { split[of($key)].push(($t, src)); }
                });
            )*});
            for (k, part) in parts.iter_mut().enumerate() {
                $(part.$rel = std::mem::take(&mut $rel[k]);)*
            }
        }};
    }
    split!(
        incident => |t| t.0, in_campaign => |t| t.0, foiled => |t| t.0, target => |t| t.0, origin => |t| t.0,
        perpetrator => |t| t.0, notified => |t| t.3, assistance_requested => |t| t.3,
        detected => |t| t.2, reported => |t| t.2, measure_taken => |t| t.2, warned => |t| t.3,
        mla_requested => |t| t.3, mla_answered => |t| t.3, concern_voiced => |t| t.3,
        cm_notified => |t| t.3, compensation_paid => |t| t.3, satisfaction_given => |t| t.3,
        response => |t| t.4,
    );
    parts[0].vulnerability = all.vulnerability.clone();

    // Actors and control links: those reachable upwards from each partition's perpetrators.
    let mut controllers: FxHashMap<ActorId, Vec<usize>> = FxHashMap::default();
    for (k, (c, _)) in all.control.iter().enumerate() {
        controllers.entry(c.1).or_default().push(k);
    }
    let actor_row: FxHashMap<ActorId, usize> = all
        .actor
        .iter()
        .enumerate()
        .map(|(k, (a, _))| (a.0, k))
        .collect();
    parts.par_iter_mut().for_each(|part| {
        part.profile = all.profile.clone();
        part.state = all.state.clone();
        part.institution_in = all.institution_in.clone();
        let mut seen: FxHashMap<ActorId, ()> = FxHashMap::default();
        let mut stack: Vec<ActorId> = part.perpetrator.iter().map(|(t, _)| t.1).collect();
        let mut links = Vec::new();
        while let Some(a) = stack.pop() {
            if seen.insert(a, ()).is_some() {
                continue;
            }
            if let Some(&k) = actor_row.get(&a) {
                part.actor.push(all.actor[k]);
            }
            for &k in controllers.get(&a).map(Vec::as_slice).unwrap_or(&[]) {
                links.push(k);
                stack.push(all.control[k].0 .0);
            }
        }
        links.sort_unstable();
        links.dedup();
        part.control = links.into_iter().map(|k| all.control[k]).collect();
    });
    parts
}
