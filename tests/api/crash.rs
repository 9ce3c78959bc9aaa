//! The crash loop: customers hold, book and pay (cash at the box office, VNPay through the
//! demo's sandbox, VNPay by a signed IPN) against a real `serve --demo` process that is
//! `kill -9`ed at random moments and restarted. Whatever the server answered as CONFIRMED (or
//! as a successful payment) must be there afterwards with its tickets; no seat may be in two
//! valid bookings; `moviehub check` passes; the outbox has no gap.
//!
//! `CRASH_SEED` replays a run (the seed is printed), `CRASH_RESTARTS` sets the number of
//! crashes (default 6).

use crate::sync::procs::Proc;
use moviehub::payments::vnpay::{signed_query, vnp_date};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CUSTOMERS: usize = 8;

/// What the workers share: where the server is, and what it has answered.
struct Shared {
    base: String,
    http: reqwest::Client,
    cashier: String,
    vnpay_secret: String,
    stop: AtomicBool,
    tried: AtomicUsize,
    interrupted: AtomicUsize,
    /// Bookings the server answered CONFIRMED (or paid): id → seat ids.
    confirmed: Mutex<BTreeMap<String, Vec<String>>>,
    /// How each recorded booking was paid.
    by_method: Mutex<BTreeMap<&'static str, usize>>,
}

fn env_or<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Shared {
    /// One request; `None` when the server did not answer (killed, restarting).
    async fn send(&self, req: reqwest::RequestBuilder) -> Option<(u16, Value)> {
        self.tried.fetch_add(1, Ordering::Relaxed);
        match req.send().await {
            Ok(r) => {
                let status = r.status().as_u16();
                match r.bytes().await {
                    Ok(body) => {
                        Some((status, serde_json::from_slice(&body).unwrap_or(Value::Null)))
                    }
                    Err(_) => None,
                }
            }
            Err(_) => None,
        }
    }

    /// Wait until the server answers its health check again.
    async fn wait_up(&self) {
        self.interrupted.fetch_add(1, Ordering::Relaxed);
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let health = self.http.get(format!("{}/api/health", self.base)).send();
            if let Ok(r) = health.await {
                if r.status().is_success() {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "the server never came back");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Send a request until the server answers it (each retry after it is back). Every call
    /// made through here is safe to repeat: holds are "free or mine", bookings carry an
    /// idempotency key, box-office sales and IPNs answer a repeat with the first result.
    async fn until_answered(
        &self,
        make: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> (u16, Value) {
        for _ in 0..20 {
            if let Some(answer) = self.send(make(&self.http)).await {
                return answer;
            }
            self.wait_up().await;
        }
        panic!("a request went unanswered across 20 restarts");
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        self.until_answered(|c| c.post(&url).bearer_auth(token).json(&body))
            .await
    }

    fn record(&self, id: &str, seat: &str, how: &'static str) {
        self.confirmed
            .lock()
            .expect("lock")
            .insert(id.to_string(), vec![seat.to_string()]);
        *self.by_method.lock().expect("lock").entry(how).or_default() += 1;
    }

    /// Pay booking `id` (`total` VND) the `n`-th way; whether the server answered it paid.
    async fn pay(&self, n: usize, customer: &str, id: &str, total: i64) -> Option<&'static str> {
        if n.is_multiple_of(3) {
            let (s, b) = self
                .post(
                    &self.cashier,
                    &format!("/api/v1/bookings/{id}/pay/box-office"),
                    json!({"method": "CASH", "tendered": total}),
                )
                .await;
            return (s == 200 && b["data"]["booking"]["status"] == "CONFIRMED").then_some("cash");
        }
        let (s, b) = self
            .post(
                customer,
                &format!("/api/v1/bookings/{id}/payments/vnpay"),
                json!({}),
            )
            .await;
        let url = b["data"]["payment_url"].as_str()?;
        assert!(s == 200 || s == 201, "{b}");
        let url = reqwest::Url::parse(url).expect("payment_url");
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if n % 3 == 1 {
            // The customer pays on the sandbox's page; it sends the IPN, then redirects.
            let mut form = pairs;
            form.push(("sandbox_action".into(), "pay".into()));
            let page = format!("{}{}", self.base, url.path());
            let (s, _) = self.until_answered(|c| c.post(&page).form(&form)).await;
            if s != 303 {
                return None;
            }
            let path = format!("{}/api/v1/bookings/{id}", self.base);
            let (s, b) = self
                .until_answered(|c| c.get(&path).bearer_auth(customer))
                .await;
            return (s == 200 && b["data"]["status"] == "CONFIRMED").then_some("vnpay_sandbox");
        }
        // VNPay's own IPN, signed with the demo's secret.
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let txn_no = rand::thread_rng().gen_range(10_000_000..100_000_000u32);
        let fields = [
            ("vnp_Amount", get("vnp_Amount")),
            ("vnp_BankCode", "NCB".to_string()),
            ("vnp_BankTranNo", format!("VNP{txn_no}")),
            ("vnp_CardType", "ATM".to_string()),
            ("vnp_OrderInfo", get("vnp_OrderInfo")),
            ("vnp_PayDate", vnp_date(chrono::Utc::now())),
            ("vnp_ResponseCode", "00".to_string()),
            ("vnp_TmnCode", get("vnp_TmnCode")),
            ("vnp_TransactionNo", txn_no.to_string()),
            ("vnp_TransactionStatus", "00".to_string()),
            ("vnp_TxnRef", get("vnp_TxnRef")),
        ];
        let ipn = format!(
            "{}/api/v1/payments/vnpay/ipn?{}",
            self.base,
            signed_query(&fields, &self.vnpay_secret)
        );
        let (s, b) = self.until_answered(|c| c.get(&ipn)).await;
        // 00: confirmed now; 02: confirmed by the first delivery whose answer was lost.
        (s == 200 && (b["RspCode"] == "00" || b["RspCode"] == "02")).then_some("vnpay_ipn")
    }

    /// One customer: hold, book and pay each of its seats in turn, until told to stop.
    async fn customer(self: Arc<Self>, token: String, seats: Vec<(String, String)>, first: usize) {
        for (n, (showtime, seat)) in seats.into_iter().enumerate() {
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            let (s, _) = self
                .post(
                    &token,
                    &format!("/api/v1/showtimes/{showtime}/holds"),
                    json!({"seat_id": seat}),
                )
                .await;
            if s != 200 {
                continue;
            }
            let key = uuid::Uuid::now_v7().to_string();
            let body = json!({"showtime_id": showtime, "seat_ids": [seat], "idempotency_key": key});
            let (s, b) = self.post(&token, "/api/v1/bookings", body).await;
            if s != 200 && s != 201 {
                continue;
            }
            let id = b["data"]["id"].as_str().expect("booking id").to_string();
            let total = b["data"]["total"].as_i64().expect("total");
            assert_eq!(b["data"]["seats"][0]["seat_id"], seat.as_str(), "{b}");
            if let Some(how) = self.pay(first + n, &token, &id, total).await {
                self.record(&id, &seat, how);
            }
        }
    }
}

async fn login(http: &reqwest::Client, base: &str, email: &str, password: &str) -> String {
    let b: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    b["data"]["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("login {email}: {b}"))
        .to_string()
}

/// The free seats of a showtime as runs of side-by-side single seats, each booked from one
/// end (so no sale leaves a lone empty seat).
async fn runs(http: &reqwest::Client, base: &str, showtime: &str) -> Vec<Vec<String>> {
    let b: Value = http
        .get(format!("{base}/api/v1/showtimes/{showtime}/seats"))
        .send()
        .await
        .expect("seat map")
        .json()
        .await
        .expect("json");
    let mut out: Vec<Vec<String>> = Vec::new();
    for row in b["data"]["rows"].as_array().expect("rows") {
        let mut last: Option<i64> = None;
        for s in row["seats"].as_array().expect("seats") {
            let free = s["status"]
                .as_str()
                .is_some_and(|st| st.eq_ignore_ascii_case("available"))
                && s["couple_with"].is_null();
            let col = s["column"].as_i64().expect("column");
            if !free {
                last = None;
                continue;
            }
            let id = s["id"].as_str().expect("seat id").to_string();
            match (last, out.last_mut()) {
                (Some(c), Some(run)) if c + 1 == col => run.push(id),
                _ => out.push(vec![id]),
            }
            last = Some(col);
        }
    }
    out
}

/// `n` SELLING showtimes (starting in three hours or later) of the cinema with the largest.
async fn showtimes(http: &reqwest::Client, base: &str, n: usize) -> (String, Vec<String>) {
    let b: Value = http
        .get(format!("{base}/api/v1/showtimes?limit=100"))
        .send()
        .await
        .expect("showtimes")
        .json()
        .await
        .expect("json");
    let later = (chrono::Utc::now() + chrono::Duration::hours(3)).to_rfc3339();
    let mut items: Vec<&Value> = b["data"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|s| s["status"] == "SELLING" && s["start_time"].as_str() > Some(later.as_str()))
        .collect();
    items.sort_by_key(|s| std::cmp::Reverse(s["available_seats"].as_u64()));
    let cinema = items[0]["cinema_id"].as_str().expect("cinema").to_string();
    let ids = items
        .iter()
        .filter(|s| s["cinema_id"] == cinema.as_str())
        .take(n)
        .map(|s| s["id"].as_str().expect("id").to_string())
        .collect();
    (cinema, ids)
}

/// `moviehub check` on the data dir must exit 0.
fn check(dir: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_moviehub"))
        .arg("--data-dir")
        .arg(dir)
        .arg("check")
        .output()
        .expect("run check");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "check failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bookings_answered_confirmed_survive_kill_9_at_random_moments() {
    let seed: u64 = env_or("CRASH_SEED", rand::random::<u64>() % 1_000_000);
    let restarts: usize = env_or("CRASH_RESTARTS", 6);
    println!("crash loop: CRASH_SEED={seed} CRASH_RESTARTS={restarts}");
    let mut rng = StdRng::seed_from_u64(seed);
    let root = tempfile::tempdir().expect("temp dir");
    let dir = root.path().join("site");
    let env = vec![(
        "MOVIEHUB_AUTH__LOGIN_MAX_ATTEMPTS_PER_IP".to_string(),
        "10000".to_string(),
    )];
    let mut server = Proc::start(&dir, env).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let base = server.base.clone();
    let cashier = login(&http, &base, "cashier@moviehub.local", "moviehub").await;
    // Some 90 sales a second between crashes on this box: enough seats not to run out.
    let (cinema, shows) = showtimes(&http, &base, 3 + restarts / 2).await;
    let (s, b) = server
        .post(
            "/api/v1/tills",
            &cashier,
            json!({"opening_float": 0, "cinema_id": cinema}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let manager = server.manager().await;
    let mut tokens = Vec::new();
    for i in 0..CUSTOMERS {
        let email = format!("crash-{i}@test.moviehub.local");
        let (s, b) = server
            .post(
                "/api/v1/auth/register",
                "",
                json!({"email": email, "password": "crash-test-password", "full_name": "Crash"}),
            )
            .await;
        assert_eq!(s, 201, "{b}");
        tokens.push(login(&http, &base, &email, "crash-test-password").await);
    }
    // Every run of seats goes to two customers, who race for it seat by seat.
    let mut hands: Vec<Vec<(String, String)>> = vec![Vec::new(); CUSTOMERS];
    let mut k = 0;
    for show in &shows {
        for run in runs(&http, &base, show).await {
            for w in [k % CUSTOMERS, (k + 1) % CUSTOMERS] {
                hands[w].extend(run.iter().map(|seat| (show.clone(), seat.clone())));
            }
            k += 1;
        }
    }
    let vnpay_secret = std::fs::read_to_string(dir.join("vnpay-sandbox.key"))
        .expect("the demo's VNPay secret")
        .trim()
        .to_string();
    let shared = Arc::new(Shared {
        base: base.clone(),
        http: http.clone(),
        cashier,
        vnpay_secret,
        stop: AtomicBool::new(false),
        tried: AtomicUsize::new(0),
        interrupted: AtomicUsize::new(0),
        confirmed: Mutex::new(BTreeMap::new()),
        by_method: Mutex::new(BTreeMap::new()),
    });
    let workers: Vec<_> = tokens
        .into_iter()
        .zip(hands)
        .enumerate()
        .map(|(i, (token, seats))| tokio::spawn(shared.clone().customer(token, seats, i)))
        .collect();

    let started = Instant::now();
    for _ in 0..restarts {
        // Sometimes right after the restart, sometimes well into the load.
        tokio::time::sleep(Duration::from_millis(rng.gen_range(20..2500))).await;
        server.restart().await;
    }
    tokio::time::sleep(Duration::from_millis(rng.gen_range(200..1000))).await;
    shared.stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.expect("customer");
    }
    let loaded = started.elapsed();
    // The last stop is a crash too, with nothing in flight.
    server.kill9();

    let confirmed = shared.confirmed.lock().expect("lock").clone();
    println!(
        "crash loop: {} requests tried, {} interrupted by a crash, {restarts} crashes survived, \
         {} bookings answered CONFIRMED ({:?}) in {:.1} s",
        shared.tried.load(Ordering::Relaxed),
        shared.interrupted.load(Ordering::Relaxed),
        confirmed.len(),
        shared.by_method.lock().expect("lock"),
        loaded.as_secs_f64()
    );
    assert!(
        confirmed.len() >= restarts,
        "too few sales to prove anything"
    );
    println!("{}", check(&dir));
    verify_files(&dir, &confirmed);

    // The server starts on what the crashes left and shows the same.
    server.restart().await;
    for (id, seats) in &confirmed {
        let (s, b) = server
            .get(&format!("/api/v1/bookings/{id}"), &manager)
            .await;
        assert_eq!(s, 200, "{id}: {b}");
        assert_eq!(b["data"]["status"], "CONFIRMED", "{b}");
        let tickets: Vec<&str> = b["data"]["tickets"]
            .as_array()
            .expect("tickets")
            .iter()
            .filter_map(|t| t["seat_id"].as_str())
            .collect();
        assert_eq!(tickets, *seats, "{b}");
    }
    for show in &shows {
        let (s, b) = server
            .get(&format!("/api/v1/showtimes/{show}"), &manager)
            .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["data"]["seats_taken"].as_u64(),
            Some(active_seats(&dir, show)),
            "the stored count follows the ledger after the crashes: {b}"
        );
    }
}

fn active_seats(dir: &Path, show: &str) -> u64 {
    let db = rusqlite::Connection::open(dir.join("bookings.db")).expect("bookings.db");
    let n: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM booking_seats WHERE showtime_id = ?1 AND active = 1",
            [show],
            |r| r.get(0),
        )
        .expect("count");
    u64::try_from(n).expect("count")
}

/// Read bookings.db directly: every recorded booking CONFIRMED with one valid ticket per
/// seat and its payment, no seat in two valid bookings, the outbox numbered without gaps.
fn verify_files(dir: &Path, confirmed: &BTreeMap<String, Vec<String>>) {
    let db = rusqlite::Connection::open(dir.join("bookings.db")).expect("bookings.db");
    let one = |sql: &str, id: &str| -> i64 {
        db.query_row(sql, [id], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    for (id, seats) in confirmed {
        let status: String = db
            .query_row("SELECT status FROM bookings WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap_or_else(|e| panic!("booking {id} answered CONFIRMED is lost: {e}"));
        assert_eq!(status, "CONFIRMED", "{id}");
        let mut stmt = db
            .prepare(
                "SELECT seat_id FROM tickets WHERE booking_id = ?1 AND status = 'VALID' \
                 ORDER BY seat_id",
            )
            .expect("prepare");
        let tickets: Vec<String> = stmt
            .query_map([id], |r| r.get(0))
            .expect("tickets")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(&tickets, seats, "{id}: one valid ticket per seat");
        let sql = "SELECT COUNT(*) FROM booking_seats WHERE booking_id = ?1 AND active = 1";
        assert_eq!(one(sql, id), seats.len() as i64, "{id}");
        let sql = "SELECT COUNT(*) FROM payments p JOIN bookings b ON b.id = p.booking_id \
                   WHERE p.booking_id = ?1 AND p.status = 'SUCCESS' AND p.amount = b.total";
        assert_eq!(one(sql, id), 1, "{id}: paid once, in full");
        let sql = "SELECT COUNT(*) FROM outbox WHERE kind = 'booking.confirmed' \
                   AND instr(payload, ?1) > 0";
        assert_eq!(one(sql, id), 1, "{id}: its confirmation is in the outbox");
    }
    let count = |sql: &str| -> i64 {
        db.query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    let valid = "('PENDING','CONFIRMED','COMPLETED')";
    let doubles = count(&format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM booking_seats s JOIN bookings b ON b.id = s.booking_id \
         WHERE b.status IN {valid} GROUP BY s.showtime_id, s.seat_id HAVING COUNT(*) > 1)"
    ));
    assert_eq!(doubles, 0, "a seat is in two valid bookings");
    let stale = count(&format!(
        "SELECT COUNT(*) FROM booking_seats s JOIN bookings b ON b.id = s.booking_id \
         WHERE (b.status IN {valid}) != (s.active = 1)"
    ));
    assert_eq!(stale, 0, "a seat's active flag disagrees with its booking");
    let ticket_doubles = count(
        "SELECT COUNT(*) FROM (SELECT 1 FROM tickets WHERE status = 'VALID' \
         GROUP BY showtime_id, seat_id HAVING COUNT(*) > 1)",
    );
    assert_eq!(ticket_doubles, 0, "two valid tickets for one seat");
    let unpaid_tickets = count(
        "SELECT COUNT(*) FROM tickets t JOIN bookings b ON b.id = t.booking_id \
         WHERE t.status = 'VALID' AND b.status NOT IN ('CONFIRMED','COMPLETED')",
    );
    assert_eq!(unpaid_tickets, 0, "a valid ticket of an unpaid booking");
    let ticketless = count(
        "SELECT COUNT(*) FROM bookings b WHERE b.status = 'CONFIRMED' AND \
         (SELECT COUNT(*) FROM booking_seats s WHERE s.booking_id = b.id) != \
         (SELECT COUNT(*) FROM tickets t WHERE t.booking_id = b.id AND t.status = 'VALID')",
    );
    assert_eq!(
        ticketless, 0,
        "a confirmed booking without a ticket per seat"
    );
    let mut stmt = db
        .prepare("SELECT seq FROM outbox ORDER BY seq")
        .expect("prepare");
    let seqs: Vec<i64> = stmt
        .query_map([], |r| r.get(0))
        .expect("outbox")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(!seqs.is_empty());
    for (i, seq) in seqs.iter().enumerate() {
        assert_eq!(*seq, i as i64 + 1, "the outbox has a gap before seq {seq}");
    }
    let bookings = count("SELECT COUNT(*) FROM bookings");
    let created = count("SELECT COUNT(*) FROM outbox WHERE kind = 'booking.created'");
    assert_eq!(
        created, bookings,
        "every booking's creation is in the outbox"
    );
    let sold = count("SELECT COUNT(*) FROM booking_seats WHERE active = 1");
    println!(
        "crash loop: checked {} confirmed bookings ({sold} seats sold or pending in all), {} bookings in all, outbox 1..={} gap-free",
        confirmed.len(),
        bookings,
        seqs.len()
    );
}
