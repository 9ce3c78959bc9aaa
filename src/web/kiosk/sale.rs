//! The kiosk's sale screen (live seat map + basket + cash/card, driven by `assets/kiosk.js`)
//! and the 80 mm print view of a booking's tickets.

use super::{local_time, MaybeStaff, Stop};
use crate::bookings::BookingsError;
use crate::cinemas::{CinemasError, ShowtimeStatus};
use crate::web::seatmap::{price_lines, PriceLine};
use crate::web::Pages;
use crate::web::{render, vnd, Layout, PageError};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "kiosk_sale.html")]
struct SalePage {
    layout: Layout,
    showtime_id: String,
    movie_title: String,
    when: String,
    hall: String,
    on_sale: bool,
    prices: Vec<PriceLine>,
    server_now_ms: i64,
}

/// `GET /kiosk/showtimes/{id}`: sell seats of a showtime at the till's cinema.
pub async fn page(
    State(s): State<Pages>,
    staff: MaybeStaff,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    let staff = staff.require_any(&["booking:sell"], &format!("/kiosk/showtimes/{id}"))?;
    let till = s.tills.current(&staff.auth.id).await?;
    let Some(till) = till else {
        return Ok(Redirect::to("/kiosk").into_response());
    };
    let st = match s.cinemas.showtime(&id).await {
        Ok(st) => st,
        Err(CinemasError::ShowtimeNotFound(_)) => {
            return Err(PageError::not_found("We could not find that showtime.").into())
        }
        Err(e) => return Err(PageError::from(e).into()),
    };
    if st.cinema_id != till.cinema_id {
        return Err(PageError::new(
            StatusCode::CONFLICT,
            "This showtime is at another cinema than your till.",
        )
        .into());
    }
    let prices = price_lines(&st);
    Ok(render(&SalePage {
        layout: staff.layout(format!("Sell · {}", st.movie_title)),
        showtime_id: st.id.clone(),
        movie_title: st.movie_title.clone(),
        when: super::clock_time(&st.local_start),
        hall: format!("{} · {}", st.hall_name, st.format),
        on_sale: matches!(st.status, ShowtimeStatus::Selling),
        prices,
        server_now_ms: s.clock.now().timestamp_millis(),
    })?)
}

/// One printed ticket.
struct PrintTicket {
    code: String,
    row: String,
    seat: String,
    seat_type: String,
    price: String,
}

#[derive(Template)]
#[template(path = "kiosk_print.html")]
struct PrintPage {
    layout: Layout,
    booking_id: String,
    movie: String,
    hall: String,
    date: String,
    time: String,
    tickets: Vec<PrintTicket>,
}

/// "E12" → ("E", "12").
fn row_and_seat(label: &str) -> (String, String) {
    let split = label
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(label.len());
    (label[..split].to_string(), label[split..].to_string())
}

/// `GET /kiosk/bookings/{id}/print`: one 80 mm ticket per seat (QR, movie, hall, row/seat,
/// time, price).
pub async fn print(
    State(s): State<Pages>,
    staff: MaybeStaff,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    let staff = staff.require_any(&["booking:sell"], &format!("/kiosk/bookings/{id}/print"))?;
    let booking = match s.bookings.get(&id).await {
        Ok(b) => b,
        Err(BookingsError::NotFound(_)) => {
            return Err(PageError::not_found("We could not find that booking.").into())
        }
        Err(e) => return Err(PageError::from(e).into()),
    };
    let detail = s.payments.detail(booking).await?;
    let tz = match s.cinemas.cinema(&detail.booking.cinema_id).await {
        Ok(c) => c.timezone,
        Err(_) => s.settings.cinema.timezone.clone(),
    };
    let zone: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
    let date = chrono::DateTime::parse_from_rfc3339(&detail.booking.starts_at)
        .map(|t| t.with_timezone(&zone).format("%a %d/%m/%Y").to_string())
        .unwrap_or_default();
    let tickets = detail
        .tickets
        .iter()
        .map(|t| {
            let seat = detail.booking.seats.iter().find(|x| x.seat_id == t.seat_id);
            let (row, number) = row_and_seat(&t.seat_label);
            PrintTicket {
                code: t.code.clone(),
                row,
                seat: number,
                seat_type: seat.map(|x| x.seat_type.clone()).unwrap_or_default(),
                price: vnd(seat.map(|x| x.price).unwrap_or_default()),
            }
        })
        .collect();
    Ok(render(&PrintPage {
        layout: staff.layout("Tickets"),
        booking_id: detail.booking.id.clone(),
        movie: detail.booking.movie_title.clone(),
        hall: detail.booking.hall_name.clone(),
        date,
        time: local_time(&detail.booking.starts_at, &tz),
        tickets,
    })?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_split_into_row_and_seat() {
        assert_eq!(
            super::row_and_seat("E12"),
            ("E".to_string(), "12".to_string())
        );
        assert_eq!(
            super::row_and_seat("AA3"),
            ("AA".to_string(), "3".to_string())
        );
    }
}
