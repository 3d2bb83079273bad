//! The law and the contract, written from the tables the program itself reads:
//! `docs/catalogue.md` (every rule of the catalogue, the decisions written beside its
//! clauses, the profiles' positions with each shipped profile's value and source) and
//! `docs/data-model.md` (every input file and column, every output relation, the command
//! line and its exit codes).
//!
//! `diligence docs --out docs` writes both; `tests/docs.rs` regenerates them and fails when
//! the committed files differ, so the documents cannot drift from the code. The output is
//! deterministic: the same program gives the same bytes.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::cli::{Cli, EXIT_CODES};
use crate::facts::describe::{Absent, Check, Column, Need, Presence, Type};
use crate::facts::InputFile;
use crate::output::OUTPUT_RELATIONS;
use crate::profile;
use crate::rules::catalogue::{RuleId, RuleStatus};
use crate::rules::program::{Rel, CLAUSES};

/// A function writing one document.
pub type Generator = fn() -> String;

/// The documents, by file name inside the documentation folder, with their generators.
pub const DOCUMENTS: [(&str, Generator); 2] =
    [("catalogue.md", catalogue), ("data-model.md", data_model)];

/// Writes every document of [`DOCUMENTS`] into `dir` (created if needed); returns the paths
/// written.
pub fn write(dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    DOCUMENTS
        .iter()
        .map(|(name, make)| {
            let path = dir.join(name);
            std::fs::write(&path, make())?;
            Ok(path)
        })
        .collect()
}

/// The line under each document's title saying where it comes from.
fn generated(from: &str) -> String {
    format!(
        "<!-- Written by `diligence docs` from {from}. Do not edit: change the code, then run \
         `cargo run -- docs --out docs` (a test fails while this file and the code disagree). -->\n"
    )
}

/// `text` fit for one cell of a Markdown table: on one line, `|` escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// `values` as code, comma separated: `` `low`, `medium`, `high` ``.
fn code_list<S: AsRef<str>>(values: &[S]) -> String {
    values
        .iter()
        .map(|v| format!("`{}`", v.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` ending with a full stop.
fn sentence(text: &str) -> String {
    let text = text.trim();
    match text.ends_with(['.', '?', '!']) || text.is_empty() {
        true => text.to_string(),
        false => format!("{text}."),
    }
}

/// `text` with its first letter in lower case, trailing full stop dropped (for a
/// parenthesis inside a sentence).
fn lower_first(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What a status means, for people.
fn status_meaning(status: RuleStatus) -> &'static str {
    match status {
        RuleStatus::LexLata => "binding law now (the book finds it so)",
        RuleStatus::Emerging => {
            "nascent or emerging law: a failure is reported as a `concern`, not a breach, unless \
             the active profile makes the duty binding"
        }
        RuleStatus::LexFerenda => {
            "desirable future law: reported only as a `recommendation`, unless the profile says \
             otherwise"
        }
        RuleStatus::Contested => {
            "states and scholars disagree: the active doctrinal profile decides (see Profiles)"
        }
        RuleStatus::BestPractice => "best practice: its absence is a `recommendation`",
        RuleStatus::Method => {
            "not a rule of law but how conclusions are formed (their status, the earliest time)"
        }
    }
}

/// The profile positions a clause reads: every `p.NAME` in its text that is a position
/// key, and the whole feasibility table for `p.any_feasible` (CAP-1). `p.as_of`, the
/// evaluation time, is not a position.
fn positions_read(text: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("p.") {
        let before = text.len() - rest.len() + at;
        let name: String = rest[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        rest = &rest[at + 2..];
        let word_start = before == 0
            || !text[..before]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if !word_start {
            continue;
        }
        let keys: Vec<&'static str> = match name.as_str() {
            "any_feasible" => profile::POSITION_KEYS
                .iter()
                .copied()
                .filter(|k| k.starts_with("feasibility."))
                .collect(),
            n => profile::POSITION_KEYS
                .iter()
                .copied()
                .filter(|k| *k == n)
                .collect(),
        };
        for k in keys {
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// `docs/catalogue.md`: the rule catalogue, the decisions beside its clauses, and the
/// profiles' positions.
pub fn catalogue() -> String {
    let mut out = String::new();
    let o = &mut out;
    let _ = writeln!(o, "# Rule catalogue\n");
    o.push_str(&generated(
        "the rule table (`src/rules/catalogue.rs`), the clauses of the rule program \
         (`src/rules/program.rs`) and the shipped profiles (`profiles/`)",
    ));
    let _ = writeln!(
        o,
        "\nThe law `diligence` applies: the harm prevention rule in cyberspace as the book \
         (Kreuzer, *The Harm Prevention Rule in Cyberspace*, Nomos 2024) finds it. Every rule \
         has a stable id, which explanations cite, a family, a status and a legal source. \
         Where the catalogue could be read two ways, the reading taken is written beside the \
         clause that implements it; those decisions are listed under each rule (and argued in \
         `docs/decisions.md`). Contested points and thresholds are positions of a doctrinal \
         profile, listed at the end with each shipped profile's value and the source it rests \
         on.\n\n\
         Sources: \"Ch. 4.C.II\" is a chapter or section of the book; \"F13(a)\" is central \
         finding 13(a) of its Chapter 6; ARSIWA is the ILC Articles on Responsibility of \
         States for Internationally Wrongful Acts (2001); UN GGE are the reports of the Group \
         of Governmental Experts (2015, 2021); ICJ cases are cited by name.\n"
    );

    let _ = writeln!(o, "## Status values\n");
    let _ = writeln!(o, "| status | meaning |\n| --- | --- |");
    let statuses = [
        RuleStatus::LexLata,
        RuleStatus::Emerging,
        RuleStatus::LexFerenda,
        RuleStatus::Contested,
        RuleStatus::BestPractice,
        RuleStatus::Method,
    ];
    for s in statuses {
        let _ = writeln!(o, "| `{}` | {} |", s.as_str(), cell(status_meaning(s)));
    }
    let _ = writeln!(
        o,
        "\nA conclusion is only as strong as the weakest rule or ground in its proof \
         (`lex_lata` > `emerging` > `lex_ferenda`); with several proofs it takes the \
         strongest (rule {}). A contested position that the active profile adopts counts as \
         `lex_lata` inside that profile, and the explanation names the position it rests \
         on.\n",
        RuleId::STATUS.code()
    );

    let _ = writeln!(o, "## Rules\n");
    let _ = writeln!(
        o,
        "| id | family | status | source | meaning |\n| --- | --- | --- | --- | --- |"
    );
    for r in RuleId::ALL {
        let _ = writeln!(
            o,
            "| [{id}](#{anchor}) | {} | `{}` | {} | {} |",
            r.family(),
            r.status().as_str(),
            cell(r.source()),
            cell(r.meaning()),
            id = r.code(),
            anchor = r.code().to_lowercase(),
        );
    }
    let mut families: Vec<&str> = Vec::new();
    for r in RuleId::ALL {
        if !families.contains(&r.family()) {
            families.push(r.family());
        }
    }
    for family in families {
        let _ = writeln!(o, "\n## {family} rules");
        for r in RuleId::ALL.iter().filter(|r| r.family() == family) {
            rule_section(o, *r);
        }
    }
    profiles_section(o);
    out
}

/// One rule: status, source, meaning, the relations its clauses derive, the profile
/// positions they read, and the decisions written beside them.
fn rule_section(o: &mut String, r: RuleId) {
    let _ = writeln!(o, "\n### {}\n", r.code());
    let _ = writeln!(
        o,
        "`{}` · {}\n\n{}",
        r.status().as_str(),
        r.source(),
        r.meaning()
    );
    let clauses: Vec<_> = CLAUSES.iter().filter(|c| c.rule == r).collect();
    let mut heads: Vec<&str> = Vec::new();
    let mut positions: Vec<&str> = Vec::new();
    let mut notes: Vec<&str> = Vec::new();
    for c in &clauses {
        if !heads.contains(&c.head.name) {
            heads.push(c.head.name);
        }
        for key in positions_read(c.text) {
            if !positions.contains(&key) {
                positions.push(key);
            }
        }
        let note = c.note.trim();
        if !note.is_empty() && !notes.contains(&note) {
            notes.push(note);
        }
    }
    let _ = writeln!(o);
    match clauses.len() {
        0 => {
            let _ = writeln!(o, "No clause of the rule program is tagged with this id.");
        }
        n => {
            let _ = write!(
                o,
                "{n} clause{} of the rule program, deriving {}",
                if n == 1 { "" } else { "s" },
                code_list(&heads)
            );
            if !positions.is_empty() {
                let _ = write!(o, "; reads the profile positions {}", code_list(&positions));
            }
            let _ = writeln!(o, ".");
        }
    }
    if !notes.is_empty() {
        let _ = writeln!(o, "\nDecisions:\n");
        for note in notes {
            let _ = writeln!(
                o,
                "- {}",
                note.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }
}

/// The profiles: every position, each shipped profile's value, and the sources.
fn profiles_section(o: &mut String) {
    let _ = writeln!(o, "\n## Profiles\n");
    let _ = writeln!(
        o,
        "A doctrinal profile fixes every contested or emerging position and every numeric \
         threshold, each with the source it rests on. The shipped profiles are compiled into \
         the binary; a profile file may set some positions and inherit the others \
         (`profiles/README.md` gives the format). `{}` is the default: the book's own \
         positions.\n",
        profile::DEFAULT_PROFILE
    );
    let profiles: Vec<profile::Profile> = profile::shipped()
        .into_iter()
        .filter_map(|name| profile::load_profile(name).ok())
        .collect();
    let _ = writeln!(
        o,
        "| profile | inherits | what it stands for |\n| --- | --- | --- |"
    );
    for p in &profiles {
        let inherits = p
            .inherits
            .as_deref()
            .map_or(String::new(), |i| format!("`{i}`"));
        let _ = writeln!(
            o,
            "| `{}` | {inherits} | {} |",
            p.name,
            cell(&p.description)
        );
    }
    let _ = writeln!(o);
    let _ = write!(o, "| position |");
    for p in &profiles {
        let _ = write!(o, " `{}` |", p.name);
    }
    let _ = write!(o, "\n| --- |");
    for _ in &profiles {
        let _ = write!(o, " --- |");
    }
    let _ = writeln!(o);
    for key in profile::POSITION_KEYS {
        let _ = write!(o, "| [`{key}`](#{}) |", key.replace('.', ""));
        for p in &profiles {
            let _ = write!(o, " {} |", cell(&p.position(key).display_value()));
        }
        let _ = writeln!(o);
    }
    for key in profile::POSITION_KEYS {
        let Some(first) = profiles.first() else {
            break;
        };
        let label = first.position(key).label();
        let _ = writeln!(o, "\n### `{key}`\n");
        let values = profile::closed_values(key);
        let values = match values.is_empty() {
            true => "a whole number".to_string(),
            false => format!("one of {}", code_list(&values)),
        };
        let _ = write!(o, "The {label}: {values}.");
        let mut rules: Vec<&str> = Vec::new();
        for c in CLAUSES.iter() {
            if positions_read(c.text).contains(&key) && !rules.contains(&c.rule.code()) {
                rules.push(c.rule.code());
            }
        }
        if !rules.is_empty() {
            let _ = write!(o, " Read by {}.", rules.join(", "));
        }
        let _ = writeln!(o, "\n\n| profile | value | source |\n| --- | --- | --- |");
        for p in &profiles {
            let pos = p.position(key);
            let source = match (&pos.origin, pos.source.is_empty()) {
                (profile::Origin::Inherited { from }, _) => format!("inherited from `{from}`"),
                (_, true) => "(no source given)".to_string(),
                (_, false) => cell(&pos.source),
            };
            let _ = writeln!(o, "| `{}` | `{}` | {source} |", p.name, pos.value);
        }
    }
}

/// `docs/data-model.md`: the input files, the output relations, the command line.
pub fn data_model() -> String {
    let mut out = String::new();
    let o = &mut out;
    let _ = writeln!(o, "# Data model and command line\n");
    o.push_str(&generated(
        "the input files' descriptions (`src/facts/files.rs`), the rule program's relations \
         (`src/rules/program.rs`) and the command-line definitions (`src/cli.rs`)",
    ));
    let _ = writeln!(
        o,
        "\nThe contract between `diligence` and the people and programs that use it: what a \
         dataset holds, what the reasoner derives, and how it is called. Names here are \
         stable: they may be extended, never renamed.\n"
    );
    input_files_section(o);
    output_section(o);
    command_line_section(o);
    out
}

/// What the type of a column reads, for people.
fn type_text(ty: Type) -> String {
    let defined = |k: crate::facts::describe::IdKind| {
        k.defined_in().map_or(String::new(), |f| {
            format!(" (defined in `{}`)", f.file_name())
        })
    };
    match ty {
        Type::Text => "text".into(),
        Type::Time => "time".into(),
        Type::Count => "integer ≥ 0".into(),
        Type::Flag => "`true` or `false`".into(),
        Type::Choice(set) => format!("one of {}", code_list(&(set.values)())),
        Type::Defines(k) => format!("the {} id this row defines (unique)", k.what()),
        Type::Refers(k) => format!("{} id{}", k.a_what(), defined(k)),
        Type::RefersEither(a, b) => {
            format!(
                "{} id{} or {} id{}",
                a.a_what(),
                defined(a),
                b.a_what(),
                defined(b)
            )
        }
        Type::Names(k) => format!(
            "a {} id (any name; rows that share it belong together)",
            k.what()
        ),
    }
}

/// Whether a column is required, for people.
fn presence_text(c: &Column) -> String {
    match c.presence {
        Presence::Required => "yes".into(),
        Presence::Optional(_) => "no".into(),
        Presence::RequiredWhen(on, value) => format!("when `{on}` is `{value}`"),
        Presence::PerKind(_) => "per `kind` (below)".into(),
    }
}

/// What an empty value of a column means, for people.
fn absent_text(c: &Column) -> String {
    match c.presence {
        Presence::Required => "—".into(),
        Presence::Optional(Absent::Default("")) => "empty text".into(),
        Presence::Optional(Absent::Default(v)) => format!("`{v}`"),
        Presence::Optional(Absent::Means(m)) => m.into(),
        Presence::RequiredWhen(..) => "none".into(),
        Presence::PerKind(_) => "none (where the kind allows it)".into(),
    }
}

/// What one kind of event needs in one of its columns, for people.
fn need_text(need: Need) -> String {
    match need {
        Need::Required(party) => format!("{party} (required)"),
        Need::Optional(party) => format!("{party} (optional)"),
        Need::Forbidden => "— (must be empty)".into(),
        Need::OneOf(set) => format!("one of {} (required)", code_list(&(set.values)())),
    }
}

fn input_files_section(o: &mut String) {
    let _ = writeln!(o, "## Input files\n");
    let _ = writeln!(
        o,
        "A dataset is a folder of CSV files, one per input relation (the shipped one is \
         `facts/`). Every file starts with a header naming its columns, in any order; \
         optional columns may be left out of the header; an unknown column is an error that \
         names it. A file a dataset does not need may be absent (an empty relation), except \
         the mandatory ones. Values are trimmed, and an empty value means \"not given\". Ids \
         are case-sensitive and contain no commas. Times are ISO 8601: a date `2021-05-07` \
         (read as 00:00 UTC) or a date-time `2021-05-07T14:30Z`, also with an offset \
         (`2021-05-07T14:30+02:00`). Integers are decimal. The evaluation time `as_of` is a \
         command-line option whose default is the latest time anywhere in the dataset.\n\n\
         Every problem is reported as `FILE:LINE:COLUMN: message` (LINE counts the header as \
         1; COLUMN is the field's position, 0 for a whole line or a column missing from the \
         header), all problems of a run together, and nothing is evaluated from an invalid \
         dataset. Every state, incident and actor id used must be defined.\n"
    );
    let _ = writeln!(o, "| file | must exist | columns |\n| --- | --- | --- |");
    for f in InputFile::ALL {
        let spec = f.spec();
        let columns: Vec<&str> = spec.columns.iter().map(|c| c.name).collect();
        let _ = writeln!(
            o,
            "| [`{}`](#{}) | {} | {} |",
            spec.name,
            spec.name.replace('.', ""),
            if spec.mandatory { "yes" } else { "no" },
            code_list(&columns)
        );
    }
    for f in InputFile::ALL {
        let spec = f.spec();
        let _ = writeln!(o, "\n### {}\n", spec.name);
        let mandatory = match spec.mandatory {
            true => "Every dataset must have this file.",
            false => "May be absent (no rows).",
        };
        let _ = writeln!(o, "{} {mandatory}\n", cell(spec.doc));
        let _ = writeln!(
            o,
            "| column | required | type | if empty | meaning |\n| --- | --- | --- | --- | --- |"
        );
        for c in spec.columns {
            let _ = writeln!(
                o,
                "| `{}` | {} | {} | {} | {} |",
                c.name,
                presence_text(c),
                type_text(c.ty),
                absent_text(c),
                cell(c.doc)
            );
        }
        for check in spec.checks {
            let Check::NotBefore { column, other } = check;
            let _ = writeln!(o, "\n`{column}`, when given, is not before `{other}`.");
        }
        if !spec.roles.is_empty() {
            let kind = spec.kind_column;
            let per_kind: Vec<&Column> = spec
                .columns
                .iter()
                .filter(|c| matches!(c.presence, Presence::PerKind(_)))
                .collect();
            let _ = writeln!(
                o,
                "\nWhat each `{kind}` needs in {}:\n",
                code_list(&per_kind.iter().map(|c| c.name).collect::<Vec<_>>())
            );
            let _ = write!(o, "| `{kind}` |");
            for c in &per_kind {
                let _ = write!(o, " `{}` |", c.name);
            }
            let _ = write!(o, "\n| --- |");
            for _ in &per_kind {
                let _ = write!(o, " --- |");
            }
            let _ = writeln!(o);
            for r in spec.roles {
                let _ = write!(o, "| `{}` |", r.kind);
                for c in &per_kind {
                    let Presence::PerKind(role) = c.presence else {
                        continue;
                    };
                    let _ = write!(o, " {} |", cell(&need_text(r.need(role))));
                }
                let _ = writeln!(o);
            }
        }
    }
}

fn output_section(o: &mut String) {
    let _ = writeln!(o, "\n## Output relations\n");
    let _ = writeln!(
        o,
        "What `diligence run` prints (`run all` prints every one). Values are the ids as \
         written in the input (names appear only in explanations and human tables), times are \
         printed in ISO 8601 UTC (`2024-03-02T08:00Z`), and an absent value is `\"\"`. In \
         JSON the keys are the column names: `{{ \"relation\": [ {{column: value, …}}, … ], … }}`, \
         rows sorted.\n"
    );
    let _ = writeln!(o, "| relation | columns | meaning |\n| --- | --- | --- |");
    for name in OUTPUT_RELATIONS {
        let Some(meta) = Rel::ALL.iter().map(|r| r.name()).find(|m| m.name == *name) else {
            continue;
        };
        let _ = writeln!(
            o,
            "| `{}` | {} | {} |",
            meta.name,
            code_list(meta.columns),
            cell(meta.doc)
        );
    }
}

/// The visible commands under `cmd`, each with its full name (`diligence import cfr`),
/// depth first in the order they are defined.
fn visible_commands<'c>(
    cmd: &'c clap::Command,
    prefix: &str,
    out: &mut Vec<(String, &'c clap::Command)>,
) {
    for s in cmd.get_subcommands() {
        if s.is_hide_set() || s.get_name() == "help" {
            continue;
        }
        let path = format!("{prefix} {}", s.get_name());
        out.push((path.clone(), s));
        visible_commands(s, &path, out);
    }
}

fn command_line_section(o: &mut String) {
    let mut cmd = Cli::command();
    cmd.build();
    let name = cmd.get_name().to_string();
    let _ = writeln!(o, "\n## Command line\n");
    if let Some(about) = cmd.get_about() {
        let _ = writeln!(o, "`{name}`: {}\n", cell(&about.to_string()));
    }
    let _ = writeln!(o, "| command | what it does |\n| --- | --- |");
    let mut subs: Vec<(String, &clap::Command)> = Vec::new();
    visible_commands(&cmd, &name, &mut subs);
    for (path, s) in &subs {
        let about = s.get_about().map(|a| a.to_string()).unwrap_or_default();
        let _ = writeln!(
            o,
            "| [`{path}`](#{}) | {} |",
            path.replace(' ', "-"),
            cell(&about)
        );
    }
    for (path, s) in &subs {
        let _ = writeln!(o, "\n### {path}\n");
        let about = s
            .get_long_about()
            .or(s.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        let _ = writeln!(o, "{}\n", about.trim());
        let usage = (*s).clone().render_usage().to_string();
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        let _ = writeln!(o, "```text\n{usage}\n```\n");
        let args: Vec<&clap::Arg> = s
            .get_arguments()
            .filter(|a| !a.is_hide_set() && !matches!(a.get_id().as_str(), "help" | "version"))
            .collect();
        if args.is_empty() {
            continue;
        }
        let _ = writeln!(o, "| argument | default | meaning |\n| --- | --- | --- |");
        for a in args {
            let value = a
                .get_value_names()
                .map(|v| {
                    v.iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_else(|| a.get_id().to_string().to_uppercase());
            let takes_value = a.get_action().takes_values();
            let flag = match a.get_long() {
                Some(long) if takes_value => format!("`--{long} {value}`"),
                Some(long) => format!("`--{long}`"),
                None => format!("`{value}`"),
            };
            let help = a
                .get_long_help()
                .or(a.get_help())
                .map(|h| h.to_string())
                .unwrap_or_default();
            let mut help = sentence(&help);
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| match v.get_help() {
                    Some(h) => format!("`{}` ({})", v.get_name(), lower_first(&h.to_string())),
                    None => format!("`{}`", v.get_name()),
                })
                .collect();
            if !values.is_empty() && takes_value {
                let _ = write!(help, " One of: {}.", values.join(", "));
            }
            let default: Vec<String> = match takes_value {
                true => a
                    .get_default_values()
                    .iter()
                    .map(|v| format!("`{}`", v.to_string_lossy()))
                    .collect(),
                false => Vec::new(),
            };
            let _ = writeln!(
                o,
                "| {} | {} | {} |",
                cell(&flag),
                default.join(" "),
                cell(&help)
            );
        }
    }
    let _ = writeln!(o, "\n### Exit codes\n");
    let _ = writeln!(o, "| code | meaning |\n| --- | --- |");
    for (code, meaning) in EXIT_CODES {
        let _ = writeln!(o, "| {code} | {} |", cell(meaning));
    }
}
