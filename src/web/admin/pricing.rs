//! Ticket prices: for each hall of a cinema, a seat type × day type table edited in place
//! (one form per hall), and the holiday calendar that makes a date a HOLIDAY.

use super::{cinema_choice, refusal, Admin};
use crate::cinemas::{Cinema, DayType, Holiday, Price, SeatType};
use crate::users::perm;
use crate::web::kiosk::{parse_cash, Stop};
use crate::web::{render, tr, tr_with, vnd, Layout, PageError, Pages};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::BTreeSet;

const DAYS: [DayType; 3] = [DayType::Weekday, DayType::Weekend, DayType::Holiday];

/// One cell of a hall's table.
pub struct Cell {
    /// Form field: `SEAT_TYPE.DAY_TYPE`.
    pub name: String,
    /// "90.000" (empty when unset).
    pub value: String,
    pub label: String,
}

/// One seat type's row.
pub struct PriceRow {
    pub seat_type: String,
    pub cells: Vec<Cell>,
}

/// A hall's table.
pub struct HallPrices {
    pub id: String,
    pub name: String,
    pub rows: Vec<PriceRow>,
    /// Combinations without a price: showtimes on such a day cannot be scheduled.
    pub missing: i64,
}

/// A holiday as listed.
pub struct HolidayLine {
    pub date: String,
    pub shown: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "admin_pricing.html")]
struct PricingPage {
    layout: Layout,
    cinemas: Vec<Cinema>,
    cinema: Option<Cinema>,
    halls: Vec<HallPrices>,
    days: Vec<String>,
    holidays: Vec<HolidayLine>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PricingQuery {
    cinema: Option<String>,
    saved: Option<String>,
    holiday: Option<String>,
}

/// What the manager typed into one hall's table, kept when the save is refused.
type Typed<'a> = Option<(&'a str, &'a [(String, String)])>;

async fn build(
    s: &Pages,
    a: &Admin<perm::CinemaManage>,
    cinema: Option<&str>,
    notice: Option<String>,
    error: Option<String>,
    typed: Typed<'_>,
) -> Result<PricingPage, Stop> {
    let (cinemas, cinema) = cinema_choice(s, cinema).await?;
    let mut halls = Vec::new();
    if let Some(c) = &cinema {
        for h in s.cinemas.halls(&c.id).await? {
            let detail = s.cinemas.hall(&h.id).await?;
            let types: BTreeSet<SeatType> = detail.seats.iter().map(|x| x.seat_type).collect();
            let mut missing = 0;
            let rows = types
                .iter()
                .map(|t| PriceRow {
                    seat_type: tr(&format!("seat-{}", t.as_str())),
                    cells: DAYS
                        .iter()
                        .map(|d| {
                            let price = detail
                                .prices
                                .iter()
                                .find(|p| p.seat_type == *t && p.day_type == *d)
                                .map(|p| p.price);
                            if price.is_none() {
                                missing += 1;
                            }
                            let name = format!("{}.{}", t.as_str(), d.as_str());
                            let kept = typed
                                .filter(|(hall, _)| *hall == h.id)
                                .and_then(|(_, f)| f.iter().find(|(k, _)| *k == name))
                                .map(|(_, v)| v.clone());
                            Cell {
                                value: kept.unwrap_or_else(|| {
                                    price
                                        .map(|p| vnd(p).trim_end_matches(" ₫").to_string())
                                        .unwrap_or_default()
                                }),
                                name,
                                label: format!(
                                    "{} · {} · {}",
                                    h.name,
                                    tr(&format!("seat-{}", t.as_str())),
                                    tr(&format!("adm-day-{}", d.as_str()))
                                ),
                            }
                        })
                        .collect(),
                })
                .collect();
            halls.push(HallPrices {
                id: h.id,
                name: h.name,
                rows,
                missing,
            });
        }
    }
    let holidays = s
        .cinemas
        .holidays()
        .await?
        .into_iter()
        .map(|h| HolidayLine {
            date: h.date.to_string(),
            shown: h.date.format("%d/%m/%Y").to_string(),
            name: h.name,
        })
        .collect();
    Ok(PricingPage {
        layout: a.layout("adm-pricing-title"),
        cinemas,
        cinema,
        halls,
        days: DAYS
            .iter()
            .map(|d| tr(&format!("adm-day-{}", d.as_str())))
            .collect(),
        holidays,
        notice,
        error,
    })
}

/// `GET /admin/pricing?cinema=`: the cinema's halls' tables and the holidays.
pub async fn page(
    State(s): State<Pages>,
    a: Admin<perm::CinemaManage>,
    Query(q): Query<PricingQuery>,
) -> Result<Response, Stop> {
    let notice = match (&q.saved, &q.holiday) {
        (Some(_), _) => Some(tr("adm-prices-saved")),
        (_, Some(_)) => Some(tr("adm-holidays-saved")),
        _ => None,
    };
    Ok(render(
        &build(&s, &a, q.cinema.as_deref(), notice, None, None).await?,
    )?)
}

/// `POST /admin/halls/{id}/prices`: every filled cell of the hall's table.
pub async fn save(
    State(s): State<Pages>,
    a: Admin<perm::CinemaManage>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Stop> {
    let hall = s.cinemas.hall(&id).await?.hall;
    let mut prices = Vec::new();
    let mut bad = Vec::new();
    for (name, value) in &fields {
        let Some((seat, day)) = name.split_once('.') else {
            continue;
        };
        let (Some(seat_type), Some(day_type)) = (SeatType::parse(seat), DayType::parse(day)) else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        match parse_cash(value) {
            Some(price) => prices.push(Price {
                seat_type,
                day_type,
                price,
            }),
            None => bad.push(format!(
                "{} · {}",
                tr(&format!("seat-{}", seat_type.as_str())),
                tr(&format!("adm-day-{}", day_type.as_str()))
            )),
        }
    }
    let result = match bad.is_empty() {
        false => Err(tr_with("adm-err-price", &[("what", bad.join("; ").into())])),
        true => s
            .cinemas
            .set_prices(&id, prices)
            .await
            .map_err(|e| refusal(&e)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/admin/pricing?cinema={}&saved={id}#hall-{id}",
            hall.cinema_id
        ))
        .into_response()),
        Err(e) => {
            let typed = Some((id.as_str(), fields.as_slice()));
            let page = build(&s, &a, Some(&hall.cinema_id), None, Some(e), typed).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct HolidayForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    cinema: String,
}

/// `POST /admin/holidays`: add a date to the calendar.
pub async fn add_holiday(
    State(s): State<Pages>,
    a: Admin<perm::CinemaManage>,
    Form(f): Form<HolidayForm>,
) -> Result<Response, Stop> {
    let result = match super::day_of(&f.date) {
        None => Err(tr("adm-err-date")),
        Some(date) => s
            .cinemas
            .add_holiday(Holiday { date, name: f.name })
            .await
            .map_err(|e| refusal(&e)),
    };
    back(&s, &a, &f.cinema, result.map(|_| ())).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeleteForm {
    cinema: String,
}

/// `POST /admin/holidays/{date}/delete`: take a date off the calendar.
pub async fn delete_holiday(
    State(s): State<Pages>,
    a: Admin<perm::CinemaManage>,
    Path(date): Path<String>,
    Form(f): Form<DeleteForm>,
) -> Result<Response, Stop> {
    let date = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map_err(|_| PageError::not_found(tr("err-no-page")))?;
    let result = s
        .cinemas
        .delete_holiday(date)
        .await
        .map_err(|e| refusal(&e));
    back(&s, &a, &f.cinema, result).await
}

async fn back(
    s: &Pages,
    a: &Admin<perm::CinemaManage>,
    cinema: &str,
    result: Result<(), String>,
) -> Result<Response, Stop> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/admin/pricing?cinema={}&holiday=1#holidays",
            super::super::urlencoding(cinema)
        ))
        .into_response()),
        Err(e) => {
            let page = build(s, a, Some(cinema), None, Some(e), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}
