//! Settling a paid booking in ONE transaction: the payment becomes SUCCESS, the booking
//! CONFIRMED (a late payment re-claims its seats if they are all still free), one ticket per
//! seat is issued and head office is told through the outbox. If a late payment finds a
//! seat resold, the payment is kept as REFUND_REQUIRED — money is never silently kept or lost.

use super::{store, Payment, PaymentsError};
use crate::bookings::{store as bookings_store, Booking, BookingsError};
use crate::concessions::ConcessionsError;
use crate::loyalty::LoyaltyError;
use crate::sales::{SaleEvent, Tx};
use crate::tickets::{issue, Ticket, TicketSigner};
use rusqlite::Connection;

/// What settling did.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Settled {
    /// Booking confirmed, tickets issued.
    Confirmed {
        booking: Booking,
        payment: Payment,
        tickets: Vec<Ticket>,
    },
    /// The money arrived but the seats are gone: a manager must refund it.
    RefundRequired { booking: Booking, payment: Payment },
}

/// Settle `payment` (already stored, or new when `insert` is true) against its booking,
/// inside the caller's sale.
pub fn settle(
    tx: &mut Tx<'_>,
    mut payment: Payment,
    insert: bool,
    signer: &TicketSigner,
    now: &str,
) -> Result<Settled, PaymentsError> {
    let booking_id = payment.booking_id.clone();
    // In a savepoint, so a failed re-claim leaves no half-change (and no event) behind before
    // the refund is recorded.
    match tx.attempt(|tx| crate::bookings::service::confirm_in(tx, &booking_id, now)) {
        Ok(booking) => {
            payment.status = "SUCCESS".into();
            payment.updated_at = now.to_string();
            write(tx, &payment, insert)?;
            let tickets = issue::issue_for_booking(tx, &booking, signer, now)?;
            tx.emit(
                SaleEvent::PaymentSucceeded {
                    payment: payment.facts(),
                    tickets: u32::try_from(tickets.len()).unwrap_or(u32::MAX),
                },
                now,
            )?;
            Ok(Settled::Confirmed {
                booking,
                payment,
                tickets,
            })
        }
        // Online money that arrived when its code had no use left, or (late, for an expired
        // booking) when what the booking had given back was gone: kept for a refund. At the
        // counter (`insert`) nothing was taken yet, so the sale is refused instead.
        Err(
            e @ (BookingsError::SeatAlreadySold(_)
            | BookingsError::PromotionUsedUp(_)
            | BookingsError::Concessions(ConcessionsError::OutOfStock { .. })
            | BookingsError::Loyalty(LoyaltyError::Invalid {
                field: "points", ..
            })),
        ) if !insert || matches!(e, BookingsError::SeatAlreadySold(_)) => {
            payment.status = "REFUND_REQUIRED".into();
            payment.note = Some(match e {
                BookingsError::PromotionUsedUp(code) => {
                    format!("paid after promotion code {code} had no uses left")
                }
                BookingsError::Concessions(ConcessionsError::OutOfStock { name, .. }) => {
                    format!("paid after the booking expired and {name} sold out")
                }
                BookingsError::Loyalty(LoyaltyError::Invalid { problem, .. }) => {
                    format!("paid after the booking expired: {problem}")
                }
                _ => "paid after the booking expired and a seat was resold".into(),
            });
            payment.updated_at = now.to_string();
            write(tx, &payment, insert)?;
            tx.emit(
                SaleEvent::PaymentRefundRequired {
                    payment: payment.facts(),
                },
                now,
            )?;
            let booking = bookings_store::booking_by_id(tx, &booking_id)?
                .ok_or(BookingsError::NotFound(booking_id))?;
            Ok(Settled::RefundRequired { booking, payment })
        }
        Err(e) => Err(e.into()),
    }
}

fn write(tx: &Connection, p: &Payment, insert: bool) -> Result<(), PaymentsError> {
    if insert {
        store::insert(tx, p)
    } else {
        store::update_result(tx, p)
    }
}
