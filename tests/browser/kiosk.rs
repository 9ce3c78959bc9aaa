//! The box-office kiosk in a real browser: a cashier signs in, opens a till, sells two seats
//! for cash in at most six taps after picking the showtime, sees the change and the tickets,
//! takes the next customer and closes the till with a variance. The browser speaks
//! Vietnamese (the harness's default); the cash-ups are read once more in English. At
//! 1366×768 the till is also counted on the close form's on-screen keypad alone.

use super::harness::{self, Browser};
use super::{demo_app, LOAD};
use serde_json::Value;

/// A cinema with a showtime still to start today (the kiosk lists only those).
pub(super) async fn cinema_selling_today(app: &super::TestApp) -> String {
    use moviehub::cinemas::ShowtimeStatus;
    let now = app.state.clock.now();
    let cinemas = app
        .state
        .cinemas
        .list_cinemas(&Default::default())
        .await
        .expect("cinemas");
    for c in cinemas {
        let tz: chrono_tz::Tz = c.timezone.parse().expect("tz");
        let today = now.with_timezone(&tz).date_naive();
        let shows = app
            .state
            .cinemas
            .list_showtimes(None, Some(c.id.clone()), None, Some(today))
            .await
            .expect("showtimes");
        let selling = shows.iter().any(|s| {
            s.status == ShowtimeStatus::Selling
                && chrono::DateTime::parse_from_rfc3339(&s.start_time).expect("start") > now
        });
        if selling {
            return c.id;
        }
    }
    panic!("the demo data has no showtime left today")
}

/// Counts the cashier's taps.
struct Taps<'a> {
    b: &'a Browser,
    n: u32,
}

impl Taps<'_> {
    async fn tap(&mut self, css: &str) {
        self.b.click(css).await;
        self.n += 1;
    }
}

pub(super) fn visible(id: &str) -> String {
    format!("const e = document.getElementById('{id}'); return e !== null && !e.hidden;")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cashier_sells_two_seats_for_cash_and_closes_the_till_with_a_variance() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    // The demo schedules from tomorrow: the kiosk opens at 08:00 local on that day.
    app.clock
        .set(super::helpers::start_time() + chrono::Duration::hours(22));
    let cinema = cinema_selling_today(&app).await;
    let b = driver.browser(1920, 1080).await;

    // Signed out: the kiosk sends the cashier to sign in and back.
    b.goto(&format!("{}/kiosk", app.base)).await;
    b.wait_for(
        "return location.pathname === '/login';",
        LOAD,
        "sign-in page",
    )
    .await;
    b.fill("input[name=email]", "cashier@moviehub.local").await;
    b.fill("input[name=password]", moviehub::demo::DEMO_PASSWORD)
        .await;
    b.click("form.stack button[type=submit]").await;
    b.wait_for(
        "return document.getElementById('kiosk-home') !== null;",
        LOAD,
        "the kiosk",
    )
    .await;

    // Two cinemas in the demo: pick this kiosk's once (kept in the URL), then open the till.
    b.click(&format!(".cinema-pick a[href=\"/kiosk?cinema={cinema}\"]"))
        .await;
    b.wait_for(
        "return document.getElementById('open-till') !== null;",
        LOAD,
        "the open-till form",
    )
    .await;
    b.click("button[data-amount=\"1000000\"]").await;
    assert_eq!(
        b.js("return document.getElementById('opening-float').value;")
            .await,
        Value::String("1.000.000".into())
    );
    b.assert_no_console_errors().await;
    b.click("#open-till button[type=submit]").await;
    b.wait_for(
        "return document.getElementById('showtimes') !== null;",
        LOAD,
        "today's showtimes",
    )
    .await;
    let till = app
        .state
        .tills
        .current(&cashier_id(&app).await)
        .await
        .expect("till")
        .expect("an open till");
    assert_eq!(
        (till.opening_float, till.cinema_id.as_str()),
        (1_000_000, cinema.as_str())
    );
    b.assert_no_console_errors().await;
    assert!(
        b.text("#kiosk-home h1")
            .await
            .contains("Suất chiếu hôm nay"),
        "Vietnamese first"
    );
    b.screenshot("kiosk-showtimes").await;

    // Pick the next showtime in the standard hall.
    let show = b
        .js(
            "return [...document.querySelectorAll('#showtimes a.show-button')] \
             .find((a) => a.querySelector('.show-hall').textContent.startsWith('Cinema 2')).dataset.showtime;",
        )
        .await;
    let show = show.as_str().expect("a Cinema 2 showtime").to_string();
    b.click(&format!("#showtimes a[data-showtime=\"{show}\"]"))
        .await;
    b.wait_for(
        "return document.getElementById('live-status').classList.contains('ok');",
        LOAD,
        "the live seat map",
    )
    .await;
    let seats = b
        .js(
            "return [...document.querySelectorAll('#hall button.seat.available.type-STANDARD')] \
             .slice(0, 2).map((s) => s.dataset.seat);",
        )
        .await;
    // The film's age rating is on the screen; T16/T18 in red with the ID check.
    let rating = b
        .js("const r = document.getElementById('age-rating'); \
             return r && [r.dataset.rating, r.classList.contains('check-id'), r.innerText];")
        .await;
    let code = rating[0]
        .as_str()
        .expect("a rating on the sale screen")
        .to_string();
    let adult = code == "T16" || code == "T18";
    assert_eq!(rating[1], Value::Bool(adult), "{rating}");
    assert_eq!(
        rating[2]
            .as_str()
            .unwrap_or_default()
            .contains("Kiểm tra giấy tờ"),
        adult,
        "{rating}"
    );
    let first = seats[0].as_str().expect("first seat").to_string();
    let second = seats[1].as_str().expect("second seat").to_string();

    let mut taps = Taps { b: &b, n: 0 };
    taps.tap(&format!("button.seat[data-seat=\"{first}\"]"))
        .await;
    b.wait_for(&mine(&first), LOAD, "first seat in the basket")
        .await;
    taps.tap(&format!("button.seat[data-seat=\"{second}\"]"))
        .await;
    b.wait_for(&mine(&second), LOAD, "second seat in the basket")
        .await;
    b.wait_for(
        "return document.querySelectorAll('#basket-lines li:not(.empty)').length === 2 \
         && document.getElementById('basket-lines').dataset.quoted === 'true' \
         && !document.getElementById('pay-cash').disabled;",
        LOAD,
        "two seats in the basket, priced by the server's quote",
    )
    .await;
    let (_, quoted) = app
        .post(
            "/api/v1/bookings/quote",
            None,
            serde_json::json!({"showtime_id": show, "seat_ids": [first, second]}),
        )
        .await;
    let quoted_total = quoted["data"]["total"].as_i64().expect("quote total");
    taps.tap("#pay-cash").await;
    // Notes handed over add up (200.000 twice is 400.000) until cleared.
    b.click("button[data-tender=\"200000\"]").await;
    b.click("button[data-tender=\"200000\"]").await;
    assert_eq!(b.text("#tendered").await, "400.000 ₫");
    b.click("#tender-clear").await;
    assert_eq!(b.text("#tendered").await, "0 ₫");
    // Esc backs out of the cash panel; the basket stays.
    press(&b, "Escape").await;
    b.wait_for(
        "return document.getElementById('cash-panel').hidden \
         && !document.getElementById('pay-buttons').hidden;",
        LOAD,
        "Esc back to the basket",
    )
    .await;
    b.click("#pay-cash").await;
    taps.tap("button[data-tender=\"500000\"]").await;
    let total = parse_vnd(&b.text("#cash-total").await);
    assert_eq!(total, quoted_total, "the basket charges the quote");
    assert!(total > 0 && total <= 500_000, "total {total}");
    assert_eq!(
        b.text("#change-preview").await,
        moviehub::web::vnd(500_000 - total)
    );
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-sale").await;
    taps.tap("#confirm-cash").await;
    b.wait_for(&visible("sale-done"), LOAD, "the sale").await;
    assert!(taps.n <= 6, "a 2-seat sale took {} taps", taps.n);
    assert_eq!(taps.n, 5);

    // The change, big; the print view with one ticket per seat and its QR.
    assert_eq!(
        b.text("#change-due").await,
        moviehub::web::vnd(500_000 - total)
    );
    b.wait_for(
        "const d = document.getElementById('print-frame').contentDocument; \
         return d !== null && d.querySelectorAll('.ticket').length === 2 \
           && [...d.querySelectorAll('img.ticket-qr')].every((i) => i.complete && i.naturalWidth > 0);",
        LOAD,
        "two printed tickets with QR codes",
    )
    .await;
    let ticket = b
        .js("return document.getElementById('print-frame').contentDocument.querySelector('.ticket').innerText;")
        .await;
    let ticket = ticket.as_str().expect("ticket text").to_lowercase();
    assert!(
        ["hàng", "ghế", "phòng", " ₫", "vat"]
            .iter()
            .all(|w| ticket.contains(w)),
        "{ticket}"
    );
    assert!(
        ticket.contains(&code.to_lowercase()),
        "rating printed: {ticket}"
    );
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-change").await;

    // Next customer (Enter): back to the showtimes, basket gone.
    press(&b, "Enter").await;
    b.wait_for(
        "return document.getElementById('showtimes') !== null;",
        LOAD,
        "the showtimes again",
    )
    .await;

    // Close the till, 10.000 short: the count is blind, the result shows the variance.
    b.click("#close-till").await;
    b.wait_for(
        "return document.getElementById('close-form') !== null;",
        LOAD,
        "the close form",
    )
    .await;
    let form_text = b.text("#close-form").await;
    let expected = 1_000_000 + total;
    assert!(
        !form_text.contains(&moviehub::web::vnd(expected)),
        "blind count: {form_text}"
    );
    // Counted note by note; the total adds up, then a confirm step.
    let mut rest = expected - 10_000;
    for note in [
        500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000,
    ] {
        let n = rest / note;
        rest %= note;
        if n > 0 {
            b.fill(&format!("input[name=n{note}]"), &n.to_string())
                .await;
        }
    }
    assert_eq!(rest, 0);
    let counted = moviehub::web::vnd(expected - 10_000);
    assert_eq!(
        b.js("return document.getElementById('counted-cash').value;")
            .await,
        Value::String(counted.replace(" ₫", ""))
    );
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-count").await;
    b.click("#review-count").await;
    b.wait_for(
        "return document.getElementById('confirm-close') !== null;",
        LOAD,
        "the confirm step",
    )
    .await;
    b.screenshot("kiosk-confirm").await;
    assert_eq!(b.text("#confirm-total").await, counted);
    // Esc: count again, the notes kept.
    press(&b, "Escape").await;
    b.wait_for(
        "return document.getElementById('close-form') !== null \
         && document.querySelector('input[name=n500000]').value !== '';",
        LOAD,
        "the count again",
    )
    .await;
    b.click("#review-count").await;
    b.wait_for(
        "return document.getElementById('confirm-close') !== null;",
        LOAD,
        "the confirm step again",
    )
    .await;
    b.click("#confirm-close").await;
    b.wait_for(
        "return document.getElementById('variance') !== null;",
        LOAD,
        "the cash-up",
    )
    .await;
    assert_eq!(b.text("#expected").await, moviehub::web::vnd(expected));
    assert_eq!(
        b.text("#counted").await,
        moviehub::web::vnd(expected - 10_000)
    );
    assert!(b.text("#variance").await.contains("-10.000 ₫"));
    assert_eq!(
        b.js("return document.getElementById('variance').classList.contains('short');")
            .await,
        Value::Bool(true)
    );
    assert_eq!(b.text("#cash-sales").await, moviehub::web::vnd(total));
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-close").await;

    // The cash-up list shows it.
    b.goto(&format!("{}/kiosk/cashups", app.base)).await;
    let row = b.text("#cashups tbody tr").await;
    assert!(row.contains("-10.000 ₫"), "{row}");
    assert!(b.text("h1").await.contains("Kết ca"));
    b.assert_no_console_errors().await;
    b.close().await;

    // The same cash-ups for a cashier whose browser asks for English.
    let en = driver.browser_english(1280, 800).await;
    en.goto(&format!("{}/login?next=/kiosk/cashups", app.base))
        .await;
    en.fill("input[name=email]", "cashier@moviehub.local").await;
    en.fill("input[name=password]", moviehub::demo::DEMO_PASSWORD)
        .await;
    en.click("form.stack button[type=submit]").await;
    en.wait_for(
        "return document.getElementById('cashups') !== null;",
        LOAD,
        "the cash-ups in English",
    )
    .await;
    assert_eq!(
        en.js("return document.documentElement.lang;").await,
        Value::String("en".into())
    );
    let head = en.text("#cashups thead").await;
    assert!(
        head.contains("Variance") && head.contains("Cashier"),
        "{head}"
    );
    en.assert_no_console_errors().await;
    en.close().await;
    app.stop().await;
}

/// Where an element is on screen: fully inside the viewport, not scrolled to, not covered.
pub(super) fn on_screen(id: &str) -> String {
    format!(
        "const e = document.getElementById('{id}'); const r = e.getBoundingClientRect(); \
         const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
         return {{ top: r.top, bottom: r.bottom, height: r.height, vh: innerHeight, \
           scrolled: scrollY, hit: hit !== null && (hit === e || e.contains(hit)) }};"
    )
}

pub(super) fn assert_on_screen(what: &str, at: &Value) {
    let num = |k: &str| at[k].as_f64().unwrap_or(f64::NAN);
    assert!(
        num("height") > 0.0
            && num("top") >= 0.0
            && num("bottom") <= num("vh")
            && num("scrolled") == 0.0
            && at["hit"] == Value::Bool(true),
        "{what} is not visible without scrolling: {at}"
    );
}

/// The demo at a time with shows on sale, and a cashier signed in at 1366×768 who picked
/// a cinema with one and sees its open-till form; returns that cinema too.
pub(super) async fn cashier_at_open_till(
    driver: &harness::Driver,
) -> (super::TestApp, Browser, String) {
    let app = demo_app().await;
    app.clock
        .set(super::helpers::start_time() + chrono::Duration::hours(22));
    let cinema = cinema_selling_today(&app).await;
    let b = driver.browser(1366, 768).await;
    b.goto(&format!("{}/login?next=/kiosk", app.base)).await;
    b.fill("input[name=email]", "cashier@moviehub.local").await;
    b.fill("input[name=password]", moviehub::demo::DEMO_PASSWORD)
        .await;
    b.click("form.stack button[type=submit]").await;
    b.wait_for(
        "return document.querySelector('.cinema-pick') !== null;",
        LOAD,
        "the cinema picker",
    )
    .await;
    b.click(&format!(".cinema-pick a[href=\"/kiosk?cinema={cinema}\"]"))
        .await;
    b.wait_for(&visible("open-till"), LOAD, "the open-till form")
        .await;
    (app, b, cinema)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_1366_by_768_the_kiosk_remembers_its_cinema_and_confirm_needs_no_scrolling() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let (app, b, cinema) = cashier_at_open_till(&driver).await;

    // The next visit to /kiosk opens the same cinema (no picker), with a way to change it.
    b.goto(&format!("{}/kiosk", app.base)).await;
    b.wait_for(&visible("open-till"), LOAD, "the remembered cinema")
        .await;
    assert_eq!(
        b.js("return document.querySelector('#open-till input[name=cinema_id]').value;")
            .await,
        Value::String(cinema.clone())
    );
    assert!(b.text("#change-cinema").await.contains("Đổi rạp"));
    b.click("button[data-amount=\"1000000\"]").await;
    b.click("#open-till button[type=submit]").await;
    b.wait_for(&visible("showtimes"), LOAD, "today's showtimes")
        .await;
    b.click("#showtimes a.show-button").await;
    b.wait_for(
        "return document.getElementById('live-status').classList.contains('ok');",
        LOAD,
        "the live seat map",
    )
    .await;

    // A family of four: four lines in the basket, priced by the server.
    let seats = b
        .js(
            "return [...document.querySelectorAll('#hall button.seat.available')] \
             .slice(0, 4).map((s) => s.dataset.seat);",
        )
        .await;
    let seats: Vec<String> = seats
        .as_array()
        .expect("seats")
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect();
    assert_eq!(seats.len(), 4, "four free seats");
    for seat in &seats {
        b.click(&format!("button.seat[data-seat=\"{seat}\"]")).await;
        b.wait_for(&mine(seat), LOAD, "a seat in the basket").await;
    }
    b.wait_for(
        "return document.querySelectorAll('#basket-lines li:not(.empty)').length === 4 \
         && document.getElementById('basket-lines').dataset.quoted === 'true' \
         && !document.getElementById('pay-cash').disabled;",
        LOAD,
        "four seats priced",
    )
    .await;
    let top =
        "window.scrollTo(0, 0); document.getElementById('basket').scrollTop = 0; return true;";
    b.js(top).await;
    assert_on_screen("the cash button", &b.js(&on_screen("pay-cash")).await);
    b.click("#pay-cash").await;
    b.wait_for(&visible("cash-panel"), LOAD, "the cash panel")
        .await;
    b.click("#tender-exact").await;
    b.wait_for(
        "return !document.getElementById('confirm-cash').disabled;",
        LOAD,
        "enough cash",
    )
    .await;
    b.js(top).await;
    b.screenshot("kiosk-sale-1366").await;
    assert_on_screen(
        "the confirm button",
        &b.js(&on_screen("confirm-cash")).await,
    );
    b.assert_no_console_errors().await;
    b.close().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_1366_by_768_the_till_is_counted_on_the_on_screen_keypad() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let (app, b, _) = cashier_at_open_till(&driver).await;
    b.click("button[data-amount=\"1000000\"]").await;
    b.click("#open-till button[type=submit]").await;
    b.wait_for(&visible("showtimes"), LOAD, "today's showtimes")
        .await;
    b.click("#close-till").await;
    b.wait_for(
        "return document.getElementById('close-form') !== null;",
        LOAD,
        "the close form",
    )
    .await;

    // The keypad: big keys, each with a Vietnamese name; the first note's box has focus.
    let keys = b
        .js(
            "return [...document.querySelectorAll('#note-keypad button')].map((k) => { \
               const r = k.getBoundingClientRect(); \
               return [k.dataset.noteKey, r.width, r.height, k.getAttribute('aria-label') || k.textContent]; });",
        )
        .await;
    let keys = keys.as_array().expect("keypad keys");
    let names: Vec<&str> = keys.iter().filter_map(|k| k[0].as_str()).collect();
    for want in [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "00", "000", "back", "clear", "next",
    ] {
        assert!(names.contains(&want), "no {want} key: {names:?}");
    }
    for k in keys {
        assert!(
            k[1].as_f64().unwrap_or(0.0) >= 48.0 && k[2].as_f64().unwrap_or(0.0) >= 48.0,
            "a key under 48 px: {k}"
        );
    }
    let label = |key: &str| {
        keys.iter()
            .find(|k| k[0] == key)
            .and_then(|k| k[3].as_str())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(label("back"), "Xoá chữ số cuối");
    assert_eq!(label("next"), "Sang mệnh giá tiếp theo");
    assert!(b.text("#note-key-next").await.contains("Tiếp"));
    let focused = "return document.activeElement.name || document.activeElement.id;";
    assert_eq!(b.js(focused).await, Value::String("n500000".into()));

    // 2 × 500.000 on the keypad, then "Next" to the 200.000 box.
    let key = |k: &str| format!("#note-keypad button[data-note-key=\"{k}\"]");
    b.click(&key("2")).await;
    assert_eq!(b.js(focused).await, Value::String("n500000".into()));
    assert_eq!(
        b.text("output[data-subtotal=\"500000\"]").await,
        "1.000.000 ₫"
    );
    b.click(&key("next")).await;
    assert_eq!(b.js(focused).await, Value::String("n200000".into()));
    // Tapping a box selects it: 3 × 10.000, after a slip put right with ⌫ and C.
    b.click("input[name=n10000]").await;
    assert_eq!(b.js(focused).await, Value::String("n10000".into()));
    for k in ["9", "000", "clear", "3", "3", "back"] {
        b.click(&key(k)).await;
    }
    assert_eq!(b.text("output[data-subtotal=\"10000\"]").await, "30.000 ₫");
    assert_eq!(b.text("output[data-subtotal=\"200000\"]").await, "");
    let counts = b
        .js("return [...document.querySelectorAll('input[data-note]')] \
             .filter((i) => i.value !== '').map((i) => i.name + '=' + i.value);")
        .await;
    assert_eq!(counts, serde_json::json!(["n500000=2", "n10000=3"]));
    let total = b
        .js("return document.getElementById('counted-cash').value;")
        .await;
    assert_eq!(
        format!("{} ₫", total.as_str().unwrap_or_default()),
        "1.030.000 ₫"
    );
    b.js("window.scrollTo(0, 0); return true;").await;
    assert_on_screen(
        "the done-counting button",
        &b.js(&on_screen("review-count")).await,
    );
    assert_on_screen("the next key", &b.js(&on_screen("note-key-next")).await);
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-count-keypad-1366").await;

    // The confirm step, then the variance: 1.000.000 float expected, 30.000 over.
    b.click("#review-count").await;
    b.wait_for(
        "return document.getElementById('confirm-close') !== null;",
        LOAD,
        "the confirm step",
    )
    .await;
    assert_eq!(b.text("#confirm-total").await, "1.030.000 ₫");
    assert_on_screen(
        "the confirm button",
        &b.js(&on_screen("confirm-close")).await,
    );
    b.click("#confirm-close").await;
    b.wait_for(
        "return document.getElementById('variance') !== null;",
        LOAD,
        "the cash-up",
    )
    .await;
    assert_eq!(b.text("#expected").await, "1.000.000 ₫");
    assert_eq!(b.text("#counted").await, "1.030.000 ₫");
    assert!(b.text("#variance").await.contains("+30.000 ₫"));
    assert_eq!(
        b.js("return document.getElementById('variance').classList.contains('over');")
            .await,
        Value::Bool(true)
    );
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-close-keypad-1366").await;
    b.close().await;
    app.stop().await;
}

pub(super) async fn cashier_id(app: &super::TestApp) -> String {
    app.state
        .users
        .list(1, 100)
        .await
        .expect("users")
        .0
        .into_iter()
        .find(|u| u.email == "cashier@moviehub.local")
        .expect("demo cashier")
        .id
}

/// A key pressed on the page (as the cashier's keyboard sends it to the document).
pub(super) async fn press(b: &Browser, key: &str) {
    b.js(&format!(
        "const t = document.activeElement || document.body; \
         t.dispatchEvent(new KeyboardEvent('keydown', {{ key: '{key}', bubbles: true, cancelable: true }})); \
         return true;"
    ))
    .await;
}

pub(super) fn mine(seat: &str) -> String {
    format!(
        "const s = document.querySelector('button.seat[data-seat=\"{seat}\"]'); \
         return s !== null && s.classList.contains('mine');"
    )
}

/// "180.000 ₫" → 180000.
pub(super) fn parse_vnd(text: &str) -> i64 {
    text.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("an amount")
}
