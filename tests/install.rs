//! What an installation needs (issue 16): shell completions and the manual page, generated
//! from the command-line definitions, name every visible command.

mod common;

use clap::CommandFactory;
use diligence::cli::Cli;

/// The visible commands, from the command-line definitions.
fn commands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect()
}

#[test]
fn completions_for_each_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let out = common::diligence(&["completions", shell]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let script = String::from_utf8(out.stdout).unwrap();
        for command in commands() {
            assert!(
                script.contains(&command),
                "{shell}: no `{command}` in the script"
            );
        }
        // bash and zsh spell the option `--facts`, fish `-l facts`.
        assert!(
            script.contains("--facts") || script.contains("-l facts"),
            "{shell}: no --facts"
        );
    }
}

#[test]
fn bash_completion_script_is_valid_bash() {
    let out = common::diligence(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diligence.bash");
    std::fs::write(&path, &out.stdout).unwrap();
    // `bash -n` parses without running; skipped where there is no bash.
    if let Ok(check) = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
    {
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = common::diligence(&["completions", "powershell-7"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_naming_every_command() {
    let out = common::diligence(&["man"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // roff writes a hyphen as `\-`.
    let page = String::from_utf8(out.stdout).unwrap().replace("\\-", "-");
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(
        page.contains(".TH diligence 1"),
        "{}",
        &page[..page.len().min(400)]
    );
    for command in commands() {
        assert!(page.contains(&command), "no `{command}` in the man page");
    }
    assert!(
        !page.contains("docs"),
        "the hidden docs command is in the man page"
    );
}
