//! The holes a hostile tester found, each closed and kept closed: payment notices without a
//! secret, privilege escalation, cross-site requests, sessions that outlive sign-out, access
//! changes the running server did not see, demo mode in production, unnamed fields.

use crate::helpers::*;
use moviehub::bookings::Booking;
use serde_json::json;
use std::process::Command;

mod demo;
mod origin;
mod roles;
mod sessions;

/// `moviehub ARGS` as a separate process (the operator at the server's command line).
fn moviehub(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_moviehub"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run moviehub")
}

fn data_dir(app: &TestApp) -> String {
    app.state
        .settings
        .storage
        .data_dir
        .to_string_lossy()
        .to_string()
}

/// A PENDING booking of two 60,000 VND seats for `user_id`, written through the service.
async fn pending_booking(app: &TestApp, user_id: &str) -> Booking {
    let seats: Vec<String> = (0..2).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let showtime = uuid::Uuid::now_v7().to_string();
    let new = booking_request(user_id, &showtime, &seats, 60_000);
    app.state.bookings.create(new).await.expect("booking").0
}

#[tokio::test]
async fn box_office_tender_errors_name_the_field() {
    let app = spawn_app().await;
    let cashier = app.token("cashier").await;
    let (uid, _) = app.user_with_role("customer").await;
    let booking = pending_booking(&app, &uid).await;
    let path = format!("/api/v1/bookings/{}/pay/box-office", booking.id);
    for (body, field) in [
        (json!({"method": "CASH", "tendered": true}), "tendered"),
        (json!({"method": "CASH", "tendered": "lots"}), "tendered"),
        (json!({"method": "CASH"}), "tendered"),
        (json!({"method": "CARD", "reference": 7}), "reference"),
        (json!({"method": "CARD"}), "reference"),
        (json!({"method": "CHEQUE", "tendered": 1}), "method"),
        (json!({"tendered": 200000}), "method"),
        (
            json!({"method": "CASH", "tendered": 200000, "tip": 1}),
            "tip",
        ),
    ] {
        let (s, b) = app.post(&path, Some(&cashier), body.clone()).await;
        let message = assert_envelope(s, &b, 422);
        assert!(
            message.starts_with(field) || message.contains(&format!("`{field}`")),
            "{body} → {message}"
        );
    }
    let after = app.state.bookings.get(&booking.id).await.expect("booking");
    assert_eq!(after.status, moviehub::bookings::BookingStatus::Pending);
    app.stop().await;
}
