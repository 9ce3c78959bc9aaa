//! The moviegoer's checkout in the browser: two seats, Continue, the checkout summary, pay
//! through the built-in VNPay sandbox, the result page, then the tickets with QR codes.

use super::{
    demo_app, harness, hold_two_standard_seats, open_seat_map, seat_has, selling_showtime, sign_in,
    LOAD,
};
use serde_json::Value;

/// Every ticket's QR image has loaded (a broken image has naturalWidth 0).
const QR_LOADED: &str = "const imgs = [...document.querySelectorAll('#tickets img.qr')]; \
     return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0);";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moviegoer_books_two_seats_pays_in_the_sandbox_and_gets_qr_tickets() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let showtime = selling_showtime(&app).await;
    let b = driver.browser(1280, 1000).await;
    sign_in(
        &b,
        &app.base,
        "customer@moviehub.local",
        moviehub::demo::DEMO_PASSWORD,
    )
    .await;
    open_seat_map(&b, &app.base, &showtime).await;
    assert_eq!(
        b.js("return document.getElementById('continue').disabled;")
            .await,
        Value::Bool(true),
        "nothing to continue with before a seat is picked"
    );
    assert!(!b.text(".summary").await.contains("coming soon"));

    // Two standard seats next to each other.
    let seats = hold_two_standard_seats(&b).await;
    // The summary shows the server's quote: a line per seat and its total.
    b.wait_for(
        "return document.querySelectorAll('#quote-lines li').length === 2;",
        LOAD,
        "the quote's two lines",
    )
    .await;
    let (_, quoted) = app
        .post(
            "/api/v1/bookings/quote",
            None,
            serde_json::json!({"showtime_id": showtime, "seat_ids": seats}),
        )
        .await;
    let quoted_total = quoted["data"]["total"].as_i64().expect("quote total");
    let total = b.text("#total").await;
    assert_eq!(total, moviehub::web::vnd(quoted_total));
    let label = b.text("#continue").await;
    assert_eq!(label, format!("Tiếp tục với 2 ghế · {total}"));
    assert!(total.ends_with(" ₫") && total != "0 ₫", "total: {total}");
    b.assert_no_console_errors().await;
    b.screenshot("checkout-seatmap-continue").await;

    // Continue: the booking is made and its checkout page opens.
    b.click("#continue").await;
    b.wait_for(
        "return document.getElementById('booking-page') !== null;",
        LOAD,
        "the checkout page",
    )
    .await;
    assert_eq!(b.text("#booking-total").await, total);
    assert_eq!(b.text("#booking-status").await, "Chờ thanh toán");
    let rows = b
        .js("return document.querySelectorAll('.seat-lines tbody tr').length;")
        .await;
    assert_eq!(rows, Value::from(2));
    b.wait_for(
        "return /^\\d+:\\d\\d$/.test(document.getElementById('pay-countdown').textContent);",
        LOAD,
        "the pay-by countdown",
    )
    .await;
    let pay = b.text("#pay-vnpay").await;
    assert_eq!(pay, format!("Thanh toán bằng VNPay · {total}"));
    b.assert_no_console_errors().await;
    b.screenshot("checkout-summary").await;

    // Pay in the sandbox.
    b.click("#pay-vnpay").await;
    b.wait_for(
        "return document.querySelector('button[value=pay]') !== null;",
        LOAD,
        "the VNPay sandbox page",
    )
    .await;
    let amount = b.text("dl").await;
    assert!(
        amount.contains(&total),
        "sandbox shows the amount: {amount}"
    );
    b.click("button[value=pay]").await;
    b.wait_for(
        "return document.getElementById('payment-result') !== null;",
        LOAD,
        "the payment result page",
    )
    .await;
    assert_eq!(
        b.js("return document.getElementById('payment-result').dataset.outcome;")
            .await,
        Value::String("paid".into())
    );
    assert_eq!(b.text("#payment-result h1").await, "Thanh toán thành công");
    b.assert_no_console_errors().await;
    b.screenshot("checkout-result").await;

    // On to the tickets.
    b.click("#to-booking").await;
    b.wait_for(
        "return document.getElementById('tickets') !== null;",
        LOAD,
        "the tickets",
    )
    .await;
    assert_eq!(b.text("#booking-status").await, "Đã thanh toán");
    assert_eq!(b.text("#tickets-h").await, "Vé của bạn");
    b.wait_for(QR_LOADED, LOAD, "two QR codes loaded").await;
    let ticket_seats = b
        .js("return [...document.querySelectorAll('#tickets .ticket-seat')].map((e) => e.textContent).sort();")
        .await;
    let labels = b
        .js("return [...document.querySelectorAll('.seat-lines tbody tr td:first-child')].map((e) => e.textContent).sort();")
        .await;
    assert_eq!(ticket_seats, labels, "one ticket per booked seat");
    let codes = b
        .js("return [...document.querySelectorAll('#tickets .ticket-code')].map((e) => e.textContent);")
        .await;
    assert!(
        codes
            .as_array()
            .expect("codes")
            .iter()
            .all(|c| c.as_str().is_some_and(|c| c.len() == 34)),
        "ticket codes: {codes}"
    );
    assert!(
        b.js("return document.getElementById('pay-vnpay') === null;")
            .await
            == Value::Bool(true)
    );
    b.assert_no_console_errors().await;
    b.screenshot("checkout-tickets").await;

    // My bookings lists it as paid; on a phone as well.
    let phone = driver.browser(360, 800).await;
    sign_in(
        &phone,
        &app.base,
        "customer@moviehub.local",
        moviehub::demo::DEMO_PASSWORD,
    )
    .await;
    // The header's link (inside the account menu on a phone, however that menu opens).
    phone
        .js("document.querySelector('.account a[href=\"/my/bookings\"]').click(); return true;")
        .await;
    phone
        .wait_for(
            "return document.getElementById('booking-list') !== null;",
            LOAD,
            "my bookings",
        )
        .await;
    let first = phone.text("#booking-list li:first-child").await;
    assert!(
        first.contains("Đã thanh toán") && first.contains(&total),
        "newest booking first: {first}"
    );
    phone.assert_no_console_errors().await;
    phone.screenshot("my-bookings-phone").await;
    phone.click("#booking-list li:first-child a").await;
    phone
        .wait_for(QR_LOADED, LOAD, "tickets on the phone")
        .await;
    phone.assert_no_console_errors().await;
    phone.screenshot("checkout-tickets-phone").await;

    phone.close().await;
    b.close().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn continue_says_inline_when_a_seat_was_sold_meanwhile() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let showtime = selling_showtime(&app).await;
    let b = driver.browser(412, 915).await; // a phone
    sign_in(
        &b,
        &app.base,
        "customer@moviehub.local",
        moviehub::demo::DEMO_PASSWORD,
    )
    .await;
    open_seat_map(&b, &app.base, &showtime).await;
    let seat = b
        .js("return document.querySelector('#hall button.seat.available.type-STANDARD').dataset.seat;")
        .await
        .as_str()
        .expect("seat")
        .to_string();
    b.click(&format!("button.seat[data-seat=\"{seat}\"]")).await;
    b.wait_for(&seat_has(&seat, "mine"), LOAD, "my hold").await;

    // Meanwhile the same seat is sold through another channel: another process on the same
    // data dir, whose sale this server's holds never hear of (the ledger has it).
    let elsewhere = app.second_server(|_| {}).await;
    let facts = app
        .state
        .cinemas
        .showtime_facts(&showtime)
        .await
        .expect("facts");
    let (other, _) = app.user_with_role("customer").await;
    elsewhere
        .state
        .bookings
        .create(moviehub::bookings::NewBooking {
            user_id: other,
            channel: moviehub::bookings::Channel::BoxOffice,
            idempotency_key: "sold-meanwhile".into(),
            showtime: moviehub::bookings::ShowtimeSnapshot {
                id: showtime.clone(),
                cinema_id: facts.cinema_id.clone(),
                movie_title: "Sold meanwhile".into(),
                hall_name: facts.hall_name.clone(),
                starts_at: facts.start,
                ends_at: facts.end,
            },
            seats: vec![moviehub::bookings::BookingSeat {
                seat_id: seat.clone(),
                seat_label: "X1".into(),
                seat_type: "STANDARD".into(),
                price: 100_000,
            }],
        })
        .await
        .expect("the other sale");
    elsewhere.stop().await;

    b.click("#continue").await;
    b.wait_for(
        "return !document.getElementById('seat-message').hidden;",
        LOAD,
        "the inline refusal",
    )
    .await;
    let message = b.text("#seat-message").await;
    assert!(
        message.contains("Có người vừa đặt một trong các ghế này"),
        "message: {message}"
    );
    assert!(
        b.js("return document.getElementById('booking-page') === null;")
            .await
            == Value::Bool(true),
        "stays on the seat map"
    );
    b.assert_no_console_errors().await;
    b.screenshot("checkout-seat-taken-phone").await;
    b.close().await;
    app.stop().await;
}
