//! `limits`: what this box can do at best, measured in the same run as our figures, so they
//! can be read as ratios: a raw SQLite booking transaction (WAL, synchronous=NORMAL, the
//! inserts a booking makes) and an empty HTTP round trip to an in-process server, then the
//! `bookings` scenario against the real server.

use super::bookings::{bookings, Cashier, Pay};
use super::client::Fail;
use super::report::Sample;
use super::scenarios::Target;
use std::time::{Duration, Instant};

/// Transactions and round trips timed for each limit.
const N: usize = 5000;

/// (per second, p50) of `n` timed runs of `f`.
fn rate(lat: &mut [Duration], elapsed: Duration) -> (f64, Duration) {
    lat.sort();
    let per_s = lat.len() as f64 / elapsed.as_secs_f64().max(1e-9);
    (per_s, lat.get(lat.len() / 2).copied().unwrap_or_default())
}

/// The raw booking transaction: BEGIN IMMEDIATE, a booking row, a seat in a unique ledger
/// index, an outbox row, COMMIT; on a fresh file in a temp dir.
fn sqlite_limit() -> Result<(f64, Duration), Fail> {
    let dir = std::env::temp_dir().join(format!("moviehub-limits-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let out = sqlite_limit_in(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn sqlite_limit_in(dir: &std::path::Path) -> Result<(f64, Duration), Fail> {
    let c = rusqlite::Connection::open(dir.join("limit.db")).map_err(|e| e.to_string())?;
    c.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
         CREATE TABLE b (id TEXT PRIMARY KEY, user_id TEXT, total INTEGER, created_at TEXT);
         CREATE TABLE s (booking_id TEXT, showtime_id TEXT, seat_id TEXT, price INTEGER);
         CREATE UNIQUE INDEX s_live ON s (showtime_id, seat_id);
         CREATE TABLE o (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT, payload TEXT);",
    )
    .map_err(|e| e.to_string())?;
    let mut lat = Vec::with_capacity(N);
    let start = Instant::now();
    for i in 0..N {
        let t0 = Instant::now();
        let id = uuid::Uuid::now_v7().to_string();
        let run = || -> rusqlite::Result<()> {
            c.execute_batch("BEGIN IMMEDIATE")?;
            c.prepare_cached("INSERT INTO b VALUES (?1, 'u', 90000, '2026-12-01T00:00:00Z')")?
                .execute([&id])?;
            c.prepare_cached("INSERT INTO s VALUES (?1, 'st', ?2, 90000)")?
                .execute(rusqlite::params![id, format!("seat-{i}")])?;
            c.prepare_cached("INSERT INTO o (kind, payload) VALUES ('booking.created', ?1)")?
                .execute([format!("{{\"id\":\"{id}\"}}")])?;
            c.execute_batch("COMMIT")
        };
        run().map_err(|e| e.to_string())?;
        lat.push(t0.elapsed());
    }
    Ok(rate(&mut lat, start.elapsed()))
}

/// An empty HTTP round trip: the same HTTP client, an axum server answering 200 with nothing.
async fn http_limit() -> Result<(f64, Duration), Fail> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "" }));
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let http = reqwest::Client::new();
    let url = format!("http://{addr}/");
    let mut lat = Vec::with_capacity(N);
    let start = Instant::now();
    for _ in 0..N {
        let t0 = Instant::now();
        let res = http.get(&url).send().await.map_err(|e| e.to_string())?;
        let _ = res.bytes().await;
        lat.push(t0.elapsed());
    }
    let out = rate(&mut lat, start.elapsed());
    server.abort();
    Ok(out)
}

/// Both limits, then `bookings` with `n_users`, reported as ratios to the limits.
pub async fn limits(
    t: &Target,
    n_users: usize,
    cashier: &Cashier,
    how: Pay,
) -> Result<Sample, Fail> {
    let (tx_per_s, tx_p50) = tokio::task::spawn_blocking(sqlite_limit)
        .await
        .map_err(|e| e.to_string())??;
    let (rtt_per_s, rtt_p50) = http_limit().await?;
    let mut sample = bookings(t, n_users, cashier, how).await?;
    let mut sorted = sample.latencies.clone();
    sorted.sort();
    let p50 = sorted.get(sorted.len() / 2).copied().unwrap_or_default();
    let confirmed_per_s = sample.confirmed as f64 / sample.elapsed.as_secs_f64().max(1e-9);
    sample.note = format!(
        "{}\nlimits on this box: raw SQLite booking tx {tx_per_s:.0}/s (p50 {:.3} ms), empty HTTP round trip {rtt_per_s:.0}/s (p50 {:.3} ms)\n\
         ratios: confirmed bookings/s = {:.3} × raw tx/s; booking request p50 = {:.1} × empty round trip p50",
        sample.note,
        tx_p50.as_secs_f64() * 1000.0,
        rtt_p50.as_secs_f64() * 1000.0,
        confirmed_per_s / tx_per_s.max(1e-9),
        p50.as_secs_f64() / rtt_p50.as_secs_f64().max(1e-9),
    );
    Ok(sample)
}
