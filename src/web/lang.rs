//! The language of the page being answered: chosen once per request (cookie, then
//! `Accept-Language`, then the site's `server.language`) and kept for the request's task, so
//! layouts, error pages and page code all speak it. `GET /lang/{code}` is the switch.

use super::auth::safe_next;
use crate::i18n::{self, Arg, Lang};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The language and address of the page being answered.
#[derive(Debug, Clone)]
struct PageCtx {
    lang: Lang,
    path: String,
}

tokio::task_local! {
    static PAGE: PageCtx;
}

/// Middleware: choose the request's language and answer it within that choice.
pub async fn scope(State(site): State<Lang>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let value = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let lang = i18n::choose(value(header::COOKIE), value(header::ACCEPT_LANGUAGE), site);
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let mut res = PAGE.scope(PageCtx { lang, path }, next.run(req)).await;
    if res.headers().get(header::CONTENT_LANGUAGE).is_none() {
        res.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
    }
    res.headers_mut().append(
        header::VARY,
        HeaderValue::from_static("accept-language, cookie"),
    );
    res
}

/// The language of the page being answered (Vietnamese outside a request).
pub fn lang() -> Lang {
    PAGE.try_with(|p| p.lang).unwrap_or_default()
}

/// The path and query of the page being answered.
pub fn current_path() -> String {
    PAGE.try_with(|p| p.path.clone())
        .unwrap_or_else(|_| "/".into())
}

/// The message `key` in the page's language.
pub fn tr(key: &str) -> String {
    i18n::text(lang(), key, &[])
}

/// The message `key` with arguments, in the page's language.
pub fn tr_with(key: &str, args: &[(&str, Arg)]) -> String {
    i18n::text(lang(), key, args)
}

#[derive(Deserialize)]
pub struct Back {
    #[serde(default)]
    next: String,
}

/// `GET /lang/{code}?next=/path`: remember the visitor's language for a year, go back.
pub async fn switch(Path(code): Path<String>, Query(back): Query<Back>) -> Response {
    let target = safe_next(&back.next);
    let mut res = Redirect::to(&target).into_response();
    if let Some(lang) = Lang::parse(&code) {
        let cookie = format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            i18n::COOKIE,
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}
