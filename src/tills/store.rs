//! SQL of tills (bookings.db, beside the payments they account for). The only file here that
//! speaks SQL.

use super::{CashUp, CashUpFilter, SessionTotals, TillSession, TillsError};
use rusqlite::{named_params, Connection, OptionalExtension, Row};

const SESSION_COLUMNS: &str =
    "id, cashier_id, cinema_id, opened_at, opening_float, closed_at, counted_cash";

fn session_from_row(r: &Row<'_>) -> rusqlite::Result<TillSession> {
    Ok(TillSession {
        id: r.get("id")?,
        cashier_id: r.get("cashier_id")?,
        cinema_id: r.get("cinema_id")?,
        opened_at: r.get("opened_at")?,
        opening_float: r.get("opening_float")?,
        closed_at: r.get("closed_at")?,
        counted_cash: r.get("counted_cash")?,
    })
}

const CASH_UP_SELECT: &str = "SELECT s.id AS session_id, s.cashier_id, s.cinema_id, s.opened_at,
        c.closed_at, s.opening_float, c.cash_sales, c.card_sales, c.cash_refunds, c.sale_count,
        c.expected_cash, c.counted_cash, c.variance
   FROM cash_ups c JOIN till_sessions s ON s.id = c.session_id";

fn cash_up_from_row(r: &Row<'_>) -> rusqlite::Result<CashUp> {
    Ok(CashUp {
        session_id: r.get("session_id")?,
        cashier_id: r.get("cashier_id")?,
        cinema_id: r.get("cinema_id")?,
        opened_at: r.get("opened_at")?,
        closed_at: r.get("closed_at")?,
        opening_float: r.get("opening_float")?,
        cash_sales: r.get("cash_sales")?,
        card_sales: r.get("card_sales")?,
        cash_refunds: r.get("cash_refunds")?,
        sale_count: r.get("sale_count")?,
        expected_cash: r.get("expected_cash")?,
        counted_cash: r.get("counted_cash")?,
        variance: r.get("variance")?,
    })
}

/// The cashier's open till session, if any.
pub fn open_of(conn: &Connection, cashier_id: &str) -> Result<Option<TillSession>, TillsError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM till_sessions WHERE cashier_id = :c AND closed_at IS NULL"
        ))?
        .query_row(named_params! {":c": cashier_id}, session_from_row)
        .optional()?)
}

/// Store a new open session. The partial unique index refuses a second open till.
pub fn insert_session(conn: &Connection, s: &TillSession) -> Result<(), TillsError> {
    let res = conn
        .prepare_cached(&format!(
            "INSERT INTO till_sessions ({SESSION_COLUMNS})
             VALUES (:id, :cashier, :cinema, :opened, :float, NULL, NULL)"
        ))?
        .execute(named_params! {
            ":id": s.id, ":cashier": s.cashier_id, ":cinema": s.cinema_id,
            ":opened": s.opened_at, ":float": s.opening_float,
        });
    match res {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(TillsError::AlreadyOpen {
                opened_at: s.opened_at.clone(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// What the session took: successful CASH and CARD payments attributed to it. Cash refunds
/// are paid out of a till only by the refunds flow, which has no records yet, so none are
/// counted here until it writes them.
pub fn session_totals(conn: &Connection, session_id: &str) -> Result<SessionTotals, TillsError> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(CASE WHEN method = 'CASH' THEN amount END), 0) AS cash,
                    COALESCE(SUM(CASE WHEN method = 'CARD' THEN amount END), 0) AS card,
                    COUNT(*) AS n
               FROM payments WHERE till_session_id = :s AND status = 'SUCCESS'",
        )?
        .query_row(named_params! {":s": session_id}, |r| {
            Ok(SessionTotals {
                cash_sales: r.get("cash")?,
                card_sales: r.get("card")?,
                cash_refunds: 0,
                sale_count: r.get("n")?,
            })
        })?)
}

/// Close a session with its count and store the cash-up (inside the caller's transaction).
pub fn close(conn: &Connection, c: &CashUp) -> Result<(), TillsError> {
    let changed = conn
        .prepare_cached(
            "UPDATE till_sessions SET closed_at = :at, counted_cash = :counted
              WHERE id = :id AND closed_at IS NULL",
        )?
        .execute(
            named_params! {":id": c.session_id, ":at": c.closed_at, ":counted": c.counted_cash},
        )?;
    if changed == 0 {
        return Err(TillsError::NoOpenTill);
    }
    conn.prepare_cached(
        "INSERT INTO cash_ups (session_id, cash_sales, card_sales, cash_refunds, sale_count,
            expected_cash, counted_cash, variance, closed_at)
         VALUES (:id, :cash, :card, :refunds, :n, :expected, :counted, :variance, :at)",
    )?
    .execute(named_params! {
        ":id": c.session_id, ":cash": c.cash_sales, ":card": c.card_sales,
        ":refunds": c.cash_refunds, ":n": c.sale_count, ":expected": c.expected_cash,
        ":counted": c.counted_cash, ":variance": c.variance, ":at": c.closed_at,
    })?;
    Ok(())
}

/// One cash-up by its session id.
pub fn cash_up(conn: &Connection, session_id: &str) -> Result<Option<CashUp>, TillsError> {
    Ok(conn
        .prepare_cached(&format!("{CASH_UP_SELECT} WHERE c.session_id = :s"))?
        .query_row(named_params! {":s": session_id}, cash_up_from_row)
        .optional()?)
}

/// One page of cash-ups, newest first, with the total count.
pub fn cash_ups(conn: &Connection, f: &CashUpFilter) -> Result<(Vec<CashUp>, i64), TillsError> {
    let where_sql = "WHERE (:cashier IS NULL OR s.cashier_id = :cashier)
        AND (:cinema IS NULL OR s.cinema_id = :cinema)";
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM cash_ups c JOIN till_sessions s ON s.id = c.session_id {where_sql}"
        ))?
        .query_row(
            named_params! {":cashier": f.cashier_id, ":cinema": f.cinema_id},
            |r| r.get(0),
        )?;
    let mut stmt = conn.prepare_cached(&format!(
        "{CASH_UP_SELECT} {where_sql} ORDER BY c.closed_at DESC, c.session_id DESC
         LIMIT :limit OFFSET :offset"
    ))?;
    let rows = stmt.query_map(
        named_params! {":cashier": f.cashier_id, ":cinema": f.cinema_id,
        ":limit": f.limit, ":offset": f.offset},
        cash_up_from_row,
    )?;
    Ok((rows.collect::<Result<_, _>>()?, total))
}
