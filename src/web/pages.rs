//! [`Pages`]: the services the HTML pages read, as one substate of the application.

use crate::bookings::Bookings;
use crate::catalog::Catalog;
use crate::cinemas::Cinemas;
use crate::clock::Clock;
use crate::config::Settings;
use crate::holds::Holds;
use crate::payments::Payments;
use crate::tills::Tills;
use crate::users::Users;
use std::sync::Arc;

/// What pages read: settings and clock, and the services behind what they show.
#[derive(Clone)]
pub struct Pages {
    /// Effective settings.
    pub settings: Arc<Settings>,
    /// The clock.
    pub clock: Clock,
    /// Accounts and sessions.
    pub users: Users,
    /// Films.
    pub catalog: Catalog,
    /// Cinemas, halls, showtimes.
    pub cinemas: Cinemas,
    /// Bookings.
    pub bookings: Bookings,
    /// Payments and a booking's detail.
    pub payments: Payments,
    /// Tills.
    pub tills: Tills,
    /// Seat holds.
    pub holds: Holds,
    /// The menu and its stock.
    pub concessions: crate::concessions::Concessions,
    /// The points ledger.
    pub loyalty: crate::loyalty::Loyalty,
    /// Refunds and their approval.
    pub refunds: crate::refunds::Refunds,
    /// Figures over this site's ledger.
    pub reports: crate::reports::Reports,
    /// Head office (on `server.role = "central"`).
    pub central: crate::sync::Central,
    /// Promotion codes.
    pub promotions: crate::promotions::Promotions,
    /// Tell the holds and the available counts that a showtime's seats changed condition.
    pub seats_changed: SeatsChanged,
}

/// What pages call when a seat goes out of service or back (the application wires it to the
/// hold facts and the taken-seat recount).
pub type SeatsChanged = Arc<dyn Fn(&str) + Send + Sync>;
