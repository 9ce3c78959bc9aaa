//! Closing the till with a blind count, its cash-up result, and the list of past cash-ups.

use super::{local_fmt, local_time, parse_cash, MaybeStaff, Stop};
use crate::tills::{CashUp, CashUpFilter, TillsError};
use crate::web::Pages;
use crate::web::{render, vnd, Layout, PageError};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "kiosk_close.html")]
struct ClosePage {
    layout: Layout,
    opened: String,
    counted_input: String,
    error: Option<String>,
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
        layout: staff.layout("Close till"),
        opened: local_time(&till.opened_at, &s.settings.cinema.timezone),
        counted_input: String::new(),
        error: None,
        result: None,
    })?)
}

/// The count form.
#[derive(Debug, Deserialize)]
pub struct CountForm {
    counted_cash: String,
}

/// `POST /kiosk/till/close`: close with the count and show the cash-up.
pub async fn close(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Form(f): Form<CountForm>,
) -> Result<Response, Stop> {
    if !crate::web::auth::same_origin(&headers) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "This form must be sent from a MovieHub page.",
        )
        .into());
    }
    let staff = staff.require_any(&["booking:sell"], "/kiosk/till/close")?;
    let error = match parse_cash(&f.counted_cash) {
        None => "counted_cash: enter the cash counted in the drawer in whole dong".to_string(),
        Some(counted) => match s.tills.close(&staff.auth.id, counted).await {
            Ok(c) => {
                let cinema = cinema_names(&s).await.remove(&c.cinema_id);
                let tz = s.settings.cinema.timezone.clone();
                return Ok(render(&ClosePage {
                    layout: staff.layout("Till closed"),
                    opened: local_time(&c.opened_at, &tz),
                    counted_input: String::new(),
                    error: None,
                    result: Some(view(
                        &c,
                        staff.user.full_name.clone(),
                        cinema.unwrap_or_default(),
                        &tz,
                    )),
                })?);
            }
            Err(TillsError::NoOpenTill) => return Ok(Redirect::to("/kiosk").into_response()),
            Err(e @ TillsError::Invalid { .. }) => e.to_string(),
            Err(e) => return Err(PageError::from(e).into()),
        },
    };
    let mut res = render(&ClosePage {
        layout: staff.layout("Close till"),
        opened: String::new(),
        counted_input: f.counted_cash,
        error: Some(error),
        result: None,
    })?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
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
    rows: Vec<CashUpView>,
    total: i64,
    page: u32,
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
    let tz = s.settings.cinema.timezone.clone();
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
        rows.push(view(c, cashier, cinema, &tz));
    }
    let shown = i64::from(page) * i64::from(PER_PAGE);
    Ok(render(&CashUpsPage {
        layout: staff.layout("Cash-ups"),
        all,
        rows,
        total,
        page,
        prev: (page > 1).then(|| page - 1),
        next: (shown < total).then_some(page + 1),
    })?)
}
