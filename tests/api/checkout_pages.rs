//! The moviegoer's checkout pages over HTTP: who may see a booking page, my bookings, the
//! payment result page before and after VNPay's IPN, and overdue bookings shown as expired.

use crate::helpers::*;
use chrono::Duration;
use moviehub::bookings::{Booking, BookingSeat, Channel, NewBooking, ShowtimeSnapshot};
use moviehub::payments::vnpay::signed_query;
use reqwest::header;
use serde_json::{json, Value};

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// GET a page with an optional session cookie: (status, Location, body).
async fn page(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String, String) {
    let mut req = no_redirects().get(format!("{}{path}", app.base));
    if let Some(t) = token {
        req = req.header(header::COOKIE, format!("mh_session={t}"));
    }
    let res = req.send().await.expect("get");
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, location, res.text().await.expect("body"))
}

/// A PENDING booking of two seats (90,000 + 60,000 VND) for `user`.
async fn booking_for(app: &TestApp, user: &str, title: &str) -> Booking {
    let seats = [("E7", "VIP", 90_000), ("E8", "STANDARD", 60_000)];
    let new = NewBooking {
        user_id: user.into(),
        channel: Channel::Online,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        showtime: ShowtimeSnapshot {
            id: uuid::Uuid::now_v7().to_string(),
            cinema_id: "cinema-1".into(),
            movie_title: title.into(),
            hall_name: "Hall 3".into(),
            starts_at: start_time() + Duration::hours(6),
            ends_at: start_time() + Duration::hours(8),
        },
        seats: seats
            .iter()
            .map(|(label, kind, price)| BookingSeat {
                seat_id: uuid::Uuid::now_v7().to_string(),
                seat_label: (*label).into(),
                seat_type: (*kind).into(),
                price: *price,
            })
            .collect(),
    };
    app.state.bookings.create(new).await.expect("booking").0
}

/// Start a VNPay payment as the owner; returns its txn_ref.
async fn start_payment(app: &TestApp, token: &str, booking_id: &str) -> String {
    let (s, body) = app
        .post(
            &format!("/api/v1/bookings/{booking_id}/payments/vnpay"),
            Some(token),
            json!({}),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    body["data"]["txn_ref"].as_str().expect("txn").to_string()
}

/// VNPay's signed result for a transaction (what the return URL and the IPN receive).
pub(crate) fn vnpay_result(app: &TestApp, txn_ref: &str, amount_vnd: i64, code: &str) -> String {
    let ok = code == "00";
    let fields = vec![
        ("vnp_Amount", (amount_vnd * 100).to_string()),
        ("vnp_BankCode", "NCB".to_string()),
        ("vnp_OrderInfo", "Thanh toan ve".to_string()),
        ("vnp_PayDate", "20261124101500".to_string()),
        ("vnp_ResponseCode", code.to_string()),
        (
            "vnp_TmnCode",
            app.state.settings.payments.vnpay.tmn_code.clone(),
        ),
        (
            "vnp_TransactionNo",
            if ok { "14422574" } else { "0" }.into(),
        ),
        ("vnp_TransactionStatus", if ok { "00" } else { "02" }.into()),
        ("vnp_TxnRef", txn_ref.to_string()),
    ];
    signed_query(&fields, &app.state.settings.payments.vnpay.secret)
}

#[tokio::test]
async fn a_booking_page_is_for_its_owner_only() {
    let app = spawn_app().await;
    let (owner_id, owner) = app.user_with_role("customer").await;
    let b = booking_for(&app, &owner_id, "Mai").await;
    let path = format!("/bookings/{}", b.id);

    let (s, location, _) = page(&app, &path, None).await;
    assert_eq!(s, 303);
    assert_eq!(location, format!("/login?next=/bookings/{}", b.id));

    let stranger = app.token("customer").await;
    let (s, _, html) = page(&app, &path, Some(&stranger)).await;
    assert_eq!(s, 404);
    assert!(html.contains("<html") && html.contains("Không tìm thấy đơn đặt vé này"));
    assert!(
        !html.contains("Mai"),
        "nothing of the booking leaks: {html}"
    );
    // Staff do not see customers' checkout pages either (they have the API).
    let cashier = app.token("cashier").await;
    assert_eq!(page(&app, &path, Some(&cashier)).await.0, 404);
    assert_eq!(page(&app, "/bookings/nope", Some(&owner)).await.0, 404);

    let (s, _, html) = page(&app, &path, Some(&owner)).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("150.000 ₫") && html.contains("90.000 ₫"));
    assert!(html.contains("Thanh toán bằng VNPay · 150.000 ₫") && html.contains("Hủy đặt vé"));
    assert!(html.contains("Chờ thanh toán") && html.contains("Thông tin đơn hàng"));
    assert!(html.contains("data-status=\"PENDING\""));
    assert!(html.contains(&format!("data-expires=\"{}\"", b.expires_at)));
    assert!(
        !html.contains("id=\"tickets\""),
        "no tickets before payment"
    );
    app.stop().await;
}

#[tokio::test]
async fn my_bookings_lists_only_mine_newest_first() {
    let app = spawn_app().await;
    let (s, location, _) = page(&app, "/my/bookings", None).await;
    assert_eq!((s, location.as_str()), (303, "/login?next=/my/bookings"));

    let (me_id, me) = app.user_with_role("customer").await;
    let (other_id, other) = app.user_with_role("customer").await;
    let older = booking_for(&app, &me_id, "Lật Mặt 7").await;
    let newer = booking_for(&app, &me_id, "Đào, Phở và Piano").await;
    booking_for(&app, &other_id, "Kẻ Ăn Hồn").await;
    app.post(
        &format!("/api/v1/bookings/{}/cancel", older.id),
        Some(&me),
        json!({}),
    )
    .await;

    let (s, _, html) = page(&app, "/my/bookings", Some(&me)).await;
    assert_eq!(s, 200);
    let (a, b) = (
        html.find(&format!("/bookings/{}", newer.id))
            .expect("newer"),
        html.find(&format!("/bookings/{}", older.id))
            .expect("older"),
    );
    assert!(a < b, "newest first");
    assert!(html.contains("status-badge CANCELLED") && html.contains("status-badge PENDING"));
    assert!(html.contains("E7, E8") && html.contains("150.000 ₫"));
    assert!(
        !html.contains("Kẻ Ăn Hồn"),
        "another user's booking is not listed"
    );
    assert!(
        html.contains("href=\"/my/bookings\""),
        "nav link when signed in"
    );

    let (_, _, html) = page(&app, "/my/bookings", Some(&other)).await;
    assert!(html.contains("Kẻ Ăn Hồn") && !html.contains("Lật Mặt 7"));
    app.stop().await;
}

#[tokio::test]
async fn the_result_page_says_confirming_until_the_ipn_then_leads_to_the_tickets() {
    let app = spawn_app().await;
    let (owner_id, owner) = app.user_with_role("customer").await;
    let b = booking_for(&app, &owner_id, "Mai").await;
    let txn = start_payment(&app, &owner, &b.id).await;
    let result = vnpay_result(&app, &txn, 150_000, "00");
    let return_path = format!("/api/v1/payments/vnpay/return?{result}");

    // The browser is back before VNPay's IPN: paid, confirming; the booking page polls.
    let (s, _, html) = page(&app, &return_path, None).await;
    assert_eq!(s, 200);
    assert!(html.contains("data-outcome=\"confirming\""), "{html}");
    assert!(html.contains("Đã nhận thanh toán, đang xác nhận"));
    let confirming = format!("/bookings/{}?confirming=1", b.id);
    assert!(html.contains(&confirming), "{html}");
    let (_, _, booking_html) = page(&app, &confirming, Some(&owner)).await;
    assert!(booking_html.contains("data-confirming=\"true\""));
    assert!(booking_html.contains("Đã nhận thanh toán, đang xác nhận"));

    // The IPN arrives: the same result now leads to the tickets.
    let res = app
        .client
        .get(format!("{}/api/v1/payments/vnpay/ipn?{result}", app.base))
        .send()
        .await
        .expect("ipn");
    let reply: Value = res.json().await.expect("json");
    assert_eq!(reply["RspCode"], "00", "{reply}");
    let (_, _, html) = page(&app, &return_path, None).await;
    assert!(html.contains("data-outcome=\"paid\""), "{html}");
    assert!(html.contains(&format!("href=\"/bookings/{}\"", b.id)));

    let (s, _, html) = page(&app, &confirming, Some(&owner)).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("data-confirming=\"false\""),
        "no polling once paid"
    );
    assert!(html.contains("id=\"tickets\"") && !html.contains("id=\"pay-vnpay\""));
    let (s, body) = app
        .get(&format!("/api/v1/bookings/{}", b.id), Some(&owner))
        .await;
    assert_eq!(s, 200);
    let tickets = body["data"]["tickets"].as_array().expect("tickets");
    assert_eq!(tickets.len(), 2);
    for t in tickets {
        let code = t["code"].as_str().expect("code");
        assert!(
            html.contains(&format!("/api/v1/tickets/{code}/qr.svg")),
            "{code}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn a_failed_payment_offers_a_retry_and_an_overdue_booking_shows_as_expired() {
    let app = spawn_app().await;
    let (owner_id, owner) = app.user_with_role("customer").await;
    let b = booking_for(&app, &owner_id, "Mai").await;
    let txn = start_payment(&app, &owner, &b.id).await;
    let result = vnpay_result(&app, &txn, 150_000, "24");
    app.client
        .get(format!("{}/api/v1/payments/vnpay/ipn?{result}", app.base))
        .send()
        .await
        .expect("ipn");
    let (_, _, html) = page(
        &app,
        &format!("/api/v1/payments/vnpay/return?{result}"),
        None,
    )
    .await;
    assert!(html.contains("data-outcome=\"failed\"") && html.contains("thử lại"));
    let path = format!("/bookings/{}", b.id);
    let (_, _, html) = page(&app, &path, Some(&owner)).await;
    assert!(html.contains("id=\"last-failure\""), "{html}");
    assert!(html.contains("Thanh toán bằng VNPay"));

    // Past its pay-by time (before the sweeper runs) it is no longer payable on the page.
    app.clock.advance(Duration::minutes(11));
    let (_, _, html) = page(&app, &path, Some(&owner)).await;
    assert!(html.contains("data-status=\"EXPIRED\""), "{html}");
    assert!(
        !html.contains("id=\"pay-vnpay\"") && html.contains("hết hạn trước khi được thanh toán")
    );
    app.stop().await;
}
