//! What other domains read about a showtime: [`ShowtimeFacts`] (cached, for seat holds on
//! every click) and the [`SeatMap`] read model, which the holds and bookings domains overlay
//! with HELD / PENDING / SOLD, `mine` and their event sequence number.

use super::{DayType, Format, SeatStatus, SeatType, Showtime, ShowtimeStatus};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// Physical condition of a seat (holds refuse anything but `Active`).
pub type SeatCondition = SeatStatus;

/// One seat as the holds engine needs it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct SeatFact {
    /// Seat id.
    pub id: String,
    /// "E7".
    pub label: String,
    /// Row letter.
    pub row: String,
    /// Number in the row.
    pub number: u32,
    /// 0-based grid column counting aisle gaps.
    pub column: u32,
    /// Seat type.
    pub seat_type: SeatType,
    /// ACTIVE / BROKEN / MAINTENANCE.
    pub condition: SeatCondition,
    /// Other half of a couple seat: hold, sell and release the two together.
    pub couple_with: Option<String>,
    /// Price of this seat place for this showtime (VND).
    pub price: i64,
}

/// Everything fixed about a showtime and its hall's seats, cached per showtime and dropped
/// when a seat's condition, a price, the holiday calendar or the showtime changes.
#[derive(Debug, Clone)]
pub struct ShowtimeFacts {
    /// Showtime id.
    pub showtime_id: String,
    /// Movie id.
    pub movie_id: String,
    /// Cinema id.
    pub cinema_id: String,
    /// Hall id.
    pub hall_id: String,
    /// Hall name.
    pub hall_name: String,
    /// Start instant.
    pub start: DateTime<Utc>,
    /// End instant (runtime + cleaning gap).
    pub end: DateTime<Utc>,
    /// When sales open.
    pub sales_open_at: DateTime<Utc>,
    /// Cancelled by a manager.
    pub cancelled: bool,
    /// Price band.
    pub day_type: DayType,
    /// Projection format.
    pub format: Format,
    /// Seats sold or pending, as last reported by bookings.
    pub seats_taken: u32,
    /// Grid width including aisle gaps.
    pub grid_columns: u32,
    /// Seats in grid order (row by row, by number).
    pub seats: Vec<SeatFact>,
    index: HashMap<String, usize>,
}

impl ShowtimeFacts {
    /// Attach the seats and index them.
    pub(crate) fn new(mut base: ShowtimeFacts, seats: Vec<SeatFact>) -> ShowtimeFacts {
        base.index = seats
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        base.seats = seats;
        base
    }

    /// A skeleton without seats (filled by [`ShowtimeFacts::new`]).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn skeleton(
        showtime_id: String,
        movie_id: String,
        cinema_id: String,
        hall_id: String,
        hall_name: String,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        sales_open_at: DateTime<Utc>,
        cancelled: bool,
        day_type: DayType,
        format: Format,
        seats_taken: u32,
        grid_columns: u32,
    ) -> ShowtimeFacts {
        ShowtimeFacts {
            showtime_id,
            movie_id,
            cinema_id,
            hall_id,
            hall_name,
            start,
            end,
            sales_open_at,
            cancelled,
            day_type,
            format,
            seats_taken,
            grid_columns,
            seats: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// Can seats be held and sold at `now`? (Not cancelled, sales open, not yet ended.)
    /// A full house is not checked here: every seat is then taken anyway.
    pub fn on_sale(&self, now: DateTime<Utc>) -> bool {
        !self.cancelled && self.sales_open_at <= now && now < self.end
    }

    /// One seat by id.
    pub fn seat(&self, seat_id: &str) -> Option<&SeatFact> {
        self.index.get(seat_id).and_then(|i| self.seats.get(*i))
    }

    /// Seats that can be sold (condition ACTIVE).
    pub fn sellable_seats(&self) -> u32 {
        self.seats
            .iter()
            .filter(|s| s.condition == SeatStatus::Active)
            .count() as u32
    }

    /// Sellable seats not yet taken.
    pub fn available_seats(&self) -> u32 {
        self.sellable_seats().saturating_sub(self.seats_taken)
    }
}

/// A seat's state in a showtime's seat map.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SeatState {
    /// Free to hold.
    Available,
    /// Out of order.
    Broken,
    /// Out for maintenance.
    Maintenance,
    /// Held by someone (see `mine`).
    Held,
    /// In a booking awaiting payment.
    Pending,
    /// Sold.
    Sold,
}

/// One seat of the seat map.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SeatMapSeat {
    pub id: String,
    pub label: String,
    pub row: String,
    pub number: u32,
    /// 0-based grid column counting aisle gaps.
    pub column: u32,
    pub seat_type: SeatType,
    /// VND for this showtime.
    pub price: i64,
    pub status: SeatState,
    /// Held (or pending) by the caller.
    pub mine: bool,
    pub couple_with: Option<String>,
}

/// One row of the seat map.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SeatMapRow {
    /// Row letter.
    pub row: String,
    /// Seats by number.
    pub seats: Vec<SeatMapSeat>,
}

/// Seat counts by state.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct SeatCounts {
    pub total: u32,
    pub available: u32,
    pub broken: u32,
    pub maintenance: u32,
    pub held: u32,
    pub pending: u32,
    pub sold: u32,
}

/// `GET /api/v1/showtimes/{id}/seats`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SeatMap {
    /// The showtime (movie title, hall, times, status, prices).
    pub showtime: Showtime,
    /// Per-showtime event sequence number this map is current as of (0 = no events).
    pub seq: u64,
    /// Grid width including aisle gaps.
    pub grid_columns: u32,
    /// Rows front to back.
    pub rows: Vec<SeatMapRow>,
    /// Counts by state.
    pub counts: SeatCounts,
}

impl SeatMap {
    /// The map of a showtime from its facts: conditions only (holds and sales are overlaid by
    /// their domains with [`SeatMap::set_state`]).
    pub fn from_facts(facts: &ShowtimeFacts, showtime: Showtime) -> SeatMap {
        let mut rows: Vec<SeatMapRow> = Vec::new();
        for s in &facts.seats {
            let seat = SeatMapSeat {
                id: s.id.clone(),
                label: s.label.clone(),
                row: s.row.clone(),
                number: s.number,
                column: s.column,
                seat_type: s.seat_type,
                price: s.price,
                status: match s.condition {
                    SeatStatus::Active => SeatState::Available,
                    SeatStatus::Broken => SeatState::Broken,
                    SeatStatus::Maintenance => SeatState::Maintenance,
                },
                mine: false,
                couple_with: s.couple_with.clone(),
            };
            match rows.last_mut() {
                Some(r) if r.row == s.row => r.seats.push(seat),
                _ => rows.push(SeatMapRow {
                    row: s.row.clone(),
                    seats: vec![seat],
                }),
            }
        }
        let mut map = SeatMap {
            showtime,
            seq: 0,
            grid_columns: facts.grid_columns,
            rows,
            counts: SeatCounts::default(),
        };
        map.recount();
        map
    }

    /// Overlay one seat's state (holds, bookings). Returns false for an unknown seat.
    pub fn set_state(&mut self, seat_id: &str, state: SeatState, mine: bool) -> bool {
        for seat in self.rows.iter_mut().flat_map(|r| r.seats.iter_mut()) {
            if seat.id == seat_id {
                seat.status = state;
                seat.mine = mine;
                return true;
            }
        }
        false
    }

    /// Recompute `counts` after overlays.
    pub fn recount(&mut self) {
        let mut c = SeatCounts::default();
        for s in self.rows.iter().flat_map(|r| r.seats.iter()) {
            c.total += 1;
            match s.status {
                SeatState::Available => c.available += 1,
                SeatState::Broken => c.broken += 1,
                SeatState::Maintenance => c.maintenance += 1,
                SeatState::Held => c.held += 1,
                SeatState::Pending => c.pending += 1,
                SeatState::Sold => c.sold += 1,
            }
        }
        self.counts = c;
    }

    /// Status of the showtime in this map.
    pub fn status(&self) -> ShowtimeStatus {
        self.showtime.status
    }
}
