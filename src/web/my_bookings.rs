//! `/my/bookings`: the signed-in moviegoer's bookings, newest first, with status badges.

use super::checkout::{cinema_name, sign_in_first, view, BookingView};
use super::{render, Layout, PageError, Viewer};
use crate::bookings::store::ListFilter;
use crate::web::Pages;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use std::collections::HashMap;

/// Bookings per page.
const PER_PAGE: u32 = 20;

#[derive(Template)]
#[template(path = "my_bookings.html")]
struct MyBookingsPage {
    layout: Layout,
    bookings: Vec<BookingView>,
    page: u32,
    newer: Option<u32>,
    older: Option<u32>,
}

/// `?page=N` (1-based).
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: Option<u32>,
}

/// `GET /my/bookings`.
pub async fn page(
    State(s): State<Pages>,
    viewer: Viewer,
    q: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let Some(user) = viewer.0.as_ref() else {
        return Ok(sign_in_first("/my/bookings"));
    };
    let page = q
        .ok()
        .and_then(|Query(q)| q.page)
        .unwrap_or(1)
        .clamp(1, 10_000);
    let filter = ListFilter {
        user_id: Some(user.id.clone()),
        showtime_id: None,
        status: None,
        limit: PER_PAGE,
        offset: i64::from(page - 1) * i64::from(PER_PAGE),
    };
    let (items, total) = s.bookings.list(filter).await?;
    let mut names: HashMap<String, String> = HashMap::new();
    let mut bookings = Vec::with_capacity(items.len());
    for b in &items {
        if !names.contains_key(&b.cinema_id) {
            let name = cinema_name(&s, &b.cinema_id).await;
            names.insert(b.cinema_id.clone(), name);
        }
        let name = names.get(&b.cinema_id).cloned().unwrap_or_default();
        bookings.push(view(&s, b, name));
    }
    let shown = i64::from(page) * i64::from(PER_PAGE);
    render(&MyBookingsPage {
        layout: Layout::new("mine-title", &viewer),
        bookings,
        page,
        newer: (page > 1).then(|| page - 1),
        older: (shown < total).then_some(page + 1),
    })
}
