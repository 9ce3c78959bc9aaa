//! `--prefill N`: before the scenario, sell N single-seat bookings (hold → book → cash) on the
//! other showtimes of the target's cinema, so figures are taken on a data dir that already holds
//! a busy week, as a real site's does.

use super::bookings::{one_user, Cashier, Pay};
use super::client::Fail;
use super::scenarios::Target;
use std::time::Instant;

/// Concurrent sellers.
const SELLERS: usize = 8;

/// Sell `n` bookings on showtimes other than the target's; prints what it did to stderr.
pub async fn prefill(t: &Target, n: usize, cashier: &Cashier) -> Result<(), Fail> {
    if n == 0 {
        return Ok(());
    }
    let start = Instant::now();
    let cashier_token = t.api.login(&cashier.email, &cashier.password).await?;
    t.api.ensure_till(&cashier_token, &t.showtime).await?;
    let (_, show) = t
        .api
        .get(None, &format!("/api/v1/showtimes/{}", t.showtime))
        .await?;
    let cinema = show["data"]["cinema_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    // The cinema's showtimes, a page at a time, and their free seats until there are enough.
    let mut work: Vec<(String, Vec<String>)> = Vec::new();
    let mut found = 0;
    let mut page = 1;
    while found < n {
        let path = format!("/api/v1/showtimes?cinema_id={cinema}&limit=100&page={page}");
        let (_, b) = t.api.get(None, &path).await?;
        let items = b["data"]["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        for s in items {
            let (Some(id), Some(status)) = (s["id"].as_str(), s["status"].as_str()) else {
                continue;
            };
            if id == t.showtime || !status.eq_ignore_ascii_case("selling") {
                continue;
            }
            if let Ok(runs) = t.api.seats(id, &[]).await {
                for run in runs {
                    found += run.len();
                    work.push((id.to_string(), run));
                }
            }
            if found >= n {
                break;
            }
        }
        page += 1;
    }
    if found < n {
        return Err(format!(
            "--prefill {n}: the cinema's other showtimes have only {found} free seats"
        ));
    }
    // Whole runs only, the last one cut to reach exactly n seats (a run cut at its right end
    // leaves no lone empty seat behind).
    let mut left = n;
    for (_, run) in work.iter_mut() {
        // Never leave exactly one seat of a run unsold: it may sit against a taken seat.
        let keep = if run.len() == left + 1 {
            left.saturating_sub(1)
        } else {
            left.min(run.len())
        };
        run.truncate(keep);
        left -= run.len();
    }
    work.retain(|(_, run)| !run.is_empty());
    let mut hands: Vec<Vec<(String, String)>> = vec![Vec::new(); SELLERS];
    for (k, (show, run)) in work.iter().enumerate() {
        hands[k % SELLERS].extend(run.iter().map(|seat| (show.clone(), seat.clone())));
    }
    let mut tasks = Vec::new();
    for (i, mine) in hands.into_iter().enumerate() {
        let token = t.api.user(&format!("{}-prefill", t.run), i).await?;
        let (api, cashier, run) = (t.api.clone(), cashier_token.clone(), t.run.clone());
        tasks.push(tokio::spawn(async move {
            let mut sold = 0;
            // One showtime at a time, so each run of seats is one user's in one showtime.
            let mut i = 0;
            while i < mine.len() {
                let show = mine[i].0.clone();
                let seats: Vec<String> = mine[i..]
                    .iter()
                    .take_while(|(s, _)| *s == show)
                    .map(|(_, seat)| seat.clone())
                    .collect();
                i += seats.len();
                let run = format!("{run}-prefill");
                let (_, n, _) = one_user(
                    api.clone(),
                    token.clone(),
                    cashier.clone(),
                    show,
                    seats,
                    run,
                    Pay::Cash,
                )
                .await?;
                sold += n;
            }
            Ok::<usize, Fail>(sold)
        }));
    }
    let mut sold = 0;
    for task in tasks {
        sold += task.await.map_err(|e| e.to_string())??;
    }
    eprintln!(
        "prefill: {sold} confirmed bookings on other showtimes in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
