//! Cinema first in Vietnamese: the home page → "Chọn theo rạp" → a cinema → tomorrow's tab →
//! a showtime button (price from, seats left) → its seat map naming the cinema.

use super::{demo_app, harness, phone_viewport, LOAD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moviegoer_picks_a_cinema_a_day_and_a_showtime_on_a_laptop() {
    cinema_journey(1366, 768).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moviegoer_picks_a_cinema_a_day_and_a_showtime_on_a_phone() {
    cinema_journey(390, 844).await;
}

async fn cinema_journey(width: u32, height: u32) {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let b = driver.browser(width.max(500), height).await;
    if width < 500 {
        phone_viewport(&driver, &b, width, height).await;
    }
    b.goto(&format!("{}/", app.base)).await;
    b.click("a[href=\"/cinemas\"]").await;
    b.wait_for(
        "return location.pathname === '/cinemas';",
        LOAD,
        "the cinema list",
    )
    .await;
    assert_eq!(b.text("#cinemas-h").await, "Rạp chiếu");
    let name = b.text(".cinema-card b").await;
    b.click(".cinema-card").await;
    b.wait_for(
        "return document.querySelector('.date-tab.current') !== null;",
        LOAD,
        "the cinema's day",
    )
    .await;
    assert_eq!(b.text(".date-tab.current").await, "Hôm nay");
    assert_eq!(b.text("#cinema-h").await, name);
    b.click(".date-tab:nth-child(2)").await;
    b.wait_for(
        "const t = document.querySelector('.date-tab.current'); \
         return t !== null && t.textContent === 'Ngày mai';",
        LOAD,
        "tomorrow's tab",
    )
    .await;
    let version = b.text(".film .version h3").await;
    assert!(
        version.contains(" · Phụ đề")
            || version.contains(" · Lồng tiếng")
            || version.contains(" · Nguyên bản"),
        "grouped by format and language: {version}"
    );
    let button = b.text(".film a.slot").await;
    assert!(
        button.contains("Từ ") && button.contains(" ₫"),
        "price from: {button}"
    );
    assert!(button.contains("Còn "), "seats left: {button}");
    let fits = b
        .js("return document.documentElement.scrollWidth <= window.innerWidth;")
        .await;
    assert_eq!(fits, true, "no sideways scroll at {width} px");
    let header_fits = b
        .js(
            "return [...document.querySelectorAll('.topbar a, .topbar button')] \
             .every((e) => e.getBoundingClientRect().right <= window.innerWidth);",
        )
        .await;
    assert_eq!(
        header_fits, true,
        "the header's links are all on screen at {width} px"
    );
    b.screenshot(&format!("cinema-day-{width}")).await;
    b.click(".film a.slot").await;
    b.wait_for(
        "return document.getElementById('seatmap-page') !== null;",
        LOAD,
        "the seat map",
    )
    .await;
    let head = b.text(".show-head").await;
    assert!(
        head.contains(&name),
        "the seat map names the cinema: {head}"
    );
    b.assert_no_console_errors().await;
    b.close().await;
    app.stop().await;
}
