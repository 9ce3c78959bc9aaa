//! The site's physical world and its schedule (cinemas.db): cinemas, halls built from a layout
//! description, seats, ticket pricing with a holiday calendar, and showtimes.
//!
//! Other domains call [`Cinemas`]: `showtime_facts` (cached, for seat holds), `seat_map`
//! (the read model the holds/bookings domains overlay), `set_seats_taken` (bookings feed
//! SOLD_OUT and the available-seat count) and `upcoming_for_movie`.

pub mod batch;
pub mod cli;
pub mod demo;
pub mod geo;
pub mod layout;
pub mod pricing;
pub mod routes;
pub mod schedule;
pub mod seatmap;
pub mod service;
pub mod showtimes;
mod store;
mod types;

pub use seatmap::{
    SeatCondition, SeatFact, SeatMap, SeatMapRow, SeatMapSeat, SeatState, ShowtimeFacts,
};
pub use service::Cinemas;
pub use types::*;

/// What can go wrong in the cinemas domain.
#[derive(Debug, thiserror::Error)]
pub enum CinemasError {
    /// A field failed validation; the message starts with the field.
    #[error("{field}: {problem}")]
    Invalid {
        /// Field at fault (e.g. `layout.seat_types.VIP[1]`).
        field: String,
        /// What is allowed.
        problem: String,
    },
    /// No such cinema.
    #[error("cinema {0} not found")]
    CinemaNotFound(String),
    /// No such hall.
    #[error("hall {0} not found")]
    HallNotFound(String),
    /// No such seat.
    #[error("seat {0} not found")]
    SeatNotFound(String),
    /// No such showtime.
    #[error("showtime {0} not found")]
    ShowtimeNotFound(String),
    /// No such holiday.
    #[error("holiday on {0} not found")]
    HolidayNotFound(String),
    /// A hall lacks prices a showtime needs; every missing combination is named.
    #[error("pricing: {}", .0.join("; "))]
    MissingPrices(Vec<String>),
    /// Start times clash with showtimes in the hall (or with each other); every clash is named.
    #[error("start_times: {} clash(es): {}", .0.len(), .0.join("; "))]
    Overlap(Vec<String>),
    /// The request conflicts with the current state (name taken, already cancelled, in use).
    #[error("{0}")]
    Conflict(String),
    /// The catalog could not be asked about a movie.
    #[error(transparent)]
    Catalog(#[from] crate::catalog::CatalogError),
    /// Storage failure.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<rusqlite::Error> for CinemasError {
    fn from(e: rusqlite::Error) -> Self {
        CinemasError::Db(e.into())
    }
}

impl CinemasError {
    /// A validation error.
    pub fn invalid(field: impl Into<String>, problem: impl Into<String>) -> Self {
        CinemasError::Invalid {
            field: field.into(),
            problem: problem.into(),
        }
    }
}
