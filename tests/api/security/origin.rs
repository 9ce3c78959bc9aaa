//! What the session cookie authenticates must come from this site's pages: another site
//! cannot make a signed-in visitor's browser cancel a booking, cancel a showtime or open a
//! seat-map socket. Bearer-token clients are untouched.

use super::*;
use moviehub::bookings::BookingStatus;
use reqwest::header;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const EVIL: &str = "https://evil.example";

#[tokio::test]
async fn a_foreign_origin_cannot_cancel_a_booking_with_the_cookie() {
    let app = spawn_app().await;
    let (uid, token) = app.user_with_role("customer").await;
    let booking = pending_booking(&app, &uid).await;
    let url = format!("{}/api/v1/bookings/{}/cancel", app.base, booking.id);
    let cookie = format!("mh_session={token}");
    // A form posted from another site, and a fetch without any Origin or Referer.
    for origin in [Some(EVIL), None] {
        let mut req = app
            .client
            .post(&url)
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("x=1");
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        let res = req.send().await.expect("cancel");
        let status = res.status();
        let body: serde_json::Value = res.json().await.expect("json");
        assert!(
            assert_envelope(status, &body, 403).contains("Origin"),
            "{body}"
        );
    }
    let after = app.state.bookings.get(&booking.id).await.expect("booking");
    assert_eq!(after.status, BookingStatus::Pending);
    // From this site's own page, the same cookie works.
    let res = app
        .client
        .post(&url)
        .header(header::COOKIE, &cookie)
        .header(header::ORIGIN, &app.base)
        .json(&json!({}))
        .send()
        .await
        .expect("cancel");
    assert_eq!(res.status(), 200);
    app.stop().await;
}

#[tokio::test]
async fn a_foreign_origin_cannot_cancel_a_showtime_with_a_managers_cookie_but_a_bearer_token_may() {
    let app = spawn_app().await;
    let manager = app.token("manager").await;
    let (_, hall) = app.priced_hall(&manager).await;
    let movie = app.create_movie("Lật Mặt 8", 120).await;
    let (s, b) = app
        .post(
            "/api/v1/showtimes/batch",
            Some(&manager),
            json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi",
                   "subtitles": [], "start_times": ["2026-12-10T19:00:00+07:00"]}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let show = b["data"][0]["id"].as_str().expect("id").to_string();
    let url = format!("{}/api/v1/showtimes/{show}/cancel", app.base);
    let res = app
        .client
        .post(&url)
        .header(header::COOKIE, format!("mh_session={manager}"))
        .header(header::ORIGIN, EVIL)
        .header(header::CONTENT_TYPE, "text/plain")
        .body("{}")
        .send()
        .await
        .expect("cancel");
    assert_eq!(res.status(), 403);
    let (_, now) = app.get(&format!("/api/v1/showtimes/{show}"), None).await;
    assert_ne!(now["data"]["status"], "CANCELLED", "{now}");
    // An API client with a token is not a browser acting for a visitor: Origin is not asked.
    let res = app
        .client
        .post(&url)
        .bearer_auth(&manager)
        .header(header::ORIGIN, EVIL)
        .json(&json!({}))
        .send()
        .await
        .expect("cancel");
    assert_eq!(res.status(), 200);
    let (_, now) = app.get(&format!("/api/v1/showtimes/{show}"), None).await;
    assert_eq!(now["data"]["status"], "CANCELLED", "{now}");
    app.stop().await;
}

#[tokio::test]
async fn the_seat_map_socket_refuses_a_foreign_origin() {
    let app = spawn_app().await;
    let url = format!("ws://{}/ws", app.addr);
    let mut foreign = url.clone().into_client_request().expect("request");
    foreign
        .headers_mut()
        .insert("origin", EVIL.parse().expect("header"));
    match tokio_tungstenite::connect_async(foreign).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => {
            assert_eq!(res.status(), 403)
        }
        other => panic!("a foreign origin was let in: {:?}", other.map(|(_, r)| r)),
    }
    let mut own = url.into_client_request().expect("request");
    own.headers_mut()
        .insert("origin", app.base.parse().expect("header"));
    let (ws, res) = tokio_tungstenite::connect_async(own)
        .await
        .expect("own origin");
    assert_eq!(res.status(), 101);
    drop(ws);
    app.stop().await;
}
