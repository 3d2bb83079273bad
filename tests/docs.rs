//! The law and the contract in the repository cannot drift from the code: `docs/catalogue.md`
//! and `docs/data-model.md` are regenerated from the tables the program reads and compared
//! with the committed files (a difference fails with a diff; `cargo run -- docs --out docs`
//! writes them again).

mod common;

use std::path::Path;

use pretty_assertions::assert_eq;

#[test]
fn committed_documents_are_what_the_code_generates() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for (name, make) in diligence::docs::DOCUMENTS {
        let committed = std::fs::read_to_string(docs.join(name))
            .unwrap_or_else(|e| panic!("docs/{name}: {e}; run `cargo run -- docs --out docs`"));
        assert_eq!(
            committed,
            make(),
            "docs/{name} differs from what the code generates (left: committed, right: \
             generated); run `cargo run -- docs --out docs`"
        );
    }
}

#[test]
fn the_docs_command_writes_both_documents() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("docs");
    let run = common::diligence(&["docs", "--out", &dir.display().to_string()]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for (name, make) in diligence::docs::DOCUMENTS {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            make(),
            "{name}"
        );
    }
}

#[test]
fn the_documents_name_every_rule_input_column_and_output_relation() {
    let catalogue = diligence::docs::catalogue();
    for rule in diligence::rules::RuleId::ALL {
        assert!(
            catalogue.contains(&format!("\n### {}\n", rule.code())),
            "{rule}"
        );
    }
    for key in diligence::profile::POSITION_KEYS {
        assert!(catalogue.contains(&format!("\n### `{key}`\n")), "{key}");
    }
    let model = diligence::docs::data_model();
    for file in diligence::facts::InputFile::ALL {
        assert!(
            model.contains(&format!("\n### {}\n", file.file_name())),
            "{file}"
        );
        for column in file.spec().columns {
            assert!(
                model.contains(&format!("| `{}` |", column.name)),
                "{file} {}",
                column.name
            );
        }
    }
    for relation in diligence::output::OUTPUT_RELATIONS {
        assert!(model.contains(&format!("| `{relation}` |")), "{relation}");
    }
    // Every visible command, nested ones too (`diligence import cfr`), has its section.
    use clap::CommandFactory;
    let mut stack = vec![("diligence".to_string(), diligence::cli::Cli::command())];
    while let Some((path, cmd)) = stack.pop() {
        for s in cmd.get_subcommands() {
            if s.is_hide_set() || s.get_name() == "help" {
                continue;
            }
            let sub = format!("{path} {}", s.get_name());
            assert!(
                model.contains(&format!("\n### {sub}\n")),
                "no section for `{sub}`"
            );
            stack.push((sub, s.clone()));
        }
    }
    for (code, _) in diligence::cli::EXIT_CODES {
        assert!(
            model.contains(&format!("\n| {code} | ")),
            "exit code {code}"
        );
    }
}
