//! Security headers on every answer: `nosniff` everywhere, and on HTML pages a
//! Content-Security-Policy that lets a page run only the scripts the binary ships.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

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
