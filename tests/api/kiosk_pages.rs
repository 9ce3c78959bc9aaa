//! The box-office pages as a cashier reads them: Vietnamese first (no `Accept-Language`),
//! English when asked; the kiosk's own error sentences (never the API's `field: …` text);
//! the age rating on the sale screen and the ticket; the printed ticket's cinema, address,
//! hall, seat, time, price and VAT line; the close form's count by note with its confirm step;
//! food and drinks sold alone or with seats, and their receipt (`concessions`).

mod concessions;
mod find;

use crate::helpers::*;
use reqwest::header;
use serde_json::{json, Value};

/// A T18 film showing tonight (20:00 in Ho Chi Minh City) in the test cinema's hall.
struct Tonight {
    cinema: String,
    show: String,
    manager: String,
}

async fn tonight(app: &TestApp) -> Tonight {
    let manager = app.token("manager").await;
    let (cinema, hall) = app.priced_hall(&manager).await;
    let movie = moviehub::catalog::NewMovie {
        title: "Đêm Tối".into(),
        original_title: None,
        overview: String::new(),
        poster_url: None,
        trailer_url: None,
        backdrop_url: None,
        runtime_minutes: 100,
        release_date: "2026-11-01".parse().expect("date"),
        age_rating: moviehub::catalog::AgeRating::T18,
        original_language: "vi".into(),
        spoken_languages: vec![],
        production_country: String::new(),
        language_type: moviehub::catalog::LanguageType::Original,
        director: String::new(),
        cast: vec![],
        genres: vec![],
        releases: vec![],
    };
    let movie = app.state.catalog.create(movie).await.expect("movie").id;
    let (s, b) = app
        .post(
            "/api/v1/showtimes/batch",
            Some(&manager),
            json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi",
                "subtitles": [], "start_times": ["2026-11-24T20:00:00+07:00"]}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let show = b["data"][0]["id"].as_str().expect("id").to_string();
    Tonight {
        cinema,
        show,
        manager,
    }
}

/// A page as the kiosk's browser asks for it (session cookie, same origin), with `extra`
/// headers; returns status and HTML.
async fn page(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    form: Option<&[(&str, &str)]>,
    extra: &[(header::HeaderName, &str)],
) -> (u16, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let mut req = client
        .request(method, format!("{}{path}", app.base))
        .header(header::ORIGIN, &app.base)
        .header(header::COOKIE, format!("mh_session={token}"));
    for (name, value) in extra {
        req = req.header(name.clone(), *value);
    }
    if let Some(f) = form {
        req = req.form(f);
    }
    let res = req.send().await.expect("page");
    let status = res.status().as_u16();
    (status, res.text().await.expect("html"))
}

async fn get(app: &TestApp, path: &str, token: &str) -> (u16, String) {
    page(app, reqwest::Method::GET, path, token, None, &[]).await
}

async fn post(app: &TestApp, path: &str, token: &str, form: &[(&str, &str)]) -> (u16, String) {
    page(app, reqwest::Method::POST, path, token, Some(form), &[]).await
}

/// Sell seat `label` of the show for cash at the box office; returns the booking id.
async fn sell(app: &TestApp, cashier: &str, show: &str, label: &str) -> String {
    let id = book(app, cashier, show, label).await;
    pay_cash(app, cashier, &id).await;
    id
}

/// Pay a PENDING booking in cash at the box office.
async fn pay_cash(app: &TestApp, cashier: &str, id: &str) {
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{id}/pay/box-office"),
            Some(cashier),
            json!({"method": "CASH", "tendered": 200_000}),
        )
        .await;
    assert_eq!(s, 200, "pay: {b}");
}

/// Hold and book seat `label` of the show as `token`'s user (PENDING); returns its id.
async fn book(app: &TestApp, token: &str, show: &str, label: &str) -> String {
    let cashier = token;
    let facts = app.state.cinemas.showtime_facts(show).await.expect("facts");
    let seat = facts
        .seats
        .iter()
        .find(|s| s.label == label)
        .expect("seat")
        .id
        .clone();
    let (s, b) = app
        .post(
            &format!("/api/v1/showtimes/{show}/holds"),
            Some(cashier),
            json!({"seat_id": seat}),
        )
        .await;
    assert_eq!(s, 200, "hold: {b}");
    let (s, b) = app
        .post(
            "/api/v1/bookings",
            Some(cashier),
            json!({"showtime_id": show, "seat_ids": [seat],
                "idempotency_key": uuid::Uuid::new_v4().to_string()}),
        )
        .await;
    assert_eq!(s, 201, "book: {b}");
    b["data"]["id"].as_str().expect("id").to_string()
}

fn assert_has(html: &str, words: &[&str]) {
    for w in words {
        assert!(html.contains(w), "missing {w:?} in:\n{html}");
    }
}

#[tokio::test]
async fn the_kiosk_speaks_vietnamese_with_its_own_error_sentences() {
    let app = spawn_app().await;
    let t = tonight(&app).await;
    let cashier = app.token("cashier").await;

    let customer = app.token("customer").await;
    let (s, html) = get(&app, "/kiosk", &customer).await;
    assert_eq!(s, 403);
    assert_has(&html, &["Quầy vé chỉ dành cho nhân viên bán vé"]);

    // One cinema: the open-till form straight away.
    let (s, html) = get(&app, "/kiosk", &cashier).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            "<html lang=\"vi\">",
            "Mở ca",
            "Tiền đầu ca (₫)",
            "<title>Quầy vé · MovieHub",
        ],
    );
    let open = [("cinema_id", t.cinema.as_str()), ("opening_float", "lots")];
    let (s, html) = post(&app, "/kiosk/till/open", &cashier, &open).await;
    assert_eq!(s, 422);
    assert_has(&html, &["Hãy nhập tiền đầu ca bằng số đồng chẵn"]);
    assert!(!html.contains("opening_float:"), "API text shown: {html}");
    let open = [
        ("cinema_id", t.cinema.as_str()),
        ("opening_float", "1.000.000"),
    ];
    let (s, _) = post(&app, "/kiosk/till/open", &cashier, &open).await;
    assert_eq!(s, 303);
    let (s, html) = post(&app, "/kiosk/till/open", &cashier, &open).await;
    assert_eq!(s, 422);
    assert_has(&html, &["Bạn đang có một ca chưa đóng"]);
    assert!(!html.contains("till:"), "API text shown: {html}");

    let (s, html) = get(&app, "/kiosk", &cashier).await;
    assert_eq!(s, 200);
    assert_has(
        &html,
        &[
            "Suất chiếu hôm nay",
            "Thứ Ba, 24/11/2026",
            "ca mở lúc 10:00, tiền đầu ca 1.000.000 ₫",
            "Đóng ca",
            "Kết ca",
            "Còn 8 ghế",
            "Đêm Tối <abbr class=\"show-rating check-id\"",
        ],
    );

    // The sale screen: the rating in red with the ID check, words in Vietnamese.
    let (s, html) = get(&app, &format!("/kiosk/showtimes/{}", t.show), &cashier).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            "class=\"age-rating check-id\"",
            "data-rating=\"T18\"",
            "Kiểm tra giấy tờ",
            "Giỏ hàng",
            "TIỀN MẶT",
            "Tiền khách đưa",
            "Tiền thối",
            "Khách tiếp theo",
            "In vé",
            "id=\"tender-clear\"",
            "<title>Bán vé · Đêm Tối · MovieHub",
        ],
    );

    // A showtime at another cinema: the kiosk says so in its words.
    let (_, hall) = app.priced_hall(&t.manager).await;
    let movie = app.create_movie("Xa", 90).await;
    let (s, b) = app
        .post(
            "/api/v1/showtimes/batch",
            Some(&t.manager),
            json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi",
                "subtitles": [], "start_times": ["2026-11-24T21:00:00+07:00"]}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let far = b["data"][0]["id"].as_str().expect("id");
    let (s, html) = get(&app, &format!("/kiosk/showtimes/{far}"), &cashier).await;
    assert_eq!(s, 409);
    assert_has(
        &html,
        &["Suất chiếu này ở rạp khác với rạp của ca bạn đang mở."],
    );
    app.stop().await;
}

#[tokio::test]
async fn the_printed_ticket_carries_the_cinema_the_rating_and_the_vat_line() {
    let app = spawn_app().await;
    let t = tonight(&app).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;
    let id = sell(&app, &cashier, &t.show, "B3").await;

    let (s, html) = get(&app, &format!("/kiosk/bookings/{id}/print"), &cashier).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            "<html lang=\"vi\">",
            "<p class=\"ticket-cinema\">Test Cinema</p>",
            "1 Lê Lợi, District 1, Ho Chi Minh City",
            "Đêm Tối <span class=\"ticket-rating\">T18</span>",
            "T18: Phim được phổ biến đến người xem từ đủ 18 tuổi trở lên.",
            "Thứ Ba, 24/11/2026 · <b>20:00</b>",
            "<dt>Phòng</dt><dd>Hall 1</dd>",
            "<dt>Hàng</dt><dd>B</dd>",
            "<dt>Ghế</dt><dd>3</dd>",
            "VIP · <b>120.000 ₫</b>",
            "Giá vé đã bao gồm thuế GTGT (VAT).",
            "Mã QR của vé",
        ],
    );
    let (s, html) = get(&app, "/kiosk/bookings/nope/print", &cashier).await;
    assert_eq!(s, 404);
    assert_has(&html, &["Không tìm thấy đơn đặt vé này."]);

    // The same ticket for an English-speaking cashier.
    let (s, html) = page(
        &app,
        reqwest::Method::GET,
        &format!("/kiosk/bookings/{id}/print"),
        &cashier,
        None,
        &[(header::ACCEPT_LANGUAGE, "en")],
    )
    .await;
    assert_eq!(s, 200);
    assert_has(
        &html,
        &[
            "<html lang=\"en\">",
            "<dt>Hall</dt>",
            "<dt>Row</dt><dd>B</dd>",
            "<dt>Seat</dt><dd>3</dd>",
            "T18: for viewers aged 18 and over.",
            "Tuesday, 24/11/2026",
            "Price includes VAT.",
        ],
    );
    app.stop().await;
}

/// The close form counted by note: 2 × 500.000 + 1 × 200.000 + 3 × 1.000.
const COUNT: [(&str, &str); 3] = [("n500000", "2"), ("n200000", "1"), ("n1000", "3")];

#[tokio::test]
async fn the_close_form_counts_by_note_and_asks_to_confirm_before_closing() {
    let app = spawn_app().await;
    let t = tonight(&app).await;
    let (cashier_id, cashier) = app.user_with_role("cashier").await;
    app.open_till(&cashier, 1_000_000).await;
    sell(&app, &cashier, &t.show, "A1").await;

    let (s, html) = get(&app, "/kiosk/till/close", &cashier).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            "Đóng ca",
            "Kiểm đếm theo mệnh giá",
            "Số tờ",
            "Kiểm đếm xong",
        ],
    );
    for note in [
        500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000,
    ] {
        assert!(
            html.contains(&format!("name=\"n{note}\"")),
            "no {note} note"
        );
        assert!(
            html.contains(&format!(
                "<th scope=\"row\">{}</th>",
                moviehub::web::vnd(note)
            )),
            "no label for {note}"
        );
    }
    assert!(!html.contains("1.090.000"), "blind count: {html}");

    // Done counting: the total, and the till is still open.
    let mut review: Vec<(&str, &str)> = COUNT.to_vec();
    review.push(("counted_cash", ""));
    review.push(("step", "review"));
    let (s, html) = post(&app, "/kiosk/till/close", &cashier, &review).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            "Xác nhận đóng ca",
            "<output id=\"confirm-total\">1.203.000 ₫</output>",
            "name=\"counted_cash\" value=\"1.203.000\"",
            "name=\"n500000\" value=\"2\"",
            "Đếm lại",
        ],
    );
    let open = app.state.tills.current(&cashier_id).await.expect("till");
    assert!(open.is_some(), "the review does not close the till");

    // Count again: the notes come back as typed.
    let mut edit: Vec<(&str, &str)> = COUNT.to_vec();
    edit.push(("counted_cash", "1.203.000"));
    edit.push(("step", "edit"));
    let (s, html) = post(&app, "/kiosk/till/close", &cashier, &edit).await;
    assert_eq!(s, 200);
    assert_has(&html, &["id=\"close-form\"", "value=\"2\"", "1.000.000 ₫"]);

    // A note count that is not a whole number is refused in words.
    let bad = [("n50000", "1,5"), ("counted_cash", ""), ("step", "review")];
    let (s, html) = post(&app, "/kiosk/till/close", &cashier, &bad).await;
    assert_eq!(s, 422);
    assert_has(&html, &["Số tờ phải là số nguyên không âm."]);

    // Confirmed with the notes only: closed with their total.
    let (s, html) = post(&app, "/kiosk/till/close", &cashier, &COUNT).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            "Đã đóng ca",
            "Chênh lệch",
            "<dd id=\"counted\">1.203.000 ₫</dd>",
            "<dd id=\"expected\">1.090.000 ₫</dd>",
            "+113.000 ₫",
            "Két bị dư tiền.",
        ],
    );
    let closed = app.state.tills.current(&cashier_id).await.expect("till");
    assert!(closed.is_none());

    let (s, html) = get(&app, "/kiosk/cashups", &cashier).await;
    assert_eq!(s, 200);
    assert_has(
        &html,
        &[
            "Kết ca",
            "Các ca bạn đã đóng",
            "tổng cộng 1 ca",
            "Thu ngân",
            "Chênh lệch",
        ],
    );
    app.stop().await;
}

#[tokio::test]
async fn the_kiosk_speaks_english_when_the_cashier_switched_to_it() {
    let app = spawn_app().await;
    let t = tonight(&app).await;
    let cashier = app.token("cashier").await;
    let get_en = |path: String| {
        let app = &app;
        let cashier = cashier.clone();
        async move {
            let client = reqwest::Client::new();
            let res = client
                .get(format!("{}{path}", app.base))
                .header(header::COOKIE, format!("mh_session={cashier}; lang=en"))
                .send()
                .await
                .expect("page");
            let status = res.status().as_u16();
            (status, res.text().await.expect("html"))
        }
    };
    let (s, html) = get_en("/kiosk".into()).await;
    assert_eq!(s, 200);
    assert_has(
        &html,
        &["<html lang=\"en\">", "Open till", "Opening float (₫)"],
    );
    app.open_till(&cashier, 500_000).await;
    let (_, html) = get_en("/kiosk".into()).await;
    assert_has(
        &html,
        &[
            "Today’s showtimes",
            "Tuesday, 24/11/2026",
            "till open since 10:00, float 500.000 ₫",
            "8 seats left",
        ],
    );
    let (_, html) = get_en(format!("/kiosk/showtimes/{}", t.show)).await;
    assert_has(
        &html,
        &[
            "Check ID",
            "Basket",
            "CASH",
            "Tendered",
            "Change",
            "Next customer",
        ],
    );
    let (_, html) = get_en("/kiosk/till/close".into()).await;
    assert_has(
        &html,
        &["Count by note", "Done counting", "Cash counted (₫)"],
    );
    let scripts: Value = serde_json::from_str(
        html.split("<script type=\"application/json\" id=\"i18n\">")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("messages"),
    )
    .expect("json");
    assert_eq!(scripts["js-kiosk-short-by"], "short by { $amount }");
    app.stop().await;
}
