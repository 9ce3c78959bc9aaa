//! The customer-facing side: the return page, the built-in sandbox and who may call what.

use super::*;

#[tokio::test]
async fn the_return_page_verifies_and_never_changes_state() {
    let app = spawn_app().await;
    let (token, booking) = customer_with_booking(&app).await;
    let txn = start_payment(&app, &token, &booking.id).await["txn_ref"]
        .as_str()
        .expect("txn")
        .to_string();
    let before = payment(&app, &txn).await;
    let page = |q: String| {
        let app = &app;
        async move {
            let res = app
                .client
                .get(format!("{}/api/v1/payments/vnpay/return?{q}", app.base))
                .send()
                .await
                .expect("return");
            (res.status(), res.text().await.expect("html"))
        }
    };
    let (s, html) = page(vnpay_result(&txn, 120_000, "00", &secret(&app))).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("Thanh toán thành công") && html.contains("120.000 ₫"),
        "{html}"
    );
    let (s, html) = page(vnpay_result(&txn, 120_000, "24", &secret(&app))).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("Thanh toán không thành công") && html.contains("Bạn đã hủy giao dịch"),
        "{html}"
    );
    let (s, html) = page(vnpay_result(&txn, 120_000, "00", "forged")).await;
    assert_eq!(s, 200);
    assert!(html.contains("Chữ ký không hợp lệ"), "{html}");
    assert!(!html.contains("Thanh toán thành công"), "{html}");
    assert_eq!(payment(&app, &txn).await, before);
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Pending);
    assert_eq!(ticket_count(&app, &booking.id).await, 0);
    app.stop().await;
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Submit the sandbox form the way a browser does.
async fn sandbox_submit(
    app: &TestApp,
    pairs: &[(String, String)],
    action: &str,
) -> reqwest::Response {
    let mut body: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", php_urlencode(k), php_urlencode(v)))
        .collect();
    body.push(format!("sandbox_action={action}"));
    no_redirects()
        .post(format!("{}/sandbox/vnpay/pay", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.join("&"))
        .send()
        .await
        .expect("submit")
}

#[tokio::test]
async fn sandbox_full_flow_over_http_ends_with_a_confirmed_booking() {
    let app = spawn_app().await;
    let (token, booking) = customer_with_booking(&app).await;
    let data = start_payment(&app, &token, &booking.id).await;
    let url = data["payment_url"].as_str().expect("url");
    let txn = data["txn_ref"].as_str().expect("txn");
    // The browser opens the gateway page.
    let res = no_redirects().get(url).send().await.expect("page");
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("html");
    assert!(html.contains("120.000 ₫"), "{html}");
    assert!(html.contains(txn) && html.contains(&format!("Thanh toan ve {}", booking.id)));
    assert!(html.contains("value=\"pay\"") && html.contains("value=\"cancel\""));
    // The customer pays.
    let pairs = query_pairs(url);
    let res = sandbox_submit(&app, &pairs, "pay").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let return_base = format!("{}/api/v1/payments/vnpay/return?", app.base);
    assert!(location.starts_with(&return_base), "{location}");
    let back = query_pairs(&location);
    assert_eq!(get(&back, "vnp_ResponseCode"), "00");
    assert_eq!(get(&back, "vnp_TransactionStatus"), "00");
    assert_eq!(get(&back, "vnp_BankCode"), "NCB");
    assert_eq!(get(&back, "vnp_CardType"), "ATM");
    assert_eq!(get(&back, "vnp_Amount"), "12000000");
    assert_eq!(get(&back, "vnp_TxnRef"), txn);
    assert_eq!(get(&back, "vnp_PayDate"), "20261124100000");
    assert!(get(&back, "vnp_BankTranNo").starts_with("VNP"));
    assert_ne!(get(&back, "vnp_TransactionNo"), "0");
    let raw = location.split_once('?').expect("q").1;
    let (signed, hash) = raw.rsplit_once("&vnp_SecureHash=").expect("hash");
    assert!(hmac_sha512_matches(&secret(&app), signed, hash));
    // The IPN already ran: confirmed with tickets before the browser is back.
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Confirmed);
    assert_eq!(ticket_count(&app, &booking.id).await, 2);
    assert_eq!(payment(&app, txn).await.status, "SUCCESS");
    let res = no_redirects().get(&location).send().await.expect("return");
    assert_eq!(res.status(), 200);
    assert!(res
        .text()
        .await
        .expect("html")
        .contains("Thanh toán thành công"));
    app.stop().await;
}

#[tokio::test]
async fn sandbox_cancel_records_a_failed_payment_and_tampering_is_refused() {
    let app = spawn_app().await;
    let (token, booking) = customer_with_booking(&app).await;
    let data = start_payment(&app, &token, &booking.id).await;
    let url = data["payment_url"].as_str().expect("url");
    let txn = data["txn_ref"].as_str().expect("txn");
    let pairs = query_pairs(url);
    // A changed amount no longer matches the merchant's signature (VNPay error 70).
    let tampered: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| {
            if k == "vnp_Amount" {
                (k.clone(), "100".into())
            } else {
                (k.clone(), v.clone())
            }
        })
        .collect();
    let res = sandbox_submit(&app, &tampered, "pay").await;
    assert_eq!(res.status(), 400);
    let forged_page = no_redirects()
        .get(url.replace("vnp_Amount=12000000", "vnp_Amount=100"))
        .send()
        .await
        .expect("page");
    assert_eq!(forged_page.status(), 400);
    assert_eq!(payment(&app, txn).await.status, "PENDING");
    // Cancel.
    let res = sandbox_submit(&app, &pairs, "cancel").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let back = query_pairs(&location);
    assert_eq!(get(&back, "vnp_ResponseCode"), "24");
    assert_eq!(get(&back, "vnp_TransactionNo"), "0");
    assert_eq!(get(&back, "vnp_TransactionStatus"), "02");
    let p = payment(&app, txn).await;
    assert_eq!(
        (p.status.as_str(), p.response_code.as_deref()),
        ("FAILED", Some("24"))
    );
    assert_eq!(status(&app, &booking.id).await, BookingStatus::Pending);
    let html = no_redirects()
        .get(&location)
        .send()
        .await
        .expect("return")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Thanh toán không thành công"), "{html}");
    app.stop().await;
}

#[tokio::test]
async fn permissions_of_the_payment_routes() {
    let app = spawn_app().await;
    let (owner, booking) = customer_with_booking(&app).await;
    let path = format!("/api/v1/bookings/{}/payments/vnpay", booking.id);
    let (s, body) = app.post(&path, None, json!({})).await;
    assert_envelope(s, &body, 401);
    let stranger = app.token("customer").await;
    let (s, body) = app.post(&path, Some(&stranger), json!({})).await;
    assert_envelope(s, &body, 404);
    let usher = app.token("usher").await;
    let (s, body) = app.post(&path, Some(&usher), json!({})).await;
    assert_envelope(s, &body, 404);
    start_payment(&app, &owner, &booking.id).await;
    let cashier = app.token("cashier").await;
    start_payment(&app, &cashier, &booking.id).await;
    let (s, body) = app
        .post(
            "/api/v1/bookings/no-such-booking/payments/vnpay",
            Some(&cashier),
            json!({}),
        )
        .await;
    assert_envelope(s, &body, 404);

    let list = "/api/v1/payments/refund-required";
    let (s, body) = app.get(list, None).await;
    assert_envelope(s, &body, 401);
    for role in ["customer", "cashier", "usher"] {
        let t = app.token(role).await;
        let (s, body) = app.get(list, Some(&t)).await;
        assert_envelope(s, &body, 403);
    }
    for role in ["manager", "admin"] {
        let t = app.token(role).await;
        let (s, body) = app.get(list, Some(&t)).await;
        assert_eq!(s, 200, "{role}: {body}");
        assert_eq!(body["data"]["total"], 0);
    }
    // The IPN and the return page are public (VNPay and the customer's browser call them).
    let (s, _) = app.get("/api/v1/payments/vnpay/ipn", None).await;
    assert_eq!(s, 200);
    app.stop().await;
}

#[tokio::test]
async fn without_a_secret_online_payment_is_unavailable_and_nothing_is_stored() {
    let app = spawn_app_with(|s| s.payments.vnpay.secret.clear()).await;
    let (token, booking) = customer_with_booking(&app).await;
    let (s, body) = app
        .post(
            &format!("/api/v1/bookings/{}/payments/vnpay", booking.id),
            Some(&token),
            json!({}),
        )
        .await;
    let msg = assert_envelope(s, &body, 503);
    assert!(msg.contains("payments.vnpay.secret"), "{msg}");
    let id = booking.id.clone();
    let stored = app
        .state
        .sales
        .read(move |c| store::of_booking(c, &id))
        .await
        .expect("payments");
    assert!(stored.is_empty());
    app.stop().await;
}
