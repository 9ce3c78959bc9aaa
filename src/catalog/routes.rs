//! HTTP handlers of the catalog. Reads are public; writes need `movie:manage`.

use super::query::PageParams;
use super::Catalog;
use super::{Genre, ListParams, Movie, MovieQuery, NewMovie};
use crate::config::Settings;
use crate::http::doc::Ok;
use crate::http::{ApiResult, Created, Data, Json, Page, Path, Query};
use crate::users::{perm, Can, Users};
use axum::extract::{FromRef, State};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use std::sync::Arc;

/// Routes of this domain.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Catalog: FromRef<S>,
    Users: FromRef<S>,
    Arc<Settings>: FromRef<S>,
{
    Router::new()
        .route("/api/v1/movies", get(list).post(create))
        .route("/api/v1/movies/{id}", get(show).put(replace))
        .route("/api/v1/genres", get(genres).post(create_genre))
}

/// `GET /api/v1/movies`: filters `genre`, `age_rating`, `status`, `q`; `sort`, `order`,
/// `page`, `limit`.
#[utoipa::path(get, path = "/api/v1/movies", tag = "catalog", params(ListParams),
    responses((status = 200, description = "One page of movies", body = Ok<Page<Movie>>)))]
async fn list(
    State(c): State<Catalog>,
    State(settings): State<Arc<Settings>>,
    Query(params): Query<ListParams>,
) -> ApiResult<Data<Page<Movie>>> {
    let query = MovieQuery::parse(&params, settings.catalog.max_page_limit)?;
    Ok(Data(c.list(query).await?))
}

/// `GET /api/v1/movies/{id}`: one movie with genres and releases.
#[utoipa::path(get, path = "/api/v1/movies/{id}", tag = "catalog", params(("id" = String, Path)),
    responses((status = 200, description = "The movie", body = Ok<Movie>)))]
async fn show(State(c): State<Catalog>, Path(id): Path<String>) -> ApiResult<Data<Movie>> {
    Ok(Data(c.get(&id).await?))
}

/// `POST /api/v1/movies` (`movie:manage`).
#[utoipa::path(post, path = "/api/v1/movies", tag = "catalog", request_body = NewMovie,
    security(("bearer" = ["movie:manage"])),
    responses((status = 201, description = "Created", body = Ok<Movie>)))]
async fn create(
    State(c): State<Catalog>,
    _auth: Can<perm::MovieManage>,
    Json(body): Json<NewMovie>,
) -> ApiResult<Created<Movie>> {
    Ok(Created(c.create(body).await?))
}

/// `PUT /api/v1/movies/{id}` (`movie:manage`): replace the whole movie.
#[utoipa::path(put, path = "/api/v1/movies/{id}", tag = "catalog", params(("id" = String, Path)), request_body = NewMovie,
    security(("bearer" = ["movie:manage"])),
    responses((status = 200, description = "Replaced", body = Ok<Movie>)))]
async fn replace(
    State(c): State<Catalog>,
    _auth: Can<perm::MovieManage>,
    Path(id): Path<String>,
    Json(body): Json<NewMovie>,
) -> ApiResult<Data<Movie>> {
    Ok(Data(c.replace(&id, body).await?))
}

/// `GET /api/v1/genres`: by name, paged.
#[utoipa::path(get, path = "/api/v1/genres", tag = "catalog", params(PageParams),
    responses((status = 200, description = "One page of genres", body = Ok<Page<Genre>>)))]
async fn genres(
    State(c): State<Catalog>,
    State(settings): State<Arc<Settings>>,
    Query(p): Query<PageParams>,
) -> ApiResult<Data<Page<Genre>>> {
    let (page, limit) = p.resolve(settings.catalog.max_page_limit)?;
    Ok(Data(c.genres(page, limit).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct GenreBody {
    name: String,
}

/// `POST /api/v1/genres` (`movie:manage`).
#[utoipa::path(post, path = "/api/v1/genres", tag = "catalog", request_body = GenreBody,
    security(("bearer" = ["movie:manage"])),
    responses((status = 201, description = "Created", body = Ok<Genre>)))]
async fn create_genre(
    State(c): State<Catalog>,
    _auth: Can<perm::MovieManage>,
    Json(body): Json<GenreBody>,
) -> ApiResult<Created<Genre>> {
    Ok(Created(c.create_genre(&body.name).await?))
}

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, show, create, replace, genres, create_genre))]
pub struct Doc;
