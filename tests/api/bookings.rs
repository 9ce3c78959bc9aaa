//! Bookings through the API: book held seats (idempotent), refusals, expiry by the sweeper,
//! cancel, box-office cash and card, tickets, permissions and a contention run.

use crate::helpers::*;
use chrono::Duration;
use moviehub::tickets::TicketVerifier;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

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

async fn available(app: &TestApp, show: &str) -> (i64, String) {
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
    // Bypass holds: sell A3 straight into the ledger, then a user who holds A3 (the hold
    // facts still think it free) is refused by the database.
    let other = app.token("customer").await;
    hold(&app, &other, &show.id, &[show.seat("A3")]).await;
    app.state
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
    let swept = moviehub::bookings::sweeper::sweep_once(&app.state)
        .await
        .expect("sweep");
    assert!(swept.expired.is_empty());
    app.clock.advance(Duration::seconds(1));
    let swept = moviehub::bookings::sweeper::sweep_once(&app.state)
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
    assert_eq!(b["data"]["status"], "CANCELLED");
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
async fn cash_with_change_card_and_tickets_that_verify() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let (cashier_id, cashier) = app.user_with_role("cashier").await;
    let token = app.token("customer").await;
    let seats = vec![show.seat("A1"), show.seat("B1")];
    let booking = hold_and_book(&app, &token, &show.id, &seats).await;
    let id = booking["id"].as_str().expect("id");
    let path = format!("/api/v1/bookings/{id}/pay/box-office");
    let (s, b) = app
        .post(
            &path,
            Some(&cashier),
            json!({"method": "CASH", "tendered": 209_999}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("tendered"));
    let (s, b) = app
        .post(&path, Some(&cashier), json!({"method": "CHEQUE"}))
        .await;
    assert_envelope(s, &b, 422);
    let sale = pay_cash(&app, &cashier, id, 250_000).await;
    assert_eq!(sale["booking"]["status"], "CONFIRMED");
    assert_eq!(sale["payment"]["method"], "CASH");
    assert_eq!(sale["payment"]["status"], "SUCCESS");
    assert_eq!(sale["payment"]["change_due"], 40_000);
    assert_eq!(sale["payment"]["tendered"], 250_000);
    assert_eq!(sale["payment"]["cashier_id"], cashier_id);
    let tickets = sale["tickets"].as_array().expect("tickets");
    assert_eq!(tickets.len(), 2);
    let (_, pk) = app.get("/api/v1/tickets/public-key", None).await;
    let verifier =
        TicketVerifier::from_public_key_b64(pk["data"]["public_key"].as_str().expect("pk"))
            .expect("key");
    let mut seen = HashSet::new();
    for t in tickets {
        let claims = verifier
            .verify(t["qr_payload"].as_str().expect("payload"))
            .expect("verifies");
        assert_eq!(claims.code.as_str(), t["code"].as_str().expect("code"));
        assert_eq!(claims.showtime_id.to_string(), show.id);
        assert!(seats.contains(&claims.seat_id.to_string()));
        seen.insert(claims.seat_id);
    }
    assert_eq!(seen.len(), 2);
    // Paid twice → 409; the owner sees tickets and payments.
    let (s, b) = app
        .post(
            &path,
            Some(&cashier),
            json!({"method": "CASH", "tendered": 250_000}),
        )
        .await;
    assert_envelope(s, &b, 409);
    let (_, one) = app
        .get(&format!("/api/v1/bookings/{id}"), Some(&token))
        .await;
    assert_eq!(one["data"]["status"], "CONFIRMED");
    assert_eq!(one["data"]["tickets"].as_array().expect("t").len(), 2);
    assert_eq!(one["data"]["payments"][0]["change_due"], 40_000);
    assert_eq!(available(&app, &show.id).await.0, 6);
    // Card: needs a reference; the cashier's own booking is BOX_OFFICE.
    let own = hold_and_book(&app, &cashier, &show.id, &[show.seat("A2")]).await;
    assert_eq!(own["channel"], "BOX_OFFICE");
    let path = format!(
        "/api/v1/bookings/{}/pay/box-office",
        own["id"].as_str().expect("id")
    );
    let (s, b) = app
        .post(
            &path,
            Some(&cashier),
            json!({"method": "CARD", "reference": " "}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("reference"));
    let (s, b) = app
        .post(
            &path,
            Some(&cashier),
            json!({"method": "CARD", "reference": "POS-1234"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["payment"]["card_reference"], "POS-1234");
    assert_eq!(b["data"]["payment"]["change_due"], Value::Null);
    assert_eq!(b["data"]["tickets"].as_array().expect("t").len(), 1);
    // Ticket endpoints: the owner, staff; QR images.
    let code = tickets[0]["code"].as_str().expect("code");
    let (s, t) = app
        .get(&format!("/api/v1/tickets/{code}"), Some(&token))
        .await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["data"]["qr_payload"], tickets[0]["qr_payload"]);
    let lower = code.replace('-', "").to_lowercase();
    let (s, _) = app
        .get(&format!("/api/v1/tickets/{lower}"), Some(&cashier))
        .await;
    assert_eq!(s, 200);
    let stranger = app.token("customer").await;
    let (s, b) = app
        .get(&format!("/api/v1/tickets/{code}"), Some(&stranger))
        .await;
    assert_envelope(s, &b, 404);
    let (s, b) = app.get("/api/v1/tickets/NOT-A-CODE", Some(&token)).await;
    assert_envelope(s, &b, 422);
    for (ext, mime) in [("svg", "image/svg+xml"), ("png", "image/png")] {
        let res = app
            .client
            .get(format!("{}/api/v1/tickets/{code}/qr.{ext}", app.base))
            .bearer_auth(&token)
            .send()
            .await
            .expect("qr");
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], mime);
        assert!(!res.bytes().await.expect("body").is_empty());
    }
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

/// 20 users race to hold and book overlapping seats of the 8-seat hall: the hold layer
/// refuses most, and whatever happens no seat is in two active bookings and the showtime's
/// available count matches the ledger.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn contention_twenty_users_overlapping_seats() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let labels = ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"];
    let mut tokens = Vec::new();
    for _ in 0..20 {
        tokens.push(app.token("customer").await);
    }
    let mut tasks = Vec::new();
    for (i, token) in tokens.into_iter().enumerate() {
        let seats: Vec<String> = (0..3).map(|k| show.seat(labels[(i + k) % 8])).collect();
        let (base, client, sid) = (app.base.clone(), app.client.clone(), show.id.clone());
        tasks.push(tokio::spawn(async move {
            let mut held = Vec::new();
            for seat in &seats {
                let res = client
                    .post(format!("{base}/api/v1/showtimes/{sid}/holds"))
                    .bearer_auth(&token)
                    .json(&json!({"seat_id": seat}))
                    .send()
                    .await
                    .expect("hold");
                if res.status() == 200 {
                    held.push(seat.clone());
                }
            }
            if held.is_empty() {
                return 0u16;
            }
            let res = client
                .post(format!("{base}/api/v1/bookings"))
                .bearer_auth(&token)
                .json(&json!({"showtime_id": sid, "seat_ids": held, "idempotency_key": "k"}))
                .send()
                .await
                .expect("book");
            res.status().as_u16()
        }));
    }
    let mut created = 0;
    for t in tasks {
        let status = t.await.expect("task");
        assert!([0, 201, 409].contains(&status), "{status}");
        created += usize::from(status == 201);
    }
    assert!(created >= 1);
    let (_, list) = app
        .get(
            &format!(
                "/api/v1/bookings?showtime_id={}&status=PENDING&limit=100",
                show.id
            ),
            Some(&show.manager),
        )
        .await;
    let items = list["data"]["items"].as_array().expect("items");
    assert_eq!(items.len(), created);
    let mut sold = HashSet::new();
    for b in items {
        for s in b["seats"].as_array().expect("seats") {
            assert!(
                sold.insert(s["seat_id"].as_str().expect("seat").to_string()),
                "double sale"
            );
        }
    }
    let taken = app.state.bookings.taken(&show.id).await.expect("taken");
    assert_eq!(taken.len(), sold.len());
    let (avail, status) = available(&app, &show.id).await;
    assert_eq!(avail, 8 - i64::try_from(sold.len()).expect("n"));
    assert_eq!(
        status,
        if sold.len() == 8 {
            "SOLD_OUT"
        } else {
            "SELLING"
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_generator_bookings_scenario_smoke() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let email = format!("cashier-{}@test.local", uuid::Uuid::new_v4().simple());
    app.state
        .users
        .create(
            moviehub::users::service::NewUser {
                email: email.clone(),
                password: "password1".into(),
                full_name: "Load Cashier".into(),
                phone: None,
            },
            "cashier",
        )
        .await
        .expect("cashier");
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_moviehub-load"))
        .args([
            "--url",
            &app.base,
            "--json",
            "--showtime",
            &show.id,
            "bookings",
        ])
        .args([
            "--users",
            "3",
            "--cashier-email",
            &email,
            "--cashier-password",
            "password1",
        ])
        .output()
        .await
        .expect("run moviehub-load");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON summary");
    assert_eq!(v["samples"], 8, "{v}");
    assert!(v["p99_ms"].is_number(), "{v}");
    assert!(
        v["note"]
            .as_str()
            .expect("note")
            .starts_with("8 confirmed bookings"),
        "{v}"
    );
    // Every seat is sold now: the showtime is SOLD_OUT.
    assert_eq!(available(&app, &show.id).await, (0, "SOLD_OUT".to_string()));
}
