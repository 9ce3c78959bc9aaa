//! The header on a 360 px phone: it fits without a sideways scroll, Sign out is on screen, the
//! menu opens with the visitor's links; the language switch turns the page English and back.

use super::{demo_app, harness, sign_in, LOAD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_header_fits_360_px_and_sign_out_stays_reachable() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let b = driver.browser(360, 740).await;
    sign_in(
        &b,
        &app.base,
        "customer@moviehub.local",
        moviehub::demo::DEMO_PASSWORD,
    )
    .await;
    b.goto(&format!("{}/", app.base)).await;
    let fits = b
        .js("return document.documentElement.scrollWidth <= window.innerWidth;")
        .await;
    assert_eq!(fits, true, "the page scrolls sideways at 360 px");
    let sign_out = b
        .js(
            "const r = document.querySelector('.sign-out').getBoundingClientRect();
             return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth && r.top >= 0;",
        )
        .await;
    assert_eq!(sign_out, true, "Sign out is off screen");
    assert_eq!(b.text(".sign-out").await, "Đăng xuất");
    let hidden = b
        .js("return !document.querySelector('.menu-items a[href=\"/my/bookings\"]').checkVisibility();")
        .await;
    assert_eq!(hidden, true, "the menu starts closed on a phone");
    b.click("#account-menu > summary").await;
    b.wait_for(
        "const a = document.querySelector('.menu-items a[href=\"/my/bookings\"]');
         const r = a.getBoundingClientRect();
         return a.checkVisibility() && r.right <= window.innerWidth && r.left >= 0;",
        LOAD,
        "the open menu shows My bookings on screen",
    )
    .await;
    assert_eq!(
        b.text(".menu-items a[href=\"/my/bookings\"]").await,
        "Vé của tôi"
    );
    b.screenshot("header-phone-vi").await;
    b.assert_no_console_errors().await;
    b.close().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_turns_the_site_english_and_is_remembered() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let b = driver.browser(1280, 900).await;
    b.goto(&format!("{}/login", app.base)).await;
    assert_eq!(b.js("return document.documentElement.lang;").await, "vi");
    assert_eq!(b.text("h1").await, "Đăng nhập");
    b.click("a.lang-switch[hreflang=en]").await;
    b.wait_for(
        "return document.documentElement.lang === 'en' && location.pathname === '/login';",
        LOAD,
        "the same page in English",
    )
    .await;
    assert_eq!(b.text("h1").await, "Sign in");
    b.goto(&format!("{}/", app.base)).await;
    assert!(
        b.text("#now-h").await.contains("Now showing"),
        "the cookie is kept"
    );
    b.click("a.lang-switch[hreflang=vi]").await;
    b.wait_for(
        "return document.documentElement.lang === 'vi';",
        LOAD,
        "back to Vietnamese",
    )
    .await;
    assert_eq!(b.text("#now-h").await, "Phim đang chiếu");
    b.assert_no_console_errors().await;
    b.close().await;
    app.stop().await;
}
