//! HTTP handlers of refunds: the policy, the quote, cancelling a booking (with its refund),
//! the refund records and their approval, payout and retry, refunding a late payment, and
//! cancelling a showtime (which refunds all of it).

use super::{Ask, PayOut, Refund, RefundQuote, RefundStatus, Refunds, Tier};
use crate::bookings::Booking;
use crate::cinemas::{Cinemas, Showtime};
use crate::http::doc::Ok;
use crate::http::{ApiError, ApiResult, Data, Json, Page, Paging, Path, Query};
use crate::users::{perm, AuthUser, Can, Users};
use axum::body::Bytes;
use axum::extract::{FromRef, State};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};

/// Routes of this domain.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Refunds: FromRef<S>,
    Cinemas: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route(
            "/api/v1/bookings/cancellation-policy",
            get(get_policy).put(put_policy),
        )
        .route("/api/v1/bookings/{id}/refund-quote", get(quote))
        .route("/api/v1/bookings/{id}/cancel", post(cancel))
        .route("/api/v1/bookings/{id}/refunds", get(of_booking))
        .route("/api/v1/refunds", get(list))
        .route("/api/v1/refunds/{id}", get(one))
        .route("/api/v1/refunds/{id}/approve", post(approve))
        .route("/api/v1/refunds/{id}/reject", post(reject))
        .route("/api/v1/refunds/{id}/retry", post(retry))
        .route("/api/v1/refunds/{id}/pay-out", post(pay_out))
        .route("/api/v1/payments/{id}/refund", post(refund_payment))
        .route("/api/v1/showtimes/{id}/cancel", post(cancel_showtime))
}

/// Parse an optional JSON body (empty = default) after the permission was checked.
fn body<T: serde::de::DeserializeOwned + Default>(b: &Bytes) -> Result<T, ApiError> {
    if b.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let de = &mut serde_json::Deserializer::from_slice(b);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        ApiError::invalid(if path == "." { "body" } else { &path }, e.into_inner())
    })
}

#[derive(Serialize, utoipa::ToSchema)]
struct PolicyView {
    tiers: Vec<Tier>,
    /// Concessions come back in full until the show starts.
    concessions: &'static str,
    /// Refunds above this many VND need a manager's approval.
    approval_threshold: i64,
    reasons: Vec<super::Reason>,
}

/// `GET /api/v1/bookings/cancellation-policy`: the tiers, the approval threshold, the reasons.
#[utoipa::path(get, path = "/api/v1/bookings/cancellation-policy", tag = "refunds", responses((status = 200, description = "The refund tiers, the approval threshold and the reasons", body = Ok<PolicyView>)))]
async fn get_policy(State(r): State<Refunds>) -> ApiResult<Data<PolicyView>> {
    Ok(Data(PolicyView {
        tiers: r.policy().await?,
        concessions: "refunded in full until the show starts",
        approval_threshold: r.settings().refunds.approval_threshold,
        reasons: r.reasons().await?,
    }))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PolicyBody {
    tiers: Vec<Tier>,
}

/// `PUT /api/v1/bookings/cancellation-policy {tiers}` (`refund:approve`).
#[utoipa::path(put, path = "/api/v1/bookings/cancellation-policy", tag = "refunds", request_body = PolicyBody, security(("bearer" = ["refund:approve"])), responses((status = 200, description = "The policy", body = Ok<PolicyView>)))]
async fn put_policy(
    State(r): State<Refunds>,
    _auth: Can<perm::RefundApprove>,
    Json(b): Json<PolicyBody>,
) -> ApiResult<Data<PolicyView>> {
    r.set_policy(b.tiers).await?;
    get_policy(State(r)).await
}

/// `GET /api/v1/bookings/{id}/refund-quote`: what cancelling now would give back, line by line.
#[utoipa::path(get, path = "/api/v1/bookings/{id}/refund-quote", tag = "refunds", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, description = "What cancelling now would give back, line by line", body = Ok<RefundQuote>)))]
async fn quote(
    State(r): State<Refunds>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<RefundQuote>> {
    Ok(Data(r.quote(&auth, &id).await?))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct CancelBody {
    #[serde(default)]
    reason_code: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    approver_email: Option<String>,
    #[serde(default)]
    approver_pin: Option<String>,
    #[serde(default)]
    card_reference: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Cancelled {
    booking: Booking,
    refund: Option<Refund>,
}

/// `POST /api/v1/bookings/{id}/cancel {reason_code, note?, approver_email?, approver_pin?,
/// card_reference?}`: the owner of an online booking, or staff (`booking:sell` /
/// `booking:cancel`). A PENDING booking is cancelled; a paid one is refunded by the policy.
#[utoipa::path(post, path = "/api/v1/bookings/{id}/cancel", tag = "refunds", params(("id" = String, Path)), request_body(content = Option<CancelBody>), security(("bearer" = [])), responses((status = 200, description = "Cancelled (its owner, or booking:cancel); a paid booking is refunded by the policy", body = Ok<Cancelled>)))]
async fn cancel(
    State(r): State<Refunds>,
    auth: AuthUser,
    Path(id): Path<String>,
    raw: Bytes,
) -> ApiResult<Data<Cancelled>> {
    r.may_cancel(&auth, &id).await?;
    let b: CancelBody = body(&raw)?;
    let approver = match (b.approver_email, b.approver_pin) {
        (Some(e), Some(p)) => Some((e, p)),
        (None, None) => None,
        _ => {
            return Err(ApiError::invalid(
                "approver_pin",
                "give the approving manager's e-mail and PIN together",
            ))
        }
    };
    let ask = Ask {
        reason_code: b.reason_code,
        note: b.note,
        approver,
        pay: PayOut {
            card_reference: b.card_reference,
        },
    };
    let (booking, refund) = r.cancel(&auth, &id, ask).await?;
    Ok(Data(Cancelled { booking, refund }))
}

/// `GET /api/v1/bookings/{id}/refunds`: the booking's refunds (whoever may see the booking).
#[utoipa::path(get, path = "/api/v1/bookings/{id}/refunds", tag = "refunds", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, description = "The booking's refunds", body = Ok<Vec<Refund>>)))]
async fn of_booking(
    State(r): State<Refunds>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<Vec<Refund>>> {
    r.may_see_booking(&auth, &id).await?;
    Ok(Data(r.of_booking(&id).await?))
}

#[derive(Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    status: Option<String>,
    page: Option<u32>,
    limit: Option<u32>,
}

/// `GET /api/v1/refunds?status=` (`booking:sell` or `refund:approve`): newest first.
#[utoipa::path(get, path = "/api/v1/refunds", tag = "refunds", params(ListQuery), security(("bearer" = ["booking:sell"]), ("bearer" = ["refund:approve"])), responses((status = 200, description = "Refunds, newest first", body = Ok<Page<Refund>>)))]
async fn list(
    State(r): State<Refunds>,
    auth: AuthUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Data<Page<Refund>>> {
    if !auth.can("refund:approve") {
        auth.require("booking:sell")?;
    }
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(RefundStatus::parse(&s.to_ascii_uppercase()).ok_or_else(|| {
            ApiError::invalid(
                "status",
                "must be AWAITING_APPROVAL, PENDING, SUCCEEDED, FAILED or REJECTED",
            )
        })?),
    };
    let (page, limit) = Paging {
        page: q.page,
        limit: q.limit,
    }
    .resolve(100)?;
    let (items, total) = r
        .page(status, limit, i64::from(page - 1) * i64::from(limit))
        .await?;
    Ok(Data(Page {
        items,
        total,
        page,
        limit,
    }))
}

/// `GET /api/v1/refunds/{id}` (`booking:sell` or `refund:approve`).
#[utoipa::path(get, path = "/api/v1/refunds/{id}", tag = "refunds", params(("id" = String, Path)), security(("bearer" = ["booking:sell"]), ("bearer" = ["refund:approve"])), responses((status = 200, description = "The refund", body = Ok<Refund>)))]
async fn one(
    State(r): State<Refunds>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<Refund>> {
    if !auth.can("refund:approve") {
        auth.require("booking:sell")?;
    }
    Ok(Data(r.get(&id).await?))
}

/// `POST /api/v1/refunds/{id}/approve` (`refund:approve`): approve and carry it out.
#[utoipa::path(post, path = "/api/v1/refunds/{id}/approve", tag = "refunds", params(("id" = String, Path)), security(("bearer" = ["refund:approve"])), responses((status = 200, description = "Approved and carried out", body = Ok<Refund>)))]
async fn approve(
    State(r): State<Refunds>,
    auth: Can<perm::RefundApprove>,
    Path(id): Path<String>,
) -> ApiResult<Data<Refund>> {
    Ok(Data(r.approve(&auth, &id).await?))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct RejectBody {
    #[serde(default)]
    note: String,
}

/// `POST /api/v1/refunds/{id}/reject {note?}` (`refund:approve`): the booking stays.
#[utoipa::path(post, path = "/api/v1/refunds/{id}/reject", tag = "refunds", params(("id" = String, Path)), request_body(content = Option<RejectBody>), security(("bearer" = ["refund:approve"])), responses((status = 200, description = "Rejected: the booking stays", body = Ok<Refund>)))]
async fn reject(
    State(r): State<Refunds>,
    auth: Can<perm::RefundApprove>,
    Path(id): Path<String>,
    raw: Bytes,
) -> ApiResult<Data<Refund>> {
    let b: RejectBody = body(&raw)?;
    Ok(Data(r.reject(&auth, &id, &b.note).await?))
}

/// `POST /api/v1/refunds/{id}/retry` (`refund:approve`): send a failed VNPay refund again.
#[utoipa::path(post, path = "/api/v1/refunds/{id}/retry", tag = "refunds", params(("id" = String, Path)), security(("bearer" = ["refund:approve"])), responses((status = 200, description = "A failed VNPay refund sent again", body = Ok<Refund>)))]
async fn retry(
    State(r): State<Refunds>,
    _auth: Can<perm::RefundApprove>,
    Path(id): Path<String>,
) -> ApiResult<Data<Refund>> {
    Ok(Data(r.retry(&id).await?))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PayOutBody {
    #[serde(default)]
    card_reference: Option<String>,
}

/// `POST /api/v1/refunds/{id}/pay-out {card_reference?}` (`booking:sell`): pay a pending cash
/// refund out of my open till, or record a card refund's reference.
#[utoipa::path(post, path = "/api/v1/refunds/{id}/pay-out", tag = "refunds", params(("id" = String, Path)), request_body(content = Option<PayOutBody>), security(("bearer" = ["booking:sell"])), responses((status = 200, description = "Paid out of the caller's till, or the card refund's reference recorded", body = Ok<Refund>)))]
async fn pay_out(
    State(r): State<Refunds>,
    auth: Can<perm::BookingSell>,
    Path(id): Path<String>,
    raw: Bytes,
) -> ApiResult<Data<Refund>> {
    let b: PayOutBody = body(&raw)?;
    let pay = PayOut {
        card_reference: b.card_reference,
    };
    Ok(Data(r.pay_out(&auth, &id, pay).await?))
}

/// `POST /api/v1/payments/{id}/refund` (`refund:approve`): refund a REFUND_REQUIRED payment.
#[utoipa::path(post, path = "/api/v1/payments/{id}/refund", tag = "refunds", params(("id" = String, Path)), security(("bearer" = ["refund:approve"])), responses((status = 200, description = "The REFUND_REQUIRED payment's refund", body = Ok<Refund>)))]
async fn refund_payment(
    State(r): State<Refunds>,
    auth: Can<perm::RefundApprove>,
    Path(id): Path<String>,
) -> ApiResult<Data<Refund>> {
    Ok(Data(r.refund_payment(&auth, &id).await?))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct CancelShowBody {
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct ShowCancelled {
    showtime: Showtime,
    refunds: Vec<Refund>,
}

/// `POST /api/v1/showtimes/{id}/cancel {reason?}` (`showtime:manage`): cancel the showtime and
/// refund every paid booking of it in full (unpaid ones are cancelled).
#[utoipa::path(post, path = "/api/v1/showtimes/{id}/cancel", tag = "refunds", params(("id" = String, Path)), request_body(content = Option<CancelShowBody>), security(("bearer" = ["showtime:manage"])), responses((status = 200, description = "The showtime is cancelled and its paid bookings refunded", body = Ok<ShowCancelled>)))]
async fn cancel_showtime(
    State(c): State<Cinemas>,
    State(r): State<Refunds>,
    auth: Can<perm::ShowtimeManage>,
    Path(id): Path<String>,
    raw: Bytes,
) -> ApiResult<Data<ShowCancelled>> {
    let b: CancelShowBody = body(&raw)?;
    let reason = b.reason.filter(|r| !r.trim().is_empty());
    let showtime = c.cancel_showtime(&id, reason).await?;
    let refunds = r.cancel_showtime(&auth, &id).await?;
    Ok(Data(ShowCancelled { showtime, refunds }))
}

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    get_policy,
    put_policy,
    quote,
    cancel,
    of_booking,
    list,
    one,
    approve,
    reject,
    retry,
    pay_out,
    refund_payment,
    cancel_showtime
))]
pub struct Doc;
