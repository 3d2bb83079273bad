//! `diligence agree --coding eurepoc GLOBAL.csv`: the conclusions on an imported EuRepoC
//! dataset against EuRepoC's own legal coding, per item and profile.
//!
//! Items (EuRepoC's column and value against our conclusion about the incident):
//!
//! | item | EuRepoC says yes / no | ours |
//! | --- | --- | --- |
//! | `responsibility` | `state_responsibility_indicator` `Direct …` or `Indirect …` / `None/Negligent` | `attributed(I, _)` (ATTR-*) |
//! | `sovereignty` | `IL_breach_indicator` lists `Sovereignty` / coded without it | `significant(I, SIG-SOVEREIGNTY, _)` |
//! | `intervention` | `IL_breach_indicator_subcode` lists `Prohibition of intervention` / coded without it | `significant(I, SIG-INTERVENTION, _)` |
//! | `force` | `IL_breach_indicator_subcode` lists `Use of force` / coded without it | `significant(I, SIG-FORCE, _)` |
//! | `espionage` | `IL_breach_indicator` lists `Cyber espionage` / coded without it | `significant(I, SIG-ESPIONAGE, _)` |
//! | `due-diligence` | `IL_breach_indicator` lists `Due diligence` / coded without it | `negligent(_, I)` |
//! | `countermeasures` | `legal_response_indicator` `Countermeasures … justified` / `Unfriendly acts/retorsions justified …` or `No response justified …` | `wrongful(_, _, I, _)`: some wrongful act towards a victim |
//!
//! `None/Negligent` lumps "no state responsibility" with "negligence", so it is a "no" for
//! attribution and cannot be tested against `negligent`; negligence is tested through the
//! breach ground `Due diligence`.
//!
//! What counts:
//! - only coded values: `Not available` and empty are left out (not a "no");
//! - an item the profile cannot produce is **not applicable** (SIG-SOVEREIGNTY without a
//!   sovereignty rule, `negligent` under `no-due-diligence`), not a disagreement;
//! - an incident whose facts cannot decide the item (its [`coverage`] cell is `missing`
//!   and ours is "no") is counted apart as **undecidable**; the rest are **decidable**;
//! - coded incidents that are not in the dataset (skipped by the import) are counted apart.
//!
//! Statistics over the decidable incidents, from the 2×2 table (a: both yes, b: EuRepoC
//! yes and ours no, c: EuRepoC no and ours yes, d: both no; n = a + b + c + d):
//! - raw agreement p_o = (a + d) / n;
//! - Cohen's κ = (p_o − p_e) / (1 − p_e), p_e = ((a+b)(a+c) + (c+d)(b+d)) / n²; **undefined**
//!   when p_e = 1 (both sides give one and the same answer throughout: there is no
//!   disagreement to be expected by chance, and κ is 0/0): printed `undefined`, JSON `null`;
//! - Gwet's AC1 = (p_o − p_e) / (1 − p_e), p_e = 2π(1 − π), π = ((a+b) + (a+c)) / 2n; p_e is at
//!   most ½, so AC1 is defined whenever n > 0 (it stays meaningful when one answer
//!   dominates, where κ collapses: the "kappa paradox");
//! - share decidable = decidable / coded.
//!
//! With n = 0 every statistic is undefined.
//!
//! The profile that agrees best overall is the one with the highest AC1 over the table
//! pooled over the items that every compared profile can produce (ties: raw agreement, then
//! name); each profile's pool over all its applicable items is shown too.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use crate::analysis::coverage::{self, Cell, Conclusion};
use crate::facts::{Dataset, IncidentId, InputError, InputErrors};
use crate::import::eurepoc;
use crate::import::source::Source;
use crate::profile::{Profile, Sovereignty};
use crate::rules::catalogue::RuleId;
use crate::{evaluate, EvalOptions, Evaluation};

/// The items compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    /// State responsibility: EuRepoC's direct or indirect responsibility against
    /// `attributed` (ATTR-*).
    Responsibility,
    /// A breach of sovereignty against the SIG-SOVEREIGNTY ground.
    Sovereignty,
    /// A breach of the prohibition of intervention against the SIG-INTERVENTION ground.
    Intervention,
    /// A use of force against the SIG-FORCE ground.
    Force,
    /// Cyber espionage against the SIG-ESPIONAGE ground.
    Espionage,
    /// A breach of due diligence against `negligent`.
    DueDiligence,
    /// Countermeasures justified against a wrongful act towards a victim (`wrongful`).
    Countermeasures,
}

impl Item {
    /// Every item, in output order.
    pub const ALL: [Item; 7] = [
        Item::Responsibility,
        Item::Sovereignty,
        Item::Intervention,
        Item::Force,
        Item::Espionage,
        Item::DueDiligence,
        Item::Countermeasures,
    ];

    /// The item's name.
    pub fn name(self) -> &'static str {
        match self {
            Item::Responsibility => "responsibility",
            Item::Sovereignty => "sovereignty",
            Item::Intervention => "intervention",
            Item::Force => "force",
            Item::Espionage => "espionage",
            Item::DueDiligence => "due-diligence",
            Item::Countermeasures => "countermeasures",
        }
    }

    /// What EuRepoC's "yes" is.
    pub fn eurepoc(self) -> &'static str {
        match self {
            Item::Responsibility => "responsibility Direct or Indirect",
            Item::Sovereignty => "IL breach: Sovereignty",
            Item::Intervention => "IL breach: Prohibition of intervention",
            Item::Force => "IL breach: Use of force",
            Item::Espionage => "IL breach: Cyber espionage",
            Item::DueDiligence => "IL breach: Due diligence",
            Item::Countermeasures => "countermeasures justified",
        }
    }

    /// What our "yes" is (an atom pattern with `I` for the incident).
    pub fn ours(self) -> &'static str {
        match self {
            Item::Responsibility => "attributed(I, _)",
            Item::Sovereignty => "significant(I, SIG-SOVEREIGNTY, _)",
            Item::Intervention => "significant(I, SIG-INTERVENTION, _)",
            Item::Force => "significant(I, SIG-FORCE, _)",
            Item::Espionage => "significant(I, SIG-ESPIONAGE, _)",
            Item::DueDiligence => "negligent(_, I)",
            Item::Countermeasures => "wrongful(_, _, I, _)",
        }
    }

    /// The atom explained for incident `id`: the item's conclusion, or for a ground the
    /// `sig_ground` row that gives it (so that the rule named is the ground's own).
    pub fn reason_atom(self, id: &str) -> String {
        match self {
            Item::Sovereignty => format!("sig_ground({id}, _, SIG-SOVEREIGNTY, _)"),
            Item::Intervention => format!("sig_ground({id}, _, SIG-INTERVENTION, _)"),
            Item::Force => format!("sig_ground({id}, _, SIG-FORCE, _)"),
            Item::Espionage => format!("sig_ground({id}, _, SIG-ESPIONAGE, _)"),
            other => other.atom(id),
        }
    }

    /// The atom for incident `id`.
    pub fn atom(self, id: &str) -> String {
        self.ours()
            .replace("(I", &format!("({id}"))
            .replace(", I)", &format!(", {id})"))
            .replace(", I,", &format!(", {id},"))
    }

    /// The significance ground of the item, if it is one.
    pub fn ground(self) -> Option<RuleId> {
        match self {
            Item::Sovereignty => Some(RuleId::SIG_SOVEREIGNTY),
            Item::Intervention => Some(RuleId::SIG_INTERVENTION),
            Item::Force => Some(RuleId::SIG_FORCE),
            Item::Espionage => Some(RuleId::SIG_ESPIONAGE),
            _ => None,
        }
    }

    /// The coverage conclusion that says whether the facts can decide it.
    pub fn conclusion(self) -> Conclusion {
        match self {
            Item::Responsibility => Conclusion::Attribution,
            Item::Sovereignty | Item::Intervention | Item::Force | Item::Espionage => {
                Conclusion::Significance
            }
            Item::DueDiligence => Conclusion::Breach,
            Item::Countermeasures => Conclusion::Wrongful,
        }
    }

    /// Whether a profile can produce the item at all.
    pub fn applicable(self, p: &crate::profile::Params) -> bool {
        match self {
            Item::Sovereignty => p.sovereignty != Sovereignty::None,
            Item::DueDiligence => p.due_diligence,
            _ => true,
        }
    }
}

/// EuRepoC's legal coding of one incident: per item, the coded answer and its label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coding {
    /// EuRepoC's `ID`.
    pub id: String,
    /// The line of the Global Database.
    pub line: u64,
    /// Per item: `Some((yes, label))` when coded.
    pub items: BTreeMap<Item, (bool, String)>,
}

/// Reads the legal coding of the Global Database; unknown values are positioned errors.
pub fn read_coding(path: &Path) -> Result<Vec<Coding>, InputErrors> {
    let mut errors: Vec<InputError> = Vec::new();
    let Some(src) = Source::read(path, eurepoc::CODING_COLUMNS, &mut errors) else {
        errors.sort();
        return Err(InputErrors(errors));
    };
    let mut out = Vec::new();
    for r in src.rows() {
        let mut c = Coding {
            id: r.get("ID").to_string(),
            line: r.line,
            items: BTreeMap::new(),
        };
        let resp = r.get("state_responsibility_indicator");
        match resp {
            "" | "Not available" => {}
            s if s.starts_with("Direct") => {
                c.items.insert(Item::Responsibility, (true, "Direct".into()));
            }
            s if s.starts_with("Indirect") => {
                c.items.insert(Item::Responsibility, (true, "Indirect".into()));
            }
            "None/Negligent" => {
                c.items.insert(Item::Responsibility, (false, "None/Negligent".into()));
            }
            other => errors.push(r.error(
                "state_responsibility_indicator",
                format!("unknown value `{other}`; the mapping knows `Direct …`, `Indirect …`, `None/Negligent`, `Not available`, (empty)"),
            )),
        }
        let breach = r.get("IL_breach_indicator");
        if !matches!(breach, "" | "Not available") {
            let cats: Vec<&str> = breach.split(';').map(str::trim).collect();
            let subs: Vec<&str> = r
                .get("IL_breach_indicator_subcode")
                .split(';')
                .map(str::trim)
                .collect();
            let label = breach.to_string();
            let has = |x: &str| cats.contains(&x);
            let sub = |x: &str| subs.contains(&x);
            c.items
                .insert(Item::Sovereignty, (has("Sovereignty"), label.clone()));
            c.items.insert(
                Item::Intervention,
                (sub("Prohibition of intervention"), label.clone()),
            );
            c.items
                .insert(Item::Force, (sub("Use of force"), label.clone()));
            c.items
                .insert(Item::Espionage, (has("Cyber espionage"), label.clone()));
            c.items
                .insert(Item::DueDiligence, (has("Due diligence"), label));
        }
        let response = r.get("legal_response_indicator");
        match response {
            "" | "Not available" => {}
            s if s.starts_with("Countermeasures") => {
                c.items.insert(Item::Countermeasures, (true, "Countermeasures justified".into()));
            }
            s if s.starts_with("Unfriendly acts") => {
                c.items.insert(Item::Countermeasures, (false, "Unfriendly acts/retorsions justified".into()));
            }
            s if s.starts_with("No response justified") => {
                c.items.insert(Item::Countermeasures, (false, "No response justified".into()));
            }
            other => errors.push(r.error(
                "legal_response_indicator",
                format!("unknown value `{other}`; the mapping knows `Countermeasures …`, `Unfriendly acts …`, `No response justified …`, `Not available`, (empty)"),
            )),
        }
        out.push(c);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort();
        Err(InputErrors(errors))
    }
}

/// A 2×2 table: EuRepoC's answer against ours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// a: both yes.
    pub yes_yes: usize,
    /// b: EuRepoC yes, ours no.
    pub yes_no: usize,
    /// c: EuRepoC no, ours yes.
    pub no_yes: usize,
    /// d: both no.
    pub no_no: usize,
}

impl Table {
    /// n.
    pub fn n(&self) -> usize {
        self.yes_yes + self.yes_no + self.no_yes + self.no_no
    }

    /// Adds another table.
    pub fn add(&mut self, o: &Table) {
        self.yes_yes += o.yes_yes;
        self.yes_no += o.yes_no;
        self.no_yes += o.no_yes;
        self.no_no += o.no_no;
    }

    /// Raw agreement (a + d) / n; `None` when n = 0.
    pub fn raw(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| (self.yes_yes + self.no_no) as f64 / n as f64)
    }

    /// Cohen's κ; `None` when n = 0 or the expected agreement is 1.
    pub fn kappa(&self) -> Option<f64> {
        let n = self.n() as u128;
        if n == 0 {
            return None;
        }
        let (a, b, c, d) = (
            self.yes_yes as u128,
            self.yes_no as u128,
            self.no_yes as u128,
            self.no_no as u128,
        );
        let chance = (a + b) * (a + c) + (c + d) * (b + d);
        if chance == n * n {
            return None;
        }
        let po = (a + d) as f64 / n as f64;
        let pe = chance as f64 / (n * n) as f64;
        Some((po - pe) / (1.0 - pe))
    }

    /// Gwet's AC1; `None` when n = 0.
    pub fn ac1(&self) -> Option<f64> {
        let n = self.n() as f64;
        if self.n() == 0 {
            return None;
        }
        let po = (self.yes_yes + self.no_no) as f64 / n;
        let pi = ((self.yes_yes + self.yes_no) + (self.yes_yes + self.no_yes)) as f64 / (2.0 * n);
        let pe = 2.0 * pi * (1.0 - pi);
        Some((po - pe) / (1.0 - pe))
    }
}

/// One disagreement.
#[derive(Clone, Debug, PartialEq)]
pub struct Disagreement {
    /// Our incident id.
    pub incident: String,
    /// EuRepoC's line.
    pub line: u64,
    /// The item.
    pub item: Item,
    /// EuRepoC's answer and its label.
    pub eurepoc: (bool, String),
    /// Ours.
    pub ours: bool,
    /// The rule that fired, or the first failing premise.
    pub reason: String,
}

/// The result of one item under one profile.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemResult {
    /// The item.
    pub item: Item,
    /// False: the profile cannot produce the item (nothing counted).
    pub applicable: bool,
    /// Coded by EuRepoC and in the dataset.
    pub coded: usize,
    /// Coded by EuRepoC but not in the dataset (skipped by the import).
    pub not_in_dataset: usize,
    /// Coded, but the facts cannot decide it.
    pub undecidable: usize,
    /// The 2×2 table over the decidable incidents.
    pub table: Table,
}

impl ItemResult {
    /// Decidable / coded; `None` when nothing is coded.
    pub fn share_decidable(&self) -> Option<f64> {
        (self.coded > 0).then(|| self.table.n() as f64 / self.coded as f64)
    }
}

/// The results under one profile.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileResult {
    /// The profile's name.
    pub profile: String,
    /// The evaluation time, as printed.
    pub as_of: String,
    /// One result per item, in [`Item::ALL`] order.
    pub items: Vec<ItemResult>,
    /// The pooled table over the applicable items.
    pub overall: Table,
    /// The pooled table over the items every compared profile can produce (for ranking).
    pub common: Table,
    /// The incidents where EuRepoC's coding and our conclusion differ, with the reason.
    pub disagreements: Vec<Disagreement>,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    /// Coded incidents (any item) in the file.
    pub coded_incidents: usize,
    /// Incidents of the dataset matched to the file.
    pub matched: usize,
    /// One result per compared profile, in the order given.
    pub profiles: Vec<ProfileResult>,
}

impl Agreement {
    /// The profile that agrees best overall: the highest AC1 of the table pooled over the
    /// items every compared profile can produce (so that a profile is not ranked up for
    /// leaving an item out), then raw agreement, then name.
    pub fn best(&self) -> Option<&ProfileResult> {
        let key = |p: &ProfileResult| {
            (
                p.common.ac1().unwrap_or(f64::NEG_INFINITY),
                p.common.raw().unwrap_or(f64::NEG_INFINITY),
            )
        };
        self.profiles
            .iter()
            .filter(|p| p.common.n() > 0)
            .max_by(|a, b| {
                let (ka, kb) = (key(a), key(b));
                ka.0.total_cmp(&kb.0)
                    .then(ka.1.total_cmp(&kb.1))
                    .then(b.profile.cmp(&a.profile))
            })
    }
}

/// Why our side answers as it does: the rule that fired (from `explain`) or the first
/// failing premise down the why-not tree (from `why-not`). Kept in one function so that a
/// richer renderer of explanations can replace it.
/// `only`: follow only the clauses of this rule at the top (a significance ground).
pub fn reason(ev: &Evaluation, atom: &str, ours: bool, only: Option<RuleId>) -> String {
    if ours {
        match crate::explain(ev, atom) {
            Ok(proofs) => match proofs.first() {
                Some(top) => {
                    let sentence = crate::explain::sentences::sentence(&top.fact, &ev.dataset)
                        .unwrap_or_else(|| {
                            crate::explain::provenance::atom_text(&top.fact, &ev.dataset.symbols)
                        });
                    // Down through the method steps (STATUS, EARLIEST) to the rule of law.
                    let mut p = top.clone();
                    while let crate::explain::provenance::Node::Derived { rule, steps, .. } =
                        &p.node
                    {
                        if rule.family() != "STATUS" {
                            break;
                        }
                        let Some(next) = steps.iter().find_map(|s| match s {
                            crate::explain::provenance::ProofStep::Premise(q) => Some(q.clone()),
                            _ => None,
                        }) else {
                            break;
                        };
                        p = next;
                    }
                    match &p.node {
                        crate::explain::provenance::Node::Derived { rule, .. } => {
                            format!(
                                "{rule} ({}; {}): {sentence}",
                                rule.status().as_str(),
                                rule.source()
                            )
                        }
                        crate::explain::provenance::Node::Input { .. } => sentence,
                    }
                }
                None => String::new(),
            },
            Err(e) => e,
        }
    } else {
        match crate::why_not(ev, atom, 8) {
            Ok(w) => first_failure(&w, ev, only),
            Err(e) => e,
        }
    }
}

/// Why the atom does not hold, as the legal argument states it (issue 12): for each clause
/// that could derive it (of rule `only`, if given), `RULE: REASON`, the reason being the
/// argument's sentence for that clause's first failed attempt, with the rows it cites; one
/// reason per distinct sentence, joined by ` | `. Falls back to the argument's claim when
/// the argument states no attempt (no rule derives the atom).
fn first_failure(
    w: &crate::explain::whynot::WhyNot,
    ev: &Evaluation,
    only: Option<RuleId>,
) -> String {
    let a = crate::explain::argument::Argument::why_not(ev, w);
    let reasons: Vec<String> = w
        .clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| only.is_none_or(|r| c.rule == r) && !c.failures.is_empty())
        .filter_map(|(k, c)| {
            let (_, text) = a.mark_attempt(w.rel, &w.pattern, k, 0)?;
            let text = text.trim().trim_end_matches('.').to_string();
            (!text.is_empty()).then(|| format!("{}: {text}", c.rule))
        })
        .fold(Vec::new(), |mut v, c| {
            if !v.contains(&c) {
                v.push(c);
            }
            v
        });
    if reasons.is_empty() {
        return a.finding_text(0).trim_end_matches(", because:").to_string();
    }
    reasons.join(" | ")
}

/// Compares the dataset's conclusions under each profile with the coding.
pub fn agree(
    ds: &Dataset,
    codings: &[Coding],
    profiles: &[Profile],
    opts: &EvalOptions,
) -> Agreement {
    // EuRepoC id → our incident id.
    let by_source: HashMap<&str, IncidentId> = ds
        .incidents
        .iter()
        .filter_map(|r| eurepoc::id_of_source(&r.data.source).map(|id| (id, r.data.id)))
        .collect();
    let coded: Vec<&Coding> = codings.iter().filter(|c| !c.items.is_empty()).collect();
    let matched = coded
        .iter()
        .filter(|c| by_source.contains_key(c.id.as_str()))
        .count();
    let mut results = Vec::new();
    for prof in profiles {
        let ev = evaluate(ds.clone(), prof.clone(), opts);
        let cov = coverage::coverage(&ev);
        let sym = &ev.dataset.symbols;
        let m = &ev.model;
        let attributed: std::collections::BTreeSet<IncidentId> =
            m.attributed.iter().map(|t| t.0).collect();
        let grounds: std::collections::BTreeSet<(IncidentId, RuleId)> =
            m.significant.iter().map(|t| (t.0, t.1)).collect();
        let negligent: std::collections::BTreeSet<IncidentId> =
            m.negligent.iter().map(|t| t.1).collect();
        let wrongful: std::collections::BTreeSet<IncidentId> =
            m.wrongful.iter().map(|t| t.2).collect();
        let ours = |item: Item, i: IncidentId| match item {
            Item::Responsibility => attributed.contains(&i),
            Item::Sovereignty => grounds.contains(&(i, RuleId::SIG_SOVEREIGNTY)),
            Item::Intervention => grounds.contains(&(i, RuleId::SIG_INTERVENTION)),
            Item::Force => grounds.contains(&(i, RuleId::SIG_FORCE)),
            Item::Espionage => grounds.contains(&(i, RuleId::SIG_ESPIONAGE)),
            Item::DueDiligence => negligent.contains(&i),
            Item::Countermeasures => wrongful.contains(&i),
        };
        let mut items = Vec::new();
        let mut overall = Table::default();
        let mut disagreements = Vec::new();
        for item in Item::ALL {
            let mut r = ItemResult {
                item,
                applicable: item.applicable(&ev.params),
                coded: 0,
                not_in_dataset: 0,
                undecidable: 0,
                table: Table::default(),
            };
            if r.applicable {
                for c in &coded {
                    let Some((theirs, label)) = c.items.get(&item) else {
                        continue;
                    };
                    let Some(&i) = by_source.get(c.id.as_str()) else {
                        r.not_in_dataset += 1;
                        continue;
                    };
                    r.coded += 1;
                    let o = ours(item, i);
                    let decided = o || cov.cell(i, item.conclusion()).is_some_and(Cell::decided);
                    if !decided {
                        r.undecidable += 1;
                        continue;
                    }
                    match (*theirs, o) {
                        (true, true) => r.table.yes_yes += 1,
                        (true, false) => r.table.yes_no += 1,
                        (false, true) => r.table.no_yes += 1,
                        (false, false) => r.table.no_no += 1,
                    }
                    if *theirs != o {
                        let id = sym.incident(i);
                        disagreements.push(Disagreement {
                            incident: id.to_string(),
                            line: c.line,
                            item,
                            eurepoc: (*theirs, label.clone()),
                            ours: o,
                            reason: reason(&ev, &item.reason_atom(id), o, item.ground()),
                        });
                    }
                }
                overall.add(&r.table);
            }
            items.push(r);
        }
        disagreements.sort_by(|a, b| (a.item, &a.incident).cmp(&(b.item, &b.incident)));
        results.push(ProfileResult {
            profile: prof.name.clone(),
            as_of: ev.params.as_of.to_string(),
            items,
            overall,
            common: Table::default(),
            disagreements,
        });
    }
    let common: Vec<Item> = Item::ALL
        .into_iter()
        .filter(|&it| profiles.iter().all(|p| it.applicable(&p.params)))
        .collect();
    for r in &mut results {
        let mut t = Table::default();
        for i in &r.items {
            if common.contains(&i.item) {
                t.add(&i.table);
            }
        }
        r.common = t;
    }
    Agreement {
        coded_incidents: coded.len(),
        matched,
        profiles: results,
    }
}

fn num(x: Option<f64>) -> String {
    x.map_or("undefined".into(), |v| format!("{v:.3}"))
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The comparison as tables for people.
pub fn table(a: &Agreement) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "EuRepoC's legal coding against the conclusions: {} incidents coded, {} of them in the dataset",
        a.coded_incidents, a.matched
    );
    for p in &a.profiles {
        let _ = writeln!(out, "\nprofile {} (as of {})", p.profile, p.as_of);
        let _ = writeln!(
            out,
            "  {:<16} {:<40} {:<36} {:>5} {:>6} {:>6} {:>6}  {:>4} {:>4} {:>4} {:>4}  {:>7} {:>9} {:>9}",
            "item", "EuRepoC yes", "ours yes", "coded", "undec.", "decid.", "share", "y/y", "y/n", "n/y", "n/n", "raw", "kappa", "AC1"
        );
        for r in &p.items {
            if !r.applicable {
                let _ = writeln!(
                    out,
                    "  {:<16} {:<40} {:<36} not applicable: the profile cannot produce it",
                    r.item.name(),
                    r.item.eurepoc(),
                    r.item.ours()
                );
                continue;
            }
            let t = &r.table;
            let _ = writeln!(
                out,
                "  {:<16} {:<40} {:<36} {:>5} {:>6} {:>6} {:>6}  {:>4} {:>4} {:>4} {:>4}  {:>7} {:>9} {:>9}",
                r.item.name(),
                r.item.eurepoc(),
                r.item.ours(),
                r.coded,
                r.undecidable,
                t.n(),
                r.share_decidable().map_or("-".into(), |s| format!("{:.0}%", s * 100.0)),
                t.yes_yes,
                t.yes_no,
                t.no_yes,
                t.no_no,
                num(t.raw()),
                num(t.kappa()),
                num(t.ac1())
            );
        }
        let t = &p.overall;
        let _ = writeln!(
            out,
            "  {:<16} {:<40} {:<36} {:>5} {:>6} {:>6} {:>6}  {:>4} {:>4} {:>4} {:>4}  {:>7} {:>9} {:>9}",
            "overall (pooled)", "", "", "", "", t.n(), "", t.yes_yes, t.yes_no, t.no_yes, t.no_no,
            num(t.raw()), num(t.kappa()), num(t.ac1())
        );
        let not_in: usize = p.items.iter().map(|r| r.not_in_dataset).max().unwrap_or(0);
        if not_in > 0 {
            let _ = writeln!(out, "  (up to {not_in} coded incidents per item are not in the dataset: skipped by the import)");
        }
    }
    if let Some(best) = a.best() {
        let _ = writeln!(out, "\nover the items every profile compared can produce:");
        for p in &a.profiles {
            let _ = writeln!(
                out,
                "  {:<20} AC1 {:>9}  raw {:>7}  kappa {:>9}  ({} decided pairs)",
                p.profile,
                num(p.common.ac1()),
                num(p.common.raw()),
                num(p.common.kappa()),
                p.common.n()
            );
        }
        let _ = writeln!(
            out,
            "best overall: {} (pooled AC1 {}, raw agreement {}, over {} decided pairs)",
            best.profile,
            num(best.common.ac1()),
            num(best.common.raw()),
            best.common.n()
        );
    }
    for p in &a.profiles {
        let _ = writeln!(
            out,
            "\ndisagreements under {} ({}):",
            p.profile,
            p.disagreements.len()
        );
        for d in &p.disagreements {
            let _ = writeln!(
                out,
                "  {} (EuRepoC line {})  {}: EuRepoC {} ({}), ours {}\n      {}",
                d.incident,
                d.line,
                d.item.name(),
                yes(d.eurepoc.0),
                d.eurepoc.1,
                yes(d.ours),
                d.reason
            );
        }
    }
    out
}

/// CSV: two blocks, `# agreement` (one row per profile and item) and `# disagreements`.
pub fn csv(a: &Agreement) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_writer(Vec::new());
    let f = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.6}"));
    let _ = w.write_record(["# agreement"]);
    let _ = w.write_record([
        "profile",
        "item",
        "applicable",
        "coded",
        "not_in_dataset",
        "undecidable",
        "decidable",
        "share_decidable",
        "yes_yes",
        "yes_no",
        "no_yes",
        "no_no",
        "raw",
        "kappa",
        "ac1",
    ]);
    for p in &a.profiles {
        for r in &p.items {
            let t = &r.table;
            let _ = w.write_record([
                p.profile.clone(),
                r.item.name().into(),
                r.applicable.to_string(),
                r.coded.to_string(),
                r.not_in_dataset.to_string(),
                r.undecidable.to_string(),
                t.n().to_string(),
                f(r.share_decidable()),
                t.yes_yes.to_string(),
                t.yes_no.to_string(),
                t.no_yes.to_string(),
                t.no_no.to_string(),
                f(t.raw()),
                f(t.kappa()),
                f(t.ac1()),
            ]);
        }
    }
    let _ = w.write_record([""]);
    let _ = w.write_record(["# disagreements"]);
    let _ = w.write_record([
        "profile",
        "incident",
        "eurepoc_line",
        "item",
        "eurepoc",
        "eurepoc_value",
        "ours",
        "reason",
    ]);
    for p in &a.profiles {
        for d in &p.disagreements {
            let _ = w.write_record([
                p.profile.clone(),
                d.incident.clone(),
                d.line.to_string(),
                d.item.name().into(),
                yes(d.eurepoc.0).into(),
                d.eurepoc.1.clone(),
                yes(d.ours).into(),
                d.reason.clone(),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// JSON: `{ "coded_incidents", "in_dataset", "best", "profiles": [ { "profile", "as_of",
/// "items": [ { "item", "eurepoc", "ours", "applicable", "coded", "not_in_dataset",
/// "undecidable", "decidable", "share_decidable", "table": { "yes_yes", "yes_no", "no_yes",
/// "no_no" }, "raw", "kappa", "ac1" } ], "overall": {…}, "disagreements": [ { "incident",
/// "eurepoc_line", "item", "eurepoc", "eurepoc_value", "ours", "reason" } ] } ] }`; an
/// undefined statistic is `null`.
pub fn to_json(a: &Agreement) -> serde_json::Value {
    use serde_json::json;
    let stats = |t: &Table| {
        json!({
            "table": {"yes_yes": t.yes_yes, "yes_no": t.yes_no, "no_yes": t.no_yes, "no_no": t.no_no},
            "decidable": t.n(),
            "raw": t.raw(), "kappa": t.kappa(), "ac1": t.ac1(),
        })
    };
    let profiles: Vec<serde_json::Value> = a
        .profiles
        .iter()
        .map(|p| {
            let items: Vec<serde_json::Value> = p
                .items
                .iter()
                .map(|r| {
                    let mut v = stats(&r.table);
                    let o = v.as_object_mut().expect("an object");
                    o.insert("item".into(), json!(r.item.name()));
                    o.insert("eurepoc".into(), json!(r.item.eurepoc()));
                    o.insert("ours".into(), json!(r.item.ours()));
                    o.insert("applicable".into(), json!(r.applicable));
                    o.insert("coded".into(), json!(r.coded));
                    o.insert("not_in_dataset".into(), json!(r.not_in_dataset));
                    o.insert("undecidable".into(), json!(r.undecidable));
                    o.insert("share_decidable".into(), json!(r.share_decidable()));
                    v
                })
                .collect();
            let dis: Vec<serde_json::Value> = p
                .disagreements
                .iter()
                .map(|d| {
                    json!({
                        "incident": d.incident, "eurepoc_line": d.line, "item": d.item.name(),
                        "eurepoc": d.eurepoc.0, "eurepoc_value": d.eurepoc.1, "ours": d.ours, "reason": d.reason,
                    })
                })
                .collect();
            json!({"profile": p.profile, "as_of": p.as_of, "items": items, "overall": stats(&p.overall), "common_items": stats(&p.common), "disagreements": dis})
        })
        .collect();
    json!({
        "coded_incidents": a.coded_incidents,
        "in_dataset": a.matched,
        "best": a.best().map(|p| p.profile.clone()),
        "profiles": profiles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(a: usize, b: usize, c: usize, d: usize) -> Table {
        Table {
            yes_yes: a,
            yes_no: b,
            no_yes: c,
            no_no: d,
        }
    }

    fn close(x: Option<f64>, y: f64) -> bool {
        x.is_some_and(|x| (x - y).abs() < 1e-9)
    }

    #[test]
    fn statistics_of_hand_computed_tables() {
        // a=20 b=5 c=10 d=15: p_o = 35/50 = 0.7; p_e = .5·.6 + .5·.4 = .5; κ = .2/.5 = 0.4;
        // π = 55/100 = .55, p_e* = 2·.55·.45 = .495, AC1 = .205/.505.
        let x = t(20, 5, 10, 15);
        assert!(close(x.raw(), 0.7));
        assert!(close(x.kappa(), 0.4));
        assert!(close(x.ac1(), 0.205 / 0.505));
        // Total disagreement: p_o = 0; p_e = .6·.4 + .4·.6 = .48; κ = −.48/.52; π = .5, AC1 = −1.
        let y = t(0, 3, 2, 0);
        assert!(close(y.raw(), 0.0));
        assert!(close(y.kappa(), -0.48 / 0.52));
        assert!(close(y.ac1(), -1.0));
        // One side constant: p_e = 0·.3 + 1·.7 = .7 = p_o, κ = 0; π = .15, p_e* = .255.
        let z = t(0, 0, 3, 7);
        assert!(close(z.kappa(), 0.0));
        assert!(close(z.ac1(), (0.7 - 0.255) / 0.745));
    }

    #[test]
    fn degenerate_tables() {
        // Both sides always "no": κ is 0/0 (undefined), AC1 = 1.
        let all_no = t(0, 0, 0, 10);
        assert_eq!(all_no.kappa(), None);
        assert!(close(all_no.ac1(), 1.0));
        assert!(close(all_no.raw(), 1.0));
        // Both always "yes": the same.
        let all_yes = t(5, 0, 0, 0);
        assert_eq!(all_yes.kappa(), None);
        assert!(close(all_yes.ac1(), 1.0));
        // Nothing decidable: every statistic undefined.
        let empty = t(0, 0, 0, 0);
        assert_eq!(
            (empty.raw(), empty.kappa(), empty.ac1()),
            (None, None, None)
        );
    }

    #[test]
    fn atoms_name_the_incident() {
        assert_eq!(
            Item::Responsibility.atom("eurepoc-7"),
            "attributed(eurepoc-7, _)"
        );
        assert_eq!(
            Item::DueDiligence.atom("eurepoc-7"),
            "negligent(_, eurepoc-7)"
        );
        assert_eq!(
            Item::Countermeasures.atom("eurepoc-7"),
            "wrongful(_, _, eurepoc-7, _)"
        );
        assert_eq!(
            Item::Sovereignty.atom("eurepoc-7"),
            "significant(eurepoc-7, SIG-SOVEREIGNTY, _)"
        );
    }
}
