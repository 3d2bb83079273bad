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
        rel: &'static RelMeta,
        text: &'static str,
    },
    /// A negated premise (`!R(..)`): checked absent.
    Absent {
        rel: &'static RelMeta,
        text: &'static str,
    },
    /// A guard `(..)` or binding `let ..`.
    Guard { text: &'static str },
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
}

/// A value of any column of any relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// Not given (`Option::None`, an open end, "always").
    Absent,
    State(StateId),
    Incident(IncidentId),
    Actor(ActorId),
    Response(ResponseId),
    Vuln(VulnId),
    Campaign(CampaignId),
    Time(Time),
    Int(u64),
    Bool(bool),
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
value_sym!(
    Capacity,
    Institution,
    Vector,
    Effect,
    Severity,
    Scale,
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
    Premise { fact: F, src: Option<Src> },
    /// A negated premise checked absent: the relation, and the bound columns.
    Absent {
        rel: &'static RelMeta,
        pattern: Vec<Option<Value>>,
    },
    /// A guard or binding that held, with the values of its variables and the profile
    /// positions it reads.
    Guard {
        code: &'static str,
        values: Vec<(&'static str, Value)>,
        positions: &'static [&'static str],
    },
}

/// Why a body step could not be satisfied.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure<F> {
    /// No tuple of `rel` matches the bound columns (`None` = any value).
    NoMatch {
        rel: &'static RelMeta,
        pattern: Vec<Option<Value>>,
    },
    /// A negated premise is blocked by an existing tuple.
    Blocked { fact: F, src: Option<Src> },
    /// A guard or binding did not hold.
    Guard {
        code: &'static str,
        values: Vec<(&'static str, Value)>,
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
