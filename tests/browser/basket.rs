//! The moviegoer's basket in the browser: two seats, popcorn and a drink that the page offers
//! to turn into a combo, a promotion code, pay in the sandbox; the discount is on the tickets
//! page and, once the show is over, the points are on the Points page.

use super::{harness, hold_two_standard_seats, open_seat_map, selling_showtime, sign_in, LOAD};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moviegoer_adds_a_combo_and_a_code_pays_and_earns_points() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = super::demo_app().await;
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
    let seats = hold_two_standard_seats(&b).await;

    // Popcorn and a drink, one tap each, then the combo the page offers instead.
    b.click("#extras > summary").await;
    let item = |name: &str| format!("#menu-items li[data-name=\"{name}\"]");
    b.click(&format!("{} .qty-plus", item("Bắp rang bơ"))).await;
    b.click(&format!("{} .qty-plus", item("Nước ngọt Coca-Cola")))
        .await;
    b.wait_for(
        "return !document.getElementById('combo-offer').hidden;",
        LOAD,
        "the combo offer",
    )
    .await;
    let offer = b.text("#combo-offer-text").await;
    assert!(
        offer.contains("Combo 1 người") && offer.contains("11.000 ₫"),
        "offer: {offer}"
    );
    b.click("#combo-take").await;
    b.wait_for(
        &format!(
            "return document.querySelector('{} .qty-n').textContent === '1' && \
             document.querySelector('{} .qty-n').textContent === '0';",
            item("Combo 1 người"),
            item("Bắp rang bơ")
        ),
        LOAD,
        "the combo in the basket instead of its parts",
    )
    .await;

    // A code that does not exist says so; the demo's 20 % code applies.
    b.fill("#promo-code", "KHONGCO").await;
    b.click("#promo-apply").await;
    b.wait_for(
        "return document.getElementById('promo-message').textContent === 'Mã này không tồn tại.';",
        LOAD,
        "the unknown code refused in words",
    )
    .await;
    b.fill("#promo-code", "giam20").await;
    b.click("#promo-apply").await;
    b.wait_for(
        "return document.getElementById('promo-message').textContent.startsWith('Đã áp dụng');",
        LOAD,
        "the code applied",
    )
    .await;
    let combo = app
        .state
        .concessions
        .on_sale()
        .await
        .expect("menu")
        .into_iter()
        .find(|i| i.name == "Combo 1 người")
        .expect("combo")
        .id;
    let (_, quoted) = app
        .post(
            "/api/v1/bookings/quote",
            None,
            json!({"showtime_id": showtime, "seat_ids": seats,
                   "concessions": [{"id": combo, "qty": 1}], "promo_code": "GIAM20"}),
        )
        .await;
    let total = moviehub::web::vnd(quoted["data"]["total"].as_i64().expect("total"));
    let discount = moviehub::web::vnd(quoted["data"]["discount"].as_i64().expect("discount"));
    b.wait_for(
        &format!("return document.getElementById('total').textContent === '{total}';"),
        LOAD,
        "the page's total is the server's quote",
    )
    .await;
    b.assert_no_console_errors().await;
    b.screenshot("basket-seatmap").await;

    // Book: the checkout lists the combo and the code's discount, at the quoted total.
    b.click("#continue").await;
    b.wait_for(
        "return document.getElementById('booking-page') !== null;",
        LOAD,
        "the checkout page",
    )
    .await;
    assert_eq!(b.text("#booking-total").await, total);
    assert!(b
        .text("#booking-concessions")
        .await
        .contains("Combo 1 người × 1"));
    assert_eq!(b.text(".booking-discount").await, format!("−{discount}"));
    b.click("#pay-vnpay").await;
    b.wait_for(
        "return document.querySelector('button[value=pay]') !== null;",
        LOAD,
        "the VNPay sandbox page",
    )
    .await;
    assert!(
        b.text("dl").await.contains(&total),
        "VNPay is asked the same total"
    );
    b.click("button[value=pay]").await;
    b.wait_for(
        "return document.getElementById('to-booking') !== null;",
        LOAD,
        "the payment result",
    )
    .await;
    b.click("#to-booking").await;
    b.wait_for(
        "return document.getElementById('tickets') !== null;",
        LOAD,
        "the tickets",
    )
    .await;
    assert_eq!(b.text(".booking-discount").await, format!("−{discount}"));
    assert_eq!(b.text("#booking-total").await, total);
    b.assert_no_console_errors().await;
    b.screenshot("basket-tickets").await;

    // The show ends; the points arrive on the Points page.
    let end = app
        .state
        .cinemas
        .showtime_facts(&showtime)
        .await
        .expect("facts")
        .end;
    app.clock.set(end + chrono::Duration::minutes(1));
    let done = app.state.bookings.complete_due().await.expect("complete");
    let paid = done
        .iter()
        .find(|d| d.showtime_id == showtime)
        .expect("completed");
    let earned = paid.total / 10 / 1000;
    // Days later the session may have ended: sign in again, as the moviegoer would.
    sign_in(
        &b,
        &app.base,
        "customer@moviehub.local",
        moviehub::demo::DEMO_PASSWORD,
    )
    .await;
    b.goto(&format!("{}/points", app.base)).await;
    b.wait_for(
        "return document.getElementById('points-balance') !== null;",
        LOAD,
        "the Points page",
    )
    .await;
    assert_eq!(b.text("#points-balance").await, earned.to_string());
    assert_eq!(b.text("#points-tier").await, "BRONZE");
    assert!(
        b.text("#points-history")
            .await
            .contains(&format!("+{earned}")),
        "the earn entry in the history"
    );
    assert_eq!(
        b.js("return document.querySelector('a[href=\"/points\"]') !== null;")
            .await,
        Value::Bool(true),
        "the header links to the Points page"
    );
    b.assert_no_console_errors().await;
    b.screenshot("basket-points").await;
    app.stop().await;
}
