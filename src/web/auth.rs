//! Sign in, register and sign out with HTML forms. The session is the JWT in the HttpOnly,
//! SameSite=Strict `mh_session` cookie; every POST must also come from this site (its
//! `Origin`, or failing that its `Referer`, names this host), so no other site can post them.

use super::{render, tr, tr_with, Layout, PageError, Viewer};
use crate::i18n::Arg;
use crate::users::auth::SESSION_COOKIE;
use crate::users::service::{NewUser, Session};
use crate::users::UsersError;
use crate::web::Pages;
use askama::Template;
use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::SocketAddr;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    layout: Layout,
    email: String,
    full_name: String,
    next: String,
    error: Option<String>,
}

/// `?next=/path` to return to after signing in.
#[derive(Debug, Default, Deserialize)]
pub struct Next {
    #[serde(default)]
    next: String,
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// The registration form.
#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    email: String,
    full_name: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// Only local paths are followed after signing in (no open redirect).
pub fn safe_next(next: &str) -> String {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if local {
        next.to_string()
    } else {
        "/".to_string()
    }
}

pub use crate::http::security::same_origin;

fn forbidden_cross_site() -> PageError {
    PageError::new(StatusCode::FORBIDDEN, tr("err-cross-site"))
}

/// `Set-Cookie` for a session (or its removal with `None`).
fn session_cookie(session: Option<&Session>) -> Result<HeaderValue, PageError> {
    let value = match session {
        Some(s) => format!(
            "{SESSION_COOKIE}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}",
            s.access_token, s.expires_in
        ),
        None => format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    };
    HeaderValue::from_str(&value).map_err(PageError::internal)
}

fn signed_in(session: &Session, next: &str) -> Result<Response, PageError> {
    // Staff signing in from the front page land on their tool.
    let to = match safe_next(next).as_str() {
        "/" => super::staff_home(&session.user.roles).to_string(),
        other => other.to_string(),
    };
    let mut res = Redirect::to(&to).into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, session_cookie(Some(session))?);
    Ok(res)
}

/// `GET /login`.
pub async fn login_form(viewer: Viewer, Query(q): Query<Next>) -> Result<Response, PageError> {
    render(&LoginPage {
        layout: Layout::new("login-title", &viewer),
        email: String::new(),
        next: safe_next(&q.next),
        error: None,
    })
}

/// `POST /login`.
pub async fn login(
    State(s): State<Pages>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, PageError> {
    if !same_origin(&headers) {
        return Err(forbidden_cross_site());
    }
    let error = match s.users.login(&f.email, &f.password, peer.ip()).await {
        Ok(session) => return signed_in(&session, &f.next),
        Err(UsersError::BadCredentials) => tr("login-err-credentials"),
        Err(UsersError::RateLimited { retry_after_secs }) => tr_with(
            "login-err-rate-limited",
            &[(
                "minutes",
                Arg::Num(retry_after_secs.div_ceil(60).max(1) as i64),
            )],
        ),
        Err(e) => return Err(e.into()),
    };
    let mut res = render(&LoginPage {
        layout: Layout::new("login-title", &Viewer(None)),
        email: f.email,
        next: safe_next(&f.next),
        error: Some(error),
    })?;
    *res.status_mut() = StatusCode::UNAUTHORIZED;
    Ok(res)
}

/// `GET /register`.
pub async fn register_form(viewer: Viewer, Query(q): Query<Next>) -> Result<Response, PageError> {
    render(&RegisterPage {
        layout: Layout::new("register-title", &viewer),
        email: String::new(),
        full_name: String::new(),
        next: safe_next(&q.next),
        error: None,
    })
}

/// `POST /register`: create a customer account and sign in.
pub async fn register(
    State(s): State<Pages>,
    headers: HeaderMap,
    Form(f): Form<RegisterForm>,
) -> Result<Response, PageError> {
    if !same_origin(&headers) {
        return Err(forbidden_cross_site());
    }
    let new = NewUser {
        email: f.email.clone(),
        password: f.password,
        full_name: f.full_name.clone(),
        phone: None,
    };
    let error = match s.users.register(new).await {
        Ok(user) => {
            let session = s.users.session_for(&user.id).await;
            return signed_in(&session?, &f.next);
        }
        Err(UsersError::Invalid { field, .. }) => tr(match field {
            "email" => "register-err-email",
            "password" => "register-err-password",
            "full_name" => "register-err-full_name",
            "phone" => "register-err-phone",
            _ => "err-bad-request",
        }),
        Err(UsersError::EmailTaken) => tr("register-err-email-taken"),
        Err(e) => return Err(e.into()),
    };
    let mut res = render(&RegisterPage {
        layout: Layout::new("register-title", &Viewer(None)),
        email: f.email,
        full_name: f.full_name,
        next: safe_next(&f.next),
        error: Some(error),
    })?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

/// `POST /logout`: end the session (the token stops working at once, not when it expires)
/// and drop the cookie.
pub async fn logout(State(s): State<Pages>, headers: HeaderMap) -> Result<Response, PageError> {
    if !same_origin(&headers) {
        return Err(forbidden_cross_site());
    }
    let token = crate::users::auth::token_in(&headers);
    if let Some(who) = match token {
        Some(t) => s.users.authenticate(&t).await.ok(),
        None => None,
    } {
        s.users.logout(&who.token_id).await?;
        // Seats the visitor was choosing go back on sale at once, not when the hold runs out.
        s.holds.release_user_everywhere(&who.user_id);
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, session_cookie(None)?);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    #[test]
    fn cross_site_posts_are_refused() {
        let host = (header::HOST, "cinema.local:8080");
        assert!(same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "http://cinema.local:8080")
        ])));
        assert!(!same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "https://evil.example")
        ])));
        assert!(same_origin(&headers(&[
            host.clone(),
            (header::REFERER, "https://cinema.local:8080/login")
        ])));
        assert!(!same_origin(&headers(&[
            host.clone(),
            (header::REFERER, "https://cinema.local:8080.evil/x")
        ])));
        assert!(!same_origin(&headers(&[host])));
    }

    #[test]
    fn next_only_follows_local_paths() {
        assert_eq!(safe_next("/movies/1"), "/movies/1");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil"), "/");
    }
}
