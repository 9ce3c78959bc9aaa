//! One log line per request (method, path, status, latency, request id), and the request id
//! echoed to the client as `x-request-id`.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// Header carrying the request id both ways.
pub const REQUEST_ID: &str = "x-request-id";

/// Assign (or keep a sane client-given) request id, log the request when it completes.
pub async fn access_log(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    if let Ok(v) = HeaderValue::from_str(&id) {
        req.headers_mut().insert(REQUEST_ID, v);
    }
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let started = Instant::now();
    let mut res = next.run(req).await;
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let status = res.status().as_u16();
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    tracing::info!(
        target: "moviehub::http",
        request_id = %id,
        %method,
        path = %path,
        status,
        latency_ms = format_args!("{latency_ms:.3}"),
        "request"
    );
    res
}
