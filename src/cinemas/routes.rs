//! HTTP handlers of the cinemas domain: cinemas, halls, seats, prices, holidays, showtimes.

use super::batch::BatchRequest;
use super::service::{CinemaFilter, NewHall};
use super::Cinemas;
use super::{Cinema, Hall, HallDetail, HallType, Holiday, NewCinema, Price, Showtime};
use crate::config::Settings;
use crate::http::doc::Ok;
use crate::http::{ApiError, ApiResult, Created, Data, Json, Page, Paging, Path, Query};
use crate::users::{perm, Can, Users};
use axum::extract::{FromRef, State};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use serde::Deserialize;
use std::sync::Arc;

/// Routes of this domain.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Cinemas: FromRef<S>,
    Users: FromRef<S>,
    Arc<Settings>: FromRef<S>,
{
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
        .route("/api/v1/holidays", get(list_holidays).post(add_holiday))
        .route(
            "/api/v1/holidays/{date}",
            axum::routing::delete(delete_holiday),
        )
        .route("/api/v1/showtimes", get(list_showtimes))
        .route("/api/v1/showtimes/batch", post(schedule))
        .route("/api/v1/showtimes/{id}", get(get_showtime))
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
#[utoipa::path(get, path = "/api/v1/cinemas", tag = "cinemas", params(CinemaParams), responses((status = 200, description = "One page of cinemas (nearest first with lat, lng and radius_km)", body = Ok<Page<Cinema>>)))]
async fn list_cinemas(
    State(c): State<Cinemas>,
    State(settings): State<Arc<Settings>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Data<Page<Cinema>>> {
    let (filter, paging) = cinema_filter(pairs)?;
    let items = c.list_cinemas(&filter).await?;
    Ok(Data(page(items, paging, settings.catalog.max_page_limit)?))
}

/// `POST /api/v1/cinemas` (`cinema:manage`).
#[utoipa::path(post, path = "/api/v1/cinemas", tag = "cinemas", request_body = NewCinema, security(("bearer" = ["cinema:manage"])), responses((status = 201, description = "Created", body = Ok<Cinema>)))]
async fn create_cinema(
    State(c): State<Cinemas>,
    _auth: Can<perm::CinemaManage>,
    Json(b): Json<NewCinema>,
) -> ApiResult<Created<Cinema>> {
    Ok(Created(c.create_cinema(b).await?))
}

/// `GET /api/v1/cinemas/{id}`.
#[utoipa::path(get, path = "/api/v1/cinemas/{id}", tag = "cinemas", params(("id" = String, Path)), responses((status = 200, description = "The cinema", body = Ok<Cinema>)))]
async fn get_cinema(State(c): State<Cinemas>, Path(id): Path<String>) -> ApiResult<Data<Cinema>> {
    Ok(Data(c.cinema(&id).await?))
}

/// `PUT /api/v1/cinemas/{id}` (`cinema:manage`).
#[utoipa::path(put, path = "/api/v1/cinemas/{id}", tag = "cinemas", params(("id" = String, Path)), request_body = NewCinema, security(("bearer" = ["cinema:manage"])), responses((status = 200, description = "Replaced", body = Ok<Cinema>)))]
async fn update_cinema(
    State(c): State<Cinemas>,
    _auth: Can<perm::CinemaManage>,
    Path(id): Path<String>,
    Json(b): Json<NewCinema>,
) -> ApiResult<Data<Cinema>> {
    Ok(Data(c.update_cinema(&id, b).await?))
}

/// `DELETE /api/v1/cinemas/{id}` (`cinema:manage`).
#[utoipa::path(delete, path = "/api/v1/cinemas/{id}", tag = "cinemas", params(("id" = String, Path)), security(("bearer" = ["cinema:manage"])), responses((status = 200, description = "Deleted", body = Ok<serde_json::Value>)))]
async fn delete_cinema(
    State(c): State<Cinemas>,
    _auth: Can<perm::CinemaManage>,
    Path(id): Path<String>,
) -> ApiResult<Data<serde_json::Value>> {
    c.delete_cinema(&id).await?;
    Ok(Data(serde_json::json!({"deleted": id})))
}

/// `GET /api/v1/cinemas/{id}/halls`.
#[utoipa::path(get, path = "/api/v1/cinemas/{id}/halls", tag = "cinemas", params(("id" = String, Path)), responses((status = 200, description = "The cinema's halls", body = Ok<Vec<Hall>>)))]
async fn list_halls(
    State(c): State<Cinemas>,
    Path(id): Path<String>,
) -> ApiResult<Data<Vec<Hall>>> {
    Ok(Data(c.halls(&id).await?))
}

/// `POST /api/v1/cinemas/{id}/halls` (`cinema:manage`): a hall from a layout description.
#[utoipa::path(post, path = "/api/v1/cinemas/{id}/halls", tag = "cinemas", params(("id" = String, Path)), request_body = NewHall, security(("bearer" = ["cinema:manage"])), responses((status = 201, description = "The hall with its seats", body = Ok<HallDetail>)))]
async fn create_hall(
    State(c): State<Cinemas>,
    _auth: Can<perm::CinemaManage>,
    Path(id): Path<String>,
    Json(b): Json<NewHall>,
) -> ApiResult<Created<HallDetail>> {
    Ok(Created(c.create_hall(&id, b).await?))
}

/// `GET /api/v1/halls/{id}`: the hall with its seats and prices.
#[utoipa::path(get, path = "/api/v1/halls/{id}", tag = "cinemas", params(("id" = String, Path)), responses((status = 200, description = "The hall with its seats and prices", body = Ok<HallDetail>)))]
async fn get_hall(State(c): State<Cinemas>, Path(id): Path<String>) -> ApiResult<Data<HallDetail>> {
    Ok(Data(c.hall(&id).await?))
}

/// `GET /api/v1/halls/{id}/prices`.
#[utoipa::path(get, path = "/api/v1/halls/{id}/prices", tag = "cinemas", params(("id" = String, Path)), responses((status = 200, description = "The hall's prices", body = Ok<Vec<Price>>)))]
async fn list_prices(
    State(c): State<Cinemas>,
    Path(id): Path<String>,
) -> ApiResult<Data<Vec<Price>>> {
    Ok(Data(c.prices(&id).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PricesBody {
    prices: Vec<Price>,
}

/// `PUT /api/v1/halls/{id}/prices` (`cinema:manage`): set combinations (others unchanged).
#[utoipa::path(put, path = "/api/v1/halls/{id}/prices", tag = "cinemas", params(("id" = String, Path)), request_body = PricesBody, security(("bearer" = ["cinema:manage"])), responses((status = 200, description = "The hall's prices", body = Ok<Vec<Price>>)))]
async fn set_prices(
    State(c): State<Cinemas>,
    _auth: Can<perm::CinemaManage>,
    Path(id): Path<String>,
    Json(b): Json<PricesBody>,
) -> ApiResult<Data<Vec<Price>>> {
    Ok(Data(c.set_prices(&id, b.prices).await?))
}

/// `GET /api/v1/holidays`.
#[utoipa::path(get, path = "/api/v1/holidays", tag = "cinemas", responses((status = 200, description = "The holiday calendar", body = Ok<Vec<Holiday>>)))]
async fn list_holidays(State(c): State<Cinemas>) -> ApiResult<Data<Vec<Holiday>>> {
    Ok(Data(c.holidays().await?))
}

/// `POST /api/v1/holidays` (`cinema:manage`).
#[utoipa::path(post, path = "/api/v1/holidays", tag = "cinemas", request_body = Holiday, security(("bearer" = ["cinema:manage"])), responses((status = 201, description = "Added", body = Ok<Holiday>)))]
async fn add_holiday(
    State(c): State<Cinemas>,
    _auth: Can<perm::CinemaManage>,
    Json(b): Json<Holiday>,
) -> ApiResult<Created<Holiday>> {
    Ok(Created(c.add_holiday(b).await?))
}

/// `DELETE /api/v1/holidays/{date}` (`cinema:manage`).
#[utoipa::path(delete, path = "/api/v1/holidays/{date}", tag = "cinemas", params(("date" = String, Path, description = "YYYY-MM-DD")), security(("bearer" = ["cinema:manage"])), responses((status = 200, description = "Removed", body = Ok<serde_json::Value>)))]
async fn delete_holiday(
    State(c): State<Cinemas>,
    _auth: Can<perm::CinemaManage>,
    Path(date): Path<String>,
) -> ApiResult<Data<serde_json::Value>> {
    let d: NaiveDate = date
        .parse()
        .map_err(|_| ApiError::invalid("date", "must be YYYY-MM-DD"))?;
    c.delete_holiday(d).await?;
    Ok(Data(serde_json::json!({"deleted": d})))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
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
#[utoipa::path(get, path = "/api/v1/showtimes", tag = "showtimes", params(ShowtimeQuery), responses((status = 200, description = "One page of showtimes", body = Ok<Page<Showtime>>)))]
async fn list_showtimes(
    State(c): State<Cinemas>,
    State(settings): State<Arc<Settings>>,
    Query(q): Query<ShowtimeQuery>,
) -> ApiResult<Data<Page<Showtime>>> {
    let items = c
        .list_showtimes(q.movie_id, q.cinema_id, q.hall_id, q.date)
        .await?;
    let paging = Paging {
        page: q.page,
        limit: q.limit,
    };
    Ok(Data(page(items, paging, settings.catalog.max_page_limit)?))
}

/// `POST /api/v1/showtimes/batch` (`showtime:manage`).
#[utoipa::path(post, path = "/api/v1/showtimes/batch", tag = "showtimes", request_body = BatchRequest, security(("bearer" = ["showtime:manage"])), responses((status = 201, description = "The showtimes created; nothing is saved when one clashes", body = Ok<Vec<Showtime>>)))]
async fn schedule(
    State(c): State<Cinemas>,
    _auth: Can<perm::ShowtimeManage>,
    Json(b): Json<BatchRequest>,
) -> ApiResult<Created<Vec<Showtime>>> {
    Ok(Created(c.schedule(b).await?))
}

/// `GET /api/v1/showtimes/{id}`.
#[utoipa::path(get, path = "/api/v1/showtimes/{id}", tag = "showtimes", params(("id" = String, Path)), responses((status = 200, description = "The showtime", body = Ok<Showtime>)))]
async fn get_showtime(
    State(c): State<Cinemas>,
    Path(id): Path<String>,
) -> ApiResult<Data<Showtime>> {
    Ok(Data(c.showtime(&id).await?))
}

/// `GET /api/v1/movies/{id}/showtimes`: the movie's upcoming showtimes at this site.
#[utoipa::path(get, path = "/api/v1/movies/{id}/showtimes", tag = "showtimes", params(("id" = String, Path)), responses((status = 200, description = "The movie's upcoming showtimes here", body = Ok<Vec<Showtime>>)))]
async fn movie_showtimes(
    State(c): State<Cinemas>,
    Path(id): Path<String>,
) -> ApiResult<Data<Vec<Showtime>>> {
    Ok(Data(c.upcoming_for_movie(&id).await?))
}

/// The cinema list's query, as the document shows it (the handler reads the pairs itself, so
/// that `amenity` may repeat and an unknown key is named).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct CinemaParams {
    /// Name search (also `name`).
    q: Option<String>,
    city: Option<String>,
    district: Option<String>,
    /// An amenity the cinema must have; repeat for several.
    amenity: Option<Vec<String>>,
    /// A hall type the cinema must have.
    hall_type: Option<String>,
    min_rating: Option<f64>,
    /// With `lng` and `radius_km`: cinemas within the radius, nearest first.
    lat: Option<f64>,
    lng: Option<f64>,
    radius_km: Option<f64>,
    page: Option<u32>,
    limit: Option<u32>,
}

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    list_cinemas,
    create_cinema,
    get_cinema,
    update_cinema,
    delete_cinema,
    list_halls,
    create_hall,
    get_hall,
    list_prices,
    set_prices,
    list_holidays,
    add_holiday,
    delete_holiday,
    list_showtimes,
    schedule,
    get_showtime,
    movie_showtimes
))]
pub struct Doc;
