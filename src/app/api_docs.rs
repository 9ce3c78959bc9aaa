//! `/api/docs`: the OpenAPI document read as a page, served from the binary (no script, no
//! CDN): each operation with its permission, parameters, body and answers, and each schema
//! with its fields. The page's own words are in the message files; the reference text is the
//! handlers' documentation, in English, as in the document.

use crate::web::{render, Layout, PageError, Viewer};
use askama::Template;
use axum::response::Response;
use serde_json::Value;

/// One parameter or field.
pub struct Field {
    pub name: String,
    /// "path", "query", or empty for a schema's field.
    pub place: String,
    pub kind: String,
    pub required: bool,
    pub about: String,
}

/// One answer of an operation.
pub struct Answer {
    pub status: String,
    pub about: String,
    pub kind: String,
}

/// One operation.
pub struct Operation {
    /// Anchor id ("catalog.list").
    pub id: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    /// `None`: public; `Some([])`: any signed-in caller; else the permissions (any one).
    pub permissions: Option<Vec<String>>,
    /// Signed by a site (head office's sync routes).
    pub site_signed: bool,
    pub params: Vec<Field>,
    /// The body's schema, if any.
    pub body: Option<String>,
    pub answers: Vec<Answer>,
}

/// A tag's operations.
pub struct Group {
    pub tag: String,
    pub operations: Vec<Operation>,
}

/// A schema and its fields.
pub struct SchemaView {
    pub name: String,
    pub about: String,
    /// An enumeration's values, joined.
    pub values: String,
    pub fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    layout: Layout,
    version: String,
    count: usize,
    groups: Vec<Group>,
    schemas: Vec<SchemaView>,
}

/// The API's documentation page.
#[utoipa::path(get, path = "/api/docs", tag = "operations",
    responses((status = 200, description = "This document as a page", content_type = "text/html", body = String)))]
pub async fn page(viewer: Viewer) -> Result<Response, PageError> {
    let doc =
        serde_json::to_value(super::openapi::document_value()).map_err(PageError::internal)?;
    let groups = groups(&doc);
    render(&DocsPage {
        layout: Layout::new("apidocs-title", &viewer),
        version: doc["info"]["version"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        count: groups.iter().map(|g| g.operations.len()).sum(),
        groups,
        schemas: schemas(&doc),
    })
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().trim().to_string()
}

/// A schema written short: `Movie`, `[Genre]`, `string (date)`, `integer`.
fn kind(s: &Value) -> String {
    if let Some(r) = s["$ref"].as_str() {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    if let Some(all) = s["allOf"].as_array().or(s["oneOf"].as_array()) {
        return all.iter().map(kind).collect::<Vec<_>>().join(" | ");
    }
    let types: Vec<String> = match &s["type"] {
        Value::String(t) => vec![t.clone()],
        Value::Array(ts) => ts.iter().map(text).collect(),
        _ => Vec::new(),
    };
    let named: Vec<String> = types
        .iter()
        .filter(|t| *t != "null")
        .map(|t| match t.as_str() {
            "array" => format!("[{}]", kind(&s["items"])),
            _ => match s["format"].as_str() {
                Some(f) => format!("{t} ({f})"),
                None => t.clone(),
            },
        })
        .collect();
    let mut out = if named.is_empty() {
        "any".to_string()
    } else {
        named.join(" | ")
    };
    if let Some(values) = s["enum"].as_array() {
        out = values.iter().map(text).collect::<Vec<_>>().join(" | ");
    }
    if types.iter().any(|t| t == "null") {
        out.push_str(" | null");
    }
    out
}

/// `Ok_Page_Movie` is the envelope around `Page_Movie`: show what `data` holds.
fn answer_kind(content: &Value) -> String {
    let Some((mime, media)) = content.as_object().and_then(|c| c.iter().next()) else {
        return String::new();
    };
    let k = kind(&media["schema"]);
    let k = match k.strip_prefix("Ok_") {
        Some(inner) => format!("{{success, data: {inner}}}"),
        None if k == "Ok" => "{success, data}".to_string(),
        None => k,
    };
    if mime == "application/json" {
        k
    } else {
        format!("{mime}: {k}")
    }
}

fn groups(doc: &Value) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let Some(paths) = doc["paths"].as_object() else {
        return groups;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            let tag = op["tags"][0].as_str().unwrap_or("api").to_string();
            let security = op["security"].as_array();
            let permissions = security.map(|alts| {
                alts.iter()
                    .filter_map(|a| a["bearer"].as_array())
                    .flatten()
                    .map(text)
                    .collect::<Vec<_>>()
            });
            let site_signed =
                security.is_some_and(|alts| alts.iter().any(|a| a.get("site").is_some()));
            let params = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .map(|p| Field {
                            name: text(&p["name"]),
                            place: text(&p["in"]),
                            kind: kind(&p["schema"]),
                            required: p["required"].as_bool().unwrap_or(false),
                            about: text(&p["description"]),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let body = op["requestBody"]["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .map(|m| kind(&m["schema"]));
            let answers = op["responses"]
                .as_object()
                .map(|rs| {
                    rs.iter()
                        .map(|(status, r)| Answer {
                            status: status.clone(),
                            about: text(&r["description"]),
                            kind: answer_kind(&r["content"]),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let operation = Operation {
                id: text(&op["operationId"]),
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text(&op["summary"]),
                permissions: permissions.filter(|_| !site_signed),
                site_signed,
                params,
                body,
                answers,
            };
            match groups.iter_mut().find(|g| g.tag == tag) {
                Some(g) => g.operations.push(operation),
                None => groups.push(Group {
                    tag,
                    operations: vec![operation],
                }),
            }
        }
    }
    groups.sort_by(|a, b| a.tag.cmp(&b.tag));
    groups
}

fn schemas(doc: &Value) -> Vec<SchemaView> {
    let Some(all) = doc["components"]["schemas"].as_object() else {
        return Vec::new();
    };
    all.iter()
        .filter(|(name, _)| !name.starts_with("Ok_"))
        .map(|(name, s)| {
            let required: Vec<&str> = s["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let fields = s["properties"]
                .as_object()
                .map(|props| {
                    props
                        .iter()
                        .map(|(f, p)| Field {
                            name: f.clone(),
                            place: String::new(),
                            kind: kind(p),
                            required: required.contains(&f.as_str()),
                            about: text(&p["description"]),
                        })
                        .collect()
                })
                .unwrap_or_default();
            SchemaView {
                name: name.clone(),
                about: text(&s["description"]),
                values: s["enum"]
                    .as_array()
                    .map(|v| v.iter().map(text).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default(),
                fields,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_read_short() {
        assert_eq!(
            kind(&json!({"$ref": "#/components/schemas/Movie"})),
            "Movie"
        );
        assert_eq!(
            kind(&json!({"type": "array", "items": {"$ref": "#/components/schemas/Genre"}})),
            "[Genre]"
        );
        assert_eq!(
            kind(&json!({"type": ["string", "null"], "format": "date"})),
            "string (date) | null"
        );
        assert_eq!(
            kind(&json!({"type": "string", "enum": ["A", "B"]})),
            "A | B"
        );
        assert_eq!(
            answer_kind(
                &json!({"application/json": {"schema": {"$ref": "#/components/schemas/Ok_Movie"}}})
            ),
            "{success, data: Movie}"
        );
    }

    #[test]
    fn every_operation_of_the_document_is_on_the_page() {
        let doc = serde_json::to_value(super::super::openapi::document_value()).expect("json");
        let on_page: usize = groups(&doc).iter().map(|g| g.operations.len()).sum();
        let in_doc: usize = doc["paths"]
            .as_object()
            .expect("paths")
            .values()
            .map(|i| i.as_object().map(|o| o.len()).unwrap_or(0))
            .sum();
        assert_eq!(on_page, in_doc);
        assert!(schemas(&doc)
            .iter()
            .any(|s| s.name == "Movie" && !s.fields.is_empty()));
    }
}
