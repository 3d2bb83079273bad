//! Synthetic dataset generator: a complete, valid dataset folder (all eleven CSV files of
//! `data-model.md`) for any number of incidents, for benchmarks and tests.
//!
//! The output is a pure function of [`GenConfig`]: the same incident count and seed give
//! byte-identical files (one [`ChaCha8Rng`] stream seeded from the seed, consumed in a fixed
//! order; no hash-map iteration). Rows are streamed to buffered files while incidents are
//! generated, so memory stays proportional to the number of states and actors, not to the
//! number of incidents; ten million rows take a few seconds.
//!
//! # Format
//! Headers are taken from [`InputFile`] (required columns, then optional ones), so the files
//! always match what the loader expects. Ids are `S0001` (states), `I0000001` (incidents),
//! `A000001` (actors), `R000001` (responses), `V00001` (vulnerabilities) and `C00001`
//! (campaigns); times are written `YYYY-MM-DDTHH:MMZ`. No generated value contains a comma,
//! quote or line break, so no field is ever quoted. Every referenced id is defined, every
//! value is in its value set, every `end` is at or after its `start`, and every event
//! respects the `by`/`to` rules of its kind.
//!
//! # Proportions
//! With `N` incidents (approximate values are expectations):
//! - **states**: `max(50, min(200, N/50))`, capacities exactly 30% high, 40% medium, 30% low
//!   (shuffled). Targets are drawn weighted by capacity (high 3 : medium 2 : low 1); origins
//!   from a heavy-tailed weighting (a few states are frequent origins).
//! - **institutions**: each of the 8 kinds present with a capacity-dependent probability
//!   (e.g. `cybercrime_law` 97% / 90% / 70% for high / medium / low, `monitoring`
//!   90% / 60% / 20%, `vep` 35% / 10% / 2%); `since` is a date 1995–2023, empty (always)
//!   for 20%. Of the present ones, 10% were first documented `absent` and established
//!   later, 3% were established and later documented `absent` (lapsed). Half of the
//!   lacking ones are documented `absent` (so INST-* breaches exist), the other half have
//!   no row (not documented: not assessed).
//! - **incidents**: starts 2007–2024 with density growing over time (2007 about 0.3%, 2024
//!   about 13% of incidents); outside campaigns, vectors exploit 13%, malware 18%,
//!   ransomware 19%, ddos 16%, supply_chain 6%, intrusion 16% and 12% non-cyber
//!   (social_engineering 5%, human_error 4%, content 3%), which with the (all-cyber)
//!   campaigns gives about 10% non-cyber overall; effect depends on the vector (overall
//!   about 41% confidentiality, 54% functionality, 5% physical); severity depends on the
//!   effect (overall about 35% low, 36% moderate, 21% high, 7% severe); scale targeted 60%,
//!   broad 30%, mass 10%; casualties only for 20% of physical incidents (about 1% overall);
//!   `loss_usd` zero for 12%, otherwise log-normal (median 150k USD, 1.5M for ransomware,
//!   σ = 2 in log space), about 4% at or above 10M; `end` empty (ongoing) for 20%, ongoing
//!   incidents outside campaigns starting 2021 or later; `end` otherwise 10 minutes to 180
//!   days after `start` (DDoS: 7 days at most), capped at 2024-12-31T23:59Z; about 4% of
//!   cyber incidents with an origin are imminent (their origin states learn of them before
//!   they start, SIG-RISK); about 3% of the ended cyber incidents outside campaigns are
//!   `foiled` (`outcome`; 10 minutes to 3 days long, no loss, no casualties), the others
//!   leave `outcome` empty (occurred).
//! - **campaigns**: about 15% of incidents belong to campaigns of 2–6 incidents sharing
//!   origins, perpetrators and victim state, 1–45 days apart, cyber vectors only, with small
//!   losses (5k–1.5M USD), low or moderate severity and non-critical sectors (private,
//!   industry, military, international_org), so that SIG-CUMULATIVE has work to do.
//! - **targets**: 1 (55%), 2 (30%) or 3 (15%) per incident, about 1.5 on average, over all
//!   17 sectors (private 22%, industry 14%, government 11%, finance 8% … public_core 1.4%);
//!   `content` incidents hit elections, government, parliament, private and international
//!   organisations. A few percent of incidents also hit their own origin state.
//! - **origins**: none for about 10% (12% outside campaigns), one for most, two for 13%
//!   outside campaigns; link territory 70%, jurisdiction 18%, control 12%.
//! - **actors**: `max(20, N/10)`: state_organ 15%, proxy 15%, criminal_group 35%,
//!   company 10%, individual 25%; non-organs have a home state 80% of the time.
//!   **perpetrators** for about 60% of incidents (one, sometimes two), mostly from an
//!   origin state. **control**: chains of 1–4 links (instruction 25%, direction 20%,
//!   effective_control 20%, support 35%) from a non-organ actor (proxies 80%, others
//!   20–30%) through lower-numbered non-organs up to a state organ, or into an existing
//!   chain; no path is longer than 4 links and there are no cycles.
//! - **events**: about 6 per incident: detections by victims (75% each) and origins (40%),
//!   public reports (60%, a second one 30% of those), notifications from victims to origins
//!   (first victim 70%, others 40%; reminders when nothing happens), assistance requests
//!   (victims 12%; low-capacity origins that know 35%, CAP-3), measures by origin states
//!   that know (from a notification, request or detection, or half of the time from a
//!   public report): 47% within 72 h of their knowledge, 3% before it, 20% late, 30%
//!   absent, half with a follow-up measure; warnings to the victim (45%, two thirds within
//!   72 h), MLA requests (35% per origin, 5% to a third state) with responses (granted
//!   45%, refused_with_reasons 20%, refused 15%, missing 20%; half within 72 h, a quarter
//!   within the 720-hour MLA answer window, a quarter late), concerns by victims or third
//!   states (never an origin), cm_notices (6% per origin), compensation (4% per origin) and
//!   satisfaction (4% per origin). Events of an incident are written in time order; late ones
//!   (measures, compensation, satisfaction) run into 2025, so the default `as_of` is in 2025.
//! - **vulnerabilities**: `max(1, N/100)`, known mostly by high-capacity states, disclosed
//!   for 55%.
//! - **responses**: about `N/20`, by a victim (80%) or a third state (20%, most on behalf of
//!   a victim), against an origin state, a perpetrator or another actor, or another state;
//!   means cyber 35%, economic 25%, diplomatic 20%, retorsion 20%; 4% use force, 15%
//!   irreversible, 20% urgent; 55% are preceded by a `cm_notice`.

use std::collections::BTreeSet;
use std::fmt;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::facts::schema::{
    ActorKind, Capacity, ControlKind, Effect, EventKind, Institution, Link, Means, MeasureKind,
    MlaOutcome, Scale, Sector, Severity, Vector,
};
use crate::facts::InputFile;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenConfig {
    /// Number of incidents (every other table is sized from it).
    pub incidents: u64,
    /// Seed of the random stream: the same config always gives the same files.
    pub seed: u64,
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            incidents: 1000,
            seed: 0,
        }
    }
}

/// What [`generate`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GenStats {
    /// Data rows (header excluded) per file, in [`InputFile::ALL`] order.
    pub rows: Vec<(InputFile, u64)>,
    /// Total bytes written, headers included.
    pub bytes: u64,
}

impl GenStats {
    /// Data rows written to `file`.
    pub fn rows_of(&self, file: InputFile) -> u64 {
        self.rows
            .iter()
            .find(|(f, _)| *f == file)
            .map_or(0, |(_, n)| *n)
    }

    /// Data rows written to all files.
    pub fn total_rows(&self) -> u64 {
        self.rows.iter().map(|(_, n)| n).sum()
    }
}

impl fmt::Display for GenStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (file, n) in &self.rows {
            writeln!(f, "{:<20} {n:>12}", file.file_name())?;
        }
        write!(
            f,
            "{:<20} {:>12} rows, {} bytes",
            "total",
            self.total_rows(),
            self.bytes
        )
    }
}

/// Writes a complete dataset for `cfg` into the folder `out` (created if missing; existing
/// files of the same names are overwritten) and returns what was written.
pub fn generate(cfg: &GenConfig, out: &Path) -> io::Result<GenStats> {
    std::fs::create_dir_all(out)?;
    let mut sinks = Sinks::create(out)?;
    let mut g = Gen::new(cfg);
    g.states(&mut sinks.states)?;
    g.institutions(&mut sinks.institutions)?;
    g.actors(&mut sinks.actors)?;
    g.control(&mut sinks.control)?;
    g.vulnerabilities(&mut sinks.vulnerabilities)?;
    g.incidents(&mut sinks)?;
    sinks.finish()
}

// ---------------------------------------------------------------------------------------
// Time: minutes since the Unix epoch.

const HOUR: i64 = 60;
const DAY: i64 = 24 * HOUR;
/// Response window of the default profile, in minutes.
const WINDOW: i64 = 72 * HOUR;
/// MLA answer window of the default profile (`mla_window_hours`), in minutes.
const MLA_WINDOW: i64 = 720 * HOUR;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

const fn minutes(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m, d) * DAY
}

/// First possible incident start.
const T_FIRST: i64 = minutes(2007, 1, 1);
/// Last possible incident start / end (2024-12-31T23:59Z).
const T_LAST: i64 = minutes(2025, 1, 1) - 1;
/// Earliest start of an ongoing incident.
const T_ONGOING: i64 = minutes(2021, 1, 1);

// ---------------------------------------------------------------------------------------
// Output: one buffered sink per file, hand-formatted (no quoting needed, see module doc).

const FLUSH_AT: usize = 1 << 18;

struct Sink {
    file: File,
    buf: Vec<u8>,
    rows: u64,
    bytes: u64,
    first: bool,
}

impl Sink {
    fn create(dir: &Path, f: InputFile) -> io::Result<Sink> {
        let file = File::create(dir.join(f.file_name()))?;
        let mut s = Sink {
            file,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            rows: 0,
            bytes: 0,
            first: true,
        };
        for c in f.required_columns().iter().chain(f.optional_columns()) {
            s.str(c);
        }
        s.buf.push(b'\n');
        s.first = true;
        Ok(s)
    }

    #[inline]
    fn sep(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.buf.push(b',');
        }
    }

    #[inline]
    fn str(&mut self, s: &str) -> &mut Self {
        self.sep();
        self.buf.extend_from_slice(s.as_bytes());
        self
    }

    #[inline]
    fn empty(&mut self) -> &mut Self {
        self.sep();
        self
    }

    #[inline]
    fn digits(&mut self, mut n: u64, width: usize) {
        let mut tmp = [b'0'; 20];
        let mut i = 20;
        loop {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let start = i.min(20 - width.min(20));
        self.buf.extend_from_slice(&tmp[start..]);
    }

    #[inline]
    fn num(&mut self, n: u64) -> &mut Self {
        self.sep();
        self.digits(n, 1);
        self
    }

    #[inline]
    fn id(&mut self, id: Id) -> &mut Self {
        self.sep();
        let (prefix, n, width) = id.parts();
        self.buf.push(prefix);
        self.digits(n, width);
        self
    }

    #[inline]
    fn opt_id(&mut self, id: Option<Id>) -> &mut Self {
        match id {
            Some(id) => self.id(id),
            None => self.empty(),
        }
    }

    #[inline]
    fn time(&mut self, t: i64) -> &mut Self {
        self.sep();
        let (y, mo, d) = civil_from_days(t.div_euclid(DAY));
        let mins = t.rem_euclid(DAY);
        self.digits(y as u64, 4);
        self.buf.push(b'-');
        self.digits(mo as u64, 2);
        self.buf.push(b'-');
        self.digits(d as u64, 2);
        self.buf.push(b'T');
        self.digits((mins / 60) as u64, 2);
        self.buf.push(b':');
        self.digits((mins % 60) as u64, 2);
        self.buf.push(b'Z');
        self
    }

    #[inline]
    fn opt_time(&mut self, t: Option<i64>) -> &mut Self {
        match t {
            Some(t) => self.time(t),
            None => self.empty(),
        }
    }

    #[inline]
    fn bool(&mut self, b: bool) -> &mut Self {
        self.str(if b { "true" } else { "false" })
    }

    #[inline]
    fn end(&mut self) -> io::Result<()> {
        self.buf.push(b'\n');
        self.rows += 1;
        self.first = true;
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.write_all(&self.buf)?;
        self.bytes += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }
}

struct Sinks {
    states: Sink,
    institutions: Sink,
    incidents: Sink,
    targets: Sink,
    origins: Sink,
    actors: Sink,
    perpetrators: Sink,
    control: Sink,
    events: Sink,
    vulnerabilities: Sink,
    responses: Sink,
}

impl Sinks {
    fn create(dir: &Path) -> io::Result<Sinks> {
        Ok(Sinks {
            states: Sink::create(dir, InputFile::States)?,
            institutions: Sink::create(dir, InputFile::Institutions)?,
            incidents: Sink::create(dir, InputFile::Incidents)?,
            targets: Sink::create(dir, InputFile::Targets)?,
            origins: Sink::create(dir, InputFile::Origins)?,
            actors: Sink::create(dir, InputFile::Actors)?,
            perpetrators: Sink::create(dir, InputFile::Perpetrators)?,
            control: Sink::create(dir, InputFile::Control)?,
            events: Sink::create(dir, InputFile::Events)?,
            vulnerabilities: Sink::create(dir, InputFile::Vulnerabilities)?,
            responses: Sink::create(dir, InputFile::Responses)?,
        })
    }

    fn finish(mut self) -> io::Result<GenStats> {
        let mut stats = GenStats::default();
        for &f in InputFile::ALL {
            let sink = match f {
                InputFile::States => &mut self.states,
                InputFile::Institutions => &mut self.institutions,
                InputFile::Incidents => &mut self.incidents,
                InputFile::Targets => &mut self.targets,
                InputFile::Origins => &mut self.origins,
                InputFile::Actors => &mut self.actors,
                InputFile::Perpetrators => &mut self.perpetrators,
                InputFile::Control => &mut self.control,
                InputFile::Events => &mut self.events,
                InputFile::Vulnerabilities => &mut self.vulnerabilities,
                InputFile::Responses => &mut self.responses,
            };
            sink.flush()?;
            sink.file.flush()?;
            stats.rows.push((f, sink.rows));
            stats.bytes += sink.bytes;
        }
        Ok(stats)
    }
}

/// An id as written: prefix letter, 1-based number, zero-padded width.
#[derive(Clone, Copy)]
enum Id {
    State(u32),
    Incident(u64),
    Actor(u32),
    Response(u64),
    Vuln(u64),
    Campaign(u64),
}

impl Id {
    /// Prefix, number and width; the generator's indices are 0-based, ids 1-based.
    fn parts(self) -> (u8, u64, usize) {
        match self {
            Id::State(i) => (b'S', u64::from(i) + 1, 4),
            Id::Incident(i) => (b'I', i + 1, 7),
            Id::Actor(i) => (b'A', u64::from(i) + 1, 6),
            Id::Response(i) => (b'R', i + 1, 6),
            Id::Vuln(i) => (b'V', i + 1, 5),
            Id::Campaign(i) => (b'C', i + 1, 5),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Value tables (weights in percent or relative units).

/// Probability (percent) that a state of capacity high / medium / low has an institution.
const INSTITUTIONS: [(Institution, [u32; 3]); 8] = [
    (Institution::Cert, [95, 80, 45]),
    (Institution::PointOfContact, [80, 60, 40]),
    (Institution::CybercrimeLaw, [97, 90, 70]),
    (Institution::ProceduralLaw, [95, 85, 60]),
    (Institution::HrSafeguards, [85, 60, 35]),
    (Institution::Monitoring, [90, 60, 20]),
    (Institution::CiProtection, [90, 65, 25]),
    (Institution::Vep, [35, 10, 2]),
];

const VECTORS: [(Vector, u32); 9] = [
    (Vector::Exploit, 13),
    (Vector::Malware, 18),
    (Vector::Ransomware, 19),
    (Vector::Ddos, 16),
    (Vector::SupplyChain, 6),
    (Vector::Intrusion, 16),
    (Vector::SocialEngineering, 5),
    (Vector::HumanError, 4),
    (Vector::Content, 3),
];

/// Effect weights (confidentiality, functionality, physical) per vector.
fn effect_weights(v: Vector) -> [u32; 3] {
    match v {
        Vector::Exploit => [55, 38, 7],
        Vector::Malware => [45, 43, 12],
        Vector::Ransomware => [15, 83, 2],
        Vector::Ddos => [0, 100, 0],
        Vector::SupplyChain => [60, 30, 10],
        Vector::Intrusion => [65, 25, 10],
        Vector::SocialEngineering => [80, 20, 0],
        Vector::HumanError => [40, 55, 5],
        Vector::Content => [70, 30, 0],
    }
}

const EFFECTS: [Effect; 3] = [
    Effect::Confidentiality,
    Effect::Functionality,
    Effect::Physical,
];

/// Severity weights (low, moderate, high, severe) per effect.
fn severity_weights(e: Effect) -> [u32; 4] {
    match e {
        Effect::Confidentiality => [40, 35, 20, 5],
        Effect::Functionality => [27, 38, 27, 8],
        Effect::Physical => [5, 20, 40, 35],
    }
}

const SEVERITIES: [Severity; 4] = [
    Severity::Low,
    Severity::Moderate,
    Severity::High,
    Severity::Severe,
];

const SCALES: [(Scale, u32); 3] = [(Scale::Targeted, 60), (Scale::Broad, 30), (Scale::Mass, 10)];

const SECTORS: [(Sector, u32); 17] = [
    (Sector::Government, 120),
    (Sector::Parliament, 15),
    (Sector::Elections, 20),
    (Sector::LawEnforcement, 30),
    (Sector::Military, 40),
    (Sector::InternationalOrg, 30),
    (Sector::Energy, 60),
    (Sector::Water, 20),
    (Sector::Health, 80),
    (Sector::Finance, 90),
    (Sector::Telecom, 60),
    (Sector::Transport, 40),
    (Sector::Food, 20),
    (Sector::EmergencyServices, 20),
    (Sector::PublicCore, 15),
    (Sector::Industry, 120),
    (Sector::Private, 180),
];

/// Sectors of information operations (`content`) and of campaigns.
const CONTENT_SECTORS: [(Sector, u32); 5] = [
    (Sector::Elections, 35),
    (Sector::Government, 25),
    (Sector::Parliament, 15),
    (Sector::Private, 15),
    (Sector::InternationalOrg, 10),
];
const CAMPAIGN_SECTORS: [(Sector, u32); 4] = [
    (Sector::Private, 50),
    (Sector::Industry, 30),
    (Sector::Military, 10),
    (Sector::InternationalOrg, 10),
];
const CAMPAIGN_VECTORS: [(Vector, u32); 4] = [
    (Vector::Intrusion, 35),
    (Vector::Malware, 30),
    (Vector::Exploit, 20),
    (Vector::Ddos, 15),
];

const LINKS: [(Link, u32); 3] = [
    (Link::Territory, 70),
    (Link::Jurisdiction, 18),
    (Link::Control, 12),
];

const ACTOR_KINDS: [(ActorKind, u32); 5] = [
    (ActorKind::StateOrgan, 15),
    (ActorKind::Proxy, 15),
    (ActorKind::CriminalGroup, 35),
    (ActorKind::Company, 10),
    (ActorKind::Individual, 25),
];

const CONTROL_KINDS: [(ControlKind, u32); 4] = [
    (ControlKind::Instruction, 25),
    (ControlKind::Direction, 20),
    (ControlKind::EffectiveControl, 20),
    (ControlKind::Support, 35),
];

/// Measure weights per capacity (high, medium, low).
const MEASURES: [(MeasureKind, [u32; 3]); 6] = [
    (MeasureKind::Takedown, [25, 15, 3]),
    (MeasureKind::Block, [25, 20, 5]),
    (MeasureKind::Investigate, [25, 35, 45]),
    (MeasureKind::Arrest, [10, 10, 15]),
    (MeasureKind::Prosecute, [10, 10, 12]),
    (MeasureKind::Respond, [5, 10, 20]),
];

const SATISFACTION_DETAILS: [(&str, u32); 3] = [
    ("acknowledgement of the breach", 2),
    ("expression of regret", 2),
    ("formal apology", 1),
];

const MLA_OUTCOMES: [(Option<MlaOutcome>, u32); 4] = [
    (Some(MlaOutcome::Granted), 45),
    (Some(MlaOutcome::RefusedWithReasons), 20),
    (Some(MlaOutcome::Refused), 15),
    (None, 20),
];

const MEANS: [(Means, u32); 4] = [
    (Means::Cyber, 35),
    (Means::Economic, 25),
    (Means::Diplomatic, 20),
    (Means::Retorsion, 20),
];

const RESPONSE_SEVERITIES: [(Severity, u32); 4] = [
    (Severity::Low, 30),
    (Severity::Moderate, 35),
    (Severity::High, 25),
    (Severity::Severe, 10),
];

const SOURCES: [(&str, u32); 6] = [
    ("press", 30),
    ("cert_report", 20),
    ("vendor_report", 20),
    ("government_statement", 15),
    ("court_record", 5),
    ("", 10),
];
const REPORT_SOURCES: [(&str, u32); 5] = [
    ("press", 35),
    ("vendor_report", 25),
    ("cert_advisory", 20),
    ("government_statement", 15),
    ("academic_study", 5),
];
const NOTIFY_DETAILS: [(&str, u32); 4] = [
    ("", 40),
    ("request to act", 25),
    ("indicators shared", 25),
    ("diplomatic note", 10),
];

const PRODUCTS: [&str; 12] = [
    "Mail server",
    "VPN gateway",
    "Firewall OS",
    "Web browser",
    "PLC firmware",
    "Hypervisor",
    "Router OS",
    "Office suite",
    "Mobile OS",
    "Database server",
    "Industrial HMI",
    "Web framework",
];

const SYLLABLES: [&str; 26] = [
    "ar", "bel", "cor", "dan", "el", "fen", "gal", "hor", "is", "jor", "kal", "lun", "mar", "nor",
    "or", "pel", "quin", "ros", "sal", "tor", "ul", "var", "wen", "xan", "yr", "zel",
];
const ENDINGS: [&str; 7] = ["ia", "land", "stan", "ora", "ica", "ania", "ovia"];

/// Probability that an incident starts a campaign (mean size 4 → about 15% of incidents).
const P_CAMPAIGN_START: f64 = 0.15 / 3.55;

// ---------------------------------------------------------------------------------------
// Random helpers.

fn pick<T: Copy>(rng: &mut ChaCha8Rng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|e| e.1).sum();
    let mut x = rng.random_range(0..total);
    for &(v, w) in table {
        if x < w {
            return v;
        }
        x -= w;
    }
    table[table.len() - 1].0
}

fn pick_idx(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.random_range(0..total);
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

fn log_uniform(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> f64 {
    let (a, b) = (lo.ln(), hi.ln());
    (a + rng.random::<f64>() * (b - a)).exp()
}

/// A delay in minutes, log-uniform in `[lo, hi]` minutes.
fn delay(rng: &mut ChaCha8Rng, lo: i64, hi: i64) -> i64 {
    (log_uniform(rng, lo as f64, hi as f64).round() as i64).clamp(lo, hi)
}

/// A standard normal sample (Box–Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Weighted choice of an index by cumulative weights.
struct Weighted {
    cum: Vec<u64>,
}

impl Weighted {
    fn new(weights: impl IntoIterator<Item = u64>) -> Weighted {
        let mut acc = 0;
        let cum = weights
            .into_iter()
            .map(|w| {
                acc += w.max(1);
                acc
            })
            .collect();
        Weighted { cum }
    }

    fn pick(&self, rng: &mut ChaCha8Rng) -> u32 {
        let total = *self.cum.last().expect("non-empty weights");
        let x = rng.random_range(0..total);
        self.cum.partition_point(|&c| c <= x) as u32
    }
}

fn capitalized(mut s: String) -> String {
    if let Some(c) = s.get(0..1) {
        let up = c.to_ascii_uppercase();
        s.replace_range(0..1, &up);
    }
    s
}

fn invented_name(rng: &mut ChaCha8Rng, ending: bool) -> String {
    let mut s = String::new();
    for _ in 0..rng.random_range(2..=3) {
        s.push_str(SYLLABLES[rng.random_range(0..SYLLABLES.len())]);
    }
    if ending {
        s.push_str(ENDINGS[rng.random_range(0..ENDINGS.len())]);
    }
    capitalized(s)
}

// ---------------------------------------------------------------------------------------
// The generator.

#[derive(Clone, Copy)]
struct Ev {
    t: i64,
    kind: EventKind,
    by: Option<u32>,
    to: Option<u32>,
    detail: &'static str,
}

/// A campaign in progress: the incidents still to generate share these.
struct Campaign {
    id: u64,
    remaining: u32,
    next_start: i64,
    vector: Vector,
    victim: u32,
    origins: Vec<(u32, Link)>,
    perps: Vec<u32>,
}

struct Gen {
    rng: ChaCha8Rng,
    n_incidents: u64,
    // states
    capacity: Vec<Capacity>,
    state_names: Vec<String>,
    target_w: Weighted,
    origin_w: Weighted,
    // actors
    actor_kind: Vec<ActorKind>,
    actor_state: Vec<Option<u32>>,
    /// Actors by home state (organs included), ascending.
    actors_of: Vec<Vec<u32>>,
    /// State organs by state, ascending.
    organs_of: Vec<Vec<u32>>,
    organs: Vec<u32>,
    // counters
    next_campaign: u64,
    next_response: u64,
}

impl Gen {
    fn new(cfg: &GenConfig) -> Gen {
        Gen {
            rng: ChaCha8Rng::seed_from_u64(cfg.seed),
            n_incidents: cfg.incidents,
            capacity: Vec::new(),
            state_names: Vec::new(),
            target_w: Weighted::new([1]),
            origin_w: Weighted::new([1]),
            actor_kind: Vec::new(),
            actor_state: Vec::new(),
            actors_of: Vec::new(),
            organs_of: Vec::new(),
            organs: Vec::new(),
            next_campaign: 0,
            next_response: 0,
        }
    }

    fn n_states(&self) -> u32 {
        (self.n_incidents / 50).clamp(50, 200) as u32
    }

    fn random_state(&mut self) -> u32 {
        self.rng.random_range(0..self.capacity.len() as u32)
    }

    fn cap_idx(&self, s: u32) -> usize {
        match self.capacity[s as usize] {
            Capacity::High => 0,
            Capacity::Medium => 1,
            Capacity::Low | Capacity::Undocumented => 2,
        }
    }

    fn states(&mut self, out: &mut Sink) -> io::Result<()> {
        let n = self.n_states() as usize;
        let high = (n * 3 + 5) / 10;
        let low = (n * 3 + 5) / 10;
        let mut caps: Vec<Capacity> = (0..n)
            .map(|i| {
                if i < high {
                    Capacity::High
                } else if i < n - low {
                    Capacity::Medium
                } else {
                    Capacity::Low
                }
            })
            .collect();
        for i in (1..n).rev() {
            let j = self.rng.random_range(0..=i);
            caps.swap(i, j);
        }
        let mut seen = BTreeSet::new();
        for (i, &cap) in caps.iter().enumerate() {
            let mut name = invented_name(&mut self.rng, true);
            let mut tries = 0;
            while !seen.insert(name.clone()) {
                tries += 1;
                name = if tries < 20 {
                    invented_name(&mut self.rng, true)
                } else {
                    format!("{name} {}", i + 1)
                };
            }
            out.id(Id::State(i as u32)).str(&name).str(cap.as_str());
            out.end()?;
            self.state_names.push(name);
        }
        self.capacity = caps;
        self.target_w = Weighted::new(self.capacity.iter().map(|c| match c {
            Capacity::High => 3,
            Capacity::Medium => 2,
            Capacity::Low | Capacity::Undocumented => 1,
        }));
        // Heavy-tailed origin weights over a random ranking of the states.
        let mut rank: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.rng.random_range(0..=i);
            rank.swap(i, j);
        }
        self.origin_w = Weighted::new(
            rank.iter()
                .map(|&r| (1e6 / ((r + 1) as f64).powf(0.9)) as u64),
        );
        Ok(())
    }

    fn institutions(&mut self, out: &mut Sink) -> io::Result<()> {
        // One row: in force (status left empty: the default) or documented absent.
        fn row(
            out: &mut Sink,
            s: u32,
            inst: Institution,
            since: Option<i64>,
            absent: bool,
        ) -> io::Result<()> {
            out.id(Id::State(s)).str(inst.as_str()).opt_time(since);
            if absent {
                out.str("absent");
            } else {
                out.empty();
            }
            out.end()
        }
        let day = |rng: &mut ChaCha8Rng, from: i64, to: i64| -> i64 {
            rng.random_range(from / DAY..to / DAY) * DAY
        };
        for s in 0..self.capacity.len() as u32 {
            let c = self.cap_idx(s);
            for (inst, p) in INSTITUTIONS {
                let present = self.rng.random_range(0..100) < p[c];
                let rng = &mut self.rng;
                if !present {
                    // Lacking: documented as absent half of the time, else not documented.
                    if rng.random_bool(0.5) {
                        let since = (!rng.random_bool(0.2))
                            .then(|| day(rng, minutes(1995, 1, 1), minutes(2024, 1, 1)));
                        row(out, s, inst, since, true)?;
                    }
                    continue;
                }
                match rng.random_range(0..100) {
                    // Documented absent first, established later.
                    0..10 => {
                        let from = day(rng, minutes(1995, 1, 1), minutes(2015, 1, 1));
                        let to = day(rng, from + DAY, minutes(2024, 1, 1));
                        row(out, s, inst, Some(from), true)?;
                        row(out, s, inst, Some(to), false)?;
                    }
                    // Established, then documented as lapsed.
                    10..13 => {
                        let from = day(rng, minutes(1995, 1, 1), minutes(2015, 1, 1));
                        let to = day(rng, from + DAY, minutes(2024, 1, 1));
                        row(out, s, inst, Some(from), false)?;
                        row(out, s, inst, Some(to), true)?;
                    }
                    _ => {
                        let since = (!rng.random_bool(0.2))
                            .then(|| day(rng, minutes(1995, 1, 1), minutes(2024, 1, 1)));
                        row(out, s, inst, since, false)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn actors(&mut self, out: &mut Sink) -> io::Result<()> {
        let n = (self.n_incidents / 10).max(20) as u32;
        let n_states = self.capacity.len();
        self.actors_of = vec![Vec::new(); n_states];
        self.organs_of = vec![Vec::new(); n_states];
        let mut name = String::new();
        for a in 0..n {
            let kind = if a == 0 {
                ActorKind::StateOrgan
            } else {
                pick(&mut self.rng, &ACTOR_KINDS)
            };
            let state = if kind == ActorKind::StateOrgan || self.rng.random_bool(0.8) {
                // Home states follow the origin weighting half of the time.
                Some(if self.rng.random_bool(0.5) {
                    self.origin_w.pick(&mut self.rng)
                } else {
                    self.random_state()
                })
            } else {
                None
            };
            name.clear();
            match kind {
                ActorKind::StateOrgan => {
                    let s = state.expect("organs have a state");
                    name.push_str(&self.state_names[s as usize]);
                    name.push_str(
                        [
                            " Cyber Command",
                            " Intelligence Service",
                            " Signals Directorate",
                            " Security Service",
                            " Military Unit",
                        ][self.rng.random_range(0..5)],
                    );
                }
                ActorKind::Proxy => {
                    name.push_str(&invented_name(&mut self.rng, false));
                    name.push_str(
                        [" Brigade", " Collective", " Army"][self.rng.random_range(0..3)],
                    );
                }
                ActorKind::CriminalGroup => {
                    name.push_str(&invented_name(&mut self.rng, false));
                    name.push_str(
                        [" Spider", " Panda", " Bear", " Kitten", " Jackal", " Crew"]
                            [self.rng.random_range(0..6)],
                    );
                }
                ActorKind::Company => {
                    name.push_str(&invented_name(&mut self.rng, false));
                    name.push_str(
                        [" Technologies", " Systems", " Hosting", " Security"]
                            [self.rng.random_range(0..4)],
                    );
                }
                ActorKind::Individual => name.push_str("Individual"),
            }
            name.push(' ');
            name.push_str(&(a + 1).to_string());
            out.id(Id::Actor(a))
                .str(&name)
                .str(kind.as_str())
                .opt_id(state.map(Id::State));
            out.end()?;
            self.actor_kind.push(kind);
            self.actor_state.push(state);
            if let Some(s) = state {
                self.actors_of[s as usize].push(a);
                if kind == ActorKind::StateOrgan {
                    self.organs_of[s as usize].push(a);
                }
            }
            if kind == ActorKind::StateOrgan {
                self.organs.push(a);
            }
        }
        Ok(())
    }

    /// Control chains of 1–4 links: from a non-organ actor through lower-numbered
    /// non-organs up to a state organ, or into an existing chain when the total stays
    /// within the drawn length (so there are no cycles and no path is longer than 4).
    fn control(&mut self, out: &mut Sink) -> io::Result<()> {
        let n = self.actor_kind.len();
        // up[x]: links on the longest path from x up to a state organ (0: not controlled).
        // An actor gets controllers only while its own chain is built, before anyone can
        // depend on it, so `up` never changes once set.
        let mut up = vec![0u32; n];
        let mut chain: Vec<u32> = Vec::with_capacity(4);
        for a in 0..n as u32 {
            let p = match self.actor_kind[a as usize] {
                ActorKind::StateOrgan => continue,
                ActorKind::Proxy => 0.8,
                ActorKind::CriminalGroup => 0.3,
                ActorKind::Company => 0.2,
                ActorKind::Individual => 0.25,
            };
            if !self.rng.random_bool(p) {
                continue;
            }
            let len = pick(&mut self.rng, &[(1u32, 40), (2, 30), (3, 20), (4, 10)]);
            let home = self.actor_state[a as usize];
            chain.clear();
            chain.push(a);
            // The `up` of the chain's top when it joins an existing chain.
            let mut joined: Option<u32> = None;
            'chain: while (chain.len() as u32) < len {
                let cur = chain[chain.len() - 1];
                let links = chain.len() as u32 - 1;
                // An intermediate: a lower-numbered non-organ, mostly of the same home state.
                let pool: &[u32] = match home {
                    Some(s) => &self.actors_of[s as usize],
                    None => &[],
                };
                let below = pool.partition_point(|&x| x < cur);
                for _ in 0..4 {
                    let b = if below > 0 && self.rng.random_bool(0.8) {
                        pool[self.rng.random_range(0..below)]
                    } else if cur > 0 {
                        self.rng.random_range(0..cur)
                    } else {
                        break;
                    };
                    if self.actor_kind[b as usize] == ActorKind::StateOrgan {
                        continue;
                    }
                    let u = up[b as usize];
                    if u == 0 || links + 1 + u <= len {
                        let k = pick(&mut self.rng, &CONTROL_KINDS);
                        out.id(Id::Actor(b)).id(Id::Actor(cur)).str(k.as_str());
                        out.end()?;
                        if u == 0 {
                            chain.push(b);
                            continue 'chain;
                        }
                        joined = Some(u);
                        break 'chain;
                    }
                }
                break;
            }
            if joined.is_none() {
                let top = chain[chain.len() - 1];
                let organ = match home {
                    Some(s)
                        if !self.organs_of[s as usize].is_empty() && self.rng.random_bool(0.85) =>
                    {
                        let o = &self.organs_of[s as usize];
                        o[self.rng.random_range(0..o.len())]
                    }
                    _ => self.organs[self.rng.random_range(0..self.organs.len())],
                };
                let k = pick(&mut self.rng, &CONTROL_KINDS);
                out.id(Id::Actor(organ)).id(Id::Actor(top)).str(k.as_str());
                out.end()?;
            }
            for (u, &x) in (joined.unwrap_or(0) + 1..).zip(chain.iter().rev()) {
                up[x as usize] = u;
            }
        }
        Ok(())
    }

    fn vulnerabilities(&mut self, out: &mut Sink) -> io::Result<()> {
        let n = (self.n_incidents / 100).max(1);
        let by_cap: [Vec<u32>; 3] = [Capacity::High, Capacity::Medium, Capacity::Low].map(|c| {
            (0..self.capacity.len() as u32)
                .filter(|&s| self.capacity[s as usize] == c)
                .collect()
        });
        let mut product = String::new();
        for v in 0..n {
            let c = pick_idx(&mut self.rng, &[70, 25, 5]);
            let states = if by_cap[c].is_empty() {
                &by_cap[1]
            } else {
                &by_cap[c]
            };
            let known_by = states[self.rng.random_range(0..states.len())];
            product.clear();
            product.push_str(PRODUCTS[self.rng.random_range(0..PRODUCTS.len())]);
            product.push(' ');
            product.push_str(&self.rng.random_range(1..=20u32).to_string());
            product.push('.');
            product.push_str(&self.rng.random_range(0..10u32).to_string());
            let since = self.rng.random_range(T_FIRST..=T_LAST - 30 * DAY);
            let disclosed = self
                .rng
                .random_bool(0.55)
                .then(|| since + delay(&mut self.rng, DAY, 720 * DAY));
            out.id(Id::Vuln(v))
                .str(&product)
                .id(Id::State(known_by))
                .time(since)
                .opt_time(disclosed);
            out.end()?;
        }
        Ok(())
    }

    /// A start time 2007–2024 with density growing linearly over time.
    fn growing_start(&mut self) -> i64 {
        let u: f64 = self.rng.random();
        T_FIRST + (((T_LAST - T_FIRST) as f64) * u.sqrt()) as i64
    }

    /// A state distinct from all of `avoid` (falls back to any state after a few tries).
    fn other_state(&mut self, avoid: &[u32]) -> u32 {
        let mut s = self.random_state();
        for _ in 0..8 {
            if !avoid.contains(&s) {
                break;
            }
            s = self.random_state();
        }
        s
    }

    fn incidents(&mut self, sinks: &mut Sinks) -> io::Result<()> {
        let mut campaign: Option<Campaign> = None;
        let mut targets: Vec<(u32, Sector)> = Vec::new();
        let mut origins: Vec<(u32, Link)> = Vec::new();
        let mut perps: Vec<u32> = Vec::new();
        let mut victims: Vec<u32> = Vec::new();
        let mut evs: Vec<Ev> = Vec::new();
        let mut title = String::new();
        for i in 0..self.n_incidents {
            targets.clear();
            origins.clear();
            perps.clear();
            victims.clear();
            evs.clear();
            let remaining = self.n_incidents - i;
            if campaign.is_none() && remaining >= 2 && self.rng.random_bool(P_CAMPAIGN_START) {
                campaign = Some(self.new_campaign(remaining));
            }

            let (start, end, vector, effect, severity, scale, loss, camp_id, imminent);
            if let Some(c) = campaign.as_mut() {
                let rng = &mut self.rng;
                start = c.next_start;
                c.next_start = (c.next_start + delay(rng, DAY, 45 * DAY)).min(T_LAST);
                end = if rng.random_bool(0.2) {
                    None
                } else {
                    Some((start + delay(rng, 30, 20 * DAY)).min(T_LAST))
                };
                vector = c.vector;
                effect = if vector == Vector::Ddos || rng.random_bool(0.4) {
                    Effect::Functionality
                } else {
                    Effect::Confidentiality
                };
                severity = if rng.random_bool(0.6) {
                    Severity::Low
                } else {
                    Severity::Moderate
                };
                scale = if rng.random_bool(0.7) {
                    Scale::Targeted
                } else {
                    Scale::Broad
                };
                loss = if rng.random_bool(0.1) {
                    0
                } else {
                    log_uniform(rng, 5e3, 1.5e6) as u64
                };
                camp_id = Some(c.id);
                imminent = false;
                let n_t = pick(rng, &[(1usize, 80), (2, 20)]);
                for _ in 0..n_t {
                    let sector = pick(rng, &CAMPAIGN_SECTORS);
                    if !targets.contains(&(c.victim, sector)) {
                        targets.push((c.victim, sector));
                    }
                }
                origins.extend_from_slice(&c.origins);
                perps.extend_from_slice(&c.perps);
                c.remaining -= 1;
                if c.remaining == 0 {
                    campaign = None;
                }
            } else {
                let ongoing = self.rng.random_bool(0.2);
                start = if ongoing {
                    self.rng.random_range(T_ONGOING..=T_LAST)
                } else {
                    self.growing_start()
                };
                vector = pick(&mut self.rng, &VECTORS);
                let rng = &mut self.rng;
                end = if ongoing {
                    None
                } else {
                    let max = if vector == Vector::Ddos {
                        7 * DAY
                    } else {
                        180 * DAY
                    };
                    Some((start + delay(rng, 10, max)).min(T_LAST))
                };
                effect = EFFECTS[pick_idx(rng, &effect_weights(vector))];
                severity = SEVERITIES[pick_idx(rng, &severity_weights(effect))];
                scale = pick(rng, &SCALES);
                loss = if rng.random_bool(0.12) {
                    0
                } else {
                    let median: f64 = if vector == Vector::Ransomware {
                        1.5e6
                    } else {
                        1.5e5
                    };
                    (median * (2.0 * normal(rng)).exp()).min(1e10) as u64
                };
                camp_id = None;
                // Targets: 1–3, each a distinct (state, sector).
                let n_t = pick(rng, &[(1usize, 55), (2, 30), (3, 15)]);
                let first = self.target_w.pick(&mut self.rng);
                for k in 0..n_t {
                    let state = if k == 0 || self.rng.random_bool(0.6) {
                        first
                    } else {
                        self.target_w.pick(&mut self.rng)
                    };
                    let sector = if vector == Vector::Content {
                        pick(&mut self.rng, &CONTENT_SECTORS)
                    } else {
                        pick(&mut self.rng, &SECTORS)
                    };
                    if !targets.contains(&(state, sector)) {
                        targets.push((state, sector));
                    }
                }
                // Origins (outside campaigns): none 12%, one 75%, two 13%; rarely a target state.
                let n_o = pick(&mut self.rng, &[(0usize, 12), (1, 75), (2, 13)]);
                for _ in 0..n_o {
                    let mut s = self.origin_w.pick(&mut self.rng);
                    if targets.iter().any(|t| t.0 == s) && !self.rng.random_bool(0.05) {
                        s = self.origin_w.pick(&mut self.rng);
                        if targets.iter().any(|t| t.0 == s) {
                            s = self.origin_w.pick(&mut self.rng);
                        }
                    }
                    if !origins.iter().any(|o| o.0 == s) {
                        let link = pick(&mut self.rng, &LINKS);
                        origins.push((s, link));
                    }
                }
                if self.rng.random_bool(0.6) {
                    self.perpetrators(&origins, &mut perps);
                }
                imminent =
                    vector_is_cyber(vector) && !origins.is_empty() && self.rng.random_bool(0.04);
            }
            // HARM-FOILED: about 3% of the ended cyber operations outside campaigns were
            // stopped before their effect: short, without loss or casualties.
            let foiled = camp_id.is_none()
                && end.is_some()
                && vector_is_cyber(vector)
                && self.rng.random_bool(0.03);
            let (end, loss) = if foiled {
                let stopped = (start + delay(&mut self.rng, 10, 3 * DAY)).min(T_LAST);
                (Some(stopped), 0)
            } else {
                (end, loss)
            };
            let casualties = if !foiled && effect == Effect::Physical && self.rng.random_bool(0.2) {
                log_uniform(&mut self.rng, 1.0, 60.0) as u64
            } else {
                0
            };
            let source = pick(&mut self.rng, &SOURCES);

            // incidents.csv: id,title,start,vector,effect,severity,end,scale,casualties,loss_usd,campaign,source,outcome
            title.clear();
            title.push_str(vector_label(vector));
            title.push_str(" against ");
            title.push_str(&self.state_names[targets[0].0 as usize]);
            title.push(' ');
            title.push_str(sector_label(targets[0].1));
            let inc = Id::Incident(i);
            sinks
                .incidents
                .id(inc)
                .str(&title)
                .time(start)
                .str(vector.as_str())
                .str(effect.as_str())
                .str(severity.as_str())
                .opt_time(end)
                .str(scale.as_str())
                .num(casualties)
                .num(loss)
                .opt_id(camp_id.map(Id::Campaign))
                .str(source);
            if foiled {
                sinks.incidents.str("foiled");
            } else {
                sinks.incidents.empty();
            }
            sinks.incidents.end()?;
            for &(s, sector) in &targets {
                sinks.targets.id(inc).id(Id::State(s)).str(sector.as_str());
                sinks.targets.end()?;
            }
            for &(s, link) in &origins {
                sinks.origins.id(inc).id(Id::State(s)).str(link.as_str());
                sinks.origins.end()?;
            }
            for &a in &perps {
                sinks.perpetrators.id(inc).id(Id::Actor(a));
                sinks.perpetrators.end()?;
            }

            for &(s, _) in &targets {
                if !victims.contains(&s) && !origins.iter().any(|o| o.0 == s) {
                    victims.push(s);
                }
            }
            let span = IncidentSpan {
                start,
                end,
                imminent,
            };
            self.events(&span, &origins, &targets, &victims, &mut evs);
            if self.rng.random_bool(0.05) {
                self.response(
                    i,
                    start,
                    &origins,
                    &targets,
                    &victims,
                    &perps,
                    &mut evs,
                    &mut sinks.responses,
                )?;
            }
            evs.sort_by_key(|e| e.t);
            for e in &evs {
                sinks
                    .events
                    .time(e.t)
                    .str(e.kind.as_str())
                    .id(inc)
                    .opt_id(e.by.map(Id::State))
                    .opt_id(e.to.map(Id::State))
                    .str(e.detail);
                sinks.events.end()?;
            }
        }
        Ok(())
    }

    fn new_campaign(&mut self, remaining: u64) -> Campaign {
        let size = self.rng.random_range(2..=6u32).min(remaining as u32);
        let id = self.next_campaign;
        self.next_campaign += 1;
        let next_start = self.growing_start().min(T_LAST - 120 * DAY);
        let vector = pick(&mut self.rng, &CAMPAIGN_VECTORS);
        let victim = self.target_w.pick(&mut self.rng);
        let mut origins = Vec::new();
        let mut s = self.origin_w.pick(&mut self.rng);
        if s == victim {
            s = self.other_state(&[victim]);
        }
        origins.push((s, pick(&mut self.rng, &LINKS)));
        let mut perps = Vec::new();
        if self.rng.random_bool(0.75) {
            self.perpetrators(&origins, &mut perps);
        }
        Campaign {
            id,
            remaining: size,
            next_start,
            vector,
            victim,
            origins,
            perps,
        }
    }

    /// One or two perpetrators, mostly actors based in an origin state.
    fn perpetrators(&mut self, origins: &[(u32, Link)], perps: &mut Vec<u32>) {
        let n = if self.rng.random_bool(0.88) { 1 } else { 2 };
        for _ in 0..n {
            let local = origins
                .get(self.rng.random_range(0..origins.len().max(1)))
                .map(|o| &self.actors_of[o.0 as usize])
                .filter(|l| !l.is_empty());
            let a = match local {
                Some(l) if self.rng.random_bool(0.7) => l[self.rng.random_range(0..l.len())],
                _ => self.rng.random_range(0..self.actor_kind.len() as u32),
            };
            if !perps.contains(&a) {
                perps.push(a);
            }
        }
    }

    /// Knowledge time of an origin state: after the start, or before it when imminent.
    fn know_time(&mut self, span: &IncidentSpan) -> i64 {
        if span.imminent {
            span.start - delay(&mut self.rng, HOUR, 14 * DAY)
        } else {
            span.start + delay(&mut self.rng, 30, 30 * DAY)
        }
    }

    fn events(
        &mut self,
        span: &IncidentSpan,
        origins: &[(u32, Link)],
        targets: &[(u32, Sector)],
        victims: &[u32],
        evs: &mut Vec<Ev>,
    ) {
        let start = span.start;
        // Detections by victims (or, for a domestic incident, by the targeted state).
        let detectors: &[u32] = if victims.is_empty() {
            &[targets[0].0]
        } else {
            victims
        };
        for &v in detectors.iter().take(3) {
            if self.rng.random_bool(0.75) {
                let t = start + delay(&mut self.rng, 10, 60 * DAY);
                evs.push(ev(t, EventKind::Detection, Some(v), None, ""));
            }
        }
        // Public reports.
        let mut report: Option<i64> = None;
        for p in [0.6, 0.3] {
            if !self.rng.random_bool(p) {
                break;
            }
            let t = start + delay(&mut self.rng, 6 * HOUR, 90 * DAY);
            report = Some(report.map_or(t, |r: i64| r.min(t)));
            let by = match self.rng.random_range(0..10) {
                0..7 => None,
                7..9 => Some(detectors[self.rng.random_range(0..detectors.len())]),
                _ => Some(self.random_state()),
            };
            let src = pick(&mut self.rng, &REPORT_SOURCES);
            evs.push(ev(t, EventKind::PublicReport, by, None, src));
        }

        let mut avoid: Vec<u32> = origins.iter().map(|o| o.0).collect();
        avoid.extend_from_slice(victims);
        for &(o, _) in origins.iter().take(2) {
            let mut know: Option<i64> = None;
            let mut told_by: Option<u32> = None;
            for (k, &v) in victims.iter().take(3).enumerate() {
                let p = if k == 0 { 0.7 } else { 0.4 };
                if self.rng.random_bool(p) {
                    let t = self.know_time(span);
                    let d = pick(&mut self.rng, &NOTIFY_DETAILS);
                    evs.push(ev(t, EventKind::Notification, Some(v), Some(o), d));
                    know = Some(know.map_or(t, |x| x.min(t)));
                    told_by.get_or_insert(v);
                }
                if self.rng.random_bool(0.12) {
                    let t = self.know_time(span) + delay(&mut self.rng, 30, 3 * DAY);
                    evs.push(ev(t, EventKind::AssistanceRequest, Some(v), Some(o), ""));
                    know = Some(know.map_or(t, |x| x.min(t)));
                }
            }
            if self.rng.random_bool(0.4) {
                let t = self.know_time(span);
                evs.push(ev(t, EventKind::Detection, Some(o), None, ""));
                know = Some(know.map_or(t, |x| x.min(t)));
            }
            // Without actual knowledge, a public report may still prompt action.
            let know = know.or(report.filter(|_| self.rng.random_bool(0.5)));
            let cap = self.cap_idx(o);
            if let Some(k) = know {
                // Measures: 50% timely (some even before knowledge), 20% late, 30% none.
                let measure_t = match self.rng.random_range(0..100) {
                    0..3 => Some(k - delay(&mut self.rng, HOUR, 2 * DAY)),
                    3..50 => Some(k + delay(&mut self.rng, 30, WINDOW - HOUR)),
                    50..70 => Some(k + delay(&mut self.rng, WINDOW + HOUR, 120 * DAY)),
                    _ => None,
                };
                if let Some(t) = measure_t {
                    let m = self.measure(cap);
                    evs.push(ev(t, EventKind::Measure, Some(o), None, m));
                    if self.rng.random_bool(0.5) {
                        let t2 = t + delay(&mut self.rng, DAY, 180 * DAY);
                        let m2 = self.measure(cap);
                        evs.push(ev(t2, EventKind::Measure, Some(o), None, m2));
                    }
                } else if let Some(v) = told_by.filter(|_| self.rng.random_bool(0.5)) {
                    // A reminder from the victim when nothing happens.
                    let t = k + delay(&mut self.rng, 4 * DAY, 30 * DAY);
                    evs.push(ev(t, EventKind::Notification, Some(v), Some(o), "reminder"));
                }
                // Warnings to the victims (DUTY-NOTIFY): 65% within the window.
                if let Some(&v) = victims.first() {
                    if self.rng.random_bool(0.45) {
                        let t = if self.rng.random_bool(0.65) {
                            k + delay(&mut self.rng, 30, WINDOW - HOUR)
                        } else {
                            k + delay(&mut self.rng, WINDOW + HOUR, 60 * DAY)
                        };
                        evs.push(ev(t, EventKind::Warning, Some(o), Some(v), ""));
                    }
                }
                // A low-capacity origin asks for help (CAP-3).
                if cap == 2 && self.rng.random_bool(0.35) {
                    let helper = self.other_state(&avoid);
                    let t = k + delay(&mut self.rng, 30, WINDOW + 2 * DAY);
                    evs.push(ev(
                        t,
                        EventKind::AssistanceRequest,
                        Some(o),
                        Some(helper),
                        "",
                    ));
                }
            }
            // Mutual legal assistance, victim to origin.
            if let Some(&v) = victims.first() {
                if self.rng.random_bool(0.35) {
                    let t = start + delay(&mut self.rng, DAY, 60 * DAY);
                    self.mla(t, v, o, evs);
                }
                if self.rng.random_bool(0.04) {
                    let t = span.end.unwrap_or(start) + delay(&mut self.rng, 30 * DAY, 365 * DAY);
                    evs.push(ev(t, EventKind::Compensation, Some(o), Some(v), ""));
                }
                // RESP-SATISFACTION: an acknowledgement or regret.
                if self.rng.random_bool(0.04) {
                    let t = span.end.unwrap_or(start) + delay(&mut self.rng, 10 * DAY, 365 * DAY);
                    let d = pick(&mut self.rng, &SATISFACTION_DETAILS);
                    evs.push(ev(t, EventKind::Satisfaction, Some(o), Some(v), d));
                }
                if self.rng.random_bool(0.06) {
                    let t = start + delay(&mut self.rng, 5 * DAY, 120 * DAY);
                    evs.push(ev(t, EventKind::CmNotice, Some(v), Some(o), ""));
                }
            }
        }
        // MLA to a third state that may hold evidence (needs no origin).
        if let Some(&v) = victims.first() {
            if self.rng.random_bool(0.05) {
                let third = self.other_state(&avoid);
                let t = start + delay(&mut self.rng, DAY, 60 * DAY);
                self.mla(t, v, third, evs);
            }
            // Third-state threat intelligence.
            if self.rng.random_bool(0.05) {
                let third = self.other_state(&avoid);
                let t = start + delay(&mut self.rng, HOUR, 10 * DAY) - 5 * DAY;
                evs.push(ev(t, EventKind::Warning, Some(third), Some(v), ""));
            }
        }
        // Official concerns, by a victim or a third state (never an origin).
        for p in [0.3, 0.15] {
            if !self.rng.random_bool(p) {
                break;
            }
            let by = if !victims.is_empty() && self.rng.random_bool(0.5) {
                victims[self.rng.random_range(0..victims.len())]
            } else {
                self.other_state(&avoid)
            };
            let to = if !origins.is_empty() && self.rng.random_bool(0.6) {
                Some(origins[self.rng.random_range(0..origins.len())].0)
            } else {
                None
            };
            if Some(by) == to || origins.iter().any(|o| o.0 == by) {
                continue;
            }
            let t = start + delay(&mut self.rng, DAY, 45 * DAY);
            evs.push(ev(t, EventKind::Concern, Some(by), to, ""));
        }
    }

    fn measure(&mut self, cap: usize) -> &'static str {
        let w: Vec<u32> = MEASURES.iter().map(|m| m.1[cap]).collect();
        MEASURES[pick_idx(&mut self.rng, &w)].0.as_str()
    }

    /// An MLA request from `from` to `to` at `t`, and (80%) its response: half within 72 h,
    /// a quarter later but within the MLA answer window (720 h), a quarter after it (late).
    fn mla(&mut self, t: i64, from: u32, to: u32, evs: &mut Vec<Ev>) {
        evs.push(ev(t, EventKind::MlaRequest, Some(from), Some(to), ""));
        if let Some(outcome) = pick(&mut self.rng, &MLA_OUTCOMES) {
            let rt = match self.rng.random_range(0..4) {
                0 | 1 => t + delay(&mut self.rng, HOUR, WINDOW - HOUR),
                2 => t + delay(&mut self.rng, WINDOW + HOUR, MLA_WINDOW - HOUR),
                _ => t + delay(&mut self.rng, MLA_WINDOW + HOUR, 120 * DAY),
            };
            evs.push(ev(
                rt,
                EventKind::MlaResponse,
                Some(to),
                Some(from),
                outcome.as_str(),
            ));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn response(
        &mut self,
        incident: u64,
        start: i64,
        origins: &[(u32, Link)],
        targets: &[(u32, Sector)],
        victims: &[u32],
        perps: &[u32],
        evs: &mut Vec<Ev>,
        out: &mut Sink,
    ) -> io::Result<()> {
        let victim = if victims.is_empty() {
            targets[0].0
        } else {
            victims[self.rng.random_range(0..victims.len())]
        };
        let (by, on_behalf_of) = if self.rng.random_bool(0.8) {
            (victim, None)
        } else {
            let mut avoid: Vec<u32> = origins.iter().map(|o| o.0).collect();
            avoid.push(victim);
            let third = self.other_state(&avoid);
            (third, self.rng.random_bool(0.7).then_some(victim))
        };
        enum Against {
            State(u32),
            Actor(u32),
        }
        let against = match self.rng.random_range(0..100) {
            0..75 if !origins.is_empty() => {
                Against::State(origins[self.rng.random_range(0..origins.len())].0)
            }
            75..87 if !perps.is_empty() => {
                Against::Actor(perps[self.rng.random_range(0..perps.len())])
            }
            75..90 => Against::Actor(self.rng.random_range(0..self.actor_kind.len() as u32)),
            _ => Against::State(self.other_state(&[by, victim])),
        };
        let t = if self.rng.random_bool(0.1) {
            start + delay(&mut self.rng, HOUR, 3 * DAY)
        } else {
            start + delay(&mut self.rng, 3 * DAY, 180 * DAY)
        };
        let means = pick(&mut self.rng, &MEANS);
        let severity = pick(&mut self.rng, &RESPONSE_SEVERITIES);
        let uses_force = self
            .rng
            .random_bool(if means == Means::Cyber { 0.1 } else { 0.01 });
        let reversible = self.rng.random_bool(0.85);
        let urgent = self.rng.random_bool(0.2);
        if let Against::State(s) = against {
            if s != by && self.rng.random_bool(0.55) {
                let from = match on_behalf_of {
                    Some(v) if self.rng.random_bool(0.3) => v,
                    _ => by,
                };
                let nt = t - delay(&mut self.rng, HOUR, 14 * DAY);
                evs.push(ev(nt, EventKind::CmNotice, Some(from), Some(s), ""));
            }
        }
        // responses.csv: id,time,by,against,incident,means,severity,uses_force,reversible,urgent,on_behalf_of
        out.id(Id::Response(self.next_response))
            .time(t)
            .id(Id::State(by));
        self.next_response += 1;
        match against {
            Against::State(s) => out.id(Id::State(s)),
            Against::Actor(a) => out.id(Id::Actor(a)),
        };
        out.id(Id::Incident(incident))
            .str(means.as_str())
            .str(severity.as_str())
            .bool(uses_force)
            .bool(reversible)
            .bool(urgent)
            .opt_id(on_behalf_of.map(Id::State));
        out.end()
    }
}

struct IncidentSpan {
    start: i64,
    end: Option<i64>,
    imminent: bool,
}

fn ev(t: i64, kind: EventKind, by: Option<u32>, to: Option<u32>, detail: &'static str) -> Ev {
    Ev {
        t,
        kind,
        by,
        to,
        detail,
    }
}

fn vector_is_cyber(v: Vector) -> bool {
    !matches!(
        v,
        Vector::SocialEngineering | Vector::HumanError | Vector::Content
    )
}

fn vector_label(v: Vector) -> &'static str {
    match v {
        Vector::Exploit => "Exploitation",
        Vector::Malware => "Malware",
        Vector::Ransomware => "Ransomware",
        Vector::Ddos => "DDoS",
        Vector::SupplyChain => "Supply-chain compromise",
        Vector::Intrusion => "Intrusion",
        Vector::SocialEngineering => "Social engineering",
        Vector::HumanError => "Human error",
        Vector::Content => "Disinformation",
    }
}

fn sector_label(s: Sector) -> &'static str {
    match s {
        Sector::Government => "government",
        Sector::Parliament => "parliament",
        Sector::Elections => "elections",
        Sector::LawEnforcement => "law enforcement",
        Sector::Military => "military",
        Sector::InternationalOrg => "international organisation",
        Sector::Energy => "energy",
        Sector::Water => "water",
        Sector::Health => "health",
        Sector::Finance => "finance",
        Sector::Telecom => "telecom",
        Sector::Transport => "transport",
        Sector::Food => "food",
        Sector::EmergencyServices => "emergency services",
        Sector::PublicCore => "public core",
        Sector::Industry => "industry",
        Sector::Private => "private sector",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for z in [-1, 0, 1, 10_957, 13_514, 20_088, 20_453] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn time_format_matches_schema() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Sink::create(dir.path(), InputFile::Events).unwrap();
        let t = minutes(2021, 5, 7) + 14 * HOUR + 30;
        s.time(t);
        let text = String::from_utf8(s.buf.clone()).unwrap();
        let line = text.lines().nth(1).unwrap();
        assert_eq!(line, "2021-05-07T14:30Z");
        let parsed = crate::facts::Time::parse(line).unwrap();
        assert_eq!(parsed.0, t * 60);
    }

    #[test]
    fn ids_are_padded() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Sink::create(dir.path(), InputFile::Perpetrators).unwrap();
        s.id(Id::Incident(0)).id(Id::Actor(41));
        let text = String::from_utf8(s.buf.clone()).unwrap();
        assert_eq!(text.lines().nth(1).unwrap(), "I0000001,A000042");
    }
}
