//! Cinemas and halls: the list, the layout editor (rows, seats per row, aisles, VIP, couple,
//! premium and wheelchair places) with a live preview drawn by the server from the same
//! layout rules that build the hall, and a hall's page where a click on a seat takes it out of
//! service or back, listing the sales a broken seat affects so they can be re-seated.

use super::grid::{self, Grid};
use super::{cinema_choice, refusal, Admin, FieldError};
use crate::cinemas::layout::{self, LayoutSpec};
use crate::cinemas::service::NewHall;
use crate::cinemas::{Cinema, Hall, HallType, LayoutType, SeatStatus};
use crate::users::perm;
use crate::web::kiosk::local_fmt;
use crate::web::kiosk::Stop;
use crate::web::{render, tr, tr_with, Layout, PageError, Pages};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A cinema with its halls.
pub struct CinemaHalls {
    pub cinema: Cinema,
    pub halls: Vec<Hall>,
}

#[derive(Template)]
#[template(path = "admin_cinemas.html")]
struct CinemasPage {
    layout: Layout,
    cinemas: Vec<CinemaHalls>,
}

/// `GET /admin/cinemas`: every cinema and its halls.
pub async fn cinemas(
    State(s): State<Pages>,
    a: Admin<perm::CinemaManage>,
) -> Result<Response, Stop> {
    let mut out = Vec::new();
    for cinema in s.cinemas.list_cinemas(&Default::default()).await? {
        let halls = s.cinemas.halls(&cinema.id).await?;
        out.push(CinemaHalls { cinema, halls });
    }
    Ok(render(&CinemasPage {
        layout: a.layout("adm-halls-title"),
        cinemas: out,
    })?)
}

/// The layout editor's fields, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HallForm {
    pub name: String,
    pub hall_type: String,
    pub layout_type: String,
    /// "A-J" or "A, B, C" (front to back).
    pub rows: String,
    pub seats_per_row: String,
    /// "L:8, K:10".
    pub row_seats: String,
    /// "4, 16".
    pub aisles_after: String,
    /// Rows ("E") or seats ("A1"), comma separated, for each seat type.
    pub vip: String,
    pub couple: String,
    pub premium: String,
    pub wheelchair: String,
    /// "preview" or "save".
    pub action: String,
}

fn bad(field: &str, key: &str) -> FieldError {
    FieldError {
        field: field.into(),
        message: tr(key),
    }
}

fn list(text: &str) -> Vec<String> {
    text.split([',', ';', ' '])
        .map(|p| p.trim().to_uppercase())
        .filter(|p| !p.is_empty())
        .collect()
}

/// "A-J, L" → A…J, L.
fn rows_of(text: &str) -> Result<Vec<String>, FieldError> {
    let mut out = Vec::new();
    // "A-C, F", "A-C F" and "A - C" alike.
    let tidy = text.replace(" -", "-").replace("- ", "-");
    for part in tidy
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (a.trim().to_uppercase(), b.trim().to_uppercase());
                let (Some(x), Some(y)) = (single(&a), single(&b)) else {
                    return Err(bad("rows", "adm-err-rows"));
                };
                if x > y {
                    return Err(bad("rows", "adm-err-rows"));
                }
                out.extend((x..=y).map(|c| c.to_string()));
            }
            None => out.push(part.to_uppercase()),
        }
    }
    if out.is_empty() {
        return Err(bad("rows", "adm-err-rows"));
    }
    Ok(out)
}

fn single(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_uppercase() => Some(c),
        _ => None,
    }
}

impl HallForm {
    /// The layout description the fields say, or the first field at fault.
    pub fn spec(&self) -> Result<LayoutSpec, FieldError> {
        let rows = rows_of(&self.rows)?;
        let seats_per_row = self
            .seats_per_row
            .trim()
            .parse()
            .map_err(|_| bad("seats_per_row", "adm-err-number"))?;
        let mut row_seats = BTreeMap::new();
        for part in self
            .row_seats
            .split([',', ';'])
            .map(|p| p.trim().to_uppercase())
            .filter(|p| !p.is_empty())
        {
            let (row, n) = part
                .split_once(':')
                .ok_or_else(|| bad("row_seats", "adm-err-row-seats"))?;
            let n = n
                .trim()
                .parse()
                .map_err(|_| bad("row_seats", "adm-err-row-seats"))?;
            row_seats.insert(row.trim().to_string(), n);
        }
        let mut aisles_after = Vec::new();
        for part in list(&self.aisles_after) {
            aisles_after.push(
                part.parse()
                    .map_err(|_| bad("aisles_after", "adm-err-aisles"))?,
            );
        }
        let mut seat_types = BTreeMap::new();
        for (code, text) in [
            ("VIP", &self.vip),
            ("COUPLE", &self.couple),
            ("PREMIUM", &self.premium),
            ("WHEELCHAIR", &self.wheelchair),
        ] {
            let places = list(text);
            if !places.is_empty() {
                seat_types.insert(code.to_string(), places);
            }
        }
        Ok(LayoutSpec {
            rows,
            seats_per_row,
            row_seats,
            aisles_after,
            seat_types,
        })
    }

    fn hall(&self, spec: LayoutSpec) -> Result<NewHall, FieldError> {
        Ok(NewHall {
            name: self.name.clone(),
            hall_type: HallType::parse(&self.hall_type)
                .ok_or_else(|| bad("hall_type", "adm-err-choice"))?,
            layout_type: LayoutType::parse(&self.layout_type).unwrap_or(LayoutType::Standard),
            layout: spec,
        })
    }

    /// The starting point of a new hall: 8 rows of 12 with two aisles and a VIP block.
    fn example() -> HallForm {
        HallForm {
            hall_type: "STANDARD".into(),
            layout_type: "STANDARD".into(),
            rows: "A-H".into(),
            seats_per_row: "12".into(),
            aisles_after: "4, 8".into(),
            vip: "E, F".into(),
            couple: "H".into(),
            wheelchair: "A1, A2".into(),
            ..HallForm::default()
        }
    }
}

/// The preview of `form`: the grid, or what is wrong (field and words).
fn preview_of(form: &HallForm) -> Result<(Grid, u32), FieldError> {
    let spec = form.spec()?;
    let plan = layout::plan(&spec).map_err(|e| layout_error(&e))?;
    Ok((grid::of_plan(&plan), plan.capacity()))
}

/// A layout rule's refusal ("layout.rows[2]: …") against the form field that holds it.
fn layout_error(e: &crate::cinemas::CinemasError) -> FieldError {
    let text = e.to_string();
    let field = text
        .strip_prefix("layout.")
        .and_then(|r| r.split([':', '[', '.']).next())
        .map(|f| match f {
            "seat_types" => {
                let code = text
                    .strip_prefix("layout.seat_types.")
                    .and_then(|r| r.split(['[', ':']).next())
                    .unwrap_or("VIP");
                match code {
                    "COUPLE" => "couple",
                    "PREMIUM" => "premium",
                    "WHEELCHAIR" => "wheelchair",
                    _ => "vip",
                }
            }
            other => other,
        })
        .unwrap_or("rows")
        .to_string();
    FieldError {
        field,
        message: tr_with("adm-err-layout", &[("detail", text.as_str().into())]),
    }
}

#[derive(Template)]
#[template(path = "admin_hall_new.html")]
struct NewHallPage {
    layout: Layout,
    cinema: Cinema,
    form: HallForm,
    hall_types: Vec<&'static str>,
    layout_types: Vec<&'static str>,
    grid: Option<Grid>,
    capacity: i64,
    error: Option<FieldError>,
}

#[derive(Template)]
#[template(path = "admin_grid.html")]
struct PreviewFragment {
    grid: Option<Grid>,
    capacity: i64,
    error: Option<FieldError>,
    capacity_line: String,
}

fn new_page(a: &Admin<perm::CinemaManage>, cinema: Cinema, form: HallForm) -> NewHallPage {
    let (grid, capacity, error) = match preview_of(&form) {
        Ok((g, n)) => (Some(g), i64::from(n), None),
        Err(e) => (None, 0, Some(e)),
    };
    NewHallPage {
        layout: a.layout("adm-hall-new-title"),
        cinema,
        form,
        hall_types: vec!["STANDARD", "VIP", "IMAX", "FOUR_DX", "PREMIUM"],
        layout_types: vec!["STANDARD", "DUAL_AISLE", "STADIUM"],
        grid,
        capacity,
        error,
    }
}

/// `GET /admin/cinemas/{id}/halls/new`: the layout editor with an example layout.
pub async fn new_form(
    State(s): State<Pages>,
    a: Admin<perm::CinemaManage>,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    let cinema = s.cinemas.cinema(&id).await?;
    Ok(render(&new_page(&a, cinema, HallForm::example()))?)
}

/// `POST /admin/cinemas/{id}/halls/new`: preview again, or build the hall and open it.
pub async fn create(
    State(s): State<Pages>,
    a: Admin<perm::CinemaManage>,
    Path(id): Path<String>,
    Form(form): Form<HallForm>,
) -> Result<Response, Stop> {
    let cinema = s.cinemas.cinema(&id).await?;
    let mut page = new_page(&a, cinema, form.clone());
    if form.action != "save" || page.error.is_some() {
        let status = if page.error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        return Ok((status, render(&page)?).into_response());
    }
    let hall = match form.spec().and_then(|spec| form.hall(spec)) {
        Ok(h) => h,
        Err(e) => {
            page.error = Some(e);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    match s.cinemas.create_hall(&id, hall).await {
        Ok(h) => Ok(Redirect::to(&format!("/admin/halls/{}?created=1", h.hall.id)).into_response()),
        Err(e @ crate::cinemas::CinemasError::Invalid { .. }) => {
            page.error = Some(FieldError {
                field: if e.to_string().starts_with("name") {
                    "name".into()
                } else {
                    layout_error(&e).field
                },
                message: refusal(&e),
            });
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e @ crate::cinemas::CinemasError::Conflict(_)) => {
            page.error = Some(FieldError {
                field: "name".into(),
                message: refusal(&e),
            });
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /admin/layout/preview?…`: the preview alone (the editor's script asks as you type).
pub async fn preview(
    _a: Admin<perm::CinemaManage>,
    Query(form): Query<HallForm>,
) -> Result<Response, Stop> {
    let (grid, capacity, error) = match preview_of(&form) {
        Ok((g, n)) => (Some(g), i64::from(n), None),
        Err(e) => (None, 0, Some(e)),
    };
    let capacity_line = tr_with("adm-capacity", &[("n", capacity.into())]);
    Ok(render(&PreviewFragment {
        grid,
        capacity,
        error,
        capacity_line,
    })?)
}

/// A sale the chosen seat is in, as listed.
pub struct Affected {
    pub booking_id: String,
    pub show: String,
    pub status: String,
}

/// The seat chosen on the hall page.
pub struct Chosen {
    pub id: String,
    pub label: String,
    pub status: &'static str,
    pub status_label: String,
    /// (code, words) of the conditions a seat can be set to.
    pub choices: Vec<(&'static str, String)>,
    pub affected: Vec<Affected>,
}

#[derive(Template)]
#[template(path = "admin_hall.html")]
struct HallPage {
    layout: Layout,
    hall: Hall,
    cinema: Cinema,
    grid: Option<Grid>,
    chosen: Option<Chosen>,
    capacity: i64,
    out_of_service: i64,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct HallQuery {
    seat: Option<String>,
    created: Option<String>,
    changed: Option<String>,
}

/// `GET /admin/halls/{id}`: the hall's seats; `?seat=` opens one of them.
pub async fn hall(
    State(s): State<Pages>,
    a: Admin<perm::CinemaManage>,
    Path(id): Path<String>,
    Query(q): Query<HallQuery>,
) -> Result<Response, Stop> {
    let detail = s.cinemas.hall(&id).await?;
    let (_, cinema) = cinema_choice(&s, Some(&detail.hall.cinema_id)).await?;
    let cinema = cinema.ok_or_else(|| PageError::not_found(tr("err-no-page")))?;
    let chosen_seat = q
        .seat
        .as_deref()
        .and_then(|sid| detail.seats.iter().find(|x| x.id == sid));
    let chosen = match chosen_seat {
        Some(seat) => {
            let mut ids = vec![seat.id.clone()];
            ids.extend(seat.couple_with.clone());
            let now = crate::clock::stamp(s.clock.now());
            let sales = s.bookings.ledger().sales_of_seats(ids, now).await?;
            Some(Chosen {
                id: seat.id.clone(),
                label: seat.label(),
                status: seat.status.as_str(),
                status_label: tr(&format!("adm-seat-{}", seat.status.as_str())),
                choices: ["ACTIVE", "BROKEN", "MAINTENANCE"]
                    .into_iter()
                    .map(|c| (c, tr(&format!("adm-seat-{c}"))))
                    .collect(),
                affected: sales
                    .into_iter()
                    .map(|x| Affected {
                        show: format!(
                            "{} · {} · {}",
                            x.movie_title,
                            local_fmt(&x.starts_at, &cinema.timezone, "%d/%m %H:%M"),
                            x.seat_label
                        ),
                        status: tr(&format!("adm-booking-{}", x.status.as_str())),
                        booking_id: x.booking_id,
                    })
                    .collect(),
            })
        }
        None => None,
    };
    let grid = grid::of_seats(&detail.seats, |seat| {
        let status = seat.status.as_str();
        let words = if seat.status == SeatStatus::Active {
            String::new()
        } else {
            tr(&format!("adm-seat-{status}"))
        };
        (
            format!("status-{status}"),
            words,
            Some(format!("/admin/halls/{id}?seat={}#seat-panel", seat.id)),
            q.seat.as_deref() == Some(seat.id.as_str()),
        )
    });
    let notice = match (q.created, q.changed) {
        (Some(_), _) => Some(tr("adm-hall-created")),
        (_, Some(_)) => Some(tr("adm-seat-changed")),
        _ => None,
    };
    Ok(render(&HallPage {
        layout: a.staff.layout_titled(detail.hall.name.clone()),
        out_of_service: detail
            .seats
            .iter()
            .filter(|x| x.status != SeatStatus::Active)
            .count() as i64,
        capacity: i64::from(detail.hall.capacity),
        hall: detail.hall,
        cinema,
        grid: Some(grid),
        chosen,
        notice,
    })?)
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
}

/// `POST /admin/seats/{id}/status`: ACTIVE, BROKEN or MAINTENANCE; back to the hall.
pub async fn set_status(
    State(s): State<Pages>,
    _a: Admin<perm::CinemaManage>,
    Path(id): Path<String>,
    Form(f): Form<StatusForm>,
) -> Result<Response, Stop> {
    let status = SeatStatus::parse(&f.status)
        .ok_or_else(|| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, tr("adm-err-choice")))?;
    let seats = s.cinemas.set_seat_status(&id, status).await?;
    let hall = seats.first().map(|x| x.hall_id.clone()).unwrap_or_default();
    for st in s
        .cinemas
        .list_showtimes(None, None, Some(hall.clone()), None)
        .await?
    {
        (s.seats_changed)(&st.id);
    }
    Ok(Redirect::to(&format!(
        "/admin/halls/{hall}?seat={id}&changed=1#seat-panel"
    ))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(rows: &str, seats: &str) -> HallForm {
        HallForm {
            rows: rows.into(),
            seats_per_row: seats.into(),
            ..HallForm::default()
        }
    }

    #[test]
    fn rows_take_ranges_and_lists_front_to_back() {
        assert_eq!(
            rows_of("A-C, F").ok(),
            Some(vec!["A".into(), "B".into(), "C".into(), "F".into()])
        );
        assert_eq!(rows_of("a, b").ok(), Some(vec!["A".into(), "B".into()]));
        for bad in ["", "C-A", "A-", "AA-AB"] {
            assert_eq!(
                rows_of(bad).err().map(|e| e.field),
                Some("rows".into()),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_fields_become_the_layout_description_the_api_takes() {
        let mut f = form("A-E", "12");
        f.row_seats = "E:8".into();
        f.aisles_after = "4, 8".into();
        f.vip = "d".into();
        f.couple = "E".into();
        f.wheelchair = "A1 A2".into();
        let spec = f.spec().expect("valid");
        assert_eq!(spec.rows.len(), 5);
        assert_eq!(spec.row_seats.get("E"), Some(&8));
        assert_eq!(spec.aisles_after, vec![4, 8]);
        assert_eq!(spec.seat_types["VIP"], vec!["D".to_string()]);
        assert_eq!(
            spec.seat_types["WHEELCHAIR"],
            vec!["A1".to_string(), "A2".to_string()]
        );
        assert!(!spec.seat_types.contains_key("PREMIUM"));
        let plan = layout::plan(&spec).expect("plan");
        assert_eq!(plan.capacity(), 4 * 12 + 8);
    }

    #[test]
    fn each_bad_field_is_named() {
        assert_eq!(
            form("A-C", "twelve").spec().err().map(|e| e.field),
            Some("seats_per_row".into())
        );
        let mut f = form("A-C", "12");
        f.row_seats = "C=8".into();
        assert_eq!(f.spec().err().map(|e| e.field), Some("row_seats".into()));
        let mut f = form("A-C", "12");
        f.aisles_after = "x".into();
        assert_eq!(f.spec().err().map(|e| e.field), Some("aisles_after".into()));
        // A layout rule's refusal lands on the field that holds it.
        let mut f = form("A-C", "10");
        f.couple = "C".into();
        f.aisles_after = "5".into();
        assert_eq!(
            preview_of(&f).err().map(|e| e.field),
            Some("aisles_after".into())
        );
    }
}
