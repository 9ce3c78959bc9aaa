//! The seat rules cinemas use: online sales stop at the show's start and the box office's a
//! setting's minutes later (holds and bookings alike); no booking may leave one empty seat
//! alone between taken seats of a row (a setting, on by default).

use super::{book, hold, hold_and_book, show};
use crate::helpers::*;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

fn start() -> DateTime<Utc> {
    // The test show starts at 20:00 in Ho Chi Minh City.
    "2026-11-24T13:00:00Z".parse().expect("start")
}

async fn try_hold(app: &TestApp, token: &str, show: &str, seat: &str) -> (u16, String) {
    let (s, b) = app
        .post(
            &format!("/api/v1/showtimes/{show}/holds"),
            Some(token),
            json!({"seat_id": seat}),
        )
        .await;
    (
        s.as_u16(),
        b["message"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn online_sales_stop_at_the_start_and_the_box_office_fifteen_minutes_later() {
    // Sessions outlast the ten hours the clock jumps.
    let app = spawn_app_with(|s| s.auth.token_ttl_secs = 86_400).await;
    let st = show(&app).await;
    let customer = app.token("customer").await;
    let cashier = app.token("cashier").await;
    let late = app.token("customer").await;
    hold(&app, &customer, &st.id, &[st.seat("A1")]).await;

    app.clock.set(start() + Duration::minutes(1));
    let key = uuid::Uuid::new_v4().to_string();
    let (s, b) = book(&app, &customer, &st.id, &[st.seat("A1")], &key).await;
    assert_eq!(s, 409, "{b}");
    assert!(
        b["message"]
            .as_str()
            .expect("message")
            .starts_with("sales_closed:"),
        "{b}"
    );
    let (s, m) = try_hold(&app, &late, &st.id, &st.seat("A3")).await;
    assert_eq!((s, m.starts_with("sales_closed:")), (409, true), "{m}");

    // The box office still sells for the first minutes of the show.
    let sold = hold_and_book(&app, &cashier, &st.id, &[st.seat("B1")]).await;
    assert_eq!(sold["status"], "PENDING");
    app.clock.set(start() + Duration::minutes(15));
    let (s, m) = try_hold(&app, &cashier, &st.id, &st.seat("B3")).await;
    assert_eq!((s, m.starts_with("sales_closed:")), (409, true), "{m}");
    app.stop().await;
}

#[tokio::test]
async fn the_box_office_minutes_are_a_setting() {
    let app = spawn_app_with(|s| {
        s.bookings.box_office_minutes_after_start = 0;
        s.auth.token_ttl_secs = 86_400;
    })
    .await;
    let st = show(&app).await;
    let cashier = app.token("cashier").await;
    app.clock.set(start());
    let (s, m) = try_hold(&app, &cashier, &st.id, &st.seat("A1")).await;
    assert_eq!((s, m.starts_with("sales_closed:")), (409, true), "{m}");
    app.stop().await;
}

#[tokio::test]
async fn a_booking_that_leaves_one_empty_seat_between_taken_ones_is_refused() {
    let app = spawn_app().await;
    let st = show(&app).await;
    let first = app.token("customer").await;
    let second = app.token("customer").await;
    hold_and_book(&app, &first, &st.id, &[st.seat("A1")]).await;

    // A3 alone would strand A2 between A1 and A3.
    hold(&app, &second, &st.id, &[st.seat("A3")]).await;
    let key = uuid::Uuid::new_v4().to_string();
    let (s, b) = book(&app, &second, &st.id, &[st.seat("A3")], &key).await;
    assert_eq!(s, 409, "{b}");
    let message = b["message"].as_str().expect("message");
    assert!(message.starts_with("seat_gap: seat A2 "), "{message}");
    // Nothing was booked: A3 is still only held.
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{}/seats", st.id), None)
        .await;
    let a3 = map["data"]["rows"][0]["seats"][2].clone();
    assert_eq!(a3["label"], "A3");
    assert_eq!(a3["status"], "HELD", "{a3}");

    // Taking A2 as well leaves no gap.
    hold(&app, &second, &st.id, &[st.seat("A2")]).await;
    let seats = [st.seat("A2"), st.seat("A3")];
    let (s, b) = book(&app, &second, &st.id, &seats, &key).await;
    assert_eq!(s, 201, "{b}");
    // Against the row's end there is no gap to leave: A4 alone is fine.
    hold_and_book(&app, &first, &st.id, &[st.seat("A4")]).await;
    app.stop().await;
}

#[tokio::test]
async fn the_single_seat_rule_can_be_turned_off() {
    let app = spawn_app_with(|s| s.bookings.no_single_seat_gap = false).await;
    let st = show(&app).await;
    let customer = app.token("customer").await;
    hold_and_book(&app, &customer, &st.id, &[st.seat("A1")]).await;
    hold_and_book(&app, &customer, &st.id, &[st.seat("A3")]).await;
    app.stop().await;
}
