//! The memo: a legal memorandum on one incident, for the adviser or the classroom
//! (`diligence memo INCIDENT`).
//!
//! A [`Memo`] holds, in the order a memorandum is read:
//! - the questions presented, in the order the rules answer them: cyber harm and
//!   significance, link to a state, attribution, knowledge, obligations, breach,
//!   responsibility and its consequences, countermeasures taken in response;
//! - a short answer to each (the claims of its arguments);
//! - the facts: every input row that bears on the incident, each as a sentence with its
//!   `FILE:LINE` (the incident's own rows, the states, actors and control links involved,
//!   and every other row an argument of the memo cites, such as the institutions of a state
//!   where they decide its knowledge);
//! - the discussion: each question answered by legal [`Argument`]s, built exactly as
//!   `explain` ([`Argument::explain`]) and `why-not` ([`Argument::why_not`]) build them:
//!   why a conclusion holds, and, for the important ones that do not (no negligence of a
//!   state the incident is linked to), why not. Each conclusion says whether it is robust
//!   across the shipped profiles or which profile positions it depends on (the analysis of
//!   `sensitivity`), and each breach the smallest change of facts that would have avoided it
//!   (the search of `what-if`);
//! - the profile positions the answers rest on, with their values and sources.
//!
//! Sensitivity and what-if evaluate the dataset again; both work on the dataset reduced to
//! the incident (with its campaign) and the state-level rows (what-if's `restrict`): every
//! rule is anchored at one incident or campaign, so the incident's rows are the same as in
//! the whole dataset, and a memo costs the same at 10^5 incidents as at ten.
//!
//! [`render`] writes the memo as Markdown (for pasting into a brief) or as one
//! self-contained, print-ready HTML page. Arguments are written by their own renderer
//! ([`Argument::to_markdown`], [`Argument::to_html`]); the memo's own sentences are
//! [`Text`] marked the same way. Everything is sorted: the output is the same byte for byte.

pub mod render;

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use crate::analysis::sensitivity::{self, SensRow, Sensitivity, Standing};
use crate::analysis::whatif;
use crate::explain::argument::{Argument, Span, Text};
use crate::explain::provenance::{self, Proof, ProofStep, Prover};
use crate::explain::whynot::{self, FailureKind, WhyNot};
use crate::explain::{sentences, words};
use crate::facts::*;
use crate::output;
use crate::profile::{Profile, POSITION_KEYS};
use crate::rules::engine::{FactLike, Step, Value};
use crate::rules::program::{Fact, Rel};
use crate::{EvalOptions, Evaluation};

/// The largest set of events the what-if search of a breach tries.
pub const WHATIF_MAX_SIZE: usize = 3;

/// A legal memorandum on one incident.
#[derive(Clone, Debug)]
pub struct Memo {
    /// The incident's id.
    pub incident: String,
    /// The incident's title.
    pub title: String,
    /// The profile the answers are given under.
    pub profile: String,
    /// What that profile stands for.
    pub profile_description: String,
    /// The evaluation time.
    pub as_of: Time,
    /// The names of the shipped profiles robustness is judged against.
    pub shipped: Vec<String>,
    /// The facts, by kind.
    pub facts: Vec<FactGroup>,
    /// The questions, in order.
    pub questions: Vec<Question>,
    /// The profile positions the answers rest on.
    pub positions: Vec<PositionUse>,
}

/// The facts of one kind (one input file, or a few that belong together).
#[derive(Clone, Debug)]
pub struct FactGroup {
    /// The heading: `The incident`, `Events`, …
    pub heading: &'static str,
    /// The rows, each a sentence ending in its citation.
    pub rows: Vec<Text>,
}

/// One question and its answers.
#[derive(Clone, Debug)]
pub struct Question {
    /// Its number, from 1.
    pub number: usize,
    /// The question as a sentence.
    pub asked: Text,
    /// The short answer: one sentence (the claims of its arguments, or why there is none).
    pub short: Vec<Text>,
    /// The answers, each an argument.
    pub answers: Vec<Answer>,
}

/// One argued answer.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The argument (explain for a conclusion that holds, why-not for one that does not).
    pub argument: Argument,
    /// Whether the conclusion is robust across the shipped profiles, or which positions it
    /// depends on (`None` for a relation the sensitivity analysis does not examine).
    pub robustness: Option<Text>,
    /// For a breach: the smallest changes of facts that would have avoided it, each a
    /// sentence.
    pub avoided_by: Vec<Text>,
}

/// A profile position an answer rests on.
#[derive(Clone, Debug)]
pub struct PositionUse {
    /// Its key (`window_hours`; the first of the feasibility table, which is one entry).
    pub key: &'static str,
    /// The position for a person: `response window`.
    pub label: String,
    /// Its value for a person: `72 h`.
    pub value: String,
    /// The source the value rests on.
    pub source: String,
    /// Where the value comes from: `profile kreuzer-2024`.
    pub origin: String,
    /// True when some conclusion of the memo changes if this position alone is switched.
    pub decisive: bool,
}

/// Why a memo cannot be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemoError {
    /// No incident has this id.
    UnknownIncident {
        /// The id asked for.
        id: String,
        /// The nearest incident id of the dataset, if any.
        nearest: Option<String>,
    },
    /// The robustness analysis could not switch a position (a profile error).
    Sensitivity(String),
}

impl fmt::Display for MemoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemoError::UnknownIncident { id, nearest } => {
                write!(f, "unknown incident `{id}` (not defined in incidents.csv)")?;
                match nearest {
                    Some(n) => write!(f, "; did you mean `{n}`?"),
                    None => write!(f, "; the dataset has no incidents"),
                }
            }
            MemoError::Sensitivity(e) => write!(f, "robustness analysis: {e}"),
        }
    }
}

/// The relations whose rows the memo's answers state, for the robustness analysis.
const EXAMINED: &[&str] = &[
    "cyber_harm",
    "significant",
    "emanates",
    "attributed",
    "knows",
    "obligation",
    "breach",
    "negligent",
    "violation",
    "concern",
    "wrongful",
    "consequence",
    "admissible",
];

/// Writes the memo on incident `incident` (its id) of `ev`, judging robustness against
/// the `shipped` profiles.
pub fn build(ev: &Evaluation, incident: &str, shipped: &[Profile]) -> Result<Memo, MemoError> {
    let ds = &ev.dataset;
    let sym = &ds.symbols;
    let row = sym
        .incidents
        .get(incident)
        .map(IncidentId)
        .and_then(|i| ds.incidents.iter().find(|r| r.data.id == i))
        .ok_or_else(|| MemoError::UnknownIncident {
            id: incident.to_string(),
            nearest: sym
                .incidents
                .names()
                .iter()
                .min_by_key(|n| (strsim::levenshtein(n, incident), n.as_str()))
                .cloned(),
        })?;
    let i = row.data.id;
    // Phase times for benchmarks (`DILIGENCE_TIMINGS`), as `evaluate` prints its own.
    let timings = std::env::var_os("DILIGENCE_TIMINGS").is_some();
    let clock = std::time::Instant::now();
    let lap = |what: &str| {
        if timings {
            eprintln!("  memo {what}: {:.2?}", clock.elapsed());
        }
    };

    // Robustness: the dataset narrowed to the incident, under every shipped profile and
    // every one-position variant of the profile in force. The narrowed dataset must give
    // the incident the rows the whole one gives (it does, as partitions do); else the
    // dataset reduced to the incident and every state-level row is used.
    let rels: Vec<Rel> = EXAMINED
        .iter()
        .filter_map(|n| output::relation(n))
        .collect();
    let opts = EvalOptions {
        as_of: Some(ev.params.as_of),
        ..Default::default()
    };
    let keep = HashSet::from([i]);
    let robustness = |ds: &Dataset| {
        sensitivity::sensitivity(ds, &ev.profile, shipped, &rels, &[], &opts)
            .map_err(MemoError::Sensitivity)
    };
    let mut sens = robustness(&whatif::narrow(ds, &keep))?;
    if !same_rows(ev, i, &rels, &sens) {
        sens = robustness(&whatif::restrict(ds, &keep))?;
    }
    lap("robustness");

    let mut m = Builder {
        ev,
        i,
        sens: &sens,
        prover: Prover::new(&ev.model),
        positions: BTreeSet::new(),
        decisive: BTreeSet::new(),
    };
    let questions = m.questions();
    lap("questions");
    let cited = cited_rows(&questions);
    let facts = facts(ev, i, &cited);
    let positions = positions_used(&ev.profile, &m.positions, &m.decisive);
    lap("facts");
    Ok(Memo {
        incident: incident.to_string(),
        title: row.data.title.clone(),
        profile: ev.profile.name.clone(),
        profile_description: ev.profile.description.clone(),
        as_of: ev.params.as_of,
        shipped: sens.shipped.clone(),
        facts,
        questions,
        positions,
    })
}

struct Builder<'a> {
    ev: &'a Evaluation,
    i: IncidentId,
    sens: &'a Sensitivity,
    prover: Prover<'a>,
    /// The positions the arguments read.
    positions: BTreeSet<&'static str>,
    /// The positions whose switch alone changes some conclusion of the memo.
    decisive: BTreeSet<&'static str>,
}

/// A pattern over a relation: `None` for any value.
type Pattern = Vec<Option<Value>>;

impl<'a> Builder<'a> {
    fn rel(name: &str) -> Rel {
        match output::relation(name) {
            Some(r) => r,
            None => unreachable!("the memo names only relations of the program: {name}"),
        }
    }

    /// The rows of `rel` about the incident, in output order.
    fn rows(&self, name: &str) -> Vec<Fact> {
        let rel = Self::rel(name);
        let meta = rel.name();
        let Some(col) = meta.columns.iter().position(|c| *c == "incident") else {
            return Vec::new();
        };
        let rows: Vec<Fact> = self
            .ev
            .model
            .facts(rel)
            .into_iter()
            .filter(|f| f.values()[col] == Value::Incident(self.i))
            .collect();
        provenance::sorted_as_output(rows, &self.ev.dataset.symbols)
    }

    /// The rows of `rel` about the incident whose column `col` is `v`.
    fn rows_with(&self, name: &str, col: &str, v: Value) -> Vec<Fact> {
        let k = Self::rel(name)
            .name()
            .columns
            .iter()
            .position(|c| *c == col);
        self.rows(name)
            .into_iter()
            .filter(|f| k.is_some_and(|k| f.values()[k] == v))
            .collect()
    }

    fn state(&self, s: StateId) -> String {
        words::state(&self.ev.dataset, s)
    }

    fn id(&self) -> String {
        words::id(self.ev.dataset.symbols.incident(self.i))
    }

    /// The states the incident is linked to: those it emanates from, and those it is
    /// attributed to, in id order.
    fn linked(&self) -> Vec<StateId> {
        let mut out: Vec<StateId> = self
            .rows("emanates")
            .iter()
            .chain(self.rows("attributed").iter())
            .filter_map(|f| {
                f.values().into_iter().find_map(|v| match v {
                    Value::State(s) => Some(s),
                    _ => None,
                })
            })
            .collect();
        let sym = &self.ev.dataset.symbols;
        out.sort_by(|a, b| sym.state(*a).cmp(sym.state(*b)));
        out.dedup();
        out
    }

    /// The argument of a row that holds, with its robustness.
    fn explain(&mut self, f: &Fact) -> Option<Answer> {
        let proof = self.prover.prove(f)?;
        proof_positions(&proof, &mut self.positions);
        let argument = Argument::explain(self.ev, &proof);
        let robustness = self.robust_holds(f);
        Some(Answer {
            argument,
            robustness,
            avoided_by: Vec::new(),
        })
    }

    /// The arguments of every row in `facts`.
    fn explain_all(&mut self, facts: &[Fact]) -> Vec<Answer> {
        facts.iter().filter_map(|f| self.explain(f)).collect()
    }

    /// The why-not argument of `rel(pattern)` (which must not hold), with what would make
    /// it hold.
    fn why_not(&mut self, name: &str, pattern: Pattern) -> Option<Answer> {
        let rel = Self::rel(name);
        let w = whynot::why_not(self.ev, rel, &pattern, whynot::DEFAULT_DEPTH).ok()?;
        whynot_positions(&w, &mut self.positions);
        let argument = Argument::why_not(self.ev, &w);
        let robustness = Some(self.robust_fails(rel, &pattern));
        Some(Answer {
            argument,
            robustness,
            avoided_by: Vec::new(),
        })
    }

    fn rendered(&self, f: &Fact) -> Vec<String> {
        let sym = &self.ev.dataset.symbols;
        f.values().iter().map(|v| v.render(sym)).collect()
    }

    fn sens_row(&self, f: &Fact) -> Option<&'a SensRow> {
        let values = self.rendered(f);
        let name = f.rel().name;
        self.sens
            .rows
            .iter()
            .find(|r| r.rel.name().name == name && r.values == values)
    }

    /// `the position "response window" were switched from 72 h to 24 h`.
    fn flip_text(&self, k: usize) -> String {
        let f = &self.sens.flips[k];
        let base = self.ev.profile.position(f.key);
        let mut to = base.clone();
        to.value = f.to.clone();
        format!(
            "the position \u{201c}{}\u{201d} were switched from {} to {}",
            base.label(),
            base.display_value(),
            to.display_value()
        )
    }

    fn flips_text(&mut self, flips: &[usize]) -> String {
        for &k in flips {
            self.decisive.insert(self.sens.flips[k].key);
        }
        let parts: Vec<String> = flips.iter().map(|&k| self.flip_text(k)).collect();
        words::list(&parts, "or")
    }

    /// Robustness of a row that holds under the profile in force.
    fn robust_holds(&mut self, f: &Fact) -> Option<Text> {
        let r = self.sens_row(f)?;
        let all = words::list(&self.sens.shipped, "and");
        let base = self.sens.base.clone();
        let mut t = match r.standing {
            Standing::Robust => "Robust: it holds under every shipped profile".to_string(),
            Standing::Contested => {
                let not: Vec<String> = self
                    .sens
                    .shipped
                    .iter()
                    .filter(|p| !r.holds_under.contains(p))
                    .cloned()
                    .collect();
                format!(
                    "Contested: it holds under {} but not under {}",
                    words::list(&r.holds_under, "and"),
                    words::list(&not, "or")
                )
            }
            Standing::Hypothetical => {
                format!("It holds under none of the shipped profiles ({all}), only under {base}")
            }
        };
        if r.changed_by.is_empty() {
            if r.standing == Standing::Contested {
                t.push_str(&format!(
                    "; no single position of {base} decides it, only several switched together"
                ));
            } else {
                t.push_str(&format!(
                    "; switching any one position of {base} leaves it standing"
                ));
            }
        } else {
            let flips = self.flips_text(&r.changed_by);
            t.push_str(&format!("; under {base} it would not hold if {flips}"));
        }
        t.push('.');
        Some(Text::from_marked(&t))
    }

    /// Robustness of a conclusion that does not hold: under which shipped profiles, or
    /// with which one position switched, some row matching it would hold.
    fn robust_fails(&mut self, rel: Rel, pattern: &[Option<Value>]) -> Text {
        let sym = &self.ev.dataset.symbols;
        let want: Vec<Option<String>> = pattern.iter().map(|v| v.map(|v| v.render(sym))).collect();
        let rows: Vec<&SensRow> = self
            .sens
            .rows
            .iter()
            .filter(|r| r.rel == rel && !r.under_base)
            .filter(|r| {
                r.values
                    .iter()
                    .zip(&want)
                    .all(|(v, w)| w.as_ref().is_none_or(|w| w == v))
            })
            .collect();
        let base = self.sens.base.clone();
        let mut profiles: Vec<String> = Vec::new();
        let mut flips: Vec<usize> = Vec::new();
        for r in &rows {
            for p in &r.holds_under {
                if !profiles.contains(p) {
                    profiles.push(p.clone());
                }
            }
            flips.extend(&r.changed_by);
        }
        profiles.sort_by_key(|p| self.sens.shipped.iter().position(|s| s == p));
        flips.sort();
        flips.dedup();
        let t = match (profiles.is_empty(), flips.is_empty()) {
            (true, true) => format!(
                "Robust: the answer is the same under every shipped profile, and switching any one position of {base} does not change it."
            ),
            (false, true) => format!(
                "Contested: the answer would be the opposite under {}, though no single position of {base} switched changes it.",
                words::list(&profiles, "and")
            ),
            (true, false) => format!(
                "The answer is the same under every shipped profile, but under {base} it would be the opposite if {}.",
                self.flips_text(&flips)
            ),
            (false, false) => format!(
                "Contested: the answer would be the opposite under {}, and under {base} if {}.",
                words::list(&profiles, "and"),
                self.flips_text(&flips)
            ),
        };
        Text::from_marked(&t)
    }

    /// The smallest changes of facts that would have avoided a breach.
    fn avoided(&self, f: &Fact) -> Vec<Text> {
        let clock = std::time::Instant::now();
        let atom = provenance::atom_text(f, &self.ev.dataset.symbols);
        let _timing = Lap(clock, atom.clone());
        let Ok(w) = whatif::what_if(self.ev, &atom, WHATIF_MAX_SIZE) else {
            return Vec::new();
        };
        if w.answers.is_empty() {
            let why = if w.truncated {
                " within the search budget"
            } else {
                ""
            };
            return vec![Text::from_marked(&format!(
                "No set of up to {} events{why} (a timely measure, a warning, an answer to a request for assistance, reparation) would have avoided it.",
                w.max_size
            ))];
        }
        w.answers
            .iter()
            .map(|set| Text::from_marked(&whatif::sentence_with(&w, self.ev, set, words::date)))
            .collect()
    }

    fn question(
        &self,
        number: usize,
        asked: String,
        answers: Vec<Answer>,
        none: String,
    ) -> Question {
        let short = if answers.is_empty() {
            vec![Text::from_marked(&none)]
        } else {
            answers
                .iter()
                .map(|a| {
                    let mut t = capitalised(&a.argument.claim.statement);
                    t.push(".");
                    t
                })
                .collect()
        };
        Question {
            number,
            asked: Text::from_marked(&asked),
            short,
            answers,
        }
    }

    fn questions(&mut self) -> Vec<Question> {
        let id = self.id();
        let inc = Value::Incident(self.i);
        let mut qs = Vec::new();

        // 1. Cyber harm and significance.
        let mut answers = self.explain_all(&self.rows("cyber_harm"));
        if answers.is_empty() {
            answers.extend(self.why_not("cyber_harm", vec![Some(inc), None]));
        }
        let sig = self.rows("significant");
        if sig.is_empty() {
            answers.extend(self.why_not("significant", vec![Some(inc), None, None]));
        } else {
            answers.extend(self.explain_all(&sig));
        }
        qs.push(self.question(
            1,
            format!("Is {id} cyber harm, and is it significant harm?"),
            answers,
            String::new(),
        ));

        // 2. Link to a state.
        let rows = self.rows("emanates");
        let answers = if rows.is_empty() {
            self.why_not("emanates", vec![Some(inc), None, None])
                .into_iter()
                .collect()
        } else {
            self.explain_all(&rows)
        };
        qs.push(self.question(
            2,
            format!(
                "From which state's territory, jurisdiction or infrastructure does {id} emanate?"
            ),
            answers,
            String::new(),
        ));

        // 3. Attribution.
        let rows = self.rows("attributed");
        let answers = if rows.is_empty() {
            self.why_not("attributed", vec![Some(inc), None])
                .into_iter()
                .collect()
        } else {
            self.explain_all(&rows)
        };
        qs.push(self.question(
            3,
            format!("Is {id} attributable to a state?"),
            answers,
            String::new(),
        ));

        let linked = self.linked();
        let names: Vec<String> = linked.iter().map(|&s| self.state(s)).collect();
        let none_linked = format!(
            "No state is linked to {id} (no origin and no attribution), so no state's knowledge, obligations or breach arise."
        );

        // 4. Knowledge of the states linked to it.
        let mut answers = Vec::new();
        for &s in &linked {
            let rows = self.rows_with("knows", "state", Value::State(s));
            if rows.is_empty() {
                answers.extend(
                    self.why_not("knows", vec![Some(Value::State(s)), Some(inc), None, None]),
                );
            } else {
                answers.extend(self.explain_all(&rows));
            }
        }
        qs.push(self.question(
            4,
            if linked.is_empty() {
                format!("Did a state linked to {id} know of it?")
            } else {
                format!(
                    "Did {} know of {id}, and from when?",
                    words::list(&names, "and")
                )
            },
            answers,
            none_linked.clone(),
        ));

        // 5. Obligations.
        let rows = self.rows("obligation");
        let mut answers = self.explain_all(&rows);
        for &s in &linked {
            if self
                .rows_with("obligation", "state", Value::State(s))
                .is_empty()
            {
                answers.extend(self.why_not(
                    "obligation",
                    vec![Some(Value::State(s)), None, Some(inc), None, None],
                ));
            }
        }
        qs.push(self.question(
            5,
            format!("What did the states concerned owe about {id}?"),
            answers,
            format!("No state owed a duty about {id}, and no state is linked to it."),
        ));

        // 6. Breach.
        let mut answers = Vec::new();
        for f in self.rows("breach") {
            if let Some(mut a) = self.explain(&f) {
                a.avoided_by = self.avoided(&f);
                answers.push(a);
            }
        }
        answers.extend(self.explain_all(&self.rows("negligent")));
        answers.extend(self.explain_all(&self.rows("violation")));
        answers.extend(self.explain_all(&self.rows("concern")));
        for &s in &linked {
            let v = Value::State(s);
            if self.rows_with("negligent", "state", v).is_empty()
                && self.rows_with("violation", "state", v).is_empty()
            {
                answers.extend(self.why_not("negligent", vec![Some(v), Some(inc)]));
            }
        }
        qs.push(self.question(
            6,
            format!(
                "Did a state breach an obligation, or violate the harm prevention rule, over {id}?"
            ),
            answers,
            none_linked.clone(),
        ));

        // 7. Responsibility and its consequences.
        let mut answers = self.explain_all(&self.rows("wrongful"));
        answers.extend(self.explain_all(&self.rows("consequence")));
        qs.push(self.question(
            7,
            format!("Is a state responsible for an internationally wrongful act over {id}, and what does it owe?"),
            answers,
            format!(
                "No state committed an internationally wrongful act over {id} under profile {}: without a breach or a violation (question 6) there is no responsibility and nothing is owed.",
                self.ev.profile.name
            ),
        ));

        // 8. Countermeasures taken in response.
        let ds = &self.ev.dataset;
        let mut responses: Vec<(ResponseId, Time)> = ds
            .responses
            .iter()
            .filter(|r| r.data.incident == self.i)
            .map(|r| (r.data.id, r.data.time))
            .collect();
        responses
            .sort_by(|a, b| (a.1, ds.symbols.response(a.0)).cmp(&(b.1, ds.symbols.response(b.0))));
        let mut answers = Vec::new();
        let admissible = Self::rel("admissible");
        for (r, _) in responses {
            let pattern = vec![Some(Value::Response(r))];
            let holds: Vec<Fact> = self
                .ev
                .model
                .facts(admissible)
                .into_iter()
                .filter(|f| f.values()[0] == Value::Response(r))
                .collect();
            if holds.is_empty() {
                answers.extend(self.why_not("admissible", pattern));
            } else {
                answers.extend(self.explain_all(&holds));
            }
        }
        qs.push(self.question(
            8,
            format!("Were the responses to {id} admissible countermeasures?"),
            answers,
            format!("No response to {id} is recorded (responses.csv)."),
        ));
        qs
    }
}

/// A fact as marked text, `United States's` written `United States'`.
fn said(s: &str) -> Text {
    Text::from_marked(&sentences::possessive(s))
}

/// `an intrusion`, `a DDoS`: the word with its indefinite article.
fn with_article(word: &str) -> String {
    match word.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {word}"),
        _ => format!("a {word}"),
    }
}

/// The text with its first letter upper case, when it starts with words (a sentence that
/// starts with an id keeps it as written).
fn capitalised(t: &Text) -> Text {
    let mut t = t.clone();
    if let Some(Span::Plain { text }) = t.0.first_mut() {
        let mut c = text.chars();
        if let Some(first) = c.next() {
            *text = first.to_uppercase().chain(c).collect();
        }
    }
    t
}

/// Whether the rows about incident `i` that the robustness analysis found under the profile
/// in force are those of `ev`.
fn same_rows(ev: &Evaluation, i: IncidentId, rels: &[Rel], s: &Sensitivity) -> bool {
    let sym = &ev.dataset.symbols;
    let id = sym.incident(i);
    rels.iter().all(|&rel| {
        let col = rel.name().columns.iter().position(|c| *c == "incident");
        let about = |values: &[String]| match col {
            Some(k) => values[k] == id,
            None => true,
        };
        let mut mine: Vec<Vec<String>> = ev
            .model
            .facts(rel)
            .iter()
            .filter(|f| col.is_none_or(|k| f.values()[k] == Value::Incident(i)))
            .map(|f| f.values().iter().map(|v| v.render(sym)).collect::<Vec<_>>())
            .collect();
        mine.sort();
        let mut theirs: Vec<Vec<String>> = s
            .rows
            .iter()
            .filter(|r| r.rel == rel && r.under_base && about(&r.values))
            .map(|r| r.values.clone())
            .collect();
        theirs.sort();
        match col {
            Some(_) => mine == theirs,
            // `admissible`: the responses to the incident only.
            None => theirs.iter().all(|t| mine.contains(t)),
        }
    })
}

/// Prints the time since its start when dropped, under `DILIGENCE_TIMINGS`.
struct Lap(std::time::Instant, String);
impl Drop for Lap {
    fn drop(&mut self) {
        if std::env::var_os("DILIGENCE_TIMINGS").is_some() {
            eprintln!("  memo what-if {}: {:.2?}", self.1, self.0.elapsed());
        }
    }
}

/// The positions read or decisive, in profile order; the feasibility table (CAP-1) as one.
fn positions_used(
    profile: &Profile,
    read: &BTreeSet<&'static str>,
    decisive: &BTreeSet<&'static str>,
) -> Vec<PositionUse> {
    let mut out: Vec<PositionUse> = Vec::new();
    let mut table: Vec<(&'static str, String)> = Vec::new();
    let mut table_decisive = false;
    for key in POSITION_KEYS {
        if !read.contains(key) && !decisive.contains(key) {
            continue;
        }
        let Some(p) = profile.get(key) else { continue };
        if let Some(kind) = key.strip_prefix("feasibility.") {
            table.push((kind, p.display_value()));
            table_decisive |= decisive.contains(key);
            continue;
        }
        out.push(PositionUse {
            key: p.key,
            label: p.label(),
            value: p.display_value(),
            source: p.source.clone(),
            origin: words::origin(profile, p.key),
            decisive: decisive.contains(key),
        });
    }
    if let Some((first, _)) = table.first() {
        let key = POSITION_KEYS
            .iter()
            .find(|k| k.strip_prefix("feasibility.") == Some(*first))
            .copied()
            .unwrap_or("feasibility.takedown");
        // The capacity each kind needs, kinds of one level together.
        let mut levels: Vec<(String, Vec<String>)> = Vec::new();
        for (kind, level) in &table {
            match levels.iter_mut().find(|(l, _)| l == level) {
                Some((_, kinds)) => kinds.push(words::closed(kind)),
                None => levels.push((level.clone(), vec![words::closed(kind)])),
            }
        }
        let value = levels
            .iter()
            .map(|(level, kinds)| format!("{} {level}", words::list(kinds, "and")))
            .collect::<Vec<_>>()
            .join("; ");
        let mut sources: Vec<String> = Vec::new();
        for (kind, _) in &table {
            if let Some(p) = profile.get(&format!("feasibility.{kind}")) {
                if !p.source.is_empty() && !sources.contains(&p.source) {
                    sources.push(p.source.clone());
                }
            }
        }
        out.push(PositionUse {
            key,
            label: "capacity each measure requires (CAP-1)".into(),
            value,
            source: sources.join("; "),
            origin: words::origin(profile, key),
            decisive: table_decisive,
        });
    }
    out
}

/// The profile positions a proof reads.
fn proof_positions(p: &Proof, out: &mut BTreeSet<&'static str>) {
    if let provenance::Node::Derived { steps, .. } = &p.node {
        for s in steps {
            match s {
                ProofStep::Premise(q) => proof_positions(q, out),
                ProofStep::Guard { positions, .. } => add_positions(positions, out),
                ProofStep::Absent { .. } => {}
            }
        }
    }
}

/// The profile positions a why-not reads (its conditions that held, that failed, and the
/// proofs of blocking rows).
fn whynot_positions(w: &WhyNot, out: &mut BTreeSet<&'static str>) {
    for c in &w.clauses {
        for f in &c.failures {
            for s in &f.held {
                if let Step::Guard { positions, .. } = s {
                    add_positions(positions, out);
                }
            }
            match &f.kind {
                FailureKind::Missing { why: Some(w), .. } => whynot_positions(w, out),
                FailureKind::Missing { .. } => {}
                FailureKind::Blocked { proof, others, .. } => {
                    for p in proof.iter().chain(others) {
                        proof_positions(p, out);
                    }
                }
                FailureKind::Guard { positions, .. } => add_positions(positions, out),
            }
        }
    }
}

fn add_positions(positions: &[&str], out: &mut BTreeSet<&'static str>) {
    for key in positions {
        let key = key.trim_end_matches("()");
        if key == "any_feasible" {
            out.extend(
                POSITION_KEYS
                    .iter()
                    .filter(|k| k.starts_with("feasibility.")),
            );
        } else if let Some(k) = POSITION_KEYS.iter().find(|k| **k == key) {
            out.insert(k);
        }
    }
}

/// The input rows the arguments cite: `(file name, line)`.
fn cited_rows(questions: &[Question]) -> HashSet<(String, u32)> {
    let mut out = HashSet::new();
    let mut text = |t: &Text| {
        for s in &t.0 {
            let rows: Vec<&String> = match s {
                Span::Rows { rows } => rows.iter().collect(),
                Span::Row { at, .. } => vec![at],
                _ => continue,
            };
            for r in rows {
                if let Some((file, line)) = r.rsplit_once(':') {
                    if let Ok(line) = line.parse() {
                        out.insert((file.to_string(), line));
                    }
                }
            }
        }
    };
    for q in questions {
        for a in &q.answers {
            let arg = &a.argument;
            text(&arg.claim.statement);
            arg.claim.grounds.iter().for_each(|g| text(&g.text));
            for f in &arg.findings {
                text(&f.statement);
                f.grounds.iter().for_each(|g| text(&g.text));
            }
        }
    }
    out
}

/// The facts that bear on incident `i`: its own rows, the rows of the states, actors and
/// control links involved, and every row in `cited`.
fn facts(ev: &Evaluation, i: IncidentId, cited: &HashSet<(String, u32)>) -> Vec<FactGroup> {
    let ds = &ev.dataset;
    let sym = &ds.symbols;
    let is_cited = |src: Src| {
        src.assumed == 0 && cited.contains(&(src.file.file_name().to_string(), src.line))
    };
    let at = |t: &mut Text, src: Src| {
        t.push(" ");
        t.span(Span::Rows {
            rows: vec![sym.src_text(src)],
        });
        t.push(".");
    };
    let state = |s: StateId| words::state(ds, s);
    let id = |s: &str| words::id(s);
    let mut states: BTreeSet<StateId> = BTreeSet::new();
    let mut groups = Vec::new();

    // The incident (and any other incident an argument cites, e.g. of its campaign).
    let mut rows = Vec::new();
    for r in ds
        .incidents
        .iter()
        .filter(|r| r.data.id == i || is_cited(r.src))
    {
        let d = &r.data;
        let mut t = said(&format!("{} ", id(sym.incident(d.id))));
        t.push(&format!("({}): ", d.title));
        let mut s = format!(
            "{} operation with {} effects, of {} severity and {} scale, from {}",
            with_article(&words::closed(d.vector.as_str())),
            d.effect.as_str(),
            d.severity.as_str(),
            d.scale.as_str(),
            words::date(d.start)
        );
        match d.end {
            Some(e) => s.push_str(&format!(" to {}", words::date(e))),
            None => s.push_str(", still ongoing"),
        }
        if d.casualties > 0 {
            s.push_str(&format!("; {} casualties", words::number(d.casualties)));
        }
        if d.loss_usd > 0 {
            s.push_str(&format!("; a loss of {} USD", words::number(d.loss_usd)));
        }
        if d.outcome == Outcome::Foiled {
            s.push_str("; foiled before it took effect");
        }
        t.append(&said(&s));
        if let Some(c) = d.campaign {
            t.append(&said(&format!(
                "; part of campaign {}",
                id(sym.campaign(c))
            )));
        }
        if !d.source.is_empty() {
            t.push(&format!("; sources: {}", d.source));
        }
        at(&mut t, r.src);
        rows.push(t);
    }
    groups.push(FactGroup {
        heading: "The incident",
        rows,
    });

    // Targets and origins.
    let mut rows = Vec::new();
    for r in ds
        .targets
        .iter()
        .filter(|r| r.data.incident == i || is_cited(r.src))
    {
        states.insert(r.data.state);
        let mut t = said(&format!(
            "{} struck {}'s {} sector",
            id(sym.incident(r.data.incident)),
            state(r.data.state),
            words::closed(r.data.sector.as_str())
        ));
        at(&mut t, r.src);
        rows.push(t);
    }
    groups.push(FactGroup {
        heading: "Its targets",
        rows,
    });
    let mut rows = Vec::new();
    for r in ds
        .origins
        .iter()
        .filter(|r| r.data.incident == i || is_cited(r.src))
    {
        states.insert(r.data.state);
        let how = match r.data.link {
            Link::Territory => "was run from the territory of",
            Link::Jurisdiction => "was run by persons under the jurisdiction of",
            Link::Control => "was run from infrastructure under the control of",
        };
        let mut t = said(&format!(
            "{} {how} {}",
            id(sym.incident(r.data.incident)),
            state(r.data.state)
        ));
        at(&mut t, r.src);
        rows.push(t);
    }
    if rows.is_empty() {
        rows.push(said(&format!(
            "No origin of {} is recorded (origins.csv).",
            id(sym.incident(i))
        )));
    }
    groups.push(FactGroup {
        heading: "Its origins",
        rows,
    });

    // Perpetrators, the actors involved and the control over them.
    let mut rows = Vec::new();
    let mut actors: BTreeSet<ActorId> = BTreeSet::new();
    for r in ds
        .perpetrators
        .iter()
        .filter(|r| r.data.incident == i || is_cited(r.src))
    {
        actors.insert(r.data.actor);
        let mut t = said(&format!(
            "{} carried out {}",
            id(sym.actor(r.data.actor)),
            id(sym.incident(r.data.incident))
        ));
        at(&mut t, r.src);
        rows.push(t);
    }
    if rows.is_empty() {
        rows.push(said(&format!(
            "No perpetrator of {} is recorded (perpetrators.csv).",
            id(sym.incident(i))
        )));
    }
    for r in ds.responses.iter().filter(|r| r.data.incident == i) {
        if let Against::Actor(a) = r.data.against {
            actors.insert(a);
        }
    }
    // The controllers of those actors, up the chain.
    let mut control = Vec::new();
    let mut frontier: Vec<ActorId> = actors.iter().copied().collect();
    let mut seen: HashSet<usize> = HashSet::new();
    while let Some(a) = frontier.pop() {
        for (k, r) in ds.control.iter().enumerate() {
            if r.data.controlled == a && seen.insert(k) {
                control.push(k);
                if actors.insert(r.data.controller) {
                    frontier.push(r.data.controller);
                }
            }
        }
    }
    for (k, r) in ds.control.iter().enumerate() {
        if is_cited(r.src) && seen.insert(k) {
            control.push(k);
            actors.insert(r.data.controller);
            actors.insert(r.data.controlled);
        }
    }
    for r in ds
        .actors
        .iter()
        .filter(|r| actors.contains(&r.data.id) || is_cited(r.src))
    {
        let d = &r.data;
        let kind = match d.kind {
            ActorKind::StateOrgan => "an organ".to_string(),
            k => format!("a {}", words::closed(k.as_str())),
        };
        let whose = match (d.kind, d.state) {
            (ActorKind::StateOrgan, Some(s)) => {
                states.insert(s);
                format!(" of {}", state(s))
            }
            (_, Some(s)) => {
                states.insert(s);
                format!(" based in {}", state(s))
            }
            _ => String::new(),
        };
        let mut t = said(&format!("{} is {kind}{whose}: ", id(sym.actor(d.id))));
        t.push(&d.name);
        at(&mut t, r.src);
        rows.push(t);
    }
    control.sort_by_key(|&k| ds.control[k].src.line);
    for k in control {
        let r = &ds.control[k];
        let mut t = said(&format!(
            "{} has {} over {}",
            id(sym.actor(r.data.controller)),
            words::closed(r.data.kind.as_str()),
            id(sym.actor(r.data.controlled))
        ));
        at(&mut t, r.src);
        rows.push(t);
    }
    groups.push(FactGroup {
        heading: "Who carried it out",
        rows,
    });

    // Events, in time order.
    let mut events: Vec<&Row<EventRow>> = ds
        .events
        .iter()
        .filter(|r| r.data.incident == i || is_cited(r.src))
        .collect();
    events.sort_by_key(|r| (r.data.time, r.src.assumed, r.src.line));
    let mut rows = Vec::new();
    for r in events {
        let d = &r.data;
        states.extend(d.by.iter().chain(d.to.iter()).copied());
        let by = d.by.map(state).unwrap_or_default();
        let to = d.to.map(state).unwrap_or_default();
        let inc = id(sym.incident(d.incident));
        let what = match d.kind {
            EventKind::Notification => format!("{by} notified {to} of {inc}"),
            EventKind::AssistanceRequest => format!("{by} asked {to} for assistance against {inc}"),
            EventKind::Detection => format!("{by} detected {inc}"),
            EventKind::PublicReport => match d.by {
                Some(_) => format!("{inc} was publicly reported by {by}"),
                None => format!("{inc} was publicly reported"),
            },
            EventKind::Measure => format!("{by} took a measure against {inc}"),
            EventKind::Warning => format!("{by} warned {to} of {inc}"),
            EventKind::MlaRequest => {
                format!("{by} asked {to} for mutual legal assistance about {inc}")
            }
            EventKind::MlaResponse => {
                format!("{by} answered {to}'s request for mutual legal assistance about {inc}")
            }
            EventKind::Concern => match d.to {
                Some(_) => format!("{by} voiced concern to {to} about {inc}"),
                None => format!("{by} voiced concern about {inc}"),
            },
            EventKind::CmNotice => {
                format!("{by} notified {to} of intended countermeasures over {inc}")
            }
            EventKind::Compensation => format!("{by} paid compensation to {to} for {inc}"),
            EventKind::Satisfaction => format!("{by} gave satisfaction to {to} for {inc}"),
        };
        let mut t = said(&format!("On {}, {what}", words::date(d.time)));
        match &d.detail {
            Detail::None => {}
            Detail::Measure(m) => t.push(&format!(" ({})", words::closed(m.as_str()))),
            Detail::Mla(o) => t.push(&format!(": {}", words::closed(o.as_str()))),
            Detail::Text(s) => t.push(&format!(" ({s})")),
        }
        at(&mut t, r.src);
        rows.push(t);
    }
    if rows.is_empty() {
        rows.push(said(&format!(
            "No event about {} is recorded (events.csv).",
            id(sym.incident(i))
        )));
    }
    groups.push(FactGroup {
        heading: "What happened",
        rows,
    });

    // Responses.
    let mut responses: Vec<&Row<ResponseRow>> = ds
        .responses
        .iter()
        .filter(|r| r.data.incident == i || is_cited(r.src))
        .collect();
    responses.sort_by_key(|r| (r.data.time, r.src.assumed, r.src.line));
    let mut rows = Vec::new();
    for r in responses {
        let d = &r.data;
        states.insert(d.by);
        let against = match d.against {
            Against::State(s) => {
                states.insert(s);
                state(s)
            }
            Against::Actor(a) => id(sym.actor(a)),
        };
        let mut s = format!(
            "On {}, {} took {} {} measures ({}) against {against} over {}, of {} severity, {}, {}{}",
            words::date(d.time),
            state(d.by),
            if d.urgent { "urgent" } else { "non-urgent" },
            words::closed(d.means.as_str()),
            id(sym.response(d.id)),
            id(sym.incident(d.incident)),
            d.severity.as_str(),
            if d.uses_force { "using force" } else { "without force" },
            if d.reversible { "reversible" } else { "irreversible" },
            match d.on_behalf_of {
                Some(o) => {
                    states.insert(o);
                    format!(", on behalf of {}", state(o))
                }
                None => String::new(),
            }
        );
        s = s.replace(
            "took non-urgent retorsion measures",
            "took measures of retorsion",
        );
        s = s.replace(
            "took urgent retorsion measures",
            "took urgent measures of retorsion",
        );
        let mut t = said(&s);
        at(&mut t, r.src);
        rows.push(t);
    }
    if rows.is_empty() {
        rows.push(said(&format!(
            "No response to {} is recorded (responses.csv).",
            id(sym.incident(i))
        )));
    }
    groups.push(FactGroup {
        heading: "Responses",
        rows,
    });

    // The states involved, their institutions where an argument relies on them, and
    // vulnerabilities an argument cites.
    let mut rows = Vec::new();
    for r in ds
        .states
        .iter()
        .filter(|r| states.contains(&r.data.id) || is_cited(r.src))
    {
        let d = &r.data;
        let cap = match d.capacity {
            Capacity::Undocumented => "its capacity is not documented".to_string(),
            c => format!("of {} capacity", c.as_str()),
        };
        let mut t = said(&format!(
            "{} (`{}`), {cap}",
            d.name,
            sym.state(d.id).replace('`', "'")
        ));
        at(&mut t, r.src);
        rows.push(t);
    }
    groups.push(FactGroup {
        heading: "The states",
        rows,
    });
    let mut rows = Vec::new();
    for r in ds.institutions.iter().filter(|r| is_cited(r.src)) {
        let d = &r.data;
        let mut s = format!(
            "{}'s {}",
            state(d.state),
            words::closed(d.institution.as_str())
        );
        match (d.status, d.since) {
            (InstitutionStatus::InForce, Some(t)) => {
                s.push_str(&format!(" is in force since {}", words::date(t)))
            }
            (InstitutionStatus::InForce, None) => s.push_str(" is in force"),
            (InstitutionStatus::Absent, Some(t)) => s.push_str(&format!(
                " is documented as lacking since {}",
                words::date(t)
            )),
            (InstitutionStatus::Absent, None) => s.push_str(" is documented as lacking"),
        }
        let mut t = said(&s);
        at(&mut t, r.src);
        rows.push(t);
    }
    if !rows.is_empty() {
        groups.push(FactGroup {
            heading: "Their institutions, where they decide something",
            rows,
        });
    }
    let mut rows = Vec::new();
    for r in ds.vulnerabilities.iter().filter(|r| is_cited(r.src)) {
        let d = &r.data;
        let mut t = said(&format!(
            "{} knew of vulnerability {} since {}",
            state(d.known_by),
            id(sym.vuln(d.id)),
            words::date(d.since)
        ));
        t.push(&format!(" ({})", d.product));
        match d.disclosed {
            Some(x) => t.push(&format!(", disclosed on {}", words::date(x))),
            None => t.push(", not disclosed"),
        }
        at(&mut t, r.src);
        rows.push(t);
    }
    if !rows.is_empty() {
        groups.push(FactGroup {
            heading: "Vulnerabilities",
            rows,
        });
    }
    groups.retain(|g| !g.rows.is_empty());
    groups
}

impl Memo {
    /// The memo as Markdown, for pasting into a brief.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }

    /// The memo as one self-contained, print-ready HTML page.
    pub fn to_html(&self) -> String {
        render::html(self)
    }

    /// Every answer of the memo, question by question.
    pub fn answers(&self) -> impl Iterator<Item = (&Question, &Answer)> {
        self.questions
            .iter()
            .flat_map(|q| q.answers.iter().map(move |a| (q, a)))
    }
}
