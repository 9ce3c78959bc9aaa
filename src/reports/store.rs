//! SQL of the figures. The breakdowns are one query over three relations every source
//! provides: `b` (bookings: site_id, booking_id, showtime_id, status, movie_title, starts_at,
//! created_at, seats, channel, hall_name), `p` (successful payments: site_id, booking_id, method, amount) and `r`
//! (succeeded refunds, same columns). A site builds them from its ledger (here), central from
//! what its sites pushed (the sync store); the breakdowns cannot differ.

use super::figures::{Figures, Line, Range};
use rusqlite::{named_params, Connection};

/// The site's own ledger as the three relations (bookings.db).
const SITE_SOURCES: &str = "
  b AS (SELECT :site AS site_id, id AS booking_id, showtime_id, status, movie_title,
               starts_at, created_at, channel, hall_name,
               (SELECT count(*) FROM booking_seats s WHERE s.booking_id = bookings.id) AS seats
          FROM bookings WHERE date(created_at, :offset) BETWEEN :from AND :to),
  p AS (SELECT :site AS site_id, booking_id, method, amount FROM payments
         WHERE status IN ('SUCCESS', 'REFUNDED')),
  r AS (SELECT :site AS site_id, booking_id, method, amount FROM refunds
         WHERE status = 'SUCCEEDED')";

/// What each booking brought in and gave back.
const PER_BOOKING: &str = ",
  bb AS (SELECT b.*,
           COALESCE((SELECT sum(amount) FROM p
                      WHERE p.site_id = b.site_id AND p.booking_id = b.booking_id), 0) AS paid,
           COALESCE((SELECT sum(amount) FROM r
                      WHERE r.site_id = b.site_id AND r.booking_id = b.booking_id), 0) AS back,
           CASE WHEN b.status IN ('CONFIRMED', 'COMPLETED') THEN b.seats ELSE 0 END AS adm
         FROM b)";

/// One breakdown: lines grouped by `key`, shown as `label`.
fn breakdown(
    conn: &Connection,
    sources: &str,
    key: &str,
    label: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
) -> rusqlite::Result<Vec<Line>> {
    let sql = format!(
        "WITH {sources}{PER_BOOKING}
         SELECT {key} AS k, max({label}), sum(paid > 0), sum(adm), sum(paid), sum(back)
           FROM bb GROUP BY k HAVING sum(paid) > 0 OR sum(adm) > 0 OR sum(back) > 0 ORDER BY k"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, line)?;
    rows.collect()
}

fn line(r: &rusqlite::Row<'_>) -> rusqlite::Result<Line> {
    Ok(Line {
        key: r.get(0)?,
        label: r.get(1)?,
        bookings: r.get(2)?,
        admissions: r.get(3)?,
        revenue: r.get(4)?,
        refunds: r.get(5)?,
    })
}

fn by_tender(
    conn: &Connection,
    sources: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
) -> rusqlite::Result<Vec<Line>> {
    let sql = format!(
        "WITH {sources}
         SELECT method, method, sum(n), 0, sum(taken), sum(back) FROM (
           SELECT p.method, 1 AS n, p.amount AS taken, 0 AS back
             FROM p JOIN b ON b.site_id = p.site_id AND b.booking_id = p.booking_id
           UNION ALL
           SELECT r.method, 0, 0, r.amount
             FROM r JOIN b ON b.site_id = r.site_id AND b.booking_id = r.booking_id)
         GROUP BY method ORDER BY method"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, line)?;
    rows.collect()
}

/// Every breakdown over `sources`, the site lines labelled by `site_label`.
pub fn figures_over(
    conn: &Connection,
    sources: &str,
    site_label: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
) -> rusqlite::Result<Figures> {
    let day = "date(created_at, :offset)";
    Ok(Figures {
        by_site: breakdown(conn, sources, "site_id", site_label, params)?,
        by_day: breakdown(conn, sources, day, day, params)?,
        by_film: breakdown(conn, sources, "movie_title", "movie_title", params)?,
        by_hall: breakdown(
            conn,
            sources,
            "site_id || '/' || hall_name",
            "hall_name",
            params,
        )?,
        by_channel: breakdown(conn, sources, "channel", "channel", params)?,
        by_tender: by_tender(conn, sources, params)?,
        by_showtime: breakdown(
            conn,
            sources,
            "site_id || '/' || showtime_id",
            "movie_title || ' · ' || starts_at",
            params,
        )?,
        ..Figures::default()
    }
    .with_totals())
}

/// The figures of this site's own ledger (bookings.db), its lines keyed by `site_id`.
pub fn site_figures(conn: &Connection, site_id: &str, range: &Range) -> rusqlite::Result<Figures> {
    let params = named_params! {
        ":site": site_id, ":from": range.from, ":to": range.to, ":offset": range.offset,
    };
    let mut f = figures_over(conn, SITE_SOURCES, "site_id", params)?;
    f.from = range.from.clone();
    f.to = range.to.clone();
    Ok(f)
}

/// One seat sold (confirmed or completed) in a showtime, and when it was confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatSold {
    pub showtime_id: String,
    pub seat_id: String,
    /// RFC 3339; the booking's creation time when it has no confirmation time.
    pub confirmed_at: String,
}

/// The seats sold in these showtimes (for the seat heat map).
pub fn seats_sold(conn: &Connection, showtime_ids: &[String]) -> rusqlite::Result<Vec<SeatSold>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.showtime_id, s.seat_id, COALESCE(b.confirmed_at, b.created_at)
           FROM booking_seats s JOIN bookings b ON b.id = s.booking_id
          WHERE s.showtime_id = :st AND s.active = 1 AND b.status IN ('CONFIRMED', 'COMPLETED')",
    )?;
    let mut out = Vec::new();
    for id in showtime_ids {
        let rows = stmt.query_map(named_params! {":st": id}, |r| {
            Ok(SeatSold {
                showtime_id: r.get(0)?,
                seat_id: r.get(1)?,
                confirmed_at: r.get(2)?,
            })
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// One concession item's sales over a range.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ItemSold {
    pub item_id: String,
    pub name: String,
    /// Sold for money.
    pub qty: i64,
    /// Given by a FREE_ITEM code.
    pub free_qty: i64,
    /// VND taken for them.
    pub revenue: i64,
}

/// Concessions of paid bookings (with seats or sold alone) made in `range`, most sold first.
pub fn concessions_sold(conn: &Connection, range: &Range) -> rusqlite::Result<Vec<ItemSold>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.item_id, max(c.name),
                sum(CASE WHEN c.free = 0 THEN c.qty ELSE 0 END),
                sum(CASE WHEN c.free = 1 THEN c.qty ELSE 0 END),
                sum(CASE WHEN c.free = 0 THEN c.qty * c.unit_price ELSE 0 END)
           FROM booking_concessions c JOIN bookings b ON b.id = c.booking_id
          WHERE b.status IN ('CONFIRMED', 'COMPLETED')
            AND date(b.created_at, :offset) BETWEEN :from AND :to
          GROUP BY c.item_id
          ORDER BY 3 DESC, 2",
    )?;
    let rows = stmt.query_map(
        named_params! {":from": range.from, ":to": range.to, ":offset": range.offset},
        |r| {
            Ok(ItemSold {
                item_id: r.get(0)?,
                name: r.get(1)?,
                qty: r.get(2)?,
                free_qty: r.get(3)?,
                revenue: r.get(4)?,
            })
        },
    )?;
    rows.collect()
}

/// (status, count) lines.
pub type Counts = Vec<(String, i64)>;

/// Bookings per status and payments per status, for `/metrics`.
pub fn status_counts(conn: &Connection) -> rusqlite::Result<(Counts, Counts)> {
    let count = |sql: &str| -> rusqlite::Result<Counts> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    };
    Ok((
        count("SELECT status, count(*) FROM bookings GROUP BY status ORDER BY status")?,
        count("SELECT status, count(*) FROM payments GROUP BY status ORDER BY status")?,
    ))
}
