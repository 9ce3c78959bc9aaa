//! SQL of tills (bookings.db, beside the payments they account for). The only file here that
//! speaks SQL.

use super::movements::{MoveKind, Movement};
use super::zreport::{ClosedDay, Line, TillLine, ZReport};
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
        c.drops, c.pay_ins, c.pay_outs, c.expected_cash, c.counted_cash, c.variance
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
        drops: r.get("drops")?,
        pay_ins: r.get("pay_ins")?,
        pay_outs: r.get("pay_outs")?,
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

/// The sessions still open at a cinema, oldest first (the day close waits for them).
pub fn open_sessions_at(
    conn: &Connection,
    cinema_id: &str,
) -> Result<Vec<TillSession>, TillsError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SESSION_COLUMNS} FROM till_sessions
          WHERE cinema_id = :c AND closed_at IS NULL ORDER BY opened_at, id"
    ))?;
    let rows = stmt.query_map(named_params! {":c": cinema_id}, session_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
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

/// What the session took: the cash from its movements (sales, refunds, drops, pay-ins and
/// -outs), the card takings and the sale count from its successful payments.
pub fn session_totals(conn: &Connection, session_id: &str) -> Result<SessionTotals, TillsError> {
    let (card, n): (i64, i64) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(CASE WHEN method = 'CARD' THEN amount END), 0), COUNT(*)
               FROM payments WHERE till_session_id = :s AND status IN ('SUCCESS', 'REFUNDED')",
        )?
        .query_row(named_params! {":s": session_id}, |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(CASE WHEN kind = 'SALE' THEN amount END), 0) AS sales,
                    COALESCE(-SUM(CASE WHEN kind = 'REFUND' THEN amount END), 0) AS refunds,
                    COALESCE(-SUM(CASE WHEN kind = 'DROP' THEN amount END), 0) AS drops,
                    COALESCE(SUM(CASE WHEN kind = 'PAY_IN' THEN amount END), 0) AS pay_ins,
                    COALESCE(-SUM(CASE WHEN kind = 'PAY_OUT' THEN amount END), 0) AS pay_outs
               FROM till_movements WHERE session_id = :s",
        )?
        .query_row(named_params! {":s": session_id}, |r| {
            Ok(SessionTotals {
                cash_sales: r.get("sales")?,
                card_sales: card,
                cash_refunds: r.get("refunds")?,
                sale_count: n,
                drops: r.get("drops")?,
                pay_ins: r.get("pay_ins")?,
                pay_outs: r.get("pay_outs")?,
            })
        })?)
}

/// The sum of a session's cash movements: what the drawer should hold.
pub fn movements_sum(conn: &Connection, session_id: &str) -> Result<i64, TillsError> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(amount), 0) FROM till_movements WHERE session_id = :s",
        )?
        .query_row(named_params! {":s": session_id}, |r| r.get(0))?)
}

/// Record a cash movement (inside the caller's transaction); returns its id.
pub fn insert_movement(conn: &Connection, m: &Movement) -> Result<i64, TillsError> {
    conn.prepare_cached(
        "INSERT INTO till_movements (session_id, kind, amount, booking_id, payment_id, refund_id,
            actor_id, reason, created_at)
         VALUES (:s, :kind, :amount, :b, :p, :r, :actor, :reason, :at)",
    )?
    .execute(named_params! {
        ":s": m.session_id, ":kind": m.kind.as_str(), ":amount": m.amount, ":b": m.booking_id,
        ":p": m.payment_id, ":r": m.refund_id, ":actor": m.actor_id, ":reason": m.reason,
        ":at": m.created_at,
    })?;
    Ok(conn.last_insert_rowid())
}

/// A session's movements, oldest first.
pub fn movements(conn: &Connection, session_id: &str) -> Result<Vec<Movement>, TillsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, session_id, kind, amount, booking_id, payment_id, refund_id, actor_id, reason,
                created_at
           FROM till_movements WHERE session_id = :s ORDER BY id",
    )?;
    let rows = stmt.query_map(named_params! {":s": session_id}, |r| {
        let kind: String = r.get("kind")?;
        Ok(Movement {
            id: r.get("id")?,
            session_id: r.get("session_id")?,
            kind: MoveKind::parse(&kind).unwrap_or(MoveKind::PayIn),
            amount: r.get("amount")?,
            booking_id: r.get("booking_id")?,
            payment_id: r.get("payment_id")?,
            refund_id: r.get("refund_id")?,
            actor_id: r.get("actor_id")?,
            reason: r.get("reason")?,
            created_at: r.get("created_at")?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Open till sessions at a cinema.
pub fn open_at(conn: &Connection, cinema_id: &str) -> Result<i64, TillsError> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*) FROM till_sessions WHERE cinema_id = :c AND closed_at IS NULL",
        )?
        .query_row(named_params! {":c": cinema_id}, |r| r.get(0))?)
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
            drops, pay_ins, pay_outs, expected_cash, counted_cash, variance, closed_at)
         VALUES (:id, :cash, :card, :refunds, :n, :drops, :ins, :outs, :expected, :counted,
            :variance, :at)",
    )?
    .execute(named_params! {
        ":id": c.session_id, ":cash": c.cash_sales, ":card": c.card_sales,
        ":refunds": c.cash_refunds, ":n": c.sale_count, ":drops": c.drops, ":ins": c.pay_ins,
        ":outs": c.pay_outs, ":expected": c.expected_cash,
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

/// Whether the cinema's business day is closed.
pub fn day_closed(conn: &Connection, cinema_id: &str, date: &str) -> Result<bool, TillsError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM business_days WHERE cinema_id = :c AND business_date = :d")?
        .query_row(named_params! {":c": cinema_id, ":d": date}, |_| Ok(()))
        .optional()?
        .is_some())
}

/// Stamp with `day_id` everything of the cinema no closed day counted yet: its successful
/// payments, paid refunds and closed tills.
pub fn stamp_day(conn: &Connection, cinema_id: &str, day_id: &str) -> Result<(), TillsError> {
    let p = named_params! {":c": cinema_id, ":d": day_id};
    conn.prepare_cached(
        "UPDATE payments SET day_id = :d WHERE day_id IS NULL AND status IN ('SUCCESS','REFUNDED')
            AND booking_id IN (SELECT id FROM bookings WHERE cinema_id = :c)",
    )?
    .execute(p)?;
    conn.prepare_cached(
        "UPDATE refunds SET day_id = :d WHERE day_id IS NULL AND status = 'SUCCEEDED'
            AND cinema_id = :c",
    )?
    .execute(p)?;
    conn.prepare_cached(
        "UPDATE cash_ups SET day_id = :d WHERE day_id IS NULL
            AND session_id IN (SELECT id FROM till_sessions WHERE cinema_id = :c)",
    )?
    .execute(p)?;
    Ok(())
}

fn lines(conn: &Connection, sql: &str, day_id: &str) -> Result<Vec<Line>, TillsError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(named_params! {":d": day_id}, |r| {
        Ok(Line {
            key: r.get(0)?,
            count: r.get(1)?,
            amount: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The Z-report of the rows stamped with `day_id` (totals filled by the caller).
pub fn z_report(conn: &Connection, day_id: &str) -> Result<ZReport, TillsError> {
    let join = "FROM payments p JOIN bookings b ON b.id = p.booking_id WHERE p.day_id = :d";
    let by = |key: &str| {
        format!("SELECT {key}, COUNT(*), COALESCE(SUM(p.amount), 0) {join} GROUP BY 1 ORDER BY 3 DESC, 1")
    };
    let (discounts, promo, points): (i64, i64, i64) = conn
        .prepare_cached(&format!(
            "SELECT COALESCE(SUM(b.discount), 0), COALESCE(SUM(b.promo_discount), 0),
                    COALESCE(SUM(b.points_redeemed), 0) {join}"
        ))?
        .query_row(named_params! {":d": day_id}, |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.cashier_id, s.opened_at, c.closed_at, c.cash_sales, c.card_sales,
                c.cash_refunds, c.expected_cash, c.counted_cash, c.variance
           FROM cash_ups c JOIN till_sessions s ON s.id = c.session_id
          WHERE c.day_id = :d ORDER BY c.closed_at, s.id",
    )?;
    let tills = stmt
        .query_map(named_params! {":d": day_id}, |r| {
            Ok(TillLine {
                session_id: r.get(0)?,
                cashier_id: r.get(1)?,
                opened_at: r.get(2)?,
                closed_at: r.get(3)?,
                cash_sales: r.get(4)?,
                card_sales: r.get(5)?,
                cash_refunds: r.get(6)?,
                expected_cash: r.get(7)?,
                counted_cash: r.get(8)?,
                variance: r.get(9)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(ZReport {
        day_id: day_id.to_string(),
        cinema_id: String::new(),
        business_date: String::new(),
        timezone: String::new(),
        closed_at: String::new(),
        closed_by: String::new(),
        sales_by_tender: lines(conn, &by("p.method"), day_id)?,
        sales_by_channel: lines(conn, &by("b.channel"), day_id)?,
        sales_by_film: lines(conn, &by("b.movie_title"), day_id)?,
        refunds_by_tender: lines(
            conn,
            "SELECT method, COUNT(*), COALESCE(SUM(amount), 0) FROM refunds WHERE day_id = :d
              GROUP BY 1 ORDER BY 1",
            day_id,
        )?,
        discounts,
        promo_discounts: promo,
        points_redeemed: points,
        concessions: lines(
            conn,
            "SELECT bc.name, SUM(bc.qty), SUM(bc.qty * bc.unit_price * (1 - bc.free))
               FROM booking_concessions bc JOIN payments p ON p.booking_id = bc.booking_id
              WHERE p.day_id = :d GROUP BY 1 ORDER BY 2 DESC, 1",
            day_id,
        )?,
        tills,
        gross_sales: 0,
        refunds: 0,
        net: 0,
        variance: 0,
    })
}

/// Store a closed day (the table refuses any later change).
pub fn insert_day(conn: &Connection, d: &ClosedDay) -> Result<(), TillsError> {
    let report = serde_json::to_string(&d.report).map_err(|e| TillsError::Invalid {
        field: "report",
        problem: e.to_string(),
    })?;
    conn.prepare_cached(
        "INSERT INTO business_days (id, cinema_id, business_date, closed_at, closed_by, report)
         VALUES (:id, :c, :date, :at, :by, :report)",
    )?
    .execute(named_params! {
        ":id": d.id, ":c": d.cinema_id, ":date": d.business_date, ":at": d.closed_at,
        ":by": d.closed_by, ":report": report,
    })?;
    Ok(())
}

fn day_from_row(r: &Row<'_>) -> rusqlite::Result<ClosedDay> {
    let report: String = r.get("report")?;
    let report = serde_json::from_str(&report).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(ClosedDay {
        id: r.get("id")?,
        cinema_id: r.get("cinema_id")?,
        business_date: r.get("business_date")?,
        closed_at: r.get("closed_at")?,
        closed_by: r.get("closed_by")?,
        report,
    })
}

/// Closed days, newest first (of one cinema, or all).
pub fn days(
    conn: &Connection,
    cinema_id: Option<&str>,
    limit: u32,
) -> Result<Vec<ClosedDay>, TillsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, cinema_id, business_date, closed_at, closed_by, report FROM business_days
          WHERE (:c IS NULL OR cinema_id = :c) ORDER BY business_date DESC, closed_at DESC LIMIT :l",
    )?;
    let rows = stmt.query_map(named_params! {":c": cinema_id, ":l": limit}, day_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One closed day.
pub fn day(conn: &Connection, id: &str) -> Result<Option<ClosedDay>, TillsError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, cinema_id, business_date, closed_at, closed_by, report FROM business_days
              WHERE id = :id",
        )?
        .query_row(named_params! {":id": id}, day_from_row)
        .optional()?)
}
