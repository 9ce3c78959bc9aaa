//! `/kiosk/refunds`: what a manager settles — refunds awaiting approval (approve, or reject
//! with a note), refunds still on their way (a failed VNPay call is retried from here) and
//! late VNPay payments kept for a refund (refunded in full from here).

use super::super::{local_fmt, MaybeStaff, Staff, Stop};
use super::{from_this_site, Names, Zones};
use crate::i18n::Lang;
use crate::payments::Payment;
use crate::refunds::{Refund, RefundStatus, RefundsError};
use crate::web::{render, tr, vnd, Layout, PageError, Pages};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;

/// How many of each list the page shows (the oldest wait longest, but a manager works
/// through a page at a time).
const SHOWN: u32 = 100;

/// A refund as listed.
pub struct RefundRow {
    id: String,
    booking_id: String,
    /// "tiền mặt".
    tender: String,
    amount: String,
    reason: String,
    /// What the customer or cashier wrote.
    note: String,
    requested_by: String,
    when: String,
    /// "Đang chờ" / "Lỗi".
    status: String,
    last_error: Option<String>,
    /// A failed VNPay refund: the Retry button.
    can_retry: bool,
    /// The reject note as typed, and its error (after a refused reject).
    reject_note: String,
    reject_error: Option<String>,
}

/// A payment kept for a refund.
pub struct LateRow {
    id: String,
    booking_id: String,
    tender: String,
    amount: String,
    when: String,
    note: String,
}

#[derive(Template)]
#[template(path = "kiosk_approvals.html")]
struct ApprovalsPage {
    layout: Layout,
    awaiting: Vec<RefundRow>,
    in_flight: Vec<RefundRow>,
    late: Vec<LateRow>,
    /// What was just done (after the redirect).
    done: Option<String>,
    error: Option<String>,
}

/// A refund that could not be done: the page again with `error`, or with the reject form
/// of `refund` holding `note` and its error.
#[derive(Default)]
struct Refused {
    error: Option<String>,
    refund: Option<String>,
    note: String,
    note_error: Option<String>,
}

/// The words of a tender code.
fn tender(code: &str) -> String {
    let key = format!("appr-tender-{code}");
    let text = tr(&key);
    if text == key {
        code.to_string()
    } else {
        text
    }
}

/// The rows of `list`, with the reject form of the refund `refused` names filled back in.
async fn refund_rows(
    list: Vec<Refund>,
    reasons: &HashMap<String, String>,
    refused: &Refused,
    names: &mut Names,
    zones: &mut Zones,
) -> Vec<RefundRow> {
    let mut out = Vec::with_capacity(list.len());
    for r in list {
        let tz = zones.of(&r.cinema_id).await;
        let mine = refused.refund.as_deref() == Some(r.id.as_str());
        out.push(RefundRow {
            booking_id: r.booking_id.clone(),
            tender: tender(&r.method),
            amount: vnd(r.amount),
            reason: reasons
                .get(&r.reason_code)
                .cloned()
                .unwrap_or_else(|| r.reason_code.clone()),
            note: r.note.clone(),
            requested_by: names.of(&r.requested_by).await,
            when: local_fmt(&r.created_at, &tz, "%H:%M · %d/%m/%Y"),
            status: tr(&format!("appr-status-{}", r.status.as_str())),
            last_error: r.last_error.clone().filter(|e| !e.is_empty()),
            can_retry: r.status == RefundStatus::Failed && r.method == "VNPAY",
            reject_note: if mine {
                refused.note.clone()
            } else {
                String::new()
            },
            reject_error: if mine {
                refused.note_error.clone()
            } else {
                None
            },
            id: r.id,
        });
    }
    out
}

async fn approvals_page(
    s: &Pages,
    staff: &Staff,
    done: Option<String>,
    refused: Refused,
) -> Result<ApprovalsPage, PageError> {
    let english = crate::web::lang::lang() == Lang::En;
    let reasons: HashMap<String, String> = s
        .refunds
        .reasons()
        .await?
        .into_iter()
        .map(|r| (r.code, if english { r.label_en } else { r.label_vi }))
        .collect();
    let mut names = Names::new(&s.users);
    let mut zones = Zones::new(&s.tills, &s.settings.cinema.timezone);
    let (awaiting, _) = s
        .refunds
        .page(Some(RefundStatus::AwaitingApproval), SHOWN, 0)
        .await?;
    let awaiting = refund_rows(awaiting, &reasons, &refused, &mut names, &mut zones).await;
    let (mut flight, _) = s.refunds.page(Some(RefundStatus::Failed), SHOWN, 0).await?;
    flight.extend(
        s.refunds
            .page(Some(RefundStatus::Pending), SHOWN, 0)
            .await?
            .0,
    );
    let in_flight = refund_rows(flight, &reasons, &refused, &mut names, &mut zones).await;
    let (payments, _) = s.payments.refund_required(SHOWN).await?;
    let site_tz = s.settings.cinema.timezone.clone();
    let late = payments
        .into_iter()
        .map(|p: Payment| LateRow {
            tender: tender(&p.method),
            amount: vnd(p.amount),
            when: local_fmt(&p.updated_at, &site_tz, "%H:%M · %d/%m/%Y"),
            note: p.note.unwrap_or_default(),
            booking_id: p.booking_id,
            id: p.id,
        })
        .collect();
    Ok(ApprovalsPage {
        layout: staff.layout("appr-title"),
        awaiting,
        in_flight,
        late,
        done,
        error: refused.error,
    })
}

/// `?done=approved|rejected|retried|retry-failed|refunded`.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

/// The sentence of what was just done.
fn done_message(done: Option<&str>) -> Option<String> {
    let key = match done? {
        "approved" => "appr-done-approved",
        "rejected" => "appr-done-rejected",
        "retried" => "appr-done-retried",
        "retry-failed" => "appr-done-retry-failed",
        "refunded" => "appr-done-refunded",
        _ => return None,
    };
    Some(tr(key))
}

/// `GET /kiosk/refunds` (`refund:approve`).
pub async fn page(
    State(s): State<Pages>,
    staff: MaybeStaff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Stop> {
    let staff = staff.require_any(&["refund:approve"], "/kiosk/refunds")?;
    let done = done_message(q.done.as_deref());
    Ok(render(
        &approvals_page(&s, &staff, done, Refused::default()).await?,
    )?)
}

/// Back to the list saying what happened: `retry-failed` when the gateway refused again.
fn back(r: &Refund, ok: &str) -> Response {
    let done = if r.status == RefundStatus::Failed {
        "retry-failed"
    } else {
        ok
    };
    Redirect::to(&format!("/kiosk/refunds?done={done}")).into_response()
}

/// The list again with why `e` stopped the action (a refund someone else settled
/// meanwhile, one gone), or the error page for anything else.
async fn refused(s: &Pages, staff: &Staff, e: RefundsError) -> Result<Response, Stop> {
    let (key, status) = match e {
        RefundsError::Conflict(_) => ("appr-err-changed", StatusCode::CONFLICT),
        RefundsError::NotFound(_) => ("appr-err-gone", StatusCode::NOT_FOUND),
        e => return Err(PageError::from(e).into()),
    };
    let page = approvals_page(
        s,
        staff,
        None,
        Refused {
            error: Some(tr(key)),
            ..Refused::default()
        },
    )
    .await?;
    let mut res = render(&page)?;
    *res.status_mut() = status;
    Ok(res)
}

/// `POST /kiosk/refunds/{id}/approve` (`refund:approve`): approve and carry it out.
pub async fn approve(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    from_this_site(&headers)?;
    let staff = staff.require_any(&["refund:approve"], "/kiosk/refunds")?;
    match s.refunds.approve(&staff.auth, &id).await {
        Ok(r) => Ok(back(&r, "approved")),
        Err(e) => refused(&s, &staff, e).await,
    }
}

/// The reject form.
#[derive(Debug, Default, Deserialize)]
pub struct RejectForm {
    #[serde(default)]
    note: String,
}

/// `POST /kiosk/refunds/{id}/reject {note}` (`refund:approve`): the booking stays; the
/// customer is owed a reason, so the note is required.
pub async fn reject(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<RejectForm>,
) -> Result<Response, Stop> {
    from_this_site(&headers)?;
    let staff = staff.require_any(&["refund:approve"], "/kiosk/refunds")?;
    let note = f.note.trim();
    let length = note.chars().count();
    if length == 0 || length > 500 {
        let page = approvals_page(
            &s,
            &staff,
            None,
            Refused {
                refund: Some(id),
                note: f.note.clone(),
                note_error: Some(tr("appr-err-note")),
                ..Refused::default()
            },
        )
        .await?;
        let mut res = render(&page)?;
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    match s.refunds.reject(&staff.auth, &id, note).await {
        Ok(r) => Ok(back(&r, "rejected")),
        Err(e) => refused(&s, &staff, e).await,
    }
}

/// `POST /kiosk/refunds/{id}/retry` (`refund:approve`): send a failed VNPay refund again.
pub async fn retry(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    from_this_site(&headers)?;
    let staff = staff.require_any(&["refund:approve"], "/kiosk/refunds")?;
    match s.refunds.retry(&id).await {
        Ok(r) => Ok(back(&r, "retried")),
        Err(e) => refused(&s, &staff, e).await,
    }
}

/// `POST /kiosk/payments/{id}/refund` (`refund:approve`): refund a late payment in full.
pub async fn refund_payment(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    from_this_site(&headers)?;
    let staff = staff.require_any(&["refund:approve"], "/kiosk/refunds")?;
    match s.refunds.refund_payment(&staff.auth, &id).await {
        Ok(r) => Ok(back(&r, "refunded")),
        Err(e) => refused(&s, &staff, e).await,
    }
}

#[cfg(test)]
mod tests {
    use super::done_message;

    #[test]
    fn only_known_outcomes_are_announced() {
        assert!(done_message(Some("approved")).is_some());
        assert!(done_message(Some("<script>")).is_none());
        assert!(done_message(None).is_none());
    }
}
