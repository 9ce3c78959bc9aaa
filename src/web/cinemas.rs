//! Cinema first: `/cinemas` lists the site's cinemas by city; `/cinemas/{id}?date=…` shows a
//! strip of date tabs and, for the chosen day, each film with its showtimes grouped by format
//! and language (subtitled, dubbed, original), each button with its price from and seats left.

use super::{render, tr, tr_with, vnd, Layout, PageError, Viewer};
use crate::cinemas::service::CinemaFilter;
use crate::cinemas::{CinemasError, SeatCondition, Showtime, ShowtimeStatus};
use crate::i18n::{self, Arg};
use crate::web::Pages;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{DateTime, Duration, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Cinemas of one city.
pub struct City {
    /// City name.
    pub name: String,
    /// Its cinemas by name: (id, name, address).
    pub cinemas: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "cinemas.html")]
struct CinemasPage {
    layout: Layout,
    cities: Vec<City>,
}

/// `GET /cinemas`.
pub async fn list(State(s): State<Pages>, viewer: Viewer) -> Result<Response, PageError> {
    let all = s.cinemas.list_cinemas(&CinemaFilter::default()).await?;
    let mut by_city: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
    for c in all {
        let address = [c.address.as_str(), c.district.as_str()]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        by_city
            .entry(c.city.clone())
            .or_default()
            .push((c.id, c.name, address));
    }
    let cities = by_city
        .into_iter()
        .map(|(name, mut cinemas)| {
            cinemas.sort_by(|a, b| a.1.cmp(&b.1));
            City { name, cinemas }
        })
        .collect();
    render(&CinemasPage {
        layout: Layout::new("cinemas-title", &viewer),
        cities,
    })
}

/// One date tab.
pub struct DateTab {
    /// "Hôm nay", "Ngày mai", "Thứ Sáu 04/12".
    pub label: String,
    /// `2026-12-04`.
    pub date: String,
    /// The day shown.
    pub current: bool,
}

/// One showtime button.
pub struct Slot {
    /// Showtime id.
    pub id: String,
    /// "19:30".
    pub time: String,
    /// "Từ 85.000 ₫".
    pub price_from: String,
    /// "Còn 42 ghế".
    pub seats_left: String,
    /// No seat left, or the show has started (online sales are over).
    pub closed: bool,
    /// Why it is closed, in words.
    pub closed_why: String,
}

/// The showtimes of one film in one format and language.
pub struct Version {
    /// "2D · Phụ đề".
    pub label: String,
    /// By start.
    pub slots: Vec<Slot>,
}

/// One film of the day.
pub struct Film {
    /// Movie id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Age rating code.
    pub rating: String,
    /// Its meaning.
    pub rating_meaning: String,
    /// "120 phút".
    pub runtime: String,
    /// Its versions.
    pub versions: Vec<Version>,
}

#[derive(Template)]
#[template(path = "cinema.html")]
struct CinemaPage {
    layout: Layout,
    id: String,
    name: String,
    address: String,
    tabs: Vec<DateTab>,
    films: Vec<Film>,
}

/// `?date=YYYY-MM-DD`.
#[derive(Debug, Default, Deserialize)]
pub struct DayQuery {
    #[serde(default)]
    date: Option<String>,
}

/// The language of a showtime as a moviegoer reads it.
fn language_label(st: &Showtime, original_language: &str) -> String {
    if !st.subtitles.is_empty() {
        tr("cinema-subtitled")
    } else if !original_language.is_empty() && !st.language.eq_ignore_ascii_case(original_language)
    {
        tr("cinema-dubbed")
    } else {
        tr("cinema-original")
    }
}

async fn slot(s: &Pages, st: &Showtime, now: DateTime<chrono::Utc>) -> Slot {
    let time = DateTime::parse_from_rfc3339(&st.local_start)
        .map(|t| i18n::time_of_day(t.naive_local()))
        .unwrap_or_default();
    let from = match s.cinemas.showtime_facts(&st.id).await {
        Ok(f) => f
            .seats
            .iter()
            .filter(|x| x.condition == SeatCondition::Active && x.price > 0)
            .map(|x| x.price)
            .min(),
        Err(_) => None,
    };
    let started = DateTime::parse_from_rfc3339(&st.start_time).is_ok_and(|t| t <= now);
    let sold_out = st.status == ShowtimeStatus::SoldOut || st.available_seats == 0;
    let not_selling = st.status != ShowtimeStatus::Selling && !sold_out;
    Slot {
        id: st.id.clone(),
        time,
        price_from: from
            .map(|p| tr_with("cinema-price-from", &[("price", Arg::from(vnd(p)))]))
            .unwrap_or_default(),
        seats_left: tr_with("seats-left", &[("n", Arg::from(st.available_seats))]),
        closed: started || sold_out || not_selling,
        closed_why: if started {
            tr("cinema-started")
        } else if sold_out {
            tr("movie-sold-out")
        } else if not_selling {
            tr("cinema-not-on-sale")
        } else {
            String::new()
        },
    }
}

/// `GET /cinemas/{id}?date=…`.
pub async fn page(
    State(s): State<Pages>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<DayQuery>,
) -> Result<Response, PageError> {
    let cinema = match s.cinemas.cinema(&id).await {
        Ok(c) => c,
        Err(CinemasError::CinemaNotFound(_)) => {
            return Err(PageError::not_found(tr("err-no-cinema")))
        }
        Err(e) => return Err(e.into()),
    };
    let today = s.catalog.today();
    let days = i64::from(s.settings.cinema.sales_open_days.max(1));
    let last = today + Duration::days(days - 1);
    let day = match q
        .date
        .as_deref()
        .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
    {
        None => today,
        Some(Ok(d)) if d >= today && d <= last => d,
        Some(_) => {
            return Err(PageError::new(
                axum::http::StatusCode::BAD_REQUEST,
                tr_with(
                    "cinema-err-date",
                    &[("last", Arg::from(i18n::short_date(last)))],
                ),
            ))
        }
    };
    let lang = super::lang::lang();
    let tabs = (0..days)
        .map(|k| today + Duration::days(k))
        .map(|d| DateTab {
            label: i18n::day_label(lang, d, today),
            date: d.format("%Y-%m-%d").to_string(),
            current: d == day,
        })
        .collect();
    let mut showtimes = s
        .cinemas
        .list_showtimes(None, Some(id.clone()), None, Some(day))
        .await?;
    showtimes.retain(|st| st.status != ShowtimeStatus::Cancelled);
    showtimes.sort_by(|a, b| (&a.movie_title, &a.start_time).cmp(&(&b.movie_title, &b.start_time)));
    let now = s.clock.now();
    let mut films: Vec<Film> = Vec::new();
    for st in &showtimes {
        if films.last().is_none_or(|f| f.id != st.movie_id) {
            let movie = s.catalog.get(&st.movie_id).await.ok();
            films.push(Film {
                id: st.movie_id.clone(),
                title: st.movie_title.clone(),
                rating: movie
                    .as_ref()
                    .map(|m| m.age_rating.as_str().to_string())
                    .unwrap_or_default(),
                rating_meaning: movie
                    .as_ref()
                    .map(|m| super::home::rating_meaning(m.age_rating))
                    .unwrap_or_default(),
                runtime: movie
                    .as_ref()
                    .map(|m| tr_with("minutes", &[("n", Arg::from(m.runtime_minutes))]))
                    .unwrap_or_default(),
                versions: Vec::new(),
            });
        }
        let original = s
            .catalog
            .get(&st.movie_id)
            .await
            .map(|m| m.original_language)
            .unwrap_or_default();
        let label = format!("{} · {}", st.format.as_str(), language_label(st, &original));
        let slot = slot(&s, st, now).await;
        if let Some(film) = films.last_mut() {
            match film.versions.iter_mut().find(|v| v.label == label) {
                Some(v) => v.slots.push(slot),
                None => film.versions.push(Version {
                    label,
                    slots: vec![slot],
                }),
            }
        }
    }
    render(&CinemaPage {
        layout: Layout::titled(cinema.name.clone(), &viewer),
        id: cinema.id,
        name: cinema.name,
        address: [cinema.address, cinema.district, cinema.city]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        tabs,
        films,
    })
}
