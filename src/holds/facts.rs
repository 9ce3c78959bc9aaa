//! The seam between holds and the domains that own showtimes and sales: holds ask a
//! [`FactsSource`] what they need to know about one showtime and never run SQL themselves.

use super::HoldsError;
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// What the hold rules need to know about one showtime; provided by cinemas (+ bookings for
/// sold/pending seats).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowtimeFacts {
    /// The showtime.
    pub showtime_id: String,
    /// Not cancelled: the showtime can sell within its [`SalesWindow`].
    pub on_sale: bool,
    /// When it sells, online and at the box office.
    pub window: SalesWindow,
    /// Every seat of the hall, by seat id.
    pub seats: HashMap<String, SeatFact>,
}

/// When a showtime sells, in Unix milliseconds: online from `opens_ms` until `online_until_ms`
/// (the show's start), at the box office until `box_office_until_ms` (a setting's minutes
/// after the start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SalesWindow {
    /// Sales open.
    pub opens_ms: i64,
    /// Online sales close (the start).
    pub online_until_ms: i64,
    /// Box-office sales close.
    pub box_office_until_ms: i64,
}

impl SalesWindow {
    /// Always open (tests and sources without a schedule).
    pub const ALWAYS: SalesWindow = SalesWindow {
        opens_ms: i64::MIN,
        online_until_ms: i64::MAX,
        box_office_until_ms: i64::MAX,
    };

    /// May a seat be taken at `now_ms` by this channel?
    pub fn check(&self, now_ms: i64, box_office: bool) -> Result<(), HoldsError> {
        if now_ms < self.opens_ms {
            return Err(HoldsError::NotOnSale);
        }
        let until = if box_office {
            self.box_office_until_ms
        } else {
            self.online_until_ms
        };
        if now_ms >= until {
            return Err(HoldsError::SalesClosed { box_office });
        }
        Ok(())
    }
}

/// One seat of the hall as the hold rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatFact {
    /// Display label, e.g. "E7".
    pub label: String,
    /// Whether the seat can be used at all.
    pub state: SeatCondition,
    /// The other seat id of a COUPLE pair.
    pub couple_with: Option<String>,
    /// Pending or sold in bookings.
    pub taken: bool,
}

impl SeatFact {
    /// Could this seat be sold if nobody held it?
    pub fn sellable(&self) -> bool {
        self.state == SeatCondition::Active && !self.taken
    }
}

/// Physical condition of a seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatCondition {
    /// In service.
    Active,
    /// Out of order.
    Broken,
    /// Temporarily out of service.
    Maintenance,
}

/// Where the hold rules get showtime facts from.
pub trait FactsSource: Send + Sync + 'static {
    /// Facts of one showtime, `None` when it does not exist. Called on every hold, so a real
    /// source should answer from a cache.
    fn facts<'a>(
        &'a self,
        showtime_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<Arc<ShowtimeFacts>>, HoldsError>>;

    /// Forget anything cached about a showtime (a booking changed which seats are taken).
    fn invalidate(&self, _showtime_id: &str) {}

    /// These seats became taken (`true`: booked) or free again (`false`). A cached source
    /// patches its copy instead of re-reading the whole showtime; by default it forgets it.
    fn set_taken(&self, showtime_id: &str, _seat_ids: &[String], _taken: bool) {
        self.invalidate(showtime_id);
    }
}

/// A source that knows no showtimes: the honest answer while no cinemas domain is wired in.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoShowtimes;

impl FactsSource for NoShowtimes {
    fn facts<'a>(
        &'a self,
        _showtime_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<Arc<ShowtimeFacts>>, HoldsError>> {
        Box::pin(async { Ok(None) })
    }
}

/// Showtime facts kept in memory and replaced whole (tests, simulations).
#[derive(Debug, Default)]
pub struct MemoryFacts {
    showtimes: RwLock<HashMap<String, Arc<ShowtimeFacts>>>,
}

impl MemoryFacts {
    /// An empty source.
    pub fn new() -> MemoryFacts {
        MemoryFacts::default()
    }

    /// Add or replace one showtime's facts.
    pub fn put(&self, facts: ShowtimeFacts) {
        let mut map = self.showtimes.write().unwrap_or_else(|p| p.into_inner());
        map.insert(facts.showtime_id.clone(), Arc::new(facts));
    }

    /// Change one showtime's facts in place (no-op for an unknown showtime).
    pub fn update(&self, showtime_id: &str, change: impl FnOnce(&mut ShowtimeFacts)) {
        let mut map = self.showtimes.write().unwrap_or_else(|p| p.into_inner());
        if let Some(current) = map.get_mut(showtime_id) {
            change(Arc::make_mut(current));
        }
    }
}

impl FactsSource for MemoryFacts {
    fn facts<'a>(
        &'a self,
        showtime_id: &'a str,
    ) -> BoxFuture<'a, Result<Option<Arc<ShowtimeFacts>>, HoldsError>> {
        let found = self
            .showtimes
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(showtime_id)
            .cloned();
        Box::pin(async move { Ok(found) })
    }
}
