//! The auth extractors: a Bearer token (API) or the `mh_session` cookie (HTML pages), the
//! user's cached permissions, `require(permission)` for guards, and [`Can`], which checks a
//! permission while extracting, so a handler's body is parsed only for callers allowed to send it.

use super::service::Permissions;
use super::Users;
use super::UsersError;
use crate::http::ApiError;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::{header, request::Parts, HeaderMap};

pub use crate::http::security::SESSION_COOKIE;

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// User id.
    pub id: String,
    /// The session (token id) the request came with; sign-out ends it.
    pub token_id: String,
    /// Everything the user's roles allow.
    pub permissions: Permissions,
}

impl AuthUser {
    /// A caller with exactly `permissions` and no session: the demo loader and the CLI act
    /// through the same rules as a person.
    pub fn acting(id: &str, permissions: &[&str]) -> AuthUser {
        AuthUser {
            id: id.to_string(),
            token_id: String::new(),
            permissions: std::sync::Arc::new(permissions.iter().map(|p| p.to_string()).collect()),
        }
    }

    /// Does the user have this permission?
    pub fn can(&self, permission: &str) -> bool {
        self.permissions.contains(permission)
    }

    /// 403 unless the user has this permission.
    pub fn require(&self, permission: &str) -> Result<(), ApiError> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "Missing permission `{permission}`"
            )))
        }
    }
}

/// The token a request carries, from `Authorization: Bearer` or the session cookie.
pub fn token_from(parts: &Parts) -> Option<String> {
    token_in(&parts.headers)
}

/// [`token_from`] over the headers alone.
pub fn token_in(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        return v.strip_prefix("Bearer ").map(|t| t.trim().to_string());
    }
    crate::http::security::session_cookie(headers).map(str::to_string)
}

/// Resolve a token to an [`AuthUser`].
pub async fn resolve(users: &Users, token: &str) -> Result<AuthUser, ApiError> {
    let who = users.authenticate(token).await?;
    match users.permissions(&who.user_id).await? {
        Some(permissions) => Ok(AuthUser {
            id: who.user_id,
            token_id: who.token_id,
            permissions,
        }),
        None => Err(ApiError::from(UsersError::Unauthenticated(
            "account not found or disabled".into(),
        ))),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AuthUser
where
    Users: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(user) = parts.extensions.get::<AuthUser>() {
            return Ok(user.clone());
        }
        let token =
            token_from(parts).ok_or_else(|| ApiError::unauthorized("Authentication required"))?;
        let user = resolve(&Users::from_ref(state), &token).await?;
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

/// A caller who may or may not be signed in; a present but invalid token is still a 401.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<AuthUser>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser
where
    Users: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match token_from(parts) {
            None => Ok(MaybeUser(None)),
            Some(_) => AuthUser::from_request_parts(parts, state)
                .await
                .map(|u| MaybeUser(Some(u))),
        }
    }
}

/// A permission a route requires, named by a type so [`Can`] can check it while extracting.
pub trait Permission {
    /// `movie:manage`, …
    const NAME: &'static str;
}

macro_rules! permissions {
    ($($(#[$doc:meta])* $ty:ident = $name:literal;)*) => {
        /// The permissions routes require, as types for [`Can`].
        pub mod perm {
            $(
                $(#[$doc])*
                #[derive(Debug, Clone, Copy)]
                pub struct $ty;
                impl super::Permission for $ty {
                    const NAME: &'static str = $name;
                }
            )*
        }
    };
}

permissions! {
    /// `movie:manage`: the catalog.
    MovieManage = "movie:manage";
    /// `cinema:manage`: cinemas, halls, seats, prices.
    CinemaManage = "cinema:manage";
    /// `showtime:manage`: the schedule.
    ShowtimeManage = "showtime:manage";
    /// `user:manage`: accounts and roles.
    UserManage = "user:manage";
    /// `booking:create`: booking seats.
    BookingCreate = "booking:create";
    /// `booking:sell`: the box office.
    BookingSell = "booking:sell";
    /// `ticket:scan`: the door.
    TicketScan = "ticket:scan";
    /// `refund:approve`: money owed back.
    RefundApprove = "refund:approve";
    /// `concession:manage`: concession items and stock.
    ConcessionManage = "concession:manage";
    /// `promotion:manage`: promotion codes and the loyalty programme.
    PromotionManage = "promotion:manage";
    /// `report:view`: sales figures, cash-ups, head office's chain-wide figures.
    ReportView = "report:view";
}

/// A signed-in caller who has permission `P`: 401 without a session, 403 without `P`, both
/// before any later extractor (the body) runs.
#[derive(Debug, Clone)]
pub struct Can<P>(pub AuthUser, std::marker::PhantomData<P>);

impl<P> std::ops::Deref for Can<P> {
    type Target = AuthUser;
    fn deref(&self) -> &AuthUser {
        &self.0
    }
}

impl<S: Send + Sync, P: Permission> FromRequestParts<S> for Can<P>
where
    Users: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let user = AuthUser::from_request_parts(parts, state).await?;
        user.require(P::NAME)?;
        Ok(Can(user, std::marker::PhantomData))
    }
}
