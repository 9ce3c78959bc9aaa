//! HTTP handlers of the accounts domain.

use super::service::{Actor, NewUser};
use super::{perm, AuthUser, Can, User, Users};
use crate::config::Settings;
use crate::http::doc::Ok;
use crate::http::{ApiResult, Created, Data, Json, Page, Paging, Path, Query};
use axum::extract::{ConnectInfo, FromRef, State};
use axum::routing::{delete, get, post, put};
use axum::Router;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::Arc;

/// Routes of this domain.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Users: FromRef<S>,
    Arc<Settings>: FromRef<S>,
{
    Router::new()
        .route("/api/v1/auth/register", post(register))
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/me", get(me))
        .route("/api/v1/me/password", post(change_password))
        .route("/api/v1/me/pin", put(set_pin))
        .route("/api/v1/users", get(list).post(create))
        .route("/api/v1/users/{id}/roles", post(grant))
        .route("/api/v1/users/{id}/roles/{role}", delete(revoke))
        .route("/api/v1/users/{id}/disabled", post(disable).delete(enable))
}

/// `POST /api/v1/auth/register`: a new customer account.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "users", request_body = NewUser, responses((status = 201, description = "The new customer account", body = Ok<User>)))]
async fn register(
    State(users): State<Users>,
    Json(body): Json<NewUser>,
) -> ApiResult<Created<User>> {
    Ok(Created(users.register(body).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct LoginBody {
    email: String,
    password: String,
}

/// `POST /api/v1/auth/login`: e-mail + password → access token.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "users", request_body = LoginBody, responses((status = 200, description = "An access token", body = Ok<super::service::Session>)))]
async fn login(
    State(users): State<Users>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(body): Json<LoginBody>,
) -> ApiResult<Data<super::service::Session>> {
    Ok(Data(
        users.login(&body.email, &body.password, peer.ip()).await?,
    ))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct Me {
    #[serde(flatten)]
    user: User,
    permissions: Vec<String>,
}

/// `GET /api/v1/me`: who am I, with my permissions.
#[utoipa::path(get, path = "/api/v1/me", tag = "users", security(("bearer" = [])), responses((status = 200, description = "The caller, with permissions", body = Ok<Me>)))]
async fn me(State(users): State<Users>, auth: AuthUser) -> ApiResult<Data<Me>> {
    let user = users.get(&auth.id).await?;
    Ok(Data(Me {
        user,
        permissions: auth.permissions.iter().cloned().collect(),
    }))
}

/// `GET /api/v1/users` (`user:manage`).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(Paging), security(("bearer" = ["user:manage"])), responses((status = 200, description = "One page of accounts", body = Ok<Page<User>>)))]
async fn list(
    State(users): State<Users>,
    State(settings): State<Arc<Settings>>,
    _auth: Can<perm::UserManage>,
    Query(p): Query<Paging>,
) -> ApiResult<Data<Page<User>>> {
    let (page, limit) = p.resolve(settings.catalog.max_page_limit)?;
    let (items, total) = users.list(page, limit).await?;
    Ok(Data(Page {
        items,
        total,
        page,
        limit,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NewStaffAccount)]
struct CreateBody {
    email: String,
    password: String,
    full_name: String,
    #[serde(default)]
    phone: Option<String>,
    role: String,
}

/// `POST /api/v1/users` (`user:manage`): an account with any built-in role.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateBody, security(("bearer" = ["user:manage"])), responses((status = 201, description = "The new account", body = Ok<User>)))]
async fn create(
    State(users): State<Users>,
    auth: Can<perm::UserManage>,
    Json(b): Json<CreateBody>,
) -> ApiResult<Created<User>> {
    let new = NewUser {
        email: b.email,
        password: b.password,
        full_name: b.full_name,
        phone: b.phone,
    };
    Ok(Created(
        users
            .create_as(Actor::User(auth.id.clone()), new, &b.role)
            .await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct RoleBody {
    role: String,
}

/// `POST /api/v1/users/{id}/roles` (`user:manage`).
#[utoipa::path(post, path = "/api/v1/users/{id}/roles", tag = "users", params(("id" = String, Path)), request_body = RoleBody, security(("bearer" = ["user:manage"])), responses((status = 200, description = "The account", body = Ok<User>)))]
async fn grant(
    State(users): State<Users>,
    auth: Can<perm::UserManage>,
    Path(id): Path<String>,
    Json(body): Json<RoleBody>,
) -> ApiResult<Data<User>> {
    Ok(Data(
        users
            .grant(Actor::User(auth.id.clone()), &id, &body.role)
            .await?,
    ))
}

/// `DELETE /api/v1/users/{id}/roles/{role}` (`user:manage`).
#[utoipa::path(delete, path = "/api/v1/users/{id}/roles/{role}", tag = "users", params(("id" = String, Path), ("role" = String, Path)), security(("bearer" = ["user:manage"])), responses((status = 200, description = "The account", body = Ok<User>)))]
async fn revoke(
    State(users): State<Users>,
    auth: Can<perm::UserManage>,
    Path((id, role)): Path<(String, String)>,
) -> ApiResult<Data<User>> {
    Ok(Data(
        users
            .revoke(Actor::User(auth.id.clone()), &id, &role)
            .await?,
    ))
}

/// `POST /api/v1/users/{id}/disabled` (`user:manage`): the account can no longer sign in and
/// its sessions end.
#[utoipa::path(post, path = "/api/v1/users/{id}/disabled", tag = "users", params(("id" = String, Path)), security(("bearer" = ["user:manage"])), responses((status = 200, description = "The account", body = Ok<User>)))]
async fn disable(
    State(users): State<Users>,
    auth: Can<perm::UserManage>,
    Path(id): Path<String>,
) -> ApiResult<Data<User>> {
    Ok(Data(
        users
            .set_disabled(Actor::User(auth.id.clone()), &id, true)
            .await?,
    ))
}

/// `DELETE /api/v1/users/{id}/disabled` (`user:manage`): the account may sign in again.
#[utoipa::path(delete, path = "/api/v1/users/{id}/disabled", tag = "users", params(("id" = String, Path)), security(("bearer" = ["user:manage"])), responses((status = 200, description = "The account", body = Ok<User>)))]
async fn enable(
    State(users): State<Users>,
    auth: Can<perm::UserManage>,
    Path(id): Path<String>,
) -> ApiResult<Data<User>> {
    Ok(Data(
        users
            .set_disabled(Actor::User(auth.id.clone()), &id, false)
            .await?,
    ))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Ended {
    /// Always true.
    pub signed_out: bool,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PasswordBody {
    current_password: String,
    new_password: String,
}

/// `POST /api/v1/me/password`: change one's own password; every session of the account
/// ends, this one included (sign in again with the new password).
#[utoipa::path(post, path = "/api/v1/me/password", tag = "users", request_body = PasswordBody, security(("bearer" = [])), responses((status = 200, description = "Every session ended", body = Ok<Ended>)))]
async fn change_password(
    State(users): State<Users>,
    auth: AuthUser,
    Json(b): Json<PasswordBody>,
) -> ApiResult<Data<Ended>> {
    users
        .change_password(&auth.id, &b.current_password, &b.new_password)
        .await?;
    Ok(Data(Ended { signed_out: true }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PinBody {
    password: String,
    pin: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct PinSet {
    pin_set: bool,
}

/// `PUT /api/v1/me/pin`: set one's own approval PIN (4–8 digits), confirmed by the password.
#[utoipa::path(put, path = "/api/v1/me/pin", tag = "users", request_body = PinBody, security(("bearer" = [])), responses((status = 200, description = "The PIN is set", body = Ok<PinSet>)))]
async fn set_pin(
    State(users): State<Users>,
    auth: AuthUser,
    Json(b): Json<PinBody>,
) -> ApiResult<Data<PinSet>> {
    users.set_pin(&auth.id, &b.password, &b.pin).await?;
    Ok(Data(PinSet { pin_set: true }))
}

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    register,
    login,
    me,
    list,
    create,
    grant,
    revoke,
    disable,
    enable,
    change_password,
    set_pin
))]
pub struct Doc;
