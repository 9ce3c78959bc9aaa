//! The rest of the basket through the API: concessions and their stock, promotion codes and
//! their uses, loyalty points; the quote, the booking and the payment agree on the total.

mod closing;
mod concessions;
mod flow;
mod loyalty;
mod promotions;
mod races;
mod totals;

use crate::bookings::{hold, show, Show};
use crate::helpers::*;
use moviehub::sales::{self, OutboxRow};
use serde_json::{json, Value};
use std::collections::HashMap;

/// A site with a small menu (popcorn 55k ×`popcorn` in stock, coke 35k ×50, a combo of one of
/// each at 79k) on top of the bookings' 8-seat show.
pub struct Site {
    pub show: Show,
    pub manager: String,
    /// Item name → id.
    pub items: HashMap<String, String>,
}

impl Site {
    pub fn item(&self, name: &str) -> String {
        self.items.get(name).expect("item").clone()
    }
}

pub async fn site(app: &TestApp, popcorn: i64) -> Site {
    let show = show(app).await;
    let manager = show.manager.clone();
    let mut items = HashMap::new();
    for (name, kind, price, stock) in [
        ("popcorn", "FOOD", 55_000, popcorn),
        ("coke", "DRINK", 35_000, 50),
    ] {
        let (s, b) = app
            .post(
                "/api/v1/concessions",
                Some(&manager),
                json!({"kind": kind, "name": name, "price": price, "stock": stock}),
            )
            .await;
        assert_eq!(s, 201, "{b}");
        items.insert(
            name.to_string(),
            b["data"]["id"].as_str().expect("id").to_string(),
        );
    }
    let (s, b) = app
        .post(
            "/api/v1/concessions",
            Some(&manager),
            json!({"kind": "COMBO", "name": "combo", "price": 79_000,
                   "parts": [{"item_id": items["popcorn"], "qty": 1}, {"item_id": items["coke"], "qty": 1}]}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    items.insert(
        "combo".into(),
        b["data"]["id"].as_str().expect("id").to_string(),
    );
    Site {
        show,
        manager,
        items,
    }
}

/// Create a promotion as the manager; returns its JSON.
pub async fn promotion(app: &TestApp, manager: &str, body: Value) -> Value {
    let (s, b) = app.post("/api/v1/promotions", Some(manager), body).await;
    assert_eq!(s, 201, "{b}");
    b["data"].clone()
}

/// Hold `labels` and book them with `extras` merged into the body.
pub async fn book_with(
    app: &TestApp,
    token: &str,
    site: &Site,
    labels: &[&str],
    extras: Value,
) -> (reqwest::StatusCode, Value) {
    let seats: Vec<String> = labels.iter().map(|l| site.show.seat(l)).collect();
    hold(app, token, &site.show.id, &seats).await;
    let body = json!({"showtime_id": site.show.id, "seat_ids": seats,
        "idempotency_key": uuid::Uuid::new_v4().to_string()});
    app.post("/api/v1/bookings", Some(token), merged(body, &extras))
        .await
}

/// `extras` merged into `body` (both JSON objects).
pub fn merged(mut body: Value, extras: &Value) -> Value {
    if let (Some(b), Some(x)) = (body.as_object_mut(), extras.as_object()) {
        b.extend(x.clone());
    }
    body
}

/// Quote `labels` of the site's show with `extras` as `token` (anonymous with `None`).
pub async fn quote_with(
    app: &TestApp,
    token: Option<&str>,
    site: &Site,
    labels: &[&str],
    extras: &Value,
) -> (reqwest::StatusCode, Value) {
    let seats: Vec<String> = labels.iter().map(|l| site.show.seat(l)).collect();
    let body = merged(
        json!({"showtime_id": site.show.id, "seat_ids": seats}),
        extras,
    );
    app.post("/api/v1/bookings/quote", token, body).await
}

/// An item's stock as the public menu shows it.
pub async fn stock(app: &TestApp, item: &str) -> i64 {
    let (s, b) = app.get(&format!("/api/v1/concessions/{item}"), None).await;
    assert_eq!(s, 200, "{b}");
    b["data"]["stock"].as_i64().expect("stock")
}

/// An item's stock movements, oldest first (the API lists newest first).
pub async fn movements(app: &TestApp, manager: &str, item: &str) -> Vec<Value> {
    let (s, b) = app
        .get(
            &format!("/api/v1/concessions/{item}/movements?limit=500"),
            Some(manager),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let mut all = b["data"].as_array().expect("movements").clone();
    all.reverse();
    all
}

/// The movements chain: each `stock_after` is the one before plus `delta`, never below 0,
/// and the last is the stock on hand.
pub async fn assert_movements_add_up(app: &TestApp, manager: &str, item: &str) -> Vec<Value> {
    let all = movements(app, manager, item).await;
    let mut on_hand = 0;
    for m in &all {
        on_hand += m["delta"].as_i64().expect("delta");
        assert_eq!(m["stock_after"], on_hand, "{m} in {all:?}");
        assert!(on_hand >= 0, "{all:?}");
    }
    assert_eq!(stock(app, item).await, on_hand, "{all:?}");
    all
}

/// The reasons of an item's movements, oldest first.
pub async fn reasons(app: &TestApp, manager: &str, item: &str) -> Vec<String> {
    movements(app, manager, item)
        .await
        .iter()
        .map(|m| m["reason"].as_str().expect("reason").to_string())
        .collect()
}

/// Every outbox row so far.
pub async fn outbox(app: &TestApp) -> Vec<OutboxRow> {
    app.state
        .sales
        .read(|c| Ok::<_, moviehub::db::DbError>(sales::store::rows_after(c, 0, 100_000)?))
        .await
        .expect("outbox")
}

/// A promotion as stored now.
pub async fn promotion_now(app: &TestApp, manager: &str, id: &str) -> Value {
    let (s, b) = app
        .get(&format!("/api/v1/promotions/{id}"), Some(manager))
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"].clone()
}

/// `token`'s loyalty standing.
pub async fn standing(app: &TestApp, token: &str) -> Value {
    let (s, b) = app.get("/api/v1/loyalty", Some(token)).await;
    assert_eq!(s, 200, "{b}");
    b["data"].clone()
}

/// Give `user` points (and spend toward the tier) as if earned on an earlier booking.
pub async fn give_points(app: &TestApp, user: &str, points: i64, spend: i64) {
    let (user, booking) = (user.to_string(), uuid::Uuid::now_v7().to_string());
    app.state
        .sales
        .run(move |tx| {
            moviehub::loyalty::service::record(
                tx,
                &moviehub::loyalty::store::NewEntry {
                    user_id: &user,
                    kind: moviehub::loyalty::EntryKind::Earn,
                    points,
                    spend,
                    booking_id: Some(&booking),
                    note: "earlier booking",
                    now: "2026-11-01T03:00:00.000Z",
                },
            )
        })
        .await
        .expect("points given");
}

/// The signed IPN VNPay sends when `txn_ref` of `amount` VND is paid.
pub fn paid_notice(app: &TestApp, txn_ref: &str, amount: i64) -> String {
    let vnpay = &app.state.settings.payments.vnpay;
    let fields = vec![
        ("vnp_Amount", (amount * 100).to_string()),
        ("vnp_BankCode", "NCB".to_string()),
        ("vnp_CardType", "ATM".to_string()),
        ("vnp_OrderInfo", "Thanh toan ve".to_string()),
        ("vnp_PayDate", "20261124101500".to_string()),
        ("vnp_ResponseCode", "00".to_string()),
        ("vnp_TmnCode", vnpay.tmn_code.clone()),
        ("vnp_TransactionNo", "14422574".to_string()),
        ("vnp_TransactionStatus", "00".to_string()),
        ("vnp_TxnRef", txn_ref.to_string()),
    ];
    moviehub::payments::vnpay::signed_query(&fields, &vnpay.secret)
}

/// Send VNPay's IPN; returns its `RspCode`.
pub async fn send_ipn(app: &TestApp, query: &str) -> String {
    let res = app
        .client
        .get(format!("{}/api/v1/payments/vnpay/ipn?{query}", app.base))
        .send()
        .await
        .expect("ipn");
    let body: Value = res.json().await.expect("json");
    body["RspCode"].as_str().expect("RspCode").to_string()
}

/// Start a VNPay payment of `booking_id` as `token`; returns the start (`txn_ref`, `amount`,
/// `payment_url`).
pub async fn start_vnpay(app: &TestApp, token: &str, booking_id: &str) -> Value {
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{booking_id}/payments/vnpay"),
            Some(token),
            json!({}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    b["data"].clone()
}

/// Pay `booking_id` online: start the payment and have VNPay confirm the amount it was asked
/// for. Returns the IPN's `RspCode`.
pub async fn pay_online(app: &TestApp, token: &str, booking_id: &str) -> String {
    let start = start_vnpay(app, token, booking_id).await;
    let txn = start["txn_ref"].as_str().expect("txn_ref");
    let amount = start["amount"].as_i64().expect("amount");
    send_ipn(app, &paid_notice(app, txn, amount)).await
}

/// A booking read back over the API (with its tickets and payments).
pub async fn read_booking(app: &TestApp, token: &str, id: &str) -> Value {
    let (s, b) = app
        .get(&format!("/api/v1/bookings/{id}"), Some(token))
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"].clone()
}

/// Complete every show that has ended by `at` (the sweeper's job, run now).
pub async fn complete_at(app: &TestApp, at: &str) {
    app.clock.set(at.parse().expect("time"));
    app.state.bookings.complete_due().await.expect("complete");
}

/// When the test show (20:00 in Ho Chi Minh City, 120 minutes and the hall's 15 to clean) is
/// over: its bookings' `ends_at`.
pub const AFTER_THE_SHOW: &str = "2026-11-24T15:15:00Z";
