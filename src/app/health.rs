//! `GET /api/health`: each database (ok, query latency), uptime, version, role, the seats
//! held in the hold cache, and the push to central (rows pending, age of the oldest, last success and error).
//! 503 when any database fails.

use super::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use std::time::Instant;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/health", get(health))
}

#[derive(Serialize)]
struct DbHealth {
    name: &'static str,
    ok: bool,
    latency_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// What an operator must know about how this server runs.
fn warnings(settings: &crate::config::Settings) -> Vec<&'static str> {
    let mut w = Vec::new();
    if settings.demo_mode {
        w.push(DEMO_WARNING);
    }
    if settings.payments.vnpay.secret.is_empty() {
        w.push("payments.vnpay.secret is empty: online payments are off and every VNPay notice is refused");
    }
    w
}

/// Said at start-up and on `/api/health` while demo mode is on.
pub const DEMO_WARNING: &str = "DEMO MODE: the demo accounts' password is public and payments go to the built-in VNPay sandbox; never take real customers on this server";

#[utoipa::path(get, path = "/api/health", tag = "operations", responses((status = 200, description = "Every database answers; uptime, version, role, holds and the push to central", body = serde_json::Value), (status = 503, description = "A database fails", body = serde_json::Value)))]
async fn health(State(s): State<AppState>) -> impl IntoResponse {
    let mut databases = Vec::new();
    for db in s.dbs.all() {
        let started = Instant::now();
        let res: Result<i64, crate::db::DbError> = db
            .call(|c| Ok(c.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?))
            .await;
        databases.push(DbHealth {
            name: db.name(),
            ok: res.is_ok(),
            latency_ms: (started.elapsed().as_secs_f64() * 1e6).round() / 1e3,
            error: res.err().map(|e| e.to_string()),
        });
    }
    let ok = databases.iter().all(|d| d.ok);
    let sync = match s
        .sales
        .read(|c| Ok::<_, crate::db::DbError>(crate::sales::sync_store::push_state(c)?))
        .await
    {
        Ok(state) => crate::sync::cli::status_json(&s.settings, &state),
        Err(e) => serde_json::json!({ "error": e.to_string() }),
    };
    let body = serde_json::json!({
        "success": ok,
        "data": {
            "status": if ok { "ok" } else { "degraded" },
            "version": env!("CARGO_PKG_VERSION"),
            "role": s.settings.server.role.as_str(),
            "demo": s.settings.demo_mode,
            "warnings": warnings(&s.settings),
            "uptime_secs": s.started.elapsed().as_secs(),
            "databases": databases,
            "holds": {
                "held_seats": s.holds.held_seats(),
                "ttl_secs": s.settings.holds.ttl_secs,
            },
            "sync": sync,
        }
    });
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body))
}

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(health))]
pub struct Doc;
