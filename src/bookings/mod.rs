//! Bookings (bookings.db): from held seats to a PENDING booking, the sold-seat ledger that
//! makes a double sale impossible, the state machine, expiry and completion sweeps.

pub mod basket;
mod book;
mod ledger;
pub mod routes;
pub mod seat_gap;
pub mod service;
pub mod state;
pub mod store;
pub mod sweeper;

pub use basket::{Basket, SaleContext};
pub use book::BookRequest;
pub use ledger::Ledger;
pub use service::{may_see, BookingInputs, Bookings};
pub use state::BookingStatus;

use serde::{Deserialize, Serialize};

/// Where a booking was made.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Channel {
    /// The public site.
    Online,
    /// The kiosk.
    BoxOffice,
}

impl Channel {
    /// Code as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "ONLINE",
            Channel::BoxOffice => "BOX_OFFICE",
        }
    }

    /// Parse a stored code.
    pub fn parse(s: &str) -> Option<Channel> {
        match s {
            "ONLINE" => Some(Channel::Online),
            "BOX_OFFICE" => Some(Channel::BoxOffice),
            _ => None,
        }
    }
}

/// One seat of a booking, with the price copied in when it was booked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct BookingSeat {
    /// Seat id (cinemas.db).
    pub seat_id: String,
    /// "E7".
    pub seat_label: String,
    /// STANDARD, VIP, COUPLE, …
    pub seat_type: String,
    /// Integer VND.
    pub price: i64,
}

/// A booking as the API shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Booking {
    pub id: String,
    pub user_id: String,
    pub showtime_id: String,
    pub cinema_id: String,
    pub status: BookingStatus,
    pub channel: Channel,
    pub subtotal: i64,
    pub discount: i64,
    pub total: i64,
    pub movie_title: String,
    pub hall_name: String,
    pub starts_at: String,
    pub ends_at: String,
    pub created_at: String,
    pub expires_at: String,
    pub confirmed_at: Option<String>,
    pub closed_at: Option<String>,
    pub seats: Vec<BookingSeat>,
    /// Concessions sold with it (or alone, for a concessions-only sale).
    pub concessions: Vec<BookingConcession>,
    /// The promotion code applied.
    pub promo_code: Option<String>,
    /// Its promotion.
    pub promotion_id: Option<String>,
    /// Loyalty points paying part of it.
    pub points_redeemed: i64,
    /// The code's part of `discount` (VND; a free item's price included); the rest is points.
    pub promo_discount: i64,
    /// Who earns and redeems points on it.
    pub member_id: Option<String>,
}

/// A concession line of a booking, priced when it was booked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct BookingConcession {
    pub item_id: String,
    pub name: String,
    /// FOOD / DRINK / COMBO / MERCHANDISE.
    pub kind: String,
    pub qty: u32,
    /// VND each.
    pub unit_price: i64,
    /// Given by a FREE_ITEM code.
    pub free: bool,
}

impl Booking {
    /// A sale of concessions alone (no showtime, no seats).
    pub fn is_concessions_only(&self) -> bool {
        self.showtime_id.is_empty()
    }
}

impl Booking {
    /// The booking as its `booking.created` event carries it.
    pub fn facts(&self) -> crate::sales::BookingFacts {
        crate::sales::BookingFacts {
            id: self.id.clone(),
            user_id: self.user_id.clone(),
            showtime_id: self.showtime_id.clone(),
            cinema_id: self.cinema_id.clone(),
            channel: self.channel.as_str().to_string(),
            subtotal: self.subtotal,
            discount: self.discount,
            total: self.total,
            seats: self
                .seats
                .iter()
                .map(|s| crate::sales::SeatLine {
                    seat_id: s.seat_id.clone(),
                    label: s.seat_label.clone(),
                    seat_type: s.seat_type.clone(),
                    price: s.price,
                })
                .collect(),
            concessions: self
                .concessions
                .iter()
                .map(|c| crate::sales::ConcessionLine {
                    item_id: c.item_id.clone(),
                    name: c.name.clone(),
                    qty: c.qty,
                    unit_price: c.unit_price,
                    free: c.free,
                })
                .collect(),
            promo_code: self.promo_code.clone(),
            points_redeemed: self.points_redeemed,
            member_id: self.member_id.clone(),
            movie_title: self.movie_title.clone(),
            hall_name: self.hall_name.clone(),
            starts_at: self.starts_at.clone(),
            created_at: self.created_at.clone(),
        }
    }
}

/// What the booking needs to know about its showtime (a snapshot; later changes do not
/// touch the booking).
#[derive(Debug, Clone)]
pub struct ShowtimeSnapshot {
    pub id: String,
    pub cinema_id: String,
    pub movie_title: String,
    pub hall_name: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
}

/// A request to book seats the user holds, with each seat's price resolved for the showtime.
#[derive(Debug, Clone)]
pub struct NewBooking {
    pub user_id: String,
    pub channel: Channel,
    pub idempotency_key: String,
    pub showtime: ShowtimeSnapshot,
    pub seats: Vec<BookingSeat>,
}

/// Whether a seat is taken by a pending or a confirmed sale.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Taken {
    /// Booked, awaiting payment.
    Pending,
    /// Paid.
    Sold,
}

/// Seats freed by a sweep or a cancellation, to tell the showtime's viewers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freed {
    pub booking_id: String,
    pub showtime_id: String,
    pub seat_ids: Vec<String>,
}

/// What can go wrong with bookings.
#[derive(Debug, thiserror::Error)]
pub enum BookingsError {
    /// A field failed validation.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },
    /// No such booking (or not visible to the caller).
    #[error("booking {0} not found")]
    NotFound(String),
    /// The caller does not hold these seats.
    #[error("seat_ids: you do not hold seat(s) {0}; hold them on the seat map first")]
    NotHeld(String),
    /// The ledger refused: another active sale has one of the seats.
    #[error("seat_taken: seat(s) {0} already sold or pending in this showtime")]
    SeatAlreadySold(String),
    /// A move the state machine does not allow.
    #[error("booking is {from:?}; it cannot become {to:?}")]
    IllegalTransition {
        from: BookingStatus,
        to: BookingStatus,
    },
    /// The same idempotency key was used for a different request.
    #[error("idempotency_key: already used for another booking request")]
    IdempotencyMismatch,
    /// The showtime is cancelled or its sales have not opened.
    #[error("not_on_sale: this showtime is not on sale")]
    NotOnSale,
    /// The show has started (online), or started more than the box office's minutes ago.
    #[error("sales_closed: {}", if *box_office { "box-office sales for this showtime have closed" } else { "online sales close when the showtime starts; buy at the box office" })]
    SalesClosed {
        /// Whether the box office's later limit was the one passed.
        box_office: bool,
    },
    /// Booking these seats would leave one empty seat alone between taken seats.
    #[error("seat_gap: seat {0} would be left empty on its own between taken seats; choose it too, or seats next to each other")]
    SeatGap(String),
    /// The caller lacks the permission named.
    #[error("Missing permission `{0}`")]
    Forbidden(&'static str),
    /// The promotion code does not apply (why, in a customer's words).
    #[error("promo_code: {reason}")]
    Promotion {
        /// `expired`, `min_purchase`, … (see `promotions::Refusal::code`).
        code: &'static str,
        /// "expired on 30/11".
        reason: String,
    },
    /// Paying would take a use of a code that has none left (or none left for this customer).
    #[error("promo_used_up: code {0} has no uses left")]
    PromotionUsedUp(String),
    /// Concessions refused (out of stock, unknown item).
    #[error(transparent)]
    Concessions(#[from] crate::concessions::ConcessionsError),
    /// Promotion storage refused.
    #[error(transparent)]
    Promotions(#[from] crate::promotions::PromotionsError),
    /// The loyalty ledger refused.
    #[error(transparent)]
    Loyalty(#[from] crate::loyalty::LoyaltyError),
    /// The showtime (cinemas) refused.
    #[error(transparent)]
    Showtime(#[from] crate::cinemas::CinemasError),
    /// The seats cannot be priced.
    #[error(transparent)]
    Price(#[from] crate::pricing::PricingError),
    /// The film could not be read.
    #[error(transparent)]
    Catalog(#[from] crate::catalog::CatalogError),
    /// Storage failure.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<rusqlite::Error> for BookingsError {
    fn from(e: rusqlite::Error) -> Self {
        BookingsError::Db(e.into())
    }
}
