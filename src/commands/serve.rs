//! `diligence serve`: the playground, a local web application (see `diligence::serve`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use diligence::cli::ServeArgs;
use diligence::serve::{Config, Server};

use super::{facts_dir, Facts, Failure, Outcome};

/// Runs the command: load and evaluate, listen, print the address, serve until Ctrl-C.
pub fn run(args: ServeArgs) -> Outcome {
    let listen = match args.listen {
        Some(addr) => {
            if args.port.is_some() {
                return Err(Failure::Usage(
                    "serve: give either --port or --listen ADDR (which has its own port)".into(),
                ));
            }
            addr
        }
        None => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port.unwrap_or(8080)),
    };
    // The playground reads a dataset folder (its pages cite and replay FILE:LINE of it); the
    // dataset built into the binary is written to a temporary `facts` folder for it, removed
    // when the server stops.
    let mut _shipped_copy = None;
    let facts = match facts_dir(args.facts.as_deref()) {
        Facts::Folder(dir) => dir,
        Facts::Shipped => {
            let tmp = tempfile::tempdir().map_err(|e| {
                Failure::Input(format!(
                    "serve: cannot make a folder for the shipped dataset: {e}"
                ))
            })?;
            let dir = tmp.path().join(diligence::facts::shipped::DIR);
            std::fs::create_dir(&dir)
                .and_then(|()| {
                    diligence::facts::shipped::FILES
                        .iter()
                        .try_for_each(|(file, bytes)| {
                            std::fs::write(dir.join(file.file_name()), bytes)
                        })
                })
                .map_err(|e| {
                    Failure::Input(format!("serve: cannot write the shipped dataset: {e}"))
                })?;
            _shipped_copy = Some(tmp);
            dir
        }
    };
    let config = Config {
        facts,
        profile: args.profile,
        listen,
        ctrl_c: true,
    };
    let server = Server::start(config).map_err(Failure::Input)?;
    let url = format!("http://{}/", server.addr());
    println!("diligence playground at {url} (Ctrl-C stops it)");
    if !server.addr().ip().is_loopback() {
        println!(
            "note: listening on {}, not only on this machine: anyone who can reach it can use it",
            server.addr()
        );
    }
    if args.open {
        if let Err(e) = open_browser(&url) {
            eprintln!("diligence: could not open a browser ({e}); open {url}");
        }
    }
    server.wait().map_err(Failure::Input)?;
    println!("diligence playground stopped");
    Ok(())
}

/// Opens `url` in the default browser (`xdg-open`, `open` on macOS, `start` on Windows).
fn open_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
