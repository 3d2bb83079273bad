//! The input schema's types: interned ids, closed value sets (enums) and times, of which
//! the input files' descriptions ([`files`](super::files)) are made.
//!
//! Every enum spells its values exactly as the data model does (`snake_case`), so parsing,
//! printing and error messages ("expected one of …") all come from one definition.

use std::fmt;

use strum::{Display, EnumIter, EnumString, IntoStaticStr};

use super::describe::{Cell, Field, IdKind, ValueSet};

macro_rules! id_newtype {
    ($($(#[$doc:meta])* $name:ident = $kind:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub u32);
        impl $name {
            /// The index of this id in its interner.
            pub fn index(self) -> usize { self.0 as usize }
            /// The kind of id.
            pub const KIND: IdKind = IdKind::$kind;
        }
        impl Field for $name {
            fn from_cell(cell: &Cell<'_>) -> Option<Self> {
                match cell {
                    Cell::Id(kind, i) if *kind == Self::KIND => Some($name(*i)),
                    _ => None,
                }
            }
            fn set_id(&mut self, id: u32) {
                self.0 = id;
            }
        }
    )*};
}

id_newtype!(
    /// A state (`states.csv`), interned.
    StateId = State,
    /// An incident (`incidents.csv`), interned.
    IncidentId = Incident,
    /// A non-state or state actor (`actors.csv`), interned.
    ActorId = Actor,
    /// A candidate response (`responses.csv`), interned.
    ResponseId = Response,
    /// A vulnerability (`vulnerabilities.csv`), interned.
    VulnId = Vulnerability,
    /// A campaign id (`incidents.csv` column `campaign`), interned.
    CampaignId = Campaign,
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
    ($($(#[doc = $doc:literal])* $name:ident { $($(#[$vdoc:meta])* $variant:ident),* $(,)? })*) => {$(
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
                 Display, EnumString, EnumIter, IntoStaticStr)]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),* }
        impl $name {
            /// The value as spelled in CSV files and output.
            pub fn as_str(self) -> &'static str { self.into() }
            /// Every allowed value, comma separated, for error messages.
            pub fn expected() -> String {
                Self::SET.expected()
            }
            /// Every value, in order (a value's position is `value as usize`).
            pub const VARIANTS: &'static [$name] = &[$($name::$variant),*];
            /// The set of values, as the input files' descriptions name it.
            pub const SET: ValueSet = ValueSet {
                name: stringify!($name),
                doc: concat!($($doc, "\n"),*),
                values: || Self::VARIANTS.iter().map(|v| v.as_str()).collect(),
                parse: |s| s.parse::<$name>().ok().map(|v| v as u8),
            };
        }
        impl Field for $name {
            fn from_cell(cell: &Cell<'_>) -> Option<Self> {
                match cell {
                    // Which set the value is of is checked in debug builds only: comparing
                    // sets for every value costs several percent of loading.
                    Cell::Choice(set, k) => {
                        debug_assert!(**set == Self::SET, "a value of {} read as {}", set.name, Self::SET.name);
                        Self::VARIANTS.get(usize::from(*k)).copied()
                    }
                    _ => None,
                }
            }
        }
    )*};
}

value_enum! {
    /// `institutions.csv` `institution`.
    Institution {
        /// A computer emergency response team (KNOW-CONSTRUCTIVE, INST-KNOWLEDGE, INST-POC).
        Cert,
        /// A point of contact for international incidents (INST-POC).
        PointOfContact,
        /// Legislation criminalizing the core cyber offences (INST-CRIMINALIZE).
        CybercrimeLaw,
        /// Investigative powers for cyber offences (INST-PROCEDURE).
        ProceduralLaw,
        /// Human-rights safeguards on those powers (best practice under INST-PROCEDURE).
        HrSafeguards,
        /// A capability to monitor the state's networks (KNOW-CONSTRUCTIVE, INST-KNOWLEDGE).
        Monitoring,
        /// A protection regime for critical infrastructure (INST-CI).
        CiProtection,
        /// A vulnerability equities process (recorded; no rule reads it yet).
        Vep,
    }
    /// `institutions.csv` `status`: in force from `since`, or documented as lacking from
    /// `since` (a missing row means "not documented", never "absent").
    InstitutionStatus {
        /// In force from `since`.
        InForce,
        /// Documented as lacking from `since`.
        Absent,
    }
    /// `incidents.csv` `vector`: how the harm was caused (HARM-1, HARM-2).
    Vector {
        /// Exploitation of a software or hardware vulnerability.
        Exploit,
        /// Malicious software.
        Malware,
        /// Ransomware (SIG-ECONOMIC's ransomware branch).
        Ransomware,
        /// A distributed denial of service.
        Ddos,
        /// A compromise of a supplier (DUTY-SUPPLY-CHAIN).
        SupplyChain,
        /// Unauthorised access to a system.
        Intrusion,
        /// Deceiving people (no cyber harm by itself, HARM-2).
        SocialEngineering,
        /// A mistake of the victim's own staff (no cyber harm by itself, HARM-2).
        HumanError,
        /// Harm through information alone, e.g. disinformation (no cyber harm, HARM-2).
        Content,
    }
    /// `incidents.csv` `effect` (HARM-3).
    Effect {
        /// Data read or taken: intrusive harm (HARM-3).
        Confidentiality,
        /// Systems disrupted: disruptive harm (HARM-3).
        Functionality,
        /// Physical damage or injury: destructive harm (HARM-3).
        Physical,
    }
    /// `incidents.csv` and `responses.csv` `severity`, ordered.
    Severity {
        /// Low.
        Low,
        /// Moderate.
        Moderate,
        /// High.
        High,
        /// Severe (SIG-FORCE with destructive harm).
        Severe,
    }
    /// `incidents.csv` `scale`.
    Scale {
        /// Aimed at a few chosen victims.
        Targeted,
        /// Many victims.
        Broad,
        /// Indiscriminate, e.g. mass surveillance (SIG-ESPIONAGE).
        Mass,
    }
    /// `incidents.csv` `outcome`: the operation took effect, or was stopped before its
    /// effect (HARM-FOILED).
    Outcome {
        /// The operation took effect.
        Occurred,
        /// The operation was stopped before its effect (HARM-FOILED).
        Foiled,
    }
    /// `targets.csv` `sector`.
    Sector {
        /// The executive (domaine réservé, SIG-INTERVENTION).
        Government,
        /// The legislature (domaine réservé).
        Parliament,
        /// Elections and their infrastructure (domaine réservé).
        Elections,
        /// Police and justice (domaine réservé).
        LawEnforcement,
        /// The armed forces.
        Military,
        /// An international organisation (SIG-ESPIONAGE).
        InternationalOrg,
        /// Energy supply (critical infrastructure, SIG-CI).
        Energy,
        /// Water supply (critical infrastructure).
        Water,
        /// Health care (critical infrastructure).
        Health,
        /// Banking and finance (critical infrastructure; domaine réservé from high severity).
        Finance,
        /// Telecommunications (critical infrastructure).
        Telecom,
        /// Transport (critical infrastructure).
        Transport,
        /// Food supply (critical infrastructure).
        Food,
        /// Emergency services (critical infrastructure).
        EmergencyServices,
        /// The public core of the internet (SIG-PUBLIC-CORE).
        PublicCore,
        /// Private industry (intellectual property and trade secrets, SIG-ECONOMIC).
        Industry,
        /// Other private victims.
        Private,
    }
    /// `origins.csv` `link` (LINK-1).
    Link {
        /// The operation was conducted from the state's territory (LINK-1).
        Territory,
        /// It was conducted by persons under the state's jurisdiction (LINK-1).
        Jurisdiction,
        /// It was conducted from infrastructure under the state's control (LINK-1).
        Control,
    }
    /// `actors.csv` `kind`.
    ActorKind {
        /// An organ of a state (ATTR-ORGAN).
        StateOrgan,
        /// A non-state group acting for a state (ATTR-CONTROL).
        Proxy,
        /// A criminal group.
        CriminalGroup,
        /// A company.
        Company,
        /// A single person.
        Individual,
    }
    /// `control.csv` `kind` (ATTR-CONTROL).
    ControlKind {
        /// Acting on the controller's instructions (ATTR-CONTROL).
        Instruction,
        /// Acting under its direction (ATTR-CONTROL).
        Direction,
        /// Under its effective control (ATTR-CONTROL).
        EffectiveControl,
        /// Mere support, e.g. funding or safe haven: not control.
        Support,
    }
    /// `events.csv` `kind`.
    EventKind {
        /// A state notifies another of an operation (KNOW-NOTICE).
        Notification,
        /// A state asks another for assistance (KNOW-NOTICE, CAP-3).
        AssistanceRequest,
        /// A state detects an operation itself (KNOW-DETECT).
        Detection,
        /// The operation is reported publicly (KNOW-CONSTRUCTIVE).
        PublicReport,
        /// A state takes a measure against an operation (BREACH-ACTION).
        Measure,
        /// A state warns a victim (DUTY-NOTIFY).
        Warning,
        /// A request for mutual legal assistance (DUTY-MLA).
        MlaRequest,
        /// An answer to such a request (BREACH-MLA).
        MlaResponse,
        /// A state voices concern about an operation (SIG-CONCERN, KNOW-NOTICE).
        Concern,
        /// A notice of countermeasures (CM-NOTICE).
        CmNotice,
        /// Compensation paid (RESP-COMPENSATION).
        Compensation,
        /// Satisfaction given, e.g. an acknowledgement or regret (RESP-SATISFACTION).
        Satisfaction,
    }
    /// `events.csv` `detail` of a `measure` event (CAP-1).
    MeasureKind {
        /// Taking down the infrastructure used.
        Takedown,
        /// Blocking its traffic.
        Block,
        /// Opening an investigation.
        Investigate,
        /// Arresting those responsible.
        Arrest,
        /// Prosecuting them.
        Prosecute,
        /// Another response to the incident.
        Respond,
    }
    /// `events.csv` `detail` of an `mla_response` event (BREACH-MLA).
    MlaOutcome {
        /// The request was granted (a compliant answer).
        Granted,
        /// Refused with reasons (a compliant answer).
        RefusedWithReasons,
        /// Refused without reasons (not compliant, BREACH-MLA).
        Refused,
    }
    /// `responses.csv` `means` (CM-*).
    Means {
        /// A cyber operation in response.
        Cyber,
        /// Economic measures.
        Economic,
        /// Diplomatic measures.
        Diplomatic,
        /// An unfriendly but lawful act: no countermeasure, never judged by CM-*.
        Retorsion,
    }
    /// `cyber_harm` `degree` (HARM-3).
    Degree {
        /// Confidentiality effects.
        Intrusive,
        /// Functionality effects.
        Disruptive,
        /// Physical effects.
        Destructive,
    }
    /// `knows` `basis` (KNOW-*).
    Basis {
        /// Told by another state (KNOW-NOTICE).
        Notice,
        /// Found out itself (KNOW-DETECT).
        Detection,
        /// Should have known: a public report and means of knowledge (KNOW-CONSTRUCTIVE).
        Constructive,
    }
    /// The legal status of a rule or conclusion, weakest first: `lex_ferenda` < `emerging` < `lex_lata`.
    Status {
        /// Law as it should be: a recommendation.
        LexFerenda,
        /// Emerging law: a concern.
        Emerging,
        /// Law in force: a breach.
        LexLata,
    }
    /// The kinds of state responsibility consequence (RESP-CESSATION, RESP-COMPENSATION,
    /// RESP-SATISFACTION).
    ConsequenceKind {
        /// Cessation of a continuing wrongful act (RESP-CESSATION).
        Cessation,
        /// Compensation for harm caused (RESP-COMPENSATION).
        Compensation,
        /// Satisfaction where there is no compensation claim (RESP-SATISFACTION).
        Satisfaction,
    }
    /// The basis of a wrongful act (RESP-1).
    WrongBasis {
        /// A breach of a due diligence duty (negligent).
        Negligence,
        /// The state's own conduct (NEG-1, DUTY-SUPPLY-CHAIN).
        Conduct,
    }
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
    /// Low: no measure is presumed feasible unless the table says so; CAP-3 applies.
    Low,
    /// Medium: INST-KNOWLEDGE and INST-CI bind (CAP-2).
    Medium,
    /// High: INST-KNOWLEDGE and INST-CI bind (CAP-2).
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

impl Capacity {
    /// The values one may write, as the input files' descriptions name them (`undocumented`
    /// is not one: it is what an empty value means).
    pub const SET: ValueSet = ValueSet {
        name: "Capacity",
        doc: "`states.csv` `capacity`: the state's technical and institutional capacity \
              (CAP-1), ordered `low` < `medium` < `high`.",
        values: || Capacity::WRITABLE.iter().map(|v| v.as_str()).collect(),
        parse: |s| {
            Capacity::WRITABLE
                .iter()
                .position(|c| c.as_str() == s)
                .map(|k| k as u8)
        },
    };
}

impl Field for Capacity {
    fn from_cell(cell: &Cell<'_>) -> Option<Self> {
        match cell {
            Cell::Absent => Some(Capacity::Undocumented),
            Cell::Choice(set, k) => {
                debug_assert!(
                    **set == Self::SET,
                    "a value of {} read as Capacity",
                    set.name
                );
                Capacity::WRITABLE.get(usize::from(*k)).copied()
            }
            _ => None,
        }
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

impl Field for Detail {
    fn from_cell(cell: &Cell<'_>) -> Option<Self> {
        match cell {
            Cell::Absent => Some(Detail::None),
            Cell::Text(s) => Some(Detail::Text((*s).to_owned())),
            Cell::Choice(set, _) if **set == MeasureKind::SET => {
                MeasureKind::from_cell(cell).map(Detail::Measure)
            }
            Cell::Choice(set, _) if **set == MlaOutcome::SET => {
                MlaOutcome::from_cell(cell).map(Detail::Mla)
            }
            _ => None,
        }
    }
}

impl Field for Against {
    fn from_cell(cell: &Cell<'_>) -> Option<Self> {
        match cell {
            Cell::Id(IdKind::State, i) => Some(Against::State(StateId(*i))),
            Cell::Id(IdKind::Actor, i) => Some(Against::Actor(ActorId(*i))),
            _ => None,
        }
    }
}
