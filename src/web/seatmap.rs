//! `/showtimes/{id}`: the live seat map. The page carries the showtime's facts; the hall
//! itself is drawn in the browser from `GET /api/v1/showtimes/{id}/seats` and kept live
//! over `/ws` (`assets/seatmap.js`).

use super::{render, tr, tr_with, vnd, Layout, PageError, Viewer};
use crate::cinemas::{CinemasError, ShowtimeStatus};
use crate::i18n::{self, Arg};
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
    /// The cinema's name (empty when it cannot be read).
    cinema: String,
    hall: String,
    on_sale: bool,
    started: bool,
    signed_in: bool,
    prices: Vec<PriceLine>,
    hold_minutes: i64,
    /// The server clock's now (ms) so countdowns agree with the server's expiry times.
    server_now_ms: i64,
    /// Concessions on sale (signed-in viewers add them before booking).
    menu: Vec<super::menu::MenuItemView>,
    /// The viewer's loyalty points.
    points_balance: i64,
}

/// Display name of a seat type code in the page's language ("COUPLE" → "Ghế đôi").
pub fn type_name(code: &str) -> String {
    match code {
        "STANDARD" | "VIP" | "COUPLE" | "PREMIUM" | "WHEELCHAIR" => tr(&format!("seat-{code}")),
        other => other.to_string(),
    }
}

/// "Thứ Bảy, 28/11/2026 · 19:30": a local start (RFC 3339 with offset) in the page's language.
pub fn when_label(local_start: &str) -> String {
    DateTime::parse_from_rfc3339(local_start)
        .map(|t| {
            format!(
                "{} · {}",
                i18n::long_date(super::lang::lang(), t.date_naive()),
                i18n::time_of_day(t.naive_local())
            )
        })
        .unwrap_or_else(|_| local_start.to_string())
}

/// "Phòng 3 · IMAX"; just "IMAX" when the hall is named after its format.
fn hall_label(hall: &str, format: &str) -> String {
    if hall.to_lowercase().contains(&format.to_lowercase()) {
        hall.to_string()
    } else {
        format!("{hall} · {format}")
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
            return Err(PageError::not_found(tr("err-no-showtime")))
        }
        Err(e) => return Err(e.into()),
    };
    let when = when_label(&st.local_start);
    let prices = price_lines(&st);
    let cinema = super::checkout::cinema_name(&s, &st.cinema_id).await;
    let title = tr_with("seatmap-title", &[("movie", Arg::from(&st.movie_title))]);
    // Online sales stop when the show starts (the box office sells a little longer, at the
    // kiosk).
    let started = DateTime::parse_from_rfc3339(&st.start_time).is_ok_and(|t| t <= s.clock.now());
    let on_sale = matches!(st.status, ShowtimeStatus::Selling) && !started;
    let (menu, points_balance) = match &viewer.0 {
        Some(v) if on_sale => {
            let points = match s.loyalty.summary(&v.id, 0).await {
                Ok(sum) => sum.balance,
                Err(_) => 0,
            };
            (super::menu::on_sale(&s).await, points)
        }
        _ => (Vec::new(), 0),
    };
    render(&SeatMapPage {
        layout: Layout::titled(title, &viewer),
        showtime_id: st.id.clone(),
        movie_id: st.movie_id.clone(),
        movie_title: st.movie_title.clone(),
        when,
        cinema,
        hall: hall_label(&st.hall_name, &st.format.to_string()),
        on_sale,
        started,
        signed_in: viewer.0.is_some(),
        prices,
        hold_minutes: i64::try_from(s.settings.holds.ttl_secs / 60).unwrap_or(i64::MAX),
        server_now_ms: s.clock.now().timestamp_millis(),
        menu,
        points_balance,
    })
}
