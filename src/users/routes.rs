//! HTTP handlers of the accounts domain.

use super::service::{Actor, NewUser};
use super::{AuthUser, User};
use crate::http::{ApiResult, Created, Data, Json, Page, Paging, Path, Query};
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use axum::routing::{delete, get, post};
use axum::Router;
use serde::Deserialize;
use std::net::SocketAddr;

/// Routes of this domain.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/register", post(register))
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/auth/logout", post(logout))
        .route("/api/v1/me", get(me))
        .route("/api/v1/me/password", post(change_password))
        .route("/api/v1/users", get(list).post(create))
        .route("/api/v1/users/{id}/roles", post(grant))
        .route("/api/v1/users/{id}/roles/{role}", delete(revoke))
        .route("/api/v1/users/{id}/disabled", post(disable).delete(enable))
}

/// `POST /api/v1/auth/register`: a new customer account.
async fn register(
    State(s): State<AppState>,
    Json(body): Json<NewUser>,
) -> ApiResult<Created<User>> {
    Ok(Created(s.users.register(body).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginBody {
    email: String,
    password: String,
}

/// `POST /api/v1/auth/login`: e-mail + password → access token.
async fn login(
    State(s): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(body): Json<LoginBody>,
) -> ApiResult<Data<super::service::Session>> {
    Ok(Data(
        s.users
            .login(&body.email, &body.password, peer.ip())
            .await?,
    ))
}

#[derive(serde::Serialize)]
struct Me {
    #[serde(flatten)]
    user: User,
    permissions: Vec<String>,
}

/// `GET /api/v1/me`: who am I, with my permissions.
async fn me(State(s): State<AppState>, auth: AuthUser) -> ApiResult<Data<Me>> {
    let user = s.users.get(&auth.id).await?;
    Ok(Data(Me {
        user,
        permissions: auth.permissions.iter().cloned().collect(),
    }))
}

/// `GET /api/v1/users` (`user:manage`).
async fn list(
    State(s): State<AppState>,
    auth: AuthUser,
    Query(p): Query<Paging>,
) -> ApiResult<Data<Page<User>>> {
    auth.require("user:manage")?;
    let (page, limit) = p.resolve(s.settings.catalog.max_page_limit)?;
    let (items, total) = s.users.list(page, limit).await?;
    Ok(Data(Page {
        items,
        total,
        page,
        limit,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    email: String,
    password: String,
    full_name: String,
    #[serde(default)]
    phone: Option<String>,
    role: String,
}

/// `POST /api/v1/users` (`user:manage`): an account with any built-in role.
async fn create(
    State(s): State<AppState>,
    auth: AuthUser,
    Json(b): Json<CreateBody>,
) -> ApiResult<Created<User>> {
    auth.require("user:manage")?;
    let new = NewUser {
        email: b.email,
        password: b.password,
        full_name: b.full_name,
        phone: b.phone,
    };
    Ok(Created(
        s.users
            .create_as(Actor::User(auth.id), new, &b.role)
            .await?,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleBody {
    role: String,
}

/// `POST /api/v1/users/{id}/roles` (`user:manage`).
async fn grant(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(body): Json<RoleBody>,
) -> ApiResult<Data<User>> {
    auth.require("user:manage")?;
    Ok(Data(
        s.users.grant(Actor::User(auth.id), &id, &body.role).await?,
    ))
}

/// `DELETE /api/v1/users/{id}/roles/{role}` (`user:manage`).
async fn revoke(
    State(s): State<AppState>,
    auth: AuthUser,
    Path((id, role)): Path<(String, String)>,
) -> ApiResult<Data<User>> {
    auth.require("user:manage")?;
    Ok(Data(
        s.users.revoke(Actor::User(auth.id), &id, &role).await?,
    ))
}

/// `POST /api/v1/users/{id}/disabled` (`user:manage`): the account can no longer sign in and
/// its sessions end.
async fn disable(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<User>> {
    auth.require("user:manage")?;
    Ok(Data(
        s.users
            .set_disabled(Actor::User(auth.id), &id, true)
            .await?,
    ))
}

/// `DELETE /api/v1/users/{id}/disabled` (`user:manage`): the account may sign in again.
async fn enable(
    State(s): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<Data<User>> {
    auth.require("user:manage")?;
    Ok(Data(
        s.users
            .set_disabled(Actor::User(auth.id), &id, false)
            .await?,
    ))
}

/// `POST /api/v1/auth/logout`: end the session of the token this request carries.
async fn logout(State(s): State<AppState>, auth: AuthUser) -> ApiResult<Data<Ended>> {
    s.users.logout(&auth.token_id).await?;
    s.holds.release_user_everywhere(&auth.id);
    Ok(Data(Ended { signed_out: true }))
}

#[derive(serde::Serialize)]
struct Ended {
    signed_out: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PasswordBody {
    current_password: String,
    new_password: String,
}

/// `POST /api/v1/me/password`: change one's own password; every session of the account
/// ends, this one included (sign in again with the new password).
async fn change_password(
    State(s): State<AppState>,
    auth: AuthUser,
    Json(b): Json<PasswordBody>,
) -> ApiResult<Data<Ended>> {
    s.users
        .change_password(&auth.id, &b.current_password, &b.new_password)
        .await?;
    Ok(Data(Ended { signed_out: true }))
}
