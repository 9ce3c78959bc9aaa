//! Many users at once: the contention invariant and the load generator's bookings scenario.

use super::*;
use std::collections::HashSet;

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
    let taken = app
        .state
        .bookings
        .ledger()
        .taken(&show.id)
        .await
        .expect("taken");
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

/// A cashier for the load generator to sign in as (password `password1`); returns the e-mail.
async fn load_cashier(app: &TestApp) -> String {
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
    email
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_generator_bookings_scenario_smoke() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let email = load_cashier(&app).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_generator_limits_with_vnpay_and_server_readings_smoke() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let email = load_cashier(&app).await;
    // The server runs in this test process: its readings are this process's.
    let pid = std::process::id().to_string();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_moviehub-load"))
        .args(["--url", &app.base, "--json", "--showtime", &show.id])
        .args(["--server-pid", &pid, "--cashier-email", &email])
        .args(["--cashier-password", "password1"])
        .args(["limits", "--users", "2", "--pay", "vnpay"])
        .output()
        .await
        .expect("run moviehub-load");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON summary");
    assert_eq!(v["samples"], 8, "{v}");
    let note = v["note"].as_str().expect("note");
    assert!(
        note.starts_with("8 confirmed bookings"),
        "paid through the sandbox: {v}"
    );
    assert!(
        note.contains("raw SQLite booking tx") && note.contains("ratios:"),
        "{v}"
    );
    let server = v["server"].as_str().expect("server readings");
    assert!(
        server.contains("per confirmed booking") && server.contains("RSS"),
        "{v}"
    );
    assert_eq!(available(&app, &show.id).await, (0, "SOLD_OUT".to_string()));
}

#[tokio::test]
async fn start_up_reconciles_stored_counts_with_the_ledger() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let (_, token) = app.user_with_role("customer").await;
    let seats = vec![show.seat("A1"), show.seat("A2")];
    hold(&app, &token, &show.id, &seats).await;
    let (s, b) = book(&app, &token, &show.id, &seats, "k").await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(available(&app, &show.id).await.0, 6);
    // A report lost (crash between the sale and the write-behind): the stored count is wrong.
    app.state
        .cinemas
        .set_seats_taken(&show.id, 7)
        .await
        .expect("tamper");
    assert_eq!(available(&app, &show.id).await.0, 1);
    let fixed = app.state.taken.reconcile().await.expect("reconcile");
    assert_eq!(fixed, 1);
    assert_eq!(available(&app, &show.id).await.0, 6);
    // Nothing left to fix.
    let again = app.state.taken.reconcile().await.expect("reconcile");
    assert_eq!(again, 0);
}

async fn try_hold(app: &TestApp, token: &str, show: &str, seat: &str) -> (u16, String) {
    let (s, b) = app
        .post(
            &format!("/api/v1/showtimes/{show}/holds"),
            Some(token),
            json!({ "seat_id": seat }),
        )
        .await;
    let code = b["message"]
        .as_str()
        .and_then(|m| m.split_once(':'))
        .map(|(c, _)| c.to_string())
        .unwrap_or_default();
    (s.as_u16(), code)
}

#[tokio::test]
async fn cached_hold_facts_follow_bookings_seat_by_seat() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let buyer = app.token("customer").await;
    let other = app.token("customer").await;
    // The other user's hold loads the showtime's facts into the cache.
    hold(&app, &other, &show.id, &[show.seat("B1")]).await;
    let seats = vec![show.seat("A1"), show.seat("A2")];
    hold(&app, &buyer, &show.id, &seats).await;
    let (s, b) = book(&app, &buyer, &show.id, &seats, "k").await;
    assert_eq!(s, 201, "{b}");
    // The cached facts were patched: a booked seat is refused by the hold layer at once.
    assert_eq!(
        try_hold(&app, &other, &show.id, &show.seat("A1")).await,
        (409, "seat_sold".to_string())
    );
    // Cancelled: the seats are free again, straight from the cache.
    let id = b["data"]["id"].as_str().expect("id");
    let (s, c) = app
        .post(
            &format!("/api/v1/bookings/{id}/cancel"),
            Some(&buyer),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(
        try_hold(&app, &other, &show.id, &show.seat("A2")).await,
        (200, String::new())
    );
}

#[tokio::test]
async fn a_sold_seat_taken_out_of_service_is_not_subtracted_twice() {
    let app = spawn_app().await;
    let show = show(&app).await;
    let buyer = app.token("customer").await;
    let seats = vec![show.seat("A1")];
    hold(&app, &buyer, &show.id, &seats).await;
    let (s, b) = book(&app, &buyer, &show.id, &seats, "k").await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(available(&app, &show.id).await.0, 7);
    let status = |label: &'static str, st: &'static str| {
        let (app, seat, manager) = (&app, show.seat(label), show.manager.clone());
        async move {
            let (s, b) = app
                .put(
                    &format!("/api/v1/seats/{seat}/status"),
                    Some(&manager),
                    json!({ "status": st }),
                )
                .await;
            assert_eq!(s, 200, "{b}");
        }
    };
    // A1 breaks: 7 seats in service, none of them sold → still 7 available, not 6.
    status("A1", "BROKEN").await;
    assert_eq!(available(&app, &show.id).await.0, 7);
    // Mended: back in service and sold again → 7.
    status("A1", "ACTIVE").await;
    assert_eq!(available(&app, &show.id).await.0, 7);
    // A free seat breaking leaves one fewer to sell.
    status("B1", "BROKEN").await;
    assert_eq!(available(&app, &show.id).await.0, 6);
}
