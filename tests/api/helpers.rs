//! `spawn_app()` and typed helpers shared by every integration test.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use moviehub::clock::{Clock, ManualClock};
use moviehub::config::Settings;
use moviehub::server::Running;
use moviehub::state::AppState;
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
    let running = moviehub::server::start(state.clone(), "127.0.0.1:0".parse().expect("addr"))
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
