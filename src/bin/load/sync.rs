//! `sync`: head office under load. With `--site-id/--site-secret` of a site registered for
//! benchmarking (`moviehub site add bench` on central), it first pushes synthetic batches
//! straight to central, signed as that site, and gives the rows central applies per second.
//! Then it runs the `bookings` scenario against the site (which must sync to central) while
//! reading the site's lag from `/api/health` every 50 ms: the samples are the age of the
//! oldest unsent row; the note gives the most rows pending and how long the push took to
//! drain once the sales stopped.

use super::bookings::{bookings, Cashier, Pay};
use super::client::Fail;
use super::report::Sample;
use super::scenarios::Target;
use moviehub::sync::signing;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Rows per synthetic push (the site's default batch).
const BATCH: usize = 500;

/// What to push to.
pub struct Central {
    pub url: String,
    pub site_id: String,
    pub secret: String,
    pub batches: usize,
}

async fn signed(
    http: &reqwest::Client,
    c: &Central,
    method: reqwest::Method,
    path: &str,
    body: Vec<u8>,
) -> Result<Value, Fail> {
    let key = signing::derive_key(&c.secret);
    let ts = chrono::Utc::now().timestamp();
    let sig = signing::sign(&key, &c.site_id, ts, method.as_str(), path, &body);
    let res = http
        .request(method, format!("{}{path}", c.url.trim_end_matches('/')))
        .header(signing::SITE_HEADER, &c.site_id)
        .header(signing::TIMESTAMP_HEADER, ts.to_string())
        .header(signing::SIGNATURE_HEADER, sig)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("central: {e}"))?;
    let status = res.status().as_u16();
    let b: Value = res.json().await.unwrap_or(Value::Null);
    if status != 200 {
        return Err(format!("central answered {status}: {}", b["message"]));
    }
    Ok(b["data"].clone())
}

/// Three rows of one paid booking (created, confirmed, paid), from `seq`.
fn sale_rows(seq: i64, run: &str) -> Vec<Value> {
    let id = format!("bench-{run}-{seq}");
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let created = json!({"type": "booking_created", "id": id, "user_id": "bench",
        "showtime_id": "bench-show", "cinema_id": "bench", "channel": "BOX_OFFICE",
        "subtotal": 90000, "discount": 0, "total": 90000,
        "seats": [{"seat_id": format!("s{seq}"), "label": "A1", "seat_type": "STANDARD", "price": 90000}],
        "movie_title": "Bench", "created_at": at});
    let confirmed = json!({"type": "booking_confirmed", "booking_id": id, "total": 90000});
    let paid = json!({"type": "payment_succeeded", "tickets": 1, "payment": {"id": format!("p-{id}"),
        "booking_id": id, "method": "CASH", "status": "SUCCESS", "amount": 90000,
        "provider_txn_no": null, "cashier_id": null, "till_session_id": null, "note": null,
        "updated_at": at}});
    [
        ("booking.created", created),
        ("booking.confirmed", confirmed),
        ("payment.succeeded", paid),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (kind, p))| {
        json!({"seq": seq + i as i64, "kind": kind, "version": 5,
                   "payload": p.to_string(), "created_at": at})
    })
    .collect()
}

/// Push `c.batches` batches; (rows applied per second, per-push latencies).
async fn apply_rate(c: &Central, run: &str) -> Result<(f64, Vec<Duration>), Fail> {
    let http = reqwest::Client::new();
    let cursor = signed(
        &http,
        c,
        reqwest::Method::GET,
        "/api/v1/sync/cursor",
        Vec::new(),
    )
    .await?;
    let mut next = cursor["last_seq"].as_i64().unwrap_or(0) + 1;
    let (mut lat, mut rows) = (Vec::with_capacity(c.batches), 0usize);
    let start = Instant::now();
    for _ in 0..c.batches {
        let mut batch = Vec::with_capacity(BATCH);
        while batch.len() + 3 <= BATCH {
            batch.extend(sale_rows(next, run));
            next += 3;
        }
        rows += batch.len();
        let body = serde_json::to_vec(&json!({"rows": batch, "pending_after": 0}))
            .map_err(|e| e.to_string())?;
        let t0 = Instant::now();
        signed(&http, c, reqwest::Method::POST, "/api/v1/sync/push", body).await?;
        lat.push(t0.elapsed());
    }
    Ok((rows as f64 / start.elapsed().as_secs_f64().max(1e-9), lat))
}

/// The site's push state from its health answer.
async fn lag(http: &reqwest::Client, site: &str) -> Result<(i64, Option<i64>), Fail> {
    let b: Value = http
        .get(format!("{}/api/health", site.trim_end_matches('/')))
        .send()
        .await
        .map_err(|e| format!("site health: {e}"))?
        .json()
        .await
        .map_err(|e| format!("site health: {e}"))?;
    let s = &b["data"]["sync"];
    if s["enabled"] != true {
        return Err("the site does not sync: set [sync] central_url, site_id, site_secret".into());
    }
    Ok((
        s["pending"].as_i64().unwrap_or(0),
        s["oldest_pending_age_ms"].as_i64(),
    ))
}

/// The scenario.
pub async fn sync(
    t: &Target,
    site_url: &str,
    central: &Central,
    users: usize,
    cashier: &Cashier,
) -> Result<Sample, Fail> {
    let mut note = Vec::new();
    if !central.site_id.is_empty() && central.batches > 0 {
        let (rate, mut lat) = apply_rate(central, &t.run).await?;
        lat.sort();
        let p99 = lat.get(lat.len() * 99 / 100).copied().unwrap_or_default();
        note.push(format!(
            "central applied {rate:.0} rows/s ({} pushes of {BATCH} rows, p99 {:.1} ms a push)",
            lat.len(),
            p99.as_secs_f64() * 1000.0
        ));
    }
    let http = reqwest::Client::new();
    lag(&http, site_url).await?;
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (http, site, done) = (http.clone(), site_url.to_string(), done.clone());
        tokio::spawn(async move {
            let (mut ages, mut most) = (Vec::new(), 0i64);
            while !done.load(Ordering::Relaxed) {
                if let Ok((pending, age)) = lag(&http, &site).await {
                    most = most.max(pending);
                    ages.push(Duration::from_millis(age.unwrap_or(0).max(0) as u64));
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            (ages, most)
        })
    };
    let sold = bookings(t, users, cashier, Pay::Cash).await?;
    done.store(true, Ordering::Relaxed);
    let (ages, most) = watcher.await.map_err(|e| e.to_string())?;
    let stop = Instant::now();
    let drained = loop {
        let (pending, _) = lag(&http, site_url).await?;
        if pending == 0 {
            break stop.elapsed();
        }
        if stop.elapsed() > Duration::from_secs(120) {
            return Err(format!(
                "the site still had {pending} rows unsent 120 s after the sales"
            ));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    note.push(format!(
        "under {}: at most {most} rows pending, drained {:.2} s after the last sale",
        sold.note,
        drained.as_secs_f64()
    ));
    let mut sample = Sample::new("sync: age of the oldest unsent row under a steady sales load");
    sample.latencies = ages;
    sample.elapsed = sold.elapsed;
    sample.confirmed = sold.confirmed;
    sample.refusals = sold.refusals;
    sample.note = note.join("\n");
    Ok(sample)
}
