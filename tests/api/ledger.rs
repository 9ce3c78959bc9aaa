//! The sold-seat ledger and the booking lifecycle, below the hold layer: the database alone
//! must refuse a double sale, expire by the clock and keep idempotency.

use crate::helpers::*;
use chrono::Duration;
use moviehub::bookings::{
    BookingSeat, BookingStatus, BookingsError, Channel, NewBooking, ShowtimeSnapshot,
};
use std::collections::HashMap;

fn showtime(id: &str) -> ShowtimeSnapshot {
    ShowtimeSnapshot {
        id: id.into(),
        cinema_id: "cinema-1".into(),
        movie_title: "Mai".into(),
        hall_name: "Hall 1".into(),
        starts_at: start_time() + Duration::hours(3),
        ends_at: start_time() + Duration::hours(5),
    }
}

fn seat(id: &str, price: i64) -> BookingSeat {
    BookingSeat {
        seat_id: id.into(),
        seat_label: id.to_uppercase(),
        seat_type: "STANDARD".into(),
        price,
    }
}

fn request(user: &str, key: &str, showtime_id: &str, seats: &[&str]) -> NewBooking {
    NewBooking {
        user_id: user.into(),
        channel: Channel::Online,
        idempotency_key: key.into(),
        showtime: showtime(showtime_id),
        seats: seats.iter().map(|s| seat(s, 90_000)).collect(),
    }
}

#[tokio::test]
async fn the_database_refuses_a_second_active_sale_of_a_seat() {
    let app = spawn_app().await;
    let b = &app.state.bookings;
    let (first, created) = b
        .create(request("u1", "k1", "st1", &["a1", "a2"]))
        .await
        .expect("first");
    assert!(created);
    assert_eq!(first.status, BookingStatus::Pending);
    assert_eq!(first.total, 180_000);
    // No holds involved at all: the ledger alone refuses.
    let err = b
        .create(request("u2", "k1", "st1", &["a3", "a2"]))
        .await
        .expect_err("double sale");
    assert!(
        matches!(err, BookingsError::SeatAlreadySold(ref s) if s == "A2"),
        "{err:?}"
    );
    // Nothing of the refused booking was written.
    let taken = b.ledger().taken("st1").await.expect("taken");
    assert_eq!(taken.len(), 2);
    assert!(!taken.contains_key("a3"));
    // The same seat in another showtime is fine.
    b.create(request("u2", "k2", "st2", &["a2"]))
        .await
        .expect("other showtime");
}

#[tokio::test]
async fn same_idempotency_key_returns_the_same_booking() {
    let app = spawn_app().await;
    let b = &app.state.bookings;
    let (one, c1) = b
        .create(request("u1", "key", "st1", &["a1"]))
        .await
        .expect("one");
    let (two, c2) = b
        .create(request("u1", "key", "st1", &["a1"]))
        .await
        .expect("two");
    assert!(c1 && !c2);
    assert_eq!(one.id, two.id);
    let err = b
        .create(request("u1", "key", "st1", &["a2"]))
        .await
        .expect_err("different body");
    assert!(matches!(err, BookingsError::IdempotencyMismatch));
    // Another user's identical key is a different booking.
    let (other, _) = b
        .create(request("u2", "key", "st1", &["a2"]))
        .await
        .expect("other user");
    assert_ne!(other.id, one.id);
}

#[tokio::test]
async fn pending_bookings_expire_by_the_clock_and_free_their_seats() {
    let app = spawn_app().await;
    let b = &app.state.bookings;
    let (booking, _) = b
        .create(request("u1", "k", "st1", &["a1", "a2"]))
        .await
        .expect("create");
    app.clock.advance(Duration::seconds(599));
    assert!(b.expire_due().await.expect("sweep").is_empty());
    app.clock.advance(Duration::seconds(1));
    let freed = b.expire_due().await.expect("sweep");
    assert_eq!(freed.len(), 1);
    assert_eq!(freed[0].booking_id, booking.id);
    assert_eq!(freed[0].seat_ids, vec!["a1".to_string(), "a2".to_string()]);
    assert_eq!(
        b.get(&booking.id).await.expect("get").status,
        BookingStatus::Expired
    );
    assert!(b.ledger().taken("st1").await.expect("taken").is_empty());
    // The seats can be sold again.
    b.create(request("u2", "k", "st1", &["a1"]))
        .await
        .expect("resold");
}

#[tokio::test]
async fn only_pending_bookings_can_be_cancelled_here() {
    let app = spawn_app().await;
    let b = &app.state.bookings;
    let (booking, _) = b
        .create(request("u1", "k", "st1", &["a1"]))
        .await
        .expect("create");
    let (cancelled, freed) = b.cancel_pending(&booking.id).await.expect("cancel");
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(freed.seat_ids, vec!["a1".to_string()]);
    let err = b.cancel_pending(&booking.id).await.expect_err("twice");
    assert!(matches!(
        err,
        BookingsError::IllegalTransition {
            from: BookingStatus::Cancelled,
            ..
        }
    ));
    assert!(
        b.expire_due().await.expect("sweep").is_empty(),
        "a cancelled booking never expires"
    );
}

#[tokio::test]
async fn racing_bookings_on_overlapping_seats_sell_each_seat_once() {
    let app = spawn_app().await;
    let seats: Vec<String> = (1..=12).map(|n| format!("s{n}")).collect();
    let mut tasks = Vec::new();
    for u in 0..40 {
        let b = app.state.bookings.clone();
        // Each user wants 3 consecutive seats starting at a different offset: heavy overlap.
        let want: Vec<String> = (0..3)
            .map(|i| seats[(u + i) % seats.len()].clone())
            .collect();
        tasks.push(tokio::spawn(async move {
            let refs: Vec<&str> = want.iter().map(String::as_str).collect();
            b.create(request(&format!("user{u}"), "k", "race", &refs))
                .await
        }));
    }
    let mut wins = Vec::new();
    let mut refusals = 0;
    for t in tasks {
        match t.await.expect("join") {
            Ok((booking, _)) => wins.push(booking),
            Err(BookingsError::SeatAlreadySold(_)) => refusals += 1,
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    let mut owner: HashMap<String, String> = HashMap::new();
    for w in &wins {
        for s in &w.seats {
            assert!(
                owner.insert(s.seat_id.clone(), w.id.clone()).is_none(),
                "seat {} sold twice",
                s.seat_id
            );
        }
    }
    assert_eq!(wins.len() + refusals, 40);
    assert!(!wins.is_empty());
    let taken = app
        .state
        .bookings
        .ledger()
        .taken("race")
        .await
        .expect("taken");
    assert_eq!(taken.len(), owner.len(), "ledger agrees with the winners");
}
