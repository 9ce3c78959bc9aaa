//! Static files embedded in the binary (`assets/`), served at content-hashed URLs
//! (`/assets/app.1a2b3c4d5e.css`) so they can be cached forever: a changed file gets a new URL.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Everything under `assets/` except the README's screenshots, which pages never use.
#[derive(Embed)]
#[folder = "assets/"]
#[exclude = "screenshots/*"]
struct Files;

/// Hex characters of the content hash in a URL.
const HASH_LEN: usize = 10;

/// File name → content hash, computed once.
static HASHES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    Files::iter()
        .filter_map(|name| {
            let file = Files::get(&name)?;
            let digest = hex::encode(Sha256::digest(&file.data));
            Some((name.to_string(), digest[..HASH_LEN].to_string()))
        })
        .collect()
});

/// The cache-forever URL of an embedded file, e.g. `url("app.css")` →
/// `/assets/app.1a2b3c4d5e.css`. An unknown name yields a URL that answers 404.
pub fn url(name: &str) -> String {
    let hash = HASHES.get(name).map(String::as_str).unwrap_or("missing");
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("/assets/{stem}.{hash}.{ext}"),
        None => format!("/assets/{name}.{hash}"),
    }
}

/// Split `app.1a2b3c4d5e.css` into (`app.css`, `1a2b3c4d5e`).
fn unhash(file: &str) -> Option<(String, &str)> {
    let (rest, ext) = file.rsplit_once('.')?;
    let (stem, hash) = rest.rsplit_once('.')?;
    Some((format!("{stem}.{ext}"), hash))
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// `GET /assets/{file}`: the file if its hash is current, with immutable caching.
pub async fn serve(Path(file): Path<String>) -> Response {
    let found = unhash(&file).and_then(|(name, hash)| {
        (HASHES.get(&name).map(String::as_str) == Some(hash))
            .then(|| Files::get(&name).map(|f| (name, f)))
            .flatten()
    });
    let Some((name, body)) = found else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&name)),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        body.data.into_owned(),
    )
        .into_response()
}

/// `GET /assets/menu/{file}`: a menu picture by its plain name. Items' image URLs are data
/// that outlive a release, so these are not content-hashed; they are cached for a day.
pub async fn serve_menu(Path(file): Path<String>) -> Response {
    let name = format!("menu/{file}");
    let Some(body) = (!file.contains('/')).then(|| Files::get(&name)).flatten() else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&name)),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        body.data.into_owned(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_the_content_hash_and_round_trip() {
        let u = url("app.css");
        let file = u.strip_prefix("/assets/").expect("prefix");
        let (name, hash) = unhash(file).expect("hashed name");
        assert_eq!(name, "app.css");
        assert_eq!(Some(hash), HASHES.get("app.css").map(String::as_str));
        assert_eq!(hash.len(), HASH_LEN);
    }

    #[tokio::test]
    async fn stale_or_unknown_hashes_are_not_found() {
        let res = serve(Path("app.0000000000.css".into())).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let good = url("app.css");
        let res = serve(Path(good.trim_start_matches("/assets/").into())).await;
        assert_eq!(res.status(), StatusCode::OK);
        let cache = res.headers().get(header::CACHE_CONTROL).expect("cache");
        assert_eq!(cache, "public, max-age=31536000, immutable");
    }
}
