//! Refunds in a real browser (Vietnamese): the moviegoer reads the refund quote on their paid
//! booking and cancels it, the money going back through the VNPay sandbox; at the counter a
//! cashier finds a paid booking by its code and refunds it above the approval threshold with
//! the demo manager's PIN, staying signed in.

use super::{demo_app, harness, selling_showtime, sign_in, TestApp, LOAD};
use moviehub::demo::{DEMO_MANAGER_PIN, DEMO_PASSWORD};
use serde_json::{json, Value};

/// A demo account's API token.
async fn token_of(app: &TestApp, email: &str) -> String {
    let (s, b) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": email, "password": DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"]["access_token"]
        .as_str()
        .expect("token")
        .to_string()
}

/// Two free single seats of `show`, held and booked by `token`, paid through VNPay (the
/// sandbox's signed notice); returns the booking id.
async fn paid_booking(app: &TestApp, token: &str, show: &str) -> String {
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{show}/seats"), None)
        .await;
    let seats: Vec<String> = map["data"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| r["seats"].as_array().expect("seats").clone())
        .filter(|s| s["couple_with"].is_null() && s["status"] == "AVAILABLE")
        .map(|s| s["id"].as_str().expect("id").to_string())
        .take(2)
        .collect();
    for seat in &seats {
        let (s, b) = app
            .post(
                &format!("/api/v1/showtimes/{show}/holds"),
                Some(token),
                json!({"seat_id": seat}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
    }
    let (s, b) = app
        .post(
            "/api/v1/bookings",
            Some(token),
            json!({"showtime_id": show, "seat_ids": seats,
                   "idempotency_key": uuid::Uuid::new_v4().to_string()}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    let (s, start) = app
        .post(
            &format!("/api/v1/bookings/{id}/payments/vnpay"),
            Some(token),
            json!({}),
        )
        .await;
    assert_eq!(s, 201, "{start}");
    let vnpay = &app.state.settings.payments.vnpay;
    let amount = start["data"]["amount"].as_i64().expect("amount");
    let fields = vec![
        ("vnp_Amount", (amount * 100).to_string()),
        ("vnp_BankCode", "NCB".to_string()),
        ("vnp_OrderInfo", "Thanh toan ve".to_string()),
        ("vnp_PayDate", "20261124101500".to_string()),
        ("vnp_ResponseCode", "00".to_string()),
        ("vnp_TmnCode", vnpay.tmn_code.clone()),
        ("vnp_TransactionNo", "14422574".to_string()),
        ("vnp_TransactionStatus", "00".to_string()),
        (
            "vnp_TxnRef",
            start["data"]["txn_ref"].as_str().expect("txn").to_string(),
        ),
    ];
    let query = moviehub::payments::vnpay::signed_query(&fields, &vnpay.secret);
    let ipn: Value = app
        .client
        .get(format!("{}/api/v1/payments/vnpay/ipn?{query}", app.base))
        .send()
        .await
        .expect("ipn")
        .json()
        .await
        .expect("ipn json");
    assert_eq!(ipn["RspCode"], "00", "{ipn}");
    id
}

/// What the sandbox refunded for a booking.
async fn refunded(app: &TestApp, token: &str, id: &str) -> i64 {
    let (_, b) = app
        .get(&format!("/api/v1/bookings/{id}"), Some(token))
        .await;
    let txn = b["data"]["payments"][0]["txn_ref"]
        .as_str()
        .expect("txn")
        .to_string();
    let (_, r) = app
        .get(&format!("/sandbox/vnpay/refunded/{txn}"), None)
        .await;
    r["data"]["refunded"].as_i64().expect("refunded")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moviegoer_reads_the_refund_quote_and_cancels_a_paid_booking() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let show = selling_showtime(&app).await;
    let token = token_of(&app, "customer@moviehub.local").await;
    let id = paid_booking(&app, &token, &show).await;
    let (_, q) = app
        .get(&format!("/api/v1/bookings/{id}/refund-quote"), Some(&token))
        .await;
    let amount = moviehub::web::vnd(q["data"]["amount"].as_i64().expect("amount"));

    let b = driver.browser(1280, 1000).await;
    sign_in(&b, &app.base, "customer@moviehub.local", DEMO_PASSWORD).await;
    b.goto(&format!("{}/bookings/{id}", app.base)).await;
    b.wait_for(
        "return document.getElementById('cancel-open') !== null;",
        LOAD,
        "the cancel panel",
    )
    .await;
    b.click("#cancel-open").await;
    assert_eq!(b.text("#cancel-amount").await, amount, "the server's quote");
    assert!(b.text("#cancel-why").await.contains("giá vé"));
    b.screenshot("refund-moviegoer-quote").await;
    // Without a reason the browser does not send the form.
    b.click("#cancel-confirm").await;
    assert_eq!(
        b.js("return document.getElementById('cancel-reason').validity.valueMissing;")
            .await,
        Value::Bool(true)
    );
    b.js("document.getElementById('cancel-reason').value = 'CHANGE_OF_PLANS'; return true;")
        .await;
    b.click("#cancel-confirm").await;
    b.wait_for(
        "return document.getElementById('refund-note') !== null;",
        LOAD,
        "the refund note",
    )
    .await;
    let note = b.text("#refund-note").await;
    assert_eq!(note, format!("Đã hoàn {amount} về tài khoản VNPay."));
    assert_eq!(b.text("#booking-status").await, "Đã hủy");
    assert_eq!(
        b.js("return document.getElementById('cancel-form') === null;")
            .await,
        Value::Bool(true)
    );
    b.assert_no_console_errors().await;
    b.assert_valid_dom("refund-moviegoer-done").await;
    b.screenshot("refund-moviegoer-done").await;
    assert_eq!(
        moviehub::web::vnd(refunded(&app, &token, &id).await),
        amount
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cashier_refunds_at_the_counter_with_the_managers_pin() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    // Every refund of this test is above the threshold.
    let app = super::helpers::spawn_app_with(|s| s.refunds.approval_threshold = 10_000).await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let show = selling_showtime(&app).await;
    let customer = token_of(&app, "customer@moviehub.local").await;
    let id = paid_booking(&app, &customer, &show).await;

    let b = driver.browser(1366, 900).await;
    sign_in(&b, &app.base, "cashier@moviehub.local", DEMO_PASSWORD).await;
    // Found by its code, as the customer reads it out.
    b.goto(&format!("{}/kiosk/find", app.base)).await;
    b.fill("#find-q", &id).await;
    b.click("#find-form button[type=submit]").await;
    b.wait_for(
        "return document.querySelector('#find-results .refund-link') !== null;",
        LOAD,
        "the booking found, with its refund link",
    )
    .await;
    b.click("#find-results .refund-link").await;
    b.wait_for(
        "return document.getElementById('refund-form') !== null;",
        LOAD,
        "the refund page",
    )
    .await;
    assert_eq!(b.text("#refund-tender").await, "VNPay");
    let amount = b.text("#refund-amount").await;
    assert!(
        b.js("return document.getElementById('approver') !== null;")
            .await
            == Value::Bool(true),
        "above the threshold the manager's fields are there"
    );
    b.js("document.getElementById('refund-reason').value = 'WRONG_SHOWTIME'; return true;")
        .await;
    b.fill("#approver-email", "manager@moviehub.local").await;
    b.fill("#approver-pin", "1357").await;
    b.click("#refund-confirm").await;
    b.wait_for(
        "return document.getElementById('refund-error') !== null;",
        LOAD,
        "a wrong PIN refused",
    )
    .await;
    assert!(b.text("#refund-error").await.contains("mã PIN không đúng"));
    assert_eq!(
        b.js("return document.getElementById('refund-reason').value;")
            .await,
        Value::from("WRONG_SHOWTIME"),
        "what the cashier chose is kept"
    );
    b.screenshot("refund-kiosk-wrong-pin").await;
    b.fill("#approver-pin", DEMO_MANAGER_PIN).await;
    b.click("#refund-confirm").await;
    b.wait_for(
        "return document.querySelector('#refunds .refund-SUCCEEDED') !== null;",
        LOAD,
        "the refund done",
    )
    .await;
    let row = b.text("#refunds").await;
    assert!(
        row.contains(&format!("Đã hoàn {amount} về tài khoản VNPay.")),
        "{row}"
    );
    assert!(
        row.contains("Duyệt bởi Demo Manager (mã PIN tại quầy)"),
        "{row}"
    );
    // The cashier is still signed in as themself.
    assert!(b.text(".account .who").await.contains("Demo Cashier"));
    b.assert_no_console_errors().await;
    b.assert_valid_dom("refund-kiosk-done").await;
    b.screenshot("refund-kiosk-done").await;
    assert_eq!(
        moviehub::web::vnd(refunded(&app, &customer, &id).await),
        amount
    );
    b.close().await;
}
