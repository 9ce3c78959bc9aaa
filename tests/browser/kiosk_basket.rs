//! Food and drinks at the box office, in a real browser at 1366×768 (a cashier's touch
//! screen): popcorn sold alone for cash with its receipt printed; and a seated sale where two
//! items become the combo they make in one tap, a member found by e-mail pays with points and
//! a code takes its part, paid by card, with the tickets and the receipt printed.

use super::harness::Browser;
use super::kiosk::{assert_on_screen, cashier_at_open_till, on_screen, parse_vnd, press, visible};
use super::{harness, LOAD};
use serde_json::{json, Value};

/// The id of the demo menu's item called `name`.
async fn item(app: &super::TestApp, name: &str) -> String {
    app.state
        .concessions
        .on_sale()
        .await
        .expect("menu")
        .into_iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no {name} on the demo menu"))
        .id
}

async fn stock(app: &super::TestApp, id: &str) -> i64 {
    app.state.concessions.get(id).await.expect("item").stock
}

/// Open the till with 1.000.000 from the open-till form; today's showtimes are shown.
async fn open_till(b: &Browser) {
    b.click("button[data-amount=\"1000000\"]").await;
    b.click("#open-till button[type=submit]").await;
    b.wait_for(&visible("showtimes"), LOAD, "today's showtimes")
        .await;
}

/// Nothing wider than the screen, and every visible control a finger can hit (44 px).
async fn assert_fits_a_touch_screen(b: &Browser, what: &str) {
    let wide = b
        .js("return document.documentElement.scrollWidth - window.innerWidth;")
        .await;
    assert!(
        wide.as_f64().unwrap_or(1.0) <= 0.0,
        "{what}: sideways scroll of {wide} px"
    );
    let small = b
        .js(
            "return [...document.querySelectorAll('main button, main a[href], main input:not([type=hidden])')] \
             .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 \
               && getComputedStyle(e).visibility !== 'hidden' && (r.width < 44 || r.height < 44); }) \
             .map((e) => (e.id || e.className || e.tagName) + ' ' + e.textContent.trim().slice(0, 20));",
        )
        .await;
    assert_eq!(small, json!([]), "{what}: touch targets under 44 px");
}

/// The basket priced by a quote of what it now holds, and ready to pay.
const PRICED: &str = "return document.getElementById('basket-lines').dataset.quoted === 'true' \
     && !document.getElementById('pay-cash').disabled;";

fn text_of_frame(css: &str) -> String {
    format!(
        "const d = document.getElementById('print-frame').contentDocument; \
         const e = d && d.querySelector('{css}'); return e ? e.innerText : null;"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cashier_sells_popcorn_alone_and_prints_the_receipt() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let (app, b, _) = cashier_at_open_till(&driver).await;
    let popcorn = item(&app, "Bắp rang bơ").await;
    let before = stock(&app, &popcorn).await;
    open_till(&b).await;
    b.click("#sell-concessions").await;
    b.wait_for(
        "return document.getElementById('kiosk-counter') !== null \
         && document.querySelectorAll('#menu-grid .menu-card').length > 5;",
        LOAD,
        "the food and drinks screen",
    )
    .await;
    assert!(b.text("#kiosk-counter h1").await.contains("Bán bắp nước"));
    let pictures = b
        .js("return [...document.querySelectorAll('#menu-grid img')].every((i) => i.complete && i.naturalWidth > 0);")
        .await;
    assert_eq!(pictures, Value::Bool(true), "every item has its picture");
    assert_fits_a_touch_screen(&b, "the menu").await;

    // One tap on the popcorn's card: one popcorn, priced by the server.
    b.click(&format!("li[data-menu-item=\"{popcorn}\"] .menu-add"))
        .await;
    b.wait_for(PRICED, LOAD, "popcorn in the basket, priced")
        .await;
    let line = b.text("#basket-lines .item-line").await;
    assert!(
        line.contains("Bắp rang bơ") && line.contains("55.000 ₫"),
        "{line}"
    );
    assert_eq!(b.text("#basket-total").await, "55.000 ₫");
    assert_eq!(
        b.text(&format!("output[data-qty=\"{popcorn}\"]")).await,
        "1"
    );
    assert_eq!(b.text("#menu-count").await, "1");
    // + and − on the basket line: two, then one again.
    b.click("#basket-lines .item-line button[data-step=\"1\"]")
        .await;
    b.wait_for(
        "return document.getElementById('basket-total').textContent === '110.000 ₫' \
         && document.getElementById('basket-lines').dataset.quoted === 'true';",
        LOAD,
        "two popcorns",
    )
    .await;
    b.click("#basket-lines .item-line button[data-step=\"-1\"]")
        .await;
    b.wait_for(
        "return document.getElementById('basket-total').textContent === '55.000 ₫';",
        LOAD,
        "one popcorn again",
    )
    .await;
    b.wait_for(PRICED, LOAD, "priced again").await;

    // Bad input gets a sentence: a code that does not exist, a member not found.
    b.click("#tab-extras").await;
    b.wait_for(&visible("panel-extras"), LOAD, "member and code")
        .await;
    b.fill("#promo-code", "khongco").await;
    b.click("#promo-apply").await;
    b.wait_for(
        "return document.getElementById('promo-message').textContent.includes('Không có mã khuyến mãi “KHONGCO”');",
        LOAD,
        "the unknown code refused in words",
    )
    .await;
    b.wait_for(PRICED, LOAD, "a refused code does not stop the sale")
        .await;
    b.click("#promo-clear").await;
    b.fill("#member-q", "abc").await;
    b.click("#member-find").await;
    b.wait_for(
        "return document.getElementById('member-message').textContent.includes('Hãy nhập số điện thoại hoặc e-mail');",
        LOAD,
        "too short to look up",
    )
    .await;
    b.fill("#member-q", "0999 000 111").await;
    b.click("#member-find").await;
    b.wait_for(
        "return document.getElementById('member-message').textContent.includes('Không tìm thấy thành viên nào');",
        LOAD,
        "no such member",
    )
    .await;
    assert_fits_a_touch_screen(&b, "member and code").await;
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-popcorn-extras-1366").await;
    b.js("window.scrollTo(0, 0); document.getElementById('basket').scrollTop = 0; return true;")
        .await;
    assert_on_screen("the cash button", &b.js(&on_screen("pay-cash")).await);
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-popcorn-basket-1366").await;

    // Cash: a 100.000 note, 45.000 change.
    b.click("#pay-cash").await;
    b.click("button[data-tender=\"100000\"]").await;
    assert_eq!(b.text("#change-preview").await, "45.000 ₫");
    assert_on_screen(
        "the confirm button",
        &b.js(&on_screen("confirm-cash")).await,
    );
    b.click("#confirm-cash").await;
    b.wait_for(&visible("sale-done"), LOAD, "the sale").await;
    assert_eq!(b.text("#change-due").await, "45.000 ₫");
    assert!(b.text("#done-seats").await.contains("Bắp rang bơ × 1"));
    b.wait_for(
        "const d = document.getElementById('print-frame').contentDocument; \
         return d !== null && d.getElementById('receipt') !== null;",
        LOAD,
        "the receipt in the print frame",
    )
    .await;
    let receipt = b.js(&text_of_frame("#receipt")).await;
    let receipt = receipt.as_str().expect("receipt text").to_string();
    for want in [
        "Hoá đơn bán hàng",
        "Bắp rang bơ × 1",
        "55.000 ₫",
        "Tiền mặt khách đưa",
        "100.000 ₫",
        "45.000 ₫",
        "VAT",
    ] {
        assert!(
            receipt.contains(want),
            "{want} not on the receipt: {receipt}"
        );
    }
    let id = b
        .js("return document.getElementById('print-frame').contentDocument.getElementById('receipt').dataset.booking;")
        .await;
    let id = id.as_str().expect("booking id").to_string();
    let sale = app.state.bookings.get(&id).await.expect("the sale");
    // Paid; with nothing left to watch, it may already be completed.
    assert!(
        ["CONFIRMED", "COMPLETED"].contains(&sale.status.as_str()),
        "{:?}",
        sale.status
    );
    assert!(sale.showtime_id.is_empty() && sale.seats.is_empty());
    assert_eq!((sale.total, sale.concessions.len()), (55_000, 1));
    assert_eq!(stock(&app, &popcorn).await, before - 1);
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-popcorn-receipt-1366").await;

    // Next customer (Enter): the same screen, an empty basket.
    press(&b, "Enter").await;
    b.wait_for(
        "return document.getElementById('kiosk-counter') !== null \
         && document.querySelectorAll('#basket-lines .item-line').length === 0 \
         && document.getElementById('pay-cash').disabled;",
        LOAD,
        "the next customer",
    )
    .await;
    b.assert_no_console_errors().await;
    b.close().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seated_sale_takes_the_combo_offered_and_a_members_points() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let (app, b, _) = cashier_at_open_till(&driver).await;
    let popcorn = item(&app, "Bắp rang bơ").await;
    let coke = item(&app, "Nước ngọt Coca-Cola").await;
    let combo = item(&app, "Combo 1 người").await;
    let member = app
        .state
        .users
        .by_email("customer@moviehub.local")
        .await
        .expect("the demo customer")
        .id;
    give_points(&app, &member, 300).await;

    open_till(&b).await;
    b.click("#showtimes a.show-button").await;
    b.wait_for(
        "return document.getElementById('live-status').classList.contains('ok');",
        LOAD,
        "the live seat map",
    )
    .await;
    let seats = b
        .js("return [...document.querySelectorAll('#hall button.seat.available')].slice(0, 2).map((s) => s.dataset.seat);")
        .await;
    let seats: Vec<String> = seats
        .as_array()
        .expect("seats")
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect();
    for seat in &seats {
        b.click(&format!("button.seat[data-seat=\"{seat}\"]")).await;
        b.wait_for(&super::kiosk::mine(seat), LOAD, "a seat in the basket")
            .await;
    }
    b.wait_for(PRICED, LOAD, "two seats priced").await;
    assert_eq!(b.text("#seats-count").await, "2");

    // Food and drinks: popcorn and a coke, then the combo they make, in one tap.
    b.click("#tab-menu").await;
    b.wait_for(&visible("panel-menu"), LOAD, "the menu").await;
    assert_fits_a_touch_screen(&b, "the sale screen's menu").await;
    for id in [&popcorn, &coke] {
        b.click(&format!("li[data-menu-item=\"{id}\"] .menu-add"))
            .await;
    }
    b.wait_for(
        &format!(
            "const o = document.getElementById('take-combo'); return o !== null && o.dataset.combo === '{combo}' \
             && document.querySelectorAll('#basket-lines .item-line').length === 2;"
        ),
        LOAD,
        "the combo offered",
    )
    .await;
    let offer = b.text("#take-combo").await;
    assert!(
        offer.contains("Combo 1 người") && offer.contains("11.000 ₫"),
        "{offer}"
    );
    b.screenshot("kiosk-combo-offer-1366").await;
    b.click("#take-combo").await;
    b.wait_for(
        &format!(
            "const l = [...document.querySelectorAll('#basket-lines .item-line')].map((x) => x.dataset.item); \
             return l.length === 1 && l[0] === '{combo}' && document.getElementById('take-combo') === null \
               && document.getElementById('basket-lines').dataset.quoted === 'true';"
        ),
        LOAD,
        "the combo instead of its parts",
    )
    .await;

    // The member by e-mail (the only match is chosen), a code, and the most points.
    b.click("#tab-extras").await;
    b.wait_for(&visible("panel-extras"), LOAD, "member and code")
        .await;
    b.fill("#member-q", "customer@moviehub.local").await;
    b.click("#member-find").await;
    b.wait_for(&visible("member-card"), LOAD, "the member")
        .await;
    assert_eq!(b.text("#member-name").await, "Demo Customer");
    assert!(b.text("#member-balance").await.contains("300 điểm"));
    b.fill("#promo-code", "giam20").await;
    b.click("#promo-apply").await;
    b.wait_for(
        "const m = document.getElementById('promo-message'); return !m.hidden && m.classList.contains('ok');",
        LOAD,
        "the code applied",
    )
    .await;
    b.wait_for(PRICED, LOAD, "priced with the code").await;
    b.click("#points-max").await;
    b.wait_for(
        "return [...document.querySelectorAll('#discount-lines li')].some((l) => l.textContent.includes('điểm')) \
         && document.getElementById('basket-lines').dataset.quoted === 'true';",
        LOAD,
        "points in the basket",
    )
    .await;
    let points: i64 = b
        .js("return Number(document.getElementById('points').value);")
        .await
        .as_i64()
        .expect("points");
    assert!(points > 0 && points <= 300, "points {points}");
    assert_fits_a_touch_screen(&b, "member and code").await;
    b.screenshot("kiosk-member-points-1366").await;

    // What the basket shows is the server's quote of the same basket.
    let cashier = app
        .state
        .users
        .by_email("cashier@moviehub.local")
        .await
        .expect("cashier");
    let session = app
        .state
        .users
        .session_for(&cashier.id)
        .await
        .expect("session");
    let showtime = b
        .js("return document.getElementById('seatmap-page').dataset.showtime;")
        .await;
    let (s, quote) = app
        .post(
            "/api/v1/bookings/quote",
            Some(&session.access_token),
            json!({"showtime_id": showtime, "seat_ids": seats, "concessions": [{"id": combo, "qty": 1}],
                "promo_code": "GIAM20", "points": points, "member_id": member}),
        )
        .await;
    assert_eq!(s, 200, "{quote}");
    let total = quote["data"]["total"].as_i64().expect("total");
    assert_eq!(parse_vnd(&b.text("#basket-total").await), total);
    assert!(b.text("#basket-member").await.contains("Demo Customer"));

    // Card: the tickets, then the receipt with the combo, the code and the points.
    b.click("#pay-card").await;
    b.wait_for(&visible("card-panel"), LOAD, "the card panel")
        .await;
    assert_eq!(parse_vnd(&b.text("#card-total").await), total);
    b.fill("#card-ref", "POS-2411").await;
    b.click("#confirm-card").await;
    b.wait_for(&visible("sale-done"), LOAD, "the sale").await;
    b.wait_for(
        "const d = document.getElementById('print-frame').contentDocument; \
         return d !== null && d.querySelectorAll('.ticket:not(.receipt)').length === 2 \
           && d.getElementById('receipt') !== null;",
        LOAD,
        "two tickets and the receipt",
    )
    .await;
    let receipt = b.js(&text_of_frame("#receipt")).await;
    let receipt = receipt.as_str().expect("receipt").to_string();
    for want in [
        "Combo 1 người × 1",
        "Mã GIAM20",
        &format!("Dùng {points} điểm"),
        "Thẻ · POS-2411",
        "Thành viên: Demo Customer",
    ] {
        assert!(
            receipt.contains(want),
            "{want} not on the receipt: {receipt}"
        );
    }
    let id = b
        .js("return document.getElementById('print-frame').contentDocument.getElementById('receipt').dataset.booking;")
        .await;
    let sale = app
        .state
        .bookings
        .get(id.as_str().expect("id"))
        .await
        .expect("the booking");
    assert_eq!(sale.member_id.as_deref(), Some(member.as_str()));
    assert_eq!(sale.points_redeemed, points);
    assert_eq!(sale.total, total);
    assert_eq!(sale.promo_code.as_deref(), Some("GIAM20"));
    let sold: Vec<(&str, u32)> = sale
        .concessions
        .iter()
        .map(|c| (c.item_id.as_str(), c.qty))
        .collect();
    assert_eq!(sold, [(combo.as_str(), 1)]);
    let left = app
        .state
        .loyalty
        .summary(&member, 0)
        .await
        .expect("summary");
    assert_eq!(left.balance, 300 - points);
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-seats-combo-points-done-1366").await;
    b.close().await;
    app.stop().await;
}

/// `points` on `user`'s ledger, as a bonus would give them.
async fn give_points(app: &super::TestApp, user: &str, points: i64) {
    let user = user.to_string();
    let now = moviehub::clock::stamp(app.state.clock.now());
    app.state
        .sales
        .run(move |tx| {
            moviehub::loyalty::store::append(
                tx,
                &moviehub::loyalty::store::NewEntry {
                    user_id: &user,
                    kind: moviehub::loyalty::EntryKind::Bonus,
                    points,
                    spend: 0,
                    booking_id: None,
                    note: "test",
                    now: &now,
                },
            )
        })
        .await
        .expect("points");
}
