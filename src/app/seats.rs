//! Where cinemas meet bookings and holds on a seat: the live seat map a client reads (the
//! hall's seats from cinemas, pending and sold seats from the ledger, holds from the hold
//! book, with the showtime's event `seq`), and a manager taking a seat out of service (holds
//! and the available counts of the hall's showtimes follow at once).

use super::taken::TakenCounts;
use crate::bookings::{Ledger, Taken};
use crate::cinemas::{Cinemas, Seat, SeatMap, SeatState, SeatStatus};
use crate::holds::Holds;
use crate::http::doc::Ok;
use crate::http::{ApiError, ApiResult, Data, Json, Path};
use crate::users::{perm, Can, MaybeUser, Users};
use axum::extract::{FromRef, State};
use axum::routing::{get, put};
use axum::Router;
use serde::Deserialize;

/// What the seat routes read.
#[derive(Clone)]
pub struct SeatViews {
    /// Halls and seats.
    pub cinemas: Cinemas,
    /// Pending and sold seats.
    pub ledger: Ledger,
    /// Held seats.
    pub holds: Holds,
    /// Available counts.
    pub counts: TakenCounts,
}

/// The seat map and seat status routes.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    SeatViews: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/api/v1/showtimes/{id}/seats", get(seat_map))
        .route("/api/v1/seats/{id}/status", put(set_seat_status))
}

/// The seat map of a showtime as `viewer` (if signed in) sees it.
pub async fn live_seat_map(
    v: &SeatViews,
    showtime_id: &str,
    viewer: Option<&str>,
) -> Result<SeatMap, ApiError> {
    let mut map = v.cinemas.seat_map(showtime_id).await?;
    let taken = v.ledger.taken(showtime_id).await?;
    // Read the holds after the ledger: a hold turning into a booking in between shows as
    // pending rather than vanishing.
    let (seq, held) = v.holds.overlay(showtime_id, viewer);
    for (seat_id, t) in &taken {
        let s = match t {
            Taken::Pending => SeatState::Pending,
            Taken::Sold => SeatState::Sold,
        };
        map.set_state(seat_id, s, false);
    }
    for (seat_id, mine) in held {
        if !taken.contains_key(&seat_id) {
            map.set_state(&seat_id, SeatState::Held, mine);
        }
    }
    map.seq = seq;
    map.recount();
    Ok(map)
}

/// `GET /api/v1/showtimes/{id}/seats`: the live seat map (held seats marked `mine` for the
/// signed-in viewer).
#[utoipa::path(get, path = "/api/v1/showtimes/{id}/seats", tag = "seats", params(("id" = String, Path)), responses((status = 200, description = "The live seat map; held seats marked `mine` for a signed-in viewer", body = Ok<SeatMap>)))]
async fn seat_map(
    State(v): State<SeatViews>,
    viewer: MaybeUser,
    Path(id): Path<String>,
) -> ApiResult<Data<SeatMap>> {
    let viewer = viewer.0.map(|u| u.id);
    Ok(Data(live_seat_map(&v, &id, viewer.as_deref()).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct SeatStatusBody {
    status: SeatStatus,
}

/// `PUT /api/v1/seats/{id}/status` (`cinema:manage`): ACTIVE / BROKEN / MAINTENANCE.
#[utoipa::path(put, path = "/api/v1/seats/{id}/status", tag = "seats", params(("id" = String, Path)), request_body = SeatStatusBody, security(("bearer" = ["cinema:manage"])), responses((status = 200, description = "The seat (both of a couple pair)", body = Ok<Vec<Seat>>)))]
async fn set_seat_status(
    State(v): State<SeatViews>,
    _auth: Can<perm::CinemaManage>,
    Path(id): Path<String>,
    Json(b): Json<SeatStatusBody>,
) -> ApiResult<Data<Vec<Seat>>> {
    let seats = v.cinemas.set_seat_status(&id, b.status).await?;
    // Showtimes of the hall that have not ended: holds see the change at once, and the
    // available count is recounted (a sold seat out of service is not subtracted twice).
    if let Some(hall) = seats.first().map(|x| x.hall_id.clone()) {
        for st in v
            .cinemas
            .list_showtimes(None, None, Some(hall), None)
            .await?
        {
            v.counts.seats_changed(&st.id);
        }
    }
    Ok(Data(seats))
}

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(seat_map, set_seat_status))]
pub struct Doc;
