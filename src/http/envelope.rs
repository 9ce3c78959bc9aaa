//! Middleware that renders [`ApiError`]s as the seed's envelope:
//! `{"success":false,"statusCode":…,"message":…,"timestamp":…,"path":…}`.
//! It also wraps error answers produced outside our handlers (unknown route, wrong method,
//! body too large, timeouts) so every error a client sees has the same shape.

use super::error::ApiError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Render [`ApiError`]s, and bare error answers under `/api`, as JSON envelopes.
pub async fn envelope(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let status = res.status();
    let err = match res.extensions_mut().remove::<ApiError>() {
        Some(e) => e,
        None if path.starts_with("/api") && is_bare_error(&res, status) => {
            ApiError::new(status, default_message(status))
        }
        None => return res,
    };
    let body = serde_json::json!({
        "success": false,
        "statusCode": err.status.as_u16(),
        "message": err.message,
        "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "path": path,
    });
    let headers = res.headers().clone();
    let mut out = Response::new(Body::from(body.to_string()));
    *out.status_mut() = err.status;
    for (k, v) in headers.iter() {
        if k != header::CONTENT_LENGTH && k != header::CONTENT_TYPE {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    out
}

/// An error status whose body was not produced by our JSON code (e.g. axum's own 405).
fn is_bare_error(res: &Response, status: StatusCode) -> bool {
    (status.is_client_error() || status.is_server_error())
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| !v.as_bytes().starts_with(b"application/json"))
            .unwrap_or(true)
}

fn default_message(status: StatusCode) -> String {
    match status {
        StatusCode::NOT_FOUND => "Route not found".into(),
        StatusCode::METHOD_NOT_ALLOWED => "Method not allowed".into(),
        StatusCode::PAYLOAD_TOO_LARGE => "Request body too large".into(),
        StatusCode::REQUEST_TIMEOUT => "Request timed out".into(),
        s => s.canonical_reason().unwrap_or("Error").to_string(),
    }
}
