//! The showtime planner: one day of a cinema as a hall × time timeline, a form that schedules
//! a film in a hall at daily times over a date range (checked first: every start time with its
//! end, day type and clashes, before anything is saved), and cancelling a showtime, which
//! refunds its paid bookings through the refunds flow.

use super::{cinema_choice, refusal, Admin, FieldError};
use crate::catalog::{MovieQuery, MovieStatus, SortKey};
use crate::cinemas::batch::{BatchCheck, BatchRequest, Daily, SlotClash};
use crate::cinemas::{Cinema, CinemasError, Format, Showtime, ShowtimeStatus};
use crate::users::perm;
use crate::web::kiosk::Stop;
use crate::web::{render, tr, tr_with, Layout, Pages};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

/// The timeline's first hour (local) and its length: a cinema's day runs from 06:00 to 06:00
/// the next morning, so a show at 00:30 belongs to the evening before.
const FIRST_HOUR: i64 = 6;
const SPAN_MINUTES: i64 = 24 * 60;

/// A showtime on the timeline.
pub struct Block {
    pub id: String,
    start: DateTime<Utc>,
    pub title: String,
    /// "10:00–12:10".
    pub times: String,
    /// Inline position: "left: 12.5%; width: 9.7%".
    pub style: String,
    pub cancelled: bool,
    /// "Đã bán 12/120".
    pub sold_line: String,
    pub can_cancel: bool,
    pub can_finish: bool,
}

/// A hall's lane.
pub struct Lane {
    pub hall: String,
    pub blocks: Vec<Block>,
}

/// A checked start time, as the preview lists it.
pub struct SlotLine {
    pub when: String,
    pub day: String,
    pub clash: Option<String>,
}

/// The batch check, as shown.
pub struct Checked {
    pub ok: bool,
    pub lines: Vec<SlotLine>,
    pub missing: Vec<String>,
    pub summary: String,
}

/// The batch form's fields, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PlanForm {
    pub cinema: String,
    pub movie_id: String,
    pub hall_id: String,
    pub format: String,
    pub language: String,
    pub subtitles: String,
    pub from_date: String,
    pub to_date: String,
    /// "10:00, 14:30".
    pub times: String,
    /// "check" or "save".
    pub action: String,
}

#[derive(Template)]
#[template(path = "admin_planner.html")]
struct PlannerPage {
    layout: Layout,
    cinemas: Vec<Cinema>,
    cinema: Option<Cinema>,
    date: String,
    day_label: String,
    prev: String,
    next: String,
    hours: Vec<(String, String)>,
    lanes: Vec<Lane>,
    movies: Vec<(String, String)>,
    halls: Vec<(String, String)>,
    formats: Vec<&'static str>,
    form: PlanForm,
    checked: Option<Checked>,
    error: Option<FieldError>,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PlannerQuery {
    cinema: Option<String>,
    date: Option<String>,
    saved: Option<String>,
    cancelled: Option<String>,
}

/// When the planning day `day` starts (06:00 local), in UTC.
fn planning_start(day: NaiveDate, tz: Tz) -> Option<DateTime<Utc>> {
    Some(
        day.and_hms_opt(FIRST_HOUR as u32, 0, 0)?
            .and_local_timezone(tz)
            .earliest()?
            .with_timezone(&Utc),
    )
}

/// The planning day a start belongs to: the local date, the day before before 06:00.
fn planning_day(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    (at.with_timezone(&tz) - Duration::hours(FIRST_HOUR)).date_naive()
}

fn hhmm(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

/// A showtime's block, if it starts within the planning day (06:00 to 06:00).
fn block(s: &Showtime, day: NaiveDate, tz: Tz) -> Option<Block> {
    let start = DateTime::parse_from_rfc3339(&s.start_time)
        .ok()?
        .with_timezone(&Utc);
    let end = DateTime::parse_from_rfc3339(&s.end_time)
        .ok()?
        .with_timezone(&Utc);
    let origin = planning_start(day, tz)?;
    if start < origin || start >= origin + Duration::minutes(SPAN_MINUTES) {
        return None;
    }
    let left = (start - origin).num_minutes().clamp(0, SPAN_MINUTES);
    let right = (end - origin).num_minutes().clamp(0, SPAN_MINUTES);
    let pct = |m: i64| m as f64 * 100.0 / SPAN_MINUTES as f64;
    Some(Block {
        id: s.id.clone(),
        start,
        title: s.movie_title.clone(),
        times: format!("{}–{}", hhmm(start, tz), hhmm(end, tz)),
        style: format!(
            "left: {:.3}%; width: {:.3}%",
            pct(left),
            pct((right - left).max(10))
        ),
        cancelled: s.status == ShowtimeStatus::Cancelled,
        sold_line: tr_with(
            "adm-sold",
            &[
                (
                    "sold",
                    i64::from(s.total_seats.saturating_sub(s.available_seats)).into(),
                ),
                ("seats", i64::from(s.total_seats).into()),
            ],
        ),
        can_cancel: matches!(
            s.status,
            ShowtimeStatus::Scheduled | ShowtimeStatus::Selling | ShowtimeStatus::SoldOut
        ),
        // A cancelled showtime whose refunds did not all go through can be finished.
        can_finish: s.status == ShowtimeStatus::Cancelled && s.seats_taken > 0,
    })
}

async fn build(
    s: &Pages,
    a: &Admin<perm::ShowtimeManage>,
    cinema: Option<&str>,
    date: Option<NaiveDate>,
    form: Option<PlanForm>,
) -> Result<PlannerPage, Stop> {
    let (cinemas, cinema) = cinema_choice(s, cinema).await?;
    let tz: Tz = cinema
        .as_ref()
        .and_then(|c| c.timezone.parse().ok())
        .unwrap_or_else(|| s.settings.timezone());
    let day = date.unwrap_or_else(|| s.clock.now().with_timezone(&tz).date_naive());
    let mut lanes = Vec::new();
    let mut halls = Vec::new();
    if let Some(c) = &cinema {
        let mut shows = s
            .cinemas
            .list_showtimes(None, Some(c.id.clone()), None, Some(day))
            .await?;
        if let Some(next) = day.succ_opt() {
            shows.extend(
                s.cinemas
                    .list_showtimes(None, Some(c.id.clone()), None, Some(next))
                    .await?,
            );
        }
        for h in s.cinemas.halls(&c.id).await? {
            let mut blocks: Vec<Block> = shows
                .iter()
                .filter(|x| x.hall_id == h.id)
                .filter_map(|x| block(x, day, tz))
                .collect();
            blocks.sort_by_key(|x| x.start);
            halls.push((h.id.clone(), h.name.clone()));
            lanes.push(Lane {
                hall: h.name,
                blocks,
            });
        }
    }
    // Films on release or coming: ended films are not scheduled.
    let mut movies = Vec::new();
    for status in [MovieStatus::NowShowing, MovieStatus::ComingSoon] {
        let found = s
            .catalog
            .list(MovieQuery {
                status: Some(status),
                sort: SortKey::Title,
                descending: false,
                limit: 500,
                page: 1,
                ..Default::default()
            })
            .await?;
        movies.extend(found.items.into_iter().map(|m| (m.id, m.title)));
    }
    let tomorrow = (day + Duration::days(1)).to_string();
    let form = form.unwrap_or_else(|| PlanForm {
        cinema: cinema.as_ref().map(|c| c.id.clone()).unwrap_or_default(),
        format: "2D".into(),
        language: "Tiếng Việt".into(),
        from_date: tomorrow.clone(),
        to_date: (day + Duration::days(7)).to_string(),
        times: "10:00, 14:00, 19:30".into(),
        ..PlanForm::default()
    });
    let cid = cinema.as_ref().map(|c| c.id.clone()).unwrap_or_default();
    Ok(PlannerPage {
        layout: a.layout("adm-planner-title"),
        date: day.to_string(),
        day_label: day.format("%d/%m/%Y").to_string(),
        prev: format!(
            "/admin/planner?cinema={cid}&date={}",
            day - Duration::days(1)
        ),
        next: format!("/admin/planner?cinema={cid}&date={tomorrow}"),
        hours: (0..24)
            .step_by(2)
            .map(|h| {
                (
                    format!("{:02}:00", (FIRST_HOUR + h) % 24),
                    format!("left: {:.3}%", h as f64 * 100.0 / 24.0),
                )
            })
            .collect(),
        cinemas,
        cinema,
        lanes,
        movies,
        halls,
        formats: vec!["2D", "3D", "IMAX", "4DX"],
        form,
        checked: None,
        error: None,
        notice: None,
    })
}

/// `GET /admin/planner?cinema=&date=`: the day's timeline and the batch form.
pub async fn page(
    State(s): State<Pages>,
    a: Admin<perm::ShowtimeManage>,
    Query(q): Query<PlannerQuery>,
) -> Result<Response, Stop> {
    let date = q.date.as_deref().and_then(super::day_of);
    let mut page = build(&s, &a, q.cinema.as_deref(), date, None).await?;
    let count = |v: &Option<String>| v.as_deref().and_then(|n| n.parse::<i64>().ok());
    page.notice = match (count(&q.saved), count(&q.cancelled)) {
        (Some(n), _) => Some(tr_with("adm-planner-saved", &[("n", n.into())])),
        (_, Some(n)) => Some(tr_with("adm-planner-cancelled", &[("n", n.into())])),
        _ => None,
    };
    Ok(render(&page)?)
}

impl PlanForm {
    fn request(&self) -> Result<BatchRequest, FieldError> {
        let bad = |field: &str, key: &str| FieldError {
            field: field.into(),
            message: tr(key),
        };
        let date =
            |field: &str, v: &str| super::day_of(v).ok_or_else(|| bad(field, "adm-err-date"));
        let format = Format::parse(&self.format).ok_or_else(|| bad("format", "adm-err-choice"))?;
        if self.movie_id.is_empty() {
            return Err(bad("movie_id", "adm-err-choice"));
        }
        if self.hall_id.is_empty() {
            return Err(bad("hall_id", "adm-err-choice"));
        }
        Ok(BatchRequest {
            movie_id: self.movie_id.clone(),
            hall_id: self.hall_id.clone(),
            format,
            language: self.language.clone(),
            subtitles: self
                .subtitles
                .split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect(),
            start_times: None,
            daily: Some(Daily {
                from_date: date("from_date", &self.from_date)?,
                to_date: date("to_date", &self.to_date)?,
                times: self
                    .times
                    .split([',', ' ', ';'])
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(String::from)
                    .collect(),
            }),
        })
    }
}

/// The check as the page shows it.
fn shown(c: &BatchCheck) -> Checked {
    let tz: Tz = c.timezone.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
    let when = |at: DateTime<Utc>| at.with_timezone(&tz).format("%d/%m %H:%M").to_string();
    let lines: Vec<SlotLine> = c
        .slots
        .iter()
        .map(|s| SlotLine {
            when: format!("{}–{}", when(s.start), hhmm(s.end, tz)),
            day: tr(&format!("adm-day-{}", s.day_type.as_str())),
            clash: s.clashes.first().map(|k| match k {
                SlotClash::Showtime {
                    movie_title,
                    start,
                    end,
                    ..
                } => tr_with(
                    "adm-clash-show",
                    &[
                        ("title", movie_title.as_str().into()),
                        ("from", when(*start).into()),
                        ("to", hhmm(*end, tz).into()),
                    ],
                ),
                SlotClash::Batch { start } => {
                    tr_with("adm-clash-batch", &[("at", when(*start).into())])
                }
            }),
        })
        .collect();
    let clashes = lines.iter().filter(|l| l.clash.is_some()).count();
    Checked {
        ok: c.ok(),
        summary: if c.ok() {
            tr_with(
                "adm-check-ok",
                &[
                    ("n", (lines.len() as i64).into()),
                    ("title", c.movie_title.as_str().into()),
                    ("hall", c.hall_name.as_str().into()),
                ],
            )
        } else if clashes == 0 {
            tr("adm-check-prices")
        } else {
            tr_with("adm-check-clashes", &[("n", (clashes as i64).into())])
        },
        lines,
        missing: c.missing_prices.clone(),
    }
}

/// `POST /admin/planner`: check the batch (`action=check`) or save it (`action=save`; a
/// refused save shows the check instead).
pub async fn submit(
    State(s): State<Pages>,
    a: Admin<perm::ShowtimeManage>,
    Form(form): Form<PlanForm>,
) -> Result<Response, Stop> {
    let from = super::day_of(&form.from_date);
    let mut page = build(&s, &a, Some(&form.cinema), from, Some(form.clone())).await?;
    let req = match form.request() {
        Ok(r) => r,
        Err(e) => {
            page.error = Some(e);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    if form.action == "save" {
        match s.cinemas.schedule(req.clone()).await {
            Ok(made) => {
                let cinema = made
                    .first()
                    .map(|m| m.cinema_id.as_str())
                    .unwrap_or_default();
                let day = from.map(|d| d.to_string()).unwrap_or_default();
                let to = format!(
                    "/admin/planner?cinema={}&date={day}&saved={}",
                    crate::web::urlencoding(cinema),
                    made.len()
                );
                return Ok(Redirect::to(&to).into_response());
            }
            Err(CinemasError::Overlap(_) | CinemasError::MissingPrices(_)) => {}
            Err(e) => return refused(page, e),
        }
    }
    match s.cinemas.check_schedule(&req).await {
        Ok(check) => {
            let status = if form.action == "save" {
                StatusCode::CONFLICT
            } else {
                StatusCode::OK
            };
            page.checked = Some(shown(&check));
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => refused(page, e),
    }
}

fn refused(mut page: PlannerPage, e: CinemasError) -> Result<Response, Stop> {
    let field = match &e {
        CinemasError::Invalid { field, .. } => match field.as_str() {
            "daily.from_date" => "from_date",
            "daily.to_date" => "to_date",
            f if f.starts_with("daily") || f.starts_with("start_times") => "times",
            f => f.split(['.', '[']).next().unwrap_or("times"),
        }
        .to_string(),
        CinemasError::Catalog(_) | CinemasError::Db(_) => return Err(e.into()),
        _ => "times".into(),
    };
    let status = match e {
        CinemasError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        CinemasError::HallNotFound(_) | CinemasError::CinemaNotFound(_) => StatusCode::NOT_FOUND,
        _ => StatusCode::CONFLICT,
    };
    page.error = Some(FieldError {
        field,
        message: refusal(&e),
    });
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CancelForm {
    reason: String,
}

/// `POST /admin/showtimes/{id}/cancel`: cancel it and refund its paid bookings in full.
pub async fn cancel(
    State(s): State<Pages>,
    a: Admin<perm::ShowtimeManage>,
    Path(id): Path<String>,
    Form(f): Form<CancelForm>,
) -> Result<Response, Stop> {
    let reason = Some(f.reason.trim().to_string()).filter(|r| !r.is_empty());
    let current = s.cinemas.showtime(&id).await?;
    // Already cancelled: refund what is still paid (a refund that failed the first time).
    let show = if current.status == ShowtimeStatus::Cancelled && current.seats_taken > 0 {
        current
    } else {
        s.cinemas.cancel_showtime(&id, reason).await?
    };
    let refunds = s.refunds.cancel_showtime(&a.staff.auth, &id).await?;
    let tz: Tz = s
        .cinemas
        .cinema(&show.cinema_id)
        .await
        .ok()
        .and_then(|c| c.timezone.parse().ok())
        .unwrap_or_else(|| s.settings.timezone());
    let day = DateTime::parse_from_rfc3339(&show.start_time)
        .map(|t| planning_day(t.with_timezone(&Utc), tz).to_string())
        .unwrap_or_default();
    Ok(Redirect::to(&format!(
        "/admin/planner?cinema={}&date={day}&cancelled={}",
        show.cinema_id,
        refunds.len()
    ))
    .into_response())
}
