//! The wiring: the application state, the router assembled from each domain's routes, the
//! server and its background tasks, what reacts to committed sales, and the adapters where
//! two domains meet (hold facts from cinemas and the ledger, the live seat map, the
//! taken-seat counts, sign-out releasing holds).

mod api_docs;
pub mod background;
mod crossing;
mod errors;
pub mod health;
pub mod live_facts;
mod metrics;
pub mod openapi;
mod reactions;
pub mod seats;
pub mod server;
pub mod state;
pub mod taken;

pub use state::AppState;

use axum::extract::DefaultBodyLimit;
use axum::Router;

/// Unknown paths: a JSON error under `/api/`, an HTML page for people everywhere else.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        crate::http::ApiError::not_found("Route not found").into_response()
    } else {
        crate::web::PageError::not_found(crate::web::tr("err-no-page")).into_response()
    }
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    use crate::{bookings, catalog, cinemas, holds, http, payments, tickets, tills, users, web};
    let body_limit = state.settings.server.body_limit_bytes;
    let site_lang = state.settings.server.language;
    let mut r = Router::new()
        .merge(health::routes())
        .merge(metrics::routes())
        .merge(openapi::routes())
        .merge(users::routes::routes())
        .merge(crossing::routes())
        .merge(catalog::routes::routes())
        .merge(cinemas::routes::routes())
        .merge(seats::routes())
        .merge(holds::routes::routes())
        .merge(tickets::routes::routes())
        .merge(bookings::routes::routes())
        .merge(payments::routes::routes())
        .merge(tills::routes::routes())
        .merge(crate::concessions::routes::routes())
        .merge(crate::promotions::routes::routes())
        .merge(crate::loyalty::routes::routes())
        .merge(crate::refunds::routes::routes())
        .merge(crate::sync::routes::routes())
        .merge(crate::reports::routes::routes())
        .merge(web::routes());
    if state.settings.server.role == crate::config::Role::Central {
        r = r.merge(crate::sync::routes::central_routes());
    }
    if state.settings.payments.vnpay.sandbox {
        r = r
            .merge(payments::sandbox::routes())
            .merge(payments::sandbox_api::routes());
    }
    let limiter = http::rate_limit::RateLimiter::new(&state.settings.limits);
    let timeout = state.settings.limits.request_timeout_secs;
    if timeout > 0 {
        r = r.layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(timeout),
        ));
    }
    r.fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            limiter,
            http::rate_limit::limit,
        ))
        .layer(axum::middleware::from_fn(http::security::origin_guard))
        .layer(axum::middleware::from_fn(http::envelope))
        .layer(axum::middleware::from_fn(http::security::security_headers))
        .layer(axum::middleware::from_fn_with_state(
            site_lang,
            web::lang::scope,
        ))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn(http::metrics::record))
        .layer(axum::middleware::from_fn(http::trace::access_log))
        .with_state(state)
}
