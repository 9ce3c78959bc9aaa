//! The three scenarios. Each returns its measurements; nothing here starts a server.

use super::client::{Api, Fail, Reply, Ws};
use super::report::Sample;
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Barrier};

/// What every scenario needs.
pub struct Target {
    pub api: Api,
    pub showtime: String,
    /// The free seats, in runs of side-by-side seats (see [`Api::seats`]).
    pub runs: Vec<Vec<String>>,
    /// The same seats as one list.
    pub seats: Vec<String>,
    /// Distinguishes this run's accounts from earlier runs'.
    pub run: String,
    /// The server's process (`--server-pid`), read around the timed part of a scenario.
    pub server_pid: Option<u32>,
}

/// Deal whole runs of seats to `n` users in turn; each user's seats keep their order.
pub fn deal(runs: &[Vec<String>], n: usize) -> Vec<Vec<String>> {
    let mut hands = vec![Vec::new(); n.max(1)];
    let mut sizes = vec![0usize; n.max(1)];
    // The next run goes to whoever has the fewest seats, so hands stay even.
    for run in runs {
        let i = (0..sizes.len()).min_by_key(|i| sizes[*i]).unwrap_or(0);
        hands[i].extend(run.iter().cloned());
        sizes[i] += run.len();
    }
    hands
}

impl Target {
    /// The server's CPU and RSS now, when `--server-pid` was given.
    pub fn server_now(&self) -> Result<Option<super::server_stats::Reading>, Fail> {
        self.server_pid.map(super::server_stats::read).transpose()
    }

    /// What the server spent since `before`, per `per` (`n` of them).
    pub fn server_since(
        &self,
        before: Option<super::server_stats::Reading>,
        n: usize,
        per: &str,
    ) -> Result<Option<String>, Fail> {
        match (before, self.server_now()?) {
            (Some(b), Some(a)) => Ok(Some(super::server_stats::describe(b, a, n, per))),
            _ => Ok(None),
        }
    }
}

async fn users(t: &Target, n: usize) -> Result<Vec<String>, Fail> {
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        tokens.push(t.api.user(&t.run, i).await?);
    }
    Ok(tokens)
}

pub async fn joined(t: &Target, token: Option<&str>) -> Result<Ws, Fail> {
    let mut ws = Ws::connect(&t.api.ws_url(token)).await?;
    ws.join(&t.showtime).await?;
    Ok(ws)
}

/// `holds`: each user holds a random seat and releases it, `ops` times; every request's
/// round trip (request → own reply) is one sample.
pub async fn holds(t: &Target, n_users: usize, ops: usize) -> Result<Sample, Fail> {
    let tokens = users(t, n_users).await?;
    let mut sockets = Vec::new();
    for tok in &tokens {
        sockets.push(joined(t, Some(tok)).await?);
    }
    let before = t.server_now()?;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for mut ws in sockets {
        let seats = t.seats.clone();
        let showtime = t.showtime.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(ops * 2);
            let mut refused: BTreeMap<String, usize> = BTreeMap::new();
            for _ in 0..ops {
                let seat = &seats[rand::thread_rng().gen_range(0..seats.len())];
                let t0 = Instant::now();
                let reply = ws.act(&showtime, seat, true).await?;
                lat.push(t0.elapsed());
                match reply {
                    Reply::Done(_) => {
                        let t0 = Instant::now();
                        ws.act(&showtime, seat, false).await?;
                        lat.push(t0.elapsed());
                    }
                    Reply::Refused(code) => *refused.entry(code).or_default() += 1,
                }
            }
            Ok::<_, Fail>((lat, refused))
        }));
    }
    let mut sample = Sample::new("holds: request → own reply");
    for task in tasks {
        let (lat, refused) = task.await.map_err(|e| e.to_string())??;
        sample.latencies.extend(lat);
        for (code, n) in refused {
            *sample.refusals.entry(code).or_default() += n;
        }
    }
    sample.elapsed = start.elapsed();
    let n = sample.latencies.len();
    sample.server = t.server_since(before, n, "request")?;
    Ok(sample)
}

/// `fanout`: `viewers` anonymous viewers watch; one actor holds and releases `events` times;
/// each sample is the time from the action to the last viewer receiving its event.
pub async fn fanout(t: &Target, viewers: usize, events: usize) -> Result<Sample, Fail> {
    let actor_token = users(t, 1).await?.remove(0);
    let (tx, mut rx) = mpsc::unbounded_channel::<(u64, Instant)>();
    let mut handles = Vec::new();
    for _ in 0..viewers {
        let mut ws = joined(t, None).await?;
        let tx = tx.clone();
        handles.push(tokio::spawn(async move {
            while let Ok(v) = ws.next().await {
                let kind = v["type"].as_str().unwrap_or("");
                if kind == "seat_held" || kind == "seat_released" {
                    let seq = v["seq"].as_u64().unwrap_or(0);
                    if tx.send((seq, Instant::now())).is_err() {
                        break;
                    }
                }
            }
        }));
    }
    drop(tx);
    let mut actor = joined(t, Some(&actor_token)).await?;
    let mut sample = Sample::new("fanout: action → last viewer");
    let mut early: HashMap<u64, Vec<Instant>> = HashMap::new();
    let start = Instant::now();
    for i in 0..events {
        let seat = &t.seats[i % t.seats.len()];
        for hold in [true, false] {
            let t0 = Instant::now();
            let seq = match actor.act(&t.showtime, seat, hold).await? {
                Reply::Done(seq) => seq,
                Reply::Refused(code) => {
                    *sample.refusals.entry(code).or_default() += 1;
                    continue;
                }
            };
            let mut got = early.remove(&seq).unwrap_or_default();
            while got.len() < viewers {
                let (s, at) = tokio::time::timeout(Duration::from_secs(30), rx.recv())
                    .await
                    .map_err(|_| format!("viewers missed event {seq} for 30 s"))?
                    .ok_or("every viewer disconnected")?;
                if s == seq {
                    got.push(at);
                } else {
                    early.entry(s).or_default().push(at);
                }
            }
            if let Some(last) = got.iter().max() {
                sample.latencies.push(last.duration_since(t0));
            }
        }
    }
    sample.elapsed = start.elapsed();
    for h in handles {
        h.abort();
    }
    Ok(sample)
}

/// `contention`: `n_users` race for the same `n_seats` seats at once; afterwards every seat
/// must have exactly one winner, and a fresh snapshot must agree.
pub async fn contention(t: &Target, n_users: usize, n_seats: usize) -> Result<Sample, Fail> {
    let seats: Vec<String> = t.seats.iter().take(n_seats).cloned().collect();
    let tokens = users(t, n_users).await?;
    let mut sockets = Vec::new();
    for tok in &tokens {
        sockets.push(joined(t, Some(tok)).await?);
    }
    let barrier = Arc::new(Barrier::new(sockets.len()));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for mut ws in sockets {
        let mut order = seats.clone();
        order.shuffle(&mut rand::thread_rng());
        let barrier = barrier.clone();
        let showtime = t.showtime.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let mut results = Vec::new();
            for seat in order {
                let t0 = Instant::now();
                let reply = ws.act(&showtime, &seat, true).await?;
                results.push((seat, reply, t0.elapsed()));
            }
            Ok::<_, Fail>((ws, results))
        }));
    }
    let mut sample = Sample::new("contention: request → own reply");
    let mut winners: BTreeMap<String, usize> = seats.iter().map(|s| (s.clone(), 0)).collect();
    let mut sockets = Vec::new();
    for task in tasks {
        let (ws, results) = task.await.map_err(|e| e.to_string())??;
        sockets.push(ws);
        for (seat, reply, lat) in results {
            sample.latencies.push(lat);
            match reply {
                Reply::Done(_) => *winners.entry(seat).or_default() += 1,
                Reply::Refused(code) => *sample.refusals.entry(code).or_default() += 1,
            }
        }
    }
    sample.elapsed = start.elapsed();
    let mut bad: Vec<String> = winners
        .iter()
        .filter(|(_, n)| **n != 1)
        .map(|(s, n)| format!("{s}: {n} winners"))
        .collect();
    // The server's own view must agree: every raced seat held, by one holder.
    let snapshot = joined(t, None).await?.join(&t.showtime).await?;
    let held: Vec<&str> = snapshot["seats"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["seat_id"].as_str())
        .filter(|id| winners.contains_key(*id))
        .collect();
    if held.len() != winners.len() {
        bad.push(format!(
            "the snapshot shows {} of the {} seats held",
            held.len(),
            winners.len()
        ));
    }
    // Leave so the seats are free for the next run.
    for mut ws in sockets {
        ws.send(&serde_json::json!({"type":"leave"})).await?;
    }
    if !bad.is_empty() {
        return Err(format!(
            "contention: not exactly one winner per seat: {}",
            bad.join(", ")
        ));
    }
    sample.note = format!("{} seats, each won exactly once", winners.len());
    Ok(sample)
}
