//! The quote: one pricing function for the quote endpoint and booking creation, by hall ×
//! seat type × day type, and a booking stores exactly the lines quoted.

use crate::helpers::*;
use rstest::rstest;
use serde_json::{json, Value};

/// A hall with every seat type (A STANDARD, B VIP, C COUPLE pairs, D1 PREMIUM, D2 WHEELCHAIR)
/// priced per day type, and a showtime at `start`; returns (manager token, showtime id, seat
/// id by label).
async fn priced_showtime(
    app: &TestApp,
    start: &str,
    holiday: Option<&str>,
) -> (String, String, std::collections::HashMap<String, String>) {
    let token = app.token("manager").await;
    let cinema = app
        .create_cinema(
            &token,
            json!({"name": "CGV Vincom", "address": "72 Lê Thánh Tôn", "city": "Ho Chi Minh City",
                   "district": "District 1", "latitude": 10.778, "longitude": 106.702}),
        )
        .await;
    let hall = app
        .create_hall(
            &token,
            &cinema,
            json!({"name": "Hall 3", "hall_type": "STANDARD",
                   "layout": {"rows": ["A", "B", "C", "D"], "seats_per_row": 4,
                              "seat_types": {"VIP": ["B"], "COUPLE": ["C"],
                                             "PREMIUM": ["D1"], "WHEELCHAIR": ["D2"]}}}),
        )
        .await;
    let hall_id = hall["id"].as_str().expect("hall").to_string();
    let mut prices = Vec::new();
    for (seat_type, base) in [
        ("STANDARD", 90_000),
        ("VIP", 120_000),
        ("COUPLE", 200_000),
        ("PREMIUM", 150_000),
        ("WHEELCHAIR", 70_000),
    ] {
        for (day, extra) in [("WEEKDAY", 0), ("WEEKEND", 20_000), ("HOLIDAY", 40_000)] {
            prices.push(json!({"seat_type": seat_type, "day_type": day, "price": base + extra}));
        }
    }
    let (s, b) = app
        .put(
            &format!("/api/v1/halls/{hall_id}/prices"),
            Some(&token),
            json!({ "prices": prices }),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    if let Some(date) = holiday {
        let (s, _) = app
            .post(
                "/api/v1/holidays",
                Some(&token),
                json!({"date": date, "name": "Giải phóng"}),
            )
            .await;
        assert_eq!(s, 201);
    }
    let movie = app.create_movie("Mai", 131).await;
    let (s, b) = app
        .post(
            "/api/v1/showtimes/batch",
            Some(&token),
            json!({"movie_id": movie, "hall_id": hall_id, "format": "2D", "language": "vi",
                   "subtitles": [], "start_times": [start]}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let show = b["data"][0]["id"].as_str().expect("show").to_string();
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{show}/seats"), None)
        .await;
    let mut ids = std::collections::HashMap::new();
    for row in map["data"]["rows"].as_array().expect("rows") {
        for seat in row["seats"].as_array().expect("seats") {
            ids.insert(
                seat["label"].as_str().expect("label").to_string(),
                seat["id"].as_str().expect("id").to_string(),
            );
        }
    }
    (token, show, ids)
}

async fn quote(app: &TestApp, body: Value) -> (reqwest::StatusCode, Value) {
    app.post("/api/v1/bookings/quote", None, body).await
}

#[rstest]
// Tuesday 24/11 is a weekday, Saturday 28/11 a weekend, Thursday 26/11 made a holiday.
#[case::weekday_standard("2026-11-24T20:00:00+07:00", None, "WEEKDAY", &["A1"], &[90_000])]
#[case::weekday_vip("2026-11-24T20:00:00+07:00", None, "WEEKDAY", &["B2"], &[120_000])]
#[case::weekday_premium_and_wheelchair("2026-11-24T20:00:00+07:00", None, "WEEKDAY", &["D1", "D2"], &[150_000, 70_000])]
#[case::weekend_standard_vip("2026-11-28T20:00:00+07:00", None, "WEEKEND", &["A1", "B1"], &[110_000, 140_000])]
#[case::weekend_couple_pair("2026-11-28T20:00:00+07:00", None, "WEEKEND", &["C1", "C2"], &[220_000, 220_000])]
#[case::holiday_standard("2026-11-26T20:00:00+07:00", Some("2026-11-26"), "HOLIDAY", &["A4"], &[130_000])]
#[case::holiday_couple_and_wheelchair("2026-11-26T20:00:00+07:00", Some("2026-11-26"), "HOLIDAY", &["C3", "C4", "D2"], &[240_000, 240_000, 110_000])]
#[case::a_holiday_on_another_day_leaves_a_weekday("2026-11-24T20:00:00+07:00", Some("2026-11-26"), "WEEKDAY", &["B4"], &[120_000])]
#[tokio::test]
async fn quote_prices_each_seat_by_hall_seat_type_and_day_type(
    #[case] start: &str,
    #[case] holiday: Option<&str>,
    #[case] day_type: &str,
    #[case] labels: &[&str],
    #[case] prices: &[i64],
) {
    let app = spawn_app().await;
    let (_, show, ids) = priced_showtime(&app, start, holiday).await;
    let seat_ids: Vec<&String> = labels.iter().map(|l| &ids[*l]).collect();
    let (s, b) = quote(&app, json!({"showtime_id": show, "seat_ids": seat_ids})).await;
    assert_eq!(s, 200, "{b}");
    let q = &b["data"];
    assert_eq!(q["day_type"], day_type);
    let lines = q["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), labels.len());
    for ((line, label), price) in lines.iter().zip(labels).zip(prices) {
        assert_eq!(line["label"], *label);
        assert_eq!(line["price"], *price, "{line}");
        assert_eq!(line["seat_id"], ids[*label]);
    }
    let sum: i64 = prices.iter().sum();
    assert_eq!(q["subtotal"], sum);
    assert_eq!(q["discounts"], json!([]));
    assert_eq!(q["total"], sum);
    app.stop().await;
}

#[tokio::test]
async fn a_booking_stores_exactly_the_lines_its_quote_showed() {
    let app = spawn_app().await;
    let (_, show, ids) = priced_showtime(&app, "2026-11-28T20:00:00+07:00", None).await;
    let customer = app.token("customer").await;
    let seats = [ids["B3"].clone(), ids["D1"].clone()];
    for seat in &seats {
        let (s, b) = app
            .post(
                &format!("/api/v1/showtimes/{show}/holds"),
                Some(&customer),
                json!({ "seat_id": seat }),
            )
            .await;
        assert_eq!(s, 200, "{b}");
    }
    let body = json!({"showtime_id": show, "seat_ids": seats, "idempotency_key": "k-1"});
    let (_, quoted) = quote(&app, body.clone()).await;
    let (s, booked) = app.post("/api/v1/bookings", Some(&customer), body).await;
    assert_eq!(s, 201, "{booked}");
    let q = &quoted["data"];
    let b = &booked["data"];
    assert_eq!(b["subtotal"], q["subtotal"]);
    assert_eq!(b["total"], q["total"]);
    assert_eq!(b["total"], 140_000 + 170_000);
    for (seat, line) in b["seats"]
        .as_array()
        .expect("seats")
        .iter()
        .zip(q["lines"].as_array().expect("lines"))
    {
        assert_eq!(seat["seat_id"], line["seat_id"]);
        assert_eq!(seat["seat_label"], line["label"]);
        assert_eq!(seat["seat_type"], line["seat_type"]);
        assert_eq!(seat["price"], line["price"]);
    }
    app.stop().await;
}

#[tokio::test]
async fn a_basket_that_cannot_be_priced_says_which_field_and_why() {
    let app = spawn_app().await;
    let (_, show, ids) = priced_showtime(&app, "2026-11-24T20:00:00+07:00", None).await;
    let a1 = ids["A1"].clone();
    for (body, status, starts) in [
        (
            json!({"showtime_id": show, "seat_ids": []}),
            422,
            "seat_ids",
        ),
        (
            json!({"showtime_id": show, "seat_ids": [a1, a1]}),
            422,
            "seat_ids",
        ),
        (
            json!({"showtime_id": show, "seat_ids": ["nope"]}),
            422,
            "seat_ids",
        ),
        (
            json!({"showtime_id": show, "seat_ids": "A1"}),
            422,
            "seat_ids",
        ),
        (
            json!({"seat_ids": [a1]}),
            422,
            "showtime_id: required with seat_ids",
        ),
        (
            json!({"showtime_id": show, "seat_ids": [a1], "promo": "X"}),
            422,
            "unknown field `promo`",
        ),
    ] {
        let (s, b) = quote(&app, body.clone()).await;
        let message = assert_envelope(s, &b, status);
        assert!(
            message.starts_with(starts) || message.contains(starts),
            "{body} → {message}"
        );
    }
    let (s, b) = quote(
        &app,
        json!({"showtime_id": uuid::Uuid::now_v7().to_string(), "seat_ids": [a1]}),
    )
    .await;
    assert_envelope(s, &b, 404);
    app.stop().await;
}
