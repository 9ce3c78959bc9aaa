//! Central → site: a film added and a promotion created on central reach the site, the code
//! is usable there, and the site refuses its own edits of chain data, saying where to make them.

use super::procs::Pair;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn eventually<F, Fut>(what: &str, mut f: F) -> Value
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<Value>>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(Instant::now() < deadline, "{what} never arrived");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn films_and_promotions_made_on_central_reach_the_site_which_refuses_its_own_edits() {
    let pair = Pair::start(500).await;
    let hq = pair.central.manager().await;
    let movie = json!({"title": "Địa Đạo", "runtime_minutes": 128, "release_date": "2026-11-01",
                       "age_rating": "T16", "genres": ["Lịch sử"], "director": "Bùi Thạc Chuyên"});
    let (s, b) = pair
        .central
        .post("/api/v1/movies", &hq, movie.clone())
        .await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"]["id"].as_str().expect("id").to_string();
    let (s, b) = pair
        .central
        .post(
            "/api/v1/promotions",
            &hq,
            json!({"code": "CHUOI15", "kind": "PERCENTAGE", "value": 15, "name": "Toàn chuỗi"}),
        )
        .await;
    assert_eq!(s, 201, "{b}");

    let manager = pair.site.manager().await;
    let film = eventually("the film", || async {
        let (s, b) = pair
            .site
            .get(&format!("/api/v1/movies/{id}"), &manager)
            .await;
        (s == 200).then(|| b["data"].clone())
    })
    .await;
    assert_eq!(film["title"], "Địa Đạo");
    assert_eq!(film["genres"][0]["name"], "Lịch sử");

    // The code applies to a basket at the site.
    let (_, shows) = pair.site.get("/api/v1/showtimes?limit=1", &manager).await;
    let show = shows["data"]["items"][0]["id"]
        .as_str()
        .expect("a showtime")
        .to_string();
    let (_, map) = pair
        .site
        .get(&format!("/api/v1/showtimes/{show}/seats"), &manager)
        .await;
    let seat = map["data"]["rows"][0]["seats"][0]["id"]
        .as_str()
        .expect("a seat")
        .to_string();
    let verdict = eventually("the promotion", || async {
        let body = json!({"code": "chuoi15", "basket": {"showtime_id": show, "seat_ids": [seat]}});
        let (s, b) = pair
            .site
            .post("/api/v1/promotions/validate", &manager, body)
            .await;
        (s == 200 && b["data"]["applied"] == true).then(|| b["data"].clone())
    })
    .await;
    assert!(verdict.to_string().contains("15"), "{verdict}");

    // Chain data is head office's: the site refuses to edit it and says where to.
    for (path, body) in [
        ("/api/v1/movies", movie),
        (
            "/api/v1/promotions",
            json!({"code": "LOCAL", "kind": "FIXED_AMOUNT", "value": 1000}),
        ),
    ] {
        let (s, b) = pair.site.post(path, &manager, body).await;
        assert_eq!(s, 409, "{path}: {b}");
        let m = b["message"].as_str().unwrap_or("");
        assert!(
            m.contains("head office") && m.contains(&pair.central.base),
            "{m}"
        );
    }
}
