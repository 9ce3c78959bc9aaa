//! `/ws`: races, expiry, release on leave/switch, seq, resync, anonymous watchers, privacy.

use super::*;
use chrono::Duration as Span;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_racing_for_a_seat_exactly_one_wins_every_round() {
    let app = holds_app().await;
    let (id_a, tok_a) = customer(&app).await;
    let (id_b, tok_b) = customer(&app).await;
    let mut a = Client::connect(&app, Some(&tok_a)).await;
    let mut b = Client::connect(&app, Some(&tok_b)).await;
    a.join("st1").await;
    b.join("st1").await;
    for round in 0..40 {
        let seat = format!("a{}", round % 10 + 1);
        let (ra, rb) = tokio::join!(a.hold("st1", &seat), b.hold("st1", &seat));
        let won = |r: &Value| r["type"] == "seat_held";
        assert!(won(&ra) ^ won(&rb), "round {round}: {ra} / {rb}");
        let (winner, loser) = if won(&ra) { (&mut a, rb) } else { (&mut b, ra) };
        assert_eq!(loser["type"], "error", "{loser}");
        assert_eq!(loser["code"], "seat_taken", "{loser}");
        let released = winner.release("st1", &seat).await;
        assert_eq!(released["type"], "seat_released", "{released}");
    }
    a.assert_no_ids(&[&id_a, &id_b]);
    b.assert_no_ids(&[&id_a, &id_b]);
}

#[tokio::test]
async fn ws_refusals_limit_and_anonymous_watchers() {
    let app = holds_app_with(|s| s.holds.max_per_user = 2).await;
    let (_, tok) = customer(&app).await;
    let mut anon = Client::connect(&app, None).await;
    let snap = anon.join("st1").await;
    assert_eq!(snap["seats"], json!([]));
    let r = anon.hold("st1", "a1").await;
    assert_eq!(
        (r["type"].as_str(), r["code"].as_str()),
        (Some("error"), Some("auth_required"))
    );

    let mut me = Client::connect(&app, Some(&tok)).await;
    let r = me.hold("st1", "a1").await;
    assert_eq!(r["code"], "not_joined", "{r}");
    me.join("st1").await;
    assert_eq!(me.hold("st1", "a1").await["type"], "seat_held");
    assert_eq!(me.hold("st1", "a2").await["type"], "seat_held");
    let r = me.hold("st1", "a3").await;
    assert_eq!(r["type"], "limit_reached", "{r}");
    assert_eq!(r["limit"], 2);
    assert_eq!(me.hold("st1", "b1").await["code"], "seat_out_of_order");
    assert_eq!(me.release("st1", "a9").await["code"], "not_held");
    // The anonymous watcher saw both holds as someone else's.
    let first = anon.next_of("seat_held").await;
    assert_eq!(
        (first["seat_ids"].clone(), first["mine"].clone()),
        (json!(["a1"]), json!(false))
    );
    me.send(json!({"type":"ping"})).await;
    assert_eq!(me.next_of("pong").await["type"], "pong");
    me.send(json!({"type":"dance"})).await;
    assert_eq!(me.next_of("error").await["code"], "bad_request");
    me.send(json!({"type":"join","showtime_id":"nope"})).await;
    assert_eq!(me.next_of("error").await["code"], "unknown_showtime");

    // A token that does not verify is refused before the upgrade.
    let url = format!("ws://{}/ws?token=forged", app.addr);
    assert!(tokio_tungstenite::connect_async(url).await.is_err());
}

#[tokio::test]
async fn holding_refreshes_the_group_and_expiry_reaches_every_viewer() {
    let app = holds_app().await;
    let (id, tok) = customer(&app).await;
    let mut me = Client::connect(&app, Some(&tok)).await;
    let mut watcher = Client::connect(&app, None).await;
    me.join("st1").await;
    watcher.join("st1").await;
    me.hold("st1", "a1").await;
    app.clock.advance(Span::seconds(200));
    let held = me.hold("st1", "a2").await;
    assert!(held["expires_at"].is_string(), "{held}");
    // 400 s after the first hold but 200 s after the refresh: both seats still held.
    app.clock.advance(Span::seconds(200));
    assert_eq!(app.state.holds.sweep(), 0);
    assert_eq!(app.state.holds.held_by("st1", &id), vec!["a1", "a2"]);
    // Past the refreshed expiry the ticker expires both, and every viewer hears it.
    app.clock.advance(Span::seconds(101));
    let mine = me.next_of("seat_expired").await;
    let theirs = watcher.next_of("seat_expired").await;
    assert_eq!(mine["seat_ids"], json!(["a1", "a2"]));
    assert_eq!(mine["mine"], true);
    assert_eq!(theirs["seat_ids"], json!(["a1", "a2"]));
    assert_eq!(theirs["mine"], false);
    assert_eq!(mine["seq"], theirs["seq"]);
    assert!(app.state.holds.held_by("st1", &id).is_empty());
    me.assert_no_ids(&[&id]);
    watcher.assert_no_ids(&[&id]);
}

#[tokio::test]
async fn leave_and_switch_release_but_disconnect_keeps_holds() {
    let app = holds_app().await;
    let (id, tok) = customer(&app).await;
    let mut me = Client::connect(&app, Some(&tok)).await;
    let mut watcher = Client::connect(&app, None).await;
    watcher.join("st1").await;
    me.join("st1").await;
    me.hold("st1", "a1").await;
    me.send(json!({"type":"leave"})).await;
    let ev = watcher.next_of("seat_released").await;
    assert_eq!(ev["seat_ids"], json!(["a1"]));

    me.join("st1").await;
    me.hold("st1", "a2").await;
    let snap = me.join("st2").await;
    assert_eq!(snap["showtime_id"], "st2");
    let ev = watcher.next_of("seat_released").await;
    assert_eq!(ev["seat_ids"], json!(["a2"]));
    assert!(app.state.holds.held_by("st1", &id).is_empty());

    me.join("st1").await;
    me.hold("st1", "a3").await;
    me.close().await;
    assert_eq!(app.state.holds.held_by("st1", &id), vec!["a3"]);
    // Logout releases everywhere.
    assert_eq!(app.state.holds.release_user_everywhere(&id), 1);
    let ev = watcher.next_of("seat_released").await;
    assert_eq!(ev["seat_ids"], json!(["a3"]));
}

#[tokio::test]
async fn seq_is_gap_free_across_holds_releases_bookings_and_expiry() {
    let app = holds_app().await;
    let (id_a, tok_a) = customer(&app).await;
    let (id_b, tok_b) = customer(&app).await;
    let mut watcher = Client::connect(&app, None).await;
    let start = watcher.join("st1").await["seq"].as_u64().expect("seq");
    let mut a = Client::connect(&app, Some(&tok_a)).await;
    let mut b = Client::connect(&app, Some(&tok_b)).await;
    a.join("st1").await;
    b.join("st1").await;
    a.hold("st1", "a1").await;
    b.hold("st1", "k1").await;
    a.hold("st1", "a1").await; // refresh
    b.hold("st1", "a1").await; // refused: no event
    a.hold("st1", "a2").await;
    a.release("st1", "a2").await;
    // A late joiner's snapshot is exact as of its seq.
    let mut late = Client::connect(&app, Some(&tok_a)).await;
    let snap = late.join("st1").await;
    let seats: Vec<(String, bool)> = snap["seats"]
        .as_array()
        .expect("seats")
        .iter()
        .map(|s| {
            (
                s["seat_id"].as_str().unwrap_or("").to_string(),
                s["mine"] == true,
            )
        })
        .collect();
    let expected = [("a1", true), ("k1", false), ("k2", false)].map(|(s, m)| (s.to_string(), m));
    assert_eq!(seats, expected);
    let (seq, overlay) = app.state.holds.overlay("st1", Some(&id_a));
    assert_eq!(Some(seq), snap["seq"].as_u64());
    assert_eq!(overlay.get("a1"), Some(&true));
    assert_eq!(
        app.state
            .holds
            .convert_to_booking("st1", &id_b, &["k1".into(), "k2".into()]),
        seq + 1
    );
    assert!(app.state.holds.held_by("st1", &id_b).is_empty());
    let booked = b.next_of("seat_booked").await;
    assert_eq!(
        (booked["mine"].clone(), booked["seat_ids"].clone()),
        (json!(true), json!(["k1", "k2"]))
    );
    app.state.holds.publish_freed("st1", &["c1".into()]);
    b.send(json!({"type":"leave"})).await;
    app.clock.advance(Span::seconds(301));
    // Events: held a1, held k1+k2, held a1 (refresh), held a2, released a2, booked k1+k2,
    // released c1 (freed), expired a1.
    let mut seen = Vec::new();
    while seen
        .last()
        .is_none_or(|(t, _): &(String, u64)| t != "seat_expired")
    {
        let v = watcher.next().await;
        seen.push((
            v["type"].as_str().unwrap_or("").to_string(),
            v["seq"].as_u64().unwrap_or(0),
        ));
    }
    let kinds: Vec<&str> = seen.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "seat_held",
            "seat_held",
            "seat_held",
            "seat_held",
            "seat_released",
            "seat_booked",
            "seat_released",
            "seat_expired"
        ]
    );
    let seqs: Vec<u64> = seen.iter().map(|(_, s)| *s).collect();
    let gap_free: Vec<u64> = (start + 1..=start + seqs.len() as u64).collect();
    assert_eq!(seqs, gap_free);
    // The late joiner sees the same numbers.
    let late_booked = late.next_of("seat_booked").await;
    assert_eq!(late_booked["seq"], seq + 1);
    assert_eq!(late_booked["mine"], false);
    for c in [&watcher, &a, &b, &late] {
        c.assert_no_ids(&[&id_a, &id_b]);
    }
}

#[tokio::test]
async fn a_lagging_viewer_is_told_to_resync() {
    // The test runtime has one thread: publishing without yielding lets the channel run
    // past the viewer's socket task, which is exactly what a slow socket looks like.
    let app = holds_app().await;
    let mut watcher = Client::connect(&app, None).await;
    watcher.join("st1").await;
    for _ in 0..1100 {
        app.state.holds.publish_freed("st1", &["a1".into()]);
    }
    let v = watcher.next().await;
    assert_eq!(v, json!({"type":"resync","showtime_id":"st1"}));
    // The snapshot carries the seq to continue from: 1100, or 0 when the ticker dropped the
    // room while it had no viewer (a fresh room starts again; the snapshot says so).
    let snap = watcher.join("st1").await;
    let seq = snap["seq"].as_u64().expect("seq");
    assert!(seq == 1100 || seq == 0, "{snap}");
    // A fresh event reaches the re-joined viewer right after its snapshot.
    app.state.holds.publish_freed("st1", &["a1".into()]);
    assert_eq!(watcher.next().await["seq"], seq + 1);
}
