//! [`Ledger`]: the read side of the sold-seat ledger (which seats of a showtime are pending or
//! sold). It holds only a database handle, so the seat map, the hold facts and the taken-seat
//! recount can read it without owning the sales core.

use super::store;
use super::{BookingsError, Taken};
use crate::db::Db;
use std::collections::HashMap;

/// Reads of the ledger in bookings.db.
#[derive(Clone)]
pub struct Ledger {
    db: Db,
}

impl Ledger {
    /// The ledger of bookings.db.
    pub fn new(db: Db) -> Ledger {
        Ledger { db }
    }

    /// Seats in active sales per showtime (showtimes with none are absent).
    pub async fn taken_counts(&self) -> Result<HashMap<String, u32>, BookingsError> {
        self.db.call(store::taken_counts).await
    }

    /// Seats of a showtime in active sales.
    pub async fn taken(&self, showtime_id: &str) -> Result<HashMap<String, Taken>, BookingsError> {
        let id = showtime_id.to_string();
        self.db
            .call(move |c| Ok(store::taken_in_showtime(c, &id)?.into_iter().collect()))
            .await
    }

    /// Active sales of these seats in showtimes starting after `after` (RFC 3339): who must
    /// be re-seated when a seat goes out of service.
    pub async fn sales_of_seats(
        &self,
        seat_ids: Vec<String>,
        after: String,
    ) -> Result<Vec<store::SeatSale>, BookingsError> {
        self.db
            .call(move |c| store::sales_of_seats(c, &seat_ids, &after))
            .await
    }
}
