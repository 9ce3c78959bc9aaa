//! HTTP handlers of online payments: start a VNPay payment, the IPN and the manager's list
//! of payments to refund. The return page is a page of the site (`web::payment_result`).

use super::{handle_ipn, start, PaymentStart};
use crate::http::{ApiError, ApiResult, Created, Data, Page, Paging, Path, Query};
use crate::payments::vnpay::IpnReply;
use crate::payments::{store, Payment};
use crate::state::AppState;
use crate::users::AuthUser;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap};
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;

/// Routes of online payments; the sandbox pages only when `payments.vnpay.sandbox` is on.
pub fn routes(settings: &crate::config::Settings) -> Router<AppState> {
    let r = Router::new()
        .route("/api/v1/bookings/{id}/payments/vnpay", post(create))
        .route("/api/v1/payments/vnpay/ipn", get(ipn))
        .route("/api/v1/payments/refund-required", get(refund_required));
    if settings.payments.vnpay.sandbox {
        r.merge(crate::payments::sandbox::routes())
    } else {
        r
    }
}

/// `http://host:port` as the client reached us (Host header), for the sandbox URLs.
fn origin(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    ok.then(|| format!("http://{host}"))
}

/// `POST /api/v1/bookings/{id}/payments/vnpay`: the signed payment URL of a PENDING booking
/// (its owner, or staff with `booking:sell`).
async fn create(
    State(s): State<AppState>,
    auth: AuthUser,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Created<PaymentStart>> {
    let booking = s.bookings.get(&id).await?;
    if booking.user_id != auth.id && !auth.can("booking:sell") {
        return Err(crate::bookings::BookingsError::NotFound(id).into());
    }
    let started = start(&s, &booking, peer.ip(), origin(&headers).as_deref()).await?;
    Ok(Created(started))
}

/// `GET /api/v1/payments/vnpay/ipn`: VNPay's server-to-server notice; always HTTP 200 with
/// exactly `{"RspCode","Message"}`.
async fn ipn(
    State(s): State<AppState>,
    q: Result<axum::extract::Query<Vec<(String, String)>>, QueryRejection>,
) -> axum::Json<IpnReply> {
    let reply = match q {
        // On its own task: VNPay hanging up must not stop a committed payment's follow-ups.
        Ok(axum::extract::Query(pairs)) => tokio::spawn(async move { handle_ipn(&s, pairs).await })
            .await
            .unwrap_or_else(|_| IpnReply::unknown_error()),
        Err(_) => IpnReply::unknown_error(),
    };
    axum::Json(reply)
}

/// `GET /api/v1/payments/refund-required` (`refund:approve`): money received for bookings
/// that could not be confirmed, newest first.
async fn refund_required(
    State(s): State<AppState>,
    auth: AuthUser,
    Query(paging): Query<Paging>,
) -> ApiResult<Data<Page<Payment>>> {
    auth.require("refund:approve")?;
    let (page_no, limit) = paging.resolve(100)?;
    let offset = i64::from(page_no - 1) * i64::from(limit);
    let (items, total) = s
        .bookings
        .db()
        .call(move |c| store::page_with_status(c, "REFUND_REQUIRED", limit, offset))
        .await
        .map_err(ApiError::from)?;
    Ok(Data(Page {
        items,
        total,
        page: page_no,
        limit,
    }))
}
