//! Success envelopes: `{"success":true,"data":…}` and paged lists
//! `data = {"items":[…],"total":N,"page":P,"limit":L}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

/// A successful answer.
pub struct Data<T>(pub T);

/// A successful answer that created something (201).
pub struct Created<T>(pub T);

#[derive(Serialize)]
struct Envelope<'a, T> {
    success: bool,
    data: &'a T,
}

impl<T: Serialize> IntoResponse for Data<T> {
    fn into_response(self) -> Response {
        axum::Json(Envelope {
            success: true,
            data: &self.0,
        })
        .into_response()
    }
}

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        (
            StatusCode::CREATED,
            axum::Json(Envelope {
                success: true,
                data: &self.0,
            }),
        )
            .into_response()
    }
}

/// One page of a list.
#[derive(Debug, Serialize, Deserialize, Clone, utoipa::ToSchema)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// How many items match in all.
    pub total: i64,
    /// 1-based page number.
    pub page: u32,
    /// Page size.
    pub limit: u32,
}

/// `page`/`limit` query parameters, validated.
#[derive(Debug, Deserialize, Clone, Copy, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// 1-based page number (default 1).
    pub page: Option<u32>,
    /// Page size (default 20).
    pub limit: Option<u32>,
}

impl Paging {
    /// Resolve to (page, limit), refusing page 0 and a limit outside 1..=max.
    pub fn resolve(self, max_limit: u32) -> Result<(u32, u32), super::ApiError> {
        let page = self.page.unwrap_or(1);
        let limit = self.limit.unwrap_or(20);
        if page == 0 {
            return Err(super::ApiError::invalid("page", "must be 1 or more"));
        }
        if limit == 0 || limit > max_limit {
            return Err(super::ApiError::invalid(
                "limit",
                format!("must be between 1 and {max_limit}"),
            ));
        }
        Ok((page, limit))
    }
}
