//! `/admin`: the manager's back office on the site's own pages. Cinemas and halls with a
//! layout editor and seat status (`halls.rs`), ticket prices and the holiday calendar
//! (`pricing.rs`), the showtime planner (`planner.rs`) and the seat heat map (`heatmap.rs`).
//! Every page and form is guarded by [`Admin`]: signed out → the login form, without the
//! page's permission → 403, a form from another site → 403; all before a body is read.

mod films;
mod grid;
mod halls;
mod heatmap;
mod planner;
mod pricing;
mod promos;
mod stock;
mod users;

use super::kiosk::{MaybeStaff, Staff, Stop};
use super::{render, tr, Layout, PageError};
use crate::cinemas::Cinema;
use crate::users::{Permission, Users};
use crate::web::Pages;
use askama::Template;
use axum::extract::{FromRef, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use std::marker::PhantomData;

/// Routes of the admin pages.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Pages: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/admin", get(index))
        .route("/admin/cinemas", get(halls::cinemas))
        .route(
            "/admin/cinemas/{id}/halls/new",
            get(halls::new_form).post(halls::create),
        )
        .route("/admin/layout/preview", get(halls::preview))
        .route("/admin/halls/{id}", get(halls::hall))
        .route("/admin/seats/{id}/status", post(halls::set_status))
        .route("/admin/pricing", get(pricing::page))
        .route("/admin/halls/{id}/prices", post(pricing::save))
        .route("/admin/holidays", post(pricing::add_holiday))
        .route(
            "/admin/holidays/{date}/delete",
            post(pricing::delete_holiday),
        )
        .route("/admin/planner", get(planner::page).post(planner::submit))
        .route("/admin/showtimes/{id}/cancel", post(planner::cancel))
        .route("/admin/reports/heatmap", get(heatmap::page))
        .route("/admin/films", get(films::list))
        .route("/admin/films/new", get(films::new_form).post(films::create))
        .route("/admin/films/import", post(films::import))
        .route(
            "/admin/films/{id}",
            get(films::edit_form).post(films::update),
        )
        .route("/admin/genres", post(films::add_genre))
        .route("/admin/concessions", get(stock::page))
        .route("/admin/concessions/{id}/stock", post(stock::change))
        .route("/admin/promotions", get(promos::list).post(promos::create))
        .route("/admin/promotions/{id}/active", post(promos::toggle))
        .route("/admin/users", get(users::list))
        .route("/admin/users/{id}/roles", post(users::change_role))
        .route("/admin/users/{id}/disabled", post(users::set_disabled))
}

/// A signed-in caller with permission `P`, for an admin page. Checked from the request's
/// head, so a form's body is never read for someone who may not send it.
pub struct Admin<P> {
    pub staff: Staff,
    _p: PhantomData<P>,
}

impl<S: Send + Sync, P: Permission> FromRequestParts<S> for Admin<P>
where
    Users: FromRef<S>,
{
    type Rejection = Stop;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Stop> {
        if parts.method != Method::GET && !crate::web::auth::same_origin(&parts.headers) {
            return Err(PageError::new(StatusCode::FORBIDDEN, tr("err-cross-site")).into());
        }
        let next = if parts.method == Method::GET {
            parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/admin".into())
        } else {
            "/admin".into()
        };
        let Ok(staff) = MaybeStaff::from_request_parts(parts, state).await;
        let Some(staff) = staff.into_inner() else {
            let to = format!("/login?next={}", super::urlencoding(&next));
            return Err(Stop::redirect(&to));
        };
        if !staff.auth.can(P::NAME) {
            return Err(PageError::new(StatusCode::FORBIDDEN, tr("adm-err-forbidden")).into());
        }
        Ok(Admin {
            staff,
            _p: PhantomData,
        })
    }
}

impl<P> Admin<P> {
    /// Layout data for an admin page; `title_key` is the message of its title.
    pub fn layout(&self, title_key: &str) -> Layout {
        self.staff.layout(title_key)
    }
}

/// A field the form got wrong, in the visitor's language, with the rule's own words.
#[derive(Debug)]
pub struct FieldError {
    /// The form field (its `name`), to mark it.
    pub field: String,
    pub message: String,
}

/// A date typed in a form or a query ("2026-12-24"), within the years a cinema plans in.
pub fn day_of(text: &str) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    let d = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    let years = crate::cinemas::batch::MIN_YEAR..=crate::cinemas::batch::MAX_YEAR;
    years.contains(&d.year()).then_some(d)
}

/// A domain refusal shown on the form: the service names the field and what is allowed.
pub fn refusal(e: &impl std::fmt::Display) -> String {
    super::tr_with("adm-err-refused", &[("detail", e.to_string().into())])
}

/// The cinemas, and the one chosen by `?cinema=` (else the first).
async fn cinema_choice(
    s: &Pages,
    chosen: Option<&str>,
) -> Result<(Vec<Cinema>, Option<Cinema>), Stop> {
    let all = s.cinemas.list_cinemas(&Default::default()).await?;
    let pick = chosen
        .and_then(|id| all.iter().find(|c| c.id == id))
        .or(all.first())
        .cloned();
    Ok((all, pick))
}

/// One section of the back office, as the index lists it.
pub struct Section {
    pub href: &'static str,
    pub title: String,
    pub lead: String,
}

#[derive(Template)]
#[template(path = "admin_index.html")]
struct IndexPage {
    layout: Layout,
    sections: Vec<Section>,
}

/// The sections, each shown only to those who may open it: (permission, URL, message stem).
const SECTIONS: [(&str, &str, &str); 12] = [
    ("movie:manage", "/admin/films", "adm-sec-films"),
    ("cinema:manage", "/admin/cinemas", "adm-sec-halls"),
    ("cinema:manage", "/admin/pricing", "adm-sec-pricing"),
    ("showtime:manage", "/admin/planner", "adm-sec-planner"),
    ("report:view", "/figures", "adm-sec-revenue"),
    ("report:view", "/admin/reports/heatmap", "adm-sec-heatmap"),
    ("report:view", "/kiosk/cashups", "adm-sec-cashups"),
    ("report:view", "/kiosk/day", "adm-sec-day"),
    ("refund:approve", "/kiosk/refunds", "adm-sec-refunds"),
    ("concession:manage", "/admin/concessions", "adm-sec-stock"),
    ("promotion:manage", "/admin/promotions", "adm-sec-promos"),
    ("user:manage", "/admin/users", "adm-sec-users"),
];

/// `GET /admin`: what this member of staff can open (403 when nothing).
async fn index(State(_s): State<Pages>, staff: MaybeStaff) -> Result<Response, Stop> {
    let Some(staff) = staff.into_inner() else {
        return Err(Stop::redirect("/login?next=%2Fadmin"));
    };
    let sections = SECTIONS
        .iter()
        .filter(|(perm, _, _)| staff.auth.can(perm))
        .map(|(_, href, stem)| Section {
            href,
            title: tr(stem),
            lead: tr(&format!("{stem}-lead")),
        })
        .collect::<Vec<_>>();
    if sections.is_empty() {
        return Err(PageError::new(StatusCode::FORBIDDEN, tr("adm-err-forbidden")).into());
    }
    Ok(render(&IndexPage {
        layout: staff.layout("adm-title"),
        sections,
    })?)
}
