//! The API's OpenAPI 3.1 document, assembled from each domain's annotated handlers, at
//! `/api/openapi.json`. Every operation's permission is its security scope; every operation
//! answers errors with the one error envelope.

use super::AppState;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::sync::OnceLock;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, ResponseBuilder};
use utoipa::OpenApi as _;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(document))
        .route("/api/docs", get(super::api_docs::page))
}

/// The API's OpenAPI 3.1 document (this document).
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = serde_json::Value)))]
async fn document() -> impl IntoResponse {
    static JSON: OnceLock<String> = OnceLock::new();
    let body = JSON.get_or_init(|| {
        document_value()
            .to_json()
            .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    });
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body.as_str(),
    )
}

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "MovieHub",
        description = "The booking API of one MovieHub site (or of head office). Errors share one envelope; a permission is the operation's `bearer` scope.",
        license(name = "MIT")
    ),
    paths(document, super::api_docs::page),
    components(schemas(crate::http::doc::Failure))
)]
struct Root;

/// Each domain's part of the document.
fn parts() -> Vec<OpenApi> {
    vec![
        crate::refunds::routes::Doc::openapi(),
        crate::sync::routes::Doc::openapi(),
        crate::reports::routes::Doc::openapi(),
        crate::tills::routes::Doc::openapi(),
        crate::concessions::routes::Doc::openapi(),
        crate::promotions::routes::Doc::openapi(),
        crate::loyalty::routes::Doc::openapi(),
        crate::bookings::routes::Doc::openapi(),
        crate::payments::routes::Doc::openapi(),
        crate::cinemas::routes::Doc::openapi(),
        super::health::Doc::openapi(),
        super::crossing::Doc::openapi(),
        super::seats::Doc::openapi(),
        crate::holds::routes::Doc::openapi(),
        crate::tickets::routes::Doc::openapi(),
        crate::catalog::routes::Doc::openapi(),
        crate::users::routes::Doc::openapi(),
    ]
}

/// The whole document.
pub fn document_value() -> OpenApi {
    let mut doc = Root::openapi();
    for part in parts() {
        doc.merge(part);
    }
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some(
                    "An access token from POST /api/v1/auth/login; the scopes listed on an operation are the permissions it needs.",
                ))
                .build(),
        ),
    );
    components.add_security_scheme(
        "site",
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            crate::sync::signing::SIGNATURE_HEADER,
            "Head office's sync routes: an HMAC-SHA256 of the request by a site's secret, with x-moviehub-site and x-moviehub-timestamp.",
        ))),
    );
    let error = ResponseBuilder::new()
        .description("An error: the status says which, the message names the field at fault")
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Error")))
                .build(),
        )
        .build();
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            tidy(op);
            op.responses
                .responses
                .entry("default".into())
                .or_insert_with(|| error.clone().into());
        }
    }
    doc
}

/// Operation ids unique across domains (`catalog.list`), and summaries without the
/// "`GET /path`:" the handlers' comments start with.
fn tidy(op: &mut utoipa::openapi::path::Operation) {
    if let (Some(tag), Some(id)) = (op.tags.as_ref().and_then(|t| t.first()), &op.operation_id) {
        op.operation_id = Some(format!("{tag}.{id}"));
    }
    if let Some(summary) = op.summary.take() {
        let rest = match summary.strip_prefix('`') {
            Some(after) => after
                .split_once('`')
                .map(|(_, tail)| tail.trim_start_matches([':', ' ']))
                .unwrap_or(after),
            None => summary.as_str(),
        };
        let rest = rest.trim();
        let rest = match rest.strip_prefix('(') {
            Some(after) => after
                .split_once(')')
                .map(|(_, tail)| tail.trim_start_matches([':', ' ', '.']))
                .unwrap_or(rest),
            None => rest,
        };
        let rest = rest.trim_start_matches([',', '.', ' ']);
        if !rest.is_empty() {
            let mut first = rest.chars();
            let cap: String = first
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .unwrap_or_default();
            op.summary = Some(cap + first.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two types that give the document the same schema name would silently overwrite each
    /// other (the merge keeps the last); every name must mean one schema.
    #[test]
    fn no_two_types_share_a_schema_name() {
        let mut seen: std::collections::BTreeMap<String, String> = Default::default();
        let mut clashes = Vec::new();
        for part in parts() {
            for (name, schema) in part.components.map(|c| c.schemas).unwrap_or_default() {
                let json = serde_json::to_string(&schema).expect("schema json");
                match seen.get(&name) {
                    Some(other) if *other != json => clashes.push(name),
                    Some(_) => {}
                    None => {
                        seen.insert(name, json);
                    }
                }
            }
        }
        assert!(
            clashes.is_empty(),
            "schema names with two meanings: {clashes:?}"
        );
    }
}
