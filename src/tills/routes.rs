//! HTTP handlers of tills: open, the open till (blind), close with a count, cash-ups.

use super::movements::{MoveKind, Movement};
use super::zreport::ClosedDay;
use super::{CashUp, CashUpFilter, TillSession, Tills};
use crate::http::doc::Ok;
use crate::http::{ApiError, ApiResult, Created, Data, Json, Page, Paging, Path, Query};
use crate::users::{perm, AuthUser, Can, Users};
use axum::extract::{FromRef, State};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

/// Routes of this domain.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Tills: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/api/v1/tills", post(open).get(list))
        .route("/api/v1/tills/current", get(current))
        .route("/api/v1/tills/current/close", post(close))
        .route(
            "/api/v1/tills/current/movements",
            get(movements).post(move_cash),
        )
        .route("/api/v1/days", get(days))
        .route("/api/v1/days/close", post(close_day))
        .route("/api/v1/days/{id}", get(one_day))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct OpenBody {
    opening_float: i64,
    #[serde(default)]
    cinema_id: Option<String>,
}

/// `POST /api/v1/tills {opening_float, cinema_id?}` (`booking:sell`): open my till; the cinema
/// may be left out when the site has one.
#[utoipa::path(post, path = "/api/v1/tills", tag = "tills", request_body = OpenBody, security(("bearer" = ["booking:sell"])), responses((status = 201, description = "The caller's till is open", body = Ok<TillSession>)))]
async fn open(
    State(tills): State<Tills>,
    auth: Can<perm::BookingSell>,
    Json(body): Json<OpenBody>,
) -> ApiResult<Created<TillSession>> {
    Ok(Created(
        tills
            .open(&auth.id, body.cinema_id, body.opening_float)
            .await?,
    ))
}

/// `GET /api/v1/tills/current` (`booking:sell`): my open till, without totals (blind count).
#[utoipa::path(get, path = "/api/v1/tills/current", tag = "tills", security(("bearer" = ["booking:sell"])), responses((status = 200, description = "The caller's open till", body = Ok<TillSession>)))]
async fn current(
    State(tills): State<Tills>,
    auth: Can<perm::BookingSell>,
) -> ApiResult<Data<TillSession>> {
    tills
        .current(&auth.id)
        .await?
        .map(Data)
        .ok_or_else(|| ApiError::not_found("till: you have no open till"))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct CloseBody {
    counted_cash: i64,
}

/// `POST /api/v1/tills/current/close {counted_cash}` (`booking:sell`): close my till; the
/// answer is the cash-up with expected cash and variance.
#[utoipa::path(post, path = "/api/v1/tills/current/close", tag = "tills", request_body = CloseBody, security(("bearer" = ["booking:sell"])), responses((status = 200, description = "The cash-up", body = Ok<CashUp>)))]
async fn close(
    State(tills): State<Tills>,
    auth: Can<perm::BookingSell>,
    Json(body): Json<CloseBody>,
) -> ApiResult<Data<CashUp>> {
    Ok(Data(tills.close(&auth.id, body.counted_cash).await?))
}

#[derive(Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    cashier_id: Option<String>,
    cinema_id: Option<String>,
    page: Option<u32>,
    limit: Option<u32>,
}

/// `GET /api/v1/tills`: cash-ups, newest first. `report:view` sees every cashier's (and may
/// filter by `cashier_id`); a cashier with `booking:sell` sees only their own.
#[utoipa::path(get, path = "/api/v1/tills", tag = "tills", params(ListQuery), security(("bearer" = ["booking:sell"])), responses((status = 200, description = "Cash-ups, newest first: every cashier's with report:view, else the caller's own", body = Ok<Page<CashUp>>)))]
async fn list(
    State(tills): State<Tills>,
    auth: AuthUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Data<Page<CashUp>>> {
    let cashier_id = if auth.can("report:view") {
        q.cashier_id
    } else {
        auth.require("booking:sell")?;
        Some(auth.id.clone())
    };
    let (page, limit) = Paging {
        page: q.page,
        limit: q.limit,
    }
    .resolve(100)?;
    let filter = CashUpFilter {
        cashier_id,
        cinema_id: q.cinema_id,
        limit,
        offset: i64::from(page - 1) * i64::from(limit),
    };
    let (items, total) = tills.cash_ups(filter).await?;
    Ok(Data(Page {
        items,
        total,
        page,
        limit,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct MoveBody {
    kind: MoveKind,
    amount: i64,
    reason: String,
}

/// `POST /api/v1/tills/current/movements {kind: DROP|PAY_IN|PAY_OUT, amount, reason}`
/// (`booking:sell`): cash to the safe, in, or out of my open till, with why.
#[utoipa::path(post, path = "/api/v1/tills/current/movements", tag = "tills", request_body = MoveBody, security(("bearer" = ["booking:sell"])), responses((status = 201, description = "Cash paid in or out of the caller's till", body = Ok<Movement>)))]
async fn move_cash(
    State(tills): State<Tills>,
    auth: Can<perm::BookingSell>,
    Json(b): Json<MoveBody>,
) -> ApiResult<Created<Movement>> {
    Ok(Created(
        tills
            .move_cash(&auth.id, b.kind, b.amount, &b.reason)
            .await?,
    ))
}

/// `GET /api/v1/tills/current/movements` (`booking:sell`): my open till's movements (amounts
/// only: the sum stays for the blind count to compare).
#[utoipa::path(get, path = "/api/v1/tills/current/movements", tag = "tills", security(("bearer" = ["booking:sell"])), responses((status = 200, description = "The open till's cash movements", body = Ok<Vec<Movement>>)))]
async fn movements(
    State(tills): State<Tills>,
    auth: Can<perm::BookingSell>,
) -> ApiResult<Data<Vec<Movement>>> {
    Ok(Data(tills.movements(&auth.id).await?))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct DayBody {
    #[serde(default)]
    cinema_id: Option<String>,
}

/// `POST /api/v1/days/close {cinema_id?}` (`report:view`): close the cinema's business day
/// (refused while a till is open) and store its Z-report.
#[utoipa::path(post, path = "/api/v1/days/close", tag = "tills", request_body(content = Option<DayBody>, description = "Optional: which cinema (the site's only one by default)"), security(("bearer" = ["report:view"])), responses((status = 201, description = "The closed day with its Z-report", body = Ok<ClosedDay>)))]
async fn close_day(
    State(tills): State<Tills>,
    auth: AuthUser,
    raw: axum::body::Bytes,
) -> ApiResult<Created<ClosedDay>> {
    auth.require("report:view")?;
    let b: DayBody = if raw.iter().all(u8::is_ascii_whitespace) {
        DayBody::default()
    } else {
        serde_json::from_slice(&raw).map_err(|e| ApiError::invalid("body", e))?
    };
    Ok(Created(tills.close_day(&auth.id, b.cinema_id).await?))
}

#[derive(Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct DaysQuery {
    cinema_id: Option<String>,
}

/// `GET /api/v1/days?cinema_id=` (`report:view`): closed days with their Z-reports.
#[utoipa::path(get, path = "/api/v1/days", tag = "tills", params(DaysQuery), security(("bearer" = ["report:view"])), responses((status = 200, description = "Closed days with their Z-reports", body = Ok<Vec<ClosedDay>>)))]
async fn days(
    State(tills): State<Tills>,
    auth: AuthUser,
    Query(q): Query<DaysQuery>,
) -> ApiResult<Data<Vec<ClosedDay>>> {
    auth.require("report:view")?;
    Ok(Data(tills.days(q.cinema_id).await?))
}

/// `GET /api/v1/days/{id}` (`report:view`): one closed day's Z-report.
#[utoipa::path(get, path = "/api/v1/days/{id}", tag = "tills", params(("id" = String, Path)), security(("bearer" = ["report:view"])), responses((status = 200, description = "One closed day's Z-report", body = Ok<ClosedDay>)))]
async fn one_day(
    State(tills): State<Tills>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<ClosedDay>> {
    auth.require("report:view")?;
    tills
        .day(&id)
        .await?
        .map(Data)
        .ok_or_else(|| ApiError::not_found(format!("business day {id} not found")))
}

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    open, current, close, list, move_cash, movements, close_day, days, one_day
))]
pub struct Doc;
