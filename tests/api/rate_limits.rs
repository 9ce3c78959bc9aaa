//! Rate limits per client address: a burst, then 429 with Retry-After in the error envelope,
//! before the handler (or its permission check) runs; VNPay's notices and the health check
//! are never limited; loopback is exempt by default.

use crate::helpers::*;

async fn limited_app() -> TestApp {
    spawn_app_with(|s| {
        s.limits.exempt = Vec::new();
        s.limits.per_address_per_sec = 1;
        s.limits.burst = 5;
    })
    .await
}

#[tokio::test]
async fn past_the_burst_an_address_gets_429_with_retry_after() {
    let app = limited_app().await;
    for _ in 0..5 {
        let (s, _) = app.get("/api/v1/movies", None).await;
        assert_eq!(s.as_u16(), 200);
    }
    let res = app
        .client
        .get(format!("{}/api/v1/showtimes", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 429);
    let wait: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in whole seconds");
    assert!((1..=5).contains(&wait), "{wait}");
    let body: serde_json::Value = res.json().await.expect("json");
    assert_envelope(reqwest::StatusCode::TOO_MANY_REQUESTS, &body, 429);
    // Refused before anything else: a booking with no token and no body is 429, not 401.
    let (s, _) = app
        .call(reqwest::Method::POST, "/api/v1/bookings", None, None)
        .await;
    assert_eq!(s.as_u16(), 429);
}

#[tokio::test]
async fn vnpay_notices_and_health_are_never_limited() {
    let app = limited_app().await;
    for _ in 0..5 {
        app.get("/api/v1/genres", None).await;
    }
    assert_eq!(app.get("/api/v1/genres", None).await.0.as_u16(), 429);
    for _ in 0..20 {
        let (s, body) = app
            .get("/api/v1/payments/vnpay/ipn?vnp_TxnRef=x", None)
            .await;
        assert_eq!(s.as_u16(), 200);
        assert!(body["RspCode"].is_string(), "{body}");
        assert_eq!(app.get("/api/health", None).await.0.as_u16(), 200);
    }
}

#[tokio::test]
async fn loopback_is_exempt_by_default() {
    let app = spawn_app_with(|s| {
        s.limits.per_address_per_sec = 1;
        s.limits.burst = 1;
    })
    .await;
    for _ in 0..30 {
        assert_eq!(app.get("/api/v1/movies", None).await.0.as_u16(), 200);
    }
}
