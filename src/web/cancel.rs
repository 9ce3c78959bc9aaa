//! The moviegoer's cancel on `/bookings/{id}`: the panel with the refund quote (what comes
//! back, line by line, and why) and a reason to choose, and `POST /bookings/{id}/cancel`,
//! which cancels and refunds through the refunds service and comes back to the booking page,
//! whose note then says where the refund stands.

use super::refund_view::{quote_view, reason_options, QuoteView};
use super::{tr, PageError, Pages};
use crate::bookings::{Booking, BookingStatus};
use crate::refunds::{Ask, PayOut, RefundsError};
use crate::users::auth::{resolve, token_in};
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

/// The cancel panel of a paid booking.
pub struct CancelPanel {
    pub quote: QuoteView,
    /// (code, label) of the reasons a moviegoer may give.
    pub reasons: Vec<(String, String)>,
    /// Above the threshold: a manager approves it first (the tickets stay valid until then).
    pub needs_approval: bool,
    /// Nothing would come back (the show has started): no button, just the reason why.
    pub nothing_back: bool,
    /// Why the last attempt was refused, in the page's language.
    pub error: Option<String>,
}

/// The panel for `b` (its owner's page), when it can still be cancelled.
pub async fn panel(s: &Pages, b: &Booking, error: Option<&str>) -> Option<CancelPanel> {
    if b.status != BookingStatus::Confirmed || b.is_concessions_only() {
        return None;
    }
    // A refund already asked for (awaiting approval) is shown by the note instead.
    let open = s.refunds.of_booking(&b.id).await.ok()?;
    if open
        .iter()
        .any(|r| r.status == crate::refunds::RefundStatus::AwaitingApproval)
    {
        return None;
    }
    let quote = s.refunds.quote_of(b, false).await.ok()?;
    let reasons = s.refunds.reasons().await.ok()?;
    let view = quote_view(&quote);
    Some(CancelPanel {
        needs_approval: quote.amount > s.settings.refunds.approval_threshold,
        nothing_back: quote.amount == 0,
        quote: view,
        reasons: reason_options(&reasons, super::lang::lang(), false),
        error: error.map(error_text),
    })
}

/// The message of a `?cancel_error=` code.
fn error_text(code: &str) -> String {
    match code {
        "reason" => tr("cancel-err-reason"),
        "changed" => tr("cancel-err-changed"),
        _ => tr("cancel-err-failed"),
    }
}

/// `POST /bookings/{id}/cancel` (form: `reason_code`, `note`): the owner cancels a paid
/// booking; back to the booking page with the refund's note, or with why it was refused.
pub async fn cancel(
    State(s): State<Pages>,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, PageError> {
    if !super::auth::same_origin(&headers) {
        return Err(PageError::new(StatusCode::FORBIDDEN, tr("err-cross-site")));
    }
    let page: String = format!("/bookings/{id}")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "/-".contains(*c))
        .collect();
    let Some(token) = token_in(&headers) else {
        return Ok(super::checkout::sign_in_first(&page));
    };
    let Ok(auth) = resolve(&s.users, &token).await else {
        return Ok(super::checkout::sign_in_first(&page));
    };
    let b = s.bookings.get(&id).await?;
    if b.user_id != auth.id {
        return Err(PageError::not_found(tr("err-no-booking")));
    }
    s.refunds.may_cancel(&auth, &id).await?;
    let Ok(Form(fields)) = form else {
        return Ok(back(&page, Some("reason")));
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let ask = Ask {
        reason_code: field("reason_code"),
        note: field("note"),
        approver: None,
        pay: PayOut::default(),
    };
    match s.refunds.cancel(&auth, &id, ask).await {
        Ok(_) => Ok(back(&page, None)),
        Err(RefundsError::Invalid {
            field: "reason_code",
            ..
        }) => Ok(back(&page, Some("reason"))),
        Err(RefundsError::Invalid { .. }) => Ok(back(&page, Some("failed"))),
        Err(RefundsError::Conflict(_)) => Ok(back(&page, Some("changed"))),
        Err(e) => Err(e.into()),
    }
}

fn back(page: &str, error: Option<&str>) -> Response {
    let to = match error {
        None => format!("{page}#refund-note"),
        Some(code) => format!("{page}?cancel_error={code}#cancel"),
    };
    Redirect::to(&to).into_response()
}
