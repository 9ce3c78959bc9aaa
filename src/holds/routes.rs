//! HTTP side of holds: the `/ws` upgrade and the hold API for kiosks and scripts.

use super::{Actor, HeldSeats, Holds};
use crate::http::doc::Ok;
use crate::http::{ApiError, ApiResult, Data, Json, Path};
use crate::users::{AuthUser, Users};
use axum::extract::FromRequestParts;
use axum::extract::{FromRef, State};
use axum::http::request::Parts;
use axum::routing::{delete, get, post};
use axum::Router;
use serde::Deserialize;

/// Routes of this domain.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Holds: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/ws", get(super::ws::upgrade))
        .route("/api/v1/showtimes/{id}/holds", post(hold))
        .route("/api/v1/showtimes/{id}/holds/{seat_id}", delete(release))
}

/// The caller as one who may hold seats (`booking:create` or `booking:sell`), checked from
/// the request head before the body is read.
struct Holder(Actor);

impl<S: Send + Sync> FromRequestParts<S> for Holder
where
    Users: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let auth = AuthUser::from_request_parts(parts, state).await?;
        Ok(Holder(Actor::from_auth(&auth)?))
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct HoldBody {
    seat_id: String,
}

/// `POST /api/v1/showtimes/{id}/holds {seat_id}`: hold a seat (both of a couple pair).
#[utoipa::path(post, path = "/api/v1/showtimes/{id}/holds", tag = "holds", params(("id" = String, Path)), request_body = HoldBody, security(("bearer" = ["booking:create"]), ("bearer" = ["booking:sell"])), responses((status = 200, description = "The seats the caller now holds", body = Ok<HeldSeats>)))]
async fn hold(
    State(holds): State<Holds>,
    Holder(actor): Holder,
    Path(id): Path<String>,
    Json(body): Json<HoldBody>,
) -> ApiResult<Data<HeldSeats>> {
    Ok(Data(holds.hold(&id, &body.seat_id, &actor).await?))
}

/// `DELETE /api/v1/showtimes/{id}/holds/{seat_id}`: release one of my seats.
#[utoipa::path(delete, path = "/api/v1/showtimes/{id}/holds/{seat_id}", tag = "holds", params(("id" = String, Path), ("seat_id" = String, Path)), security(("bearer" = ["booking:create"]), ("bearer" = ["booking:sell"])), responses((status = 200, description = "The seats the caller still holds", body = Ok<HeldSeats>)))]
async fn release(
    State(holds): State<Holds>,
    Holder(actor): Holder,
    Path((id, seat_id)): Path<(String, String)>,
) -> ApiResult<Data<HeldSeats>> {
    Ok(Data(holds.release(&id, &seat_id, &actor).await?))
}

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(hold, release))]
pub struct Doc;
