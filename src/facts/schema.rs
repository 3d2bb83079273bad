//! The input schema: interned ids, closed value sets (enums), times and the typed rows of
//! every input file of `../shared/spec/data-model.md`.
//!
//! Every enum spells its values exactly as the data model does (`snake_case`), so parsing,
//! printing and error messages ("expected one of …") all come from one definition.

use std::fmt;

use strum::{Display, EnumIter, EnumString, IntoStaticStr};

macro_rules! id_newtype {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub u32);
        impl $name {
            /// The index of this id in its interner.
            pub fn index(self) -> usize { self.0 as usize }
        }
    )*};
}

id_newtype!(
    /// A state (`states.csv`), interned.
    StateId,
    /// An incident (`incidents.csv`), interned.
    IncidentId,
    /// A non-state or state actor (`actors.csv`), interned.
    ActorId,
    /// A candidate response (`responses.csv`), interned.
    ResponseId,
    /// A vulnerability (`vulnerabilities.csv`), interned.
    VulnId,
    /// A campaign id (`incidents.csv` column `campaign`), interned.
    CampaignId,
);

/// A point in time, in seconds since the Unix epoch, UTC.
///
/// Parsed from ISO 8601 (`2021-05-07`, `2021-05-07T14:30Z`, `2021-05-07T14:30+02:00`) and
/// printed as `2021-05-07T14:30Z` (seconds only when they are not zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Time(pub i64);

impl Time {
    /// Later than any time in a dataset: the end of an operation that is still ongoing.
    pub const NEVER: Time = Time(i64::MAX);
    /// Earlier than any time in a dataset: an institution in force "always".
    pub const ALWAYS: Time = Time(i64::MIN);

    /// 1000-01-01T00:00Z: from here to [`Time::YEAR_10000`] times print with a four-digit
    /// year, so their printed order is their order in time, but for seconds (see
    /// [`Time::print_order`]).
    pub const YEAR_1000: i64 = -30_610_224_000;
    /// 10000-01-01T00:00Z (excluded).
    pub const YEAR_10000: i64 = 253_402_300_800;

    /// A key whose order is the order of the printed times, for times in
    /// `YEAR_1000..YEAR_10000` (`None` outside): printed times differ first in the minute;
    /// within a minute `…:MM:SSZ` (seconds 1-59, in order) sorts before `…:MMZ` (second 0),
    /// as `:` comes before `Z`. [`Time::from_print_order`] inverts it.
    pub fn print_order(self) -> Option<u64> {
        if !(Time::YEAR_1000..Time::YEAR_10000).contains(&self.0) {
            return None;
        }
        let t = (self.0 - Time::YEAR_1000) as u64;
        let (minute, second) = (t / 60, t % 60);
        Some(minute * 60 + if second == 0 { 59 } else { second - 1 })
    }

    /// The time of a [`Time::print_order`] key.
    pub fn from_print_order(key: u64) -> Time {
        let (minute, r) = (key / 60, key % 60);
        let second = if r == 59 { 0 } else { r + 1 };
        Time((minute * 60 + second) as i64 + Time::YEAR_1000)
    }

    /// Parses an ISO 8601 date or date-time; a date alone is read as 00:00 UTC.
    pub fn parse(text: &str) -> Result<Time, String> {
        Time::parse_trimmed(text.trim())
    }

    /// [`Time::parse`] of a text already trimmed (the loader trims every value once).
    pub(crate) fn parse_trimmed(text: &str) -> Result<Time, String> {
        if let Ok(ts) = text.parse::<jiff::Timestamp>() {
            return Ok(Time(ts.as_second()));
        }
        match text.parse::<jiff::civil::Date>() {
            Ok(date) if text.len() <= 10 => date
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map(|z| Time(z.timestamp().as_second()))
                .map_err(|e| format!("invalid date `{text}`: {e}")),
            _ => Err(format!(
                "invalid time `{text}`: expected ISO 8601 like `2021-05-07`, `2021-05-07T14:30Z` or `2021-05-07T14:30+02:00`"
            )),
        }
    }

    /// This time plus a number of hours (saturating).
    pub fn plus_hours(self, hours: u32) -> Time {
        Time(self.0.saturating_add(i64::from(hours) * 3600))
    }

    /// True for the sentinels [`Time::NEVER`] and [`Time::ALWAYS`].
    pub fn is_sentinel(self) -> bool {
        self == Time::NEVER || self == Time::ALWAYS
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_sentinel() {
            return Ok(());
        }
        match jiff::Timestamp::from_second(self.0) {
            // Years 1000-9999 (every real date): jiff does the calendar, we only place the
            // digits (`strftime` re-reads its format on every call and goes through the
            // formatting machinery; this prints the same, which `tests/output_order.rs`
            // checks against `strftime`).
            Ok(ts) if (Time::YEAR_1000..Time::YEAR_10000).contains(&self.0) => {
                let d = jiff::tz::Offset::UTC.to_datetime(ts);
                let mut b = *b"0000-00-00T00:00:00Z";
                let digits = |b: &mut [u8], n: i32| {
                    let mut n = n.unsigned_abs();
                    for c in b.iter_mut().rev() {
                        *c = b'0' + (n % 10) as u8;
                        n /= 10;
                    }
                };
                digits(&mut b[0..4], d.year().into());
                digits(&mut b[5..7], d.month().into());
                digits(&mut b[8..10], d.day().into());
                digits(&mut b[11..13], d.hour().into());
                digits(&mut b[14..16], d.minute().into());
                let end = match d.second() {
                    0 => {
                        b[16] = b'Z';
                        17
                    }
                    s => {
                        digits(&mut b[17..19], s.into());
                        20
                    }
                };
                f.write_str(std::str::from_utf8(&b[..end]).map_err(|_| fmt::Error)?)
            }
            Ok(ts) => {
                let s = ts.strftime(if self.0 % 60 == 0 {
                    "%Y-%m-%dT%H:%MZ"
                } else {
                    "%Y-%m-%dT%H:%M:%SZ"
                });
                write!(f, "{s}")
            }
            Err(_) => write!(f, "@{}", self.0),
        }
    }
}

macro_rules! value_enum {
    ($($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident),* $(,)? })*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
                 Display, EnumString, EnumIter, IntoStaticStr)]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),* }
        impl $name {
            /// The value as spelled in CSV files and output.
            pub fn as_str(self) -> &'static str { self.into() }
            /// Every allowed value, comma separated, for error messages.
            pub fn expected() -> String {
                <Self as strum::IntoEnumIterator>::iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }
    )*};
}

value_enum! {
    /// `institutions.csv` `institution`.
    Institution { Cert, PointOfContact, CybercrimeLaw, ProceduralLaw, HrSafeguards, Monitoring, CiProtection, Vep }
    /// `institutions.csv` `status`: in force from `since`, or documented as lacking from
    /// `since` (a missing row means "not documented", never "absent").
    InstitutionStatus { InForce, Absent }
    /// `incidents.csv` `vector`: how the harm was caused (HARM-1, HARM-2).
    Vector { Exploit, Malware, Ransomware, Ddos, SupplyChain, Intrusion, SocialEngineering, HumanError, Content }
    /// `incidents.csv` `effect` (HARM-3).
    Effect { Confidentiality, Functionality, Physical }
    /// `incidents.csv` and `responses.csv` `severity`, ordered.
    Severity { Low, Moderate, High, Severe }
    /// `incidents.csv` `scale`.
    Scale { Targeted, Broad, Mass }
    /// `incidents.csv` `outcome`: the operation took effect, or was stopped before its
    /// effect (HARM-FOILED).
    Outcome { Occurred, Foiled }
    /// `targets.csv` `sector`.
    Sector { Government, Parliament, Elections, LawEnforcement, Military, InternationalOrg, Energy, Water,
             Health, Finance, Telecom, Transport, Food, EmergencyServices, PublicCore, Industry, Private }
    /// `origins.csv` `link` (LINK-1).
    Link { Territory, Jurisdiction, Control }
    /// `actors.csv` `kind`.
    ActorKind { StateOrgan, Proxy, CriminalGroup, Company, Individual }
    /// `control.csv` `kind` (ATTR-CONTROL).
    ControlKind { Instruction, Direction, EffectiveControl, Support }
    /// `events.csv` `kind`.
    EventKind { Notification, AssistanceRequest, Detection, PublicReport, Measure, Warning,
                MlaRequest, MlaResponse, Concern, CmNotice, Compensation, Satisfaction }
    /// `events.csv` `detail` of a `measure` event (CAP-1).
    MeasureKind { Takedown, Block, Investigate, Arrest, Prosecute, Respond }
    /// `events.csv` `detail` of an `mla_response` event (BREACH-MLA).
    MlaOutcome { Granted, RefusedWithReasons, Refused }
    /// `responses.csv` `means` (CM-*).
    Means { Cyber, Economic, Diplomatic, Retorsion }
    /// `cyber_harm` `degree` (HARM-3).
    Degree { Intrusive, Disruptive, Destructive }
    /// `knows` `basis` (KNOW-*).
    Basis { Notice, Detection, Constructive }
    /// The legal status of a rule or conclusion, weakest first: `lex_ferenda` < `emerging` < `lex_lata`.
    Status { LexFerenda, Emerging, LexLata }
    /// The kinds of state responsibility consequence (RESP-CESSATION, RESP-COMPENSATION,
    /// RESP-SATISFACTION).
    ConsequenceKind { Cessation, Compensation, Satisfaction }
    /// The basis of a wrongful act (RESP-1).
    WrongBasis { Negligence, Conduct }
}

/// `states.csv` `capacity`: the state's technical and institutional capacity (CAP-1), ordered
/// `undocumented` < `low` < `medium` < `high`.
///
/// `Undocumented` is what an empty value (or a file without the column) means: the dataset
/// does not say. It is never written as a value and is not accepted as one. No measure is
/// feasible for it under any table (CAP-1: negligence cannot be shown without knowing what
/// the state could do), and it is not medium or high (CAP-2: INST-KNOWLEDGE and INST-CI do
/// not bind). An imported dataset leaves capacity undocumented unless the user supplies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Capacity {
    /// Not documented in the dataset (an empty value).
    Undocumented,
    Low,
    Medium,
    High,
}

impl Capacity {
    /// The values one may write, in order.
    pub const WRITABLE: [Capacity; 3] = [Capacity::Low, Capacity::Medium, Capacity::High];
    /// The value as spelled in CSV files and output (`undocumented` only in output).
    pub fn as_str(self) -> &'static str {
        match self {
            Capacity::Undocumented => "undocumented",
            Capacity::Low => "low",
            Capacity::Medium => "medium",
            Capacity::High => "high",
        }
    }
    /// Every value one may write, comma separated, for error messages.
    pub fn expected() -> String {
        Capacity::WRITABLE.map(Capacity::as_str).join(", ")
    }
}

impl fmt::Display for Capacity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Capacity {
    type Err = strum::ParseError;
    /// `low`, `medium` or `high`; `undocumented` is not a value one writes (leave it empty).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Capacity::WRITABLE
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(strum::ParseError::VariantNotFound)
    }
}

/// The `detail` of an event, typed where the data model gives it a closed value set.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Detail {
    /// No detail given.
    None,
    /// Free text (notifications, public reports, …).
    Text(String),
    /// The measure taken (`measure` events).
    Measure(MeasureKind),
    /// The answer given (`mla_response` events).
    Mla(MlaOutcome),
}

/// What a response is taken against: a state, or a non-state actor (CM-STATE-TARGET).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Against {
    /// A state id of `states.csv`.
    State(StateId),
    /// An actor id of `actors.csv`.
    Actor(ActorId),
}

/// `states.csv`: `id, name, capacity` (`capacity` empty: [`Capacity::Undocumented`]).
#[derive(Clone, Debug, PartialEq)]
pub struct StateRow {
    pub id: StateId,
    pub name: String,
    pub capacity: Capacity,
}
/// `institutions.csv`: `state, institution, since, status` (`since` empty: always;
/// `status` empty: `in_force`).
#[derive(Clone, Debug, PartialEq)]
pub struct InstitutionRow {
    pub state: StateId,
    pub institution: Institution,
    pub since: Option<Time>,
    pub status: InstitutionStatus,
}
/// `incidents.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentRow {
    pub id: IncidentId,
    pub title: String,
    pub start: Time,
    pub end: Option<Time>,
    pub vector: Vector,
    pub effect: Effect,
    pub severity: Severity,
    pub scale: Scale,
    pub casualties: u64,
    pub loss_usd: u64,
    pub campaign: Option<CampaignId>,
    pub source: String,
    pub outcome: Outcome,
}
/// `targets.csv`: `incident, state, sector`.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetRow {
    pub incident: IncidentId,
    pub state: StateId,
    pub sector: Sector,
}
/// `origins.csv`: `incident, state, link`.
#[derive(Clone, Debug, PartialEq)]
pub struct OriginRow {
    pub incident: IncidentId,
    pub state: StateId,
    pub link: Link,
}
/// `actors.csv`: `id, name, kind, state`.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorRow {
    pub id: ActorId,
    pub name: String,
    pub kind: ActorKind,
    pub state: Option<StateId>,
}
/// `perpetrators.csv`: `incident, actor`.
#[derive(Clone, Debug, PartialEq)]
pub struct PerpetratorRow {
    pub incident: IncidentId,
    pub actor: ActorId,
}
/// `control.csv`: `controller, controlled, kind`.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlRow {
    pub controller: ActorId,
    pub controlled: ActorId,
    pub kind: ControlKind,
}
/// `events.csv`: `time, kind, by, to, incident, detail`.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    pub time: Time,
    pub kind: EventKind,
    pub by: Option<StateId>,
    pub to: Option<StateId>,
    pub incident: IncidentId,
    pub detail: Detail,
}
/// `vulnerabilities.csv`: `id, product, known_by, since, disclosed`.
#[derive(Clone, Debug, PartialEq)]
pub struct VulnRow {
    pub id: VulnId,
    pub product: String,
    pub known_by: StateId,
    pub since: Time,
    pub disclosed: Option<Time>,
}
/// `responses.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseRow {
    pub id: ResponseId,
    pub time: Time,
    pub by: StateId,
    pub against: Against,
    pub incident: IncidentId,
    pub means: Means,
    pub severity: Severity,
    pub uses_force: bool,
    pub reversible: bool,
    pub urgent: bool,
    pub on_behalf_of: Option<StateId>,
}
