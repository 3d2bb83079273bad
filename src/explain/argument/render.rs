//! The outputs of an [`Argument`]: plain text (the terminal), Markdown (briefs), HTML
//! (reports, memos, the playground). All three walk the same model in the same order, so
//! they say the same thing; only the marks differ (backticks, `<code>`, links).

use std::fmt::Write as _;

use super::{Argument, Cite, Finding, Ground, Span, Text};

/// How spans are written in one output.
trait Markup {
    fn plain(&self, s: &str, out: &mut String);
    fn id(&self, s: &str, out: &mut String);
    fn row(&self, at: &str, label: &str, out: &mut String);
    fn rows(&self, rows: &[String], out: &mut String) {
        self.plain("(", out);
        for (k, r) in rows.iter().enumerate() {
            if k > 0 {
                self.plain("; ", out);
            }
            self.row(r, r, out);
        }
        self.plain(")", out);
    }
    fn file(&self, name: &str, out: &mut String);
    fn reference(&self, n: usize, out: &mut String);
    fn cite(&self, c: &Cite, out: &mut String);
}

/// The text of a citation: `[ID; status; source]` in full, `[ID]` by id.
pub fn cite_text(c: &Cite) -> String {
    if c.full {
        format!(
            "[{}; {}; {}]",
            c.rule.code(),
            c.rule.status().as_str(),
            c.rule.source()
        )
    } else {
        format!("[{}]", c.rule.code())
    }
}

struct Plain;
impl Markup for Plain {
    fn plain(&self, s: &str, out: &mut String) {
        out.push_str(s);
    }
    fn id(&self, s: &str, out: &mut String) {
        let _ = write!(out, "`{s}`");
    }
    fn row(&self, _: &str, label: &str, out: &mut String) {
        out.push_str(label);
    }
    fn file(&self, name: &str, out: &mut String) {
        out.push_str(name);
    }
    fn reference(&self, n: usize, out: &mut String) {
        let _ = write!(out, "{n}");
    }
    fn cite(&self, c: &Cite, out: &mut String) {
        out.push_str(&cite_text(c));
    }
}

struct Markdown;
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
impl Markup for Markdown {
    fn plain(&self, s: &str, out: &mut String) {
        out.push_str(&md_escape(s));
    }
    fn id(&self, s: &str, out: &mut String) {
        let ticks = if s.contains('`') { "``" } else { "`" };
        let _ = write!(out, "{ticks}{s}{ticks}");
    }
    fn row(&self, _: &str, label: &str, out: &mut String) {
        out.push_str(&md_escape(label));
    }
    fn file(&self, name: &str, out: &mut String) {
        out.push_str(&md_escape(name));
    }
    fn reference(&self, n: usize, out: &mut String) {
        let _ = write!(out, "{n}");
    }
    fn cite(&self, c: &Cite, out: &mut String) {
        out.push_str(&md_escape(&cite_text(c)));
    }
}

struct Html<'a> {
    anchor: &'a str,
}
fn esc(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}
impl Markup for Html<'_> {
    fn plain(&self, s: &str, out: &mut String) {
        out.push_str(&esc(s));
    }
    fn id(&self, s: &str, out: &mut String) {
        let _ = write!(out, "<code>{}</code>", esc(s));
    }
    fn row(&self, at: &str, label: &str, out: &mut String) {
        let _ = write!(
            out,
            "<span class=\"row\" title=\"{}\">{}</span>",
            html_escape::encode_double_quoted_attribute(at),
            esc(label)
        );
    }
    fn file(&self, name: &str, out: &mut String) {
        let _ = write!(out, "<span class=\"file\">{}</span>", esc(name));
    }
    fn reference(&self, n: usize, out: &mut String) {
        let _ = write!(
            out,
            "<a class=\"ref\" href=\"#{}f{n}\">{n}</a>",
            html_escape::encode_double_quoted_attribute(self.anchor)
        );
    }
    fn cite(&self, c: &Cite, out: &mut String) {
        let _ = write!(
            out,
            "<span class=\"cite\" title=\"{}\">{}</span>",
            html_escape::encode_double_quoted_attribute(c.rule.meaning()),
            esc(&cite_text(c))
        );
    }
}

fn spans(t: &Text, m: &dyn Markup, out: &mut String) {
    for s in &t.0 {
        match s {
            Span::Plain { text } => m.plain(text, out),
            Span::Id { text } => m.id(text, out),
            Span::Rows { rows } => m.rows(rows, out),
            Span::Row { at, label } => m.row(at, label, out),
            Span::File { name } => m.file(name, out),
            Span::Ref { number } => m.reference(*number, out),
            Span::Cite { cite } => m.cite(cite, out),
        }
    }
}

/// Grounds as one clause: `a`, `a; and b`, `a; b; and c`.
fn grounds(g: &[Ground], m: &dyn Markup, out: &mut String) {
    for (k, gr) in g.iter().enumerate() {
        if k > 0 {
            if k + 1 == g.len() {
                m.plain("; and ", out);
            } else {
                m.plain("; ", out);
            }
        }
        spans(&gr.text, m, out);
    }
}

fn cites(c: &[Cite], m: &dyn Markup, out: &mut String) {
    for (k, c) in c.iter().enumerate() {
        if k > 0 {
            m.plain(" ", out);
        }
        m.cite(c, out);
    }
}

fn notes(n: &[Text], m: &dyn Markup, out: &mut String) {
    for t in n {
        m.plain(" ", out);
        spans(t, m, out);
        if !t.plain().ends_with('.') {
            m.plain(".", out);
        }
    }
}

/// The claim's line: `STATEMENT [CITE], because:` (or `STATEMENT (GROUNDS) [CITE].` when
/// nothing follows).
fn claim(a: &Argument, m: &dyn Markup, out: &mut String) {
    let c = &a.claim;
    spans(&c.statement, m, out);
    if !c.grounds.is_empty() {
        m.plain(": ", out);
        grounds(&c.grounds, m, out);
    }
    if !c.cites.is_empty() {
        m.plain(" ", out);
        cites(&c.cites, m, out);
    }
    if a.findings.is_empty() {
        m.plain(".", out);
        notes(&c.notes, m, out);
    } else {
        m.plain(", because:", out);
    }
}

/// The claim's notes, after the findings (when there are findings).
fn claim_notes(a: &Argument, m: &dyn Markup, out: &mut String) -> bool {
    if a.findings.is_empty() || a.claim.notes.is_empty() {
        return false;
    }
    let mut n = String::new();
    notes(&a.claim.notes, m, &mut n);
    out.push_str(n.trim_start());
    true
}

/// A finding's text after its number: `STATEMENT: GROUNDS [CITE]. NOTES`.
fn finding(f: &Finding, m: &dyn Markup, out: &mut String) {
    spans(&f.statement, m, out);
    if !f.grounds.is_empty() {
        if !f.statement.is_empty() {
            m.plain(": ", out);
        }
        grounds(&f.grounds, m, out);
    }
    if !f.cites.is_empty() {
        m.plain(" ", out);
        cites(&f.cites, m, out);
    }
    m.plain(".", out);
    notes(&f.notes, m, out);
}

/// Text as plain text.
pub fn text_plain(t: &Text) -> String {
    let mut out = String::new();
    spans(t, &Plain, &mut out);
    out
}

/// Text as Markdown (ids in backticks, the rest escaped), for documents that set sentences
/// of their own beside arguments (the memo).
pub fn text_markdown(t: &Text) -> String {
    let mut out = String::new();
    spans(t, &Markdown, &mut out);
    out
}

/// Text as HTML (ids in `<code>`, rows as `<span class="row">`), references to findings
/// linking to `#{anchor}fN`; for documents that set sentences of their own beside
/// arguments (the memo).
pub fn text_html(t: &Text, anchor: &str) -> String {
    let mut out = String::new();
    spans(t, &Html { anchor }, &mut out);
    out
}

/// The claim's line in plain text.
pub fn claim_plain(a: &Argument) -> String {
    let mut out = String::new();
    claim(a, &Plain, &mut out);
    out
}

/// A finding's line in plain text, with its number, without indentation.
pub fn finding_plain(f: &Finding) -> String {
    let mut out = format!("{}. ", f.number);
    finding(f, &Plain, &mut out);
    out
}

/// Plain text: the claim, then one line per finding, indented two spaces per level.
pub fn text(a: &Argument) -> String {
    let mut out = String::new();
    claim(a, &Plain, &mut out);
    out.push('\n');
    for f in &a.findings {
        out.push_str(&"  ".repeat(f.depth.saturating_sub(1)));
        out.push_str(&finding_plain(f));
        out.push('\n');
    }
    if claim_notes(a, &Plain, &mut out) {
        out.push('\n');
    }
    out
}

/// Markdown: the claim in bold, the findings as a nested list with bold numbers.
pub fn markdown(a: &Argument) -> String {
    let mut out = String::from("**");
    spans(&a.claim.statement, &Markdown, &mut out);
    out.push_str("**");
    let mut rest = String::new();
    let mut tail = a.clone();
    tail.claim.statement = Text::default();
    claim(&tail, &Markdown, &mut rest);
    out.push_str(&rest);
    out.push('\n');
    if !a.findings.is_empty() {
        out.push('\n');
    }
    for f in &a.findings {
        out.push_str(&"  ".repeat(f.depth.saturating_sub(1)));
        let _ = write!(out, "- **{}.** ", f.number);
        finding(f, &Markdown, &mut out);
        out.push('\n');
    }
    let mut n = String::new();
    if claim_notes(a, &Markdown, &mut n) {
        let _ = writeln!(out, "\n{n}");
    }
    out
}

/// HTML: `<div class="argument">` with the claim as a paragraph and the findings as nested
/// ordered lists (`<li id="{anchor}f{N}" value="N">`).
pub fn html(a: &Argument, anchor: &str) -> String {
    let m = Html { anchor };
    let mut out = String::from("<div class=\"argument\">\n<p class=\"claim\">");
    claim(a, &m, &mut out);
    out.push_str("</p>\n");
    let mut depth = 0;
    for f in &a.findings {
        if f.depth > depth {
            while f.depth > depth {
                out.push_str(if depth == 0 {
                    "<ol class=\"findings\">\n"
                } else {
                    "\n<ol>\n"
                });
                depth += 1;
            }
        } else {
            out.push_str("</li>\n");
            while depth > f.depth {
                out.push_str("</ol>\n</li>\n");
                depth -= 1;
            }
        }
        let _ = write!(
            out,
            "<li id=\"{}f{}\" value=\"{}\">",
            html_escape::encode_double_quoted_attribute(anchor),
            f.number,
            f.number
        );
        finding(f, &m, &mut out);
    }
    if depth > 0 {
        out.push_str("</li>\n");
        while depth > 1 {
            out.push_str("</ol>\n</li>\n");
            depth -= 1;
        }
        out.push_str("</ol>\n");
    }
    let mut n = String::new();
    if claim_notes(a, &m, &mut n) {
        let _ = writeln!(out, "<p class=\"notes\">{n}</p>");
    }
    out.push_str("</div>\n");
    out
}
