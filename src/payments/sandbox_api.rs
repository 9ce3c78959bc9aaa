//! The sandbox's merchant API (`payments.vnpay.sandbox`): answers refund calls as VNPay's
//! `merchant_webapi/api/transaction` does — it checks the terminal and the checksum, refuses a
//! repeated request id (94), an unknown transaction (91), an unpaid one (95) and more back than
//! was paid, and signs its answer. It keeps what it refunded per transaction, so a test (or a
//! person) can see that a retried refund was paid once. Faults can be switched on to show a
//! refund that fails and then succeeds.

use super::vnpay::{hmac_sha512_hex, hmac_sha512_matches, refund_hash_data, vnp_date, RefundBody};
use super::Payments;
use axum::extract::{FromRef, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

/// Path of the sandbox's merchant API.
pub const SANDBOX_API_PATH: &str = "/sandbox/vnpay/api";

/// What the sandbox remembers between calls.
#[derive(Default)]
pub struct SandboxBook {
    refunded: Mutex<HashMap<String, i64>>,
    request_ids: Mutex<HashSet<String>>,
    fail_next: AtomicU32,
}

impl SandboxBook {
    /// VND refunded so far for a transaction reference.
    pub fn refunded(&self, txn_ref: &str) -> i64 {
        self.refunded
            .lock()
            .map(|m| m.get(txn_ref).copied().unwrap_or(0))
            .unwrap_or(0)
    }
}

/// The sandbox API's routes.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Payments: FromRef<S>,
{
    Router::new()
        .route(SANDBOX_API_PATH, post(api))
        .route("/sandbox/vnpay/faults", post(set_faults))
        .route("/sandbox/vnpay/refunded/{txn_ref}", get(refunded))
}

async fn api(State(p): State<Payments>, Json(body): Json<Value>) -> Json<Value> {
    match answer(&p, &body).await {
        Ok(v) => Json(v),
        Err(e) => Json(json!({"vnp_ResponseCode": "99", "vnp_Message": e})),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Faults {
    /// How many next refund calls fail as if the connection dropped.
    refund_failures: u32,
}

/// `POST /sandbox/vnpay/faults {"refund_failures": n}`: the next n refund calls get no answer.
async fn set_faults(State(p): State<Payments>, Json(f): Json<Faults>) -> Json<Value> {
    p.sandbox_book()
        .fail_next
        .store(f.refund_failures.min(100), Ordering::SeqCst);
    Json(json!({"data": {"refund_failures": f.refund_failures.min(100)}}))
}

/// `GET /sandbox/vnpay/refunded/{txn_ref}`: VND the sandbox refunded for a transaction.
async fn refunded(
    State(p): State<Payments>,
    axum::extract::Path(txn_ref): axum::extract::Path<String>,
) -> Json<Value> {
    Json(json!({"data": {"txn_ref": txn_ref, "refunded": p.sandbox_book().refunded(&txn_ref)}}))
}

/// The sandbox's answer to a refund call, or `Err` for a call that got no answer (a fault).
pub async fn answer(p: &Payments, body: &Value) -> Result<Value, String> {
    let book = p.sandbox_book();
    if book
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return Err("sandbox: connection reset before an answer (fault switched on)".into());
    }
    let cfg = p.settings().payments.vnpay.clone();
    let Ok(req) = serde_json::from_value::<RefundBody>(body.clone()) else {
        return Ok(signed(
            &cfg.secret,
            &cfg.tmn_code,
            None,
            "03",
            "Invalid request format",
        ));
    };
    if req.tmn_code != cfg.tmn_code {
        return Ok(signed(
            &cfg.secret,
            &cfg.tmn_code,
            Some(&req),
            "02",
            "Invalid TmnCode",
        ));
    }
    if !hmac_sha512_matches(&cfg.secret, &refund_hash_data(&req), &req.secure_hash) {
        return Ok(signed(
            &cfg.secret,
            &cfg.tmn_code,
            Some(&req),
            "97",
            "Invalid checksum",
        ));
    }
    let fresh = book
        .request_ids
        .lock()
        .map(|mut ids| ids.insert(req.request_id.clone()))
        .unwrap_or(false);
    if !fresh {
        return Ok(signed(
            &cfg.secret,
            &cfg.tmn_code,
            Some(&req),
            "94",
            "Duplicate request",
        ));
    }
    let Ok(Some(paid)) = p.by_txn_ref(&req.txn_ref).await else {
        return Ok(signed(
            &cfg.secret,
            &cfg.tmn_code,
            Some(&req),
            "91",
            "Transaction not found",
        ));
    };
    if !matches!(
        paid.status.as_str(),
        "SUCCESS" | "REFUND_REQUIRED" | "REFUNDED"
    ) {
        return Ok(signed(
            &cfg.secret,
            &cfg.tmn_code,
            Some(&req),
            "95",
            "Transaction not successful",
        ));
    }
    let amount = req.amount.parse::<i64>().unwrap_or(-1);
    if amount <= 0 || amount % 100 != 0 {
        return Ok(signed(
            &cfg.secret,
            &cfg.tmn_code,
            Some(&req),
            "03",
            "Invalid amount",
        ));
    }
    let ok = book
        .refunded
        .lock()
        .map(|mut m| {
            let done = m.entry(req.txn_ref.clone()).or_insert(0);
            if *done + amount / 100 > paid.amount {
                false
            } else {
                *done += amount / 100;
                true
            }
        })
        .unwrap_or(false);
    if !ok {
        return Ok(signed(
            &cfg.secret,
            &cfg.tmn_code,
            Some(&req),
            "99",
            "Refund exceeds the amount paid",
        ));
    }
    Ok(signed(
        &cfg.secret,
        &cfg.tmn_code,
        Some(&req),
        "00",
        "Refund success",
    ))
}

fn signed(secret: &str, tmn: &str, req: Option<&RefundBody>, code: &str, message: &str) -> Value {
    let get = |f: fn(&RefundBody) -> &str| req.map(f).unwrap_or("").to_string();
    let now = vnp_date(chrono::Utc::now());
    let fields = [
        ("vnp_ResponseId", uuid::Uuid::new_v4().simple().to_string()),
        ("vnp_Command", "refund".to_string()),
        ("vnp_ResponseCode", code.to_string()),
        ("vnp_Message", message.to_string()),
        ("vnp_TmnCode", tmn.to_string()),
        ("vnp_TxnRef", get(|r| &r.txn_ref)),
        ("vnp_Amount", get(|r| &r.amount)),
        ("vnp_BankCode", "NCB".to_string()),
        ("vnp_PayDate", now),
        (
            "vnp_TransactionNo",
            if code == "00" {
                format!("{}", 14_000_000 + rand::random::<u32>() % 1_000_000)
            } else {
                String::new()
            },
        ),
        ("vnp_TransactionType", get(|r| &r.transaction_type)),
        (
            "vnp_TransactionStatus",
            if code == "00" { "05" } else { "" }.to_string(),
        ),
        ("vnp_OrderInfo", get(|r| &r.order_info)),
    ];
    let data = fields
        .iter()
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join("|");
    let mut out = serde_json::Map::new();
    for (k, v) in fields {
        out.insert(k.to_string(), Value::String(v));
    }
    out.insert(
        "vnp_SecureHash".into(),
        Value::String(hmac_sha512_hex(secret, &data)),
    );
    Value::Object(out)
}
