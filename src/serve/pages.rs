//! The playground's pages, as HTML built with [`maud`]: every interpolated value is
//! escaped by the template, and only three kinds of text go in unescaped, each built
//! escaped by its own renderer: the report's SVG timelines ([`crate::report::svg`]) and
//! the arguments and proofs of [`argument_html`], [`proof_html`] and [`why_not_html`].
//!
//! The pages have no script: filters are `GET` forms, changes `POST` forms, proofs
//! `<details>` elements.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::routes::{row_text, row_token, FormRow};
use super::state::{
    columns, Amendment, Base, LastChange, RowRef, Saved, Session, PLAYGROUND_DIR, PROFILE_FILE,
    SHOWN,
};
use super::App;
use crate::eval::Evaluation;
use crate::explain::argument::Argument;
use crate::explain::provenance::{self, Node, Proof, Prover};
use crate::explain::whynot::{self, WhyNot};
use crate::facts::*;
use crate::output;
use crate::profile;
use crate::rules::engine::{FactLike, Value};
use crate::rules::program::Fact;

/// Incidents per page of the dataset view.
pub const INCIDENTS_PER_PAGE: usize = 100;

/// Rows per page of a file view.
pub const ROWS_PER_PAGE: usize = 200;

/// Conclusions of a change listed with their arguments; the others by their atoms.
pub const ARGUED_CHANGES: usize = 40;

/// How deep why-not arguments explain missing premises.
pub const WHY_NOT_DEPTH: usize = whynot::DEFAULT_DEPTH;

// ---------------------------------------------------------------------------------------
// Arguments: the legal argument of `explain` and `why-not`, through the one renderer of
// arguments (`Argument::to_html`), and the full proof (the audit trail) behind a toggle.
// ---------------------------------------------------------------------------------------

/// The legal argument for a conclusion that holds, as HTML (escaped): the argument
/// `explain` prints, with its findings as nested lists linked by number.
pub fn argument_html(ev: &Evaluation, proof: &Proof) -> String {
    Argument::explain(ev, proof).to_html(&anchor(&format!("{:?}", proof.fact)))
}

/// The full proof of a conclusion, as HTML (escaped): every rule down to the input rows, as
/// `explain --format trace` prints it (the audit trail, with the clauses' conditions as
/// written in the rule program).
pub fn proof_html(ev: &Evaluation, proof: &Proof) -> String {
    format!(
        "<pre class=\"proof\">{}</pre>",
        html_escape::encode_text(&provenance::render_text(proof, ev, None))
    )
}

/// The argument why a conclusion does not hold, as HTML (escaped): the argument `why-not`
/// prints.
pub fn why_not_html(ev: &Evaluation, w: &WhyNot) -> String {
    Argument::why_not(ev, w).to_html(&anchor(&format!("w{}{:?}", w.rel, w.pattern)))
}

/// A prefix for the ids of one argument's findings, unique on a page (one per row).
fn anchor(key: &str) -> String {
    let mut out: String = key
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    out.push('-');
    out
}

// ---------------------------------------------------------------------------------------

/// What a page shows of a session: taken under its lock, rendered without it.
pub struct View {
    /// The session id.
    pub id: String,
    /// Its token, for the forms.
    pub token: String,
    /// The applied changes' descriptions, oldest first.
    pub done: Vec<String>,
    /// The undone changes' descriptions, most recently undone last.
    pub undone: Vec<String>,
    /// The last change's effect.
    pub last: Option<LastChange>,
    /// The current amendment.
    pub amend: Amendment,
    /// The current evaluation.
    pub ev: Arc<Evaluation>,
}

impl View {
    /// The view of a session (evaluating it again if its evaluation was dropped).
    pub fn of(s: &mut Session, base: &Base) -> View {
        View {
            id: s.id.clone(),
            token: s.token.clone(),
            done: s.done.iter().map(|x| x.text.clone()).collect(),
            undone: s.undone.iter().map(|x| x.text.clone()).collect(),
            last: s.last.clone(),
            amend: s.amend.clone(),
            ev: s.evaluation(base),
        }
    }

    fn url(&self, rest: &str) -> String {
        format!("/s/{}/{rest}", self.id)
    }
}

/// The fields of a row of the session's dataset in [`columns`] order; `None` for a row
/// that is not there (or was removed).
pub fn fields_of(base: &Base, amend: &Amendment, r: RowRef) -> Option<Vec<String>> {
    match r {
        RowRef::Dataset(f, l) => {
            if amend.retracted.contains(&(f, l)) {
                return None;
            }
            let raw = base.raw.get(&f)?;
            raw.record(l).map(|rec| raw.in_columns(rec))
        }
        RowRef::Added(f, k) => amend.added.get(&f)?.get(k).cloned(),
    }
}

/// [`fields_of`] a session's row.
pub fn row_fields(app: &App, s: &Session, r: RowRef) -> Option<Vec<String>> {
    fields_of(&app.base, &s.amend, r)
}

/// Where a row is, as proofs cite it.
pub fn cite_row(_s: &Session, r: RowRef) -> String {
    r.cite()
}

/// A state's name and id: `Russian Federation (RU)`.
fn state_label(ev: &Evaluation, id: &str) -> String {
    let name = ev
        .dataset
        .symbols
        .states
        .get(id)
        .and_then(|k| ev.dataset.states.iter().find(|r| r.data.id.0 == k))
        .map(|r| r.data.name.as_str());
    match name {
        Some(n) if n != id => format!("{n} ({id})"),
        _ => id.to_string(),
    }
}

/// Text whose `backticked` parts are ids: shown as code.
fn marked(text: &str) -> Markup {
    html! {
        @for (k, part) in text.split('`').enumerate() {
            @if k % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

/// The sentence of a row given by its rendered values.
fn sentence_of(ev: &Evaluation, rel: &str, values: &[String]) -> String {
    let Some(r) = output::relation(rel) else {
        return format!("{rel}({})", values.join(", "));
    };
    let meta = r.name();
    let name_of = |v: &str| -> Option<String> {
        let k = ev.dataset.symbols.states.get(v)?;
        ev.dataset
            .states
            .iter()
            .find(|x| x.data.id.0 == k)
            .map(|x| x.data.name.clone())
    };
    crate::report::sentence::sentence(rel, meta.doc, meta.columns, values, &name_of)
}

/// The atom of a row given by its rendered values.
fn atom(rel: &str, values: &[String]) -> String {
    format!("{rel}({})", values.join(", "))
}

/// A page of the playground.
fn layout(app: &App, v: &View, title: &str, nav: &str, body: Markup) -> Markup {
    let ev = &v.ev;
    let items = [
        ("incidents", "Incidents", v.url("")),
        ("profile", "Profile", v.url("profile")),
        ("files", "Files", v.url("file/events.csv")),
        ("changes", "Changes", v.url("changes")),
    ];
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · diligence playground" }
                link rel="stylesheet" href="/static/report.css";
                link rel="stylesheet" href="/static/playground.css";
            }
            body {
                a.skip href="#main" { "Skip to the content" }
                header.pg {
                    p.brand { "diligence playground" }
                    p.meta {
                        "Dataset " code { (app.base.dir.display()) }
                        " (" (ev.dataset.incidents.len()) " incidents) · profile "
                        strong #profile-name { (ev.profile.name) }
                        " · as of " time { (ev.params.as_of) }
                        " · " span #change-count { (v.done.len()) } " change" @if v.done.len() != 1 { "s" }
                    }
                    nav aria-label="Playground" {
                        @for (key, label, href) in &items {
                            @if *key == nav {
                                a href=(href) aria-current="page" { (label) }
                            } @else {
                                a href=(href) { (label) }
                            }
                            " "
                        }
                        @if *"changes" != *nav && !v.done.is_empty() {
                            span.count { "(" (v.done.len()) ")" }
                        }
                    }
                    div.undo {
                        (undo_form(v, "undo", "Undo", v.done.last()))
                        (undo_form(v, "redo", "Redo", v.undone.last()))
                    }
                }
                main #main { (body) }
                footer.pg {
                    p {
                        "Nothing here changes the dataset on disk: changes live in this session (its address) until the server stops. "
                        "Every conclusion is derived by the catalogue's rules; each argument names its rules, their status and legal sources, and the input rows ("
                        code { "FILE:LINE" } ") it rests on."
                    }
                }
            }
        }
    }
}

/// A hidden field with the session's token.
fn token(v: &View) -> Markup {
    html! { input type="hidden" name="token" value=(v.token); }
}

fn undo_form(v: &View, action: &str, label: &str, what: Option<&String>) -> Markup {
    html! {
        form method="post" action=(v.url(&format!("do/{action}"))) {
            (token(v))
            input type="hidden" name="back" value=(v.url("changes"));
            @match what {
                Some(w) => button type="submit" name="do" value=(action) title=(w) { (label) },
                None => button type="submit" disabled { (label) },
            }
        }
    }
}

/// A button that posts a change with hidden fields.
fn post_button(v: &View, action: &str, back: &str, fields: &[(&str, &str)], label: &str) -> Markup {
    html! {
        form.inline method="post" action=(v.url(&format!("do/{action}"))) {
            (token(v))
            input type="hidden" name="back" value=(back);
            @for (k, val) in fields { input type="hidden" name=(k) value=(val); }
            button type="submit" { (label) }
        }
    }
}

/// What the last change did: the positions that differ, and the conclusions that
/// disappeared (each with why it no longer holds) and appeared (each with its argument).
fn change_panel(v: &View, q: &HashMap<String, String>) -> Markup {
    let Some(last) = v.last.as_ref().filter(|_| q.contains_key("changed")) else {
        return html! {};
    };
    let ev = &v.ev;
    let gone: Vec<_> = last.diff.iter().filter(|d| !d.only_active).collect();
    let new: Vec<_> = last.diff.iter().filter(|d| d.only_active).collect();
    let mut prover = Prover::new(&ev.model);
    html! {
        section #change.change aria-labelledby="change-h" {
            h2 #change-h { "What the change did" }
            p.what { (last.what) }
            @if !last.positions.is_empty() {
                p { "Positions that differ from the profile before (" code { (last.profile_before) } "):" }
                table.positions {
                    thead { tr { th { "position" } th { "before" } th { "now" } } }
                    tbody {
                        @for (label, before, after) in &last.positions {
                            tr { td { (label) } td { (before) } td { strong { (after) } } }
                        }
                    }
                }
            }
            p.tally {
                @if last.diff.is_empty() {
                    "No conclusion appeared or disappeared."
                } @else {
                    (gone.len()) " conclusion" @if gone.len() != 1 { "s" } " disappeared, "
                    (new.len()) " appeared."
                }
            }
            @if !gone.is_empty() {
                h3 { "Disappeared" }
                ul.diff {
                    @for (k, d) in gone.iter().enumerate() {
                        li.gone {
                            p.say { span.b.minus { "no longer holds" } " " (marked(&sentence_of(ev, d.rel, &d.values))) }
                            p.atomline { code.atom { (atom(d.rel, &d.values)) } }
                            @if k < ARGUED_CHANGES {
                                (why_not_block(ev, &atom(d.rel, &d.values), true))
                            }
                        }
                    }
                }
            }
            @if !new.is_empty() {
                h3 { "Appeared" }
                ul.diff {
                    @for (k, d) in new.iter().enumerate() {
                        li.new {
                            p.say { span.b.plus { "now holds" } " " (marked(&sentence_of(ev, d.rel, &d.values))) }
                            p.atomline { code.atom { (atom(d.rel, &d.values)) } }
                            @if k < ARGUED_CHANGES {
                                @if let Some(p) = prove(ev, &mut prover, &atom(d.rel, &d.values)) {
                                    (argued(ev, &p))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The proof of the row an atom names, if it holds.
fn prove(ev: &Evaluation, prover: &mut Prover, atom: &str) -> Option<std::rc::Rc<Proof>> {
    let pattern = provenance::parse_atom(atom).ok()?;
    let facts = provenance::find(ev, &pattern).ok()?;
    prover.prove(facts.first()?)
}

/// A conclusion's argument, with the full proof one click away.
fn argued(ev: &Evaluation, p: &Proof) -> Markup {
    html! {
        div.argued {
            (rule_badges(p))
            (PreEscaped(argument_html(ev, p)))
            details.fullproof {
                summary { "Full proof" }
                (PreEscaped(proof_html(ev, p)))
            }
        }
    }
}

fn rule_badges(p: &Proof) -> Markup {
    match &p.node {
        Node::Derived { rule, .. } => {
            let st = rule.status().as_str();
            html! {
                p.rule {
                    "By " span.b.rule { (rule.code()) } " "
                    span class=(format!("b st-{st}")) { (st) } " "
                    span.src { (rule.source()) }
                }
            }
        }
        Node::Input { .. } => html! {},
    }
}

/// Why the row an atom names does not hold (or that it does).
fn why_not_block(ev: &Evaluation, atom: &str, open: bool) -> Markup {
    match crate::why_not(ev, atom, WHY_NOT_DEPTH) {
        Ok(w) => html! {
            details.whynot open[open] {
                summary { "Why it does not hold" }
                (PreEscaped(why_not_html(ev, &w)))
            }
        },
        Err(e) => html! { p.note { (e) } },
    }
}

/// Every shown conclusion, per incident (and the state-level ones), each relation's rows
/// in output order.
struct Grouped {
    by_incident: HashMap<IncidentId, Vec<Fact>>,
    state_level: Vec<Fact>,
}

fn group(ev: &Evaluation) -> Grouped {
    let response_incident: HashMap<ResponseId, IncidentId> = ev
        .dataset
        .responses
        .iter()
        .map(|r| (r.data.id, r.data.incident))
        .collect();
    let mut by_incident: HashMap<IncidentId, Vec<Fact>> = HashMap::new();
    let mut state_level = Vec::new();
    for name in SHOWN {
        let Some(rel) = output::relation(name) else {
            continue;
        };
        let facts = provenance::sorted_as_output(ev.model.facts(rel), &ev.dataset.symbols);
        for f in facts {
            let meta = f.rel();
            let vals = f.values();
            let col = |c: &str| meta.columns.iter().position(|x| *x == c).map(|k| vals[k]);
            let inc = match (col("incident"), col("response")) {
                (Some(Value::Incident(i)), _) => Some(i),
                (_, Some(Value::Response(r))) => response_incident.get(&r).copied(),
                _ => None,
            };
            match inc {
                Some(i) => by_incident.entry(i).or_default().push(f),
                None => state_level.push(f),
            }
        }
    }
    Grouped {
        by_incident,
        state_level,
    }
}

/// The states a conclusion is about: the values of its state columns.
fn fact_states(f: &Fact, sym: &Symbols) -> Vec<String> {
    let meta = f.rel();
    f.values()
        .iter()
        .zip(meta.columns)
        .filter(|(_, c)| crate::report::sentence::is_state_column(c))
        .map(|(v, _)| v.render(sym))
        .filter(|s| !s.is_empty())
        .collect()
}

/// `GET /s/ID/`: the incidents with their conclusions, filterable by state and conclusion.
pub fn dataset(app: &App, v: &View, q: &HashMap<String, String>) -> Markup {
    let ev = &v.ev;
    let sym = &ev.dataset.symbols;
    let g = group(ev);
    let want_state = q.get("state").filter(|s| !s.is_empty());
    let want_rel = q.get("conclusion").filter(|s| !s.is_empty());
    let matches = |f: &Fact| {
        want_rel.is_none_or(|r| f.rel().name == r.as_str())
            && want_state.is_none_or(|s| fact_states(f, sym).contains(s))
    };
    let filtering = want_state.is_some() || want_rel.is_some();
    let rows: Vec<(&Row<IncidentRow>, Vec<Fact>)> = ev
        .dataset
        .incidents
        .iter()
        .filter_map(|r| {
            let facts = g.by_incident.get(&r.data.id).cloned().unwrap_or_default();
            if filtering && !facts.iter().any(&matches) {
                return None;
            }
            Some((r, facts))
        })
        .collect();
    let states: BTreeSet<String> = g
        .by_incident
        .values()
        .flatten()
        .chain(&g.state_level)
        .flat_map(|f| fact_states(f, sym))
        .collect();
    let page: usize = q
        .get("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let pages = rows.len().div_ceil(INCIDENTS_PER_PAGE).max(1);
    let page = page.min(pages);
    let shown = rows
        .iter()
        .skip((page - 1) * INCIDENTS_PER_PAGE)
        .take(INCIDENTS_PER_PAGE);
    let link = |p: usize| {
        let mut u = format!("{}?page={p}", v.url(""));
        if let Some(s) = want_state {
            u.push_str(&format!("&state={}", urlenc(s)));
        }
        if let Some(r) = want_rel {
            u.push_str(&format!("&conclusion={}", urlenc(r)));
        }
        u
    };
    let body = html! {
        (change_panel(v, q))
        h1 { "Incidents and conclusions" }
        p.lead {
            "Each incident with the conclusions the rules derive about it under the profile "
            strong { (ev.profile.name) } ". Open an incident to see its facts (with their file and line), "
            "its timeline, the argument for each conclusion, and to change a fact and see what follows."
        }
        form.filters method="get" action=(v.url("")) {
            label for="f-state" { "State" }
            select #f-state name="state" {
                option value="" { "any" }
                @for s in &states {
                    option value=(s) selected[want_state == Some(s)] { (state_label(ev, s)) }
                }
            }
            label for="f-conclusion" { "Conclusion" }
            select #f-conclusion name="conclusion" {
                option value="" { "any" }
                @for r in SHOWN {
                    option value=(r) selected[want_rel.map(String::as_str) == Some(*r)] { (r) }
                }
            }
            button type="submit" { "Show" }
            @if filtering { " " a href=(v.url("")) { "Show all" } }
        }
        p.shown aria-live="polite" {
            (rows.len()) " of " (ev.dataset.incidents.len()) " incidents"
            @if pages > 1 { ", page " (page) " of " (pages) }
        }
        div.scroll {
            table.incidents {
                thead { tr { th scope="col" { "incident" } th scope="col" { "start" } th scope="col" { "conclusions" } } }
                tbody {
                    @for (r, facts) in shown {
                        @let id = sym.incident(r.data.id);
                        tr {
                            td {
                                a href=(v.url(&format!("incident/{}", urlenc(id)))) { code { (id) } }
                                br; span.title { (r.data.title) }
                            }
                            td { time { (r.data.start) } }
                            td {
                                @if facts.is_empty() { span.none { "none" } }
                                ul.tags {
                                    @for f in facts {
                                        @let hit = filtering && matches(f);
                                        @let say = crate::explain::sentences::sentence(f, &ev.dataset).unwrap_or_default().replace('`', "");
                                        li.hit[hit] { code title=(say) { (provenance::atom_text(f, sym)) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pager aria-label="Pages" {
                @if page > 1 { a href=(link(page - 1)) rel="prev" { "Previous page" } " " }
                @if page < pages { a href=(link(page + 1)) rel="next" { "Next page" } }
            }
        }
        @if !g.state_level.is_empty() {
            h2 { "Conclusions about states, not incidents" }
            ul.tags {
                @for f in &g.state_level {
                    @if !filtering || matches(f) {
                        li { code { (provenance::atom_text(f, sym)) } " " (marked(&crate::explain::sentences::sentence(f, &ev.dataset).unwrap_or_default())) }
                    }
                }
            }
        }
    };
    layout(app, v, "Incidents", "incidents", body)
}

/// Percent-encodes a query or path value.
fn urlenc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Every row of the session's dataset about an incident (its own row, targets, origins,
/// perpetrators, events, responses), and those of the states and actors they name.
fn incident_rows(base: &Base, amend: &Amendment, id: &str) -> Vec<(RowRef, Vec<String>)> {
    let mut out = Vec::new();
    let mut states: BTreeSet<String> = BTreeSet::new();
    let mut actors: BTreeSet<String> = BTreeSet::new();
    let about = [
        (InputFile::Incidents, "id"),
        (InputFile::Targets, "incident"),
        (InputFile::Origins, "incident"),
        (InputFile::Perpetrators, "incident"),
        (InputFile::Events, "incident"),
        (InputFile::Responses, "incident"),
    ];
    for (file, col) in about {
        let cols = columns(file);
        let k = cols.iter().position(|c| *c == col).unwrap_or(0);
        for (r, fields) in rows_of(base, amend, file) {
            if fields.get(k).map(String::as_str) == Some(id) {
                for (c, val) in cols.iter().zip(&fields) {
                    if val.is_empty() {
                        continue;
                    }
                    if crate::report::sentence::is_state_column(c) && *c != "against" {
                        states.insert(val.clone());
                    }
                    if *c == "actor" || *c == "against" {
                        actors.insert(val.clone());
                    }
                }
                out.push((r, fields));
            }
        }
    }
    let named = |file: InputFile, col: &str, set: &BTreeSet<String>| {
        let k = columns(file).iter().position(|c| *c == col).unwrap_or(0);
        rows_of(base, amend, file)
            .into_iter()
            .filter(|(_, f)| f.get(k).is_some_and(|x| set.contains(x)))
            .collect::<Vec<_>>()
    };
    let mut extra = named(InputFile::States, "id", &states);
    extra.extend(named(InputFile::Actors, "id", &actors));
    extra.extend(out);
    extra
}

/// The rows of a file in the session: the dataset's (not removed), then the added ones.
fn rows_of(base: &Base, amend: &Amendment, file: InputFile) -> Vec<(RowRef, Vec<String>)> {
    let mut out = Vec::new();
    if let Some(raw) = base.raw.get(&file) {
        for rec in &raw.records {
            if !amend.retracted.contains(&(file, rec.line)) {
                out.push((RowRef::Dataset(file, rec.line), raw.in_columns(rec)));
            }
        }
    }
    if let Some(added) = amend.added.get(&file) {
        for (k, r) in added.iter().enumerate() {
            out.push((RowRef::Added(file, k), r.clone()));
        }
    }
    out
}

/// A table of rows of one file, each with its place and buttons to edit and remove it.
fn rows_table(
    v: &View,
    file: InputFile,
    rows: &[(RowRef, Vec<String>)],
    back: &str,
    removed: &[(u32, Vec<String>)],
) -> Markup {
    let cols = columns(file);
    let name = file.file_name();
    html! {
        div.scroll {
            table.rows.facts {
                caption { code { (name) } }
                thead {
                    tr {
                        th scope="col" { "where" }
                        @for c in &cols { th scope="col" { (c) } }
                        th scope="col" { span.sr { "actions" } }
                    }
                }
                tbody {
                    @for (r, fields) in rows {
                        tr.added[matches!(r, RowRef::Added(..))] {
                            td.src {
                                (r.cite())
                                @if matches!(r, RowRef::Added(..)) { " " span.b.plus { "added" } }
                            }
                            @for f in fields { td { (f) } }
                            td.actions {
                                a href=(v.url(&format!("row/{name}/{}", row_token(*r)))) aria-label=(format!("Edit {}", r.cite())) { "Edit" }
                                " "
                                (post_button(v, "remove", back, &[("file", name), ("row", &row_token(*r))], "Remove"))
                            }
                        }
                    }
                    @for (line, fields) in removed {
                        tr.removed {
                            td.src { (name) ":" (line) " " span.b.minus { "removed" } }
                            @for f in fields { td { del { (f) } } }
                            td {}
                        }
                    }
                }
            }
        }
    }
}

/// Suggested values of a column (ids of the dataset, or the closed set of values).
fn suggestions(ev: &Evaluation, file: InputFile, col: &str) -> Vec<String> {
    let sym = &ev.dataset.symbols;
    let list = |s: String| s.split(", ").map(str::to_string).collect::<Vec<_>>();
    let id_cols = matches!(
        (file, col),
        (InputFile::States, "id")
            | (InputFile::Incidents, "id")
            | (InputFile::Actors, "id")
            | (InputFile::Vulnerabilities, "id")
            | (InputFile::Responses, "id")
    );
    if id_cols {
        return Vec::new();
    }
    match col {
        "state" | "by" | "to" | "known_by" | "on_behalf_of" => sym.states.names().to_vec(),
        "against" => sym
            .states
            .names()
            .iter()
            .chain(sym.actors.names())
            .cloned()
            .collect(),
        "incident" => sym.incidents.names().to_vec(),
        "actor" | "controller" | "controlled" => sym.actors.names().to_vec(),
        "campaign" => sym.campaigns.names().to_vec(),
        "capacity" => list(Capacity::expected()),
        "institution" => list(Institution::expected()),
        "status" => list(InstitutionStatus::expected()),
        "vector" => list(Vector::expected()),
        "effect" => list(Effect::expected()),
        "severity" => list(Severity::expected()),
        "scale" => list(Scale::expected()),
        "outcome" => list(Outcome::expected()),
        "sector" => list(Sector::expected()),
        "link" => list(Link::expected()),
        "kind" => match file {
            InputFile::Actors => list(ActorKind::expected()),
            InputFile::Control => list(ControlKind::expected()),
            _ => list(EventKind::expected()),
        },
        "detail" => {
            let mut v = list(MeasureKind::expected());
            v.extend(list(MlaOutcome::expected()));
            v
        }
        "means" => list(Means::expected()),
        "uses_force" | "reversible" | "urgent" => vec!["true".into(), "false".into()],
        _ => Vec::new(),
    }
}

/// The column a positioned message names (``column `time`: …``), if any.
fn named_column(message: &str) -> Option<String> {
    let rest = message.split("column `").nth(1)?;
    rest.split('`').next().map(str::to_string)
}

/// A form for one row of `file`: adding one (`row` None) or editing `row`.
#[allow(clippy::too_many_arguments)]
fn row_form(
    v: &View,
    file: InputFile,
    row: Option<RowRef>,
    values: &[String],
    back: &str,
    invalid: &[String],
    describedby: Option<&str>,
    button: &str,
) -> Markup {
    let cols = columns(file);
    let name = file.file_name();
    let required = file.required_columns();
    let prefix = format!(
        "{}-{}",
        if row.is_some() { "e" } else { "a" },
        name.trim_end_matches(".csv")
    );
    html! {
        form.rowform method="post" action=(v.url(if row.is_some() { "do/edit" } else { "do/add" })) {
            (token(v))
            input type="hidden" name="back" value=(back);
            input type="hidden" name="file" value=(name);
            @if let Some(r) = row { input type="hidden" name="row" value=(row_token(r)); }
            div.fields {
                @for (k, c) in cols.iter().enumerate() {
                    @let id = format!("{prefix}-{c}");
                    @let sugg = suggestions(&v.ev, file, c);
                    @let bad = invalid.iter().any(|x| x == c);
                    div.field.bad[bad] {
                        label for=(id) {
                            (c)
                            @if required.contains(c) { span.req { " (required)" } }
                        }
                        input id=(id) name=(format!("c.{c}")) type="text"
                            value=(values.get(k).map(String::as_str).unwrap_or(""))
                            list=[(!sugg.is_empty()).then(|| format!("{id}-list"))]
                            placeholder=[placeholder(c)]
                            aria-invalid=[bad.then_some("true")]
                            aria-describedby=[if bad { describedby } else { None }];
                        @if !sugg.is_empty() {
                            datalist id=(format!("{id}-list")) {
                                @for s in &sugg { option value=(s) {} }
                            }
                        }
                    }
                }
            }
            button type="submit" { (button) }
        }
    }
}

fn placeholder(col: &str) -> Option<&'static str> {
    match col {
        "time" | "start" | "end" | "since" | "disclosed" => Some("2021-05-10 or 2021-05-10T14:30Z"),
        _ => None,
    }
}

/// `GET /s/ID/incident/INC`: the incident's conclusions with their arguments, what-if and
/// why-not, its timeline and its facts. `None`: no such incident.
pub fn incident(app: &App, v: &View, id: &str, q: &HashMap<String, String>) -> Option<Markup> {
    let ev = &v.ev;
    let sym = &ev.dataset.symbols;
    let inc_id = IncidentId(sym.incidents.get(id)?);
    let row = ev.dataset.incidents.iter().find(|r| r.data.id == inc_id)?;
    let d = &row.data;
    let g = group(ev);
    let facts = g.by_incident.get(&inc_id).cloned().unwrap_or_default();
    let mut prover = Prover::new(&ev.model);
    let here = v.url(&format!("incident/{}", urlenc(id)));
    let timeline = crate::report::timelines(ev)
        .into_iter()
        .find(|t| t.incident == id);
    let rows = incident_rows(&app.base, &v.amend, id);
    let mut by_file: BTreeMap<InputFile, Vec<(RowRef, Vec<String>)>> = BTreeMap::new();
    for (r, f) in rows {
        by_file.entry(r.file()).or_default().push((r, f));
    }
    // Dataset rows about the incident removed in the session.
    let mut removed: BTreeMap<InputFile, Vec<(u32, Vec<String>)>> = BTreeMap::new();
    for (file, line) in &v.amend.retracted {
        if let Some(raw) = app.base.raw.get(file) {
            if let Some(rec) = raw.record(*line) {
                let fields = raw.in_columns(rec);
                let cols = columns(*file);
                let about = cols.iter().zip(&fields).any(|(c, x)| {
                    (*c == "incident" || (*file == InputFile::Incidents && *c == "id")) && x == id
                });
                if about {
                    removed.entry(*file).or_default().push((*line, fields));
                }
            }
        }
    }
    // Who the why-not questions can be about: the states the facts name.
    let concerned: BTreeSet<String> = by_file
        .get(&InputFile::States)
        .map(|rows| rows.iter().map(|(_, f)| f[0].clone()).collect())
        .unwrap_or_default();
    let holding: BTreeSet<String> = facts
        .iter()
        .map(|f| provenance::atom_text(f, sym))
        .collect();
    let mut questions: Vec<String> = Vec::new();
    for rel in [
        "negligent",
        "violation",
        "breach",
        "wrongful",
        "consequence",
        "concern",
    ] {
        for s in &concerned {
            let a = match rel {
                "breach" | "concern" => format!("{rel}({s}, _, {id})"),
                "wrongful" | "consequence" => format!("{rel}({s}, _, {id}, _)"),
                "violation" => format!("{rel}({s}, {id}, _)"),
                _ => format!("{rel}({s}, {id})"),
            };
            questions.push(a);
        }
    }
    for r in ev
        .dataset
        .responses
        .iter()
        .filter(|r| r.data.incident == inc_id)
    {
        let rid = sym.response(r.data.id);
        questions.push(format!("admissible({rid})"));
    }
    let questions: Vec<String> = questions
        .into_iter()
        .filter(|a| {
            // Only those that do not hold.
            provenance::parse_atom(a)
                .ok()
                .and_then(|p| provenance::find(ev, &p).ok())
                .is_some_and(|f| f.is_empty())
        })
        .collect();
    let why = q.get("why").filter(|s| !s.trim().is_empty());
    let whatif = q.get("whatif").filter(|s| !s.trim().is_empty());
    let add_values: Vec<String> = columns(InputFile::Events)
        .iter()
        .map(|c| {
            if *c == "incident" {
                id.to_string()
            } else {
                String::new()
            }
        })
        .collect();
    let body = html! {
        (change_panel(v, q))
        h1 { (d.title) }
        p.meta {
            "Incident " code { (id) } " · from " time { (d.start) }
            @match d.end { Some(e) => { " to " time { (e) } }, None => " (ongoing)" }
            " · " (d.vector.as_str()) " · effect " (d.effect.as_str()) " · severity " (d.severity.as_str())
            " · " (d.scale.as_str())
            @if d.outcome == Outcome::Foiled { " · " strong { "foiled" } }
            " · " span.src { (sym.src_text(row.src)) }
        }
        nav.toc aria-label="On this page" {
            a href="#conclusions" { "Conclusions" } " "
            a href="#whynot" { "Why not?" } " "
            a href="#timeline" { "Timeline" } " "
            a href="#facts" { "Facts" } " "
            a href="#add" { "Add an event" }
        }
        section #conclusions aria-labelledby="conclusions-h" {
            h2 #conclusions-h { "Conclusions" }
            @if facts.is_empty() {
                p.none { "No conclusion holds about this incident under the profile " (ev.profile.name) "." }
            } @else {
                p.lead { "What the rules derive about this incident under the profile " strong { (ev.profile.name) } ", each with its argument; the full proof is one click away." }
                ol.conclusions {
                    @for f in &facts {
                        @let a = provenance::atom_text(f, sym);
                        li.concl {
                            p.say { (marked(&crate::explain::sentences::sentence(f, &ev.dataset).unwrap_or_else(|| a.clone()))) }
                            p.atomline { code.atom { (a) } }
                            @if let Some(p) = prover.prove(f) { (argued(ev, &p)) }
                            @if ["negligent", "breach", "wrongful", "consequence"].contains(&f.rel().name) {
                                p { a href=(format!("{here}?whatif={}#whatif", urlenc(&a))) { "What would have prevented it?" } }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(a) = whatif {
            (whatif_section(v, &here, a))
        }
        section #whynot aria-labelledby="whynot-h" {
            h2 #whynot-h { "Why not?" }
            p { "Ask why a conclusion does " em { "not" } " hold about this incident: the argument names the condition that fails, down to the missing fact." }
            form.filters method="get" action=(format!("{here}#whynot")) {
                label for="why" { "Conclusion" }
                select #why name="why" {
                    @for a in &questions { option value=(a) selected[why == Some(a)] { (a) } }
                }
                button type="submit" { "Ask why not" }
            }
            @if let Some(a) = why {
                h3 { "Why not " code { (a) } "?" }
                @if holding.contains(a.as_str()) {
                    p.note { "It holds: see its argument under Conclusions." }
                } @else {
                    (why_not_block(ev, a, true))
                }
            }
        }
        section #timeline aria-labelledby="timeline-h" {
            h2 #timeline-h { "Timeline" }
            p {
                "The incident's events and, for each state bound by a duty about it, the window of "
                (ev.params.window_hours) " hours from its knowledge: green marks are measures, warnings or answers inside the window, red ones after it."
            }
            @if let Some(t) = &timeline {
                div.scroll.tl { (PreEscaped(crate::report::svg::timeline(t))) }
            }
        }
        section #facts aria-labelledby="facts-h" {
            h2 #facts-h { "Facts" }
            p { "The input rows about this incident, and those of the states and actors they name, with the file and line each comes from. Edit or remove one to see what follows; the dataset on disk is not changed." }
            @for (file, rows) in &by_file {
                (rows_table(v, *file, rows, &here, removed.get(file).map_or(&[][..], Vec::as_slice)))
            }
            @for (file, rows) in &removed {
                @if !by_file.contains_key(file) {
                    (rows_table(v, *file, &[], &here, rows))
                }
            }
        }
        section #add aria-labelledby="add-h" {
            h2 #add-h { "Add an event" }
            p { "A row of " code { "events.csv" } ", checked by the same loader as " code { "diligence check" } ". It is added to "
                code { (PLAYGROUND_DIR) "/events.csv" } " and cited from there. To add rows of other files, see "
                a href=(v.url("file/events.csv")) { "Files" } "." }
            (row_form(v, InputFile::Events, None, &add_values, &here, &[], None, "Add the event"))
        }
    };
    Some(layout(app, v, id, "incidents", body))
}

/// The what-if answers for a conclusion, each to apply with one click.
fn whatif_section(v: &View, here: &str, a: &str) -> Markup {
    let ev = &v.ev;
    let result = crate::analysis::whatif::what_if(ev, a, 3);
    html! {
        section #whatif aria-labelledby="whatif-h" {
            h2 #whatif-h { "What would have prevented " code { (a) } "?" }
            @match &result {
                Err(e) => p.note { (e) },
                Ok(w) if w.answers.is_empty() => {
                    p { "No set of up to " (w.max_size) " events from the menu makes it disappear (" (w.evaluations) " evaluations)." }
                }
                Ok(w) => {
                    p { "The smallest sets of events that would have made it disappear, each checked by evaluating the dataset with them (" (w.evaluations) " evaluations). Applying one adds its events to " code { (PLAYGROUND_DIR) "/events.csv" } "." }
                    ol {
                        @for set in &w.answers {
                            @let lines: Vec<String> = set.iter().map(|&k| crate::analysis::whatif::csv_line(&w.menu[k].event, &ev.dataset.symbols)).collect();
                            li {
                                p.say { (marked(&crate::analysis::whatif::sentence(w, ev, set))) }
                                pre.csv { (crate::analysis::whatif::CSV_HEADER) "\n" (lines.join("\n")) }
                                ul.reasons {
                                    @for &k in set { li { (w.menu[k].reason) } }
                                }
                                (post_button(v, "apply", here, &[("rows", &lines.join("\n")), ("why", &format!("what-if for {a}"))], "Apply"))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /s/ID/profile`: the profile's positions with their sources, to switch or change.
pub fn profile(app: &App, v: &View, q: &HashMap<String, String>) -> Markup {
    let ev = &v.ev;
    let p = &ev.profile;
    let back = v.url("profile");
    let body = html! {
        (change_panel(v, q))
        h1 { "Profile " code { (p.name) } }
        @if !p.description.is_empty() { p.lead { (p.description) } }
        @if let Some(parent) = &p.inherits { p { "Inherits the positions it does not set from " code { (parent) } "." } }
        section aria-labelledby="switch-h" {
            h2 #switch-h { "Switch the profile" }
            form.filters method="post" action=(v.url("do/profile")) {
                (token(v))
                input type="hidden" name="back" value=(back);
                label for="profile-select" { "Profile" }
                select #profile-select name="profile" {
                    @for name in app.base.profiles() {
                        option value=(name) selected[name == v.amend.profile] { (name) }
                    }
                }
                button type="submit" { "Switch" }
            }
            p.note { "Switching drops the positions changed below; undo brings them back. The page then lists the conclusions that appeared and disappeared." }
        }
        section aria-labelledby="positions-h" {
            h2 #positions-h { "Positions" }
            p { "Where the law is unsettled, these positions decide. Each rests on a source; a position changed here rests on the playground, and is written into "
                code { (PROFILE_FILE) } " for the replay." }
            div.scroll {
                table.positions {
                    thead { tr { th scope="col" { "position" } th scope="col" { "value" } th scope="col" { "source" } th scope="col" { "set by" } th scope="col" { "change" } } }
                    tbody {
                        @for (k, pos) in p.positions.iter().enumerate() {
                            @let changed = v.amend.positions.contains_key(&k);
                            @let id = format!("pos-{}", pos.key.replace('.', "-"));
                            tr.changed[changed] {
                                td { (pos.label()) br; code { (pos.key) } }
                                td { strong { (pos.display_value()) } }
                                td { (pos.source) }
                                td { (pos.origin.to_string()) }
                                td {
                                    form.inline method="post" action=(v.url("do/position")) {
                                        (token(v))
                                        input type="hidden" name="back" value=(back);
                                        input type="hidden" name="key" value=(pos.key);
                                        label.sr for=(id) { "New value of " (pos.key) }
                                        @let closed = profile::closed_values(pos.key);
                                        @if closed.is_empty() {
                                            input id=(id) name="value" type="number" min="0" value=(pos.value);
                                        } @else {
                                            select id=(id) name="value" {
                                                @for c in closed { option value=(c) selected[c == pos.value] { (c) } }
                                            }
                                        }
                                        " "
                                        button type="submit" { "Set" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p { "Evaluated as of " time { (ev.params.as_of) } " (the latest time in the dataset)." }
        }
    };
    layout(app, v, "Profile", "profile", body)
}

/// `GET /s/ID/file/FILE`: every row of one input file, to edit, remove or add to.
pub fn file(app: &App, v: &View, file: InputFile, q: &HashMap<String, String>) -> Markup {
    let name = file.file_name();
    let back = v.url(&format!("file/{name}"));
    let rows = rows_of(&app.base, &v.amend, file);
    let removed: Vec<(u32, Vec<String>)> = v
        .amend
        .retracted
        .iter()
        .filter(|(f, _)| *f == file)
        .filter_map(|(f, l)| {
            let raw = app.base.raw.get(f)?;
            raw.record(*l).map(|rec| (*l, raw.in_columns(rec)))
        })
        .collect();
    let page: usize = q
        .get("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let pages = rows.len().div_ceil(ROWS_PER_PAGE).max(1);
    let page = page.min(pages);
    let shown: Vec<_> = rows
        .iter()
        .skip((page - 1) * ROWS_PER_PAGE)
        .take(ROWS_PER_PAGE)
        .cloned()
        .collect();
    let empty = vec![String::new(); columns(file).len()];
    let body = html! {
        (change_panel(v, q))
        h1 { "File " code { (name) } }
        nav.files aria-label="Input files" {
            @for f in InputFile::ALL {
                @if *f == file { strong { (f.file_name()) } } @else { a href=(v.url(&format!("file/{}", f.file_name()))) { (f.file_name()) } }
                " "
            }
        }
        p { (rows.len()) " rows"
            @if pages > 1 { ", page " (page) " of " (pages) }
            ". Required columns: " code { (file.required_columns().join(", ")) }
            @if !file.optional_columns().is_empty() { "; optional: " code { (file.optional_columns().join(", ")) } }
            "." }
        (rows_table(v, file, &shown, &back, if page == 1 { &removed } else { &[] }))
        @if pages > 1 {
            nav.pager aria-label="Pages" {
                @if page > 1 { a href=(format!("{back}?page={}", page - 1)) rel="prev" { "Previous page" } " " }
                @if page < pages { a href=(format!("{back}?page={}", page + 1)) rel="next" { "Next page" } }
            }
        }
        section #add aria-labelledby="add-h" {
            h2 #add-h { "Add a row to " code { (name) } }
            p { "Checked by the same loader as " code { "diligence check" } "; added to " code { (PLAYGROUND_DIR) "/" (name) } "." }
            (row_form(v, file, None, &empty, &back, &[], None, "Add the row"))
        }
    };
    layout(app, v, name, "files", body)
}

/// `GET /s/ID/row/FILE/ROW`: the form editing one row. `None`: no such row.
pub fn row_page(app: &App, v: &View, r: RowRef) -> Option<Markup> {
    let fields = fields_of(&app.base, &v.amend, r)?;
    let file = r.file();
    let back = v.url(&format!("file/{}", file.file_name()));
    let body = html! {
        h1 { "Edit " (r.cite()) }
        p { "The row as it stands: " code { (row_text(file, &fields)) } }
        p { "Saving the edit "
            @match r {
                RowRef::Dataset(..) => { "removes this row (" code { "--retract " (r.cite()) } ") and adds the edited one to " code { (PLAYGROUND_DIR) "/" (file.file_name()) } "." }
                RowRef::Added(..) => { "replaces this added row." }
            }
            " The new row is checked by the same loader as " code { "diligence check" } "; if it is refused, nothing changes." }
        (row_form(v, file, Some(r), &fields, &back, &[], None, "Save the edit"))
        p { (post_button(v, "remove", &back, &[("file", file.file_name()), ("row", &row_token(r))], "Remove this row")) }
    };
    Some(layout(app, v, &format!("Edit {}", r.cite()), "files", body))
}

/// `GET /s/ID/changes`: the changes made, undo and redo, the files to replay them, save.
pub fn changes(app: &App, v: &View, q: &HashMap<String, String>) -> Markup {
    let facts = app.base.dir.display().to_string();
    let files = v.amend.assumed_files();
    let suggested = format!("{}-playground", facts.trim_end_matches('/'));
    let body = html! {
        (change_panel(v, q))
        h1 { "Changes" }
        @if v.done.is_empty() {
            p.none { "No change yet: the conclusions are those of the dataset under the profile " (app.base.profile) "." }
        } @else {
            ol #changes-list.changes {
                @for d in &v.done { li { (d) } }
            }
        }
        @if !v.undone.is_empty() {
            h2 { "Undone (redo brings them back, latest first)" }
            ol.undone { @for d in v.undone.iter().rev() { li { (d) } } }
        }
        section #replay aria-labelledby="replay-h" {
            h2 #replay-h { "Replay with the command line" }
            @if v.done.is_empty() {
                p { "Nothing to replay." }
            } @else {
                p { "The changes as files for " code { "diligence run" } ": put them into a folder named " code { (PLAYGROUND_DIR) } " and run the command below; it gives the conclusions shown here, with the same citations." }
                ul #downloads {
                    @for (path, _) in &files {
                        li { a href=(v.url(&format!("download/{path}"))) download { (path) } }
                    }
                    @if v.amend.profile_toml().is_some() {
                        li { a href=(v.url(&format!("download/{PROFILE_FILE}"))) download { (PROFILE_FILE) } }
                    }
                    li { a href=(v.url("download/replay.sh")) download { "replay.sh" } " (the command, as a script)" }
                }
                pre #replay-command.cmd { (v.amend.replay_command(&facts)) }
            }
        }
        section #save aria-labelledby="save-h" {
            h2 #save-h { "Save the edited dataset" }
            @if !app.base.loopback {
                p { "Saving to a folder is offered only when the server listens on loopback; download the changes above instead." }
            } @else if v.done.is_empty() {
                p { "Nothing to save yet." }
            } @else {
                p { "Writes the dataset with these changes into a new folder (and " code { "profile.toml" } " if a position changed). The dataset's own folder is never written to; an existing folder that is not empty only with the confirmation." }
                form.save method="post" action=(v.url("do/save")) {
                    (token(v))
                    label for="save-dir" { "Folder" }
                    input #save-dir name="dir" type="text" value=(suggested) size="50";
                    label.check { input type="checkbox" name="overwrite" value="yes"; " Write into the folder even if it exists and is not empty" }
                    button type="submit" { "Save" }
                }
            }
        }
    };
    layout(app, v, "Changes", "changes", body)
}

/// The replay script of an amendment.
pub fn replay_script(amend: &Amendment, facts: &str) -> String {
    format!(
        "#!/bin/sh\n# Replays the changes made in the diligence playground: run it in the folder that\n# holds the folder {PLAYGROUND_DIR}/ with the downloaded files. Extra arguments go to\n# `diligence run` (e.g. --format json).\nset -e\n{} \"$@\"\n",
        amend.replay_command(facts)
    )
}

/// The answer to a refused change: every problem (positioned as `check` positions it),
/// that nothing changed, and the form again to correct the row.
pub fn refused(
    app: &App,
    v: &View,
    problems: &[String],
    row: Option<&FormRow>,
    back: &str,
) -> Markup {
    let invalid: Vec<String> = problems.iter().filter_map(|p| named_column(p)).collect();
    let body = html! {
        section.refused role="alert" aria-labelledby="refused-h" {
            h1 #refused-h { "The change was not made" }
            ul #problems.problems {
                @for p in problems { li { code { (p) } } }
            }
            p #nothing-changed { "Nothing changed: the session is as it was, with " (v.done.len()) " change" @if v.done.len() != 1 { "s" } "." }
        }
        @if let Some(r) = row {
            h2 { @if r.row.is_some() { "Correct the edit" } @else { "Correct the row" } }
            (row_form(v, r.file, r.row, &r.fields, back, &invalid, Some("problems"), if r.row.is_some() { "Save the edit" } else { "Add the row" }))
        }
        p { a href=(back) { "Back" } " · " a href=(v.url("")) { "Incidents" } }
    };
    layout(app, v, "Change not made", "changes", body)
}

/// The answer to a save.
pub fn saved(app: &App, v: &View, s: &Saved) -> Markup {
    let body = html! {
        h1 { "Saved" }
        p #saved { "Wrote " (s.files.len()) " files into " code { (s.dir.display()) } ": " (s.files.join(", ")) "." }
        p { "Loaded and evaluated again, the folder gives the conclusions of this session:" }
        pre.cmd { (s.command) }
        p { a href=(v.url("changes")) { "Back to the changes" } }
    };
    layout(app, v, "Saved", "changes", body)
}

/// The answer to a refused save.
pub fn save_refused(app: &App, v: &View, dir: &str, problems: &[String]) -> Markup {
    let body = html! {
        section.refused role="alert" {
            h1 { "Nothing was saved" }
            ul.problems { @for p in problems { li { (p) } } }
        }
        form.save method="post" action=(v.url("do/save")) {
            (token(v))
            label for="save-dir" { "Folder" }
            input #save-dir name="dir" type="text" value=(dir) size="50";
            label.check { input type="checkbox" name="overwrite" value="yes"; " Write into the folder even if it exists and is not empty (its files of the same names are replaced)" }
            button type="submit" { "Save" }
        }
        p { a href=(v.url("changes")) { "Back to the changes" } }
    };
    layout(app, v, "Not saved", "changes", body)
}

/// A page for a refused or failed request, outside any session.
pub fn error_page(status: axum::http::StatusCode, why: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (status.as_u16()) " · diligence playground" }
                link rel="stylesheet" href="/static/report.css";
                link rel="stylesheet" href="/static/playground.css";
            }
            body {
                main #main {
                    h1 { (status.canonical_reason().unwrap_or("Error")) }
                    p { (why) }
                    p { a href="/" { "Start a new session" } }
                }
            }
        }
    }
}
