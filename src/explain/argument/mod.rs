//! Legal arguments: what `explain` and `why-not` print by default, and what the report,
//! the memo and the web playground render. One model, several outputs.
//!
//! An [`Argument`] is a claim (a conclusion that holds, or one that does not) and the
//! numbered [`Finding`]s it rests on, each a sentence with the catalogue rule it applies
//! (`[RULE-ID; status; source]`, in full the first time a rule is cited, by id after), its
//! grounds (sub-findings by number, input rows as `FILE:LINE`, conditions as sentences with
//! their values and the profile positions they read), and the decisions written beside the
//! clause. It is built from a proof ([`Argument::explain`]) or a why-not
//! ([`Argument::why_not`]) by [`build`], and rendered by [`render`] as plain text
//! ([`Argument::to_text`]), Markdown ([`Argument::to_markdown`]) or HTML
//! ([`Argument::to_html`]); [`Argument::mark_node`] and friends give the finding and text of
//! every proof node for JSON.
//!
//! How a proof becomes an argument:
//! - method steps (rules STATUS and EARLIEST, and rows that only restate a premise) are
//!   folded into the finding that uses them; they are never a finding of their own;
//! - a finding used twice is cited by its number the second time; an input row is cited
//!   once in the whole argument;
//! - a premise checked absent reads as a finding of fact, from the why-not of that premise
//!   ("no measure by Borduria about `hosp` is recorded (events.csv)");
//! - guards read as their clause's sentences (`#[guard("…", "…")]` in the rule program),
//!   filled with the values of the clause's variables and the profile positions they read.

pub mod build;
pub mod render;

use std::collections::HashMap;

use serde::Serialize;

use crate::explain::provenance::Proof;
use crate::explain::whynot::WhyNot;
use crate::rules::catalogue::RuleId;
use crate::rules::engine::Value;
use crate::rules::program::Fact;
use crate::Evaluation;

/// A legal argument: a claim and the numbered findings it rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Argument {
    /// What is argued.
    pub claim: Claim,
    /// The findings, numbered from 1 in reading order: a finding's sub-findings follow it,
    /// one level deeper ([`Finding::depth`]).
    pub findings: Vec<Finding>,
    /// Where each proof node and why-not step is stated (for JSON).
    #[serde(skip)]
    marks: Marks,
}

/// The claim of an argument: a conclusion that holds (explain) or does not (why-not).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Claim {
    /// True for a conclusion that holds.
    pub holds: bool,
    /// The atom, as the data model writes it: `negligent(BB, hosp)`.
    pub atom: String,
    /// The conclusion as a sentence.
    pub statement: Text,
    /// The rules it rests on (for a why-not: the rules that could have derived it).
    pub cites: Vec<Cite>,
    /// Grounds stated in the claim itself (an input row's citation, when the claim is an
    /// input row); the findings hold the others.
    pub grounds: Vec<Ground>,
    /// Decisions and catalogue notes that bear on the claim itself.
    pub notes: Vec<Text>,
}

/// One numbered finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Its number (from 1).
    pub number: usize,
    /// Its nesting: 1 for a ground of the claim, 2 for a ground of such a finding, …
    pub depth: usize,
    /// The finding it is a ground of (`None`: the claim).
    pub parent: Option<usize>,
    /// True when it finds that something holds, false when it finds that something does not.
    pub holds: bool,
    /// The row it states, as the data model writes it (`None` for a list of grounds of the
    /// claim that have no sentence of their own).
    pub atom: Option<String>,
    /// What is found (empty for a list of grounds of the claim).
    pub statement: Text,
    /// Why, in order.
    pub grounds: Vec<Ground>,
    /// The rules applied (empty where each ground cites its own).
    pub cites: Vec<Cite>,
    /// The decisions written beside the clauses applied, and catalogue notes, each once per
    /// argument.
    pub notes: Vec<Text>,
}

/// One ground of a finding: a sub-finding, an input row, a condition, a missing fact.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ground {
    /// The ground as a sentence (with its row citations, its reference and its cite).
    pub text: Text,
    /// The finding it refers to, if any.
    pub finding: Option<usize>,
    /// Identifies the ground while the argument is built.
    #[serde(skip)]
    pub(crate) uid: usize,
    /// The input row it only restates, if any (left out where that row is cited already).
    #[serde(skip)]
    pub(crate) row: Option<crate::facts::Src>,
}

/// A citation of a catalogue rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Cite {
    /// The rule.
    #[serde(serialize_with = "rule_code")]
    pub rule: RuleId,
    /// In full (`[ID; status; source]`, the first citation of the rule in the argument) or
    /// by id (`[ID]`).
    pub full: bool,
}

fn rule_code<S: serde::Serializer>(r: &RuleId, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.code())
}

/// Text with marks for the renderers: ids, row citations, references, citations.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Text(pub Vec<Span>);

/// A piece of [`Text`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Span {
    /// Words.
    Plain {
        /// The words.
        text: String,
    },
    /// An id (incident, actor, response, vulnerability, campaign): `hosp`.
    Id {
        /// The id as written in the input.
        text: String,
    },
    /// Citations of input rows, printed in parentheses: `(events.csv:14; institutions.csv:67)`.
    /// Each row is cited once in an argument; a citation of rows cited before is left out.
    Rows {
        /// `FILE:LINE` of each row.
        rows: Vec<String>,
    },
    /// One row in a list of rows of one file: `at` is `FILE:LINE`, `label` what is printed
    /// (`line 36`, `37`).
    Row {
        /// `FILE:LINE`.
        at: String,
        /// The printed text.
        label: String,
    },
    /// An input file, where a fact is missing from it: `events.csv`.
    File {
        /// The file name.
        name: String,
    },
    /// A reference to a finding by its number.
    Ref {
        /// The finding's number.
        number: usize,
    },
    /// A citation of a catalogue rule.
    Cite {
        /// The citation.
        cite: Cite,
    },
}

impl Text {
    /// Text from a sentence whose ids are in backticks (as [`crate::explain::words`]
    /// writes them).
    pub fn from_marked(s: &str) -> Text {
        let mut t = Text::default();
        for (k, part) in s.split('`').enumerate() {
            if part.is_empty() {
                continue;
            }
            if k % 2 == 1 {
                t.0.push(Span::Id {
                    text: part.to_string(),
                });
            } else {
                t.push(part);
            }
        }
        t
    }

    /// Appends words.
    pub fn push(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Span::Plain { text }) = self.0.last_mut() {
            text.push_str(s);
        } else {
            self.0.push(Span::Plain {
                text: s.to_string(),
            });
        }
    }

    /// Appends a span.
    pub fn span(&mut self, s: Span) {
        match s {
            Span::Plain { text } => self.push(&text),
            s => self.0.push(s),
        }
    }

    /// Appends other text.
    pub fn append(&mut self, other: &Text) {
        for s in &other.0 {
            self.span(s.clone());
        }
    }

    /// True when there is nothing to say.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text as plain text (ids in backticks).
    pub fn plain(&self) -> String {
        render::text_plain(self)
    }

    /// The text as Markdown, marked as arguments mark it.
    pub fn to_markdown(&self) -> String {
        render::text_markdown(self)
    }

    /// The text as HTML, marked as arguments mark it (no references to findings expected:
    /// they would link to `#fN`).
    pub fn to_html(&self) -> String {
        render::text_html(self, "")
    }
}

/// Where the argument states a proof node or a why-not attempt: its finding's number and
/// what it prints for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// The finding (0: the claim).
    pub finding: usize,
    /// What it prints.
    pub says: Says,
}

/// What an argument prints for a proof node or step.
#[derive(Clone, Debug, PartialEq)]
pub enum Says {
    /// The node is the finding itself (its text is the finding's line).
    Finding,
    /// The node is a ground of the finding, printed as this text.
    Ground(Text),
    /// Nothing of its own: a method step folded into the finding, or an input row already
    /// cited elsewhere.
    Nothing,
}

/// Keys of [`Marks`]: a proof node, one step of a proof node, or a missing atom of a
/// why-not (with one of its clause attempts).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum MarkKey {
    Node(Fact),
    Step(Fact, usize),
    Missing(&'static str, Vec<Option<Value>>),
    Attempt(&'static str, Vec<Option<Value>>, usize, usize),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Marks(pub(crate) HashMap<MarkKey, Mark>);

impl Argument {
    /// The argument for a proof: why its row holds.
    ///
    /// ```rust
    /// use diligence::explain::argument::Argument;
    /// use diligence::rules::catalogue::RuleId;
    /// use diligence::{evaluate, facts, profile, EvalOptions};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let ev = evaluate(
    ///     facts::shipped::load()?,
    ///     profile::load_profile("kreuzer-2024")?,
    ///     &EvalOptions::default(),
    /// );
    /// let proofs = diligence::explain(&ev, "negligent(RU, colonial-2021)")?;
    /// let argument = Argument::explain(&ev, &proofs[0]);
    /// assert!(argument.claim.holds);
    /// assert_eq!(argument.claim.atom, "negligent(RU, colonial-2021)");
    /// assert!(argument.claim.cites.iter().any(|c| c.rule == RuleId::BREACH_NEGLIGENT));
    /// // The text cites the input rows it rests on by file and line.
    /// let text = argument.to_text();
    /// assert!(text.contains("incidents.csv:18"), "{text}");
    /// # Ok(())
    /// # }
    /// ```
    pub fn explain(ev: &Evaluation, proof: &Proof) -> Argument {
        build::Builder::new(ev).explain(proof)
    }

    /// The argument for a why-not: why no row matches its atom.
    ///
    /// ```rust
    /// use diligence::explain::argument::Argument;
    /// use diligence::{evaluate, facts, profile, EvalOptions};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let ev = evaluate(
    ///     facts::shipped::load()?,
    ///     profile::load_profile("kreuzer-2024")?,
    ///     &EvalOptions::default(),
    /// );
    /// let why = diligence::why_not(&ev, "negligent(US, colonial-2021)", 2)?;
    /// let argument = Argument::why_not(&ev, &why);
    /// assert!(!argument.claim.holds);
    /// assert!(!argument.findings.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn why_not(ev: &Evaluation, w: &WhyNot) -> Argument {
        build::Builder::new(ev).why_not(w)
    }

    /// The argument as plain text: the claim, `because:` and the findings, one line each,
    /// indented by depth; ids in backticks.
    pub fn to_text(&self) -> String {
        render::text(self)
    }

    /// The argument as Markdown: the claim in bold, the findings as a nested list.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }

    /// The argument as an HTML fragment (`<div class="argument">`), findings as nested
    /// ordered lists whose items have ids `{anchor}f{N}` so that references link to them.
    pub fn to_html(&self, anchor: &str) -> String {
        render::html(self, anchor)
    }

    /// The finding with this number (1-based).
    pub fn finding(&self, number: usize) -> Option<&Finding> {
        self.findings.get(number.checked_sub(1)?)
    }

    /// One line of plain text per finding: what JSON's `text` fields hold.
    pub fn finding_text(&self, number: usize) -> String {
        match number {
            0 => render::claim_plain(self),
            n => self
                .finding(n)
                .map(render::finding_plain)
                .unwrap_or_default(),
        }
    }

    /// Where the argument states a proof node: `(finding, text)`; the claim is finding 0.
    pub fn mark_node(&self, fact: &Fact) -> Option<(usize, String)> {
        self.mark_text(&MarkKey::Node(*fact))
    }

    /// Where the argument states step `step` (0-based, in the clause's body order) of a
    /// proof node: a guard, a checked absence.
    pub fn mark_step(&self, fact: &Fact, step: usize) -> Option<(usize, String)> {
        self.mark_text(&MarkKey::Step(*fact, step))
    }

    /// Where the argument states a missing atom of a why-not (`rel`, `pattern`): its
    /// finding and that finding's line.
    pub fn mark_missing(
        &self,
        rel: &'static str,
        pattern: &[Option<Value>],
    ) -> Option<(usize, String)> {
        self.mark_text(&MarkKey::Missing(rel, pattern.to_vec()))
    }

    /// Where the argument states attempt `attempt` of clause entry `clause` (indices into
    /// [`WhyNot::clauses`] and its failures) of the why-not of (`rel`, `pattern`).
    pub fn mark_attempt(
        &self,
        rel: &'static str,
        pattern: &[Option<Value>],
        clause: usize,
        attempt: usize,
    ) -> Option<(usize, String)> {
        self.mark_text(&MarkKey::Attempt(rel, pattern.to_vec(), clause, attempt))
    }

    fn mark_text(&self, key: &MarkKey) -> Option<(usize, String)> {
        let m = self.marks.0.get(key)?;
        let text = match &m.says {
            Says::Finding => self.finding_text(m.finding),
            Says::Ground(t) => t.plain(),
            Says::Nothing => String::new(),
        };
        Some((m.finding, text))
    }
}

/// Writes a proof node's place in the argument into its JSON (`finding`: the number of the
/// finding that states it, `text`: what it says there); nothing when no argument was built.
pub(crate) fn json_mark(
    with_argument: bool,
    m: Option<(usize, String)>,
    j: &mut serde_json::Value,
) {
    if with_argument {
        let (n, t) = match m {
            Some((n, t)) => (serde_json::json!(n), t),
            None => (serde_json::Value::Null, String::new()),
        };
        j["finding"] = n;
        j["text"] = serde_json::Value::String(t);
    }
}
