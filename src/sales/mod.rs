//! The sales core's shared vocabulary: the typed sale events every part of a sale (bookings,
//! payments, tickets, tills) appends to the outbox of bookings.db inside its transaction.
//!
//! Events are a wire contract with head office: each value of [`SaleEvent`] is written with
//! its kind, [`EVENT_VERSION`], the site id and the outbox's gap-free sequence number. This
//! module imports none of the parts, so every part may use it.

pub mod events;
pub mod store;

pub use events::{BookingFacts, PaymentFacts, SaleEvent, SeatLine, EVENT_VERSION};
pub use store::{append, OutboxRow};
