//! Sales figures in one shape, whoever computes them: a site from its own ledger, head office
//! from what its sites pushed. Money is what was taken (successful payments, by the booking's
//! date in the cinema's time zone) and what went back (succeeded refunds); admissions are the
//! seats of bookings still valid (confirmed or completed).

use serde::{Deserialize, Serialize};

/// A date range, local dates inclusive, and the time zone offset that makes them local.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// YYYY-MM-DD.
    pub from: String,
    /// YYYY-MM-DD, inclusive.
    pub to: String,
    /// SQLite date modifier, e.g. "+420 minutes".
    pub offset: String,
}

impl Range {
    /// `from..=to` in the time zone `tz` (its offset today).
    pub fn new(from: chrono::NaiveDate, to: chrono::NaiveDate, tz: chrono_tz::Tz) -> Range {
        use chrono::{Offset, TimeZone};
        let secs = tz
            .offset_from_utc_datetime(&chrono::Utc::now().naive_utc())
            .fix()
            .local_minus_utc();
        Range {
            from: from.format("%Y-%m-%d").to_string(),
            to: to.format("%Y-%m-%d").to_string(),
            offset: format!("{:+} minutes", secs / 60),
        }
    }
}

/// The whole of a range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Totals {
    /// Paid bookings.
    pub bookings: i64,
    /// Seats of valid bookings.
    pub admissions: i64,
    /// VND taken.
    pub revenue: i64,
    /// VND refunded.
    pub refunds: i64,
    /// revenue − refunds.
    pub net: i64,
}

/// One line of a breakdown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = FiguresLine)]
pub struct Line {
    /// What the line is about: a site id, a date, a film title, a tender, a showtime id.
    pub key: String,
    /// How to show it (a site's name, a film's title with its show time…).
    pub label: String,
    /// Paid bookings.
    pub bookings: i64,
    /// Seats of valid bookings.
    pub admissions: i64,
    /// VND taken.
    pub revenue: i64,
    /// VND refunded.
    pub refunds: i64,
}

/// Figures of a range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Figures {
    /// First date.
    pub from: String,
    /// Last date.
    pub to: String,
    /// The range as a whole.
    pub totals: Totals,
    /// Per site.
    pub by_site: Vec<Line>,
    /// Per day (the booking's local date).
    pub by_day: Vec<Line>,
    /// Per film.
    pub by_film: Vec<Line>,
    /// Per hall (of each site).
    #[serde(default)]
    pub by_hall: Vec<Line>,
    /// Per channel (ONLINE, BOX_OFFICE).
    #[serde(default)]
    pub by_channel: Vec<Line>,
    /// Per tender (VNPAY, CASH, CARD): bookings, revenue and refunds paid back by that tender.
    pub by_tender: Vec<Line>,
    /// Per showtime.
    pub by_showtime: Vec<Line>,
    /// Head office: seats taken of each showtime (by the show's date) that has bookings.
    #[serde(default)]
    pub occupancy: Vec<Occupancy>,
}

/// How full a showtime is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Occupancy {
    /// site/showtime.
    pub key: String,
    /// The site's name.
    pub site: String,
    /// Film · start.
    pub label: String,
    /// Seats of valid bookings.
    pub admissions: i64,
    /// Seats in the hall.
    pub capacity: i64,
}

impl Figures {
    /// The totals, summed from the per-site lines.
    pub fn with_totals(mut self) -> Figures {
        let mut t = Totals::default();
        for l in &self.by_site {
            t.bookings += l.bookings;
            t.admissions += l.admissions;
            t.revenue += l.revenue;
            t.refunds += l.refunds;
        }
        t.net = t.revenue - t.refunds;
        self.totals = t;
        self
    }
}
