//! `/kiosk/bookings/{id}/refund`: the counter refunds a booking found by its code or a ticket's
//! QR (from `/kiosk/find`). The page shows what was bought and how it was paid, the refund
//! quote line by line, a reason (staff reasons included), the card terminal's reference for a
//! card sale, and, above the approval threshold, the fields a manager fills with their e-mail
//! and PIN while the cashier stays signed in. Once refunded it shows where the money stands:
//! the cash to hand over (taken out of the cashier's till), who approved it, or a cash or card
//! refund still to pay out, with the button that pays it.

use super::{MaybeStaff, Stop};
use crate::bookings::{Booking, BookingStatus};
use crate::i18n::Arg;
use crate::refunds::{Ask, PayOut, Refund, RefundStatus, RefundsError};
use crate::users::Users;
use crate::users::UsersError;
use crate::web::refund_view::{note, quote_view, reason_options, QuoteView, RefundNote};
use crate::web::{render, tr, tr_with, vnd, Layout, PageError, Pages};
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, FromRef, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

/// Routes of the refund pages.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Pages: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/kiosk/bookings/{id}/refund", get(page).post(submit))
        .route("/kiosk/bookings/{id}/refund/pay-out", post(pay_out))
}

/// A refund already made or asked for, as the cashier sees it.
struct RefundRow {
    id: String,
    note: RefundNote,
    /// "Demo Manager (PIN)".
    approved: Option<String>,
    /// A cash or card refund still to be paid out at the counter.
    to_pay_out: bool,
    card: bool,
    /// The cash to hand over now: "Đưa khách 126.000 ₫".
    hand_over: Option<String>,
}

/// What the cashier typed, kept when the form comes back with an error.
#[derive(Default)]
struct Typed {
    reason_code: String,
    note: String,
    approver_email: String,
    card_reference: String,
}

#[derive(Template)]
#[template(path = "kiosk_refund.html")]
struct RefundPage {
    layout: Layout,
    id: String,
    movie: String,
    /// "24/11/2026 20:00 · Hall 1 · A1, A2".
    show_line: String,
    total: String,
    /// "Tiền mặt", "VNPay", "Thẻ".
    tender: String,
    /// Still refundable: the form.
    quote: Option<QuoteView>,
    reasons: Vec<(String, String)>,
    needs_pin: bool,
    card: bool,
    /// A cash refund with no open till here: it will wait to be paid out.
    no_till: bool,
    typed: Typed,
    error: Option<String>,
    refunds: Vec<RefundRow>,
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// `GET /kiosk/bookings/{id}/refund`.
async fn page(
    State(s): State<Pages>,
    staff: MaybeStaff,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    let next = format!("/kiosk/bookings/{}/refund", safe(&id));
    let staff = staff.require_any(&["booking:sell"], &next)?;
    let b = s.bookings.get(&id).await?;
    let view = build(&s, &staff, &b, Typed::default(), None).await?;
    Ok(render(&view)?)
}

/// `POST /kiosk/bookings/{id}/refund` (reason_code, note, approver_email, approver_pin,
/// card_reference).
async fn submit(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, Stop> {
    if !crate::web::auth::same_origin(&headers) {
        return Err(PageError::new(StatusCode::FORBIDDEN, tr("err-cross-site")).into());
    }
    let next = format!("/kiosk/bookings/{}/refund", safe(&id));
    let staff = staff.require_any(&["booking:sell"], &next)?;
    s.refunds.may_cancel(&staff.auth, &id).await?;
    let fields = form.map(|Form(f)| f).unwrap_or_default();
    let typed = Typed {
        reason_code: field(&fields, "reason_code").to_string(),
        note: field(&fields, "note").to_string(),
        approver_email: field(&fields, "approver_email").trim().to_string(),
        card_reference: field(&fields, "card_reference").to_string(),
    };
    let pin = field(&fields, "approver_pin");
    let approver = match (typed.approver_email.is_empty(), pin.is_empty()) {
        (true, true) => None,
        (false, false) => Some((typed.approver_email.clone(), pin.to_string())),
        _ => {
            let b = s.bookings.get(&id).await?;
            let msg = tr("kiosk-refund-err-pin-pair");
            return again(&s, &staff, &b, typed, msg).await;
        }
    };
    let card = typed.card_reference.trim();
    let ask = Ask {
        reason_code: typed.reason_code.clone(),
        note: typed.note.clone(),
        approver,
        pay: PayOut {
            card_reference: (!card.is_empty()).then(|| card.to_string()),
        },
    };
    match s.refunds.cancel(&staff.auth, &id, ask).await {
        Ok(_) => Ok(Redirect::to(&format!("{next}#refunds")).into_response()),
        Err(e) => {
            let Some(msg) = sentence(&e) else {
                return Err(e.into());
            };
            let b = s.bookings.get(&id).await?;
            again(&s, &staff, &b, typed, msg).await
        }
    }
}

/// `POST /kiosk/bookings/{id}/refund/pay-out` (refund_id, card_reference): pay a pending cash
/// refund out of this cashier's till, or record a card refund's reference.
async fn pay_out(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, Stop> {
    if !crate::web::auth::same_origin(&headers) {
        return Err(PageError::new(StatusCode::FORBIDDEN, tr("err-cross-site")).into());
    }
    let next = format!("/kiosk/bookings/{}/refund", safe(&id));
    let staff = staff.require_any(&["booking:sell"], &next)?;
    let fields = form.map(|Form(f)| f).unwrap_or_default();
    let refund_id = field(&fields, "refund_id");
    let r = s.refunds.get(refund_id).await?;
    if r.booking_id != id {
        return Err(PageError::not_found(tr("err-not-found")).into());
    }
    let card = field(&fields, "card_reference").trim();
    let pay = PayOut {
        card_reference: (!card.is_empty()).then(|| card.to_string()),
    };
    match s.refunds.pay_out(&staff.auth, refund_id, pay).await {
        Ok(_) => Ok(Redirect::to(&format!("{next}#refunds")).into_response()),
        Err(e) => {
            let Some(msg) = sentence(&e) else {
                return Err(e.into());
            };
            let b = s.bookings.get(&id).await?;
            again(&s, &staff, &b, Typed::default(), msg).await
        }
    }
}

/// The page again with what was typed and why it was refused (422).
async fn again(
    s: &Pages,
    staff: &super::Staff,
    b: &Booking,
    typed: Typed,
    msg: String,
) -> Result<Response, Stop> {
    let view = build(s, staff, b, typed, Some(msg)).await?;
    let mut res = render(&view)?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

/// A refusal the cashier can act on, in the page's language; `None` for the rest.
fn sentence(e: &RefundsError) -> Option<String> {
    Some(match e {
        RefundsError::Invalid { field, .. } => match *field {
            "reason_code" => tr("cancel-err-reason"),
            "till" => tr("kiosk-refund-err-till"),
            "card_reference" => tr("kiosk-refund-err-card"),
            "note" => tr("kiosk-refund-err-note"),
            _ => tr("cancel-err-failed"),
        },
        RefundsError::Users(UsersError::BadPin) => tr("kiosk-refund-err-pin"),
        RefundsError::Users(UsersError::RateLimited { .. }) => tr("kiosk-refund-err-pin-limited"),
        RefundsError::Conflict(_) => tr("cancel-err-changed"),
        _ => return None,
    })
}

/// Only the characters of an id in a path we build.
fn safe(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

async fn build(
    s: &Pages,
    staff: &super::Staff,
    b: &Booking,
    typed: Typed,
    error: Option<String>,
) -> Result<RefundPage, Stop> {
    let detail = s.payments.detail(b.clone()).await?;
    let method = detail
        .payments
        .iter()
        .find(|p| p.status == "SUCCESS")
        .map(|p| p.method.clone())
        .unwrap_or_default();
    let tz = s
        .cinemas
        .cinema(&b.cinema_id)
        .await
        .map(|c| c.timezone)
        .unwrap_or_else(|_| s.settings.cinema.timezone.clone());
    let mut rows = Vec::new();
    let refunds = s.refunds.of_booking(&b.id).await?;
    for r in &refunds {
        rows.push(row(s, r).await);
    }
    let awaiting = refunds
        .iter()
        .any(|r| r.status == RefundStatus::AwaitingApproval);
    let refundable = b.status == BookingStatus::Confirmed && !b.is_concessions_only() && !awaiting;
    let quote = if refundable {
        Some(s.refunds.quote_of(b, false).await?)
    } else {
        None
    };
    let till = s.tills.current(&staff.user.id).await?;
    let no_till = method == "CASH" && till.is_none_or(|t| t.cinema_id != b.cinema_id);
    let reasons = s.refunds.reasons().await?;
    let seats: Vec<&str> = b.seats.iter().map(|x| x.seat_label.as_str()).collect();
    Ok(RefundPage {
        layout: staff.layout("kiosk-title-refund"),
        id: b.id.clone(),
        movie: b.movie_title.clone(),
        show_line: format!(
            "{} · {} · {}",
            super::local_fmt(&b.starts_at, &tz, "%d/%m/%Y %H:%M"),
            b.hall_name,
            seats.join(", ")
        ),
        total: vnd(b.total),
        tender: tr(&format!("kiosk-refund-tender-{}", tender_key(&method))),
        needs_pin: quote.as_ref().is_some_and(|q| {
            q.amount > s.settings.refunds.approval_threshold && !staff.auth.can("refund:approve")
        }),
        card: method == "CARD",
        no_till,
        quote: quote.as_ref().map(quote_view),
        reasons: reason_options(&reasons, crate::web::lang::lang(), true),
        typed,
        error,
        refunds: rows,
    })
}

fn tender_key(method: &str) -> &'static str {
    match method {
        "VNPAY" => "VNPAY",
        "CASH" => "CASH",
        "CARD" => "CARD",
        _ => "NONE",
    }
}

async fn row(s: &Pages, r: &Refund) -> RefundRow {
    let approved = match (&r.approved_by, &r.approval_via) {
        (Some(by), Some(via)) => {
            let name = s
                .users
                .get(by)
                .await
                .map(|u| u.full_name)
                .unwrap_or_else(|_| by.clone());
            Some(tr_with(
                "kiosk-refund-approved-by",
                &[
                    ("name", Arg::from(name)),
                    (
                        "via",
                        Arg::from(tr(&format!("kiosk-refund-via-{}", via_key(via)))),
                    ),
                ],
            ))
        }
        _ => None,
    };
    let paid_cash_here = r.method == "CASH" && r.status == RefundStatus::Succeeded && r.amount > 0;
    RefundRow {
        id: r.id.clone(),
        note: note(r),
        approved,
        to_pay_out: r.status == RefundStatus::Pending
            && matches!(r.method.as_str(), "CASH" | "CARD"),
        card: r.method == "CARD",
        hand_over: paid_cash_here.then(|| {
            tr_with(
                "kiosk-refund-hand-over",
                &[("amount", Arg::from(vnd(r.amount)))],
            )
        }),
    }
}

fn via_key(via: &str) -> &'static str {
    match via {
        "PIN" => "PIN",
        "PAGE" => "PAGE",
        _ => "SELF",
    }
}
