//! Cinemas, halls, seats, prices, holidays: search and filters, layouts, seat status,
//! the permission matrix of every write route.

use crate::helpers::*;
use serde_json::{json, Value};

fn cinema(
    name: &str,
    city: &str,
    district: &str,
    lat: f64,
    lng: f64,
    amenities: &[&str],
    rating: f64,
) -> Value {
    json!({"name": name, "address": format!("{name} street"), "city": city, "district": district,
           "latitude": lat, "longitude": lng, "amenities": amenities, "rating": rating})
}

fn names(body: &Value) -> Vec<String> {
    body["data"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["name"].as_str().expect("name").to_string())
        .collect()
}

/// Three cinemas in HCMC at increasing distance from Ben Thanh, one in Hanoi.
async fn four_cinemas(app: &TestApp, token: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for c in [
        cinema(
            "Thủ Đức Plaza",
            "Ho Chi Minh City",
            "Thủ Đức",
            10.8500,
            106.7700,
            &["Parking"],
            3.9,
        ),
        cinema(
            "Bến Thành Cinema",
            "Ho Chi Minh City",
            "District 1",
            10.7725,
            106.6985,
            &["Parking", "Food Court"],
            4.5,
        ),
        cinema(
            "Phú Nhuận Cineplex",
            "Ho Chi Minh City",
            "Phú Nhuận",
            10.7990,
            106.6800,
            &["Food Court", "Wheelchair Access"],
            4.1,
        ),
        cinema(
            "Hà Nội Center",
            "Hanoi",
            "Hoàn Kiếm",
            21.0288,
            105.8525,
            &["Parking", "Food Court", "Wheelchair Access"],
            4.8,
        ),
    ] {
        ids.push(app.create_cinema(token, c).await);
    }
    ids
}

#[tokio::test]
async fn nearby_search_sorts_by_distance_within_the_radius() {
    let app = spawn_app().await;
    let token = app.token("manager").await;
    four_cinemas(&app, &token).await;
    // From Ben Thanh market: Ben Thanh (~0 km), Phu Nhuan (~4 km), Thu Duc (~12 km); Hanoi ~1,140 km.
    let (s, b) = app
        .get(
            "/api/v1/cinemas?lat=10.7725&lng=106.6980&radius_km=20",
            None,
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(
        names(&b),
        ["Bến Thành Cinema", "Phú Nhuận Cineplex", "Thủ Đức Plaza"]
    );
    let d: Vec<f64> = b["data"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["distance_km"].as_f64().expect("distance"))
        .collect();
    assert!(d[0] < 0.2 && d[0] <= d[1] && d[1] <= d[2], "{d:?}");
    assert!(
        (3.0..6.0).contains(&d[1]) && (10.0..16.0).contains(&d[2]),
        "{d:?}"
    );
    let (_, b) = app
        .get("/api/v1/cinemas?lat=10.7725&lng=106.6980&radius_km=6", None)
        .await;
    assert_eq!(names(&b), ["Bến Thành Cinema", "Phú Nhuận Cineplex"]);
    let (_, b) = app
        .get(
            "/api/v1/cinemas?lat=10.7725&lng=106.6980&radius_km=2000",
            None,
        )
        .await;
    assert_eq!(names(&b).last().map(String::as_str), Some("Hà Nội Center"));
    // Without a point there is no distance and the order is by name.
    let (_, b) = app.get("/api/v1/cinemas", None).await;
    assert!(b["data"]["items"][0].get("distance_km").is_none());
    assert_eq!(b["data"]["total"], 4);
    let (s, b) = app.get("/api/v1/cinemas?lat=10.7&lng=106.7", None).await;
    assert!(assert_envelope(s, &b, 422).starts_with("radius_km"));
    let (s, b) = app
        .get("/api/v1/cinemas?lat=north&lng=106.7&radius_km=3", None)
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("lat"));
}

#[tokio::test]
async fn every_filter_narrows_the_list() {
    let app = spawn_app().await;
    let token = app.token("manager").await;
    let ids = four_cinemas(&app, &token).await;
    app.create_hall(
        &token,
        &ids[2],
        json!({"name": "IMAX", "hall_type": "IMAX", "layout": {"rows": ["A"], "seats_per_row": 4}}),
    )
    .await;
    let cases: [(&str, &[&str]); 9] = [
        ("city=Hanoi", &["Hà Nội Center"]),
        (
            "city=ho%20chi%20minh%20city&district=phu%20nhuan",
            &["Phú Nhuận Cineplex"],
        ),
        (
            "amenity=Parking",
            &["Bến Thành Cinema", "Hà Nội Center", "Thủ Đức Plaza"],
        ),
        (
            "amenity=Parking&amenity=Food%20Court",
            &["Bến Thành Cinema", "Hà Nội Center"],
        ),
        (
            "amenity=Parking&amenity=Food%20Court&amenity=Wheelchair%20Access",
            &["Hà Nội Center"],
        ),
        ("hall_type=IMAX", &["Phú Nhuận Cineplex"]),
        ("min_rating=4.5", &["Bến Thành Cinema", "Hà Nội Center"]),
        ("q=ben%20thanh", &["Bến Thành Cinema"]),
        (
            "q=cine&city=Ho%20Chi%20Minh%20City&min_rating=4.2",
            &["Bến Thành Cinema"],
        ),
    ];
    for (query, expected) in cases {
        let (s, b) = app.get(&format!("/api/v1/cinemas?{query}"), None).await;
        assert_eq!(s, 200, "{query}: {b}");
        assert_eq!(names(&b), expected, "{query}");
    }
    let (s, b) = app.get("/api/v1/cinemas?hall_type=DRIVE_IN", None).await;
    assert!(assert_envelope(s, &b, 422).starts_with("hall_type"));
}

#[tokio::test]
async fn layout_becomes_seats_with_aisles_couples_and_wheelchairs() {
    let app = spawn_app().await;
    let token = app.token("manager").await;
    let c = app
        .create_cinema(
            &token,
            cinema("C", "Hanoi", "Ba Đình", 21.03, 105.83, &[], 4.0),
        )
        .await;
    let hall = app
        .create_hall(&token, &c, json!({"name": "Hall 1", "hall_type": "STANDARD", "layout_type": "DUAL_AISLE",
            "layout": {"rows": ["A", "B", "C"], "seats_per_row": 8, "row_seats": {"C": 6}, "aisles_after": [2, 6],
                       "seat_types": {"VIP": ["B"], "WHEELCHAIR": ["A1", "A8"], "COUPLE": ["C"]}}}))
        .await;
    assert_eq!(hall["capacity"], 22, "8 + 8 + 6 seat records");
    assert_eq!(hall["rows"], 3);
    assert_eq!(hall["grid_columns"], 10, "8 seats and 2 aisle gaps");
    let seats = hall["seats"].as_array().expect("seats");
    let a: Vec<(u64, &str)> = seats[..8]
        .iter()
        .map(|s| {
            (
                s["column"].as_u64().expect("col"),
                s["seat_type"].as_str().expect("type"),
            )
        })
        .collect();
    assert_eq!(
        a,
        [
            (0, "WHEELCHAIR"),
            (1, "STANDARD"),
            (3, "STANDARD"),
            (4, "STANDARD"),
            (5, "STANDARD"),
            (6, "STANDARD"),
            (8, "STANDARD"),
            (9, "WHEELCHAIR")
        ]
    );
    assert!(seats[8..16].iter().all(|s| s["seat_type"] == "VIP"));
    let couple = &seats[16..];
    assert!(couple.iter().all(|s| s["seat_type"] == "COUPLE"));
    assert_eq!(couple[0]["couple_with"], couple[1]["id"]);
    assert_eq!(couple[1]["couple_with"], couple[0]["id"]);
    assert_eq!(couple[4]["couple_with"], couple[5]["id"]);
    assert!(seats[..16].iter().all(|s| s["couple_with"].is_null()));
    // The listing shows the hall with its derived capacity.
    let (_, halls) = app.get(&format!("/api/v1/cinemas/{c}/halls"), None).await;
    assert_eq!(halls["data"][0]["capacity"], 22);

    for (layout, field) in [
        (
            json!({"rows": ["A"], "seats_per_row": 4, "seat_types": {"VIP": ["Q"]}}),
            "layout.seat_types.VIP[0]",
        ),
        (
            json!({"rows": ["A"], "seats_per_row": 6, "aisles_after": [1], "seat_types": {"COUPLE": ["A"]}}),
            "layout.aisles_after",
        ),
        (
            json!({"rows": ["A"], "seats_per_row": 0}),
            "layout.seats_per_row",
        ),
    ] {
        let (s, b) = app
            .post(
                &format!("/api/v1/cinemas/{c}/halls"),
                Some(&token),
                json!({"name": "X", "hall_type": "VIP", "layout": layout}),
            )
            .await;
        assert!(assert_envelope(s, &b, 422).starts_with(field), "{b}");
    }
    let (s, b) = app.post(&format!("/api/v1/cinemas/{c}/halls"), Some(&token), json!({"name": "H", "hall_type": "VIP", "capacity": 10, "layout": {"rows": ["A"], "seats_per_row": 4}})).await;
    assert!(
        assert_envelope(s, &b, 422).contains("capacity"),
        "capacity is never typed in"
    );
    let (s, b) = app.post(&format!("/api/v1/cinemas/{c}/halls"), Some(&token), json!({"name": "Hall 1", "hall_type": "VIP", "layout": {"rows": ["A"], "seats_per_row": 4}})).await;
    assert!(assert_envelope(s, &b, 409).contains("Hall 1"));
}

#[tokio::test]
async fn seat_status_changes_show_in_the_seat_map() {
    let app = spawn_app().await;
    let token = app.token("manager").await;
    let (cinema, hall) = app.priced_hall(&token).await;
    let couple_hall = app
        .create_hall(&token, &cinema, json!({"name": "Love", "hall_type": "VIP", "layout": {"rows": ["A"], "seats_per_row": 4, "seat_types": {"COUPLE": ["A"]}}}))
        .await;
    let movie = app.create_movie("Seat Test", 100).await;
    let (s, b) = app
        .post("/api/v1/showtimes/batch", Some(&token), json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi", "start_times": ["2026-11-25T19:00:00+07:00"]}))
        .await;
    assert_eq!(s, 201, "{b}");
    let show = b["data"][0]["id"].as_str().expect("id").to_string();
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{show}/seats"), None)
        .await;
    assert_eq!(map["data"]["counts"]["available"], 8);
    assert_eq!(map["data"]["seq"], 0);
    let a3 = map["data"]["rows"][0]["seats"][2].clone();
    assert_eq!(a3["label"], "A3");
    assert_eq!(a3["status"], "AVAILABLE");
    // Facts are cached: read them, then change the seat and read again.
    let facts = app
        .state
        .cinemas
        .showtime_facts(&show)
        .await
        .expect("facts");
    assert!(facts.on_sale(app.state.clock.now()));
    let a3_id = a3["id"].as_str().expect("id");
    let (s, b) = app
        .put(
            &format!("/api/v1/seats/{a3_id}/status"),
            Some(&token),
            json!({"status": "BROKEN"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = app
        .put(
            &format!("/api/v1/seats/{a3_id}/status"),
            Some(&token),
            json!({"status": "WOBBLY"}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).contains("status"));
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{show}/seats"), None)
        .await;
    assert_eq!(map["data"]["rows"][0]["seats"][2]["status"], "BROKEN");
    assert_eq!(map["data"]["counts"]["available"], 7);
    assert_eq!(map["data"]["counts"]["broken"], 1);
    assert_eq!(map["data"]["showtime"]["available_seats"], 7);
    let facts = app
        .state
        .cinemas
        .showtime_facts(&show)
        .await
        .expect("facts");
    assert_eq!(
        facts.seat(a3_id).map(|s| s.condition),
        Some(moviehub::cinemas::SeatStatus::Broken)
    );
    // A couple seat's two halves change together.
    let l1 = couple_hall["seats"][0]["id"].as_str().expect("id");
    let (_, b) = app
        .put(
            &format!("/api/v1/seats/{l1}/status"),
            Some(&token),
            json!({"status": "MAINTENANCE"}),
        )
        .await;
    let changed: Vec<&str> = b["data"]
        .as_array()
        .expect("seats")
        .iter()
        .map(|s| s["status"].as_str().expect("status"))
        .collect();
    assert_eq!(changed, ["MAINTENANCE", "MAINTENANCE"]);
    let (_, h) = app
        .get(
            &format!("/api/v1/halls/{}", couple_hall["id"].as_str().expect("id")),
            None,
        )
        .await;
    assert_eq!(h["data"]["seats"][1]["status"], "MAINTENANCE");
    assert_eq!(h["data"]["seats"][2]["status"], "ACTIVE");
}

#[tokio::test]
async fn holidays_and_prices_are_listed_and_validated() {
    let app = spawn_app().await;
    let token = app.token("manager").await;
    let (_, hall) = app.priced_hall(&token).await;
    let (_, b) = app.get(&format!("/api/v1/halls/{hall}/prices"), None).await;
    assert_eq!(b["data"].as_array().expect("prices").len(), 6);
    // Setting a combination again replaces it (one price per combination).
    let (s, b) = app
        .put(
            &format!("/api/v1/halls/{hall}/prices"),
            Some(&token),
            json!({"prices": [{"seat_type": "VIP", "day_type": "WEEKEND", "price": 155000}]}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let vip_weekend: Vec<&Value> = b["data"]
        .as_array()
        .expect("prices")
        .iter()
        .filter(|p| p["seat_type"] == "VIP" && p["day_type"] == "WEEKEND")
        .collect();
    assert_eq!(vip_weekend.len(), 1);
    assert_eq!(vip_weekend[0]["price"], 155000);
    let (s, b) = app
        .put(
            &format!("/api/v1/halls/{hall}/prices"),
            Some(&token),
            json!({"prices": [{"seat_type": "VIP", "day_type": "WEEKEND", "price": 0}]}),
        )
        .await;
    assert!(assert_envelope(s, &b, 422).starts_with("prices[0].price"));

    let (s, b) = app
        .post(
            "/api/v1/holidays",
            Some(&token),
            json!({"date": "2026-12-31", "name": "New Year's Eve"}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let (s, b) = app
        .post(
            "/api/v1/holidays",
            Some(&token),
            json!({"date": "2026-12-31", "name": "Again"}),
        )
        .await;
    assert!(assert_envelope(s, &b, 409).starts_with("date"));
    let (_, b) = app.get("/api/v1/holidays", None).await;
    assert_eq!(
        b["data"],
        json!([{"date": "2026-12-31", "name": "New Year's Eve"}])
    );
    let (s, _) = app
        .delete("/api/v1/holidays/2026-12-31", Some(&token))
        .await;
    assert_eq!(s, 200);
    let (s, b) = app
        .delete("/api/v1/holidays/2026-12-31", Some(&token))
        .await;
    assert_envelope(s, &b, 404);
}

/// Every write route: anonymous 401; customer, usher, cashier 403; manager and admin succeed.
#[tokio::test]
async fn permission_matrix_of_every_write_route() {
    let app = spawn_app().await;
    let boss = app.token("manager").await;
    let (cinema, hall) = app.priced_hall(&boss).await;
    let (_, h) = app.get(&format!("/api/v1/halls/{hall}"), None).await;
    let seat = h["data"]["seats"][0]["id"]
        .as_str()
        .expect("seat")
        .to_string();
    let movie = app.create_movie("Matrix", 60).await;
    let mut day = 0;
    let mut n = 0;
    for role in [
        None,
        Some("customer"),
        Some("usher"),
        Some("cashier"),
        Some("manager"),
        Some("admin"),
    ] {
        let token = match role {
            Some(r) => Some(app.token(r).await),
            None => None,
        };
        let t = token.as_deref();
        let allowed = matches!(role, Some("manager" | "admin"));
        n += 1;
        day += 1;
        let requests = [
            ("POST", "/api/v1/cinemas".to_string(), cinema_json(n)),
            ("PUT", format!("/api/v1/cinemas/{cinema}"), cinema_json(n)),
            (
                "POST",
                format!("/api/v1/cinemas/{cinema}/halls"),
                json!({"name": format!("Hall {n}x"), "hall_type": "STANDARD", "layout": {"rows": ["A"], "seats_per_row": 2}}),
            ),
            (
                "PUT",
                format!("/api/v1/halls/{hall}/prices"),
                json!({"prices": [{"seat_type": "STANDARD", "day_type": "WEEKDAY", "price": 90000}]}),
            ),
            (
                "PUT",
                format!("/api/v1/seats/{seat}/status"),
                json!({"status": "ACTIVE"}),
            ),
            (
                "POST",
                "/api/v1/holidays".to_string(),
                json!({"date": format!("2027-03-{:02}", n), "name": "Test"}),
            ),
            (
                "POST",
                "/api/v1/showtimes/batch".to_string(),
                json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi", "start_times": [format!("2026-12-{:02}T10:00:00+07:00", day)]}),
            ),
        ];
        for (method, path, body) in requests {
            let (s, b) = app
                .call(method.parse().expect("method"), &path, t, Some(body))
                .await;
            match role {
                None => assert_eq!(s, 401, "{method} {path}: {b}"),
                Some(r) if !allowed => assert_eq!(s, 403, "{r} {method} {path}: {b}"),
                Some(r) => assert!(s.is_success(), "{r} {method} {path}: {b}"),
            }
        }
        // Routes acting on things created in this round.
        let (_, b) = app.post("/api/v1/showtimes/batch", Some(&boss), json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi", "start_times": [format!("2026-12-{:02}T15:00:00+07:00", day)]})).await;
        let show = b["data"][0]["id"].as_str().expect("showtime").to_string();
        let victim = app.create_cinema(&boss, cinema_json(100 + n)).await;
        let date = format!("2027-04-{n:02}");
        let (s, _) = app
            .post(
                "/api/v1/holidays",
                Some(&boss),
                json!({"date": date, "name": "Del"}),
            )
            .await;
        assert_eq!(s, 201);
        for (method, path) in [
            ("POST", format!("/api/v1/showtimes/{show}/cancel")),
            ("DELETE", format!("/api/v1/cinemas/{victim}")),
            ("DELETE", format!("/api/v1/holidays/{date}")),
        ] {
            let (s, b) = app
                .call(method.parse().expect("method"), &path, t, None)
                .await;
            match role {
                None => assert_eq!(s, 401, "{method} {path}: {b}"),
                Some(r) if !allowed => assert_eq!(s, 403, "{r} {method} {path}: {b}"),
                Some(r) => assert!(s.is_success(), "{r} {method} {path}: {b}"),
            }
        }
    }
}

fn cinema_json(n: u32) -> Value {
    cinema(
        &format!("Cinema {n}"),
        "Hanoi",
        "Đống Đa",
        21.01,
        105.82,
        &["Parking"],
        4.0,
    )
}
