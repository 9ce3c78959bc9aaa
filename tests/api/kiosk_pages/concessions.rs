//! Food and drinks at the box office: the concessions-only sale screen with its picture menu,
//! member and code panel; the sales receipt (alone, and after the tickets of a seated sale
//! with a combo, a code and a member's points), in Vietnamese first and in English; a
//! concessions sale found at the counter.

use super::{assert_has, get, page, tonight};
use crate::helpers::*;
use reqwest::header;
use serde_json::{json, Value};

/// Popcorn 55k (×`popcorn` in stock), coke 35k, and a combo of one of each at 79k; their ids.
async fn menu(app: &TestApp, manager: &str, popcorn: i64) -> (String, String, String) {
    let mut ids = Vec::new();
    for (name, kind, price, stock) in [
        ("Bắp rang bơ", "FOOD", 55_000, popcorn),
        ("Coca-Cola", "DRINK", 35_000, 50),
    ] {
        let (s, b) = app
            .post(
                "/api/v1/concessions",
                Some(manager),
                json!({"kind": kind, "name": name, "price": price, "stock": stock,
                    "kcal": 560, "allergens": ["sữa"]}),
            )
            .await;
        assert_eq!(s, 201, "{b}");
        ids.push(b["data"]["id"].as_str().expect("id").to_string());
    }
    let (s, b) = app
        .post(
            "/api/v1/concessions",
            Some(manager),
            json!({"kind": "COMBO", "name": "Combo 1 người", "price": 79_000,
                "image_url": "/assets/menu/combo.svg",
                "parts": [{"item_id": ids[0], "qty": 1}, {"item_id": ids[1], "qty": 1}]}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let combo = b["data"]["id"].as_str().expect("id").to_string();
    (ids[0].clone(), ids[1].clone(), combo)
}

/// Sell `concessions` alone at the cashier's till; the PENDING booking.
async fn sell_alone(app: &TestApp, cashier: &str, cinema: &str, concessions: Value) -> Value {
    let (s, b) = app
        .post(
            "/api/v1/sales/concessions",
            Some(cashier),
            json!({"cinema_id": cinema, "idempotency_key": uuid::Uuid::new_v4().to_string(),
                "concessions": concessions}),
        )
        .await;
    assert_eq!(s, 201, "concessions sale: {b}");
    b["data"].clone()
}

async fn pay(app: &TestApp, cashier: &str, id: &str, tender: Value) {
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{id}/pay/box-office"),
            Some(cashier),
            tender,
        )
        .await;
    assert_eq!(s, 200, "pay: {b}");
}

async fn get_en(app: &TestApp, path: &str, token: &str) -> (u16, String) {
    let lang = [(header::ACCEPT_LANGUAGE, "en")];
    page(app, reqwest::Method::GET, path, token, None, &lang).await
}

#[tokio::test]
async fn the_counter_sells_popcorn_alone_and_prints_its_receipt() {
    let app = spawn_app().await;
    let t = tonight(&app).await;
    let (popcorn, _, combo) = menu(&app, &t.manager, 5).await;
    let cashier = app.token("cashier").await;

    // No till: open one first.
    let (s, _) = get(&app, "/kiosk/concessions", &cashier).await;
    assert_eq!(s, 303);
    app.open_till(&cashier, 500_000).await;
    let (_, home) = get(&app, "/kiosk", &cashier).await;
    assert_has(&home, &["href=\"/kiosk/concessions\"", "Bán bắp nước"]);

    let (s, html) = get(&app, "/kiosk/concessions", &cashier).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            "<title>Bán bắp nước · MovieHub",
            "Giỏ hàng",
            "Chạm vào món trong thực đơn",
            &format!("data-menu-item=\"{popcorn}\""),
            &format!("data-cinema=\"{}\"", t.cinema),
            "data-point-value=\"1000\"",
            "data-max-redeem=\"50\"",
            "<span class=\"menu-name\">Bắp rang bơ</span>",
            "<b class=\"menu-price\">55.000 ₫</b>",
            "Còn 5",
            "560 kcal · Dị ứng: sữa",
            "src=\"/assets/menu/popcorn.svg\"",
            "src=\"/assets/menu/combo.svg\"",
            "aria-label=\"Thêm một Bắp rang bơ\"",
            "aria-label=\"Bớt một Bắp rang bơ\"",
            "Thành viên · Mã giảm giá",
            "Số điện thoại hoặc e-mail của khách",
            "1 điểm = 1.000 ₫, điểm trả tối đa 50% giá trị đơn.",
            "Mã khuyến mãi",
            "TIỀN MẶT",
            "In hoá đơn",
            "kiosk_basket.",
        ],
    );
    assert!(!html.contains("seatmap."), "no seat map here: {html}");
    assert!(html.contains(&format!("data-menu-item=\"{combo}\"")));

    // Two popcorns, 200.000 handed over: the receipt says what was sold and the change.
    let sale = sell_alone(
        &app,
        &cashier,
        &t.cinema,
        json!([{"id": popcorn, "qty": 2}]),
    )
    .await;
    let id = sale["id"].as_str().expect("id");
    assert_eq!(sale["total"], 110_000);
    let receipt = format!("/kiosk/bookings/{id}/receipt");
    let (_, html) = get(&app, &receipt, &cashier).await;
    assert_has(&html, &["Đơn này chưa được thanh toán."]);
    pay(
        &app,
        &cashier,
        id,
        json!({"method": "CASH", "tendered": 200_000}),
    )
    .await;
    let (s, html) = get(&app, &receipt, &cashier).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            "<html lang=\"vi\">",
            "class=\"tickets-print\"",
            "<p class=\"ticket-cinema\">Test Cinema</p>",
            "1 Lê Lợi, District 1, Ho Chi Minh City",
            "Hoá đơn bán hàng",
            "<th scope=\"row\">Bắp rang bơ × 2</th><td>110.000 ₫</td>",
            "<td id=\"receipt-total\">110.000 ₫</td>",
            "<th scope=\"row\">Tiền mặt khách đưa</th><td>200.000 ₫</td>",
            "<th scope=\"row\">Tiền thối</th><td>90.000 ₫</td>",
            "Giá đã bao gồm thuế GTGT (VAT).",
            "Thu ngân: Test cashier",
            "24/11/2026",
        ],
    );
    assert!(!html.contains("chưa được thanh toán"), "{html}");
    // The ticket print view of the same sale is its receipt (no tickets, no "not paid").
    let (s, html) = get(&app, &format!("/kiosk/bookings/{id}/print"), &cashier).await;
    assert_eq!(s, 200);
    assert_has(&html, &["Hoá đơn bán hàng", "Bắp rang bơ × 2"]);
    assert!(!html.contains("Không có vé"), "{html}");

    let (s, html) = get_en(&app, &receipt, &cashier).await;
    assert_eq!(s, 200);
    assert_has(
        &html,
        &[
            "<html lang=\"en\">",
            "Sales receipt",
            "Cash tendered",
            "<th scope=\"row\">Change</th><td>90.000 ₫</td>",
            "Prices include VAT.",
            "Cashier: Test cashier",
        ],
    );
    let (s, html) = get_en(&app, "/kiosk/concessions", &cashier).await;
    assert_eq!(s, 200);
    assert_has(
        &html,
        &[
            "Food &#38; drinks",
            "Add one Bắp rang bơ",
            "Member · Code",
            "The customer’s phone or e-mail",
            "Promotion code",
            "1 point = 1.000 ₫; points pay at most 50% of a sale.",
        ],
    );

    // Found at the counter by its code: food and drinks, the receipt to print.
    let (s, html) = get(&app, &format!("/kiosk/find?q={id}"), &cashier).await;
    assert_eq!(s, 200);
    assert_has(
        &html,
        &[
            "<h3>Bắp nước tại quầy</h3>",
            "Bắp rang bơ × 2",
            &format!("href=\"/kiosk/bookings/{id}/receipt?print=1\""),
            "In hoá đơn",
        ],
    );
    let (s, html) = get(&app, "/kiosk/bookings/nope/receipt", &cashier).await;
    assert_eq!(s, 404);
    assert_has(&html, &["Không tìm thấy đơn đặt vé này."]);

    // Three left: the card says so; none left: sold out, its + switched off.
    sell_alone(
        &app,
        &cashier,
        &t.cinema,
        json!([{"id": popcorn, "qty": 3}]),
    )
    .await;
    let (_, html) = get(&app, "/kiosk/concessions", &cashier).await;
    assert_has(&html, &["menu-card kind-FOOD sold-out", "Hết hàng"]);
    app.stop().await;
}

#[tokio::test]
async fn a_seated_sale_with_a_combo_a_code_and_points_prints_the_tickets_then_the_receipt() {
    let app = spawn_app().await;
    let t = tonight(&app).await;
    let (_, _, combo) = menu(&app, &t.manager, 20).await;
    let (s, b) = app
        .post(
            "/api/v1/promotions",
            Some(&t.manager),
            json!({"code": "GIAM10", "name": "Giảm 10%", "kind": "PERCENTAGE", "value": 10}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let (member, _) = app.user_with_role("customer").await;
    give_points(&app, &member, 300).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;

    // The sale screen has the steps: seats, food and drinks, member and code.
    let (s, html) = get(&app, &format!("/kiosk/showtimes/{}", t.show), &cashier).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            "id=\"tab-seats\"",
            "id=\"tab-menu\"",
            "id=\"tab-extras\"",
            "Chạm vào ghế trên sơ đồ, hoặc chọn bắp nước",
            &format!("data-menu-item=\"{combo}\""),
            "id=\"member-q\"",
            "id=\"promo-code\"",
            "id=\"points-max\"",
        ],
    );

    // B3 (VIP 120k) + the combo 79k = 199k; 10 % off = 19.9k; 20 points = 20k: 159.1k.
    let seat = app
        .state
        .cinemas
        .showtime_facts(&t.show)
        .await
        .expect("facts")
        .seats
        .iter()
        .find(|s| s.label == "B3")
        .expect("B3")
        .id
        .clone();
    let (s, b) = app
        .post(
            &format!("/api/v1/showtimes/{}/holds", t.show),
            Some(&cashier),
            json!({"seat_id": seat}),
        )
        .await;
    assert_eq!(s, 200, "hold: {b}");
    let extras = json!({"concessions": [{"id": combo, "qty": 1}], "promo_code": "GIAM10",
        "points": 20, "member_id": member});
    let mut body = json!({"showtime_id": t.show, "seat_ids": [seat],
        "idempotency_key": uuid::Uuid::new_v4().to_string()});
    if let (Some(b), Some(x)) = (body.as_object_mut(), extras.as_object()) {
        b.extend(x.clone());
    }
    let (s, b) = app.post("/api/v1/bookings", Some(&cashier), body).await;
    assert_eq!(s, 201, "book: {b}");
    assert_eq!(b["data"]["total"], 159_100);
    let id = b["data"]["id"].as_str().expect("id");
    pay(
        &app,
        &cashier,
        id,
        json!({"method": "CARD", "reference": "POS-778"}),
    )
    .await;

    let (s, html) = get(&app, &format!("/kiosk/bookings/{id}/print"), &cashier).await;
    assert_eq!(s, 200, "{html}");
    assert_has(
        &html,
        &[
            "<dt>Ghế</dt><dd>3</dd>",
            "Hoá đơn bán hàng",
            "<th scope=\"row\">Vé B3 · VIP</th><td>120.000 ₫</td>",
            "<th scope=\"row\">Combo 1 người × 1</th><td>79.000 ₫</td>",
            "<th scope=\"row\">Tạm tính</th><td>199.000 ₫</td>",
            "<th scope=\"row\">Mã GIAM10</th><td>−19.900 ₫</td>",
            "<th scope=\"row\">Dùng 20 điểm</th><td>−20.000 ₫</td>",
            "<td id=\"receipt-total\">159.100 ₫</td>",
            "<th scope=\"row\">Thẻ · POS-778</th><td>159.100 ₫</td>",
            "Thành viên: Test customer",
            "Đã dùng 20 điểm",
            "Tích lũy 15 điểm khi đơn hoàn tất",
        ],
    );
    let tickets = html.find("class=\"ticket\"").expect("a ticket");
    let receipt = html.find("id=\"receipt\"").expect("the receipt");
    assert!(tickets < receipt, "the tickets first, then the receipt");
    let (_, html) = get_en(&app, &format!("/kiosk/bookings/{id}/print"), &cashier).await;
    assert_has(
        &html,
        &[
            "Ticket B3 · VIP",
            "Code GIAM10",
            "Points used: 20",
            "Card · POS-778",
            "Member: Test customer",
        ],
    );
    app.stop().await;
}

/// `points` on `user`'s ledger, as a bonus would give them.
async fn give_points(app: &TestApp, user: &str, points: i64) {
    let user = user.to_string();
    app.state
        .sales
        .run(move |tx| {
            moviehub::loyalty::store::append(
                tx,
                &moviehub::loyalty::store::NewEntry {
                    user_id: &user,
                    kind: moviehub::loyalty::EntryKind::Bonus,
                    points,
                    spend: 0,
                    booking_id: None,
                    note: "test",
                    now: "2026-11-24T03:00:00Z",
                },
            )
        })
        .await
        .expect("points");
}
