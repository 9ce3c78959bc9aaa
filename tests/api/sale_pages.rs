//! The sale pages in both languages over HTTP: the seat map names the cinema and the hall,
//! a late payment on an expired booking says it will be refunded (never "nothing was
//! charged"), VNPay's refusals and the scanner's refusal in the visitor's language.

use crate::checkout_pages::vnpay_result;
use crate::helpers::*;
use chrono::Duration;
use moviehub::cinemas::ShowtimeStatus;
use reqwest::header;
use serde_json::{json, Value};

/// GET a page with an optional session cookie and Accept-Language: (status, body).
async fn page(app: &TestApp, path: &str, token: Option<&str>, lang: Option<&str>) -> (u16, String) {
    let mut req = app.client.get(format!("{}{path}", app.base));
    if let Some(t) = token {
        req = req.header(header::COOKIE, format!("mh_session={t}"));
    }
    if let Some(l) = lang {
        req = req.header(header::ACCEPT_LANGUAGE, l);
    }
    let res = req.send().await.expect("get");
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

/// A showtime on sale in the demo data.
async fn selling_showtime(app: &TestApp) -> moviehub::cinemas::Showtime {
    for movie in app.state.catalog.now_showing().await.expect("now showing") {
        let upcoming = app
            .state
            .cinemas
            .upcoming_for_movie(&movie.id)
            .await
            .expect("showtimes");
        if let Some(st) = upcoming
            .into_iter()
            .find(|st| st.status == ShowtimeStatus::Selling)
        {
            return st;
        }
    }
    panic!("the demo data has no showtime on sale");
}

async fn ipn(app: &TestApp, query: &str) -> Value {
    app.client
        .get(format!("{}/api/v1/payments/vnpay/ipn?{query}", app.base))
        .send()
        .await
        .expect("ipn")
        .json()
        .await
        .expect("json")
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

#[tokio::test]
async fn the_seat_map_names_the_cinema_and_the_hall_in_both_languages() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let st = selling_showtime(&app).await;
    let cinema = app
        .state
        .cinemas
        .cinema(&st.cinema_id)
        .await
        .expect("cinema")
        .name;
    let path = format!("/showtimes/{}", st.id);

    let (s, html) = page(&app, &path, None, None).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("<html lang=\"vi\""), "{html}");
    assert!(
        html.contains(&format!("id=\"venue-cinema\">{cinema}</b>")),
        "the cinema is named: {html}"
    );
    assert!(html.contains(&st.hall_name), "the hall is named");
    for words in [
        "Màn hình",
        "Ghế trống",
        "Ghế của bạn",
        "Đang có người chọn",
        "Đã bán",
    ] {
        assert!(html.contains(words), "{words}");
    }
    assert!(html.contains("Tổng cộng") && html.contains(">Tiếp tục</button>"));
    assert!(html.contains(&format!("<title>Chọn ghế · {}", st.movie_title)));
    for english in [">Screen<", ">Available<", ">Continue<", "Seats ·"] {
        assert!(
            !html.contains(english),
            "no English on a Vietnamese page: {english}"
        );
    }

    let (s, html) = page(&app, &path, None, Some("en-US,en;q=0.9")).await;
    assert_eq!(s, 200);
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains(&format!("id=\"venue-cinema\">{cinema}</b>")));
    assert!(html.contains(">Screen<") && html.contains("Being chosen"));
    assert!(html.contains(&format!("<title>Seats · {}", st.movie_title)));

    let (s, html) = page(&app, "/showtimes/nope", None, None).await;
    assert_eq!(s, 404);
    assert!(html.contains("Không tìm thấy suất chiếu này"), "{html}");
    app.stop().await;
}

#[tokio::test]
async fn a_payment_that_arrives_after_the_booking_expired_says_it_will_be_refunded() {
    let app = spawn_app().await;
    let (owner_id, owner) = app.user_with_role("customer").await;
    let showtime = uuid::Uuid::now_v7().to_string();
    let seats = vec![
        uuid::Uuid::now_v7().to_string(),
        uuid::Uuid::now_v7().to_string(),
    ];
    let req = booking_request(&owner_id, &showtime, &seats, 60_000);
    let booking = app.state.bookings.create(req).await.expect("booking").0;
    let txn = start_payment(&app, &owner, &booking.id).await;
    // The pay-by time passes, the seats are released and one of them is sold to someone else.
    app.clock.advance(Duration::minutes(11));
    app.state.bookings.expire_due().await.expect("sweep");
    let other = booking_request("someone-else", &showtime, &seats[1..], 60_000);
    app.state
        .bookings
        .create(other)
        .await
        .expect("other booking");
    // Only then does the money arrive.
    let result = vnpay_result(&app, &txn, 120_000, "00");
    assert_eq!(ipn(&app, &result).await["RspCode"], "00");

    let path = format!("/bookings/{}", booking.id);
    let (s, html) = page(&app, &path, Some(&owner), None).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("id=\"refund-note\""), "{html}");
    assert!(
        html.contains("120.000 ₫") && html.contains("sẽ được hoàn lại"),
        "{html}"
    );
    assert!(!html.contains("không bị trừ tiền"), "{html}");
    let (_, html) = page(&app, &path, Some(&owner), Some("en")).await;
    assert!(html.contains("will be refunded"), "{html}");
    assert!(!html.contains("Nothing was charged"), "{html}");

    let back = format!("/api/v1/payments/vnpay/return?{result}");
    let (s, html) = page(&app, &back, None, None).await;
    assert_eq!(s, 200);
    assert!(html.contains("data-outcome=\"refund\""), "{html}");
    assert!(html.contains("hoàn lại") && !html.contains("không bị trừ tiền"));
    app.stop().await;
}

#[tokio::test]
async fn a_cancelled_booking_without_payment_says_nothing_was_charged() {
    let app = spawn_app().await;
    let (owner_id, owner) = app.user_with_role("customer").await;
    let seats = vec![uuid::Uuid::now_v7().to_string()];
    let showtime = uuid::Uuid::now_v7().to_string();
    let req = booking_request(&owner_id, &showtime, &seats, 60_000);
    let booking = app.state.bookings.create(req).await.expect("booking").0;
    let (s, body) = app
        .post(
            &format!("/api/v1/bookings/{}/cancel", booking.id),
            Some(&owner),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let (_, html) = page(
        &app,
        &format!("/bookings/{}", booking.id),
        Some(&owner),
        None,
    )
    .await;
    assert!(
        html.contains("Đã hủy") && html.contains("Bạn không bị trừ tiền"),
        "{html}"
    );
    assert!(!html.contains("id=\"refund-note\""));
    app.stop().await;
}

#[tokio::test]
async fn vnpay_refusals_are_told_in_the_visitors_language() {
    let app = spawn_app().await;
    let (owner_id, owner) = app.user_with_role("customer").await;
    let seats = vec![uuid::Uuid::now_v7().to_string()];
    let req = booking_request(&owner_id, "show-x", &seats, 85_000);
    let booking = app.state.bookings.create(req).await.expect("booking").0;
    let txn = start_payment(&app, &owner, &booking.id).await;
    let result = vnpay_result(&app, &txn, 85_000, "51");
    ipn(&app, &result).await;
    let back = format!("/api/v1/payments/vnpay/return?{result}");

    let (_, html) = page(&app, &back, None, None).await;
    assert!(html.contains("Thanh toán không thành công"), "{html}");
    assert!(html.contains("Tài khoản không đủ số dư. Bạn không bị trừ tiền."));
    assert!(html.contains("85.000 ₫") && html.contains("Số tiền"));
    let (_, html) = page(&app, &back, None, Some("en")).await;
    assert!(html.contains("Insufficient balance. You have not been charged."));

    let (_, html) = page(
        &app,
        &format!("/bookings/{}", booking.id),
        Some(&owner),
        None,
    )
    .await;
    assert!(
        html.contains("Lần thanh toán trước không thành công: Tài khoản không đủ số dư"),
        "{html}"
    );

    let (_, html) = page(
        &app,
        "/api/v1/payments/vnpay/return?vnp_TxnRef=x",
        None,
        None,
    )
    .await;
    assert!(html.contains("Chữ ký không hợp lệ"), "{html}");
    app.stop().await;
}

#[tokio::test]
async fn the_door_scanner_speaks_vietnamese_first() {
    let app = spawn_app().await;
    let customer = app.token("customer").await;
    let (s, html) = page(&app, "/scan", Some(&customer), None).await;
    assert_eq!(s, 403);
    assert!(html.contains("dành cho nhân viên soát vé"), "{html}");
    let (_, html) = page(&app, "/scan", Some(&customer), Some("en")).await;
    assert!(html.contains("door staff"), "{html}");

    let usher = app.token("usher").await;
    let (s, html) = page(&app, "/scan", Some(&usher), None).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("<h1>Soát vé</h1>") && html.contains("Mọi suất chiếu hôm nay"));
    assert!(html.contains("Bạn đang đứng ở cửa nào?") && html.contains(">Soát vé</button>"));
    app.stop().await;
}
