//! The counter finds a booking (by booking code, ticket code, QR text, phone or e-mail) and
//! prints a paid one; the kiosk remembers its cinema between visits.

use super::{assert_has, book, get, pay_cash, tonight};
use crate::helpers::*;
use reqwest::header;
use serde_json::json;

/// Percent-encode a query value.
fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn find(app: &TestApp, token: &str, q: &str) -> (u16, String) {
    get(app, &format!("/kiosk/find?q={}", enc(q)), token).await
}

/// A GET with the session and extra cookies; status, `Set-Cookie` values and HTML.
async fn with_cookies(
    app: &TestApp,
    path: &str,
    token: &str,
    cookies: &str,
) -> (u16, Vec<String>, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let res = client
        .get(format!("{}{path}", app.base))
        .header(header::COOKIE, format!("mh_session={token}; {cookies}"))
        .send()
        .await
        .expect("page");
    let status = res.status().as_u16();
    let set: Vec<String> = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_string)
        .collect();
    (status, set, res.text().await.expect("html"))
}

#[tokio::test]
async fn the_kiosk_finds_a_booking_by_code_ticket_qr_phone_or_email_and_prints_it() {
    let app = spawn_app().await;
    let t = tonight(&app).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;
    let lan = app
        .state
        .users
        .create(
            moviehub::users::service::NewUser {
                email: "lan@example.vn".into(),
                password: "password1".into(),
                full_name: "Nguyễn Thị Lan".into(),
                phone: Some("0901 234 567".into()),
            },
            "customer",
        )
        .await
        .expect("customer");
    let lan_token = app
        .state
        .users
        .session_for(&lan.id)
        .await
        .expect("session")
        .access_token;
    let id = book(&app, &lan_token, &t.show, "A2").await;
    let print = format!("href=\"/kiosk/bookings/{id}/print?print=1\"");

    // The kiosk home links to the search; the search starts empty, for staff only.
    let (_, home) = get(&app, "/kiosk", &cashier).await;
    assert_has(&home, &["href=\"/kiosk/find\"", "Tìm đơn đặt vé"]);
    let (s, html) = get(&app, "/kiosk/find", &cashier).await;
    assert_eq!(s, 200, "{html}");
    assert_has(&html, &["<html lang=\"vi\">", "name=\"q\"", "autofocus"]);
    assert!(!html.contains("role=\"alert\""), "{html}");
    let (s, _) = get(&app, "/kiosk/find?q=x", &app.token("customer").await).await;
    assert_eq!(s, 403);

    // Not paid yet: found by phone (typed any way), no print link.
    for phone in ["0901 234 567", "+84 901-234-567", "0901234567"] {
        let (s, html) = find(&app, &cashier, phone).await;
        assert_eq!(s, 200, "{phone}: {html}");
        assert_has(
            &html,
            &[
                "Đêm Tối",
                "24/11/2026 20:00",
                "Test Cinema · Hall 1",
                "<dd>A2</dd>",
                "Chờ thanh toán",
                "Tìm thấy 1 đơn đặt vé",
            ],
        );
        assert!(!html.contains(&print), "{html}");
    }

    // Paid at the counter: found by e-mail, booking code, ticket code and QR, with the link.
    pay_cash(&app, &cashier, &id).await;
    let booking = app.state.bookings.get(&id).await.expect("booking");
    let detail = app.state.payments.detail(booking).await.expect("detail");
    let ticket = detail.tickets.first().expect("a ticket");
    let typed = ticket.code.replace('-', "").to_lowercase();
    for q in [
        "LAN@example.vn",
        id.as_str(),
        ticket.code.as_str(),
        typed.as_str(),
        ticket.qr_payload.as_str(),
    ] {
        let (s, html) = find(&app, &cashier, q).await;
        assert_eq!(s, 200, "{q}: {html}");
        assert_has(&html, &["Đêm Tối", "Đã thanh toán", "In vé", &print]);
    }
    let (s, _) = get(&app, &format!("/kiosk/bookings/{id}/print"), &cashier).await;
    assert_eq!(s, 200);

    // Nothing found, empty, mistyped and unreadable input: a Vietnamese sentence each.
    let (s, html) = find(&app, &cashier, "nobody@example.vn").await;
    assert_eq!(s, 200);
    assert_has(
        &html,
        &["Không tìm thấy đơn đặt vé nào với “nobody@example.vn”."],
    );
    let (s, html) = find(&app, &cashier, "0987 654 321").await;
    assert_eq!(s, 200);
    assert_has(&html, &["Không tìm thấy đơn đặt vé nào"]);
    let mut typo: Vec<char> = typed.chars().collect();
    typo.swap(0, 1);
    if typo[0] == typo[1] {
        typo[0] = if typo[0] == 'a' { 'b' } else { 'a' };
    }
    let cases = [
        (
            "   ",
            "Hãy nhập mã đặt vé, mã vé, số điện thoại hoặc e-mail của khách.",
        ),
        (&typo.iter().collect::<String>(), "Mã vé bị gõ sai"),
        ("MH1.not-a-ticket.x", "Mã QR này không phải vé MovieHub."),
        ("hello", "Không nhận ra nội dung vừa nhập."),
    ];
    for (q, sentence) in cases {
        let (s, html) = find(&app, &cashier, q).await;
        assert_eq!(s, 422, "{q:?}: {html}");
        assert_has(&html, &["role=\"alert\"", sentence]);
        assert!(!html.contains("find-results"), "{html}");
    }

    // In English when asked.
    let (s, html) = super::page(
        &app,
        reqwest::Method::GET,
        &format!("/kiosk/find?q={id}"),
        &cashier,
        None,
        &[(header::ACCEPT_LANGUAGE, "en")],
    )
    .await;
    assert_eq!(s, 200);
    assert_has(&html, &["1 booking found", "Print tickets", "Seats"]);
    app.stop().await;
}

#[tokio::test]
async fn the_kiosk_remembers_its_cinema_until_the_cashier_changes_it() {
    let app = spawn_app().await;
    let t = tonight(&app).await;
    let other = app
        .create_cinema(
            &t.manager,
            json!({"name": "Second Cinema", "address": "2 Tràng Tiền", "city": "Hà Nội",
                "district": "Hoàn Kiếm", "latitude": 21.02, "longitude": 105.85}),
        )
        .await;
    let cashier = app.token("cashier").await;

    // Two cinemas, nothing remembered: the picker.
    let (s, set, html) = with_cookies(&app, "/kiosk", &cashier, "").await;
    assert_eq!(s, 200);
    assert_has(
        &html,
        &["class=\"cinema-pick\"", &format!("/kiosk?cinema={other}")],
    );
    assert!(
        set.iter().all(|c| !c.starts_with("kiosk_cinema=")),
        "{set:?}"
    );

    // Picking one remembers it…
    let (s, set, html) = with_cookies(&app, &format!("/kiosk?cinema={other}"), &cashier, "").await;
    assert_eq!(s, 200);
    assert_has(&html, &["Second Cinema", "id=\"open-till\""]);
    let cookie = set
        .iter()
        .find(|c| c.starts_with("kiosk_cinema="))
        .expect("the cinema is remembered");
    assert!(
        cookie.starts_with(&format!("kiosk_cinema={other};")),
        "{cookie}"
    );
    assert!(
        cookie.contains("Max-Age=31536000") && cookie.contains("Path=/kiosk"),
        "{cookie}"
    );

    // …so the next visit opens that cinema, with a link to change it.
    let remembered = format!("kiosk_cinema={other}");
    let (s, set, html) = with_cookies(&app, "/kiosk", &cashier, &remembered).await;
    assert_eq!(s, 200);
    assert_has(
        &html,
        &[
            &format!("name=\"cinema_id\" value=\"{other}\""),
            "href=\"/kiosk?pick=1\"",
            "Đổi rạp",
        ],
    );
    assert!(set.is_empty(), "already remembered: {set:?}");

    // Changing shows the picker again; a cinema that no longer exists is forgotten.
    let (_, _, html) = with_cookies(&app, "/kiosk?pick=1", &cashier, &remembered).await;
    assert_has(
        &html,
        &[
            "class=\"cinema-pick\"",
            &format!("/kiosk?cinema={}", t.cinema),
        ],
    );
    let (_, set, html) = with_cookies(&app, "/kiosk", &cashier, "kiosk_cinema=gone").await;
    assert_has(&html, &["class=\"cinema-pick\""]);
    assert!(
        set.iter()
            .any(|c| c.starts_with("kiosk_cinema=;") && c.contains("Max-Age=0")),
        "{set:?}"
    );
    app.stop().await;
}
