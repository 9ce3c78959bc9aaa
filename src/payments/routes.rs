//! HTTP handlers of payments: a booking with its tickets and payments, the box-office sale,
//! starting a VNPay payment, the IPN, and the manager's list of payments to refund. The
//! return page is a page of the site (`web::payment_result`).

use super::box_office::{BoxOfficeSale, Tender};
use super::online::PaymentStart;
use super::vnpay::IpnReply;
use super::{BookingDetail, Payment, Payments};
use crate::http::doc::Ok;
use crate::http::{ApiResult, Created, Data, Json, Page, Paging, Path, Query};
use crate::users::{perm, AuthUser, Can, Users};
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, FromRef, State};
use axum::http::{header, HeaderMap};
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;

/// Routes of payments.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Payments: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/api/v1/bookings/{id}", get(one))
        .route("/api/v1/bookings/{id}/pay/box-office", post(pay))
        .route("/api/v1/bookings/{id}/payments/vnpay", post(create))
        .route("/api/v1/payments/vnpay/ipn", get(ipn))
        .route("/api/v1/payments/refund-required", get(refund_required))
}

/// `GET /api/v1/bookings/{id}`: the owner or `booking:sell`; with tickets and payments.
#[utoipa::path(get, path = "/api/v1/bookings/{id}", tag = "payments", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, description = "The booking with its tickets and payments (its owner, or booking:sell)", body = Ok<BookingDetail>)))]
async fn one(
    State(p): State<Payments>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<BookingDetail>> {
    Ok(Data(p.visible_detail(&id, &auth).await?))
}

/// `POST /api/v1/bookings/{id}/pay/box-office {method:"CASH",tendered} | {method:"CARD",reference}`
/// (`booking:sell`): records the payment in the cashier's open till, confirms, issues tickets.
#[utoipa::path(post, path = "/api/v1/bookings/{id}/pay/box-office", tag = "payments", params(("id" = String, Path)), request_body = Tender, security(("bearer" = ["booking:sell"])), responses((status = 200, description = "Paid: the booking is CONFIRMED with its tickets", body = Ok<BoxOfficeSale>)))]
async fn pay(
    State(p): State<Payments>,
    auth: Can<perm::BookingSell>,
    Path(id): Path<String>,
    Json(tender): Json<Tender>,
) -> ApiResult<Data<BoxOfficeSale>> {
    Ok(Data(p.take_payment(&id, &tender, &auth.id).await?))
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
#[utoipa::path(post, path = "/api/v1/bookings/{id}/payments/vnpay", tag = "payments", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 201, description = "The signed VNPay payment URL", body = Ok<PaymentStart>)))]
async fn create(
    State(p): State<Payments>,
    auth: AuthUser,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Created<PaymentStart>> {
    let booking = p.bookings().visible(&id, &auth).await?;
    let started = p
        .start_online(&booking, peer.ip(), origin(&headers).as_deref())
        .await?;
    Ok(Created(started))
}

/// `GET /api/v1/payments/vnpay/ipn`: VNPay's server-to-server notice; always HTTP 200 with
/// exactly `{"RspCode","Message"}`.
#[utoipa::path(get, path = "/api/v1/payments/vnpay/ipn", tag = "payments", params(("vnp_TxnRef" = Option<String>, Query), ("vnp_Amount" = Option<String>, Query), ("vnp_ResponseCode" = Option<String>, Query), ("vnp_SecureHash" = Option<String>, Query)), responses((status = 200, description = "VNPay's answer codes (RspCode 00 confirmed, 97 bad signature, …); always HTTP 200", body = IpnReply)))]
async fn ipn(
    State(p): State<Payments>,
    q: Result<axum::extract::Query<Vec<(String, String)>>, QueryRejection>,
) -> axum::Json<IpnReply> {
    let reply = match q {
        // On its own task: a bug in the handler answers 99 (VNPay retries) instead of
        // dropping the connection.
        Ok(axum::extract::Query(pairs)) => tokio::spawn(async move { p.handle_ipn(pairs).await })
            .await
            .unwrap_or_else(|_| IpnReply::unknown_error()),
        Err(_) => IpnReply::unknown_error(),
    };
    axum::Json(reply)
}

/// `GET /api/v1/payments/refund-required` (`refund:approve`): money received for bookings
/// that could not be confirmed, newest first.
#[utoipa::path(get, path = "/api/v1/payments/refund-required", tag = "payments", params(Paging), security(("bearer" = ["refund:approve"])), responses((status = 200, description = "Money received for bookings that could not be confirmed", body = Ok<Page<Payment>>)))]
async fn refund_required(
    State(p): State<Payments>,
    _auth: Can<perm::RefundApprove>,
    Query(paging): Query<Paging>,
) -> ApiResult<Data<Page<Payment>>> {
    let (page_no, limit) = paging.resolve(100)?;
    let offset = i64::from(page_no - 1) * i64::from(limit);
    let (items, total) = p.with_status("REFUND_REQUIRED", limit, offset).await?;
    Ok(Data(Page {
        items,
        total,
        page: page_no,
        limit,
    }))
}

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(one, pay, create, ipn, refund_required))]
pub struct Doc;
