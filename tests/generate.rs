//! The synthetic dataset generator writes deterministic, complete and valid datasets with
//! the proportions its module documentation promises (checked here with the `csv` crate
//! alone, independently of the loader).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::str::FromStr;

use diligence::facts::schema::*;
use diligence::facts::InputFile;
use diligence::generate::{generate, GenConfig, GenStats};

/// A parsed file: header names and records, with field lookup by column name.
struct Table {
    file: &'static str,
    col: HashMap<String, usize>,
    header: Vec<String>,
    rows: Vec<csv::StringRecord>,
}

impl Table {
    fn read(dir: &Path, f: InputFile) -> Table {
        let path = dir.join(f.file_name());
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
        let col = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.clone(), i))
            .collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap_or_else(|e| panic!("{}: {e}", f.file_name())))
            .collect();
        Table {
            file: f.file_name(),
            col,
            header,
            rows,
        }
    }

    fn get<'r>(&self, row: &'r csv::StringRecord, name: &str) -> &'r str {
        let i = *self
            .col
            .get(name)
            .unwrap_or_else(|| panic!("{}: no column {name}", self.file));
        &row[i]
    }
}

fn parse<T: FromStr>(file: &str, line: usize, col: &str, v: &str) -> T {
    v.parse()
        .unwrap_or_else(|_| panic!("{file}:{line}: bad {col} `{v}`"))
}

fn time(file: &str, line: usize, v: &str) -> i64 {
    Time::parse(v)
        .unwrap_or_else(|e| panic!("{file}:{line}: {e}"))
        .0
}

fn gen(n: u64, seed: u64) -> (tempfile::TempDir, GenStats) {
    let dir = tempfile::tempdir().unwrap();
    let stats = generate(&GenConfig { incidents: n, seed }, dir.path()).unwrap();
    (dir, stats)
}

fn read_all(dir: &Path) -> HashMap<InputFile, Vec<u8>> {
    InputFile::ALL
        .iter()
        .map(|&f| (f, std::fs::read(dir.join(f.file_name())).unwrap()))
        .collect()
}

#[test]
fn same_seed_gives_identical_files() {
    let (a, sa) = gen(3000, 7);
    let (b, sb) = gen(3000, 7);
    assert_eq!(sa, sb);
    let (fa, fb) = (read_all(a.path()), read_all(b.path()));
    for f in InputFile::ALL {
        assert!(fa[f] == fb[f], "{} differs between two runs", f.file_name());
    }
}

#[test]
fn different_seeds_differ() {
    let (a, _) = gen(1000, 1);
    let (b, _) = gen(1000, 2);
    let (fa, fb) = (read_all(a.path()), read_all(b.path()));
    for f in [InputFile::States, InputFile::Incidents, InputFile::Events] {
        assert!(
            fa[&f] != fb[&f],
            "{} is the same for seeds 1 and 2",
            f.file_name()
        );
    }
}

#[test]
fn every_file_has_the_exact_header() {
    let (dir, stats) = gen(1000, 3);
    for &f in InputFile::ALL {
        let t = Table::read(dir.path(), f);
        let expected: Vec<&str> = f
            .required_columns()
            .iter()
            .chain(f.optional_columns())
            .copied()
            .collect();
        assert_eq!(t.header, expected, "{}", f.file_name());
        assert_eq!(t.rows.len() as u64, stats.rows_of(f), "{}", f.file_name());
        assert!(!t.rows.is_empty(), "{} is empty", f.file_name());
    }
    let on_disk: u64 = InputFile::ALL
        .iter()
        .map(|f| {
            std::fs::metadata(dir.path().join(f.file_name()))
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(on_disk, stats.bytes);
}

/// Everything the proportion test needs, collected while validating a dataset.
#[derive(Default)]
struct Summary {
    states: usize,
    capacity: HashMap<Capacity, usize>,
    incidents: usize,
    vectors: HashMap<Vector, usize>,
    effects: HashSet<Effect>,
    severities: HashSet<Severity>,
    scales: HashSet<Scale>,
    ongoing: usize,
    in_campaign: usize,
    campaign_sizes: HashMap<String, usize>,
    casualties: usize,
    big_loss: usize,
    start_years: (i64, i64),
    targets: usize,
    sectors: HashSet<Sector>,
    without_origin: usize,
    links: HashSet<Link>,
    actors: usize,
    actor_kinds: HashSet<ActorKind>,
    with_perpetrator: usize,
    control_kinds: HashSet<ControlKind>,
    longest_chain: usize,
    events: usize,
    event_kinds: HashSet<EventKind>,
    measures: HashSet<MeasureKind>,
    mla: HashSet<MlaOutcome>,
    vulns: usize,
    responses: usize,
    means: HashSet<Means>,
    urgent: usize,
    on_behalf: usize,
    against_actor: usize,
    missing_institutions: usize,
    institution_status: HashMap<InstitutionStatus, usize>,
    foiled: usize,
    late_mla: usize,
}

/// Parses and checks every file of a generated dataset: ids defined, values in their value
/// sets (via the schema enums' `FromStr`), times valid, `end ≥ start`, event `by`/`to` rules.
fn validate(dir: &Path) -> Summary {
    let mut s = Summary::default();
    let line = |i: usize| i + 2;

    let t = Table::read(dir, InputFile::States);
    let mut states = HashSet::new();
    for (i, r) in t.rows.iter().enumerate() {
        let id = t.get(r, "id");
        assert!(
            id.len() == 5 && id.starts_with('S'),
            "{}:{}: id {id}",
            t.file,
            line(i)
        );
        assert!(states.insert(id.to_owned()), "duplicate state {id}");
        assert!(!t.get(r, "name").is_empty());
        let c: Capacity = parse(t.file, line(i), "capacity", t.get(r, "capacity"));
        *s.capacity.entry(c).or_default() += 1;
    }
    s.states = states.len();
    let state_ok = |file: &str, i: usize, v: &str| {
        assert!(
            states.contains(v),
            "{file}:{}: unknown state `{v}`",
            line(i)
        );
    };

    let t = Table::read(dir, InputFile::Institutions);
    let mut has: HashSet<(String, Institution)> = HashSet::new();
    let mut rows_of: HashSet<(String, Institution, String)> = HashSet::new();
    for (i, r) in t.rows.iter().enumerate() {
        state_ok(t.file, i, t.get(r, "state"));
        let inst: Institution = parse(t.file, line(i), "institution", t.get(r, "institution"));
        let since = t.get(r, "since");
        if !since.is_empty() {
            time(t.file, line(i), since);
        }
        let status = t.get(r, "status");
        let status: InstitutionStatus = if status.is_empty() {
            InstitutionStatus::InForce
        } else {
            parse(t.file, line(i), "status", status)
        };
        *s.institution_status.entry(status).or_default() += 1;
        assert!(
            rows_of.insert((t.get(r, "state").to_owned(), inst, since.to_owned())),
            "two rows for one institution and date"
        );
        if status == InstitutionStatus::InForce {
            has.insert((t.get(r, "state").to_owned(), inst));
        }
    }
    for st in &states {
        for inst in [
            Institution::CybercrimeLaw,
            Institution::ProceduralLaw,
            Institution::Cert,
            Institution::PointOfContact,
        ] {
            if !has.contains(&(st.clone(), inst)) {
                s.missing_institutions += 1;
            }
        }
    }

    let t = Table::read(dir, InputFile::Incidents);
    let mut incidents = HashSet::new();
    s.start_years = (i64::MAX, i64::MIN);
    for (i, r) in t.rows.iter().enumerate() {
        let (file, l) = (t.file, line(i));
        let id = t.get(r, "id");
        assert!(id.len() == 8 && id.starts_with('I'), "{file}:{l}: id {id}");
        assert!(incidents.insert(id.to_owned()), "duplicate incident {id}");
        assert!(!t.get(r, "title").is_empty());
        let start = time(file, l, t.get(r, "start"));
        let year: i64 = t.get(r, "start")[..4].parse().unwrap();
        s.start_years = (s.start_years.0.min(year), s.start_years.1.max(year));
        let end = t.get(r, "end");
        if end.is_empty() {
            s.ongoing += 1;
        } else {
            assert!(time(file, l, end) >= start, "{file}:{l}: end before start");
            assert!(&end[..4] <= "2024", "{file}:{l}: end after 2024");
        }
        *s.vectors
            .entry(parse(file, l, "vector", t.get(r, "vector")))
            .or_default() += 1;
        s.effects
            .insert(parse(file, l, "effect", t.get(r, "effect")));
        s.severities
            .insert(parse(file, l, "severity", t.get(r, "severity")));
        s.scales.insert(parse(file, l, "scale", t.get(r, "scale")));
        let cas: u64 = parse(file, l, "casualties", t.get(r, "casualties"));
        let loss: u64 = parse(file, l, "loss_usd", t.get(r, "loss_usd"));
        let outcome = t.get(r, "outcome");
        if !outcome.is_empty() {
            let o: Outcome = parse(file, l, "outcome", outcome);
            if o == Outcome::Foiled {
                s.foiled += 1;
                assert!(!end.is_empty(), "{file}:{l}: foiled but ongoing");
                assert_eq!((cas, loss), (0, 0), "{file}:{l}: foiled with harm");
            }
        }
        s.casualties += usize::from(cas > 0);
        s.big_loss += usize::from(loss >= 10_000_000);
        let camp = t.get(r, "campaign");
        if !camp.is_empty() {
            assert!(camp.starts_with('C'), "{file}:{l}: campaign {camp}");
            s.in_campaign += 1;
            *s.campaign_sizes.entry(camp.to_owned()).or_default() += 1;
        }
    }
    s.incidents = incidents.len();
    let incident_ok = |file: &str, i: usize, v: &str| {
        assert!(
            incidents.contains(v),
            "{file}:{}: unknown incident `{v}`",
            line(i)
        );
    };

    let t = Table::read(dir, InputFile::Targets);
    let mut targets_of: HashMap<String, HashSet<String>> = HashMap::new();
    let mut target_rows = HashSet::new();
    for (i, r) in t.rows.iter().enumerate() {
        let (inc, st) = (t.get(r, "incident"), t.get(r, "state"));
        incident_ok(t.file, i, inc);
        state_ok(t.file, i, st);
        let sector: Sector = parse(t.file, line(i), "sector", t.get(r, "sector"));
        s.sectors.insert(sector);
        assert!(
            target_rows.insert((inc.to_owned(), st.to_owned(), sector)),
            "duplicate target"
        );
        targets_of
            .entry(inc.to_owned())
            .or_default()
            .insert(st.to_owned());
    }
    s.targets = t.rows.len();
    assert_eq!(targets_of.len(), s.incidents, "every incident has a target");

    let t = Table::read(dir, InputFile::Origins);
    let mut origins_of: HashMap<String, HashSet<String>> = HashMap::new();
    for (i, r) in t.rows.iter().enumerate() {
        let (inc, st) = (t.get(r, "incident"), t.get(r, "state"));
        incident_ok(t.file, i, inc);
        state_ok(t.file, i, st);
        s.links
            .insert(parse(t.file, line(i), "link", t.get(r, "link")));
        assert!(
            origins_of
                .entry(inc.to_owned())
                .or_default()
                .insert(st.to_owned()),
            "duplicate origin"
        );
    }
    s.without_origin = s.incidents - origins_of.len();

    let t = Table::read(dir, InputFile::Actors);
    let mut actors = HashMap::new();
    for (i, r) in t.rows.iter().enumerate() {
        let id = t.get(r, "id");
        assert!(
            id.len() == 7 && id.starts_with('A'),
            "{}:{}: id {id}",
            t.file,
            line(i)
        );
        let kind: ActorKind = parse(t.file, line(i), "kind", t.get(r, "kind"));
        let st = t.get(r, "state");
        if st.is_empty() {
            assert_ne!(kind, ActorKind::StateOrgan, "organ without state");
        } else {
            state_ok(t.file, i, st);
        }
        s.actor_kinds.insert(kind);
        assert!(
            actors.insert(id.to_owned(), kind).is_none(),
            "duplicate actor {id}"
        );
    }
    s.actors = actors.len();
    let actor_ok = |file: &str, i: usize, v: &str| {
        assert!(
            actors.contains_key(v),
            "{file}:{}: unknown actor `{v}`",
            line(i)
        );
    };

    let t = Table::read(dir, InputFile::Perpetrators);
    let mut perpetrated = HashSet::new();
    for (i, r) in t.rows.iter().enumerate() {
        incident_ok(t.file, i, t.get(r, "incident"));
        actor_ok(t.file, i, t.get(r, "actor"));
        perpetrated.insert(t.get(r, "incident").to_owned());
    }
    s.with_perpetrator = perpetrated.len();

    let t = Table::read(dir, InputFile::Control);
    let mut controller_of: HashMap<String, Vec<String>> = HashMap::new();
    for (i, r) in t.rows.iter().enumerate() {
        let (a, b) = (t.get(r, "controller"), t.get(r, "controlled"));
        actor_ok(t.file, i, a);
        actor_ok(t.file, i, b);
        assert_ne!(a, b, "self control");
        assert_ne!(actors[b], ActorKind::StateOrgan, "an organ is controlled");
        s.control_kinds
            .insert(parse(t.file, line(i), "kind", t.get(r, "kind")));
        controller_of
            .entry(b.to_owned())
            .or_default()
            .push(a.to_owned());
    }
    // Longest chain up to an organ (acyclic by construction; depth-bounded walk).
    fn depth(a: &str, up: &HashMap<String, Vec<String>>, d: usize) -> usize {
        assert!(d < 64, "control cycle through {a}");
        up.get(a).map_or(0, |cs| {
            cs.iter()
                .map(|c| 1 + depth(c, up, d + 1))
                .max()
                .unwrap_or(0)
        })
    }
    s.longest_chain = controller_of
        .keys()
        .map(|a| depth(a, &controller_of, 0))
        .max()
        .unwrap_or(0);

    let t = Table::read(dir, InputFile::Events);
    let mut mla_requests: HashMap<(String, String, String), i64> = HashMap::new();
    for (i, r) in t.rows.iter().enumerate() {
        let (file, l) = (t.file, line(i));
        time(file, l, t.get(r, "time"));
        let kind: EventKind = parse(file, l, "kind", t.get(r, "kind"));
        let inc = t.get(r, "incident");
        incident_ok(file, i, inc);
        let (by, to, detail) = (t.get(r, "by"), t.get(r, "to"), t.get(r, "detail"));
        if !by.is_empty() {
            state_ok(file, i, by);
        }
        if !to.is_empty() {
            state_ok(file, i, to);
        }
        let empty = HashSet::new();
        let origins = origins_of.get(inc).unwrap_or(&empty);
        let targets = &targets_of[inc];
        use EventKind::*;
        // `by` required except for public reports; `to` per the events table.
        let (needs_to, no_to) = match kind {
            Notification | AssistanceRequest | Warning | MlaRequest | MlaResponse | CmNotice
            | Compensation | Satisfaction => (true, false),
            Detection | Measure | PublicReport => (false, true),
            Concern => (false, false),
        };
        if kind != PublicReport {
            assert!(!by.is_empty(), "{file}:{l}: {kind} without by");
        }
        assert!(!needs_to || !to.is_empty(), "{file}:{l}: {kind} without to");
        assert!(!no_to || to.is_empty(), "{file}:{l}: {kind} with to");
        assert!(by.is_empty() || by != to, "{file}:{l}: {kind} to itself");
        match kind {
            Notification => {
                assert!(targets.contains(by), "{file}:{l}: notifier is not a victim");
                assert!(
                    origins.contains(to),
                    "{file}:{l}: notified is not an origin"
                );
            }
            Measure => {
                assert!(origins.contains(by), "{file}:{l}: measure by a non-origin");
                s.measures.insert(parse(file, l, "detail", detail));
            }
            MlaRequest => {
                mla_requests.insert(
                    (inc.to_owned(), by.to_owned(), to.to_owned()),
                    time(file, l, t.get(r, "time")),
                );
            }
            MlaResponse => {
                s.mla.insert(parse(file, l, "detail", detail));
                let request = mla_requests
                    .get(&(inc.to_owned(), to.to_owned(), by.to_owned()))
                    .unwrap_or_else(|| panic!("{file}:{l}: mla_response without a request"));
                // After the 720-hour MLA answer window of kreuzer-2024: late.
                if time(file, l, t.get(r, "time")) > request + 720 * 60 {
                    s.late_mla += 1;
                }
            }
            Concern => assert!(!origins.contains(by), "{file}:{l}: concern by an origin"),
            _ => {}
        }
        s.event_kinds.insert(kind);
    }
    s.events = t.rows.len();

    let t = Table::read(dir, InputFile::Vulnerabilities);
    for (i, r) in t.rows.iter().enumerate() {
        assert!(t.get(r, "id").starts_with('V'));
        assert!(!t.get(r, "product").is_empty());
        state_ok(t.file, i, t.get(r, "known_by"));
        let since = time(t.file, line(i), t.get(r, "since"));
        let d = t.get(r, "disclosed");
        if !d.is_empty() {
            assert!(time(t.file, line(i), d) >= since);
        }
    }
    s.vulns = t.rows.len();

    let t = Table::read(dir, InputFile::Responses);
    let mut responses = HashSet::new();
    for (i, r) in t.rows.iter().enumerate() {
        let (file, l) = (t.file, line(i));
        let id = t.get(r, "id");
        assert!(id.len() == 7 && id.starts_with('R'), "{file}:{l}: id {id}");
        assert!(responses.insert(id.to_owned()), "duplicate response");
        time(file, l, t.get(r, "time"));
        state_ok(file, i, t.get(r, "by"));
        let against = t.get(r, "against");
        if actors.contains_key(against) {
            s.against_actor += 1;
        } else {
            state_ok(file, i, against);
        }
        assert_ne!(against, t.get(r, "by"));
        incident_ok(file, i, t.get(r, "incident"));
        s.means.insert(parse(file, l, "means", t.get(r, "means")));
        let _: Severity = parse(file, l, "severity", t.get(r, "severity"));
        let _: bool = parse(file, l, "uses_force", t.get(r, "uses_force"));
        let _: bool = parse(file, l, "reversible", t.get(r, "reversible"));
        let urgent: bool = parse(file, l, "urgent", t.get(r, "urgent"));
        s.urgent += usize::from(urgent);
        let obo = t.get(r, "on_behalf_of");
        if !obo.is_empty() {
            state_ok(file, i, obo);
            s.on_behalf += 1;
        }
    }
    s.responses = t.rows.len();
    s
}

#[test]
fn generated_dataset_is_valid() {
    for (n, seed) in [(1000, 3), (1, 9), (137, 0)] {
        let (dir, _) = gen(n, seed);
        let s = validate(dir.path());
        assert_eq!(s.incidents as u64, n);
        assert_eq!(s.states, 50);
    }
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole as f64
}

fn near(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: {got:.3}, expected {want} ± {tol}"
    );
}

#[test]
fn proportions_are_as_documented() {
    let n = 20_000;
    let (dir, _) = gen(n, 11);
    let s = validate(dir.path());
    let n = n as usize;

    assert_eq!(s.states, 200);
    assert_eq!(s.capacity[&Capacity::High], 60);
    assert_eq!(s.capacity[&Capacity::Medium], 80);
    assert_eq!(s.capacity[&Capacity::Low], 60);
    assert!(
        s.missing_institutions > 0,
        "some state lacks an institution"
    );
    // Documented absences (BREACH-INST) besides institutions in force.
    let absent = s.institution_status[&InstitutionStatus::Absent];
    let in_force = s.institution_status[&InstitutionStatus::InForce];
    near(
        "absent institution rows",
        share(absent, absent + in_force),
        0.28,
        0.05,
    );
    // HARM-FOILED: about 3% of the ended cyber incidents outside campaigns.
    near("foiled", share(s.foiled, n), 0.018, 0.008);

    let non_cyber = [
        Vector::SocialEngineering,
        Vector::HumanError,
        Vector::Content,
    ]
    .iter()
    .map(|v| s.vectors.get(v).copied().unwrap_or(0))
    .sum();
    near("non-cyber vectors", share(non_cyber, n), 0.10, 0.02);
    assert_eq!(s.vectors.len(), 9, "all vectors");
    assert_eq!(
        (s.effects.len(), s.severities.len(), s.scales.len()),
        (3, 4, 3)
    );
    assert_eq!(s.start_years, (2007, 2024));
    near("ongoing", share(s.ongoing, n), 0.20, 0.02);
    near("in campaigns", share(s.in_campaign, n), 0.15, 0.03);
    assert!(s.campaign_sizes.values().all(|&k| (1..=6).contains(&k)));
    assert!(
        s.campaign_sizes.values().filter(|&&k| k >= 2).count() * 10 >= s.campaign_sizes.len() * 9
    );
    let cas = share(s.casualties, n);
    assert!(cas > 0.0 && cas < 0.03, "casualties > 0 rare: {cas}");
    near("loss ≥ 10M", share(s.big_loss, n), 0.05, 0.03);
    assert!(s.big_loss > 0);

    near("targets per incident", share(s.targets, n), 1.5, 0.2);
    assert_eq!(s.sectors.len(), 17, "all sectors");
    near("no origin", share(s.without_origin, n), 0.10, 0.02);
    assert_eq!(s.links.len(), 3);

    assert_eq!(s.actors, n / 10);
    assert_eq!(s.actor_kinds.len(), 5);
    near(
        "with perpetrators",
        share(s.with_perpetrator, n),
        0.60,
        0.04,
    );
    assert_eq!(s.control_kinds.len(), 4);
    assert_eq!(s.longest_chain, 4, "control chains of 1–4 links");

    near("events per incident", share(s.events, n), 6.0, 1.0);
    assert_eq!(
        s.event_kinds.len(),
        12,
        "all event kinds, satisfaction included"
    );
    assert_eq!(s.measures.len(), 6, "all measures");
    assert_eq!(s.mla.len(), 3, "all MLA outcomes");
    assert!(
        s.late_mla > 0,
        "some MLA answers after the MLA answer window"
    );

    assert_eq!(s.vulns, n / 100);
    near("responses per incident", share(s.responses, n), 0.05, 0.01);
    assert_eq!(s.means.len(), 4);
    assert!(s.urgent > 0 && s.on_behalf > 0 && s.against_actor > 0);
}
