//! `spawn_app()` and typed helpers shared by every integration test.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use moviehub::app::server::Running;
use moviehub::app::state::AppState;
use moviehub::clock::{Clock, ManualClock};
use moviehub::config::Settings;
use moviehub::users::service::NewUser;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// A running test server.
pub struct TestApp {
    pub base: String,
    pub addr: std::net::SocketAddr,
    pub client: reqwest::Client,
    pub clock: ManualClock,
    pub state: AppState,
    pub dir: tempfile::TempDir,
    running: Option<Running>,
}

/// Tuesday 2026-11-24 10:00 in Ho Chi Minh City.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 3, 0, 0)
        .single()
        .expect("valid time")
}

/// Start the app with default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Start the app after adjusting settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_with_facts(adjust, None).await
}

/// Start the app after adjusting settings, with holds reading showtime facts from `facts`.
pub async fn spawn_app_with_facts(
    adjust: impl FnOnce(&mut Settings),
    facts: Option<std::sync::Arc<dyn moviehub::holds::FactsSource>>,
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings::default();
    settings.storage.data_dir = dir.path().join("data");
    settings.server.listen = "127.0.0.1:0".into();
    settings.payments.vnpay.sandbox = true;
    settings.payments.vnpay.secret = "TESTSECRETTESTSECRETTESTSECRET12".into();
    adjust(&mut settings);
    let (clock, manual) = Clock::manual(start_time());
    let mut state = AppState::open(settings, clock).expect("open state");
    if let Some(facts) = facts {
        state = state.with_holds_facts(facts);
    }
    let running = moviehub::app::server::start(state.clone(), "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("start server");
    let addr = running.addr;
    TestApp {
        base: format!("http://{addr}"),
        addr,
        client: reqwest::Client::builder().build().expect("client"),
        clock: manual,
        state,
        dir,
        running: Some(running),
    }
}

impl TestApp {
    /// Stop the server gracefully.
    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await.expect("clean stop");
        }
    }

    /// Any request; returns status and parsed JSON body (Null if not JSON).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let text = res.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, token, None).await
    }

    /// Raw body POST (for malformed JSON tests).
    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Create a user with a role directly through the service and return (user id, token).
    pub async fn user_with_role(&self, role: &str) -> (String, String) {
        let email = format!("{role}-{}@test.local", uuid::Uuid::new_v4().simple());
        let user = self
            .state
            .users
            .create(
                NewUser {
                    email,
                    password: "password1".into(),
                    full_name: format!("Test {role}"),
                    phone: None,
                },
                role,
            )
            .await
            .expect("create user");
        let session = self
            .state
            .users
            .session_for(&user.id)
            .await
            .expect("session");
        (user.id, session.access_token)
    }

    /// The test clock's now, Unix seconds.
    pub fn clock_now(&self) -> i64 {
        self.state.clock.now().timestamp()
    }

    /// A token for a fresh user with this role.
    pub async fn token(&self, role: &str) -> String {
        self.user_with_role(role).await.1
    }
}

/// Assert the seed's error envelope and return its message.
pub fn assert_envelope(status: StatusCode, body: &Value, expected: u16) -> String {
    assert_eq!(status.as_u16(), expected, "status; body = {body}");
    assert_eq!(body["success"], false, "{body}");
    assert_eq!(body["statusCode"], expected, "{body}");
    assert!(body["timestamp"].is_string(), "{body}");
    assert!(body["path"].is_string(), "{body}");
    body["message"].as_str().expect("message").to_string()
}

impl TestApp {
    /// A movie in the catalog with this title and runtime; returns its id.
    pub async fn create_movie(&self, title: &str, runtime_minutes: u32) -> String {
        let m = moviehub::catalog::NewMovie {
            title: title.into(),
            original_title: None,
            overview: String::new(),
            poster_url: None,
            trailer_url: None,
            backdrop_url: None,
            runtime_minutes,
            release_date: "2026-11-01".parse().expect("date"),
            age_rating: moviehub::catalog::AgeRating::P,
            original_language: "en".into(),
            spoken_languages: vec![],
            production_country: String::new(),
            language_type: moviehub::catalog::LanguageType::Original,
            director: String::new(),
            cast: vec![],
            genres: vec![],
            releases: vec![],
        };
        self.state.catalog.create(m).await.expect("create movie").id
    }

    /// A cinema through the API (manager token); returns its id.
    pub async fn create_cinema(&self, token: &str, body: Value) -> String {
        let (s, b) = self.post("/api/v1/cinemas", Some(token), body).await;
        assert_eq!(s, 201, "{b}");
        b["data"]["id"].as_str().expect("id").to_string()
    }

    /// A hall with a layout through the API; returns the created hall (with seats).
    pub async fn create_hall(&self, token: &str, cinema_id: &str, body: Value) -> Value {
        let (s, b) = self
            .post(
                &format!("/api/v1/cinemas/{cinema_id}/halls"),
                Some(token),
                body,
            )
            .await;
        assert_eq!(s, 201, "{b}");
        b["data"].clone()
    }

    /// A cinema in Ho Chi Minh City with one 2-row STANDARD/VIP hall priced for every day
    /// type (STANDARD 90k/110k/130k, VIP 120k/150k/170k); returns (cinema id, hall id).
    pub async fn priced_hall(&self, token: &str) -> (String, String) {
        let cinema = self
            .create_cinema(
                token,
                serde_json::json!({"name": "Test Cinema", "address": "1 Lê Lợi", "city": "Ho Chi Minh City",
                    "district": "District 1", "latitude": 10.7769, "longitude": 106.7009}),
            )
            .await;
        let hall = self
            .create_hall(
                token,
                &cinema,
                serde_json::json!({"name": "Hall 1", "hall_type": "STANDARD",
                    "layout": {"rows": ["A", "B"], "seats_per_row": 4, "seat_types": {"VIP": ["B"]}}}),
            )
            .await;
        let hall_id = hall["id"].as_str().expect("hall id").to_string();
        let prices = serde_json::json!({"prices": [
            {"seat_type": "STANDARD", "day_type": "WEEKDAY", "price": 90000},
            {"seat_type": "STANDARD", "day_type": "WEEKEND", "price": 110000},
            {"seat_type": "STANDARD", "day_type": "HOLIDAY", "price": 130000},
            {"seat_type": "VIP", "day_type": "WEEKDAY", "price": 120000},
            {"seat_type": "VIP", "day_type": "WEEKEND", "price": 150000},
            {"seat_type": "VIP", "day_type": "HOLIDAY", "price": 170000}]});
        let (s, b) = self
            .put(
                &format!("/api/v1/halls/{hall_id}/prices"),
                Some(token),
                prices,
            )
            .await;
        assert_eq!(s, 200, "{b}");
        (cinema, hall_id)
    }
}

impl TestApp {
    /// Open a till for this cashier token with a float at the site's only cinema (box-office
    /// sales need one); returns the till session JSON.
    pub async fn open_till(&self, token: &str, opening_float: i64) -> Value {
        let (s, b) = self
            .post(
                "/api/v1/tills",
                Some(token),
                serde_json::json!({ "opening_float": opening_float }),
            )
            .await;
        assert_eq!(s, 201, "open till: {b}");
        b["data"].clone()
    }
}

/// A second server on the same data dir, as after a restart with other settings (or another
/// process next to the first). Shares the first one's clock.
pub struct SecondServer {
    pub base: String,
    pub state: AppState,
    running: Option<Running>,
}

impl TestApp {
    /// Serve this data dir again from a second server with adjusted settings.
    pub async fn second_server(&self, adjust: impl FnOnce(&mut Settings)) -> SecondServer {
        let mut settings = (*self.state.settings).clone();
        adjust(&mut settings);
        let state = AppState::open(settings, self.state.clock.clone()).expect("open again");
        let running =
            moviehub::app::server::start(state.clone(), "127.0.0.1:0".parse().expect("addr"))
                .await
                .expect("start second server");
        SecondServer {
            base: format!("http://{}", running.addr),
            state,
            running: Some(running),
        }
    }
}

impl SecondServer {
    /// Stop it gracefully.
    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await.expect("clean stop");
        }
    }
}

/// A booking request for `user_id` in `showtime_id` (three hours from the test start, two
/// hours long), one STANDARD seat at `price` per id in `seat_ids`, with a fresh idempotency key.
pub fn booking_request(
    user_id: &str,
    showtime_id: &str,
    seat_ids: &[String],
    price: i64,
) -> moviehub::bookings::NewBooking {
    let start = start_time() + chrono::Duration::hours(3);
    moviehub::bookings::NewBooking {
        user_id: user_id.into(),
        channel: moviehub::bookings::Channel::Online,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        showtime: moviehub::bookings::ShowtimeSnapshot {
            id: showtime_id.into(),
            cinema_id: "cinema-1".into(),
            movie_title: "Mai".into(),
            hall_name: "Hall 1".into(),
            starts_at: start,
            ends_at: start + chrono::Duration::hours(2),
        },
        seats: seat_ids
            .iter()
            .map(|id| moviehub::bookings::BookingSeat {
                seat_id: id.clone(),
                seat_label: id.clone(),
                seat_type: "STANDARD".into(),
                price,
            })
            .collect(),
    }
}
