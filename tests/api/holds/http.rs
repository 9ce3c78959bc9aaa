//! The HTTP hold API: rules, refusal codes, races between many clients.

use super::*;

fn holds_path(showtime: &str) -> String {
    format!("/api/v1/showtimes/{showtime}/holds")
}

#[tokio::test]
async fn refusals_carry_their_code_and_status() {
    let app = holds_app().await;
    let (_, me) = customer(&app).await;
    let (_, other) = customer(&app).await;
    let (s, b) = app
        .post(&holds_path("st1"), Some(&other), json!({"seat_id":"a2"}))
        .await;
    assert_eq!(s, 200, "{b}");
    let (_, usher) = app.user_with_role("usher").await;
    let cases: [(&str, &str, Option<&str>, u16, &str); 9] = [
        ("st1", "b1", Some(&me), 409, "seat_out_of_order"),
        ("st1", "b2", Some(&me), 409, "seat_out_of_order"),
        ("st1", "c1", Some(&me), 409, "seat_sold"),
        ("st1", "a2", Some(&me), 409, "seat_taken"),
        ("st3", "a1", Some(&me), 409, "not_on_sale"),
        ("nope", "a1", Some(&me), 404, "unknown_showtime"),
        ("st1", "zz", Some(&me), 422, "unknown_seat"),
        ("st1", "a1", None, 401, ""),
        ("st1", "a1", Some(&usher), 403, "forbidden"),
    ];
    for (showtime, seat, token, status, code) in cases {
        let (s, b) = app
            .post(&holds_path(showtime), token, json!({"seat_id":seat}))
            .await;
        let msg = assert_envelope(s, &b, status);
        assert!(msg.starts_with(code), "{showtime}/{seat}: {msg}");
    }
    let (s, b) = app
        .delete(&format!("{}/a2", holds_path("st1")), Some(&me))
        .await;
    let msg = assert_envelope(s, &b, 409);
    assert!(msg.starts_with("not_held"), "{msg}");
    // Nothing above changed the holds.
    let (_, overlay) = app.state.holds.overlay("st1", None);
    assert_eq!(overlay.len(), 1, "{overlay:?}");
}

#[tokio::test]
async fn limit_counts_couple_seats_as_two_and_rehold_refreshes() {
    let app = holds_app().await;
    let (me_id, me) = customer(&app).await;
    let (s, b) = app
        .post(&holds_path("st1"), Some(&me), json!({"seat_id":"k2"}))
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["seat_ids"], json!(["k2", "k1"]));
    for n in 1..=6 {
        let (s, b) = app
            .post(
                &holds_path("st1"),
                Some(&me),
                json!({"seat_id":format!("a{n}")}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
    }
    let (s, b) = app
        .post(&holds_path("st1"), Some(&me), json!({"seat_id":"a7"}))
        .await;
    let msg = assert_envelope(s, &b, 409);
    assert!(
        msg.starts_with("limit_reached") && msg.contains('8'),
        "{msg}"
    );
    // Re-holding a seat I hold is a refresh, allowed at the limit.
    let (s, _) = app
        .post(&holds_path("st1"), Some(&me), json!({"seat_id":"a1"}))
        .await;
    assert_eq!(s, 200);
    assert_eq!(app.state.holds.held_by("st1", &me_id).len(), 8);
    // Releasing one seat of the pair releases both; then there is room again.
    let (s, b) = app
        .delete(&format!("{}/k1", holds_path("st1")), Some(&me))
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["seat_ids"], json!(["k1", "k2"]));
    let (s, _) = app
        .post(&holds_path("st1"), Some(&me), json!({"seat_id":"a7"}))
        .await;
    assert_eq!(s, 200);
    // Another showtime has its own limit.
    let (s, _) = app
        .post(&holds_path("st2"), Some(&me), json!({"seat_id":"a1"}))
        .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn couple_seat_needs_its_partner_free() {
    let app = holds_app().await;
    let (_, me) = customer(&app).await;
    let (_, other) = customer(&app).await;
    let (s, _) = app
        .post(&holds_path("st1"), Some(&other), json!({"seat_id":"k1"}))
        .await;
    assert_eq!(s, 200);
    let (s, b) = app
        .post(&holds_path("st1"), Some(&me), json!({"seat_id":"k2"}))
        .await;
    // k2 itself is held (as part of the pair).
    let msg = assert_envelope(s, &b, 409);
    assert!(msg.starts_with("seat_taken"), "{msg}");
}

#[tokio::test]
async fn remote_cutoff_keeps_the_last_seats_for_the_box_office() {
    // st1 has 12 sellable seats (a1..a10, k1, k2); keep the last 10 for the box office.
    let app = holds_app_with(|s| s.holds.remote_sales_cutoff = 10).await;
    let (_, me) = customer(&app).await;
    let (s, _) = app
        .post(&holds_path("st1"), Some(&me), json!({"seat_id":"a1"}))
        .await;
    assert_eq!(s, 200);
    let (s, _) = app
        .post(&holds_path("st1"), Some(&me), json!({"seat_id":"a2"}))
        .await;
    assert_eq!(s, 200);
    let (s, b) = app
        .post(&holds_path("st1"), Some(&me), json!({"seat_id":"a3"}))
        .await;
    let msg = assert_envelope(s, &b, 409);
    assert!(msg.starts_with("box_office_only"), "{msg}");
    let (_, cashier) = app.user_with_role("cashier").await;
    let (s, b) = app
        .post(&holds_path("st1"), Some(&cashier), json!({"seat_id":"a3"}))
        .await;
    assert_eq!(s, 200, "{b}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_http_clients_racing_for_one_seat_one_wins_each_round() {
    let app = holds_app().await;
    let mut tokens = Vec::new();
    for _ in 0..6 {
        tokens.push(customer(&app).await.1);
    }
    for round in 0..15 {
        let seat = format!("a{}", round % 10 + 1);
        let app = &app;
        let attempts = tokens.iter().map(|t| {
            let body = json!({"seat_id": seat});
            let path = holds_path("st1");
            async move { (t.clone(), app.post(&path, Some(t), body).await) }
        });
        let results = futures_util::future::join_all(attempts).await;
        let winners: Vec<&String> = results
            .iter()
            .filter(|(_, (s, _))| *s == 200)
            .map(|(t, _)| t)
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        for (_, (s, b)) in results.iter().filter(|(_, (s, _))| *s != 200) {
            let msg = assert_envelope(*s, b, 409);
            assert!(msg.starts_with("seat_taken"), "{msg}");
        }
        let (s, _) = app
            .delete(&format!("{}/{seat}", holds_path("st1")), Some(winners[0]))
            .await;
        assert_eq!(s, 200);
    }
}
