//! The cashier's day and the manager's approvals at the kiosk: the business day of the
//! kiosk's cinema with its open tills and the day close (`day_close.rs`), a closed day's
//! printable Z-report (`day_zreport.rs`), the cash movements of the cashier's open till
//! (`day_moves.rs`) and the refunds waiting for a manager (`day_approvals.rs`).

#[path = "day_approvals.rs"]
mod approvals;
#[path = "day_close.rs"]
mod close_day;
#[path = "day_moves.rs"]
mod moves;
#[path = "day_zreport.rs"]
mod zreport;

use super::Stop;
use crate::tills::Tills;
use crate::users::Users;
use crate::web::{tr, vnd, PageError, Pages};
use axum::extract::FromRef;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;

/// Routes of these pages.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Pages: FromRef<S>,
    Users: FromRef<S>,
{
    // Bound first so each route call stays on one line (the HTML check reads them so).
    let movements = get(moves::page).post(moves::record);
    let refund_late = post(approvals::refund_payment);
    Router::new()
        .route("/kiosk/day", get(close_day::page))
        .route("/kiosk/day/close", post(close_day::close))
        .route("/kiosk/days/{id}", get(zreport::page))
        .route("/kiosk/till/movements", movements)
        .route("/kiosk/refunds", get(approvals::page))
        .route("/kiosk/refunds/{id}/approve", post(approvals::approve))
        .route("/kiosk/refunds/{id}/reject", post(approvals::reject))
        .route("/kiosk/refunds/{id}/retry", post(approvals::retry))
        .route("/kiosk/payments/{id}/refund", refund_late)
}

/// Refuse a form another site made the browser post (the session cookie would sign it).
fn from_this_site(headers: &HeaderMap) -> Result<(), Stop> {
    if crate::web::auth::same_origin(headers) {
        Ok(())
    } else {
        Err(PageError::new(StatusCode::FORBIDDEN, tr("err-cross-site")).into())
    }
}

/// A variance as the cash-ups show it: `+10.000 ₫` over, `-5.000 ₫` short, and its kind
/// (`ok`, `short`, `over`) for the colour.
fn variance(v: i64) -> (String, &'static str) {
    match v {
        0 => (vnd(0), "ok"),
        v if v < 0 => (vnd(v), "short"),
        v => (format!("+{}", vnd(v)), "over"),
    }
}

/// People's names by user id, each looked up once (an unknown id shows as itself).
struct Names {
    users: Users,
    seen: HashMap<String, String>,
}

impl Names {
    fn new(users: &Users) -> Names {
        Names {
            users: users.clone(),
            seen: HashMap::new(),
        }
    }

    async fn of(&mut self, id: &str) -> String {
        if let Some(name) = self.seen.get(id) {
            return name.clone();
        }
        let name = self
            .users
            .get(id)
            .await
            .map(|u| u.full_name)
            .unwrap_or_else(|_| id.to_string());
        self.seen.insert(id.to_string(), name.clone());
        name
    }
}

/// Cinemas' time zones by cinema id, each looked up once; a cinema that cannot be read (or a
/// record without one) falls back to the site's zone.
pub struct Zones {
    tills: Tills,
    site: String,
    seen: HashMap<String, String>,
}

impl Zones {
    /// Zones read through the tills service, falling back to `site`.
    pub fn new(tills: &Tills, site: &str) -> Zones {
        Zones {
            tills: tills.clone(),
            site: site.to_string(),
            seen: HashMap::new(),
        }
    }

    /// The IANA name of the cinema's zone.
    pub async fn of(&mut self, cinema_id: &str) -> String {
        if let Some(tz) = self.seen.get(cinema_id) {
            return tz.clone();
        }
        let tz = match cinema_id {
            "" => self.site.clone(),
            id => self
                .tills
                .timezone_of(id)
                .await
                .map(|tz| tz.name().to_string())
                .unwrap_or_else(|_| self.site.clone()),
        };
        self.seen.insert(cinema_id.to_string(), tz.clone());
        tz
    }
}

#[cfg(test)]
mod tests {
    use super::variance;

    #[test]
    fn a_variance_says_over_with_a_plus_and_short_with_a_minus() {
        assert_eq!(variance(0), ("0 ₫".to_string(), "ok"));
        assert_eq!(variance(-5_000), ("-5.000 ₫".to_string(), "short"));
        assert_eq!(variance(10_000), ("+10.000 ₫".to_string(), "over"));
    }
}
