//! Security headers on every answer (`nosniff` everywhere, and on HTML pages a
//! Content-Security-Policy that lets a page run only the scripts the binary ships), and the
//! origin guard: what the session cookie authenticates must come from this site's own pages.

use super::ApiError;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Name of the HttpOnly session cookie the HTML pages use.
pub const SESSION_COOKIE: &str = "mh_session";

/// Does this request come from a page of this site? `Origin` is compared with `Host`; without
/// `Origin`, the `Referer`'s authority must be `Host`. Neither header = refused.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let authority = |url: &str| -> Option<String> {
        let rest = url
            .strip_prefix("http://")
            .or_else(|| url.strip_prefix("https://"))?;
        Some(rest.split('/').next().unwrap_or_default().to_string())
    };
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        return authority(origin).as_deref() == Some(host);
    }
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(authority)
        .is_some_and(|a| a == host)
}

/// The session cookie's value, if the request carries one.
pub fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v)
}

/// Refuse (403) what another site could make a visitor's browser send:
/// - a state-changing API call (any method but GET, HEAD, OPTIONS) authenticated by the
///   session cookie (no `Authorization` header) that does not come from this site;
/// - a WebSocket upgrade whose `Origin` is another site (browsers always send `Origin` on
///   a WebSocket; programs that send none are not a browser acting for a visitor).
///
/// Bearer-token calls are untouched: a token is never sent by a browser on its own. The
/// HTML forms check the same rule themselves, and answer with a page.
pub async fn origin_guard(req: Request, next: Next) -> Response {
    let headers = req.headers();
    let path = req.uri().path();
    let upgrade = headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    // A Bearer token, parsed as the auth extractor parses it: with one, the cookie is unused.
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    // `/ws` by path too: an HTTP/2 WebSocket is a CONNECT without an Upgrade header.
    if upgrade || path == "/ws" {
        if headers.contains_key(header::ORIGIN) && !same_origin(headers) {
            return ApiError::forbidden(
                "Origin: WebSocket connections are accepted from this site's pages only",
            )
            .into_response();
        }
    } else if path.starts_with("/api/")
        && !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && !bearer
        && session_cookie(headers).is_some_and(|v| !v.is_empty())
        && !same_origin(headers)
    {
        return ApiError::forbidden(
            "Origin: a request signed in with the session cookie must come from this site's pages; API clients send Authorization: Bearer",
        )
        .into_response();
    }
    next.run(req).await
}

/// Scripts, styles, frames and connections from this site only (WebSockets included);
/// images from anywhere (posters live on other hosts). Style attributes stay allowed: the
/// templates set CSS variables (poster hue, occupancy width) inline.
pub const PAGE_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: http: https:; \
     connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; object-src 'none'";

/// Add the headers after the handler ran.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_POLICY),
        );
    }
    res
}
