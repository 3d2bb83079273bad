//! `diligence memo` (issue 12, item 4): on the shipped dataset, the memo of an incident has
//! its sections and the eight questions in order, cites only input rows that exist and every
//! event of the incident, holds no code, says for each conclusion whether it is robust
//! across the shipped profiles, and for a breach the smallest change of facts that avoids
//! it (dates in words); why-not answers where a linked state is not negligent; the HTML is
//! self-contained (nothing fetched from a network), balanced and print-ready; an unknown
//! incident is a usage error naming the nearest id; and the output is the same byte for
//! byte on every run.

mod common;

use std::path::Path;

use common::{code_in, diligence, shipped_dir};
use diligence::cli::EXIT_USAGE;

fn memo(args: &[&str]) -> String {
    let dir = shipped_dir();
    let mut all = vec!["memo"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--facts", &dir]);
    let out = diligence(&all);
    assert!(
        out.status.success(),
        "memo {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Where each of `parts` occurs in `text`, failing if one is missing or out of order.
#[track_caller]
fn assert_in_order(text: &str, parts: &[&str]) {
    let mut from = 0;
    for p in parts {
        match text[from..].find(p) {
            Some(at) => from += at + p.len(),
            None => panic!("`{p}` missing, or not after the parts before it, in:\n{text}"),
        }
    }
}

/// Every `FILE:LINE` citation of input rows in a text (`events.csv:14`).
fn citations(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(".csv:") {
        let name_start = text[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .map_or(0, |k| k + 1);
        let digits: String = text[at + 5..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(line) = digits.parse() {
            out.push((format!("{}.csv", &text[name_start..at]), line));
        }
    }
    out
}

/// The records of a shipped input file by their starting line (the header is line 1).
fn records(file: &str) -> Vec<(usize, Vec<String>)> {
    let path = Path::new(&shipped_dir()).join(file);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(&path)
        .unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let line = rec.position().unwrap().line() as usize;
            (line, rec.iter().map(str::to_string).collect())
        })
        .collect()
}

const SECTIONS: &[&str] = &[
    "# Memorandum on `",
    "## Questions presented",
    "## Short answers",
    "## Facts",
    "## Discussion",
    "### 1. Is ",
    "cyber harm, and is it significant harm?",
    "### 2. From which state",
    "### 3. Is ",
    "attributable to a state?",
    "### 4. Did ",
    "know of",
    "### 5. What did the states concerned owe",
    "### 6. Did a state breach an obligation",
    "### 7. Is a state responsible",
    "### 8. Were the responses to",
    "## Profile positions relied on",
];

#[test]
fn the_memo_of_a_shipped_incident_has_its_sections_and_questions_in_order() {
    for id in ["estonia-2007", "dnc-2016", "bundestag-2015"] {
        let text = memo(&[id]);
        assert_in_order(&text, SECTIONS);
        assert!(text.starts_with(&format!("# Memorandum on `{id}`\n")));
    }
}

#[test]
fn every_citation_is_a_row_of_the_shipped_dataset_and_every_event_of_the_incident_is_cited() {
    for id in ["estonia-2007", "dnc-2016", "notpetya-2017"] {
        let text = memo(&[id]);
        let cited = citations(&text);
        assert!(!cited.is_empty(), "{id}: no citations");
        for (file, line) in &cited {
            assert!(
                records(file).iter().any(|(l, _)| l == line),
                "{id}: {file}:{line} is not a row of the shipped {file}"
            );
        }
        // The facts: every row of the incident in these files is cited.
        for (file, col) in [
            ("events.csv", 4),
            ("targets.csv", 0),
            ("origins.csv", 0),
            ("responses.csv", 4),
        ] {
            for (line, rec) in records(file) {
                if rec[col] == id {
                    assert!(
                        cited.contains(&(file.to_string(), line)),
                        "{id}: {file}:{line} bears on the incident but is not cited"
                    );
                }
            }
        }
        let incident_line = records("incidents.csv")
            .into_iter()
            .find(|(_, r)| r[0] == id)
            .unwrap()
            .0;
        assert!(text.contains(&format!("(incidents.csv:{incident_line})")));
    }
}

#[test]
fn no_memo_of_the_shipped_dataset_holds_code() {
    for (_, rec) in records("incidents.csv") {
        let id = &rec[0];
        let text = memo(&[id]);
        if let Some(code) = code_in(&text) {
            panic!("memo {id} holds code (`{code}`):\n{text}");
        }
    }
    let html = memo(&["dnc-2016", "--format", "html"]);
    let body = &html[html.find("</style>").unwrap()..];
    if let Some(code) = code_in(body) {
        panic!("the HTML memo holds code (`{code}`)");
    }
}

#[test]
fn a_breach_is_argued_with_its_robustness_and_the_smallest_change_that_avoids_it() {
    let text = memo(&["estonia-2007"]);
    // The breach, its robustness (due diligence is not binding under no-due-diligence),
    // and the avoiding measure by the end of the 72-hour window from 10 May 2007.
    assert_in_order(
        &text,
        &[
            "### 6. Did a state breach",
            "**Russian Federation breached DUTY-ACTION about `estonia-2007`** [BREACH-ACTION; lex\\_lata;",
            "(events.csv",
            "*Robustness.* Contested: it holds under kreuzer-2024, tallinn-2, pure-sovereignty and collective-cm but not under no-due-diligence; under kreuzer-2024 it would not hold if the position “due diligence binding” were switched from yes to no.",
            "*Smallest change of facts that avoids it.* Russian Federation would not have breached DUTY-ACTION about `estonia-2007` had it taken any measure against `estonia-2007` by 13 May 2007.",
            "### 7. Is a state responsible",
        ],
    );
    // Robust conclusions say so; the positions relied on name their values and sources.
    assert!(text.contains(
        "*Robustness.* Robust: it holds under every shipped profile; switching any one position of kreuzer-2024 leaves it standing."
    ));
    assert_in_order(
        &text,
        &[
            "## Profile positions relied on",
            "- **due diligence binding:** yes (profile kreuzer-2024); a conclusion of this memo changes if it alone is switched. Source: F1-F3",
            "- **response window:** 72 h (profile kreuzer-2024). Source: ",
        ],
    );
    // Under another profile the memo rests on that profile's positions.
    let tallinn = memo(&["estonia-2007", "--profile", "tallinn-2"]);
    assert!(tallinn.contains("- **Profile:** tallinn-2"));
    assert!(!tallinn.contains("(profile kreuzer-2024)"));
}

#[test]
fn a_linked_state_that_is_not_negligent_is_argued_why_not() {
    let text = memo(&["bundestag-2015"]);
    assert_in_order(
        &text,
        &[
            "### 6. Did a state breach",
            "**Russian Federation was not negligent about `bundestag-2015`** [BREACH-NEGLIGENT;",
            "Russian Federation first knew of `bundestag-2015` on 5 May 2020",
            "*Robustness.* Robust: the answer is the same under every shipped profile",
            "### 7. Is a state responsible",
            "No state committed an internationally wrongful act over `bundestag-2015`",
        ],
    );
}

/// The tags of an HTML text balance (void elements aside), and none of them fetches
/// anything from a network.
fn check_html(html: &str) {
    const VOID: &[&str] = &["meta", "br", "hr", "img", "link", "input", "wbr"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let close = rest.find('>').expect("an unclosed tag");
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let lower = tag.to_ascii_lowercase();
        for attr in ["src=", "href=", "action=", "srcset=", "poster="] {
            for (at, _) in lower.match_indices(attr) {
                let value = lower[at + attr.len()..].trim_start_matches(['"', '\'']);
                assert!(
                    value.starts_with('#'),
                    "a reference out of the page: <{tag}>"
                );
            }
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if tag.starts_with('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.as_str()),
                "</{name}> closes nothing open"
            );
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    for far in ["url(", "@import", "<script", "<link", "<iframe", "<img"] {
        assert!(!html.contains(far), "the page holds `{far}`");
    }
}

#[test]
fn the_html_memo_is_self_contained_balanced_and_print_ready() {
    for id in ["estonia-2007", "dnc-2016"] {
        let html = memo(&[id, "--format", "html"]);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(html.contains("<style>") && html.contains("@media print{"));
        assert!(html.contains("break-inside:avoid"));
        check_html(&html);
        // The same sections as the Markdown, and the arguments by their own renderer.
        assert_in_order(
            &html,
            &[
                "<h2>Questions presented</h2>",
                "<h2>Short answers</h2>",
                "<h2>Facts</h2>",
                "<h2 class=\"discussion\">Discussion</h2>",
                "<section class=\"question\" id=\"q1\">",
                "<div class=\"argument\">",
                "<section class=\"question\" id=\"q8\">",
                "<h2>Profile positions relied on</h2>",
            ],
        );
        // Every internal link points at an id of the page.
        for (at, _) in html.match_indices("href=\"#") {
            let target = &html[at + 7..];
            let target = &target[..target.find('"').unwrap()];
            assert!(
                html.contains(&format!("id=\"{target}\"")),
                "{id}: a link to #{target}, which is not on the page"
            );
        }
    }
}

#[test]
fn the_checker_of_html_fails_on_network_references_and_unbalanced_tags() {
    for bad in [
        "<p><img src=\"https://example.org/x.png\"></p>",
        "<p><a href=\"http://example.org\">x</a></p>",
        "<div><p>x</div>",
        "<style>body{background:url(x.png)}</style>",
    ] {
        assert!(
            std::panic::catch_unwind(|| check_html(bad)).is_err(),
            "accepted {bad}"
        );
    }
    check_html("<p><a href=\"#q1\">x</a><br></p>");
}

#[test]
fn an_unknown_incident_is_a_usage_error_naming_the_nearest_id() {
    let out = diligence(&["memo", "estonia-2008", "--facts", &shipped_dir()]);
    assert_eq!(out.status.code(), Some(i32::from(EXIT_USAGE)));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "diligence: error: unknown incident `estonia-2008` (not defined in incidents.csv); did you mean `estonia-2007`?\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn the_memo_is_the_same_byte_for_byte_on_every_run_and_with_out() {
    for format in ["markdown", "html"] {
        let a = memo(&["notpetya-2017", "--format", format]);
        let b = memo(&["notpetya-2017", "--format", format]);
        assert_eq!(a, b, "{format}: two runs differ");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("memo");
        let out = diligence(&[
            "memo",
            "notpetya-2017",
            "--format",
            format,
            "--facts",
            &shipped_dir(),
            "--out",
            file.to_str().unwrap(),
        ]);
        assert!(out.status.success() && out.stdout.is_empty());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), a);
    }
}

/// The `markdown` blocks of the README's section on memos.
fn readme_blocks() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("\n## Memos\n")
        .expect("README: no section Memos");
    // The section ends at the next heading of level 2 outside a code block.
    let mut blocks = Vec::new();
    let mut block: Option<String> = None;
    for line in readme[start + 1..].lines().skip(1) {
        match (&mut block, line) {
            (None, l) if l.starts_with("## ") => break,
            (None, "```markdown") => block = Some(String::new()),
            (Some(b), "```") => {
                blocks.push(std::mem::take(b));
                block = None;
            }
            (Some(b), l) => {
                b.push_str(l);
                b.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn the_readme_examples_are_what_memo_prints() {
    let text = memo(&["estonia-2007"]);
    let blocks = readme_blocks();
    assert_eq!(blocks.len(), 2, "the README shows two excerpts of the memo");
    for b in blocks {
        assert!(
            text.contains(&b),
            "the README's excerpt is not in `diligence memo estonia-2007`:\n{b}"
        );
    }
}
