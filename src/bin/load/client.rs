//! Talking to a running server: accounts, the showtime and its seats over HTTP, and a
//! WebSocket client that matches each request to its own reply.

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

/// A failure worth stopping the run for, said plainly.
pub type Fail = String;

/// The server's public API.
#[derive(Clone)]
pub struct Api {
    base: String,
    http: reqwest::Client,
}

impl Api {
    /// Client for `base` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base: &str) -> Api {
        Api {
            base: base.trim_end_matches('/').to_string(),
            // Redirects are the server's answer (the VNPay sandbox's 303), not to be followed.
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default(),
        }
    }

    async fn call(&self, req: reqwest::RequestBuilder, what: &str) -> Result<(u16, Value), Fail> {
        let res = req
            .send()
            .await
            .map_err(|e| format!("{what}: cannot reach {}: {e}", self.base))?;
        let status = res.status().as_u16();
        let body = res.json::<Value>().await.unwrap_or(Value::Null);
        Ok((status, body))
    }

    /// Register (if new) and log in a load-test customer; returns its access token.
    pub async fn user(&self, run: &str, n: usize) -> Result<String, Fail> {
        let email = format!("load-{run}-{n}@load.moviehub.local");
        let password = "load-test-password";
        let body = json!({"email": email, "password": password, "full_name": format!("Load {n}")});
        let req = self
            .http
            .post(format!("{}/api/v1/auth/register", self.base));
        let (status, b) = self.call(req.json(&body), "register").await?;
        if status != 201 && status != 409 {
            return Err(format!("register {email}: HTTP {status}: {}", b["message"]));
        }
        self.login(&email, password).await
    }

    /// Log in; returns the access token.
    pub async fn login(&self, email: &str, password: &str) -> Result<String, Fail> {
        let req = self.http.post(format!("{}/api/v1/auth/login", self.base));
        let login = json!({"email": email, "password": password});
        let (status, b) = self.call(req.json(&login), "login").await?;
        if status == 429 {
            return Err(format!(
                "login refused by the rate limit ({}); for large runs raise \
                 MOVIEHUB_AUTH__LOGIN_MAX_ATTEMPTS_PER_IP on the server",
                b["message"]
            ));
        }
        b["data"]["access_token"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| format!("login {email}: HTTP {status}: {}", b["message"]))
    }

    /// `GET path`, signed in when a token is given; (status, body).
    pub async fn get(&self, token: Option<&str>, path: &str) -> Result<(u16, Value), Fail> {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.call(req, path).await
    }

    /// `POST path` as an HTML form (the VNPay sandbox's page); the status only (it redirects).
    pub async fn post_form(&self, path: &str, form: &[(String, String)]) -> Result<u16, Fail> {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .map_err(|e| format!("{path}: cannot reach {}: {e}", self.base))?;
        Ok(res.status().as_u16())
    }

    /// `POST path` with a bearer token and JSON body; (status, body).
    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Result<(u16, Value), Fail> {
        let req = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(body);
        self.call(req, path).await
    }

    /// Make sure the cashier has an open till (box-office sales need one) at the showtime's
    /// cinema: opens one with a zero float unless one is already open.
    pub async fn ensure_till(&self, token: &str, showtime: &str) -> Result<(), Fail> {
        let req = self
            .http
            .get(format!("{}/api/v1/showtimes/{showtime}", self.base));
        let (status, b) = self.call(req, "read showtime").await?;
        let cinema = b["data"]["cinema_id"]
            .as_str()
            .ok_or_else(|| format!("showtime {showtime}: HTTP {status}: {}", b["message"]))?;
        // A till still open at another cinema (an earlier run on another showtime) is closed
        // first: box-office sales are taken in a till at the booking's cinema.
        let (status, open) = self.get(Some(token), "/api/v1/tills/current").await?;
        if status == 200 {
            if open["data"]["cinema_id"].as_str() == Some(cinema) {
                return Ok(());
            }
            let close = json!({"counted_cash": 0});
            let (status, b) = self
                .post(token, "/api/v1/tills/current/close", &close)
                .await?;
            if status != 200 {
                return Err(format!(
                    "close the till at another cinema: HTTP {status}: {}",
                    b["message"]
                ));
            }
        }
        let body = json!({"opening_float": 0, "cinema_id": cinema});
        match self.post(token, "/api/v1/tills", &body).await? {
            (201, _) => Ok(()),
            (status, b) => Err(format!("open till: HTTP {status}: {}", b["message"])),
        }
    }

    /// `--showtime` if given, else the SELLING showtime with the most available seats among
    /// the first hundred the server lists.
    pub async fn showtime(&self, given: Option<&str>) -> Result<String, Fail> {
        if let Some(id) = given {
            return Ok(id.to_string());
        }
        let req = self
            .http
            .get(format!("{}/api/v1/showtimes?limit=100", self.base));
        let (status, b) = self.call(req, "list showtimes").await?;
        if status != 200 {
            return Err(format!(
                "no showtime given and GET /api/v1/showtimes answered HTTP {status}; \
                 pass --showtime ID"
            ));
        }
        let items = b["data"]["items"].as_array().or(b["data"].as_array());
        items
            .into_iter()
            .flatten()
            .filter(|s| {
                s["status"]
                    .as_str()
                    .is_some_and(|st| st.eq_ignore_ascii_case("selling"))
            })
            .max_by_key(|s| s["available_seats"].as_u64().unwrap_or(0))
            .and_then(|s| s["id"].as_str().map(String::from))
            .ok_or_else(|| "no SELLING showtime found; pass --showtime ID".to_string())
    }

    /// `--seat-ids` if given, else the available seats of the showtime's seat map.
    /// The free seats of a showtime as runs of side-by-side seats of one row (aisles and row
    /// ends split them). Booked left to right, a run never leaves the lone empty seat that
    /// the server's single-seat rule refuses. Given seat ids are one run.
    pub async fn seats(&self, showtime: &str, given: &[String]) -> Result<Vec<Vec<String>>, Fail> {
        if !given.is_empty() {
            return Ok(vec![given.to_vec()]);
        }
        let url = format!("{}/api/v1/showtimes/{showtime}/seats", self.base);
        let (status, b) = self.call(self.http.get(url), "seat map").await?;
        if status != 200 {
            return Err(format!(
                "GET /api/v1/showtimes/{showtime}/seats answered HTTP {status} ({}); \
                 pass --seat-ids A,B,...",
                b["message"]
            ));
        }
        // The seat map lists seats by row (`rows[].seats[]`); flat lists are accepted too.
        let by_row = b["data"]["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["seats"].as_array())
            .flatten();
        let flat = b["data"]["seats"]
            .as_array()
            .or(b["data"].as_array())
            .into_iter()
            .flatten();
        // Couple seats are skipped: one click holds a pair, which would blur per-seat figures.
        let places: Vec<Place> = by_row
            .chain(flat)
            .filter_map(|s| {
                let status = s["status"].as_str().unwrap_or("available");
                Some(Place {
                    id: s["seat_id"].as_str().or(s["id"].as_str())?.to_string(),
                    row: s["row"].as_str().unwrap_or_default().to_string(),
                    column: s["column"].as_i64().unwrap_or(-2),
                    free: s["couple_with"].is_null() && status.eq_ignore_ascii_case("available"),
                    taken: ["held", "pending", "sold"]
                        .iter()
                        .any(|t| status.eq_ignore_ascii_case(t)),
                })
            })
            .collect();
        let runs = runs_of(&places);
        if runs.is_empty() {
            return Err(format!("showtime {showtime} has no available seats"));
        }
        Ok(runs)
    }

    /// The WebSocket URL for a token (or anonymous).
    pub fn ws_url(&self, token: Option<&str>) -> String {
        let ws = self
            .base
            .replacen("https://", "wss://", 1)
            .replacen("http://", "ws://", 1);
        match token {
            Some(t) => format!("{ws}/ws?token={t}"),
            None => format!("{ws}/ws"),
        }
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// One WebSocket connection.
pub struct Ws {
    socket: Socket,
}

/// How a hold or release request ended.
#[derive(Debug, Clone)]
pub enum Reply {
    /// My `seat_held` / `seat_released` with its seq.
    Done(u64),
    /// `error` or `limit_reached`: the code.
    Refused(String),
}

impl Ws {
    /// Connect.
    pub async fn connect(url: &str) -> Result<Ws, Fail> {
        let (socket, _) = tokio_tungstenite::connect_async(url)
            .await
            .map_err(|e| format!("WebSocket {}: {e}", url.split('?').next().unwrap_or(url)))?;
        Ok(Ws { socket })
    }

    /// Send a JSON message.
    pub async fn send(&mut self, v: &Value) -> Result<(), Fail> {
        self.socket
            .send(Message::text(v.to_string()))
            .await
            .map_err(|e| format!("WebSocket send: {e}"))
    }

    /// The next JSON message (30 s of silence is a failure).
    pub async fn next(&mut self) -> Result<Value, Fail> {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(30), self.socket.next())
                .await
                .map_err(|_| "no message from the server for 30 s".to_string())?
                .ok_or("the server closed the WebSocket")?
                .map_err(|e| format!("WebSocket: {e}"))?;
            if let Message::Text(t) = msg {
                return serde_json::from_str(&t).map_err(|e| format!("bad JSON from server: {e}"));
            }
        }
    }

    /// Join a showtime; returns the snapshot.
    pub async fn join(&mut self, showtime: &str) -> Result<Value, Fail> {
        self.send(&json!({"type":"join","showtime_id":showtime}))
            .await?;
        loop {
            let v = self.next().await?;
            match v["type"].as_str() {
                Some("snapshot") => return Ok(v),
                Some("error") => return Err(format!("join {showtime}: {}", v["message"])),
                _ => {}
            }
        }
    }

    /// Hold (`hold = true`) or release a seat and wait for my own answer.
    pub async fn act(&mut self, showtime: &str, seat: &str, hold: bool) -> Result<Reply, Fail> {
        let (ty, done) = if hold {
            ("hold_seat", "seat_held")
        } else {
            ("release_seat", "seat_released")
        };
        self.send(&json!({"type": ty, "showtime_id": showtime, "seat_id": seat}))
            .await?;
        loop {
            let v = self.next().await?;
            let about_seat = v["seat_ids"]
                .as_array()
                .is_some_and(|a| a.iter().any(|s| s == seat));
            if v["type"] == done && v["mine"] == true && about_seat {
                return Ok(Reply::Done(v["seq"].as_u64().unwrap_or(0)));
            }
            if v["seat_id"] == seat {
                match v["type"].as_str() {
                    Some("limit_reached") => return Ok(Reply::Refused("limit_reached".into())),
                    Some("error") => {
                        return Ok(Reply::Refused(v["code"].as_str().unwrap_or("error").into()))
                    }
                    _ => {}
                }
            }
            if v["type"] == "resync" {
                self.join(showtime).await?;
            }
        }
    }
}

/// A seat of the seat map as the load generator sees it.
#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub row: String,
    /// Grid column (aisles leave gaps); -2 when the seat map does not say.
    pub column: i64,
    /// Available, and not half of a couple pair (one click holds a pair).
    pub free: bool,
    /// Held, pending or sold by someone.
    pub taken: bool,
}

/// Free seats in runs of side-by-side seats of one row, each in an order that books without
/// ever leaving one empty seat between two taken ones: away from a taken neighbour. A run
/// with taken seats at both ends can only be sold whole, so runs of two or more of those
/// are left out.
pub fn runs_of(places: &[Place]) -> Vec<Vec<String>> {
    let beside = |a: &Place, b: &Place| a.row == b.row && a.column >= 0 && a.column + 1 == b.column;
    let mut out = Vec::new();
    let mut i = 0;
    while i < places.len() {
        if !places[i].free {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < places.len() && places[j + 1].free && beside(&places[j], &places[j + 1]) {
            j += 1;
        }
        let left = i > 0 && places[i - 1].taken && beside(&places[i - 1], &places[i]);
        let right =
            j + 1 < places.len() && places[j + 1].taken && beside(&places[j], &places[j + 1]);
        let mut run: Vec<String> = places[i..=j].iter().map(|p| p.id.clone()).collect();
        match (left, right) {
            (true, true) if run.len() > 1 => run.clear(),
            (false, true) => run.reverse(),
            _ => {}
        }
        if !run.is_empty() {
            out.push(run);
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(spec: &str) -> Vec<Place> {
        // '.' free, 'x' taken, '#' broken, ' ' an aisle (no seat, a column skipped).
        let mut out = Vec::new();
        for (col, c) in spec.chars().enumerate() {
            if c == ' ' {
                continue;
            }
            out.push(Place {
                id: format!("{col}"),
                row: "A".into(),
                column: col as i64,
                free: c == '.',
                taken: c == 'x',
            });
        }
        out
    }

    #[test]
    fn runs_book_away_from_taken_seats_and_skip_sandwiches() {
        let runs = runs_of(&row("...x.. ..x#..x.x."));
        assert_eq!(
            runs,
            vec![
                vec!["2".to_string(), "1".into(), "0".into()],
                vec!["4".into(), "5".into()],
                vec!["8".into(), "7".into()],
                // A broken seat is not taken: the run books away from 13 only.
                vec!["12".into(), "11".into()],
                // One seat between two taken ones fills the gap: allowed.
                vec!["14".into()],
                vec!["16".into()],
            ]
        );
    }
}
