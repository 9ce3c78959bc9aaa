//! HTTP handlers of promotions for managers: list, read, create, change. Checking a code
//! against a basket is `POST /api/v1/promotions/validate`, served with the quote by bookings.

use super::{NewPromotion, Promotion, Promotions};
use crate::http::doc::Ok;
use crate::http::{ApiResult, Created, Data, Json, Path};
use crate::users::{perm, Can, Users};
use axum::extract::{FromRef, State};
use axum::routing::get;
use axum::Router;

/// Routes of this domain.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Promotions: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/api/v1/promotions", get(list).post(create))
        .route("/api/v1/promotions/{id}", get(one).put(update))
}

/// `GET /api/v1/promotions` (`promotion:manage`).
#[utoipa::path(get, path = "/api/v1/promotions", tag = "promotions", security(("bearer" = ["promotion:manage"])), responses((status = 200, description = "Every promotion code", body = Ok<Vec<Promotion>>)))]
async fn list(
    State(p): State<Promotions>,
    auth: Can<perm::PromotionManage>,
) -> ApiResult<Data<Vec<Promotion>>> {
    Ok(Data(p.list(&auth).await?))
}

/// `GET /api/v1/promotions/{id}` (`promotion:manage`).
#[utoipa::path(get, path = "/api/v1/promotions/{id}", tag = "promotions", params(("id" = String, Path)), security(("bearer" = ["promotion:manage"])), responses((status = 200, description = "The promotion", body = Ok<Promotion>)))]
async fn one(
    State(p): State<Promotions>,
    auth: Can<perm::PromotionManage>,
    Path(id): Path<String>,
) -> ApiResult<Data<Promotion>> {
    Ok(Data(p.get(&auth, &id).await?))
}

/// `POST /api/v1/promotions` (`promotion:manage`).
#[utoipa::path(post, path = "/api/v1/promotions", tag = "promotions", request_body = NewPromotion, security(("bearer" = ["promotion:manage"])), responses((status = 201, description = "Created", body = Ok<Promotion>)))]
async fn create(
    State(p): State<Promotions>,
    auth: Can<perm::PromotionManage>,
    Json(body): Json<NewPromotion>,
) -> ApiResult<Created<Promotion>> {
    Ok(Created(p.create(&auth, body).await?))
}

/// `PUT /api/v1/promotions/{id}` (`promotion:manage`): every term; the use count stays.
#[utoipa::path(put, path = "/api/v1/promotions/{id}", tag = "promotions", params(("id" = String, Path)), request_body = NewPromotion, security(("bearer" = ["promotion:manage"])), responses((status = 200, description = "Replaced", body = Ok<Promotion>)))]
async fn update(
    State(p): State<Promotions>,
    auth: Can<perm::PromotionManage>,
    Path(id): Path<String>,
    Json(body): Json<NewPromotion>,
) -> ApiResult<Data<Promotion>> {
    Ok(Data(p.update(&auth, &id, body).await?))
}

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, one, create, update))]
pub struct Doc;
