//! The sales core: one transaction per sale, its events written to the outbox with it and
//! handed to the reactors once, in sequence order, after it commits; nothing of a failed
//! sale survives. Also: a domain service without the HTTP server, a broken database on a real
//! route, and the permission checked before the body is read.

use crate::helpers::*;
use moviehub::app::AppState;
use moviehub::clock::Clock;
use moviehub::config::Settings;
use moviehub::sales::{self, OutboxRow, React, Recorded, SaleEvent};
use std::sync::{Arc, Mutex};

/// A reactor that writes down every event it is told of.
#[derive(Default)]
struct Recorder(Mutex<Vec<Recorded>>);

impl React for Recorder {
    fn committed(&self, events: &[Recorded]) {
        self.0.lock().expect("lock").extend(events.iter().cloned());
    }
}

fn listen(state: &AppState) -> Arc<Recorder> {
    let rec = Arc::new(Recorder::default());
    state.sales.subscribe(rec.clone());
    rec
}

async fn outbox(state: &AppState) -> Vec<OutboxRow> {
    state
        .sales
        .read(|c| Ok::<_, moviehub::db::DbError>(sales::store::rows_after(c, 0, 100_000)?))
        .await
        .expect("outbox")
}

fn till_opened(n: usize) -> SaleEvent {
    SaleEvent::TillOpened {
        session_id: format!("s{n}"),
        cashier_id: "c".into(),
        cinema_id: "k".into(),
        opening_float: 0,
        opened_at: "2026-11-24T08:00:00Z".into(),
    }
}

#[tokio::test]
async fn a_sale_that_fails_halfway_leaves_no_row_and_tells_nobody() {
    let app = spawn_app().await;
    let rec = listen(&app.state);
    let err = app
        .state
        .sales
        .run(|tx| {
            tx.emit(till_opened(1), "2026-11-24T08:00:00Z")?;
            tx.emit(till_opened(2), "2026-11-24T08:00:00Z")?;
            // Then a write fails: the whole sale rolls back.
            tx.execute("INSERT INTO no_such_table VALUES (1)", [])?;
            Ok::<_, moviehub::db::DbError>(())
        })
        .await;
    assert!(err.is_err());
    assert!(outbox(&app.state).await.is_empty(), "no outbox row");
    assert!(
        rec.0.lock().expect("lock").is_empty(),
        "no event dispatched"
    );

    // A failed savepoint inside a sale takes its own events back and keeps the rest.
    let done = app
        .state
        .sales
        .run(|tx| {
            tx.emit(till_opened(3), "2026-11-24T08:00:00Z")?;
            let inner: Result<(), moviehub::db::DbError> = tx.attempt(|tx| {
                tx.emit(till_opened(4), "2026-11-24T08:00:00Z")?;
                Err(rusqlite::Error::InvalidQuery.into())
            });
            assert!(inner.is_err());
            Ok::<_, moviehub::db::DbError>(())
        })
        .await
        .expect("sale");
    assert_eq!(done.events.len(), 1);
    let rows = outbox(&app.state).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].event, Some(till_opened(3)));
    assert_eq!(*rec.0.lock().expect("lock"), done.events);
    app.stop().await;
}

#[tokio::test]
async fn committed_events_are_dispatched_exactly_once_in_sequence_order() {
    let app = spawn_app().await;
    let rec = listen(&app.state);
    let show = uuid::Uuid::now_v7().to_string();
    let mut tasks = Vec::new();
    for i in 0..24 {
        let state = app.state.clone();
        let show = show.clone();
        tasks.push(tokio::spawn(async move {
            // Half race for one seat (one wins), half book their own and cancel it.
            let seat = if i % 2 == 0 {
                "E7".to_string()
            } else {
                format!("own-{i}")
            };
            let req = booking_request(&format!("u{i}"), &show, &[seat], 80_000);
            if let Ok((b, _)) = state.bookings.create(req).await {
                if i % 2 == 1 {
                    state.bookings.cancel_pending(&b.id).await.expect("cancel");
                }
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let rows = outbox(&app.state).await;
    // 1 winner of E7 + 12 own bookings, each of those cancelled.
    assert_eq!(rows.len(), 1 + 12 * 2);
    let told = rec.0.lock().expect("lock").clone();
    let told_seqs: Vec<i64> = told.iter().map(|r| r.seq).collect();
    let outbox_seqs: Vec<i64> = rows.iter().map(|r| r.seq).collect();
    assert_eq!(told_seqs, outbox_seqs, "every row told once, in order");
    for (t, r) in told.iter().zip(&rows) {
        assert_eq!(Some(&t.event), r.event.as_ref());
    }
    // What the reactors did with them: the seat map shows the cancelled seats free again.
    let taken = app
        .state
        .bookings
        .ledger()
        .taken(&show)
        .await
        .expect("taken");
    assert_eq!(taken.len(), 1, "{taken:?}");
    app.stop().await;
}

#[tokio::test]
async fn the_bookings_service_works_without_an_http_server() {
    let dir = tempfile::tempdir().expect("dir");
    let mut settings = Settings::default();
    settings.storage.data_dir = dir.path().join("data");
    let (clock, manual) = Clock::manual(start_time());
    let state = AppState::open(settings, clock).expect("state");
    let show = uuid::Uuid::now_v7().to_string();
    let req = booking_request("u1", &show, &["A1".to_string()], 90_000);
    let (b, created) = state.bookings.create(req).await.expect("create");
    assert!(created);
    // Pending bookings expire by the clock (10 minutes by default), freeing the seat.
    manual.advance(chrono::Duration::minutes(11));
    let swept = moviehub::bookings::sweeper::sweep_once(&state.bookings)
        .await
        .expect("sweep");
    assert_eq!(swept.expired.len(), 1);
    assert_eq!(swept.expired[0].booking_id, b.id);
    let again = state.bookings.get(&b.id).await.expect("get");
    assert_eq!(again.status.as_str(), "EXPIRED");
    assert!(state
        .bookings
        .ledger()
        .taken(&show)
        .await
        .expect("taken")
        .is_empty());
}

#[tokio::test]
async fn a_broken_database_gives_a_generic_500_on_real_routes() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_role("customer").await;
    let show = uuid::Uuid::now_v7().to_string();
    let (b, _) = app
        .state
        .bookings
        .create(booking_request("x", &show, &["A1".to_string()], 90_000))
        .await
        .expect("booking");
    app.state
        .dbs
        .bookings
        .write(|tx| Ok::<_, moviehub::db::DbError>(tx.execute_batch("DROP TABLE booking_seats")?))
        .await
        .expect("break the database");
    let (status, body) = app
        .get(&format!("/api/v1/bookings/{}", b.id), Some(&token))
        .await;
    let message = assert_envelope(status, &body, 500);
    assert_eq!(message, "Internal server error", "no SQL leaks out: {body}");
    // A page over the same data answers with its own 500 page, the cause kept in the log.
    let page = app
        .client
        .get(format!("{}/bookings/{}", app.base, b.id))
        .header("Cookie", format!("mh_session={token}"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status().as_u16(), 500);
    let html = page.text().await.expect("html");
    assert!(
        !html.contains("booking_seats") && !html.contains("no such table"),
        "{html}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_customer_gets_403_not_422_for_a_malformed_body_to_a_staff_route() {
    let app = spawn_app().await;
    let (_, token) = app.user_with_role("customer").await;
    for path in [
        "/api/v1/movies",
        "/api/v1/cinemas",
        "/api/v1/showtimes/batch",
        "/api/v1/tills",
        "/api/v1/bookings/x/pay/box-office",
        "/api/v1/checkin",
        "/api/v1/users",
    ] {
        let (status, body) = app.post(path, Some(&token), serde_json::json!({})).await;
        assert_eq!(status.as_u16(), 403, "{path}: {body}");
        let (status, _) = app.post(path, None, serde_json::json!({})).await;
        assert_eq!(status.as_u16(), 401, "{path} without a session");
    }
    app.stop().await;
}
