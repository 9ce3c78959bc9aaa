//! `/figures` (`report:view`): sales of a date range — totals, then per day, film, tender and
//! showtime. On a site, from its own ledger, with where its push to head office stands; on
//! head office (`server.role = "central"`), the whole chain's, per site, with each site's last
//! push and the members whose points across the chain went below zero.

use super::kiosk::{MaybeStaff, Stop};
use super::{render, tr, tr_with, vnd, Layout, PageError, Viewer};
use crate::config::Role;
use crate::i18n::Arg;
use crate::reports::{Figures, Line};
use crate::sync::routes::RangeQuery;
use crate::web::Pages;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

/// Most showtimes the occupancy table lists (the overall figure counts them all).
const MAX_OCCUPANCY: usize = 500;

/// Occupancy of the showtimes starting in the range (not cancelled), as head office counts
/// it: every valid booking's seats against the hall's capacity.
async fn site_occupancy(
    s: &Pages,
    from: &str,
    to: &str,
    tz: chrono_tz::Tz,
) -> Result<Vec<crate::reports::Occupancy>, PageError> {
    let at = |d: &str, days: i64| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(days)))
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|t| t.and_local_timezone(tz).earliest())
            .map(|t| t.with_timezone(&chrono::Utc))
    };
    let (Some(start), Some(end)) = (at(from, 0), at(to, 1)) else {
        return Ok(Vec::new());
    };
    let shows: Vec<_> = s
        .cinemas
        .showtimes_between(None, start, end)
        .await
        .map_err(PageError::from)?
        .into_iter()
        .filter(|x| x.status != crate::cinemas::ShowtimeStatus::Cancelled)
        .collect();
    let sold = s
        .reports
        .seats_sold(shows.iter().map(|x| x.id.clone()).collect())
        .await
        .map_err(PageError::from)?;
    let mut count: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for x in &sold {
        *count.entry(x.showtime_id.as_str()).or_default() += 1;
    }
    Ok(shows
        .iter()
        .map(|x| crate::reports::Occupancy {
            key: x.id.clone(),
            site: String::new(),
            label: format!("{} · {}", x.movie_title, x.start_time),
            admissions: count.get(x.id.as_str()).copied().unwrap_or(0),
            capacity: i64::from(x.total_seats),
        })
        .collect())
}

/// A breakdown line as shown.
pub struct Row {
    pub label: String,
    pub bookings: i64,
    pub admissions: i64,
    pub revenue: String,
    pub refunds: String,
}

/// A breakdown table.
pub struct Table {
    /// Element id.
    pub id: &'static str,
    pub caption: String,
    /// The first column's heading.
    pub what: String,
    pub rows: Vec<Row>,
    /// Its CSV download.
    pub csv: String,
}

/// A site as head office sees its pushes.
pub struct SiteLine {
    pub name: String,
    pub last_push: String,
    pub applied: i64,
    pub pending: i64,
}

/// How full a showtime is.
pub struct OccLine {
    pub site: String,
    pub show: String,
    pub admissions: i64,
    pub capacity: i64,
    /// "42,5 %".
    pub percent: String,
}

/// A member overdrawn across the chain.
pub struct OverLine {
    pub email: String,
    pub points: i64,
    pub by_site: String,
}

#[derive(Template)]
#[template(path = "figures.html")]
struct FiguresPage {
    layout: Layout,
    central: bool,
    from: String,
    to: String,
    bookings: i64,
    admissions: i64,
    revenue: String,
    refunds: String,
    net: String,
    tables: Vec<Table>,
    sites: Vec<SiteLine>,
    overdrawn: Vec<OverLine>,
    occupancy: Vec<OccLine>,
    /// "38,2 %" over every showtime listed.
    occupancy_total: String,
    /// Site: the push's state in words (empty when the site does not sync).
    sync_lines: Vec<String>,
    /// Revenue by day and the most watched films, as SVG.
    charts: Vec<super::charts::Chart>,
    /// Site: concessions sold, most first.
    concessions: Vec<ConcLine>,
    concessions_csv: String,
}

/// A concession item's sales as shown.
pub struct ConcLine {
    pub name: String,
    pub qty: i64,
    pub free_qty: i64,
    pub revenue: String,
}

/// Revenue by day (columns) and the ten films with most admissions (bars).
fn charts(f: &Figures) -> Vec<super::charts::Chart> {
    // Every day of a range up to two months gets its column, sold or not.
    let parse = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let mut days: Vec<(String, i64, String)> = Vec::new();
    match (parse(&f.from), parse(&f.to)) {
        (Some(from), Some(to)) if (to - from).num_days() < 62 => {
            for day in from.iter_days().take_while(|d| *d <= to) {
                let key = day.format("%Y-%m-%d").to_string();
                let v = f
                    .by_day
                    .iter()
                    .find(|l| l.key == key)
                    .map_or(0, |l| l.revenue);
                days.push((day.format("%d/%m").to_string(), v, short_vnd(v)));
            }
        }
        _ => {
            for l in &f.by_day {
                let label = parse(&l.key)
                    .map(|d| d.format("%d/%m").to_string())
                    .unwrap_or_else(|| l.key.clone());
                days.push((label, l.revenue, short_vnd(l.revenue)));
            }
        }
    }
    if days.iter().all(|d| d.1 == 0) {
        days.clear();
    }
    let mut films: Vec<&Line> = f.by_film.iter().filter(|l| !l.key.is_empty()).collect();
    films.sort_by(|a, b| b.admissions.cmp(&a.admissions).then(a.label.cmp(&b.label)));
    let films: Vec<(String, i64, String)> = films
        .into_iter()
        .take(10)
        .map(|l| (l.label.clone(), l.admissions, l.admissions.to_string()))
        .collect();
    let mut out = Vec::new();
    if !days.is_empty() {
        out.push(super::charts::columns(
            "chart-revenue",
            tr("fig-chart-revenue"),
            &days,
        ));
    }
    if !films.is_empty() {
        out.push(super::charts::rows(
            "chart-films",
            tr("fig-chart-films"),
            &films,
        ));
    }
    out
}

/// "1,2 tr" / "350 N": a column's figure in little room (the table has the exact amount).
fn short_vnd(v: i64) -> String {
    if v == 0 {
        String::new()
    } else if v >= 999_500 {
        let tenths = (v + 50_000) / 100_000;
        let sep = if super::lang::lang() == crate::i18n::Lang::Vi {
            ","
        } else {
            "."
        };
        format!("{}{sep}{} tr", tenths / 10, tenths % 10)
    } else if v >= 1_000 {
        format!("{} N", (v + 500) / 1_000)
    } else {
        v.to_string()
    }
}

fn rows(lines: &[Line], label: impl Fn(&Line) -> String) -> Vec<Row> {
    lines
        .iter()
        .map(|l| Row {
            label: label(l),
            bookings: l.bookings,
            admissions: l.admissions,
            revenue: vnd(l.revenue),
            refunds: vnd(l.refunds),
        })
        .collect()
}

/// "42,5 %" in Vietnamese, "42.5 %" in English: one decimal, the page language's separator.
fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "–".into();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    let sep = if super::lang::lang() == crate::i18n::Lang::Vi {
        ","
    } else {
        "."
    };
    format!("{}{sep}{} %", tenths / 10, tenths % 10)
}

/// "Film · 24/11 19:30" from the reports' "Film · RFC 3339".
fn show_label(label: &str, tz: chrono_tz::Tz) -> String {
    let (title, at) = label.split_once(" · ").unwrap_or((label, ""));
    let when = chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&tz).format("%d/%m %H:%M").to_string())
        .unwrap_or_default();
    format!("{title} · {when}")
}

fn tables(f: &Figures, central: bool, tz: chrono_tz::Tz) -> Vec<Table> {
    let base = if central {
        "/api/v1/central/figures.csv"
    } else {
        "/api/v1/reports/figures.csv"
    };
    let csv = |by: &str| format!("{base}?from={}&to={}&by={by}", f.from, f.to);
    let mut out = Vec::new();
    if central {
        out.push(Table {
            id: "by-site",
            csv: csv("site"),
            caption: tr("fig-by-site"),
            what: tr("fig-col-site"),
            rows: rows(&f.by_site, |l| l.label.clone()),
        });
    }
    let tender = |l: &Line| tr(&format!("fig-tender-{}", l.key));
    let show = |l: &Line| show_label(&l.label, tz);
    let film = |l: &Line| {
        if l.key.is_empty() {
            tr("fig-no-film")
        } else {
            l.label.clone()
        }
    };
    let day = |l: &Line| {
        chrono::NaiveDate::parse_from_str(&l.key, "%Y-%m-%d")
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|_| l.key.clone())
    };
    out.push(Table {
        id: "by-day",
        csv: csv("day"),
        caption: tr("fig-by-day"),
        what: tr("fig-col-day"),
        rows: rows(&f.by_day, day),
    });
    out.push(Table {
        id: "by-film",
        csv: csv("film"),
        caption: tr("fig-by-film"),
        what: tr("fig-col-film"),
        rows: rows(&f.by_film, film),
    });
    out.push(Table {
        id: "by-hall",
        csv: csv("hall"),
        caption: tr("fig-by-hall"),
        what: tr("fig-col-hall"),
        rows: rows(&f.by_hall, |l| {
            if l.label.is_empty() {
                tr("fig-no-film")
            } else {
                l.label.clone()
            }
        }),
    });
    out.push(Table {
        id: "by-channel",
        csv: csv("channel"),
        caption: tr("fig-by-channel"),
        what: tr("fig-col-channel"),
        rows: rows(&f.by_channel, |l| tr(&format!("fig-channel-{}", l.key))),
    });
    out.push(Table {
        id: "by-tender",
        csv: csv("tender"),
        caption: tr("fig-by-tender"),
        what: tr("fig-col-tender"),
        rows: rows(&f.by_tender, tender),
    });
    out.push(Table {
        id: "by-showtime",
        csv: csv("showtime"),
        caption: tr("fig-by-showtime"),
        what: tr("fig-col-showtime"),
        rows: rows(&f.by_showtime, show),
    });
    out
}

/// `GET /figures[?from&to]` (`report:view`).
pub async fn page(
    State(s): State<Pages>,
    staff: MaybeStaff,
    viewer: Viewer,
    Query(q): Query<RangeQuery>,
) -> Result<Response, Stop> {
    staff.require_any(&["report:view"], "/figures")?;
    let range = q
        .range(&s.settings, &s.clock)
        .map_err(|_| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, tr("fig-bad-range")))?;
    let central = s.settings.server.role == Role::Central;
    let tz = s.settings.timezone();
    let stamp = |t: &Option<String>| {
        t.as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&tz).format("%d/%m/%Y %H:%M:%S").to_string())
            .unwrap_or_else(|| tr("fig-never"))
    };
    let (mut sites, mut overdrawn, mut sync_lines) = (Vec::new(), Vec::new(), Vec::new());
    let mut concessions = Vec::new();
    let hq = |e: crate::sync::SyncError| PageError::from(crate::http::ApiError::from(e));
    let figures = if central {
        {
            for site in s.central.sites().await.map_err(hq)? {
                sites.push(SiteLine {
                    last_push: stamp(&site.last_push_at),
                    name: site.name,
                    applied: site.last_seq,
                    pending: site.pending,
                });
            }
            for o in s.central.overdrawn().await.map_err(hq)? {
                overdrawn.push(OverLine {
                    by_site: o
                        .by_site
                        .iter()
                        .map(|(site, p)| format!("{site}: {p}"))
                        .collect::<Vec<_>>()
                        .join(" · "),
                    email: o.email,
                    points: o.points,
                });
            }
            s.central.figures(range).await.map_err(hq)?
        }
    } else {
        {
            if s.settings.sync.enabled() {
                let p = s.reports.push_state().await.map_err(PageError::from)?;
                sync_lines.push(tr_with("fig-sync-pending", &[("n", Arg::from(p.pending))]));
                sync_lines.push(tr_with(
                    "fig-sync-success",
                    &[("at", Arg::from(stamp(&p.last_success_at)))],
                ));
                if let Some(e) = &p.last_error {
                    sync_lines.push(tr_with(
                        "fig-sync-error",
                        &[
                            ("at", Arg::from(stamp(&p.last_error_at))),
                            ("error", Arg::from(e.as_str())),
                        ],
                    ));
                }
            } else {
                sync_lines.push(tr("fig-sync-off"));
            }
            for i in s
                .reports
                .concessions_sold(range.clone())
                .await
                .map_err(PageError::from)?
            {
                concessions.push(ConcLine {
                    name: i.name,
                    qty: i.qty,
                    free_qty: i.free_qty,
                    revenue: vnd(i.revenue),
                });
            }
            let mut f = s.reports.figures(range).await.map_err(PageError::from)?;
            f.occupancy = site_occupancy(&s, &f.from, &f.to, tz).await?;
            f
        }
    };
    let title = if central {
        "fig-title-central"
    } else {
        "fig-title"
    };
    let occupancy: Vec<OccLine> = figures
        .occupancy
        .iter()
        .take(MAX_OCCUPANCY)
        .map(|o| OccLine {
            site: o.site.clone(),
            show: show_label(&o.label, tz),
            admissions: o.admissions,
            capacity: o.capacity,
            percent: percent(o.admissions, o.capacity),
        })
        .collect();
    let occupancy_total = percent(
        figures.occupancy.iter().map(|o| o.admissions).sum(),
        figures.occupancy.iter().map(|o| o.capacity).sum(),
    );
    Ok(render(&FiguresPage {
        layout: Layout::new(title, &viewer),
        central,
        tables: tables(&figures, central, tz),
        charts: charts(&figures),
        concessions_csv: format!(
            "/api/v1/reports/concessions.csv?from={}&to={}",
            figures.from, figures.to
        ),
        concessions,
        from: figures.from.clone(),
        to: figures.to.clone(),
        bookings: figures.totals.bookings,
        admissions: figures.totals.admissions,
        revenue: vnd(figures.totals.revenue),
        refunds: vnd(figures.totals.refunds),
        net: vnd(figures.totals.net),
        sites,
        overdrawn,
        occupancy,
        occupancy_total,
        sync_lines,
    })?)
}
