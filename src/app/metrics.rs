//! `GET /metrics`: Prometheus text. The HTTP and WebSocket series (`http::metrics`), then the
//! gauges read now: seats held, bookings and payments per status, the outbox waiting for head
//! office and the age of its oldest row, uptime. Loopback callers, or the
//! `server.metrics_token` as a bearer token; anyone else gets 404, as if there were nothing.

use super::AppState;
use crate::http::metrics::{escape, gauge, METRICS};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::fmt::Write;
use std::net::SocketAddr;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

async fn metrics(
    State(s): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if !crate::http::metrics::allowed(peer.ip(), &headers, &s.settings.server.metrics_token) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut out = String::new();
    METRICS.render(&mut out);
    gauge(
        &mut out,
        "moviehub_holds_active",
        "Seats held in the hold cache.",
        s.holds.held_seats(),
    );
    if let Ok((bookings, payments)) = s.reports.status_counts().await {
        let mut by = |name: &str, help: &str, rows: &[(String, i64)]| {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} gauge");
            for (status, n) in rows {
                let _ = writeln!(out, "{name}{{status=\"{}\"}} {n}", escape(status));
            }
        };
        by("moviehub_bookings", "Bookings by status.", &bookings);
        by(
            "moviehub_payments",
            "Payments by status (result).",
            &payments,
        );
    }
    if let Ok(p) = s.reports.push_state().await {
        gauge(
            &mut out,
            "moviehub_outbox_pending",
            "Sales events not yet acknowledged by head office.",
            p.pending,
        );
        let age = p
            .oldest_pending_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| {
                (s.clock.now() - t.with_timezone(&chrono::Utc)).num_milliseconds() as f64 / 1000.0
            })
            .unwrap_or(0.0);
        gauge(
            &mut out,
            "moviehub_outbox_oldest_seconds",
            "Age of the oldest event waiting for head office.",
            format!("{age:.3}"),
        );
    }
    gauge(
        &mut out,
        "moviehub_uptime_seconds",
        "Seconds since the server started.",
        s.started.elapsed().as_secs(),
    );
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}
