//! HTTP handlers of concessions: the menu (public), items and stock movements (managers).

use super::service::StockChange;
use super::{Concessions, Item, Movement, NewItem};
use crate::http::doc::Ok;
use crate::http::{ApiResult, Created, Data, Json, Path, Query};
use crate::users::{perm, Can, Users};
use axum::extract::{FromRef, State};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

/// Routes of this domain.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Concessions: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/api/v1/concessions", get(list).post(create))
        .route("/api/v1/concessions/all", get(list_all))
        .route("/api/v1/concessions/{id}", get(one).put(update))
        .route("/api/v1/concessions/{id}/stock", post(stock))
        .route("/api/v1/concessions/{id}/movements", get(movements))
}

/// `GET /api/v1/concessions`: the items on sale, with pictures, stock and allergens.
#[utoipa::path(get, path = "/api/v1/concessions", tag = "concessions", responses((status = 200, description = "The items on sale", body = Ok<Vec<Item>>)))]
async fn list(State(c): State<Concessions>) -> ApiResult<Data<Vec<Item>>> {
    Ok(Data(c.on_sale().await?))
}

/// `GET /api/v1/concessions/all` (`concession:manage`): inactive items too.
#[utoipa::path(get, path = "/api/v1/concessions/all", tag = "concessions", security(("bearer" = ["concession:manage"])), responses((status = 200, description = "Every item, on sale or not", body = Ok<Vec<Item>>)))]
async fn list_all(
    State(c): State<Concessions>,
    _auth: Can<perm::ConcessionManage>,
) -> ApiResult<Data<Vec<Item>>> {
    Ok(Data(c.menu().await?.items().to_vec()))
}

/// `GET /api/v1/concessions/{id}`.
#[utoipa::path(get, path = "/api/v1/concessions/{id}", tag = "concessions", params(("id" = String, Path)), responses((status = 200, description = "The item", body = Ok<Item>)))]
async fn one(State(c): State<Concessions>, Path(id): Path<String>) -> ApiResult<Data<Item>> {
    Ok(Data(c.get(&id).await?))
}

/// `POST /api/v1/concessions` (`concession:manage`).
#[utoipa::path(post, path = "/api/v1/concessions", tag = "concessions", request_body = NewItem, security(("bearer" = ["concession:manage"])), responses((status = 201, description = "Created", body = Ok<Item>)))]
async fn create(
    State(c): State<Concessions>,
    auth: Can<perm::ConcessionManage>,
    Json(body): Json<NewItem>,
) -> ApiResult<Created<Item>> {
    Ok(Created(c.create(&auth, body).await?))
}

/// `PUT /api/v1/concessions/{id}` (`concession:manage`): every field but stock.
#[utoipa::path(put, path = "/api/v1/concessions/{id}", tag = "concessions", params(("id" = String, Path)), request_body = NewItem, security(("bearer" = ["concession:manage"])), responses((status = 200, description = "Replaced", body = Ok<Item>)))]
async fn update(
    State(c): State<Concessions>,
    auth: Can<perm::ConcessionManage>,
    Path(id): Path<String>,
    Json(body): Json<NewItem>,
) -> ApiResult<Data<Item>> {
    Ok(Data(c.update(&auth, &id, body).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Change {
    Restock,
    WriteOff,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct StockBody {
    change: Change,
    qty: i64,
    #[serde(default)]
    note: String,
}

/// `POST /api/v1/concessions/{id}/stock {change: RESTOCK|WRITE_OFF, qty, note}`
/// (`concession:manage`): a recorded movement.
#[utoipa::path(post, path = "/api/v1/concessions/{id}/stock", tag = "concessions", params(("id" = String, Path)), request_body = StockBody, security(("bearer" = ["concession:manage"])), responses((status = 201, description = "The stock movement", body = Ok<Movement>)))]
async fn stock(
    State(c): State<Concessions>,
    auth: Can<perm::ConcessionManage>,
    Path(id): Path<String>,
    Json(body): Json<StockBody>,
) -> ApiResult<Created<Movement>> {
    let change = match body.change {
        Change::Restock => StockChange::Restock,
        Change::WriteOff => StockChange::WriteOff,
    };
    Ok(Created(
        c.change_stock(&auth, &id, change, body.qty, body.note)
            .await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct MovementsQuery {
    limit: Option<u32>,
}

/// `GET /api/v1/concessions/{id}/movements?limit=` (`concession:manage`), newest first.
#[utoipa::path(get, path = "/api/v1/concessions/{id}/movements", tag = "concessions", params(("id" = String, Path), MovementsQuery), security(("bearer" = ["concession:manage"])), responses((status = 200, description = "The item's stock movements", body = Ok<Vec<Movement>>)))]
async fn movements(
    State(c): State<Concessions>,
    auth: Can<perm::ConcessionManage>,
    Path(id): Path<String>,
    Query(q): Query<MovementsQuery>,
) -> ApiResult<Data<Vec<Movement>>> {
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    Ok(Data(c.movements(&auth, &id, limit).await?))
}

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, list_all, one, create, update, stock, movements))]
pub struct Doc;
