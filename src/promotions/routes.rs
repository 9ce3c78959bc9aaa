//! HTTP handlers of promotions for managers: list, read, create, change. Checking a code
//! against a basket is `POST /api/v1/promotions/validate`, served with the quote by bookings.

use super::{NewPromotion, Promotion, Promotions};
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
async fn list(
    State(p): State<Promotions>,
    auth: Can<perm::PromotionManage>,
) -> ApiResult<Data<Vec<Promotion>>> {
    Ok(Data(p.list(&auth).await?))
}

/// `GET /api/v1/promotions/{id}` (`promotion:manage`).
async fn one(
    State(p): State<Promotions>,
    auth: Can<perm::PromotionManage>,
    Path(id): Path<String>,
) -> ApiResult<Data<Promotion>> {
    Ok(Data(p.get(&auth, &id).await?))
}

/// `POST /api/v1/promotions` (`promotion:manage`).
async fn create(
    State(p): State<Promotions>,
    auth: Can<perm::PromotionManage>,
    Json(body): Json<NewPromotion>,
) -> ApiResult<Created<Promotion>> {
    Ok(Created(p.create(&auth, body).await?))
}

/// `PUT /api/v1/promotions/{id}` (`promotion:manage`): every term; the use count stays.
async fn update(
    State(p): State<Promotions>,
    auth: Can<perm::PromotionManage>,
    Path(id): Path<String>,
    Json(body): Json<NewPromotion>,
) -> ApiResult<Data<Promotion>> {
    Ok(Data(p.update(&auth, &id, body).await?))
}
