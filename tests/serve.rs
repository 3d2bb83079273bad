//! The playground server (`diligence serve`, issue 14) on loopback: requests through a
//! foreign `Host`, changes without the session's token and oversized bodies are refused;
//! 200 concurrent requests are all answered correctly; a bad row is refused with the
//! loader's positioned message and nothing changes; tabs keep their own edits; the dataset
//! folder's bytes are the same after a session; and the changes, replayed with
//! `diligence run --assume … --retract …`, give the session's conclusions.
//!
//! The client is a few lines over `TcpStream`: these tests need exact control of the
//! `Host` header and of the bytes sent, which HTTP client crates set themselves.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use diligence::serve::state::{Base, Change, RowRef, Sessions};
use diligence::serve::{Config, Server};
use pretty_assertions::assert_eq;

/// A response: status, headers (names lower case), body.
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request (`Connection: close`) and reads the whole response.
fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    host: &str,
    extra: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if method == "POST" {
        head.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // A refused body may be answered before it is read whole: the rest may not go out.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Resp {
        status,
        headers,
        body: body.to_string(),
    }
}

fn get(addr: SocketAddr, path: &str) -> Resp {
    send(addr, "GET", path, &addr.to_string(), &[], b"")
}

/// `application/x-www-form-urlencoded` of `fields`.
fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

fn post(addr: SocketAddr, path: &str, fields: &[(&str, &str)]) -> Resp {
    send(addr, "POST", path, &addr.to_string(), &[], &form(fields))
}

/// A server on 127.0.0.1 and any free port over `facts`.
fn start(facts: &Path) -> Server {
    Server::start(Config {
        facts: facts.to_path_buf(),
        profile: "kreuzer-2024".into(),
        listen: "127.0.0.1:0".parse().unwrap(),
        ctrl_c: false,
    })
    .expect("server starts")
}

/// A new session: its path (`/s/ID/`) and token.
fn session(addr: SocketAddr) -> (String, String) {
    let r = get(addr, "/");
    assert_eq!(r.status, 303);
    let path = r.header("location").expect("location").to_string();
    let page = get(addr, &path);
    assert_eq!(page.status, 200);
    let token = page
        .body
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a token in the page")
        .to_string();
    (path, token)
}

/// The number of changes a session's pages show.
fn change_count(addr: SocketAddr, path: &str) -> usize {
    let page = get(addr, &format!("{path}changes"));
    page.body
        .split("id=\"change-count\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .and_then(|n| n.parse().ok())
        .expect("change count")
}

/// Every file of a folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            out.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
    out
}

/// A copy of the shipped dataset in a temporary folder.
fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(common::shipped_dir()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

const MEASURE: &[(&str, &str)] = &[
    ("file", "events.csv"),
    ("c.time", "2021-05-10T12:00Z"),
    ("c.kind", "measure"),
    ("c.incident", "colonial-2021"),
    ("c.by", "RU"),
    ("c.detail", "investigate"),
];

/// `base` with the fields of `more` set (replaced where `base` has them).
fn with<'a>(base: &[(&'a str, &'a str)], more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&str, &str)> = base
        .iter()
        .filter(|(k, _)| !more.iter().any(|(m, _)| m == k))
        .copied()
        .collect();
    out.extend(more);
    out
}

#[test]
fn a_foreign_host_is_refused() {
    let facts = shipped_copy();
    let server = start(facts.path());
    let addr = server.addr();
    let port = addr.port();
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        String::new(),
    ] {
        let r = send(addr, "GET", "/", &host, &[], b"");
        assert_eq!(r.status, 421, "Host `{host}`");
        assert!(r.header("location").is_none());
    }
    // A change through a rebound name is refused before its token is even looked at.
    let (path, token) = session(addr);
    let r = send(
        addr,
        "POST",
        &format!("{path}do/add"),
        &format!("evil.example:{port}"),
        &[],
        &form(&with(MEASURE, &[("token", &token)])),
    );
    assert_eq!(r.status, 421);
    // Its own address and localhost are served.
    assert_eq!(get(addr, "/").status, 303);
    let r = send(addr, "GET", "/", &format!("localhost:{port}"), &[], b"");
    assert_eq!(r.status, 303);
    assert_eq!(change_count(addr, &path), 0);
    server.stop().unwrap();
}

#[test]
fn a_change_without_the_session_token_is_refused() {
    let facts = shipped_copy();
    let server = start(facts.path());
    let addr = server.addr();
    let (path, token) = session(addr);
    let (other_path, other_token) = session(addr);
    assert_ne!(token, other_token);
    // No token, a wrong one, another session's.
    for t in [None, Some("0123"), Some(other_token.as_str())] {
        let mut fields = MEASURE.to_vec();
        if let Some(t) = t {
            fields.push(("token", t));
        }
        let r = post(addr, &format!("{path}do/add"), &fields);
        assert_eq!(r.status, 403, "token {t:?}");
        assert!(r.body.contains("token"), "{}", r.body);
        let r = post(addr, &format!("{path}do/undo"), &fields);
        assert_eq!(r.status, 403);
    }
    assert_eq!(change_count(addr, &path), 0);
    // A change from another origin is refused even with the token.
    let r = send(
        addr,
        "POST",
        &format!("{path}do/add"),
        &addr.to_string(),
        &[("Origin", "http://evil.example")],
        &form(&with(MEASURE, &[("token", &token)])),
    );
    assert_eq!(r.status, 403);
    assert_eq!(change_count(addr, &path), 0);
    // With the token, from the page's own origin, the change is made.
    let r = send(
        addr,
        "POST",
        &format!("{path}do/add"),
        &addr.to_string(),
        &[("Origin", &format!("http://{addr}"))],
        &form(&with(
            MEASURE,
            &[
                ("token", &token),
                ("back", &format!("{path}incident/colonial-2021")),
            ],
        )),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some(format!("{path}incident/colonial-2021?changed=1#change").as_str())
    );
    assert_eq!(change_count(addr, &path), 1);
    // The other tab's session is untouched.
    assert_eq!(change_count(addr, &other_path), 0);
    server.stop().unwrap();
}

#[test]
fn an_oversized_body_is_refused() {
    let facts = shipped_copy();
    let server = start(facts.path());
    let addr = server.addr();
    let (path, token) = session(addr);
    let big = "x".repeat(200 * 1024);
    let r = post(
        addr,
        &format!("{path}do/add"),
        &with(MEASURE, &[("token", &token), ("c.detail", &big)]),
    );
    assert_eq!(r.status, 413);
    assert_eq!(change_count(addr, &path), 0);
    server.stop().unwrap();
}

#[test]
fn responses_carry_the_security_headers_and_no_external_resource() {
    let facts = shipped_copy();
    let server = start(facts.path());
    let addr = server.addr();
    let (path, _) = session(addr);
    for p in [
        path.clone(),
        format!("{path}incident/estonia-2007"),
        format!("{path}profile"),
        format!("{path}file/events.csv"),
        format!("{path}changes"),
        "/no/such/page".to_string(),
    ] {
        let r = get(addr, &p);
        let csp = r.header("content-security-policy").unwrap_or("");
        assert!(
            csp.contains("default-src 'none'") && !csp.contains("script-src"),
            "{p}: {csp}"
        );
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{p}");
        assert_eq!(r.header("referrer-policy"), Some("same-origin"), "{p}");
        // Nothing loaded from another origin, and no script.
        assert!(!r.body.contains("<script"), "{p}");
        assert!(!r.body.contains("src="), "{p}");
        assert!(!r.body.contains("href=\"http"), "{p}");
        assert!(!r.body.contains("href=\"//"), "{p}");
    }
    server.stop().unwrap();
}

#[test]
fn two_hundred_concurrent_requests_are_all_answered_correctly() {
    let facts = shipped_copy();
    let server = start(facts.path());
    let addr = server.addr();
    let sessions: Vec<(String, String)> = (0..4).map(|_| session(addr)).collect();
    let pages = [
        (
            "incident/estonia-2007",
            "Russian Federation was negligent about",
        ),
        ("incident/colonial-2021", "Colonial Pipeline"),
        ("profile", "kreuzer-2024"),
        ("", "Incidents and conclusions"),
        ("file/states.csv", "Russian Federation"),
    ];
    let n = 200;
    let barrier = Arc::new(Barrier::new(n));
    let t0 = Instant::now();
    let handles: Vec<_> = (0..n)
        .map(|k| {
            let barrier = barrier.clone();
            let (path, _) = sessions[k % sessions.len()].clone();
            let (page, want) = pages[k % pages.len()];
            std::thread::spawn(move || {
                barrier.wait();
                let r = get(addr, &format!("{path}{page}"));
                (k, r.status, r.body.contains(want), r.body.len())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let took = t0.elapsed();
    for (k, status, ok, len) in &results {
        assert_eq!(*status, 200, "request {k}");
        assert!(*ok, "request {k}: the page lacks its content ({len} bytes)");
    }
    assert_eq!(results.len(), n);
    assert!(
        took < Duration::from_secs(120),
        "200 requests took {took:?}"
    );
    server.stop().unwrap();
}

#[test]
fn a_bad_value_is_refused_with_the_loader_message_and_nothing_changes() {
    let facts = shipped_copy();
    let server = start(facts.path());
    let addr = server.addr();
    let (path, token) = session(addr);
    let before = get(addr, &format!("{path}incident/colonial-2021")).body;
    let r = post(
        addr,
        &format!("{path}do/add"),
        &with(MEASURE, &[("token", &token), ("c.time", "2021-05-1O")]),
    );
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains("playground/events.csv:2:1: column `time`: invalid time `2021-05-1O`"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Nothing changed"));
    // The form comes back with the value given and the field marked.
    assert!(r.body.contains("value=\"2021-05-1O\""));
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert_eq!(change_count(addr, &path), 0);
    let after = get(addr, &format!("{path}incident/colonial-2021")).body;
    assert_eq!(before, after);
    // An unknown state id: the loader's message with its suggestion.
    let r = post(
        addr,
        &format!("{path}do/add"),
        &with(MEASURE, &[("token", &token), ("c.by", "RX")]),
    );
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("column `by`: unknown state id `RX`"),
        "{}",
        r.body
    );
    assert_eq!(change_count(addr, &path), 0);
    server.stop().unwrap();
}

#[test]
fn changes_show_what_appeared_and_disappeared_and_undo_redo_restore() {
    let facts = shipped_copy();
    let server = start(facts.path());
    let addr = server.addr();
    let (path, token) = session(addr);
    let page = format!("{path}incident/colonial-2021");
    let r = post(
        addr,
        &format!("{path}do/add"),
        &with(MEASURE, &[("token", &token), ("back", &page)]),
    );
    assert_eq!(r.status, 303);
    let shown = get(addr, r.header("location").unwrap()).body;
    assert!(shown.contains("What the change did"));
    assert!(
        shown.contains("negligent(RU, colonial-2021)"),
        "the negligence is listed as gone"
    );
    assert!(shown.contains("breach(RU, DUTY-ACTION, colonial-2021)"));
    assert!(shown.contains("Why it does not hold"));
    // The added row is cited from the playground file.
    assert!(shown.contains("playground/events.csv:2"));
    let r = post(
        addr,
        &format!("{path}do/undo"),
        &[("token", &token), ("back", &page)],
    );
    assert_eq!(r.status, 303);
    let undone = get(addr, r.header("location").unwrap()).body;
    assert!(undone.contains("Undid: Added playground/events.csv:2"));
    assert!(undone.contains("Russian Federation was negligent about"));
    assert_eq!(change_count(addr, &path), 0);
    let r = post(
        addr,
        &format!("{path}do/redo"),
        &[("token", &token), ("back", &page)],
    );
    assert_eq!(r.status, 303);
    assert_eq!(change_count(addr, &path), 1);
    server.stop().unwrap();
}

#[test]
fn the_dataset_folder_is_unchanged_after_a_session() {
    let facts = shipped_copy();
    let before = snapshot(facts.path());
    let out = tempfile::tempdir().unwrap();
    let server = start(facts.path());
    let addr = server.addr();
    let (path, token) = session(addr);
    let t = token.as_str();
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("add", with(MEASURE, &[("token", t)])),
        (
            "remove",
            vec![("token", t), ("file", "events.csv"), ("row", "3")],
        ),
        (
            "add",
            vec![
                ("token", t),
                ("file", "states.csv"),
                ("c.id", "XX"),
                ("c.name", "Nowhere"),
                ("c.capacity", "low"),
            ],
        ),
        (
            "edit",
            vec![
                ("token", t),
                ("file", "states.csv"),
                ("row", "p2"),
                ("c.id", "XX"),
                ("c.name", "Nowhere"),
                ("c.capacity", "medium"),
            ],
        ),
        (
            "position",
            vec![("token", t), ("key", "window_hours"), ("value", "48")],
        ),
        ("profile", vec![("token", t), ("profile", "tallinn-2")]),
        ("undo", vec![("token", t)]),
        ("redo", vec![("token", t)]),
    ];
    for (action, fields) in &steps {
        let r = post(addr, &format!("{path}do/{action}"), fields);
        assert_eq!(r.status, 303, "{action}: {}", r.body);
    }
    assert!(change_count(addr, &path) >= 4);
    // Saving into the dataset's own folder is refused, even when confirmed.
    let own = facts.path().display().to_string();
    let r = post(
        addr,
        &format!("{path}do/save"),
        &[("token", t), ("dir", &own), ("overwrite", "yes")],
    );
    assert_eq!(r.status, 409);
    assert!(r.body.contains("never writes to"), "{}", r.body);
    // A new folder is written; an existing, non-empty one only with the confirmation.
    let target = out.path().join("edited");
    let target_s = target.display().to_string();
    let r = post(
        addr,
        &format!("{path}do/save"),
        &[("token", t), ("dir", &target_s)],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(target.join("events.csv").is_file());
    let saved = snapshot(&target);
    let r = post(
        addr,
        &format!("{path}do/save"),
        &[("token", t), ("dir", &target_s)],
    );
    assert_eq!(r.status, 409);
    assert!(r.body.contains("exists and is not empty"));
    assert_eq!(snapshot(&target), saved);
    let r = post(
        addr,
        &format!("{path}do/save"),
        &[("token", t), ("dir", &target_s), ("overwrite", "yes")],
    );
    assert_eq!(r.status, 200);
    server.stop().unwrap();
    assert_eq!(snapshot(facts.path()), before, "the dataset folder changed");
}

/// The changes of a session, replayed by the `diligence` binary from the files the
/// playground offers for download, give the session's conclusions, with the same
/// citations of the added rows.
#[test]
fn the_changes_replayed_with_assume_and_retract_give_the_same_conclusions() {
    let facts = PathBuf::from(common::shipped_dir());
    let base = Base::load(&facts, "kreuzer-2024", true).unwrap();
    let sessions = Sessions::default();
    let s = sessions.create(&base).unwrap();
    let mut s = s.lock().unwrap();
    let events = |line: &str| {
        let cols = diligence::serve::state::columns(diligence::facts::InputFile::Events);
        let given: BTreeMap<&str, &str> = ["time", "kind", "by", "to", "incident", "detail"]
            .into_iter()
            .zip(line.split(','))
            .collect();
        cols.iter()
            .map(|c| given.get(c).copied().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    let changes = vec![
        Change::Add {
            file: diligence::facts::InputFile::Events,
            rows: vec![events(
                "2021-05-10T12:00Z,measure,RU,,colonial-2021,investigate",
            )],
        },
        Change::Remove(RowRef::Dataset(diligence::facts::InputFile::Events, 5)),
        Change::Position {
            key: "window_hours",
            value: "48".into(),
        },
        Change::Edit {
            row: RowRef::Added(diligence::facts::InputFile::Events, 0),
            fields: events("2021-05-09T12:00Z,measure,RU,,colonial-2021,investigate"),
        },
    ];
    for c in changes {
        s.change(&base, c.clone(), format!("{c:?}"))
            .expect("accepted");
    }
    let ev = s.evaluation(&base);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("playground")).unwrap();
    for (name, text) in s.amend.assumed_files() {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let toml = s.amend.profile_toml().expect("a changed position");
    std::fs::write(dir.path().join("playground/profile.toml"), toml).unwrap();
    let command = s.amend.replay_command(&facts.display().to_string());
    assert!(command.contains("--retract events.csv:5"), "{command}");
    assert!(
        command.contains("--assume playground/events.csv"),
        "{command}"
    );
    assert!(
        command.contains("--profile playground/profile.toml"),
        "{command}"
    );
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_diligence"))
        .args(&args)
        .args(["--format", "json", "all"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let replayed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut session_json = Vec::new();
    let rels: Vec<_> = diligence::output::OUTPUT_RELATIONS
        .iter()
        .filter_map(|n| diligence::output::relation(n))
        .collect();
    diligence::output::write(
        &ev,
        &rels,
        diligence::output::Format::Json,
        &mut session_json,
    )
    .unwrap();
    let session_json: serde_json::Value = serde_json::from_slice(&session_json).unwrap();
    assert_eq!(replayed, session_json);
    // The measure made the negligence go, in both.
    assert!(!serde_json::to_string(&replayed["negligent"])
        .unwrap()
        .contains("colonial-2021"));
    // The added row is cited from its playground file, as the replay cites it.
    let added: Vec<String> = ev
        .dataset
        .events
        .iter()
        .filter(|r| r.src.assumed > 0)
        .map(|r| ev.dataset.symbols.src_text(r.src))
        .collect();
    assert_eq!(added, vec!["playground/events.csv:2 (assumed)".to_string()]);
}

/// The playground finds a dataset row by the line the loader cites for it: every row of
/// the shipped dataset is at its cited line of the file as written.
#[test]
fn rows_are_found_at_the_lines_proofs_cite() {
    let facts = PathBuf::from(common::shipped_dir());
    let base = Base::load(&facts, "kreuzer-2024", true).unwrap();
    let ds = &base.dataset;
    let mut srcs = Vec::new();
    srcs.extend(ds.states.iter().map(|r| r.src));
    srcs.extend(ds.incidents.iter().map(|r| r.src));
    srcs.extend(ds.events.iter().map(|r| r.src));
    srcs.extend(ds.institutions.iter().map(|r| r.src));
    srcs.extend(ds.responses.iter().map(|r| r.src));
    assert!(srcs.len() > 200);
    for src in srcs {
        let rec = base.record(src.file, src.line);
        assert!(rec.is_some(), "no record at {src}");
    }
    // The title of an incident is in the record the loader cites for it.
    let colonial = ds
        .incidents
        .iter()
        .find(|r| ds.symbols.incident(r.data.id) == "colonial-2021")
        .unwrap();
    let rec = base.record(colonial.src.file, colonial.src.line).unwrap();
    assert_eq!(rec.fields[0], "colonial-2021");
    assert_eq!(rec.fields[1], colonial.data.title);
}

/// Whatever a visitor types is shown as text, never as markup.
#[test]
fn values_are_escaped() {
    let facts = shipped_copy();
    let server = start(facts.path());
    let addr = server.addr();
    let (path, token) = session(addr);
    let evil = "<script>alert(1)</script>\"><img src=x>";
    let r = post(
        addr,
        &format!("{path}do/add"),
        &with(
            MEASURE,
            &[
                ("token", &token),
                ("c.kind", "public_report"),
                ("c.by", "EE"),
                ("c.detail", evil),
            ],
        ),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let page = get(addr, &format!("{path}incident/colonial-2021")).body;
    assert!(!page.contains("<script>alert"), "unescaped");
    assert!(!page.contains("<img src=x>"), "unescaped");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // A bad value echoed back in an error is escaped too.
    let r = post(
        addr,
        &format!("{path}do/add"),
        &with(MEASURE, &[("token", &token), ("c.time", evil)]),
    );
    assert_eq!(r.status, 422);
    assert!(!r.body.contains("<script>alert"));
    assert!(!r.body.contains("<img src=x>"));
    // So is an unknown incident in a URL.
    let r = get(addr, &format!("{path}incident/%3Cb%3Ebold"));
    assert_eq!(r.status, 404);
    assert!(r.body.contains("&lt;b&gt;bold") && !r.body.contains("<b>bold"));
    server.stop().unwrap();
}

/// A changed position is a profile file inheriting the profile, read by the profile
/// parser: the position rests on the playground, the others are inherited.
#[test]
fn a_changed_position_is_a_profile_file_that_inherits() {
    use diligence::serve::state::{profile_of, Amendment};
    let mut a = Amendment::new("tallinn-2");
    a.apply(&Change::Position {
        key: "feasibility.takedown",
        value: "high".into(),
    })
    .unwrap();
    a.apply(&Change::Position {
        key: "window_hours",
        value: "24".into(),
    })
    .unwrap();
    let p = profile_of(&a).unwrap();
    assert_eq!(p.name, "tallinn-2-playground");
    assert_eq!(p.inherits.as_deref(), Some("tallinn-2"));
    assert_eq!(p.params.window_hours, 24);
    let takedown = p.position("feasibility.takedown");
    assert_eq!(takedown.value, "high");
    assert!(takedown.source.contains("playground"));
    assert!(!takedown.origin.is_inherited());
    let sov = p.position("sovereignty");
    assert_eq!(sov.value, "territorial");
    assert!(sov.origin.is_inherited());
    // A value the parser refuses is refused with its message.
    a.apply(&Change::Position {
        key: "window_hours",
        value: "0".into(),
    })
    .unwrap();
    let e = profile_of(&a).unwrap_err();
    assert!(e.0.iter().any(|m| m.contains("window_hours")), "{:?}", e.0);
    // Switching the profile drops the changed positions.
    a.apply(&Change::Profile("kreuzer-2024".into())).unwrap();
    assert!(a.positions.is_empty());
    assert_eq!(a.profile_toml(), None);
    assert_eq!(
        a.replay_command("my facts"),
        "diligence run --facts 'my facts' --profile kreuzer-2024"
    );
}

/// `--retract` of a defining row with `--assume` of a row of the same id replaces the
/// definition (an edit): every row referring to the id refers to the new row. Without the
/// new row the retraction is refused (rows still refer to it), and a new row without the
/// retraction is a duplicate.
#[test]
fn retract_and_assume_of_the_same_id_replace_a_definition() {
    use diligence::facts::{amend, Capacity};
    let facts = PathBuf::from(common::shipped_dir());
    let base = diligence::facts::load(&facts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let states = dir.path().join("states.csv");
    std::fs::write(&states, "id,name,capacity\nRU,Russian Federation,low\n").unwrap();
    let retract = vec!["states.csv:18".to_string()];
    let mut ds = base.clone();
    amend::apply(&mut ds, std::slice::from_ref(&states), &retract).expect("a replaced definition");
    assert_eq!(ds.states.len(), base.states.len());
    assert_eq!(ds.symbols.states.len(), base.symbols.states.len());
    let ru = ds.symbols.states.get("RU").unwrap();
    let row = ds.states.iter().find(|r| r.data.id.0 == ru).unwrap();
    assert_eq!(row.data.capacity, Capacity::Low);
    assert_eq!(row.src.assumed, 1);
    assert_eq!(
        ds.symbols.src_text(row.src),
        format!("{}:2 (assumed)", states.display())
    );
    // Every row that named RU still does, and finds the new row.
    let origins_before = base.origins.iter().filter(|r| r.data.state.0 == ru).count();
    let origins_after = ds.origins.iter().filter(|r| r.data.state.0 == ru).count();
    assert_eq!(origins_before, origins_after);
    assert!(origins_after > 5);
    // The evaluation reads the new capacity.
    let prof = diligence::profile::load_profile("kreuzer-2024").unwrap();
    let ev = diligence::evaluate(ds, prof, &Default::default());
    let rel = diligence::output::relation("state").unwrap();
    let rows = diligence::output::rows(&ev, rel);
    assert!(
        rows.contains(&vec!["RU".to_string(), "low".to_string()]),
        "{rows:?}"
    );
    // The retraction alone is refused; the row alone is a duplicate.
    let mut ds = base.clone();
    let e = amend::apply(&mut ds, &[], &retract)
        .unwrap_err()
        .to_string();
    assert!(e.contains("state `RU` is still referred to by"), "{e}");
    let mut ds = base.clone();
    let e = amend::apply(&mut ds, std::slice::from_ref(&states), &[])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("duplicate state id `RU` (already defined in the dataset)"),
        "{e}"
    );
    // And the playground edits an incident's row through it, replayed the same way.
    let base = Base::load(&facts, "kreuzer-2024", true).unwrap();
    let sessions = Sessions::default();
    let s = sessions.create(&base).unwrap();
    let mut s = s.lock().unwrap();
    let inc = diligence::facts::InputFile::Incidents;
    let mut fields = diligence::serve::state::columns(inc)
        .iter()
        .map(|c| {
            let raw = &base.raw[&inc];
            let rec = raw.record(18).unwrap();
            let k = raw.header.iter().position(|h| h == c).unwrap();
            rec.fields[k].clone()
        })
        .collect::<Vec<_>>();
    let outcome = diligence::serve::state::columns(inc)
        .iter()
        .position(|c| *c == "outcome")
        .unwrap();
    fields[outcome] = "foiled".into();
    s.change(
        &base,
        Change::Edit {
            row: RowRef::Dataset(inc, 18),
            fields,
        },
        "foiled".into(),
    )
    .expect("an incident's row is edited");
    let ev = s.evaluation(&base);
    let row = ev
        .dataset
        .incidents
        .iter()
        .find(|r| ev.dataset.symbols.incident(r.data.id) == "colonial-2021")
        .unwrap();
    assert_eq!(row.data.outcome, diligence::facts::Outcome::Foiled);
    assert_eq!(
        ev.dataset.symbols.src_text(row.src),
        "playground/incidents.csv:2 (assumed)"
    );
    assert_eq!(ev.dataset.incidents.len(), base.dataset.incidents.len());
}

/// A what-if answer is applied with one click: its events are added, and the conclusion
/// it was asked about disappears.
#[test]
fn a_what_if_answer_is_applied_with_one_click() {
    let facts = shipped_copy();
    let server = start(facts.path());
    let addr = server.addr();
    let (path, token) = session(addr);
    let page = get(
        addr,
        &format!("{path}incident/colonial-2021?whatif=negligent%28RU%2C%20colonial-2021%29"),
    );
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("would not have been negligent"),
        "{}",
        page.body
    );
    // The rows of the first answer, as the Apply button posts them.
    let rows = page
        .body
        .split("name=\"rows\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("an Apply button")
        .to_string();
    assert!(
        rows.contains("measure,RU,,colonial-2021,investigate"),
        "{rows}"
    );
    let r = post(
        addr,
        &format!("{path}do/apply"),
        &[
            ("token", &token),
            ("rows", &rows),
            ("why", "what-if for negligent(RU, colonial-2021)"),
            ("back", &format!("{path}incident/colonial-2021")),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let shown = get(addr, r.header("location").unwrap()).body;
    assert!(shown.contains("Applied what-if for negligent(RU, colonial-2021)"));
    assert!(!shown.contains("Russian Federation was negligent about"));
    assert_eq!(change_count(addr, &path), 1);
    server.stop().unwrap();
}
