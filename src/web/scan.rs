//! `/scan`: the usher's door scanner. The page reads ticket QR codes with the device camera
//! (the browser's `BarcodeDetector`, else the bundled jsQR) or takes a typed ticket code, and
//! checks each one in through `POST /api/v1/checkin` (`assets/scan.js`).

use super::{render, tr, Layout, PageError, Viewer};
use crate::cinemas::{Showtime, ShowtimeStatus};
use crate::web::Pages;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// The permission the page (and the check-in API) needs.
const SCAN_PERMISSION: &str = "ticket:scan";

/// A showtime the door can be set to admit (the others then get `wrong_showtime`).
pub struct ShowChoice {
    /// Showtime id (sent as `showtime_id`).
    pub id: String,
    /// "20:00 · Mai · Hall 1".
    pub label: String,
}

#[derive(Template)]
#[template(path = "scan.html")]
struct ScanPage {
    layout: Layout,
    /// The cinema's IANA time zone: answers are shown in the cinema's local time.
    timezone: String,
    /// The cinema's UTC offset now, in minutes (for browsers without that time zone).
    utc_offset_minutes: i32,
    /// Minutes before the start that doors open (shown in the help line).
    opens_minutes: i64,
    /// The server clock's now (ms): "today" is the cinema's day, whatever the device clock says.
    server_now_ms: i64,
    /// Today's showtimes that have not ended, earliest first.
    shows: Vec<ShowChoice>,
}

/// Today's (cinema-local) showtimes that are not cancelled and not over, as choices.
fn choices(shows: Vec<Showtime>, now: chrono::DateTime<chrono::Utc>) -> Vec<ShowChoice> {
    let mut open: Vec<(String, ShowChoice)> = shows
        .into_iter()
        .filter(|st| st.status != ShowtimeStatus::Cancelled)
        .filter(|st| chrono::DateTime::parse_from_rfc3339(&st.end_time).is_ok_and(|end| end > now))
        .map(|st| {
            let time = chrono::DateTime::parse_from_rfc3339(&st.local_start)
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default();
            let label = format!("{time} · {} · {}", st.movie_title, st.hall_name);
            (st.start_time.clone(), ShowChoice { id: st.id, label })
        })
        .collect();
    open.sort_by(|a, b| a.0.cmp(&b.0));
    open.into_iter().map(|(_, c)| c).collect()
}

/// `GET /scan`: signed out → the sign-in page (back here after); without `ticket:scan` → 403.
pub async fn page(State(s): State<Pages>, viewer: Viewer) -> Result<Response, PageError> {
    let Some(user) = viewer.0.as_ref() else {
        return Ok(Redirect::to("/login?next=/scan").into_response());
    };
    let permissions = s.users.permissions(&user.id).await?;
    if !permissions.is_some_and(|p| p.contains(SCAN_PERMISSION)) {
        return Err(PageError::new(StatusCode::FORBIDDEN, tr("scan-forbidden")));
    }
    let tz = s.settings.timezone();
    let now = s.clock.now();
    let offset = {
        use chrono::Offset;
        now.with_timezone(&tz).offset().fix().local_minus_utc() / 60
    };
    let today = now.with_timezone(&tz).date_naive();
    let shows = s
        .cinemas
        .list_showtimes(None, None, None, Some(today))
        .await?;
    render(&ScanPage {
        layout: Layout::new("scan-title", &viewer),
        timezone: tz.name().to_string(),
        utc_offset_minutes: offset,
        opens_minutes: i64::from(s.settings.tickets.checkin_opens_minutes),
        server_now_ms: now.timestamp_millis(),
        shows: choices(shows, now),
    })
}
