//! The OpenAPI document at `/api/openapi.json`: every route the routers declare is in it with
//! its method, every operation in it is a route, and what it says of permissions agrees with
//! the route × role table (a public operation does not answer 401; a protected one does; one
//! that names a permission refuses some role with 403).

use crate::helpers::*;
use crate::route_roles::{declared, TABLE};
use reqwest::Method;
use serde_json::Value;
use std::collections::BTreeSet;

async fn document() -> Value {
    let app = spawn_app().await;
    let (status, doc) = app.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(status.as_u16(), 200);
    doc
}

fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            out.push((method.to_uppercase(), path.clone(), op.clone()));
        }
    }
    out
}

#[tokio::test]
async fn every_route_is_in_the_document_and_nothing_else() {
    let doc = document().await;
    assert_eq!(doc["openapi"], "3.1.0");
    let documented: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(m, p, _)| (m, p))
        .collect();
    let routes = declared();
    let missing: Vec<_> = routes.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&routes).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "routes missing from the OpenAPI document: {missing:?}; documented but not routed: {extra:?}"
    );
}

#[tokio::test]
async fn every_operation_has_an_id_a_success_answer_and_the_error_envelope() {
    let doc = document().await;
    let mut ids = BTreeSet::new();
    for (m, p, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap_or_default().to_string();
        assert!(ids.insert(id.clone()), "{m} {p}: operationId {id:?} twice");
        let responses = op["responses"].as_object().expect("responses");
        assert!(
            responses.keys().any(|k| k.starts_with('2')),
            "{m} {p}: no success answer"
        );
        assert_eq!(
            responses["default"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error",
            "{m} {p}"
        );
    }
    // Every reference points at a schema that exists.
    let text = doc.to_string();
    for piece in text.split("\"#/components/schemas/").skip(1) {
        let name = piece.split('"').next().unwrap_or_default();
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "no schema {name}"
        );
    }
}

#[tokio::test]
async fn the_documented_permissions_agree_with_the_route_role_table() {
    let doc = document().await;
    let mut wrong = Vec::new();
    for (m, p, op) in operations(&doc) {
        let Some((_, _, got)) = TABLE.iter().find(|(tm, tp, _)| *tm == m && *tp == p) else {
            continue;
        };
        let security = op["security"].as_array().cloned().unwrap_or_default();
        let bearer: Vec<&Value> = security.iter().filter_map(|s| s.get("bearer")).collect();
        let signed_by_site = security.iter().any(|s| s.get("site").is_some());
        let central_only = got.iter().all(|s| *s == 404);
        if central_only || signed_by_site {
            continue;
        }
        let scopes: Vec<&str> = bearer
            .iter()
            .filter_map(|b| b.as_array())
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        match (bearer.is_empty(), got[0]) {
            (true, 401) => wrong.push(format!("{m} {p}: documented public, answers 401")),
            (false, s) if s != 401 => wrong.push(format!(
                "{m} {p}: documented protected, answers {s} signed out"
            )),
            _ => {}
        }
        if !scopes.is_empty() && !got[1..].contains(&403) {
            wrong.push(format!(
                "{m} {p}: documented as needing {scopes:?}, but no role gets 403"
            ));
        }
        if !bearer.is_empty() && scopes.is_empty() && got[1..5].contains(&403) {
            wrong.push(format!(
                "{m} {p}: documented as any signed-in caller, but a role gets 403"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
