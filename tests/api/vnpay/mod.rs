//! VNPay online payments through the real router: the signed payment URL, the IPN's answer
//! codes and effects, late payments, the return page, the built-in sandbox and permissions.

use crate::helpers::*;
use chrono::Duration;
use moviehub::bookings::{
    Booking, BookingSeat, BookingStatus, Channel, NewBooking, ShowtimeSnapshot,
};
use moviehub::payments::vnpay::{
    hmac_sha512_matches, php_urlencode, sign_data, signed_query, vnp_date,
};
use moviehub::payments::{store, Payment};
use reqwest::{StatusCode, Url};
use serde_json::{json, Value};

mod no_secret;
mod pages;

const TMN: &str = "MOVIEHUB";

fn secret(app: &TestApp) -> String {
    app.state.settings.payments.vnpay.secret.clone()
}

/// A PENDING booking of two 60,000 VND seats (real UUIDs: tickets sign them) for `user`.
async fn pending_booking(app: &TestApp, user: &str, showtime: &str, seats: &[String]) -> Booking {
    let new = NewBooking {
        user_id: user.into(),
        channel: Channel::Online,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        showtime: ShowtimeSnapshot {
            id: showtime.into(),
            cinema_id: "cinema-1".into(),
            movie_title: "Mai".into(),
            hall_name: "Hall 1".into(),
            starts_at: start_time() + Duration::hours(3),
            ends_at: start_time() + Duration::hours(5),
        },
        seats: seats
            .iter()
            .enumerate()
            .map(|(i, id)| BookingSeat {
                seat_id: id.clone(),
                seat_label: format!("A{}", i + 1),
                seat_type: "STANDARD".into(),
                price: 60_000,
            })
            .collect(),
    };
    app.state.bookings.create(new).await.expect("booking").0
}

fn uuids(n: usize) -> Vec<String> {
    (0..n).map(|_| uuid::Uuid::now_v7().to_string()).collect()
}

/// A customer with a PENDING booking: (token, booking).
async fn customer_with_booking(app: &TestApp) -> (String, Booking) {
    let (uid, token) = app.user_with_role("customer").await;
    let b = pending_booking(app, &uid, &uuid::Uuid::now_v7().to_string(), &uuids(2)).await;
    (token, b)
}

/// Start a payment over HTTP; returns the `data` object.
async fn start_payment(app: &TestApp, token: &str, booking_id: &str) -> Value {
    let (s, body) = app
        .post(
            &format!("/api/v1/bookings/{booking_id}/payments/vnpay"),
            Some(token),
            json!({}),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    body["data"].clone()
}

fn query_pairs(url: &str) -> Vec<(String, String)> {
    Url::parse(url)
        .expect("url")
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn get<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("{key} missing"))
}

/// The query string VNPay would send for this transaction, signed with `secret`.
fn vnpay_result(txn_ref: &str, amount_vnd: i64, code: &str, secret: &str) -> String {
    let ok = code == "00";
    let fields = vec![
        ("vnp_Amount", (amount_vnd * 100).to_string()),
        ("vnp_BankCode", "NCB".to_string()),
        ("vnp_CardType", "ATM".to_string()),
        ("vnp_OrderInfo", "Thanh toan ve".to_string()),
        ("vnp_PayDate", "20261124101500".to_string()),
        ("vnp_ResponseCode", code.to_string()),
        ("vnp_TmnCode", TMN.to_string()),
        (
            "vnp_TransactionNo",
            if ok { "14422574" } else { "0" }.to_string(),
        ),
        (
            "vnp_TransactionStatus",
            if ok { "00" } else { "02" }.to_string(),
        ),
        ("vnp_TxnRef", txn_ref.to_string()),
    ];
    signed_query(&fields, secret)
}

async fn ipn(app: &TestApp, query: &str) -> Value {
    let res = app
        .client
        .get(format!("{}/api/v1/payments/vnpay/ipn?{query}", app.base))
        .send()
        .await
        .expect("ipn");
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
    assert_eq!(keys.len(), 2, "exactly RspCode and Message: {body}");
    body
}

async fn payment(app: &TestApp, txn_ref: &str) -> Payment {
    let t = txn_ref.to_string();
    app.state
        .sales
        .read(move |c| store::by_txn_ref(c, &t))
        .await
        .expect("payment query")
        .expect("payment exists")
}

async fn ticket_count(app: &TestApp, booking_id: &str) -> usize {
    let id = booking_id.to_string();
    app.state
        .sales
        .read(move |c| moviehub::tickets::store::of_booking(c, &id))
        .await
        .expect("tickets")
        .len()
}

async fn status(app: &TestApp, booking_id: &str) -> BookingStatus {
    app.state
        .bookings
        .get(booking_id)
        .await
        .expect("get")
        .status
}

#[tokio::test]
async fn payment_url_is_signed_with_amount_x100_gmt7_dates_and_booking_expiry() {
    let app = spawn_app().await;
    let (token, booking) = customer_with_booking(&app).await;
    let data = start_payment(&app, &token, &booking.id).await;
    let url = data["payment_url"].as_str().expect("payment_url");
    // Sandbox on: the gateway is this very server, reached through the request's Host.
    assert!(
        url.starts_with(&format!("{}/sandbox/vnpay/pay?", app.base)),
        "{url}"
    );
    let pairs = query_pairs(url);
    // The raw query string is byte-identical to the signed data.
    let raw = url.split_once('?').expect("query").1;
    let (data_part, hash) = raw.rsplit_once("&vnp_SecureHash=").expect("hash");
    assert_eq!(data_part, sign_data(&pairs));
    assert!(hmac_sha512_matches(&secret(&app), data_part, hash));
    assert!(!hmac_sha512_matches("another secret", data_part, hash));
    assert_eq!(get(&pairs, "vnp_Amount"), "12000000");
    assert_eq!(data["amount"], 120_000);
    assert_eq!(get(&pairs, "vnp_TmnCode"), TMN);
    assert_eq!(get(&pairs, "vnp_Version"), "2.1.0");
    // 03:00 UTC is 10:00 in Ho Chi Minh City.
    assert_eq!(get(&pairs, "vnp_CreateDate"), "20261124100000");
    let expires = chrono::DateTime::parse_from_rfc3339(&booking.expires_at)
        .expect("expiry")
        .with_timezone(&chrono::Utc);
    assert_eq!(get(&pairs, "vnp_ExpireDate"), vnp_date(expires));
    assert_eq!(get(&pairs, "vnp_ExpireDate"), "20261124101000");
    assert_eq!(data["expires_at"], booking.expires_at);
    assert_eq!(get(&pairs, "vnp_IpAddr"), "127.0.0.1");
    assert_eq!(
        get(&pairs, "vnp_OrderInfo"),
        format!("Thanh toan ve {}", booking.id)
    );
    assert_eq!(
        get(&pairs, "vnp_ReturnUrl"),
        format!("{}/api/v1/payments/vnpay/return", app.base)
    );
    let txn_ref = data["txn_ref"].as_str().expect("txn_ref");
    assert_eq!(get(&pairs, "vnp_TxnRef"), txn_ref);
    assert!(
        txn_ref.starts_with("261124") && txn_ref.len() == 16,
        "{txn_ref}"
    );
    assert!(pairs.iter().all(|(k, _)| k != "vnp_SecureHashType"));
    // A PENDING payment of the booking's total is stored under that reference.
    let p = payment(&app, txn_ref).await;
    assert_eq!((p.status.as_str(), p.amount), ("PENDING", 120_000));
    assert_eq!(p.method, "VNPAY");
    // A second attempt gets another reference.
    let again = start_payment(&app, &token, &booking.id).await;
    assert_ne!(again["txn_ref"], data["txn_ref"]);
    app.stop().await;
}

#[tokio::test]
async fn without_sandbox_the_configured_gateway_is_used_and_no_sandbox_route_exists() {
    let app = spawn_app_with(|s| s.payments.vnpay.sandbox = false).await;
    let (token, booking) = customer_with_booking(&app).await;
    let data = start_payment(&app, &token, &booking.id).await;
    let url = data["payment_url"].as_str().expect("url");
    assert!(
        url.starts_with("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?"),
        "{url}"
    );
    let pairs = query_pairs(url);
    assert_eq!(
        get(&pairs, "vnp_ReturnUrl"),
        app.state.settings.payments.vnpay.return_url
    );
    let (s, _) = app
        .get(
            &format!("/sandbox/vnpay/pay?{}", url.split_once('?').expect("q").1),
            None,
        )
        .await;
    assert_eq!(s, 404);
    app.stop().await;
}

#[tokio::test]
async fn ipn_success_confirms_issues_tickets_and_a_repeat_answers_02() {
    let app = spawn_app().await;
    let (token, booking) = customer_with_booking(&app).await;
    let txn = start_payment(&app, &token, &booking.id).await["txn_ref"]
        .as_str()
        .expect("txn")
        .to_string();
    let q = vnpay_result(&txn, 120_000, "00", &secret(&app));
    let first = ipn(&app, &q).await;
    assert_eq!(
        first,
        json!({"RspCode": "00", "Message": "Confirm Success"})
    );
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Confirmed);
    assert_eq!(ticket_count(&app, &booking.id).await, 2);
    let p = payment(&app, &txn).await;
    assert_eq!(p.status, "SUCCESS");
    assert_eq!(p.provider_txn_no.as_deref(), Some("14422574"));
    assert_eq!(p.response_code.as_deref(), Some("00"));
    // VNPay retries: the same notice changes nothing and closes with 02.
    let again = ipn(&app, &q).await;
    assert_eq!(
        again,
        json!({"RspCode": "02", "Message": "Order already confirmed"})
    );
    assert_eq!(ticket_count(&app, &booking.id).await, 2);
    assert_eq!(payment(&app, &txn).await, p);
    app.stop().await;
}

#[tokio::test]
async fn ipn_checks_signature_order_and_amount_and_a_forgery_poisons_nothing() {
    let app = spawn_app().await;
    let (token, booking) = customer_with_booking(&app).await;
    let txn = start_payment(&app, &token, &booking.id).await["txn_ref"]
        .as_str()
        .expect("txn")
        .to_string();
    let before = payment(&app, &txn).await;
    // Signed with another secret → 97, nothing changes.
    let forged = vnpay_result(&txn, 120_000, "00", "not-the-secret");
    assert_eq!(ipn(&app, &forged).await["RspCode"], "97");
    // Altered after signing → 97.
    let altered = vnpay_result(&txn, 120_000, "00", &secret(&app))
        .replace("vnp_Amount=12000000", "vnp_Amount=100");
    assert_eq!(ipn(&app, &altered).await["RspCode"], "97");
    // No signature at all → 97.
    assert_eq!(ipn(&app, "vnp_TxnRef=x").await["RspCode"], "97");
    assert_eq!(payment(&app, &txn).await, before);
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Pending);
    // Unknown reference → 01; correctly signed but wrong amount → 04.
    let unknown = vnpay_result("261124FFFFFFFFFF", 120_000, "00", &secret(&app));
    assert_eq!(
        ipn(&app, &unknown).await,
        json!({"RspCode": "01", "Message": "Order not found"})
    );
    let wrong_amount = vnpay_result(&txn, 100_000, "00", &secret(&app));
    assert_eq!(
        ipn(&app, &wrong_amount).await,
        json!({"RspCode": "04", "Message": "invalid amount"})
    );
    assert_eq!(payment(&app, &txn).await, before);
    // Another terminal's notice, signed with our secret → 99, nothing changes.
    let other_tmn = vnpay_result(&txn, 120_000, "00", &secret(&app));
    let pairs: Vec<(String, String)> = query_pairs(&format!("http://x/?{other_tmn}"))
        .into_iter()
        .filter(|(k, _)| k != "vnp_SecureHash")
        .map(|(k, v)| {
            if k == "vnp_TmnCode" {
                (k, "OTHERTMN".into())
            } else {
                (k, v)
            }
        })
        .collect();
    assert_eq!(
        ipn(&app, &signed_query(&pairs, &secret(&app))).await["RspCode"],
        "99"
    );
    assert_eq!(payment(&app, &txn).await, before);
    // The failed attempts were not remembered: the genuine notice still confirms.
    let genuine = vnpay_result(&txn, 120_000, "00", &secret(&app));
    assert_eq!(ipn(&app, &genuine).await["RspCode"], "00");
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Confirmed);
    app.stop().await;
}

#[tokio::test]
async fn a_failed_payment_is_recorded_and_the_booking_stays_pending() {
    let app = spawn_app().await;
    let (token, booking) = customer_with_booking(&app).await;
    let txn = start_payment(&app, &token, &booking.id).await["txn_ref"]
        .as_str()
        .expect("txn")
        .to_string();
    let q = vnpay_result(&txn, 120_000, "24", &secret(&app));
    assert_eq!(ipn(&app, &q).await["RspCode"], "00");
    let p = payment(&app, &txn).await;
    assert_eq!(p.status, "FAILED");
    assert_eq!(p.response_code.as_deref(), Some("24"));
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Pending);
    assert_eq!(ticket_count(&app, &booking.id).await, 0);
    // Final: a repeat answers 02 and a new attempt can still pay.
    assert_eq!(ipn(&app, &q).await["RspCode"], "02");
    let txn2 = start_payment(&app, &token, &booking.id).await["txn_ref"]
        .as_str()
        .expect("txn")
        .to_string();
    let ok = vnpay_result(&txn2, 120_000, "00", &secret(&app));
    assert_eq!(ipn(&app, &ok).await["RspCode"], "00");
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Confirmed);
    app.stop().await;
}

#[tokio::test]
async fn a_late_payment_reclaims_free_seats_and_confirms() {
    let app = spawn_app().await;
    let (token, booking) = customer_with_booking(&app).await;
    let txn = start_payment(&app, &token, &booking.id).await["txn_ref"]
        .as_str()
        .expect("txn")
        .to_string();
    app.clock.advance(Duration::minutes(11));
    assert_eq!(
        app.state.bookings.expire_due().await.expect("sweep").len(),
        1
    );
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Expired);
    // Once expired, no new payment can start.
    let (s, _) = app
        .post(
            &format!("/api/v1/bookings/{}/payments/vnpay", booking.id),
            Some(&token),
            json!({}),
        )
        .await;
    assert_eq!(s, 409);
    let q = vnpay_result(&txn, 120_000, "00", &secret(&app));
    assert_eq!(ipn(&app, &q).await["RspCode"], "00");
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Confirmed);
    assert_eq!(payment(&app, &txn).await.status, "SUCCESS");
    assert_eq!(ticket_count(&app, &booking.id).await, 2);
    assert_eq!(
        app.state
            .bookings
            .ledger()
            .taken(&booking.showtime_id)
            .await
            .expect("taken")
            .len(),
        2
    );
    app.stop().await;
}

#[tokio::test]
async fn a_late_payment_for_resold_seats_is_kept_as_refund_required_for_the_manager() {
    let app = spawn_app().await;
    let (token, booking) = customer_with_booking(&app).await;
    let txn = start_payment(&app, &token, &booking.id).await["txn_ref"]
        .as_str()
        .expect("txn")
        .to_string();
    app.clock.advance(Duration::minutes(11));
    app.state.bookings.expire_due().await.expect("sweep");
    // Someone else books one of the seats meanwhile.
    let seat = vec![booking.seats[1].seat_id.clone()];
    let other = pending_booking(&app, "someone-else", &booking.showtime_id, &seat).await;
    let q = vnpay_result(&txn, 120_000, "00", &secret(&app));
    assert_eq!(ipn(&app, &q).await["RspCode"], "00");
    let p = payment(&app, &txn).await;
    assert_eq!(p.status, "REFUND_REQUIRED");
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Expired);
    assert_eq!(status(&app, &other.id).await, BookingStatus::Pending);
    assert_eq!(ticket_count(&app, &booking.id).await, 0);
    assert_eq!(ipn(&app, &q).await["RspCode"], "02");

    let manager = app.token("manager").await;
    let (s, body) = app
        .get("/api/v1/payments/refund-required", Some(&manager))
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["data"]["total"], 1);
    assert_eq!(body["data"]["items"][0]["txn_ref"], txn.as_str());
    assert_eq!(body["data"]["items"][0]["booking_id"], booking.id.as_str());
    assert_eq!(body["data"]["items"][0]["amount"], 120_000);
    app.stop().await;
}

#[tokio::test]
async fn a_second_successful_attempt_for_a_paid_booking_is_refund_required() {
    let app = spawn_app().await;
    let (token, booking) = customer_with_booking(&app).await;
    let t1 = start_payment(&app, &token, &booking.id).await["txn_ref"]
        .as_str()
        .expect("t")
        .to_string();
    let t2 = start_payment(&app, &token, &booking.id).await["txn_ref"]
        .as_str()
        .expect("t")
        .to_string();
    assert_eq!(
        ipn(&app, &vnpay_result(&t1, 120_000, "00", &secret(&app))).await["RspCode"],
        "00"
    );
    assert_eq!(
        ipn(&app, &vnpay_result(&t2, 120_000, "00", &secret(&app))).await["RspCode"],
        "00"
    );
    assert_eq!(payment(&app, &t1).await.status, "SUCCESS");
    assert_eq!(payment(&app, &t2).await.status, "REFUND_REQUIRED");
    assert_eq!(ticket_count(&app, &booking.id).await, 2);
    app.stop().await;
}
