//! The one place committed sales are reacted to in-process: seat-map events for viewers,
//! the hold facts, and the taken-seat recount. The sales core calls [`Reactions`] after each
//! commit, once, in sequence order.

use super::taken::TakenCounts;
use crate::holds::Holds;
use crate::sales::{React, Recorded, SaleEvent};

/// What the running site does when a sale commits.
pub struct Reactions {
    holds: Holds,
    counts: TakenCounts,
}

impl Reactions {
    /// React through `holds` (viewers, hold facts) and `counts` (cinemas' available seats).
    pub fn new(holds: Holds, counts: TakenCounts) -> Reactions {
        Reactions { holds, counts }
    }
}

impl React for Reactions {
    fn committed(&self, events: &[Recorded]) {
        for r in events {
            match &r.event {
                SaleEvent::BookingCreated(b) => {
                    let seats: Vec<String> = b.seats.iter().map(|s| s.seat_id.clone()).collect();
                    // Facts first: once the holds turn into the booking, nobody may hold
                    // these seats again.
                    self.counts.seats_taken(&b.showtime_id, &seats);
                    self.holds
                        .convert_to_booking(&b.showtime_id, &b.user_id, &seats);
                }
                SaleEvent::BookingConfirmed {
                    showtime_id,
                    seat_ids,
                    reclaimed,
                    ..
                } => {
                    if *reclaimed {
                        // A late payment took an expired booking's seats back.
                        self.counts.seats_changed(showtime_id);
                    }
                    self.holds.publish_booked(showtime_id, seat_ids);
                }
                SaleEvent::BookingCancelled {
                    showtime_id,
                    seat_ids,
                    ..
                }
                | SaleEvent::BookingExpired {
                    showtime_id,
                    seat_ids,
                    ..
                } => {
                    self.holds.publish_freed(showtime_id, seat_ids);
                    self.counts.seats_changed(showtime_id);
                }
                SaleEvent::BookingCompleted { .. }
                | SaleEvent::PaymentSucceeded { .. }
                | SaleEvent::PaymentRefundRequired { .. }
                | SaleEvent::TicketCheckedIn { .. }
                | SaleEvent::TillOpened { .. }
                | SaleEvent::TillClosed { .. }
                | SaleEvent::StockMoved { .. }
                | SaleEvent::PromotionUsed { .. }
                | SaleEvent::PromotionReturned { .. }
                | SaleEvent::LoyaltyEntry { .. }
                | SaleEvent::RefundChanged { .. }
                | SaleEvent::TillMoved { .. }
                | SaleEvent::DayClosed { .. } => {}
            }
        }
    }
}
