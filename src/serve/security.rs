//! What keeps a local web application local: the `Host` check against DNS rebinding, the
//! per-session token and the origin check on state-changing requests, the body size
//! limit, and the response headers (a Content Security Policy that allows nothing but
//! this server's own style sheets: the pages have no scripts at all).

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest request body accepted (a form with one row is far smaller).
pub const MAX_BODY: usize = 64 * 1024;

/// The Content Security Policy of every response: this server's style sheets, inline SVG,
/// forms posted back here; no script, no frame, no other origin.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The security headers set on every response.
pub fn headers() -> Vec<(header::HeaderName, HeaderValue)> {
    vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            // Not `no-referrer`: under it a browser sends `Origin: null` with a form's POST,
            // and the origin check could not tell this server's own forms from others'.
            // `same-origin` still keeps session URLs from leaving in a `Referer`.
            HeaderValue::from_static("same-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ]
}

/// Which `Host` headers name this server: the address it is bound to (and `localhost`
/// when that is a loopback address). A request through a DNS name that was made to point
/// at this machine (DNS rebinding) carries that name, and is refused.
#[derive(Clone, Debug)]
pub struct HostPolicy {
    /// The bound address.
    pub addr: SocketAddr,
}

impl HostPolicy {
    /// True if `host` (a `Host` header's value) names this server.
    ///
    /// Bound to a specific address: that address (IPv6 in brackets) with the port, or
    /// `localhost` with the port when the address is loopback. Bound to the unspecified
    /// address (`--listen 0.0.0.0:PORT`): any IP address literal with the port (an address
    /// literal cannot be rebound) or `localhost`; never a DNS name.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port != self.addr.port() {
            return false;
        }
        let ip = self.addr.ip();
        if name.eq_ignore_ascii_case("localhost") {
            return ip.is_loopback() || ip.is_unspecified();
        }
        match name.parse::<IpAddr>() {
            Ok(given) => given == ip || ip.is_unspecified(),
            Err(_) => false,
        }
    }
}

/// `name:port`, `[v6]:port` or `name` (port 80) → (name without brackets, port).
fn split_host(host: &str) -> Option<(&str, u16)> {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None if after.is_empty() => 80,
            None => return None,
        };
        return Some((name, port));
    }
    match host.rsplit_once(':') {
        Some((name, p)) if !name.contains(':') => Some((name, p.parse().ok()?)),
        Some(_) => None,
        None if !host.is_empty() => Some((host, 80)),
        None => None,
    }
}

/// A plain page for a refused request.
pub fn refuse(status: StatusCode, why: &str) -> Response {
    let body = super::pages::error_page(status, why).into_string();
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Middleware: refuses requests whose `Host` does not name this server (421 Misdirected
/// Request), and state-changing requests that come from another origin (403).
pub async fn guard(
    State(policy): State<std::sync::Arc<HostPolicy>>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !policy.allows(host) {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "This server answers only requests addressed to it by its own address (the Host header names another).",
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        if let Some(why) = foreign_origin(headers, host) {
            return refuse(StatusCode::FORBIDDEN, why);
        }
    }
    next.run(req).await
}

/// Why a state-changing request is from another origin, if it is: its `Origin` is not
/// this server, or the browser says it is a cross-site request.
fn foreign_origin(headers: &HeaderMap, host: &str) -> Option<&'static str> {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let ok = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| o.eq_ignore_ascii_case(host));
        if !ok {
            return Some(
                "A change must come from a page of this server (the Origin header names another).",
            );
        }
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        if site.as_bytes() == b"cross-site" {
            return Some("A change must come from a page of this server (the browser reports a cross-site request).");
        }
    }
    None
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(addr: &str) -> HostPolicy {
        HostPolicy {
            addr: addr.parse().unwrap(),
        }
    }

    #[test]
    fn loopback_accepts_its_address_and_localhost_only() {
        let p = policy("127.0.0.1:8123");
        assert!(p.allows("127.0.0.1:8123"));
        assert!(p.allows("localhost:8123"));
        assert!(p.allows("LOCALHOST:8123"));
        assert!(!p.allows("127.0.0.1:8124"));
        assert!(!p.allows("127.0.0.2:8123"));
        assert!(!p.allows("evil.example:8123"));
        assert!(!p.allows("localhost.evil.example:8123"));
        assert!(!p.allows(""));
        assert!(!p.allows("127.0.0.1"));
    }

    #[test]
    fn ipv6_in_brackets() {
        let p = policy("[::1]:9000");
        assert!(p.allows("[::1]:9000"));
        assert!(p.allows("localhost:9000"));
        assert!(!p.allows("::1:9000"));
        assert!(!p.allows("[::2]:9000"));
    }

    #[test]
    fn unspecified_accepts_address_literals_never_names() {
        let p = policy("0.0.0.0:8080");
        assert!(p.allows("192.0.2.7:8080"));
        assert!(p.allows("localhost:8080"));
        assert!(!p.allows("intranet.example:8080"));
        assert!(!p.allows("192.0.2.7:8081"));
    }

    #[test]
    fn port_80_may_be_left_out() {
        let p = policy("127.0.0.1:80");
        assert!(p.allows("127.0.0.1"));
        assert!(p.allows("localhost"));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abd", "abc"));
        assert!(!same_token("ab", "abc"));
        assert!(!same_token("", "abc"));
    }
}
