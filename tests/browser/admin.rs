//! The manager's back office in Chromium: build a hall in the layout editor (the preview
//! follows the typing, a bad aisle is refused live), price it, schedule a week of a film in
//! the planner (a clash shown and nothing saved, then the week saved), sell with the load
//! generator, mark a sold seat broken (its booking listed), and read the revenue report: its
//! total equals the ledger's, computed here from bookings.db, and so does its CSV.

use super::harness;
use super::{demo_app, LOAD};
use serde_json::Value;

/// What the payments table of bookings.db says was taken (the ledger, read directly).
fn ledger_revenue(app: &super::TestApp) -> i64 {
    let db = rusqlite::Connection::open(app.state.settings.storage.data_dir.join("bookings.db"))
        .expect("bookings.db");
    db.query_row(
        "SELECT COALESCE(sum(amount), 0) FROM payments WHERE status IN ('SUCCESS', 'REFUNDED')",
        [],
        |r| r.get(0),
    )
    .expect("sum")
}

/// "1.234.000 ₫" → 1234000.
fn vnd(text: &str) -> i64 {
    text.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(-1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_builds_prices_and_schedules_a_hall_then_reads_its_revenue() {
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
    let b = driver.browser(1600, 1100).await;
    super::sign_in(
        &b,
        &app.base,
        "manager@moviehub.local",
        moviehub::demo::DEMO_PASSWORD,
    )
    .await;

    // The layout editor: an aisle that splits a couple seat is refused as you type.
    b.goto(&format!("{}/admin/cinemas", app.base)).await;
    b.click(&format!("#new-hall-{}", cinema.id)).await;
    b.wait_for(
        "return document.getElementById('hall-form') !== null;",
        LOAD,
        "the layout editor",
    )
    .await;
    b.fill("#f-name", "Phòng Thử Nghiệm").await;
    b.fill("#f-rows", "A-F").await;
    b.fill("#f-seats", "10").await;
    b.fill("#f-vip", "D, E").await;
    b.fill("#f-couple", "F").await;
    b.fill("#f-wheelchair", "A1").await;
    b.fill("#f-aisles", "5").await;
    b.wait_for(
        "const e = document.getElementById('preview-error'); \
         return e !== null && e.dataset.field === 'aisles_after';",
        LOAD,
        "the live refusal of an aisle through a couple seat",
    )
    .await;
    assert!(b.text("#preview-error").await.contains("couple seat"));
    b.fill("#f-aisles", "4").await;
    b.wait_for(
        "const c = document.getElementById('preview-capacity'); \
         return c !== null && c.dataset.capacity === '60';",
        LOAD,
        "the preview of 6 rows of 10",
    )
    .await;
    let drawn = b
        .js(
            "return [document.querySelectorAll('#preview .seat').length, \
             document.querySelectorAll('#preview .seat.type-COUPLE.couple-left').length, \
             document.querySelectorAll('#preview .seat.type-VIP').length];",
        )
        .await;
    assert_eq!(drawn, serde_json::json!([60, 5, 20]), "seats, couples, VIP");
    b.assert_no_console_errors().await;
    b.js("window.scrollTo(0, 0); document.activeElement.blur(); return true;")
        .await;
    b.screenshot("admin-layout-editor").await;
    b.click("#hall-save").await;
    b.wait_for(
        "return document.getElementById('notice') !== null && document.querySelector('.admin-grid') !== null;",
        LOAD,
        "the new hall's page",
    )
    .await;
    let hall = app
        .state
        .cinemas
        .halls(&cinema.id)
        .await
        .expect("halls")
        .into_iter()
        .find(|h| h.name == "Phòng Thử Nghiệm")
        .expect("the hall was built");
    assert_eq!(hall.capacity, 60);

    // Prices: every cell of the hall's table, edited in place.
    b.click("#to-prices").await;
    b.wait_for(
        &format!(
            "return document.getElementById('hall-{}') !== null;",
            hall.id
        ),
        LOAD,
        "the pricing page",
    )
    .await;
    let cells = b
        .js(&format!(
            "const inputs = [...document.querySelectorAll('#hall-{} input.price')]; \
             inputs.forEach((i, n) => {{ i.value = String(80000 + 10000 * n); }}); \
             return inputs.length;",
            hall.id
        ))
        .await;
    assert_eq!(cells, Value::from(12), "4 seat types × 3 day types");
    b.click(&format!("#save-{}", hall.id)).await;
    b.wait_for(
        "return document.getElementById('notice') !== null;",
        LOAD,
        "the prices saved",
    )
    .await;
    let prices = app.state.cinemas.prices(&hall.id).await.expect("prices");
    assert_eq!(prices.len(), 12);

    // The planner: a week at 10:00 and 11:00 clashes with itself; nothing is saved.
    let movie = app
        .state
        .catalog
        .now_showing()
        .await
        .expect("films")
        .remove(0);
    b.goto(&format!("{}/admin/planner?cinema={}", app.base, cinema.id))
        .await;
    let set = |id: &str, value: &str| {
        format!("document.getElementById('{id}').value = '{value}'; return true;")
    };
    b.js(&set("p-movie", &movie.id)).await;
    b.js(&set("p-hall", &hall.id)).await;
    b.fill("#p-from", "").await;
    b.js(&set("p-from", "2026-11-25")).await;
    b.js(&set("p-to", "2026-12-01")).await;
    b.fill("#p-times", "10:00, 11:00").await;
    b.click("#plan-check").await;
    b.wait_for(
        "return document.getElementById('plan-result') !== null;",
        LOAD,
        "the check",
    )
    .await;
    assert_eq!(
        b.js("return document.getElementById('plan-result').dataset.ok;")
            .await,
        Value::from("false")
    );
    assert!(b.text("#check-summary").await.contains("trùng giờ"));
    assert_eq!(
        b.js("return document.querySelectorAll('#check-table tr.clash').length;")
            .await,
        Value::from(7),
        "each day's 11:00 clashes with its 10:00"
    );
    b.screenshot("admin-planner-clash").await;
    let in_hall = |app: &super::TestApp| {
        let state = app.state.clone();
        let hall = hall.id.clone();
        async move {
            state
                .cinemas
                .list_showtimes(None, None, Some(hall), None)
                .await
                .expect("showtimes")
        }
    };
    assert!(
        in_hall(&app).await.is_empty(),
        "a checked batch saves nothing"
    );

    // Then the week at 10:00, 14:00 and 19:00.
    b.fill("#p-times", "10:00, 14:00, 19:00").await;
    b.click("#plan-save").await;
    b.wait_for(
        "return document.getElementById('notice') !== null;",
        LOAD,
        "the week saved",
    )
    .await;
    assert!(
        b.text("#notice").await.contains("21"),
        "{}",
        b.text("#notice").await
    );
    let shows = in_hall(&app).await;
    assert_eq!(shows.len(), 21);
    let lane = b
        .js("return document.querySelectorAll('.tl-block').length;")
        .await;
    assert!(
        lane.as_u64().unwrap_or(0) >= 3,
        "the day's timeline: {lane}"
    );
    b.assert_no_console_errors().await;
    b.screenshot("admin-planner").await;

    // Sales by the load generator's small scenario: 12 seats of the first showtime.
    let first = &shows[0];
    let detail = app.state.cinemas.hall(&hall.id).await.expect("hall");
    let seats: Vec<String> = detail
        .seats
        .iter()
        .filter(|s| s.couple_with.is_none())
        .take(12)
        .map(|s| s.id.clone())
        .collect();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_moviehub-load"))
        .args(["--url", &app.base, "--prefill", "20"])
        .args(["--showtime", &first.id, "--seat-ids", &seats.join(",")])
        .args(["bookings", "--users", "2"])
        .output()
        .await
        .expect("moviehub-load");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // A sold seat goes out of service: its booking is listed to be re-seated.
    b.goto(&format!("{}/admin/halls/{}", app.base, hall.id))
        .await;
    b.click(&format!("a.seat[href*=\"seat={}\"]", seats[0]))
        .await;
    b.wait_for(
        "return document.getElementById('seat-panel') !== null;",
        LOAD,
        "the seat's panel",
    )
    .await;
    assert_eq!(
        b.js("return document.querySelectorAll('#affected li').length;")
            .await,
        Value::from(1),
        "the booking of that seat"
    );
    b.click("input[name=status][value=BROKEN]").await;
    b.click("#seat-save").await;
    b.wait_for(
        "const s = document.getElementById('seat-status'); return s !== null && s.dataset.status === 'BROKEN';",
        LOAD,
        "the seat broken",
    )
    .await;
    let broken = app.state.cinemas.hall(&hall.id).await.expect("hall");
    let seat = broken
        .seats
        .iter()
        .find(|s| s.id == seats[0])
        .expect("seat");
    assert_eq!(seat.status, moviehub::cinemas::SeatStatus::Broken);
    b.assert_no_console_errors().await;
    b.screenshot("admin-hall-seat").await;

    // The heat map of the hall: the sold seats are shaded.
    b.goto(&format!(
        "{}/admin/reports/heatmap?hall={}&from=2026-11-01&to=2026-12-31",
        app.base, hall.id
    ))
    .await;
    let hot = b
        .js("return document.querySelectorAll('.admin-grid .seat:not(.heat-0)').length;")
        .await;
    assert_eq!(hot, Value::from(12), "the 12 seats sold");
    assert_eq!(
        b.js("return document.querySelectorAll('#heat-top tbody tr').length;")
            .await,
        Value::from(10)
    );
    b.assert_no_console_errors().await;
    b.screenshot("admin-heatmap").await;

    // The revenue report: its total is the ledger's, and so is its CSV's.
    b.goto(&format!(
        "{}/figures?from=2026-11-01&to=2026-12-31",
        app.base
    ))
    .await;
    let shown = vnd(&b.text("#total-revenue").await);
    let ledger = ledger_revenue(&app);
    assert!(ledger > 0, "the load generator sold");
    assert_eq!(shown, ledger, "the report's total against the ledger");
    // Admissions and occupancy per showtime: the load generator's 12 of the new hall's 60.
    let occupancy = b.text("#fig-occupancy").await;
    assert!(
        occupancy.contains("12 60 20,0 %") || occupancy.contains("12\t60\t20,0 %"),
        "{occupancy}"
    );
    let bars = b
        .js("return document.querySelectorAll('#chart-revenue rect').length;")
        .await;
    assert!(
        bars.as_u64().unwrap_or(0) >= 1,
        "revenue chart bars: {bars}"
    );
    let csv = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             fetch(document.querySelector('a[href*=\"by=day\"]').href) \
               .then((r) => r.arrayBuffer()) \
               .then((buf) => done([Array.from(new Uint8Array(buf.slice(0, 3))), new TextDecoder().decode(buf)]));",
            vec![],
        )
        .await
        .expect("the CSV");
    assert_eq!(
        csv[0],
        serde_json::json!([0xEF, 0xBB, 0xBF]),
        "a BOM for Excel"
    );
    let csv = csv[1].as_str().expect("text").to_string();
    let total = csv
        .lines()
        .find(|l| l.starts_with("total,"))
        .expect("total line");
    let revenue: i64 = total
        .split(',')
        .nth(4)
        .expect("revenue")
        .parse()
        .expect("number");
    assert_eq!(revenue, ledger, "the CSV's total against the ledger");
    b.assert_no_console_errors().await;
    b.screenshot("admin-revenue-chart").await;

    b.close().await;
    app.stop().await;
}
