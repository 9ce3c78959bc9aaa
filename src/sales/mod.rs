//! The sales core: [`Sales`], the one owner of bookings.db's write transactions, and the typed
//! sale events every part of a sale (bookings, payments, tickets, tills) appends in them. Each
//! event is written to the outbox with the transaction and, once it commits, handed to the
//! in-process reactors, in sequence order, from one place.
//!
//! Events are a wire contract with head office: each value of [`SaleEvent`] is written with
//! its kind, [`EVENT_VERSION`], the site id and the outbox's gap-free sequence number. This
//! module imports none of the parts, so every part may use it.

pub mod events;
pub mod store;
pub mod sync_store;
pub mod tx;

pub use events::{
    BookingFacts, ConcessionLine, PaymentFacts, RefundFacts, SaleEvent, SeatLine, EVENT_VERSION,
};
pub use store::OutboxRow;
pub use tx::{Committed, React, Recorded, Sales, Tx};
