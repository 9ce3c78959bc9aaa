//! HTTP handlers of the catalog. Reads are public; writes need `movie:manage`.

use super::query::PageParams;
use super::{Genre, ListParams, Movie, MovieQuery, NewMovie};
use crate::http::{ApiError, ApiResult, Created, Data, Json, Page, Path, Query};
use crate::state::AppState;
use crate::users::AuthUser;
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};

/// The permission every catalog write needs.
pub const MANAGE: &str = "movie:manage";

/// Routes of this domain.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/movies", get(list).post(create))
        .route("/api/v1/movies/{id}", get(show).put(replace).delete(remove))
        .route("/api/v1/genres", get(genres).post(create_genre))
}

/// `GET /api/v1/movies`: filters `genre`, `age_rating`, `status`, `q`; `sort`, `order`,
/// `page`, `limit`.
async fn list(
    State(s): State<AppState>,
    Query(params): Query<ListParams>,
) -> ApiResult<Data<Page<Movie>>> {
    let query = MovieQuery::parse(&params, s.settings.catalog.max_page_limit)?;
    Ok(Data(s.catalog.list(query).await?))
}

/// `GET /api/v1/movies/{id}`: one movie with genres and releases.
async fn show(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Data<Movie>> {
    Ok(Data(s.catalog.get(&id).await?))
}

/// `POST /api/v1/movies` (`movie:manage`).
async fn create(
    State(s): State<AppState>,
    auth: AuthUser,
    Json(body): Json<NewMovie>,
) -> ApiResult<Created<Movie>> {
    auth.require(MANAGE)?;
    Ok(Created(s.catalog.create(body).await?))
}

/// `PUT /api/v1/movies/{id}` (`movie:manage`): replace the whole movie.
async fn replace(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(body): Json<NewMovie>,
) -> ApiResult<Data<Movie>> {
    auth.require(MANAGE)?;
    Ok(Data(s.catalog.replace(&id, body).await?))
}

#[derive(Serialize)]
struct Deleted {
    id: String,
    deleted: bool,
}

/// `DELETE /api/v1/movies/{id}` (`movie:manage`): with its releases and genre links.
async fn remove(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<Deleted>> {
    auth.require(MANAGE)?;
    let scheduled = s.cinemas.showtimes_of_movie(&id).await?;
    if scheduled > 0 {
        return Err(ApiError::conflict(format!(
            "movie {id} has {scheduled} showtime(s) that are not cancelled; cancel them before deleting it"
        )));
    }
    s.catalog.delete(&id).await?;
    Ok(Data(Deleted { id, deleted: true }))
}

/// `GET /api/v1/genres`: by name, paged.
async fn genres(
    State(s): State<AppState>,
    Query(p): Query<PageParams>,
) -> ApiResult<Data<Page<Genre>>> {
    let (page, limit) = p.resolve(s.settings.catalog.max_page_limit)?;
    Ok(Data(s.catalog.genres(page, limit).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GenreBody {
    name: String,
}

/// `POST /api/v1/genres` (`movie:manage`).
async fn create_genre(
    State(s): State<AppState>,
    auth: AuthUser,
    Json(body): Json<GenreBody>,
) -> ApiResult<Created<Genre>> {
    auth.require(MANAGE)?;
    Ok(Created(s.catalog.create_genre(&body.name).await?))
}
