//! The types shared by every program the rule macro generates: relation and clause
//! metadata, values (for printing any column of any relation), and the steps and failures
//! the generated matchers report to a [`Visitor`].
//!
//! A matcher runs one clause top-down over the final model with the head given. Each
//! positive premise it finds, each negated premise it checks absent and each guard that
//! holds is pushed on a stack of [`Step`]s; a complete match calls [`Visitor::matched`]
//! (that stack is one derivation: a proof step), and a step that cannot be satisfied calls
//! [`Visitor::failed`] (that is what why-not reports).

use std::collections::HashMap;
use std::fmt;

use rustc_hash::FxBuildHasher;

use crate::facts::*;
use crate::profile::{Params, Sovereignty};
use crate::rules::catalogue::RuleId;

/// A lazily built hash index: bound columns → positions in the relation's vector.
pub type Index<K> = HashMap<K, Vec<u32>, FxBuildHasher>;

/// What is known of a relation: its output name, columns and documentation.
#[derive(Debug)]
pub struct RelMeta {
    /// The relation's name (`snake_case`), as in the data model for output relations.
    pub name: &'static str,
    /// Column names, in order.
    pub columns: &'static [&'static str],
    /// True for relations loaded from the input files.
    pub input: bool,
    /// The relation's documentation.
    pub doc: &'static str,
}

impl PartialEq for RelMeta {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

/// One step of a clause body, as written.
#[derive(Debug)]
pub enum BodyMeta {
    /// A positive premise.
    Premise {
        /// Its relation.
        rel: &'static RelMeta,
        /// The atom as written in the rule program.
        text: &'static str,
        /// The variable of each column (`None`: `_` or an expression).
        vars: &'static [Option<&'static str>],
    },
    /// A negated premise (`!R(..)`): checked absent.
    Absent {
        /// Its relation.
        rel: &'static RelMeta,
        /// The atom as written (without the `!`).
        text: &'static str,
    },
    /// A guard `(..)` or binding `let ..`, with what it says for a person (the clause's
    /// `#[guard("holds", "fails")]`; see [`crate::explain::argument`]).
    Guard {
        /// The code.
        text: &'static str,
        /// The sentence when it holds (empty: none written).
        holds: &'static str,
        /// The sentence when it fails (empty: none written).
        fails: &'static str,
        /// The clause variables it reads.
        reads: &'static [&'static str],
        /// False for a binding that cannot fail (`let x = …`).
        refutable: bool,
    },
}

/// One clause of a program: which catalogue rule it implements, its head and body.
#[derive(Debug)]
pub struct ClauseMeta {
    /// The catalogue rule.
    pub rule: RuleId,
    /// The head relation.
    pub head: &'static RelMeta,
    /// The clause's source text.
    pub text: &'static str,
    /// The decision note written beside the clause (doc comment), if any.
    pub note: &'static str,
    /// The body steps.
    pub body: &'static [BodyMeta],
    /// The profile positions the clause reads (`p.window_hours`, …).
    pub positions: &'static [&'static str],
    /// The variable of each head column (`None`: a constant or an expression).
    pub head_vars: &'static [Option<&'static str>],
}

/// The union of the partitions' tuples of one relation (one run per partition), without
/// repeats, kept as the runs (no copy; [`Lazy`] joins and sorts them if the relation is read
/// as a slice).
///
/// A tuple that names an incident, a response or a campaign (`anchored`) is derived only in
/// the partition holding that incident (see `eval`), so only the others (state-level
/// duties, control links of shared actors) can repeat across partitions; they are few and
/// are deduplicated through a hash set.
pub fn union_runs<T: Copy + Eq + std::hash::Hash>(
    mut runs: Vec<Vec<T>>,
    anchored: impl Fn(&T) -> bool,
) -> Vec<Vec<T>> {
    let mut shared: rustc_hash::FxHashSet<T> = Default::default();
    for run in &mut runs {
        run.retain(|t| anchored(t) || shared.insert(*t));
    }
    runs.retain(|run| !run.is_empty());
    runs
}

/// A derived relation of the model: a set of tuples, sorted the first time it is read as a
/// slice (most runs only print relations, and printing sorts by printed text anyway, so
/// joining and sorting every relation is skipped unless an explanation, a query or a lookup
/// needs it).
pub struct Lazy<T> {
    /// The tuples as the partitions gave them; `None` once taken to be sorted.
    raw: std::sync::Mutex<Option<Vec<Vec<T>>>>,
    sorted: std::sync::OnceLock<Vec<T>>,
    len: usize,
}

impl<T: Ord + Send> Lazy<T> {
    /// A relation of these tuples (no repeats, in any number of vectors).
    pub fn new(runs: Vec<Vec<T>>) -> Lazy<T> {
        Lazy {
            len: runs.iter().map(Vec::len).sum(),
            raw: std::sync::Mutex::new(Some(runs)),
            sorted: std::sync::OnceLock::new(),
        }
    }

    /// The number of tuples (without sorting them).
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no tuples.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The tuples, sorted (on the first call).
    pub fn sorted(&self) -> &[T] {
        self.sorted.get_or_init(|| {
            use rayon::slice::ParallelSliceMut;
            let runs = self.raw.lock().unwrap_or_else(|e| e.into_inner()).take();
            let runs = runs.unwrap_or_default();
            let mut tuples = Vec::with_capacity(self.len);
            for run in runs {
                tuples.extend(run);
            }
            tuples.par_sort_unstable();
            tuples
        })
    }

    /// Calls `f` with every tuple, in any order (the sorted one if sorted already). `f` must
    /// not read this relation.
    pub fn for_each_any_order(&self, mut f: impl FnMut(&T)) {
        {
            let raw = self.raw.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(runs) = raw.as_ref() {
                runs.iter().flatten().for_each(&mut f);
                return;
            }
        }
        self.sorted().iter().for_each(f);
    }
}

impl<T: Ord + Send> std::ops::Deref for Lazy<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.sorted()
    }
}

/// A value of any column of any relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// Not given (`Option::None`, an open end, "always").
    Absent,
    /// A state.
    State(StateId),
    /// An incident.
    Incident(IncidentId),
    /// An actor.
    Actor(ActorId),
    /// A response.
    Response(ResponseId),
    /// A vulnerability.
    Vuln(VulnId),
    /// A campaign.
    Campaign(CampaignId),
    /// A time.
    Time(Time),
    /// A count or an amount (casualties, USD).
    Int(u64),
    /// A yes or no (`uses_force`, `urgent`, …).
    Bool(bool),
    /// A catalogue rule (a duty, a significance ground, a CM condition).
    Rule(RuleId),
    /// A closed value (enum) by its spelling.
    Sym(&'static str),
    /// The profile (the `Params` tuple).
    Profile,
}

macro_rules! value_from {
    ($($t:ty => $v:ident),*) => {$(
        impl From<$t> for Value { fn from(x: $t) -> Value { Value::$v(x) } }
    )*};
}
value_from!(StateId => State, IncidentId => Incident, ActorId => Actor, ResponseId => Response,
            VulnId => Vuln, CampaignId => Campaign, u64 => Int, bool => Bool, RuleId => Rule);

macro_rules! value_sym {
    ($($t:ty),*) => {$(
        impl From<$t> for Value { fn from(x: $t) -> Value { Value::Sym(x.as_str()) } }
    )*};
}

impl From<Time> for Value {
    fn from(t: Time) -> Value {
        if t.is_sentinel() {
            Value::Absent
        } else {
            Value::Time(t)
        }
    }
}
impl From<u32> for Value {
    fn from(x: u32) -> Value {
        Value::Int(u64::from(x))
    }
}
impl From<Sovereignty> for Value {
    fn from(x: Sovereignty) -> Value {
        Value::Sym(x.into())
    }
}
impl From<Params> for Value {
    fn from(_: Params) -> Value {
        Value::Profile
    }
}
impl From<Against> for Value {
    fn from(a: Against) -> Value {
        match a {
            Against::State(s) => Value::State(s),
            Against::Actor(x) => Value::Actor(x),
        }
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(x: Option<T>) -> Value {
        x.map_or(Value::Absent, Into::into)
    }
}

impl Value {
    /// True for an incident, a response or a campaign: a tuple naming one is derived in one
    /// partition only ([`union_runs`]).
    pub fn is_anchor(&self) -> bool {
        matches!(
            self,
            Value::Incident(_) | Value::Response(_) | Value::Campaign(_)
        )
    }

    /// The value as written in input and output files: ids as given, times in ISO 8601
    /// UTC, closed values by their spelling, absent as `""`.
    pub fn render(&self, sym: &Symbols) -> String {
        match *self {
            Value::Absent => String::new(),
            Value::State(s) => sym.state(s).to_owned(),
            Value::Incident(i) => sym.incident(i).to_owned(),
            Value::Actor(a) => sym.actor(a).to_owned(),
            Value::Response(r) => sym.response(r).to_owned(),
            Value::Vuln(v) => sym.vuln(v).to_owned(),
            Value::Campaign(c) => sym.campaign(c).to_owned(),
            Value::Time(t) => t.to_string(),
            Value::Int(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Rule(r) => r.code().to_owned(),
            Value::Sym(s) => s.to_owned(),
            Value::Profile => "profile".to_owned(),
        }
    }
}

/// A tuple of some relation of a generated program.
pub trait FactLike: Copy + fmt::Debug + Ord {
    /// The relation's metadata.
    fn rel(&self) -> &'static RelMeta;
    /// The tuple's values, column by column.
    fn values(&self) -> Vec<Value>;
}

/// One satisfied body step of a match.
#[derive(Clone, Debug, PartialEq)]
pub enum Step<F> {
    /// A premise found in the model (with its input row for input relations).
    Premise {
        /// The tuple found.
        fact: F,
        /// Its input row, for an input relation.
        src: Option<Src>,
    },
    /// A negated premise checked absent: the relation, and the bound columns.
    Absent {
        /// The relation.
        rel: &'static RelMeta,
        /// The bound columns (`None`: any value).
        pattern: Vec<Option<Value>>,
    },
    /// A guard or binding that held, with the values of its variables and the profile
    /// positions it reads.
    Guard {
        /// The guard as written in the rule program.
        code: &'static str,
        /// The values of the variables it reads.
        values: Vec<(&'static str, Value)>,
        /// The profile positions it reads.
        positions: &'static [&'static str],
    },
}

/// Why a body step could not be satisfied.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure<F> {
    /// No tuple of `rel` matches the bound columns (`None` = any value).
    NoMatch {
        /// The relation.
        rel: &'static RelMeta,
        /// The bound columns (`None`: any value).
        pattern: Vec<Option<Value>>,
    },
    /// A negated premise is blocked by an existing tuple.
    Blocked {
        /// The tuple that blocks it.
        fact: F,
        /// Its input row, for an input relation.
        src: Option<Src>,
    },
    /// A guard or binding did not hold.
    Guard {
        /// The guard as written in the rule program.
        code: &'static str,
        /// The values of the variables it reads.
        values: Vec<(&'static str, Value)>,
        /// The profile positions it reads.
        positions: &'static [&'static str],
    },
}

/// Receives what a matcher finds. Return `false` to stop the search.
pub trait Visitor<F> {
    /// A complete match: `steps` are the body steps in order.
    fn matched(&mut self, steps: &[Step<F>]) -> bool;
    /// Step `step` (0-based body position) failed after the satisfied `steps`.
    fn failed(&mut self, steps: &[Step<F>], step: usize, failure: Failure<F>) -> bool {
        let _ = (steps, step, failure);
        true
    }
}

/// A column value typed from its text: ids as written in the input (or, for states, the
/// state's name), times in ISO 8601, closed values by their spelling, rule ids by code.
pub trait FromText: Sized {
    /// Parses `text` for a column; the error names what was expected.
    fn from_text(text: &str, ds: &Dataset) -> Result<Self, String>;
}

fn lookup(
    kind: &str,
    interner: &crate::facts::dataset::Interner,
    text: &str,
) -> Result<u32, String> {
    interner.get(text).ok_or_else(|| {
        let near = interner
            .names()
            .iter()
            .min_by_key(|n| strsim::levenshtein(n, text));
        match near {
            Some(n) if strsim::levenshtein(n, text) <= 2.max(text.len() / 2) => {
                format!("unknown {kind} `{text}`; did you mean `{n}`?")
            }
            _ => format!("unknown {kind} `{text}`"),
        }
    })
}

impl FromText for StateId {
    fn from_text(text: &str, ds: &Dataset) -> Result<Self, String> {
        if let Some(s) = ds
            .states
            .iter()
            .find(|s| s.data.name.eq_ignore_ascii_case(text))
        {
            return Ok(s.data.id);
        }
        lookup("state", &ds.symbols.states, text).map(StateId)
    }
}
macro_rules! from_text_id {
    ($($t:ident, $kind:literal, $field:ident;)*) => {$(
        impl FromText for $t {
            fn from_text(text: &str, ds: &Dataset) -> Result<Self, String> {
                lookup($kind, &ds.symbols.$field, text).map($t)
            }
        }
    )*};
}
from_text_id!(IncidentId, "incident", incidents; ActorId, "actor", actors; ResponseId, "response", responses;
              VulnId, "vulnerability", vulns; CampaignId, "campaign", campaigns;);

macro_rules! from_text_enum {
    ($($t:ty),*) => {$(
        impl FromText for $t {
            fn from_text(text: &str, _: &Dataset) -> Result<Self, String> {
                text.parse().map_err(|_| format!("unknown value `{text}`; expected one of: {}", <$t>::expected()))
            }
        }
    )*};
}
/// Every closed value (enum of the input and output columns): a `Value` by its spelling,
/// typed from its spelling.
macro_rules! closed_values {
    ($($t:ty),*) => {
        value_sym!($($t),*);
        from_text_enum!($($t),*);
    };
}
closed_values!(
    Capacity,
    Institution,
    InstitutionStatus,
    Vector,
    Effect,
    Severity,
    Scale,
    Outcome,
    Sector,
    Link,
    ActorKind,
    ControlKind,
    MeasureKind,
    MlaOutcome,
    Means,
    Degree,
    Basis,
    Status,
    ConsequenceKind,
    WrongBasis
);

impl FromText for Time {
    fn from_text(text: &str, _: &Dataset) -> Result<Self, String> {
        Time::parse(text)
    }
}
impl FromText for u64 {
    fn from_text(text: &str, _: &Dataset) -> Result<Self, String> {
        text.parse()
            .map_err(|_| format!("`{text}` is not an integer ≥ 0"))
    }
}
impl FromText for u32 {
    fn from_text(text: &str, _: &Dataset) -> Result<Self, String> {
        text.parse()
            .map_err(|_| format!("`{text}` is not an integer ≥ 0"))
    }
}
impl FromText for bool {
    fn from_text(text: &str, _: &Dataset) -> Result<Self, String> {
        text.parse()
            .map_err(|_| format!("`{text}` is not true or false"))
    }
}
impl FromText for RuleId {
    fn from_text(text: &str, _: &Dataset) -> Result<Self, String> {
        RuleId::from_code(text)
            .ok_or_else(|| format!("unknown rule id `{text}` (see `diligence rules`)"))
    }
}
impl FromText for Against {
    fn from_text(text: &str, ds: &Dataset) -> Result<Self, String> {
        StateId::from_text(text, ds)
            .map(Against::State)
            .or_else(|_| ActorId::from_text(text, ds).map(Against::Actor))
    }
}
impl FromText for Params {
    fn from_text(_: &str, _: &Dataset) -> Result<Self, String> {
        Err("the profile relation cannot be written as an atom".into())
    }
}
impl<T: FromText> FromText for Option<T> {
    fn from_text(text: &str, ds: &Dataset) -> Result<Self, String> {
        if text.is_empty() {
            Ok(None)
        } else {
            T::from_text(text, ds).map(Some)
        }
    }
}
