//! Closing the till with a blind count, its cash-up result, and the list of past cash-ups.

use super::day::Zones;
use super::{local_fmt, local_time, parse_cash, MaybeStaff, Stop};
use crate::tills::{CashUp, CashUpFilter, TillsError};
use crate::web::Pages;
use crate::web::{render, tr, vnd, Layout, PageError};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;

/// The notes a drawer is counted in, largest first (VND).
pub const NOTES: [i64; 9] = [
    500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000,
];

/// One line of the count by note: how many notes of `value`.
pub struct NoteRow {
    /// 500000 (the field is `n500000`).
    value: i64,
    /// "500.000 ₫".
    label: String,
    /// What was typed ("" when nothing).
    count: String,
    /// "1.000.000 ₫", or "" when nothing was typed.
    subtotal: String,
}

/// The note rows of a count form, with what was typed.
fn note_rows(counts: &HashMap<String, String>) -> Vec<NoteRow> {
    NOTES
        .iter()
        .map(|&value| {
            let count = counts
                .get(&format!("n{value}"))
                .map(|c| c.trim().to_string())
                .unwrap_or_default();
            let subtotal = count
                .parse::<i64>()
                .ok()
                .and_then(|n| n.checked_mul(value))
                .map(vnd)
                .unwrap_or_default();
            NoteRow {
                value,
                label: vnd(value),
                count,
                subtotal,
            }
        })
        .collect()
}

/// The total of a count by note: `None` when no note was counted, `Err` when a count is not
/// a whole number of notes.
pub fn notes_total(counts: &HashMap<String, String>) -> Result<Option<i64>, ()> {
    let mut total: Option<i64> = None;
    for value in NOTES {
        let Some(typed) = counts.get(&format!("n{value}")) else {
            continue;
        };
        let typed = typed.trim();
        if typed.is_empty() {
            continue;
        }
        if !typed.chars().all(|c| c.is_ascii_digit()) {
            return Err(());
        }
        let n: i64 = typed.parse().map_err(|_| ())?;
        let add = n.checked_mul(value).ok_or(())?;
        total = Some(total.unwrap_or(0).checked_add(add).ok_or(())?);
    }
    Ok(total)
}

#[derive(Template)]
#[template(path = "kiosk_close.html")]
struct ClosePage {
    layout: Layout,
    opened: String,
    notes: Vec<NoteRow>,
    counted_input: String,
    error: Option<String>,
    /// The confirm step: the total counted, before the till is closed.
    confirm: Option<String>,
    result: Option<CashUpView>,
}

/// A cash-up as the pages show it.
pub struct CashUpView {
    cashier: String,
    cinema: String,
    opened: String,
    closed: String,
    float: String,
    cash_sales: String,
    card_sales: String,
    cash_refunds: String,
    sale_count: i64,
    expected: String,
    counted: String,
    variance: String,
    /// "ok", "short" or "over".
    kind: &'static str,
}

fn view(c: &CashUp, cashier: String, cinema: String, tz: &str) -> CashUpView {
    let kind = match c.variance {
        0 => "ok",
        v if v < 0 => "short",
        _ => "over",
    };
    let sign = if c.variance > 0 { "+" } else { "" };
    CashUpView {
        cashier,
        cinema,
        opened: local_time(&c.opened_at, tz),
        closed: local_fmt(&c.closed_at, tz, "%d/%m/%Y %H:%M"),
        float: vnd(c.opening_float),
        cash_sales: vnd(c.cash_sales),
        card_sales: vnd(c.card_sales),
        cash_refunds: vnd(c.cash_refunds),
        sale_count: c.sale_count,
        expected: vnd(c.expected_cash),
        counted: vnd(c.counted_cash),
        variance: format!("{sign}{}", vnd(c.variance)),
        kind,
    }
}

/// `GET /kiosk/till/close`: the blind count (the expected amount is not shown).
pub async fn form(State(s): State<Pages>, staff: MaybeStaff) -> Result<Response, Stop> {
    let staff = staff.require_any(&["booking:sell"], "/kiosk/till/close")?;
    let till = s.tills.current(&staff.auth.id).await?;
    let Some(till) = till else {
        return Ok(Redirect::to("/kiosk").into_response());
    };
    Ok(render(&ClosePage {
        layout: staff.layout("kiosk-title-close"),
        opened: local_time(&till.opened_at, &zones(&s).of(&till.cinema_id).await),
        notes: note_rows(&HashMap::new()),
        counted_input: String::new(),
        error: None,
        confirm: None,
        result: None,
    })?)
}

/// What the count form sends: `counted_cash`, the notes `n500000`…`n1000`, and `step`
/// (`review` asks for the confirm step, `edit` goes back to the count; none closes).
type CountForm = Vec<(String, String)>;

/// The amount counted: the typed total, else the count by note.
fn counted_of(fields: &HashMap<String, String>) -> Result<i64, String> {
    let typed = fields
        .get("counted_cash")
        .map(|t| t.trim())
        .unwrap_or_default();
    let by_notes = notes_total(fields).map_err(|()| tr("kiosk-err-sheets"))?;
    if typed.is_empty() {
        return by_notes.ok_or_else(|| tr("kiosk-err-count"));
    }
    parse_cash(typed).ok_or_else(|| tr("kiosk-err-count"))
}

/// `POST /kiosk/till/close`: review the count, then close with it and show the cash-up.
pub async fn close(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Form(f): Form<CountForm>,
) -> Result<Response, Stop> {
    if !crate::web::auth::same_origin(&headers) {
        return Err(PageError::new(StatusCode::FORBIDDEN, tr("err-cross-site")).into());
    }
    let staff = staff.require_any(&["booking:sell"], "/kiosk/till/close")?;
    let fields: HashMap<String, String> = f.into_iter().collect();
    let step = fields.get("step").map(String::as_str).unwrap_or_default();
    let typed = fields.get("counted_cash").cloned().unwrap_or_default();
    let page = |error: Option<String>, confirm: Option<String>, counted_input: String| ClosePage {
        layout: staff.layout(if confirm.is_some() {
            "kiosk-confirm-heading"
        } else {
            "kiosk-title-close"
        }),
        opened: String::new(),
        notes: note_rows(&fields),
        counted_input,
        error,
        confirm,
        result: None,
    };
    if step == "edit" {
        return Ok(render(&page(None, None, typed))?);
    }
    let error = match counted_of(&fields) {
        Err(e) => e,
        Ok(counted) if step == "review" => {
            let input = vnd(counted).replace(" ₫", "");
            return Ok(render(&page(None, Some(vnd(counted)), input))?);
        }
        Ok(counted) => match s.tills.close(&staff.auth.id, counted).await {
            Ok(c) => {
                let cinema = cinema_names(&s).await.remove(&c.cinema_id);
                let tz = zones(&s).of(&c.cinema_id).await;
                return Ok(render(&ClosePage {
                    layout: staff.layout("kiosk-title-closed"),
                    opened: local_time(&c.opened_at, &tz),
                    notes: Vec::new(),
                    counted_input: String::new(),
                    error: None,
                    confirm: None,
                    result: Some(view(
                        &c,
                        staff.user.full_name.clone(),
                        cinema.unwrap_or_default(),
                        &tz,
                    )),
                })?);
            }
            Err(TillsError::NoOpenTill) => return Ok(Redirect::to("/kiosk").into_response()),
            Err(TillsError::Invalid { .. }) => tr("kiosk-err-count"),
            Err(e) => return Err(PageError::from(e).into()),
        },
    };
    let mut res = render(&page(Some(error), None, typed))?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

/// Each cinema's own time zone (a cash-up is read in the zone of the cinema it was taken at).
fn zones(s: &Pages) -> Zones {
    Zones::new(&s.tills, &s.settings.cinema.timezone)
}

async fn cinema_names(s: &Pages) -> HashMap<String, String> {
    s.cinemas
        .list_cinemas(&Default::default())
        .await
        .map(|all| all.into_iter().map(|c| (c.id, c.name)).collect())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "kiosk_cashups.html")]
struct CashUpsPage {
    layout: Layout,
    all: bool,
    /// The viewer may approve refunds (the page links to the approvals).
    can_approve: bool,
    rows: Vec<CashUpView>,
    total: i64,
    /// "Trang 2".
    page_label: String,
    prev: Option<u32>,
    next: Option<u32>,
}

/// `?page=N`.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: Option<u32>,
}

/// Cash-ups per page.
const PER_PAGE: u32 = 50;

/// `GET /kiosk/cashups`: every cash-up for `report:view`, a cashier's own otherwise.
pub async fn cashups(
    State(s): State<Pages>,
    staff: MaybeStaff,
    Query(q): Query<PageQuery>,
) -> Result<Response, Stop> {
    let staff = staff.require_any(&["report:view", "booking:sell"], "/kiosk/cashups")?;
    let all = staff.auth.can("report:view");
    let page = q.page.unwrap_or(1).max(1);
    let filter = CashUpFilter {
        cashier_id: (!all).then(|| staff.auth.id.clone()),
        cinema_id: None,
        limit: PER_PAGE,
        offset: i64::from(page - 1) * i64::from(PER_PAGE),
    };
    let (items, total) = s.tills.cash_ups(filter).await?;
    let cinemas = cinema_names(&s).await;
    let mut names: HashMap<String, String> = HashMap::new();
    let mut zones = zones(&s);
    let mut rows = Vec::with_capacity(items.len());
    for c in &items {
        if !names.contains_key(&c.cashier_id) {
            let name = s
                .users
                .get(&c.cashier_id)
                .await
                .map(|u| u.full_name)
                .unwrap_or_else(|_| c.cashier_id.clone());
            names.insert(c.cashier_id.clone(), name);
        }
        let cashier = names.get(&c.cashier_id).cloned().unwrap_or_default();
        let cinema = cinemas.get(&c.cinema_id).cloned().unwrap_or_default();
        let tz = zones.of(&c.cinema_id).await;
        rows.push(view(c, cashier, cinema, &tz));
    }
    let shown = i64::from(page) * i64::from(PER_PAGE);
    Ok(render(&CashUpsPage {
        layout: staff.layout("kiosk-title-cashups"),
        all,
        can_approve: staff.auth.can("refund:approve"),
        rows,
        total,
        page_label: crate::web::tr_with("kiosk-page", &[("n", page.into())]),
        prev: (page > 1).then(|| page - 1),
        next: (shown < total).then_some(page + 1),
    })?)
}

#[cfg(test)]
mod tests {
    use super::notes_total;
    use std::collections::HashMap;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn notes_add_up_by_denomination() {
        let f = form(&[
            ("n500000", "2"),
            ("n200000", " 1 "),
            ("n1000", "3"),
            ("n5000", ""),
        ]);
        assert_eq!(notes_total(&f), Ok(Some(1_203_000)));
        assert_eq!(notes_total(&form(&[("n10000", "0")])), Ok(Some(0)));
        assert_eq!(notes_total(&form(&[("counted_cash", "5")])), Ok(None));
        assert_eq!(notes_total(&form(&[("n50000", "-1")])), Err(()));
        assert_eq!(notes_total(&form(&[("n50000", "1.5")])), Err(()));
        assert_eq!(
            notes_total(&form(&[("n500000", "99999999999999")])),
            Err(())
        );
    }
}
