//! Report routes beyond the figures (which live with the sync routes, as head office serves
//! them too): concessions sold, as JSON and CSV (`report:view`).

use super::Reports;
use crate::http::doc::Ok;
use crate::http::{ApiResult, Data, Query};
use crate::sync::routes::RangeQuery;
use crate::users::{perm, Can, Users};
use axum::extract::{FromRef, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The routes.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Reports: FromRef<S>,
    Users: FromRef<S>,
    std::sync::Arc<crate::config::Settings>: FromRef<S>,
    crate::clock::Clock: FromRef<S>,
{
    Router::new()
        .route("/api/v1/reports/concessions", get(concessions))
        .route("/api/v1/reports/concessions.csv", get(concessions_csv))
}

/// `GET /api/v1/reports/concessions?from&to`: each item sold, for money and free.
#[utoipa::path(get, path = "/api/v1/reports/concessions", tag = "reports", params(RangeQuery), security(("bearer" = ["report:view"])), responses((status = 200, description = "Each item sold, for money and free", body = Ok<Vec<super::store::ItemSold>>)))]
async fn concessions(
    State(reports): State<Reports>,
    State(settings): State<std::sync::Arc<crate::config::Settings>>,
    State(clock): State<crate::clock::Clock>,
    _auth: Can<perm::ReportView>,
    Query(q): Query<RangeQuery>,
) -> ApiResult<Data<Vec<super::store::ItemSold>>> {
    let range = q.range(&settings, &clock)?;
    Ok(Data(reports.concessions_sold(range).await?))
}

/// `GET /api/v1/reports/concessions.csv?from&to`: the same as CSV (UTF-8 with a BOM).
#[utoipa::path(get, path = "/api/v1/reports/concessions.csv", tag = "reports", params(RangeQuery), security(("bearer" = ["report:view"])), responses((status = 200, description = "The same as CSV (UTF-8 with a BOM)", content_type = "text/csv", body = String)))]
async fn concessions_csv(
    State(reports): State<Reports>,
    State(settings): State<std::sync::Arc<crate::config::Settings>>,
    State(clock): State<crate::clock::Clock>,
    _auth: Can<perm::ReportView>,
    Query(q): Query<RangeQuery>,
) -> ApiResult<Response> {
    let range = q.range(&settings, &clock)?;
    let name = format!("moviehub-concessions-{}-{}.csv", range.from, range.to);
    let items = reports.concessions_sold(range).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        super::csv::concessions_csv(&items),
    )
        .into_response())
}

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(concessions, concessions_csv))]
pub struct Doc;
