//! `/movies/{id}`: details, cast, age rating and the upcoming showtimes by date and cinema.

use super::{render, tr, tr_with, Layout, PageError, Viewer};
use crate::catalog::CatalogError;
use crate::cinemas::{Showtime, ShowtimeStatus};
use crate::i18n::Arg;
use crate::web::Pages;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::DateTime;
use std::collections::HashMap;

/// Below this share of seats left a showtime is marked "almost full".
const ALMOST_FULL_PERCENT: u32 = 10;

/// One showtime button.
pub struct Slot {
    /// Showtime id.
    pub id: String,
    /// "19:30".
    pub time: String,
    /// "2D · Hall 3 · Subtitled".
    pub detail: String,
    /// No seat left.
    pub sold_out: bool,
    /// Less than [`ALMOST_FULL_PERCENT`] of the seats left.
    pub almost_full: bool,
    /// "42 seats left".
    pub seats_left: String,
}

/// Showtimes of one cinema on one day.
pub struct CinemaSlots {
    /// Cinema name.
    pub cinema: String,
    /// Its showtimes by start.
    pub slots: Vec<Slot>,
}

/// Showtimes of one day.
pub struct Day {
    /// "Tuesday 24/11".
    pub label: String,
    /// By cinema.
    pub cinemas: Vec<CinemaSlots>,
}

#[derive(Template)]
#[template(path = "movie.html")]
struct MoviePage {
    layout: Layout,
    movie: crate::catalog::Movie,
    initials: String,
    hue: u32,
    genres: String,
    rating: &'static str,
    rating_meaning: String,
    runtime: String,
    language_type: String,
    days: Vec<Day>,
}

/// Is a showtime sold out / almost full?
pub fn fullness(total: u32, available: u32, status: ShowtimeStatus) -> (bool, bool) {
    let sold_out = status == ShowtimeStatus::SoldOut || available == 0;
    let almost_full = !sold_out && available * 100 < total * ALMOST_FULL_PERCENT;
    (sold_out, almost_full)
}

fn slot(st: &Showtime) -> Slot {
    let time = DateTime::parse_from_rfc3339(&st.local_start)
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_else(|_| st.local_start.clone());
    let mut detail = format!("{} · {}", st.format, st.hall_name);
    if !st.subtitles.is_empty() {
        detail.push_str(" · ");
        detail.push_str(&tr("movie-subtitled"));
    }
    let (sold_out, almost_full) = fullness(st.total_seats, st.available_seats, st.status);
    Slot {
        id: st.id.clone(),
        time,
        detail,
        sold_out,
        almost_full,
        seats_left: tr_with(
            "movie-seats-of",
            &[
                ("left", Arg::from(st.available_seats)),
                ("total", Arg::from(st.total_seats)),
            ],
        ),
    }
}

/// Group showtimes (already in start order) by local date, then cinema.
async fn days(s: &Pages, showtimes: &[Showtime]) -> Vec<Day> {
    let today = s.catalog.today();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut days: Vec<(String, Day)> = Vec::new();
    for st in showtimes {
        let Ok(local) = DateTime::parse_from_rfc3339(&st.local_start) else {
            continue;
        };
        let key = local.date_naive().to_string();
        if !names.contains_key(&st.cinema_id) {
            let name = match s.cinemas.cinema(&st.cinema_id).await {
                Ok(c) => c.name,
                Err(_) => tr("movie-cinema"),
            };
            names.insert(st.cinema_id.clone(), name);
        }
        let cinema = names.get(&st.cinema_id).cloned().unwrap_or_default();
        if days.last().is_none_or(|(k, _)| *k != key) {
            let label = crate::i18n::day_label(crate::web::lang::lang(), local.date_naive(), today);
            days.push((
                key.clone(),
                Day {
                    label,
                    cinemas: vec![],
                },
            ));
        }
        if let Some((_, day)) = days.last_mut() {
            match day.cinemas.iter_mut().find(|c| c.cinema == cinema) {
                Some(c) => c.slots.push(slot(st)),
                None => day.cinemas.push(CinemaSlots {
                    cinema,
                    slots: vec![slot(st)],
                }),
            }
        }
    }
    days.into_iter().map(|(_, d)| d).collect()
}

/// `GET /movies/{id}`.
pub async fn page(
    State(s): State<Pages>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let movie = match s.catalog.get(&id).await {
        Ok(m) => m,
        Err(CatalogError::MovieNotFound(_)) => {
            return Err(PageError::not_found(tr("err-no-movie")))
        }
        Err(e) => return Err(e.into()),
    };
    let mut showtimes = s.cinemas.upcoming_for_movie(&id).await?;
    showtimes.retain(|st| st.status != ShowtimeStatus::Cancelled);
    showtimes.sort_by(|a, b| a.start_time.cmp(&b.start_time));
    let days = days(&s, &showtimes).await;
    render(&MoviePage {
        layout: Layout::titled(movie.title.clone(), &viewer),
        initials: super::home::initials(&movie.title),
        hue: super::home::hue(&movie.title),
        genres: movie
            .genres
            .iter()
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        rating: movie.age_rating.as_str(),
        rating_meaning: super::home::rating_meaning(movie.age_rating),
        runtime: tr_with("minutes", &[("n", Arg::from(movie.runtime_minutes))]),
        language_type: tr(&format!("movie-lang-{}", movie.language_type.as_str())),
        days,
        movie,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sold_out_and_almost_full_thresholds() {
        assert_eq!(fullness(100, 0, ShowtimeStatus::Selling), (true, false));
        assert_eq!(fullness(100, 50, ShowtimeStatus::SoldOut), (true, false));
        assert_eq!(fullness(100, 9, ShowtimeStatus::Selling), (false, true));
        assert_eq!(fullness(100, 10, ShowtimeStatus::Selling), (false, false));
        assert_eq!(
            fullness(100, 100, ShowtimeStatus::Scheduled),
            (false, false)
        );
    }
}
