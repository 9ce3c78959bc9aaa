//! SQL of refunds (bookings.db): the policy table, the reasons and the refund records.

use super::{Reason, Refund, RefundStatus, RefundsError, Tier};
use rusqlite::{named_params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, booking_id, payment_id, cinema_id, method, amount, percent,
    points_returned, quote, reason_code, note, status, requested_by, approved_by, approval_via,
    approved_at, till_session_id, card_reference, attempts, last_error, provider_txn_no,
    response_code, created_at, updated_at, completed_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Refund> {
    let status: String = r.get("status")?;
    let quote: String = r.get("quote")?;
    Ok(Refund {
        id: r.get("id")?,
        booking_id: r.get("booking_id")?,
        payment_id: r.get("payment_id")?,
        cinema_id: r.get("cinema_id")?,
        method: r.get("method")?,
        amount: r.get("amount")?,
        percent: r.get("percent")?,
        points_returned: r.get("points_returned")?,
        quote: serde_json::from_str(&quote).unwrap_or(serde_json::Value::Null),
        reason_code: r.get("reason_code")?,
        note: r.get("note")?,
        status: RefundStatus::parse(&status).unwrap_or(RefundStatus::Failed),
        requested_by: r.get("requested_by")?,
        approved_by: r.get("approved_by")?,
        approval_via: r.get("approval_via")?,
        approved_at: r.get("approved_at")?,
        till_session_id: r.get("till_session_id")?,
        card_reference: r.get("card_reference")?,
        attempts: r.get("attempts")?,
        last_error: r.get("last_error")?,
        provider_txn_no: r.get("provider_txn_no")?,
        response_code: r.get("response_code")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        completed_at: r.get("completed_at")?,
    })
}

/// The policy table, largest threshold first.
pub fn policy(conn: &Connection) -> Result<Vec<Tier>, RefundsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT min_minutes_before, percent FROM refund_policy ORDER BY min_minutes_before DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Tier {
            min_minutes_before: r.get(0)?,
            percent: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replace the policy table (already validated).
pub fn set_policy(conn: &Connection, tiers: &[Tier]) -> Result<(), RefundsError> {
    conn.execute("DELETE FROM refund_policy", [])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO refund_policy (min_minutes_before, percent) VALUES (?1, ?2)",
    )?;
    for t in tiers {
        stmt.execute((t.min_minutes_before, t.percent))?;
    }
    Ok(())
}

/// The active reasons, customer ones first.
pub fn reasons(conn: &Connection) -> Result<Vec<Reason>, RefundsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, label_vi, label_en, staff FROM refund_reasons WHERE active = 1
          ORDER BY staff, code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Reason {
            code: r.get(0)?,
            label_vi: r.get(1)?,
            label_en: r.get(2)?,
            staff: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Store a new refund. A second open refund of the same booking or payment is refused by the
/// unique indexes: `Conflict`.
pub fn insert(conn: &Connection, f: &Refund) -> Result<(), RefundsError> {
    let res = conn
        .prepare_cached(&format!(
            "INSERT INTO refunds ({COLUMNS}) VALUES (:id, :b, :p, :cinema, :method, :amount,
             :percent, :points, :quote, :reason, :note, :status, :by, :approved_by, :via,
             :approved_at, :till, :card, :attempts, :err, :txn, :code, :created, :updated, :done)"
        ))?
        .execute(named_params! {
            ":id": f.id, ":b": f.booking_id, ":p": f.payment_id, ":cinema": f.cinema_id,
            ":method": f.method, ":amount": f.amount, ":percent": f.percent,
            ":points": f.points_returned, ":quote": f.quote.to_string(), ":reason": f.reason_code,
            ":note": f.note, ":status": f.status.as_str(), ":by": f.requested_by,
            ":approved_by": f.approved_by, ":via": f.approval_via, ":approved_at": f.approved_at,
            ":till": f.till_session_id, ":card": f.card_reference, ":attempts": f.attempts,
            ":err": f.last_error, ":txn": f.provider_txn_no, ":code": f.response_code,
            ":created": f.created_at, ":updated": f.updated_at, ":done": f.completed_at,
        });
    match res {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(RefundsError::Conflict(format!(
                "booking {} already has a refund in progress or done",
                f.booking_id
            )))
        }
        Err(e) => Err(e.into()),
    }
}

/// Write a refund's changing fields, if it is still in `from` (`false` when it moved on).
pub fn update(conn: &Connection, f: &Refund, from: RefundStatus) -> Result<bool, RefundsError> {
    let n = conn
        .prepare_cached(
            "UPDATE refunds SET status = :status, approved_by = :approved_by, approval_via = :via,
                approved_at = :approved_at, till_session_id = :till, card_reference = :card,
                attempts = :attempts, last_error = :err, provider_txn_no = :txn,
                response_code = :code, updated_at = :updated, completed_at = :done
              WHERE id = :id AND status = :from",
        )?
        .execute(named_params! {
            ":id": f.id, ":status": f.status.as_str(), ":approved_by": f.approved_by,
            ":via": f.approval_via, ":approved_at": f.approved_at, ":till": f.till_session_id,
            ":card": f.card_reference, ":attempts": f.attempts, ":err": f.last_error,
            ":txn": f.provider_txn_no, ":code": f.response_code, ":updated": f.updated_at,
            ":done": f.completed_at, ":from": from.as_str(),
        })?;
    Ok(n == 1)
}

/// One refund.
pub fn by_id(conn: &Connection, id: &str) -> Result<Option<Refund>, RefundsError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM refunds WHERE id = :id"))?
        .query_row(named_params! {":id": id}, from_row)
        .optional()?)
}

/// A booking's refunds, newest first.
pub fn of_booking(conn: &Connection, booking_id: &str) -> Result<Vec<Refund>, RefundsError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM refunds WHERE booking_id = :b ORDER BY created_at DESC, id DESC"
    ))?;
    let rows = stmt.query_map(named_params! {":b": booking_id}, from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One page of refunds (all, or in one status), newest first, with the total count.
pub fn page(
    conn: &Connection,
    status: Option<RefundStatus>,
    limit: u32,
    offset: i64,
) -> Result<(Vec<Refund>, i64), RefundsError> {
    let s = status.map(RefundStatus::as_str);
    let total: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM refunds WHERE (:s IS NULL OR status = :s)")?
        .query_row(named_params! {":s": s}, |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM refunds WHERE (:s IS NULL OR status = :s)
          ORDER BY created_at DESC, id DESC LIMIT :l OFFSET :o"
    ))?;
    let rows = stmt.query_map(named_params! {":s": s, ":l": limit, ":o": offset}, from_row)?;
    Ok((rows.collect::<Result<_, _>>()?, total))
}

/// VNPay refunds to send again: FAILED ones, and PENDING ones whose call was started before
/// `stale_before` and never answered (the process stopped mid-call).
pub fn due_for_retry(
    conn: &Connection,
    stale_before: &str,
    limit: u32,
) -> Result<Vec<String>, RefundsError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM refunds WHERE method = 'VNPAY' AND amount > 0
            AND status IN ('FAILED', 'PENDING') AND updated_at < :t
          ORDER BY updated_at LIMIT :l",
    )?;
    let rows = stmt.query_map(named_params! {":t": stale_before, ":l": limit}, |r| {
        r.get(0)
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
