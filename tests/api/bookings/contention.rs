//! Contention at scale: thousands of clients race for the last six seats of one showtime
//! through holds, bookings, cancellations and payments (cash and VNPay) at once. Ten clients
//! share each account, so the hold layer ("free or mine") may let two of them through together;
//! the ledger's own uniqueness rule must then refuse the second sale ("refused by the ledger").
//!
//! `CONTENTION_CLIENTS` sets the number of clients (default 2,000). Connections: one shared
//! client; hold attempts in flight are bounded by a semaphore sized from this process's
//! open-files limit (the server runs in the same process), while the few clients holding
//! seats book, pay, cancel and release without queueing behind them.

use super::*;
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{Barrier, Semaphore};

const ACCOUNTS: usize = 200;
/// Bookings cancelled (the first made), so the last seats go round again.
const CANCELS: usize = 6;
/// Far beyond what the race takes even on a loaded box (seconds to a minute or two).
const RACE_LIMIT: std::time::Duration = std::time::Duration::from_secs(600);
const LAST: [&str; 6] = ["A3", "A8", "B1", "B5", "C6", "C10"];

/// Requests in flight at most: this process holds both ends of each connection.
fn in_flight_limit() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            l.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(1024usize);
    (soft.saturating_sub(300) / 3).clamp(16, 256)
}

/// A 30-seat hall (rows A–C × 10, all STANDARD at 90k) with a showtime at 20:00 today.
async fn thirty_seat_show(app: &TestApp) -> Show {
    let manager = app.token("manager").await;
    let cinema = app
        .create_cinema(
            &manager,
            json!({"name": "Rạp Đông", "address": "2 Lê Lợi", "city": "Ho Chi Minh City",
                "district": "District 1", "latitude": 10.77, "longitude": 106.70}),
        )
        .await;
    let hall = app
        .create_hall(
            &manager,
            &cinema,
            json!({"name": "Hall 9", "hall_type": "STANDARD",
                "layout": {"rows": ["A", "B", "C"], "seats_per_row": 10}}),
        )
        .await;
    let hall = hall["id"].as_str().expect("hall id").to_string();
    let prices: Vec<Value> = ["WEEKDAY", "WEEKEND", "HOLIDAY"]
        .iter()
        .map(|d| json!({"seat_type": "STANDARD", "day_type": d, "price": 90000}))
        .collect();
    let (s, b) = app
        .put(
            &format!("/api/v1/halls/{hall}/prices"),
            Some(&manager),
            json!({ "prices": prices }),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let movie = app.create_movie("Mai", 120).await;
    let (s, b) = app
        .post(
            "/api/v1/showtimes/batch",
            Some(&manager),
            json!({"movie_id": movie, "hall_id": hall, "format": "2D", "language": "vi",
                "subtitles": [], "start_times": ["2026-11-24T20:00:00+07:00"]}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let id = b["data"][0]["id"].as_str().expect("id").to_string();
    let facts = app.state.cinemas.showtime_facts(&id).await.expect("facts");
    let seats = facts
        .seats
        .iter()
        .map(|s| (s.label.clone(), s.id.clone()))
        .collect();
    Show { id, seats, manager }
}

/// What the racing clients saw.
#[derive(Default)]
struct Tally {
    requests: AtomicUsize,
    held: AtomicUsize,
    hold_refused: AtomicUsize,
    booked: AtomicUsize,
    book_refused: AtomicUsize,
    cancelled: AtomicUsize,
    /// Refusals by "step status code".
    refusals: Mutex<BTreeMap<String, usize>>,
    /// Bookings the server answered CONFIRMED: id → seat ids.
    confirmed: Mutex<Vec<(String, Vec<String>)>>,
}

struct Race {
    base: String,
    http: reqwest::Client,
    gate: Semaphore,
    show: String,
    seats: Vec<String>,
    cashier: String,
    cancels_left: AtomicUsize,
    /// Seats answered CONFIRMED so far: the race is over at six.
    sold: AtomicUsize,
    tally: Tally,
}

impl Race {
    /// A request of a client holding seats: not queued behind the thousands still trying
    /// to hold (a handful at a time, so the connection bound stays `gate` plus a few).
    async fn call(&self, req: reqwest::RequestBuilder) -> (u16, Value) {
        self.tally.requests.fetch_add(1, Ordering::Relaxed);
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    fn refused(&self, what: &str, status: u16, body: &Value) {
        let code = body["message"]
            .as_str()
            .and_then(|m| m.split_once(':'))
            .map(|(c, _)| c.to_string())
            .unwrap_or_default();
        let key = format!("{what} {status} {code}");
        *self
            .tally
            .refusals
            .lock()
            .expect("lock")
            .entry(key)
            .or_default() += 1;
    }

    /// Give back seats held in a round that came to nothing (holds outlive it otherwise).
    async fn release(&self, token: &str, seats: &[String]) {
        for seat in seats {
            let path = format!("/api/v1/showtimes/{}/holds/{seat}", self.show);
            let req = self
                .http
                .delete(format!("{}{path}", self.base))
                .bearer_auth(token);
            self.call(req).await;
        }
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let req = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body);
        self.call(req).await
    }

    /// One client, round after round until the six seats are sold: hold one or two of the
    /// last seats → book → cancel (the first `CANCELS` bookings made, so the seats go round
    /// again) or pay (cash or VNPay by the client's parity). A race that does not end within
    /// `RACE_LIMIT` has lost a seat (stuck in a hold or a pending sale): that fails.
    async fn client(self: Arc<Self>, i: usize, token: String, start: Arc<Barrier>) {
        start.wait().await;
        let deadline = std::time::Instant::now() + RACE_LIMIT;
        for round in 0.. {
            if self.sold.load(Ordering::Relaxed) >= LAST.len() {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the last seats were never all sold"
            );
            if round > 0 {
                let pause = rand::thread_rng().gen_range(100..400);
                tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
            }
            let want: Vec<String> = {
                let mut rng = rand::thread_rng();
                let n = rng.gen_range(1..=2);
                self.seats.choose_multiple(&mut rng, n).cloned().collect()
            };
            let mut held = Vec::new();
            for seat in &want {
                let path = format!("/api/v1/showtimes/{}/holds", self.show);
                let req = self
                    .http
                    .post(format!("{}{path}", self.base))
                    .bearer_auth(&token)
                    .json(&json!({"seat_id": seat}));
                let (s, b) = {
                    let _permit = self.gate.acquire().await.expect("gate");
                    self.call(req).await
                };
                match s {
                    200 => held.push(seat.clone()),
                    409 | 422 => self.refused("hold", s, &b),
                    _ => panic!("hold {seat}: HTTP {s}: {b}"),
                }
            }
            if held.len() < want.len() {
                self.tally.hold_refused.fetch_add(1, Ordering::Relaxed);
                self.release(&token, &held).await;
                continue;
            }
            self.tally.held.fetch_add(1, Ordering::Relaxed);
            let key = format!("race-{i}-{round}");
            let body = json!({"showtime_id": self.show, "seat_ids": held, "idempotency_key": key});
            let (s, b) = self.post(&token, "/api/v1/bookings", body).await;
            if s == 409 || s == 422 {
                // Another client of the same account booked a seat first: the ledger said no.
                self.refused("book", s, &b);
                self.tally.book_refused.fetch_add(1, Ordering::Relaxed);
                self.release(&token, &held).await;
                continue;
            }
            assert_eq!(s, 201, "book {held:?}: {b}");
            self.tally.booked.fetch_add(1, Ordering::Relaxed);
            let id = b["data"]["id"].as_str().expect("id").to_string();
            let total = b["data"]["total"].as_i64().expect("total");
            if self.pay(i, &token, &id, total).await {
                self.sold.fetch_add(held.len(), Ordering::Relaxed);
                let mut seats = held;
                seats.sort();
                self.tally.confirmed.lock().expect("lock").push((id, seats));
                return;
            }
        }
    }

    /// Cancel, or pay the `i % 2`-th way (cash, VNPay sandbox); whether it was confirmed.
    async fn pay(&self, i: usize, token: &str, id: &str, total: i64) -> bool {
        let cancel = self
            .cancels_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_ok();
        match if cancel { 2 } else { i % 2 } {
            0 => {
                let path = format!("/api/v1/bookings/{id}/pay/box-office");
                let body = json!({"method": "CASH", "tendered": total});
                let (s, b) = self.post(&self.cashier, &path, body).await;
                assert_eq!(s, 200, "cash {id}: {b}");
                assert_eq!(b["data"]["booking"]["status"], "CONFIRMED", "{b}");
                true
            }
            1 => {
                let path = format!("/api/v1/bookings/{id}/payments/vnpay");
                let (s, b) = self.post(token, &path, json!({})).await;
                assert_eq!(s, 201, "vnpay {id}: {b}");
                let url = b["data"]["payment_url"].as_str().expect("payment_url");
                let url = reqwest::Url::parse(url).expect("url");
                let mut form: Vec<(String, String)> = url
                    .query_pairs()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                form.push(("sandbox_action".into(), "pay".into()));
                let req = self
                    .http
                    .post(format!("{}{}", self.base, url.path()))
                    .form(&form);
                let (s, _) = self.call(req).await;
                assert_eq!(s, 303, "sandbox {id}");
                let req = self
                    .http
                    .get(format!("{}/api/v1/bookings/{id}", self.base))
                    .bearer_auth(token);
                let (s, b) = self.call(req).await;
                assert_eq!(s, 200, "{b}");
                b["data"]["status"] == "CONFIRMED"
            }
            _ => {
                let path = format!("/api/v1/bookings/{id}/cancel");
                let (s, b) = self.post(token, &path, json!({})).await;
                assert_eq!(s, 200, "cancel {id}: {b}");
                self.tally.cancelled.fetch_add(1, Ordering::Relaxed);
                false
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_clients_race_for_the_last_six_seats() {
    let clients: usize = std::env::var("CONTENTION_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    // The last seats are scattered singles; the single-seat-gap rule is not what is tested.
    let app = spawn_app_with(|s| s.bookings.no_single_seat_gap = false).await;
    let show = thirty_seat_show(&app).await;
    let (_, cashier) = app.user_with_role("cashier").await;
    app.open_till(&cashier, 0).await;
    // Sell everything but the last six seats, eight seats per buyer (the hold limit).
    let rest: Vec<String> = show
        .seats
        .keys()
        .filter(|l| !LAST.contains(&l.as_str()))
        .map(|l| show.seat(l))
        .collect();
    assert_eq!(rest.len(), 24);
    for part in rest.chunks(8) {
        let buyer = app.token("customer").await;
        let b = hold_and_book(&app, &buyer, &show.id, part).await;
        pay_cash(&app, &cashier, b["id"].as_str().expect("id"), 720_000).await;
    }
    // Two at a time: password hashing is the cost, and there are two cores.
    let mut tokens = Vec::with_capacity(ACCOUNTS);
    while tokens.len() < ACCOUNTS {
        let (a, b) = tokio::join!(app.token("customer"), app.token("customer"));
        tokens.extend([a, b]);
    }
    let limit = in_flight_limit();
    let race_start = std::time::Instant::now();
    let race = Arc::new(Race {
        base: app.base.clone(),
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(limit)
            .build()
            .expect("client"),
        gate: Semaphore::new(limit),
        show: show.id.clone(),
        seats: LAST.iter().map(|l| show.seat(l)).collect(),
        cashier,
        cancels_left: AtomicUsize::new(CANCELS),
        sold: AtomicUsize::new(0),
        tally: Tally::default(),
    });
    let start = Arc::new(Barrier::new(clients));
    let tasks: Vec<_> = (0..clients)
        .map(|i| {
            let token = tokens[i % ACCOUNTS].clone();
            tokio::spawn(race.clone().client(i, token, start.clone()))
        })
        .collect();
    for t in tasks {
        t.await.expect("client");
    }
    let race_secs = race_start.elapsed().as_secs_f64();
    let t = &race.tally;
    let confirmed = t.confirmed.lock().expect("lock").clone();
    println!(
        "contention: {clients} clients ({ACCOUNTS} accounts, {limit} requests in flight at most), \
         {} requests, {} holds won, {} refused, {} bookings, {} refused by the ledger, \
         {} cancelled, {} confirmed in {race_secs:.1} s",
        t.requests.load(Ordering::Relaxed),
        t.held.load(Ordering::Relaxed),
        t.hold_refused.load(Ordering::Relaxed),
        t.booked.load(Ordering::Relaxed),
        t.book_refused.load(Ordering::Relaxed),
        t.cancelled.load(Ordering::Relaxed),
        confirmed.len()
    );
    println!(
        "contention: refusals {:?}",
        t.refusals.lock().expect("lock")
    );
    let won_seats: usize = confirmed.iter().map(|(_, s)| s.len()).sum();
    assert_eq!(
        won_seats,
        LAST.len(),
        "the race ends with the six seats paid: none lost in a hold or a pending sale"
    );
    assert_eq!(
        t.cancelled.load(Ordering::Relaxed),
        CANCELS,
        "the seats went round"
    );
    assert!(
        t.hold_refused.load(Ordering::Relaxed) > 0,
        "there was no race"
    );

    // No seat was answered CONFIRMED to two clients.
    let mut won = HashSet::new();
    for (id, seats) in &confirmed {
        for s in seats {
            assert!(won.insert(s.clone()), "{s} confirmed twice (again in {id})");
        }
    }
    // The ledger: at most one valid booking per seat, never more sold than the hall holds,
    // one valid ticket per seat of a paid booking, and every answered CONFIRMED is so.
    let db = rusqlite::Connection::open(app.state.settings.storage.data_dir.join("bookings.db"))
        .expect("bookings.db");
    let mut stmt = db
        .prepare(
            "SELECT s.seat_id, b.id, b.status, \
             (SELECT COUNT(*) FROM tickets t WHERE t.booking_id = b.id AND t.seat_id = s.seat_id \
              AND t.status = 'VALID') \
             FROM booking_seats s JOIN bookings b ON b.id = s.booking_id \
             WHERE s.showtime_id = ?1 AND b.status IN ('PENDING','CONFIRMED','COMPLETED')",
        )
        .expect("prepare");
    let rows: Vec<(String, String, String, i64)> = stmt
        .query_map([&show.id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut sold: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (seat, id, status, tickets) in rows {
        let paid = status != "PENDING";
        assert_eq!(tickets, i64::from(paid), "{seat} of {id} ({status})");
        if let Some(other) = sold.insert(seat.clone(), (id.clone(), status)) {
            panic!("{seat} is in two valid bookings: {id} and {other:?}");
        }
    }
    assert!(sold.len() <= 30, "sold {} seats of 30", sold.len());
    for (id, seats) in &confirmed {
        for s in seats {
            assert_eq!(
                sold.get(s),
                Some(&(id.clone(), "CONFIRMED".to_string())),
                "{s}"
            );
        }
    }
    let tickets: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM tickets WHERE showtime_id = ?1 AND status = 'VALID'",
            [&show.id],
            |r| r.get(0),
        )
        .expect("tickets");
    let paid = sold.values().filter(|(_, st)| st != "PENDING").count();
    assert_eq!(tickets, paid as i64, "one ticket per paid seat, no more");
    // The showtime's count agrees with the ledger.
    let (avail, _) = available(&app, &show.id).await;
    assert_eq!(avail, 30 - sold.len() as i64);
    println!(
        "contention: {} of the 6 last seats sold or pending ({} paid), 30 capacity, {tickets} valid tickets",
        sold.len() - 24,
        paid - 24
    );
    app.stop().await;
}
