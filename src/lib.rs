//! MovieHub: the booking system of a cinema chain as one binary per site.
//!
//! [`app`] assembles the whole router from each domain's `routes()`; [`server`] runs it.
//! One folder per domain: `users/`, `catalog/`, … each with `mod.rs` (types), `store.rs`
//! (the only SQL), `service.rs` (rules) and `routes.rs` (thin handlers).

pub mod background;
pub mod bookings;
pub mod catalog;
pub mod cinemas;
pub mod cli;
pub mod cli_ops;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod health;
pub mod holds;
pub mod http;
pub mod payments;
pub mod pricing;
pub mod sales;
pub mod secrets;
pub mod server;
pub mod state;
pub mod tickets;
pub mod tills;
pub mod users;
pub mod web;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use state::AppState;

/// Unknown paths: a JSON error under `/api/`, an HTML page for people everywhere else.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        http::ApiError::not_found("Route not found").into_response()
    } else {
        web::PageError::not_found("There is no page at this address.").into_response()
    }
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let body_limit = state.settings.server.body_limit_bytes;
    Router::new()
        .merge(health::routes())
        .merge(users::routes::routes())
        .merge(catalog::routes::routes())
        .merge(cinemas::routes::routes())
        .merge(holds::routes::routes())
        .merge(tickets::routes::routes())
        .merge(bookings::routes::routes())
        .merge(tills::routes::routes())
        .merge(web::routes())
        .merge(payments::online::routes::routes(&state.settings))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(http::security::origin_guard))
        .layer(axum::middleware::from_fn(http::envelope))
        .layer(axum::middleware::from_fn(http::security::security_headers))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn(http::trace::access_log))
        .with_state(state)
}
