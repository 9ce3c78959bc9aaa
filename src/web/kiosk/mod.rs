//! `/kiosk`: the box-office touch screen. Sign in (the site's login form, back to `/kiosk`),
//! open a till with a float, today's showtimes at the till's cinema as big buttons, the live
//! seat map with a basket (seats, concessions, a member's points, a code) and cash/card
//! payment (`assets/kiosk_basket.js`, `assets/kiosk.js`), concessions sold alone, the 80 mm
//! ticket print view and sales receipt, the blind close with its cash-up and the list of past
//! cash-ups, and finding a booking at the counter. The kiosk remembers its cinema in the
//! `kiosk_cinema` cookie.

mod basket;
mod close;
mod concessions;
mod day;
mod find;
mod receipt;
mod refund;
mod sale;

use super::{render, tr, tr_with, vnd, Layout, PageError, Viewer};
use crate::cinemas::service::CinemaFilter;
use crate::cinemas::{Cinema, Showtime, ShowtimeStatus};
use crate::i18n::{self, Arg};
use crate::tills::{TillSession, TillsError};
use crate::users::auth::{resolve, token_from};
use crate::users::{AuthUser, User, Users};
use crate::web::Pages;
use askama::Template;
use axum::extract::{Form, FromRef, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// Routes of the kiosk pages.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Pages: FromRef<S>,
    Users: FromRef<S>,
{
    Router::new()
        .route("/kiosk", get(home))
        .route("/kiosk/till/open", axum::routing::post(open_till))
        .route("/kiosk/showtimes/{id}", get(sale::page))
        .route("/kiosk/bookings/{id}/print", get(sale::print))
        .route("/kiosk/bookings/{id}/receipt", get(receipt::page))
        .route("/kiosk/concessions", get(concessions::page))
        .route("/kiosk/till/close", get(close::form).post(close::close))
        .route("/kiosk/cashups", get(close::cashups))
        .route("/kiosk/find", get(find::page))
        .merge(refund::routes())
        .merge(day::routes())
}

/// The signed-in staff member of a kiosk page, with permissions.
pub struct Staff {
    pub auth: AuthUser,
    pub user: User,
}

/// A kiosk page that cannot be shown: a redirect to sign in, or an HTML error page.
pub struct Stop(Box<Response>);

impl IntoResponse for Stop {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl Stop {
    /// A 303 to `to`.
    pub fn redirect(to: &str) -> Stop {
        Stop(Box::new(Redirect::to(to).into_response()))
    }
}

impl<E: Into<PageError>> From<E> for Stop {
    fn from(e: E) -> Stop {
        Stop(Box::new(e.into().into_response()))
    }
}

/// The caller of a kiosk page, if signed in (an invalid cookie counts as signed out).
pub struct MaybeStaff(Option<Staff>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeStaff
where
    Users: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let users = Users::from_ref(state);
        let Some(token) = token_from(parts) else {
            return Ok(MaybeStaff(None));
        };
        let Ok(auth) = resolve(&users, &token).await else {
            return Ok(MaybeStaff(None));
        };
        Ok(MaybeStaff(
            users
                .get(&auth.id)
                .await
                .ok()
                .map(|user| Staff { auth, user }),
        ))
    }
}

impl MaybeStaff {
    /// The signed-in staff member, if any.
    pub fn into_inner(self) -> Option<Staff> {
        self.0
    }

    /// Signed in with one of `permissions`, else sign in (back to `next`) or 403.
    pub fn require_any(self, permissions: &[&str], next: &str) -> Result<Staff, Stop> {
        let Some(staff) = self.0 else {
            let to = format!("/login?next={}", urlencoding(next));
            return Err(Stop(Box::new(Redirect::to(&to).into_response())));
        };
        if permissions.iter().any(|p| staff.auth.can(p)) {
            Ok(staff)
        } else {
            Err(PageError::new(StatusCode::FORBIDDEN, tr("kiosk-err-staff-only")).into())
        }
    }
}

use super::urlencoding;

impl Staff {
    /// Layout data for a kiosk page; `title_key` is the message of its title.
    pub fn layout(&self, title_key: &str) -> Layout {
        Layout::new(title_key, &Viewer(Some(self.user.clone())))
    }

    /// Layout data for a kiosk page whose title is already written.
    pub fn layout_titled(&self, title: String) -> Layout {
        Layout::titled(title, &Viewer(Some(self.user.clone())))
    }
}

/// A cash amount typed on the kiosk: digits, optionally grouped with dots or spaces, `₫`
/// allowed. `None` when it is not a whole, non-negative number.
pub fn parse_cash(text: &str) -> Option<i64> {
    let digits: String = text
        .trim()
        .trim_end_matches('₫')
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | ','))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// "HH:MM" of an RFC 3339 instant in its own offset.
pub fn clock_time(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default()
}

/// "HH:MM" of a stored UTC instant in `tz`.
pub fn local_time(stamp: &str, tz: &str) -> String {
    local_fmt(stamp, tz, "%H:%M")
}

/// A stored UTC instant in `tz`, formatted with `fmt` (chrono's strftime).
pub fn local_fmt(stamp: &str, tz: &str, fmt: &str) -> String {
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| t.with_timezone(&tz).format(fmt).to_string())
        .unwrap_or_default()
}

/// One showtime button.
pub struct ShowButton {
    id: String,
    time: String,
    movie: String,
    hall: String,
    format: String,
    /// "Còn 12 ghế".
    seats_left: String,
    occupancy: u32,
    /// "Đã bán 40%".
    occupancy_label: String,
    sold_out: bool,
    movie_id: String,
    /// The film's age rating, once looked up.
    rating: Option<sale::Rating>,
}

#[derive(Template)]
#[template(path = "kiosk.html")]
struct KioskPage {
    layout: Layout,
    /// Cinemas to choose from (no till, several cinemas, none chosen yet).
    cinemas: Vec<Cinema>,
    /// The chosen cinema for the open-till form.
    cinema: Option<Cinema>,
    /// More than one cinema: the open-till form links to the cinema picker.
    can_change: bool,
    till: Option<TillSession>,
    /// "ca mở lúc 08:00, tiền đầu ca 1.000.000 ₫".
    till_line: String,
    shows: Vec<ShowButton>,
    today: String,
    float_input: String,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct HomeQuery {
    #[serde(default)]
    cinema: Option<String>,
    /// Set: show the cinema picker, whatever the kiosk remembers.
    #[serde(default)]
    pick: Option<String>,
}

/// The cookie in which a kiosk remembers its cinema.
pub const CINEMA_COOKIE: &str = "kiosk_cinema";

/// The cinema this kiosk remembers, if any.
fn remembered_cinema(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == CINEMA_COOKIE)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// `Set-Cookie` remembering `cinema_id` for a year, or forgetting it (`None`).
fn cinema_cookie(cinema_id: Option<&str>) -> Option<HeaderValue> {
    let value = match cinema_id {
        Some(id) => {
            format!("{CINEMA_COOKIE}={id}; Path=/kiosk; Max-Age=31536000; HttpOnly; SameSite=Lax")
        }
        None => format!("{CINEMA_COOKIE}=; Path=/kiosk; Max-Age=0; HttpOnly; SameSite=Lax"),
    };
    HeaderValue::from_str(&value).ok()
}

fn buttons(shows: Vec<Showtime>, now: DateTime<Utc>) -> Vec<ShowButton> {
    let mut out: Vec<(String, ShowButton)> = shows
        .into_iter()
        .filter(|s| matches!(s.status, ShowtimeStatus::Selling | ShowtimeStatus::SoldOut))
        .filter(|s| {
            DateTime::parse_from_rfc3339(&s.start_time).is_ok_and(|t| t.with_timezone(&Utc) > now)
        })
        .map(|s| {
            let taken = s.total_seats.saturating_sub(s.available_seats);
            let occupancy = (taken * 100).checked_div(s.total_seats).unwrap_or(100);
            (
                s.start_time.clone(),
                ShowButton {
                    time: clock_time(&s.local_start),
                    movie: s.movie_title,
                    hall: s.hall_name,
                    format: s.format.as_str().to_string(),
                    seats_left: tr_with("seats-left", &[("n", Arg::from(s.available_seats))]),
                    occupancy,
                    occupancy_label: tr_with("kiosk-sold-pct", &[("pct", Arg::from(occupancy))]),
                    sold_out: s.status == ShowtimeStatus::SoldOut,
                    movie_id: s.movie_id,
                    rating: None,
                    id: s.id,
                },
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(_, b)| b).collect()
}

async fn page_for(
    s: &Pages,
    staff: &Staff,
    chosen: Option<String>,
    float_input: String,
    error: Option<String>,
) -> Result<KioskPage, PageError> {
    let till = s.tills.current(&staff.auth.id).await?;
    let all = s.cinemas.list_cinemas(&CinemaFilter::default()).await?;
    let want = till.as_ref().map(|t| t.cinema_id.clone()).or(chosen);
    let cinema = match (&want, all.as_slice()) {
        (Some(id), _) => all.iter().find(|c| &c.id == id).cloned(),
        (None, [only]) => Some(only.clone()),
        _ => None,
    };
    let mut page = KioskPage {
        layout: staff.layout("kiosk-title-home"),
        cinemas: Vec::new(),
        cinema: cinema.clone(),
        can_change: all.len() > 1,
        till_line: String::new(),
        shows: Vec::new(),
        today: String::new(),
        float_input,
        error,
        till: None,
    };
    let Some(cinema) = cinema else {
        page.cinemas = all;
        return Ok(page);
    };
    if let Some(t) = till {
        let tz: chrono_tz::Tz = cinema
            .timezone
            .parse()
            .unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
        let now = s.clock.now();
        let today = now.with_timezone(&tz).date_naive();
        let shows = s
            .cinemas
            .list_showtimes(None, Some(cinema.id.clone()), None, Some(today))
            .await?;
        page.shows = buttons(shows, now);
        let mut ratings: std::collections::HashMap<String, Option<sale::Rating>> =
            std::collections::HashMap::new();
        for b in &mut page.shows {
            if !ratings.contains_key(&b.movie_id) {
                let r = sale::rating_of(s, &b.movie_id).await;
                ratings.insert(b.movie_id.clone(), r);
            }
            b.rating = ratings.get(&b.movie_id).cloned().flatten();
        }
        page.today = i18n::long_date(super::lang::lang(), today);
        page.till_line = tr_with(
            "kiosk-till-since",
            &[
                (
                    "time",
                    Arg::from(local_time(&t.opened_at, &cinema.timezone)),
                ),
                ("float", Arg::from(vnd(t.opening_float))),
            ],
        );
        page.till = Some(t);
    }
    Ok(page)
}

/// `GET /kiosk[?cinema=ID | ?pick=1]`: the cinema asked for, else the one this kiosk
/// remembers (the cookie, if that cinema still exists), else the picker. The cinema shown is
/// remembered for the next visit.
pub async fn home(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Query(q): Query<HomeQuery>,
) -> Result<Response, Stop> {
    let staff = staff.require_any(&["booking:sell"], "/kiosk")?;
    let remembered = remembered_cinema(&headers);
    let chosen = match (q.cinema, q.pick.is_some()) {
        (Some(c), _) => Some(c),
        (None, true) => None,
        (None, false) => remembered.clone(),
    };
    let page = page_for(&s, &staff, chosen, String::new(), None).await?;
    let mut res = render(&page)?;
    let cookie = match (&page.cinema, &remembered) {
        (Some(c), r) if r.as_deref() != Some(c.id.as_str()) => cinema_cookie(Some(&c.id)),
        (None, Some(_))
            if page
                .cinemas
                .iter()
                .all(|c| Some(&c.id) != remembered.as_ref()) =>
        {
            cinema_cookie(None)
        }
        _ => None,
    };
    if let Some(v) = cookie {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

/// The open-till form.
#[derive(Debug, Deserialize)]
pub struct OpenForm {
    opening_float: String,
    #[serde(default)]
    cinema_id: String,
}

/// `POST /kiosk/till/open`.
pub async fn open_till(
    State(s): State<Pages>,
    staff: MaybeStaff,
    headers: HeaderMap,
    Form(f): Form<OpenForm>,
) -> Result<Response, Stop> {
    if !super::auth::same_origin(&headers) {
        return Err(PageError::new(StatusCode::FORBIDDEN, tr("err-cross-site")).into());
    }
    let staff = staff.require_any(&["booking:sell"], "/kiosk")?;
    let cinema = Some(f.cinema_id.trim().to_string()).filter(|c| !c.is_empty());
    let error = match parse_cash(&f.opening_float) {
        None => tr("kiosk-err-float"),
        Some(amount) => match s.tills.open(&staff.auth.id, cinema.clone(), amount).await {
            Ok(t) => {
                return Ok(Redirect::to(&format!("/kiosk?cinema={}", t.cinema_id)).into_response())
            }
            Err(TillsError::Invalid { field, .. }) => open_error(field),
            Err(TillsError::AlreadyOpen { .. }) => tr("kiosk-err-already-open"),
            Err(e) => return Err(PageError::from(e).into()),
        },
    };
    let page = page_for(&s, &staff, cinema, f.opening_float, Some(error)).await?;
    let mut res = render(&page)?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

/// The sentence for an invalid open-till field.
fn open_error(field: &str) -> String {
    match field {
        "cinema_id" => tr("kiosk-err-pick-cinema"),
        _ => tr("kiosk-err-float"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cash_is_typed_with_or_without_grouping() {
        assert_eq!(parse_cash("1.000.000"), Some(1_000_000));
        assert_eq!(parse_cash(" 500 000 ₫"), Some(500_000));
        assert_eq!(parse_cash("0"), Some(0));
        assert_eq!(parse_cash("-5"), None);
        assert_eq!(parse_cash("12a"), None);
        assert_eq!(parse_cash(""), None);
    }

    #[test]
    fn next_paths_are_encoded() {
        assert_eq!(urlencoding("/kiosk"), "/kiosk");
        assert_eq!(urlencoding("/kiosk?cinema=a b"), "/kiosk%3Fcinema%3Da%20b");
    }
}
