//! Door check-in: one write transaction per scan. A scanner's retry (same nonce) gets the
//! first answer back verbatim; a forged or altered QR is refused without a lookup; a ticket is
//! marked USED atomically so two doors scanning it at once admit it once.

use super::{store, TicketCode, TicketSigner, TicketsError};
use crate::bookings::{store as bookings_store, BookingStatus};
use crate::clock::stamp;
use crate::sales::{SaleEvent, Tx};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// What was scanned or typed.
#[derive(Debug, Clone)]
pub enum Presented {
    /// The QR text (`MH1.…`).
    Qr(String),
    /// A code typed by an usher (already normalised).
    Code(TicketCode),
}

/// One scan.
#[derive(Debug, Clone)]
pub struct Scan {
    pub presented: Presented,
    /// The scanner's id for this scan: a retry sends the same nonce.
    pub nonce: String,
    pub door: Option<String>,
    /// The showtime this door admits to, when the scanner knows it.
    pub showtime_id: Option<String>,
}

/// The door's answer (200 in every case; `result` says which).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Answer {
    /// Admit.
    Ok {
        code: String,
        seat: String,
        movie: String,
        hall: String,
        showtime_id: String,
        starts_at: String,
    },
    /// Already admitted: when and at which door.
    AlreadyUsed {
        code: String,
        seat: String,
        used_at: Option<String>,
        door: Option<String>,
    },
    /// A ticket for another showtime than the door admits, or for a show that is over.
    WrongShowtime {
        code: String,
        seat: String,
        movie: String,
        hall: String,
        showtime_id: String,
        starts_at: String,
    },
    /// Doors for this showtime are not open yet.
    TooEarly {
        code: String,
        opens_at: String,
        starts_at: String,
    },
    /// The booking was cancelled or expired, or the ticket cancelled.
    Cancelled { code: String },
    /// Not signed by this site (forged, altered or not a ticket).
    InvalidSignature { reason: String },
    /// A well-formed code that no ticket has (manual entry).
    NotFound { code: String },
}

/// Check a ticket in. `opens_before` is how long before the start the doors open. Returns the
/// answer as JSON (a stored first answer is returned verbatim).
pub fn check_in(
    tx: &mut Tx<'_>,
    scan: &Scan,
    signer: &TicketSigner,
    opens_before: Duration,
    now: DateTime<Utc>,
) -> Result<serde_json::Value, TicketsError> {
    if let Some(first) = store::checkin_answer(tx, &scan.nonce)? {
        if let Ok(v) = serde_json::from_str(&first) {
            return Ok(v);
        }
    }
    let code = match &scan.presented {
        Presented::Code(c) => Ok(c.clone()),
        Presented::Qr(text) => signer.verify(text).map(|claims| claims.code),
    };
    let answer = match code {
        Err(e) => Answer::InvalidSignature {
            reason: e.to_string(),
        },
        Ok(code) => decide(tx, code.as_str(), scan, opens_before, now)?,
    };
    let value = serde_json::to_value(&answer)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let code = match &answer {
        Answer::InvalidSignature { .. } => None,
        Answer::Ok { code, .. }
        | Answer::AlreadyUsed { code, .. }
        | Answer::WrongShowtime { code, .. }
        | Answer::TooEarly { code, .. }
        | Answer::Cancelled { code }
        | Answer::NotFound { code } => Some(code.as_str()),
    };
    store::save_checkin(tx, &scan.nonce, code, &value.to_string(), &stamp(now))?;
    Ok(value)
}

fn decide(
    tx: &mut Tx<'_>,
    code: &str,
    scan: &Scan,
    opens_before: Duration,
    now: DateTime<Utc>,
) -> Result<Answer, TicketsError> {
    let not_found = || Answer::NotFound { code: code.into() };
    let Some(t) = store::by_code(tx, code)? else {
        return Ok(not_found());
    };
    let Some(b) = bookings_store::booking_by_id(tx, &t.booking_id)? else {
        return Ok(not_found());
    };
    if t.status == "CANCELLED"
        || matches!(b.status, BookingStatus::Cancelled | BookingStatus::Expired)
    {
        return Ok(Answer::Cancelled { code: t.code });
    }
    // Used before: say when and where, whichever door or hour it is shown at now.
    if t.used_at.is_some() {
        return Ok(Answer::AlreadyUsed {
            code: t.code,
            seat: t.seat_label,
            used_at: t.used_at,
            door: t.used_door,
        });
    }
    // A ticket for another showtime than the door admits, or for a show that is over.
    let other_show = scan
        .showtime_id
        .as_deref()
        .is_some_and(|wanted| wanted != t.showtime_id);
    if other_show || now >= parse_time(&b.ends_at)? {
        return Ok(Answer::WrongShowtime {
            code: t.code,
            seat: t.seat_label,
            movie: b.movie_title,
            hall: b.hall_name,
            showtime_id: t.showtime_id,
            starts_at: b.starts_at,
        });
    }
    let opens = parse_time(&b.starts_at)? - opens_before;
    if now < opens {
        return Ok(Answer::TooEarly {
            code: t.code,
            opens_at: stamp(opens),
            starts_at: b.starts_at,
        });
    }
    if store::mark_used(tx, &t.code, &stamp(now), scan.door.as_deref())? {
        tx.emit(
            SaleEvent::TicketCheckedIn {
                code: t.code.clone(),
                showtime_id: t.showtime_id.clone(),
                door: scan.door.clone(),
                used_at: stamp(now),
            },
            &stamp(now),
        )?;
        return Ok(Answer::Ok {
            code: t.code,
            seat: t.seat_label,
            movie: b.movie_title,
            hall: b.hall_name,
            showtime_id: t.showtime_id,
            starts_at: b.starts_at,
        });
    }
    let used = store::by_code(tx, code)?.unwrap_or(t);
    Ok(Answer::AlreadyUsed {
        code: used.code,
        seat: used.seat_label,
        used_at: used.used_at,
        door: used.used_door,
    })
}

/// A stored RFC 3339 instant.
fn parse_time(text: &str) -> Result<DateTime<Utc>, TicketsError> {
    Ok(DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?)
}
