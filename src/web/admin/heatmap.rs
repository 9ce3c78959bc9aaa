//! The seat heat map (`report:view`): a hall drawn on its own layout, each seat shaded by how
//! early it sells over the showtimes of a date range (see `reports::heat`), with the seats
//! that go first listed as a table and downloadable as CSV.

use super::grid::{self, Grid};
use super::Admin;
use crate::cinemas::Hall;
use crate::reports::heat::{self, SeatHeat};
use crate::users::perm;
use crate::web::kiosk::Stop;
use crate::web::{render, tr, tr_with, Layout, PageError, Pages};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::HashMap;

/// One of the seats that sell first.
pub struct TopSeat {
    pub label: String,
    pub sold: u32,
    /// "3,4".
    pub order: String,
    /// "87 %".
    pub score: String,
}

#[derive(Template)]
#[template(path = "admin_heatmap.html")]
struct HeatPage {
    layout: Layout,
    /// (id, "Cinema · Hall").
    halls: Vec<(String, String)>,
    hall: Option<Hall>,
    from: String,
    to: String,
    showtimes: i64,
    grid: Option<Grid>,
    top: Vec<TopSeat>,
    csv: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct HeatQuery {
    hall: Option<String>,
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

/// 0..=5: never sold, then five bands of the score against the hall's best seat's.
fn level(h: Option<&SeatHeat>, best: f64) -> u8 {
    match h {
        None => 0,
        Some(h) if best <= 0.0 => 1 + ((h.score * 5.0).floor() as u8).min(4),
        Some(h) => 1 + ((h.score / best * 5.0).floor() as u8).min(4),
    }
}

fn decimal(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    if super::super::lang::lang() == crate::i18n::Lang::Vi {
        s.replace('.', ",")
    } else {
        s
    }
}

fn day(field: &str, v: &Option<String>, default: NaiveDate) -> Result<NaiveDate, PageError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) => super::day_of(s).ok_or_else(|| {
            PageError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                tr_with("adm-err-range", &[("field", field.into())]),
            )
        }),
    }
}

/// `GET /admin/reports/heatmap?hall=&from=&to=` (`&format=csv` for the table).
pub async fn page(
    State(s): State<Pages>,
    a: Admin<perm::ReportView>,
    Query(q): Query<HeatQuery>,
) -> Result<Response, Stop> {
    let tz: Tz = s.settings.timezone();
    let today = s.clock.now().with_timezone(&tz).date_naive();
    let to = day("to", &q.to, today)?;
    let from = day("from", &q.from, today - Duration::days(30))?;
    if from > to || (to - from).num_days() > 366 {
        return Err(PageError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            tr_with("adm-err-range", &[("field", "from".into())]),
        )
        .into());
    }
    let mut halls = Vec::new();
    let mut all = Vec::new();
    for c in s.cinemas.list_cinemas(&Default::default()).await? {
        let zone: Tz = c.timezone.parse().unwrap_or(tz);
        for h in s.cinemas.halls(&c.id).await? {
            halls.push((h.id.clone(), format!("{} · {}", c.name, h.name)));
            all.push((h, zone));
        }
    }
    let chosen = match &q.hall {
        Some(id) => Some(
            all.iter()
                .find(|(h, _)| &h.id == id)
                .cloned()
                .ok_or_else(|| PageError::not_found(tr("err-no-page")))?,
        ),
        None => all.first().cloned(),
    };
    let (mut grid, mut top, mut count) = (None, Vec::new(), 0);
    let hall = chosen.as_ref().map(|(h, _)| h.clone());
    if let Some((h, tz)) = chosen {
        let h = &h;
        let start = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(tz).earliest())
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default()
        };
        let shows = s
            .cinemas
            .showtimes_between(Some(&h.id), start(from), start(to + Duration::days(1)))
            .await?;
        let shows: Vec<String> = shows
            .into_iter()
            .filter(|x| x.status != crate::cinemas::ShowtimeStatus::Cancelled)
            .map(|x| x.id)
            .collect();
        count = shows.len();
        let sold = s
            .reports
            .seats_sold(shows)
            .await
            .map_err(PageError::internal)?;
        let heat: HashMap<String, SeatHeat> = heat::heat(count, &sold);
        let detail = s.cinemas.hall(&h.id).await?;
        let best = heat.values().map(|x| x.score).fold(0.0, f64::max);
        grid = Some(grid::of_seats(&detail.seats, |seat| {
            let hs = heat.get(&seat.id);
            let words = match hs {
                None => tr("adm-heat-never"),
                Some(x) => tr_with(
                    "adm-heat-seat",
                    &[
                        ("sold", i64::from(x.sold).into()),
                        ("shows", (count as i64).into()),
                        ("order", decimal(x.mean_order, 1).into()),
                    ],
                ),
            };
            (format!("heat-{}", level(hs, best)), words, None, false)
        }));
        let mut ranked: Vec<_> = detail
            .seats
            .iter()
            .enumerate()
            .filter_map(|(i, x)| heat.get(&x.id).map(|h| (x.label(), h, i)))
            .collect();
        // Best first; ties in the hall's own order (front row first, by number).
        ranked.sort_by(|x, y| y.1.score.total_cmp(&x.1.score).then(x.2.cmp(&y.2)));
        top = ranked
            .into_iter()
            .take(if q.format.as_deref() == Some("csv") {
                usize::MAX
            } else {
                10
            })
            .map(|(label, h, _)| TopSeat {
                label,
                sold: h.sold,
                order: decimal(h.mean_order, 1),
                score: format!("{} %", (h.score * 100.0).round()),
            })
            .collect();
    }
    if q.format.as_deref() == Some("csv") {
        return Ok(csv(&top));
    }
    let csv = format!(
        "/admin/reports/heatmap?hall={}&from={from}&to={to}&format=csv",
        hall.as_ref().map(|h| h.id.as_str()).unwrap_or_default()
    );
    Ok(render(&HeatPage {
        layout: a.layout("adm-heat-title"),
        halls,
        hall,
        from: from.to_string(),
        to: to.to_string(),
        showtimes: count as i64,
        grid,
        top,
        csv,
    })?)
}

/// The ranked seats as CSV (UTF-8 with BOM, so Excel reads Vietnamese headings).
fn csv(top: &[TopSeat]) -> Response {
    let mut out = String::from("\u{feff}");
    out.push_str(&format!(
        "{},{},{},{}\r\n",
        tr("adm-heat-col-seat"),
        tr("adm-heat-col-sold"),
        tr("adm-heat-col-order"),
        tr("adm-heat-col-score")
    ));
    for t in top {
        out.push_str(&format!(
            "{},{},\"{}\",{}\r\n",
            t.label,
            t.sold,
            t.order,
            t.score.trim_end_matches(" %")
        ));
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"seat-heat.csv\"",
            ),
        ],
        out,
    )
        .into_response()
}
