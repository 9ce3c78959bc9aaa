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
    sqlite_writes(&mut out, &s);
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

/// A series: name, type, help, and how to read it off a writer's stats.
type Series = (
    &'static str,
    &'static str,
    &'static str,
    fn(&crate::db::WriteStats) -> f64,
);

/// Each file's writer: writes queued and begun (their difference is the queue now), the time
/// they waited in the queue, and the transactions with their time from BEGIN to COMMIT.
fn sqlite_writes(out: &mut String, s: &AppState) {
    use std::sync::atomic::Ordering::Relaxed;
    let dbs = s.dbs.all();
    let series: [Series; 5] = [
        (
            "moviehub_sqlite_writes_queued_total",
            "counter",
            "Writes queued for the file's writer.",
            |w| w.queued.load(Relaxed) as f64,
        ),
        (
            "moviehub_sqlite_writes_started_total",
            "counter",
            "Writes a transaction has started on (queued minus started is the queue).",
            |w| w.started.load(Relaxed) as f64,
        ),
        (
            "moviehub_sqlite_write_queue_wait_seconds_total",
            "counter",
            "Time writes waited in the writer's queue, summed.",
            |w| w.wait_us.load(Relaxed) as f64 / 1e6,
        ),
        (
            "moviehub_sqlite_transactions_total",
            "counter",
            "Write transactions (groups of writes) committed or rolled back.",
            |w| w.transactions.load(Relaxed) as f64,
        ),
        (
            "moviehub_sqlite_transaction_seconds_total",
            "counter",
            "Time from BEGIN to the end of COMMIT, summed.",
            |w| w.transaction_us.load(Relaxed) as f64 / 1e6,
        ),
    ];
    for (name, kind, help, value) in series {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} {kind}");
        for db in &dbs {
            let _ = writeln!(
                out,
                "{name}{{db=\"{}\"}} {}",
                db.name(),
                value(db.write_stats())
            );
        }
    }
}
