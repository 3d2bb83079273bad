//! The requests the server answers (see the table in [`super`]): each handler finds the
//! session, checks the token of a change, and hands the work (evaluation, proofs, HTML) to
//! a blocking thread so that the server keeps answering meanwhile.

// The page closures return axum's `Response` as their error (a refusal page): it is large,
// but built only on a refused request, so it is not boxed.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::Markup;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use super::pages::{self, View};
use super::security::{self, refuse, HostPolicy, MAX_BODY};
use super::state::{self, columns, input_file, Change, RowRef, Session, PLAYGROUND_DIR};
use super::App;
use crate::facts::InputFile;
use crate::profile::{self, POSITION_KEYS};

const REPORT_CSS: &str = include_str!("../report/assets/report.css");
const PLAYGROUND_CSS: &str = include_str!("assets/playground.css");

/// The application: every route, behind the host check, the body limit and the headers.
pub fn router(app: App, addr: SocketAddr) -> Router {
    let policy = Arc::new(HostPolicy { addr });
    let mut r = Router::new()
        .route("/", get(new_session))
        .route("/static/report.css", get(|| css(REPORT_CSS)))
        .route("/static/playground.css", get(|| css(PLAYGROUND_CSS)))
        .route("/s/{sid}/", get(dataset))
        .route("/s/{sid}/incident/{id}", get(incident))
        .route("/s/{sid}/profile", get(profile_page))
        .route("/s/{sid}/file/{name}", get(file_page))
        .route("/s/{sid}/row/{name}/{row}", get(row_page))
        .route("/s/{sid}/changes", get(changes_page))
        .route("/s/{sid}/download/{*name}", get(download))
        .route("/s/{sid}/do/{action}", post(change))
        .fallback(|| async { refuse(StatusCode::NOT_FOUND, "There is no such page.") })
        .with_state(app)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(RequestBodyLimitLayer::new(MAX_BODY));
    for (name, value) in security::headers() {
        r = r.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    r.layer(axum::middleware::from_fn_with_state(
        policy,
        security::guard,
    ))
}

async fn css(text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], text).into_response()
}

fn html(m: Markup) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        m.into_string(),
    )
        .into_response()
}

fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// `GET /`: a new session.
async fn new_session(State(app): State<App>) -> Response {
    match app.sessions.create(&app.base) {
        Some(s) => {
            let id = s.lock().map(|g| g.id.clone()).unwrap_or_default();
            see_other(&format!("/s/{id}/"))
        }
        None => refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many sessions with changes are open; continue one of them.",
        ),
    }
}

fn lock(s: &Arc<Mutex<Session>>) -> std::sync::MutexGuard<'_, Session> {
    // A panic while a session was locked leaves its state as the last change left it.
    s.lock().unwrap_or_else(|p| p.into_inner())
}

fn no_session() -> Response {
    refuse(
        StatusCode::NOT_FOUND,
        "There is no such session (the server may have been restarted). Open the start page for a new one.",
    )
}

/// Renders a page of session `sid` on a blocking thread.
async fn page(
    app: App,
    sid: String,
    f: impl FnOnce(&App, &View) -> Result<Markup, Response> + Send + 'static,
) -> Response {
    let job = tokio::task::spawn_blocking(move || {
        let Some(s) = app.sessions.get(&sid) else {
            return no_session();
        };
        let view = {
            let mut g = lock(&s);
            g.used = Instant::now();
            View::of(&mut g, &app.base)
        };
        app.sessions.trim();
        match f(&app, &view) {
            Ok(m) => html(m),
            Err(r) => r,
        }
    });
    job.await
        .unwrap_or_else(|_| refuse(StatusCode::INTERNAL_SERVER_ERROR, "The page failed."))
}

async fn dataset(
    State(app): State<App>,
    Path(sid): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    page(app, sid, move |app, v| Ok(pages::dataset(app, v, &q))).await
}

async fn incident(
    State(app): State<App>,
    Path((sid, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    page(app, sid, move |app, v| {
        pages::incident(app, v, &id, &q).ok_or_else(|| {
            refuse(
                StatusCode::NOT_FOUND,
                &format!("There is no incident `{id}` in this session's dataset."),
            )
        })
    })
    .await
}

async fn profile_page(
    State(app): State<App>,
    Path(sid): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    page(app, sid, move |app, v| Ok(pages::profile(app, v, &q))).await
}

async fn file_page(
    State(app): State<App>,
    Path((sid, name)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    page(app, sid, move |app, v| match input_file(&name) {
        Some(f) => Ok(pages::file(app, v, f, &q)),
        None => Err(refuse(
            StatusCode::NOT_FOUND,
            &format!("`{name}` is not an input file."),
        )),
    })
    .await
}

async fn row_page(
    State(app): State<App>,
    Path((sid, name, row)): Path<(String, String, String)>,
) -> Response {
    page(app, sid, move |app, v| {
        let r = input_file(&name).and_then(|f| parse_row(f, &row));
        match r.and_then(|r| pages::row_page(app, v, r)) {
            Some(m) => Ok(m),
            None => Err(refuse(
                StatusCode::NOT_FOUND,
                &format!("There is no row {row} of `{name}` in this session."),
            )),
        }
    })
    .await
}

async fn changes_page(
    State(app): State<App>,
    Path(sid): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    page(app, sid, move |app, v| Ok(pages::changes(app, v, &q))).await
}

/// `GET /s/ID/download/NAME`: the session's `--assume` files, profile file and replay
/// script, as attachments.
async fn download(State(app): State<App>, Path((sid, name)): Path<(String, String)>) -> Response {
    let Some(s) = app.sessions.get(&sid) else {
        return no_session();
    };
    let amend = lock(&s).amend.clone();
    let facts = app.base.dir.display().to_string();
    let body = if name == "replay.sh" {
        Some(pages::replay_script(&amend, &facts))
    } else if name == state::PROFILE_FILE {
        amend.profile_toml()
    } else {
        amend
            .assumed_files()
            .into_iter()
            .find(|(path, _)| *path == name)
            .map(|(_, text)| text)
    };
    let Some(body) = body else {
        return refuse(
            StatusCode::NOT_FOUND,
            &format!("This session has no file `{name}` to download."),
        );
    };
    let file = name.rsplit('/').next().unwrap_or("download");
    let kind = if file.ends_with(".csv") {
        "text/csv; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A row reference of a URL or form: a line of the dataset's file (`12`), or `pN`, line N
/// of the session's added rows (`playground/FILE`).
pub fn parse_row(file: InputFile, s: &str) -> Option<RowRef> {
    match s.strip_prefix('p') {
        Some(n) => {
            let line: usize = n.parse().ok()?;
            line.checked_sub(2).map(|k| RowRef::Added(file, k))
        }
        None => s.parse().ok().map(|l| RowRef::Dataset(file, l)),
    }
}

/// The URL form of a row reference (see [`parse_row`]).
pub fn row_token(r: RowRef) -> String {
    match r {
        RowRef::Dataset(_, l) => l.to_string(),
        RowRef::Added(_, k) => format!("p{}", k + 2),
    }
}

/// The first value of a form field.
fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Where to go after a change: the page it was made on (a page of this session only).
fn back_to(form: &[(String, String)], sid: &str) -> String {
    let home = format!("/s/{sid}/");
    let back = field(form, "back").unwrap_or(&home);
    let safe = back.starts_with(&home)
        && !back.contains("//")
        && !back.contains('\\')
        && back.bytes().all(|b| (0x21..0x7f).contains(&b));
    let back = if safe { back } else { &home };
    let back = back.split('#').next().unwrap_or(back);
    let sep = if back.contains('?') { '&' } else { '?' };
    format!("{back}{sep}changed=1#change")
}

/// `POST /s/ID/ACTION`: a change, undo, redo or save.
async fn change(
    State(app): State<App>,
    Path((sid, action)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let job = tokio::task::spawn_blocking(move || {
        let Some(s) = app.sessions.get(&sid) else {
            return no_session();
        };
        let mut g = lock(&s);
        g.used = Instant::now();
        let token = field(&form, "token").unwrap_or("");
        if !security::same_token(token, &g.token) {
            return refuse(
                StatusCode::FORBIDDEN,
                "This change does not carry the session's token, so it was not made. Changes can only be made from the session's own pages.",
            );
        }
        let back = back_to(&form, &sid);
        let base = &app.base;
        let result = match action.as_str() {
            "undo" => {
                g.undo(base);
                Ok(())
            }
            "redo" => {
                g.redo(base);
                Ok(())
            }
            "save" => {
                let dir = field(&form, "dir").unwrap_or("").trim().to_string();
                let overwrite = field(&form, "overwrite") == Some("yes");
                let amend = g.amend.clone();
                let ev = g.evaluation(base);
                drop(g);
                let outcome = if !base.loopback {
                    Err(vec![
                        "Saving to a folder is only offered when the server listens on loopback; download the changes instead.".to_string(),
                    ])
                } else {
                    state::save(base, &amend, &ev, std::path::Path::new(&dir), overwrite)
                };
                return match outcome {
                    Ok(saved) => {
                        let view = View::of(&mut lock(&s), base);
                        html(pages::saved(&app, &view, &saved))
                    }
                    Err(problems) => {
                        let view = View::of(&mut lock(&s), base);
                        let mut r = html(pages::save_refused(&app, &view, &dir, &problems));
                        *r.status_mut() = StatusCode::CONFLICT;
                        r
                    }
                };
            }
            _ => match describe(&app, &g, &action, &form) {
                Ok((change, text, row)) => g.change(base, change, text).map_err(|e| (e.0, row)),
                Err(e) => Err(e),
            },
        };
        match result {
            Ok(()) => {
                drop(g);
                app.sessions.trim();
                see_other(&back)
            }
            Err((problems, row)) => {
                let view = View::of(&mut g, base);
                drop(g);
                let back = back
                    .split(['?', '#'])
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let mut r = html(pages::refused(&app, &view, &problems, row.as_ref(), &back));
                *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                r
            }
        }
    });
    job.await
        .unwrap_or_else(|_| refuse(StatusCode::INTERNAL_SERVER_ERROR, "The change failed."))
}

/// A row as a form gave it: its file, the row it replaces (for an edit) and its fields.
#[derive(Clone, Debug)]
pub struct FormRow {
    /// The file.
    pub file: InputFile,
    /// The row edited, if any.
    pub row: Option<RowRef>,
    /// The fields in [`columns`] order.
    pub fields: Vec<String>,
}

type Problem = (Vec<String>, Option<FormRow>);

fn problem(msg: String) -> Problem {
    (vec![msg], None)
}

/// The change a form asks for, with its description; or why it is not one.
fn describe(
    app: &App,
    s: &Session,
    action: &str,
    form: &[(String, String)],
) -> Result<(Change, String, Option<FormRow>), Problem> {
    let file_of = || -> Result<InputFile, Problem> {
        let name = field(form, "file").unwrap_or("");
        input_file(name).ok_or_else(|| problem(format!("`{name}` is not an input file.")))
    };
    match action {
        "profile" => {
            let p = field(form, "profile").unwrap_or("").to_string();
            if !app.base.profiles().contains(&p) {
                return Err(problem(format!("`{p}` is not a profile offered here.")));
            }
            if p == s.amend.profile && s.amend.positions.is_empty() {
                return Err(problem(format!("The profile is `{p}` already.")));
            }
            Ok((
                Change::Profile(p.clone()),
                format!("Switched to the profile {p}"),
                None,
            ))
        }
        "position" => {
            let key = field(form, "key").unwrap_or("");
            let Some(&key) = POSITION_KEYS.iter().find(|k| **k == key) else {
                return Err(problem(format!("`{key}` is not a position of a profile.")));
            };
            let value = field(form, "value").unwrap_or("").trim().to_string();
            let closed = profile::closed_values(key);
            if !closed.is_empty() && !closed.contains(&value.as_str()) {
                return Err(problem(format!(
                    "`{value}` is not a value of `{key}`; expected one of: {}",
                    closed.join(", ")
                )));
            }
            let current = state::profile_of(&s.amend)
                .ok()
                .and_then(|p| p.get(key).map(|x| x.value.clone()));
            if current.as_deref() == Some(value.as_str()) {
                return Err(problem(format!("`{key}` is `{value}` already.")));
            }
            Ok((
                Change::Position {
                    key,
                    value: value.clone(),
                },
                format!("Set the position {key} to {value}"),
                None,
            ))
        }
        "add" | "edit" => {
            let file = file_of()?;
            let fields: Vec<String> = columns(file)
                .iter()
                .map(|c| {
                    field(form, &format!("c.{c}"))
                        .unwrap_or("")
                        .trim()
                        .to_string()
                })
                .collect();
            let row = match action {
                "edit" => {
                    let r = field(form, "row").and_then(|r| parse_row(file, r));
                    match r {
                        Some(r) if pages::row_fields(app, s, r).is_some() => Some(r),
                        _ => return Err(problem("There is no such row to edit.".into())),
                    }
                }
                _ => None,
            };
            if fields.iter().all(String::is_empty) {
                return Err((
                    vec!["Every field is empty: there is no row to add.".into()],
                    Some(FormRow { file, row, fields }),
                ));
            }
            let text = match row {
                Some(r) => format!(
                    "Edited {}: {}",
                    pages::cite_row(s, r),
                    row_text(file, &fields)
                ),
                None => {
                    let n = s.amend.added.get(&file).map_or(0, Vec::len);
                    format!(
                        "Added {}/{}:{}: {}",
                        PLAYGROUND_DIR,
                        file,
                        n + 2,
                        row_text(file, &fields)
                    )
                }
            };
            let change = match row {
                Some(r) => Change::Edit {
                    row: r,
                    fields: fields.clone(),
                },
                None => Change::Add {
                    file,
                    rows: vec![fields.clone()],
                },
            };
            // The change is checked when it is evaluated; a refusal shows the form again.
            Ok((change, text, Some(FormRow { file, row, fields })))
        }
        "remove" => {
            let file = file_of()?;
            let r = field(form, "row")
                .and_then(|r| parse_row(file, r))
                .filter(|r| pages::row_fields(app, s, *r).is_some())
                .ok_or_else(|| problem("There is no such row to remove.".into()))?;
            let fields = pages::row_fields(app, s, r).unwrap_or_default();
            Ok((
                Change::Remove(r),
                format!(
                    "Removed {}: {}",
                    pages::cite_row(s, r),
                    row_text(file, &fields)
                ),
                None,
            ))
        }
        "apply" => {
            // A what-if answer: rows of events.csv, one CSV line each, with the header
            // `time,kind,by,to,incident,detail`.
            let lines = field(form, "rows").unwrap_or("");
            let header: Vec<&str> = crate::analysis::whatif::CSV_HEADER.split(',').collect();
            let cols = columns(InputFile::Events);
            let mut rows = Vec::new();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(lines.as_bytes());
            for rec in reader.records() {
                let rec = rec.map_err(|e| problem(format!("not a CSV line: {e}")))?;
                let row: Vec<String> = cols
                    .iter()
                    .map(|c| {
                        header
                            .iter()
                            .position(|h| h == c)
                            .and_then(|k| rec.get(k))
                            .unwrap_or("")
                            .trim()
                            .to_string()
                    })
                    .collect();
                rows.push(row);
            }
            if rows.is_empty() {
                return Err(problem("There are no events to add.".into()));
            }
            let why = field(form, "why").unwrap_or("the suggestion");
            let texts: Vec<String> = rows
                .iter()
                .map(|r| row_text(InputFile::Events, r))
                .collect();
            Ok((
                Change::Add {
                    file: InputFile::Events,
                    rows,
                },
                format!("Applied {why}: added {}", texts.join("; ")),
                None,
            ))
        }
        _ => Err(problem(format!("There is no change `{action}`."))),
    }
}

/// A row's non-empty fields as `column value` pairs, for descriptions.
pub fn row_text(file: InputFile, fields: &[String]) -> String {
    columns(file)
        .iter()
        .zip(fields)
        .filter(|(_, v)| !v.is_empty())
        .map(|(c, v)| format!("{c} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}
