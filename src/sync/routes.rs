//! HTTP of sync. Central: the signed push, cursor and pull a site calls, and the chain-wide
//! figures and site list for head office (`report:view`). Every instance: its own figures
//! and its push status.

use super::central::{Central, Signed, SyncError};
use super::signing::{SIGNATURE_HEADER, SITE_HEADER, TIMESTAMP_HEADER};
use crate::http::doc::Ok;
use crate::http::{ApiError, ApiResult, Data, Query};
use crate::reports::{Figures, Range, Reports};
use crate::users::{perm, Can, Users};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRef, OriginalUri, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

/// A push may carry up to this many bytes (a full batch of large rows).
const PUSH_BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Routes only head office serves.
pub fn central_routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Central: FromRef<S>,
    Users: FromRef<S>,
    crate::catalog::Catalog: FromRef<S>,
    crate::promotions::Promotions: FromRef<S>,
    std::sync::Arc<crate::config::Settings>: FromRef<S>,
    crate::clock::Clock: FromRef<S>,
{
    Router::new()
        .route(
            "/api/v1/sync/push",
            post(push).layer(DefaultBodyLimit::disable()),
        )
        .route("/api/v1/sync/cursor", get(cursor))
        .route("/api/v1/sync/pull", get(pull))
        .route(
            "/api/v1/sync/balances",
            post(balances).layer(DefaultBodyLimit::disable()),
        )
        .route("/api/v1/central/loyalty/overdrawn", get(overdrawn))
        .route("/api/v1/central/sites", get(sites))
        .route("/api/v1/central/figures", get(central_figures))
        .route("/api/v1/central/figures.csv", get(central_csv))
}

/// Routes every instance serves.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Reports: FromRef<S>,
    Users: FromRef<S>,
    crate::sales::Sales: FromRef<S>,
    std::sync::Arc<crate::config::Settings>: FromRef<S>,
    crate::clock::Clock: FromRef<S>,
{
    Router::new()
        .route("/api/v1/reports/figures", get(site_figures))
        .route("/api/v1/reports/figures.csv", get(site_csv))
        .route("/api/v1/sync/status", get(status))
}

impl From<SyncError> for ApiError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Unauthorized(_) => ApiError::unauthorized(e.to_string()),
            SyncError::Replay | SyncError::Gap { .. } => ApiError::conflict(e.to_string()),
            SyncError::BadBody(_) => ApiError::bad_request(e.to_string()),
            SyncError::TooNew(_) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            SyncError::BadName(_) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            SyncError::Db(d) => ApiError::internal(d),
        }
    }
}

fn header<'a>(h: &'a HeaderMap, name: &'static str) -> Result<&'a str, ApiError> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::unauthorized(format!("missing or malformed {name} header")))
}

fn signed<'a>(
    h: &'a HeaderMap,
    method: &'a Method,
    uri: &'a axum::http::Uri,
    body: &'a [u8],
) -> Result<Signed<'a>, ApiError> {
    Ok(Signed {
        site_id: header(h, SITE_HEADER)?,
        timestamp: header(h, TIMESTAMP_HEADER)?,
        signature: header(h, SIGNATURE_HEADER)?,
        method: method.as_str(),
        path: uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"),
        body,
    })
}

/// The body of a signed POST, read only once the site and the timestamp check out.
async fn signed_body(
    central: &Central,
    headers: &HeaderMap,
    body: axum::body::Body,
) -> Result<Bytes, ApiError> {
    central
        .precheck(
            header(headers, SITE_HEADER)?,
            header(headers, TIMESTAMP_HEADER)?,
        )
        .await?;
    axum::body::to_bytes(body, PUSH_BODY_LIMIT)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body: too large or unreadable",
            )
        })
}

/// `POST /api/v1/sync/push` (signed by a site): apply a batch of outbox rows once.
#[utoipa::path(post, path = "/api/v1/sync/push", tag = "sync", request_body(content = serde_json::Value, description = "A batch of outbox rows, signed by the site"), security(("site" = [])), responses((status = 200, description = "Head office only: the rows applied, once", body = Ok<super::batch::Ack>)))]
async fn push(
    State(central): State<Central>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: axum::body::Body,
) -> ApiResult<Data<super::batch::Ack>> {
    let body = signed_body(&central, &headers, body).await?;
    let req = signed(&headers, &method, &uri, &body)?;
    Ok(Data(central.receive(req).await?))
}

/// `GET /api/v1/sync/cursor` (signed): the highest sequence central holds from the site.
#[utoipa::path(get, path = "/api/v1/sync/cursor", tag = "sync", security(("site" = [])), responses((status = 200, description = "Head office only: the highest sequence held from the site", body = Ok<serde_json::Value>)))]
async fn cursor(
    State(central): State<Central>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> ApiResult<Data<serde_json::Value>> {
    let req = signed(&headers, &method, &uri, &[])?;
    let last = central.cursor(req).await?;
    Ok(Data(serde_json::json!({ "last_seq": last })))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct PullQuery {
    #[serde(default)]
    since: String,
    #[serde(default)]
    promo_since: String,
    #[serde(default)]
    loyalty_since: String,
}

/// `GET /api/v1/sync/pull?since=CURSOR` (signed): films and promotions changed since.
#[utoipa::path(get, path = "/api/v1/sync/pull", tag = "sync", params(PullQuery), security(("site" = [])), responses((status = 200, description = "Head office only: films and promotions changed since the cursor", body = Ok<super::pull::ChainBatch>)))]
async fn pull(
    State(central): State<Central>,
    State(catalog): State<crate::catalog::Catalog>,
    State(promotions): State<crate::promotions::Promotions>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Query(q): Query<PullQuery>,
) -> ApiResult<Data<super::pull::ChainBatch>> {
    let req = signed(&headers, &method, &uri, &[])?;
    central.authenticate(&req).await?;
    let batch = super::pull::export(
        &catalog,
        &promotions,
        &central,
        req.site_id,
        &q.since,
        &q.promo_since,
        &q.loyalty_since,
    )
    .await
    .map_err(ApiError::internal)?;
    Ok(Data(batch))
}

/// `POST /api/v1/sync/balances {emails}` (signed): what these members hold at the other sites.
#[utoipa::path(post, path = "/api/v1/sync/balances", tag = "sync", request_body(content = serde_json::Value, description = "{emails}, signed by the site"), security(("site" = [])), responses((status = 200, description = "Head office only: what these members hold at the other sites", body = Ok<Vec<super::batch::ChainBalance>>)))]
async fn balances(
    State(central): State<Central>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: axum::body::Body,
) -> ApiResult<Data<Vec<super::batch::ChainBalance>>> {
    let body = signed_body(&central, &headers, body).await?;
    let req = signed(&headers, &method, &uri, &body)?;
    Ok(Data(central.balances(req).await?))
}

/// `GET /api/v1/central/loyalty/overdrawn` (`report:view`): members whose points across the
/// chain went below zero (redeemed at two sites while both were offline).
#[utoipa::path(get, path = "/api/v1/central/loyalty/overdrawn", tag = "central", security(("bearer" = ["report:view"])), responses((status = 200, description = "Head office only: members whose points went below zero across the chain", body = Ok<Vec<super::central_store::Overdrawn>>)))]
async fn overdrawn(
    State(central): State<Central>,
    _auth: Can<perm::ReportView>,
) -> ApiResult<Data<Vec<super::central_store::Overdrawn>>> {
    Ok(Data(central.overdrawn().await?))
}

/// `GET /api/v1/central/sites` (`report:view`): every site with its last push.
#[utoipa::path(get, path = "/api/v1/central/sites", tag = "central", security(("bearer" = ["report:view"])), responses((status = 200, description = "Head office only: every site with its last push", body = Ok<Vec<super::central_store::SiteRow>>)))]
async fn sites(
    State(central): State<Central>,
    _auth: Can<perm::ReportView>,
) -> ApiResult<Data<Vec<super::central_store::SiteRow>>> {
    Ok(Data(central.sites().await?))
}

/// A date range of a report: `from` and `to` (YYYY-MM-DD, inclusive); the last 30 days
/// when left out.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RangeQuery {
    /// First day.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day.
    #[serde(default)]
    pub to: Option<String>,
}

impl RangeQuery {
    /// The range in `settings`' time zone, today being the wall clock's.
    pub fn range(
        &self,
        settings: &crate::config::Settings,
        clock: &crate::clock::Clock,
    ) -> Result<Range, ApiError> {
        let tz = settings.timezone();
        let today = clock.now().with_timezone(&tz).date_naive();
        let day = |field: &str, v: &Option<String>, default: chrono::NaiveDate| match v {
            None => Ok(default),
            Some(s) if s.is_empty() => Ok(default),
            Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
                .ok_or_else(|| {
                    ApiError::invalid(field, "must be a date like 2026-12-01, years 2000 to 2100")
                }),
        };
        let to = day("to", &self.to, today)?;
        let month_before = to.checked_sub_days(chrono::Days::new(29)).unwrap_or(to);
        let from = day("from", &self.from, month_before)?;
        if from > to {
            return Err(ApiError::invalid("from", "must not be after `to`"));
        }
        if (to - from).num_days() > 3660 {
            return Err(ApiError::invalid(
                "from",
                "the range may span at most ten years",
            ));
        }
        Ok(Range::new(from, to, tz))
    }
}

/// `GET /api/v1/central/figures?from&to` (`report:view`): chain-wide figures.
#[utoipa::path(get, path = "/api/v1/central/figures", tag = "central", params(RangeQuery), security(("bearer" = ["report:view"])), responses((status = 200, description = "Head office only: the chain's figures", body = Ok<Figures>)))]
async fn central_figures(
    State(central): State<Central>,
    State(settings): State<std::sync::Arc<crate::config::Settings>>,
    State(clock): State<crate::clock::Clock>,
    _auth: Can<perm::ReportView>,
    Query(q): Query<RangeQuery>,
) -> ApiResult<Data<Figures>> {
    Ok(Data(central.figures(q.range(&settings, &clock)?).await?))
}

/// `GET /api/v1/reports/figures?from&to` (`report:view`): this instance's own figures.
#[utoipa::path(get, path = "/api/v1/reports/figures", tag = "reports", params(RangeQuery), security(("bearer" = ["report:view"])), responses((status = 200, description = "This instance's own figures", body = Ok<Figures>)))]
async fn site_figures(
    State(reports): State<Reports>,
    State(settings): State<std::sync::Arc<crate::config::Settings>>,
    State(clock): State<crate::clock::Clock>,
    _auth: Can<perm::ReportView>,
    Query(q): Query<RangeQuery>,
) -> ApiResult<Data<Figures>> {
    Ok(Data(reports.figures(q.range(&settings, &clock)?).await?))
}

/// `GET /api/v1/sync/status` (`report:view`): the push's lag and last success or error.
#[utoipa::path(get, path = "/api/v1/sync/status", tag = "sync", security(("bearer" = ["report:view"])), responses((status = 200, description = "The push's lag and last success or error", body = Ok<serde_json::Value>)))]
async fn status(
    State(sales): State<crate::sales::Sales>,
    State(settings): State<std::sync::Arc<crate::config::Settings>>,
    _auth: Can<perm::ReportView>,
) -> ApiResult<Data<serde_json::Value>> {
    let state = sales
        .read(|c| Ok::<_, crate::db::DbError>(crate::sales::sync_store::push_state(c)?))
        .await?;
    Ok(Data(super::cli::status_json(&settings, &state)))
}

/// `?from&to&by=day|film|tender|showtime|site` of a CSV download.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct CsvQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[param(inline)]
    by: crate::reports::csv::By,
}

fn csv_reply(f: &Figures, by: crate::reports::csv::By) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let name = format!("moviehub-{}-{}-{}.csv", by.as_str(), f.from, f.to);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        crate::reports::csv::csv(f, by),
    )
        .into_response()
}

/// `GET /api/v1/reports/figures.csv?from&to&by` (`report:view`): one breakdown as CSV
/// (UTF-8 with a BOM, for Excel).
#[utoipa::path(get, path = "/api/v1/reports/figures.csv", tag = "reports", params(CsvQuery), security(("bearer" = ["report:view"])), responses((status = 200, description = "One breakdown as CSV (UTF-8 with a BOM)", content_type = "text/csv", body = String)))]
async fn site_csv(
    State(reports): State<Reports>,
    State(settings): State<std::sync::Arc<crate::config::Settings>>,
    State(clock): State<crate::clock::Clock>,
    _auth: Can<perm::ReportView>,
    Query(q): Query<CsvQuery>,
) -> ApiResult<axum::response::Response> {
    let range = RangeQuery {
        from: q.from,
        to: q.to,
    }
    .range(&settings, &clock)?;
    Ok(csv_reply(&reports.figures(range).await?, q.by))
}

/// `GET /api/v1/central/figures.csv?from&to&by` (`report:view`): the chain's, as CSV.
#[utoipa::path(get, path = "/api/v1/central/figures.csv", tag = "central", params(CsvQuery), security(("bearer" = ["report:view"])), responses((status = 200, description = "Head office only: one breakdown of the chain's figures as CSV", content_type = "text/csv", body = String)))]
async fn central_csv(
    State(central): State<Central>,
    State(settings): State<std::sync::Arc<crate::config::Settings>>,
    State(clock): State<crate::clock::Clock>,
    _auth: Can<perm::ReportView>,
    Query(q): Query<CsvQuery>,
) -> ApiResult<axum::response::Response> {
    let range = RangeQuery {
        from: q.from,
        to: q.to,
    }
    .range(&settings, &clock)?;
    Ok(csv_reply(&central.figures(range).await?, q.by))
}

/// The OpenAPI paths of this domain.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    push,
    cursor,
    pull,
    balances,
    overdrawn,
    sites,
    central_figures,
    site_figures,
    status,
    site_csv,
    central_csv
))]
pub struct Doc;
