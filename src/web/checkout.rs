//! `/bookings/{id}`: the moviegoer's checkout (summary, countdown, pay with VNPay, cancel)
//! and, once paid, the printable tickets with their QR codes. Owner only: anyone else gets
//! a 404 page, a signed-out visitor is sent to sign in first.

use super::seatmap::type_name;
use super::{render, tr, tr_with, vnd, Layout, PageError, Viewer};
use crate::bookings::{Booking, BookingStatus, BookingsError};
use crate::i18n::Arg;
use crate::web::Pages;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// One seat line of a booking summary.
pub struct SeatLine {
    /// "E7".
    pub label: String,
    /// "VIP".
    pub type_name: String,
    /// "120.000 ₫".
    pub price: String,
}

/// A concession or discount line of a booking summary.
pub struct MoneyLine {
    /// "Bắp rang bơ × 2", "Mã GIAM10".
    pub label: String,
    /// "110.000 ₫" (a discount: "−25.900 ₫").
    pub amount: String,
    /// Given free by a code.
    pub free: bool,
}

/// A booking as the pages show it: local times, names, formatted money.
pub struct BookingView {
    /// Booking id.
    pub id: String,
    /// Status code (CSS class): PENDING, CONFIRMED, …; a PENDING booking past its expiry
    /// already shows as EXPIRED (the sweeper closes it shortly).
    pub status: String,
    /// "Chờ thanh toán", "Đã thanh toán", … in the page's language.
    pub status_label: String,
    /// Movie title at booking time.
    pub movie_title: String,
    /// Cinema name (empty when unknown).
    pub cinema_name: String,
    /// Hall name.
    pub hall_name: String,
    /// "Thứ Ba, 24/11/2026 · 13:00" in the cinema's time zone and the page's language.
    pub when: String,
    /// Showtime id (to pick seats again).
    pub showtime_id: String,
    /// Seats with type and price.
    pub seats: Vec<SeatLine>,
    /// "E7, E8".
    pub seat_labels: String,
    /// Concession lines.
    pub concessions: Vec<MoneyLine>,
    /// Discount lines (the code, the points).
    pub discounts: Vec<MoneyLine>,
    /// Before discounts: "265.000 ₫".
    pub subtotal: String,
    /// "240.000 ₫".
    pub total: String,
    /// Pay-by time, RFC 3339 (for the countdown).
    pub expires_at: String,
    /// "24/11/2026 10:00", when booked.
    pub booked_on: String,
}

/// "Chờ thanh toán" / "Awaiting payment" etc. for a status code, in the page's language.
pub fn status_label(status: &str) -> String {
    match status {
        "PENDING" | "CONFIRMED" | "COMPLETED" | "CANCELLED" => {
            tr(&format!("booking-status-{status}"))
        }
        _ => tr("booking-status-EXPIRED"),
    }
}

/// The status a visitor should see: PENDING past its pay-by time is already EXPIRED.
pub fn shown_status(b: &Booking, now: DateTime<Utc>) -> BookingStatus {
    let overdue = DateTime::parse_from_rfc3339(&b.expires_at).is_ok_and(|t| t <= now);
    if b.status == BookingStatus::Pending && overdue {
        BookingStatus::Expired
    } else {
        b.status
    }
}

fn local(s: &Pages, stamp: &str, fmt: &str) -> String {
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| {
            t.with_timezone(&s.settings.timezone())
                .format(fmt)
                .to_string()
        })
        .unwrap_or_else(|_| stamp.to_string())
}

/// "Thứ Ba, 24/11/2026 · 13:00": a UTC stamp in the cinema's time zone and the page's language.
fn local_when(s: &Pages, stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| {
            let l = t.with_timezone(&s.settings.timezone());
            format!(
                "{} · {}",
                crate::i18n::long_date(super::lang::lang(), l.date_naive()),
                crate::i18n::time_of_day(l.naive_local())
            )
        })
        .unwrap_or_else(|_| stamp.to_string())
}

/// The page view of a booking; `cinema_name` is looked up by the caller (cached per page).
pub fn view(s: &Pages, b: &Booking, cinema_name: String) -> BookingView {
    let status = shown_status(b, s.clock.now()).as_str().to_string();
    BookingView {
        id: b.id.clone(),
        status_label: status_label(&status),
        status,
        movie_title: b.movie_title.clone(),
        cinema_name,
        hall_name: b.hall_name.clone(),
        when: local_when(s, &b.starts_at),
        showtime_id: b.showtime_id.clone(),
        seats: b
            .seats
            .iter()
            .map(|x| SeatLine {
                label: x.seat_label.clone(),
                type_name: type_name(&x.seat_type),
                price: vnd(x.price),
            })
            .collect(),
        seat_labels: b
            .seats
            .iter()
            .map(|x| x.seat_label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        concessions: b
            .concessions
            .iter()
            .map(|c| MoneyLine {
                label: tr_with(
                    "booking-concession-line",
                    &[
                        ("name", Arg::from(c.name.as_str())),
                        ("qty", Arg::from(i64::from(c.qty))),
                    ],
                ),
                amount: if c.free {
                    tr("booking-free")
                } else {
                    vnd(c.unit_price * i64::from(c.qty))
                },
                free: c.free,
            })
            .collect(),
        discounts: discount_lines(b),
        subtotal: vnd(b.subtotal),
        total: vnd(b.total),
        expires_at: b.expires_at.clone(),
        booked_on: local(s, &b.created_at, "%d/%m/%Y %H:%M"),
    }
}

/// The code's and the points' parts of a booking's discount.
fn discount_lines(b: &Booking) -> Vec<MoneyLine> {
    // A free item shows as free on its own line; the code's line is the rest of its discount.
    let free: i64 = b
        .concessions
        .iter()
        .filter(|c| c.free)
        .map(|c| c.unit_price * i64::from(c.qty))
        .sum();
    let code_value = b.promo_discount - free;
    let points_value = b.discount - b.promo_discount;
    let mut out = Vec::new();
    if let Some(code) = &b.promo_code {
        if code_value > 0 {
            out.push(MoneyLine {
                label: tr_with(
                    "booking-discount-code",
                    &[("code", Arg::from(code.as_str()))],
                ),
                amount: format!("−{}", vnd(code_value)),
                free: false,
            });
        }
    }
    if b.points_redeemed > 0 {
        out.push(MoneyLine {
            label: tr_with(
                "booking-discount-points",
                &[("n", Arg::from(b.points_redeemed))],
            ),
            amount: format!("−{}", vnd(points_value)),
            free: false,
        });
    }
    out
}

/// The cinema's display name, empty when it cannot be read.
pub async fn cinema_name(s: &Pages, cinema_id: &str) -> String {
    s.cinemas
        .cinema(cinema_id)
        .await
        .map(|c| c.name)
        .unwrap_or_default()
}

/// One ticket card.
pub struct TicketCard {
    /// Ticket code (QR URL and text).
    pub code: String,
    /// "E7".
    pub seat: String,
    /// "VIP".
    pub seat_type: String,
    /// VALID, USED or CANCELLED.
    pub status: String,
}

/// Money the moviegoer paid that the booking could not use (it was cancelled or had expired
/// when the payment arrived): it is refunded, so the page must not say "nothing was charged".
pub struct Refund {
    /// "150.000 ₫".
    pub amount: String,
    /// Already refunded (else: to be refunded).
    pub done: bool,
}

/// The refund owed or made on a booking's payments, if any.
fn refund_of(payments: &[crate::payments::Payment]) -> Option<Refund> {
    let owed: Vec<_> = payments
        .iter()
        .filter(|p| matches!(p.status.as_str(), "REFUND_REQUIRED" | "REFUNDED"))
        .collect();
    if owed.is_empty() {
        return None;
    }
    Some(Refund {
        amount: vnd(owed.iter().map(|p| p.amount).sum()),
        done: owed.iter().all(|p| p.status == "REFUNDED"),
    })
}

#[derive(Template)]
#[template(path = "booking.html")]
struct BookingPage {
    layout: Layout,
    b: BookingView,
    tickets: Vec<TicketCard>,
    /// A payment to be refunded (or refunded) on this booking (a late payment without a
    /// refund record yet).
    refund: Option<Refund>,
    /// Where the booking's latest refund stands.
    refund_note: Option<super::refund_view::RefundNote>,
    /// Cancel and refund a paid booking.
    cancel: Option<super::cancel::CancelPanel>,
    /// "Đặt lúc 24/11/2026 10:00 · Mã đơn …".
    booked_line: String,
    /// The last VNPay attempt failed: why.
    last_failure: Option<String>,
    /// Back from a successful payment that is not confirmed yet: poll.
    confirming: bool,
    server_now_ms: i64,
}

/// `?confirming=1` after the payment result page.
#[derive(Debug, Default, Deserialize)]
pub struct BookingQuery {
    #[serde(default)]
    confirming: Option<String>,
    /// Why the last cancel was refused (a code of [`super::cancel`]).
    #[serde(default)]
    cancel_error: Option<String>,
}

/// Where a signed-out visitor is sent to come back to `path`.
pub fn sign_in_first(path: &str) -> Response {
    Redirect::to(&format!("/login?next={path}")).into_response()
}

/// `GET /bookings/{id}`.
pub async fn page(
    State(s): State<Pages>,
    viewer: Viewer,
    Path(id): Path<String>,
    q: Result<Query<BookingQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let Some(user) = viewer.0.as_ref() else {
        let path: String = format!("/bookings/{id}")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || "/-".contains(*c))
            .collect();
        return Ok(sign_in_first(&path));
    };
    let not_found = || PageError::not_found(tr("err-no-booking"));
    let booking = match s.bookings.get(&id).await {
        Ok(b) if b.user_id == user.id => b,
        Ok(_) | Err(BookingsError::NotFound(_)) => return Err(not_found()),
        Err(e) => return Err(e.into()),
    };
    let cinema = cinema_name(&s, &booking.cinema_id).await;
    let b = view(&s, &booking, cinema);
    let detail = s.payments.detail(booking).await?;
    let seat_types: std::collections::HashMap<&str, &str> = b
        .seats
        .iter()
        .map(|x| (x.label.as_str(), x.type_name.as_str()))
        .collect();
    let tickets = detail
        .tickets
        .iter()
        .map(|t| TicketCard {
            code: t.code.clone(),
            seat: t.seat_label.clone(),
            seat_type: seat_types
                .get(t.seat_label.as_str())
                .map(|x| x.to_string())
                .unwrap_or_default(),
            status: t.status.clone(),
        })
        .collect();
    let last_failure = detail
        .payments
        .iter()
        .rev()
        .find(|p| p.method == "VNPAY" && p.status != "PENDING")
        .filter(|p| p.status == "FAILED")
        .map(|p| super::payment_result::vnpay_reason(p.response_code.as_deref().unwrap_or("")));
    let q = q.map(|Query(q)| q).unwrap_or_default();
    let refunds = s.refunds.of_booking(&b.id).await?;
    let refund_note = refunds.last().map(super::refund_view::note);
    let refund = refund_of(&detail.payments).filter(|_| refund_note.is_none());
    let cancel = super::cancel::panel(&s, &detail.booking, q.cancel_error.as_deref()).await;
    let asked = q.confirming.is_some();
    let confirming = asked && b.status == "PENDING";
    let booked_line = tr_with(
        "booking-booked",
        &[("when", Arg::from(&b.booked_on)), ("id", Arg::from(&b.id))],
    );
    render(&BookingPage {
        layout: Layout::titled(
            tr_with("checkout-title", &[("movie", Arg::from(&b.movie_title))]),
            &viewer,
        ),
        b,
        tickets,
        refund,
        refund_note,
        cancel,
        booked_line,
        last_failure,
        confirming,
        server_now_ms: s.clock.now().timestamp_millis(),
    })
}
