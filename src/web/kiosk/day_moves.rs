//! `/kiosk/till/movements`: every coin in or out of the cashier's open till (float, sales,
//! refunds, drops, pay-ins, pay-outs, with who, why and when in the cinema's zone) and the
//! form recording a drop, pay-in or pay-out. No running total: the count at close is blind.

use super::super::{local_fmt, parse_cash, MaybeStaff, Staff, Stop};
use super::{from_this_site, Names, Zones};
use crate::tills::movements::MoveKind;
use crate::tills::{TillSession, TillsError, MAX_CASH};
use crate::web::{render, tr, vnd, Layout, PageError, Pages};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A movement as listed.
pub struct MoveRow {
    time: String,
    /// "Nộp két".
    kind: String,
    /// `in` or `out`, for the colour.
    way: &'static str,
    /// Signed: "-500.000 ₫".
    amount: String,
    who: String,
    why: String,
    /// The sale's or refund's booking, for its receipt.
    booking_id: Option<String>,
}

/// A kind the form offers.
pub struct KindChoice {
    code: &'static str,
    label: String,
    hint: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "kiosk_moves.html")]
struct MovesPage {
    layout: Layout,
    /// "08:00 · 24/11/2026".
    opened: String,
    rows: Vec<MoveRow>,
    kinds: Vec<KindChoice>,
    amount_input: String,
    reason_input: String,
    kind_error: Option<String>,
    amount_error: Option<String>,
    reason_error: Option<String>,
    /// Just recorded (after the redirect).
    done: bool,
}

/// The kinds a cashier records by hand, in the form's order.
const BY_HAND: [MoveKind; 3] = [MoveKind::Drop, MoveKind::PayIn, MoveKind::PayOut];

/// The words of a kind (`move-kind-DROP`).
fn kind_label(kind: MoveKind) -> String {
    tr(&format!("move-kind-{}", kind.as_str()))
}

/// What the form sends.
#[derive(Debug, Default, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
}

/// The form's errors: kind, amount, reason.
#[derive(Debug, Default)]
struct FieldErrors {
    kind: Option<String>,
    amount: Option<String>,
    reason: Option<String>,
}

async fn moves_page(
    s: &Pages,
    staff: &Staff,
    till: &TillSession,
    typed: &MoveForm,
    errors: FieldErrors,
    done: bool,
) -> Result<MovesPage, PageError> {
    let tz = Zones::new(&s.tills, &s.settings.cinema.timezone)
        .of(&till.cinema_id)
        .await;
    let mut names = Names::new(&s.users);
    let mut rows = Vec::new();
    for m in s.tills.movements(&staff.auth.id).await? {
        let sign = if m.amount > 0 { "+" } else { "" };
        rows.push(MoveRow {
            time: local_fmt(&m.created_at, &tz, "%H:%M"),
            kind: kind_label(m.kind),
            way: if m.amount < 0 { "out" } else { "in" },
            amount: format!("{sign}{}", vnd(m.amount)),
            who: names.of(&m.actor_id).await,
            why: m.reason,
            booking_id: m.booking_id,
        });
    }
    let chosen = MoveKind::parse(typed.kind.trim()).filter(|k| k.by_hand());
    Ok(MovesPage {
        layout: staff.layout("move-title"),
        opened: local_fmt(&till.opened_at, &tz, "%H:%M · %d/%m/%Y"),
        rows,
        kinds: BY_HAND
            .iter()
            .map(|&k| KindChoice {
                code: k.as_str(),
                label: kind_label(k),
                hint: tr(&format!("move-hint-{}", k.as_str())),
                checked: chosen == Some(k),
            })
            .collect(),
        amount_input: typed.amount.clone(),
        reason_input: typed.reason.clone(),
        kind_error: errors.kind,
        amount_error: errors.amount,
        reason_error: errors.reason,
        done,
    })
}

/// `?done=1` after a movement was recorded.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /kiosk/till/movements` (`booking:sell`, with an open till; else back to the kiosk).
pub async fn page(
    State(s): State<Pages>,
    staff: MaybeStaff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, Stop> {
    let staff = staff.require_any(&["booking:sell"], "/kiosk/till/movements")?;
    let Some(till) = s.tills.current(&staff.auth.id).await? else {
        return Ok(Redirect::to("/kiosk").into_response());
    };
    let page = moves_page(
        &s,
        &staff,
        &till,
        &MoveForm::default(),
        FieldErrors::default(),
        q.done.is_some(),
    )
    .await?;
    Ok(render(&page)?)
}

/// Check the form as typed; the service checks again (and the drawer's content) inside its
/// transaction.
fn parse(f: &MoveForm) -> Result<(MoveKind, i64), FieldErrors> {
    let mut errors = FieldErrors::default();
    let kind = MoveKind::parse(f.kind.trim()).filter(|k| k.by_hand());
    if kind.is_none() {
        errors.kind = Some(tr("move-err-kind"));
    }
    let amount = parse_cash(&f.amount).filter(|a| *a > 0 && *a <= MAX_CASH);
    if amount.is_none() {
        errors.amount = Some(tr("move-err-amount"));
    }
    let reason = f.reason.trim().chars().count();
    if reason == 0 || reason > 200 {
        errors.reason = Some(tr("move-err-reason"));
    }
    match (kind, amount, &errors.reason) {
        (Some(k), Some(a), None) => Ok((k, a)),
        _ => Err(errors),
    }
}

/// `POST /kiosk/till/movements {kind, amount, reason}` (`booking:sell`): record it and come
/// back to the list; bad input shows the form again with the field's error, recording nothing.
pub async fn record(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Form(f): Form<MoveForm>,
) -> Result<Response, Stop> {
    from_this_site(&headers)?;
    let staff = staff.require_any(&["booking:sell"], "/kiosk/till/movements")?;
    let Some(till) = s.tills.current(&staff.auth.id).await? else {
        return Ok(Redirect::to("/kiosk").into_response());
    };
    let errors = match parse(&f) {
        Err(errors) => errors,
        Ok((kind, amount)) => match s
            .tills
            .move_cash(&staff.auth.id, kind, amount, &f.reason)
            .await
        {
            Ok(_) => return Ok(Redirect::to("/kiosk/till/movements?done=1").into_response()),
            Err(TillsError::NoOpenTill) => return Ok(Redirect::to("/kiosk").into_response()),
            // Well typed, so the service refused what the drawer holds (not shown: blind).
            Err(TillsError::Invalid {
                field: "amount", ..
            }) => FieldErrors {
                amount: Some(tr("move-err-over")),
                ..FieldErrors::default()
            },
            Err(TillsError::Invalid {
                field: "reason", ..
            }) => FieldErrors {
                reason: Some(tr("move-err-reason")),
                ..FieldErrors::default()
            },
            Err(TillsError::Invalid { .. }) => FieldErrors {
                kind: Some(tr("move-err-kind")),
                ..FieldErrors::default()
            },
            Err(e) => return Err(PageError::from(e).into()),
        },
    };
    let page = moves_page(&s, &staff, &till, &f, errors, false).await?;
    let mut res = render(&page)?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::{parse, MoveForm};
    use crate::tills::movements::MoveKind;

    fn form(kind: &str, amount: &str, reason: &str) -> MoveForm {
        MoveForm {
            kind: kind.into(),
            amount: amount.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn only_a_drop_pay_in_or_pay_out_of_a_positive_amount_with_a_reason_is_taken() {
        assert_eq!(
            parse(&form("DROP", "500.000", "két sắt")).ok(),
            Some((MoveKind::Drop, 500_000))
        );
        let e = parse(&form("SALE", "0", " ")).expect_err("errors");
        assert!(e.kind.is_some() && e.amount.is_some() && e.reason.is_some());
        let e = parse(&form("PAY_IN", "12a", "tiền lẻ")).expect_err("errors");
        assert!(e.kind.is_none() && e.amount.is_some() && e.reason.is_none());
    }
}
