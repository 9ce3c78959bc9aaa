//! Tills through the API: one open till per cashier, the blind open till, validation, sales
//! refused without a till, attribution, the cash-up arithmetic and who sees which cash-ups.

use crate::bookings::{hold_and_book, pay_cash, show};
use crate::helpers::*;
use serde_json::{json, Value};

async fn pay(app: &TestApp, cashier: &str, booking_id: &str, tender: Value) -> (u16, Value) {
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{booking_id}/pay/box-office"),
            Some(cashier),
            tender,
        )
        .await;
    (s.as_u16(), b)
}

async fn close(app: &TestApp, cashier: &str, counted: i64) -> Value {
    let (s, b) = app
        .post(
            "/api/v1/tills/current/close",
            Some(cashier),
            json!({ "counted_cash": counted }),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"].clone()
}

#[tokio::test]
async fn one_open_till_per_cashier_and_the_open_till_is_blind() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let (cashier_id, cashier) = app.user_with_role("cashier").await;
    let (s, b) = app.get("/api/v1/tills/current", Some(&cashier)).await;
    let msg = assert_envelope(s, &b, 404);
    assert!(msg.contains("no open till"), "{msg}");

    let till = app.open_till(&cashier, 1_000_000).await;
    assert_eq!(till["cashier_id"], cashier_id);
    assert_eq!(till["opening_float"], 1_000_000);
    assert!(till["closed_at"].is_null(), "{till}");
    let (s, b) = app
        .post(
            "/api/v1/tills",
            Some(&cashier),
            json!({"opening_float": 500_000}),
        )
        .await;
    let msg = assert_envelope(s, &b, 409);
    assert!(
        msg.starts_with("till: you already have an open till"),
        "{msg}"
    );

    // A sale happens; the open till still shows nothing that gives the expected cash away.
    let customer = app.token("customer").await;
    let booking = hold_and_book(&app, &customer, &show.id, &[show.seat("A1")]).await;
    pay_cash(&app, &cashier, booking["id"].as_str().expect("id"), 100_000).await;
    let (s, b) = app.get("/api/v1/tills/current", Some(&cashier)).await;
    assert_eq!(s, 200, "{b}");
    let keys: Vec<&String> = b["data"].as_object().expect("till").keys().collect();
    for hidden in ["expected_cash", "cash_sales", "card_sales", "variance"] {
        assert!(
            !keys.iter().any(|k| k.as_str() == hidden),
            "{hidden} shown: {b}"
        );
    }
    assert_eq!(b["data"]["id"], till["id"]);

    // Another cashier opens their own till meanwhile.
    let other = app.token("cashier").await;
    app.open_till(&other, 0).await;

    // Permissions: no token 401, a customer or usher 403.
    let (s, b) = app
        .post("/api/v1/tills", None, json!({"opening_float": 0}))
        .await;
    assert_envelope(s, &b, 401);
    for role in ["customer", "usher"] {
        let t = app.token(role).await;
        let (s, b) = app
            .post("/api/v1/tills", Some(&t), json!({"opening_float": 0}))
            .await;
        assert_envelope(s, &b, 403);
        let (s, b) = app
            .post(
                "/api/v1/tills/current/close",
                Some(&t),
                json!({"counted_cash": 0}),
            )
            .await;
        assert_envelope(s, &b, 403);
    }
}

#[tokio::test]
async fn floats_counts_and_cinemas_are_validated_naming_the_field() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let cashier = app.token("cashier").await;
    let cases = [
        (json!({"opening_float": -1}), "opening_float"),
        (json!({"opening_float": "lots"}), "opening_float"),
        (json!({"opening_float": 1.5}), "opening_float"),
        (json!({}), "opening_float"),
        (
            json!({"opening_float": 10_000_000_001_i64}),
            "opening_float",
        ),
        (
            json!({"opening_float": 0, "cinema_id": "nope"}),
            "cinema_id",
        ),
    ];
    for (body, field) in cases {
        let (s, b) = app
            .post("/api/v1/tills", Some(&cashier), body.clone())
            .await;
        let msg = assert_envelope(s, &b, 422);
        assert!(msg.contains(field), "{body} → {msg}");
    }
    // Closing without a till is a conflict, not a validation error.
    let (s, b) = app
        .post(
            "/api/v1/tills/current/close",
            Some(&cashier),
            json!({"counted_cash": 0}),
        )
        .await;
    let msg = assert_envelope(s, &b, 409);
    assert!(msg.contains("no open till"), "{msg}");
    app.open_till(&cashier, 0).await;
    for body in [
        json!({"counted_cash": -5}),
        json!({"counted_cash": "x"}),
        json!({}),
    ] {
        let (s, b) = app
            .post("/api/v1/tills/current/close", Some(&cashier), body.clone())
            .await;
        let msg = assert_envelope(s, &b, 422);
        assert!(msg.contains("counted_cash"), "{body} → {msg}");
    }
    // With a second cinema on the site, the till must name its cinema.
    let second = app
        .create_cinema(
            &show.manager,
            json!({"name": "Second", "address": "2 Hàng Bài", "city": "Hanoi",
                "district": "Hoàn Kiếm", "latitude": 21.02, "longitude": 105.85}),
        )
        .await;
    let other = app.token("cashier").await;
    let (s, b) = app
        .post("/api/v1/tills", Some(&other), json!({"opening_float": 0}))
        .await;
    let msg = assert_envelope(s, &b, 422);
    assert!(msg.starts_with("cinema_id: required"), "{msg}");
    let (s, b) = app
        .post(
            "/api/v1/tills",
            Some(&other),
            json!({"opening_float": 0, "cinema_id": second}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["data"]["cinema_id"], second);
}

#[tokio::test]
async fn a_box_office_sale_needs_an_open_till_at_the_showtimes_cinema() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let cashier = app.token("cashier").await;
    let customer = app.token("customer").await;
    let booking = hold_and_book(&app, &customer, &show.id, &[show.seat("A1")]).await;
    let id = booking["id"].as_str().expect("id");
    let cash = json!({"method": "CASH", "tendered": 90_000});

    let (s, b) = pay(&app, &cashier, id, cash.clone()).await;
    assert_eq!(s, 409, "{b}");
    let msg = b["message"].as_str().expect("message");
    assert!(msg.contains("no open till"), "{msg}");
    let (_, detail) = app
        .get(&format!("/api/v1/bookings/{id}"), Some(&cashier))
        .await;
    assert_eq!(detail["data"]["status"], "PENDING");
    assert_eq!(detail["data"]["payments"], json!([]), "nothing recorded");

    // A till at another cinema does not sell this showtime either.
    let elsewhere = app
        .create_cinema(
            &show.manager,
            json!({"name": "Elsewhere", "address": "3 Tràng Tiền", "city": "Hanoi",
                "district": "Hoàn Kiếm", "latitude": 21.02, "longitude": 105.85}),
        )
        .await;
    let (s, b) = app
        .post(
            "/api/v1/tills",
            Some(&cashier),
            json!({"opening_float": 0, "cinema_id": elsewhere}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let (s, b) = pay(&app, &cashier, id, cash.clone()).await;
    assert_eq!(s, 409, "{b}");
    assert!(
        b["message"]
            .as_str()
            .is_some_and(|m| m.contains("another cinema")),
        "{b}"
    );
    close(&app, &cashier, 0).await;

    // Open at the right cinema: the payment records the till session.
    let cinema = app
        .state
        .cinemas
        .showtime(&show.id)
        .await
        .expect("showtime")
        .cinema_id;
    let (s, till) = app
        .post(
            "/api/v1/tills",
            Some(&cashier),
            json!({"opening_float": 0, "cinema_id": cinema}),
        )
        .await;
    assert_eq!(s, 201, "{till}");
    let (s, sale) = pay(&app, &cashier, id, cash.clone()).await;
    assert_eq!(s, 200, "{sale}");
    assert_eq!(
        sale["data"]["payment"]["till_session_id"],
        till["data"]["id"]
    );

    // After closing, the next sale is refused again.
    close(&app, &cashier, 90_000).await;
    let next = hold_and_book(&app, &customer, &show.id, &[show.seat("A2")]).await;
    let (s, b) = pay(&app, &cashier, next["id"].as_str().expect("id"), cash).await;
    assert_eq!(s, 409, "{b}");
}

#[tokio::test]
async fn the_cash_up_counts_booking_totals_not_tenders_and_keeps_cards_out_of_the_drawer() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let cashier = app.token("cashier").await;
    let other = app.token("cashier").await;
    let customer = app.token("customer").await;
    let till = app.open_till(&cashier, 1_000_000).await;
    app.open_till(&other, 0).await;

    // 90.000 paid with a 500.000 note (410.000 change), 120.000 with 200.000 (80.000 change).
    let a1 = hold_and_book(&app, &customer, &show.id, &[show.seat("A1")]).await;
    let sale = pay_cash(&app, &cashier, a1["id"].as_str().expect("id"), 500_000).await;
    assert_eq!(sale["payment"]["change_due"], 410_000);
    let b1 = hold_and_book(&app, &customer, &show.id, &[show.seat("B1")]).await;
    pay_cash(&app, &cashier, b1["id"].as_str().expect("id"), 200_000).await;
    // 90.000 by card: not in the drawer.
    let a2 = hold_and_book(&app, &customer, &show.id, &[show.seat("A2")]).await;
    let (s, b) = pay(
        &app,
        &cashier,
        a2["id"].as_str().expect("id"),
        json!({"method": "CARD", "reference": "T-1"}),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    // Another cashier's sale belongs to their till.
    let a3 = hold_and_book(&app, &customer, &show.id, &[show.seat("A3")]).await;
    pay_cash(&app, &other, a3["id"].as_str().expect("id"), 90_000).await;

    let cash_up = close(&app, &cashier, 1_200_000).await;
    assert_eq!(cash_up["session_id"], till["id"]);
    assert_eq!(cash_up["opening_float"], 1_000_000);
    assert_eq!(cash_up["cash_sales"], 210_000);
    assert_eq!(cash_up["card_sales"], 90_000);
    assert_eq!(cash_up["cash_refunds"], 0);
    assert_eq!(cash_up["sale_count"], 3);
    assert_eq!(cash_up["expected_cash"], 1_210_000);
    assert_eq!(cash_up["counted_cash"], 1_200_000);
    assert_eq!(cash_up["variance"], -10_000, "10.000 short");

    // Closed: no current till, a second close is refused, the next till starts from zero.
    let (s, b) = app.get("/api/v1/tills/current", Some(&cashier)).await;
    assert_envelope(s, &b, 404);
    let (s, b) = app
        .post(
            "/api/v1/tills/current/close",
            Some(&cashier),
            json!({"counted_cash": 1}),
        )
        .await;
    assert_envelope(s, &b, 409);
    app.open_till(&cashier, 300_000).await;
    let fresh = close(&app, &cashier, 310_000).await;
    assert_eq!(
        (
            fresh["expected_cash"].as_i64(),
            fresh["sale_count"].as_i64(),
            fresh["variance"].as_i64()
        ),
        (Some(300_000), Some(0), Some(10_000)),
        "{fresh}"
    );
}

#[tokio::test]
async fn managers_see_every_cash_up_and_cashiers_only_their_own() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let (a_id, a) = app.user_with_role("cashier").await;
    let (b_id, b) = app.user_with_role("cashier").await;
    app.open_till(&a, 100_000).await;
    close(&app, &a, 100_000).await;
    app.open_till(&a, 200_000).await;
    close(&app, &a, 150_000).await;
    app.open_till(&b, 0).await;
    close(&app, &b, 0).await;

    let list = |token: String, query: &'static str| {
        let app = &app;
        async move {
            let (s, v) = app
                .get(&format!("/api/v1/tills{query}"), Some(&token))
                .await;
            assert_eq!(s, 200, "{v}");
            v["data"].clone()
        }
    };
    let mine = list(a.clone(), "").await;
    assert_eq!(mine["total"], 2);
    assert!(mine["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|c| c["cashier_id"] == a_id));
    assert_eq!(mine["items"][0]["variance"], -50_000, "newest first");
    // A cashier cannot look at someone else's by asking.
    let (s, v) = app
        .get(&format!("/api/v1/tills?cashier_id={a_id}"), Some(&b))
        .await;
    assert_eq!(s, 200);
    assert_eq!(v["data"]["total"], 1);
    assert_eq!(v["data"]["items"][0]["cashier_id"], b_id);

    let all = list(show.manager.clone(), "").await;
    assert_eq!(all["total"], 3);
    let (s, v) = app
        .get(
            &format!("/api/v1/tills?cashier_id={b_id}"),
            Some(&show.manager),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(v["data"]["total"], 1);

    for role in ["customer", "usher"] {
        let t = app.token(role).await;
        let (s, v) = app.get("/api/v1/tills", Some(&t)).await;
        assert_envelope(s, &v, 403);
    }
    let (s, v) = app.get("/api/v1/tills", None).await;
    assert_envelope(s, &v, 401);
    let (s, v) = app.get("/api/v1/tills?limit=0", Some(&a)).await;
    assert_envelope(s, &v, 422);
}
