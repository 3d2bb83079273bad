//! The repository stands on its own (issue 16): no tracked file points outside it, at the
//! folder of shared specifications it was written beside or at a path of one machine. The
//! catalogue and the data model are `docs/catalogue.md` and `docs/data-model.md`, in the
//! repository.
//!
//! The files are those git tracks (`git ls-files`); without git (a source archive), every
//! file under the repository except `target/` and `.git/`. `Cargo.lock` and the fuzzers'
//! seed inputs are data, not prose, and are skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What no tracked file may contain. Written in pieces so that this file does not match
/// itself.
fn forbidden() -> Vec<String> {
    vec![
        ["..", "/shared"].concat(),
        ["shared", "/spec/"].concat(),
        ["..", "/spec/"].concat(),
        ["/wo", "rk/"].concat(),
        ["/ho", "me/"].concat(),
    ]
}

fn skipped(path: &str) -> bool {
    path == "Cargo.lock" || path.ends_with("/Cargo.lock") || path.starts_with("fuzz/seeds/")
}

/// The repository's files, relative to its root.
fn repository_files(root: &Path) -> Vec<String> {
    let git = Command::new("git")
        .arg("ls-files")
        .arg("-z")
        .current_dir(root)
        .output();
    if let Ok(out) = git {
        if out.status.success() && !out.stdout.is_empty() {
            return String::from_utf8_lossy(&out.stdout)
                .split('\0')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
        }
    }
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if name != "target" && name != ".git" {
                    stack.push(path);
                }
            } else {
                let rel = path.strip_prefix(root).unwrap();
                files.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn no_tracked_file_names_a_path_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = repository_files(root);
    assert!(
        files.iter().any(|f| f == "README.md") && files.iter().any(|f| f == "src/lib.rs"),
        "the repository's files were not found from {}",
        root.display()
    );
    let forbidden = forbidden();
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !skipped(f)) {
        // A file listed by git but deleted in the work tree is not read.
        let Ok(bytes) = std::fs::read(root.join(file)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for (n, line) in text.lines().enumerate() {
            for pattern in &forbidden {
                if line.contains(pattern.as_str()) {
                    found.push(format!(
                        "{file}:{}: names `{pattern}`: {}",
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "tracked files point outside the repository (write \"the catalogue\" or point at \
         docs/catalogue.md, docs/data-model.md):\n{}",
        found.join("\n")
    );
}
