//! The outputs of a [`Memo`]: Markdown, for pasting into a brief, and one self-contained
//! HTML page (inline CSS, no script, nothing fetched from a network), laid out for print.
//! Both say the same thing in the same order; the arguments are written by the argument
//! renderer ([`Argument::to_markdown`](crate::explain::argument::Argument::to_markdown),
//! [`Argument::to_html`](crate::explain::argument::Argument::to_html)), the memo's own
//! sentences by [`Text::to_markdown`] and [`Text::to_html`].

use std::fmt::Write as _;

use super::{Answer, Memo};
use crate::explain::argument::Text;
use crate::explain::words;

/// Markdown escaping for the memo's own words (profile names, titles, sources).
fn md(s: &str) -> String {
    Text::from_marked(&s.replace('`', "'")).to_markdown()
}

fn esc(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

/// The position lines: `label: value (origin). Source: …`, with whether it decides.
fn position_line(p: &super::PositionUse) -> (String, String) {
    let mut rest = format!("{} ({})", p.value, p.origin);
    if p.decisive {
        rest.push_str("; a conclusion of this memo changes if it alone is switched");
    }
    rest.push('.');
    if !p.source.is_empty() {
        rest.push_str(&format!(" Source: {}", p.source));
        if !p.source.ends_with('.') {
            rest.push('.');
        }
    }
    (p.label.clone(), rest)
}

/// The memo as Markdown.
pub fn markdown(m: &Memo) -> String {
    let mut out = String::new();
    let id = words::id(&m.incident);
    let _ = writeln!(
        out,
        "# Memorandum on {}\n",
        Text::from_marked(&id).to_markdown()
    );
    let _ = writeln!(
        out,
        "- **Incident:** {} ({})",
        md(&m.title),
        Text::from_marked(&id).to_markdown()
    );
    let _ = writeln!(
        out,
        "- **Profile:** {}{}",
        md(&m.profile),
        if m.profile_description.is_empty() {
            String::new()
        } else {
            format!(": {}", md(&m.profile_description))
        }
    );
    let _ = writeln!(out, "- **Evaluation time:** {}", words::date(m.as_of));
    let _ = writeln!(
        out,
        "- **Robustness judged against:** the shipped profiles {}\n",
        md(&words::list(&m.shipped, "and"))
    );

    out.push_str("## Questions presented\n\n");
    for q in &m.questions {
        let _ = writeln!(out, "{}. {}", q.number, q.asked.to_markdown());
    }
    out.push_str("\n## Short answers\n\n");
    for q in &m.questions {
        let short: Vec<String> = q.short.iter().map(Text::to_markdown).collect();
        let _ = writeln!(out, "{}. {}", q.number, short.join(" "));
    }

    out.push_str("\n## Facts\n");
    for g in &m.facts {
        let _ = writeln!(out, "\n### {}\n", g.heading);
        for r in &g.rows {
            let _ = writeln!(out, "- {}", r.to_markdown());
        }
    }

    out.push_str("\n## Discussion\n");
    for q in &m.questions {
        let _ = writeln!(out, "\n### {}. {}\n", q.number, q.asked.to_markdown());
        if q.answers.is_empty() {
            for s in &q.short {
                let _ = writeln!(out, "{}", s.to_markdown());
            }
        }
        for (k, a) in q.answers.iter().enumerate() {
            if k > 0 {
                out.push('\n');
            }
            let _ = writeln!(out, "#### {}.{}\n", q.number, k + 1);
            out.push_str(&a.argument.to_markdown());
            answer_notes_md(a, &mut out);
        }
    }

    out.push_str("\n## Profile positions relied on\n\n");
    if m.positions.is_empty() {
        let _ = writeln!(
            out,
            "The answers rest on no position of profile {}.",
            md(&m.profile)
        );
    } else {
        let _ = writeln!(
            out,
            "The answers above rest on these positions of profile {}:\n",
            md(&m.profile)
        );
        for p in &m.positions {
            let (label, rest) = position_line(p);
            let _ = writeln!(
                out,
                "- **{}:** {}",
                Text::from_marked(&label).to_markdown(),
                md(&rest)
            );
        }
    }
    out
}

fn answer_notes_md(a: &Answer, out: &mut String) {
    if let Some(r) = &a.robustness {
        let _ = writeln!(out, "\n*Robustness.* {}", r.to_markdown());
    }
    match a.avoided_by.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(
                out,
                "\n*Smallest change of facts that avoids it.* {}",
                one.to_markdown()
            );
        }
        many => {
            let _ = writeln!(
                out,
                "\n*Smallest changes of facts that avoid it* (each alone suffices):\n"
            );
            for s in many {
                let _ = writeln!(out, "- {}", s.to_markdown());
            }
        }
    }
}

/// The page's style: readable on screen, and on paper (A4 or Letter) with headings kept
/// with what follows them and no finding split across pages.
const STYLE: &str = "\
body{font-family:Georgia,'Times New Roman',serif;line-height:1.45;color:#111;background:#fff;margin:0}
.memo{max-width:46em;margin:2em auto;padding:0 1.5em}
h1{font-size:1.6em;margin-bottom:.4em}
h2{font-size:1.25em;border-bottom:1px solid #999;padding-bottom:.15em;margin-top:1.8em}
h3{font-size:1.08em;margin-top:1.4em}
h4{font-size:1em;margin:1.2em 0 .3em;color:#333}
dl.head{display:grid;grid-template-columns:max-content auto;gap:.2em 1em;margin:0 0 1em}
dl.head dt{font-weight:bold}
dl.head dd{margin:0}
code{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:.9em;background:#f3f3f3;padding:0 .2em}
.argument{margin:.3em 0 .6em}
.argument .claim{font-weight:bold;margin:.3em 0}
.argument ol{margin:.2em 0;padding-left:1.6em}
.argument li{margin:.2em 0}
.cite{color:#333;font-size:.92em}
.row{color:#333}
a.ref{color:inherit}
.robustness,.avoid{margin:.4em 0 .4em 1em;font-size:.95em}
ul.facts li{margin:.15em 0}
table.positions{border-collapse:collapse;width:100%;font-size:.95em}
table.positions th,table.positions td{border-top:1px solid #ccc;padding:.3em .4em;text-align:left;vertical-align:top}
@page{margin:2cm}
@media print{
body{font-size:10.5pt}
.memo{max-width:none;margin:0;padding:0}
h1,h2,h3,h4{break-after:avoid;page-break-after:avoid}
h2.discussion{break-before:page;page-break-before:always}
li,p,tr{break-inside:avoid;page-break-inside:avoid}
a.ref{text-decoration:none}
code{background:none;padding:0}
}
";

/// The memo as one self-contained HTML page.
pub fn html(m: &Memo) -> String {
    let mut out = String::new();
    let id = words::id(&m.incident);
    let id_html = Text::from_marked(&id).to_html();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Memorandum on {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <article class=\"memo\">\n<h1>Memorandum on {id_html}</h1>\n",
        esc(&m.incident)
    );
    out.push_str("<dl class=\"head\">\n");
    let _ = writeln!(
        out,
        "<dt>Incident</dt><dd>{} ({id_html})</dd>",
        esc(&m.title)
    );
    let _ = writeln!(
        out,
        "<dt>Profile</dt><dd>{}{}</dd>",
        esc(&m.profile),
        if m.profile_description.is_empty() {
            String::new()
        } else {
            format!(": {}", esc(&m.profile_description))
        }
    );
    let _ = writeln!(
        out,
        "<dt>Evaluation time</dt><dd>{}</dd>",
        esc(&words::date(m.as_of))
    );
    let _ = writeln!(
        out,
        "<dt>Robustness judged against</dt><dd>the shipped profiles {}</dd>",
        esc(&words::list(&m.shipped, "and"))
    );
    out.push_str("</dl>\n");

    out.push_str("<section>\n<h2>Questions presented</h2>\n<ol>\n");
    for q in &m.questions {
        let _ = writeln!(
            out,
            "<li value=\"{n}\"><a href=\"#q{n}\">{}</a></li>",
            q.asked.to_html(),
            n = q.number
        );
    }
    out.push_str("</ol>\n</section>\n<section>\n<h2>Short answers</h2>\n<ol>\n");
    for q in &m.questions {
        let short: Vec<String> = q.short.iter().map(Text::to_html).collect();
        let _ = writeln!(out, "<li value=\"{}\">{}</li>", q.number, short.join(" "));
    }
    out.push_str("</ol>\n</section>\n<section>\n<h2>Facts</h2>\n");
    for g in &m.facts {
        let _ = writeln!(out, "<h3>{}</h3>\n<ul class=\"facts\">", esc(g.heading));
        for r in &g.rows {
            let _ = writeln!(out, "<li>{}</li>", r.to_html());
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n<section>\n<h2 class=\"discussion\">Discussion</h2>\n");
    for q in &m.questions {
        let _ = writeln!(
            out,
            "<section class=\"question\" id=\"q{n}\">\n<h3>{n}. {}</h3>",
            q.asked.to_html(),
            n = q.number
        );
        if q.answers.is_empty() {
            for s in &q.short {
                let _ = writeln!(out, "<p>{}</p>", s.to_html());
            }
        }
        for (k, a) in q.answers.iter().enumerate() {
            let anchor = format!("q{}a{}-", q.number, k + 1);
            let _ = writeln!(
                out,
                "<div class=\"answer\" id=\"q{}a{}\">\n<h4>{}.{}</h4>",
                q.number,
                k + 1,
                q.number,
                k + 1
            );
            out.push_str(&a.argument.to_html(&anchor));
            if let Some(r) = &a.robustness {
                let _ = writeln!(
                    out,
                    "<p class=\"robustness\"><strong>Robustness.</strong> {}</p>",
                    r.to_html()
                );
            }
            match a.avoided_by.as_slice() {
                [] => {}
                [one] => {
                    let _ = writeln!(
                        out,
                        "<p class=\"avoid\"><strong>Smallest change of facts that avoids it.</strong> {}</p>",
                        one.to_html()
                    );
                }
                many => {
                    out.push_str("<p class=\"avoid\"><strong>Smallest changes of facts that avoid it</strong> (each alone suffices):</p>\n<ul class=\"avoid\">\n");
                    for s in many {
                        let _ = writeln!(out, "<li>{}</li>", s.to_html());
                    }
                    out.push_str("</ul>\n");
                }
            }
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n<section>\n<h2>Profile positions relied on</h2>\n");
    if m.positions.is_empty() {
        let _ = writeln!(
            out,
            "<p>The answers rest on no position of profile {}.</p>",
            esc(&m.profile)
        );
    } else {
        let _ = writeln!(
            out,
            "<p>The answers above rest on these positions of profile {}:</p>\n\
             <table class=\"positions\">\n<thead><tr><th>Position</th><th>Value, origin and source</th></tr></thead>\n<tbody>",
            esc(&m.profile)
        );
        for p in &m.positions {
            let (label, rest) = position_line(p);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                Text::from_marked(&label).to_html(),
                esc(&rest)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n</article>\n</body>\n</html>\n");
    out
}
