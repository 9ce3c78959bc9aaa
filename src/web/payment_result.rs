//! `GET /api/v1/payments/vnpay/return`: where VNPay sends the moviegoer's browser after
//! paying. It checks VNPay's signature and tells paid / not paid on a page of the site, with
//! the way on to the booking and its tickets. It never changes anything: only the IPN does
//! (it may arrive before or after this page; when the booking is not confirmed yet the
//! booking page polls until it is).
//!
//! The answer is always 200 (an error status under `/api` would become a JSON envelope), and
//! it does not rely on the session cookie: coming back from VNPay's site is a cross-site
//! navigation, which does not carry a SameSite=Strict cookie.

use super::{render, tr, tr_with, vnd, Layout, PageError, Viewer};
use crate::bookings::BookingStatus;
use crate::payments::vnpay::{self, VnpResponse};
use crate::web::Pages;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;

/// What the page tells the moviegoer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The signature does not check out.
    Invalid,
    /// Paid and the booking is confirmed: tickets are ready.
    Paid,
    /// Paid; the booking is not confirmed yet (IPN still to come).
    Confirming,
    /// Paid, but the booking could not be confirmed: the money is to be refunded.
    RefundDue,
    /// Not paid (cancelled, refused, …).
    Failed,
}

impl Outcome {
    /// CSS class and test hook.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Invalid => "invalid",
            Outcome::Paid => "paid",
            Outcome::Confirming => "confirming",
            Outcome::RefundDue => "refund",
            Outcome::Failed => "failed",
        }
    }
}

/// The outcome from VNPay's (verified) answer, our payment record's status and the booking's.
pub fn outcome(
    success: bool,
    payment_status: Option<&str>,
    booking: Option<BookingStatus>,
) -> Outcome {
    if !success {
        return Outcome::Failed;
    }
    match (payment_status, booking) {
        (Some("REFUND_REQUIRED" | "REFUNDED"), _) => Outcome::RefundDue,
        // Paid only once THIS payment is recorded: a second attempt on a booking the first
        // one already confirmed stays "confirming" until its IPN decides (likely a refund).
        (Some("SUCCESS"), Some(BookingStatus::Confirmed | BookingStatus::Completed)) => {
            Outcome::Paid
        }
        _ => Outcome::Confirming,
    }
}

/// Why VNPay refused a payment, in the page's language, from its `vnp_ResponseCode`.
pub fn vnpay_reason(code: &str) -> String {
    match code {
        "07" | "09" | "10" | "11" | "12" | "13" | "24" | "51" | "65" | "75" | "79" => {
            tr(&format!("payresult-vnp-{code}"))
        }
        _ => tr("payresult-vnp-other"),
    }
}

#[derive(Template)]
#[template(path = "payment_result.html")]
struct ResultPage {
    layout: Layout,
    outcome: &'static str,
    title: String,
    reason: String,
    rows: Vec<(String, String)>,
    booking_id: Option<String>,
    movie_title: String,
    /// The booking can still be paid (failed attempt, booking still pending).
    can_retry: bool,
}

/// The payment (status) and booking (id, status, title) behind a transaction reference.
async fn lookup(
    s: &Pages,
    r: &VnpResponse,
) -> Result<(Option<String>, Option<crate::bookings::Booking>), PageError> {
    let payment = s.payments.by_txn_ref(&r.txn_ref).await?;
    let Some(p) = payment.filter(|p| p.method == "VNPAY") else {
        return Ok((None, None));
    };
    let booking = s.bookings.get(&p.booking_id).await.ok();
    Ok((Some(p.status), booking))
}

/// `GET /api/v1/payments/vnpay/return?<VNPay's signed result>`.
pub async fn page(
    State(s): State<Pages>,
    viewer: Viewer,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, PageError> {
    let pairs = q.map(|Query(p)| p).unwrap_or_default();
    let layout = Layout::new("payresult-title", &viewer);
    let r = match vnpay::verify(&pairs, &s.settings.payments.vnpay.secret) {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "payment result not verified");
            return render(&ResultPage {
                layout,
                outcome: Outcome::Invalid.as_str(),
                title: tr("payresult-invalid"),
                reason: tr("payresult-invalid-reason"),
                rows: Vec::new(),
                booking_id: None,
                movie_title: String::new(),
                can_retry: false,
            });
        }
    };
    let (payment_status, booking) = lookup(&s, &r).await?;
    let shown = booking
        .as_ref()
        .map(|b| super::checkout::shown_status(b, s.clock.now()));
    let out = outcome(r.is_success(), payment_status.as_deref(), shown);
    let (title, reason) = match out {
        Outcome::Paid => (tr("payresult-paid"), tr("payresult-paid-reason")),
        Outcome::Confirming => (tr("payresult-paid"), tr("payresult-confirming-reason")),
        Outcome::RefundDue => (tr("payresult-refund"), tr("payresult-refund-reason")),
        _ => (
            tr("payresult-failed"),
            tr_with(
                "payresult-failed-reason",
                &[("reason", vnpay_reason(&r.response_code).into())],
            ),
        ),
    };
    let rows = vec![
        (tr("payresult-amount"), vnd(r.amount_vnd)),
        (
            tr("payresult-order"),
            r.order_info.clone().unwrap_or_default(),
        ),
        (tr("payresult-txn"), r.txn_ref.clone()),
        (tr("payresult-code"), r.response_code.clone()),
    ];
    render(&ResultPage {
        layout,
        outcome: out.as_str(),
        title,
        reason,
        rows,
        can_retry: out == Outcome::Failed && shown == Some(BookingStatus::Pending),
        movie_title: booking
            .as_ref()
            .map(|b| b.movie_title.clone())
            .unwrap_or_default(),
        booking_id: booking.map(|b| b.id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_confirmed_booking_counts_as_paid() {
        use BookingStatus::*;
        assert_eq!(
            outcome(true, Some("SUCCESS"), Some(Confirmed)),
            Outcome::Paid
        );
        assert_eq!(
            outcome(true, Some("SUCCESS"), Some(Completed)),
            Outcome::Paid
        );
        // The browser came back before the IPN.
        assert_eq!(
            outcome(true, Some("PENDING"), Some(Pending)),
            Outcome::Confirming
        );
        assert_eq!(outcome(true, None, None), Outcome::Confirming);
        // Another attempt confirmed the booking; this one's IPN has not arrived yet.
        assert_eq!(
            outcome(true, Some("PENDING"), Some(Confirmed)),
            Outcome::Confirming
        );
        assert_eq!(
            outcome(true, Some("REFUND_REQUIRED"), Some(Confirmed)),
            Outcome::RefundDue
        );
        assert_eq!(
            outcome(false, Some("FAILED"), Some(Pending)),
            Outcome::Failed
        );
        assert_eq!(
            outcome(false, Some("SUCCESS"), Some(Confirmed)),
            Outcome::Failed,
            "a failed result is never shown as paid"
        );
    }
}
