//! Live seat holds: HTTP hold API and `/ws` with real WebSocket clients, over in-memory
//! showtime facts and the test clock.

mod http;
mod live;
mod load;

use crate::helpers::*;
use futures_util::{SinkExt, StreamExt};
use moviehub::holds::{MemoryFacts, SeatCondition, SeatFact, ShowtimeFacts};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

/// `st1` (on sale): a1..a10, couple pair k1+k2, broken b1, maintenance b2, sold c1.
/// `st2` (on sale): a1..a4. `st3`: not on sale.
pub fn facts() -> Arc<MemoryFacts> {
    let seat = |label: &str, state, couple: Option<&str>, taken| SeatFact {
        label: label.into(),
        state,
        couple_with: couple.map(String::from),
        taken,
    };
    let hall = |n: u32| {
        let mut seats = HashMap::new();
        for i in 1..=n {
            seats.insert(
                format!("a{i}"),
                seat(&format!("A{i}"), SeatCondition::Active, None, false),
            );
        }
        seats
    };
    let mut st1 = hall(10);
    st1.insert(
        "k1".into(),
        seat("K1", SeatCondition::Active, Some("k2"), false),
    );
    st1.insert(
        "k2".into(),
        seat("K2", SeatCondition::Active, Some("k1"), false),
    );
    st1.insert("b1".into(), seat("B1", SeatCondition::Broken, None, false));
    st1.insert(
        "b2".into(),
        seat("B2", SeatCondition::Maintenance, None, false),
    );
    st1.insert("c1".into(), seat("C1", SeatCondition::Active, None, true));
    let facts = MemoryFacts::new();
    for (id, on_sale, seats) in [
        ("st1", true, st1),
        ("st2", true, hall(4)),
        ("st3", false, hall(4)),
    ] {
        facts.put(ShowtimeFacts {
            showtime_id: id.into(),
            on_sale,
            window: moviehub::holds::SalesWindow::ALWAYS,
            seats,
        });
    }
    Arc::new(facts)
}

/// An app whose holds know the showtimes of [`facts`].
pub async fn holds_app() -> TestApp {
    holds_app_with(|_| {}).await
}

/// As [`holds_app`] with adjusted settings.
pub async fn holds_app_with(adjust: impl FnOnce(&mut moviehub::config::Settings)) -> TestApp {
    spawn_app_with_facts(adjust, Some(facts())).await
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A real WebSocket client that keeps every text it receives.
pub struct Client {
    ws: Socket,
    /// Every text message received, raw.
    pub received: Vec<String>,
}

impl Client {
    /// Connect to `/ws`, with `?token=` when given.
    pub async fn connect(app: &TestApp, token: Option<&str>) -> Client {
        let url = match token {
            Some(t) => format!("ws://{}/ws?token={t}", app.addr),
            None => format!("ws://{}/ws", app.addr),
        };
        let (ws, _) = tokio_tungstenite::connect_async_with_config(url, None, true)
            .await
            .expect("connect");
        Client {
            ws,
            received: Vec::new(),
        }
    }

    /// Send a JSON message.
    pub async fn send(&mut self, v: Value) {
        self.ws
            .send(Message::text(v.to_string()))
            .await
            .expect("send");
    }

    /// The next JSON message (fails the test after 5 s of silence).
    pub async fn next(&mut self) -> Value {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(5), self.ws.next())
                .await
                .expect("a message within 5 s")
                .expect("socket open")
                .expect("frame");
            if let Message::Text(t) = msg {
                self.received.push(t.to_string());
                return serde_json::from_str(&t).expect("JSON");
            }
        }
    }

    /// Read until a message of this type.
    pub async fn next_of(&mut self, ty: &str) -> Value {
        loop {
            let v = self.next().await;
            if v["type"] == ty {
                return v;
            }
        }
    }

    /// Join a showtime; returns the snapshot.
    pub async fn join(&mut self, showtime_id: &str) -> Value {
        self.send(json!({"type":"join","showtime_id":showtime_id}))
            .await;
        self.next_of("snapshot").await
    }

    /// Ask for a seat and read until the answer to this request: my `seat_held` of that
    /// seat, or a refusal (`error` / `limit_reached`) about it.
    pub async fn hold(&mut self, showtime_id: &str, seat_id: &str) -> Value {
        self.send(json!({"type":"hold_seat","showtime_id":showtime_id,"seat_id":seat_id}))
            .await;
        self.answer_about(seat_id, "seat_held").await
    }

    /// Release a seat and read until my `seat_released` of it or a refusal.
    pub async fn release(&mut self, showtime_id: &str, seat_id: &str) -> Value {
        self.send(json!({"type":"release_seat","showtime_id":showtime_id,"seat_id":seat_id}))
            .await;
        self.answer_about(seat_id, "seat_released").await
    }

    async fn answer_about(&mut self, seat_id: &str, success: &str) -> Value {
        loop {
            let v = self.next().await;
            let mine_success = v["type"] == success
                && v["mine"] == true
                && v["seat_ids"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|s| s == seat_id));
            let refusal =
                (v["type"] == "error" || v["type"] == "limit_reached") && v["seat_id"] == seat_id;
            if mine_success || refusal {
                return v;
            }
        }
    }

    /// Close cleanly and wait until the server has seen the close.
    pub async fn close(mut self) -> Vec<String> {
        let _ = self.ws.close(None).await;
        while let Ok(Some(Ok(msg))) =
            tokio::time::timeout(Duration::from_secs(5), self.ws.next()).await
        {
            if let Message::Text(t) = msg {
                self.received.push(t.to_string());
            }
        }
        self.received
    }

    /// No message received so far mentions any of these user ids.
    pub fn assert_no_ids(&self, ids: &[&str]) {
        for text in &self.received {
            for id in ids {
                assert!(!text.contains(id), "user id {id} leaked in {text}");
            }
        }
    }
}

/// A customer's (user id, token).
pub async fn customer(app: &TestApp) -> (String, String) {
    app.user_with_role("customer").await
}
