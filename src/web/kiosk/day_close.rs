//! `/kiosk/day`: the business day of the kiosk's cinema — its date, the tills still open,
//! the day close (refused while one is) and the closed days with their Z-reports.

use super::super::{local_fmt, remembered_cinema, MaybeStaff, Staff, Stop};
use super::{from_this_site, Names};
use crate::cinemas::service::CinemaFilter;
use crate::cinemas::Cinema;
use crate::i18n::{self, Arg};
use crate::tills::TillsError;
use crate::web::{render, tr, tr_with, vnd, Layout, PageError, Pages};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A till still open at the cinema.
pub struct OpenTill {
    cashier: String,
    /// "08:05 · 24/11/2026" in the cinema's zone.
    opened: String,
}

/// A closed day in the list.
pub struct DayRow {
    id: String,
    date: String,
    closed: String,
    closed_by: String,
    gross: String,
    net: String,
    variance: String,
    kind: &'static str,
}

#[derive(Template)]
#[template(path = "kiosk_day.html")]
struct DayPage {
    layout: Layout,
    /// Cinemas to choose from (several, none chosen yet).
    cinemas: Vec<Cinema>,
    cinema: Option<Cinema>,
    /// More than one cinema: the page links to the picker.
    can_change: bool,
    /// "Thứ Ba, 24/11/2026".
    date: String,
    /// Today's day is already closed: its id.
    closed_today: Option<String>,
    open: Vec<OpenTill>,
    /// How many tills are open.
    open_count: i64,
    days: Vec<DayRow>,
    error: Option<String>,
    /// The viewer may approve refunds (the page links to the approvals).
    can_approve: bool,
}

/// `?cinema=ID`, or `?pick=1` for the cinema picker whatever the kiosk remembers.
#[derive(Debug, Default, Deserialize)]
pub struct DayQuery {
    #[serde(default)]
    cinema: Option<String>,
    #[serde(default)]
    pick: Option<String>,
}

/// The cinema the page is about: the one asked for, else the kiosk's, else the site's only
/// one; `None` (with every cinema) when the manager must choose.
async fn chosen(
    s: &Pages,
    asked: Option<String>,
    headers: Option<&HeaderMap>,
) -> Result<(Option<Cinema>, Vec<Cinema>), PageError> {
    let all = s.cinemas.list_cinemas(&CinemaFilter::default()).await?;
    let want = asked
        .filter(|c| !c.trim().is_empty())
        .or_else(|| headers.and_then(remembered_cinema));
    let found = want
        .and_then(|id| all.iter().find(|c| c.id == id).cloned())
        .or_else(|| match all.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        });
    Ok((found, all))
}

async fn day_page(
    s: &Pages,
    staff: &Staff,
    cinema: Option<Cinema>,
    all: Vec<Cinema>,
    error: Option<String>,
) -> Result<DayPage, PageError> {
    let mut page = DayPage {
        layout: staff.layout("day-title"),
        can_change: all.len() > 1,
        cinemas: Vec::new(),
        cinema: cinema.clone(),
        date: String::new(),
        closed_today: None,
        open: Vec::new(),
        open_count: 0,
        days: Vec::new(),
        error,
        can_approve: staff.auth.can("refund:approve"),
    };
    let Some(cinema) = cinema else {
        page.cinemas = all;
        return Ok(page);
    };
    let tz = s.tills.timezone_of(&cinema.id).await?.name().to_string();
    let today = s.tills.business_date(&cinema.id).await?;
    page.date = i18n::long_date(crate::web::lang::lang(), today);
    let mut names = Names::new(&s.users);
    for t in s.tills.open_at(&cinema.id).await? {
        page.open.push(OpenTill {
            cashier: names.of(&t.cashier_id).await,
            opened: local_fmt(&t.opened_at, &tz, "%H:%M · %d/%m/%Y"),
        });
    }
    page.open_count = i64::try_from(page.open.len()).unwrap_or(i64::MAX);
    let today = today.to_string();
    for d in s.tills.days(Some(cinema.id.clone())).await? {
        if d.business_date == today {
            page.closed_today = Some(d.id.clone());
        }
        let (variance, kind) = super::variance(d.report.variance);
        let date = chrono::NaiveDate::parse_from_str(&d.business_date, "%Y-%m-%d")
            .map(|day| i18n::long_date(crate::web::lang::lang(), day))
            .unwrap_or_else(|_| d.business_date.clone());
        page.days.push(DayRow {
            date,
            closed: local_fmt(&d.closed_at, &tz, "%H:%M · %d/%m/%Y"),
            closed_by: names.of(&d.closed_by).await,
            gross: vnd(d.report.gross_sales),
            net: vnd(d.report.net),
            variance,
            kind,
            id: d.id,
        });
    }
    Ok(page)
}

/// `GET /kiosk/day[?cinema=ID]` (`report:view`).
pub async fn page(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Query(q): Query<DayQuery>,
) -> Result<Response, Stop> {
    let staff = staff.require_any(&["report:view"], "/kiosk/day")?;
    let remembered = q.pick.is_none().then_some(&headers);
    let (cinema, all) = chosen(&s, q.cinema, remembered).await?;
    Ok(render(&day_page(&s, &staff, cinema, all, None).await?)?)
}

/// The close form: which cinema's day.
#[derive(Debug, Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    cinema_id: String,
}

/// `POST /kiosk/day/close` (`report:view`): close the day and show its Z-report; while a
/// till is open (or the day is closed already) the day page again, saying why.
pub async fn close(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Form(f): Form<CloseForm>,
) -> Result<Response, Stop> {
    from_this_site(&headers)?;
    let staff = staff.require_any(&["report:view"], "/kiosk/day")?;
    let asked = Some(f.cinema_id.trim().to_string()).filter(|c| !c.is_empty());
    let (error, status) = match s.tills.close_day(&staff.auth.id, asked.clone()).await {
        Ok(day) => return Ok(Redirect::to(&format!("/kiosk/days/{}", day.id)).into_response()),
        Err(TillsError::TillsOpen(n)) => (
            tr_with("day-err-tills-open", &[("n", Arg::from(n))]),
            StatusCode::CONFLICT,
        ),
        Err(TillsError::DayClosed(_)) => (tr("day-err-closed"), StatusCode::CONFLICT),
        Err(TillsError::Invalid { .. }) => {
            (tr("day-err-pick-cinema"), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return Err(PageError::from(e).into()),
    };
    let (cinema, all) = chosen(&s, asked, Some(&headers)).await?;
    let mut res = render(&day_page(&s, &staff, cinema, all, Some(error)).await?)?;
    *res.status_mut() = status;
    Ok(res)
}
