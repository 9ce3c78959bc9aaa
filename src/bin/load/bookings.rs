//! The `bookings` scenario: users hold seats over HTTP and book them; each booking is paid
//! in cash by a cashier or through VNPay (the server's sandbox). Samples are booking-creation
//! round trips; the note gives confirmed bookings/s. `--prefill` uses the same sale.

use super::client::{Api, Fail};
use super::report::Sample;
use super::scenarios::Target;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Who takes the money.
pub struct Cashier {
    pub email: String,
    pub password: String,
}

/// How each booking is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Pay {
    /// The cashier takes cash at the box office.
    Cash,
    /// The customer pays through VNPay (the server's built-in sandbox: `serve --demo`).
    Vnpay,
}

/// Pay a booking; whether it is confirmed.
async fn pay(
    api: &Api,
    pay: Pay,
    customer: &str,
    cashier: &str,
    id: &str,
    total: i64,
) -> Result<(bool, String), Fail> {
    match pay {
        Pay::Cash => {
            let (status, b) = api
                .post(
                    cashier,
                    &format!("/api/v1/bookings/{id}/pay/box-office"),
                    &json!({"method": "CASH", "tendered": total}),
                )
                .await?;
            let ok = status == 200 && b["data"]["booking"]["status"] == "CONFIRMED";
            Ok((ok, code_of(status, &b)))
        }
        Pay::Vnpay => {
            let (status, b) = api
                .post(
                    customer,
                    &format!("/api/v1/bookings/{id}/payments/vnpay"),
                    &json!({}),
                )
                .await?;
            let Some(url) = b["data"]["payment_url"].as_str() else {
                return Ok((false, code_of(status, &b)));
            };
            let url = reqwest::Url::parse(url).map_err(|e| format!("payment_url: {e}"))?;
            let mut form: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            form.push(("sandbox_action".into(), "pay".into()));
            // The sandbox sends the signed IPN in-process before it redirects (303).
            let status = api.post_form(url.path(), &form).await?;
            Ok((status == 303, format!("sandbox_http_{status}")))
        }
    }
}

/// The refusal code of an error answer: the message's leading `code:` or the HTTP status.
fn code_of(status: u16, body: &Value) -> String {
    body["message"]
        .as_str()
        .and_then(|m| m.split_once(':'))
        .map(|(c, _)| c.trim().to_string())
        .filter(|c| !c.contains(' '))
        .unwrap_or_else(|| format!("http_{status}"))
}

/// One user's run: hold, book and have the cashier pay each of its seats in turn.
pub async fn one_user(
    api: Api,
    token: String,
    cashier: String,
    showtime: String,
    seats: Vec<String>,
    run: String,
    how: Pay,
) -> Result<(Vec<Duration>, usize, BTreeMap<String, usize>), Fail> {
    let mut lat = Vec::with_capacity(seats.len());
    let mut confirmed = 0;
    let mut refused: BTreeMap<String, usize> = BTreeMap::new();
    for seat in seats {
        let (status, b) = api
            .post(
                &token,
                &format!("/api/v1/showtimes/{showtime}/holds"),
                &json!({"seat_id": seat}),
            )
            .await?;
        if status != 200 {
            *refused.entry(code_of(status, &b)).or_default() += 1;
            continue;
        }
        let body = json!({"showtime_id": showtime, "seat_ids": [seat],
            "idempotency_key": format!("{run}-{}", uuid::Uuid::now_v7().simple())});
        let t0 = Instant::now();
        let (status, b) = api.post(&token, "/api/v1/bookings", &body).await?;
        lat.push(t0.elapsed());
        if status != 201 {
            *refused.entry(code_of(status, &b)).or_default() += 1;
            continue;
        }
        let id = b["data"]["id"].as_str().unwrap_or_default().to_string();
        let total = b["data"]["total"].as_i64().unwrap_or(0);
        match pay(&api, how, &token, &cashier, &id, total).await? {
            (true, _) => confirmed += 1,
            (false, code) => *refused.entry(code).or_default() += 1,
        }
    }
    Ok((lat, confirmed, refused))
}

/// `bookings`: `n_users` users share the seats out in runs of side-by-side seats (no two want
/// the same seat, and booking left to right leaves no lone empty seat) and book them one at a
/// time; the cashier pays each.
pub async fn bookings(
    t: &Target,
    n_users: usize,
    cashier: &Cashier,
    how: Pay,
) -> Result<Sample, Fail> {
    let cashier_token = t.api.login(&cashier.email, &cashier.password).await?;
    t.api.ensure_till(&cashier_token, &t.showtime).await?;
    let mut tokens = Vec::with_capacity(n_users);
    for i in 0..n_users {
        tokens.push(t.api.user(&t.run, i).await?);
    }
    let before = t.server_now()?;
    let start = Instant::now();
    let mut tasks = Vec::new();
    let mut hands = super::scenarios::deal(&t.runs, n_users).into_iter();
    for token in tokens {
        let mine: Vec<String> = hands.next().unwrap_or_default();
        tasks.push(tokio::spawn(one_user(
            t.api.clone(),
            token,
            cashier_token.clone(),
            t.showtime.clone(),
            mine,
            t.run.clone(),
            how,
        )));
    }
    let mut sample = Sample::new(match how {
        Pay::Cash => "bookings: create booking (hold → book → cash)",
        Pay::Vnpay => "bookings: create booking (hold → book → VNPay sandbox)",
    });
    let mut confirmed = 0;
    for task in tasks {
        let (lat, n, refused) = task.await.map_err(|e| e.to_string())??;
        sample.latencies.extend(lat);
        confirmed += n;
        for (code, k) in refused {
            *sample.refusals.entry(code).or_default() += k;
        }
    }
    sample.elapsed = start.elapsed();
    sample.confirmed = confirmed;
    sample.server = t.server_since(before, confirmed, "confirmed booking")?;
    let secs = sample.elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        confirmed as f64 / secs
    } else {
        0.0
    };
    sample.note = format!("{confirmed} confirmed bookings, {rate:.1} confirmed bookings/s");
    Ok(sample)
}
