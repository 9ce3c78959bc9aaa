//! The moviegoer's HTML pages: askama templates (`templates/`), embedded assets (`assets/`),
//! the shared layout data, money formatting and the HTML error page.

pub mod admin;
pub mod assets;
pub mod auth;
mod cancel;
pub mod charts;
pub mod checkout;
pub mod cinemas;
pub mod figures;
pub mod home;
pub mod kiosk;
pub mod lang;
pub mod menu;
pub mod movie;
pub mod my_bookings;
mod pages;
pub mod payment_result;
pub mod points;
mod refund_view;
pub mod scan;
pub mod seatmap;

pub use lang::{tr, tr_with};
pub use pages::Pages;

use crate::i18n::{self, Arg, Lang};
use crate::users::auth::token_from;
use crate::users::Users;
use askama::Template;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::convert::Infallible;

/// Routes of the HTML pages and their assets.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Pages: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/", get(home::page))
        .route("/movies/{id}", get(movie::page))
        .route("/cinemas", get(cinemas::list))
        .route("/cinemas/{id}", get(cinemas::page))
        .route("/showtimes/{id}", get(seatmap::page))
        .route("/scan", get(scan::page))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/register", get(auth::register_form).post(auth::register))
        .route("/logout", post(auth::logout))
        .route("/bookings/{id}", get(checkout::page))
        .route("/bookings/{id}/cancel", axum::routing::post(cancel::cancel))
        .route("/my/bookings", get(my_bookings::page))
        .route("/points", get(points::page))
        .route("/figures", get(figures::page))
        .route("/api/v1/payments/vnpay/return", get(payment_result::page))
        .route("/assets/{file}", get(assets::serve))
        .route("/assets/menu/{file}", get(assets::serve_menu))
        .route("/lang/{code}", get(lang::switch))
        .merge(kiosk::routes())
        .merge(admin::routes())
}

/// The signed-in visitor of a page, if any. An expired or invalid session cookie simply
/// counts as signed out (pages never answer 401).
#[derive(Debug, Clone)]
pub struct Viewer(pub Option<crate::users::User>);

impl<S: Send + Sync> FromRequestParts<S> for Viewer
where
    Users: FromRef<S>,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        let users = Users::from_ref(state);
        let Some(token) = token_from(parts) else {
            return Ok(Viewer(None));
        };
        let user = match users.authenticate(&token).await {
            Ok(who) => users.get(&who.user_id).await.ok(),
            Err(_) => None,
        };
        Ok(Viewer(user))
    }
}

/// What every page's layout shows: the visitor, the language and the site name.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Page title (before " · MovieHub"), already in the page's language.
    pub title: String,
    /// Display name of the signed-in visitor.
    pub user_name: Option<String>,
    /// The language of the page.
    pub lang: Lang,
    /// This page's path and query (the language switch comes back to it).
    pub path: String,
    /// The staff tools the visitor's roles open: (label, URL).
    pub tools: Vec<(String, &'static str)>,
}

/// The staff tools of these roles, in the order the header shows them: (message key, URL).
fn tools_of(roles: &[String]) -> Vec<(&'static str, &'static str)> {
    let has = |r: &str| roles.iter().any(|x| x == r);
    let mut out = Vec::new();
    if has("admin") || has("manager") || has("cashier") {
        out.push(("nav-kiosk", "/kiosk"));
    }
    if has("admin") || has("manager") || has("usher") {
        out.push(("nav-scanner", "/scan"));
    }
    if has("admin") || has("manager") {
        out.push(("nav-admin", "/admin"));
        out.push(("nav-cashups", "/kiosk/cashups"));
        out.push(("nav-figures", "/figures"));
    }
    out
}

/// Where staff land after signing in: a manager on their pages, a cashier at the kiosk, an
/// usher at the scanner; everyone else on the films.
pub fn staff_home(roles: &[String]) -> &'static str {
    let has = |r: &str| roles.iter().any(|x| x == r);
    if has("admin") || has("manager") {
        "/kiosk/cashups"
    } else if has("cashier") {
        "/kiosk"
    } else if has("usher") {
        "/scan"
    } else {
        "/"
    }
}

impl Layout {
    /// Layout data for a page; `title_key` is the message of its title.
    pub fn new(title_key: &str, viewer: &Viewer) -> Layout {
        Layout::titled(tr(title_key), viewer)
    }

    /// Layout data for a page whose title is already written (a film's name).
    pub fn titled(title: impl Into<String>, viewer: &Viewer) -> Layout {
        let roles = viewer.0.as_ref().map(|u| u.roles.as_slice()).unwrap_or(&[]);
        Layout {
            title: title.into(),
            user_name: viewer.0.as_ref().map(|u| u.full_name.clone()),
            lang: lang::lang(),
            path: lang::current_path(),
            tools: tools_of(roles)
                .into_iter()
                .map(|(key, href)| (tr(key), href))
                .collect(),
        }
    }

    /// Hashed URL of an embedded asset (see [`assets::url`]).
    pub fn asset(&self, name: &str) -> String {
        assets::url(name)
    }

    /// A message in the page's language.
    pub fn t(&self, key: &str) -> String {
        i18n::text(self.lang, key, &[])
    }

    /// A message with one numeric argument (plurals).
    pub fn tn(&self, key: &str, name: &str, n: &i64) -> String {
        i18n::text(self.lang, key, &[(name, Arg::Num(*n))])
    }

    /// A message with one text argument.
    pub fn ts(&self, key: &str, name: &str, value: &str) -> String {
        i18n::text(self.lang, key, &[(name, Arg::from(value))])
    }

    /// The scripts' messages (JSON), for the page's `<script type="application/json">`.
    pub fn script_messages(&self) -> String {
        i18n::script_messages(self.lang)
    }

    /// The other languages, with the switch's URL: (own name, code, URL).
    pub fn other_langs(&self) -> Vec<(&'static str, &'static str, String)> {
        let next = urlencoding(&self.path);
        Lang::ALL
            .into_iter()
            .filter(|l| *l != self.lang)
            .map(|l| {
                (
                    l.own_name(),
                    l.code(),
                    format!("/lang/{}?next={next}", l.code()),
                )
            })
            .collect()
    }
}

/// A path as a query value (`/kiosk?cinema=a b` → `/kiosk%3Fcinema%3Da%20b`).
pub(crate) fn urlencoding(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// VND as Vietnamese write it: `120.000 ₫`.
pub fn vnd(amount: i64) -> String {
    crate::pricing::Vnd(amount).to_string()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    status: u16,
    message: String,
}

/// A page's failure: rendered as an HTML page with the status.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    message: String,
}

impl PageError {
    /// A page error with a status and a message for the visitor.
    pub fn new(status: StatusCode, message: impl Into<String>) -> PageError {
        PageError {
            status,
            message: message.into(),
        }
    }

    /// 404 with a message.
    pub fn not_found(message: impl Into<String>) -> PageError {
        PageError::new(StatusCode::NOT_FOUND, message)
    }

    /// 500, logging the cause and showing a generic message.
    pub fn internal(cause: impl std::fmt::Display) -> PageError {
        tracing::error!(error = %cause, "page failed");
        PageError::new(StatusCode::INTERNAL_SERVER_ERROR, tr("err-internal"))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            layout: Layout::titled(tr("err-title"), &Viewer(None)),
            status: self.status.as_u16(),
            message: self.message,
        };
        let body = page
            .render()
            .unwrap_or_else(|_| format!("{} {}", self.status, page.message));
        (self.status, Html(body)).into_response()
    }
}

/// Render a template as an HTML page (not cached: it shows live availability).
pub fn render(t: &impl Template) -> Result<Response, PageError> {
    let body = t.render().map_err(PageError::internal)?;
    let mut res = Html(body).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::vnd;

    #[test]
    fn vnd_groups_thousands_with_dots() {
        assert_eq!(vnd(120_000), "120.000 ₫");
        assert_eq!(vnd(0), "0 ₫");
        assert_eq!(vnd(999), "999 ₫");
        assert_eq!(vnd(1_234_567), "1.234.567 ₫");
        assert_eq!(vnd(-45_000), "-45.000 ₫");
    }
}
