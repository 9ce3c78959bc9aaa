//! A late VNPay payment (its booking expired first) is kept as REFUND_REQUIRED and refunded
//! through the same flow: through the sandbox, once, by someone who may approve refunds.

use super::*;
use crate::basket::{paid_notice, read_booking, send_ipn, start_vnpay};

#[tokio::test]
async fn a_late_payment_is_refunded_through_the_refund_flow_once() {
    let app = spawn_app().await;
    let site = site(&app, 10).await;
    let customer = app.token("customer").await;
    let (s, b) = book_with(&app, &customer, &site, &["A1"], json!({})).await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    let start = start_vnpay(&app, &customer, &id).await;
    app.clock.advance(chrono::Duration::minutes(11));
    app.state.bookings.expire_due().await.expect("sweep");
    // Its seat is sold to someone else, so the late payment cannot be honoured.
    let other = app.token("customer").await;
    let (s, b) = book_with(&app, &other, &site, &["A1"], json!({})).await;
    assert_eq!(s, 201, "{b}");
    let txn = start["txn_ref"].as_str().expect("txn");
    assert_eq!(send_ipn(&app, &paid_notice(&app, txn, 90_000)).await, "00");
    let back = read_booking(&app, &customer, &id).await;
    assert_eq!(back["payments"][0]["status"], "REFUND_REQUIRED", "{back}");
    let payment = back["payments"][0]["id"]
        .as_str()
        .expect("payment")
        .to_string();
    let path = format!("/api/v1/payments/{payment}/refund");
    let cashier = app.token("cashier").await;
    let (s, _) = app.post(&path, Some(&cashier), json!({})).await;
    assert_eq!(s, 403, "refund:approve");
    let (s, r) = app.post(&path, Some(&site.manager), json!({})).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        (
            r["data"]["status"].as_str(),
            r["data"]["amount"].as_i64(),
            r["data"]["reason_code"].as_str()
        ),
        (Some("SUCCEEDED"), Some(90_000), Some("LATE_PAYMENT"))
    );
    assert_eq!(sandbox_refunded(&app, &customer, &id).await, 90_000);
    let back = read_booking(&app, &customer, &id).await;
    assert_eq!(back["payments"][0]["status"], "REFUNDED", "{back}");
    assert_eq!(back["status"], "EXPIRED", "the booking stays as it ended");
    // Asked again: nothing left to refund, nothing paid twice.
    let (s, _) = app.post(&path, Some(&site.manager), json!({})).await;
    assert_eq!(s, 404);
    assert_eq!(sandbox_refunded(&app, &customer, &id).await, 90_000);
}
