//! Refunds, cancelled shows and the cashier's day through the API: the policy and the quote,
//! cancelling paid bookings (VNPay through the sandbox, cash out of a till, card), approval
//! by a manager's page or PIN, a refund that fails and is retried, a cancelled showtime, till
//! movements and the day close with its Z-report.

mod cancel;
mod day;
mod kiosk;
mod late;
mod pages;
mod showtime;

use crate::basket::{book_with, pay_online, site, Site};
use crate::helpers::*;
use serde_json::{json, Value};

/// A site with a show and a customer who paid two seats online (E1, E2 by default): (site,
/// customer token, booking id).
pub async fn paid_online(app: &TestApp, labels: &[&str], extras: Value) -> (Site, String, String) {
    let site = site(app, 20).await;
    let customer = app.token("customer").await;
    let (s, b) = book_with(app, &customer, &site, labels, extras).await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    assert_eq!(pay_online(app, &customer, &id).await, "00");
    (site, customer, id)
}

/// Cancel `booking` as `token` with `body`; (status, data).
pub async fn cancel(
    app: &TestApp,
    token: &str,
    booking: &str,
    body: Value,
) -> (reqwest::StatusCode, Value) {
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{booking}/cancel"),
            Some(token),
            body,
        )
        .await;
    (s, if s.is_success() { b["data"].clone() } else { b })
}

/// A booking's tickets' statuses.
pub async fn ticket_statuses(app: &TestApp, token: &str, booking: &str) -> Vec<String> {
    let b = crate::basket::read_booking(app, token, booking).await;
    b["tickets"]
        .as_array()
        .expect("tickets")
        .iter()
        .map(|t| t["status"].as_str().expect("status").to_string())
        .collect()
}

/// What the sandbox refunded for a booking's VNPay payment.
pub async fn sandbox_refunded(app: &TestApp, token: &str, booking: &str) -> i64 {
    let b = crate::basket::read_booking(app, token, booking).await;
    let txn = b["payments"][0]["txn_ref"]
        .as_str()
        .expect("txn")
        .to_string();
    let (s, r) = app
        .get(&format!("/sandbox/vnpay/refunded/{txn}"), None)
        .await;
    assert_eq!(s, 200, "{r}");
    r["data"]["refunded"].as_i64().expect("refunded")
}

pub fn reason() -> Value {
    json!({"reason_code": "CHANGE_OF_PLANS"})
}
