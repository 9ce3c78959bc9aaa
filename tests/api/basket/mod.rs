//! The rest of the basket through the API: concessions and their stock, promotion codes and
//! their uses, loyalty points; the quote, the booking and the payment agree on the total.

mod flow;

use crate::bookings::{hold, show, Show};
use crate::helpers::*;
use serde_json::{json, Value};
use std::collections::HashMap;

/// A site with a small menu (popcorn 55k ×`popcorn` in stock, coke 35k ×50, a combo of one of
/// each at 79k) on top of the bookings' 8-seat show.
pub struct Site {
    pub show: Show,
    pub manager: String,
    /// Item name → id.
    pub items: HashMap<String, String>,
}

impl Site {
    pub fn item(&self, name: &str) -> String {
        self.items.get(name).expect("item").clone()
    }
}

pub async fn site(app: &TestApp, popcorn: i64) -> Site {
    let show = show(app).await;
    let manager = show.manager.clone();
    let mut items = HashMap::new();
    for (name, kind, price, stock) in [
        ("popcorn", "FOOD", 55_000, popcorn),
        ("coke", "DRINK", 35_000, 50),
    ] {
        let (s, b) = app
            .post(
                "/api/v1/concessions",
                Some(&manager),
                json!({"kind": kind, "name": name, "price": price, "stock": stock}),
            )
            .await;
        assert_eq!(s, 201, "{b}");
        items.insert(
            name.to_string(),
            b["data"]["id"].as_str().expect("id").to_string(),
        );
    }
    let (s, b) = app
        .post(
            "/api/v1/concessions",
            Some(&manager),
            json!({"kind": "COMBO", "name": "combo", "price": 79_000,
                   "parts": [{"item_id": items["popcorn"], "qty": 1}, {"item_id": items["coke"], "qty": 1}]}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    items.insert(
        "combo".into(),
        b["data"]["id"].as_str().expect("id").to_string(),
    );
    Site {
        show,
        manager,
        items,
    }
}

/// Create a promotion as the manager; returns its JSON.
pub async fn promotion(app: &TestApp, manager: &str, body: Value) -> Value {
    let (s, b) = app.post("/api/v1/promotions", Some(manager), body).await;
    assert_eq!(s, 201, "{b}");
    b["data"].clone()
}

/// Hold `labels` and book them with `extras` merged into the body.
pub async fn book_with(
    app: &TestApp,
    token: &str,
    site: &Site,
    labels: &[&str],
    extras: Value,
) -> (reqwest::StatusCode, Value) {
    let seats: Vec<String> = labels.iter().map(|l| site.show.seat(l)).collect();
    hold(app, token, &site.show.id, &seats).await;
    let mut body = json!({"showtime_id": site.show.id, "seat_ids": seats,
        "idempotency_key": uuid::Uuid::new_v4().to_string()});
    if let (Some(b), Some(x)) = (body.as_object_mut(), extras.as_object()) {
        b.extend(x.clone());
    }
    app.post("/api/v1/bookings", Some(token), body).await
}
