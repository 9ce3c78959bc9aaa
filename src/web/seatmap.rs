//! `/showtimes/{id}`: the live seat map. The page carries the showtime's facts; the hall
//! itself is drawn in the browser from `GET /api/v1/showtimes/{id}/seats` and kept live
//! over `/ws` (`assets/seatmap.js`).

use super::{render, vnd, Layout, PageError, Viewer};
use crate::cinemas::{CinemasError, ShowtimeStatus};
use crate::web::Pages;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::DateTime;

/// A seat type's price line in the legend.
pub struct PriceLine {
    /// Seat type code (CSS class).
    pub code: String,
    /// "VIP".
    pub name: String,
    /// "120.000 ₫".
    pub price: String,
}

/// The legend's price lines of a showtime: one per seat type of its hall.
pub fn price_lines(st: &crate::cinemas::Showtime) -> Vec<PriceLine> {
    st.prices
        .iter()
        .flatten()
        .map(|(t, p)| PriceLine {
            code: t.as_str().to_string(),
            name: type_name(t.as_str()),
            price: vnd(*p),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "seatmap.html")]
struct SeatMapPage {
    layout: Layout,
    showtime_id: String,
    movie_id: String,
    movie_title: String,
    when: String,
    hall: String,
    on_sale: bool,
    signed_in: bool,
    prices: Vec<PriceLine>,
    hold_minutes: u64,
    /// The server clock's now (ms) so countdowns agree with the server's expiry times.
    server_now_ms: i64,
}

/// Display name of a seat type code ("COUPLE" → "Couple (pair)").
pub fn type_name(code: &str) -> String {
    match code {
        "VIP" => "VIP".into(),
        "COUPLE" => "Couple (pair)".into(),
        "WHEELCHAIR" => "Wheelchair".into(),
        other => {
            let lower = other.to_lowercase();
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

/// `GET /showtimes/{id}`.
pub async fn page(
    State(s): State<Pages>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let st = match s.cinemas.showtime(&id).await {
        Ok(st) => st,
        Err(CinemasError::ShowtimeNotFound(_)) => {
            return Err(PageError::not_found("We could not find that showtime."))
        }
        Err(e) => return Err(e.into()),
    };
    let when = DateTime::parse_from_rfc3339(&st.local_start)
        .map(|t| t.format("%A %d/%m/%Y · %H:%M").to_string())
        .unwrap_or_else(|_| st.local_start.clone());
    let prices = price_lines(&st);
    render(&SeatMapPage {
        layout: Layout::new(format!("Seats · {}", st.movie_title), &viewer),
        showtime_id: st.id.clone(),
        movie_id: st.movie_id.clone(),
        movie_title: st.movie_title.clone(),
        when,
        hall: format!("{} · {}", st.hall_name, st.format),
        on_sale: matches!(st.status, ShowtimeStatus::Selling),
        signed_in: viewer.0.is_some(),
        prices,
        hold_minutes: s.settings.holds.ttl_secs / 60,
        server_now_ms: s.clock.now().timestamp_millis(),
    })
}
