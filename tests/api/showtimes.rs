//! Showtimes: batch scheduling and the overlap rule, day type and prices, status from the
//! clock, cancellation, listings.

use crate::helpers::*;
use serde_json::{json, Value};

async fn batch(
    app: &TestApp,
    token: &str,
    movie: &str,
    hall: &str,
    starts: &[&str],
) -> (reqwest::StatusCode, Value) {
    app.post(
        "/api/v1/showtimes/batch",
        Some(token),
        json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi", "subtitles": ["en"], "start_times": starts}),
    )
    .await
}

fn id(b: &Value, i: usize) -> String {
    b["data"][i]["id"]
        .as_str()
        .expect("showtime id")
        .to_string()
}

#[tokio::test]
async fn overlap_rule_adjacent_allowed_one_minute_refused_batch_all_or_nothing() {
    let app = spawn_app().await;
    let token = app.token("manager").await;
    let (_, hall) = app.priced_hall(&token).await;
    // 105 minutes + 15 minutes cleaning = 2 hours in the hall.
    let movie = app.create_movie("Two Hours", 105).await;
    let (s, b) = batch(&app, &token, &movie, &hall, &["2026-11-26T10:00:00+07:00"]).await;
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["data"][0]["end_time"], "2026-11-26T05:00:00Z");
    assert_eq!(b["data"][0]["movie_title"], "Two Hours");
    let first = id(&b, 0);
    let (s, b) = batch(&app, &token, &movie, &hall, &["2026-11-26T12:00:00+07:00"]).await;
    assert_eq!(s, 201, "adjacent (end == next start) is allowed: {b}");
    let second = id(&b, 0);

    let (s, b) = batch(&app, &token, &movie, &hall, &["2026-11-26T13:59:00+07:00"]).await;
    let msg = assert_envelope(s, &b, 409);
    assert!(msg.starts_with("start_times"), "{msg}");
    assert!(
        msg.contains("2026-11-26 13:59") && msg.contains(&second) && msg.contains("Two Hours"),
        "{msg}"
    );
    assert!(!msg.contains(&first), "{msg}");

    // One good start, one clashing with the hall, one clashing with the batch: nothing is written.
    let (s, b) = batch(
        &app,
        &token,
        &movie,
        &hall,
        &[
            "2026-11-26T16:00:00+07:00",
            "2026-11-26T09:00:00+07:00",
            "2026-11-26T17:00:00+07:00",
        ],
    )
    .await;
    let msg = assert_envelope(s, &b, 409);
    assert!(msg.contains("2 clash(es)"), "{msg}");
    assert!(
        msg.contains(&format!("2026-11-26 09:00 overlaps showtime {first}")),
        "{msg}"
    );
    assert!(
        msg.contains("2026-11-26 17:00 overlaps 2026-11-26 16:00 in this batch"),
        "{msg}"
    );
    let (_, list) = app
        .get(
            &format!("/api/v1/showtimes?hall_id={hall}&date=2026-11-26"),
            None,
        )
        .await;
    assert_eq!(list["data"]["total"], 2, "{list}");

    // A cancelled showtime frees its slot.
    let (s, _) = app
        .post(
            &format!("/api/v1/showtimes/{second}/cancel"),
            Some(&token),
            json!({"reason": "print lost"}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, b) = batch(&app, &token, &movie, &hall, &["2026-11-26T13:00:00+07:00"]).await;
    assert_eq!(s, 201, "{b}");
}

#[tokio::test]
async fn scheduling_validates_movie_hall_format_and_times() {
    let app = spawn_app().await;
    let token = app.token("manager").await;
    let (_, hall) = app.priced_hall(&token).await;
    let movie = app.create_movie("Valid", 90).await;
    let cases = [
        (
            json!({"movie_id": "nope", "hall_id": hall, "format": "2D", "language": "vi", "start_times": ["2026-11-26T10:00:00+07:00"]}),
            "movie_id",
        ),
        (
            json!({"movie_id": movie, "hall_id": "nope", "format": "2D", "language": "vi", "start_times": ["2026-11-26T10:00:00+07:00"]}),
            "hall_id",
        ),
        (
            json!({"movie_id": movie, "hall_id": hall, "format": "IMAX", "language": "vi", "start_times": ["2026-11-26T10:00:00+07:00"]}),
            "format",
        ),
        (
            json!({"movie_id": movie, "hall_id": hall, "format": "8D", "language": "vi", "start_times": ["2026-11-26T10:00:00+07:00"]}),
            "format",
        ),
        (
            json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi", "start_times": ["2026-11-20T10:00:00+07:00"]}),
            "start_times[0]",
        ),
        (
            json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi", "start_times": ["tomorrow"]}),
            "start_times[0]",
        ),
        (
            json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi"}),
            "start_times",
        ),
        (
            json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi", "daily": {"from_date": "2026-11-27", "to_date": "2026-11-27", "times": ["25:00"]}}),
            "daily.times[0]",
        ),
    ];
    for (body, field) in cases {
        let (s, b) = app
            .post("/api/v1/showtimes/batch", Some(&token), body.clone())
            .await;
        let msg = assert_envelope(s, &b, 422);
        assert!(msg.starts_with(field), "{body} -> {msg}");
    }
}

#[tokio::test]
async fn daily_schedule_and_listing_by_local_date() {
    let app = spawn_app().await;
    let token = app.token("manager").await;
    let (cinema, hall) = app.priced_hall(&token).await;
    let movie = app.create_movie("Daily", 90).await;
    let (s, b) = app
        .post("/api/v1/showtimes/batch", Some(&token), json!({"movie_id": movie, "hall_id": hall, "format": "3D", "language": "en", "subtitles": ["vi"],
            "daily": {"from_date": "2026-11-27", "to_date": "2026-11-28", "times": ["10:00", "20:30"]}}))
        .await;
    assert_eq!(s, 201, "{b}");
    let locals: Vec<&str> = b["data"]
        .as_array()
        .expect("list")
        .iter()
        .map(|s| s["local_start"].as_str().expect("local"))
        .collect();
    assert_eq!(
        locals,
        [
            "2026-11-27T10:00:00+07:00",
            "2026-11-27T20:30:00+07:00",
            "2026-11-28T10:00:00+07:00",
            "2026-11-28T20:30:00+07:00"
        ]
    );
    // 00:30 on the 29th local is still the 28th in UTC: it belongs to the 29th.
    let (s, _) = batch(
        &app,
        &token,
        &movie,
        &hall,
        &["2026-11-28T23:00:00+07:00", "2026-11-29T00:30:00+07:00"],
    )
    .await;
    assert_eq!(s, 409, "23:00 + 105 min overlaps 00:30");
    let (s, b) = batch(&app, &token, &movie, &hall, &["2026-11-29T00:30:00+07:00"]).await;
    assert_eq!(s, 201, "{b}");
    let (_, b) = app
        .get(
            &format!("/api/v1/showtimes?cinema_id={cinema}&date=2026-11-28"),
            None,
        )
        .await;
    assert_eq!(b["data"]["total"], 2, "{b}");
    let (_, b) = app
        .get(
            &format!("/api/v1/showtimes?movie_id={movie}&date=2026-11-29"),
            None,
        )
        .await;
    assert_eq!(b["data"]["total"], 1, "{b}");
    assert_eq!(b["data"]["items"][0]["start_time"], "2026-11-28T17:30:00Z");
    assert_eq!(b["data"]["items"][0]["format"], "2D");
    let (_, b) = app
        .get(
            &format!("/api/v1/showtimes?movie_id={movie}&date=2026-11-27"),
            None,
        )
        .await;
    assert_eq!(b["data"]["items"][0]["format"], "3D");
    assert_eq!(b["data"]["items"][0]["subtitles"], json!(["vi"]));
    let other = app.create_movie("Other", 90).await;
    let (_, b) = app
        .get(&format!("/api/v1/showtimes?movie_id={other}"), None)
        .await;
    assert_eq!(b["data"]["total"], 0);
    let (_, b) = app
        .get(&format!("/api/v1/movies/{movie}/showtimes"), None)
        .await;
    assert_eq!(b["data"].as_array().expect("list").len(), 5);
}

#[tokio::test]
async fn day_type_and_prices_weekday_weekend_holiday() {
    let app = spawn_app().await;
    let token = app.token("manager").await;
    let (_, hall) = app.priced_hall(&token).await;
    let movie = app.create_movie("Priced", 90).await;
    let (s, _) = app
        .post(
            "/api/v1/holidays",
            Some(&token),
            json!({"date": "2026-11-26", "name": "Test Day"}),
        )
        .await;
    assert_eq!(s, 201);
    // Tuesday, Saturday, holiday Thursday.
    let (s, b) = batch(
        &app,
        &token,
        &movie,
        &hall,
        &[
            "2026-11-24T20:00:00+07:00",
            "2026-11-28T20:00:00+07:00",
            "2026-11-26T20:00:00+07:00",
        ],
    )
    .await;
    assert_eq!(s, 201, "{b}");
    let expected = [
        ("WEEKDAY", 90000, 120000),
        ("WEEKEND", 110000, 150000),
        ("HOLIDAY", 130000, 170000),
    ];
    for (i, (day, standard, vip)) in expected.iter().enumerate() {
        let show = id(&b, i);
        let (_, one) = app.get(&format!("/api/v1/showtimes/{show}"), None).await;
        assert_eq!(one["data"]["day_type"], *day);
        assert_eq!(
            one["data"]["prices"],
            json!({"STANDARD": standard, "VIP": vip})
        );
        assert_eq!(one["data"]["hall_name"], "Hall 1");
        assert_eq!(one["data"]["movie_title"], "Priced");
        let (_, map) = app
            .get(&format!("/api/v1/showtimes/{show}/seats"), None)
            .await;
        assert_eq!(map["data"]["rows"][0]["seats"][0]["price"], *standard);
        assert_eq!(map["data"]["rows"][1]["seats"][3]["price"], *vip);
    }
    // A holiday added later re-types the showtimes on that date; removing it types them back.
    let friday = batch(&app, &token, &movie, &hall, &["2026-11-27T20:00:00+07:00"])
        .await
        .1;
    let friday = id(&friday, 0);
    app.post(
        "/api/v1/holidays",
        Some(&token),
        json!({"date": "2026-11-27", "name": "Surprise"}),
    )
    .await;
    let (_, one) = app.get(&format!("/api/v1/showtimes/{friday}"), None).await;
    assert_eq!(one["data"]["day_type"], "HOLIDAY");
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{friday}/seats"), None)
        .await;
    assert_eq!(map["data"]["rows"][0]["seats"][0]["price"], 130000);
    app.delete("/api/v1/holidays/2026-11-27", Some(&token))
        .await;
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{friday}/seats"), None)
        .await;
    assert_eq!(map["data"]["rows"][0]["seats"][0]["price"], 90000);
}

#[tokio::test]
async fn a_hall_missing_a_price_cannot_go_on_sale() {
    let app = spawn_app().await;
    let token = app.token("manager").await;
    let (cinema, _) = app.priced_hall(&token).await;
    let hall = app
        .create_hall(&token, &cinema, json!({"name": "IMAX 1", "hall_type": "IMAX", "layout": {"rows": ["A", "B"], "seats_per_row": 4, "seat_types": {"VIP": ["B"]}}}))
        .await;
    let hall = hall["id"].as_str().expect("id").to_string();
    app.put(
        &format!("/api/v1/halls/{hall}/prices"),
        Some(&token),
        json!({"prices": [
        {"seat_type": "STANDARD", "day_type": "WEEKDAY", "price": 150000},
        {"seat_type": "VIP", "day_type": "WEEKDAY", "price": 180000},
        {"seat_type": "STANDARD", "day_type": "WEEKEND", "price": 170000}]}),
    )
    .await;
    let movie = app.create_movie("Big", 120).await;
    let (s, b) = batch(
        &app,
        &token,
        &movie,
        &hall,
        &["2026-11-27T10:00:00+07:00", "2026-11-28T10:00:00+07:00"],
    )
    .await;
    let msg = assert_envelope(s, &b, 422);
    assert_eq!(msg, "pricing: hall IMAX 1 has no price for VIP on WEEKEND");
    let (_, list) = app
        .get(
            &format!("/api/v1/showtimes?hall_id={hall}&date=2026-11-27"),
            None,
        )
        .await;
    assert_eq!(list["data"]["total"], 0, "all or nothing");
    // A weekday showtime is fine; making its date a holiday is refused for lack of holiday prices.
    let (s, _) = batch(&app, &token, &movie, &hall, &["2026-11-27T10:00:00+07:00"]).await;
    assert_eq!(s, 201);
    let (s, b) = app
        .post(
            "/api/v1/holidays",
            Some(&token),
            json!({"date": "2026-11-27", "name": "No"}),
        )
        .await;
    let msg = assert_envelope(s, &b, 422);
    assert!(
        msg.contains("hall IMAX 1 has no price for STANDARD on HOLIDAY")
            && msg.contains("VIP on HOLIDAY"),
        "{msg}"
    );
    let (_, h) = app.get("/api/v1/holidays", None).await;
    assert_eq!(h["data"], json!([]));
}

#[tokio::test]
async fn status_follows_the_clock_sales_and_cancellation() {
    let app = spawn_app().await;
    let token = app.token("manager").await;
    let (_, hall) = app.priced_hall(&token).await;
    let movie = app.create_movie("Clockwork", 105).await;
    // 10 Dec 19:00 local = 12:00Z, ends 14:00Z; sales open 7 days before (3 Dec 12:00Z).
    let (_, b) = batch(
        &app,
        &token,
        &movie,
        &hall,
        &["2026-12-10T19:00:00+07:00", "2026-12-11T19:00:00+07:00"],
    )
    .await;
    let (show, other) = (id(&b, 0), id(&b, 1));
    // A movie with showtimes cannot be deleted (their sales would point at nothing).
    let (s, del) = app
        .delete(&format!("/api/v1/movies/{movie}"), Some(&token))
        .await;
    let msg = assert_envelope(s, &del, 409);
    assert!(msg.contains("2 showtime(s)"), "{msg}");
    let status = |v: &Value| v["data"]["status"].as_str().expect("status").to_string();
    let get = |sid: String| {
        let app = &app;
        async move { app.get(&format!("/api/v1/showtimes/{sid}"), None).await.1 }
    };
    assert_eq!(status(&get(show.clone()).await), "SCHEDULED");
    let facts = app
        .state
        .cinemas
        .showtime_facts(&show)
        .await
        .expect("facts");
    assert!(!facts.on_sale(app.state.clock.now()));
    app.clock.set("2026-12-03T11:59:00Z".parse().expect("t"));
    assert_eq!(status(&get(show.clone()).await), "SCHEDULED");
    app.clock.set("2026-12-03T12:00:00Z".parse().expect("t"));
    assert_eq!(status(&get(show.clone()).await), "SELLING");
    assert!(facts.on_sale(app.state.clock.now()));
    // Bookings report taken seats: all 8 → SOLD_OUT; some → SELLING with the rest available.
    app.state
        .cinemas
        .set_seats_taken(&show, 8)
        .await
        .expect("taken");
    let v = get(show.clone()).await;
    assert_eq!(status(&v), "SOLD_OUT");
    assert_eq!(v["data"]["available_seats"], 0);
    app.state
        .cinemas
        .set_seats_taken(&show, 3)
        .await
        .expect("taken");
    let v = get(show.clone()).await;
    assert_eq!(status(&v), "SELLING");
    assert_eq!(v["data"]["available_seats"], 5);
    // Cancelled stays cancelled whatever the clock says (a fresh token: the clock moved).
    let token = app.token("manager").await;
    let (s, b) = app
        .post(
            &format!("/api/v1/showtimes/{other}/cancel"),
            Some(&token),
            json!({}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["showtime"]["status"], "CANCELLED");
    assert_eq!(b["data"]["refunds"], json!([]), "nothing was sold");
    let (s, b) = app
        .post(
            &format!("/api/v1/showtimes/{other}/cancel"),
            Some(&token),
            json!({}),
        )
        .await;
    assert_envelope(s, &b, 409);
    assert!(
        app.state
            .cinemas
            .showtime_facts(&other)
            .await
            .expect("facts")
            .cancelled
    );
    let (_, up) = app
        .get(&format!("/api/v1/movies/{movie}/showtimes"), None)
        .await;
    assert_eq!(
        up["data"].as_array().expect("list").len(),
        1,
        "cancelled showtimes are not upcoming"
    );
    app.clock.set("2026-12-10T13:59:00Z".parse().expect("t"));
    assert_eq!(status(&get(show.clone()).await), "SELLING");
    app.clock.set("2026-12-10T14:00:00Z".parse().expect("t"));
    assert_eq!(status(&get(show.clone()).await), "COMPLETED");
    assert!(!facts.on_sale(app.state.clock.now()));
    app.clock.set("2026-12-20T00:00:00Z".parse().expect("t"));
    assert_eq!(status(&get(other.clone()).await), "CANCELLED");
    let token = app.token("manager").await;
    let (s, b) = app
        .post(
            &format!("/api/v1/showtimes/{show}/cancel"),
            Some(&token),
            json!({}),
        )
        .await;
    assert_envelope(s, &b, 409);
}

#[tokio::test]
async fn demo_data_has_two_cities_all_hall_kinds_and_a_week_of_showtimes() {
    let app = spawn_app().await;
    let summary = moviehub::demo::seed(&app.state).await.expect("demo seed");
    assert!(
        summary.contains("showtimes over the coming week"),
        "{summary}"
    );
    let (_, b) = app.get("/api/v1/cinemas", None).await;
    let cinemas = b["data"]["items"].as_array().expect("items").clone();
    let cities: Vec<&str> = cinemas
        .iter()
        .map(|c| c["city"].as_str().expect("city"))
        .collect();
    assert_eq!(cinemas.len(), 2);
    assert!(cities.contains(&"TP. Hồ Chí Minh") && cities.contains(&"Hà Nội"));
    let mut kinds = std::collections::BTreeSet::new();
    let mut seat_types = std::collections::BTreeSet::new();
    for c in &cinemas {
        let (_, halls) = app
            .get(
                &format!("/api/v1/cinemas/{}/halls", c["id"].as_str().expect("id")),
                None,
            )
            .await;
        let halls = halls["data"].as_array().expect("halls").clone();
        assert!((3..=6).contains(&halls.len()));
        for h in halls {
            kinds.insert(h["hall_type"].as_str().expect("type").to_string());
            if h["hall_type"] == "IMAX" {
                assert!(
                    (280..=320).contains(&h["capacity"].as_u64().expect("cap")),
                    "{h}"
                );
            }
            let (_, d) = app
                .get(
                    &format!("/api/v1/halls/{}", h["id"].as_str().expect("id")),
                    None,
                )
                .await;
            for s in d["data"]["seats"].as_array().expect("seats") {
                seat_types.insert(s["seat_type"].as_str().expect("type").to_string());
            }
            // Every seat type of every hall is priced for every day type.
            let types: std::collections::BTreeSet<&str> = d["data"]["seats"]
                .as_array()
                .expect("seats")
                .iter()
                .map(|s| s["seat_type"].as_str().expect("t"))
                .collect();
            assert_eq!(
                d["data"]["prices"].as_array().expect("prices").len(),
                types.len() * 3
            );
        }
    }
    assert!(kinds.len() >= 4, "{kinds:?}");
    assert!(
        seat_types.contains("COUPLE")
            && seat_types.contains("WHEELCHAIR")
            && seat_types.contains("VIP")
    );
    let (_, h) = app.get("/api/v1/holidays", None).await;
    assert!(!h["data"].as_array().expect("holidays").is_empty());
    for day in 25..=30 {
        let (_, b) = app
            .get(
                &format!("/api/v1/showtimes?date=2026-11-{day}&limit=100"),
                None,
            )
            .await;
        assert!(
            b["data"]["total"].as_i64().expect("total") > 20,
            "day {day}: {}",
            b["data"]["total"]
        );
        let first = &b["data"]["items"][0];
        assert_eq!(first["status"], "SELLING");
        assert!(
            first["local_start"]
                .as_str()
                .expect("local")
                .contains("T09:")
                || first["local_start"]
                    .as_str()
                    .expect("local")
                    .contains("T10:"),
            "{first}"
        );
    }
}
