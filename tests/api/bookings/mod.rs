//! Bookings through the API: book held seats (idempotent), refusals, expiry by the sweeper,
//! cancel, box-office cash and card, tickets, permissions and a contention run.

mod contention;
mod load;
mod pay;
mod seat_rules;

use crate::helpers::*;
use chrono::Duration;
use serde_json::{json, Value};
use std::collections::HashMap;

/// A showtime on sale at 20:00 local today (13:00Z) in a priced 8-seat hall (A1–A4 STANDARD
/// 90k, B1–B4 VIP 120k).
pub struct Show {
    pub id: String,
    /// Seat label → seat id.
    pub seats: HashMap<String, String>,
    pub manager: String,
}

impl Show {
    pub fn seat(&self, label: &str) -> String {
        self.seats.get(label).expect("seat label").clone()
    }
}

pub async fn show(app: &TestApp) -> Show {
    let manager = app.token("manager").await;
    let (_, hall) = app.priced_hall(&manager).await;
    let movie = app.create_movie("Mai", 120).await;
    let (s, b) = app
        .post(
            "/api/v1/showtimes/batch",
            Some(&manager),
            json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi",
                "subtitles": ["en"], "start_times": ["2026-11-24T20:00:00+07:00"]}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"][0]["id"].as_str().expect("id").to_string();
    let facts = app.state.cinemas.showtime_facts(&id).await.expect("facts");
    let seats = facts
        .seats
        .iter()
        .map(|s| (s.label.clone(), s.id.clone()))
        .collect();
    Show { id, seats, manager }
}

/// Hold these seats over HTTP as `token`.
pub async fn hold(app: &TestApp, token: &str, show: &str, seat_ids: &[String]) {
    for seat in seat_ids {
        let (s, b) = app
            .post(
                &format!("/api/v1/showtimes/{show}/holds"),
                Some(token),
                json!({"seat_id": seat}),
            )
            .await;
        assert_eq!(s, 200, "hold {seat}: {b}");
    }
}

pub async fn book(
    app: &TestApp,
    token: &str,
    show: &str,
    seat_ids: &[String],
    key: &str,
) -> (reqwest::StatusCode, Value) {
    app.post(
        "/api/v1/bookings",
        Some(token),
        json!({"showtime_id": show, "seat_ids": seat_ids, "idempotency_key": key}),
    )
    .await
}

/// Hold and book; returns the booking JSON.
pub async fn hold_and_book(app: &TestApp, token: &str, show: &str, seat_ids: &[String]) -> Value {
    hold(app, token, show, seat_ids).await;
    let (s, b) = book(
        app,
        token,
        show,
        seat_ids,
        &uuid::Uuid::new_v4().to_string(),
    )
    .await;
    assert_eq!(s, 201, "{b}");
    b["data"].clone()
}

/// Pay cash at the box office; returns the sale JSON.
pub async fn pay_cash(app: &TestApp, cashier: &str, booking_id: &str, tendered: i64) -> Value {
    let (s, b) = app
        .post(
            &format!("/api/v1/bookings/{booking_id}/pay/box-office"),
            Some(cashier),
            json!({"method": "CASH", "tendered": tendered}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"].clone()
}

pub async fn available(app: &TestApp, show: &str) -> (i64, String) {
    // Counts are written behind the sale: wait for the queued report, not for a time.
    app.state.taken.settled(show).await;
    let (_, v) = app.get(&format!("/api/v1/showtimes/{show}"), None).await;
    (
        v["data"]["available_seats"].as_i64().expect("available"),
        v["data"]["status"].as_str().expect("status").to_string(),
    )
}

#[tokio::test]
async fn booking_held_seats_copies_prices_and_is_idempotent() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let (user, token) = app.user_with_role("customer").await;
    let seats = vec![show.seat("A1"), show.seat("B2")];
    hold(&app, &token, &show.id, &seats).await;
    let (s, b) = book(&app, &token, &show.id, &seats, "key-1").await;
    assert_eq!(s, 201, "{b}");
    let booking = &b["data"];
    assert_eq!(booking["status"], "PENDING");
    assert_eq!(booking["channel"], "ONLINE");
    assert_eq!(booking["user_id"], user);
    assert_eq!(booking["movie_title"], "Mai");
    assert_eq!(booking["hall_name"], "Hall 1");
    assert_eq!(booking["total"], 210_000);
    assert_eq!(booking["seats"][0]["price"], 90_000);
    assert_eq!(booking["seats"][1]["seat_type"], "VIP");
    assert_eq!(booking["expires_at"], "2026-11-24T03:10:00.000Z");
    // Holds became the booking: nothing held any more, and the count follows.
    assert!(app.state.holds.held_by(&show.id, &user).is_empty());
    assert_eq!(available(&app, &show.id).await.0, 6);
    // Same key → same booking, 200 (even though the holds are gone).
    let (s, again) = book(&app, &token, &show.id, &seats, "key-1").await;
    assert_eq!(s, 200, "{again}");
    assert_eq!(again["data"]["id"], booking["id"]);
    // Same key, other seats → 409.
    let (s, b) = book(&app, &token, &show.id, &[show.seat("A3")], "key-1").await;
    assert_envelope(s, &b, 409);
    let id = booking["id"].as_str().expect("id");
    let (s, one) = app
        .get(&format!("/api/v1/bookings/{id}"), Some(&token))
        .await;
    assert_eq!(s, 200);
    assert_eq!(one["data"]["total"], 210_000);
    assert_eq!(one["data"]["tickets"], json!([]));
    assert_eq!(one["data"]["payments"], json!([]));
}

#[tokio::test]
async fn seats_not_held_are_refused_naming_them_and_the_ledger_gives_409() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let token = app.token("customer").await;
    hold(&app, &token, &show.id, &[show.seat("A1")]).await;
    let (s, b) = book(
        &app,
        &token,
        &show.id,
        &[show.seat("A1"), show.seat("A2")],
        "k",
    )
    .await;
    let msg = assert_envelope(s, &b, 409);
    assert!(
        msg.starts_with("seat_ids:") && msg.contains("A2") && !msg.contains("A1,"),
        "{msg}"
    );
    // Bypass holds: another process on the same data dir sells A3 straight into the ledger
    // (this one's holds never hear of it), then a user who holds A3 (the hold facts still
    // think it free) is refused by the database.
    let other = app.token("customer").await;
    hold(&app, &other, &show.id, &[show.seat("A3")]).await;
    let elsewhere = app.second_server(|_| {}).await;
    elsewhere
        .state
        .bookings
        .create(moviehub::bookings::NewBooking {
            user_id: "someone".into(),
            channel: moviehub::bookings::Channel::Online,
            idempotency_key: "direct".into(),
            showtime: moviehub::bookings::ShowtimeSnapshot {
                id: show.id.clone(),
                cinema_id: "c".into(),
                movie_title: "Mai".into(),
                hall_name: "Hall 1".into(),
                starts_at: start_time(),
                ends_at: start_time(),
            },
            seats: vec![moviehub::bookings::BookingSeat {
                seat_id: show.seat("A3"),
                seat_label: "A3".into(),
                seat_type: "STANDARD".into(),
                price: 1,
            }],
        })
        .await
        .expect("direct sale");
    elsewhere.stop().await;
    let (s, b) = book(&app, &other, &show.id, &[show.seat("A3")], "k").await;
    let msg = assert_envelope(s, &b, 409);
    assert!(
        msg.starts_with("seat_taken:") && msg.contains("A3"),
        "{msg}"
    );
    // Unknown showtime / seat.
    let (s, b) = book(&app, &token, "nope", &[show.seat("A1")], "k2").await;
    assert_envelope(s, &b, 404);
    let (s, b) = book(&app, &token, &show.id, &["nope".to_string()], "k2").await;
    assert!(assert_envelope(s, &b, 422).starts_with("seat_ids"));
}

#[tokio::test]
async fn expiry_by_the_clock_frees_seats_for_others() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let token = app.token("customer").await;
    let seats = vec![show.seat("A1"), show.seat("A2")];
    let booking = hold_and_book(&app, &token, &show.id, &seats).await;
    let other = app.token("customer").await;
    let (s, b) = app
        .post(
            &format!("/api/v1/showtimes/{}/holds", show.id),
            Some(&other),
            json!({"seat_id": seats[0]}),
        )
        .await;
    assert_envelope(s, &b, 409);
    app.clock.advance(Duration::seconds(599));
    let swept = moviehub::bookings::sweeper::sweep_once(&app.state.bookings)
        .await
        .expect("sweep");
    assert!(swept.expired.is_empty());
    app.clock.advance(Duration::seconds(1));
    let swept = moviehub::bookings::sweeper::sweep_once(&app.state.bookings)
        .await
        .expect("sweep");
    assert_eq!(swept.expired.len(), 1);
    assert_eq!(swept.expired[0].booking_id, booking["id"]);
    let id = booking["id"].as_str().expect("id");
    let (_, b) = app
        .get(&format!("/api/v1/bookings/{id}"), Some(&token))
        .await;
    assert_eq!(b["data"]["status"], "EXPIRED");
    assert_eq!(available(&app, &show.id).await.0, 8);
    hold_and_book(&app, &other, &show.id, &seats).await;
}

#[tokio::test]
async fn cancel_pending_frees_seats_and_only_owner_or_booking_cancel() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let token = app.token("customer").await;
    let booking = hold_and_book(&app, &token, &show.id, &[show.seat("A1")]).await;
    let id = booking["id"].as_str().expect("id");
    let path = format!("/api/v1/bookings/{id}/cancel");
    let stranger = app.token("customer").await;
    let (s, b) = app.post(&path, Some(&stranger), json!({})).await;
    assert_envelope(s, &b, 404);
    let cashier = app.token("cashier").await;
    let (s, b) = app.post(&path, Some(&cashier), json!({})).await;
    assert_envelope(s, &b, 403);
    assert_eq!(available(&app, &show.id).await.0, 7);
    let (s, b) = app.post(&path, Some(&token), json!({})).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["booking"]["status"], "CANCELLED");
    assert_eq!(available(&app, &show.id).await.0, 8);
    let (s, b) = app.post(&path, Some(&token), json!({})).await;
    assert_envelope(s, &b, 409);
    // A manager (booking:cancel) may cancel another user's pending booking.
    let second = hold_and_book(&app, &token, &show.id, &[show.seat("A1")]).await;
    let path = format!(
        "/api/v1/bookings/{}/cancel",
        second["id"].as_str().expect("id")
    );
    let (s, b) = app.post(&path, Some(&show.manager), json!({})).await;
    assert_eq!(s, 200, "{b}");
}

#[tokio::test]
async fn listing_mine_and_staff_filters() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let a = app.token("customer").await;
    let b = app.token("customer").await;
    hold_and_book(&app, &a, &show.id, &[show.seat("A1")]).await;
    let paid = hold_and_book(&app, &b, &show.id, &[show.seat("A2")]).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;
    pay_cash(&app, &cashier, paid["id"].as_str().expect("id"), 90_000).await;
    let (_, mine) = app.get("/api/v1/bookings", Some(&a)).await;
    assert_eq!(mine["data"]["total"], 1);
    let (_, all) = app.get("/api/v1/bookings", Some(&cashier)).await;
    assert_eq!(all["data"]["total"], 2);
    let (_, confirmed) = app
        .get(
            &format!("/api/v1/bookings?showtime_id={}&status=CONFIRMED", show.id),
            Some(&cashier),
        )
        .await;
    assert_eq!(confirmed["data"]["total"], 1);
    assert_eq!(confirmed["data"]["items"][0]["id"], paid["id"]);
    let (s, body) = app.get("/api/v1/bookings?limit=0", Some(&a)).await;
    assert!(assert_envelope(s, &body, 422).starts_with("limit"));
    let (s, body) = app.get("/api/v1/bookings?status=NOPE", Some(&a)).await;
    assert!(assert_envelope(s, &body, 400).starts_with("status"));
    // Another user's booking is invisible; staff see it.
    let id = paid["id"].as_str().expect("id");
    let (s, body) = app.get(&format!("/api/v1/bookings/{id}"), Some(&a)).await;
    assert_envelope(s, &body, 404);
    let (s, _) = app
        .get(&format!("/api/v1/bookings/{id}"), Some(&cashier))
        .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn permission_matrix_of_every_new_route() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let customer = app.token("customer").await;
    let usher = app.token("usher").await;
    let booking = hold_and_book(&app, &customer, &show.id, &[show.seat("A1")]).await;
    let id = booking["id"].as_str().expect("id");
    let body =
        json!({"showtime_id": show.id, "seat_ids": [show.seat("A2")], "idempotency_key": "x"});
    let pay = json!({"method": "CASH", "tendered": 1_000_000});
    let checkin = json!({"code": "x", "nonce": "n"});
    let routes: Vec<(&str, String, Option<Value>)> = vec![
        ("POST", "/api/v1/bookings".into(), Some(body.clone())),
        ("GET", "/api/v1/bookings".into(), None),
        ("GET", format!("/api/v1/bookings/{id}"), None),
        (
            "POST",
            format!("/api/v1/bookings/{id}/cancel"),
            Some(json!({})),
        ),
        (
            "POST",
            format!("/api/v1/bookings/{id}/pay/box-office"),
            Some(pay.clone()),
        ),
        (
            "GET",
            "/api/v1/tickets/0123-4567-89AB-CDEF-GHJK-MNPQ-RSQ9".into(),
            None,
        ),
        (
            "GET",
            "/api/v1/tickets/0123-4567-89AB-CDEF-GHJK-MNPQ-RSQ9/qr.svg".into(),
            None,
        ),
        (
            "GET",
            "/api/v1/tickets/0123-4567-89AB-CDEF-GHJK-MNPQ-RSQ9/qr.png".into(),
            None,
        ),
        ("POST", "/api/v1/checkin".into(), Some(checkin.clone())),
    ];
    for (method, path, body) in &routes {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let (s, b) = app.call(m, path, None, body.clone()).await;
        assert_envelope(s, &b, 401);
    }
    let call = |token: String, method: &'static str, path: String, body: Option<Value>| {
        let app = &app;
        async move {
            let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
            app.call(m, &path, Some(&token), body).await
        }
    };
    // An usher cannot book; a customer cannot sell or scan.
    let (s, b) = call(usher.clone(), "POST", "/api/v1/bookings".into(), Some(body)).await;
    assert_envelope(s, &b, 403);
    let (s, b) = call(
        customer.clone(),
        "POST",
        format!("/api/v1/bookings/{id}/pay/box-office"),
        Some(pay),
    )
    .await;
    assert_envelope(s, &b, 403);
    let (s, b) = call(
        customer.clone(),
        "POST",
        "/api/v1/checkin".into(),
        Some(checkin),
    )
    .await;
    assert_envelope(s, &b, 403);
}

#[tokio::test]
async fn viewers_see_seats_booked_then_freed_by_cancel_and_expiry() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let token = app.token("customer").await;
    let mut viewer = crate::holds::Client::connect(&app, None).await;
    viewer.join(&show.id).await;
    let a1 = vec![show.seat("A1")];
    let first = hold_and_book(&app, &token, &show.id, &a1).await;
    let booked = viewer.next_of("seat_booked").await;
    assert_eq!(booked["seat_ids"], json!(a1));
    assert_eq!(booked["mine"], false);
    let path = format!(
        "/api/v1/bookings/{}/cancel",
        first["id"].as_str().expect("id")
    );
    let (s, _) = app.post(&path, Some(&token), json!({})).await;
    assert_eq!(s, 200);
    let freed = viewer.next_of("seat_released").await;
    assert_eq!(freed["seat_ids"], json!(a1));
    // Book again, let it expire: the sweep announces the seat free.
    hold_and_book(&app, &token, &show.id, &a1).await;
    viewer.next_of("seat_booked").await;
    app.clock.advance(Duration::seconds(600));
    moviehub::bookings::sweeper::sweep_once(&app.state.bookings)
        .await
        .expect("sweep");
    let freed = viewer.next_of("seat_released").await;
    assert_eq!(freed["seat_ids"], json!(a1));
}
