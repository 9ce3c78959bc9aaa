//! SQL of tickets and check-ins (bookings.db). Functions take a `Connection` so issuing joins
//! the confirming transaction and check-in is one atomic update.

use super::Ticket;
use super::TicketsError;
use rusqlite::{named_params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, code, booking_id, showtime_id, seat_id, seat_label, status, used_at, used_door, created_at";

fn ticket_from_row(r: &Row<'_>) -> rusqlite::Result<Ticket> {
    Ok(Ticket {
        id: r.get("id")?,
        code: r.get("code")?,
        booking_id: r.get("booking_id")?,
        showtime_id: r.get("showtime_id")?,
        seat_id: r.get("seat_id")?,
        seat_label: r.get("seat_label")?,
        status: r.get("status")?,
        used_at: r.get("used_at")?,
        used_door: r.get("used_door")?,
        created_at: r.get("created_at")?,
        qr_payload: String::new(),
    })
}

/// Store a new VALID ticket.
pub fn insert(conn: &Connection, t: &Ticket) -> Result<(), TicketsError> {
    conn.prepare_cached(&format!(
        "INSERT INTO tickets ({COLUMNS}) VALUES (:id, :code, :b, :st, :seat, :label, 'VALID', NULL, NULL, :now)"
    ))?
    .execute(named_params! {
        ":id": t.id, ":code": t.code, ":b": t.booking_id, ":st": t.showtime_id, ":seat": t.seat_id,
        ":label": t.seat_label, ":now": t.created_at,
    })?;
    Ok(())
}

/// Tickets of a booking, in seat order.
pub fn of_booking(conn: &Connection, booking_id: &str) -> Result<Vec<Ticket>, TicketsError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM tickets WHERE booking_id = :b ORDER BY rowid"
    ))?;
    let rows = stmt.query_map(named_params! {":b": booking_id}, ticket_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One ticket by code.
pub fn by_code(conn: &Connection, code: &str) -> Result<Option<Ticket>, TicketsError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM tickets WHERE code = :c"))?
        .query_row(named_params! {":c": code}, ticket_from_row)
        .optional()?)
}

/// VALID → USED, atomically; false if the ticket was not VALID.
pub fn mark_used(
    conn: &Connection,
    code: &str,
    now: &str,
    door: Option<&str>,
) -> Result<bool, TicketsError> {
    let n = conn
        .prepare_cached("UPDATE tickets SET status = 'USED', used_at = :now, used_door = :door WHERE code = :c AND status = 'VALID'")?
        .execute(named_params! {":c": code, ":now": now, ":door": door})?;
    Ok(n == 1)
}

/// Cancel every ticket of a booking.
pub fn cancel_for_booking(conn: &Connection, booking_id: &str) -> Result<(), TicketsError> {
    conn.prepare_cached(
        "UPDATE tickets SET status = 'CANCELLED' WHERE booking_id = :b AND status = 'VALID'",
    )?
    .execute(named_params! {":b": booking_id})?;
    Ok(())
}

/// The first answer given to a scan nonce, if any.
pub fn checkin_answer(conn: &Connection, nonce: &str) -> Result<Option<String>, TicketsError> {
    Ok(conn
        .prepare_cached("SELECT answer FROM checkins WHERE nonce = :n")?
        .query_row(named_params! {":n": nonce}, |r| r.get(0))
        .optional()?)
}

/// Remember the answer given to a scan nonce.
pub fn save_checkin(
    conn: &Connection,
    nonce: &str,
    code: Option<&str>,
    answer: &str,
    now: &str,
) -> Result<(), TicketsError> {
    conn.prepare_cached(
        "INSERT INTO checkins (nonce, ticket_code, answer, created_at) VALUES (:n, :c, :a, :now)",
    )?
    .execute(named_params! {":n": nonce, ":c": code, ":a": answer, ":now": now})?;
    Ok(())
}
