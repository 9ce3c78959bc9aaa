//! The kiosk's sale screen (live seat map, the menu, member and code, the basket, cash/card;
//! driven by `assets/kiosk_basket.js` and `assets/kiosk.js`) and the 80 mm print view of a
//! booking's tickets, with the receipt after them when the sale had concessions.

use super::basket::{self, MenuCard, PointsRule};
use super::receipt::{self, Slip};
use super::{local_time, MaybeStaff, Stop};
use crate::bookings::BookingsError;
use crate::catalog::AgeRating;
use crate::cinemas::{CinemasError, ShowtimeStatus};
use crate::i18n::{self, Arg};
use crate::web::seatmap::{price_lines, PriceLine};
use crate::web::{lang, render, tr, tr_with, vnd, Layout, PageError, Pages};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// A film's age rating as the cashier sees it.
#[derive(Debug, Clone)]
pub struct Rating {
    /// "T16".
    pub code: String,
    /// The official wording ("T16: Phim được phổ biến đến người xem từ đủ 16 tuổi trở lên.").
    pub text: String,
    /// T16 and T18: the cashier checks the buyer's ID.
    pub check_id: bool,
}

impl Rating {
    fn of(r: AgeRating) -> Rating {
        let code = r.as_str();
        Rating {
            code: code.to_string(),
            text: tr(&format!("rating-{code}")),
            check_id: matches!(r, AgeRating::T16 | AgeRating::T18),
        }
    }
}

/// The rating of a showtime's film (none when the film cannot be read).
pub(super) async fn rating_of(s: &Pages, movie_id: &str) -> Option<Rating> {
    match s.catalog.get(movie_id).await {
        Ok(m) => Some(Rating::of(m.age_rating)),
        Err(e) => {
            tracing::warn!(movie_id, error = %e, "kiosk: no rating for the film");
            None
        }
    }
}

#[derive(Template)]
#[template(path = "kiosk_sale.html")]
struct SalePage {
    layout: Layout,
    showtime_id: String,
    movie_title: String,
    when: String,
    hall: String,
    rating: Option<Rating>,
    on_sale: bool,
    prices: Vec<PriceLine>,
    server_now_ms: i64,
    /// The till's cinema (the quote's).
    cinema_id: String,
    menu: Vec<MenuCard>,
    points: PointsRule,
    /// The seat map's sale (the shared basket's seat parts are shown).
    seated: bool,
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
            return Err(PageError::not_found(tr("err-no-showtime")).into())
        }
        Err(e) => return Err(PageError::from(e).into()),
    };
    if st.cinema_id != till.cinema_id {
        return Err(PageError::new(StatusCode::CONFLICT, tr("kiosk-err-wrong-cinema")).into());
    }
    let prices = price_lines(&st);
    let rating = rating_of(&s, &st.movie_id).await;
    let menu = basket::menu(&s).await?;
    let points = basket::points_rule(&s).await?;
    Ok(render(&SalePage {
        layout: staff.layout_titled(tr_with(
            "kiosk-title-sale",
            &[("movie", Arg::from(&st.movie_title))],
        )),
        showtime_id: st.id.clone(),
        movie_title: st.movie_title.clone(),
        when: super::clock_time(&st.local_start),
        hall: format!("{} · {}", st.hall_name, st.format),
        rating,
        on_sale: matches!(st.status, ShowtimeStatus::Selling),
        prices,
        server_now_ms: s.clock.now().timestamp_millis(),
        cinema_id: till.cinema_id,
        menu,
        points,
        seated: true,
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
    cinema_name: String,
    cinema_address: String,
    movie: String,
    rating: Option<Rating>,
    hall: String,
    date: String,
    time: String,
    tickets: Vec<PrintTicket>,
    /// The receipt, when the sale had concessions.
    slip: Option<Slip>,
}

/// "E12" → ("E", "12").
fn row_and_seat(label: &str) -> (String, String) {
    let split = label
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(label.len());
    (label[..split].to_string(), label[split..].to_string())
}

/// "12 Lý Thái Tổ, Hoàn Kiếm, Hà Nội" (the parts that are written, once each).
fn full_address(c: &crate::cinemas::Cinema) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in [c.address.as_str(), c.district.as_str(), c.city.as_str()] {
        let p = p.trim();
        if !p.is_empty() && !parts.iter().any(|q| q.contains(p)) {
            parts.push(p);
        }
    }
    parts.join(", ")
}

/// The seat type's name in the page's language ("VIP", "Ghế đôi").
fn seat_type_name(code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    tr(&format!("seat-{code}"))
}

/// The booking's cinema: its time zone, name and address (the site's zone when unreadable).
pub(super) async fn cinema_of(s: &Pages, b: &crate::bookings::Booking) -> (String, String, String) {
    match s.cinemas.cinema(&b.cinema_id).await {
        Ok(c) => (c.timezone.clone(), c.name.clone(), full_address(&c)),
        Err(_) => (
            s.settings.cinema.timezone.clone(),
            String::new(),
            String::new(),
        ),
    }
}

/// `GET /kiosk/bookings/{id}/print`: one 80 mm ticket per seat (cinema and its address, QR,
/// movie and its age rating, hall, row/seat, date and time, price, VAT line).
pub async fn print(
    State(s): State<Pages>,
    staff: MaybeStaff,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    let staff = staff.require_any(&["booking:sell"], &format!("/kiosk/bookings/{id}/print"))?;
    let booking = match s.bookings.get(&id).await {
        Ok(b) => b,
        Err(BookingsError::NotFound(_)) => {
            return Err(PageError::not_found(tr("err-no-booking")).into())
        }
        Err(e) => return Err(PageError::from(e).into()),
    };
    let detail = s.payments.detail(booking).await?;
    let (tz, cinema_name, cinema_address) = cinema_of(&s, &detail.booking).await;
    let slip = if detail.booking.concessions.is_empty() {
        None
    } else {
        Some(receipt::slip(&s, &detail, &tz).await)
    };
    let rating = match s.cinemas.showtime(&detail.booking.showtime_id).await {
        Ok(st) => rating_of(&s, &st.movie_id).await,
        Err(_) => None,
    };
    let zone: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
    let date = chrono::DateTime::parse_from_rfc3339(&detail.booking.starts_at)
        .map(|t| i18n::long_date(lang::lang(), t.with_timezone(&zone).date_naive()))
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
                seat_type: seat_type_name(seat.map(|x| x.seat_type.as_str()).unwrap_or("")),
                price: vnd(seat.map(|x| x.price).unwrap_or_default()),
            }
        })
        .collect();
    Ok(render(&PrintPage {
        layout: staff.layout("kiosk-title-tickets"),
        booking_id: detail.booking.id.clone(),
        cinema_name,
        cinema_address,
        movie: detail.booking.movie_title.clone(),
        rating,
        hall: detail.booking.hall_name.clone(),
        date,
        time: local_time(&detail.booking.starts_at, &tz),
        tickets,
        slip,
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

    #[test]
    fn t16_and_t18_need_an_id_check() {
        use crate::catalog::AgeRating::*;
        let checked: Vec<bool> = [P, K, T13, T16, T18, C]
            .into_iter()
            .map(|r| super::Rating::of(r).check_id)
            .collect();
        assert_eq!(checked, [false, false, false, true, true, false]);
        assert!(super::Rating::of(T18).text.starts_with("T18: "));
    }
}
