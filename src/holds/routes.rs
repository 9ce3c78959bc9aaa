//! HTTP side of holds: the `/ws` upgrade and the hold API for kiosks and scripts.

use super::{Actor, HeldSeats, Holds};
use crate::http::{ApiResult, Data, Json, Path};
use crate::users::{AuthUser, Users};
use axum::extract::{FromRef, State};
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HoldBody {
    seat_id: String,
}

/// `POST /api/v1/showtimes/{id}/holds {seat_id}`: hold a seat (both of a couple pair).
async fn hold(
    State(holds): State<Holds>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(body): Json<HoldBody>,
) -> ApiResult<Data<HeldSeats>> {
    let actor = Actor::from_auth(&auth)?;
    Ok(Data(holds.hold(&id, &body.seat_id, &actor).await?))
}

/// `DELETE /api/v1/showtimes/{id}/holds/{seat_id}`: release one of my seats.
async fn release(
    State(holds): State<Holds>,
    auth: AuthUser,
    Path((id, seat_id)): Path<(String, String)>,
) -> ApiResult<Data<HeldSeats>> {
    let actor = Actor::from_auth(&auth)?;
    Ok(Data(holds.release(&id, &seat_id, &actor).await?))
}
