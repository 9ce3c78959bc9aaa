//! SQL of bookings (bookings.db). Functions take a `Connection` (a transaction derefs to
//! one) so that payments and tickets can join the same transaction.

use super::{
    Booking, BookingConcession, BookingSeat, BookingStatus, BookingsError, Channel, Taken,
};
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use std::collections::HashMap;

const COLUMNS: &str = "id, user_id, showtime_id, cinema_id, status, channel, subtotal, discount,
    total, movie_title, hall_name, starts_at, ends_at, created_at, expires_at, confirmed_at, closed_at,
    promo_code, promotion_id, points_redeemed, promo_discount, member_id";

fn booking_from_row(row: &Row<'_>) -> rusqlite::Result<Booking> {
    let bad = |i: usize| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, "bad code".into())
    };
    let status: String = row.get("status")?;
    let channel: String = row.get("channel")?;
    Ok(Booking {
        id: row.get("id")?,
        user_id: row.get("user_id")?,
        showtime_id: row.get("showtime_id")?,
        cinema_id: row.get("cinema_id")?,
        status: BookingStatus::parse(&status).ok_or_else(|| bad(4))?,
        channel: Channel::parse(&channel).ok_or_else(|| bad(5))?,
        subtotal: row.get("subtotal")?,
        discount: row.get("discount")?,
        total: row.get("total")?,
        movie_title: row.get("movie_title")?,
        hall_name: row.get("hall_name")?,
        starts_at: row.get("starts_at")?,
        ends_at: row.get("ends_at")?,
        created_at: row.get("created_at")?,
        expires_at: row.get("expires_at")?,
        confirmed_at: row.get("confirmed_at")?,
        closed_at: row.get("closed_at")?,
        seats: Vec::new(),
        concessions: Vec::new(),
        promo_code: row.get("promo_code")?,
        promotion_id: row.get("promotion_id")?,
        points_redeemed: row.get("points_redeemed")?,
        promo_discount: row.get("promo_discount")?,
        member_id: row.get("member_id")?,
    })
}

/// Insert the booking row (seats separately, in the same transaction).
pub fn insert_booking(
    conn: &Connection,
    b: &Booking,
    idempotency_key: &str,
) -> Result<(), BookingsError> {
    conn.prepare_cached(&format!(
        "INSERT INTO bookings ({COLUMNS}, idempotency_key) VALUES (:id, :user, :showtime, :cinema,
         :status, :channel, :subtotal, :discount, :total, :movie, :hall, :starts, :ends, :created,
         :expires, :confirmed, :closed, :promo, :promo_id, :points, :promo_discount, :member, :key)"
    ))?
    .execute(named_params! {
        ":id": b.id, ":user": b.user_id, ":showtime": b.showtime_id, ":cinema": b.cinema_id,
        ":status": b.status.as_str(), ":channel": b.channel.as_str(), ":subtotal": b.subtotal,
        ":discount": b.discount, ":total": b.total, ":movie": b.movie_title, ":hall": b.hall_name,
        ":starts": b.starts_at, ":ends": b.ends_at, ":created": b.created_at, ":expires": b.expires_at,
        ":confirmed": b.confirmed_at, ":closed": b.closed_at, ":promo": b.promo_code,
        ":promo_id": b.promotion_id, ":points": b.points_redeemed, ":promo_discount": b.promo_discount,
        ":member": b.member_id,
        ":key": idempotency_key,
    })?;
    Ok(())
}

/// Add a concession line to a booking.
pub fn insert_concession(
    conn: &Connection,
    booking_id: &str,
    c: &BookingConcession,
) -> Result<(), BookingsError> {
    conn.prepare_cached(
        "INSERT INTO booking_concessions (booking_id, item_id, name, kind, qty, unit_price, free)
         VALUES (:b, :i, :n, :k, :q, :p, :f)",
    )?
    .execute(named_params! {
        ":b": booking_id, ":i": c.item_id, ":n": c.name, ":k": c.kind, ":q": c.qty,
        ":p": c.unit_price, ":f": c.free,
    })?;
    Ok(())
}

/// Concession lines of a booking, paid ones first.
pub fn concessions_of(
    conn: &Connection,
    booking_id: &str,
) -> Result<Vec<BookingConcession>, BookingsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, name, kind, qty, unit_price, free FROM booking_concessions
          WHERE booking_id = :b ORDER BY free, rowid",
    )?;
    let rows = stmt.query_map(named_params! {":b": booking_id}, |r| {
        Ok(BookingConcession {
            item_id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            qty: r.get(3)?,
            unit_price: r.get(4)?,
            free: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation)
}

/// Add a seat to the ledger. Another active sale of the seat → [`BookingsError::SeatAlreadySold`].
pub fn insert_seat(
    conn: &Connection,
    booking_id: &str,
    showtime_id: &str,
    s: &BookingSeat,
) -> Result<(), BookingsError> {
    let res = conn
        .prepare_cached(
            "INSERT INTO booking_seats (booking_id, showtime_id, seat_id, seat_label, seat_type, price, active)
             VALUES (:b, :st, :seat, :label, :type, :price, 1)",
        )?
        .execute(named_params! {
            ":b": booking_id, ":st": showtime_id, ":seat": s.seat_id, ":label": s.seat_label,
            ":type": s.seat_type, ":price": s.price,
        });
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => {
            Err(BookingsError::SeatAlreadySold(s.seat_label.clone()))
        }
        Err(e) => Err(e.into()),
    }
}

/// Seats of a booking, in label order.
pub fn seats_of(conn: &Connection, booking_id: &str) -> Result<Vec<BookingSeat>, BookingsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seat_id, seat_label, seat_type, price FROM booking_seats WHERE booking_id = :b ORDER BY rowid",
    )?;
    let rows = stmt.query_map(named_params! {":b": booking_id}, |r| {
        Ok(BookingSeat {
            seat_id: r.get(0)?,
            seat_label: r.get(1)?,
            seat_type: r.get(2)?,
            price: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One booking with its seats.
pub fn booking_by_id(conn: &Connection, id: &str) -> Result<Option<Booking>, BookingsError> {
    let found = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM bookings WHERE id = :id"))?
        .query_row(named_params! {":id": id}, booking_from_row)
        .optional()?;
    with_seats(conn, found)
}

/// The booking a ticket (by its canonical code) belongs to, with its seats.
pub fn booking_by_ticket_code(
    conn: &Connection,
    code: &str,
) -> Result<Option<Booking>, BookingsError> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM bookings WHERE id = (SELECT booking_id FROM tickets WHERE code = :c)"
        ))?
        .query_row(named_params! {":c": code}, booking_from_row)
        .optional()?;
    with_seats(conn, found)
}

/// The booking a user already made with this idempotency key.
pub fn by_idempotency_key(
    conn: &Connection,
    user_id: &str,
    key: &str,
) -> Result<Option<Booking>, BookingsError> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM bookings WHERE user_id = :u AND idempotency_key = :k"
        ))?
        .query_row(named_params! {":u": user_id, ":k": key}, booking_from_row)
        .optional()?;
    with_seats(conn, found)
}

fn with_seats(conn: &Connection, b: Option<Booking>) -> Result<Option<Booking>, BookingsError> {
    match b {
        Some(mut b) => {
            b.seats = seats_of(conn, &b.id)?;
            b.concessions = concessions_of(conn, &b.id)?;
            Ok(Some(b))
        }
        None => Ok(None),
    }
}

/// Filters of a booking list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub user_id: Option<String>,
    pub showtime_id: Option<String>,
    pub status: Option<BookingStatus>,
    pub limit: u32,
    pub offset: i64,
}

/// A page of bookings, newest first, with the total.
pub fn list(conn: &Connection, f: &ListFilter) -> Result<(Vec<Booking>, i64), BookingsError> {
    let where_sql = "WHERE (:user IS NULL OR user_id = :user)
        AND (:showtime IS NULL OR showtime_id = :showtime) AND (:status IS NULL OR status = :status)";
    let status = f.status.map(|s| s.as_str());
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM bookings {where_sql}"))?
        .query_row(
            named_params! {":user": f.user_id, ":showtime": f.showtime_id, ":status": status},
            |r| r.get(0),
        )?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM bookings {where_sql} ORDER BY id DESC LIMIT :limit OFFSET :offset"
    ))?;
    let rows = stmt
        .query_map(
            named_params! {":user": f.user_id, ":showtime": f.showtime_id, ":status": status,
            ":limit": f.limit, ":offset": f.offset},
            booking_from_row,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let mut items = Vec::with_capacity(rows.len());
    for mut b in rows {
        b.seats = seats_of(conn, &b.id)?;
        b.concessions = concessions_of(conn, &b.id)?;
        items.push(b);
    }
    Ok((items, total))
}

/// Move a booking from `from` to `to` (the caller checked the state machine); false if the
/// booking was no longer in `from`.
pub fn set_status(
    conn: &Connection,
    id: &str,
    from: BookingStatus,
    to: BookingStatus,
    now: &str,
) -> Result<bool, BookingsError> {
    let n = conn
        .prepare_cached(
            "UPDATE bookings SET status = :to,
                confirmed_at = CASE WHEN :to = 'CONFIRMED' THEN :now ELSE confirmed_at END,
                closed_at = CASE WHEN :to IN ('CANCELLED','EXPIRED','COMPLETED') THEN :now ELSE NULL END
              WHERE id = :id AND status = :from",
        )?
        .execute(named_params! {":id": id, ":from": from.as_str(), ":to": to.as_str(), ":now": now})?;
    Ok(n == 1)
}

/// Take a booking's seats out of (false) or back into (true) the ledger. Putting them back
/// fails with [`BookingsError::SeatAlreadySold`] when another sale took one meanwhile.
pub fn set_seats_active(
    conn: &Connection,
    booking_id: &str,
    active: bool,
) -> Result<(), BookingsError> {
    let res = conn
        .prepare_cached("UPDATE booking_seats SET active = :a WHERE booking_id = :b")?
        .execute(named_params! {":a": active, ":b": booking_id});
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => {
            Err(BookingsError::SeatAlreadySold("of this booking".into()))
        }
        Err(e) => Err(e.into()),
    }
}

/// PENDING bookings whose time ran out.
pub fn due_for_expiry(
    conn: &Connection,
    now: &str,
    limit: u32,
) -> Result<Vec<String>, BookingsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM bookings WHERE status = 'PENDING' AND expires_at <= :now ORDER BY expires_at LIMIT :l",
    )?;
    let rows = stmt.query_map(named_params! {":now": now, ":l": limit}, |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// CONFIRMED bookings whose show has ended.
pub fn due_for_completion(
    conn: &Connection,
    now: &str,
    limit: u32,
) -> Result<Vec<String>, BookingsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM bookings WHERE status = 'CONFIRMED' AND ends_at <= :now ORDER BY ends_at LIMIT :l",
    )?;
    let rows = stmt.query_map(named_params! {":now": now, ":l": limit}, |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every seat of a showtime taken by an active sale, pending or sold.
pub fn taken_in_showtime(
    conn: &Connection,
    showtime_id: &str,
) -> Result<Vec<(String, Taken)>, BookingsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.seat_id, b.status FROM booking_seats s JOIN bookings b ON b.id = s.booking_id
          WHERE s.showtime_id = :st AND s.active = 1",
    )?;
    let rows = stmt.query_map(named_params! {":st": showtime_id}, |r| {
        let status: String = r.get(1)?;
        Ok((
            r.get(0)?,
            if status == "PENDING" {
                Taken::Pending
            } else {
                Taken::Sold
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Seats in active sales per showtime.
pub fn taken_counts(conn: &mut Connection) -> Result<HashMap<String, u32>, BookingsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT showtime_id, COUNT(*) FROM booking_seats WHERE active = 1 GROUP BY showtime_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// An active sale of a seat, as a manager re-seating it sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SeatSale {
    pub booking_id: String,
    pub status: BookingStatus,
    pub showtime_id: String,
    pub movie_title: String,
    pub starts_at: String,
    pub seat_label: String,
    pub channel: String,
}

/// Active sales (pending or confirmed) of these seats in showtimes starting after `after`
/// (RFC 3339), soonest first.
pub fn sales_of_seats(
    conn: &Connection,
    seat_ids: &[String],
    after: &str,
) -> Result<Vec<SeatSale>, BookingsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.id, b.status, b.showtime_id, b.movie_title, b.starts_at, s.seat_label, b.channel
           FROM booking_seats s JOIN bookings b ON b.id = s.booking_id
          WHERE s.seat_id = :seat AND s.active = 1 AND b.starts_at > :after
            AND b.status IN ('PENDING', 'CONFIRMED')",
    )?;
    let mut out = Vec::new();
    for seat in seat_ids {
        let rows = stmt.query_map(named_params! {":seat": seat, ":after": after}, |r| {
            let status: String = r.get(1)?;
            Ok(SeatSale {
                booking_id: r.get(0)?,
                status: BookingStatus::parse(&status).unwrap_or(BookingStatus::Pending),
                showtime_id: r.get(2)?,
                movie_title: r.get(3)?,
                starts_at: r.get(4)?,
                seat_label: r.get(5)?,
                channel: r.get(6)?,
            })
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    out.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
    Ok(out)
}
