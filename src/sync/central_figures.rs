//! Central's figures: what its sites pushed, as the three relations the reports' breakdowns
//! read (see [`crate::reports::store`]).

use crate::reports::{store::figures_over, Figures, Occupancy, Range};
use rusqlite::{named_params, Connection};

const CENTRAL_SOURCES: &str = "
  b AS (SELECT site_id, booking_id, showtime_id, status, movie_title, starts_at, created_at,
               seats, channel, hall_name
          FROM c_bookings WHERE date(created_at, :offset) BETWEEN :from AND :to),
  p AS (SELECT site_id, booking_id, method, amount FROM c_payments
         WHERE status IN ('SUCCESS', 'REFUNDED')),
  r AS (SELECT site_id, booking_id, method, amount FROM c_refunds WHERE status = 'SUCCEEDED')";

/// Every breakdown of `range`, the site lines labelled with the site's name.
pub fn figures(conn: &Connection, range: &Range) -> rusqlite::Result<Figures> {
    let params = named_params! {":from": range.from, ":to": range.to, ":offset": range.offset};
    let mut f = figures_over(
        conn,
        CENTRAL_SOURCES,
        "COALESCE((SELECT name FROM sites WHERE sites.id = bb.site_id), site_id)",
        params,
    )?;
    f.from = range.from.clone();
    f.to = range.to.clone();
    f.occupancy = occupancy(conn, range)?;
    Ok(f)
}

/// Seats taken of each showtime starting in `range` that head office knows of.
fn occupancy(conn: &Connection, range: &Range) -> rusqlite::Result<Vec<Occupancy>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.site_id || '/' || s.showtime_id,
                COALESCE((SELECT name FROM sites WHERE sites.id = s.site_id), s.site_id),
                s.movie_title || ' · ' || s.starts_at,
                COALESCE((SELECT sum(b.seats) FROM c_bookings b
                           WHERE b.site_id = s.site_id AND b.showtime_id = s.showtime_id
                             AND b.status IN ('CONFIRMED', 'COMPLETED')), 0),
                s.capacity
           FROM c_showtimes s
          WHERE date(s.starts_at, :offset) BETWEEN :from AND :to
          ORDER BY s.starts_at, 2",
    )?;
    let rows = stmt.query_map(
        named_params! {":from": range.from, ":to": range.to, ":offset": range.offset},
        |r| {
            Ok(Occupancy {
                key: r.get(0)?,
                site: r.get(1)?,
                label: r.get(2)?,
                admissions: r.get(3)?,
                capacity: r.get(4)?,
            })
        },
    )?;
    rows.collect()
}
