//! Door check-in through the API: every answer, and a scanner's retry getting the first answer.

use crate::bookings::{hold_and_book, pay_cash, show};
use crate::helpers::*;
use moviehub::tickets::{TicketClaims, TicketCode, TicketSigner};
use serde_json::{json, Value};

/// The show starts 13:00Z; doors open 30 min before.
fn at(t: &str) -> chrono::DateTime<chrono::Utc> {
    t.parse().expect("time")
}

async fn scan(app: &TestApp, usher: &str, body: Value) -> Value {
    let (s, b) = app.post("/api/v1/checkin", Some(usher), body).await;
    assert_eq!(s, 200, "{b}");
    b["data"].clone()
}

#[tokio::test]
async fn every_checkin_answer_and_nonce_replay() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;
    let customer = app.token("customer").await;
    let booking = hold_and_book(
        &app,
        &customer,
        &show.id,
        &[show.seat("A1"), show.seat("A2")],
    )
    .await;
    let sale = pay_cash(&app, &cashier, booking["id"].as_str().expect("id"), 180_000).await;
    let qr = |i: usize| {
        sale["tickets"][i]["qr_payload"]
            .as_str()
            .expect("qr")
            .to_string()
    };
    let code = |i: usize| {
        sale["tickets"][i]["code"]
            .as_str()
            .expect("code")
            .to_string()
    };

    // Too early: 12:29Z, doors open 12:30Z.
    app.clock.set(at("2026-11-24T12:29:00Z"));
    // Tokens live for a while; the usher signs in at the door.
    let usher = app.token("usher").await;
    let a = scan(
        &app,
        &usher,
        json!({"qr_payload": qr(0), "nonce": "n1", "door": "D1"}),
    )
    .await;
    assert_eq!(a["result"], "too_early", "{a}");
    assert_eq!(a["opens_at"], "2026-11-24T12:30:00.000Z");

    app.clock.set(at("2026-11-24T12:30:00.000Z"));
    // The retry of n1 still says too_early (the first answer), although doors are open now.
    let again = scan(
        &app,
        &usher,
        json!({"qr_payload": qr(0), "nonce": "n1", "door": "D1"}),
    )
    .await;
    assert_eq!(again, a);

    // Wrong showtime.
    let w = scan(
        &app,
        &usher,
        json!({"qr_payload": qr(0), "nonce": "n2", "showtime_id": "other"}),
    )
    .await;
    assert_eq!(w["result"], "wrong_showtime", "{w}");
    assert_eq!(w["showtime_id"], show.id);

    // OK with seat, movie, hall.
    let ok = scan(
        &app,
        &usher,
        json!({"qr_payload": qr(0), "nonce": "n3", "door": "D1", "showtime_id": show.id}),
    )
    .await;
    assert_eq!(ok["result"], "ok", "{ok}");
    assert_eq!(ok["seat"], "A1");
    assert_eq!(ok["movie"], "Mai");
    assert_eq!(ok["hall"], "Hall 1");
    // The scanner retries n3: ok again, not already_used.
    let retry = scan(
        &app,
        &usher,
        json!({"qr_payload": qr(0), "nonce": "n3", "door": "D1"}),
    )
    .await;
    assert_eq!(retry, ok);

    // Another scan of the same ticket at another door: already used, when and where.
    app.clock.set(at("2026-11-24T12:31:00Z"));
    let used = scan(
        &app,
        &usher,
        json!({"qr_payload": qr(0), "nonce": "n4", "door": "D2"}),
    )
    .await;
    assert_eq!(used["result"], "already_used", "{used}");
    assert_eq!(used["used_at"], "2026-11-24T12:30:00.000Z");
    assert_eq!(used["door"], "D1");

    // Manual code entry, lower case without dashes.
    let typed = code(1).replace('-', "").to_lowercase();
    let ok2 = scan(&app, &usher, json!({"code": typed, "nonce": "n5"})).await;
    assert_eq!(ok2["result"], "ok", "{ok2}");
    assert_eq!(ok2["seat"], "A2");
    // Each admission, and only an admission (not its retry, nor a refusal), reaches the outbox.
    let admitted: Vec<moviehub::sales::SaleEvent> = app
        .state
        .sales
        .read(|c| Ok::<_, moviehub::db::DbError>(moviehub::sales::store::rows_after(c, 0, 1000)?))
        .await
        .expect("outbox")
        .into_iter()
        .filter(|r| r.kind == "ticket.checked_in")
        .filter_map(|r| r.event)
        .collect();
    assert_eq!(admitted.len(), 2, "{admitted:?}");
    assert_eq!(
        admitted[0],
        moviehub::sales::SaleEvent::TicketCheckedIn {
            code: code(0),
            showtime_id: show.id.clone(),
            door: Some("D1".into()),
            used_at: "2026-11-24T12:30:00.000Z".into(),
        }
    );

    // Forged: signed by another key; altered: one character changed.
    let forger = TicketSigner::from_seed(&[7u8; 32]);
    let forged = forger.sign(&TicketClaims {
        code: TicketCode::parse(&code(0)).expect("code"),
        showtime_id: show.id.parse().expect("uuid"),
        seat_id: show.seat("A1").parse().expect("uuid"),
    });
    let f = scan(&app, &usher, json!({"qr_payload": forged, "nonce": "n6"})).await;
    assert_eq!(f["result"], "invalid_signature", "{f}");
    let mut altered = qr(1).into_bytes();
    let i = altered.len() - 5;
    altered[i] = if altered[i] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).expect("ascii");
    let f = scan(&app, &usher, json!({"qr_payload": altered, "nonce": "n7"})).await;
    assert_eq!(f["result"], "invalid_signature", "{f}");
    let f = scan(&app, &usher, json!({"qr_payload": "hello", "nonce": "n8"})).await;
    assert_eq!(f["result"], "invalid_signature", "{f}");

    // Validation: both or neither of qr_payload/code, empty nonce, mistyped code.
    let (s, b) = app
        .post("/api/v1/checkin", Some(&usher), json!({"nonce": "n9"}))
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("qr_payload"));
    let (s, b) = app
        .post(
            "/api/v1/checkin",
            Some(&usher),
            json!({"code": code(0), "nonce": " "}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("nonce"));
    let (s, b) = app
        .post(
            "/api/v1/checkin",
            Some(&usher),
            json!({"code": "ABCD", "nonce": "n10"}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("code"));
}

#[tokio::test]
async fn tickets_of_a_cancelled_booking_are_refused() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;
    let customer = app.token("customer").await;
    let booking = hold_and_book(&app, &customer, &show.id, &[show.seat("B1")]).await;
    let sale = pay_cash(&app, &cashier, booking["id"].as_str().expect("id"), 120_000).await;
    let qr = sale["tickets"][0]["qr_payload"]
        .as_str()
        .expect("qr")
        .to_string();
    let code = sale["tickets"][0]["code"]
        .as_str()
        .expect("code")
        .to_string();
    // Refunds come later; cancel the tickets and booking in the database as a refund would.
    let id = booking["id"].as_str().expect("id").to_string();
    app.state
        .dbs
        .bookings
        .write(move |tx| {
            moviehub::tickets::store::cancel_for_booking(tx, &id)?;
            Ok::<_, moviehub::tickets::TicketsError>(())
        })
        .await
        .expect("cancel tickets");
    app.clock.set(at("2026-11-24T12:45:00Z"));
    let usher = app.token("usher").await;
    let a = scan(&app, &usher, json!({"qr_payload": qr, "nonce": "c1"})).await;
    assert_eq!(a["result"], "cancelled", "{a}");
    assert_eq!(a["code"], code);
    // A well-formed code no ticket has.
    let unknown = TicketCode::generate();
    let a = scan(
        &app,
        &usher,
        json!({"code": unknown.as_str(), "nonce": "c2"}),
    )
    .await;
    assert_eq!(a["result"], "not_found", "{a}");
}

#[tokio::test]
async fn a_ticket_for_a_show_that_is_over_is_the_wrong_showtime() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 0).await;
    let customer = app.token("customer").await;
    let booking = hold_and_book(
        &app,
        &customer,
        &show.id,
        &[show.seat("A3"), show.seat("A4")],
    )
    .await;
    let ends: chrono::DateTime<chrono::Utc> = booking["ends_at"]
        .as_str()
        .expect("ends_at")
        .parse()
        .expect("time");
    let sale = pay_cash(&app, &cashier, booking["id"].as_str().expect("id"), 180_000).await;
    let code = |i: usize| {
        sale["tickets"][i]["code"]
            .as_str()
            .expect("code")
            .to_string()
    };
    // A latecomer a minute before the end is still admitted.
    app.clock.set(ends - chrono::Duration::minutes(1));
    let usher = app.token("usher").await;
    let late = scan(&app, &usher, json!({"code": code(0), "nonce": "e1"})).await;
    assert_eq!(late["result"], "ok", "{late}");
    // Once the show is over its tickets no longer open a door: which show it was for.
    app.clock.set(ends);
    let over = scan(&app, &usher, json!({"code": code(1), "nonce": "e2"})).await;
    assert_eq!(over["result"], "wrong_showtime", "{over}");
    assert_eq!(over["movie"], "Mai");
    assert_eq!(over["showtime_id"], show.id);
    assert_eq!(over["starts_at"], "2026-11-24T13:00:00.000Z");
    // And it was not marked used.
    let (s, t) = app
        .get(&format!("/api/v1/tickets/{}", code(1)), Some(&usher))
        .await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["data"]["status"], "VALID");
    // A ticket used before still says when and where, even after the show.
    let again = scan(&app, &usher, json!({"code": code(0), "nonce": "e3"})).await;
    assert_eq!(again["result"], "already_used", "{again}");
    assert!(again["used_at"].is_string(), "{again}");
}
