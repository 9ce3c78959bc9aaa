//! Browser tests: the real app with the demo data, driven in headless Chromium.
//! Skipped with a loud message when Chromium is missing, failed when `CI` is set.

mod admin;
mod basket;
mod checkout;
mod cinema;
mod day;
mod harness;
mod header;
#[path = "../api/helpers.rs"]
mod helpers;
mod kiosk;
mod kiosk_basket;
mod refund;
mod scan;
mod seatmap_live;

use helpers::{spawn_app, TestApp};
use serde_json::Value;
use std::time::Duration;

/// Seat changes must reach other viewers within this (issue 6).
const LIVE: Duration = Duration::from_secs(1);
/// Generous limit for page loads and the viewer's own confirmations.
const LOAD: Duration = Duration::from_secs(10);

async fn demo_app() -> TestApp {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    app
}

/// The showtime on sale now in the largest hall (the demo schedules the coming week).
async fn selling_showtime(app: &TestApp) -> String {
    use moviehub::cinemas::ShowtimeStatus;
    let mut best: Option<(u32, String)> = None;
    for movie in app.state.catalog.now_showing().await.expect("now showing") {
        let upcoming = app
            .state
            .cinemas
            .upcoming_for_movie(&movie.id)
            .await
            .expect("showtimes");
        for st in upcoming {
            let bigger = best.as_ref().is_none_or(|(n, _)| st.total_seats > *n);
            if st.status == ShowtimeStatus::Selling && bigger {
                best = Some((st.total_seats, st.id));
            }
        }
    }
    best.expect("the demo data has no showtime on sale").1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_lists_movies_and_search_finds_lat_mat() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    // A poster URL nobody answers: the card must fall back to the placeholder.
    let broken: moviehub::catalog::NewMovie = serde_json::from_value(serde_json::json!({
        "title": "Poster Thất Lạc",
        "runtime_minutes": 95,
        "release_date": "2026-11-01",
        "age_rating": "P",
        "poster_url": "http://127.0.0.1:9/poster.jpg",
        "releases": [{ "start_date": "2026-11-01" }],
    }))
    .expect("movie json");
    let broken = app.state.catalog.create(broken).await.expect("movie");
    let b = driver.browser(1280, 1000).await;

    b.goto(&format!("{}/", app.base)).await;
    let card = format!("#now-showing a[href=\"/movies/{}\"]", broken.id);
    b.wait_for(
        &format!("return document.querySelector('{card} .poster img') === null;"),
        LOAD,
        "the placeholder of an unreachable poster",
    )
    .await;
    let placeholder = b.text(&format!("{card} .poster-fallback b")).await;
    assert_eq!(placeholder, "PT");
    let now = b.text("#now-showing").await;
    assert!(now.contains("Lật Mặt"), "now showing: {now}");
    let cards = b
        .js("return document.querySelectorAll('#now-showing .card').length;")
        .await;
    assert!(cards.as_u64().unwrap_or(0) >= 5, "cards: {cards}");
    let soon = b
        .js("return document.querySelectorAll('#coming-soon .card').length;")
        .await;
    assert!(soon.as_u64().unwrap_or(0) >= 1, "coming soon: {soon}");
    b.assert_no_console_errors().await;
    b.screenshot("home").await;

    b.fill("#q", "lat mat").await;
    b.click("form.search button[type=submit]").await;
    b.wait_for(
        "return document.querySelector('#results .card h3') !== null;",
        LOAD,
        "search results",
    )
    .await;
    let first = b.text("#results .card h3").await;
    assert!(first.starts_with("Lật Mặt"), "first result: {first}");
    b.assert_no_console_errors().await;
    b.screenshot("search-lat-mat").await;

    b.click("#results .card a").await;
    b.wait_for(
        "return document.querySelector('.movie h1') !== null;",
        LOAD,
        "movie page",
    )
    .await;
    assert!(b.text(".movie h1").await.starts_with("Lật Mặt"));
    let lat_mat = app
        .state
        .catalog
        .list(moviehub::catalog::MovieQuery {
            fts: Some("\"lat\"* \"mat\"*".into()),
            ..Default::default()
        })
        .await
        .expect("search")
        .items
        .remove(0);
    let rating = b.text(".rating-line").await;
    let code = lat_mat.age_rating.as_str();
    let meaning = moviehub::i18n::text(moviehub::i18n::Lang::Vi, &format!("rating-{code}"), &[]);
    assert_eq!(
        rating,
        format!("{code} {meaning}"),
        "age-rating badge with its Vietnamese meaning"
    );
    let slots = b
        .js("return document.querySelectorAll('.slots .slot').length;")
        .await;
    assert!(slots.as_u64().unwrap_or(0) >= 1, "showtimes: {slots}");
    b.assert_no_console_errors().await;
    b.screenshot("movie").await;

    b.close().await;
    app.stop().await;
}

/// Tap two free standard seats side by side on the open seat map and wait for both holds;
/// returns their ids.
async fn hold_two_standard_seats(b: &harness::Browser) -> Vec<String> {
    let picked = b
        .js(
            "const free = [...document.querySelectorAll('#hall button.seat.available.type-STANDARD')]; \
             const a = free.find((s, i) => free[i + 1] && free[i + 1].dataset.row === s.dataset.row); \
             const c = free[free.indexOf(a) + 1]; \
             return [a.dataset.seat, c.dataset.seat];",
        )
        .await;
    let seats: Vec<String> = picked
        .as_array()
        .expect("two seats")
        .iter()
        .map(|v| v.as_str().expect("seat id").to_string())
        .collect();
    for seat in &seats {
        b.click(&format!("button.seat[data-seat=\"{seat}\"]")).await;
        b.wait_for(&seat_has(seat, "mine"), LOAD, "my hold").await;
    }
    seats
}

/// Sign in through the login form.
async fn sign_in(b: &harness::Browser, base: &str, email: &str, password: &str) {
    b.goto(&format!("{base}/login")).await;
    b.fill("input[name=email]", email).await;
    b.fill("input[name=password]", password).await;
    b.click("form.stack button[type=submit]").await;
    b.wait_for(
        "return document.querySelector('.account .who') !== null;",
        LOAD,
        "signed in",
    )
    .await;
}

/// Create an account through the register form (signs in).
async fn register(b: &harness::Browser, base: &str, name: &str, email: &str, password: &str) {
    b.goto(&format!("{base}/register")).await;
    b.fill("input[name=full_name]", name).await;
    b.fill("input[name=email]", email).await;
    b.fill("input[name=password]", password).await;
    b.click("form.stack button[type=submit]").await;
    b.wait_for(
        "return document.querySelector('.account .who') !== null;",
        LOAD,
        "registered and signed in",
    )
    .await;
    // The name sits in the account menu, which a phone shows folded.
    let shown = b
        .js("return document.querySelector('.account .who').textContent.trim();")
        .await;
    assert_eq!(shown, name);
}

fn seat_has(seat_id: &str, class: &str) -> String {
    format!(
        "const s = document.querySelector('button.seat[data-seat=\"{seat_id}\"]'); \
         return s !== null && s.classList.contains('{class}');"
    )
}

async fn open_seat_map(b: &harness::Browser, base: &str, showtime: &str) {
    b.goto(&format!("{base}/showtimes/{showtime}")).await;
    b.wait_for(
        "return document.getElementById('live-status').classList.contains('ok');",
        LOAD,
        "live seat map",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hold_in_one_browser_appears_live_in_another() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let showtime = selling_showtime(&app).await;
    let a = driver.browser(1280, 1000).await;
    let b = driver.browser(412, 915).await; // a phone

    sign_in(
        &a,
        &app.base,
        "customer@moviehub.local",
        moviehub::demo::DEMO_PASSWORD,
    )
    .await;
    register(
        &b,
        &app.base,
        "Trần Bình",
        "binh@example.com",
        "xem phim vui",
    )
    .await;
    open_seat_map(&a, &app.base, &showtime).await;
    open_seat_map(&b, &app.base, &showtime).await;

    let seat: Value = a
        .js(
            "const s = document.querySelector('#hall button.seat.available'); \
             return [s.dataset.seat, s.getAttribute('aria-label')];",
        )
        .await;
    let seat_id = seat[0].as_str().expect("seat id").to_string();
    let name = seat[1].as_str().expect("accessible name").to_string();
    let name_shape = regex_like_seat_name(&name);
    assert!(name_shape, "accessible name: {name}");

    // Hold in A: B sees it held within a second; A sees it as its own with a countdown.
    a.click(&format!("button.seat[data-seat=\"{seat_id}\"]"))
        .await;
    b.wait_for(
        &seat_has(&seat_id, "held"),
        LIVE,
        "the hold in the other browser",
    )
    .await;
    a.wait_for(&seat_has(&seat_id, "mine"), LOAD, "my own hold")
        .await;
    let price = name.rsplit(", ").next().expect("price part").to_string();
    assert_eq!(a.text("#total").await, price);
    let summary = a.text("#selected-seats").await;
    assert!(summary.starts_with("Ghế "), "summary: {summary}");
    let countdown = a.text("#countdown").await;
    assert!(
        countdown.starts_with("Giữ chỗ còn "),
        "countdown: {countdown}"
    );
    let pressed = a
        .js(&format!(
            "return document.querySelector('button.seat[data-seat=\"{seat_id}\"]').getAttribute('aria-pressed');"
        ))
        .await;
    assert_eq!(pressed, Value::String("true".into()));
    let disabled_in_b = b
        .js(&format!(
            "return document.querySelector('button.seat[data-seat=\"{seat_id}\"]').getAttribute('aria-disabled');"
        ))
        .await;
    assert_eq!(
        disabled_in_b,
        Value::String("true".into()),
        "others cannot take a held seat"
    );
    // A tap on it says why, in words.
    b.click(&format!("button.seat[data-seat=\"{seat_id}\"]"))
        .await;
    b.wait_for(
        "return !document.getElementById('seat-message').hidden;",
        LOAD,
        "why the seat cannot be had",
    )
    .await;
    let why = b.text("#seat-message").await;
    assert!(why.contains("Ghế này đang có người chọn"), "message: {why}");
    assert_eq!(
        b.js(&seat_has(&seat_id, "held")).await,
        Value::Bool(true),
        "the tap took nothing"
    );
    a.screenshot("seatmap-holder").await;
    b.screenshot("seatmap-other-phone").await;

    // Release in A: B sees it free again within a second.
    a.click(&format!("button.seat[data-seat=\"{seat_id}\"]"))
        .await;
    b.wait_for(
        &seat_has(&seat_id, "available"),
        LIVE,
        "the release in the other browser",
    )
    .await;
    a.wait_for(&seat_has(&seat_id, "available"), LOAD, "my release")
        .await;
    assert_eq!(a.text("#selected-seats").await, "Chưa chọn ghế nào");

    // Keyboard: B focuses the seat and presses Enter; A sees it held by someone else.
    b.js(&format!(
        "document.querySelector('button.seat[data-seat=\"{seat_id}\"]').focus(); return true;"
    ))
    .await;
    let focused = b.client.active_element().await.expect("focused seat");
    focused.send_keys("\u{E007}").await.expect("Enter");
    a.wait_for(
        &seat_has(&seat_id, "held"),
        LIVE,
        "the keyboard hold in the other browser",
    )
    .await;
    b.wait_for(&seat_has(&seat_id, "mine"), LOAD, "the keyboard hold")
        .await;

    a.assert_no_console_errors().await;
    b.assert_no_console_errors().await;
    b.screenshot("seatmap-keyboard-hold-phone").await;
    a.close().await;
    b.close().await;
    app.stop().await;
}

/// "Hàng E ghế 7, VIP, 120.000 ₫".
fn regex_like_seat_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split(", ").collect();
    let [place, kind, price] = parts.as_slice() else {
        return false;
    };
    let place_ok = place.starts_with("Hàng ") && place.contains(" ghế ");
    let price_ok = price.ends_with(" ₫")
        && price
            .trim_end_matches(" ₫")
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
    place_ok && !kind.is_empty() && price_ok
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hold_limit_and_refusals_show_inline() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = helpers::spawn_app_with(|s| s.holds.max_per_user = 1).await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let showtime = selling_showtime(&app).await;
    let b = driver.browser(1920, 1080).await; // the lobby touch screen size
    sign_in(
        &b,
        &app.base,
        "customer@moviehub.local",
        moviehub::demo::DEMO_PASSWORD,
    )
    .await;
    open_seat_map(&b, &app.base, &showtime).await;
    let ids = b
        .js(
            "return [...document.querySelectorAll('#hall button.seat.available')] \
             .filter((s) => !s.classList.contains('type-COUPLE')).slice(0, 2) \
             .map((s) => s.dataset.seat);",
        )
        .await;
    let first = ids[0].as_str().expect("first seat").to_string();
    let second = ids[1].as_str().expect("second seat").to_string();
    b.click(&format!("button.seat[data-seat=\"{first}\"]"))
        .await;
    b.wait_for(&seat_has(&first, "mine"), LOAD, "first hold")
        .await;
    assert_eq!(
        b.js("return document.getElementById('seat-message').hidden;")
            .await,
        Value::Bool(true),
        "no message before the limit"
    );
    b.click(&format!("button.seat[data-seat=\"{second}\"]"))
        .await;
    b.wait_for(
        "return !document.getElementById('seat-message').hidden;",
        LOAD,
        "the limit message",
    )
    .await;
    let message = b.text("#seat-message").await;
    assert!(
        message.contains("tối đa 1 ghế"),
        "limit message names the limit: {message}"
    );
    assert_eq!(
        b.js(&seat_has(&second, "available")).await,
        Value::Bool(true),
        "the refused seat stays available"
    );
    b.assert_no_console_errors().await;
    b.screenshot("seatmap-limit-1920").await;
    b.close().await;
    app.stop().await;
}

/// The one English journey of the seat map: a 390 px phone, the 20-seat rows of the largest
/// hall, a seat someone else is choosing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seat_map_fits_a_phone_and_says_in_english_why_a_seat_is_taken() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let showtime = selling_showtime(&app).await;
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{showtime}/seats"), None)
        .await;
    let widest = map["data"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["seats"].as_array().map_or(0, Vec::len))
        .max()
        .unwrap_or(0);
    assert!(widest >= 20, "the demo's largest hall has 20-seat rows");
    // Someone else is choosing the first free seat of the first row.
    let taken = map["data"]["rows"][0]["seats"]
        .as_array()
        .expect("seats")
        .iter()
        .find(|s| s["couple_with"].is_null() && s["status"] == "AVAILABLE")
        .expect("a free seat")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let someone = moviehub::holds::Actor {
        user_id: std::sync::Arc::from("someone-else"),
        box_office: false,
    };
    app.state
        .holds
        .hold(&showtime, &taken, &someone)
        .await
        .expect("someone else's hold");

    let b = driver.browser_english(390, 844).await;
    phone_viewport(&driver, &b, 390, 844).await;
    sign_in(
        &b,
        &app.base,
        "customer@moviehub.local",
        moviehub::demo::DEMO_PASSWORD,
    )
    .await;
    open_seat_map(&b, &app.base, &showtime).await;
    assert_eq!(
        b.js("return document.documentElement.lang;").await,
        Value::String("en".into())
    );
    assert_eq!(
        b.js("return window.innerWidth;").await,
        Value::from(390),
        "a 390 px wide phone"
    );
    assert_eq!(
        b.text("#live-status").await,
        "Live: seats update as others choose"
    );
    assert_eq!(b.text("#selected-seats").await, "No seats selected");
    assert!(b.text(".screen").await.eq_ignore_ascii_case("screen"));
    let venue = b.text("#venue").await;
    assert!(!b.text("#venue-cinema").await.is_empty(), "venue: {venue}");

    // Touch-sized seats; the hall scrolls inside its own box, never the page.
    let smallest = b
        .js(
            "return Math.min(...[...document.querySelectorAll('#hall button.seat')].map((s) => \
             Math.min(s.getBoundingClientRect().width, s.getBoundingClientRect().height)));",
        )
        .await;
    assert!(
        smallest.as_f64().unwrap_or(0.0) >= 32.0,
        "seats at least 32 px: {smallest}"
    );
    let fits = b
        .js("return [document.documentElement.scrollWidth, window.innerWidth, \
             document.querySelector('.hall-wrap').scrollWidth > document.querySelector('.hall-wrap').clientWidth];")
        .await;
    assert!(
        fits[0].as_f64() <= fits[1].as_f64(),
        "no sideways page scroll: {fits}"
    );
    assert_eq!(
        fits[2],
        Value::Bool(true),
        "the hall scrolls in its box: {fits}"
    );

    // The seat someone else is choosing: in words, on tap.
    let label = b
        .js(&format!(
            "return document.querySelector('button.seat[data-seat=\"{taken}\"]').getAttribute('aria-label');"
        ))
        .await;
    let label = label.as_str().unwrap_or_default().to_string();
    assert!(
        label.starts_with("Row ") && label.ends_with("being chosen by someone else"),
        "{label}"
    );
    b.js(&format!(
        "document.querySelector('button.seat[data-seat=\"{taken}\"]').scrollIntoView({{block: 'center', inline: 'center'}}); return true;"
    ))
    .await;
    b.click(&format!("button.seat[data-seat=\"{taken}\"]"))
        .await;
    b.wait_for(
        "return !document.getElementById('seat-message').hidden;",
        LOAD,
        "why the seat cannot be had",
    )
    .await;
    let why = b.text("#seat-message").await;
    assert!(
        why.contains("Someone else is choosing this seat"),
        "message: {why}"
    );

    // A free seat: held, and Continue speaks English.
    let free = b
        .js("return document.querySelector('#hall button.seat.available.type-STANDARD').dataset.seat;")
        .await
        .as_str()
        .expect("free seat")
        .to_string();
    b.js(&format!(
        "document.querySelector('button.seat[data-seat=\"{free}\"]').scrollIntoView({{block: 'center', inline: 'center'}}); return true;"
    ))
    .await;
    b.click(&format!("button.seat[data-seat=\"{free}\"]")).await;
    b.wait_for(&seat_has(&free, "mine"), LOAD, "my hold").await;
    b.wait_for(
        "return document.getElementById('continue').textContent.startsWith('Continue with 1 seat · ');",
        LOAD,
        "Continue with the quoted total",
    )
    .await;
    assert!(b.text("#countdown").await.starts_with("Held for "));
    let page_width = b
        .js("return document.documentElement.scrollWidth <= window.innerWidth;")
        .await;
    assert_eq!(page_width, Value::Bool(true), "still no sideways scroll");
    b.assert_no_console_errors().await;
    b.screenshot("seatmap-english-phone-390").await;
    b.close().await;
    app.stop().await;
}

/// Emulate a phone's viewport (headless Chromium keeps windows at least 500 px wide).
async fn phone_viewport(driver: &harness::Driver, b: &harness::Browser, width: u32, height: u32) {
    let sid = b
        .client
        .session_id()
        .await
        .expect("session id")
        .expect("session id");
    let res = reqwest::Client::new()
        .post(format!("{}/session/{sid}/goog/cdp/execute", driver.url))
        .json(&serde_json::json!({
            "cmd": "Emulation.setDeviceMetricsOverride",
            "params": { "width": width, "height": height, "deviceScaleFactor": 1, "mobile": true },
        }))
        .send()
        .await
        .expect("cdp call");
    assert!(res.status().is_success(), "viewport: {}", res.status());
}
