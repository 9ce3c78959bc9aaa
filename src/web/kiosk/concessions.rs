//! `GET /kiosk/concessions`: concessions sold alone at the counter (no film): the menu as
//! picture cards, a member's points and a code, the basket priced by the server's quote, then
//! cash or card like a ticket sale (`POST /api/v1/sales/concessions`, then the box-office
//! payment) and the receipt printed (`/kiosk/bookings/{id}/receipt`).

use super::basket::{self, MenuCard, PointsRule};
use super::{MaybeStaff, Stop};
use crate::web::{render, Layout, Pages};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "kiosk_concessions.html")]
struct CounterPage {
    layout: Layout,
    /// The till's cinema: the sale's.
    cinema_id: String,
    /// "MovieHub Vincom Đồng Khởi".
    cinema_name: String,
    menu: Vec<MenuCard>,
    points: PointsRule,
    /// No seats on this screen.
    seated: bool,
}

/// `GET /kiosk/concessions`: needs an open till (else back to `/kiosk` to open one).
pub async fn page(State(s): State<Pages>, staff: MaybeStaff) -> Result<Response, Stop> {
    let staff = staff.require_any(&["booking:sell"], "/kiosk/concessions")?;
    let Some(till) = s.tills.current(&staff.auth.id).await? else {
        return Ok(Redirect::to("/kiosk").into_response());
    };
    let cinema_name = s
        .cinemas
        .cinema(&till.cinema_id)
        .await
        .map(|c| c.name)
        .unwrap_or_default();
    let menu = basket::menu(&s).await?;
    let points = basket::points_rule(&s).await?;
    Ok(render(&CounterPage {
        layout: staff.layout("kiosk-title-concessions"),
        cinema_id: till.cinema_id,
        cinema_name,
        menu,
        points,
        seated: false,
    })?)
}
