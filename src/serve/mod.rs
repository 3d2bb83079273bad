//! `diligence serve`: the playground, a local web application in which a visitor changes
//! a fact or a doctrinal position and sees the conclusions and their reasons change.
//!
//! # Pages and requests
//! Every page of a session is under `/s/ID/` (`ID` 128 random bits): opening `/` starts a
//! new session, so each tab opened at `/` has its own edits (two tabs on the same session
//! URL share them, as two windows on one document do).
//!
//! | request | what |
//! | --- | --- |
//! | `GET /` | a new session; redirects to its dataset page |
//! | `GET /s/ID/` | the dataset: incidents with their conclusions, filterable by state and conclusion |
//! | `GET /s/ID/incident/INC` | an incident: its facts (`FILE:LINE`), timeline, conclusions with their arguments, why-not and what-if |
//! | `GET /s/ID/profile` | the profile: positions with sources; switch profile, change a position |
//! | `GET /s/ID/file/FILE` | every row of an input file, to edit, remove or add |
//! | `GET /s/ID/row/FILE/ROW` | the form editing one row (`ROW` a line, or `pN` for line N of the added rows) |
//! | `GET /s/ID/changes` | the changes, undo and redo, downloads, save |
//! | `GET /s/ID/download/NAME` | `playground/FILE.csv`, `playground/profile.toml`, `replay.sh` |
//! | `POST /s/ID/do/{profile,position,add,edit,remove,apply,undo,redo,save}` | the changes |
//!
//! The pages are plain HTML forms (no script): every change is a `POST` that is answered
//! with a redirect to the page it came from, which then shows what the change did.
//!
//! # Security
//! - Bound to `127.0.0.1` unless `--listen ADDR` says otherwise.
//! - A request whose `Host` header does not name the bound address is refused (421):
//!   a web page cannot reach the server through a DNS name rebound to this machine.
//! - Every `POST` must carry its session's token (a second 128-bit random value, in the
//!   session's forms; 403 otherwise), and must not come from another origin (`Origin`,
//!   `Sec-Fetch-Site`; 403).
//! - Request bodies are limited to [`security::MAX_BODY`] bytes (413).
//! - Every value is escaped by the templates ([`maud`]); responses carry a Content
//!   Security Policy allowing only this server's style sheets, `nosniff`,
//!   `Referrer-Policy: same-origin` (session URLs never leave in a `Referer`; under
//!   `no-referrer` a browser's form POST would carry `Origin: null`),
//!   `X-Frame-Options: DENY`; nothing is loaded from the network.
//! - The dataset folder is only read, once, at start; "save" writes a new folder and
//!   overwrites an existing one only with an explicit confirmation, never the dataset's.

pub mod pages;
pub mod routes;
pub mod security;
pub mod state;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::oneshot;

use state::{Base, Sessions};

/// How the server is started.
#[derive(Clone, Debug)]
pub struct Config {
    /// The dataset folder.
    pub facts: PathBuf,
    /// The profile (a shipped name or a file).
    pub profile: String,
    /// The address to listen on (port 0: any free port).
    pub listen: SocketAddr,
    /// Stop on Ctrl-C or SIGTERM (the command); tests stop the server with [`Server::stop`].
    pub ctrl_c: bool,
}

/// Everything a request handler needs.
#[derive(Clone)]
pub struct App {
    /// The dataset and profile served.
    pub base: Arc<Base>,
    /// The sessions.
    pub sessions: Arc<Sessions>,
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), String>>>,
}

impl Server {
    /// Loads and evaluates the dataset, binds the address and serves on a thread of its
    /// own; returns once the server accepts connections.
    pub fn start(config: Config) -> Result<Server, String> {
        let loopback = config.listen.ip().is_loopback();
        let base = Base::load(&config.facts, &config.profile, loopback)?;
        let app = App {
            base: Arc::new(base),
            sessions: Arc::new(Sessions::default()),
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(8)
            // Proofs recurse once per level (see `provenance::PROOF_STACK`); reserved, not used.
            .thread_stack_size(crate::explain::provenance::PROOF_STACK)
            .enable_all()
            .build()
            .map_err(|e| format!("diligence: error: cannot start the server: {e}"))?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(config.listen))
            .map_err(|e| format!("diligence: error: cannot listen on {}: {e}", config.listen))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("diligence: error: {e}"))?;
        let router = routes::router(app, addr);
        let (tx, rx) = oneshot::channel::<()>();
        let ctrl_c = config.ctrl_c;
        let thread = std::thread::Builder::new()
            .name("diligence-serve".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let stop = async move {
                        if ctrl_c {
                            tokio::select! {
                                _ = rx => {}
                                _ = tokio::signal::ctrl_c() => {}
                                _ = terminate() => {}
                            }
                        } else {
                            let _ = rx.await;
                        }
                    };
                    axum::serve(listener, router)
                        .with_graceful_shutdown(stop)
                        .await
                        .map_err(|e| format!("diligence: error: serving: {e}"))
                })
            })
            .map_err(|e| format!("diligence: error: cannot start the server: {e}"))?;
        Ok(Server {
            addr,
            stop: Some(tx),
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Waits until the server stops (after Ctrl-C when started with `ctrl_c`).
    pub fn wait(mut self) -> Result<(), String> {
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err("diligence: error: the server stopped unexpectedly".into()),
            None => Ok(()),
        }
    }

    /// Stops the server gracefully (requests under way are answered) and waits for it.
    pub fn stop(mut self) -> Result<(), String> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.wait()
    }
}

/// Resolves when the process is asked to terminate (SIGTERM); never elsewhere.
async fn terminate() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut s) = signal(SignalKind::terminate()) {
            s.recv().await;
            return;
        }
    }
    std::future::pending::<()>().await
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
