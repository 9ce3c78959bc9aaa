//! The outbox: typed sale events written in the sale's transaction, numbered without gaps
//! across concurrent writers and restarts; a failed write leaves no row.

use crate::helpers::*;
use moviehub::sales::{self, OutboxRow, SaleEvent};

fn booking(user: &str, showtime: &str, seats: &[&str]) -> moviehub::bookings::NewBooking {
    let ids: Vec<String> = seats.iter().map(|s| s.to_string()).collect();
    booking_request(user, showtime, &ids, 75_000)
}

async fn rows(state: &moviehub::app::state::AppState) -> Vec<OutboxRow> {
    state
        .sales
        .read(|c| Ok::<_, moviehub::db::DbError>(sales::store::rows_after(c, 0, 100_000)?))
        .await
        .expect("outbox")
}

fn assert_gap_free(rows: &[OutboxRow]) {
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(
            r.seq,
            i64::try_from(i).expect("i") + 1,
            "seq at {i}: {rows:?}"
        );
    }
}

#[tokio::test]
async fn a_refused_sale_leaves_no_row_and_racing_writers_leave_no_gap() {
    let app = spawn_app().await;
    let show = uuid::Uuid::now_v7().to_string();
    // 30 buyers race for the same two seats while 10 others book seats of their own.
    let mut tasks = Vec::new();
    for i in 0..40 {
        let state = app.state.clone();
        let show = show.clone();
        tasks.push(tokio::spawn(async move {
            let own = format!("own-{i}");
            let seats: Vec<&str> = if i < 30 { vec!["E7", "E8"] } else { vec![&own] };
            let b = booking(&format!("user-{i}"), &show, &seats);
            state.bookings.create(b).await.is_ok()
        }));
    }
    let mut won = 0;
    for t in tasks {
        won += usize::from(t.await.expect("task"));
    }
    assert_eq!(
        won, 11,
        "one winner of E7+E8 and the ten with seats of their own"
    );
    let all = rows(&app.state).await;
    assert_eq!(all.len(), 11, "the 29 refused sales wrote nothing");
    assert_gap_free(&all);
    assert!(all.iter().all(|r| r.kind == "booking.created"
        && r.version == sales::EVENT_VERSION
        && r.event.is_some()));
    let site = &all[0].site_id;
    assert_eq!(site.len(), 36, "a UUID: {site}");
    assert!(all.iter().all(|r| &r.site_id == site));
    // The winner's row carries the booking's seats as sold.
    let winner = all
        .iter()
        .find_map(|r| match &r.event {
            Some(SaleEvent::BookingCreated(f)) if f.seats.len() == 2 => Some(f.clone()),
            _ => None,
        })
        .expect("the winner's event");
    assert_eq!(winner.total, 150_000);

    // After a restart on the same data dir the numbering goes on from where it stopped.
    let again = app.second_server(|_| {}).await;
    let (b, _) = again
        .state
        .bookings
        .create(booking("late", &show, &["F1"]))
        .await
        .expect("after restart");
    again
        .state
        .bookings
        .cancel_pending(&b.id)
        .await
        .expect("cancel");
    let all = rows(&again.state).await;
    assert_eq!(all.len(), 13);
    assert_gap_free(&all);
    assert_eq!(
        all.last().and_then(|r| r.event.clone()),
        Some(SaleEvent::BookingCancelled {
            booking_id: b.id.clone(),
            showtime_id: b.showtime_id.clone(),
            seat_ids: b.seats.iter().map(|s| s.seat_id.clone()).collect(),
        })
    );
    assert_eq!(&all[12].site_id, site, "the site keeps its id");
    again.stop().await;
    app.stop().await;
}

#[tokio::test]
async fn till_opening_and_closing_reach_the_outbox() {
    let app = spawn_app().await;
    let manager = app.token("manager").await;
    app.priced_hall(&manager).await;
    let cashier = app.token("cashier").await;
    app.open_till(&cashier, 500_000).await;
    let (s, b) = app
        .post(
            "/api/v1/tills/current/close",
            Some(&cashier),
            serde_json::json!({"counted_cash": 499_000}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let all = rows(&app.state).await;
    let kinds: Vec<&str> = all.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["till.opened", "till.moved", "till.closed"],
        "the float is a movement"
    );
    match &all[2].event {
        Some(SaleEvent::TillClosed {
            expected_cash,
            counted_cash,
            variance,
            ..
        }) => assert_eq!(
            (*expected_cash, *counted_cash, *variance),
            (500_000, 499_000, -1_000)
        ),
        other => panic!("{other:?}"),
    }
    app.stop().await;
}
