//! Prometheus text metrics of the HTTP side: requests by route (the router's pattern, never
//! the raw path), method and status, with a latency histogram; WebSocket connections and
//! messages. The domain gauges (holds, bookings, payments, outbox) are read at scrape time by
//! the `/metrics` route. `/metrics` answers loopback callers, or anyone with the
//! `server.metrics_token` as a bearer token.

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::fmt::Write;
use std::hash::{Hash, Hasher};
use std::net::IpAddr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::Instant;

/// Upper bounds of the latency buckets, seconds.
const BUCKETS: [f64; 11] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0,
];

#[derive(Default)]
struct Series {
    method: String,
    route: String,
    status: u16,
    count: u64,
    sum_secs: f64,
    /// Per bucket (not cumulative; summed when rendered).
    buckets: [u64; BUCKETS.len()],
}

/// The process's HTTP metrics.
#[derive(Default)]
pub struct Registry {
    /// By a hash of (method, route, status): a request allocates nothing once its series
    /// exists.
    requests: Mutex<HashMap<u64, Series>>,
    ws_open: AtomicI64,
    ws_messages: AtomicU64,
}

/// The one registry of this process.
pub static METRICS: LazyLock<Registry> = LazyLock::new(Registry::default);

impl Registry {
    fn observe(&self, method: &str, route: &str, status: u16, secs: f64) {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (method, route, status).hash(&mut h);
        let key = h.finish();
        let mut map = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        let s = map.entry(key).or_insert_with(|| Series {
            method: method.to_string(),
            route: route.to_string(),
            status,
            ..Series::default()
        });
        s.count += 1;
        s.sum_secs += secs;
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            s.buckets[i] += 1;
        }
    }

    /// A WebSocket opened.
    pub fn ws_opened(&self) {
        self.ws_open.fetch_add(1, Ordering::Relaxed);
    }

    /// A WebSocket closed.
    pub fn ws_closed(&self) {
        self.ws_open.fetch_sub(1, Ordering::Relaxed);
    }

    /// A WebSocket message arrived.
    pub fn ws_message(&self) {
        self.ws_messages.fetch_add(1, Ordering::Relaxed);
    }

    /// The HTTP and WebSocket series in Prometheus text format.
    pub fn render(&self, out: &mut String) {
        let guard = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        let mut map: Vec<((&str, &str, u16), &Series)> = guard
            .values()
            .map(|s| ((s.method.as_str(), s.route.as_str(), s.status), s))
            .collect();
        map.sort_by(|a, b| a.0.cmp(&b.0));
        let _ = writeln!(out, "# HELP moviehub_http_requests_total HTTP requests answered, by route pattern, method and status.");
        let _ = writeln!(out, "# TYPE moviehub_http_requests_total counter");
        for ((m, r, st), s) in &map {
            let _ = writeln!(
                out,
                "moviehub_http_requests_total{{method=\"{m}\",route=\"{}\",status=\"{st}\"}} {}",
                escape(r),
                s.count
            );
        }
        let _ = writeln!(out, "# HELP moviehub_http_request_seconds Time to answer, by route pattern, method and status.");
        let _ = writeln!(out, "# TYPE moviehub_http_request_seconds histogram");
        for ((m, r, st), s) in &map {
            let labels = format!("method=\"{m}\",route=\"{}\",status=\"{st}\"", escape(r));
            let mut running = 0;
            for (b, n) in BUCKETS.iter().zip(s.buckets) {
                running += n;
                let _ = writeln!(
                    out,
                    "moviehub_http_request_seconds_bucket{{{labels},le=\"{b}\"}} {running}"
                );
            }
            let _ = writeln!(
                out,
                "moviehub_http_request_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "moviehub_http_request_seconds_sum{{{labels}}} {:.6}",
                s.sum_secs
            );
            let _ = writeln!(
                out,
                "moviehub_http_request_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        gauge(
            out,
            "moviehub_ws_connections",
            "Open WebSocket connections.",
            self.ws_open.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP moviehub_ws_messages_total WebSocket messages received."
        );
        let _ = writeln!(out, "# TYPE moviehub_ws_messages_total counter");
        let _ = writeln!(
            out,
            "moviehub_ws_messages_total {}",
            self.ws_messages.load(Ordering::Relaxed)
        );
    }
}

/// One gauge with its help line.
pub fn gauge(out: &mut String, name: &str, help: &str, value: impl std::fmt::Display) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} gauge");
    let _ = writeln!(out, "{name} {value}");
}

/// A label value as Prometheus wants it.
pub fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Count the request under its route pattern (`unmatched` for the fallback).
pub async fn record(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    METRICS.observe(
        &method,
        &route,
        res.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    res
}

/// May this caller read `/metrics`? Loopback always; otherwise only with the configured
/// token (an empty setting lets nobody else in).
pub fn allowed(peer: IpAddr, headers: &HeaderMap, token: &str) -> bool {
    if peer.is_loopback() {
        return true;
    }
    if token.is_empty() {
        return false;
    }
    let given = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(t: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::AUTHORIZATION,
            format!("Bearer {t}").parse().expect("header"),
        );
        h
    }

    #[test]
    fn loopback_always_others_only_with_the_token() {
        let far: IpAddr = "203.0.113.9".parse().expect("ip");
        let near: IpAddr = "127.0.0.1".parse().expect("ip");
        assert!(allowed(near, &HeaderMap::new(), ""));
        assert!(!allowed(far, &HeaderMap::new(), ""));
        assert!(
            !allowed(far, &bearer(""), ""),
            "an empty token opens nothing"
        );
        assert!(!allowed(far, &HeaderMap::new(), "s3cret-token"));
        assert!(!allowed(far, &bearer("s3cret-tokeN"), "s3cret-token"));
        assert!(allowed(far, &bearer("s3cret-token"), "s3cret-token"));
    }

    #[test]
    fn the_histogram_is_cumulative_and_ends_at_the_count() {
        let r = Registry::default();
        r.observe("GET", "/x", 200, 0.0004);
        r.observe("GET", "/x", 200, 0.03);
        r.observe("GET", "/x", 200, 9.0);
        let mut out = String::new();
        r.render(&mut out);
        assert!(out.contains(
            "moviehub_http_requests_total{method=\"GET\",route=\"/x\",status=\"200\"} 3"
        ));
        assert!(out.contains("le=\"0.0005\"} 1"));
        assert!(out.contains("le=\"0.05\"} 2"));
        assert!(out.contains("le=\"5\"} 2"));
        assert!(out.contains("le=\"+Inf\"} 3"));
    }
}
