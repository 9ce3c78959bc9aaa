//! The auth extractor: a Bearer token (API) or the `mh_session` cookie (HTML pages), the
//! user's cached permissions, and `require(permission)` for guards.

use super::service::Permissions;
use super::UsersError;
use crate::http::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
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
pub async fn resolve(state: &AppState, token: &str) -> Result<AuthUser, ApiError> {
    let who = state.users.authenticate(token).await?;
    match state.users.permissions(&who.user_id).await? {
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

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(user) = parts.extensions.get::<AuthUser>() {
            return Ok(user.clone());
        }
        let token =
            token_from(parts).ok_or_else(|| ApiError::unauthorized("Authentication required"))?;
        let user = resolve(state, &token).await?;
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

/// A caller who may or may not be signed in; a present but invalid token is still a 401.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<AuthUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match token_from(parts) {
            None => Ok(MaybeUser(None)),
            Some(_) => AuthUser::from_request_parts(parts, state)
                .await
                .map(|u| MaybeUser(Some(u))),
        }
    }
}
