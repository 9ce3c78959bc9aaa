//! Promotion codes (`promotion:manage`): every code with its terms and how often it was used,
//! a form for a new code (percent or amount off, a free item, bonus points; dates, day types,
//! films, cinemas, limits), and switching a code on or off. The promotions domain checks the
//! terms; on a site that syncs, head office owns the codes and each save says so.

use super::{day_of, refusal, Admin};
use crate::promotions::{Kind, NewPromotion, Promotion, PromotionsError};
use crate::users::perm;
use crate::web::kiosk::{parse_cash, Stop};
use crate::web::{render, tr, vnd, Layout, Pages};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A code as listed.
pub struct PromoLine {
    pub id: String,
    pub code: String,
    pub name: String,
    /// "20 % (tối đa 50.000 ₫)", "30.000 ₫", …
    pub terms: String,
    pub dates: String,
    /// "12 / 100".
    pub used: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin_promos.html")]
struct PromosPage {
    layout: Layout,
    promos: Vec<PromoLine>,
    /// (value, words).
    kinds: Vec<(&'static str, String)>,
    days: Vec<(&'static str, String)>,
    items: Vec<(String, String)>,
    movies: Vec<(String, String)>,
    cinemas: Vec<(String, String)>,
    /// The form as typed (after a refusal).
    typed: Vec<(String, String)>,
    notice: Option<String>,
    error: Option<String>,
}

impl PromosPage {
    /// The typed value of a field (empty when none).
    fn v(&self, name: &str) -> String {
        self.typed
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Was `value` chosen for `name` (checkboxes and multiple selects)?
    fn has(&self, name: &str, value: &str) -> bool {
        self.typed.iter().any(|(k, v)| k == name && v == value)
    }
}

fn terms(p: &Promotion) -> String {
    match p.kind {
        Kind::Percentage => match p.max_discount {
            Some(m) => format!("{} % · ≤ {}", p.value, vnd(m)),
            None => format!("{} %", p.value),
        },
        Kind::FixedAmount => vnd(p.value),
        Kind::FreeItem => tr("adm-promo-kind-FREE_ITEM"),
        Kind::Points => format!("+{} {}", p.value, tr("adm-promo-points")),
    }
}

async fn build(
    s: &Pages,
    a: &Admin<perm::PromotionManage>,
    typed: Vec<(String, String)>,
    notice: Option<String>,
    error: Option<String>,
) -> Result<PromosPage, Stop> {
    let promos = s.promotions.list(&a.staff.auth).await?;
    let items = s.concessions.on_sale().await?;
    let movies = s.catalog.now_showing().await?;
    let cinemas = s.cinemas.list_cinemas(&Default::default()).await?;
    Ok(PromosPage {
        layout: a.layout("adm-promos-title"),
        promos: promos
            .iter()
            .map(|p| PromoLine {
                id: p.id.clone(),
                code: p.code.clone(),
                name: p.name.clone(),
                terms: terms(p),
                dates: match (p.valid_from, p.valid_to) {
                    (None, None) => tr("adm-promo-always"),
                    (f, t) => format!(
                        "{} – {}",
                        f.map(|d| d.format("%d/%m/%Y").to_string())
                            .unwrap_or_default(),
                        t.map(|d| d.format("%d/%m/%Y").to_string())
                            .unwrap_or_default()
                    ),
                },
                used: match p.usage_limit {
                    Some(l) => format!("{} / {l}", p.used_count),
                    None => p.used_count.to_string(),
                },
                active: p.active,
            })
            .collect(),
        kinds: ["PERCENTAGE", "FIXED_AMOUNT", "FREE_ITEM", "POINTS"]
            .into_iter()
            .map(|k| (k, tr(&format!("adm-promo-kind-{k}"))))
            .collect(),
        days: ["WEEKDAY", "WEEKEND", "HOLIDAY"]
            .into_iter()
            .map(|d| (d, tr(&format!("adm-day-{d}"))))
            .collect(),
        items: items.into_iter().map(|i| (i.id, i.name)).collect(),
        movies: movies.into_iter().map(|m| (m.id, m.title)).collect(),
        cinemas: cinemas.into_iter().map(|c| (c.id, c.name)).collect(),
        typed,
        notice,
        error,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PromosQuery {
    saved: Option<String>,
}

/// `GET /admin/promotions`.
pub async fn list(
    State(s): State<Pages>,
    a: Admin<perm::PromotionManage>,
    Query(q): Query<PromosQuery>,
) -> Result<Response, Stop> {
    let typed = vec![
        ("kind".into(), "PERCENTAGE".into()),
        ("active".into(), "on".into()),
    ];
    let notice = q.saved.map(|_| tr("adm-promo-saved"));
    Ok(render(&build(&s, &a, typed, notice, None).await?)?)
}

/// The code the form's fields say, or the field at fault.
fn promotion_of(f: &[(String, String)]) -> Result<NewPromotion, String> {
    let one = |name: &str| {
        f.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let all = |name: &str| -> Vec<String> {
        f.iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    };
    let bad = |field: &str| {
        super::super::tr_with(
            "adm-promo-bad",
            &[("field", tr(&format!("adm-promo-f-{field}")).into())],
        )
    };
    let money = |name: &str| -> Result<Option<i64>, String> {
        let v = one(name);
        if v.is_empty() {
            return Ok(None);
        }
        parse_cash(&v).map(Some).ok_or_else(|| bad(name))
    };
    let date = |name: &str| -> Result<Option<chrono::NaiveDate>, String> {
        let v = one(name);
        if v.is_empty() {
            return Ok(None);
        }
        day_of(&v).map(Some).ok_or_else(|| bad(name))
    };
    let whole = |name: &str| -> Result<Option<i64>, String> {
        let v = one(name);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<i64>().map(Some).map_err(|_| bad(name))
    };
    let kind = Kind::parse(&one("kind")).ok_or_else(|| bad("kind"))?;
    // An amount off is money ("30.000"); a percentage or points are plain numbers.
    let value = match kind {
        Kind::FixedAmount => money("value")?,
        _ => whole("value")?,
    };
    Ok(NewPromotion {
        code: one("code").to_uppercase(),
        name: one("name"),
        kind,
        value: value.unwrap_or(0),
        max_discount: money("max_discount")?,
        free_item_id: Some(one("free_item_id")).filter(|x| !x.is_empty() && kind == Kind::FreeItem),
        min_purchase: money("min_purchase")?.unwrap_or(0),
        valid_from: date("valid_from")?,
        valid_to: date("valid_to")?,
        cinema_ids: all("cinema_ids"),
        movie_ids: all("movie_ids"),
        day_types: all("day_types"),
        usage_limit: whole("usage_limit")?,
        per_user_limit: whole("per_user_limit")?,
        active: one("active") == "on",
    })
}

/// `POST /admin/promotions`: add a code.
pub async fn create(
    State(s): State<Pages>,
    a: Admin<perm::PromotionManage>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, Stop> {
    let result = match promotion_of(&f) {
        Err(e) => Err(e),
        Ok(p) => match s.promotions.create(&a.staff.auth, p).await {
            Ok(_) => Ok(()),
            Err(e @ PromotionsError::Db(_)) => return Err(e.into()),
            Err(e) => Err(refusal(&e)),
        },
    };
    match result {
        Ok(()) => Ok(Redirect::to("/admin/promotions?saved=1").into_response()),
        Err(e) => {
            let page = build(&s, &a, f, None, Some(e)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

/// `POST /admin/promotions/{id}/active`: switch a code on or off (its terms unchanged).
pub async fn toggle(
    State(s): State<Pages>,
    a: Admin<perm::PromotionManage>,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    let p = s.promotions.get(&a.staff.auth, &id).await?;
    let new = NewPromotion {
        code: p.code,
        name: p.name,
        kind: p.kind,
        value: p.value,
        max_discount: p.max_discount,
        free_item_id: p.free_item_id,
        min_purchase: p.min_purchase,
        valid_from: p.valid_from,
        valid_to: p.valid_to,
        cinema_ids: p.cinema_ids,
        movie_ids: p.movie_ids,
        day_types: p.day_types,
        usage_limit: p.usage_limit,
        per_user_limit: p.per_user_limit,
        active: !p.active,
    };
    match s.promotions.update(&a.staff.auth, &id, new).await {
        Ok(_) => Ok(Redirect::to("/admin/promotions?saved=1").into_response()),
        Err(e @ PromotionsError::Db(_)) => Err(e.into()),
        Err(e) => {
            let status = match e {
                PromotionsError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::CONFLICT,
            };
            let page = build(&s, &a, Vec::new(), None, Some(refusal(&e))).await?;
            Ok((status, render(&page)?).into_response())
        }
    }
}
