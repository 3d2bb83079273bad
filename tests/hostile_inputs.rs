//! Hostile inputs not already covered by `tests/loader.rs` (which has BOMs, CRLF, quoted
//! commas and line breaks, non-UTF-8 bytes, empty and header-only files, duplicate headers,
//! leap days, offsets and `loss_usd` overflow): huge files with one bad row at the end,
//! very long fields, unterminated quotes, old Mac line ends, NUL bytes, extreme times and
//! counts, folders where files should be. Each either loads correctly or gets positioned
//! errors; through the command line each gets exit 0 or 1, never a panic (101).

mod common;

use common::diligence;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use diligence::facts::{load, load_files, InputErrors, InputFile};
use pretty_assertions::assert_eq;

const STATES: &str = "id,name,capacity\nAV,Avalon,high\nBB,Borduria,medium\n";
const INCIDENTS: &str = "id,title,start,vector,effect,severity\nhosp,Hospital ransomware,2024-03-01,ransomware,functionality,high\n";

/// A dataset folder with `states.csv`, `incidents.csv` and `files`.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("states.csv"), STATES).unwrap();
    fs::write(tmp.path().join("incidents.csv"), INCIDENTS).unwrap();
    for (name, content) in files {
        fs::write(tmp.path().join(name), content).unwrap();
    }
    tmp
}

/// The errors of loading `dir`, paths relative to it.
fn errors(dir: &Path) -> Vec<String> {
    let e = load(dir).expect_err("the dataset must not load");
    relative(dir, &e)
}

fn relative(dir: &Path, e: &InputErrors) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    e.to_string()
        .replace(&prefix, "")
        .lines()
        .map(String::from)
        .collect()
}

/// Runs `check` and `run` on `dir`: the exit code must be `code` for both (never 101), and
/// with 1, stderr lists positioned errors and the summary line.
fn assert_cli(dir: &Path, code: i32) {
    for cmd in ["check", "run"] {
        let out = diligence(&[cmd, "--facts", &dir.display().to_string()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{cmd}: {stderr}");
        if code == 1 {
            let last = stderr.lines().last().unwrap_or("");
            assert!(
                last.starts_with("diligence: error: ") && last.contains("nothing was evaluated"),
                "{stderr}"
            );
            for line in stderr.lines().filter(|l| !l.starts_with("diligence: ")) {
                let mut parts = line.splitn(4, ':');
                let (_, l, c) = (parts.next(), parts.next(), parts.next());
                assert!(
                    l.is_some_and(|l| l.parse::<u64>().is_ok())
                        && c.is_some_and(|c| c.parse::<u64>().is_ok()),
                    "not a positioned error: {line}"
                );
            }
        }
    }
}

#[test]
fn a_million_rows_with_one_bad_row_at_the_end() {
    const N: usize = 1_000_000;
    let mut good = String::with_capacity(N * 16);
    good.push_str("incident,state,sector\n");
    for k in 0..N {
        good.push_str(if k % 2 == 0 {
            "hosp,AV,health\n"
        } else {
            "hosp,AV,water\n"
        });
    }
    // Every row loads (duplicates included: nothing is dropped).
    let dir = folder(&[("targets.csv", good.as_bytes())]);
    let ds = load(dir.path()).unwrap();
    assert_eq!(ds.targets.len(), N);
    assert_eq!(
        ds.targets[N - 1].src.to_string(),
        format!("targets.csv:{}", N + 1)
    );

    let mut bad = good;
    bad.push_str("hosp,AV,hospitals\n");
    let dir = folder(&[("targets.csv", bad.as_bytes())]);
    let errs = errors(dir.path());
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!(
            "targets.csv:{}:3: column `sector`: unknown value `hospitals`",
            N + 2
        )),
        "{}",
        errs[0]
    );
    assert_cli(dir.path(), 1);
}

#[test]
fn very_long_fields_load_and_long_bad_values_are_shortened_in_messages() {
    let title = "x".repeat(4 << 20);
    let incidents = format!(
        "id,title,start,vector,effect,severity\nhosp,\"{title}\",2024-03-01,ransomware,functionality,high\n"
    );
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("states.csv"), STATES).unwrap();
    fs::write(tmp.path().join("incidents.csv"), &incidents).unwrap();
    let ds = load(tmp.path()).unwrap();
    assert_eq!(ds.incidents[0].data.title.len(), title.len());

    // A megabyte-long unknown value and unknown id: one positioned error each, and the
    // message does not repeat the megabyte.
    let long = "h".repeat(1 << 20);
    let targets = format!("incident,state,sector\nhosp,AV,{long}\n{long},AV,health\n");
    let dir = folder(&[("targets.csv", targets.as_bytes())]);
    let errs = errors(dir.path());
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(
        errs[0].starts_with("targets.csv:2:3: column `sector`: unknown value `hhhh"),
        "{}",
        &errs[0][..100]
    );
    assert!(
        errs[1].starts_with("targets.csv:3:1: column `incident`: unknown incident id `hhhh"),
        "{}",
        &errs[1][..100]
    );
    for e in &errs {
        assert!(e.len() < 2000, "message of {} bytes", e.len());
        assert!(e.contains("(1048576 bytes)"), "{}", &e[..300.min(e.len())]);
    }
    assert_cli(dir.path(), 1);
}

#[test]
fn an_unterminated_quote_is_a_positioned_error() {
    // The quote swallows the rest of the file into one field of the record on line 3.
    let targets = "incident,state,sector\nhosp,AV,health\nhosp,\"AV,water\nhosp,BB,water\n";
    let dir = folder(&[("targets.csv", targets.as_bytes())]);
    assert_eq!(
        errors(dir.path()),
        ["targets.csv:3:0: expected 3 fields as in the header, found 2"]
    );
    // Also in the header, and in a file without a final line break.
    let dir = folder(&[("targets.csv", b"incident,\"state,sector\nhosp,AV,health")]);
    assert_eq!(
        errors(dir.path()),
        [
            "targets.csv:1:0: missing required column `sector`",
            "targets.csv:1:0: missing required column `state`",
            "targets.csv:1:2: unknown column `state,sector\\nhosp,AV,health`; expected one of: incident, state, sector",
        ]
    );
    assert_cli(dir.path(), 1);
}

#[test]
fn old_mac_line_ends_and_nul_bytes_are_positioned_errors() {
    // `\r` alone does not end a line: the header swallows the rows.
    let dir = folder(&[("targets.csv", b"incident,state,sector\rhosp,AV,health\r")]);
    let errs = errors(dir.path());
    assert!(
        errs.iter().all(|e| e.starts_with("targets.csv:1:")),
        "{errs:?}"
    );
    assert_cli(dir.path(), 1);

    let dir = folder(&[(
        "targets.csv",
        b"incident,state,sector\nhosp,A\0V,health\n\0\0\0\n",
    )]);
    assert_eq!(
        errors(dir.path()),
        [
            "targets.csv:2:2: column `state`: unknown state id `A\\u{0}V` (not defined in states.csv); did you mean `AV`?",
            "targets.csv:3:0: expected 3 fields as in the header, found 1",
        ]
    );
    assert_cli(dir.path(), 1);
}

#[test]
fn extreme_times_load_or_get_positioned_errors() {
    let head = "id,title,start,end,vector,effect,severity\n";
    let mut rows = String::new();
    let cases = [
        ("t1", "2024-02-29T23:59:59+14:00", true),
        ("t2", "2024-02-29T00:00-12:00", true),
        ("t3", "-0001-01-01T00:00Z", false),
        ("t4", "9999-12-30T00:00Z", true),
        ("t5", "10000-01-01", false),
        ("t6", "2016-12-31T23:59:60Z", true),
        ("t11", "9999-12-31T23:59Z", false),
        ("t7", "2024-02-30", false),
        ("t8", "2024-02-29T25:00Z", false),
        ("t9", "1900-02-29", false),
        ("t10", "2000-02-29", true),
    ];
    for (id, start, _) in cases {
        writeln!(rows, "{id},T,{start},,exploit,physical,low").unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("states.csv"), STATES).unwrap();
    fs::write(dir.path().join("incidents.csv"), format!("{head}{rows}")).unwrap();
    let errs = errors(dir.path());
    let bad_lines: Vec<usize> = cases
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.2)
        .map(|(k, _)| k + 2)
        .collect();
    let got: Vec<usize> = errs
        .iter()
        .map(|e| {
            assert!(e.contains(":3: column `start`: "), "{e}");
            e.split(':').nth(1).unwrap().parse().unwrap()
        })
        .collect();
    assert_eq!(got, bad_lines, "{errs:?}");

    // The good ones evaluate (windows after 9999-12-31 saturate), also as `end`.
    let good: String = cases
        .iter()
        .filter(|c| c.2)
        .map(|(id, t, _)| format!("{id},T,{t},9999-12-30T00:00Z,exploit,physical,low\n"))
        .collect();
    fs::write(dir.path().join("incidents.csv"), format!("{head}{good}")).unwrap();
    fs::write(
        dir.path().join("events.csv"),
        "time,kind,incident,by,to\n9999-12-30T00:00Z,notification,t4,AV,BB\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("origins.csv"),
        "incident,state,link\nt4,BB,territory\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("targets.csv"),
        "incident,state,sector\nt4,AV,health\n",
    )
    .unwrap();
    assert_eq!(load(dir.path()).unwrap().incidents.len(), 5);
    assert_cli(dir.path(), 0);
}

#[test]
fn extreme_counts_evaluate_without_overflow() {
    // Two incidents of one campaign at the maximum loss (SIG-CUMULATIVE adds them up) and
    // the maximum number of casualties: no arithmetic overflow anywhere.
    let max = u64::MAX;
    let incidents = format!(
        "id,title,start,vector,effect,severity,casualties,loss_usd,campaign\n\
         a,A,2024-03-01,ransomware,functionality,high,{max},{max},c\n\
         b,B,2024-03-02,ransomware,functionality,high,{max},{max},c\n"
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("states.csv"), STATES).unwrap();
    fs::write(dir.path().join("incidents.csv"), incidents).unwrap();
    fs::write(
        dir.path().join("targets.csv"),
        "incident,state,sector\na,AV,private\nb,AV,private\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("origins.csv"),
        "incident,state,link\na,BB,territory\nb,BB,territory\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("events.csv"),
        "time,kind,incident,by,to\n2024-03-01T10:00Z,notification,a,AV,BB\n2024-03-02T10:00Z,notification,b,AV,BB\n",
    )
    .unwrap();
    assert_cli(dir.path(), 0);
    let facts = dir.path().display().to_string();
    let out = diligence(&[
        "run",
        "--facts",
        &facts,
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
        "breach",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("BB,DUTY-ACTION,a"), "{text}");
}

#[test]
fn folders_and_unreadable_entries_where_files_should_be() {
    let dir = folder(&[]);
    fs::create_dir(dir.path().join("targets.csv")).unwrap();
    let errs = errors(dir.path());
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with("targets.csv:0:0: cannot read file"),
        "{errs:?}"
    );
    assert_cli(dir.path(), 1);

    let dir = folder(&[]);
    fs::remove_file(dir.path().join("states.csv")).unwrap();
    fs::create_dir(dir.path().join("states.csv")).unwrap();
    let errs = errors(dir.path());
    assert!(
        errs[0].starts_with("states.csv:0:0: cannot read file"),
        "{errs:?}"
    );
    assert_cli(dir.path(), 1);
}

#[test]
fn in_memory_loading_is_the_same_as_loading_a_folder() {
    let targets: &[u8] =
        b"\xEF\xBB\xBFincident,state,sector\r\nhosp,AV,health\r\nhosp,XX,\"wa\nter\"\r\n";
    let dir = folder(&[("targets.csv", targets)]);
    let from_folder = errors(dir.path());
    let from_memory = load_files(&[
        (InputFile::States, STATES.as_bytes()),
        (InputFile::Incidents, INCIDENTS.as_bytes()),
        (InputFile::Targets, targets),
    ])
    .unwrap_err();
    assert_eq!(
        from_memory.to_string().lines().collect::<Vec<_>>(),
        from_folder
    );
    assert_eq!(from_folder.len(), 2, "{from_folder:?}");
    // Missing mandatory files are reported as in a folder.
    assert_eq!(
        load_files(&[]).unwrap_err().to_string(),
        "incidents.csv:0:0: required file is missing\nstates.csv:0:0: required file is missing"
    );
}
