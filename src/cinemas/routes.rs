//! HTTP handlers of the cinemas domain: cinemas, halls, seats, prices, holidays, showtimes.

use super::service::{CinemaFilter, NewHall};
use super::showtimes::BatchRequest;
use super::{
    Cinema, Hall, HallDetail, HallType, Holiday, NewCinema, Price, Seat, SeatMap, SeatStatus,
    Showtime,
};
use crate::http::{ApiError, ApiResult, Created, Data, Json, Page, Paging, Path, Query};
use crate::state::AppState;
use crate::users::AuthUser;
use axum::extract::State;
use axum::routing::{get, post, put};
use axum::Router;
use chrono::NaiveDate;
use serde::Deserialize;

/// Routes of this domain.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/cinemas", get(list_cinemas).post(create_cinema))
        .route(
            "/api/v1/cinemas/{id}",
            get(get_cinema).put(update_cinema).delete(delete_cinema),
        )
        .route(
            "/api/v1/cinemas/{id}/halls",
            get(list_halls).post(create_hall),
        )
        .route("/api/v1/halls/{id}", get(get_hall))
        .route(
            "/api/v1/halls/{id}/prices",
            get(list_prices).put(set_prices),
        )
        .route("/api/v1/seats/{id}/status", put(set_seat_status))
        .route("/api/v1/holidays", get(list_holidays).post(add_holiday))
        .route(
            "/api/v1/holidays/{date}",
            axum::routing::delete(delete_holiday),
        )
        .route("/api/v1/showtimes", get(list_showtimes))
        .route("/api/v1/showtimes/batch", post(schedule))
        .route("/api/v1/showtimes/{id}", get(get_showtime))
        .route("/api/v1/showtimes/{id}/seats", get(seat_map))
        .route("/api/v1/showtimes/{id}/cancel", post(cancel_showtime))
        .route("/api/v1/movies/{id}/showtimes", get(movie_showtimes))
}

fn page<T: Clone>(items: Vec<T>, paging: Paging, max: u32) -> ApiResult<Page<T>> {
    let (page, limit) = paging.resolve(max)?;
    let start = ((page - 1) as usize).saturating_mul(limit as usize);
    Ok(Page {
        total: items.len() as i64,
        items: items.into_iter().skip(start).take(limit as usize).collect(),
        page,
        limit,
    })
}

fn number(key: &str, v: &str) -> ApiResult<f64> {
    v.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| ApiError::invalid(key, "must be a number"))
}

/// Parse the cinema list's query pairs (repeated `amenity` keys all count).
fn cinema_filter(pairs: Vec<(String, String)>) -> ApiResult<(CinemaFilter, Paging)> {
    let mut f = CinemaFilter::default();
    let mut paging = Paging {
        page: None,
        limit: None,
    };
    let (mut lat, mut lng, mut radius) = (None, None, None);
    for (k, v) in pairs {
        let nonempty = || (!v.trim().is_empty()).then(|| v.clone());
        match k.as_str() {
            "q" | "name" => f.q = nonempty(),
            "city" => f.city = nonempty(),
            "district" => f.district = nonempty(),
            "amenity" | "amenities" => f.amenities.extend(nonempty()),
            "hall_type" => {
                f.hall_type = Some(HallType::parse(&v).ok_or_else(|| {
                    ApiError::invalid("hall_type", format!("must be one of {}", HallType::codes()))
                })?)
            }
            "min_rating" => f.min_rating = Some(number("min_rating", &v)?),
            "lat" => lat = Some(number("lat", &v)?),
            "lng" => lng = Some(number("lng", &v)?),
            "radius_km" => radius = Some(number("radius_km", &v)?),
            "page" => {
                paging.page = Some(
                    v.parse()
                        .map_err(|_| ApiError::invalid("page", "must be a whole number"))?,
                )
            }
            "limit" => {
                paging.limit = Some(
                    v.parse()
                        .map_err(|_| ApiError::invalid("limit", "must be a whole number"))?,
                )
            }
            other => return Err(ApiError::invalid(other, "unknown query parameter")),
        }
    }
    match (lat, lng, radius) {
        (None, None, None) => {}
        (Some(la), Some(ln), Some(r)) => {
            if !(-90.0..=90.0).contains(&la) {
                return Err(ApiError::invalid("lat", "must be between -90 and 90"));
            }
            if !(-180.0..=180.0).contains(&ln) {
                return Err(ApiError::invalid("lng", "must be between -180 and 180"));
            }
            if !(r > 0.0 && r <= 20_000.0) {
                return Err(ApiError::invalid(
                    "radius_km",
                    "must be above 0 and at most 20000",
                ));
            }
            f.near = Some((la, ln, r));
        }
        _ => {
            let missing = [("lat", lat), ("lng", lng), ("radius_km", radius)]
                .into_iter()
                .find(|(_, v)| v.is_none())
                .map(|(k, _)| k)
                .unwrap_or("lat");
            return Err(ApiError::invalid(
                missing,
                "lat, lng and radius_km go together",
            ));
        }
    }
    Ok((f, paging))
}

/// `GET /api/v1/cinemas`: search, filters, nearby.
async fn list_cinemas(
    State(s): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Data<Page<Cinema>>> {
    let (filter, paging) = cinema_filter(pairs)?;
    let items = s.cinemas.list_cinemas(&filter).await?;
    Ok(Data(page(
        items,
        paging,
        s.settings.catalog.max_page_limit,
    )?))
}

/// `POST /api/v1/cinemas` (`cinema:manage`).
async fn create_cinema(
    State(s): State<AppState>,
    auth: AuthUser,
    Json(b): Json<NewCinema>,
) -> ApiResult<Created<Cinema>> {
    auth.require("cinema:manage")?;
    Ok(Created(s.cinemas.create_cinema(b).await?))
}

/// `GET /api/v1/cinemas/{id}`.
async fn get_cinema(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Data<Cinema>> {
    Ok(Data(s.cinemas.cinema(&id).await?))
}

/// `PUT /api/v1/cinemas/{id}` (`cinema:manage`).
async fn update_cinema(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(b): Json<NewCinema>,
) -> ApiResult<Data<Cinema>> {
    auth.require("cinema:manage")?;
    Ok(Data(s.cinemas.update_cinema(&id, b).await?))
}

/// `DELETE /api/v1/cinemas/{id}` (`cinema:manage`).
async fn delete_cinema(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<serde_json::Value>> {
    auth.require("cinema:manage")?;
    s.cinemas.delete_cinema(&id).await?;
    Ok(Data(serde_json::json!({"deleted": id})))
}

/// `GET /api/v1/cinemas/{id}/halls`.
async fn list_halls(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Data<Vec<Hall>>> {
    Ok(Data(s.cinemas.halls(&id).await?))
}

/// `POST /api/v1/cinemas/{id}/halls` (`cinema:manage`): a hall from a layout description.
async fn create_hall(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(b): Json<NewHall>,
) -> ApiResult<Created<HallDetail>> {
    auth.require("cinema:manage")?;
    Ok(Created(s.cinemas.create_hall(&id, b).await?))
}

/// `GET /api/v1/halls/{id}`: the hall with its seats and prices.
async fn get_hall(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Data<HallDetail>> {
    Ok(Data(s.cinemas.hall(&id).await?))
}

/// `GET /api/v1/halls/{id}/prices`.
async fn list_prices(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Data<Vec<Price>>> {
    Ok(Data(s.cinemas.prices(&id).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PricesBody {
    prices: Vec<Price>,
}

/// `PUT /api/v1/halls/{id}/prices` (`cinema:manage`): set combinations (others unchanged).
async fn set_prices(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(b): Json<PricesBody>,
) -> ApiResult<Data<Vec<Price>>> {
    auth.require("cinema:manage")?;
    Ok(Data(s.cinemas.set_prices(&id, b.prices).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeatStatusBody {
    status: SeatStatus,
}

/// `PUT /api/v1/seats/{id}/status` (`cinema:manage`): ACTIVE / BROKEN / MAINTENANCE.
async fn set_seat_status(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(b): Json<SeatStatusBody>,
) -> ApiResult<Data<Vec<Seat>>> {
    auth.require("cinema:manage")?;
    let seats = s.cinemas.set_seat_status(&id, b.status).await?;
    // Showtimes of the hall that have not ended: holds see the change at once, and the
    // available count is recounted (a sold seat out of service is not subtracted twice).
    if let Some(hall) = seats.first().map(|x| x.hall_id.clone()) {
        for st in s
            .cinemas
            .list_showtimes(None, None, Some(hall), None)
            .await?
        {
            crate::bookings::taken::seats_changed(&s, &st.id);
        }
    }
    Ok(Data(seats))
}

/// `GET /api/v1/holidays`.
async fn list_holidays(State(s): State<AppState>) -> ApiResult<Data<Vec<Holiday>>> {
    Ok(Data(s.cinemas.holidays().await?))
}

/// `POST /api/v1/holidays` (`cinema:manage`).
async fn add_holiday(
    State(s): State<AppState>,
    auth: AuthUser,
    Json(b): Json<Holiday>,
) -> ApiResult<Created<Holiday>> {
    auth.require("cinema:manage")?;
    Ok(Created(s.cinemas.add_holiday(b).await?))
}

/// `DELETE /api/v1/holidays/{date}` (`cinema:manage`).
async fn delete_holiday(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(date): Path<String>,
) -> ApiResult<Data<serde_json::Value>> {
    auth.require("cinema:manage")?;
    let d: NaiveDate = date
        .parse()
        .map_err(|_| ApiError::invalid("date", "must be YYYY-MM-DD"))?;
    s.cinemas.delete_holiday(d).await?;
    Ok(Data(serde_json::json!({"deleted": d})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShowtimeQuery {
    movie_id: Option<String>,
    cinema_id: Option<String>,
    hall_id: Option<String>,
    /// Local date (YYYY-MM-DD) in the cinema's time zone.
    date: Option<NaiveDate>,
    page: Option<u32>,
    limit: Option<u32>,
}

/// `GET /api/v1/showtimes?movie_id&cinema_id&hall_id&date`.
async fn list_showtimes(
    State(s): State<AppState>,
    Query(q): Query<ShowtimeQuery>,
) -> ApiResult<Data<Page<Showtime>>> {
    let items = s
        .cinemas
        .list_showtimes(q.movie_id, q.cinema_id, q.hall_id, q.date)
        .await?;
    let paging = Paging {
        page: q.page,
        limit: q.limit,
    };
    Ok(Data(page(
        items,
        paging,
        s.settings.catalog.max_page_limit,
    )?))
}

/// `POST /api/v1/showtimes/batch` (`showtime:manage`).
async fn schedule(
    State(s): State<AppState>,
    auth: AuthUser,
    Json(b): Json<BatchRequest>,
) -> ApiResult<Created<Vec<Showtime>>> {
    auth.require("showtime:manage")?;
    Ok(Created(s.cinemas.schedule(b).await?))
}

/// `GET /api/v1/showtimes/{id}`.
async fn get_showtime(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Data<Showtime>> {
    Ok(Data(s.cinemas.showtime(&id).await?))
}

/// `GET /api/v1/showtimes/{id}/seats`: the live seat map (held seats marked `mine` for the
/// signed-in viewer).
async fn seat_map(
    State(s): State<AppState>,
    viewer: crate::users::MaybeUser,
    Path(id): Path<String>,
) -> ApiResult<Data<SeatMap>> {
    let viewer = viewer.0.map(|u| u.id);
    Ok(Data(
        crate::holds::seat_view::live_seat_map(&s, &id, viewer.as_deref()).await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CancelBody {
    #[serde(default)]
    reason: Option<String>,
}

/// `POST /api/v1/showtimes/{id}/cancel` (`showtime:manage`); the body is optional.
async fn cancel_showtime(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Data<Showtime>> {
    auth.require("showtime:manage")?;
    let body: CancelBody = if body.iter().all(u8::is_ascii_whitespace) {
        CancelBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid("reason", e))?
    };
    let reason = body.reason.filter(|r| !r.trim().is_empty());
    Ok(Data(s.cinemas.cancel_showtime(&id, reason).await?))
}

/// `GET /api/v1/movies/{id}/showtimes`: the movie's upcoming showtimes at this site.
async fn movie_showtimes(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Data<Vec<Showtime>>> {
    Ok(Data(s.cinemas.upcoming_for_movie(&id).await?))
}
