//! Issuing tickets for a confirmed booking: one per seat, an unguessable code, and the
//! Ed25519-signed QR payload.

use super::TicketsError;
use super::{store, Ticket, TicketClaims, TicketCode, TicketSigner};
use crate::bookings::Booking;
use rusqlite::Connection;

/// Issue one ticket per seat of `booking` inside the caller's transaction.
pub fn issue_for_booking(
    tx: &Connection,
    booking: &Booking,
    signer: &TicketSigner,
    now: &str,
) -> Result<Vec<Ticket>, TicketsError> {
    let existing = store::of_booking(tx, &booking.id)?;
    if !existing.is_empty() {
        return Ok(existing
            .into_iter()
            .map(|t| with_payload(t, signer))
            .collect());
    }
    let mut out = Vec::with_capacity(booking.seats.len());
    for seat in &booking.seats {
        let t = Ticket {
            id: uuid::Uuid::now_v7().to_string(),
            code: TicketCode::generate().as_str().to_string(),
            booking_id: booking.id.clone(),
            showtime_id: booking.showtime_id.clone(),
            seat_id: seat.seat_id.clone(),
            seat_label: seat.seat_label.clone(),
            status: "VALID".into(),
            used_at: None,
            used_door: None,
            created_at: now.to_string(),
            qr_payload: String::new(),
        };
        store::insert(tx, &t)?;
        out.push(with_payload(t, signer));
    }
    Ok(out)
}

/// Fill in the signed QR text of a ticket (not stored: it is derived from the code and ids).
pub fn with_payload(mut t: Ticket, signer: &TicketSigner) -> Ticket {
    let claims = TicketCode::parse(&t.code).ok().and_then(|code| {
        Some(TicketClaims {
            code,
            showtime_id: uuid::Uuid::parse_str(&t.showtime_id).ok()?,
            seat_id: uuid::Uuid::parse_str(&t.seat_id).ok()?,
        })
    });
    t.qr_payload = claims.map(|c| signer.sign(&c)).unwrap_or_default();
    t
}
