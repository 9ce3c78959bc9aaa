//! The door scanner (`/scan`): who may open it, and an usher's manual code entry showing OK,
//! then "already used" with the time and door of the first check-in.

use super::{demo_app, harness, selling_showtime, LOAD};
use moviehub::cinemas::SeatCondition;
use serde_json::{json, Value};

/// POST JSON with a bearer token; the `data` of a 2xx answer.
async fn post_ok(app: &super::TestApp, path: &str, token: &str, body: Value) -> Value {
    let (s, b) = app.post(path, Some(token), body).await;
    assert!(s.is_success(), "{path}: {s} {b}");
    b["data"].clone()
}

/// A ticket sold at the box office.
struct Sold {
    seat: String,
    code: String,
    qr_payload: String,
}

/// A box-office cash sale of one seat by the demo cashier.
async fn sell_one_ticket(app: &super::TestApp, showtime: &str) -> Sold {
    let (s, login) = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "cashier@moviehub.local", "password": moviehub::demo::DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(s, 200, "{login}");
    let cashier = login["data"]["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    // Box-office sales go through an open till at the showtime's cinema.
    let cinema = app
        .state
        .cinemas
        .showtime(showtime)
        .await
        .expect("showtime")
        .cinema_id;
    post_ok(
        app,
        "/api/v1/tills",
        &cashier,
        json!({"opening_float": 0, "cinema_id": cinema}),
    )
    .await;
    let facts = app
        .state
        .cinemas
        .showtime_facts(showtime)
        .await
        .expect("facts");
    let seat = facts
        .seats
        .iter()
        .filter(|s| s.condition == SeatCondition::Active && s.couple_with.is_none())
        .min_by(|a, b| (&a.row, a.number).cmp(&(&b.row, b.number)))
        .expect("a single seat");
    post_ok(
        app,
        &format!("/api/v1/showtimes/{showtime}/holds"),
        &cashier,
        json!({"seat_id": seat.id}),
    )
    .await;
    let booking = post_ok(
        app,
        "/api/v1/bookings",
        &cashier,
        json!({"showtime_id": showtime, "seat_ids": [seat.id], "idempotency_key": "door-test"}),
    )
    .await;
    let id = booking["id"].as_str().expect("booking id");
    let total = booking["total"].as_i64().expect("total");
    let sale = post_ok(
        app,
        &format!("/api/v1/bookings/{id}/pay/box-office"),
        &cashier,
        json!({"method": "CASH", "tendered": total}),
    )
    .await;
    let ticket = &sale["tickets"][0];
    Sold {
        seat: seat.label.clone(),
        code: ticket["code"].as_str().expect("ticket code").to_string(),
        qr_payload: ticket["qr_payload"].as_str().expect("qr").to_string(),
    }
}

/// Move the clock to 10 minutes before the show (doors open 30 minutes before); returns that
/// instant.
async fn doors_open(app: &super::TestApp, showtime: &str) -> chrono::DateTime<chrono::Utc> {
    let start = app
        .state
        .cinemas
        .showtime_facts(showtime)
        .await
        .expect("facts")
        .start;
    let at = start - chrono::Duration::minutes(10);
    app.clock.set(at);
    at
}

/// Sign in through the login form the scanner sends a signed-out visitor to.
async fn usher_signs_in(b: &harness::Browser, base: &str) {
    b.goto(&format!("{base}/scan")).await;
    let url = b.client.current_url().await.expect("url");
    assert_eq!(url.path(), "/login", "signed out → sign in first");
    b.fill("input[name=email]", "usher@moviehub.local").await;
    b.fill("input[name=password]", moviehub::demo::DEMO_PASSWORD)
        .await;
    b.click("form.stack button[type=submit]").await;
    b.wait_for(
        "return document.getElementById('scan-app') !== null;",
        LOAD,
        "the scanner after signing in",
    )
    .await;
}

/// Choose the door (once per device).
async fn choose_door(b: &harness::Browser, door: &str) {
    b.fill("#door-input", door).await;
    b.click("#door-form button[type=submit]").await;
    b.wait_for(
        "return document.getElementById('door-form').hidden;",
        LOAD,
        "door chosen",
    )
    .await;
    assert_eq!(b.text("#door-label").await, format!("Cửa: {door}"));
}

/// A Y4M video (what Chromium's fake camera plays) of the QR code of `text` on white.
fn qr_video(text: &str, path: &std::path::Path) {
    let (w, h) = (640usize, 480usize);
    let png = moviehub::tickets::qr_png(text, 6).expect("qr png");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let (qw, qh) = (info.width as usize, info.height as usize);
    assert!(qw <= w && qh <= h, "QR {qw}x{qh} fits the frame");
    let mut luma = vec![255u8; w * h];
    let (x0, y0) = ((w - qw) / 2, (h - qh) / 2);
    for y in 0..qh {
        for x in 0..qw {
            luma[(y0 + y) * w + x0 + x] = buf[y * info.line_size + x];
        }
    }
    let mut out = format!("YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..2 {
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(&luma);
        out.extend(std::iter::repeat_n(128u8, w * h / 2));
    }
    std::fs::write(path, out).expect("write video");
}

#[tokio::test]
async fn the_scanner_page_is_for_door_staff_only() {
    let app = demo_app().await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let res = no_redirects
        .get(format!("{}/scan", app.base))
        .send()
        .await
        .expect("GET /scan");
    assert_eq!(res.status(), 303, "signed out → sign in");
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/login?next=/scan")
    );
    let customer = app.token("customer").await;
    let res = no_redirects
        .get(format!("{}/scan", app.base))
        .header("cookie", format!("mh_session={customer}"))
        .send()
        .await
        .expect("GET /scan as a customer");
    assert_eq!(res.status(), 403);
    let ctype = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(ctype.starts_with("text/html"), "{ctype}");
    let page = res.text().await.expect("body");
    assert!(page.contains("dành cho nhân viên soát vé"), "{page}");
    let usher = app.token("usher").await;
    let res = no_redirects
        .get(format!("{}/scan", app.base))
        .header("cookie", format!("mh_session={usher}"))
        .send()
        .await
        .expect("GET /scan as an usher");
    assert_eq!(res.status(), 200);
    let page = res.text().await.expect("body");
    assert!(
        page.contains(r#"data-timezone="Asia/Ho_Chi_Minh""#),
        "{page}"
    );
    assert!(page.contains(r#"data-utc-offset="420""#), "{page}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_usher_types_a_code_ok_then_already_used() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let showtime = selling_showtime(&app).await;
    let Sold { seat, code, .. } = sell_one_ticket(&app, &showtime).await;
    let scan_at = doors_open(&app, &showtime).await;
    let local = scan_at.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    let hhmm = local.format("%H:%M").to_string();

    let b = driver.browser(412, 915).await; // a phone
    usher_signs_in(&b, &app.base).await;
    // Headless Chromium has no camera: the page says so and typing still works.
    b.wait_for(
        "return document.getElementById('camera-box').classList.contains('off');",
        LOAD,
        "the no-camera message",
    )
    .await;
    let status = b.text("#camera-status").await;
    assert!(status.contains("Hãy nhập mã vé"), "{status}");
    choose_door(&b, "2").await;
    b.screenshot("scan-phone").await;

    // The door set to admit another of today's showtimes: red, which show the ticket is for.
    let other = b
        .js(&format!(
            "const o = [...document.querySelectorAll('#showtime-select option')] \
             .find((o) => o.value !== '' && o.value !== '{showtime}'); \
             if (!o) return null; \
             document.getElementById('showtime-select').value = o.value; \
             document.getElementById('showtime-select').dispatchEvent(new Event('change')); \
             return o.value;"
        ))
        .await;
    assert!(other.is_string(), "another showtime today to admit");
    let show = app.state.cinemas.showtime(&showtime).await.expect("show");
    let starts = chrono::DateTime::parse_from_rfc3339(&show.local_start).expect("local start");
    b.fill("#manual-code", &code).await;
    b.click("#manual-submit").await;
    b.wait_for(
        "const r = document.getElementById('result'); return !r.hidden && r.classList.contains('refused');",
        LOAD,
        "the wrong-showtime refusal",
    )
    .await;
    let title = b.text("#result-title").await;
    b.screenshot("scan-wrong-showtime").await;
    assert_eq!(
        title,
        format!(
            "Sai suất chiếu: vé này của phim {} lúc {}",
            show.movie_title,
            starts.format("%H:%M")
        )
    );
    b.js("document.getElementById('result').click(); \
          document.getElementById('showtime-select').value = ''; return true;")
        .await;
    b.wait_for(
        "return document.getElementById('result').hidden;",
        LOAD,
        "back to scanning",
    )
    .await;

    // First entry, lower case without dashes as an usher might type it: OK with the seat.
    let typed = code.replace('-', "").to_lowercase();
    b.fill("#manual-code", &typed).await;
    b.click("#manual-submit").await;
    b.wait_for(
        "const r = document.getElementById('result'); return !r.hidden && r.classList.contains('ok');",
        LOAD,
        "the green OK",
    )
    .await;
    let title = b.text("#result-title").await;
    let seat_line = b.text("#result-seat").await;
    let detail = b.text("#result-detail").await;
    b.screenshot("scan-ok").await;
    assert_eq!(title, "Vé hợp lệ");
    assert_eq!(seat_line, format!("Ghế {seat}"));
    assert!(detail.contains(&show.movie_title), "{detail}");
    assert!(detail.contains(&show.hall_name), "{detail}");

    // Tap (unless it already went by itself) to go back to scanning, then the same code
    // again: red, when and where.
    b.js("document.getElementById('result').click(); return true;")
        .await;
    b.wait_for(
        "return document.getElementById('result').hidden;",
        LOAD,
        "back to scanning",
    )
    .await;
    app.clock.set(scan_at + chrono::Duration::minutes(2));
    b.fill("#manual-code", &code).await;
    b.click("#manual-submit").await;
    b.wait_for(
        "const r = document.getElementById('result'); return !r.hidden && r.classList.contains('refused');",
        LOAD,
        "the red refusal",
    )
    .await;
    b.screenshot("scan-used").await;
    assert_eq!(
        b.text("#result-title").await,
        format!("Vé đã được sử dụng lúc {hhmm} tại cửa 2")
    );
    assert_eq!(b.text("#result-seat").await, format!("Ghế {seat}"));
    b.assert_no_console_errors().await;
    b.close().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_camera_reads_a_ticket_qr() {
    let Some(driver) = harness::driver().await else {
        return;
    };
    let app = demo_app().await;
    let showtime = selling_showtime(&app).await;
    let sold = sell_one_ticket(&app, &showtime).await;
    doors_open(&app, &showtime).await;
    let video = app.dir.path().join("ticket-qr.y4m");
    qr_video(&sold.qr_payload, &video);
    // A fake camera showing the ticket, permission granted: the lobby's 1920×1080 screen.
    let b = driver
        .browser_with(
            1920,
            1080,
            &[
                "--use-fake-ui-for-media-stream".into(),
                "--use-fake-device-for-media-stream".into(),
                format!("--use-file-for-fake-video-capture={}", video.display()),
            ],
        )
        .await;
    usher_signs_in(&b, &app.base).await;
    b.wait_for(
        "return document.getElementById('camera-box').classList.contains('live');",
        LOAD,
        "the live camera",
    )
    .await;
    // Nothing is checked in before the door is chosen.
    assert_eq!(
        b.js("return document.getElementById('result').hidden;")
            .await,
        Value::Bool(true)
    );
    let decoder = b
        .js("return document.getElementById('scan-app').dataset.decoder;")
        .await;
    eprintln!("QR decoder in this Chromium: {decoder}");
    b.screenshot("scan-camera-1920").await;
    choose_door(&b, "Main entrance").await;
    b.wait_for(
        "const r = document.getElementById('result'); return !r.hidden && r.classList.contains('ok');",
        LOAD,
        "the green OK from the camera",
    )
    .await;
    let seat_line = b.text("#result-seat").await;
    b.screenshot("scan-camera-ok-1920").await;
    assert_eq!(seat_line, format!("Ghế {}", sold.seat));
    let ticket = app
        .state
        .sales
        .read({
            let code = sold.code.clone();
            move |c| moviehub::tickets::store::by_code(c, &code)
        })
        .await
        .expect("ticket")
        .expect("exists");
    assert_eq!(ticket.status, "USED");
    assert_eq!(ticket.used_door.as_deref(), Some("Main entrance"));
    b.assert_no_console_errors().await;
    b.close().await;
    app.stop().await;
}
