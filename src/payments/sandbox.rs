//! A VNPay look-alike built into the binary (`payments.vnpay.sandbox`): the payment page
//! checks the merchant's signature, shows the order with Pay / Cancel, then — exactly as
//! VNPay does — sends the signed result to the IPN (in-process, the same function the IPN
//! route calls) and redirects the browser (303) to `vnp_ReturnUrl` with the signed result.

use super::online::page::{esc, facts, page};
use super::online::SANDBOX_PAY_PATH;
use super::vnpay::{self, hmac_sha512_matches, sign_data, signed_query, vnp_date};
use super::Payments;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRef, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use rand::Rng;

/// The sandbox's routes.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Payments: FromRef<S>,
{
    Router::new().route(SANDBOX_PAY_PATH, get(show).post(submit))
}

/// A merchant's pay request, checked.
struct Order {
    pairs: Vec<(String, String)>,
}

impl Order {
    fn get(&self, key: &str) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    fn amount_x100(&self) -> i64 {
        self.get("vnp_Amount").parse().unwrap_or(0)
    }
}

/// Check a pay request as VNPay's page does: signature (code 70), terminal (71), fields (03).
fn check(state: &Payments, pairs: Vec<(String, String)>) -> Result<Order, (&'static str, String)> {
    let cfg = &state.settings().payments.vnpay;
    let mut seen = std::collections::HashSet::new();
    if pairs
        .iter()
        .any(|(k, _)| k.starts_with("vnp_") && !seen.insert(k.clone()))
    {
        return Err(("03", "a field is given twice".into()));
    }
    let order = Order { pairs };
    let hash = order.get("vnp_SecureHash");
    if hash.is_empty() || !hmac_sha512_matches(&cfg.secret, &sign_data(&order.pairs), hash) {
        return Err(("70", "wrong signature".into()));
    }
    if order.get("vnp_TmnCode") != cfg.tmn_code {
        return Err(("71", "terminal not approved".into()));
    }
    let amount = order.amount_x100();
    if order.get("vnp_Command") != "pay" || amount <= 0 || amount % 100 != 0 {
        return Err(("03", "vnp_Command or vnp_Amount is not valid".into()));
    }
    let return_url = order.get("vnp_ReturnUrl");
    if !(return_url.starts_with("http://") || return_url.starts_with("https://")) {
        return Err(("03", "vnp_ReturnUrl is not an http(s) URL".into()));
    }
    if order.get("vnp_TxnRef").is_empty() {
        return Err(("03", "vnp_TxnRef is missing".into()));
    }
    Ok(order)
}

fn refused(code: &str, why: &str) -> Response {
    page(
        StatusCode::BAD_REQUEST,
        "VNPay sandbox: transaction refused",
        &format!("<p>Error {}: {}</p>", esc(code), esc(why)),
    )
}

/// `GET /sandbox/vnpay/pay?<vnp params>`: the order with Pay and Cancel.
async fn show(
    State(s): State<Payments>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let pairs = q.map(|Query(p)| p).unwrap_or_default();
    let order = match check(&s, pairs) {
        Ok(o) => o,
        Err((code, why)) => return refused(code, &why),
    };
    let expires = vnpay::parse_vnp_date(order.get("vnp_ExpireDate"));
    let mut rows = vec![
        (
            "Amount",
            crate::pricing::Vnd(order.amount_x100() / 100).to_string(),
        ),
        ("Order", order.get("vnp_OrderInfo").to_string()),
        ("Transaction ref", order.get("vnp_TxnRef").to_string()),
        ("Merchant", order.get("vnp_TmnCode").to_string()),
    ];
    if let Some(e) = expires {
        rows.push(("Pay before (GMT+7)", vnp_date(e)));
    }
    let mut hidden = String::new();
    for (k, v) in order.pairs.iter().filter(|(k, _)| k.starts_with("vnp_")) {
        hidden.push_str(&format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            esc(k),
            esc(v)
        ));
    }
    let body = format!(
        "<p>Bank: NCB (test card)</p>{}<form method=\"post\" action=\"{}\">{hidden}\
         <button type=\"submit\" name=\"sandbox_action\" value=\"pay\">Pay</button>\
         <button type=\"submit\" name=\"sandbox_action\" value=\"cancel\">Cancel</button></form>",
        facts(&rows),
        esc(SANDBOX_PAY_PATH)
    );
    page(StatusCode::OK, "VNPay sandbox", &body)
}

/// `POST /sandbox/vnpay/pay`: the customer paid or cancelled; tell the IPN, then send the
/// browser back to the merchant.
async fn submit(State(s): State<Payments>, Form(form): Form<Vec<(String, String)>>) -> Response {
    let pay = form
        .iter()
        .any(|(k, v)| k == "sandbox_action" && v == "pay");
    let pairs: Vec<(String, String)> = form
        .into_iter()
        .filter(|(k, _)| k.starts_with("vnp_"))
        .collect();
    let order = match check(&s, pairs) {
        Ok(o) => o,
        Err((code, why)) => return refused(code, &why),
    };
    let now = s.now();
    let txn_no: u32 = rand::thread_rng().gen_range(10_000_000..100_000_000);
    let mut fields: Vec<(&str, String)> = vec![
        ("vnp_Amount", order.get("vnp_Amount").to_string()),
        ("vnp_BankCode", "NCB".into()),
        ("vnp_OrderInfo", order.get("vnp_OrderInfo").to_string()),
        ("vnp_PayDate", vnp_date(now)),
        ("vnp_TmnCode", order.get("vnp_TmnCode").to_string()),
        ("vnp_TxnRef", order.get("vnp_TxnRef").to_string()),
    ];
    if pay {
        fields.extend([
            ("vnp_BankTranNo", format!("VNP{txn_no}")),
            ("vnp_CardType", "ATM".into()),
            ("vnp_ResponseCode", "00".into()),
            ("vnp_TransactionNo", txn_no.to_string()),
            ("vnp_TransactionStatus", "00".into()),
        ]);
    } else {
        fields.extend([
            ("vnp_CardType", "ATM".into()),
            ("vnp_ResponseCode", "24".into()),
            ("vnp_TransactionNo", "0".into()),
            ("vnp_TransactionStatus", "02".into()),
        ]);
    }
    let secret = &s.settings().payments.vnpay.secret;
    let query = signed_query(&fields, secret);
    let mut ipn_pairs: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect();
    ipn_pairs.push(("vnp_SecureHash".into(), vnpay::secure_hash(&fields, secret)));
    let reply = s.handle_ipn(ipn_pairs).await;
    tracing::info!(txn_ref = %order.get("vnp_TxnRef"), rsp = reply.rsp_code, "sandbox ipn answered");
    let return_url = order.get("vnp_ReturnUrl");
    let sep = if return_url.contains('?') { '&' } else { '?' };
    let location = format!("{return_url}{sep}{query}");
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}
