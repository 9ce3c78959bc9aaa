//! The sales receipt of a box-office sale (80 mm, like the tickets): what was sold line by
//! line, the code's and the points' discounts, the total, how it was paid and the member's
//! points. `GET /kiosk/bookings/{id}/receipt` prints it alone (a concessions-only sale); the
//! ticket print view adds it after the tickets when the sale had concessions.

use super::{local_fmt, MaybeStaff, Stop};
use crate::bookings::{Booking, BookingConcession, BookingSeat, BookingStatus, BookingsError};
use crate::i18n::Arg;
use crate::payments::BookingDetail;
use crate::web::{render, tr, tr_with, vnd, Layout, PageError, Pages};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

/// One line of a receipt.
pub struct SlipLine {
    /// "Bắp rang bơ × 2", "Mã GIAM20".
    pub label: String,
    /// "110.000 ₫", "−25.000 ₫", "Tặng".
    pub amount: String,
}

/// A receipt's content.
pub struct Slip {
    pub booking_id: String,
    /// "24/11/2026 10:05" at the cinema.
    pub when: String,
    pub lines: Vec<SlipLine>,
    pub subtotal: String,
    pub discounts: Vec<SlipLine>,
    pub total: String,
    /// Paid (confirmed or completed): the payment lines are shown.
    pub paid: bool,
    /// "Tiền mặt 100.000 ₫", "Tiền thối 45.000 ₫" or "Thẻ · ref".
    pub payment: Vec<SlipLine>,
    /// "Thành viên: Demo Customer".
    pub member: String,
    /// "Đã dùng 50 điểm", "Tích lũy 18 điểm …".
    pub points: Vec<String>,
    /// "Thu ngân: Demo Cashier".
    pub cashier: String,
}

fn line(label: String, amount: String) -> SlipLine {
    SlipLine { label, amount }
}

/// What was sold: the seats, then the concessions (a free one says so).
fn sold_lines(seats: &[BookingSeat], concessions: &[BookingConcession]) -> Vec<SlipLine> {
    let mut out: Vec<SlipLine> = seats
        .iter()
        .map(|seat| {
            let kind = if seat.seat_type.is_empty() {
                String::new()
            } else {
                tr(&format!("seat-{}", seat.seat_type))
            };
            line(
                tr_with(
                    "kiosk-receipt-seat",
                    &[
                        ("seat", Arg::from(seat.seat_label.as_str())),
                        ("type", Arg::from(kind)),
                    ],
                ),
                vnd(seat.price),
            )
        })
        .collect();
    for c in concessions {
        let label = tr_with(
            "kiosk-receipt-item",
            &[
                ("name", Arg::from(c.name.as_str())),
                ("qty", Arg::from(i64::from(c.qty))),
            ],
        );
        let amount = if c.free {
            tr("kiosk-receipt-free")
        } else {
            vnd(c.unit_price.saturating_mul(i64::from(c.qty)))
        };
        out.push(line(label, amount));
    }
    out
}

/// What a booking took off its subtotal.
struct Off<'a> {
    concessions: &'a [BookingConcession],
    promo_code: Option<&'a str>,
    discount: i64,
    /// The code's part of `discount` (its free item included).
    promo_discount: i64,
    points_redeemed: i64,
}

impl<'a> Off<'a> {
    fn of(b: &'a Booking) -> Off<'a> {
        Off {
            concessions: &b.concessions,
            promo_code: b.promo_code.as_deref(),
            discount: b.discount,
            promo_discount: b.promo_discount,
            points_redeemed: b.points_redeemed,
        }
    }
}

/// The code's and the points' parts of the discount (a free item is already its own line).
fn discount_lines(b: &Off<'_>) -> Vec<SlipLine> {
    let free: i64 = b
        .concessions
        .iter()
        .filter(|c| c.free)
        .map(|c| c.unit_price.saturating_mul(i64::from(c.qty)))
        .sum();
    let points_value = b.discount - b.promo_discount;
    let code_value = b.promo_discount - free;
    let mut out = Vec::new();
    if let (Some(code), true) = (b.promo_code, code_value > 0) {
        out.push(line(
            tr_with("kiosk-receipt-code", &[("code", Arg::from(code))]),
            format!("−{}", vnd(code_value)),
        ));
    }
    if b.points_redeemed > 0 {
        out.push(line(
            tr_with(
                "kiosk-receipt-points",
                &[("n", Arg::from(b.points_redeemed))],
            ),
            format!("−{}", vnd(points_value)),
        ));
    }
    out
}

/// The receipt of a booking's detail, times in `tz`.
pub async fn slip(s: &Pages, d: &BookingDetail, tz: &str) -> Slip {
    let b = &d.booking;
    let program = match s.loyalty.program().await {
        Ok(p) => Some(p.program),
        Err(e) => {
            tracing::warn!(error = %e, "receipt: no loyalty programme");
            None
        }
    };
    let paid = matches!(
        b.status,
        BookingStatus::Confirmed | BookingStatus::Completed
    );
    let pay = d.payments.iter().rev().find(|p| p.status == "SUCCESS");
    let mut payment = Vec::new();
    let mut cashier = String::new();
    if let (Some(p), true) = (pay, paid) {
        match p.method.as_str() {
            "CASH" => {
                payment.push(line(
                    tr("kiosk-receipt-cash"),
                    vnd(p.tendered.unwrap_or(p.amount)),
                ));
                payment.push(line(
                    tr("kiosk-receipt-change"),
                    vnd(p.change_due.unwrap_or_default()),
                ));
            }
            "CARD" => payment.push(line(
                tr_with(
                    "kiosk-receipt-card",
                    &[(
                        "ref",
                        Arg::from(p.card_reference.clone().unwrap_or_default()),
                    )],
                ),
                vnd(p.amount),
            )),
            _ => payment.push(line(tr("kiosk-receipt-online"), vnd(p.amount))),
        }
        if let Some(id) = &p.cashier_id {
            if let Ok(u) = s.users.get(id).await {
                cashier = tr_with("kiosk-receipt-cashier", &[("name", Arg::from(u.full_name))]);
            }
        }
    }
    let mut member = String::new();
    let mut points = Vec::new();
    if let Some(id) = &b.member_id {
        if let Ok(u) = s.users.get(id).await {
            member = tr_with("kiosk-receipt-member", &[("name", Arg::from(u.full_name))]);
        }
        if b.points_redeemed > 0 {
            points.push(tr_with(
                "kiosk-receipt-points-used",
                &[("n", Arg::from(b.points_redeemed))],
            ));
        }
        let earns = program.map_or(0, |p| p.earned(b.total));
        if earns > 0 && paid {
            points.push(tr_with("kiosk-receipt-earns", &[("n", Arg::from(earns))]));
        }
    }
    let at = b.confirmed_at.as_deref().unwrap_or(&b.created_at);
    Slip {
        booking_id: b.id.clone(),
        when: local_fmt(at, tz, "%d/%m/%Y %H:%M"),
        lines: sold_lines(&b.seats, &b.concessions),
        subtotal: vnd(b.subtotal),
        discounts: discount_lines(&Off::of(b)),
        total: vnd(b.total),
        paid,
        payment,
        member,
        points,
        cashier,
    }
}

#[derive(Template)]
#[template(path = "kiosk_receipt.html")]
struct ReceiptPage {
    layout: Layout,
    cinema_name: String,
    cinema_address: String,
    slip: Option<Slip>,
}

/// `GET /kiosk/bookings/{id}/receipt`: the receipt alone, 80 mm (it prints itself in the
/// sale screen's frame, or opened with `?print=1`).
pub async fn page(
    State(s): State<Pages>,
    staff: MaybeStaff,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    let staff = staff.require_any(&["booking:sell"], &format!("/kiosk/bookings/{id}/receipt"))?;
    let booking = match s.bookings.get(&id).await {
        Ok(b) => b,
        Err(BookingsError::NotFound(_)) => {
            return Err(PageError::not_found(tr("err-no-booking")).into())
        }
        Err(e) => return Err(PageError::from(e).into()),
    };
    let detail = s.payments.detail(booking).await?;
    let (tz, cinema_name, cinema_address) = super::sale::cinema_of(&s, &detail.booking).await;
    let slip = slip(&s, &detail, &tz).await;
    Ok(render(&ReceiptPage {
        layout: staff.layout("kiosk-title-receipt"),
        cinema_name,
        cinema_address,
        slip: Some(slip),
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, qty: u32, unit_price: i64, free: bool) -> BookingConcession {
        BookingConcession {
            item_id: name.into(),
            name: name.into(),
            kind: "FOOD".into(),
            qty,
            unit_price,
            free,
        }
    }

    #[test]
    fn a_free_item_is_its_own_line_and_not_a_second_discount() {
        let items = [item("Bắp", 2, 55_000, false), item("Nước", 1, 20_000, true)];
        let seats = [BookingSeat {
            seat_id: "s".into(),
            seat_label: "E7".into(),
            seat_type: "VIP".into(),
            price: 120_000,
        }];
        let sold = sold_lines(&seats, &items);
        assert_eq!(sold[0].label, "Vé E7 · VIP");
        assert_eq!(sold[1].label, "Bắp × 2");
        assert_eq!(sold[1].amount, "110.000 ₫");
        assert_eq!(sold[2].amount, "Tặng");
        let off = Off {
            concessions: &items,
            promo_code: Some("NUOCFREE"),
            discount: 20_000 + 30_000,
            promo_discount: 20_000,
            points_redeemed: 30,
        };
        let lines = discount_lines(&off);
        assert_eq!(lines.len(), 1, "the code gave only the free item");
        assert_eq!(lines[0].label, "Dùng 30 điểm");
        assert_eq!(lines[0].amount, "−30.000 ₫");
        let off = Off {
            promo_code: Some("GIAM20"),
            discount: 40_000,
            promo_discount: 40_000,
            points_redeemed: 0,
            concessions: &items[..1],
        };
        let lines = discount_lines(&off);
        assert_eq!(lines[0].label, "Mã GIAM20");
        assert_eq!(lines[0].amount, "−40.000 ₫");
    }
}
