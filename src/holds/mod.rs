//! Live seat holds: the hold book (moka), per-showtime event streams with a gap-free `seq`,
//! the rules (limit, couple seats, remote-sales cutoff), the `/ws` WebSocket and the HTTP
//! hold API.
//!
//! Holds never read a database: what they need about a showtime comes through the
//! [`FactsSource`] seam (cinemas for halls and seats, bookings for sold/pending seats).

mod book;
pub mod facts;
mod room;
pub mod routes;
mod rules;
pub mod service;
pub mod ticker;
pub mod ws;

pub use facts::{
    FactsSource, MemoryFacts, NoShowtimes, SalesWindow, SeatCondition, SeatFact, ShowtimeFacts,
};
pub use room::ServerMessage;
pub use service::{Actor, HeldSeats, Holds};

/// Why a hold or release was refused (or failed). Each variant has a stable [`code`](Self::code)
/// that WebSocket clients receive in `error {code, message}` and HTTP clients at the start of
/// the envelope's message.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum HoldsError {
    /// No such showtime.
    #[error("showtime {0} not found")]
    UnknownShowtime(String),
    /// No such seat in the showtime's hall.
    #[error("seat {0} is not a seat of this showtime's hall")]
    UnknownSeat(String),
    /// The showtime is not selling (scheduled, closed, cancelled, ...).
    #[error("this showtime is not on sale")]
    NotOnSale,
    /// The show has started: online sales closed at its start, the box office's a few
    /// minutes later.
    #[error("{}", if *box_office { "box-office sales for this showtime have closed" } else { "online sales close when the showtime starts; buy at the box office" })]
    SalesClosed {
        /// Whether the box office's later limit was the one passed.
        box_office: bool,
    },
    /// The seat is broken or under maintenance.
    #[error("seat {label} is out of order ({state})")]
    SeatOutOfOrder {
        /// Seat label, e.g. "E7".
        label: String,
        /// `broken` or `maintenance`.
        state: &'static str,
    },
    /// The seat is sold or in a pending booking.
    #[error("seat {0} is already sold")]
    SeatSold(String),
    /// Someone else holds the seat.
    #[error("seat {0} is held by another customer")]
    SeatTaken(String),
    /// The other seat of a couple pair cannot be held, so neither can this one.
    #[error("seat {seat} is a couple seat and its partner {partner} is not available")]
    CouplePartnerUnavailable {
        /// The seat asked for.
        seat: String,
        /// Its partner.
        partner: String,
    },
    /// The user already holds the most seats allowed in this showtime.
    #[error("at most {limit} seats may be held per showtime")]
    LimitReached {
        /// Seats allowed per user per showtime.
        limit: u32,
    },
    /// The last seats of the showtime are kept for the box office.
    #[error("the last {cutoff} seats of this showtime are sold at the box office only")]
    BoxOfficeOnly {
        /// Seats kept back.
        cutoff: u32,
    },
    /// Releasing a seat the user does not hold.
    #[error("seat {0} is not held by you")]
    NotHeld(String),
    /// An anonymous client tried to hold or release.
    #[error("sign in to hold seats")]
    AuthRequired,
    /// The account may not book.
    #[error("your account may not hold seats")]
    Forbidden,
    /// A WebSocket action for a showtime the socket has not joined.
    #[error("join showtime {0} before holding its seats")]
    NotJoined(String),
    /// A WebSocket message that is not one of the protocol's.
    #[error("{0}")]
    BadMessage(String),
    /// The facts source failed.
    #[error("seat data unavailable: {0}")]
    Facts(String),
}

impl HoldsError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        use HoldsError::*;
        match self {
            UnknownShowtime(_) => "unknown_showtime",
            UnknownSeat(_) => "unknown_seat",
            NotOnSale => "not_on_sale",
            SalesClosed { .. } => "sales_closed",
            SeatOutOfOrder { .. } => "seat_out_of_order",
            SeatSold(_) => "seat_sold",
            SeatTaken(_) => "seat_taken",
            CouplePartnerUnavailable { .. } => "couple_partner_unavailable",
            LimitReached { .. } => "limit_reached",
            BoxOfficeOnly { .. } => "box_office_only",
            NotHeld(_) => "not_held",
            AuthRequired => "auth_required",
            Forbidden => "forbidden",
            NotJoined(_) => "not_joined",
            BadMessage(_) => "bad_request",
            Facts(_) => "internal",
        }
    }
}
