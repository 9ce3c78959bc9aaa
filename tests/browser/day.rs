//! The manager's day pages in Chromium: a cashier's open till keeps the day from closing,
//! then the day closes and its Z-report prints on A4 and on the 80 mm roll; a movement is
//! recorded on the till's page; the approvals page lists what waits.

use super::harness;
use super::{demo_app, LOAD};

/// Sign in through the login form, then go to `path`.
async fn sign_in_to(b: &harness::Browser, base: &str, email: &str, path: &str) {
    super::sign_in(b, base, email, moviehub::demo::DEMO_PASSWORD).await;
    b.goto(&format!("{base}{path}")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_closes_the_day_once_the_tills_are_closed_and_prints_its_z_report() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let cinema = app
        .state
        .cinemas
        .list_cinemas(&Default::default())
        .await
        .expect("cinemas")
        .remove(0);
    let cashier = driver.browser(1920, 1080).await;
    sign_in_to(&cashier, &app.base, "cashier@moviehub.local", "/kiosk").await;
    let cashier_id = app
        .state
        .users
        .by_email("cashier@moviehub.local")
        .await
        .expect("cashier")
        .id;
    app.state
        .tills
        .open(&cashier_id, Some(cinema.id.clone()), 1_000_000)
        .await
        .expect("till");

    // The cashier drops cash to the safe from the till's page.
    cashier
        .goto(&format!("{}/kiosk/till/movements", app.base))
        .await;
    cashier.click("input[name=kind][value=DROP]").await;
    cashier.fill("#move-amount", "400.000").await;
    cashier.fill("#move-reason", "Nộp két giữa ca").await;
    cashier.click("#move-submit").await;
    cashier
        .wait_for(
            "return document.getElementById('move-done') !== null;",
            LOAD,
            "the movement recorded",
        )
        .await;
    assert!(cashier.text("#movements").await.contains("-400.000 ₫"));
    cashier.assert_no_console_errors().await;
    cashier.screenshot("kiosk-movements").await;

    // The manager cannot close the day while that till is open.
    let b = driver.browser(1920, 1080).await;
    let day = format!("/kiosk/day?cinema={}", cinema.id);
    sign_in_to(&b, &app.base, "manager@moviehub.local", &day).await;
    b.wait_for(
        "return document.getElementById('open-tills') !== null;",
        LOAD,
        "the day page",
    )
    .await;
    assert!(b.text("#open-tills").await.contains("Demo Cashier"));
    b.click("#close-day-submit").await;
    b.wait_for(
        "return document.getElementById('day-error') !== null;",
        LOAD,
        "the refusal",
    )
    .await;
    assert!(b.text("#day-error").await.contains("còn 1 ca chưa đóng"));
    b.screenshot("kiosk-day-refused").await;

    // The till closes; now the day does, straight to its Z-report.
    app.state
        .tills
        .close(&cashier_id, 600_000)
        .await
        .expect("close till");
    b.goto(&format!("{}{day}", app.base)).await;
    b.click("#close-day-submit").await;
    b.wait_for(
        "return document.getElementById('zreport') !== null;",
        LOAD,
        "the Z-report",
    )
    .await;
    assert!(b.text("#zr-tills").await.contains("Demo Cashier"));
    assert_eq!(b.text("#zr-variance").await, "0 ₫");
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-zreport-a4").await;
    b.click("#paper-80mm").await;
    b.wait_for(
        "return document.body.classList.contains('paper-80mm');",
        LOAD,
        "the 80 mm layout",
    )
    .await;
    let width = b
        .js("return document.getElementById('zreport').getBoundingClientRect().width;")
        .await;
    assert!(
        width.as_f64().unwrap_or(0.0) < 320.0,
        "80 mm is about 302 px: {width}"
    );
    b.screenshot("kiosk-zreport-80mm").await;

    b.goto(&format!("{}/kiosk/refunds", app.base)).await;
    b.wait_for(
        "return document.getElementById('awaiting-h') !== null;",
        LOAD,
        "the approvals",
    )
    .await;
    b.assert_no_console_errors().await;
    b.screenshot("kiosk-approvals").await;
    cashier.close().await;
    b.close().await;
    app.stop().await;
}
