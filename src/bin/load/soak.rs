//! `soak`: a mixed load for `--secs` seconds (seat-map reads, WebSocket holds and releases,
//! bookings paid in cash or cancelled, anonymous viewers who come and go) while the server's
//! RSS and open file descriptors are sampled from `/proc/<pid>`. After the warm-up, the
//! median of the last third of the samples may exceed the median of the first third by at
//! most the tolerance; more is a leak and the run fails.

use super::bookings::Cashier;
use super::client::{Api, Fail, Reply};
use super::report::Sample;
use super::scenarios::{joined, Target};
use rand::Rng;
use serde_json::json;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long, how often, and what counts as growth.
#[derive(Debug, Clone)]
pub struct Plan {
    pub secs: u64,
    /// Seconds between samples (0: secs / 24, between 1 and 10).
    pub sample_secs: u64,
    /// Samples before this are not judged (0: secs / 4, between 5 and 120).
    pub warmup_secs: u64,
    /// Allowed RSS growth after the warm-up, MB.
    pub rss_tolerance_mb: f64,
    /// Allowed growth of open file descriptors after the warm-up.
    pub fd_tolerance: u64,
    /// Anonymous viewers kept connected (each reconnects every few seconds).
    pub viewers: usize,
    /// Pause between one worker's requests, ms.
    pub pace_ms: u64,
}

/// One reading of the server.
#[derive(Debug, Clone, Copy)]
pub struct Point {
    pub at: Duration,
    pub rss_kib: u64,
    pub fds: u64,
    pub ops: usize,
}

/// Open file descriptors of the process.
pub fn open_fds(pid: u32) -> Result<u64, Fail> {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count() as u64)
        .map_err(|e| format!("--server-pid {pid}: cannot read /proc/{pid}/fd: {e}"))
}

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

/// The verdict on the samples taken after `warmup`: (growth of RSS in KiB, of fds), compared
/// as the median of the last third against the median of the first third.
pub fn growth(points: &[Point], warmup: Duration) -> Option<(i64, i64)> {
    let judged: Vec<&Point> = points.iter().filter(|p| p.at >= warmup).collect();
    if judged.len() < 3 {
        return None;
    }
    let third = judged.len() / 3;
    let (first, last) = (&judged[..third], &judged[judged.len() - third..]);
    let m = |part: &[&Point], f: fn(&Point) -> u64| median(part.iter().map(|p| f(p)).collect());
    let rss = m(last, |p| p.rss_kib) as i64 - m(first, |p| p.rss_kib) as i64;
    let fds = m(last, |p| p.fds) as i64 - m(first, |p| p.fds) as i64;
    Some((rss, fds))
}

struct Load {
    t_api: Api,
    showtime: String,
    /// Showtimes the bookings sell, in turn: the next once one has no free seat left.
    shows: Vec<String>,
    current: AtomicUsize,
    seats: Vec<String>,
    stop: AtomicBool,
    ops: AtomicUsize,
    refused: AtomicUsize,
    server_errors: AtomicUsize,
    confirmed: AtomicUsize,
    cancelled: AtomicUsize,
    messages: AtomicUsize,
    pace: Duration,
}

impl Load {
    fn running(&self) -> bool {
        !self.stop.load(Ordering::Relaxed)
    }

    async fn pause(&self) {
        tokio::time::sleep(self.pace).await;
    }

    /// The showtime the bookings sell now.
    fn selling(&self) -> &str {
        let i = self.current.load(Ordering::Relaxed);
        self.shows
            .get(i % self.shows.len().max(1))
            .map_or(&self.showtime, |s| s)
    }

    /// Read the seat maps of the watched and the selling showtime over and over.
    async fn seat_maps(self: Arc<Self>) -> Result<(), Fail> {
        let mut n = 0usize;
        while self.running() {
            n += 1;
            let show = if n.is_multiple_of(2) {
                self.selling().to_string()
            } else {
                self.showtime.clone()
            };
            let (s, _) = self
                .t_api
                .get(None, &format!("/api/v1/showtimes/{show}/seats"))
                .await?;
            self.count(s);
            self.pause().await;
        }
        Ok(())
    }

    /// One operation answered with `status` (a WebSocket step counts as 200).
    fn count(&self, status: u16) {
        self.ops.fetch_add(1, Ordering::Relaxed);
        if !(200..300).contains(&status) {
            self.refused.fetch_add(1, Ordering::Relaxed);
        }
        if status >= 500 {
            self.server_errors.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Hold and release random seats over one WebSocket.
    async fn holds(self: Arc<Self>, token: String, t: Arc<Target>) -> Result<(), Fail> {
        let mut ws = joined(&t, Some(&token)).await?;
        while self.running() {
            let seat = &self.seats[rand::thread_rng().gen_range(0..self.seats.len())];
            if let Reply::Done(_) = ws.act(&self.showtime, seat, true).await? {
                ws.act(&self.showtime, seat, false).await?;
                self.count(200);
            }
            self.count(200);
            self.pause().await;
        }
        Ok(())
    }

    /// Hold a seat at the edge of a free run, book it, then pay cash (every fourth) or cancel.
    async fn bookings(self: Arc<Self>, token: String, cashier: String) -> Result<(), Fail> {
        let mut n = 0usize;
        while self.running() {
            self.pause().await;
            let show = self.selling().to_string();
            let runs = self.t_api.seats(&show, &[]).await.unwrap_or_default();
            self.count(200);
            let Some(seat) = runs
                .get(rand::thread_rng().gen_range(0..runs.len().max(1)))
                .and_then(|r| r.first())
            else {
                // Sold out (or unreadable): sell the next showtime.
                let i = self.current.load(Ordering::Relaxed);
                let _ =
                    self.current
                        .compare_exchange(i, i + 1, Ordering::Relaxed, Ordering::Relaxed);
                continue;
            };
            let path = format!("/api/v1/showtimes/{show}/holds");
            let (s, _) = self
                .t_api
                .post(&token, &path, &json!({"seat_id": seat}))
                .await?;
            self.count(s);
            if s != 200 {
                continue;
            }
            let body = json!({"showtime_id": show, "seat_ids": [seat],
                "idempotency_key": uuid::Uuid::now_v7().to_string()});
            let (s, b) = self.t_api.post(&token, "/api/v1/bookings", &body).await?;
            self.count(s);
            if s != 201 {
                continue;
            }
            let id = b["data"]["id"].as_str().unwrap_or_default().to_string();
            let total = b["data"]["total"].as_i64().unwrap_or(0);
            n += 1;
            let (s, b) = if n.is_multiple_of(4) {
                let body = json!({"method": "CASH", "tendered": total});
                let path = format!("/api/v1/bookings/{id}/pay/box-office");
                self.t_api.post(&cashier, &path, &body).await?
            } else {
                let path = format!("/api/v1/bookings/{id}/cancel");
                self.t_api.post(&token, &path, &json!({})).await?
            };
            self.count(s);
            match b["data"]["booking"]["status"].as_str() {
                Some("CONFIRMED") => self.confirmed.fetch_add(1, Ordering::Relaxed),
                _ if s == 200 => self.cancelled.fetch_add(1, Ordering::Relaxed),
                _ => 0,
            };
        }
        Ok(())
    }

    /// An anonymous viewer who watches for a few seconds, leaves and comes back.
    async fn viewer(self: Arc<Self>, t: Arc<Target>) -> Result<(), Fail> {
        while self.running() {
            let mut ws = joined(&t, None).await?;
            self.count(200);
            let stay = Duration::from_millis(rand::thread_rng().gen_range(2_000..8_000));
            let until = Instant::now() + stay;
            while self.running() && Instant::now() < until {
                let left = until.saturating_duration_since(Instant::now());
                if let Ok(msg) =
                    tokio::time::timeout(left.min(Duration::from_secs(1)), ws.next()).await
                {
                    msg?;
                    self.messages.fetch_add(1, Ordering::Relaxed);
                }
            }
            drop(ws);
        }
        Ok(())
    }
}

/// The showtime and the other SELLING ones of its cinema (the till is there) that start
/// in two hours or later, so a long soak never runs out of seats to sell.
async fn selling_at_the_same_cinema(api: &Api, showtime: &str) -> Result<Vec<String>, Fail> {
    let (_, one) = api
        .get(None, &format!("/api/v1/showtimes/{showtime}"))
        .await?;
    let cinema = one["data"]["cinema_id"].clone();
    let later = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    let mut shows = vec![showtime.to_string()];
    for page in 1..=5 {
        let path = format!("/api/v1/showtimes?limit=100&page={page}");
        let (status, b) = api.get(None, &path).await?;
        let items = b["data"]["items"].as_array().cloned().unwrap_or_default();
        if status != 200 || items.is_empty() {
            break;
        }
        shows.extend(
            items
                .iter()
                .filter(|s| s["status"] == "SELLING" && s["cinema_id"] == cinema)
                .filter(|s| s["start_time"].as_str() > Some(later.as_str()))
                .filter_map(|s| s["id"].as_str().map(String::from))
                .filter(|id| id != showtime),
        );
    }
    Ok(shows)
}

/// Run the soak; the samples go to stderr as they are taken, the verdict into the note.
pub async fn soak(target: &Target, cashier: &Cashier, plan: &Plan) -> Result<Sample, Fail> {
    let t = Target {
        api: target.api.clone(),
        showtime: target.showtime.clone(),
        runs: target.runs.clone(),
        seats: target.seats.clone(),
        run: target.run.clone(),
        server_pid: target.server_pid,
    };
    let pid = t
        .server_pid
        .ok_or("soak samples the server from /proc: pass --server-pid")?;
    let secs = plan.secs.max(1);
    let every = Duration::from_secs(match plan.sample_secs {
        0 => (secs / 24).clamp(1, 10),
        s => s,
    });
    let warmup = Duration::from_secs(match plan.warmup_secs {
        0 => (secs / 4).clamp(5, 120),
        s => s,
    });
    let cashier_token = t.api.login(&cashier.email, &cashier.password).await?;
    t.api.ensure_till(&cashier_token, &t.showtime).await?;
    let shows = selling_at_the_same_cinema(&t.api, &t.showtime).await?;
    let mut tokens = Vec::new();
    for i in 0..4 {
        tokens.push(t.api.user(&t.run, i).await?);
    }
    let load = Arc::new(Load {
        t_api: t.api.clone(),
        showtime: t.showtime.clone(),
        shows,
        current: AtomicUsize::new(0),
        seats: t.seats.clone(),
        stop: AtomicBool::new(false),
        ops: AtomicUsize::new(0),
        refused: AtomicUsize::new(0),
        server_errors: AtomicUsize::new(0),
        confirmed: AtomicUsize::new(0),
        cancelled: AtomicUsize::new(0),
        messages: AtomicUsize::new(0),
        pace: Duration::from_millis(plan.pace_ms),
    });
    let t = Arc::new(t);
    let mut tasks = Vec::new();
    for _ in 0..2 {
        tasks.push(tokio::spawn(load.clone().seat_maps()));
    }
    for tok in &tokens[..2] {
        tasks.push(tokio::spawn(load.clone().holds(tok.clone(), t.clone())));
    }
    for tok in &tokens[2..] {
        let c = cashier_token.clone();
        tasks.push(tokio::spawn(load.clone().bookings(tok.clone(), c)));
    }
    for _ in 0..plan.viewers {
        tasks.push(tokio::spawn(load.clone().viewer(t.clone())));
    }

    let before = super::server_stats::read(pid)?;
    let start = Instant::now();
    let mut points = Vec::new();
    eprintln!(
        "soak: {secs} s, a sample every {} s, warm-up {} s",
        every.as_secs(),
        warmup.as_secs()
    );
    eprintln!("{:>7} {:>9} {:>5} {:>8}", "t_s", "rss_mb", "fds", "ops");
    loop {
        let p = Point {
            at: start.elapsed(),
            rss_kib: super::server_stats::read(pid)?.rss_kib,
            fds: open_fds(pid)?,
            ops: load.ops.load(Ordering::Relaxed),
        };
        eprintln!(
            "{:>7.1} {:>9.1} {:>5} {:>8}",
            p.at.as_secs_f64(),
            p.rss_kib as f64 / 1024.0,
            p.fds,
            p.ops
        );
        points.push(p);
        if start.elapsed() >= Duration::from_secs(secs) {
            break;
        }
        for task in &tasks {
            if task.is_finished() {
                load.stop.store(true, Ordering::Relaxed);
            }
        }
        if !load.running() {
            break;
        }
        tokio::time::sleep(every).await;
    }
    load.stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.map_err(|e| e.to_string())??;
    }
    let elapsed = start.elapsed();
    let after = super::server_stats::read(pid)?;

    let mut sample = Sample::new("soak: mixed load, server RSS and open files");
    sample.elapsed = elapsed;
    sample.confirmed = load.confirmed.load(Ordering::Relaxed);
    sample.server = Some(super::server_stats::describe(
        before,
        after,
        load.ops.load(Ordering::Relaxed),
        "operation",
    ));
    let (first, last) = match (points.first(), points.last()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => return Err("soak: no sample taken".into()),
    };
    let figures = format!(
        "{} operations ({} answered other than 2xx, {} with 5xx), {} confirmed, {} cancelled, {} viewer messages; \
         RSS {:.1} → {:.1} MB, fds {} → {}",
        load.ops.load(Ordering::Relaxed),
        load.refused.load(Ordering::Relaxed),
        load.server_errors.load(Ordering::Relaxed),
        sample.confirmed,
        load.cancelled.load(Ordering::Relaxed),
        load.messages.load(Ordering::Relaxed),
        first.rss_kib as f64 / 1024.0,
        last.rss_kib as f64 / 1024.0,
        first.fds,
        last.fds
    );
    let Some((rss, fds)) = growth(&points, warmup) else {
        return Err(format!(
            "soak: fewer than 3 samples after the {} s warm-up; run longer ({figures})",
            warmup.as_secs()
        ));
    };
    let rss_mb = rss as f64 / 1024.0;
    let verdict = format!(
        "after the warm-up: RSS {rss_mb:+.1} MB (tolerance {:.0}), fds {fds:+} (tolerance {})",
        plan.rss_tolerance_mb, plan.fd_tolerance
    );
    if load.server_errors.load(Ordering::Relaxed) > 0 {
        return Err(format!("soak: the server answered 5xx; {figures}"));
    }
    if rss_mb > plan.rss_tolerance_mb || fds > plan.fd_tolerance as i64 {
        return Err(format!(
            "soak: the server keeps growing: {verdict}; {figures}"
        ));
    }
    sample.note = format!("flat: {verdict}; {figures}");
    Ok(sample)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(rss: &[u64]) -> Vec<Point> {
        rss.iter()
            .enumerate()
            .map(|(i, r)| Point {
                at: Duration::from_secs(i as u64),
                rss_kib: *r,
                fds: 10 + i as u64,
                ops: 0,
            })
            .collect()
    }

    #[test]
    fn growth_compares_the_last_third_with_the_first_after_the_warm_up() {
        // The warm-up's climb is ignored; a noisy plateau is flat.
        let flat = points(&[
            1, 50_000, 90_000, 91_000, 90_500, 92_000, 90_000, 91_500, 90_800,
        ]);
        let (rss, _) = growth(&flat, Duration::from_secs(3)).expect("enough samples");
        assert!(rss.abs() < 2_000, "{rss}");
        // A steady climb is growth.
        let leak = points(&[0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
        let (rss, fds) = growth(&leak, Duration::ZERO).expect("enough samples");
        assert_eq!((rss, fds), (50_000, 5));
        assert!(growth(&leak, Duration::from_secs(5)).is_none());
    }
}
