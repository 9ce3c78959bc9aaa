//! Routes where two domains meet and neither may import the other: signing out (users) lets
//! go of the seats held (holds); deleting a film (catalog) is refused while it is scheduled
//! (cinemas).

use crate::catalog::Catalog;
use crate::cinemas::Cinemas;
use crate::holds::Holds;
use crate::http::doc::Ok;
use crate::http::{ApiError, ApiResult, Data, Path};
use crate::users::routes::Ended;
use crate::users::{perm, AuthUser, Can, Users};
use axum::extract::{FromRef, State};
use axum::routing::{delete, post};
use axum::Router;
use serde::Serialize;

/// The crossing routes.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Users: FromRef<S>,
    Holds: FromRef<S>,
    Catalog: FromRef<S>,
    Cinemas: FromRef<S>,
{
    Router::new()
        .route("/api/v1/auth/logout", post(logout))
        .route("/api/v1/movies/{id}", delete(remove_movie))
}

/// `POST /api/v1/auth/logout`: end the session of the token this request carries and let go
/// of the seats its user holds.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "users", security(("bearer" = [])), responses((status = 200, description = "The session ended; its holds are released", body = Ok<Ended>)))]
async fn logout(
    State(users): State<Users>,
    State(holds): State<Holds>,
    auth: AuthUser,
) -> ApiResult<Data<Ended>> {
    users.logout(&auth.token_id).await?;
    holds.release_user_everywhere(&auth.id);
    Ok(Data(Ended { signed_out: true }))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Deleted {
    id: String,
    deleted: bool,
}

/// `DELETE /api/v1/movies/{id}` (`movie:manage`): with its releases and genre links; refused
/// while showtimes that are not cancelled show it.
#[utoipa::path(delete, path = "/api/v1/movies/{id}", tag = "catalog", params(("id" = String, Path)), security(("bearer" = ["movie:manage"])), responses((status = 200, description = "Deleted", body = Ok<Deleted>)))]
async fn remove_movie(
    State(catalog): State<Catalog>,
    State(cinemas): State<Cinemas>,
    _auth: Can<perm::MovieManage>,
    Path(id): Path<String>,
) -> ApiResult<Data<Deleted>> {
    let scheduled = cinemas.showtimes_of_movie(&id).await?;
    if scheduled > 0 {
        return Err(ApiError::conflict(format!(
            "movie {id} has {scheduled} showtime(s) that are not cancelled; cancel them before deleting it"
        )));
    }
    catalog.delete(&id).await?;
    Ok(Data(Deleted { id, deleted: true }))
}

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(logout, remove_movie))]
pub struct Doc;
