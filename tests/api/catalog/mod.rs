//! Catalog: movie CRUD, filters, sort, paging, diacritics-insensitive search, cache
//! invalidation, delete cascade, permissions, bad input, `movie import`, demo data.
//! The test clock starts on 2026-11-24 (Ho Chi Minh City).

mod cli;
mod crud;
mod listing;

use crate::helpers::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// A minimal valid create body.
pub(super) fn movie(title: &str) -> Value {
    json!({
        "title": title,
        "runtime_minutes": 100,
        "release_date": "2026-11-01",
        "age_rating": "T13",
    })
}

/// `base` with some fields replaced.
pub(super) fn with(mut base: Value, fields: Value) -> Value {
    if let (Some(b), Some(f)) = (base.as_object_mut(), fields.as_object()) {
        for (k, v) in f {
            b.insert(k.clone(), v.clone());
        }
    }
    base
}

pub(super) async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let (s, b) = app.post("/api/v1/movies", Some(token), body).await;
    assert_eq!(s, 201, "{b}");
    b["data"].clone()
}

pub(super) fn titles(body: &Value) -> Vec<String> {
    body["data"]["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {body}"))
        .iter()
        .map(|m| m["title"].as_str().expect("title").to_string())
        .collect()
}

pub(super) fn title_set(body: &Value) -> BTreeSet<String> {
    titles(body).into_iter().collect()
}

pub(super) fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

pub(super) async fn list(app: &TestApp, query: &str) -> Value {
    let (s, b) = app.get(&format!("/api/v1/movies{query}"), None).await;
    assert_eq!(s, 200, "{query}: {b}");
    b
}
