//! Central's figures: what its sites pushed, as the three relations the reports' breakdowns
//! read (see [`crate::reports::store`]).

use crate::reports::{store::figures_over, Figures, Range};
use rusqlite::{named_params, Connection};

const CENTRAL_SOURCES: &str = "
  b AS (SELECT site_id, booking_id, showtime_id, status, movie_title, starts_at, created_at,
               seats
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
    Ok(f)
}
