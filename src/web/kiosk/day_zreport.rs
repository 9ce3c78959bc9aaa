//! `/kiosk/days/{id}`: a closed day's Z-report as stored when the day closed (never
//! recomputed), printable on A4 or, with `?paper=80mm`, on the receipt roll.

use super::super::{local_fmt, MaybeStaff, Stop};
use super::{variance, Names};
use crate::i18n;
use crate::tills::zreport::Line;
use crate::web::{render, tr, tr_with, vnd, Layout, PageError, Pages};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

/// A line of the report: what, how many, how much.
pub struct LineView {
    label: String,
    count: i64,
    amount: String,
}

/// A table of lines under a heading.
pub struct Section {
    /// The heading's message.
    title_key: &'static str,
    /// The table's id.
    id: &'static str,
    rows: Vec<LineView>,
}

/// A till closed into the day.
pub struct TillView {
    cashier: String,
    /// "08:00–16:05".
    hours: String,
    cash_sales: String,
    card_sales: String,
    cash_refunds: String,
    expected: String,
    counted: String,
    variance: String,
    kind: &'static str,
}

#[derive(Template)]
#[template(path = "kiosk_zreport.html")]
struct ZReportPage {
    layout: Layout,
    /// The 80 mm receipt layout, else A4.
    narrow: bool,
    day_id: String,
    cinema_id: String,
    cinema: String,
    address: String,
    date: String,
    closed: String,
    closed_by: String,
    timezone: String,
    /// By tender, channel and film, refunds by tender, concessions.
    sections: Vec<Section>,
    discounts: String,
    promo_discounts: String,
    points_redeemed: i64,
    tills: Vec<TillView>,
    gross: String,
    refunds: String,
    net: String,
    variance: String,
    variance_kind: &'static str,
}

/// `?paper=80mm` (or `a4`, the default).
#[derive(Debug, Default, Deserialize)]
pub struct PaperQuery {
    #[serde(default)]
    paper: Option<String>,
}

/// The words of a code (a tender, a channel) under `prefix`, or the code itself when the
/// messages have none.
fn label(prefix: &str, key: &str) -> String {
    let id = format!("{prefix}{key}");
    let text = tr(&id);
    if text == id {
        key.to_string()
    } else {
        text
    }
}

fn lines(of: &[Line], name: impl Fn(&str) -> String) -> Vec<LineView> {
    of.iter()
        .map(|l| LineView {
            label: name(&l.key),
            count: l.count,
            amount: vnd(l.amount),
        })
        .collect()
}

/// `GET /kiosk/days/{id}[?paper=80mm]` (`report:view`).
pub async fn page(
    State(s): State<Pages>,
    staff: MaybeStaff,
    Path(id): Path<String>,
    Query(q): Query<PaperQuery>,
) -> Result<Response, Stop> {
    let staff = staff.require_any(&["report:view"], &format!("/kiosk/days/{id}"))?;
    let Some(day) = s.tills.day(&id).await? else {
        return Err(PageError::not_found(tr("zr-not-found")).into());
    };
    let z = &day.report;
    let tz = if z.timezone.is_empty() {
        s.settings.cinema.timezone.clone()
    } else {
        z.timezone.clone()
    };
    let (cinema, address) = match s.cinemas.cinema(&day.cinema_id).await {
        Ok(c) => (c.name, c.address),
        Err(_) => (day.cinema_id.clone(), String::new()),
    };
    let date = chrono::NaiveDate::parse_from_str(&day.business_date, "%Y-%m-%d")
        .map(|d| i18n::long_date(crate::web::lang::lang(), d))
        .unwrap_or_else(|_| day.business_date.clone());
    let mut names = Names::new(&s.users);
    let mut tills = Vec::with_capacity(z.tills.len());
    for t in &z.tills {
        let (v, kind) = variance(t.variance);
        tills.push(TillView {
            cashier: names.of(&t.cashier_id).await,
            hours: format!(
                "{}–{}",
                local_fmt(&t.opened_at, &tz, "%H:%M"),
                local_fmt(&t.closed_at, &tz, "%H:%M")
            ),
            cash_sales: vnd(t.cash_sales),
            card_sales: vnd(t.card_sales),
            cash_refunds: vnd(t.cash_refunds),
            expected: vnd(t.expected_cash),
            counted: vnd(t.counted_cash),
            variance: v,
            kind,
        });
    }
    let (v, variance_kind) = variance(z.variance);
    let narrow = q.paper.as_deref() == Some("80mm");
    Ok(render(&ZReportPage {
        layout: staff.layout_titled(tr_with("zr-title", &[("date", date.as_str().into())])),
        narrow,
        day_id: day.id.clone(),
        cinema_id: day.cinema_id.clone(),
        cinema,
        address,
        closed: local_fmt(&day.closed_at, &tz, "%H:%M · %d/%m/%Y"),
        closed_by: names.of(&day.closed_by).await,
        timezone: tz.clone(),
        sections: vec![
            Section {
                title_key: "zr-by-tender",
                id: "zr-tenders",
                rows: lines(&z.sales_by_tender, |k| label("zr-tender-", k)),
            },
            Section {
                title_key: "zr-by-channel",
                id: "zr-channels",
                rows: lines(&z.sales_by_channel, |k| label("zr-channel-", k)),
            },
            Section {
                title_key: "zr-by-film",
                id: "zr-films",
                rows: lines(&z.sales_by_film, |k| {
                    if k.is_empty() {
                        tr("zr-no-film")
                    } else {
                        k.to_string()
                    }
                }),
            },
            Section {
                title_key: "zr-refunds-by-tender",
                id: "zr-refund-tenders",
                rows: lines(&z.refunds_by_tender, |k| label("zr-tender-", k)),
            },
            Section {
                title_key: "zr-concessions",
                id: "zr-concessions",
                rows: lines(&z.concessions, str::to_string),
            },
        ],
        discounts: vnd(z.discounts),
        promo_discounts: vnd(z.promo_discounts),
        points_redeemed: z.points_redeemed,
        tills,
        gross: vnd(z.gross_sales),
        refunds: vnd(z.refunds),
        net: vnd(z.net),
        variance: v,
        variance_kind,
        date,
    })?)
}
