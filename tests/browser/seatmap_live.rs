//! The live seat map beyond one window: holds of the same account from another window, a
//! lost connection, zooming a big hall on a phone, and refusals the server is adding.

use super::{
    demo_app, harness, open_seat_map, phone_viewport, seat_has, selling_showtime, sign_in, LIVE,
    LOAD,
};
use serde_json::Value;
use std::sync::Arc;

const CUSTOMER: &str = "customer@moviehub.local";

/// Seat id → label ("E7") of a showtime's map.
async fn labels(app: &super::TestApp, showtime: &str) -> std::collections::HashMap<String, String> {
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{showtime}/seats"), None)
        .await;
    map["data"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| r["seats"].as_array().cloned().unwrap_or_default())
        .map(|s| {
            let id = s["id"].as_str().unwrap_or_default().to_string();
            (id, s["label"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

/// The first `n` seats of a row, from its edge, all free standard seats side by side.
async fn row_start(b: &harness::Browser, n: usize) -> Vec<String> {
    let v = b
        .js(&format!(
            "const rows = new Map(); \
             for (const s of document.querySelectorAll('#hall button.seat')) {{ \
               if (!rows.has(s.dataset.row)) rows.set(s.dataset.row, []); rows.get(s.dataset.row).push(s); }} \
             for (const r of rows.values()) {{ \
               const first = r.slice(0, {n}); \
               if (first.length === {n} && first.every((s) => s.classList.contains('available') && s.classList.contains('type-STANDARD'))) \
                 return first.map((s) => s.dataset.seat); }} \
             return [];"
        ))
        .await;
    let ids: Vec<String> = v
        .as_array()
        .expect("seat ids")
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect();
    assert_eq!(ids.len(), n, "a row starting with {n} free standard seats");
    ids
}

fn seat(id: &str) -> String {
    format!("button.seat[data-seat=\"{id}\"]")
}

fn hidden(id: &str) -> String {
    format!("return document.getElementById('{id}').hidden;")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn holds_from_another_window_show_apart_and_are_booked_only_when_confirmed() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let showtime = selling_showtime(&app).await;
    let names = labels(&app, &showtime).await;
    let a = driver.browser(1280, 1000).await;
    let b = driver.browser(1280, 1000).await;
    for w in [&a, &b] {
        sign_in(w, &app.base, CUSTOMER, moviehub::demo::DEMO_PASSWORD).await;
        open_seat_map(w, &app.base, &showtime).await;
    }
    // y at a row's edge (booked alone it leaves no single empty seat), x further along.
    let row = row_start(&a, 6).await;
    let (y, x) = (row[0].clone(), row[5].clone());

    // A holds x: B (same account) shows it as chosen in another window.
    a.click(&seat(&x)).await;
    a.wait_for(&seat_has(&x, "mine"), LOAD, "A's hold").await;
    b.wait_for(&seat_has(&x, "elsewhere"), LIVE, "A's hold in B")
        .await;
    assert_eq!(a.js(&seat_has(&x, "elsewhere")).await, Value::Bool(false));
    assert_eq!(a.js(&hidden("other-window")).await, Value::Bool(true));
    assert_eq!(
        b.text("#other-window").await,
        format!("Ghế {} được chọn từ một cửa sổ khác.", names[&x])
    );
    let label = b
        .js(&format!(
            "return document.querySelector('{}').getAttribute('aria-label');",
            seat(&x).replace('\'', "\\'")
        ))
        .await;
    assert!(
        label
            .as_str()
            .is_some_and(|l| l.ends_with("bạn đã chọn từ một cửa sổ khác")),
        "{label}"
    );

    // B holds y; Continue asks about x before booking it.
    b.click(&seat(&y)).await;
    b.wait_for(&seat_has(&y, "mine"), LOAD, "B's hold").await;
    a.wait_for(&seat_has(&y, "elsewhere"), LIVE, "B's hold in A")
        .await;
    b.wait_for(
        "return document.getElementById('continue').textContent.startsWith('Tiếp tục với 2 ghế');",
        LOAD,
        "Continue with both seats",
    )
    .await;
    b.click("#continue").await;
    b.wait_for(
        "return !document.getElementById('other-confirm').hidden;",
        LOAD,
        "the question about the other window's seat",
    )
    .await;
    let question = b.text("#other-confirm-text").await;
    assert!(question.contains(&names[&x]), "question: {question}");
    assert_eq!(
        b.js("return document.getElementById('booking-page') === null;")
            .await,
        Value::Bool(true),
        "nothing booked before the answer"
    );
    b.assert_no_console_errors().await;
    b.screenshot("seatmap-other-window-confirm").await;

    // No: x is let go, y alone is booked.
    b.click("#other-no").await;
    b.wait_for(
        "return document.getElementById('booking-page') !== null;",
        LOAD,
        "the checkout page",
    )
    .await;
    let rows = b
        .js("return [...document.querySelectorAll('.seat-lines tbody tr td:first-child')].map((e) => e.textContent);")
        .await;
    assert_eq!(rows, serde_json::json!([names[&y]]), "only B's own seat");
    a.wait_for(&seat_has(&x, "available"), LOAD, "x let go")
        .await;
    a.wait_for(&seat_has(&y, "sold"), LOAD, "y booked from B")
        .await;
    assert_eq!(a.js(&hidden("other-window")).await, Value::Bool(true));
    assert_eq!(a.text("#selected-seats").await, "Chưa chọn ghế nào");
    a.assert_no_console_errors().await;
    b.assert_no_console_errors().await;
    a.close().await;
    b.close().await;
    app.stop().await;
}

/// Every later socket of the page goes nowhere while `window.__wsBlocked` is true.
const BLOCK_SOCKETS: &str = "const Real = window.WebSocket; \
     const Blockable = function (url) { return new Real(window.__wsBlocked ? 'ws://127.0.0.1:9/' : url); }; \
     Blockable.OPEN = Real.OPEN; Blockable.prototype = Real.prototype; \
     window.WebSocket = Blockable; window.__wsBlocked = true; \
     window.__seatmapSocket.close(); return true;";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_lost_connection_my_seats_are_held_again_and_lost_ones_named() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let showtime = selling_showtime(&app).await;
    let names = labels(&app, &showtime).await;
    let b = driver.browser(412, 915).await; // a phone
    sign_in(&b, &app.base, CUSTOMER, moviehub::demo::DEMO_PASSWORD).await;
    open_seat_map(&b, &app.base, &showtime).await;
    let row = row_start(&b, 4).await;
    for s in &row[..3] {
        b.js(&format!(
            "document.querySelector('{}').scrollIntoView({{block: 'center', inline: 'center'}}); return true;",
            seat(s).replace('\'', "\\'")
        ))
        .await;
        b.click(&seat(s)).await;
        b.wait_for(&seat_has(s, "mine"), LOAD, "my hold").await;
    }

    // The connection drops; a tap meanwhile says so.
    b.js(BLOCK_SOCKETS).await;
    b.wait_for(
        "return document.getElementById('live-status').classList.contains('down');",
        LOAD,
        "offline",
    )
    .await;
    b.click(&seat(&row[3])).await;
    b.wait_for(
        "return !document.getElementById('seat-message').hidden;",
        LOAD,
        "the offline message",
    )
    .await;
    assert!(b.text("#seat-message").await.contains("Đang kết nối lại"));

    // Meanwhile the first seat's hold ends and someone else takes it; the second's ends too.
    let me = app.state.users.by_email(CUSTOMER).await.expect("customer");
    let me = moviehub::holds::Actor {
        user_id: Arc::from(me.id.as_str()),
        box_office: false,
    };
    let someone = moviehub::holds::Actor {
        user_id: Arc::from("someone-else"),
        box_office: false,
    };
    for s in &row[..2] {
        app.state
            .holds
            .release(&showtime, s, &me)
            .await
            .expect("hold ends");
    }
    app.state
        .holds
        .hold(&showtime, &row[0], &someone)
        .await
        .expect("someone else's hold");

    // Back online: the second seat is mine again, the first is named as lost.
    b.js("window.__wsBlocked = false; return true;").await;
    b.wait_for(
        "return document.getElementById('live-status').classList.contains('ok');",
        LOAD,
        "live again",
    )
    .await;
    b.wait_for(&seat_has(&row[1], "mine"), LOAD, "the seat held again")
        .await;
    assert_eq!(b.js(&seat_has(&row[2], "mine")).await, Value::Bool(true));
    assert_eq!(b.js(&seat_has(&row[0], "held")).await, Value::Bool(true));
    assert_eq!(
        b.js(&seat_has(&row[3], "available")).await,
        Value::Bool(true)
    );
    let message = b.text("#seat-message").await;
    assert_eq!(
        message,
        format!(
            "Trong lúc mất kết nối, người khác đã chọn ghế {}. Vui lòng chọn ghế khác.",
            names[&row[0]]
        )
    );
    let summary = b.text("#selected-seats").await;
    assert!(
        summary.contains(&names[&row[1]]) && !summary.contains(&format!("{},", names[&row[0]])),
        "summary: {summary}"
    );
    assert_eq!(
        app.state
            .holds
            .held_by(&showtime, &me.user_id)
            .into_iter()
            .filter(|s| row.contains(s))
            .count(),
        2,
        "the server holds my two seats again"
    );
    b.assert_no_console_errors().await;
    b.screenshot("seatmap-reconnected-phone").await;
    b.close().await;
    app.stop().await;
}

const SMALLEST_SEAT: &str =
    "return Math.min(...[...document.querySelectorAll('#hall button.seat')].map((s) => \
     Math.min(s.getBoundingClientRect().width, s.getBoundingClientRect().height)));";
const FITS: &str = "const w = document.querySelector('.hall-wrap'); \
     return [document.documentElement.scrollWidth <= window.innerWidth, w.scrollWidth <= w.clientWidth];";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_hall_on_a_phone_zooms_between_the_whole_hall_and_touch_sized_seats() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let showtime = selling_showtime(&app).await;
    let wide = driver.browser(1280, 1000).await;
    open_seat_map(&wide, &app.base, &showtime).await;
    assert_eq!(
        wide.js(&hidden("hall-zoom")).await,
        Value::Bool(true),
        "no zoom where the hall fits"
    );
    wide.close().await;

    let b = driver.browser(390, 844).await;
    phone_viewport(&driver, &b, 390, 844).await;
    open_seat_map(&b, &app.base, &showtime).await;
    assert_eq!(b.js(&hidden("hall-zoom")).await, Value::Bool(false));
    let size = |v: Value| v.as_f64().unwrap_or(0.0);
    assert!(size(b.js(SMALLEST_SEAT).await) >= 32.0);
    assert_eq!(b.js(FITS).await, serde_json::json!([true, false]));

    // The whole hall in its box.
    b.click("#hall-zoom [data-zoom=fit]").await;
    assert_eq!(b.js(FITS).await, serde_json::json!([true, true]));
    assert!(size(b.js(SMALLEST_SEAT).await) < 32.0);
    assert_eq!(
        b.js("return document.querySelector('#hall-zoom [data-zoom=out]').disabled;")
            .await,
        Value::Bool(true)
    );
    b.assert_no_console_errors().await;
    b.screenshot("seatmap-zoom-whole-hall-phone").await;

    // A tap on the whole hall zooms in around the seat (and takes nothing).
    let target = b
        .js(
            "const all = [...document.querySelectorAll('#hall button.seat.available')]; \
             return all[Math.floor(all.length / 2)].dataset.seat;",
        )
        .await
        .as_str()
        .expect("seat")
        .to_string();
    b.click(&seat(&target)).await;
    assert!(size(b.js(SMALLEST_SEAT).await) >= 32.0);
    assert_eq!(
        b.js(&seat_has(&target, "available")).await,
        Value::Bool(true)
    );
    assert_eq!(b.js(&hidden("seat-message")).await, Value::Bool(true));
    let visible = b
        .js(&format!(
            "const r = document.querySelector('{}').getBoundingClientRect(); \
             const w = document.querySelector('.hall-wrap').getBoundingClientRect(); \
             return r.left >= w.left && r.right <= w.right;",
            seat(&target).replace('\'', "\\'")
        ))
        .await;
    assert_eq!(visible, Value::Bool(true), "the tapped seat in view");

    // + makes seats bigger, − smaller down to 32 px, then the whole hall again.
    b.click("#hall-zoom [data-zoom=in]").await;
    let bigger = size(b.js(SMALLEST_SEAT).await);
    assert!(bigger >= 40.0, "zoomed in: {bigger}");
    assert_eq!(b.js(FITS).await, serde_json::json!([true, false]));
    b.click("#hall-zoom [data-zoom=out]").await;
    let touch = size(b.js(SMALLEST_SEAT).await);
    assert!((32.0..bigger).contains(&touch), "zoomed out: {touch}");
    b.click("#hall-zoom [data-zoom=out]").await;
    assert_eq!(b.js(FITS).await, serde_json::json!([true, true]));
    b.click("#hall-zoom [data-zoom=in]").await;
    assert!(size(b.js(SMALLEST_SEAT).await) >= 32.0);
    assert_eq!(b.js(FITS).await, serde_json::json!([true, false]));
    b.assert_no_console_errors().await;
    b.screenshot("seatmap-zoom-in-phone").await;
    b.close().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_sales_and_a_single_seat_gap_are_refused_in_words() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let showtime = selling_showtime(&app).await;
    let b = driver.browser(1280, 1000).await;
    sign_in(&b, &app.base, CUSTOMER, moviehub::demo::DEMO_PASSWORD).await;
    open_seat_map(&b, &app.base, &showtime).await;
    let names = labels(&app, &showtime).await;
    let row = row_start(&b, 3).await;
    b.click(&seat(&row[0])).await;
    b.wait_for(&seat_has(&row[0], "mine"), LOAD, "my hold")
        .await;

    // The server's refusal of a hold once the show has started (as /ws will send it).
    b.js("window.__seatmapSocket.dispatchEvent(new MessageEvent('message', { data: JSON.stringify( \
          { type: 'error', code: 'sales_closed', message: 'online sales closed at the start' }) })); return true;")
        .await;
    assert_eq!(
        b.text("#seat-message").await,
        "Suất chiếu đã bắt đầu, không thể đặt vé trực tuyến nữa."
    );

    // The booking refused for a single empty seat left between taken ones: hold the first and
    // third seats of a row and Continue.
    b.click(&seat(&row[2])).await;
    b.wait_for(&seat_has(&row[2], "mine"), LOAD, "my second hold")
        .await;
    b.wait_for(
        "return !document.getElementById('continue').disabled;",
        LOAD,
        "Continue",
    )
    .await;
    b.click("#continue").await;
    b.wait_for(
        "return document.getElementById('seat-message').textContent.startsWith('Không thể');",
        LOAD,
        "the seat gap refusal",
    )
    .await;
    assert_eq!(
        b.text("#seat-message").await,
        format!(
            "Không thể để trống một ghế lẻ ({}) giữa các ghế đã chọn. Hãy chọn thêm ghế đó hoặc các ghế liền nhau.",
            names[&row[1]]
        )
    );
    b.assert_no_console_errors().await;
    b.screenshot("seatmap-seat-gap").await;
    b.close().await;
    app.stop().await;
}
