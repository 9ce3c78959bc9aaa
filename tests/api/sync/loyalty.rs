//! Points across the chain: a member earns at site A, redeems at site B after both synced,
//! and both sites then show the balance head office holds.

use super::procs::{Pair, Proc};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const EMAIL: &str = "lan.nguyen@example.vn";

async fn customer(site: &Proc) -> String {
    let body = json!({"email": EMAIL, "password": "matkhau123", "full_name": "Nguyễn Thị Lan"});
    let (s, b) = site.post("/api/v1/auth/register", "", body).await;
    assert_eq!(s, 201, "{b}");
    let (s, b) = site
        .post(
            "/api/v1/auth/login",
            "",
            json!({"email": EMAIL, "password": "matkhau123"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"]["access_token"]
        .as_str()
        .expect("token")
        .to_string()
}

/// The customer books one free seat of the site's first showtime with `extras` (code,
/// points); the demo cashier takes the cash. Returns the confirmed booking.
async fn buy(site: &Proc, token: &str, extras: Value) -> Value {
    let (_, shows) = site.get("/api/v1/showtimes?limit=1", token).await;
    let show = &shows["data"]["items"][0];
    let (show_id, cinema) = (show["id"].as_str().expect("id"), show["cinema_id"].clone());
    let (_, map) = site
        .get(&format!("/api/v1/showtimes/{show_id}/seats"), token)
        .await;
    let seat = map["data"]["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["seats"].as_array().cloned().unwrap_or_default())
        .find(|s| s["status"] == "AVAILABLE" && s["couple_with"].is_null())
        .expect("a free seat")["id"]
        .clone();
    let (s, b) = site
        .post(
            &format!("/api/v1/showtimes/{show_id}/holds"),
            token,
            json!({"seat_id": seat}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let mut body = json!({"showtime_id": show_id, "seat_ids": [seat],
                          "idempotency_key": uuid::Uuid::new_v4().to_string()});
    for (k, v) in extras.as_object().expect("object") {
        body[k] = v.clone();
    }
    let (s, b) = site.post("/api/v1/bookings", token, body).await;
    assert_eq!(s, 201, "{b}");
    let booking = b["data"].clone();
    let cashier = cashier(site).await;
    let (s, b) = site
        .post(
            "/api/v1/tills",
            &cashier,
            json!({"opening_float": 1_000_000, "cinema_id": cinema}),
        )
        .await;
    assert!(s == 201 || s == 409, "{b}");
    let (s, b) = site
        .post(
            &format!(
                "/api/v1/bookings/{}/pay/box-office",
                booking["id"].as_str().expect("id")
            ),
            &cashier,
            json!({"method": "CASH", "tendered": booking["total"]}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["booking"]["status"], "CONFIRMED", "{b}");
    b["data"]["booking"].clone()
}

async fn cashier(site: &Proc) -> String {
    let (_, b) = site
        .post(
            "/api/v1/auth/login",
            "",
            json!({"email": "cashier@moviehub.local", "password": "moviehub"}),
        )
        .await;
    b["data"]["access_token"]
        .as_str()
        .expect("token")
        .to_string()
}

async fn balance_becomes(site: &Proc, token: &str, want: i64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, b) = site.get("/api/v1/loyalty", token).await;
        if b["data"]["balance"] == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "balance never became {want}: {b}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn points_earned_at_one_site_are_redeemed_at_another_after_both_synced() {
    let mut pair = Pair::start(500).await;
    let b_site = pair.another_site("MovieHub Thủ Đức").await;
    let hq = pair.central.manager().await;
    let (s, b) = pair
        .central
        .post(
            "/api/v1/promotions",
            &hq,
            json!({"code": "THUONG30", "kind": "POINTS", "value": 30, "name": "Tặng 30 điểm"}),
        )
        .await;
    assert_eq!(s, 201, "{b}");

    // Site A: the member's booking with the chain's code earns 30 bonus points.
    let at_a = customer(&pair.site).await;
    let at_b = customer(&b_site).await;
    let manager = pair.site.manager().await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, list) = pair.site.get("/api/v1/promotions", &manager).await;
        if list.to_string().contains("THUONG30") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the code never reached site A: {list}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    buy(&pair.site, &at_a, json!({"promo_code": "THUONG30"})).await;
    balance_becomes(&pair.site, &at_a, 30).await;

    // Site B hears of them from head office and the member pays with 20 of them there.
    balance_becomes(&b_site, &at_b, 30).await;
    let paid = buy(&b_site, &at_b, json!({"points": 20})).await;
    assert_eq!(paid["points_redeemed"], 20, "{paid}");
    balance_becomes(&b_site, &at_b, 10).await;
    // Site A learns of the redemption at B.
    balance_becomes(&pair.site, &at_a, 10).await;
    let (_, over) = pair
        .central
        .get("/api/v1/central/loyalty/overdrawn", &hq)
        .await;
    assert_eq!(over["data"], json!([]), "{over}");

    // Head office down: each site lets the member spend the 10 points it last heard of. The
    // chain is then 10 points short; head office shows it once both sites are back.
    pair.central.kill9();
    buy(&pair.site, &at_a, json!({"points": 10})).await;
    buy(&b_site, &at_b, json!({"points": 10})).await;
    balance_becomes(&pair.site, &at_a, 0).await;
    balance_becomes(&b_site, &at_b, 0).await;
    pair.central.restart().await;
    let hq = pair.central.manager().await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let over = loop {
        let (_, over) = pair
            .central
            .get("/api/v1/central/loyalty/overdrawn", &hq)
            .await;
        if over["data"][0]["points"] == -10 {
            break over;
        }
        assert!(Instant::now() < deadline, "never reported: {over}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(over["data"][0]["email"], EMAIL, "{over}");
    assert_eq!(
        over["data"][0]["by_site"].as_array().map(Vec::len),
        Some(2),
        "{over}"
    );
    // Neither site hides it: each shows the member 10 points short.
    balance_becomes(&pair.site, &at_a, -10).await;
    balance_becomes(&b_site, &at_b, -10).await;
}
