//! The admin pages' forms do what they say, through the real router as a manager: cancelling
//! a showtime from the planner refunds its paid booking, a seat out of service lowers the
//! available count of its hall's showtimes, prices typed as on a till are saved, holidays come
//! and go, and the heat map ranks the seat sold first first.

use crate::helpers::*;
use reqwest::header;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// The demo's first cinema and its first hall.
async fn first_hall(app: &TestApp) -> (moviehub::cinemas::Cinema, moviehub::cinemas::Hall) {
    let cinema = app
        .state
        .cinemas
        .list_cinemas(&Default::default())
        .await
        .expect("cinemas")
        .remove(0);
    let hall = app
        .state
        .cinemas
        .halls(&cinema.id)
        .await
        .expect("halls")
        .remove(0);
    (cinema, hall)
}

/// POST a form as `token` from the site's own pages; (status, Location or body).
async fn form(app: &TestApp, path: &str, token: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let res = no_redirects()
        .post(format!("{}{path}", app.base))
        .header(header::ORIGIN, &app.base)
        .header(header::COOKIE, format!("mh_session={token}"))
        .form(fields)
        .send()
        .await
        .expect("post");
    let status = res.status().as_u16();
    let text = match res.headers().get(header::LOCATION) {
        Some(l) => l.to_str().expect("location").to_string(),
        None => res.text().await.expect("body"),
    };
    (status, text)
}

async fn page(app: &TestApp, path: &str, token: &str) -> (u16, String) {
    let res = no_redirects()
        .get(format!("{}{path}", app.base))
        .header(header::COOKIE, format!("mh_session={token}"))
        .send()
        .await
        .expect("get");
    (res.status().as_u16(), res.text().await.expect("body"))
}

/// A showtime on sale and `n` free single seats of it.
async fn on_sale(app: &TestApp, n: usize) -> (String, Vec<String>) {
    let (_, list) = app.get("/api/v1/showtimes", None).await;
    let show = list["data"]["items"]
        .as_array()
        .or_else(|| list["data"].as_array())
        .expect("showtimes")
        .iter()
        .find(|s| s["status"] == "SELLING")
        .expect("a showtime on sale")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{show}/seats"), None)
        .await;
    let seats = map["data"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| r["seats"].as_array().expect("seats").clone())
        .filter(|s| s["couple_with"].is_null() && s["status"] == "AVAILABLE")
        .map(|s| s["id"].as_str().expect("id").to_string())
        .take(n)
        .collect();
    (show, seats)
}

/// Open the cashier's till at the showtime's cinema.
async fn open_till_for(app: &TestApp, cashier: &str, show: &str) {
    let st = app.state.cinemas.showtime(show).await.expect("showtime");
    let (s, b) = app
        .post(
            "/api/v1/tills",
            Some(cashier),
            json!({"opening_float": 1_000_000, "cinema_id": st.cinema_id}),
        )
        .await;
    assert_eq!(s, 201, "open till: {b}");
}

/// The cashier sells `seats` for cash; returns the booking.
async fn sell(app: &TestApp, cashier: &str, show: &str, seats: &[String]) -> Value {
    for seat in seats {
        let (s, b) = app
            .post(
                &format!("/api/v1/showtimes/{show}/holds"),
                Some(cashier),
                json!({"seat_id": seat}),
            )
            .await;
        assert_eq!(s, 200, "hold: {b}");
    }
    let key = uuid::Uuid::new_v4().to_string();
    let (s, b) = app
        .post(
            "/api/v1/bookings",
            Some(cashier),
            json!({"showtime_id": show, "seat_ids": seats, "idempotency_key": key}),
        )
        .await;
    assert_eq!(s, 201, "book: {b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    let (s, p) = app
        .post(
            &format!("/api/v1/bookings/{id}/pay/box-office"),
            Some(cashier),
            json!({"method": "CASH", "tendered": 2_000_000}),
        )
        .await;
    assert_eq!(s, 200, "cash: {p}");
    b["data"].clone()
}

#[tokio::test]
async fn cancelling_a_showtime_in_the_planner_refunds_its_paid_booking() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let cashier = app.token("cashier").await;
    let manager = app.token("manager").await;
    let (show, seats) = on_sale(&app, 2).await;
    open_till_for(&app, &cashier, &show).await;
    let sold = sell(&app, &cashier, &show, &seats).await;
    let (s, to) = form(
        &app,
        &format!("/admin/showtimes/{show}/cancel"),
        &manager,
        &[("reason", "Máy chiếu hỏng")],
    )
    .await;
    assert_eq!(s, 303, "{to}");
    assert!(
        to.starts_with("/admin/planner?") && to.ends_with("&cancelled=1"),
        "{to}"
    );
    let st = app.state.cinemas.showtime(&show).await.expect("showtime");
    assert_eq!(st.status, moviehub::cinemas::ShowtimeStatus::Cancelled);
    assert_eq!(st.cancel_reason.as_deref(), Some("Máy chiếu hỏng"));
    let refunds = app
        .state
        .refunds
        .of_booking(sold["id"].as_str().expect("id"))
        .await
        .expect("refunds");
    assert_eq!(refunds.len(), 1, "the paid booking is refunded");
    assert_eq!(refunds[0].amount, sold["total"].as_i64().expect("total"));
    // Twice is refused, with the page saying so.
    let (s, _) = form(
        &app,
        &format!("/admin/showtimes/{show}/cancel"),
        &manager,
        &[],
    )
    .await;
    assert_eq!(s, 409);
    app.stop().await;
}

#[tokio::test]
async fn a_seat_out_of_service_lowers_the_available_count_and_lists_its_booking() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let cashier = app.token("cashier").await;
    let manager = app.token("manager").await;
    let (show, seats) = on_sale(&app, 2).await;
    open_till_for(&app, &cashier, &show).await;
    let before = app
        .state
        .cinemas
        .showtime(&show)
        .await
        .expect("showtime")
        .available_seats;
    sell(&app, &cashier, &show, &seats[..1]).await;
    let st = app.state.cinemas.showtime(&show).await.expect("showtime");
    let (s, html) = page(
        &app,
        &format!("/admin/halls/{}?seat={}", st.hall_id, seats[0]),
        &manager,
    )
    .await;
    assert_eq!(s, 200);
    assert!(
        html.contains("id=\"affected\""),
        "the sold seat's booking is listed"
    );
    let (s, to) = form(
        &app,
        &format!("/admin/seats/{}/status", seats[1]),
        &manager,
        &[("status", "MAINTENANCE")],
    )
    .await;
    assert_eq!(s, 303, "{to}");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let now = app.state.cinemas.showtime(&show).await.expect("showtime");
        if now.available_seats == before - 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "available {} → {}",
            before,
            now.available_seats
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (_, map) = app
        .get(&format!("/api/v1/showtimes/{show}/seats"), None)
        .await;
    let seat = map["data"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| r["seats"].as_array().expect("seats").clone())
        .find(|x| x["id"] == seats[1].as_str())
        .expect("seat");
    assert_ne!(
        seat["status"], "AVAILABLE",
        "the seat map shows it out of service: {seat}"
    );
    app.stop().await;
}

#[tokio::test]
async fn prices_typed_as_on_a_till_are_saved_and_holidays_come_and_go() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let manager = app.token("manager").await;
    let (cinema, hall) = first_hall(&app).await;
    let kept = app.state.cinemas.prices(&hall.id).await.expect("prices");
    let kept = kept
        .iter()
        .find(|p| (p.seat_type.as_str(), p.day_type.as_str()) != ("STANDARD", "WEEKDAY"))
        .expect("another price")
        .clone();
    let other = format!("{}.{}", kept.seat_type.as_str(), kept.day_type.as_str());
    let (s, to) = form(
        &app,
        &format!("/admin/halls/{}/prices", hall.id),
        &manager,
        &[("STANDARD.WEEKDAY", "95.000"), (other.as_str(), "")],
    )
    .await;
    assert_eq!(s, 303, "{to}");
    let prices = app.state.cinemas.prices(&hall.id).await.expect("prices");
    let p = |seat: &str, day: &str| {
        prices
            .iter()
            .find(|p| p.seat_type.as_str() == seat && p.day_type.as_str() == day)
            .map(|p| p.price)
    };
    assert_eq!(p("STANDARD", "WEEKDAY"), Some(95_000));
    assert_eq!(
        p(kept.seat_type.as_str(), kept.day_type.as_str()),
        Some(kept.price),
        "an empty cell keeps its price"
    );
    let (_, html) = page(
        &app,
        &format!("/admin/pricing?cinema={}", cinema.id),
        &manager,
    )
    .await;
    assert!(html.contains("value=\"95.000\""), "shown as typed");

    let (s, _) = form(
        &app,
        "/admin/holidays",
        &manager,
        &[
            ("date", "2027-06-01"),
            ("name", "Quốc tế Thiếu nhi"),
            ("cinema", &cinema.id),
        ],
    )
    .await;
    assert_eq!(s, 303);
    let days = app.state.cinemas.holidays().await.expect("holidays");
    assert!(days.iter().any(|h| h.date.to_string() == "2027-06-01"));
    let (s, _) = form(
        &app,
        "/admin/holidays/2027-06-01/delete",
        &manager,
        &[("cinema", &cinema.id)],
    )
    .await;
    assert_eq!(s, 303);
    let days = app.state.cinemas.holidays().await.expect("holidays");
    assert!(!days.iter().any(|h| h.date.to_string() == "2027-06-01"));
    app.stop().await;
}

#[tokio::test]
async fn the_heat_map_ranks_the_seat_sold_first_first() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let cashier = app.token("cashier").await;
    let manager = app.token("manager").await;
    let (show, seats) = on_sale(&app, 3).await;
    open_till_for(&app, &cashier, &show).await;
    sell(&app, &cashier, &show, &seats[2..3]).await;
    app.clock.advance(chrono::Duration::minutes(5));
    sell(&app, &cashier, &show, &seats[..2]).await;
    let st = app.state.cinemas.showtime(&show).await.expect("showtime");
    let hall = app.state.cinemas.hall(&st.hall_id).await.expect("hall");
    let label = |id: &str| {
        hall.seats
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.label())
            .expect("seat")
    };
    let (s, csv) = page(
        &app,
        &format!(
            "/admin/reports/heatmap?hall={}&from=2026-11-01&to=2026-12-31&format=csv",
            st.hall_id
        ),
        &manager,
    )
    .await;
    assert_eq!(s, 200);
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows.len(), 4, "a heading and the three seats sold: {csv}");
    assert!(
        rows[1].starts_with(&format!("{},", label(&seats[2]))),
        "{csv}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_json_file_of_films_imports_whole_or_not_at_all() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let manager = app.token("manager").await;
    let before = app
        .state
        .catalog
        .list(Default::default())
        .await
        .expect("films")
        .total;
    let good = r#"[
        {"title": "Nhà Bà Nữ 2", "runtime_minutes": 102, "release_date": "2026-12-20", "age_rating": "T16", "genres": ["Hài"]},
        {"title": "Bố Già 3", "runtime_minutes": 128, "release_date": "2026-12-24", "age_rating": "T13"}]"#;
    let bad = r#"[
        {"title": "Nhà Bà Nữ 2", "runtime_minutes": 102, "release_date": "2026-12-20", "age_rating": "T16"},
        {"title": "Hỏng", "runtime_minutes": 0, "release_date": "2026-12-20", "age_rating": "P"},
        {"runtime_minutes": 90}]"#;
    let (s, html) = form(&app, "/admin/films/import", &manager, &[("json", bad)]).await;
    assert_eq!(s, 422);
    assert!(html.contains("2 dòng có lỗi"), "both bad rows counted");
    assert!(html.contains("<td>2</td><td>Hỏng</td>"), "row 2 named");
    assert!(html.contains("<td>3</td><td></td>"), "row 3 named");
    let after = app
        .state
        .catalog
        .list(Default::default())
        .await
        .expect("films")
        .total;
    assert_eq!(after, before, "nothing imported");
    let (s, to) = form(&app, "/admin/films/import", &manager, &[("json", good)]).await;
    assert_eq!((s, to.as_str()), (303, "/admin/films?imported=2"));
    let after = app
        .state
        .catalog
        .list(Default::default())
        .await
        .expect("films")
        .total;
    assert_eq!(after, before + 2);
    app.stop().await;
}

#[tokio::test]
async fn a_restock_is_recorded_and_a_manager_cannot_hand_out_admin() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let manager = app.token("manager").await;
    let item = app
        .state
        .concessions
        .on_sale()
        .await
        .expect("menu")
        .into_iter()
        .find(|i| i.kind != moviehub::concessions::Kind::Combo)
        .expect("item");
    let (s, to) = form(
        &app,
        &format!("/admin/concessions/{}/stock", item.id),
        &manager,
        &[
            ("change", "restock"),
            ("qty", "24"),
            ("note", "Giao hàng sáng"),
        ],
    )
    .await;
    assert_eq!(s, 303, "{to}");
    let now = app.state.concessions.get(&item.id).await.expect("item");
    assert_eq!(now.stock, item.stock + 24);
    let (_, html) = page(&app, &to, &manager).await;
    assert!(html.contains("Giao hàng sáng"), "the movement is listed");

    let customer = app
        .state
        .users
        .by_email("customer@moviehub.local")
        .await
        .expect("customer");
    let (s, html) = form(
        &app,
        &format!("/admin/users/{}/roles", customer.id),
        &manager,
        &[("role", "admin"), ("change", "grant")],
    )
    .await;
    assert_eq!(s, 403, "{html}");
    let (s, _) = form(
        &app,
        &format!("/admin/users/{}/roles", customer.id),
        &manager,
        &[("role", "usher"), ("change", "grant")],
    )
    .await;
    assert_eq!(s, 303);
    let roles = app.state.users.get(&customer.id).await.expect("user").roles;
    assert!(roles.contains(&"usher".to_string()) && !roles.contains(&"admin".to_string()));
    app.stop().await;
}

#[tokio::test]
async fn a_promotion_code_is_added_switched_off_and_a_bad_one_is_refused() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let manager = app.token("manager").await;
    let fields = [
        ("code", "tet2027"),
        ("name", "Tết 2027"),
        ("kind", "PERCENTAGE"),
        ("value", "15"),
        ("max_discount", "50.000"),
        ("day_types", "WEEKEND"),
        ("day_types", "HOLIDAY"),
        ("usage_limit", "100"),
        ("active", "on"),
    ];
    let (s, to) = form(&app, "/admin/promotions", &manager, &fields).await;
    assert_eq!((s, to.as_str()), (303, "/admin/promotions?saved=1"));
    let auth = moviehub::users::auth::resolve(&app.state.users, &manager)
        .await
        .expect("manager");
    let all = app.state.promotions.list(&auth).await.expect("codes");
    let code = all
        .iter()
        .find(|p| p.code == "TET2027")
        .expect("the new code");
    assert_eq!((code.value, code.max_discount), (15, Some(50_000)));
    assert_eq!(
        code.day_types,
        vec!["WEEKEND".to_string(), "HOLIDAY".to_string()]
    );
    assert!(code.active);
    let (s, _) = form(
        &app,
        &format!("/admin/promotions/{}/active", code.id),
        &manager,
        &[],
    )
    .await;
    assert_eq!(s, 303);
    let again = app
        .state
        .promotions
        .get(&auth, &code.id)
        .await
        .expect("code");
    assert!(!again.active, "switched off");
    assert_eq!(again.value, 15, "its terms unchanged");

    let bad = [
        ("code", "X"),
        ("name", "Sai"),
        ("kind", "PERCENTAGE"),
        ("value", "150"),
    ];
    let (s, html) = form(&app, "/admin/promotions", &manager, &bad).await;
    assert_eq!(s, 422);
    assert!(
        html.contains("form-error") && html.contains("value=\"150\""),
        "kept as typed"
    );
    let count = app.state.promotions.list(&auth).await.expect("codes").len();
    assert_eq!(count, all.len(), "nothing added");
    app.stop().await;
}

#[tokio::test]
async fn concessions_sold_are_reported_as_on_the_ledger() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let cashier = app.token("cashier").await;
    let manager = app.token("manager").await;
    let (show, _) = on_sale(&app, 1).await;
    open_till_for(&app, &cashier, &show).await;
    let item = app
        .state
        .concessions
        .on_sale()
        .await
        .expect("menu")
        .into_iter()
        .find(|i| i.kind != moviehub::concessions::Kind::Combo && i.stock >= 3)
        .expect("item");
    let cinema = app
        .state
        .cinemas
        .showtime(&show)
        .await
        .expect("show")
        .cinema_id;
    let body = json!({"concessions": [{"id": item.id, "qty": 3}], "idempotency_key": "counter-9",
                      "cinema_id": cinema});
    let (s, sale) = app
        .post("/api/v1/sales/concessions", Some(&cashier), body)
        .await;
    assert_eq!(s, 201, "{sale}");
    let id = sale["data"]["id"].as_str().expect("id");
    let (s, p) = app
        .post(
            &format!("/api/v1/bookings/{id}/pay/box-office"),
            Some(&cashier),
            json!({"method": "CASH", "tendered": 1_000_000}),
        )
        .await;
    assert_eq!(s, 200, "{p}");
    let range = "from=2026-11-01&to=2026-11-30";
    let (s, report) = app
        .get(
            &format!("/api/v1/reports/concessions?{range}"),
            Some(&manager),
        )
        .await;
    assert_eq!(s, 200, "{report}");
    let line = report["data"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["item_id"] == item.id.as_str())
        .expect("the item");
    assert_eq!(line["qty"], 3);
    assert_eq!(line["revenue"], 3 * item.price);
    let (s, csv) = page(
        &app,
        &format!("/api/v1/reports/concessions.csv?{range}"),
        &manager,
    )
    .await;
    assert_eq!(s, 200);
    assert!(csv.starts_with('\u{feff}'));
    assert!(
        csv.contains(&format!(",3,0,{}\r\n", 3 * item.price)),
        "{csv}"
    );
    let (_, html) = page(&app, &format!("/figures?{range}"), &manager).await;
    assert!(html.contains("id=\"fig-concessions\"") && html.contains(&item.name));
    let (s, _) = app
        .get(
            &format!("/api/v1/reports/concessions?{range}"),
            Some(&cashier),
        )
        .await;
    assert_eq!(s, 403, "report:view only");
    app.stop().await;
}

#[tokio::test]
async fn a_show_after_midnight_sits_on_its_evening_and_wild_dates_are_refused() {
    let app = spawn_app().await;
    moviehub::demo::seed(&app.state).await.expect("demo seed");
    let manager = app.token("manager").await;
    let (cinema, hall) = first_hall(&app).await;
    let movie = app
        .state
        .catalog
        .now_showing()
        .await
        .expect("films")
        .remove(0);
    let fields = [
        ("cinema", cinema.id.as_str()),
        ("movie_id", movie.id.as_str()),
        ("hall_id", hall.id.as_str()),
        ("format", "2D"),
        ("language", "Tiếng Việt"),
        ("from_date", "2026-11-27"),
        ("to_date", "2026-11-27"),
        ("times", "04:30"),
        ("action", "save"),
    ];
    let (s, to) = form(&app, "/admin/planner", &manager, &fields).await;
    assert_eq!(s, 303, "{to}");
    let show = app
        .state
        .cinemas
        .list_showtimes(
            None,
            None,
            Some(hall.id.clone()),
            Some("2026-11-27".parse().expect("day")),
        )
        .await
        .expect("shows")
        .into_iter()
        .find(|x| x.movie_id == movie.id && x.local_start.contains("T04:30"))
        .expect("the 04:30 show");
    let block = format!("id=\"show-{}\"", show.id);
    let day = |d: &str| format!("/admin/planner?cinema={}&date={d}", cinema.id);
    let (_, evening) = page(&app, &day("2026-11-26"), &manager).await;
    assert!(
        evening.contains(&block),
        "04:30 belongs to the evening before"
    );
    let (_, morning) = page(&app, &day("2026-11-27"), &manager).await;
    assert!(!morning.contains(&block), "and not to its calendar day");

    for bad in [
        "/admin/planner?date=%2B262142-12-31",
        "/admin/reports/heatmap?from=%2B262142-12-31&to=%2B262142-12-31",
        "/figures?to=-262144-01-01",
    ] {
        let (s, _) = page(&app, bad, &manager).await;
        assert!(s == 200 || s == 422, "{bad}: {s}");
    }
    let (s, b) = app
        .get(
            "/api/v1/reports/concessions?to=-262144-01-01",
            Some(&manager),
        )
        .await;
    assert_eq!(s, 422, "{b}");
    assert!(
        b["message"].as_str().unwrap_or_default().starts_with("to:"),
        "{b}"
    );
    app.stop().await;
}
